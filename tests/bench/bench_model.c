/* The benchmark's cases inside this process: list pages at the first, middle and last
 * position, searches, the bulletin's counts, a form save, a year's CSV export, an import of
 * 10,000 deputies and a sync package of 5,000 changes — through the same model functions the
 * screens and the command line call. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#endif

#include "bench.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/contact.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/sync.h"

#define SAVES       60 /* form saves measured for the p95 */
#define IMPORT_ROWS 10000
#define SYNC_ROWS   5000
#define TOWNSHIP    "桃花江镇"
#define COMMON_WORD "交流研讨" /* in about one entry in 17 */

static struct db_identity county_who = {"县人大常委会", SITE_COUNTY, "", "测评员"};
static struct db_identity town_who = {"桃花江镇人大", SITE_TOWNSHIP, TOWNSHIP, "测评员"};

/* ---- setting up ---------------------------------------------------------------------------- */

static int fail(const char *what, const struct ll_error *err)
{
    fprintf(stderr, "bench: %s: %s\n", what, err ? err->msg : strerror(errno));
    return -1;
}

static int copy_with_cp(const char *from, const char *to)
{
    char cmd[2 * PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    return system(cmd) == 0 ? 0 : -1;
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        remove(p);
    }
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s.peers'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s.peers\n", path);
}

/* The generated database of this scale, made once (it takes a minute for a county). */
static int ensure_generated(struct bench *b, char *path, size_t size)
{
    snprintf(path, size, "%s/%s.db", b->data_dir, b->scale);
    if (access(path, F_OK) == 0)
        return 0;
    struct ll_db *db = NULL;
    struct ll_error err = {0};
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    remove_db(tmp);
    fprintf(stderr, "bench: generating the %s data in %s (once)...\n", b->scale, path);
    double t0 = bench_now_ms();
    if (db_open(tmp, &county_who, &db, &err) != LL_OK ||
        demo_build_scaled(db, strcmp(b->scale, "province") == 0 ? DEMO_PROVINCE : DEMO_COUNTY,
                          &err) != LL_OK) {
        db_close(db);
        return fail("generating", &err);
    }
    db_close(db);
    fprintf(stderr, "bench: generated in %.0f s\n", (bench_now_ms() - t0) / 1000);
    return rename(tmp, path);
}

/* The first column of the first row of sql on path, as text. */
static int sql_text(const char *path, const char *sql, char *out, size_t size)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    out[0] = '\0';
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 0;
    } else {
        fprintf(stderr, "bench: %s: %s\n", sql, sqlite3_errmsg(h));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rc;
}

