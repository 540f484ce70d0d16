/* The list screens' and reports' queries go through an index (issue 5): every statement the
 * list, count and report functions run on the demo county is caught with a trace and planned
 * again with EXPLAIN QUERY PLAN. None may read a big table whole (a plain SCAN), a page may not
 * sort its rows (that would read every row before the first is shown), and a page sought after
 * or before an anchor, with or without a period, must SEARCH its index there. A bad query is
 * checked first, so that the checker is known to catch one. */
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
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "model/sql.h"

#define MAX_SQL 256

/* The tables a county holds by the ten and hundred thousand. (The roster is not one of them:
 * a county has about 1,000 deputies, read in order from roster_order; the benchmark measures
 * those pages at a province's 10,000.) */
static const char *const big_tables[] = {"ledger_entry",  "ledger_deputy", "problem",
                                         "problem_event", "audit_log",     "contact"};

struct fixture {
    char dir[64], path[96];
    struct ll_db *db;
    char *sql[MAX_SQL]; /* distinct statements run since the last reset */
    int nsql;
    sqlite3_stmt *last_page; /* the last statement run with a LIMIT */
};

static int on_statement(unsigned type, void *ctx, void *p, void *x)
{
    struct fixture *f = ctx;
    (void)type;
    (void)x;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (sql && strstr(sql, "LIMIT"))
        f->last_page = p;
    if (!sql || f->nsql == MAX_SQL)
        return 0;
    for (int i = 0; i < f->nsql; i++)
        if (strcmp(f->sql[i], sql) == 0)
            return 0;
    f->sql[f->nsql++] = strdup(sql);
    return 0;
}

