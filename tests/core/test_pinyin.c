/* Unit tests for src/core/pinyin.c: initials from the embedded Unihan table, and matching. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lianluo/pinyin.h"

#include <string.h>

#define BIT(c) (1u << ((c) - 'a'))

static void test_mask(void **state)
{
    (void)state;
    assert_int_equal(pinyin_initials_mask(0x5F20), BIT('z'));                       /* 张 */
    assert_int_equal(pinyin_initials_mask(0x66FE), BIT('z') | BIT('c'));            /* 曾 */
    assert_int_equal(pinyin_initials_mask(0x5355), BIT('d') | BIT('s') | BIT('c')); /* 单 */
    assert_int_equal(pinyin_initials_mask(0x91CD), BIT('z') | BIT('c'));            /* 重 */
    /* historical readings (淑 chù in 汉语大字典) do not make a search find the wrong people */
    assert_int_equal(pinyin_initials_mask(0x6DD1), BIT('s'));            /* 淑 */
    assert_int_equal(pinyin_initials_mask(0x884C), BIT('x') | BIT('h')); /* 行 */
    assert_int_equal(pinyin_initials_mask(0x4E50), BIT('l') | BIT('y')); /* 乐 */
    assert_int_equal(pinyin_initials_mask(0x963F), BIT('a') | BIT('e')); /* 阿 */
    assert_int_equal(pinyin_initials_mask(0x3400), BIT('q'));            /* Ext A */
    assert_int_equal(pinyin_initials_mask(0x2A6A5), BIT('z'));           /* 𪚥 */
    assert_int_equal(pinyin_initials_mask('a'), 0);
    assert_int_equal(pinyin_initials_mask(0x3002), 0); /* 。 */
    assert_int_equal(pinyin_initials_mask(0x110000), 0);
}

static void test_initials(void **state)
{
    char out[32];
    (void)state;

    assert_string_equal(pinyin_initials("张三丰", out, sizeof out), "zsf");
    assert_string_equal(pinyin_initials("张三", out, sizeof out), "zs");
    assert_string_equal(pinyin_initials("曾国藩", out, sizeof out), "cgf"); /* kMandarin céng */
    assert_string_equal(pinyin_initials("重庆", out, sizeof out), "zq");    /* kMandarin zhòng */
    assert_string_equal(pinyin_initials("长沙", out, sizeof out), "cs");    /* cháng in names */
    assert_string_equal(pinyin_initials("Tom李", out, sizeof out), "toml");
    assert_string_equal(pinyin_initials("第3组 王五", out, sizeof out), "d3zww");
    assert_string_equal(pinyin_initials("买买提·艾力", out, sizeof out), "mmtal");
    assert_string_equal(pinyin_initials("ＴＯＭ李", out, sizeof out), "toml"); /* full width */
    assert_string_equal(pinyin_initials("，。！", out, sizeof out), "");
    assert_string_equal(pinyin_initials("", out, sizeof out), "");
    assert_string_equal(pinyin_initials("a\xFF"
                                        "b",
                                        out, sizeof out),
                        "ab");
    /* the output is cut, never overrun */
    assert_string_equal(pinyin_initials("张三丰", out, 3), "zs");
    assert_string_equal(pinyin_initials("张三丰", out, 1), "");
}

static void test_match(void **state)
{
    (void)state;
    assert_true(pinyin_match("张三", "zs"));
    assert_true(pinyin_match("张三", "ZS"));
    assert_true(pinyin_match("张三丰", "zsf"));
    assert_true(pinyin_match("张三丰", "sf"));
    assert_true(pinyin_match("张三丰", "s"));
    /* a list of names: each name matches, never the end of one with the start of the next */
    assert_true(pinyin_match("张三、李四", "ls"));
    assert_true(pinyin_match("张三、李四", "zs"));
    assert_false(pinyin_match("张三、李四", "sl"));
    assert_false(pinyin_match("张三，李四", "sl"));
    assert_true(pinyin_match("王  芳", "wf"));
    assert_true(pinyin_match("曾国藩", "cgf"));
    assert_true(pinyin_match("曾国藩", "zgf"));
    assert_true(pinyin_match("重庆", "cq"));
    assert_true(pinyin_match("重庆", "zq"));
    assert_true(pinyin_match("单雄信", "sxx"));
    assert_true(pinyin_match("Tom李", "ml"));
    assert_true(pinyin_match("Tom李", "toml"));
    assert_true(pinyin_match("买买提·艾力", "tal")); /* the middle dot is skipped */
    assert_true(pinyin_match("第3组", "3z"));
    assert_false(pinyin_match("李四", "zs"));
    assert_false(pinyin_match("张三丰", "zf")); /* not consecutive */
    assert_false(pinyin_match("张三", "zsf"));  /* longer than the name */
    assert_false(pinyin_match("张三", ""));
    assert_false(pinyin_match("张三", "z s"));
    assert_false(pinyin_match("张三", "张"));
    assert_false(pinyin_match("", "z"));
    assert_false(pinyin_match(NULL, "z"));
    assert_false(pinyin_match("张三", NULL));
}

