/*
 * operator.h: the operator program (cgi-bin/operator): account and
 * presence (operator.c), the console's poll and the chat actions
 * (console.c), canned answers (canned.c), the team list (team.c) and
 * contact requests (contacts.c). Every route but login needs a session; every POST also
 * needs the session's CSRF token. The site is the session's, never a
 * parameter; chats are visible only in the operator's departments.
 */
#ifndef OPERATOR_H
#define OPERATOR_H

#include "pl_chat.h"
#include "pl_req.h"
#include "pl_session.h"

enum key {
	KEY_SITE, KEY_LOGIN, KEY_PASSWORD, KEY_NEW_PASSWORD, KEY_STATUS,
	KEY_DEPT, KEY_CURSOR, KEY_WAIT, KEY_CHAT, KEY_AFTER, KEY_CLIENT_ID,
	KEY_TEXT, KEY_TYPING, KEY_TO_OPERATOR, KEY_TO_DEPT, KEY_NOTE, KEY_FLAG,
	KEY_SHORTCUT, KEY_FILE, KEY_NAME, KEY_SOUND, KEY_SEQS, KEY_SCOPE,
	KEY_ID, KEY_CSTATUS, KEY_FILTER, KEY_BEFORE, KEY_LIMIT, KEY_BODY, KEY_VISITOR,
	KEY__MAX
};

extern const struct pl_param op_params[KEY__MAX];

/* The session's operator as the domain layer's actor. */
void	op_actor(struct pl_req *, const struct pl_session *, struct pl_actor *);
/* The operator's presence rows as JSON; NULL on a database error. */
struct cJSON	*op_presence_json(struct pl_req *, const struct pl_session *);

void	h_poll(struct pl_req *);
void	h_accept(struct pl_req *);
void	h_messages(struct pl_req *);
void	h_send(struct pl_req *);
void	h_typing(struct pl_req *);
void	h_transfer(struct pl_req *);
void	h_close(struct pl_req *);
void	h_contract(struct pl_req *);
void	h_detail(struct pl_req *);
void	h_file(struct pl_req *);
void	h_upload(struct pl_req *);
void	h_close_similar(struct pl_req *);
/* canned.c: canned answers, shared and personal */
void	h_canned(struct pl_req *);
void	h_canned_set(struct pl_req *);
void	h_canned_delete(struct pl_req *);
/* team.c: the site's operators for transfers */
void	h_team(struct pl_req *);
/* contacts.c: the site's contact requests */
void	h_contacts(struct pl_req *);
void	h_contact(struct pl_req *);
void	h_contact_status(struct pl_req *);
void	h_contact_reply(struct pl_req *);
/* visitors.c: who is on the site now, invitations */
void	h_visitors(struct pl_req *);
void	h_invite(struct pl_req *);

#endif
