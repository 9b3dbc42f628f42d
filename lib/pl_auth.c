/*
 * pl_auth.c: argon2id password hashes through libsodium's crypto_pwhash_str
 * (the string carries its own salt and cost parameters).
 */
#include "config.h"

#include <sodium.h>

#include "pl_auth.h"
#include "pl_util.h"

int
pl_password_hash(const char *pw, size_t len, char *out)
{
	if (len > PL_PASSWORD_MAX)
		return PL_EINVAL;
	if (crypto_pwhash_str_alg(out, pw, len,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return PL_ENOMEM;
	return PL_OK;
}

int
pl_password_verify(const char *hash, const char *pw, size_t len)
{
	if (len > PL_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, len) == 0;
}
