/* Choosers used by forms and filters: a township, a station, a deputy group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/township.h"
#include "ui/dialog.h"
#include "ui/listview.h"
#include "ui/screens.h"

/* ---- townships (a short list: loaded whole) ---------------------------------------------- */

struct township_set {
    struct township *items;
    int n, cap;
};

static int township_collect(void *ctx, const struct township *t)
{
    struct township_set *set = ctx;
    if (set->n == set->cap) {
        int cap = set->cap ? set->cap * 2 : 32;
        struct township *items = realloc(set->items, (size_t)cap * sizeof *items);
        if (items == NULL)
            return 1;
        set->items = items;
        set->cap = cap;
    }
    set->items[set->n++] = *t;
    return 0;
}

/* Asks for the name of a new township and creates it. */
static bool township_new(struct app *app, char *id, size_t idsz, char *name, size_t namesz)
{
    char text[64] = "";
    if (!dialog_prompt(_("新乡镇名称："), text, sizeof text, 20) || text[0] == '\0')
        return false;
    struct township t;
    struct ll_error err = {0};
    if (township_ensure(app->db, text, &t, &err) != LL_OK) {
        dialog_message(err.msg);
        return false;
    }
    snprintf(id, idsz, "%s", t.id);
    snprintf(name, namesz, "%s", t.name);
    return true;
}

bool pick_township(struct app *app, bool allow_all, bool allow_new, char *id, size_t idsz,
                   char *name, size_t namesz)
{
    struct township_set set = {0};
    struct ll_error err = {0};
    if (township_list(app->db, township_collect, &set, &err) != LL_OK) {
        dialog_message(err.msg);
        free(set.items);
        return false;
    }
    int extra = (allow_all ? 1 : 0) + (allow_new ? 1 : 0);
    const char **labels = calloc((size_t)(set.n + extra), sizeof *labels);
    if (labels == NULL) {
        free(set.items);
        return false;
    }
    int n = 0, initial = 0;
    if (allow_all)
        labels[n++] = _("全部乡镇");
    for (int i = 0; i < set.n; i++) {
        if (strcmp(set.items[i].id, id) == 0)
            initial = n;
        labels[n++] = set.items[i].name;
    }
    if (allow_new)
        labels[n++] = _("新增乡镇，输入名称");
    int r = dialog_choose(_("选择乡镇"), labels, n, initial);
    bool chosen = r >= 0;
    if (allow_all && r == 0) {
        id[0] = name[0] = '\0';
    } else if (allow_new && r == n - 1) {
        chosen = township_new(app, id, idsz, name, namesz);
    } else if (r >= 0) {
        const struct township *t = &set.items[r - (allow_all ? 1 : 0)];
        snprintf(id, idsz, "%s", t->id);
        snprintf(name, namesz, "%s", t->name);
    }
    free(labels);
    free(set.items);
    return chosen;
}

/* ---- stations ---------------------------------------------------------------------------- */

struct station_pick {
    struct app *app;
    struct station_filter filter;
};

static void col_kind(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", station_kind_short(((const struct station *)row)->kind));
}

static const struct lv_column station_pick_columns[] = {
    {N_("乡镇"), 12, TEXT_LEFT, LV_TEXT_OF(struct station, township_name)},
    {N_("类型"), 4, TEXT_LEFT, .get = col_kind},
    {N_("名称"), 0, TEXT_LEFT, LV_TEXT_OF(struct station, name)},
    {N_("村（社区）"), 16, TEXT_LEFT, LV_TEXT_OF(struct station, village)},
};

static enum ll_status station_pick_fetch(void *ctx, enum page_dir dir, const char *anchor,
                                         int limit, void *rows, int *count, struct ll_error *err)
{
    struct station_pick *p = ctx;
    return station_list(p->app->db, &p->filter, dir, anchor, limit, rows, count, err);
}

static char *station_pick_search(struct listview *lv, size_t *size)
{
    struct station_pick *p = lv->ctx;
    *size = sizeof p->filter.search;
    return p->filter.search;
}

