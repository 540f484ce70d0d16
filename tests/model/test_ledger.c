/* Unit tests of the station ledger and the problems raised at stations: saving and checking,
 * lists, search, the status of a problem, overdue problems, the bulletin's counts, and the
 * demo county's year of ledger. "Today" is fixed at 2026-06-30; every expected number below is
 * counted by hand from the records the test makes, as the comments show. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "lianluo/township.h"

#define TODAY      "2026-06-30"
#define GONE_ID    "00000000-0000-4000-8000-000000000000"
#define NENTRIES   8
#define NPROBLEMS  9
#define MAX_LISTED 32

/* Two townships; 桃花江镇 has its central station S1 and an area station S2 with nothing
 * recorded, 修山镇 its central station S3. Deputies 张三, 李四, 王五 sit at S1, 赵六 and 钱七
 * at S3. The county fixture adds entries E1..E8 and problems P1..P9 (see make_county). */
struct fixture {
    char dir[64];
    char path[128];
    struct ll_db *db;
    struct township t1, t2;
    struct station s1, s2, s3;
    struct deputy zhang, li, wang, zhao, qian;
    struct ledger_entry e[NENTRIES + 1]; /* 1-based: e[1] is E1 */
    struct problem p[NPROBLEMS + 1];
};

static void make_station(struct fixture *f, const struct township *t, const char *name,
                         enum station_kind kind, struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    snprintf(s->township_id, sizeof s->township_id, "%s", t->id);
    assert_int_equal(station_save(f->db, s, &err), LL_OK);
}

static void make_deputy(struct fixture *f, const char *name, const struct station *s,
                        struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->levels = 1u << LEVEL_TOWNSHIP;
    snprintf(d->township_id, sizeof d->township_id, "%s", s->township_id);
    snprintf(d->station_id, sizeof d->station_id, "%s", s->id);
    assert_int_equal(deputy_save(f->db, d, &err), LL_OK);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    setenv("LIANLUO_TODAY", TODAY, 1);
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-ledger-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    struct db_identity who = {"测试县人大", SITE_COUNTY, "", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "桃花江镇", &f->t1, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "修山镇", &f->t2, &err), LL_OK);
    make_station(f, &f->t1, "桃花江镇中心联络站", STATION_CENTRAL, &f->s1);
    /* 安 (an) sorts before 桃 (tao): network order still puts the central station first */
    make_station(f, &f->t1, "安乐村片区联络站", STATION_AREA, &f->s2);
    make_station(f, &f->t2, "修山镇中心联络站", STATION_CENTRAL, &f->s3);
    make_deputy(f, "张三", &f->s1, &f->zhang);
    make_deputy(f, "李四", &f->s1, &f->li);
    make_deputy(f, "王五", &f->s1, &f->wang);
    make_deputy(f, "赵六", &f->s3, &f->zhao);
    make_deputy(f, "钱七", &f->s3, &f->qian);
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

/* count(*) of table's rows that match where (through a second connection). */
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

static int audit_count(struct fixture *f, const char *record_id)
{
    char where[96];
    snprintf(where, sizeof where, "record_id = '%s'", record_id);
    return count_rows(f, "audit_log", where);
}

/* FTS5's own check that both search indexes agree with their tables. */
static void assert_fts_in_step(const char *path)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    const char *sql = "INSERT INTO ledger_fts(ledger_fts, rank) VALUES ('integrity-check', 1);"
                      "INSERT INTO problem_fts(problem_fts, rank) VALUES ('integrity-check', 1);";
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("FTS index out of step: %s", msg ? msg : "?");
    sqlite3_free(msg);
    sqlite3_close(h);
}

/* ---- making records ---------------------------------------------------------------------- */

/* An entry of station s; deputies are given as the fixture's deputies, NULL-terminated. */
static void entry_fill(struct ledger_entry *e, const struct station *s, enum ledger_kind kind,
                       const char *date, const char *time, const char *people, const char *place,
                       const char *summary, const struct deputy *const *present)
{
    ledger_init(e);
    snprintf(e->station_id, sizeof e->station_id, "%s", s->id);
    e->kind = kind;
    snprintf(e->date, sizeof e->date, "%s", date);
    snprintf(e->time, sizeof e->time, "%s", time);
    snprintf(e->people, sizeof e->people, "%s", people);
    snprintf(e->place, sizeof e->place, "%s", place);
    snprintf(e->summary, sizeof e->summary, "%s", summary);
    for (; present && *present; present++)
        assert_true(ledger_toggle_deputy(e, (*present)->id, (*present)->name));
}

static void entry_make(struct fixture *f, int n, const struct station *s, enum ledger_kind kind,
                       const char *date, const char *time, const char *people, const char *place,
                       const char *summary, const struct deputy *const *present)
{
    struct ll_error err = {0};
    entry_fill(&f->e[n], s, kind, date, time, people, place, summary, present);
    if (ledger_save(f->db, &f->e[n], &err) != LL_OK)
        fail_msg("E%d: %s", n, err.msg);
}

static void problem_fill(struct problem *p, const struct station *s, const char *entry_id,
                         const char *raised, const char *description, const char *raiser,
                         const struct deputy *by)
{
    problem_init(p);
    snprintf(p->station_id, sizeof p->station_id, "%.*s", LL_ID_LEN - 1, s->id);
    snprintf(p->entry_id, sizeof p->entry_id, "%.*s", LL_ID_LEN - 1, entry_id ? entry_id : "");
    snprintf(p->raised_on, sizeof p->raised_on, "%s", raised);
    snprintf(p->description, sizeof p->description, "%s", description);
    snprintf(p->raiser_name, sizeof p->raiser_name, "%s", raiser);
    if (by) {
        snprintf(p->deputy_id, sizeof p->deputy_id, "%s", by->id);
        snprintf(p->deputy_name, sizeof p->deputy_name, "%s", by->name);
    }
}

static void problem_make(struct fixture *f, struct problem *p, const struct station *s,
                         const char *entry_id, const char *raised, const char *description,
                         const char *raiser, const struct deputy *by)
{
    struct ll_error err = {0};
    problem_fill(p, s, entry_id, raised, description, raiser, by);
    if (problem_save(f->db, p, &err) != LL_OK)
        fail_msg("%s: %s", description, err.msg);
}

/* Moves p to status `to` on date; unit and reply are filled in as the form would. */
static void move(struct fixture *f, struct problem *p, enum problem_status to, const char *date,
                 const char *note)
{
    struct ll_error err = {0};
    if (to == PROBLEM_REFERRED && !p->unit[0])
        snprintf(p->unit, sizeof p->unit, "县交通运输局");
    if (problem_status_closed(to) && !p->reply[0])
        snprintf(p->reply, sizeof p->reply, "已答复群众。");
    if (problem_set_status(f->db, p, to, date, note, &err) != LL_OK)
        fail_msg("%s -> %s on %s: %s", p->description, problem_status_code(to), date, err.msg);
}

/* The county of the list and count tests:
 *   E  station date        time   kind          people  deputies       summary / place
 *   E1 S1  2026-03-05  09:30  reception     12      张三、李四     道路破损 / 联络站
 *   E2 S1  2026-03-20         reception      8      王五           医疗保险 / 联络站
 *   E3 S1  2026-03-31         visit          0      张三           养老服务 / 田间地头
 *   E4 S1  2026-02-28         reception     30      李四、王五     垃圾分类 / 村委会
 *   E5 S1  2026-04-01         solicitation   5      张三、王五     校车接送 / 镇中心学校
 *   E6 S3  2026-03-01         solicitation  20      赵六           灌溉渠 / 村委会
 *   E7 S3  2026-03-15  14:00  exchange       0      赵六           路灯维护 / 联络站
 *   E8 S3  2026-03-15  09:00  reception      7      赵六、钱七     路灯不亮 / 村委会
 * and the problems, with every change of status:
 *   P1 S1  raised 02-20; referred 02-25, in progress 03-01, solved 03-10
 *   P2 S1  raised 03-05 at E1; explained 03-06
 *   P3 S1  raised 03-05 at E1; solved 04-02
 *   P4 S1  raised 03-20 at E2 (by 王五); referred 03-21
 *   P5 S1  raised 01-10; registered
 *   P6 S1  raised 03-10; solved 03-12, reopened (in progress) 03-25
 *   P7 S3  raised 03-15 at E8; not solvable 03-30
 *   P8 S3  raised 04-10; solved 05-01
 *   P9 S3  raised 03-01 at E6; solved 03-31 */
