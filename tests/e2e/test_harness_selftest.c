/* test_harness_selftest.c — the screen-test harness, driving tests/e2e/fake_tui.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* Fails the test, showing the screen, when cond does not hold. */
#define SCREEN_CHECK(t, cond)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            e2e_dump((t), stderr);                                                                 \
            fail_msg("%s", #cond);                                                                 \
        }                                                                                          \
    } while (0)

static struct e2e *start_fake(void)
{
    const char *path = getenv("FAKE_TUI");
    assert_non_null(path);
    const char *const argv[] = {path, NULL};
    struct e2e *t = e2e_start(argv, NULL, 24, 80);
    assert_non_null(t);
    SCREEN_CHECK(t, e2e_wait_idle(t));
    return t;
}

static int setup(void **state)
{
    *state = start_fake();
    return 0;
}

/* Tests that end the program themselves set *state to NULL. */
static int teardown(void **state)
{
    struct e2e *t = *state;
    if (t != NULL)
        e2e_send(t, "q"); /* otherwise finish would wait out the timeout, then kill */
    e2e_finish(t);
    return 0;
}

static long long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - since->tv_sec) * 1000 +
           (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Row row reads exactly want; on failure shows the screen (and frees before failing, as a
 * failed assertion does not return). */
static void check_row(struct e2e *t, int row, const char *want)
{
    char *got = e2e_row_text(t, row);
    bool ok = got != NULL && strcmp(got, want) == 0;
    char shown[256];
    snprintf(shown, sizeof shown, "%s", got != NULL ? got : "(no such row)");
    free(got);
    if (!ok) {
        e2e_dump(t, stderr);
        fail_msg("row %d: \"%s\" != \"%s\"", row, shown, want);
    }
}

static void title_at_start(void **state)
{
    struct e2e *t = *state;
    check_row(t, 0, "联络 测试");
    assert_int_equal(e2e_find_row(t, "联络"), 0);
    assert_int_equal(e2e_find_col(t, 0, "测试"), 5);
    assert_int_equal(e2e_find_row(t, "不在屏幕上"), -1);
    assert_int_equal(e2e_find_col(t, 1, "联络"), -1);
}

static void screen_text_trims_rows(void **state)
{
    struct e2e *t = *state;
    char *s = e2e_screen_text(t);
    assert_non_null(s);
    /* 24 rows: 23 separators, no trailing spaces, empty rows kept */
    const char *head = "联络 测试\n\n\n80x24\n-\n\n";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    size_t newlines = 0;
    for (const char *p = s; *p != '\0'; p++)
        newlines += *p == '\n';
    assert_int_equal(newlines, 23);
    assert_null(strstr(s, " \n"));
    free(s);
}

static void chinese_lands_at_column(void **state)
{
    struct e2e *t = *state;
    SCREEN_CHECK(t, e2e_keys(t, "张三x"));
    check_row(t, 2, "张三x");
    assert_int_equal(e2e_find_col(t, 2, "张"), 0);
    assert_int_equal(e2e_find_col(t, 2, "三"), 2);
    assert_int_equal(e2e_find_col(t, 2, "x"), 4);
    assert_true(e2e_screen_contains(t, "张三x"));
}

static void keys_one_at_a_time(void **state)
{
    struct e2e *t = *state;
    const char *keys[] = {"李", "四", "a", "，", "b"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        SCREEN_CHECK(t, e2e_keys(t, keys[i]));
    check_row(t, 2, "李四a，b");
    assert_int_equal(e2e_find_col(t, 2, "b"), 7);
}

static void named_keys_arrive(void **state)
{
    struct e2e *t = *state;
    static const struct {
        const char *bytes, *name;
    } keys[] = {
        {E2E_UP, "KEY_UP"},       {E2E_DOWN, "KEY_DOWN"},  {E2E_LEFT, "KEY_LEFT"},
        {E2E_RIGHT, "KEY_RIGHT"}, {E2E_HOME, "KEY_HOME"},  {E2E_END, "KEY_END"},
        {E2E_PGUP, "KEY_PPAGE"},  {E2E_PGDN, "KEY_NPAGE"}, {E2E_INSERT, "KEY_IC"},
        {E2E_DELETE, "KEY_DC"},   {E2E_F1, "KEY_F(1)"},    {E2E_F2, "KEY_F(2)"},
        {E2E_ESC, "ESC"},         {E2E_TAB, "^I"},         {E2E_BACKSPACE, "KEY_BACKSPACE"},
        {E2E_CTRL_S, "^S"},       {E2E_ENTER, "^J"},       {E2E_ESC, "ESC"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        SCREEN_CHECK(t, e2e_keys(t, keys[i].bytes));
        check_row(t, 4, keys[i].name);
    }
    check_row(t, 2, ""); /* none of them was taken for text */
}

static void resize_redraws(void **state)
{
    struct e2e *t = *state;
    SCREEN_CHECK(t, e2e_resize(t, 30, 100));
    assert_int_equal(e2e_rows(t), 30);
    assert_int_equal(e2e_cols(t), 100);
    check_row(t, 3, "100x30");
    SCREEN_CHECK(t, e2e_resize(t, 24, 80));
    check_row(t, 3, "80x24");
    check_row(t, 0, "联络 测试");
    SCREEN_CHECK(t, e2e_keys(t, "王"));
    check_row(t, 2, "王");
}

static void quit_exits_zero(void **state)
{
    struct e2e *t = *state;
    *state = NULL;
    SCREEN_CHECK(t, e2e_keys(t, "好"));
    assert_true(e2e_send(t, "q"));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_false(e2e_wait_idle(t)); /* the program exited: no marker, and no full timeout */
    assert_true(elapsed_ms(&t0) < E2E_DEFAULT_TIMEOUT_MS / 2);
    assert_false(e2e_keys(t, "x"));
    assert_int_equal(e2e_finish(t), 0);
}

static void timeout_returns_false(void **state)
{
    struct e2e *t = *state;
    e2e_set_timeout(t, 150);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_false(e2e_wait_text(t, "永远不会出现"));
    long long ms = elapsed_ms(&t0);
    assert_true(ms >= 140 && ms < 2000);
    assert_true(e2e_wait_idle(t)); /* still idle from before: nothing was sent */
    SCREEN_CHECK(t, e2e_keys(t, "z"));
    check_row(t, 2, "z");
}

static void killed_in_the_middle(void **state)
{
    struct e2e *t = *state;
    *state = NULL;
    SCREEN_CHECK(t, e2e_keys(t, "半"));
    e2e_kill(t, SIGKILL);
    assert_int_equal(e2e_finish(t), 128 + SIGKILL);
}

static void env_reaches_the_program(void **state)
{
    (void)state;
    const char *const argv[] = {
        "sh", "-c", "printf '%s|%s|%s' \"$E2E_SAMPLE\" \"$LIANLUO_TEST_IDLE\" \"$TERM\"", NULL};
    const char *const env[] = {"E2E_SAMPLE=人大=代表", NULL};
    struct e2e *t = e2e_start(argv, env, 24, 80);
    assert_non_null(t);
    SCREEN_CHECK(t, e2e_wait_text(t, "人大=代表|1|xterm-256color"));
    assert_int_equal(e2e_finish(t), 0);
}

static void missing_program(void **state)
{
    (void)state;
    const char *const argv[] = {"/nonexistent/lianluo", NULL};
    struct e2e *t = e2e_start(argv, NULL, 24, 80);
    assert_non_null(t);
    SCREEN_CHECK(t, e2e_wait_text(t, "cannot run /nonexistent/lianluo"));
    assert_false(e2e_wait_idle(t));
    assert_int_equal(e2e_finish(t), 127);
}

static void marker_split_across_reads(void **state)
{
    (void)state;
    const char stream[] = "ab\033[1m" E2E_IDLE_MARKER "\033\033]7777;id" E2E_IDLE_MARKER "z";
    const size_t len = sizeof stream - 1;
    for (size_t cut = 0; cut <= len; cut++) {
        size_t matched = 0;
        int n = e2e_scan_marker(&matched, stream, cut);
        n += e2e_scan_marker(&matched, stream + cut, len - cut);
        assert_int_equal(n, 2);
    }
    size_t matched = 0;
    int n = 0;
    for (size_t i = 0; i < len; i++) /* one byte per read */
        n += e2e_scan_marker(&matched, stream + i, 1);
    assert_int_equal(n, 2);
}

static void dump_shows_screen(void **state)
{
    struct e2e *t = *state;
    SCREEN_CHECK(t, e2e_keys(t, "赵"));
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    e2e_dump(t, f);
    fclose(f);
    assert_non_null(strstr(buf, "+-- screen 80x24 "));
    /* the border lines up: "|" + 80 columns + "|"; 联络 测试 is 9 columns in 17 bytes */
    char want[128];
    snprintf(want, sizeof want, "\n|联络 测试%*s|\n", 80 - 9, "");
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof want, "\n|赵%*s|\n", 80 - 2, "");
    assert_non_null(strstr(buf, want));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(title_at_start, setup, teardown),
        cmocka_unit_test_setup_teardown(screen_text_trims_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(chinese_lands_at_column, setup, teardown),
        cmocka_unit_test_setup_teardown(keys_one_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(named_keys_arrive, setup, teardown),
        cmocka_unit_test_setup_teardown(resize_redraws, setup, teardown),
        cmocka_unit_test_setup_teardown(quit_exits_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(timeout_returns_false, setup, teardown),
        cmocka_unit_test_setup_teardown(killed_in_the_middle, setup, teardown),
        cmocka_unit_test_setup_teardown(dump_shows_screen, setup, teardown),
        cmocka_unit_test(env_reaches_the_program),
        cmocka_unit_test(missing_program),
        cmocka_unit_test(marker_split_across_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
