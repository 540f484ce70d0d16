/* 联络站网络: the station list, the station form with its six haves, and deleting a station
 * that still has deputies. */
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
#define SF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct station, m), .size = MEMBER_SIZE(struct station, m)

/* ---- the form ---------------------------------------------------------------------------- */

static const char *kind_label(int i)
{
    return station_kind_label((enum station_kind)i);
}

static bool pick_form_township(void *ctx, void *rec)
{
    struct station *s = rec;
    return pick_township(ctx, false, true, s->township_id, sizeof s->township_id, s->township_name,
                         sizeof s->township_name);
}

/* One line per have: [x] 有工作场所  日期 2024-03-01  备注 ... */
// clang-format off
#define HAVE_ROW(i, text)                                                                          \
    {SF(haves[i].done), .label = N_(text), .type = FIELD_BOOL, .place = PLACE_FULL,                \
     .hint = N_("空格 勾选或取消；Tab 到日期和备注")},                                             \
    {SF(haves[i].date), .label = N_("日期"), .type = FIELD_TEXT, .place = PLACE_FLOW,              \
     .halfwidth = true, .width = 11, .max_chars = 11,                                              \
     .hint = N_("达标日期，如 2024-03-01 或 2024年3月1日，不知道可留空")},                          \
    {SF(haves[i].note), .label = N_("备注"), .type = FIELD_TEXT, .place = PLACE_FLOW,              \
     .max_chars = 80}
// clang-format on

static const struct form_field station_fields[] = {
    {SF(kind), .label = N_("类型"), .type = FIELD_CHOICE, .place = PLACE_HALF, .required = true,
     .nchoices = STATION_KIND_COUNT, .choice_label = kind_label,
     .hint = N_("Enter 选择类型，左右方向键切换")},
    {SF(township_id), .label = N_("乡镇"), .type = FIELD_PICK, .place = PLACE_HALF,
     .required = true, .name_offset = offsetof(struct station, township_name),
     .name_size = MEMBER_SIZE(struct station, township_name), .pick = pick_form_township,
     .hint = N_("Enter 选择乡镇")},
    {SF(name), .label = N_("名称"), .type = FIELD_TEXT, .place = PLACE_FULL, .required = true,
     .max_chars = 40},
    {SF(parent_name), .label = N_("上级中心站"), .type = FIELD_INFO, .place = PLACE_FULL},
    {SF(village), .label = N_("村（社区）"), .type = FIELD_TEXT, .place = PLACE_FULL,
     .max_chars = 20},
    {SF(address), .label = N_("地址"), .type = FIELD_TEXT, .place = PLACE_FULL, .max_chars = 80},
    {SF(admin_name), .label = N_("管理员"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .max_chars = 20},
    {SF(admin_phone), .label = N_("电话"), .type = FIELD_TEXT, .halfwidth = true,
     .place = PLACE_HALF, .max_chars = 20},
    {SF(hours), .label = N_("开放时间"), .type = FIELD_TEXT, .place = PLACE_FULL, .max_chars = 40,
     .hint = N_("例如：每月 10 日、20 日上午")},
    {SF(note), .label = N_("备注"), .type = FIELD_TEXT, .place = PLACE_FULL, .max_chars = 160},
    {.label = N_("六有标准"), .type = FIELD_HEADING, .place = PLACE_FULL},
    HAVE_ROW(0, "有工作场所"),
    HAVE_ROW(1, "有标识标牌"),
    HAVE_ROW(2, "有公示信息"),
    HAVE_ROW(3, "有工作制度"),
    HAVE_ROW(4, "有工作计划"),
    HAVE_ROW(5, "有台账记录"),
};

static enum ll_status station_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct app *app = ctx;
    return station_save(app->db, rec, err); /* it hangs an area station under its central one */
}

static const struct form_def station_form = {
    .help = N_("联络站的基本情况和六有标准。中心联络站每个乡镇一个，片区联络站设在村（社区），"
               "自动归属本乡镇的中心联络站。六有每项打勾后填达标日期，备注写情况说明。"),
    .fields = station_fields,
    .nfields = (int)(sizeof station_fields / sizeof station_fields[0]),
    .rec_size = sizeof(struct station),
    .save = station_form_save,
};

