/* Status codes and the error record every model, io and core call fills in.
 * The model returns a status and a message a user can read; the caller shows it. */
#ifndef LIANLUO_ERROR_H
#define LIANLUO_ERROR_H

#include <stddef.h>

enum ll_status {
    LL_OK = 0,
    LL_EINVAL,    /* bad input: a field, a CSV cell, an INI line */
    LL_ENOTFOUND, /* no such record or file */
    LL_EDB,       /* SQLite said no */
    LL_EIO,       /* reading or writing a file failed */
    LL_ENOMEM,
    LL_ENEWER,    /* database made by a newer lianluo */
    LL_EBUSY,     /* database locked by another program */
    LL_ECONFLICT, /* record still referenced, or changed elsewhere */
};

struct ll_error {
    enum ll_status status;
    int line;       /* 1-based line of a file, 0 when not about a file */
    int column;     /* 1-based column of a CSV or INI line, 0 when unknown */
    char field[48]; /* name of the record field at fault (struct member), "" when none */
    char msg[512];  /* UTF-8, already translated, ready to show */
};

/* Sets status and message (printf-style) and returns status. err may be NULL. */
enum ll_status ll_error_set(struct ll_error *err, enum ll_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, naming the field at fault. */
enum ll_status ll_error_field(struct ll_error *err, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ll_error_clear(struct ll_error *err);

#endif
