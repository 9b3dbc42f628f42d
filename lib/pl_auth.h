/*
 * pl_auth.h: password hashing (argon2id through libsodium).
 */
#ifndef PL_AUTH_H
#define PL_AUTH_H

#include <stddef.h>

#define PL_PWHASH_LEN	128	/* crypto_pwhash_STRBYTES */
#define PL_PASSWORD_MAX	1024

/* Hash into out (PL_PWHASH_LEN bytes). PL_OK, PL_EINVAL (too long), PL_ENOMEM. */
int	pl_password_hash(const char *pw, size_t len, char *out);
/* 1 when pw matches the stored hash, 0 otherwise (constant time in libsodium). */
int	pl_password_verify(const char *hash, const char *pw, size_t len);

#endif
