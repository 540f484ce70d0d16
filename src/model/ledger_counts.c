/* The counts a county writes in its bulletin, per station, township and county. The stations
 * are few (a county has about a hundred): they are read once into an array, and each count is
 * one grouped query over the covering indexes, added into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/ledger.h"
#include "lianluo/text.h"
#include "model/sql.h"
#include "model/summary.h"

struct station_table {
    struct counts_row *items;
    int n, cap;
};

static int by_station_id(const void *a, const void *b)
{
    const struct counts_row *const *x = a, *const *y = b;
    return strcmp((*x)->station_id, (*y)->station_id);
}

static enum ll_status load_stations(struct ll_db *db, const char *township_id,
                                    const char *station_id, struct station_table *t,
                                    struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(
        db,
        "SELECT s.id, s.name, t.id, t.name FROM station s JOIN township t ON t.id = "
        "s.township_id WHERE (:township = '' OR s.township_id = :township) AND (:station = '' "
        "OR s.id = :station) ORDER BY t.sort_order, t.name, CASE s.kind WHEN 'central' THEN 0 "
        "WHEN 'area' THEN 1 ELSE 2 END, pinyin_sort_key(s.name), s.name, s.id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":township", township_id);
    sql_bind_text(st, ":station", station_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (t->n == t->cap) {
            int cap = t->cap ? t->cap * 2 : 128;
            struct counts_row *items = realloc(t->items, (size_t)cap * sizeof *items);
            if (!items) {
                sql_done(db, st);
                return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
            }
            t->items = items;
            t->cap = cap;
        }
        struct counts_row *r = &t->items[t->n++];
        memset(r, 0, sizeof *r);
        sql_column_text(st, 0, r->station_id, sizeof r->station_id);
        sql_column_text(st, 1, r->station_name, sizeof r->station_name);
        sql_column_text(st, 2, r->township_id, sizeof r->township_id);
        sql_column_text(st, 3, r->township_name, sizeof r->township_name);
    }
    sql_done(db, st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, err);
    return LL_OK;
}

/* ---- a period's sums, from the summaries ------------------------------------------------- */

/* What is summed for each count: the summary of migrations 008 and 009 (its count n and
 * person-times, by year, station — a township for contacts — and key), the summary of every
 * station together by year and key (NULL: none), and the table it sums, on its date column;
 * also (SQL after " AND ") keeps what the count leaves out (problems not closed). */
static const struct summed {
    const char *summary, *total, *n, *people, *table, *date, *key, *also_sum, *also_base;
} summed[] = {
    [ADD_ENTRIES] = {"ledger_year", "ledger_total_year", "entries", "people", "ledger_entry",
                     "held_on", "kind", "1", "1"},
    [ADD_RAISED] = {"problem_year", "problem_total_year", "problems", "0", "problem", "raised_on",
                    "''", "1", "1"},
    [ADD_CLOSED] = {"problem_closed_year", NULL, "problems", "0", "problem", "closed_on", "status",
                    "year != ''", "closed_on != ''"},
    [ADD_CONTACTS] = {"contact_year", "contact_total_year", "contacts", "0", "contact",
                      "contacted_on", "mode", "1", "1"},
};

/* The head of a query of q's rows (station_id, key, count, person-times) from the summary or
 * the table, and its tail: the table's rows grouped; the summary's rows as they are (by year,
 * then station: sorting them by station costs more than adding them up one by one), or
 * summed for a total. */
static void sum_head(const struct sum_query *q, bool summary, char *buf, size_t size)
{
    const struct summed *s = &summed[q->what];
    /* a total of every station together: from the summary without stations */
    const char *table = !summary                            ? s->table
                        : q->total && q->across && s->total ? s->total
                                                            : s->summary;
    if (summary && !q->total)
        snprintf(buf, size, "SELECT station_id, %s, %s, %s FROM %s", s->key, s->n, s->people,
                 table);
    else
        snprintf(buf, size, "SELECT %s, %s, %s(%s), %s(%s) FROM %s", q->total ? "''" : "station_id",
                 q->total ? "''" : s->key, summary ? "sum" : "count", summary ? s->n : "*",
                 summary ? "sum" : "total", s->people, table);
}

static void sum_tail(const struct sum_query *q, bool summary, char *buf, size_t size)
{
    const struct summed *s = &summed[q->what];
    size_t used = strlen(buf);
    if (!q->total && !summary && used < size)
        snprintf(buf + used, size - used, " GROUP BY station_id%s%s",
                 strcmp(s->key, "''") != 0 ? ", " : "", strcmp(s->key, "''") != 0 ? s->key : "");
}

static bool is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (int i = 0; i < 10; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
            return false;
    return s[10] == '\0';
}

