#include "core/file_replace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"

/* The file a path finally names, following links even where the last one points at nothing
 * yet (writing then makes that file, and the link stays a link). */
static void follow_links(const char *path, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", path);
    for (int hops = 0; hops < 16; hops++) {
        struct stat st;
        char target[PATH_MAX];
        if (lstat(out, &st) != 0 || !S_ISLNK(st.st_mode))
            return;
        ssize_t n = readlink(out, target, sizeof target - 1);
        if (n <= 0)
            return;
        target[n] = '\0';
        if (target[0] == '/') {
            snprintf(out, outsz, "%s", target);
        } else { /* relative to the link's own folder */
            char *slash = strrchr(out, '/');
            char dir[PATH_MAX];
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - out) : 0, out);
            char joined[2 * PATH_MAX];
            int n = snprintf(joined, sizeof joined, "%s%s%s", dir, slash ? "/" : "", target);
            if (n > 0 && (size_t)n < outsz) /* else the link's own path stays */
                memcpy(out, joined, (size_t)n + 1);
        }
    }
}

/* The folder's entry for the renamed file must reach the disk too. */
static void sync_parent(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* some file systems refuse; the rename itself is done */
        close(fd);
    }
}

enum ll_status file_replace_open(struct file_replace *t, const char *path, struct ll_error *err)
{
    struct stat st;
    *t = (struct file_replace){.direct = false};
    follow_links(path, t->real, sizeof t->real);
    bool exists = stat(t->real, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return ll_error_set(err, LL_EIO, _("%s 是一个文件夹：请写出文件名，例如 %s/代表名册.csv。"),
                            path, path);
    t->direct = exists && !S_ISREG(st.st_mode);
    if (t->direct) {
        t->f = fopen(t->real, "wb");
    } else if (snprintf(t->tmp, sizeof t->tmp, "%s.XXXXXX", t->real) < (int)sizeof t->tmp) {
        /* a name nobody else can have chosen, beside the file it will replace */
        int fd = mkostemp(t->tmp, O_CLOEXEC);
        if (fd >= 0) {
            mode_t mask = umask(0);
            umask(mask);
            (void)fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
            t->f = fdopen(fd, "wb");
            if (!t->f) {
                close(fd);
                unlink(t->tmp);
            }
        }
    } else {
        errno = ENAMETOOLONG;
    }
    return t->f ? LL_OK : ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), path, strerror(errno));
}

enum ll_status file_replace_close(struct file_replace *t, const char *path, enum ll_status status,
                                  struct ll_error *err)
{
    int e = 0;
    if (fflush(t->f) != 0 || (!t->direct && fsync(fileno(t->f)) != 0))
        e = errno ? errno : EIO;
    if (fclose(t->f) != 0 && e == 0)
        e = errno;
    if (status == LL_OK && e != 0)
        status = ll_error_set(err, LL_EIO, _("写入 %s 失败（磁盘已满？）：%s"), path, strerror(e));
    if (t->direct)
        return status;
    if (status == LL_OK && rename(t->tmp, t->real) != 0)
        status = ll_error_set(err, LL_EIO, _("无法写入 %s：%s"), path, strerror(errno));
    if (status == LL_OK)
        sync_parent(t->real);
    else
        unlink(t->tmp);
    return status;
}
