/* harness.h — drive a TUI program in a pseudo-terminal and read its screen back.
 *
 * The program runs under forkpty with LIANLUO_TEST_IDLE=1; each time it has refreshed the
 * screen and is about to block for a key with no input pending, it writes E2E_IDLE_MARKER.
 * Every byte it writes is fed to a libvterm screen, so the harness never sleeps: it sends
 * keys, waits for the marker, then reads the screen.
 *
 * What the program must do for resize tests not to flake: keep SIGWINCH blocked except while
 * waiting for input in ppoll(), and read keys with get_wch() in nodelay mode (fake_tui.c shows
 * how and why — a blocking get_wch() can miss a SIGWINCH until the next key).
 */
#ifndef LIANLUO_E2E_HARNESS_H
#define LIANLUO_E2E_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The private OSC sequence the program writes when it is idle waiting for a key. */
#define E2E_IDLE_MARKER "\033]7777;idle\007"

/* Named keys, as xterm-256color sends them. Cursor keys, Home and End are in application
 * mode ("\033OA", not "\033[A"): keypad(stdscr, TRUE) switches the terminal to it (smkx), and
 * ncurses only knows the strings terminfo lists — it reads "\033[A" as ESC, '[', 'A'. */
#define E2E_UP        "\033OA"
#define E2E_DOWN      "\033OB"
#define E2E_RIGHT     "\033OC"
#define E2E_LEFT      "\033OD"
#define E2E_HOME      "\033OH"
#define E2E_END       "\033OF"
#define E2E_PGUP      "\033[5~"
#define E2E_PGDN      "\033[6~"
#define E2E_INSERT    "\033[2~"
#define E2E_DELETE    "\033[3~"
#define E2E_F1        "\033OP"
#define E2E_F2        "\033OQ"
#define E2E_F3        "\033OR"
#define E2E_F4        "\033OS"
#define E2E_F5        "\033[15~"
#define E2E_F10       "\033[21~"
#define E2E_ESC       "\033"
#define E2E_ENTER     "\r"
#define E2E_TAB       "\t"
#define E2E_BTAB      "\033[Z"
#define E2E_BACKSPACE "\177"
#define E2E_CTRL_S    "\023"

/* Default time to wait for the program, in milliseconds; E2E_TIMEOUT_MS overrides it
 * (useful under valgrind or a slow sanitizer build). */
#define E2E_DEFAULT_TIMEOUT_MS 5000

struct e2e;

/* Starts argv[0] (searched in PATH) in a rows x cols pseudo-terminal. env is a NULL-terminated
 * list of "KEY=value" entries added to the inherited environment (env itself may be NULL).
 * TERM=xterm-256color and LIANLUO_TEST_IDLE=1 are always set. Returns NULL on failure. */
struct e2e *e2e_start(const char *const argv[], const char *const env[], int rows, int cols);

/* Sets the timeout used by every following wait, in milliseconds. */
void e2e_set_timeout(struct e2e *t, int ms);

/* Reads output until the idle marker arrives after the last key sent (or after start-up if
 * nothing was sent yet). False on timeout or when the program has exited. */
bool e2e_wait_idle(struct e2e *t);

/* Writes bytes to the program without waiting: for the key that makes it quit. If the
 * program has not yet gone idle since the last send, waits for that first, so a stale
 * marker can never be taken for the answer to these bytes. False on a write error. */
bool e2e_send(struct e2e *t, const char *bytes);

/* e2e_send, then e2e_wait_idle. */
bool e2e_keys(struct e2e *t, const char *bytes);

/* Sets the window size (the program gets SIGWINCH), resizes the screen model, waits idle. */
bool e2e_resize(struct e2e *t, int rows, int cols);

/* Keeps reading output until utf8 is on the screen. False on timeout or exit. */
bool e2e_wait_text(struct e2e *t, const char *utf8);

/* The screen as UTF-8: rows joined by '\n' (no final newline), trailing spaces trimmed, a
 * wide character written once. The caller frees it. */
char *e2e_screen_text(struct e2e *t);

/* One row of the screen, as in e2e_screen_text; NULL if row is out of range. Caller frees. */
char *e2e_row_text(struct e2e *t, int row);

bool e2e_screen_contains(struct e2e *t, const char *utf8);

/* The first row that contains utf8, or -1. */
int e2e_find_row(struct e2e *t, const char *utf8);

/* The display column where utf8 first starts on row, or -1. A wide character counts as two
 * columns, so "张三x" written at column 0 puts 'x' at column 4. */
int e2e_find_col(struct e2e *t, int row, const char *utf8);

/* The screen size the harness currently models. */
int e2e_rows(const struct e2e *t);
int e2e_cols(const struct e2e *t);

/* The program's process id (to read /proc/<pid>/status, say); -1 when there is none. */
int e2e_pid(const struct e2e *t);

/* Sends sig to the program (e.g. SIGKILL in the middle of an edit, for crash tests). */
void e2e_kill(struct e2e *t, int sig);

/* Prints the screen inside a border, for a failing test to show what was on it. */
void e2e_dump(struct e2e *t, FILE *out);

/* Waits for the program to exit (reading its output meanwhile), kills it with SIGKILL after
 * the timeout, frees everything. Returns the exit status, 128 + the signal number if a signal
 * ended it, or -1 if it could not be reaped. t may be NULL (returns -1). */
int e2e_finish(struct e2e *t);

/* Scans len bytes for E2E_IDLE_MARKER, carrying a partial match across calls in *matched
 * (start it at 0). Returns how many complete markers ended inside buf. */
int e2e_scan_marker(size_t *matched, const char *buf, size_t len);

#endif
