/* 代表名册: the deputy list with its filters (township, level, station, search) and the
 * deputy form. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/township.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define DF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct deputy, m), .size = MEMBER_SIZE(struct deputy, m)

/* ---- the form ---------------------------------------------------------------------------- */

static const char *gender_choice(int i)
{
    return i == GENDER_UNKNOWN ? _("未填") : gender_label((enum gender)i);
}

static const char *level_choice(int i)
{
    return deputy_level_label((enum deputy_level)i);
}

static bool pick_deputy_township(void *ctx, void *rec)
{
    struct deputy *d = rec;
    char id[LL_ID_LEN];
    snprintf(id, sizeof id, "%s", d->township_id);
    if (!pick_township(ctx, false, true, d->township_id, sizeof d->township_id, d->township_name,
                       sizeof d->township_name))
        return false;
    if (strcmp(id, d->township_id) != 0) { /* station and group belong to the old township */
        d->station_id[0] = d->station_name[0] = '\0';
        d->group_id[0] = d->group_name[0] = '\0';
    }
    return true;
}

static bool pick_deputy_station(void *ctx, void *rec)
{
    struct deputy *d = rec;
    struct station s;
    if (!pick_station(ctx, d->township_id, -1, NULL, _("选择代表进的联络站"), &s))
        return false;
    snprintf(d->station_id, sizeof d->station_id, "%s", s.id);
    snprintf(d->station_name, sizeof d->station_name, "%s", s.name);
    return true;
}

static bool pick_deputy_group(void *ctx, void *rec)
{
    struct deputy *d = rec;
    struct deputy_group g;
    if (!pick_group(ctx, d->township_id, &g))
        return false;
    snprintf(d->group_id, sizeof d->group_id, "%s", g.id);
    snprintf(d->group_name, sizeof d->group_name, "%s", g.name);
    return true;
}

static const struct form_field deputy_fields[] = {
    {DF(name), .label = N_("姓名"), .type = FIELD_TEXT, .place = PLACE_HALF, .required = true,
     .max_chars = 20},
    {DF(gender), .label = N_("性别"), .type = FIELD_CHOICE, .place = PLACE_HALF,
     .nchoices = GENDER_COUNT, .choice_label = gender_choice, .hint = N_("空格或左右方向键切换")},
    {DF(ethnicity), .label = N_("民族"), .type = FIELD_TEXT, .place = PLACE_HALF, .max_chars = 10},
    {DF(birth), .label = N_("出生年月"), .type = FIELD_TEXT, .halfwidth = true, .place = PLACE_HALF,
     .max_chars = 8, .hint = N_("如 1975-03、1975.3 或 1975年3月")},
    {DF(party), .label = N_("政治面貌"), .type = FIELD_TEXT, .place = PLACE_HALF, .max_chars = 10,
     .hint = N_("如 中共党员、群众、民盟")},
    {DF(term), .label = N_("届次"), .type = FIELD_TEXT, .place = PLACE_HALF, .max_chars = 10,
     .hint = N_("如 第十八届")},
    {DF(workplace), .label = N_("工作单位"), .type = FIELD_TEXT, .place = PLACE_FULL,
     .max_chars = 40},
    {DF(post), .label = N_("职务"), .type = FIELD_TEXT, .place = PLACE_HALF, .max_chars = 20},
    {DF(phone), .label = N_("电话"), .type = FIELD_TEXT, .halfwidth = true, .place = PLACE_HALF,
     .max_chars = 20},
    {DF(id_card), .label = N_("身份证号"), .type = FIELD_TEXT, .halfwidth = true,
     .place = PLACE_HALF, .max_chars = 18, .hint = N_("可不填")},
    {DF(township_id), .label = N_("乡镇"), .type = FIELD_PICK, .place = PLACE_HALF,
     .required = true, .name_offset = offsetof(struct deputy, township_name),
     .name_size = MEMBER_SIZE(struct deputy, township_name), .pick = pick_deputy_township,
     .hint = N_("Enter 选择乡镇")},
    {DF(station_id), .label = N_("联络站"), .type = FIELD_PICK, .place = PLACE_HALF,
     .name_offset = offsetof(struct deputy, station_name),
     .name_size = MEMBER_SIZE(struct deputy, station_name), .pick = pick_deputy_station,
     .hint = N_("Enter 选择联络站，d 清除")},
    {DF(group_id), .label = N_("所属小组"), .type = FIELD_PICK, .place = PLACE_HALF,
     .name_offset = offsetof(struct deputy, group_name),
     .name_size = MEMBER_SIZE(struct deputy, group_name), .pick = pick_deputy_group,
     .hint = N_("Enter 选择代表小组，d 清除")},
    {DF(levels), .label = N_("代表层级"), .type = FIELD_SET, .place = PLACE_FULL, .required = true,
     .nchoices = DEPUTY_LEVEL_COUNT, .choice_label = level_choice,
     .hint = N_("左右方向键移动，空格 勾选；可多选")},
    {DF(note), .label = N_("备注"), .type = FIELD_TEXT, .place = PLACE_FULL, .max_chars = 160},
};

