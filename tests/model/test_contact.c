/* Unit tests of the leaders' contacts with deputies (联系代表): the checks and their messages,
 * saving, reading and deleting, keyset pages, filters, search (two characters and three and
 * more), the bulletin's counts, a deputy who leaves the roster, and two programs saving the same
 * contact. "Today" is fixed at 2026-06-30. Expected lists and figures are worked out from the
 * records the test makes (the table `made`), not written in by hand. */
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
#include "lianluo/station.h"
#include "lianluo/township.h"

#define TODAY   "2026-06-30"
#define NMADE   25
#define PAGE    10
#define NLISTED 64

/* Two townships: 张三 and 李四 are deputies of 桃花江镇, 赵六 of 修山镇. The county fixture
 * adds NMADE contacts (make_county), kept in `made` in the order they were saved. */
struct fixture {
    char dir[64];
    char path[128];
    struct ll_db *db;
    struct township t1, t2;
    struct station s1, s2;
    struct deputy zhang, li, zhao;
    struct contact made[NMADE];
    int nmade;
};

static void make_deputy(struct fixture *f, const char *name, const struct station *s,
                        struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->levels = 1u << LEVEL_COUNTY;
    snprintf(d->township_id, sizeof d->township_id, "%s", s->township_id);
    snprintf(d->station_id, sizeof d->station_id, "%s", s->id);
    assert_int_equal(deputy_save(f->db, d, &err), LL_OK);
}

