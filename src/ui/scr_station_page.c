/* 联络站主页: one station at a glance — its six haves, this year's ledger in figures, its
 * latest entries and its open problems — with keys to the ledger, the problems and the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/term.h"

#define PAGE_ROWS 8 /* latest entries and open problems read for the page */

struct station_page {
    struct app *app;
    char station_id[LL_ID_LEN];
    struct station s;
    struct period year;
    struct ledger_counts counts;
    struct ledger_entry entries[PAGE_ROWS];
    int nentries;
    struct problem open[PAGE_ROWS];
    int nopen, open_total, overdue_total;
    char error[512];
    struct keyscope scope;
};

static void page_load(struct station_page *pg)
{
    struct ll_error err = {0};
    pg->error[0] = '\0';
    period_this_year(&pg->year);
    if (station_get(pg->app->db, pg->station_id, &pg->s, &err) != LL_OK ||
        ledger_station_counts(pg->app->db, pg->station_id, pg->year.from, pg->year.to, &pg->counts,
                              &err) != LL_OK) {
        snprintf(pg->error, sizeof pg->error, "%s", err.msg);
        return;
    }
    struct ledger_filter lf;
    ledger_filter_init(&lf);
    snprintf(lf.station_id, sizeof lf.station_id, "%s", pg->station_id);
    snprintf(lf.from, sizeof lf.from, "%s", pg->year.from);
    snprintf(lf.to, sizeof lf.to, "%s", pg->year.to);
    struct problem_filter pf;
    problem_filter_init(&pf);
    snprintf(pf.station_id, sizeof pf.station_id, "%s", pg->station_id);
    pf.status = PSF_OPEN;
    pf.overdue_days = pg->app->cfg->overdue_days;
    if (ledger_list(pg->app->db, &lf, PAGE_LAST, NULL, PAGE_ROWS, pg->entries, &pg->nentries,
                    &err) != LL_OK ||
        problem_list(pg->app->db, &pf, PAGE_FIRST, NULL, PAGE_ROWS, pg->open, &pg->nopen, &err) !=
            LL_OK ||
        problem_count(pg->app->db, &pf, &pg->open_total, &err) != LL_OK)
        snprintf(pg->error, sizeof pg->error, "%s", err.msg);
    pf.overdue_only = true;
    if (!pg->error[0] && problem_count(pg->app->db, &pf, &pg->overdue_total, &err) != LL_OK)
        snprintf(pg->error, sizeof pg->error, "%s", err.msg);
}

/* "六有：5/6  缺：有公示信息" */
static void haves_line(const struct station *s, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, _("六有 %d/6"), s->haves_done);
    bool first = true;
    for (int h = 0; h < STATION_HAVE_COUNT && n < size; h++) {
        if (s->haves[h].done)
            continue;
        n += (size_t)snprintf(out + n, size - n, "%s%s", first ? _("  缺：") : _("、"),
                              station_have_label((enum station_have)h));
        first = false;
    }
}

static void counts_line(const struct ledger_counts *c, char *out, size_t size)
{
    size_t n = 0;
    for (int k = 0; k < LEDGER_KIND_COUNT && n < size; k++)
        if (c->entries[k])
            n += (size_t)snprintf(out + n, size - n, "%s %d  ",
                                  ledger_kind_label((enum ledger_kind)k), c->entries[k]);
    if (n < size)
        snprintf(out + n, size - n, _("合计 %d 条，接待 %d 人次"), c->entries_total, c->people);
}

