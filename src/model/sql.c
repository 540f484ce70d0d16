#include "model/sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "lianluo/uuid.h"

#define LL_STR_(x) #x
#define LL_STR(x)  LL_STR_(x)

sqlite3_stmt *sql_prepare(struct ll_db *db, const char *sql, struct ll_error *err)
{
    struct sql_cached *room = NULL;
    for (int i = 0; i < SQL_CACHE; i++) {
        struct sql_cached *c = &db->cache[i];
        if (c->st && !c->busy && strcmp(c->sql, sql) == 0) {
            c->busy = true;
            c->used = ++db->cache_clock;
            return c->st;
        }
        /* room: an empty slot, else the least recently used statement not taken */
        if (!c->st) {
            if (!room || room->st)
                room = c;
        } else if (!c->busy && (!room || (room->st && c->used < room->used))) {
            room = c;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_fail(db, err);
        sqlite3_finalize(st);
        return NULL;
    }
    char *copy = room ? strdup(sql) : NULL;
    if (copy) {
        sqlite3_finalize(room->st);
        free(room->sql);
        *room = (struct sql_cached){copy, st, ++db->cache_clock, true};
    }
    return st;
}

void sql_done(struct ll_db *db, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < SQL_CACHE; i++)
        if (db->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            db->cache[i].busy = false;
            return;
        }
    sqlite3_finalize(st);
}

void sql_cache_clear(struct ll_db *db)
{
    for (int i = 0; i < SQL_CACHE; i++) {
        sqlite3_finalize(db->cache[i].st);
        free(db->cache[i].sql);
        db->cache[i] = (struct sql_cached){0};
    }
}

enum ll_status sql_exec(struct ll_db *db, const char *sql, struct ll_error *err)
{
    if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(db, err);
    return LL_OK;
}

/* A write refused for want of permission: says which file or folder, and what to do. */
static enum ll_status readonly_fail(struct ll_db *db, int code, struct ll_error *err)
{
    char dir[PATH_MAX], side[PATH_MAX + 16];
    const char *slash = strrchr(db->path, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash == db->path ? 1 : slash - db->path),
                 db->path);
    if (code == SQLITE_READONLY_DIRECTORY)
        return ll_error_set(err, LL_EIO,
                            _("数据库所在的文件夹 %s 不可写入（lianluo 要在数据库旁边建 -wal、-shm "
                              "工作文件）。请让管理员给这个文件夹加上写入权限。"),
                            dir);
    if (access(db->path, W_OK) != 0)
        return ll_error_set(err, LL_EIO,
                            _("数据库文件 %s 是只读的，lianluo 不能写入。请让管理员把这个文件改为"
                              "可写，或把它复制到可写的文件夹，用 --db 打开。"),
                            db->path);
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(side, sizeof side, "%s%s", db->path, suffixes[i]);
        if (access(side, F_OK) == 0 && access(side, W_OK) != 0)
            return ll_error_set(err, LL_EIO,
                                _("数据库旁边的工作文件 %s 是只读的，lianluo 不能写入。请让管理员"
                                  "把它改为可写。"),
                                side);
    }
    return ll_error_set(err, LL_EIO,
                        _("数据库文件 %s 只读，lianluo 不能写入。请检查这个文件和它所在文件夹的"
                          "权限。"),
                        db->path);
}

enum ll_status sql_exec_one(struct ll_db *db, const char *sql, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err ? err->status : LL_EDB;
    return sql_run(db, st, err);
}

