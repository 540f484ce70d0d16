/* Unit tests of the model: database file, stations, deputies, validation, paging, import. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/embedded.h"
#include "lianluo/datetime.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/station.h"
#include "lianluo/township.h"
#include "lianluo/validate.h"
#include "model/sql.h"

struct fixture {
    char dir[64];
    char path[128];
    struct ll_db *db;
    struct township town;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-test-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/sub/test.db", f->dir);
    struct db_identity who = {"测试乡人大", SITE_TOWNSHIP, "桃花江镇", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "桃花江镇", &f->town, &err), LL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];
    db_close(f->db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void make_station(struct fixture *f, const char *name, enum station_kind kind,
                         struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    snprintf(s->township_id, sizeof s->township_id, "%s", f->town.id);
    assert_int_equal(station_save(f->db, s, &err), LL_OK);
    assert_int_equal(strlen(s->id), 36);
}

static void make_deputy(struct fixture *f, const char *name, unsigned levels,
                        const char *station_id, struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->levels = levels;
    snprintf(d->township_id, sizeof d->township_id, "%s", f->town.id);
    snprintf(d->station_id, sizeof d->station_id, "%s", station_id ? station_id : "");
    assert_int_equal(deputy_save(f->db, d, &err), LL_OK);
}

/* count(*) of table's rows that match where (read through a second connection). */
static int count_rows(struct fixture *f, const char *table, const char *where)
{
    char sql[256];
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s", table, where);
    assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void test_idcard(void **state)
{
    (void)state;
    assert_true(idcard_valid("11010519491231002X"));
    assert_true(idcard_valid("11010519491231002x"));
    assert_false(idcard_valid("110105194912310021")); /* wrong check digit */
    assert_false(idcard_valid("11010519491331002X")); /* month 13 */
    assert_false(idcard_valid("1101051949123100"));   /* too short */
    assert_true(idcard_valid("430922198001010010"));
    assert_false(idcard_valid("430922198001010013"));
    assert_true(idcard_matches_birth("11010519491231002X", "1949-12"));
    assert_false(idcard_matches_birth("11010519491231002X", "1949-11"));
    assert_false(idcard_matches_birth("11010519491231002X", "1950-12"));
    assert_true(idcard_matches_birth("", "1949-11")); /* nothing to compare */
    assert_true(idcard_matches_birth("11010519491231002X", ""));
}

static void test_phone_normalize(void **state)
{
    (void)state;
    char p[64];
    snprintf(p, sizeof p, " 138 0737\t1234 ");
    phone_normalize(p);
    assert_string_equal(p, "13807371234");
    snprintf(p, sizeof p, "０７３７－１２３４５６７"); /* full width, as a Chinese IME types it */
    phone_normalize(p);
    assert_string_equal(p, "0737-1234567");
    assert_true(phone_valid(p));
    snprintf(p, sizeof p, "0737-1234567转８０１");
    phone_normalize(p);
    assert_string_equal(p, "0737-1234567转801");
    assert_true(phone_valid(p));
    snprintf(p, sizeof p, "电话：无");
    phone_normalize(p);
    assert_string_equal(p, "电话：无"); /* not a number: left for phone_valid to refuse */
    assert_false(phone_valid(p));
}

static void test_phone(void **state)
{
    (void)state;
    assert_true(phone_valid("13807371234"));
    assert_true(phone_valid("0737-8221234"));
    assert_true(phone_valid("07378221234"));
    assert_true(phone_valid("0737-8221234-801"));
    assert_false(phone_valid("12807371234")); /* no 12x mobiles */
    assert_false(phone_valid("1380737123"));  /* 10 digits */
    assert_false(phone_valid("abc"));
    assert_false(phone_valid("8221234")); /* no area code */
}

static void test_newer_database_refused(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[160];
    snprintf(path, sizeof path, "%s/newer.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql,
             "PRAGMA application_id=%d; PRAGMA user_version=%d; CREATE TABLE x(a);", 0x4C4C4442,
             db_schema_version() + 1);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    FILE *fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    long before = ftell(fp);
    fclose(fp);

    struct ll_db *db = NULL;
    assert_int_equal(db_open(path, NULL, &db, &err), LL_ENEWER);
    assert_null(db);
    assert_non_null(strstr(err.msg, "更新版本"));
    int version = 0;
    assert_int_equal(db_peek_version(path, &version, &err), LL_OK);
    assert_int_equal(version, db_schema_version() + 1); /* untouched */
    fp = fopen(path, "rb");
    fseek(fp, 0, SEEK_END);
    assert_int_equal(ftell(fp), before);
    fclose(fp);
}

static void test_foreign_file_refused(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[160];
    snprintf(path, sizeof path, "%s/other.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE other(a)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    struct ll_db *db = NULL;
    assert_int_equal(db_open(path, NULL, &db, &err), LL_EINVAL);
    assert_non_null(strstr(err.msg, "不是 lianluo"));
}

static void test_reopen_keeps_site_and_data(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station s;
    char site[LL_ID_LEN];
    make_station(f, "桃花江镇人大代表中心联络站", STATION_CENTRAL, &s);
    snprintf(site, sizeof site, "%s", db_site_id(f->db));
    db_close(f->db);
    struct db_identity who = {"测试乡人大", SITE_TOWNSHIP, "桃花江镇", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    assert_string_equal(db_site_id(f->db), site);
    struct station back;
    assert_int_equal(station_get(f->db, s.id, &back, &err), LL_OK);
    assert_string_equal(back.name, "桃花江镇人大代表中心联络站");
    assert_string_equal(back.site_id, site);
    char report[1024];
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_non_null(strstr(report, "完整性检查：正常"));
}

/* Names listed in pinyin order: 李 (li) before 刘 (liu) before 罗 (luo) before 曾 (zeng, as a
 * surname), though by character code 刘 comes first and 曾 before 罗. */
static void expect_order(struct ll_db *db, const char *const *want, int n)
{
    struct ll_error err = {0};
    struct deputy rows[8] = {0};
    int count = 0;
    assert_int_equal(deputy_list(db, NULL, PAGE_FIRST, "", 8, rows, &count, &err), LL_OK);
    assert_int_equal(count, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(rows[i].name, want[i]);
}

static void test_deputies_in_pinyin_order(void **state)
{
    struct fixture *f = *state;
    struct deputy d;
    const char *const names[] = {"刘洋", "曾秀英", "罗军", "李明"};
    for (int i = 0; i < 4; i++)
        make_deputy(f, names[i], 1u << LEVEL_TOWNSHIP, NULL, &d);
    const char *const want[] = {"李明", "刘洋", "罗军", "曾秀英"};
    expect_order(f->db, want, 4);
}

/* A database of format 1 is brought up to date when it is opened: sort names, the network's
 * shape, deputies' townships from their stations; what cannot be mended is what `check` says. */
static void test_migration_from_format_1(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[160], sql[2048], report[4096];
    snprintf(path, sizeof path, "%s/v1.db", f->dir);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_string_equal(embedded_migrations[0].name, "001_init.sql");
    assert_int_equal(sqlite3_exec(h, embedded_migrations[0].data, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "PRAGMA application_id=%d; PRAGMA user_version=1;"
             "INSERT INTO township VALUES ('t', 's', '桃花江镇', 1, 'x', 'x');"
             /* an area station made before its central one: no parent; a group with one */
             "INSERT INTO station(id, site_id, kind, name, township_id, parent_id, created_at, "
             "updated_at) VALUES ('a', 's', 'area', '竹山村站', 't', NULL, 'x', 'x'), "
             "('c', 's', 'central', '中心站', 't', NULL, 'x', 'x'), "
             "('c2', 's', 'central', '又一个中心站', 't', NULL, 'y', 'y'), "
             "('g', 's', 'group', '小组站', 't', 'c', 'x', 'x');"
             "INSERT INTO deputy(id, site_id, name, township_id, station_id, birth, id_card, "
             "created_at, updated_at) VALUES ('d1', 's', '刘洋', NULL, 'a', '', '', 'x', 'x'), "
             "('d2', 's', '李明', 't', NULL, '1950-01', '11010519491231002X', 'x', 'x'), "
             "('d3', 's', '罗军', NULL, NULL, '', '', 'x', 'x');"
             "INSERT INTO deputy_level VALUES ('l1', 's', 'd1', 'county', 'x', 'x'), "
             "('l2', 's', 'd2', 'county', 'x', 'x'), ('l3', 's', 'd3', 'county', 'x', 'x');",
             0x4C4C4442);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);

    struct ll_db *db = NULL;
    assert_int_equal(db_open(path, NULL, &db, &err), LL_OK);
    int version = 0;
    assert_int_equal(db_peek_version(path, &version, &err), LL_OK);
    assert_int_equal(version, db_schema_version());
    struct station st;
    assert_int_equal(station_get(db, "a", &st, &err), LL_OK);
    assert_string_equal(st.parent_id, "c");
    assert_int_equal(station_get(db, "g", &st, &err), LL_OK);
    assert_string_equal(st.parent_id, "");
    struct deputy d;
    assert_int_equal(deputy_get(db, "d1", &d, &err), LL_OK);
    assert_string_equal(d.township_id, "t");
    /* 罗 sorts last though his township is unknown: his row comes after the township's */
    const char *const want[] = {"李明", "刘洋", "罗军"};
    expect_order(db, want, 3);
    /* 罗军 has no township, 李明's birth month is not his ID card's: check says so */
    assert_int_equal(db_check(db, report, sizeof report, &err), LL_EDB);
    assert_non_null(strstr(report, "联络站层级：正常"));
    assert_non_null(strstr(report, "1 个乡镇有不止一个中心联络站"));
    assert_non_null(strstr(report, "1 名代表没有填写乡镇"));
    assert_non_null(strstr(report, "1 名代表的出生年月与身份证号不一致"));
    /* and names them, so they can be found among hundreds */
    assert_non_null(strstr(report, "请在代表名册中补上）：罗军"));
    assert_non_null(strstr(report, "：李明（桃花江镇）"));
    assert_non_null(strstr(report, "不止一个中心联络站（每个乡镇只设一个）：桃花江镇"));
    db_close(db);
}

/* The longest names make the longest sort keys: every one is listed once, page by page. */
static void test_long_names_page_once(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    const char *const last[] = {"甲", "贾", "假", "价", "嫁"}; /* all read jia */
    for (int i = 0; i < 5; i++) {
        char name[256] = "";
        for (int c = 0; c < 39; c++)
            strcat(name, "庄");
        strcat(name, last[i]);
        struct station s;
        make_station(f, name, STATION_AREA, &s);
    }
    struct station page[2];
    char anchor[LL_KEY_LEN] = "", seen[5][LL_ID_LEN];
    int total = 0, n = 0;
    do {
        assert_int_equal(station_list(f->db, NULL, total ? PAGE_AFTER : PAGE_FIRST,
                                      total ? anchor : NULL, 2, page, &n, &err),
                         LL_OK);
        for (int i = 0; i < n; i++) {
            assert_true(total < 5);
            for (int j = 0; j < total; j++)
                assert_string_not_equal(seen[j], page[i].id);
            snprintf(seen[total++], LL_ID_LEN, "%.*s", LL_ID_LEN - 1, page[i].id);
        }
        if (n)
            snprintf(anchor, sizeof anchor, "%s", page[n - 1].sort_key);
    } while (n == 2);
    assert_int_equal(total, 5);
}

static void test_station_rules(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station central, area, second;
    make_station(f, "中心站", STATION_CENTRAL, &central);
    make_station(f, "竹山村片区站", STATION_AREA, &area);
    /* An area station with no parent hangs under the township's central station. */
    assert_string_equal(area.parent_id, central.id);

    station_init(&second);
    snprintf(second.name, sizeof second.name, "另一个中心站");
    second.kind = STATION_CENTRAL;
    snprintf(second.township_id, sizeof second.township_id, "%s", f->town.id);
    assert_int_equal(station_save(f->db, &second, &err), LL_EINVAL);
    assert_string_equal(err.field, "kind");
    assert_string_equal(second.id, ""); /* nothing kept of the failed insert */

    memset(&err, 0, sizeof err);
    struct station dup = area;
    dup.id[0] = '\0';
    assert_int_equal(station_save(f->db, &dup, &err), LL_EINVAL);
    assert_string_equal(err.field, "name");

    memset(&err, 0, sizeof err);
    snprintf(area.admin_phone, sizeof area.admin_phone, "12345");
    assert_int_equal(station_save(f->db, &area, &err), LL_EINVAL);
    assert_string_equal(err.field, "admin_phone");

    memset(&err, 0, sizeof err);
    area.admin_phone[0] = '\0';
    snprintf(area.haves[HAVE_SIGNAGE].date, sizeof area.haves[0].date, "2099-01-01");
    area.haves[HAVE_SIGNAGE].done = true;
    assert_int_equal(station_save(f->db, &area, &err), LL_EINVAL); /* not met yet, surely */
    assert_string_equal(err.field, "haves.1.date");
    snprintf(area.haves[HAVE_SIGNAGE].date, sizeof area.haves[0].date, "2024年3月1日");
    area.haves[HAVE_SIGNAGE].done = true;
    snprintf(area.haves[HAVE_SIGNAGE].note, sizeof area.haves[0].note, "门口挂牌");
    assert_int_equal(station_save(f->db, &area, &err), LL_OK);
    struct station back;
    assert_int_equal(station_get(f->db, area.id, &back, &err), LL_OK);
    assert_true(back.haves[HAVE_SIGNAGE].done);
    assert_string_equal(back.haves[HAVE_SIGNAGE].date, "2024-03-01");
    assert_string_equal(back.haves[HAVE_SIGNAGE].note, "门口挂牌");
    assert_false(back.haves[HAVE_PREMISES].done);
    assert_int_equal(back.haves_done, 1);
    assert_string_equal(back.parent_name, "中心站");

    /* saved again as it is, six haves and all: nothing changes, nothing is recorded */
    char about[128];
    snprintf(about, sizeof about, "record_id = '%s'", area.id);
    int entries = count_rows(f, "audit_log", about);
    assert_int_equal(station_save(f->db, &back, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UNCHANGED);
    assert_int_equal(count_rows(f, "audit_log", about), entries);
    back.haves[HAVE_PLAN].done = true; /* a have alone is a change */
    assert_int_equal(station_save(f->db, &back, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UPDATED);
    assert_int_equal(count_rows(f, "audit_log", about), entries + 1);
}

/* A central station turned into an area station lets its area stations go: none is left
 * under a station that is not central, and `check` stays clean. */
static void test_central_demoted_releases_children(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station central, area;
    char report[2048];
    make_station(f, "中心站", STATION_CENTRAL, &central);
    make_station(f, "竹山村片区站", STATION_AREA, &area);
    assert_string_equal(area.parent_id, central.id);
    central.kind = STATION_AREA;
    assert_int_equal(station_save(f->db, &central, &err), LL_OK);
    assert_int_equal(station_get(f->db, area.id, &area, &err), LL_OK);
    assert_string_equal(area.parent_id, "");
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_non_null(strstr(report, "联络站层级：正常"));

    /* the new central station takes in the area stations that had none, the old one included;
     * the change of each is in the audit log */
    char about_old[128];
    snprintf(about_old, sizeof about_old, "record_id = '%s'", central.id);
    int entries = count_rows(f, "audit_log", about_old);
    area.kind = STATION_CENTRAL;
    assert_int_equal(station_save(f->db, &area, &err), LL_OK);
    assert_int_equal(count_rows(f, "audit_log", about_old), entries + 1);
    assert_string_equal(area.parent_id, "");
    assert_int_equal(station_get(f->db, central.id, &central, &err), LL_OK);
    assert_string_equal(central.parent_id, area.id);

    /* only an area station has a parent: one a caller sets is replaced by the model's, and a
     * parent a file names is checked */
    struct station group;
    make_station(f, "市代表小组联络站", STATION_GROUP, &group);
    assert_string_equal(group.parent_id, "");
    snprintf(group.parent_id, sizeof group.parent_id, "%s", area.id);
    assert_int_equal(station_check_parent(f->db, &group, &err), LL_EINVAL);
    assert_string_equal(err.field, "parent_id");
    assert_int_equal(station_save(f->db, &group, &err), LL_OK);
    assert_string_equal(group.parent_id, "");

    /* a station read, moved to another township and saved: no complaint about its old parent */
    struct township other;
    struct station moved;
    assert_int_equal(township_ensure(f->db, "修山镇", &other, &err), LL_OK);
    assert_int_equal(station_get(f->db, central.id, &moved, &err), LL_OK);
    assert_string_equal(moved.parent_id, area.id);
    snprintf(moved.township_id, sizeof moved.township_id, "%s", other.id);
    assert_int_equal(station_save(f->db, &moved, &err), LL_OK);
    assert_string_equal(moved.parent_id, "");
    snprintf(moved.township_id, sizeof moved.township_id, "%s", f->town.id);
    assert_int_equal(station_save(f->db, &moved, &err), LL_OK);
    assert_string_equal(moved.parent_id, area.id);
    assert_int_equal(station_get(f->db, central.id, &central, &err), LL_OK);

    /* deleting the central station leaves its area stations without one, and check agrees,
     * pointing out the gap without failing */
    assert_int_equal(station_delete(f->db, area.id, NULL, &err), LL_OK);
    assert_int_equal(station_get(f->db, central.id, &central, &err), LL_OK);
    assert_string_equal(central.parent_id, "");
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_non_null(strstr(report, "联络站层级：正常"));
    assert_non_null(strstr(report, "1 个乡镇有片区联络站，但还没有中心联络站"));
}

/* Another tool changed a summary behind the search index's back: check rebuilds the index
 * (it is derived data) and says so once; searches then find the new text, not the old. */
static void test_check_rebuilds_search_index(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station st;
    struct deputy d;
    char report[2048];
    make_station(f, "中心站", STATION_CENTRAL, &st);
    make_deputy(f, "张三", 1u << LEVEL_TOWNSHIP, st.id, &d);
    struct ledger_entry e;
    ledger_init(&e);
    snprintf(e.station_id, sizeof e.station_id, "%s", st.id);
    snprintf(e.summary, sizeof e.summary, "%s", "村民反映道路破损");
    ledger_toggle_deputy(&e, d.id, d.name);
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);

    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other,
                                  "DROP TRIGGER ledger_fts_update; UPDATE ledger_entry SET "
                                  "summary = '饮水管道老化' WHERE 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(other);

    /* the trigger dropped is another program's change: said, made again, the check failed */
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_EDB);
    assert_non_null(strstr(report, "触发器 ledger_fts_update（维护台账的搜索索引）缺失"));
    assert_non_null(strstr(report, "台账的搜索索引与数据不一致，已重建"));
    assert_null(strstr(report, "问题的搜索索引"));
    struct ledger_filter lf;
    ledger_filter_init(&lf);
    struct ledger_entry rows[2];
    int n = -1;
    snprintf(lf.search, sizeof lf.search, "%s", "管道老化");
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 2, rows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    snprintf(lf.search, sizeof lf.search, "%s", "道路破损");
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 2, rows, &n, &err), LL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    assert_null(strstr(report, "搜索索引"));
    /* the trigger made again keeps the index: a later change is found at once */
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "UPDATE ledger_entry SET summary = '桥梁加固' WHERE 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(other);
    snprintf(lf.search, sizeof lf.search, "%s", "桥梁加固");
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 2, rows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
}

/* Whether the name (whole) follows verb ("CREATE TRIGGER", "DROP TRIGGER IF EXISTS") in some
 * migration. */
static bool migrations_say(const char *verb, const char *name)
{
    char what[160];
    snprintf(what, sizeof what, "%s %s", verb, name);
    for (const struct embedded_file *m = embedded_migrations; m->name; m++)
        for (const char *p = m->data; (p = strstr(p, what)) != NULL; p++) {
            char next = p[strlen(what)];
            if (!isalnum((unsigned char)next) && next != '_')
                return true;
        }
    return false;
}

/* check knows the triggers from the migrations themselves: on a new file it counts exactly
 * the triggers the file has, and says nothing is wrong; the file's triggers are those the
 * migrations' text creates (and does not drop again). */
static void test_check_knows_the_migrations_triggers(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char report[4096], want[128];
    int in_file = count_rows(f, "sqlite_schema", "type = 'trigger'");
    assert_true(in_file >= 22); /* 003, 007 and 008 make 22 */
    assert_int_equal(db_check(f->db, report, sizeof report, &err), LL_OK);
    snprintf(want, sizeof want, "触发器：%d 个，齐全且与本程序的定义一致", in_file);
    if (!strstr(report, want))
        fail_msg("want \"%s\" in:\n%s", want, report);
    assert_null(strstr(report, "缺失"));
    assert_null(strstr(report, "定义不同"));
    assert_null(strstr(report, "提示：触发器"));

    /* every trigger of the file is one a migration creates */
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT name FROM sqlite_schema WHERE type = 'trigger' "
                                        "ORDER BY name",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int named = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!migrations_say("CREATE TRIGGER", name))
            fail_msg("trigger %s is not created by a migration", name);
        named++;
    }
    sqlite3_finalize(st);
    assert_int_equal(named, in_file);
    /* and every trigger a migration creates is in the file, unless one drops it again */
    for (const struct embedded_file *m = embedded_migrations; m->name; m++) {
        for (const char *p = m->data; (p = strstr(p, "CREATE TRIGGER ")) != NULL;) {
            p += strlen("CREATE TRIGGER ");
            char name[128];
            size_t len = strcspn(p, " \n(");
            snprintf(name, sizeof name, "%.*s", (int)len, p);
            char where[200];
            snprintf(where, sizeof where, "type = 'trigger' AND name = '%s'", name);
            if (count_rows(f, "sqlite_schema", where) != 1 &&
                !migrations_say("DROP TRIGGER", name) &&
                !migrations_say("DROP TRIGGER IF EXISTS", name))
                fail_msg("%s creates trigger %s, which a new file does not have", m->name, name);
        }
    }
    sqlite3_close(h);
}

static void test_station_delete_asks_where_deputies_go(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station central, area;
    struct deputy d;
    make_station(f, "中心站", STATION_CENTRAL, &central);
    make_station(f, "竹山村片区站", STATION_AREA, &area);
    make_deputy(f, "张三", 1u << LEVEL_TOWNSHIP, area.id, &d);

    assert_int_equal(station_delete(f->db, area.id, NULL, &err), LL_ECONFLICT);
    assert_non_null(strstr(err.msg, "1 名代表"));
    struct station still;
    assert_int_equal(station_get(f->db, area.id, &still, &err), LL_OK);
    assert_int_equal(still.deputy_count, 1);

    struct volunteer v;
    volunteer_init(&v);
    snprintf(v.station_id, sizeof v.station_id, "%s", area.id);
    snprintf(v.name, sizeof v.name, "王芳");
    assert_int_equal(volunteer_save(f->db, &v, &err), LL_OK);
    char about_v[128];
    snprintf(about_v, sizeof about_v, "record_id = '%s' AND action = 'delete'", v.id);
    char about_d[128];
    snprintf(about_d, sizeof about_d, "record_id = '%s' AND action = 'update'", d.id);
    int updates = count_rows(f, "audit_log", about_d);
    assert_int_equal(station_delete(f->db, area.id, central.id, &err), LL_OK);
    assert_int_equal(station_get(f->db, area.id, &still, &err), LL_ENOTFOUND);
    struct deputy moved;
    assert_int_equal(deputy_get(f->db, d.id, &moved, &err), LL_OK);
    assert_string_equal(moved.station_id, central.id);
    assert_int_equal(count_rows(f, "audit_log", about_d), updates + 1); /* the move is recorded */
    assert_int_equal(count_rows(f, "audit_log", about_v), 1); /* so is the volunteer's going */
    assert_int_equal(volunteer_get(f->db, v.id, &v, &err), LL_ENOTFOUND);

    /* "" = the deputies become "not in a station". */
    assert_int_equal(station_delete(f->db, central.id, "", &err), LL_OK);
    assert_int_equal(deputy_get(f->db, d.id, &moved, &err), LL_OK);
    assert_string_equal(moved.station_id, "");
}

static void test_deputy_levels_are_a_set(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    unsigned set = 0;
    assert_true(deputy_levels_parse("县级、乡镇级", &set));
    assert_int_equal(set, 1u << LEVEL_COUNTY | 1u << LEVEL_TOWNSHIP);
    assert_true(deputy_levels_parse("全国人大代表,县人大代表", &set));
    assert_int_equal(set, 1u << LEVEL_NATIONAL | 1u << LEVEL_COUNTY);
    assert_false(deputy_levels_parse("村级", &set));
    char text[64];
    assert_string_equal(
        deputy_levels_format(1u << LEVEL_CITY | 1u << LEVEL_TOWNSHIP, text, sizeof text),
        "市级、乡镇级");

    struct deputy d, back;
    make_deputy(f, "李秀英", 1u << LEVEL_COUNTY | 1u << LEVEL_TOWNSHIP, NULL, &d);
    assert_int_equal(deputy_get(f->db, d.id, &back, &err), LL_OK);
    assert_int_equal(back.levels, 1u << LEVEL_COUNTY | 1u << LEVEL_TOWNSHIP);
    back.levels = 1u << LEVEL_TOWNSHIP;
    assert_int_equal(deputy_save(f->db, &back, &err), LL_OK);
    assert_int_equal(deputy_get(f->db, d.id, &back, &err), LL_OK);
    assert_int_equal(back.levels, 1u << LEVEL_TOWNSHIP);

    struct deputy_filter filter;
    deputy_filter_init(&filter);
    filter.level = LEVEL_COUNTY;
    int n = -1;
    assert_int_equal(deputy_count(f->db, &filter, &n, &err), LL_OK);
    assert_int_equal(n, 0);
    filter.level = LEVEL_TOWNSHIP;
    assert_int_equal(deputy_count(f->db, &filter, &n, &err), LL_OK);
    assert_int_equal(n, 1);

    back.levels = 0;
    assert_int_equal(deputy_save(f->db, &back, &err), LL_EINVAL);
    assert_string_equal(err.field, "levels");
}

static void test_deputy_validation(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct deputy d;
    deputy_init(&d);
    d.levels = 1u << LEVEL_TOWNSHIP;
    assert_int_equal(deputy_save(f->db, &d, &err), LL_EINVAL);
    assert_string_equal(err.field, "name");
    snprintf(d.name, sizeof d.name, "王建国");
    snprintf(d.id_card, sizeof d.id_card, "110105194912310021");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_EINVAL);
    assert_string_equal(err.field, "id_card");
    snprintf(d.id_card, sizeof d.id_card, "11010519491231002x");
    snprintf(d.birth, sizeof d.birth, "1949年12月");
    snprintf(d.phone, sizeof d.phone, "1380737");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_EINVAL);
    assert_string_equal(err.field, "phone");
    snprintf(d.phone, sizeof d.phone, "138 0737　１２３４"); /* spaces and full-width digits */
    assert_int_equal(deputy_save(f->db, &d, &err), LL_EINVAL);
    assert_string_equal(err.field, "township_id");
    snprintf(d.township_id, sizeof d.township_id, "%s", f->town.id);
    snprintf(d.birth, sizeof d.birth, "1950-01");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_EINVAL);
    assert_string_equal(err.field, "birth");
    assert_non_null(strstr(err.msg, "1949-12"));
    snprintf(d.birth, sizeof d.birth, "1949年12月");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_OK);
    struct deputy back;
    assert_int_equal(deputy_get(f->db, d.id, &back, &err), LL_OK);
    assert_string_equal(back.birth, "1949-12");
    assert_string_equal(back.id_card, "11010519491231002X");
    assert_string_equal(back.phone, "13807371234");

    /* a birth month after this month */
    char today[11], future[16];
    date_today(today);
    snprintf(future, sizeof future, "%04d-%.2s", atoi(today) + 1, today + 5);
    back.id_card[0] = '\0';
    snprintf(back.birth, sizeof back.birth, "%s", future);
    assert_int_equal(deputy_save(f->db, &back, &err), LL_EINVAL);
    assert_string_equal(err.field, "birth");
}

