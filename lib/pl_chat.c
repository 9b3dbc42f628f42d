/*
 * pl_chat.c: chats and messages in the database. Every function is
 * scoped by site; a chat of another site is "not found".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "pl_chat.h"
#include "pl_db.h"
#include "pl_notify.h"
#include "pl_req.h"
#include "pl_resp.h"
#include "pl_util.h"

static const char *const senders[] = { "visitor", "operator", "system" };

void
pl_sha256_hex(const char *s, size_t len, char hash[PL_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(hash, PL_HASH_HEX, h, sizeof(h));
}

void
pl_token_new(char token[PL_TOKEN_HEX], char hash[PL_HASH_HEX])
{
	pl_random_hex(token, PL_TOKEN_BYTES);
	pl_sha256_hex(token, strlen(token), hash);
}

int
pl_chat_load(struct pl_db *db, unsigned long site, unsigned long long id,
    struct pl_chat *c)
{
	struct pl_q	 q;
	char		 hash[PL_HASH_HEX];
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
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 0)
		return PL_ENOTFOUND;
	c->id = id;
	c->sleeping = sleeping != 0;
	c->op_typing = typing != 0;
	return PL_OK;
}

int
pl_chat_auth(struct pl_db *db, unsigned long site, unsigned long long id,
    const char *token, struct pl_chat *c)
{
	struct pl_q	 q;
	char		 stored[PL_HASH_HEX], given[PL_HASH_HEX];
	int		 rc;

	/* The hash stored for the chat, compared in constant time. */
	pl_q_init(&q, db, ST_CHAT_GET);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)id);
	pl_q_out_str(&q, stored, sizeof(stored), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	pl_sha256_hex(token, strlen(token), given);
	if (rc == 0) {
		/* Same work for a missing chat: compare against itself. */
		(void)pl_secure_streq(given, given);
		return PL_ENOTFOUND;
	}
	if (!pl_secure_streq(stored, given))
		return PL_ENOTFOUND;
	return pl_chat_load(db, site, id, c);
}

int
pl_chat_log_change(struct pl_db *db, unsigned long site, unsigned long long chat,
    long long version, long long *change)
{
	struct pl_q	q;
	long long	op = 0;
	int		rc;

	/*
	 * Whose console the change concerns. Read, then a plain INSERT: an
	 * INSERT ... SELECT would take the table's auto-increment lock while
	 * reading a chat row that another transaction holds, and deadlock.
	 */
	pl_q_init(&q, db, ST_CHAT_OPERATOR);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_out_int(&q, &op, NULL);
	if ((rc = pl_q_exec(&q)) == PL_OK && pl_q_fetch(&q) < 0)
		rc = PL_EDB;
	pl_q_done(&q);
	if (rc != PL_OK)
		return rc;
	pl_q_init(&q, db, ST_CHANGE_INSERT_FOR);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, version);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, op);
	rc = pl_q_exec(&q);
	*change = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	return rc;
}

static int
chat_post_once(struct pl_db *db, unsigned long site, unsigned long long chat,
    enum pl_sender from, long long opid, const char *client_id,
    const char *text, size_t len, long long file_id, long long *seq, int *dup)
{
	struct pl_q	 q;
	char		 status[16];
	long long	 last = 0, found = 0, version = 0, change = 0;
	int		 rc;

	*dup = 0;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	/* Lock the chat row: seq numbers are handed out one at a time. */
	pl_q_init(&q, db, ST_CHAT_LOCK);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_out_int(&q, &last, NULL);
	pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
	if ((rc = pl_q_exec(&q)) != PL_OK)
		goto fail;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc <= 0) {
		rc = rc == 0 ? PL_ENOTFOUND : PL_EDB;
		goto fail;
	}
	if (client_id != NULL) {
		pl_q_init(&q, db, ST_MSG_BY_CLIENT);
		pl_q_int(&q, (long long)site);
		pl_q_int(&q, (long long)chat);
		pl_q_cstr(&q, senders[from]);
		pl_q_cstr(&q, client_id);
		pl_q_out_int(&q, &found, NULL);
		if ((rc = pl_q_exec(&q)) != PL_OK)
			goto fail;
		rc = pl_q_fetch(&q);
		pl_q_done(&q);
		if (rc < 0) {
			rc = PL_EDB;
			goto fail;
		}
		if (rc == 1) {
			/* A resend: the stored message is the answer. */
			pl_db_rollback(db);
			*seq = found;
			*dup = 1;
			return PL_OK;
		}
	}
	if (strcmp(status, "closed") == 0) {
		rc = PL_EINVAL;
		goto fail;
	}
	*seq = last + 1;
	pl_q_init(&q, db, ST_MSG_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, *seq);
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
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		goto fail;
	pl_q_init(&q, db, ST_CHAT_SET_SEQ);
	pl_q_int(&q, *seq);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	rc = pl_q_exec(&q);
	version = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc != PL_OK ||
	    (rc = pl_chat_log_change(db, site, chat, version, &change)) != PL_OK)
		goto fail;
	if (pl_db_commit(db) != PL_OK)
		return PL_EDB;
	pl_notify_local(chat, version, site, change, -1);
	return PL_OK;
