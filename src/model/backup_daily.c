/* The daily backup (see lianluo/db.h): what is to be done is decided at once — so that a
 * backups folder that cannot be written is said on the first screen — and the copy itself is
 * made in a thread of its own, on a read-only connection of its own: a county's database takes
 * seconds to copy and check (a province's, minutes), and the screens must not wait for it.
 * Quitting waits for it, showing how far it is, unless the user cancels it: then nothing of it
 * is kept, and with no copy of today in the folder the next start makes it again. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/backup_internal.h"
#include "model/sql.h"

struct db_backup_job {
    pthread_t thread;
    bool threaded;
    char db_path[PATH_MAX];
    char folder[4200],
        path[4500]; /* path: folder, /, a stem of up to 255 bytes, -YYYYMMDD-HHMMSS.db */
    int keep;
    char **names; /* the daily copies there before, to rotate */
    int n;
    struct backup_progress progress; /* how far the copy is; how it is cancelled */
    atomic_int done;
    enum ll_status status;
    struct ll_error err;
};

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name begins with stem-YYYYMMDD (then its length is that of the stem). */
static size_t stem_and_day(const char *name, const char *stem)
{
    size_t s = strlen(stem);
    return strncmp(name, stem, s) == 0 && name[s] == '-' && strspn(name + s + 1, "0123456789") == 8
               ? s
               : 0;
}

/* A daily copy's name: STEM-YYYYMMDD-HHMMSS.db. */
static bool is_daily(const char *name, const char *stem)
{
    size_t s = stem_and_day(name, stem);
    return s && strlen(name) == s + 19 && name[s + 9] == '-' &&
           strspn(name + s + 10, "0123456789") == 6 && strcmp(name + s + 16, ".db") == 0;
}

/* What a copy stopped half-way leaves: STEM-….db.part and its -journal, the write test. */
static bool is_leftover(const char *name, const char *stem)
{
    size_t n = strlen(name);
    return (stem_and_day(name, stem) &&
            ((n > 5 && strcmp(name + n - 5, ".part") == 0) ||
             (n > 13 && strcmp(name + n - 13, ".part-journal") == 0))) ||
           strcmp(name, ".lianluo-write-test") == 0;
}

/* Removes it when an hour old: another lianluo open on the database may be copying now. */
static void remove_stale(const char *folder, const char *name)
{
    char path[4200 + 260];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", folder, name);
    if (stat(path, &sb) == 0 && time(NULL) - sb.st_mtime > 3600)
        remove(path);
}

static void add_name(struct db_backup_job *job, const char *name)
{
    char **grown = realloc(job->names, (size_t)(job->n + 1) * sizeof *grown);
    if (!grown)
        return;
    job->names = grown;
    if ((job->names[job->n] = strdup(name)) != NULL)
        job->n++;
}

/* The oldest copies beyond keep go (the names sort by date and time). */
static void rotate(struct db_backup_job *job)
{
    if (job->n > 1) /* none: no array at all, and qsort wants one */
        qsort(job->names, (size_t)job->n, sizeof *job->names, name_cmp);
    for (int i = 0; i < job->n - job->keep; i++) {
        char path[4200 + 260];
        snprintf(path, sizeof path, "%s/%s", job->folder, job->names[i]);
        remove(path);
    }
}

static void job_free(struct db_backup_job *job)
{
    backup_progress_destroy(&job->progress);
    for (int i = 0; i < job->n; i++)
        free(job->names[i]);
    free(job->names);
    free(job);
}

