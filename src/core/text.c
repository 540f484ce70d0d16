#include "lianluo/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define REPLACEMENT 0xFFFDu

struct cp_range {
    uint32_t lo, hi;
};

/* East Asian wide and fullwidth blocks (U+303F, half fill space, is narrow). Checked before
 * wcwidth() so that widths are the same in the "C" locale (where wcwidth() knows nothing beyond
 * ASCII) as under a UTF-8 locale. */
static const struct cp_range wide[] = {
    {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3040, 0xA4CF},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

/* Zero-width characters glibc agrees on: the common combining marks, zero-width space and
 * joiners, variation selectors, BOM. wcwidth() covers the rest under a UTF-8 locale. */
static const struct cp_range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static bool in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

static bool is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Decodes one sequence; returns bytes used, 0 when the sequence is invalid (or n == 0). */
static size_t decode_strict(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len;
    uint32_t c;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        c = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        c = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (!is_cont(s[i]))
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min_cp[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
    uint32_t c = REPLACEMENT;
    size_t used;

    if (n == 0)
        return 0;
    used = decode_strict((const unsigned char *)s, n, &c);
    if (used == 0) {
        c = REPLACEMENT;
        used = 1;
    }
    if (cp)
        *cp = c;
    return used;
}

/* Decodes from a NUL-terminated string without reading past the NUL: a continuation byte is
 * never 0, so looking at most 4 bytes up to the NUL is enough. */
static size_t decode_z(const char *s, uint32_t *cp)
{
    return text_decode(s, strnlen(s, 4), cp);
}

size_t text_encode(uint32_t cp, char *out)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int text_cp_width(uint32_t cp)
{
    int w;

    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x7F)
        return 1;
    if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (in_ranges(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 1;
    /* Under a UTF-8 locale wcwidth() knows the remaining combining marks; in "C" it says -1. */
    w = wcwidth((wchar_t)cp);
    return w >= 0 ? w : 1;
}

int text_width(const char *s)
{
    int cols = 0;
    uint32_t cp;

    if (!s)
        return 0;
    while (*s) {
        s += decode_z(s, &cp);
        cols += text_cp_width(cp);
    }
    return cols;
}

size_t text_fit(const char *s, int cols, int *used)
{
    size_t bytes = 0;
    int total = 0;
    uint32_t cp;

    while (s && s[bytes]) {
        size_t len = decode_z(s + bytes, &cp);
        int w = text_cp_width(cp);
        if (total + w > cols)
            break;
        total += w;
        bytes += len;
    }
    if (used)
        *used = total;
    return bytes;
}

bool text_shorten(char *s, size_t size, int cols)
{
    if (cols < 1 || size < 2 || text_width(s) <= cols)
        return false;
    size_t n = text_fit(s, cols - 1, NULL); /* < strlen(s) < size: s is wider than cols */
    s[n] = '~';
    s[n + 1] = '\0';
    return true;
}

/* Appends n copies of c to out[*pos], leaving room for the NUL in outsz. */
static void put_spaces(char *out, size_t outsz, size_t *pos, int n)
{
    while (n-- > 0 && *pos + 1 < outsz)
        out[(*pos)++] = ' ';
}

/* Appends the first len bytes of s, whole characters only, leaving room for the NUL.
 * An invalid byte becomes U+FFFD, so what reaches the screen is always valid UTF-8. */
static void put_text(char *out, size_t outsz, size_t *pos, const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = decode_strict((const unsigned char *)s + i, len - i, &cp);
        const char *src = n ? s + i : "\xEF\xBF\xBD";
        size_t out_n = n ? n : 3;
        if (*pos + out_n + 1 > outsz)
            break;
        memcpy(out + *pos, src, out_n);
        *pos += out_n;
        i += n ? n : 1;
    }
}

char *text_pad(char *out, size_t outsz, const char *s, int cols, enum text_align align)
{
    size_t pos = 0, bytes;
    int used, left = 0, gap;

    if (outsz == 0)
        return out;
    if (!s)
        s = "";
    if (cols < 0)
        cols = 0;
    bytes = text_fit(s, cols, &used);
    gap = cols - used;
    /* A truncated text keeps its start at the left edge: the gap is where the wide character
     * that did not fit would have begun. */
    if (s[bytes] == '\0') {
        if (align == TEXT_RIGHT)
            left = gap;
        else if (align == TEXT_CENTER)
            left = gap / 2;
    }
    put_spaces(out, outsz, &pos, left);
    put_text(out, outsz, &pos, s, bytes);
    put_spaces(out, outsz, &pos, gap - left);
    out[pos] = '\0';
    return out;
}

bool text_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;

    while (n > 0) {
        size_t used = decode_strict(p, n, &cp);
        if (used == 0)
            return false;
        p += used;
        n -= used;
    }
    return true;
}

size_t text_chars(const char *s)
{
    size_t count = 0;

    while (s && *s) {
        s += decode_z(s, NULL);
        count++;
    }
    return count;
}

/* Bytes of white space at s: an ASCII blank or the ideographic space U+3000. */
static size_t space_len(const char *s)
{
    if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        return 1;
    if (strncmp(s, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

char *text_trim(char *s)
{
    size_t start = 0, end, i, n;

    if (!s)
        return s;
    while ((n = space_len(s + start)) > 0)
        start += n;
    /* end: just past the last character that is not white space */
    i = start;
    end = start;
    while (s[i]) {
        n = space_len(s + i);
        if (n == 0) {
            i += decode_z(s + i, NULL);
            end = i;
        } else {
            i += n;
        }
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

/* Chinese punctuation that must not start a line. */
static bool closing_punct(const char *s, size_t n)
{
    static const char *const marks[] = {"，", "。", "、", "：", "；", "）", "！", "？"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (n >= strlen(marks[i]) && strncmp(s, marks[i], strlen(marks[i])) == 0)
            return true;
    return false;
}

static bool ascii_word_byte(char c)
{
    return c != ' ' && (unsigned char)c < 0x80;
}

size_t text_wrap_point(const char *line, size_t seg, int cols)
{
    size_t fit = text_fit(line, cols, NULL);
    if (fit > seg)
        fit = seg;
    if (fit == 0 && seg > 0) {
        uint32_t cp;
        return text_decode(line, seg, &cp); /* a character wider than cols */
    }
    if (fit < seg && fit > 0 && ascii_word_byte(line[fit]) && ascii_word_byte(line[fit - 1])) {
        size_t start = fit; /* inside an English word or a number: break before it */
        while (start > 0 && ascii_word_byte(line[start - 1]))
            start--;
        if (start > 0)
            return start;
    }
    /* "（社区），": backing up before "，" would start the next line with "）", so back up
     * until the line after starts with something else (all of it punctuation: keep the cut) */
    size_t start = fit;
    while (start < seg && start > 0 && closing_punct(line + start, seg - start)) {
        start--;
        while (start > 0 && ((unsigned char)line[start] & 0xC0) == 0x80)
            start--;
    }
    return start > 0 ? start : fit;
}

bool text_wrap_next(const char **s, int cols, char *line, size_t linesz)
{
    const char *p = *s;
    if (!*p || linesz < 2)
        return false;
    const char *nl = strchr(p, '\n');
    size_t seg = nl ? (size_t)(nl - p) : strlen(p);
    bool cut = seg >= linesz; /* a longer line goes on in the next piece */
    if (cut) {
        seg = linesz - 1;
        while (seg > 1 && ((unsigned char)p[seg] & 0xC0) == 0x80)
            seg--;
    }
    memcpy(line, p, seg);
    line[seg] = '\0';
    size_t fit = text_wrap_point(line, seg, cols);
    if (fit < seg || cut) {
        line[fit] = '\0';
        p += fit;
        while (*p == ' ') /* a wrapped line does not start with a space */
            p++;
    } else {
        p += seg + (nl ? 1 : 0); /* after a line break, indentation is kept */
    }
    *s = p;
    return true;
}

int text_wrap_lines(const char *s, int cols)
{
    char line[1024];
    int n = 0;
    while (text_wrap_next(&s, cols, line, sizeof line))
        n++;
    return n;
}

void text_append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strnlen(buf, size);
    va_list ap;
    va_start(ap, fmt);
    if (used + 1 < size)
        vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}
