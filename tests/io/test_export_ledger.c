/* Unit tests of the ledger exports: the ledger and problem CSV files of a period (without the
 * constituent's name and phone), the bulletin's counts with subtotals and the county total, and
 * the printed ledger of a station (escaped, A4, no phone). A small county is built by hand:
 *
 *   桃花江镇  中心联络站: 2026-03-20 民意征询 30 人次; problem C (2026-02-01, explained)
 *             竹山村片区联络站 (管理员 赵六): 2026-01-10 走访调研 0; 2026-03-05 接待群众 12,
 *             with problems A (2026-03-05, solved 2026-04-10) and B (2026-03-06, referred)
 *   牛田镇    中心联络站: 2025-12-28 交流研讨 5
 *             竹山村片区联络站: 2026-04-02 述职评议 20; problem D (2025-12-15, solved 2026-01-05)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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
#include "lianluo/township.h"

#define BOM "\xEF\xBB\xBF"

struct county {
    struct township taohua, niutian;
    struct station taohua_central, taohua_zhushan, niutian_central, niutian_zhushan;
    struct deputy zhang, li, wang;
};

struct fixture {
    char dir[64];
    struct ll_db *db;
    struct county c;
};

static void make_station(struct ll_db *db, const struct township *t, const char *name,
                         enum station_kind kind, const char *admin, struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->township_id, sizeof s->township_id, "%s", t->id);
    snprintf(s->admin_name, sizeof s->admin_name, "%s", admin);
    s->kind = kind;
    assert_int_equal(station_save(db, s, &err), LL_OK);
}

static void make_deputy(struct ll_db *db, const struct township *t, const char *name,
                        struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    snprintf(d->township_id, sizeof d->township_id, "%s", t->id);
    d->levels = 1u << LEVEL_COUNTY;
    assert_int_equal(deputy_save(db, d, &err), LL_OK);
}

struct entry_spec {
    const struct station *station;
    enum ledger_kind kind;
    const char *date, *time, *people, *place, *summary;
    const struct deputy *present[2];
};

static void make_entry(struct ll_db *db, const struct entry_spec *spec, struct ledger_entry *e)
{
    struct ll_error err = {0};
    ledger_init(e);
    snprintf(e->station_id, sizeof e->station_id, "%s", spec->station->id);
    e->kind = spec->kind;
    snprintf(e->date, sizeof e->date, "%s", spec->date);
    snprintf(e->time, sizeof e->time, "%s", spec->time);
    snprintf(e->people, sizeof e->people, "%s", spec->people);
    snprintf(e->place, sizeof e->place, "%s", spec->place);
    snprintf(e->summary, sizeof e->summary, "%s", spec->summary);
    for (int i = 0; i < 2 && spec->present[i]; i++)
        ledger_toggle_deputy(e, spec->present[i]->id, spec->present[i]->name);
    assert_int_equal(ledger_save(db, e, &err), LL_OK);
}

struct problem_spec {
    const struct station *station;
    const struct ledger_entry *entry; /* NULL: raised on its own */
    const char *raised_on, *name, *village, *phone;
    enum problem_category category;
    const char *description;
    const struct deputy *deputy;
};

static void make_problem(struct ll_db *db, const struct problem_spec *spec, struct problem *p)
{
    struct ll_error err = {0};
    problem_init(p);
    snprintf(p->station_id, sizeof p->station_id, "%s", spec->station->id);
    if (spec->entry)
        snprintf(p->entry_id, sizeof p->entry_id, "%s", spec->entry->id);
    snprintf(p->raised_on, sizeof p->raised_on, "%s", spec->raised_on);
    snprintf(p->raiser_name, sizeof p->raiser_name, "%s", spec->name);
    snprintf(p->raiser_village, sizeof p->raiser_village, "%s", spec->village);
    snprintf(p->raiser_phone, sizeof p->raiser_phone, "%s", spec->phone);
    p->category = spec->category;
    snprintf(p->description, sizeof p->description, "%s", spec->description);
    if (spec->deputy) {
        snprintf(p->deputy_id, sizeof p->deputy_id, "%s", spec->deputy->id);
        snprintf(p->deputy_name, sizeof p->deputy_name, "%s", spec->deputy->name);
    }
    assert_int_equal(problem_save(db, p, &err), LL_OK);
}

