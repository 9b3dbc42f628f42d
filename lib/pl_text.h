/*
 * pl_text.h: the texts the server itself writes (system messages in a
 * chat, the image button, transcript and e-mail headings), keyed by
 * language. A language without a text falls back to English. Adding a
 * language is one table in pl_text.c; no other file changes.
 */
#ifndef PL_TEXT_H
#define PL_TEXT_H

#include <stddef.h>

enum pl_text_id {
	PL_TX_JOINED,		/* "%s joined the chat." (operator name) */
	PL_TX_CLOSED_BY,	/* "%s closed the chat." */
	PL_TX_VISITOR_CLOSED,	/* the visitor closed it */
	PL_TX_TRANSFER_OP,	/* "Transferred to %s." */
	PL_TX_A_COLLEAGUE,	/* the name when a colleague has none */
	PL_TX_AN_OPERATOR,	/* the name when the acting operator has none */
	PL_TX_TRANSFER_DEPT,	/* to another department's queue */
	PL_TX_BUTTON_ONLINE,	/* the SVG availability button */
	PL_TX_BUTTON_OFFLINE,
	PL_TX_TRANSCRIPT,	/* transcript heading and mail subject */
	PL_TX_OPERATOR,		/* an operator without a name, in a transcript */
	PL_TX_YOU,		/* the visitor, in a transcript */
	PL_TX_FILE,		/* "[file: NAME]" */
	PL_TX_MAIL_COPY,	/* the first lines of a mailed transcript (%s: the site) */
	PL_TX_NOBODY,		/* a waiting chat nobody took, closed */
	PL_TX_DISMISSED,	/* a waiting chat an operator closed unanswered */
	/* contact requests (pl_contact.c) */
	PL_TX_F_NAME,		/* the built-in fields' labels */
	PL_TX_F_EMAIL,
	PL_TX_F_MESSAGE,
	PL_TX_F_CHAT,		/* the conversation a request was made of */
	PL_TX_C_SUBJECT,	/* "Contact request: %s" (name or address) */
	PL_TX_C_INTRO,		/* "A visitor left a message on %s." */
	PL_TX_C_PAGE,
	PL_TX_C_LANG,
	PL_TX_C_RECEIVED,
	PL_TX_C_CONSENT,	/* "Consent given to the text of version %s" */
	PL_TX_C_CONSOLE,	/* "Request %s: read and answer it in the operator console." */
	PL_TX_C_COPY_SUBJECT,	/* "Your message to %s" */
	PL_TX_C_COPY_INTRO,	/* a copy for the visitor (%s: the site) */
	PL_TX_C_REPLY_SUBJECT,	/* "Re: your message to %s" */
	PL_TX_C_HANDED_OVER,	/* in the chat it was made of */
	PL_TX_C_VISITOR,	/* the visitor, in a chat mailed to the site */
	PL_TX__MAX
};

/* The text in lang ("de", "de-AT", ...; NULL: English). Never NULL. */
const char	*pl_text(const char *lang, enum pl_text_id);

/*
 * The text with its "%s" replaced by arg, into buf (truncated to sz).
 * Returns buf.
 */
const char	*pl_text_fill(char *buf, size_t sz, const char *lang,
		    enum pl_text_id, const char *arg);

/* The language pl_text() uses for lang: "en", "de", ... */
const char	*pl_text_lang(const char *lang);

#endif
