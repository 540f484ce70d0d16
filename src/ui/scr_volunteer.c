/* 志愿者: the volunteers of one station, a list and a three-field form. */
#include <stddef.h>
#include <stdio.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define VF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct volunteer, m), .size = MEMBER_SIZE(struct volunteer, m)

struct volunteer_screen {
    struct app *app;
    const struct station *station;
};

static const struct form_field volunteer_fields[] = {
    {VF(name), .label = N_("姓名"), .type = FIELD_TEXT, .required = true, .max_chars = 20},
    {VF(phone), .label = N_("电话"), .type = FIELD_TEXT, .halfwidth = true, .max_chars = 20},
    {VF(note), .label = N_("备注"), .type = FIELD_TEXT, .max_chars = 80},
};

static enum ll_status volunteer_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct volunteer_screen *vs = ctx;
    return volunteer_save(vs->app->db, rec, err);
}

static const struct form_def volunteer_form = {
    .help = N_("联络站的志愿者：姓名、联系电话和备注。"),
    .fields = volunteer_fields,
    .nfields = (int)(sizeof volunteer_fields / sizeof volunteer_fields[0]),
    .rec_size = sizeof(struct volunteer),
    .save = volunteer_form_save,
};

static const struct lv_column volunteer_columns[] = {
    {N_("姓名"), 12, TEXT_LEFT, LV_TEXT_OF(struct volunteer, name)},
    {N_("电话"), 14, TEXT_LEFT, LV_TEXT_OF(struct volunteer, phone)},
    {N_("备注"), 0, TEXT_LEFT, LV_TEXT_OF(struct volunteer, note)},
};

static enum ll_status volunteer_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                      void *rows, int *count, struct ll_error *err)
{
    struct volunteer_screen *vs = ctx;
    return volunteer_list(vs->app->db, vs->station->id, dir, anchor, limit, rows, count, err);
}

static enum ll_status volunteer_counter(void *ctx, int *count, struct ll_error *err)
{
    struct volunteer_screen *vs = ctx;
    return volunteer_count(vs->app->db, vs->station->id, count, err);
}

/* Runs the form on v; on save, focuses the list on it. */
static void volunteer_edit(struct listview *lv, struct volunteer *v, const char *title)
{
    struct volunteer_screen *vs = lv->ctx;
    const char *why =
        guard_why(vs->app->db, "volunteer", vs->station->township_id, vs->station->id);
    if (!guard_form_run(&volunteer_form, vs, v, title, why))
        return;
    struct volunteer fresh;
    struct ll_error err = {0};
    if (volunteer_get(vs->app->db, v->id, &fresh, &err) == LL_OK)
        listview_focus(lv, fresh.sort_key);
    listview_message(lv, false, "%s", _("已保存。"));
}

static int volunteer_open(struct listview *lv, void *row)
{
    struct volunteer_screen *vs = lv->ctx;
    struct volunteer v;
    struct ll_error err = {0};
    if (volunteer_get(vs->app->db, ((struct volunteer *)row)->id, &v, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char title[256];
    snprintf(title, sizeof title, _("志愿者：%s"), v.name);
    volunteer_edit(lv, &v, title);
    return KR_STAY;
}

static int volunteer_add(struct listview *lv)
{
    struct volunteer_screen *vs = lv->ctx;
    struct volunteer v;
    if (!guard_list(lv, vs->app->db, "volunteer", vs->station->township_id, vs->station->id))
        return KR_STAY;
    volunteer_init(&v);
    snprintf(v.station_id, sizeof v.station_id, "%s", vs->station->id);
    volunteer_edit(lv, &v, _("志愿者：新建"));
    return KR_STAY;
}

static int volunteer_remove(struct listview *lv, void *row)
{
    struct volunteer_screen *vs = lv->ctx;
    const struct volunteer *v = row;
    char question[256];
    struct ll_error err = {0};
    if (!guard_list(lv, vs->app->db, "volunteer", vs->station->township_id, vs->station->id))
        return KR_STAY;
    snprintf(question, sizeof question, _("确定删除志愿者 %s 吗？"), v->name);
    if (!dialog_confirm(question))
        return KR_STAY;
    if (volunteer_delete(vs->app->db, v->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除志愿者 %s。"), v->name);
    return KR_STAY;
}

static void volunteer_title(struct listview *lv, char *buf, size_t size)
{
    struct volunteer_screen *vs = lv->ctx;
    snprintf(buf, size, _("志愿者名单：%s"), vs->station->name);
}

static const struct listview_def volunteer_list_def = {
    .title = N_("志愿者"),
    .help = N_("一个联络站的志愿者名单。a 添加，Enter 修改，d 删除。"),
    .columns = volunteer_columns,
    .ncolumns = 3,
    .row_size = sizeof(struct volunteer),
    .key_offset = offsetof(struct volunteer, sort_key),
    .fetch = volunteer_fetch,
    .count = volunteer_counter,
    .open = volunteer_open,
    .add = volunteer_add,
    .remove = volunteer_remove,
    .make_title = volunteer_title,
};

void volunteer_list_screen(struct app *app, const struct station *s)
{
    struct volunteer_screen vs = {app, s};
    listview_run(&volunteer_list_def, &vs);
}
