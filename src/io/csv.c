/* CSV reader and writer: see include/lianluo/csv.h.
 *
 * The whole input is held in memory as UTF-8 (converted from GB18030 on open when needed) and
 * parsed one row at a time. The fields of the current row live in one text buffer owned by the
 * reader and are overwritten by the next read. After a malformed row the reader is spent: every
 * later read returns -1 with the same error, so a caller cannot mistake a broken file for a
 * shorter good one. */
#include "lianluo/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

#define CSV_MAX_FILE   (64u * 1024 * 1024)
#define CSV_MAX_FIELD  (64u * 1024)
#define CSV_MAX_FIELDS 1000

struct csv_reader {
    char *buf; /* UTF-8 text, BOM stripped, NUL-terminated (not relied on) */
    size_t len;
    size_t pos;
    int line; /* physical line at pos */
    enum csv_encoding enc;
    bool failed;
    struct ll_error fail; /* the error returned again after a failure */

    char *text; /* fields of the current row, each NUL-terminated */
    size_t text_len, text_cap;
    size_t offs[CSV_MAX_FIELDS]; /* start of each field in text */
    char *ptrs[CSV_MAX_FIELDS];
};

/* ---- encoding ---------------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (strict: no overlongs, surrogates or values above
 * U+10FFFF), or 0 if it is invalid or truncated. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Offset of the first byte that is not valid UTF-8, or n when all of it is. */
static size_t utf8_invalid_at(const char *data, size_t n)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq_len(s + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

/* 1-based line of byte offset off: CRLF, LF and a lone CR each end a line. */
static int line_at(const char *data, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= off || data[i + 1] != '\n')))
            line++;
    }
    return line;
}

static bool has_prefix(const char *data, size_t len, const char *prefix, size_t plen)
{
    return len >= plen && memcmp(data, prefix, plen) == 0;
}

/* Refuses inputs that are clearly not CSV text, with a message that says what to do. */
static enum ll_status csv_check_not_text(const char *data, size_t len, struct ll_error *err)
{
    if (has_prefix(data, len, "\xFF\xFE", 2) || has_prefix(data, len, "\xFE\xFF", 2))
        return ll_error_set(err, LL_EINVAL,
                            _("文件是 UTF-16 编码（Excel 的 Unicode 文本），无法导入。请在 Excel "
                              "或 WPS 中另存为 CSV UTF-8（逗号分隔）后再导入"));
    if (has_prefix(data, len, "PK\x03\x04", 4) || has_prefix(data, len, "\xD0\xCF\x11\xE0", 4))
        return ll_error_set(err, LL_EINVAL,
                            _("这是 Excel 或 WPS 工作簿，不是 CSV 文件。请先另存为 CSV 再导入"));
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        int line = line_at(data, (size_t)(nul - data));
        if (err)
            err->line = line;
        return ll_error_set(err, LL_EINVAL,
                            _("第 %d 行含有空字符（0x00），这不是文本格式的 CSV 文件"), line);
    }
    return LL_OK;
}

static enum ll_status encoding_error(const char *data, size_t off, struct ll_error *err)
{
    int line = line_at(data, off);
    if (err)
        err->line = line;
    return ll_error_set(err, LL_EINVAL,
                        _("第 %d 行含有无法识别的字符编码（既不是 UTF-8 也不是 GBK）"), line);
}

/* Converts GB18030 to UTF-8 into a new NUL-terminated buffer. On a byte iconv cannot convert,
 * *bad is set to its offset and LL_EINVAL returned. */
