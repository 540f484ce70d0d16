/* Roster spreadsheets in and out: CSV import (all or nothing) and export; the ledger, problems and
 * counts of a period as CSV, a station's printed ledger; and the demo county. */
#ifndef LIANLUO_IO_H
#define LIANLUO_IO_H

#include <stdio.h>

#include "lianluo/db.h"
#include "lianluo/ledger.h"

struct import_result {
    int rows;              /* data rows read */
    int inserted;          /* new records */
    int updated;           /* existing records (same id, or same name and phone) changed */
    int unchanged;         /* existing records the file left as they were */
    int townships_created; /* townships named in the file that did not exist */
    int stations_created;  /* stations named in a deputy roster that did not exist */
    int groups_created;
};

/* Imports a CSV of stations / deputies / volunteers / deputy groups with Chinese column headers
 * (see README). Runs in one transaction: on the first bad row nothing is written and err names the
 * line and column. */
enum ll_status import_stations(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err);
enum ll_status import_deputies(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err);
enum ll_status import_volunteers(struct ll_db *db, const char *path, struct import_result *res,
                                 struct ll_error *err);
enum ll_status import_groups(struct ll_db *db, const char *path, struct import_result *res,
                             struct ll_error *err);

/* Writes every station / deputy / volunteer / deputy group as CSV (UTF-8 with BOM, CRLF) with the
 * same headers the import reads, so export then import gives the same records. *rows gets the
 * count. */
enum ll_status export_stations(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);
enum ll_status export_deputies(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);
enum ll_status export_volunteers(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);
enum ll_status export_groups(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);

/* The ledger entries / the problems raised in the period [from, to] (dates as date_parse reads
 * them; "" or NULL = an open end), oldest first, every station, as CSV (UTF-8 with BOM, CRLF)
 * with Chinese headers and labels whatever the screen language. The problems leave out the
 * constituent's name and phone. *rows gets the count; a bad period is LL_EINVAL. */
enum ll_status export_ledger(struct ll_db *db, const char *from, const char *to, FILE *out,
                             int *rows, struct ll_error *err);
enum ll_status export_problems(struct ll_db *db, const char *from, const char *to, FILE *out,
                               int *rows, struct ll_error *err);
/* The leaders' contacts with deputies made in the period, oldest first, every township, as
 * CSV like the two above. */
enum ll_status export_contacts(struct ll_db *db, const char *from, const char *to, FILE *out,
                               int *rows, struct ll_error *err);
/* The bulletin's counts for the period as CSV: by station, a line per station with a 小计 line
 * after each township's; by township, a line per township; then 全县合计. *rows counts the
 * station (or township) lines. */
enum ll_status export_counts(struct ll_db *db, enum counts_level level, const char *from,
                             const char *to, FILE *out, int *rows, struct ll_error *err);

/* The printed ledger (工作台账) of one station for the period, as a self-contained HTML page
 * laid out for A4: its entries, the problems raised there (the constituent's name, never the
 * phone), the totals, and a line to sign. *entries (may be NULL) gets the number of entries. */
enum ll_status print_ledger_html(struct ll_db *db, const char *station_id, const char *from,
                                 const char *to, FILE *out, int *entries, struct ll_error *err);
/* The station called name, in the township called township ("" or NULL = any): LL_ENOTFOUND
 * when there is none; LL_ECONFLICT, naming the townships, when several have one. */
enum ll_status print_find_station(struct ll_db *db, const char *township, const char *name,
                                  char station_id[LL_ID_LEN], struct ll_error *err);

/* Fills the database with a demo county shaped like Taojiang's: 15 townships, 99 stations
 * (3 city deputy-group + 15 central + 81 area) and deputies of all five levels. Refuses
 * (LL_ECONFLICT) when the database already holds stations. */
enum ll_status demo_build(struct ll_db *db, struct ll_error *err);

/* The demo at another size, for the benchmark (tests/bench): DEMO_COUNTY has 100 stations,
 * about 1,000 deputies and ten years of ledger (some 200,000 entries, 50,000 problems);
 * DEMO_PROVINCE ten counties' worth (150 townships, 1,000 stations). */
enum demo_scale { DEMO_DEFAULT, DEMO_COUNTY, DEMO_PROVINCE };
enum ll_status demo_build_scaled(struct ll_db *db, enum demo_scale scale, struct ll_error *err);

#endif
