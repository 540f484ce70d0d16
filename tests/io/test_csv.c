/* Tests for src/io/csv.c: encodings, RFC 4180 quoting, errors with line and column, and the
 * write -> read round trip. Expected values are worked out by hand from the input bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/csv.h"

/* Opens a string literal (may hold NUL bytes: the length is given). */
static struct csv_reader *open_bytes(const char *data, size_t len)
{
    struct csv_reader *r = NULL;
    struct ll_error err = {0};
    enum ll_status st = csv_open_mem(data, len, &r, &err);
    if (st != LL_OK)
        print_error("csv_open_mem: %s\n", err.msg);
    assert_int_equal(st, LL_OK);
    assert_non_null(r);
    return r;
}

#define OPEN(lit) open_bytes((lit), sizeof(lit) - 1)

/* Reads one row and checks its line and fields (nfields strings follow). */
static void expect_row(struct csv_reader *r, int line, int nfields, ...)
{
    struct csv_row row;
    struct ll_error err = {0};
    int rc = csv_read_row(r, &row, &err);
    if (rc != 1)
        print_error("csv_read_row: %d %s\n", rc, err.msg);
    assert_int_equal(rc, 1);
    assert_int_equal(row.line, line);
    assert_int_equal(row.nfields, nfields);
    va_list ap;
    va_start(ap, nfields);
    for (int i = 0; i < nfields; i++)
        assert_string_equal(row.fields[i], va_arg(ap, const char *));
    va_end(ap);
}

static void expect_end(struct csv_reader *r)
{
    struct csv_row row;
    struct ll_error err = {0};
    assert_int_equal(csv_read_row(r, &row, &err), 0);
    assert_int_equal(csv_read_row(r, &row, &err), 0);
}

/* Reads until a malformed row and checks the error. */
static void expect_error(struct csv_reader *r, int line, int column, const char *msg_part)
{
    struct csv_row row;
    struct ll_error err = {0};
    int rc;
    while ((rc = csv_read_row(r, &row, &err)) == 1)
        ;
    assert_int_equal(rc, -1);
    assert_int_equal(err.status, LL_EINVAL);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.msg, msg_part));
    /* the reader is spent: the same error again, never a silent end */
    struct ll_error again = {0};
    assert_int_equal(csv_read_row(r, &row, &again), -1);
    assert_int_equal(again.line, line);
    assert_string_equal(again.msg, err.msg);
}

static void expect_open_error(const char *data, size_t len, int line, const char *msg_part)
{
    struct csv_reader *r = (struct csv_reader *)1;
    struct ll_error err = {0};
    assert_int_equal(csv_open_mem(data, len, &r, &err), LL_EINVAL);
    assert_null(r);
    assert_int_equal(err.line, line);
    if (!strstr(err.msg, msg_part))
        print_error("message: %s\n", err.msg);
    assert_non_null(strstr(err.msg, msg_part));
}

#define OPEN_ERROR(lit, line, msg) expect_open_error((lit), sizeof(lit) - 1, (line), (msg))

/* ---- encodings ---- */

static void test_utf8_plain(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("姓名,性别\n张三,男\n");
    assert_int_equal(csv_encoding_of(r), CSV_UTF8);
    expect_row(r, 1, 2, "姓名", "性别");
    expect_row(r, 2, 2, "张三", "男");
    expect_end(r);
    csv_close(r);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("\xEF\xBB\xBF姓名,性别\r\n张三,男\r\n");
    assert_int_equal(csv_encoding_of(r), CSV_UTF8_BOM);
    expect_row(r, 1, 2, "姓名", "性别"); /* no BOM left on the first field */
    expect_row(r, 2, 2, "张三", "男");
    expect_end(r);
    csv_close(r);
}

static void test_gbk(void **state)
{
    (void)state;
    /* printf '姓名,性别\r\n张三,男\r\n' | iconv -f UTF-8 -t GBK | xxd -i */
    static const unsigned char gbk[] = {0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd0, 0xd4, 0xb1, 0xf0, 0x0d,
                                        0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0xc4, 0xd0, 0x0d, 0x0a};
    struct csv_reader *r = open_bytes((const char *)gbk, sizeof gbk);
    assert_int_equal(csv_encoding_of(r), CSV_GB18030);
    expect_row(r, 1, 2, "\xe5\xa7\x93\xe5\x90\x8d", "\xe6\x80\xa7\xe5\x88\xab"); /* 姓名 性别 */
    expect_row(r, 2, 2, "张三", "男");
    expect_end(r);
    csv_close(r);
}

