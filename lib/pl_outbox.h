/*
 * pl_outbox.h: mail stored first, sent later (transcripts now, contact
 * requests next). Domain layer. A queued message is committed before
 * the request answers; senders claim due messages with a lease (so
 * several daemons or machines never send one twice at once), talk SMTP
 * without holding any request's connection, and retry failures with a
 * growing pause, giving up after PL_OUTBOX_TRIES.
 */
#ifndef PL_OUTBOX_H
#define PL_OUTBOX_H

#include "pl_conf.h"

struct pl_db;

#define PL_OUTBOX_TRIES	8

/*
 * Send due messages until none is left or max were tried. *sent and
 * *failed count this run's. PL_OK or PL_EDB.
 */
int	pl_outbox_flush(struct pl_db *, const struct pl_conf *, unsigned max,
	    unsigned *sent, unsigned *failed);

/*
 * The chat daemon's housekeeping thread, with its own connection: it
 * sends due mail every second and closes chats that waited longer than
 * waiting_timeout_min every 15 seconds. 0 or -1.
 */
int	pl_outbox_start(const struct pl_conf *);

#endif
