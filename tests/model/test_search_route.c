/* A search of three characters and more finds its pages two ways (src/model/search.h): a
 * rare word through the trigram index's hits, sorted; a common one (its capped count says so)
 * by reading the page's date index in order and testing each row with LIKE. Both must list
 * exactly the same rows in the same order, in all four paging directions, with every filter
 * and period: here each way is forced in turn on the demo county and the pages compared. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/contact.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "model/search.h"
#include "model/sql.h"

#include "demo_fixture.h"

#define PAGE   36
#define PAGES  12 /* pages each way at most: a common word's 1,000s of hits sorted each page */
#define MAXROW (PAGE * PAGES)

struct fixture {
    struct demo_fixture demo;
    struct ll_db *db;
    char station[LL_ID_LEN], township[LL_ID_LEN], deputy[LL_ID_LEN], year[5];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    demo_fixture_open(&f->demo, "route");
    f->db = f->demo.db;
    /* mixed-case Latin letters and LIKE's own wildcards in some summaries */
    assert_int_equal(
        sqlite3_exec(f->db->h,
                     "UPDATE ledger_entry SET summary = summary || '（WiFi信号 50%_覆盖）' "
                     "WHERE rowid % 3 = 0;"
                     "UPDATE problem SET reply = reply || '（WiFi信号 50%_覆盖）' "
                     "WHERE rowid % 2 = 0;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    struct ledger_filter lf;
    struct ledger_entry e;
    int n = 0;
    ledger_filter_init(&lf);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_LAST, NULL, 1, &e, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    snprintf(f->station, sizeof f->station, "%s", e.station_id);
    snprintf(f->township, sizeof f->township, "%s", e.township_id);
    snprintf(f->year, sizeof f->year, "%.4s", e.date);
    assert_int_equal(ledger_get(f->db, e.id, &e, &err), LL_OK);
    assert_true(e.ndeputies > 0);
    snprintf(f->deputy, sizeof f->deputy, "%s", e.deputy_ids[0]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    demo_fixture_close(&f->demo);
    free(f);
    return 0;
}

/* Every row's key, in order, one way: forward from the first page, or back from the last. */
struct listing {
    char (*keys)[LL_KEY_LEN];
    int n;
    bool whole; /* every row, not just the first PAGES pages */
};

static struct ledger_entry lrows[PAGE];
static struct problem prows[PAGE];
static struct contact crows[PAGE];

/* One page of a list, its rows' keys into keys. */
typedef void (*page_fn)(struct fixture *f, const void *filter, enum page_dir dir,
                        const char *anchor, char keys[PAGE][LL_KEY_LEN], int *got);
typedef enum ll_status (*count_fn)(struct ll_db *db, const void *filter, int *n,
                                   struct ll_error *err);

static void ledger_page(struct fixture *f, const void *filter, enum page_dir dir,
                        const char *anchor, char keys[PAGE][LL_KEY_LEN], int *got)
{
    struct ll_error err = {0};
    assert_int_equal(ledger_list(f->db, filter, dir, anchor, PAGE, lrows, got, &err), LL_OK);
    for (int i = 0; i < *got; i++)
        snprintf(keys[i], LL_KEY_LEN, "%s", lrows[i].sort_key);
}

static void problem_page(struct fixture *f, const void *filter, enum page_dir dir,
                         const char *anchor, char keys[PAGE][LL_KEY_LEN], int *got)
{
    struct ll_error err = {0};
    assert_int_equal(problem_list(f->db, filter, dir, anchor, PAGE, prows, got, &err), LL_OK);
    for (int i = 0; i < *got; i++)
        snprintf(keys[i], LL_KEY_LEN, "%s", prows[i].sort_key);
}

static void contact_page(struct fixture *f, const void *filter, enum page_dir dir,
                         const char *anchor, char keys[PAGE][LL_KEY_LEN], int *got)
{
    struct ll_error err = {0};
    assert_int_equal(contact_list(f->db, filter, dir, anchor, PAGE, crows, got, &err), LL_OK);
    for (int i = 0; i < *got; i++)
        snprintf(keys[i], LL_KEY_LEN, "%s", crows[i].sort_key);
}

static enum ll_status contact_counted(struct ll_db *db, const void *filter, int *n,
                                      struct ll_error *err)
{
    return contact_count(db, filter, n, err);
}

static enum ll_status ledger_counted(struct ll_db *db, const void *filter, int *n,
                                     struct ll_error *err)
{
    return ledger_count(db, filter, n, err);
}

static enum ll_status problem_counted(struct ll_db *db, const void *filter, int *n,
                                      struct ll_error *err)
{
    return problem_count(db, filter, n, err);
}

static void list_all(struct fixture *f, page_fn page, const void *filter, bool back,
                     struct listing *out)
{
    static char keys[PAGE][LL_KEY_LEN];
    char anchor[LL_KEY_LEN] = "";
    out->n = 0;
    int got = PAGE;
    for (int pages = 0; got == PAGE && pages < PAGES; pages++) {
        enum page_dir dir =
            back ? (anchor[0] ? PAGE_BEFORE : PAGE_LAST) : (anchor[0] ? PAGE_AFTER : PAGE_FIRST);
        page(f, filter, dir, anchor[0] ? anchor : NULL, keys, &got);
        for (int i = 0; i < got; i++) {
            assert_true(out->n < MAXROW);
            /* back: pages come in ascending order each; stored from the end */
            int at = back ? MAXROW - 1 - out->n - (got - 1 - i) : out->n + i;
            snprintf(out->keys[at], LL_KEY_LEN, "%.*s", LL_KEY_LEN - 1, keys[i]);
        }
        out->n += got;
        if (got > 0)
            snprintf(anchor, sizeof anchor, "%.*s", LL_KEY_LEN - 1, keys[back ? 0 : got - 1]);
    }
    out->whole = got < PAGE;
    if (back)
        memmove(out->keys, out->keys + (MAXROW - out->n), (size_t)out->n * LL_KEY_LEN);
}

static void listing_equal(const struct listing *a, const struct listing *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %d rows one way, %d the other", what, a->n, b->n);
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->keys[i], b->keys[i]) != 0)
            fail_msg("%s: row %d is %s one way, %s the other", what, i, a->keys[i], b->keys[i]);
}

static const char *const terms[] = {
    "灌溉渠道", "养老服务", "医保缴费报销", "交流研讨", "接待群众",     "护栏和警示", "群众反映",
    "wifi信号", "WIFI",     "50%_覆",       "0%_",      "不会有的词语", NULL};

/* The filters of the test: 0 none, 1 a station, 2 a township, 3 a kind / status, 4 a deputy /
 * overdue; with period 0 none, 1 from the demo's last year on, 2 that year, 3 up to its
 * middle. */
static void filters(struct fixture *f, int which, int period, const char *term,
                    struct ledger_filter *lf, struct problem_filter *pf)
{
    ledger_filter_init(lf);
    problem_filter_init(pf);
    snprintf(lf->search, sizeof lf->search, "%s", term);
    snprintf(pf->search, sizeof pf->search, "%s", term);
    char from[11], to[11];
    snprintf(from, sizeof from, "%s-01-01", f->year);
    snprintf(to, sizeof to, "%s-%s", f->year, period == 3 ? "06-30" : "12-31");
    if (period == 1 || period == 2) {
        snprintf(lf->from, sizeof lf->from, "%s", from);
        snprintf(pf->from, sizeof pf->from, "%s", from);
    }
    if (period >= 2) {
        snprintf(lf->to, sizeof lf->to, "%s", to);
        snprintf(pf->to, sizeof pf->to, "%s", to);
    }
    switch (which) {
    case 1:
        snprintf(lf->station_id, sizeof lf->station_id, "%s", f->station);
        snprintf(pf->station_id, sizeof pf->station_id, "%s", f->station);
        break;
    case 2:
        snprintf(lf->township_id, sizeof lf->township_id, "%s", f->township);
        snprintf(pf->township_id, sizeof pf->township_id, "%s", f->township);
        break;
    case 3:
        lf->kind = LEDGER_RECEPTION;
        pf->status = PSF_OPEN;
        break;
    case 4:
        snprintf(lf->deputy_id, sizeof lf->deputy_id, "%s", f->deputy);
        pf->overdue_only = true;
        pf->overdue_days = 30;
        break;
    default:
        break;
    }
}

/* Lists filter both ways (forward and back, each forced) and compares the four listings and
 * the count. */
static void compare(struct fixture *f, struct listing way[2][2], page_fn page, count_fn count,
                    const void *filter, const char *what, int *common, int *rare)
{
    struct ll_error err = {0};
    int n = 0;
    for (int w = 0; w < 2; w++) {
        f->db->search_force = w + 1;
        list_all(f, page, filter, false, &way[w][0]);
        list_all(f, page, filter, true, &way[w][1]);
    }
    /* the count both ways: the hits joined to the table, the kept rows read and tested */
    int counted[2];
    for (int w = 0; w < 2; w++) {
        f->db->search_force = w + 1;
        assert_int_equal(count(f->db, filter, &counted[w], &err), LL_OK);
    }
    f->db->search_force = 0;
    if (counted[0] != counted[1])
        fail_msg("%s: counted %d through the hits, %d reading the rows", what, counted[0],
                 counted[1]);
    listing_equal(&way[0][0], &way[1][0], what);
    listing_equal(&way[0][1], &way[1][1], what);
    if (way[0][0].whole)
        listing_equal(&way[0][0], &way[0][1], what);
    assert_int_equal(count(f->db, filter, &n, &err), LL_OK);
    assert_int_equal(n, counted[0]);
    if (n == LL_COUNT_MORE) {
        ++*common;
        assert_false(way[0][0].whole);
    } else {
        *rare += n > 0;
        if (way[0][0].whole)
            assert_int_equal(n, way[0][0].n);
    }
}

static void test_both_ways_list_the_same_rows(void **state)
{
    struct fixture *f = *state;
    struct listing way[2][2];
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++)
            way[w][b].keys = calloc(MAXROW, LL_KEY_LEN);
    int common = 0, rare = 0, compared = 0;
    for (int t = 0; terms[t]; t++) {
        for (int which = 0; which < 5; which++) {
            for (int period = 0; period < 4; period++) {
                struct ledger_filter lf;
                struct problem_filter pf;
                filters(f, which, period, terms[t], &lf, &pf);
                char what[160];
                snprintf(what, sizeof what, "ledger 「%s」 filter %d period %d", terms[t], which,
                         period);
                compare(f, way, ledger_page, ledger_counted, &lf, what, &common, &rare);
                snprintf(what, sizeof what, "problems 「%s」 filter %d period %d", terms[t], which,
                         period);
                compare(f, way, problem_page, problem_counted, &pf, what, &common, &rare);
                compared += 2;
            }
        }
    }
    print_message("# %d listings compared both ways (%d of common words, %d of rare ones)\n",
                  compared, common, rare);
    assert_true(common >= 10);
    assert_true(rare >= 10);
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++)
            free(way[w][b].keys);
}