static void move_problem(struct ll_db *db, struct problem *p, enum problem_status to,
                         const char *date, const char *unit, const char *reply)
{
    struct ll_error err = {0};
    if (unit)
        snprintf(p->unit, sizeof p->unit, "%s", unit);
    if (reply)
        snprintf(p->reply, sizeof p->reply, "%s", reply);
    assert_int_equal(problem_set_status(db, p, to, date, "", &err), LL_OK);
}

static void build_county(struct ll_db *db, struct county *c)
{
    struct ll_error err = {0};
    assert_int_equal(township_ensure(db, "桃花江镇", &c->taohua, &err), LL_OK);
    assert_int_equal(township_ensure(db, "牛田镇", &c->niutian, &err), LL_OK);
    make_station(db, &c->taohua, "桃花江镇人大代表中心联络站", STATION_CENTRAL, "钱九",
                 &c->taohua_central);
    make_station(db, &c->taohua, "竹山村片区联络站", STATION_AREA, "赵六", &c->taohua_zhushan);
    make_station(db, &c->niutian, "牛田镇人大代表中心联络站", STATION_CENTRAL, "",
                 &c->niutian_central);
    make_station(db, &c->niutian, "竹山村片区联络站", STATION_AREA, "", &c->niutian_zhushan);
    make_deputy(db, &c->taohua, "张三", &c->zhang);
    make_deputy(db, &c->taohua, "李四", &c->li);
    make_deputy(db, &c->niutian, "王五", &c->wang);

    struct ledger_entry e, reception;
    make_entry(db,
               &(struct entry_spec){&c->taohua_zhushan,
                                    LEDGER_VISIT,
                                    "2026-01-10",
                                    "",
                                    "0",
                                    "竹山村",
                                    "走访困难户",
                                    {&c->zhang}},
               &e);
    make_entry(db,
               &(struct entry_spec){&c->taohua_zhushan,
                                    LEDGER_RECEPTION,
                                    "2026/3/5",
                                    "9:30",
                                    "12",
                                    "村部",
                                    "接待群众<b>&反映道路",
                                    {&c->zhang, &c->li}},
               &reception);
    make_entry(db,
               &(struct entry_spec){&c->taohua_central,
                                    LEDGER_SOLICIT,
                                    "2026-03-20",
                                    "14:00",
                                    "30",
                                    "镇政府",
                                    "征询民生实事项目意见",
                                    {&c->li}},
               &e);
    make_entry(db,
               &(struct entry_spec){&c->niutian_central,
                                    LEDGER_EXCHANGE,
                                    "2025-12-28",
                                    "",
                                    "5",
                                    "镇人大",
                                    "交流研讨代表履职",
                                    {&c->wang}},
               &e);
    make_entry(db,
               &(struct entry_spec){&c->niutian_zhushan,
                                    LEDGER_APPRAISAL,
                                    "2026-04-02",
                                    "",
                                    "20",
                                    "",
                                    "代表述职评议",
                                    {&c->wang}},
               &e);

    struct problem p;
    make_problem(db,
                 &(struct problem_spec){&c->taohua_zhushan, &reception, "2026-03-05", "陈七",
                                        "竹山村", "13912345678", CATEGORY_ROADS, "村道破损",
                                        &c->zhang},
                 &p);
    move_problem(db, &p, PROBLEM_REFERRED, "2026-03-06", "县交通运输局", NULL);
    move_problem(db, &p, PROBLEM_SOLVED, "2026-04-10", NULL, "已修复");
    p.feedback = FEEDBACK_SATISFIED;
    assert_int_equal(problem_save(db, &p, &err), LL_OK);
    make_problem(db,
                 &(struct problem_spec){&c->taohua_zhushan, &reception, "2026-03-06", "周八",
                                        "竹山村", "13800001111", CATEGORY_WATER, "饮水困难",
                                        &c->li},
                 &p);
    move_problem(db, &p, PROBLEM_REFERRED, "2026-03-07", "县水利局", NULL);
    make_problem(db,
                 &(struct problem_spec){&c->taohua_central, NULL, "2026-02-01", "", "", "",
                                        CATEGORY_OTHER, "咨询医保", NULL},
                 &p);
    move_problem(db, &p, PROBLEM_EXPLAINED, "2026-02-01", NULL, "已解释政策");
    make_problem(db,
                 &(struct problem_spec){&c->niutian_zhushan, NULL, "2025-12-15", "吴十", "", "",
                                        CATEGORY_FARMING, "灌溉", NULL},
                 &p);
    move_problem(db, &p, PROBLEM_SOLVED, "2026-01-05", NULL, "已协调");
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    char path[128];
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-ledger-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(path, sizeof path, "%s/test.db", f->dir);
    struct db_identity who = {"测试乡人大", SITE_TOWNSHIP, "桃花江镇", "测试员"};
    assert_int_equal(db_open(path, &who, &f->db, &err), LL_OK);
    build_county(f->db, &f->c);
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

/* What a writer puts in a file: its text (caller frees) and the rows it reports. */
struct written {
    char *text;
    size_t len;
    int rows;
    enum ll_status status;
    struct ll_error err;
};

static FILE *capture(struct written *w)
{
    memset(w, 0, sizeof *w);
    FILE *out = open_memstream(&w->text, &w->len);
    assert_non_null(out);
    return out;
}

static struct written captured(struct written *w, FILE *out)
{
    assert_int_equal(fclose(out), 0);
    return *w;
}

typedef enum ll_status (*period_export)(struct ll_db *, const char *, const char *, FILE *, int *,
                                        struct ll_error *);

static struct written run_export(struct fixture *f, period_export export, const char *from,
                                 const char *to)
{
    struct written w;
    FILE *out = capture(&w);
    w.status = export(f->db, from, to, out, &w.rows, &w.err);
    return captured(&w, out);
}

static struct written run_counts(struct fixture *f, enum counts_level level, const char *from,
                                 const char *to)
{
    struct written w;
    FILE *out = capture(&w);
    w.status = export_counts(f->db, level, from, to, out, &w.rows, &w.err);
    return captured(&w, out);
}

static struct written run_print(struct fixture *f, const struct station *s, const char *from,
                                const char *to)
{
    struct written w;
    FILE *out = capture(&w);
    w.status = print_ledger_html(f->db, s->id, from, to, out, &w.rows, &w.err);
    return captured(&w, out);
}

static void ledger_of_a_period_oldest_first(void **state)
{
    struct fixture *f = *state;
    struct written w = run_export(f, export_ledger, "2026-01-01", "2026-12-31");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 4);
    assert_string_equal(
        w.text,
        BOM "乡镇,联络站,日期,时间,类型,到场代表,接待人次,地点,内容摘要,记录人,群众反映问题数\r\n"
            "桃花江镇,竹山村片区联络站,2026-01-10,,走访调研,张三,0,竹山村,走访困难户,测试员,0\r\n"
            "桃花江镇,竹山村片区联络站,2026-03-05,09:30,接待群众,张三、李四,12,村部,"
            "接待群众<b>&反映道路,测试员,2\r\n"
            "桃花江镇,桃花江镇人大代表中心联络站,2026-03-20,14:00,民意征询,李四,30,镇政府,"
            "征询民生实事项目意见,测试员,0\r\n"
            "牛田镇,竹山村片区联络站,2026-04-02,,述职评议,王五,20,,代表述职评议,测试员,0\r\n");
    free(w.text);
}