/* The first string after every date of year y ("2025" gives "2026"; "9999" one beyond
 * every string that begins with it). */
static void year_after(const char *y, char out[9])
{
    unsigned n = (unsigned)atoi(y) % 10000u; /* y is four digits */
    if (n == 9999)
        snprintf(out, 9, "%s", "9999\xF4\x8F\xBF\xBF");
    else
        snprintf(out, 9, "%04u", n + 1);
}

/* One query of a sum: its parameters besides the caller's (bind, filter). */
static enum ll_status sum_step(struct ll_db *db, const struct sum_query *q, const char *sql,
                               const char *y, const char *lo, bool *any, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    if (q->bind)
        q->bind(st, q->filter);
    char fy[5], ty[5], next[9] = "";
    snprintf(fy, sizeof fy, "%.4s", q->from);
    snprintf(ty, sizeof ty, "%.4s", q->to);
    if (y)
        year_after(y, next);
    sql_bind_text(st, ":from", q->from);
    sql_bind_text(st, ":to", q->to);
    sql_bind_text(st, ":fy", fy);
    sql_bind_text(st, ":ty", ty);
    sql_bind_text(st, ":y", y);
    sql_bind_text(st, ":lo", lo);
    sql_bind_text(st, ":next", next);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (any)
            *any = sqlite3_column_int(st, 0) != 0;
        else
            q->add(q->ctx, st);
    }
    sql_done(db, st);
    return rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

/* Whether a row of q's table dated in year y lies outside the period: below its start (low)
 * or after its end (!low). */
static enum ll_status outside(struct ll_db *db, const struct sum_query *q, const char *y, bool low,
                              bool *any, struct ll_error *err)
{
    const char *d = summed[q->what].date;
    char sql[256];
    if (low)
        snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s WHERE %s >= :y AND %s < :from)",
                 summed[q->what].table, d, d);
    else
        snprintf(sql, sizeof sql,
                 "SELECT EXISTS (SELECT 1 FROM %s WHERE %s > :to AND %s < :next AND substr(%s, 1, "
                 "4) = :y)",
                 summed[q->what].table, d, d, d);
    return sum_step(db, q, sql, y, NULL, any, err);
}

/* Year y's part of the period: its summary rows when every row of the year lies within the
 * period, else its rows in the period read through the date index. until_to: the part ends at
 * the period's end (else at the year's). */
static enum ll_status sum_year(struct ll_db *db, const struct sum_query *q, const char *y,
                               bool from_start, bool until_to, struct ll_error *err)
{
    const struct summed *s = &summed[q->what];
    bool below = false, above = false;
    if ((from_start && outside(db, q, y, true, &below, err) != LL_OK) ||
        (until_to && outside(db, q, y, false, &above, err) != LL_OK))
        return err->status;
    char sql[1024];
    size_t used;
    bool whole = !below && !above;
    sum_head(q, whole, sql, sizeof sql);
    used = strlen(sql);
    if (whole)
        snprintf(sql + used, sizeof sql - used, " WHERE year = :y AND %s%s", s->also_sum, q->cond);
    else if (until_to)
        snprintf(sql + used, sizeof sql - used, " WHERE %s >= :lo AND %s <= :to AND %s%s", s->date,
                 s->date, s->also_base, q->cond);
    else
        snprintf(sql + used, sizeof sql - used,
                 " WHERE %s >= :lo AND %s < :next AND substr(%s, 1, 4) = :y AND %s%s", s->date,
                 s->date, s->date, s->also_base, q->cond);
    sum_tail(q, whole, sql, sizeof sql);
    return sum_step(db, q, sql, y, from_start ? q->from : y, NULL, err);
}

enum ll_status sum_period(struct ll_db *db, const struct sum_query *q, struct ll_error *err)
{
    const struct summed *s = &summed[q->what];
    bool lo = q->from[0], hi = q->to[0];
    char sql[1024];
    if (lo && hi && strcmp(q->from, q->to) > 0)
        return LL_OK; /* the wrong way round: no row lies between */
    if ((lo && !is_date(q->from)) || (hi && !is_date(q->to))) {
        /* not a period of dates: the rows themselves */
        sum_head(q, false, sql, sizeof sql);
        size_t used = strlen(sql);
        snprintf(sql + used, sizeof sql - used, " WHERE %s%s%s%s%s%s%s%s", s->also_base,
                 lo ? " AND " : "", lo ? s->date : "", lo ? " >= :from" : "", hi ? " AND " : "",
                 hi ? s->date : "", hi ? " <= :to" : "", q->cond);
        sum_tail(q, false, sql, sizeof sql);
        return sum_step(db, q, sql, NULL, NULL, NULL, err);
    }
    if (lo && hi && strncmp(q->from, q->to, 4) == 0) {
        char y[5];
        snprintf(y, sizeof y, "%.4s", q->from);
        return sum_year(db, q, y, true, true, err);
    }
    /* the whole years between the ends, then each end's year */
    sum_head(q, true, sql, sizeof sql);
    size_t used = strlen(sql);
    snprintf(sql + used, sizeof sql - used, " WHERE %s%s%s%s", s->also_sum,
             lo ? " AND year > :fy" : "", hi ? " AND year < :ty" : "", q->cond);
    sum_tail(q, true, sql, sizeof sql);
    if (sum_step(db, q, sql, NULL, NULL, NULL, err) != LL_OK)
        return err->status;
    char fy[5], ty[5];
    snprintf(fy, sizeof fy, "%.4s", q->from);
    snprintf(ty, sizeof ty, "%.4s", q->to);
    if (lo && sum_year(db, q, fy, true, false, err) != LL_OK)
        return err->status;
    if (hi && sum_year(db, q, ty, false, true, err) != LL_OK)
        return err->status;
    return LL_OK;
}

