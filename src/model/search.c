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

void search_condition(const struct search_spec *spec, const char *query, char *out, size_t size)
{
    char buf[SEARCH_MAX];
    const char *q = trimmed(query, buf, sizeof buf);
    out[0] = '\0';
    if (!q[0]) {
        snprintf(out, size, "1");
        return;
    }
    text_append(out, size, "(");
    if (utf8_chars(q) >= 3) {
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
    sql_bind_text(st, ":q", q);
    sql_bind_text(st, ":fts", phrase);
}
