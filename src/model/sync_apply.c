/* Applying a checked sync package (see sync_import.c for the checks before): the conflict
 * rule, the check after the changes, and what is recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sync_import_internal.h"

static bool values_equal(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb)
        return false;
    switch (ta) {
    case SQLITE_NULL:
        return true;
    case SQLITE_INTEGER:
        return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT:
        return sqlite3_value_double(a) == sqlite3_value_double(b);
    default: {
        int n = sqlite3_value_bytes(a);
        const void *pa =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        const void *pb =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        return n == sqlite3_value_bytes(b) && (n == 0 || memcmp(pa, pb, (size_t)n) == 0);
    }
    }
}

/* A total order of values, the same on every site: by type, then by content. */
static int value_cmp(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    switch (ta) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER: {
        sqlite3_int64 x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
        return x < y ? -1 : x > y;
    }
    case SQLITE_FLOAT: {
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        return x < y ? -1 : x > y;
    }
    default: {
        int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
        const void *pa =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        const void *pb =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        int c = memcmp(pa, pb, (size_t)(na < nb ? na : nb));
        return c ? c : na < nb ? -1 : na > nb;
    }
    }
}

/* The written rule: the version saved later (updated_at) is kept; on a tie, the one whose
 * values sort last, column by column, so that both sites choose the same. */
static bool incoming_wins(const struct table_meta *m, sqlite3_value *const *in,
                          sqlite3_value *const *here)
{
    int u = table_meta_col(m, "updated_at");
    if (u >= 0) {
        int c = strcmp(sync_value_text(in[u]), sync_value_text(here[u]));
        if (c != 0)
            return c > 0;
    }
    for (int i = 0; i < m->ncol; i++)
        if (in[i]) {
            int c = value_cmp(in[i], here[i]);
            if (c != 0)
                return c > 0;
        }
    return false;
}

static bool dup_into(struct version *out, int t, sqlite3_value *const *v, int n)
{
    out->table = t;
    for (int i = 0; i < n; i++)
        if (v[i] && !(out->v[i] = sqlite3_value_dup(v[i])))
            return false;
    return true;
}

