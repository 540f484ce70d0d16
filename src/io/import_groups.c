/* Import of deputy groups (导入代表小组): name, township, the station the group meets at, a note;
 * matched by 编号, else by name in the township. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/deputy.h"
#include "lianluo/station.h"
#include "io/import_run.h"

enum group_col { GC_ID, GC_NAME, GC_TOWNSHIP, GC_STATION, GC_NOTE, GC_COUNT };

static const struct column_def group_columns[] = {
    {GC_ID, "编号|ID|id", "id"},
    {GC_NAME, "名称|代表小组|小组名称|小组", "name"},
    {GC_TOWNSHIP, "乡镇|所属乡镇|乡镇（街道）|乡镇(街道)|所在乡镇", "township_id"},
    {GC_STATION, "联络站|所在联络站|所属联络站", "station_id"},
    {GC_NOTE, "备注", "note"},
};

/* The station a group meets at: of its township, else the one station of that name in the
 * county (a city group may meet in another township). Never made up: stations come first. */
static enum ll_status find_group_station(struct import_run *run, const char *township_id,
                                         const char *name, char out_id[LL_ID_LEN],
                                         struct ll_error *err)
{
    struct station s;
    struct ll_error ignored;
    int named = 0;
    out_id[0] = '\0';
    if (!name[0])
        return LL_OK;
    if (station_find(run->db, township_id, name, &s, &ignored) != LL_OK) {
        if (station_count_named(run->db, name, &named, err) != LL_OK)
            return err->status;
        if (named > 1)
            return ll_error_field(err, "station_id",
                                  _("有 %d 个乡镇都有名为「%s」的联络站：请写明本乡镇的联络站。"),
                                  named, name);
        if (named == 0 || station_find(run->db, "", name, &s, &ignored) != LL_OK)
            return ll_error_field(err, "station_id", _("联络站「%s」不存在：请先导入联络站。"),
                                  name);
    }
    snprintf(out_id, LL_ID_LEN, "%s", s.id);
    return LL_OK;
}

static enum ll_status group_from_row(struct import_run *run, const struct csv_row *row,
                                     struct deputy_group *g, struct ll_error *err)
{
    struct ll_error ignored;
    const char *id = record_id_cell(run, row, GC_ID);
    bool found = id[0] && deputy_group_get(run->db, id, g, &ignored) == LL_OK;
    char township_id[LL_ID_LEN];
    if (has_column(run, GC_TOWNSHIP) || !found) {
        if (resolve_township(run, run_cell(run, row, GC_TOWNSHIP), township_id, err) != LL_OK)
            return row_error(&run->map, row, GC_TOWNSHIP, err);
        if (!township_id[0])
            return row_error(&run->map, row, GC_TOWNSHIP,
                             (ll_error_set(err, LL_EINVAL, _("请填写代表小组所属的乡镇。")), err));
    } else {
        snprintf(township_id, sizeof township_id, "%s", g->township_id);
    }
    if (!found)
        found = deputy_group_find(run->db, township_id, run_cell(run, row, GC_NAME), g, &ignored) ==
                LL_OK;
    if (!found) {
        deputy_group_init(g);
        snprintf(g->id, sizeof g->id, "%s", id); /* a record from another database keeps its id */
    }
    snprintf(g->township_id, sizeof g->township_id, "%s", township_id);
    if (take_cell(run, row, GC_NAME, g->name, sizeof g->name, err) != LL_OK ||
        take_present(run, row, GC_NOTE, g->note, sizeof g->note, err) != LL_OK)
        return err->status;
    if (has_column(run, GC_STATION) &&
        find_group_station(run, township_id, run_cell(run, row, GC_STATION), g->station_id, err) !=
            LL_OK)
        return row_error(&run->map, row, GC_STATION, err);
    return LL_OK;
}

static enum ll_status import_group_row(struct import_run *run, const struct csv_row *row,
                                       struct ll_error *err)
{
    struct deputy_group g;
    if (group_from_row(run, row, &g, err) != LL_OK)
        return err->status;
    if (deputy_group_save(run->db, &g, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    return row_saved(run, row, db_last_save(run->db), g.id, GC_NAME,
                     _("与第 %d 行是同一个代表小组（编号相同，或同一乡镇的同名小组）。"), err);
}

enum ll_status import_groups(struct ll_db *db, const char *path, struct import_result *res,
                             struct ll_error *err)
{
    return import_file(db, path, group_columns, sizeof group_columns / sizeof group_columns[0],
                       GC_NAME, "名称", import_group_row, NULL, res, err);
}
