/* Internal to src/model: the counts of a period, from the summaries of migrations 008 and 009
 * (whole years: stations x years rows, or years alone for a total of every station) and the date
 * indexes (a period's part years). */
#ifndef LL_MODEL_SUMMARY_H
#define LL_MODEL_SUMMARY_H

#include <sqlite3.h>
#include <stdbool.h>

#include "lianluo/db.h"

/* What is counted: ledger entries (by kind, with their person-times), problems raised,
 * problems closed (by status), problems open now (whatever the period); contacts (by mode, a
 * township's in place of a station's: a list's count only, with total). */
enum count_field { ADD_ENTRIES, ADD_RAISED, ADD_CLOSED, ADD_OPEN, ADD_CONTACTS };

struct sum_query {
    enum count_field what; /* not ADD_OPEN */
    const char *from, *to; /* the period's ends (YYYY-MM-DD), "" = open */
    /* " AND …" on station_id (and kind, for entries) narrowing the rows counted, or "":
     * constant SQL, bound by bind(st, filter) (NULL: nothing to bind) */
    const char *cond;
    void (*bind)(sqlite3_stmt *st, const void *filter);
    const void *filter;
    /* called for each row (station_id, kind or status or '', count, person-times) whose sum
     * is the period's: several rows may be of the same station and kind; with total, rows
     * ('', '', count, person-times) of every station and kind together */
    bool total;
    /* with total, cond names no station (township): the summary of every station together
     * (migration 009) serves */
    bool across;
    void (*add)(void *ctx, sqlite3_stmt *st);
    void *ctx;
};

/* Counts the period's rows of q->what as q says. The rows are the same as a grouped query
 * over `date BETWEEN from AND to` (all rows with both ends open) would count, whatever the
 * dates stored: a year is taken from its summary only when none of its rows is outside the
 * period. */
enum ll_status sum_period(struct ll_db *db, const struct sum_query *q, struct ll_error *err);

/* The count of a list of q->what in a period (from, to: "" = open; a list's query bounds its
 * end at "9999-99-99"), its rows narrowed by cond (as sum_query's): what the list's count of
 * the same rows gives, from the summaries. */
enum ll_status sum_list_count(struct ll_db *db, enum count_field what, const char *from,
                              const char *to, const char *cond, bool across,
                              void (*bind)(sqlite3_stmt *st, const void *filter),
                              const void *filter, int *count, struct ll_error *err);

#endif
