/*
 * t_conf.c: unit tests for pl_conf: parsing "key = value" text,
 * comments and blank lines, defaults, and the errors for unknown keys,
 * bad numbers and malformed lines; loading from a file.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pl_conf.h"
#include "tap.h"

#define B(lit)	(lit), (sizeof(lit) - 1)

static void
test_good(void)
{
	static const char text[] =
	    "# Plauder configuration\n"
	    "\n"
	    "db_host = db.example\n"
	    "db_port=3307\n"
	    "   db_user   =   chat  \n"
	    "\t# indented comment\n"
	    "db_password = p#ss = word\n"
	    "db_name = plauder_test\n"
	    "   \n"
	    "data_dir = /var/lib/plauder\n"
	    "public_url = http://127.0.0.1:8080/plauder\n"
	    "smtp_url = smtp://127.0.0.1:25\n"
	    "smtp_from = chat@example.org\n"
	    "presence_timeout = 90\n"
	    "cache_ms = 250\n"
	    "db_connect_timeout = 3\n"
	    "db_rw_timeout = 20\n"
	    "db_pool = 4\n"
	    "poll_tick_ms = 50\n"
	    "upload_max = 1048576\n"
	    "retry_after = 7";	/* no final newline */
	struct pl_conf	*c;
	char		 err[256] = "";

	c = pl_conf_parse(B(text), err, sizeof(err));
	if (!ok(c != NULL, "good: parses")) {
		diag("error: %s", err);
		return;
	}
	is_str(c->db_host, "db.example", "good: db_host");
	is_int(c->db_port, 3307, "good: db_port without spaces around =");
	is_str(c->db_user, "chat", "good: spaces around key and value trimmed");
	is_str(c->db_password, "p#ss = word",
	    "good: '#' and '=' inside a value are kept");
	is_str(c->db_name, "plauder_test", "good: db_name");
	ok(c->db_socket == NULL, "good: db_socket absent stays NULL");
	/* data_dir and public_url (above) are retired: accepted, read by nothing. */
	{
		struct pl_conf *r = pl_conf_parse(B("data_dir = /x\npublic_url = http://y\n"),
		    err, sizeof(err));

		ok(r != NULL, "good: retired keys still load");
		pl_conf_free(r);
		r = pl_conf_parse(B("data_dirs = /x\n"), err, sizeof(err));
		ok(r == NULL, "good: a misspelt key is still refused");
		pl_conf_free(r);
	}
	is_str(c->smtp_url, "smtp://127.0.0.1:25", "good: smtp_url");
	is_str(c->smtp_from, "chat@example.org", "good: smtp_from");
	is_int(c->presence_timeout, 90, "good: presence_timeout");
	is_int(c->cache_ms, 250, "good: cache_ms");
	is_int(c->db_connect_timeout, 3, "good: db_connect_timeout");
	is_int(c->db_rw_timeout, 20, "good: db_rw_timeout");
	is_int(c->db_pool, 4, "good: db_pool");
	is_int(c->poll_tick_ms, 50, "good: poll_tick_ms");
	is_int(c->upload_max, 1048576, "good: upload_max");
	is_int(c->retry_after, 7, "good: last line without newline");
	pl_conf_free(c);

	c = pl_conf_parse(B("db_socket = /run/mysqld/mysqld.sock\r\n"
	    "db_port = 3306\r\n"), err, sizeof(err));
	if (ok(c != NULL, "crlf: CRLF line ends accepted")) {
		is_str(c->db_socket, "/run/mysqld/mysqld.sock", "crlf: no CR in value");
		is_int(c->db_port, 3306, "crlf: number before CR");
		pl_conf_free(c);
	}

	/* Only the given length is read. */
	c = pl_conf_parse("db_port = 1\nbogus = 2\n", 12, err, sizeof(err));
	if (ok(c != NULL, "len: text past len is not read")) {
		is_int(c->db_port, 1, "len: value");
		pl_conf_free(c);
	}
}

static void
test_defaults(void)
{
	struct pl_conf	*c;
	char		 err[256] = "";

	c = pl_conf_parse(B("# nothing set\n\n"), err, sizeof(err));
	if (!ok(c != NULL, "defaults: comments only parse")) {
		diag("error: %s", err);
		return;
	}
	ok(c->db_host == NULL, "defaults: db_host NULL (use the socket)");
	is_int(c->db_port, 0, "defaults: db_port 0");
	is_str(c->db_user, "plauder", "defaults: db_user plauder");
	is_str(c->db_name, "plauder", "defaults: db_name plauder");
	ok(c->smtp_url == NULL, "defaults: smtp_url NULL (no mail)");
	is_int(c->presence_timeout, 60, "defaults: presence_timeout 60");
	is_int(c->cache_ms, 1000, "defaults: cache_ms 1000");
	is_int(c->db_connect_timeout, 2, "defaults: db_connect_timeout 2");
	is_int(c->db_rw_timeout, 10, "defaults: db_rw_timeout 10");
	is_int(c->retry_after, 5, "defaults: retry_after 5");
	is_int(c->db_pool, 16, "defaults: db_pool 16");
	is_int(c->poll_tick_ms, 20, "defaults: poll_tick_ms 20");
	is_int(c->upload_max, 5 * 1024 * 1024, "defaults: upload_max 5 MiB");
	pl_conf_free(c);

	c = pl_conf_parse("", 0, err, sizeof(err));
	ok(c != NULL, "defaults: empty text parses");
	pl_conf_free(c);

	/* A later line wins over an earlier one (and nothing leaks). */
	c = pl_conf_parse(B("db_user = a\ndb_user = b\n"), err, sizeof(err));
	if (ok(c != NULL, "repeat: a key given twice parses")) {
		is_str(c->db_user, "b", "repeat: the last value wins");
		pl_conf_free(c);
	}
}

