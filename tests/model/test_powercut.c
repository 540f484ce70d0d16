/* Power cuts and failing disks under real workloads, through the "fault" VFS (fault_vfs.h):
 *
 *  - save: on a database that holds confirmed records, five form saves in a row (a new deputy,
 *    an existing deputy changed, a new ledger entry, another new deputy, an existing ledger
 *    entry changed), each its own transaction;
 *  - import: a save, a CSV roster of 30 deputies (a new township and two new stations with
 *    them) imported in one transaction, another save;
 *  - migrate: a database at schema version 1 (made with migration 001, as lianluo 0.1 wrote it,
 *    holding townships, stations and deputies) opened by db_open, which brings it to the current
 *    version one migration (one transaction) at a time; once with the file in WAL mode (as
 *    lianluo leaves it), once in rollback-journal mode (a file written by another tool), so
 *    that the switch to WAL is cut too.
 *
 * Each workload runs once without faults, counting its I/O operations (N). Then, for k = 1..N,
 * on a fresh copy of the starting database: the power is cut at op k (twice: with only what was
 * synced on disk, and with a seeded random part of the unsynced writes too), and the database is
 * opened again with the real VFS: PRAGMA integrity_check must say ok, db_check (`lianluo check`)
 * must pass without rebuilding an index, each step must have left its records wholly as before
 * or wholly as after (with its audit entries), and every step that returned LL_OK must be there
 * in full. "corrupt" counts trials that break the first three, "lost" the last.
 *
 * And, for k = 1..N, the disk fills (SQLITE_FULL) or fails (SQLITE_IOERR) at op k, once or from
 * op k on until cleared: a step that fails must say so with the message for that error (never
 * LL_OK for a commit that failed) and leave its records as before; then, the fault cleared, the
 * same handle must be outside any transaction and save again, and after closing and opening
 * again nothing that was confirmed may be missing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/embedded.h"
#include "fault_vfs.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/pinyin.h"
#include "lianluo/station.h"
#include "lianluo/township.h"
#include "model/sql.h" /* white box: whether a handle is left inside a transaction */

/* Every op k is tried; under AddressSanitizer, which makes each trial several times slower,
 * every third one (1, 4, 7, ...) so that the test stays near a minute. LIANLUO_POWERCUT_STRIDE
 * overrides it. */
#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_STRIDE 3
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DEFAULT_STRIDE 3
#endif
#endif
#ifndef DEFAULT_STRIDE
#define DEFAULT_STRIDE 1
#endif
static long stride = DEFAULT_STRIDE;

static const struct db_identity who = {"测试县人大", SITE_COUNTY, "", "测试员"};

static char dir[64], trial[128], csv[128];
static char tpl_saves[128], tpl_v1_wal[128], tpl_v1_rollback[128];

/* ---- files ------------------------------------------------------------------------------- */

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[160];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        unlink(p);
    }
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* A fresh copy of a template (closed cleanly: one file, no WAL) as the trial database. */
static void fresh_copy(const char *tpl)
{
    remove_db(trial);
    copy_file(tpl, trial);
}

/* ---- the starting database of the save and import workloads ------------------------------- */

static char township_id[LL_ID_LEN], central_id[LL_ID_LEN], area_id[LL_ID_LEN];
static struct deputy old_x;       /* changed by a save */
static struct ledger_entry old_e; /* changed by a save */
static int old_x_audits, old_e_audits;

static const char *const roster[] = {"李秀英", "刘建华", "罗志明", "张桂兰", "曾国强", "谢文军",
                                     "彭丽华", "唐海燕", "胡春生", "黄建平", "邓小林", "贺秋菊"};

static void save_deputy(struct ll_db *db, const char *name, const char *station, unsigned levels,
                        const char *phone, struct deputy *out)
{
    struct ll_error err = {0};
    struct deputy d;
    deputy_init(&d);
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.township_id, sizeof d.township_id, "%s", township_id);
    snprintf(d.station_id, sizeof d.station_id, "%s", station);
    snprintf(d.phone, sizeof d.phone, "%s", phone);
    snprintf(d.term, sizeof d.term, "第十八届");
    d.levels = levels;
    if (deputy_save(db, &d, &err) != LL_OK)
        fail_msg("deputy_save %s: %s", name, err.msg);
    if (out)
        *out = d;
}

static void save_station(struct ll_db *db, enum station_kind kind, const char *name,
                         const char *parent, char id[LL_ID_LEN])
{
    struct ll_error err = {0};
    struct station s;
    station_init(&s);
    s.kind = kind;
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.township_id, sizeof s.township_id, "%s", township_id);
    snprintf(s.parent_id, sizeof s.parent_id, "%s", parent);
    snprintf(s.address, sizeof s.address, "桃花江镇%s", name);
    if (station_save(db, &s, &err) != LL_OK)
        fail_msg("station_save %s: %s", name, err.msg);
    snprintf(id, LL_ID_LEN, "%s", s.id);
}

static int count_entry(void *ctx, const struct audit_entry *e)
{
    (void)e;
    (*(int *)ctx)++;
    return 0;
}

static int audits_of(struct ll_db *db, const char *id)
{
    struct ll_error err = {0};
    int n = 0;
    assert_int_equal(audit_list(db, id, 1000, count_entry, &n, &err), LL_OK);
    return n;
}