/* Chosen by itself (search_force 0), and read in order within a budget so small that it falls
 * back to the trigram index's hits (3), a page lists what the hits list (1): the first and last
 * pages of a common word and of a rare one, and pages after and before an anchor. */
static void test_the_chosen_way_lists_the_same(void **state)
{
    struct fixture *f = *state;
    char anchor[16], want[PAGE][LL_KEY_LEN], got[PAGE][LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s-03-01", f->year); /* before the day's entries */
    for (int t = 0; terms[t]; t++) {
        struct ledger_filter lf;
        struct problem_filter pf;
        filters(f, 0, 0, terms[t], &lf, &pf);
        for (int list = 0; list < 2; list++) {
            page_fn page = list ? problem_page : ledger_page;
            const void *filter = list ? (const void *)&pf : (const void *)&lf;
            for (int dir = 0; dir < 4; dir++) {
                bool sought = dir == PAGE_AFTER || dir == PAGE_BEFORE;
                int n = 0, m = 0;
                f->db->search_force = 1;
                page(f, filter, (enum page_dir)dir, sought ? anchor : NULL, want, &n);
                for (int force = 0; force <= 3; force += 3) {
                    f->db->search_force = force;
                    page(f, filter, (enum page_dir)dir, sought ? anchor : NULL, got, &m);
                    assert_int_equal(n, m);
                    for (int i = 0; i < n; i++)
                        assert_string_equal(want[i], got[i]);
                }
                f->db->search_force = 0;
            }
        }
    }
}

/* The contacts with deputies: both ways list the same rows, with each filter and period. */
static void test_contacts_both_ways(void **state)
{
    static const char *const words[] = {"联系代表", "县人大常委会", "座谈会",       "道路硬化",
                                        "wifi信号", "50%_覆",       "不会有的词语", NULL};
    struct fixture *f = *state;
    assert_int_equal(sqlite3_exec(f->db->h,
                                  "UPDATE contact SET content = content || '（WiFi信号 50%_覆盖）' "
                                  "WHERE rowid % 2 = 0",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct listing way[2][2];
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++)
            way[w][b].keys = calloc(MAXROW, LL_KEY_LEN);
    int common = 0, found = 0;
    for (int t = 0; words[t]; t++) {
        for (int which = 0; which < 3; which++) {
            for (int period = 0; period < 3; period++) {
                struct contact_filter cf;
                contact_filter_init(&cf);
                snprintf(cf.search, sizeof cf.search, "%s", words[t]);
                if (which == 1)
                    snprintf(cf.township_id, sizeof cf.township_id, "%s", f->township);
                if (which == 2)
                    cf.mode = CONTACT_SEMINAR;
                if (period >= 1)
                    snprintf(cf.from, sizeof cf.from, "%s-03-01", f->year);
                if (period == 2)
                    snprintf(cf.to, sizeof cf.to, "%s-08-31", f->year);
                char what[160];
                snprintf(what, sizeof what, "contacts 「%s」 filter %d period %d", words[t], which,
                         period);
                compare(f, way, contact_page, contact_counted, &cf, what, &common, &found);
            }
        }
    }
    assert_true(found >= 10); /* the words are there: the listings compared are not empty */
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++)
            free(way[w][b].keys);
}

/* The way a first page takes, chosen by itself (search_force 0), and the rows it lists. */
static enum search_taken taken(struct fixture *f, page_fn page, const void *filter, int *n)
{
    char keys[PAGE][LL_KEY_LEN];
    f->db->search_force = 0;
    f->db->search_taken = SEARCH_TOOK_NONE;
    page(f, filter, PAGE_FIRST, NULL, keys, n);
    return (enum search_taken)f->db->search_taken;
}

/* The way follows the word's density in the whole table (the demo: 3,921 entries, 2,463
 * problems, 360 contacts; a page of 36 rows): a word in fewer rows than sqrt(36 * rows) is
 * found through its hits, a commoner one by reading the list in order. */
static void test_the_way_follows_density(void **state)
{
    struct fixture *f = *state;
    struct ledger_filter lf;
    struct problem_filter pf;
    struct contact_filter cf;
    int n = 0;
    filters(f, 0, 0, "灌溉渠道", &lf, &pf); /* 118 entries, 133 problems */
    assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_HITS);
    assert_int_equal(n, PAGE);
    assert_int_equal(taken(f, problem_page, &pf, &n), SEARCH_TOOK_HITS);
    assert_int_equal(n, PAGE);
    filters(f, 0, 0, "群众反映", &lf, &pf); /* 1,563 entries */
    assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_WALK);
    assert_int_equal(n, PAGE);
    filters(f, 0, 0, "WiFi信号", &lf, &pf); /* every other problem's reply (setup) */
    assert_int_equal(taken(f, problem_page, &pf, &n), SEARCH_TOOK_WALK);
    assert_int_equal(n, PAGE);
    contact_filter_init(&cf);
    snprintf(cf.search, sizeof cf.search, "%s", "联系代表"); /* 98 contacts */
    assert_int_equal(taken(f, contact_page, &cf, &n), SEARCH_TOOK_HITS);
    assert_int_equal(n, PAGE);
    snprintf(cf.search, sizeof cf.search, "%s", "县人大常委会"); /* 213 contacts */
    assert_int_equal(taken(f, contact_page, &cf, &n), SEARCH_TOOK_WALK);
    assert_int_equal(n, PAGE);
    /* shorter words are not searched through the index at all */
    filters(f, 0, 0, "渠道", &lf, &pf);
    assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_NONE);
}

