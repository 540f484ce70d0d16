/* What a package's changes may take away, kept before they are applied: a version still
 * listed in a conflict that a change replaces, the records that hang from a deleted one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sync_import_internal.h"

/* The records that hang from a ledger entry or a problem and go with it when it is deleted. */
static const struct {
    const char *parent, *child, *column;
} children_of[] = {
    {"ledger_entry", "ledger_deputy", "entry_id"},
    {"problem", "problem_event", "problem_id"},
};

/* json_object('c1', "c1", …) for a table's columns. */
static void json_object_sql(const struct table_meta *m, char *buf, size_t size)
{
    snprintf(buf, size, "json_object(");
    for (int i = 0; i < m->ncol; i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s'%s', \"%s\"", i ? ", " : "", m->col[i], m->col[i]);
    }
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, ")");
}

/* A malloc'd string of the first column of sql's first row (bound with v, or with text), or
 * NULL. */
static char *query_text(struct ll_db *db, const char *sql, sqlite3_value *const *v, int n,
                        const char *text)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (v)
        sync_bind_values(st, v, n);
    else
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sql_done(db, st);
    return out;
}

/* {"ledger_deputy": [row, …]} of the parent with this id, from schema ("main" or "snap"). */
char *sync_children_json(struct sync_import *imp, const char *schema, int t, const char *id)
{
    for (size_t c = 0; c < sizeof children_of / sizeof children_of[0]; c++) {
        if (strcmp(children_of[c].parent, sync_tables[t].name) != 0)
            continue;
        const struct table_meta *m = &imp->meta[sync_table_index(children_of[c].child)];
        char obj[4096], sql[6000];
        json_object_sql(m, obj, sizeof obj);
        snprintf(sql, sizeof sql,
                 "SELECT json_object('%s', json_group_array(json(%s))) FROM %s.\"%s\" "
                 "WHERE \"%s\" = ?1",
                 children_of[c].child, obj, schema, children_of[c].child, children_of[c].column);
        return query_text(imp->db, sql, NULL, 0, id);
    }
    return NULL;
}

const char *sync_id_of(const struct table_meta *m, sqlite3_value *const *v)
{
    int i = table_meta_col(m, "id");
    return i >= 0 && v[i] ? sync_value_text(v[i]) : "";
}

/* Before the changes: what they may take away that the user must still be able to see. */
/* How many conflicts are listed and not settled for this record (of kind, when not NULL). */
static enum ll_status listed(struct sync_import *imp, const char *table, const char *key,
                             const char *kind, int *n, struct ll_error *err)
{
    sqlite3_stmt *c = sql_prepare(imp->db,
                                  "SELECT count(*) FROM sync_conflict WHERE resolved_at = '' AND "
                                  "table_name = :t AND record_key = :k AND (:kind IS NULL OR "
                                  "kind = :kind)",
                                  err);
    if (!c)
        return err->status;
    sql_bind_text(c, ":t", table);
    sql_bind_text(c, ":k", key);
    if (kind) /* unbound: NULL, any kind */
        sql_bind_text(c, ":kind", kind);
    return sql_int(imp->db, c, n, err);
}

static struct before *add_before(struct sync_import *imp, int t, const char *key)
{
    if (!sync_grow((void **)&imp->before, &imp->cap_before, imp->nbefore, sizeof *imp->before))
        return NULL;
    struct before *b = &imp->before[imp->nbefore++];
    memset(b, 0, sizeof *b);
    b->table = t;
    b->key = strdup(key);
    return b;
}

