/* The floor of the start-up figure: a trivial ncursesw program that opens the database, draws
 * a first page of 36 ledger rows (a bare query through its date index) and waits for 'q'. It
 * speaks the harness's idle protocol (tests/e2e/harness.h) so that it is timed the same way as
 * lianluo. Usage: floor_tui DATABASE */
#include <curses.h>
#include <locale.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void signal_idle(void)
{
    static const char marker[] = "\033]7777;idle\007";
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) == 0 && write(STDOUT_FILENO, marker, sizeof marker - 1) < 0)
        _exit(3);
}

int main(int argc, char **argv)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    if (argc != 2 || sqlite3_open_v2(argv[1], &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "SELECT held_on, kind, summary FROM ledger_entry ORDER BY held_on, "
                           "held_at, id LIMIT 36",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "floor_tui: %s\n", h ? sqlite3_errmsg(h) : "usage: floor_tui DATABASE");
        sqlite3_close(h);
        return 2;
    }
    setlocale(LC_ALL, "C.UTF-8");
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    mvaddstr(0, 0, "联络站台账");
    for (int y = 1; sqlite3_step(st) == SQLITE_ROW; y++)
        if (y < LINES)
            mvprintw(y, 0, "%s %-12s %.60s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                     sqlite3_column_text(st, 2));
    sqlite3_finalize(st);
    refresh();
    for (;;) {
        signal_idle();
        int ch = getch();
        if (ch == 'q' || ch == ERR)
            break;
    }
    endwin();
    sqlite3_close(h);
    return 0;
}
