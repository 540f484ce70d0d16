/* 同步: importing a package, after a preview of what it changes. */
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
    sync_local_time(pv->made_at, made, sizeof made);
    snprintf(line, sizeof line, _("来自%s%s「%s」的第 %lld 号包，%s 制作。"),
             pv->peer.upper ? _("上级") : _("下级"), sync_role_word(pv->peer.role), pv->peer.name,
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
    struct preview p = {.pv = sync_import_preview(imp), .file = sync_base_name(file), .page = 1};
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

void sync_conflicts_screen(struct sync_screen *ss);

/* Opens, previews and (when the user says so) applies the package at path. */
static void package_import(struct listview *lv, const char *path)
{
    struct sync_screen *ss = lv->ctx;
    struct sync_import *imp = NULL;
    struct ll_error err = {0};
    char msg[1536];
    if (sync_import_open(ss->app->db, path, &imp, &err) != LL_OK) {
        snprintf(msg, sizeof msg, _("同步包 %s：\n%s"), sync_base_name(path), err.msg);
        dialog_message(msg);
        sync_peers_reload(lv, NULL); /* a refusal is in the history now */
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
        listview_message(lv, false, _("没有导入 %s。"), sync_base_name(path));
        return;
    }
    struct sync_import_result res;
    enum ll_status st = sync_import_apply(imp, &res, &err);
    sync_import_free(imp);
    sync_peers_reload(lv, id);
    if (st != LL_OK) {
        snprintf(msg, sizeof msg, _("同步包 %s：\n%s"), sync_base_name(path), err.msg);
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
        sync_conflicts_screen(ss);
        sync_peers_reload(lv, NULL);
    }
}

int sync_peer_import(void *self)
{
    struct listview *lv = self;
    char path[1024], file[1400];
    if (!sync_folder_ask(_("导入同步包（文件，或它所在的文件夹）："), path, sizeof path))
        return KR_STAY;
    if (sync_is_folder(path)) {
        sync_remember_folder(path);
        if (!sync_package_choose(lv, path, file, sizeof file))
            return KR_STAY;
    } else {
        sync_remember_folder(path);
        snprintf(file, sizeof file, "%s", path);
    }
    package_import(lv, file);
    return KR_STAY;
}
