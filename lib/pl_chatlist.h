/*
 * pl_chatlist.h: chats as lists and details: the operator console's
 * queue and own chats, a chat's details with the visitor's other chats,
 * and a returning visitor's history. Domain layer: lists are walked
 * with a callback per row (strings live until it returns); a non-zero
 * return stops the walk and is returned.
 */
#ifndef PL_CHATLIST_H
#define PL_CHATLIST_H

#include <stddef.h>
#include "pl_util.h"

struct pl_db;

/* A chat in the console's queue or among its own chats. */
struct pl_chat_item {
	unsigned long long	 id;
	const char		*dept, *from, *lang, *name, *email;
	const char		*fields_json, *data_json;	/* stored JSON objects */
	const char		*page, *title, *note;
	const char		*started;	/* ISO 8601, milliseconds */
	long long		 waiting_s;	/* queue */
	int			 visitor_typing;	/* own chats */
	int			 sleeping;
	long long		 version, last_seq;
	int			 contract;	/* own chats */
};

/*
 * The waiting chats of the operator's departments (and those without
 * one), oldest first, or (mine) its active chats. PL_OK, PL_EDB, fn's code.
 */
int	pl_chat_list(struct pl_db *, unsigned long site, long long operator_id,
	    int mine, int (*fn)(void *, const struct pl_chat_item *), void *);

/* How many chats wait that the operator may see (the queue lists 200). */
int	pl_queue_count(struct pl_db *, unsigned long site, long long operator_id,
	    long long *n);

/* What the console shows about one chat. */
struct pl_chat_detail {
	char		 from[PL_UTF8_BYTES(255)], lang[9], name[PL_UTF8_BYTES(128)];
	char		 email[PL_UTF8_BYTES(254)], page[2049], title[PL_UTF8_BYTES(255)];
	char		 started[40], note[PL_UTF8_BYTES(500)];
	char		 contract_by[PL_UTF8_BYTES(64)], contract_at[40];
	char		*fields_json, *data_json;	/* free with pl_chat_detail_free */
	int		 contract;
	long long	 visitor_id;
};
/* PL_OK, PL_ENOTFOUND, PL_EDB. */
int	pl_chat_detail(struct pl_db *, unsigned long site, unsigned long long chat,
	    struct pl_chat_detail *);
void	pl_chat_detail_free(struct pl_chat_detail *);

/* Another chat of the same visitor. */
struct pl_chat_ref {
	unsigned long long	 id;
	const char		*started;
	const char		*status;
	const char		*preview;	/* the visitor's first words ("" in pl_visitor_chats) */
};
/* The visitor's other chats, newest first (at most 20). */
int	pl_visitor_chats(struct pl_db *, unsigned long site, long long visitor,
	    unsigned long long except, int (*fn)(void *, const struct pl_chat_ref *),
	    void *);
/* A returning visitor's chats with a preview, newest first (at most 50). */
int	pl_visitor_history(struct pl_db *, unsigned long site, long long visitor,
	    int (*fn)(void *, const struct pl_chat_ref *), void *);

/* "2026-11-29T10:00:00.123456Z" (as MariaDB formats it) to milliseconds. */
void	pl_time_ms(char *iso);

#endif