static enum ll_status gb18030_to_utf8(const char *data, size_t len, char **out, size_t *out_len,
                                      size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return LL_EIO;
    /* Every GB18030 character becomes at most 1.5 times as many UTF-8 bytes, except the
     * 4-byte forms, which stay 4: len * 3 / 2 is enough, growing below is a safety net. */
    size_t cap = len / 2 * 3 + 16;
    char *buf = malloc(cap);
    enum ll_status st = buf ? LL_OK : LL_ENOMEM;
    char *in = (char *)data;
    size_t in_left = len, done = 0;
    while (st == LL_OK && in_left > 0) {
        char *o = buf + done;
        size_t o_left = cap - done - 1;
        size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        done = (size_t)(o - buf);
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                st = LL_ENOMEM;
            else
                buf = nb, cap *= 2;
        } else { /* EILSEQ, or EINVAL: a character cut off by the end of the file */
            *bad = (size_t)(in - data);
            st = LL_EINVAL;
        }
    }
    iconv_close(cd);
    if (st != LL_OK) {
        free(buf);
        return st;
    }
    buf[done] = '\0';
    *out = buf;
    *out_len = done;
    return LL_OK;
}

/* Fills r->buf with the UTF-8 text of data and sets r->enc. */
static enum ll_status csv_detect_encoding(struct csv_reader *r, const char *data, size_t len,
                                          struct ll_error *err)
{
    enum ll_status st = csv_check_not_text(data, len, err);
    if (st != LL_OK)
        return st;
    size_t skip = 0;
    r->enc = CSV_UTF8;
    if (has_prefix(data, len, "\xEF\xBB\xBF", 3)) {
        skip = 3;
        r->enc = CSV_UTF8_BOM;
    }
    size_t bad = utf8_invalid_at(data + skip, len - skip);
    if (bad == len - skip) {
        r->len = len - skip;
        r->buf = malloc(r->len + 1);
        if (!r->buf)
            return ll_error_set(err, LL_ENOMEM, _("内存不足"));
        memcpy(r->buf, data + skip, r->len);
        r->buf[r->len] = '\0';
        return LL_OK;
    }
    if (r->enc == CSV_UTF8_BOM) /* declared UTF-8 but is not: do not guess */
        return encoding_error(data, skip + bad, err);

    r->enc = CSV_GB18030;
    st = gb18030_to_utf8(data, len, &r->buf, &r->len, &bad);
    if (st == LL_EINVAL)
        return encoding_error(data, bad, err);
    if (st == LL_ENOMEM)
        return ll_error_set(err, LL_ENOMEM, _("内存不足"));
    if (st != LL_OK)
        return ll_error_set(err, LL_EIO, _("系统不支持 GB18030 编码转换（iconv）"));
    /* The GB18030 form of a BOM (84 31 95 33) becomes U+FEFF. */
    if (has_prefix(r->buf, r->len, "\xEF\xBB\xBF", 3)) {
        memmove(r->buf, r->buf + 3, r->len - 3 + 1);
        r->len -= 3;
    }
    return LL_OK;
}

/* ---- opening and closing ----------------------------------------------------------------- */

enum ll_status csv_open_mem(const char *data, size_t len, struct csv_reader **out,
                            struct ll_error *err)
{
    *out = NULL;
    ll_error_clear(err);
    if (len > CSV_MAX_FILE)
        return ll_error_set(err, LL_EINVAL, _("文件超过 64 MB，无法导入"));
    struct csv_reader *r = calloc(1, sizeof *r);
    if (!r)
        return ll_error_set(err, LL_ENOMEM, _("内存不足"));
    r->line = 1;
    enum ll_status st = csv_detect_encoding(r, data ? data : "", data ? len : 0, err);
    if (st != LL_OK) {
        csv_close(r);
        return st;
    }
    *out = r;
    return LL_OK;
}