static void make_county(struct fixture *f)
{
    const struct deputy *zl[] = {&f->zhang, &f->li, NULL}, *w[] = {&f->wang, NULL},
                        *z[] = {&f->zhang, NULL}, *lw[] = {&f->li, &f->wang, NULL},
                        *zw[] = {&f->zhang, &f->wang, NULL}, *zh[] = {&f->zhao, NULL},
                        *zq[] = {&f->zhao, &f->qian, NULL};
    entry_make(f, 1, &f->s1, LEDGER_RECEPTION, "2026-03-05", "9:30", "12", "联络站",
               "村民反映竹山村道路破损，雨天出行困难", zl);
    entry_make(f, 2, &f->s1, LEDGER_RECEPTION, "2026-03-20", "", "8", "联络站",
               "群众咨询城乡居民医疗保险缴费标准", w);
    entry_make(f, 3, &f->s1, LEDGER_VISIT, "2026-03-31", "", "0", "田间地头",
               "走访独居老人，了解养老服务需求", z);
    entry_make(f, 4, &f->s1, LEDGER_RECEPTION, "2026-02-28", "", "30", "村委会",
               "接待群众反映垃圾分类设施不足", lw);
    entry_make(f, 5, &f->s1, LEDGER_SOLICIT, "2026-04-01", "", "5", "镇中心学校",
               "就校车接送路线征求家长意见", zw);
    entry_make(f, 6, &f->s3, LEDGER_SOLICIT, "2026-03-01", "", "20", "村委会",
               "征询村民对农田灌溉渠改造的意见", zh);
    entry_make(f, 7, &f->s3, LEDGER_EXCHANGE, "2026-03-15", "14:00", "0", "联络站",
               "代表交流研讨村级路灯维护办法", zh);
    entry_make(f, 8, &f->s3, LEDGER_RECEPTION, "2026-03-15", "09:00", "7", "村委会",
               "群众反映路灯不亮", zq);

    struct problem *p = f->p;
    problem_make(f, &p[1], &f->s1, NULL, "2026-02-20", "竹山村通组公路塌方", "", &f->zhang);
    move(f, &p[1], PROBLEM_REFERRED, "2026-02-25", "");
    move(f, &p[1], PROBLEM_IN_PROGRESS, "2026-03-01", "");
    move(f, &p[1], PROBLEM_SOLVED, "2026-03-10", "");
    problem_make(f, &p[2], &f->s1, f->e[1].id, "2026-03-05", "雨天道路积水", "", &f->zhang);
    move(f, &p[2], PROBLEM_EXPLAINED, "2026-03-06", "");
    problem_make(f, &p[3], &f->s1, f->e[1].id, "2026-03-05", "道路破损需修补", "", &f->li);
    move(f, &p[3], PROBLEM_SOLVED, "2026-04-02", "");
    problem_make(f, &p[4], &f->s1, f->e[2].id, "2026-03-20", "医保报销慢", "", &f->wang);
    move(f, &p[4], PROBLEM_REFERRED, "2026-03-21", "");
    problem_make(f, &p[5], &f->s1, NULL, "2026-01-10", "村口路灯不亮", "", &f->zhang);
    problem_make(f, &p[6], &f->s1, NULL, "2026-03-10", "自来水水压低", "", &f->li);
    move(f, &p[6], PROBLEM_SOLVED, "2026-03-12", "");
    move(f, &p[6], PROBLEM_IN_PROGRESS, "2026-03-25", "群众反映又停水了");
    problem_make(f, &p[7], &f->s3, f->e[8].id, "2026-03-15", "路灯线路老化", "", &f->zhao);
    move(f, &p[7], PROBLEM_UNSOLVABLE, "2026-03-30", "");
    problem_make(f, &p[8], &f->s3, NULL, "2026-04-10", "河道垃圾多", "", &f->zhao);
    move(f, &p[8], PROBLEM_SOLVED, "2026-05-01", "");
    problem_make(f, &p[9], &f->s3, f->e[6].id, "2026-03-01", "灌溉渠漏水", "", &f->zhao);
    move(f, &p[9], PROBLEM_SOLVED, "2026-03-31", "");
}

static int setup_county(void **state)
{
    setup(state);
    make_county(*state);
    return 0;
}

/* ---- listing ----------------------------------------------------------------------------- */

/* The entries the filter lists (first page), as their numbers in the county ("4618"), which
 * must be `want` in this order; ledger_count must agree. */
static void expect_entries(struct fixture *f, const struct ledger_filter *lf, const char *want)
{
    struct ll_error err = {0};
    struct ledger_entry *rows = calloc(MAX_LISTED, sizeof *rows);
    char got[MAX_LISTED + 1] = "";
    int n = 0, counted = -1;
    assert_non_null(rows);
    if (ledger_list(f->db, lf, PAGE_FIRST, NULL, MAX_LISTED, rows, &n, &err) != LL_OK)
        fail_msg("ledger_list(\"%s\"): %s", lf->search, err.msg);
    for (int i = 0; i < n; i++)
        for (int k = 1; k <= NENTRIES; k++)
            if (strcmp(rows[i].id, f->e[k].id) == 0)
                got[strlen(got)] = (char)('0' + k);
    free(rows);
    if (strcmp(got, want) != 0)
        fail_msg("search \"%s\": listed \"%s\", expected \"%s\"", lf->search, got, want);
    assert_int_equal(ledger_count(f->db, lf, &counted, &err), LL_OK);
    assert_int_equal(counted, (int)strlen(want));
}

static void expect_search(struct fixture *f, const char *search, const char *want)
{
    struct ledger_filter lf;
    ledger_filter_init(&lf);
    snprintf(lf.search, sizeof lf.search, "%s", search);
    expect_entries(f, &lf, want);
}

/* The same for problems: numbers of the problems in `numbered` (1-based, up to 9). */
static void expect_problems(struct fixture *f, const struct problem_filter *pf,
                            const struct problem *numbered, int count, const char *want)
{
    struct ll_error err = {0};
    struct problem *rows = calloc(MAX_LISTED, sizeof *rows);
    char got[MAX_LISTED + 1] = "";
    int n = 0, counted = -1;
    assert_non_null(rows);
    if (problem_list(f->db, pf, PAGE_FIRST, NULL, MAX_LISTED, rows, &n, &err) != LL_OK)
        fail_msg("problem_list(\"%s\"): %s", pf->search, err.msg);
    for (int i = 0; i < n; i++)
        for (int k = 1; k <= count; k++)
            if (strcmp(rows[i].id, numbered[k].id) == 0)
                got[strlen(got)] = (char)('0' + k);
    free(rows);
    if (strcmp(got, want) != 0)
        fail_msg("problems \"%s\": listed \"%s\", expected \"%s\"", pf->search, got, want);
    assert_int_equal(problem_count(f->db, pf, &counted, &err), LL_OK);
    assert_int_equal(counted, (int)strlen(want));
}

/* ---- ledger entries ---------------------------------------------------------------------- */

static void test_entry_defaults_and_normalisation(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e, back;
    ledger_init(&e);
    assert_int_equal(e.kind, LEDGER_RECEPTION);
    assert_string_equal(e.date, TODAY);
    assert_string_equal(e.id, "");
    assert_string_equal(e.time, "");
    assert_string_equal(e.people, "");
    assert_int_equal(e.ndeputies, 0);
    assert_string_equal(e.deputy_names, "");

    const struct deputy *z[] = {&f->zhang, NULL};
    entry_fill(&e, &f->s1, LEDGER_RECEPTION, "2026/6/3", "930", "007", "  村委会 ",
               " 接待群众反映路灯问题 ", z);
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_INSERTED);
    assert_int_equal(strlen(e.id), 36);
    assert_string_equal(e.date, "2026-06-03");
    assert_string_equal(e.time, "09:30");
    assert_string_equal(e.people, "7");
    assert_string_equal(e.place, "村委会");
    assert_string_equal(e.summary, "接待群众反映路灯问题");
    assert_int_equal(ledger_get(f->db, e.id, &back, &err), LL_OK);
    assert_string_equal(back.date, "2026-06-03");
    assert_string_equal(back.time, "09:30");
    assert_string_equal(back.people, "7");
    assert_string_equal(back.deputy_names, "张三");
    assert_int_equal(back.ndeputies, 1);
    assert_string_equal(back.station_name, "桃花江镇中心联络站");
    assert_string_equal(back.township_name, "桃花江镇");
    assert_string_equal(back.operator_name, "测试员");
    assert_int_equal(back.problem_count, 0);

    /* 9点30 is the same time: saved again, nothing changes */
    snprintf(back.time, sizeof back.time, "9点30");
    assert_int_equal(ledger_save(f->db, &back, &err), LL_OK);
    assert_string_equal(back.time, "09:30");
    assert_int_equal(db_last_save(f->db), SAVE_UNCHANGED);

    /* people left empty is 0 */
    entry_fill(&e, &f->s1, LEDGER_VISIT, "2026年6月4日", "14点", "", "", "走访", z);
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    assert_string_equal(e.date, "2026-06-04");
    assert_string_equal(e.time, "14:00");
    assert_string_equal(e.people, "0");
}

/* Each case breaks one thing of an entry that is otherwise right. */
static void expect_refused(struct fixture *f, struct ledger_entry *e, const char *field,
                           const char *msg)
{
    struct ll_error err = {0};
    assert_int_equal(ledger_save(f->db, e, &err), LL_EINVAL);
    assert_string_equal(err.field, field);
    assert_string_equal(err.msg, msg);
    assert_string_equal(e->id, ""); /* nothing kept of the failed insert */
}

