/*
 * pl_outbox.c: the mail outbox (see pl_outbox.h).
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_chat.h"
#include "pl_db.h"
#include "pl_log.h"
#include "pl_mail.h"
#include "pl_outbox.h"
#include "pl_util.h"

struct mail {
	long long	 id, site, html, attempts;
	char		 rcpt[PL_UTF8_BYTES(254)];
	char		 reply_to[PL_UTF8_BYTES(254)];
	char		 subject[PL_UTF8_BYTES(255)];
	char		*body;
};

/*
 * Claim the oldest due message: a lease of a few minutes, taken in a
 * short transaction that skips rows other senders hold. PL_OK (m
 * filled; free m->body), PL_ENOTFOUND (nothing due), PL_EDB.
 */
static int
claim(struct pl_db *db, struct mail *m)
{
	struct pl_q	q;
	int		rc;

	memset(m, 0, sizeof(*m));
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_OUTBOX_DUE);
	pl_q_out_int(&q, &m->id, NULL);
	pl_q_out_int(&q, &m->site, NULL);
	pl_q_out_str(&q, m->rcpt, sizeof(m->rcpt), NULL, NULL);
	pl_q_out_str(&q, m->reply_to, sizeof(m->reply_to), NULL, NULL);
	pl_q_out_str(&q, m->subject, sizeof(m->subject), NULL, NULL);
	pl_q_out_dup(&q, &m->body, NULL, NULL);
	pl_q_out_int(&q, &m->html, NULL);
	pl_q_out_int(&q, &m->attempts, NULL);
	if ((rc = pl_q_row(&q)) == PL_OK) {
		pl_q_init(&q, db, ST_OUTBOX_LEASE);
		pl_q_int(&q, m->id);
		rc = pl_q_run(&q);
	}
	if (rc == PL_OK && pl_db_commit(db) == PL_OK)
		return PL_OK;
	pl_db_rollback(db);
	free(m->body);
	m->body = NULL;
	return rc == PL_ENOTFOUND ? PL_ENOTFOUND : PL_EDB;
}

/*
 * Sent: the body is not kept. Failed: again later, or given up. Either
 * way the attempt is recorded, in the same transaction.
 */
static int
settle(struct pl_db *db, const struct mail *m, int ok, const char *err)
{
	struct pl_q	q;
	long long	pause = 30LL << (m->attempts < 7 ? m->attempts : 7);

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	pl_q_init(&q, db, ST_OUTBOX_ATTEMPT);
	pl_q_int(&q, m->id);
	pl_q_int(&q, m->site);
	pl_q_int(&q, ok);
	pl_q_cstr(&q, ok ? "" : err);
	if (pl_q_run(&q) != PL_OK) {
		pl_db_rollback(db);
		return PL_EDB;
	}
	if (ok) {
		pl_q_init(&q, db, ST_OUTBOX_SENT);
		pl_q_int(&q, m->id);
	} else {
		pl_q_init(&q, db, ST_OUTBOX_RETRY);
		pl_q_int(&q, pause < 3600 ? pause : 3600);
		pl_q_int(&q, m->attempts + 1 >= PL_OUTBOX_TRIES);
		pl_q_cstr(&q, err);
		pl_q_int(&q, m->id);
	}
	if (pl_q_run(&q) == PL_OK && pl_db_commit(db) == PL_OK)
		return PL_OK;
	pl_db_rollback(db);
	return PL_EDB;
}

int
pl_outbox_flush(struct pl_db *db, const struct pl_conf *conf, unsigned max,
    unsigned *sent, unsigned *failed)
{
	struct mail	m;
	char		err[256];
	unsigned	i;
	int		rc = PL_OK, ok;

	*sent = *failed = 0;
	for (i = 0; i < max && (rc = claim(db, &m)) == PL_OK; i++) {
		struct pl_mail_msg msg = { m.rcpt, m.reply_to, m.subject,
		    m.body != NULL ? m.body : "", (int)m.html };

		err[0] = '\0';
		ok = pl_mail_send(conf, &msg, err, sizeof(err)) == PL_OK;
		free(m.body);
		if (ok)
			(*sent)++;
		else {
			(*failed)++;
			pl_log(NULL, PL_LOG_WARN, "mail %lld not sent (try %lld): %s",
			    m.id, m.attempts + 1, err);
		}
		if ((rc = settle(db, &m, ok, err)) != PL_OK)
			break;
	}
	return rc == PL_OK || rc == PL_ENOTFOUND ? PL_OK : PL_EDB;
}

static const struct pl_conf *sconf;

static void *
housekeeper(void *arg)
{
	struct pl_db	*db;
	unsigned	 sent, failed, closed, ticks = 0;
	int		 mail = sconf->smtp_url != NULL && sconf->smtp_url[0] != '\0';

	(void)arg;
	if ((db = pl_db_new(sconf)) == NULL)
		return NULL;
	for (;; ticks++) {
		pl_db_request_start(db, "housekeeping");
		if (mail)
			(void)pl_outbox_flush(db, sconf, 20, &sent, &failed);
		if (ticks % 15 == 0 && pl_chat_expire(db, sconf->waiting_timeout_min,
		    100, &closed) == PL_OK && closed > 0)
			pl_log(NULL, PL_LOG_INFO, "%u waiting chats closed: nobody took them",
			    closed);
		sleep(1);
	}
	return NULL;
}

int
pl_outbox_start(const struct pl_conf *conf)
{
	pthread_t	t;
	pthread_attr_t	a;
	int		rc;

	sconf = conf;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &a, housekeeper, NULL) == 0 ? 0 : -1;
	pthread_attr_destroy(&a);
	return rc;
}
