/* Unit tests for src/core/datetime.c: dates as people type them, checked against the calendar. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lianluo/datetime.h"

#include <string.h>

static void expect_date(const char *in, const char *want)
{
    char out[11] = "";
    if (!date_parse(in, out))
        fail_msg("date_parse(\"%s\") rejected, want %s", in, want);
    assert_string_equal(out, want);
}

static void expect_month(const char *in, const char *want)
{
    char out[8] = "";
    if (!month_parse(in, out))
        fail_msg("month_parse(\"%s\") rejected, want %s", in, want);
    assert_string_equal(out, want);
}

static void test_date_forms(void **state)
{
    (void)state;
    expect_date("2024-07-30", "2024-07-30");
    expect_date("2024-7-30", "2024-07-30");
    expect_date("2024/7/30", "2024-07-30");
    expect_date("2024.7.3", "2024-07-03");
    expect_date("20240730", "2024-07-30");
    expect_date("2024年7月30日", "2024-07-30");
    expect_date("2024年07月30日", "2024-07-30");
    expect_date("2024年7月30号", "2024-07-30");
    expect_date("2024年7月30", "2024-07-30");
    expect_date("  2024-07-30 \n", "2024-07-30");
    expect_date("２０２４－０７－３０", "2024-07-30"); /* full-width, from a Chinese IME */
    expect_date("1900-01-01", "1900-01-01");
    expect_date("2100-12-31", "2100-12-31");
}

static void test_date_calendar(void **state)
{
    char out[11];
    (void)state;

    expect_date("2024-02-29", "2024-02-29"); /* leap year */
    expect_date("2000-02-29", "2000-02-29"); /* divisible by 400 */
    assert_false(date_parse("2023-02-29", out));
    assert_false(date_parse("1900-02-29", out)); /* divisible by 100, not by 400 */
    assert_false(date_parse("2024-04-31", out));
    assert_false(date_parse("2024-13-01", out));
    assert_false(date_parse("2024-00-10", out));
    assert_false(date_parse("2024-01-00", out));
    assert_false(date_parse("1899-12-31", out));
    assert_false(date_parse("2101-01-01", out));
}

static void test_date_rejects(void **state)
{
    char out[11];
    const char *bad[] = {"",           "   ",         "2024",        "2024-07",      "2024-07-",
                         "2024-07/30", "2024-07-30x", "x2024-07-30", "2024-007-30",  "24-07-30",
                         "2024730",    "202407301",   "2024年7-30",  "2024/7月30日", "2024 07 30",
                         "2024-7-30-1"};
    (void)state;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (date_parse(bad[i], out))
            fail_msg("date_parse(\"%s\") accepted as %s", bad[i], out);
    assert_false(date_parse(NULL, out));
}

static void test_month(void **state)
{
    char out[8];
    (void)state;

    expect_month("1975年3月", "1975-03");
    expect_month("1975年3", "1975-03");
    expect_month("1975-03", "1975-03");
    expect_month("1975/3", "1975-03");
    expect_month("1975.3", "1975-03");
    expect_month("197503", "1975-03");
    expect_month("1975-03-15", "1975-03");
    expect_month("1975年3月15日", "1975-03");
    expect_month("19750315", "1975-03");
    assert_false(month_parse("1975-13", out));
    assert_false(month_parse("1975-0", out));
    assert_false(month_parse("1975", out));
    assert_false(month_parse("19751", out));
    assert_false(month_parse("1975-02-30", out)); /* a full date must be a real one */
    assert_false(month_parse("1899-12", out));
    assert_false(month_parse("", out));
}

static void test_today_and_now(void **state)
{
    char today[11], again[11], now[25];
    (void)state;

    date_today(today);
    assert_int_equal(strlen(today), 10);
    assert_true(date_parse(today, again));
    assert_string_equal(today, again);

    time_now_iso(now);
    assert_int_equal(strlen(now), 24);
    assert_int_equal(now[10], 'T');
    assert_int_equal(now[19], '.');
    assert_int_equal(now[23], 'Z');
    memcpy(again, now, 10);
    again[10] = '\0';
    assert_true(date_parse(again, again));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_forms),    cmocka_unit_test(test_date_calendar),
        cmocka_unit_test(test_date_rejects),  cmocka_unit_test(test_month),
        cmocka_unit_test(test_today_and_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
