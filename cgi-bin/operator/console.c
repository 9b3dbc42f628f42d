/*
 * console.c: what the operator console does with chats. One long-poll
 * per console (GET /poll) covers the queue, the operator's chats and
 * presence: it returns when anything of the site changed after the
 * console's cursor. Chats are visible in the operator's departments
 * (and chats without a department); writing needs the chat to be the
 * operator's own active chat. Anything else is the same 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "operator.h"
#include "pl_auth.h"
#include "pl_db.h"
#include "pl_files.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_resp.h"

cJSON	*op_presence_json(struct pl_req *, const struct pl_session *);

enum need { SEE, OWN };

struct acc {
	char		status[16];
	long long	owner;
	char		dept[2];
	char		lang[9];	/* the visitor's: system messages speak it */
};


/* 0 when the operator may SEE (or OWN) the chat; else answered 404/409/503. */
static int
chat_access(struct pl_req *r, const struct pl_session *s, enum need need,
    struct acc *a)
{
	struct pl_q	q;
	long long	visible = 0;
	int		rc;

	memset(a, 0, sizeof(*a));
	pl_q_init(&q, r->db, ST_CHAT_FOR_OP);
	pl_q_int(&q, s->operator_id);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, PL_V(r, KEY_CHAT)->i);
	pl_q_out_str(&q, a->status, sizeof(a->status), NULL, NULL);
	pl_q_out_int(&q, &a->owner, NULL);
	pl_q_out_str(&q, a->dept, sizeof(a->dept), NULL, NULL);
	pl_q_out_int(&q, &visible, NULL);
	pl_q_out_str(&q, a->lang, sizeof(a->lang), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_error_db(r);
		return -1;
	}
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0) {
		pl_error_db(r);
		return -1;
	}
	if (rc == 0 || (!visible && a->owner != s->operator_id)) {
		pl_error(r, 404, "not_found", "chat", "no such chat");
		return -1;
	}
	if (need == OWN && (a->owner != s->operator_id ||
	    strcmp(a->status, "active") != 0)) {
		pl_error(r, 409, "not_your_chat", "chat",
		    "accept the chat first (or it was closed or transferred)");
		return -1;
	}
	return 0;
}

static void
ok_answer(struct pl_req *r, long long version)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddBoolToObject(root, "ok", 1);
	if (version > 0)
		cJSON_AddNumberToObject(root, "version", (double)version);
	pl_json(r, 200, root);
}

/* Stored JSON (our own) back into an object; {} when broken. */
static cJSON *
parse_stored(const char *s)
{
	cJSON *j = s != NULL ? cJSON_Parse(s) : NULL;

	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = cJSON_CreateObject();
	}
	return j;
}

static void
fix_time(char *t)
{
	if (strlen(t) == 27)
		memmove(t + 23, t + 26, 2);
}

/*
 * The seq the console has of a chat, from "chat:seq,chat:seq" (-1: not
 * given). The list was checked as text by the parameter table; anything
 * malformed in it simply does not match.
 */
static long long
known_seq(const struct pl_value *v, long long chat)
{
	const char	*p, *end;
	long long	 id, seq;
	size_t		 n;

	if (!v->present)
		return -1;
	for (p = v->s, end = v->s + v->len; p < end; p += n + 1) {
		const char *colon;

		n = (size_t)(end - p);
		if ((colon = memchr(p, ',', n)) != NULL)
			n = (size_t)(colon - p);
		if ((colon = memchr(p, ':', n)) == NULL)
			continue;
		if (pl_parse_ll(p, (size_t)(colon - p), 1, 9007199254740991LL, &id) == PL_OK &&
		    id == chat && pl_parse_ll(colon + 1, n - (size_t)(colon - p) - 1, 0,
		    4294967295LL, &seq) == PL_OK)
			return seq;
	}
	return -1;
}

