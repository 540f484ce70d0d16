/* test_station.c — adding a station through the screens, and deleting one that still has
 * deputies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define STATION "桃花江镇人大代表中心联络站"
#define TOWN    "桃花江镇"

/* 2. Menu → 联络站网络 → a, fill the form, tick a have with a Chinese date, F2. */
static void add_station_through_screens(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "1");
    ROW_IS(t, 0, " 联络站网络");
    ROW_OF(t, "没有记录。按 a 添加。");
    AT(t, 22, 0, "共 0 条");

    KEYS(t, "a");
    ROW_IS(t, 0, " 联络站：新建");
    AT(t, 1, 1, "类型*");
    AT(t, 1, 13, "片区联络站"); /* the default kind */
    KEYS(t, E2E_LEFT);
    AT(t, 1, 13, "中心联络站");

    /* township: the chooser offers only "new" on an empty database */
    KEYS(t, E2E_TAB);
    AT(t, 22, 0, "Enter 选择乡镇");
    KEYS(t, E2E_ENTER);
    int r = ROW_OF(t, "选择乡镇");
    AT(t, r + 1, -1, "新增乡镇，输入名称");
    KEYS(t, E2E_ENTER);
    ROW_OF(t, "新乡镇名称：");
    KEYS(t, TOWN);
    ROW_OF(t, "新乡镇名称：" TOWN);
    KEYS(t, E2E_ENTER);
    assert_int_equal(e2e_find_row(t, "新乡镇名称"), -1);
    AT(t, 1, 40, "乡镇*");
    AT(t, 1, 52, TOWN);

    KEYS(t, E2E_TAB);
    KEYS(t, STATION);
    ROW_IS(t, 2, " 名称*       " STATION);
    ROW_IS(t, 3, " 上级中心站  （无）"); /* shown, not edited: the model works it out */

    /* name → village, address, admin, phone, hours, note → have 1 */
    for (int i = 0; i < 7; i++)
        KEYS(t, E2E_TAB);
    AT(t, 22, 0, "空格 勾选或取消");
    KEYS(t, " ");
    ROW_IS(t, 10, " [x] 有工作场所  日期              备注");
    KEYS(t, E2E_TAB);
    AT(t, 22, 0, "达标日期");
    KEYS(t, "2024年3月1日");
    /* the 11-column field scrolls by whole characters: "2024年3月1日" is 12 columns */
    AT(t, 10, 22, "24年3月1日");
    ROW_IS(t, 11, " [ ] 有标识标牌  日期              备注");
    KEYS(t, E2E_TAB); /* left: the field shows its beginning again */
    AT(t, 10, 22, "2024年3月1 ");

    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 联络站网络");
    AT(t, 22, 0, "已保存。");
    int hdr_have = e2e_find_col(t, 1, "六有");
    int hdr_name = e2e_find_col(t, 1, "名称");
    assert_true(hdr_have > 0 && hdr_name > 0);
    AT(t, 2, 0, TOWN);
    AT(t, 2, 11, "中心");
    AT(t, 2, hdr_name, STATION);
    AT(t, 2, hdr_have + 1, "1/6"); /* right-aligned under the 4-column 六有 */
    AT(t, 2, -1, "0  1/6");        /* no deputies yet */
    assert_int_equal(e2e_find_row(t, "没有记录"), -1);

    /* reopen: the date is stored in ISO form */
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 联络站：" STATION);
    AT(t, 1, 13, "中心联络站");
    AT(t, 1, 52, TOWN);
    ROW_IS(t, 10, " [x] 有工作场所  日期 2024-03-01   备注");
    for (int i = 11; i <= 15; i++)
        AT(t, i, 1, "[ ]");
    KEYS(t, E2E_ESC); /* nothing changed: no question */
    ROW_IS(t, 0, " 联络站网络");
    assert_int_equal(scenario_quit(s), 0);

    /* on disk */
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "export", "stations", NULL), 0);
    assert_non_null(out);
    assert_non_null(strstr(out, STATION));
    assert_non_null(strstr(out, "2024-03-01"));
    assert_non_null(strstr(out, TOWN));
    assert_int_equal(count_lines(out), 2);
    free(out);
    free(err);
}

/* 6. d on a central station with deputies and an area station: the question says the area
 * station loses its central station; the deputies go to the area station (the chooser does
 * not offer the station being deleted); with no other station left, the only choice is "none".
 * Set up with `lianluo import deputies`. */
