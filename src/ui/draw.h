/* Drawing helpers on stdscr. Widths always come from lianluo/text.h. */
#ifndef LL_UI_DRAW_H
#define LL_UI_DRAW_H

#include <curses.h>
#include <stddef.h>

#include "lianluo/config.h"
#include "lianluo/text.h"

/* Writes s at (y, x) fitted to exactly cols columns, with attributes attr. */
void draw_text(int y, int x, int cols, const char *s, enum text_align align, attr_t attr);
/* Fills a whole line with the slot's colour and writes s at the left. */
void draw_bar(int y, const char *s, enum color_slot slot);
/* A box with a frame, cleared inside. */
void draw_box(int y, int x, int h, int w, attr_t attr);

/* Writes s wrapped to cols columns from line y, at most maxlines lines; returns lines used. */
int draw_wrapped(int y, int x, int cols, const char *s, int maxlines, attr_t attr);

/* A message for the status line y: one that does not fit grows upwards, over what is above it
 * (up to three lines), so that it is read whole. */
void draw_message(int y, const char *msg, attr_t attr);
/* The site's name, shown at the right of every title bar. */
void draw_set_site(const char *site);
/* Line 0: the screen's title and the site. */
void draw_title(const char *title);

struct lineedit;
/* Draws a line editor at (y, x) in width columns; when focused, places the cursor there. */
void lineedit_draw(struct lineedit *le, int y, int x, int width, attr_t attr, bool focused);

#endif
