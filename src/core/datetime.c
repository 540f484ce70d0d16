#include "lianluo/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define YEAR_MIN  1900
#define YEAR_MAX  2100
#define INPUT_MAX 64 /* longer input is not a date */

/* Separator styles between year, month and day. */
enum sep_style { SEP_NONE, SEP_DASH, SEP_SLASH, SEP_DOT, SEP_HAN };

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copies s into buf with ASCII white space trimmed and full-width digits and separators
 * (typed with a Chinese IME: ２０２４－０７－３０) turned into ASCII. */
static bool normalise(const char *s, char *buf, size_t bufsz)
{
    size_t n = 0;

    if (!s)
        return false;
    while (is_space(*s))
        s++;
    while (*s) {
        const unsigned char *u = (const unsigned char *)s;
        char c = *s;
        size_t len = 1;
        /* U+FF0D － U+FF0E ． U+FF0F ／ U+FF10-FF19 ０-９ are EF BC 8D..99 */
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x8D && u[2] <= 0x99) {
            c = (char)(u[2] - 0x8D + '-');
            len = 3;
        }
        if (n + 1 >= bufsz)
            return false;
        buf[n++] = c;
        s += len;
    }
    while (n > 0 && is_space(buf[n - 1]))
        n--;
    buf[n] = '\0';
    return true;
}

/* Reads 1..maxd ASCII digits. */
static bool read_num(const char **p, int maxd, int *val, int *ndigits)
{
    int v = 0, d = 0;

    while (**p >= '0' && **p <= '9' && d < maxd) {
        v = v * 10 + (**p - '0');
        (*p)++;
        d++;
    }
    *val = v;
    *ndigits = d;
    return d > 0 && !(**p >= '0' && **p <= '9');
}

