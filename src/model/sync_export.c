/* `sync export`: the next package for a peer (see lianluo/sync.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sync_internal.h"

/* e."k1" = r."k1" AND … */
static void pk_join(const struct table_meta *m, const char *a, const char *b, char *buf,
                    size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < m->ncol; i++) {
        if (!m->pk[i])
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s.\"%s\" = %s.\"%s\"", n ? " AND " : "", a, m->col[i], b,
                 m->col[i]);
    }
}

static enum ll_status run_scoped(struct ll_db *db, const char *sql, const struct sync_scope *s,
                                 struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sync_scope_bind(st, s);
    return sql_run(db, st, err);
}

/* A station's own station row goes up with its address, contact and hours only, and only once
 * the township has it: the other columns are put back as the snapshot has them. */
static enum ll_status keep_station_identity(struct ll_db *db, const struct table_meta *m,
                                            struct ll_error *err)
{
    const char *allowed = m->rule->station_columns;
    char set[2048] = "", get[2048] = "";
    for (int i = 0; i < m->ncol; i++) {
        if (m->pk[i])
            continue;
        char word[40];
        snprintf(word, sizeof word, " %s ", m->col[i]);
        char padded[256];
        snprintf(padded, sizeof padded, " %s ", allowed);
        if (strstr(padded, word))
            continue;
        size_t n = strlen(set), k = strlen(get);
        snprintf(set + n, sizeof set - n, "%s\"%s\"", n ? ", " : "", m->col[i]);
        snprintf(get + k, sizeof get - k, "%ss.\"%s\"", k ? ", " : "", m->col[i]);
    }
    char sql[4600];
    snprintf(sql, sizeof sql,
             "UPDATE ext.station SET (%s) = (SELECT %s FROM snap.station s "
             "WHERE s.id = ext.station.id)",
             set, get);
    return sql_exec(db, sql, err);
}

/* ext holds, for each table, the rows the package should leave the peer with: this site's
 * version of the rows in scope, and the peer's version of the others it has (so that they
 * are not sent); a row in scope the peer has and this site no longer has is absent (sent as a
 * deletion). */
static enum ll_status build_extract(struct ll_db *db, const struct sync_scope *s, bool writable,
                                    struct ll_error *err)
{
    for (int t = 0; t < SYNC_TABLE_COUNT; t++) {
        struct table_meta m;
        if (table_meta_read(db, &sync_tables[t], &m, err) != LL_OK)
            return err->status;
        const char *name = m.rule->name;
        char cols[2048], rcols[2048], ddl[4096], join_e[1024], join_m[1024], cond[1024];
        table_meta_columns(&m, "", cols, sizeof cols);
        table_meta_columns(&m, "r", rcols, sizeof rcols);
        pk_join(&m, "e", "r", join_e, sizeof join_e);
        pk_join(&m, "m", "r", join_m, sizeof join_m);
        bool own_station = writable && s->kind == SCOPE_STATION && m.rule->station_columns &&
                           m.rule->station_columns[0];
        snprintf(cond, sizeof cond, "%s%s", sync_scope_cond(m.rule, s, writable),
                 own_station ? " AND r.id IN (SELECT id FROM snap.station)" : "");
        char key[512] = "";
        for (int place = 1; place <= m.ncol; place++)
            for (int i = 0; i < m.ncol; i++)
                if (m.pk[i] == place) {
                    size_t n = strlen(key);
                    snprintf(key + n, sizeof key - n, "%s\"%s\"", n ? ", " : "", m.col[i]);
                }
        snprintf(ddl, sizeof ddl, "CREATE TABLE ext.\"%s\" (%s, PRIMARY KEY (%s))", name, cols,
                 key);
        char *ins = sqlite3_mprintf("INSERT INTO ext.\"%w\" SELECT %s FROM main.\"%w\" AS r "
                                    "WHERE %s",
                                    name, rcols, name, cond);
        /* sent down: a record the peer has that is no longer its (moved to another township or
         * station) goes as it is now, so that the peer knows it left */
        char *moved =
            writable ? sqlite3_mprintf("SELECT 1")
                     : sqlite3_mprintf("INSERT INTO ext.\"%w\" SELECT %s FROM main.\"%w\" AS r "
                                       "WHERE NOT EXISTS (SELECT 1 FROM ext.\"%w\" AS e WHERE %s) "
                                       "AND EXISTS (SELECT 1 FROM snap.\"%w\" AS m WHERE %s)",
                                       name, rcols, name, name, join_e, name, join_m);
        char *keep =
            sqlite3_mprintf("INSERT INTO ext.\"%w\" SELECT %s FROM snap.\"%w\" AS r "
                            "WHERE NOT EXISTS (SELECT 1 FROM ext.\"%w\" AS e WHERE %s) "
                            "AND (EXISTS (SELECT 1 FROM main.\"%w\" AS m WHERE %s) OR NOT (%s))",
                            name, rcols, name, name, join_e, name, join_m, cond);
        enum ll_status st = LL_OK;
        if (!ins || !keep || !moved)
            st = ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        if (st == LL_OK)
            st = sql_exec(db, ddl, err);
        if (st == LL_OK)
            st = run_scoped(db, ins, s, err);
        if (st == LL_OK && own_station)
            st = keep_station_identity(db, &m, err);
        if (st == LL_OK)
            st = run_scoped(db, moved, s, err);
        if (st == LL_OK)
            st = run_scoped(db, keep, s, err);
        sqlite3_free(moved);
        sqlite3_free(ins);
        sqlite3_free(keep);
        if (st != LL_OK)
            return st;
    }
    return LL_OK;
}

