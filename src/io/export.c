/* CSV export of stations, deputy groups, deputies and volunteers, with the headers import reads
 * (a round trip keeps every record as it was); and the frame every export shares
 * (export_run.h). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "io/export_run.h"
#include "lianluo/csv.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/station.h"

#define EXPORT_PAGE 128

enum ll_status export_write_failed(struct ll_error *err)
{
    return ll_error_set(err, LL_EIO, _("写出文件失败：%s"), strerror(errno));
}

enum ll_status export_walk_pages(struct ll_db *db, const struct page_walk *w, int *rows,
                                 struct ll_error *err)
{
    char *page = malloc(EXPORT_PAGE * w->row_size), anchor[LL_KEY_LEN] = "";
    enum ll_status status = page ? LL_OK : ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    for (int n = EXPORT_PAGE, total = 0; status == LL_OK && n == EXPORT_PAGE; total += n) {
        status = w->fetch(db, w->filter, total ? PAGE_AFTER : PAGE_FIRST, total ? anchor : NULL,
                          EXPORT_PAGE, page, &n, err);
        for (int i = 0; status == LL_OK && i < n; i++) {
            status = w->each(w->ctx, page + (size_t)i * w->row_size, err);
            if (rows)
                ++*rows;
        }
        if (status == LL_OK && n > 0)
            snprintf(anchor, sizeof anchor, "%s",
                     page + (size_t)(n - 1) * w->row_size + w->key_offset);
    }
    free(page);
    return status;
}

enum ll_status export_begin_file(FILE *out, const char *const *headers, int n, struct ll_error *err)
{
    return csv_write_bom(out) && csv_write_row(out, headers, n) ? LL_OK : export_write_failed(err);
}

enum ll_status export_end_file(FILE *out, enum ll_status status, struct ll_error *err)
{
    if (status != LL_OK)
        return status;
    return fflush(out) == 0 && !ferror(out) ? LL_OK : export_write_failed(err);
}

enum ll_status export_csv(struct ll_db *db, FILE *out, const char *const *headers, int n,
                          const struct page_walk *w, int *rows, struct ll_error *err)
{
    *rows = 0;
    enum ll_status status = export_begin_file(out, headers, n, err);
    return export_end_file(out, status == LL_OK ? export_walk_pages(db, w, rows, err) : status,
                           err);
}

static const char *const deputy_headers[] = {
    "编号",   "姓名",     "性别",     "民族",     "出生年月", "政治面貌", "代表层级", "乡镇",
    "联络站", "代表小组", "联系电话", "工作单位", "职务",     "身份证号", "届次",     "备注",
};
#define DEPUTY_NCOLS ((int)(sizeof deputy_headers / sizeof deputy_headers[0]))

static bool write_deputy(FILE *out, const struct deputy *d)
{
    char levels[128];
    const char *f[DEPUTY_NCOLS] = {
        d->id,
        d->name,
        gender_text(d->gender),
        d->ethnicity,
        d->birth,
        d->party,
        deputy_levels_text(d->levels, levels, sizeof levels),
        d->township_name,
        d->station_name,
        d->group_name,
        d->phone,
        d->workplace,
        d->post,
        d->id_card,
        d->term,
        d->note,
    };
    return csv_write_row(out, f, DEPUTY_NCOLS);
}

static enum ll_status fetch_deputies(struct ll_db *db, const void *filter, enum page_dir dir,
                                     const char *anchor, int limit, void *rows, int *count,
                                     struct ll_error *err)
{
    (void)filter;
    return deputy_list(db, NULL, dir, anchor, limit, rows, count, err);
}

static enum ll_status each_deputy(void *out, const void *row, struct ll_error *err)
{
    return write_deputy(out, row) ? LL_OK : export_write_failed(err);
}

enum ll_status export_deputies(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    struct page_walk w = {fetch_deputies,        NULL,
                          sizeof(struct deputy), offsetof(struct deputy, sort_key),
                          each_deputy,           out};
    return export_csv(db, out, deputy_headers, DEPUTY_NCOLS, &w, rows, err);
}

#define STATION_FIXED 11
#define STATION_NCOLS (STATION_FIXED + 2 * STATION_HAVE_COUNT)

/* The station file's headers: the fixed ones, then a have and its note for each have. */
static void station_headers(const char *f[STATION_NCOLS], char notes[][64])
{
    static const char *const fixed[STATION_FIXED] = {
        "编号", "名称",   "类型",       "乡镇",     "上级联络站", "村（社区）",
        "地址", "管理员", "管理员电话", "开放时间", "备注",
    };
    for (int i = 0; i < STATION_FIXED; i++)
        f[i] = fixed[i];
    for (int h = 0; h < STATION_HAVE_COUNT; h++) {
        /* Headers stay Chinese whatever the screen language: they are the file format. */
        static const char *const have_names[] = {
#define X(c, code, label) label,
            STATION_HAVES(X)
#undef X
        };
        f[STATION_FIXED + 2 * h] = have_names[h];
        snprintf(notes[h], 64, "%s备注", have_names[h]);
        f[STATION_FIXED + 2 * h + 1] = notes[h];
    }
}

