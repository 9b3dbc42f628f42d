/*
 * pl_chat.c: chats and messages in the database (see pl_chat.h). Every
 * statement is scoped by site; a chat of another site is "not found".
 *
 * Writes go through chat_tx(): BEGIN, one locking read of the chat row
 * (tx_lock, which also decides whether the actor may act), the action's
 * statements, then tx_finish (the new last_seq, the change rows for the
 * consoles concerned) and COMMIT; the local long-polls are woken after
 * the commit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "pl_chat.h"
#include "pl_db.h"
#include "pl_notify.h"
#include "pl_site.h"
#include "pl_text.h"

static const char *const senders[] = { "visitor", "operator", "system" };

enum need { NEED_SEE, NEED_OWN };

/*
 * May the actor act on a chat with this row (found: there is one)?
 * PL_OK, PL_ENOTFOUND (also for a wrong token or a chat the operator
 * may not see), PL_EDENIED (needs its own active chat).
 */
static int
may(const struct pl_actor *a, int found, const char *hash, const char *status,
    const char *dept, long long owner, enum need need)
{
	char	given[PL_HASH_HEX];
	int	visible;

	if (a == NULL || a->tool)
		return found ? PL_OK : PL_ENOTFOUND;
	if (a->who == PL_FROM_VISITOR) {
		pl_sha256_hex(a->token, strlen(a->token), given);
		/* The same work for a missing chat: compare against itself. */
		if (!pl_secure_streq(found ? hash : given, given) || !found)
			return PL_ENOTFOUND;
		return PL_OK;
	}
	if (!found)
		return PL_ENOTFOUND;
	visible = dept[0] == '\0' ||
	    (a->depts != NULL && strchr(a->depts, dept[0]) != NULL);
	if (!visible && owner != a->operator_id)
		return PL_ENOTFOUND;
	if (need == NEED_OWN && (owner != a->operator_id ||
	    strcmp(status, "active") != 0))
		return PL_EDENIED;
	return PL_OK;
}

int
pl_chat_get(struct pl_db *db, unsigned long site, unsigned long long id,
    const struct pl_actor *who, struct pl_chat *c)
{
	struct pl_q	 q;
	char		 hash[PL_HASH_HEX] = "";
	long long	 sleeping = 0, typing = 0;
	int		 rc;

	memset(c, 0, sizeof(*c));
	pl_q_init(&q, db, ST_CHAT_GET);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
	pl_q_out_str(&q, c->status, sizeof(c->status), NULL, NULL);
	pl_q_out_int(&q, &c->version, NULL);
	pl_q_out_int(&q, &c->last_seq, NULL);
	pl_q_out_str(&q, c->dept, sizeof(c->dept), NULL, NULL);
	pl_q_out_int(&q, &sleeping, NULL);
	pl_q_out_int(&q, &typing, NULL);
	pl_q_out_str(&q, c->op_name, sizeof(c->op_name), NULL, NULL);
	pl_q_out_int(&q, &c->visitor_id, NULL);
	pl_q_out_int(&q, &c->operator_id, NULL);
	pl_q_out_str(&q, c->lang, sizeof(c->lang), NULL, NULL);
	rc = pl_q_row(&q);
	if (rc != PL_OK && rc != PL_ENOTFOUND)
		return PL_EDB;
	if ((rc = may(who, rc == PL_OK, hash, c->status, c->dept,
	    c->operator_id, NEED_SEE)) != PL_OK) {
		memset(c, 0, sizeof(*c));
		return rc;
	}
	c->id = id;
	c->sleeping = sleeping != 0;
	c->op_typing = typing != 0;
	return PL_OK;
}

/* ---- the transaction of one action -------------------------------------- */

struct tx {
	struct pl_db		*db;
	unsigned long		 site;
	unsigned long long	 chat;
	const struct pl_actor	*who;
	/* The locked row, kept up to date by the action. */
	char			 status[16];
	long long		 owner;		/* operator_id; 0: the queue's */
	char			 dept[2];
	char			 lang[9];
	long long		 last_seq;
	long long		 version;
	/* What the action did. */
	int			 changed;	/* the version was bumped */
	int			 seq_dirty;	/* messages were added */
	long long		 also;		/* another console to tell; -1 none */
	long long		 change;	/* first chat_changes id written */
};

typedef int (*tx_fn)(struct tx *, void *);

static int
tx_lock(struct tx *t, enum need need)
{
	struct pl_q	q;
	char		hash[PL_HASH_HEX] = "";
	int		rc;

	pl_q_init(&q, t->db, ST_CHAT_LOCK);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
	pl_q_out_str(&q, t->status, sizeof(t->status), NULL, NULL);
	pl_q_out_int(&q, &t->owner, NULL);
	pl_q_out_str(&q, t->dept, sizeof(t->dept), NULL, NULL);
	pl_q_out_str(&q, t->lang, sizeof(t->lang), NULL, NULL);
	pl_q_out_int(&q, &t->last_seq, NULL);
	pl_q_out_int(&q, &t->version, NULL);
	rc = pl_q_row(&q);
	if (rc != PL_OK && rc != PL_ENOTFOUND)
		return rc;
	return may(t->who, rc == PL_OK, hash, t->status, t->dept, t->owner, need);
}

/* Run an UPDATE of the chat that bumps its version (its binds end in site, chat). */
static int
tx_update(struct tx *t, struct pl_q *q)
{
	int rc;

	pl_q_int(q, (long long)t->site);
	pl_q_int(q, (long long)t->chat);
	if ((rc = pl_q_exec(q)) == PL_OK && pl_q_affected(q) > 0) {
		t->version = (long long)pl_q_insert_id(q);
		t->changed = 1;
	}
	pl_q_done(q);
	return rc;
}

