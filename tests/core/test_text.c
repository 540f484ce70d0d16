/* Unit tests for src/core/text.c: decoding, widths, fitting and padding by screen columns. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lianluo/text.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_decode(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(text_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(text_decode("张", 3, &cp), 3); /* E5 BC A0 */
    assert_int_equal(cp, 0x5F20);
    assert_int_equal(text_decode("\xF0\xAA\x9A\xA5", 4, &cp), 4); /* 𪚥, plane 2 */
    assert_int_equal(cp, 0x2A6A5);
    assert_int_equal(text_decode("x", 0, &cp), 0);
    /* invalid: stray continuation, bad lead, overlong, surrogate, above U+10FFFF */
    const char *bad[] = {"\x80",
                         "\xFF",
                         "\xC0\xAF",
                         "\xE0\x80\xAF",
                         "\xED\xA0\x80",
                         "\xF4\x90\x80\x80",
                         "\xF5\x80\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(text_decode(bad[i], strlen(bad[i]), &cp), 1);
        assert_int_equal(cp, 0xFFFD);
    }
    /* a sequence cut by n is invalid, even when the bytes after n would complete it */
    assert_int_equal(text_decode("张", 2, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(text_decode("\xE5\xBC", 2, &cp), 1);
}

static void test_encode_roundtrip(void **state)
{
    const uint32_t cps[] = {0,      'a',    0x7F,    0x80,    0x7FF,   0x800,
                            0x5F20, 0xFFFD, 0x10000, 0x2A6A5, 0x10FFFF};
    char buf[4];
    uint32_t back;
    (void)state;

    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        size_t n = text_encode(cps[i], buf);
        assert_int_equal(text_decode(buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
    assert_int_equal(text_encode(0x5F20, buf), 3);
    assert_memory_equal(buf, "张", 3);
    assert_int_equal(text_encode(0xD800, buf), 3); /* a surrogate is written as U+FFFD */
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void check_widths(void)
{
    assert_int_equal(text_cp_width('A'), 1);
    assert_int_equal(text_cp_width('\t'), 0);
    assert_int_equal(text_cp_width(0x7F), 0);
    assert_int_equal(text_cp_width(0x85), 0);
    assert_int_equal(text_cp_width(0x5F20), 2);  /* 张 */
    assert_int_equal(text_cp_width(0x4DB5), 2);  /* Ext A */
    assert_int_equal(text_cp_width(0x2A6A5), 2); /* Ext B */
    assert_int_equal(text_cp_width(0xAC00), 2);  /* 가 */
    assert_int_equal(text_cp_width(0x3000), 2);  /* ideographic space */
    assert_int_equal(text_cp_width(0xFF0C), 2);  /* ， */
    assert_int_equal(text_cp_width(0x3002), 2);  /* 。 */
    assert_int_equal(text_cp_width(0x303F), 1);  /* half fill space */
    assert_int_equal(text_cp_width(0xFF61), 1);  /* halfwidth 。 */
    assert_int_equal(text_cp_width(0x0301), 0);  /* combining acute */
    assert_int_equal(text_cp_width(0x200B), 0);  /* zero width space */
    /* ambiguous width counts 1: “ … — · ① */
    assert_int_equal(text_cp_width(0x201C), 1);
    assert_int_equal(text_cp_width(0x2026), 1);
    assert_int_equal(text_cp_width(0x2014), 1);
    assert_int_equal(text_cp_width(0x00B7), 1);
    assert_int_equal(text_cp_width(0x2460), 1);
    assert_int_equal(text_cp_width(0x00E9), 1); /* é */
}

static void test_cp_width_c_locale(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    check_widths();
}

static void test_cp_width_utf8_locale(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        skip();
    check_widths();
    setlocale(LC_ALL, "C");
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("张三"), 4);
    assert_int_equal(text_width("Tom李"), 5);
    assert_int_equal(text_width("第1站，完成"), 11); /* 2+1+2+2+2+2 */
    assert_int_equal(text_width("“你好”"), 6);       /* ambiguous quotes count 1 */
    assert_int_equal(text_width("e\xCC\x81"), 1);    /* e + combining acute */
    assert_int_equal(text_width("a\xFF"
                                "b"),
                     3);                           /* invalid byte shows as one U+FFFD */
    assert_int_equal(text_width("张\xE5\xBC"), 4); /* a cut sequence: one U+FFFD per byte */
}

static void test_fit(void **state)
{
    int used = -1;
    (void)state;

    assert_int_equal(text_fit("张三丰", 6, &used), 9);
    assert_int_equal(used, 6);
    assert_int_equal(text_fit("张三丰", 5, &used), 6); /* 丰 would straddle column 5 */
    assert_int_equal(used, 4);
    assert_int_equal(text_fit("张三丰", 1, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(text_fit("张三丰", 0, &used), 0);
    assert_int_equal(text_fit("张三丰", -3, &used), 0);
    assert_int_equal(text_fit("ab张c", 3, &used), 2);
    assert_int_equal(used, 2);
    assert_int_equal(text_fit("ab张c", 4, &used), 5);
    assert_int_equal(used, 4);
    assert_int_equal(text_fit("ab", 10, NULL), 2);
    /* a combining mark stays with its base character */
    assert_int_equal(text_fit("e\xCC\x81x", 1, &used), 3);
    assert_int_equal(used, 1);
}

static void test_shorten(void **state)
{
    (void)state;
    char s[32];
    snprintf(s, sizeof s, "杨园村片区联络站");
    assert_false(text_shorten(s, sizeof s, 16)); /* fits: untouched */
    assert_string_equal(s, "杨园村片区联络站");
    assert_true(text_shorten(s, sizeof s, 9));
    assert_string_equal(s, "杨园村片~"); /* 8 columns of text and the mark */
    snprintf(s, sizeof s, "杨园村片区联络站");
    assert_true(text_shorten(s, sizeof s, 10)); /* 10 - 1 = 9: a wide char does not straddle */
    assert_string_equal(s, "杨园村片~");
    assert_int_equal(text_width(s), 9);
    snprintf(s, sizeof s, "abc");
    assert_true(text_shorten(s, sizeof s, 1));
    assert_string_equal(s, "~");
    assert_false(text_shorten(s, sizeof s, 0));
}

static void test_pad(void **state)
{
    char out[64];
    (void)state;

    assert_string_equal(text_pad(out, sizeof out, "ab", 4, TEXT_LEFT), "ab  ");
    assert_string_equal(text_pad(out, sizeof out, "ab", 4, TEXT_RIGHT), "  ab");
    assert_string_equal(text_pad(out, sizeof out, "张三", 6, TEXT_RIGHT), "  张三");
    assert_string_equal(text_pad(out, sizeof out, "张三", 7, TEXT_CENTER), " 张三  ");
    assert_string_equal(text_pad(out, sizeof out, "张三", 4, TEXT_CENTER), "张三");
    /* a wide character straddling the edge becomes a space, whatever the alignment */
    assert_string_equal(text_pad(out, sizeof out, "张三丰", 5, TEXT_LEFT), "张三 ");
    assert_string_equal(text_pad(out, sizeof out, "张三丰", 5, TEXT_RIGHT), "张三 ");
    assert_string_equal(text_pad(out, sizeof out, "a张", 2, TEXT_CENTER), "a ");
    assert_string_equal(text_pad(out, sizeof out, "Tom李雷", 6, TEXT_LEFT), "Tom李 ");
    assert_string_equal(text_pad(out, sizeof out, "", 3, TEXT_LEFT), "   ");
    assert_string_equal(text_pad(out, sizeof out, "abc", 0, TEXT_LEFT), "");
    assert_string_equal(text_pad(out, sizeof out, NULL, 2, TEXT_LEFT), "  ");
    /* invalid bytes come out as U+FFFD, one column each */
    assert_string_equal(text_pad(out, sizeof out, "a\xFF", 3, TEXT_LEFT), "a\xEF\xBF\xBD ");
    assert_int_equal(text_width(out), 3);
}

static void test_pad_small_buffer(void **state)
{
    char out[8];
    (void)state;

    /* 5 bytes of room: 张 (3) + one space + NUL; 三 does not fit and is not split */
    memset(out, 'x', sizeof out);
    assert_string_equal(text_pad(out, 5, "张三", 6, TEXT_LEFT), "张 ");
    assert_int_equal(out[5], 'x');
    assert_string_equal(text_pad(out, 1, "张三", 6, TEXT_LEFT), "");
    out[0] = 'q';
    text_pad(out, 0, "张三", 6, TEXT_LEFT); /* no room at all: untouched */
    assert_int_equal(out[0], 'q');
}

static void test_valid_utf8(void **state)
{
    (void)state;
    assert_true(text_valid_utf8("", 0));
    assert_true(text_valid_utf8("张三 abc", strlen("张三 abc")));
    assert_true(text_valid_utf8("a\0b", 3));
    assert_true(text_valid_utf8("\xF0\xAA\x9A\xA5", 4));
    assert_false(text_valid_utf8("张", 2));
    assert_false(text_valid_utf8("\xC0\x80", 2));
    assert_false(text_valid_utf8("\xED\xA0\x80", 3));
    assert_false(text_valid_utf8("\xF4\x90\x80\x80", 4));
    assert_false(text_valid_utf8("ab\xFE", 3));
    /* n bounds the check: the valid prefix alone is valid */
    assert_true(text_valid_utf8("ab\xFE", 2));
}

static void test_chars(void **state)
{
    (void)state;
    assert_int_equal(text_chars(""), 0);
    assert_int_equal(text_chars("张三abc"), 5);
    assert_int_equal(text_chars("a\xFF"
                                "b"),
                     3);
    assert_int_equal(text_chars("\xF0\xAA\x9A\xA5"), 1);
}

static void test_trim(void **state)
{
    char a[] = "\xE3\x80\x80 张三 \t\xE3\x80\x80";
    char b[] = "   ";
    char c[] = "  a b\n";
    char d[] = "x";
    char e[] = "\xE3\x80\x80";
    char f[] = "张\xE3\x80"; /* a cut U+3000 is not white space */
    (void)state;

    assert_string_equal(text_trim(a), "张三");
    assert_string_equal(text_trim(b), "");
    assert_string_equal(text_trim(c), "a b");
    assert_string_equal(text_trim(d), "x");
    assert_string_equal(text_trim(e), "");
    assert_string_equal(text_trim(f), "张\xE3\x80");
}

/* Random bytes biased toward UTF-8 lead and continuation bytes, in buffers of exactly the
 * given size (ASan catches any read past the NUL or the length), must keep the contracts. */
static void test_fuzz_bounds(void **state)
{
    static const unsigned char pool[] = {'a',  ' ',  0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xE5, 0xBC,
                                         0xED, 0xA0, 0xF0, 0xF4, 0x90, 0xFF, 0xE3, 0x9F};
    uint32_t seed = 12345;
    (void)state;

    for (int iter = 0; iter < 20000; iter++) {
        size_t len = (size_t)(iter % 13);
        char *raw = malloc(len ? len : 1);
        char *z = malloc(len + 1);
        char out[64];
        int used;
        uint32_t cp;
        assert_non_null(raw);
        assert_non_null(z);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            raw[i] = z[i] = (char)pool[(seed >> 16) % sizeof pool];
        }
        z[len] = '\0';
        for (size_t off = 0, n; off < len; off += n) {
            n = text_decode(raw + off, len - off, &cp);
            assert_true(n >= 1 && n <= len - off && cp <= 0x10FFFF);
        }
        text_valid_utf8(raw, len);
        int cols = (int)(seed % 9);
        size_t fit = text_fit(z, cols, &used);
        assert_true(fit <= len);
        assert_true(used <= cols);
        assert_true(text_width(z) >= 0);
        assert_true(text_chars(z) <= len);
        text_pad(out, sizeof out, z, cols, (enum text_align)(iter % 3));
        assert_int_equal(text_width(out), cols);
        assert_true(text_valid_utf8(out, strlen(out)));
        text_trim(z);
        assert_true(strlen(z) <= len);
        free(raw);
        free(z);
    }
}

static void test_append(void **state)
{
    (void)state;
    char buf[12] = "";
    text_append(buf, sizeof buf, "%s", "类型：");
    text_append(buf, sizeof buf, "%d", 7);
    assert_string_equal(buf, "类型：7");
    text_append(buf, sizeof buf, "%s", "abcdef"); /* full: cut, still terminated */
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_string_equal(buf, "类型：7a");
    text_append(buf, sizeof buf, "%s", "more"); /* nothing more fits */
    assert_string_equal(buf, "类型：7a");
}

static void test_wrap(void **state)
{
    (void)state;
    char piece[1024];
    const char *en = "Press F2 to save the station";
    /* 10 columns end inside "to": the line breaks before the word */
    assert_int_equal(text_wrap_point(en, strlen(en), 10), strlen("Press F2 "));
    assert_int_equal(text_wrap_lines(en, 12), 3); /* "Press F2 to" ... */
    /* Chinese breaks between any two characters, but a line never starts with "，" */
    const char *zh = "联络站已保存，共六项";
    assert_int_equal(text_wrap_point(zh, strlen(zh), 12), strlen("联络站已保"));
    assert_int_equal(text_wrap_point(zh, strlen(zh), 14), strlen("联络站已保存，"));
    assert_int_equal(text_wrap_point(zh, strlen(zh), 13), strlen("联络站已保"));
    /* two marks in a row: neither starts the next line */
    const char *marks = "设在村（社区），自动归属";
    assert_int_equal(text_wrap_point(marks, strlen(marks), 16), strlen("设在村（社区），"));
    assert_int_equal(text_wrap_point(marks, strlen(marks), 12), strlen("设在村（社"));
    assert_int_equal(text_wrap_point(marks, strlen(marks), 14), strlen("设在村（社"));
    /* nothing but marks: cut anyway */
    const char *only = "，，，，";
    assert_int_equal(text_wrap_point(only, strlen(only), 4), strlen("，，"));
    /* a word longer than the line is cut, since it has to go somewhere */
    const char *path = "/home/user/documents/lianluo.ini";
    assert_int_equal(text_wrap_point(path, strlen(path), 10), 10);
    /* a path after Chinese text moves down whole */
    const char *mixed = "配置文件 /tmp/a/b.ini 第 4 行";
    assert_int_equal(text_wrap_point(mixed, strlen(mixed), 16), strlen("配置文件 "));
    assert_int_equal(text_wrap_lines("一二\n三四", 80), 2);
    assert_int_equal(text_wrap_lines("", 80), 0);
    const char *indented = "a\n  b";
    assert_true(text_wrap_next(&indented, 80, piece, sizeof piece));
    assert_true(text_wrap_next(&indented, 80, piece, sizeof piece));
    assert_string_equal(piece, "  b"); /* indentation after a line break is kept */
    /* lines longer than the line buffer go on without losing a character */
    char long_text[3 * 1000 + 1] = "";
    for (int i = 0; i < 1000; i++)
        strcat(long_text, "字");
    assert_int_equal(text_wrap_lines(long_text, 80), 25);
    const char *p = long_text;
    size_t total = 0;
    while (text_wrap_next(&p, 80, piece, sizeof piece))
        total += strlen(piece);
    assert_int_equal(total, strlen(long_text));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode_roundtrip),
        cmocka_unit_test(test_cp_width_c_locale),
        cmocka_unit_test(test_cp_width_utf8_locale),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_shorten),
        cmocka_unit_test(test_pad),
        cmocka_unit_test(test_pad_small_buffer),
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_fuzz_bounds),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
