/* What a save costs, without giving up what it guarantees: the CHECK constraints that list a
 * column's values (migration 010) still refuse every other value and build no temporary b-tree
 * as a row is written; an import's transaction (db_begin_bulk) opens no savepoint for each
 * save inside it, and a save that fails inside it still leaves nothing written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lianluo/deputy.h"
#include "model/sql.h"

#include "demo_fixture.h"

struct fixture {
    struct demo_fixture demo;
    struct ll_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    demo_fixture_open(&f->demo, "write");
    f->db = f->demo.db;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    demo_fixture_close(&f->demo);
    free(f);
    return 0;
}

static int int_of(struct fixture *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* Every column whose CHECK lists its values, a value it allows and one it refuses. */
static const struct {
    const char *table, *column, *allowed, *refused;
} listed[] = {
    {"site", "role", "'township'", "'province'"},
    {"station", "kind", "'area'", "'centre'"},
    {"station_standard", "done", "1", "2"},
    {"deputy", "gender", "''", "'男'"},
    {"deputy_level", "level", "'city'", "'village'"},
    {"audit_log", "action", "'delete'", "'erase'"},
    {"ledger_entry", "kind", "'other'", "'Other'"},
    {"problem", "status", "'unsolvable'", "'closed'"},
    {"problem", "feedback", "'basically'", "'ok'"},
    {"contact", "mode", "'wechat'", "'email'"},
};

