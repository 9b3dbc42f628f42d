/*
 * t_ip.c: unit tests for pl_ip: what of an address may reach the
 * database (IPv4 without its last octet, IPv6 cut to /48, IPv4 inside
 * IPv6 as IPv4), host names without their most specific label, and
 * X-Forwarded-For believed only from trusted proxies.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "pl_ip.h"
#include "pl_util.h"
#include "tap.h"

static void
anon_is(const char *in, const char *want, int rc_want, const char *name)
{
	char out[PL_IP_ANON_MAX];

	is_int(pl_ip_anon(in, out, sizeof(out)), rc_want, "%s", name);
	is_str(out, want, "%s", name);
}

static void
host_is(const char *in, const char *want, const char *name)
{
	char out[256];

	pl_host_anon(in, out, sizeof(out));
	is_str(out, want, "%s", name);
}

static void
client_is(const char *remote, const char *xff, const char *trusted, const char *want,
    const char *name)
{
	char out[64];

	is_str(pl_ip_client(remote, xff, trusted, out, sizeof(out)), want, "%s", name);
}

static void
test_anon(void)
{
	anon_is("192.0.2.123", "192.0.2.0", PL_OK, "v4: last octet gone");
	anon_is("10.1.2.255", "10.1.2.0", PL_OK, "v4: private too");
	anon_is("2001:db8:abcd:1234:5678:9abc:def0:1234", "2001:db8:abcd::", PL_OK, "v6: /48");
	anon_is("::1", "::", PL_OK, "v6: loopback to /48");
	anon_is("::ffff:198.51.100.77", "198.51.100.0", PL_OK, "mapped: as IPv4");
	anon_is("::ffff:c633:644d", "198.51.100.0", PL_OK, "mapped, hex form: as IPv4");
	anon_is("2002:c633:644d:1::5", "2002:c633:6400::", PL_OK,
	    "6to4: the embedded IPv4 loses its last octet");
	anon_is("fe80::1%eth0", "unknown", PL_EINVAL, "zone id: not an address here");
	anon_is("not an address", "unknown", PL_EINVAL, "junk");
	anon_is("", "unknown", PL_EINVAL, "empty");
	anon_is(NULL, "unknown", PL_EINVAL, "none");
	anon_is("192.0.2.1234", "unknown", PL_EINVAL, "v4 out of range");
}

static void
test_host(void)
{
	host_is("p5b0c2a1f.dip0.t-ipconnect.de", "dip0.t-ipconnect.de", "host: first label gone");
	host_is("host-1.example.co.uk.", "example.co.uk", "host: root dot ignored");
	host_is("example.com", "unknown", "host: two labels say too much or nothing");
	host_is("localhost", "unknown", "host: one label");
	host_is("a..b.example", "unknown", "host: empty label");
	host_is("evil\r\nname.example.org", "unknown", "host: control characters");
	host_is("x y.example.org", "unknown", "host: spaces");
	host_is("", "unknown", "host: empty");
	host_is(NULL, "unknown", "host: none");
}

static void
test_client(void)
{
	client_is("192.0.2.1", "203.0.113.9", NULL, "192.0.2.1", "xff: ignored without proxies");
	client_is("192.0.2.1", "203.0.113.9", "10.0.0.0/8", "192.0.2.1",
	    "xff: ignored from an untrusted peer");
	client_is("10.0.0.5", "203.0.113.9", "10.0.0.0/8", "203.0.113.9", "xff: from a proxy");
	client_is("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.0.0.7", "10.0.0.0/8 127.0.0.1",
	    "203.0.113.9", "xff: the right-most hop that is not ours");
	client_is("10.0.0.5", "6.6.6.6,203.0.113.9", "10.0.0.0/8", "203.0.113.9",
	    "xff: a forged left-hand entry is not believed");
	client_is("127.0.0.1", "2001:db8::1", "127.0.0.1,::1", "2001:db8::1", "xff: v6 hop");
	client_is("10.0.0.5", "", "10.0.0.0/8", "10.0.0.5", "xff: empty keeps the peer");
	ok(pl_ip_in_list("10.255.1.1", "10.0.0.0/8"), "list: in /8");
	ok(!pl_ip_in_list("11.0.0.1", "10.0.0.0/8"), "list: not in /8");
	ok(pl_ip_in_list("192.168.1.130", "192.168.1.128/25"), "list: /25");
	ok(!pl_ip_in_list("192.168.1.127", "192.168.1.128/25"), "list: outside /25");
	ok(pl_ip_in_list("2001:db8::5", "2001:db8::/32"), "list: v6 prefix");
	ok(!pl_ip_in_list("2001:db9::5", "2001:db8::/32"), "list: v6 outside");
	ok(!pl_ip_in_list("10.0.0.1", "2001:db8::/32"), "list: families apart");
}

int
main(void)
{
	test_anon();
	test_host();
	test_client();
	return done_testing();
}
