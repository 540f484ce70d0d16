/* CSV import of stations and deputies: header aliases as roster spreadsheets have them, one
 * transaction for the whole file, the first bad row reported with its line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/csv.h"
#include "lianluo/datetime.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/station.h"
#include "lianluo/text.h"
#include "lianluo/township.h"

#define MAX_COLUMNS 64

/* A column of the file: its accepted header names ("|"-separated) and the record member the
 * model names in err->field, so an error points at the right column. */
struct column_def {
    int key;
    const char *headers;
    const char *field;
};

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

enum station_col {
    SC_ID,
    SC_NAME,
    SC_KIND,
    SC_TOWNSHIP,
    SC_PARENT,
    SC_VILLAGE,
    SC_ADDRESS,
    SC_ADMIN,
    SC_PHONE,
    SC_HOURS,
    SC_NOTE,
    SC_HAVE0,
    SC_HAVE_NOTE0 = SC_HAVE0 + STATION_HAVE_COUNT,
    SC_COUNT = SC_HAVE_NOTE0 + STATION_HAVE_COUNT
};

static const struct column_def station_columns[] = {
    {SC_ID, "编号|ID|id", "id"},
    {SC_NAME, "名称|联络站名称|联络站|站名", "name"},
    {SC_KIND, "类型|联络站类型|类别", "kind"},
    {SC_TOWNSHIP, "乡镇|所属乡镇|乡镇（街道）|乡镇(街道)|所在乡镇", "township_id"},
    {SC_PARENT, "上级联络站|所属中心联络站|中心联络站", "parent_id"},
    {SC_VILLAGE, "村（社区）|村(社区)|村社区|所在村（社区）|村|社区", "village"},
    {SC_ADDRESS, "地址|地点|站址", "address"},
    {SC_ADMIN, "管理员|负责人|联络员", "admin_name"},
    {SC_PHONE, "管理员电话|联系电话|电话", "admin_phone"},
    {SC_HOURS, "开放时间|接待时间", "hours"},
    {SC_NOTE, "备注", "note"},
    {SC_HAVE0 + 0, "有工作场所|工作场所", "haves.0.date"},
    {SC_HAVE0 + 1, "有标识标牌|标识标牌", "haves.1.date"},
    {SC_HAVE0 + 2, "有公示信息|公示信息", "haves.2.date"},
    {SC_HAVE0 + 3, "有工作制度|工作制度", "haves.3.date"},
    {SC_HAVE0 + 4, "有工作计划|工作计划", "haves.4.date"},
    {SC_HAVE0 + 5, "有台账记录|台账记录", "haves.5.date"},
    {SC_HAVE_NOTE0 + 0, "有工作场所备注|工作场所备注", "haves.0.note"},
    {SC_HAVE_NOTE0 + 1, "有标识标牌备注|标识标牌备注", "haves.1.note"},
    {SC_HAVE_NOTE0 + 2, "有公示信息备注|公示信息备注", "haves.2.note"},
    {SC_HAVE_NOTE0 + 3, "有工作制度备注|工作制度备注", "haves.3.note"},
    {SC_HAVE_NOTE0 + 4, "有工作计划备注|工作计划备注", "haves.4.note"},
    {SC_HAVE_NOTE0 + 5, "有台账记录备注|台账记录备注", "haves.5.note"},
};

struct header_map {
    int column_of[MAX_COLUMNS]; /* key -> 0-based file column, -1 when absent */
    const struct column_def *defs;
    size_t ndefs;
};

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
static enum ll_status row_error(const struct header_map *map, const struct csv_row *row,
                                int key_hint, struct ll_error *err)
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

static void copy_cell(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
}

/* ---- deputies -------------------------------------------------------------------------- */

static enum ll_status resolve_station(struct ll_db *db, const char *township_id, const char *name,
                                      char out_id[LL_ID_LEN], struct import_result *res,
                                      struct ll_error *err)
{
    struct station s;
    if (!name[0] || strcmp(name, "无") == 0 || strcmp(name, "未进站") == 0) {
        out_id[0] = '\0';
        return LL_OK;
    }
    if (station_find(db, township_id, name, &s, err) == LL_OK) {
        snprintf(out_id, LL_ID_LEN, "%s", s.id);
        return LL_OK;
    }
    if (!township_id[0])
        return ll_error_field(err, "station_id", _("联络站「%s」不存在，且未填写乡镇，无法新建。"),
                              name);
    station_init(&s);
    copy_cell(s.name, sizeof s.name, name);
    snprintf(s.township_id, sizeof s.township_id, "%s", township_id);
    s.kind = strstr(name, "中心") ? STATION_CENTRAL : STATION_AREA;
    if (!station_kind_parse(name, &s.kind) && strstr(name, "小组"))
        s.kind = STATION_GROUP;
    if (station_save(db, &s, err) != LL_OK) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        return ll_error_field(err, "station_id", _("无法新建联络站「%s」：%s"), name, why);
    }
    res->stations_created++;
    snprintf(out_id, LL_ID_LEN, "%s", s.id);
    return LL_OK;
}