static enum ll_status diff_extract(struct ll_db *db, void **changeset, int *n, struct ll_error *err)
{
    sqlite3_session *s = NULL;
    *changeset = NULL;
    *n = 0;
    if (sqlite3session_create(db->h, "ext", &s) != SQLITE_OK)
        return sql_fail(db, err);
    int rc = SQLITE_OK;
    for (int t = 0; rc == SQLITE_OK && t < SYNC_TABLE_COUNT; t++) {
        char *msg = NULL;
        rc = sqlite3session_attach(s, sync_tables[t].name);
        if (rc == SQLITE_OK)
            rc = sqlite3session_diff(s, "snap", sync_tables[t].name, &msg);
        if (rc != SQLITE_OK)
            ll_error_set(err, LL_EDB, _("无法比较 %s 与同步快照：%s"), sync_tables[t].name,
                         msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
    }
    if (rc == SQLITE_OK && sqlite3session_changeset(s, n, changeset) != SQLITE_OK)
        rc = SQLITE_ERROR, sql_fail(db, err);
    sqlite3session_delete(s);
    return rc == SQLITE_OK ? LL_OK : err->status;
}

/* Counts the changes of a changeset this program just made. */
static int count_changes(void *changeset, int n)
{
    sqlite3_changeset_iter *it;
    int count = 0;
    if (n == 0 || sqlite3changeset_start(&it, n, changeset) != SQLITE_OK)
        return 0;
    while (sqlite3changeset_next(it) == SQLITE_ROW)
        count++;
    sqlite3changeset_finalize(it);
    return count;
}

static enum ll_status write_package(const char *path, const unsigned char *buf, size_t len,
                                    struct ll_error *err)
{
    struct file_replace target;
    if (file_replace_open(&target, path, err) != LL_OK)
        return err->status;
    enum ll_status st = fwrite(buf, 1, len, target.f) == len
                            ? LL_OK
                            : ll_error_set(err, LL_EIO, _("写入 %s 失败（磁盘满了？）。"), path);
    return file_replace_close(&target, path, st, err);
}

static enum ll_status record_export(struct ll_db *db, const struct peer_row *p, long long seq,
                                    const char *file, int changes, const void *package, size_t n,
                                    struct ll_error *err)
{
    char now[25];
    time_now_iso(now);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(db, "UPDATE sync_peer SET out_seq = :seq WHERE id = :id", err);
    if (st) {
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), seq);
        sql_bind_text(st, ":id", p->pub.id);
    }
    if (!st || sql_run(db, st, err) != LL_OK)
        goto fail;
    st = sql_prepare(db,
                     "INSERT INTO sync_history(peer_id, direction, seq, at, operator, file, "
                     "changes, package) VALUES (:peer, 'out', :seq, :at, :op, :file, :changes, "
                     ":package)",
                     err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":peer", p->pub.id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), seq);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":op", db->operator_name);
    sql_bind_text(st, ":file", file);
    sql_bind_int(st, ":changes", changes);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":package"), package, (int)n,
                      SQLITE_STATIC);
    if (sql_run(db, st, err) != LL_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return err->status;
}

static const char *tail8(const char *id)
{
    size_t n = strlen(id);
    return n > 8 ? id + n - 8 : id;
}

/* A folder gets a file named after the two sites and the number. */
static void package_path(const char *path, const struct peer_row *p, const char *me, long long seq,
                         char *out, size_t size)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        /* the ids' last characters: their first ones are a time, the same for many sites */
        snprintf(out, size, "%s%slianluo-%s-to-%s-%04lld.llsync", path,
                 path[strlen(path) - 1] == '/' ? "" : "/", tail8(me),
                 tail8(p->pub.site_id[0] ? p->pub.site_id : p->pub.id), seq);
    else
        snprintf(out, size, "%s", path);
}