static void add_count(void *ctx, sqlite3_stmt *st)
{
    *(int *)ctx += sqlite3_column_int(st, 2);
}

enum ll_status sum_list_count(struct ll_db *db, enum count_field what, const char *from,
                              const char *to, const char *cond, bool across,
                              void (*bind)(sqlite3_stmt *st, const void *filter),
                              const void *filter, int *count, struct ll_error *err)
{
    /* a list's end is at most the last date (its query: min(:to, :seek_to)) */
    const char *end = to[0] && strcmp(to, "9999-99-99") > 0 ? "9999-99-99" : to;
    struct sum_query q = {what, from, end, cond, bind, filter, true, across, add_count, count};
    *count = 0;
    return sum_period(db, &q, err);
}

/* Problems open today: the same whatever the period. */
#define OPEN_NOW_SQL "SELECT station_id, '', problems, 0 FROM problem_closed_year WHERE year = ''"

static void add_counts(struct ledger_counts *c, enum count_field what, const char *kind, int n,
                       int people)
{
    enum ledger_kind k;
    switch (what) {
    case ADD_ENTRIES:
        for (k = 0; k < LEDGER_KIND_COUNT; k++) /* the stored code */
            if (strcmp(kind, ledger_kind_code(k)) == 0) {
                c->entries[k] += n;
                break;
            }
        c->entries_total += n;
        c->people += people;
        break;
    case ADD_RAISED:
        c->raised += n;
        break;
    case ADD_CLOSED:
        c->closed += n;
        if (strcmp(kind, "solved") == 0)
            c->solved += n;
        break;
    case ADD_OPEN:
        c->open_now += n;
        break;
    case ADD_CONTACTS: /* not in the bulletin's counts (contact_counts) */
        break;
    }
}

struct station_sums {
    struct station_table *t;
    struct counts_row **index;
    enum count_field what;
    struct counts_row *last; /* the station of the row before (a summary's rows come by
                                station), NULL: none */
};

/* Adds a row (station_id, key, n, people) to its station's counts. */
static void add_station_row(void *ctx, sqlite3_stmt *st)
{
    struct station_sums *c = ctx;
    const char *station = (const char *)sqlite3_column_text(st, 0);
    if (!station)
        return;
    if (!c->last || strcmp(c->last->station_id, station) != 0) {
        struct counts_row key, *keyp = &key;
        snprintf(key.station_id, sizeof key.station_id, "%s", station);
        struct counts_row **found =
            bsearch(&keyp, c->index, (size_t)c->t->n, sizeof *c->index, by_station_id);
        c->last = found ? *found : NULL;
    }
    if (!c->last)
        return; /* a station outside the township asked for */
    const char *kind = (const char *)sqlite3_column_text(st, 1);
    add_counts(&c->last->c, c->what, kind ? kind : "", sqlite3_column_int(st, 2),
               (int)sqlite3_column_double(st, 3));
}

static enum ll_status count_into(struct ll_db *db, struct station_table *t,
                                 struct counts_row **index, enum count_field what, const char *from,
                                 const char *to, struct ll_error *err)
{
    struct station_sums c = {t, index, what, NULL};
    if (what == ADD_OPEN) {
        sqlite3_stmt *st = sql_prepare(db, OPEN_NOW_SQL, err);
        if (!st)
            return err->status;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            add_station_row(&c, st);
        sql_done(db, st);
        return rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
    }
    /* An open end of a period with the other end set: every date stored sorts between these
     * (and '', not closed, before both); with both ends open, all history. */
    bool all = !(from && from[0]) && !(to && to[0]);
    struct sum_query q = {what,
                          all ? "" : (from && from[0] ? from : "0000-00-00"),
                          all ? "" : (to && to[0] ? to : "9999-99-99"),
                          "",
                          NULL,
                          NULL,
                          false,
                          false,
                          add_station_row,
                          &c};
    return sum_period(db, &q, err);
}