bool station_edit(struct app *app, const char *id, const char *township_id, char *key_out,
                  size_t keysz)
{
    struct station s;
    struct ll_error err = {0};
    char title[256];
    if (id && id[0]) {
        if (station_get(app->db, id, &s, &err) != LL_OK) {
            dialog_message(err.msg);
            return false;
        }
        snprintf(title, sizeof title, _("联络站：%s"), s.name);
    } else {
        struct township t;
        station_init(&s);
        if (township_id && township_id[0] &&
            township_get(app->db, township_id, &t, &err) == LL_OK) {
            snprintf(s.township_id, sizeof s.township_id, "%s", t.id);
            snprintf(s.township_name, sizeof s.township_name, "%s", t.name);
        }
        snprintf(title, sizeof title, "%s", _("联络站：新建"));
    }
    /* a station's PC edits its own station's row (the database keeps what is not its own) */
    const char *why = guard_why(app->db, "station", s.township_id, s.id);
    if (!guard_form_run(&station_form, app, &s, title, why))
        return false;
    struct station fresh;
    if (station_get(app->db, s.id, &fresh, &err) == LL_OK)
        snprintf(key_out, keysz, "%s", fresh.sort_key);
    else
        key_out[0] = '\0';
    return true;
}

/* ---- deleting ---------------------------------------------------------------------------- */

/* How many other stations the township has; 0 when they cannot be counted, which only makes
 * the question below shorter. */
static int count_other_stations(struct app *app, const char *township_id, const char *exclude_id)
{
    struct station_filter f;
    struct ll_error err;
    int n = 0;
    station_filter_init(&f);
    snprintf(f.township_id, sizeof f.township_id, "%s", township_id);
    snprintf(f.exclude_id, sizeof f.exclude_id, "%s", exclude_id);
    return station_count(app->db, &f, &n, &err) == LL_OK ? n : 0;
}

/* Where the deputies of s go: another station's id, or "" for none. False on Esc. */
static bool ask_destination(struct app *app, const struct station *s, int deputies, char *dest,
                            size_t destsz, char *dest_name, size_t namesz)
{
    char title[256];
    snprintf(title, sizeof title, _("该站还有 %d 名代表，他们转到哪里？"), deputies);
    const char *items[] = {_("不分配联络站（以后再安排）"), _("转到本乡镇的另一个联络站")};
    int others = count_other_stations(app, s->township_id, s->id);
    int r = dialog_choose(title, items, others > 0 ? 2 : 1, others > 0 ? 1 : 0);
    if (r < 0)
        return false;
    if (r == 0) {
        dest[0] = '\0';
        snprintf(dest_name, namesz, "%s", "");
        return true;
    }
    struct station to;
    if (!pick_station(app, s->township_id, -1, s->id, _("代表转到哪个联络站"), &to))
        return false;
    snprintf(dest, destsz, "%s", to.id);
    snprintf(dest_name, namesz, "%s", to.name);
    return true;
}

