/* `lianluo check`'s look at the triggers (see model/sql.h). The tables derived from others —
 * the roster's order, the yearly counts, the search indexes — are kept by triggers the
 * migrations make; one dropped or altered by another program (the sqlite3 shell, say) leaves
 * its table to drift from then on, without a word. What the triggers must be is read from the
 * migrations themselves, as embedded in the program: they are run on an empty database in
 * memory, whose triggers are those a file of this version must have — a new migration's are
 * checked as soon as it is there, and one that a later migration replaces is taken as it ends
 * up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/i18n.h"
#include "model/sql.h"

/* How many faulty triggers the report names one by one; the others are counted. */
#define NAMED_MAX 12

/* A trigger missing from the file or different there: its name, table and text as the
 * migrations make it. */
struct faulty {
    char *name, *table, *sql;
    bool altered;
};

/* The database the migrations make, in memory. */
static enum ll_status reference_open(sqlite3 **out, struct ll_error *err)
{
    sqlite3 *h = NULL;
    *out = NULL;
    if (sqlite3_open(":memory:", &h) != SQLITE_OK) {
        sqlite3_close(h);
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    }
    db_register_functions(h);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL); /* 010 edits the schema's text */
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        if (sqlite3_exec(h, f->data, NULL, NULL, NULL) != SQLITE_OK) {
            ll_error_set(err, LL_EDB, _("无法读出本程序的数据库定义（%s：%s）。"), f->name,
                         sqlite3_errmsg(h));
            sqlite3_close(h);
            return LL_EDB;
        }
    }
    *out = h;
    return LL_OK;
}

/* SQL with its comments taken out and each run of blanks made one space (string literals and
 * quoted names kept as they are): a migration's text laid out anew is the same trigger. The
 * caller frees it. */
static char *squeezed(const char *sql)
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    bool blank = false;
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
            char close = *p == '[' ? ']' : *p;
            if (blank && o > out)
                *o++ = ' ';
            blank = false;
            *o++ = *p++;
            while (*p && *p != close)
                *o++ = *p++;
            if (*p)
                *o++ = *p++;
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
            blank = true;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            blank = true;
        } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
            blank = true;
        } else {
            if (blank && o > out)
                *o++ = ' ';
            blank = false;
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static bool same_sql(const char *a, const char *b)
{
    char *x = squeezed(a), *y = squeezed(b);
    bool same = x && y ? strcmp(x, y) == 0 : strcmp(a, b) == 0;
    free(x);
    free(y);
    return same;
}

/* The tables a trigger writes to, as SQLite's authorizer sees them when a statement that fires
 * it is prepared (never run) on the database in memory. */
struct kept {
    const char *trigger;
    char tables[8][64];
    int n;
};

static int note_write(void *ctx, int action, const char *table, const char *column,
                      const char *schema, const char *trigger)
{
    (void)column;
    (void)schema;
    struct kept *k = ctx;
    if ((action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE) || !table ||
        !trigger || strcmp(trigger, k->trigger) != 0)
        return SQLITE_OK;
    for (int i = 0; i < k->n; i++)
        if (strcmp(k->tables[i], table) == 0)
            return SQLITE_OK;
    if (k->n < (int)(sizeof k->tables / sizeof k->tables[0]))
        snprintf(k->tables[k->n++], sizeof k->tables[0], "%s", table);
    return SQLITE_OK;
}

/* "维护台账的逐年统计" — what the trigger keeps, by the names the report gives the derived
 * tables (a table without one by its own name) — or, when it writes nowhere, its table. */
static void kept_by(sqlite3 *ref, const struct faulty *t, char *out, size_t size)
{
    struct kept k = {.trigger = t->name};
    /* an UPDATE of every column fires every UPDATE OF trigger */
    sqlite3_str *update = sqlite3_str_new(ref);
    sqlite3_str_appendf(update, "UPDATE \"%w\" SET ", t->table);
    sqlite3_stmt *cols = NULL;
    int ncols = 0;
    if (sqlite3_prepare_v2(ref, "SELECT name FROM pragma_table_info(?)", -1, &cols, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(cols, 1, t->table, -1, SQLITE_STATIC);
        while (sqlite3_step(cols) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(cols, 0);
            sqlite3_str_appendf(update, "%s\"%w\" = \"%w\"", ncols++ ? ", " : "", c, c);
        }
    }
    sqlite3_finalize(cols);
    char *fire[3] = {sqlite3_mprintf("INSERT INTO \"%w\" DEFAULT VALUES", t->table),
                     sqlite3_mprintf("DELETE FROM \"%w\"", t->table), sqlite3_str_finish(update)};
    sqlite3_set_authorizer(ref, note_write, &k);
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *st = NULL;
        if (fire[i] && (i < 2 || ncols > 0) &&
            sqlite3_prepare_v2(ref, fire[i], -1, &st, NULL) == SQLITE_OK)
            sqlite3_finalize(st);
        sqlite3_free(fire[i]);
    }
    sqlite3_set_authorizer(ref, NULL, NULL);
    if (k.n == 0) {
        snprintf(out, size, _("作用于 %s 表"), t->table);
        return;
    }
    char what[400] = "";
    for (int i = 0; i < k.n; i++) {
        const char *label = db_derived_label(k.tables[i]);
        size_t len = strlen(what);
        snprintf(what + len, sizeof what - len, "%s%s", i ? _("、") : "",
                 label ? label : k.tables[i]);
    }
    snprintf(out, size, _("维护%s"), what);
}

static void faulty_free(struct faulty *f, int n)
{
    for (int i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].table);
        free(f[i].sql);
    }
    free(f);
}