static void page_draw(void *obj)
{
    struct station_page *pg = obj;
    const struct station *s = &pg->s;
    char title[256], line[4096];
    snprintf(title, sizeof title, _("联络站主页：%s"), s->name);
    draw_title(title);
    int y = 1, w = COLS - 2;
    if (pg->error[0]) {
        draw_text(2, 1, w, pg->error, TEXT_LEFT, term_attr(COLOR_ERROR));
        keybar_draw(&pg->scope, LINES - 1);
        return;
    }
    snprintf(line, sizeof line, _("%s  %s  管理员：%s %s  代表 %d 名"), s->township_name,
             station_kind_label(s->kind), s->admin_name[0] ? s->admin_name : _("未填"),
             s->admin_phone, s->deputy_count);
    draw_text(y++, 1, w, line, TEXT_LEFT, A_NORMAL);
    haves_line(s, line, sizeof line);
    draw_text(y++, 1, w, line, TEXT_LEFT, s->haves_done == 6 ? A_NORMAL : A_BOLD);
    snprintf(line, sizeof line, _("%s 年台账："), pg->year.text);
    size_t n = strlen(line);
    counts_line(&pg->counts, line + n, sizeof line - n);
    y += draw_wrapped(y, 1, w, line, 2, A_NORMAL);
    snprintf(line, sizeof line,
             _("群众反映问题：今年反映 %d 个，办结 %d 个（已解决 %d 个）；未办结 %d 个，"
               "超期 %d 个"),
             pg->counts.raised, pg->counts.closed, pg->counts.solved, pg->open_total,
             pg->overdue_total);
    y += draw_wrapped(y, 1, w, line, 2, pg->overdue_total ? term_attr(COLOR_ERROR) : A_NORMAL);
    /* the rest of the screen: half for the latest entries, half for open problems */
    int rows = LINES - 2 - (y + 1) - 2;
    int half = rows / 2 > 1 ? rows / 2 : 1;
    y++;
    draw_text(y++, 1, w, _("最近的台账（按 l 查看全部）"), TEXT_LEFT, A_BOLD | A_UNDERLINE);
    int shown = pg->nentries < half - 1 ? pg->nentries : half - 1;
    if (pg->nentries == 0)
        draw_text(y++, 3, w - 2, _("今年还没有台账。"), TEXT_LEFT, A_NORMAL);
    for (int i = pg->nentries - shown; i < pg->nentries; i++) {
        const struct ledger_entry *e = &pg->entries[i];
        snprintf(line, sizeof line, "%s  %s  %s  %s", e->date, ledger_kind_label(e->kind),
                 e->deputy_names, e->summary);
        text_shorten(line, sizeof line, w - 2);
        draw_text(y++, 3, w - 2, line, TEXT_LEFT, A_NORMAL);
    }
    y++;
    draw_text(y++, 1, w, _("未办结的问题（按 p 查看和办理）"), TEXT_LEFT, A_BOLD | A_UNDERLINE);
    if (pg->nopen == 0)
        draw_text(y++, 3, w - 2, _("没有未办结的问题。"), TEXT_LEFT, A_NORMAL);
    /* as many as fit, keeping a line to say how many more there are */
    int room = LINES - 2 - y, fit = pg->open_total > room ? room - 1 : room;
    int listed = pg->nopen < fit ? pg->nopen : fit;
    for (int i = 0; i < listed; i++) {
        const struct problem *p = &pg->open[i];
        snprintf(line, sizeof line, p->overdue ? _("%s  %s 超期  %s") : "%s  %s  %s", p->raised_on,
                 problem_status_label(p->status), p->description);
        text_shorten(line, sizeof line, w - 2);
        draw_text(y++, 3, w - 2, line, TEXT_LEFT, p->overdue ? term_attr(COLOR_ERROR) : A_NORMAL);
    }
    if (listed >= 0 && pg->open_total > listed) {
        snprintf(line, sizeof line, _("还有 %d 个，按 p 查看全部"), pg->open_total - listed);
        draw_text(y++, 3, w - 2, line, TEXT_LEFT, A_BOLD);
    }
    keybar_draw(&pg->scope, LINES - 1);
}

static int page_ledger(void *self)
{
    struct station_page *pg = self;
    ledger_list_screen(pg->app, &pg->s, &pg->year);
    page_load(pg);
    return KR_STAY;
}

static int page_problems(void *self)
{
    struct station_page *pg = self;
    problem_list_screen(pg->app, &pg->s, NULL, true);
    page_load(pg);
    return KR_STAY;
}

static int page_edit(void *self)
{
    struct station_page *pg = self;
    char key[LL_KEY_LEN];
    station_edit(pg->app, pg->station_id, "", key, sizeof key);
    page_load(pg);
    return KR_STAY;
}

static int page_back(void *self)
{
    (void)self;
    return KR_CLOSE;
}

static const struct key_handler page_keys[] = {
    {ACT_LEDGER, page_ledger, N_("台账"), true, N_("今年的台账：查看、新建"), NULL},
    {ACT_PROBLEMS, page_problems, N_("问题"), true, N_("未办结的问题：查看、登记、办理"), NULL},
    {ACT_OPEN, page_edit, N_("修改资料"), true, N_("修改联络站资料和六有情况"), NULL},
    {ACT_BACK, page_back, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

void station_page(struct app *app, const char *station_id)
{
    struct station_page *pg = calloc(1, sizeof *pg);
    if (!pg)
        return;
    pg->app = app;
    snprintf(pg->station_id, sizeof pg->station_id, "%s", station_id);
    pg->scope.tables[0] = page_keys;
    pg->scope.title = _("联络站主页");
    pg->scope.help = _("一个联络站的概况：六有是否齐全，今年的台账数字，最近的台账和未办结的"
                       "问题。按 l 进入它的台账，p 进入它未办结的问题，Enter 修改联络站资料。");
    page_load(pg);
    term_push(page_draw, pg, true);
    for (;;) {
        int key = term_getkey();
        if (key == -1 || keys_dispatch(&pg->scope, key, pg) == KR_CLOSE)
            break;
    }
    term_pop();
    free(pg);
}
