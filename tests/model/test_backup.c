/* Backups and restores: a backup is a checked copy; a restore brings its contents back after
 * keeping the current ones aside, and refuses a file that is not a sound lianluo database or
 * comes from a newer lianluo. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "lianluo/township.h"

struct fixture {
    char dir[64], path[128];
    struct ll_db *db;
};

static int count_townships(const char *path)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM township", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-backup-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
    struct db_identity who = {"测试县人大", SITE_COUNTY, "", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    struct township t;
    assert_int_equal(township_ensure(f->db, "桃花江镇", &t, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "修山镇", &t, &err), LL_OK);
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

static void test_backup_then_restore(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char written[4300], aside[4300];
    /* into a folder: a named copy, complete */
    assert_int_equal(db_backup(f->db, f->dir, written, sizeof written, &err), LL_OK);
    assert_non_null(strstr(written, "/lianluo-"));
    assert_int_equal(count_townships(written), 2);
    char part[4400];
    snprintf(part, sizeof part, "%s.part", written);
    assert_int_equal(access(part, F_OK), -1);
    /* a third township after the backup; the restore takes it away and keeps it aside */
    struct township t;
    assert_int_equal(township_ensure(f->db, "大栗港镇", &t, &err), LL_OK);
    assert_int_equal(db_restore(f->db, written, aside, sizeof aside, &err), LL_OK);
    assert_int_equal(count_townships(f->path), 2);
    assert_int_equal(count_townships(aside), 3);
    /* the database is still usable and sound */
    assert_int_equal(township_ensure(f->db, "灰山港镇", &t, &err), LL_OK);
    char report[4096];
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
}

