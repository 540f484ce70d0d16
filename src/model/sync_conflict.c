/* Conflicts found by sync imports: list them, take the version that was not kept, or dismiss
 * them (see lianluo/sync.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/deputy.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "model/sync_internal.h"

/* Column names as the forms call them; columns not listed are not shown. */
static const struct {
    const char *col, *label;
} column_labels[] = {
    {"name", N_("名称")},
    {"kind", N_("类型")},
    {"village", N_("村")},
    {"address", N_("地址")},
    {"admin_name", N_("管理员")},
    {"admin_phone", N_("电话")},
    {"hours", N_("开放时间")},
    {"note", N_("备注")},
    {"item", N_("项目")},
    {"done", N_("已达标")},
    {"done_date", N_("达标日期")},
    {"phone", N_("电话")},
    {"gender", N_("性别")},
    {"ethnicity", N_("民族")},
    {"birth", N_("出生年月")},
    {"party", N_("党派")},
    {"workplace", N_("工作单位")},
    {"post", N_("职务")},
    {"term", N_("届次")},
    {"level", N_("层级")},
    {"held_on", N_("日期")},
    {"held_at", N_("时间")},
    {"people", N_("接待人次")},
    {"place", N_("地点")},
    {"summary", N_("内容摘要")},
    {"deputy_names", N_("到场代表")},
    {"raised_on", N_("反映日期")},
    {"raiser_name", N_("反映人")},
    {"raiser_village", N_("反映人村组")},
    {"category", N_("类别")},
    {"description", N_("问题内容")},
    {"deputy_name", N_("承办代表")},
    {"unit", N_("交办单位")},
    {"status", N_("状态")},
    {"status_on", N_("状态日期")},
    {"closed_on", N_("办结日期")},
    {"reply", N_("答复")},
    {"feedback", N_("群众评价")},
    {"on_date", N_("日期")},
    {"to_status", N_("办理后状态")},
    {"updated_at", N_("修改时间")},
};

static const char *column_label(const char *col)
{
    for (size_t i = 0; i < sizeof column_labels / sizeof column_labels[0]; i++)
        if (strcmp(column_labels[i].col, col) == 0)
            return _(column_labels[i].label);
    return NULL;
}

/* A stored code as the screens say it: 接待群众 for reception, 是 for 1 … */
static const char *value_label(const char *table, const char *col, const char *v, char *buf,
                               size_t size)
{
    if (strcmp(col, "kind") == 0 && strcmp(table, "ledger_entry") == 0) {
        enum ledger_kind k;
        return ledger_kind_parse(v, &k) ? ledger_kind_label(k) : v;
    }
    if (strcmp(col, "kind") == 0 && strcmp(table, "station") == 0) {
        enum station_kind k;
        return station_kind_parse(v, &k) ? station_kind_label(k) : v;
    }
    if (strcmp(col, "status") == 0 || strcmp(col, "to_status") == 0) {
        enum problem_status st;
        return problem_status_parse(v, &st) ? problem_status_label(st) : v;
    }
    if (strcmp(col, "category") == 0) {
        enum problem_category c;
        return problem_category_parse(v, &c) ? problem_category_label(c) : v;
    }
    if (strcmp(col, "feedback") == 0) {
        for (int f = 0; f < PROBLEM_FEEDBACK_COUNT; f++)
            if (strcmp(problem_feedback_code((enum problem_feedback)f), v) == 0)
                return problem_feedback_label((enum problem_feedback)f);
        return v;
    }
    if (strcmp(col, "level") == 0) {
        for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++)
            if (strcmp(deputy_level_code((enum deputy_level)l), v) == 0)
                return deputy_level_label((enum deputy_level)l);
        return v;
    }
    if (strcmp(col, "gender") == 0) {
        enum gender g;
        return gender_parse(v, &g) ? gender_label(g) : v;
    }
    if (strcmp(col, "done") == 0)
        return strcmp(v, "1") == 0 ? _("是") : _("否");
    if (strcmp(col, "item") == 0) {
        int i = atoi(v);
        return i >= 0 && i < STATION_HAVE_COUNT ? station_have_label((enum station_have)i) : v;
    }
    if (strcmp(col, "updated_at") == 0 && strlen(v) >= 16) {
        /* when it was saved: 2026-11-29 09:00 (UTC, as stored) */
        snprintf(buf, size, "%.10s %.5s", v, v + 11);
        return buf;
    }
    return v;
}

