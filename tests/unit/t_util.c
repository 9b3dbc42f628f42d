/*
 * t_util.c: unit tests for pl_util: the growable buffer, bounded
 * integer parsing, UTF-8 and text checks, constant-time comparison
 * and random hex tokens.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_util.h"
#include "tap.h"

/* Byte-string literal with its length (without the terminating NUL). */
#define B(lit)	(lit), (sizeof(lit) - 1)

static void
test_buf(void)
{
	struct pl_buf	 b;
	size_t		 i;
	int		 good;

	pl_buf_init(&b);
	is_int(b.len, 0, "buf: init gives an empty buffer");
	is_int(b.oom, 0, "buf: init clears oom");
	is_str(pl_buf_cstr(&b), "", "buf: cstr of an empty buffer is \"\"");

	is_int(pl_buf_puts(&b, "abc"), PL_OK, "buf: puts");
	is_int(pl_buf_putc(&b, 'd'), PL_OK, "buf: putc");
	is_int(pl_buf_add(&b, "efXX", 2), PL_OK, "buf: add honours its length");
	is_int(b.len, 6, "buf: len counts every byte added");
	is_str(pl_buf_cstr(&b), "abcdef", "buf: contents after puts/putc/add");
	ok(b.p[b.len] == '\0', "buf: NUL-terminated after add");

	is_int(pl_buf_printf(&b, "-%d-%s-%05.1f", 42, "x", 2.5), PL_OK,
	    "buf: printf");
	is_str(pl_buf_cstr(&b), "abcdef-42-x-002.5", "buf: printf appends");
	is_int(b.len, strlen("abcdef-42-x-002.5"), "buf: printf updates len");

	/* An embedded NUL is kept and counted. */
	pl_buf_reset(&b);
	is_int(b.len, 0, "buf: reset empties");
	is_str(pl_buf_cstr(&b), "", "buf: cstr after reset is \"\"");
	pl_buf_add(&b, "a\0b", 3);
	is_int(b.len, 3, "buf: embedded NUL counted");
	ok(memcmp(b.p, "a\0b", 4) == 0, "buf: embedded NUL kept, then NUL");

	/* Growth well past any initial capacity, byte by byte and in bulk. */
	pl_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		if (pl_buf_putc(&b, (char)('a' + i % 26)) != PL_OK)
			break;
	is_int(i, 100000, "buf: 100000 putc calls succeed");
	is_int(b.len, 100000, "buf: len after growth");
	ok(b.cap > b.len, "buf: cap leaves room for the NUL");
	good = 1;
	for (i = 0; i < 100000; i++)
		if (b.p[i] != (char)('a' + i % 26))
			good = 0;
	ok(good, "buf: contents survive every reallocation");
	ok(b.p[100000] == '\0', "buf: NUL-terminated after growth");
	is_int(b.oom, 0, "buf: no oom after growth");

	pl_buf_reset(&b);
	for (i = 0; i < 1000; i++)
		pl_buf_printf(&b, "%04zu,", i);
	is_int(b.len, 5000, "buf: 1000 printf calls append 5000 bytes");
	ok(strncmp(b.p + 4995, "0999,", 5) == 0, "buf: last printf at the end");
	ok(strncmp(b.p, "0000,0001,", 10) == 0, "buf: first printf kept");

	/* A long printf in one go. */
	pl_buf_reset(&b);
	pl_buf_printf(&b, "%5000s|", "z");
	is_int(b.len, 5001, "buf: single printf longer than capacity");
	ok(b.p[4999] == 'z' && b.p[5000] == '|', "buf: long printf contents");

	pl_buf_free(&b);
	ok(b.p == NULL && b.len == 0 && b.cap == 0, "buf: free resets the struct");
	/* Usable again after free. */
	pl_buf_puts(&b, "again");
	is_str(pl_buf_cstr(&b), "again", "buf: usable after free");
	pl_buf_free(&b);
}