/* Reads at most CSV_MAX_FILE + 1 bytes of f into a new buffer. */
static enum ll_status read_all(FILE *f, char **out, size_t *out_len)
{
    size_t cap = 64 * 1024, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return LL_ENOMEM;
    for (;;) {
        if (len == cap) {
            if (cap > CSV_MAX_FILE)
                break; /* already over the limit: the caller refuses */
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return LL_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return LL_EIO;
    }
    *out = buf;
    *out_len = len;
    return LL_OK;
}

enum ll_status csv_open_file(const char *path, struct csv_reader **out, struct ll_error *err)
{
    *out = NULL;
    ll_error_clear(err);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ll_error_set(err, errno == ENOENT ? LL_ENOTFOUND : LL_EIO, _("无法打开文件 %s：%s"),
                            path, strerror(errno));
    char *data = NULL;
    size_t len = 0;
    enum ll_status st = read_all(f, &data, &len);
    int saved = errno;
    fclose(f);
    if (st == LL_ENOMEM)
        return ll_error_set(err, st, _("内存不足"));
    if (st != LL_OK)
        return ll_error_set(err, st, _("读取文件 %s 失败：%s"), path, strerror(saved));
    if (len > CSV_MAX_FILE) {
        free(data);
        return ll_error_set(err, LL_EINVAL, _("文件 %s 超过 64 MB，无法导入"), path);
    }
    st = csv_open_mem(data, len, out, err);
    free(data);
    return st;
}

enum csv_encoding csv_encoding_of(const struct csv_reader *r)
{
    return r->enc;
}

void csv_close(struct csv_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r->text);
    free(r);
}

/* ---- parsing ------------------------------------------------------------------------------ */

static bool at_eof(const struct csv_reader *r)
{
    return r->pos >= r->len;
}

static int peek(const struct csv_reader *r, size_t ahead)
{
    return r->pos + ahead < r->len ? (unsigned char)r->buf[r->pos + ahead] : -1;
}

/* Length of a space at s (n bytes left) that is trimmed around unquoted fields, or 0: ASCII
 * space and tab, U+3000 ideographic space, and U+FEFF, the invisible BOM left in the middle
 * when two exported files are joined. */
static size_t space_at(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t')
        return 1;
    if (n >= 3 && (memcmp(s, "\xE3\x80\x80", 3) == 0 || memcmp(s, "\xEF\xBB\xBF", 3) == 0))
        return 3;
    return 0;
}

static size_t space_len(const struct csv_reader *r, size_t pos)
{
    return pos < r->len ? space_at(r->buf + pos, r->len - pos) : 0;
}

static void skip_spaces(struct csv_reader *r)
{
    size_t n;
    while ((n = space_len(r, r->pos)) > 0)
        r->pos += n;
}

/* Consumes a line end (CRLF, LF or lone CR) at pos if there is one. */
static bool eat_line_end(struct csv_reader *r)
{
    int c = peek(r, 0);
    if (c == '\r') {
        r->pos += peek(r, 1) == '\n' ? 2 : 1;
    } else if (c == '\n') {
        r->pos++;
    } else {
        return false;
    }
    r->line++;
    return true;
}

static bool at_field_end(const struct csv_reader *r)
{
    int c = peek(r, 0);
    return c == -1 || c == ',' || c == '\r' || c == '\n';
}

static bool text_put(struct csv_reader *r, const char *s, size_t n)
{
    if (r->text_len + n + 1 > r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap : 256;
        while (r->text_len + n + 1 > cap)
            cap *= 2;
        char *nt = realloc(r->text, cap);
        if (!nt)
            return false;
        r->text = nt;
        r->text_cap = cap;
    }
    memcpy(r->text + r->text_len, s, n);
    r->text_len += n;
    return true;
}

static int row_error(struct csv_reader *r, struct ll_error *err, int line, int column,
                     enum ll_status st, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Records a malformed row: sets err and remembers it for later reads. */
static int row_error(struct csv_reader *r, struct ll_error *err, int line, int column,
                     enum ll_status st, const char *fmt, ...)
{
    ll_error_clear(&r->fail);
    r->fail.status = st;
    r->fail.line = line;
    r->fail.column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->fail.msg, sizeof r->fail.msg, fmt, ap);
    va_end(ap);
    r->failed = true;
    if (err)
        *err = r->fail;
    return -1;
}

