/*
 * t_mail.c: unit tests for pl_mail_format: what goes over the wire to
 * the smarthost. No value adds a header, a bad Reply-To is left out,
 * the body is base64 (so no line of it can end the message), and the
 * HTML part is the text escaped.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_mail.h"
#include "pl_util.h"
#include "tap.h"

static char *
format(const struct pl_mail_msg *m)
{
	struct pl_buf	 b;
	char		*out;

	pl_buf_init(&b);
	is_int(pl_mail_format(&b, "chat@plauder.test", m, "Mon, 07 Dec 2026 16:00:00 +0000",
	    "0123456789abcdef0123456789abcdef"), PL_OK, "formatted");
	out = strdup(pl_buf_cstr(&b));
	pl_buf_free(&b);
	return out;
}

/* The header block (up to the first empty line). */
static char *
head_of(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");
	size_t		 n = end != NULL ? (size_t)(end - msg) + 2 : strlen(msg);
	char		*h = malloc(n + 1);

	memcpy(h, msg, n);
	h[n] = '\0';
	return h;
}

/* Every header line starts with a known name or is folded (space). */
static int
headers_known(const char *h)
{
	static const char *const known[] = { "Date:", "From:", "To:", "Reply-To:",
	    "Subject:", "Message-ID:", "MIME-Version:", "Auto-Submitted:",
	    "Content-Type:", "Content-Transfer-Encoding:", NULL };
	const char	*p = h;
	size_t		 i;
	int		 ok_line;

	while (*p != '\0') {
		ok_line = *p == ' ' || *p == '\t';
		for (i = 0; !ok_line && known[i] != NULL; i++)
			ok_line = strncmp(p, known[i], strlen(known[i])) == 0;
		if (!ok_line)
			return 0;
		if ((p = strstr(p, "\r\n")) == NULL)
			return 0;
		p += 2;
	}
	return 1;
}

static void
test_plain(void)
{
	struct pl_mail_msg	 m = { "ann@example.org", "",
	    "Hello\r\nBcc: evil@attacker.example", "line 1\r\n.\r\nBcc: x@y\r\n", 0 };
	char			*msg = format(&m), *h = head_of(msg);

	ok(headers_known(h), "plain: only Plauder's headers");
	ok(strstr(h, "\r\nBcc:") == NULL, "plain: CR/LF in the subject adds no header");
	ok(strstr(h, "Reply-To:") == NULL, "plain: no Reply-To when none is given");
	ok(strstr(h, "Content-Transfer-Encoding: base64") != NULL, "plain: base64 body");
	ok(strstr(msg, "\r\n.\r\n") == NULL, "plain: no line of the body ends the message");
	ok(strstr(msg, "multipart") == NULL, "plain: one part");
	free(h);
	free(msg);
}

static void
test_reply_to(void)
{
	struct pl_mail_msg	 good = { "a@example.org", "zoe@example.org", "S", "b", 0 };
	struct pl_mail_msg	 bad = { "a@example.org", "x@example.org\r\nBcc: e@x.example",
	    "S", "b", 0 };
	char			*msg = format(&good);

	ok(strstr(msg, "\r\nReply-To: zoe@example.org\r\n") != NULL, "reply-to: a valid one is set");
	free(msg);
	msg = format(&bad);
	ok(strstr(msg, "Reply-To:") == NULL && strstr(msg, "Bcc:") == NULL,
	    "reply-to: an invalid one is left out");
	free(msg);
}

static void
test_html(void)
{
	struct pl_mail_msg	 m = { "a@example.org", NULL, "Grüße", "<b>bold</b> & more", 1 };
	char			*msg = format(&m), *h = head_of(msg), *p, *dec;
	size_t			 len;
	const char		*end;

	ok(headers_known(h), "html: only Plauder's headers");
	ok(strstr(h, "Subject: =?UTF-8?B?") != NULL, "html: a non-ASCII subject is RFC 2047");
	ok(strstr(h, "multipart/alternative; boundary=\"=_0123456789abcdef") != NULL,
	    "html: multipart/alternative");
	p = strstr(msg, "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	ok(p != NULL, "html: an HTML part");
	if (p != NULL) {
		p = strstr(p, "\r\n\r\n") + 4;
		end = strstr(p, "--=_");
		dec = calloc(1, 4096);
		sodium_base642bin((unsigned char *)dec, 4095, p, (size_t)(end - p), "\r\n",
		    &len, NULL, sodium_base64_VARIANT_ORIGINAL);
		ok(strstr(dec, "&lt;b&gt;bold&lt;/b&gt; &amp; more") != NULL, "html: the text escaped");
		ok(strstr(dec, "<b>") == NULL, "html: no markup of the sender's");
		free(dec);
	}
	ok(strstr(msg, "--=_0123456789abcdef0123456789abcdef--\r\n") != NULL, "html: closed");
	free(h);
	free(msg);
}

int
main(void)
{
	if (sodium_init() < 0) {
		printf("Bail out! sodium_init failed\n");
		return 1;
	}
	test_plain();
	test_reply_to();
	test_html();
	return done_testing();
}