/* Add a message; PL_EDUP when its client_id was used before. */
static int
tx_message(struct tx *t, enum pl_sender from, long long opid,
    const char *client_id, const char *text, size_t len, long long file_id,
    long long *seq)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, t->db, ST_MSG_INSERT);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_int(&q, t->last_seq + 1);
	pl_q_cstr(&q, senders[from]);
	if (opid > 0)
		pl_q_int(&q, opid);
	else
		pl_q_null(&q);
	pl_q_cstr(&q, client_id);
	pl_q_str(&q, text, len);
	if (file_id > 0)
		pl_q_int(&q, file_id);
	else
		pl_q_null(&q);
	if ((rc = pl_q_run(&q)) != PL_OK)
		return rc;
	*seq = ++t->last_seq;
	t->seq_dirty = 1;
	return PL_OK;
}

/* A system message for an event (its id keeps it single). */
static int
tx_note(struct tx *t, const char *kind, const char *event_id, const char *text)
{
	char		cid[64];
	long long	seq;
	int		rc;

	if (t->who->tool)	/* plauder-admin acts silently */
		return PL_OK;
	snprintf(cid, sizeof(cid), "%s-%.40s", kind, event_id != NULL ? event_id : "");
	rc = tx_message(t, PL_FROM_SYSTEM, t->who->operator_id, cid, text,
	    strlen(text), 0, &seq);
	return rc == PL_EDUP ? PL_OK : rc;
}

/* The seq of the actor's message with this client_id: PL_OK, PL_ENOTFOUND, PL_EDB. */
static int
tx_find_message(struct tx *t, const char *client_id, long long *seq)
{
	struct pl_q q;

	pl_q_init(&q, t->db, ST_MSG_BY_CLIENT);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_cstr(&q, senders[t->who->who]);
	pl_q_cstr(&q, client_id);
	pl_q_out_int(&q, seq, NULL);
	return pl_q_row(&q);
}

/* The new last_seq, then a change row per console concerned. */
static int
tx_finish(struct tx *t)
{
	struct pl_q	q;
	int		rc, two;

	if (t->seq_dirty) {
		pl_q_init(&q, t->db, ST_CHAT_SET_SEQ);
		pl_q_int(&q, t->last_seq);
		if ((rc = tx_update(t, &q)) != PL_OK)
			return rc;
	}
	if (!t->changed)
		return PL_OK;
	two = t->also >= 0 && t->also != t->owner;
	pl_q_init(&q, t->db, two ? ST_CHANGE_INSERT_2 : ST_CHANGE_INSERT_FOR);
	pl_q_int(&q, (long long)t->chat);
	pl_q_int(&q, t->version);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, t->owner);
	if (two) {
		pl_q_int(&q, (long long)t->chat);
		pl_q_int(&q, t->version);
		pl_q_int(&q, (long long)t->site);
		pl_q_int(&q, t->also);
	}
	rc = pl_q_exec(&q);
	t->change = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	if (!two)
		t->also = -1;
	return rc;
}

/*
 * InnoDB may pick a transaction as a deadlock victim (or time out a lock
 * wait) and roll it back: run it again, a few times, after a short pause.
 */
#define TX_TRIES	4

static void
tx_pause(int attempt)
{
	usleep((useconds_t)(1000 * (1 + randombytes_uniform(5u << attempt))));
}

static int
tx_once(struct tx *t, enum need need, tx_fn fn, void *arg)
{
	int rc;

	if (pl_db_begin(t->db) != PL_OK)
		return PL_EDB;
	if ((rc = tx_lock(t, need)) == PL_OK && (rc = fn(t, arg)) == PL_OK &&
	    (rc = tx_finish(t)) == PL_OK)
		return pl_db_commit(t->db) == PL_OK ? PL_OK : PL_EDB;
	pl_db_rollback(t->db);
	return rc;
}

static int
chat_tx(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, enum need need, tx_fn fn, void *arg,
    long long *version)
{
	struct tx	t;
	int		attempt, rc = PL_EDB;

	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		memset(&t, 0, sizeof(t));
		t.db = db;
		t.site = site;
		t.chat = chat;
		t.who = who;
		t.also = -1;
		if ((rc = tx_once(&t, need, fn, arg)) != PL_ERETRY)
			break;
		tx_pause(attempt);
	}
	if (rc == PL_OK && t.changed) {
		pl_notify_local(chat, t.version, site, t.change, t.owner);
		if (t.also >= 0)
			pl_notify_local(chat, 0, site, t.change + 1, t.also);
	}
	if (version != NULL)
		*version = rc == PL_OK ? t.version : 0;
	switch (rc) {
	case PL_OK: case PL_ENOTFOUND: case PL_EDENIED: case PL_ECLOSED:
	case PL_ESTATE: case PL_EINVAL: case PL_ELIMIT: case PL_ETOOBIG:
	case PL_EQUOTA: case PL_ENOTYET: case PL_EDUP:
		return rc;
	default:
		return PL_EDB;
	}
}

/* ---- messages and files ---------------------------------------------------- */

struct post {
	const char		*client_id;
	const char		*text;
	size_t			 len;
	const char		*fname, *ftype, *fdata;	/* fname NULL: no file */
	size_t			 flen;
	struct pl_posted	*out;
};

