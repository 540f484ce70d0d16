#include "ui/dialog.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/text.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/lineedit.h"
#include "ui/term.h"

#define BOX_WIDTH 60

struct box_text {
    const char *text;
    const char *hint;
    attr_t attr;
};

static void box_text_draw(void *obj)
{
    const struct box_text *b = obj;
    int w = BOX_WIDTH < COLS - 4 ? BOX_WIDTH : COLS - 4;
    int lines = text_wrap_lines(b->text, w - 4);
    if (lines > LINES - 6)
        lines = LINES - 6;
    int h = lines + 4;
    int y = (LINES - h) / 2, x = (COLS - w) / 2;
    draw_box(y, x, h, w, b->attr);
    draw_wrapped(y + 1, x + 2, w - 4, b->text, lines, b->attr);
    draw_text(y + h - 2, x + 2, w - 4, b->hint, TEXT_CENTER, b->attr | A_BOLD);
}

bool dialog_confirm(const char *question)
{
    struct box_text b = {question, _("y 是    n 否"), term_attr(COLOR_FIELD)};
    term_push(box_text_draw, &b, false);
    bool yes = false;
    for (;;) {
        int key = term_getkey();
        if (key == 'y' || key == 'Y') {
            yes = true;
            break;
        }
        if (key == 'n' || key == 'N' || key == LL_ESC || key == '\n' || key == -1)
            break;
    }
    term_pop();
    return yes;
}

void dialog_message(const char *msg)
{
    struct box_text b = {msg, _("按任意键继续"), term_attr(COLOR_FIELD)};
    term_push(box_text_draw, &b, false);
    term_getkey();
    term_pop();
}

static void dialog_box_draw(void *obj)
{
    const struct dialog_box *box = obj;
    struct box_text b = {box->text, box->hint, term_attr(COLOR_FIELD)};
    box_text_draw(&b);
}

void dialog_box_push(struct dialog_box *box)
{
    term_push(dialog_box_draw, box, false);
}

void dialog_box_pop(void)
{
    term_pop();
}

struct chooser {
    const char *title;
    const char *const *items;
    int n, cur, top;
    bool *checked; /* a checklist: a box before each item */
};

static void chooser_geometry(const struct chooser *c, int *y, int *x, int *h, int *w)
{
    int width = text_width(c->title) + 6;
    for (int i = 0; i < c->n; i++)
        if (text_width(c->items[i]) + 6 > width)
            width = text_width(c->items[i]) + 6;
    if (width < 30)
        width = 30;
    if (width > COLS - 4)
        width = COLS - 4;
    int rows = c->n < LINES - 8 ? c->n : LINES - 8;
    *h = rows + 4;
    *w = width;
    *y = (LINES - *h) / 2;
    *x = (COLS - *w) / 2;
}

static void chooser_draw(void *obj)
{
    struct chooser *c = obj;
    int y, x, h, w;
    chooser_geometry(c, &y, &x, &h, &w);
    int rows = h - 4;
    attr_t attr = term_attr(COLOR_FIELD);
    if (c->cur < c->top)
        c->top = c->cur;
    if (c->cur >= c->top + rows)
        c->top = c->cur - rows + 1;
    draw_box(y, x, h, w, attr);
    int tw = text_width(c->title) + 2;
    if (tw > w - 4)
        tw = w - 4;
    char title[512];
    snprintf(title, sizeof title, " %s ", c->title);
    draw_text(y, x + (w - tw) / 2, tw, title, TEXT_LEFT, attr | A_BOLD);
    for (int i = 0; i < rows && c->top + i < c->n; i++) {
        int idx = c->top + i;
        char item[512];
        if (c->checked)
            snprintf(item, sizeof item, "[%c] %s", c->checked[idx] ? 'x' : ' ', c->items[idx]);
        else
            snprintf(item, sizeof item, "%s", c->items[idx]);
        draw_text(y + 1 + i, x + 2, w - 4, item, TEXT_LEFT,
                  idx == c->cur ? term_attr(COLOR_SELECTED) : attr);
    }
    draw_text(y + h - 2, x + 2, w - 4,
              c->checked ? _("空格 勾选  Enter 确定  Esc 取消") : _("Enter 选择  Esc 取消"),
              TEXT_CENTER, attr);
}

/* Runs a chooser until Enter (the index under the cursor) or Esc (-1); in a checklist Space
 * ticks the item under the cursor. */
static int chooser_run(struct chooser *c)
{
    int n = c->n;
    term_push(chooser_draw, c, false);
    int result = -1;
    for (;;) {
        int key = term_getkey();
        int page = LINES - 8;
        if (key == -1 || key == LL_ESC)
            break;
        if (key == '\n' || key == KC(KEY_ENTER)) {
            result = c->cur;
            break;
        }
        if (key == ' ' && c->checked)
            c->checked[c->cur] = !c->checked[c->cur];
        else if (key_is(key, ACT_UP) && c->cur > 0)
            c->cur--;
        else if (key_is(key, ACT_DOWN) && c->cur < n - 1)
            c->cur++;
        else if (key_is(key, ACT_PGUP))
            c->cur = c->cur > page ? c->cur - page : 0;
        else if (key_is(key, ACT_PGDN))
            c->cur = c->cur + page < n ? c->cur + page : n - 1;
        else if (key_is(key, ACT_HOME))
            c->cur = 0;
        else if (key_is(key, ACT_END))
            c->cur = n - 1;
    }
    term_pop();
    return result;
}

int dialog_choose(const char *title, const char *const *items, int n, int initial)
{
    if (n <= 0)
        return -1;
    struct chooser c = {title, items, n, initial >= 0 && initial < n ? initial : 0, 0, NULL};
    return chooser_run(&c);
}

int dialog_checklist(const char *title, const char *const *items, int n, bool *checked)
{
    if (n <= 0)
        return -1;
    struct chooser c = {title, items, n, 0, 0, checked};
    return chooser_run(&c);
}

struct prompt {
    const char *label;
    struct lineedit le;
};

static void prompt_draw(void *obj)
{
    struct prompt *p = obj;
    int y = LINES - 2;
    int lw = text_width(p->label);
    draw_text(y, 0, COLS, p->label, TEXT_LEFT, term_attr(COLOR_FIELD) | A_BOLD);
    /* the keys of the prompt, not of the screen under it */
    static const struct key_handler prompt_keys[] = {
        {ACT_OPEN, NULL, N_("确定"), true, NULL, NULL},
        {ACT_BACK, NULL, N_("取消"), true, NULL, NULL},
        {ACT_NONE, NULL, NULL, false, NULL, NULL},
    };
    struct keyscope scope = {{prompt_keys, NULL, NULL}, NULL, NULL};
    keybar_draw(&scope, LINES - 1);
    lineedit_draw(&p->le, y, lw, COLS - lw, term_attr(COLOR_FIELD), true);
}

bool dialog_prompt(const char *label, char *out, size_t outsz, int max_chars)
{
    struct prompt p = {label, {0}};
    if (outsz == 0 || !lineedit_init(&p.le, max_chars, outsz - 1))
        return false;
    lineedit_set(&p.le, out);
    term_push(prompt_draw, &p, false);
    bool ok = false;
    for (;;) {
        int key = term_getkey();
        if (key == -1 || key == LL_ESC)
            break;
        if (key == '\n' || key == KC(KEY_ENTER)) {
            lineedit_get(&p.le, out, outsz);
            ok = true;
            break;
        }
        lineedit_key(&p.le, key, NULL);
    }
    term_pop();
    lineedit_free(&p.le);
    return ok;
}
