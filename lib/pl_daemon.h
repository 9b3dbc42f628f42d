/*
 * pl_daemon.h: a master process that keeps one FastCGI worker alive on
 * a listening socket it owns (see pl_daemon.c).
 */
#ifndef PL_DAEMON_H
#define PL_DAEMON_H

/*
 * Open the socket at path and supervise. Returns 1 in a worker, which
 * serves on *sock; returns 0 in the master once it is told to stop (or
 * could not listen), with the process's exit code in *exitcode.
 * Call before any thread is started.
 */
int	pl_daemon_supervise(const char *path, int backlog, int *sock,
	    int *exitcode);

#endif
