/* test_start.c — start-up on an empty database, F1 help, and a broken lianluo.ini. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

static const char *const menu_items[] = {"联络站网络",   "代表名册", "代表小组", "联络站台账",
                                         "群众反映问题", "联系代表", "统计报表", "待完善事项",
                                         "同步",         "本机设置", "帮助",     "退出"};
static const char menu_keys[] = "12345l67s890";

/* 1. The main menu with its twelve items (one line each at 80x24) and the key bar; q quits
 * with status 0. */
static void empty_database_menu_and_quit(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    AT(t, 0, 1, "人大代表联络站管理");
    AT(t, 0, -1, "主菜单");
    for (int i = 0; i < 12; i++) {
        int row = 4 + i;
        char num[2] = {menu_keys[i], '\0'};
        AT(t, row, 9, num);
        AT(t, row, 12, menu_items[i]);
    }
    AT(t, 4, 30, "中心联络站、片区联络站、六有标准、管理员和志愿者");
    ROW_IS(t, 23, "F1 帮助  上下方向键 选择  Enter 进入  0-9 s l 直接进入  q 退出");
    SCREEN_CHECK(t, e2e_send(t, "q"));
    assert_int_equal(e2e_finish(t), 0);
    s->t = NULL;
    /* the database now exists and is sound */
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* 10. F1 explains the current screen; any key (Esc here) comes back to the same screen. */
static void f1_help_for_current_screen(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, E2E_ENTER); /* 联络站网络 */
    ROW_IS(t, 0, " 联络站网络");
    KEYS(t, E2E_F1);
    ROW_IS(t, 0, " 帮助：联络站网络");
    AT(t, ROW_OF(t, "按键："), 2, "按键：");
    int r = ROW_OF(t, "按 v");
    assert_true(r > 1 && r < 8);
    int add = ROW_OF(t, "a / Insert");
    AT(t, add, 4, "a / Insert");
    AT(t, add, 26, "添加");
    AT(t, ROW_OF(t, "按乡镇"), 4, "t");
    ROW_IS(t, 23, "按任意键返回");
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 联络站网络");
    AT(t, 1, 0, "乡镇");
    AT(t, 23, 0, "F1 帮助 Esc 返回 Enter 打开 a 添加");
    assert_int_equal(e2e_find_row(t, "帮助："), -1);

    /* help of another screen: the deputy form */
    KEYS(t, E2E_ESC);
    KEYS(t, "2");
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表：新建");
    KEYS(t, E2E_F1);
    AT(t, 0, 1, "帮助：");
    ROW_OF(t, "一人可以同时是几级代表");
    AT(t, ROW_OF(t, "F2"), 4, "F2");
    ROW_OF(t, "空格"); /* the deputy form has boxes to tick */
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 代表：新建");
    AT(t, 1, 1, "姓名*");

    /* the group form has none: its help does not talk of them */
    KEYS(t, E2E_ESC);
    KEYS(t, E2E_ESC);
    KEYS(t, "3");
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表小组：新建");
    KEYS(t, E2E_F1);
    AT(t, 0, 1, "帮助：");
    ROW_OF(t, "清除所选");
    assert_int_equal(e2e_find_row(t, "空格"), -1);
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 代表小组：新建");

    /* help of the main menu */
    KEYS(t, E2E_ESC);
    KEYS(t, E2E_ESC);
    AT(t, 0, -1, "主菜单");
    KEYS(t, E2E_F1);
    AT(t, 0, 1, "帮助：");
    ROW_IS(t, 23, "按任意键返回");
    KEYS(t, E2E_ESC);
    AT(t, 0, -1, "主菜单");
    assert_int_equal(scenario_quit(s), 0);
}

/* 9. A broken lianluo.ini: the program starts with the defaults and names the file and line. */
static void broken_ini_reported(void **state)
{
    struct scenario *s = scenario_new("[site]\nrole = boss\n");
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    AT(t, 0, -1, "主菜单");
    /* defaults in use: role township */
    AT(t, 2, -1, "本机：未设置单位（乡镇人大）");
    int r = ROW_OF(t, "配置文件");
    assert_true(r >= 20 && r < 23);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "配置文件 %s 第 2 行", s->ini);
    AT(t, r, 0, want);
    AT(t, r, -1, "boss");
    ROW_IS(t, 23, "F1 帮助  上下方向键 选择  Enter 进入  0-9 s l 直接进入  q 退出");
    /* the program works: open a screen and come back */
    KEYS(t, "2");
    ROW_IS(t, 0, " 代表名册");
    KEYS(t, E2E_ESC);
    AT(t, 0, -1, "主菜单");
    assert_int_equal(scenario_quit(s), 0);
}

/* [ui] language = en: the screens, the key bar and the notices in English; the data stays as
 * it was typed. */
static void english_from_ini(void **state)
{
    struct scenario *s = scenario_new("[ui]\nlanguage = en\n");
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, "Deputies");
    AT(t, 0, -1, "Main menu");
    ROW_IS(t, 23, "F1 Help  Up/Down Pick  Enter Open  0-9 s l Go to  q Quit");
    assert_int_equal(e2e_find_row(t, "代表"), -1); /* nothing left in Chinese */
    KEYS(t, "2");
    ROW_IS(t, 0, " Deputies");
    AT(t, 22, 0, "Total 0");
    KEYS(t, "a");
    AT(t, 1, 1, "Name*");
    KEYS(t, "王芳");
    AT(t, 1, 12, "王芳");
    KEYS(t, E2E_ESC);
    ROW_OF(t, "Discard");
    KEYS(t, "y");
    ROW_IS(t, 0, " Deputies");
    assert_int_equal(scenario_quit(s), 0);
}

/* 本机设置: the unit's name shows in the title bar at once; the language is chosen with the
 * arrow keys and the next start speaks it. */
static void settings_name_and_language(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "8");
    AT(t, 0, 1, "本机设置");
    AT(t, 1, 1, "单位名称");
    KEYS(t, "桃花江镇人大");
    for (int i = 0; i < 5; i++)
        KEYS(t, E2E_TAB);
    AT(t, 6, 1, "界面语言");
    AT(t, 6, 11, "中文");
    KEYS(t, E2E_RIGHT);
    AT(t, 6, 11, "English");
    /* a station that is not there is refused (the lists would quietly show every station) */
    KEYS(t, E2E_BTAB E2E_BTAB "不存在的站" E2E_F2);
    AT(t, 22, 0, "没有叫「不存在的站」的联络站");
    KEYS(t, "\x15" E2E_F2);
    AT(t, 0, -1, "主菜单");
    AT(t, 0, -1, "桃花江镇人大");
    assert_int_equal(scenario_quit(s), 0);

    t = scenario_start(s, 24, 80, "Deputies");
    AT(t, 0, -1, "Main menu");
    AT(t, 0, -1, "桃花江镇人大");
    assert_int_equal(scenario_quit(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(empty_database_menu_and_quit, scenario_teardown),
        cmocka_unit_test_teardown(f1_help_for_current_screen, scenario_teardown),
        cmocka_unit_test_teardown(broken_ini_reported, scenario_teardown),
        cmocka_unit_test_teardown(english_from_ini, scenario_teardown),
        cmocka_unit_test_teardown(settings_name_and_language, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
