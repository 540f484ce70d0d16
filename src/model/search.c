#include "model/search.h"

#include <limits.h>
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

bool search_indexed(const char *query)
{
    char buf[SEARCH_MAX];
    return utf8_chars(trimmed(query, buf, sizeof buf)) >= 3;
}

/* A row read in order and tested against the search costs about as much as a hit found in the
 * trigram index and sorted by its key (3,400 to 4,900 instructions each on the benchmark's
 * county and province, README "Speed"); a row so read takes about OPS_PER_ROW SQLite VM
 * instructions, the unit of a walk's budget (sql_page_within). */
#define OPS_PER_ROW 11
#define WALK_MIN    1000 /* rows a page read in order may always read */

/* About how many rows spec's table holds, from its first and last rowid (two seeks): more than
 * it holds when rows were deleted, which only makes a word seem rarer than it is. */
static enum ll_status table_rows(struct ll_db *db, const struct search_spec *spec, long long *rows,
                                 struct ll_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT coalesce((SELECT max(rowid) FROM %s) - (SELECT min(rowid) FROM %s) + 1, 0)",
             spec->table, spec->table);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    int rc = sqlite3_step(st);
    *rows = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sql_done(db, st);
    return rc == SQLITE_ROW ? LL_OK : sql_fail(db, err);
}

/* The hits of q in spec's trigram index (every row's, whatever a list's filter), counted up to
 * cap. */
static enum ll_status index_hits(struct ll_db *db, const struct search_spec *spec, const char *q,
                                 long long cap, long long *hits, struct ll_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s MATCH :fts LIMIT :cap)", spec->fts,
             spec->fts);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    search_bind(st, q);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":cap"), cap);
    int rc = sqlite3_step(st);
    *hits = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sql_done(db, st);
    return rc == SQLITE_ROW ? LL_OK : sql_fail(db, err);
}

static long long isqrt(long long n)
{
    if (n < 2)
        return n;
    long long x = n, y = (x + 1) / 2; /* Newton's steps, down to the root */
    while (y < x) {
        x = y;
        y = (x + n / x) / 2;
    }
    return x;
}

/* The route of a page of limit rows for q, and the rows a walk may read (0: no limit).
 *
 * Found through its hits, a page costs about a row's worth per hit (h of them); read in order,
 * limit * rows / h rows. The two are equal at h = sqrt(limit * rows), the balance: fewer hits
 * are sorted, more are walked. So the hits are counted up to the balance and no further (the
 * count grows with the square root of the rows, as the dearer way does at worst). A walk
 * chosen expects to read at most the balance's number of rows; it may read half as many again
 * (the word may be rarer where the page is than on average, or among the rows a filter keeps)
 * before the page is found through the hits after all. */
/* Whether q's route is known without counting its hits: SEARCH_FTS for a word a walk cannot
 * find, the route a test forces (db->search_force). */
static bool route_settled(const struct ll_db *db, const char *q, enum search_route *route)
{
    *route = SEARCH_FTS;
    if (!q || !q[0] || !search_can_walk(q))
        return true;
    if (db->search_force)
        *route = db->search_force >= 2 ? SEARCH_WALK : SEARCH_FTS;
    return db->search_force != 0;
}

static enum ll_status choose_route(struct ll_db *db, const struct search_spec *spec, const char *q,
                                   int limit, enum search_route *route, long long *walk_rows,
                                   struct ll_error *err)
{
    *walk_rows = 0;
    if (route_settled(db, q, route)) {
        *walk_rows = db->search_force == 3 ? 2000 / OPS_PER_ROW : 0;
        return LL_OK;
    }
    long long rows = 0, hits = 0;
    if (table_rows(db, spec, &rows, err) != LL_OK)
        return err->status;
    long long page = limit > 0 ? limit : 1;
    long long balance = isqrt(page * rows);
    if (balance < 1)
        balance = 1;
    if (index_hits(db, spec, q, balance, &hits, err) != LL_OK)
        return err->status;
    if (hits < balance)
        return LL_OK;
    *route = SEARCH_WALK;
    *walk_rows = page * rows / balance * 3 / 2;
    if (*walk_rows < WALK_MIN)
        *walk_rows = WALK_MIN;
    return LL_OK;
}

enum ll_status search_count_route(struct ll_db *db, const struct search_spec *spec, const char *q,
                                  long long kept, enum search_route *route, struct ll_error *err)
{
    if (route_settled(db, q, route) || kept < 0) {
        *route = kept < 0 ? SEARCH_FTS : *route;
        return LL_OK;
    }
    long long rows = 0, hits = 0;
    if (table_rows(db, spec, &rows, err) != LL_OK)
        return err->status;
    /* the join reads about LL_COUNT_MAX * rows / kept hits when as many are kept: no more is
     * counted to choose (past it, the join stops first anyway) */
    long long join_reads = LL_COUNT_MAX * (rows / (kept > 0 ? kept : 1) + 1);
    long long cap = (kept < join_reads ? kept : join_reads) + 1;
    if (index_hits(db, spec, q, cap, &hits, err) != LL_OK)
        return err->status;
    if (hits > kept)
        *route = SEARCH_WALK;
    return LL_OK;
}

enum ll_status search_page(struct ll_db *db, const struct search_spec *spec, const char *query,
                           search_build build, const void *filter, char *sql, size_t size,
                           enum page_dir dir, const char *anchor, int limit, void *out, int *n,
                           struct ll_error *err)
{
    enum search_route route;
    long long walk_rows = 0;
    *n = 0;
    if (choose_route(db, spec, query, limit, &route, &walk_rows, err) != LL_OK)
        return err->status;
    struct sql_page_query q;
    build(filter, route, sql, size, &q);
    bool over = false;
    long long ops = walk_rows * OPS_PER_ROW;
    int budget = route != SEARCH_WALK ? 0 : ops > INT_MAX ? INT_MAX : (int)ops;
    enum ll_status status = sql_page_within(db, &q, budget, &over, dir, anchor, limit, out, n, err);
    db->search_taken = !query || !query[0] || !search_indexed(query) ? SEARCH_TOOK_NONE
                       : route != SEARCH_WALK                        ? SEARCH_TOOK_HITS
                       : over                                        ? SEARCH_TOOK_FELL_BACK
                                                                     : SEARCH_TOOK_WALK;
    if (status != LL_OK || !over)
        return status;
    build(filter, SEARCH_FTS, sql, size, &q); /* rarer where the page is than on average */
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
