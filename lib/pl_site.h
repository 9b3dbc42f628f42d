/*
 * pl_site.h: a site (tenant) and what its visitors see before a chat:
 * its departments with their online state, its privacy and consent
 * texts, its query-form fields and its colour. Domain layer: plain
 * values in, plain structs and PL_* codes out.
 */
#ifndef PL_SITE_H
#define PL_SITE_H

#include <stddef.h>
#include "pl_util.h"

struct pl_db;
struct cJSON;

/* The public id "N-M": customer N, instance M. */
struct pl_site_id {
	unsigned long	customer;
	unsigned long	instance;
};

struct pl_site {
	unsigned long		 id;		/* sites.id */
	struct pl_site_id	 code;		/* N-M */
	char			 code_str[24];
	char			 name[PL_UTF8_BYTES(128)];
	int			 suspended;	/* by the hosting admin: no new work */
};

/*
 * PL_OK (site filled), PL_ENOTFOUND or PL_EDB. A suspended site is found
 * all the same (its data stays); what it may still do is the caller's
 * rule (the framework refuses its routes, availability says offline).
 */
int	pl_site_lookup(struct pl_db *, const struct pl_site_id *, struct pl_site *);

#define PL_DEPTS_MAX	62	/* one character: [A-Za-z0-9] */

struct pl_dept {
	char	id;
	char	name[PL_UTF8_BYTES(128)];	/* in the asked language, "" when none */
	int	online;		/* an operator is online and fresh */
};

/*
 * The site's departments in display order, at most max. An operator
 * counts as online while its heartbeat is younger than fresh_s seconds.
 * PL_OK or PL_EDB.
 */
int	pl_site_depts(struct pl_db *, unsigned long site, const char *lang,
	    long long fresh_s, struct pl_dept *, size_t max, size_t *n);

/* PL_OK when the department exists, PL_ENOTFOUND, PL_EDB. */
int	pl_site_dept_exists(struct pl_db *, unsigned long site, char dept);

/* What a site lets its visitors store. */
struct pl_site_rules {
	int	keep_page_query;	/* page addresses with their query string */
	int	uploads_waiting;	/* files before an operator accepted */
};
/* PL_OK or PL_EDB. */
int	pl_site_rules(struct pl_db *, unsigned long site, struct pl_site_rules *);

#define PL_FIELDS_MAX	32

struct pl_field {
	char		 key[33];
	char		 label[PL_UTF8_BYTES(255)];
	char		 type[16];	/* text, email, textarea, checkbox, select */
	int		 required;
	struct cJSON	*options;	/* a select's options (array of strings), else NULL */
};

/*
 * A form's fields ("query": the chat's start window, "contact": the
 * offline contact form) in one language, in order, at most max. PL_OK or
 * PL_EDB; free with pl_site_fields_free() either way.
 */
int	pl_site_fields(struct pl_db *, unsigned long site, const char *form,
	    const char *lang, struct pl_field *, size_t max, size_t *n);
void	pl_site_fields_free(struct pl_field *, size_t n);
/* Non-zero when v is one of the select's options. */
int	pl_site_field_option(const struct pl_field *, const char *v);

/*
 * What the chat's start window needs, in the language resolved for the
 * visitor's: the one asked for, else its primary subtag (en-GB: en),
 * else the site's default, whichever the site has texts or fields in
 * first (a site with none of them keeps the visitor's).
 */
struct pl_site_config {
	char		 lang[9];		/* resolved */
	int		 consent_required;	/* a site setting, for every language */
	char		 privacy_mode[8];	/* none, text, link */
	int		 privacy_in_chat;
	char		 color[8];
	char		*privacy_text;		/* NULL when none */
	char		*privacy_url;
	char		*consent_text;		/* NULL or "": none in this language */
	char		 consent_version[PL_HASH_HEX];	/* its SHA-256, "" when none */
	char		 tab_position[8];	/* right, left */
	char		 button_online[PL_UTF8_BYTES(200)];	/* "": the product's text */
	char		 button_offline[PL_UTF8_BYTES(200)];
	char		*welcome_text;		/* NULL or "": the product's text */
	char		 tracking_mode[12];	/* id, cookieless: how the tracking variant counts */
	struct pl_field	 fields[PL_FIELDS_MAX];
	size_t		 nfields;
};

/* PL_OK or PL_EDB; free with pl_site_config_free() either way. */
int	pl_site_config(struct pl_db *, unsigned long site, const char *lang,
	    struct pl_site_config *);
void	pl_site_config_free(struct pl_site_config *);
/* Non-zero when the site asks for consent before a chat. */
int	pl_site_consent_required(const struct pl_site_config *);
/* Non-zero when there is a consent text to show (consent_version is its hash). */
int	pl_site_consent_shown(const struct pl_site_config *);
/*
 * Keep the consent text a visitor agreed to, by its SHA-256 (version),
 * so a consent record can always say which text it was; in the caller's
 * transaction. PL_OK or PL_EDB.
 */
int	pl_site_consent_keep(struct pl_db *, unsigned long site, const char *version,
	    const char *lang, const char *text);

#endif