static int
store_file(struct tx *t, const struct post *p, long long *file_id)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, t->db, ST_FILE_INSERT);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_cstr(&q, p->fname);
	pl_q_cstr(&q, p->ftype);
	pl_q_int(&q, (long long)p->flen);
	pl_q_blob(&q, p->fdata, p->flen);
	rc = pl_q_exec(&q);
	*file_id = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	return rc;
}

/* Room in the chat and the site for one more file of len bytes? */
static int
file_room(struct tx *t, const struct pl_chat_caps *c, size_t len)
{
	struct pl_q	q;
	long long	files = 0, bytes = 0, used = 0;
	int		rc;

	if (c->max_files > 0 || c->max_file_bytes > 0) {
		pl_q_init(&q, t->db, ST_CHAT_FILES_USED);
		pl_q_int(&q, (long long)t->site);
		pl_q_int(&q, (long long)t->chat);
		pl_q_out_int(&q, &files, NULL);
		pl_q_out_int(&q, &bytes, NULL);
		if ((rc = pl_q_row(&q)) != PL_OK)
			return rc;
		if ((c->max_files > 0 && files >= (long long)c->max_files) ||
		    (c->max_file_bytes > 0 &&
		    (unsigned long long)bytes + len > c->max_file_bytes))
			return PL_ETOOBIG;
	}
	if (c->site_quota_bytes == 0)
		return PL_OK;
	pl_q_init(&q, t->db, ST_USAGE_GET);
	pl_q_int(&q, (long long)t->site);
	pl_q_out_int(&q, &used, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	return (unsigned long long)used + len > c->site_quota_bytes ? PL_EQUOTA : PL_OK;
}

/* A visitor's file in a chat nobody accepted yet: only where the site allows it. */
static int
upload_allowed(struct tx *t)
{
	struct pl_site_rules rules;

	if (t->who->who != PL_FROM_VISITOR || strcmp(t->status, "waiting") != 0)
		return PL_OK;
	if (pl_site_rules(t->db, t->site, &rules) != PL_OK)
		return PL_EDB;
	return rules.uploads_waiting ? PL_OK : PL_ENOTYET;
}

/* The file's bytes count towards the site's usage, in the same transaction. */
static int
count_usage(struct tx *t, size_t len)
{
	struct pl_q q;

	pl_q_init(&q, t->db, ST_USAGE_ADD);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)len);
	return pl_q_run(&q);
}

static int
act_post(struct tx *t, void *arg)
{
	struct post			*p = arg;
	const struct pl_chat_caps	*caps = &t->who->caps;
	long long			 file_id = 0;
	int				 rc, closed = strcmp(t->status, "closed") == 0;
	int				 full = caps->max_messages > 0 &&
					    t->last_seq >= (long long)caps->max_messages;

	p->out->dup = 0;
	/*
	 * A resend is answered with the stored message, also once the chat
	 * is closed or full; a file is looked for first so it is not stored
	 * twice.
	 */
	if (closed || full || p->fname != NULL) {
		rc = tx_find_message(t, p->client_id, &p->out->seq);
		if (rc == PL_OK) {
			p->out->dup = 1;
			return PL_OK;
		}
		if (rc != PL_ENOTFOUND)
			return rc;
		if (closed)
			return PL_ECLOSED;
		if (full)
			return PL_ETOOBIG;
		if (p->fname != NULL && (rc = upload_allowed(t)) != PL_OK)
			return rc;
		if ((rc = file_room(t, caps, p->flen)) != PL_OK ||
		    (rc = store_file(t, p, &file_id)) != PL_OK ||
		    (rc = count_usage(t, p->flen)) != PL_OK)
			return rc;
	}
	rc = tx_message(t, t->who->who, t->who->who == PL_FROM_OPERATOR ?
	    t->who->operator_id : 0, p->client_id, p->text, p->len, file_id,
	    &p->out->seq);
	if (rc == PL_EDUP && (rc = tx_find_message(t, p->client_id,
	    &p->out->seq)) == PL_OK)
		p->out->dup = 1;
	return rc;
}

static enum need
write_need(const struct pl_actor *who)
{
	return who->who == PL_FROM_OPERATOR ? NEED_OWN : NEED_SEE;
}

int
pl_chat_post(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const char *client_id, const char *text,
    size_t len, struct pl_posted *out)
{
	struct post p = { client_id, text, len, NULL, NULL, NULL, 0, out };

	return chat_tx(db, site, chat, who, write_need(who), act_post, &p, NULL);
}

int
pl_chat_attach(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const char *client_id, const char *name,
    const char *type, const char *data, size_t len, struct pl_posted *out)
{
	struct post p = { client_id, "", 0, name, type, data, len, out };

	return chat_tx(db, site, chat, who, write_need(who), act_post, &p, NULL);
}