static void make_station(struct fixture *f, const struct township *t, const char *name,
                         struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = STATION_CENTRAL;
    snprintf(s->township_id, sizeof s->township_id, "%s", t->id);
    assert_int_equal(station_save(f->db, s, &err), LL_OK);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    setenv("LIANLUO_TODAY", TODAY, 1);
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-contact-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    struct db_identity who = {"测试县人大", SITE_COUNTY, "", "测试员"};
    assert_int_equal(db_open(f->path, &who, &f->db, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "桃花江镇", &f->t1, &err), LL_OK);
    assert_int_equal(township_ensure(f->db, "修山镇", &f->t2, &err), LL_OK);
    make_station(f, &f->t1, "桃花江镇中心联络站", &f->s1);
    make_station(f, &f->t2, "修山镇中心联络站", &f->s2);
    make_deputy(f, "张三", &f->s1, &f->zhang);
    make_deputy(f, "李四", &f->s1, &f->li);
    make_deputy(f, "赵六", &f->s2, &f->zhao);
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

/* count(*) of the audit log's rows for a record and action (through a second connection). */
static int audit_count(struct fixture *f, const char *record_id, const char *action)
{
    char sql[256];
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit_log WHERE table_name = 'contact' AND record_id = '%s' "
             "AND action = '%s'",
             record_id, action);
    assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void fill(struct contact *c, const char *leader, const char *post, const struct deputy *d,
                 const char *date, enum contact_mode mode, const char *content, int items)
{
    contact_init(c);
    snprintf(c->leader_name, sizeof c->leader_name, "%s", leader);
    snprintf(c->leader_post, sizeof c->leader_post, "%s", post);
    snprintf(c->deputy_id, sizeof c->deputy_id, "%s", d->id);
    snprintf(c->deputy_name, sizeof c->deputy_name, "%s", d->name);
    snprintf(c->date, sizeof c->date, "%s", date);
    c->mode = mode;
    snprintf(c->content, sizeof c->content, "%s", content);
    snprintf(c->items, sizeof c->items, "%d", items);
}

/* NMADE contacts: three leaders, the three deputies in turn, every mode, dates from January
 * to June (several on one day), contents that a search can tell apart. */
static int setup_county(void **state)
{
    setup(state);
    struct fixture *f = *state;
    static const char *const leaders[][2] = {{"王建国", "县人大常委会主任"},
                                             {"刘明", "县人大常委会副主任"},
                                             {"陈立新", "县交通运输局局长"}};
    static const char *const contents[] = {
        "走访了解村道路硬化情况，协调列入明年计划",
        "接待来访，代表反映校舍漏雨",
        "座谈听取对农村公路养护的意见",
        "电话通报高龄津贴已补发",
        "微信收集医保缴费意见",
    };
    const struct deputy *deputies[] = {&f->zhang, &f->li, &f->zhao};
    for (int i = 0; i < NMADE; i++) {
        struct ll_error err = {0};
        char date[11];
        snprintf(date, sizeof date, "2026-%02d-%02d", 1 + i % 6, 1 + (i * 7) % 28);
        struct contact *c = &f->made[f->nmade++];
        fill(c, leaders[i % 3][0], leaders[i % 3][1], deputies[(i / 2) % 3], date,
             (enum contact_mode)(i % CONTACT_MODE_COUNT), contents[i % 5], i % 4);
        assert_int_equal(contact_save(f->db, c, &err), LL_OK);
        assert_int_equal(contact_get(f->db, c->id, c, &err), LL_OK); /* its sort key too */
    }
    return 0;
}

/* The contacts `made` that match f (township, deputy, mode, period), in list order (date, the
 * time saved, the id: what sort_key says), into out; returns how many. */
static int expected(struct fixture *f, const struct contact_filter *flt, const struct contact **out)
{
    int n = 0;
    for (int i = 0; i < f->nmade; i++) {
        const struct contact *c = &f->made[i];
        if ((flt->township_id[0] && strcmp(c->township_id, flt->township_id) != 0) ||
            (flt->deputy_id[0] && strcmp(c->deputy_id, flt->deputy_id) != 0) ||
            (flt->mode >= 0 && (int)c->mode != flt->mode) ||
            (flt->from[0] && strcmp(c->date, flt->from) < 0) ||
            (flt->to[0] && strcmp(c->date, flt->to) > 0))
            continue;
        int at = n++;
        while (at > 0 && strcmp(out[at - 1]->sort_key, c->sort_key) > 0) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = c;
    }
    return n;
}

/* Every row the filter lists, page after page (PAGE at a time), into ids. */
static int list_all(struct fixture *f, const struct contact_filter *flt, char ids[][LL_ID_LEN])
{
    struct contact page[PAGE];
    struct ll_error err = {0};
    int n = 0, got = 0;
    char anchor[LL_KEY_LEN] = "";
    do {
        assert_int_equal(contact_list(f->db, flt, n ? PAGE_AFTER : PAGE_FIRST, n ? anchor : NULL,
                                      PAGE, page, &got, &err),
                         LL_OK);
        for (int i = 0; i < got; i++) {
            assert_true(n < NLISTED);
            snprintf(ids[n++], LL_ID_LEN, "%.*s", LL_ID_LEN - 1, page[i].id);
        }
        if (got)
            snprintf(anchor, sizeof anchor, "%s", page[got - 1].sort_key);
    } while (got == PAGE);
    return n;
}

/* The filter lists exactly the contacts `made` says, in order, and counts them. */
static void assert_lists(struct fixture *f, const struct contact_filter *flt)
{
    const struct contact *want[NMADE];
    char got[NLISTED][LL_ID_LEN];
    struct ll_error err = {0};
    int n = expected(f, flt, want), listed = list_all(f, flt, got), counted = -1;
    assert_int_equal(listed, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]->id);
    assert_int_equal(contact_count(f->db, flt, &counted, &err), LL_OK);
    assert_int_equal(counted, n);
}

static void test_modes(void **state)
{
    (void)state;
    enum contact_mode m;
    for (int i = 0; i < CONTACT_MODE_COUNT; i++) {
        assert_true(contact_mode_parse(contact_mode_code((enum contact_mode)i), &m));
        assert_int_equal(m, i);
        assert_true(contact_mode_parse(contact_mode_text((enum contact_mode)i), &m));
        assert_int_equal(m, i);
    }
    assert_true(contact_mode_parse("座谈", &m));
    assert_int_equal(m, CONTACT_SEMINAR);
    assert_false(contact_mode_parse("开会", &m));
    assert_string_equal(contact_mode_code(CONTACT_WECHAT), "wechat");
}