static void make_saves_template(void)
{
    struct ll_error err = {0};
    struct ll_db *db;
    assert_int_equal(db_open(tpl_saves, &who, &db, &err), LL_OK);
    struct township t;
    assert_int_equal(township_ensure(db, "桃花江镇", &t, &err), LL_OK);
    snprintf(township_id, sizeof township_id, "%s", t.id);
    assert_int_equal(township_ensure(db, "修山镇", &t, &err), LL_OK);
    save_station(db, STATION_CENTRAL, "桃花江镇中心联络站", "", central_id);
    save_station(db, STATION_AREA, "竹山村片区联络站", central_id, area_id);
    struct deputy d[sizeof roster / sizeof roster[0]];
    for (size_t i = 0; i < sizeof roster / sizeof roster[0]; i++) {
        char phone[16];
        snprintf(phone, sizeof phone, "139073700%02zu", i);
        save_deputy(db, roster[i], i % 2 ? area_id : central_id, 1u << (LEVEL_COUNTY + i % 2),
                    phone, &d[i]);
    }
    for (int i = 0; i < 3; i++) {
        struct ledger_entry e;
        ledger_init(&e);
        snprintf(e.station_id, sizeof e.station_id, "%s", area_id);
        e.kind = LEDGER_RECEPTION;
        snprintf(e.date, sizeof e.date, "2025-01-%02d", 10 + i);
        snprintf(e.people, sizeof e.people, "%d", 3 + i);
        snprintf(e.place, sizeof e.place, "竹山村村部");
        snprintf(e.summary, sizeof e.summary, "接待群众，反映村道硬化问题（第 %d 次）", i + 1);
        ledger_toggle_deputy(&e, d[1].id, d[1].name);
        ledger_toggle_deputy(&e, d[3].id, d[3].name);
        if (ledger_save(db, &e, &err) != LL_OK)
            fail_msg("ledger_save: %s", err.msg);
        if (i == 1)
            assert_int_equal(ledger_get(db, e.id, &old_e, &err), LL_OK);
    }
    assert_int_equal(deputy_get(db, d[5].id, &old_x, &err), LL_OK);
    old_x_audits = audits_of(db, old_x.id);
    old_e_audits = audits_of(db, old_e.id);
    db_close(db);
}

/* ---- the steps of the workloads ---------------------------------------------------------- */

/* What a step left in the database: its records as before, as after, or neither. */
enum state { BEFORE, AFTER, NEITHER };

struct step {
    const char *what;
    enum ll_status (*run)(struct ll_db *db, struct ll_error *err);
    enum state (*state)(struct ll_db *db);
};

static void new_deputy(struct deputy *d, const char *name, const char *phone)
{
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(d->township_id, sizeof d->township_id, "%s", township_id);
    snprintf(d->station_id, sizeof d->station_id, "%s", area_id);
    snprintf(d->phone, sizeof d->phone, "%s", phone);
    snprintf(d->note, sizeof d->note, "新录入的代表：%s", name);
    d->levels = 1u << LEVEL_COUNTY | 1u << LEVEL_TOWNSHIP;
}

static bool same_deputy(const struct deputy *a, const struct deputy *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->phone, b->phone) == 0 &&
           strcmp(a->note, b->note) == 0 && strcmp(a->station_id, b->station_id) == 0 &&
           strcmp(a->township_id, b->township_id) == 0 && a->levels == b->levels;
}

/* A new deputy's record: absent (with no audit entry), or whole (with one). */
static enum state new_deputy_state(struct ll_db *db, const char *name, const char *phone)
{
    struct ll_error err = {0};
    struct deputy want, got[4];
    struct deputy_filter f;
    int n = 0;
    new_deputy(&want, name, phone);
    deputy_filter_init(&f);
    snprintf(f.search, sizeof f.search, "%s", name);
    assert_int_equal(deputy_list(db, &f, PAGE_FIRST, NULL, 4, got, &n, &err), LL_OK);
    if (n == 0)
        return BEFORE;
    if (n == 1 && same_deputy(&got[0], &want) && audits_of(db, got[0].id) == 1)
        return AFTER;
    return NEITHER;
}

static enum ll_status run_new_a(struct ll_db *db, struct ll_error *err)
{
    struct deputy d;
    new_deputy(&d, "王小红", "13907371111");
    return deputy_save(db, &d, err);
}

static enum state state_new_a(struct ll_db *db)
{
    return new_deputy_state(db, "王小红", "13907371111");
}

/* Run after a fault has been cleared: the handle saves again. */
static enum ll_status run_new_c(struct ll_db *db, struct ll_error *err)
{
    struct deputy d;
    new_deputy(&d, "钱后来", "13907373333");
    return deputy_save(db, &d, err);
}

static enum state state_new_c(struct ll_db *db)
{
    return new_deputy_state(db, "钱后来", "13907373333");
}

static void changed_x(struct deputy *d)
{
    *d = old_x;
    snprintf(d->phone, sizeof d->phone, "13807379999");
    snprintf(d->note, sizeof d->note, "换届后改任乡镇级代表，电话已更新。");
    snprintf(d->station_id, sizeof d->station_id, "%s", central_id);
    d->levels = 1u << LEVEL_TOWNSHIP | 1u << LEVEL_CITY;
}

static enum ll_status run_update_x(struct ll_db *db, struct ll_error *err)
{
    struct deputy d;
    changed_x(&d);
    return deputy_save(db, &d, err);
}

static enum state state_update_x(struct ll_db *db)
{
    struct ll_error err = {0};
    struct deputy want, got;
    changed_x(&want);
    assert_int_equal(deputy_get(db, old_x.id, &got, &err), LL_OK);
    int audits = audits_of(db, old_x.id);
    if (same_deputy(&got, &old_x) && audits == old_x_audits)
        return BEFORE;
    if (same_deputy(&got, &want) && audits == old_x_audits + 1)
        return AFTER;
    return NEITHER;
}

