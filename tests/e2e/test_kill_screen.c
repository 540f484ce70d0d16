/* test_kill_screen.c — the screens killed with SIGKILL in the middle of saving, many times: each
 * round adds volunteers one after another through the form, then sends F2 for one more and
 * kills the program at a random moment around that save (from at once to twice as long as a
 * save takes). After every kill the file passes PRAGMA integrity_check, every save whose
 * "已保存。" was on the screen is in the database exactly once, and the one in flight is there
 * once or not at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <time.h>

#include "test_util.h"

#define STATION "桃花江镇人大代表中心联络站"
#define TOWN    "桃花江镇"
#define SAVED   "已保存。"
#define ROUNDS  20
#define PER     4 /* names per round: at most three confirmed saves, then the one killed */

static const char *const surnames[ROUNDS] = {"赵", "钱", "孙", "李", "周", "吴", "郑",
                                             "王", "冯", "陈", "褚", "卫", "蒋", "沈",
                                             "韩", "杨", "朱", "秦", "尤", "许"};
static const char *const given[PER] = {"一", "二", "三", "四"};

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* How many volunteers have this name; -1 when the file fails its integrity check. */
static int named(const char *db, const char *name)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    bool ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    int n = -1;
    if (ok) {
        assert_int_equal(
            sqlite3_prepare_v2(h, "SELECT count(*) FROM volunteer WHERE name = ?", -1, &st, NULL),
            SQLITE_OK);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

static void kills_during_screen_saves(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n" STATION ",中心联络站," TOWN "\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "stations", csv, NULL), 0);

    srand(20261129);
    /* what each name is known to be: 1 confirmed on the screen, 2 in flight at the kill */
    int known[ROUNDS][PER] = {{0}};
    int kills = 0, confirmed = 0, flight_kept = 0, flight_lost = 0, seen_before_kill = 0;
    long long save_us = 10000; /* a save's round trip, measured below */
    for (int r = 0; r < ROUNDS; r++) {
        struct e2e *t = scenario_start(s, 24, 80, NULL);
        KEYS(t, "1");
        AT(t, 2, -1, STATION);
        KEYS(t, "v");
        ROW_IS(t, 0, " 志愿者名单：" STATION);
        int saves = rand() % PER;
        char name[32];
        for (int i = 0; i <= saves; i++) {
            snprintf(name, sizeof name, "%s%s", surnames[r], given[i]);
            KEYS(t, "a");
            ROW_IS(t, 0, " 志愿者：新建");
            KEYS(t, name);
            if (i < saves) {
                long long t0 = now_us();
                KEYS(t, E2E_F2);
                save_us = now_us() - t0;
                AT(t, 22, 0, SAVED);
                ROW_OF(t, name);
                known[r][i] = 1;
                confirmed++;
                continue;
            }
            /* the last: F2, then SIGKILL at a random moment — sooner if "已保存。" shows */
            SCREEN_CHECK(t, e2e_send(t, E2E_F2));
            long long wait_ms = (rand() % (2 * save_us + 1)) / 1000;
            e2e_set_timeout(t, (int)wait_ms);
            bool seen = wait_ms > 0 && e2e_wait_text(t, SAVED);
            e2e_kill(t, SIGKILL);
            known[r][i] = seen ? 1 : 2;
            seen_before_kill += seen;
            confirmed += seen;
        }
        e2e_set_timeout(t, E2E_DEFAULT_TIMEOUT_MS);
        int rc = e2e_finish(t);
        s->t = NULL;
        assert_int_equal(rc, 128 + SIGKILL);
        kills++;
        /* after each kill: sound, every confirmed save there once, the one in flight at most
         * once */
        for (int q = 0; q <= r; q++) {
            for (int i = 0; i < PER && known[q][i] != 0; i++) {
                snprintf(name, sizeof name, "%s%s", surnames[q], given[i]);
                int have = named(s->db, name);
                if (have < 0)
                    fail_msg("round %d: integrity check failed after the kill", r);
                if (known[q][i] == 1 ? have != 1 : have > 1)
                    fail_msg("round %d: %s is there %d times (%s)", r, name, have,
                             known[q][i] == 1 ? "confirmed" : "in flight");
                if (q == r && known[q][i] == 2) {
                    flight_kept += have;
                    flight_lost += 1 - have;
                }
            }
        }
    }
    print_message("# %d kills with SIGKILL survived: %d saves confirmed on the screen (%d just "
                  "before the kill), all there once; of the saves in flight %d were kept, %d "
                  "lost whole; integrity_check ok after every kill\n",
                  kills, confirmed, seen_before_kill, flight_kept, flight_lost);
    assert_int_equal(kills, ROUNDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(kills_during_screen_saves, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