/* Queue (waiting chats of my departments) or my active chats. */
static cJSON *
chat_list(struct pl_req *r, const struct pl_session *s, int mine)
{
	struct pl_q	 q;
	cJSON		*arr, *o;
	long long	 id, n1, n2, version, last_seq, contract = 0;
	char		 dept[2], from[256], lang[9], name[129], email[255];
	char		 page[2049], title[256], started[40], note[501];
	char		*query = NULL, *data = NULL;
	int		 rc;

	pl_q_init(&q, r->db, mine ? ST_MY_CHATS : ST_QUEUE);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_str(&q, dept, sizeof(dept), NULL, NULL);
	pl_q_out_str(&q, from, sizeof(from), NULL, NULL);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_str(&q, email, sizeof(email), NULL, NULL);
	pl_q_out_dup(&q, &query, NULL, NULL);
	pl_q_out_dup(&q, &data, NULL, NULL);
	pl_q_out_str(&q, page, sizeof(page), NULL, NULL);
	pl_q_out_str(&q, title, sizeof(title), NULL, NULL);
	pl_q_out_str(&q, started, sizeof(started), NULL, NULL);
	pl_q_out_int(&q, &n1, NULL);	/* queue: waiting s; mine: visitor typing */
	pl_q_out_int(&q, &n2, NULL);	/* sleeping */
	pl_q_out_int(&q, &version, NULL);
	pl_q_out_int(&q, &last_seq, NULL);
	pl_q_out_str(&q, note, sizeof(note), NULL, NULL);
	if (mine)
		pl_q_out_int(&q, &contract, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return NULL;
	arr = cJSON_CreateArray();
	while ((rc = pl_q_fetch(&q)) == 1) {
		fix_time(started);
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "chat", (double)id);
		cJSON_AddStringToObject(o, "dept", dept);
		cJSON_AddStringToObject(o, "from", from);
		cJSON_AddStringToObject(o, "lang", lang);
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddStringToObject(o, "email", email);
		cJSON_AddItemToObject(o, "fields", parse_stored(query));
		cJSON_AddItemToObject(o, "data", parse_stored(data));
		cJSON_AddStringToObject(o, "page", page);
		cJSON_AddStringToObject(o, "title", title);
		cJSON_AddStringToObject(o, "started", started);
		if (mine)
			cJSON_AddBoolToObject(o, "visitor_typing", n1 != 0);
		else
			cJSON_AddNumberToObject(o, "waiting_s", (double)n1);
		cJSON_AddBoolToObject(o, "visitor_sleeping", n2 != 0);
		cJSON_AddNumberToObject(o, "version", (double)version);
		cJSON_AddNumberToObject(o, "last_seq", (double)last_seq);
		cJSON_AddStringToObject(o, "note", note);
		if (mine)
			cJSON_AddBoolToObject(o, "contract", contract != 0);
		if (mine && PL_V(r, KEY_SEQS)->present) {
			long long k = known_seq(PL_V(r, KEY_SEQS), id);

			/* Saves the console a round trip per new message. */
			if (k >= 0 && k < last_seq) {
				cJSON	*m;
				int	 mrc;

				/* the result set of q stays stored; another statement may run */
				if ((m = pl_chat_messages(r->db, s->site,
				    (unsigned long long)id, k, 50, &mrc)) != NULL)
					cJSON_AddItemToObject(o, "messages", m);
			}
		}
		cJSON_AddItemToArray(arr, o);
		free(query);
		free(data);
		query = data = NULL;
	}
	free(query);
	free(data);
	pl_q_done(&q);
	if (rc < 0) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

/* The newest change that concerns this console: its chats or the queue. */
static int
console_cursor(struct pl_req *r, const struct pl_session *s, long long *cursor)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, r->db, ST_OP_CURSOR);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, s->operator_id);
	pl_q_out_int(&q, cursor, NULL);
	rc = pl_q_exec(&q) == PL_OK && pl_q_fetch(&q) == 1 ? PL_OK : PL_EDB;
	pl_q_done(&q);
	return rc;
}

/*
 * GET cursor, wait. Holds (threaded daemon) until something of the site
 * changed after cursor, then answers cursor, presence, queue, chats.
 * Every poll is also the console's heartbeat. 200; 401; 503.
 */
