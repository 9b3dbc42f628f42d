/*
 * pl_config.h: a site's configuration as its admins edit it (the admin
 * area and plauder-admin): site settings, privacy and consent texts per
 * language, departments and operators, and the audit log. Every change is
 * one transaction together with its audit entry (who, what, the new
 * values; never a password). Domain layer: plain values in, codes out; it
 * knows nothing of HTTP.
 */
#ifndef PL_CONFIG_H
#define PL_CONFIG_H

#include <stddef.h>

#include "pl_db.h"
#include "pl_util.h"

/* Who makes a change, for the audit log (operator_id 0: the admin tool). */
struct pl_editor {
	long long	 operator_id;
	const char	*login;
};

struct pl_site_settings {
	char	privacy_mode[8];	/* none, text, link */
	int	privacy_in_chat;	/* also link it in the chat window */
	char	color[8];		/* #rrggbb */
	int	consent_required;	/* in every language */
	char	default_lang[9];	/* for visitors whose language has no texts */
	int	keep_page_query;
	int	uploads_waiting;
	char	tab_position[8];	/* right, left: the page tab's corner */
	int	retention_chat_days;	/* read by the purger, 1..3650 each */
	int	retention_visit_days;
	int	retention_contact_days;
	char	contact_email[PL_UTF8_BYTES(254)];	/* contact requests go here; "": none */
	char	tracking_mode[12];	/* id, cookieless: how page views know a visitor */
};

/* The site's settings (defaults when it has none yet). PL_OK or PL_EDB. */
int	pl_config_settings(struct pl_db *, unsigned long site, struct pl_site_settings *);
/* Replace them. PL_OK, PL_EINVAL (a value out of its domain), PL_EDB. */
int	pl_config_settings_set(struct pl_db *, unsigned long site,
	    const struct pl_editor *, const struct pl_site_settings *);
/* The settings as a JSON object (what the audit log keeps, and the admin area shows). */
struct cJSON	*pl_config_settings_json(const struct pl_site_settings *);

/* One language's texts ("" in a look text: the product's own). */
struct pl_site_texts {
	const char	*lang;
	const char	*privacy_text;
	const char	*privacy_url;	/* "" or an http(s) URL */
	const char	*consent_text;
	const char	*button_online;	/* the tab's text while someone is online */
	const char	*button_offline;
	const char	*welcome_text;	/* before an operator joins */
	char		 consent_version[PL_HASH_HEX];	/* SHA-256 of consent_text, "" if none */
};

/* Each language's texts, in language order. cb returning non-zero stops. */
int	pl_config_texts(struct pl_db *, unsigned long site,
	    int (*cb)(void *, const struct pl_site_texts *), void *);
/*
 * Set one language's texts; NULL members keep their stored value (""
 * when the language has none yet). A new consent text is a new version: the
 * version history (pl_config_consent_history) keeps every one, and
 * consent records keep pointing at the version they accepted. PL_OK,
 * PL_EINVAL (a privacy URL that is not http(s), bad text; *bad names the
 * member), PL_EDB. The string members are not to be used afterwards.
 */
int	pl_config_texts_set(struct pl_db *, unsigned long site,
	    const struct pl_editor *, struct pl_site_texts *, const char **bad);

struct pl_consent_version {
	const char	*lang;
	const char	*version;	/* SHA-256 of the text */
	const char	*created;	/* ISO 8601 */
	const char	*text;
};
int	pl_config_consent_history(struct pl_db *, unsigned long site,
	    int (*cb)(void *, const struct pl_consent_version *), void *);

/* Departments: one callback per (department, language, name); lang "" when unnamed. */
int	pl_config_depts(struct pl_db *, unsigned long site,
	    int (*cb)(void *, char dept, const char *lang, const char *name), void *);
/* Create the department if need be and name it in lang. PL_OK, PL_EINVAL, PL_EDB. */
int	pl_config_dept_set(struct pl_db *, unsigned long site,
	    const struct pl_editor *, char dept, const char *lang, const char *name);
/* Remove it: its open chats go to no department. PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_config_dept_delete(struct pl_db *, unsigned long site,
	    const struct pl_editor *, char dept);

/* For a change: NULL members (disabled, max_chats -1) keep the stored value. */
struct pl_operator_def {
	const char	*login;
	const char	*name;
	const char	*email;
	const char	*role;		/* operator, admin */
	int		 disabled;
	const char	*depts;		/* all its departments, one character each */
	int		 max_chats;	/* chats at once, 0: no limit; -1 keeps */
};

int	pl_config_operators(struct pl_db *, unsigned long site,
	    int (*cb)(void *, const struct pl_operator_def *), void *);
/*
 * Create (password required) or change an operator; a new password ends
 * its sessions. PL_OK; PL_EINVAL (a new operator without a password, a
 * department the site does not have, a bad role); PL_ESTATE (the change
 * would leave the site without an enabled admin); PL_EDB. *created says
 * which it was; on PL_EINVAL *bad names the member at fault.
 */
int	pl_config_operator_set(struct pl_db *, unsigned long site,
	    const struct pl_editor *, const struct pl_operator_def *,
	    const char *password, int *created, const char **bad);

/*
 * A field of a form: "query" (the chat's start window) or "contact" (the
 * offline contact form). labels: {lang: label}; options: {lang: [option,
 * ...]} for a select (each language with a label has its list), else {}.
 */
struct pl_form_field {
	const char	*form;
	const char	*key;		/* [a-z0-9_]{1,32} */
	const char	*type;		/* text, email, textarea, checkbox, select */
	int		 required;
	long long	 sort;
	struct cJSON	*labels;
	struct cJSON	*options;
};

/* Every field of the site, by form and order. cb returning non-zero stops. */
int	pl_config_fields(struct pl_db *, unsigned long site,
	    int (*cb)(void *, const struct pl_form_field *), void *);
/*
 * Create or replace a field with all its languages. PL_OK; PL_EINVAL with
 * *bad naming the member at fault (form, key, type, labels, options, sort);
 * PL_ESTATE (the form has PL_FIELDS_MAX fields already); PL_EDB.
 */
int	pl_config_field_set(struct pl_db *, unsigned long site,
	    const struct pl_editor *, const struct pl_form_field *, const char **bad);
/* PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_config_field_delete(struct pl_db *, unsigned long site,
	    const struct pl_editor *, const char *form, const char *key);

struct pl_audit_entry {
	long long	 id;
	const char	*time;
	const char	*login;
	const char	*action;
	const char	*detail;	/* JSON */
};
/* The newest entries before before_id (0: from the newest), at most max. */
int	pl_audit_list(struct pl_db *, unsigned long site, long long before_id,
	    unsigned max, int (*cb)(void *, const struct pl_audit_entry *), void *);
/*
 * For every module that changes a site's configuration (pl_canned.c,
 * pl_hosting.c), inside the transaction the caller began: when rc is PL_OK
 * add the audit entry (detail, a JSON object, is consumed) and commit;
 * otherwise, or when that fails, roll back. The code to return: rc when it
 * is one a caller answers (PL_OK, PL_EINVAL, PL_ENOTFOUND, PL_EDUP,
 * PL_ESTATE, PL_ENOMEM), else PL_EDB.
 */
int	pl_audit_finish(struct pl_db *, unsigned long site, const struct pl_editor *,
	    const char *action, struct cJSON *detail, int rc);

#endif
