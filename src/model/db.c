#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embedded.h"
#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/pinyin.h"
#include "lianluo/uuid.h"
#include "model/sql.h"

/* PRAGMA application_id: "LLDB", so a foreign SQLite file is told apart from ours. */

int db_schema_version(void)
{
    int n = 0;
    for (const struct embedded_file *f = embedded_migrations; f->name; f++)
        n = atoi(f->name) > n ? atoi(f->name) : n;
    return n;
}

/* mkdir -p of the folder that holds path. */
static enum ll_status make_parent_dirs(const char *path, struct ll_error *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return LL_OK;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        goto fail;
    return LL_OK;
fail:
    return ll_error_set(err, LL_EIO, _("无法创建数据库所在的文件夹 %s：%s"), dir, strerror(errno));
}

/* SQL function pinyin_match(text, query): the model's search by pinyin initials. */
static void sql_pinyin_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *q = (const char *)sqlite3_value_text(argv[1]);
    sqlite3_result_int(ctx, s && q && pinyin_match(s, q));
}

/* SQL functions pinyin_sort_key(text) and pinyin_name_key(text): what the names of places and
 * of people sort by (see pinyin.h). */
struct key_function {
    char *(*key_of)(const char *s, char *out, size_t outsz);
};
static const struct key_function place_key = {pinyin_sort_key}, person_key = {pinyin_name_sort_key};

static void sql_pinyin_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const struct key_function *f = sqlite3_user_data(ctx);
    char key[512];
    f->key_of(s ? s : "", key, sizeof key);
    sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

void db_register_functions(sqlite3 *h)
{
    sqlite3_create_function(h, "pinyin_match", 2,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            sql_pinyin_match, NULL, NULL);
    sqlite3_create_function(h, "pinyin_sort_key", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                            (void *)&place_key, sql_pinyin_key, NULL, NULL);
    sqlite3_create_function(h, "pinyin_name_key", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                            (void *)&person_key, sql_pinyin_key, NULL, NULL);
}

static enum ll_status read_pragma_int(struct ll_db *db, const char *sql, int *out,
                                      struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err ? err->status : LL_EDB;
    return sql_int(db, st, out, err);
}

/* Refuses files that are not ours or are newer than this program, before writing anything. */
static enum ll_status check_file_kind(struct ll_db *db, bool create, int *version,
                                      struct ll_error *err)
{
    int app_id = 0, tables = 0;
    if (read_pragma_int(db, "PRAGMA application_id", &app_id, err) != LL_OK ||
        read_pragma_int(db, "PRAGMA user_version", version, err) != LL_OK ||
        read_pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables, err) != LL_OK)
        return err ? err->status : LL_EDB;
    if (tables == 0 && !create)
        return ll_error_set(err, LL_ENOTFOUND,
                            _("%s 是空文件，还不是 lianluo 数据库，未做任何改动。请检查 --db 或"
                              "配置文件中的路径。"),
                            db->path);
    if (tables > 0 && app_id != LL_APPLICATION_ID)
        return ll_error_set(
            err, LL_EINVAL,
            _("%s 不是 lianluo 的数据库文件，未做任何改动。请检查 --db 或配置文件中的路径。"),
            db->path);
    if (*version > db_schema_version())
        return ll_error_set(
            err, LL_ENEWER,
            _("数据库 %s 由更新版本的 lianluo 创建（数据格式第 %d 版，本程序只认识到第 %d "
              "版）。为保护数据，本程序不会打开或改动它，请升级 lianluo。"),
            db->path, *version, db_schema_version());
    return LL_OK;
}

static enum ll_status set_pragmas(struct ll_db *db, struct ll_error *err)
{
    /* WAL + synchronous=FULL: a commit the user was told about survives a power cut. */
    return sql_exec(db,
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA secure_delete=ON;"
                    /* sorts and temporary b-trees in memory, not 100,000s of small writes */
                    "PRAGMA temp_store=MEMORY;"
                    /* 6 MiB of pages, not 2: a county's reports and imports no longer read
                     * the same index pages again and again; peak memory stays near 12 MB */
                    "PRAGMA cache_size=-6144;",
                    err);
}

