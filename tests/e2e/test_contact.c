/* test_contact.c — the county congress office records a leader's contact with a deputy: from the
 * main menu (l), a new contact typed in Chinese with the deputy picked from the roster, refused
 * while its content is missing, saved with F2 and seen in the list; found again by part of its
 * content and by the leader's pinyin initials; its figures; deleted after confirming. "Today"
 * is fixed (LIANLUO_TODAY). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define STATION "桃花江镇人大代表中心联络站"
#define TOWN    "桃花江镇"
#define TODAY   "2026-03-16"

/* One township, its central station and two deputies; this PC is the county's. */
static struct scenario *county_scenario(void)
{
    struct scenario *s =
        scenario_new("[site]\nrole = county\noperator = 周敏\n[ui]\nlanguage = zh\n");
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
                    "," STATION "\n");
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 0);
    free(out);
    free(err);
    return s;
}

static void add_search_delete(void **state)
{
    struct scenario *s = county_scenario();
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);

    /* l on the main menu: this year's contacts, none yet */
    AT(t, 9, 9, "l  联系代表");
    KEYS(t, "l");
    ROW_IS(t, 0, " 联系代表：全部乡镇  2026 年");
    ROW_IS(t, 1, "日期       方式     联系领导 代表     协调事项 内容");
    ROW_OF(t, "这段时间没有联系代表的记录。按 a 新建，按 m 换一个期间。");
    ROW_IS(t, 23, "F1 帮助  Esc 返回  Enter 打开  a 添加  d 删除  / 搜索  m 期间  t 乡镇  k 方式");

    /* a new one: leader and post typed, the deputy picked from the roster by name */
    KEYS(t, "a");
    ROW_IS(t, 0, " 联系代表：新建");
    AT(t, 3, -1, "（未选择）");
    AT(t, 4, -1, TODAY);
    KEYS(t, "王建国" E2E_TAB "县人大常委会副主任" E2E_TAB E2E_ENTER);
    AT(t, 0, 1, "选择代表");
    KEYS(t, "/"
            "李四" E2E_ENTER);
    AT(t, 2, 0, "李四");
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 联系代表：新建");
    AT(t, 1, -1, "王建国");
    AT(t, 2, -1, "县人大常委会副主任");
    AT(t, 3, -1, "李四");
    /* the date, then 座谈 (the third mode), two items */
    KEYS(t, E2E_TAB "\x15"
                    "2026-03-10" E2E_TAB E2E_ENTER);
    ROW_OF(t, "接待来访");
    KEYS(t, E2E_DOWN E2E_DOWN E2E_ENTER);
    AT(t, 4, -1, "座谈");
    KEYS(t, E2E_TAB "\x15"
                    "2");
    /* without its content it is refused, and says why */
    KEYS(t, E2E_F2);
    AT(t, 22, 0, "请填写联系内容");
    KEYS(t, "座谈听取代表对农村公路养护的意见，协调县交通运输局安排养护资金");
    KEYS(t, E2E_F2);
    AT(t, 22, 0, "已保存。");
    ROW_IS(t, 0, " 联系代表：全部乡镇  2026 年");
    int r = ROW_OF(t, "2026-03-10 座谈");
    AT(t, r, 20, "王建国");
    AT(t, r, 29, "李四");
    AT(t, r, 45, "2 座谈听取代表"); /* the items, right-aligned, then the content */

    /* found by part of its content, and by the leader's pinyin initials */
    KEYS(t, "/"
            "公路养护" E2E_ENTER);
    AT(t, 22, 0, "共 1 条");
    ROW_OF(t, "王建国");
    KEYS(t, "/"
            "\x15"
            "wjg" E2E_ENTER);
    AT(t, 22, 0, "共 1 条");
    KEYS(t, "/"
            "\x15"
            "电话" E2E_ENTER);
    ROW_OF(t, "没有符合条件的记录。");
    KEYS(t, "c");
    AT(t, 22, 0, "共 1 条");

    /* the figures of the year */
    KEYS(t, "n");
    ROW_OF(t, "1 位领导联系代表 1 人次，联系了 1 位代表");
    KEYS(t, E2E_ENTER);

    /* deleted after confirming: n keeps it, y deletes it */
    KEYS(t, "d");
    ROW_OF(t, "确定删除 2026-03-10 王建国 联系 李四 的这条记录吗？");
    KEYS(t, "n");
    ROW_OF(t, "2026-03-10 座谈");
    KEYS(t, "d");
    KEYS(t, "y");
    AT(t, 22, 0, "已删除 2026-03-10 的联系记录。");
    assert_int_equal(e2e_find_row(t, "王建国"), -1);
    KEYS(t, E2E_ESC);
    AT(t, 0, -1, "主菜单");
    assert_int_equal(scenario_quit(s), 0);

    /* and it is gone from the file too */
    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "contacts", NULL), 0);
    assert_null(strstr(out, "王建国"));
    assert_non_null(strstr(out, "联系领导"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(add_search_delete, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
