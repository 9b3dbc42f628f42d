/*
 * pl_escape.c: escaping per output context. Everything from a user or
 * the database passes through one of these before it is written into
 * HTML, SVG, a URL, a mail header or an HTTP header.
 */
#include "config.h"

#include <string.h>

#include <sodium.h>

#include "pl_escape.h"

int
pl_esc_html(struct pl_buf *b, const char *s, size_t n)
{
	size_t	i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		pl_buf_add(b, s + start, i - start);
		pl_buf_puts(b, rep);
		start = i + 1;
	}
	return pl_buf_add(b, s + start, n - start);
}

int
pl_esc_url(struct pl_buf *b, const char *s, size_t n)
{
	static const char	hex[] = "0123456789ABCDEF";
	size_t			i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			pl_buf_putc(b, (char)c);
		else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			pl_buf_add(b, e, 3);
		}
	}
	return b->oom ? PL_ENOMEM : PL_OK;
}

int
pl_esc_mailhdr(struct pl_buf *b, const char *s, size_t n)
{
	size_t	i, ascii = 1;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == '=' || s[i] == '?')
			ascii = 0;
	if (ascii) {
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c >= 0x20 && c != 0x7F)
				pl_buf_putc(b, (char)c);
		}
		return b->oom ? PL_ENOMEM : PL_OK;
	}
	/*
	 * RFC 2047 B-words of at most 45 input bytes each (60 base64 chars),
	 * split on UTF-8 boundaries, separated by folding whitespace.
	 * Control bytes are dropped first.
	 */
	{
		char		 chunk[45], enc[sodium_base64_ENCODED_LEN(45,
				    sodium_base64_VARIANT_ORIGINAL)];
		size_t		 cl = 0;
		int		 first = 1;

		for (i = 0; i <= n; i++) {
			unsigned char	c = i < n ? (unsigned char)s[i] : 0;
			int		flush = (i == n);

			/* Flush before a lead byte when the chunk is full enough. */
			if (!flush && (cl >= sizeof(chunk) ||
			    (cl >= 40 && (c & 0xC0) != 0x80)))
				flush = 1;
			if (flush && cl > 0) {
				sodium_bin2base64(enc, sizeof(enc),
				    (const unsigned char *)chunk, cl,
				    sodium_base64_VARIANT_ORIGINAL);
				if (!first)
					pl_buf_puts(b, " ");
				pl_buf_puts(b, "=?UTF-8?B?");
				pl_buf_puts(b, enc);
				pl_buf_puts(b, "?=");
				first = 0;
				cl = 0;
			}
			if (i == n)
				break;
			if (c < 0x20 || c == 0x7F)
				continue;
			chunk[cl++] = (char)c;
		}
	}
	return b->oom ? PL_ENOMEM : PL_OK;
}

int
pl_esc_filename(struct pl_buf *b, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		pl_buf_putc(b, (c >= 0x20 && c < 0x7f && strchr("\"\\/;%<>", c) == NULL) ?
		    (char)c : '_');
	}
	return b->oom ? PL_ENOMEM : PL_OK;
}

int
pl_esc_httphdr(struct pl_buf *b, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		pl_buf_putc(b, (c < 0x20 || c == 0x7F) ? ' ' : (char)c);
	}
	return b->oom ? PL_ENOMEM : PL_OK;
}

int
pl_esc_csv(struct pl_buf *b, const char *s, size_t n)
{
	size_t	i, start = 0;

	pl_buf_putc(b, '"');
	if (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r'))
		pl_buf_putc(b, '\'');
	for (i = 0; i < n; i++)
		if (s[i] == '"') {
			pl_buf_add(b, s + start, i + 1 - start);
			pl_buf_putc(b, '"');
			start = i + 1;
		}
	pl_buf_add(b, s + start, n - start);
	pl_buf_putc(b, '"');
	return b->oom ? PL_ENOMEM : PL_OK;
}
