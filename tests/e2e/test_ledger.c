/* test_ledger.c — a station administrator's morning: a reception with two deputies recorded
 * in the ledger, three problems raised at it, one closed; the month's counts change as a hand
 * count says; the ledger is found again by part of its summary and by a deputy's pinyin
 * initials; an old open problem shows as overdue. "Today" is fixed (LIANLUO_TODAY). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define STATION "桃花江镇人大代表中心联络站"
#define TOWN    "桃花江镇"
#define TODAY   "2026-03-16"

/* One township, its central station and three deputies in it; this PC is that station. */
static struct scenario *station_scenario(void)
{
    struct scenario *s = scenario_new("[site]\nrole = station\ntownship = " TOWN
                                      "\nstation = " STATION "\noperator = 李秀英\n"
                                      "[ui]\nlanguage = zh\n[ledger]\noverdue_days = 30\n");
    int n = 0;
    while (s->env[n])
        n++;
    s->env[n++] = "LIANLUO_TODAY=" TODAY;
    s->env[n] = NULL;
    char *out = NULL, *err = NULL;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n" STATION ",中心," TOWN "\n");
    assert_int_equal(scenario_cli(s, &out, &err, "import", "stations", csv, NULL), 0);
    free(out);
    free(err);
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "deputies.csv"));
    write_file(csv, "姓名,代表层级,乡镇,联络站\n张三,乡镇级," TOWN "," STATION "\n李四,县级," TOWN
                    "," STATION "\n王五,乡镇级," TOWN "," STATION "\n");
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 0);
    free(out);
    free(err);
    return s;
}

/* On a problem list: a, the problem's text (and another date), F2. Raised at an entry, the
 * first deputy present took it up (deputy); else nobody yet. */
static void add_problem(struct e2e *t, const char *date, const char *text, const char *deputy)
{
    KEYS(t, "a");
    ROW_IS(t, 0, " 群众反映的问题：新登记");
    AT(t, 1, -1, STATION);
    AT(t, 4, -1, deputy ? deputy : "（未选择）");
    KEYS(t, E2E_TAB); /* the date */
    if (date) {
        KEYS(t, "\x15"); /* Ctrl-U empties the field */
        KEYS(t, date);
    }
    for (int i = 0; i < 6; i++) /* category, name, phone, village, deputy → the problem */
        KEYS(t, E2E_TAB);
    KEYS(t, text);
    KEYS(t, E2E_F2);
    AT(t, 22, 0, "已登记。按 x 办理");
}

