/* The import engine: header names to columns, cells, the records a file names, one
 * transaction for the whole file. The importers are import_stations.c, import_deputies.c and
 * import_volunteers.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/csv.h"
#include "lianluo/text.h"
#include "lianluo/uuid.h"
#include "lianluo/station.h"
#include "lianluo/township.h"
#include "io/import_run.h"

static bool header_matches(const char *header, const char *aliases)
{
    char list[256];
    snprintf(list, sizeof list, "%s", aliases);
    char *save = NULL;
    for (char *a = strtok_r(list, "|", &save); a; a = strtok_r(NULL, "|", &save))
        if (strcmp(header, a) == 0)
            return true;
    return false;
}

static enum ll_status map_header(const struct csv_row *row, const struct column_def *defs,
                                 size_t ndefs, struct header_map *map, struct ll_error *err)
{
    map->defs = defs;
    map->ndefs = ndefs;
    for (int i = 0; i < MAX_COLUMNS; i++)
        map->column_of[i] = -1;
    for (int c = 0; c < row->nfields; c++) {
        char h[128];
        snprintf(h, sizeof h, "%s", row->fields[c]);
        text_trim(h);
        for (size_t d = 0; d < ndefs; d++) {
            if (!header_matches(h, defs[d].headers))
                continue;
            if (map->column_of[defs[d].key] >= 0) {
                err->line = row->line;
                err->column = c + 1;
                return ll_error_set(err, LL_EINVAL, _("第 %d 行第 %d 列：列名「%s」重复。"),
                                    row->line, c + 1, h);
            }
            map->column_of[defs[d].key] = c;
        }
    }
    return LL_OK;
}

/* The cell of column key in row, trimmed, or "" when the file has no such column. */
static const char *cell(const struct header_map *map, const struct csv_row *row, int key)
{
    int c = map->column_of[key];
    if (c < 0 || c >= row->nfields)
        return "";
    text_trim(row->fields[c]);
    return row->fields[c];
}

/* Points err at the column of the field the model complained about. */
enum ll_status row_error(const struct header_map *map, const struct csv_row *row, int key_hint,
                         struct ll_error *err)
{
    int column = key_hint >= 0 ? map->column_of[key_hint] : -1;
    for (size_t d = 0; column < 0 && d < map->ndefs && err->field[0]; d++)
        if (strcmp(map->defs[d].field, err->field) == 0 && map->column_of[map->defs[d].key] >= 0)
            column = map->column_of[map->defs[d].key];
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    enum ll_status status = err->status == LL_OK ? LL_EINVAL : err->status;
    err->line = row->line;
    err->column = column + 1;
    if (column >= 0)
        return ll_error_set(err, status, _("第 %d 行第 %d 列：%s"), row->line, column + 1, why);
    return ll_error_set(err, status, _("第 %d 行：%s"), row->line, why);
}

bool has_column(const struct import_run *run, int key)
{
    return run->map.column_of[key] >= 0;
}

const char *run_cell(const struct import_run *run, const struct csv_row *row, int key)
{
    return cell(&run->map, row, key);
}

/* Copies the cell of column key into dst, refusing (not truncating) a cell that is too long. */
enum ll_status take_cell(const struct import_run *run, const struct csv_row *row, int key,
                         char *dst, size_t n, struct ll_error *err)
{
    const char *v = run_cell(run, row, key);
    size_t len = strlen(v);
    if (len >= n)
        return row_error(&run->map, row, key,
                         (ll_error_set(err, LL_EINVAL, _("内容太长（%zu 个字），请删减后再导入。"),
                                       text_chars(v)),
                          err));
    memcpy(dst, v, len + 1);
    return LL_OK;
}

/* Copies the cell when the file has the column; a column the file lacks changes nothing. */
enum ll_status take_present(const struct import_run *run, const struct csv_row *row, int key,
                            char *dst, size_t n, struct ll_error *err)
{
    return has_column(run, key) ? take_cell(run, row, key, dst, n, err) : LL_OK;
}

/* The 编号 cell when it holds a record id; a roster's own serial numbers (1, 2, 3) are not. */
const char *record_id_cell(const struct import_run *run, const struct csv_row *row, int key)
{
    const char *id = run_cell(run, row, key);
    return uuid_valid(id) ? id : "";
}

/* Fails when an earlier row of the file already described the record with this id; why is
 * the message, with a %d for the earlier line. */
enum ll_status note_seen(struct import_run *run, const struct csv_row *row, int name_key,
                         const char *id, const char *why, struct ll_error *err)
{
    int first = idset_add(&run->seen, id, row->line);
    if (first < 0)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    if (first > 0)
        return row_error(&run->map, row, name_key, (ll_error_set(err, LL_EINVAL, why, first), err));
    return LL_OK;
}

/* ---- what a row names -------------------------------------------------------------------- */

enum ll_status resolve_township(struct import_run *run, const char *name, char out_id[LL_ID_LEN],
                                struct ll_error *err)
{
    struct township t;
    out_id[0] = '\0';
    if (!name[0])
        return LL_OK;
    if (township_find(run->db, name, &t, err) != LL_OK) {
        if (township_ensure(run->db, name, &t, err) != LL_OK)
            return err->status;
        run->res->townships_created++;
    }
    snprintf(out_id, LL_ID_LEN, "%s", t.id);
    return LL_OK;
}

