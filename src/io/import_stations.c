/* Import of stations (导入联络站): name, kind, township, the six haves; a 上级 cell is checked
 * once every row is in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/csv.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"
#include "lianluo/uuid.h"
#include "lianluo/station.h"
#include "io/import_run.h"

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

/* ---- rows -------------------------------------------------------------------------- */

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
    if (has_column(run, SC_PARENT) && station_parent(run, row, parent_later, err) != LL_OK)
        return err->status;
    return station_cells(run, row, s, err);
}

static enum ll_status defer_station(struct import_run *run, const struct csv_row *row,
                                    const struct station *s, bool make_central,
                                    struct ll_error *err)
{
    if (run->npending == run->cappending) {
        size_t cap = run->cappending ? run->cappending * 2 : 16;
        struct pending_station *p = realloc(run->pending, cap * sizeof *p);
        if (!p)
            return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
        run->pending = p;
        run->cappending = cap;
    }
    struct pending_station *p = &run->pending[run->npending++];
    snprintf(p->station_id, sizeof p->station_id, "%s", s->id);
    snprintf(p->township_id, sizeof p->township_id, "%s", s->township_id);
    snprintf(p->parent, sizeof p->parent, "%s", run_cell(run, row, SC_PARENT));
    p->make_central = make_central;
    p->line = row->line;
    return LL_OK;
}

/* Whether the township already has a central station other than s. */
static enum ll_status other_central(struct import_run *run, const struct station *s, bool *found,
                                    struct ll_error *err)
{
    struct station_filter f;
    int n = 0;
    station_filter_init(&f);
    snprintf(f.township_id, sizeof f.township_id, "%s", s->township_id);
    snprintf(f.exclude_id, sizeof f.exclude_id, "%s", s->id);
    f.kind = STATION_CENTRAL;
    if (station_count(run->db, &f, &n, err) != LL_OK)
        return err->status;
    *found = n > 0;
    return LL_OK;
}

static enum ll_status import_station_row(struct import_run *run, const struct csv_row *row,
                                         struct ll_error *err)
{
    struct station s;
    bool parent_later = false, central_later = false;
    if (station_from_row(run, row, &s, &parent_later, err) != LL_OK)
        return err->status;
    struct station before;
    struct ll_error ignored;
    bool update = s.id[0] && station_get(run->db, s.id, &before, &ignored) == LL_OK;
    /* A new central station while the old one is still central: the row that demotes the old
     * one may come further down. It is made central once every row is in. */
    if (s.kind == STATION_CENTRAL && s.township_id[0]) {
        if (other_central(run, &s, &central_later, err) != LL_OK)
            return err->status;
        if (central_later)
            /* not central for now: the other one is (until its row, or for good) */
            s.kind = update && before.kind != STATION_CENTRAL ? before.kind : STATION_AREA;
    }
    if (station_save(run->db, &s, err) != LL_OK)
        return row_error(&run->map, row, -1, err);
    enum save_outcome outcome = db_last_save(run->db);
    if (central_later && outcome == SAVE_UNCHANGED)
        outcome = SAVE_UPDATED; /* it becomes central once every row is in */
    if (row_saved(run, row, outcome, s.id, SC_NAME,
                  _("与第 %d 行是同一个联络站（乡镇和名称相同）。"), err) != LL_OK ||
        ((parent_later || central_later) &&
         defer_station(run, row, &s, central_later, err) != LL_OK))
        return err->status;
    return LL_OK;
}

/* Reports a problem with the row at line (column 0: none in particular). */
static enum ll_status pending_error(struct ll_error *err, int line, int column)
{
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    err->line = line;
    err->column = column;
    if (column > 0)
        return ll_error_set(err, err->status, _("第 %d 行第 %d 列：%s"), line, column, why);
    return ll_error_set(err, err->status, _("第 %d 行：%s"), line, why);
}

/* Once every row is in: makes central the stations the file made central, then checks every
 * parent it named against the stations as the file leaves them. */
static enum ll_status finish_stations(struct import_run *run, struct ll_error *err)
{
    for (size_t i = 0; i < run->npending; i++) {
        const struct pending_station *p = &run->pending[i];
        struct station s;
        if (!p->make_central)
            continue;
        if (station_get(run->db, p->station_id, &s, err) != LL_OK)
            return err->status;
        s.kind = STATION_CENTRAL;
        if (station_save(run->db, &s, err) != LL_OK)
            return pending_error(err, p->line, run->map.column_of[SC_KIND] + 1);
    }
    for (size_t i = 0; i < run->npending; i++) {
        const struct pending_station *p = &run->pending[i];
        struct station s, parent;
        struct ll_error ignored;
        int column = run->map.column_of[SC_PARENT] + 1;
        if (!p->parent[0])
            continue;
        if (station_find(run->db, p->township_id, p->parent, &parent, &ignored) != LL_OK) {
            int elsewhere = 0;
            if (station_count_named(run->db, p->parent, &elsewhere, err) != LL_OK)
                return err->status;
            ll_error_set(err, LL_EINVAL,
                         elsewhere ? _("上级联络站「%s」不在本乡镇：片区联络站只属于本乡镇的中心"
                                       "联络站（这一格也可以留空）。")
                                   : _("上级联络站「%s」在本乡镇不存在，文件中也没有（这一格"
                                       "也可以留空）。"),
                         p->parent);
            return pending_error(err, p->line, column);
        }
        if (station_get(run->db, p->station_id, &s, err) != LL_OK)
            return err->status;
        snprintf(s.parent_id, sizeof s.parent_id, "%s", parent.id);
        if (station_check_parent(run->db, &s, err) != LL_OK)
            return pending_error(err, p->line, column);
    }
    return LL_OK;
}

enum ll_status import_stations(struct ll_db *db, const char *path, struct import_result *res,
                               struct ll_error *err)
{
    return import_file(db, path, station_columns,
                       sizeof station_columns / sizeof station_columns[0], SC_NAME, "名称",
                       import_station_row, finish_stations, res, err);
}