static void reception_with_problems(void **state)
{
    struct scenario *s = station_scenario();
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);

    /* the counts before: nothing */
    KEYS(t, "6"); /* a station's PC: its township's stations */
    ROW_IS(t, 0, " 统计：" TOWN "各联络站  2026 年");
    ROW_IS(t, 2, "桃花江镇中心    0    0    0    0    0    0     0      0     0     0     0     0");
    KEYS(t, E2E_ESC E2E_ESC); /* the townships, then the main menu */

    /* the entry: station and today are there already */
    KEYS(t, "4");
    AT(t, 0, 1, "联络站台账：" STATION "  2026 年");
    KEYS(t, "a");
    ROW_IS(t, 0, " 台账：新建");
    AT(t, 1, -1, STATION);
    AT(t, 2, -1, TODAY);
    KEYS(t, E2E_TAB E2E_TAB E2E_TAB); /* kind, date → time */
    KEYS(t, "9:30" E2E_TAB "15" E2E_TAB "联络站接待室" E2E_TAB);
    KEYS(t, E2E_ENTER); /* the deputies present: the station's, by pinyin */
    int r = ROW_OF(t, "[ ] 李四");
    AT(t, r + 1, -1, "[ ] 王五");
    AT(t, r + 2, -1, "[ ] 张三");
    KEYS(t, " " E2E_DOWN E2E_DOWN " " E2E_ENTER);
    AT(t, 5, -1, "李四、张三");
    KEYS(t, E2E_TAB "接待群众十五人次，反映村道破损和饮水问题");
    KEYS(t, E2E_F2);
    AT(t, 22, 0, "已保存。群众反映的问题请按 p 逐条登记。");
    r = ROW_OF(t, TODAY " 接待群众");
    AT(t, r, -1, "李四、张三");
    AT(t, r, -1, "15");

    /* two problems raised at it */
    KEYS(t, "p");
    AT(t, 0, 1, "群众反映的问题：" STATION " " TODAY " 09:30 接待群众");
    add_problem(t, NULL, "村道破损严重，雨天无法通行", "李四");
    add_problem(t, NULL, "饮水管道老化，水压不足", "李四");
    KEYS(t, E2E_HOME);
    AT(t, 22, 0, "共 2 条");

    /* the road one solved: x, 已解决 is the third status it may go to */
    AT(t, 2, -1, "村道破损");
    KEYS(t, "x");
    AT(t, 1, -1, "已交办");
    KEYS(t, E2E_RIGHT E2E_RIGHT);
    AT(t, 1, -1, "已解决");
    KEYS(t, E2E_F2); /* no answer to the constituent yet: refused */
    AT(t, 22, 0, "办结前请填写给群众的答复。");
    KEYS(t, "已安排修复，三月底前完工");
    KEYS(t, E2E_F2);
    AT(t, 22, 0, "已改为「已解决」");
    AT(t, 2, 11, "已解决");
    KEYS(t, "h");
    ROW_OF(t, TODAY " 已登记 改为 已解决");
    KEYS(t, E2E_ENTER);
    KEYS(t, E2E_ESC);

    /* back on the ledger: the entry has its 2 problems */
    r = ROW_OF(t, TODAY " 接待群众");
    AT(t, r, 53, "   2 "); /* the 问题 column */

    /* one raised in January on its own, still open: overdue */
    KEYS(t, E2E_ESC "5");
    AT(t, 0, 1, "群众反映的问题：" STATION);
    add_problem(t, "2026-01-10", "路灯损坏多时", NULL);
    KEYS(t, E2E_HOME); /* by the date raised: January's first */
    AT(t, 22, 0, "共 3 条");
    AT(t, 2, -1, "路灯损坏多时");
    AT(t, 2, 11, "已登记 超期"); /* 65 days without progress, more than 30 */

    /* the counts add up by hand: 1 reception, 15 person-times, 3 raised (all in 2026), 1
     * solved and closed, 2 open */
    KEYS(t, E2E_ESC "6");
    ROW_IS(t, 2, "桃花江镇中心    1    0    0    0    0    0     1     15     3     1     1     2");
    KEYS(t, "m"
            "\x15"
            "2026-03" E2E_ENTER);
    ROW_IS(t, 0, " 统计：" TOWN "各联络站  2026-03-01 ~ 2026-03-31");
    /* March: the January problem is not raised in the period, but is still open */
    ROW_IS(t, 2, "桃花江镇中心    1    0    0    0    0    0     1     15     2     1     1     2");
    KEYS(t, E2E_ESC); /* back to the townships, the same figures for the township */
    AT(t, 0, 1, "统计：各乡镇");
    ROW_IS(t, 2, TOWN "        1    0    0    0    0    0     1     15     2     1     1     2");
    KEYS(t, E2E_ESC);

    /* found again by part of its summary and by a deputy's pinyin initials */
    KEYS(t, "4"
            "/"
            "饮水问题" E2E_ENTER);
    AT(t, 22, 0, "共 1 条");
    KEYS(t, "/"
            "\x15"
            "zs" E2E_ENTER);
    AT(t, 22, 0, "共 1 条");
    KEYS(t, "/"
            "\x15"
            "ww" E2E_ENTER); /* 王五 was not there */
    ROW_OF(t, "没有符合条件的记录。");
    assert_int_equal(scenario_quit(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(reception_with_problems, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