/* Lists filter forward and back as chosen (search_force 0) and read in order (2), and
 * compares them. */
static void chosen_lists_as_walked(struct fixture *f, page_fn page, const void *filter,
                                   const char *what)
{
    struct listing way[2][2];
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++) {
            way[w][b].keys = calloc(MAXROW, LL_KEY_LEN);
            f->db->search_force = w * 2;
            list_all(f, page, filter, b, &way[w][b]);
        }
    f->db->search_force = 0;
    listing_equal(&way[0][0], &way[1][0], what);
    listing_equal(&way[0][1], &way[1][1], what);
    for (int w = 0; w < 2; w++)
        for (int b = 0; b < 2; b++)
            free(way[w][b].keys);
}

/* A word common in the table but not among the rows a filter keeps (receptions' words among
 * the visits): read in order past its budget (1,000 rows of the demo's 3,921), then found
 * through the hits — none. */
static void test_a_walk_over_budget_falls_back(void **state)
{
    struct fixture *f = *state;
    struct ledger_filter lf;
    struct problem_filter pf;
    int n = 0;
    filters(f, 0, 0, "接待群众", &lf, &pf);
    lf.kind = LEDGER_VISIT;
    assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_FELL_BACK);
    assert_int_equal(n, 0);
    chosen_lists_as_walked(f, ledger_page, &lf, "ledger 「接待群众」 visits");
}

