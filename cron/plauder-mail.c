/*
 * plauder-mail: send the mail the outbox holds that is due, run from
 * cron every minute (the chat daemon does the same every second when it
 * runs; both can run at once, since senders lease each message).
 *
 *   plauder-mail [--max N]
 *
 * Transcripts, contact requests, copies to visitors and replies from the
 * console are stored before anyone is told they were sent; this delivers
 * them through the smarthost (smtp_url), retrying a failure with a
 * growing pause (30 s doubling, at most an hour) and giving up after a
 * few tries; every attempt's outcome is kept (mail_attempts).
 *
 * Exit status: 0 done (even if some mail failed: it is retried later),
 * 1 database or configuration error, 2 usage.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "pl_conf.h"
#include "pl_db.h"
#include "pl_log.h"
#include "pl_outbox.h"
#include "pl_util.h"

int
main(int argc, char **argv)
{
	struct pl_conf	*conf;
	struct pl_db	*db;
	char		 err[256];
	long long	 max = 1000;
	unsigned	 sent = 0, failed = 0;
	int		 rc;

	if (argc == 3 && strcmp(argv[1], "--max") == 0) {
		if (pl_parse_ll(argv[2], strlen(argv[2]), 1, 100000, &max) != PL_OK)
			argc = 0;
	}
	if (argc != 1 && argc != 3) {
		fputs("usage: plauder-mail [--max N]\n", stderr);
		return 2;
	}
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	pl_log_init("mail");
	if ((conf = pl_conf_load(NULL, err, sizeof(err))) == NULL) {
		fprintf(stderr, "plauder-mail: configuration: %s\n", err);
		return 1;
	}
	if ((db = pl_db_new(conf)) == NULL) {
		pl_conf_free(conf);
		return 1;
	}
	pl_db_request_start(db, "mail");
	rc = pl_outbox_flush(db, conf, (unsigned)max, &sent, &failed);
	if (rc != PL_OK)
		fprintf(stderr, "plauder-mail: %s\n", pl_db_error(db));
	else
		printf("mail: %u sent, %u failed (retried later)\n", sent, failed);
	pl_db_free(db);
	pl_conf_free(conf);
	curl_global_cleanup();
	return rc == PL_OK ? 0 : 1;
}
