#include "model/search.h"

#include <stdio.h>
#include <string.h>

#include "lianluo/text.h"
#include "model/sql.h"

#define SEARCH_MAX 256 /* longer than any filter's search text */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool is_letters(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            return false;
    return true;
}

/* The query as it is searched: without the spaces around it (a trailing space would make the
 * trigram phrase ask for a space after the text, and the route depends on the length). */
static const char *trimmed(const char *q, char *buf, size_t size)
{
    snprintf(buf, size, "%s", q ? q : "");
    text_trim(buf);
    return buf;
}

bool search_joins(const char *query)
{
    char buf[SEARCH_MAX];
    const char *q = trimmed(query, buf, sizeof buf);
    return utf8_chars(q) >= 3 && !is_letters(q);
}

/* Whether code point c is folded by LIKE as by the trigram tokenizer (case_sensitive 0): ASCII,
 * and the ranges without case that Chinese text is made of. */
static bool caseless(unsigned c)
{
    return c < 0x80 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF20) ||
           (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

bool search_can_walk(const char *query)
{
    char buf[SEARCH_MAX];
    const char *q = trimmed(query, buf, sizeof buf);
    if (!search_joins(q))
        return false;
    for (const unsigned char *p = (const unsigned char *)q; *p;) {
        unsigned c = *p, more = 0;
        if (c >= 0xF0)
            c &= 0x07, more = 3;
        else if (c >= 0xE0)
            c &= 0x0F, more = 2;
        else if (c >= 0xC0)
            c &= 0x1F, more = 1;
        else if (c >= 0x80)
            return false; /* not UTF-8: leave it to the index */
        p++;
        for (; more > 0; more--, p++) {
            if ((*p & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (*p & 0x3F);
        }
        if (!caseless(c))
            return false;
    }
    return true;
}

bool search_needs_count(const struct ll_db *db, const char *q)
{
    return db->search_force == 0 && search_can_walk(q);
}

enum search_route search_page_route(const struct ll_db *db, const char *q, int count)
{
    /* a common word (its count capped) is found sooner reading the page's index in order
     * than sorting all its hits (DESIGN.md, speed traps); a rare one through its hits */
    if (!search_can_walk(q))
        return SEARCH_FTS;
    if (db->search_force)
        return db->search_force >= 2 ? SEARCH_WALK : SEARCH_FTS;
    return count == LL_COUNT_MORE ? SEARCH_WALK : SEARCH_FTS;
}

/* The VM instructions a page read in order may take: about 11 a row read and tested, so some
 * 4,500 rows, as much as sorting the 1,000 hits of a word counted common would cost
 * (search_force 2: no limit, 3: a limit so small that most pages fall back). */
static int walk_budget(const struct ll_db *db)
{
    return db->search_force == 2 ? 0 : db->search_force == 3 ? 2000 : 50000;
}

enum ll_status search_page(struct ll_db *db, const char *query, int count, search_build build,
                           const void *filter, char *sql, size_t size, enum page_dir dir,
                           const char *anchor, int limit, void *out, int *n, struct ll_error *err)
{
    enum search_route route = search_page_route(db, query, count);
    struct sql_page_query q;
    build(filter, route, sql, size, &q);
    bool over = false;
    enum ll_status status = sql_page_within(db, &q, route == SEARCH_WALK ? walk_budget(db) : 0,
                                            &over, dir, anchor, limit, out, n, err);
    if (status != LL_OK || !over)
        return status;
    build(filter, SEARCH_FTS, sql, size, &q); /* rarer than its count said */
    return sql_page(db, &q, dir, anchor, limit, out, n, err);
}

void search_condition(const struct search_spec *spec, const char *query, enum search_route route,
                      char *out, size_t size)
{
    char buf[SEARCH_MAX];
    const char *q = trimmed(query, buf, sizeof buf);
    out[0] = '\0';
    if (!q[0]) {
        snprintf(out, size, "1");
        return;
    }
    text_append(out, size, "(");
    if (utf8_chars(q) >= 3 && route == SEARCH_WALK) {
        /* LIKE folds ASCII letters as the index does; without letters instr() finds the same
         * (no folding can change a match) at half the cost of a row */
        bool letters = strpbrk(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
        for (int i = 0; spec->columns[i]; i++)
            text_append(out, size, letters ? "%s%s LIKE :like ESCAPE '\\'" : "%sinstr(%s, :q) > 0",
                        i ? " OR " : "", spec->columns[i]);
    } else if (utf8_chars(q) >= 3 && route == SEARCH_JOIN) {
        text_append(out, size, "%s MATCH :fts", spec->fts);
    } else if (utf8_chars(q) >= 3) {
        text_append(out, size, "%s IN (SELECT rowid FROM %s WHERE %s MATCH :fts)", spec->rowid,
                    spec->fts, spec->fts);
    } else {
        for (int i = 0; spec->columns[i]; i++)
            text_append(out, size, "%sinstr(%s, :q) > 0", i ? " OR " : "", spec->columns[i]);
    }
    if (is_letters(q))
        for (int i = 0; spec->people[i]; i++)
            text_append(out, size, " OR pinyin_match(%s, :q)", spec->people[i]);
    text_append(out, size, ")");
}

void search_bind(sqlite3_stmt *st, const char *query)
{
    /* One FTS5 phrase: the text in double quotes, its own quotes doubled. */
    char buf[SEARCH_MAX], phrase[2 * SEARCH_MAX + 3];
    const char *q = trimmed(query, buf, sizeof buf);
    size_t n = 0;
    phrase[n++] = '"';
    for (const char *p = q; *p && n + 3 < sizeof phrase; p++) {
        if (*p == '"')
            phrase[n++] = '"';
        phrase[n++] = *p;
    }
    phrase[n++] = '"';
    phrase[n] = '\0';
    /* LIKE's pattern: the text anywhere, its own % _ and \ escaped with a \ */
    char like[2 * SEARCH_MAX + 3];
    n = 0;
    like[n++] = '%';
    for (const char *p = q; *p && n + 4 < sizeof like; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            like[n++] = '\\';
        like[n++] = *p;
    }
    like[n++] = '%';
    like[n] = '\0';
    sql_bind_text(st, ":q", q);
    sql_bind_text(st, ":fts", phrase);
    sql_bind_text(st, ":like", like);
}
