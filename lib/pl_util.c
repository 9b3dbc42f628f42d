/*
 * pl_util.c: growable buffers, bounded number parsing, UTF-8 checks,
 * random tokens and time.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "pl_util.h"

void
pl_buf_init(struct pl_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
pl_buf_free(struct pl_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void
pl_buf_reset(struct pl_buf *b)
{
	b->len = 0;
	b->oom = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
pl_buf_grow(struct pl_buf *b, size_t need)
{
	size_t	 cap;
	char	*p;

	if (b->oom)
		return PL_ENOMEM;
	if (need < b->len || need > SIZE_MAX / 2) {
		b->oom = 1;
		return PL_ENOMEM;
	}
	if (need + 1 <= b->cap)
		return PL_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need + 1)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return PL_ENOMEM;
	}
	b->p = p;
	b->cap = cap;
	return PL_OK;
}

int
pl_buf_add(struct pl_buf *b, const void *d, size_t n)
{
	if (pl_buf_grow(b, b->len + n) != PL_OK)
		return PL_ENOMEM;
	if (n > 0)
		memcpy(b->p + b->len, d, n);
	b->len += n;
	b->p[b->len] = '\0';
	return PL_OK;
}

int
pl_buf_puts(struct pl_buf *b, const char *s)
{
	return pl_buf_add(b, s, strlen(s));
}

int
pl_buf_putc(struct pl_buf *b, char c)
{
	return pl_buf_add(b, &c, 1);
}

int
pl_buf_printf(struct pl_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || pl_buf_grow(b, b->len + (size_t)n) != PL_OK)
		return PL_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return PL_OK;
}

const char *
pl_buf_cstr(struct pl_buf *b)
{
	if (b->p == NULL && pl_buf_grow(b, 0) != PL_OK)
		return "";
	b->p[b->len] = '\0';
	return b->p;
}

int
pl_parse_ll(const char *s, size_t n, long long min, long long max,
    long long *out)
{
	unsigned long long	 acc = 0, lim;
	size_t			 i = 0;
	int			 neg = 0;

	if (n == 0)
		return PL_EINVAL;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
		if (n == 1)
			return PL_EINVAL;
	}
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return PL_EINVAL;
		d = (unsigned)(s[i] - '0');
		if (acc > (lim - d) / 10)
			return PL_EINVAL;
		acc = acc * 10 + d;
	}
	if (neg) {
		long long v = acc == (unsigned long long)LLONG_MAX + 1 ?
		    LLONG_MIN : -(long long)acc;
		if (v < min || v > max)
			return PL_EINVAL;
		*out = v;
	} else {
		if ((long long)acc < min || (long long)acc > max)
			return PL_EINVAL;
		*out = (long long)acc;
	}
	return PL_OK;
}

/*
 * Decode one UTF-8 sequence at s (n bytes left). Returns its length
 * and the code point in *cp, or 0 when malformed (overlong, surrogate,
 * beyond U+10FFFF, truncated).
 */
static size_t
utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long	 c;
	size_t		 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int
pl_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned long		 cp;
	size_t			 i = 0, l;

	while (i < n) {
		if ((l = utf8_next(p + i, n - i, &cp)) == 0 || cp == 0)
			return 0;
		i += l;
	}
	return 1;
}

int
pl_text_valid(const char *s, size_t n, int allow_newlines)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned long		 cp;
	size_t			 i = 0, l;

	while (i < n) {
		if ((l = utf8_next(p + i, n - i, &cp)) == 0)
			return 0;
		if (cp == '\t' || (allow_newlines && (cp == '\n' || cp == '\r')))
			;
		else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return 0;
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			return 0;
		i += l;
	}
	return 1;
}

size_t
pl_strnlen(const char *s, size_t max)
{
	const char *e = memchr(s, '\0', max);

	return e == NULL ? max : (size_t)(e - s);
}

void
pl_random_hex(char *hex, size_t nbytes)
{
	unsigned char	buf[64];
	size_t		done = 0, n;

	hex[0] = '\0';
	while (done < nbytes) {
		n = nbytes - done < sizeof(buf) ? nbytes - done : sizeof(buf);
		randombytes_buf(buf, n);
		sodium_bin2hex(hex + done * 2, n * 2 + 1, buf, n);
		done += n;
	}
	sodium_memzero(buf, sizeof(buf));
}

size_t
pl_utf8_chars(const char *s, size_t n)
{
	size_t i, chars = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars;
}

void
pl_sha256_hex(const char *s, size_t len, char hash[PL_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(hash, PL_HASH_HEX, h, sizeof(h));
}

void
pl_token_new(char token[PL_TOKEN_HEX], char hash[PL_HASH_HEX])
{
	pl_random_hex(token, PL_TOKEN_BYTES);
	pl_sha256_hex(token, strlen(token), hash);
}

int
pl_secure_streq(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int64_t
pl_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
pl_lang_valid(const char *s, size_t n)
{
	size_t i;

	/* ll, lll, ll-RR, lll-RR */
	for (i = 0; i < n && s[i] >= 'a' && s[i] <= 'z'; i++)
		continue;
	if (i < 2 || i > 3)
		return 0;
	if (i == n)
		return 1;
	if (s[i] != '-' || n - i - 1 != 2)
		return 0;
	return s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
	    s[i + 2] >= 'A' && s[i + 2] <= 'Z';
}