fail:
	pl_db_rollback(db);
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

int
pl_chat_post(struct pl_db *db, unsigned long site, unsigned long long chat,
    enum pl_sender from, long long opid, const char *client_id,
    const char *text, size_t len, long long file_id, long long *seq, int *dup)
{
	int attempt, rc = PL_EDB;

	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		rc = chat_post_once(db, site, chat, from, opid, client_id, text,
		    len, file_id, seq, dup);
		if (rc != PL_ERETRY)
			break;
		tx_pause(attempt);
	}
	return rc == PL_OK || rc == PL_EINVAL || rc == PL_ENOTFOUND ? rc : PL_EDB;
}

int
pl_chat_log_change_for(struct pl_db *db, unsigned long site, unsigned long long chat,
    long long version, long long operator_id)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_CHANGE_INSERT_FOR);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, version);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, operator_id);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	if (rc == PL_OK)
		pl_notify_local(chat, 0, site, 0, operator_id);
	return rc == PL_OK ? PL_OK : PL_EDB;
}

static int
chat_update_once(struct pl_db *db, struct pl_q *q, unsigned long site,
    unsigned long long chat, long long *version)
{
	long long	change = 0;
	int		rc;

	*version = 0;
	if (pl_db_begin(db) != PL_OK)
		return PL_EDB;
	rc = pl_q_exec(q);
	if (rc == PL_OK && pl_q_affected(q) > 0)
		*version = (long long)pl_q_insert_id(q);
	pl_q_done(q);
	if (rc == PL_OK && *version > 0)
		rc = pl_chat_log_change(db, site, chat, *version, &change);
	if (rc != PL_OK) {
		pl_db_rollback(db);
		return rc;
	}
	if (pl_db_commit(db) != PL_OK)
		return PL_EDB;
	if (*version > 0)
		pl_notify_local(chat, *version, site, change, -1);
	return PL_OK;
}

int
pl_chat_update_q(struct pl_db *db, struct pl_q *q, unsigned long site,
    unsigned long long chat, long long *version)
{
	int attempt, rc = PL_EDB;

	/* The binds stay in q: a deadlock victim runs again as it was. */
	for (attempt = 0; attempt < TX_TRIES; attempt++) {
		rc = chat_update_once(db, q, site, chat, version);
		if (rc != PL_ERETRY)
			break;
		tx_pause(attempt);
	}
	return rc == PL_OK ? PL_OK : PL_EDB;
}

int
pl_chat_update(struct pl_db *db, int stmt, const long long *args, size_t nargs,
    unsigned long site, unsigned long long chat, long long *version)
{
	struct pl_q	q;
	size_t		i;

	pl_q_init(&q, db, (enum pl_stmt)stmt);
	for (i = 0; i < nargs; i++)
		pl_q_int(&q, args[i]);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	return pl_chat_update_q(db, &q, site, chat, version);
}

