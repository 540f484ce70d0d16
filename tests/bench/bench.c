/* lianluo's benchmark: the figures of issue 5 on a county's (or a province's) data, each the
 * median of several runs beside its floor (what a trivial program takes for the same thing)
 * and its goal, with callgrind's instruction counts where valgrind is installed (they repeat
 * where wall time does not). See tests/bench/run and README.md, "Speed".
 *
 *   bench --exe LIANLUO --floor FLOOR_TUI --data DIR [--scale county|province] [--runs N]
 *         [--no-callgrind]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_ROWS 40

double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
    if (n <= 0)
        return -1;
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_p95(double *v, int n)
{
    if (n <= 0)
        return -1;
    qsort(v, (size_t)n, sizeof *v, by_value);
    int i = (int)(0.95 * n + 0.5) - 1;
    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* ---- callgrind ----------------------------------------------------------------------------- */

/* Runs this program again under callgrind (each case once, dumped by name) and fills the rows'
 * instruction counts from the dumps. */
static void count_instructions(const char *self, struct bench *b, struct bench_row *rows, int n)
{
    if (system("valgrind --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "bench: valgrind is not installed: no instruction counts\n");
        return;
    }
    char out[PATH_MAX + 32], cmd[4 * PATH_MAX];
    snprintf(out, sizeof out, "%s/callgrind.out", b->data_dir);
    snprintf(cmd, sizeof cmd, "rm -f '%s'*", out);
    if (system(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd,
             "valgrind -q --tool=callgrind --instr-atstart=no --callgrind-out-file='%s' '%s' "
             "--inner-callgrind --data '%s' --scale %s >/dev/null",
             out, self, b->data_dir, b->scale);
    fprintf(stderr, "bench: counting instructions under callgrind...\n");
    if (system(cmd) != 0) {
        fprintf(stderr, "bench: callgrind run failed\n");
        return;
    }
    for (int part = 1; part < 64; part++) {
        char path[PATH_MAX + 48], line[512], name[128] = "";
        long long instr = -1;
        snprintf(path, sizeof path, "%s.%d", out, part);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        while (fgets(line, sizeof line, f)) {
            if (sscanf(line, "desc: Trigger: Client Request: %127[^\n]", name) == 1)
                continue;
            if (sscanf(line, "summary: %lld", &instr) == 1 || sscanf(line, "totals: %lld", &instr))
                break;
        }
        fclose(f);
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].name, name) == 0)
                rows[i].instr = instr;
    }
}

/* ---- the table ----------------------------------------------------------------------------- */

static void print_machine(void)
{
    struct utsname u;
    char model[256] = "?", line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "model name : %255[^\n]", model) == 1)
            break;
    if (f)
        fclose(f);
    uname(&u);
    printf("machine: %s, %ld CPUs, %s %s\n", model, sysconf(_SC_NPROCESSORS_ONLN), u.sysname,
           u.release);
}

static void print_table(const struct bench *b, const struct bench_row *rows, int n)
{
    printf("\nlianluo benchmark, %s data, median of %d runs\n", b->scale, b->runs);
    print_machine();
    printf("%-34s %10s %9s %7s %9s %9s %14s  %s\n", "case", "ms", "floor ms", "ratio", "goal ms",
           "peak KiB", "instructions", "note");
    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        char floor[16] = "", ratio[16] = "", goal[16] = "", kib[16] = "", instr[24] = "";
        if (r->floor_ms > 0) {
            snprintf(floor, sizeof floor, "%.3f", r->floor_ms);
            snprintf(ratio, sizeof ratio, "%.2fx", r->ms / r->floor_ms);
        }
        if (r->goal_ms > 0)
            snprintf(goal, sizeof goal, "%.1f", r->goal_ms);
        if (r->kib > 0)
            snprintf(kib, sizeof kib, "%.0f", r->kib);
        if (r->instr >= 0)
            snprintf(instr, sizeof instr, "%lld", r->instr);
        const char *mark = r->goal_ms > 0 && r->ms > r->goal_ms ? " OVER GOAL" : "";
        printf("%-34s %10.3f %9s %7s %9s %9s %14s  %s%s\n", r->name, r->ms, floor, ratio, goal, kib,
               instr, r->note, mark);
    }
}

int main(int argc, char **argv)
{
    struct bench b = {.scale = "county", .runs = 5};
    bool inner = false, callgrind = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--inner-callgrind") == 0)
            inner = true;
        else if (strcmp(a, "--no-callgrind") == 0)
            callgrind = false;
        else if (v && strcmp(a, "--exe") == 0)
            b.exe = argv[++i];
        else if (v && strcmp(a, "--floor") == 0)
            b.floor_exe = argv[++i];
        else if (v && strcmp(a, "--data") == 0)
            b.data_dir = argv[++i];
        else if (v && strcmp(a, "--scale") == 0)
            b.scale = argv[++i];
        else if (v && strcmp(a, "--runs") == 0)
            b.runs = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench --exe LIANLUO --floor FLOOR_TUI --data DIR "
                            "[--scale county|province] [--runs N] [--no-callgrind]\n");
            return 2;
        }
    }
    if (!b.data_dir || (!inner && (!b.exe || !b.floor_exe)) || b.runs < 1 ||
        (strcmp(b.scale, "county") != 0 && strcmp(b.scale, "province") != 0)) {
        fprintf(stderr, "bench: --exe, --floor and --data are needed; --scale county|province\n");
        return 2;
    }
    if (mkdir(b.data_dir, 0755) != 0 && errno != EEXIST) {
        perror(b.data_dir);
        return 1;
    }
    if (inner) { /* under callgrind: each case once on a fresh copy */
        if (bench_setup(&b, false) != 0)
            return 1;
        bench_model_instructions(&b);
        bench_teardown(&b);
        return 0;
    }
    struct bench_row rows[MAX_ROWS];
    int n = 0, k;
    if (bench_setup(&b, true) != 0)
        return 1;
    if ((k = bench_model_cases(&b, rows, MAX_ROWS)) < 0) {
        bench_teardown(&b);
        return 1;
    }
    n += k;
    bench_teardown(&b);
    if ((k = bench_tty_cases(&b, rows + n, MAX_ROWS - n)) < 0) {
        print_table(&b, rows, n);
        return 1;
    }
    n += k;
    if (callgrind)
        count_instructions(argv[0], &b, rows, n);
    print_table(&b, rows, n);
    return 0;
}
