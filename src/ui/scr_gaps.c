/* 待完善事项: deputies not yet in a station, and stations missing some of the six haves.
 * Two list definitions on one screen; Tab switches between them. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/listview.h"
#include "ui/screens.h"

struct gaps {
    struct app *app;
    struct deputy_filter deputies;
    struct station_filter stations;
};

/* ---- deputies without a station ---------------------------------------------------------- */

static void col_dep_levels(const void *row, char *buf, size_t size)
{
    deputy_levels_format(((const struct deputy *)row)->levels, buf, size);
}

static const struct lv_column gap_deputy_columns[] = {
    {N_("姓名"), 10, TEXT_LEFT, LV_TEXT_OF(struct deputy, name)},
    {N_("层级"), 0, TEXT_LEFT, .get = col_dep_levels},
    {N_("乡镇"), 12, TEXT_LEFT, LV_TEXT_OF(struct deputy, township_name)},
    {N_("电话"), 14, TEXT_LEFT, LV_TEXT_OF(struct deputy, phone)},
};

static enum ll_status gap_deputy_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                       void *rows, int *count, struct ll_error *err)
{
    struct gaps *g = ctx;
    return deputy_list(g->app->db, &g->deputies, dir, anchor, limit, rows, count, err);
}

static enum ll_status gap_deputy_count(void *ctx, int *count, struct ll_error *err)
{
    struct gaps *g = ctx;
    return deputy_count(g->app->db, &g->deputies, count, err);
}

static int gap_deputy_open(struct listview *lv, void *row)
{
    struct gaps *g = lv->ctx;
    char key[LL_KEY_LEN];
    if (deputy_edit(g->app, ((const struct deputy *)row)->id, NULL, key, sizeof key))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

/* ---- stations missing a have ------------------------------------------------------------- */

/* The haves not yet met, short: "标识标牌、工作计划". */
static void col_st_missing(const void *row, char *buf, size_t size)
{
    const struct station *s = row;
    size_t pos = 0;
    buf[0] = '\0';
    for (int i = 0; i < STATION_HAVE_COUNT; i++) {
        if (s->haves[i].done)
            continue;
        const char *label = station_have_label((enum station_have)i);
        if (strncmp(label, "有", strlen("有")) == 0)
            label += strlen("有"); /* 有工作场所 -> 工作场所 */
        int n = snprintf(buf + pos, size - pos, "%s%s", pos ? _("、") : "", label);
        if (n < 0 || (size_t)n >= size - pos)
            break;
        pos += (size_t)n;
    }
}

static const struct lv_column gap_station_columns[] = {
    {N_("乡镇"), 10, TEXT_LEFT, LV_TEXT_OF(struct station, township_name)},
    {N_("名称"), 0, TEXT_LEFT, LV_TEXT_OF(struct station, name)},
    {N_("缺少"), 0, TEXT_LEFT, .get = col_st_missing},
};

static enum ll_status gap_station_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                        void *rows, int *count, struct ll_error *err)
{
    struct gaps *g = ctx;
    return station_list(g->app->db, &g->stations, dir, anchor, limit, rows, count, err);
}

static enum ll_status gap_station_count(void *ctx, int *count, struct ll_error *err)
{
    struct gaps *g = ctx;
    return station_count(g->app->db, &g->stations, count, err);
}

static int gap_station_open(struct listview *lv, void *row)
{
    struct gaps *g = lv->ctx;
    char key[LL_KEY_LEN];
    if (station_edit(g->app, ((const struct station *)row)->id, "", key, sizeof key))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

/* ---- the screen -------------------------------------------------------------------------- */

static int gaps_switch(void *self);

static const struct key_handler gaps_keys[] = {
    {ACT_SWITCH, gaps_switch, N_("切换两张表"), true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const char *const gaps_help =
    N_("需要补齐的工作：一张表是还没有进联络站的代表，另一张是六有还没有达标的联络站，"
       "按 Tab 切换。按 Enter 打开记录补充，保存后它就从这里消失。");

static const struct listview_def gap_deputy_def = {
    .title = N_("待完善事项：未进站的代表（Tab 看六有不全的联络站）"),
    .help = gaps_help,
    .columns = gap_deputy_columns,
    .ncolumns = (int)(sizeof gap_deputy_columns / sizeof gap_deputy_columns[0]),
    .row_size = sizeof(struct deputy),
    .key_offset = offsetof(struct deputy, sort_key),
    .fetch = gap_deputy_fetch,
    .count = gap_deputy_count,
    .open = gap_deputy_open,
    .empty = N_("所有代表都已进站。按 Tab 看六有不全的联络站。"),
    .keys = gaps_keys,
};

static const struct listview_def gap_station_def = {
    .title = N_("待完善事项：六有不全的联络站（Tab 看未进站的代表）"),
    .help = gaps_help,
    .columns = gap_station_columns,
    .ncolumns = (int)(sizeof gap_station_columns / sizeof gap_station_columns[0]),
    .row_size = sizeof(struct station),
    .key_offset = offsetof(struct station, sort_key),
    .fetch = gap_station_fetch,
    .count = gap_station_count,
    .open = gap_station_open,
    .empty = N_("所有联络站六有都已达标。按 Tab 看未进站的代表。"),
    .keys = gaps_keys,
};

static int gaps_switch(void *self)
{
    struct listview *lv = self;
    listview_switch(lv, lv->def == &gap_deputy_def ? &gap_station_def : &gap_deputy_def);
    return KR_STAY;
}

void gaps_screen(struct app *app)
{
    struct gaps g = {.app = app};
    deputy_filter_init(&g.deputies);
    g.deputies.no_station = true;
    station_filter_init(&g.stations);
    g.stations.missing_have = true;
    listview_run(&gap_deputy_def, &g);
}