cJSON *
pl_chat_messages(struct pl_db *db, unsigned long site, unsigned long long chat,
    long long after, long long limit, int *rcp)
{
	struct pl_q	 q;
	cJSON		*arr = NULL, *m, *f;
	long long	 seq, fid, fsize;
	char		 sender[16], opname[129], cid[65], fname[256], ftype[65];
	char		 when[40];
	char		*body = NULL;
	size_t		 blen;
	int		 rc;

	*rcp = PL_EDB;
	pl_q_init(&q, db, ST_MSGS_AFTER);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_int(&q, after);
	pl_q_int(&q, limit);
	pl_q_out_int(&q, &seq, NULL);
	pl_q_out_str(&q, sender, sizeof(sender), NULL, NULL);
	pl_q_out_str(&q, opname, sizeof(opname), NULL, NULL);
	pl_q_out_str(&q, cid, sizeof(cid), NULL, NULL);
	pl_q_out_dup(&q, &body, &blen, NULL);
	pl_q_out_int(&q, &fid, NULL);
	pl_q_out_str(&q, fname, sizeof(fname), NULL, NULL);
	pl_q_out_str(&q, ftype, sizeof(ftype), NULL, NULL);
	pl_q_out_int(&q, &fsize, NULL);
	pl_q_out_str(&q, when, sizeof(when), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return NULL;
	arr = cJSON_CreateArray();
	while ((rc = pl_q_fetch(&q)) == 1) {
		m = cJSON_CreateObject();
		cJSON_AddNumberToObject(m, "seq", (double)seq);
		cJSON_AddStringToObject(m, "from", sender);
		if (strcmp(sender, "operator") == 0)
			cJSON_AddStringToObject(m, "name", opname);
		if (cid[0] != '\0')
			cJSON_AddStringToObject(m, "client_id", cid);
		cJSON_AddStringToObject(m, "text", body != NULL ? body : "");
		if (fid > 0) {
			f = cJSON_AddObjectToObject(m, "file");
			cJSON_AddNumberToObject(f, "id", (double)fid);
			cJSON_AddStringToObject(f, "name", fname);
			cJSON_AddStringToObject(f, "type", ftype);
			cJSON_AddNumberToObject(f, "size", (double)fsize);
		}
		/* 2026-11-29T10:00:00.123456Z -> milliseconds */
		if (strlen(when) == 27)
			memmove(when + 23, when + 26, 2);
		cJSON_AddStringToObject(m, "time", when);
		cJSON_AddItemToArray(arr, m);
		free(body);
		body = NULL;
	}
	free(body);
	pl_q_done(&q);
	if (rc < 0) {
		cJSON_Delete(arr);
		return NULL;
	}
	*rcp = PL_OK;
	return arr;
}

int
pl_chat_attach(struct pl_db *db, unsigned long site, unsigned long long chat,
    enum pl_sender from, long long opid, const char *client_id,
    const char *name, const char *type, const char *data, size_t len,
    long long *seq, int *dup)
{
	struct pl_q	q;
	long long	file_id;
	int		rc;

	*dup = 0;
	/* A resend must not store the file twice: look for the message first. */
	pl_q_init(&q, db, ST_MSG_BY_CLIENT);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_cstr(&q, senders[from]);
	pl_q_cstr(&q, client_id);
	pl_q_out_int(&q, seq, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0)
		return PL_EDB;
	if (rc == 1) {
		*dup = 1;
		return PL_OK;
	}
	pl_q_init(&q, db, ST_FILE_INSERT);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)chat);
	pl_q_cstr(&q, name);
	pl_q_cstr(&q, type);
	pl_q_int(&q, (long long)len);
	pl_q_blob(&q, data, len);
	rc = pl_q_exec(&q);
	file_id = (long long)pl_q_insert_id(&q);
	pl_q_done(&q);
	if (rc != PL_OK)
		return PL_EDB;
	return pl_chat_post(db, site, chat, from, opid, client_id, "", 0,
	    file_id, seq, dup);
}

cJSON *
pl_chat_message_answer(struct pl_db *db, unsigned long site,
    unsigned long long chat, long long seq)
{
	cJSON	*msgs, *root;
	int	 rc;

	if ((msgs = pl_chat_messages(db, site, chat, seq - 1, 1, &rc)) == NULL)
		return NULL;
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "message", cJSON_DetachItemFromArray(msgs, 0));
	cJSON_Delete(msgs);
	return root;
}

void
pl_chat_answer_posted(struct pl_req *r, unsigned long site,
    unsigned long long chat, int rc, long long seq, int dup)
{
	cJSON *root;

	if (rc == PL_EINVAL) {
		pl_error(r, 409, "chat_closed", NULL, "the chat is closed");
		return;
	}
	/* Committed but the echo failed: the client's resend gets the message. */
	if (rc != PL_OK || (root = pl_chat_message_answer(r->db, site, chat,
	    seq)) == NULL) {
		pl_error_db(r);
		return;
	}
	pl_json(r, dup ? 200 : 201, root);
}

void
pl_chat_state_json(const struct pl_chat *c, cJSON *o)
{
	cJSON *op;

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddNumberToObject(o, "version", (double)c->version);
	cJSON_AddNumberToObject(o, "last_seq", (double)c->last_seq);
	if (c->op_name[0] != '\0' || strcmp(c->status, "active") == 0) {
		op = cJSON_AddObjectToObject(o, "operator");
		cJSON_AddStringToObject(op, "name", c->op_name);
	} else
		cJSON_AddNullToObject(o, "operator");
	cJSON_AddBoolToObject(o, "operator_typing", c->op_typing);
	cJSON_AddBoolToObject(o, "visitor_sleeping", c->sleeping);
}
