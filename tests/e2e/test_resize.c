/* test_resize.c — the terminal resized while a form is being typed into. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define NAME_ROW_80 " 姓名*     张三丰                       性别      未填"

/* 7. Type, grow to 100x30 and back, shrink to 70x20 (too small) and back: the text stays. */
static void resize_while_typing(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "2");
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表：新建");
    KEYS(t, "张三丰");
    ROW_IS(t, 1, NAME_ROW_80);

    SCREEN_CHECK(t, e2e_resize(t, 30, 100));
    assert_int_equal(e2e_rows(t), 30);
    assert_int_equal(e2e_cols(t), 100);
    ROW_IS(t, 0, " 代表：新建");
    AT(t, 1, 11, "张三丰");
    int g = e2e_find_col(t, 1, "性别");
    assert_true(g >= 40 && g < 100 - 4);
    AT(t, ROW_OF(t, "代表层级*"), 1, "代表层级*");
    AT(t, 29, 0, "F1 帮助  Esc 返回  F2 保存");
    assert_int_equal(e2e_find_row(t, "F2 保存"), 29);

    SCREEN_CHECK(t, e2e_resize(t, 24, 80));
    ROW_IS(t, 0, " 代表：新建");
    ROW_IS(t, 1, NAME_ROW_80);
    ROW_IS(t, 8, " 代表层级* [ ]全国 [ ]省级 [ ]市级 [ ]县级 [ ]乡镇级");
    AT(t, 23, 0, "F1 帮助  Esc 返回  F2 保存");
    for (int r = 0; r < 24; r++) { /* nothing left over from the wider screen */
        char *row = e2e_row_text(t, r);
        assert_non_null(row);
        free(row);
    }

    /* the text is still being edited: the cursor is where it was */
    KEYS(t, "x");
    AT(t, 1, 11, "张三丰x");
    KEYS(t, E2E_BACKSPACE);
    ROW_IS(t, 1, NAME_ROW_80);

    SCREEN_CHECK(t, e2e_resize(t, 20, 70));
    int r = ROW_OF(t, "终端太小，请至少 80×24");
    AT(t, r + 1, -1, "现在是 70×20");
    assert_int_equal(e2e_find_row(t, "张三丰"), -1);
    /* a key while too small does not reach the form */
    KEYS(t, "z");

    SCREEN_CHECK(t, e2e_resize(t, 24, 80));
    assert_int_equal(e2e_find_row(t, "终端太小"), -1);
    ROW_IS(t, 0, " 代表：新建");
    ROW_IS(t, 1, NAME_ROW_80);
    AT(t, 23, 0, "F1 帮助  Esc 返回  F2 保存");
    KEYS(t, "x");
    AT(t, 1, 11, "张三丰x");
    assert_int_equal(scenario_quit(s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(resize_while_typing, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
