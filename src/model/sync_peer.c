/* Pairings with other sites, their scopes, and the history of packages (see lianluo/sync.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sync_internal.h"

#define PEER_COLUMNS                                                                               \
    "p.id, p.relation, p.role, p.site_id, p.name, p.township_id, p.station_id, p.out_seq, "        \
    "p.in_seq, p.auth_key, p.key_id, p.in_tag, "                                                   \
    "coalesce((SELECT max(at) FROM sync_history h WHERE h.peer_id = p.id AND direction = 'out'), " \
    "''), "                                                                                        \
    "coalesce((SELECT max(at) FROM sync_history h WHERE h.peer_id = p.id AND direction = 'in'), "  \
    "''), "                                                                                        \
    "CASE p.role WHEN 'station' THEN coalesce((SELECT t.name || ' ' || s.name FROM station s "     \
    "JOIN "                                                                                        \
    "township t ON t.id = s.township_id WHERE s.id = p.station_id), p.scope_label) "               \
    "WHEN 'township' THEN coalesce((SELECT name FROM township WHERE id = p.township_id), "         \
    "p.scope_label) ELSE p.scope_label END "

static void copy_blob(sqlite3_stmt *st, int col, unsigned char *out, size_t n, bool *present)
{
    const void *b = sqlite3_column_blob(st, col);
    size_t len = (size_t)sqlite3_column_bytes(st, col);
    if (present)
        *present = b && len == n;
    memset(out, 0, n);
    if (b)
        memcpy(out, b, len < n ? len : n);
}

static void read_peer(sqlite3_stmt *st, struct peer_row *p)
{
    char relation[16], role[16];
    memset(p, 0, sizeof *p);
    sql_column_text(st, 0, p->pub.id, sizeof p->pub.id);
    sql_column_text(st, 1, relation, sizeof relation);
    sql_column_text(st, 2, role, sizeof role);
    p->pub.upper = strcmp(relation, "upper") == 0;
    site_role_parse(role, &p->pub.role);
    sql_column_text(st, 3, p->pub.site_id, sizeof p->pub.site_id);
    sql_column_text(st, 4, p->pub.name, sizeof p->pub.name);
    sql_column_text(st, 5, p->township_id, sizeof p->township_id);
    sql_column_text(st, 6, p->station_id, sizeof p->station_id);
    p->pub.out_seq = sqlite3_column_int64(st, 7);
    p->pub.in_seq = sqlite3_column_int64(st, 8);
    copy_blob(st, 9, p->key, sizeof p->key, NULL);
    copy_blob(st, 10, p->key_id, sizeof p->key_id, NULL);
    copy_blob(st, 11, p->in_tag, sizeof p->in_tag, &p->has_in_tag);
    sql_column_text(st, 12, p->pub.last_out, sizeof p->pub.last_out);
    sql_column_text(st, 13, p->pub.last_in, sizeof p->pub.last_in);
    sql_column_text(st, 14, p->pub.scope_name, sizeof p->pub.scope_name);
}

static enum ll_status peer_query(struct ll_db *db, const char *where, const void *blob, size_t n,
                                 const char *text, struct peer_row *p, struct ll_error *err)
{
    char sql[2048];
    snprintf(sql, sizeof sql, "SELECT " PEER_COLUMNS "FROM sync_peer p WHERE %s", where);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    if (blob)
        sqlite3_bind_blob(st, 1, blob, (int)n, SQLITE_STATIC);
    else
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_peer(st, p);
    sql_done(db, st);
    if (rc == SQLITE_ROW)
        return LL_OK;
    return rc == SQLITE_DONE ? ll_error_set(err, LL_ENOTFOUND, _("没有这个配对站点。"))
                             : sql_fail(db, err);
}

enum ll_status peer_row_get(struct ll_db *db, const char *id, struct peer_row *p,
                            struct ll_error *err)
{
    return peer_query(db, "p.id = ?1", NULL, 0, id, p, err);
}

enum ll_status peer_row_by_key_id(struct ll_db *db, const unsigned char key_id[SYNC_KEY_ID_LEN],
                                  struct peer_row *p, struct ll_error *err)
{
    return peer_query(db, "p.key_id = ?1", key_id, SYNC_KEY_ID_LEN, NULL, p, err);
}

enum ll_status sync_peer_get(struct ll_db *db, const char *id, struct sync_peer *out,
                             struct ll_error *err)
{
    struct peer_row p;
    if (peer_row_get(db, id, &p, err) != LL_OK)
        return err->status;
    *out = p.pub;
    return LL_OK;
}

enum ll_status sync_peer_list(struct ll_db *db, void (*cb)(void *ctx, const struct sync_peer *p),
                              void *ctx, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT " PEER_COLUMNS "FROM sync_peer p "
                                   "ORDER BY p.relation = 'lower', p.created_at, p.id",
                                   err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct peer_row p;
        read_peer(st, &p);
        cb(ctx, &p.pub);
    }
    sql_done(db, st);
    return rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

struct find_ctx {
    const char *what;
    struct sync_peer found;
    int matches;
};

static void find_one(void *ctx, const struct sync_peer *p)
{
    struct find_ctx *f = ctx;
    size_t n = strlen(f->what);
    const char *scope = strrchr(p->scope_name, ' ') ? strrchr(p->scope_name, ' ') + 1 : "";
    if (strcmp(p->name, f->what) == 0 || strcmp(p->scope_name, f->what) == 0 ||
        strcmp(scope, f->what) == 0 ||
        (n >= 4 && n <= strlen(p->id) && strcmp(p->id + strlen(p->id) - n, f->what) == 0) ||
        (strcmp(f->what, "upper") == 0 && p->upper)) {
        f->found = *p;
        f->matches++;
    }
}

enum ll_status sync_peer_find(struct ll_db *db, const char *what, struct sync_peer *out,
                              struct ll_error *err)
{
    struct find_ctx f = {.what = what};
    if (sync_peer_list(db, find_one, &f, err) != LL_OK)
        return err->status;
    if (f.matches == 0)
        return ll_error_set(err, LL_ENOTFOUND,
                            _("没有名为「%s」的配对站点。用 lianluo sync peers 查看已配对的站点。"),
                            what);
    if (f.matches > 1)
        return ll_error_set(err, LL_ECONFLICT,
                            _("有 %d 个配对站点都叫「%s」，请写出编号（sync peers 列出）。"),
                            f.matches, what);
    *out = f.found;
    return LL_OK;
}

static enum ll_status insert_peer(struct ll_db *db, bool upper, enum site_role role,
                                  const char *township_id, const char *station_id,
                                  const char *label, const char *code, struct sync_peer *out,
                                  struct ll_error *err)
{
    unsigned char key[SYNC_KEY_LEN];
    uint8_t key_id[SYNC_KEY_ID_LEN];
    char id[LL_ID_LEN], now[25];
    if (sync_code_key(code, key, key_id, err) != LL_OK || sql_new_id(id, err) != LL_OK)
        return err->status;
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(
        db,
        "INSERT INTO sync_peer(id, relation, role, township_id, station_id, scope_label, "
        "auth_key, key_id, created_at) VALUES (:id, :rel, :role, :t, :s, :label, :key, :kid, :now)",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    sql_bind_text(st, ":rel", upper ? "upper" : "lower");
    sql_bind_text(st, ":role", site_role_name(role));
    sql_bind_text(st, ":t", township_id);
    sql_bind_text(st, ":s", station_id);
    sql_bind_text(st, ":label", label);
    sql_bind_text(st, ":now", now);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":key"), key, sizeof key,
                      SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":kid"), key_id, sizeof key_id,
                      SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sql_done(db, st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return ll_error_set(err, LL_ECONFLICT, _("这个配对码已经用过了：本机已有这个配对。"));
    if (rc != SQLITE_DONE)
        return sql_fail(db, err);
    return sync_peer_get(db, id, out, err);
}

enum ll_status sync_pair_lower(struct ll_db *db, enum site_role my_role, const char *township_name,
                               const char *station_id, char code[SYNC_CODE_LEN + 1],
                               struct sync_peer *out, struct ll_error *err)
{
    char township_id[LL_ID_LEN] = "", label[160] = "";
    if (my_role == SITE_STATION)
        return ll_error_set(
            err, LL_EINVAL,
            _("联络站没有下级站点：联络站的电脑只与乡镇配对（输入乡镇给的配对码）。"));
    if (my_role == SITE_COUNTY) {
        if (!township_name || !township_name[0])
            return ll_error_set(err, LL_EINVAL, _("请写明要配对的乡镇。"));
        snprintf(label, sizeof label, "%s", township_name);
        sqlite3_stmt *st = sql_prepare(db, "SELECT id FROM township WHERE name = :n", err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":n", township_name);
        if (sqlite3_step(st) == SQLITE_ROW)
            sql_column_text(st, 0, township_id, sizeof township_id);
        sql_done(db, st);
    } else {
        sqlite3_stmt *st =
            sql_prepare(db,
                        "SELECT s.township_id, t.name || ' ' || s.name FROM station s "
                        "JOIN township t ON t.id = s.township_id WHERE s.id = :id",
                        err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", station_id ? station_id : "");
        if (sqlite3_step(st) == SQLITE_ROW) {
            sql_column_text(st, 0, township_id, sizeof township_id);
            sql_column_text(st, 1, label, sizeof label);
        }
        sql_done(db, st);
        if (!township_id[0])
            return ll_error_set(err, LL_EINVAL, _("请选择要配对的联络站。"));
    }
    if (sync_code_new(code, err) != LL_OK)
        return err->status;
    return insert_peer(db, false, my_role == SITE_COUNTY ? SITE_TOWNSHIP : SITE_STATION,
                       township_id, my_role == SITE_COUNTY ? "" : station_id, label, code, out,
                       err);
}

enum ll_status sync_pair_upper(struct ll_db *db, enum site_role my_role, const char *code,
                               struct sync_peer *out, struct ll_error *err)
{
    if (my_role == SITE_COUNTY)
        return ll_error_set(err, LL_EINVAL,
                            _("县级没有上级站点：请在县里为各乡镇生成配对码（新增下级）。"));
    if (sync_code_check(code, err) != LL_OK)
        return err->status;
    if (my_role == SITE_STATION) {
        /* records made here before pairing carry ids the township does not know: they could
         * never be sent, and the township's would come in beside them */
        int own = 0;
        sqlite3_stmt *q = sql_prepare(
            db,
            "SELECT (SELECT count(*) FROM station WHERE site_id = :me) + (SELECT count(*) FROM "
            "township WHERE site_id = :me)",
            err);
        if (q)
            sql_bind_text(q, ":me", db->site_id);
        if (!q || sql_int(db, q, &own, err) != LL_OK)
            return err->status;
        if (own > 0)
            return ll_error_set(
                err, LL_ECONFLICT,
                _("这台电脑的数据库里已有本机自己建立的乡镇或联络站记录（%d 个）。它们和其下的台账"
                  "不是乡镇发来的，配对后无法与乡镇的记录合在一起。请用一个新的数据库文件配对"
                  "（如 lianluo --db 新文件），导入乡镇的第一个包；原来的台账请交乡镇录入或"
                  "导出后保存。"),
                own);
    }
    struct peer_row existing;
    struct ll_error ignored = {0};
    if (peer_query(db, "p.relation = ?1", NULL, 0, "upper", &existing, &ignored) == LL_OK)
        return existing.pub.name[0]
                   ? ll_error_set(err, LL_ECONFLICT,
                                  _("本机已与上级站点「%s」配对；要换一个上级，请先删除原来的"
                                    "配对。"),
                                  existing.pub.name)
                   : ll_error_set(err, LL_ECONFLICT,
                                  _("本机已与上级站点配对（还没有收到它的包）；要换一个上级，"
                                    "请先在“同步”中删除原来的配对。"));
    return insert_peer(db, true, my_role == SITE_STATION ? SITE_TOWNSHIP : SITE_COUNTY, "", "", "",
                       code, out, err);
}