static void test_gb18030_four_byte(void **state)
{
    (void)state;
    /* printf '😀,Ａ' | iconv -f UTF-8 -t GB18030 | xxd -i */
    struct csv_reader *r = OPEN("\x94\x39\xfc\x36\x2c\xa3\xc1");
    assert_int_equal(csv_encoding_of(r), CSV_GB18030);
    expect_row(r, 1, 2, "\xf0\x9f\x98\x80", "\xef\xbc\xa1");
    expect_end(r);
    csv_close(r);
}

static void test_bad_encoding(void **state)
{
    (void)state;
    /* 0xFF is neither UTF-8 nor a GB18030 lead byte: on line 3 */
    OPEN_ERROR("a,b\r\n\xd5\xc5,c\r\nd,\xff\r\n", 3,
               "第 3 行含有无法识别的字符编码（既不是 UTF-8 也不是 GBK）");
    /* a GBK character cut off by the end of the file, line 2 */
    OPEN_ERROR("a\n\xd5\xc5\xc8", 2, "第 2 行含有无法识别的字符编码");
    /* a BOM says UTF-8: a bad byte is an error, not a reason to guess GBK */
    OPEN_ERROR("\xEF\xBB\xBF\xd5\xc5\n", 1, "第 1 行含有无法识别的字符编码");
    /* overlong UTF-8 and lone surrogates are not valid UTF-8, and not GB18030 either */
    OPEN_ERROR("\xed\xa0\x80", 1, "第 1 行");
}

static void test_not_text(void **state)
{
    (void)state;
    OPEN_ERROR("\xFF\xFE"
               "a\0,\0",
               0, "UTF-16");
    OPEN_ERROR("\xFE\xFF\0a\0,", 0, "UTF-16");
    OPEN_ERROR("PK\x03\x04rest", 0, "工作簿");
    OPEN_ERROR("a,b\nc\0d\n", 2, "第 2 行含有空字符");
}

static void test_empty(void **state)
{
    (void)state;
    struct csv_reader *r = open_bytes("", 0);
    expect_end(r);
    csv_close(r);
    r = OPEN("\xEF\xBB\xBF");
    assert_int_equal(csv_encoding_of(r), CSV_UTF8_BOM);
    expect_end(r);
    csv_close(r);
    r = OPEN("\r\n\n,,,\r\n");
    expect_end(r);
    csv_close(r);
}

/* ---- RFC 4180 ---- */

static void test_quoted(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("name,note\r\n"
                                "\"李,秀英\",\"她说\"\"好\"\"\"\r\n"
                                "王建国,\"第一行\r\n第二行\n第三行\"\r\n"
                                "\"\",\"\"\"\"\r\n"
                                "after,row\r\n");
    expect_row(r, 1, 2, "name", "note");
    expect_row(r, 2, 2, "李,秀英", "她说\"好\"");
    expect_row(r, 3, 2, "王建国", "第一行\n第二行\n第三行");
    expect_row(r, 6, 2, "", "\"");
    expect_row(r, 7, 2, "after", "row");
    expect_end(r);
    csv_close(r);
}

static void test_line_ends(void **state)
{
    (void)state;
    /* LF, lone CR, CRLF, and a last line without a line end */
    struct csv_reader *r = OPEN("a,b\nc,d\re,f\r\ng,h");
    expect_row(r, 1, 2, "a", "b");
    expect_row(r, 2, 2, "c", "d");
    expect_row(r, 3, 2, "e", "f");
    expect_row(r, 4, 2, "g", "h");
    expect_end(r);
    csv_close(r);
    /* a lone CR inside quotes also becomes \n and counts as a line */
    r = OPEN("\"x\ry\",z\rnext");
    expect_row(r, 1, 2, "x\ny", "z");
    expect_row(r, 3, 1, "next");
    expect_end(r);
    csv_close(r);
}

static void test_excel_text_number(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("张三,=\"13800138000\", =\"43092219800101001X\" ,=\"\"\n");
    expect_row(r, 1, 4, "张三", "13800138000", "43092219800101001X", "");
    csv_close(r);
    /* = not followed by a quote is an ordinary value */
    r = OPEN("=1+1,x\n");
    expect_row(r, 1, 2, "=1+1", "x");
    csv_close(r);
}

static void test_blank_rows_skipped(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("姓名,性别\r\n"
                                "\r\n"
                                ",,,,\r\n"
                                " \t　\r\n"
                                "张三,男\r\n"
                                ",,\"\",\r\n"
                                "\r\n"
                                "李秀英,女\r\n"
                                ",,,,");
    expect_row(r, 1, 2, "姓名", "性别");
    expect_row(r, 5, 2, "张三", "男");
    expect_row(r, 8, 2, "李秀英", "女");
    expect_end(r);
    csv_close(r);
}