static int add_conflict(struct sync_import *imp, int t, const char *kind, bool kept_here,
                        sqlite3_value *const *key, sqlite3_value *const *other, bool deleted)
{
    if (!sync_grow((void **)&imp->conflicts, &imp->cap_conflicts, imp->nconflicts,
                   sizeof *imp->conflicts))
        return SQLITE_CHANGESET_ABORT;
    struct conflict_rec *c = &imp->conflicts[imp->nconflicts++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->kept_here = kept_here;
    c->other_deleted = deleted;
    int n = imp->meta[t].ncol;
    sqlite3_value *keys[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < n; i++)
        keys[i] = imp->meta[t].pk[i] ? key[i] : NULL;
    if (!dup_into(&c->key, t, keys, n) || (other && !dup_into(&c->other, t, other, n)))
        return SQLITE_CHANGESET_ABORT;
    return SQLITE_CHANGESET_OMIT;
}

static int add_omitted(struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    sync_key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
    if (!sync_grow((void **)&imp->omitted, &imp->cap_omitted, imp->nomitted,
                   sizeof *imp->omitted) ||
        !(imp->omitted[imp->nomitted] = strdup(buf)))
        return SQLITE_CHANGESET_ABORT;
    imp->nomitted++;
    return SQLITE_CHANGESET_OMIT;
}

static bool was_omitted(const struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    sync_key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
    for (int i = 0; i < imp->nomitted; i++)
        if (strcmp(imp->omitted[i], buf) == 0)
            return true;
    return false;
}

/* Keeps a version, and returns OMIT (or ABORT when out of memory). */
static int keep_here(struct sync_import *imp, int t, const char *kind, sqlite3_value *const *key,
                     sqlite3_value *const *theirs)
{
    int rc = add_conflict(imp, t, kind, true, key, theirs, false);
    return rc == SQLITE_CHANGESET_ABORT ? rc : add_omitted(imp, t, key);
}

/* Sets a row's columns after the changes: all the values of v (col < 0), or v's key and the
 * one column col = value. */
static int add_overwrite(struct sync_import *imp, int t, sqlite3_value *const *v, int col,
                         sqlite3_value *value)
{
    if (!sync_grow((void **)&imp->overwrites, &imp->cap_overwrites, imp->noverwrites,
                   sizeof *imp->overwrites))
        return SQLITE_CHANGESET_ABORT;
    struct version *o = &imp->overwrites[imp->noverwrites++];
    memset(o, 0, sizeof *o);
    o->conflict = col < 0 ? imp->nconflicts - 1 : -1;
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *row[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        row[i] = col < 0 || m->pk[i] ? v[i] : i == col ? value : NULL;
    return dup_into(o, t, row, m->ncol) ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_ABORT;
}

static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
    struct sync_import *imp = ctx;
    const char *table;
    int ncol, op, indirect;
    if (kind == SQLITE_CHANGESET_FOREIGN_KEY) {
        /* kept, and listed after the changes: a record refers to one this site lacks */
        sqlite3changeset_fk_conflicts(it, &imp->fk_violations);
        return SQLITE_CHANGESET_OMIT;
    }
    sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
    int t = sync_table_index(table);
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *in[SYNC_MAX_COLS] = {0}, *here[SYNC_MAX_COLS] = {0},
                  *merged[SYNC_MAX_COLS] = {0}, *old[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < ncol; i++) {
        if (op != SQLITE_DELETE)
            sqlite3changeset_new(it, i, &in[i]);
        if (op != SQLITE_INSERT)
            sqlite3changeset_old(it, i, &old[i]);
        if (kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT)
            sqlite3changeset_conflict(it, i, &here[i]);
        merged[i] = in[i] ? in[i] : here[i] ? here[i] : old[i];
    }
    sqlite3_value *const *key = op == SQLITE_INSERT ? in : old;
    switch (kind) {
    case SQLITE_CHANGESET_DATA:
        if (op == SQLITE_DELETE) {
            /* differences that are only references set to NULL here by another deletion of
             * the same package (ON DELETE SET NULL) are no edit */
            bool edited = false;
            for (int i = 0; i < ncol; i++)
                if (!values_equal(here[i], old[i]) && sqlite3_value_type(here[i]) != SQLITE_NULL)
                    edited = true;
            if (!edited) {
                imp->unchanged++;
                return SQLITE_CHANGESET_REPLACE;
            }
        }
        if (op == SQLITE_DELETE) /* deleted there, changed here: the deletion wins */
            return add_conflict(imp, t, "deleted_there", false, key, here, false) ==
                           SQLITE_CHANGESET_ABORT
                       ? SQLITE_CHANGESET_ABORT
                       : SQLITE_CHANGESET_REPLACE;
        /* changed on both sides */
        __attribute__((fallthrough));
    case SQLITE_CHANGESET_CONFLICT: {
        bool same = true, clash = false;
        int u = table_meta_col(m, "updated_at");
        for (int i = 0; i < ncol; i++) {
            if (!in[i])
                continue;
            if (!values_equal(in[i], here[i]))
                same = false;
            /* a column both sides changed, to different values */
            if (op == SQLITE_UPDATE && i != u && !values_equal(here[i], old[i]) &&
                !values_equal(here[i], in[i]))
                clash = true;
        }
        if (same) {
            imp->unchanged++;
            return SQLITE_CHANGESET_OMIT;
        }
        if (op == SQLITE_UPDATE && !clash) {
            /* different columns changed on each side: both changes are kept (the package's
             * columns are set, the others stay), saved at the later of the two times */
            if (u >= 0 && in[u] && strcmp(sync_value_text(here[u]), sync_value_text(in[u])) > 0 &&
                add_overwrite(imp, t, key, u, here[u]) != SQLITE_CHANGESET_OMIT)
                return SQLITE_CHANGESET_ABORT;
            imp->merged++;
            return SQLITE_CHANGESET_REPLACE;
        }
        if (!incoming_wins(m, in, here))
            return keep_here(imp, t, "both_edited", key, merged);
        if (add_conflict(imp, t, "both_edited", false, key, here, false) == SQLITE_CHANGESET_ABORT)
            return SQLITE_CHANGESET_ABORT;
        if (op == SQLITE_UPDATE)
            return SQLITE_CHANGESET_REPLACE;
        /* an insert that wins: the row is updated afterwards (a REPLACE would delete it first,
         * and with it, by cascade, the records that hang from it) */
        return add_overwrite(imp, t, in, -1, NULL);
    }
    case SQLITE_CHANGESET_NOTFOUND:
        if (op == SQLITE_DELETE) {
            imp->unchanged++;
            return SQLITE_CHANGESET_OMIT;
        }
        /* changed there, deleted here: the deletion stays; their version is listed (completed
         * from the snapshot once it is applied there) */
        return keep_here(imp, t, "deleted_here", key, merged);
    case SQLITE_CHANGESET_CONSTRAINT:
    default:
        return keep_here(imp, t, "duplicate", key, merged);
    }
}

static int apply_filter(void *ctx, const char *table)
{
    (void)ctx;
    return sync_table_index(table) >= 0;
}

static enum ll_status run_overwrites(struct sync_import *imp, struct ll_error *err)
{
    for (int k = 0; k < imp->noverwrites; k++) {
        struct version *o = &imp->overwrites[k];
        const struct table_meta *m = &imp->meta[o->table];
        char set[2048] = "", where[1024], sql[4096];
        for (int i = 0; i < m->ncol; i++)
            if (!m->pk[i] && o->v[i]) {
                size_t n = strlen(set);
                snprintf(set + n, sizeof set - n, "%s\"%s\" = ?%d", n ? ", " : "", m->col[i],
                         i + 1);
            }
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "UPDATE main.\"%s\" SET %s WHERE %s", m->rule->name, set, where);
        if (db_begin(imp->db, err) != LL_OK)
            return err->status;
        sqlite3_stmt *st = sql_prepare(imp->db, sql, err);
        if (!st) {
            db_rollback(imp->db);
            return err->status;
        }
        sync_bind_values(st, o->v, m->ncol);
        struct ll_error why = {0};
        if (sql_run(imp->db, st, &why) == LL_OK) {
            if (db_commit(imp->db, err) != LL_OK)
                return err->status;
            continue;
        }
        /* it cannot be (a name used by another record, a reference to one missing here):
         * this site's version stays, the package's is listed */
        db_rollback(imp->db);
        if (o->conflict >= 0 && o->conflict < imp->nconflicts) {
            struct conflict_rec *c = &imp->conflicts[o->conflict];
            sync_version_free(&c->other);
            if (!dup_into(&c->other, o->table, o->v, m->ncol))
                return sync_no_memory(err);
            c->kind = "duplicate";
            c->kept_here = true;
        }
    }
    return LL_OK;
}

