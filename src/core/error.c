#include "lianluo/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void error_vset(struct ll_error *err, enum ll_status status, const char *fmt, va_list ap)
{
    err->status = status;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

enum ll_status ll_error_set(struct ll_error *err, enum ll_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        error_vset(err, status, fmt, ap);
        va_end(ap);
    }
    return status;
}

enum ll_status ll_error_field(struct ll_error *err, const char *field, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        error_vset(err, LL_EINVAL, fmt, ap);
        va_end(ap);
        snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    }
    return LL_EINVAL;
}

void ll_error_clear(struct ll_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}
