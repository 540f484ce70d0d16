/* CSV export of the station ledger, the constituents' problems, the leaders' contacts with
 * deputies and the bulletin's counts, for a period. The problems leave out who raised them (name
 * and phone): that personal data stays in the station's records. Headers and labels are Chinese
 * whatever the screen language. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "io/export_run.h"
#include "lianluo/contact.h"
#include "lianluo/csv.h"
#include "lianluo/datetime.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"

/* ---- what the ledger exports share --------------------------------------------------------- */

static enum ll_status period_end(const char *text, char out[11], struct ll_error *err)
{
    if (!text || !text[0]) {
        out[0] = '\0';
        return LL_OK;
    }
    if (date_parse(text, out))
        return LL_OK;
    out[0] = '\0';
    return ll_error_set(err, LL_EINVAL, _("日期「%s」不对，请写成 2026-03-15 这样。"), text);
}

enum ll_status export_period(const char *from, const char *to, char f[11], char t[11],
                             struct ll_error *err)
{
    if (period_end(from, f, err) != LL_OK || period_end(to, t, err) != LL_OK)
        return err->status;
    if (f[0] && t[0] && strcmp(f, t) > 0)
        return ll_error_set(err, LL_EINVAL, _("开始日期 %s 晚于结束日期 %s。"), f, t);
    return LL_OK;
}

