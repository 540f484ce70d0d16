/* The tables derived from others and kept by triggers (migrations 008 and 009) stay equal to
 * what they are derived from through every kind of change, and `check` finds and mends one that
 * does not: roster_order (the roster's order), the yearly summaries of the ledger, problems and
 * contacts and their totals; the bulletin's counts and the lists' counts, which read the
 * summaries, give what the grouped queries over the rows gave, for every kind of period. */
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
#include "model/sql.h"

#include "demo_fixture.h"
#include "derived_agree.h"

struct fixture {
    struct demo_fixture demo;
    struct ll_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    demo_fixture_open(&f->demo, "derived");
    f->db = f->demo.db;
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

static void exec(struct fixture *f, const char *sql)
{
    if (!sqlite3_get_autocommit(f->db->h))
        fail_msg("in a transaction before: %s", sql);
    if (sqlite3_exec(f->db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
}

static int int_of(struct fixture *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* The roster's pages, walked to the end, list every deputy in the order of its key computed
 * afresh (the view roster_key), and roster_order holds exactly those keys. */
static void roster_agrees(struct fixture *f)
{
    assert_int_equal(int_of(f, "SELECT count(*) FROM (SELECT * FROM (SELECT k, id FROM roster_key "
                               "EXCEPT SELECT k, id FROM roster_order) UNION ALL SELECT * FROM "
                               "(SELECT k, id FROM roster_order EXCEPT SELECT k, id FROM "
                               "roster_key))"),
                     0);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(f->db->h, "SELECT id FROM roster_key ORDER BY k", -1, &st, NULL),
        SQLITE_OK);
    struct deputy_filter df;
    deputy_filter_init(&df);
    static struct deputy rows[50];
    struct ll_error err = {0};
    char anchor[LL_KEY_LEN] = "";
    int n = 50, listed = 0;
    while (n == 50) {
        assert_int_equal(deputy_list(f->db, &df, anchor[0] ? PAGE_AFTER : PAGE_FIRST,
                                     anchor[0] ? anchor : NULL, 50, rows, &n, &err),
                         LL_OK);
        for (int i = 0; i < n; i++, listed++) {
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            assert_string_equal(rows[i].id, (const char *)sqlite3_column_text(st, 0));
        }
        if (n > 0)
            snprintf(anchor, sizeof anchor, "%s", rows[n - 1].sort_key);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(listed, int_of(f, "SELECT count(*) FROM deputy"));
}

static void test_roster_order_follows_every_change(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    roster_agrees(f);
    /* a form's saves: a new deputy, a renamed one, one moved to another township */
    struct deputy_filter df;
    struct deputy rows[3], d;
    int n = 0;
    deputy_filter_init(&df);
    assert_int_equal(deputy_list(f->db, &df, PAGE_FIRST, NULL, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    d = rows[0];
    d.id[0] = '\0';
    d.updated_at[0] = '\0';
    d.id_card[0] = '\0';
    snprintf(d.name, sizeof d.name, "%s", "阿新");
    snprintf(d.phone, sizeof d.phone, "%s", "13900000001");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_OK);
    roster_agrees(f);
    snprintf(rows[1].name, sizeof rows[1].name, "%s", "曾改名");
    assert_int_equal(deputy_save(f->db, &rows[1], &err), LL_OK);
    roster_agrees(f);
    char other[LL_ID_LEN];
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->db->h,
                                        "SELECT id FROM township ORDER BY sort_order DESC LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(other, sizeof other, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    snprintf(rows[2].township_id, sizeof rows[2].township_id, "%s", other);
    rows[2].station_id[0] = rows[2].group_id[0] = '\0';
    assert_int_equal(deputy_save(f->db, &rows[2], &err), LL_OK);
    roster_agrees(f);
    /* townships reordered, one added with deputies already naming it, one removed */
    exec(f, "UPDATE township SET sort_order = 1000 - sort_order");
    roster_agrees(f);
    exec(f, "PRAGMA foreign_keys = OFF;"
            "UPDATE deputy SET township_id = 'T-new' WHERE rowid % 9 = 0;"
            "INSERT INTO township(id, site_id, name, sort_order, created_at, updated_at) "
            "SELECT 'T-new', site_id, '新设乡', 3, created_at, updated_at FROM township LIMIT 1;");
    roster_agrees(f);
    exec(f, "DELETE FROM township WHERE id = 'T-new'");
    roster_agrees(f);
    exec(f, "UPDATE deputy SET township_id = NULL WHERE township_id = 'T-new';"
            "PRAGMA foreign_keys = ON;");
    roster_agrees(f);
    /* deletes: one by the form, many at once */
    assert_int_equal(deputy_delete(f->db, d.id, &err), LL_OK);
    exec(f, "DELETE FROM deputy_level WHERE deputy_id IN (SELECT id FROM deputy WHERE rowid % 11 "
            "= 0); DELETE FROM ledger_deputy WHERE deputy_id IN (SELECT id FROM deputy WHERE "
            "rowid % 11 = 0); DELETE FROM deputy WHERE rowid % 11 = 0");
    roster_agrees(f);
}

/* `check` compares roster_order with the roster: a key altered or removed by another program
 * fails the check, which rebuilds it; the next check passes. */
static void test_check_finds_and_mends_a_derived_table(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char report[4096];
    if (db_check(f->db, report, sizeof report, &err) != LL_OK)
        fail_msg("%s", report);
    assert_non_null(strstr(report, "名册顺序与统计汇总：与原始数据一致"));
    exec(f, "UPDATE roster_order SET k = '0' || k WHERE id IN (SELECT id FROM deputy LIMIT 2);"
            "DELETE FROM roster_order WHERE id IN (SELECT id FROM deputy LIMIT 1 OFFSET 5)");
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_EDB);
    assert_non_null(strstr(report, "代表名册的排列顺序：3 行与原始数据不符"));
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    roster_agrees(f);
}

/* The sql of trigger name as the file has it ("" when it has none); the caller frees it. */
static char *trigger_sql(struct fixture *f, const char *name)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->db->h,
                                        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND "
                                        "name = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    char *sql =
        strdup(sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
    sqlite3_finalize(st);
    return sql;
}

/* What another program does with the sqlite3 shell: on a connection of its own. */
static void other_program(struct fixture *f, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(f->demo.path, &h), SQLITE_OK);
    if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

#define NEW_ENTRIES(n, year)                                                                       \
    "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, people, summary, "           \
    "created_at, updated_at) SELECT station_id, 'T-" year "-' || id, site_id, 'visit', '" year     \
    "-05-01', 7, summary, created_at, updated_at FROM ledger_entry WHERE station_id = (SELECT "    \
    "min(station_id) FROM ledger_entry) ORDER BY id LIMIT " #n

/* A trigger another program dropped: check says so, which table it keeps, makes it again from
 * the migration's text and rebuilds the summary that drifted meanwhile, which the trigger then
 * keeps; one altered is said and put back the same way; one only laid out anew is the same. */
static void test_check_recreates_dropped_and_altered_triggers(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char report[4096];
    char *original = trigger_sql(f, "ledger_year_insert");
    assert_non_null(strstr(original, "INSERT INTO ledger_year"));
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_non_null(strstr(report, "齐全且与本程序的定义一致"));

    /* dropped, then entries of 2031 saved: the summary has none of them */
    other_program(f, "DROP TRIGGER ledger_year_insert;" NEW_ENTRIES(3, "2031"));
    assert_int_equal(int_of(f, "SELECT count(*) FROM ledger_entry WHERE held_on = '2031-05-01'"),
                     3);
    assert_int_equal(int_of(f, "SELECT count(*) FROM ledger_year WHERE year = '2031'"), 0);
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_EDB);
    if (!strstr(report, "触发器 ledger_year_insert（维护台账的逐年统计）缺失（数据库可能被别的"
                        "程序改动过），已重新创建"))
        fail_msg("%s", report);
    assert_non_null(strstr(report, "台账的逐年统计：1 行与原始数据不符"));
    assert_null(strstr(report, "ledger_year_delete"));
    char *again = trigger_sql(f, "ledger_year_insert");
    assert_string_equal(again, original);
    free(again);
    assert_derived_agree(f->db->h, "after the check");
    assert_int_equal(int_of(f, "SELECT entries FROM ledger_year WHERE year = '2031'"), 3);
    /* kept from then on */
    other_program(f, NEW_ENTRIES(5, "2032"));
    assert_int_equal(int_of(f, "SELECT entries FROM ledger_year WHERE year = '2032'"), 5);
    assert_derived_agree(f->db->h, "after new entries");
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);

    /* altered: a delete no longer counted */
    char *delete_sql = trigger_sql(f, "ledger_year_delete");
    other_program(f, "DROP TRIGGER ledger_year_delete; CREATE TRIGGER ledger_year_delete AFTER "
                     "DELETE ON ledger_entry BEGIN SELECT 1; END; DELETE FROM ledger_entry WHERE "
                     "held_on = '2032-05-01' AND rowid % 2 = 0");
    assert_int_equal(int_of(f, "SELECT entries FROM ledger_year WHERE year = '2032'"), 5);
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_EDB);
    if (!strstr(report, "触发器 ledger_year_delete（维护台账的逐年统计）与本程序的定义不同（数据"
                        "库可能被别的程序改动过），已按本程序的定义重新创建"))
        fail_msg("%s", report);
    assert_null(strstr(report, "ledger_year_insert"));
    again = trigger_sql(f, "ledger_year_delete");
    assert_string_equal(again, delete_sql);
    free(again);
    assert_derived_agree(f->db->h, "after the altered trigger");
    other_program(f, "DELETE FROM ledger_entry WHERE held_on = '2032-05-01'");
    assert_int_equal(int_of(f, "SELECT count(*) FROM ledger_year WHERE year = '2032'"), 0);

    /* laid out anew (another program's copy of the same text): the same trigger */
    char *relaid = sqlite3_mprintf("DROP TRIGGER ledger_year_delete; %s;", delete_sql);
    for (char *p = relaid; *p; p++)
        if (*p == '\n')
            *p = ' ';
    other_program(f, relaid);
    sqlite3_free(relaid);
    assert_string_not_equal(again = trigger_sql(f, "ledger_year_delete"), delete_sql);
    free(again);
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_non_null(strstr(report, "齐全且与本程序的定义一致"));
    assert_null(strstr(report, "ledger_year_delete"));
    free(delete_sql);
    free(original);
}

/* ---- the yearly summaries ------------------------------------------------------------------ */

static void execf(struct fixture *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    exec(f, sql);
    sqlite3_free(sql);
}

/* A date of 2022 to 2026, now and then one that is not quite a date (a year alone, a 13th
 * month, a day 0, a short one) as another program might write. */
static void some_date(char out[16])
{
    static const char *const odd[] = {"2025", "2025-13-40", "2024-00-00", "2023-1-5",
                                      "2026-12-31x"};
    if (rand() % 25 == 0)
        snprintf(out, 16, "%s", odd[rand() % 5]);
    else
        snprintf(out, 16, "%04d-%02d-%02d", 2022 + rand() % 5, 1 + rand() % 12, 1 + rand() % 28);
}

static void test_summaries_follow_random_changes(void **state)
{
    struct fixture *f = *state;
    static const char *const kinds[] = {"reception", "visit",     "solicitation",
                                        "exchange",  "appraisal", "other"};
    static const char *const statuses[] = {"registered", "referred",  "in_progress",
                                           "solved",     "explained", "unsolvable"};
    static const char *const modes[] = {"visit", "reception", "seminar", "phone", "wechat"};
    char stations[8][LL_ID_LEN];
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(f->db->h, "SELECT id FROM station ORDER BY id LIMIT 8", -1, &st, NULL),
        SQLITE_OK);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        snprintf(stations[i], LL_ID_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    assert_derived_agree(f->db->h, "the demo");
    srand(20261129);
    int done[10] = {0};
    for (int i = 0; i < 3000; i++) {
        char date[16], closed[16];
        const char *station = stations[rand() % 8];
        int op = rand() % 10;
        some_date(date);
        some_date(closed);
        if (rand() % 3 == 0)
            closed[0] = '\0';
        switch (op) {
        case 0: /* a new entry */
            execf(f,
                  "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, people, "
                  "summary, created_at, updated_at) VALUES (%Q, 'R-%d', '', %Q, %Q, %d, '随机', "
                  "'', '')",
                  station, i, kinds[rand() % 6], date, rand() % 50);
            break;
        case 1: /* an entry changed: its year, kind, station, people, or all of them */
            execf(f,
                  "UPDATE ledger_entry SET held_on = CASE WHEN %d THEN %Q ELSE held_on END, kind "
                  "= CASE WHEN %d THEN %Q ELSE kind END, station_id = CASE WHEN %d THEN %Q ELSE "
                  "station_id END, people = CASE WHEN %d THEN %d ELSE people END WHERE rowid IN "
                  "(SELECT rowid FROM ledger_entry WHERE station_id NOT GLOB 'gone-*' ORDER BY "
                  "random() "
                  "LIMIT %d)",
                  rand() % 2, date, rand() % 2, kinds[rand() % 6], rand() % 2, station, rand() % 2,
                  rand() % 50, 1 + rand() % 3);
            break;
        case 2: /* deleted, its deputies with it (ON DELETE CASCADE), its problems unlinked */
            execf(f,
                  "DELETE FROM ledger_entry WHERE rowid IN (SELECT rowid FROM ledger_entry "
                  "ORDER BY random() LIMIT %d)",
                  1 + rand() % 2);
            break;
        case 3: /* a new problem, open or closed */
            execf(f,
                  "INSERT INTO problem(station_id, id, site_id, raised_on, description, status, "
                  "status_on, closed_on, created_at, updated_at) VALUES (%Q, 'P-%d', '', %Q, "
                  "'随机', %Q, %Q, %Q, '', '')",
                  station, i, date, statuses[rand() % 6], date, closed);
            break;
        case 4: /* a problem's status and closing date changed, or where and when raised */
            execf(f,
                  "UPDATE problem SET status = CASE WHEN %d THEN %Q ELSE status END, closed_on = "
                  "CASE WHEN %d THEN %Q ELSE closed_on END, raised_on = CASE WHEN %d THEN %Q "
                  "ELSE raised_on END, station_id = CASE WHEN %d THEN %Q ELSE station_id END "
                  "WHERE rowid IN (SELECT rowid FROM problem WHERE station_id NOT GLOB 'gone-*' "
                  "ORDER BY "
                  "random() LIMIT %d)",
                  rand() % 2, statuses[rand() % 6], rand() % 2, closed, rand() % 3 == 0, date,
                  rand() % 4 == 0, station, 1 + rand() % 3);
            break;
        case 5: /* deleted, with its history (ON DELETE CASCADE) */
            execf(f,
                  "DELETE FROM problem WHERE rowid IN (SELECT rowid FROM problem ORDER BY "
                  "random() LIMIT %d)",
                  1 + rand() % 2);
            break;
        case 6: /* a change made and taken back */
            execf(f,
                  "SAVEPOINT s; UPDATE ledger_entry SET held_on = %Q, people = people + 1 "
                  "WHERE rowid %% 5 = 1; DELETE FROM problem WHERE rowid %% 7 = 2; ROLLBACK TO "
                  "s; RELEASE s;",
                  date);
            break;
        case 7: /* an entry moved to a station that is then deleted with foreign keys off (a
                 * package kept without its station) */
            if (rand() % 20 == 0)
                execf(f,
                      "PRAGMA foreign_keys = OFF; UPDATE ledger_entry SET station_id = 'gone-%d' "
                      "WHERE rowid IN (SELECT rowid FROM ledger_entry ORDER BY random() LIMIT 1); "
                      "UPDATE problem SET station_id = 'gone-%d' WHERE rowid IN (SELECT rowid FROM "
                      "problem ORDER BY random() LIMIT 1); PRAGMA foreign_keys = ON;",
                      i, i);
            break;
        case 8: /* a contact added, moved to another township, year or mode, or deleted */
            if (rand() % 3 == 0)
                execf(f,
                      "INSERT INTO contact(id, site_id, township_id, leader_name, contacted_on, "
                      "mode, created_at, updated_at) SELECT 'C-%d', '', CASE WHEN %d THEN NULL "
                      "ELSE township_id END, '随机', %Q, %Q, '', '' FROM station WHERE id = %Q",
                      i, rand() % 5 == 0, date, modes[rand() % 5], station);
            else if (rand() % 2 == 0)
                execf(f,
                      "UPDATE contact SET contacted_on = CASE WHEN %d THEN %Q ELSE contacted_on "
                      "END, mode = CASE WHEN %d THEN %Q ELSE mode END, township_id = CASE WHEN "
                      "%d THEN (SELECT township_id FROM station WHERE id = %Q) ELSE township_id "
                      "END WHERE rowid IN (SELECT rowid FROM contact ORDER BY random() LIMIT %d)",
                      rand() % 2, date, rand() % 2, modes[rand() % 5], rand() % 2, station,
                      1 + rand() % 3);
            else
                exec(f, "DELETE FROM contact WHERE rowid IN (SELECT rowid FROM contact ORDER BY "
                        "random() LIMIT 1)");
            break;
        default: /* the same values again: nothing changes */
            exec(f, "UPDATE ledger_entry SET kind = kind, held_on = held_on WHERE rowid % 13 = 0;"
                    "UPDATE problem SET status = status WHERE rowid % 13 = 0");
            break;
        }
        done[op]++;
        if (i % 250 == 249) {
            char where[32];
            snprintf(where, sizeof where, "after %d changes", i + 1);
            assert_derived_agree(f->db->h, where);
        }
    }
    /* a station deleted (its records first, as the screens require) */
    execf(f,
          "DELETE FROM problem WHERE station_id = %Q; DELETE FROM ledger_entry WHERE station_id = "
          "%Q; PRAGMA foreign_keys = OFF; DELETE FROM station WHERE id = %Q; PRAGMA foreign_keys "
          "= ON;",
          stations[0], stations[0], stations[0]);
    assert_derived_agree(f->db->h, "after a station's deletion");
    print_message("# %d inserts, %d updates, %d deletes of entries; %d, %d, %d of problems; %d "
                  "changes of contacts\n",
                  done[0], done[1], done[2], done[3], done[4], done[5], done[8]);
}

/* What the bulletin's counts were before the summaries: the grouped queries over the rows of
 * the period, for one station. */
static void grouped_counts(struct fixture *f, const char *station, const char *from, const char *to,
                           struct ledger_counts *c)
{
    bool all = !from[0] && !to[0];
    const char *lo = from[0] ? from : "0000-00-00", *hi = to[0] ? to : "9999-99-99";
    memset(c, 0, sizeof *c);
    char *sql = sqlite3_mprintf(
        "SELECT 0, kind, count(*), total(people) FROM ledger_entry WHERE station_id = %Q AND (%d "
        "OR held_on BETWEEN %Q AND %Q) GROUP BY kind UNION ALL SELECT 1, '', count(*), 0 FROM "
        "problem WHERE station_id = %Q AND (%d OR raised_on BETWEEN %Q AND %Q) UNION ALL SELECT "
        "2, status, count(*), 0 FROM problem WHERE station_id = %Q AND closed_on != '' AND (%d "
        "OR closed_on BETWEEN %Q AND %Q) GROUP BY status UNION ALL SELECT 3, '', count(*), 0 "
        "FROM problem WHERE station_id = %Q AND closed_on = ''",
        station, all, lo, hi, station, all, lo, hi, station, all, lo, hi, station);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 1);
        int n = sqlite3_column_int(st, 2);
        enum ledger_kind k;
        switch (sqlite3_column_int(st, 0)) {
        case 0:
            if (ledger_kind_parse(key, &k))
                c->entries[k] += n;
            c->entries_total += n;
            c->people += (int)sqlite3_column_double(st, 3);
            break;
        case 1:
            c->raised += n;
            break;
        case 2:
            c->closed += n;
            c->solved += strcmp(key, "solved") == 0 ? n : 0;
            break;
        default:
            c->open_now += n;
            break;
        }
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
}

