#include "ui/draw.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/term.h"

void draw_text(int y, int x, int cols, const char *s, enum text_align align, attr_t attr)
{
    if (cols <= 0 || y < 0 || y >= LINES || x >= COLS)
        return;
    if (x + cols > COLS)
        cols = COLS - x;
    char buf[1024];
    text_pad(buf, sizeof buf, s ? s : "", cols, align);
    attron(attr);
    mvaddstr(y, x, buf);
    attroff(attr);
}

void draw_bar(int y, const char *s, enum color_slot slot)
{
    draw_text(y, 0, COLS, s, TEXT_LEFT, term_attr(slot));
}

/* ASCII frame: the Unicode box characters are ambiguous width in Chinese terminals. */
void draw_box(int y, int x, int h, int w, attr_t attr)
{
    attron(attr);
    for (int i = 0; i < h; i++)
        mvhline(y + i, x, ' ', w);
    mvhline(y, x + 1, '-', w - 2);
    mvhline(y + h - 1, x + 1, '-', w - 2);
    mvvline(y + 1, x, '|', h - 2);
    mvvline(y + 1, x + w - 1, '|', h - 2);
    mvaddch(y, x, '+');
    mvaddch(y, x + w - 1, '+');
    mvaddch(y + h - 1, x, '+');
    mvaddch(y + h - 1, x + w - 1, '+');
    attroff(attr);
}

int draw_wrapped(int y, int x, int cols, const char *s, int maxlines, attr_t attr)
{
    char line[1024];
    int lines = 0;
    while (lines < maxlines && text_wrap_next(&s, cols, line, sizeof line))
        draw_text(y + lines++, x, cols, line, TEXT_LEFT, attr);
    return lines;
}

static char site_title[256];

void draw_set_site(const char *site)
{
    snprintf(site_title, sizeof site_title, "%s", site ? site : "");
}

void draw_title(const char *title)
{
    char left[512];
    snprintf(left, sizeof left, " %s", title);
    draw_bar(0, left, COLOR_TITLE);
    int w = text_width(site_title);
    int lw = text_width(left);
    if (w > 0 && lw + w + 3 <= COLS)
        draw_text(0, COLS - w - 1, w, site_title, TEXT_LEFT, term_attr(COLOR_TITLE));
}

void draw_message(int y, const char *msg, attr_t attr)
{
    int lines = text_wrap_lines(msg, COLS);
    if (lines > 3)
        lines = 3;
    if (lines > y + 1)
        lines = y + 1;
    if (lines < 1)
        lines = 1;
    for (int i = 0; i < lines; i++)
        draw_text(y - lines + 1 + i, 0, COLS, "", TEXT_LEFT, attr);
    draw_wrapped(y - lines + 1, 0, COLS, msg, lines, attr);
}
