/*
 * tap.h: a tiny Test Anything Protocol helper for the unit tests.
 * plan(n) is optional; done_testing() prints "1..N" when no plan was
 * given and returns the exit status (non-zero when a test failed or
 * the count does not match the plan). Use: return done_testing();
 * All state lives in one function-local static, so nothing leaks out
 * of the test program that includes this header.
 */
#ifndef PL_TAP_H
#define PL_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct tap_state {
	int	run;		/* tests run so far */
	int	failed;		/* of which failed */
	int	planned;	/* -1: no plan */
};

static inline struct tap_state *
tap_state(void)
{
	static struct tap_state	s = { 0, 0, -1 };

	return &s;
}

static inline void
plan(int n)
{
	tap_state()->planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void
diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void
diag(const char *fmt, ...)
{
	va_list	ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static inline int
tap_vok(int cond, const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static inline int
tap_vok(int cond, const char *file, int line, const char *fmt, va_list ap)
{
	struct tap_state	*s = tap_state();

	s->run++;
	if (!cond)
		s->failed++;
	printf("%sok %d - ", cond ? "" : "not ", s->run);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	if (!cond)
		printf("#   Failed test at %s line %d.\n", file, line);
	fflush(stdout);
	return cond;
}

static inline int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static inline int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(cond, file, line, fmt, ap);
	va_end(ap);
	return r;
}

static inline int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static inline int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list	ap;
	int	r;

	va_start(ap, fmt);
	r = tap_vok(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return r;
}

/* Print s safely: control and 8-bit bytes as \xNN. */
static inline void
tap_put_escaped(const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		fputs("(null)", stdout);
		return;
	}
	putchar('\'');
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7F || *p == '\\')
			printf("\\x%02X", *p);
		else
			putchar(*p);
	putchar('\'');
}

static inline int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static inline int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list	ap;
	int	r, eq;

	if (got == NULL || want == NULL)
		eq = got == want;
	else
		eq = strcmp(got, want) == 0;
	va_start(ap, fmt);
	r = tap_vok(eq, file, line, fmt, ap);
	va_end(ap);
	if (!r) {
		fputs("#          got: ", stdout);
		tap_put_escaped(got);
		fputs("\n#     expected: ", stdout);
		tap_put_escaped(want);
		fputc('\n', stdout);
		fflush(stdout);
	}
	return r;
}

static inline int
done_testing(void)
{
	struct tap_state	*s = tap_state();

	if (s->planned < 0)
		printf("1..%d\n", s->run);
	else if (s->planned != s->run) {
		printf("# planned %d tests but ran %d\n", s->planned, s->run);
		fflush(stdout);
		return 1;
	}
	if (s->failed > 0)
		printf("# failed %d of %d tests\n", s->failed, s->run);
	fflush(stdout);
	return s->failed > 0 ? 1 : 0;
}

#define ok(cond, ...)	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, \
	    __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