/* Reads the inside of a quoted field, the opening quote already consumed. Line ends inside
 * become \n. Returns false at the end of the input (the quote never closes). */
static bool parse_quoted(struct csv_reader *r, bool *ok_mem)
{
    while (!at_eof(r)) {
        const char *s = r->buf + r->pos;
        size_t n = 0; /* a run of ordinary bytes, copied at once */
        while (r->pos + n < r->len && s[n] != '"' && s[n] != '\r' && s[n] != '\n')
            n++;
        if (n > 0) {
            *ok_mem = *ok_mem && text_put(r, s, n);
            r->pos += n;
            continue;
        }
        if (s[0] == '"') {
            if (peek(r, 1) != '"') {
                r->pos++;
                return true;
            }
            *ok_mem = *ok_mem && text_put(r, "\"", 1);
            r->pos += 2;
        } else {
            eat_line_end(r);
            *ok_mem = *ok_mem && text_put(r, "\n", 1);
        }
    }
    return false;
}

/* Reads an unquoted field up to a comma, a line end or the end of input, trimming trailing
 * spaces. Returns false on a quote inside it. */
static bool parse_plain(struct csv_reader *r, bool *ok_mem)
{
    size_t start = r->pos, end = r->pos; /* end: after the last non-space */
    while (!at_field_end(r)) {
        if (r->buf[r->pos] == '"')
            return false;
        size_t sp = space_len(r, r->pos);
        if (sp > 0) {
            r->pos += sp;
        } else {
            r->pos++;
            end = r->pos;
        }
    }
    *ok_mem = text_put(r, r->buf + start, end - start);
    return true;
}

/* A cell starting with =, +, - or @ is a formula to Excel and WPS ("CSV injection"). Such a
 * cell is written after an apostrophe; so that any text survives the round trip, so is a cell
 * that already starts with apostrophes before one of these. */
static bool formula_like(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    return i < n && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@');
}

/* Parses one field at pos into r->text (without its NUL). Returns 0, or -1 with err set. */
static int csv_parse_field(struct csv_reader *r, int column, struct ll_error *err)
{
    size_t start_len = r->text_len;
    bool ok_mem = true;
    skip_spaces(r);
    int start_line = r->line;
    int c = peek(r, 0);
    /* ="..." is how Excel is told to keep a number as text; read it as the plain value. */
    if (c == '=' && peek(r, 1) == '"') {
        r->pos++;
        c = '"';
    }
    if (c == '"') {
        r->pos++;
        if (!parse_quoted(r, &ok_mem))
            return row_error(r, err, start_line, column, LL_EINVAL,
                             _("第 %d 行第 %d 列：引号没有结束，直到文件末尾也没有配对的引号"),
                             start_line, column);
        skip_spaces(r);
        if (!at_field_end(r))
            return row_error(r, err, r->line, column, LL_EINVAL,
                             _("第 %d 行第 %d 列：结束引号后面还有多余的字符"), r->line, column);
    } else if (!parse_plain(r, &ok_mem)) {
        return row_error(r, err, r->line, column, LL_EINVAL,
                         _("第 %d 行第 %d 列：没有用引号括起的字段中间出现了引号"), r->line,
                         column);
    }
    if (!ok_mem)
        return row_error(r, err, r->line, column, LL_ENOMEM, _("内存不足"));
    /* '=... is how csv_write_row defuses a cell a spreadsheet would run as a formula */
    size_t len = r->text_len - start_len; /* r->text is still NULL after a first "" */
    if (len >= 2 && r->text[start_len] == '\'' && formula_like(r->text + start_len + 1, len - 1)) {
        memmove(r->text + start_len, r->text + start_len + 1, len - 1);
        r->text_len--;
    }
    if (r->text_len - start_len > CSV_MAX_FIELD)
        return row_error(r, err, start_line, column, LL_EINVAL,
                         _("第 %d 行第 %d 列：字段超过 64 KB"), start_line, column);
    return 0;
}

