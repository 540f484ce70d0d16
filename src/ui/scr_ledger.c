/* 联络站台账: the ledger list (per station and period, filtered by kind, deputy and text) and
 * the form of an entry. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/io.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define LF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct ledger_entry, m),                                        \
    .size = MEMBER_SIZE(struct ledger_entry, m)

struct ledger_screen {
    struct list_place place; /* first: the shared station, township and period keys use it */
    struct app *app;
    struct ledger_filter filter; /* its station, township and period come from place */
    char deputy_name[64];
    char last_station_id[LL_ID_LEN]; /* where the last entry was recorded: the next's default */
    char last_station_name[128];
};

/* ---- the form ---------------------------------------------------------------------------- */

static const char *kind_choice(int i)
{
    return ledger_kind_label((enum ledger_kind)i);
}

static bool ledger_pick_station(void *ctx, void *rec)
{
    struct ledger_screen *ls = ctx;
    struct ledger_entry *e = rec;
    struct station s;
    if (!pick_station(ls->app, "", -1, NULL, _("选择联络站"), &s))
        return false;
    if (strcmp(s.id, e->station_id) != 0) { /* the deputies present were the other station's */
        snprintf(e->station_id, sizeof e->station_id, "%s", s.id);
        snprintf(e->station_name, sizeof e->station_name, "%s", s.name);
        struct ll_error err = {0};
        if (ledger_last_deputies(ls->app->db, s.id, e, &err) != LL_OK)
            dialog_message(err.msg); /* the deputies are then chosen by hand */
    }
    return true;
}

static bool ledger_pick_deputies(void *ctx, void *rec)
{
    struct ledger_screen *ls = ctx;
    struct ledger_entry *e = rec;
    if (!e->station_id[0]) {
        dialog_message(_("请先选择联络站。"));
        return false;
    }
    return pick_present_deputies(ls->app, e);
}

static void ledger_unpick_deputies(void *ctx, void *rec)
{
    (void)ctx;
    struct ledger_entry *e = rec;
    e->ndeputies = 0;
    e->deputy_names[0] = '\0';
}

static const struct form_field ledger_fields[] = {
    {.name = "station_id",
     .label = N_("联络站"),
     .type = FIELD_PICK,
     .required = true,
     .offset = offsetof(struct ledger_entry, station_id),
     .size = LL_ID_LEN,
     .name_offset = offsetof(struct ledger_entry, station_name),
     .name_size = MEMBER_SIZE(struct ledger_entry, station_name),
     .pick = ledger_pick_station},
    {LF(kind), .label = N_("活动类型"), .type = FIELD_CHOICE, .place = PLACE_HALF, .required = true,
     .nchoices = LEDGER_KIND_COUNT, .choice_label = kind_choice},
    {LF(date), .label = N_("日期"), .type = FIELD_TEXT, .place = PLACE_HALF, .required = true,
     .halfwidth = true, .max_chars = 16, .hint = N_("如 2026-03-15，也可写 2026/3/15")},
    {LF(time), .label = N_("时间"), .type = FIELD_TEXT, .place = PLACE_HALF, .halfwidth = true,
     .max_chars = 8, .hint = N_("如 9:30，可不填")},
    {LF(people), .label = N_("接待人次"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .halfwidth = true, .max_chars = 5, .hint = N_("接待群众的人次，没有接待填 0")},
    {LF(place), .label = N_("地点"), .type = FIELD_TEXT, .max_chars = 40},
    {.name = "deputy_names",
     .label = N_("到场代表"),
     .type = FIELD_PICK,
     .required = true,
     .offset = offsetof(struct ledger_entry, deputy_names),
     .size = MEMBER_SIZE(struct ledger_entry, deputy_names),
     .name_offset = offsetof(struct ledger_entry, deputy_names),
     .name_size = MEMBER_SIZE(struct ledger_entry, deputy_names),
     .pick = ledger_pick_deputies,
     .unpick = ledger_unpick_deputies,
     .hint = N_("按 Enter 勾选到场的代表（默认是本站上次到场的代表）")},
    {LF(summary), .label = N_("内容摘要"), .type = FIELD_TEXT, .required = true, .max_chars = 300,
     .lines = 5, .hint = N_("做了什么、群众反映了什么（最多 300 字）；反映的问题另按 p 逐条登记")},
};

static enum ll_status ledger_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct ledger_screen *ls = ctx;
    return ledger_save(ls->app->db, rec, err);
}

