/* test_kill.c — lianluo killed with SIGKILL at random moments of CSV imports, many times: after
 * every kill `lianluo check` passes, every import the program had confirmed (exit status 0) is
 * there whole, and a killed import left all of its rows or none. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>

#include "test_util.h"

#define ROUNDS 30
#define ROWS   300

static const char *const surnames[ROUNDS] = {
    "赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫", "蒋", "沈", "韩",
    "杨", "朱", "秦", "尤", "许", "何", "吕", "施", "张", "孔", "曹", "严", "华", "金", "魏"};
static const char *const given[20] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                      "春", "夏", "秋", "冬", "东", "南", "西", "北", "红", "明"};

/* How many tables the file has (0 for an empty or unreadable one). */
static int tables_of(const char *db)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static int rows_of(const char *db, const char *surname)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    if (tables_of(db) == 0) /* a first import killed before its first commit */
        return 0;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT count(*) FROM deputy WHERE substr(name, 1, 1) = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, surname, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/* Runs `lianluo import deputies csv` and kills it after delay_us (when it is still running);
 * returns its exit status, or -1 when it was killed. */
static int import_killed_after(struct scenario *s, const char *csv, long delay_us)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        for (int j = 0; s->env[j] != NULL; j++)
            putenv((char *)s->env[j]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(lianluo_exe(), lianluo_exe(), "--config", s->ini, "--db", s->db, "import", "deputies",
              csv, (char *)NULL);
        _exit(127);
    }
    /* until it ends by itself or the delay is up, then SIGKILL */
    int status;
    pid_t ended = 0;
    for (long waited = 0; waited < delay_us && (ended = waitpid(pid, &status, WNOHANG)) == 0;
         waited += 500) {
        struct timespec ts = {0, 500 * 1000};
        nanosleep(&ts, NULL);
    }
    if (ended == 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0)
            assert_int_equal(errno, EINTR);
    }
    if (WIFSIGNALED(status))
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
}

static void kills_during_imports(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    srand(20261129);
    int killed = 0, confirmed = 0;
    bool done[ROUNDS] = {false};
    for (int r = 0; r < ROUNDS; r++) {
        char csv[PATH_MAX + 64], name[32];
        snprintf(csv, sizeof csv, "%s", scenario_path(s, "round.csv"));
        size_t cap = 64 * ROWS + 64, n = 0;
        char *text = malloc(cap);
        n += (size_t)snprintf(text + n, cap - n, "姓名,代表层级,乡镇\n");
        for (int i = 0; i < ROWS; i++) {
            snprintf(name, sizeof name, "%s%s%s", surnames[r], given[i / 20 % 20], given[i % 20]);
            n += (size_t)snprintf(text + n, cap - n, "%s,县级,桃花江镇\n", name);
        }
        write_file(csv, text);
        free(text);
        /* every other round killed early, at a random moment; the others given time to end */
        long delay = r % 2 == 0 ? 2000 + rand() % 60000 : 20000000;
        int rc = import_killed_after(s, csv, delay);
        if (rc == -1)
            killed++;
        else {
            assert_int_equal(rc, 0);
            confirmed++;
            done[r] = true;
        }
        /* after each: the file is sound, confirmed imports whole, a killed one all or nothing */
        char *out = NULL, *err = NULL;
        /* a first import killed before its first commit leaves a file without tables (the
         * next opening makes it a database); `check` refuses such a file */
        bool empty = confirmed == 0 && tables_of(s->db) == 0;
        if (!empty && scenario_cli(s, &out, &err, "check", NULL) != 0 && access(s->db, F_OK) == 0)
            fail_msg("check after round %d: %s%s", r, out, err);
        free(out);
        free(err);
        for (int q = 0; q <= r && access(s->db, F_OK) == 0; q++) {
            int have = rows_of(s->db, surnames[q]);
            if (done[q] ? have != ROWS : have != 0 && have != ROWS)
                fail_msg("round %d: %d of %d rows (%s)", q, have, ROWS,
                         done[q] ? "confirmed" : "killed");
        }
    }
    print_message("# %d imports killed with SIGKILL, %d confirmed; after each: check passed, "
                  "nothing confirmed lost, no import half done\n",
                  killed, confirmed);
    assert_true(killed > 0);
    assert_true(confirmed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(kills_during_imports, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
