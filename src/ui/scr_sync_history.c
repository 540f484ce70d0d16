/* 同步: the history of packages sent, imported and refused; a lost one written again. */
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

/* ---- history ----------------------------------------------------------------------------- */

static void history_collect(void *ctx, const struct sync_history_row *h)
{
    struct history_line l = {.h = *h};
    sync_rowset_add(ctx, &l);
}

static void history_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    sync_rowset_clear(&ss->history);
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
    sync_local_time(row_history(row)->at, buf, size);
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
    snprintf(buf, size, "%s", h->summary[0] ? h->summary : sync_base_name(h->file));
}

static const struct lv_column history_columns[] = {
    {N_("时间"), 16, TEXT_LEFT, .get = col_history_at},
    {N_("收发"), 7, TEXT_LEFT, .get = col_direction},
    {N_("站点"), 0, TEXT_LEFT, .get = col_history_peer},
    {N_("编号"), 4, TEXT_RIGHT, .get = col_seq},
    {N_("修改"), 5, TEXT_RIGHT, .get = col_changes},
    {N_("说明"), 0, TEXT_LEFT, .get = col_summary},
};

SYNC_ROWSET_SOURCE(history)

static attr_t history_attr(const void *row)
{
    return strcmp(row_history(row)->direction, "refused") == 0 ? term_attr(COLOR_ERROR) : A_NORMAL;
}

static int history_open(struct listview *lv, void *row)
{
    (void)lv;
    const struct sync_history_row *h = row_history(row);
    char msg[2048], at[32];
    sync_local_time(h->at, at, sizeof at);
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
    if (!sync_folder_ask(label, folder, sizeof folder))
        return KR_STAY;
    if (!sync_is_folder(folder)) {
        listview_message(lv, true, _("没有文件夹 %s（U 盘插好了吗？），没有导出。"), folder);
        return KR_STAY;
    }
    sync_remember_folder(folder);
    struct sync_export_result res;
    if (sync_resend(ss->app->db, p.id, h.seq, folder, &res, &err) != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false, _("已把第 %lld 号同步包重新写入 %s，请交给「%s」导入。"),
                         res.seq, res.file, sync_peer_name(&p));
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

int sync_peer_history(void *self)
{
    struct listview *lv = self;
    struct sync_screen *ss = lv->ctx;
    history_load(ss);
    listview_run(&history_def, ss);
    sync_peers_reload(lv, NULL);
    return KR_STAY;
}