bool station_remove(struct app *app, const struct station *s, char *msg, size_t msgsz, bool *error)
{
    char question[512], dest[LL_ID_LEN] = "", dest_name[128] = "";
    struct ll_error err = {0};
    const char *move_to = NULL;
    msg[0] = '\0';
    *error = false;
    /* a station's PC deletes no station, not even its own: asked as for one not its own */
    char own_township[LL_ID_LEN], own_station[LL_ID_LEN];
    sync_own_scope(app->db, own_township, own_station);
    const char *why = guard_why(app->db, "station", s->township_id, own_station[0] ? "" : s->id);
    if (why != NULL) {
        snprintf(msg, msgsz, "%s", why);
        *error = true;
        return false;
    }
    struct station_links links = {0};
    if (station_links_count(app->db, s, &links, &err) != LL_OK) {
        snprintf(msg, msgsz, "%s", err.msg);
        *error = true;
        return false;
    }
    if (links.ledger_entries || links.problems) { /* the model refuses: say so before asking */
        snprintf(msg, msgsz,
                 _("联络站「%s」有 %d 条台账、%d 个群众反映的问题，不能删除（这些记录不能丢失）。"
                   "联络站撤并时，请改它的名称或备注。"),
                 s->name, links.ledger_entries, links.problems);
        *error = true;
        return false;
    }
    /* every thing that goes or comes loose with the station, said before it happens */
    char parts[3][256];
    int nparts = 0;
    snprintf(parts[nparts++], sizeof parts[0],
             links.volunteers ? _("它的六有记录和 %d 名志愿者也一并删除")
                              : _("它的六有记录也一并删除"),
             links.volunteers);
    if (links.groups)
        snprintf(parts[nparts++], sizeof parts[0], _("%d 个代表小组将不属于任何联络站"),
                 links.groups);
    if (links.area_stations)
        snprintf(parts[nparts++], sizeof parts[0],
                 _("本乡镇 %d 个片区联络站将没有上级中心联络站，直到另设一个"),
                 links.area_stations);
    snprintf(question, sizeof question, _("确定删除联络站 %s 吗？"), s->name);
    for (int i = 0; i < nparts; i++) {
        size_t len = strlen(question);
        snprintf(question + len, sizeof question - len, "%s%s", i ? _("；") : "", parts[i]);
    }
    size_t len = strlen(question);
    snprintf(question + len, sizeof question - len, "%s", _("。"));
    if (!dialog_confirm(question))
        return false;
    if (s->deputy_count > 0) {
        if (!ask_destination(app, s, s->deputy_count, dest, sizeof dest, dest_name,
                             sizeof dest_name))
            return false;
        move_to = dest;
    }
    enum ll_status rc = station_delete(app->db, s->id, move_to, &err);
    if (rc == LL_ECONFLICT && move_to == NULL) {
        /* deputies were assigned since the list was read: ask now */
        dialog_message(err.msg);
        if (!ask_destination(app, s, 0, dest, sizeof dest, dest_name, sizeof dest_name))
            return false;
        move_to = dest;
        rc = station_delete(app->db, s->id, move_to, &err);
    }
    if (rc != LL_OK) {
        snprintf(msg, msgsz, "%s", err.msg);
        *error = true;
        return false;
    }
    if (move_to && move_to[0])
        snprintf(msg, msgsz, _("已删除联络站 %s，代表已转到 %s。"), s->name, dest_name);
    else if (move_to)
        snprintf(msg, msgsz, _("已删除联络站 %s，代表改为未分配联络站。"), s->name);
    else
        snprintf(msg, msgsz, _("已删除联络站 %s。"), s->name);
    return true;
}

/* ---- the list ---------------------------------------------------------------------------- */

struct station_screen {
    struct app *app;
    struct station_filter filter;
    char township_name[64];
};

static const struct station *row_station(const void *row)
{
    return row;
}

static void col_kind(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", station_kind_short(row_station(row)->kind));
}

static void col_haves(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%d/%d", row_station(row)->haves_done, STATION_HAVE_COUNT);
}

static const struct lv_column station_columns[] = {
    {N_("乡镇"), 10, TEXT_LEFT, LV_TEXT_OF(struct station, township_name)},
    {N_("类型"), 4, TEXT_LEFT, .get = col_kind},
    {N_("名称"), 0, TEXT_LEFT, LV_TEXT_OF(struct station, name)},
    {N_("村（社区）"), 10, TEXT_LEFT, LV_TEXT_OF(struct station, village)},
    {N_("管理员"), 8, TEXT_LEFT, LV_TEXT_OF(struct station, admin_name)},
    {N_("代表数"), 6, TEXT_RIGHT, LV_INT_OF(struct station, deputy_count)},
    {N_("六有"), 4, TEXT_RIGHT, .get = col_haves},
};

