/*
 * admin-chat.c: plauder-admin commands for the chat: the settings the
 * chat window reads (privacy information, consent, query-form fields,
 * colour) until the admin UI edits them, and a few chat commands that
 * act as an operator (used by the tests until the operator console's API
 * exists, and handy for support).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "admin.h"
#include "pl_chat.h"
#include "pl_config.h"
#include "pl_db.h"
#include "pl_param.h"
#include "pl_util.h"

static int
lang_ok(const char *l)
{
	struct pl_param	p = { "lang", PL_T_LANG, 0, 0, 0, NULL };
	struct pl_value	v;
	const char	*why;

	return pl_param_check(&p, l, strlen(l), &v, &why) == PL_OK;
}

/* Whether chats need consent (in every language) and the fallback language. */
static int
settings_consent(const struct pl_site *site, int required, const char *deflang)
{
	struct pl_q	q;
	int		rc;

	pl_q_init(&q, db, ST_SETTINGS_CONSENT);
	pl_q_int(&q, (long long)site->id);
	pl_q_int(&q, required);
	pl_q_cstr(&q, deflang);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? 0 : fail("settings");
}

/* settings visitors N-M [--keep-page-query 0|1] [--uploads-waiting 0|1] */
static int
settings_visitors(int argc, char **argv)
{
	struct pl_site	site;
	struct pl_q	q;
	long long	keep = 0, uploads = 0;
	int		i, rc;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--keep-page-query") == 0 && i + 1 < argc)
			keep = strcmp(argv[++i], "1") == 0;
		else if (strcmp(argv[i], "--uploads-waiting") == 0 && i + 1 < argc)
			uploads = strcmp(argv[++i], "1") == 0;
		else
			return usage();
	}
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	pl_q_init(&q, db, ST_SETTINGS_VISITOR_RULES);
	pl_q_int(&q, (long long)site.id);
	pl_q_int(&q, keep);
	pl_q_int(&q, uploads);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? 0 : fail("settings");
}

/* The admin tool's changes are audited like the admin area's. */
static const struct pl_editor tool = { 0, "plauder-admin" };

/*
 * settings set N-M [--privacy none|text|link] [--privacy-in-chat 0|1] [--color #rrggbb]
 *   [--contact-email ADDR] [--tracking id|cookieless] (what is not given keeps its value)
 * settings consent N-M 0|1 [--default-lang L]
 */
int
cmd_settings(int argc, char **argv)
{
	struct pl_site		 site;
	struct pl_site_settings	 set;
	const char		*mode = NULL, *color = NULL, *contact = NULL, *track = NULL;
	long long		 in_chat = -1;
	int			 i, rc;

	if (argc >= 2 && strcmp(argv[0], "visitors") == 0)
		return settings_visitors(argc, argv);
	if (argc >= 3 && strcmp(argv[0], "consent") == 0) {
		const char *deflang = "en";

		if ((strcmp(argv[2], "0") != 0 && strcmp(argv[2], "1") != 0) ||
		    (argc != 3 && !(argc == 5 && strcmp(argv[3], "--default-lang") == 0 &&
		    lang_ok(argv[4]))))
			return usage();
		if (argc == 5)
			deflang = argv[4];
		if ((rc = get_site(argv[1], &site)) != 0)
			return rc;
		return settings_consent(&site, argv[2][0] == '1', deflang);
	}

	if (argc < 2 || strcmp(argv[0], "set") != 0)
		return usage();
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--privacy") == 0 && i + 1 < argc)
			mode = argv[++i];
		else if (strcmp(argv[i], "--privacy-in-chat") == 0 && i + 1 < argc)
			in_chat = strcmp(argv[++i], "1") == 0;
		else if (strcmp(argv[i], "--color") == 0 && i + 1 < argc)
			color = argv[++i];
		else if (strcmp(argv[i], "--contact-email") == 0 && i + 1 < argc)
			contact = argv[++i];
		else if (strcmp(argv[i], "--tracking") == 0 && i + 1 < argc)
			track = argv[++i];
		else
			return usage();
	}
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	if (pl_config_settings(db, site.id, &set) != PL_OK)
		return fail("settings");
	if (mode != NULL)
		snprintf(set.privacy_mode, sizeof(set.privacy_mode), "%.7s", mode);
	if (color != NULL)
		snprintf(set.color, sizeof(set.color), "%.7s", color);
	if (in_chat >= 0)
		set.privacy_in_chat = (int)in_chat;
	if (contact != NULL)
		snprintf(set.contact_email, sizeof(set.contact_email), "%s", contact);
	if (track != NULL)
		snprintf(set.tracking_mode, sizeof(set.tracking_mode), "%.11s", track);
	if ((mode != NULL && strlen(mode) > 4) || (color != NULL && strlen(color) != 7) ||
	    (contact != NULL && strlen(contact) > 254))
		rc = PL_EINVAL;
	else
		rc = pl_config_settings_set(db, site.id, &tool, &set);
	if (rc == PL_EINVAL) {
		fprintf(stderr, "plauder-admin: --privacy none|text|link, --color #rrggbb,"
		    " --contact-email an address or \"\", --tracking id|cookieless\n");
		return 2;
	}
	return rc == PL_OK ? 0 : fail("settings");
}