static bool same_entry(const struct ledger_entry *a, const struct ledger_entry *b)
{
    if (a->kind != b->kind || strcmp(a->date, b->date) != 0 || atoi(a->people) != atoi(b->people) ||
        strcmp(a->place, b->place) != 0 || strcmp(a->summary, b->summary) != 0 ||
        strcmp(a->station_id, b->station_id) != 0 || a->ndeputies != b->ndeputies ||
        strcmp(a->deputy_names, b->deputy_names) != 0)
        return false;
    for (int i = 0; i < a->ndeputies; i++) {
        bool found = false;
        for (int j = 0; j < b->ndeputies; j++)
            found = found || strcmp(a->deputy_ids[i], b->deputy_ids[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void new_entry(struct ledger_entry *e)
{
    ledger_init(e);
    snprintf(e->station_id, sizeof e->station_id, "%s", area_id);
    e->kind = LEDGER_VISIT;
    snprintf(e->date, sizeof e->date, "2025-03-02");
    snprintf(e->time, sizeof e->time, "09:30");
    snprintf(e->people, sizeof e->people, "12");
    snprintf(e->place, sizeof e->place, "竹山村五组");
    snprintf(e->summary, sizeof e->summary, "走访五组农户，了解春耕用水和村道维修的意见。");
    ledger_toggle_deputy(e, old_x.id, old_x.name);
}

static enum ll_status run_new_entry(struct ll_db *db, struct ll_error *err)
{
    struct ledger_entry e;
    new_entry(&e);
    return ledger_save(db, &e, err);
}

static enum state state_new_entry(struct ll_db *db)
{
    struct ll_error err = {0};
    struct ledger_entry want, got[4];
    struct ledger_filter f;
    int n = 0;
    new_entry(&want);
    ledger_filter_init(&f);
    snprintf(f.from, sizeof f.from, "2025-03-02");
    snprintf(f.to, sizeof f.to, "2025-03-02");
    assert_int_equal(ledger_list(db, &f, PAGE_FIRST, NULL, 4, got, &n, &err), LL_OK);
    if (n == 0)
        return BEFORE;
    struct ledger_entry full;
    if (n == 1 && ledger_get(db, got[0].id, &full, &err) == LL_OK && same_entry(&full, &want) &&
        audits_of(db, full.id) == 1)
        return AFTER;
    return NEITHER;
}

static void changed_e(struct ledger_entry *e)
{
    *e = old_e;
    snprintf(e->summary, sizeof e->summary, "接待群众，反映村道硬化问题，已交镇政府办理。");
    snprintf(e->people, sizeof e->people, "%d", atoi(old_e.people) % 1000 + 7);
    ledger_toggle_deputy(e, old_x.id, old_x.name);
}

static enum ll_status run_update_e(struct ll_db *db, struct ll_error *err)
{
    struct ledger_entry e;
    changed_e(&e);
    return ledger_save(db, &e, err);
}

static enum state state_update_e(struct ll_db *db)
{
    struct ll_error err = {0};
    struct ledger_entry want, got;
    changed_e(&want);
    assert_int_equal(ledger_get(db, old_e.id, &got, &err), LL_OK);
    int audits = audits_of(db, old_e.id);
    if (same_entry(&got, &old_e) && audits == old_e_audits)
        return BEFORE;
    if (same_entry(&got, &want) && audits == old_e_audits + 1)
        return AFTER;
    return NEITHER;
}

/* The roster imported: 20 deputies of a township not in the database yet, in two new stations. */
#define IMPORTED 20
static char imported_name[IMPORTED][16];

static void write_csv(void)
{
    static const char *const surnames[] = {"周", "吴", "郑", "冯", "陈", "褚"};
    static const char *const given[] = {"建国", "秀兰", "志强", "桂英", "海涛"};
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("姓名,性别,代表层级,乡镇,联络站,联系电话,工作单位及职务\n", fp);
    for (int i = 0; i < IMPORTED; i++) {
        snprintf(imported_name[i], sizeof imported_name[i], "%s%s", surnames[i / 5], given[i % 5]);
        fprintf(fp, "%s,%s,%s,灰山港镇,%s,1390737%04d,灰山港镇第%d村\n", imported_name[i],
                i % 2 ? "女" : "男", i % 3 ? "乡镇级" : "县级、乡镇级",
                i % 2 ? "灰山港镇中心联络站" : "灰山港村片区联络站", 5000 + i, i + 1);
    }
    assert_int_equal(fclose(fp), 0);
}

static enum ll_status run_import(struct ll_db *db, struct ll_error *err)
{
    struct import_result res;
    enum ll_status st = import_deputies(db, csv, &res, err);
    if (st == LL_OK)
        assert_int_equal(res.inserted, IMPORTED);
    return st;
}

static enum state state_import(struct ll_db *db)
{
    struct ll_error err = {0};
    struct township t;
    int present = 0;
    for (int i = 0; i < IMPORTED; i++) {
        struct deputy_filter f;
        struct deputy got[2];
        int n = 0;
        deputy_filter_init(&f);
        snprintf(f.search, sizeof f.search, "%.*s", (int)sizeof f.search - 1, imported_name[i]);
        assert_int_equal(deputy_list(db, &f, PAGE_FIRST, NULL, 2, got, &n, &err), LL_OK);
        char phone[16];
        snprintf(phone, sizeof phone, "1390737%04d", 5000 + i);
        if (n == 1 && strcmp(got[0].phone, phone) == 0 && got[0].station_id[0] &&
            strcmp(got[0].township_name, "灰山港镇") == 0 && audits_of(db, got[0].id) == 1)
            present++;
        else if (n != 0)
            return NEITHER;
    }
    bool township = township_find(db, "灰山港镇", &t, &err) == LL_OK;
    int stations = 0;
    if (township) {
        struct station_filter sf;
        station_filter_init(&sf);
        snprintf(sf.township_id, sizeof sf.township_id, "%s", t.id);
        assert_int_equal(station_count(db, &sf, &stations, &err), LL_OK);
    }
    if (present == 0 && !township)
        return BEFORE;
    if (present == IMPORTED && township && stations == 2)
        return AFTER;
    return NEITHER;
}

static const struct step save_steps[] = {
    {"新代表", run_new_a, state_new_a},
    {"修改代表", run_update_x, state_update_x},
    {"新台账", run_new_entry, state_new_entry},
    {"修改台账", run_update_e, state_update_e},
};
static const struct step import_steps[] = {
    {"新代表", run_new_a, state_new_a},
    {"导入名册", run_import, state_import},
};
static const struct step again = {"故障清除后再保存", run_new_c, state_new_c};

/* The same after a migration, in the township and station of the version-1 database. */
static enum ll_status run_new_c_v1(struct ll_db *db, struct ll_error *err)
{
    struct deputy d;
    new_deputy(&d, "钱后来", "13907373333");
    snprintf(d.township_id, sizeof d.township_id, "22222222-2222-4222-8222-000000000001");
    snprintf(d.station_id, sizeof d.station_id, "33333333-3333-4333-8333-000000000002");
    return deputy_save(db, &d, err);
}

struct workload {
    const char *name;
    const char *tpl;
    const struct step *steps;
    int nsteps;
};

#define MAX_STEPS 8

/* ---- checks after the cut ----------------------------------------------------------------- */

struct tally {
    long trials, corrupt, lost;
};

/* PRAGMA integrity_check through the real VFS, before lianluo writes anything. */
static bool integrity_ok(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, "unix") == SQLITE_OK &&
              sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0 &&
              sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return ok;
}

/* `lianluo check` passes, and found no search index to rebuild (that would be a transaction
 * half there). */
static bool check_ok(struct ll_db *db)
{
    struct ll_error err = {0};
    char report[4096];
    enum ll_status st = db_check(db, report, sizeof report, &err);
    if (st != LL_OK || strstr(report, "重建"))
        print_message("# db_check: %s\n%s", err.msg, report);
    return st == LL_OK && !strstr(report, "重建");
}

/* Opens the trial database with the real VFS and checks it; status[i] is what step i returned
 * (ran steps ran: the workload's, and then `again` when ran is one more). Counts the trial. */
static void verify_reopened(const struct workload *w, const enum ll_status *status, int ran,
                            struct tally *t, const char *label)
{
    struct ll_error err = {0};
    struct ll_db *db = NULL;
    bool corrupt = false, lost = false;
    t->trials++;
    if (!integrity_ok(trial)) {
        print_message("# %s: integrity_check failed\n", label);
        t->corrupt++;
        return;
    }
    if (db_open_existing(trial, &who, &db, &err) != LL_OK) {
        print_message("# %s: reopen failed: %s\n", label, err.msg);
        t->corrupt++;
        return;
    }
    corrupt = !check_ok(db);
    int deputies = -1;
    assert_int_equal(deputy_count(db, NULL, &deputies, &err), LL_OK);
    for (int i = 0; i < ran; i++) {
        const struct step *step = i < w->nsteps ? &w->steps[i] : &again;
        enum state s = step->state(db);
        if (s == NEITHER) {
            print_message("# %s: step %s half done\n", label, step->what);
            corrupt = true;
        }
        if (status[i] == LL_OK && s != AFTER) {
            print_message("# %s: step %s confirmed but lost\n", label, step->what);
            lost = true;
        }
    }
    /* the confirmed records of the starting database are all there */
    if (deputies < (int)(sizeof roster / sizeof roster[0])) {
        print_message("# %s: %d deputies left\n", label, deputies);
        lost = true;
    }
    db_close(db);
    t->corrupt += corrupt;
    t->lost += lost;
}

/* Runs the steps on db, status into status[]; returns how many ran. */
static int run_steps(const struct workload *w, struct ll_db *db, enum ll_status *status,
                     struct ll_error *errs, int *first_error)
{
    for (int i = 0; i < w->nsteps; i++) {
        long before = fault_vfs_errors();
        memset(&errs[i], 0, sizeof errs[i]);
        status[i] = w->steps[i].run(db, &errs[i]);
        first_error[i] = fault_vfs_errors() > before ? fault_vfs_first_error_since(before) : 0;
    }
    return w->nsteps;
}

/* The fault-free run: every step saves; the number of I/O operations it takes. */
static long count_ops(const struct workload *w)
{
    struct ll_error err = {0}, errs[MAX_STEPS];
    struct ll_db *db;
    enum ll_status status[MAX_STEPS];
    int first[MAX_STEPS];
    fresh_copy(w->tpl);
    fault_vfs_reset();
    fault_vfs_use_fault();
    assert_int_equal(db_open(trial, &who, &db, &err), LL_OK);
    for (int i = 0; i < w->nsteps; i++)
        assert_int_equal(w->steps[i].state(db), BEFORE);
    fault_vfs_start();
    run_steps(w, db, status, errs, first);
    long n = fault_vfs_ops();
    for (int i = 0; i < w->nsteps; i++)
        if (status[i] != LL_OK)
            fail_msg("%s: step %s: %s", w->name, w->steps[i].what, errs[i].msg);
    db_close(db);
    fault_vfs_reset();
    fault_vfs_use_real();
    struct tally t = {0};
    verify_reopened(w, status, w->nsteps, &t, "fault-free run");
    assert_int_equal(t.corrupt + t.lost, 0);
    assert_true(n > 0);
    return n;
}

static void powercut_workload(const struct workload *w)
{
    long n = count_ops(w);
    struct tally t = {0};
    long not_cut = 0;
    for (long k = 1; k <= n; k += stride) {
        for (int keep = FAULT_KEEP_SYNCED; keep <= FAULT_KEEP_SOME; keep++) {
            struct ll_error err = {0}, errs[MAX_STEPS];
            struct ll_db *db;
            enum ll_status status[MAX_STEPS];
            int first[MAX_STEPS];
            char label[96];
            snprintf(label, sizeof label, "%s, cut at op %ld of %ld%s", w->name, k, n,
                     keep == FAULT_KEEP_SOME ? " (some unsynced writes kept)" : "");
            fresh_copy(w->tpl);
            fault_vfs_reset();
            fault_vfs_use_fault();
            assert_int_equal(db_open(trial, &who, &db, &err), LL_OK);
            fault_vfs_start();
            fault_vfs_cut_at(k);
            int ran = run_steps(w, db, status, errs, first);
            db_close(db);
            if (!fault_vfs_was_cut())
                not_cut++; /* page splits differ with the random ids: fewer ops this time */
            assert_int_equal(fault_vfs_power_cut((enum fault_keep)keep, (unsigned)k), 0);
            fault_vfs_reset();
            fault_vfs_use_real();
            verify_reopened(w, status, ran, &t, label);
        }
    }
    print_message("# powercut %s: %ld ops, %ld trials, %ld corrupt, %ld lost\n", w->name, n,
                  t.trials, t.corrupt, t.lost);
    assert_true(t.trials >= 2 * (n / stride));
    assert_true(not_cut * 10 < t.trials);
    assert_int_equal(t.corrupt, 0);
    assert_int_equal(t.lost, 0);
}

/* The message sql_fail gives for what SQLite said. */
static const char *message_for(int code)
{
    return (code & 0xff) == SQLITE_FULL ? "磁盘已满" : "读写数据库文件出错";
}

struct fault_tally {
    long trials, failed_steps, full_messages, wrong, lost, corrupt;
};

static void fault_trial(const struct workload *w, long k, enum fault_error what, bool persist,
                        struct fault_tally *ft)
{
    struct ll_error err = {0}, errs[MAX_STEPS];
    struct ll_db *db;
    enum ll_status status[MAX_STEPS + 1];
    int first[MAX_STEPS];
    char label[128];
    snprintf(label, sizeof label, "%s, %s at op %ld%s", w->name,
             what == FAULT_ENOSPC ? "disk full" : "I/O error", k, persist ? " and after" : "");
    fresh_copy(w->tpl);
    fault_vfs_reset();
    fault_vfs_use_fault();
    assert_int_equal(db_open(trial, &who, &db, &err), LL_OK);
    fault_vfs_start();
    fault_vfs_error_at(k, what, persist);
    run_steps(w, db, status, errs, first);
    ft->trials++;
    bool wrong = false;
    for (int i = 0; i < w->nsteps; i++) {
        enum state s = w->steps[i].state(db);
        if (status[i] == LL_OK) {
            /* told "saved": it must be, whole */
            if (s != AFTER) {
                print_message("# %s: step %s said saved, but is not\n", label, w->steps[i].what);
                wrong = true;
            }
            continue;
        }
        ft->failed_steps++;
        /* a step fails only because of a fault, with that fault's message, and changes nothing
         * (the message names the first error the VFS returned in the step: SQLite reports the
         * one that stopped the statement) */
        if (!first[i] || !strstr(errs[i].msg, message_for(first[i])) || s != BEFORE) {
            print_message("# %s: step %s failed with \"%s\" (fault %d), records %s\n", label,
                          w->steps[i].what, errs[i].msg, first[i],
                          s == BEFORE  ? "as before"
                          : s == AFTER ? "saved"
                                       : "half saved");
            wrong = true;
        }
        if ((first[i] & 0xff) == SQLITE_FULL && strstr(errs[i].msg, "磁盘已满"))
            ft->full_messages++;
    }
    /* the fault cleared, the program goes on with the same handle */
    fault_vfs_clear();
    if (db->tx_depth != 0 || !sqlite3_get_autocommit(db->h)) {
        print_message("# %s: handle left inside a transaction\n", label);
        wrong = true;
    }
    memset(&err, 0, sizeof err);
    status[w->nsteps] = again.run(db, &err);
    if (status[w->nsteps] != LL_OK || again.state(db) != AFTER) {
        print_message("# %s: saving again failed: %s\n", label, err.msg);
        wrong = true;
    }
    db_close(db);
    fault_vfs_reset();
    fault_vfs_use_real();
    /* and after closing and opening again, nothing confirmed is missing */
    struct tally t = {0};
    verify_reopened(w, status, w->nsteps + 1, &t, label);
    ft->wrong += wrong;
    ft->lost += t.lost;
    ft->corrupt += t.corrupt;
}

static void fault_workload(const struct workload *w)
{
    long n = count_ops(w);
    for (int what = FAULT_ENOSPC; what <= FAULT_EIO; what++) {
        struct fault_tally ft = {0};
        /* a full disk stays full until someone clears it; a failing write or fsync fails once */
        for (long k = 1; k <= n; k += stride)
            fault_trial(w, k, (enum fault_error)what, what == FAULT_ENOSPC, &ft);
        print_message("# %s %s: %ld ops, %ld trials, %ld failed saves, %ld wrong, %ld corrupt, "
                      "%ld lost\n",
                      what == FAULT_ENOSPC ? "disk full" : "I/O error", w->name, n, ft.trials,
                      ft.failed_steps, ft.wrong, ft.corrupt, ft.lost);
        assert_true(ft.failed_steps > 0);
        if (what == FAULT_ENOSPC)
            assert_true(ft.full_messages > 0);
        assert_int_equal(ft.wrong, 0);
        assert_int_equal(ft.corrupt, 0);
        assert_int_equal(ft.lost, 0);
    }
}

static const struct workload save_workload = {"save", tpl_saves, save_steps,
                                              sizeof save_steps / sizeof save_steps[0]};
static const struct workload import_workload = {"import", tpl_saves, import_steps,
                                                sizeof import_steps / sizeof import_steps[0]};

static void powercut_save(void **state)
{
    (void)state;
    powercut_workload(&save_workload);
}

static void powercut_import(void **state)
{
    (void)state;
    powercut_workload(&import_workload);
}

static void faults_save(void **state)
{
    (void)state;
    fault_workload(&save_workload);
}

static void faults_import(void **state)
{
    (void)state;
    fault_workload(&import_workload);
}

/* ---- the migration ------------------------------------------------------------------------- */

#define V1_DEPUTIES 20
static char *schema_at[16]; /* the schema (sqlite_schema, as text) after migrations 1..v */
static int schema_version;

static void sql_stub_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[0]);
}

static char *schema_text(sqlite3 *h)
{
    sqlite3_stmt *st;
    size_t len = 0;
    char *text = calloc(1, 1);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || "
                                        "coalesce(sql, '') FROM sqlite_schema ORDER BY type, name",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        text = realloc(text, len + strlen(row) + 2);
        assert_non_null(text);
        memcpy(text + len, row, strlen(row));
        len += strlen(row);
        text[len++] = '\n';
        text[len] = '\0';
    }
    sqlite3_finalize(st);
    return text;
}