/* Runs one migration's SQL: a migration may edit the schema's text (010: writable_schema),
 * which a SQLite built to be defensive by default refuses; allowed for the migration alone. */
static enum ll_status run_migration_sql(struct ll_db *db, const char *sql, struct ll_error *err)
{
    int defensive = 0;
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
    enum ll_status st = sql_exec(db, sql, err);
    sqlite3_exec(db->h, "PRAGMA writable_schema=OFF", NULL, NULL, NULL); /* also when it failed */
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, defensive, NULL);
    return st;
}

static enum ll_status apply_migration(struct ll_db *db, const struct embedded_file *f, int number,
                                      struct ll_error *err)
{
    char tail[64];
    int now = 0;
    if (sql_exec(db, "BEGIN IMMEDIATE", err) != LL_OK)
        return err->status;
    /* another lianluo may have made it while this one waited for the lock */
    if (read_pragma_int(db, "PRAGMA user_version", &now, err) != LL_OK) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return err->status;
    }
    if (now >= number)
        return sql_exec(db, "COMMIT", err);
    snprintf(tail, sizeof tail, "PRAGMA user_version=%d", number);
    if (run_migration_sql(db, f->data, err) != LL_OK || sql_exec(db, tail, err) != LL_OK) {
        enum ll_status st = err->status;
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return ll_error_set(err, st, _("升级数据库（%s）失败：%s"), f->name, why);
    }
    if (number == 1) {
        char app[64];
        snprintf(app, sizeof app, "PRAGMA application_id=%d", LL_APPLICATION_ID);
        if (sql_exec(db, app, err) != LL_OK) {
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return err->status;
        }
    }
    if (sql_exec(db, "COMMIT", err) != LL_OK) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return err->status;
    }
    return LL_OK;
}

