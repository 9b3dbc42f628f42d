/*
 * files.c: files in a chat. Uploads are checked on their content (not
 * their name), kept in the database with the chat, and served back only
 * to whoever holds the chat's token, as a download with a safe type.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "chat.h"
#include "pl_db.h"
#include "pl_files.h"
#include "pl_log.h"
#include "pl_resp.h"

/* POST raw bytes; query: client_id, name. 201/200 message; 404; 409; 413; 415; 503. */
void
h_upload(struct pl_req *r)
{
	struct pl_chat	 c;
	const char	*type;
	cJSON		*root;
	long long	 seq = 0;
	int		 dup = 0, rc;

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
	if (chat_auth(r, &c) != 0)
		return;
	if (strcmp(c.status, "closed") == 0) {
		pl_error(r, 409, "chat_closed", NULL, "the chat is closed");
		return;
	}
	rc = pl_chat_attach(r->db, r->site.id, c.id, PL_FROM_VISITOR, 0,
	    PL_V(r, KEY_CLIENT_ID)->s, PL_V(r, KEY_NAME)->s, type, r->rawbody,
	    r->rawbody_len, &seq, &dup);
	if (rc == PL_EINVAL) {
		pl_error(r, 409, "chat_closed", NULL, "the chat is closed");
		return;
	}
	if (rc != PL_OK || (root = pl_chat_message_answer(r->db, r->site.id, c.id,
	    seq)) == NULL) {
		pl_error_db(r);
		return;
	}
	pl_json(r, dup ? 200 : 201, root);
}

/* GET file=ID. 200 bytes; 404 (also for another chat's file); 503. */
void
h_file(struct pl_req *r)
{
	struct pl_chat	 c;
	struct pl_q	 q;
	char		 name[256], type[65];
	char		*data = NULL;
	size_t		 len = 0;
	int		 rc;

	if (chat_auth(r, &c) != 0)
		return;
	pl_q_init(&q, r->db, ST_FILE_GET);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_int(&q, (long long)c.id);
	pl_q_int(&q, PL_V(r, KEY_FILE)->i);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_str(&q, type, sizeof(type), NULL, NULL);
	pl_q_out_dup(&q, &data, &len, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_error_db(r);
		return;
	}
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0) {
		free(data);
		pl_error_db(r);
		return;
	}
	if (rc == 0) {
		pl_error(r, 404, "not_found", "file", "no such file");
		return;
	}
	pl_file_answer(r, name, type, data, len);
	free(data);
}
