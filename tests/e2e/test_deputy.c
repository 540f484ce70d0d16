/* test_deputy.c — adding deputies through the form, and searching the roster by pinyin
 * initials and by part of the name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define STATION "桃花江镇人大代表中心联络站"
#define TOWN    "桃花江镇"

/* One township with its central station, through `lianluo import stations`. */
static void import_station(struct scenario *s)
{
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n" STATION ",中心," TOWN "\n");
    char *out = NULL, *err = NULL;
    int rc = scenario_cli(s, &out, &err, "import", "stations", csv, NULL);
    if (rc != 0)
        fprintf(stderr, "import stations: %s%s", out ? out : "", err ? err : "");
    free(out);
    free(err);
    assert_int_equal(rc, 0);
}

/* From the open deputy form: name; phone (optional); township (the first offered); the
 * station (the first in the picker) when with_station; the levels ticked (indexes into
 * 全国 省级 市级 县级 乡镇级, ascending); F2. Back on the roster. */
static void add_deputy(struct e2e *t, const char *name, const char *phone, bool with_station,
                       const int *levels, int nlevels)
{
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表：新建");
    KEYS(t, name);
    for (int i = 0; i < 8; i++) /* gender … post → phone */
        KEYS(t, E2E_TAB);
    if (phone != NULL)
        KEYS(t, phone);
    KEYS(t, E2E_TAB); /* id card */
    KEYS(t, E2E_TAB); /* township */
    KEYS(t, E2E_ENTER);
    int r = ROW_OF(t, "选择乡镇");
    AT(t, r + 1, -1, TOWN);
    KEYS(t, E2E_ENTER);
    AT(t, 6, 50, TOWN);
    KEYS(t, E2E_TAB); /* station */
    if (with_station) {
        KEYS(t, E2E_ENTER);
        ROW_IS(t, 0, " 选择代表进的联络站");
        AT(t, 2, -1, STATION);
        KEYS(t, E2E_ENTER);
        AT(t, 7, 11, STATION);
    }
    KEYS(t, E2E_TAB); /* group */
    KEYS(t, E2E_TAB); /* levels, on 全国 */
    AT(t, 23, -1, "空格 勾选  左右 换一项");
    int at_level = 0;
    for (int i = 0; i < nlevels; i++) {
        for (; at_level < levels[i]; at_level++)
            KEYS(t, E2E_RIGHT);
        KEYS(t, " ");
    }
    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 代表名册");
    AT(t, 22, 0, "已保存。");
}

/* 3. 张三 with two levels, a phone and a station; 李四; / zs and / 三 find only 张三. */
static void add_and_search_deputies(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    import_station(s);
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "2");
    ROW_IS(t, 0, " 代表名册");
    ROW_OF(t, "没有记录。按 a 添加。");
    AT(t, 23, -1, "s 联络站 c 全部"); /* every key of the list fits in 80 columns */

    /* the form as typed, checked before saving; the key bar names what works on a text field */
    KEYS(t, "a");
    KEYS(t, "张三");
    ROW_IS(t, 1, " 姓名*     张三                         性别      未填");
    ROW_IS(t, 23, "F1 帮助  Esc 返回  F2 保存  Tab 下一项  Shift-Tab 上一项");
    KEYS(t, E2E_TAB); /* gender: a choice */
    ROW_IS(t, 23,
           "F1 帮助  Esc 返回  F2 保存  Tab 下一项  Shift-Tab 上一项  Enter 选择  左右 切换");
    KEYS(t, E2E_BTAB);
    ROW_IS(t, 23, "F1 帮助  Esc 返回  F2 保存  Tab 下一项  Shift-Tab 上一项");
    KEYS(t, E2E_ESC);
    KEYS(t, "y");
    ROW_IS(t, 0, " 代表名册");

    const int zhang_levels[] = {3, 4}; /* 县级 乡镇级 */
    /* the phone typed by an IME in full-width mode arrives as ASCII */
    add_deputy(t, "张三", "１３８０００００００１", true, zhang_levels, 2);
    const int li_levels[] = {0}; /* 全国 */
    add_deputy(t, "李四", NULL, false, li_levels, 1);

    int c_level = e2e_find_col(t, 1, "层级");
    int c_town = e2e_find_col(t, 1, "乡镇");
    int c_station = e2e_find_col(t, 1, "联络站");
    int c_phone = e2e_find_col(t, 1, "电话");
    assert_true(c_level > 0 && c_town > c_level && c_station > c_town && c_phone > c_station);
    int zr = ROW_OF(t, "张三"), lr = ROW_OF(t, "李四");
    assert_true(zr >= 2 && zr <= 3 && lr >= 2 && lr <= 3 && zr != lr);
    AT(t, zr, 0, "张三");
    AT(t, zr, c_level, "县级、乡镇级");
    AT(t, zr, c_town, TOWN);
    AT(t, zr, c_station, "桃花江镇人大代表中心联络站"); /* the whole name fits */
    AT(t, zr, c_phone, "13800000001");
    AT(t, lr, 0, "李四");
    AT(t, lr, c_level, "全国");
    AT(t, lr, c_station, "（未进站）");

    /* pinyin initials */
    KEYS(t, "/");
    ROW_IS(t, 22, "搜索（姓名、名称或拼音首字母，留空显示全部）：");
    KEYS(t, "zs");
    ROW_IS(t, 22, "搜索（姓名、名称或拼音首字母，留空显示全部）：zs");
    KEYS(t, E2E_ENTER);
    AT(t, 2, 0, "张三");
    ROW_IS(t, 3, "");
    assert_int_equal(e2e_find_row(t, "李四"), -1);
    AT(t, 22, 0, "共 1 条");
    AT(t, 22, -1, "搜索：zs");

    /* clear, then part of the name */
    KEYS(t, "c");
    AT(t, 22, 0, "共 2 条");
    ROW_OF(t, "李四");
    KEYS(t, "/");
    ROW_IS(t, 22, "搜索（姓名、名称或拼音首字母，留空显示全部）：");
    KEYS(t, "三");
    KEYS(t, E2E_ENTER);
    AT(t, 2, 0, "张三");
    ROW_IS(t, 3, "");
    assert_int_equal(e2e_find_row(t, "李四"), -1);
    AT(t, 22, 0, "共 1 条");
    AT(t, 22, -1, "搜索：三");

    /* and li finds only 李四 */
    KEYS(t, "c");
    KEYS(t, "/");
    KEYS(t, "ls");
    KEYS(t, E2E_ENTER);
    AT(t, 2, 0, "李四");
    assert_int_equal(e2e_find_row(t, "张三"), -1);

    /* the record opens with everything stored */
    KEYS(t, "c");
    KEYS(t, E2E_HOME);
    int row = ROW_OF(t, "张三");
    for (int i = 2; i < row; i++)
        KEYS(t, E2E_DOWN);
    KEYS(t, E2E_ENTER);
    ROW_IS(t, 0, " 代表：张三");
    AT(t, 1, 11, "张三");
    AT(t, 5, 50, "13800000001");
    AT(t, 7, 11, STATION);
    ROW_IS(t, 8, " 代表层级* [ ]全国 [ ]省级 [ ]市级 [x]县级 [x]乡镇级");
    assert_int_equal(scenario_quit(s), 0);

    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_non_null(strstr(out, "张三"));
    assert_non_null(strstr(out, "李四"));
    assert_int_equal(count_lines(out), 3);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(add_and_search_deputies, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
