/*
 * pl_escape.h: the one escaping module. One function per output
 * context; each appends to a buffer. JSON is never escaped by hand:
 * it is built with cJSON (see pl_resp.h).
 */
#ifndef PL_ESCAPE_H
#define PL_ESCAPE_H

#include <stddef.h>
#include "pl_util.h"

/* HTML text and attribute values: & < > " ' escaped. */
int	pl_esc_html(struct pl_buf *, const char *, size_t);
/* URL component (RFC 3986 unreserved kept, the rest %XX). */
int	pl_esc_url(struct pl_buf *, const char *, size_t);
/*
 * E-mail header value: CR, LF and other control bytes dropped; non-ASCII
 * text encoded as RFC 2047 UTF-8 B-words so it cannot add headers.
 */
int	pl_esc_mailhdr(struct pl_buf *, const char *, size_t);
/*
 * A file name inside a quoted HTTP parameter (Content-Disposition's
 * filename="..."): printable ASCII only; quotes, backslashes, path and
 * parameter separators, % and <> become '_'.
 */
int	pl_esc_filename(struct pl_buf *, const char *, size_t);
/* A header value for HTTP: control bytes (CR, LF, ...) replaced by space. */
int	pl_esc_httphdr(struct pl_buf *, const char *, size_t);
/*
 * One CSV field (RFC 4180): always quoted, quotes doubled. A text that a
 * spreadsheet would take for a formula (it starts with =, +, -, @, TAB or
 * CR) gets a leading ' so it stays text.
 */
int	pl_esc_csv(struct pl_buf *, const char *, size_t);
/* XML/SVG text: as HTML. */
#define pl_esc_xml pl_esc_html

#endif