static void test_trim(void **state)
{
    (void)state;
    /* ASCII spaces, tabs and U+3000 around unquoted fields go; inside, and in quotes, stay */
    struct csv_reader *r = OPEN("  张 三　, \t男\t,\"  a \" ,　中　文　\n");
    expect_row(r, 1, 4, "张 三", "男", "  a ", "中　文");
    expect_end(r);
    csv_close(r);
    /* a BOM left in the middle by joining two files is trimmed too */
    r = OPEN("a,b\n\xEF\xBB\xBF姓名,性别\n");
    expect_row(r, 1, 2, "a", "b");
    expect_row(r, 2, 2, "姓名", "性别");
    expect_end(r);
    csv_close(r);
}

static void test_empty_fields_kept(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("a,,b,\n,c\n");
    expect_row(r, 1, 4, "a", "", "b", "");
    expect_row(r, 2, 2, "", "c");
    expect_end(r);
    csv_close(r);
}

/* ---- errors ---- */

static void test_unterminated_quote(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("姓名,备注\r\n"
                                "张三,ok\r\n"
                                "李四,\"没有结束\r\n"
                                "王五,男\r\n");
    expect_row(r, 1, 2, "姓名", "备注");
    expect_row(r, 2, 2, "张三", "ok");
    expect_error(r, 3, 2, "第 3 行第 2 列");
    csv_close(r);
}

static void test_quote_in_plain_field(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("a,b,c\n"
                                "\"多\n行\",x\n"
                                "d,e,身高5'10\"\n");
    expect_row(r, 1, 3, "a", "b", "c");
    expect_row(r, 2, 2, "多\n行", "x");
    expect_error(r, 4, 3, "第 4 行第 3 列");
    csv_close(r);
}

static void test_text_after_quote(void **state)
{
    (void)state;
    struct csv_reader *r = OPEN("\"ab\"c,d\n");
    expect_error(r, 1, 1, "第 1 行第 1 列");
    csv_close(r);
}

static void test_field_too_long(void **state)
{
    (void)state;
    size_t n = 64 * 1024;
    char *data = malloc(n + 16);
    assert_non_null(data);
    /* exactly 64 KiB is fine */
    memcpy(data, "a,", 2);
    memset(data + 2, 'x', n);
    memcpy(data + 2 + n, "\n", 1);
    struct csv_reader *r = open_bytes(data, n + 3);
    struct csv_row row;
    struct ll_error err = {0};
    assert_int_equal(csv_read_row(r, &row, &err), 1);
    assert_int_equal(strlen(row.fields[1]), n);
    csv_close(r);
    /* one byte more is not */
    memset(data + 2, 'x', n + 1);
    memcpy(data + 3 + n, "\n", 1);
    r = open_bytes(data, n + 4);
    expect_error(r, 1, 2, "64 KB");
    csv_close(r);
    free(data);
}

static void test_too_many_fields(void **state)
{
    (void)state;
    char data[2100];
    /* 1000 fields: 999 commas */
    memset(data, ',', 999);
    memcpy(data + 999, "x\n", 2);
    struct csv_reader *r = open_bytes(data, 1001);
    struct csv_row row;
    struct ll_error err = {0};
    assert_int_equal(csv_read_row(r, &row, &err), 1);
    assert_int_equal(row.nfields, 1000);
    assert_string_equal(row.fields[999], "x");
    csv_close(r);
    /* 1001 fields */
    memset(data, ',', 1000);
    memcpy(data + 1000, "x\n", 2);
    r = open_bytes(data, 1002);
    expect_error(r, 1, 1001, "1000");
    csv_close(r);
}

/* ---- files ---- */

