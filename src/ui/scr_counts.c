/* 统计报表: the ledger's counts for a period, per township (the county) or per station (one
 * township), with the total: the figures a county writes in its bulletin. The rows are few
 * (a county's stations), so they are counted once into an array the list pages through. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/io.h"
#include "ui/dialog.h"
#include "ui/listview.h"
#include "ui/screens.h"

struct counts_line {
    struct counts_row r;
    bool total;
    char sort_key[LL_KEY_LEN];
};

struct counts_screen {
    struct app *app;
    struct period period;
    char township_id[LL_ID_LEN];
    char township_name[64];
    struct counts_line *lines;
    int n, cap;
    char error[512];
};

static int counts_collect(void *ctx, const struct counts_row *r)
{
    struct counts_screen *cs = ctx;
    if (cs->n == cs->cap) {
        int cap = cs->cap ? cs->cap * 2 : 64;
        struct counts_line *lines = realloc(cs->lines, (size_t)cap * sizeof *lines);
        if (!lines)
            return 1;
        cs->lines = lines;
        cs->cap = cap;
    }
    struct counts_line *l = &cs->lines[cs->n];
    memset(l, 0, sizeof *l);
    l->r = *r;
    snprintf(l->sort_key, sizeof l->sort_key, "%08d", cs->n);
    cs->n++;
    return 0;
}

static void counts_load(struct counts_screen *cs)
{
    struct ledger_counts total;
    struct ll_error err = {0};
    cs->n = 0;
    cs->error[0] = '\0';
    enum counts_level level = cs->township_id[0] ? COUNTS_BY_STATION : COUNTS_BY_TOWNSHIP;
    if (ledger_counts(cs->app->db, level, cs->township_id, cs->period.from, cs->period.to,
                      counts_collect, cs, &total, &err) != LL_OK) {
        snprintf(cs->error, sizeof cs->error, "%s", err.msg);
        return;
    }
    struct counts_row sum = {.c = total};
    snprintf(sum.station_name, sizeof sum.station_name, "%s", _("合计"));
    snprintf(sum.township_name, sizeof sum.township_name, "%s", _("合计"));
    if (counts_collect(cs, &sum) == 0)
        cs->lines[cs->n - 1].total = true;
}

/* Keyset paging over the array: the key is the row's index. */
static enum ll_status counts_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                   void *rows, int *count, struct ll_error *err)
{
    struct counts_screen *cs = ctx;
    if (cs->error[0])
        return ll_error_set(err, LL_EDB, "%s", cs->error);
    listview_page_of_array(cs->lines, cs->n, sizeof *cs->lines, dir, anchor, limit, rows, count);
    return LL_OK;
}

static void col_name(const void *row, char *buf, size_t size)
{
    const struct counts_line *l = row;
    char shortname[128];
    if (l->r.station_id[0])
        snprintf(buf, size, "%s",
                 station_short_name(l->r.station_name, shortname, sizeof shortname));
    else
        snprintf(buf, size, "%s", l->total ? l->r.station_name : l->r.township_name);
}

/* A count in w columns: a county's totals over many years do not fit a narrow column, and a
 * cut number would read as another number, so big ones are shown in 万 (ten thousands) — or,
 * in a language whose word for it is "k", in thousands — never rounded up: 95,858 is 9.5万
 * where that fits, else 9万+ ("more than"); `e` exports the exact figures. */
static void count_text(int n, int w, char *buf, size_t size)
{
    snprintf(buf, size, "%d", n);
    if ((int)strlen(buf) <= w)
        return;
    const char *unit = _("万");
    int scale = strcmp(unit, "万") == 0 ? 10000 : 1000;
    int whole = n / scale, rest = n % scale, tenth = rest * 10 / scale;
    bool exact_tenth = rest % (scale / 10) == 0;
    /* the most precise form that fits: 9.5万, 9.5万+, 9万+ (or 9万 when exact) */
    char tenths[32];
    snprintf(tenths, sizeof tenths, "%d.%d%s%s", whole, tenth, unit, exact_tenth ? "" : "+");
    if (rest != 0 && text_width(tenths) <= w)
        snprintf(buf, size, "%s", tenths);
    else
        snprintf(buf, size, "%d%s%s", whole, unit, rest ? "+" : "");
}