/* Each check names its field and says what to do; nothing is saved. */
static void test_validation(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *field, *value, *says;
    } cases[] = {
        {"leader_name", "", "请填写联系领导的姓名"},
        {"leader_name", "一二三四五六七八九十一二三四五六七八九十一", "最多 20 个字"},
        {"leader_post", "", "请填写联系领导的职务"},
        {"date", "2026-13-01", "请写成 2026-03-15"},
        {"date", "2026-07-01", "在今天之后"},
        {"content", "", "请填写联系内容"},
        {"items", "-1", "0 到 9999"},
        {"items", "10000", "0 到 9999"},
        {"items", "三", "0 到 9999"},
        {"deputy_id", "", "请选择联系的代表"},
        {"deputy_id", "00000000-0000-4000-8000-000000000000", "已不在代表名册中"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct contact c;
        struct ll_error err = {0};
        fill(&c, "王建国", "县人大常委会副主任", &f->zhang, "2026-06-01", CONTACT_VISIT,
             "走访了解情况", 1);
        if (strcmp(cases[i].field, "leader_name") == 0)
            snprintf(c.leader_name, sizeof c.leader_name, "%s", cases[i].value);
        else if (strcmp(cases[i].field, "leader_post") == 0)
            snprintf(c.leader_post, sizeof c.leader_post, "%s", cases[i].value);
        else if (strcmp(cases[i].field, "date") == 0)
            snprintf(c.date, sizeof c.date, "%s", cases[i].value);
        else if (strcmp(cases[i].field, "content") == 0)
            snprintf(c.content, sizeof c.content, "%s", cases[i].value);
        else if (strcmp(cases[i].field, "items") == 0)
            snprintf(c.items, sizeof c.items, "%s", cases[i].value);
        else {
            snprintf(c.deputy_id, sizeof c.deputy_id, "%s", cases[i].value);
            if (!cases[i].value[0])
                c.deputy_name[0] = '\0';
        }
        assert_int_equal(contact_save(f->db, &c, &err), LL_EINVAL);
        assert_string_equal(err.field, cases[i].field);
        if (!strstr(err.msg, cases[i].says))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err.msg, cases[i].says);
        assert_string_equal(c.id, "");
    }
    struct contact_filter flt;
    int n = -1;
    struct ll_error err = {0};
    contact_filter_init(&flt);
    assert_int_equal(contact_count(f->db, &flt, &n, &err), LL_OK);
    assert_int_equal(n, 0);
    /* a bad mode */
    struct contact c;
    fill(&c, "王建国", "县长", &f->zhang, "2026-06-01", CONTACT_MODE_COUNT, "走访", 0);
    assert_int_equal(contact_save(f->db, &c, &err), LL_EINVAL);
    assert_string_equal(err.field, "mode");
}

/* Saved as typed and normalised, read back whole, changed, saved unchanged, deleted; every
 * change audited once. */
