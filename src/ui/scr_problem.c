/* 群众反映的问题: the problem list (by status, station, unit, overdue), the form of a problem,
 * moving it along (办理) and its history (经过). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"
#include "ui/term.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)

struct problem_screen {
    struct list_place place; /* first: the shared station, township and period keys use it */
    struct app *app;
    struct problem_filter filter;     /* its station, township and period come from place */
    const struct ledger_entry *entry; /* the problems of one ledger entry */
};

/* What the problem form edits: the problem and a line on where it stands. */
struct problem_record {
    struct problem p;
    char standing[160];
};

#define PF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct problem_record, p.m),                                    \
    .size = MEMBER_SIZE(struct problem, m)

static const char *category_choice(int i)
{
    return problem_category_label((enum problem_category)i);
}

static const char *feedback_choice(int i)
{
    return problem_feedback_label((enum problem_feedback)i);
}

static bool problem_pick_station(void *ctx, void *rec)
{
    struct problem_screen *ps = ctx;
    struct problem *p = &((struct problem_record *)rec)->p;
    struct station s;
    if (!pick_station(ps->app, "", -1, NULL, _("选择联络站"), &s))
        return false;
    snprintf(p->station_id, sizeof p->station_id, "%s", s.id);
    snprintf(p->station_name, sizeof p->station_name, "%s", s.name);
    return true;
}

static bool problem_pick_deputy(void *ctx, void *rec)
{
    struct problem_screen *ps = ctx;
    struct problem *p = &((struct problem_record *)rec)->p;
    struct deputy d;
    if (!pick_deputy(ps->app, "", &d))
        return false;
    snprintf(p->deputy_id, sizeof p->deputy_id, "%s", d.id);
    snprintf(p->deputy_name, sizeof p->deputy_name, "%s", d.name);
    return true;
}

