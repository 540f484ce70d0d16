/* Internal to src/model: the database handle and a thin statement wrapper. Nothing outside
 * src/model includes this (or sqlite3.h). */
#ifndef LL_MODEL_SQL_H
#define LL_MODEL_SQL_H

#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "lianluo/db.h"

/* What this site may change by itself, once its upper site has said what it is (see
 * src/model/sync_guard.c). */
enum guard_kind { GUARD_NONE, GUARD_TOWNSHIP, GUARD_STATION };

/* Statements prepared once and used again (sql_prepare, sql_done): an import of 10,000 rows
 * would otherwise parse the same few statements 150,000 times. */
#define SQL_CACHE 48
struct sql_cached {
    char *sql;
    sqlite3_stmt *st;
    unsigned used; /* when last taken, for the least recently used to make room */
    bool busy;     /* taken and not yet given back with sql_done */
};

struct ll_db {
    sqlite3 *h;
    struct sql_cached cache[SQL_CACHE];
    unsigned cache_clock;
    char path[PATH_MAX];
    char site_id[LL_ID_LEN];
    char operator_name[64];
    int tx_depth;
    /* in an all-or-nothing transaction (db_begin_bulk): nested levels open no savepoint; a
     * nested rollback marks it failed, and its commit then rolls it back */
    bool bulk, bulk_failed;
    enum save_outcome last_save; /* see db_last_save */
    enum guard_kind guard_kind;
    bool guard_paused; /* while a sync package from the upper site is applied */
    char guard_township[LL_ID_LEN], guard_station[LL_ID_LEN];
    /* For tests: 1 makes a search's pages of three characters and more read the trigram
     * index's hits, 2 read the page's index in order (without a budget), 3 the same with a
     * budget so small that most pages fall back to the hits; 0 chooses by the word's density
     * (see search_page). */
    int search_force;
    /* For tests: how the last such page was found (enum search_taken in model/search.h). */
    int search_taken;
};

/* Installs the triggers that refuse changes outside this site's records (none for a county or
 * a site not paired with an upper one); again after an import, which may say what this site
 * is. */
enum ll_status sync_guard_install(struct ll_db *db, struct ll_error *err);
/* Whether the statement that just failed was refused by those triggers; then err says why. */
bool sync_guard_refused(const struct ll_db *db, struct ll_error *err);

/* The application_id of every lianluo database file ("LLDB"). */
#define LL_APPLICATION_ID 0x4C4C4442

/* Brings a database whose contents were just replaced (a restore) from schema version from to
 * this program's. */
enum ll_status db_migrate_from(struct ll_db *db, int from, struct ll_error *err);
/* Registers the SQL functions lianluo's schema uses (pinyin_match, pinyin_sort_key,
 * pinyin_name_key) on a connection: every connection that runs the migrations needs them. */
void db_register_functions(sqlite3 *h);

/* Appends line and a newline to the report of `check` (size n), as much as fits. */
void db_report_add(char *report, size_t n, const char *line);
/* What `check` calls a table derived from others (roster_order, ledger_year, ledger_fts …),
 * translated; NULL for another table. */
const char *db_derived_label(const char *table);
/* `check`'s look at the triggers the migrations make (check_triggers.c): each one missing, or
 * different from what the migrations say, is recreated from the migration's text and reported
 * (*ok false); a trigger the migrations do not make is pointed out and left alone. Runs before
 * the derived tables are compared, so that they are rebuilt and then kept again. */
enum ll_status db_check_triggers(struct ll_db *db, char *report, size_t reportsz, bool *ok,
                                 struct ll_error *err);

/* Prepares sql (or takes a statement of the same text that sql_done gave back); on failure
 * fills err and returns NULL. Give it back with sql_done, never sqlite3_finalize. */
sqlite3_stmt *sql_prepare(struct ll_db *db, const char *sql, struct ll_error *err);
/* Gives a statement back: reset and kept for the next sql_prepare of its text, or finalized
 * (any statement of db; NULL is fine). */
