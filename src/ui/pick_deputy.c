/* Choosing deputies: one from the roster (searchable), or the deputies present at a ledger
 * entry (a checklist of the station's deputies, with the rest of the roster one key away). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/ledger.h"
#include "ui/dialog.h"
#include "ui/listview.h"
#include "ui/screens.h"

struct deputy_pick {
    struct app *app;
    struct deputy_filter filter;
};

static const struct lv_column deputy_pick_columns[] = {
    {N_("姓名"), 10, TEXT_LEFT, LV_TEXT_OF(struct deputy, name)},
    {N_("乡镇"), 12, TEXT_LEFT, LV_TEXT_OF(struct deputy, township_name)},
    {N_("联络站"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy, station_name)},
    {N_("工作单位及职务"), 0, TEXT_LEFT, LV_TEXT_OF(struct deputy, workplace)},
};

static enum ll_status deputy_pick_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                        void *rows, int *count, struct ll_error *err)
{
    struct deputy_pick *p = ctx;
    return deputy_list(p->app->db, &p->filter, dir, anchor, limit, rows, count, err);
}

static char *deputy_pick_search(struct listview *lv, size_t *size)
{
    struct deputy_pick *p = lv->ctx;
    *size = sizeof p->filter.search;
    return p->filter.search;
}

static const struct listview_def deputy_pick_def = {
    .title = N_("选择代表"),
    .help = N_("用方向键找到代表，按 Enter 选定，按 Esc 取消。按 / 可按姓名或拼音首字母搜索。"),
    .columns = deputy_pick_columns,
    .ncolumns = 4,
    .row_size = sizeof(struct deputy),
    .key_offset = offsetof(struct deputy, sort_key),
    .fetch = deputy_pick_fetch,
    .search_text = deputy_pick_search,
    .empty = N_("这里还没有代表。请按 Esc 返回，先在主菜单「代表名册」中添加或导入代表。"),
};

bool pick_deputy(struct app *app, const char *township_id, struct deputy *out)
{
    struct deputy_pick p = {.app = app};
    deputy_filter_init(&p.filter);
    snprintf(p.filter.township_id, sizeof p.filter.township_id, "%s",
             township_id ? township_id : "");
    return listview_choose(&deputy_pick_def, &p, _("选择代表（/ 搜索）"), out);
}

/* ---- the deputies present at an entry ---------------------------------------------------- */

#define CHECKLIST_MAX 64

struct present {
    int n;
    char ids[CHECKLIST_MAX][LL_ID_LEN];
    char names[CHECKLIST_MAX][64];
    int recorded; /* the first ones: e's deputies still on the roster */
    const char *labels[CHECKLIST_MAX + 1];
    bool checked[CHECKLIST_MAX + 1];
};

static void present_add(struct present *c, const char *id, const char *name, bool checked)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->ids[i], id) == 0)
            return;
    if (c->n == CHECKLIST_MAX)
        return;
    snprintf(c->ids[c->n], LL_ID_LEN, "%s", id);
    snprintf(c->names[c->n], sizeof c->names[0], "%s", name);
    c->checked[c->n] = checked;
    c->n++;
}

/* The deputies already chosen, then the station's own. */
static bool present_load(struct app *app, const struct ledger_entry *e, struct present *c)
{
    struct ll_error err = {0};
    for (int i = 0; i < e->ndeputies; i++) {
        struct deputy d;
        if (deputy_get(app->db, e->deputy_ids[i], &d, &err) == LL_OK)
            present_add(c, d.id, d.name, true);
    }
    c->recorded = c->n;
    struct deputy_filter f;
    deputy_filter_init(&f);
    snprintf(f.station_id, sizeof f.station_id, "%s", e->station_id);
    struct deputy *rows = calloc(CHECKLIST_MAX, sizeof *rows);
    int got = 0;
    if (!rows)
        return false;
    if (e->station_id[0] &&
        deputy_list(app->db, &f, PAGE_FIRST, NULL, CHECKLIST_MAX, rows, &got, &err) != LL_OK) {
        dialog_message(err.msg);
        free(rows);
        return false;
    }
    for (int i = 0; i < got; i++)
        present_add(c, rows[i].id, rows[i].name, false);
    free(rows);
    return true;
}

/* Names on record whose deputies have left the roster (not among those read back) stay in the
 * entry: the checklist cannot offer them, and the record of who was there must not shrink. */
static void keep_departed(const struct present *c, const char *before, struct ledger_entry *e)
{
    const char *sep = "、";
    for (const char *p = before; *p;) {
        const char *end = strstr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
        bool known = !name[0];
        for (int i = 0; i < c->recorded && !known; i++)
            known = strcmp(c->names[i], name) == 0;
        size_t used = strlen(e->deputy_names);
        if (!known && used + strlen(name) + 4 < sizeof e->deputy_names)
            snprintf(e->deputy_names + used, sizeof e->deputy_names - used, "%s%s", used ? sep : "",
                     name);
        p += n + (end ? strlen(sep) : 0);
    }
}

bool pick_present_deputies(struct app *app, struct ledger_entry *e)
{
    struct present *c = calloc(1, sizeof *c);
    if (!c || !present_load(app, e, c)) {
        free(c);
        return false;
    }
    bool chosen = false;
    for (;;) {
        for (int i = 0; i < c->n; i++)
            c->labels[i] = c->names[i];
        c->labels[c->n] = _("其他代表（从代表名册中选）");
        c->checked[c->n] = false;
        int r =
            dialog_checklist(_("到场代表：空格勾选，Enter 确定"), c->labels, c->n + 1, c->checked);
        if (r < 0)
            break;
        if (r < c->n) { /* Enter on a deputy: done, with that one too if nothing is ticked */
            bool any = false;
            for (int i = 0; i < c->n; i++)
                any = any || c->checked[i];
            if (!any)
                c->checked[r] = true;
            chosen = true;
            break;
        }
        struct deputy d;
        if (pick_deputy(app, "", &d))
            present_add(c, d.id, d.name, true);
    }
    if (chosen) {
        char before[sizeof e->deputy_names];
        snprintf(before, sizeof before, "%s", e->deputy_names);
        e->ndeputies = 0;
        e->deputy_names[0] = '\0';
        for (int i = 0; i < c->n; i++)
            if (c->checked[i] && !ledger_toggle_deputy(e, c->ids[i], c->names[i])) {
                char msg[128];
                snprintf(msg, sizeof msg, _("到场代表最多记 %d 位。"), LEDGER_DEPUTIES_MAX);
                dialog_message(msg);
                break;
            }
        keep_departed(c, before, e);
    }
    free(c);
    return chosen;
}