static bool write_station(FILE *out, const struct station *s)
{
    static const char *const kind_names[] = {
#define X(c, code, label) label,
        STATION_KINDS(X)
#undef X
    };
    const char *f[STATION_NCOLS] = {
        s->id,      s->name,    kind_names[s->kind], s->township_name, s->parent_name,
        s->village, s->address, s->admin_name,       s->admin_phone,   s->hours,
        s->note,
    };
    for (int h = 0; h < STATION_HAVE_COUNT; h++) {
        const struct station_have_state *st = &s->haves[h];
        f[STATION_FIXED + 2 * h] = st->done ? (st->date[0] ? st->date : "是") : "否";
        f[STATION_FIXED + 2 * h + 1] = st->note;
    }
    return csv_write_row(out, f, STATION_NCOLS);
}

static enum ll_status fetch_stations(struct ll_db *db, const void *filter, enum page_dir dir,
                                     const char *anchor, int limit, void *rows, int *count,
                                     struct ll_error *err)
{
    (void)filter;
    return station_list(db, NULL, dir, anchor, limit, rows, count, err);
}

struct station_export {
    struct ll_db *db;
    FILE *out;
    int *rows; /* for the volunteers: how many were written */
};

static enum ll_status each_station(void *ctx, const void *row, struct ll_error *err)
{
    struct station_export *x = ctx;
    /* The list carries which haves are met; dates and notes need the full record. */
    struct station full;
    if (station_get(x->db, ((const struct station *)row)->id, &full, err) != LL_OK)
        return err->status;
    return write_station(x->out, &full) ? LL_OK : export_write_failed(err);
}

enum ll_status export_stations(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    struct station_export x = {db, out, NULL};
    struct page_walk w = {fetch_stations,         NULL,
                          sizeof(struct station), offsetof(struct station, sort_key),
                          each_station,           &x};
    const char *headers[STATION_NCOLS];
    char notes[STATION_HAVE_COUNT][64];
    station_headers(headers, notes);
    return export_csv(db, out, headers, STATION_NCOLS, &w, rows, err);
}

static const char *const volunteer_headers[] = {"编号", "乡镇", "联络站", "姓名", "电话", "备注"};
#define VOLUNTEER_NCOLS ((int)(sizeof volunteer_headers / sizeof volunteer_headers[0]))

static enum ll_status fetch_volunteers(struct ll_db *db, const void *station, enum page_dir dir,
                                       const char *anchor, int limit, void *rows, int *count,
                                       struct ll_error *err)
{
    const struct station *s = station;
    return volunteer_list(db, s->id, dir, anchor, limit, rows, count, err);
}

struct volunteer_row_ctx {
    FILE *out;
    const struct station *station;
};

static enum ll_status each_volunteer(void *ctx, const void *row, struct ll_error *err)
{
    const struct volunteer_row_ctx *c = ctx;
    const struct volunteer *v = row;
    const char *f[VOLUNTEER_NCOLS] = {
        v->id, c->station->township_name, c->station->name, v->name, v->phone, v->note};
    return csv_write_row(c->out, f, VOLUNTEER_NCOLS) ? LL_OK : export_write_failed(err);
}

/* A station's volunteers, station after station. */
static enum ll_status each_station_volunteers(void *ctx, const void *row, struct ll_error *err)
{
    struct station_export *x = ctx;
    struct volunteer_row_ctx c = {x->out, row};
    struct page_walk w = {fetch_volunteers,         row,
                          sizeof(struct volunteer), offsetof(struct volunteer, sort_key),
                          each_volunteer,           &c};
    return export_walk_pages(x->db, &w, x->rows, err);
}

enum ll_status export_volunteers(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    struct station_export x = {db, out, rows};
    struct page_walk w = {fetch_stations,          NULL,
                          sizeof(struct station),  offsetof(struct station, sort_key),
                          each_station_volunteers, &x};
    *rows = 0;
    enum ll_status status = export_begin_file(out, volunteer_headers, VOLUNTEER_NCOLS, err);
    return export_end_file(out, status == LL_OK ? export_walk_pages(db, &w, NULL, err) : status,
                           err);
}

static const char *const group_headers[] = {"编号", "名称", "乡镇", "联络站", "备注"};
#define GROUP_NCOLS ((int)(sizeof group_headers / sizeof group_headers[0]))

static enum ll_status fetch_groups(struct ll_db *db, const void *filter, enum page_dir dir,
                                   const char *anchor, int limit, void *rows, int *count,
                                   struct ll_error *err)
{
    (void)filter;
    return deputy_group_list(db, "", dir, anchor, limit, rows, count, err);
}

static enum ll_status each_group(void *out, const void *row, struct ll_error *err)
{
    const struct deputy_group *g = row;
    const char *f[GROUP_NCOLS] = {g->id, g->name, g->township_name, g->station_name, g->note};
    return csv_write_row(out, f, GROUP_NCOLS) ? LL_OK : export_write_failed(err);
}

enum ll_status export_groups(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    struct page_walk w = {
        fetch_groups, NULL, sizeof(struct deputy_group), offsetof(struct deputy_group, sort_key),
        each_group,   out};
    return export_csv(db, out, group_headers, GROUP_NCOLS, &w, rows, err);
}
