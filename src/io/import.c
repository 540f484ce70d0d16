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
#include "lianluo/uuid.h"
#include "io/idset.h"

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

/* One run of an import: the file's columns, the counts so far, the records the file has named
 * (two rows may not describe one record) and the stations whose parent comes later. */
struct pending_parent {
    char station_id[LL_ID_LEN];
    char township_id[LL_ID_LEN];
    char parent[128];
    int line;
};

struct import_run {
    struct ll_db *db;
    struct header_map map;
    struct import_result *res;
    struct idset seen;
    struct pending_parent *pending;
    size_t npending, cappending;
};

static bool has_column(const struct import_run *run, int key)
{
    return run->map.column_of[key] >= 0;
}

static const char *run_cell(const struct import_run *run, const struct csv_row *row, int key)
{
    return cell(&run->map, row, key);
}

/* Copies the cell of column key into dst, refusing (not truncating) a cell that is too long. */
static enum ll_status take_cell(const struct import_run *run, const struct csv_row *row, int key,
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
static enum ll_status take_present(const struct import_run *run, const struct csv_row *row, int key,
                                   char *dst, size_t n, struct ll_error *err)
{
    return has_column(run, key) ? take_cell(run, row, key, dst, n, err) : LL_OK;
}

/* The 编号 cell when it holds a record id; a roster's own serial numbers (1, 2, 3) are not. */
static const char *record_id_cell(const struct import_run *run, const struct csv_row *row, int key)
{
    const char *id = run_cell(run, row, key);
    return uuid_valid(id) ? id : "";
}

/* Fails when an earlier row of the file already described the record with this id; why is
 * the message, with a %d for the earlier line. */
static enum ll_status note_seen(struct import_run *run, const struct csv_row *row, int name_key,
                                const char *id, const char *why, struct ll_error *err)
{
    int first = idset_add(&run->seen, id, row->line);
    if (first < 0)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    if (first > 0)
        return row_error(&run->map, row, name_key, (ll_error_set(err, LL_EINVAL, why, first), err));
    return LL_OK;
}

/* ---- deputies -------------------------------------------------------------------------- */

static enum ll_status resolve_township(struct import_run *run, const char *name,
                                       char out_id[LL_ID_LEN], struct ll_error *err)
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

static enum ll_status resolve_station(struct import_run *run, const char *township_id,
                                      const char *name, char out_id[LL_ID_LEN],
                                      struct ll_error *err)
{
    struct station s;
    struct ll_error ignored;
    out_id[0] = '\0';
    if (!name[0] || strcmp(name, "无") == 0 || strcmp(name, "未进站") == 0)
        return LL_OK;
    if (station_find(run->db, township_id, name, &s, &ignored) == LL_OK) {
        snprintf(out_id, LL_ID_LEN, "%s", s.id);
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
    return LL_OK;
}

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
    struct deputy_group page[64];
    char anchor[LL_KEY_LEN] = "";
    int n;
    do {
        if (deputy_group_list(run->db, township_id, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
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

typedef enum ll_status (*row_importer)(struct import_run *run, const struct csv_row *row,
                                       struct ll_error *err);

static void count_saved(struct import_result *res, bool update, bool changed)
{
    if (!update)
        res->inserted++;
    else if (changed)
        res->updated++;
    else
        res->unchanged++;
}

static enum ll_status import_deputy_row(struct import_run *run, const struct csv_row *row,
                                        struct ll_error *err)
{
    struct deputy d;
    if (deputy_from_row(run, row, &d, err) != LL_OK)
        return err->status;
    struct deputy before;
    struct ll_error ignored;
    bool update = d.id[0] && deputy_get(run->db, d.id, &before, &ignored) == LL_OK;
    long long changes = db_total_changes(run->db);
    if (deputy_save(run->db, &d, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    count_saved(run->res, update, db_total_changes(run->db) != changes);
    if (note_seen(
            run, row, DC_NAME, d.id,
            _("与第 %d 行指向同一位代表（编号、身份证号或姓名和电话相同），请合并或区分这两行。"),
            err) != LL_OK)
        return err->status;
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

/* The model gives an area station its township's central station; a 上级 the row names is only
 * checked against that, once every row is in: a roster may list an area station before its
 * central one, or change which station is central further down. */
static enum ll_status station_parent(struct import_run *run, const struct csv_row *row,
                                     bool *recheck, struct ll_error *err)
{
    const char *parent = run_cell(run, row, SC_PARENT);
    *recheck = parent[0] != '\0';
    if (strlen(parent) >= sizeof run->pending[0].parent)
        return row_error(&run->map, row, SC_PARENT,
                         (ll_error_set(err, LL_EINVAL, _("上级联络站名称太长。")), err));
    return LL_OK;
}

static enum ll_status station_cells(const struct import_run *run, const struct csv_row *row,
                                    struct station *s, struct ll_error *err)
{
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
        if (take_present(run, row, texts[i].key, (char *)s + texts[i].offset, texts[i].size, err) !=
            LL_OK)
            return err->status;
    for (int h = 0; h < STATION_HAVE_COUNT; h++) {
        const char *have = run_cell(run, row, SC_HAVE0 + h);
        if (has_column(run, SC_HAVE0 + h) && !parse_have(have, &s->haves[h]))
            return row_error(
                &run->map, row, SC_HAVE0 + h,
                (ll_error_set(err, LL_EINVAL, _("「%s」应填是、否或达标日期（如 2024-03-01）。"),
                              have),
                 err));
        if (take_present(run, row, SC_HAVE_NOTE0 + h, s->haves[h].note, sizeof s->haves[h].note,
                         err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

static enum ll_status station_from_row(struct import_run *run, const struct csv_row *row,
                                       struct station *s, bool *parent_later, struct ll_error *err)
{
    struct ll_error ignored;
    char township_id[LL_ID_LEN];
    const char *id = record_id_cell(run, row, SC_ID);
    if (resolve_township(run, run_cell(run, row, SC_TOWNSHIP), township_id, err) != LL_OK)
        return row_error(&run->map, row, SC_TOWNSHIP, err);
    bool is_new =
        !((id[0] && station_get(run->db, id, s, &ignored) == LL_OK) ||
          (township_id[0] &&
           station_find(run->db, township_id, run_cell(run, row, SC_NAME), s, &ignored) == LL_OK));
    if (is_new) {
        station_init(s);
        snprintf(s->id, sizeof s->id, "%s", id); /* a record from another database keeps its id */
    }
    if (has_column(run, SC_TOWNSHIP))
        snprintf(s->township_id, sizeof s->township_id, "%s", township_id);
    if (take_cell(run, row, SC_NAME, s->name, sizeof s->name, err) != LL_OK)
        return err->status;
    const char *kind = run_cell(run, row, SC_KIND);
    if (kind[0] && !station_kind_parse(kind, &s->kind))
        return row_error(&run->map, row, SC_KIND,
                         (ll_error_set(err, LL_EINVAL,
                                       _("联络站类型「%s」无法识别，应为中心联络站、片区联络站或"
                                         "市代表小组联络站。"),
                                       kind),
                          err));
    if (!kind[0] && is_new)
        s->kind = strstr(s->name, "中心") ? STATION_CENTRAL : STATION_AREA;
    s->parent_id[0] = '\0';
    if (has_column(run, SC_PARENT) && station_parent(run, row, parent_later, err) != LL_OK)
        return err->status;
    return station_cells(run, row, s, err);
}

static enum ll_status defer_parent(struct import_run *run, const struct csv_row *row,
                                   const struct station *s, struct ll_error *err)
{
    if (run->npending == run->cappending) {
        size_t cap = run->cappending ? run->cappending * 2 : 16;
        struct pending_parent *p = realloc(run->pending, cap * sizeof *p);
        if (!p)
            return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        run->pending = p;
        run->cappending = cap;
    }
    struct pending_parent *p = &run->pending[run->npending++];
    snprintf(p->station_id, sizeof p->station_id, "%s", s->id);
    snprintf(p->township_id, sizeof p->township_id, "%s", s->township_id);
    snprintf(p->parent, sizeof p->parent, "%s", run_cell(run, row, SC_PARENT));
    p->line = row->line;
    return LL_OK;
}

static enum ll_status import_station_row(struct import_run *run, const struct csv_row *row,
                                         struct ll_error *err)
{
    struct station s;
    bool parent_later = false;
    if (station_from_row(run, row, &s, &parent_later, err) != LL_OK)
        return err->status;
    struct station before;
    struct ll_error ignored;
    bool update = s.id[0] && station_get(run->db, s.id, &before, &ignored) == LL_OK;
    long long changes = db_total_changes(run->db);
    if (station_save(run->db, &s, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    count_saved(run->res, update, db_total_changes(run->db) != changes);
    if (note_seen(run, row, SC_NAME, s.id, _("与第 %d 行是同一个联络站（乡镇和名称相同）。"),
                  err) != LL_OK ||
        (parent_later && defer_parent(run, row, &s, err) != LL_OK))
        return err->status;
    return LL_OK;
}

/* Checks every parent the file named, now that all its rows are in. */
static enum ll_status check_pending_parents(struct import_run *run, struct ll_error *err)
{
    for (size_t i = 0; i < run->npending; i++) {
        const struct pending_parent *p = &run->pending[i];
        struct station s, parent;
        struct ll_error ignored;
        int column = run->map.column_of[SC_PARENT] + 1;
        char why[sizeof err->msg];
        err->line = p->line;
        err->column = column;
        if (station_find(run->db, p->township_id, p->parent, &parent, &ignored) != LL_OK)
            return ll_error_set(
                err, LL_EINVAL,
                _("第 %d 行第 %d 列：上级联络站「%s」在本乡镇不存在，文件中也没有。"), p->line,
                column, p->parent);
        if (station_get(run->db, p->station_id, &s, err) != LL_OK)
            return err->status;
        snprintf(s.parent_id, sizeof s.parent_id, "%s", parent.id);
        if (station_validate(run->db, &s, err) != LL_OK) {
            snprintf(why, sizeof why, "%s", err->msg);
            err->line = p->line;
            err->column = column;
            return ll_error_set(err, err->status, _("第 %d 行第 %d 列：%s"), p->line, column, why);
        }
    }
    return LL_OK;
}

/* ---- the shared loop ------------------------------------------------------------------- */

static enum ll_status import_rows(struct import_run *run, struct csv_reader *r,
                                  row_importer import_row, struct ll_error *err)
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
    return check_pending_parents(run, err);
}

static enum ll_status import_file(struct ll_db *db, const char *path, const struct column_def *defs,
                                  size_t ndefs, int required_key, const char *required_name,
                                  row_importer import_row, struct import_result *res,
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
    enum ll_status status = db_begin(db, err);
    if (status == LL_OK) {
        status = import_rows(&run, r, import_row, err);
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

/* The required header is named in Chinese whatever the language: it is what the file has. */
enum ll_status import_deputies(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, deputy_columns, sizeof deputy_columns / sizeof deputy_columns[0],
                       DC_NAME, "姓名", import_deputy_row, res, err);
}

enum ll_status import_stations(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, station_columns,
                       sizeof station_columns / sizeof station_columns[0], SC_NAME, "名称",
                       import_station_row, res, err);
}
