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
#include "pl_answer.h"
#include "pl_chatlist.h"
#include "pl_files.h"
#include "pl_ip.h"
#include "pl_log.h"
#include "pl_notify.h"
#include "pl_resp.h"

static unsigned long long
chat_id(struct pl_req *r)
{
	return (unsigned long long)PL_V(r, KEY_CHAT)->i;
}

/* 0 when the operator may see the request's chat (c filled); else answered 404/503. */
static int
chat_see(struct pl_req *r, const struct pl_session *s, struct pl_chat *c)
{
	struct pl_actor	a;
	int		rc;

	op_actor(r, s, &a);
	if ((rc = pl_chat_get(r->db, s->site, chat_id(r), &a, c)) != PL_OK) {
		pl_answer_rc(r, rc);
		return -1;
	}
	return 0;
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

struct list {
	struct pl_req	*r;
	cJSON		*arr;
	int		 mine;
};

static int
add_item(void *arg, const struct pl_chat_item *c)
{
	struct list	*l = arg;
	cJSON		*o = cJSON_CreateObject(), *m;
	long long	 k;

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "dept", c->dept);
	cJSON_AddStringToObject(o, "from", c->from);
	cJSON_AddStringToObject(o, "lang", c->lang);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "email", c->email);
	cJSON_AddItemToObject(o, "fields", parse_stored(c->fields_json));
	cJSON_AddItemToObject(o, "data", parse_stored(c->data_json));
	cJSON_AddStringToObject(o, "page", c->page);
	cJSON_AddStringToObject(o, "title", c->title);
	cJSON_AddStringToObject(o, "started", c->started);
	if (l->mine)
		cJSON_AddBoolToObject(o, "visitor_typing", c->visitor_typing);
	else
		cJSON_AddNumberToObject(o, "waiting_s", (double)c->waiting_s);
	cJSON_AddBoolToObject(o, "visitor_sleeping", c->sleeping);
	cJSON_AddNumberToObject(o, "version", (double)c->version);
	cJSON_AddNumberToObject(o, "last_seq", (double)c->last_seq);
	cJSON_AddStringToObject(o, "note", c->note);
	if (l->mine) {
		cJSON_AddBoolToObject(o, "contract", c->contract);
		/* Newer messages inline save the console a round trip each. */
		k = known_seq(PL_V(l->r, KEY_SEQS), (long long)c->id);
		if (k >= 0 && k < c->last_seq && (m = pl_answer_messages(l->r,
		    l->r->site.id, c->id, k, 50)) != NULL)
			cJSON_AddItemToObject(o, "messages", m);
	}
	cJSON_AddItemToArray(l->arr, o);
	return 0;
}

/* Queue (waiting chats of my departments) or my active chats. */
static cJSON *
chat_list(struct pl_req *r, const struct pl_session *s, int mine)
{
	struct list l = { r, cJSON_CreateArray(), mine };

	if (pl_chat_list(r->db, s->site, s->operator_id, mine, add_item, &l) != PL_OK) {
		cJSON_Delete(l.arr);
		return NULL;
	}
	return l.arr;
}

/*
 * Hold (threaded daemon) until something that concerns the console
 * changed after seen, at most wait seconds. A wake for another
 * console's change (rare: changes of unknown owner) waits on.
 */
