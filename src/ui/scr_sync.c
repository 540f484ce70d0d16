/* 同步: this site's pairings with its upper and lower sites, and the packages of changes carried
 * between them on a USB stick: a package written to a folder for the selected site, a package
 * imported after a preview of what it changes, the history of what went and came, and the
 * conflicts an import found. The lists are short (a township's stations, the last few hundred
 * packages), so each is read whole into an array the list engine pages through by index. */
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

#define HISTORY_SHOWN   500
#define CONFLICTS_SHOWN 1000
#define RECORDS_SHOWN   2000 /* lines of a package's preview read into memory */
#define PACKAGES_SHOWN  200  /* packages of a folder offered for import */
#define PACKAGE_EXT     ".llsync"

/* The folder a package last went to or came from: offered again for the rest of the session. */
static char last_folder[1024];

/* ---- rows read whole, paged by index ------------------------------------------------------ */

struct rowset {
    char *rows;
    int n, cap;
    size_t size;       /* of a row */
    size_t key_offset; /* of its sort_key: the index, "%08d" */
    char error[512];
};

static void rowset_clear(struct rowset *rs)
{
    rs->n = 0;
    rs->error[0] = '\0';
}

static void rowset_add(struct rowset *rs, const void *row)
{
    if (rs->n == rs->cap) {
        int cap = rs->cap ? rs->cap * 2 : 16;
        char *rows = realloc(rs->rows, (size_t)cap * rs->size);
        if (rows == NULL) {
            snprintf(rs->error, sizeof rs->error, "%s", _("内存不足。"));
            return;
        }
        rs->rows = rows;
        rs->cap = cap;
    }
    char *r = rs->rows + (size_t)rs->n * rs->size;
    memcpy(r, row, rs->size);
    snprintf(r + rs->key_offset, LL_KEY_LEN, "%08d", rs->n);
    rs->n++;
}

static const void *rowset_at(const struct rowset *rs, int i)
{
    return rs->rows + (size_t)i * rs->size;
}

static enum ll_status rowset_fetch(const struct rowset *rs, enum page_dir dir, const char *anchor,
                                   int limit, void *rows, int *count, struct ll_error *err)
{
    if (rs->error[0])
        return ll_error_set(err, LL_EDB, "%s", rs->error);
    listview_page_of_array(rs->rows, rs->n, rs->size, dir, anchor, limit, rows, count);
    return LL_OK;
}

/* ---- the screen's state ------------------------------------------------------------------ */

struct peer_line {
    struct sync_peer p;
    char where[160]; /* the township or station it is for */
    char sort_key[LL_KEY_LEN];
};

struct history_line {
    struct sync_history_row h;
    char sort_key[LL_KEY_LEN];
};

struct conflict_line {
    struct sync_conflict c;
    char sort_key[LL_KEY_LEN];
};

struct sync_screen {
    struct app *app;
    struct rowset peers, history, conflicts;
    int open_conflicts; /* shown on the pairings' status line */
};

static const char *role_word(enum site_role r)
{
    return r == SITE_COUNTY ? _("县") : r == SITE_TOWNSHIP ? _("乡镇") : _("联络站");
}

/* What a peer is called: its name from its packages, else what it was paired as. */
static const char *peer_name(const struct sync_peer *p)
{
    return p->name[0] ? p->name : p->scope_name[0] ? p->scope_name : _("上级站点");
}

/* "上级乡镇「桃花江镇人大」", or only "上级乡镇" before anything came from it. */
static void peer_describe(const struct sync_peer *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", p->upper ? _("上级") : _("下级"), role_word(p->role));
    if (p->name[0] || p->scope_name[0])
        text_append(buf, size, _("「%s」"), peer_name(p));
}

/* "2026-11-29T08:57:33.898Z" (UTC, as stored) as local time "2026-11-29 16:57"; "" stays. */
static void local_time(const char *iso, char *out, size_t size)
{
    struct tm tm = {0};
    out[0] = '\0';
    if (!iso[0])
        return;
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6) {
        snprintf(out, size, "%.16s", iso);
        return;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm local;
    if (t == (time_t)-1 || !localtime_r(&t, &local) ||
        strftime(out, size, "%Y-%m-%d %H:%M", &local) == 0)
        snprintf(out, size, "%.16s", iso);
}

static void local_date(const char *iso, char *out, size_t size)
{
    char full[32];
    local_time(iso, full, sizeof full);
    snprintf(out, size, "%.10s", full);
}

static void peer_collect(void *ctx, const struct sync_peer *p)
{
    struct sync_screen *ss = ctx;
    struct peer_line l = {.p = *p};
    char shortname[160];
    if (p->upper) /* the upper site of a station is its township; of a township, the county */
        snprintf(l.where, sizeof l.where, "%s",
                 p->role == SITE_TOWNSHIP && ss->app->cfg->township[0] ? ss->app->cfg->township
                                                                       : role_word(p->role));
    else
        snprintf(l.where, sizeof l.where, "%s",
                 station_short_name(p->scope_name, shortname, sizeof shortname));
    /* a township's stations: their township goes without saying */
    size_t tlen = strlen(ss->app->cfg->township);
    if (ss->app->cfg->role == SITE_TOWNSHIP && !p->upper && tlen &&
        strncmp(l.where, ss->app->cfg->township, tlen) == 0 && l.where[tlen] == ' ')
        memmove(l.where, l.where + tlen + 1, strlen(l.where + tlen + 1) + 1);
    rowset_add(&ss->peers, &l);
}

static void conflict_count(void *ctx, const struct sync_conflict *c)
{
    (void)c;
    ((struct sync_screen *)ctx)->open_conflicts++;
}

static void peers_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    rowset_clear(&ss->peers);
    if (sync_peer_list(ss->app->db, peer_collect, ss, &err) != LL_OK)
        snprintf(ss->peers.error, sizeof ss->peers.error, "%s", err.msg);
    ss->open_conflicts = 0;
    sync_conflict_list(ss->app->db, CONFLICTS_SHOWN, conflict_count, ss, &err);
}

