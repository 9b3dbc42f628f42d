/*
 * pl_canned.h: canned answers. Each belongs to the site (shared by every
 * operator; admins edit them, in the admin area or the console) or to one
 * operator (personal; only that operator sees and edits them). A shortcut
 * is unique per owner, case-insensitively; the console prefers a personal
 * answer to a shared one of the same shortcut. A change of a shared answer
 * is one transaction with its audit entry; a personal one is not audited
 * (it is no setting of the site). Domain layer: plain values in, codes out.
 */
#ifndef PL_CANNED_H
#define PL_CANNED_H

#include "pl_config.h"

#define PL_CANNED_SHORTCUT_MAX	32	/* 1..32 of [A-Za-z0-9_-] */
#define PL_CANNED_TEXT_MAX	4000	/* bytes: what one message may hold */
#define PL_CANNED_MAX		500	/* per site (shared) and per operator (personal) */

struct pl_canned {
	const char	*shortcut;
	const char	*text;
	long long	 owner;		/* 0: shared; else the operator's id */
};

/*
 * The site's shared answers and, when op > 0, op's personal ones, by
 * shortcut (a personal one before a shared one of the same shortcut).
 * fn returning non-zero stops and is returned. PL_OK or PL_EDB.
 */
int	pl_canned_list(struct pl_db *, unsigned long site, long long op,
	    int (*fn)(void *, const struct pl_canned *), void *);

/*
 * Create or replace the answer of owner (0: shared) with this shortcut.
 * who is the editor for the audit entry of a shared answer. *created says
 * which it was. PL_OK; PL_EINVAL (*bad: "shortcut" or "text"); PL_ELIMIT
 * (the owner has PL_CANNED_MAX already); PL_EDB.
 */
int	pl_canned_set(struct pl_db *, unsigned long site, long long owner,
	    const struct pl_editor *who, const char *shortcut, const char *text,
	    int *created, const char **bad);

/* Delete it. PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_canned_delete(struct pl_db *, unsigned long site, long long owner,
	    const struct pl_editor *who, const char *shortcut);

#endif
