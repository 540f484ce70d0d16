/* The database file: open (migrating it to this program's schema), transactions, checks.
 * Opaque to callers; only src/model sees SQLite. */
#ifndef LIANLUO_DB_H
#define LIANLUO_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/config.h"
#include "lianluo/error.h"

#define LL_ID_LEN 37 /* a UUID and its NUL */

/* A search's count (ledger_count, problem_count with search text) stops at LL_COUNT_MAX: a
 * search of one or two characters has no index, and the list must not read a county's every
 * entry to say how many it found. More than that is counted as LL_COUNT_MORE. */
#define LL_COUNT_MAX  1000
#define LL_COUNT_MORE (-2)

struct ll_db;

/* Who is writing: recorded on every row (site) and in the audit log (operator). */
struct db_identity {
    const char *site_name;
    enum site_role role;
    const char *township;
    const char *operator_name;
};

/* The schema version this program writes (the highest migration under data/migrations). */
int db_schema_version(void);
/* The data format of a sync package: the number of the last migration that changed a synced
 * table or its columns (007: contacts). Packages carry it; one made by any lianluo whose data
 * format version lies between it and this program's is the same tables and columns, so sites
 * need not all upgrade at once for a migration that changes no synced table. */
#define LL_SYNC_FORMAT 7
/* What a package made here says it is: lianluo up to data format 8 took only packages of its
 * own version, so 8 (the tables are those of 7), until a synced table changes again (then
 * both are that migration's number). */
#define LL_SYNC_WRITTEN 8
/* Opens path, creating the file and its folder when missing, and migrates it. A file made by
 * a newer lianluo is refused (LL_ENEWER) and not touched; a file that is not a lianluo
 * database is refused (LL_EINVAL); a file locked by another program gives LL_EBUSY. */
enum ll_status db_open(const char *path, const struct db_identity *who, struct ll_db **out,
                       struct ll_error *err);
/* The same for a database that must be there already (check, export): a missing path gives
 * LL_ENOTFOUND and is not created; an empty file is refused and left empty. */
enum ll_status db_open_existing(const char *path, const struct db_identity *who, struct ll_db **out,
                                struct ll_error *err);
/* Checkpoints the WAL and closes. NULL is fine. */
void db_close(struct ll_db *db);
/* The id of this installation (made once, when the file was created). */
const char *db_site_id(const struct ll_db *db);
const char *db_path(const struct ll_db *db);

/* What the last successful *_save did to the record's own rows: a save of what is there already
 * changes nothing, and leaves no trace in the audit log. */
enum save_outcome { SAVE_INSERTED, SAVE_UPDATED, SAVE_UNCHANGED };
enum save_outcome db_last_save(const struct ll_db *db);
/* Nested transactions: the outermost commit is the one that is durable. */
enum ll_status db_begin(struct ll_db *db, struct ll_error *err);
enum ll_status db_commit(struct ll_db *db, struct ll_error *err);
void db_rollback(struct ll_db *db);
/* An all-or-nothing transaction of many saves (an import): the saves inside it open no
 * savepoint of their own (each would copy every page it changes into a statement journal: a
 * third of an import's work); one that fails inside it makes the outermost commit roll
 * everything back and fail. Inside another transaction, an ordinary nested one. */
enum ll_status db_begin_bulk(struct ll_db *db, struct ll_error *err);

/* A copy of the database at path (a folder: lianluo-YYYYMMDD-HHMMSS.db in it), made with
 * SQLite's online backup to a temporary name, synced, renamed into place and then opened and
 * checked; written gets the file's path. */
enum ll_status db_backup(struct ll_db *db, const char *path, char *written, size_t size,
                         struct ll_error *err);
/* The folder backups beside the database, made when missing; its path into buf. */
enum ll_status db_backup_folder(struct ll_db *db, char *buf, size_t size, struct ll_error *err);
/* The daily backup: when the folder backups beside the database has no copy of today yet, one
 * is made (lianluo-YYYYMMDD-HHMMSS.db); then only the newest keep copies are kept. keep 0
 * does nothing. *made (may be NULL) says whether a copy was made. */
enum ll_status db_backup_daily(struct ll_db *db, int keep, bool *made, struct ll_error *err);
/* The same in two steps, for the screens: start decides (an unwritable folder is an error at
 * once) and makes the copy in a thread of its own (*job NULL when there is nothing to do);
 * finish waits for it and frees the job. */
