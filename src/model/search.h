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
    const char *table;          /* the table searched */
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
/* Whether q is searched through the trigram index (three characters and more, spaces around
 * it left out): then a page found through its hits (SEARCH_FTS) reads the hits' row ids and
 * their keys first, and only the page's rows whole (sql_page_query.fetch). */
bool search_indexed(const char *q);

/* How the last page of a search of three characters and more was found (for tests). */
enum search_taken {
    SEARCH_TOOK_NONE,
    SEARCH_TOOK_HITS,     /* the trigram index's hits, sorted */
    SEARCH_TOOK_WALK,     /* the page's index read in order */
    SEARCH_TOOK_FELL_BACK /* read in order past its budget, then found through the hits */
};

/* How a search's capped count (LL_COUNT_MAX) is made, given kept: the rows the list's other
 * filters keep (as the summaries count them; < 0: not known). Joining the trigram index's hits
 * to the table reads hits until LL_COUNT_MAX of them are kept, all of them when fewer are;
 * reading the kept rows through their own index and testing each reads rows until as many are
 * found, all of them when fewer are. Both cost about a row each, so the rows are read when the
 * word has more hits than the filters keep rows (a common word in one station's ledger): the
 * hits are counted up to what decides it, at most what the join would read. Into route:
 * SEARCH_WALK, or SEARCH_FTS (a count's builder joins the hits for a word search_joins
 * accepts). */
enum ll_status search_count_route(struct ll_db *db, const struct search_spec *spec, const char *q,
                                  long long kept, enum search_route *route, struct ll_error *err);

/* Builds a list's page query for filter by route into sql (size bytes) and q. */
typedef void (*search_build)(const void *filter, enum search_route route, char *sql, size_t size,
                             struct sql_page_query *q);
/* A list's page (as sql_page) for the search query over spec's table, found the cheaper of two
 * ways by the word's density in the whole table: its hits in the trigram index (counted as the
 * index alone finds them, up to a cap) against the table's rows (about: from its first and last
 * rowid). A word whose page, read in order, would test more rows than the word has hits is
 * found through its hits (the cost of which grows with their number); a commoner one by reading
 * the page's index in order, within a budget of rows read and tested, past which the page is
 * found through its hits after all (a word rarer where the page is, or among the rows a filter
 * keeps, than in the whole table). */
enum ll_status search_page(struct ll_db *db, const struct search_spec *spec, const char *query,
                           search_build build, const void *filter, char *sql, size_t size,
                           enum page_dir dir, const char *anchor, int limit, void *out, int *n,
                           struct ll_error *err);

#endif