/* "名称：张三；电话：139…" from the JSON of a version of a record of table. */
static void version_text(struct ll_db *db, const char *table, const char *json, char *out,
                         size_t size)
{
    out[0] = '\0';
    sqlite3_stmt *st = sql_prepare(db, "SELECT key, value FROM json_each(:j)", NULL);
    if (!st)
        return;
    sql_bind_text(st, ":j", json);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 0);
        const char *label = column_label(col);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        if (!label || !value || !value[0])
            continue;
        char buf[32];
        size_t n = strlen(out);
        /* TRANSLATORS: one field of a record: its name, then its value */
        snprintf(out + n, size - n, _("%s%s：%s"), n ? _("；") : "", label,
                 value_label(table, col, value, buf, sizeof buf));
    }
    sql_done(db, st);
}

static void explain(const char *kind, bool kept_here, char *out, size_t size)
{
    if (strcmp(kind, "both_edited") == 0)
        snprintf(out, size, "%s",
                 kept_here ? _("两边都改了这条记录：本机的修改较晚，保留本机的；对方的版本在下面")
                           : _("两边都改了这条记录：对方的修改较晚，已采用对方的；本机原来的版本"
                               "在下面"));
    else if (strcmp(kind, "deleted_here") == 0)
        snprintf(out, size, "%s",
                 _("本机删除了这条记录，对方却修改了它：记录仍删除；对方的版本在下面"));
    else if (strcmp(kind, "deleted_there") == 0)
        snprintf(out, size, "%s",
                 _("对方删除了这条记录，本机却修改了它：记录已删除；本机修改后的版本在下面"));
    else if (strcmp(kind, "superseded") == 0)
        snprintf(
            out, size, "%s",
            _("这条记录的冲突还没处理，对方又改了它：已采用对方的新版本；本机原来的版本在下面"));
    else if (strcmp(kind, "duplicate") == 0)
        snprintf(out, size, "%s",
                 _("对方的记录与本机的另一条记录重名或不合规定，没有导入；对方的版本在下面"));
    else
        snprintf(out, size, "%s",
                 _("这条记录引用了本机没有的记录（如另一乡镇的代表）：已导入，待对方的包补齐"));
}

enum ll_status sync_conflict_list(struct ll_db *db, int limit,
                                  void (*cb)(void *ctx, const struct sync_conflict *c), void *ctx,
                                  struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, at, table_name, label, kind, kept, other_version "
                                   "FROM sync_conflict WHERE resolved_at = '' "
                                   "ORDER BY at DESC, id LIMIT :limit",
                                   err);
    if (!st)
        return err->status;
    sql_bind_int(st, ":limit", limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct sync_conflict c;
        char table[32], kept[8], other[65536];
        memset(&c, 0, sizeof c);
        sql_column_text(st, 0, c.id, sizeof c.id);
        sql_column_text(st, 1, c.at, sizeof c.at);
        sql_column_text(st, 2, table, sizeof table);
        sql_column_text(st, 3, c.label, sizeof c.label);
        sql_column_text(st, 4, c.kind, sizeof c.kind);
        sql_column_text(st, 5, kept, sizeof kept);
        sql_column_text(st, 6, other, sizeof other);
        const struct sync_table *t = sync_table_named(table);
        snprintf(c.table_label, sizeof c.table_label, "%s", t ? _(t->label) : table);
        c.kept_here = strcmp(kept, "here") == 0;
        explain(c.kind, c.kept_here, c.explanation, sizeof c.explanation);
        if (other[0])
            version_text(db, table, other, c.other_version, sizeof c.other_version);
        cb(ctx, &c);
    }
    sql_done(db, st);
    return rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

static enum ll_status mark_resolved(struct ll_db *db, const char *id, struct ll_error *err)
{
    char now[25];
    time_now_iso(now);
    sqlite3_stmt *st =
        sql_prepare(db, "UPDATE sync_conflict SET resolved_at = :now WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":now", now);
    sql_bind_text(st, ":id", id);
    return sql_run(db, st, err);
}

enum ll_status sync_conflict_dismiss(struct ll_db *db, const char *id, struct ll_error *err)
{
    return mark_resolved(db, id, err);
}

/* Writes the version as a new edit: inserted when the record is gone, else updated. */
static enum ll_status write_version(struct ll_db *db, const struct table_meta *m, const char *json,
                                    struct ll_error *err)
{
    char cols[2048], vals[4096] = "", set[4096] = "", key[512] = "", sql[12000];
    table_meta_columns(m, "", cols, sizeof cols);
    for (int i = 0; i < m->ncol; i++) {
        size_t n = strlen(vals);
        if (strcmp(m->col[i], "updated_at") == 0)
            snprintf(vals + n, sizeof vals - n, "%s:now", i ? ", " : "");
        else
            snprintf(vals + n, sizeof vals - n, "%sjson_extract(:j, '$.\"%s\"')", i ? ", " : "",
                     m->col[i]);
        if (m->pk[i]) {
            n = strlen(key);
            snprintf(key + n, sizeof key - n, "%s\"%s\"", n ? ", " : "", m->col[i]);
        } else {
            n = strlen(set);
            snprintf(set + n, sizeof set - n, "%s\"%s\" = excluded.\"%s\"", n ? ", " : "",
                     m->col[i], m->col[i]);
        }
    }
    snprintf(sql, sizeof sql,
             "INSERT INTO main.\"%s\" (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s",
             m->rule->name, cols, vals, key, set);
    char now[25];
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":j", json);
    sql_bind_text(st, ":now", now);
    return sql_run(db, st, err);
}

