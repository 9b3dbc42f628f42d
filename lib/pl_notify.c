/*
 * pl_notify.c: the long-poll wake-up machinery of a threaded process.
 *
 * Waiting threads put a struct pl_waiter (on their own stack) into a hash
 * table keyed by chat id and sleep on their condition variable. The
 * watcher thread reads new rows of chat_changes every tick (its own
 * database connection) and wakes the waiters of each changed chat whose
 * version is older. Changes may commit out of id order: the watcher
 * re-reads from the first hole in the ids until it is filled (see scan).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <stdio.h>

#include "pl_db.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_util.h"

#define NBUCKETS	4096

struct pl_waiter {
	int			 kind;		/* 0: a chat, 1: a whole site */
	unsigned long long	 chat;		/* chat id or site id */
	long long		 version;	/* chat version or site cursor */
	long long		 op;		/* site waiters: the console's operator */
	int			 woken;
	int			 superseded;	/* a newer poll of the chat took over */
	int			 counted;	/* in addrs[] */
	char			 who[PL_IP_ANON_MAX];	/* the client's address */
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

/*
 * Wake the waiters of a chat (kind 0) older than version, or the consoles
 * of a site (kind 1) behind change id `version` that the change concerns:
 * op 0 is the queue (everyone), op > 0 one operator, op < 0 unknown (all;
 * they look again and wait on if it was not theirs). Caller holds lock.
 */
static void
wake_locked(int kind, unsigned long long key, long long version, long long op)
{
	struct pl_waiter *w;

	for (w = buckets[(key * 2 + (unsigned)kind) % NBUCKETS]; w != NULL; w = w->next)
		if (w->kind == kind && w->chat == key && w->version < version && !w->woken &&
		    (kind == 0 || op <= 0 || op == w->op)) {
			w->woken = 1;
			pthread_cond_signal(&w->cond);
		}
}

void
pl_notify_local(unsigned long long chat, long long version,
    unsigned long site, long long change, long long op)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	if (version > 0)
		wake_locked(0, chat, version, 0);
	if (site > 0)
		wake_locked(1, site, change > 0 ? change : LLONG_MAX, op);
	pthread_mutex_unlock(&lock);
}

/*
 * Held polls per client address, in a small open-addressing table
 * (caller holds lock). Slots whose count falls to 0 stay as tombstones
 * for their address until reused by it.
 */
#define NADDRS	4096

struct addr_count {
	char		who[PL_IP_ANON_MAX];
	unsigned	n;
};

static struct addr_count	 addrs[NADDRS];
static unsigned			 capacity;	/* held polls per process; 0: no cap */

