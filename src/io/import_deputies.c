/* Import of the deputy roster (导入代表名册): the headers a roster spreadsheet has and their
 * common variants, each row matched to the deputy it describes (see README). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/csv.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"
#include "lianluo/uuid.h"
#include "lianluo/deputy.h"
#include "lianluo/station.h"
#include "io/import_run.h"

enum deputy_col {
    DC_ID,
    DC_NAME,
    DC_GENDER,
    DC_ETHNICITY,
    DC_BIRTH,
    DC_PARTY,
    DC_LEVELS,
    DC_TOWNSHIP,
    DC_STATION,
    DC_GROUP,
    DC_PHONE,
    DC_WORK_AND_POST,
    DC_WORKPLACE,
    DC_POST,
    DC_IDCARD,
    DC_TERM,
    DC_NOTE,
    DC_COUNT
};

static const struct column_def deputy_columns[] = {
    {DC_ID, "编号|ID|id", "id"},
    {DC_NAME, "姓名|代表姓名|名字|代表", "name"},
    {DC_GENDER, "性别", "gender"},
    {DC_ETHNICITY, "民族", "ethnicity"},
    {DC_BIRTH, "出生年月|出生日期|出生年月日|生日", "birth"},
    {DC_PARTY, "政治面貌|党派", "party"},
    {DC_LEVELS, "代表层级|层级|代表级别|级别|代表类别", "levels"},
    {DC_TOWNSHIP, "乡镇|所属乡镇|乡镇（街道）|乡镇(街道)|乡镇街道|所在乡镇", "township_id"},
    {DC_STATION, "联络站|所属联络站|进站|进驻联络站|所在联络站", "station_id"},
    {DC_GROUP, "代表小组|所属代表小组|小组", "group_id"},
    {DC_PHONE, "联系电话|电话|手机|手机号|手机号码|联系方式", "phone"},
    {DC_WORK_AND_POST, "工作单位及职务|单位及职务|工作单位和职务|工作单位及职务（职业）",
     "workplace"},
    {DC_WORKPLACE, "工作单位|单位", "workplace"},
    {DC_POST, "职务|职业", "post"},
    {DC_IDCARD, "身份证号|身份证号码|公民身份号码|身份证", "id_card"},
    {DC_TERM, "届次|届别", "term"},
    {DC_NOTE, "备注", "note"},
};

/* ---- rows ---- */

static enum ll_status resolve_group(struct import_run *run, const char *township_id,
                                    const char *name, const char *station_id,
                                    char out_id[LL_ID_LEN], struct ll_error *err)
{
    out_id[0] = '\0';
    if (!name[0])
        return LL_OK;
    if (!township_id[0])
        return ll_error_field(err, "group_id",
                              _("代表小组「%s」需要填写所属乡镇，以免与别的乡镇的同名小组混淆。"),
                              name);
    struct deputy_group g;
    struct ll_error ignored;
    if (deputy_group_find(run->db, township_id, name, &g, &ignored) == LL_OK) {
        snprintf(out_id, LL_ID_LEN, "%s", g.id);
        return LL_OK;
    }
    deputy_group_init(&g);
    if (strlen(name) >= sizeof g.name)
        return ll_error_field(err, "group_id", _("代表小组名称「%s」太长。"), name);
    snprintf(g.name, sizeof g.name, "%s", name);
    snprintf(g.township_id, sizeof g.township_id, "%s", township_id);
    snprintf(g.station_id, sizeof g.station_id, "%s", station_id);
    if (deputy_group_save(run->db, &g, err) != LL_OK)
        return err->status;
    run->res->groups_created++;
    snprintf(out_id, LL_ID_LEN, "%s", g.id);
    return LL_OK;
}

/* The deputy this row describes: by 编号, else by ID card, name, phone and township. */
static enum ll_status find_deputy(struct import_run *run, const struct csv_row *row,
                                  const char *township_id, struct deputy *d, struct ll_error *err)
{
    struct ll_error ignored;
    const char *id = record_id_cell(run, row, DC_ID);
    if (id[0] && deputy_get(run->db, id, d, &ignored) == LL_OK)
        return LL_OK;
    /* A blank phone cell means "unknown" in a roster, as a missing column does. */
    struct deputy_key key = {
        .name = run_cell(run, row, DC_NAME),
        .phone = run_cell(run, row, DC_PHONE),
        .id_card = run_cell(run, row, DC_IDCARD),
        .township_id = township_id,
    };
    int matches = 0;
    if (deputy_match(run->db, &key, d, &matches, err) != LL_OK)
        return row_error(&run->map, row, DC_NAME, err);
    if (matches > 1)
        return row_error(&run->map, row, DC_NAME,
                         (ll_error_set(err, LL_EINVAL,
                                       _("已有不止一位名叫「%s」的代表，无法确定是哪一位：请填写"
                                         "联系电话、身份证号或导出文件中的编号。"),
                                       key.name),
                          err));
    if (matches == 0) {
        deputy_init(d);
        snprintf(d->id, sizeof d->id, "%s", id); /* a record from another database keeps its id */
    }
    return LL_OK;
}

