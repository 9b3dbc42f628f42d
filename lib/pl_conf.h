/*
 * pl_conf.h: the one configuration file (key = value lines).
 * Path from $PLAUDER_CONF, else PL_SYSCONFDIR "/plauder/plauder.conf".
 */
#ifndef PL_CONF_H
#define PL_CONF_H

struct pl_conf {
	char	*db_host;	/* NULL: use db_socket */
	unsigned db_port;
	char	*db_socket;
	char	*db_user;
	char	*db_password;
	char	*db_name;
	char	*smtp_url;	/* smtp://host:port, NULL: no mail */
	char	*smtp_from;
	char	*smtp_user;	/* SMTP AUTH, NULL: none */
	char	*smtp_password;
	char	*smtp_tls;	/* try (default), required, none: STARTTLS on smtp:// */
	char	*trusted_proxies;	/* whose X-Forwarded-For is believed (addresses, CIDR) */
	unsigned presence_timeout;	/* seconds without heartbeat => offline */
	unsigned cache_ms;		/* availability micro-cache per process */
	unsigned db_connect_timeout;	/* seconds */
	unsigned db_rw_timeout;		/* seconds */
	unsigned retry_after;		/* seconds, for 503 answers */
	unsigned db_pool;		/* connections shared by a threaded daemon */
	unsigned poll_tick_ms;		/* long-poll watcher interval */
	unsigned upload_max;		/* bytes */
	/* Requests per minute (0: no limit), answered 429 + Retry-After beyond. */
	unsigned limit_start_addr;	/* chat starts per site and address */
	unsigned limit_start_site;	/* chat starts per site */
	unsigned limit_chat_messages;	/* messages and uploads per chat */
	unsigned limit_chat_events;	/* typing, sleep, page data per chat */
	unsigned poll_per_addr;		/* held long-polls per client address and process */
	/* What one chat and one site may hold (0: no cap). */
	unsigned chat_max_messages;	/* messages per chat */
	unsigned chat_max_files;	/* files per chat */
	unsigned chat_max_file_mb;	/* MiB of files per chat */
	unsigned site_quota_mb;		/* MiB of files per site */
	unsigned limit_count_addr;	/* page views a minute per address */
	unsigned limit_count_site;	/* page views a minute per site */
	unsigned reverse_dns;		/* 1: page views keep the anonymised host name */
	unsigned live_minutes;		/* a visitor is live this long after a page view */
	unsigned limit_invite_addr;	/* invitation looks a minute per site and address */
	unsigned limit_invite_site;	/* ... and per site */
	unsigned limit_contact_addr;	/* contact requests per hour, site and address */
	unsigned limit_contact_site;	/* contact requests per hour and site */
	unsigned contact_min_seconds;	/* a contact form sent sooner is refused */
	unsigned waiting_timeout_min;	/* a chat nobody takes closes after this; 0: never */
	unsigned read_timeout;		/* seconds for a request body, + 1 s per 16 KiB; 0: none */
	unsigned db_request_timeout;	/* seconds a web request waits on one read or write; 0: db_rw_timeout */
	unsigned db_pool_wait_ms;	/* a threaded daemon's wait for a free pooled connection */
	unsigned db_retry_ms;		/* after losing the database, fail at once this long before trying again */
	char	*path;		/* where it was read from */
};

/*
 * Read the configuration. Returns NULL and writes a reason to err
 * (errsz bytes) on failure. Unknown keys are an error, so typos show.
 * Caller frees with pl_conf_free.
 */
struct pl_conf	*pl_conf_load(const char *path, char *err, size_t errsz);
/* Parse from memory; the same rules. */
struct pl_conf	*pl_conf_parse(const char *text, size_t len, char *err, size_t errsz);
void		 pl_conf_free(struct pl_conf *);
/* The path pl_conf_load(NULL) uses. */
const char	*pl_conf_default_path(void);

#endif
