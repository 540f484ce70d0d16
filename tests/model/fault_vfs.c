/* The "fault" VFS: see fault_vfs.h for what it counts and the durability model. */
#include "fault_vfs.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A write or truncation made since the file's last sync (in the page cache only). */
struct pending {
    bool truncate;
    sqlite3_int64 offset; /* where the write starts, or the new size */
    int len;
    unsigned char *data;
};

/* A file SQLite keeps across a crash, by path, with what of it is durable. */
struct tracked {
    char *path;
    bool exists;          /* in the page cache's view of the folder */
    unsigned gen;         /* bumped when the file is created again after a delete */
    bool durable;         /* the file is there after a reboot ... */
    unsigned durable_gen; /* ... as this generation ... */
    unsigned char *image; /* ... with these contents (as of its last sync) */
    size_t size;
    struct pending *log; /* writes since the last sync, of generation gen */
    size_t nlog, caplog;
};

enum mode { MODE_OFF, MODE_COUNT, MODE_CUT, MODE_ERROR };

static struct {
    sqlite3_vfs *real;
    struct tracked *files;
    size_t nfiles, capfiles;
    enum mode mode;
    long ops, at;
    bool persist, cleared, cut;
    enum fault_error what;
    int last_error;
    long errors;
    int *codes; /* every error returned, in order */
    size_t capcodes;
} S;

struct fault_file {
    sqlite3_file base;
    int index; /* of its tracked file in S.files (the array may move), -1: not tracked */
    sqlite3_file *real;
};

static void oom(void)
{
    fputs("fault_vfs: out of memory\n", stderr);
    abort();
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

/* The whole of the file at path, or false when there is none. */
static bool read_path(const char *path, unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return false;
    }
    *data = xrealloc(NULL, (size_t)st.st_size);
    while (*size < (size_t)st.st_size) {
        ssize_t n = read(fd, *data + *size, (size_t)st.st_size - *size);
        if (n <= 0)
            break;
        *size += (size_t)n;
    }
    close(fd);
    return true;
}

static void log_clear(struct tracked *t)
{
    for (size_t i = 0; i < t->nlog; i++)
        free(t->log[i].data);
    t->nlog = 0;
}

/* What path holds now is taken as durable. */
static void capture(struct tracked *t)
{
    free(t->image);
    log_clear(t);
    t->exists = read_path(t->path, &t->image, &t->size);
    t->durable = t->exists;
    t->durable_gen = t->gen;
}

static struct tracked *track(const char *path)
{
    for (size_t i = 0; i < S.nfiles; i++)
        if (strcmp(S.files[i].path, path) == 0)
            return &S.files[i];
    if (S.nfiles == S.capfiles) {
        S.capfiles = S.capfiles ? 2 * S.capfiles : 8;
        S.files = xrealloc(S.files, S.capfiles * sizeof *S.files);
    }
    struct tracked *t = &S.files[S.nfiles++];
    memset(t, 0, sizeof *t);
    t->path = strdup(path);
    if (!t->path)
        oom();
    capture(t);
    return t;
}

static struct tracked *file_tracked(struct fault_file *f)
{
    return f->index >= 0 && (size_t)f->index < S.nfiles ? &S.files[f->index] : NULL;
}

/* The journal commit of the file system: every create and delete so far becomes durable. */
static void commit_metadata(void)
{
    for (size_t i = 0; i < S.nfiles; i++) {
        struct tracked *t = &S.files[i];
        if (!t->exists) {
            t->durable = false;
            free(t->image);
            t->image = NULL;
            t->size = 0;
        } else if (!t->durable || t->durable_gen != t->gen) {
            t->durable = true;
            t->durable_gen = t->gen;
            free(t->image);
            t->image = NULL;
            t->size = 0;
        }
    }
}

enum op { OP_WRITE, OP_TRUNCATE, OP_SYNC, OP_DELETE };

static int error_code(enum op op, enum fault_error what)
{
    switch (op) {
    case OP_WRITE:
        return what == FAULT_ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    case OP_TRUNCATE:
        return SQLITE_IOERR_TRUNCATE;
    case OP_SYNC:
        return SQLITE_IOERR_FSYNC;
    case OP_DELETE:
    default:
        return SQLITE_IOERR_DELETE;
    }
}

