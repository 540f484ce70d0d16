/* Internal to src/model: the WHERE condition of a text search over a table and its FTS5
 * trigram index. Trigrams find nothing under three characters, so shorter queries are routed
 * to instr() on the table's own columns (see DESIGN.md). */
#ifndef LL_MODEL_SEARCH_H
#define LL_MODEL_SEARCH_H

#include <sqlite3.h>
#include <stddef.h>

struct search_spec {
    const char *fts;            /* the FTS5 table, whose rowid is the table's */
    const char *rowid;          /* the table's rowid, as the query names it ("e.rowid") */
    const char *const *columns; /* the indexed columns as the query names them; NULL ends */
    const char *const *people;  /* columns of people's names, for pinyin initials; NULL ends */
};

/* Writes into out "1" (no search) or a parenthesised condition for q that uses the named
 * parameters :q and :fts. */
void search_condition(const struct search_spec *spec, const char *q, char *out, size_t size);
/* Binds :q and :fts for the condition above. */
void search_bind(sqlite3_stmt *st, const char *q);

#endif