void sql_done(struct ll_db *db, sqlite3_stmt *st);
/* Finalizes every kept statement: before the connection is closed. */
void sql_cache_clear(struct ll_db *db);
/* Runs SQL without results (one or more statements). */
enum ll_status sql_exec(struct ll_db *db, const char *sql, struct ll_error *err);
/* Runs one statement without results, prepared once and kept (BEGIN, SAVEPOINT, COMMIT …). */
enum ll_status sql_exec_one(struct ll_db *db, const char *sql, struct ll_error *err);
/* Turns the connection's last error into a status and a message a user can act on. */
enum ll_status sql_fail(struct ll_db *db, struct ll_error *err);
/* Binds text by parameter name (":name"); "" stays "". */
void sql_bind_text(sqlite3_stmt *st, const char *name, const char *value);
/* Binds an id by name, or NULL when it is "". */
void sql_bind_id(sqlite3_stmt *st, const char *name, const char *id);
void sql_bind_int(sqlite3_stmt *st, const char *name, int value);
/* Copies column col as text into buf (size n), "" for NULL. */
void sql_column_text(sqlite3_stmt *st, int col, char *buf, size_t n);
/* Runs a statement that returns one integer (e.g. a count); *out = 0 when no row. */
enum ll_status sql_int(struct ll_db *db, sqlite3_stmt *st, int *out, struct ll_error *err);
/* Steps a statement that returns no rows and finalizes it. */
enum ll_status sql_run(struct ll_db *db, sqlite3_stmt *st, struct ll_error *err);

/* Fills the common columns of a new row: a new id (when id is ""), now. */
enum ll_status sql_new_id(char id[LL_ID_LEN], struct ll_error *err);

/* A keyset page over `inner`, a SELECT whose LAST column is the sort key and whose named
 * parameters are bound by bind(st, filter). read(st, row) reads one row. Rows come back in
 * ascending key order whatever the direction. */
struct sql_page_query {
    const char *inner;
    void (*bind)(sqlite3_stmt *st, const void *filter);
    const void *filter;
    void (*read)(sqlite3_stmt *st, void *row);
    size_t row_size;
    /* Optional, for big tables: the three columns the key is made of (k = "c1 c2 c3", none of
     * the first two holding a space), which an index orders. The page is then sought on them
     * with a row value, through that index, and inner must end with a WHERE clause. */
    const char *const *order;
    /* Optional, with order: parameters that narrow a filter's range on the first key column
     * (the filter reads "col >= max(:from, :seek_from)", its bind gives them values that
     * narrow nothing). Seeking a page, the planner takes that range for the index and would
     * read from its start up to the anchor (a year's export read each page's rows again); the
     * anchor's own value, bound to them, narrows the range to where the page starts — and
     * only narrows it, the anchor being anywhere (a record just saved outside the period). */
    const char *range_from, *range_to;
    /* Optional, with order: the page's rows are first found as row ids alone and then read
     * whole. inner then selects the table's rowid and nothing else, and fetch is the SELECT of
     * the whole rows that ends "WHERE <rowid> IN " (for a page taken from thousands of rows
     * found some other way than in order, such as a search's hits: only the page's rows are
     * joined to their stations and counted, not every row sorted). */
    const char *fetch;
};
enum ll_status sql_page(struct ll_db *db, const struct sql_page_query *q, enum page_dir dir,
                        const char *anchor, int limit, void *out, int *count, struct ll_error *err);
/* sql_page with at most budget SQLite VM instructions (about 11 a row read and tested; 0: no
 * limit): past them the page is given up, *over_budget set and no rows returned, so that the
 * caller can find it another way. */
enum ll_status sql_page_within(struct ll_db *db, const struct sql_page_query *q, int budget,
                               bool *over_budget, enum page_dir dir, const char *anchor, int limit,
                               void *out, int *count, struct ll_error *err);
/* Appends " AND cond" to the WHERE clause in buf when on: only the conditions a filter sets
 * are in the query, so that the planner can use an index for them (a "(:x = '' OR col = :x)"
 * would keep it from doing so). cond is constant SQL, never user text. */
void sql_where_add(char *buf, size_t size, bool on, const char *cond);
/* The same for a filter that a page reads in its order (in_order): its first column is marked
 * with a unary + so that the planner reads the page's index and tests the rows, rather than
 * fetching every row the filter selects through another index and sorting them all (the
 * thousands of open problems of a county, for every page). A count leaves it unmarked: it may
 * take any index. */
