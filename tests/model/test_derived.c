/* The tables derived from others and kept by triggers (migration 008) stay equal to what they
 * are derived from through every kind of change, and `check` finds and mends one that does
 * not: roster_order (the roster's order). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "model/sql.h"

#include "demo_fixture.h"

struct fixture {
    struct demo_fixture demo;
    struct ll_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    demo_fixture_open(&f->demo, "derived");
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

static void exec(struct fixture *f, const char *sql)
{
    if (sqlite3_exec(f->db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
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

/* The roster's pages, walked to the end, list every deputy in the order of its key computed
 * afresh (the view roster_key), and roster_order holds exactly those keys. */
static void roster_agrees(struct fixture *f)
{
    assert_int_equal(int_of(f, "SELECT count(*) FROM (SELECT * FROM (SELECT k, id FROM roster_key "
                               "EXCEPT SELECT k, id FROM roster_order) UNION ALL SELECT * FROM "
                               "(SELECT k, id FROM roster_order EXCEPT SELECT k, id FROM "
                               "roster_key))"),
                     0);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(f->db->h, "SELECT id FROM roster_key ORDER BY k", -1, &st, NULL),
        SQLITE_OK);
    struct deputy_filter df;
    deputy_filter_init(&df);
    static struct deputy rows[50];
    struct ll_error err = {0};
    char anchor[LL_KEY_LEN] = "";
    int n = 50, listed = 0;
    while (n == 50) {
        assert_int_equal(deputy_list(f->db, &df, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                                     anchor[0] ? anchor : NULL, 50, rows, &n, &err),
                         LL_OK);
        for (int i = 0; i < n; i++, listed++) {
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            assert_string_equal(rows[i].id, (const char *)sqlite3_column_text(st, 0));
        }
        if (n > 0)
            snprintf(anchor, sizeof anchor, "%s", rows[n - 1].sort_key);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(listed, int_of(f, "SELECT count(*) FROM deputy"));
}

static void test_roster_order_follows_every_change(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    roster_agrees(f);
    /* a form's saves: a new deputy, a renamed one, one moved to another township */
    struct deputy_filter df;
    struct deputy rows[3], d;
    int n = 0;
    deputy_filter_init(&df);
    assert_int_equal(deputy_list(f->db, &df, PAGE_FIRST, NULL, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    d = rows[0];
    d.id[0] = '\0';
    d.updated_at[0] = '\0';
    d.id_card[0] = '\0';
    snprintf(d.name, sizeof d.name, "%s", "阿新");
    snprintf(d.phone, sizeof d.phone, "%s", "13900000001");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_OK);
    roster_agrees(f);
    snprintf(rows[1].name, sizeof rows[1].name, "%s", "曾改名");
    assert_int_equal(deputy_save(f->db, &rows[1], &err), LL_OK);
    roster_agrees(f);
    char other[LL_ID_LEN];
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->db->h,
                                        "SELECT id FROM township ORDER BY sort_order DESC LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(other, sizeof other, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    snprintf(rows[2].township_id, sizeof rows[2].township_id, "%s", other);
    rows[2].station_id[0] = rows[2].group_id[0] = '\0';
    assert_int_equal(deputy_save(f->db, &rows[2], &err), LL_OK);
    roster_agrees(f);
    /* townships reordered, one added with deputies already naming it, one removed */
    exec(f, "UPDATE township SET sort_order = 1000 - sort_order");
    roster_agrees(f);
    exec(f, "PRAGMA foreign_keys = OFF;"
            "UPDATE deputy SET township_id = 'T-new' WHERE rowid % 9 = 0;"
            "INSERT INTO township(id, site_id, name, sort_order, created_at, updated_at) "
            "SELECT 'T-new', site_id, '新设乡', 3, created_at, updated_at FROM township LIMIT 1;");
    roster_agrees(f);
    exec(f, "DELETE FROM township WHERE id = 'T-new'");
    roster_agrees(f);
    exec(f, "UPDATE deputy SET township_id = NULL WHERE township_id = 'T-new';"
            "PRAGMA foreign_keys = ON;");
    roster_agrees(f);
    /* deletes: one by the form, many at once */
    assert_int_equal(deputy_delete(f->db, d.id, &err), LL_OK);
    exec(f, "DELETE FROM deputy_level WHERE deputy_id IN (SELECT id FROM deputy WHERE rowid % 11 "
            "= 0); DELETE FROM ledger_deputy WHERE deputy_id IN (SELECT id FROM deputy WHERE "
            "rowid % 11 = 0); DELETE FROM deputy WHERE rowid % 11 = 0");
    roster_agrees(f);
}

/* `check` compares roster_order with the roster: a key altered or removed by another program
 * fails the check, which rebuilds it; the next check passes. */
static void test_check_finds_and_mends_a_derived_table(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char report[4096];
    if (db_check(f->db, report, sizeof report, &err) != LL_OK)
        fail_msg("%s", report);
    assert_non_null(strstr(report, "名册顺序与统计汇总：与原始数据一致"));
    exec(f, "UPDATE roster_order SET k = '0' || k WHERE id IN (SELECT id FROM deputy LIMIT 2);"
            "DELETE FROM roster_order WHERE id IN (SELECT id FROM deputy LIMIT 1 OFFSET 5)");
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_EDB);
    assert_non_null(strstr(report, "代表名册的排列顺序：5 行与原始数据不符"));
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    roster_agrees(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* the check first: the changes below leave deputies without a township */
        cmocka_unit_test(test_check_finds_and_mends_a_derived_table),
        cmocka_unit_test(test_roster_order_follows_every_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