static void test_entry_validation(void **state)
{
    struct fixture *f = *state;
    struct ledger_entry e;
    const struct deputy *z[] = {&f->zhang, NULL};
#define BASE() entry_fill(&e, &f->s1, LEDGER_RECEPTION, "2026-06-01", "9:00", "3", "", "接待", z)
    BASE();
    e.summary[0] = '\0';
    expect_refused(f, &e, "summary", "请填写内容摘要：做了什么，群众反映了什么。");
    BASE();
    ledger_toggle_deputy(&e, f->zhang.id, f->zhang.name);
    assert_int_equal(e.ndeputies, 0);
    expect_refused(f, &e, "deputy_names", "请选择到场的代表（至少一位）。");
    BASE();
    snprintf(e.date, sizeof e.date, "2026-07-01");
    expect_refused(f, &e, "date", "日期 2026-07-01 在今天之后，台账只记已经发生的事。");
    BASE();
    snprintf(e.date, sizeof e.date, "2026-02-30");
    expect_refused(f, &e, "date", "日期「2026-02-30」不对，请写成 2026-03-15 这样。");
    BASE();
    snprintf(e.time, sizeof e.time, "25:00");
    expect_refused(f, &e, "time", "时间「25:00」不对，请写成 9:30 这样。");
    const char *not_people[] = {"12a", "-3", "123456", "十二"};
    for (size_t i = 0; i < sizeof not_people / sizeof not_people[0]; i++) {
        BASE();
        snprintf(e.people, sizeof e.people, "%s", not_people[i]);
        expect_refused(f, &e, "people", "接待人次请填 0 到 99999 之间的整数。");
    }
    BASE();
    snprintf(e.station_id, sizeof e.station_id, GONE_ID);
    expect_refused(f, &e, "station_id", "所选联络站已不存在，请重新选择。");
    BASE();
    snprintf(e.deputy_ids[0], sizeof e.deputy_ids[0], GONE_ID);
    expect_refused(f, &e, "deputy_names", "到场代表中有人已不在代表名册中，请重新选择。");
    BASE();
    e.station_id[0] = '\0';
    expect_refused(f, &e, "station_id", "请选择联络站。");
#undef BASE
    struct ll_error err = {0};
    struct ledger_filter lf;
    int n = -1;
    ledger_filter_init(&lf);
    assert_int_equal(ledger_count(f->db, &lf, &n, &err), LL_OK);
    assert_int_equal(n, 0); /* none of them was saved */
}