struct db_backup_job;
enum ll_status db_backup_daily_start(struct ll_db *db, int keep, struct db_backup_job **job,
                                     struct ll_error *err);
enum ll_status db_backup_daily_finish(struct db_backup_job *job, bool *made, struct ll_error *err);
/* Whether the copy is still being made. */
bool db_backup_daily_busy(const struct db_backup_job *job);
/* How far the copy is: *percent of the database's pages copied (0 to 100). True once they are
 * all copied and the copy is being synced and checked (on a big file that takes about as long
 * again, and has no measure). NULL: 0, false. */
bool db_backup_daily_progress(const struct db_backup_job *job, int *percent);
/* Asks the copy to stop, and returns at once: it stops after the step it is making (a few
 * hundred pages) or during its check, and removes what it wrote. Nothing is recorded as done
 * today: the next start makes the day's copy again. finish then waits for it to stop, and says
 * LL_OK with *made false. A copy already made is kept. NULL is fine. */
void db_backup_daily_cancel(struct db_backup_job *job);
/* Whether the copy has ended without being made because it was cancelled. */
bool db_backup_daily_cancelled(const struct db_backup_job *job);
/* LL_OK while the copy is being made, when it was made, or when job is NULL; otherwise why it
 * failed (why gets the reason): LL_EDB when the copy failed its check — the database it was
 * made from is probably damaged. */
enum ll_status db_backup_daily_failed(const struct db_backup_job *job, char *why, size_t size);
/* Replaces the database's contents with the backup at path, after checking it (a lianluo
 * database, sound, not from a newer lianluo); the current contents are first written beside
 * the database (aside gets that file), never overwritten blindly. An older backup is then
 * brought to this program's format. */
enum ll_status db_restore(struct ll_db *db, const char *path, char *aside, size_t size,
                          struct ll_error *err);
/* The copies in the backups folder beside db_path (the daily ones and those of `lianluo
 * backup`), newest first: each gets the file's path and size. No folder: none. */
enum ll_status db_backup_list(const char *db_path,
                              void (*each)(void *ctx, const char *path, long long bytes), void *ctx,
                              struct ll_error *err);
/* The same for a database too damaged to be opened: after the backup is checked, the file at
 * db_path (with its -wal) is moved aside whole (aside gets its name) and the backup copied into
 * its place; refused while another program has the file open. Opening it afterwards brings an
 * older backup to this program's format. */
enum ll_status db_restore_unopened(const char *db_path, const char *path, char *aside, size_t size,
                                   struct ll_error *err);
/* Before asking the user: whether path is a lianluo database or backup this program can
 * restore (not newer), its pages not yet read (the restore checks them). */
enum ll_status db_restore_precheck(const char *path, struct ll_error *err);

/* `lianluo check`: integrity_check, foreign_key_check, schema version and application id.
 * Writes a human-readable report (one finding a line); returns LL_OK when all is well. */
enum ll_status db_check(struct ll_db *db, char *report, size_t reportsz, struct ll_error *err);
/* Reads the schema version of a file without opening it for writing (for messages). */
enum ll_status db_peek_version(const char *path, int *version, struct ll_error *err);

/* Direction of a keyset page, for list screens. */
enum page_dir {
    PAGE_FIRST,  /* the first `limit` rows */
    PAGE_AFTER,  /* rows strictly after the anchor key, ascending */
    PAGE_BEFORE, /* rows strictly before the anchor key, returned in ascending order */
    PAGE_LAST,   /* the last `limit` rows, in ascending order */
};

/* Sort key of a listed row, opaque to callers. The longest: a station or group name of 40
 * characters, each 7 bytes of pinyin (" zhuang") and 4 of UTF-8, with the township order, the
 * kind, separators and the id: 8 + 3 + 280 + 160 + 36 < 512. */
#define LL_KEY_LEN 640

/* One audit-log entry, newest first in audit_list. */
struct audit_entry {
    char at[25];
    char operator_name[64];
    char site_id[LL_ID_LEN];
    char table_name[32];
    char record_id[LL_ID_LEN];
    char action[16]; /* insert, update, delete */
    char summary[256];
};
/* Calls cb for the newest `limit` entries about record_id (all records when NULL). */
enum ll_status audit_list(struct ll_db *db, const char *record_id, int limit,
                          int (*cb)(void *ctx, const struct audit_entry *e), void *ctx,
                          struct ll_error *err);

#endif