static void test_save_get_delete(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct contact c, got;
    fill(&c, " 王建国 ", "县人大常委会副主任", &f->zhao, "2026/6/3", CONTACT_SEMINAR,
         "座谈听取代表对农村公路养护的意见", 0);
    snprintf(c.items, sizeof c.items, "%s", "02");
    assert_int_equal(contact_save(f->db, &c, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_INSERTED);
    assert_int_equal(strlen(c.id), 36);
    assert_int_equal(contact_get(f->db, c.id, &got, &err), LL_OK);
    assert_string_equal(got.leader_name, "王建国");
    assert_string_equal(got.date, "2026-06-03");
    assert_string_equal(got.items, "2");
    assert_int_equal(got.mode, CONTACT_SEMINAR);
    assert_string_equal(got.deputy_id, f->zhao.id);
    assert_string_equal(got.deputy_name, "赵六");
    assert_string_equal(got.township_id, f->t2.id); /* the deputy's */
    assert_string_equal(got.township_name, "修山镇");
    assert_string_equal(got.operator_name, "测试员");
    assert_string_equal(got.site_id, db_site_id(f->db));
    assert_string_equal(got.updated_at, c.updated_at);
    assert_int_equal(audit_count(f, c.id, "insert"), 1);

    /* another deputy: the contact moves to that deputy's township */
    snprintf(got.deputy_id, sizeof got.deputy_id, "%s", f->zhang.id);
    snprintf(got.deputy_name, sizeof got.deputy_name, "%s", f->zhang.name);
    assert_int_equal(contact_save(f->db, &got, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UPDATED);
    assert_string_equal(got.township_id, f->t1.id);
    assert_int_equal(audit_count(f, c.id, "update"), 1);
    /* saved again as it is: nothing changes, nothing is logged */
    assert_int_equal(contact_save(f->db, &got, &err), LL_OK);
    assert_int_equal(db_last_save(f->db), SAVE_UNCHANGED);
    assert_int_equal(audit_count(f, c.id, "update"), 1);

    assert_int_equal(contact_delete(f->db, c.id, &err), LL_OK);
    assert_int_equal(contact_get(f->db, c.id, &got, &err), LL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "找不到这条联系记录"));
    assert_int_equal(audit_count(f, c.id, "delete"), 1);
    assert_int_equal(contact_delete(f->db, c.id, &err), LL_ENOTFOUND);
}

/* A deputy who leaves the roster: the contact keeps the name and the township, and can still
 * be changed and saved. */
static void test_deputy_leaves(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct contact c, got;
    fill(&c, "刘明", "县长", &f->li, "2026-05-20", CONTACT_PHONE, "电话了解建议办理进展", 0);
    assert_int_equal(contact_save(f->db, &c, &err), LL_OK);
    assert_int_equal(deputy_delete(f->db, f->li.id, &err), LL_OK);
    assert_int_equal(contact_get(f->db, c.id, &got, &err), LL_OK);
    assert_string_equal(got.deputy_id, "");
    assert_string_equal(got.deputy_name, "李四");
    assert_string_equal(got.township_id, f->t1.id);
    snprintf(got.note, sizeof got.note, "%s", "代表已调离");
    assert_int_equal(contact_save(f->db, &got, &err), LL_OK);
    assert_int_equal(contact_get(f->db, c.id, &got, &err), LL_OK);
    assert_string_equal(got.note, "代表已调离");
    assert_string_equal(got.township_id, f->t1.id);
}

/* First, middle and last pages through the keyset: every contact once, in date order, whichever
 * way the pages are read. */
static void test_paging(void **state)
{
    struct fixture *f = *state;
    struct contact_filter flt;
    contact_filter_init(&flt);
    assert_lists(f, &flt);

    const struct contact *want[NMADE];
    int n = expected(f, &flt, want);
    assert_int_equal(n, NMADE);
    struct contact page[PAGE];
    struct ll_error err = {0};
    int got = 0;
    /* the last page: the newest PAGE, oldest first */
    assert_int_equal(contact_list(f->db, &flt, PAGE_LAST, NULL, PAGE, page, &got, &err), LL_OK);
    assert_int_equal(got, PAGE);
    for (int i = 0; i < PAGE; i++)
        assert_string_equal(page[i].id, want[n - PAGE + i]->id);
    /* the page before it: the middle one */
    char anchor[LL_KEY_LEN];
    snprintf(anchor, sizeof anchor, "%s", page[0].sort_key);
    assert_int_equal(contact_list(f->db, &flt, PAGE_BEFORE, anchor, PAGE, page, &got, &err), LL_OK);
    assert_int_equal(got, PAGE);
    for (int i = 0; i < PAGE; i++)
        assert_string_equal(page[i].id, want[n - 2 * PAGE + i]->id);
    /* and before that, what is left: the first page, short */
    snprintf(anchor, sizeof anchor, "%s", page[0].sort_key);
    assert_int_equal(contact_list(f->db, &flt, PAGE_BEFORE, anchor, PAGE, page, &got, &err), LL_OK);
    assert_int_equal(got, n - 2 * PAGE);
    for (int i = 0; i < got; i++)
        assert_string_equal(page[i].id, want[i]->id);
    /* a page after the last row is empty */
    assert_int_equal(
        contact_list(f->db, &flt, PAGE_AFTER, want[n - 1]->sort_key, PAGE, page, &got, &err),
        LL_OK);
    assert_int_equal(got, 0);
    /* a period: March to April, and a page sought from inside it stays inside it */
    snprintf(flt.from, sizeof flt.from, "2026-03-01");
    snprintf(flt.to, sizeof flt.to, "2026-04-30");
    assert_lists(f, &flt);
}

static void test_filters(void **state)
{
    struct fixture *f = *state;
    struct contact_filter flt;
    contact_filter_init(&flt);
    snprintf(flt.township_id, sizeof flt.township_id, "%s", f->t1.id);
    assert_lists(f, &flt);
    snprintf(flt.township_id, sizeof flt.township_id, "%s", f->t2.id);
    assert_lists(f, &flt);
    contact_filter_init(&flt);
    snprintf(flt.deputy_id, sizeof flt.deputy_id, "%s", f->li.id);
    assert_lists(f, &flt);
    for (int m = 0; m < CONTACT_MODE_COUNT; m++) {
        contact_filter_init(&flt);
        flt.mode = m;
        assert_lists(f, &flt);
        /* with a township and a period too */
        snprintf(flt.township_id, sizeof flt.township_id, "%s", f->t1.id);
        snprintf(flt.from, sizeof flt.from, "2026-02-01");
        assert_lists(f, &flt);
    }
}

/* The contacts `made` whose content, leader, post or deputy holds q. */
static int matching(struct fixture *f, const char *q)
{
    int n = 0;
    for (int i = 0; i < f->nmade; i++) {
        const struct contact *c = &f->made[i];
        n += strstr(c->content, q) || strstr(c->leader_name, q) || strstr(c->leader_post, q) ||
             strstr(c->deputy_name, q);
    }
    return n;
}

static void search_count(struct fixture *f, const char *q, int want)
{
    struct contact_filter flt;
    struct contact page[NMADE];
    struct ll_error err = {0};
    int got = -1, counted = -1;
    contact_filter_init(&flt);
    snprintf(flt.search, sizeof flt.search, "%s", q);
    assert_int_equal(contact_list(f->db, &flt, PAGE_FIRST, NULL, NMADE, page, &got, &err), LL_OK);
    assert_int_equal(contact_count(f->db, &flt, &counted, &err), LL_OK);
    if (got != want || counted != want)
        fail_msg("search \"%s\": listed %d, counted %d, want %d", q, got, counted, want);
}

/* Two characters (instr on the table) and three or more (the trigram index) find the same
 * contacts as a substring would; pinyin initials find a leader or a deputy. */
static void test_search(void **state)
{
    struct fixture *f = *state;
    static const char *const queries[] = {"公路",         "漏雨",         "赵六",
                                          "局长",         "农村公路养护", "高龄津贴",
                                          "县人大常委会", "陈立新",       "没有的字"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        search_count(f, queries[i], matching(f, queries[i]));
    assert_true(matching(f, "公路") > 0 && matching(f, "没有的字") == 0);
    /* 王建国: wjg; 赵六: zl */
    int wang = 0, zhao = 0;
    for (int i = 0; i < f->nmade; i++) {
        wang += strcmp(f->made[i].leader_name, "王建国") == 0;
        zhao += strcmp(f->made[i].deputy_name, "赵六") == 0;
    }
    assert_true(wang > 0 && zhao > 0);
    search_count(f, "wjg", wang);
    search_count(f, "zl", zhao);
    /* a search after a change of content finds the new text, not the old */
    struct contact c = f->made[0];
    struct ll_error err = {0};
    snprintf(c.content, sizeof c.content, "%s", "协调解决灌溉渠道清淤");
    assert_int_equal(contact_save(f->db, &c, &err), LL_OK);
    f->made[0] = c;
    search_count(f, "灌溉渠道", 1);
    search_count(f, "道路硬化", matching(f, "道路硬化"));
}

/* The bulletin's figures, worked out from `made`. */
static void test_counts(void **state)
{
    struct fixture *f = *state;
    static const struct {
        int township; /* 0 all, 1 桃花江镇, 2 修山镇 */
        const char *from, *to;
    } cases[] = {{0, "", ""}, {0, "2026-01-01", "2026-03-31"}, {1, "", ""}, {2, "2026-04-01", ""}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *township = cases[k].township == 0   ? ""
                               : cases[k].township == 1 ? f->t1.id
                                                        : f->t2.id;
        struct contact_counts want = {0}, got;
        const char *leaders[NMADE], *deputies[NMADE];
        for (int i = 0; i < f->nmade; i++) {
            const struct contact *c = &f->made[i];
            if ((township[0] && strcmp(c->township_id, township) != 0) ||
                (cases[k].from[0] && strcmp(c->date, cases[k].from) < 0) ||
                (cases[k].to[0] && strcmp(c->date, cases[k].to) > 0))
                continue;
            want.contacts++;
            want.items += atoi(c->items);
            want.by_mode[c->mode]++;
            bool seen = false;
            for (int j = 0; j < want.leaders && !seen; j++)
                seen = strcmp(leaders[j], c->leader_name) == 0;
            if (!seen)
                leaders[want.leaders++] = c->leader_name;
            seen = false;
            for (int j = 0; j < want.deputies && !seen; j++)
                seen = strcmp(deputies[j], c->deputy_id) == 0;
            if (!seen)
                deputies[want.deputies++] = c->deputy_id;
        }
        struct ll_error err = {0};
        assert_int_equal(contact_counts(f->db, township, cases[k].from, cases[k].to, &got, &err),
                         LL_OK);
        assert_true(want.contacts > 0);
        assert_int_equal(got.contacts, want.contacts);
        assert_int_equal(got.leaders, want.leaders);
        assert_int_equal(got.deputies, want.deputies);
        assert_int_equal(got.items, want.items);
        for (int m = 0; m < CONTACT_MODE_COUNT; m++)
            assert_int_equal(got.by_mode[m], want.by_mode[m]);
    }
    /* a period without contacts: all zero */
    struct contact_counts none;
    struct ll_error err = {0};
    assert_int_equal(contact_counts(f->db, "", "2025-01-01", "2025-12-31", &none, &err), LL_OK);
    assert_int_equal(none.contacts + none.leaders + none.deputies + none.items, 0);
}

/* Two programs on one file: a form opened before the other's save is refused, not overwritten;
 * reopened, it saves. */
static void test_no_lost_update(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ll_db *other = NULL;
    struct db_identity who = {"测试县人大", SITE_COUNTY, "", "另一位操作员"};
    struct contact c, a, b;
    fill(&c, "王建国", "县人大常委会主任", &f->zhang, "2026-06-10", CONTACT_VISIT,
         "走访了解村道路硬化情况", 1);
    assert_int_equal(contact_save(f->db, &c, &err), LL_OK);
    assert_int_equal(db_open(f->path, &who, &other, &err), LL_OK);
    assert_int_equal(contact_get(f->db, c.id, &a, &err), LL_OK);
    assert_int_equal(contact_get(other, c.id, &b, &err), LL_OK);
    snprintf(a.items, sizeof a.items, "%s", "2");
    usleep(2000); /* updated_at has milliseconds: two people never save within one */
    assert_int_equal(contact_save(f->db, &a, &err), LL_OK);
    snprintf(b.note, sizeof b.note, "%s", "已回访");
    assert_int_equal(contact_save(other, &b, &err), LL_ECONFLICT);
    assert_non_null(strstr(err.msg, "重新打开这条记录"));
    struct contact now;
    assert_int_equal(contact_get(f->db, c.id, &now, &err), LL_OK);
    assert_string_equal(now.items, "2");
    assert_string_equal(now.note, "");
    assert_int_equal(contact_get(other, c.id, &b, &err), LL_OK);
    snprintf(b.note, sizeof b.note, "%s", "已回访");
    assert_int_equal(contact_save(other, &b, &err), LL_OK);
    assert_int_equal(contact_get(f->db, c.id, &now, &err), LL_OK);
    assert_string_equal(now.items, "2");
    assert_string_equal(now.note, "已回访");
    db_close(other);
}

/* The demo's contacts are this year's, of its deputies, each as the model reads it. */
static void test_demo_contacts(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ll_db *db = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/demo.db", f->dir);
    assert_int_equal(db_open(path, NULL, &db, &err), LL_OK);
    assert_int_equal(demo_build(db, &err), LL_OK);
    struct contact_filter flt;
    contact_filter_init(&flt);
    int all = 0, this_year = 0;
    assert_int_equal(contact_count(db, &flt, &all, &err), LL_OK);
    snprintf(flt.from, sizeof flt.from, "2026-01-01");
    snprintf(flt.to, sizeof flt.to, TODAY);
    assert_int_equal(contact_count(db, &flt, &this_year, &err), LL_OK);
    assert_true(all >= 200 && all <= 600);
    assert_int_equal(this_year, all);
    struct contact_counts n;
    assert_int_equal(contact_counts(db, "", "", "", &n, &err), LL_OK);
    assert_int_equal(n.contacts, all);
    assert_true(n.leaders > 20 && n.deputies > 100 && n.items > 0 && n.items < all);
    for (int m = 0; m < CONTACT_MODE_COUNT; m++)
        assert_true(n.by_mode[m] > 0);
    /* every one saves again unchanged: the model takes the demo's records as they are */
    struct contact page[PAGE];
    int got = 0;
    contact_filter_init(&flt);
    assert_int_equal(contact_list(db, &flt, PAGE_FIRST, NULL, PAGE, page, &got, &err), LL_OK);
    assert_int_equal(got, PAGE);
    for (int i = 0; i < got; i++) {
        assert_true(page[i].township_id[0] && page[i].deputy_id[0] && page[i].leader_post[0]);
        assert_int_equal(contact_save(db, &page[i], &err), LL_OK);
        assert_int_equal(db_last_save(db), SAVE_UNCHANGED);
    }
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modes),
        cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_get_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputy_leaves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_counts, setup_county, teardown),
        cmocka_unit_test_setup_teardown(test_no_lost_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_contacts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
