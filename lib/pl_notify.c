/*
 * pl_notify.c: the long-poll wake-up machinery of a threaded process.
 *
 * Waiting threads put a struct pl_waiter (on their own stack) into a hash
 * table keyed by chat id and sleep on their condition variable. The
 * watcher thread reads new rows of chat_changes every tick (its own
 * database connection) and wakes the waiters of each changed chat whose
 * version is older. Changes may commit out of id order, so every second
 * the watcher also re-reads the last two seconds' worth of ids; waking
 * twice is harmless because waiters re-read the chat from the database.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pl_db.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_util.h"

#define NBUCKETS	4096
#define HISTORY		64	/* (time, max id) samples, one per 250 ms */

struct pl_waiter {
	int			 kind;		/* 0: a chat, 1: a whole site */
	unsigned long long	 chat;		/* chat id or site id */
	long long		 version;	/* chat version or site cursor */
	int			 woken;
	pthread_cond_t		 cond;
	struct pl_waiter	*next;
};

static pthread_mutex_t		 lock = PTHREAD_MUTEX_INITIALIZER;
static struct pl_waiter		*buckets[NBUCKETS];
static unsigned			 nwaiting;
static int			 running;
static unsigned			 tick;
static const struct pl_conf	*wconf;

int
pl_notify_running(void)
{
	return running;
}

unsigned
pl_notify_waiting(void)
{
	unsigned n;

	pthread_mutex_lock(&lock);
	n = nwaiting;
	pthread_mutex_unlock(&lock);
	return n;
}

/* Wake the waiters of a chat (or site) older than version. Caller holds lock. */
static void
wake_locked(int kind, unsigned long long key, long long version)
{
	struct pl_waiter *w;

	for (w = buckets[(key * 2 + (unsigned)kind) % NBUCKETS]; w != NULL; w = w->next)
		if (w->kind == kind && w->chat == key && w->version < version && !w->woken) {
			w->woken = 1;
			pthread_cond_signal(&w->cond);
		}
}

void
pl_notify_local(unsigned long long chat, long long version,
    unsigned long site, long long change)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	wake_locked(0, chat, version);
	if (site > 0 && change > 0)
		wake_locked(1, site, change);
	pthread_mutex_unlock(&lock);
}

static struct pl_waiter *
enlist(int kind, unsigned long long key, long long version)
{
	struct pl_waiter	*w;
	size_t			 b = (key * 2 + (unsigned)kind) % NBUCKETS;

	if (!running || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->kind = kind;
	w->chat = key;
	w->version = version;
	pthread_cond_init(&w->cond, NULL);
	pthread_mutex_lock(&lock);
	w->next = buckets[b];
	buckets[b] = w;
	nwaiting++;
	pthread_mutex_unlock(&lock);
	return w;
}

struct pl_waiter *
pl_notify_register(unsigned long long chat, long long version)
{
	return enlist(0, chat, version);
}

struct pl_waiter *
pl_notify_register_site(unsigned long site, long long cursor)
{
	return enlist(1, site, cursor);
}

int
pl_notify_wait(struct pl_waiter *w, int timeout_ms)
{
	struct timespec	ts;
	int		woken, rc = 0;

	if (w == NULL)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&lock);
	while (!w->woken && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&w->cond, &lock, &ts);
	woken = w->woken;
	pthread_mutex_unlock(&lock);
	return woken;
}

void
pl_notify_unregister(struct pl_waiter *w)
{
	struct pl_waiter **pp;

	if (w == NULL)
		return;
	pthread_mutex_lock(&lock);
	for (pp = &buckets[(w->chat * 2 + (unsigned)w->kind) % NBUCKETS]; *pp != NULL;
	    pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			nwaiting--;
			break;
		}
	pthread_mutex_unlock(&lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

/* Read changes with id > after; returns the highest id seen (or after). */
static long long
scan(struct pl_db *db, long long after, int *ok)
{
	struct pl_q	q;
	long long	id = 0, chat = 0, version = 0, site = 0, max = after;
	int		rc;

	*ok = 0;
	pl_q_init(&q, db, ST_CHANGES_SINCE);
	pl_q_int(&q, after);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_int(&q, &chat, NULL);
	pl_q_out_int(&q, &version, NULL);
	pl_q_out_int(&q, &site, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return after;
	pthread_mutex_lock(&lock);
	while ((rc = pl_q_fetch(&q)) == 1) {
		if (nwaiting > 0) {
			wake_locked(0, (unsigned long long)chat, version);
			wake_locked(1, (unsigned long long)site, id);
		}
		if (id > max)
			max = id;
	}
	pthread_mutex_unlock(&lock);
	pl_q_done(&q);
	*ok = rc == 0;
	return max;
}

static void *
watcher(void *arg)
{
	struct pl_db	*db;
	struct pl_q	 q;
	long long	 last = -1, hist_id[HISTORY] = { 0 };
	int64_t		 hist_at[HISTORY] = { 0 }, last_catchup = 0, last_purge = 0;
	int64_t		 last_sample = 0;
	unsigned	 hpos = 0;
	int		 ok;

	if ((db = pl_db_new(wconf)) == NULL)
		return NULL;
	pl_db_request_start(db, "watcher");
	for (;;) {
		int64_t now = pl_now_ms();

		if (last < 0) {
			/* Start from the newest change: older ones woke nobody here. */
			pl_q_init(&q, db, ST_CHANGES_MAX);
			pl_q_out_int(&q, &last, NULL);
			if (pl_q_exec(&q) != PL_OK || pl_q_fetch(&q) != 1)
				last = -1;
			pl_q_done(&q);
			if (last < 0) {
				usleep(500 * 1000);
				continue;
			}
		}
		pl_db_request_start(db, "watcher");
		last = scan(db, last, &ok);
		if (!ok) {
			usleep(200 * 1000);
			continue;
		}
		if (now - last_sample >= 250) {
			hist_id[hpos % HISTORY] = last;
			hist_at[hpos % HISTORY] = now;
			hpos++;
			last_sample = now;
		}
		if (now - last_catchup >= 1000) {
			/* Re-read from the newest id seen two seconds ago: late commits. */
			long long	from = last;
			int64_t		best = 0;
			unsigned	i;

			for (i = 0; i < HISTORY; i++)
				if (hist_at[i] != 0 && now - hist_at[i] >= 2000 &&
				    hist_at[i] > best) {
					best = hist_at[i];
					from = hist_id[i];
				}
			if (best == 0)
				for (i = 0; i < HISTORY; i++)
					if (hist_at[i] != 0 && hist_id[i] < from)
						from = hist_id[i];
			if (from < last)
				(void)scan(db, from, &ok);
			last_catchup = now;
		}
		if (now - last_purge >= 60000) {
			pl_q_init(&q, db, ST_CHANGES_PURGE);
			(void)pl_q_exec(&q);
			pl_q_done(&q);
			last_purge = now;
		}
		usleep(tick * 1000);
	}
	return NULL;
}

int
pl_notify_start(const struct pl_conf *conf, unsigned tick_ms)
{
	pthread_t	t;
	pthread_attr_t	a;

	wconf = conf;
	tick = tick_ms > 0 ? tick_ms : 20;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, watcher, NULL) != 0) {
		pthread_attr_destroy(&a);
		return -1;
	}
	pthread_attr_destroy(&a);
	running = 1;
	return 0;
}
