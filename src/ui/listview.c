#include "ui/listview.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/term.h"

/* Title, column headers, status line and key bar take four lines. */
#define LV_CHROME 4

static char *row_at(struct listview *lv, int i)
{
    return lv->rows + (size_t)i * lv->def->row_size;
}

static const char *lv_key(const struct listview *lv, const char *row)
{
    return row + lv->def->key_offset;
}

static int page_for_screen(void)
{
    int p = LINES - LV_CHROME;
    return p > 1 ? p : 1;
}

void listview_message(struct listview *lv, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lv->message, sizeof lv->message, fmt, ap);
    va_end(ap);
    lv->message_error = error;
}

static bool lv_fetch(struct listview *lv, enum page_dir dir, const char *anchor, int limit,
                     void *out, int *count)
{
    struct ll_error err = {0};
    *count = 0;
    if (limit <= 0)
        return true;
    if (lv->def->fetch(lv->ctx, dir, anchor, limit, out, count, &err) != LL_OK) {
        listview_message(lv, true, "%s", err.msg);
        *count = 0;
        return false;
    }
    if (*count > limit)
        *count = limit;
    return true;
}

static void lv_count(struct listview *lv)
{
    struct ll_error err = {0};
    int n = -1;
    if (lv->def->count && lv->def->count(lv->ctx, &n, &err) != LL_OK)
        n = -1;
    lv->total = n;
}

/* Makes room for the current screen size; false when out of memory. */
static bool lv_alloc(struct listview *lv)
{
    int page = page_for_screen();
    if (lv->rows && page == lv->page)
        return true;
    char *rows = realloc(lv->rows, (size_t)(2 * page + 1) * lv->def->row_size);
    if (rows == NULL)
        return false;
    lv->rows = rows;
    lv->page = page;
    if (lv->n > page)
        lv->n = page;
    return true;
}

/* When the window is not full but rows exist before it (near the end of the list), shows
 * them too instead of leaving the screen half empty. */
static void lv_fill_above(struct listview *lv)
{
    int got = 0;
    if (lv->n == 0 || lv->n >= lv->page)
        return;
    lv_fetch(lv, PAGE_BEFORE, lv_key(lv, row_at(lv, 0)), lv->page - lv->n, row_at(lv, lv->page),
             &got);
    if (got == 0)
        return;
    memmove(row_at(lv, got), row_at(lv, 0), (size_t)lv->n * lv->def->row_size);
    memcpy(row_at(lv, 0), row_at(lv, lv->page), (size_t)got * lv->def->row_size);
    lv->n += got;
    lv->cur += got;
}

/* Fills the window so that the row with key (or the one after it, when it is gone) is at
 * index `above`, with the rows before it above. */
