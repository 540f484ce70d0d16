#include "lianluo/pinyin.h"

#include "core/embedded.h"
#include "core/pinyin_table.h"
#include "lianluo/text.h"

#include <string.h>

/* One entry per code point: bits 0-25 hold every possible initial (bit letter - 'a'),
 * bits 27-31 the most common initial + 1 (0 when the character has no reading). */
#define LETTERS_MASK  0x03FFFFFFu
#define PRIMARY_SHIFT 27
#define DIGIT_SHIFT   26 /* in the 64-bit match units below, digits follow the letters */

struct segment {
    uint32_t lo, hi, base; /* code points lo..hi live at table[base + cp - lo] */
};

/* Same ranges as RANGES in data/tools/gen_pinyin.py: CJK Ext A + URO, compatibility
 * ideographs, plane 2 (rare characters that do occur in names). */
static const struct segment segments[] = {
    {0x3400, 0x9FFF, 0},
    {0xF900, 0xFAFF, 0x6C00},
    {0x20000, 0x2FFFF, 0x6E00},
};
#define TABLE_SIZE (0x6E00 + 0x10000)

/* The only mutable state: filled from the embedded data on first use. Not thread-safe;
 * the first call happens on the UI thread (or call pinyin_initials_mask(0) early). */
static uint32_t table[TABLE_SIZE];
static bool table_loaded;

static uint32_t *slot(uint32_t cp)
{
    for (size_t i = 0; i < sizeof segments / sizeof segments[0]; i++)
        if (cp >= segments[i].lo && cp <= segments[i].hi)
            return &table[segments[i].base + cp - segments[i].lo];
    return NULL;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

const char *pinyin_table_jump(const char *p, uint32_t *cp)
{
    uint32_t v = 0;
    int d;

    while ((d = hex_value(*p)) >= 0 && v <= 0x10FFFF) {
        v = v * 16 + (uint32_t)d;
        p++;
    }
    *cp = v;
    return p;
}

/* Parses the format written by data/tools/gen_pinyin.py; unknown bytes are ignored. */
static void table_parse(const char *p)
{
    uint32_t next = 0;    /* code point of the next token */
    uint32_t *cur = NULL; /* entry of the current token, upper-case letters add to it */

    while (*p) {
        char c = *p++;
        if (c >= 'a' && c <= 'z') {
            cur = slot(next++);
            if (cur)
                *cur = (1u << (c - 'a')) | (uint32_t)(c - 'a' + 1) << PRIMARY_SHIFT;
        } else if (c >= 'A' && c <= 'Z') {
            if (cur)
                *cur |= 1u << (c - 'A');
        } else if (c == '.') {
            next++;
            cur = NULL;
        } else if (c == '@') {
            p = pinyin_table_jump(p, &next);
            cur = NULL;
        } else if (c == '#') {
            while (*p && *p != '\n')
                p++;
        }
    }
}

static void table_load(void)
{
    if (table_loaded)
        return;
    table_loaded = true;
    if (embedded_pinyin[0].data)
        table_parse(embedded_pinyin[0].data);
}

uint32_t pinyin_initials_mask(uint32_t cp)
{
    const uint32_t *e;

    table_load();
    e = slot(cp);
    return e ? *e & LETTERS_MASK : 0;
}

/* Full-width digits and Latin letters typed with a Chinese IME count as ASCII. */
static uint32_t fold_fullwidth(uint32_t cp)
{
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return cp - 0xFF00 + 0x20;
    return cp;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Bit of a lower-case letter or digit in a match unit; 0 for anything else. */
static uint64_t query_bit(int c)
{
    c = ascii_lower(c);
    if (c >= 'a' && c <= 'z')
        return 1ull << (c - 'a');
    if (c >= '0' && c <= '9')
        return 1ull << (DIGIT_SHIFT + c - '0');
    return 0;
}

/* What one character of s can match: its own letter or digit, or every initial of a Han
 * character; 0 for characters that are skipped (punctuation, spaces, unknown). */
static uint64_t unit_bits(uint32_t cp)
{
    cp = fold_fullwidth(cp);
    if (cp < 0x80)
        return query_bit((int)cp);
    return pinyin_initials_mask(cp);
}

/* Most common initial of cp as a lower-case ASCII character, or 0 when it has none. */
static char unit_initial(uint32_t cp)
{
    const uint32_t *e;

    cp = fold_fullwidth(cp);
    if (cp < 0x80)
        return query_bit((int)cp) ? (char)ascii_lower((int)cp) : 0;
    table_load();
    e = slot(cp);
    if (!e || (*e >> PRIMARY_SHIFT) == 0)
        return 0;
    return (char)('a' + (*e >> PRIMARY_SHIFT) - 1);
}

char *pinyin_initials(const char *s, char *out, size_t outsz)
{
    size_t pos = 0;
    uint32_t cp;

    if (outsz == 0)
        return out;
    while (s && *s && pos + 1 < outsz) {
        char c;
        s += text_decode(s, strnlen(s, 4), &cp);
        c = unit_initial(cp);
        if (c)
            out[pos++] = c;
    }
    out[pos] = '\0';
    return out;
}

/* The marks that separate the names of a list (张三、李四): a match never runs across them. */
static bool is_list_separator(uint32_t cp)
{
    return cp == 0x3001 /* 、 */ || cp == 0xFF0C /* ， */ || cp == ',' || cp == ';' ||
           cp == 0xFF1B /* ； */ || cp == '/';
}

/* True when query matches the characters from s on, skipped characters aside. */
static bool match_at(const char *s, const char *query)
{
    uint32_t cp;

    while (*query) {
        uint64_t bits;
        if (*s == '\0')
            return false;
        s += text_decode(s, strnlen(s, 4), &cp);
        if (is_list_separator(cp))
            return false;
        bits = unit_bits(cp);
        if (bits == 0)
            continue;
        if (!(bits & query_bit(*query)))
            return false;
        query++;
    }
    return true;
}

bool pinyin_match(const char *s, const char *query)
{
    uint32_t cp;

    if (!s || !query || !*query)
        return false;
    for (const char *q = query; *q; q++)
        if (!query_bit(*q))
            return false;
    while (*s) {
        const char *start = s;
        s += text_decode(s, strnlen(s, 4), &cp);
        if (unit_bits(cp) && match_at(start, query))
            return true;
    }
    return false;
}
