/*
 * pl_rdns.c: reverse host names without waiting (see pl_rdns.h).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pl_ip.h"
#include "pl_rdns.h"

#define SLOTS		4096	/* cached addresses */
#define QUEUE		256	/* addresses waiting for the resolver */
#define KEEP_S		3600	/* a name is good for an hour */

struct entry {
	char	addr[64];	/* full, in memory only */
	char	host[256];	/* anonymised, "" none */
	time_t	until;		/* 0: asked for, no answer yet */
};

static struct entry	 cache[SLOTS];
static char		 queue[QUEUE][64];
static unsigned		 qhead, qlen;
static int		 running;
static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 work = PTHREAD_COND_INITIALIZER;

static struct entry *
slot(const char *addr)
{
	uint32_t	 h = 2166136261u;
	const char	*p;

	for (p = addr; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &cache[h % SLOTS];
}

/* The anonymised name of addr, "" none (the DNS may take its time here). */
static void
resolve(const char *addr, char *host, size_t sz)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	char			 name[NI_MAXHOST];

	memset(&ss, 0, sizeof(ss));
	host[0] = '\0';
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		len = sizeof(*in6);
	} else
		return;
	if (getnameinfo((struct sockaddr *)&ss, len, name, sizeof(name), NULL, 0,
	    NI_NAMEREQD) != 0)
		return;
	pl_host_anon(name, host, sz);	/* "unknown" when it cannot be shortened */
}

static void *
resolver(void *arg)
{
	char		 addr[64], host[256];
	struct entry	*e;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (qlen == 0)
			pthread_cond_wait(&work, &mu);
		memcpy(addr, queue[qhead], sizeof(addr));
		qhead = (qhead + 1) % QUEUE;
		qlen--;
		pthread_mutex_unlock(&mu);
		resolve(addr, host, sizeof(host));
		pthread_mutex_lock(&mu);
		e = slot(addr);
		if (strcmp(e->addr, addr) == 0) {
			snprintf(e->host, sizeof(e->host), "%s", host);
			e->until = time(NULL) + KEEP_S;
		}
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

int
pl_rdns_start(void)
{
	pthread_attr_t	a;
	pthread_t	t;
	int		rc;

	if (running)
		return 0;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &a, resolver, NULL);
	pthread_attr_destroy(&a);
	if (rc != 0)
		return -1;
	running = 1;
	return 0;
}

int
pl_rdns_lookup(const char *addr, char *host, size_t sz)
{
	struct entry	*e;
	time_t		 now = time(NULL);
	int		 known = 0;

	host[0] = '\0';
	if (!running || addr == NULL || strlen(addr) >= sizeof(e->addr))
		return 0;
	pthread_mutex_lock(&mu);
	e = slot(addr);
	if (strcmp(e->addr, addr) == 0 && (e->until == 0 || e->until > now)) {
		if (e->until != 0) {
			snprintf(host, sz, "%s", e->host);
			known = 1;
		}
	} else if (qlen < QUEUE) {
		/* Asked for once: the slot remembers until the answer comes. */
		snprintf(e->addr, sizeof(e->addr), "%s", addr);
		e->host[0] = '\0';
		e->until = 0;
		memcpy(queue[(qhead + qlen) % QUEUE], e->addr, sizeof(e->addr));
		qlen++;
		pthread_cond_signal(&work);
	}
	pthread_mutex_unlock(&mu);
	return known;
}
