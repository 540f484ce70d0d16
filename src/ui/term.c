/* Curses start-up, colours, the layer stack and the one place keys are read. */
#include "ui/term.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "ui/draw.h"
#include "ui/keys.h"

#define LAYERS_MAX 32

struct layer {
    layer_draw_fn draw;
    void *obj;
    bool opaque;
};

static struct {
    SCREEN *screen;
    bool test_idle;
    bool color;
    struct layer layers[LAYERS_MAX];
    int nlayers;
    int cursor_y, cursor_x; /* -1: hidden */
    sigset_t during_wait;   /* the signal mask inside ppoll: SIGWINCH deliverable */
    bool idle_said;         /* test mode: idle already said, and nothing changed since */
} term;

static const short default_slots[COLOR_SLOT_COUNT][2] = {
    [COLOR_NORMAL] = {-1, -1},
    [COLOR_TITLE] = {COLOR_WHITE, COLOR_BLUE},
    [COLOR_SELECTED] = {COLOR_BLACK, COLOR_CYAN},
    [COLOR_KEYBAR] = {COLOR_BLACK, COLOR_WHITE},
    [COLOR_ERROR] = {COLOR_WHITE, COLOR_RED},
    [COLOR_FIELD] = {COLOR_BLACK, COLOR_WHITE},
};

static void colors_init(const struct ll_config *cfg)
{
    term.color = cfg->use_color && has_colors();
    if (!term.color)
        return;
    start_color();
    use_default_colors();
    for (int i = 0; i < COLOR_SLOT_COUNT; i++) {
        short fg = cfg->colors[i].fg, bg = cfg->colors[i].bg;
        if (fg < -1 || fg > 7 || bg < -1 || bg > 7) {
            fg = default_slots[i][0];
            bg = default_slots[i][1];
        }
        init_pair((short)(i + 1), fg, bg);
    }
    bkgdset(' ' | COLOR_PAIR(COLOR_NORMAL + 1));
}

attr_t term_attr(enum color_slot slot)
{
    if (term.color)
        return (attr_t)COLOR_PAIR(slot + 1) | (slot == COLOR_TITLE ? A_BOLD : 0);
    switch (slot) {
    case COLOR_TITLE:
    case COLOR_KEYBAR:
    case COLOR_SELECTED:
        return A_REVERSE;
    case COLOR_ERROR:
        return A_BOLD | A_REVERSE;
    case COLOR_FIELD:
        return A_UNDERLINE;
    default:
        return A_NORMAL;
    }
}

int term_start(const struct ll_config *cfg)
{
    const char *t = getenv("TERM");
    if (t == NULL || *t == '\0') {
        fprintf(stderr, "%s\n", _("没有设置终端类型（TERM），无法打开界面。"));
        return 1;
    }
    term.test_idle = getenv("LIANLUO_TEST_IDLE") && strcmp(getenv("LIANLUO_TEST_IDLE"), "1") == 0;
    if (term.test_idle)
        set_escdelay(25);
    else
        set_escdelay(100);
    term.screen = newterm(NULL, stdout, stdin);
    if (term.screen == NULL) {
        fprintf(stderr, _("无法打开终端 %s。\n"), t);
        return 1;
    }
    set_term(term.screen);
    raw(); /* Ctrl-S reaches us instead of stopping the terminal */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    colors_init(cfg);
    /* SIGWINCH stays blocked except inside ppoll() (see term_getkey). */
    sigset_t winch;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch, &term.during_wait);
    sigdelset(&term.during_wait, SIGWINCH);
    term.cursor_y = term.cursor_x = -1;
    return 0;
}

void term_stop(void)
{
    if (term.screen == NULL)
        return;
    endwin();
    delscreen(term.screen);
    term.screen = NULL;
}

void term_push(layer_draw_fn draw, void *obj, bool opaque)
{
    if (term.nlayers < LAYERS_MAX)
        term.layers[term.nlayers++] = (struct layer){draw, obj, opaque};
}

void term_pop(void)
{
    if (term.nlayers > 0)
        term.nlayers--;
}

