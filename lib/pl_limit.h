/*
 * pl_limit.h: request limits, counted in the database so that every
 * process (CGI or daemon, on any machine) sees the same count. Domain
 * layer: a key, a window and a maximum in; PL_OK or PL_ELIMIT out.
 */
#ifndef PL_LIMIT_H
#define PL_LIMIT_H

struct pl_db;

/*
 * Count one more request for key in a fixed window of window_s seconds.
 * PL_OK while at most max were counted (max 0: no limit, nothing
 * counted); PL_ELIMIT with *retry_s, the seconds left in the window;
 * PL_EDB.
 */
int	pl_limit_hit(struct pl_db *, const char *key, unsigned window_s,
	    unsigned max, unsigned *retry_s);

#endif