static int
messages_once(struct pl_q *q, int (*fn)(void *, const struct pl_msg *),
    void *arg)
{
	struct pl_msg	 m;
	long long	 seq, fid, fsize;
	char		 sender[16], opname[PL_UTF8_BYTES(128)], cid[65];
	char		 fname[PL_UTF8_BYTES(255)], ftype[65];
	char		 when[40];
	char		*body = NULL;
	int		 rc, stop = 0;

	pl_q_out_int(q, &seq, NULL);
	pl_q_out_str(q, sender, sizeof(sender), NULL, NULL);
	pl_q_out_str(q, opname, sizeof(opname), NULL, NULL);
	pl_q_out_str(q, cid, sizeof(cid), NULL, NULL);
	pl_q_out_dup(q, &body, NULL, NULL);
	pl_q_out_int(q, &fid, NULL);
	pl_q_out_str(q, fname, sizeof(fname), NULL, NULL);
	pl_q_out_str(q, ftype, sizeof(ftype), NULL, NULL);
	pl_q_out_int(q, &fsize, NULL);
	pl_q_out_str(q, when, sizeof(when), NULL, NULL);
	if (pl_q_exec(q) != PL_OK) {
		pl_q_done(q);
		return PL_EDB;
	}
	while (stop == 0 && (rc = pl_q_fetch(q)) == 1) {
		/* 2026-11-29T10:00:00.123456Z -> milliseconds */
		if (strlen(when) == 27)
			memmove(when + 23, when + 26, 2);
		m = (struct pl_msg){ seq, sender, opname, cid, body != NULL ? body : "",
		    fid, fname, ftype, fsize, when };
		stop = fn(arg, &m);
		free(body);
		body = NULL;
	}
	free(body);
	pl_q_done(q);
	if (stop != 0)
		return stop;
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_chat_messages(struct pl_db *db, unsigned long site, unsigned long long chat,
    long long after, long long limit, int (*fn)(void *, const struct pl_msg *),
    void *arg)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_MSGS_AFTER);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, after);
	pl_q_int(&q, limit);
	return messages_once(&q, fn, arg);
}

int
pl_chat_file(struct pl_db *db, unsigned long site, unsigned long long chat,
    long long file, struct pl_file *f)
{
	struct pl_q	q;
	int		rc;

	memset(f, 0, sizeof(*f));
	pl_q_init(&q, db, ST_FILE_GET);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, file);
	pl_q_out_str(&q, f->name, sizeof(f->name), NULL, NULL);
	pl_q_out_str(&q, f->type, sizeof(f->type), NULL, NULL);
	pl_q_out_dup(&q, &f->data, &f->len, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK) {
		free(f->data);
		f->data = NULL;
	}
	return rc == PL_OK || rc == PL_ENOTFOUND ? rc : PL_EDB;
}

/* ---- state changes ------------------------------------------------------------ */

struct flag {
	enum pl_stmt	 st;
	long long	 v[2];
	size_t		 n;
};

static int
act_flag(struct tx *t, void *arg)
{
	struct flag	*f = arg;
	struct pl_q	 q;
	size_t		 i;

	pl_q_init(&q, t->db, f->st);
	for (i = 0; i < f->n; i++)
		pl_q_int(&q, f->v[i]);
	return tx_update(t, &q);
}

int
pl_chat_typing(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, int on, long long *version)
{
	struct flag f = { who->who == PL_FROM_VISITOR ? ST_CHAT_TYPING_VISITOR :
	    ST_CHAT_TYPING_OPERATOR, { on != 0, 0 }, 1 };

	return chat_tx(db, site, chat, who, write_need(who), act_flag, &f, version);
}

int
pl_chat_sleep(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, int on, long long *version)
{
	struct flag f = { ST_CHAT_SLEEP, { on != 0, 0 }, 1 };

	return chat_tx(db, site, chat, who, NEED_SEE, act_flag, &f, version);
}

int
pl_chat_contract(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, int flag, long long *version)
{
	struct flag f = { ST_CHAT_CONTRACT, { flag != 0, who->operator_id }, 2 };

	return chat_tx(db, site, chat, who, NEED_SEE, act_flag, &f, version);
}

/* The operator's name as visitors read it: never the login. */
static const char *
actor_name(const struct pl_actor *a, const char *lang)
{
	return a->name != NULL && a->name[0] != '\0' ? a->name :
	    pl_text(lang, PL_TX_AN_OPERATOR);
}

static int
act_close(struct tx *t, void *arg)
{
	struct pl_q	 q;
	char		 text[700];
	int		 rc;

	if (strcmp(t->status, "closed") == 0)
		return PL_OK;
	if (t->who->who == PL_FROM_VISITOR)
		/* Read by the operator, whose language is not known here. */
		rc = tx_note(t, "visitor", "closed",
		    pl_text("en", PL_TX_VISITOR_CLOSED));
	else
		rc = tx_note(t, "closed", arg, pl_text_fill(text, sizeof(text),
		    t->lang, PL_TX_CLOSED_BY, actor_name(t->who, t->lang)));
	if (rc != PL_OK)
		return rc;
	pl_q_init(&q, t->db, ST_CHAT_CLOSE);
	return tx_update(t, &q);
}

int
pl_chat_close(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const char *event_id, long long *version)
{
	return chat_tx(db, site, chat, who, write_need(who), act_close,
	    (void *)event_id, version);
}

/*
 * Room for one more active chat of operator op (its max_chats; 0: no
 * limit): PL_OK, PL_ELIMIT, PL_ERETRY, PL_EDB. The operator's row stays
 * locked to the end of the transaction: two accepts at once cannot both
 * take the last place.
 */
static int
tx_op_room(struct tx *t, long long op)
{
	struct pl_q	q;
	long long	max = 0, n = 0;
	int		rc;

	pl_q_init(&q, t->db, ST_OP_LOAD_LOCK);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, op);
	pl_q_out_int(&q, &max, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK || max == 0)
		return rc == PL_ENOTFOUND ? PL_OK : rc;
	pl_q_init(&q, t->db, ST_OP_ACTIVE_CHATS);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, op);
	pl_q_out_int(&q, &n, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	return n >= max ? PL_ELIMIT : PL_OK;
}