void term_cursor(int y, int x)
{
    term.cursor_y = y;
    term.cursor_x = x;
}

static bool term_too_small(void)
{
    return COLS < TERM_MIN_COLS || LINES < TERM_MIN_LINES;
}

static void draw_too_small(void)
{
    const char *msg = _("终端太小，请至少 80×24");
    char size[64];
    snprintf(size, sizeof size, _("现在是 %d×%d"), COLS, LINES);
    int y = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;
    draw_text(y, 0, COLS, msg, TEXT_CENTER, A_BOLD);
    if (y + 1 < LINES)
        draw_text(y + 1, 0, COLS, size, TEXT_CENTER, A_NORMAL);
}

static void term_draw(void)
{
    erase();
    term.cursor_y = term.cursor_x = -1;
    if (term_too_small()) {
        draw_too_small();
    } else {
        int first = term.nlayers - 1;
        while (first > 0 && !term.layers[first].opaque)
            first--;
        for (int i = first < 0 ? 0 : first; i < term.nlayers; i++)
            term.layers[i].draw(term.layers[i].obj);
    }
    if (term.cursor_y >= 0) {
        move(term.cursor_y, term.cursor_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

/* Test mode: tell the harness the screen is complete and we are waiting, unless a key is
 * already there (then we are not idle yet). */
static void signal_idle(void)
{
    static const char marker[] = "\033]7777;idle\007";
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) == 0) {
        fflush(stdout);
        if (write(STDOUT_FILENO, marker, sizeof marker - 1) < 0)
            return;
    }
}

enum wait_result { WAIT_GONE, WAIT_INPUT, WAIT_TIMEOUT };

/* Blocks until input, a signal or ms milliseconds (-1: no limit). */
static enum wait_result wait_input(int ms)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    struct timespec limit = {ms / 1000, (long)(ms % 1000) * 1000000L};
    int n = ppoll(&p, 1, ms < 0 ? NULL : &limit, &term.during_wait);
    if (n < 0)
        return WAIT_INPUT; /* a signal (SIGWINCH): get_wch tells what it means */
    if (n == 0)
        return WAIT_TIMEOUT;
    return (p.revents & POLLIN) || !(p.revents & (POLLHUP | POLLERR | POLLNVAL)) ? WAIT_INPUT
                                                                                 : WAIT_GONE;
}

/* One get_wch in nodelay mode: the key, or -2 when none is waiting. */
static int try_key(void)
{
    wint_t ch;
    int r = get_wch(&ch);
    if (r == KEY_CODE_YES)
        return KC((int)ch);
    if (r == OK)
        return (int)ch;
    return -2;
}

/* get_wch runs in nodelay mode after ppoll, so a SIGWINCH that arrived while we were
 * drawing is seen at once as KEY_RESIZE instead of after the next key. */
static int read_key(int ms)
{
    for (;;) {
        enum wait_result w = wait_input(ms);
        if (w == WAIT_GONE)
            return -1;
        if (w == WAIT_TIMEOUT)
            return TERM_NO_KEY;
        int key = try_key();
        if (key != -2)
            return key;
    }
}

int term_getkey_within(int ms)
{
    for (;;) {
        term_draw();
        /* A key may already sit in curses' own buffer, where poll() cannot see it: after
         * an unknown escape sequence (Esc then q, typed fast) curses keeps the q. */
        int key = try_key();
        if (key == -2) {
            /* said once per change: a wake-up with nothing new must not look like the
             * answer to a key the harness is sending at that moment */
            if (term.test_idle && !term.idle_said)
                signal_idle();
            term.idle_said = true;
            key = read_key(ms);
        }
        if (key == TERM_NO_KEY)
            return key;
        term.idle_said = false;
        if (key == -1)
            return -1;
        if (key == KC(KEY_RESIZE) || term_too_small())
            continue; /* redraw the whole stack at the new size */
        if (key == '\r')
            key = '\n';
        return key;
    }
}

int term_getkey(void)
{
    return term_getkey_within(-1);
}

void term_changed(void)
{
    term.idle_said = false;
}