/* Parses one physical row (which may span lines inside quotes) into r->offs / r->text.
 * Returns the number of fields, or -1 with err set. */
static int parse_row(struct csv_reader *r, struct ll_error *err)
{
    int n = 0;
    r->text_len = 0;
    for (;;) {
        if (n == CSV_MAX_FIELDS)
            return row_error(r, err, r->line, n + 1, LL_EINVAL, _("第 %d 行的字段超过 1000 个"),
                             r->line);
        r->offs[n] = r->text_len;
        if (csv_parse_field(r, n + 1, err) < 0)
            return -1;
        if (!text_put(r, "", 1))
            return row_error(r, err, r->line, n + 1, LL_ENOMEM, _("内存不足"));
        n++;
        if (peek(r, 0) != ',')
            break;
        r->pos++;
    }
    eat_line_end(r);
    return n;
}

static bool row_is_empty(const struct csv_reader *r, int n)
{
    for (int i = 0; i < n; i++)
        if (r->text[r->offs[i]] != '\0')
            return false;
    return true;
}

int csv_read_row(struct csv_reader *r, struct csv_row *row, struct ll_error *err)
{
    row->fields = NULL;
    row->nfields = 0;
    row->line = 0;
    if (r->failed) {
        if (err)
            *err = r->fail;
        return -1;
    }
    for (;;) {
        if (at_eof(r))
            return 0;
        int line = r->line;
        int n = parse_row(r, err);
        if (n < 0)
            return -1;
        if (row_is_empty(r, n)) /* blank line, or ",,,," left by a spreadsheet */
            continue;
        for (int i = 0; i < n; i++)
            r->ptrs[i] = r->text + r->offs[i];
        row->fields = r->ptrs;
        row->nfields = n;
        row->line = line;
        return 1;
    }
}

/* ---- writing ------------------------------------------------------------------------------ */

/* An ID-card or phone number: 11 or more digits, the last possibly X. */
static bool is_long_number(const char *s)
{
    size_t n = strlen(s);
    if (n < 11)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (!digit && !(i == n - 1 && (s[i] == 'X' || s[i] == 'x')))
            return false;
    }
    return true;
}

/* Quoted when it holds a comma, quote or line end, or when the reader would otherwise trim
 * its surrounding spaces or take it for ="...". */
static bool needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return false;
    if (strpbrk(s, ",\"\r\n"))
        return true;
    return space_at(s, n) > 0 || space_at(s + n - 1, 1) > 0 ||
           (n >= 3 && space_at(s + n - 3, 3) == 3);
}

static bool write_quoted(FILE *f, const char *prefix, const char *s)
{
    if (fputc('"', f) == EOF || fputs(prefix, f) == EOF)
        return false;
    for (; *s; s++) {
        if (*s == '"' && fputc('"', f) == EOF)
            return false;
        if (fputc(*s, f) == EOF)
            return false;
    }
    return fputc('"', f) != EOF;
}

static bool write_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (is_long_number(s))
        return fprintf(f, "=\"%s\"", s) >= 0;
    const char *prefix = formula_like(s, strlen(s)) ? "'" : "";
    if (needs_quotes(s))
        return write_quoted(f, prefix, s);
    return fputs(prefix, f) != EOF && fputs(s, f) != EOF;
}

bool csv_write_row(FILE *f, const char *const *fields, int nfields)
{
    for (int i = 0; i < nfields; i++) {
        if (i > 0 && fputc(',', f) == EOF)
            return false;
        if (!write_field(f, fields[i]))
            return false;
    }
    return fputs("\r\n", f) != EOF && !ferror(f);
}

bool csv_write_bom(FILE *f)
{
    return fwrite("\xEF\xBB\xBF", 1, 3, f) == 3;
}