static void period_ends_are_dates_as_people_write_them(void **state)
{
    struct fixture *f = *state;
    struct written w = run_export(f, export_ledger, "2025年12月1日", "2025/12/31");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 1);
    assert_non_null(strstr(w.text, "\r\n牛田镇,牛田镇人大代表中心联络站,2025-12-28,,交流研讨,"));
    free(w.text);

    /* open ends: everything up to a day, everything from a day */
    w = run_export(f, export_ledger, NULL, "2026-01-10");
    assert_int_equal(w.rows, 2);
    free(w.text);
    w = run_export(f, export_ledger, "2026-03-20", "");
    assert_int_equal(w.rows, 2);
    free(w.text);
    w = run_export(f, export_ledger, "", "");
    assert_int_equal(w.rows, 5);
    free(w.text);

    /* a bad date or a period running backwards: refused, with the value named */
    w = run_export(f, export_ledger, "2026-13-01", "");
    assert_int_equal(w.status, LL_EINVAL);
    assert_non_null(strstr(w.err.msg, "2026-13-01"));
    free(w.text);
    w = run_export(f, export_problems, "2026-05-01", "2026-04-01");
    assert_int_equal(w.status, LL_EINVAL);
    assert_non_null(strstr(w.err.msg, "2026-05-01"));
    free(w.text);
}

