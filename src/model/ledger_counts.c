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

/* What one grouped query adds to a station's counts. */
enum count_field { ADD_ENTRIES, ADD_RAISED, ADD_CLOSED, ADD_OPEN };

/* Problems open today: the same whatever the period. */
#define OPEN_NOW_SQL                                                                               \
    "SELECT station_id, '', count(*), 0 FROM problem WHERE closed_on = '' GROUP BY station_id"

/* With both ends of the period open (all history), without the date: the grouping then
 * follows an index (migration 006) rather than sorting every entry. */
static const char *const count_all_sql[] = {
    [ADD_ENTRIES] = "SELECT station_id, kind, count(*), total(people) FROM ledger_entry "
                    "GROUP BY station_id, kind",
    [ADD_RAISED] = "SELECT station_id, '', count(*), 0 FROM problem GROUP BY station_id",
    [ADD_CLOSED] = "SELECT station_id, status, count(*), 0 FROM problem WHERE closed_on != '' "
                   "GROUP BY station_id, status",
    [ADD_OPEN] = OPEN_NOW_SQL,
};

static const char *const count_sql[] = {
    [ADD_ENTRIES] = "SELECT station_id, kind, count(*), total(people) FROM ledger_entry "
                    "WHERE held_on BETWEEN :from AND :to GROUP BY station_id, kind",
    [ADD_RAISED] = "SELECT station_id, '', count(*), 0 FROM problem WHERE raised_on BETWEEN "
                   ":from AND :to GROUP BY station_id",
    [ADD_CLOSED] = "SELECT station_id, status, count(*), 0 FROM problem WHERE closed_on BETWEEN "
                   ":from AND :to GROUP BY station_id, status",
    [ADD_OPEN] = OPEN_NOW_SQL,
};

static void add_counts(struct ledger_counts *c, enum count_field what, const char *kind, int n,
                       int people)
{
    enum ledger_kind k;
    switch (what) {
    case ADD_ENTRIES:
        if (ledger_kind_parse(kind, &k))
            c->entries[k] += n;
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
    }
}

static enum ll_status count_into(struct ll_db *db, struct station_table *t,
                                 struct counts_row **index, enum count_field what, const char *from,
                                 const char *to, struct ll_error *err)
{
    bool all = !(from && from[0]) && !(to && to[0]);
    sqlite3_stmt *st = sql_prepare(db, all ? count_all_sql[what] : count_sql[what], err);
    if (!st)
        return err->status;
    /* Open ends: every date stored sorts between these, and '' (not closed) before both. */
    sql_bind_text(st, ":from", from && from[0] ? from : "0000-00-00");
    sql_bind_text(st, ":to", to && to[0] ? to : "9999-99-99");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct counts_row key, *keyp = &key;
        sql_column_text(st, 0, key.station_id, sizeof key.station_id);
        struct counts_row **found =
            bsearch(&keyp, index, (size_t)t->n, sizeof *index, by_station_id);
        if (!found)
            continue; /* a station outside the township asked for */
        char kind[24];
        sql_column_text(st, 1, kind, sizeof kind);
        add_counts(&(*found)->c, what, kind, sqlite3_column_int(st, 2),
                   (int)sqlite3_column_double(st, 3));
    }
    sql_done(db, st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, err);
    return LL_OK;
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
    char buf[32], month[8];
    int y, m;
    snprintf(buf, sizeof buf, "%s", text);
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
