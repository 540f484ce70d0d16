/* CSV as Excel and WPS write it: RFC 4180 quoting, CRLF or LF, UTF-8 with or without BOM,
 * or GBK/GB18030 (converted to UTF-8 on open). Written back as UTF-8 with a BOM. */
#ifndef LIANLUO_CSV_H
#define LIANLUO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lianluo/error.h"

enum csv_encoding { CSV_UTF8, CSV_UTF8_BOM, CSV_GB18030 };

struct csv_reader; /* opaque */

struct csv_row {
    char **fields; /* UTF-8, NUL-terminated, owned by the reader until the next read */
    int nfields;
    int line; /* 1-based physical line where the row starts */
};

/* Opens a CSV held in memory (copied). Detects the encoding: a UTF-8 BOM, valid UTF-8, or
 * else GB18030 (a superset of GBK), converted with iconv. Fails (LL_EINVAL, with line) on
 * bytes that are neither. */
enum ll_status csv_open_mem(const char *data, size_t len, struct csv_reader **out,
                            struct ll_error *err);
/* Reads a whole file (limit 64 MiB) and opens it as above. */
enum ll_status csv_open_file(const char *path, struct csv_reader **out, struct ll_error *err);
enum csv_encoding csv_encoding_of(const struct csv_reader *r);
/* Reads the next row. Returns 1 with a row, 0 at the end, -1 on a malformed row (an
 * unterminated quote, a quote inside an unquoted field) with err->line/column set.
 * Blank lines are skipped. Fields are trimmed of surrounding spaces unless quoted. */
int csv_read_row(struct csv_reader *r, struct csv_row *row, struct ll_error *err);
void csv_close(struct csv_reader *r);

/* Writes one row to f, quoting fields that hold a comma, quote, CR or LF. A field of 11 or
 * more digits (phone, ID-card number; the last may be X) is written as ="..." so Excel and WPS
 * keep it as text instead of turning it into 1.38E+10; csv_read_row reads ="..." back as the
 * plain value. A field a spreadsheet would run as a formula (starting with =, +, - or @) is
 * written after an apostrophe, which csv_read_row takes off again. Ends with CRLF. Returns
 * false on I/O error. */
bool csv_write_row(FILE *f, const char *const *fields, int nfields);
/* Writes the UTF-8 BOM that makes Excel and WPS read the file as UTF-8. */
bool csv_write_bom(FILE *f);

#endif
