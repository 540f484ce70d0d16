/* What a paired site may change by itself: a township its township's records, a station its
 * own ledger, problems, six haves, volunteers and its station's address, contact and hours.
 * The rest comes from the upper site in its packages; a change made here would never be sent
 * (the upper site would refuse it), so lianluo refuses it when it is made: temporary triggers
 * on lianluo's own connection (another tool, such as the sqlite3 shell, is not held back; such
 * a change is simply never sent), with the same conditions as the scope check of an import.
 * A sync import itself is let through (the upper site may change these records). */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "model/sync_internal.h"

#define GUARD_TAG "lianluo-guard"

static void scope_value(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argv;
    (void)argc;
    const char *v = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
}

static void guard_on(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argv;
    (void)argc;
    const struct ll_db *db = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, db->guard_kind != GUARD_NONE && !db->guard_paused);
}

/* cond with the row alias r. replaced by the trigger's NEW. or OLD., and :t / :s by the
 * functions that give this site's township and station. */
static void trigger_cond(const char *cond, const char *row, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = cond; *p && n + 16 < size;) {
        const char *word = NULL;
        size_t skip = 0;
        if (strncmp(p, "r.", 2) == 0 &&
            (p == cond || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))) {
            word = row;
            skip = 2;
        } else if (strncmp(p, ":t", 2) == 0) {
            word = "ll_scope_t()";
            skip = 2;
        } else if (strncmp(p, ":s", 2) == 0) {
            word = "ll_scope_s()";
            skip = 2;
        }
        if (word) {
            n += (size_t)snprintf(out + n, size - n, "%s", word);
            p += skip;
        } else
            out[n++] = *p++, out[n] = '\0';
    }
}

static enum ll_status add_trigger(struct ll_db *db, const char *table, const char *event,
                                  const char *when, struct ll_error *err)
{
    char *sql = sqlite3_mprintf("CREATE TEMP TRIGGER IF NOT EXISTS \"ll_guard_%w_%w\" BEFORE %s "
                                "ON main.\"%w\" WHEN ll_guard_on() AND (%s) BEGIN "
                                "SELECT RAISE(ABORT, '" GUARD_TAG "'); END",
                                table, event, event, table, when);
    if (!sql)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    enum ll_status st = sql_exec(db, sql, err);
    sqlite3_free(sql);
    return st;
}

/* For a station: the columns of its own station row it may not change (all but the
 * operational ones), as "NEW.c IS NOT OLD.c OR …". */
static void identity_changed(struct ll_db *db, const struct sync_table *rule, char *out,
                             size_t size)
{
    struct table_meta m;
    char allowed[256];
    out[0] = '\0';
    if (table_meta_read(db, rule, &m, NULL) != LL_OK)
        return;
    snprintf(allowed, sizeof allowed, " %s ", rule->station_columns);
    for (int i = 0; i < m.ncol; i++) {
        char word[40];
        snprintf(word, sizeof word, " %s ", m.col[i]);
        if (strstr(allowed, word))
            continue;
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%sNEW.\"%s\" IS NOT OLD.\"%s\"", n ? " OR " : "", m.col[i],
                 m.col[i]);
    }
}

static enum ll_status install_triggers(struct ll_db *db, const struct sync_scope *s,
                                       struct ll_error *err)
{
    for (int t = 0; t < SYNC_TABLE_COUNT; t++) {
        const struct sync_table *rule = &sync_tables[t];
        const char *cond = sync_scope_cond(rule, s, true);
        char on_new[1024], on_old[1024], when[4096];
        trigger_cond(cond, "NEW.", on_new, sizeof on_new);
        trigger_cond(cond, "OLD.", on_old, sizeof on_old);
        bool columns_only =
            s->kind == SCOPE_STATION && rule->station_columns && rule->station_columns[0];
        enum ll_status st = LL_OK;
        if (columns_only) {
            /* its own row, and then only some columns; never a new or deleted row */
            char changed[1024];
            identity_changed(db, rule, changed, sizeof changed);
            snprintf(when, sizeof when, "NOT (%s) OR %s", on_old, changed);
            st = add_trigger(db, rule->name, "UPDATE", when, err);
            if (st == LL_OK)
                st = add_trigger(db, rule->name, "INSERT", "1", err);
            if (st == LL_OK)
                st = add_trigger(db, rule->name, "DELETE", "1", err);
        } else {
            snprintf(when, sizeof when, "NOT (%s)", on_new);
            st = add_trigger(db, rule->name, "INSERT", when, err);
            snprintf(when, sizeof when, "NOT (%s) OR NOT (%s)", on_old, on_new);
            if (st == LL_OK)
                st = add_trigger(db, rule->name, "UPDATE", when, err);
            snprintf(when, sizeof when, "NOT (%s)", on_old);
            if (st == LL_OK)
                st = add_trigger(db, rule->name, "DELETE", when, err);
        }
        if (st != LL_OK)
            return st;
    }
    return LL_OK;
}

