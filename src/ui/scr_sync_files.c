/* 同步: the folders packages go to and come from (a USB stick), and choosing a package. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/i18n.h"
#include "lianluo/sync.h"
#include "lianluo/township.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/listview.h"
#include "ui/screens.h"
#include "ui/term.h"
#include "ui/scr_sync.h"

/* The folder a package last went to or came from: offered again for the rest of the session. */
static char last_folder[1024];

/* ---- folders and files ------------------------------------------------------------------- */

/* A folder under parent that is another file system: a mounted USB stick. */
static bool mounted_under(const char *parent, char *out, size_t size)
{
    struct stat ps, st;
    DIR *d = opendir(parent);
    if (d == NULL || stat(parent, &ps) != 0) {
        if (d)
            closedir(d);
        return false;
    }
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        char path[1024];
        if (e->d_name[0] == '.' || strncmp(e->d_name, "cdrom", 5) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_dev != ps.st_dev) {
            snprintf(out, size, "%s", path);
            found = true;
        }
    }
    closedir(d);
    return found;
}

/* The folder offered for a package: the last one used, else a USB stick mounted under /media
 * (where Debian's desktops mount them), else the home folder. */
void sync_folder_default(char *out, size_t size)
{
    const char *user = getenv("USER"), *home = getenv("HOME");
    char parent[512];
    if (last_folder[0]) {
        snprintf(out, size, "%s", last_folder);
        return;
    }
    if (user && user[0]) {
        snprintf(parent, sizeof parent, "/media/%s", user);
        if (mounted_under(parent, out, size))
            return;
        snprintf(parent, sizeof parent, "/run/media/%s", user);
        if (mounted_under(parent, out, size))
            return;
    }
    if (mounted_under("/media", out, size))
        return;
    snprintf(out, size, "%s", home && home[0] ? home : ".");
}

/* ~/ at the start means the home folder, as in a shell. */
void sync_expand_home(char *path, size_t size)
{
    const char *home = getenv("HOME");
    if (path[0] != '~' || (path[1] != '/' && path[1] != '\0') || !home || !home[0])
        return;
    char full[1024];
    snprintf(full, sizeof full, "%s%s", home, path + 1);
    snprintf(path, size, "%s", full);
}

const char *sync_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

bool sync_is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Remembers the folder of path (path itself when it is one). */
void sync_remember_folder(const char *path)
{
    snprintf(last_folder, sizeof last_folder, "%s", path);
    if (sync_is_folder(path))
        return;
    char *slash = strrchr(last_folder, '/');
    if (slash == last_folder)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        last_folder[0] = '\0';
}

struct package_file {
    char name[256];
    time_t mtime;
    struct sync_package_info info;
};

/* Not yet imported first, each sender's in the order they are to be imported; then those taken
 * already, newest first. */
static int package_order(const void *a, const void *b)
{
    const struct package_file *x = a, *y = b;
    if (x->info.imported != y->info.imported)
        return x->info.imported ? 1 : -1;
    if (!x->info.imported) {
        int c = strcmp(x->info.sender_name, y->info.sender_name);
        if (c != 0)
            return c;
        if (x->info.seq != y->info.seq)
            return x->info.seq < y->info.seq ? -1 : 1;
    }
    if (x->mtime != y->mtime)
        return x->mtime > y->mtime ? -1 : 1;
    return strcmp(y->name, x->name);
}

/* The packages in folder for this site, one to choose (or the only one). Those this site wrote
 * for others are left out: sync_export names them lianluo-<end of this site's id>-to-... .
 * False, with a message on the list, when there is none or the user leaves. */
bool sync_package_choose(struct listview *lv, const char *folder, char *out, size_t size)
{
    struct sync_screen *ss = lv->ctx;
    const char *me = db_site_id(ss->app->db);
    size_t melen = strlen(me);
    char own[64];
    snprintf(own, sizeof own, "lianluo-%s-to-", melen > 8 ? me + melen - 8 : me);
    DIR *d = opendir(folder);
    if (d == NULL) {
        listview_message(lv, true, _("无法打开文件夹 %s。"), folder);
        return false;
    }
    struct package_file *files = calloc(PACKAGES_SHOWN, sizeof *files);
    int n = 0, others = 0;
    struct dirent *e;
    while (files && n < PACKAGES_SHOWN && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name), ext = strlen(PACKAGE_EXT);
        char path[1400];
        struct stat st;
        if (len <= ext || strcmp(e->d_name + len - ext, PACKAGE_EXT) != 0 || len >= 256 ||
            strncmp(e->d_name, own, strlen(own)) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        /* packages for other PCs are left out; ones taken already go last */
        struct sync_package_info info;
        if (!sync_package_peek(ss->app->db, path, &info) || !info.for_here) {
            others++;
            continue;
        }
        snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        files[n].info = info;
        files[n++].mtime = st.st_mtime;
    }
    closedir(d);
    if (n == 0 && others > 0)
        listview_message(lv, true,
                         _("文件夹 %s 里的 %d 个同步包都不是给本机的。如果其中应有本机的，请核对"
                           "与上级配对时输入的配对码（必要时请上级重新生成，删除本机的配对后重新"
                           "输入）。"),
                         folder, others);
    if (n == 0) {
        if (others == 0)
            listview_message(lv, true, _("文件夹 %s 里没有发给本机的同步包（%s 文件）。"), folder,
                             PACKAGE_EXT);
        free(files);
        return false;
    }
    qsort(files, (size_t)n, sizeof *files, package_order);
    int chosen = 0;
    if (n > 1) {
        char(*labels)[320] = calloc((size_t)n, sizeof *labels);
        const char **items = calloc((size_t)n, sizeof *items);
        chosen = -1;
        if (labels && items) {
            for (int i = 0; i < n; i++) {
                struct tm tm;
                char when[32] = "";
                if (localtime_r(&files[i].mtime, &tm))
                    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
                const struct sync_package_info *in = &files[i].info;
                snprintf(labels[i], sizeof labels[i], _("「%s」第 %lld 号  %s%s"), in->sender_name,
                         in->seq, when, in->imported ? _("  （已导入）") : "");
                items[i] = labels[i];
            }
            chosen = dialog_choose(_("选择要导入的同步包（未导入的在前）"), items, n, 0);
        }
        free(labels);
        free(items);
    }
    if (chosen >= 0)
        snprintf(out, size, "%s/%s", folder, files[chosen].name);
    free(files);
    return chosen >= 0;
}
