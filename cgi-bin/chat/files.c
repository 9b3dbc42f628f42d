/*
 * files.c: files in a chat. Uploads are checked on their content (not
 * their name), kept in the database with the chat, and served back only
 * to whoever holds the chat's token, as a download with a safe type.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "pl_answer.h"
#include "pl_files.h"
#include "pl_resp.h"

/* POST raw bytes; query: client_id, name. 201/200 message; 404; 409; 413; 415; 503. */
void
h_upload(struct pl_req *r)
{
	struct pl_actor		 a;
	struct pl_posted	 p;
	const char		*type;
	int			 rc;

	if (r->rawbody_len == 0) {
		pl_error(r, 400, "invalid_parameter", "file", "file: empty");
		return;
	}
	if ((type = pl_file_sniff((const unsigned char *)r->rawbody, r->rawbody_len)) == NULL) {
		pl_error(r, 415, "unsupported_file_type", "file",
		    "only PNG, JPEG, GIF, WebP, PDF and plain text files can be sent");
		return;
	}
	if (!pl_file_name_matches(PL_V(r, KEY_NAME)->s, type)) {
		pl_error(r, 415, "unsupported_file_type", "file",
		    "the file's content does not match its name");
		return;
	}
	if (pl_answer_chat_limit(r, "msg", chat_id(r), PL_V(r, KEY_TOKEN)->s,
	    r->conf->limit_chat_messages) != 0)
		return;
	chat_actor(r, &a);
	rc = pl_chat_attach(r->db, r->site.id, chat_id(r), &a,
	    PL_V(r, KEY_CLIENT_ID)->s, PL_V(r, KEY_NAME)->s, type, r->rawbody,
	    r->rawbody_len, &p);
	pl_answer_posted(r, r->site.id, chat_id(r), rc, &p);
}

/* GET file=ID. 200 bytes; 404 (also for another chat's file); 503. */
void
h_file(struct pl_req *r)
{
	struct pl_chat c;

	if (chat_auth(r, &c) == 0)
		pl_answer_file(r, r->site.id, c.id, PL_V(r, KEY_FILE)->i);
}
