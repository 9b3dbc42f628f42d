/*
 * chat.h: the visitor chat program (cgi-bin/chat), split by concern:
 * chat.c (routes, config, start, messages, long-poll), state.c (typing,
 * sleep, close, page data), files.c (uploads and downloads), transcript.c
 * (transcript, e-mail, history).
 */
#ifndef CHAT_H
#define CHAT_H

#include "pl_chat.h"
#include "pl_site.h"
#include "pl_req.h"
#include "pl_visitors.h"

/* Parameter keys shared by all chat routes' tables. */
enum key {
	KEY_SITE, KEY_CHAT, KEY_TOKEN, KEY_DEPT, KEY_LANG, KEY_FROM,
	KEY_DIRECT, KEY_CONSENT, KEY_CONSENT_VERSION, KEY_PAGE, KEY_TITLE,
	KEY_VISITOR_TOKEN, KEY_CLIENT_ID, KEY_TEXT, KEY_AFTER, KEY_VERSION,
	KEY_WAIT, KEY_TYPING, KEY_SLEEP, KEY_NAME, KEY_EMAIL, KEY_FILE,
	KEY_FORMAT, KEY_START_ID, KEY_TRACKED, KEY_TRACK_ID, KEY_INVITATION,
	KEY__MAX
};

extern const struct pl_param chat_params[KEY__MAX];

/* The visitor of the request (by the chat's token) and the chat's id. */
void			chat_actor(struct pl_req *, struct pl_actor *);
unsigned long long	chat_id(struct pl_req *);
/*
 * Read the request's chat, checking its token. On failure the answer
 * (404 or 503) is set and -1 returned.
 */
int	chat_auth(struct pl_req *, struct pl_chat *);

/*
 * The page address of the request as the site keeps it: origin and path
 * only, unless the site keeps query strings. NULL when none was given;
 * buf holds it. *rc PL_OK or PL_EDB.
 */
const char	*chat_page(struct pl_req *, char *buf, size_t sz, int *rc);

void	h_typing(struct pl_req *);
void	h_sleep(struct pl_req *);
void	h_close(struct pl_req *);
void	h_data(struct pl_req *);
void	h_upload(struct pl_req *);
void	h_file(struct pl_req *);
void	h_transcript(struct pl_req *);
void	h_transcript_mail(struct pl_req *);
void	h_history(struct pl_req *);
void	h_history_chat(struct pl_req *);
/* invite.c: invitations, as the visitor's widget sees them */
void	h_invitation(struct pl_req *);
void	h_invitation_decline(struct pl_req *);
/*
 * The request's visitor as its page views know it (pl_visitor_hash):
 * PL_OK, PL_ENOTFOUND (not counted), PL_EDB.
 */
int	chat_track_hash(struct pl_req *, char hash[PL_VISITOR_HASH]);

#endif