/* The schema after each migration, from the migrations themselves, in memory. */
static void make_schema_references(void)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    sqlite3_create_function(h, "pinyin_name_key", 1, SQLITE_UTF8, NULL, sql_stub_key, NULL, NULL);
    schema_version = db_schema_version();
    assert_true(schema_version >= 2 && schema_version < 16);
    int v = 0;
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        v = atoi(f->name);
        assert_int_equal(sqlite3_exec(h, f->data, NULL, NULL, NULL), SQLITE_OK);
        schema_at[v] = schema_text(h);
    }
    assert_int_equal(v, schema_version);
    sqlite3_close(h);
}

/* A database as lianluo wrote it at schema version 1: migration 001, its ids, a county's
 * townships, stations (an area station not yet under its central one, which 002 sets) and
 * deputies (some without a township, which 002 fills in from their station). */
static void make_v1_template(const char *path, bool wal)
{
    sqlite3 *h;
    remove_db(path);
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix"),
                     SQLITE_OK);
    const struct embedded_file *first = &embedded_migrations[0];
    assert_int_equal(atoi(first->name), 1);
    char sql[8192];
    snprintf(sql, sizeof sql, "PRAGMA journal_mode=%s; BEGIN;", wal ? "WAL" : "DELETE");
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, first->data, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "PRAGMA application_id=%d; PRAGMA user_version=1;"
             "INSERT INTO local_site VALUES ('11111111-1111-4111-8111-111111111111', "
             "'2024-05-01T08:00:00.000Z');"
             "INSERT INTO site VALUES ('11111111-1111-4111-8111-111111111111', '%s', 'county', "
             "'', '2024-05-01T08:00:00.000Z', '2024-05-01T08:00:00.000Z');"
             "INSERT INTO township VALUES ('22222222-2222-4222-8222-000000000001', "
             "'11111111-1111-4111-8111-111111111111', '桃花江镇', 1, '2024-05-01', '2024-05-01'),"
             "('22222222-2222-4222-8222-000000000002', '11111111-1111-4111-8111-111111111111', "
             "'修山镇', 2, '2024-05-01', '2024-05-01');"
             "INSERT INTO station(id, site_id, kind, name, township_id, created_at, updated_at) "
             "VALUES ('33333333-3333-4333-8333-000000000001', "
             "'11111111-1111-4111-8111-111111111111', 'central', '桃花江镇中心联络站', "
             "'22222222-2222-4222-8222-000000000001', '2024-05-01', '2024-05-01'),"
             "('33333333-3333-4333-8333-000000000002', '11111111-1111-4111-8111-111111111111', "
             "'area', '竹山村片区联络站', '22222222-2222-4222-8222-000000000001', '2024-05-02', "
             "'2024-05-02');",
             LL_APPLICATION_ID, who.site_name);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    for (int i = 0; i < V1_DEPUTIES; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO deputy(id, site_id, name, phone, township_id, station_id, note, "
                 "created_at, updated_at) VALUES ('44444444-4444-4444-8444-%012d', "
                 "'11111111-1111-4111-8111-111111111111', '%s%d', '139073760%02d', %s, "
                 "'33333333-3333-4333-8333-00000000000%d', '%s', '2024-05-03', '2024-05-03');"
                 "INSERT INTO deputy_level VALUES ('55555555-5555-4555-8555-%012d', "
                 "'11111111-1111-4111-8111-111111111111', '44444444-4444-4444-8444-%012d', "
                 "'county', '2024-05-03', '2024-05-03');",
                 i, roster[i % 12], i, i, i % 4 ? "'22222222-2222-4222-8222-000000000001'" : "NULL",
                 1 + i % 2, "第十八届县人大代表，联系竹山村。", i, i);
        assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(h), SQLITE_OK);
}

