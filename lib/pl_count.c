/*
 * pl_count.c: page views and their group commit (see pl_count.h).
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "pl_count.h"
#include "pl_db.h"
#include "pl_log.h"

#define BATCH_MAX	256	/* hits in one transaction */
#define QUEUE_MAX	4096	/* hits waiting; beyond, requests get 503 */

/*
 * The hits as one JSON array, one statement for all of them: a round trip
 * per batch, not per hit. NULL when out of memory.
 */
static char *
batch_json(const struct pl_hit *h, size_t n)
{
	cJSON	*arr = cJSON_CreateArray(), *o;
	char	 dept[2] = { 0, 0 }, *out;
	size_t	 i;

	for (i = 0; i < n; i++) {
		dept[0] = h[i].dept;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "n", (double)i);
		cJSON_AddNumberToObject(o, "c", (double)h[i].site.customer);
		cJSON_AddNumberToObject(o, "i", (double)h[i].site.instance);
		cJSON_AddStringToObject(o, "v", h[i].visitor);
		cJSON_AddStringToObject(o, "a", h[i].addr);
		cJSON_AddStringToObject(o, "h", h[i].host);
		cJSON_AddStringToObject(o, "u", h[i].agent);
		cJSON_AddStringToObject(o, "p", h[i].page);
		cJSON_AddStringToObject(o, "t", h[i].title);
		cJSON_AddStringToObject(o, "r", h[i].referrer);
		cJSON_AddStringToObject(o, "d", dept);
		cJSON_AddStringToObject(o, "l", h[i].lang);
		cJSON_AddStringToObject(o, "x", h[i].data[0] != '\0' ? h[i].data : "{}");
		cJSON_AddItemToArray(arr, o);
	}
	out = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	return out;
}

/*
 * Which hits name no (or a suspended) site: their rc becomes PL_ENOTFOUND.
 * The number of them, or -1.
 */
static long
mark_unknown(struct pl_db *db, const char *json, struct pl_hit *h, size_t n)
{
	struct pl_q	q;
	long long	k;
	long		unknown = 0;
	int		rc;

	pl_q_init(&q, db, ST_COUNT_UNKNOWN);
	pl_q_cstr(&q, json);
	pl_q_out_int(&q, &k, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return -1;
	}
	while ((rc = pl_q_fetch(&q)) == 1)
		if (k >= 0 && (size_t)k < n && h[k].rc != PL_ENOTFOUND) {
			h[k].rc = PL_ENOTFOUND;
			unknown++;
		}
	pl_q_done(&q);
	return rc < 0 ? -1 : unknown;
}

/*
 * Today's salt exists (made once a day; on the first hit of a day the
 * older ones go). The day this process made sure of it is remembered, so
 * a batch costs no statement for it; force asks the database again.
 */
static int
salt(struct pl_db *db, int force)
{
	static long	ensured = -1;	/* the UTC day, since the epoch */
	struct pl_q	q;
	long		today = (long)(time(NULL) / 86400);
	int		rc, made;

	if (!force && ensured == today)
		return PL_OK;
	pl_q_init(&q, db, ST_COUNT_SALT);
	if ((rc = pl_q_exec(&q)) != PL_OK) {
		pl_q_done(&q);
		return rc;
	}
	made = pl_q_affected(&q) > 0;
	pl_q_done(&q);
	if (made) {
		pl_q_init(&q, db, ST_COUNT_SALT_DROP);
		if ((rc = pl_q_run(&q)) != PL_OK)
			return rc;
	}
	ensured = today;
	return PL_OK;
}

/* The hits' one INSERT (atomic on its own): how many were stored, or -1. */
static long
insert_batch(struct pl_db *db, const char *json)
{
	struct pl_q		q;
	unsigned long long	stored;
	int			rc;

	pl_q_init(&q, db, ST_COUNT_BATCH);
	pl_q_cstr(&q, json);
	rc = pl_q_exec(&q);
	stored = pl_q_affected(&q);
	pl_q_done(&q);
	return rc == PL_OK ? (long)stored : -1;
}

/*
 * One statement, one round trip and one log flush for the whole batch:
 * the INSERT runs in autocommit mode and is its own transaction. Hits of
 * unknown sites are left out by its join; only when some are missing does
 * a second look say which. When none was stored and none is unknown, the
 * database's day has no salt yet (its clock passed midnight before ours):
 * make it and try once more.
 */