static struct addr_count *
addr_slot(const char *who)
{
	unsigned long	h = 5381;
	const char	*p;
	size_t		 i, at, free_at = NADDRS;

	for (p = who; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	for (i = 0; i < NADDRS; i++) {
		at = (h + i) % NADDRS;
		if (strcmp(addrs[at].who, who) == 0)
			return &addrs[at];
		if (addrs[at].n == 0 && free_at == NADDRS)
			free_at = at;
		if (addrs[at].who[0] == '\0')
			break;
	}
	if (free_at == NADDRS)
		return NULL;
	snprintf(addrs[free_at].who, sizeof(addrs[free_at].who), "%s", who);
	return &addrs[free_at];
}

void
pl_notify_capacity(unsigned threads)
{
	/* Keep threads free for everything that is not a held poll. */
	capacity = threads > 32 ? threads - threads / 8 : threads / 2;
}

static struct pl_waiter *
enlist(int kind, unsigned long long key, long long version, long long op,
    const char *who, int *rc)
{
	struct pl_waiter	*w, *o;
	struct addr_count	*a = NULL;
	size_t			 b = (key * 2 + (unsigned)kind) % NBUCKETS;
	unsigned		 per_addr = wconf != NULL ? wconf->poll_per_addr : 0;

	*rc = PL_OK;
	if (!running || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->kind = kind;
	w->chat = key;
	w->version = version;
	w->op = op;
	snprintf(w->who, sizeof(w->who), "%s", who != NULL ? who : "");
	pthread_cond_init(&w->cond, NULL);
	pthread_mutex_lock(&lock);
	if (capacity > 0 && nwaiting >= capacity)
		*rc = PL_ETOOBIG;
	else if (per_addr > 0 && (a = addr_slot(w->who)) != NULL && a->n >= per_addr)
		*rc = PL_ELIMIT;
	if (*rc != PL_OK) {
		pthread_mutex_unlock(&lock);
		pthread_cond_destroy(&w->cond);
		free(w);
		return NULL;
	}
	/* One held poll per chat: a newer one answers the older at once. */
	for (o = kind == 0 ? buckets[b] : NULL; o != NULL; o = o->next)
		if (o->kind == 0 && o->chat == key && !o->woken) {
			o->woken = o->superseded = 1;
			pthread_cond_signal(&o->cond);
		}
	if (a != NULL)
		a->n++;
	w->counted = a != NULL;
	w->next = buckets[b];
	buckets[b] = w;
	nwaiting++;
	pthread_mutex_unlock(&lock);
	return w;
}

struct pl_waiter *
pl_notify_register(unsigned long long chat, long long version, const char *who,
    int *rc)
{
	return enlist(0, chat, version, 0, who, rc);
}

struct pl_waiter *
pl_notify_register_console(unsigned long site, long long op, long long cursor,
    const char *who, int *rc)
{
	return enlist(1, site, cursor, op, who, rc);
}

int
pl_notify_superseded(const struct pl_waiter *w)
{
	int s;

	if (w == NULL)
		return 0;
	pthread_mutex_lock(&lock);
	s = w->superseded;
	pthread_mutex_unlock(&lock);
	return s;
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
			struct addr_count *a;

			*pp = w->next;
			nwaiting--;
			if (w->counted && (a = addr_slot(w->who)) != NULL && a->n > 0)
				a->n--;
			break;
		}
	pthread_mutex_unlock(&lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

/*
 * Read changes with id > after and wake their waiters. Returns where the
 * next scan starts: the end of the run of ids without holes. A hole is a
 * change whose transaction took an id but has not committed yet; it is
 * read again on every tick until it appears, or given up on after
 * HOLE_MS (a rolled-back insert leaves a hole for good). Changes read
 * twice wake nobody twice: waiters compare versions.
 */
#define HOLE_MS	3000

static long long
scan(struct pl_db *db, long long after, int64_t *hole_since, int *ok)
{
	struct pl_q	q;
	long long	id = 0, chat = 0, version = 0, site = 0, op = 0;
	long long	max = after, contiguous = after;
	int		rc;

	*ok = 0;
	pl_q_init(&q, db, ST_CHANGES_SINCE);
	pl_q_int(&q, after);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_int(&q, &chat, NULL);
	pl_q_out_int(&q, &version, NULL);
	pl_q_out_int(&q, &site, NULL);
	pl_q_out_int(&q, &op, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return after;
	pthread_mutex_lock(&lock);
	while ((rc = pl_q_fetch(&q)) == 1) {
		if (nwaiting > 0) {
			wake_locked(0, (unsigned long long)chat, version, 0);
			wake_locked(1, (unsigned long long)site, id, op);
		}
		if (id == contiguous + 1)
			contiguous = id;
		if (id > max)
			max = id;
	}
	pthread_mutex_unlock(&lock);
	pl_q_done(&q);
	*ok = rc == 0;
	if (contiguous == max) {
		*hole_since = 0;
		return max;
	}
	if (*hole_since == 0)
		*hole_since = pl_now_ms();
	else if (pl_now_ms() - *hole_since > HOLE_MS) {
		*hole_since = 0;
		return max;
	}
	return contiguous;
}

static void *
watcher(void *arg)
{
	struct pl_db	*db;
	struct pl_q	 q;
	long long	 last = -1;
	int64_t		 hole_since = 0, last_purge = 0;
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
		last = scan(db, last, &hole_since, &ok);
		if (!ok) {
			usleep(200 * 1000);
			continue;
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
