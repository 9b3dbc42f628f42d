/*
 * pl_mail.h: sending e-mail through the configured SMTP smarthost
 * (libcurl). Header values are escaped with pl_esc_mailhdr; the body is
 * sent base64-encoded UTF-8 text, so no line of user text can end the
 * message or add headers.
 */
#ifndef PL_MAIL_H
#define PL_MAIL_H

#include "pl_conf.h"
#include "pl_util.h"

struct pl_mail_msg {
	const char	*to;
	const char	*reply_to;	/* NULL or "": none */
	const char	*subject;
	const char	*body;		/* UTF-8 plain text */
	int		 html;		/* also an HTML part: the body, escaped */
};

/*
 * PL_OK sent; PL_EINVAL no smarthost configured or a bad address;
 * PL_EIO the smarthost refused or could not be reached (err says why).
 */
int	pl_mail_send(const struct pl_conf *, const struct pl_mail_msg *,
	    char *err, size_t errsz);
/* The message as it goes over the wire (tests, fuzzing). PL_OK or PL_ENOMEM. */
int	pl_mail_format(struct pl_buf *, const char *from,
	    const struct pl_mail_msg *, const char *date, const char *id);
/* A plain address check: local@domain.tld, no spaces or brackets. */
int	pl_email_valid(const char *);

#endif
