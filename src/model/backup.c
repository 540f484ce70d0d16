/* Backups and restores of the database file (see lianluo/db.h). SQLite's online backup API,
 * never a file copy of a database in use: VACUUM INTO does not sync its output, so the copy is
 * written to a temporary name, synced, renamed into place, the folder synced, and the copy
 * opened and checked. */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/backup_internal.h"
#include "model/sql.h"

const char *backup_why_not(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return _("没有写入权限");
    case EROFS:
        return _("磁盘是只读的");
    case ENOSPC:
        return _("磁盘已满");
    default:
        return strerror(e);
    }
}

static enum ll_status sync_path(const char *path, int flags, struct ll_error *err)
{
    int fd = open(path, flags);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), path, backup_why_not(e));
    }
    close(fd);
    return LL_OK;
}

/* The copies' pages a step, when they are watched: 1 MiB of 4 KiB pages, a few milliseconds;
 * a cancel waits no longer than one step. */
#define STEP_PAGES 256

/* SQLite's progress handler on the check of a watched copy: non-zero stops the check. */
static int stop_if_cancelled(void *arg)
{
    struct backup_progress *progress = arg;
    return atomic_load(&progress->cancel);
}

void backup_progress_init(struct backup_progress *p)
{
    pthread_mutex_init(&p->lock, NULL);
    p->checking_db = NULL;
}

void backup_progress_destroy(struct backup_progress *p)
{
    pthread_mutex_destroy(&p->lock);
}

void backup_progress_cancel(struct backup_progress *p)
{
    atomic_store(&p->cancel, 1);
    pthread_mutex_lock(&p->lock);
    if (p->checking_db)
        sqlite3_interrupt(p->checking_db);
    pthread_mutex_unlock(&p->lock);
}

/* The connection a cancel interrupts (NULL: none, before it is closed). */
static void watch_check(struct backup_progress *progress, sqlite3 *h)
{
    if (!progress)
        return;
    pthread_mutex_lock(&progress->lock);
    progress->checking_db = h;
    pthread_mutex_unlock(&progress->lock);
    if (h && atomic_load(&progress->cancel))
        sqlite3_interrupt(h); /* asked just before */
}

/* Opens path read-only and checks that it is a lianluo database, and sound unless !whole (then
 * its pages are not read); *version gets its data format. A watched check (progress not NULL)
 * stops when it is cancelled. */
static enum ll_status check_copy(const char *path, bool whole, struct backup_progress *progress,
                                 int *version, struct ll_error *err)
{
    sqlite3 *h = NULL;
    enum ll_status st = LL_OK;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return ll_error_set(err, LL_ENOTFOUND, _("无法打开 %s。"), path);
    }
    if (progress)
        sqlite3_progress_handler(h, 10000, stop_if_cancelled, progress);
    watch_check(progress, h);
    sqlite3_stmt *q = NULL;
    int app = 0;
    *version = 0;
    if (sqlite3_prepare_v2(h,
                           "SELECT application_id, user_version FROM pragma_application_id, "
                           "pragma_user_version",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        app = sqlite3_column_int(q, 0);
        *version = sqlite3_column_int(q, 1);
    }
    sqlite3_finalize(q);
    if (app != LL_APPLICATION_ID)
        st = ll_error_set(err, LL_EINVAL, _("%s 不是 lianluo 的数据库或备份文件。"), path);
    if (st == LL_OK && !whole) {
        /* its identity alone */
    } else if (st == LL_OK &&
               sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK) {
        int rc = sqlite3_step(q);
        if (rc == SQLITE_INTERRUPT && progress && atomic_load(&progress->cancel))
            st = ll_error_set(err, LL_EIO, _("备份已取消：%s。"), path);
        else if (rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(q, 0), "ok"))
            st = ll_error_set(err, LL_EDB, _("备份文件 %s 已损坏（完整性检查没有通过）。"), path);
        sqlite3_finalize(q);
    } else if (st == LL_OK)
        st = ll_error_set(err, LL_EDB, _("备份文件 %s 已损坏（完整性检查没有通过）。"), path);
    watch_check(progress, NULL);
    sqlite3_close(h);
    return st;
}

/* The start of the names of a database's daily copies: its file's name without ".db" (lianluo
 * for the default lianluo.db), so that two databases in one folder, which share its backups
 * folder, never take each other's copies for their own — to list, to restore, to rotate. */
void backup_copy_stem(const char *db_path, char *out, size_t size)
{
    const char *slash = strrchr(db_path, '/');
    const char *base = slash ? slash + 1 : db_path;
    size_t n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".db") == 0)
        n -= 3;
    snprintf(out, size, "%.*s", (int)n, n ? base : "lianluo");
    if (!out[0])
        snprintf(out, size, "%s", "lianluo");
}

