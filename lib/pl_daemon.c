/*
 * pl_daemon.c: the master process of a FastCGI daemon (--listen PATH).
 *
 * The master opens the listening socket and forks one worker that
 * serves on it; when the worker dies, for whatever reason, the master
 * forks a new one (php-fpm's model). Because the socket stays open in
 * the master, connections that arrive while a worker is restarted wait
 * in its backlog instead of failing. Restarts back off from 100 ms,
 * doubling while workers keep dying young, up to 3.2 s, so a crash
 * loop does not spin. SIGTERM, SIGINT and SIGHUP are passed on to the
 * worker; the master then removes the socket and exits with 0. A worker
 * whose master is gone (kill -9) is killed by the kernel, so no orphan
 * keeps the socket.
 *
 * The master does nothing else: no configuration, no database, no
 * threads. It is what a pid file or systemd records.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <fcgiapp.h>

#include "pl_daemon.h"
#include "pl_log.h"
#include "pl_util.h"

#define D_BACKOFF_MIN_MS	100
#define D_BACKOFF_MAX_MS	3200
#define D_YOUNG_MS		10000	/* a worker that dies sooner counts as a crash loop */

static volatile sig_atomic_t	d_stop;
static volatile sig_atomic_t	d_worker;	/* pid, 0 when none */

static void
d_on_term(int sig)
{
	(void)sig;
	d_stop = 1;
	if (d_worker > 0)
		kill((pid_t)d_worker, SIGTERM);
}

/* Sleep ms, cut short by a stop request. */
static void
d_sleep(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (!d_stop && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
d_log_death(pid_t pid, int st, int delay)
{
	if (WIFSIGNALED(st))
		pl_log(NULL, PL_LOG_ERR, "worker %d killed by signal %d;"
		    " restarting in %d ms", (int)pid, WTERMSIG(st), delay);
	else
		pl_log(NULL, PL_LOG_ERR, "worker %d exited with %d;"
		    " restarting in %d ms", (int)pid, WEXITSTATUS(st), delay);
}

/* In the new worker: default signals, and die with the master. */
static int
d_become_worker(pid_t master)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != master)
		_exit(1);
	return 1;
}

int
pl_daemon_supervise(const char *path, int backlog, int *sock, int *exitcode)
{
	struct sigaction	 sa;
	struct stat		 own, now;
	pid_t			 master = getpid(), pid;
	int64_t			 started;
	int			 st, delay = D_BACKOFF_MIN_MS;

	*exitcode = 0;
	if ((*sock = FCGX_OpenSocket(path, backlog)) < 0) {
		pl_log(NULL, PL_LOG_ERR, "cannot listen on %s", path);
		*exitcode = 1;
		return 0;
	}
	if (stat(path, &own) != 0)
		memset(&own, 0, sizeof(own));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = d_on_term;	/* no SA_RESTART: waitpid returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	while (!d_stop) {
		started = pl_now_ms();
		if ((pid = fork()) < 0) {
			pl_log(NULL, PL_LOG_ERR, "fork: %s", strerror(errno));
			d_sleep(D_BACKOFF_MAX_MS);
			continue;
		}
		if (pid == 0)
			return d_become_worker(master);
		d_worker = (sig_atomic_t)pid;
		if (d_stop)
			kill(pid, SIGTERM);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		d_worker = 0;
		if (d_stop)
			break;
		if (pl_now_ms() - started >= D_YOUNG_MS)
			delay = D_BACKOFF_MIN_MS;
		d_log_death(pid, st, delay);
		d_sleep(delay);
		if (delay < D_BACKOFF_MAX_MS)
			delay *= 2;
	}
	close(*sock);
	*sock = -1;
	/* Remove the socket, unless a newer daemon has made its own there. */
	if (stat(path, &now) == 0 && now.st_ino == own.st_ino &&
	    now.st_dev == own.st_dev)
		unlink(path);
	return 0;
}