static enum ll_status fill_workplace(const struct import_run *run, const struct csv_row *row,
                                     struct deputy *d, struct ll_error *err)
{
    if (take_present(run, row, DC_WORK_AND_POST, d->workplace, sizeof d->workplace, err) != LL_OK ||
        take_present(run, row, DC_WORKPLACE, d->workplace, sizeof d->workplace, err) != LL_OK ||
        take_present(run, row, DC_POST, d->post, sizeof d->post, err) != LL_OK)
        return err->status;
    return LL_OK;
}

static enum ll_status deputy_parse_cells(const struct import_run *run, const struct csv_row *row,
                                         struct deputy *d, struct ll_error *err)
{
    const struct header_map *map = &run->map;
    const char *gender = run_cell(run, row, DC_GENDER);
    if (has_column(run, DC_GENDER) && !gender_parse(gender, &d->gender))
        return row_error(map, row, DC_GENDER,
                         (ll_error_set(err, LL_EINVAL, _("性别「%s」应为男或女。"), gender), err));
    const char *birth = run_cell(run, row, DC_BIRTH);
    if (birth[0] && !month_parse(birth, d->birth))
        return row_error(
            map, row, DC_BIRTH,
            (ll_error_set(err, LL_EINVAL,
                          _("出生年月「%s」无法识别，请写成 1975.03 或 1975年3月。"), birth),
             err));
    if (has_column(run, DC_BIRTH) && !birth[0])
        d->birth[0] = '\0';
    const char *levels = run_cell(run, row, DC_LEVELS);
    if (has_column(run, DC_LEVELS) && !deputy_levels_parse(levels, &d->levels))
        return row_error(map, row, DC_LEVELS,
                         (ll_error_set(err, LL_EINVAL,
                                       _("代表层级「%s」无法识别，应为全国、省级、市级、县级、"
                                         "乡镇级中的一个或几个，用「、」隔开。"),
                                       levels),
                          err));
    if (take_cell(run, row, DC_NAME, d->name, sizeof d->name, err) != LL_OK ||
        take_present(run, row, DC_ETHNICITY, d->ethnicity, sizeof d->ethnicity, err) != LL_OK ||
        take_present(run, row, DC_PARTY, d->party, sizeof d->party, err) != LL_OK ||
        fill_workplace(run, row, d, err) != LL_OK ||
        take_present(run, row, DC_PHONE, d->phone, sizeof d->phone, err) != LL_OK ||
        take_present(run, row, DC_IDCARD, d->id_card, sizeof d->id_card, err) != LL_OK ||
        take_present(run, row, DC_TERM, d->term, sizeof d->term, err) != LL_OK ||
        take_present(run, row, DC_NOTE, d->note, sizeof d->note, err) != LL_OK)
        return err->status;
    return LL_OK;
}

static enum ll_status deputy_from_row(struct import_run *run, const struct csv_row *row,
                                      struct deputy *d, struct ll_error *err)
{
    char township_id[LL_ID_LEN] = "";
    if (resolve_township(run, run_cell(run, row, DC_TOWNSHIP), township_id, err) != LL_OK)
        return row_error(&run->map, row, DC_TOWNSHIP, err);
    if (find_deputy(run, row, township_id, d, err) != LL_OK ||
        deputy_parse_cells(run, row, d, err) != LL_OK)
        return err->status;
    if (has_column(run, DC_TOWNSHIP))
        snprintf(d->township_id, sizeof d->township_id, "%s", township_id);
    if (has_column(run, DC_STATION) &&
        resolve_station(run, d->township_id, run_cell(run, row, DC_STATION), d->station_id, err) !=
            LL_OK)
        return row_error(&run->map, row, DC_STATION, err);
    if (has_column(run, DC_GROUP) &&
        resolve_group(run, d->township_id, run_cell(run, row, DC_GROUP), d->station_id, d->group_id,
                      err) != LL_OK)
        return row_error(&run->map, row, DC_GROUP, err);
    return LL_OK;
}

static enum ll_status import_deputy_row(struct import_run *run, const struct csv_row *row,
                                        struct ll_error *err)
{
    struct deputy d;
    if (deputy_from_row(run, row, &d, err) != LL_OK)
        return err->status;
    if (deputy_save(run->db, &d, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    return row_saved(
        run, row, db_last_save(run->db), d.id, DC_NAME,
        _("与第 %d 行指向同一位代表（编号、身份证号或姓名和电话相同），请合并或区分这两行。"), err);
}

/* The required header is named in Chinese whatever the language: it is what the file has. */
enum ll_status import_deputies(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, deputy_columns, sizeof deputy_columns / sizeof deputy_columns[0],
                       DC_NAME, "姓名", import_deputy_row, NULL, res, err);
}