enum ll_status sync_peer_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    char path[4200];
    if (snapshot_path(db, id, path, sizeof path, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(db, "DELETE FROM sync_peer WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    if (sql_run(db, st, err) != LL_OK)
        return err->status;
    unlink(path);
    return LL_OK;
}

/* This site's own township or station, by the names in its settings (before its upper site
 * has said which it is). */
static void own_scope_by_name(struct ll_db *db, const struct ll_config *cfg, struct sync_scope *s)
{
    sqlite3_stmt *st =
        sql_prepare(db,
                    s->kind == SCOPE_TOWNSHIP
                        ? "SELECT id FROM township WHERE name = :t"
                        : "SELECT s.id FROM station s JOIN township t ON t.id = s.township_id "
                          "WHERE s.name = :s AND (:t = '' OR t.name = :t)",
                    NULL);
    if (!st)
        return;
    sql_bind_text(st, ":t", cfg->township);
    sql_bind_text(st, ":s", cfg->station);
    char id[LL_ID_LEN] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, id, sizeof id);
    /* a second row: the name is not enough to tell which */
    if (sqlite3_step(st) == SQLITE_ROW)
        id[0] = '\0';
    sql_done(db, st);
    snprintf(s->kind == SCOPE_TOWNSHIP ? s->township_id : s->station_id, LL_ID_LEN, "%s", id);
}

enum ll_status peer_send_scope(struct ll_db *db, const struct ll_config *cfg,
                               const struct peer_row *p, struct sync_scope *s, bool *writable,
                               struct ll_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->township_id, sizeof s->township_id, "%s", p->township_id);
    snprintf(s->station_id, sizeof s->station_id, "%s", p->station_id);
    *writable = p->pub.upper;
    if (p->pub.upper) {
        /* what this site may change: as its upper site assigned it, else as its settings say */
        s->kind = p->pub.role == SITE_COUNTY ? SCOPE_TOWNSHIP : SCOPE_STATION;
        if ((s->kind == SCOPE_TOWNSHIP && !s->township_id[0]) ||
            (s->kind == SCOPE_STATION && !s->station_id[0]))
            own_scope_by_name(db, cfg, s);
        if (s->kind == SCOPE_TOWNSHIP && !s->township_id[0])
            return ll_error_set(
                err, LL_EINVAL,
                _("本机还不知道自己是哪个乡镇：请在“本机设置”中填写本乡镇（数据库中要有这个"
                  "乡镇），或先导入县里发来的第一个同步包。"));
        if (s->kind == SCOPE_STATION && !s->station_id[0])
            return ll_error_set(
                err, LL_EINVAL,
                _("本机还不知道自己是哪个联络站：请先导入乡镇发来的第一个同步包（它带来本站的"
                  "记录），或在“本机设置”中选择本联络站。"));
    } else {
        s->kind = p->pub.role == SITE_TOWNSHIP ? SCOPE_TOWNSHIP : SCOPE_STATION;
        if (s->kind == SCOPE_TOWNSHIP && !s->township_id[0])
            return ll_error_set(
                err, LL_EINVAL,
                _("乡镇「%s」还不在本机的数据库里：请先导入它发来的第一个包，再给它导出。"),
                p->pub.scope_name);
    }
    return sync_scope_complete(db, s, err);
}