#define AREA "竹山村片区联络站"
static void delete_station_with_deputy(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "roster.csv"));
    write_file(csv, "姓名,代表层级,乡镇,联络站,联系电话\n"
                    "王五,县级,桃花江镇," STATION ",13900000002\n"
                    "赵六,乡镇级,桃花江镇," AREA ",13900000003\n");
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 0);
    assert_non_null(strstr(out, "新增 2 条"));
    free(out);
    free(err);

    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "1");
    ROW_IS(t, 0, " 联络站网络");
    int hdr_count = e2e_find_col(t, 1, "代表数");
    assert_true(hdr_count > 0);
    AT(t, 2, -1, STATION);
    AT(t, 2, hdr_count + 5, "1"); /* right-aligned under 代表数 */
    AT(t, 3, -1, AREA);
    AT(t, 22, 0, "共 2 条");
    /* the area station's form shows the central station it hangs under */
    KEYS(t, E2E_DOWN);
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 联络站：" AREA);
    ROW_OF(t, " 上级中心站  " STATION);
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 联络站网络");
    KEYS(t, E2E_UP);

    KEYS(t, "d");
    ROW_OF(t, "确定删除联络站");
    ROW_OF(t, "本乡镇 1 个片区联络站将没有上级中");
    ROW_OF(t, "y 是    n 否");
    KEYS(t, "y");
    int title = ROW_OF(t, "该站还有 1 名代表，他们转到哪里？");
    AT(t, title + 1, -1, "不分配联络站（以后再安排）");
    AT(t, title + 2, -1, "转到本乡镇的另一个联络站");
    KEYS(t, E2E_ENTER); /* the second is chosen at first */
    ROW_OF(t, "代表转到哪个联络站");
    ROW_OF(t, AREA);
    assert_int_equal(e2e_find_row(t, STATION), -1);
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 联络站网络");
    ROW_IS(t, 22, "已删除联络站 " STATION "，代表已转到 " AREA "。");
    AT(t, 2, -1, AREA);
    AT(t, 2, hdr_count + 5, "2");

    /* the last station of the township: the deputies can only be left without one */
    KEYS(t, "d");
    ROW_OF(t, "确定删除联络站 " AREA);
    KEYS(t, "y");
    title = ROW_OF(t, "该站还有 2 名代表，他们转到哪里？");
    AT(t, title + 1, -1, "不分配联络站（以后再安排）");
    assert_int_equal(e2e_find_row(t, "转到本乡镇的另一个联络站"), -1);
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 联络站网络");
    AT(t, 3, 2, "没有记录。按 a 添加。");
    ROW_IS(t, 22, "已删除联络站 " AREA "，代表改为未分配联络站。");

    KEYS(t, E2E_ESC);
    KEYS(t, "2");
    ROW_IS(t, 0, " 代表名册");
    int hdr_station = e2e_find_col(t, 1, "联络站");
    AT(t, 2, 0, "王五");
    AT(t, 2, hdr_station, "（未进站）");
    AT(t, 2, -1, "13900000002");
    assert_int_equal(scenario_quit(s), 0);

    assert_int_equal(scenario_cli(s, &out, &err, "export", "stations", NULL), 0);
    assert_null(strstr(out, STATION));
    assert_int_equal(count_lines(out), 1);
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, &out, &err, "export", "deputies", NULL), 0);
    assert_non_null(strstr(out, "王五"));
    assert_null(strstr(out, STATION));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* v on a station: its volunteers; a form of text fields only, where Enter moves on; the phone
 * typed with spaces is kept as digits. */
static void add_volunteer(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n" STATION ",中心联络站," TOWN "\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "stations", csv, NULL), 0);
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "1");
    AT(t, 2, -1, STATION);
    KEYS(t, "v");
    ROW_IS(t, 0, " 志愿者名单：" STATION);
    KEYS(t, "a");
    AT(t, 1, 1, "姓名*");
    KEYS(t, "王芳");
    KEYS(t, E2E_ENTER);
    KEYS(t, "138 0737 0000");
    KEYS(t, E2E_ENTER);
    KEYS(t, "负责接待登记");
    AT(t, 1, -1, "王芳");
    AT(t, 2, -1, "138 0737 0000");
    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 志愿者名单：" STATION);
    AT(t, 2, 0, "王芳");
    AT(t, 2, -1, "13807370000");
    AT(t, 2, -1, "负责接待登记");
    /* deleting the station says the volunteer goes with it; n keeps everything */
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 联络站网络");
    KEYS(t, "d");
    ROW_OF(t, "1 名志愿者也一并删除");
    KEYS(t, "n");
    AT(t, 2, -1, STATION);
    assert_int_equal(scenario_quit(s), 0);

    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "volunteers", NULL), 0);
    assert_non_null(strstr(out, "王芳,=\"13807370000\",负责接待登记")); /* digits kept as text */
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(add_station_through_screens, scenario_teardown),
        cmocka_unit_test_teardown(delete_station_with_deputy, scenario_teardown),
        cmocka_unit_test_teardown(add_volunteer, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
