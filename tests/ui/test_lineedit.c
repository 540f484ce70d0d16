/* The line editor without a terminal: Chinese insert and delete, limits, cursor columns and
 * scrolling by whole characters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ui/keys.h"
#include "ui/lineedit.h"

static void type_text(struct lineedit *le, const char *s)
{
    struct lineedit tmp;
    assert_true(lineedit_init(&tmp, 256, 1024));
    lineedit_set(&tmp, s);
    for (int i = 0; i < tmp.len; i++)
        lineedit_insert(le, tmp.buf[i]);
    lineedit_free(&tmp);
}

static const char *content(const struct lineedit *le)
{
    static char out[1024];
    return lineedit_get(le, out, sizeof out);
}

static void test_insert_chinese(void **state)
{
    (void)state;
    struct lineedit le;
    assert_true(lineedit_init(&le, 20, 63));
    type_text(&le, "张三");
    assert_string_equal(content(&le), "张三");
    assert_int_equal(le.len, 2);
    assert_int_equal(le.cur, 2);
    assert_int_equal(lineedit_bytes(&le), 6);
    lineedit_home(&le);
    lineedit_right(&le);
    type_text(&le, "小");
    assert_string_equal(content(&le), "张小三");
    assert_int_equal(le.cur, 2);
    lineedit_free(&le);
}

static void test_delete_chinese(void **state)
{
    (void)state;
    struct lineedit le;
    assert_true(lineedit_init(&le, 20, 63));
    lineedit_set(&le, "桃花江镇a");
    assert_true(lineedit_backspace(&le));
    assert_string_equal(content(&le), "桃花江镇");
    assert_true(lineedit_backspace(&le));
    assert_string_equal(content(&le), "桃花江");
    lineedit_home(&le);
    assert_false(lineedit_backspace(&le));
    assert_true(lineedit_delete(&le));
    assert_string_equal(content(&le), "花江");
    lineedit_end(&le);
    assert_false(lineedit_delete(&le));
    lineedit_free(&le);
}

static void test_keys(void **state)
{
    (void)state;
    struct lineedit le;
    bool changed = false;
    assert_true(lineedit_init(&le, 20, 63));
    assert_true(lineedit_key(&le, 0x5F20 /* 张 */, &changed));
    assert_true(changed);
    assert_true(lineedit_key(&le, 'x', &changed));
    assert_true(lineedit_key(&le, KC(KEY_LEFT), &changed));
    assert_false(changed);
    assert_true(lineedit_key(&le, 0x7f, &changed)); /* Backspace deletes 张 */
    assert_true(changed);
    assert_string_equal(content(&le), "x");
    assert_false(lineedit_key(&le, '\t', &changed)); /* not the editor's */
    assert_false(lineedit_key(&le, KC(KEY_F(2)), &changed));
    lineedit_free(&le);
}

static void test_kill(void **state)
{
    (void)state;
    struct lineedit le;
    assert_true(lineedit_init(&le, 20, 63));
    lineedit_set(&le, "一二三四");
    lineedit_left(&le);
    lineedit_left(&le);
    assert_true(lineedit_key(&le, LL_CTRL('K'), NULL));
    assert_string_equal(content(&le), "一二");
    lineedit_left(&le);
    assert_true(lineedit_key(&le, LL_CTRL('U'), NULL));
    assert_string_equal(content(&le), "二");
    assert_int_equal(le.cur, 0);
    lineedit_free(&le);
}

static void test_limits(void **state)
{
    (void)state;
    struct lineedit le;
    /* 6 bytes of UTF-8: two Chinese characters fit, the third does not */
    assert_true(lineedit_init(&le, 20, 6));
    type_text(&le, "张三丰");
    assert_string_equal(content(&le), "张三");
    assert_false(lineedit_insert(&le, 'a'));
    lineedit_free(&le);
    /* 3 characters, plenty of bytes */
    assert_true(lineedit_init(&le, 3, 100));
    lineedit_set(&le, "abcdef");
    assert_string_equal(content(&le), "abc");
    assert_false(lineedit_insert(&le, 0x4E00));
    assert_false(lineedit_insert(&le, '\n')); /* control characters never go in */
    lineedit_free(&le);
}

static void test_cursor_columns(void **state)
{
    (void)state;
    struct lineedit le;
    char out[256];
    int col = -1;
    assert_true(lineedit_init(&le, 20, 63));
    lineedit_set(&le, "张三ab");
    lineedit_view(&le, 20, out, sizeof out, &col);
    assert_string_equal(out, "张三ab");
    assert_int_equal(col, 6);
    lineedit_home(&le);
    lineedit_right(&le);
    lineedit_view(&le, 20, out, sizeof out, &col);
    assert_int_equal(col, 2);
    lineedit_right(&le);
    lineedit_right(&le);
    lineedit_view(&le, 20, out, sizeof out, &col);
    assert_int_equal(col, 5);
    lineedit_free(&le);
}

static void test_scroll_whole_chars(void **state)
{
    (void)state;
    struct lineedit le;
    char out[256];
    int col = -1;
    assert_true(lineedit_init(&le, 20, 63));
    lineedit_set(&le, "一二三四五");
    /* at the end the cursor needs one column after the text: 4 columns of text fit in 5 */
    lineedit_view(&le, 5, out, sizeof out, &col);
    assert_string_equal(out, "四五");
    assert_int_equal(col, 4);
    assert_int_equal(le.scroll, 3);
    /* moving left within the window does not scroll */
    lineedit_left(&le);
    lineedit_view(&le, 5, out, sizeof out, &col);
    assert_string_equal(out, "四五");
    assert_int_equal(col, 2);
    /* moving past its left edge scrolls by whole characters */
    lineedit_left(&le);
    lineedit_left(&le);
    lineedit_view(&le, 5, out, sizeof out, &col);
    assert_int_equal(le.scroll, 2);
    assert_string_equal(out, "三四");
    assert_int_equal(col, 0);
    /* an odd width never shows half a wide character */
    lineedit_home(&le);
    lineedit_view(&le, 5, out, sizeof out, &col);
    assert_string_equal(out, "一二");
    assert_int_equal(col, 0);
    lineedit_free(&le);
}

static void test_scroll_mixed(void **state)
{
    (void)state;
    struct lineedit le;
    char out[256];
    int col = -1;
    assert_true(lineedit_init(&le, 20, 63));
    lineedit_set(&le, "ab一二");
    lineedit_home(&le);
    lineedit_view(&le, 4, out, sizeof out, &col);
    assert_string_equal(out, "ab一");
    assert_int_equal(col, 0);
    lineedit_end(&le);
    lineedit_view(&le, 4, out, sizeof out, &col);
    /* 二 (2) + the cursor cell (1) fit in 4; 一 before them would not */
    assert_string_equal(out, "二");
    assert_int_equal(col, 2);
    assert_int_equal(le.scroll, 3);
    lineedit_free(&le);
}

static void test_set_replaces(void **state)
{
    (void)state;
    struct lineedit le;
    assert_true(lineedit_init(&le, 10, 30));
    lineedit_set(&le, "旧内容");
    lineedit_set(&le, "新");
    assert_string_equal(content(&le), "新");
    assert_int_equal(le.cur, 1);
    lineedit_set(&le, NULL);
    assert_string_equal(content(&le), "");
    lineedit_free(&le);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_chinese),
        cmocka_unit_test(test_delete_chinese),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_kill),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_cursor_columns),
        cmocka_unit_test(test_scroll_whole_chars),
        cmocka_unit_test(test_scroll_mixed),
        cmocka_unit_test(test_set_replaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
