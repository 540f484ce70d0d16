/* A one-line text editor on a buffer of code points, as every text field and prompt uses.
 * The editing logic and the visible slice are computed here without curses (unit-tested);
 * lineedit_draw puts the slice on the screen. Scrolling is by whole characters counted in
 * screen columns, so a wide character is never drawn in half. */
#ifndef LL_UI_LINEEDIT_H
#define LL_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lineedit {
    uint32_t *buf; /* len code points, not terminated */
    int len;
    int max_chars;    /* limit in characters */
    size_t max_bytes; /* limit of the UTF-8 text (without its NUL) */
    int cur;          /* cursor: index of the character it stands on (len = at the end) */
    int scroll;       /* index of the first visible character */
};

/* max_bytes: the size of the record's char array minus one. False when out of memory. */
bool lineedit_init(struct lineedit *le, int max_chars, size_t max_bytes);
void lineedit_free(struct lineedit *le);
/* Replaces the content (cut to the limits) and puts the cursor at the end. */
void lineedit_set(struct lineedit *le, const char *utf8);
/* The content as UTF-8 into out (never cutting a character). */
char *lineedit_get(const struct lineedit *le, char *out, size_t outsz);
/* Bytes the content takes as UTF-8. */
size_t lineedit_bytes(const struct lineedit *le);

/* Inserts cp at the cursor. False (nothing changed) when a limit would be passed or cp is a
 * control character. */
bool lineedit_insert(struct lineedit *le, uint32_t cp);
bool lineedit_backspace(struct lineedit *le);
bool lineedit_delete(struct lineedit *le);
void lineedit_left(struct lineedit *le);
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);
void lineedit_end(struct lineedit *le);
bool lineedit_kill_before(struct lineedit *le); /* Ctrl-U */
bool lineedit_kill_after(struct lineedit *le);  /* Ctrl-K */

/* Handles a key (keys.h encoding): editing and cursor keys and printable characters.
 * Returns true when the key was the editor's; *changed tells whether the text changed. */
bool lineedit_key(struct lineedit *le, int key, bool *changed);

/* Scrolls so the cursor is visible in width columns, then writes the visible characters
 * (whole characters only) into out and the cursor's column into *cursor_col. */
void lineedit_view(struct lineedit *le, int width, char *out, size_t outsz, int *cursor_col);

#endif
