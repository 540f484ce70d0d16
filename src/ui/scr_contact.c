/* 联系代表: the leaders' contacts with deputies (per township and period, filtered by mode,
 * deputy and text), the form of a contact, and the period's counts for the bulletin. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/contact.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/guard.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define CF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct contact, m), .size = MEMBER_SIZE(struct contact, m)

struct contact_screen {
    struct list_place place; /* first: the shared township and period keys use it */
    struct app *app;
    struct contact_filter filter; /* its township and period come from place */
    char deputy_name[64];
    /* the last contact saved: the leader of the next one is likely the same */
    char last_leader[64], last_post[128];
};

/* ---- the form ---------------------------------------------------------------------------- */

static const char *mode_choice(int i)
{
    return contact_mode_label((enum contact_mode)i);
}

static bool contact_pick_deputy(void *ctx, void *rec)
{
    struct contact_screen *cs = ctx;
    struct contact *c = rec;
    struct deputy d;
    if (!pick_deputy(cs->app, cs->place.township_id, &d))
        return false;
    snprintf(c->deputy_id, sizeof c->deputy_id, "%s", d.id);
    snprintf(c->deputy_name, sizeof c->deputy_name, "%s", d.name);
    return true;
}

static const struct form_field contact_fields[] = {
    {CF(leader_name), .label = N_("联系领导"), .type = FIELD_TEXT, .place = PLACE_HALF,
     .required = true, .max_chars = 20, .hint = N_("联系代表的领导的姓名")},
    {CF(leader_post), .label = N_("职务"), .type = FIELD_TEXT, .required = true, .max_chars = 40,
     .hint = N_("如 县人大常委会副主任、县交通运输局局长")},
    {.name = "deputy_id",
     .label = N_("代表"),
     .type = FIELD_PICK,
     .required = true,
     .offset = offsetof(struct contact, deputy_id),
     .size = LL_ID_LEN,
     .name_offset = offsetof(struct contact, deputy_name),
     .name_size = MEMBER_SIZE(struct contact, deputy_name),
     .pick = contact_pick_deputy,
     .hint = N_("按 Enter 从代表名册中选择（可按 / 搜索姓名或拼音首字母）")},
    {CF(date), .label = N_("日期"), .type = FIELD_TEXT, .place = PLACE_HALF, .required = true,
     .halfwidth = true, .max_chars = 16, .hint = N_("如 2026-03-15，也可写 2026/3/15")},
    {CF(mode), .label = N_("联系方式"), .type = FIELD_CHOICE, .place = PLACE_HALF, .required = true,
     .nchoices = CONTACT_MODE_COUNT, .choice_label = mode_choice},
    {CF(items), .label = N_("协调事项"), .type = FIELD_TEXT, .place = PLACE_HALF, .halfwidth = true,
     .max_chars = 4, .hint = N_("帮助协调解决的建议、意见和社情民意的条数，没有填 0")},
    {CF(content), .label = N_("联系内容"), .type = FIELD_TEXT, .required = true, .max_chars = 300,
     .lines = 5, .hint = N_("了解了什么情况，代表反映了什么意见，协调了什么（最多 300 字）")},
    {CF(note), .label = N_("备注"), .type = FIELD_TEXT, .max_chars = 200, .lines = 2},
};

static enum ll_status contact_form_save(void *ctx, void *rec, struct ll_error *err)
{
    struct contact_screen *cs = ctx;
    return contact_save(cs->app->db, rec, err);
}

static const struct form_def contact_form = {
    .help = N_("一条联系代表记录：一位领导在闭会期间联系一位代表。联系领导、职务、代表、日期、"
               "方式和联系内容必填；协调事项填帮助协调解决的建议、批评、意见和社情民意的条数。"
               "记录归代表所在的乡镇。"),
    .fields = contact_fields,
    .nfields = (int)(sizeof contact_fields / sizeof contact_fields[0]),
    .rec_size = sizeof(struct contact),
    .save = contact_form_save,
};

/* Runs the form on c (why: the reason this site may not change it, or NULL); on save,
 * focuses the list on it. */
static bool contact_edit(struct listview *lv, struct contact *c, const char *title, const char *why)
{
    struct contact_screen *cs = lv->ctx;
    if (!guard_form_run(&contact_form, cs, c, title, why))
        return false;
    snprintf(cs->last_leader, sizeof cs->last_leader, "%s", c->leader_name);
    snprintf(cs->last_post, sizeof cs->last_post, "%s", c->leader_post);
    struct contact fresh;
    struct ll_error err = {0};
    if (contact_get(cs->app->db, c->id, &fresh, &err) == LL_OK)
        listview_focus(lv, fresh.sort_key);
    return true;
}

