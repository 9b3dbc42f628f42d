/*
 * pl_log.h: log lines to stderr (Apache's error log), each carrying the
 * program name and the request id. Every line is cleaned of control
 * characters after formatting, so user text cannot forge log lines.
 */
#ifndef PL_LOG_H
#define PL_LOG_H

#include <stddef.h>

enum pl_loglevel { PL_LOG_ERR, PL_LOG_WARN, PL_LOG_INFO, PL_LOG_DEBUG };

void	pl_log_init(const char *progname);
/* reqid may be NULL (outside a request). */
void	pl_log(const char *reqid, enum pl_loglevel, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Replace control bytes (and bytes >= 0x80 that are not UTF-8) in place with '?'. */
void	pl_log_clean(char *s, size_t len);

#endif