static bool skip(const char **p, const char *lit)
{
    size_t n = strlen(lit);

    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* Reads the separator after the year and tells its style. */
static enum sep_style read_sep(const char **p)
{
    switch (**p) {
    case '-':
        (*p)++;
        return SEP_DASH;
    case '/':
        (*p)++;
        return SEP_SLASH;
    case '.':
        (*p)++;
        return SEP_DOT;
    default:
        return skip(p, "年") ? SEP_HAN : SEP_NONE;
    }
}

/* Reads the separator between month and day, which must match the first one. */
static bool read_second_sep(const char **p, enum sep_style style)
{
    static const char *const lits[] = {"", "-", "/", ".", "月"};
    return skip(p, lits[style]);
}

static bool valid_ym(int y, int m)
{
    return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12;
}

static bool valid_ymd(int y, int m, int d)
{
    return valid_ym(y, m) && d >= 1 && d <= days_in_month(y, m);
}

/* All digits: YYYYMMDD (8) or YYYYMM (6). */
static bool parse_compact(const char *p, size_t ndigits, int *y, int *m, int *d)
{
    int v[3] = {0, 0, 0};
    static const int width[3] = {4, 2, 2};

    if (strlen(p) != ndigits || strspn(p, "0123456789") != ndigits)
        return false;
    for (int i = 0, at = 0; i < 3 && (size_t)at < ndigits; at += width[i], i++)
        for (int k = 0; k < width[i]; k++)
            v[i] = v[i] * 10 + (p[at + k] - '0');
    *y = v[0];
    *m = v[1];
    *d = v[2];
    return true;
}

/* YYYY<sep>M<sep>D with one of - / . or 年月日. */
static bool parse_separated(const char *p, int *y, int *m, int *d)
{
    enum sep_style style;
    int nd;

    if (!read_num(&p, 4, y, &nd) || nd != 4)
        return false;
    if ((style = read_sep(&p)) == SEP_NONE)
        return false;
    if (!read_num(&p, 2, m, &nd) || !read_second_sep(&p, style))
        return false;
    if (!read_num(&p, 2, d, &nd))
        return false;
    if (style == SEP_HAN && !skip(&p, "日"))
        skip(&p, "号");
    return *p == '\0';
}

bool date_parse(const char *s, char out[11])
{
    char buf[INPUT_MAX];
    int y, m, d;

    if (!normalise(s, buf, sizeof buf))
        return false;
    if (!parse_compact(buf, 8, &y, &m, &d) && !parse_separated(buf, &y, &m, &d))
        return false;
    if (!valid_ymd(y, m, d))
        return false;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return true;
}

/* YYYY<sep>M with one of - / . or 年 (月 optional). */
static bool parse_month(const char *p, int *y, int *m)
{
    enum sep_style style;
    int nd;

    if (!read_num(&p, 4, y, &nd) || nd != 4)
        return false;
    if ((style = read_sep(&p)) == SEP_NONE)
        return false;
    if (!read_num(&p, 2, m, &nd))
        return false;
    if (style == SEP_HAN)
        skip(&p, "月");
    return *p == '\0';
}

bool month_parse(const char *s, char out[8])
{
    char buf[INPUT_MAX], date[11];
    int y, m, d;

    if (date_parse(s, date)) {
        memcpy(out, date, 7);
        out[7] = '\0';
        return true;
    }
    if (!normalise(s, buf, sizeof buf))
        return false;
    if (!parse_compact(buf, 6, &y, &m, &d) && !parse_month(buf, &y, &m))
        return false;
    if (!valid_ym(y, m))
        return false;
    snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    return true;
}

bool time_of_day_parse(const char *s, char out[6])
{
    char buf[INPUT_MAX];
    const char *p = buf;
    int h = 0, m = 0, nd = 0;

    if (!normalise(s, buf, sizeof buf))
        return false;
    size_t len = strlen(buf);
    if ((len == 3 || len == 4) && strspn(buf, "0123456789") == len) { /* 930, 0930 */
        int v = atoi(buf);
        h = v / 100;
        m = v % 100;
    } else {
        if (!read_num(&p, 2, &h, &nd))
            return false;
        if (skip(&p, ":") || skip(&p, "\xef\xbc\x9a") || skip(&p, "点") || skip(&p, "时")) {
            if (*p != '\0' && (!read_num(&p, 2, &m, &nd) || nd != 2))
                return false;
            (void)skip(&p, "分");
        }
        if (*p != '\0')
            return false;
    }
    if (h > 23 || m > 59)
        return false;
    snprintf(out, 6, "%02u:%02u", (unsigned)h % 24u, (unsigned)m % 60u); /* checked above */
    return true;
}

int date_days_between(const char *from, const char *to)
{
    int y1, m1, d1, y2, m2, d2;
    if (sscanf(from, "%4d-%2d-%2d", &y1, &m1, &d1) != 3 ||
        sscanf(to, "%4d-%2d-%2d", &y2, &m2, &d2) != 3)
        return 0;
    struct tm a = {.tm_year = y1 - 1900, .tm_mon = m1 - 1, .tm_mday = d1, .tm_hour = 12};
    struct tm b = {.tm_year = y2 - 1900, .tm_mon = m2 - 1, .tm_mday = d2, .tm_hour = 12};
    return (int)((timegm(&b) - timegm(&a)) / 86400);
}

void date_today(char out[11])
{
    /* Tests and training sessions set a fixed "today". */
    const char *fixed = getenv("LIANLUO_TODAY");
    if (fixed && date_parse(fixed, out))
        return;
    time_t now = time(NULL);
    struct tm tm;

    if (!localtime_r(&now, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "1970-01-01");
}

void time_now_iso(char out[25])
{
    struct timespec ts;
    struct tm tm;
    char base[20];

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !gmtime_r(&ts.tv_sec, &tm) ||
        strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
        snprintf(out, 25, "1970-01-01T00:00:00.000Z");
        return;
    }
    snprintf(out, 25, "%s.%03uZ", base, (unsigned)ts.tv_nsec / 1000000u % 1000u);
}
