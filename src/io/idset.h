/* A set of record ids, each with the file line that named it: an import uses it to notice two
 * rows of one file that describe the same record. Private to src/io. */
#ifndef LL_IO_IDSET_H
#define LL_IO_IDSET_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/db.h"

struct idset {
    struct idset_slot {
        char id[LL_ID_LEN];
        int line;
    } * slots;
    size_t used, cap; /* cap is 0 or a power of two */
};

/* Adds id (named on line). Returns the line that added it first when it was there already,
 * 0 when it is new, -1 when memory ran out. */
int idset_add(struct idset *set, const char *id, int line);
void idset_free(struct idset *set);

#endif
