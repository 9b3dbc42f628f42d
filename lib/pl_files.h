/*
 * pl_files.h: what visitor and operator uploads share: the type of a
 * file decided from its bytes, the check that its name does not claim
 * another type, and a safe Content-Disposition.
 */
#ifndef PL_FILES_H
#define PL_FILES_H

#include <stddef.h>

struct pl_req;

/* image/png, image/jpeg, image/gif, image/webp, application/pdf, text/plain or NULL. */
const char	*pl_file_sniff(const unsigned char *, size_t);
/* 0 when the name's extension claims a different type than the bytes. */
int		 pl_file_name_matches(const char *name, const char *type);
/* Content-Disposition: kind ("inline"/"attachment") with an ASCII fallback name. */
void		 pl_file_disposition(struct pl_req *, const char *kind, const char *name);
/* Answer a stored file (type as sniffed at upload). */
void		 pl_file_answer(struct pl_req *, const char *name, const char *type,
		    const char *data, size_t len);

#endif