void sql_where_filter(char *buf, size_t size, bool on, bool in_order, const char *cond);
/* Counts the rows of select ("SELECT 1 FROM … WHERE …", bound by bind(st, filter)); with
 * capped, at most LL_COUNT_MAX, *count being LL_COUNT_MORE when there are more. */
enum ll_status sql_count_rows(struct ll_db *db, const char *select, bool capped,
                              void (*bind)(sqlite3_stmt *st, const void *filter),
                              const void *filter, int *count, struct ll_error *err);
/* Counts the rows of q->inner. */
enum ll_status sql_page_count(struct ll_db *db, const struct sql_page_query *q, int *count,
                              struct ll_error *err);

/* A save of a record opened before (loaded_at: its updated_at then; "" for a new record or
 * one built from a file) refuses to overwrite a change saved meanwhile by another lianluo on
 * the same file, another program or a sync package: LL_ECONFLICT, saying so. Inside the
 * save's transaction, which holds the write lock. */
enum ll_status sql_unchanged_since(struct ll_db *db, const char *table, const char *id,
                                   const char *loaded_at, struct ll_error *err);
/* After a save: the record's updated_at into out (25 bytes), so that the same form can be
 * saved again. */
void sql_read_updated_at(struct ll_db *db, const char *table, const char *id, char *out);

/* Whether a save inserts: id "" (a new id is made) or an id no row of table has yet (an
 * imported record keeps the id it had in the file it came from). */
enum ll_status sql_is_insert(struct ll_db *db, const char *table, const char *id, bool *insert,
                             struct ll_error *err);

/* Reads the one row `sql` (with :id bound to id) returns into row (row_size bytes, zeroed
 * first) with read(); LL_ENOTFOUND with notfound_msg when there is none. */
enum ll_status sql_get_one(struct ll_db *db, const char *sql, const char *id,
                           void (*read)(sqlite3_stmt *st, void *row), void *row, size_t row_size,
                           const char *notfound_msg, struct ll_error *err);
/* Deletes the row of table with this id and records it (summary) in the audit log, in one
 * transaction. */
enum ll_status sql_delete_audited(struct ll_db *db, const char *table, const char *id,
                                  const char *summary, struct ll_error *err);

/* Sets one column (value NULL: SQL NULL) of every row `select` returns (it selects id and
 * name, bound by the caller; finalized here), one audited update each, inside the caller's
 * transaction: the records a change carries along are in the audit log like the rest. */
enum ll_status sql_update_each_audited(struct ll_db *db, sqlite3_stmt *select, const char *table,
                                       const char *column, const char *value, const char *now,
                                       struct ll_error *err);

/* Records action for every (id, name) row `select` returns (finalized here), inside the
 * caller's transaction: for rows a cascade is about to delete, say. */
enum ll_status sql_audit_each(struct ll_db *db, sqlite3_stmt *select, const char *table,
                              const char *action, struct ll_error *err);

/* Rows inserted, changed or deleted through this connection so far. */
int sql_changes(struct ll_db *db);
/* Ends the writing of a save that started when sql_changes() was `before`: when its own rows
 * changed, records it (insert or update, with summary) in the audit log; a save of what is there
 * already leaves no trace. Notes which it was for db_last_save. */
enum ll_status audit_save(struct ll_db *db, int before, const char *table, const char *id,
                          bool insert, const char *summary, struct ll_error *err);

/* Appends an audit-log entry inside the caller's transaction. */
/* The audit log's hash chain: SHA-256 (hex) of the previous entry's hash and the entry's eight
 * fields (id, site, at, operator, table, record, action, summary). */
#define AUDIT_FIELDS 8
void audit_hash(const char *prev, const char *const fields[AUDIT_FIELDS], char out[65]);
/* Walks the chain; *intact false and line naming the first entry that does not follow. */
enum ll_status audit_chain_check(struct ll_db *db, char *line, size_t size, bool *intact,
                                 struct ll_error *err);
enum ll_status audit_record(struct ll_db *db, const char *table, const char *record_id,
                            const char *action, const char *summary, struct ll_error *err);

#endif
