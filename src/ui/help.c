#include "ui/help.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/text.h"
#include "ui/draw.h"
#include "ui/term.h"

struct help_entry {
    char keys[64];
    char what[256];
};

#define HELP_ENTRIES_MAX 40

/* Every key of the scope once, in table order, F1 last. */
static int help_entries(const struct keyscope *scope, struct help_entry *e, int max)
{
    bool seen[ACT_COUNT] = {false};
    int n = 0;
    seen[ACT_HELP] = true;
    for (int t = 0; t < KEY_TABLES_MAX && scope->tables[t]; t++) {
        for (const struct key_handler *h = scope->tables[t]; h->action != ACT_NONE; h++) {
            if (seen[h->action] || n + 1 >= max)
                continue;
            seen[h->action] = true;
            if (h->keys)
                snprintf(e[n].keys, sizeof e[n].keys, "%s", _(h->keys));
            else
                keys_names(h->action, e[n].keys, sizeof e[n].keys);
            bool again = false; /* two actions on the same keys ("上下方向键"): one line */
            for (int i = 0; i < n; i++)
                again = again || strcmp(e[i].keys, e[n].keys) == 0;
            if (again)
                continue;
            snprintf(e[n].what, sizeof e[n].what, "%s",
                     h->help    ? _(h->help)
                     : h->label ? _(h->label)
                                : action_label(h->action));
            n++;
        }
    }
    snprintf(e[n].keys, sizeof e[n].keys, "F1");
    snprintf(e[n].what, sizeof e[n].what, "%s", _("本帮助"));
    return n + 1;
}

/* The help as lines: the text, then every key with its description wrapped beside it. */
struct help_line {
    char keys[64]; /* only on the first line of a key */
    char text[512];
    attr_t attr;
    int indent;
};

#define HELP_LINES_MAX 240

struct help_view {
    const struct keyscope *scope;
    struct help_line lines[HELP_LINES_MAX];
    int n, top;
};

static void help_add(struct help_view *v, const char *keys, const char *text, attr_t attr,
                     int indent)
{
    if (v->n == HELP_LINES_MAX)
        return;
    struct help_line *l = &v->lines[v->n++];
    snprintf(l->keys, sizeof l->keys, "%s", keys);
    snprintf(l->text, sizeof l->text, "%s", text);
    l->attr = attr;
    l->indent = indent;
}

/* Wraps text to cols and adds its lines; keys go before the first. */
static void help_add_wrapped(struct help_view *v, const char *keys, const char *text, int cols,
                             attr_t attr, int indent)
{
    char line[512];
    const char *s = text;
    bool first = true;
    while (text_wrap_next(&s, cols, line, sizeof line)) {
        help_add(v, first ? keys : "", line, attr, indent);
        first = false;
    }
    if (first)
        help_add(v, keys, "", attr, indent);
}

#define HELP_KEYS_WIDTH 22

static void help_layout(struct help_view *v)
{
    struct help_entry e[HELP_ENTRIES_MAX];
    int n = help_entries(v->scope, e, HELP_ENTRIES_MAX);
    v->n = 0;
    if (v->scope->help) {
        help_add_wrapped(v, "", v->scope->help, COLS - 4, A_NORMAL, 2);
        help_add(v, "", "", A_NORMAL, 2);
    }
    help_add(v, "", _("按键："), A_BOLD, 2);
    for (int i = 0; i < n; i++)
        help_add_wrapped(v, e[i].keys, e[i].what, COLS - 6 - HELP_KEYS_WIDTH, A_NORMAL,
                         4 + HELP_KEYS_WIDTH);
}

static int help_rows(void)
{
    return LINES - 3; /* title, a blank line, the bottom bar */
}

static void help_draw(void *obj)
{
    struct help_view *v = obj;
    const struct keyscope *scope = v->scope;
    char title[256];
    snprintf(title, sizeof title, _(" 帮助：%s"), scope->title ? scope->title : "");
    draw_bar(0, title, COLOR_TITLE);
    help_layout(v);
    int rows = help_rows();
    if (v->top > v->n - rows)
        v->top = v->n - rows > 0 ? v->n - rows : 0;
    for (int i = 0; i < rows && v->top + i < v->n; i++) {
        const struct help_line *l = &v->lines[v->top + i];
        if (l->keys[0])
            draw_text(2 + i, 4, HELP_KEYS_WIDTH, l->keys, TEXT_LEFT, A_BOLD);
        draw_text(2 + i, l->indent, COLS - 2 - l->indent, l->text, TEXT_LEFT, l->attr);
    }
    bool more = v->n > rows;
    draw_bar(LINES - 1, more ? _("上下方向键 PgUp PgDn 翻看  其他键返回") : _("按任意键返回"),
             COLOR_KEYBAR);
}

void help_show(const struct keyscope *scope)
{
    struct help_view *v = calloc(1, sizeof *v);
    if (!v)
        return;
    v->scope = scope;
    term_push(help_draw, v, true);
    for (;;) {
        int key = term_getkey();
        int rows = help_rows(), step = 0;
        if (v->n <= rows || key == -1)
            break;
        if (key_is(key, ACT_DOWN))
            step = 1;
        else if (key_is(key, ACT_UP))
            step = -1;
        else if (key_is(key, ACT_PGDN) || key == ' ')
            step = rows - 1;
        else if (key_is(key, ACT_PGUP))
            step = -(rows - 1);
        else
            break;
        v->top += step;
        if (v->top < 0)
            v->top = 0;
    }
    term_pop();
    free(v);
}