enum ll_status sql_fail(struct ll_db *db, struct ll_error *err)
{
    int code = sqlite3_extended_errcode(db->h);
    const char *detail = sqlite3_errmsg(db->h);
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ll_error_set(
            err, LL_EBUSY,
            _("数据库正被另一个程序使用（可能又打开了一个 lianluo），请关闭它后重试。"));
    case SQLITE_FULL:
        return ll_error_set(err, LL_EIO,
                            _("磁盘已满，未能保存。请清理磁盘空间后重试，已保存的数据不受影响。"));
    case SQLITE_READONLY:
        return readonly_fail(db, code, err);
    case SQLITE_IOERR:
        return ll_error_set(err, LL_EIO, _("读写数据库文件出错（%s），未能保存。"), detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ll_error_set(
            err, LL_EDB,
            _("%s 已损坏，或不是 lianluo 的数据库文件。请检查 --db "
              "或配置文件中的路径；如果是数据库损坏，请用备份恢复：备份在数据库"
              "旁的 backups 文件夹里，lianluo restore 列出备份，lianluo restore 备份文件 "
              "恢复。"),
            db->path);
    case SQLITE_CONSTRAINT:
        if (code == SQLITE_CONSTRAINT_TRIGGER && sync_guard_refused(db, err))
            return LL_EINVAL;
        if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
            return ll_error_set(err, LL_ECONFLICT, _("已有同名的记录。"));
        if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
            return ll_error_set(err, LL_ECONFLICT,
                                _("该记录仍被其他记录引用，或引用了不存在的记录。"));
        return ll_error_set(err, LL_EINVAL, _("数据不符合要求：%s"), detail);
    default:
        return ll_error_set(err, LL_EDB, _("数据库错误：%s"), detail);
    }
}

static int param_index(sqlite3_stmt *st, const char *name)
{
    int idx = sqlite3_bind_parameter_index(st, name);
    return idx;
}

void sql_bind_text(sqlite3_stmt *st, const char *name, const char *value)
{
    int idx = param_index(st, name);
    if (idx > 0)
        sqlite3_bind_text(st, idx, value ? value : "", -1, SQLITE_TRANSIENT);
}