/* What a cut migration left: its version, and whether its schema is exactly that version's and
 * its rows all there. */
static bool migration_consistent(const char *path, int *version, const char *label, int extra)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    bool ok = true;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
    *version = -1;
    if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (*version < 1 || *version > schema_version) {
        print_message("# %s: version %d\n", label, *version);
        sqlite3_close(h);
        return false;
    }
    char *schema = schema_text(h);
    if (strcmp(schema, schema_at[*version]) != 0) {
        print_message("# %s: the schema is not that of version %d\n", label, *version);
        ok = false;
    }
    free(schema);
    int rows = -1;
    if (sqlite3_prepare_v2(h,
                           "SELECT (SELECT count(*) FROM deputy) + (SELECT count(*) FROM "
                           "deputy_level) + (SELECT count(*) FROM station) + (SELECT count(*) "
                           "FROM township)",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        rows = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    /* the extra deputy, saved after the migration, holds two levels */
    if (rows != 2 * V1_DEPUTIES + 2 + 2 + 3 * extra) {
        print_message("# %s: %d rows\n", label, rows);
        ok = false;
    }
    sqlite3_close(h);
    return ok;
}

/* After a complete migration: what 002 did to the rows is there (every sort name, the area
 * station under its central one, every deputy in a township). */
static bool migrated_rows_ok(const char *path, int extra)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    int bad = 0, n = 0;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, "unix"), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(h, "SELECT name, sort_name, township_id FROM deputy", -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char key[512];
        pinyin_name_sort_key((const char *)sqlite3_column_text(st, 0), key, sizeof key);
        bad += strcmp(key, (const char *)sqlite3_column_text(st, 1)) != 0 ||
               sqlite3_column_type(st, 2) == SQLITE_NULL;
        n++;
    }
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT count(*) FROM station WHERE kind = 'area' AND "
                                        "parent_id = '33333333-3333-4333-8333-000000000001'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    bad += sqlite3_column_int(st, 0) != 1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return bad == 0 && n == V1_DEPUTIES + extra;
}

