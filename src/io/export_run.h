/* Internal to src/io: what every export shares — reading a model list a page at a time, the
 * frame of a CSV file, the period of the ledger exports, and the count columns of the
 * bulletin (the counts export and the printed ledger show the same ones). */
#ifndef LL_IO_EXPORT_RUN_H
#define LL_IO_EXPORT_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "lianluo/db.h"
#include "lianluo/ledger.h"

/* One of the model's lists, read a page at a time in its own order (keyset paging, as the list
 * screens read it); each row goes to each(ctx, row). */
struct page_walk {
    enum ll_status (*fetch)(struct ll_db *db, const void *filter, enum page_dir dir,
                            const char *anchor, int limit, void *rows, int *count,
                            struct ll_error *err);
    const void *filter;
    size_t row_size, key_offset;
    enum ll_status (*each)(void *ctx, const void *row, struct ll_error *err);
    void *ctx;
};

/* Walks every page; *rows (when not NULL) is increased by the rows handed to each(). */
enum ll_status export_walk_pages(struct ll_db *db, const struct page_walk *w, int *rows,
                                 struct ll_error *err);
/* LL_EIO with errno's message. */
enum ll_status export_write_failed(struct ll_error *err);
/* Starts a CSV file: the BOM Excel wants, then the headers. */
enum ll_status export_begin_file(FILE *out, const char *const *headers, int n,
                                 struct ll_error *err);
/* Ends any file: status when it already failed, else whether everything was written. */
enum ll_status export_end_file(FILE *out, enum ll_status status, struct ll_error *err);
/* A whole CSV file: BOM and headers, every row of the walk (their number in *rows), flushed. */
enum ll_status export_csv(struct ll_db *db, FILE *out, const char *const *headers, int n,
                          const struct page_walk *w, int *rows, struct ll_error *err);

/* Walks of the ledger entries and of the problems that f selects, in the model's order (oldest
 * first); each row goes to each(ctx, row). f must outlive the walk. */
struct problem_filter;
struct page_walk export_ledger_walk(const struct ledger_filter *f,
                                    enum ll_status (*each)(void *ctx, const void *row,
                                                           struct ll_error *err),
                                    void *ctx);
struct page_walk export_problem_walk(const struct problem_filter *f,
                                     enum ll_status (*each)(void *ctx, const void *row,
                                                            struct ll_error *err),
                                     void *ctx);

/* A period as callers give it ("" or NULL = an open end, else a date as date_parse reads it)
 * into canonical YYYY-MM-DD; LL_EINVAL for a bad date or a start after the end. */
enum ll_status export_period(const char *from, const char *to, char f[11], char t[11],
                             struct ll_error *err);

/* The bulletin's count columns: the six kinds of entry, then 台账合计 接待人次 反映问题 已解决
 * 已办结 目前未办结. Titles are Chinese whatever the screen language (they are the file's). */
#define COUNT_COLUMNS (LEDGER_KIND_COUNT + 6)
const char *count_column_title(int col);
int count_column_value(const struct ledger_counts *c, int col);

#endif