/* ---- a bigger ledger: a word counted common that is rare for its table --------------------- */

#define SPARSE "稀疏标记词"

/* A demo of its own with nine more copies of every entry (without their text: 39,210 entries),
 * and a word in one entry of 37: 1,059, over the count's cap of 1,000, yet under
 * sqrt(36 * 39,210) = 1,188, where a page found through the hits costs less than one read in
 * order. (For this test alone: it replaces the group's fixture in its state.) */
static int setup_big(void **state)
{
    setup(state);
    struct fixture *f = *state;
    assert_int_equal(
        sqlite3_exec(f->db->h,
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9) "
                     "INSERT INTO ledger_entry (station_id, id, site_id, kind, held_on, held_at, "
                     "people, place, summary, deputy_names, operator, created_at, updated_at) "
                     "SELECT station_id, id || '-' || i, site_id, kind, held_on, held_at, people, "
                     "'', '', '', operator, created_at, updated_at FROM ledger_entry, n;"
                     "UPDATE ledger_entry SET summary = summary || '" SPARSE "' "
                     "WHERE rowid % 37 = 0",
                     NULL, NULL, NULL),
        SQLITE_OK);
    return 0;
}

static void test_capped_but_sparse_takes_the_hits(void **state)
{
    struct fixture *f = *state;
    struct ledger_filter lf;
    struct problem_filter pf;
    struct ll_error err = {0};
    int n = 0;
    for (int which = 0; which < 5; which++) {
        for (int period = 0; period < 4; period += 2) { /* none, and the demo's last year */
            filters(f, which, period, SPARSE, &lf, &pf);
            char what[160];
            snprintf(what, sizeof what, "ledger 「%s」 filter %d period %d", SPARSE, which, period);
            /* the same way whatever the filter: the density is the whole table's */
            assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_HITS);
            chosen_lists_as_walked(f, ledger_page, &lf, what);
        }
    }
    filters(f, 0, 0, SPARSE, &lf, &pf);
    assert_int_equal(ledger_count(f->db, &lf, &n, &err), LL_OK);
    assert_int_equal(n, LL_COUNT_MORE); /* the capped count alone would have read in order */
    /* a commoner word (1,906 receptions: one entry in 21) is read in order, here too */
    filters(f, 0, 0, "接待群众", &lf, &pf);
    assert_int_equal(taken(f, ledger_page, &lf, &n), SEARCH_TOOK_WALK);
    assert_int_equal(n, PAGE);
    chosen_lists_as_walked(f, ledger_page, &lf, "ledger 「接待群众」");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_ways_list_the_same_rows),
        cmocka_unit_test(test_contacts_both_ways),
        cmocka_unit_test(test_the_chosen_way_lists_the_same),
        cmocka_unit_test(test_the_way_follows_density),
        cmocka_unit_test(test_a_walk_over_budget_falls_back),
        cmocka_unit_test_setup_teardown(test_capped_but_sparse_takes_the_hits, setup_big, teardown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
