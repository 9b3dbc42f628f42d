/*
 * pl_fields.h: the visitor's answers to a site's form (the chat's start
 * window, the contact form) checked against its definition, and the
 * privacy consent (HTTP layer: errors are answered as 400/409 JSON with
 * the field's name, f_KEY or consent).
 */
#ifndef PL_FIELDS_H
#define PL_FIELDS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "pl_req.h"
#include "pl_site.h"

/* A form value: "fields": {key: ...} in JSON, or f_KEY. NULL if absent. */
const char	*pl_fields_value(struct pl_req *, const char *key);

/*
 * Checks the values against the fields (required ones unless
 * skip_required; lengths, e-mail syntax, select options), adds each to
 * out as key: value, and picks name and email. 0, or -1 answered (400).
 */
int	pl_fields_check(struct pl_req *, const struct pl_field *, size_t nf,
	    int skip_required, cJSON *out, const char **name, const char **email);

/*
 * Consent is enforced by the server, whatever the page did, in every
 * language: ticked (given: the request's consent parameter; checked
 * before the fields) and, after them, for the text the page showed
 * (version). 0, or -1 answered (400, or 409 consent_unavailable /
 * consent_changed).
 */
int	pl_fields_consent(struct pl_req *, const struct pl_site_config *,
	    const struct pl_value *given);
int	pl_fields_consent_version(struct pl_req *, const struct pl_site_config *,
	    const struct pl_value *version);

#endif