static int contact_open(struct listview *lv, void *row)
{
    struct contact_screen *cs = lv->ctx;
    struct contact c;
    struct ll_error err = {0};
    if (contact_get(cs->app->db, ((struct contact *)row)->id, &c, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char title[256];
    snprintf(title, sizeof title, _("联系代表：%s %s 联系 %s"), c.date, c.leader_name,
             c.deputy_name);
    if (contact_edit(lv, &c, title, guard_why(cs->app->db, "contact", c.township_id, "")))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

static int contact_add(struct listview *lv)
{
    struct contact_screen *cs = lv->ctx;
    if (!guard_list(lv, cs->app->db, "contact", cs->place.township_id, ""))
        return KR_STAY;
    struct contact c;
    contact_init(&c);
    snprintf(c.leader_name, sizeof c.leader_name, "%s", cs->last_leader);
    snprintf(c.leader_post, sizeof c.leader_post, "%s", cs->last_post);
    if (contact_edit(lv, &c, _("联系代表：新建"), NULL))
        listview_message(lv, false, "%s", _("已保存。"));
    return KR_STAY;
}

static int contact_remove(struct listview *lv, void *row)
{
    struct contact_screen *cs = lv->ctx;
    const struct contact *c = row;
    if (!guard_list(lv, cs->app->db, "contact", c->township_id, ""))
        return KR_STAY;
    char question[512];
    snprintf(question, sizeof question, _("确定删除 %s %s 联系 %s 的这条记录吗？"), c->date,
             c->leader_name, c->deputy_name);
    if (!dialog_confirm(question))
        return KR_STAY;
    struct ll_error err = {0};
    if (contact_delete(cs->app->db, c->id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除 %s 的联系记录。"), c->date);
    return KR_STAY;
}

/* ---- the list ---------------------------------------------------------------------------- */

static void col_mode(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", contact_mode_label(((const struct contact *)row)->mode));
}

static void col_items(const void *row, char *buf, size_t size)
{
    const char *items = ((const struct contact *)row)->items;
    snprintf(buf, size, "%s", strcmp(items, "0") == 0 ? "" : items);
}

static const struct lv_column contact_columns[] = {
    {N_("日期"), 10, TEXT_LEFT, LV_TEXT_OF(struct contact, date)},
    {N_("方式"), 8, TEXT_LEFT, .get = col_mode},
    {N_("联系领导"), 8, TEXT_LEFT, LV_TEXT_OF(struct contact, leader_name)},
    {N_("代表"), 8, TEXT_LEFT, LV_TEXT_OF(struct contact, deputy_name)},
    {N_("协调事项"), 8, TEXT_RIGHT, .get = col_items},
    {N_("内容"), 0, TEXT_LEFT, LV_TEXT_OF(struct contact, content)},
};

/* The model's filter with the township and period in force. */
static const struct contact_filter *contact_filter_now(struct contact_screen *cs)
{
    struct contact_filter *f = &cs->filter;
    char station_id[LL_ID_LEN];
    list_place_apply(&cs->place, f->township_id, station_id, f->from, f->to);
    return f;
}

static enum ll_status contact_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                    void *rows, int *count, struct ll_error *err)
{
    struct contact_screen *cs = ctx;
    return contact_list(cs->app->db, contact_filter_now(cs), dir, anchor, limit, rows, count, err);
}

static enum ll_status contact_counter(void *ctx, int *count, struct ll_error *err)
{
    struct contact_screen *cs = ctx;
    return contact_count(cs->app->db, contact_filter_now(cs), count, err);
}

static char *contact_search_text(struct listview *lv, size_t *size)
{
    struct contact_screen *cs = lv->ctx;
    *size = sizeof cs->filter.search;
    return cs->filter.search;
}

/* "联系代表：<township or 全部乡镇>  <period>" */
static void contact_where(const struct contact_screen *cs, char *buf, size_t size)
{
    char period[64];
    period_describe(&cs->place.period, period, sizeof period);
    snprintf(buf, size, "%s  %s",
             cs->place.township_id[0] ? cs->place.township_name : _("全部乡镇"), period);
}

static void contact_title(struct listview *lv, char *buf, size_t size)
{
    char where[160];
    contact_where(lv->ctx, where, sizeof where);
    snprintf(buf, size, _("联系代表：%s"), where);
}

static bool contact_describe(struct listview *lv, char *buf, size_t size)
{
    struct contact_screen *cs = lv->ctx;
    const struct contact_filter *f = &cs->filter;
    buf[0] = '\0';
    if (f->mode >= 0)
        text_append(buf, size, _("方式：%s  "), contact_mode_label((enum contact_mode)f->mode));
    if (f->deputy_id[0])
        text_append(buf, size, _("代表：%s  "), cs->deputy_name);
    if (f->search[0])
        text_append(buf, size, _("搜索：%s  "), f->search);
    return f->mode >= 0 || f->deputy_id[0] || f->search[0];
}

static int contact_filter_mode(void *self)
{
    struct listview *lv = self;
    struct contact_screen *cs = lv->ctx;
    const char *items[CONTACT_MODE_COUNT + 1];
    items[0] = _("全部方式");
    for (int i = 0; i < CONTACT_MODE_COUNT; i++)
        items[i + 1] = contact_mode_label((enum contact_mode)i);
    int r = dialog_choose(_("按联系方式查看"), items, CONTACT_MODE_COUNT + 1, cs->filter.mode + 1);
    if (r >= 0) {
        cs->filter.mode = r - 1;
        listview_reload_first(lv);
    }
    return KR_STAY;
}

static int contact_filter_deputy(void *self)
{
    struct listview *lv = self;
    struct contact_screen *cs = lv->ctx;
    if (deputy_filter_ask(cs->app, cs->place.township_id, cs->filter.deputy_id, cs->deputy_name,
                          sizeof cs->deputy_name))
        listview_reload_first(lv);
    return KR_STAY;
}

static int contact_clear(void *self)
{
    struct listview *lv = self;
    struct contact_screen *cs = lv->ctx;
    cs->filter.mode = -1;
    cs->filter.deputy_id[0] = '\0';
    cs->filter.search[0] = '\0';
    listview_reload_first(lv);
    return KR_STAY;
}

/* The bulletin's figures for the township and period in force. */
static int contact_figures(void *self)
{
    struct listview *lv = self;
    struct contact_screen *cs = lv->ctx;
    struct contact_counts n;
    struct ll_error err = {0};
    const struct contact_filter *f = contact_filter_now(cs);
    if (contact_counts(cs->app->db, f->township_id, f->from, f->to, &n, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char where[160], msg[1024];
    contact_where(cs, where, sizeof where);
    snprintf(msg, sizeof msg,
             _("%s\n\n%d 位领导联系代表 %d 人次，联系了 %d 位代表，帮助协调解决代表提出的"
               "建议、批评、意见和社情民意 %d 条。\n\n按方式："),
             where, n.leaders, n.contacts, n.deputies, n.items);
    for (int i = 0; i < CONTACT_MODE_COUNT; i++)
        text_append(msg, sizeof msg, "%s%s %d", i ? _("，") : "",
                    contact_mode_label((enum contact_mode)i), n.by_mode[i]);
    text_append(msg, sizeof msg, "%s", _("。"));
    if (f->mode >= 0 || f->search[0] || f->deputy_id[0]) /* the bulletin's figures: all of them */
        text_append(msg, sizeof msg, "%s",
                    _("\n\n（这是该乡镇、该期间的全部联系，不按列表中的方式、代表或搜索筛选。）"));
    dialog_message(msg);
    return KR_STAY;
}

static const struct key_handler contact_keys[] = {
    {ACT_FILTER_PERIOD, list_place_period, N_("期间"), true,
     N_("只看某年、某月或某天的联系记录（默认今年）"), NULL},
    {ACT_FILTER_TOWNSHIP, list_place_township, N_("乡镇"), true,
     N_("只看一个乡镇（代表所在乡镇）的联系记录"), NULL},
    {ACT_FILTER_KIND, contact_filter_mode, N_("方式"), true, N_("只看一种联系方式"), NULL},
    {ACT_FILTER_DEPUTY, contact_filter_deputy, N_("代表"), false, N_("只看联系某位代表的记录"),
     NULL},
    {ACT_COUNTS, contact_figures, N_("统计"), false,
     N_("这个乡镇（或全县）这段时间联系代表的人次、领导和代表人数、协调解决事项，按方式分列"),
     NULL},
    {ACT_CLEAR, contact_clear, N_("全部"), false, N_("取消方式、代表和搜索的筛选"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def contact_list_def = {
    .title = N_("联系代表"),
    .help = N_("县级领导、常委会组成人员和政府工作部门负责人联系代表的记录，按日期排列，最新的"
               "在最下面。a 新建一条，Enter 查看或修改，d 删除。m 按年、月筛选，t 按乡镇，"
               "k 按联系方式，r 按代表，c 取消筛选，n 看这段时间的统计（人次、领导、代表、"
               "协调事项）。按 / 搜索：联系内容、领导姓名、职务或代表姓名中的字，也可输入"
               "领导或代表姓名的拼音首字母。"),
    .columns = contact_columns,
    .ncolumns = (int)(sizeof contact_columns / sizeof contact_columns[0]),
    .row_size = sizeof(struct contact),
    .key_offset = offsetof(struct contact, sort_key),
    .fetch = contact_fetch,
    .count = contact_counter,
    .open = contact_open,
    .add = contact_add,
    .remove = contact_remove,
    .search_text = contact_search_text,
    .search_prompt = N_("搜索（内容、领导、职务、代表中的字，或姓名拼音首字母）："),
    .describe_filter = contact_describe,
    .make_title = contact_title,
    .start_at_end = true,
    .empty = N_("这段时间没有联系代表的记录。按 a 新建，按 m 换一个期间。"),
    .keys = contact_keys,
};

void contact_main_screen(struct app *app)
{
    struct contact_screen cs = {.app = app};
    struct period year;
    period_this_year(&year);
    list_place_init(&cs.place, app, NULL, &year);
    contact_filter_init(&cs.filter);
    listview_run(&contact_list_def, &cs);
}