/* texts set N-M LANG [--privacy-text T] [--privacy-url U] [--consent-text T] */
int
cmd_texts(int argc, char **argv)
{
	struct pl_site		 site;
	struct pl_site_texts	 t;
	struct pl_q		 q;
	const char		*ptext = "", *purl = "", *ctext = "", *bad = NULL;
	int			 i, rc;

	if (argc < 3 || strcmp(argv[0], "set") != 0 || !lang_ok(argv[2]))
		return usage();
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--privacy-text") == 0 && i + 1 < argc)
			ptext = argv[++i];
		else if (strcmp(argv[i], "--privacy-url") == 0 && i + 1 < argc)
			purl = argv[++i];
		else if (strcmp(argv[i], "--consent-text") == 0 && i + 1 < argc)
			ctext = argv[++i];
		else
			return usage();
	}
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	memset(&t, 0, sizeof(t));
	t.lang = argv[2];
	t.privacy_text = ptext;
	t.privacy_url = purl;
	t.consent_text = ctext;
	if ((rc = pl_config_texts_set(db, site.id, &tool, &t, &bad)) == PL_EINVAL) {
		fprintf(stderr, "plauder-admin: --privacy-url must be an http(s) URL, "
		    "texts UTF-8 without control characters\n");
		return 2;
	}
	if (rc != PL_OK)
		return fail("texts");
	/* A consent text means the site asks for consent, in every language. */
	if (*ctext == '\0')
		return 0;
	pl_q_init(&q, db, ST_SETTINGS_CONSENT_ON);
	pl_q_int(&q, (long long)site.id);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? 0 : fail("texts");
}

/* The stored field a change starts from (copied, NULL labels when none). */
struct field_copy {
	const char	*form;		/* query, contact */
	const char	*key;
	char		 type[16];
	int		 required;
	long long	 sort;
	cJSON		*labels, *options;
};

static int
find_field(void *arg, const struct pl_form_field *f)
{
	struct field_copy *c = arg;

	if (strcmp(f->form, c->form) != 0 || strcmp(f->key, c->key) != 0)
		return 0;
	snprintf(c->type, sizeof(c->type), "%s", f->type);
	c->required = f->required;
	c->sort = f->sort;
	c->labels = cJSON_Duplicate(f->labels, 1);
	c->options = cJSON_Duplicate(f->options, 1);
	return 1;
}

/* --type T --required --sort N --label L --option O (repeatable): into c. */
static int
field_options(int argc, char **argv, struct field_copy *c, const char *lang)
{
	cJSON	*opts = NULL;
	int	 i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--label") == 0 && i + 1 < argc) {
			cJSON_DeleteItemFromObjectCaseSensitive(c->labels, lang);
			cJSON_AddStringToObject(c->labels, lang, argv[++i]);
		} else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc)
			snprintf(c->type, sizeof(c->type), "%s", argv[++i]);
		else if (strcmp(argv[i], "--form") == 0 && i + 1 < argc)
			i++;	/* read before the stored field was looked up */
		else if (strcmp(argv[i], "--required") == 0)
			c->required = 1;
		else if (strcmp(argv[i], "--option") == 0 && i + 1 < argc) {
			if (opts == NULL) {
				cJSON_DeleteItemFromObjectCaseSensitive(c->options, lang);
				opts = cJSON_AddArrayToObject(c->options, lang);
			}
			cJSON_AddItemToArray(opts, cJSON_CreateString(argv[++i]));
		} else if (strcmp(argv[i], "--sort") == 0 && i + 1 < argc) {
			i++;
			if (pl_parse_ll(argv[i], strlen(argv[i]), -1000, 1000, &c->sort) != PL_OK)
				return -1;
		} else
			return -1;
	}
	return 0;
}