#define COUNT_COL(name, width, expr)                                                               \
    static void name(const void *row, char *buf, size_t size)                                      \
    {                                                                                              \
        const struct ledger_counts *c = &((const struct counts_line *)row)->r.c;                   \
        count_text(expr, width, buf, size);                                                        \
    }
COUNT_COL(col_reception, 4, c->entries[LEDGER_RECEPTION])
COUNT_COL(col_visit, 4, c->entries[LEDGER_VISIT])
COUNT_COL(col_solicit, 4, c->entries[LEDGER_SOLICIT])
COUNT_COL(col_exchange, 4, c->entries[LEDGER_EXCHANGE])
COUNT_COL(col_appraisal, 4, c->entries[LEDGER_APPRAISAL])
COUNT_COL(col_other, 4, c->entries[LEDGER_OTHER])
COUNT_COL(col_total, 5, c->entries_total)
COUNT_COL(col_people, 6, c->people)
COUNT_COL(col_raised, 5, c->raised)
COUNT_COL(col_solved, 5, c->solved)
COUNT_COL(col_closed, 5, c->closed)
COUNT_COL(col_open, 5, c->open_now)
#undef COUNT_COL

static const struct lv_column counts_columns[] = {
    {N_("单位"), 0, TEXT_LEFT, .get = col_name},
    {N_("接待"), 4, TEXT_RIGHT, .get = col_reception},
    {N_("走访"), 4, TEXT_RIGHT, .get = col_visit},
    {N_("征询"), 4, TEXT_RIGHT, .get = col_solicit},
    {N_("交流"), 4, TEXT_RIGHT, .get = col_exchange},
    {N_("述职"), 4, TEXT_RIGHT, .get = col_appraisal},
    {N_("其他"), 4, TEXT_RIGHT, .get = col_other},
    {N_("合计"), 5, TEXT_RIGHT, .get = col_total},
    {N_("人次"), 6, TEXT_RIGHT, .get = col_people},
    {N_("问题"), 5, TEXT_RIGHT, .get = col_raised},
    {N_("解决"), 5, TEXT_RIGHT, .get = col_solved},
    {N_("办结"), 5, TEXT_RIGHT, .get = col_closed},
    {N_("未结"), 5, TEXT_RIGHT, .get = col_open},
};

static void counts_title(struct listview *lv, char *buf, size_t size)
{
    struct counts_screen *cs = lv->ctx;
    char period[64];
    period_describe(&cs->period, period, sizeof period);
    if (cs->township_id[0])
        snprintf(buf, size, _("统计：%s各联络站  %s"), cs->township_name, period);
    else
        snprintf(buf, size, _("统计：各乡镇  %s"), period);
}

static bool counts_describe(struct listview *lv, char *buf, size_t size)
{
    (void)lv;
    snprintf(buf, size, "%s",
             _("问题＝期间内反映的；解决、办结＝期间内办结的；未结＝目前未办结的"));
    return false;
}

static int counts_period(void *self)
{
    struct listview *lv = self;
    struct counts_screen *cs = lv->ctx;
    if (period_ask(&cs->period)) {
        counts_load(cs);
        listview_reload_first(lv);
    }
    return KR_STAY;
}

static int counts_township(void *self)
{
    struct listview *lv = self;
    struct counts_screen *cs = lv->ctx;
    if (pick_township(cs->app, true, false, cs->township_id, sizeof cs->township_id,
                      cs->township_name, sizeof cs->township_name)) {
        counts_load(cs);
        listview_reload_first(lv);
    }
    return KR_STAY;
}