static void *copy_today(void *arg)
{
    struct db_backup_job *job = arg;
    sqlite3 *src = NULL;
    char written[4300];
    if (sqlite3_open_v2(job->db_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        job->status = ll_error_set(&job->err, LL_EIO, _("无法打开 %s。"), job->db_path);
    } else {
        sqlite3_busy_timeout(src, 3000);
        job->status = backup_copy_watched(src, job->path, true, &job->progress, written,
                                          sizeof written, &job->err);
    }
    sqlite3_close(src);
    if (atomic_load(&job->progress.cancelled)) /* asked to: not a failure, nothing kept */
        job->status = LL_OK;
    else if (job->status == LL_EDB) /* the copy is not sound: the database it was made from */
        job->status =
            ll_error_set(&job->err, LL_EDB,
                         _("数据库文件 %s 可能已损坏：今天的自动备份没有通过完整性检查。请退出本"
                           "程序，运行 lianluo check 查看；再用较早的备份恢复：lianluo "
                           "restore 列出备份，lianluo restore 备份文件 恢复（当前文件会先"
                           "另存，不会覆盖）。"),
                         job->db_path);
    if (job->status == LL_OK && !atomic_load(&job->progress.cancelled)) {
        add_name(job, strrchr(written, '/') + 1);
        rotate(job);
    }
    atomic_store(&job->done, 1);
    return NULL;
}

enum ll_status db_backup_daily_start(struct ll_db *db, int keep, struct db_backup_job **out,
                                     struct ll_error *err)
{
    *out = NULL;
    if (keep <= 0)
        return LL_OK;
    struct db_backup_job *job = calloc(1, sizeof *job);
    if (!job)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    backup_progress_init(&job->progress);
    job->keep = keep;
    snprintf(job->db_path, sizeof job->db_path, "%s", db->path);
    if (db_backup_folder(db, job->folder, sizeof job->folder, err) != LL_OK) {
        job_free(job);
        return err->status;
    }
    char today[11], day[9];
    date_today(today);
    snprintf(day, sizeof day, "%.4s%.2s%.2s", today, today + 5, today + 8);
    DIR *d = opendir(job->folder);
    if (!d) {
        ll_error_set(err, LL_EIO, _("无法打开备份文件夹 %s。"), job->folder);
        job_free(job);
        return err->status;
    }
    bool have_today = false;
    struct dirent *e;
    char stem[256];
    backup_copy_stem(db->path, stem, sizeof stem);
    while ((e = readdir(d)) != NULL) {
        if (is_daily(e->d_name, stem)) {
            have_today = have_today || strncmp(e->d_name + strlen(stem) + 1, day, 8) == 0;
            add_name(job, e->d_name);
        } else if (is_leftover(e->d_name, stem)) {
            remove_stale(job->folder, e->d_name);
        }
    }
    closedir(d);
    if (have_today) { /* only the rotation (keep may have been lowered) */
        rotate(job);
        job_free(job);
        return LL_OK;
    }
    /* a folder the copy could not be written in is said now, on the first screen */
    char probe[4300];
    snprintf(probe, sizeof probe, "%s/.lianluo-write-test", job->folder);
    FILE *f = fopen(probe, "w");
    if (!f || fclose(f) != 0) {
        ll_error_set(err, LL_EIO, _("无法写入备份文件夹 %s：%s"), job->folder,
                     backup_why_not(errno));
        job_free(job);
        return err->status;
    }
    remove(probe);
    char stamp[16];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%H%M%S", &tm);
    snprintf(job->path, sizeof job->path, "%s/%s-%s-%s.db", job->folder, stem, day, stamp);
    /* the thread takes no signal: a SIGWINCH or SIGINT must reach the screens' thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    job->threaded = pthread_create(&job->thread, NULL, copy_today, job) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!job->threaded)
        copy_today(job); /* no thread to be had: made now */
    *out = job;
    return LL_OK;
}

bool db_backup_daily_busy(const struct db_backup_job *job)
{
    return job && !atomic_load(&job->done);
}

bool db_backup_daily_progress(const struct db_backup_job *job, int *percent)
{
    *percent = 0;
    if (!job)
        return false;
    long long total = atomic_load(&job->progress.total),
              copied = atomic_load(&job->progress.copied);
    if (total > 0)
        *percent = (int)(copied * 100 / total);
    return atomic_load(&job->progress.checking) != 0;
}

void db_backup_daily_cancel(struct db_backup_job *job)
{
    if (job)
        backup_progress_cancel(&job->progress);
}

bool db_backup_daily_cancelled(const struct db_backup_job *job)
{
    return job && atomic_load(&job->done) && atomic_load(&job->progress.cancelled);
}

enum ll_status db_backup_daily_failed(const struct db_backup_job *job, char *why, size_t size)
{
    /* status and err are written before done is set, and not after */
    if (!job || !atomic_load(&job->done) || job->status == LL_OK)
        return LL_OK;
    snprintf(why, size, "%s", job->err.msg);
    return job->status;
}

enum ll_status db_backup_daily_finish(struct db_backup_job *job, bool *made, struct ll_error *err)
{
    if (made)
        *made = false;
    if (!job)
        return LL_OK;
    if (job->threaded)
        pthread_join(job->thread, NULL);
    enum ll_status st = job->status;
    if (st == LL_OK && made)
        *made = !atomic_load(&job->progress.cancelled);
    else if (st != LL_OK && err)
        *err = job->err;
    job_free(job);
    return st;
}

enum ll_status db_backup_daily(struct ll_db *db, int keep, bool *made, struct ll_error *err)
{
    struct db_backup_job *job = NULL;
    if (made)
        *made = false;
    if (db_backup_daily_start(db, keep, &job, err) != LL_OK)
        return err->status;
    return db_backup_daily_finish(job, made, err);
}

enum ll_status db_backup_list(const char *db_path,
                              void (*each)(void *ctx, const char *path, long long bytes), void *ctx,
                              struct ll_error *err)
{
    struct db_backup_job list = {0}; /* only its names */
    const char *slash = strrchr(db_path, '/');
    int dir = slash ? (int)(slash - db_path + 1) : 0;
    snprintf(list.folder, sizeof list.folder, "%.*sbackups", dir, db_path);
    DIR *d = opendir(list.folder);
    if (!d)
        return errno == ENOENT
                   ? LL_OK
                   : ll_error_set(err, LL_EIO, _("无法打开备份文件夹 %s。"), list.folder);
    struct dirent *e;
    char stem[256];
    backup_copy_stem(db_path, stem, sizeof stem);
    while ((e = readdir(d)) != NULL)
        if (is_daily(e->d_name, stem))
            add_name(&list, e->d_name);
    closedir(d);
    if (list.n > 1)
        qsort(list.names, (size_t)list.n, sizeof *list.names, name_cmp);
    for (int i = list.n - 1; i >= 0; i--) { /* newest first */
        char path[4200 + 260];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", list.folder, list.names[i]);
        if (stat(path, &sb) == 0)
            each(ctx, path, (long long)sb.st_size);
        free(list.names[i]);
    }
    free(list.names);
    return LL_OK;
}