static const struct form_field problem_fields[] = {
    {.name = "station_id",
     .label = N_("联络站"),
     .type = FIELD_PICK,
     .required = true,
     .offset = offsetof(struct problem_record, p.station_id),
     .size = LL_ID_LEN,
     .name_offset = offsetof(struct problem_record, p.station_name),
     .name_size = MEMBER_SIZE(struct problem, station_name),
     .pick = problem_pick_station},
    {PF(raised_on), .label = N_("反映日期"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .required = true, .halfwidth = true, .max_chars = 16},
    {PF(category), .label = N_("类别"), .type = FIELD_CHOICE, .place = PLACE_HALF,
     .nchoices = PROBLEM_CATEGORY_COUNT, .choice_label = category_choice},
    {PF(raiser_name), .label = N_("反映人"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .max_chars = 20, .hint = N_("可不填；群众的姓名和电话只在这里显示，不导出")},
    {PF(raiser_phone), .label = N_("电话"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .halfwidth = true, .max_chars = 20, .hint = N_("可不填，回访时用")},
    {PF(raiser_village), .label = N_("村（社区）"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .max_chars = 20},
    {.name = "deputy_name",
     .label = N_("承办代表"),
     .type = FIELD_PICK,
     .place = PLACE_HALF,
     .offset = offsetof(struct problem_record, p.deputy_id),
     .size = LL_ID_LEN,
     .name_offset = offsetof(struct problem_record, p.deputy_name),
     .name_size = MEMBER_SIZE(struct problem, deputy_name),
     .pick = problem_pick_deputy,
     .hint = N_("接下这个问题、跟踪办理的代表")},
    {PF(description), .label = N_("反映的问题"), .type = FIELD_TEXT, .required = true,
     .max_chars = 300, .lines = 3},
    {PF(unit), .label = N_("交办单位"), .type = FIELD_TEXT, .max_chars = 40,
     .hint = N_("问题交给哪个单位办理，如 县交通运输局")},
    {PF(reply), .label = N_("答复群众"), .type = FIELD_TEXT, .max_chars = 300, .lines = 2,
     .hint = N_("给反映人的答复；办结时必填")},
    {PF(feedback), .label = N_("群众评价"), .type = FIELD_CHOICE,
     .nchoices = PROBLEM_FEEDBACK_COUNT, .choice_label = feedback_choice,
     .hint = N_("办结并答复后，反映人对办理结果的评价")},
    {.name = "status",
     .label = N_("办理状态"),
     .type = FIELD_INFO,
     .offset = offsetof(struct problem_record, standing),
     .size = MEMBER_SIZE(struct problem_record, standing)},
    {PF(note), .label = N_("备注"), .type = FIELD_TEXT, .max_chars = 200},
};

static enum ll_status problem_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct problem_screen *ps = ctx;
    return problem_save(ps->app->db, &((struct problem_record *)rec)->p, err);
}

static const struct form_def problem_form = {
    .help = N_("群众反映的一个问题。联络站、反映日期和问题内容必填；反映人的姓名和电话可不填。"
               "办理状态不在这里改：保存后在列表中按 x 办理（交办、办理中、办结），"
               "每次变更连同日期和说明记入办理经过（按 h 查看）。"),
    .fields = problem_fields,
    .nfields = (int)(sizeof problem_fields / sizeof problem_fields[0]),
    .rec_size = sizeof(struct problem_record),
    .save = problem_form_save,
};

static void problem_standing(const struct problem *p, char *out, size_t size)
{
    if (!p->id[0])
        snprintf(out, size, "%s", problem_status_label(PROBLEM_REGISTERED));
    else if (p->overdue)
        snprintf(out, size, _("%s（%s 起，已 %d 天无进展，超期）"), problem_status_label(p->status),
                 p->status_on, p->idle_days);
    else
        snprintf(out, size, _("%s（%s）"), problem_status_label(p->status), p->status_on);
}

static int overdue_days(const struct problem_screen *ps)
{
    return ps->app->cfg->overdue_days;
}

static bool problem_edit(struct listview *lv, struct problem_record *r, const char *title)
{
    struct problem_screen *ps = lv->ctx;
    problem_standing(&r->p, r->standing, sizeof r->standing);
    const char *why = r->p.id[0] ? guard_why(ps->app->db, "problem", "", r->p.station_id)
                                 : NULL; /* a new one: problem_add asked */
    if (!guard_form_run(&problem_form, ps, r, title, why))
        return false;
    struct problem fresh;
    struct ll_error err = {0};
    if (problem_get(ps->app->db, r->p.id, overdue_days(ps), &fresh, &err) == LL_OK)
        listview_focus(lv, fresh.sort_key);
    return true;
}

static int problem_open(struct listview *lv, void *row)
{
    struct problem_screen *ps = lv->ctx;
    struct problem_record r = {0};
    struct ll_error err = {0};
    if (problem_get(ps->app->db, ((struct problem *)row)->id, overdue_days(ps), &r.p, &err) !=
        LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char title[256];
    snprintf(title, sizeof title, _("群众反映的问题：%s %s"), r.p.station_name, r.p.raised_on);
    if (problem_edit(lv, &r, title))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

static int problem_add(struct listview *lv)
{
    struct problem_screen *ps = lv->ctx;
    struct problem_record r = {0};
    problem_init(&r.p);
    const struct ledger_entry *e = ps->entry;
    struct station s;
    struct ll_error err = {0};
    if (e) { /* raised at this entry: its station, its day, its first deputy */
        snprintf(r.p.entry_id, sizeof r.p.entry_id, "%s", e->id);
        snprintf(r.p.station_id, sizeof r.p.station_id, "%s", e->station_id);
        snprintf(r.p.station_name, sizeof r.p.station_name, "%s", e->station_name);
        snprintf(r.p.raised_on, sizeof r.p.raised_on, "%s", e->date);
        struct deputy d;
        /* the first deputy as the entry lists them (张明、李芳: 张明) who is still on the roster */
        const char *sep = strstr(e->deputy_names, "、");
        size_t first = sep ? (size_t)(sep - e->deputy_names) : strlen(e->deputy_names);
        for (int i = 0; i < e->ndeputies; i++) {
            if (deputy_get(ps->app->db, e->deputy_ids[i], &d, &err) != LL_OK)
                continue;
            bool listed_first =
                strlen(d.name) == first && strncmp(e->deputy_names, d.name, first) == 0;
            if (listed_first || !r.p.deputy_id[0]) {
                snprintf(r.p.deputy_id, sizeof r.p.deputy_id, "%s", d.id);
                snprintf(r.p.deputy_name, sizeof r.p.deputy_name, "%s", d.name);
            }
            if (listed_first)
                break;
        }
    } else if (ps->place.station_id[0]) {
        snprintf(r.p.station_id, sizeof r.p.station_id, "%s", ps->place.station_id);
        snprintf(r.p.station_name, sizeof r.p.station_name, "%s", ps->place.station_name);
    } else if (station_of_site(ps->app, &s)) {
        snprintf(r.p.station_id, sizeof r.p.station_id, "%s", s.id);
        snprintf(r.p.station_name, sizeof r.p.station_name, "%s", s.name);
    }
    if (!guard_list(lv, ps->app->db, "problem", "", r.p.station_id))
        return KR_STAY;
    if (problem_edit(lv, &r, _("群众反映的问题：新登记")))
        listview_message(lv, false, "%s", _("已登记。按 x 办理（交办、办结）。"));
    return KR_STAY;
}

static int problem_remove(struct listview *lv, void *row)
{
    struct problem_screen *ps = lv->ctx;
    const struct problem *p = row;
    char question[1600], desc[1024];
    if (!guard_list(lv, ps->app->db, "problem", "", p->station_id))
        return KR_STAY;
    snprintf(desc, sizeof desc, "%s", p->description);
    text_shorten(desc, sizeof desc, 30);
    snprintf(question, sizeof question,
             _("确定删除这个问题吗？「%s」连同它的办理经过将一并删除。只有登记错了才应删除。"),
             desc);
    if (!dialog_confirm(question))
        return KR_STAY;
    struct ll_error err = {0};
    if (problem_delete(ps->app->db, p->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, "%s", _("已删除这个问题。"));
    return KR_STAY;
}

/* ---- moving a problem along (办理) ------------------------------------------------------- */

struct progress {
    struct problem_screen *ps;
    struct problem *p;
    int to; /* index into the statuses allowed next */
    char date[24];
    char unit[128];
    char reply[1024];
    char note[512];
};

/* The statuses the problem being moved may go to (the form's choice labels read them). */
static enum problem_status next_statuses[PROBLEM_STATUS_COUNT];
static int next_count;

static const char *next_choice(int i)
{
    return i >= 0 && i < next_count ? problem_status_label(next_statuses[i]) : "";
}

static enum ll_status progress_save(void *ctx, void *rec, struct ll_error *err)
{
    (void)ctx;
    struct progress *g = rec;
    struct problem p = *g->p;
    snprintf(p.unit, sizeof p.unit, "%s", g->unit);
    snprintf(p.reply, sizeof p.reply, "%s", g->reply);
    if (problem_set_status(g->ps->app->db, &p, next_statuses[g->to], g->date, g->note, err) !=
        LL_OK)
        return err->status;
    *g->p = p;
    return LL_OK;
}

#define GF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct progress, m), .size = MEMBER_SIZE(struct progress, m)

static const struct form_field progress_fields[] = {
    {.name = "status",
     .label = N_("改为"),
     .type = FIELD_CHOICE,
     .required = true,
     .offset = offsetof(struct progress, to),
     .choice_label = next_choice,
     .hint = N_("左右方向键或 Enter 选择新的办理状态")},
    {GF(date), .label = N_("日期"), .type = FIELD_TEXT, .required = true, .halfwidth = true,
     .max_chars = 16, .hint = N_("这次办理的日期，默认今天")},
    {GF(unit), .label = N_("交办单位"), .type = FIELD_TEXT, .max_chars = 40,
     .hint = N_("交办时必填")},
    {GF(reply), .label = N_("答复群众"), .type = FIELD_TEXT, .max_chars = 300, .lines = 3,
     .hint = N_("办结（已解决、已解释说明、暂无法解决）时必填")},
    {GF(note), .label = N_("办理说明"), .type = FIELD_TEXT, .max_chars = 200,
     .hint = N_("记入办理经过；重新办理时必填原因")},
};

static struct form_def progress_form = {
    .help = N_("推进一个问题的办理：已登记、已交办、办理中，直到已解决、已解释说明或暂无法"
               "解决。状态只能向前推进，可以跳过中间步骤；已办结的问题可以重新办理。"
               "交办要写交办单位，办结要写给群众的答复。"),
    .fields = progress_fields,
    .nfields = (int)(sizeof progress_fields / sizeof progress_fields[0]),
    .rec_size = sizeof(struct progress),
    .save = progress_save,
};

static int problem_progress(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    struct problem *row = listview_current(lv), p;
    struct ll_error err = {0};
    if (!row || !guard_list(lv, ps->app->db, "problem", "", row->station_id))
        return KR_STAY;
    if (problem_get(ps->app->db, row->id, overdue_days(ps), &p, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    next_count = 0;
    for (int s = 0; s < PROBLEM_STATUS_COUNT; s++)
        if (problem_status_allowed(p.status, (enum problem_status)s))
            next_statuses[next_count++] = (enum problem_status)s;
    progress_form.fields = progress_fields;
    struct form_field fields[sizeof progress_fields / sizeof progress_fields[0]];
    memcpy(fields, progress_fields, sizeof fields);
    fields[0].nchoices = next_count;
    struct form_def def = progress_form;
    def.fields = fields;
    struct progress g = {.ps = ps, .p = &p};
    date_today(g.date);
    snprintf(g.unit, sizeof g.unit, "%s", p.unit);
    snprintf(g.reply, sizeof g.reply, "%s", p.reply);
    char title[1200], desc[1024];
    snprintf(desc, sizeof desc, "%s", p.description);
    text_shorten(desc, sizeof desc, 40);
    snprintf(title, sizeof title, _("办理（现为%s）：%s"), problem_status_label(p.status), desc);
    if (!form_run(&def, ps, &g, title))
        return KR_STAY;
    listview_focus(lv, p.sort_key);
    listview_reload(lv);
    listview_message(lv, false, _("已改为「%s」，记入办理经过。"), problem_status_label(p.status));
    return KR_STAY;
}

struct history_text {
    char text[4096];
    size_t used;
};

static int history_line(void *ctx, const struct problem_event *e)
{
    struct history_text *h = ctx;
    char line[1024];
    if (e->from == PROBLEM_STATUS_COUNT)
        snprintf(line, sizeof line, _("%s 登记"), e->on_date);
    else
        snprintf(line, sizeof line, _("%s %s 改为 %s"), e->on_date, problem_status_label(e->from),
                 problem_status_label(e->to));
    size_t n = strlen(line);
    if (e->note[0])
        snprintf(line + n, sizeof line - n, _("，%s"), e->note);
    n = strlen(line);
    if (e->operator_name[0])
        snprintf(line + n, sizeof line - n, _("（%s）"), e->operator_name);
    if (h->used < sizeof h->text)
        h->used += (size_t)snprintf(h->text + h->used, sizeof h->text - h->used, "%s%s",
                                    h->used ? "\n" : "", line);
    return 0;
}

static int problem_show_history(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    const struct problem *p = listview_current(lv);
    if (!p)
        return KR_STAY;
    struct history_text h = {.used = 0};
    h.used = (size_t)snprintf(h.text, sizeof h.text, _("办理经过："));
    struct ll_error err = {0};
    if (problem_history(ps->app->db, p->id, history_line, &h, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    if (p->reply[0] && h.used < sizeof h.text)
        snprintf(h.text + h.used, sizeof h.text - h.used, _("\n答复：%s"), p->reply);
    dialog_message(h.text);
    return KR_STAY;
}

/* ---- the list ---------------------------------------------------------------------------- */

static void col_station(const void *row, char *buf, size_t size)
{
    char shortname[128];
    snprintf(buf, size, "%s",
             station_short_name(((const struct problem *)row)->station_name, shortname,
                                sizeof shortname));
}

static void col_status(const void *row, char *buf, size_t size)
{
    const struct problem *p = row;
    snprintf(buf, size, p->overdue ? _("%s 超期") : "%s", problem_status_label(p->status));
}

static void col_category(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", problem_category_label(((const struct problem *)row)->category));
}

static attr_t problem_row_attr(const void *row)
{
    return ((const struct problem *)row)->overdue ? term_attr(COLOR_ERROR) : A_NORMAL;
}

static const struct lv_column problem_columns[] = {
    {N_("反映日期"), 10, TEXT_LEFT, LV_TEXT_OF(struct problem, raised_on)},
    {N_("状态"), 13, TEXT_LEFT, .get = col_status},
    {N_("联络站"), 12, TEXT_LEFT, .get = col_station},
    {N_("类别"), 8, TEXT_LEFT, .get = col_category},
    {N_("交办单位"), 10, TEXT_LEFT, LV_TEXT_OF(struct problem, unit)},
    {N_("反映的问题"), 0, TEXT_LEFT, LV_TEXT_OF(struct problem, description)},
};

/* The model's filter with the place and period in force. */
static void problem_filter_now(struct problem_screen *ps)
{
    struct problem_filter *f = &ps->filter;
    list_place_apply(&ps->place, f->township_id, f->station_id, f->from, f->to);
}

static enum ll_status problem_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                    void *rows, int *count, struct ll_error *err)
{
    struct problem_screen *ps = ctx;
    problem_filter_now(ps);
    return problem_list(ps->app->db, &ps->filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status problem_counter(void *ctx, int *count, struct ll_error *err)
{
    struct problem_screen *ps = ctx;
    problem_filter_now(ps);
    return problem_count(ps->app->db, &ps->filter, count, err);
}

static char *problem_search_text(struct listview *lv, size_t *size)
{
    struct problem_screen *ps = lv->ctx;
    *size = sizeof ps->filter.search;
    return ps->filter.search;
}

static const char *status_filter_label(int status)
{
    switch (status) {
    case PSF_ALL:
        return _("全部状态");
    case PSF_OPEN:
        return _("未办结");
    case PSF_CLOSED:
        return _("已办结");
    default:
        return problem_status_label((enum problem_status)status);
    }
}

static void problem_title(struct listview *lv, char *buf, size_t size)
{
    struct problem_screen *ps = lv->ctx;
    if (ps->entry) {
        char when[48];
        snprintf(when, sizeof when, "%s%s%s", ps->entry->date, ps->entry->time[0] ? " " : "",
                 ps->entry->time);
        snprintf(buf, size, _("群众反映的问题：%s %s %s"), ps->entry->station_name, when,
                 ledger_kind_label(ps->entry->kind));
    } else
        list_place_title(&ps->place, _("群众反映的问题"), buf, size);
}

static bool problem_describe(struct listview *lv, char *buf, size_t size)
{
    struct problem_screen *ps = lv->ctx;
    const struct problem_filter *f = &ps->filter;
    buf[0] = '\0';
    if (f->status != PSF_ALL)
        text_append(buf, size, "%s  ", status_filter_label(f->status));
    if (f->overdue_only)
        text_append(buf, size, _("超期（%d 天无进展）  "), f->overdue_days);
    if (f->unit[0])
        text_append(buf, size, _("单位：%s  "), f->unit);
    if (f->search[0])
        text_append(buf, size, _("搜索：%s  "), f->search);
    return f->status != PSF_ALL || f->overdue_only || f->unit[0] || f->search[0];
}

static int problem_filter_status(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    int values[PROBLEM_STATUS_COUNT + 3] = {PSF_ALL, PSF_OPEN, PSF_CLOSED};
    const char *items[PROBLEM_STATUS_COUNT + 3];
    int n = 3, initial = 0;
    for (int s = 0; s < PROBLEM_STATUS_COUNT; s++)
        values[n++] = s;
    for (int i = 0; i < n; i++) {
        items[i] = status_filter_label(values[i]);
        if (values[i] == ps->filter.status)
            initial = i;
    }
    int r = dialog_choose(_("按办理状态查看"), items, n, initial);
    if (r >= 0) {
        ps->filter.status = values[r];
        listview_reload_first(lv);
    }
    return KR_STAY;
}

static int problem_filter_overdue(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    ps->filter.overdue_only = !ps->filter.overdue_only;
    listview_reload_first(lv);
    return KR_STAY;
}

static int problem_filter_unit(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    char text[64];
    snprintf(text, sizeof text, "%s", ps->filter.unit);
    if (!dialog_prompt(_("交办单位（名称中的字，留空为全部）："), text, sizeof text, 20))
        return KR_STAY;
    snprintf(ps->filter.unit, sizeof ps->filter.unit, "%s", text);
    listview_reload_first(lv);
    return KR_STAY;
}

static int problem_clear(void *self)
{
    struct listview *lv = self;
    struct problem_screen *ps = lv->ctx;
    ps->filter.status = PSF_ALL;
    ps->filter.overdue_only = false;
    ps->filter.unit[0] = ps->filter.search[0] = '\0';
    listview_reload_first(lv);
    return KR_STAY;
}

static const struct key_handler problem_keys[] = {
    {ACT_PROGRESS, problem_progress, N_("办理"), true,
     N_("推进办理：交办、办理中、办结，或重新办理"), NULL},
    {ACT_HISTORY, problem_show_history, N_("经过"), true, N_("查看办理经过"), NULL},
    {ACT_FILTER_STATUS, problem_filter_status, N_("状态"), true, N_("按办理状态筛选"), NULL},
    {ACT_FILTER_OVERDUE, problem_filter_overdue, N_("超期"), true,
     N_("只看超期未办结的问题（再按一次取消）"), NULL},
    {ACT_FILTER_PERIOD, list_place_period, N_("期间"), false, N_("只看某年、某月或某天反映的问题"),
     NULL},
    {ACT_FILTER_STATION, list_place_station, N_("联络站"), false, N_("只看一个联络站的问题"), NULL},
    {ACT_FILTER_TOWNSHIP, list_place_township, N_("乡镇"), false, N_("只看一个乡镇各站的问题"),
     NULL},
    {ACT_FILTER_UNIT, problem_filter_unit, N_("单位"), false, N_("只看交给某个单位办理的问题"),
     NULL},
    {ACT_CLEAR, problem_clear, N_("全部"), false, N_("取消状态、超期、单位和搜索的筛选"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def problem_list_def = {
    .title = N_("群众反映的问题"),
    .help = N_("群众在联络站反映的问题，按反映日期排列，最新的在最下面；超期未办结的（多少天"
               "无进展算超期，见配置文件 [ledger] overdue_days）标为红色。a 登记，Enter 查看或"
               "修改，x 办理，h 办理经过。z 按状态，o 只看超期，m 按期间，s 按联络站，t 按乡镇，"
               "u 按交办单位，c 取消筛选。按 / 搜索问题、单位、答复中的字，或反映人、承办代表"
               "姓名的拼音首字母。"),
    .columns = problem_columns,
    .ncolumns = (int)(sizeof problem_columns / sizeof problem_columns[0]),
    .row_size = sizeof(struct problem),
    .key_offset = offsetof(struct problem, sort_key),
    .fetch = problem_fetch,
    .count = problem_counter,
    .open = problem_open,
    .add = problem_add,
    .remove = problem_remove,
    .search_text = problem_search_text,
    .search_prompt = N_("搜索（问题、单位、答复中的字，或姓名的拼音首字母）："),
    .describe_filter = problem_describe,
    .make_title = problem_title,
    .start_at_end = true,
    .row_attr = problem_row_attr,
    .empty = N_("没有问题。按 a 登记一个。"),
    .keys = problem_keys,
};

void problem_list_screen(struct app *app, const struct station *s, const struct ledger_entry *e,
                         bool open_only)
{
    struct problem_screen ps = {.app = app, .entry = e};
    list_place_init(&ps.place, app, e ? NULL : s, NULL);
    problem_filter_init(&ps.filter);
    ps.filter.overdue_days = app->cfg->overdue_days;
    if (e)
        snprintf(ps.filter.entry_id, sizeof ps.filter.entry_id, "%s", e->id);
    if (open_only)
        ps.filter.status = PSF_OPEN;
    listview_run(&problem_list_def, &ps);
}

void problem_main_screen(struct app *app)
{
    struct station s;
    problem_list_screen(app, station_of_site(app, &s) ? &s : NULL, NULL, false);
}
