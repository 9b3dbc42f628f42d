/*
 * t_escape.c: unit tests for pl_escape: HTML, URL components, e-mail
 * header values (no header injection, RFC 2047 for non-ASCII) and HTTP
 * header values.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_escape.h"
#include "pl_util.h"
#include "tap.h"

#define B(lit)	(lit), (sizeof(lit) - 1)

typedef int (*esc_fn)(struct pl_buf *, const char *, size_t);

/* Run one escaper on n bytes into a fresh buffer; returns malloc'd text. */
static char *
esc(esc_fn fn, const char *s, size_t n, int *rc)
{
	struct pl_buf	 b;
	char		*out;

	pl_buf_init(&b);
	*rc = fn(&b, s, n);
	out = strdup(pl_buf_cstr(&b));
	pl_buf_free(&b);
	return out;
}

/* Check an escaper maps s to want, with return code PL_OK. */
static void
esc_is(esc_fn fn, const char *s, size_t n, const char *want, const char *name)
{
	char	*got;
	int	 rc;

	got = esc(fn, s, n, &rc);
	is_int(rc, PL_OK, "%s: rc", name);
	is_str(got, want, "%s", name);
	free(got);
}

static int
has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return 1;
	return 0;
}

static int
all_printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
			return 0;
	return 1;
}

static void
test_html(void)
{
	struct pl_buf	b;

	esc_is(pl_esc_html, B("plain text 123"), "plain text 123", "html: plain");
	esc_is(pl_esc_html, B(""), "", "html: empty");
	esc_is(pl_esc_html, B("&"), "&amp;", "html: &");
	esc_is(pl_esc_html, B("<"), "&lt;", "html: <");
	esc_is(pl_esc_html, B(">"), "&gt;", "html: >");
	esc_is(pl_esc_html, B("\""), "&quot;", "html: \"");
	esc_is(pl_esc_html, B("'"), "&#39;", "html: '");
	esc_is(pl_esc_html, B("<script>alert('x&y')</script>"),
	    "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;",
	    "html: script tag");
	esc_is(pl_esc_html, B("a=\"1\" onload='x'"),
	    "a=&quot;1&quot; onload=&#39;x&#39;", "html: attribute breakout");
	esc_is(pl_esc_html, B("&amp;"), "&amp;amp;", "html: no double-unescape");
	esc_is(pl_esc_html, B("Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80"),
	    "Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80",
	    "html: UTF-8 passes through");
	esc_is(pl_esc_html, "a<b>c", 2, "a&lt;", "html: length honoured");
	/* pl_esc_xml is the same function. */
	esc_is(pl_esc_xml, B("<svg>&"), "&lt;svg&gt;&amp;", "xml: as html");

	/* Appends, does not overwrite. */
	pl_buf_init(&b);
	pl_buf_puts(&b, "<p>");
	pl_esc_html(&b, B("<"));
	pl_buf_puts(&b, "</p>");
	is_str(pl_buf_cstr(&b), "<p>&lt;</p>", "html: appends to the buffer");
	pl_buf_free(&b);
}

static void
test_url(void)
{
	esc_is(pl_esc_url, B("AZaz09-._~"), "AZaz09-._~", "url: unreserved kept");
	esc_is(pl_esc_url, B(""), "", "url: empty");
	esc_is(pl_esc_url, B("a b"), "a%20b", "url: space is %20");
	esc_is(pl_esc_url, B("a+b"), "a%2Bb", "url: + escaped");
	esc_is(pl_esc_url, B("&=?#/%:@"), "%26%3D%3F%23%2F%25%3A%40",
	    "url: reserved escaped");
	esc_is(pl_esc_url, B("\xC3\xA4\xE2\x82\xAC"), "%C3%A4%E2%82%AC",
	    "url: UTF-8 bytes escaped, uppercase hex");
	esc_is(pl_esc_url, B("\r\n\0\x7F\xFF"), "%0D%0A%00%7F%FF",
	    "url: control, NUL and high bytes");
	esc_is(pl_esc_url, B("<\"'>"), "%3C%22%27%3E", "url: HTML specials");
}

/*
 * Decode an RFC 2047 header value made only of B-words separated by
 * single spaces, or plain ASCII: append the text to out. Returns 0 on a
 * malformed word; *maxword gets the longest encoded word; *wordsok is
 * cleared if a word does not decode to whole UTF-8 characters.
 */