static enum ll_status check_result(struct sync_import *imp, int t, int op,
                                   sqlite3_changeset_iter *it, void *ctx, struct ll_error *err)
{
    /* a deletion was checked as the record was; so was a change from the upper site, which
     * may tell this site that a record has left it (moved to another township) */
    if (op == SQLITE_DELETE || (op == SQLITE_UPDATE && imp->peer.pub.upper))
        return LL_OK;
    sqlite3_value *key[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < imp->meta[t].ncol; i++)
        if (imp->meta[t].pk[i])
            key[i] = sync_change_value(it, op, i);
    if (was_omitted(imp, t, key))
        return LL_OK;
    bool exists, inside;
    if (sync_row_in_scope(imp, t, key, sync_scope_cond(&sync_tables[t], &imp->scope, true), &exists,
                          &inside, err) != LL_OK)
        return err->status;
    if (exists && !inside)
        sync_violation(imp, ctx, t, op, key);
    return LL_OK;
}

/* After the changes: every new or changed record the sender made must be one it may change. */
static enum ll_status check_results(struct sync_import *imp, struct ll_error *err)
{
    struct violations vs = {0};
    enum ll_status st = sync_each_change(imp, check_result, &vs, err);
    if (st == LL_OK && vs.count)
        st = ll_error_set(err, LL_ECONFLICT,
                          _("同步包中有 %d 处修改超出了发送方（%s）可以改动的范围，整个包未导"
                            "入：%s%s"),
                          vs.count, imp->preview.peer.name, vs.text,
                          vs.count > VIOLATIONS_SHOWN ? _("……") : "");
    return st;
}

