/* libFuzzer target for src/io/csv.c: any bytes either fail to open with a message, or give
 * rows whose fields are valid UTF-8 within the documented limits; then the rows written back
 * with csv_write_row must read back identical. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lianluo/csv.h"

/* Strict UTF-8 check (no overlongs, surrogates or values above U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80)
            len = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
            return 0;
        if (len > 1) {
            if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
                return 0;
            for (size_t k = 2; k < len; k++)
                if ((s[i + k] & 0xC0) != 0x80)
                    return 0;
        }
        i += len;
    }
    return 1;
}

static void check(int cond)
{
    if (!cond)
        abort();
}

/* Writes the first row read (after a BOM) and checks that it reads back the same. */
static void check_round_trip(const struct csv_row *row)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    check(f != NULL);
    check(csv_write_bom(
        f)); /* as every export does; it also keeps "PK..." from looking like a workbook */
    check(csv_write_row(f, (const char *const *)row->fields, row->nfields));
    check(fclose(f) == 0);
    struct csv_reader *r = NULL;
    struct ll_error err = {0};
    check(csv_open_mem(buf, len, &r, &err) == LL_OK);
    struct csv_row back;
    check(csv_read_row(r, &back, &err) == 1);
    check(back.nfields == row->nfields);
    for (int i = 0; i < row->nfields; i++)
        check(strcmp(back.fields[i], row->fields[i]) == 0);
    check(csv_read_row(r, &back, &err) == 0);
    csv_close(r);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader *r = NULL;
    struct ll_error err = {0};
    if (csv_open_mem((const char *)data, size, &r, &err) != LL_OK) {
        check(r == NULL && err.msg[0] != '\0');
        return 0;
    }
    struct csv_row row;
    int rc, last_line = 0, nrows = 0;
    while ((rc = csv_read_row(r, &row, &err)) == 1) {
        check(row.nfields >= 1 && row.nfields <= 1000);
        check(row.line > last_line);
        last_line = row.line;
        int all_empty = 1;
        for (int i = 0; i < row.nfields; i++) {
            size_t n = strlen(row.fields[i]);
            check(n <= 64 * 1024);
            check(utf8_valid((const unsigned char *)row.fields[i], n));
            check(strchr(row.fields[i], '\r') == NULL); /* line ends come back as \n */
            all_empty &= n == 0;
        }
        check(!all_empty);
        if (nrows++ == 0)
            check_round_trip(&row);
    }
    if (rc == -1) {
        check(err.line >= 1 && err.column >= 1 && err.msg[0] != '\0');
        struct ll_error again = {0};
        check(csv_read_row(r, &row, &again) == -1 && again.line == err.line);
    }
    csv_close(r);
    return 0;
}
