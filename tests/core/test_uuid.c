/* Unit tests for src/core/uuid.c: version 7 ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lianluo/uuid.h"

#include <string.h>

#define COUNT 100

static void test_format(void **state)
{
    char id[UUID_STR_LEN];
    (void)state;

    for (int i = 0; i < COUNT; i++) {
        assert_true(uuid_new(id));
        assert_int_equal(strlen(id), 36);
        assert_int_equal(id[8], '-');
        assert_int_equal(id[13], '-');
        assert_int_equal(id[18], '-');
        assert_int_equal(id[23], '-');
        assert_int_equal(id[14], '7');           /* version nibble */
        assert_non_null(strchr("89ab", id[19])); /* variant bits 10xx */
        assert_true(uuid_valid(id));
    }
}

static void test_unique_and_ordered(void **state)
{
    static char ids[COUNT][UUID_STR_LEN];
    (void)state;

    for (int i = 0; i < COUNT; i++)
        assert_true(uuid_new(ids[i]));
    for (int i = 0; i < COUNT; i++)
        for (int j = i + 1; j < COUNT; j++)
            assert_string_not_equal(ids[i], ids[j]);
    /* the first 48 bits are milliseconds: later ids never sort before earlier ones */
    for (int i = 1; i < COUNT; i++)
        assert_true(strncmp(ids[i - 1], ids[i], 13) <= 0);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(uuid_valid("01890a5d-ac96-774b-bcce-b302099a8057"));
    assert_true(uuid_valid("f47ac10b-58cc-4372-a567-0e02b2c3d479"));   /* v4 from elsewhere */
    assert_false(uuid_valid("01890A5D-AC96-774B-BCCE-B302099A8057"));  /* not canonical */
    assert_false(uuid_valid("01890a5d-ac96-774b-bcce-b302099a805"));   /* short */
    assert_false(uuid_valid("01890a5d-ac96-774b-bcce-b302099a80570")); /* long */
    assert_false(uuid_valid("01890a5dac96-774b-bcce-b302099a8057-"));
    assert_false(uuid_valid("01890a5d-ac96-774b-bcce-b302099a805g"));
    assert_false(uuid_valid("01890a5d-ac96-074b-bcce-b302099a8057")); /* version 0 */
    assert_false(uuid_valid("01890a5d-ac96-774b-ccce-b302099a8057")); /* variant 110 */
    assert_false(uuid_valid("00000000-0000-0000-0000-000000000000"));
    assert_false(uuid_valid(""));
    assert_false(uuid_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_unique_and_ordered),
        cmocka_unit_test(test_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