/* A county's township pairing made before the township's records were here takes the
 * township its first package brought. */
static enum ll_status bind_township(struct sync_import *imp, struct ll_error *err)
{
    struct peer_row *p = &imp->peer;
    if (p->pub.upper || p->pub.role != SITE_TOWNSHIP || p->township_id[0])
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(
        imp->db,
        "SELECT t.id FROM sync_peer p JOIN township t ON t.name = p.scope_label WHERE p.id = :id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", p->pub.id);
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, p->township_id, sizeof p->township_id);
    sql_done(imp->db, st);
    if (!p->township_id[0])
        return ll_error_set(err, LL_EINVAL,
                            _("这个包里没有乡镇「%s」的记录，而本机是为它配对的，没有导入。"),
                            p->pub.scope_name);
    return LL_OK;
}

/* Rows that refer to records this site does not have (the package was kept). */
static void list_missing_references(struct sync_import *imp)
{
    sqlite3_stmt *st =
        sql_prepare(imp->db, "SELECT \"table\", rowid FROM pragma_foreign_key_check", NULL);
    if (!st)
        return;
    int listed = 0;
    while (sqlite3_step(st) == SQLITE_ROW && listed < 100) {
        int t = sync_table_index((const char *)sqlite3_column_text(st, 0));
        if (t < 0)
            continue;
        const struct table_meta *m = &imp->meta[t];
        char cols[2048], sql[2400];
        table_meta_columns(m, "", cols, sizeof cols);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE rowid = ?1", cols,
                 m->rule->name);
        sqlite3_stmt *row = sql_prepare(imp->db, sql, NULL);
        if (!row)
            continue;
        sqlite3_bind_int64(row, 1, sqlite3_column_int64(st, 1));
        if (sqlite3_step(row) == SQLITE_ROW) {
            sqlite3_value *v[SYNC_MAX_COLS] = {0};
            for (int i = 0; i < m->ncol; i++)
                v[i] = sqlite3_column_value(row, i);
            if (add_conflict(imp, t, "missing_reference", false, v, v, false) ==
                SQLITE_CHANGESET_OMIT)
                listed++;
        }
        sql_done(imp->db, row);
    }
    sql_done(imp->db, st);
}

static void version_json(const struct table_meta *m, const struct version *v, char *buf,
                         size_t size)
{
    snprintf(buf, size, "{");
    for (int i = 0, first = 1; i < m->ncol; i++) {
        if (!v->v[i])
            continue;
        if (!first)
            snprintf(buf + strlen(buf), size - strlen(buf), ",");
        json_append_string(buf, size, m->col[i]);
        snprintf(buf + strlen(buf), size - strlen(buf), ":");
        json_append_value(buf, size, v->v[i]);
        first = 0;
    }
    snprintf(buf + strlen(buf), size - strlen(buf), "}");
}

enum ll_status sync_insert_conflict(struct sync_import *imp, const struct conflict_row *r,
                                    struct ll_error *err)
{
    char id[LL_ID_LEN], now[25];
    if (sql_new_id(id, err) != LL_OK)
        return err->status;
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(
        imp->db,
        "INSERT INTO sync_conflict(id, history_id, at, table_name, record_key, label, kind, kept, "
        "other_version, children) VALUES (:id, :h, :at, :t, :key, :label, :kind, :kept, :other, "
        ":children)",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":h"), r->history_id);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":t", r->table);
    sql_bind_text(st, ":key", r->key);
    sql_bind_text(st, ":label", r->label);
    sql_bind_text(st, ":kind", r->kind);
    sql_bind_text(st, ":kept", r->kept_here ? "here" : "there");
    sql_bind_text(st, ":other", r->other);
    sql_bind_text(st, ":children", r->children ? r->children : "");
    return sql_run(imp->db, st, err);
}