static int fail(int code)
{
    if ((size_t)S.errors == S.capcodes) {
        S.capcodes = S.capcodes ? 2 * S.capcodes : 64;
        S.codes = xrealloc(S.codes, S.capcodes * sizeof *S.codes);
    }
    S.codes[S.errors] = code;
    S.last_error = code;
    S.errors++;
    return code;
}

/* Whether counted op `op` may go through (SQLITE_OK) or fails, and with what. */
static int gate(enum op op)
{
    if (S.mode == MODE_OFF)
        return SQLITE_OK;
    if (S.cut)
        return fail(error_code(op, FAULT_EIO));
    S.ops++;
    if (S.mode == MODE_CUT && S.ops == S.at) {
        S.cut = true;
        return fail(error_code(op, FAULT_EIO));
    }
    if (S.mode == MODE_ERROR && !S.cleared && (S.ops == S.at || (S.persist && S.ops > S.at)))
        return fail(error_code(op, S.what));
    return SQLITE_OK;
}

/* ---- the file methods ------------------------------------------------------------------- */

static int f_close(sqlite3_file *file)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xClose(f->real);
}

static int f_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xRead(f->real, buf, amt, off);
}

static void log_add(struct tracked *t, bool truncate, sqlite3_int64 offset, const void *data,
                    int len)
{
    if (t->nlog == t->caplog) {
        t->caplog = t->caplog ? 2 * t->caplog : 16;
        t->log = xrealloc(t->log, t->caplog * sizeof *t->log);
    }
    struct pending *p = &t->log[t->nlog++];
    p->truncate = truncate;
    p->offset = offset;
    p->len = len;
    p->data = NULL;
    if (len > 0) {
        p->data = xrealloc(NULL, (size_t)len);
        memcpy(p->data, data, (size_t)len);
    }
}

static int f_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
    struct fault_file *f = (struct fault_file *)file;
    struct tracked *t = file_tracked(f);
    if (t) {
        int rc = gate(OP_WRITE);
        if (rc != SQLITE_OK)
            return rc;
    }
    int rc = f->real->pMethods->xWrite(f->real, buf, amt, off);
    if (t && rc == SQLITE_OK && S.mode != MODE_OFF)
        log_add(t, false, off, buf, amt);
    return rc;
}

static int f_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    struct fault_file *f = (struct fault_file *)file;
    struct tracked *t = file_tracked(f);
    if (t) {
        int rc = gate(OP_TRUNCATE);
        if (rc != SQLITE_OK)
            return rc;
    }
    int rc = f->real->pMethods->xTruncate(f->real, size);
    if (t && rc == SQLITE_OK && S.mode != MODE_OFF)
        log_add(t, true, size, NULL, 0);
    return rc;
}

/* A small generator of its own, so that a seed gives the same writes everywhere. */
static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

/* Applies the logged writes and truncations of t to (*data, *size) in order: all of them, or
 * (random != NULL) a random half. */
static void apply_log(const struct tracked *t, unsigned char **data, size_t *size, unsigned *random)
{
    for (size_t j = 0; j < t->nlog; j++) {
        const struct pending *p = &t->log[j];
        if (random && (next_random(random) & 1))
            continue;
        size_t end = (size_t)p->offset + (p->truncate ? 0 : (size_t)p->len);
        if (end > *size) {
            *data = xrealloc(*data, end);
            memset(*data + *size, 0, end - *size);
        }
        if (p->truncate || end > *size)
            *size = end;
        if (!p->truncate)
            memcpy(*data + p->offset, p->data, (size_t)p->len);
    }
}

static int f_sync(sqlite3_file *file, int flags)
{
    struct fault_file *f = (struct fault_file *)file;
    struct tracked *t = file_tracked(f);
    if (t) {
        int rc = gate(OP_SYNC);
        if (rc != SQLITE_OK)
            return rc;
    }
    /* The real fsync is skipped: what is durable is modelled here, and the test never depends
     * on the disk (it would only make every trial wait for it). */
    (void)flags;
    int rc = SQLITE_OK;
    if (t && S.mode != MODE_OFF) {
        commit_metadata();
        t = file_tracked(f);
        /* the durable image is now what the file holds: the last one and the writes since */
        apply_log(t, &t->image, &t->size, NULL);
        log_clear(t);
    }
    return rc;
}