enum ll_status sync_guard_install(struct ll_db *db, struct ll_error *err)
{
    db->guard_kind = GUARD_NONE;
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT role, township_id, station_id FROM sync_peer WHERE relation = 'upper'", err);
    if (!st)
        return err->status;
    char role[16] = "";
    struct sync_scope s = {.kind = SCOPE_ALL};
    if (sqlite3_step(st) == SQLITE_ROW) {
        sql_column_text(st, 0, role, sizeof role);
        sql_column_text(st, 1, s.township_id, sizeof s.township_id);
        sql_column_text(st, 2, s.station_id, sizeof s.station_id);
    }
    sql_done(db, st);
    /* the upper site says what this site is in its first package: until then, nothing here
     * is anyone else's */
    if (strcmp(role, "county") == 0 && s.township_id[0])
        s.kind = SCOPE_TOWNSHIP;
    else if (strcmp(role, "township") == 0 && s.station_id[0])
        s.kind = SCOPE_STATION;
    if (s.kind == SCOPE_ALL)
        return LL_OK;
    if (sync_scope_complete(db, &s, err) != LL_OK)
        return err->status;
    snprintf(db->guard_township, sizeof db->guard_township, "%s", s.township_id);
    snprintf(db->guard_station, sizeof db->guard_station, "%s", s.station_id);
    sqlite3_create_function(db->h, "ll_guard_on", 0, SQLITE_UTF8, db, guard_on, NULL, NULL);
    sqlite3_create_function(db->h, "ll_scope_t", 0, SQLITE_UTF8, db->guard_township, scope_value,
                            NULL, NULL);
    sqlite3_create_function(db->h, "ll_scope_s", 0, SQLITE_UTF8, db->guard_station, scope_value,
                            NULL, NULL);
    if (install_triggers(db, &s, err) != LL_OK)
        return err->status;
    db->guard_kind = s.kind == SCOPE_TOWNSHIP ? GUARD_TOWNSHIP : GUARD_STATION;
    return LL_OK;
}

static const char *guard_reason(const struct ll_db *db)
{
    if (db->guard_kind == GUARD_STATION)
        return _("本机是联络站的电脑，只能修改本站的台账、群众反映的问题、六有、志愿者和本站"
                 "的地址、管理员、电话、开放时间。代表名册和联络站名单由乡镇维护：请在乡镇"
                 "修改，改动会随同步包过来。");
    return _("本机是乡镇的电脑，只能修改本乡镇的记录；其他乡镇的记录由它们自己或县里"
             "维护，改动会随同步包过来。");
}

bool sync_guard_refused(const struct ll_db *db, struct ll_error *err)
{
    if (strcmp(sqlite3_errmsg(db->h), GUARD_TAG) != 0)
        return false;
    ll_error_set(err, LL_EINVAL, "%s", guard_reason(db));
    return true;
}

/* The township of a station here ("" when unknown). */
static void township_of_station(struct ll_db *db, const char *station_id, char out[LL_ID_LEN])
{
    out[0] = '\0';
    sqlite3_stmt *st = sql_prepare(db, "SELECT township_id FROM station WHERE id = :id", NULL);
    if (!st)
        return;
    sql_bind_text(st, ":id", station_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, out, LL_ID_LEN);
    sql_done(db, st);
}

bool sync_may_change(struct ll_db *db, const char *table, const char *township_id,
                     const char *station_id, const char **why)
{
    if (why)
        *why = NULL;
    if (db->guard_kind == GUARD_NONE)
        return true;
    township_id = township_id ? township_id : "";
    station_id = station_id ? station_id : "";
    bool station_level = strcmp(table, "station") != 0 && strcmp(table, "township") != 0 &&
                         strcmp(table, "deputy") != 0 && strcmp(table, "deputy_group") != 0 &&
                         strcmp(table, "deputy_level") != 0;
    bool ok;
    if (db->guard_kind == GUARD_STATION)
        ok = (station_level || strcmp(table, "station") == 0) &&
             strcmp(station_id, db->guard_station) == 0;
    else {
        char t[LL_ID_LEN];
        snprintf(t, sizeof t, "%s", township_id);
        if (!t[0] && station_id[0])
            township_of_station(db, station_id, t);
        ok = strcmp(table, "township") == 0 ? strcmp(t, db->guard_township) == 0
                                            : !t[0] || strcmp(t, db->guard_township) == 0;
    }
    if (!ok && why)
        *why = guard_reason(db);
    return ok;
}

void sync_own_scope(const struct ll_db *db, char township_id[LL_ID_LEN], char station_id[LL_ID_LEN])
{
    bool known = db->guard_kind != GUARD_NONE;
    snprintf(township_id, LL_ID_LEN, "%s", known ? db->guard_township : "");
    snprintf(station_id, LL_ID_LEN, "%s",
             known && db->guard_kind == GUARD_STATION ? db->guard_station : "");
}