static enum ll_status record_conflicts(struct sync_import *imp, long long history_id,
                                       struct ll_error *err)
{
    static char other[65536];
    for (int k = 0; k < imp->nconflicts; k++) {
        struct conflict_rec *c = &imp->conflicts[k];
        int t = c->key.table;
        const struct table_meta *m = &imp->meta[t];
        char key[1024], what[200];
        sync_key_json(m, c->key.v, key, sizeof key);
        sync_describe(imp, t, c->other.v[0] || c->other.v[1] ? c->other.v : c->key.v, what,
                      sizeof what);
        version_json(m, &c->other, other, sizeof other);
        /* a version deleted by the package: the records that hung from it, as they were */
        const struct before *b =
            strcmp(c->kind, "deleted_there") == 0 ? sync_before_of(imp, t, key) : NULL;
        struct conflict_row r = {history_id,
                                 m->rule->name,
                                 key,
                                 what,
                                 c->kind,
                                 c->kept_here,
                                 c->other_deleted ? "" : other,
                                 b ? b->children : NULL};
        if (sync_insert_conflict(imp, &r, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

static enum ll_status record_import(struct sync_import *imp, const struct sync_import_result *res,
                                    long long *history_id, struct ll_error *err)
{
    struct peer_row *p = &imp->peer;
    char now[25], summary[256];
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(
        imp->db,
        "UPDATE sync_peer SET site_id = :site, name = :name, in_seq = :seq, in_tag = :tag, "
        "township_id = :t, station_id = :s WHERE id = :id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":site", imp->f.sender);
    sql_bind_text(st, ":name", imp->f.sender_name);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), (long long)imp->f.seq);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":tag"),
                      imp->buf + imp->len - SYNC_TAG_LEN, SYNC_TAG_LEN, SQLITE_STATIC);
    sql_bind_text(st, ":t", p->township_id);
    sql_bind_text(st, ":s", p->station_id);
    sql_bind_text(st, ":id", p->pub.id);
    if (sql_run(imp->db, st, err) != LL_OK)
        return err->status;
    snprintf(summary, sizeof summary, _("改动 %d 处，原已相同 %d 处，冲突 %d 处"), res->applied,
             res->unchanged, res->conflicts);
    st = sql_prepare(imp->db,
                     "INSERT INTO sync_history(peer_id, direction, seq, at, operator, file, "
                     "changes, conflicts, summary, package) VALUES (:peer, 'in', :seq, :at, :op, "
                     ":file, :changes, :conflicts, :summary, :package)",
                     err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":peer", p->pub.id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), (long long)imp->f.seq);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":op", imp->db->operator_name);
    sql_bind_text(st, ":file", imp->path);
    sql_bind_int(st, ":changes", imp->preview.changes);
    sql_bind_int(st, ":conflicts", res->conflicts);
    sql_bind_text(st, ":summary", summary);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":package"), imp->buf, (int)imp->len,
                      SQLITE_STATIC);
    if (sql_run(imp->db, st, err) != LL_OK)
        return err->status;
    *history_id = sqlite3_last_insert_rowid(imp->db->h);
    return LL_OK;
}

/* A version deleted here and changed there was listed with the changed columns only: the
 * snapshot, now holding the peer's version, gives the whole record. */