static void test_entry_update_outcomes(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e, back;
    const struct deputy *z[] = {&f->zhang, NULL};
    entry_fill(&e, &f->s1, LEDGER_RECEPTION, "2026-06-01", "", "3", "", "接待群众", z);
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_INSERTED);
    assert_true(ledger_toggle_deputy(&e, f->li.id, f->li.name));
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UPDATED);
    assert_int_equal(ledger_get(f->db, e.id, &back, &err), LL_OK);
    assert_string_equal(back.deputy_names, "张三、李四");
    assert_int_equal(back.ndeputies, 2);

    /* the same again: nothing changes, not even the time of the last change */
    assert_int_equal(ledger_save(f->db, &back, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UNCHANGED);
    struct ledger_entry again;
    assert_int_equal(ledger_get(f->db, e.id, &again, &err), LL_OK);
    assert_string_equal(again.updated_at, back.updated_at);

    /* another 张三 (a namesake of 修山镇) instead of this one: the names read the same, only the
     * deputies differ, and that is an update */
    struct deputy namesake;
    make_deputy(f, "张三", &f->s3, &namesake);
    for (int i = 0; i < again.ndeputies; i++)
        if (strcmp(again.deputy_ids[i], f->zhang.id) == 0)
            snprintf(again.deputy_ids[i], sizeof again.deputy_ids[i], "%s", namesake.id);
    assert_int_equal(ledger_save(f->db, &again, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UPDATED);
    assert_int_equal(ledger_get(f->db, e.id, &back, &err), LL_OK);
    assert_string_equal(back.deputy_names, "张三、李四");
    bool has_namesake = false, has_zhang = false;
    for (int i = 0; i < back.ndeputies; i++) {
        has_namesake |= strcmp(back.deputy_ids[i], namesake.id) == 0;
        has_zhang |= strcmp(back.deputy_ids[i], f->zhang.id) == 0;
    }
    assert_true(has_namesake);
    assert_false(has_zhang);
    /* insert, the deputy added, the namesake: three entries in the audit log */
    assert_int_equal(audit_count(f, e.id), 3);
}

static void expect_present(const struct ledger_entry *e, const char *names, int n)
{
    assert_string_equal(e->deputy_names, names);
    assert_int_equal(e->ndeputies, n);
}

static void test_toggle_deputy(void **state)
{
    (void)state;
    struct ledger_entry e;
    ledger_init(&e);
    assert_true(ledger_toggle_deputy(&e, "id-a", "张三"));
    expect_present(&e, "张三", 1);
    assert_true(ledger_toggle_deputy(&e, "id-b", "李四"));
    assert_true(ledger_toggle_deputy(&e, "id-c", "王五"));
    expect_present(&e, "张三、李四、王五", 3);
    /* removing returns false (nothing was added) */
    assert_false(ledger_toggle_deputy(&e, "id-b", "李四")); /* the middle one */
    expect_present(&e, "张三、王五", 2);
    assert_string_equal(e.deputy_ids[0], "id-a");
    assert_string_equal(e.deputy_ids[1], "id-c");
    assert_true(ledger_toggle_deputy(&e, "id-b", "李四"));
    expect_present(&e, "张三、王五、李四", 3);
    assert_false(ledger_toggle_deputy(&e, "id-a", "张三")); /* the first */
    expect_present(&e, "王五、李四", 2);
    assert_false(ledger_toggle_deputy(&e, "id-b", "李四")); /* the last */
    expect_present(&e, "王五", 1);
    assert_false(ledger_toggle_deputy(&e, "id-c", "王五")); /* the only one */
    expect_present(&e, "", 0);

    /* a name inside another: only the whole name goes */
    assert_true(ledger_toggle_deputy(&e, "id-d", "张三丰"));
    assert_true(ledger_toggle_deputy(&e, "id-a", "张三"));
    assert_false(ledger_toggle_deputy(&e, "id-a", "张三"));
    expect_present(&e, "张三丰", 1);
    assert_false(ledger_toggle_deputy(&e, "id-d", "张三丰"));
    /* names in Latin letters, one the end of the other (no separator before it to look at) */
    assert_true(ledger_toggle_deputy(&e, "id-x", "AB"));
    assert_true(ledger_toggle_deputy(&e, "id-y", "B"));
    assert_false(ledger_toggle_deputy(&e, "id-y", "B"));
    expect_present(&e, "AB", 1);
    assert_false(ledger_toggle_deputy(&e, "id-x", "AB"));

    /* LEDGER_DEPUTIES_MAX (40) at the most */
    char id[16], name[16];
    for (int i = 0; i < LEDGER_DEPUTIES_MAX; i++) {
        snprintf(id, sizeof id, "id-%d", i);
        snprintf(name, sizeof name, "代表%d", i);
        assert_true(ledger_toggle_deputy(&e, id, name));
    }
    assert_false(ledger_toggle_deputy(&e, "id-more", "代表甲"));
    assert_int_equal(e.ndeputies, LEDGER_DEPUTIES_MAX);
    assert_null(strstr(e.deputy_names, "代表甲"));
}

static void test_last_deputies(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry into;
    /* S1's latest is E5 (04-01): 张三 and 王五, in pinyin order (wang before zhang) */
    ledger_init(&into);
    assert_int_equal(ledger_last_deputies(f->db, f->s1.id, &into, &err), LL_OK);
    expect_present(&into, "王五、张三", 2);
    /* S3: E7 (03-15 14:00, 赵六) is later than E8 (03-15 09:00, 赵六、钱七) though saved first */
    ledger_init(&into);
    assert_int_equal(ledger_last_deputies(f->db, f->s3.id, &into, &err), LL_OK);
    expect_present(&into, "赵六", 1);
    assert_string_equal(into.deputy_ids[0], f->zhao.id);
    /* S2 has no entry */
    ledger_init(&into);
    assert_int_equal(ledger_last_deputies(f->db, f->s2.id, &into, &err), LL_OK);
    expect_present(&into, "", 0);
}

static void test_entry_delete_keeps_problems(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry back;
    char where[96];
    /* P2 and P3 were raised at E1 */
    assert_int_equal(ledger_get(f->db, f->e[1].id, &back, &err), LL_OK);
    assert_int_equal(back.problem_count, 2);
    int p2_audit = audit_count(f, f->p[2].id);
    assert_int_equal(ledger_delete(f->db, f->e[1].id, &err), LL_OK);
    assert_int_equal(ledger_get(f->db, f->e[1].id, &back, &err), LL_ENOTFOUND);
    struct problem p;
    for (int k = 2; k <= 3; k++) {
        assert_int_equal(problem_get(f->db, f->p[k].id, 30, &p, &err), LL_OK);
        assert_string_equal(p.entry_id, "");
        assert_string_equal(p.description, f->p[k].description);
    }
    assert_int_equal(audit_count(f, f->p[2].id), p2_audit + 1); /* its link, let go */
    snprintf(where, sizeof where, "entry_id = '%s'", f->e[1].id);
    assert_int_equal(count_rows(f, "ledger_deputy", where), 0);
    snprintf(where, sizeof where, "record_id = '%s' AND action = 'delete'", f->e[1].id);
    assert_int_equal(count_rows(f, "audit_log", where), 1);
    /* the problems of another entry keep theirs */
    assert_int_equal(problem_get(f->db, f->p[4].id, 30, &p, &err), LL_OK);
    assert_string_equal(p.entry_id, f->e[2].id);
}

/* An entry's date or station corrected: the problems raised at it (on its day, at its station)
 * go with it, their history too, unless a problem was already handled before the new date. */
static void test_entry_moves_its_problems(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e;
    struct problem p;
    char where[160];
    /* E1 (03-05, S1) has P2 (explained 03-06) and P3 (solved 04-02) */
    assert_int_equal(ledger_get(f->db, f->e[1].id, &e, &err), LL_OK);
    snprintf(e.date, sizeof e.date, "%s", "2026-03-04");
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    for (int k = 2; k <= 3; k++) {
        assert_int_equal(problem_get(f->db, f->p[k].id, 30, &p, &err), LL_OK);
        assert_string_equal(p.raised_on, "2026-03-04");
        snprintf(where, sizeof where, "problem_id = '%s' AND from_status = '' AND on_date = '%s'",
                 f->p[k].id, "2026-03-04");
        assert_int_equal(count_rows(f, "problem_event", where), 1);
    }
    /* 03-07 is after P2 was answered (03-06): refused, and nothing moved */
    snprintf(e.date, sizeof e.date, "%s", "2026-03-07");
    assert_int_equal(ledger_save(f->db, &e, &err), LL_EINVAL);
    assert_string_equal(err.field, "date");
    assert_non_null(strstr(err.msg, "雨天道路积水"));
    assert_int_equal(ledger_get(f->db, f->e[1].id, &e, &err), LL_OK);
    assert_string_equal(e.date, "2026-03-04");
    assert_int_equal(problem_get(f->db, f->p[3].id, 30, &p, &err), LL_OK);
    assert_string_equal(p.raised_on, "2026-03-04");
    /* moved to S2: both problems and all of their history (P2: 2 events, P3: 2) */
    snprintf(e.station_id, sizeof e.station_id, "%s", f->s2.id);
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    for (int k = 2; k <= 3; k++) {
        assert_int_equal(problem_get(f->db, f->p[k].id, 30, &p, &err), LL_OK);
        assert_string_equal(p.station_id, f->s2.id);
        snprintf(where, sizeof where, "problem_id = '%s' AND station_id = '%s'", f->p[k].id,
                 f->s2.id);
        assert_int_equal(count_rows(f, "problem_event", where), 2);
    }
    /* P4, raised at E2, stays where it was */
    assert_int_equal(problem_get(f->db, f->p[4].id, 30, &p, &err), LL_OK);
    assert_string_equal(p.station_id, f->s1.id);
}

/* What a save may not lose: the names of deputies who have left the roster, a closed problem's
 * reply, a referred one's unit; and a problem raised at an entry stays at that entry's station. */
static void test_saves_keep_what_was_recorded(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    const struct deputy *wang[] = {&f->wang, NULL};
    entry_make(f, 1, &f->s1, LEDGER_RECEPTION, "2026-06-01", "", "3", "联络站", "接待群众", wang);
    struct problem p, q, back;
    problem_make(f, &p, &f->s1, f->e[1].id, "2026-06-01", "路灯不亮", "", &f->wang);
    assert_int_equal(deputy_delete(f->db, f->wang.id, &err), LL_OK);

    /* the entry: no deputy on the roster any more, the name on record; it can still be edited */
    struct ledger_entry e;
    assert_int_equal(ledger_get(f->db, f->e[1].id, &e, &err), LL_OK);
    assert_int_equal(e.ndeputies, 0);
    assert_string_equal(e.deputy_names, "王五");
    snprintf(e.place, sizeof e.place, "%s", "村委会");
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    assert_int_equal(ledger_get(f->db, f->e[1].id, &e, &err), LL_OK);
    assert_string_equal(e.deputy_names, "王五");
    assert_string_equal(e.place, "村委会");

    /* the problem keeps the name of the deputy who took it up through a save */
    assert_int_equal(problem_get(f->db, p.id, 30, &back, &err), LL_OK);
    assert_string_equal(back.deputy_id, "");
    snprintf(back.note, sizeof back.note, "%s", "已电话回访");
    assert_int_equal(problem_save(f->db, &back, &err), LL_OK);
    assert_int_equal(problem_get(f->db, p.id, 30, &back, &err), LL_OK);
    assert_string_equal(back.deputy_name, "王五");

    /* referred: its unit stays */
    move(f, &back, PROBLEM_REFERRED, "2026-06-02", "");
    back.unit[0] = '\0';
    assert_int_equal(problem_save(f->db, &back, &err), LL_EINVAL);
    assert_string_equal(err.field, "unit");
    /* solved: its reply stays */
    assert_int_equal(problem_get(f->db, p.id, 30, &back, &err), LL_OK);
    move(f, &back, PROBLEM_SOLVED, "2026-06-03", "");
    back.reply[0] = '\0';
    assert_int_equal(problem_save(f->db, &back, &err), LL_EINVAL);
    assert_string_equal(err.field, "reply");
    /* solved after being referred: the unit still stays */
    assert_int_equal(problem_get(f->db, p.id, 30, &back, &err), LL_OK);
    back.unit[0] = '\0';
    assert_int_equal(problem_save(f->db, &back, &err), LL_EINVAL);
    assert_string_equal(err.field, "unit");

    /* a problem of S3 cannot be linked to S1's entry */
    problem_fill(&q, &f->s3, f->e[1].id, "2026-06-01", "渠道淤塞", "", NULL);
    assert_int_equal(problem_save(f->db, &q, &err), LL_EINVAL);
    assert_string_equal(err.field, "station_id");
}

static void test_entry_filters(void **state)
{
    struct fixture *f = *state;
    struct ledger_filter lf;
    /* every list is in date (and time) order:
     * E4 02-28, E6 03-01, E1 03-05, E8 03-15 09:00, E7 03-15 14:00, E2 03-20, E3 03-31, E5 04-01 */
    ledger_filter_init(&lf);
    expect_entries(f, &lf, "46187235");
    snprintf(lf.station_id, sizeof lf.station_id, "%s", f->s1.id);
    expect_entries(f, &lf, "41235"); /* E1..E5 */
    snprintf(lf.station_id, sizeof lf.station_id, "%s", f->s2.id);
    expect_entries(f, &lf, "");
    snprintf(lf.station_id, sizeof lf.station_id, "%s", f->s3.id);
    expect_entries(f, &lf, "687");

    ledger_filter_init(&lf);
    snprintf(lf.township_id, sizeof lf.township_id, "%s", f->t1.id);
    expect_entries(f, &lf, "41235");
    snprintf(lf.township_id, sizeof lf.township_id, "%s", f->t2.id);
    expect_entries(f, &lf, "687");

    ledger_filter_init(&lf);
    lf.kind = LEDGER_RECEPTION;
    expect_entries(f, &lf, "4182");
    lf.kind = LEDGER_VISIT;
    expect_entries(f, &lf, "3");
    lf.kind = LEDGER_SOLICIT;
    expect_entries(f, &lf, "65");
    lf.kind = LEDGER_EXCHANGE;
    expect_entries(f, &lf, "7");
    lf.kind = LEDGER_APPRAISAL;
    expect_entries(f, &lf, "");

    ledger_filter_init(&lf);
    snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", f->zhang.id);
    expect_entries(f, &lf, "135");
    snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", f->wang.id);
    expect_entries(f, &lf, "425");
    snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", f->li.id);
    expect_entries(f, &lf, "41");
    snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", f->qian.id);
    expect_entries(f, &lf, "8");

    /* periods, both ends included */
    ledger_filter_init(&lf);
    snprintf(lf.from, sizeof lf.from, "2026-03-01");
    snprintf(lf.to, sizeof lf.to, "2026-03-31");
    expect_entries(f, &lf, "618723");
    lf.to[0] = '\0';
    snprintf(lf.from, sizeof lf.from, "2026-03-15");
    expect_entries(f, &lf, "87235");
    lf.from[0] = '\0';
    snprintf(lf.to, sizeof lf.to, "2026-03-01");
    expect_entries(f, &lf, "46");

    /* together: S1's receptions from March on */
    ledger_filter_init(&lf);
    snprintf(lf.station_id, sizeof lf.station_id, "%s", f->s1.id);
    lf.kind = LEDGER_RECEPTION;
    snprintf(lf.from, sizeof lf.from, "2026-03-01");
    expect_entries(f, &lf, "12");
}

static void test_entry_search(void **state)
{
    struct fixture *f = *state;
    /* three characters or more: the trigram index (summary, place, names) */
    expect_search(f, "医疗保险", "2");
    expect_search(f, "垃圾分类", "4");
    expect_search(f, "灌溉渠", "6");
    expect_search(f, "路灯不亮", "8");
    expect_search(f, "田间地头", "3");   /* a place */
    expect_search(f, "联络站", "172");   /* the place of E1, E7, E2 */
    expect_search(f, "张三、李四", "1"); /* the names as shown */
    /* one or two characters: instr on the table */
    expect_search(f, "路灯", "87");  /* 路灯不亮 (E8), 路灯维护 (E7) */
    expect_search(f, "道路", "1");   /* not E5's 接送路线 */
    expect_search(f, "张三", "135"); /* in the names of E1, E3, E5 */
    expect_search(f, "渠", "6");
    /* pinyin initials of a deputy present */
    expect_search(f, "zs", "135");
    expect_search(f, "ZS", "135");
    expect_search(f, "ww", "425"); /* 王五 at E4, E2, E5 */
    expect_search(f, "qq", "8");   /* 钱七 */
    expect_search(f, "zsl", ""); /* 张三、李四: initials never run from one name into the next */
    expect_search(f, "sl", "");
    /* quotes are text, never FTS syntax */
    expect_search(f, "路\"灯", "");
    expect_search(f, "\"", "");
    expect_search(f, "\"路灯\"", "");
    expect_search(f, "路灯 OR 道路", "");
    /* the spaces around what was typed do not count */
    expect_search(f, "路灯 ", "87");
    expect_search(f, " 医疗保险 ", "2");
    expect_search(f, "  ", "46187235");
    expect_search(f, "没有这回事", "");
}

static void test_entry_paging(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_filter lf;
    struct ledger_entry rows[3];
    int n = 0;
    ledger_filter_init(&lf);
    /* in order: E4 E6 E1 E8 E7 E2 E3 E5 */
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].id, f->e[4].id);
    assert_string_equal(rows[1].id, f->e[6].id);
    assert_string_equal(rows[2].id, f->e[1].id);
    char anchor[LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s", rows[2].sort_key);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, anchor, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].id, f->e[8].id); /* 09:00 before 14:00 the same day */
    assert_string_equal(rows[1].id, f->e[7].id);
    assert_string_equal(rows[2].id, f->e[2].id);
    assert_string_equal(rows[0].time, "09:00");
    assert_string_equal(rows[0].deputy_names, "赵六、钱七");
    assert_string_equal(rows[0].station_name, "修山镇中心联络站");
    snprintf(anchor, sizeof anchor, "%s", rows[0].sort_key);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_BEFORE, anchor, 2, rows, &n, &err), LL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].id, f->e[6].id); /* ascending, even going back */
    assert_string_equal(rows[1].id, f->e[1].id);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_LAST, NULL, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].id, f->e[2].id);
    assert_string_equal(rows[1].id, f->e[3].id);
    assert_string_equal(rows[2].id, f->e[5].id);
    snprintf(anchor, sizeof anchor, "%s", rows[2].sort_key);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, anchor, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 0); /* nothing after the last */
    /* a filtered list pages the same way */
    lf.kind = LEDGER_RECEPTION; /* E4 E1 E8 E2 */
    assert_int_equal(ledger_list(f->db, &lf, PAGE_FIRST, NULL, 2, rows, &n, &err), LL_OK);
    assert_int_equal(n, 2);
    snprintf(anchor, sizeof anchor, "%s", rows[1].sort_key);
    assert_int_equal(ledger_list(f->db, &lf, PAGE_AFTER, anchor, 3, rows, &n, &err), LL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].id, f->e[8].id);
    assert_string_equal(rows[1].id, f->e[2].id);
    /* and shows how many problems each entry had: E1 two (P2, P3), E8 one (P7) */
    assert_int_equal(ledger_get(f->db, f->e[1].id, &rows[0], &err), LL_OK);
    assert_int_equal(rows[0].problem_count, 2);
    assert_int_equal(ledger_get(f->db, f->e[8].id, &rows[0], &err), LL_OK);
    assert_int_equal(rows[0].problem_count, 1);
}

