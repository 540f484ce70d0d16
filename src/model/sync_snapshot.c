/* The snapshot of what a peer has: one database file a peer, beside the main one, holding the
 * synced tables as the peer last had them. An export is the difference between this database
 * and the snapshot (sqlite3session_diff), so that every change is in it, whatever program
 * made it; after an export or an import the package's changes are applied to the snapshot.
 * The snapshot has the tables' columns and keys only: no constraints, no triggers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/i18n.h"
#include "model/sync_internal.h"

enum ll_status snapshot_path(struct ll_db *db, const char *peer_id, char *buf, size_t size,
                             struct ll_error *err)
{
    int n = snprintf(buf, size, "%s.peers", db_path(db));
    if (n < 0 || (size_t)n >= size)
        return ll_error_set(err, LL_EIO, _("数据库路径太长。"));
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return ll_error_set(err, LL_EIO, _("无法建立文件夹 %s：%s"), buf, strerror(errno));
    n = snprintf(buf, size, "%s.peers/%s.db", db_path(db), peer_id);
    if (n < 0 || (size_t)n >= size)
        return ll_error_set(err, LL_EIO, _("数据库路径太长。"));
    return LL_OK;
}

static enum ll_status snap_fail(sqlite3 *h, const char *path, struct ll_error *err)
{
    return ll_error_set(err, LL_EIO, _("同步快照 %s 无法读写（SQLite：%s）。"), path,
                        h ? sqlite3_errmsg(h) : "");
}

static enum ll_status snap_open(const char *path, sqlite3 **h, struct ll_error *err)
{
    if (sqlite3_open_v2(path, h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        enum ll_status st = snap_fail(*h, path, err);
        sqlite3_close(*h);
        *h = NULL;
        return st;
    }
    sqlite3_busy_timeout(*h, 3000);
    sqlite3_exec(*h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    return LL_OK;
}

/* Whether the snapshot's table has column name. */
static bool snap_has_column(sqlite3 *h, const char *table, const char *name, bool *table_exists)
{
    char *sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)", table);
    sqlite3_stmt *st = NULL;
    bool found = false;
    *table_exists = false;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            *table_exists = true;
            found = found || strcmp((const char *)sqlite3_column_text(st, 0), name) == 0;
        }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return found;
}

/* CREATE TABLE "t" ("c1", …, PRIMARY KEY ("k1", "k2")): key columns in the key's order. */
static void snapshot_ddl(const struct table_meta *m, const char *schema, char *buf, size_t size)
{
    char cols[2048], key[512] = "";
    table_meta_columns(m, "", cols, sizeof cols);
    for (int place = 1; place <= m->ncol; place++)
        for (int i = 0; i < m->ncol; i++)
            if (m->pk[i] == place) {
                size_t n = strlen(key);
                snprintf(key + n, sizeof key - n, "%s\"%s\"", n ? ", " : "", m->col[i]);
            }
    snprintf(buf, size, "CREATE TABLE IF NOT EXISTS %s\"%s\" (%s, PRIMARY KEY (%s))", schema,
             m->rule->name, cols, key);
}

enum ll_status snapshot_prepare(struct ll_db *db, const char *path, struct ll_error *err)
{
    sqlite3 *h;
    if (snap_open(path, &h, err) != LL_OK)
        return err->status;
    enum ll_status st = LL_OK;
    if (sqlite3_exec(h,
                     "BEGIN IMMEDIATE;"
                     "CREATE TABLE IF NOT EXISTS snap_state (out_seq INTEGER NOT NULL, "
                     "in_seq INTEGER NOT NULL);"
                     "INSERT INTO snap_state SELECT 0, 0 WHERE NOT EXISTS "
                     "(SELECT 1 FROM snap_state);",
                     NULL, NULL, NULL) != SQLITE_OK)
        st = snap_fail(h, path, err);
    for (int t = 0; st == LL_OK && t < SYNC_TABLE_COUNT; t++) {
        struct table_meta m;
        if ((st = table_meta_read(db, &sync_tables[t], &m, err)) != LL_OK)
            break;
        for (int i = 0; st == LL_OK && i < m.ncol; i++) {
            bool exists;
            if (snap_has_column(h, m.rule->name, m.col[i], &exists))
                continue;
            char sql[4096];
            if (exists) /* a column a migration added since */
                snprintf(sql, sizeof sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\"", m.rule->name,
                         m.col[i]);
            else
                snapshot_ddl(&m, "", sql, sizeof sql);
            if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
                st = snap_fail(h, path, err);
        }
    }
    if (st == LL_OK && sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = snap_fail(h, path, err);
    if (st != LL_OK)
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    return st;
}

/* The snapshot takes the peer's version of every row the changeset names. */
static int snap_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
    (void)ctx;
    (void)it;
    return kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT
               ? SQLITE_CHANGESET_REPLACE
               : SQLITE_CHANGESET_OMIT;
}

enum ll_status snapshot_apply(struct ll_db *db, const char *path, const void *changeset, int n,
                              const char *seq_column, long long seq, struct ll_error *err)
{
    (void)db;
    sqlite3 *h;
    if (snap_open(path, &h, err) != LL_OK)
        return err->status;
    enum ll_status st = LL_OK;
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE snap_state SET %s = %lld", seq_column, seq);
    if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        (n > 0 &&
         sqlite3changeset_apply(h, n, (void *)changeset, NULL, snap_conflict, NULL) != SQLITE_OK) ||
        sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = snap_fail(h, path, err);
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_close(h);
    return st;
}

enum ll_status snapshot_catch_up(struct ll_db *db, const struct peer_row *p, struct ll_error *err)
{
    char path[4200];
    long long seq[2] = {0, 0}; /* out, in */
    if (snapshot_path(db, p->pub.id, path, sizeof path, err) != LL_OK ||
        snapshot_prepare(db, path, err) != LL_OK)
        return err->status;
    sqlite3 *h;
    if (snap_open(path, &h, err) != LL_OK)
        return err->status;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(h, "SELECT out_seq, in_seq FROM snap_state", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        seq[0] = sqlite3_column_int64(q, 0);
        seq[1] = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    if (seq[0] >= p->pub.out_seq && seq[1] >= p->pub.in_seq)
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(
        db,
        "SELECT direction, seq, package FROM sync_history WHERE peer_id = :peer AND "
        "((direction = 'out' AND seq > :out) OR (direction = 'in' AND seq > :in)) ORDER BY id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":peer", p->pub.id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":out"), seq[0]);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":in"), seq[1]);
    enum ll_status rc = LL_OK;
    while (rc == LL_OK && sqlite3_step(st) == SQLITE_ROW) {
        bool out = strcmp((const char *)sqlite3_column_text(st, 0), "out") == 0;
        struct sync_frame f;
        /* a package this site made or checked when it took it */
        if (sync_frame_parse(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), &f,
                             err) != LL_OK) {
            rc = err->status;
            break;
        }
        rc = snapshot_apply(db, path, f.payload, (int)f.payload_len, out ? "out_seq" : "in_seq",
                            sqlite3_column_int64(st, 1), err);
    }
    sql_done(db, st);
    return rc;
}