static void test_listed_values_still_checked(void **state)
{
    struct fixture *f = *state;
    /* no CHECK of the schema lists values (each IN list builds a b-tree as a row is written) */
    assert_int_equal(int_of(f, "SELECT count(*) FROM sqlite_schema WHERE sql GLOB '*CHECK (* IN "
                               "(*'"),
                     0);
    assert_int_equal(int_of(f, "PRAGMA user_version"), db_schema_version());
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
        char *count = sqlite3_mprintf("SELECT count(*) FROM %s", listed[i].table);
        if (int_of(f, count) < 1)
            fail_msg("the demo has no %s to change", listed[i].table);
        sqlite3_free(count);
        char *sql =
            sqlite3_mprintf("UPDATE %s SET %s = %s WHERE rowid = (SELECT min(rowid) FROM "
                            "%s)",
                            listed[i].table, listed[i].column, listed[i].refused, listed[i].table);
        char *msg = NULL;
        int rc = sqlite3_exec(f->db->h, sql, NULL, NULL, &msg);
        if ((rc & 0xff) != SQLITE_CONSTRAINT)
            fail_msg("%s: %d (%s), not refused", sql, rc, msg ? msg : "");
        assert_int_equal(sqlite3_extended_errcode(f->db->h), SQLITE_CONSTRAINT_CHECK);
        sqlite3_free(msg);
        sqlite3_free(sql);
        sql =
            sqlite3_mprintf("UPDATE %s SET %s = %s WHERE rowid = (SELECT min(rowid) FROM %s)",
                            listed[i].table, listed[i].column, listed[i].allowed, listed[i].table);
        if (sqlite3_exec(f->db->h, sql, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("%s: %s", sql, msg ? msg : "");
        assert_int_equal(sqlite3_changes(f->db->h), 1);
        sqlite3_free(sql);
    }
}

/* The number of temporary b-trees the program of sql opens. */
static int ephemeral_tables(struct fixture *f, const char *sql)
{
    char *explain = sqlite3_mprintf("EXPLAIN %s", sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(f->db->h, explain, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", explain, sqlite3_errmsg(f->db->h));
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        n += strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0;
    sqlite3_finalize(st);
    sqlite3_free(explain);
    return n;
}

static void test_a_row_written_builds_no_btree(void **state)
{
    struct fixture *f = *state;
    static const char *const writes[] = {
        "INSERT INTO audit_log(id, site_id, at, table_name, record_id, action) VALUES ('a', 's', "
        "'t', 'deputy', 'r', 'insert')",
        "INSERT INTO deputy_level(id, site_id, deputy_id, level, created_at, updated_at) VALUES "
        "('a', 's', 'd', 'city', '', '')",
        "UPDATE deputy SET gender = 'female' WHERE id = 'x'",
        "UPDATE ledger_entry SET kind = 'visit' WHERE id = 'x'",
        "UPDATE problem SET status = 'solved', feedback = '' WHERE id = 'x'",
        "UPDATE contact SET mode = 'phone' WHERE id = 'x'",
    };
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
        if (ephemeral_tables(f, writes[i]) != 0)
            fail_msg("%s opens a temporary b-tree", writes[i]);
    /* the check itself: an IN list does */
    assert_true(ephemeral_tables(f, "SELECT 1 WHERE 'a' IN ('a', 'b', 'c')") > 0);
}

static int deputies(struct fixture *f)
{
    return int_of(f, "SELECT count(*) FROM deputy");
}

static struct deputy some_deputy(struct fixture *f, const char *name, const char *phone)
{
    struct deputy_filter df;
    struct deputy d;
    struct ll_error err = {0};
    int n = 0;
    deputy_filter_init(&df);
    assert_int_equal(deputy_list(f->db, &df, PAGE_FIRST, NULL, 1, &d, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    d.id[0] = d.updated_at[0] = d.id_card[0] = '\0';
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.phone, sizeof d.phone, "%s", phone);
    return d;
}

static void test_bulk_transaction_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    int before = deputies(f);
    /* saves inside it: no savepoint each, all kept on commit */
    assert_int_equal(db_begin_bulk(f->db, &err), LL_OK);
    struct deputy a = some_deputy(f, "甲新", "13900000011"),
                  b = some_deputy(f, "乙新", "13900000012");
    assert_int_equal(deputy_save(f->db, &a, &err), LL_OK);
    assert_true(f->db->bulk);
    assert_int_equal(deputy_save(f->db, &b, &err), LL_OK);
    assert_int_equal(db_commit(f->db, &err), LL_OK);
    assert_false(f->db->bulk);
    assert_int_equal(f->db->tx_depth, 0);
    assert_int_equal(deputies(f), before + 2);
    /* a save refused halfway inside it (its row written, then a nested rollback), its error
     * ignored by a careless caller: the outermost commit rolls everything back and fails */
    assert_int_equal(db_begin_bulk(f->db, &err), LL_OK);
    struct deputy c = some_deputy(f, "丙新", "13900000013");
    assert_int_equal(deputy_save(f->db, &c, &err), LL_OK);
    assert_int_equal(db_begin(f->db, &err), LL_OK);
    assert_int_equal(sqlite3_exec(f->db->h,
                                  "UPDATE deputy SET note = '写了一半' WHERE rowid = (SELECT "
                                  "min(rowid) FROM deputy)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    db_rollback(f->db);
    assert_int_equal(db_commit(f->db, &err), LL_EDB);
    assert_non_null(strstr(err.msg, "已全部撤销"));
    assert_int_equal(f->db->tx_depth, 0);
    assert_false(f->db->bulk);
    assert_true(sqlite3_get_autocommit(f->db->h));
    assert_int_equal(deputies(f), before + 2);
    assert_int_equal(int_of(f, "SELECT count(*) FROM deputy WHERE note = '写了一半'"), 0);
    /* inside an ordinary transaction: an ordinary nested one (a savepoint that rolls back
     * alone) */
    assert_int_equal(db_begin(f->db, &err), LL_OK);
    assert_int_equal(db_begin_bulk(f->db, &err), LL_OK);
    assert_false(f->db->bulk);
    assert_int_equal(
        sqlite3_exec(f->db->h, "UPDATE deputy SET note = '嵌套' WHERE rowid = 1", NULL, NULL, NULL),
        SQLITE_OK);
    db_rollback(f->db);
    assert_int_equal(db_commit(f->db, &err), LL_OK);
    assert_int_equal(int_of(f, "SELECT count(*) FROM deputy WHERE note = '嵌套'"), 0);
    /* after all this, ordinary saves open their savepoints again */
    assert_int_equal(db_begin(f->db, &err), LL_OK);
    assert_int_equal(db_begin(f->db, &err), LL_OK);
    assert_false(sqlite3_get_autocommit(f->db->h));
    assert_int_equal(
        sqlite3_exec(f->db->h, "UPDATE deputy SET note = '内层' WHERE rowid = 1", NULL, NULL, NULL),
        SQLITE_OK);
    db_rollback(f->db);
    assert_int_equal(db_commit(f->db, &err), LL_OK);
    assert_int_equal(int_of(f, "SELECT count(*) FROM deputy WHERE note = '内层'"), 0);
}

/* A migration another lianluo made while this one waited for the lock is not made again (it
 * would fail: its tables are there). */
static void test_migration_made_meanwhile_skipped(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    int before = int_of(f, "SELECT count(*) FROM sqlite_schema");
    assert_int_equal(db_migrate_from(f->db, 8, &err), LL_OK);
    assert_int_equal(int_of(f, "SELECT count(*) FROM sqlite_schema"), before);
    assert_int_equal(int_of(f, "PRAGMA user_version"), db_schema_version());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listed_values_still_checked),
        cmocka_unit_test(test_a_row_written_builds_no_btree),
        cmocka_unit_test(test_bulk_transaction_all_or_nothing),
        cmocka_unit_test(test_migration_made_meanwhile_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