enum ll_status peer_change_scope(struct ll_db *db, const struct peer_row *p, struct sync_scope *s,
                                 struct ll_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->township_id, sizeof s->township_id, "%s", p->township_id);
    snprintf(s->station_id, sizeof s->station_id, "%s", p->station_id);
    if (p->pub.upper)
        s->kind = p->pub.role == SITE_COUNTY ? SCOPE_ALL : SCOPE_TOWNSHIP;
    else
        s->kind = p->pub.role == SITE_TOWNSHIP ? SCOPE_TOWNSHIP : SCOPE_STATION;
    if (p->pub.upper && s->kind == SCOPE_TOWNSHIP && !s->township_id[0] && s->station_id[0]) {
        struct sync_scope st = {.kind = SCOPE_STATION};
        snprintf(st.station_id, sizeof st.station_id, "%s", s->station_id);
        if (sync_scope_complete(db, &st, err) != LL_OK)
            return err->status;
        snprintf(s->township_id, sizeof s->township_id, "%s", st.township_id);
    }
    return sync_scope_complete(db, s, err);
}

enum ll_status sync_history_list(struct ll_db *db, int limit,
                                 void (*cb)(void *ctx, const struct sync_history_row *h), void *ctx,
                                 struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(
        db,
        "SELECT h.id, coalesce(nullif(p.name, ''), p.scope_label, ''), h.direction, h.seq, h.at, "
        "h.file, h.changes, h.conflicts, h.summary, h.peer_id FROM sync_history h "
        "LEFT JOIN sync_peer p ON p.id = h.peer_id ORDER BY h.id DESC LIMIT :limit",
        err);
    if (!st)
        return err->status;
    sql_bind_int(st, ":limit", limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct sync_history_row h;
        memset(&h, 0, sizeof h);
        h.id = sqlite3_column_int64(st, 0);
        sql_column_text(st, 1, h.peer_name, sizeof h.peer_name);
        sql_column_text(st, 2, h.direction, sizeof h.direction);
        h.seq = sqlite3_column_int64(st, 3);
        sql_column_text(st, 4, h.at, sizeof h.at);
        sql_column_text(st, 5, h.file, sizeof h.file);
        h.changes = sqlite3_column_int(st, 6);
        h.conflicts = sqlite3_column_int(st, 7);
        sql_column_text(st, 8, h.summary, sizeof h.summary);
        sql_column_text(st, 9, h.peer_id, sizeof h.peer_id);
        cb(ctx, &h);
    }
    sql_done(db, st);
    return rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}
