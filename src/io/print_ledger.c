/* The printed ledger of one station for one period, the paper 台账 it replaces: a self-contained
 * HTML page laid out for A4 (a browser prints it), with the station's entries, the problems
 * raised there, the totals and a line to sign. The page is Chinese whatever the screen
 * language, like the CSV files: it is the station's record. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "io/export_run.h"
#include "lianluo/datetime.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "lianluo/township.h"

/* Printers and browsers without these fonts fall back to the next, then to any serif. */
#define PAGE_CSS                                                                                   \
    "@page { size: A4; margin: 15mm }\n"                                                           \
    "body { font-family: \"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", "           \
    "\"Source Han Serif SC\", \"Microsoft YaHei\", \"微软雅黑\", \"Noto Sans CJK SC\", "       \
    "\"WenQuanYi Micro Hei\", serif; font-size: 10.5pt; color: #000; margin: 0 }\n"                \
    "@media screen { body { max-width: 180mm; margin: 10mm auto } }\n"                             \
    "h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm }\n"                                \
    "h2 { font-size: 12pt; margin: 6mm 0 2mm; page-break-after: avoid }\n"                         \
    ".meta span { margin-right: 2em }\n"                                                           \
    "table { width: 100%; border-collapse: collapse; table-layout: fixed }\n"                      \
    "thead { display: table-header-group }\n"                                                      \
    "tr { page-break-inside: avoid }\n"                                                            \
    "th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; "                   \
    "white-space: pre-wrap; word-break: break-all }\n"                                             \
    "th { font-weight: bold; text-align: center; background: #eee }\n"                             \
    "td.num { text-align: right }\n"                                                               \
    "td.none { text-align: center }\n"                                                             \
    ".sign { margin-top: 12mm; text-align: right }\n"

/* ---- HTML pieces --------------------------------------------------------------------------- */

/* Text with the characters HTML gives a meaning escaped. */
static void html_text(FILE *out, const char *s)
{
    static const char special[] = "&<>\"'";
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (;;) {
        size_t plain = strcspn(s, special);
        fwrite(s, 1, plain, out);
        s += plain;
        if (!*s)
            return;
        fputs(entities[strchr(special, *s) - special], out);
        s++;
    }
}

/* <tag>text</tag>, the text escaped. */
static void html_element(FILE *out, const char *tag, const char *text)
{
    fprintf(out, "<%s>", tag);
    html_text(out, text);
    fprintf(out, "</%s>", tag);
}

struct html_col {
    const char *title;
    int width; /* percent of the page's width */
    bool number;
};

/* A table's start: its column widths and the header row, repeated on every printed page. */
static void table_start(FILE *out, const struct html_col *cols, int n)
{
    fputs("<table>\n<colgroup>", out);
    for (int i = 0; i < n; i++)
        fprintf(out, "<col style=\"width: %d%%\">", cols[i].width);
    fputs("</colgroup>\n<thead><tr>", out);
    for (int i = 0; i < n; i++)
        html_element(out, "th", cols[i].title);
    fputs("</tr></thead>\n<tbody>\n", out);
}

static void table_row(FILE *out, const struct html_col *cols, const char *const *cells, int n)
{
    fputs("<tr>", out);
    for (int i = 0; i < n; i++) {
        fputs(cols[i].number ? "<td class=\"num\">" : "<td>", out);
        html_text(out, cells[i]);
        fputs("</td>", out);
    }
    fputs("</tr>\n", out);
}

static void table_end(FILE *out, int ncols, int rows)
{
    if (rows == 0)
        fprintf(out, "<tr><td class=\"none\" colspan=\"%d\">本期没有记录。</td></tr>\n", ncols);
    fputs("</tbody>\n</table>\n", out);
}

/* What each row of a walk reports: a write that failed. */
static enum ll_status row_written(FILE *out, struct ll_error *err)
{
    return ferror(out) ? export_write_failed(err) : LL_OK;
}

/* A heading and a table of every row the walk gives; *rows (may be NULL) gets their number. */
static enum ll_status table_section(struct ll_db *db, FILE *out, const char *heading,
                                    const struct html_col *cols, int ncols,
                                    const struct page_walk *w, int *rows, struct ll_error *err)
{
    int n = 0;
    html_element(out, "h2", heading);
    fputs("\n", out);
    table_start(out, cols, ncols);
    enum ll_status status = export_walk_pages(db, w, &n, err);
    table_end(out, ncols, n);
    if (rows)
        *rows = n;
    return status;
}