static const struct form_def ledger_form = {
    .help = N_("一条台账：联络站的一次活动。活动类型、日期、到场代表和内容摘要必填。"
               "新建时默认今天、本站和本站上次到场的代表。群众当场反映的问题，"
               "保存后在台账列表中按 p 逐条登记，以便跟踪办理。"),
    .fields = ledger_fields,
    .nfields = (int)(sizeof ledger_fields / sizeof ledger_fields[0]),
    .rec_size = sizeof(struct ledger_entry),
    .save = ledger_form_save,
};

/* Runs the form on e; on save, focuses the list on it. */
static bool ledger_edit(struct listview *lv, struct ledger_entry *e, const char *title)
{
    struct ledger_screen *ls = lv->ctx;
    const char *why = e->id[0] ? guard_why(ls->app->db, "ledger_entry", "", e->station_id)
                               : NULL; /* a new one: ledger_add asked */
    if (!guard_form_run(&ledger_form, ls, e, title, why))
        return false;
    snprintf(ls->last_station_id, sizeof ls->last_station_id, "%s", e->station_id);
    snprintf(ls->last_station_name, sizeof ls->last_station_name, "%s", e->station_name);
    struct ledger_entry fresh;
    struct ll_error err = {0};
    if (ledger_get(ls->app->db, e->id, &fresh, &err) == LL_OK)
        listview_focus(lv, fresh.sort_key);
    return true;
}