static enum ll_status deputy_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct app *app = ctx;
    return deputy_save(app->db, rec, err);
}

static const struct form_def deputy_form = {
    .help = N_("一名人大代表的基本情况。一人可以同时是几级代表，在代表层级里逐个勾选。"
               "联络站和代表小组按所在乡镇选择，可以暂不填写。"),
    .fields = deputy_fields,
    .nfields = (int)(sizeof deputy_fields / sizeof deputy_fields[0]),
    .rec_size = sizeof(struct deputy),
    .save = deputy_form_save,
};

/* A new deputy starts with what the list is filtered on. */
static void deputy_preset(struct app *app, struct deputy *d, const struct deputy_filter *f)
{
    struct ll_error err = {0};
    struct township t;
    struct station s;
    if (f == NULL)
        return;
    if (f->township_id[0] && township_get(app->db, f->township_id, &t, &err) == LL_OK) {
        snprintf(d->township_id, sizeof d->township_id, "%s", t.id);
        snprintf(d->township_name, sizeof d->township_name, "%s", t.name);
    }
    if (f->station_id[0] && station_get(app->db, f->station_id, &s, &err) == LL_OK) {
        snprintf(d->station_id, sizeof d->station_id, "%s", s.id);
        snprintf(d->station_name, sizeof d->station_name, "%s", s.name);
        if (!d->township_id[0]) {
            snprintf(d->township_id, sizeof d->township_id, "%s", s.township_id);
            snprintf(d->township_name, sizeof d->township_name, "%s", s.township_name);
        }
    }
    if (f->level >= 0 && f->level < DEPUTY_LEVEL_COUNT)
        d->levels = 1u << f->level;
}

bool deputy_edit(struct app *app, const char *id, const struct deputy_filter *preset, char *key_out,
                 size_t keysz)
{
    struct deputy d;
    struct ll_error err = {0};
    char title[256];
    if (id && id[0]) {
        if (deputy_get(app->db, id, &d, &err) != LL_OK) {
            dialog_message(err.msg);
            return false;
        }
        snprintf(title, sizeof title, _("代表：%s"), d.name);
    } else {
        deputy_init(&d);
        deputy_preset(app, &d, preset);
        snprintf(title, sizeof title, "%s", _("代表：新建"));
    }
    const char *why = guard_why(app->db, "deputy", d.township_id, d.station_id);
    if (!guard_form_run(&deputy_form, app, &d, title, why))
        return false;
    struct deputy fresh;
    if (deputy_get(app->db, d.id, &fresh, &err) == LL_OK)
        snprintf(key_out, keysz, "%s", fresh.sort_key);
    else
        key_out[0] = '\0';
    return true;
}

/* ---- the list ---------------------------------------------------------------------------- */

struct deputy_screen {
    struct app *app;
    struct deputy_filter filter;
    char township_name[64];
    char station_name[128];
};

static const struct deputy *row_deputy(const void *row)
{
    return row;
}

static void col_gender(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", gender_label(row_deputy(row)->gender));
}

