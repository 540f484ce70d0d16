/* 同步: the conflicts imports found; the other version taken, or this one kept. */
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

/* ---- conflicts --------------------------------------------------------------------------- */

static void conflict_collect(void *ctx, const struct sync_conflict *c)
{
    struct conflict_line l = {.c = *c};
    sync_rowset_add(ctx, &l);
}

static void conflicts_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    sync_rowset_clear(&ss->conflicts);
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
    sync_local_date(row_conflict(row)->at, buf, size);
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

SYNC_ROWSET_SOURCE(conflicts)

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
    sync_local_time(c->at, at, sizeof at);
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

void sync_conflicts_screen(struct sync_screen *ss)
{
    conflicts_load(ss);
    listview_run(&conflicts_def, ss);
}

int sync_peer_conflicts(void *self)
{
    struct listview *lv = self;
    sync_conflicts_screen(lv->ctx);
    sync_peers_reload(lv, NULL);
    return KR_STAY;
}