enum ll_status db_backup(struct ll_db *db, const char *path, char *written, size_t size,
                         struct ll_error *err)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) { /* named as the daily copies are */
        char stem[256], stamp[32], file[4600];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        backup_copy_stem(db->path, stem, sizeof stem);
        snprintf(file, sizeof file, "%s%s%s-%s.db", path, path[strlen(path) - 1] == '/' ? "" : "/",
                 stem, stamp);
        return backup_copy_from(db->h, file, true, written, size, err);
    }
    return backup_copy_from(db->h, path, true, written, size, err);
}

enum ll_status backup_copy_from(sqlite3 *src, const char *path, bool check, char *written,
                                size_t size, struct ll_error *err)
{
    return backup_copy_watched(src, path, check, NULL, written, size, err);
}

/* The pages copied in steps, saying how far it is, until done, a failure or a cancel (then
 * SQLITE_INTERRUPT). One read transaction of src around them all: each step would otherwise
 * take a read transaction of its own, and a save made between two steps start the copy again
 * (on a big file, for as long as saves are made). */
static int copy_in_steps(sqlite3 *src, sqlite3_backup *b, struct backup_progress *progress)
{
    int rc = sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    do {
        if (atomic_load(&progress->cancel)) {
            rc = SQLITE_INTERRUPT;
            break;
        }
        rc = sqlite3_backup_step(b, STEP_PAGES);
        int total = sqlite3_backup_pagecount(b);
        atomic_store(&progress->total, total);
        atomic_store(&progress->copied, total - sqlite3_backup_remaining(b));
    } while (rc == SQLITE_OK);
    sqlite3_exec(src, "COMMIT", NULL, NULL, NULL); /* ends the read transaction */
    return rc;
}

enum ll_status backup_copy_watched(sqlite3 *src, const char *path, bool check,
                                   struct backup_progress *progress, char *written, size_t size,
                                   struct ll_error *err)
{
    struct stat sb;
    char tmp[4200];
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        snprintf(written, size, "%s%slianluo-%s.db", path, path[strlen(path) - 1] == '/' ? "" : "/",
                 stamp);
    } else
        snprintf(written, size, "%s", path);
    snprintf(tmp, sizeof tmp, "%s.part", written);
    remove(tmp);
    sqlite3 *dst = NULL;
    enum ll_status st = LL_OK;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        /* SQLite says only "unable to open database file": the folder says why */
        char folder[4200];
        snprintf(folder, sizeof folder, "%s", tmp);
        int e = access(dirname(folder), W_OK) != 0 ? errno : sqlite3_system_errno(dst);
        st = ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), written,
                          e != 0 ? backup_why_not(e) : sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return st;
    }
    /* in one read transaction, which in WAL mode holds up no save meanwhile: in one step, or
     * watched in many */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    int rc = !b         ? sqlite3_errcode(dst)
             : progress ? copy_in_steps(src, b, progress)
                        : sqlite3_backup_step(b, -1);
    if (b)
        sqlite3_backup_finish(b);
    if (rc == SQLITE_INTERRUPT && progress)
        st = ll_error_set(err, LL_EIO, _("备份已取消：%s。"), written);
    else if (rc != SQLITE_DONE && ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB))
        st = ll_error_set(err, LL_EDB, _("数据库已损坏，备份没有写完：%s。"), written);
    else if (rc != SQLITE_DONE)
        st = (rc & 0xff) == SQLITE_FULL
                 ? ll_error_set(err, LL_EIO, _("磁盘已满，备份没有写完：%s。"), written)
                 : ll_error_set(err, LL_EIO, _("备份没有写完（%s）：%s。"), sqlite3_errstr(rc),
                                written);
    /* a copy on its own: no write-ahead log beside it */
    if (st == LL_OK)
        sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(dst);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", written);
    if (st == LL_OK)
        st = sync_path(tmp, O_RDONLY, err);
    if (st == LL_OK && rename(tmp, written) != 0)
        st = ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), written, backup_why_not(errno));
    if (st == LL_OK)
        st = sync_path(dirname(dir), O_RDONLY | O_DIRECTORY, err);
    int version;
    bool in_place = st == LL_OK && check; /* renamed, and then checked */
    if (progress)
        atomic_store(&progress->checking, 1);
    if (in_place && (st = check_copy(written, true, progress, &version, err)) != LL_OK)
        remove(written); /* not sound (or not checked): worthless */
    if (st != LL_OK && progress && atomic_load(&progress->cancel))
        atomic_store(&progress->cancelled, 1);
    if (st != LL_OK) { /* nothing half-made is left: the copy, its journal */
        char journal[4300];
        snprintf(journal, sizeof journal, "%s-journal", tmp);
        remove(tmp);
        remove(journal);
    }
    return st;
}

/* Checks the backup at path for a restore: ours, not newer, sound unless !whole; *version gets
 * its format. */