static int ledger_open(struct listview *lv, void *row)
{
    struct ledger_screen *ls = lv->ctx;
    struct ledger_entry e;
    struct ll_error err = {0};
    if (ledger_get(ls->app->db, ((struct ledger_entry *)row)->id, &e, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char title[256];
    snprintf(title, sizeof title, _("台账：%s %s %s"), e.station_name, e.date,
             ledger_kind_label(e.kind));
    if (ledger_edit(lv, &e, title))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

static int ledger_add(struct listview *lv)
{
    struct ledger_screen *ls = lv->ctx;
    struct ledger_entry e;
    ledger_init(&e);
    struct station s;
    if (ls->place.station_id[0]) {
        snprintf(e.station_id, sizeof e.station_id, "%s", ls->place.station_id);
        snprintf(e.station_name, sizeof e.station_name, "%s", ls->place.station_name);
    } else if (ls->last_station_id[0]) {
        snprintf(e.station_id, sizeof e.station_id, "%s", ls->last_station_id);
        snprintf(e.station_name, sizeof e.station_name, "%s", ls->last_station_name);
    } else if (station_of_site(ls->app, &s)) {
        snprintf(e.station_id, sizeof e.station_id, "%s", s.id);
        snprintf(e.station_name, sizeof e.station_name, "%s", s.name);
    }
    if (!guard_list(lv, ls->app->db, "ledger_entry", "", e.station_id))
        return KR_STAY;
    struct ll_error err = {0};
    if (e.station_id[0])
        if (ledger_last_deputies(ls->app->db, e.station_id, &e, &err) != LL_OK)
            dialog_message(err.msg);
    if (ledger_edit(lv, &e, _("台账：新建")))
        listview_message(lv, false, "%s",
                         e.kind == LEDGER_RECEPTION ? _("已保存。群众反映的问题请按 p 逐条登记。")
                                                    : _("已保存。"));
    return KR_STAY;
}

static int ledger_remove(struct listview *lv, void *row)
{
    struct ledger_screen *ls = lv->ctx;
    const struct ledger_entry *e = row;
    char question[512];
    if (!guard_list(lv, ls->app->db, "ledger_entry", "", e->station_id))
        return KR_STAY;
    snprintf(question, sizeof question,
             e->problem_count ? _("确定删除 %s %s 的这条台账吗？当时登记的 %d 个问题会保留。")
                              : _("确定删除 %s %s 的这条台账吗？"),
             e->date, ledger_kind_label(e->kind), e->problem_count);
    if (!dialog_confirm(question))
        return KR_STAY;
    struct ll_error err = {0};
    if (ledger_delete(ls->app->db, e->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除 %s 的台账。"), e->date);
    return KR_STAY;
}

/* ---- the list ---------------------------------------------------------------------------- */

static void col_station(const void *row, char *buf, size_t size)
{
    char shortname[128];
    snprintf(buf, size, "%s",
             station_short_name(((const struct ledger_entry *)row)->station_name, shortname,
                                sizeof shortname));
}

static void col_kind(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ledger_kind_label(((const struct ledger_entry *)row)->kind));
}

static void col_people(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ((const struct ledger_entry *)row)->people);
}

static void col_problems(const void *row, char *buf, size_t size)
{
    int n = ((const struct ledger_entry *)row)->problem_count;
    snprintf(buf, size, n ? "%d" : "", n);
}

static const struct lv_column ledger_columns[] = {
    {N_("日期"), 10, TEXT_LEFT, LV_TEXT_OF(struct ledger_entry, date)},
    {N_("类型"), 9, TEXT_LEFT, .get = col_kind},
    {N_("联络站"), 12, TEXT_LEFT, .get = col_station},
    {N_("到场代表"), 12, TEXT_LEFT, LV_TEXT_OF(struct ledger_entry, deputy_names)},
    {N_("人次"), 5, TEXT_RIGHT, .get = col_people},
    {N_("问题"), 4, TEXT_RIGHT, .get = col_problems},
    {N_("内容摘要"), 0, TEXT_LEFT, LV_TEXT_OF(struct ledger_entry, summary)},
};

/* The model's filter with the place and period in force. */
static const struct ledger_filter *ledger_filter_now(struct ledger_screen *ls)
{
    struct ledger_filter *f = &ls->filter;
    list_place_apply(&ls->place, f->township_id, f->station_id, f->from, f->to);
    return f;
}

static enum ll_status ledger_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                   void *rows, int *count, struct ll_error *err)
{
    struct ledger_screen *ls = ctx;
    ledger_filter_now(ls);
    return ledger_list(ls->app->db, &ls->filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status ledger_counter(void *ctx, int *count, struct ll_error *err)
{
    struct ledger_screen *ls = ctx;
    ledger_filter_now(ls);
    return ledger_count(ls->app->db, &ls->filter, count, err);
}

static char *ledger_search_text(struct listview *lv, size_t *size)
{
    struct ledger_screen *ls = lv->ctx;
    *size = sizeof ls->filter.search;
    return ls->filter.search;
}

static void ledger_title(struct listview *lv, char *buf, size_t size)
{
    struct ledger_screen *ls = lv->ctx;
    list_place_title(&ls->place, _("联络站台账"), buf, size);
}

static bool ledger_describe(struct listview *lv, char *buf, size_t size)
{
    struct ledger_screen *ls = lv->ctx;
    const struct ledger_filter *f = &ls->filter;
    buf[0] = '\0';
    if (f->kind >= 0)
        text_append(buf, size, _("类型：%s  "), ledger_kind_label((enum ledger_kind)f->kind));
    if (f->deputy_id[0])
        text_append(buf, size, _("代表：%s  "), ls->deputy_name);
    if (f->search[0])
        text_append(buf, size, _("搜索：%s  "), f->search);
    return f->kind >= 0 || f->deputy_id[0] || f->search[0];
}

static int ledger_filter_kind(void *self)
{
    struct listview *lv = self;
    struct ledger_screen *ls = lv->ctx;
    const char *items[LEDGER_KIND_COUNT + 1];
    items[0] = _("全部类型");
    for (int i = 0; i < LEDGER_KIND_COUNT; i++)
        items[i + 1] = ledger_kind_label((enum ledger_kind)i);
    int r = dialog_choose(_("按活动类型查看"), items, LEDGER_KIND_COUNT + 1, ls->filter.kind + 1);
    if (r >= 0) {
        ls->filter.kind = r - 1;
        listview_reload_first(lv);
    }
    return KR_STAY;
}

static int ledger_filter_deputy(void *self)
{
    struct listview *lv = self;
    struct ledger_screen *ls = lv->ctx;
    if (deputy_filter_ask(ls->app, ls->place.township_id, ls->filter.deputy_id, ls->deputy_name,
                          sizeof ls->deputy_name))
        listview_reload_first(lv);
    return KR_STAY;
}

static int ledger_clear(void *self)
{
    struct listview *lv = self;
    struct ledger_screen *ls = lv->ctx;
    ls->filter.kind = -1;
    ls->filter.deputy_id[0] = '\0';
    ls->filter.search[0] = '\0';
    listview_reload_first(lv);
    return KR_STAY;
}

static int ledger_problems(void *self)
{
    struct listview *lv = self;
    struct ledger_screen *ls = lv->ctx;
    struct ledger_entry *row = listview_current(lv), e;
    struct ll_error err = {0};
    if (!row)
        return KR_STAY;
    if (ledger_get(ls->app->db, row->id, &e, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    problem_list_screen(ls->app, NULL, &e, false);
    listview_reload(lv);
    return KR_STAY;
}

static enum ll_status ledger_write(void *ctx, FILE *out, int *rows, struct ll_error *err)
{
    struct ledger_screen *ls = ctx;
    return print_ledger_html(ls->app->db, ls->place.station_id, ls->place.period.from,
                             ls->place.period.to, out, rows, err);
}

/* The paper ledger of the station for the period: an HTML page laid out for A4. */
static int ledger_print(void *self)
{
    struct listview *lv = self;
    struct ledger_screen *ls = lv->ctx;
    if (!ls->place.station_id[0]) {
        listview_message(lv, true, "%s", _("打印台账要先按 s 选定一个联络站。"));
        return KR_STAY;
    }
    char name[256], shortname[128], msg[1200];
    bool error;
    snprintf(name, sizeof name, _("台账-%s-%s.html"),
             station_short_name(ls->place.station_name, shortname, sizeof shortname),
             ls->place.period.text[0] ? ls->place.period.text : _("全部"));
    if (write_file_asked(name, ledger_write, ls, msg, sizeof msg, &error))
        listview_message(lv, false, _("%s。用浏览器打开，按 A4 打印。"), msg);
    else if (error)
        listview_message(lv, true, "%s", msg);
    return KR_STAY;
}

static const struct key_handler ledger_keys[] = {
    {ACT_PROBLEMS, ledger_problems, N_("问题"), true, N_("登记和查看这次活动中群众反映的问题"),
     NULL},
    {ACT_FILTER_PERIOD, list_place_period, N_("期间"), true,
     N_("只看某年、某月或某天的台账（默认今年）"), NULL},
    {ACT_FILTER_STATION, list_place_station, N_("联络站"), true, N_("只看一个联络站的台账"), NULL},
    {ACT_FILTER_KIND, ledger_filter_kind, N_("类型"), true, N_("只看一种活动"), NULL},
    {ACT_FILTER_DEPUTY, ledger_filter_deputy, N_("代表"), false, N_("只看某位代表到场的活动"),
     NULL},
    {ACT_FILTER_TOWNSHIP, list_place_township, N_("乡镇"), false, N_("只看一个乡镇各站的台账"),
     NULL},
    {ACT_PRINT, ledger_print, N_("打印"), false,
     N_("把这个联络站这段时间的台账写成可打印的页面（HTML，A4），用浏览器打开打印"), NULL},
    {ACT_CLEAR, ledger_clear, N_("全部"), false, N_("取消类型、代表和搜索的筛选"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def ledger_list_def = {
    .title = N_("联络站台账"),
    .help = N_("联络站的活动台账，按日期排列，最新的在最下面。a 新建一条，Enter 查看或修改，"
               "p 登记这次活动中群众反映的问题。m 按年、月筛选，s 按联络站，k 按活动类型，"
               "r 按代表，t 按乡镇，c 取消筛选，w 打印本站这段时间的台账。按 / "
               "搜索：内容摘要、地点或代表姓名中的字，"
               "也可输入代表姓名的拼音首字母（如 zs 找到张三到场的活动）。"),
    .columns = ledger_columns,
    .ncolumns = (int)(sizeof ledger_columns / sizeof ledger_columns[0]),
    .row_size = sizeof(struct ledger_entry),
    .key_offset = offsetof(struct ledger_entry, sort_key),
    .fetch = ledger_fetch,
    .count = ledger_counter,
    .open = ledger_open,
    .add = ledger_add,
    .remove = ledger_remove,
    .search_text = ledger_search_text,
    .search_prompt = N_("搜索（摘要、地点中的字，或代表姓名、拼音首字母）："),
    .describe_filter = ledger_describe,
    .make_title = ledger_title,
    .start_at_end = true,
    .empty = N_("这段时间没有台账。按 a 新建，按 m 换一个期间。"),
    .keys = ledger_keys,
};

void ledger_list_screen(struct app *app, const struct station *s, const struct period *p)
{
    struct ledger_screen ls = {.app = app};
    struct period year;
    period_this_year(&year);
    list_place_init(&ls.place, app, s, p ? p : &year);
    ledger_filter_init(&ls.filter);
    listview_run(&ledger_list_def, &ls);
}

void ledger_main_screen(struct app *app)
{
    struct station s;
    ledger_list_screen(app, station_of_site(app, &s) ? &s : NULL, NULL);
}
