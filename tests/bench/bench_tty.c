/* The benchmark's cases through a pseudo-terminal (tests/e2e/harness.c): start to the first
 * drawn screen and quit, for the floor program and for lianluo; opening the ledger list; a
 * keystroke to its repaint; peak resident memory. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "harness.h"

#define ROWS 24
#define COLS 80
#define KEYS 20 /* keystrokes measured a run */

/* Peak resident memory of a process, in KiB (VmHWM), -1 when it cannot be read. */
static double peak_kib(int pid)
{
    char path[64], line[256];
    double kib = -1;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lf kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

struct tty_run {
    double start_ms, quit_ms, kib, list_ms, key_ms;
};

/* Starts argv, waits for its first screen; with a list key, opens the list and moves down it;
 * then quits. */
static int tty_once(const char *const argv[], const char *const env[], const char *list_key,
                    const char *quit_keys, struct tty_run *out)
{
    double keys[KEYS];
    memset(out, 0, sizeof *out);
    double t0 = bench_now_ms();
    struct e2e *t = e2e_start(argv, env, ROWS, COLS);
    e2e_set_timeout(t, 120000); /* a slow start is a figure, not a failure */
    if (!t || !e2e_wait_idle(t)) {
        fprintf(stderr, "bench: %s did not draw its first screen\n", argv[0]);
        e2e_finish(t);
        return -1;
    }
    out->start_ms = bench_now_ms() - t0;
    if (list_key) {
        t0 = bench_now_ms();
        if (!e2e_keys(t, list_key)) {
            e2e_finish(t);
            return -1;
        }
        out->list_ms = bench_now_ms() - t0;
        for (int i = 0; i < KEYS; i++) {
            t0 = bench_now_ms();
            if (!e2e_keys(t, i % 5 == 4 ? E2E_PGDN : E2E_DOWN)) {
                e2e_finish(t);
                return -1;
            }
            keys[i] = bench_now_ms() - t0;
        }
        out->key_ms = bench_median(keys, KEYS);
        if (!e2e_keys(t, E2E_ESC)) {
            e2e_finish(t);
            return -1;
        }
    }
    out->kib = peak_kib(e2e_pid(t));
    t0 = bench_now_ms();
    e2e_send(t, quit_keys);
    int status = e2e_finish(t);
    out->quit_ms = bench_now_ms() - t0;
    if (status != 0)
        fprintf(stderr, "bench: %s exited with %d\n", argv[0], status);
    return status == 0 ? 0 : -1;
}

static struct bench_row *row_add(struct bench_row *out, int *n, int max, const char *name,
                                 double ms)
{
    if (*n >= max)
        return NULL;
    struct bench_row *row = &out[(*n)++];
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", name);
    row->ms = ms;
    row->floor_ms = row->goal_ms = row->kib = -1;
    row->instr = -1;
    return row;
}

int bench_tty_cases(struct bench *b, struct bench_row *out, int max)
{
    char config[PATH_MAX + 16], home[PATH_MAX + 16], home_env[PATH_MAX + 32];
    snprintf(config, sizeof config, "%s/bench.ini", b->data_dir);
    snprintf(home, sizeof home, "%s/home", b->data_dir);
    snprintf(home_env, sizeof home_env, "HOME=%s", home);
    FILE *f = fopen(config, "w");
    if (!f)
        return -1;
    /* a county PC; the day's backup is made like every user's */
    fputs("[site]\nrole = county\nname = 县人大常委会\n", f);
    fclose(f);
    const char *const env[] = {home_env, "LANG=C.UTF-8", "LANGUAGE=", NULL};
    const char *const floor_argv[] = {b->floor_exe, b->db_path, NULL};
    const char *const ll_argv[] = {b->exe, "--config", config, "--db", b->db_path, NULL};
    int runs = b->runs < 64 ? b->runs : 64;
    double fs[64], fq[64], fk[64], ls[64], lq[64], lk[64], ll[64], lkey[64];
    struct tty_run r;
    for (int i = 0; i < runs; i++) {
        if (tty_once(floor_argv, env, NULL, "q", &r) != 0)
            return -1;
        fs[i] = r.start_ms, fq[i] = r.quit_ms, fk[i] = r.kib;
        if (tty_once(ll_argv, env, NULL, "q", &r) != 0)
            return -1;
        ls[i] = r.start_ms, lq[i] = r.quit_ms;
        if (tty_once(ll_argv, env, "4", "q", &r) != 0)
            return -1;
        ll[i] = r.start_ms + r.list_ms, lkey[i] = r.key_ms, lk[i] = r.kib;
    }
    int n = 0;
    double floor_start = bench_median(fs, runs);
    struct bench_row *row = row_add(out, &n, max, "floor: ncurses program, 36 rows", floor_start);
    if (row) {
        row->kib = bench_median(fk, runs);
        snprintf(row->note, sizeof row->note, "quits in %.1f ms", bench_median(fq, runs));
    }
    if ((row = row_add(out, &n, max, "start to main menu", bench_median(ls, runs)))) {
        row->floor_ms = floor_start;
        row->goal_ms = 2 * floor_start;
    }
    if ((row = row_add(out, &n, max, "start to ledger list", bench_median(ll, runs)))) {
        row->floor_ms = floor_start;
        row->goal_ms = 2 * floor_start;
        row->kib = bench_median(lk, runs);
        row->goal_ms = 2 * floor_start;
        snprintf(row->note, sizeof row->note, "peak memory after %d keys", KEYS);
    }
    if ((row = row_add(out, &n, max, "quit", bench_median(lq, runs))))
        row->goal_ms = 5;
    if ((row = row_add(out, &n, max, "keystroke to repaint", bench_median(lkey, runs))))
        row->goal_ms = 10;
    return n;
}