static enum ll_status station_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                    void *rows, int *count, struct ll_error *err)
{
    struct station_screen *sc = ctx;
    return station_list(sc->app->db, &sc->filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status station_counter(void *ctx, int *count, struct ll_error *err)
{
    struct station_screen *sc = ctx;
    return station_count(sc->app->db, &sc->filter, count, err);
}

static int station_open(struct listview *lv, void *row)
{
    struct station_screen *sc = lv->ctx;
    char key[LL_KEY_LEN];
    if (station_edit(sc->app, row_station(row)->id, "", key, sizeof key)) {
        listview_focus(lv, key);
        listview_message(lv, false, "%s", _("已保存。"));
    }
    return KR_STAY;
}

static int station_add(struct listview *lv)
{
    struct station_screen *sc = lv->ctx;
    char key[LL_KEY_LEN];
    if (!guard_list(lv, sc->app->db, "station", sc->filter.township_id, ""))
        return KR_STAY;
    if (station_edit(sc->app, "", sc->filter.township_id, key, sizeof key)) {
        listview_focus(lv, key);
        listview_message(lv, false, "%s", _("已保存。"));
    }
    return KR_STAY;
}

static int station_remove_row(struct listview *lv, void *row)
{
    struct station_screen *sc = lv->ctx;
    char msg[512];
    bool error;
    station_remove(sc->app, row, msg, sizeof msg, &error);
    if (msg[0])
        listview_message(lv, error, "%s", msg);
    return KR_STAY;
}

static char *station_search(struct listview *lv, size_t *size)
{
    struct station_screen *sc = lv->ctx;
    *size = sizeof sc->filter.search;
    return sc->filter.search;
}

static bool station_describe(struct listview *lv, char *buf, size_t size)
{
    struct station_screen *sc = lv->ctx;
    int n = snprintf(buf, size, _("乡镇：%s"),
                     sc->filter.township_id[0] ? sc->township_name : _("全部"));
    if (sc->filter.search[0] && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, _("  搜索：%s"), sc->filter.search);
    return sc->filter.township_id[0] || sc->filter.search[0];
}

static int station_filter_township(void *self)
{
    struct listview *lv = self;
    struct station_screen *sc = lv->ctx;
    if (pick_township(sc->app, true, false, sc->filter.township_id, sizeof sc->filter.township_id,
                      sc->township_name, sizeof sc->township_name))
        listview_reload_first(lv);
    return KR_STAY;
}

static int station_volunteers(void *self)
{
    struct listview *lv = self;
    struct station_screen *sc = lv->ctx;
    const struct station *row = listview_current(lv);
    if (row) {
        struct station s = *row; /* the list's rows may be refetched meanwhile */
        volunteer_list_screen(sc->app, &s);
    }
    return KR_STAY;
}

static int station_show_page(void *self)
{
    struct listview *lv = self;
    struct station_screen *sc = lv->ctx;
    const struct station *row = listview_current(lv);
    if (row) {
        char id[LL_ID_LEN];
        snprintf(id, sizeof id, "%s", row->id);
        station_page(sc->app, id);
        listview_reload(lv);
    }
    return KR_STAY;
}

static const struct key_handler station_keys[] = {
    {ACT_PAGE, station_show_page, NULL, true, N_("联络站主页：六有情况、今年的台账和未办结的问题"),
     NULL},
    {ACT_FILTER_TOWNSHIP, station_filter_township, NULL, true, NULL, NULL},
    {ACT_VOLUNTEERS, station_volunteers, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def station_list_def = {
    .title = N_("联络站网络"),
    .help =
        N_("本县（乡镇）的联络站网络：每个乡镇一个中心联络站，村（社区）设片区联络站。"
           "六有一栏是已达标的项数。按 t 只看一个乡镇，按 / 按名称、村或管理员搜索，"
           "按 v 管理该站的志愿者，按 i 看联络站主页（六有、台账和问题）。删除还有代表的联络站时，"
           "会先问代表转到哪里；有台账的联络站不能删除。"),
    .columns = station_columns,
    .ncolumns = (int)(sizeof station_columns / sizeof station_columns[0]),
    .row_size = sizeof(struct station),
    .key_offset = offsetof(struct station, sort_key),
    .fetch = station_fetch,
    .count = station_counter,
    .open = station_open,
    .add = station_add,
    .remove = station_remove_row,
    .search_text = station_search,
    .describe_filter = station_describe,
    .keys = station_keys,
};

void station_list_screen(struct app *app)
{
    struct station_screen sc = {.app = app};
    station_filter_init(&sc.filter);
    listview_run(&station_list_def, &sc);
}