void sql_bind_id(sqlite3_stmt *st, const char *name, const char *id)
{
    int idx = param_index(st, name);
    if (idx <= 0)
        return;
    if (id && *id)
        sqlite3_bind_text(st, idx, id, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

void sql_bind_int(sqlite3_stmt *st, const char *name, int value)
{
    int idx = param_index(st, name);
    if (idx > 0)
        sqlite3_bind_int(st, idx, value);
}

void sql_column_text(sqlite3_stmt *st, int col, char *buf, size_t n)
{
    /* a copy, not snprintf: every field of every row read comes through here (a year's export
     * spent a quarter of its time in snprintf); what does not fit is cut before a character,
     * never inside one */
    if (n == 0)
        return;
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t len = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (len >= n) {
        len = n - 1;
        while (len > 0 && (t[len] & 0xC0) == 0x80)
            len--;
    }
    if (len)
        memcpy(buf, t, len);
    buf[len] = '\0';
}

enum ll_status sql_int(struct ll_db *db, sqlite3_stmt *st, int *out, struct ll_error *err)
{
    int rc = sqlite3_step(st);
    *out = 0;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sql_done(db, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(db, err);
    return LL_OK;
}

enum ll_status sql_run(struct ll_db *db, sqlite3_stmt *st, struct ll_error *err)
{
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status sql_new_id(char id[LL_ID_LEN], struct ll_error *err)
{
    if (!uuid_new(id))
        return ll_error_set(err, LL_EIO, _("无法生成记录编号（系统随机数不可用）。"));
    return LL_OK;
}

static const char *page_sql(enum page_dir dir)
{
    switch (dir) {
    case PAGE_AFTER:
        return "SELECT * FROM (%s) WHERE k > :anchor ORDER BY k LIMIT :limit";
    case PAGE_BEFORE:
        return "SELECT * FROM (%s) WHERE k < :anchor ORDER BY k DESC LIMIT :limit";
    case PAGE_LAST:
        return "SELECT * FROM (%s) ORDER BY k DESC LIMIT :limit";
    case PAGE_FIRST:
    default:
        return "SELECT * FROM (%s) ORDER BY k LIMIT :limit";
    }
}

static void rows_reverse(char *rows, int n, size_t size)
{
    char *tmp = malloc(size);
    if (!tmp)
        return;
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        memcpy(tmp, rows + (size_t)i * size, size);
        memcpy(rows + (size_t)i * size, rows + (size_t)j * size, size);
        memcpy(rows + (size_t)j * size, tmp, size);
    }
    free(tmp);
}

/* Builds "wrapper(inner)" on the heap: the fragments are constant SQL, never user text. */
static char *wrap_sql(const char *wrapper, const char *inner)
{
    size_t n = strlen(wrapper) + strlen(inner) + 1;
    char *sql = malloc(n);
    if (sql)
        snprintf(sql, n, wrapper, inner);
    return sql;
}

/* Prepares sql, made on the heap (NULL: out of memory), and frees it. */
static sqlite3_stmt *prepare_owned(struct ll_db *db, char *sql, struct ll_error *err)
{
    if (!sql) {
        ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        return NULL;
    }
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    free(sql);
    return st;
}

/* The page of q in the order of its three key columns: sought through their index. */
static char *ordered_page_sql(const struct sql_page_query *q, enum page_dir dir)
{
    const char *const *o = q->order;
    bool down = dir == PAGE_BEFORE || dir == PAGE_LAST;
    const char *d = down ? " DESC" : "";
    char seek[512] = "";
    if (dir == PAGE_AFTER || dir == PAGE_BEFORE)
        snprintf(seek, sizeof seek, " AND (%s, %s, %s) %s (:k1, :k2, :k3)", o[0], o[1], o[2],
                 down ? "<" : ">");
    char order[256];
    snprintf(order, sizeof order, " ORDER BY %s%s, %s%s, %s%s", o[0], d, o[1], d, o[2], d);
    /* with fetch: "fetch(inner seek order LIMIT) order", the page's few rows read whole and
     * put in order again */
    const char *fetch = q->fetch ? q->fetch : "";
    size_t n = strlen(fetch) + strlen(q->inner) + strlen(seek) + 2 * strlen(order) + 32;
    char *sql = malloc(n);
    if (sql)
        snprintf(sql, n, "%s%s%s%s%s LIMIT :limit%s%s", fetch, q->fetch ? "(" : "", q->inner, seek,
                 order, q->fetch ? ")" : "", q->fetch ? order : "");
    return sql;
}

/* Binds :k1 :k2 :k3 from a key "c1 c2 c3"; when seeking, c1 as the narrowing end of the
 * range (see sql_page_query). */
static void bind_key_parts(sqlite3_stmt *st, const struct sql_page_query *q, enum page_dir dir,
                           const char *anchor)
{
    char parts[3][LL_KEY_LEN] = {"", "", ""};
    const char *p = anchor ? anchor : "";
    for (int i = 0; i < 2; i++) {
        size_t n = strcspn(p, " ");
        snprintf(parts[i], sizeof parts[i], "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
    }
    snprintf(parts[2], sizeof parts[2], "%s", p);
    sql_bind_text(st, ":k1", parts[0]);
    sql_bind_text(st, ":k2", parts[1]);
    sql_bind_text(st, ":k3", parts[2]);
    if (dir == PAGE_AFTER && q->range_from)
        sql_bind_text(st, q->range_from, parts[0]);
    if (dir == PAGE_BEFORE && q->range_to)
        sql_bind_text(st, q->range_to, parts[0]);
}

/* The progress handler of a page with a budget: calls of every PAGE_TICK VM instructions. */
#define PAGE_TICK 1000
struct page_budget {
    int ticks, left;
};

static int page_budget_tick(void *ctx)
{
    struct page_budget *b = ctx;
    return ++b->ticks > b->left;
}

enum ll_status sql_page(struct ll_db *db, const struct sql_page_query *q, enum page_dir dir,
                        const char *anchor, int limit, void *out, int *count, struct ll_error *err)
{
    return sql_page_within(db, q, 0, NULL, dir, anchor, limit, out, count, err);
}

enum ll_status sql_page_within(struct ll_db *db, const struct sql_page_query *q, int budget_ops,
                               bool *over_budget, enum page_dir dir, const char *anchor, int limit,
                               void *out, int *count, struct ll_error *err)
{
    *count = 0;
    if ((dir == PAGE_AFTER || dir == PAGE_BEFORE) && !anchor)
        dir = dir == PAGE_AFTER ? PAGE_FIRST : PAGE_LAST;
    sqlite3_stmt *st = prepare_owned(
        db, q->order ? ordered_page_sql(q, dir) : wrap_sql(page_sql(dir), q->inner), err);
    if (!st)
        return err ? err->status : LL_EDB;
    q->bind(st, q->filter);
    if (q->order)
        bind_key_parts(st, q, dir, anchor);
    else
        sql_bind_text(st, ":anchor", anchor);
    sql_bind_int(st, ":limit", limit);
    int rc;
    char *rows = out;
    struct page_budget budget = {0, budget_ops / PAGE_TICK};
    if (budget_ops > 0)
        sqlite3_progress_handler(db->h, PAGE_TICK, page_budget_tick, &budget);
    while (*count < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *row = rows + (size_t)*count * q->row_size;
        memset(row, 0, q->row_size);
        q->read(st, row);
        (*count)++;
    }
    if (budget_ops > 0) {
        sqlite3_progress_handler(db->h, 0, NULL, NULL);
        if (*count < limit && rc == SQLITE_INTERRUPT && budget.ticks > budget.left) {
            *count = 0;
            *over_budget = true;
            sql_done(db, st);
            return LL_OK;
        }
    }
    if (*count < limit && rc != SQLITE_DONE) {
        enum ll_status status = sql_fail(db, err);
        sql_done(db, st);
        return status;
    }
    sql_done(db, st);
    if (dir == PAGE_BEFORE || dir == PAGE_LAST)
        rows_reverse(rows, *count, q->row_size);
    return LL_OK;
}

void sql_where_add(char *buf, size_t size, bool on, const char *cond)
{
    size_t used = strlen(buf);
    if (on && used < size)
        snprintf(buf + used, size - used, " AND %s", cond);
}

void sql_where_filter(char *buf, size_t size, bool on, bool in_order, const char *cond)
{
    size_t used = strlen(buf);
    if (on && used < size)
        snprintf(buf + used, size - used, " AND %s%s", in_order ? "+" : "", cond);
}

enum ll_status sql_count_rows(struct ll_db *db, const char *select, bool capped,
                              void (*bind)(sqlite3_stmt *st, const void *filter),
                              const void *filter, int *count, struct ll_error *err)
{
    sqlite3_stmt *st = prepare_owned(
        db,
        wrap_sql(capped ? "SELECT count(*) FROM (%s LIMIT " LL_STR(LL_COUNT_MAX) " + 1)"
                        : "SELECT count(*) FROM (%s)",
                 select),
        err);
    if (!st)
        return err ? err->status : LL_EDB;
    bind(st, filter);
    if (sql_int(db, st, count, err) != LL_OK)
        return err->status;
    if (capped && *count > LL_COUNT_MAX)
        *count = LL_COUNT_MORE;
    return LL_OK;
}

enum ll_status sql_page_count(struct ll_db *db, const struct sql_page_query *q, int *count,
                              struct ll_error *err)
{
    return sql_count_rows(db, q->inner, false, q->bind, q->filter, count, err);
}

/* The record's updated_at into out (25 bytes, "" when there is none): SQLITE_ROW, SQLITE_DONE
 * (no such record) or the error's code. */
static int updated_at_of(struct ll_db *db, const char *table, const char *id, char *out)
{
    char sql[96];
    out[0] = '\0';
    snprintf(sql, sizeof sql, "SELECT updated_at FROM %s WHERE id = :id", table);
    sqlite3_stmt *st = sql_prepare(db, sql, NULL);
    if (!st)
        return SQLITE_ERROR;
    sql_bind_text(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        sql_column_text(st, 0, out, 25);
    sql_done(db, st);
    return rc;
}

enum ll_status sql_unchanged_since(struct ll_db *db, const char *table, const char *id,
                                   const char *loaded_at, struct ll_error *err)
{
    if (!loaded_at || !loaded_at[0] || !id[0])
        return LL_OK;
    char now[25];
    int rc = updated_at_of(db, table, id, now);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(db, err);
    if (rc == SQLITE_ROW && strcmp(now, loaded_at) != 0)
        return ll_error_set(
            err, LL_ECONFLICT,
            _("这条记录在您打开之后，已在别处（另一个 lianluo 或同步包）修改并保存。"
              "为免覆盖那次修改，这次没有保存：请按 Esc 放弃，重新打开这条记录"
              "再改。"));
    return LL_OK;
}

void sql_read_updated_at(struct ll_db *db, const char *table, const char *id, char *out)
{
    char now[25];
    if (updated_at_of(db, table, id, now) == SQLITE_ROW)
        memcpy(out, now, sizeof now);
}

enum ll_status sql_is_insert(struct ll_db *db, const char *table, const char *id, bool *insert,
                             struct ll_error *err)
{
    *insert = true;
    if (!id[0])
        return LL_OK;
    char sql[96];
    int n = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE id = :id", table);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    if (sql_int(db, st, &n, err) != LL_OK)
        return err->status;
    *insert = n == 0;
    return LL_OK;
}

enum ll_status sql_get_one(struct ll_db *db, const char *sql, const char *id,
                           void (*read)(sqlite3_stmt *st, void *row), void *row, size_t row_size,
                           const char *notfound_msg, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    memset(row, 0, row_size);
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    if (rc == SQLITE_ROW)
        read(st, row);
    else if (rc == SQLITE_DONE)
        status = ll_error_set(err, LL_ENOTFOUND, "%s", notfound_msg);
    else
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status sql_delete_audited(struct ll_db *db, const char *table, const char *id,
                                  const char *summary, struct ll_error *err)
{
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = :id", table);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":id", id);
    if (sql_run(db, st, err) != LL_OK ||
        audit_record(db, table, id, "delete", summary, err) != LL_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return err->status;
}

struct audited_row {
    char id[LL_ID_LEN];
    char name[128];
};

/* Reads every (id, name) row of select (finalized here) into *rows (malloc'd, *n of them). */
static enum ll_status collect_rows(struct ll_db *db, sqlite3_stmt *select,
                                   struct audited_row **rows, size_t *n, struct ll_error *err)
{
    size_t cap = 0;
    int rc;
    enum ll_status status = LL_OK;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
        if (*n == cap) {
            struct audited_row *more = realloc(*rows, (cap = cap ? cap * 2 : 16) * sizeof **rows);
            if (!more) {
                status = ll_error_set(err, LL_ENOMEM, _("内存不足。"));
                break;
            }
            *rows = more;
        }
        sql_column_text(select, 0, (*rows)[*n].id, sizeof(*rows)[*n].id);
        sql_column_text(select, 1, (*rows)[*n].name, sizeof(*rows)[*n].name);
        (*n)++;
    }
    if (status == LL_OK && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, select);
    return status;
}

enum ll_status sql_update_each_audited(struct ll_db *db, sqlite3_stmt *select, const char *table,
                                       const char *column, const char *value, const char *now,
                                       struct ll_error *err)
{
    struct audited_row *rows;
    size_t n;
    /* read them all first: updating the table while stepping through it could revisit rows */
    enum ll_status status = collect_rows(db, select, &rows, &n, err);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = :value, updated_at = :now WHERE id = :id", table,
             column);
    for (size_t i = 0; status == LL_OK && i < n; i++) {
        sqlite3_stmt *st = sql_prepare(db, sql, err);
        if (!st) {
            status = err->status;
            break;
        }
        sql_bind_id(st, ":value", value ? value : "");
        sql_bind_text(st, ":now", now);
        sql_bind_text(st, ":id", rows[i].id);
        if (sql_run(db, st, err) != LL_OK ||
            audit_record(db, table, rows[i].id, "update", rows[i].name, err) != LL_OK)
            status = err->status;
    }
    free(rows);
    return status;
}

enum ll_status sql_audit_each(struct ll_db *db, sqlite3_stmt *select, const char *table,
                              const char *action, struct ll_error *err)
{
    struct audited_row *rows;
    size_t n;
    enum ll_status status = collect_rows(db, select, &rows, &n, err);
    for (size_t i = 0; status == LL_OK && i < n; i++)
        if (audit_record(db, table, rows[i].id, action, rows[i].name, err) != LL_OK)
            status = err->status;
    free(rows);
    return status;
}