static int
act_accept(struct tx *t, void *arg)
{
	struct pl_q	q;
	char		text[700];
	int		rc;

	if (strcmp(t->status, "waiting") != 0)
		return PL_ESTATE;
	if ((rc = tx_op_room(t, t->who->operator_id)) != PL_OK)
		return rc;
	pl_q_init(&q, t->db, ST_CHAT_ACCEPT);
	pl_q_int(&q, t->who->operator_id);
	if ((rc = tx_update(t, &q)) != PL_OK)
		return rc;
	/* The chat left the queue: every console's queue changed. */
	t->also = 0;
	t->owner = t->who->operator_id;
	snprintf(t->status, sizeof(t->status), "active");
	return tx_note(t, "joined", arg, pl_text_fill(text, sizeof(text), t->lang,
	    PL_TX_JOINED, actor_name(t->who, t->lang)));
}

int
pl_chat_accept(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const char *event_id, long long *version)
{
	return chat_tx(db, site, chat, who, NEED_SEE, act_accept,
	    (void *)event_id, version);
}

struct transfer {
	const char	*login;		/* NULL: to dept */
	char		 dept;
	const char	*note;
	const char	*event_id;
};

/* The colleague to hand over to: PL_OK, PL_EINVAL (none such), PL_EDB. */
static int
find_colleague(struct tx *t, const char *login, long long *id, char *name,
    size_t namesz)
{
	struct pl_q	q;
	long long	disabled = 0;
	int		rc;

	pl_q_init(&q, t->db, ST_OP_FIND);
	pl_q_int(&q, (long long)t->site);
	pl_q_cstr(&q, login);
	pl_q_out_int(&q, id, NULL);
	pl_q_out_str(&q, name, namesz, NULL, NULL);
	pl_q_out_int(&q, &disabled, NULL);
	rc = pl_q_row(&q);
	if (rc == PL_ENOTFOUND || (rc == PL_OK && disabled))
		return PL_EINVAL;
	return rc;
}

static int
act_transfer(struct tx *t, void *arg)
{
	struct transfer	*x = arg;
	struct pl_q	 q;
	char		 name[PL_UTF8_BYTES(128)] = "", text[700], d[2] = { x->dept, '\0' };
	long long	 target = 0;
	int		 rc;

	if (x->login != NULL) {
		if ((rc = find_colleague(t, x->login, &target, name,
		    sizeof(name))) != PL_OK || (target != t->who->operator_id &&
		    (rc = tx_op_room(t, target)) != PL_OK))
			return rc;
		pl_q_init(&q, t->db, ST_CHAT_TRANSFER_OP);
		pl_q_int(&q, target);
		pl_text_fill(text, sizeof(text), t->lang, PL_TX_TRANSFER_OP,
		    name[0] != '\0' ? name : pl_text(t->lang, PL_TX_A_COLLEAGUE));
	} else {
		if ((rc = pl_site_dept_exists(t->db, t->site, x->dept)) != PL_OK)
			return rc == PL_ENOTFOUND ? PL_EINVAL : rc;
		pl_q_init(&q, t->db, ST_CHAT_TRANSFER_DEPT);
		pl_q_cstr(&q, d);
		snprintf(text, sizeof(text), "%s",
		    pl_text(t->lang, PL_TX_TRANSFER_DEPT));
	}
	pl_q_cstr(&q, x->note != NULL ? x->note : "");
	pl_q_int(&q, t->who->operator_id);
	if ((rc = tx_update(t, &q)) != PL_OK)
		return rc;
	/* The chat left my console: tell it too. */
	t->also = t->who->operator_id;
	t->owner = target;
	return tx_note(t, "transfer", x->event_id, text);
}

int
pl_chat_transfer(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const char *to_login, char to_dept,
    const char *note, const char *event_id, long long *version)
{
	struct transfer x = { to_login, to_dept, note, event_id };

	return chat_tx(db, site, chat, who, NEED_OWN, act_transfer, &x, version);
}

static void
bind_opt(struct pl_q *q, const char *s)
{
	if (s != NULL)
		pl_q_cstr(q, s);
	else
		pl_q_null(q);
}

static int
act_data(struct tx *t, void *arg)
{
	const struct pl_chat_data	*d = arg;
	struct pl_q			 q;

	pl_q_init(&q, t->db, ST_CHAT_SET_DATA);
	bind_opt(&q, d->name);
	bind_opt(&q, d->email);
	bind_opt(&q, d->data_json);
	bind_opt(&q, d->page);
	bind_opt(&q, d->title);
	return tx_update(t, &q);
}

int
pl_chat_set_data(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, const struct pl_chat_data *d, long long *version)
{
	return chat_tx(db, site, chat, who, NEED_SEE, act_data, (void *)d, version);
}

/* ---- starting a chat --------------------------------------------------------- */

int
pl_visitor_find(struct pl_db *db, unsigned long site, const char *token,
    long long *id)
{
	struct pl_q	q;
	char		hash[PL_HASH_HEX];
	int		rc;

	*id = 0;
	pl_sha256_hex(token, strlen(token), hash);
	pl_q_init(&q, db, ST_VISITOR_BY_TOKEN);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, hash);
	pl_q_out_int(&q, id, NULL);
	if ((rc = pl_q_row(&q)) == PL_ENOTFOUND) {
		*id = 0;
		return PL_OK;
	}
	return rc == PL_OK ? PL_OK : rc == PL_ERETRY ? PL_ERETRY : PL_EDB;
}

/* The visitor of a new chat: a known one keeps its token. */
static int
start_visitor(struct pl_db *db, const struct pl_chat_new *n,
    struct pl_chat_started *out, const char *vhash, long long *visitor)
{
	struct pl_q	q;
	int		rc;

