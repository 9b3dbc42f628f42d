/*
 * plauder-purge: the retention purger, run from cron.
 *
 *   plauder-purge [--dry-run | --aggregate-only] [--batch N]
 *
 * First rolls up the statistics (pl_stats.h): every site's complete days
 * not rolled up yet become daily aggregates, so the figures outlive the
 * raw rows deleted next; when that fails, nothing is deleted.
 * --aggregate-only rolls up and deletes nothing; --dry-run does neither.
 *
 * Then deletes chats (with their messages, files and consent records) that
 * ended longer ago than their site's retention period (site_settings.
 * retention_chat_days, default 90, 0 = keep), except contract chats;
 * page views older than retention_visit_days (default 30, 0 = keep); the
 * cookieless salts of earlier days;
 * visitors left without chats; idle sessions; old login failures and
 * change-log rows. Works in small batches, each its own transaction, so
 * it is safe while the site is busy, and it is idempotent. --dry-run
 * reports what it would delete and deletes nothing.
 *
 * Exit status: 0 done, 1 database error, 2 usage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pl_conf.h"
#include "pl_db.h"
#include "pl_log.h"
#include "pl_stats.h"
#include "pl_util.h"

static int
usage(void)
{
	fputs("usage: plauder-purge [--dry-run | --aggregate-only] [--batch N]\n", stderr);
	return 2;
}

/* Chats past retention: counted (dry run) or deleted batch by batch. */
static int
purge_chats(struct pl_db *db, int dry, long long batch, long long *n)
{
	struct pl_q	 q, d;
	long long	 id, *ids = NULL;
	size_t		 k, got;
	int		 rc;

	*n = 0;
	if ((ids = calloc((size_t)batch, sizeof(*ids))) == NULL)
		return PL_ENOMEM;
	for (;;) {
		pl_q_init(&q, db, ST_PURGE_CHATS_DUE);
		pl_q_int(&q, dry ? 1000000000LL : batch);
		pl_q_out_int(&q, &id, NULL);
		if (pl_q_exec(&q) != PL_OK) {
			free(ids);
			return PL_EDB;
		}
		got = 0;
		while ((rc = pl_q_fetch(&q)) == 1) {
			if (dry)
				(*n)++;
			else if (got < (size_t)batch)
				ids[got++] = id;
		}
		pl_q_done(&q);
		if (rc < 0 || dry) {
			free(ids);
			return rc < 0 ? PL_EDB : PL_OK;
		}
		if (got == 0)
			break;
		for (k = 0; k < got; k++) {
			pl_q_init(&d, db, ST_PURGE_CHAT);
			pl_q_int(&d, ids[k]);
			rc = pl_q_exec(&d);
			if (rc == PL_OK)
				*n += (long long)pl_q_affected(&d);
			pl_q_done(&d);
			if (rc != PL_OK) {
				free(ids);
				return PL_EDB;
			}
		}
	}
	free(ids);
	return PL_OK;
}

/* Run a LIMITed DELETE until it deletes nothing. */
static int
purge_all(struct pl_db *db, enum pl_stmt st, long long *n)
{
	struct pl_q		q;
	unsigned long long	a;
	int			rc;

	*n = 0;
	do {
		pl_q_init(&q, db, st);
		rc = pl_q_exec(&q);
		a = rc == PL_OK ? pl_q_affected(&q) : 0;
		pl_q_done(&q);
		if (rc != PL_OK)
			return PL_EDB;
		*n += (long long)a;
	} while (a > 0);
	return PL_OK;
}

int
main(int argc, char **argv)
{
	static const struct { enum pl_stmt st; const char *what; } rest[] = {
		{ ST_PURGE_VISITORS, "visitors without chats" },
		{ ST_PURGE_PAGE_VIEWS, "page views past retention" },
		{ ST_PURGE_SALTS, "cookieless salts of earlier days" },
		{ ST_PURGE_INVITATIONS, "invitations older than a day" },
		{ ST_PURGE_SESSIONS, "idle sessions" },
		{ ST_PURGE_FAILURES, "old login failures" },
		{ ST_PURGE_LIMITS, "old request counters" },
		{ ST_PURGE_OUTBOX, "sent or undeliverable mail" },
		{ ST_USAGE_RECOUNT, "sites' file usage (recounted)" },
		{ ST_CHANGES_PURGE, "old change-log rows" },
	};
	struct pl_conf	*conf;
	struct pl_db	*db;
	char		 err[256];
	long long	 batch = 200, n;
	int		 i, dry = 0, only_stats = 0, rc = 0;
	size_t		 k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry = 1;
		else if (strcmp(argv[i], "--aggregate-only") == 0)
			only_stats = 1;
		else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) {
			i++;
			if (pl_parse_ll(argv[i], strlen(argv[i]), 1, 10000, &batch) != PL_OK)
				return usage();
		} else
			return usage();
	}
	if (dry && only_stats)
		return usage();
	if (sodium_init() < 0)
		return 1;
	pl_log_init("purge");
	if ((conf = pl_conf_load(NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "plauder-purge: configuration: %s\n", err);
		return 1;
	}
	if ((db = pl_db_new(conf)) == NULL) {
		pl_conf_free(conf);
		return 1;
	}
	pl_db_request_start(db, "purge");
	if (dry)
		puts("statistics: not rolled up (dry run)");
	else if (pl_stats_rollup(db, &n) != PL_OK) {
		fprintf(stderr, "plauder-purge: statistics: %s\n", pl_db_error(db));
		rc = 1;
	} else
		printf("statistics: %lld site-days rolled up\n", n);
	if (rc == 0 && !only_stats && purge_chats(db, dry, batch, &n) != PL_OK) {
		fprintf(stderr, "plauder-purge: chats: %s\n", pl_db_error(db));
		rc = 1;
	} else if (rc == 0 && !only_stats)
		printf("chats past retention: %lld %s\n", n, dry ? "would be deleted" : "deleted");
	for (k = 0; rc == 0 && !dry && !only_stats && k < sizeof(rest) / sizeof(rest[0]); k++) {
		if (purge_all(db, rest[k].st, &n) != PL_OK) {
			fprintf(stderr, "plauder-purge: %s: %s\n", rest[k].what, pl_db_error(db));
			rc = 1;
		} else
			printf("%s: %lld deleted\n", rest[k].what, n);
	}
	pl_db_free(db);
	pl_conf_free(conf);
	return rc;
}
