/* Internal to src/model: the WHERE condition of a text search over a table and its FTS5
 * trigram index. Trigrams find nothing under three characters, so shorter queries are routed
 * to instr() on the table's own columns (see DESIGN.md). */
#ifndef LL_MODEL_SEARCH_H
#define LL_MODEL_SEARCH_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "lianluo/db.h"
#include "model/sql.h"

struct search_spec {
    const char *fts;            /* the FTS5 table, whose rowid is the table's */
    const char *rowid;          /* the table's rowid, as the query names it ("e.rowid") */
    const char *const *columns; /* the indexed columns as the query names them; NULL ends */
    const char *const *people;  /* columns of people's names, for pinyin initials; NULL ends */
};

/* How a search of three characters and more is made (see search_can_walk). */
enum search_route {
    SEARCH_FTS,  /* the rows the trigram index found, sorted by the page's key */
    SEARCH_WALK, /* the page's index read in order, each row tested on its columns */
    SEARCH_JOIN, /* a count: the trigram index's hits joined to the table, as they come */
};

/* Writes into out "1" (no search) or a parenthesised condition for q that uses the named
 * parameters :q, :fts and :like. route SEARCH_WALK is for a q search_can_walk accepts;
 * SEARCH_JOIN for one search_joins accepts, in a query that reads spec->fts first (FROM fts
 * CROSS JOIN table). Shorter queries are searched with instr() whatever the route. */
void search_condition(const struct search_spec *spec, const char *q, enum search_route route,
                      char *out, size_t size);
/* Binds :q, :fts and :like for the condition above. */
void search_bind(sqlite3_stmt *st, const char *q);
/* Whether q (three characters and more, not a pinyin search) is found through the trigram
 * index alone, so that its count can read the index's hits joined to the table. */
bool search_joins(const char *q);
/* Whether q can also be found by testing rows in a page's order with LIKE, with exactly the
 * trigram index's results: search_joins, and every character folds as the index folds it
 * (ASCII letters, both case-insensitively) or has no case at all (CJK and punctuation). */
bool search_can_walk(const char *q);
/* Whether a page's route for q is chosen by the search's capped count (a list then counts
 * first); search_page_route gives the route from that count (ignored otherwise). */
bool search_needs_count(const struct ll_db *db, const char *q);
enum search_route search_page_route(const struct ll_db *db, const char *q, int count);
/* Builds a list's page query for filter by route into sql (size bytes) and q. */
typedef void (*search_build)(const void *filter, enum search_route route, char *sql, size_t size,
                             struct sql_page_query *q);
/* A list's page (as sql_page) for the search query whose capped count is count: read in order
 * when search_page_route says so, within about 4,500 rows read and tested; a word found in
 * fewer rows than that for a page (common by the capped count only in a big file) then has its
 * page found through its hits after all. */
enum ll_status search_page(struct ll_db *db, const char *query, int count, search_build build,
                           const void *filter, char *sql, size_t size, enum page_dir dir,
                           const char *anchor, int limit, void *out, int *n, struct ll_error *err);

#endif
