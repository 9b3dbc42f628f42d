/*
 * pl_site.c: sites, their departments and their visitor-facing
 * settings. Every statement is scoped by the site.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pl_db.h"
#include "pl_site.h"

int
pl_site_lookup(struct pl_db *db, const struct pl_site_id *code,
    struct pl_site *site)
{
	struct pl_q	q;
	long long	id = 0, suspended = 0;
	int		rc;

	memset(site, 0, sizeof(*site));
	pl_q_init(&q, db, ST_SITE_BY_CODE);
	pl_q_int(&q, (long long)code->customer);
	pl_q_int(&q, (long long)code->instance);
	pl_q_out_int(&q, &id, NULL);
	pl_q_out_str(&q, site->name, sizeof(site->name), NULL, NULL);
	pl_q_out_int(&q, &suspended, NULL);
	if ((rc = pl_q_row(&q)) != PL_OK)
		return rc;
	site->id = (unsigned long)id;
	site->suspended = suspended != 0;
	site->code = *code;
	snprintf(site->code_str, sizeof(site->code_str), "%lu-%lu",
	    code->customer, code->instance);
	return PL_OK;
}

int
pl_site_depts(struct pl_db *db, unsigned long site, const char *lang,
    long long fresh_s, struct pl_dept *d, size_t max, size_t *n)
{
	struct pl_q	q;
	char		id[2], name[PL_UTF8_BYTES(128)];
	long long	online;
	int		rc;

	*n = 0;
	pl_q_init(&q, db, ST_AVAIL_DEPTS);
	pl_q_int(&q, fresh_s);
	pl_q_cstr(&q, lang);
	pl_q_int(&q, (long long)site);
	pl_q_out_str(&q, id, sizeof(id), NULL, NULL);
	pl_q_out_str(&q, name, sizeof(name), NULL, NULL);
	pl_q_out_int(&q, &online, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while ((rc = pl_q_fetch(&q)) == 1)
		if (*n < max) {
			d[*n].id = id[0];
			snprintf(d[*n].name, sizeof(d[*n].name), "%s", name);
			d[*n].online = online > 0;
			(*n)++;
		}
	pl_q_done(&q);
	return rc < 0 ? PL_EDB : PL_OK;
}

int
pl_site_dept_exists(struct pl_db *db, unsigned long site, char dept)
{
	struct pl_q	q;
	char		d[2] = { dept, '\0' };
	long long	one;

	pl_q_init(&q, db, ST_DEPT_EXISTS);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, d);
	pl_q_out_int(&q, &one, NULL);
	return pl_q_row(&q);
}

int
pl_site_fields(struct pl_db *db, unsigned long site, const char *form,
    const char *lang, struct pl_field *f, size_t max, size_t *n)
{
	struct pl_q	 q;
	struct pl_field	 cur;
	long long	 required;
	char		*opts = NULL;
	int		 rc;

	*n = 0;
	memset(&cur, 0, sizeof(cur));
	pl_q_init(&q, db, ST_QFIELDS_GET);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, form);
	pl_q_cstr(&q, lang);
	pl_q_out_str(&q, cur.key, sizeof(cur.key), NULL, NULL);
	pl_q_out_str(&q, cur.label, sizeof(cur.label), NULL, NULL);
	pl_q_out_str(&q, cur.type, sizeof(cur.type), NULL, NULL);
	pl_q_out_int(&q, &required, NULL);
	pl_q_out_dup(&q, &opts, NULL, NULL);
	if (pl_q_exec(&q) != PL_OK)
		return PL_EDB;
	while ((rc = pl_q_fetch(&q)) == 1) {
		if (*n < max) {
			cur.required = required != 0;
			cur.options = NULL;
			if (strcmp(cur.type, "select") == 0 && opts != NULL &&
			    !cJSON_IsArray(cur.options = cJSON_Parse(opts))) {
				cJSON_Delete(cur.options);
				cur.options = cJSON_CreateArray();
			}
			f[(*n)++] = cur;
		}
		free(opts);
		opts = NULL;
	}
	pl_q_done(&q);
	free(opts);
	return rc < 0 ? PL_EDB : PL_OK;
}

void
pl_site_fields_free(struct pl_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cJSON_Delete(f[i].options);
		f[i].options = NULL;
	}
}

int
pl_site_field_option(const struct pl_field *f, const char *v)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, f->options)
		if (cJSON_IsString(o) && strcmp(o->valuestring, v) == 0)
			return 1;
	return 0;
}

int
pl_site_config(struct pl_db *db, unsigned long site, const char *lang,
    struct pl_site_config *c)
{
	struct pl_q	q;
	char		primary[9], found[9] = "";
	long long	in_chat = 0, required = 0;
	size_t		n = strcspn(lang, "-_");
	int		rc;

	memset(c, 0, sizeof(*c));
	snprintf(c->privacy_mode, sizeof(c->privacy_mode), "none");
	snprintf(c->color, sizeof(c->color), "#0b5cad");
	snprintf(c->tab_position, sizeof(c->tab_position), "right");
	snprintf(c->tracking_mode, sizeof(c->tracking_mode), "id");
	snprintf(primary, sizeof(primary), "%.*s", (int)(n < 8 ? n : 8), lang);
	/*
	 * Settings and the best language the site has texts or fields in,
	 * with its texts, in one read.
	 */
	pl_q_init(&q, db, ST_SITE_CONFIG);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, lang);
	pl_q_cstr(&q, primary);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, lang);
	pl_q_cstr(&q, primary);
	pl_q_out_str(&q, c->privacy_mode, sizeof(c->privacy_mode), NULL, NULL);
	pl_q_out_int(&q, &in_chat, NULL);
	pl_q_out_str(&q, c->color, sizeof(c->color), NULL, NULL);
	pl_q_out_int(&q, &required, NULL);
	pl_q_out_str(&q, found, sizeof(found), NULL, NULL);
	pl_q_out_dup(&q, &c->privacy_text, NULL, NULL);
	pl_q_out_dup(&q, &c->privacy_url, NULL, NULL);
	pl_q_out_dup(&q, &c->consent_text, NULL, NULL);
	pl_q_out_str(&q, c->tab_position, sizeof(c->tab_position), NULL, NULL);
	pl_q_out_str(&q, c->button_online, sizeof(c->button_online), NULL, NULL);
	pl_q_out_str(&q, c->button_offline, sizeof(c->button_offline), NULL, NULL);
	pl_q_out_dup(&q, &c->welcome_text, NULL, NULL);
	pl_q_out_str(&q, c->tracking_mode, sizeof(c->tracking_mode), NULL, NULL);
	rc = pl_q_row(&q);
	if (rc != PL_OK && rc != PL_ENOTFOUND)
		return PL_EDB;
	c->privacy_in_chat = in_chat != 0;
	c->consent_required = required != 0;
	/* A site with nothing in any of them speaks the visitor's language. */
	snprintf(c->lang, sizeof(c->lang), "%s", found[0] != '\0' ? found : lang);
	if (pl_site_consent_shown(c))
		pl_sha256_hex(c->consent_text, strlen(c->consent_text),
		    c->consent_version);
	return pl_site_fields(db, site, "query", c->lang, c->fields, PL_FIELDS_MAX,
	    &c->nfields);
}