void
h_poll(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_waiter	*w = NULL;
	struct pl_q		 q;
	cJSON			*root, *queue, *mine, *presence;
	long long		 seen = PL_V(r, KEY_CURSOR)->i, cursor = 0;
	long long		 wait = PL_V(r, KEY_WAIT)->present ? PL_V(r, KEY_WAIT)->i : 25;
	int			 held = !pl_req_is_cgi(r) && pl_notify_running();

	if (op_auth(r, &s) != 0)
		return;
	pl_q_init(&q, r->db, ST_PRESENCE_TOUCH);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, s.operator_id);
	if (pl_q_exec(&q) != PL_OK) {
		pl_q_done(&q);
		pl_error_db(r);
		return;
	}
	pl_q_done(&q);
	if (console_cursor(r, &s, &cursor) != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (held && wait > 0 && PL_V(r, KEY_CURSOR)->present && cursor <= seen) {
		int64_t end = pl_now_ms() + wait * 1000;

		/* Register, look again, then wait; a wake for another console's
		 * change (rare: changes of unknown owner) waits on. */
		while (cursor <= seen && pl_now_ms() < end) {
			w = pl_notify_register_console(s.site, s.operator_id, seen);
			if (console_cursor(r, &s, &cursor) != PL_OK) {
				pl_notify_unregister(w);
				pl_error_db(r);
				return;
			}
			if (cursor <= seen) {
				pl_req_db_release(r);
				(void)pl_notify_wait(w, (int)(end - pl_now_ms()));
				pl_req_db_acquire(r);
				if (console_cursor(r, &s, &cursor) != PL_OK) {
					pl_notify_unregister(w);
					pl_error_db(r);
					return;
				}
			}
			pl_notify_unregister(w);
		}
	}
	queue = chat_list(r, &s, 0);
	mine = chat_list(r, &s, 1);
	presence = op_presence_json(r, &s);
	if (queue == NULL || mine == NULL || presence == NULL) {
		cJSON_Delete(queue);
		cJSON_Delete(mine);
		cJSON_Delete(presence);
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "cursor", (double)cursor);
	cJSON_AddItemToObject(root, "presence", presence);
	cJSON_AddItemToObject(root, "queue", queue);
	cJSON_AddItemToObject(root, "chats", mine);
	/* Tracked visitors come with the counter; until then none. */
	cJSON_AddArrayToObject(root, "visitors");
	cJSON_AddNumberToObject(root, "retry_ms", held ? 0 : 2000);
	pl_json(r, 200, root);
}

/* System message + version bump in one go; PL_OK or PL_EDB. */
static int
system_note(struct pl_req *r, const struct pl_session *s, const char *key,
    const char *text)
{
	long long	seq;
	int		dup;
	char		cid[64];

	/* A unique id per event keeps retries of the same request single. */
	snprintf(cid, sizeof(cid), "%s-%.40s", key, r->reqid);
	return pl_chat_post(r->db, s->site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    PL_FROM_SYSTEM, s->operator_id, cid, text, strlen(text), 0, &seq, &dup)
	    == PL_OK ? PL_OK : PL_EDB;
}

/* POST chat. 200; 404; 409 already taken; 503. */
void
h_accept(struct pl_req *r)
{
	struct pl_session	s;
	struct acc		a;
	long long		version = 0, opid;
	char			text[200];

	if (op_auth(r, &s) != 0 || chat_access(r, &s, SEE, &a) != 0)
		return;
	opid = s.operator_id;
	if (pl_chat_update(r->db, ST_CHAT_ACCEPT, &opid, 1, s.site,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (version == 0) {
		pl_error(r, 409, "already_taken", "chat",
		    "the chat is no longer waiting");
		return;
	}
	/* The chat left the queue: every console's queue changed. */
	if (pl_chat_log_change_for(r->db, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    version, 0) != PL_OK) {
		pl_error_db(r);
		return;
	}
	if (strncmp(a.lang, "de", 2) == 0)
		snprintf(text, sizeof(text), "%s ist dem Chat beigetreten.",
		    s.name[0] != '\0' ? s.name : s.login);
	else
		snprintf(text, sizeof(text), "%s joined the chat.",
		    s.name[0] != '\0' ? s.name : s.login);
	if (system_note(r, &s, "joined", text) != PL_OK) {
		pl_error_db(r);
		return;
	}
	ok_answer(r, version);
}

/* GET chat, after. 200 messages + state; 404; 503. */
void
h_messages(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;
	struct pl_chat		 c;
	cJSON			*root, *msgs;
	int			 rc;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, SEE, &a) != 0)
		return;
	if (pl_chat_load(r->db, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    &c) != PL_OK || (msgs = pl_chat_messages(r->db, s.site, c.id,
	    PL_V(r, KEY_AFTER)->i, PL_POLL_LIMIT, &rc)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	pl_chat_state_json(&c, root);
	cJSON_AddItemToObject(root, "messages", msgs);
	pl_json(r, 200, root);
}

/* POST chat, client_id, text. 201 / 200 (resend); 404; 409; 503. */
void
h_send(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;
	long long		 seq = 0;
	int			 dup = 0, rc;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, OWN, &a) != 0)
		return;
	rc = pl_chat_post(r->db, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    PL_FROM_OPERATOR, s.operator_id, PL_V(r, KEY_CLIENT_ID)->s,
	    PL_V(r, KEY_TEXT)->s, PL_V(r, KEY_TEXT)->len, 0, &seq, &dup);
	pl_chat_answer_posted(r, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    rc, seq, dup);
}