static enum ll_status migrate(struct ll_db *db, int from, struct ll_error *err)
{
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        int number = atoi(f->name);
        if (number > from && apply_migration(db, f, number, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

enum ll_status db_migrate_from(struct ll_db *db, int from, struct ll_error *err)
{
    return migrate(db, from, err);
}

/* Makes (once) this installation's id, and keeps its row in `site` in step with the config. */
static void bind_site(sqlite3_stmt *st, const struct ll_db *db, const char *name, const char *role,
                      const char *township)
{
    sql_bind_text(st, ":id", db->site_id);
    sql_bind_text(st, ":name", name);
    sql_bind_text(st, ":role", role);
    sql_bind_text(st, ":township", township);
}

static enum ll_status ensure_local_site(struct ll_db *db, const struct db_identity *who,
                                        struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT id FROM local_site", err);
    if (!st)
        return err->status;
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, db->site_id, sizeof db->site_id);
    sql_done(db, st);

    char now[25];
    time_now_iso(now);
    if (!db->site_id[0]) {
        if (sql_new_id(db->site_id, err) != LL_OK)
            return err->status;
        st = sql_prepare(db, "INSERT INTO local_site(id, created_at) VALUES (:id, :now)", err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", db->site_id);
        sql_bind_text(st, ":now", now);
        if (sql_run(db, st, err) != LL_OK)
            return err->status;
    }
    /* Only write when something changed: no write (and fsync) at every start-up, and no
     * write lock needed to open a file another program is writing to (it can still be read). */
    const char *name = who && who->site_name ? who->site_name : "";
    const char *role = site_role_name(who ? who->role : SITE_TOWNSHIP);
    const char *township = who && who->township ? who->township : "";
    st = sql_prepare(db,
                     "SELECT name = :name AND role = :role AND township = :township FROM site "
                     "WHERE id = :id",
                     err);
    if (!st)
        return err->status;
    bind_site(st, db, name, role, township);
    bool same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sql_done(db, st);
    /* a file this program may not write is refused here, with the reason (the write below
     * fails), rather than when the first form is saved */
    if (same && sqlite3_db_readonly(db->h, "main") != 1)
        return LL_OK;
    st = sql_prepare(db,
                     "INSERT INTO site(id, name, role, township, created_at, updated_at) "
                     "VALUES (:id, :name, :role, :township, :now, :now) "
                     "ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, "
                     "township = excluded.township, updated_at = excluded.updated_at "
                     "WHERE name IS NOT excluded.name OR role IS NOT excluded.role "
                     "OR township IS NOT excluded.township",
                     err);
    if (!st)
        return err->status;
    bind_site(st, db, name, role, township);
    sql_bind_text(st, ":now", now);
    return sql_run(db, st, err);
}

static enum ll_status open_handle(struct ll_db *db, bool create, struct ll_error *err)
{
    /* No memory statistics (a mutex around every allocation): an import allocates millions
     * of times. Refused, harmlessly, once SQLite has started. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int rc = sqlite3_open_v2(
        db->path, &db->h,
        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (!db->h)
            return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        if (!create && access(db->path, F_OK) != 0)
            return ll_error_set(err, LL_ENOTFOUND,
                                _("数据库文件 %s 不存在。请检查 --db 或配置文件中的路径。"),
                                db->path);
        struct stat st;
        if (stat(db->path, &st) == 0 && S_ISDIR(st.st_mode))
            return ll_error_set(err, LL_EIO,
                                _("%s 是一个文件夹，不是数据库文件。请在 --db 或配置文件中写上"
                                  "文件名，例如 %s/lianluo.db。"),
                                db->path, db->path);
        if (access(db->path, F_OK) == 0 && access(db->path, R_OK | W_OK) != 0)
            return ll_error_set(err, LL_EIO,
                                _("没有读写数据库文件 %s 的权限。请让管理员检查这个文件的权限。"),
                                db->path);
        return ll_error_set(err, LL_EIO, _("无法打开数据库文件 %s（SQLite：%s）。"), db->path,
                            sqlite3_errmsg(db->h));
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, 3000);
    db_register_functions(db->h);
    return LL_OK;
}

static enum ll_status db_open_mode(const char *path, const struct db_identity *who, bool create,
                                   struct ll_db **out, struct ll_error *err)
{
    *out = NULL;
    struct ll_db *db = calloc(1, sizeof *db);
    if (!db)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    snprintf(db->path, sizeof db->path, "%s", path);
    snprintf(db->operator_name, sizeof db->operator_name, "%s",
             who && who->operator_name ? who->operator_name : "");
    int version = 0;
    if ((create && make_parent_dirs(path, err) != LL_OK) || open_handle(db, create, err) != LL_OK ||
        check_file_kind(db, create, &version, err) != LL_OK || set_pragmas(db, err) != LL_OK ||
        migrate(db, version, err) != LL_OK || ensure_local_site(db, who, err) != LL_OK ||
        sync_guard_install(db, err) != LL_OK) {
        sql_cache_clear(db);
        sqlite3_close(db->h);
        free(db);
        return err ? err->status : LL_EDB;
    }
    *out = db;
    return LL_OK;
}

enum ll_status db_open(const char *path, const struct db_identity *who, struct ll_db **out,
                       struct ll_error *err)
{
    return db_open_mode(path, who, true, out, err);
}

enum ll_status db_open_existing(const char *path, const struct db_identity *who, struct ll_db **out,
                                struct ll_error *err)
{
    return db_open_mode(path, who, false, out, err);
}

void db_close(struct ll_db *db)
{
    if (!db)
        return;
    sql_cache_clear(db);
    sqlite3_exec(db->h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_close(db->h);
    free(db);
}

const char *db_site_id(const struct ll_db *db)
{
    return db->site_id;
}

const char *db_path(const struct ll_db *db)
{
    return db->path;
}

enum save_outcome db_last_save(const struct ll_db *db)
{
    return db->last_save;
}

enum ll_status db_begin(struct ll_db *db, struct ll_error *err)
{
    char sql[48];
    if (db->tx_depth > 0 && db->bulk) {
        db->tx_depth++;
        return LL_OK;
    }
    if (db->tx_depth == 0)
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->tx_depth);
    if (sql_exec_one(db, sql, err) != LL_OK)
        return err ? err->status : LL_EDB;
    db->tx_depth++;
    return LL_OK;
}

enum ll_status db_begin_bulk(struct ll_db *db, struct ll_error *err)
{
    if (db->tx_depth > 0)
        return db_begin(db, err);
    if (db_begin(db, err) != LL_OK)
        return err ? err->status : LL_EDB;
    db->bulk = true;
    db->bulk_failed = false;
    return LL_OK;
}

enum ll_status db_commit(struct ll_db *db, struct ll_error *err)
{
    char sql[48];
    if (db->tx_depth <= 0)
        return LL_OK;
    if (db->bulk && db->tx_depth > 1) {
        db->tx_depth--;
        return LL_OK;
    }
    if (db->bulk && db->bulk_failed) {
        db_rollback(db);
        return ll_error_set(err, LL_EDB,
                            _("有一处修改没有保存成功，整批修改已全部撤销，没有写入任何数据。"));
    }
    if (db->tx_depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE sp%d", db->tx_depth - 1);
    if (sql_exec_one(db, sql, err) != LL_OK) {
        db_rollback(db);
        return err ? err->status : LL_EDB;
    }
    db->tx_depth--;
    db->bulk = db->bulk && db->tx_depth > 0;
    return LL_OK;
}

void db_rollback(struct ll_db *db)
{
    char sql[64];
    if (db->tx_depth <= 0)
        return;
    db->tx_depth--;
    if (db->bulk && db->tx_depth > 0) {
        db->bulk_failed = true; /* its changes stay until the outermost level rolls back */
        return;
    }
    db->bulk = false;
    if (db->tx_depth == 0)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->tx_depth, db->tx_depth);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

void db_report_add(char *report, size_t n, const char *line)
{
    size_t used = strlen(report);
    if (used < n)
        snprintf(report + used, n - used, "%s\n", line);
}

/* What `check` counts beyond SQLite's own integrity check: each query counts the rows that
 * break a rule; bad says so (with %d), good says all is well (NULL: say nothing); names (NULL:
 * none) lists the first few, so an office knows which to mend. A gap, not an error, is reported
 * without failing the check. */
#define CENTRAL_OF(c)                                                                              \
    "(SELECT p.id FROM station p WHERE " c ".kind = 'area' AND p.kind = 'central' AND "            \
    "p.township_id = " c ".township_id ORDER BY p.created_at, p.id LIMIT 1)"
#define BIRTH_MISMATCH                                                                             \
    "length(d.id_card) = 18 AND length(d.birth) = 7 AND substr(d.id_card, 7, 4) || '-' || "        \
    "substr(d.id_card, 11, 2) <> d.birth"
#define NO_CENTRAL                                                                                 \
    "a.kind = 'area' AND NOT EXISTS (SELECT 1 FROM station c WHERE c.kind = 'central' AND "        \
    "c.township_id = a.township_id)"
static const struct {
    const char *sql, *bad, *good, *names;
    bool gap;
} count_checks[] = {
    {"SELECT count(*) FROM pragma_foreign_key_check", N_("引用检查：%d 处引用了不存在的记录"),
     N_("引用检查：正常"), NULL, false},
    {"SELECT count(*) FROM (SELECT township_id FROM station WHERE kind = 'central' GROUP BY "
     "township_id HAVING count(*) > 1)",
     N_("中心联络站：%d 个乡镇有不止一个中心联络站（每个乡镇只设一个）"),
     N_("中心联络站：每个乡镇至多一个"),
     "SELECT t.name FROM township t WHERE (SELECT count(*) FROM station s WHERE s.township_id = "
     "t.id AND s.kind = 'central') > 1 ORDER BY t.sort_order",
     false},
    /* "1+N": an area station hangs under its own township's central station (none while the
     * township has none); other stations under nothing */
    {"SELECT count(*) FROM station c WHERE c.parent_id IS NOT " CENTRAL_OF("c"),
     N_("联络站层级：%d 个联络站的上级不是本乡镇的中心联络站"), N_("联络站层级：正常"),
     "SELECT c.name FROM station c WHERE c.parent_id IS NOT " CENTRAL_OF("c"), false},
    {"SELECT count(*) FROM deputy WHERE township_id IS NULL",
     N_("代表资料：%d 名代表没有填写乡镇（请在代表名册中补上）"), N_("代表资料：都有乡镇"),
     "SELECT name FROM deputy WHERE township_id IS NULL ORDER BY sort_name", false},
    {"SELECT count(*) FROM deputy d WHERE " BIRTH_MISMATCH,
     N_("出生年月：%d 名代表的出生年月与身份证号不一致（请在代表名册中改正）"),
     N_("出生年月：与身份证号一致"),
     "SELECT d.name || '（' || coalesce(t.name, '') || '）' FROM deputy d LEFT JOIN township t "
     "ON t.id = d.township_id WHERE " BIRTH_MISMATCH " ORDER BY d.sort_name",
     false},
    {"SELECT count(DISTINCT a.township_id) FROM station a WHERE " NO_CENTRAL,
     N_("提示：%d 个乡镇有片区联络站，但还没有中心联络站"), NULL,
     "SELECT DISTINCT t.name FROM station a JOIN township t ON t.id = a.township_id "
     "WHERE " NO_CENTRAL,
     true},
};

/* Appends "：甲、乙、丙" (and "等" when there are more) to line: the first rows of sql. */
static void append_names(struct ll_db *db, const char *sql, int count, char *line, size_t size)
{
    struct ll_error ignored;
    char limited[1024];
    snprintf(limited, sizeof limited, "%s LIMIT 5", sql);
    sqlite3_stmt *st = sql_prepare(db, limited, &ignored);
    if (!st)
        return;
    int shown = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t len = strlen(line);
        snprintf(line + len, size - len, "%s%s", shown++ ? _("、") : _("："),
                 (const char *)sqlite3_column_text(st, 0));
    }
    sql_done(db, st);
    if (count > shown && shown > 0) {
        size_t len = strlen(line);
        snprintf(line + len, size - len, "%s", _("等"));
    }
}

/* The full-text indexes are derived from the ledger, problem and contact tables: one that
 * disagrees with them (the file was edited with another tool, or VACUUMed, which may renumber
 * rowids) is rebuilt, and the report says so. */
static const struct {
    const char *table, *label, *rebuilt;
} search_indexes[] = {
    {"ledger_fts", N_("台账的搜索索引"),
     N_("台账的搜索索引与数据不一致，已重建（数据本身没有变化）。")},
    {"problem_fts", N_("问题的搜索索引"),
     N_("问题的搜索索引与数据不一致，已重建（数据本身没有变化）。")},
    {"contact_fts", N_("联系代表记录的搜索索引"),
     N_("联系代表记录的搜索索引与数据不一致，已重建（数据本身没有变化）。")},
};

static enum ll_status check_search_indexes(struct ll_db *db, char *report, size_t reportsz,
                                           struct ll_error *err)
{
    char sql[160];
    /* the check is written as an INSERT: it needs the write lock, which another program may
     * hold for a long while; the rest of the check reads only */
    int rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY) {
        db_report_add(report, reportsz,
                      _("搜索索引：另一个程序正在写入数据库，这次没有检查（不影响数据）。"));
        return LL_OK;
    }
    if (rc != SQLITE_OK)
        return sql_fail(db, err);
    for (size_t i = 0; i < sizeof search_indexes / sizeof search_indexes[0]; i++) {
        const char *t = search_indexes[i].table;
        snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rank) VALUES ('integrity-check', 1)", t, t);
        rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            continue;
        if ((rc & 0xff) != SQLITE_CORRUPT) {
            sql_fail(db, err);
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return err->status;
        }
        snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES ('rebuild')", t, t);
        if (sql_exec(db, sql, err) != LL_OK) {
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return err->status;
        }
        db_report_add(report, reportsz, _(search_indexes[i].rebuilt));
    }
    return sql_exec(db, "COMMIT", err);
}