static void complete_deleted_here(struct sync_import *imp, long long history_id, const char *snap)
{
    char *attach = sqlite3_mprintf("ATTACH %Q AS snap", snap);
    if (!attach || sqlite3_exec(imp->db->h, attach, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_free(attach);
        return;
    }
    sqlite3_free(attach);
    static char other[65536];
    for (int k = 0; k < imp->nconflicts; k++) {
        struct conflict_rec *c = &imp->conflicts[k];
        if (strcmp(c->kind, "deleted_here") != 0)
            continue;
        const struct table_meta *m = &imp->meta[c->key.table];
        char cols[2048], where[1024], sql[4096], key[1024];
        table_meta_columns(m, "", cols, sizeof cols);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM snap.\"%s\" WHERE %s", cols, m->rule->name,
                 where);
        sqlite3_stmt *st = sql_prepare(imp->db, sql, NULL);
        if (!st)
            continue;
        sync_bind_values(st, c->key.v, m->ncol);
        if (sqlite3_step(st) == SQLITE_ROW) {
            struct version v = {.table = c->key.table};
            for (int i = 0; i < m->ncol; i++)
                v.v[i] = sqlite3_column_value(st, i);
            version_json(m, &v, other, sizeof other);
            sync_key_json(m, c->key.v, key, sizeof key);
            char label[200];
            sync_describe_as(imp, c->key.table, v.v, true, label, sizeof label);
            char *children = sync_children_json(imp, "snap", c->key.table, sync_id_of(m, v.v));
            sqlite3_stmt *up = sql_prepare(
                imp->db,
                "UPDATE sync_conflict SET other_version = :v, label = :label, children = "
                ":children WHERE history_id = :h AND table_name = :t AND record_key = :k",
                NULL);
            if (up) {
                sql_bind_text(up, ":v", other);
                sql_bind_text(up, ":label", label);
                sql_bind_text(up, ":children", children ? children : "");
                sqlite3_bind_int64(up, sqlite3_bind_parameter_index(up, ":h"), history_id);
                sql_bind_text(up, ":t", m->rule->name);
                sql_bind_text(up, ":k", key);
                sql_run(imp->db, up, NULL);
            }
            free(children);
        }
        sql_done(imp->db, st);
    }
    sqlite3_exec(imp->db->h, "DETACH snap", NULL, NULL, NULL);
}

enum ll_status sync_import_apply(struct sync_import *imp, struct sync_import_result *res,
                                 struct ll_error *err)
{
    memset(res, 0, sizeof *res);
    if (imp->preview.replay)
        return LL_OK;
    char snap[4200];
    struct ll_db *db = imp->db;
    if (snapshot_catch_up(db, &imp->peer, err) != LL_OK ||
        snapshot_path(db, imp->peer.pub.id, snap, sizeof snap, err) != LL_OK ||
        db_begin(db, err) != LL_OK)
        return err->status;
    enum ll_status st = sync_capture_before(imp, err);
    db->guard_paused = true; /* the sender may change what this site may not */
    int rc = imp->f.payload_len == 0 || st != LL_OK
                 ? SQLITE_OK
                 : sqlite3changeset_apply_v2(db->h, (int)imp->f.payload_len, (void *)imp->f.payload,
                                             apply_filter, on_conflict, imp, NULL, NULL, 0);
    if (rc != SQLITE_OK)
        st = rc == SQLITE_ABORT ? sync_no_memory(err) : sql_fail(db, err);
    if (st == LL_OK)
        st = run_overwrites(imp, err);
    db->guard_paused = false;
    if (st == LL_OK)
        st = bind_township(imp, err);
    /* again, now that the package's records are here: a station's first package brings the
     * station whose township says what its upper site may change */
    if (st == LL_OK)
        st = peer_change_scope(db, &imp->peer, &imp->scope, err);
    if (st == LL_OK)
        st = check_results(imp, err);
    if (st == LL_OK && imp->fk_violations)
        list_missing_references(imp);
    long long history_id = 0;
    if (st == LL_OK) {
        int kept_out = 0;
        for (int k = 0; k < imp->nconflicts; k++)
            kept_out += imp->conflicts[k].kept_here;
        res->conflicts = imp->nconflicts;
        res->unchanged = imp->unchanged;
        res->applied = imp->preview.changes - imp->unchanged - kept_out;
        st = record_import(imp, res, &history_id, err);
    }
    if (st == LL_OK)
        st = record_conflicts(imp, history_id, err);
    if (st == LL_OK)
        st = sync_record_superseded(imp, history_id, err);
    if (st == LL_OK)
        st = db_commit(db, err);
    else {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        db_rollback(db);
        sync_record_refusal(imp, why);
        return st;
    }
    if (st == LL_OK)
        st = snapshot_apply(db, snap, imp->f.payload, (int)imp->f.payload_len, "in_seq",
                            (long long)imp->f.seq, err);
    if (st == LL_OK && imp->nconflicts)
        complete_deleted_here(imp, history_id, snap);
    /* the first package from the upper site says what this site is */
    if (st == LL_OK && imp->peer.pub.upper)
        st = sync_guard_install(db, err);
    return st;
}
