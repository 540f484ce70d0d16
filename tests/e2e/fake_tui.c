/* fake_tui.c — a tiny ncursesw program that speaks the idle protocol, for the harness
 * self-test. Line 0: a Chinese title; line 2: every typed character; line 3: the window size
 * "COLSxLINES"; line 4: the name of the last non-printing key. 'q' quits with status 0.
 *
 * Its input loop is the model for the real program. A blocking get_wch() loses a resize:
 * ncurses checks its SIGWINCH flag before it enters read(), so a SIGWINCH arriving in between
 * (for instance just after the idle marker) only sets the flag, and the redraw waits for the
 * next key. So SIGWINCH stays blocked except inside ppoll(), which unblocks it atomically, and
 * get_wch() runs in nodelay mode once ppoll() has returned: with no byte to read, it goes
 * straight to the flag and returns KEY_RESIZE.
 */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define TYPED_MAX 256

static wchar_t typed[TYPED_MAX + 1];
static size_t ntyped;
static char last_key[64] = "-";

static void locale_init(void)
{
    const char *set = setlocale(LC_ALL, "");
    if (set == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_ALL, "C.UTF-8");
}

static void draw(void)
{
    erase();
    mvaddstr(0, 0, "联络 测试");
    mvaddwstr(2, 0, typed);
    mvprintw(3, 0, "%dx%d", COLS, LINES);
    mvaddstr(4, 0, last_key);
}

/* Idle protocol: after the refresh has been flushed, and only if no key is already waiting. */
static void signal_idle(void)
{
    static const char marker[] = "\033]7777;idle\007";
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) == 0 && write(STDOUT_FILENO, marker, sizeof marker - 1) < 0)
        exit(3);
}

static void on_key(wint_t ch, bool is_code)
{
    if (!is_code && ch == 27) {
        snprintf(last_key, sizeof last_key, "ESC");
    } else if (is_code || ch < 0x20 || ch == 0x7f) {
        const char *name = keyname((int)ch);
        snprintf(last_key, sizeof last_key, "%s", name != NULL ? name : "?");
    } else if (ntyped < TYPED_MAX) {
        typed[ntyped++] = (wchar_t)ch;
        typed[ntyped] = L'\0';
    }
}

/* Blocks until a key or a signal arrives; SIGWINCH is deliverable only in here. False when
 * the terminal has gone away. */
static bool wait_input(const sigset_t *during)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (ppoll(&p, 1, NULL, during) < 0)
        return true; /* a signal: let get_wch() look at what it means */
    return (p.revents & POLLIN) || !(p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* The next key, or ERR when the terminal has gone away. Wake-ups that bring no key (another
 * signal) are absorbed here, so they never cause a redraw or a second idle marker. */
static int next_key(const sigset_t *during, wint_t *ch)
{
    for (;;) {
        if (!wait_input(during))
            return ERR;
        int r = get_wch(ch);
        if (r != ERR)
            return r;
    }
}

int main(void)
{
    locale_init();
    bool idle = getenv("LIANLUO_TEST_IDLE") != NULL;
    if (idle)
        set_escdelay(25); /* a lone ESC is decided quickly in test mode */
    initscr();
    raw();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    sigset_t winch, during;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch, &during);
    sigdelset(&during, SIGWINCH);
    int status = 0;
    for (;;) {
        draw();
        refresh();
        if (idle)
            signal_idle();
        wint_t ch;
        int r = next_key(&during, &ch);
        if (r == ERR) { /* the terminal went away */
            status = 1;
            break;
        }
        if (r == OK && ch == L'q')
            break;
        if (r == KEY_CODE_YES && ch == KEY_RESIZE)
            continue; /* draw() picks up the new COLS and LINES */
        on_key(ch, r == KEY_CODE_YES);
    }
    endwin();
    return status;
}