/* The tables derived from others and kept by triggers (migrations 008 and 009): each is compared
 * with what it is derived from (diff: the rows that differ, the more of those missing and those
 * extra: a row with another count is both); one that disagrees (the file was changed by another
 * program, or with the triggers dropped) fails the check and is rebuilt (rebuild), so that it is
 * right again afterwards. */
static const struct {
    const char *table, *label, *diff, *rebuild;
} derived_tables[] = {
    {"roster_order", N_("代表名册的排列顺序"),
     "SELECT max((SELECT count(*) FROM (SELECT k, id FROM roster_key EXCEPT SELECT k, id FROM "
     "roster_order)), (SELECT count(*) FROM (SELECT k, id FROM roster_order EXCEPT SELECT k, id "
     "FROM roster_key)))",
     "DELETE FROM roster_order; INSERT INTO roster_order(k, id) SELECT k, id FROM roster_key;"},
#define SUMMARY(label, table)                                                                      \
    {                                                                                              \
        table, label,                                                                              \
            "SELECT max((SELECT count(*) FROM (SELECT * FROM " table                               \
            "_of EXCEPT SELECT * FROM " table ")), (SELECT count(*) FROM (SELECT * FROM " table    \
            " EXCEPT SELECT * FROM " table "_of)))",                                               \
            "DELETE FROM " table "; INSERT INTO " table " SELECT * FROM " table "_of;"             \
    }
    SUMMARY(N_("台账的逐年统计"), "ledger_year"),
    SUMMARY(N_("问题的逐年统计（登记）"), "problem_year"),
    SUMMARY(N_("问题的逐年统计（办结）"), "problem_closed_year"),
    SUMMARY(N_("台账的逐年合计"), "ledger_total_year"),
    SUMMARY(N_("问题的逐年合计"), "problem_total_year"),
    SUMMARY(N_("联系代表的逐年统计"), "contact_year"),
    SUMMARY(N_("联系代表的逐年合计"), "contact_total_year"),
#undef SUMMARY
};

