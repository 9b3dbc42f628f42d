/*
 * pl_conf.c: read the configuration file. Lines are "key = value";
 * '#' starts a comment line; blank lines are skipped. Unknown keys and
 * bad numbers are errors, so a typo never silently falls back.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "pl_conf.h"
#include "pl_util.h"

#ifndef PL_SYSCONFDIR
#define PL_SYSCONFDIR "/etc"
#endif

#define PL_CONF_MAX (64 * 1024)

enum ckind { C_STR, C_UINT, C_RETIRED };

struct ckey {
	const char	*name;
	enum ckind	 kind;
	size_t		 off;
	unsigned long	 max;
};

#define S(f)		{ #f, C_STR, offsetof(struct pl_conf, f), 0 }
#define U(f, m)		{ #f, C_UINT, offsetof(struct pl_conf, f), (m) }
/* Read by nothing any more; still accepted so that existing files load. */
#define RETIRED(name)	{ name, C_RETIRED, 0, 0 }

static const struct ckey ckeys[] = {
	S(db_host), U(db_port, 65535), S(db_socket), S(db_user),
	S(db_password), S(db_name), RETIRED("data_dir"), RETIRED("public_url"),
	S(smtp_url), S(smtp_from), S(smtp_user), S(smtp_password), S(smtp_tls), S(trusted_proxies),
	U(presence_timeout, 86400), U(cache_ms, 60000),
	U(db_connect_timeout, 600), U(db_rw_timeout, 3600),
	U(retry_after, 86400), U(db_pool, 1024), U(poll_tick_ms, 10000),
	U(upload_max, 64 * 1024 * 1024),
	U(limit_start_addr, 1000000), U(limit_start_site, 1000000),
	U(limit_chat_messages, 1000000), U(limit_chat_events, 1000000),
	U(poll_per_addr, 1000000),
	U(chat_max_messages, 1000000), U(chat_max_files, 100000),
	U(chat_max_file_mb, 1000000), U(site_quota_mb, 100000000),
	U(limit_count_addr, 1000000), U(limit_count_site, 100000000), U(live_minutes, 60), U(reverse_dns, 1),
	U(limit_invite_addr, 1000000), U(limit_invite_site, 100000000), U(limit_contact_addr, 1000000), U(limit_contact_site, 1000000),
	U(contact_min_seconds, 3600),
	U(waiting_timeout_min, 100000),
	U(read_timeout, 3600), U(db_request_timeout, 3600),
	U(db_pool_wait_ms, 60000), U(db_retry_ms, 60000),
};

const char *
pl_conf_default_path(void)
{
	return PL_SYSCONFDIR "/plauder/plauder.conf";
}

void
pl_conf_free(struct pl_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof(ckeys) / sizeof(ckeys[0]); i++)
		if (ckeys[i].kind == C_STR)
			free(*(char **)((char *)c + ckeys[i].off));
	free(c->path);
	free(c);
}

static char *
trim(char *s, char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

/* One "key = value" line. 0, -1 (err set), or -2 out of memory. */
static int
conf_set(struct pl_conf *c, const char *k, const char *v, unsigned lineno,
    char *err, size_t errsz)
{
	size_t		i;
	long long	n;
	char		**dst;

	for (i = 0; i < sizeof(ckeys) / sizeof(ckeys[0]); i++)
		if (strcmp(ckeys[i].name, k) == 0)
			break;
	if (i == sizeof(ckeys) / sizeof(ckeys[0])) {
		snprintf(err, errsz, "line %u: unknown key \"%.64s\"", lineno, k);
		return -1;
	}
	if (ckeys[i].kind == C_RETIRED)
		return 0;
	if (ckeys[i].kind == C_STR) {
		dst = (char **)((char *)c + ckeys[i].off);
		free(*dst);
		return (*dst = strdup(v)) == NULL ? -2 : 0;
	}
	if (pl_parse_ll(v, strlen(v), 0, (long long)ckeys[i].max, &n) != PL_OK) {
		snprintf(err, errsz, "line %u: %s: expected a number 0-%lu",
		    lineno, ckeys[i].name, ckeys[i].max);
		return -1;
	}
	*(unsigned *)((char *)c + ckeys[i].off) = (unsigned)n;
	return 0;
}

static void
conf_defaults(struct pl_conf *c)
{
	c->db_port = 0;
	c->presence_timeout = 60;
	c->cache_ms = 1000;
	c->db_connect_timeout = 2;
	c->db_rw_timeout = 10;
	c->retry_after = 5;
	c->db_pool = 16;
	c->poll_tick_ms = 20;
	c->upload_max = 5 * 1024 * 1024;
	c->limit_start_addr = 10;
	c->limit_start_site = 300;
	c->limit_chat_messages = 30;
	c->limit_chat_events = 120;
	c->poll_per_addr = 100;
	c->chat_max_messages = 2000;
	c->chat_max_files = 20;
	c->chat_max_file_mb = 50;
	c->site_quota_mb = 2048;
	c->limit_count_addr = 120;
	c->limit_count_site = 30000;
	c->live_minutes = 5;
	c->limit_invite_addr = 120;
	c->limit_invite_site = 60000;
	c->limit_contact_addr = 5;
	c->limit_contact_site = 200;
	c->contact_min_seconds = 3;
	c->waiting_timeout_min = 10;
	c->read_timeout = 20;
	c->db_request_timeout = 2;
	c->db_pool_wait_ms = 1000;
	c->db_retry_ms = 1000;
}

struct pl_conf *
pl_conf_parse(const char *text, size_t len, char *err, size_t errsz)
{
	struct pl_conf	*c = NULL;
	char		*copy = NULL, *line, *next, *eq, *k, *v;
	unsigned	 lineno = 0;
	int		 rc;

	if (len > PL_CONF_MAX) {
		snprintf(err, errsz, "configuration larger than %d bytes", PL_CONF_MAX);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (copy = malloc(len + 1)) == NULL)
		goto oom;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (memchr(copy, '\0', len) != NULL) {
		snprintf(err, errsz, "NUL byte in configuration");
		goto fail;
	}
	conf_defaults(c);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		k = trim(line, line + strlen(line));
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errsz, "line %u: expected key = value", lineno);
			goto fail;
		}
		v = trim(eq + 1, eq + 1 + strlen(eq + 1));
		k = trim(k, eq);
		if ((rc = conf_set(c, k, v, lineno, err, errsz)) == -2)
			goto oom;
		if (rc != 0)
			goto fail;
	}
	if (c->db_name == NULL && (c->db_name = strdup("plauder")) == NULL)
		goto oom;
	if (c->db_user == NULL && (c->db_user = strdup("plauder")) == NULL)
		goto oom;
	free(copy);
	return c;
oom:
	snprintf(err, errsz, "out of memory");
fail:
	free(copy);
	pl_conf_free(c);
	return NULL;
}

struct pl_conf *
pl_conf_load(const char *path, char *err, size_t errsz)
{
	struct pl_conf	*c = NULL;
	FILE		*f = NULL;
	char		*buf = NULL;
	size_t		 n;

	if (path == NULL && (path = getenv("PLAUDER_CONF")) == NULL)
		path = pl_conf_default_path();
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = malloc(PL_CONF_MAX + 1)) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	n = fread(buf, 1, PL_CONF_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errsz, "%s: read error", path);
		goto out;
	}
	if ((c = pl_conf_parse(buf, n, err, errsz)) != NULL &&
	    (c->path = strdup(path)) == NULL) {
		pl_conf_free(c);
		c = NULL;
		snprintf(err, errsz, "out of memory");
	}
out:
	free(buf);
	fclose(f);
	return c;
}
