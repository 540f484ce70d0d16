/* fault_preload.c — an LD_PRELOAD library for the fault tests (never installed): while the file
 * named by LIANLUO_FAULT_FILE exists, every write, sync and truncate of a database file (the
 * .db itself and its -wal, -journal and -shm files) fails with LIANLUO_FAULT_ERRNO (ENOSPC, the
 * default, or EIO, or a number); everything else — the terminal above all — goes through. With
 * LIANLUO_FAULT_DELAY_US set, those calls do not fail but are made that many microseconds
 * late: a slow disk (the day's backup of a province's database, which takes minutes).
 *
 * These are the calls SQLite's unix VFS makes (`nm -D libsqlite3.so.0`: write, pwrite64,
 * fdatasync, ftruncate64; the others are here for a SQLite built differently). Which file an fd
 * is comes from /proc/self/fd, read only while the control file exists, so nothing is tracked
 * and an unset LIANLUO_FAULT_FILE costs one getenv. Under AddressSanitizer the program needs
 * ASAN_OPTIONS=verify_asan_link_order=0 (this library comes before the runtime); the real
 * functions are then ASan's interceptors, found with RTLD_NEXT like libc's. */
/* pwrite and ftruncate by their own names, not redirected to the 64-bit ones (meson builds
 * with _FILE_OFFSET_BITS=64): both are defined below. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

static bool ends_with(const char *s, size_t n, const char *tail)
{
    size_t t = strlen(tail);
    return n >= t && memcmp(s + n - t, tail, t) == 0;
}

/* The errno to fail fd's call with, or 0 to let it through (after the delay, if one is set). */
static int fault_for(int fd)
{
    const char *control = getenv("LIANLUO_FAULT_FILE");
    struct stat sb;
    if (control == NULL || control[0] == '\0' || stat(control, &sb) != 0)
        return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return 0;
    target[n] = '\0';
    if (ends_with(target, (size_t)n, " (deleted)"))
        n -= (ssize_t)strlen(" (deleted)");
    /* LIANLUO_FAULT_MATCH: only the files whose path holds it (a backups folder, say) */
    const char *match = getenv("LIANLUO_FAULT_MATCH");
    static const char *const kinds[] = {".db", ".db-wal", ".db-journal", ".db-shm"};
    bool database = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && !database; i++)
        database = ends_with(target, (size_t)n, kinds[i]);
    if (match != NULL && match[0] != '\0')
        database = strstr(target, match) != NULL;
    if (!database)
        return 0;
    const char *delay = getenv("LIANLUO_FAULT_DELAY_US");
    if (delay != NULL && atoi(delay) > 0) {
        usleep((useconds_t)atoi(delay));
        return 0;
    }
    const char *e = getenv("LIANLUO_FAULT_ERRNO");
    if (e == NULL || e[0] == '\0' || strcmp(e, "ENOSPC") == 0)
        return ENOSPC;
    if (strcmp(e, "EIO") == 0)
        return EIO;
    return atoi(e) > 0 ? atoi(e) : ENOSPC;
}

/* Stores into *fn the next definition of name (libc's, or the sanitizer's interceptor);
 * copied, as ISO C has no conversion from dlsym's object pointer to a function pointer. */
static void real(const char *name, void *fn, size_t size)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (f == NULL || size != sizeof f)
        abort();
    memcpy(fn, &f, size);
}

/* Declares name(params), failing while the control file exists, else calling the real one. */
#define INTERPOSE(ret, name, params, args)                                                         \
    EXPORT ret name params                                                                         \
    {                                                                                              \
        static ret(*next) params;                                                                  \
        int e = fault_for(fd);                                                                     \
        if (e != 0) {                                                                              \
            errno = e;                                                                             \
            return -1;                                                                             \
        }                                                                                          \
        if (next == NULL)                                                                          \
            real(#name, &next, sizeof next);                                                       \
        return next args;                                                                          \
    }

INTERPOSE(ssize_t, write, (int fd, const void *buf, size_t n), (fd, buf, n))
INTERPOSE(ssize_t, pwrite, (int fd, const void *buf, size_t n, off_t off), (fd, buf, n, off))
INTERPOSE(ssize_t, pwrite64, (int fd, const void *buf, size_t n, off64_t off), (fd, buf, n, off))
INTERPOSE(ssize_t, writev, (int fd, const struct iovec *iov, int n), (fd, iov, n))
INTERPOSE(int, fsync, (int fd), (fd))
INTERPOSE(int, fdatasync, (int fd), (fd))
INTERPOSE(int, ftruncate, (int fd, off_t len), (fd, len))
INTERPOSE(int, ftruncate64, (int fd, off64_t len), (fd, len))
INTERPOSE(int, fallocate, (int fd, int mode, off_t off, off_t len), (fd, mode, off, len))