const char *db_derived_label(const char *table)
{
    for (size_t i = 0; i < sizeof derived_tables / sizeof derived_tables[0]; i++)
        if (strcmp(derived_tables[i].table, table) == 0)
            return _(derived_tables[i].label);
    for (size_t i = 0; i < sizeof search_indexes / sizeof search_indexes[0]; i++)
        if (strcmp(search_indexes[i].table, table) == 0)
            return _(search_indexes[i].label);
    return NULL;
}

static enum ll_status check_derived_tables(struct ll_db *db, char *report, size_t reportsz,
                                           bool *ok, struct ll_error *err)
{
    char line[512];
    bool all_agree = true;
    for (size_t i = 0; i < sizeof derived_tables / sizeof derived_tables[0]; i++) {
        int bad = 0;
        sqlite3_stmt *st = sql_prepare(db, derived_tables[i].diff, err);
        if (!st || sql_int(db, st, &bad, err) != LL_OK)
            return err->status;
        if (!bad)
            continue;
        if (db_begin(db, err) != LL_OK)
            return err->status;
        if (sql_exec(db, derived_tables[i].rebuild, err) != LL_OK) {
            db_rollback(db);
            return err->status;
        }
        if (db_commit(db, err) != LL_OK)
            return err->status;
        snprintf(line, sizeof line,
                 _("%s：%d 行与原始数据不符（数据库可能被别的程序改动过），已按原始数据重建"),
                 _(derived_tables[i].label), bad);
        db_report_add(report, reportsz, line);
        *ok = all_agree = false;
    }
    if (all_agree)
        db_report_add(report, reportsz, _("名册顺序与统计汇总：与原始数据一致"));
    return LL_OK;
}

