/* Internal to src/model: the copy that `lianluo backup`, a restore's copy aside and the daily
 * backup (backup_daily.c, in a thread of its own) all make. */
#ifndef LL_MODEL_BACKUP_INTERNAL_H
#define LL_MODEL_BACKUP_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "lianluo/error.h"

/* Copies the database open on src to path (a folder: lianluo-YYYYMMDD-HHMMSS.db in it) under
 * a temporary name, syncs it, renames it into place and, when check, opens and checks it (a
 * copy that is not sound is removed); written gets the file's path. Nothing half-made is left
 * behind. */
enum ll_status backup_copy_from(sqlite3 *src, const char *path, bool check, char *written,
                                size_t size, struct ll_error *err);

/* Why a file or folder could not be written (an errno), in words a user can act on. */
const char *backup_why_not(int e);

#endif
