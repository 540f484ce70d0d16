/* Townships (乡镇): the unit the station network and the deputies are organised by. */
#ifndef LIANLUO_TOWNSHIP_H
#define LIANLUO_TOWNSHIP_H

#include "lianluo/db.h"

struct township {
    char id[LL_ID_LEN];
    char name[64];
    int sort_order; /* position in lists (the county's customary order) */
};

/* Calls cb for every township in list order; stops early when cb returns non-zero. */
enum ll_status township_list(struct ll_db *db, int (*cb)(void *ctx, const struct township *t),
                             void *ctx, struct ll_error *err);
enum ll_status township_get(struct ll_db *db, const char *id, struct township *out,
                            struct ll_error *err);
/* Finds a township by exact name (trimmed); LL_ENOTFOUND when none. */
enum ll_status township_find(struct ll_db *db, const char *name, struct township *out,
                             struct ll_error *err);
/* Finds, or creates at the end of the list, the township called name. */
enum ll_status township_ensure(struct ll_db *db, const char *name, struct township *out,
                               struct ll_error *err);

#endif