static int
console_wait(struct pl_req *r, const struct pl_session *s, long long seen,
    long long wait, long long *cursor)
{
	struct pl_waiter	*w;
	int64_t			 end = pl_now_ms() + wait * 1000;
	int			 rc = PL_OK;
	char			 who[PL_IP_ANON_MAX];

	pl_answer_client(r, who, sizeof(who));
	while (rc == PL_OK && *cursor <= seen && pl_now_ms() < end) {
		/* Register, look again, then wait. */
		w = pl_notify_register_console(s->site, s->operator_id, seen, who, &rc);
		if (rc != PL_OK)
			break;
		if ((rc = pl_console_cursor(r->db, s->site, s->operator_id,
		    cursor)) == PL_OK && *cursor <= seen) {
			pl_req_db_release(r);
			(void)pl_notify_wait(w, (int)(end - pl_now_ms()));
			pl_req_db_acquire(r);
			rc = pl_console_cursor(r->db, s->site, s->operator_id, cursor);
		}
		pl_notify_unregister(w);
	}
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
	cJSON			*root, *queue, *mine, *presence;
	long long		 seen = PL_V(r, KEY_CURSOR)->i, cursor = 0, queue_total = 0;
	long long		 wait = PL_V(r, KEY_WAIT)->present ? PL_V(r, KEY_WAIT)->i : 25;
	int			 held = !pl_req_is_cgi(r) && pl_notify_running();
	int			 rc = PL_OK;

	if (pl_session_auth(r, &s) != 0)
		return;
	if (pl_presence_touch(r->db, s.site, s.operator_id) != PL_OK ||
	    pl_console_cursor(r->db, s.site, s.operator_id, &cursor) != PL_OK ||
	    (held && wait > 0 && PL_V(r, KEY_CURSOR)->present && cursor <= seen &&
	    (rc = console_wait(r, &s, seen, wait, &cursor)) != PL_OK)) {
		if (rc == PL_ELIMIT || rc == PL_ETOOBIG)
			pl_answer_poll_refused(r, rc);
		else
			pl_error_db(r);
		return;
	}
	queue = chat_list(r, &s, 0);
	mine = chat_list(r, &s, 1);
	presence = op_presence_json(r, &s);
	if (queue == NULL || mine == NULL || presence == NULL ||
	    pl_queue_count(r->db, s.site, s.operator_id, &queue_total) != PL_OK) {
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
	/* The queue lists the oldest 200; this says how many wait in all. */
	cJSON_AddNumberToObject(root, "queue_total", (double)queue_total);
	cJSON_AddItemToObject(root, "chats", mine);
	/* Tracked visitors come with the counter; until then none. */
	cJSON_AddArrayToObject(root, "visitors");
	cJSON_AddNumberToObject(root, "retry_ms", held ? 0 : 2000);
	pl_json(r, 200, root);
}

/* A state change's answer: 200 with the version, or the error the code means. */
static void
answer(struct pl_req *r, int rc, long long version)
{
	if (rc == PL_OK)
		pl_answer_ok(r, version);
	else
		pl_answer_rc(r, rc);
}

/* POST chat. 200; 404; 409 already_taken, too_many_chats (max_chats); 503. */
void
h_accept(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_actor		a;
	long long		version = 0;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	answer(r, pl_chat_accept(r->db, s.site, chat_id(r), &a, r->reqid, &version),
	    version);
}

/* GET chat, after. 200 messages + state; 404; 503. */
void
h_messages(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_chat		c;

	if (pl_session_auth(r, &s) != 0 || chat_see(r, &s, &c) != 0)
		return;
	pl_answer_chat(r, &c, PL_V(r, KEY_AFTER)->i, PL_POLL_LIMIT, -1);
}

/* POST chat, client_id, text. 201 / 200 (resend); 404; 409; 503. */
void
h_send(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_actor		a;
	struct pl_posted	p;
	int			rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	rc = pl_chat_post(r->db, s.site, chat_id(r), &a, PL_V(r, KEY_CLIENT_ID)->s,
	    PL_V(r, KEY_TEXT)->s, PL_V(r, KEY_TEXT)->len, &p);
	pl_answer_posted(r, s.site, chat_id(r), rc, &p);
}

/* POST chat, typing. 200; 404; 409; 503. */
void
h_typing(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_actor		a;
	long long		version = 0;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	answer(r, pl_chat_typing(r->db, s.site, chat_id(r), &a,
	    PL_V(r, KEY_TYPING)->i != 0, &version), version);
}

/*
 * POST chat, to_operator (login) or to_dept, note. The chat goes to
 * that operator (active) or back to the queue of that department. The
 * visitor reads "Transferred to NAME." (the display name, never the
 * login); the note stays with the chat for the operators.
 * 200; 400; 404; 409 (too_many_chats: the colleague is at its max_chats); 503.
 */
void
h_transfer(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_actor		 a;
	const struct pl_value	*to_op = PL_V(r, KEY_TO_OPERATOR);
	const struct pl_value	*to_dept = PL_V(r, KEY_TO_DEPT);
	long long		 version = 0;
	int			 rc;

	if (to_op->present == to_dept->present) {
		pl_error(r, 400, "invalid_parameter", "to_operator",
		    "to_operator: give either to_operator or to_dept");
		return;
	}
	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	rc = pl_chat_transfer(r->db, s.site, chat_id(r), &a,
	    to_op->present ? to_op->s : NULL, to_dept->present ? (char)to_dept->i : 0,
	    PL_V(r, KEY_NOTE)->present ? PL_V(r, KEY_NOTE)->s : "", r->reqid, &version);
	if (rc == PL_EINVAL && to_op->present)
		pl_error(r, 400, "invalid_parameter", "to_operator",
		    "to_operator: no such operator");
	else if (rc == PL_ELIMIT)
		pl_error(r, 409, "too_many_chats", "to_operator",
		    "to_operator: has as many chats as the limit allows");
	else if (rc == PL_EINVAL)
		pl_error(r, 400, "invalid_parameter", "to_dept",
		    "to_dept: no such department");
	else
		answer(r, rc, version);
}

/* POST chat. 200; 404; 409; 503. */
void
h_close(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_actor		a;
	long long		version = 0;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	answer(r, pl_chat_close(r->db, s.site, chat_id(r), &a, r->reqid, &version),
	    version);
}

/* POST chat, flag. Records who and when; the purger keeps flagged chats. 200; 404; 503. */
void
h_contract(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_actor		a;
	long long		version = 0;
	int			rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	rc = pl_chat_contract(r->db, s.site, chat_id(r), &a, PL_V(r, KEY_FLAG)->i != 0,
	    &version);
	if (rc == PL_OK)
		pl_log(r->reqid, PL_LOG_INFO, "chat %llu contract flag %lld by operator %lld",
		    chat_id(r), PL_V(r, KEY_FLAG)->i, s.operator_id);
	answer(r, rc, version);
}

static int
add_other(void *arg, const struct pl_chat_ref *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "started", c->started);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddItemToArray((cJSON *)arg, o);
	return 0;
}

