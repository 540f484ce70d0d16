/* test_form_edit.c — the line editor on Chinese text, and Esc with unsaved changes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_util.h"

#define NAME_COL     11 /* the name field of the deputy form starts here */
#define GENDER_LABEL 40 /* the next label on the same row */

/* The text of the name field (row 1 between the label and 性别), spaces trimmed. */
static char *name_field(struct e2e *t)
{
    char *row = e2e_row_text(t, 1);
    assert_non_null(row);
    const char *start = strstr(row, "姓名*");
    const char *end = strstr(row, "性别");
    assert_non_null(start);
    assert_non_null(end);
    start += strlen("姓名*");
    while (*start == ' ')
        start++;
    const char *stop = end;
    while (stop > start && stop[-1] == ' ')
        stop--;
    char *text = strndup(start, (size_t)(stop - start));
    free(row);
    return text;
}

static void check_name(struct e2e *t, const char *want)
{
    char *got = name_field(t);
    bool ok = strcmp(got, want) == 0;
    if (!ok) {
        e2e_dump(t, stderr);
        fail_msg("name field \"%s\", want \"%s\"", got, want);
    }
    free(got);
}

/* Where the cursor is: type a probe character, see where it lands, take it back out. */
static int cursor_col(struct e2e *t)
{
    KEYS(t, "|");
    int col = e2e_find_col(t, 1, "|");
    KEYS(t, E2E_BACKSPACE);
    assert_int_equal(e2e_find_col(t, 1, "|"), -1);
    return col;
}

static struct e2e *open_deputy_form(struct scenario *s)
{
    struct e2e *t = scenario_start(s, 24, 80, NULL);
    KEYS(t, "2");
    ROW_IS(t, 0, " 代表名册");
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表：新建");
    return t;
}

/* 4. 张三丰, Left twice, Backspace deletes 张; long text scrolls by whole characters. */
static void edit_chinese_text(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = open_deputy_form(s);
    KEYS(t, "张三丰");
    check_name(t, "张三丰");
    AT(t, 1, NAME_COL, "张三丰");
    assert_int_equal(cursor_col(t), NAME_COL + 6);
    KEYS(t, E2E_LEFT);
    assert_int_equal(cursor_col(t), NAME_COL + 4);
    KEYS(t, E2E_LEFT);
    assert_int_equal(cursor_col(t), NAME_COL + 2);
    KEYS(t, E2E_BACKSPACE);
    check_name(t, "三丰");
    AT(t, 1, NAME_COL, "三丰");
    assert_int_equal(cursor_col(t), NAME_COL);
    AT(t, 1, GENDER_LABEL, "性别");
    /* Home / End / Delete */
    KEYS(t, E2E_END);
    assert_int_equal(cursor_col(t), NAME_COL + 4);
    KEYS(t, E2E_HOME);
    KEYS(t, E2E_DELETE);
    check_name(t, "丰");
    KEYS(t, E2E_BACKSPACE); /* at the start: nothing to delete */
    check_name(t, "丰");
    KEYS(t, E2E_DELETE);
    check_name(t, "");

    /* past the visible width: an ASCII letter first, so that a scroll by columns would cut a
     * wide character in half */
    const char *chars[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九",
                           "十", "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
    /* 19 characters: one short of the field's 20, so the cursor probe still fits */
    char typed[128] = "a";
    KEYS(t, "a");
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        KEYS(t, chars[i]);
        strcat(typed, chars[i]);
        char *shown = name_field(t);
        size_t tl = strlen(typed), sl = strlen(shown);
        /* what is shown is the end of what was typed, cut at a character boundary */
        bool suffix = sl > 0 && sl <= tl && strcmp(typed + tl - sl, shown) == 0;
        bool whole = (unsigned char)shown[0] < 0x80 || ((unsigned char)shown[0] & 0xC0) == 0xC0;
        if (!suffix || !whole) {
            e2e_dump(t, stderr);
            fail_msg("after %zu characters the field shows \"%s\"", i + 2, shown);
        }
        free(shown);
        AT(t, 1, GENDER_LABEL, "性别"); /* never drawn over the next field */
    }
    /* it did scroll: the start is gone, the end is there */
    char *shown = name_field(t);
    assert_null(strstr(shown, "一"));
    assert_non_null(strstr(shown, "己庚辛"));
    free(shown);
    int col = e2e_find_col(t, 1, "辛");
    assert_true(col > NAME_COL && col + 2 <= GENDER_LABEL - 1);
    /* the cursor is right after the last character (typing there scrolls the view, so compare
     * with the probe on the screen) */
    KEYS(t, "|");
    AT(t, 1, e2e_find_col(t, 1, "辛") + 2, "|");
    AT(t, 1, -1, "辛|");
    KEYS(t, E2E_BACKSPACE);
    /* back to the start: the first characters come back into view */
    KEYS(t, E2E_HOME);
    AT(t, 1, NAME_COL, "a一二三");
    assert_int_equal(cursor_col(t), NAME_COL);
    KEYS(t, E2E_END);
    AT(t, 1, -1, "己庚辛");
    assert_int_equal(scenario_quit(s), 0);
}

/* 5. Esc with unsaved changes asks; n keeps the form and the text; Esc, y leaves unsaved. */
static void esc_with_unsaved_changes(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    struct e2e *t = open_deputy_form(s);
    KEYS(t, "张三丰");
    KEYS(t, E2E_ESC);
    int q = ROW_OF(t, "有未保存的修改，确定放弃吗？");
    AT(t, ROW_OF(t, "y 是    n 否"), -1, "y 是    n 否");
    assert_true(q > 1);
    KEYS(t, "n");
    assert_int_equal(e2e_find_row(t, "有未保存的修改"), -1);
    ROW_IS(t, 0, " 代表：新建");
    check_name(t, "张三丰");
    /* still editing the same field, cursor at the end */
    KEYS(t, "x");
    check_name(t, "张三丰x");
    KEYS(t, E2E_BACKSPACE);
    check_name(t, "张三丰");

    KEYS(t, E2E_ESC);
    ROW_OF(t, "有未保存的修改，确定放弃吗？");
    KEYS(t, "y");
    ROW_IS(t, 0, " 代表名册");
    ROW_OF(t, "没有记录。按 a 添加。");
    AT(t, 22, 0, "共 0 条");
    assert_int_equal(e2e_find_row(t, "张三丰"), -1);

    /* a form with nothing typed leaves without asking */
    KEYS(t, "a");
    ROW_IS(t, 0, " 代表：新建");
    KEYS(t, E2E_ESC);
    ROW_IS(t, 0, " 代表名册");
    assert_int_equal(scenario_quit(s), 0);

    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_null(strstr(out, "张三丰"));
    assert_int_equal(count_lines(out), 1);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(edit_chinese_text, scenario_teardown),
        cmocka_unit_test_teardown(esc_with_unsaved_changes, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