enum ll_status sync_export(struct ll_db *db, const struct ll_config *cfg, const char *peer_id,
                           const char *path, struct sync_export_result *res, struct ll_error *err)
{
    struct peer_row p;
    struct sync_scope scope;
    bool writable;
    char snap[4200];
    memset(res, 0, sizeof *res);
    if (peer_row_get(db, peer_id, &p, err) != LL_OK ||
        peer_send_scope(db, cfg, &p, &scope, &writable, err) != LL_OK ||
        snapshot_catch_up(db, &p, err) != LL_OK ||
        snapshot_path(db, p.pub.id, snap, sizeof snap, err) != LL_OK)
        return err->status;
    char *attach = sqlite3_mprintf("ATTACH %Q AS snap; ATTACH '' AS ext;", snap);
    void *changeset = NULL;
    int n = 0;
    enum ll_status st =
        attach ? sql_exec(db, attach, err) : ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    sqlite3_free(attach);
    if (st == LL_OK)
        st = build_extract(db, &scope, writable, err);
    if (st == LL_OK)
        st = diff_extract(db, &changeset, &n, err);
    sqlite3_exec(db->h, "DETACH ext", NULL, NULL, NULL);
    sqlite3_exec(db->h, "DETACH snap", NULL, NULL, NULL);
    if (st != LL_OK) {
        sqlite3_free(changeset);
        return st;
    }

    struct sync_frame f;
    memset(&f, 0, sizeof f);
    memcpy(f.key_id, p.key_id, sizeof f.key_id);
    snprintf(f.sender, sizeof f.sender, "%s", db_site_id(db));
    snprintf(f.receiver, sizeof f.receiver, "%s", p.pub.site_id);
    if (!p.pub.upper)
        snprintf(f.receiver_scope, sizeof f.receiver_scope, "%s",
                 p.pub.role == SITE_STATION ? p.station_id : p.township_id);
    f.seq = (uint64_t)p.pub.out_seq + 1;
    f.schema = LL_SYNC_WRITTEN;
    f.changes = (uint32_t)count_changes(changeset, n);
    f.sender_role = (uint8_t)cfg->role;
    snprintf(f.sender_name, sizeof f.sender_name, "%s", cfg->site_name);
    char now[25];
    time_now_iso(now);
    snprintf(f.made_at, sizeof f.made_at, "%.19sZ", now);
    f.payload = changeset;
    f.payload_len = (size_t)n;
    unsigned char *pkg = NULL;
    size_t len = 0;
    package_path(path, &p, db_site_id(db), (long long)f.seq, res->file, sizeof res->file);
    st = sync_frame_build(&f, p.key, &pkg, &len, err);
    /* the package is recorded (its number taken, its bytes kept) before it is written: a file
     * whose number was never recorded would be given again to the next package */
    if (st == LL_OK)
        st = record_export(db, &p, (long long)f.seq, res->file, (int)f.changes, pkg, len, err);
    enum ll_status written = LL_OK;
    struct ll_error why = {0};
    if (st == LL_OK)
        written = write_package(res->file, pkg, len, &why);
    free(pkg);
    if (st == LL_OK)
        st = snapshot_apply(db, snap, changeset, n, "out_seq", (long long)f.seq, err);
    sqlite3_free(changeset);
    if (st == LL_OK && written != LL_OK)
        st = ll_error_set(err, written,
                          _("第 %lld 号同步包已记下，但没能写出：%s请换一个位置（或插好 U 盘），在"
                            "同步收发记录中把它重新写出（或用 sync export --again %lld）。"),
                          (long long)f.seq, why.msg, (long long)f.seq);
    if (st == LL_OK) {
        res->seq = (long long)f.seq;
        res->changes = (int)f.changes;
    }
    return st;
}

enum ll_status sync_resend(struct ll_db *db, const char *peer_id, long long seq, const char *path,
                           struct sync_export_result *res, struct ll_error *err)
{
    struct peer_row p;
    memset(res, 0, sizeof *res);
    if (peer_row_get(db, peer_id, &p, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT package, changes FROM sync_history WHERE peer_id = "
                                   ":peer AND direction = 'out' AND seq = :seq",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":peer", peer_id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), seq);
    enum ll_status rc;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = ll_error_set(err, LL_ENOTFOUND, _("本机没有发给这个站点的第 %lld 号包。"), seq);
    else {
        package_path(path, &p, db_site_id(db), seq, res->file, sizeof res->file);
        rc = write_package(res->file, sqlite3_column_blob(st, 0),
                           (size_t)sqlite3_column_bytes(st, 0), err);
        res->seq = seq;
        res->changes = sqlite3_column_int(st, 1);
    }
    sql_done(db, st);
    return rc;
}