/* ---- the page ------------------------------------------------------------------------------ */

static const struct html_col entry_cols[] = {
    {"日期 时间", 13, false}, {"类型", 9, false},  {"到场代表", 14, false},
    {"接待人次", 7, true},    {"地点", 12, false}, {"内容摘要", 45, false},
};
#define ENTRY_NCOLS ((int)(sizeof entry_cols / sizeof entry_cols[0]))

static enum ll_status each_entry_row(void *out, const void *row, struct ll_error *err)
{
    const struct ledger_entry *e = row;
    char when[48];
    snprintf(when, sizeof when, "%s%s%s", e->date, e->time[0] ? " " : "", e->time);
    const char *cells[ENTRY_NCOLS] = {
        when, ledger_kind_text(e->kind), e->deputy_names, e->people, e->place, e->summary,
    };
    table_row(out, entry_cols, cells, ENTRY_NCOLS);
    return row_written(out, err);
}

static const struct html_col problem_cols[] = {
    {"反映日期", 10, false}, {"反映人", 8, false},   {"类别", 8, false},
    {"问题内容", 24, false}, {"承办代表", 8, false}, {"交办单位", 12, false},
    {"办理状态", 9, false},  {"答复", 21, false},
};
#define PROBLEM_NCOLS ((int)(sizeof problem_cols / sizeof problem_cols[0]))

static enum ll_status each_problem_row(void *out, const void *row, struct ll_error *err)
{
    const struct problem *p = row;
    char status[64];
    snprintf(status, sizeof status, "%s\n%s", problem_status_text(p->status), p->status_on);
    /* The name only: the phone stays in the station's records. */
    const char *cells[PROBLEM_NCOLS] = {
        p->raised_on,   p->raiser_name, problem_category_text(p->category),
        p->description, p->deputy_name, p->unit,
        status,         p->reply,
    };
    table_row(out, problem_cols, cells, PROBLEM_NCOLS);
    return row_written(out, err);
}

/* The totals, six columns to a row, so that they fit across the page. */
#define TOTALS_PER_ROW 6