static enum ll_status resolve_group(struct ll_db *db, const char *township_id, const char *name,
                                    const char *station_id, char out_id[LL_ID_LEN],
                                    struct import_result *res, struct ll_error *err)
{
    out_id[0] = '\0';
    if (!name[0])
        return LL_OK;
    struct deputy_group page[64];
    char anchor[LL_KEY_LEN] = "";
    int n;
    do {
        if (deputy_group_list(db, township_id, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                              anchor[0] ? anchor : NULL, 64, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++) {
            if (strcmp(page[i].name, name) == 0) {
                snprintf(out_id, LL_ID_LEN, "%s", page[i].id);
                return LL_OK;
            }
        }
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == 64);
    struct deputy_group g;
    deputy_group_init(&g);
    copy_cell(g.name, sizeof g.name, name);
    snprintf(g.township_id, sizeof g.township_id, "%s", township_id);
    snprintf(g.station_id, sizeof g.station_id, "%s", station_id);
    if (deputy_group_save(db, &g, err) != LL_OK)
        return err->status;
    res->groups_created++;
    snprintf(out_id, LL_ID_LEN, "%s", g.id);
    return LL_OK;
}

static enum ll_status resolve_township(struct ll_db *db, const char *name, char out_id[LL_ID_LEN],
                                       struct import_result *res, struct ll_error *err)
{
    struct township t;
    out_id[0] = '\0';
    if (!name[0])
        return LL_OK;
    if (township_find(db, name, &t, err) != LL_OK) {
        if (township_ensure(db, name, &t, err) != LL_OK)
            return err->status;
        res->townships_created++;
    }
    snprintf(out_id, LL_ID_LEN, "%s", t.id);
    return LL_OK;
}

/* Splits "桃江县某某公司董事长" style cells only when the file has separate columns. */
static void fill_workplace(struct deputy *d, const struct header_map *map,
                           const struct csv_row *row)
{
    const char *both = cell(map, row, DC_WORK_AND_POST);
    if (both[0])
        copy_cell(d->workplace, sizeof d->workplace, both);
    if (cell(map, row, DC_WORKPLACE)[0])
        copy_cell(d->workplace, sizeof d->workplace, cell(map, row, DC_WORKPLACE));
    if (cell(map, row, DC_POST)[0])
        copy_cell(d->post, sizeof d->post, cell(map, row, DC_POST));
}

static enum ll_status deputy_from_row(struct ll_db *db, const struct header_map *map,
                                      const struct csv_row *row, struct deputy *d,
                                      struct import_result *res, struct ll_error *err)
{
    struct deputy existing;
    struct ll_error ignored;
    const char *id = cell(map, row, DC_ID);
    const char *name = cell(map, row, DC_NAME);
    const char *phone = cell(map, row, DC_PHONE);
    if ((id[0] && deputy_get(db, id, &existing, &ignored) == LL_OK) ||
        (name[0] && deputy_find(db, name, phone, &existing, &ignored) == LL_OK &&
         (phone[0] || !existing.phone[0])))
        *d = existing;
    else {
        deputy_init(d);
        copy_cell(d->id, sizeof d->id, id); /* a record from another database keeps its id */
    }

