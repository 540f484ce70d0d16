/* The terminal: start and stop curses, colours, and the screen stack.
 *
 * Screens never draw in their key handlers. Each running screen or dialog pushes a layer (a
 * draw function and its state); before every key, term_getkey erases the screen and draws the
 * layers bottom to top. A resize therefore re-lays out the whole stack from the state each
 * screen keeps, and nothing being typed is lost. */
#ifndef LL_UI_TERM_H
#define LL_UI_TERM_H

#include <stdbool.h>

#include <curses.h>

#include "lianluo/config.h"

#define TERM_MIN_COLS  80
#define TERM_MIN_LINES 24

/* Sets up curses on stdin/stdout. Non-zero (after a message on stderr) when it cannot. */
int term_start(const struct ll_config *cfg);
void term_stop(void);

typedef void (*layer_draw_fn)(void *obj);
/* opaque: the layer covers the whole screen, so the layers under it are not drawn. */
void term_push(layer_draw_fn draw, void *obj, bool opaque);
void term_pop(void);

/* Draws the stack, then waits for the next key (see keys.h for its encoding). Resizes are
 * handled in here; while the terminal is too small only a notice is shown and keys are
 * ignored. Returns -1 when the terminal has gone away. */
int term_getkey(void);
/* The same, giving up after ms milliseconds with TERM_NO_KEY: for a screen that watches
 * something besides the keys (the day's backup). */
#define TERM_NO_KEY (-3)
int term_getkey_within(int ms);
/* Says the screen's state changed without a key (after TERM_NO_KEY): in test mode the next
 * wait tells the harness again that the screen is complete. */
void term_changed(void);

/* Where the cursor goes after this drawing pass (called by draw functions; hidden unless
 * the top layer asks). */
void term_cursor(int y, int x);

/* Attributes of a colour slot (reverse video and bold when colours are off). */
attr_t term_attr(enum color_slot slot);

#endif
