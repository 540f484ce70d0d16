/* Internal to the sync import code of src/model: the state of one import. */
#ifndef LL_MODEL_SYNC_IMPORT_INTERNAL_H
#define LL_MODEL_SYNC_IMPORT_INTERNAL_H

#include "model/sync_internal.h"

#define VIOLATIONS_SHOWN 5

/* A version of a record kept aside: the values of its columns (NULL: not known). */
struct version {
    int table;
    sqlite3_value *v[SYNC_MAX_COLS];
    int conflict; /* an overwrite: the conflict listed for it, or -1 */
};

struct conflict_rec {
    struct version key;   /* the key columns */
    struct version other; /* the version not kept */
    const char *kind;
    bool kept_here;
    bool other_deleted;
};

/* A record as it was here before the package: kept when a change is about to replace a
 * version still listed in a conflict, or to delete the records that hang from it. */
struct before {
    int table;
    char *key;      /* JSON, as sync_conflict.record_key */
    char *row;      /* JSON of the row, when it had an open conflict; else NULL */
    char *children; /* JSON of its children, when it is deleted; else NULL */
    bool back;      /* deleted here, listed, and the package brings it back */
};

struct sync_import {
    struct ll_db *db;
    unsigned char *buf;
    size_t len;
    char path[4096];
    struct sync_frame f;
    struct peer_row peer;    /* with the scope the package assigns this site */
    struct sync_scope scope; /* what the sender may change here */
    struct table_meta meta[SYNC_TABLE_COUNT];
    struct sync_preview preview;
    /* while applying */
    struct conflict_rec *conflicts;
    int nconflicts, cap_conflicts;
    struct version *overwrites; /* an insert that wins over the row here */
    int noverwrites, cap_overwrites;
    char **omitted; /* keys of the changes left out (this site's version kept) */
    int nomitted, cap_omitted;
    struct before *before; /* rows as they were here, for what the changes may take away */
    int nbefore, cap_before;
    char **seen; /* the package's keys, sorted */
    int nseen, cap_seen;
    int unchanged, merged, fk_violations;
};

/* Collects what the sender may not change, for one message naming the records. */
struct violations {
    int count;
    char text[1024];
};

/* Calls fn for each change of a package check_changes has passed, until fn returns anything
 * but LL_OK (which each_change then returns). */
typedef enum ll_status (*change_fn)(struct sync_import *imp, int t, int op,
                                    sqlite3_changeset_iter *it, void *ctx, struct ll_error *err);

/* Shared by sync_import.c (reading and checking a package), sync_apply.c (applying it) and
 * sync_before.c (what its changes may take away). */
enum ll_status sync_no_memory(struct ll_error *err);
int sync_table_index(const char *name);
/* Column i of the change: its new value (for an insert, or a changed column), else its old. */
sqlite3_value *sync_change_value(sqlite3_changeset_iter *it, int op, int i);
/* Binds v[i] to ?(i+1) for each value there is. */
void sync_bind_values(sqlite3_stmt *st, sqlite3_value *const *v, int n);
/* The key columns of v as a JSON array (sync_conflict.record_key). */
void sync_key_json(const struct table_meta *m, sqlite3_value *const *v, char *buf, size_t size);
void sync_describe_as(struct sync_import *imp, int t, sqlite3_value *const *v, bool values_first,
                      char *out, size_t size);
void sync_describe(struct sync_import *imp, int t, sqlite3_value *const *v, char *out, size_t size);
enum ll_status sync_row_in_scope(struct sync_import *imp, int t, sqlite3_value *const *v,
                                 const char *cond, bool *exists, bool *inside,
                                 struct ll_error *err);
void sync_violation(struct sync_import *imp, struct violations *vs, int t, int op,
                    sqlite3_value *const *v);
bool sync_grow(void **arr, int *cap, int n, size_t item);
enum ll_status sync_each_change(struct sync_import *imp, change_fn fn, void *ctx,
                                struct ll_error *err);
void sync_record_refusal(struct sync_import *imp, const char *why);
void sync_version_free(struct version *v);
const char *sync_value_text(sqlite3_value *v);

/* A row of sync_conflict (sync_apply.c). */
struct conflict_row {
    long long history_id;
    const char *table, *key, *label, *kind;
    bool kept_here;
    const char *other;    /* the version not kept, JSON ("" deleted) */
    const char *children; /* NULL: none */
};
enum ll_status sync_insert_conflict(struct sync_import *imp, const struct conflict_row *r,
                                    struct ll_error *err);

/* sync_before.c */
enum ll_status sync_capture_before(struct sync_import *imp, struct ll_error *err);
enum ll_status sync_record_superseded(struct sync_import *imp, long long history_id,
                                      struct ll_error *err);
const struct before *sync_before_of(const struct sync_import *imp, int t, const char *key);
char *sync_children_json(struct sync_import *imp, const char *schema, int t, const char *id);
const char *sync_id_of(const struct table_meta *m, sqlite3_value *const *v);

#endif