static void forget(struct fixture *f)
{
    for (int i = 0; i < f->nsql; i++)
        free(f->sql[i]);
    f->nsql = 0;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/ll-plan-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/county.db", f->dir);
    struct db_identity who = {"县人大", SITE_COUNTY, "", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    assert_int_equal(demo_build(f->db, &err), LL_OK);
    sqlite3_trace_v2(f->db->h, SQLITE_TRACE_STMT, on_statement, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    sqlite3_trace_v2(f->db->h, 0, NULL, NULL);
    forget(f);
    db_close(f->db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* The plan of sql, one detail line after another, into out. */
static void plan_of(struct fixture *f, const char *sql, char *out, size_t size)
{
    char *explain = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(f->db->h, explain, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s\n", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    sqlite3_free(explain);
}

/* Whether sql reads table under this alias (FROM/JOIN table alias, or the bare name). */
static bool names_table(const char *sql, const char *alias, const char *table)
{
    if (strcmp(alias, table) == 0)
        return true;
    static const char *const heads[] = {"FROM", "JOIN"};
    for (int h = 0; h < 2; h++) {
        char pattern[96];
        snprintf(pattern, sizeof pattern, "%s %s %s", heads[h], table, alias);
        for (const char *at = strstr(sql, pattern); at; at = strstr(at + 1, pattern)) {
            char next = at[strlen(pattern)];
            if (next != '_' && !(next >= 'a' && next <= 'z') && !(next >= '0' && next <= '9'))
                return true;
        }
    }
    return false;
}

/* Why the plan reads too much, or NULL: a plain SCAN of a big table (without an index), or a
 * page (it has a LIMIT) that sorts. */
static const char *plan_fault(const char *sql, const char *plan, char *why, size_t size)
{
    for (const char *line = plan; *line; line = strchr(line, '\n') + 1) {
        char what[64] = "", alias[64] = "", rest[128] = "";
        int n = sscanf(line, "%63s %63s %127[^\n]", what, alias, rest);
        /* a search of one or two characters has no index to use: its count reads every row
         * (the benchmark measures a search's page and count together) */
        bool substring = strstr(sql, "instr(") != NULL;
        if (n >= 2 && strcmp(what, "SCAN") == 0 && strncmp(rest, "USING", 5) != 0 && !substring)
            for (size_t t = 0; t < sizeof big_tables / sizeof big_tables[0]; t++)
                if (names_table(sql, alias, big_tables[t])) {
                    snprintf(why, size, "reads %s whole: %.*s", big_tables[t],
                             (int)strcspn(line, "\n"), line);
                    return why;
                }
        /* Sorts allowed, each named: the problems of one entry and the entries of one deputy
         * (the plan starts there) are few enough to sort; a search of three characters and
         * more sorts what the trigram index found when its count says it is rare (the
         * benchmark measures it). The roster reads its order from roster_order and sorts
         * nothing. */
        bool one_record = strncmp(plan, "SEARCH", 6) == 0 &&
                          (strstr(plan, "(entry_id=?)\n") || strstr(plan, "(deputy_id=?)\n"));
        bool allowed = one_record || strstr(plan, "VIRTUAL TABLE INDEX");
        if (strstr(sql, "LIMIT") && !allowed &&
            strncmp(line, "USE TEMP B-TREE FOR ORDER BY", 28) == 0) {
            snprintf(why, size, "a page that sorts every row it may show");
            return why;
        }
    }
    return NULL;
}

/* Every statement caught since the last forget() is planned and checked; returns how many. */
static int check_caught(struct fixture *f)
{
    char plan[4096], why[256];
    for (int i = 0; i < f->nsql; i++) {
        plan_of(f, f->sql[i], plan, sizeof plan);
        if (plan_fault(f->sql[i], plan, why, sizeof why))
            fail_msg("%s\n  in: %s\n  plan:\n%s", why, f->sql[i], plan);
    }
    int n = f->nsql;
    forget(f);
    return n;
}

/* The checker itself: a page that sorts by summary and a count of a big table without an
 * index are caught; the ledger's date order is not. */
static void test_checker_catches_bad_plans(void **state)
{
    struct fixture *f = *state;
    char plan[4096], why[256];
    const char *sorted = "SELECT e.id FROM ledger_entry e ORDER BY e.summary LIMIT 36";
    plan_of(f, sorted, plan, sizeof plan);
    assert_non_null(plan_fault(sorted, plan, why, sizeof why));
    const char *scan = "SELECT count(*) FROM problem p WHERE p.reply LIKE '%路%'";
    plan_of(f, scan, plan, sizeof plan);
    assert_non_null(plan_fault(scan, plan, why, sizeof why));
    const char *good = "SELECT e.id FROM ledger_entry e ORDER BY e.held_on, e.held_at, e.id LIMIT "
                       "36";
    plan_of(f, good, plan, sizeof plan);
    assert_null(plan_fault(good, plan, why, sizeof why));
}

static struct ledger_entry lrows[36];
static struct problem prows[36];

/* First, last, and after and before the middle row, of the ledger filtered by f. */
static void walk_ledger(struct fixture *f, const struct ledger_filter *lf)
{
    struct ll_error err = {0};
    int n = 0, total = 0;
    assert_int_equal(ledger_list(f->db, lf, PAGE_FIRST, NULL, 36, lrows, &n, &err), LL_OK);
    assert_int_equal(ledger_list(f->db, lf, PAGE_LAST, NULL, 36, lrows, &n, &err), LL_OK);
    if (n > 0) {
        char anchor[LL_KEY_LEN];
        snprintf(anchor, sizeof anchor, "%s", lrows[0].sort_key);
        assert_int_equal(ledger_list(f->db, lf, PAGE_AFTER, anchor, 36, lrows, &n, &err), LL_OK);
        assert_int_equal(ledger_list(f->db, lf, PAGE_BEFORE, anchor, 36, lrows, &n, &err), LL_OK);
    }
    assert_int_equal(ledger_count(f->db, lf, &total, &err), LL_OK);
}

static void walk_problems(struct fixture *f, const struct problem_filter *pf)
{
    struct ll_error err = {0};
    int n = 0, total = 0;
    assert_int_equal(problem_list(f->db, pf, PAGE_FIRST, NULL, 36, prows, &n, &err), LL_OK);
    assert_int_equal(problem_list(f->db, pf, PAGE_LAST, NULL, 36, prows, &n, &err), LL_OK);
    if (n > 0) {
        char anchor[LL_KEY_LEN];
        snprintf(anchor, sizeof anchor, "%s", prows[0].sort_key);
        assert_int_equal(problem_list(f->db, pf, PAGE_AFTER, anchor, 36, prows, &n, &err), LL_OK);
        assert_int_equal(problem_list(f->db, pf, PAGE_BEFORE, anchor, 36, prows, &n, &err), LL_OK);
    }
    assert_int_equal(problem_count(f->db, pf, &total, &err), LL_OK);
}

/* A station and a deputy of the demo, to filter by. */
static void some_station(struct fixture *f, char station[LL_ID_LEN], char township[LL_ID_LEN],
                         char deputy[LL_ID_LEN])
{
    struct ll_error err = {0};
    struct ledger_filter lf;
    int n = 0;
    ledger_filter_init(&lf);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_LAST, NULL, 1, lrows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    snprintf(station, LL_ID_LEN, "%s", lrows[0].station_id);
    snprintf(township, LL_ID_LEN, "%s", lrows[0].township_id);
    struct ledger_entry e;
    assert_int_equal(ledger_get(f->db, lrows[0].id, &e, &err), LL_OK);
    assert_true(e.ndeputies > 0);
    snprintf(deputy, LL_ID_LEN, "%s", e.deputy_ids[0]);
}

static void test_ledger_and_problem_lists_use_indexes(void **state)
{
    struct fixture *f = *state;
    char station[LL_ID_LEN], township[LL_ID_LEN], deputy[LL_ID_LEN], from[11], to[11];
    some_station(f, station, township, deputy);
    snprintf(to, sizeof to, "%.10s", lrows[0].date);
    snprintf(from, sizeof from, "%.4s-01-01", to);
    forget(f);
    struct ledger_filter lf;
    struct problem_filter pf;
    /* every filter the screens set, alone and with a period */
    for (int period = 0; period < 3; period++) {
        for (int which = 0; which < 9; which++) {
            ledger_filter_init(&lf);
            problem_filter_init(&pf);
            if (period) {
                snprintf(lf.from, sizeof lf.from, "%s", from);
                snprintf(pf.from, sizeof pf.from, "%s", from);
            }
            if (period == 2) {
                snprintf(lf.to, sizeof lf.to, "%s", to);
                snprintf(pf.to, sizeof pf.to, "%s", to);
            }
            switch (which) {
            case 1:
                snprintf(lf.station_id, sizeof lf.station_id, "%s", station);
                snprintf(pf.station_id, sizeof pf.station_id, "%s", station);
                break;
            case 2:
                snprintf(lf.township_id, sizeof lf.township_id, "%s", township);
                snprintf(pf.township_id, sizeof pf.township_id, "%s", township);
                break;
            case 3:
                lf.kind = LEDGER_RECEPTION;
                pf.status = PSF_OPEN;
                break;
            case 4:
                snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", deputy);
                pf.overdue_only = true;
                pf.overdue_days = 30;
                break;
            case 5: /* three characters and more: the trigram index */
                snprintf(lf.search, sizeof lf.search, "%s", "灌溉渠道");
                snprintf(pf.search, sizeof pf.search, "%s", "灌溉渠道");
                break;
            case 6: /* one or two: read in date order until a page is full */
                snprintf(lf.search, sizeof lf.search, "%s", "渠");
                snprintf(pf.search, sizeof pf.search, "%s", "渠");
                break;
            case 7: /* pinyin initials of a deputy */
                snprintf(lf.search, sizeof lf.search, "%s", "zs");
                snprintf(pf.search, sizeof pf.search, "%s", "zs");
                break;
            case 8: /* a common word (1,906 entries): read in date order until a page is full */
                snprintf(lf.search, sizeof lf.search, "%s", "接待群众");
                snprintf(pf.search, sizeof pf.search, "%s", "接待群众");
                break;
            default:
                break;
            }
            walk_ledger(f, &lf);
            walk_problems(f, &pf);
            assert_true(check_caught(f) >= 6);
        }
    }
}

static struct contact crows[36];

static void walk_contacts(struct fixture *f, const struct contact_filter *cf)
{
    struct ll_error err = {0};
    int n = 0, total = 0;
    assert_int_equal(contact_list(f->db, cf, PAGE_FIRST, NULL, 36, crows, &n, &err), LL_OK);
    assert_int_equal(contact_list(f->db, cf, PAGE_LAST, NULL, 36, crows, &n, &err), LL_OK);
    if (n > 0) {
        char anchor[LL_KEY_LEN];
        snprintf(anchor, sizeof anchor, "%s", crows[0].sort_key);
        assert_int_equal(contact_list(f->db, cf, PAGE_AFTER, anchor, 36, crows, &n, &err), LL_OK);
        assert_int_equal(contact_list(f->db, cf, PAGE_BEFORE, anchor, 36, crows, &n, &err), LL_OK);
    }
    assert_int_equal(contact_count(f->db, cf, &total, &err), LL_OK);
}

/* The contact list's pages and counts under every filter its screen sets, and the bulletin's
 * contact counts, read through their indexes. */
static void test_contact_lists_use_indexes(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct contact_filter cf;
    int n = 0;
    contact_filter_init(&cf);
    assert_int_equal(contact_list(f->db, &cf, PAGE_LAST, NULL, 1, crows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    char township[LL_ID_LEN], deputy[LL_ID_LEN], from[11], to[11];
    snprintf(township, sizeof township, "%s", crows[0].township_id);
    snprintf(deputy, sizeof deputy, "%s", crows[0].deputy_id);
    snprintf(to, sizeof to, "%.10s", crows[0].date);
    snprintf(from, sizeof from, "%.4s-01-01", to);
    forget(f);
    for (int period = 0; period < 3; period++) {
        for (int which = 0; which < 7; which++) {
            contact_filter_init(&cf);
            if (period)
                snprintf(cf.from, sizeof cf.from, "%s", from);
            if (period == 2)
                snprintf(cf.to, sizeof cf.to, "%s", to);
            switch (which) {
            case 1:
                snprintf(cf.township_id, sizeof cf.township_id, "%s", township);
                break;
            case 2:
                snprintf(cf.deputy_id, sizeof cf.deputy_id, "%s", deputy);
                break;
            case 3:
                cf.mode = CONTACT_SEMINAR;
                break;
            case 4: /* three characters and more: the trigram index */
                snprintf(cf.search, sizeof cf.search, "%s", "道路硬化");
                break;
            case 5: /* one or two: read in date order until a page is full */
                snprintf(cf.search, sizeof cf.search, "%s", "座谈");
                break;
            case 6: /* pinyin initials of a leader or a deputy */
                snprintf(cf.search, sizeof cf.search, "%s", "zs");
                break;
            default:
                break;
            }
            walk_contacts(f, &cf);
            struct contact_counts c;
            assert_int_equal(
                contact_counts(f->db, which == 1 ? township : "", cf.from, cf.to, &c, &err), LL_OK);
            assert_true(check_caught(f) >= 3);
        }
    }
}

/* A page sought after an anchor within a period starts at the anchor (the period's start
 * would have it read every earlier row of the period again). */
static void test_a_sought_page_starts_at_its_anchor(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_filter lf;
    int n = 0;
    ledger_filter_init(&lf);
    snprintf(lf.from, sizeof lf.from, "%s", "2000-01-01");
    snprintf(lf.to, sizeof lf.to, "%s", "2999-12-31");
    assert_int_equal(ledger_list(f->db, &lf, PAGE_LAST, NULL, 36, lrows, &n, &err), LL_OK);
    assert_int_equal(n, 36);
    char anchor[LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s", lrows[0].sort_key);
    /* the page after it, counting what SQLite does to find it (the statement is kept for
     * the next page by sql_done: its counters are reset after a first run, and read) */
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, anchor, 36, lrows, &n, &err), LL_OK);
    assert_int_equal(n, 35);
    sqlite3_stmt *page = f->last_page;
    assert_non_null(page);
    assert_non_null(strstr(sqlite3_sql(page), ") > (:k1"));
    sqlite3_stmt_status(page, SQLITE_STMTSTATUS_VM_STEP, 1);
    sqlite3_stmt_status(page, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, anchor, 36, lrows, &n, &err), LL_OK);
    assert_int_equal(n, 35);
    int scanned = sqlite3_stmt_status(page, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    int steps = sqlite3_stmt_status(page, SQLITE_STMTSTATUS_VM_STEP, 0);
    print_message("# a page after the %d-th last entry of the period: %d VM steps\n", 36, steps);
    /* 35 rows with their stations; from the period's start it would step over the 3,900
     * entries of the demo year first */
    assert_int_equal(scanned, 0);
    assert_true(steps < 35 * 400);
    forget(f);
}

/* A page sought from an anchor outside the period (a record just saved with today's date
 * while the list shows March) still lists only the period. */
static void test_an_anchor_outside_the_period_stays_outside(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_filter lf, all;
    int n = 0;
    ledger_filter_init(&all);
    assert_int_equal(ledger_list(f->db, &all, PAGE_LAST, NULL, 1, lrows, &n, &err), LL_OK);
    char last[11], from[11], to[11], after[LL_KEY_LEN], before[LL_KEY_LEN];
    snprintf(last, sizeof last, "%.10s", lrows[0].date);
    snprintf(after, sizeof after, "%s", lrows[0].sort_key); /* the newest entry */
    assert_int_equal(ledger_list(f->db, &all, PAGE_FIRST, NULL, 1, lrows, &n, &err), LL_OK);
    snprintf(before, sizeof before, "%s", lrows[0].sort_key); /* the oldest */
    /* a month in the middle of the demo year */
    snprintf(from, sizeof from, "%.4s-%.2s-01", last, "01");
    if (strcmp(from, lrows[0].date) <= 0)
        snprintf(from, sizeof from, "%.7s-01", last);
    snprintf(to, sizeof to, "%.8s28", from);
    ledger_filter_init(&lf);
    snprintf(lf.from, sizeof lf.from, "%s", from);
    snprintf(lf.to, sizeof lf.to, "%s", to);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_BEFORE, after, 36, lrows, &n, &err), LL_OK);
    assert_true(n > 0);
    for (int i = 0; i < n; i++)
        if (strcmp(lrows[i].date, from) < 0 || strcmp(lrows[i].date, to) > 0)
            fail_msg("before %s: %s is outside %s..%s", after, lrows[i].date, from, to);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, before, 36, lrows, &n, &err), LL_OK);
    assert_true(n > 0);
    for (int i = 0; i < n; i++)
        if (strcmp(lrows[i].date, from) < 0 || strcmp(lrows[i].date, to) > 0)
            fail_msg("after %s: %s is outside %s..%s", before, lrows[i].date, from, to);
    forget(f);
}

/* A search's count stops at LL_COUNT_MAX (the demo year has about 1,900 receptions); below
 * it, it is exact. */
static void test_a_search_count_stops_at_its_cap(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_filter lf;
    int n = 0, listed = 0, total = 0;
    ledger_filter_init(&lf);
    snprintf(lf.search, sizeof lf.search, "%s", "接待");
    assert_int_equal(ledger_count(f->db, &lf, &n, &err), LL_OK);
    assert_int_equal(n, LL_COUNT_MORE);
    /* without the search every entry is counted, however many */
    ledger_filter_init(&lf);
    assert_int_equal(ledger_count(f->db, &lf, &total, &err), LL_OK);
    assert_true(total > LL_COUNT_MAX);
    /* a rarer one: the count is what the pages list */
    snprintf(lf.search, sizeof lf.search, "%s", "护栏");
    assert_int_equal(ledger_count(f->db, &lf, &n, &err), LL_OK);
    assert_true(n > 0 && n <= LL_COUNT_MAX);
    char anchor[LL_KEY_LEN] = "";
    for (int got = 36; got == 36; listed += got) {
        assert_int_equal(ledger_list(f->db, &lf, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                                     anchor[0] ? anchor : NULL, 36, lrows, &got, &err),
                         LL_OK);
        if (got > 0)
            snprintf(anchor, sizeof anchor, "%s", lrows[got - 1].sort_key);
    }
    assert_int_equal(listed, n);
    forget(f);
}

/* An entry a sync package kept without its station (a conflict listed for the user) is in the
 * list as in its count: the two always agree. */
static void test_list_and_count_agree_on_an_entry_without_station(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    assert_int_equal(
        sqlite3_exec(f->db->h,
                     "PRAGMA foreign_keys=OFF;"
                     "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, held_at, "
                     "people, place, summary, deputy_names, operator, created_at, updated_at) "
                     "VALUES ('00000000-0000-7000-8000-000000000001', "
                     "'00000000-0000-7000-8000-000000000002', '', 'visit', '2000-01-01', '', 0, "
                     "'', '无站的台账', '', '', '2000-01-01T00:00:00.000Z', "
                     "'2000-01-01T00:00:00.000Z');"
                     "PRAGMA foreign_keys=ON;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    struct ledger_filter lf;
    ledger_filter_init(&lf);
    int counted = 0, listed = 0;
    assert_int_equal(ledger_count(f->db, &lf, &counted, &err), LL_OK);
    char anchor[LL_KEY_LEN] = "";
    for (int got = 36; got == 36; listed += got) {
        assert_int_equal(ledger_list(f->db, &lf, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                                     anchor[0] ? anchor : NULL, 36, lrows, &got, &err),
                         LL_OK);
        if (got > 0)
            snprintf(anchor, sizeof anchor, "%s", lrows[got - 1].sort_key);
    }
    assert_int_equal(listed, counted);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 1, lrows, &listed, &err), LL_OK);
    assert_string_equal(lrows[0].summary, "无站的台账"); /* the oldest, there */
    assert_int_equal(sqlite3_exec(f->db->h,
                                  "DELETE FROM ledger_entry WHERE id = "
                                  "'00000000-0000-7000-8000-000000000002'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    forget(f);
}

static int report_row(void *ctx, const struct counts_row *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static void test_reports_and_other_lists_use_indexes(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_counts total;
    int rows = 0, n = 0;
    forget(f);
    assert_int_equal(
        ledger_counts(f->db, COUNTS_BY_TOWNSHIP, "", "", "", report_row, &rows, &total, &err),
        LL_OK);
    assert_int_equal(ledger_counts(f->db, COUNTS_BY_STATION, "", "2025-01-01", "2025-12-31",
                                   report_row, &rows, &total, &err),
                     LL_OK);
    assert_true(rows > 15);
    struct deputy_filter df;
    deputy_filter_init(&df);
    struct deputy drows[36];
    assert_int_equal(deputy_list(f->db, &df, PAGE_FIRST, NULL, 36, drows, &n, &err), LL_OK);
    assert_int_equal(
        deputy_list(f->db, &df, PAGE_AFTER, drows[n - 1].sort_key, 36, drows, &n, &err), LL_OK);
    assert_int_equal(deputy_list(f->db, &df, PAGE_LAST, NULL, 36, drows, &n, &err), LL_OK);
    assert_true(check_caught(f) >= 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_catches_bad_plans),
        cmocka_unit_test(test_ledger_and_problem_lists_use_indexes),
        cmocka_unit_test(test_contact_lists_use_indexes),
        cmocka_unit_test(test_a_sought_page_starts_at_its_anchor),
        cmocka_unit_test(test_reports_and_other_lists_use_indexes),
        cmocka_unit_test(test_a_search_count_stops_at_its_cap),
        cmocka_unit_test(test_an_anchor_outside_the_period_stays_outside),
        cmocka_unit_test(test_list_and_count_agree_on_an_entry_without_station),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