struct compared {
    struct fixture *f;
    const char *from, *to;
    int rows, entries;
};

static int compare_row(void *ctx, const struct counts_row *r)
{
    struct compared *c = ctx;
    struct ledger_counts want;
    grouped_counts(c->f, r->station_id, c->from, c->to, &want);
    if (memcmp(&want, &r->c, sizeof want) != 0)
        fail_msg("%s..%s, %s: %d entries (%d people), %d raised, %d closed (%d solved), %d open; "
                 "grouped: %d (%d), %d, %d (%d), %d",
                 c->from, c->to, r->station_name, r->c.entries_total, r->c.people, r->c.raised,
                 r->c.closed, r->c.solved, r->c.open_now, want.entries_total, want.people,
                 want.raised, want.closed, want.solved, want.open_now);
    c->rows++;
    c->entries += r->c.entries_total;
    return 0;
}

/* The ledger list's count before the summaries: its rows counted. */
static int grouped_list_count(struct fixture *f, const struct ledger_filter *lf)
{
    char *sql = sqlite3_mprintf(
        "SELECT count(*) FROM ledger_entry e WHERE (%Q = '' OR e.station_id IN (SELECT id FROM "
        "station WHERE township_id = %Q)) AND (%Q = '' OR e.station_id = %Q) AND (%Q = '' OR "
        "e.kind = %Q) AND (%Q = '' OR e.held_on >= %Q) AND (%Q = '' OR e.held_on <= min(%Q, "
        "'9999-99-99'))",
        lf->township_id, lf->township_id, lf->station_id, lf->station_id,
        lf->kind >= 0 ? ledger_kind_code((enum ledger_kind)lf->kind) : "",
        lf->kind >= 0 ? ledger_kind_code((enum ledger_kind)lf->kind) : "", lf->from, lf->from,
        lf->to, lf->to);
    int n = int_of(f, sql);
    sqlite3_free(sql);
    return n;
}