/* Enter on a township: its stations; on a station: its page. */
static int counts_open(struct listview *lv, void *row)
{
    struct counts_screen *cs = lv->ctx;
    const struct counts_line *l = row;
    if (l->total)
        return KR_STAY;
    if (l->r.station_id[0]) {
        station_page(cs->app, l->r.station_id);
    } else {
        snprintf(cs->township_id, sizeof cs->township_id, "%s", l->r.township_id);
        snprintf(cs->township_name, sizeof cs->township_name, "%s", l->r.township_name);
        listview_focus(lv, "00000000");
    }
    counts_load(cs);
    return KR_STAY;
}

/* Esc on a township's stations: back to the townships, on that township's row. */
static int counts_back(struct listview *lv)
{
    struct counts_screen *cs = lv->ctx;
    if (!cs->township_id[0])
        return KR_CLOSE;
    cs->township_id[0] = '\0';
    counts_load(cs);
    for (int i = 0; i < cs->n; i++) {
        if (!cs->lines[i].total && strcmp(cs->lines[i].r.township_name, cs->township_name) == 0) {
            listview_focus(lv, cs->lines[i].sort_key);
            break;
        }
    }
    return KR_STAY;
}

static enum ll_status counts_write(void *ctx, FILE *out, int *rows, struct ll_error *err)
{
    struct counts_screen *cs = ctx;
    return export_counts(cs->app->db, COUNTS_BY_STATION, cs->period.from, cs->period.to, out, rows,
                         err);
}

static int counts_export(void *self)
{
    struct listview *lv = self;
    struct counts_screen *cs = lv->ctx;
    char name[128], msg[1200];
    bool error;
    snprintf(name, sizeof name, _("统计-%s.csv"), cs->period.text[0] ? cs->period.text : _("全部"));
    if (write_file_asked(name, counts_write, cs, msg, sizeof msg, &error) || error)
        listview_message(lv, error, "%s", msg);
    return KR_STAY;
}

static const struct key_handler counts_keys[] = {
    {ACT_FILTER_PERIOD, counts_period, N_("期间"), true, N_("统计某年、某月或某天（默认今年）"),
     NULL},
    {ACT_FILTER_TOWNSHIP, counts_township, N_("乡镇"), true,
     N_("看一个乡镇各联络站的数字，或选「全部乡镇」看各乡镇"), NULL},
    {ACT_EXPORT, counts_export, N_("导出"), true,
     N_("把各联络站的数字（含乡镇小计和全县合计）导出为 CSV"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def counts_def = {
    .title = N_("统计报表"),
    .help =
        N_("一段时间内各乡镇（或一个乡镇各联络站）的台账数字：各类活动的条数、接待群众"
           "人次、群众反映的问题和办结情况，最后一行是合计。m 换期间，t 选乡镇，"
           "在乡镇上按 Enter 看它的各联络站（Esc 回到各乡镇），在联络站上按 Enter 看联络站主页，"
           "e 导出 CSV。"),
    .columns = counts_columns,
    .ncolumns = (int)(sizeof counts_columns / sizeof counts_columns[0]),
    .row_size = sizeof(struct counts_line),
    .key_offset = offsetof(struct counts_line, sort_key),
    .fetch = counts_fetch,
    .open = counts_open,
    .back = counts_back,
    .describe_filter = counts_describe,
    .make_title = counts_title,
    .empty = N_("还没有联络站。"),
    .keys = counts_keys,
};

void counts_screen(struct app *app)
{
    struct counts_screen cs = {.app = app};
    period_this_year(&cs.period);
    struct station own;
    if (station_of_site(app, &own)) { /* a station's PC: its township's stations */
        snprintf(cs.township_id, sizeof cs.township_id, "%s", own.township_id);
        snprintf(cs.township_name, sizeof cs.township_name, "%s", own.township_name);
    } else {
        township_of_site(app, cs.township_id, sizeof cs.township_id, cs.township_name,
                         sizeof cs.township_name);
    }
    counts_load(&cs);
    listview_run(&counts_def, &cs);
    free(cs.lines);
}
