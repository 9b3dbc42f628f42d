/*
 * pl_count.h: page views (domain layer). A hit is stored with the
 * visitor as a hash (of the tracking snippet's first-party id, or, on a
 * cookieless site, of the anonymised address and user agent with the
 * day's salt), its page without the query unless the site keeps it, and
 * the address already anonymised by the caller.
 *
 * Durability with throughput: under a threaded daemon, pl_count_submit
 * hands hits to one committer thread that stores whatever has queued up
 * in one transaction (group commit) and tells each waiting request how
 * its hit went only after the commit. Elsewhere pl_count_store stores
 * one hit in its own transaction.
 */
#ifndef PL_COUNT_H
#define PL_COUNT_H

#include "pl_conf.h"
#include "pl_site.h"
#include "pl_util.h"

struct pl_db;

struct pl_hit {
	struct pl_site_id	 site;
	char			 visitor[65];	/* first-party id, "" none */
	char			 page[2049];
	char			 title[PL_UTF8_BYTES(255)];
	char			 referrer[256];	/* an origin, "" none */
	char			 dept;		/* 0 none */
	char			 lang[9];
	char			 addr[64];	/* anonymised */
	char			 host[256];	/* the anonymised reverse name, "" none */
	char			 agent[256];	/* the user agent, for cookieless sites */
	char			 data[2049];	/* a JSON object of the page's visitor data */
	/* What became of it. */
	int			 rc;		/* PL_OK, PL_ENOTFOUND (unknown or suspended site), PL_EDB */
};

/* Store hits (n >= 1) in one transaction; each hit's rc set. PL_OK or PL_EDB. */
int	pl_count_store(struct pl_db *, struct pl_hit *, size_t n);

/*
 * The committer thread with its own connection (a threaded daemon).
 * 0 or -1. pl_count_running() says whether it was started.
 */
int	pl_count_start(const struct pl_conf *);
int	pl_count_running(void);

/*
 * Queue a hit for the committer and wait (at most timeout_ms) until its
 * transaction committed or failed: hit->rc. PL_OK with hit->rc set,
 * PL_ELIMIT (the queue is full: answer 503), PL_EDB (no answer in time;
 * the hit may still be stored).
 */
int	pl_count_submit(struct pl_hit *, unsigned timeout_ms);

#endif