static enum ll_status fetch_ledger(struct ll_db *db, const void *filter, enum page_dir dir,
                                   const char *anchor, int limit, void *rows, int *count,
                                   struct ll_error *err)
{
    return ledger_list(db, filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status fetch_problems(struct ll_db *db, const void *filter, enum page_dir dir,
                                     const char *anchor, int limit, void *rows, int *count,
                                     struct ll_error *err)
{
    return problem_list(db, filter, dir, anchor, limit, rows, count, err);
}

struct page_walk export_ledger_walk(const struct ledger_filter *f,
                                    enum ll_status (*each)(void *ctx, const void *row,
                                                           struct ll_error *err),
                                    void *ctx)
{
    return (struct page_walk){.fetch = fetch_ledger,
                              .filter = f,
                              .row_size = sizeof(struct ledger_entry),
                              .key_offset = offsetof(struct ledger_entry, sort_key),
                              .each = each,
                              .ctx = ctx};
}

struct page_walk export_problem_walk(const struct problem_filter *f,
                                     enum ll_status (*each)(void *ctx, const void *row,
                                                            struct ll_error *err),
                                     void *ctx)
{
    return (struct page_walk){.fetch = fetch_problems,
                              .filter = f,
                              .row_size = sizeof(struct problem),
                              .key_offset = offsetof(struct problem, sort_key),
                              .each = each,
                              .ctx = ctx};
}

/* The count columns after the six kinds: title and where the number is. */
static const struct {
    const char *title;
    size_t offset;
} count_tail[] = {
    {"台账合计", offsetof(struct ledger_counts, entries_total)},
    {"接待人次", offsetof(struct ledger_counts, people)},
    {"反映问题", offsetof(struct ledger_counts, raised)},
    {"已解决", offsetof(struct ledger_counts, solved)},
    {"已办结", offsetof(struct ledger_counts, closed)},
    {"目前未办结", offsetof(struct ledger_counts, open_now)},
};
_Static_assert(sizeof count_tail / sizeof count_tail[0] == COUNT_COLUMNS - LEDGER_KIND_COUNT,
               "one title per count column");

const char *count_column_title(int col)
{
    if (col < LEDGER_KIND_COUNT)
        return ledger_kind_text((enum ledger_kind)col);
    return count_tail[col - LEDGER_KIND_COUNT].title;
}

int count_column_value(const struct ledger_counts *c, int col)
{
    if (col < LEDGER_KIND_COUNT)
        return c->entries[col];
    int value;
    memcpy(&value, (const char *)c + count_tail[col - LEDGER_KIND_COUNT].offset, sizeof value);
    return value;
}

/* A CSV of one of the model's lists over a period: the period goes into the list's filter
 * (from_out, to_out) before the walk. */
static enum ll_status period_csv(struct ll_db *db, const char *from, const char *to,
                                 char from_out[11], char to_out[11], FILE *out,
                                 const char *const *headers, int ncols, const struct page_walk *w,
                                 int *rows, struct ll_error *err)
{
    *rows = 0;
    if (export_period(from, to, from_out, to_out, err) != LL_OK)
        return err->status;
    return export_csv(db, out, headers, ncols, w, rows, err);
}

/* ---- ledger entries ------------------------------------------------------------------------ */

static const char *const ledger_headers[] = {
    "乡镇",     "联络站", "日期",     "时间",   "类型",           "到场代表",
    "接待人次", "地点",   "内容摘要", "记录人", "群众反映问题数",
};
#define LEDGER_NCOLS ((int)(sizeof ledger_headers / sizeof ledger_headers[0]))

static enum ll_status each_entry(void *out, const void *row, struct ll_error *err)
{
    const struct ledger_entry *e = row;
    char problems[12];
    snprintf(problems, sizeof problems, "%d", e->problem_count);
    const char *f[LEDGER_NCOLS] = {
        e->township_name, e->station_name, e->date,  e->time,    ledger_kind_text(e->kind),
        e->deputy_names,  e->people,       e->place, e->summary, e->operator_name,
        problems,
    };
    return csv_write_row(out, f, LEDGER_NCOLS) ? LL_OK : export_write_failed(err);
}

enum ll_status export_ledger(struct ll_db *db, const char *from, const char *to, FILE *out,
                             int *rows, struct ll_error *err)
{
    struct ledger_filter f;
    ledger_filter_init(&f);
    struct page_walk w = export_ledger_walk(&f, each_entry, out);
    return period_csv(db, from, to, f.from, f.to, out, ledger_headers, LEDGER_NCOLS, &w, rows, err);
}

/* ---- problems ------------------------------------------------------------------------------ */

static const char *const problem_headers[] = {
    "乡镇",     "联络站",   "反映日期", "反映人村（社区）", "类别",     "问题内容", "承办代表",
    "交办单位", "办理状态", "状态日期", "办结日期",         "答复内容", "群众评价", "备注",
};
#define PROBLEM_NCOLS ((int)(sizeof problem_headers / sizeof problem_headers[0]))

static enum ll_status each_problem(void *out, const void *row, struct ll_error *err)
{
    const struct problem *p = row;
    /* Neither the constituent's name nor phone: personal data stays at the station. */
    const char *f[PROBLEM_NCOLS] = {
        p->township_name,
        p->station_name,
        p->raised_on,
        p->raiser_village,
        problem_category_text(p->category),
        p->description,
        p->deputy_name,
        p->unit,
        problem_status_text(p->status),
        p->status_on,
        p->closed_on,
        p->reply,
        problem_feedback_text(p->feedback),
        p->note,
    };
    return csv_write_row(out, f, PROBLEM_NCOLS) ? LL_OK : export_write_failed(err);
}

enum ll_status export_problems(struct ll_db *db, const char *from, const char *to, FILE *out,
                               int *rows, struct ll_error *err)
{
    struct problem_filter f;
    problem_filter_init(&f);
    struct page_walk w = export_problem_walk(&f, each_problem, out);
    return period_csv(db, from, to, f.from, f.to, out, problem_headers, PROBLEM_NCOLS, &w, rows,
                      err);
}

/* ---- contacts with deputies ---------------------------------------------------------------- */

static const char *const contact_headers[] = {
    "乡镇",     "日期",     "联系领导",     "职务", "代表",
    "联系方式", "联系内容", "协调解决事项", "备注", "记录人",
};
#define CONTACT_NCOLS ((int)(sizeof contact_headers / sizeof contact_headers[0]))

static enum ll_status fetch_contacts(struct ll_db *db, const void *filter, enum page_dir dir,
                                     const char *anchor, int limit, void *rows, int *count,
                                     struct ll_error *err)
{
    return contact_list(db, filter, dir, anchor, limit, rows, count, err);
}

static enum ll_status each_contact(void *out, const void *row, struct ll_error *err)
{
    const struct contact *c = row;
    const char *f[CONTACT_NCOLS] = {
        c->township_name,           c->date,    c->leader_name, c->leader_post, c->deputy_name,
        contact_mode_text(c->mode), c->content, c->items,       c->note,        c->operator_name,
    };
    return csv_write_row(out, f, CONTACT_NCOLS) ? LL_OK : export_write_failed(err);
}

enum ll_status export_contacts(struct ll_db *db, const char *from, const char *to, FILE *out,
                               int *rows, struct ll_error *err)
{
    struct contact_filter f;
    contact_filter_init(&f);
    struct page_walk w = {.fetch = fetch_contacts,
                          .filter = &f,
                          .row_size = sizeof(struct contact),
                          .key_offset = offsetof(struct contact, sort_key),
                          .each = each_contact,
                          .ctx = out};
    return period_csv(db, from, to, f.from, f.to, out, contact_headers, CONTACT_NCOLS, &w, rows,
                      err);
}

/* ---- counts -------------------------------------------------------------------------------- */

struct counts_export {
    FILE *out;
    enum counts_level level;
    int *rows;
    /* By station: the township being added up for its 小计 line. */
    char township_id[LL_ID_LEN];
    char township_name[64];
    int subtotal[COUNT_COLUMNS];
    enum ll_status status; /* a write that failed inside the model's walk */
    struct ll_error *err;
};

/* One line: the township, the station (by station only), the counts. */
static bool write_counts_line(const struct counts_export *x, const char *township,
                              const char *station, const int values[COUNT_COLUMNS])
{
    const char *f[COUNT_COLUMNS + 2];
    char numbers[COUNT_COLUMNS][12];
    int n = 0;
    f[n++] = township;
    if (x->level == COUNTS_BY_STATION)
        f[n++] = station;
    for (int col = 0; col < COUNT_COLUMNS; col++) {
        snprintf(numbers[col], sizeof numbers[col], "%d", values[col]);
        f[n++] = numbers[col];
    }
    return csv_write_row(x->out, f, n);
}

/* The 小计 line of the township added up so far (none before the first). */
static bool write_subtotal(const struct counts_export *x)
{
    return !x->township_id[0] || write_counts_line(x, x->township_name, "小计", x->subtotal);
}

static bool write_total(const struct counts_export *x, const struct ledger_counts *total)
{
    int values[COUNT_COLUMNS];
    for (int col = 0; col < COUNT_COLUMNS; col++)
        values[col] = count_column_value(total, col);
    return write_counts_line(x, "全县合计", "", values);
}

/* A station's line, after its township's 小计 line when it starts another township. */
static bool write_station_line(struct counts_export *x, const struct counts_row *r,
                               const int values[COUNT_COLUMNS])
{
    if (strcmp(x->township_id, r->township_id) != 0) {
        if (!write_subtotal(x))
            return false;
        snprintf(x->township_id, sizeof x->township_id, "%s", r->township_id);
        snprintf(x->township_name, sizeof x->township_name, "%s", r->township_name);
        memset(x->subtotal, 0, sizeof x->subtotal);
    }
    for (int col = 0; col < COUNT_COLUMNS; col++)
        x->subtotal[col] += values[col];
    return write_counts_line(x, r->township_name, r->station_name, values);
}

static int each_counts_row(void *ctx, const struct counts_row *r)
{
    struct counts_export *x = ctx;
    int values[COUNT_COLUMNS];
    for (int col = 0; col < COUNT_COLUMNS; col++)
        values[col] = count_column_value(&r->c, col);
    bool ok = x->level == COUNTS_BY_STATION ? write_station_line(x, r, values)
                                            : write_counts_line(x, r->township_name, "", values);
    if (!ok) {
        x->status = export_write_failed(x->err);
        return 1;
    }
    ++*x->rows;
    return 0;
}

enum ll_status export_counts(struct ll_db *db, enum counts_level level, const char *from,
                             const char *to, FILE *out, int *rows, struct ll_error *err)
{
    struct counts_export x = {.out = out, .level = level, .rows = rows, .err = err};
    char f[11], t[11];
    *rows = 0;
    if (export_period(from, to, f, t, err) != LL_OK)
        return err->status;
    const char *headers[COUNT_COLUMNS + 2];
    int n = 0;
    headers[n++] = "乡镇";
    if (level == COUNTS_BY_STATION)
        headers[n++] = "联络站";
    for (int col = 0; col < COUNT_COLUMNS; col++)
        headers[n++] = count_column_title(col);
    struct ledger_counts total;
    enum ll_status status = export_begin_file(out, headers, n, err);
    if (status == LL_OK)
        status = ledger_counts(db, level, "", f, t, each_counts_row, &x, &total, err);
    if (status == LL_OK)
        status = x.status;
    if (status == LL_OK && !(write_subtotal(&x) && write_total(&x, &total)))
        status = export_write_failed(err);
    return export_end_file(out, status, err);
}