/* Expect a parse failure whose message contains needle. */
static void
bad(const char *text, const char *needle, const char *name)
{
	struct pl_conf	*c;
	char		 err[256] = "";

	c = pl_conf_parse(text, strlen(text), err, sizeof(err));
	ok(c == NULL, "%s: refused", name);
	ok(strstr(err, needle) != NULL, "%s: error mentions \"%s\"", name, needle);
	if (c == NULL)
		diag("%s: %s", name, err);
	pl_conf_free(c);
}

static void
test_bad(void)
{
	struct pl_conf	*c;
	char		 err[8];

	bad("db_host = x\ndb_prot = 3306\n", "db_prot", "unknown key");
	bad("db_port = 3306\n\nDB_USER = x\n", "DB_USER", "keys are case-sensitive");
	bad("db_port = abc\n", "db_port", "bad number");
	bad("db_port = 33x\n", "db_port", "number with junk");
	bad("db_port = -1\n", "db_port", "negative number");
	bad("db_port = +1\n", "db_port", "number with +");
	bad("db_port = 70000\n", "db_port", "port out of range");
	bad("db_port =\n", "db_port", "empty number");
	bad("cache_ms = 99999999999999999999\n", "cache_ms", "huge number");
	bad("upload_max = 67108865\n", "upload_max", "upload_max over 64 MiB");
	bad("db_pool = 1025\n", "db_pool", "db_pool over 1024");
	bad("db_host\n", "line 1", "line without =");
	bad("# ok\ndb_host = x\njust some words\n", "line 3", "error names the line");

	/* NUL inside the text. */
	c = pl_conf_parse("db_host = a\0b\n", 14, err, sizeof(err));
	ok(c == NULL, "NUL byte in the text refused");
	pl_conf_free(c);

	/* The error is truncated to errsz, never overflows. */
	memset(err, 'X', sizeof(err));
	c = pl_conf_parse(B("a_very_long_unknown_key_name = 1\n"), err, sizeof(err));
	ok(c == NULL && memchr(err, '\0', sizeof(err)) != NULL,
	    "small error buffer is NUL-terminated");
}

static void
test_load(void)
{
	static const char	 text[] = "db_name = fromfile\nretry_after = 9\n";
	struct pl_conf		*c;
	char			 path[] = "/tmp/t_conf_XXXXXX";
	char			 err[256] = "";
	char			*old;
	int			 fd;

	if ((fd = mkstemp(path)) < 0 ||
	    write(fd, text, sizeof(text) - 1) != (ssize_t)(sizeof(text) - 1)) {
		ok(0, "load: cannot write a temporary file");
		return;
	}
	close(fd);

	c = pl_conf_load(path, err, sizeof(err));
	if (ok(c != NULL, "load: reads a file")) {
		is_str(c->db_name, "fromfile", "load: value from the file");
		is_int(c->retry_after, 9, "load: number from the file");
		is_str(c->path, path, "load: path recorded");
		pl_conf_free(c);
	}

	/* $PLAUDER_CONF chooses the file when no path is given. */
	old = getenv("PLAUDER_CONF") != NULL ? strdup(getenv("PLAUDER_CONF")) :
	    NULL;
	setenv("PLAUDER_CONF", path, 1);
	c = pl_conf_load(NULL, err, sizeof(err));
	if (ok(c != NULL, "load: $PLAUDER_CONF used for a NULL path")) {
		is_str(c->path, path, "load: path from $PLAUDER_CONF");
		pl_conf_free(c);
	}
	if (old != NULL)
		setenv("PLAUDER_CONF", old, 1);
	else
		unsetenv("PLAUDER_CONF");
	free(old);

	unlink(path);
	c = pl_conf_load(path, err, sizeof(err));
	ok(c == NULL, "load: a missing file is an error");
	ok(strstr(err, path) != NULL, "load: the error names the file");
	pl_conf_free(c);

	{
		const char	*d = pl_conf_default_path();
		const char	*suffix = "/plauder/plauder.conf";

		ok(d != NULL && strlen(d) > strlen(suffix) &&
		    strcmp(d + strlen(d) - strlen(suffix), suffix) == 0,
		    "default path ends in /plauder/plauder.conf");
	}
}

int
main(void)
{
	test_good();
	test_defaults();
	test_bad();
	test_load();
	return done_testing();
}