static void lv_load_around(struct listview *lv, const char *key, int above)
{
    char anchor[LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s", key ? key : "");
    if (above > lv->page - 1)
        above = lv->page - 1;
    if (above < 0)
        above = 0;
    int kept = 0, got = 0;
    char after[LL_KEY_LEN] = "";
    if (anchor[0]) {
        /* One more than wanted: the first of them is only the predecessor's predecessor
         * when above rows exist, and tells where PAGE_AFTER starts when above == 0. */
        int k;
        lv_fetch(lv, PAGE_BEFORE, anchor, above + 1, lv->rows, &k);
        if (k > 0)
            snprintf(after, sizeof after, "%s", lv_key(lv, row_at(lv, k - 1)));
        if (k == above + 1) {
            memmove(lv->rows, row_at(lv, 1), (size_t)above * lv->def->row_size);
            kept = above;
        } else {
            kept = k;
        }
    }
    if (after[0])
        lv_fetch(lv, PAGE_AFTER, after, lv->page - kept, row_at(lv, kept), &got);
    else
        lv_fetch(lv, PAGE_FIRST, NULL, lv->page - kept, row_at(lv, kept), &got);
    lv->n = kept + got;
    lv->cur = got > 0 ? kept : kept - 1;
    if (lv->cur < 0)
        lv->cur = 0;
    lv_fill_above(lv);
    lv_count(lv);
}

void listview_reload(struct listview *lv)
{
    /* The key first: making room for a smaller screen may drop the current row. */
    char key[LL_KEY_LEN] = "";
    if (lv->has_focus_key)
        snprintf(key, sizeof key, "%s", lv->focus_key);
    else if (lv->rows && lv->n > 0)
        snprintf(key, sizeof key, "%s", lv_key(lv, row_at(lv, lv->cur)));
    lv->has_focus_key = false;
    if (!lv_alloc(lv))
        return;
    lv_load_around(lv, key, lv->cur);
}

static int lv_end(void *self);

static void lv_load_first(struct listview *lv)
{
    if (!lv_alloc(lv))
        return;
    lv->has_focus_key = false;
    lv->cur = 0;
    lv_load_around(lv, NULL, 0);
}

void listview_reload_first(struct listview *lv)
{
    if (!lv->def->start_at_end) {
        lv_load_first(lv);
        return;
    }
    if (!lv_alloc(lv))
        return;
    lv->has_focus_key = false;
    lv_end(lv);
    lv_count(lv);
}

void listview_focus(struct listview *lv, const char *key)
{
    snprintf(lv->focus_key, sizeof lv->focus_key, "%s", key);
    lv->has_focus_key = true;
}

void *listview_current(struct listview *lv)
{
    return lv->n > 0 ? row_at(lv, lv->cur) : NULL;
}

/* ---- moving ------------------------------------------------------------------------------ */

static int lv_down(void *self)
{
    struct listview *lv = self;
    if (lv->cur < lv->n - 1) {
        lv->cur++;
        return KR_STAY;
    }
    int got;
    if (lv->n == 0 ||
        !lv_fetch(lv, PAGE_AFTER, lv_key(lv, row_at(lv, lv->n - 1)), 1, row_at(lv, lv->n), &got) ||
        got == 0)
        return KR_STAY;
    if (lv->n == lv->page)
        memmove(lv->rows, row_at(lv, 1), (size_t)lv->n * lv->def->row_size);
    else
        lv->n++;
    lv->cur = lv->n - 1;
    return KR_STAY;
}

static int lv_up(void *self)
{
    struct listview *lv = self;
    if (lv->cur > 0) {
        lv->cur--;
        return KR_STAY;
    }
    int got;
    if (lv->n == 0 ||
        !lv_fetch(lv, PAGE_BEFORE, lv_key(lv, row_at(lv, 0)), 1, row_at(lv, lv->page + 1), &got) ||
        got == 0)
        return KR_STAY;
    /* The fetched row waits in the spare slot while the window moves down by one. */
    memmove(row_at(lv, 1), row_at(lv, 0), (size_t)lv->n * lv->def->row_size);
    memcpy(row_at(lv, 0), row_at(lv, lv->page + 1), lv->def->row_size);
    if (lv->n < lv->page)
        lv->n++;
    lv->cur = 0;
    return KR_STAY;
}

static int lv_pgdn(void *self)
{
    struct listview *lv = self;
    int got = 0;
    if (lv->n > 0)
        lv_fetch(lv, PAGE_AFTER, lv_key(lv, row_at(lv, lv->n - 1)), lv->page, row_at(lv, lv->n),
                 &got);
    if (got == 0) {
        lv->cur = lv->n > 0 ? lv->n - 1 : 0;
        return KR_STAY;
    }
    int total = lv->n + got, drop = total > lv->page ? total - lv->page : 0;
    memmove(lv->rows, row_at(lv, drop), (size_t)(total - drop) * lv->def->row_size);
    lv->n = total - drop;
    lv->cur = lv->cur - drop + got;
    if (lv->cur > lv->n - 1)
        lv->cur = lv->n - 1;
    return KR_STAY;
}

static int lv_pgup(void *self)
{
    struct listview *lv = self;
    int got = 0;
    /* The page before goes after the window, then is moved in front of it. */
    if (lv->n > 0)
        lv_fetch(lv, PAGE_BEFORE, lv_key(lv, row_at(lv, 0)), lv->page, row_at(lv, lv->page), &got);
    if (got == 0) {
        lv->cur = 0;
        return KR_STAY;
    }
    size_t rs = lv->def->row_size;
    int keep = lv->n < lv->page - got ? lv->n : lv->page - got;
    memmove(row_at(lv, got), row_at(lv, 0), (size_t)keep * rs);
    memcpy(row_at(lv, 0), row_at(lv, lv->page), (size_t)got * rs);
    lv->n = got + keep;
    if (lv->cur > lv->n - 1)
        lv->cur = lv->n - 1;
    return KR_STAY;
}

static int lv_home(void *self)
{
    lv_load_first(self);
    return KR_STAY;
}

static int lv_end(void *self)
{
    struct listview *lv = self;
    int got;
    lv_fetch(lv, PAGE_LAST, NULL, lv->page, lv->rows, &got);
    lv->n = got;
    lv->cur = got > 0 ? got - 1 : 0;
    return KR_STAY;
}

/* ---- actions ----------------------------------------------------------------------------- */

static int lv_after_action(struct listview *lv, int r)
{
    if (r != KR_CLOSE)
        listview_reload(lv);
    return r;
}

static int lv_open(void *self)
{
    struct listview *lv = self;
    void *row = listview_current(lv);
    if (row == NULL)
        return KR_STAY;
    if (lv->choosing) {
        memcpy(lv->chosen_row, row, lv->def->row_size);
        lv->chosen = true;
        return KR_CLOSE;
    }
    /* A copy: the window may be refetched while a dialog is open (a resize). */
    void *copy = malloc(lv->def->row_size);
    if (copy == NULL)
        return KR_STAY;
    memcpy(copy, row, lv->def->row_size);
    int r = lv->def->open(lv, copy);
    free(copy);
    return lv_after_action(lv, r);
}

static int lv_add(void *self)
{
    struct listview *lv = self;
    return lv_after_action(lv, lv->def->add(lv));
}

static int lv_remove(void *self)
{
    struct listview *lv = self;
    void *row = listview_current(lv);
    if (row == NULL)
        return KR_STAY;
    void *copy = malloc(lv->def->row_size);
    if (copy == NULL)
        return KR_STAY;
    memcpy(copy, row, lv->def->row_size);
    int r = lv->def->remove(lv, copy);
    free(copy);
    return lv_after_action(lv, r);
}

static int lv_search(void *self)
{
    struct listview *lv = self;
    size_t size = 0;
    char *text = lv->def->search_text(lv, &size);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    const char *label = lv->def->search_prompt
                            ? _(lv->def->search_prompt)
                            : _("搜索（姓名、名称或拼音首字母，留空显示全部）：");
    if (!dialog_prompt(label, buf, size < sizeof buf ? size : sizeof buf, 30))
        return KR_STAY;
    snprintf(text, size, "%s", buf);
    listview_reload_first(lv);
    return KR_STAY;
}

static int lv_back(void *self)
{
    struct listview *lv = self;
    if (lv->def->back && !lv->choosing && lv->def->back(lv) == KR_STAY) {
        listview_reload(lv);
        return KR_STAY;
    }
    return KR_CLOSE;
}

/* The engine's keys for this list: only those whose action the definition provides. */
static void lv_build_keys(struct listview *lv)
{
    const struct listview_def *d = lv->def;
    struct key_handler *k = lv->base;
    if (lv->choosing)
        *k++ = (struct key_handler){ACT_OPEN, lv_open, N_("选择"), true, NULL, NULL};
    else if (d->open)
        *k++ = (struct key_handler){ACT_OPEN, lv_open, NULL, true, NULL, NULL};
    if (d->add && !lv->choosing)
        *k++ = (struct key_handler){ACT_ADD, lv_add, NULL, true, NULL, NULL};
    if (d->remove && !lv->choosing)
        *k++ = (struct key_handler){ACT_DELETE, lv_remove, NULL, true, NULL, NULL};
    if (d->search_text)
        *k++ = (struct key_handler){ACT_SEARCH, lv_search, NULL, true, NULL, NULL};
    *k++ = (struct key_handler){ACT_UP, lv_up, NULL, false, NULL, NULL};
    *k++ = (struct key_handler){ACT_DOWN, lv_down, NULL, false, NULL, NULL};
    *k++ = (struct key_handler){ACT_PGUP, lv_pgup, NULL, false, NULL, NULL};
    *k++ = (struct key_handler){ACT_PGDN, lv_pgdn, NULL, false, NULL, NULL};
    *k++ = (struct key_handler){ACT_HOME, lv_home, NULL, false, NULL, NULL};
    *k++ = (struct key_handler){ACT_END, lv_end, NULL, false, NULL, NULL};
    *k++ =
        (struct key_handler){ACT_BACK, lv_back, lv->choosing ? N_("取消") : NULL, true, NULL, NULL};
    *k = (struct key_handler){ACT_NONE, NULL, NULL, false, NULL, NULL};
    /* In a chooser the screen's own keys (filters, volunteers...) are not offered. */
    /* The engine's keys first: open, add, delete and search lead the key bar. */
    lv->scope.tables[0] = lv->base;
    lv->scope.tables[1] = lv->choosing ? NULL : d->keys;
    lv->scope.tables[2] = NULL;
    lv->scope.title = _(d->title);
    lv->scope.help = d->help ? _(d->help) : NULL;
}

/* ---- drawing ----------------------------------------------------------------------------- */

/* Widths of the columns at the current screen width: flexible ones share what is left. */
static void lv_widths(const struct listview *lv, int *w)
{
    int fixed = 0, flex = 0;
    for (int i = 0; i < lv->def->ncolumns; i++) {
        fixed += lv->def->columns[i].width + 1;
        if (lv->def->columns[i].width == 0)
            flex++;
    }
    int left = COLS - fixed;
    for (int i = 0; i < lv->def->ncolumns; i++) {
        w[i] = lv->def->columns[i].width;
        if (w[i] == 0)
            w[i] = flex ? (left / flex > 4 ? left / flex : 4) : 4;
    }
}

static void lv_draw_row(struct listview *lv, int y, const void *row, const int *w, attr_t attr)
{
    int x = 0;
    char cell[512];
    if (attr != A_NORMAL)
        draw_text(y, 0, COLS, "", TEXT_LEFT, attr);
    for (int i = 0; i < lv->def->ncolumns && x < COLS; i++) {
        const struct lv_column *c = &lv->def->columns[i];
        cell[0] = '\0';
        if (row && c->cell == LV_TEXT)
            snprintf(cell, sizeof cell, "%s", (const char *)row + c->offset);
        else if (row && c->cell == LV_INT)
            snprintf(cell, sizeof cell, "%d",
                     *(const int *)(const void *)((const char *)row + c->offset));
        else if (row)
            c->get(row, cell, sizeof cell);
        else
            snprintf(cell, sizeof cell, "%s", _(c->title));
        text_shorten(cell, sizeof cell, w[i]);
        draw_text(y, x, w[i], cell, row ? c->align : TEXT_LEFT, attr);
        x += w[i] + 1;
    }
}

static void lv_draw_status(struct listview *lv, int y)
{
    char status[1024], filter[512] = "";
    if (lv->message[0]) {
        draw_message(y, lv->message, lv->message_error ? term_attr(COLOR_ERROR) : A_BOLD);
        return;
    }
    if (lv->def->describe_filter)
        lv->def->describe_filter(lv, filter, sizeof filter);
    if (lv->total >= 0)
        snprintf(status, sizeof status, _("共 %d 条  %s"), lv->total, filter);
    else if (lv->total == LL_COUNT_MORE) /* a search that found a great many */
        snprintf(status, sizeof status, _("找到 %d 条以上  %s"), LL_COUNT_MAX, filter);
    else
        snprintf(status, sizeof status, "%s", filter);
    text_shorten(status, sizeof status, COLS);
    draw_text(y, 0, COLS, status, TEXT_LEFT, A_NORMAL);
    /* the keys that move through the list, at the right when there is room */
    const char *nav = _("方向键 PgUp PgDn Home End 移动");
    int navw = text_width(nav);
    if (text_width(status) + 2 + navw <= COLS)
        draw_text(y, COLS - navw, navw, nav, TEXT_LEFT, A_NORMAL);
}

static void listview_draw(void *obj)
{
    struct listview *lv = obj;
    if (lv->page != page_for_screen())
        listview_reload(lv); /* the terminal was resized: refill to the new height */
    int w[32];
    lv_widths(lv, w);
    char title[256];
    if (lv->choosing && lv->scope.title)
        snprintf(title, sizeof title, "%s", lv->scope.title);
    else if (lv->def->make_title)
        lv->def->make_title(lv, title, sizeof title);
    else
        snprintf(title, sizeof title, "%s", _(lv->def->title));
    draw_title(title);
    lv_draw_row(lv, 1, NULL, w, A_BOLD | A_UNDERLINE);
    for (int i = 0; i < lv->n; i++) {
        attr_t attr = A_NORMAL;
        if (i == lv->cur)
            attr = term_attr(COLOR_SELECTED);
        else if (lv->def->row_attr)
            attr = lv->def->row_attr(row_at(lv, i));
        lv_draw_row(lv, 2 + i, row_at(lv, i), w, attr);
    }
    if (lv->n == 0) {
        size_t size;
        char filter[512];
        bool filtered =
            (lv->def->search_text && lv->def->search_text(lv, &size)[0]) ||
            (lv->def->describe_filter && lv->def->describe_filter(lv, filter, sizeof filter));
        const char *empty = _("没有记录。");
        if (filtered)
            empty = _("没有符合条件的记录。");
        else if (lv->def->empty)
            empty = _(lv->def->empty);
        else if (lv->def->add && !lv->choosing)
            empty = _("没有记录。按 a 添加。");
        draw_text(3, 2, COLS - 4, empty, TEXT_LEFT, A_NORMAL);
    }
    lv_draw_status(lv, LINES - 2);
    keybar_draw(&lv->scope, LINES - 1);
}

/* ---- running ----------------------------------------------------------------------------- */

static void lv_loop(struct listview *lv)
{
    term_push(listview_draw, lv, true);
    listview_reload_first(lv);
    for (;;) {
        int key = term_getkey();
        if (key == -1)
            break;
        lv->message[0] = '\0';
        if (keys_dispatch(&lv->scope, key, lv) == KR_CLOSE)
            break;
    }
    term_pop();
    free(lv->rows);
    lv->rows = NULL;
}

void listview_run(const struct listview_def *def, void *ctx)
{
    struct listview lv = {.def = def, .ctx = ctx, .total = -1};
    lv_build_keys(&lv);
    lv_loop(&lv);
}

bool listview_choose(const struct listview_def *def, void *ctx, const char *title, void *out)
{
    struct listview lv = {.def = def, .ctx = ctx, .total = -1, .choosing = true, .chosen_row = out};
    lv_build_keys(&lv);
    if (title)
        lv.scope.title = title;
    lv_loop(&lv);
    return lv.chosen;
}

void listview_switch(struct listview *lv, const struct listview_def *def)
{
    if (def->row_size != lv->def->row_size) {
        free(lv->rows);
        lv->rows = NULL;
        lv->page = 0;
    }
    lv->def = def;
    lv->n = lv->cur = 0;
    lv_build_keys(lv);
    listview_reload_first(lv);
}

void listview_page_of_array(const void *rows, int n, size_t size, enum page_dir dir,
                            const char *anchor, int limit, void *out, int *count)
{
    int at = anchor ? atoi(anchor) : 0, start, end;
    switch (dir) {
    case PAGE_AFTER:
        start = at + 1, end = start + limit;
        break;
    case PAGE_BEFORE:
        end = at, start = end - limit;
        break;
    case PAGE_LAST:
        end = n, start = end - limit;
        break;
    default:
        start = 0, end = limit;
        break;
    }
    if (start < 0)
        start = 0;
    if (end > n)
        end = n;
    *count = end > start ? end - start : 0;
    if (*count > 0)
        memcpy(out, (const char *)rows + (size_t)start * size, (size_t)*count * size);
}
