/* Small modal boxes over the current screen. */
#ifndef LL_UI_DIALOG_H
#define LL_UI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Asks a yes/no question; only y says yes (Enter, Esc and n say no). */
bool dialog_confirm(const char *question);
/* Shows a message until a key is pressed. */
void dialog_message(const char *msg);
/* The same box, for a screen that waits for something besides a key: it stays over the screen
 * from push to pop, and text and hint are read again at each drawing (after a change, call
 * term_changed). */
struct dialog_box {
    const char *text, *hint;
};
void dialog_box_push(struct dialog_box *box);
void dialog_box_pop(void);
/* Lets the user pick one of n items (Enter); returns its index, or -1 for Esc. */
int dialog_choose(const char *title, const char *const *items, int n, int initial);
/* The same with a box before each item that Space ticks (checked[i]); Enter returns the index
 * under the cursor (the caller decides what Enter on it means), Esc -1. */
int dialog_checklist(const char *title, const char *const *items, int n, bool *checked);
/* Asks for one line of text in the bottom status line (line y); true on Enter with the text
 * in out. */
bool dialog_prompt(const char *label, char *out, size_t outsz, int max_chars);

#endif