static enum ll_status check_restorable(const char *path, bool whole, int *version,
                                       struct ll_error *err)
{
    if (check_copy(path, whole, NULL, version, err) != LL_OK)
        return err->status;
    if (*version > db_schema_version())
        return ll_error_set(err, LL_ENEWER,
                            _("备份 %s 由更新版本的 lianluo 制作（数据格式第 %d 版），本程序不能"
                              "恢复它：请先升级 lianluo。"),
                            path, *version);
    return LL_OK;
}

enum ll_status db_restore_precheck(const char *path, struct ll_error *err)
{
    int version = 0;
    return check_restorable(path, false, &version, err);
}

/* Where the database's contents go before a restore: DB.before-restore-YYYYMMDD-HHMMSS.db. */
static void aside_name(const char *db_path, char *out, size_t size)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(out, size, "%s.before-restore-%s.db", db_path, stamp);
}

enum ll_status db_restore(struct ll_db *db, const char *path, char *aside, size_t size,
                          struct ll_error *err)
{
    int version = 0;
    if (check_restorable(path, true, &version, err) != LL_OK)
        return err->status;
    /* what is there now, kept beside the database first */
    char where[4200];
    aside_name(db->path, where, sizeof where);
    if (backup_copy_from(db->h, where, false, aside, size, err) != LL_OK)
        return err->status;
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(src);
        return ll_error_set(err, LL_ENOTFOUND, _("无法打开 %s。"), path);
    }
    sqlite3_backup *b = sqlite3_backup_init(db->h, "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(db->h);
    if (b)
        sqlite3_backup_finish(b);
    sqlite3_close(src);
    if (rc != SQLITE_DONE)
        return ll_error_set(err, LL_EIO,
                            _("恢复没有完成（%s），数据库保持原样；恢复前的内容另存在 %s。"),
                            sqlite3_errstr(rc), aside);
    return db_migrate_from(db, version, err);
}

/* Whether a program has the database open: in WAL mode every connection holds a read lock on
 * one byte of the -shm file (SQLite's unix VFS: the "DMS" byte, at 120 + 8) while it is open. */
static bool open_elsewhere(const char *db_path)
{
    char shm[4200];
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    int fd = open(shm, O_RDWR);
    if (fd < 0)
        return false;
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
    bool held = fcntl(fd, F_GETLK, &l) == 0 && l.l_type != F_UNLCK;
    close(fd);
    return held;
}

/* Moves from to to when from exists; false (errno set) when it exists and cannot be moved. */
static bool move_if_there(const char *from, const char *to)
{
    return rename(from, to) == 0 || errno == ENOENT;
}

enum ll_status db_restore_unopened(const char *db_path, const char *path, char *aside, size_t size,
                                   struct ll_error *err)
{
    int version = 0;
    if (check_restorable(path, true, &version, err) != LL_OK)
        return err->status;
    if (open_elsewhere(db_path))
        return ll_error_set(err, LL_EBUSY,
                            _("%s 正被另一个程序（可能是另一个 lianluo）打开，没有恢复。请先关闭"
                              "它，再运行一次。"),
                            db_path);
    /* the damaged file moved aside whole, with its write-ahead log */
    char wal[4300], aside_wal[4400], shm[4300];
    aside_name(db_path, aside, size);
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    snprintf(aside_wal, sizeof aside_wal, "%s-wal", aside);
    snprintf(shm, sizeof shm, "%s-shm", db_path);
    if (rename(db_path, aside) != 0)
        return ll_error_set(err, LL_EIO, _("无法把 %s 另存为 %s：%s"), db_path, aside,
                            backup_why_not(errno));
    if (!move_if_there(wal, aside_wal)) {
        int e = errno;
        rename(aside, db_path);
        return ll_error_set(err, LL_EIO, _("无法把 %s 另存为 %s：%s"), wal, aside_wal,
                            backup_why_not(e));
    }
    remove(shm);
    sqlite3 *src = NULL;
    char written[4300];
    enum ll_status st = LL_OK;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        st = ll_error_set(err, LL_ENOTFOUND, _("无法打开 %s。"), path);
    else
        st = backup_copy_from(src, db_path, false, written, sizeof written, err);
    sqlite3_close(src);
    if (st != LL_OK) { /* the damaged file back where it was: nothing changed */
        rename(aside, db_path);
        move_if_there(aside_wal, wal);
    }
    return st;
}

enum ll_status db_backup_folder(struct ll_db *db, char *buf, size_t size, struct ll_error *err)
{
    const char *slash = strrchr(db->path, '/');
    int dir = slash ? (int)(slash - db->path + 1) : 0;
    snprintf(buf, size, "%.*sbackups", dir, db->path);
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return ll_error_set(err, LL_EIO, _("无法建立备份文件夹 %s：%s"), buf,
                            backup_why_not(errno));
    return LL_OK;
}