static void
test_parse_ll(void)
{
	long long	v;

	v = -1;
	is_int(pl_parse_ll(B("42"), 0, 100, &v), PL_OK, "ll: 42");
	is_int(v, 42, "ll: 42 value");
	is_int(pl_parse_ll(B("0"), 0, 100, &v), PL_OK, "ll: 0");
	is_int(v, 0, "ll: 0 value");
	is_int(pl_parse_ll(B("-5"), -10, 10, &v), PL_OK, "ll: -5");
	is_int(v, -5, "ll: -5 value");
	v = 7;
	is_int(pl_parse_ll(B("-0"), -10, 10, &v), PL_OK, "ll: -0 is zero");
	is_int(v, 0, "ll: -0 value");
	is_int(pl_parse_ll(B("-0"), 0, 10, &v), PL_OK, "ll: -0 within [0,10]");

	/* Bounds are inclusive. */
	is_int(pl_parse_ll(B("10"), 1, 10, &v), PL_OK, "ll: max inclusive");
	is_int(pl_parse_ll(B("1"), 1, 10, &v), PL_OK, "ll: min inclusive");
	is_int(pl_parse_ll(B("11"), 1, 10, &v), PL_EINVAL, "ll: above max");
	is_int(pl_parse_ll(B("0"), 1, 10, &v), PL_EINVAL, "ll: below min");
	is_int(pl_parse_ll(B("-1"), 0, 10, &v), PL_EINVAL, "ll: negative below 0");

	/* Form. */
	is_int(pl_parse_ll(B("+5"), -10, 10, &v), PL_EINVAL, "ll: leading +");
	is_int(pl_parse_ll(B(" 5"), -10, 10, &v), PL_EINVAL, "ll: leading space");
	is_int(pl_parse_ll(B("5 "), -10, 10, &v), PL_EINVAL, "ll: trailing space");
	is_int(pl_parse_ll(B("5x"), -10, 10, &v), PL_EINVAL, "ll: trailing junk");
	is_int(pl_parse_ll(B("0x5"), -10, 10, &v), PL_EINVAL, "ll: hex");
	is_int(pl_parse_ll(B("1.0"), -10, 10, &v), PL_EINVAL, "ll: decimal point");
	is_int(pl_parse_ll(B(""), -10, 10, &v), PL_EINVAL, "ll: empty");
	is_int(pl_parse_ll(B("-"), -10, 10, &v), PL_EINVAL, "ll: lone -");
	is_int(pl_parse_ll(B("--5"), -10, 10, &v), PL_EINVAL, "ll: double -");
	is_int(pl_parse_ll(B("5\n"), -10, 10, &v), PL_EINVAL, "ll: trailing newline");
	is_int(pl_parse_ll("5\0" "1", 3, -10, 100, &v), PL_EINVAL,
	    "ll: embedded NUL");
	/* The length is honoured: the parser stops at n. */
	is_int(pl_parse_ll("12abc", 2, 0, 100, &v), PL_OK, "ll: stops at n");
	is_int(v, 12, "ll: stops at n value");

	/* Overflow. */
	is_int(pl_parse_ll(B("99999999999999999999"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: 99999999999999999999 overflows");
	is_int(pl_parse_ll(B("-99999999999999999999"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: -99999999999999999999 overflows");
	is_int(pl_parse_ll(B("9223372036854775807"), LLONG_MIN, LLONG_MAX, &v),
	    PL_OK, "ll: LLONG_MAX");
	ok(v == LLONG_MAX, "ll: LLONG_MAX value");
	is_int(pl_parse_ll(B("9223372036854775808"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: LLONG_MAX+1 overflows");
	is_int(pl_parse_ll(B("-9223372036854775808"), LLONG_MIN, LLONG_MAX, &v),
	    PL_OK, "ll: LLONG_MIN");
	ok(v == LLONG_MIN, "ll: LLONG_MIN value");
	is_int(pl_parse_ll(B("-9223372036854775809"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: LLONG_MIN-1 overflows");
	is_int(pl_parse_ll(B("18446744073709551616"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: 2^64 does not wrap");
	is_int(pl_parse_ll(B("18446744073709551621"), LLONG_MIN, LLONG_MAX, &v),
	    PL_EINVAL, "ll: 2^64+5 does not wrap to 5");
	is_int(pl_parse_ll(B("0000000000000000000000042"), 0, 100, &v), PL_OK,
	    "ll: many leading zeros do not count as overflow");
	is_int(v, 42, "ll: leading zeros value");
}

static void
test_utf8(void)
{
	ok(pl_utf8_valid(B("")), "utf8: empty is valid");
	ok(pl_utf8_valid(B("hello")), "utf8: ASCII");
	ok(pl_utf8_valid(B("\xC3\xA4")), "utf8: U+00E4");
	ok(pl_utf8_valid(B("\xC2\x80")), "utf8: U+0080 (smallest 2-byte)");
	ok(pl_utf8_valid(B("\xDF\xBF")), "utf8: U+07FF");
	ok(pl_utf8_valid(B("\xE0\xA0\x80")), "utf8: U+0800 (smallest 3-byte)");
	ok(pl_utf8_valid(B("\xE2\x82\xAC")), "utf8: U+20AC euro");
	ok(pl_utf8_valid(B("\xED\x9F\xBF")), "utf8: U+D7FF (below surrogates)");
	ok(pl_utf8_valid(B("\xEE\x80\x80")), "utf8: U+E000 (above surrogates)");
	ok(pl_utf8_valid(B("\xEF\xBF\xBF")), "utf8: U+FFFF");
	ok(pl_utf8_valid(B("\xF0\x90\x80\x80")), "utf8: U+10000 (smallest 4-byte)");
	ok(pl_utf8_valid(B("\xF0\x9F\x98\x80")), "utf8: U+1F600");
	ok(pl_utf8_valid(B("\xF4\x8F\xBF\xBF")), "utf8: U+10FFFF");
	ok(pl_utf8_valid(B("a\xC3\xA4" "b\xE2\x82\xAC" "c")), "utf8: mixed");

	ok(!pl_utf8_valid(B("\xC0\x80")), "utf8: overlong NUL C0 80");
	ok(!pl_utf8_valid(B("\xC1\xBF")), "utf8: overlong C1 BF");
	ok(!pl_utf8_valid(B("\xE0\x80\x80")), "utf8: overlong E0 80 80");
	ok(!pl_utf8_valid(B("\xE0\x9F\xBF")), "utf8: overlong E0 9F BF");
	ok(!pl_utf8_valid(B("\xF0\x80\x80\x80")), "utf8: overlong F0 80 80 80");
	ok(!pl_utf8_valid(B("\xF0\x8F\xBF\xBF")), "utf8: overlong F0 8F BF BF");
	ok(!pl_utf8_valid(B("\xED\xA0\x80")), "utf8: surrogate U+D800");
	ok(!pl_utf8_valid(B("\xED\xBF\xBF")), "utf8: surrogate U+DFFF");
	ok(!pl_utf8_valid(B("\xED\xA0\xBD\xED\xB8\x80")),
	    "utf8: CESU-8 surrogate pair");
	ok(!pl_utf8_valid(B("\xF4\x90\x80\x80")), "utf8: U+110000");
	ok(!pl_utf8_valid(B("\xF5\x80\x80\x80")), "utf8: lead F5");
	ok(!pl_utf8_valid(B("\xF8\x88\x80\x80\x80")), "utf8: 5-byte form");
	ok(!pl_utf8_valid(B("\xFE")), "utf8: FE");
	ok(!pl_utf8_valid(B("\xFF")), "utf8: FF");
	ok(!pl_utf8_valid(B("\x80")), "utf8: lone continuation");
	ok(!pl_utf8_valid(B("a\xBF" "b")), "utf8: continuation in ASCII");
	ok(!pl_utf8_valid(B("\xC3")), "utf8: truncated 2-byte");
	ok(!pl_utf8_valid(B("\xE2\x82")), "utf8: truncated 3-byte");
	ok(!pl_utf8_valid(B("\xF0\x9F\x98")), "utf8: truncated 4-byte");
	ok(!pl_utf8_valid(B("\xC3" "a")), "utf8: lead then ASCII");
	ok(!pl_utf8_valid(B("\xE2\x82" "a")), "utf8: 3-byte cut by ASCII");
	/* Truncation must be judged by n, not by a following byte. */
	ok(!pl_utf8_valid("\xE2\x82\xAC", 2), "utf8: truncated by n");
	ok(pl_utf8_valid("ab\xFF", 2), "utf8: bytes past n ignored");
	ok(!pl_utf8_valid(B("a\0b")), "utf8: NUL rejected");
	ok(!pl_utf8_valid(B("\0")), "utf8: lone NUL rejected");
}

static void
test_text(void)
{
	ok(pl_text_valid(B("Hallo Welt"), 0), "text: plain");
	ok(pl_text_valid(B(""), 0), "text: empty");
	ok(pl_text_valid(B("Gr\xC3\xBC\xC3\x9F" "e \xE2\x82\xAC"), 0),
	    "text: UTF-8 letters");
	ok(pl_text_valid(B("a\tb"), 0), "text: TAB allowed without newlines");
	ok(pl_text_valid(B("a\tb"), 1), "text: TAB allowed with newlines");
	ok(!pl_text_valid(B("a\nb"), 0), "text: LF refused without flag");
	ok(!pl_text_valid(B("a\rb"), 0), "text: CR refused without flag");
	ok(pl_text_valid(B("a\nb"), 1), "text: LF allowed with flag");
	ok(pl_text_valid(B("a\r\nb"), 1), "text: CRLF allowed with flag");
	ok(!pl_text_valid(B("a\x01" "b"), 1), "text: SOH refused");
	ok(!pl_text_valid(B("\x1B[31m"), 1), "text: ESC refused");
	ok(!pl_text_valid(B("a\x0B" "b"), 1), "text: VT refused");
	ok(!pl_text_valid(B("a\x0C" "b"), 1), "text: FF refused");
	ok(!pl_text_valid(B("a\x1F"), 1), "text: US refused");
	ok(!pl_text_valid(B("a\0b"), 1), "text: NUL refused");
	ok(!pl_text_valid(B("a\x7F" "b"), 1), "text: DEL refused");
	ok(!pl_text_valid(B("a\xC2\x85" "b"), 1), "text: C1 NEL U+0085 refused");
	ok(!pl_text_valid(B("\xC2\x80"), 1), "text: C1 U+0080 refused");
	ok(!pl_text_valid(B("\xC2\x9B"), 1), "text: C1 CSI U+009B refused");
	ok(!pl_text_valid(B("\xC2\x9F"), 1), "text: C1 U+009F refused");
	ok(pl_text_valid(B("\xC2\xA0"), 0), "text: U+00A0 (after C1) allowed");
	ok(pl_text_valid(B("~"), 0), "text: U+007E allowed");
	ok(!pl_text_valid(B("\xC0\x8A"), 1), "text: overlong LF refused");
	ok(!pl_text_valid(B("\xFF"), 1), "text: invalid UTF-8 refused");
	ok(!pl_text_valid(B("\xED\xA0\x80"), 1), "text: surrogate refused");
	ok(pl_text_valid("ab\n", 2, 0), "text: bytes past n ignored");
}

static void
test_streq(void)
{
	ok(pl_secure_streq("secret", "secret"), "streq: equal");
	ok(!pl_secure_streq("secret", "secreT"), "streq: last byte differs");
	ok(!pl_secure_streq("secret", "Secret"), "streq: first byte differs");
	ok(!pl_secure_streq("secret", "secret2"), "streq: b longer");
	ok(!pl_secure_streq("secret2", "secret"), "streq: a longer");
	ok(!pl_secure_streq("", "a"), "streq: empty vs one char");
	ok(pl_secure_streq("", ""), "streq: both empty");
}

static int
all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

static void
test_random_hex(void)
{
	char	a[512], b[512];
	size_t	sizes[] = { 1, 16, 32, 100, 200 };
	size_t	i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];

		memset(a, '#', sizeof(a));
		pl_random_hex(a, n);
		is_int(pl_strnlen(a, sizeof(a)), 2 * n,
		    "random_hex: %zu bytes give %zu hex chars", n, 2 * n);
		ok(all_hex(a, 2 * n), "random_hex: %zu bytes: only hex digits", n);
		ok(a[2 * n + 1] == '#', "random_hex: %zu bytes: nothing written "
		    "past 2n+1", n);
	}

	memset(a, '#', sizeof(a));
	pl_random_hex(a, 0);
	ok(a[0] == '\0' && a[1] == '#', "random_hex: 0 bytes give \"\"");

	pl_random_hex(a, 16);
	pl_random_hex(b, 16);
	ok(strcmp(a, b) != 0, "random_hex: two calls differ");
}

static void
test_misc(void)
{
	int64_t	t1, t2;

	is_int(pl_strnlen("abc", 10), 3, "strnlen: shorter than max");
	is_int(pl_strnlen("abcdef", 3), 3, "strnlen: capped at max");
	is_int(pl_strnlen("", 3), 0, "strnlen: empty");
	t1 = pl_now_ms();
	t2 = pl_now_ms();
	ok(t1 > 0 && t2 >= t1, "now_ms: monotonic");
}

int
main(void)
{
	if (sodium_init() < 0) {
		printf("Bail out! sodium_init failed\n");
		return 1;
	}
	test_buf();
	test_parse_ll();
	test_utf8();
	test_text();
	test_streq();
	test_random_hex();
	test_misc();
	return done_testing();
}