enum ll_status db_check(struct ll_db *db, char *report, size_t reportsz, struct ll_error *err)
{
    char line[512];
    bool ok = true;
    report[0] = '\0';
    /* SQLite's own check first: on a damaged file the checks after it would only fail */
    int damage = 0, rc;
    char first[3][200];
    sqlite3_stmt *st = sql_prepare(db, "PRAGMA integrity_check", err);
    if (!st)
        return err->status;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        /* one finding a line; a row may hold several, and a "*** in database main ***" */
        for (const char *at = r; at && *at && strcmp(r, "ok") != 0;) {
            size_t len = strcspn(at, "\n");
            if (strncmp(at, "***", 3) != 0 && damage < 3)
                snprintf(first[damage], sizeof first[damage], "%.*s", (int)len, at);
            damage += strncmp(at, "***", 3) != 0;
            at += len + (at[len] == '\n');
        }
    }
    if (rc != SQLITE_DONE && damage < 3)
        snprintf(first[damage++], sizeof first[0], "%s", sqlite3_errmsg(db->h));
    sql_done(db, st);
    if (damage > 0) {
        snprintf(line, sizeof line,
                 _("完整性检查：数据库文件已损坏，发现 %d 处问题（SQLite 给出的前几处如下）"),
                 damage);
        db_report_add(report, reportsz, line);
        for (int i = 0; i < damage && i < 3; i++) {
            snprintf(line, sizeof line, "  %.199s", first[i]);
            db_report_add(report, reportsz, line);
        }
        return ll_error_set(err, LL_EDB,
                            _("数据库 %s 已损坏。请用较早的备份恢复：lianluo restore 列出数据库旁 "
                              "backups 文件夹里的备份，lianluo restore 备份文件 恢复（先检查备份"
                              "是否完好；现在的文件先另存一份，不会覆盖）。备份之后录入的内容需"
                              "要重新录入。"),
                            db->path);
    }
    db_report_add(report, reportsz, _("完整性检查：正常"));

    for (size_t i = 0; i < sizeof count_checks / sizeof count_checks[0]; i++) {
        int bad = 0;
        st = sql_prepare(db, count_checks[i].sql, err);
        if (!st || sql_int(db, st, &bad, err) != LL_OK)
            return err->status;
        if (!bad && !count_checks[i].good)
            continue;
        snprintf(line, sizeof line, bad ? _(count_checks[i].bad) : _(count_checks[i].good), bad);
        if (bad && count_checks[i].names)
            append_names(db, count_checks[i].names, bad, line, sizeof line);
        db_report_add(report, reportsz, line);
        ok = ok && (bad == 0 || count_checks[i].gap);
    }

    /* the triggers first: a derived table or index whose trigger was dropped is then rebuilt
     * below, and kept from then on */
    bool before_mending = ok, mended_all = true; /* false: something was mended */
    if (db_check_triggers(db, report, reportsz, &mended_all, err) != LL_OK ||
        check_search_indexes(db, report, reportsz, err) != LL_OK ||
        check_derived_tables(db, report, reportsz, &mended_all, err) != LL_OK)
        return err->status;
    ok = ok && mended_all;

    bool intact;
    if (audit_chain_check(db, line, sizeof line, &intact, err) != LL_OK)
        return err->status;
    db_report_add(report, reportsz, line);
    ok = ok && intact;

    int version = 0;
    if (read_pragma_int(db, "PRAGMA user_version", &version, err) != LL_OK)
        return err->status;
    snprintf(line, sizeof line, _("数据格式版本：%d（本程序：%d）"), version, db_schema_version());
    db_report_add(report, reportsz, line);
    ok = ok && version == db_schema_version();
    if (!ok && before_mending && intact && version == db_schema_version())
        return ll_error_set(err, LL_EDB,
                            _("数据库检查发现问题，已全部修好（按原始数据重建，数据本身没有丢失），"
                              "不需要用备份恢复。请再运行一次 lianluo check 确认。"));
    if (!ok)
        return ll_error_set(err, LL_EDB,
                            _("数据库检查发现问题，详见报告；标明“已重建”“已重新创建”的已经修好。"
                              "其余的请按报告处理；数据确已损坏时，才需要用 lianluo restore 从数据"
                              "库旁 backups 文件夹里的备份恢复（恢复前的内容会另存一份）。"));
    return LL_OK;
}

enum ll_status db_peek_version(const char *path, int *version, struct ll_error *err)
{
    sqlite3 *h = NULL;
    *version = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return ll_error_set(err, LL_ENOTFOUND, _("无法打开 %s"), path);
    }
    sqlite3_stmt *st = NULL;
    enum ll_status status = LL_OK;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else
        status = ll_error_set(err, LL_EDB, _("%s 不是可读的数据库文件"), path);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return status;
}
