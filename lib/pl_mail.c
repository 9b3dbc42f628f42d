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

int
pl_mail_send(const struct pl_conf *conf, const char *to, const char *subject,
    const char *body, char *err, size_t errsz)
{
	struct pl_buf		 msg, from;
	struct reader		 rd;
	struct curl_slist	*rcpt = NULL;
	CURL			*c = NULL;
	CURLcode		 cc;
	char			 date[64], id[33], *b64 = NULL;
	size_t			 blen = strlen(body), b64len, i;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 rc = PL_EIO;

	if (conf->smtp_url == NULL || conf->smtp_url[0] == '\0') {
		snprintf(err, errsz, "no smtp_url configured");
		return PL_EINVAL;
	}
	if (!pl_email_valid(to)) {
		snprintf(err, errsz, "invalid address");
		return PL_EINVAL;
	}
	pl_buf_init(&msg);
	pl_buf_init(&from);
	pl_buf_puts(&from, conf->smtp_from != NULL ? conf->smtp_from : "plauder@localhost");
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	pl_random_hex(id, 16);
	pl_buf_printf(&msg, "Date: %s\r\n", date);
	pl_buf_puts(&msg, "From: ");
	pl_esc_mailhdr(&msg, from.p, from.len);
	pl_buf_puts(&msg, "\r\nTo: ");
	pl_esc_mailhdr(&msg, to, strlen(to));
	pl_buf_puts(&msg, "\r\nSubject: ");
	pl_esc_mailhdr(&msg, subject, strlen(subject));
	pl_buf_printf(&msg, "\r\nMessage-ID: <%s@plauder>\r\n", id);
	pl_buf_puts(&msg, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	b64len = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	if ((b64 = malloc(b64len)) == NULL)
		goto out;
	sodium_bin2base64(b64, b64len, (const unsigned char *)body, blen,
	    sodium_base64_VARIANT_ORIGINAL);
	b64len = strlen(b64);
	for (i = 0; i < b64len; i += 76) {
		pl_buf_add(&msg, b64 + i, b64len - i < 76 ? b64len - i : 76);
		pl_buf_puts(&msg, "\r\n");
	}
	if (msg.oom || (c = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	rd.p = msg.p;
	rd.left = msg.len;
	rcpt = curl_slist_append(NULL, to);
	curl_easy_setopt(c, CURLOPT_URL, conf->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.p);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if ((cc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(err, errsz, "%s", curl_easy_strerror(cc));
		goto out;
	}
	rc = PL_OK;
out:
	if (c != NULL)
		curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	free(b64);
	pl_buf_free(&msg);
	pl_buf_free(&from);
	return rc;
}
