#include "lianluo/township.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"
#include "lianluo/validate.h"
#include "model/sql.h"

static void township_read(sqlite3_stmt *st, struct township *t)
{
    memset(t, 0, sizeof *t);
    sql_column_text(st, 0, t->id, sizeof t->id);
    sql_column_text(st, 1, t->name, sizeof t->name);
    t->sort_order = sqlite3_column_int(st, 2);
}

enum ll_status township_list(struct ll_db *db, int (*cb)(void *ctx, const struct township *t),
                             void *ctx, struct ll_error *err)
{
    sqlite3_stmt *st =
        sql_prepare(db, "SELECT id, name, sort_order FROM township ORDER BY sort_order, name", err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct township t;
        township_read(st, &t);
        if (cb(ctx, &t))
            break;
    }
    enum ll_status status = LL_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

static enum ll_status township_get_by(struct ll_db *db, const char *sql, const char *value,
                                      struct township *out, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":v", value);
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    if (rc == SQLITE_ROW)
        township_read(st, out);
    else if (rc == SQLITE_DONE)
        status = ll_error_set(err, LL_ENOTFOUND, _("没有名为「%s」的乡镇。"), value);
    else
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status township_get(struct ll_db *db, const char *id, struct township *out,
                            struct ll_error *err)
{
    return township_get_by(db, "SELECT id, name, sort_order FROM township WHERE id = :v", id, out,
                           err);
}

enum ll_status township_find(struct ll_db *db, const char *name, struct township *out,
                             struct ll_error *err)
{
    char trimmed[64];
    snprintf(trimmed, sizeof trimmed, "%s", name);
    text_trim(trimmed);
    return township_get_by(db, "SELECT id, name, sort_order FROM township WHERE name = :v", trimmed,
                           out, err);
}

enum ll_status township_ensure(struct ll_db *db, const char *name, struct township *out,
                               struct ll_error *err)
{
    char trimmed[64];
    if (strlen(name) >= sizeof trimmed)
        return ll_error_field(err, "township_id", _("乡镇名称最多 %d 个字。"), 20);
    snprintf(trimmed, sizeof trimmed, "%s", name);
    text_trim(trimmed);
    if (!trimmed[0])
        return ll_error_field(err, "township_id", _("乡镇名称不能为空。"));
    if (!text_field_valid(trimmed, 20))
        return ll_error_field(err, "township_id", _("乡镇名称最多 %d 个字，且不能含控制字符。"),
                              20);
    struct ll_error ignored;
    if (township_find(db, trimmed, out, &ignored) == LL_OK)
        return LL_OK;
    char now[25];
    memset(out, 0, sizeof *out);
    if (sql_new_id(out->id, err) != LL_OK)
        return err->status;
    time_now_iso(now);
    snprintf(out->name, sizeof out->name, "%s", trimmed);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(
        db,
        "INSERT INTO township(id, site_id, name, sort_order, created_at, updated_at) VALUES "
        "(:id, :site, :name, (SELECT coalesce(max(sort_order), 0) + 1 FROM township), :now, :now)",
        err);
    if (!st) {
        db_rollback(db);
        return err->status;
    }
    sql_bind_text(st, ":id", out->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":name", out->name);
    sql_bind_text(st, ":now", now);
    if (sql_run(db, st, err) != LL_OK ||
        audit_record(db, "township", out->id, "insert", out->name, err) != LL_OK) {
        db_rollback(db);
        return err->status;
    }
    if (db_commit(db, err) != LL_OK)
        return err->status;
    return township_find(db, trimmed, out, err);
}
