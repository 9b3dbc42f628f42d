/*
 * pl_text.c: the server's own texts, one table per language.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pl_text.h"

static const char *const en[PL_TX__MAX] = {
	[PL_TX_JOINED] = "%s joined the chat.",
	[PL_TX_CLOSED_BY] = "%s closed the chat.",
	[PL_TX_VISITOR_CLOSED] = "The visitor closed the chat.",
	[PL_TX_TRANSFER_OP] = "Transferred to %s.",
	[PL_TX_A_COLLEAGUE] = "a colleague",
	[PL_TX_AN_OPERATOR] = "An operator",
	[PL_TX_TRANSFER_DEPT] = "Transferred to another department.",
	[PL_TX_BUTTON_ONLINE] = "Live chat: online",
	[PL_TX_BUTTON_OFFLINE] = "Live chat: offline",
	[PL_TX_TRANSCRIPT] = "Chat transcript",
	[PL_TX_OPERATOR] = "Operator",
	[PL_TX_YOU] = "You",
	[PL_TX_FILE] = "file",
	[PL_TX_MAIL_COPY] = "This is an automatic copy of your chat on %s, sent because it was"
	    " asked for in the chat window. If you did not ask for it, you can ignore"
	    " this message; nobody reads replies to it.",
	[PL_TX_NOBODY] = "Nobody could take your chat just now. Please leave us a message"
	    " instead; we will answer as soon as we can.",
	[PL_TX_DISMISSED] = "This chat was closed.",
	[PL_TX_F_NAME] = "Name",
	[PL_TX_F_EMAIL] = "E-mail",
	[PL_TX_F_MESSAGE] = "Message",
	[PL_TX_F_CHAT] = "The chat so far",
	[PL_TX_C_SUBJECT] = "Contact request: %s",
	[PL_TX_C_INTRO] = "A visitor left a message on %s while nobody was online.",
	[PL_TX_C_PAGE] = "Page",
	[PL_TX_C_LANG] = "Language",
	[PL_TX_C_RECEIVED] = "Received",
	[PL_TX_C_CONSENT] = "Consent given to the privacy text of version %s.",
	[PL_TX_C_CONSOLE] = "Request %s: read and answer it in the operator console"
	    " (a reply to this mail goes to the visitor).",
	[PL_TX_C_COPY_SUBJECT] = "Your message to %s",
	[PL_TX_C_COPY_INTRO] = "Thank you for your message to %s. We received it and will"
	    " answer by e-mail. This copy was sent because it was asked for in the"
	    " contact form; if you did not, you can ignore it. What you sent:",
	[PL_TX_C_REPLY_SUBJECT] = "Re: your message to %s",
	[PL_TX_C_HANDED_OVER] = "You left us a message. We will answer by e-mail.",
	[PL_TX_C_VISITOR] = "Visitor",
};

static const char *const de[PL_TX__MAX] = {
	[PL_TX_JOINED] = "%s ist dem Chat beigetreten.",
	[PL_TX_CLOSED_BY] = "%s hat den Chat beendet.",
	[PL_TX_VISITOR_CLOSED] = "Der Besucher hat den Chat beendet.",
	[PL_TX_TRANSFER_OP] = "Weitergeleitet an %s.",
	[PL_TX_A_COLLEAGUE] = "eine Kollegin oder einen Kollegen",
	[PL_TX_AN_OPERATOR] = "Ein Mitarbeiter",
	[PL_TX_TRANSFER_DEPT] = "An eine andere Abteilung weitergeleitet.",
	[PL_TX_BUTTON_ONLINE] = "Live-Chat: online",
	[PL_TX_BUTTON_OFFLINE] = "Live-Chat: offline",
	[PL_TX_TRANSCRIPT] = "Chat-Verlauf",
	[PL_TX_OPERATOR] = "Mitarbeiter",
	[PL_TX_YOU] = "Sie",
	[PL_TX_FILE] = "Datei",
	[PL_TX_MAIL_COPY] = "Dies ist eine automatische Kopie Ihres Chats auf %s, verschickt, weil"
	    " sie im Chatfenster angefordert wurde. Falls Sie sie nicht angefordert"
	    " haben, können Sie diese Nachricht ignorieren; Antworten darauf liest niemand.",
	[PL_TX_NOBODY] = "Gerade konnte niemand Ihren Chat annehmen. Bitte hinterlassen Sie uns"
	    " stattdessen eine Nachricht; wir antworten so bald wie möglich.",
	[PL_TX_DISMISSED] = "Dieser Chat wurde beendet.",
	[PL_TX_F_NAME] = "Name",
	[PL_TX_F_EMAIL] = "E-Mail",
	[PL_TX_F_MESSAGE] = "Nachricht",
	[PL_TX_F_CHAT] = "Der bisherige Chat",
	[PL_TX_C_SUBJECT] = "Kontaktanfrage: %s",
	[PL_TX_C_INTRO] = "Ein Besucher hat auf %s eine Nachricht hinterlassen, als niemand online war.",
	[PL_TX_C_PAGE] = "Seite",
	[PL_TX_C_LANG] = "Sprache",
	[PL_TX_C_RECEIVED] = "Eingegangen",
	[PL_TX_C_CONSENT] = "Einwilligung in den Datenschutztext der Fassung %s erteilt.",
	[PL_TX_C_CONSOLE] = "Anfrage %s: in der Mitarbeiterkonsole lesen und beantworten"
	    " (eine Antwort auf diese Mail geht an den Besucher).",
	[PL_TX_C_COPY_SUBJECT] = "Ihre Nachricht an %s",
	[PL_TX_C_COPY_INTRO] = "Vielen Dank für Ihre Nachricht an %s. Wir haben sie erhalten und"
	    " antworten per E-Mail. Diese Kopie wurde verschickt, weil sie im Kontaktformular"
	    " angefordert wurde; falls nicht, können Sie sie ignorieren. Ihre Angaben:",
	[PL_TX_C_REPLY_SUBJECT] = "Re: Ihre Nachricht an %s",
	[PL_TX_C_HANDED_OVER] = "Sie haben uns eine Nachricht hinterlassen. Wir antworten per E-Mail.",
	[PL_TX_C_VISITOR] = "Besucher",
};

/* English first: it is the fallback. */
static const struct {
	const char		 *lang;
	const char *const	 *texts;
} langs[] = {
	{ "en", en },
	{ "de", de },
};

static size_t
lang_index(const char *lang)
{
	size_t i, n;

	if (lang == NULL)
		return 0;
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		n = strlen(langs[i].lang);
		if (strncmp(lang, langs[i].lang, n) == 0 &&
		    (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
			return i;
	}
	return 0;
}

const char *
pl_text_lang(const char *lang)
{
	return langs[lang_index(lang)].lang;
}

const char *
pl_text(const char *lang, enum pl_text_id id)
{
	const char *t;

	if ((unsigned)id >= PL_TX__MAX)
		return "";
	t = langs[lang_index(lang)].texts[id];
	return t != NULL ? t : en[id];
}

const char *
pl_text_fill(char *buf, size_t sz, const char *lang, enum pl_text_id id,
    const char *arg)
{
	const char	*t = pl_text(lang, id), *p = strstr(t, "%s");

	if (p == NULL)
		snprintf(buf, sz, "%s", t);
	else
		snprintf(buf, sz, "%.*s%s%s", (int)(p - t), t,
		    arg != NULL ? arg : "", p + 2);
	return buf;
}
