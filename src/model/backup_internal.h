/* Internal to src/model: the copy that `lianluo backup`, a restore's copy aside and the daily
 * backup (backup_daily.c, in a thread of its own) all make. */
#ifndef LL_MODEL_BACKUP_INTERNAL_H
#define LL_MODEL_BACKUP_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "lianluo/error.h"

/* Copies the database open on src to path (a folder: lianluo-YYYYMMDD-HHMMSS.db in it) under
 * a temporary name, syncs it, renames it into place and, when check, opens and checks it (a
 * copy that is not sound is removed); written gets the file's path. Nothing half-made is left
 * behind. */
enum ll_status backup_copy_from(sqlite3 *src, const char *path, bool check, char *written,
                                size_t size, struct ll_error *err);

/* How far a copy made in a thread of its own is, for another thread to read, and how that
 * thread stops it. */
struct backup_progress {
    atomic_int cancel;        /* set by the other thread: the copy stops, leaving nothing */
    atomic_int copied, total; /* pages of the database */
    atomic_int checking;      /* every page copied: the copy is synced and checked */
    atomic_int cancelled;     /* it stopped because it was asked to */
    /* the connection checking the copy, under lock (backup_progress_init): a cancel interrupts
     * it (SQLite's integrity check does not call the progress handler everywhere) */
    pthread_mutex_t lock;
    sqlite3 *checking_db;
};

void backup_progress_init(struct backup_progress *p);
void backup_progress_destroy(struct backup_progress *p);
/* Asks the copy to stop: between two steps, or during its check. */
void backup_progress_cancel(struct backup_progress *p);

/* backup_copy_from, copying a few hundred pages at a time (in one read transaction of src,
 * which must be a connection of the thread's own, so that saves meanwhile do not start it
 * again), saying how far it is in progress and stopping between two steps, or during its
 * check, once progress->cancel is set: then nothing is left of it and progress->cancelled is
 * set. */
enum ll_status backup_copy_watched(sqlite3 *src, const char *path, bool check,
                                   struct backup_progress *progress, char *written, size_t size,
                                   struct ll_error *err);

/* The start of the names of a database's copies (STEM-YYYYMMDD-HHMMSS.db) into out. */
void backup_copy_stem(const char *db_path, char *out, size_t size);

/* Why a file or folder could not be written (an errno), in words a user can act on. */
const char *backup_why_not(int e);

#endif