/* The records that hung from a version ({"ledger_deputy": [row, …]}), each put back when it
 * still can be (a deputy who has left the roster since cannot be listed at the entry again). */
static enum ll_status write_children(struct ll_db *db, const char *children, struct ll_error *err)
{
    if (!children[0])
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT t.key, r.value FROM json_each(:c) AS t, json_each(t.value) AS r", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":c", children);
    enum ll_status rc = LL_OK;
    while (rc == LL_OK && sqlite3_step(st) == SQLITE_ROW) {
        const struct sync_table *rule = sync_table_named((const char *)sqlite3_column_text(st, 0));
        struct table_meta m;
        if (!rule || table_meta_read(db, rule, &m, err) != LL_OK)
            continue;
        struct ll_error ignored = {0};
        if (db_begin(db, err) != LL_OK) {
            rc = err->status;
            break;
        }
        if (write_version(db, &m, (const char *)sqlite3_column_text(st, 1), &ignored) == LL_OK)
            rc = db_commit(db, err);
        else
            db_rollback(db);
    }
    sql_done(db, st);
    return rc;
}

enum ll_status sync_conflict_take(struct ll_db *db, const char *id, struct ll_error *err)
{
    char table[32] = "", other[65536] = "", label[160] = "";
    static char children[1 << 18];
    children[0] = '\0';
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT table_name, other_version, label, children FROM sync_conflict WHERE id = :id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sql_column_text(st, 0, table, sizeof table);
        sql_column_text(st, 1, other, sizeof other);
        sql_column_text(st, 2, label, sizeof label);
        sql_column_text(st, 3, children, sizeof children);
    }
    sql_done(db, st);
    const struct sync_table *rule = sync_table_named(table);
    if (rc != SQLITE_ROW || !rule)
        return ll_error_set(err, LL_ENOTFOUND, _("没有这个冲突记录。"));
    if (!other[0])
        return ll_error_set(err, LL_EINVAL, _("另一方的版本是“删除”，没有可采用的记录内容。"));
    struct table_meta m;
    if (table_meta_read(db, rule, &m, err) != LL_OK)
        return err->status;
    /* a version of a record deleted here that the snapshot could not complete holds only the
     * columns the other site changed: it cannot stand as a record */
    int fields = 0;
    sqlite3_stmt *count = sql_prepare(db, "SELECT count(*) FROM json_each(:j)", err);
    if (count)
        sql_bind_text(count, ":j", other);
    if (!count || sql_int(db, count, &fields, err) != LL_OK)
        return err->status;
    if (fields < m.ncol)
        return ll_error_set(err, LL_EINVAL,
                            _("这个版本只有对方改动的部分，记录本身已在本机删除，不能整条采用。完整"
                              "的记录保存在对方的冲突列表中，可以在那里采用；也可以在本机照上面的"
                              "内容重新登记。"));
    if (db_begin(db, err) != LL_OK)
        return err->status;
    char record_id[LL_ID_LEN] = "", summary[256];
    sqlite3_stmt *q = sql_prepare(db, "SELECT coalesce(json_extract(:j, '$.id'), '')", err);
    if (q) {
        sql_bind_text(q, ":j", other);
        if (sqlite3_step(q) == SQLITE_ROW)
            sql_column_text(q, 0, record_id, sizeof record_id);
        sql_done(db, q);
    }
    snprintf(summary, sizeof summary, _("同步冲突：采用另一方的版本（%s）"), label);
    if (write_version(db, &m, other, err) != LL_OK || write_children(db, children, err) != LL_OK ||
        audit_record(db, table, record_id, "update", summary, err) != LL_OK ||
        mark_resolved(db, id, err) != LL_OK) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        db_rollback(db);
        return ll_error_set(err, err->status, _("无法采用这个版本：%s"), why);
    }
    return db_commit(db, err);
}