static void totals_section(FILE *out, const struct ledger_counts *c)
{
    fputs("<h2>三、本期统计</h2>\n<table class=\"totals\">\n", out);
    for (int start = 0; start < COUNT_COLUMNS; start += TOTALS_PER_ROW) {
        int end = start + TOTALS_PER_ROW < COUNT_COLUMNS ? start + TOTALS_PER_ROW : COUNT_COLUMNS;
        fputs("<tr>", out);
        for (int col = start; col < end; col++)
            html_element(out, "th", count_column_title(col));
        fputs("</tr>\n<tr>", out);
        for (int col = start; col < end; col++)
            fprintf(out, "<td class=\"num\">%d</td>", count_column_value(c, col));
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* "2026-01-01 至 2026-03-31", or an open end said as such. */
static void period_text(const char *from, const char *to, char *out, size_t size)
{
    if (from[0] && to[0])
        snprintf(out, size, "%s 至 %s", from, to);
    else if (from[0])
        snprintf(out, size, "%s 起", from);
    else if (to[0])
        snprintf(out, size, "至 %s", to);
    else
        snprintf(out, size, "全部");
}

/* "XX联络站工作台账" (a station's name usually ends in 联络站 already). */
static void page_title(const struct station *s, char *out, size_t size)
{
    static const char suffix[] = "联络站";
    size_t n = strlen(s->name), k = sizeof suffix - 1;
    bool named = n >= k && strcmp(s->name + n - k, suffix) == 0;
    snprintf(out, size, "%s%s工作台账", s->name, named ? "" : suffix);
}

static void meta_item(FILE *out, const char *label, const char *value)
{
    fputs("<span>", out);
    html_text(out, label);
    html_text(out, value);
    fputs("</span>", out);
}

static void page_head(FILE *out, const struct station *s, const char *from, const char *to)
{
    char title[256], period[64], today[11];
    page_title(s, title, sizeof title);
    period_text(from, to, period, sizeof period);
    date_today(today);
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    html_element(out, "title", title);
    fputs("\n<style>\n" PAGE_CSS "</style>\n</head>\n<body>\n", out);
    html_element(out, "h1", title);
    fputs("\n<p class=\"meta\">", out);
    meta_item(out, "乡镇：", s->township_name);
    meta_item(out, "时段：", period);
    meta_item(out, "管理员：", s->admin_name[0] ? s->admin_name : "（未填写）");
    meta_item(out, "打印日期：", today);
    fputs("</p>\n", out);
}

static void page_end(FILE *out, const struct ledger_counts *totals)
{
    totals_section(out, totals);
    fputs("<p class=\"sign\">记录人：＿＿＿＿  审核人：＿＿＿＿</p>\n</body>\n</html>\n", out);
}

enum ll_status print_ledger_html(struct ll_db *db, const char *station_id, const char *from,
                                 const char *to, FILE *out, int *entries, struct ll_error *err)
{
    struct ledger_filter lf;
    struct problem_filter pf;
    struct station s;
    struct ledger_counts totals;
    ledger_filter_init(&lf);
    problem_filter_init(&pf);
    if (entries)
        *entries = 0;
    if (export_period(from, to, lf.from, lf.to, err) != LL_OK ||
        station_get(db, station_id, &s, err) != LL_OK ||
        ledger_station_counts(db, s.id, lf.from, lf.to, &totals, err) != LL_OK)
        return err->status;
    snprintf(lf.station_id, sizeof lf.station_id, "%s", s.id);
    snprintf(pf.station_id, sizeof pf.station_id, "%s", s.id);
    memcpy(pf.from, lf.from, sizeof pf.from);
    memcpy(pf.to, lf.to, sizeof pf.to);
    struct page_walk entry_walk = export_ledger_walk(&lf, each_entry_row, out);
    struct page_walk problem_walk = export_problem_walk(&pf, each_problem_row, out);
    page_head(out, &s, lf.from, lf.to);
    enum ll_status status =
        table_section(db, out, "一、活动记录", entry_cols, ENTRY_NCOLS, &entry_walk, entries, err);
    if (status == LL_OK)
        status = table_section(db, out, "二、群众反映的问题", problem_cols, PROBLEM_NCOLS,
                               &problem_walk, NULL, err);
    if (status == LL_OK)
        page_end(out, &totals);
    return export_end_file(out, status, err);
}

/* ---- finding the station by name ----------------------------------------------------------- */

struct townships_with_station {
    struct ll_db *db;
    const char *name;
    char list[512]; /* 甲镇、乙镇 */
};

static int note_township(void *ctx, const struct township *t)
{
    struct townships_with_station *q = ctx;
    struct station s;
    struct ll_error ignored = {0};
    if (station_find(q->db, t->id, q->name, &s, &ignored) == LL_OK) {
        size_t used = strlen(q->list);
        snprintf(q->list + used, sizeof q->list - used, "%s%s", used ? "、" : "", t->name);
    }
    return 0;
}

static enum ll_status several_named(struct ll_db *db, const char *name, int n, struct ll_error *err)
{
    struct townships_with_station q = {db, name, ""};
    if (township_list(db, note_township, &q, err) != LL_OK)
        return err->status;
    return ll_error_set(err, LL_ECONFLICT, _("有 %d 个乡镇都有名为「%s」的联络站：%s。"), n, name,
                        q.list);
}

enum ll_status print_find_station(struct ll_db *db, const char *township, const char *name,
                                  char station_id[LL_ID_LEN], struct ll_error *err)
{
    struct township t = {0};
    struct station s;
    int n = 0;
    if (township && township[0]) {
        if (township_find(db, township, &t, err) != LL_OK)
            return err->status != LL_ENOTFOUND
                       ? err->status
                       : ll_error_set(err, LL_ENOTFOUND, _("找不到乡镇「%s」。"), township);
    } else if (station_count_named(db, name, &n, err) != LL_OK) {
        return err->status;
    } else if (n > 1) {
        return several_named(db, name, n, err);
    }
    if (station_find(db, t.id, name, &s, err) == LL_OK) {
        snprintf(station_id, LL_ID_LEN, "%s", s.id);
        return LL_OK;
    }
    if (err->status != LL_ENOTFOUND)
        return err->status;
    if (t.id[0])
        return ll_error_set(err, LL_ENOTFOUND, _("%s没有名为「%s」的联络站。"), t.name, name);
    return ll_error_set(err, LL_ENOTFOUND, _("找不到名为「%s」的联络站。"), name);
}
