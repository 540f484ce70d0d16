#include "ui/help.h"

#include <curses.h>
#include <stdio.h>

#include "core/i18n.h"
#include "lianluo/text.h"
#include "ui/draw.h"
#include "ui/term.h"

static void help_draw(void *obj)
{
    const struct keyscope *scope = obj;
    char title[256];
    snprintf(title, sizeof title, _(" 帮助：%s"), scope->title ? scope->title : "");
    draw_bar(0, title, COLOR_TITLE);
    int y = 2;
    if (scope->help)
        y += draw_wrapped(y, 2, COLS - 4, scope->help, 6, A_NORMAL) + 1;
    draw_text(y++, 2, COLS - 4, _("按键："), TEXT_LEFT, A_BOLD);
    bool seen[ACT_COUNT] = {false};
    seen[ACT_HELP] = true;
    for (int t = 0; t < KEY_TABLES_MAX && scope->tables[t]; t++) {
        for (const struct key_handler *h = scope->tables[t]; h->action != ACT_NONE; h++) {
            if (seen[h->action] || y >= LINES - 2)
                continue;
            seen[h->action] = true;
            char names[128];
            if (h->keys)
                snprintf(names, sizeof names, "%s", _(h->keys));
            else
                keys_names(h->action, names, sizeof names);
            draw_text(y, 4, 22, names, TEXT_LEFT, A_BOLD);
            char what[256];
            snprintf(what, sizeof what, "%s",
                     h->help    ? _(h->help)
                     : h->label ? _(h->label)
                                : action_label(h->action));
            text_shorten(what, sizeof what, COLS - 28);
            draw_text(y, 26, COLS - 28, what, TEXT_LEFT, A_NORMAL);
            y++;
        }
    }
    if (y < LINES - 2) {
        draw_text(y, 4, 22, "F1", TEXT_LEFT, A_BOLD);
        draw_text(y, 26, COLS - 28, _("本帮助"), TEXT_LEFT, A_NORMAL);
    }
    draw_bar(LINES - 1, _("按任意键返回"), COLOR_KEYBAR);
}

void help_show(const struct keyscope *scope)
{
    term_push(help_draw, (void *)scope, true);
    term_getkey();
    term_pop();
}