/* The entries the trigram index finds word in (up to cap; 0: all), on h. */
static int fts_hits(sqlite3 *h, const char *word, int cap)
{
    sqlite3_stmt *st = NULL;
    char phrase[160];
    int n = -1;
    snprintf(phrase, sizeof phrase, "\"%s\"", word);
    if (sqlite3_prepare_v2(
            h,
            "SELECT count(*) FROM (SELECT 1 FROM ledger_fts WHERE ledger_fts MATCH ? "
            "LIMIT ?)",
            -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, cap > 0 ? cap : -1);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* "何丽华: 648 hits, 1 in 309": word's hits among the ledger's entries. */
static void hits_note(sqlite3 *h, const char *word, int entries, char *out, size_t size)
{
    int hits = fts_hits(h, word, 0);
    snprintf(out, size, "%.30s: %d hits, 1 in %d", word, hits,
             hits > 0 ? (entries + hits / 2) / hits : 0);
}

/* The searched words and their notes (see struct bench): the rare one is the name of the fewest
 * deputies, first by name, found in 100 to 1,000 entries. */
static int find_words(struct bench *b)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int entries = 0;
    b->rare_word[0] = '\0';
    if (sqlite3_open_v2(b->db_path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT count(*) FROM ledger_entry", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        entries = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(h,
                           "SELECT name FROM deputy WHERE length(name) >= 3 GROUP BY name ORDER BY "
                           "count(*), name",
                           -1, &st, NULL) == SQLITE_OK)
        while (!b->rare_word[0] && sqlite3_step(st) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            int hits = fts_hits(h, name, 1001);
            if (hits >= 100 && hits <= 1000)
                snprintf(b->rare_word, sizeof b->rare_word, "%s", name);
        }
    sqlite3_finalize(st);
    if (entries > 0 && b->rare_word[0]) {
        hits_note(h, b->rare_word, entries, b->rare_note, sizeof b->rare_note);
        hits_note(h, b->deputy_name, entries, b->name_note, sizeof b->name_note);
        hits_note(h, COMMON_WORD, entries, b->common_note, sizeof b->common_note);
    }
    sqlite3_close(h);
    return entries > 0 && b->rare_word[0] ? 0 : fail("a name in 100 to 1,000 entries", NULL);
}

/* 10,000 deputies of the county's stations; round r gives them phone numbers of their own, so
 * that every round inserts. */
static int write_deputies_csv(struct bench *b, int round)
{
    /* 16 x 20 x 20 names: as often the same as in a real county's roster */
    static const char *const surnames[] = {"张", "王", "李", "刘", "陈", "杨", "黄", "赵",
                                           "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
    static const char *const given1[] = {"建", "志", "秀", "丽", "海", "国", "春",
                                         "立", "德", "桂", "振", "晓", "文", "明",
                                         "小", "永", "金", "玉", "红", "家"};
    static const char *const given2[] = {"国", "强", "英", "华", "燕", "庆", "花",
                                         "新", "兰", "梅", "平", "军", "伟", "芳",
                                         "东", "民", "山", "琴", "霞", "豪"};
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(b->deputies_csv, sizeof b->deputies_csv, "%s/deputies.csv", b->data_dir);
    FILE *f = fopen(b->deputies_csv, "w");
    if (!f || sqlite3_open_v2(b->db_path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "SELECT t.name, s.name FROM station s JOIN township t ON t.id = "
                           "s.township_id ORDER BY t.name, s.name",
                           -1, &st, NULL) != SQLITE_OK) {
        if (f)
            fclose(f);
        sqlite3_close(h);
        return fail("the deputies' CSV", NULL);
    }
    fputs("姓名,性别,民族,出生年月,代表层级,乡镇,联络站,联系电话,工作单位及职务\n", f);
    int i = 0;
    while (i < IMPORT_ROWS) {
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            continue;
        }
        const char *town = (const char *)sqlite3_column_text(st, 0);
        const char *station = (const char *)sqlite3_column_text(st, 1);
        for (int k = 0; k < 10 && i < IMPORT_ROWS; k++, i++)
            fprintf(f, "%s%s%s,%s,汉族,19%02d.%02d,%s,%s,%s,15%d%08d,%s农业合作社理事长\n",
                    surnames[i % 16], given1[(i / 16) % 20], given2[(i / 320) % 20],
                    i % 3 ? "男" : "女", 55 + i % 40, 1 + i % 12, i % 4 ? "乡镇级" : "县级", town,
                    station, round % 10, i, town);
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return fclose(f) == 0 ? 0 : fail("the deputies' CSV", NULL);
}

static int setup_sync(struct bench *b)
{
    struct ll_error err = {0};
    struct sync_peer peer;
    char code[SYNC_CODE_LEN + 1];
    snprintf(b->town_path, sizeof b->town_path, "%s/town.db", b->data_dir);
    snprintf(b->package, sizeof b->package, "%s/packages", b->data_dir);
    remove_db(b->town_path);
    mkdir(b->package, 0700);
    config_defaults(&b->county_cfg);
    snprintf(b->county_cfg.site_name, sizeof b->county_cfg.site_name, "%s", county_who.site_name);
    config_defaults(&b->town_cfg);
    b->town_cfg.role = SITE_TOWNSHIP;
    snprintf(b->town_cfg.site_name, sizeof b->town_cfg.site_name, "%s", town_who.site_name);
    snprintf(b->town_cfg.township, sizeof b->town_cfg.township, "%s", TOWNSHIP);
    if (db_open(b->town_path, &town_who, &b->town, &err) != LL_OK ||
        sync_pair_lower(b->db, SITE_COUNTY, TOWNSHIP, NULL, code, &peer, &err) != LL_OK)
        return fail("pairing", &err);
    snprintf(b->town_peer, sizeof b->town_peer, "%s", peer.id);
    if (sync_pair_upper(b->town, SITE_TOWNSHIP, code, &peer, &err) != LL_OK)
        return fail("pairing", &err);
    snprintf(b->county_peer, sizeof b->county_peer, "%s", peer.id);
    /* the township's first package: its records, as the county has them */
    struct sync_export_result res;
    struct sync_import *imp = NULL;
    struct sync_import_result r;
    double t0 = bench_now_ms();
    if (sync_export(b->db, &b->county_cfg, b->town_peer, b->package, &res, &err) != LL_OK ||
        sync_import_open(b->town, res.file, &imp, &err) != LL_OK ||
        sync_import_apply(imp, &r, &err) != LL_OK) {
        sync_import_free(imp);
        return fail("the township's first package", &err);
    }
    sync_import_free(imp);
    fprintf(stderr, "bench: a township's first package: %d changes, %.0f ms\n", res.changes,
            bench_now_ms() - t0);
    return 0;
}

int bench_setup(struct bench *b, bool fresh)
{
    struct ll_error err = {0};
    char generated[PATH_MAX];
    if (ensure_generated(b, generated, sizeof generated) != 0)
        return -1;
    /* under callgrind, a copy of its own (cp is not counted), as fresh as the one the timed
     * cases start from */
    snprintf(b->db_path, sizeof b->db_path, "%s/%s", b->data_dir, fresh ? "work.db" : "cg.db");
    remove_db(b->db_path);
    if (copy_with_cp(generated, b->db_path) != 0)
        return fail("copying the data", NULL);
    if (db_open(b->db_path, &county_who, &b->db, &err) != LL_OK)
        return fail("opening", &err);
    /* the middle of each list, and last year */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    unsigned year = (unsigned)(tm.tm_year + 1900 - 1) % 10000u;
    snprintf(b->year_from, sizeof b->year_from, "%04u-01-01", year);
    snprintf(b->year_to, sizeof b->year_to, "%04u-12-31", year);
    struct ledger_filter lf;
    struct problem_filter pf;
    struct ledger_entry e;
    struct problem p;
    int n = 0;
    ledger_filter_init(&lf);
    problem_filter_init(&pf);
    if (sql_text(b->db_path,
                 "SELECT held_on FROM ledger_entry ORDER BY held_on LIMIT 1 OFFSET (SELECT "
                 "count(*) / 2 FROM ledger_entry)",
                 lf.from, sizeof lf.from) != 0 ||
        ledger_list(b->db, &lf, PAGE_FIRST, NULL, 1, &e, &n, &err) != LL_OK || n != 1)
        return fail("the ledger's middle", &err);
    snprintf(b->ledger_middle, sizeof b->ledger_middle, "%s", e.sort_key);
    if (sql_text(b->db_path,
                 "SELECT raised_on FROM problem ORDER BY raised_on LIMIT 1 OFFSET (SELECT "
                 "count(*) / 2 FROM problem)",
                 pf.from, sizeof pf.from) != 0 ||
        problem_list(b->db, &pf, PAGE_FIRST, NULL, 1, &p, &n, &err) != LL_OK || n != 1)
        return fail("the problems' middle", &err);
    snprintf(b->problem_middle, sizeof b->problem_middle, "%s", p.sort_key);
    struct contact_filter cf;
    struct contact c;
    contact_filter_init(&cf);
    if (sql_text(b->db_path,
                 "SELECT contacted_on FROM contact ORDER BY contacted_on LIMIT 1 OFFSET (SELECT "
                 "count(*) / 2 FROM contact)",
                 cf.from, sizeof cf.from) != 0 ||
        contact_list(b->db, &cf, PAGE_FIRST, NULL, 1, &c, &n, &err) != LL_OK || n != 1)
        return fail("the contacts' middle", &err);
    snprintf(b->contact_middle, sizeof b->contact_middle, "%s", c.sort_key);
    char row[256];
    if (sql_text(b->db_path,
                 "SELECT station_id || ' ' || id || ' ' || name FROM deputy WHERE station_id IS "
                 "NOT NULL ORDER BY name LIMIT 1",
                 row, sizeof row) != 0 ||
        sscanf(row, "%36s %36s %63s", b->station_id, b->deputy_id, b->deputy_name) != 3)
        return fail("a station's deputy", NULL);
    if (find_words(b) != 0)
        return -1;
    return fresh ? setup_sync(b) : 0;
}

void bench_teardown(struct bench *b)
{
    db_close(b->town);
    db_close(b->db);
    b->town = b->db = NULL;
    if (strstr(b->db_path, "/cg.db"))
        remove_db(b->db_path);
}

/* ---- the cases ----------------------------------------------------------------------------- */

typedef int (*case_fn)(struct bench *b, int round);

static struct ledger_entry ledger_rows[BENCH_PAGE];
static struct problem problem_rows[BENCH_PAGE];

static int ledger_page(struct bench *b, enum page_dir dir, const char *anchor, const char *search)
{
    struct ledger_filter f;
    struct ll_error err = {0};
    int n = 0;
    ledger_filter_init(&f);
    snprintf(f.search, sizeof f.search, "%s", search);
    if (ledger_list(b->db, &f, dir, anchor, BENCH_PAGE, ledger_rows, &n, &err) != LL_OK)
        return fail("ledger page", &err);
    return n;
}

/* What the list screen does for a search: its first page, and the count of what it found. */
static int ledger_search(struct bench *b, const char *search)
{
    struct ledger_filter f;
    struct ll_error err = {0};
    int n = 0;
    if (ledger_page(b, PAGE_FIRST, NULL, search) < 0)
        return -1;
    ledger_filter_init(&f);
    snprintf(f.search, sizeof f.search, "%s", search);
    if (ledger_count(b->db, &f, &n, &err) != LL_OK)
        return fail("count", &err);
    return n == LL_COUNT_MORE ? LL_COUNT_MAX + 1 : n; /* "1001 rows": more than 1,000 */
}

static int problem_page(struct bench *b, enum page_dir dir, const char *anchor)
{
    struct problem_filter f;
    struct ll_error err = {0};
    int n = 0;
    problem_filter_init(&f);
    if (problem_list(b->db, &f, dir, anchor, BENCH_PAGE, problem_rows, &n, &err) != LL_OK)
        return fail("problem page", &err);
    return n;
}

static int c_ledger_first(struct bench *b, int r)
{
    (void)r;
    return ledger_page(b, PAGE_FIRST, NULL, "");
}
static int c_ledger_middle(struct bench *b, int r)
{
    (void)r;
    return ledger_page(b, PAGE_AFTER, b->ledger_middle, "");
}
static int c_ledger_last(struct bench *b, int r)
{
    (void)r;
    return ledger_page(b, PAGE_LAST, NULL, "");
}
static int c_ledger_count(struct bench *b, int r)
{
    (void)r;
    struct ledger_filter f;
    struct ll_error err = {0};
    int n = 0;
    ledger_filter_init(&f);
    return ledger_count(b->db, &f, &n, &err) == LL_OK ? n : fail("count", &err);
}
static int c_problem_first(struct bench *b, int r)
{
    (void)r;
    return problem_page(b, PAGE_FIRST, NULL);
}
static int c_problem_middle(struct bench *b, int r)
{
    (void)r;
    return problem_page(b, PAGE_AFTER, b->problem_middle);
}
static int c_problem_last(struct bench *b, int r)
{
    (void)r;
    return problem_page(b, PAGE_LAST, NULL);
}
static int c_problem_count(struct bench *b, int r)
{
    (void)r;
    struct problem_filter f;
    struct ll_error err = {0};
    int n = 0;
    problem_filter_init(&f);
    return problem_count(b->db, &f, &n, &err) == LL_OK ? n : fail("count", &err);
}
static struct contact contact_rows[BENCH_PAGE];

static int contact_page(struct bench *b, enum page_dir dir, const char *anchor)
{
    struct contact_filter f;
    struct ll_error err = {0};
    int n = 0;
    contact_filter_init(&f);
    if (contact_list(b->db, &f, dir, anchor, BENCH_PAGE, contact_rows, &n, &err) != LL_OK)
        return fail("contact page", &err);
    return n;
}
static int c_contact_first(struct bench *b, int r)
{
    (void)r;
    return contact_page(b, PAGE_FIRST, NULL);
}
static int c_contact_middle(struct bench *b, int r)
{
    (void)r;
    return contact_page(b, PAGE_AFTER, b->contact_middle);
}
static int c_contact_last(struct bench *b, int r)
{
    (void)r;
    return contact_page(b, PAGE_LAST, NULL);
}
static int c_contact_count(struct bench *b, int r)
{
    (void)r;
    struct contact_filter f;
    struct ll_error err = {0};
    int n = 0;
    contact_filter_init(&f);
    return contact_count(b->db, &f, &n, &err) == LL_OK ? n : fail("count", &err);
}

static struct deputy deputy_rows[BENCH_PAGE];

static int deputy_page(struct bench *b, enum page_dir dir)
{
    struct deputy_filter f;
    struct ll_error err = {0};
    int n = 0;
    deputy_filter_init(&f);
    if (deputy_list(b->db, &f, dir, NULL, BENCH_PAGE, deputy_rows, &n, &err) != LL_OK)
        return fail("deputy page", &err);
    return n;
}
static int c_deputy_first(struct bench *b, int r)
{
    (void)r;
    return deputy_page(b, PAGE_FIRST);
}
static int c_deputy_last(struct bench *b, int r)
{
    (void)r;
    return deputy_page(b, PAGE_LAST);
}

/* A name in a few hundred entries, at a county as at a province. */
static int c_search_rare(struct bench *b, int r)
{
    (void)r;
    return ledger_search(b, b->rare_word);
}
/* The first deputy's name: in one entry of 300 or 400 at either scale (648 at a county, 4,538
 * at a province), so that its hits grow with the data. */
static int c_search_name(struct bench *b, int r)
{
    (void)r;
    return ledger_search(b, b->deputy_name);
}
/* In about one entry in 17. */
static int c_search_common(struct bench *b, int r)
{
    (void)r;
    return ledger_search(b, COMMON_WORD);
}
static int c_search_short(struct bench *b, int r)
{
    (void)r;
    return ledger_search(b, "渠道");
}

static int no_row(void *ctx, const struct counts_row *row)
{
    (void)ctx;
    (void)row;
    return 0;
}
static int counts(struct bench *b, const char *from, const char *to)
{
    struct ledger_counts total;
    struct ll_error err = {0};
    if (ledger_counts(b->db, COUNTS_BY_TOWNSHIP, "", from, to, no_row, NULL, &total, &err) != LL_OK)
        return fail("counts", &err);
    return total.entries_total;
}
static int c_year_report(struct bench *b, int r)
{
    (void)r;
    return counts(b, b->year_from, b->year_to);
}
static int c_all_history(struct bench *b, int r)
{
    (void)r;
    return counts(b, "", "");
}
static int c_export_year(struct bench *b, int r)
{
    (void)r;
    struct ll_error err = {0};
    int rows = 0;
    FILE *f = tmpfile();
    if (!f)
        return fail("tmpfile", NULL);
    enum ll_status st = export_ledger(b->db, b->year_from, b->year_to, f, &rows, &err);
    fclose(f);
    return st == LL_OK ? rows : fail("export", &err);
}
static int c_import(struct bench *b, int r)
{
    (void)r;
    struct import_result res;
    struct ll_error err = {0};
    if (import_deputies(b->db, b->deputies_csv, &res, &err) != LL_OK)
        return fail("import", &err);
    return res.inserted;
}

static double now_save_ms[SAVES];

static int save_entry(struct bench *b, int i)
{
    struct ledger_entry e;
    struct ll_error err = {0};
    ledger_init(&e);
    snprintf(e.station_id, sizeof e.station_id, "%s", b->station_id);
    e.kind = LEDGER_RECEPTION;
    snprintf(e.date, sizeof e.date, "%s", b->year_to);
    snprintf(e.people, sizeof e.people, "%d", 3 + i % 20);
    snprintf(e.place, sizeof e.place, "%s", "村综合服务中心二楼代表接待室");
    snprintf(e.summary, sizeof e.summary,
             "接待群众%d人次，群众反映通组公路路面破损、灌溉渠道淤塞等问题，代表登记后交镇"
             "有关部门办理并跟踪落实。",
             3 + i % 20);
    ledger_toggle_deputy(&e, b->deputy_id, b->deputy_name);
    return ledger_save(b->db, &e, &err) == LL_OK ? 1 : fail("save", &err);
}

/* SYNC_ROWS of the township's entries changed (as another program could: the package is a
 * difference, whoever made the change). */
static int change_township(struct bench *b, int round)
{
    sqlite3 *h = NULL;
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE ledger_entry SET place = '村部会议室（第%d次核对）', updated_at = "
             "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now') WHERE rowid IN (SELECT rowid FROM "
             "ledger_entry ORDER BY rowid LIMIT %d)",
             round, SYNC_ROWS);
    int rc = sqlite3_open(b->town_path, &h) == SQLITE_OK ? sqlite3_busy_timeout(h, 5000),
        sqlite3_exec(h, sql, NULL, NULL, NULL)           : SQLITE_ERROR;
    if (rc != SQLITE_OK)
        fprintf(stderr, "bench: %s\n", sqlite3_errmsg(h));
    sqlite3_close(h);
    return rc == SQLITE_OK ? 0 : -1;
}

static struct sync_export_result exported[64]; /* a round's package, imported in order */

static int c_sync_export(struct bench *b, int r)
{
    struct ll_error err = {0};
    if (sync_export(b->town, &b->town_cfg, b->county_peer, b->package, &exported[r], &err) != LL_OK)
        return fail("sync export", &err);
    return exported[r].changes;
}
static int c_sync_import(struct bench *b, int r)
{
    struct ll_error err = {0};
    struct sync_import *imp = NULL;
    struct sync_import_result res;
    if (sync_import_open(b->db, exported[r].file, &imp, &err) != LL_OK ||
        sync_import_apply(imp, &res, &err) != LL_OK) {
        sync_import_free(imp);
        return fail("sync import", &err);
    }
    sync_import_free(imp);
    return res.applied;
}

static const char *about_rare(const struct bench *b)
{
    return b->rare_note;
}
static const char *about_name(const struct bench *b)
{
    return b->name_note;
}
static const char *about_common(const struct bench *b)
{
    return b->common_note;
}

/* Name, function, goal (ms), whether it is counted under callgrind, what it is compared with,
 * and what the note says beside the rows found. */
static const struct model_case {
    const char *name;
    case_fn fn;
    double goal_ms;
    bool instr;
    bool floor;                                  /* compared with the bare query */
    const char *(*about)(const struct bench *b); /* NULL: nothing */
} cases[] = {
    {"ledger page, first", c_ledger_first, 1, true, true, NULL},
    {"ledger page, middle", c_ledger_middle, 1, true, true, NULL},
    {"ledger page, last", c_ledger_last, 1, true, true, NULL},
    {"ledger count (list opens)", c_ledger_count, -1, true, false, NULL},
    {"problem page, first", c_problem_first, 1, true, true, NULL},
    {"problem page, middle", c_problem_middle, 1, true, true, NULL},
    {"problem page, last", c_problem_last, 1, true, true, NULL},
    {"problem count (list opens)", c_problem_count, -1, true, false, NULL},
    {"contact page, first", c_contact_first, 1, true, true, NULL},
    {"contact page, middle", c_contact_middle, 1, true, true, NULL},
    {"contact page, last", c_contact_last, 1, true, true, NULL},
    {"contact count (list opens)", c_contact_count, -1, true, false, NULL},
    {"roster page, first", c_deputy_first, 1, true, true, NULL},
    {"roster page, last", c_deputy_last, 1, true, true, NULL},
    {"search 3+ chars, rare (+count)", c_search_rare, 10, true, false, about_rare},
    {"search 3+ chars, a name (+count)", c_search_name, 100, true, false, about_name},
    {"search 3+ chars, common (+count)", c_search_common, 100, true, false, about_common},
    {"search 1-2 chars (+count)", c_search_short, 150, true, false, NULL},
    {"yearly report", c_year_report, 50, true, false, NULL},
    {"all history report", c_all_history, 150, true, false, NULL},
    {"CSV export, a year", c_export_year, 500, true, false, NULL},
    {"CSV import, 10,000 deputies", c_import, 1000, false, false, NULL},
    {"sync export, 5,000 changes", c_sync_export, -1, false, false, NULL},
    {"sync import, 5,000 changes", c_sync_import, -1, false, false, NULL},
};

/* A bare SQLite insert of a row of the same size, committed in WAL with synchronous=FULL
 * on the same disk: the floor of a form save (its fsync). p95 of SAVES. */
static double bare_insert_p95(struct bench *b)
{
    sqlite3 *h = NULL;
    double v[SAVES];
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/floor.db", b->data_dir);
    remove_db(path);
    if (sqlite3_open(path, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id TEXT "
                     "PRIMARY KEY, summary TEXT)",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    for (int i = 0; i < SAVES; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO t VALUES ('%036d', '接待群众%d人次，群众反映通组公路路面破损、灌溉"
                 "渠道淤塞等问题，代表登记后交镇有关部门办理并跟踪落实。')",
                 i, i);
        double t0 = bench_now_ms();
        sqlite3_exec(h, sql, NULL, NULL, NULL);
        v[i] = bench_now_ms() - t0;
    }
    sqlite3_close(h);
    remove_db(path);
    return bench_p95(v, SAVES);
}

/* A bare SQLite query of a page, on its own connection: the floor of a list page. */
static double bare_query_ms(struct bench *b)
{
    sqlite3 *h = NULL;
    double v[64];
    int n = b->runs < 64 ? b->runs : 64;
    sqlite3_open_v2(b->db_path, &h, SQLITE_OPEN_READONLY, NULL);
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = NULL;
        double t0 = bench_now_ms();
        sqlite3_prepare_v2(h,
                           "SELECT station_id, id, held_on, held_at, kind, summary FROM "
                           "ledger_entry ORDER BY held_on, held_at, id LIMIT 36",
                           -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
        sqlite3_finalize(st);
        v[i] = bench_now_ms() - t0;
    }
    sqlite3_close(h);
    return bench_median(v, n);
}

static struct bench_row *add_row(struct bench_row *out, int *n, int max, const char *name)
{
    if (*n >= max)
        return NULL;
    struct bench_row *row = &out[(*n)++];
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", name);
    row->ms = row->floor_ms = row->goal_ms = row->kib = -1;
    row->instr = -1;
    return row;
}

int bench_model_cases(struct bench *b, struct bench_row *out, int max)
{
    int n = 0;
    double v[64], floor = bare_query_ms(b);
    int runs = b->runs < 64 ? b->runs : 64;
    struct bench_row *row = add_row(out, &n, max, "floor: bare SQLite page query");
    if (row)
        row->ms = floor;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0] && n < max; c++) {
        int result = 0;
        for (int r = 0; r < runs; r++) {
            if (cases[c].fn == c_import && write_deputies_csv(b, r) != 0)
                return -1;
            if (cases[c].fn == c_sync_export && change_township(b, r) != 0)
                return -1;
            double t0 = bench_now_ms();
            result = cases[c].fn(b, r);
            v[r] = bench_now_ms() - t0;
            if (result < 0)
                return -1;
        }
        fprintf(stderr, "bench: %-34s %10.3f ms\n", cases[c].name, bench_median(v, runs));
        row = add_row(out, &n, max, cases[c].name);
        row->ms = bench_median(v, runs);
        row->goal_ms = cases[c].goal_ms;
        row->floor_ms = cases[c].floor ? floor : -1;
        snprintf(row->note, sizeof row->note, "%d rows%s%s", result, cases[c].about ? "; " : "",
                 cases[c].about ? cases[c].about(b) : "");
    }
    /* form saves: each a transaction in WAL with synchronous=FULL */
    for (int i = 0; i < SAVES; i++) {
        double t0 = bench_now_ms();
        if (save_entry(b, i) < 0)
            return -1;
        now_save_ms[i] = bench_now_ms() - t0;
    }
    if ((row = add_row(out, &n, max, "form save, p95"))) {
        row->ms = bench_p95(now_save_ms, SAVES);
        row->floor_ms = bare_insert_p95(b);
        row->goal_ms = 5;
        snprintf(row->note, sizeof row->note, "median %.2f ms of %d",
                 bench_median(now_save_ms, SAVES), SAVES);
    }
    return n;
}

void bench_model_instructions(struct bench *b)
{
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (!cases[c].instr)
            continue;
        cases[c].fn(b, 0); /* warm: the page cache, the statements' first preparation */
        CALLGRIND_START_INSTRUMENTATION;
        CALLGRIND_ZERO_STATS;
        cases[c].fn(b, 0);
        CALLGRIND_DUMP_STATS_AT(cases[c].name);
        CALLGRIND_STOP_INSTRUMENTATION;
    }
}
