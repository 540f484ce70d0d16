/* Internal to the sync code of src/model: which tables a package carries, what each kind of
 * site may see and change of them, and the column layout read from the database. */
#ifndef LL_MODEL_SYNC_INTERNAL_H
#define LL_MODEL_SYNC_INTERNAL_H

#include "lianluo/sync.h"
#include "model/sql.h"

/* Whose records: everything (the county), a township's, or a station's. */
enum scope_kind { SCOPE_ALL, SCOPE_TOWNSHIP, SCOPE_STATION };
struct sync_scope {
    enum scope_kind kind;
    char township_id[LL_ID_LEN];
    char station_id[LL_ID_LEN];
};

struct sync_table {
    const char *name;
    const char *label; /* N_(): translated when shown */
    /* An SQL expression on the row `r` that tells the user which record it is (data only). */
    const char *display;
    /* Conditions on the row `r` (SQL, with :t the township's id and :s the station's):
     * the records of a township (what it sees and may change), what a station sees, and what
     * a station may change ("0": nothing). */
    const char *township;
    const char *station_sees;
    const char *station_changes;
    /* For a station: the only columns it may change (NULL: it may insert and delete rows it
     * may change, and change any column); "" when it may change none. */
    const char *station_columns;
};

#define SYNC_TABLE_COUNT 12
#define SYNC_MAX_COLS    32
extern const struct sync_table sync_tables[SYNC_TABLE_COUNT];
const struct sync_table *sync_table_named(const char *name);

/* The condition on `r` for scope: what it sees (writable false) or may change. */
const char *sync_scope_cond(const struct sync_table *t, const struct sync_scope *s, bool writable);
/* Binds :t and :s where the statement has them. */
void sync_scope_bind(sqlite3_stmt *st, const struct sync_scope *s);
/* A station scope's township: read from the station's row. */
enum ll_status sync_scope_complete(struct ll_db *db, struct sync_scope *s, struct ll_error *err);

/* A synced table's columns as this database has them. */
struct table_meta {
    const struct sync_table *rule;
    int ncol;
    char col[SYNC_MAX_COLS][32];
    unsigned char pk[SYNC_MAX_COLS]; /* a key column's place in the key (1, 2, …), else 0 */
};
enum ll_status table_meta_read(struct ll_db *db, const struct sync_table *rule,
                               struct table_meta *m, struct ll_error *err);
/* "c1" = ?1 AND "c3" = ?3 for the key columns (parameters numbered by column). */
void table_meta_where_pk(const struct table_meta *m, const char *alias, char *buf, size_t size);
/* "c1", "c2", … */
void table_meta_columns(const struct table_meta *m, const char *alias, char *buf, size_t size);
/* SELECT ?1 AS "c1", ?2 AS "c2", … : a row made of bound values. */
void table_meta_values_row(const struct table_meta *m, char *buf, size_t size);
int table_meta_col(const struct table_meta *m, const char *name);

/* The pairing's key and counters, internal columns included. */
struct peer_row {
    struct sync_peer pub;
    char township_id[LL_ID_LEN], station_id[LL_ID_LEN];
    unsigned char key[SYNC_KEY_LEN];
    unsigned char key_id[SYNC_KEY_ID_LEN];
    unsigned char in_tag[SYNC_TAG_LEN];
    bool has_in_tag;
};
enum ll_status peer_row_get(struct ll_db *db, const char *id, struct peer_row *p,
                            struct ll_error *err);
enum ll_status peer_row_by_key_id(struct ll_db *db, const unsigned char key_id[SYNC_KEY_ID_LEN],
                                  struct peer_row *p, struct ll_error *err);

/* The scopes of a pairing: what this site may send the peer (the rows it may change as the
 * peer sees it, limited to what the peer sees), and what the peer may change here. */
enum ll_status peer_send_scope(struct ll_db *db, const struct ll_config *cfg,
                               const struct peer_row *p, struct sync_scope *s, bool *writable,
                               struct ll_error *err);
enum ll_status peer_change_scope(struct ll_db *db, const struct peer_row *p, struct sync_scope *s,
                                 struct ll_error *err);

/* The snapshot of what a peer has: a database file beside this one. */
enum ll_status snapshot_path(struct ll_db *db, const char *peer_id, char *buf, size_t size,
                             struct ll_error *err);
/* Brings the snapshot's tables to this database's columns (creating them when missing). */
enum ll_status snapshot_prepare(struct ll_db *db, const char *path, struct ll_error *err);
/* Applies a changeset to the snapshot: afterwards it holds the peer's version of every row the
 * changeset names. Records in the snapshot the last out / in sequence it reflects. */
enum ll_status snapshot_apply(struct ll_db *db, const char *path, const void *changeset, int n,
                              const char *seq_column, long long seq, struct ll_error *err);
/* Re-applies the payloads history has and the snapshot missed (a power cut between the two
 * commits of an export or an import). */
enum ll_status snapshot_catch_up(struct ll_db *db, const struct peer_row *p, struct ll_error *err);

/* Appends v as JSON to buf. */
void json_append_value(char *buf, size_t size, sqlite3_value *v);
void json_append_string(char *buf, size_t size, const char *s);

#endif