    copy_cell(d->name, sizeof d->name, name);
    if (!gender_parse(cell(map, row, DC_GENDER), &d->gender))
        return row_error(
            map, row, DC_GENDER,
            (ll_error_set(err, LL_EINVAL, _("性别「%s」应为男或女。"), cell(map, row, DC_GENDER)),
             err));
    if (map->column_of[DC_ETHNICITY] >= 0)
        copy_cell(d->ethnicity, sizeof d->ethnicity, cell(map, row, DC_ETHNICITY));
    const char *birth = cell(map, row, DC_BIRTH);
    if (birth[0] && !month_parse(birth, d->birth))
        return row_error(
            map, row, DC_BIRTH,
            (ll_error_set(err, LL_EINVAL,
                          _("出生年月「%s」无法识别，请写成 1975.03 或 1975年3月。"), birth),
             err));
    if (!birth[0])
        d->birth[0] = '\0';
    if (map->column_of[DC_PARTY] >= 0)
        copy_cell(d->party, sizeof d->party, cell(map, row, DC_PARTY));
    const char *levels = cell(map, row, DC_LEVELS);
    if (map->column_of[DC_LEVELS] >= 0 && !deputy_levels_parse(levels, &d->levels))
        return row_error(map, row, DC_LEVELS,
                         (ll_error_set(err, LL_EINVAL,
                                       _("代表层级「%s」无法识别，应为全国、省级、市级、县级、"
                                         "乡镇级中的一个或几个，用「、」隔开。"),
                                       levels),
                          err));
    fill_workplace(d, map, row);
    copy_cell(d->phone, sizeof d->phone, phone);
    copy_cell(d->id_card, sizeof d->id_card, cell(map, row, DC_IDCARD));
    if (map->column_of[DC_TERM] >= 0)
        copy_cell(d->term, sizeof d->term, cell(map, row, DC_TERM));
    if (map->column_of[DC_NOTE] >= 0)
        copy_cell(d->note, sizeof d->note, cell(map, row, DC_NOTE));
    if (resolve_township(db, cell(map, row, DC_TOWNSHIP), d->township_id, res, err) != LL_OK ||
        resolve_station(db, d->township_id, cell(map, row, DC_STATION), d->station_id, res, err) !=
            LL_OK ||
        resolve_group(db, d->township_id, cell(map, row, DC_GROUP), d->station_id, d->group_id, res,
                      err) != LL_OK)
        return row_error(map, row, -1, err);
    return LL_OK;
}

typedef enum ll_status (*row_importer)(struct ll_db *db, const struct header_map *map,
                                       const struct csv_row *row, struct import_result *res,
                                       struct ll_error *err);

static enum ll_status import_deputy_row(struct ll_db *db, const struct header_map *map,
                                        const struct csv_row *row, struct import_result *res,
                                        struct ll_error *err)
{
    struct deputy d;
    if (deputy_from_row(db, map, row, &d, res, err) != LL_OK)
        return err->status;
    struct deputy before;
    struct ll_error ignored;
    bool update = d.id[0] && deputy_get(db, d.id, &before, &ignored) == LL_OK;
    if (deputy_save(db, &d, err) != LL_OK)
        return row_error(map, row, -1, err);
    update ? res->updated++ : res->inserted++;
    return LL_OK;
}

/* ---- stations -------------------------------------------------------------------------- */

/* A six-haves cell: "" / 否 / 无 = not met; 是 / 有 / √ / ✓ / 1 = met; a date = met on it. */
static bool parse_have(const char *text, struct station_have_state *h)
{
    static const char *const yes[] = {"是", "有", "√", "✓", "✔", "1", "yes", "已达标", "达标"};
    static const char *const no[] = {"", "否", "无", "×", "0", "no", "未达标"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(text, no[i]) == 0) {
            h->done = false;
            h->date[0] = '\0';
            return true;
        }
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(text, yes[i]) == 0) {
            h->done = true;
            h->date[0] = '\0';
            return true;
        }
    if (date_parse(text, h->date)) {
        h->done = true;
        return true;
    }
    return false;
}