/*
 * field set N-M LANG KEY --label L [--type T] [--required] [--sort N]
 * [--option O ...] [--form query|contact]: one language of a field of the
 * chat start form (or the contact form; the admin area edits all at
 * once); field delete N-M LANG KEY [--form F]: that language's label (the
 * field goes with its last one).
 */
int
cmd_field(int argc, char **argv)
{
	struct pl_site		 site;
	struct field_copy	 c = { "query", NULL, "text", 0, 0, NULL, NULL };
	struct pl_form_field	 f;
	const char		*bad = NULL;
	int			 rc, i;

	if (argc < 4 || !lang_ok(argv[2]) ||
	    (strcmp(argv[0], "set") != 0 && strcmp(argv[0], "delete") != 0))
		return usage();
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	c.key = argv[3];
	for (i = 4; i + 1 < argc; i++)
		if (strcmp(argv[i], "--form") == 0)
			c.form = strcmp(argv[i + 1], "contact") == 0 ? "contact" : "query";
	if (pl_config_fields(db, site.id, find_field, &c) != PL_OK)
		return fail("field");
	if (c.labels == NULL) {
		c.labels = cJSON_CreateObject();
		c.options = cJSON_CreateObject();
	}
	if (strcmp(argv[0], "delete") == 0 && argc > 4 && (argc != 6 ||
	    strcmp(argv[4], "--form") != 0)) {
		cJSON_Delete(c.labels);
		cJSON_Delete(c.options);
		return usage();
	}
	if (strcmp(argv[0], "delete") == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(c.labels, argv[2]);
	else if (field_options(argc - 4, argv + 4, &c, argv[2]) != 0 ||
	    cJSON_GetObjectItemCaseSensitive(c.labels, argv[2]) == NULL) {
		cJSON_Delete(c.labels);
		cJSON_Delete(c.options);
		return usage();
	}
	f = (struct pl_form_field){ c.form, c.key, c.type, c.required, c.sort,
	    c.labels, c.options };
	if (c.labels->child == NULL)
		rc = pl_config_field_delete(db, site.id, &tool, c.form, c.key);
	else
		rc = pl_config_field_set(db, site.id, &tool, &f, &bad);
	cJSON_Delete(c.labels);
	cJSON_Delete(c.options);
	if (rc == PL_EINVAL) {
		fprintf(stderr, "plauder-admin: field: bad %s\n", bad != NULL ? bad : "value");
		return 2;
	}
	return rc == PL_OK || rc == PL_ENOTFOUND ? 0 : fail("field");
}

/* retention set N-M DAYS (0 keeps chats forever) */
int
cmd_retention(int argc, char **argv)
{
	struct pl_site	site;
	struct pl_q	q;
	long long	days;
	int		rc;

	if (argc != 3 || strcmp(argv[0], "set") != 0 ||
	    pl_parse_ll(argv[2], strlen(argv[2]), 0, 36500, &days) != PL_OK)
		return usage();
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	pl_q_init(&q, db, ST_RETENTION_SET);
	pl_q_int(&q, (long long)site.id);
	pl_q_int(&q, days);
	rc = pl_q_exec(&q);
	pl_q_done(&q);
	return rc == PL_OK ? 0 : fail("retention");
}

static int
add_message(void *arg, const struct pl_msg *m)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "seq", (double)m->seq);
	cJSON_AddStringToObject(o, "from", m->from);
	if (m->name[0] != '\0')
		cJSON_AddStringToObject(o, "name", m->name);
	cJSON_AddStringToObject(o, "text", m->text);
	cJSON_AddStringToObject(o, "time", m->time);
	cJSON_AddItemToArray((cJSON *)arg, o);
	return 0;
}