static int f_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xFileSize(f->real, size);
}

static int f_lock(sqlite3_file *file, int lock)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xLock(f->real, lock);
}

static int f_unlock(sqlite3_file *file, int lock)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xUnlock(f->real, lock);
}

static int f_check_reserved(sqlite3_file *file, int *out)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int f_file_control(sqlite3_file *file, int op, void *arg)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int f_sector_size(sqlite3_file *file)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xSectorSize(f->real);
}

static int f_device_characteristics(sqlite3_file *file)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int f_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

static int f_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *file)
{
    struct fault_file *f = (struct fault_file *)file;
    f->real->pMethods->xShmBarrier(f->real);
}

static int f_shm_unmap(sqlite3_file *file, int delete_flag)
{
    struct fault_file *f = (struct fault_file *)file;
    return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

/* Version 2: no xFetch, so that SQLite never reads the database through a memory map (every
 * page goes through xRead, as with the default mmap_size of 0). */
static const sqlite3_io_methods fault_methods = {
    .iVersion = 2,
    .xClose = f_close,
    .xRead = f_read,
    .xWrite = f_write,
    .xTruncate = f_truncate,
    .xSync = f_sync,
    .xFileSize = f_file_size,
    .xLock = f_lock,
    .xUnlock = f_unlock,
    .xCheckReservedLock = f_check_reserved,
    .xFileControl = f_file_control,
    .xSectorSize = f_sector_size,
    .xDeviceCharacteristics = f_device_characteristics,
    .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier,
    .xShmUnmap = f_shm_unmap,
};

/* ---- the VFS ----------------------------------------------------------------------------- */

enum {
    KEPT_FILES =
        SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
    (void)vfs;
    struct fault_file *f = (struct fault_file *)file;
    f->real = (sqlite3_file *)(f + 1);
    f->index = -1;
    file->pMethods = NULL;
    struct tracked *t = name && (flags & KEPT_FILES) ? track(name) : NULL;
    if (t && !t->exists && (flags & SQLITE_OPEN_CREATE) && S.cut)
        return fail(SQLITE_CANTOPEN);
    int rc = S.real->xOpen(S.real, name, f->real, flags, out);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods)
            f->real->pMethods->xClose(f->real);
        return rc;
    }
    if (t) {
        if (!t->exists) {
            t->exists = true;
            t->gen++;
            log_clear(t);
        }
        f->index = (int)(t - S.files);
    }
    file->pMethods = &fault_methods;
    return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    struct tracked *t = NULL;
    for (size_t i = 0; i < S.nfiles; i++)
        if (strcmp(S.files[i].path, name) == 0)
            t = &S.files[i];
    if (t) {
        int rc = gate(OP_DELETE);
        if (rc != SQLITE_OK)
            return rc;
    }
    int rc = S.real->xDelete(S.real, name, sync_dir);
    if (t && (rc == SQLITE_OK || rc == SQLITE_IOERR_DELETE_NOENT)) {
        t->exists = false;
        log_clear(t);
        if (sync_dir && S.mode != MODE_OFF)
            commit_metadata();
    }
    return rc;
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return S.real->xAccess(S.real, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return S.real->xFullPathname(S.real, name, n, out);
}

static void *v_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return S.real->xDlOpen(S.real, name);
}

static void v_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    S.real->xDlError(S.real, n, msg);
}

static void (*v_dl_sym(sqlite3_vfs *vfs, void *handle, const char *sym))(void)
{
    (void)vfs;
    return S.real->xDlSym(S.real, handle, sym);
}