static char *temp_file(const void *data, size_t len)
{
    char *path = strdup("/tmp/test_csv_XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_open_file(void **state)
{
    (void)state;
    char *path = temp_file("\xd5\xc5\xc8\xfd,\xc4\xd0\r\n", 8); /* 张三,男 in GBK */
    struct csv_reader *r = NULL;
    struct ll_error err = {0};
    assert_int_equal(csv_open_file(path, &r, &err), LL_OK);
    assert_int_equal(csv_encoding_of(r), CSV_GB18030);
    expect_row(r, 1, 2, "张三", "男");
    expect_end(r);
    csv_close(r);
    unlink(path);
    free(path);

    assert_int_equal(csv_open_file("/nonexistent/dir/x.csv", &r, &err), LL_ENOTFOUND);
    assert_null(r);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/x.csv"));
}

static void test_file_too_big(void **state)
{
    (void)state;
    char *path = temp_file("a", 1);
    assert_int_equal(truncate(path, 64L * 1024 * 1024 + 1), 0); /* sparse: NUL bytes */
    struct csv_reader *r = NULL;
    struct ll_error err = {0};
    assert_int_equal(csv_open_file(path, &r, &err), LL_EINVAL);
    assert_null(r);
    assert_non_null(strstr(err.msg, "64 MB"));
    unlink(path);
    free(path);
}

/* ---- writing ---- */

static char *write_rows(const char *const *fields, int nfields, int nrows, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_true(csv_write_bom(f));
    for (int i = 0; i < nrows; i++)
        assert_true(csv_write_row(f, fields + i * nfields, nfields));
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_write_format(void **state)
{
    (void)state;
    const char *fields[] = {"张三", "a,b", "say \"hi\"", "13800138000", "1380013800", "", NULL};
    size_t len;
    char *out = write_rows(fields, 7, 1, &len);
    const char expect[] =
        "\xEF\xBB\xBF张三,\"a,b\",\"say \"\"hi\"\"\",=\"13800138000\",1380013800,,\r\n";
    assert_int_equal(len, sizeof expect - 1);
    assert_memory_equal(out, expect, len);
    free(out);

    /* cells a spreadsheet would run as formulas get an apostrophe in front */
    const char *formulas[] = {"=HYPERLINK(\"http://x\")", "-1", "+86", "@A1", "'=1", "'a"};
    out = write_rows(formulas, 6, 1, &len);
    const char defused[] =
        "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\")\",'-1,'+86,'@A1,''=1,'a\r\n";
    assert_int_equal(len, sizeof defused - 1);
    assert_memory_equal(out, defused, len);
    free(out);
}

static void test_round_trip(void **state)
{
    (void)state;
    /* A line end inside a field is written as is and read back as \n, so only \n is used. */
    static const char *const rows[][6] = {
        {"姓名", "身份证号", "备注", "电话", "空", "单位"},
        {"王建国", "43092219800101001X", "他说：\"逗号,引号\"\n第二行\n第三行", "13912345678", "",
         "桃江县, \"灰山港镇\""},
        {"李秀英", "430922198001010011", " 前后有空格 ", "0737-8822345", "", "　全角空格　"},
        {"=\"x\"", "4309221980010100x", "\t", "=1+1", "", ","},
        {"\xEF\xBB\xBF", "a\xEF\xBB\xBF", "　", "=", "\"", "1 2"},
        {"'=x", "''+1", "-", "@SUM(A1)", "'", "'abc"},
    };
    const int nf = 6, nr = 6;
    size_t len;
    char *out = write_rows(&rows[0][0], nf, nr, &len);
    struct csv_reader *r = open_bytes(out, len);
    assert_int_equal(csv_encoding_of(r), CSV_UTF8_BOM);
    for (int i = 0; i < nr; i++) {
        struct csv_row row;
        struct ll_error err = {0};
        assert_int_equal(csv_read_row(r, &row, &err), 1);
        assert_int_equal(row.nfields, nf);
        for (int j = 0; j < nf; j++)
            assert_string_equal(row.fields[j], rows[i][j]);
    }
    expect_end(r);
    csv_close(r);
    free(out);
}

static void test_round_trip_lines(void **state)
{
    (void)state;
    /* line numbers of rows after a multi-line field stay right */
    const char *fields[] = {"a\nb\nc", "x", "d", "e"};
    size_t len;
    char *out = write_rows(fields, 2, 2, &len);
    struct csv_reader *r = open_bytes(out, len);
    expect_row(r, 1, 2, "a\nb\nc", "x");
    expect_row(r, 4, 2, "d", "e");
    expect_end(r);
    csv_close(r);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_gb18030_four_byte),
        cmocka_unit_test(test_bad_encoding),
        cmocka_unit_test(test_not_text),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_excel_text_number),
        cmocka_unit_test(test_blank_rows_skipped),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_empty_fields_kept),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_quote_in_plain_field),
        cmocka_unit_test(test_text_after_quote),
        cmocka_unit_test(test_field_too_long),
        cmocka_unit_test(test_too_many_fields),
        cmocka_unit_test(test_open_file),
        cmocka_unit_test(test_file_too_big),
        cmocka_unit_test(test_write_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
