/*
 * pl_mail.c: one message to one recipient through libcurl's SMTP.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "pl_escape.h"
#include "pl_mail.h"
#include "pl_util.h"

int
pl_email_valid(const char *s)
{
	const char	*at = strchr(s, '@');
	size_t		 n = strlen(s);

	return n >= 3 && n <= 254 && at != NULL && at != s &&
	    strchr(at + 1, '@') == NULL && strchr(at + 1, '.') != NULL &&
	    at[1] != '.' && s[n - 1] != '.' &&
	    strpbrk(s, " \t\r\n<>,;:\"()[]\\") == NULL && pl_text_valid(s, n, 0);
}

struct reader {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct reader	*rd = arg;
	size_t		 n = size * nmemb;

	if (n > rd->left)
		n = rd->left;
	memcpy(buf, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return n;
}

/* s as base64 lines of 76 characters. */
static int
put_base64(struct pl_buf *b, const char *s, size_t n)
{
	size_t	 len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), i;
	char	*enc;

	if ((enc = malloc(len)) == NULL)
		return PL_ENOMEM;
	sodium_bin2base64(enc, len, (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	len = strlen(enc);
	for (i = 0; i < len; i += 76) {
		pl_buf_add(b, enc + i, len - i < 76 ? len - i : 76);
		pl_buf_puts(b, "\r\n");
	}
	free(enc);
	return b->oom ? PL_ENOMEM : PL_OK;
}

static void
put_header(struct pl_buf *b, const char *name, const char *value)
{
	pl_buf_puts(b, name);
	pl_buf_puts(b, ": ");
	pl_esc_mailhdr(b, value, strlen(value));
	pl_buf_puts(b, "\r\n");
}

/* The HTML part: the text, escaped, its lines kept. */
static int
put_html(struct pl_buf *b, const char *body)
{
	struct pl_buf	h;
	int		rc;

	pl_buf_init(&h);
	pl_buf_puts(&h, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>"
	    "<body><pre style=\"white-space:pre-wrap;font-family:sans-serif\">");
	pl_esc_html(&h, body, strlen(body));
	pl_buf_puts(&h, "</pre></body></html>\n");
	rc = h.oom ? PL_ENOMEM : put_base64(b, h.p, h.len);
	pl_buf_free(&h);
	return rc;
}

int
pl_mail_format(struct pl_buf *b, const char *from, const struct pl_mail_msg *m,
    const char *date, const char *id)
{
	const char	*text = "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n";

	pl_buf_printf(b, "Date: %s\r\n", date);
	put_header(b, "From", from);
	put_header(b, "To", m->to);
	if (m->reply_to != NULL && m->reply_to[0] != '\0' && pl_email_valid(m->reply_to))
		put_header(b, "Reply-To", m->reply_to);
	put_header(b, "Subject", m->subject);
	pl_buf_printf(b, "Message-ID: <%s@plauder>\r\n", id);
	pl_buf_puts(b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (!m->html) {
		pl_buf_puts(b, text);
		return put_base64(b, m->body, strlen(m->body));
	}
	/* The boundary is random hex: no base64 line can contain its "=_". */
	pl_buf_printf(b, "Content-Type: multipart/alternative; boundary=\"=_%s\"\r\n\r\n"
	    "--=_%s\r\n%s", id, id, text);
	if (put_base64(b, m->body, strlen(m->body)) != PL_OK)
		return PL_ENOMEM;
	pl_buf_printf(b, "--=_%s\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", id);
	if (put_html(b, m->body) != PL_OK)
		return PL_ENOMEM;
	pl_buf_printf(b, "--=_%s--\r\n", id);
	return b->oom ? PL_ENOMEM : PL_OK;
}

static long
tls_mode(const struct pl_conf *conf)
{
	if (conf->smtp_tls != NULL && strcmp(conf->smtp_tls, "none") == 0)
		return (long)CURLUSESSL_NONE;
	if (conf->smtp_tls != NULL && strcmp(conf->smtp_tls, "required") == 0)
		return (long)CURLUSESSL_ALL;
	return (long)CURLUSESSL_TRY;
}

static int
deliver(const struct pl_conf *conf, const char *from, const char *to,
    const struct pl_buf *msg, char *err, size_t errsz)
{
	struct reader		 rd = { msg->p, msg->len };
	struct curl_slist	*rcpt;
	CURL			*c;
	CURLcode		 cc;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "out of memory");
		return PL_EIO;
	}
	rcpt = curl_slist_append(NULL, to);
	curl_easy_setopt(c, CURLOPT_URL, conf->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, tls_mode(conf));
	if (conf->smtp_user != NULL && conf->smtp_user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, conf->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD,
		    conf->smtp_password != NULL ? conf->smtp_password : "");
	}
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK)
		snprintf(err, errsz, "%s", curl_easy_strerror(cc));
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	return cc == CURLE_OK ? PL_OK : PL_EIO;
}

int
pl_mail_send(const struct pl_conf *conf, const struct pl_mail_msg *m,
    char *err, size_t errsz)
{
	struct pl_buf	 msg;
	const char	*from = conf->smtp_from != NULL ? conf->smtp_from : "plauder@localhost";
	char		 date[64], id[33];
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 rc;

	if (conf->smtp_url == NULL || conf->smtp_url[0] == '\0') {
		snprintf(err, errsz, "no smtp_url configured");
		return PL_EINVAL;
	}
	if (!pl_email_valid(m->to)) {
		snprintf(err, errsz, "invalid address");
		return PL_EINVAL;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	pl_random_hex(id, 16);
	pl_buf_init(&msg);
	if (pl_mail_format(&msg, from, m, date, id) != PL_OK) {
		snprintf(err, errsz, "out of memory");
		rc = PL_EIO;
	} else
		rc = deliver(conf, from, m->to, &msg, err, errsz);
	pl_buf_free(&msg);
	return rc;
}