static enum ll_status station_from_row(struct ll_db *db, const struct header_map *map,
                                       const struct csv_row *row, struct station *s,
                                       struct import_result *res, struct ll_error *err)
{
    struct ll_error ignored;
    char township_id[LL_ID_LEN];
    const char *id = cell(map, row, SC_ID);
    if (resolve_township(db, cell(map, row, SC_TOWNSHIP), township_id, res, err) != LL_OK)
        return row_error(map, row, SC_TOWNSHIP, err);
    if (!((id[0] && station_get(db, id, s, &ignored) == LL_OK) ||
          (township_id[0] &&
           station_find(db, township_id, cell(map, row, SC_NAME), s, &ignored) == LL_OK))) {
        station_init(s);
        copy_cell(s->id, sizeof s->id, id); /* a record from another database keeps its id */
    }
    snprintf(s->township_id, sizeof s->township_id, "%s", township_id);
    copy_cell(s->name, sizeof s->name, cell(map, row, SC_NAME));
    const char *kind = cell(map, row, SC_KIND);
    if (kind[0] && !station_kind_parse(kind, &s->kind))
        return row_error(map, row, SC_KIND,
                         (ll_error_set(err, LL_EINVAL,
                                       _("联络站类型「%s」无法识别，应为中心联络站、片区联络站或"
                                         "市代表小组联络站。"),
                                       kind),
                          err));
    if (!kind[0] && !s->id[0])
        s->kind = strstr(s->name, "中心") ? STATION_CENTRAL : STATION_AREA;
    const char *parent = cell(map, row, SC_PARENT);
    s->parent_id[0] = '\0';
    if (parent[0]) {
        struct station p;
        if (station_find(db, township_id, parent, &p, err) != LL_OK)
            return row_error(
                map, row, SC_PARENT,
                (ll_error_set(err, LL_EINVAL, _("上级联络站「%s」不存在（应写在它的下级站之前）。"),
                              parent),
                 err));
        snprintf(s->parent_id, sizeof s->parent_id, "%s", p.id);
    }
    static const struct {
        int key;
        size_t offset, size;
    } texts[] = {
        {SC_VILLAGE, offsetof(struct station, village), sizeof(((struct station *)0)->village)},
        {SC_ADDRESS, offsetof(struct station, address), sizeof(((struct station *)0)->address)},
        {SC_ADMIN, offsetof(struct station, admin_name), sizeof(((struct station *)0)->admin_name)},
        {SC_PHONE, offsetof(struct station, admin_phone),
         sizeof(((struct station *)0)->admin_phone)},
        {SC_HOURS, offsetof(struct station, hours), sizeof(((struct station *)0)->hours)},
        {SC_NOTE, offsetof(struct station, note), sizeof(((struct station *)0)->note)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (map->column_of[texts[i].key] >= 0)
            copy_cell((char *)s + texts[i].offset, texts[i].size, cell(map, row, texts[i].key));
    for (int h = 0; h < STATION_HAVE_COUNT; h++) {
        if (map->column_of[SC_HAVE0 + h] >= 0 &&
            !parse_have(cell(map, row, SC_HAVE0 + h), &s->haves[h]))
            return row_error(
                map, row, SC_HAVE0 + h,
                (ll_error_set(err, LL_EINVAL, _("「%s」应填是、否或达标日期（如 2024-03-01）。"),
                              cell(map, row, SC_HAVE0 + h)),
                 err));
        if (map->column_of[SC_HAVE_NOTE0 + h] >= 0)
            copy_cell(s->haves[h].note, sizeof s->haves[h].note, cell(map, row, SC_HAVE_NOTE0 + h));
    }
    return LL_OK;
}

static enum ll_status import_station_row(struct ll_db *db, const struct header_map *map,
                                         const struct csv_row *row, struct import_result *res,
                                         struct ll_error *err)
{
    struct station s;
    if (station_from_row(db, map, row, &s, res, err) != LL_OK)
        return err->status;
    struct station before;
    struct ll_error ignored;
    bool update = s.id[0] && station_get(db, s.id, &before, &ignored) == LL_OK;
    if (station_save(db, &s, err) != LL_OK)
        return row_error(map, row, -1, err);
    update ? res->updated++ : res->inserted++;
    return LL_OK;
}

/* ---- the shared loop ------------------------------------------------------------------- */

static enum ll_status import_rows(struct ll_db *db, struct csv_reader *r,
                                  const struct header_map *map, row_importer import_row,
                                  struct import_result *res, struct ll_error *err)
{
    struct csv_row row;
    int rc;
    while ((rc = csv_read_row(r, &row, err)) == 1) {
        res->rows++;
        if (import_row(db, map, &row, res, err) != LL_OK)
            return err->status;
    }
    return rc < 0 ? err->status : LL_OK;
}

static enum ll_status import_file(struct ll_db *db, const char *path, const struct column_def *defs,
                                  size_t ndefs, int required_key, const char *required_name,
                                  row_importer import_row, struct import_result *res,
                                  struct ll_error *err)
{
    struct csv_reader *r = NULL;
    struct csv_row header;
    struct header_map map;
    memset(res, 0, sizeof *res);
    if (csv_open_file(path, &r, err) != LL_OK)
        return err->status;
    int rc = csv_read_row(r, &header, err);
    if (rc <= 0) {
        csv_close(r);
        return rc < 0 ? err->status : ll_error_set(err, LL_EINVAL, _("文件 %s 是空的。"), path);
    }
    if (map_header(&header, defs, ndefs, &map, err) != LL_OK) {
        csv_close(r);
        return err->status;
    }
    if (map.column_of[required_key] < 0) {
        csv_close(r);
        err->line = header.line;
        return ll_error_set(err, LL_EINVAL, _("第 %d 行（表头）：找不到「%s」列。表头应包含 %s。"),
                            header.line, required_name, required_name);
    }
    enum ll_status status = db_begin(db, err);
    if (status == LL_OK) {
        status = import_rows(db, r, &map, import_row, res, err);
        if (status == LL_OK)
            status = db_commit(db, err);
        else
            db_rollback(db);
    }
    csv_close(r);
    if (status != LL_OK) {
        struct import_result none = {0};
        *res = none;
    }
    return status;
}

enum ll_status import_deputies(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, deputy_columns, sizeof deputy_columns / sizeof deputy_columns[0],
                       DC_NAME, _("姓名"), import_deputy_row, res, err);
}

enum ll_status import_stations(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, station_columns,
                       sizeof station_columns / sizeof station_columns[0], SC_NAME, _("名称"),
                       import_station_row, res, err);
}
