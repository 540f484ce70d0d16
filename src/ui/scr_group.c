/* 代表小组: deputy groups, each attached to a station. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define GF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct deputy_group, m),                                        \
    .size = MEMBER_SIZE(struct deputy_group, m)

struct group_screen {
    struct app *app;
    char township_id[LL_ID_LEN];
    char township_name[64];
};

static bool pick_group_township(void *ctx, void *rec)
{
    struct group_screen *gs = ctx;
    struct deputy_group *g = rec;
    char id[LL_ID_LEN];
    snprintf(id, sizeof id, "%s", g->township_id);
    if (!pick_township(gs->app, false, true, g->township_id, sizeof g->township_id,
                       g->township_name, sizeof g->township_name))
        return false;
    if (strcmp(id, g->township_id) != 0)
        g->station_id[0] = g->station_name[0] = '\0';
    return true;
}

static bool pick_group_station(void *ctx, void *rec)
{
    struct group_screen *gs = ctx;
    struct deputy_group *g = rec;
    struct station s;
    if (!pick_station(gs->app, g->township_id, -1, NULL, _("选择小组所在的联络站"), &s))
        return false;
    snprintf(g->station_id, sizeof g->station_id, "%s", s.id);
    snprintf(g->station_name, sizeof g->station_name, "%s", s.name);
    return true;
}

static const struct form_field group_fields[] = {
    {GF(name), .label = N_("小组名称"), .type = FIELD_TEXT, .required = true, .max_chars = 40},
    {GF(township_id), .label = N_("乡镇"), .type = FIELD_PICK, .required = true,
     .name_offset = offsetof(struct deputy_group, township_name),
     .name_size = MEMBER_SIZE(struct deputy_group, township_name), .pick = pick_group_township,
     .hint = N_("Enter 选择乡镇")},
    {GF(station_id), .label = N_("所在联络站"), .type = FIELD_PICK,
     .name_offset = offsetof(struct deputy_group, station_name),
     .name_size = MEMBER_SIZE(struct deputy_group, station_name), .pick = pick_group_station,
     .hint = N_("Enter 选择联络站，d 清除")},
    {GF(note), .label = N_("备注"), .type = FIELD_TEXT, .max_chars = 80},
};

static enum ll_status group_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct group_screen *gs = ctx;
    return deputy_group_save(gs->app->db, rec, err);
}

static const struct form_def group_form = {
    .help = N_("代表小组的名称、所属乡镇和所在联络站。代表在代表名册里选择所属小组。"),
    .fields = group_fields,
    .nfields = (int)(sizeof group_fields / sizeof group_fields[0]),
    .rec_size = sizeof(struct deputy_group),
    .save = group_form_save,
};

static const struct deputy_group *row_group(const void *row)
{
    return row;
}

static const struct lv_column group_columns[] = {
    {N_("乡镇"), 10, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, township_name)},
    {N_("小组名称"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, name)},
    {N_("所在联络站"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, station_name)},
    {N_("人数"), 4, TEXT_RIGHT, LV_INT_OF(struct deputy_group, member_count)},
};

static enum ll_status group_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                  void *rows, int *count, struct ll_error *err)
{
    struct group_screen *gs = ctx;
    return deputy_group_list(gs->app->db, gs->township_id, dir, anchor, limit, rows, count, err);
}

static enum ll_status group_counter(void *ctx, int *count, struct ll_error *err)
{
    struct group_screen *gs = ctx;
    return deputy_group_count(gs->app->db, gs->township_id, count, err);
}

static void group_edit(struct listview *lv, struct deputy_group *g, const char *title)
{
    struct group_screen *gs = lv->ctx;
    const char *why = g->id[0]
                          ? guard_why(gs->app->db, "deputy_group", g->township_id, g->station_id)
                          : NULL; /* a new one: group_add asked */
    if (!guard_form_run(&group_form, gs, g, title, why))
        return;
    struct deputy_group fresh;
    struct ll_error err = {0};
    if (deputy_group_get(gs->app->db, g->id, &fresh, &err) == LL_OK)
        listview_focus(lv, fresh.sort_key);
    listview_message(lv, false, "%s", _("已保存。"));
}

static int group_open(struct listview *lv, void *row)
{
    struct group_screen *gs = lv->ctx;
    struct deputy_group g;
    struct ll_error err = {0};
    if (deputy_group_get(gs->app->db, row_group(row)->id, &g, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char title[256];
    snprintf(title, sizeof title, _("代表小组：%s"), g.name);
    group_edit(lv, &g, title);
    return KR_STAY;
}

static int group_add(struct listview *lv)
{
    struct group_screen *gs = lv->ctx;
    struct deputy_group g;
    if (!guard_list(lv, gs->app->db, "deputy_group", gs->township_id, ""))
        return KR_STAY;
    deputy_group_init(&g);
    snprintf(g.township_id, sizeof g.township_id, "%s", gs->township_id);
    snprintf(g.township_name, sizeof g.township_name, "%s", gs->township_name);
    group_edit(lv, &g, _("代表小组：新建"));
    return KR_STAY;
}

static int group_remove(struct listview *lv, void *row)
{
    struct group_screen *gs = lv->ctx;
    const struct deputy_group *g = row;
    char question[256];
    struct ll_error err = {0};
    if (!guard_list(lv, gs->app->db, "deputy_group", g->township_id, g->station_id))
        return KR_STAY;
    if (g->member_count > 0) { /* refused anyway: say so before asking anything */
        listview_message(lv, true, _("代表小组「%s」还有 %d 名代表，请先把他们调到其他小组。"),
                         g->name, g->member_count);
        return KR_STAY;
    }
    snprintf(question, sizeof question, _("确定删除代表小组 %s 吗？"), g->name);
    if (!dialog_confirm(question))
        return KR_STAY;
    if (deputy_group_delete(gs->app->db, g->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除代表小组 %s。"), g->name);
    return KR_STAY;
}

static bool group_describe(struct listview *lv, char *buf, size_t size)
{
    struct group_screen *gs = lv->ctx;
    snprintf(buf, size, _("乡镇：%s"), gs->township_id[0] ? gs->township_name : _("全部"));
    return gs->township_id[0] != '\0';
}

static int group_filter_township(void *self)
{
    struct listview *lv = self;
    struct group_screen *gs = lv->ctx;
    if (pick_township(gs->app, true, false, gs->township_id, sizeof gs->township_id,
                      gs->township_name, sizeof gs->township_name))
        listview_reload_first(lv);
    return KR_STAY;
}

static const struct key_handler group_keys[] = {
    {ACT_FILTER_TOWNSHIP, group_filter_township, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def group_list_def = {
    .title = N_("代表小组"),
    .help = N_("代表小组及其所在联络站和人数。还有代表的小组不能删除，先在代表名册里把代表"
               "调到别的小组。"),
    .columns = group_columns,
    .ncolumns = (int)(sizeof group_columns / sizeof group_columns[0]),
    .row_size = sizeof(struct deputy_group),
    .key_offset = offsetof(struct deputy_group, sort_key),
    .fetch = group_fetch,
    .count = group_counter,
    .open = group_open,
    .add = group_add,
    .remove = group_remove,
    .describe_filter = group_describe,
    .keys = group_keys,
};

void group_list_screen(struct app *app)
{
    struct group_screen gs = {.app = app};
    listview_run(&group_list_def, &gs);
}
