/* Roster spreadsheets in and out: CSV import (all or nothing) and export, and the demo county. */
#ifndef LIANLUO_IO_H
#define LIANLUO_IO_H

#include <stdio.h>

#include "lianluo/db.h"

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

/* Fills the database with a demo county shaped like Taojiang's: 15 townships, 99 stations
 * (3 city deputy-group + 15 central + 81 area) and deputies of all five levels. Refuses
 * (LL_ECONFLICT) when the database already holds stations. */
enum ll_status demo_build(struct ll_db *db, struct ll_error *err);

#endif
