/* Writing a file so that, whatever happens, it holds either what it held before or the whole
 * new text: the text goes to a private file beside it, which is synced and renamed over it. A
 * link is followed (the link stays a link); a device or a pipe (/dev/null) is written straight
 * into, since it cannot be replaced. Used by config_save and `lianluo export -o`. */
#ifndef LL_CORE_FILE_REPLACE_H
#define LL_CORE_FILE_REPLACE_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "lianluo/error.h"

struct file_replace {
    char real[PATH_MAX];    /* the file a path finally names */
    char tmp[PATH_MAX + 8]; /* where the text goes until it is complete */
    bool direct;            /* a device or pipe: written straight into */
    FILE *f;                /* write here */
};

/* Opens t->f for path; a folder is refused. The new file gets the old one's permissions. */
enum ll_status file_replace_open(struct file_replace *t, const char *path, struct ll_error *err);
/* Finishes: status is how the writing went. Only when it is LL_OK and everything reaches the
 * disk does the new text take the file's place; otherwise the old file is left as it was. */
enum ll_status file_replace_close(struct file_replace *t, const char *path, enum ll_status status,
                                  struct ll_error *err);

#endif