void
pl_site_config_free(struct pl_site_config *c)
{
	free(c->privacy_text);
	free(c->privacy_url);
	free(c->consent_text);
	free(c->welcome_text);
	c->privacy_text = c->privacy_url = c->consent_text = c->welcome_text = NULL;
	pl_site_fields_free(c->fields, c->nfields);
	c->nfields = 0;
}

int
pl_site_consent_required(const struct pl_site_config *c)
{
	return c->consent_required;
}

int
pl_site_consent_shown(const struct pl_site_config *c)
{
	return c->consent_text != NULL && c->consent_text[0] != '\0';
}

int
pl_site_rules(struct pl_db *db, unsigned long site, struct pl_site_rules *r)
{
	struct pl_q	q;
	long long	keep = 0, uploads = 0;

	memset(r, 0, sizeof(*r));
	pl_q_init(&q, db, ST_SITE_VISITOR_RULES);
	pl_q_int(&q, (long long)site);
	pl_q_int(&q, (long long)site);
	pl_q_out_int(&q, &keep, NULL);
	pl_q_out_int(&q, &uploads, NULL);
	if (pl_q_row(&q) != PL_OK)
		return PL_EDB;
	r->keep_page_query = keep != 0;
	r->uploads_waiting = uploads != 0;
	return PL_OK;
}

int
pl_site_consent_keep(struct pl_db *db, unsigned long site, const char *version,
    const char *lang, const char *text)
{
	struct pl_q q;

	pl_q_init(&q, db, ST_CONSENT_TEXT_PUT);
	pl_q_int(&q, (long long)site);
	pl_q_cstr(&q, version);
	pl_q_cstr(&q, lang);
	pl_q_cstr(&q, text);
	return pl_q_run(&q) == PL_OK ? PL_OK : PL_EDB;
}
