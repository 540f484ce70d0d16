/* The audit log's hash chain: `check` passes on an untouched log, and names the entry where an
 * entry altered, removed or slipped in (by another tool) breaks the chain. */
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

#include "lianluo/station.h"
#include "lianluo/township.h"

struct fixture {
    char dir[64], path[128];
    struct ll_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-audit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    struct db_identity who = {"测试县人大", SITE_COUNTY, "", "王会计"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    struct township t;
    assert_int_equal(township_ensure(f->db, "桃花江镇", &t, &err), LL_OK);
    const char *names[] = {"甲村联络站", "乙村联络站", "丙村联络站", "丁村联络站"};
    for (int i = 0; i < 4; i++) {
        struct station s;
        station_init(&s);
        snprintf(s.name, sizeof s.name, "%s", names[i]);
        s.kind = STATION_AREA;
        snprintf(s.township_id, sizeof s.township_id, "%s", t.id);
        assert_int_equal(station_save(f->db, &s, &err), LL_OK);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    db_close(f->db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void exec_other(struct fixture *f, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static enum ll_status check(struct fixture *f, char *report, size_t size)
{
    struct ll_error err = {0};
    return db_check(f->db, report, size, &err);
}

static void test_untouched_chain_passes(void **state)
{
    struct fixture *f = *state;
    char report[4096];
    assert_int_equal(check(f, report, sizeof report), LL_OK);
    /* the township and four stations saved: five entries, each following the one before */
    if (!strstr(report, "审计记录：5 条前后相扣"))
        fail_msg("%s", report);
}

static void test_altered_entry_is_named(void **state)
{
    struct fixture *f = *state;
    char report[4096];
    exec_other(f, "UPDATE audit_log SET summary = '改过的' WHERE rowid = (SELECT rowid FROM "
                  "audit_log ORDER BY rowid LIMIT 1 OFFSET 2)");
    assert_int_not_equal(check(f, report, sizeof report), LL_OK);
    assert_non_null(strstr(report, "审计记录在第 3 条"));
    assert_non_null(strstr(report, "王会计"));
}

static void test_removed_entry_breaks_the_chain(void **state)
{
    struct fixture *f = *state;
    char report[4096];
    exec_other(f, "DELETE FROM audit_log WHERE rowid = (SELECT rowid FROM audit_log ORDER BY "
                  "rowid LIMIT 1 OFFSET 1)");
    assert_int_not_equal(check(f, report, sizeof report), LL_OK);
    /* the entry after the gap no longer follows */
    assert_non_null(strstr(report, "审计记录在第 2 条"));
}

static void test_slipped_in_entry_breaks_the_chain(void **state)
{
    struct fixture *f = *state;
    char report[4096];
    exec_other(f, "INSERT INTO audit_log(id, site_id, at, operator, table_name, record_id, "
                  "action, summary) VALUES ('x', 'y', '2026-01-01', '某人', 'station', 'z', "
                  "'delete', '补记的')");
    assert_int_not_equal(check(f, report, sizeof report), LL_OK);
    if (!strstr(report, "审计记录在第 6 条"))
        fail_msg("%s", report);
    assert_non_null(strstr(report, "补记的"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_untouched_chain_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_altered_entry_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_entry_breaks_the_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slipped_in_entry_breaks_the_chain, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
