/*
 * pl_mail.h: sending e-mail through the configured SMTP smarthost
 * (libcurl). Header values are escaped with pl_esc_mailhdr; the body is
 * sent base64-encoded UTF-8 text, so no line of user text can end the
 * message or add headers.
 */
#ifndef PL_MAIL_H
#define PL_MAIL_H

#include "pl_conf.h"

/*
 * PL_OK sent; PL_EINVAL no smarthost configured or a bad address;
 * PL_EIO the smarthost refused or could not be reached (err says why).
 */
int	pl_mail_send(const struct pl_conf *, const char *to, const char *subject,
	    const char *body, char *err, size_t errsz);
/* A plain address check: local@domain.tld, no spaces or brackets. */
int	pl_email_valid(const char *);

#endif
