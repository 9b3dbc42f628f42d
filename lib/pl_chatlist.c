/*
 * pl_chatlist.c: chat lists and details (see pl_chatlist.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl_chatlist.h"
#include "pl_db.h"
#include "pl_util.h"

void
pl_time_ms(char *t)
{
	if (strlen(t) == 27)
		memmove(t + 23, t + 26, 2);
}

/* One row of ST_QUEUE / ST_MY_CHATS, bound in select order. */
struct item_row {
	long long	 id, n1, n2, version, last_seq, contract;
	char		 dept[2], from[PL_UTF8_BYTES(255)], lang[9], name[PL_UTF8_BYTES(128)];
	char		 email[PL_UTF8_BYTES(254)], page[2049], title[PL_UTF8_BYTES(255)];
	char		 started[40], note[PL_UTF8_BYTES(500)];
	char		*query, *data;
};

static void
item_bind(struct pl_q *q, struct item_row *w, int mine)
{
	pl_q_out_int(q, &w->id, NULL);
	pl_q_out_str(q, w->dept, sizeof(w->dept), NULL, NULL);
	pl_q_out_str(q, w->from, sizeof(w->from), NULL, NULL);
	pl_q_out_str(q, w->lang, sizeof(w->lang), NULL, NULL);
	pl_q_out_str(q, w->name, sizeof(w->name), NULL, NULL);
	pl_q_out_str(q, w->email, sizeof(w->email), NULL, NULL);
	pl_q_out_dup(q, &w->query, NULL, NULL);
	pl_q_out_dup(q, &w->data, NULL, NULL);
	pl_q_out_str(q, w->page, sizeof(w->page), NULL, NULL);
	pl_q_out_str(q, w->title, sizeof(w->title), NULL, NULL);
	pl_q_out_str(q, w->started, sizeof(w->started), NULL, NULL);
	pl_q_out_int(q, &w->n1, NULL);	/* queue: waiting s; mine: visitor typing */
	pl_q_out_int(q, &w->n2, NULL);	/* sleeping */
	pl_q_out_int(q, &w->version, NULL);
	pl_q_out_int(q, &w->last_seq, NULL);
	pl_q_out_str(q, w->note, sizeof(w->note), NULL, NULL);
	if (mine)
		pl_q_out_int(q, &w->contract, NULL);
}

int
pl_chat_list(struct pl_db *db, unsigned long site, long long opid, int mine,
    int (*fn)(void *, const struct pl_chat_item *), void *arg)
{
	struct pl_q		 q;
	struct pl_chat_item	 it;
	struct item_row		*w;
	int			 rc, stop = 0;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return PL_ENOMEM;
	pl_q_init(&q, db, mine ? ST_MY_CHATS : ST_QUEUE);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, opid);
	item_bind(&q, w, mine);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		free(w);
		return PL_EDB;
	}
	while (stop == 0 && (rc = pl_q_fetch(&q)) == 1) {
		pl_time_ms(w->started);
		it = (struct pl_chat_item){ (unsigned long long)w->id, w->dept,
		    w->from, w->lang, w->name, w->email,
		    w->query != NULL ? w->query : "{}", w->data != NULL ? w->data : "{}",
		    w->page, w->title, w->note, w->started, mine ? 0 : w->n1,
		    mine && w->n1 != 0, w->n2 != 0, w->version, w->last_seq,
		    w->contract != 0 };
		/* The result set stays stored: fn may run other statements. */
		stop = fn(arg, &it);
		free(w->query);
		free(w->data);
		w->query = w->data = NULL;
	}
	free(w->query);
	free(w->data);
	pl_q_done(&q);
	free(w);
	if (stop != 0)
		return stop;
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_chat_detail(struct pl_db *db, unsigned long site, unsigned long long chat,
    struct pl_chat_detail *d)
{
	struct pl_q	q;
	long long	contract = 0;
	int		rc;

	memset(d, 0, sizeof(*d));
	pl_q_init(&q, db, ST_CHAT_DETAIL);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_out_str(&q, d->from, sizeof(d->from), NULL, NULL);
	pl_q_out_str(&q, d->lang, sizeof(d->lang), NULL, NULL);
	pl_q_out_str(&q, d->name, sizeof(d->name), NULL, NULL);
	pl_q_out_str(&q, d->email, sizeof(d->email), NULL, NULL);
	pl_q_out_dup(&q, &d->fields_json, NULL, NULL);
	pl_q_out_dup(&q, &d->data_json, NULL, NULL);
	pl_q_out_str(&q, d->page, sizeof(d->page), NULL, NULL);
	pl_q_out_str(&q, d->title, sizeof(d->title), NULL, NULL);
	pl_q_out_str(&q, d->started, sizeof(d->started), NULL, NULL);
	pl_q_out_int(&q, &contract, NULL);
	pl_q_out_int(&q, &d->visitor_id, NULL);
	pl_q_out_str(&q, d->contract_by, sizeof(d->contract_by), NULL, NULL);
	pl_q_out_str(&q, d->contract_at, sizeof(d->contract_at), NULL, NULL);
	pl_q_out_str(&q, d->note, sizeof(d->note), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK) {
		pl_chat_detail_free(d);
		return rc == PL_ENOTFOUND ? rc : PL_EDB;
	}
	pl_time_ms(d->started);
	d->contract = contract != 0;
	return PL_OK;
}

void
pl_chat_detail_free(struct pl_chat_detail *d)
{
	free(d->fields_json);
	free(d->data_json);
	d->fields_json = d->data_json = NULL;
}

static int
refs(struct pl_q *q, int preview, int (*fn)(void *, const struct pl_chat_ref *),
    void *arg)
{
	struct pl_chat_ref	r;
	long long		id;
	char			started[40], status[16], text[512] = "";
	int			rc, stop = 0;

	pl_q_out_int(q, &id, NULL);
	pl_q_out_str(q, started, sizeof(started), NULL, NULL);
	pl_q_out_str(q, status, sizeof(status), NULL, NULL);
	if (preview)
		pl_q_out_str(q, text, sizeof(text), NULL, NULL);
	if (pl_q_exec(q) != PL_OK) {
		pl_q_done(q);
		return PL_EDB;
	}
	while (stop == 0 && (rc = pl_q_fetch(q)) == 1) {
		pl_time_ms(started);
		r = (struct pl_chat_ref){ (unsigned long long)id, started, status, text };
		stop = fn(arg, &r);
	}
	pl_q_done(q);
	if (stop != 0)
		return stop;
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_visitor_chats(struct pl_db *db, unsigned long site, long long visitor,
    unsigned long long except, int (*fn)(void *, const struct pl_chat_ref *),
    void *arg)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_VISITOR_CHATS);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, visitor);
	pl_q_int(&q, (long long)except);
	return refs(&q, 0, fn, arg);
}

int
pl_visitor_history(struct pl_db *db, unsigned long site, long long visitor,
    int (*fn)(void *, const struct pl_chat_ref *), void *arg)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_HISTORY_LIST);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, visitor);
	return refs(&q, 1, fn, arg);
}

int
pl_queue_count(struct pl_db *db, unsigned long site, long long opid, long long *n)
{
	struct pl_q q;

	*n = 0;
	pl_q_init(&q, db, ST_QUEUE_COUNT);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, opid);
	pl_q_out_int(&q, n, NULL);
	return pl_q_row(&q) == PL_OK ? PL_OK : PL_EDB;
}