static int
chat_show(const struct pl_site *site, const struct pl_chat *c)
{
	cJSON	*o = cJSON_CreateObject();
	char	*s;

	cJSON_AddNumberToObject(o, "chat", (double)c->id);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddNumberToObject(o, "version", (double)c->version);
	cJSON_AddNumberToObject(o, "last_seq", (double)c->last_seq);
	if (pl_chat_messages(db, site->id, c->id, 0, 100000, add_message,
	    cJSON_AddArrayToObject(o, "messages")) != PL_OK) {
		cJSON_Delete(o);
		return fail("chat show");
	}
	s = cJSON_Print(o);
	puts(s);
	cJSON_free(s);
	cJSON_Delete(o);
	return 0;
}

static int
chat_say(const struct pl_site *site, const struct pl_chat *c,
    const struct pl_actor *a, const char *text, const char *client_id)
{
	struct pl_posted	p;
	int			rc;

	if (strlen(text) == 0 || strlen(text) > PL_MSG_MAX ||
	    !pl_text_valid(text, strlen(text), 1))
		return usage();
	rc = pl_chat_post(db, site->id, c->id, a, client_id, text, strlen(text), &p);
	if (rc == PL_ECLOSED) {
		fprintf(stderr, "plauder-admin: chat %llu is closed\n", c->id);
		return 1;
	}
	if (rc != PL_OK)
		return fail("chat say");
	printf("%lld\n", p.seq);
	return 0;
}

/* chat accept|close|say|typing|show ...: as an operator, silently (no system messages). */
int
cmd_chat(int argc, char **argv)
{
	struct pl_site	site;
	struct pl_chat	c;
	struct pl_actor	a = { PL_FROM_OPERATOR, NULL, 0, NULL, NULL, 1, { 0, 0, 0, 0 } };
	char		hash[PL_PWHASH_LEN + 1];
	long long	chat, version;
	int		rc;

	if (argc < 3)
		return usage();
	if ((rc = get_site(argv[1], &site)) != 0)
		return rc;
	if (pl_parse_ll(argv[2], strlen(argv[2]), 1, 9007199254740991LL, &chat) != PL_OK)
		return usage();
	if ((rc = pl_chat_get(db, site.id, (unsigned long long)chat, NULL, &c)) != PL_OK) {
		fprintf(stderr, "plauder-admin: chat %lld: %s\n", chat,
		    rc == PL_ENOTFOUND ? "no such chat" : pl_db_error(db));
		return 1;
	}
	if (strcmp(argv[0], "show") == 0)
		return chat_show(&site, &c);
	if (strcmp(argv[0], "typing") == 0 && argc == 4)
		return pl_chat_typing(db, site.id, c.id, &a, strcmp(argv[3], "1") == 0,
		    &version) == PL_OK ? 0 : fail("chat typing");
	if (strcmp(argv[0], "close") == 0)
		return pl_chat_close(db, site.id, c.id, &a, NULL, &version) == PL_OK ?
		    0 : fail("chat close");
	if (argc < 4 || (rc = op_lookup(&site, argv[3], &a.operator_id, hash)) != 0)
		return rc != 0 ? rc : usage();
	if (strcmp(argv[0], "accept") == 0) {
		rc = pl_chat_accept(db, site.id, c.id, &a, NULL, &version);
		if (rc == PL_ESTATE) {
			fprintf(stderr, "plauder-admin: chat %lld is not waiting\n", chat);
			return 1;
		}
		if (rc == PL_ELIMIT) {
			fprintf(stderr, "plauder-admin: %s has as many chats as its max_chats allows\n",
			    argv[3]);
			return 1;
		}
		return rc == PL_OK ? 0 : fail("chat accept");
	}
	if (strcmp(argv[0], "say") == 0 && (argc == 5 ||
	    (argc == 7 && strcmp(argv[5], "--client-id") == 0)))
		return chat_say(&site, &c, &a, argv[4], argc == 7 ? argv[6] : NULL);
	return usage();
}
