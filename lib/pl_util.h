/*
 * pl_util.h: small helpers every module uses: a growable byte buffer,
 * bounded number parsing, UTF-8 checks, random tokens and their hashes.
 */
#ifndef PL_UTIL_H
#define PL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Result codes shared by the library. */
enum pl_rc {
	PL_OK = 0,
	PL_ENOMEM,	/* allocation failed */
	PL_EINVAL,	/* malformed input */
	PL_ETOOBIG,	/* a bound was exceeded */
	PL_ENOTFOUND,	/* no such row / key */
	PL_EDUP,	/* unique key already present */
	PL_EDB,		/* database unreachable or failed: answer 503 */
	PL_EIO,		/* reading or writing failed */
	PL_ERETRY,	/* deadlock or lock wait timeout: run the transaction again */
	PL_ECLOSED,	/* the chat is closed */
	PL_EDENIED,	/* not allowed: wrong password, not this operator's chat, ... */
	PL_ESTATE,	/* the row is no longer in the state the action needs */
	PL_ELIMIT,	/* too many attempts: try again later */
	PL_EQUOTA,	/* the site's storage quota is used up */
	PL_ENOTYET	/* not before an operator has accepted the chat */
};

#define PL_TOKEN_BYTES	24			/* 192 bits */
#define PL_TOKEN_HEX	(PL_TOKEN_BYTES * 2 + 1)
#define PL_HASH_HEX	65			/* SHA-256 as hex */
/* Bytes for a column of n characters (utf8mb4) and its NUL. */
#define PL_UTF8_BYTES(n)	(4 * (n) + 1)

/* A growable buffer; always NUL-terminated when len > 0 or after pl_buf_cstr. */
struct pl_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 oom;	/* sticky: an append failed */
};

void	 pl_buf_init(struct pl_buf *);
void	 pl_buf_free(struct pl_buf *);
void	 pl_buf_reset(struct pl_buf *);
int	 pl_buf_add(struct pl_buf *, const void *, size_t);
int	 pl_buf_puts(struct pl_buf *, const char *);
int	 pl_buf_putc(struct pl_buf *, char);
int	 pl_buf_printf(struct pl_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
const char *pl_buf_cstr(struct pl_buf *);

/*
 * Parse a whole string as a decimal integer in [min, max]. No sign
 * other than a leading '-', no spaces, no trailing junk. PL_OK or PL_EINVAL.
 */
int	 pl_parse_ll(const char *, size_t, long long min, long long max,
	    long long *out);

/* Non-zero when the n bytes are well-formed UTF-8 without NUL bytes. */
int	 pl_utf8_valid(const char *, size_t);

/*
 * Non-zero when the bytes are well-formed UTF-8 and hold no control
 * characters (C0 except TAB, CR, LF when allow_newlines; DEL; C1).
 */
int	 pl_text_valid(const char *, size_t, int allow_newlines);
/* Non-zero for a language tag: 2-3 lowercase letters, optional -RR region. */
int	 pl_lang_valid(const char *, size_t);

/* The number of characters (code points) in well-formed UTF-8. */
size_t	 pl_utf8_chars(const char *, size_t);

/* Length of s up to max, like strnlen but portable. */
size_t	 pl_strnlen(const char *, size_t);

/* Fill hex (2*nbytes+1 chars) with a random token from libsodium. */
void	 pl_random_hex(char *hex, size_t nbytes);

/* A new random token (hex) and its hash (hex). */
void	 pl_token_new(char token[PL_TOKEN_HEX], char hash[PL_HASH_HEX]);
/* SHA-256 of s as lowercase hex. */
void	 pl_sha256_hex(const char *s, size_t len, char hash[PL_HASH_HEX]);

/* Constant-time comparison of two NUL-terminated strings. 1 if equal. */
int	 pl_secure_streq(const char *, const char *);

/* Monotonic milliseconds. */
int64_t	 pl_now_ms(void);

#endif