static void col_levels(const void *row, char *buf, size_t size)
{
    deputy_levels_format(row_deputy(row)->levels, buf, size);
}

static void col_station(const void *row, char *buf, size_t size)
{
    const struct deputy *d = row_deputy(row);
    snprintf(buf, size, "%s", d->station_id[0] ? d->station_name : _("（未进站）"));
}

static const struct lv_column deputy_columns[] = {
    {N_("姓名"), 8, TEXT_LEFT, LV_TEXT_OF(struct deputy, name)},
    {N_("性别"), 4, TEXT_LEFT, .get = col_gender},
    {N_("层级"), 14, TEXT_LEFT, .get = col_levels},
    {N_("乡镇"), 10, TEXT_LEFT, LV_TEXT_OF(struct deputy, township_name)},
    {N_("联络站"), 0, TEXT_LEFT, .get = col_station},
    {N_("电话"), 12, TEXT_LEFT, LV_TEXT_OF(struct deputy, phone)},
};

static enum ll_status deputy_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                   void *rows, int *count, struct ll_error *err)
{
    struct deputy_screen *ds = ctx;
    return deputy_list(ds->app->db, &ds->filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status deputy_counter(void *ctx, int *count, struct ll_error *err)
{
    struct deputy_screen *ds = ctx;
    return deputy_count(ds->app->db, &ds->filter, count, err);
}

static int deputy_open(struct listview *lv, void *row)
{
    struct deputy_screen *ds = lv->ctx;
    char key[LL_KEY_LEN];
    if (deputy_edit(ds->app, row_deputy(row)->id, NULL, key, sizeof key)) {
        listview_focus(lv, key);
        listview_message(lv, false, "%s", _("已保存。"));
    }
    return KR_STAY;
}

static int deputy_add(struct listview *lv)
{
    struct deputy_screen *ds = lv->ctx;
    char key[LL_KEY_LEN];
    if (!guard_list(lv, ds->app->db, "deputy", ds->filter.township_id, ""))
        return KR_STAY;
    if (deputy_edit(ds->app, "", &ds->filter, key, sizeof key)) {
        listview_focus(lv, key);
        listview_message(lv, false, "%s", _("已保存。"));
    }
    return KR_STAY;
}

static int deputy_remove(struct listview *lv, void *row)
{
    struct deputy_screen *ds = lv->ctx;
    const struct deputy *d = row;
    char question[256];
    struct ll_error err = {0};
    if (!guard_list(lv, ds->app->db, "deputy", d->township_id, d->station_id))
        return KR_STAY;
    snprintf(question, sizeof question, _("确定从名册中删除代表 %s 吗？"), d->name);
    if (!dialog_confirm(question))
        return KR_STAY;
    if (deputy_delete(ds->app->db, d->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除代表 %s。"), d->name);
    return KR_STAY;
}

static char *deputy_search(struct listview *lv, size_t *size)
{
    struct deputy_screen *ds = lv->ctx;
    *size = sizeof ds->filter.search;
    return ds->filter.search;
}

static bool deputy_describe(struct listview *lv, char *buf, size_t size)
{
    struct deputy_screen *ds = lv->ctx;
    const struct deputy_filter *f = &ds->filter;
    char station[160];
    if (f->no_station)
        snprintf(station, sizeof station, "%s", _("未进站"));
    else
        snprintf(station, sizeof station, "%s", f->station_id[0] ? ds->station_name : _("全部"));
    int n = snprintf(buf, size, _("乡镇：%s  层级：%s  联络站：%s"),
                     f->township_id[0] ? ds->township_name : _("全部"),
                     f->level >= 0 ? deputy_level_label((enum deputy_level)f->level) : _("全部"),
                     station);
    if (f->search[0] && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, _("  搜索：%s"), f->search);
    bool filtered =
        f->township_id[0] || f->level >= 0 || f->station_id[0] || f->no_station || f->search[0];
    if (filtered && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "%s", _("  （按 c 取消筛选）"));
    return filtered;
}

static int deputy_filter_township(void *self)
{
    struct listview *lv = self;
    struct deputy_screen *ds = lv->ctx;
    char before[LL_ID_LEN];
    snprintf(before, sizeof before, "%s", ds->filter.township_id);
    if (!pick_township(ds->app, true, false, ds->filter.township_id, sizeof ds->filter.township_id,
                       ds->township_name, sizeof ds->township_name))
        return KR_STAY;
    if (strcmp(before, ds->filter.township_id) != 0 && ds->filter.township_id[0])
        ds->filter.station_id[0] = '\0'; /* a station of another township would hide all */
    listview_reload_first(lv);
    return KR_STAY;
}

static int deputy_filter_level(void *self)
{
    struct listview *lv = self;
    struct deputy_screen *ds = lv->ctx;
    const char *items[DEPUTY_LEVEL_COUNT + 1];
    items[0] = _("全部层级");
    for (int i = 0; i < DEPUTY_LEVEL_COUNT; i++)
        items[i + 1] = deputy_level_label((enum deputy_level)i);
    int r = dialog_choose(_("按层级查看"), items, DEPUTY_LEVEL_COUNT + 1, ds->filter.level + 1);
    if (r >= 0) {
        ds->filter.level = r - 1;
        listview_reload_first(lv);
    }
    return KR_STAY;
}

static int deputy_filter_station(void *self)
{
    struct listview *lv = self;
    struct deputy_screen *ds = lv->ctx;
    const char *items[] = {_("全部联络站"), _("未进站的代表"), _("选择一个联络站")};
    int r = dialog_choose(_("按联络站查看"), items, 3, 0);
    struct station s;
    if (r == 0) {
        ds->filter.station_id[0] = '\0';
        ds->filter.no_station = false;
    } else if (r == 1) {
        ds->filter.station_id[0] = '\0';
        ds->filter.no_station = true;
    } else if (r == 2 &&
               pick_station(ds->app, ds->filter.township_id, -1, NULL, _("选择联络站"), &s)) {
        snprintf(ds->filter.station_id, sizeof ds->filter.station_id, "%s", s.id);
        snprintf(ds->station_name, sizeof ds->station_name, "%s", s.name);
        ds->filter.no_station = false;
    } else {
        return KR_STAY;
    }
    listview_reload_first(lv);
    return KR_STAY;
}

static int deputy_clear_filters(void *self)
{
    struct listview *lv = self;
    struct deputy_screen *ds = lv->ctx;
    deputy_filter_init(&ds->filter);
    listview_reload_first(lv);
    return KR_STAY;
}

static const struct key_handler deputy_keys[] = {
    {ACT_FILTER_TOWNSHIP, deputy_filter_township, N_("乡镇"), true, N_("只看一个乡镇的代表"), NULL},
    {ACT_FILTER_LEVEL, deputy_filter_level, N_("层级"), true, N_("只看某一级代表"), NULL},
    {ACT_FILTER_STATION, deputy_filter_station, N_("联络站"), true,
     N_("只看一个联络站的代表，或未进站的代表"), NULL},
    {ACT_CLEAR, deputy_clear_filters, N_("全部"), true, N_("取消全部筛选和搜索"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def deputy_list_def = {
    .title = N_("代表名册"),
    .help = N_("全部五级人大代表。按 t、l、s 分别按乡镇、层级、联络站筛选，按 c 取消筛选。"
               "按 / 搜索：可输入姓名或其中几个字，也可输入拼音首字母（如 zs 找到张三）或电话。"),
    .columns = deputy_columns,
    .ncolumns = (int)(sizeof deputy_columns / sizeof deputy_columns[0]),
    .row_size = sizeof(struct deputy),
    .key_offset = offsetof(struct deputy, sort_key),
    .fetch = deputy_fetch,
    .count = deputy_counter,
    .open = deputy_open,
    .add = deputy_add,
    .remove = deputy_remove,
    .search_text = deputy_search,
    .describe_filter = deputy_describe,
    .keys = deputy_keys,
};

void deputy_list_screen(struct app *app)
{
    struct deputy_screen ds = {.app = app};
    deputy_filter_init(&ds.filter);
    listview_run(&deputy_list_def, &ds);
}