/* The problem and contact lists' counts before the summaries: their rows counted (filter 0:
 * none, 1: a station's / a mode's, 2: a township's). */
static int grouped_problem_count(struct fixture *f, const struct problem_filter *pf)
{
    char *sql = sqlite3_mprintf(
        "SELECT count(*) FROM problem p WHERE (%Q = '' OR p.station_id IN (SELECT id FROM "
        "station WHERE township_id = %Q)) AND (%Q = '' OR p.station_id = %Q) AND (%Q = '' OR "
        "p.raised_on >= %Q) AND (%Q = '' OR p.raised_on <= min(%Q, '9999-99-99'))",
        pf->township_id, pf->township_id, pf->station_id, pf->station_id, pf->from, pf->from,
        pf->to, pf->to);
    int n = int_of(f, sql);
    sqlite3_free(sql);
    return n;
}

static int grouped_contact_count(struct fixture *f, const struct contact_filter *cf)
{
    const char *mode = cf->mode >= 0 ? contact_mode_code((enum contact_mode)cf->mode) : "";
    char *sql = sqlite3_mprintf(
        "SELECT count(*) FROM contact c WHERE (%Q = '' OR c.township_id = %Q) AND (%Q = '' OR "
        "c.mode = %Q) AND (%Q = '' OR c.contacted_on >= %Q) AND (%Q = '' OR c.contacted_on <= "
        "min(%Q, '9999-99-99'))",
        cf->township_id, cf->township_id, mode, mode, cf->from, cf->from, cf->to, cf->to);
    int n = int_of(f, sql);
    sqlite3_free(sql);
    return n;
}

