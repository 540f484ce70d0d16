#include <string.h>

#include "lianluo/datetime.h"
#include "model/sql.h"

enum ll_status audit_record(struct ll_db *db, const char *table, const char *record_id,
                            const char *action, const char *summary, struct ll_error *err)
{
    char id[LL_ID_LEN], now[25];
    if (sql_new_id(id, err) != LL_OK)
        return err->status;
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(
        db,
        "INSERT INTO audit_log(id, site_id, at, operator, table_name, record_id, action, summary) "
        "VALUES (:id, :site, :at, :op, :table, :record, :action, :summary)",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":op", db->operator_name);
    sql_bind_text(st, ":table", table);
    sql_bind_text(st, ":record", record_id);
    sql_bind_text(st, ":action", action);
    sql_bind_text(st, ":summary", summary);
    return sql_run(db, st, err);
}

int sql_changes(struct ll_db *db)
{
    return sqlite3_total_changes(db->h);
}

enum ll_status audit_save(struct ll_db *db, int before, const char *table, const char *id,
                          bool insert, const char *summary, struct ll_error *err)
{
    db->last_save = sql_changes(db) == before ? SAVE_UNCHANGED
                    : insert                  ? SAVE_INSERTED
                                              : SAVE_UPDATED;
    return db->last_save == SAVE_UNCHANGED
               ? LL_OK
               : audit_record(db, table, id, insert ? "insert" : "update", summary, err);
}

enum ll_status audit_list(struct ll_db *db, const char *record_id, int limit,
                          int (*cb)(void *ctx, const struct audit_entry *e), void *ctx,
                          struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT at, operator, site_id, table_name, record_id, action, "
                                   "summary FROM audit_log WHERE :record IS NULL OR record_id = "
                                   ":record ORDER BY at DESC, id DESC LIMIT :limit",
                                   err);
    if (!st)
        return err->status;
    sql_bind_id(st, ":record", record_id);
    sql_bind_int(st, ":limit", limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry e;
        memset(&e, 0, sizeof e);
        sql_column_text(st, 0, e.at, sizeof e.at);
        sql_column_text(st, 1, e.operator_name, sizeof e.operator_name);
        sql_column_text(st, 2, e.site_id, sizeof e.site_id);
        sql_column_text(st, 3, e.table_name, sizeof e.table_name);
        sql_column_text(st, 4, e.record_id, sizeof e.record_id);
        sql_column_text(st, 5, e.action, sizeof e.action);
        sql_column_text(st, 6, e.summary, sizeof e.summary);
        if (cb(ctx, &e))
            break;
    }
    enum ll_status status = LL_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sqlite3_finalize(st);
    return status;
}
