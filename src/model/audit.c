#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sql.h"

void audit_hash(const char *prev, const char *const fields[AUDIT_FIELDS], char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    static const unsigned char sep = 0x1f; /* a byte no field holds */
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
    for (int i = 0; i < AUDIT_FIELDS; i++) {
        crypto_hash_sha256_update(&st, &sep, 1);
        crypto_hash_sha256_update(&st, (const unsigned char *)fields[i], strlen(fields[i]));
    }
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h); /* lower-case hex, as before */
}

enum ll_status audit_record(struct ll_db *db, const char *table, const char *record_id,
                            const char *action, const char *summary, struct ll_error *err)
{
    char id[LL_ID_LEN], now[25], prev[65] = "", hash[65];
    if (sql_new_id(id, err) != LL_OK)
        return err->status;
    time_now_iso(now);
    /* the last entry's hash (inside the caller's transaction: no other entry comes between) */
    sqlite3_stmt *st =
        sql_prepare(db, "SELECT hash FROM audit_log ORDER BY rowid DESC LIMIT 1", err);
    if (!st)
        return err->status;
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, prev, sizeof prev);
    sql_done(db, st);
    const char *fields[AUDIT_FIELDS] = {id,    db->site_id, now,    db->operator_name,
                                        table, record_id,   action, summary};
    audit_hash(prev, fields, hash);
    st = sql_prepare(db,
                     "INSERT INTO audit_log(id, site_id, at, operator, table_name, record_id, "
                     "action, summary, prev_hash, hash) VALUES (:id, :site, :at, :op, :table, "
                     ":record, :action, :summary, :prev, :hash)",
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
    sql_bind_text(st, ":prev", prev);
    sql_bind_text(st, ":hash", hash);
    return sql_run(db, st, err);
}

enum ll_status audit_chain_check(struct ll_db *db, char *line, size_t size, bool *intact,
                                 struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, site_id, at, operator, table_name, record_id, "
                                   "action, summary, prev_hash, hash FROM audit_log ORDER BY rowid",
                                   err);
    if (!st)
        return err->status;
    char last[65] = "";
    long long before = 0, chained = 0;
    *intact = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *f[AUDIT_FIELDS + 2];
        for (int i = 0; i < AUDIT_FIELDS + 2; i++) {
            f[i] = (const char *)sqlite3_column_text(st, i);
            f[i] = f[i] ? f[i] : "";
        }
        const char *prev = f[AUDIT_FIELDS], *hash = f[AUDIT_FIELDS + 1];
        if (!hash[0] && chained == 0) {
            before++; /* written before the chain began */
            continue;
        }
        char want[65];
        audit_hash(prev, f, want);
        if (strcmp(prev, last) != 0 || strcmp(hash, want) != 0) {
            *intact = false;
            snprintf(line, size,
                     _("审计记录在第 %lld 条（%.19s，%s 的「%s」）处断开：这一条或它前面的一条被"
                       "改动、删除或插入过。"),
                     before + chained + 1, f[2], f[3][0] ? f[3] : _("未署名"), f[7]);
            break;
        }
        snprintf(last, sizeof last, "%s", hash);
        chained++;
    }
    sql_done(db, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(db, err);
    if (*intact && before)
        snprintf(line, size,
                 _("审计记录：%lld 条前后相扣，没有被改动或删除（另有 %lld 条早于本版本，不在链"
                   "中）"),
                 chained, before);
    else if (*intact)
        snprintf(line, size, _("审计记录：%lld 条前后相扣，没有被改动或删除"), chained);
    return LL_OK;
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
    sql_done(db, st);
    return status;
}
