/* The station ledger (台账): what happens at a liaison station — receptions, visits, opinion
 * solicitations, exchanges, report-and-appraisal sessions — with the deputies present and the
 * people received; and the counts of it that a county writes in its bulletin. */
#ifndef LIANLUO_LEDGER_H
#define LIANLUO_LEDGER_H

#include <stdbool.h>

#include "lianluo/db.h"

/* X(constant, code name stored in the database, Chinese label) */
#define LEDGER_KINDS(X)                                                                            \
    X(LEDGER_RECEPTION, "reception", "接待群众")                                                   \
    X(LEDGER_VISIT, "visit", "走访调研")                                                           \
    X(LEDGER_SOLICIT, "solicitation", "民意征询")                                                  \
    X(LEDGER_EXCHANGE, "exchange", "交流研讨")                                                     \
    X(LEDGER_APPRAISAL, "appraisal", "述职评议")                                                   \
    X(LEDGER_OTHER, "other", "其他")

enum ledger_kind {
#define X(c, code, label) c,
    LEDGER_KINDS(X)
#undef X
        LEDGER_KIND_COUNT
};

#define LEDGER_DEPUTIES_MAX 40 /* a report-and-appraisal session gathers a township's deputies */

struct ledger_entry {
    char id[LL_ID_LEN]; /* "" for a new entry: ledger_save fills it */
    char site_id[LL_ID_LEN];
    char station_id[LL_ID_LEN];
    enum ledger_kind kind;
    char date[24];  /* YYYY-MM-DD once saved (as typed before) */
    char time[16];  /* HH:MM once saved, "" = not noted */
    char people[8]; /* person-times received, as digits ("" = 0) */
    char place[128];
    char summary[1024];
    /* The deputies present: ids, and their names as the entry shows them (张三、李四). */
    int ndeputies;
    char deputy_ids[LEDGER_DEPUTIES_MAX][LL_ID_LEN];
    char deputy_names[1024];
    /* Read-only, filled by ledger_get and ledger_list: */
    char operator_name[64]; /* who recorded it (the operator of the site that saved it) */
    char station_name[128];
    char township_id[LL_ID_LEN];
    char township_name[64];
    int problem_count; /* problems raised during it */
    char created_at[25];
    char updated_at[25];
    char sort_key[LL_KEY_LEN];
};

struct ledger_filter {
    char township_id[LL_ID_LEN]; /* "" = every township */
    char station_id[LL_ID_LEN];  /* "" = every station */
    int kind;                    /* -1 = every kind */
    char deputy_id[LL_ID_LEN];   /* "" = any; else entries this deputy was present at */
    char from[11], to[11];       /* a period, both ends included; "" = open */
    /* Part of the summary, place or deputies' names (Chinese substrings), or the pinyin
     * initials of a deputy present (zs finds 张三). "" = all. */
    char search[64];
};

const char *ledger_kind_label(enum ledger_kind kind); /* translated */
const char *ledger_kind_text(enum ledger_kind kind);  /* Chinese whatever the language: files */
const char *ledger_kind_code(enum ledger_kind kind);
bool ledger_kind_parse(const char *text, enum ledger_kind *out); /* code or label */

void ledger_init(struct ledger_entry *e);
void ledger_filter_init(struct ledger_filter *f);
enum ll_status ledger_validate(struct ll_db *db, const struct ledger_entry *e,
                               struct ll_error *err);
/* Inserts (id "" -> new id) or updates, with its deputies, in one transaction; audited. The
 * names are stored as deputy_names says (ledger_toggle_deputy keeps them in step with the ids),
 * so a deputy who later leaves the roster keeps the name recorded. */
enum ll_status ledger_save(struct ll_db *db, struct ledger_entry *e, struct ll_error *err);
enum ll_status ledger_get(struct ll_db *db, const char *id, struct ledger_entry *out,
                          struct ll_error *err);
/* Problems raised during the entry stay (they lose the link to it). Audited. */
enum ll_status ledger_delete(struct ll_db *db, const char *id, struct ll_error *err);
/* A keyset page by date and time (oldest first, as the paper ledger). */
enum ll_status ledger_list(struct ll_db *db, const struct ledger_filter *f, enum page_dir dir,
                           const char *anchor_key, int limit, struct ledger_entry *out, int *count,
                           struct ll_error *err);
enum ll_status ledger_count(struct ll_db *db, const struct ledger_filter *f, int *count,
                            struct ll_error *err);
/* The deputies present at the station's latest entry (for a new entry's defaults). */
enum ll_status ledger_last_deputies(struct ll_db *db, const char *station_id,
                                    struct ledger_entry *into, struct ll_error *err);
/* Adds (true) or removes a deputy from e's list, keeping deputy_names in step. False when the
 * list is full. */
bool ledger_toggle_deputy(struct ledger_entry *e, const char *deputy_id, const char *name);

/* ---- counts for the bulletin ------------------------------------------------------------ */

struct ledger_counts {
    int entries[LEDGER_KIND_COUNT]; /* ledger entries by kind, held in the period */
    int entries_total;
    int people;   /* person-times received at those entries */
    int raised;   /* problems raised in the period */
    int solved;   /* problems that reached 已解决 in the period (and still are) */
    int closed;   /* problems closed in the period: solved, explained or not solvable */
    int open_now; /* problems not closed today, whenever raised (a state, not a period count) */
};

enum counts_level {
    COUNTS_BY_STATION,  /* one row per station (of a township, or all) */
    COUNTS_BY_TOWNSHIP, /* one row per township */
};

struct counts_row {
    char township_id[LL_ID_LEN];
    char township_name[64];
    char station_id[LL_ID_LEN]; /* "" for a township's row */
    char station_name[128];
    struct ledger_counts c;
};

/* Counts for [from, to] ("" = open ends). Calls row() for every station (or township) in
 * network order, stations with nothing to count included (a bulletin lists them all), then
 * fills *total with the sum. township_id limits it to one township ("" = the county). */
enum ll_status ledger_counts(struct ll_db *db, enum counts_level level, const char *township_id,
                             const char *from, const char *to,
                             int (*row)(void *ctx, const struct counts_row *r), void *ctx,
                             struct ledger_counts *total, struct ll_error *err);
/* The same for one station (its page). */
enum ll_status ledger_station_counts(struct ll_db *db, const char *station_id, const char *from,
                                     const char *to, struct ledger_counts *out,
                                     struct ll_error *err);

/* A period from what people type: "2026" (the year), "2026-03" (the month), or one date; false
 * when it is none of these. from and to are YYYY-MM-DD. */
bool period_parse(const char *text, char from[11], char to[11]);

#endif
