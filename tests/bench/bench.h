/* The benchmark (tests/bench/run): what its parts share. */
#ifndef LIANLUO_BENCH_H
#define LIANLUO_BENCH_H

#include <limits.h>
#include <stdbool.h>

#include "lianluo/config.h"
#include "lianluo/db.h"

#define BENCH_PAGE 36 /* rows of a list page, as the floor program draws */

struct bench {
    const char *data_dir;  /* where the generated databases are kept */
    const char *scale;     /* county | province */
    const char *exe;       /* the lianluo program */
    const char *floor_exe; /* the trivial ncurses program */
    int runs;
    char db_path[PATH_MAX];   /* the working copy measured */
    char town_path[PATH_MAX]; /* a township's PC, for the sync case */
    struct ll_db *db;
    struct ll_db *town;
    struct ll_config county_cfg, town_cfg;
    char town_peer[LL_ID_LEN], county_peer[LL_ID_LEN];
    /* found once, before the cases */
    char ledger_middle[LL_KEY_LEN], problem_middle[LL_KEY_LEN], contact_middle[LL_KEY_LEN];
    char year_from[11], year_to[11];
    char station_id[LL_ID_LEN];
    char deputy_id[LL_ID_LEN], deputy_name[64];
    /* the searched words, each with its hits in the trigram index and the entries they are
     * among ("何丽华: 648 hits, 1 in 309"): a name in a few hundred entries at either scale, the
     * first deputy's name (in one entry of some 300 or 400: a few hundred at a county, some
     * thousands at a province) and a word in one entry of 17 */
    char rare_word[32];
    char rare_note[72], name_note[72], common_note[72];
    char deputies_csv[PATH_MAX];
    char package[PATH_MAX];
};

/* One line of the table. ms < 0: not measured. */
struct bench_row {
    char name[64];
    double ms;       /* the median (or the p95 where the name says so) */
    double floor_ms; /* what it is compared with, < 0: none */
    double goal_ms;  /* < 0: none */
    double kib;      /* peak memory, < 0: none */
    long long instr; /* callgrind's count, < 0: not counted */
    char note[96];
};

double bench_now_ms(void);
double bench_median(double *v, int n);
double bench_p95(double *v, int n);

/* The cases run in this process (model and file formats); rows appended to out. */
/* Makes the data once and copies it to a working file: for the timed cases (fresh, with a
 * township paired for the sync cases) or for the callgrind pass. */
int bench_setup(struct bench *b, bool fresh);
void bench_teardown(struct bench *b);
int bench_model_cases(struct bench *b, struct bench_row *out, int max);
/* Under callgrind (valgrind --instr-atstart=no): each case once, its instructions dumped under
 * its name. */
void bench_model_instructions(struct bench *b);

/* The cases run through a pseudo-terminal: the real program and the floor program. */
int bench_tty_cases(struct bench *b, struct bench_row *out, int max);

#endif
