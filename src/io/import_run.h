/* The import engine shared by the importers of stations, deputies and volunteers: a file's
 * columns found by their header names, one transaction for the whole file, the first bad row
 * reported with its line and column. Internal to src/io. */
#ifndef LL_IO_IMPORT_RUN_H
#define LL_IO_IMPORT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "io/idset.h"
#include "lianluo/csv.h"
#include "lianluo/io.h"

#define MAX_COLUMNS 64

/* A column of the file: its accepted header names ("|"-separated) and the record member the
 * model names in err->field, so an error points at the right column. */
struct column_def {
    int key;
    const char *headers;
    const char *field;
};

struct header_map {
    int column_of[MAX_COLUMNS]; /* key -> 0-based file column, -1 when absent */
    const struct column_def *defs;
    size_t ndefs;
};

/* One run of an import: the file's columns, the counts so far, the records the file has named
 * (two rows may not describe one record) and the stations to look at again once every row is
 * in: to be made central, or with a 上级 to check. */
struct pending_station {
    char station_id[LL_ID_LEN];
    char township_id[LL_ID_LEN];
    char parent[128]; /* "" = none named */
    bool make_central;
    int line;
};

/* Stations already looked up by (township, name): a roster names the same few stations on
 * thousands of rows, and a lookup reads the station whole. */
#define STATION_CACHE 64
struct station_seen {
    char township_id[LL_ID_LEN];
    char name[128];
    char id[LL_ID_LEN];
};

struct import_run {
    struct ll_db *db;
    struct header_map map;
    struct import_result *res;
    struct idset seen;
    struct pending_station *pending;
    size_t npending, cappending;
    struct station_seen stations[STATION_CACHE];
    int nstations, next_station; /* filled, and the next slot to reuse once full */
};

typedef enum ll_status (*row_importer)(struct import_run *run, const struct csv_row *row,
                                       struct ll_error *err);

/* Checks that can only be made once every row is in (NULL: none). */
typedef enum ll_status (*run_finisher)(struct import_run *run, struct ll_error *err);

/* Points err at the column of key_hint, else of the field the model named; adds the line. */
enum ll_status row_error(const struct header_map *map, const struct csv_row *row, int key_hint,
                         struct ll_error *err);
bool has_column(const struct import_run *run, int key);
/* The cell of column key in row, trimmed, or "" when the file has no such column. */
const char *run_cell(const struct import_run *run, const struct csv_row *row, int key);
/* Copies the cell of column key into dst, refusing (not truncating) a cell that is too long. */
enum ll_status take_cell(const struct import_run *run, const struct csv_row *row, int key,
                         char *dst, size_t n, struct ll_error *err);
/* Copies the cell when the file has the column; a column the file lacks changes nothing. */
enum ll_status take_present(const struct import_run *run, const struct csv_row *row, int key,
                            char *dst, size_t n, struct ll_error *err);
/* The 编号 cell when it holds a record id; a roster's own serial numbers (1, 2, 3) are not. */
const char *record_id_cell(const struct import_run *run, const struct csv_row *row, int key);
/* Fails when an earlier row of the file already described the record with this id; why is
 * the message, with a %d for the earlier line. */
enum ll_status note_seen(struct import_run *run, const struct csv_row *row, int name_key,
                         const char *id, const char *why, struct ll_error *err);
/* The township named (made when new, and counted); "" for an empty name. */
enum ll_status resolve_township(struct import_run *run, const char *name, char out_id[LL_ID_LEN],
                                struct ll_error *err);
/* The station of that township with that name (made when new, and counted); "" for none. */
enum ll_status resolve_station(struct import_run *run, const char *township_id, const char *name,
                               char out_id[LL_ID_LEN], struct ll_error *err);
/* After a row's record was saved (outcome: what the save did): counts it, and fails when an
 * earlier row of the file described the same record; why is that message, with a %d for the
 * earlier line. */
enum ll_status row_saved(struct import_run *run, const struct csv_row *row,
                         enum save_outcome outcome, const char *id, int name_key, const char *why,
                         struct ll_error *err);
/* Imports path: the header must have the column required_key (named required_name in the
 * message); every row goes through import_row, then finish; all in one transaction. */
enum ll_status import_file(struct ll_db *db, const char *path, const struct column_def *defs,
                           size_t ndefs, int required_key, const char *required_name,
                           row_importer import_row, run_finisher finish, struct import_result *res,
                           struct ll_error *err);

#endif