/* ---- problems ---------------------------------------------------------------------------- */

static void test_status_allowed(void **state)
{
    (void)state;
    /* from (row) -> to (column): registered, referred, in progress, solved, explained,
     * unsolvable. Forward only, steps may be skipped; a closed one only reopens (in progress);
     * never to itself. */
    static const bool want[PROBLEM_STATUS_COUNT][PROBLEM_STATUS_COUNT] = {
        /*             reg    ref    inp    sol    exp    uns */
        /* reg */ {false, true, true, true, true, true},
        /* ref */ {false, false, true, true, true, true},
        /* inp */ {false, false, false, true, true, true},
        /* sol */ {false, false, true, false, false, false},
        /* exp */ {false, false, true, false, false, false},
        /* uns */ {false, false, true, false, false, false},
    };
    for (int from = 0; from < PROBLEM_STATUS_COUNT; from++)
        for (int to = 0; to < PROBLEM_STATUS_COUNT; to++)
            if (problem_status_allowed((enum problem_status)from, (enum problem_status)to) !=
                want[from][to])
                fail_msg("%s -> %s", problem_status_code((enum problem_status)from),
                         problem_status_code((enum problem_status)to));
    assert_false(problem_status_allowed(PROBLEM_STATUS_COUNT, PROBLEM_SOLVED));
    assert_false(problem_status_allowed(PROBLEM_REGISTERED, PROBLEM_STATUS_COUNT));
}

static void expect_status_refused(struct fixture *f, struct problem *p, enum problem_status to,
                                  const char *date, const char *note, const char *field)
{
    struct ll_error err = {0};
    struct problem before;
    assert_int_equal(problem_get(f->db, p->id, 30, &before, &err), LL_OK);
    assert_int_equal(problem_set_status(f->db, p, to, date, note, &err), LL_EINVAL);
    assert_string_equal(err.field, field);
    struct problem after;
    assert_int_equal(problem_get(f->db, p->id, 30, &after, &err), LL_OK);
    assert_int_equal(after.status, before.status);
    assert_string_equal(after.status_on, before.status_on);
    assert_string_equal(after.updated_at, before.updated_at);
}

struct history {
    int n;
    struct problem_event events[8];
};

static int collect_event(void *ctx, const struct problem_event *e)
{
    struct history *h = ctx;
    if (h->n < 8)
        h->events[h->n++] = *e;
    return 0;
}

static void expect_event(const struct history *h, int i, enum problem_status from,
                         enum problem_status to, const char *date, const char *note)
{
    assert_true(i < h->n);
    assert_int_equal(h->events[i].from, from);
    assert_int_equal(h->events[i].to, to);
    assert_string_equal(h->events[i].on_date, date);
    assert_string_equal(h->events[i].note, note);
    assert_string_equal(h->events[i].operator_name, "测试员");
}