static long count_migration_ops(const char *tpl)
{
    struct ll_error err = {0};
    struct ll_db *db;
    fresh_copy(tpl);
    fault_vfs_reset();
    fault_vfs_use_fault();
    fault_vfs_start();
    assert_int_equal(db_open(trial, &who, &db, &err), LL_OK);
    long n = fault_vfs_ops();
    db_close(db);
    fault_vfs_reset();
    fault_vfs_use_real();
    int version;
    assert_true(migration_consistent(trial, &version, "fault-free migration", 0));
    assert_int_equal(version, schema_version);
    assert_true(migrated_rows_ok(trial, 0));
    assert_true(n > 0);
    return n;
}

/* After a cut migration and the reboot: consistent at some version; then lianluo opens it with
 * the real VFS, finishes the migration, and `check` passes. */
static void verify_migration(enum ll_status opened, int extra, struct tally *t, const char *label)
{
    struct ll_error err = {0};
    struct ll_db *db;
    int version;
    t->trials++;
    if (!integrity_ok(trial) || !migration_consistent(trial, &version, label, extra)) {
        print_message("# %s: inconsistent\n", label);
        t->corrupt++;
        return;
    }
    if (opened == LL_OK && version != schema_version) {
        print_message("# %s: db_open said migrated, but the file is at version %d\n", label,
                      version);
        t->lost++;
    }
    if (db_open(trial, &who, &db, &err) != LL_OK) {
        print_message("# %s: opening again failed: %s\n", label, err.msg);
        t->corrupt++;
        return;
    }
    bool ok = check_ok(db);
    db_close(db);
    if (!ok || !migrated_rows_ok(trial, extra)) {
        print_message("# %s: after finishing the migration, check failed\n", label);
        t->corrupt++;
    }
}