/* POST chat, typing. 200; 404; 409; 503. */
void
h_typing(struct pl_req *r)
{
	struct pl_session	s;
	struct acc		a;
	long long		v = PL_V(r, KEY_TYPING)->i, version;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, OWN, &a) != 0)
		return;
	if (pl_chat_update(r->db, ST_CHAT_TYPING_OPERATOR, &v, 1, s.site,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	ok_answer(r, version);
}

/*
 * Move the chat (one transaction): to operator `target` (> 0) or to the
 * queue of department `dept`, keeping the note for the operators.
 * Returns the new version (0: nothing changed) or -1 on a database error.
 */
static long long
transfer_tx(struct pl_req *r, const struct pl_session *s, long long target,
    const char *dept, const struct pl_value *note)
{
	struct pl_q	q;
	long long	version = 0;

	pl_q_init(&q, r->db, target > 0 ? ST_CHAT_TRANSFER_OP : ST_CHAT_TRANSFER_DEPT);
	if (target > 0)
		pl_q_int(&q, target);
	else
		pl_q_cstr(&q, dept);
	pl_q_str(&q, note->present ? note->s : "", note->present ? note->len : 0);
	pl_q_int(&q, s->operator_id);
	pl_q_int(&q, (long long)s->site);
	pl_q_int(&q, PL_V(r, KEY_CHAT)->i);
	if (pl_chat_update_q(r->db, &q, s->site,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &version) != PL_OK)
		return -1;
	return version;
}

/*
 * POST chat, to_operator (login) or to_dept, note. The chat goes to
 * that operator (active) or back to the queue of that department. The
 * visitor reads "Transferred to NAME." (the display name, never the
 * login); the note stays with the chat for the operators.
 * 200; 400; 404; 409; 503.
 */
void
h_transfer(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;
	struct pl_q		 q;
	const struct pl_value	*to_op = PL_V(r, KEY_TO_OPERATOR);
	const struct pl_value	*to_dept = PL_V(r, KEY_TO_DEPT);
	char			 hash[PL_PWHASH_LEN + 1], role[16], text[300], d[2] = { 0, 0 };
	char			 login[65], name[129];
	long long		 target = 0, disabled = 0, version, one, sound;
	int			 rc;

	if (to_op->present == to_dept->present) {
		pl_error(r, 400, "invalid_parameter", "to_operator",
		    "to_operator: give either to_operator or to_dept");
		return;
	}
	if (op_auth(r, &s) != 0 || chat_access(r, &s, OWN, &a) != 0)
		return;
	if (to_op->present) {
		pl_q_init(&q, r->db, ST_OP_BY_LOGIN);
		pl_q_int(&q, (long long)s.site);
		pl_q_str(&q, to_op->s, to_op->len);
		pl_q_out_int(&q, &target, NULL);
		pl_q_out_str(&q, hash, sizeof(hash), NULL, NULL);
		pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
		pl_q_out_int(&q, &disabled, NULL);
		if (pl_q_exec(&q) != PL_OK || (rc = pl_q_fetch(&q)) < 0) {
			pl_q_done(&q);
			pl_error_db(r);
			return;
		}
		pl_q_done(&q);
		if (rc == 0 || disabled) {
			pl_error(r, 400, "invalid_parameter", "to_operator",
			    "to_operator: no such operator");
			return;
		}
		pl_q_init(&q, r->db, ST_OP_BY_ID);
		pl_q_int(&q, (long long)s.site);
		pl_q_int(&q, target);
		pl_q_out_str(&q, login, sizeof(login), NULL, NULL);
		pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
		pl_q_out_str(&q, role, sizeof(role), NULL, NULL);
		pl_q_out_int(&q, &sound, NULL);
		rc = pl_q_exec(&q) == PL_OK ? pl_q_fetch(&q) : -1;
		pl_q_done(&q);
		if (rc != 1) {
			pl_error_db(r);
			return;
		}
		if (strncmp(a.lang, "de", 2) == 0)
			snprintf(text, sizeof(text), "Weitergeleitet an %s.",
			    name[0] != '\0' ? name : "eine Kollegin oder einen Kollegen");
		else
			snprintf(text, sizeof(text), "Transferred to %s.",
			    name[0] != '\0' ? name : "a colleague");
	} else {
		d[0] = (char)to_dept->i;
		pl_q_init(&q, r->db, ST_DEPT_EXISTS);
		pl_q_int(&q, (long long)s.site);
		pl_q_cstr(&q, d);
		pl_q_out_int(&q, &one, NULL);
		if (pl_q_exec(&q) != PL_OK || (rc = pl_q_fetch(&q)) < 0) {
			pl_q_done(&q);
			pl_error_db(r);
			return;
		}
		pl_q_done(&q);
		if (rc == 0) {
			pl_error(r, 400, "invalid_parameter", "to_dept",
			    "to_dept: no such department");
			return;
		}
		snprintf(text, sizeof(text), "%s", strncmp(a.lang, "de", 2) == 0 ?
		    "An eine andere Abteilung weitergeleitet." :
		    "Transferred to another department.");
	}
	/* The chat left my console: tell it too. */
	if ((version = transfer_tx(r, &s, target, d, PL_V(r, KEY_NOTE))) < 0 ||
	    system_note(r, &s, "transfer", text) != PL_OK ||
	    pl_chat_log_change_for(r->db, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    version, s.operator_id) != PL_OK) {
		pl_error_db(r);
		return;
	}
	ok_answer(r, version);
}

/* POST chat. 200; 404; 409; 503. */
void
h_close(struct pl_req *r)
{
	struct pl_session	s;
	struct acc		a;
	long long		version;
	char			text[200];

	if (op_auth(r, &s) != 0 || chat_access(r, &s, OWN, &a) != 0)
		return;
	if (strncmp(a.lang, "de", 2) == 0)
		snprintf(text, sizeof(text), "%s hat den Chat beendet.",
		    s.name[0] != '\0' ? s.name : s.login);
	else
		snprintf(text, sizeof(text), "%s closed the chat.",
		    s.name[0] != '\0' ? s.name : s.login);
	if (system_note(r, &s, "closed", text) != PL_OK ||
	    pl_chat_update(r->db, ST_CHAT_CLOSE, NULL, 0, s.site,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	ok_answer(r, version);
}

/* POST chat, flag. Records who and when; the purger keeps flagged chats. 200; 404; 503. */
void
h_contract(struct pl_req *r)
{
	struct pl_session	s;
	struct acc		a;
	long long		args[2], version;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, SEE, &a) != 0)
		return;
	args[0] = PL_V(r, KEY_FLAG)->i;
	args[1] = s.operator_id;
	if (pl_chat_update(r->db, ST_CHAT_CONTRACT, args, 2, s.site,
	    (unsigned long long)PL_V(r, KEY_CHAT)->i, &version) != PL_OK) {
		pl_error_db(r);
		return;
	}
	pl_log(r->reqid, PL_LOG_INFO, "chat %lld contract flag %lld by operator %lld",
	    PL_V(r, KEY_CHAT)->i, args[0], s.operator_id);
	ok_answer(r, version);
}

/* GET chat. 200 details + the visitor's other chats; 404; 503. */
void
h_detail(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;
	struct pl_q		 q;
	cJSON			*root, *hist, *o;
	char			 from[256], lang[9], name[129], email[255], page[2049];
	char			 title[256], started[40], cby[65], cat[40], status[16];
	char			 note[501];
	char			*query = NULL, *data = NULL;
	long long		 contract = 0, visitor = 0, id;
	int			 rc;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, SEE, &a) != 0)
		return;
	pl_q_init(&q, r->db, ST_CHAT_DETAIL);
	pl_q_int(&q, (long long)s.site);
	pl_q_int(&q, PL_V(r, KEY_CHAT)->i);
	pl_q_out_str(&q, from, sizeof(from), NULL, NULL);
	pl_q_out_str(&q, lang, sizeof(lang), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_str(&q, email, sizeof(email), NULL, NULL);
	pl_q_out_dup(&q, &query, NULL, NULL);
	pl_q_out_dup(&q, &data, NULL, NULL);
	pl_q_out_str(&q, page, sizeof(page), NULL, NULL);
	pl_q_out_str(&q, title, sizeof(title), NULL, NULL);
	pl_q_out_str(&q, started, sizeof(started), NULL, NULL);
	pl_q_out_int(&q, &contract, NULL);
	pl_q_out_int(&q, &visitor, NULL);
	pl_q_out_str(&q, cby, sizeof(cby), NULL, NULL);
	pl_q_out_str(&q, cat, sizeof(cat), NULL, NULL);
	pl_q_out_str(&q, note, sizeof(note), NULL, NULL);
	if (pl_q_exec(&q) != PL_OK || (rc = pl_q_fetch(&q)) != 1) {
		pl_q_done(&q);
		free(query);
		free(data);
		pl_error_db(r);
		return;
	}
	pl_q_done(&q);
	fix_time(started);
	root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "chat", (double)PL_V(r, KEY_CHAT)->i);
	cJSON_AddStringToObject(root, "status", a.status);
	cJSON_AddStringToObject(root, "dept", a.dept);
	cJSON_AddStringToObject(root, "from", from);
	cJSON_AddStringToObject(root, "lang", lang);
	cJSON_AddStringToObject(root, "name", name);
	cJSON_AddStringToObject(root, "email", email);
	cJSON_AddItemToObject(root, "fields", parse_stored(query));
	cJSON_AddItemToObject(root, "data", parse_stored(data));
	cJSON_AddStringToObject(root, "page", page);
	cJSON_AddStringToObject(root, "title", title);
	cJSON_AddStringToObject(root, "started", started);
	cJSON_AddStringToObject(root, "note", note);
	o = cJSON_AddObjectToObject(root, "contract");
	cJSON_AddBoolToObject(o, "flag", contract != 0);
	cJSON_AddStringToObject(o, "by", cby);
	cJSON_AddStringToObject(o, "at", cat);
	free(query);
	free(data);
	hist = cJSON_AddArrayToObject(root, "history");
	if (visitor > 0) {
		pl_q_init(&q, r->db, ST_VISITOR_CHATS);
		pl_q_int(&q, (long long)s.site);
		pl_q_int(&q, visitor);
		pl_q_int(&q, PL_V(r, KEY_CHAT)->i);
		pl_q_out_int(&q, &id, NULL);
		pl_q_out_str(&q, started, sizeof(started), NULL, NULL);
		pl_q_out_str(&q, status, sizeof(status), NULL, NULL);
		if (pl_q_exec(&q) != PL_OK) {
			cJSON_Delete(root);
			pl_error_db(r);
			return;
		}
		while ((rc = pl_q_fetch(&q)) == 1) {
			fix_time(started);
			o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "chat", (double)id);
			cJSON_AddStringToObject(o, "started", started);
			cJSON_AddStringToObject(o, "status", status);
			cJSON_AddItemToArray(hist, o);
		}
		pl_q_done(&q);
	}
	pl_json(r, 200, root);
}