static const struct listview_def station_pick_def = {
    .title = N_("选择联络站"),
    .help = N_("用方向键找到联络站，按 Enter 选定，按 Esc 取消。按 / 可按名称搜索。"),
    .columns = station_pick_columns,
    .ncolumns = 4,
    .row_size = sizeof(struct station),
    .key_offset = offsetof(struct station, sort_key),
    .fetch = station_pick_fetch,
    .search_text = station_pick_search,
};

bool pick_station(struct app *app, const char *township_id, int kind, const char *exclude_id,
                  const char *title, struct station *out)
{
    struct station_pick p = {.app = app};
    station_filter_init(&p.filter);
    snprintf(p.filter.township_id, sizeof p.filter.township_id, "%s", township_id);
    p.filter.kind = kind;
    snprintf(p.filter.exclude_id, sizeof p.filter.exclude_id, "%s", exclude_id ? exclude_id : "");
    struct ll_error err = {0};
    int n = 0;
    if (station_count(app->db, &p.filter, &n, &err) != LL_OK) {
        dialog_message(err.msg);
        return false;
    }
    if (n == 0) { /* an empty chooser would leave the user wondering what to do */
        dialog_message(_("没有可选的联络站：请先在主菜单「联络站网络」中添加，"
                         "或用 lianluo import stations 导入。"));
        return false;
    }
    return listview_choose(&station_pick_def, &p, title, out);
}

/* ---- deputy groups ----------------------------------------------------------------------- */

struct group_pick {
    struct app *app;
    char township_id[LL_ID_LEN];
};

static const struct lv_column group_pick_columns[] = {
    {N_("乡镇"), 12, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, township_name)},
    {N_("小组名称"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, name)},
    {N_("所在联络站"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy_group, station_name)},
};

static enum ll_status group_pick_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                       void *rows, int *count, struct ll_error *err)
{
    struct group_pick *p = ctx;
    return deputy_group_list(p->app->db, p->township_id, dir, anchor, limit, rows, count, err);
}

static const struct listview_def group_pick_def = {
    .title = N_("选择代表小组"),
    .help = N_("用方向键找到代表小组，按 Enter 选定，按 Esc 取消。"),
    .columns = group_pick_columns,
    .ncolumns = 3,
    .row_size = sizeof(struct deputy_group),
    .key_offset = offsetof(struct deputy_group, sort_key),
    .fetch = group_pick_fetch,
};

bool pick_group(struct app *app, const char *township_id, struct deputy_group *out)
{
    struct group_pick p = {.app = app};
    snprintf(p.township_id, sizeof p.township_id, "%s", township_id);
    struct ll_error err = {0};
    int n = 0;
    if (deputy_group_count(app->db, township_id, &n, &err) != LL_OK) {
        dialog_message(err.msg);
        return false;
    }
    if (n == 0) { /* an empty chooser would leave the user wondering what to do */
        dialog_message(township_id[0]
                           ? _("这个乡镇还没有代表小组：请先在主菜单「代表小组」中添加。")
                           : _("还没有代表小组：请先在主菜单「代表小组」中添加。"));
        return false;
    }
    return listview_choose(&group_pick_def, &p, _("选择代表小组"), out);
}

const char *station_kind_short(enum station_kind kind)
{
    static const char *const shorts[STATION_KIND_COUNT] = {N_("中心"), N_("片区"), N_("小组")};
    return kind >= 0 && kind < STATION_KIND_COUNT ? _(shorts[kind]) : "";
}

const char *station_short_name(const char *name, char *buf, size_t size)
{
    /* 长岭村人大代表片区联络站 -> 长岭村片区: what tells stations apart in a narrow column */
    static const char *const cut[] = {"人大代表", "代表"};
    snprintf(buf, size, "%s", name);
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        char *p = strstr(buf, cut[i]);
        if (p) {
            memmove(p, p + strlen(cut[i]), strlen(p + strlen(cut[i])) + 1);
            break;
        }
    }
    size_t n = strlen(buf), tail = strlen("联络站");
    if (n > tail && strcmp(buf + n - tail, "联络站") == 0)
        buf[n - tail] = '\0';
    return buf[0] ? buf : name;
}