static void make_contact(struct fixture *f, const struct deputy *d, const char *date,
                         enum contact_mode mode, const char *content, const char *items,
                         const char *note)
{
    struct contact c;
    struct ll_error err = {0};
    contact_init(&c);
    snprintf(c.leader_name, sizeof c.leader_name, "%s", "王建国");
    snprintf(c.leader_post, sizeof c.leader_post, "%s", "县人大常委会副主任");
    snprintf(c.deputy_id, sizeof c.deputy_id, "%s", d->id);
    snprintf(c.deputy_name, sizeof c.deputy_name, "%s", d->name);
    snprintf(c.date, sizeof c.date, "%s", date);
    c.mode = mode;
    snprintf(c.content, sizeof c.content, "%s", content);
    snprintf(c.items, sizeof c.items, "%s", items);
    snprintf(c.note, sizeof c.note, "%s", note);
    assert_int_equal(contact_save(f->db, &c, &err), LL_OK);
}

/* The leaders' contacts of a period, oldest first, the deputy's township and the mode in
 * Chinese; a cell with a comma or a quote is quoted. */
static void contacts_of_a_period_oldest_first(void **state)
{
    struct fixture *f = *state;
    make_contact(f, &f->c.li, "2026-03-01", CONTACT_WECHAT, "微信收集意见", "0", "");
    make_contact(f, &f->c.wang, "2025-12-20", CONTACT_PHONE, "电话回访", "0", "");
    make_contact(f, &f->c.zhang, "2026-02-10", CONTACT_VISIT, "走访\"村道\",协调硬化", "2",
                 "已回访");
    struct written w = run_export(f, export_contacts, "2026-01-01", "2026-12-31");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 2);
    assert_string_equal(
        w.text, BOM
        "乡镇,日期,联系领导,职务,代表,联系方式,联系内容,协调解决事项,备注,记录人\r\n"
        "桃花江镇,2026-02-10,王建国,县人大常委会副主任,张三,上门走访,\"走访\"\"村道\"\",协调硬化\","
        "2,已回访,测试员\r\n"
        "桃花江镇,2026-03-01,王建国,县人大常委会副主任,李四,微信,微信收集意见,0,,测试员\r\n");
    free(w.text);
    w = run_export(f, export_contacts, "", "");
    assert_int_equal(w.rows, 3);
    assert_non_null(strstr(w.text, "牛田镇,2025-12-20,王建国,县人大常委会副主任,王五,电话"));
    free(w.text);
    w = run_export(f, export_contacts, "2026-05-01", "2026-04-01");
    assert_int_equal(w.status, LL_EINVAL);
    free(w.text);
}