static void powercut_migration(const char *name, const char *tpl)
{
    long n = count_migration_ops(tpl);
    struct tally t = {0};
    for (long k = 1; k <= n; k += stride) {
        for (int keep = FAULT_KEEP_SYNCED; keep <= FAULT_KEEP_SOME; keep++) {
            struct ll_error err = {0};
            struct ll_db *db = NULL;
            char label[96];
            snprintf(label, sizeof label, "%s, cut at op %ld of %ld%s", name, k, n,
                     keep == FAULT_KEEP_SOME ? " (some unsynced writes kept)" : "");
            fresh_copy(tpl);
            fault_vfs_reset();
            fault_vfs_use_fault();
            fault_vfs_start();
            fault_vfs_cut_at(k);
            enum ll_status opened = db_open(trial, &who, &db, &err);
            db_close(db);
            assert_true(fault_vfs_was_cut());
            assert_int_equal(fault_vfs_power_cut((enum fault_keep)keep, (unsigned)k), 0);
            fault_vfs_reset();
            fault_vfs_use_real();
            verify_migration(opened, 0, &t, label);
        }
    }
    print_message("# powercut %s: %ld ops, %ld trials, %ld corrupt, %ld lost\n", name, n, t.trials,
                  t.corrupt, t.lost);
    assert_int_equal(t.corrupt, 0);
    assert_int_equal(t.lost, 0);
}