static bool faulty_add(struct faulty **list, int *n, sqlite3_stmt *want, bool altered)
{
    struct faulty *grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    *list = grown;
    struct faulty *f = &grown[*n];
    f->name = strdup((const char *)sqlite3_column_text(want, 0));
    f->table = strdup((const char *)sqlite3_column_text(want, 1));
    f->sql = strdup((const char *)sqlite3_column_text(want, 2));
    f->altered = altered;
    (*n)++;
    return f->name && f->table && f->sql;
}

/* Compares the file's triggers with those the migrations make: the faulty ones into *list,
 * how many the migrations make into *count; a trigger the file has besides is said in the
 * report. */
static enum ll_status compare(struct ll_db *db, sqlite3 *ref, struct faulty **list, int *n,
                              int *count, char *report, size_t reportsz, struct ll_error *err)
{
    sqlite3_stmt *want = NULL;
    if (sqlite3_prepare_v2(ref,
                           "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' "
                           "ORDER BY name",
                           -1, &want, NULL) != SQLITE_OK)
        return ll_error_set(err, LL_EDB, _("无法读出本程序的数据库定义（%s）。"),
                            sqlite3_errmsg(ref));
    sqlite3_stmt *have = sql_prepare(
        db, "SELECT sql FROM main.sqlite_schema WHERE type = 'trigger' AND name = :name", err);
    if (!have) {
        sqlite3_finalize(want);
        return err->status;
    }
    enum ll_status st = LL_OK;
    int rc = SQLITE_DONE;
    while (st == LL_OK && (rc = sqlite3_step(want)) == SQLITE_ROW) {
        (*count)++;
        sql_bind_text(have, ":name", (const char *)sqlite3_column_text(want, 0));
        int found = sqlite3_step(have);
        if (found != SQLITE_ROW && found != SQLITE_DONE) {
            st = sql_fail(db, err);
            break;
        }
        const char *text = found == SQLITE_ROW ? (const char *)sqlite3_column_text(have, 0) : NULL;
        bool missing = found != SQLITE_ROW,
             altered = !missing &&
                       !same_sql(text ? text : "", (const char *)sqlite3_column_text(want, 2));
        sqlite3_reset(have);
        if ((missing || altered) && !faulty_add(list, n, want, altered))
            st = ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    }
    if (st == LL_OK && rc != SQLITE_DONE)
        st =
            ll_error_set(err, LL_EDB, _("无法读出本程序的数据库定义（%s）。"), sqlite3_errmsg(ref));
    sqlite3_finalize(want);
    sql_done(db, have);
    if (st != LL_OK)
        return st;

    /* the file's own triggers the migrations do not make: pointed out, never removed (another
     * program's; the comparisons below find what they would have changed) */
    sqlite3_stmt *extra = sql_prepare(
        db, "SELECT name FROM main.sqlite_schema WHERE type = 'trigger' ORDER BY name", err);
    if (!extra)
        return err->status;
    if (sqlite3_prepare_v2(ref, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?",
                           -1, &want, NULL) != SQLITE_OK) {
        sql_done(db, extra);
        return ll_error_set(err, LL_EDB, _("无法读出本程序的数据库定义（%s）。"),
                            sqlite3_errmsg(ref));
    }
    while ((rc = sqlite3_step(extra)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(extra, 0);
        sqlite3_bind_text(want, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(want) != SQLITE_ROW) {
            char line[512];
            snprintf(line, sizeof line,
                     _("提示：触发器 %s 不是本程序建立的（可能是别的程序加上的），没有改动它"),
                     name);
            db_report_add(report, reportsz, line);
        }
        sqlite3_reset(want);
    }
    sqlite3_finalize(want);
    if (rc != SQLITE_DONE)
        st = sql_fail(db, err);
    sql_done(db, extra);
    return st;
}

/* Recreates the faulty triggers in one transaction; *busy when another program holds the
 * write lock (nothing done). */
static enum ll_status recreate(struct ll_db *db, const struct faulty *list, int n, bool *busy,
                               struct ll_error *err)
{
    *busy = false;
    int rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY) {
        *busy = true;
        return LL_OK;
    }
    if (rc != SQLITE_OK)
        return sql_fail(db, err);
    for (int i = 0; i < n; i++) {
        char *drop = sqlite3_mprintf("DROP TRIGGER IF EXISTS main.\"%w\"", list[i].name);
        enum ll_status st =
            drop ? sql_exec(db, drop, err) : ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        sqlite3_free(drop);
        if (st != LL_OK || sql_exec(db, list[i].sql, err) != LL_OK) {
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

enum ll_status db_check_triggers(struct ll_db *db, char *report, size_t reportsz, bool *ok,
                                 struct ll_error *err)
{
    sqlite3 *ref = NULL;
    if (reference_open(&ref, err) != LL_OK)
        return err->status;
    struct faulty *list = NULL;
    int n = 0, count = 0;
    bool busy = false;
    if (compare(db, ref, &list, &n, &count, report, reportsz, err) != LL_OK ||
        (n > 0 && recreate(db, list, n, &busy, err) != LL_OK)) {
        faulty_free(list, n);
        sqlite3_close(ref);
        return err->status;
    }
    char line[768], what[512];
    for (int i = 0; i < n && i < NAMED_MAX; i++) {
        kept_by(ref, &list[i], what, sizeof what);
        if (busy)
            snprintf(line, sizeof line,
                     list[i].altered
                         ? _("触发器 %s（%s）与本程序的定义不同，但另一个程序正在写入数据库，这次"
                             "没有重新创建；请稍后再运行 lianluo check")
                         : _("触发器 %s（%s）缺失，但另一个程序正在写入数据库，这次没有重新创建；"
                             "请稍后再运行 lianluo check"),
                     list[i].name, what);
        else
            snprintf(line, sizeof line,
                     list[i].altered ? _("触发器 %s（%s）与本程序的定义不同（数据库可能被别的程序"
                                         "改动过），已按本程序的定义重新创建")
                                     : _("触发器 %s（%s）缺失（数据库可能被别的程序改动过），已"
                                         "重新创建"),
                     list[i].name, what);
        db_report_add(report, reportsz, line);
    }
    if (n > NAMED_MAX) {
        snprintf(line, sizeof line,
                 busy ? _("另有 %d 个触发器缺失或与本程序的定义不同，这次没有重新创建")
                      : _("另有 %d 个触发器缺失或与本程序的定义不同，也已重新创建"),
                 n - NAMED_MAX);
        db_report_add(report, reportsz, line);
    }
    if (n == 0) {
        snprintf(line, sizeof line, _("触发器：%d 个，齐全且与本程序的定义一致"), count);
        db_report_add(report, reportsz, line);
    } else {
        *ok = false;
    }
    faulty_free(list, n);
    sqlite3_close(ref);
    return LL_OK;
}