	if (n->visitor_token != NULL) {
		if ((rc = pl_visitor_find(db, n->site, n->visitor_token,
		    visitor)) != PL_OK)
			return rc;
		if (*visitor > 0) {
			snprintf(out->visitor_token, sizeof(out->visitor_token),
			    "%s", n->visitor_token);
			return PL_OK;
		}
	}
	pl_q_init(&q, db, ST_VISITOR_INSERT);
	pl_q_int(&q, (long long)n->site);
	pl_q_cstr(&q, vhash);
	rc = pl_q_exec(&q);
	*visitor = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	return rc;
}

static int
start_consent(struct pl_db *db, const struct pl_chat_new *n,
    unsigned long long chat)
{
	struct pl_q	q;
	int		rc;

	if ((rc = pl_site_consent_keep(db, n->site, n->consent_version, n->lang,
	    n->consent_text)) != PL_OK)
		return rc;
	pl_q_init(&q, db, ST_CONSENT_INSERT);
	pl_q_int(&q, (long long)n->site);
	pl_q_int(&q, (long long)chat);
	pl_q_cstr(&q, n->lang);
	pl_q_cstr(&q, n->consent_version);
	return pl_q_run(&q);
}

static int
start_chat(struct pl_db *db, const struct pl_chat_new *n, const char *hash,
    const char *key, long long visitor, unsigned long long *chat)
{
	struct pl_q	q;
	char		d[2] = { n->dept, '\0' };
	int		rc;

	pl_q_init(&q, db, ST_CHAT_INSERT);
	pl_q_int(&q, (long long)n->site);
	bind_opt(&q, n->dept != 0 ? d : NULL);
	pl_q_cstr(&q, hash);
	bind_opt(&q, key[0] != '\0' ? key : NULL);
	pl_q_int(&q, visitor);
	pl_q_cstr(&q, n->lang);
	pl_q_cstr(&q, n->from);
	pl_q_cstr(&q, n->name);
	pl_q_cstr(&q, n->email);
	pl_q_cstr(&q, n->fields_json);
	pl_q_cstr(&q, n->page);
	pl_q_cstr(&q, n->title);
	bind_opt(&q, n->addr);
	rc = pl_q_exec(&q);
	*chat = pl_q_insert_id(&q);
	pl_q_done(&q);
	/* The same key started a chat in between: look again. */
	return rc == PL_EDUP ? PL_ERETRY : rc;
}

/*
 * A counted visitor's chat carries its hash (the console's visitor list
 * shows it). With an invitation of this visitor, still open, the chat
 * goes to the inviting operator at once, opened by the invitation's
 * text; an invitation gone meanwhile (expired, answered, its operator
 * disabled) leaves an ordinary chat in the queue.
 */
static int
start_tracked(struct tx *t, const struct pl_chat_new *n)
{
	struct pl_q		q;
	char			text[PL_UTF8_BYTES(500)] = "", cid[40];
	long long		op = 0, seq;
	unsigned long long	claimed;
	int			rc;

	pl_q_init(&q, t->db, ST_CHAT_SET_TRACK);
	pl_q_cstr(&q, n->track_hash);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	if ((rc = pl_q_run(&q)) != PL_OK || n->invitation == 0)
		return rc;
	pl_q_init(&q, t->db, ST_INVITE_CLAIM);
	pl_q_int(&q, (long long)t->chat);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)n->invitation);
	pl_q_cstr(&q, n->track_hash);
	rc = pl_q_exec(&q);
	claimed = pl_q_affected(&q);
	pl_q_done(&q);
	if (rc != PL_OK || claimed == 0)
		return rc;
	pl_q_init(&q, t->db, ST_INVITE_OPERATOR);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)n->invitation);
	pl_q_out_int(&q, &op, NULL);
	pl_q_out_str(&q, text, sizeof(text), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc == PL_ENOTFOUND ? PL_OK : rc;
	snprintf(cid, sizeof(cid), "invitation-%llu", n->invitation);
	if ((rc = tx_message(t, PL_FROM_OPERATOR, op, cid, text, strlen(text),
	    0, &seq)) != PL_OK)
		return rc;
	pl_q_init(&q, t->db, ST_CHAT_ACCEPT);
	pl_q_int(&q, op);
	if ((rc = tx_update(t, &q)) != PL_OK)
		return rc;
	/* The inviting operator's console learns of it, and the queue's. */
	t->owner = op;
	t->also = 0;
	return PL_OK;
}

/*
 * A resent start: the chat its key created, with fresh tokens. PL_OK
 * (out filled), PL_ENOTFOUND (no such chat yet), PL_ERETRY, PL_EDB.
 */