static void test_deputy_takes_station_township(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station s;
    make_station(f, "中心站", STATION_CENTRAL, &s);
    struct deputy d;
    deputy_init(&d);
    snprintf(d.name, sizeof d.name, "王建国");
    d.levels = 1u << LEVEL_TOWNSHIP;
    snprintf(d.station_id, sizeof d.station_id, "%s", s.id);
    assert_int_equal(deputy_save(f->db, &d, &err), LL_OK);
    struct deputy back;
    assert_int_equal(deputy_get(f->db, d.id, &back, &err), LL_OK);
    assert_string_equal(back.township_id, f->town.id);
}

static void test_deputy_search_and_gaps(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct station s;
    struct deputy a, b, c;
    make_station(f, "中心站", STATION_CENTRAL, &s);
    make_deputy(f, "张三", 1u << LEVEL_TOWNSHIP, s.id, &a);
    make_deputy(f, "李四", 1u << LEVEL_TOWNSHIP, s.id, &b);
    make_deputy(f, "张三丰", 1u << LEVEL_COUNTY, NULL, &c);

    struct deputy_filter filter;
    struct deputy rows[10];
    int n = 0;
    deputy_filter_init(&filter);
    snprintf(filter.search, sizeof filter.search, "zs");
    assert_int_equal(deputy_list(f->db, &filter, PAGE_FIRST, NULL, 10, rows, &n, &err), LL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "张三");
    assert_string_equal(rows[1].name, "张三丰");
    snprintf(filter.search, sizeof filter.search, "三丰");
    assert_int_equal(deputy_list(f->db, &filter, PAGE_FIRST, NULL, 10, rows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].id, c.id);
    snprintf(filter.search, sizeof filter.search, "ls");
    assert_int_equal(deputy_list(f->db, &filter, PAGE_FIRST, NULL, 10, rows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "李四");

    deputy_filter_init(&filter);
    filter.no_station = true;
    assert_int_equal(deputy_list(f->db, &filter, PAGE_FIRST, NULL, 10, rows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "张三丰");

    struct station_filter sf;
    struct station srows[4];
    station_filter_init(&sf);
    sf.missing_have = true;
    assert_int_equal(station_list(f->db, &sf, PAGE_FIRST, NULL, 4, srows, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(srows[0].haves_done, 0);
    assert_int_equal(srows[0].deputy_count, 2);
}

static void test_keyset_paging(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char name[32];
    for (int i = 0; i < 25; i++) {
        struct deputy d;
        snprintf(name, sizeof name, "代表%02d", i);
        make_deputy(f, name, 1u << LEVEL_TOWNSHIP, NULL, &d);
    }
    struct deputy page[10];
    int n = 0;
    assert_int_equal(deputy_list(f->db, NULL, PAGE_FIRST, NULL, 10, page, &n, &err), LL_OK);
    assert_int_equal(n, 10);
    assert_string_equal(page[0].name, "代表00");
    assert_string_equal(page[9].name, "代表09");
    char anchor[LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s", page[9].sort_key);
    assert_int_equal(deputy_list(f->db, NULL, PAGE_AFTER, anchor, 10, page, &n, &err), LL_OK);
    assert_int_equal(n, 10);
    assert_string_equal(page[0].name, "代表10");
    snprintf(anchor, sizeof anchor, "%s", page[0].sort_key);
    assert_int_equal(deputy_list(f->db, NULL, PAGE_BEFORE, anchor, 3, page, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(page[0].name, "代表07"); /* ascending order even going backwards */
    assert_string_equal(page[2].name, "代表09");
    assert_int_equal(deputy_list(f->db, NULL, PAGE_LAST, NULL, 10, page, &n, &err), LL_OK);
    assert_int_equal(n, 10);
    assert_string_equal(page[0].name, "代表15");
    assert_string_equal(page[9].name, "代表24");
}

static void test_audit_log(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct deputy d;
    make_deputy(f, "赵六", 1u << LEVEL_TOWNSHIP, NULL, &d);
    snprintf(d.note, sizeof d.note, "改过一次");
    assert_int_equal(deputy_save(f->db, &d, &err), LL_OK);
    /* saved again as it is: no entry, and the record's time stays */
    struct deputy same;
    assert_int_equal(deputy_get(f->db, d.id, &same, &err), LL_OK);
    assert_int_equal(deputy_save(f->db, &same, &err), LL_OK);
    struct deputy again;
    assert_int_equal(deputy_get(f->db, d.id, &again, &err), LL_OK);
    assert_string_equal(again.updated_at, same.updated_at);
    assert_int_equal(deputy_delete(f->db, d.id, &err), LL_OK);
    struct collected {
        int n;
        char actions[4][16];
        char op[64];
    } got = {0};
    int collect(void *ctx, const struct audit_entry *e);
    assert_int_equal(audit_list(f->db, d.id, 10, collect, &got, &err), LL_OK);
    assert_int_equal(got.n, 3);
    assert_string_equal(got.actions[0], "delete"); /* newest first */
    assert_string_equal(got.actions[2], "insert");
    assert_string_equal(got.op, "测试员");
}

int collect(void *ctx, const struct audit_entry *e)
{
    struct {
        int n;
        char actions[4][16];
        char op[64];
    } *got = ctx;
    if (got->n < 4)
        snprintf(got->actions[got->n++], 16, "%s", e->action);
    snprintf(got->op, sizeof got->op, "%s", e->operator_name);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_import_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct import_result res;
    char path[160];
    snprintf(path, sizeof path, "%s/roster.csv", f->dir);
    write_file(
        path,
        "\xEF\xBB\xBF序号,姓名,性别,民族,出生年月,代表层级,乡镇,联络站,联系电话,工作单位及职务\r\n"
        "1,张三,男,汉族,1975.03,县级、乡镇级,桃花江镇,桃花江镇中心联络站,13807371234,村支书\r\n"
        "2,李秀英,女,土家族,1982年11月,乡镇级,桃花江镇,竹山村片区联络站,13907375678,教师\r\n"
        "3,王五,男,汉族,1980.13,乡镇级,桃花江镇,,13907375679,农民\r\n");
    assert_int_equal(import_deputies(f->db, path, &res, &err), LL_EINVAL);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 5);
    assert_non_null(strstr(err.msg, "第 4 行第 5 列"));
    int n = -1;
    assert_int_equal(deputy_count(f->db, NULL, &n, &err), LL_OK);
    assert_int_equal(n, 0); /* nothing written */
    assert_int_equal(station_count(f->db, NULL, &n, &err), LL_OK);
    assert_int_equal(n, 0);

    write_file(path,
               "姓名,性别,民族,出生年月,代表层级,乡镇,联络站,联系电话,工作单位及职务\n"
               "张三,男,汉族,1975.03,县级、乡镇级,桃花江镇,桃花江镇中心联络站,13807371234,村支书\n"
               "李秀英,女,土家族,1982年11月,乡镇级,桃花江镇,竹山村片区联络站,13907375678,教师\n");
    assert_int_equal(import_deputies(f->db, path, &res, &err), LL_OK);
    assert_int_equal(res.rows, 2);
    assert_int_equal(res.inserted, 2);
    assert_int_equal(res.stations_created, 2);
    struct deputy d;
    int matches = 0;
    assert_int_equal(deputy_match(f->db, &(struct deputy_key){.name = "李秀英", .phone = NULL}, &d,
                                  &matches, &err),
                     LL_OK);
    assert_int_equal(matches, 1);
    assert_string_equal(d.ethnicity, "土家族");
    assert_string_equal(d.birth, "1982-11");
    assert_string_equal(d.station_name, "竹山村片区联络站");
    assert_int_equal(d.levels, 1u << LEVEL_TOWNSHIP);
    /* The same roster again neither duplicates nor touches anyone: no audit entries either. */
    int audit_before = count_rows(f, "audit_log", "1");
    assert_int_equal(import_deputies(f->db, path, &res, &err), LL_OK);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.unchanged, 2);
    assert_int_equal(res.inserted, 0);
    assert_int_equal(count_rows(f, "audit_log", "1"), audit_before);
    assert_int_equal(deputy_count(f->db, NULL, &n, &err), LL_OK);
    assert_int_equal(n, 2);
}

static void test_export_import_round_trip(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char a[160], b[160], other[160];
    snprintf(a, sizeof a, "%s/a.csv", f->dir);
    snprintf(b, sizeof b, "%s/b.csv", f->dir);
    snprintf(other, sizeof other, "%s/other.db", f->dir);
    struct station s;
    struct deputy d;
    make_station(f, "中心站", STATION_CENTRAL, &s);
    make_deputy(f, "钱七", 1u << LEVEL_CITY | 1u << LEVEL_COUNTY, s.id, &d);
    int rows = 0;
    FILE *fp = fopen(a, "wb");
    assert_int_equal(export_deputies(f->db, fp, &rows, &err), LL_OK);
    fclose(fp);
    assert_int_equal(rows, 1);

    struct ll_db *db2 = NULL;
    struct import_result res;
    assert_int_equal(db_open(other, NULL, &db2, &err), LL_OK);
    assert_int_equal(import_deputies(db2, a, &res, &err), LL_OK);
    struct deputy back;
    assert_int_equal(deputy_get(db2, d.id, &back, &err), LL_OK); /* same id */
    assert_string_equal(back.name, "钱七");
    assert_int_equal(back.levels, d.levels);
    fp = fopen(b, "wb");
    assert_int_equal(export_deputies(db2, fp, &rows, &err), LL_OK);
    fclose(fp);
    db_close(db2);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    assert_int_equal(system(cmd), 0);
}

#define KINDS 4
/* The four kinds of record, in the order they are imported. */
static enum ll_status (*const exporters[KINDS])(struct ll_db *, FILE *, int *,
                                                struct ll_error *) = {
    export_stations, export_groups, export_deputies, export_volunteers};
static enum ll_status (*const importers[KINDS])(struct ll_db *, const char *,
                                                struct import_result *, struct ll_error *) = {
    import_stations, import_groups, import_deputies, import_volunteers};
static const char *const kind_ext[KINDS] = {"s", "g", "d", "v"};

/* Exports every kind into the files named prefix.<ext>.csv; rows[i] counts the rows of each. */
static void export_all(struct ll_db *db, const char *prefix, int rows[KINDS])
{
    for (int i = 0; i < KINDS; i++) {
        struct ll_error err = {0};
        char path[200];
        int n = -1;
        snprintf(path, sizeof path, "%s.%s.csv", prefix, kind_ext[i]);
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(exporters[i](db, fp, &n, &err), LL_OK);
        fclose(fp);
        rows[i] = n;
    }
}

static void assert_same_file(const char *a, const char *b)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    if (system(cmd) != 0)
        fail_msg("%s and %s differ", a, b);
}

/* The demo county (and a group with no members but a note), exported, imported into an empty
 * database and exported again: the same bytes, stations (with their parents), groups,
 * deputies and volunteers alike. */
static void test_demo_round_trip(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[160], copy[160], one[160], two[160], a[200], b[200];
    snprintf(path, sizeof path, "%s/demo.db", f->dir);
    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    snprintf(one, sizeof one, "%s/one", f->dir);
    snprintf(two, sizeof two, "%s/two", f->dir);
    struct ll_db *db = NULL;
    int rows_before[KINDS], rows_after[KINDS];
    assert_int_equal(db_open(path, NULL, &db, &err), LL_OK);
    assert_int_equal(demo_build(db, &err), LL_OK);
    struct township t;
    struct deputy_group g;
    assert_int_equal(township_find(db, "桃花江镇", &t, &err), LL_OK);
    deputy_group_init(&g);
    snprintf(g.name, sizeof g.name, "县人大代表第九小组");
    snprintf(g.township_id, sizeof g.township_id, "%s", t.id);
    snprintf(g.note, sizeof g.note, "每季度活动一次");
    assert_int_equal(deputy_group_save(db, &g, &err), LL_OK);
    export_all(db, one, rows_before);
    db_close(db);
    assert_int_equal(rows_before[0], 99);
    assert_int_equal(rows_before[1], 4);
    assert_true(rows_before[2] > 500);
    assert_int_equal(rows_before[3], 30);

    struct import_result res;
    assert_int_equal(db_open(copy, NULL, &db, &err), LL_OK);
    for (int i = 0; i < KINDS; i++) {
        snprintf(a, sizeof a, "%s.%s.csv", one, kind_ext[i]);
        assert_int_equal(importers[i](db, a, &res, &err), LL_OK);
        assert_int_equal(res.inserted, rows_before[i]);
    }
    export_all(db, two, rows_after);
    /* the same files again change nothing */
    for (int i = 0; i < KINDS; i++) {
        snprintf(a, sizeof a, "%s.%s.csv", one, kind_ext[i]);
        assert_int_equal(importers[i](db, a, &res, &err), LL_OK);
        assert_int_equal(res.unchanged, rows_before[i]);
    }
    assert_int_equal(deputy_group_get(db, g.id, &g, &err), LL_OK);
    assert_string_equal(g.note, "每季度活动一次");
    db_close(db);
    for (int i = 0; i < KINDS; i++) {
        assert_int_equal(rows_after[i], rows_before[i]);
        snprintf(a, sizeof a, "%s.%s.csv", one, kind_ext[i]);
        snprintf(b, sizeof b, "%s.%s.csv", two, kind_ext[i]);
        assert_same_file(a, b);
    }
}

static void test_demo_shape(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ll_db *db = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/demo.db", f->dir);
    assert_int_equal(db_open(path, NULL, &db, &err), LL_OK);
    assert_int_equal(demo_build(db, &err), LL_OK);
    struct station_filter sf;
    station_filter_init(&sf);
    int n = 0;
    assert_int_equal(station_count(db, &sf, &n, &err), LL_OK);
    assert_int_equal(n, 99);
    int want[STATION_KIND_COUNT] = {15, 81, 3};
    for (int k = 0; k < STATION_KIND_COUNT; k++) {
        sf.kind = k;
        assert_int_equal(station_count(db, &sf, &n, &err), LL_OK);
        assert_int_equal(n, want[k]);
    }
    struct deputy_filter df;
    deputy_filter_init(&df);
    for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++) {
        df.level = l;
        assert_int_equal(deputy_count(db, &df, &n, &err), LL_OK);
        assert_true(n > 0);
    }
    assert_int_equal(demo_build(db, &err), LL_ECONFLICT); /* never over real data */
    db_close(db);
}

/* Two lianluo open on one file, both with the same deputy's form: the first save stands, the
 * second is refused (it would overwrite the first with what its form showed before), and once
 * reopened it saves; a form saved twice over is not refused by its own first save. */
static void test_no_lost_update_between_two_programs(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ll_db *other = NULL;
    struct db_identity who = {"测试乡人大", SITE_TOWNSHIP, "桃花江镇", "另一位操作员"};
    struct deputy d, a, b;
    make_deputy(f, "吴伟", 1u << LEVEL_TOWNSHIP, NULL, &d);
    assert_int_equal(db_open(f->path, &who, &other, &err), LL_OK);
    assert_int_equal(deputy_get(f->db, d.id, &a, &err), LL_OK);
    assert_int_equal(deputy_get(other, d.id, &b, &err), LL_OK);
    snprintf(a.phone, sizeof a.phone, "%s", "13900000001");
    usleep(2000);
    assert_int_equal(deputy_save(f->db, &a, &err), LL_OK);
    snprintf(b.note, sizeof b.note, "%s", "换届后留任");
    assert_int_equal(deputy_save(other, &b, &err), LL_ECONFLICT);
    assert_non_null(strstr(err.msg, "重新打开这条记录"));
    struct deputy now;
    assert_int_equal(deputy_get(f->db, d.id, &now, &err), LL_OK);
    assert_string_equal(now.phone, "13900000001"); /* the first save stands */
    assert_string_equal(now.note, "");
    /* reopened, the second one saves, keeping the first's change */
    assert_int_equal(deputy_get(other, d.id, &b, &err), LL_OK);
    snprintf(b.note, sizeof b.note, "%s", "换届后留任");
    assert_int_equal(deputy_save(other, &b, &err), LL_OK);
    assert_int_equal(deputy_get(f->db, d.id, &now, &err), LL_OK);
    assert_string_equal(now.phone, "13900000001");
    assert_string_equal(now.note, "换届后留任");
    /* the same form saved again after its own save */
    snprintf(b.post, sizeof b.post, "%s", "主任");
    assert_int_equal(deputy_save(other, &b, &err), LL_OK);
    db_close(other);
    /* a station too */
    struct station s, s1, s2;
    make_station(f, "竹山村人大代表片区联络站", STATION_AREA, &s);
    assert_int_equal(station_get(f->db, s.id, &s1, &err), LL_OK);
    s2 = s1;
    snprintf(s1.hours, sizeof s1.hours, "%s", "每月 15 日");
    usleep(2000);
    assert_int_equal(station_save(f->db, &s1, &err), LL_OK);
    snprintf(s2.note, sizeof s2.note, "%s", "新址");
    assert_int_equal(station_save(f->db, &s2, &err), LL_ECONFLICT);
    /* a volunteer */
    struct volunteer v, v1, v2;
    volunteer_init(&v);
    snprintf(v.station_id, sizeof v.station_id, "%s", s.id);
    snprintf(v.name, sizeof v.name, "%s", "王芳");
    assert_int_equal(volunteer_save(f->db, &v, &err), LL_OK);
    assert_int_equal(volunteer_get(f->db, v.id, &v1, &err), LL_OK);
    assert_string_equal(v1.updated_at, v.updated_at);
    v2 = v1;
    snprintf(v1.phone, sizeof v1.phone, "%s", "13900000002");
    usleep(2000); /* updated_at has milliseconds: two people never save within one */
    assert_int_equal(volunteer_save(f->db, &v1, &err), LL_OK);
    snprintf(v2.note, sizeof v2.note, "%s", "周末值班");
    assert_int_equal(volunteer_save(f->db, &v2, &err), LL_ECONFLICT);
    assert_int_equal(volunteer_get(f->db, v.id, &v2, &err), LL_OK);
    assert_string_equal(v2.phone, "13900000002");
    assert_string_equal(v2.note, "");
    snprintf(v1.note, sizeof v1.note, "%s", "周末值班"); /* its own save is no conflict */
    assert_int_equal(volunteer_save(f->db, &v1, &err), LL_OK);
    /* a deputy group */
    struct deputy_group g, g1, g2;
    deputy_group_init(&g);
    snprintf(g.name, sizeof g.name, "%s", "县人大代表第九小组");
    snprintf(g.station_id, sizeof g.station_id, "%s", s.id);
    snprintf(g.township_id, sizeof g.township_id, "%s", s.township_id);
    assert_int_equal(deputy_group_save(f->db, &g, &err), LL_OK);
    assert_int_equal(deputy_group_get(f->db, g.id, &g1, &err), LL_OK);
    g2 = g1;
    snprintf(g1.note, sizeof g1.note, "%s", "每季度活动一次");
    usleep(2000);
    assert_int_equal(deputy_group_save(f->db, &g1, &err), LL_OK);
    snprintf(g2.name, sizeof g2.name, "%s", "县人大代表第十小组");
    assert_int_equal(deputy_group_save(f->db, &g2, &err), LL_ECONFLICT);
    assert_int_equal(deputy_group_get(f->db, g.id, &g2, &err), LL_OK);
    assert_string_equal(g2.name, "县人大代表第九小组");
    assert_string_equal(g2.note, "每季度活动一次");
}

/* A column's text copied into a buffer: whole when it fits, else cut before a character that
 * would not fit whole (never inside one), "" for NULL. */
static void test_column_text_cut_between_characters(void **state)
{
    (void)state;
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT '联络站abc', NULL, 'ab', '站'", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char buf[16];
    static const struct {
        int col;
        size_t size;
        const char *want;
    } cases[] = {
        {0, 16, "联络站abc"}, {0, 13, "联络站abc"}, {0, 12, "联络站ab"}, {0, 10, "联络站"},
        {0, 9, "联络"},       {0, 8, "联络"},       {0, 7, "联络"},      {0, 6, "联"},
        {0, 3, ""},           {0, 1, ""},           {1, 16, ""},         {2, 3, "ab"},
        {2, 2, "a"},          {3, 4, "站"},         {3, 3, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(buf, 'x', sizeof buf);
        sql_column_text(st, cases[i].col, buf, cases[i].size);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("column %d into %zu bytes: \"%s\", not \"%s\"", cases[i].col, cases[i].size,
                     buf, cases[i].want);
    }
    buf[0] = 'x';
    sql_column_text(st, 0, buf, 0); /* no room at all: nothing written */
    assert_int_equal(buf[0], 'x');
    sqlite3_finalize(st);
    sqlite3_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_text_cut_between_characters),
        cmocka_unit_test(test_idcard),
        cmocka_unit_test(test_phone_normalize),
        cmocka_unit_test(test_phone),
        cmocka_unit_test_setup_teardown(test_central_demoted_releases_children, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_file_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_site_and_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputies_in_pinyin_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migration_from_format_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_names_page_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_station_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_station_delete_asks_where_deputies_go, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_deputy_levels_are_a_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputy_takes_station_township, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputy_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputy_search_and_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyset_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_log, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_import_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_rebuilds_search_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_knows_the_migrations_triggers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_lost_update_between_two_programs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