static cJSON *
detail_json(const struct pl_chat *c, const struct pl_chat_detail *d)
{
	cJSON *root = cJSON_CreateObject(), *o;

	cJSON_AddNumberToObject(root, "chat", (double)c->id);
	cJSON_AddStringToObject(root, "status", c->status);
	cJSON_AddStringToObject(root, "dept", c->dept);
	cJSON_AddStringToObject(root, "from", d->from);
	cJSON_AddStringToObject(root, "lang", d->lang);
	cJSON_AddStringToObject(root, "name", d->name);
	cJSON_AddStringToObject(root, "email", d->email);
	cJSON_AddItemToObject(root, "fields", parse_stored(d->fields_json));
	cJSON_AddItemToObject(root, "data", parse_stored(d->data_json));
	cJSON_AddStringToObject(root, "page", d->page);
	cJSON_AddStringToObject(root, "title", d->title);
	cJSON_AddStringToObject(root, "started", d->started);
	cJSON_AddStringToObject(root, "note", d->note);
	o = cJSON_AddObjectToObject(root, "contract");
	cJSON_AddBoolToObject(o, "flag", d->contract);
	cJSON_AddStringToObject(o, "by", d->contract_by);
	cJSON_AddStringToObject(o, "at", d->contract_at);
	return root;
}

/* GET chat. 200 details + the visitor's other chats; 404; 503. */
void
h_detail(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_chat		 c;
	struct pl_chat_detail	 d;
	cJSON			*root;
	int			 rc;

	if (pl_session_auth(r, &s) != 0 || chat_see(r, &s, &c) != 0)
		return;
	if (pl_chat_detail(r->db, s.site, c.id, &d) != PL_OK) {
		pl_error_db(r);
		return;
	}
	root = detail_json(&c, &d);
	rc = d.visitor_id > 0 ? pl_visitor_chats(r->db, s.site, d.visitor_id, c.id,
	    add_other, cJSON_AddArrayToObject(root, "history")) : PL_OK;
	if (d.visitor_id <= 0)
		cJSON_AddArrayToObject(root, "history");
	pl_chat_detail_free(&d);
	if (rc != PL_OK) {
		cJSON_Delete(root);
		pl_error_db(r);
		return;
	}
	pl_json(r, 200, root);
}

/* GET chat, file. 200 bytes; 404; 503. */
void
h_file(struct pl_req *r)
{
	struct pl_session	s;
	struct pl_chat		c;

	if (pl_session_auth(r, &s) == 0 && chat_see(r, &s, &c) == 0)
		pl_answer_file(r, s.site, c.id, PL_V(r, KEY_FILE)->i);
}

/* POST raw bytes; chat, client_id, name. 201/200; 404; 409; 413; 415; 503. */
void
h_upload(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_actor		 a;
	struct pl_posted	 p;
	const char		*type;
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	if (r->rawbody_len == 0 ||
	    (type = pl_file_sniff((const unsigned char *)r->rawbody, r->rawbody_len)) == NULL ||
	    !pl_file_name_matches(PL_V(r, KEY_NAME)->s, type)) {
		pl_error(r, 415, "unsupported_file_type", "file",
		    "only PNG, JPEG, GIF, WebP, PDF and plain text files, named for what they are");
		return;
	}
	op_actor(r, &s, &a);
	rc = pl_chat_attach(r->db, s.site, chat_id(r), &a, PL_V(r, KEY_CLIENT_ID)->s,
	    PL_V(r, KEY_NAME)->s, type, r->rawbody, r->rawbody_len, &p);
	pl_answer_posted(r, s.site, chat_id(r), rc, &p);
}

/*
 * POST chat. Closes every waiting chat started from the same (anonymised)
 * address as this one, of those the operator may see: a flood in one
 * action. 200 {"ok", "closed": N}; 404; 503.
 */
void
h_close_similar(struct pl_req *r)
{
	struct pl_session	 s;
	struct pl_actor		 a;
	cJSON			*root;
	unsigned		 closed = 0;
	int			 rc;

	if (pl_session_auth(r, &s) != 0)
		return;
	op_actor(r, &s, &a);
	if ((rc = pl_chat_close_similar(r->db, s.site, chat_id(r), &a, &closed)) != PL_OK) {
		pl_answer_rc(r, rc);
		return;
	}
	pl_log(r->reqid, PL_LOG_INFO, "operator %lld closed %u waiting chats like chat %llu",
	    s.operator_id, closed, chat_id(r));
	root = cJSON_CreateObject();
	cJSON_AddBoolToObject(root, "ok", 1);
	cJSON_AddNumberToObject(root, "closed", closed);
	pl_json(r, 200, root);
}