static int
mime_decode(const char *s, struct pl_buf *out, size_t *maxword, int *wordsok)
{
	static const char	 pre[] = "=?UTF-8?B?";
	const char		*p = s, *e;
	unsigned char		 bin[512];
	size_t			 binlen;
	int			 words = 0;

	*maxword = 0;
	*wordsok = 1;
	if (strstr(s, "=?") == NULL) {
		pl_buf_puts(out, s);
		return 1;
	}
	while (*p != '\0') {
		if (words > 0) {
			if (*p != ' ')
				return 0;
			p++;
		}
		if (strncmp(p, pre, sizeof(pre) - 1) != 0)
			return 0;
		if ((e = strstr(p + sizeof(pre) - 1, "?=")) == NULL)
			return 0;
		if ((size_t)(e + 2 - p) > *maxword)
			*maxword = (size_t)(e + 2 - p);
		if (sodium_base642bin(bin, sizeof(bin), p + sizeof(pre) - 1,
		    (size_t)(e - p - (sizeof(pre) - 1)), NULL, &binlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0)
			return 0;
		if (!pl_utf8_valid((const char *)bin, binlen))
			*wordsok = 0;
		pl_buf_add(out, bin, binlen);
		p = e + 2;
		words++;
	}
	return words > 0;
}

/* Escape s as a mail header and check it round-trips to want. */
static void
mail_roundtrip(const char *s, size_t n, const char *want, const char *name)
{
	struct pl_buf	 dec;
	char		*got;
	size_t		 maxword;
	int		 rc, wordsok;

	got = esc(pl_esc_mailhdr, s, n, &rc);
	is_int(rc, PL_OK, "%s: rc", name);
	ok(all_printable_ascii(got), "%s: output is printable ASCII only", name);
	ok(strstr(got, "=?UTF-8?B?") != NULL, "%s: uses RFC 2047 B-words", name);
	pl_buf_init(&dec);
	ok(mime_decode(got, &dec, &maxword, &wordsok),
	    "%s: output is well-formed encoded words", name);
	is_str(pl_buf_cstr(&dec), want, "%s: decodes to the input", name);
	ok(maxword <= 75, "%s: every encoded word <= 75 chars (RFC 2047)", name);
	ok(wordsok, "%s: no UTF-8 character split across words", name);
	pl_buf_free(&dec);
	free(got);
}

static void
test_mailhdr(void)
{
	static const char	 inj[] = "a\r\nBcc: x@evil.example";
	char			*got, *long_in;
	size_t			 i;
	int			 rc;

	esc_is(pl_esc_mailhdr, B("Hello World"), "Hello World", "mail: ASCII kept");
	esc_is(pl_esc_mailhdr, B(""), "", "mail: empty");

	got = esc(pl_esc_mailhdr, B(inj), &rc);
	is_int(rc, PL_OK, "mail: injection rc");
	ok(strchr(got, '\r') == NULL, "mail: no CR survives \"a\\r\\nBcc: x\"");
	ok(strchr(got, '\n') == NULL, "mail: no LF survives \"a\\r\\nBcc: x\"");
	is_str(got, "aBcc: x@evil.example", "mail: CR LF dropped");
	free(got);

	got = esc(pl_esc_mailhdr, B("a\nb\rc\0d\x01" "e\x7F" "f\tg"), &rc);
	ok(!has_ctl(got), "mail: no control bytes at all survive");
	ok(strncmp(got, "abc", 3) == 0, "mail: text around controls kept");
	free(got);

	/* Non-ASCII goes into B-words, and CR/LF still cannot survive. */
	mail_roundtrip(B("J\xC3\xBCrgen M\xC3\xBCller"), "J\xC3\xBCrgen M\xC3\xBCller",
	    "mail: umlauts");
	mail_roundtrip(B("\xC3\xA4\r\nBcc: x@evil.example"),
	    "\xC3\xA4" "Bcc: x@evil.example", "mail: non-ASCII with CRLF");
	mail_roundtrip(B("=?UTF-8?B?QmNjOg==?="), "=?UTF-8?B?QmNjOg==?=",
	    "mail: literal encoded-word text is itself encoded");

	long_in = malloc(400 + 1);
	for (i = 0; i < 100; i++)	/* 100 x U+1F600, 400 bytes */
		memcpy(long_in + 4 * i, "\xF0\x9F\x98\x80", 4);
	long_in[400] = '\0';
	mail_roundtrip(long_in, 400, long_in, "mail: long 4-byte text");
	for (i = 0; i < 133; i++)	/* 133 x U+20AC then 'x' */
		memcpy(long_in + 3 * i, "\xE2\x82\xAC", 3);
	long_in[399] = 'x';
	mail_roundtrip(long_in, 400, long_in, "mail: long 3-byte text");
	free(long_in);

	/*
	 * Bytes that are not UTF-8 must not crash nor come out raw. This
	 * one last: 60 continuation bytes in a row.
	 */
	long_in = malloc(61);
	long_in[0] = 'a';
	memset(long_in + 1, 0x80, 60);
	got = esc(pl_esc_mailhdr, long_in, 61, &rc);
	ok(all_printable_ascii(got), "mail: invalid UTF-8 comes out as ASCII");
	{
		struct pl_buf	dec;
		size_t		maxword;
		int		wordsok;

		pl_buf_init(&dec);
		ok(mime_decode(got, &dec, &maxword, &wordsok) &&
		    dec.len == 61 && memcmp(dec.p, long_in, 61) == 0,
		    "mail: invalid UTF-8 round-trips through B-words");
		ok(maxword <= 75, "mail: invalid UTF-8: every encoded word <= 75 "
		    "chars (RFC 2047)");
		pl_buf_free(&dec);
	}
	free(got);
	free(long_in);
}

static void
test_httphdr(void)
{
	char	*got;
	int	 rc;

	esc_is(pl_esc_httphdr, B("attachment; filename=\"a.txt\""),
	    "attachment; filename=\"a.txt\"", "http: printable kept");
	esc_is(pl_esc_httphdr, B("a\r\nSet-Cookie: x=1"), "a  Set-Cookie: x=1",
	    "http: CR and LF each replaced by a space");
	esc_is(pl_esc_httphdr, B("a\0b\x01" "c\x1F" "d\x7F"), "a b c d ",
	    "http: NUL, C0 and DEL replaced");
	esc_is(pl_esc_httphdr, B(""), "", "http: empty");
	got = esc(pl_esc_httphdr, B("\r\n\r\n<html>"), &rc);
	ok(strchr(got, '\r') == NULL && strchr(got, '\n') == NULL,
	    "http: response splitting impossible");
	is_int(strlen(got), 10, "http: length kept");
	free(got);
}

int
main(void)
{
	if (sodium_init() < 0) {
		printf("Bail out! sodium_init failed\n");
		return 1;
	}
	test_html();
	test_url();
	test_httphdr();
	test_mailhdr();
	return done_testing();
}