static void problems_without_name_or_phone(void **state)
{
    struct fixture *f = *state;
    struct written w = run_export(f, export_problems, "2026-01-01", "2026-12-31");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 3);
    assert_string_equal(w.text, BOM "乡镇,联络站,反映日期,反映人村（社区）,类别,问题内容,承办代表,"
                                    "交办单位,办理状态,状态日期,办结日期,答复内容,群众评价,备注\r\n"
                                    "桃花江镇,桃花江镇人大代表中心联络站,2026-02-01,,其他,咨询医保,"
                                    ",,已解释说明,2026-02-01,2026-02-01,已解释政策,未反馈,\r\n"
                                    "桃花江镇,竹山村片区联络站,2026-03-05,竹山村,道路交通,村道破损,"
                                    "张三,县交通运输局,已解决,2026-04-10,2026-04-10,已修复,满意,"
                                    "\r\n"
                                    "桃花江镇,竹山村片区联络站,2026-03-06,竹山村,水利供水,饮水困难,"
                                    "李四,县水利局,已交办,2026-03-07,,,未反馈,\r\n");
    assert_null(strstr(w.text, "陈七"));
    assert_null(strstr(w.text, "13912345678"));
    free(w.text);

    w = run_export(f, export_problems, "", "2025-12-31");
    assert_int_equal(w.rows, 1);
    assert_non_null(strstr(w.text, "牛田镇,竹山村片区联络站,2025-12-15,,农业农村,灌溉,"));
    assert_null(strstr(w.text, "吴十"));
    free(w.text);
}

#define COUNT_HEADERS                                                                                                                     \
    "接待群众,走访调研,民意征询,交流研讨,述职评议,其他,台账合计,接待人次,反映问题,已解决,已办结," \
    "目前未办结\r\n"

static void counts_by_station_with_subtotals(void **state)
{
    struct fixture *f = *state;
    struct written w = run_counts(f, COUNTS_BY_STATION, "2026-01-01", "2026-12-31");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 4);
    /* D was raised in 2025 and solved in 2026: solved and closed, not raised, in 2026; B is
     * still open today */
    assert_string_equal(w.text,
                        BOM "乡镇,联络站," COUNT_HEADERS
                            "桃花江镇,桃花江镇人大代表中心联络站,0,0,1,0,0,0,1,30,1,0,1,0\r\n"
                            "桃花江镇,竹山村片区联络站,1,1,0,0,0,0,2,12,2,1,1,1\r\n"
                            "桃花江镇,小计,1,1,1,0,0,0,3,42,3,1,2,1\r\n"
                            "牛田镇,牛田镇人大代表中心联络站,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                            "牛田镇,竹山村片区联络站,0,0,0,0,1,0,1,20,0,1,1,0\r\n"
                            "牛田镇,小计,0,0,0,0,1,0,1,20,0,1,1,0\r\n"
                            "全县合计,,1,1,1,0,1,0,4,62,3,2,3,1\r\n");
    free(w.text);
}

static void counts_by_township(void **state)
{
    struct fixture *f = *state;
    struct written w = run_counts(f, COUNTS_BY_TOWNSHIP, "", "");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 2);
    /* every date: 牛田镇 gains its 2025 exchange (5 people) and problem D */
    assert_string_equal(w.text, BOM "乡镇," COUNT_HEADERS "桃花江镇,1,1,1,0,0,0,3,42,3,1,2,1\r\n"
                                    "牛田镇,0,0,0,1,1,0,2,25,1,1,1,0\r\n"
                                    "全县合计,1,1,1,1,1,0,5,67,4,2,3,1\r\n");
    free(w.text);
}