static void test_restore_refuses_what_is_not_a_sound_backup(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char written[4300], aside[4300], other[256];
    /* not a database */
    snprintf(other, sizeof other, "%s/notes.txt", f->dir);
    FILE *fp = fopen(other, "w");
    fputs("not a database", fp);
    fclose(fp);
    assert_int_equal(db_restore(f->db, other, aside, sizeof aside, &err), LL_EINVAL);
    assert_non_null(strstr(err.msg, "不是 lianluo"));
    /* a backup cut short */
    snprintf(other, sizeof other, "%s/b.db", f->dir);
    assert_int_equal(db_backup(f->db, other, written, sizeof written, &err), LL_OK);
    struct stat sb;
    assert_int_equal(stat(written, &sb), 0);
    assert_int_equal(truncate(written, sb.st_size / 2), 0);
    assert_int_not_equal(db_restore(f->db, written, aside, sizeof aside, &err), LL_OK);
    /* from a newer lianluo */
    snprintf(other, sizeof other, "%s/c.db", f->dir);
    assert_int_equal(db_backup(f->db, other, written, sizeof written, &err), LL_OK);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(written, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(db_restore(f->db, written, aside, sizeof aside, &err), LL_ENEWER);
    assert_non_null(strstr(err.msg, "升级"));
    /* nothing was replaced */
    assert_int_equal(count_townships(f->path), 2);
}

/* The daily copies of the database named stem (stem.db) made on day (a grep pattern). */
static int count_daily(const char *dir, const char *stem, const char *day)
{
    char cmd[320];
    snprintf(cmd, sizeof cmd, "ls '%s/backups' 2>/dev/null | grep -c '^%s-%s-[0-9]*\\.db$'", dir,
             stem, day);
    FILE *p = popen(cmd, "r");
    int n = 0;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

/* Once a day at most, the newest `keep` copies kept. */
static void test_daily_backups_rotate(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    bool made;
    char day[16];
    setenv("LIANLUO_TODAY", "2026-11-01", 1);
    assert_int_equal(db_backup_daily(f->db, 3, &made, &err), LL_OK);
    assert_true(made);
    assert_int_equal(db_backup_daily(f->db, 3, &made, &err), LL_OK);
    assert_false(made); /* the same day: not again */
    for (int d = 2; d <= 6; d++) {
        snprintf(day, sizeof day, "2026-11-%02d", d);
        setenv("LIANLUO_TODAY", day, 1);
        assert_int_equal(db_backup_daily(f->db, 3, &made, &err), LL_OK);
        assert_true(made);
    }
    /* days 1-6 made; the three newest (4, 5, 6) are kept */
    assert_int_equal(count_daily(f->dir, "a", "2026110[123]"), 0);
    assert_int_equal(count_daily(f->dir, "a", "2026110[456]"), 3);
    /* keep 0: nothing made */
    setenv("LIANLUO_TODAY", "2026-11-07", 1);
    assert_int_equal(db_backup_daily(f->db, 0, &made, &err), LL_OK);
    assert_false(made);
    unsetenv("LIANLUO_TODAY");
}

static void count_listed(void *ctx, const char *path, long long bytes)
{
    (void)bytes;
    int *n = ctx;
    const char *name = strrchr(path, '/') + 1;
    if (strncmp(name, "a-", 2) != 0)
        fail_msg("listed for a.db: %s", path);
    ++*n;
}

/* Two databases in one folder share its backups folder: each makes, lists, rotates and
 * restores only its own copies (before, a copy of one was taken for the other's: the second
 * made none that day, and restore listed the first's copy for it). */
static void test_two_databases_one_backups_folder(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    bool made = false;
    setenv("LIANLUO_TODAY", "2026-11-01", 1);
    assert_int_equal(db_backup_daily(f->db, 2, &made, &err), LL_OK);
    assert_true(made);
    char other[300];
    snprintf(other, sizeof other, "%s/b.db", f->dir);
    struct db_identity who = {"另一个县", SITE_COUNTY, "", "测试员"};
    struct ll_db *b = NULL;
    assert_int_equal(db_open(other, &who, &b, &err), LL_OK);
    assert_int_equal(db_backup_daily(b, 2, &made, &err), LL_OK);
    assert_true(made); /* a.db's copy of today is not b.db's */
    for (int d = 2; d <= 4; d++) {
        char day[16];
        snprintf(day, sizeof day, "2026-11-%02d", d);
        setenv("LIANLUO_TODAY", day, 1);
        assert_int_equal(db_backup_daily(f->db, 2, &made, &err), LL_OK);
        assert_true(made);
    }
    /* a.db kept its two newest; b.db's one copy was not rotated away with a.db's */
    assert_int_equal(count_daily(f->dir, "a", "2026110[34]"), 2);
    assert_int_equal(count_daily(f->dir, "a", "2026110[12]"), 0);
    assert_int_equal(count_daily(f->dir, "b", "20261101"), 1);
    int listed = 0;
    assert_int_equal(db_backup_list(f->path, count_listed, &listed, &err), LL_OK);
    assert_int_equal(listed, 2);
    /* a backup made by hand into the folder is named for its database too */
    char folder[300], written[4600];
    snprintf(folder, sizeof folder, "%s/backups", f->dir);
    assert_int_equal(db_backup(b, folder, written, sizeof written, &err), LL_OK);
    assert_non_null(strstr(written, "/backups/b-"));
    db_close(b);
    unsetenv("LIANLUO_TODAY");
}

/* The files in the demo's backups folder, besides . and .. (a copy, a .part, a journal). */
static int files_in_backups(const struct demo_fixture *d)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls -A '%s/backups' | wc -l", d->dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

/* The day's copy of a county, made while the screens save: it goes forward step by step to
 * 100 % and is never started again by the saves made meanwhile (it reads one snapshot), and
 * holds what was there when it began. */
static void test_daily_copy_goes_forward_while_saving(void **state)
{
    (void)state;
    struct demo_fixture d;
    struct ll_error err = {0};
    demo_fixture_open(&d, "daily");
    setenv("LIANLUO_TODAY", "2026-11-02", 1);
    int before = count_townships(d.path);
    struct db_backup_job *job = NULL;
    assert_int_equal(db_backup_daily_start(d.db, 3, &job, &err), LL_OK);
    assert_non_null(job);
    int last = 0, seen = 0, saves = 0, percent = 0;
    while (db_backup_daily_busy(job)) {
        bool checking = db_backup_daily_progress(job, &percent);
        if (percent < last)
            fail_msg("the copy went back from %d %% to %d %% (started again)", last, percent);
        assert_true(percent >= 0 && percent <= 100);
        assert_true(!checking || percent == 100);
        seen += percent != last;
        last = percent;
        char name[32];
        snprintf(name, sizeof name, "新乡镇%d", saves++);
        struct township t;
        assert_int_equal(township_ensure(d.db, name, &t, &err), LL_OK);
    }
    assert_true(db_backup_daily_progress(job, &percent));
    assert_int_equal(percent, 100);
    assert_false(db_backup_daily_cancelled(job));
    bool made = false;
    assert_int_equal(db_backup_daily_finish(job, &made, &err), LL_OK);
    assert_true(made);
    print_message("# %d saves while the copy was made; %d steps of progress seen\n", saves, seen);
    assert_true(saves > 1);
    char copy[256];
    snprintf(copy, sizeof copy, "%s/backups", d.dir);
    char cmd[320];
    snprintf(cmd, sizeof cmd, "ls %s/county-20261102-*.db", copy);
    FILE *p = popen(cmd, "r");
    assert_non_null(fgets(copy, sizeof copy, p));
    pclose(p);
    copy[strcspn(copy, "\n")] = '\0';
    /* what was there when the copy began reading (the thread first opens its files, while
     * the first townships are saved), not what was saved while it read */
    int in_copy = count_townships(copy);
    print_message("# the copy has %d townships of the %d before and %d after\n", in_copy, before,
                  before + saves);
    assert_true(in_copy >= before && in_copy < before + saves);
    assert_int_equal(count_townships(d.path), before + saves);
    assert_int_equal(files_in_backups(&d), 1);
    unsetenv("LIANLUO_TODAY");
    demo_fixture_close(&d);
}

/* Cancelled as soon as it starts: nothing is left in the folder, it is no failure, and the next
 * start makes the day's copy. */
static void test_daily_copy_cancelled(void **state)
{
    (void)state;
    struct demo_fixture d;
    struct ll_error err = {0};
    demo_fixture_open(&d, "cancel");
    setenv("LIANLUO_TODAY", "2026-11-03", 1);
    struct db_backup_job *job = NULL;
    assert_int_equal(db_backup_daily_start(d.db, 3, &job, &err), LL_OK);
    assert_non_null(job);
    db_backup_daily_cancel(job);
    while (db_backup_daily_busy(job))
        usleep(1000);
    assert_true(db_backup_daily_cancelled(job));
    char why[512] = "";
    assert_int_equal(db_backup_daily_failed(job, why, sizeof why), LL_OK);
    bool made = true;
    assert_int_equal(db_backup_daily_finish(job, &made, &err), LL_OK);
    assert_false(made);
    assert_int_equal(files_in_backups(&d), 0);
    /* the next start: today has no copy yet, so it is made */
    assert_int_equal(db_backup_daily(d.db, 3, &made, &err), LL_OK);
    assert_true(made);
    assert_int_equal(count_daily(d.dir, "county", "20261103"), 1);
    assert_int_equal(files_in_backups(&d), 1);
    unsetenv("LIANLUO_TODAY");
    demo_fixture_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_backup_then_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_refuses_what_is_not_a_sound_backup, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_daily_backups_rotate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_databases_one_backups_folder, setup, teardown),
        cmocka_unit_test(test_daily_copy_goes_forward_while_saving),
        cmocka_unit_test(test_daily_copy_cancelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
