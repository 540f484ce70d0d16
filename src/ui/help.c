#include "ui/help.h"

#include <curses.h>
#include <stdio.h>
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

static void help_draw(void *obj)
{
    const struct keyscope *scope = obj;
    char title[256];
    snprintf(title, sizeof title, _(" 帮助：%s"), scope->title ? scope->title : "");
    draw_bar(0, title, COLOR_TITLE);
    struct help_entry e[HELP_ENTRIES_MAX];
    int n = help_entries(scope, e, HELP_ENTRIES_MAX);
    int y = 2;
    if (scope->help) {
        /* the text gives way to the keys: they must all be seen */
        int room = LINES - 2 - y - 2 - (n + 1) / 2;
        y += draw_wrapped(y, 2, COLS - 4, scope->help, room < 6 ? (room > 1 ? room : 1) : 6,
                          A_NORMAL);
        if (n <= LINES - 2 - (y + 2)) /* a blank line after the text, when there is room */
            y++;
    }
    draw_text(y++, 2, COLS - 4, _("按键："), TEXT_LEFT, A_BOLD);
    int rows = LINES - 2 - y;
    int columns = n > rows ? 2 : 1; /* side by side when one column does not fit */
    int colw = (COLS - 4) / columns, keyw = columns == 1 ? 22 : 14;
    for (int i = 0; i < n; i++) {
        int row = columns == 1 ? i : i % ((n + 1) / 2), col = columns == 1 ? 0 : i / ((n + 1) / 2);
        if (row >= rows)
            continue;
        int x = 4 + col * colw;
        draw_text(y + row, x, keyw, e[i].keys, TEXT_LEFT, A_BOLD);
        text_shorten(e[i].what, sizeof e[i].what, colw - keyw - 2);
        draw_text(y + row, x + keyw, colw - keyw - 2, e[i].what, TEXT_LEFT, A_NORMAL);
    }
    draw_bar(LINES - 1, _("按任意键返回"), COLOR_KEYBAR);
}

void help_show(const struct keyscope *scope)
{
    term_push(help_draw, (void *)scope, true);
    term_getkey();
    term_pop();
}