static void printed_ledger_of_a_station(void **state)
{
    struct fixture *f = *state;
    struct written w = run_print(f, &f->c.taohua_zhushan, "2026-01-01", "2026-06-30");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 2);
    const char *must[] = {
        "<!DOCTYPE html>",
        "<meta charset=\"utf-8\">",
        "@page { size: A4; margin: 15mm }",
        "<h1>竹山村片区联络站工作台账</h1>",
        "<span>乡镇：桃花江镇</span>",
        "<span>时段：2026-01-01 至 2026-06-30</span>",
        "<span>管理员：赵六</span>",
        "<thead><tr><th>日期 时间</th><th>类型</th>",
        "<td>2026-03-05 09:30</td><td>接待群众</td><td>张三、李四</td><td class=\"num\">12</td>",
        "接待群众&lt;b&gt;&amp;反映道路",
        "<td>2026-03-05</td><td>陈七</td><td>道路交通</td><td>村道破损</td><td>张三</td>"
        "<td>县交通运输局</td><td>已解决\n2026-04-10</td><td>已修复</td>",
        "<td>周八</td>",
        "<th>台账合计</th><th>接待人次</th><th>反映问题</th><th>已解决</th>",
        "<td class=\"num\">2</td><td class=\"num\">12</td><td class=\"num\">2</td>"
        "<td class=\"num\">1</td>",
        "记录人：＿＿＿＿  审核人：＿＿＿＿",
        "</html>\n",
    };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!strstr(w.text, must[i]))
            fail_msg("missing: %s\n%s", must[i], w.text);
    assert_null(strstr(w.text, "<b>&"));
    assert_null(strstr(w.text, "13912345678"));
    assert_null(strstr(w.text, "13800001111"));
    assert_null(strstr(w.text, "征询民生实事项目意见")); /* another station's */
    assert_null(strstr(w.text, "http"));                 /* nothing fetched from elsewhere */
    free(w.text);
}

static void printed_ledger_of_a_quiet_period(void **state)
{
    struct fixture *f = *state;
    struct written w = run_print(f, &f->c.niutian_central, "2026-01-01", "");
    assert_int_equal(w.status, LL_OK);
    assert_int_equal(w.rows, 0);
    assert_non_null(strstr(w.text, "<h1>牛田镇人大代表中心联络站工作台账</h1>"));
    assert_non_null(strstr(w.text, "<span>时段：2026-01-01 起</span>"));
    assert_non_null(strstr(w.text, "<span>管理员：（未填写）</span>"));
    assert_non_null(strstr(w.text, "本期没有记录。"));
    free(w.text);

    w = run_print(f, &f->c.niutian_central, "2026-02-30", "");
    assert_int_equal(w.status, LL_EINVAL);
    free(w.text);
}

static void station_found_by_name(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char id[LL_ID_LEN];
    assert_int_equal(print_find_station(f->db, NULL, "牛田镇人大代表中心联络站", id, &err), LL_OK);
    assert_string_equal(id, f->c.niutian_central.id);
    assert_int_equal(print_find_station(f->db, "牛田镇", "竹山村片区联络站", id, &err), LL_OK);
    assert_string_equal(id, f->c.niutian_zhushan.id);

    /* one name in two townships: which is meant must be said */
    assert_int_equal(print_find_station(f->db, "", "竹山村片区联络站", id, &err), LL_ECONFLICT);
    assert_non_null(strstr(err.msg, "桃花江镇、牛田镇"));
    assert_int_equal(print_find_station(f->db, NULL, "石门村片区联络站", id, &err), LL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "石门村片区联络站"));
    assert_int_equal(print_find_station(f->db, "火星镇", "竹山村片区联络站", id, &err),
                     LL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "火星镇"));
    assert_int_equal(print_find_station(f->db, "牛田镇", "桃花江镇人大代表中心联络站", id, &err),
                     LL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "牛田镇"));
}

int main(void)
{
    setenv("LIANLUO_TODAY", "2026-06-30", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ledger_of_a_period_oldest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(period_ends_are_dates_as_people_write_them, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(problems_without_name_or_phone, setup, teardown),
        cmocka_unit_test_setup_teardown(contacts_of_a_period_oldest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(counts_by_station_with_subtotals, setup, teardown),
        cmocka_unit_test_setup_teardown(counts_by_township, setup, teardown),
        cmocka_unit_test_setup_teardown(printed_ledger_of_a_station, setup, teardown),
        cmocka_unit_test_setup_teardown(printed_ledger_of_a_quiet_period, setup, teardown),
        cmocka_unit_test_setup_teardown(station_found_by_name, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
