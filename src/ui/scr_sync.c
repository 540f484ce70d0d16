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
#include "ui/scr_sync.h"

/* ---- rows read whole, paged by index ------------------------------------------------------ */

void sync_rowset_clear(struct rowset *rs)
{
    rs->n = 0;
    rs->error[0] = '\0';
}

void sync_rowset_add(struct rowset *rs, const void *row)
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

enum ll_status sync_rowset_fetch(const struct rowset *rs, enum page_dir dir, const char *anchor,
                                 int limit, void *rows, int *count, struct ll_error *err)
{
    if (rs->error[0])
        return ll_error_set(err, LL_EDB, "%s", rs->error);
    listview_page_of_array(rs->rows, rs->n, rs->size, dir, anchor, limit, rows, count);
    return LL_OK;
}

/* ---- the screen's state ------------------------------------------------------------------ */

const char *sync_role_word(enum site_role r)
{
    return r == SITE_COUNTY ? _("县") : r == SITE_TOWNSHIP ? _("乡镇") : _("联络站");
}

/* What a peer is called: its name from its packages, else what it was paired as. */
const char *sync_peer_name(const struct sync_peer *p)
{
    return p->name[0] ? p->name : p->scope_name[0] ? p->scope_name : _("上级站点");
}

/* "上级乡镇「桃花江镇人大」", or only "上级乡镇" before anything came from it. */
static void peer_describe(const struct sync_peer *p, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", p->upper ? _("上级") : _("下级"), sync_role_word(p->role));
    if (p->name[0] || p->scope_name[0])
        text_append(buf, size, _("「%s」"), sync_peer_name(p));
}

/* "2026-11-29T08:57:33.898Z" (UTC, as stored) as local time "2026-11-29 16:57"; "" stays. */
void sync_local_time(const char *iso, char *out, size_t size)
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

void sync_local_date(const char *iso, char *out, size_t size)
{
    char full[32];
    sync_local_time(iso, full, sizeof full);
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
                                                                       : sync_role_word(p->role));
    else
        snprintf(l.where, sizeof l.where, "%s",
                 station_short_name(p->scope_name, shortname, sizeof shortname));
    /* a township's stations: their township goes without saying */
    size_t tlen = strlen(ss->app->cfg->township);
    if (ss->app->cfg->role == SITE_TOWNSHIP && !p->upper && tlen &&
        strncmp(l.where, ss->app->cfg->township, tlen) == 0 && l.where[tlen] == ' ')
        memmove(l.where, l.where + tlen + 1, strlen(l.where + tlen + 1) + 1);
    sync_rowset_add(&ss->peers, &l);
}

static void conflict_count(void *ctx, const struct sync_conflict *c)
{
    (void)c;
    ((struct sync_screen *)ctx)->open_conflicts++;
}

static void peers_load(struct sync_screen *ss)
{
    struct ll_error err = {0};
    sync_rowset_clear(&ss->peers);
    if (sync_peer_list(ss->app->db, peer_collect, ss, &err) != LL_OK)
        snprintf(ss->peers.error, sizeof ss->peers.error, "%s", err.msg);
    ss->open_conflicts = 0;
    sync_conflict_list(ss->app->db, CONFLICTS_SHOWN, conflict_count, ss, &err);
}

/* Reads the pairings again and puts the cursor on the one with id (when not NULL). */
void sync_peers_reload(struct listview *lv, const char *id)
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
    snprintf(line, sizeof line, _("已为%s「%s」生成配对码："), sync_role_word(v->p->role),
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
             sync_role_word(v->p->role));
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
    sync_peers_reload(lv, p.id);
    listview_message(lv, false, _("已为%s「%s」生成配对码。对方输入后，两边即可收发同步包。"),
                     sync_role_word(p.role), p.scope_name);
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
    sync_peers_reload(lv, jc.peer.id);
    listview_message(lv, false,
                     _("已与上级%s配对。请导入上级发来的第一个同步包（按 i），它带来本机要用的"
                       "联络站和代表名册。"),
                     sync_role_word(jc.peer.role));
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
    sync_peers_reload(lv, NULL);
    return KR_STAY;
}

/* ---- export ------------------------------------------------------------------------------ */

/* Asks for the folder a package goes to; false on Esc. */
bool sync_folder_ask(const char *label, char *folder, size_t size)
{
    sync_folder_default(folder, size);
    if (!dialog_prompt(label, folder, size, (int)size - 1))
        return false;
    text_trim(folder);
    sync_expand_home(folder, size);
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
    if (!sync_folder_ask(_("同步包写到文件夹："), folder, sizeof folder))
        return KR_STAY;
    if (!sync_is_folder(folder)) {
        /* a name typed wrong, or a stick not plugged in: not a file of that name */
        listview_message(lv, true, _("没有文件夹 %s（U 盘插好了吗？），没有导出。"), folder);
        return KR_STAY;
    }
    sync_remember_folder(folder);
    struct sync_export_result res;
    struct ll_error err = {0};
    enum ll_status st = sync_export(ss->app->db, ss->app->cfg, p.id, folder, &res, &err);
    sync_peers_reload(lv, p.id);
    if (st != LL_OK)
        listview_message(lv, true, "%s", err.msg);
    else
        listview_message(lv, false,
                         _("已把第 %lld 号同步包（%d 处修改）写入 %s，请交给「%s」导入。"), res.seq,
                         res.changes, res.file, sync_peer_name(&p));
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
    snprintf(buf, size, "%s%s", p->upper ? _("上级") : _("下级"), sync_role_word(p->role));
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
    sync_local_date(row_peer(row)->last_out, buf, size);
}

static void col_last_in(const void *row, char *buf, size_t size)
{
    sync_local_date(row_peer(row)->last_in, buf, size);
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

SYNC_ROWSET_SOURCE(peers)

/* The status line: what this site is, and the conflicts waiting. Nothing is filtered out. */
static bool peers_describe(struct listview *lv, char *buf, size_t size)
{
    struct sync_screen *ss = lv->ctx;
    const struct ll_config *cfg = ss->app->cfg;
    snprintf(buf, size, _("本机：%s（%s）"), cfg->site_name[0] ? cfg->site_name : _("未设置单位"),
             sync_role_word(cfg->role));
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
        ACT_PAGE, sync_peer_import, N_("导入"), true,                                              \
            N_("导入对方发来的同步包：写出文件或它所在的文件夹，先看要做的修改，确认后导入"), NULL \
    }
#define KEY_HISTORY                                                                                \
    {                                                                                              \
        ACT_HISTORY, sync_peer_history, N_("收发记录"), true,                                      \
            N_("本机发出、导入和拒收的同步包；丢失的包可以重新写出"), NULL                         \
    }
#define KEY_CONFLICTS                                                                              \
    {                                                                                              \
        ACT_CLEAR, sync_peer_conflicts, N_("冲突"), true,                                          \
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
