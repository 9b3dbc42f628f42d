/*
 * pl_log.c: log lines to stderr, which Apache writes to its error log.
 * Format: "plauder-PROG[PID] REQID LEVEL: message". The formatted line is
 * cleaned of control characters, so text from users cannot start a new
 * line or smuggle terminal escapes.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pl_log.h"
#include "pl_util.h"

static const char	*pl_progname = "plauder";

void
pl_log_init(const char *name)
{
	pl_progname = name;
}

void
pl_log_clean(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			s[i] = '?';
	}
	/* Replace bytes that do not form UTF-8 (keeps valid sequences). */
	if (!pl_utf8_valid(s, len))
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] >= 0x80)
				s[i] = '?';
}

void
pl_log(const char *reqid, enum pl_loglevel lvl, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	char	 line[2048];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	pl_log_clean(line, (size_t)n);
	fprintf(stderr, "plauder-%s[%ld] %s %s: %s\n", pl_progname,
	    (long)getpid(), reqid != NULL ? reqid : "-",
	    names[lvl], line);
	fflush(stderr);
}