/* Reads the pairings again and puts the cursor on the one with id (when not NULL). */
static void peers_reload(struct listview *lv, const char *id)
{
    struct sync_screen *ss = lv->ctx;
    peers_load(ss);
    for (int i = 0; id && i < ss->peers.n; i++) {
        const struct peer_line *l = rowset_at(&ss->peers, i);
        if (strcmp(l->p.id, id) == 0)
            listview_focus(lv, l->sort_key);
    }
    listview_reload(lv);
}

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
static void folder_default(char *out, size_t size)
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
static void expand_home(char *path, size_t size)
{
    const char *home = getenv("HOME");
    if (path[0] != '~' || (path[1] != '/' && path[1] != '\0') || !home || !home[0])
        return;
    char full[1024];
    snprintf(full, sizeof full, "%s%s", home, path + 1);
    snprintf(path, size, "%s", full);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

static bool is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Remembers the folder of path (path itself when it is one). */
static void remember_folder(const char *path)
{
    snprintf(last_folder, sizeof last_folder, "%s", path);
    if (is_folder(path))
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
static bool package_choose(struct listview *lv, const char *folder, char *out, size_t size)
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

/* ---- the pairing code, shown once -------------------------------------------------------- */

struct code_view {
    const struct sync_peer *p;
    const char *code;
    struct keyscope scope;
};

static void code_draw(void *obj)
{
    struct code_view *v = obj;
    char line[1024], spaced[128];
    int w = COLS - 4;
    draw_title(_("配对码"));
    snprintf(line, sizeof line, _("已为%s「%s」生成配对码："), role_word(v->p->role),
             v->p->scope_name);
    int y = 2 + draw_wrapped(2, 2, w, line, 2, A_NORMAL) + 1;
    /* large: every character apart, the groups further apart, in a box of its own */
    size_t n = 0;
    for (const char *c = v->code; *c && n + 4 < sizeof spaced; c++) {
        if (*c == '-') {
            n += (size_t)snprintf(spaced + n, sizeof spaced - n, "  ");
            continue;
        }
        spaced[n++] = *c;
        if (c[1])
            spaced[n++] = ' ';
    }
    spaced[n] = '\0';
    int bw = text_width(spaced) + 8, bx = (COLS - bw) / 2;
    if (bx < 0)
        bx = 0;
    draw_box(y, bx, 5, bw, term_attr(COLOR_SELECTED));
    draw_text(y + 2, bx + 4, bw - 8, spaced, TEXT_LEFT, term_attr(COLOR_SELECTED) | A_BOLD);
    y += 6;
    snprintf(line, sizeof line, _("配对码：%s"), v->code);
    draw_text(y, (COLS - text_width(line)) / 2, text_width(line), line, TEXT_LEFT, A_BOLD);
    y += 2;
    snprintf(line, sizeof line, _("请在%s的电脑上进入「同步」，按 u 与上级配对，输入这个配对码。"),
             role_word(v->p->role));
    y += draw_wrapped(y, 2, w, line, 3, A_NORMAL);
    y += draw_wrapped(y, 2, w,
                      _("配对码就是两边共用的密钥：请当面交给对方（念给对方听或写在纸上），"
                        "不要放在 U 盘上，也不要用微信、短信发送。"),
                      3, A_BOLD);
    draw_wrapped(y, 2, w,
                 _("配对码只显示这一次，本机不保存。对方输入前丢失了，就删除这个配对，再新增"
                   "一次。"),
                 3, A_NORMAL);
    keybar_draw(&v->scope, LINES - 1);
}

static int code_close(void *self)
{
    (void)self;
    return KR_CLOSE;
}

static const struct key_handler code_keys[] = {
    {ACT_OPEN, code_close, N_("完成"), true, N_("记下配对码后回到同步画面"), NULL},
    {ACT_BACK, code_close, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static void code_show(const struct sync_peer *p, const char *code)
{
    struct code_view v = {p, code, {{code_keys, NULL, NULL}, NULL, NULL}};
    v.scope.title = _("配对码");
    v.scope.help = _("为下级站点生成的配对码。下级站点在它的「同步」画面按 u 与上级配对，"
                     "输入这个配对码，两边就能互相收发同步包。");
    term_push(code_draw, &v, true);
    for (;;) {
        int key = term_getkey();
        if (key == -1 || keys_dispatch(&v.scope, key, &v) == KR_CLOSE)
            break;
    }
    term_pop();
}

/* ---- pairing ----------------------------------------------------------------------------- */

struct township_names {
    char (*names)[64];
    int n, cap;
};

static int township_collect(void *ctx, const struct township *t)
{
    struct township_names *tn = ctx;
    if (tn->n == tn->cap) {
        int cap = tn->cap ? tn->cap * 2 : 32;
        char(*names)[64] = realloc(tn->names, (size_t)cap * sizeof *names);
        if (names == NULL)
            return 1;
        tn->names = names;
        tn->cap = cap;
    }
    snprintf(tn->names[tn->n++], sizeof tn->names[0], "%s", t->name);
    return 0;
}

/* A county pairs a township: one of those it knows, or one typed (its first package brings
 * it: it is not made here, where it would be another record of the same township). */
static bool township_ask(struct app *app, char *name, size_t size)
{
    struct township_names tn = {0};
    struct ll_error err = {0};
    if (township_list(app->db, township_collect, &tn, &err) != LL_OK)
        dialog_message(err.msg); /* a name can still be typed */
    int chosen = tn.n;           /* "type a name" */
    const char **items = calloc((size_t)tn.n + 1, sizeof *items);
    if (items == NULL) {
        free(tn.names);
        return false;
    }
    for (int i = 0; i < tn.n; i++)
        items[i] = tn.names[i];
    items[tn.n] = _("输入乡镇名称（本机还没有的乡镇）");
    if (tn.n > 0)
        chosen = dialog_choose(_("为哪个乡镇生成配对码"), items, tn.n + 1, 0);
    bool ok = chosen >= 0;
    if (chosen >= 0 && chosen < tn.n) {
        snprintf(name, size, "%s", tn.names[chosen]);
    } else if (chosen == tn.n) {
        name[0] = '\0';
        ok = dialog_prompt(_("要配对的乡镇名称："), name, size, 20) && name[0];
    }
    free(items);
    free(tn.names);
    return ok;
}

/* Pairing a site again makes a second pairing beside the first (a lost code is replaced by
 * deleting the pairing and making a new one): asked first. scope as the model names it. */
static bool pair_again_ok(const struct sync_screen *ss, const char *scope)
{
    for (int i = 0; i < ss->peers.n; i++) {
        const struct peer_line *l = rowset_at(&ss->peers, i);
        if (l->p.upper || strcmp(l->p.scope_name, scope) != 0)
            continue;
        char question[768];
        snprintf(question, sizeof question,
                 _("本机已与「%s」配对。再生成配对码会多出一个配对；如果是原来的配对码丢了，请先"
                   "删除原来的配对。仍然生成吗？"),
                 scope);
        return dialog_confirm(question);
    }
    return true;
}

static int pair_lower(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    struct app *app = ss->app;
    char township[64] = "", code[SYNC_CODE_LEN + 1], scope[256] = "";
    const char *station_id = NULL;
    struct station st;
    if (app->cfg->role == SITE_COUNTY) {
        if (!township_ask(app, township, sizeof township))
            return KR_STAY;
        snprintf(scope, sizeof scope, "%s", township);
    } else if (app->cfg->role == SITE_TOWNSHIP) {
        char tid[LL_ID_LEN] = "", tname[64];
        township_of_site(app, tid, sizeof tid, tname, sizeof tname);
        if (!pick_station(app, tid, -1, NULL, _("选择要配对的联络站"), &st))
            return KR_STAY;
        station_id = st.id;
        snprintf(scope, sizeof scope, "%s %s", st.township_name, st.name);
    }
    if (!pair_again_ok(ss, scope))
        return KR_STAY;
    struct sync_peer p;
    struct ll_error err = {0};
    if (sync_pair_lower(app->db, app->cfg->role, township, station_id, code, &p, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    code_show(&p, code);
    peers_reload(lv, p.id);
    listview_message(lv, false, _("已为%s「%s」生成配对码。对方输入后，两边即可收发同步包。"),
                     role_word(p.role), p.scope_name);
    return KR_STAY;
}

struct join_rec {
    char code[64];
};

struct join_ctx {
    struct app *app;
    struct sync_peer peer;
};

static const struct form_field join_fields[] = {
    {.name = "code",
     .label = N_("配对码"),
     .type = FIELD_TEXT,
     .offset = offsetof(struct join_rec, code),
     .size = sizeof(((struct join_rec *)0)->code),
     .max_chars = 40,
     .required = true,
     .halfwidth = true,
     .hint = N_("照上级站点屏幕上的配对码输入（20 个字母或数字，短横线可写可不写），按 F2 确定")},
    {.label = N_("配对码由上级站点在「同步」画面按 a 新增下级生成，应当面交给本机。"),
     .type = FIELD_HEADING},
};

static enum ll_status join_save(void *ctx, void *rec, struct ll_error *err)
{
    struct join_ctx *jc = ctx;
    const struct join_rec *r = rec;
    return sync_pair_upper(jc->app->db, jc->app->cfg->role, r->code, &jc->peer, err);
}

static const struct form_def join_form = {
    .help = N_("与上级站点配对：输入上级站点给的配对码（乡镇人大给联络站，县人大给乡镇），按 F2 "
               "确定。配对后，本机导出的同步包只有上级能导入，上级发来的包也只有本机能导入。"),
    .fields = join_fields,
    .nfields = (int)(sizeof join_fields / sizeof join_fields[0]),
    .rec_size = sizeof(struct join_rec),
    .save = join_save,
};

static int pair_upper(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    struct join_ctx jc = {.app = ss->app};
    struct join_rec rec = {""};
    if (!form_run(&join_form, &jc, &rec, _("与上级站点配对")))
        return KR_STAY;
    peers_reload(lv, jc.peer.id);
    listview_message(lv, false,
                     _("已与上级%s配对。请导入上级发来的第一个同步包（按 i），它带来本机要用的"
                       "联络站和代表名册。"),
                     role_word(jc.peer.role));
    return KR_STAY;
}

static int peer_remove(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    const struct peer_line *l = listview_current(lv);
    if (l == NULL)
        return KR_STAY;
    struct sync_peer p = l->p; /* a copy: the list may be read again under the dialog */
    char question[768], who[512];
    struct ll_error err = {0};
    peer_describe(&p, who, sizeof who);
    snprintf(question, sizeof question,
             _("确定删除与%s的配对吗？删除后不能再与它收发同步包（收发记录和冲突保留），"
               "要恢复须重新配对。"),
             who);
    if (!dialog_confirm(question))
        return KR_STAY;
    if (sync_peer_delete(ss->app->db, p.id, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已删除与%s的配对（收发记录保留）。"), who);
    peers_reload(lv, NULL);
    return KR_STAY;
}

/* ---- export ------------------------------------------------------------------------------ */

/* Asks for the folder a package goes to; false on Esc. */
static bool folder_ask(const char *label, char *folder, size_t size)
{
    folder_default(folder, size);
    if (!dialog_prompt(label, folder, size, (int)size - 1))
        return false;
    text_trim(folder);
    expand_home(folder, size);
    return folder[0] != '\0';
}

static int peer_export(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    const struct peer_line *l = listview_current(lv);
    if (l == NULL) {
        listview_message(lv, true, "%s", _("还没有配对的站点：先配对，才能导出同步包。"));
        return KR_STAY;
    }
    struct sync_peer p = l->p;
    char folder[1024];
    if (!folder_ask(_("同步包写到文件夹："), folder, sizeof folder))
        return KR_STAY;
    if (!is_folder(folder)) {
        /* a name typed wrong, or a stick not plugged in: not a file of that name */
        listview_message(lv, true, _("没有文件夹 %s（U 盘插好了吗？），没有导出。"), folder);
        return KR_STAY;
    }
    remember_folder(folder);
    struct sync_export_result res;
    struct ll_error err = {0};
    enum ll_status st = sync_export(ss->app->db, ss->app->cfg, p.id, folder, &res, &err);
    peers_reload(lv, p.id);
    if (st != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false,
                         _("已把第 %lld 号同步包（%d 处修改）写入 %s，请交给「%s」导入。"), res.seq,
                         res.changes, res.file, peer_name(&p));
    return KR_STAY;
}

/* ---- import: the preview ----------------------------------------------------------------- */

struct preview {
    const struct sync_preview *pv;
    const char *file;
    char **lines; /* the changes, one a line */
    int n, cap;
    int top, page;
    bool yes;
    struct keyscope scope;
};

static void preview_collect(void *ctx, const char *line)
{
    struct preview *p = ctx;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        char **lines = realloc(p->lines, (size_t)cap * sizeof *lines);
        if (lines == NULL)
            return;
        p->lines = lines;
        p->cap = cap;
    }
    char *copy = strdup(line);
    if (copy)
        p->lines[p->n++] = copy;
}

/* The counts of each kind of record, as a small table in two halves side by side. */
static const struct {
    const char *title; /* msgid */
    int width;         /* 0: what is left */
} kind_columns[] = {{N_("种类"), 0}, {N_("新增"), 6}, {N_("修改"), 6}, {N_("删除"), 6}};
#define KIND_COLUMNS ((int)(sizeof kind_columns / sizeof kind_columns[0]))

static int kinds_draw(const struct sync_preview *pv, int y)
{
    int idx[SYNC_KINDS], n = 0;
    for (int i = 0; i < pv->nkinds && i < SYNC_KINDS; i++)
        if (pv->kinds[i].label[0])
            idx[n++] = i;
    if (n == 0)
        return y;
    int half = (COLS - 2) / 2 - 1, rows = (n + 1) / 2;
    int fixed = 0;
    for (int c = 1; c < KIND_COLUMNS; c++)
        fixed += kind_columns[c].width + 1;
    for (int r = -1; r < rows; r++) {
        for (int side = 0; side < 2; side++) {
            int i = r < 0 ? side : r + side * rows;
            if (r >= 0 && i >= n)
                continue;
            if (r < 0 && side == 1 && n < 2)
                continue;
            const struct sync_kind_count *k = r < 0 ? NULL : &pv->kinds[idx[i]];
            int x = 1 + side * (half + 2);
            for (int c = 0; c < KIND_COLUMNS; c++) {
                char cell[128];
                int w = kind_columns[c].width ? kind_columns[c].width : half - fixed;
                if (k == NULL)
                    snprintf(cell, sizeof cell, "%s", _(kind_columns[c].title));
                else if (c == 0)
                    snprintf(cell, sizeof cell, "%s", k->label);
                else
                    snprintf(cell, sizeof cell, "%d",
                             c == 1   ? k->inserts
                             : c == 2 ? k->updates
                                      : k->deletes);
                text_shorten(cell, sizeof cell, w);
                draw_text(y + 1 + r, x, w, cell, k && c > 0 ? TEXT_RIGHT : TEXT_LEFT,
                          k ? A_NORMAL : A_BOLD | A_UNDERLINE);
                x += w + 1;
            }
        }
    }
    return y + 1 + rows;
}

static void preview_draw(void *obj)
{
    struct preview *p = obj;
    const struct sync_preview *pv = p->pv;
    char line[1024], made[32];
    snprintf(line, sizeof line, _("导入同步包：%s"), p->file);
    draw_title(line);
    local_time(pv->made_at, made, sizeof made);
    snprintf(line, sizeof line, _("来自%s%s「%s」的第 %lld 号包，%s 制作。"),
             pv->peer.upper ? _("上级") : _("下级"), role_word(pv->peer.role), pv->peer.name,
             pv->seq, made);
    int y = 1 + draw_wrapped(1, 1, COLS - 2, line, 2, A_BOLD);
    y = kinds_draw(pv, y) + 1;
    int bottom = LINES - 3; /* the last line of the changes: the question and the key bar below */
    if (pv->changes == 0) {
        draw_wrapped(y, 1, COLS - 2,
                     _("这个包没有修改：对方自上一个包以来没有改动。导入它，本机就知道没有漏收。"),
                     3, A_NORMAL);
    } else if (y <= bottom) {
        p->page = bottom - y; /* lines for the changes under their heading */
        if (p->page < 1)
            p->page = 1;
        int total = p->n + (pv->changes > p->n ? 1 : 0);
        if (p->top > total - p->page)
            p->top = total - p->page;
        if (p->top < 0)
            p->top = 0;
        int last = p->top + p->page < total ? p->top + p->page : total;
        snprintf(line, sizeof line, _("共 %d 处修改，这是第 %d-%d 处（方向键、PgUp、PgDn 翻看）："),
                 pv->changes, p->top + 1, last < p->n ? last : p->n);
        draw_text(y++, 1, COLS - 2, line, TEXT_LEFT, A_BOLD | A_UNDERLINE);
        for (int i = p->top; i < last && y <= bottom; i++, y++) {
            if (i < p->n)
                snprintf(line, sizeof line, "%s", p->lines[i]);
            else
                snprintf(line, sizeof line, _("……（另有 %d 处，导入后都会写入）"),
                         pv->changes - p->n);
            text_shorten(line, sizeof line, COLS - 4);
            draw_text(y, 3, COLS - 4, line, TEXT_LEFT, A_NORMAL);
        }
    }
    draw_text(LINES - 2, 0, COLS, _("导入这些修改吗？按 y 导入，按 n 或 Esc 不导入。"), TEXT_LEFT,
              A_BOLD);
    keybar_draw(&p->scope, LINES - 1);
}

static int preview_scroll(struct preview *p, int by)
{
    p->top += by; /* kept in range when drawn */
    if (p->top < 0)
        p->top = 0;
    return KR_STAY;
}

static int preview_down(void *self)
{
    return preview_scroll(self, 1);
}

static int preview_up(void *self)
{
    return preview_scroll(self, -1);
}

static int preview_pgdn(void *self)
{
    struct preview *p = self;
    return preview_scroll(p, p->page > 1 ? p->page - 1 : 1);
}

static int preview_pgup(void *self)
{
    struct preview *p = self;
    return preview_scroll(p, -(p->page > 1 ? p->page - 1 : 1));
}

static int preview_home(void *self)
{
    ((struct preview *)self)->top = 0;
    return KR_STAY;
}

static int preview_end(void *self)
{
    ((struct preview *)self)->top = RECORDS_SHOWN + 1;
    return KR_STAY;
}

static int preview_yes(void *self)
{
    ((struct preview *)self)->yes = true;
    return KR_CLOSE;
}

static int preview_no(void *self)
{
    (void)self;
    return KR_CLOSE;
}

static const struct key_handler preview_keys[] = {
    {ACT_SAVE, preview_yes, N_("导入"), true, N_("导入这个包的全部修改"), "y"},
    {ACT_BACK, preview_no, N_("不导入"), true, N_("不导入，回到同步画面（这个包以后仍可导入）"),
     "n / Esc"},
    {ACT_DOWN, preview_down, NULL, false, N_("逐行翻看修改明细"), N_("上下方向键")},
    {ACT_UP, preview_up, NULL, false, NULL, N_("上下方向键")},
    {ACT_PGDN, preview_pgdn, NULL, false, N_("翻页"), "PgUp PgDn"},
    {ACT_PGUP, preview_pgup, NULL, false, NULL, "PgUp PgDn"},
    {ACT_HOME, preview_home, NULL, false, N_("到明细的开头、末尾"), "Home End"},
    {ACT_END, preview_end, NULL, false, NULL, "Home End"},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

/* Shows what the package would change; true when the user says to import it. */
static bool preview_run(struct sync_import *imp, const char *file)
{
    struct preview p = {.pv = sync_import_preview(imp), .file = base_name(file), .page = 1};
    struct ll_error err = {0};
    if (sync_import_records(imp, RECORDS_SHOWN, preview_collect, &p, &err) != LL_OK) {
        char line[600];
        snprintf(line, sizeof line, _("（无法列出修改明细：%s）"), err.msg);
        preview_collect(&p, line);
    }
    p.scope.tables[0] = preview_keys;
    p.scope.title = _("导入同步包");
    p.scope.help = _("导入前先看同步包要做的修改：谁发来的、第几号包、各类记录新增、修改、删除"
                     "多少，以及每一处修改。按 y 导入，按 n 或 Esc 不导入（以后仍可导入）。"
                     "两边都改过的记录，保留后保存的版本，另一版本列在冲突里，可以改用它。");
    term_push(preview_draw, &p, true);
    for (;;) {
        int key = term_getkey();
        if (key == -1 || key == 'n' || key == 'N')
            break;
        if (key == 'y' || key == 'Y') {
            p.yes = true;
            break;
        }
        if (keys_dispatch(&p.scope, key, &p) == KR_CLOSE)
            break;
    }
    term_pop();
    for (int i = 0; i < p.n; i++)
        free(p.lines[i]);
    free(p.lines);
    return p.yes;
}

static void conflicts_screen(struct sync_screen *ss);

/* Opens, previews and (when the user says so) applies the package at path. */
static void package_import(struct listview *lv, const char *path)
{
    struct sync_screen *ss = lv->ctx;
    struct sync_import *imp = NULL;
    struct ll_error err = {0};
    char msg[1536];
    if (sync_import_open(ss->app->db, path, &imp, &err) != LL_OK) {
        snprintf(msg, sizeof msg, _("同步包 %s：\n%s"), base_name(path), err.msg);
        dialog_message(msg);
        peers_reload(lv, NULL); /* a refusal is in the history now */
        return;
    }
    const struct sync_preview *pv = sync_import_preview(imp);
    if (pv->replay) {
        snprintf(msg, sizeof msg, _("「%s」的第 %lld 号包已经导入过，这次没有任何改动。"),
                 pv->peer.name, pv->seq);
        sync_import_free(imp);
        dialog_message(msg);
        return;
    }
    char peer[256], id[LL_ID_LEN];
    snprintf(peer, sizeof peer, "%s", pv->peer.name);
    snprintf(id, sizeof id, "%s", pv->peer.id);
    if (!preview_run(imp, path)) {
        sync_import_free(imp);
        listview_message(lv, false, _("没有导入 %s。"), base_name(path));
        return;
    }
    struct sync_import_result res;
    enum ll_status st = sync_import_apply(imp, &res, &err);
    sync_import_free(imp);
    peers_reload(lv, id);
    if (st != LL_OK) {
        snprintf(msg, sizeof msg, _("同步包 %s：\n%s"), base_name(path), err.msg);
        dialog_message(msg);
        return;
    }
    snprintf(msg, sizeof msg,
             _("已导入「%s」的同步包：改动 %d 处，本机原已相同 %d 处，冲突 %d 处。"), peer,
             res.applied, res.unchanged, res.conflicts);
    listview_message(lv, false, "%s", msg);
    if (res.conflicts == 0)
        return;
    text_append(msg, sizeof msg, "%s",
                _("\n两边都改过的记录保留了后保存的版本，另一版本都已保存，可以改用。现在查看"
                  "冲突吗？"));
    if (dialog_confirm(msg)) {
        conflicts_screen(ss);
        peers_reload(lv, NULL);
    }
}

static int peer_import(void *self)
{
    struct listview *lv = self;
    char path[1024], file[1400];
    if (!folder_ask(_("导入同步包（文件，或它所在的文件夹）："), path, sizeof path))
        return KR_STAY;
    if (is_folder(path)) {
        remember_folder(path);
        if (!package_choose(lv, path, file, sizeof file))
            return KR_STAY;
    } else {
        remember_folder(path);
        snprintf(file, sizeof file, "%s", path);
    }
    package_import(lv, file);
    return KR_STAY;
}

/* ---- history ----------------------------------------------------------------------------- */

static void history_collect(void *ctx, const struct sync_history_row *h)
{
    struct history_line l = {.h = *h};
    rowset_add(ctx, &l);
}

static void history_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    rowset_clear(&ss->history);
    if (sync_history_list(ss->app->db, HISTORY_SHOWN, history_collect, &ss->history, &err) != LL_OK)
        snprintf(ss->history.error, sizeof ss->history.error, "%s", err.msg);
}

static const char *direction_word(const char *direction)
{
    return strcmp(direction, "out") == 0  ? _("发出")
           : strcmp(direction, "in") == 0 ? _("导入")
                                          : _("拒收");
}

static const struct sync_history_row *row_history(const void *row)
{
    return &((const struct history_line *)row)->h;
}

static void col_history_at(const void *row, char *buf, size_t size)
{
    local_time(row_history(row)->at, buf, size);
}

static void col_direction(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%s", direction_word(row_history(row)->direction));
}

static void col_history_peer(const void *row, char *buf, size_t size)
{
    const struct sync_history_row *h = row_history(row);
    snprintf(buf, size, "%s", h->peer_name[0] ? h->peer_name : _("（不明）"));
}

static void col_seq(const void *row, char *buf, size_t size)
{
    long long seq = row_history(row)->seq;
    snprintf(buf, size, seq > 0 ? "%lld" : "", seq);
}

static void col_changes(const void *row, char *buf, size_t size)
{
    const struct sync_history_row *h = row_history(row);
    snprintf(buf, size, strcmp(h->direction, "refused") ? "%d" : "", h->changes);
}

/* What happened: the import's counts, a refusal's reason, or the file a package went to. */
static void col_summary(const void *row, char *buf, size_t size)
{
    const struct sync_history_row *h = row_history(row);
    snprintf(buf, size, "%s", h->summary[0] ? h->summary : base_name(h->file));
}

static const struct lv_column history_columns[] = {
    {N_("时间"), 16, TEXT_LEFT, .get = col_history_at},
    {N_("收发"), 7, TEXT_LEFT, .get = col_direction},
    {N_("站点"), 0, TEXT_LEFT, .get = col_history_peer},
    {N_("编号"), 4, TEXT_RIGHT, .get = col_seq},
    {N_("修改"), 5, TEXT_RIGHT, .get = col_changes},
    {N_("说明"), 0, TEXT_LEFT, .get = col_summary},
};

static enum ll_status history_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                    void *rows, int *count, struct ll_error *err)
{
    return rowset_fetch(&((struct sync_screen *)ctx)->history, dir, anchor, limit, rows, count,
                        err);
}

static enum ll_status history_counter(void *ctx, int *count, struct ll_error *err)
{
    (void)err;
    *count = ((struct sync_screen *)ctx)->history.n;
    return LL_OK;
}

static attr_t history_attr(const void *row)
{
    return strcmp(row_history(row)->direction, "refused") == 0 ? term_attr(COLOR_ERROR) : A_NORMAL;
}

static int history_open(struct listview *lv, void *row)
{
    (void)lv;
    const struct sync_history_row *h = row_history(row);
    char msg[2048], at[32];
    local_time(h->at, at, sizeof at);
    snprintf(msg, sizeof msg, _("%s  %s  %s\n"), at, direction_word(h->direction),
             h->peer_name[0] ? h->peer_name : _("（不明）"));
    if (h->seq > 0)
        text_append(msg, sizeof msg, _("第 %lld 号包，%d 处修改，冲突 %d 处\n"), h->seq, h->changes,
                    h->conflicts);
    if (h->file[0])
        text_append(msg, sizeof msg, _("文件：%s\n"), h->file);
    if (h->summary[0])
        text_append(msg, sizeof msg, _("说明：%s"), h->summary);
    dialog_message(msg);
    return KR_STAY;
}

/* e on a package that went out: writes it again (one lost on the way; packages are taken in
 * order, so a lost one holds up those after it). */
static int history_resend(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    const struct history_line *l = listview_current(lv);
    if (l == NULL)
        return KR_STAY;
    struct sync_history_row h = l->h;
    if (strcmp(h.direction, "out") != 0) {
        listview_message(lv, true, "%s", _("只有发出的包可以重新写出：请选一行「发出」。"));
        return KR_STAY;
    }
    struct sync_peer p;
    struct ll_error err = {0};
    if (sync_peer_get(ss->app->db, h.peer_id, &p, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        return KR_STAY;
    }
    char folder[1024], label[512];
    snprintf(label, sizeof label, _("把第 %lld 号包重新写到文件夹："), h.seq);
    if (!folder_ask(label, folder, sizeof folder))
        return KR_STAY;
    if (!is_folder(folder)) {
        listview_message(lv, true, _("没有文件夹 %s（U 盘插好了吗？），没有导出。"), folder);
        return KR_STAY;
    }
    remember_folder(folder);
    struct sync_export_result res;
    if (sync_resend(ss->app->db, p.id, h.seq, folder, &res, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已把第 %lld 号同步包重新写入 %s，请交给「%s」导入。"),
                         res.seq, res.file, peer_name(&p));
    return KR_STAY;
}

static const struct key_handler history_keys[] = {
    {ACT_EXPORT, history_resend, N_("重新写出"), true,
     N_("把所选的发出的包再写一次（包在路上丢失了，对方要按顺序导入）"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static const struct listview_def history_def = {
    .title = N_("同步收发记录"),
    .help = N_("本机发出、导入和拒收的同步包，最新的在前。拒收的包在说明里写着原因。在一行上按 "
               "Enter 看详情；对方说某个包丢了，在那一行「发出」上按 e 重新写出。"),
    .columns = history_columns,
    .ncolumns = (int)(sizeof history_columns / sizeof history_columns[0]),
    .row_size = sizeof(struct history_line),
    .key_offset = offsetof(struct history_line, sort_key),
    .fetch = history_fetch,
    .count = history_counter,
    .open = history_open,
    .row_attr = history_attr,
    .empty = N_("还没有收发过同步包。"),
    .keys = history_keys,
};

static int peer_history(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    history_load(ss);
    listview_run(&history_def, ss);
    peers_reload(lv, NULL);
    return KR_STAY;
}

/* ---- conflicts --------------------------------------------------------------------------- */

static void conflict_collect(void *ctx, const struct sync_conflict *c)
{
    struct conflict_line l = {.c = *c};
    rowset_add(ctx, &l);
}

static void conflicts_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    rowset_clear(&ss->conflicts);
    if (sync_conflict_list(ss->app->db, CONFLICTS_SHOWN, conflict_collect, &ss->conflicts, &err) !=
        LL_OK)
        snprintf(ss->conflicts.error, sizeof ss->conflicts.error, "%s", err.msg);
}

static const struct sync_conflict *row_conflict(const void *row)
{
    return &((const struct conflict_line *)row)->c;
}

static void col_conflict_at(const void *row, char *buf, size_t size)
{
    local_date(row_conflict(row)->at, buf, size);
}

static void col_other(const void *row, char *buf, size_t size)
{
    const struct sync_conflict *c = row_conflict(row);
    snprintf(buf, size, "%s", c->other_version[0] ? c->other_version : _("（已删除）"));
}

static const struct lv_column conflict_columns[] = {
    {N_("日期"), 10, TEXT_LEFT, .get = col_conflict_at},
    {N_("种类"), 12, TEXT_LEFT, LV_TEXT_OF(struct conflict_line, c.table_label)},
    {N_("记录"), 0, TEXT_LEFT, LV_TEXT_OF(struct conflict_line, c.label)},
    {N_("说明"), 0, TEXT_LEFT, LV_TEXT_OF(struct conflict_line, c.explanation)},
    {N_("另一版本"), 0, TEXT_LEFT, .get = col_other},
};

static enum ll_status conflicts_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                      void *rows, int *count, struct ll_error *err)
{
    return rowset_fetch(&((struct sync_screen *)ctx)->conflicts, dir, anchor, limit, rows, count,
                        err);
}

static enum ll_status conflicts_counter(void *ctx, int *count, struct ll_error *err)
{
    (void)err;
    *count = ((struct sync_screen *)ctx)->conflicts.n;
    return LL_OK;
}

/* Takes the other version of c after asking; writes what happened into msg. True when the
 * conflict is settled. */
static bool conflict_take(struct sync_screen *ss, const struct sync_conflict *c, char *msg,
                          size_t size, bool *error)
{
    char question[2048];
    struct ll_error err = {0};
    *error = false;
    msg[0] = '\0';
    snprintf(question, sizeof question,
             _("采用另一版本吗？%s「%s」将改为：\n%s\n本机现在的内容会被替换，这个修改会随下一个"
               "同步包发给对方。"),
             c->table_label, c->label, c->other_version[0] ? c->other_version : _("（已删除）"));
    if (!dialog_confirm(question))
        return false;
    if (sync_conflict_take(ss->app->db, c->id, &err) != LL_OK) {
        snprintf(msg, size, "%s", err.msg);
        *error = true;
        return false;
    }
    snprintf(msg, size, _("已采用%s「%s」的另一版本，它会随下一个同步包发出。"), c->table_label,
             c->label);
    return true;
}

static bool conflict_keep(struct sync_screen *ss, const struct sync_conflict *c, char *msg,
                          size_t size, bool *error)
{
    char question[1024];
    struct ll_error err = {0};
    *error = false;
    msg[0] = '\0';
    snprintf(question, sizeof question,
             _("保留本机现在的%s「%s」，不采用另一版本吗？这个冲突将不再列出。"), c->table_label,
             c->label);
    if (!dialog_confirm(question))
        return false;
    if (sync_conflict_dismiss(ss->app->db, c->id, &err) != LL_OK) {
        snprintf(msg, size, "%s", err.msg);
        *error = true;
        return false;
    }
    snprintf(msg, size, _("已保留本机现在的%s「%s」，这个冲突不再列出。"), c->table_label,
             c->label);
    return true;
}

/* The details of one conflict, with the same keys as the list. */
struct conflict_view {
    struct sync_screen *ss;
    struct sync_conflict c;
    char msg[768];
    bool msg_error, settled;
    struct keyscope scope;
};

static void conflict_view_draw(void *obj)
{
    struct conflict_view *v = obj;
    const struct sync_conflict *c = &v->c;
    char line[2048], at[32];
    int w = COLS - 4, y = 2;
    snprintf(line, sizeof line, _("冲突：%s「%s」"), c->table_label, c->label);
    draw_title(line);
    local_time(c->at, at, sizeof at);
    snprintf(line, sizeof line, _("发现于 %s"), at);
    draw_text(y++, 2, w, line, TEXT_LEFT, A_NORMAL);
    y++;
    y += draw_wrapped(y, 2, w, c->explanation, 4, A_BOLD);
    y++;
    draw_text(y++, 2, w, _("另一版本（没有保留的）："), TEXT_LEFT, A_BOLD | A_UNDERLINE);
    int room = LINES - 3 - y;
    y += draw_wrapped(y, 4, w - 2, c->other_version[0] ? c->other_version : _("（已删除）"),
                      room > 1 ? room : 1, A_NORMAL);
    if (v->msg[0])
        draw_message(LINES - 2, v->msg, v->msg_error ? term_attr(COLOR_ERROR) : A_BOLD);
    keybar_draw(&v->scope, LINES - 1);
}

static int view_take(void *self)
{
    struct conflict_view *v = self;
    v->settled = conflict_take(v->ss, &v->c, v->msg, sizeof v->msg, &v->msg_error);
    return v->settled ? KR_CLOSE : KR_STAY;
}

static int view_keep(void *self)
{
    struct conflict_view *v = self;
    v->settled = conflict_keep(v->ss, &v->c, v->msg, sizeof v->msg, &v->msg_error);
    return v->settled ? KR_CLOSE : KR_STAY;
}

static int view_back(void *self)
{
    (void)self;
    return KR_CLOSE;
}

static const struct key_handler conflict_view_keys[] = {
    {ACT_FILTER_TOWNSHIP, view_take, N_("采用另一版本"), true,
     N_("用另一版本替换本机现在的记录（先问一次）"), NULL},
    {ACT_FILTER_KIND, view_keep, N_("保留本机"), true,
     N_("保留本机现在的记录，这个冲突不再列出（先问一次）"), NULL},
    {ACT_BACK, view_back, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static int conflict_open(struct listview *lv, void *row)
{
    struct conflict_view *v = calloc(1, sizeof *v);
    if (v == NULL)
        return KR_STAY;
    v->ss = lv->ctx;
    v->c = *row_conflict(row);
    v->scope.tables[0] = conflict_view_keys;
    v->scope.title = _("同步冲突");
    v->scope.help = _("同一条记录在两边都改过（或一边删除、一边修改）。本机保留了后保存的版本，"
                      "另一版本在这里。按 t 改用另一版本，按 k 保留本机现在的记录。");
    term_push(conflict_view_draw, v, true);
    for (;;) {
        int key = term_getkey();
        if (key == -1)
            break;
        v->msg[0] = '\0';
        if (keys_dispatch(&v->scope, key, v) == KR_CLOSE)
            break;
    }
    term_pop();
    if (v->settled)
        listview_message(lv, false, "%s", v->msg);
    struct sync_screen *ss = lv->ctx;
    conflicts_load(ss);
    free(v);
    return KR_STAY;
}

static int conflict_list_act(struct listview *lv, bool take)
{
    struct sync_screen *ss = lv->ctx;
    const struct conflict_line *l = listview_current(lv);
    if (l == NULL)
        return KR_STAY;
    struct sync_conflict c = l->c;
    char msg[768];
    bool error;
    (take ? conflict_take : conflict_keep)(ss, &c, msg, sizeof msg, &error);
    if (msg[0])
        listview_message(lv, error, "%s", msg);
    conflicts_load(ss);
    listview_reload(lv);
    return KR_STAY;
}

static int conflict_list_take(void *self)
{
    return conflict_list_act(self, true);
}

static int conflict_list_keep(void *self)
{
    return conflict_list_act(self, false);
}

static const struct key_handler conflict_keys[] = {
    {ACT_FILTER_TOWNSHIP, conflict_list_take, N_("采用另一版本"), true,
     N_("用所选冲突的另一版本替换本机现在的记录（先问一次）"), NULL},
    {ACT_FILTER_KIND, conflict_list_keep, N_("保留本机"), true,
     N_("保留本机现在的记录，这个冲突不再列出（先问一次）"), NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static void conflicts_title(struct listview *lv, char *buf, size_t size)
{
    struct sync_screen *ss = lv->ctx;
    snprintf(buf, size, _("同步冲突：%d 个待处理"), ss->conflicts.n);
}

static const struct listview_def conflicts_def = {
    .title = N_("同步冲突"),
    .help = N_("导入同步包时，同一条记录在两边都改过（或一边删除、一边修改）：本机保留了后保存"
               "的版本，没有保留的另一版本列在这里。Enter 看详情，t 改用另一版本（它会随下一个"
               "同步包发给对方），k 保留本机现在的记录。"),
    .columns = conflict_columns,
    .ncolumns = (int)(sizeof conflict_columns / sizeof conflict_columns[0]),
    .row_size = sizeof(struct conflict_line),
    .key_offset = offsetof(struct conflict_line, sort_key),
    .fetch = conflicts_fetch,
    .count = conflicts_counter,
    .open = conflict_open,
    .make_title = conflicts_title,
    .empty = N_("没有待处理的冲突。"),
    .keys = conflict_keys,
};

static void conflicts_screen(struct sync_screen *ss)
{
    conflicts_load(ss);
    listview_run(&conflicts_def, ss);
}

static int peer_conflicts(void *self)
{
    struct listview *lv = self;
    conflicts_screen(lv->ctx);
    peers_reload(lv, NULL);
    return KR_STAY;
}

/* ---- the pairings ------------------------------------------------------------------------ */

static const struct sync_peer *row_peer(const void *row)
{
    return &((const struct peer_line *)row)->p;
}

static void col_relation(const void *row, char *buf, size_t size)
{
    const struct sync_peer *p = row_peer(row);
    snprintf(buf, size, "%s%s", p->upper ? _("上级") : _("下级"), role_word(p->role));
}

static void col_name(const void *row, char *buf, size_t size)
{
    const struct sync_peer *p = row_peer(row);
    snprintf(buf, size, "%s", p->name[0] ? p->name : _("（尚未收到）"));
}

static void col_out(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%lld", row_peer(row)->out_seq);
}

static void col_in(const void *row, char *buf, size_t size)
{
    snprintf(buf, size, "%lld", row_peer(row)->in_seq);
}

static void col_last_out(const void *row, char *buf, size_t size)
{
    local_date(row_peer(row)->last_out, buf, size);
}

static void col_last_in(const void *row, char *buf, size_t size)
{
    local_date(row_peer(row)->last_in, buf, size);
}

static const struct lv_column peer_columns[] = {
    {N_("配对"), 13, TEXT_LEFT, .get = col_relation},
    {N_("乡镇或联络站"), 0, TEXT_LEFT, LV_TEXT_OF(struct peer_line, where)},
    {N_("对方名称"), 0, TEXT_LEFT, .get = col_name},
    {N_("发出"), 4, TEXT_RIGHT, .get = col_out},
    {N_("最近发出"), 10, TEXT_LEFT, .get = col_last_out},
    {N_("收到"), 4, TEXT_RIGHT, .get = col_in},
    {N_("最近收到"), 10, TEXT_LEFT, .get = col_last_in},
};

static enum ll_status peers_fetch(void *ctx, enum page_dir dir, const char *anchor, int limit,
                                  void *rows, int *count, struct ll_error *err)
{
    return rowset_fetch(&((struct sync_screen *)ctx)->peers, dir, anchor, limit, rows, count, err);
}

static enum ll_status peers_counter(void *ctx, int *count, struct ll_error *err)
{
    (void)err;
    *count = ((struct sync_screen *)ctx)->peers.n;
    return LL_OK;
}

/* The status line: what this site is, and the conflicts waiting. Nothing is filtered out. */
static bool peers_describe(struct listview *lv, char *buf, size_t size)
{
    struct sync_screen *ss = lv->ctx;
    const struct ll_config *cfg = ss->app->cfg;
    snprintf(buf, size, _("本机：%s（%s）"), cfg->site_name[0] ? cfg->site_name : _("未设置单位"),
             role_word(cfg->role));
    if (ss->open_conflicts > 0)
        text_append(buf, size, _("  待处理冲突 %d 个（按 c）"), ss->open_conflicts);
    return false;
}

#define KEY_EXPORT                                                                                 \
    {                                                                                              \
        ACT_EXPORT, peer_export, N_("导出"), true,                                                 \
            N_("把发给所选站点的修改写成同步包，写到一个文件夹（如 U 盘）"), NULL                  \
    }
#define KEY_IMPORT                                                                                 \
    {                                                                                              \
        ACT_PAGE, peer_import, N_("导入"), true,                                                   \
            N_("导入对方发来的同步包：写出文件或它所在的文件夹，先看要做的修改，确认后导入"), NULL \
    }
#define KEY_HISTORY                                                                                \
    {                                                                                              \
        ACT_HISTORY, peer_history, N_("收发记录"), true,                                           \
            N_("本机发出、导入和拒收的同步包；丢失的包可以重新写出"), NULL                         \
    }
#define KEY_CONFLICTS                                                                              \
    {                                                                                              \
        ACT_CLEAR, peer_conflicts, N_("冲突"), true,                                               \
            N_("两边都改过的记录：看另一版本，改用它或保留本机的"), NULL                           \
    }
#define KEY_PAIR_LOWER                                                                             \
    {                                                                                              \
        ACT_ADD, pair_lower, N_("新增下级"), true,                                                 \
            N_("为下级站点生成配对码（县为乡镇，乡镇为本镇的联络站）"), NULL                       \
    }
#define KEY_PAIR_UPPER                                                                             \
    {                                                                                              \
        ACT_FILTER_UNIT, pair_upper, N_("与上级配对"), true,                                       \
            N_("输入上级站点给的配对码，与上级配对（联络站与乡镇，乡镇与县）"), NULL               \
    }
#define KEY_UNPAIR                                                                                 \
    {                                                                                              \
        ACT_DELETE, peer_remove, N_("删除"), true,                                                 \
            N_("删除所选的配对（先问一次；收发记录和冲突保留）"), NULL                             \
    }
#define KEYS_END                                                                                   \
    {                                                                                              \
        ACT_NONE, NULL, NULL, false, NULL, NULL                                                    \
    }

/* A county has only lower sites, a station only its upper one, a township both. */
static const struct key_handler county_keys[] = {
    KEY_EXPORT, KEY_IMPORT, KEY_HISTORY, KEY_CONFLICTS, KEY_PAIR_LOWER, KEY_UNPAIR, KEYS_END,
};
static const struct key_handler township_keys[] = {
    KEY_EXPORT,     KEY_IMPORT,     KEY_HISTORY, KEY_CONFLICTS,
    KEY_PAIR_LOWER, KEY_PAIR_UPPER, KEY_UNPAIR,  KEYS_END,
};
static const struct key_handler station_keys[] = {
    KEY_EXPORT, KEY_IMPORT, KEY_HISTORY, KEY_CONFLICTS, KEY_PAIR_UPPER, KEY_UNPAIR, KEYS_END,
};

static const struct listview_def peers_def = {
    .title = N_("同步：用 U 盘与上下级站点交换数据"),
    .help = N_("本机与上级、下级站点的配对，以及收发的同步包。先配对：上级站点按 a 新增下级，"
               "把屏幕上的配对码当面交给下级；下级站点按 u 与上级配对，输入配对码。之后选中一个"
               "站点按 e，把发给它的修改写到 U 盘；收到对方的 U 盘，按 i 导入（先列出要做的修改，"
               "确认后才写入）。h 看收发记录，c 处理冲突。"),
    .columns = peer_columns,
    .ncolumns = (int)(sizeof peer_columns / sizeof peer_columns[0]),
    .row_size = sizeof(struct peer_line),
    .key_offset = offsetof(struct peer_line, sort_key),
    .fetch = peers_fetch,
    .count = peers_counter,
    .describe_filter = peers_describe,
};

void sync_main_screen(struct app *app)
{
    struct sync_screen *ss = calloc(1, sizeof *ss);
    if (ss == NULL)
        return;
    ss->app = app;
    ss->peers = (struct rowset){.size = sizeof(struct peer_line),
                                .key_offset = offsetof(struct peer_line, sort_key)};
    ss->history = (struct rowset){.size = sizeof(struct history_line),
                                  .key_offset = offsetof(struct history_line, sort_key)};
    ss->conflicts = (struct rowset){.size = sizeof(struct conflict_line),
                                    .key_offset = offsetof(struct conflict_line, sort_key)};
    struct listview_def def = peers_def;
    switch (app->cfg->role) {
    case SITE_COUNTY:
        def.keys = county_keys;
        def.empty = N_("还没有配对的站点。按 a 新增下级，为乡镇生成配对码。");
        break;
    case SITE_STATION:
        def.keys = station_keys;
        def.empty = N_("还没有配对的站点。按 u 与上级配对，输入乡镇人大给的配对码。");
        break;
    default:
        def.keys = township_keys;
        def.empty = N_("还没有配对的站点。按 a 为本镇的联络站生成配对码，按 u 与县人大配对。");
        break;
    }
    peers_load(ss);
    listview_run(&def, ss);
    free(ss->peers.rows);
    free(ss->history.rows);
    free(ss->conflicts.rows);
    free(ss);
}