static int
start_again(struct pl_db *db, const struct pl_chat_new *n, const char *key,
    const char *hash, const char *vhash, struct pl_chat_started *out)
{
	struct pl_q	q;
	long long	id = 0, visitor = 0, known = 0;
	int		rc;

	pl_q_init(&q, db, ST_CHAT_BY_START_KEY);
	pl_q_int(&q, (long long)n->site);
	pl_q_cstr(&q, key);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_int(&q, &visitor, NULL);
	pl_q_out_int(&q, &out->version, NULL);
	pl_q_out_int(&q, &out->last_seq, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	out->id = (unsigned long long)id;
	out->resent = 1;
	pl_q_init(&q, db, ST_CHAT_SET_TOKEN);
	pl_q_cstr(&q, hash);
	pl_q_int(&q, (long long)n->site);
	pl_q_int(&q, id);
	if ((rc = pl_q_run(&q)) != PL_OK)
		return rc;
	/* The visitor keeps a token it sent and that is its own; else a new one. */
	if (n->visitor_token != NULL &&
	    (rc = pl_visitor_find(db, n->site, n->visitor_token, &known)) != PL_OK)
		return rc;
	if (known > 0 && known == visitor) {
		snprintf(out->visitor_token, sizeof(out->visitor_token), "%s",
		    n->visitor_token);
		return PL_OK;
	}
	pl_q_init(&q, db, ST_VISITOR_SET_TOKEN);
	pl_q_cstr(&q, vhash);
	pl_q_int(&q, (long long)n->site);
	pl_q_int(&q, visitor);
	return pl_q_run(&q);
}

static int
start_once(struct pl_db *db, const struct pl_chat_new *n,
    struct pl_chat_started *out, const char *hash, const char *vhash,
    struct tx *t)
{
	static const struct pl_actor visitor_actor = { PL_FROM_VISITOR, NULL, 0,
	    NULL, NULL, 0, { 0, 0, 0, 0 } };
	char		key[PL_HASH_HEX] = "";
	long long	visitor = 0, seq;
	int		rc;

	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	memset(t, 0, sizeof(*t));
	t->db = db;
	t->site = n->site;
	t->who = &visitor_actor;
	t->also = -1;
	if (n->client_id != NULL) {
		pl_sha256_hex(n->client_id, strlen(n->client_id), key);
		if ((rc = start_again(db, n, key, hash, vhash, out)) == PL_OK)
			return pl_db_commit(db) == PL_OK ? PL_OK : PL_EDB;
		if (rc != PL_ENOTFOUND)
			goto fail;
	}
	if ((rc = start_visitor(db, n, out, vhash, &visitor)) != PL_OK ||
	    (rc = start_chat(db, n, hash, key, visitor, &t->chat)) != PL_OK ||
	    (n->track_hash != NULL && (rc = start_tracked(t, n)) != PL_OK) ||
	    (n->consent_text != NULL && (rc = start_consent(db, n, t->chat)) != PL_OK) ||
	    (n->question != NULL && (rc = tx_message(t, PL_FROM_VISITOR, 0,
	    "query-form", n->question, n->question_len, 0, &seq)) != PL_OK))
		goto fail;
	/* The version and the queue's change row, with or without a question. */
	t->seq_dirty = 1;
	if ((rc = tx_finish(t)) != PL_OK)
		goto fail;
	return pl_db_commit(db) == PL_OK ? PL_OK : PL_EDB;
fail:
	pl_db_rollback(db);
	return rc;
}

int
pl_chat_start(struct pl_db *db, const struct pl_chat_new *n,
    struct pl_chat_started *out)
{
	struct tx	t;
	char		hash[PL_HASH_HEX], vhash[PL_HASH_HEX];
	int		attempt, rc = PL_EDB;

	memset(out, 0, sizeof(*out));
	pl_token_new(out->token, hash);
	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		/* A new visitor token unless the visitor is known. */
		pl_token_new(out->visitor_token, vhash);
		out->resent = 0;
		if ((rc = start_once(db, n, out, hash, vhash, &t)) != PL_ERETRY)
			break;
		tx_pause(attempt);
	}
	if (rc != PL_OK)
		return PL_EDB;
	if (out->resent)
		return PL_OK;
	out->id = t.chat;
	out->version = t.version;
	out->last_seq = t.last_seq;
	out->active = t.owner > 0;
	pl_notify_local(t.chat, t.version, n->site, t.change, t.owner);
	if (t.also >= 0)
		pl_notify_local(t.chat, 0, n->site, t.change + 1, t.also);
	return PL_OK;
}

/* ---- mail --------------------------------------------------------------------- */

struct queued {
	const char	*to, *subject, *body;
	unsigned	 max;
};