static void test_problem_status(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct problem p;
    problem_make(f, &p, &f->s1, NULL, "2026-06-01", "村道塌方", "王小明", &f->zhang);
    assert_int_equal(p.status, PROBLEM_REGISTERED);

    /* referring needs the unit */
    expect_status_refused(f, &p, PROBLEM_REFERRED, "2026-06-05", "", "unit");
    assert_int_equal(problem_set_status(f->db, &p, PROBLEM_REFERRED, "2026-06-05", "", &err),
                     LL_EINVAL);
    assert_string_equal(err.msg, "交办时请填写交办单位。");
    snprintf(p.unit, sizeof p.unit, "县交通运输局");
    expect_status_refused(f, &p, PROBLEM_REFERRED, "2026-05-31", "", "date"); /* before 06-01 */
    expect_status_refused(f, &p, PROBLEM_REFERRED, "2026-07-01", "", "date"); /* to come */
    expect_status_refused(f, &p, PROBLEM_REFERRED, "6月32日", "", "date");
    assert_int_equal(
        problem_set_status(f->db, &p, PROBLEM_REFERRED, "2026/6/5", "交县交通运输局", &err), LL_OK);
    assert_int_equal(p.status, PROBLEM_REFERRED);
    assert_string_equal(p.status_on, "2026-06-05");
    assert_string_equal(p.closed_on, "");
    assert_string_equal(p.unit, "县交通运输局");

    /* never backwards, nor to where it is */
    expect_status_refused(f, &p, PROBLEM_REGISTERED, "2026-06-06", "", "status");
    expect_status_refused(f, &p, PROBLEM_REFERRED, "2026-06-06", "", "status");
    /* closing needs the reply to the constituent */
    expect_status_refused(f, &p, PROBLEM_SOLVED, "2026-06-10", "", "reply");
    move(f, &p, PROBLEM_IN_PROGRESS, "2026-06-05", "已派人勘察"); /* the same day is fine */
    snprintf(p.reply, sizeof p.reply, "塌方路段已修复。");
    move(f, &p, PROBLEM_SOLVED, "2026-06-10", "");
    assert_int_equal(p.status, PROBLEM_SOLVED);
    assert_string_equal(p.status_on, "2026-06-10");
    assert_string_equal(p.closed_on, "2026-06-10");
    p.feedback = FEEDBACK_SATISFIED;
    assert_int_equal(problem_save(f->db, &p, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UPDATED);

    /* a closed problem only reopens, with a reason */
    expect_status_refused(f, &p, PROBLEM_REFERRED, "2026-06-20", "又塌了", "status");
    expect_status_refused(f, &p, PROBLEM_EXPLAINED, "2026-06-20", "又塌了", "status");
    expect_status_refused(f, &p, PROBLEM_IN_PROGRESS, "2026-06-20", "", "note");
    expect_status_refused(f, &p, PROBLEM_IN_PROGRESS, "2026-06-20", "   ", "note");
    move(f, &p, PROBLEM_IN_PROGRESS, "2026-06-20", "群众反映路面又塌了");
    assert_int_equal(p.status, PROBLEM_IN_PROGRESS);
    assert_string_equal(p.status_on, "2026-06-20");
    assert_string_equal(p.closed_on, "");
    assert_int_equal(p.feedback, FEEDBACK_NONE); /* the old word was about the old answer */
    assert_string_equal(p.unit, "县交通运输局");

    /* every change, in order, and none of the refused ones */
    struct history h = {0};
    assert_int_equal(problem_history(f->db, p.id, collect_event, &h, &err), LL_OK);
    assert_int_equal(h.n, 5);
    expect_event(&h, 0, PROBLEM_STATUS_COUNT, PROBLEM_REGISTERED, "2026-06-01", "");
    /* the unit referred to goes into the history, before the note */
    expect_event(&h, 1, PROBLEM_REGISTERED, PROBLEM_REFERRED, "2026-06-05",
                 "交办县交通运输局：交县交通运输局");
    expect_event(&h, 2, PROBLEM_REFERRED, PROBLEM_IN_PROGRESS, "2026-06-05", "已派人勘察");
    expect_event(&h, 3, PROBLEM_IN_PROGRESS, PROBLEM_SOLVED, "2026-06-10", "");
    expect_event(&h, 4, PROBLEM_SOLVED, PROBLEM_IN_PROGRESS, "2026-06-20", "群众反映路面又塌了");
    /* a registration and four changes of status in the audit log, and the feedback */
    assert_int_equal(audit_count(f, p.id), 6);

    /* no date: today */
    move(f, &p, PROBLEM_EXPLAINED, "", "");
    assert_string_equal(p.closed_on, TODAY);
}

static void test_problem_feedback_and_dates(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct problem p;
    /* the constituent's word comes after the answer: not on a new problem, whatever status the
     * form claims, nor on an open one */
    problem_fill(&p, &f->s1, NULL, "2026-06-10", "路灯不亮", "", NULL);
    p.feedback = FEEDBACK_SATISFIED;
    assert_int_equal(problem_save(f->db, &p, &err), LL_EINVAL);
    assert_string_equal(err.field, "feedback");
    assert_string_equal(p.id, "");
    problem_fill(&p, &f->s1, NULL, "2026-06-10", "路灯不亮", "", NULL);
    p.status = PROBLEM_SOLVED;
    p.feedback = FEEDBACK_SATISFIED;
    assert_int_equal(problem_save(f->db, &p, &err), LL_EINVAL);
    assert_string_equal(err.field, "feedback");
    problem_make(f, &p, &f->s1, NULL, "2026-06-10", "路灯不亮", "", NULL);
    assert_int_equal(p.status, PROBLEM_REGISTERED);
    p.feedback = FEEDBACK_BASICALLY;
    assert_int_equal(problem_save(f->db, &p, &err), LL_EINVAL);
    assert_string_equal(err.field, "feedback");
    p.feedback = FEEDBACK_NONE;

    /* the date raised, edited: the registration in the history moves with it, and so does the
     * date of the last change while there was no other (idle: 06-05 .. 06-30 = 25 days) */
    snprintf(p.raised_on, sizeof p.raised_on, "2026-06-05");
    assert_int_equal(problem_save(f->db, &p, &err), LL_OK);
    assert_int_equal(problem_get(f->db, p.id, 30, &p, &err), LL_OK);
    assert_string_equal(p.status_on, "2026-06-05");
    assert_int_equal(p.idle_days, 25);
    struct history h = {0};
    assert_int_equal(problem_history(f->db, p.id, collect_event, &h, &err), LL_OK);
    assert_int_equal(h.n, 1);
    expect_event(&h, 0, PROBLEM_STATUS_COUNT, PROBLEM_REGISTERED, "2026-06-05", "");
    /* once it has moved on (06-12), it cannot have been raised after that */
    snprintf(p.unit, sizeof p.unit, "镇规划建设办");
    move(f, &p, PROBLEM_REFERRED, "2026-06-12", "");
    snprintf(p.raised_on, sizeof p.raised_on, "2026-06-13");
    assert_int_equal(problem_save(f->db, &p, &err), LL_EINVAL);
    assert_string_equal(err.field, "raised_on");
    snprintf(p.raised_on, sizeof p.raised_on, "2026-06-01");
    assert_int_equal(problem_save(f->db, &p, &err), LL_OK);
    assert_int_equal(problem_get(f->db, p.id, 30, &p, &err), LL_OK);
    assert_string_equal(p.status_on, "2026-06-12"); /* still its last change */
    h.n = 0;
    assert_int_equal(problem_history(f->db, p.id, collect_event, &h, &err), LL_OK);
    assert_int_equal(h.n, 2);
    expect_event(&h, 0, PROBLEM_STATUS_COUNT, PROBLEM_REGISTERED, "2026-06-01", "");
    expect_event(&h, 1, PROBLEM_REGISTERED, PROBLEM_REFERRED, "2026-06-12", "交办镇规划建设办");
    /* a future date raised */
    snprintf(p.raised_on, sizeof p.raised_on, "2026-07-01");
    assert_int_equal(problem_save(f->db, &p, &err), LL_EINVAL);
    assert_string_equal(err.field, "raised_on");
}

/* Five problems for the overdue tests (overdue: open, last change more than 30 days before
 * 2026-06-30; May has 31 days, so 05-31 is 30 days back and 05-30 already 31):
 *   Q1 raised 05-31, registered           idle 30 (June 30 - May 31)       not overdue
 *   Q2 raised 05-30, registered           idle 31                          overdue
 *   Q3 raised 01-01, referred 06-01       idle 29                          not overdue
 *   Q4 raised 01-02, solved 01-05         closed (idle 26+28+31+30+31+30 = 176)
 *   Q5 raised 03-01, in progress 04-01    idle 29+31+30 = 90               overdue */
static void make_overdue_set(struct fixture *f, struct problem q[6])
{
    problem_make(f, &q[1], &f->s1, NULL, "2026-05-31", "村口路灯坏了三个月", "王小明", &f->zhang);
    problem_make(f, &q[2], &f->s1, NULL, "2026-05-30", "灌溉水渠堵塞", "陈秀英", &f->li);
    problem_make(f, &q[3], &f->s3, NULL, "2026-01-01", "校车接送点太远", "", &f->li);
    snprintf(q[3].unit, sizeof q[3].unit, "县教育局");
    move(f, &q[3], PROBLEM_REFERRED, "2026-06-01", "");
    problem_make(f, &q[4], &f->s3, NULL, "2026-01-02", "医保报销比例咨询", "刘芳", &f->wang);
    move(f, &q[4], PROBLEM_SOLVED, "2026-01-05", "");
    problem_make(f, &q[5], &f->s1, NULL, "2026-03-01", "垃圾清运不及时", "王小明", &f->zhao);
    move(f, &q[5], PROBLEM_IN_PROGRESS, "2026-04-01", "");
}

static void test_overdue(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct problem q[6], got;
    make_overdue_set(f, q);
    static const struct {
        int idle;
        bool overdue;
    } want[6] = {{0, false}, {30, false}, {31, true}, {29, false}, {176, false}, {90, true}};
    for (int k = 1; k <= 5; k++) {
        assert_int_equal(problem_get(f->db, q[k].id, 30, &got, &err), LL_OK);
        if (got.idle_days != want[k].idle || got.overdue != want[k].overdue)
            fail_msg("Q%d: idle %d overdue %d", k, got.idle_days, got.overdue);
    }
    /* the overdue days are the caller's (lianluo.ini): at 29, Q1 (30) is overdue too, Q3 (29)
     * is not */
    assert_int_equal(problem_get(f->db, q[1].id, 29, &got, &err), LL_OK);
    assert_true(got.overdue);
    assert_int_equal(problem_get(f->db, q[3].id, 29, &got, &err), LL_OK);
    assert_false(got.overdue);

    /* lists, by date raised */
    struct problem_filter pf;
    problem_filter_init(&pf);
    assert_int_equal(pf.overdue_days, 30);
    expect_problems(f, &pf, q, 5, "34521");
    pf.overdue_only = true;
    expect_problems(f, &pf, q, 5, "52");
    pf.overdue_days = 29;
    expect_problems(f, &pf, q, 5, "521");
    pf.overdue_days = 30;
    pf.status = PROBLEM_REGISTERED;
    expect_problems(f, &pf, q, 5, "2");
    pf.overdue_only = false;
    expect_problems(f, &pf, q, 5, "21");
    pf.status = PSF_OPEN;
    expect_problems(f, &pf, q, 5, "3521");
    pf.status = PSF_CLOSED;
    expect_problems(f, &pf, q, 5, "4");
    pf.status = PROBLEM_REFERRED;
    expect_problems(f, &pf, q, 5, "3");
    pf.status = PROBLEM_IN_PROGRESS;
    expect_problems(f, &pf, q, 5, "5");
    pf.status = PROBLEM_SOLVED;
    expect_problems(f, &pf, q, 5, "4");
    pf.status = PROBLEM_EXPLAINED;
    expect_problems(f, &pf, q, 5, "");
    problem_filter_init(&pf);
    snprintf(pf.station_id, sizeof pf.station_id, "%s", f->s3.id);
    expect_problems(f, &pf, q, 5, "34");
    problem_filter_init(&pf);
    snprintf(pf.township_id, sizeof pf.township_id, "%s", f->t1.id);
    expect_problems(f, &pf, q, 5, "521");
    problem_filter_init(&pf);
    snprintf(pf.unit, sizeof pf.unit, "教育");
    expect_problems(f, &pf, q, 5, "3");
    problem_filter_init(&pf);
    snprintf(pf.from, sizeof pf.from, "2026-03-01");
    snprintf(pf.to, sizeof pf.to, "2026-05-30");
    expect_problems(f, &pf, q, 5, "52");
}

static void expect_problem_search(struct fixture *f, const struct problem q[6], const char *search,
                                  const char *want)
{
    struct problem_filter pf;
    problem_filter_init(&pf);
    snprintf(pf.search, sizeof pf.search, "%s", search);
    expect_problems(f, &pf, q, 5, want);
}

static void test_problem_search(void **state)
{
    struct fixture *f = *state;
    struct problem q[6];
    make_overdue_set(f, q);
    expect_problem_search(f, q, "路灯坏", "1"); /* trigram */
    expect_problem_search(f, q, "水渠", "2");   /* instr */
    expect_problem_search(f, q, "渠", "2");
    expect_problem_search(f, q, "教育局", "3"); /* the unit */
    expect_problem_search(f, q, "已答复", "4"); /* the reply (move() wrote 已答复群众。) */
    expect_problem_search(f, q, "陈秀英", "2"); /* the constituent */
    expect_problem_search(f, q, "赵六", "5");   /* the deputy */
    expect_problem_search(f, q, "wxm", "51");   /* 王小明 raised Q1 and Q5 */
    expect_problem_search(f, q, "cxy", "2");
    expect_problem_search(f, q, "ls", "32"); /* 李四 took up Q2 and Q3 */
    expect_problem_search(f, q, "zs", "1");
    expect_problem_search(f, q, "ww", "4");
    expect_problem_search(f, q, "\"", "");
    expect_problem_search(f, q, "路灯\"坏", "");
    expect_problem_search(f, q, "水渠 ", "2");
}

/* ---- counts ------------------------------------------------------------------------------ */

struct counted {
    int n;
    struct counts_row rows[8];
};

static int collect_row(void *ctx, const struct counts_row *r)
{
    struct counted *c = ctx;
    if (c->n < 8)
        c->rows[c->n++] = *r;
    return 0;
}

/* entries by kind (reception, visit, solicitation, exchange, appraisal, other), total,
 * people, raised, solved, closed, open now */
#define NCOUNTS 12
static void expect_counts(const struct ledger_counts *c, const int want[NCOUNTS], const char *what)
{
    int got[NCOUNTS];
    for (int k = 0; k < LEDGER_KIND_COUNT; k++)
        got[k] = c->entries[k];
    got[6] = c->entries_total;
    got[7] = c->people;
    got[8] = c->raised;
    got[9] = c->solved;
    got[10] = c->closed;
    got[11] = c->open_now;
    for (int i = 0; i < NCOUNTS; i++)
        if (got[i] != want[i])
            fail_msg("%s: count %d is %d, expected %d", what, i, got[i], want[i]);
}

static void test_counts(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_counts total, one;
    struct counted c = {0};
    /* March 2026, from the table above make_county:
     * S1: E1 (reception, 12), E2 (reception, 8), E3 (visit, 0): 3 entries, 20 people; raised
     *     P2, P3, P4, P6 = 4; solved P1 (03-10) = 1 (P6 was solved 03-12 but reopened, P3 in
     *     April); closed P1, P2 (explained 03-06) = 2; open now P4, P5, P6 = 3.
     * S2: nothing.
     * S3: E6 (solicitation, 20), E7 (exchange, 0), E8 (reception, 7): 3 entries, 27 people;
     *     raised P7, P9 = 2; solved P9 = 1; closed P7 (not solvable), P9 = 2; open none. */
    static const int s1[NCOUNTS] = {2, 1, 0, 0, 0, 0, 3, 20, 4, 1, 2, 3};
    static const int s2[NCOUNTS] = {0};
    static const int s3[NCOUNTS] = {1, 0, 1, 1, 0, 0, 3, 27, 2, 1, 2, 0};
    static const int county[NCOUNTS] = {3, 1, 1, 1, 0, 0, 6, 47, 6, 2, 4, 3};
    assert_int_equal(ledger_counts(f->db, COUNTS_BY_STATION, "", "2026-03-01", "2026-03-31",
                                   collect_row, &c, &total, &err),
                     LL_OK);
    assert_int_equal(c.n, 3); /* network order: 桃花江镇 central, its area station, 修山镇 */
    assert_string_equal(c.rows[0].station_id, f->s1.id);
    assert_string_equal(c.rows[0].township_name, "桃花江镇");
    assert_string_equal(c.rows[1].station_id, f->s2.id);
    assert_string_equal(c.rows[1].station_name, "安乐村片区联络站");
    assert_string_equal(c.rows[2].station_id, f->s3.id);
    assert_string_equal(c.rows[2].township_id, f->t2.id);
    expect_counts(&c.rows[0].c, s1, "S1");
    expect_counts(&c.rows[1].c, s2, "S2");
    expect_counts(&c.rows[2].c, s3, "S3");
    expect_counts(&total, county, "county");

    /* by township: 桃花江镇 = S1 + S2, 修山镇 = S3 */
    c.n = 0;
    assert_int_equal(ledger_counts(f->db, COUNTS_BY_TOWNSHIP, NULL, "2026-03-01", "2026-03-31",
                                   collect_row, &c, &total, &err),
                     LL_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.rows[0].township_id, f->t1.id);
    assert_string_equal(c.rows[0].township_name, "桃花江镇");
    assert_string_equal(c.rows[0].station_id, "");
    assert_string_equal(c.rows[1].township_name, "修山镇");
    expect_counts(&c.rows[0].c, s1, "桃花江镇");
    expect_counts(&c.rows[1].c, s3, "修山镇");
    expect_counts(&total, county, "county by township");

    /* one township */
    c.n = 0;
    assert_int_equal(ledger_counts(f->db, COUNTS_BY_STATION, f->t2.id, "2026-03-01", "2026-03-31",
                                   collect_row, &c, &total, &err),
                     LL_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.rows[0].station_id, f->s3.id);
    expect_counts(&total, s3, "修山镇 alone");

    /* one station */
    assert_int_equal(ledger_station_counts(f->db, f->s1.id, "2026-03-01", "2026-03-31", &one, &err),
                     LL_OK);
    expect_counts(&one, s1, "S1 alone");
    assert_int_equal(ledger_station_counts(f->db, GONE_ID, "", "", &one, &err), LL_ENOTFOUND);

    /* all time: 8 entries (reception E1 E2 E4 E8, visit E3, solicitation E5 E6, exchange E7),
     * 12+8+0+30+5+20+0+7 = 82 people; 9 raised; solved P1 P3 P8 P9 = 4; closed those and P2,
     * P7 = 6; open P4 P5 P6 = 3 */
    static const int ever[NCOUNTS] = {4, 1, 2, 1, 0, 0, 8, 82, 9, 4, 6, 3};
    c.n = 0;
    assert_int_equal(
        ledger_counts(f->db, COUNTS_BY_TOWNSHIP, "", "", "", collect_row, &c, &total, &err), LL_OK);
    expect_counts(&total, ever, "all time");
    /* from April on: E5 (solicitation, 5); raised P8; solved P3 (04-02), P8 (05-01) */
    static const int april[NCOUNTS] = {0, 0, 1, 0, 0, 0, 1, 5, 1, 2, 2, 3};
    assert_int_equal(ledger_station_counts(f->db, f->s1.id, "2026-04-01", "", &one, &err), LL_OK);
    static const int s1_april[NCOUNTS] = {0, 0, 1, 0, 0, 0, 1, 5, 0, 1, 1, 3};
    expect_counts(&one, s1_april, "S1 from April");
    assert_int_equal(ledger_counts(f->db, COUNTS_BY_STATION, "", "2026-04-01", "", collect_row, &c,
                                   &total, &err),
                     LL_OK);
    expect_counts(&total, april, "county from April");
}

static void test_period_parse(void **state)
{
    (void)state;
    char from[11], to[11];
    static const struct {
        const char *text, *from, *to;
    } cases[] = {
        {"2026", "2026-01-01", "2026-12-31"},
        {"2026年", "2026-01-01", "2026-12-31"},
        {"2026-02", "2026-02-01", "2026-02-28"},
        {"2024-02", "2024-02-01", "2024-02-29"},
        {"2000-02", "2000-02-01", "2000-02-29"},
        {"1900-02", "1900-02-01", "1900-02-28"},
        {"2026-04", "2026-04-01", "2026-04-30"},
        {"2026-12", "2026-12-01", "2026-12-31"},
        {"2026-03-15", "2026-03-15", "2026-03-15"},
        {"2026/3/15", "2026-03-15", "2026-03-15"},
        {"2026年3月", "2026-03-01", "2026-03-31"},
        {" 2026-03 ", "2026-03-01", "2026-03-31"},
        /* typed with a Chinese input method */
        {"２０２６", "2026-01-01", "2026-12-31"},
        {"２０２６年", "2026-01-01", "2026-12-31"},
        {"２０２６－０３", "2026-03-01", "2026-03-31"},
        {"２０２６年３月", "2026-03-01", "2026-03-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(from, 0, sizeof from);
        memset(to, 0, sizeof to);
        if (!period_parse(cases[i].text, from, to) || strcmp(from, cases[i].from) != 0 ||
            strcmp(to, cases[i].to) != 0)
            fail_msg("%s: %s .. %s", cases[i].text, from, to);
    }
    static const char *const bad[] = {"abc",        "",   "2026-13",       "20265",
                                      "2026-02-30", "99", "２０２６－１３"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (period_parse(bad[i], from, to))
            fail_msg("\"%s\" taken as %s .. %s", bad[i], from, to);
}

/* ---- what the ledger holds on to --------------------------------------------------------- */

static void test_station_and_deputy_delete(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    /* a station with a ledger is never deleted; the empty one is */
    assert_int_equal(station_delete(f->db, f->s1.id, "", &err), LL_ECONFLICT);
    assert_int_equal(station_delete(f->db, f->s3.id, "", &err), LL_ECONFLICT);
    assert_int_equal(station_delete(f->db, f->s2.id, NULL, &err), LL_OK);

    /* a deputy who leaves: the entries keep the name they recorded, the problems he took up
     * keep his name but no longer point to him */
    assert_int_equal(deputy_delete(f->db, f->wang.id, &err), LL_OK);
    struct ledger_entry e;
    assert_int_equal(ledger_get(f->db, f->e[2].id, &e, &err), LL_OK);
    expect_present(&e, "王五", 0);
    assert_int_equal(ledger_get(f->db, f->e[5].id, &e, &err), LL_OK);
    expect_present(&e, "张三、王五", 1);
    assert_string_equal(e.deputy_ids[0], f->zhang.id);
    struct ledger_filter lf;
    ledger_filter_init(&lf);
    snprintf(lf.deputy_id, sizeof lf.deputy_id, "%s", f->wang.id);
    expect_entries(f, &lf, "");
    expect_search(f, "王五", "425"); /* still found by the name recorded */
    struct problem p;
    assert_int_equal(problem_get(f->db, f->p[4].id, 30, &p, &err), LL_OK);
    assert_string_equal(p.deputy_id, "");
    assert_string_equal(p.deputy_name, "王五");
    assert_fts_in_step(f->path);
}

static void test_fts_in_step(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e;
    assert_int_equal(ledger_get(f->db, f->e[2].id, &e, &err), LL_OK);
    snprintf(e.summary, sizeof e.summary, "群众咨询城乡居民养老保险缴费档次");
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    expect_search(f, "医疗保险", "");
    expect_search(f, "医疗", "");
    expect_search(f, "养老保险", "2");
    expect_search(f, "缴费档次", "2");
    /* the names change with the deputies present */
    assert_true(ledger_toggle_deputy(&e, f->li.id, f->li.name));
    assert_int_equal(ledger_save(f->db, &e, &err), LL_OK);
    expect_search(f, "王五、李四", "2");
    assert_int_equal(ledger_delete(f->db, f->e[2].id, &err), LL_OK);
    expect_search(f, "养老保险", "");
    expect_search(f, "王五、李四", "");

    struct problem p;
    struct problem_filter pf;
    int n = -1;
    problem_filter_init(&pf);
    assert_int_equal(problem_get(f->db, f->p[8].id, 30, &p, &err), LL_OK);
    snprintf(p.description, sizeof p.description, "河道漂浮物多");
    assert_int_equal(problem_save(f->db, &p, &err), LL_OK);
    snprintf(pf.search, sizeof pf.search, "河道垃圾");
    assert_int_equal(problem_count(f->db, &pf, &n, &err), LL_OK);
    assert_int_equal(n, 0);
    snprintf(pf.search, sizeof pf.search, "漂浮物");
    assert_int_equal(problem_count(f->db, &pf, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(problem_delete(f->db, p.id, &err), LL_OK);
    assert_int_equal(problem_count(f->db, &pf, &n, &err), LL_OK);
    assert_int_equal(n, 0);
    assert_fts_in_step(f->path);
}

/* ---- the demo county's year -------------------------------------------------------------- */

/* Everything demo wrote to the ledger, in an order of its own (the ids are random). */
static char *demo_fingerprint(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    const char *sql =
        "SELECT (SELECT group_concat(x, char(10)) FROM (SELECT held_on || held_at || kind || "
        "people || place || summary || deputy_names AS x FROM ledger_entry ORDER BY x)) || "
        "(SELECT group_concat(y, char(10)) FROM (SELECT raised_on || status || status_on || "
        "closed_on || description || raiser_name || raiser_phone || deputy_name || unit || "
        "reply || feedback AS y FROM problem ORDER BY y))";
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return text;
}

/* Counts the rows, and those with no entry in the period. */
static int count_station(void *ctx, const struct counts_row *r)
{
    int *n = ctx;
    n[0]++;
    n[1] += r->c.entries_total == 0;
    return 0;
}

static void test_demo_ledger(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[2][160];
    char *print[2];
    for (int i = 0; i < 2; i++) {
        struct ll_db *db = NULL;
        snprintf(path[i], sizeof path[i], "%s/demo%d.db", f->dir, i);
        assert_int_equal(db_open(path[i], NULL, &db, &err), LL_OK);
        assert_int_equal(demo_build(db, &err), LL_OK);
        db_close(db);
        print[i] = demo_fingerprint(path[i]);
    }
    assert_string_equal(print[0], print[1]); /* the same demo every time */
    free(print[0]);
    free(print[1]);
    assert_fts_in_step(path[0]);

    struct ll_db *db = NULL;
    assert_int_equal(db_open(path[0], NULL, &db, &err), LL_OK);
    /* the year ending today (2025-07-01 .. 2026-06-30): every one of the 99 stations has a
     * ledger, so every one of the 15 townships too */
    struct ledger_counts total;
    int rows[2] = {0, 0};
    assert_int_equal(ledger_counts(db, COUNTS_BY_STATION, "", "2025-07-01", TODAY, count_station,
                                   rows, &total, &err),
                     LL_OK);
    assert_int_equal(rows[0], 99);
    assert_int_equal(rows[1], 0);
    rows[0] = rows[1] = 0;
    assert_int_equal(ledger_counts(db, COUNTS_BY_TOWNSHIP, "", "2025-07-01", TODAY, count_station,
                                   rows, &total, &err),
                     LL_OK);
    assert_int_equal(rows[0], 15);
    assert_int_equal(rows[1], 0);
    struct ledger_filter lf;
    int all = 0;
    ledger_filter_init(&lf);
    assert_int_equal(ledger_count(db, &lf, &all, &err), LL_OK);
    assert_int_equal(total.entries_total, all); /* nothing outside the year */
    /* 15 central stations x 12 x 4..6, 81 area x 12 x 2..4, 3 group x 12 x 1..2 */
    assert_in_range(all, 15 * 12 * 4 + 81 * 12 * 2 + 3 * 12, 15 * 12 * 6 + 81 * 12 * 4 + 3 * 24);
    /* mostly receptions and visits */
    assert_true(total.entries[LEDGER_RECEPTION] > all * 2 / 5);
    assert_true(total.entries[LEDGER_VISIT] > all / 5);
    for (int k = LEDGER_SOLICIT; k < LEDGER_KIND_COUNT; k++)
        assert_true(total.entries[k] > 0 && total.entries[k] < total.entries[LEDGER_VISIT]);
    assert_true(total.people > total.entries[LEDGER_RECEPTION] * 10);
    /* one or two problems a reception, about seven in ten closed, most of them solved */
    assert_in_range(total.raised, total.entries[LEDGER_RECEPTION],
                    total.entries[LEDGER_RECEPTION] * 2);
    assert_in_range(total.closed * 100 / total.raised, 62, 80);
    assert_true(total.solved * 100 / total.closed >= 60);
    assert_int_equal(total.closed + total.open_now, total.raised);
    /* some old ones are overdue, but not most of the open ones */
    struct problem_filter pf;
    int n = 0;
    problem_filter_init(&pf);
    pf.overdue_only = true;
    assert_int_equal(problem_count(db, &pf, &n, &err), LL_OK);
    assert_in_range(n, 1, total.open_now / 2);
    /* the latest entries: one to three deputies each, and what demo wrote is what the model
     * would have taken (saved again, nothing changes) */
    struct ledger_entry *page = calloc(50, sizeof *page);
    assert_non_null(page);
    assert_int_equal(ledger_list(db, &lf, PAGE_LAST, NULL, 50, page, &n, &err), LL_OK);
    assert_int_equal(n, 50);
    assert_string_equal(page[49].date, TODAY);
    for (int i = 0; i < n; i++) {
        struct ledger_entry e;
        assert_int_equal(ledger_get(db, page[i].id, &e, &err), LL_OK);
        assert_in_range(e.ndeputies, 1, 3);
        if (ledger_save(db, &e, &err) != LL_OK || db_last_save(db) != SAVE_UNCHANGED)
            fail_msg("demo entry %s %s: %s", e.date, e.summary, err.msg);
    }
    free(page);
    struct problem *problems = calloc(50, sizeof *problems);
    assert_non_null(problems);
    problem_filter_init(&pf);
    assert_int_equal(problem_list(db, &pf, PAGE_LAST, NULL, 50, problems, &n, &err), LL_OK);
    for (int i = 0; i < n; i++) {
        struct problem *p = &problems[i];
        struct history h = {0};
        assert_int_equal(problem_history(db, p->id, collect_event, &h, &err), LL_OK);
        assert_true(h.n >= 1);
        assert_string_equal(h.events[h.n - 1].on_date, p->status_on);
        assert_int_equal(h.events[h.n - 1].to, p->status);
        assert_true(p->deputy_id[0] && p->entry_id[0]);
        assert_int_equal(problem_status_closed(p->status), p->closed_on[0] != '\0');
        if (problem_save(db, p, &err) != LL_OK || db_last_save(db) != SAVE_UNCHANGED)
            fail_msg("demo problem %s: %s", p->description, err.msg);
    }
    free(problems);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toggle_deputy),
        cmocka_unit_test(test_status_allowed),
        cmocka_unit_test(test_period_parse),
        cmocka_unit_test_setup_teardown(test_entry_defaults_and_normalisation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_update_outcomes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_deputies, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_entry_delete_keeps_problems, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_entry_moves_its_problems, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_saves_keep_what_was_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_filters, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_entry_search, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_entry_paging, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_problem_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problem_feedback_and_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overdue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problem_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_station_and_deputy_delete, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_fts_in_step, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_demo_ledger, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