int
pl_count_store(struct pl_db *db, struct pl_hit *hits, size_t n)
{
	char	*json;
	long	 stored = -1, unknown = 0;
	size_t	 i;
	int	 attempt;

	for (i = 0; i < n; i++)
		hits[i].rc = PL_EDB;
	if ((json = batch_json(hits, n)) == NULL)
		return PL_EDB;
	for (attempt = 0; attempt < 2; attempt++) {
		for (i = 0; i < n; i++)
			hits[i].rc = PL_EDB;
		if (salt(db, attempt > 0) != PL_OK ||
		    (stored = insert_batch(db, json)) < 0)
			break;
		if ((size_t)stored == n)
			break;
		if ((unknown = mark_unknown(db, json, hits, n)) < 0 ||
		    (size_t)(stored + unknown) == n || stored > 0)
			break;
	}
	cJSON_free(json);
	if (stored < 0 || unknown < 0 || (size_t)(stored + unknown) != n) {
		for (i = 0; i < n; i++)
			hits[i].rc = PL_EDB;
		return PL_EDB;
	}
	for (i = 0; i < n; i++)
		if (hits[i].rc != PL_ENOTFOUND)
			hits[i].rc = PL_OK;
	return PL_OK;
}

/* ---- the committer ---------------------------------------------------------- */

struct slot {
	struct pl_hit	*hit;
	pthread_cond_t	 cv;		/* its request waits on it alone */
	int		 done;
	int		 abandoned;	/* its request stopped waiting: free it here */
	struct slot	*next;
};

static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 more = PTHREAD_COND_INITIALIZER;
static struct slot	*head, *tail;
static unsigned		 queued;
static int		 running;
static const struct pl_conf *cconf;

int
pl_count_running(void)
{
	return running;
}

/* Take what has queued up, at most BATCH_MAX, in order. */
static size_t
take(struct slot **batch)
{
	size_t n = 0;

	pthread_mutex_lock(&mu);
	while (head == NULL)
		pthread_cond_wait(&more, &mu);
	while (head != NULL && n < BATCH_MAX) {
		batch[n++] = head;
		head = head->next;
	}
	if (head == NULL)
		tail = NULL;
	pthread_mutex_unlock(&mu);
	return n;
}

static void
settle(struct slot **batch, size_t n)
{
	size_t i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < n; i++) {
		batch[i]->done = 1;
		if (batch[i]->abandoned) {
			pthread_cond_destroy(&batch[i]->cv);
			free(batch[i]->hit);
			free(batch[i]);
		} else
			pthread_cond_signal(&batch[i]->cv);
	}
	queued -= (unsigned)n;
	pthread_mutex_unlock(&mu);
}

static void *
committer(void *arg)
{
	struct slot	*batch[BATCH_MAX];
	struct pl_hit	*hits;
	struct pl_db	*db;
	size_t		 n, i;

	(void)arg;
	if ((db = pl_db_new(cconf)) == NULL ||
	    (hits = calloc(BATCH_MAX, sizeof(*hits))) == NULL)
		abort();	/* the master restarts the worker */
	for (;;) {
		n = take(batch);
		for (i = 0; i < n; i++)
			hits[i] = *batch[i]->hit;
		pl_db_request_start(db, "count");
		if (pl_db_connect(db) != PL_OK || pl_count_store(db, hits, n) != PL_OK)
			for (i = 0; i < n; i++)
				hits[i].rc = PL_EDB;
		for (i = 0; i < n; i++)
			batch[i]->hit->rc = hits[i].rc;
		settle(batch, n);
		/*
		 * A small batch: let a few more hits gather before the next
		 * commit (each costs the database a log flush), at most 2 ms.
		 */
		if (n < BATCH_MAX / 8)
			usleep(2000);
	}
	return NULL;
}

int
pl_count_start(const struct pl_conf *conf)
{
	pthread_t	t;
	pthread_attr_t	a;
	int		rc;

	cconf = conf;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &a, committer, NULL) == 0 ? 0 : -1;
	pthread_attr_destroy(&a);
	running = rc == 0;
	return rc;
}

int
pl_count_submit(struct pl_hit *hit, unsigned timeout_ms)
{
	struct slot	*s;
	struct pl_hit	*copy;
	struct timespec	 until;
	int		 rc = PL_OK;

	if ((s = calloc(1, sizeof(*s))) == NULL || (copy = malloc(sizeof(*copy))) == NULL) {
		free(s);
		return PL_ELIMIT;
	}
	*copy = *hit;
	s->hit = copy;
	pthread_cond_init(&s->cv, NULL);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&mu);
	if (queued >= QUEUE_MAX) {
		pthread_mutex_unlock(&mu);
		pthread_cond_destroy(&s->cv);
		free(copy);
		free(s);
		return PL_ELIMIT;
	}
	if (tail != NULL)
		tail->next = s;
	else
		head = s;
	tail = s;
	queued++;
	pthread_cond_signal(&more);
	while (!s->done && rc == PL_OK)
		if (pthread_cond_timedwait(&s->cv, &mu, &until) == ETIMEDOUT)
			rc = PL_EDB;
	if (s->done) {
		hit->rc = copy->rc;
		pthread_cond_destroy(&s->cv);
		free(copy);
		free(s);
		rc = PL_OK;
	} else
		s->abandoned = 1;	/* the committer frees it */
	pthread_mutex_unlock(&mu);
	return rc;
}