/* GET chat, file. 200 bytes; 404; 503. */
void
h_file(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, SEE, &a) != 0)
		return;
	pl_file_serve(r, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i, PL_V(r, KEY_FILE)->i);
}

/* POST raw bytes; chat, client_id, name. 201/200; 404; 409; 413; 415; 503. */
void
h_upload(struct pl_req *r)
{
	struct pl_session	 s;
	struct acc		 a;
	const char		*type;
	long long		 seq = 0;
	int			 dup = 0, rc;

	if (op_auth(r, &s) != 0 || chat_access(r, &s, OWN, &a) != 0)
		return;
	if (r->rawbody_len == 0 ||
	    (type = pl_file_sniff((const unsigned char *)r->rawbody, r->rawbody_len)) == NULL ||
	    !pl_file_name_matches(PL_V(r, KEY_NAME)->s, type)) {
		pl_error(r, 415, "unsupported_file_type", "file",
		    "only PNG, JPEG, GIF, WebP, PDF and plain text files, named for what they are");
		return;
	}
	rc = pl_chat_attach(r->db, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    PL_FROM_OPERATOR, s.operator_id, PL_V(r, KEY_CLIENT_ID)->s,
	    PL_V(r, KEY_NAME)->s, type, r->rawbody, r->rawbody_len, &seq, &dup);
	pl_chat_answer_posted(r, s.site, (unsigned long long)PL_V(r, KEY_CHAT)->i,
	    rc, seq, dup);
}