static void faults_migration(const char *name, const char *tpl)
{
    long n = count_migration_ops(tpl);
    for (int what = FAULT_ENOSPC; what <= FAULT_EIO; what++) {
        struct fault_tally ft = {0};
        bool persist = what == FAULT_ENOSPC;
        {
            for (long k = 1; k <= n; k += stride) {
                struct ll_error err = {0};
                struct ll_db *db = NULL;
                char label[128];
                snprintf(label, sizeof label, "%s, %s at op %ld%s", name,
                         what == FAULT_ENOSPC ? "disk full" : "I/O error", k,
                         persist ? " and after" : "");
                fresh_copy(tpl);
                fault_vfs_reset();
                fault_vfs_use_fault();
                fault_vfs_start();
                fault_vfs_error_at(k, (enum fault_error)what, persist);
                enum ll_status opened = db_open(trial, &who, &db, &err);
                int first = fault_vfs_errors() ? fault_vfs_first_error_since(0) : 0;
                ft.trials++;
                bool wrong = false;
                if (opened != LL_OK) {
                    ft.failed_steps++;
                    if (!first || !strstr(err.msg, message_for(first))) {
                        print_message("# %s: failed with \"%s\" (fault %d)\n", label, err.msg,
                                      first);
                        wrong = true;
                    }
                    if ((first & 0xff) == SQLITE_FULL && strstr(err.msg, "磁盘已满"))
                        ft.full_messages++;
                    /* the fault cleared, lianluo opens it */
                    fault_vfs_clear();
                    memset(&err, 0, sizeof err);
                    if (db_open(trial, &who, &db, &err) != LL_OK) {
                        print_message("# %s: opening again failed: %s\n", label, err.msg);
                        wrong = true;
                    }
                }
                if (db) {
                    fault_vfs_clear();
                    if (run_new_c_v1(db, &err) != LL_OK) {
                        print_message("# %s: saving failed: %s\n", label, err.msg);
                        wrong = true;
                    }
                    db_close(db);
                }
                fault_vfs_reset();
                fault_vfs_use_real();
                struct tally t = {0};
                verify_migration(LL_OK, 1, &t, label);
                ft.wrong += wrong;
                ft.corrupt += t.corrupt;
                ft.lost += t.lost;
            }
        }
        print_message("# %s %s: %ld ops, %ld trials, %ld failed opens, %ld wrong, %ld corrupt, "
                      "%ld lost\n",
                      what == FAULT_ENOSPC ? "disk full" : "I/O error", name, n, ft.trials,
                      ft.failed_steps, ft.wrong, ft.corrupt, ft.lost);
        assert_true(ft.failed_steps > 0);
        if (what == FAULT_ENOSPC)
            assert_true(ft.full_messages > 0);
        assert_int_equal(ft.wrong, 0);
        assert_int_equal(ft.corrupt, 0);
        assert_int_equal(ft.lost, 0);
    }
}

static void powercut_migrate_wal(void **state)
{
    (void)state;
    powercut_migration("migrate", tpl_v1_wal);
}

static void powercut_migrate_rollback(void **state)
{
    (void)state;
    powercut_migration("migrate (rollback journal)", tpl_v1_rollback);
}

static void faults_migrate(void **state)
{
    (void)state;
    faults_migration("migrate", tpl_v1_wal);
}

/* ---- set-up ------------------------------------------------------------------------------ */

static int group_setup(void **state)
{
    (void)state;
    /* in memory when it can (tmpfs: the real VFS's fsyncs while checking cost nothing) */
    snprintf(dir, sizeof dir, "/dev/shm/lianluo-powercut-XXXXXX");
    if (!mkdtemp(dir)) {
        snprintf(dir, sizeof dir, "/tmp/lianluo-powercut-XXXXXX");
        if (!mkdtemp(dir))
            return -1;
    }
    snprintf(trial, sizeof trial, "%s/trial.db", dir);
    snprintf(csv, sizeof csv, "%s/roster.csv", dir);
    snprintf(tpl_saves, sizeof tpl_saves, "%s/saves.db", dir);
    snprintf(tpl_v1_wal, sizeof tpl_v1_wal, "%s/v1-wal.db", dir);
    snprintf(tpl_v1_rollback, sizeof tpl_v1_rollback, "%s/v1-rollback.db", dir);
    const char *env = getenv("LIANLUO_POWERCUT_STRIDE");
    if (env && atol(env) > 0)
        stride = atol(env);
    if (fault_vfs_install() != SQLITE_OK)
        return -1;
    fault_vfs_use_real();
    make_saves_template();
    write_csv();
    make_schema_references();
    make_v1_template(tpl_v1_wal, true);
    make_v1_template(tpl_v1_rollback, false);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    for (int v = 0; v < 16; v++)
        free(schema_at[v]);
    fault_vfs_reset();
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(powercut_save),        cmocka_unit_test(powercut_import),
        cmocka_unit_test(powercut_migrate_wal), cmocka_unit_test(powercut_migrate_rollback),
        cmocka_unit_test(faults_save),          cmocka_unit_test(faults_import),
        cmocka_unit_test(faults_migrate),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