static void counts_add(struct ledger_counts *sum, const struct ledger_counts *c)
{
    for (int k = 0; k < LEDGER_KIND_COUNT; k++)
        sum->entries[k] += c->entries[k];
    sum->entries_total += c->entries_total;
    sum->people += c->people;
    sum->raised += c->raised;
    sum->solved += c->solved;
    sum->closed += c->closed;
    sum->open_now += c->open_now;
}

/* Counts every station of township_id (or station_id alone) into t. */
static enum ll_status count_stations(struct ll_db *db, const char *township_id,
                                     const char *station_id, const char *from, const char *to,
                                     struct station_table *t, struct ll_error *err)
{
    if (load_stations(db, township_id, station_id, t, err) != LL_OK)
        return err->status;
    struct counts_row **index = malloc(((size_t)t->n + 1) * sizeof *index);
    if (!index)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    for (int i = 0; i < t->n; i++)
        index[i] = &t->items[i];
    qsort(index, (size_t)t->n, sizeof *index, by_station_id);
    enum ll_status status = LL_OK;
    for (int what = ADD_ENTRIES; what <= ADD_OPEN && status == LL_OK; what++)
        status = count_into(db, t, index, (enum count_field)what, from, to, err);
    free(index);
    return status;
}

enum ll_status ledger_counts(struct ll_db *db, enum counts_level level, const char *township_id,
                             const char *from, const char *to,
                             int (*row)(void *ctx, const struct counts_row *r), void *ctx,
                             struct ledger_counts *total, struct ll_error *err)
{
    struct station_table t = {0};
    memset(total, 0, sizeof *total);
    if (count_stations(db, township_id ? township_id : "", "", from, to, &t, err) != LL_OK) {
        free(t.items);
        return err->status;
    }
    struct counts_row township;
    memset(&township, 0, sizeof township);
    int stop = 0;
    for (int i = 0; i < t.n && !stop; i++) {
        const struct counts_row *r = &t.items[i];
        counts_add(total, &r->c);
        if (level == COUNTS_BY_STATION) {
            stop = row(ctx, r);
            continue;
        }
        if (strcmp(township.township_id, r->township_id) != 0) {
            if (township.township_id[0])
                stop = row(ctx, &township);
            memset(&township, 0, sizeof township);
            snprintf(township.township_id, sizeof township.township_id, "%s", r->township_id);
            snprintf(township.township_name, sizeof township.township_name, "%s", r->township_name);
        }
        counts_add(&township.c, &r->c);
    }
    if (level == COUNTS_BY_TOWNSHIP && township.township_id[0] && !stop)
        row(ctx, &township);
    free(t.items);
    return LL_OK;
}

enum ll_status ledger_station_counts(struct ll_db *db, const char *station_id, const char *from,
                                     const char *to, struct ledger_counts *out,
                                     struct ll_error *err)
{
    struct station_table t = {0};
    memset(out, 0, sizeof *out);
    enum ll_status status = count_stations(db, "", station_id, from, to, &t, err);
    if (status == LL_OK && t.n == 1)
        *out = t.items[0].c;
    else if (status == LL_OK)
        status = ll_error_set(err, LL_ENOTFOUND, _("找不到这个联络站，可能已被删除。"));
    free(t.items);
    return status;
}

bool period_parse(const char *text, char from[11], char to[11])
{
    char buf[48], month[8];
    int y, m;
    /* full-width digits (a Chinese input method types ２０２６) as ASCII ones */
    size_t n = 0;
    for (const unsigned char *u = (const unsigned char *)text; *u && n + 1 < sizeof buf;) {
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            buf[n++] = (char)('0' + u[2] - 0x90);
            u += 3;
        } else {
            buf[n++] = (char)*u++;
        }
    }
    buf[n] = '\0';
    text_trim(buf);
    size_t len = strlen(buf);
    if ((len == 4 || (len == 7 && strcmp(buf + 4, "年") == 0)) && sscanf(buf, "%4d", &y) == 1 &&
        strspn(buf, "0123456789") == 4 && y >= 1900 && y <= 2100) {
        snprintf(from, 11, "%04d-01-01", y);
        snprintf(to, 11, "%04d-12-31", y);
        return true;
    }
    if (date_parse(buf, from)) {
        snprintf(to, 11, "%s", from);
        return true;
    }
    if (month_parse(buf, month) && sscanf(month, "%4d-%2d", &y, &m) == 2) {
        static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
        snprintf(from, 11, "%s-01", month);
        snprintf(to, 11, "%s-%02d", month, last);
        return true;
    }
    return false;
}
