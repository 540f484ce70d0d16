/* Internal to src/model: what the parts of `lianluo demo` share — the seeded random numbers
 * that make every demo database the same, and the ledger pass run after the county is built. */
#ifndef LL_MODEL_DEMO_H
#define LL_MODEL_DEMO_H

#include "lianluo/db.h"

struct demo_rng {
    unsigned long long state;
};

/* 0 .. bound-1 (a 64-bit LCG, its high bits). */
static inline unsigned demo_next(struct demo_rng *r, unsigned bound)
{
    r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((r->state >> 33) % bound);
}

#define DEMO_COUNT(array) (sizeof array / sizeof array[0])
#define PICK(r, array)    array[demo_next(r, DEMO_COUNT(array))]

/* The date `days` after (before, when negative) a YYYY-MM-DD date. */
void demo_date_add(const char *date, int days, char out[11]);
/* LL_ENOMEM, with the message. */
enum ll_status demo_no_memory(struct ll_error *err);
/* A made-up person's name (surname and given name). */
void demo_person_name(struct demo_rng *r, bool female, char *out, size_t size);

/* How big a demo is (see demo_size_of in demo.c): the default county with a year of ledger, or
 * the benchmark's county and province with ten years of it. */
struct demo_size {
    int blocks;                    /* of 15 townships */
    int area_stations;             /* per block */
    unsigned area_deputies_least;  /* an area station has least .. least + spread - 1 */
    unsigned area_deputies_spread; /* deputies */
    int months;                    /* of ledger, ending today */
    int entry_factor;              /* entries a month, times a usual station's */
    unsigned problem_pct;          /* of the problems a usual reception raises */
    int contacts;                  /* leaders' contacts with deputies */
    int contact_days;              /* over these days ending today (0: this year so far) */
};

/* The ledger entries of size->months (ending today) for every station of the county already
 * in db, with the problems raised at its receptions followed to where they stand today.
 * Inside the caller's transaction. */
enum ll_status demo_ledger(struct ll_db *db, const struct demo_size *size, struct ll_error *err);
/* The leaders' contacts with the deputies of the county in db, size->contacts of them over
 * size->contact_days, from a seed of their own. Inside the caller's transaction. */
enum ll_status demo_contacts(struct ll_db *db, const struct demo_size *size, struct ll_error *err);

#endif