static const char *station_seen_id(const struct import_run *run, const char *township_id,
                                   const char *name)
{
    for (int i = 0; i < run->nstations; i++)
        if (strcmp(run->stations[i].township_id, township_id) == 0 &&
            strcmp(run->stations[i].name, name) == 0)
            return run->stations[i].id;
    return NULL;
}

/* Only with a township: a name alone may become ambiguous as the file makes stations. */
static void station_seen_add(struct import_run *run, const char *township_id, const char *name,
                             const char *id)
{
    if (!township_id[0] || strlen(name) >= sizeof run->stations[0].name)
        return;
    int slot = run->nstations < STATION_CACHE ? run->nstations++ : run->next_station++;
    run->next_station %= STATION_CACHE;
    struct station_seen *seen = &run->stations[slot];
    snprintf(seen->township_id, sizeof seen->township_id, "%s", township_id);
    snprintf(seen->name, sizeof seen->name, "%s", name);
    snprintf(seen->id, sizeof seen->id, "%s", id);
}

enum ll_status resolve_station(struct import_run *run, const char *township_id, const char *name,
                               char out_id[LL_ID_LEN], struct ll_error *err)
{
    struct station s;
    struct ll_error ignored;
    out_id[0] = '\0';
    if (!name[0] || strcmp(name, "无") == 0 || strcmp(name, "未进站") == 0)
        return LL_OK;
    const char *known = township_id[0] ? station_seen_id(run, township_id, name) : NULL;
    if (known) {
        snprintf(out_id, LL_ID_LEN, "%s", known);
        return LL_OK;
    }
    int named = 0;
    if (!township_id[0] && station_count_named(run->db, name, &named, err) != LL_OK)
        return err->status;
    if (named > 1)
        return ll_error_field(err, "station_id",
                              _("有 %d 个乡镇都有名为「%s」的联络站，请填写乡镇。"), named, name);
    if (station_find(run->db, township_id, name, &s, &ignored) == LL_OK) {
        snprintf(out_id, LL_ID_LEN, "%s", s.id);
        station_seen_add(run, township_id, name, s.id);
        return LL_OK;
    }
    if (!township_id[0])
        return ll_error_field(err, "station_id", _("联络站「%s」不存在，且未填写乡镇，无法新建。"),
                              name);
    station_init(&s);
    if (strlen(name) >= sizeof s.name)
        return ll_error_field(err, "station_id", _("联络站名称「%s」太长。"), name);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.township_id, sizeof s.township_id, "%s", township_id);
    if (!station_kind_parse(name, &s.kind))
        s.kind = strstr(name, "中心")   ? STATION_CENTRAL
                 : strstr(name, "小组") ? STATION_GROUP
                                        : STATION_AREA;
    if (station_save(run->db, &s, err) != LL_OK) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        return ll_error_field(err, "station_id", _("无法新建联络站「%s」：%s"), name, why);
    }
    run->res->stations_created++;
    snprintf(out_id, LL_ID_LEN, "%s", s.id);
    station_seen_add(run, township_id, name, s.id);
    return LL_OK;
}

enum ll_status row_saved(struct import_run *run, const struct csv_row *row,
                         enum save_outcome outcome, const char *id, int name_key, const char *why,
                         struct ll_error *err)
{
    int *counts[] = {[SAVE_INSERTED] = &run->res->inserted,
                     [SAVE_UPDATED] = &run->res->updated,
                     [SAVE_UNCHANGED] = &run->res->unchanged};
    ++*counts[outcome];
    return note_seen(run, row, name_key, id, why, err);
}

/* ---- the shared loop ------------------------------------------------------------------- */

static enum ll_status import_rows(struct import_run *run, struct csv_reader *r,
                                  row_importer import_row, run_finisher finish,
                                  struct ll_error *err)
{
    struct csv_row row;
    int rc;
    while ((rc = csv_read_row(r, &row, err)) == 1) {
        run->res->rows++;
        if (import_row(run, &row, err) != LL_OK)
            return err->status;
    }
    if (rc < 0)
        return err->status;
    return finish ? finish(run, err) : LL_OK;
}

enum ll_status import_file(struct ll_db *db, const char *path, const struct column_def *defs,
                           size_t ndefs, int required_key, const char *required_name,
                           row_importer import_row, run_finisher finish, struct import_result *res,
                           struct ll_error *err)
{
    struct csv_reader *r = NULL;
    struct csv_row header;
    struct import_run run = {.db = db, .res = res};
    memset(res, 0, sizeof *res);
    if (csv_open_file(path, &r, err) != LL_OK)
        return err->status;
    int rc = csv_read_row(r, &header, err);
    if (rc <= 0) {
        csv_close(r);
        return rc < 0 ? err->status : ll_error_set(err, LL_EINVAL, _("文件 %s 是空的。"), path);
    }
    if (map_header(&header, defs, ndefs, &run.map, err) != LL_OK) {
        csv_close(r);
        return err->status;
    }
    if (run.map.column_of[required_key] < 0) {
        csv_close(r);
        err->line = header.line;
        return ll_error_set(err, LL_EINVAL, _("第 %d 行（表头）：找不到「%s」列。表头应包含 %s。"),
                            header.line, required_name, required_name);
    }
    enum ll_status status = db_begin_bulk(db, err);
    if (status == LL_OK) {
        status = import_rows(&run, r, import_row, finish, err);
        if (status == LL_OK)
            status = db_commit(db, err);
        else
            db_rollback(db);
    }
    csv_close(r);
    idset_free(&run.seen);
    free(run.pending);
    if (status != LL_OK) {
        struct import_result none = {0};
        *res = none;
    }
    return status;
}