static void text_of(struct fixture *f, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(f->db->h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(f->db->h));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* The problem and contact lists' counts of a period, unfiltered and filtered, equal their rows
 * counted. */
static void list_counts_agree(struct fixture *f, const char *from, const char *to)
{
    struct ll_error err = {0};
    char station[LL_ID_LEN], township[LL_ID_LEN], contact_township[LL_ID_LEN];
    text_of(f, "SELECT id FROM station WHERE rowid = 11", station, sizeof station);
    text_of(f, "SELECT township_id FROM station WHERE rowid = 11", township, sizeof township);
    text_of(f, "SELECT township_id FROM contact WHERE township_id IS NOT NULL LIMIT 1",
            contact_township, sizeof contact_township);
    for (int which = 0; which < 3; which++) {
        struct problem_filter pf;
        struct contact_filter cf;
        problem_filter_init(&pf);
        contact_filter_init(&cf);
        snprintf(pf.from, sizeof pf.from, "%s", from);
        snprintf(pf.to, sizeof pf.to, "%s", to);
        snprintf(cf.from, sizeof cf.from, "%s", from);
        snprintf(cf.to, sizeof cf.to, "%s", to);
        if (which == 1) {
            snprintf(pf.station_id, sizeof pf.station_id, "%s", station);
            cf.mode = CONTACT_PHONE;
        } else if (which == 2) {
            snprintf(pf.township_id, sizeof pf.township_id, "%s", township);
            snprintf(cf.township_id, sizeof cf.township_id, "%s", contact_township);
        }
        int count = -1;
        assert_int_equal(problem_count(f->db, &pf, &count, &err), LL_OK);
        if (count != grouped_problem_count(f, &pf))
            fail_msg("problem count %s..%s filter %d: %d, grouped %d", from, to, which, count,
                     grouped_problem_count(f, &pf));
        count = -1;
        assert_int_equal(contact_count(f->db, &cf, &count, &err), LL_OK);
        if (count != grouped_contact_count(f, &cf))
            fail_msg("contact count %s..%s filter %d: %d, grouped %d", from, to, which, count,
                     grouped_contact_count(f, &cf));
    }
}

static void test_counts_equal_the_grouped_queries(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    /* a few dates that are not quite dates, at the edges of years */
    exec(f, "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, people, summary, "
            "created_at, updated_at) SELECT s.id, 'odd-' || s.id || '-' || d.v, '', "
            "'visit', d.v, 3, '怪日期', '', '' FROM (SELECT id FROM station ORDER BY id LIMIT 10) "
            "s, (SELECT '2025' AS v UNION ALL SELECT '2025-13-40' UNION ALL SELECT '2024-00-00' "
            "UNION ALL SELECT '2026-12-31x') d;"
            "UPDATE problem SET closed_on = '2025-1-5' WHERE rowid % 50 = 3 AND closed_on != '';"
            "UPDATE problem SET raised_on = CASE rowid % 3 WHEN 0 THEN '2025' WHEN 1 THEN "
            "'2024-00-00' ELSE '2026-12-31x' END WHERE rowid % 40 = 7;"
            "UPDATE contact SET contacted_on = CASE rowid % 3 WHEN 0 THEN '2025' WHEN 1 THEN "
            "'2024-13-40' ELSE '2026-12-31x' END WHERE rowid % 30 = 4;"
            "UPDATE contact SET township_id = NULL WHERE rowid % 30 = 5;"
            "UPDATE contact SET contacted_on = '2023-06-0' || (rowid % 9 + 1) WHERE rowid % 4 "
            "= 1");
    int first = int_of(f, "SELECT min(substr(held_on, 1, 4)) FROM ledger_entry WHERE held_on "
                          "GLOB '[0-9][0-9][0-9][0-9]-*'");
    int last = int_of(f, "SELECT max(substr(held_on, 1, 4)) FROM ledger_entry");
    assert_true(first > 2000 && last >= first);
    static char periods[256][2][11];
    int n = 0;
#define PERIOD(a, b)                                                                               \
    do {                                                                                           \
        assert_true(n < (int)(sizeof periods / sizeof periods[0]));                                \
        snprintf(periods[n][0], 11, "%s", a);                                                      \
        snprintf(periods[n][1], 11, "%s", b);                                                      \
        n++;                                                                                       \
    } while (0)
    char a[11], b[11];
    PERIOD("", "");
    for (unsigned y = (unsigned)first - 1; y <= (unsigned)last + 1; y++) {
        snprintf(a, sizeof a, "%04u-01-01", y % 10000u);
        snprintf(b, sizeof b, "%04u-12-31", y % 10000u);
        PERIOD(a, b);  /* the year */
        PERIOD(a, ""); /* from it on */
        PERIOD("", b); /* up to its end */
        snprintf(a, sizeof a, "%04u-01-02", y % 10000u);
        PERIOD(a, b); /* all but its first day */
        snprintf(a, sizeof a, "%04u-03-15", y % 10000u);
        PERIOD(a, a); /* a day */
        snprintf(b, sizeof b, "%04u-03-31", y % 10000u);
        snprintf(a, sizeof a, "%04u-03-01", y % 10000u);
        PERIOD(a, b); /* a month */
        snprintf(b, sizeof b, "%04u-02-10", (y + 2) % 10000u);
        snprintf(a, sizeof a, "%04u-06-15", y % 10000u);
        PERIOD(a, b); /* across two new years */
    }
    PERIOD("2000-01-01", "2999-12-31");
    PERIOD("2025-05-01", "2025-04-01"); /* the wrong way round: nothing */
    PERIOD("2025-05-01", "2024-03-01"); /* the same across a new year */
    PERIOD("0000-00-00", "9999-99-99");
#undef PERIOD
    int nonempty = 0;
    for (int i = 0; i < n; i++) {
        struct compared c = {f, periods[i][0], periods[i][1], 0, 0};
        struct ledger_counts total;
        assert_int_equal(ledger_counts(f->db, COUNTS_BY_STATION, "", c.from, c.to, compare_row, &c,
                                       &total, &err),
                         LL_OK);
        assert_true(c.rows >= 99);
        assert_int_equal(total.entries_total, c.entries);
        nonempty += c.entries > 0;
        /* the list's count: alone, of a station, of a township, of a kind */
        struct ledger_filter lf;
        for (int which = 0; which < 4; which++) {
            ledger_filter_init(&lf);
            snprintf(lf.from, sizeof lf.from, "%s", c.from);
            snprintf(lf.to, sizeof lf.to, "%s", c.to);
            int count = -1;
            if (which == 1 || which == 2) {
                sqlite3_stmt *st = NULL;
                assert_int_equal(sqlite3_prepare_v2(f->db->h,
                                                    "SELECT id, township_id FROM station WHERE "
                                                    "rowid = 11",
                                                    -1, &st, NULL),
                                 SQLITE_OK);
                assert_int_equal(sqlite3_step(st), SQLITE_ROW);
                if (which == 1)
                    snprintf(lf.station_id, sizeof lf.station_id, "%s",
                             (const char *)sqlite3_column_text(st, 0));
                else
                    snprintf(lf.township_id, sizeof lf.township_id, "%s",
                             (const char *)sqlite3_column_text(st, 1));
                sqlite3_finalize(st);
            }
            if (which == 3)
                lf.kind = LEDGER_RECEPTION;
            assert_int_equal(ledger_count(f->db, &lf, &count, &err), LL_OK);
            if (count != grouped_list_count(f, &lf))
                fail_msg("list count %s..%s filter %d: %d, grouped %d", c.from, c.to, which, count,
                         grouped_list_count(f, &lf));
        }
        list_counts_agree(f, c.from, c.to);
    }
    print_message("# %d periods compared station by station (%d with entries)\n", n, nonempty);
    assert_true(nonempty > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* the check first: the changes below leave deputies without a township */
        cmocka_unit_test(test_check_finds_and_mends_a_derived_table),
        cmocka_unit_test(test_check_recreates_dropped_and_altered_triggers),
        cmocka_unit_test(test_counts_equal_the_grouped_queries),
        cmocka_unit_test(test_summaries_follow_random_changes),
        cmocka_unit_test(test_roster_order_follows_every_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
