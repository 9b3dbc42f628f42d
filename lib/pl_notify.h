/*
 * pl_notify.h: wake long-polls when a chat changes. Each process has one
 * watcher thread that reads chat_changes (written by every process on
 * every machine) every few milliseconds and wakes the threads waiting
 * for those chats. Changes made by this process wake its own waiters at
 * once. The database stays the single truth: waiters re-read it after
 * waking.
 */
#ifndef PL_NOTIFY_H
#define PL_NOTIFY_H

#include "pl_conf.h"

/* Start the watcher (threaded daemon only). 0 or -1. */
int	pl_notify_start(const struct pl_conf *, unsigned tick_ms);
int	pl_notify_running(void);

struct pl_waiter;

/*
 * Register interest in a chat before reading its state, so no change
 * between the read and the wait is lost. who is the client's
 * (anonymised) address. A newer poll of the same chat answers an older
 * one at once (pl_notify_superseded). Returns NULL without a watcher,
 * or with *rc PL_ELIMIT (this address holds its share of polls) or
 * PL_ETOOBIG (the process holds all it can: answer 503).
 */
struct pl_waiter *pl_notify_register(unsigned long long chat, long long version,
	    const char *who, int *rc);
/* A console: changes of the site after cursor for operator op or the queue. */
struct pl_waiter *pl_notify_register_console(unsigned long site, long long op,
	    long long cursor, const char *who, int *rc);
/* 1 when a newer poll of the same chat took this one's place. */
int	pl_notify_superseded(const struct pl_waiter *);
/* The daemon's thread count: held polls may use all but a reserve. */
void	pl_notify_capacity(unsigned threads);
/* Wait up to timeout_ms; 1 when a newer version was seen, 0 on timeout. */
int	pl_notify_wait(struct pl_waiter *, int timeout_ms);
void	pl_notify_unregister(struct pl_waiter *);
/*
 * A change made by this process: chat version, and the chat_changes id
 * for operator op (0 the queue, -1 unknown: every console looks again).
 */
void	pl_notify_local(unsigned long long chat, long long version,
	    unsigned long site, long long change, long long op);

#endif
