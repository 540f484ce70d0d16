/* CSV export of stations, deputies and volunteers, with the headers import reads (a round trip
 * keeps every record as it was). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/csv.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/station.h"

#define EXPORT_PAGE 128

static enum ll_status write_failed(struct ll_error *err)
{
    return ll_error_set(err, LL_EIO, _("写出文件失败：%s"), strerror(errno));
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

enum ll_status export_deputies(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    static struct deputy page[EXPORT_PAGE];
    char anchor[LL_KEY_LEN] = "";
    int n;
    *rows = 0;
    if (!csv_write_bom(out) || !csv_write_row(out, deputy_headers, DEPUTY_NCOLS))
        return write_failed(err);
    do {
        if (deputy_list(db, NULL, *rows ? PAGE_AFTER : PAGE_FIRST, *rows ? anchor : NULL,
                        EXPORT_PAGE, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++)
            if (!write_deputy(out, &page[i]))
                return write_failed(err);
        *rows += n;
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == EXPORT_PAGE);
    return fflush(out) == 0 ? LL_OK : write_failed(err);
}

#define STATION_FIXED 11
#define STATION_NCOLS (STATION_FIXED + 2 * STATION_HAVE_COUNT)

static bool write_station_header(FILE *out)
{
    static const char *const fixed[STATION_FIXED] = {
        "编号", "名称",   "类型",       "乡镇",     "上级联络站", "村（社区）",
        "地址", "管理员", "管理员电话", "开放时间", "备注",
    };
    char notes[STATION_HAVE_COUNT][64];
    const char *f[STATION_NCOLS];
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
        snprintf(notes[h], sizeof notes[h], "%s备注", have_names[h]);
        f[STATION_FIXED + 2 * h + 1] = notes[h];
    }
    return csv_write_row(out, f, STATION_NCOLS);
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

enum ll_status export_stations(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    static struct station page[EXPORT_PAGE];
    char anchor[LL_KEY_LEN] = "";
    int n;
    *rows = 0;
    if (!csv_write_bom(out) || !write_station_header(out))
        return write_failed(err);
    do {
        if (station_list(db, NULL, *rows ? PAGE_AFTER : PAGE_FIRST, *rows ? anchor : NULL,
                         EXPORT_PAGE, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++) {
            /* The list carries which haves are met; dates and notes need the full record. */
            struct station full;
            if (station_get(db, page[i].id, &full, err) != LL_OK)
                return err->status;
            if (!write_station(out, &full))
                return write_failed(err);
        }
        *rows += n;
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == EXPORT_PAGE);
    return fflush(out) == 0 ? LL_OK : write_failed(err);
}

static const char *const volunteer_headers[] = {"编号", "乡镇", "联络站", "姓名", "电话", "备注"};
#define VOLUNTEER_NCOLS ((int)(sizeof volunteer_headers / sizeof volunteer_headers[0]))

/* The volunteers of one station, a page at a time. */
static enum ll_status export_station_volunteers(struct ll_db *db, FILE *out,
                                                const struct station *s, int *rows,
                                                struct ll_error *err)
{
    static struct volunteer page[EXPORT_PAGE];
    char anchor[LL_KEY_LEN] = "";
    int n;
    do {
        if (volunteer_list(db, s->id, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                           anchor[0] ? anchor : NULL, EXPORT_PAGE, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++) {
            const char *f[VOLUNTEER_NCOLS] = {page[i].id,   s->township_name, s->name,
                                              page[i].name, page[i].phone,    page[i].note};
            if (!csv_write_row(out, f, VOLUNTEER_NCOLS))
                return write_failed(err);
        }
        *rows += n;
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == EXPORT_PAGE);
    return LL_OK;
}

enum ll_status export_volunteers(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    static struct station page[EXPORT_PAGE];
    char anchor[LL_KEY_LEN] = "";
    int n;
    *rows = 0;
    if (!csv_write_bom(out) || !csv_write_row(out, volunteer_headers, VOLUNTEER_NCOLS))
        return write_failed(err);
    do {
        if (station_list(db, NULL, anchor[0] ? PAGE_AFTER : PAGE_FIRST, anchor[0] ? anchor : NULL,
                         EXPORT_PAGE, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++)
            if (export_station_volunteers(db, out, &page[i], rows, err) != LL_OK)
                return err->status;
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == EXPORT_PAGE);
    return fflush(out) == 0 ? LL_OK : write_failed(err);
}

static const char *const group_headers[] = {"编号", "名称", "乡镇", "联络站", "备注"};
#define GROUP_NCOLS ((int)(sizeof group_headers / sizeof group_headers[0]))

enum ll_status export_groups(struct ll_db *db, FILE *out, int *rows, struct ll_error *err)
{
    static struct deputy_group page[EXPORT_PAGE];
    char anchor[LL_KEY_LEN] = "";
    int n;
    *rows = 0;
    if (!csv_write_bom(out) || !csv_write_row(out, group_headers, GROUP_NCOLS))
        return write_failed(err);
    do {
        if (deputy_group_list(db, "", anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                              anchor[0] ? anchor : NULL, EXPORT_PAGE, page, &n, err) != LL_OK)
            return err->status;
        for (int i = 0; i < n; i++) {
            const char *f[GROUP_NCOLS] = {page[i].id, page[i].name, page[i].township_name,
                                          page[i].station_name, page[i].note};
            if (!csv_write_row(out, f, GROUP_NCOLS))
                return write_failed(err);
        }
        *rows += n;
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == EXPORT_PAGE);
    return fflush(out) == 0 ? LL_OK : write_failed(err);
}
