/* Import of station volunteers (导入志愿者): each row names its station (and township), the
 * volunteer's name, phone and a note; matched by 编号, else by name (and phone) in the station. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/station.h"
#include "lianluo/validate.h"
#include "io/import_run.h"

enum volunteer_col { VC_ID, VC_TOWNSHIP, VC_STATION, VC_NAME, VC_PHONE, VC_NOTE, VC_COUNT };

static const struct column_def volunteer_columns[] = {
    {VC_ID, "编号|ID|id", "id"},
    {VC_TOWNSHIP, "乡镇|所属乡镇|乡镇（街道）|乡镇(街道)|所在乡镇", "township_id"},
    {VC_STATION, "联络站|所属联络站|所在联络站", "station_id"},
    {VC_NAME, "姓名|志愿者|志愿者姓名|名字", "name"},
    {VC_PHONE, "联系电话|电话|手机|手机号|手机号码", "phone"},
    {VC_NOTE, "备注", "note"},
};

/* The volunteer of station_id called name: the one with the row's phone, else the one whose
 * phone or the row's is blank (a different phone is a different person of the same name);
 * *found false when there is none. */
static enum ll_status find_volunteer(struct import_run *run, const struct csv_row *row,
                                     const char *station_id, struct volunteer *out, bool *found,
                                     struct ll_error *err)
{
    const char *name = run_cell(run, row, VC_NAME);
    char phone[32];
    snprintf(phone, sizeof phone, "%s", run_cell(run, row, VC_PHONE));
    phone_normalize(phone);
    struct volunteer page[64], loose;
    char anchor[LL_KEY_LEN] = "";
    int n, same_phone = 0, blank_phone = 0;
    do {
        if (volunteer_list(run->db, station_id, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                           anchor[0] ? anchor : NULL, 64, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++) {
            if (strcmp(page[i].name, name) != 0)
                continue;
            if (phone[0] && strcmp(page[i].phone, phone) == 0) {
                if (same_phone++ == 0)
                    *out = page[i];
            } else if (!phone[0] || !page[i].phone[0]) {
                if (blank_phone++ == 0)
                    loose = page[i];
            }
        }
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == 64);
    if (same_phone == 0 && blank_phone > 1)
        return row_error(
            &run->map, row, VC_NAME,
            (ll_error_set(err, LL_EINVAL,
                          _("这个联络站有不止一位名叫「%s」的志愿者，无法确定是哪一位："
                            "请填写联系电话或导出文件中的编号。"),
                          name),
             err));
    if (same_phone == 0 && blank_phone == 1)
        *out = loose;
    *found = same_phone > 0 || blank_phone == 1;
    return LL_OK;
}

static enum ll_status volunteer_from_row(struct import_run *run, const struct csv_row *row,
                                         struct volunteer *v, struct ll_error *err)
{
    struct ll_error ignored;
    const char *id = record_id_cell(run, row, VC_ID);
    char township_id[LL_ID_LEN], station_id[LL_ID_LEN];
    bool known = id[0] && volunteer_get(run->db, id, v, &ignored) == LL_OK;
    struct station current;
    if (known && !has_column(run, VC_STATION))
        snprintf(station_id, sizeof station_id, "%s", v->station_id);
    else {
        if (resolve_township(run, run_cell(run, row, VC_TOWNSHIP), township_id, err) != LL_OK)
            return row_error(&run->map, row, VC_TOWNSHIP, err);
        /* no township given: a known volunteer's station is looked for in its own township */
        if (!township_id[0] && known &&
            station_get(run->db, v->station_id, &current, &ignored) == LL_OK)
            snprintf(township_id, sizeof township_id, "%s", current.township_id);
        if (resolve_station(run, township_id, run_cell(run, row, VC_STATION), station_id, err) !=
            LL_OK)
            return row_error(&run->map, row, VC_STATION, err);
        if (!station_id[0])
            return row_error(&run->map, row, VC_STATION,
                             (ll_error_set(err, LL_EINVAL, _("请填写志愿者所在的联络站。")), err));
    }
    bool found = known;
    if (!found && find_volunteer(run, row, station_id, v, &found, err) != LL_OK)
        return err->status;
    if (!found) {
        volunteer_init(v);
        snprintf(v->id, sizeof v->id, "%s", id); /* a record from another database keeps its id */
    }
    snprintf(v->station_id, sizeof v->station_id, "%s", station_id);
    if (take_cell(run, row, VC_NAME, v->name, sizeof v->name, err) != LL_OK ||
        take_present(run, row, VC_PHONE, v->phone, sizeof v->phone, err) != LL_OK ||
        take_present(run, row, VC_NOTE, v->note, sizeof v->note, err) != LL_OK)
        return err->status;
    return LL_OK;
}

static enum ll_status import_volunteer_row(struct import_run *run, const struct csv_row *row,
                                           struct ll_error *err)
{
    struct volunteer v;
    if (volunteer_from_row(run, row, &v, err) != LL_OK)
        return err->status;
    if (volunteer_save(run->db, &v, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    return row_saved(run, row, db_last_save(run->db), v.id, VC_NAME,
                     _("与第 %d 行是同一位志愿者（编号相同，或同一联络站的同名志愿者）。"), err);
}

enum ll_status import_volunteers(struct ll_db *db, const char *path, struct import_result *res,
                                 struct ll_error *err)
{
    return import_file(db, path, volunteer_columns,
                       sizeof volunteer_columns / sizeof volunteer_columns[0], VC_NAME, "姓名",
                       import_volunteer_row, NULL, res, err);
}
