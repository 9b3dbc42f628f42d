/*
 * pl_fields.c: a form's answers and the consent (see pl_fields.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pl_chat.h"
#include "pl_fields.h"
#include "pl_mail.h"
#include "pl_resp.h"

const char *
pl_fields_value(struct pl_req *r, const char *key)
{
	char			 name[40];
	const struct pl_kv	*kv;
	cJSON			*fields, *v;

	if (r->json != NULL &&
	    (fields = cJSON_GetObjectItemCaseSensitive(r->json, "fields")) != NULL &&
	    cJSON_IsObject(fields) &&
	    (v = cJSON_GetObjectItemCaseSensitive(fields, key)) != NULL) {
		if (cJSON_IsString(v))
			return v->valuestring;
		if (cJSON_IsTrue(v))
			return "1";
		if (cJSON_IsFalse(v))
			return "";
		return NULL;
	}
	snprintf(name, sizeof(name), "f_%.32s", key);
	if ((kv = pl_kvlist_get(&r->body, name)) != NULL ||
	    (kv = pl_kvlist_get(&r->query, name)) != NULL)
		return kv->val;
	return NULL;
}

int
pl_fields_check(struct pl_req *r, const struct pl_field *f, size_t nf, int direct,
    cJSON *out, const char **name, const char **email)
{
	size_t	i;
	char	fname[40], msg[96];

	*name = "";
	*email = "";
	for (i = 0; i < nf; i++) {
		const char	*v = pl_fields_value(r, f[i].key);
		size_t		 len = v != NULL ? strlen(v) : 0;
		int		 bad = 0;

		snprintf(fname, sizeof(fname), "f_%.32s", f[i].key);
		if (len == 0) {
			if (f[i].required && !direct) {
				snprintf(msg, sizeof(msg), "%s: missing", fname);
				pl_error(r, 400, "invalid_parameter", fname, msg);
				return -1;
			}
			continue;
		}
		if (len > PL_MSG_MAX || !pl_text_valid(v, len,
		    strcmp(f[i].type, "textarea") == 0))
			bad = 1;
		else if (strcmp(f[i].type, "email") == 0 && !pl_email_valid(v))
			bad = 1;
		else if (strcmp(f[i].type, "select") == 0 && !pl_site_field_option(&f[i], v))
			bad = 1;
		if (bad) {
			snprintf(msg, sizeof(msg), "%s: invalid", fname);
			pl_error(r, 400, "invalid_parameter", fname, msg);
			return -1;
		}
		cJSON_AddStringToObject(out, f[i].key, v);
		if (strcmp(f[i].key, "name") == 0)
			*name = v;
		else if (strcmp(f[i].key, "email") == 0)
			*email = v;
	}
	if (strlen(*name) > 128)
		*name = "";
	return 0;
}

int
pl_fields_consent(struct pl_req *r, const struct pl_site_config *c,
    const struct pl_value *given)
{
	if (!pl_site_consent_required(c))
		return 0;
	if (!pl_site_consent_shown(c)) {
		pl_error(r, 409, "consent_unavailable", "lang",
		    "lang: this site asks for consent but has no consent text in this language");
		return -1;
	}
	if (!given->present || given->i != 1) {
		pl_error(r, 400, "invalid_parameter", "consent",
		    "consent: the privacy consent is required");
		return -1;
	}
	return 0;
}

int
pl_fields_consent_version(struct pl_req *r, const struct pl_site_config *c,
    const struct pl_value *v)
{
	if (!pl_site_consent_required(c))
		return 0;
	if (!v->present) {
		pl_error(r, 400, "invalid_parameter", "consent_version",
		    "consent_version: missing (the version of the consent text shown)");
		return -1;
	}
	if (strncmp(v->s, c->consent_version, PL_HASH_HEX) != 0) {
		pl_error(r, 409, "consent_changed", "consent_version",
		    "consent_version: the consent text has changed; show it again");
		return -1;
	}
	return 0;
}