static enum ll_status capture_one(struct sync_import *imp, int t, int op,
                                  sqlite3_changeset_iter *it, void *ctx, struct ll_error *err)
{
    bool conflicts_open = *(const int *)ctx > 0;
    if (op == SQLITE_INSERT && !conflicts_open)
        return LL_OK;
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *v[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        v[i] = sync_change_value(it, op, i);
    char key[1024];
    sync_key_json(m, v, key, sizeof key);
    int n = 0;
    if (op == SQLITE_INSERT) {
        /* a record deleted here and listed, that the other site brought back */
        if (listed(imp, m->rule->name, key, "deleted_here", &n, err) != LL_OK)
            return err->status;
        struct before *b = n ? add_before(imp, t, key) : NULL;
        if (n && !b)
            return sync_no_memory(err);
        if (b)
            b->back = true;
        return LL_OK;
    }
    char *row = NULL, *children = NULL;
    if (conflicts_open && listed(imp, m->rule->name, key, NULL, &n, err) != LL_OK)
        return err->status;
    if (n) {
        char where[1024], obj[4096], sql[6000];
        json_object_sql(m, obj, sizeof obj);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", obj, m->rule->name, where);
        row = query_text(imp->db, sql, v, m->ncol, NULL);
    }
    if (op == SQLITE_DELETE)
        children = sync_children_json(imp, "main", t, sync_id_of(m, v));
    if (!row && !children)
        return LL_OK;
    struct before *b = add_before(imp, t, key);
    if (!b) {
        free(row);
        free(children);
        return sync_no_memory(err);
    }
    b->row = row;
    b->children = children;
    return LL_OK;
}

enum ll_status sync_capture_before(struct sync_import *imp, struct ll_error *err)
{
    int open = 0;
    sqlite3_stmt *q =
        sql_prepare(imp->db, "SELECT count(*) FROM sync_conflict WHERE resolved_at = ''", err);
    if (!q || sql_int(imp->db, q, &open, err) != LL_OK)
        return err->status;
    return sync_each_change(imp, capture_one, &open, err);
}

const struct before *sync_before_of(const struct sync_import *imp, int t, const char *key)
{
    for (int i = 0; i < imp->nbefore; i++)
        if (imp->before[i].table == t && imp->before[i].key && strcmp(imp->before[i].key, key) == 0)
            return &imp->before[i];
    return NULL;
}

/* A record still listed in a conflict that the package changed again: the version it replaced
 * is listed in its turn (the older listing is closed), so that no version goes unseen. */
enum ll_status sync_record_superseded(struct sync_import *imp, long long history_id,
                                      struct ll_error *err)
{
    char now[25];
    time_now_iso(now);
    for (int i = 0; i < imp->nbefore; i++) {
        const struct before *b = &imp->before[i];
        if (b->back) {
            /* the record is here again: its deletion is no longer a question */
            sqlite3_stmt *st = sql_prepare(imp->db,
                                           "UPDATE sync_conflict SET resolved_at = :now WHERE "
                                           "resolved_at = '' AND kind = 'deleted_here' AND "
                                           "table_name = :t AND record_key = :k",
                                           err);
            if (!st)
                return err->status;
            sql_bind_text(st, ":now", now);
            sql_bind_text(st, ":t", sync_tables[b->table].name);
            sql_bind_text(st, ":k", b->key);
            if (sql_run(imp->db, st, err) != LL_OK)
                return err->status;
            continue;
        }
        if (!b->row)
            continue;
        const struct table_meta *m = &imp->meta[b->table];
        char label[200] = "";
        sqlite3_stmt *st = sql_prepare(
            imp->db,
            "SELECT label FROM sync_conflict WHERE resolved_at = '' AND table_name = :t AND "
            "record_key = :k ORDER BY at DESC LIMIT 1",
            err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":t", m->rule->name);
        sql_bind_text(st, ":k", b->key);
        bool listed = sqlite3_step(st) == SQLITE_ROW;
        if (listed)
            sql_column_text(st, 0, label, sizeof label);
        sql_done(imp->db, st);
        if (!listed)
            continue; /* closed meanwhile */
        /* only when the package did change it */
        char obj[4096], where[1024], sql[6000];
        json_object_sql(m, obj, sizeof obj);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", obj, m->rule->name, where);
        sqlite3_stmt *now_row = sql_prepare(imp->db, sql, err);
        if (!now_row)
            return err->status;
        sqlite3_stmt *keys = sql_prepare(imp->db, "SELECT value FROM json_each(:k)", err);
        if (!keys) {
            sql_done(imp->db, now_row);
            return err->status;
        }
        sql_bind_text(keys, ":k", b->key);
        for (int col = 0; col < m->ncol; col++)
            if (m->pk[col] && sqlite3_step(keys) == SQLITE_ROW)
                sqlite3_bind_value(now_row, col + 1, sqlite3_column_value(keys, 0));
        bool same = sqlite3_step(now_row) == SQLITE_ROW &&
                    strcmp((const char *)sqlite3_column_text(now_row, 0), b->row) == 0;
        sql_done(imp->db, now_row);
        sql_done(imp->db, keys);
        if (same)
            continue;
        /* the earlier listing stays: its version is still one nobody has chosen */
        struct conflict_row r = {history_id,   m->rule->name, b->key, label,
                                 "superseded", false,         b->row, NULL};
        if (sync_insert_conflict(imp, &r, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}
