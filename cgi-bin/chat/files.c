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
	struct pl_q	 q;
	const char	*type;
	cJSON		*msgs, *root;
	long long	 file_id = 0, seq = 0;
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
	/* A resend must not store the file twice: look for the message first. */
	pl_q_init(&q, r->db, ST_MSG_BY_CLIENT);
	pl_q_int(&q, (long long)r->site.id);
	pl_q_int(&q, (long long)c.id);
	pl_q_cstr(&q, "visitor");
	pl_q_cstr(&q, PL_V(r, KEY_CLIENT_ID)->s);
	pl_q_out_int(&q, &seq, NULL);
	if (pl_q_exec(&q) != PL_OK) {
		pl_error_db(r);
		return;
	}
	rc = pl_q_fetch(&q);
	pl_q_done(&q);
	if (rc < 0) {
		pl_error_db(r);
		return;
	}
	if (rc == 0) {
		pl_q_init(&q, r->db, ST_FILE_INSERT);
		pl_q_int(&q, (long long)r->site.id);
		pl_q_int(&q, (long long)c.id);
		pl_q_cstr(&q, PL_V(r, KEY_NAME)->s);
		pl_q_cstr(&q, type);
		pl_q_int(&q, (long long)r->rawbody_len);
		pl_q_blob(&q, r->rawbody, r->rawbody_len);
		rc = pl_q_exec(&q);
		file_id = (long long)pl_q_insert_id(&q);
		pl_q_done(&q);
		if (rc != PL_OK) {
			pl_error_db(r);
			return;
		}
		rc = pl_chat_post(r->db, r->site.id, c.id, PL_FROM_VISITOR, 0,
		    PL_V(r, KEY_CLIENT_ID)->s, "", 0, file_id, &seq, &dup);
		if (rc == PL_EINVAL) {
			pl_error(r, 409, "chat_closed", NULL, "the chat is closed");
			return;
		} else if (rc != PL_OK) {
			pl_error_db(r);
			return;
		}
	} else
		dup = 1;
	if ((msgs = pl_chat_messages(r->db, r->site.id, c.id, seq - 1, 1, &rc)) == NULL) {
		pl_error_db(r);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "message", cJSON_DetachItemFromArray(msgs, 0));
	cJSON_Delete(msgs);
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
