/* Sort keys from the most common pinyin syllable of each character (pinyin_syllables.txt). */
#include "lianluo/pinyin.h"

#include <string.h>

#include "core/embedded.h"
#include "core/pinyin_table.h"
#include "lianluo/text.h"

#define SORT_LO        0x3400 /* CJK Ext A and the URO, as SORT_RANGE in gen_pinyin.py */
#define SORT_HI        0x9FFF
#define SYLLABLES_MAX  (36 * 36)
#define SYLLABLE_CHARS 8 /* "zhuang" and its NUL fit */
#define NO_SYLLABLE    0xFFFF

/* Filled from the embedded data on first use (not thread-safe, like the initials table). */
static uint16_t number_of[SORT_HI - SORT_LO + 1];
static char names[SYLLABLES_MAX][SYLLABLE_CHARS];
static int nnames;
static bool loaded;

static int base36(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    return -1;
}

/* "= a ai an ...": the syllables, up to the end of the line. */
static const char *parse_names(const char *p)
{
    while (*p && *p != '\n') {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " \n");
        if (n > 0 && n < SYLLABLE_CHARS && nnames < SYLLABLES_MAX) {
            memcpy(names[nnames], p, n);
            names[nnames++][n] = '\0';
        }
        p += n;
    }
    return p;
}

static void parse(const char *p)
{
    uint32_t next = 0;
    while (*p) {
        if (*p == '#') {
            p += strcspn(p, "\n");
        } else if (*p == '=') {
            p = parse_names(p + 1);
        } else if (*p == '@') {
            p = pinyin_table_jump(p + 1, &next);
        } else if (p[0] == '-' && p[1] == '-') {
            next++;
            p += 2;
        } else if (base36(p[0]) >= 0 && base36(p[1]) >= 0) {
            int n = base36(p[0]) * 36 + base36(p[1]);
            if (next >= SORT_LO && next <= SORT_HI && n < nnames)
                number_of[next - SORT_LO] = (uint16_t)n;
            next++;
            p += 2;
        } else {
            p++; /* white space and anything unknown */
        }
    }
}

static void load(void)
{
    if (loaded)
        return;
    loaded = true;
    for (size_t i = 0; i < sizeof number_of / sizeof number_of[0]; i++)
        number_of[i] = NO_SYLLABLE;
    if (embedded_pinyin_syllables[0].data)
        parse(embedded_pinyin_syllables[0].data);
}

static const char *syllable_of(uint32_t cp)
{
    if (cp < SORT_LO || cp > SORT_HI)
        return NULL;
    load();
    uint16_t n = number_of[cp - SORT_LO];
    return n == NO_SYLLABLE ? NULL : names[n];
}

/* Surnames read otherwise than the character's most common reading (曾 is céng in 曾经 but
 * Zēng as a name): the first Han character of a key is looked up here first. By code point. */
static const struct {
    uint32_t cp;
    const char *syllable;
} surnames[] = {
    {0x4E50, "yue"},   /* 乐 */
    {0x4EC7, "qiu"},   /* 仇 */
    {0x533A, "ou"},    /* 区 */
    {0x5355, "shan"},  /* 单 */
    {0x535C, "bu"},    /* 卜 */
    {0x53E5, "gou"},   /* 句 */
    {0x53EC, "shao"},  /* 召 */
    {0x5458, "yun"},   /* 员 */
    {0x6298, "she"},   /* 折 */
    {0x66FE, "zeng"},  /* 曾 */
    {0x6734, "piao"},  /* 朴 */
    {0x67E5, "zha"},   /* 查 */
    {0x6D17, "xian"},  /* 洗 */
    {0x76D6, "ge"},    /* 盖 */
    {0x796D, "zhai"},  /* 祭 */
    {0x79CD, "chong"}, /* 种 */
    {0x79D8, "bi"},    /* 秘 */
    {0x7E41, "po"},    /* 繁 */
    {0x7F2A, "miao"},  /* 缪 */
    {0x7FDF, "zhai"},  /* 翟 */
    {0x80FD, "nai"},   /* 能 */
    {0x8584, "bo"},    /* 薄 */
    {0x8983, "qin"},   /* 覃 */
    {0x89E3, "xie"},   /* 解 */
    {0x90FD, "du"},    /* 都 */
    {0x91CD, "chong"}, /* 重 */
    {0x961A, "kan"},   /* 阚 */
    {0x9697, "wei"},   /* 隗 */
};

static const char *surname_syllable(uint32_t cp)
{
    size_t lo = 0, hi = sizeof surnames / sizeof surnames[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (surnames[mid].cp == cp)
            return surnames[mid].syllable;
        if (surnames[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Appends text to out; false (and nothing written) when it does not fit. */
static bool put(char *out, size_t outsz, size_t *pos, const char *text)
{
    size_t n = strlen(text);
    if (*pos + n + 1 > outsz)
        return false;
    memcpy(out + *pos, text, n);
    *pos += n;
    out[*pos] = '\0';
    return true;
}

static char *sort_key(const char *s, char *out, size_t outsz, bool person)
{
    size_t pos = 0;
    bool in_word = false;    /* the last thing written is a run of letters and digits */
    bool first_han = person; /* a person's first Han character is the surname */
    if (outsz == 0)
        return out;
    out[0] = '\0';
    while (s && *s) {
        uint32_t cp;
        s += text_decode(s, strnlen(s, 4), &cp);
        if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
            (cp >= 0xFF41 && cp <= 0xFF5A))
            cp = cp - 0xFF00 + 0x20; /* full-width letters and digits */
        char ascii[2] = {0, 0};
        const char *syllable = NULL;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            ascii[0] = (char)cp;
        else if (cp >= 'A' && cp <= 'Z')
            ascii[0] = (char)(cp - 'A' + 'a');
        else if (!(syllable = first_han ? surname_syllable(cp) : NULL))
            syllable = syllable_of(cp);
        if (syllable)
            first_han = false;
        if (ascii[0]) {
            if (!in_word && pos > 0 && !put(out, outsz, &pos, " "))
                break;
            if (!put(out, outsz, &pos, ascii))
                break;
            in_word = true;
        } else if (syllable) {
            size_t mark = pos;
            if ((pos > 0 && !put(out, outsz, &pos, " ")) || !put(out, outsz, &pos, syllable)) {
                out[mark] = '\0'; /* a syllable is whole or not there */
                break;
            }
            in_word = false;
        } else {
            in_word = false; /* spaces and punctuation only separate */
        }
    }
    return out;
}

char *pinyin_sort_key(const char *s, char *out, size_t outsz)
{
    return sort_key(s, out, outsz, false);
}

char *pinyin_name_sort_key(const char *s, char *out, size_t outsz)
{
    return sort_key(s, out, outsz, true);
}