static void test_sort_key(void **state)
{
    (void)state;
    char k[64], a[64], b[64];
    assert_string_equal(pinyin_sort_key("刘国庆", k, sizeof k), "liu guo qing");
    assert_string_equal(pinyin_name_sort_key("吕建国", k, sizeof k), "lu: jian guo");
    assert_string_equal(pinyin_name_sort_key("曾 秀英", k, sizeof k), "zeng xiu ying");
    /* a surname is read as a surname, the same character later as usual */
    assert_string_equal(pinyin_name_sort_key("单田芳", k, sizeof k), "shan tian fang");
    assert_string_equal(pinyin_name_sort_key("王曾", k, sizeof k), "wang ceng");
    /* places are not people: 解放村 is jie, 单家村 dan */
    assert_string_equal(pinyin_sort_key("解放村", k, sizeof k), "jie fang cun");
    assert_string_equal(pinyin_sort_key("单家村", k, sizeof k), "dan jia cun");
    assert_string_equal(pinyin_sort_key("曾家冲", k, sizeof k), "ceng jia chong");
    assert_string_equal(pinyin_name_sort_key("魏长生", k, sizeof k), "wei chang sheng");
    assert_string_equal(pinyin_sort_key("Tom 张3", k, sizeof k), "tom zhang 3");
    assert_string_equal(pinyin_sort_key("ＡＢ王", k, sizeof k), "ab wang");
    assert_string_equal(pinyin_sort_key("（）", k, sizeof k), "");
    /* the order a reader expects: 李 (li) before 刘 (liu) before 罗 (luo), though by code point
     * 刘 U+5218 comes first */
    assert_true(strcmp(pinyin_sort_key("李明", a, sizeof a), pinyin_sort_key("刘洋", b, sizeof b)) <
                0);
    assert_true(strcmp(pinyin_sort_key("刘洋", a, sizeof a), pinyin_sort_key("罗军", b, sizeof b)) <
                0);
    assert_true(
        strcmp(pinyin_sort_key("张三", a, sizeof a), pinyin_sort_key("张三丰", b, sizeof b)) < 0);
    /* 陆 (lu) < 吕 (lü) < 罗 (luo), as in a dictionary */
    assert_true(strcmp(pinyin_sort_key("陆", a, sizeof a), pinyin_sort_key("吕", b, sizeof b)) < 0);
    assert_true(strcmp(pinyin_sort_key("吕", a, sizeof a), pinyin_sort_key("罗", b, sizeof b)) < 0);
    /* a full buffer keeps whole syllables only */
    char small[8];
    assert_string_equal(pinyin_sort_key("张三丰", small, sizeof small), "zhang");
    assert_string_equal(pinyin_sort_key("张三丰", small, 1), "");
}

/* Any bytes at all: the key stays inside its buffer, is NUL-terminated and plain ASCII. */
static void test_sort_key_any_input(void **state)
{
    (void)state;
    unsigned long long seed = 42;
    for (int iter = 0; iter < 20000; iter++) {
        char in[24], out[16];
        size_t len = 0;
        for (; len < sizeof in - 1; len++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned v = (unsigned)(seed >> 33);
            /* mostly UTF-8 lead and trail bytes of CJK, some ASCII, some noise */
            in[len] = (char)(v % 4 == 0 ? 0xE4 + v % 6 : v % 4 == 1 ? 0x80 + v % 64 : v % 256);
            if (in[len] == 0)
                break;
        }
        in[len] = '\0';
        size_t cap = 1 + (size_t)(seed % sizeof out);
        memset(out, 'X', sizeof out);
        pinyin_sort_key(in, out, cap);
        assert_true(strlen(out) < cap);
        for (const char *p = out; *p; p++)
            assert_true(*p == ' ' || *p == ':' || (*p >= 'a' && *p <= 'z') ||
                        (*p >= '0' && *p <= '9'));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_sort_key),
        cmocka_unit_test(test_sort_key_any_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