static int
act_mail(struct tx *t, void *arg)
{
	struct queued	*m = arg;
	struct pl_q	 q;
	char		 mail_to[PL_UTF8_BYTES(254)] = "";
	long long	 answered = 0, n = 0;
	int		 rc;

	pl_q_init(&q, t->db, ST_CHAT_ANSWERED);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_out_int(&q, &answered, NULL);
	pl_q_out_str(&q, mail_to, sizeof(mail_to), NULL, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	if (!answered)
		return PL_ESTATE;
	if (mail_to[0] != '\0' && strcasecmp(mail_to, m->to) != 0)
		return PL_EDENIED;
	if (mail_to[0] == '\0') {
		pl_q_init(&q, t->db, ST_CHAT_SET_MAIL_TO);
		pl_q_cstr(&q, m->to);
		pl_q_int(&q, (long long)t->site);
		pl_q_int(&q, (long long)t->chat);
		if ((rc = pl_q_run(&q)) != PL_OK)
			return rc;
	}
	pl_q_init(&q, t->db, ST_OUTBOX_CHAT_COUNT);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_cstr(&q, "transcript");
	pl_q_out_int(&q, &n, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	if (n >= (long long)m->max)
		return PL_ELIMIT;
	pl_q_init(&q, t->db, ST_OUTBOX_QUEUE);
	pl_q_int(&q, (long long)t->site);
	pl_q_int(&q, (long long)t->chat);
	pl_q_null(&q);
	pl_q_cstr(&q, "transcript");
	pl_q_cstr(&q, m->to);
	pl_q_cstr(&q, "");
	pl_q_cstr(&q, m->subject);
	pl_q_cstr(&q, m->body);
	pl_q_int(&q, 0);
	return pl_q_run(&q);
}

int
pl_chat_queue_transcript(struct pl_db *db, unsigned long site,
    unsigned long long chat, const struct pl_actor *who, const char *to,
    const char *subject, const char *body, unsigned max)
{
	struct queued m = { to, subject, body, max };

	return chat_tx(db, site, chat, who, NEED_SEE, act_mail, &m, NULL);
}

/* ---- a chat nobody took becomes a contact request --------------------------- */

struct handover {
	pl_chat_handover_fn	 fn;
	void			*arg;
	const char		*note;
};

static int
act_hand_over(struct tx *t, void *arg)
{
	struct handover	*h = arg;
	struct pl_q	 q;
	long long	 seq;
	int		 rc, waiting = strcmp(t->status, "waiting") == 0;

	if (!waiting && (strcmp(t->status, "closed") != 0 || t->owner != 0))
		return PL_ESTATE;
	if ((rc = h->fn(t->db, h->arg, t->lang, t->dept)) != PL_OK)
		return rc;
	rc = tx_message(t, PL_FROM_SYSTEM, 0, "handed-over", h->note, strlen(h->note),
	    0, &seq);
	if (rc != PL_OK)
		return rc;
	if (!waiting)
		return PL_OK;
	pl_q_init(&q, t->db, ST_CHAT_CLOSE);
	return tx_update(t, &q);
}

int
pl_chat_hand_over(struct pl_db *db, unsigned long site, unsigned long long chat,
    const struct pl_actor *who, pl_chat_handover_fn fn, void *arg, const char *note)
{
	struct handover h = { fn, arg, note };

	return chat_tx(db, site, chat, who, NEED_SEE, act_hand_over, &h, NULL);
}

/* ---- waiting chats nobody takes -------------------------------------------- */

static int
act_end_waiting(struct tx *t, void *arg)
{
	enum pl_text_id	 id = *(enum pl_text_id *)arg;
	struct pl_q	 q;
	long long	 seq;
	int		 rc;

	if (strcmp(t->status, "waiting") != 0)
		return PL_OK;	/* taken (or closed) meanwhile */
	rc = tx_message(t, PL_FROM_SYSTEM, 0, id == PL_TX_NOBODY ? "expired" : "dismissed",
	    pl_text(t->lang, id), strlen(pl_text(t->lang, id)), 0, &seq);
	if (rc != PL_OK && rc != PL_EDUP)
		return rc;
	pl_q_init(&q, t->db, ST_CHAT_CLOSE);
	return tx_update(t, &q);
}

#define EXPIRE_MAX	1000

int
pl_chat_expire(struct pl_db *db, unsigned minutes, unsigned max, unsigned *closed)
{
	static const struct pl_actor system = { PL_FROM_SYSTEM, NULL, 0, NULL, NULL, 1,
	    { 0, 0, 0, 0 } };
	struct pl_q		q;
	enum pl_text_id		why = PL_TX_NOBODY;
	long long		site, id, sites[64], ids[64];
	size_t			n = 0, i;
	int			rc;

	*closed = 0;
	if (minutes == 0)
		return PL_OK;
	pl_q_init(&q, db, ST_CHATS_WAITING_OLD);
	pl_q_int(&q, minutes);
	pl_q_int(&q, max < 64 ? max : 64);
	pl_q_out_int(&q, &site, NULL);
	pl_q_out_int(&q, &id, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		return PL_EDB;
	}
	while ((rc = pl_q_fetch(&q)) == 1 && n < 64) {
		sites[n] = site;
		ids[n++] = id;
	}
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	for (i = 0; i < n; i++) {
		if ((rc = chat_tx(db, (unsigned long)sites[i], (unsigned long long)ids[i],
		    &system, NEED_SEE, act_end_waiting, &why, NULL)) != PL_OK)
			return rc == PL_ENOTFOUND ? PL_OK : rc;
		(*closed)++;
	}
	return PL_OK;
}

int
pl_chat_close_similar(struct pl_db *db, unsigned long site,
    unsigned long long chat, const struct pl_actor *who, unsigned *closed)
{
	struct pl_q		q;
	struct pl_chat		c;
	enum pl_text_id		why = PL_TX_DISMISSED;
	long long		id, *ids;
	size_t			n = 0, i;
	int			rc;

	*closed = 0;
	if ((rc = pl_chat_get(db, site, chat, who, &c)) != PL_OK)
		return rc;
	if ((ids = calloc(EXPIRE_MAX, sizeof(*ids))) == NULL)
		return PL_ENOMEM;
	pl_q_init(&q, db, ST_CHATS_WAITING_SAME_ADDR);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_out_int(&q, &id, NULL);
	if ((rc = pl_q_exec(&q)) == PL_OK)
		while ((rc = pl_q_fetch(&q)) == 1 && n < EXPIRE_MAX)
			ids[n++] = id;
	pl_q_done(&q);
	/* Each as its own action: the operator may see it, it is still waiting. */
	for (i = 0; rc >= 0 && i < n; i++) {
		if ((rc = chat_tx(db, site, (unsigned long long)ids[i], who, NEED_SEE,
		    act_end_waiting, &why, NULL)) == PL_OK)
			(*closed)++;
		else if (rc == PL_ENOTFOUND)
			rc = PL_OK;
		else
			break;
	}
	free(ids);
	return rc >= 0 && rc != PL_EDB ? PL_OK : PL_EDB;
}