static void v_dl_close(sqlite3_vfs *vfs, void *handle)
{
    (void)vfs;
    S.real->xDlClose(S.real, handle);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return S.real->xRandomness(S.real, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return S.real->xSleep(S.real, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return S.real->xCurrentTime(S.real, out);
}

static int v_get_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return S.real->xGetLastError(S.real, n, out);
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return S.real->xCurrentTimeInt64(S.real, out);
}

static sqlite3_vfs fault_vfs = {
    .iVersion = 2,
    .zName = FAULT_VFS_NAME,
    .xOpen = v_open,
    .xDelete = v_delete,
    .xAccess = v_access,
    .xFullPathname = v_full_pathname,
    .xDlOpen = v_dl_open,
    .xDlError = v_dl_error,
    .xDlSym = v_dl_sym,
    .xDlClose = v_dl_close,
    .xRandomness = v_randomness,
    .xSleep = v_sleep,
    .xCurrentTime = v_current_time,
    .xGetLastError = v_get_last_error,
    .xCurrentTimeInt64 = v_current_time_int64,
};

int fault_vfs_install(void)
{
    if (!S.real) {
        S.real = sqlite3_vfs_find("unix");
        if (!S.real)
            return SQLITE_ERROR;
        fault_vfs.szOsFile = (int)sizeof(struct fault_file) + S.real->szOsFile;
        fault_vfs.mxPathname = S.real->mxPathname;
    }
    return sqlite3_vfs_register(&fault_vfs, 1);
}

void fault_vfs_use_real(void)
{
    sqlite3_vfs_register(S.real, 1);
}

void fault_vfs_use_fault(void)
{
    sqlite3_vfs_register(&fault_vfs, 1);
}

void fault_vfs_reset(void)
{
    for (size_t i = 0; i < S.nfiles; i++) {
        log_clear(&S.files[i]);
        free(S.files[i].log);
        free(S.files[i].image);
        free(S.files[i].path);
    }
    free(S.files);
    S.files = NULL;
    free(S.codes);
    S.codes = NULL;
    S.capcodes = 0;
    S.nfiles = S.capfiles = 0;
    S.mode = MODE_OFF;
    S.ops = S.at = 0;
    S.persist = S.cleared = S.cut = false;
    S.last_error = 0;
    S.errors = 0;
}

void fault_vfs_start(void)
{
    for (size_t i = 0; i < S.nfiles; i++)
        capture(&S.files[i]);
    S.mode = MODE_COUNT;
    S.ops = S.at = 0;
    S.persist = S.cleared = S.cut = false;
    S.last_error = 0;
    S.errors = 0;
}

void fault_vfs_cut_at(long k)
{
    S.mode = MODE_CUT;
    S.at = k;
}

void fault_vfs_error_at(long k, enum fault_error what, bool persist)
{
    S.mode = MODE_ERROR;
    S.at = k;
    S.what = what;
    S.persist = persist;
    S.cleared = false;
}

void fault_vfs_clear(void)
{
    S.cleared = true;
}

long fault_vfs_ops(void)
{
    return S.ops;
}

bool fault_vfs_was_cut(void)
{
    return S.cut;
}

int fault_vfs_last_error(void)
{
    return S.last_error;
}

long fault_vfs_errors(void)
{
    return S.errors;
}

int fault_vfs_first_error_since(long mark)
{
    return mark >= 0 && mark < S.errors ? S.codes[mark] : 0;
}

static int write_path(const char *path, const unsigned char *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n < 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return close(fd);
}

int fault_vfs_power_cut(enum fault_keep keep, unsigned seed)
{
    unsigned state = seed;
    S.mode = MODE_OFF;
    if (keep == FAULT_KEEP_ALL)
        return 0;
    for (size_t i = 0; i < S.nfiles; i++) {
        struct tracked *t = &S.files[i];
        if (!t->durable) {
            if (unlink(t->path) != 0 && errno != ENOENT)
                return -1;
            continue;
        }
        /* the writes since the last sync belong to the durable file only when it is the same
         * generation (a file created again and not yet committed is not there) */
        if (keep == FAULT_KEEP_SOME && t->durable_gen == t->gen)
            apply_log(t, &t->image, &t->size, &state);
        log_clear(t);
        unsigned char *data = t->image;
        size_t size = t->size;
        if (write_path(t->path, data, size) != 0)
            return -1;
    }
    return 0;
}
