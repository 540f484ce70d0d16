/* Backups and restores of the database file (see lianluo/db.h). SQLite's online backup API,
 * never a file copy of a database in use: VACUUM INTO does not sync its output, so the copy is
 * written to a temporary name, synced, renamed into place, the folder synced, and the copy
 * opened and checked. */
#include <dirent.h>
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
#include "model/sql.h"

static enum ll_status sync_path(const char *path, int flags, struct ll_error *err)
{
    int fd = open(path, flags);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), path, strerror(e));
    }
    close(fd);
    return LL_OK;
}

/* Opens path read-only and checks that it is a sound lianluo database; *version gets its data
 * format. */
static enum ll_status check_copy(const char *path, int *version, struct ll_error *err)
{
    sqlite3 *h = NULL;
    enum ll_status st = LL_OK;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return ll_error_set(err, LL_ENOTFOUND, _("无法打开 %s。"), path);
    }
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
    if (st == LL_OK && sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(q, 0), "ok"))
            st = ll_error_set(err, LL_EDB, _("备份文件 %s 已损坏（完整性检查没有通过）。"), path);
        sqlite3_finalize(q);
    } else if (st == LL_OK)
        st = ll_error_set(err, LL_EDB, _("备份文件 %s 已损坏（完整性检查没有通过）。"), path);
    sqlite3_close(h);
    return st;
}

/* The copy; checked afterwards unless check is false (the contents kept aside before a
 * restore are kept whatever state they are in: that is why the restore is made). */
static enum ll_status backup_copy(struct ll_db *db, const char *path, bool check, char *written,
                                  size_t size, struct ll_error *err);

enum ll_status db_backup(struct ll_db *db, const char *path, char *written, size_t size,
                         struct ll_error *err)
{
    return backup_copy(db, path, true, written, size, err);
}

static enum ll_status backup_copy(struct ll_db *db, const char *path, bool check, char *written,
                                  size_t size, struct ll_error *err)
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
        st = ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), written, sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return st;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dst);
    if (b)
        sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
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
        st = ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), written, strerror(errno));
    if (st == LL_OK)
        st = sync_path(dirname(dir), O_RDONLY | O_DIRECTORY, err);
    int version;
    if (st == LL_OK && check)
        st = check_copy(written, &version, err);
    if (st != LL_OK)
        remove(tmp);
    return st;
}

enum ll_status db_restore(struct ll_db *db, const char *path, char *aside, size_t size,
                          struct ll_error *err)
{
    int version = 0;
    if (check_copy(path, &version, err) != LL_OK)
        return err->status;
    if (version > db_schema_version())
        return ll_error_set(err, LL_ENEWER,
                            _("备份 %s 由更新版本的 lianluo 制作（数据格式第 %d 版），本程序不能"
                              "恢复它：请先升级 lianluo。"),
                            path, version);
    /* what is there now, kept beside the database first */
    char stamp[32], where[4200];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(where, sizeof where, "%s.before-restore-%s.db", db->path, stamp);
    if (backup_copy(db, where, false, aside, size, err) != LL_OK)
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

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A daily copy's name: lianluo-YYYYMMDD-HHMMSS.db. */
static bool is_daily(const char *name)
{
    return strlen(name) == 26 && strncmp(name, "lianluo-", 8) == 0 &&
           strspn(name + 8, "0123456789") == 8 && name[16] == '-' &&
           strspn(name + 17, "0123456789") == 6 && strcmp(name + 23, ".db") == 0;
}

enum ll_status db_backup_folder(struct ll_db *db, char *buf, size_t size, struct ll_error *err)
{
    const char *slash = strrchr(db->path, '/');
    int dir = slash ? (int)(slash - db->path + 1) : 0;
    snprintf(buf, size, "%.*sbackups", dir, db->path);
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return ll_error_set(err, LL_EIO, _("无法建立备份文件夹 %s：%s"), buf, strerror(errno));
    return LL_OK;
}

enum ll_status db_backup_daily(struct ll_db *db, int keep, bool *made, struct ll_error *err)
{
    if (made)
        *made = false;
    if (keep <= 0)
        return LL_OK;
    char folder[4200], today[11], day[9];
    if (db_backup_folder(db, folder, sizeof folder, err) != LL_OK)
        return err->status;
    date_today(today);
    snprintf(day, sizeof day, "%.4s%.2s%.2s", today, today + 5, today + 8);
    DIR *d = opendir(folder);
    if (!d)
        return ll_error_set(err, LL_EIO, _("无法打开备份文件夹 %s。"), folder);
    char **names = NULL;
    int n = 0, cap = 0;
    bool have_today = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_daily(e->d_name))
            continue;
        have_today = have_today || strncmp(e->d_name + 8, day, 8) == 0;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, (size_t)cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    enum ll_status st = LL_OK;
    if (!have_today) {
        char path[4300], written[4300], stamp[16];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%H%M%S", &tm);
        snprintf(path, sizeof path, "%s/lianluo-%s-%s.db", folder, day, stamp);
        st = db_backup(db, path, written, sizeof written, err);
        if (st == LL_OK) {
            if (made)
                *made = true;
            char **grown = realloc(names, (size_t)(n + 1) * sizeof *names);
            if (grown) {
                names = grown;
                names[n] = strdup(strrchr(written, '/') + 1);
                if (names[n])
                    n++;
            }
        }
    }
    /* the oldest beyond keep go (names sort by date and time) */
    qsort(names, (size_t)n, sizeof *names, name_cmp);
    for (int i = 0; i < n; i++) {
        if (st == LL_OK && i < n - keep) {
            char path[4300];
            snprintf(path, sizeof path, "%s/%s", folder, names[i]);
            remove(path);
        }
        free(names[i]);
    }
    free(names);
    return st;
}
