/* test_crash.c — the program killed in the middle of an edit loses only the unsaved form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

/* 8. Save 张三, type 李四 into a new form, SIGKILL: check passes, export has only 张三. */
static void kill_during_edit(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n桃花江镇人大代表中心联络站,中心,桃花江镇\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "stations", csv, NULL), 0);

    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "2");
    KEYS(t, "a");
    KEYS(t, "张三");
    for (int i = 0; i < 10; i++) /* → township */
        KEYS(t, E2E_TAB);
    KEYS(t, E2E_ENTER);
    KEYS(t, E2E_ENTER); /* the first township: 桃花江镇 */
    AT(t, 6, 50, "桃花江镇");
    KEYS(t, E2E_TAB);
    KEYS(t, E2E_TAB);
    KEYS(t, E2E_TAB); /* levels */
    KEYS(t, " ");     /* 全国 */
    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 代表名册");
    AT(t, 22, 0, "已保存。");
    AT(t, 2, 0, "张三");

    KEYS(t, "a");
    KEYS(t, "李四");
    AT(t, 1, 11, "李四");
    e2e_kill(t, SIGKILL);
    assert_int_equal(e2e_finish(t), 128 + SIGKILL);
    s->t = NULL;

    char *out = NULL, *err = NULL;
    int rc = scenario_cli(s, &out, &err, "check", NULL);
    if (rc != 0)
        fprintf(stderr, "check: %s%s", out ? out : "", err ? err : "");
    assert_int_equal(rc, 0);
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_non_null(strstr(out, "张三"));
    assert_null(strstr(out, "李四"));
    assert_int_equal(count_lines(out), 2);
    free(out);

    /* and the program starts again on that file */
    t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "2");
    AT(t, 2, 0, "张三");
    assert_int_equal(e2e_find_row(t, "李四"), -1);
    assert_int_equal(scenario_quit(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(kill_during_edit, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
