/* Offline sync between four sites: a county, a township and two of its stations, each with its
 * own database, packages carried between them by hand in several orders. Every site must end
 * with the same records for what it may see, nothing lost: conflicts listed with the other
 * version, and every refused package refused whole with a reason. */
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
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "lianluo/sync.h"
#include "lianluo/township.h"
#include "model/sql.h"

#include "derived_agree.h"

enum { COUNTY, TOWNSHIP, STATION_A, STATION_B, SITES };

struct site {
    struct ll_config cfg;
    char path[160];
    struct ll_db *db;
};

struct fixture {
    char dir[64];
    struct site s[SITES];
    struct township t1, t2;
    struct station a, b, x; /* a, b in 桃花江镇; x in 修山镇 */
    struct deputy zhang, li, zhao;
    int files;
};

static struct fixture *F;

/* src into dst (n bytes), cut to fit; src may lie inside the fixture too */
static void put_text(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memmove(dst, src, len);
    dst[len] = '\0';
}

static void open_site(struct fixture *f, int i, enum site_role role, const char *name,
                      const char *township, const char *station)
{
    struct site *s = &f->s[i];
    struct ll_error err = {0};
    config_defaults(&s->cfg);
    s->cfg.role = role;
    put_text(s->cfg.site_name, sizeof s->cfg.site_name, name);
    put_text(s->cfg.township, sizeof s->cfg.township, township);
    put_text(s->cfg.station, sizeof s->cfg.station, station);
    char path[sizeof s->path];
    snprintf(path, sizeof path, "%s/site%d.db", f->dir, i);
    put_text(s->path, sizeof s->path, path);
    struct db_identity who = {name, role, township, "测试员"};
    assert_int_equal(db_open(s->path, &who, &s->db, &err), LL_OK);
}

static void make_station(struct ll_db *db, const struct township *t, const char *name,
                         enum station_kind kind, struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    snprintf(s->township_id, sizeof s->township_id, "%s", t->id);
    assert_int_equal(station_save(db, s, &err), LL_OK);
}

static void make_deputy(struct ll_db *db, const char *name, const struct station *s,
                        struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->levels = 1u << LEVEL_TOWNSHIP;
    snprintf(d->township_id, sizeof d->township_id, "%s", s->township_id);
    snprintf(d->station_id, sizeof d->station_id, "%s", s->id);
    assert_int_equal(deputy_save(db, d, &err), LL_OK);
}

static void add_entry(struct ll_db *db, const char *station_id, const char *date,
                      const char *summary, const struct deputy *d, struct ledger_entry *e)
{
    struct ll_error err = {0};
    ledger_init(e);
    snprintf(e->station_id, sizeof e->station_id, "%s", station_id);
    snprintf(e->date, sizeof e->date, "%s", date);
    snprintf(e->people, sizeof e->people, "5");
    snprintf(e->summary, sizeof e->summary, "%s", summary);
    if (d) {
        e->ndeputies = 1;
        snprintf(e->deputy_ids[0], sizeof e->deputy_ids[0], "%s", d->id);
        snprintf(e->deputy_names, sizeof e->deputy_names, "%s", d->name);
    }
    if (ledger_save(db, e, &err) != LL_OK)
        fail_msg("ledger_save: %s", err.msg);
}

/* Writes the next package from site `from` for its peer named `to`; returns its path. */
static const char *export_to(struct fixture *f, int from, const char *to)
{
    static char path[8][256];
    static int turn;
    struct ll_error err = {0};
    struct sync_peer p;
    struct sync_export_result res;
    char *out = path[turn++ % 8];
    if (sync_peer_find(f->s[from].db, to, &p, &err) != LL_OK)
        fail_msg("find %s: %s", to, err.msg);
    snprintf(out, 256, "%s/pkg%03d.llsync", f->dir, ++f->files);
    if (sync_export(f->s[from].db, &f->s[from].cfg, p.id, out, &res, &err) != LL_OK)
        fail_msg("export %d -> %s: %s", from, to, err.msg);
    return out;
}

/* Imports; st is what open or apply returned, msg its message. */
static enum ll_status import_file(struct fixture *f, int to, const char *path,
                                  struct sync_import_result *res, char *msg, size_t msgsz)
{
    struct ll_error err = {0};
    struct sync_import *imp = NULL;
    struct sync_import_result ignored;
    enum ll_status st = sync_import_open(f->s[to].db, path, &imp, &err);
    if (st == LL_OK) {
        st = sync_import_apply(imp, res ? res : &ignored, &err);
        sync_import_free(imp);
    }
    if (msg)
        snprintf(msg, msgsz, "%s", err.msg);
    return st;
}

static void carry(struct fixture *f, int from, const char *to_name, int to)
{
    char msg[512];
    const char *path = export_to(f, from, to_name);
    if (import_file(f, to, path, NULL, msg, sizeof msg) != LL_OK)
        fail_msg("import %d -> %d: %s", from, to, msg);
}

static void pair(struct fixture *f, int upper, int lower, const char *township_name,
                 const char *station_id)
{
    struct ll_error err = {0};
    char code[SYNC_CODE_LEN + 1];
    struct sync_peer p;
    assert_int_equal(sync_pair_lower(f->s[upper].db, f->s[upper].cfg.role, township_name,
                                     station_id, code, &p, &err),
                     LL_OK);
    assert_int_equal(sync_pair_upper(f->s[lower].db, f->s[lower].cfg.role, code, &p, &err), LL_OK);
}

/* Every row of a query, as one string (through a second connection: what is on disk). */
static char *dump(struct fixture *f, int site, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap);
    assert_int_equal(sqlite3_open_v2(f->s[site].path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            size_t len = strlen(v ? v : "") + 2;
            if (n + len + 1 > cap) {
                cap = (cap + len) * 2;
                out = realloc(out, cap);
            }
            n += (size_t)snprintf(out + n, cap - n, "%s%c", v ? v : "",
                                  c + 1 == sqlite3_column_count(st) ? '\n' : '|');
        }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

/* The id of station A's first ledger entry (malloc'd): the one setup sent it. */
static char *first_entry_id(struct fixture *f)
{
    char *id = dump(f, STATION_A, "SELECT id FROM ledger_entry LIMIT 1");
    id[strcspn(id, "\n")] = '\0';
    assert_int_equal(strlen(id), LL_ID_LEN - 1);
    return id;
}

static void exec_on(struct fixture *f, int site, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(f->s[site].path, &h), SQLITE_OK);
    sqlite3_busy_timeout(h, 2000);
    if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

static int count_on(struct fixture *f, int site, const char *sql)
{
    char *d = dump(f, site, sql);
    int n = atoi(d);
    free(d);
    return n;
}

/* The same rows on two sites. */
static void assert_same(struct fixture *f, int a, int b, const char *sql)
{
    char *x = dump(f, a, sql), *y = dump(f, b, sql);
    if (strcmp(x, y) != 0)
        fail_msg("site %d and site %d differ on %s:\n%s\n--- vs ---\n%s", a, b, sql, x, y);
    free(x);
    free(y);
}

/* A county (empty), 桃花江镇's township office with the township's stations and deputies (and
 * a neighbour township's, which it must not send), and two station PCs, all paired; then the
 * first packages: township → county, county → township, township → each station. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-sync-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    open_site(f, COUNTY, SITE_COUNTY, "桃江县人大", "", "");
    open_site(f, TOWNSHIP, SITE_TOWNSHIP, "桃花江镇人大", "桃花江镇", "");
    open_site(f, STATION_A, SITE_STATION, "中心联络站电脑", "桃花江镇", "");
    open_site(f, STATION_B, SITE_STATION, "安乐村联络站电脑", "桃花江镇", "");
    struct ll_db *t = f->s[TOWNSHIP].db;
    assert_int_equal(township_ensure(t, "桃花江镇", &f->t1, &err), LL_OK);
    assert_int_equal(township_ensure(t, "修山镇", &f->t2, &err), LL_OK);
    make_station(t, &f->t1, "桃花江镇中心联络站", STATION_CENTRAL, &f->a);
    make_station(t, &f->t1, "安乐村片区联络站", STATION_AREA, &f->b);
    make_station(t, &f->t2, "修山镇中心联络站", STATION_CENTRAL, &f->x);
    make_deputy(t, "张三", &f->a, &f->zhang);
    make_deputy(t, "李四", &f->b, &f->li);
    make_deputy(t, "赵六", &f->x, &f->zhao);
    struct ledger_entry e;
    add_entry(t, f->a.id, "2026-11-02", "接待群众反映道路问题", &f->zhang, &e);
    add_entry(t, f->x.id, "2026-11-03", "修山镇的台账", &f->zhao, &e);

    pair(f, COUNTY, TOWNSHIP, "桃花江镇", NULL);
    pair(f, TOWNSHIP, STATION_A, NULL, f->a.id);
    pair(f, TOWNSHIP, STATION_B, NULL, f->b.id);
    F = f;
    carry(f, TOWNSHIP, "upper", COUNTY);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, TOWNSHIP, "安乐村片区联络站", STATION_B);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    for (int i = 0; i < SITES; i++) {
        /* whatever was applied, taken back or refused: the summaries are their rows' */
        char where[32];
        snprintf(where, sizeof where, "site %d", i);
        assert_derived_agree(f->s[i].db->h, where);
        db_close(f->s[i].db);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* The first packages: each site has what it may see, and no more. */
static void test_first_packages_give_each_site_its_records(void **state)
{
    struct fixture *f = *state;
    /* the county has the township's records, not the neighbour's the township keeps */
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM township"), 1);
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM station"), 2);
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM deputy"), 2);
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM ledger_entry"), 1);
    assert_same(f, COUNTY, TOWNSHIP,
                "SELECT * FROM station WHERE township_id = (SELECT id FROM "
                "township WHERE name = '桃花江镇') ORDER BY id");
    /* a station: its township's stations and roster; its own ledger only */
    for (int s = STATION_A; s <= STATION_B; s++) {
        assert_int_equal(count_on(f, s, "SELECT count(*) FROM station"), 2);
        assert_same(f, s, TOWNSHIP,
                    "SELECT id, name, phone, township_id, station_id FROM deputy WHERE "
                    "township_id = (SELECT id FROM township WHERE name = '桃花江镇') ORDER BY id");
    }
    assert_int_equal(count_on(f, STATION_A, "SELECT count(*) FROM ledger_entry"), 1);
    assert_int_equal(count_on(f, STATION_B, "SELECT count(*) FROM ledger_entry"), 0);
    /* the search index came along with the rows (triggers ran on import) */
    assert_int_equal(
        count_on(f, STATION_A, "SELECT count(*) FROM ledger_fts WHERE ledger_fts MATCH '道路问题'"),
        1);
}

static void add_contact(struct ll_db *db, const char *leader, const char *post,
                        const struct deputy *d, const char *content, struct contact *c)
{
    struct ll_error err = {0};
    contact_init(c);
    snprintf(c->leader_name, sizeof c->leader_name, "%s", leader);
    snprintf(c->leader_post, sizeof c->leader_post, "%s", post);
    snprintf(c->deputy_id, sizeof c->deputy_id, "%s", d->id);
    snprintf(c->deputy_name, sizeof c->deputy_name, "%s", d->name);
    snprintf(c->date, sizeof c->date, "%s", "2026-11-05");
    c->mode = CONTACT_VISIT;
    snprintf(c->content, sizeof c->content, "%s", content);
    if (contact_save(db, c, &err) != LL_OK)
        fail_msg("contact_save: %s", err.msg);
}

/* Contacts with deputies are the township's (its deputies') and the county's: a township's
 * contact reaches the county, a county's contact with a deputy of the township reaches the
 * township, and either may change them; a station gets none, and a township may not record
 * one for another township's deputy. */
static void test_contacts_between_township_and_county(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct contact by_town, by_county, other;
    static const char *const rows =
        "SELECT id, site_id, township_id, leader_name, leader_post, deputy_id, deputy_name, "
        "contacted_on, mode, content, items, note, created_at, updated_at FROM contact ORDER BY id";
    add_contact(f->s[TOWNSHIP].db, "王建国", "县人大常委会副主任", &f->zhang,
                "走访了解村道路硬化情况", &by_town);
    assert_string_equal(by_town.township_id, f->t1.id);
    /* 赵六 is 修山镇's: not this township's to record */
    contact_init(&other);
    snprintf(other.leader_name, sizeof other.leader_name, "%s", "王建国");
    snprintf(other.leader_post, sizeof other.leader_post, "%s", "县人大常委会副主任");
    snprintf(other.deputy_id, sizeof other.deputy_id, "%s", f->zhao.id);
    snprintf(other.deputy_name, sizeof other.deputy_name, "%s", f->zhao.name);
    snprintf(other.content, sizeof other.content, "%s", "电话联系");
    assert_int_not_equal(contact_save(f->s[TOWNSHIP].db, &other, &err), LL_OK);
    assert_int_equal(count_on(f, TOWNSHIP, "SELECT count(*) FROM contact"), 1);

    carry(f, TOWNSHIP, "upper", COUNTY);
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM contact"), 1);
    assert_same(f, COUNTY, TOWNSHIP, rows);
    assert_int_equal(
        count_on(f, COUNTY, "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH '道路硬化'"),
        1);

    /* the county records one with 李四 of the township, and changes the township's */
    add_contact(f->s[COUNTY].db, "刘明", "县交通运输局局长", &f->li, "接待代表来访，协调维修便桥",
                &by_county);
    struct contact c;
    assert_int_equal(contact_get(f->s[COUNTY].db, by_town.id, &c, &err), LL_OK);
    snprintf(c.items, sizeof c.items, "%s", "1");
    assert_int_equal(contact_save(f->s[COUNTY].db, &c, &err), LL_OK);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    assert_int_equal(count_on(f, TOWNSHIP, "SELECT count(*) FROM contact"), 2);
    assert_same(f, COUNTY, TOWNSHIP, rows);
    assert_int_equal(count_on(f, TOWNSHIP, "SELECT items FROM contact WHERE deputy_name = '张三'"),
                     1);

    /* the township changes the county's: it is the township's too */
    assert_int_equal(contact_get(f->s[TOWNSHIP].db, by_county.id, &c, &err), LL_OK);
    snprintf(c.note, sizeof c.note, "%s", "已回访");
    assert_int_equal(contact_save(f->s[TOWNSHIP].db, &c, &err), LL_OK);
    carry(f, TOWNSHIP, "upper", COUNTY);
    assert_same(f, COUNTY, TOWNSHIP, rows);

    /* the stations get none */
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, TOWNSHIP, "安乐村片区联络站", STATION_B);
    assert_int_equal(count_on(f, STATION_A, "SELECT count(*) FROM contact"), 0);
    assert_int_equal(count_on(f, STATION_B, "SELECT count(*) FROM contact"), 0);
    assert_int_equal(count_on(f, TOWNSHIP, "SELECT count(*) FROM contact"), 2);
}

/* A "week" offline on every site, then packages both ways in two different orders. */
static void test_week_of_offline_work_converges(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry ea, eb, et;
    struct deputy wang;
    /* station A: a reception with a problem, and its own contact phone */
    add_entry(f->s[STATION_A].db, f->a.id, "2026-11-20", "村民反映饮水问题", &f->zhang, &ea);
    struct problem p;
    problem_init(&p);
    snprintf(p.station_id, sizeof p.station_id, "%s", f->a.id);
    snprintf(p.entry_id, sizeof p.entry_id, "%s", ea.id);
    snprintf(p.raised_on, sizeof p.raised_on, "2026-11-20");
    snprintf(p.description, sizeof p.description, "自来水管破裂");
    assert_int_equal(problem_save(f->s[STATION_A].db, &p, &err), LL_OK);
    /* another program changed the station's phone: still carried */
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE station SET admin_phone = '13900000001', updated_at = "
             "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') WHERE id = '%s'",
             f->a.id);
    exec_on(f, STATION_A, sql);
    /* station B: two entries */
    add_entry(f->s[STATION_B].db, f->b.id, "2026-11-21", "走访困难户", &f->li, &eb);
    add_entry(f->s[STATION_B].db, f->b.id, "2026-11-22", "征求意见座谈", &f->li, &eb);
    /* township: a new deputy and an entry it records for station B */
    make_deputy(f->s[TOWNSHIP].db, "王五", &f->a, &wang);
    add_entry(f->s[TOWNSHIP].db, f->b.id, "2026-11-23", "乡镇代为登记的台账", &wang, &et);

    /* order 1: stations up first, then the township both ways */
    carry(f, STATION_B, "upper", TOWNSHIP);
    carry(f, TOWNSHIP, "upper", COUNTY);
    carry(f, STATION_A, "upper", TOWNSHIP);
    carry(f, TOWNSHIP, "安乐村片区联络站", STATION_B);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, TOWNSHIP, "upper", COUNTY);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);

    const char *ledger_a = "SELECT * FROM ledger_entry WHERE station_id = (SELECT id FROM station "
                           "WHERE name = '桃花江镇中心联络站') ORDER BY id";
    const char *ledger_b = "SELECT * FROM ledger_entry WHERE station_id = (SELECT id FROM station "
                           "WHERE name = '安乐村片区联络站') ORDER BY id";
    const char *problems = "SELECT * FROM problem ORDER BY id";
    const char *events = "SELECT * FROM problem_event ORDER BY id";
    const char *roster = "SELECT * FROM deputy WHERE township_id = (SELECT id FROM township WHERE "
                         "name = '桃花江镇') ORDER BY id";
    const char *stations = "SELECT * FROM station WHERE township_id = (SELECT id FROM township "
                           "WHERE name = '桃花江镇') ORDER BY id";
    for (int s = COUNTY; s <= STATION_A; s++) {
        assert_same(f, s, STATION_A, ledger_a);
        assert_same(f, s, STATION_A, roster);
        assert_same(f, s, STATION_A, stations);
    }
    assert_same(f, COUNTY, TOWNSHIP, ledger_b);
    assert_same(f, STATION_B, TOWNSHIP, ledger_b);
    assert_same(f, STATION_B, TOWNSHIP, roster);
    assert_same(f, COUNTY, TOWNSHIP, problems);
    assert_same(f, COUNTY, STATION_A, problems);
    assert_same(f, COUNTY, STATION_A, events);
    assert_same(f, COUNTY, TOWNSHIP,
                "SELECT * FROM ledger_deputy WHERE station_id IN (SELECT s.id FROM station s JOIN "
                "township t ON t.id = s.township_id WHERE t.name = '桃花江镇') "
                "ORDER BY entry_id, deputy_id");
    /* hand count: A 2 entries, B 3 (two of its own and the township's) */
    assert_int_equal(count_on(f, COUNTY, "SELECT count(*) FROM ledger_entry"), 5);
    assert_int_equal(count_on(f, STATION_B, "SELECT count(*) FROM ledger_entry"), 3);
    assert_int_equal(count_on(f, STATION_B, "SELECT count(*) FROM problem"), 0);
    assert_int_equal(count_on(f, COUNTY,
                              "SELECT count(*) FROM station WHERE admin_phone = "
                              "'13900000001'"),
                     1);
    /* nothing is left to send: the next packages are empty */
    struct sync_peer peer;
    struct sync_export_result res;
    assert_int_equal(sync_peer_find(f->s[TOWNSHIP].db, "upper", &peer, &err), LL_OK);
    char out[256];
    snprintf(out, sizeof out, "%s/empty.llsync", f->dir);
    assert_int_equal(sync_export(f->s[TOWNSHIP].db, &f->s[TOWNSHIP].cfg, peer.id, out, &res, &err),
                     LL_OK);
    assert_int_equal(res.changes, 0);
    assert_int_equal(import_file(f, COUNTY, out, NULL, NULL, 0), LL_OK);

    /* order 2: a deletion at a station travels up; the county's edit travels down */
    assert_int_equal(problem_delete(f->s[STATION_A].db, p.id, &err), LL_OK);
    snprintf(sql, sizeof sql,
             "UPDATE deputy SET phone = '13700000002', updated_at = "
             "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') WHERE id = '%s'",
             f->zhang.id);
    exec_on(f, COUNTY, sql);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    carry(f, STATION_A, "upper", TOWNSHIP);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, TOWNSHIP, "upper", COUNTY);
    for (int s = COUNTY; s <= STATION_A; s++) {
        assert_int_equal(count_on(f, s, "SELECT count(*) FROM problem"), 0);
        assert_int_equal(count_on(f, s, "SELECT count(*) FROM problem_event"), 0);
        assert_same(f, s, COUNTY, roster);
    }
    for (int s = COUNTY; s < SITES; s++) {
        char report[4096];
        assert_int_equal(db_check(f->s[s].db, report, sizeof report, &err), LL_OK);
    }
}

static void edit_summary(struct fixture *f, int site, const char *id, const char *summary,
                         const char *at)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE ledger_entry SET summary = '%s', updated_at = '%s' WHERE id = '%s'", summary,
             at, id);
    exec_on(f, site, sql);
}

struct conflicts {
    int n;
    struct sync_conflict c[8];
};

static void collect(void *ctx, const struct sync_conflict *c)
{
    struct conflicts *cs = ctx;
    if (cs->n < 8)
        cs->c[cs->n] = *c;
    cs->n++;
}

/* The same entry changed at the station and at the county: the later edit wins on every site,
 * the other version is listed where the clash was seen and can be taken instead. */
static void test_conflict_later_edit_wins_and_other_is_kept(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char *id = first_entry_id(f);
    edit_summary(f, STATION_A, id, "站里改的摘要", "2026-11-25T08:00:00.000Z");
    edit_summary(f, COUNTY, id, "县里改的摘要", "2026-11-25T09:00:00.000Z");
    struct sync_import_result res;
    /* the station's edit reaches the township first, then the county: the county keeps its
     * later one and lists the station's */
    carry(f, STATION_A, "upper", TOWNSHIP);
    const char *up = export_to(f, TOWNSHIP, "upper");
    assert_int_equal(import_file(f, COUNTY, up, &res, NULL, 0), LL_OK);
    assert_int_equal(res.conflicts, 1);
    struct conflicts cs = {0};
    assert_int_equal(sync_conflict_list(f->s[COUNTY].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 1);
    assert_string_equal(cs.c[0].kind, "both_edited");
    assert_true(cs.c[0].kept_here);
    assert_non_null(strstr(cs.c[0].other_version, "站里改的摘要"));
    /* and back down: everyone ends with the county's */
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT summary FROM ledger_entry WHERE id = '%s'", id);
    for (int s = COUNTY; s <= STATION_A; s++) {
        char *v = dump(f, s, sql);
        assert_string_equal(v, "县里改的摘要\n");
        free(v);
    }
    /* the county's user takes the station's version instead: a new edit, carried to all */
    assert_int_equal(sync_conflict_take(f->s[COUNTY].db, cs.c[0].id, &err), LL_OK);
    cs.n = 0;
    assert_int_equal(sync_conflict_list(f->s[COUNTY].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 0);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    for (int s = COUNTY; s <= STATION_A; s++) {
        char *v = dump(f, s, sql);
        assert_string_equal(v, "站里改的摘要\n");
        free(v);
    }
    free(id);
}

/* Both sides edit before either has the other's package: each site sees the clash and both
 * choose the same version. */
static void test_crossing_packages_choose_the_same_version(void **state)
{
    struct fixture *f = *state;
    char *id = first_entry_id(f);
    edit_summary(f, STATION_A, id, "站里的版本", "2026-11-26T10:00:00.000Z");
    edit_summary(f, TOWNSHIP, id, "乡镇的版本", "2026-11-26T09:00:00.000Z");
    const char *up = export_to(f, STATION_A, "upper");
    const char *down = export_to(f, TOWNSHIP, "桃花江镇中心联络站");
    struct sync_import_result r1, r2;
    assert_int_equal(import_file(f, TOWNSHIP, up, &r1, NULL, 0), LL_OK);
    assert_int_equal(import_file(f, STATION_A, down, &r2, NULL, 0), LL_OK);
    assert_int_equal(r1.conflicts, 1);
    assert_int_equal(r2.conflicts, 1);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT summary FROM ledger_entry WHERE id = '%s'", id);
    assert_same(f, TOWNSHIP, STATION_A, sql);
    char *v = dump(f, TOWNSHIP, sql);
    assert_string_equal(v, "站里的版本\n"); /* saved later */
    free(v);
    /* and the next round changes nothing more */
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, STATION_A, "upper", TOWNSHIP);
    assert_same(f, TOWNSHIP, STATION_A, sql);
    free(id);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *len = (size_t)ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc(*len);
    assert_int_equal(fread(b, 1, *len, fp), *len);
    fclose(fp);
    return b;
}

static void write_all(const char *path, const void *b, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(b, 1, len, fp), len);
    fclose(fp);
}

/* A replayed package changes nothing; an older one, one out of order, a truncated one and one
 * with a wrong checksum are refused, and the refusals are in the history. */
static void test_replay_order_damage(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e;
    char msg[512], damaged[256];
    struct sync_import_result res;
    add_entry(f->s[TOWNSHIP].db, f->a.id, "2026-11-27", "第一包", &f->zhang, &e);
    char first[256], second[256];
    snprintf(first, sizeof first, "%s", export_to(f, TOWNSHIP, "桃花江镇中心联络站"));
    add_entry(f->s[TOWNSHIP].db, f->a.id, "2026-11-28", "第二包", &f->zhang, &e);
    snprintf(second, sizeof second, "%s", export_to(f, TOWNSHIP, "桃花江镇中心联络站"));
    char *before = dump(f, STATION_A, "SELECT * FROM ledger_entry ORDER BY id");

    /* out of order: the second before the first */
    assert_int_equal(import_file(f, STATION_A, second, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "按顺序"));
    /* the first one was lost on the way: written out again, byte for byte */
    size_t len1, len2;
    char *original = read_all(first, &len1);
    remove(first);
    struct sync_peer peer;
    struct sync_export_result again;
    assert_int_equal(sync_peer_find(f->s[TOWNSHIP].db, "桃花江镇中心联络站", &peer, &err), LL_OK);
    assert_int_equal(sync_resend(f->s[TOWNSHIP].db, peer.id, 99, first, &again, &err),
                     LL_ENOTFOUND);
    /* setup sent number 1; these are 2 and 3 */
    assert_int_equal(sync_resend(f->s[TOWNSHIP].db, peer.id, 2, first, &again, &err), LL_OK);
    char *copy = read_all(first, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(original, copy, len1);
    free(original);
    free(copy);
    /* truncated (a stick pulled mid-copy) and bit-flipped */
    size_t len;
    char *b = read_all(first, &len);
    snprintf(damaged, sizeof damaged, "%s/damaged.llsync", f->dir);
    write_all(damaged, b, len - 100);
    assert_int_equal(import_file(f, STATION_A, damaged, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "长度不符"));
    b[len / 2] ^= 0x10;
    write_all(damaged, b, len);
    assert_int_equal(import_file(f, STATION_A, damaged, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "校验码"));
    free(b);
    char *after = dump(f, STATION_A, "SELECT * FROM ledger_entry ORDER BY id");
    assert_string_equal(before, after);
    free(after);

    /* in order; then the same package again: nothing changes */
    assert_int_equal(import_file(f, STATION_A, first, &res, NULL, 0), LL_OK);
    assert_int_equal(res.applied, 2); /* the entry and its deputy */
    assert_int_equal(import_file(f, STATION_A, second, &res, NULL, 0), LL_OK);
    free(before);
    before = dump(f, STATION_A, "SELECT * FROM ledger_entry ORDER BY id");
    struct sync_import *imp;
    assert_int_equal(sync_import_open(f->s[STATION_A].db, second, &imp, &err), LL_OK);
    assert_true(sync_import_preview(imp)->replay);
    assert_int_equal(sync_import_apply(imp, &res, &err), LL_OK);
    assert_int_equal(res.applied, 0);
    sync_import_free(imp);
    /* an older package */
    assert_int_equal(import_file(f, STATION_A, first, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "旧包"));
    after = dump(f, STATION_A, "SELECT * FROM ledger_entry ORDER BY id");
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* a package meant for the other station */
    const char *for_b = export_to(f, TOWNSHIP, "安乐村片区联络站");
    assert_int_equal(import_file(f, STATION_A, for_b, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "不是给本机的"));
    assert_int_equal(count_on(f, STATION_A,
                              "SELECT count(*) FROM sync_history WHERE direction = "
                              "'refused'"),
                     5);
}

/* Reads a pairing's key and key id (the test plays a site that has them). */
static void pairing_key(struct fixture *f, int site, unsigned char key[SYNC_KEY_LEN],
                        uint8_t key_id[SYNC_KEY_ID_LEN], long long *out_seq)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(f->s[site].path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT auth_key, key_id, out_seq FROM sync_peer WHERE "
                                        "relation = 'upper'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    memcpy(key, sqlite3_column_blob(st, 0), SYNC_KEY_LEN);
    memcpy(key_id, sqlite3_column_blob(st, 1), SYNC_KEY_ID_LEN);
    *out_seq = sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* A changeset of `sql` run on a scratch copy of a site's database. */
static void *changeset_of(struct fixture *f, int site, const char *table, const char *sql, int *n)
{
    char copy[256], cmd[600];
    snprintf(copy, sizeof copy, "%s/scratch.db", f->dir);
    snprintf(cmd, sizeof cmd, "rm -f '%s'", copy);
    assert_int_equal(system(cmd), 0);
    sqlite3 *src = NULL, *h = NULL;
    assert_int_equal(sqlite3_open(f->s[site].path, &src), SQLITE_OK);
    assert_int_equal(sqlite3_open(copy, &h), SQLITE_OK);
    sqlite3_backup *bk = sqlite3_backup_init(h, "main", src, "main");
    sqlite3_backup_step(bk, -1);
    sqlite3_backup_finish(bk);
    sqlite3_close(src);
    sqlite3_session *s = NULL;
    void *cs = NULL;
    assert_int_equal(sqlite3session_create(h, "main", &s), SQLITE_OK);
    assert_int_equal(sqlite3session_attach(s, table), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3session_changeset(s, n, &cs), SQLITE_OK);
    sqlite3session_delete(s);
    sqlite3_close(h);
    return cs;
}

/* A package (correctly signed: the sender has the key) whose changes are outside the sender's
 * records is refused whole, naming the records; so is one from a newer schema. */
static void forge(struct fixture *f, int site, void *cs, int n, int changes, uint32_t schema,
                  const char *path)
{
    struct sync_frame fr;
    unsigned char key[SYNC_KEY_LEN];
    long long seq;
    memset(&fr, 0, sizeof fr);
    pairing_key(f, site, key, fr.key_id, &seq);
    snprintf(fr.sender, sizeof fr.sender, "%s", db_site_id(f->s[site].db));
    fr.seq = (uint64_t)seq + 1;
    fr.schema = schema;
    fr.changes = (uint32_t)changes;
    fr.sender_role = 2;
    snprintf(fr.sender_name, sizeof fr.sender_name, "伪造的包");
    snprintf(fr.made_at, sizeof fr.made_at, "2026-11-29T00:00:00Z");
    fr.payload = cs;
    fr.payload_len = (size_t)n;
    unsigned char *pkg;
    size_t len;
    struct ll_error err = {0};
    assert_int_equal(sync_frame_build(&fr, key, &pkg, &len, &err), LL_OK);
    write_all(path, pkg, len);
    free(pkg);
}

static void test_out_of_scope_refused_whole(void **state)
{
    struct fixture *f = *state;
    char sql[512], msg[1024], path[256];
    int n;
    snprintf(path, sizeof path, "%s/forged.llsync", f->dir);
    char *before = dump(f, TOWNSHIP, "SELECT * FROM deputy ORDER BY id");
    /* station A changes a deputy's phone (the roster is the township's) */
    snprintf(sql, sizeof sql, "UPDATE deputy SET phone = '1' WHERE id = '%s'", f->li.id);
    void *cs = changeset_of(f, STATION_A, "deputy", sql, &n);
    forge(f, STATION_A, cs, n, 1, (uint32_t)db_schema_version(), path);
    sqlite3_free(cs);
    enum ll_status st = import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg);
    if (st != LL_ECONFLICT)
        fail_msg("%d: %s", st, msg);
    assert_non_null(strstr(msg, "李四"));
    /* station A writes into station B's ledger, next to a change of its own */
    snprintf(sql, sizeof sql,
             "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, summary, "
             "created_at, updated_at) VALUES ('%s', 'forged-1', 'x', 'other', '2026-11-01', "
             "'别站的台账', 'x', 'x'), ('%s', 'own-1', 'x', 'other', '2026-11-01', '本站的台账', "
             "'x', 'x')",
             f->b.id, f->a.id);
    cs = changeset_of(f, STATION_A, "ledger_entry", sql, &n);
    forge(f, STATION_A, cs, n, 2, (uint32_t)db_schema_version(), path);
    struct sync_import_result r;
    st = import_file(f, TOWNSHIP, path, &r, msg, sizeof msg);
    if (st != LL_ECONFLICT)
        fail_msg("%d: %s (applied %d unchanged %d conflicts %d)", st, msg, r.applied, r.unchanged,
                 r.conflicts);
    assert_non_null(strstr(msg, "别站的台账"));
    assert_null(strstr(msg, "本站的台账"));
    assert_int_equal(count_on(f, TOWNSHIP,
                              "SELECT count(*) FROM ledger_entry WHERE id IN "
                              "('forged-1', 'own-1')"),
                     0);
    /* a newer schema: refused before anything is read */
    forge(f, STATION_A, cs, n, 2, (uint32_t)db_schema_version() + 1, path);
    sqlite3_free(cs);
    assert_int_equal(import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg), LL_ENEWER);
    assert_non_null(strstr(msg, "升级"));
    char *after = dump(f, TOWNSHIP, "SELECT * FROM deputy ORDER BY id");
    assert_string_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(count_on(f, TOWNSHIP,
                              "SELECT count(*) FROM sync_history WHERE direction = "
                              "'refused' AND summary LIKE '%超出%'"),
                     2);
}

/* A package carries the data format of the synced tables (LL_SYNC_FORMAT), not the database's
 * version: one from an older lianluo with the same synced tables is imported (the sites of a
 * county need not all upgrade at once for a migration that changes none of them); one from
 * before them is refused, saying who must upgrade. */
static void test_data_format_across_versions(void **state)
{
    struct fixture *f = *state;
    char sql[512], msg[1024], path[256];
    int n;
    /* what this program writes */
    const char *up = export_to(f, STATION_A, "upper");
    size_t len = 0;
    char *pkg = read_all(up, &len);
    struct sync_frame fr;
    struct ll_error err = {0};
    assert_int_equal(sync_frame_parse((const unsigned char *)pkg, len, &fr, &err), LL_OK);
    assert_int_equal(fr.schema, LL_SYNC_WRITTEN);
    assert_true(LL_SYNC_FORMAT <= LL_SYNC_WRITTEN && LL_SYNC_WRITTEN <= db_schema_version());
    free(pkg);
    assert_int_equal(import_file(f, TOWNSHIP, up, NULL, msg, sizeof msg), LL_OK);
    snprintf(path, sizeof path, "%s/forged.llsync", f->dir);
    static const struct {
        int schema; /* how far from LL_SYNC_FORMAT (-1) or db_schema_version() (0: it) */
        bool from_format;
        enum ll_status want;
    } cases[] = {
        {-1, true, LL_EINVAL}, /* before the synced tables were these */
        {0, true, LL_OK},      /* this program's own */
        {-1, false, LL_OK},    /* an older lianluo, the same synced tables */
        {1, false, LL_ENEWER}, /* a newer one: maybe other tables */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, summary, "
                 "created_at, updated_at) VALUES ('%s', 'format-%zu', 'x', 'other', "
                 "'2026-11-01', '格式', 'x', 'x')",
                 f->a.id, i);
        void *cs = changeset_of(f, STATION_A, "ledger_entry", sql, &n);
        int schema =
            (cases[i].from_format ? LL_SYNC_FORMAT : db_schema_version()) + cases[i].schema;
        forge(f, STATION_A, cs, n, 1, (uint32_t)schema, path);
        sqlite3_free(cs);
        enum ll_status st = import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg);
        if (st != cases[i].want)
            fail_msg("data format %d: %d (%s), not %d", schema, st, msg, cases[i].want);
        char *q =
            sqlite3_mprintf("SELECT count(*) FROM ledger_entry WHERE id = 'format-%d'", (int)i);
        assert_int_equal(count_on(f, TOWNSHIP, q), cases[i].want == LL_OK);
        sqlite3_free(q);
        if (cases[i].want == LL_EINVAL)
            assert_non_null(strstr(msg, "较旧版本"));
        if (st == LL_OK) { /* the station's next package follows this one */
            sqlite3 *h = NULL;
            assert_int_equal(sqlite3_open(f->s[STATION_A].path, &h), SQLITE_OK);
            assert_int_equal(sqlite3_exec(h,
                                          "UPDATE sync_peer SET out_seq = out_seq + 1 WHERE "
                                          "relation = 'upper'",
                                          NULL, NULL, NULL),
                             SQLITE_OK);
            sqlite3_close(h);
        }
    }
}

/* A package with a table this program does not sync, or with other columns, is refused. */
static void test_foreign_tables_and_columns_refused(void **state)
{
    struct fixture *f = *state;
    char msg[1024], path[256];
    int n;
    snprintf(path, sizeof path, "%s/forged.llsync", f->dir);
    void *cs = changeset_of(f, STATION_A, "audit_log",
                            "INSERT INTO audit_log(id, site_id, at, table_name, record_id, action) "
                            "VALUES ('a', 'b', 'c', 'd', 'e', 'insert')",
                            &n);
    forge(f, STATION_A, cs, n, 1, (uint32_t)db_schema_version(), path);
    sqlite3_free(cs);
    assert_int_equal(import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "audit_log"));
    /* an older program's ledger_entry, with a column fewer */
    char copy_sql[600];
    snprintf(copy_sql, sizeof copy_sql,
             "ALTER TABLE ledger_entry DROP COLUMN operator; UPDATE ledger_entry SET "
             "summary = '少一列' WHERE station_id = '%s'",
             f->a.id);
    cs = changeset_of(f, STATION_A, "ledger_entry", copy_sql, &n);
    forge(f, STATION_A, cs, n, 1, (uint32_t)db_schema_version(), path);
    sqlite3_free(cs);
    assert_int_equal(import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg), LL_EINVAL);
    assert_non_null(strstr(msg, "结构"));
    assert_int_equal(count_on(f, TOWNSHIP,
                              "SELECT count(*) FROM ledger_entry WHERE summary = "
                              "'少一列'"),
                     0);
}

/* Deleted at one site, changed at another: the deletion stays; the changed version is listed,
 * whole, and can be brought back. */
static void test_delete_against_edit(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char *id = first_entry_id(f);
    edit_summary(f, STATION_A, id, "站里改过", "2026-11-26T10:00:00.000Z");
    assert_int_equal(ledger_delete(f->s[TOWNSHIP].db, id, &err), LL_OK);
    struct sync_import_result res;
    const char *up = export_to(f, STATION_A, "upper");
    assert_int_equal(import_file(f, TOWNSHIP, up, &res, NULL, 0), LL_OK);
    assert_int_equal(res.conflicts, 1);
    struct conflicts cs = {0};
    assert_int_equal(sync_conflict_list(f->s[TOWNSHIP].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 1);
    assert_string_equal(cs.c[0].kind, "deleted_here");
    /* the whole record, not only the changed column */
    assert_non_null(strstr(cs.c[0].other_version, "站里改过"));
    assert_non_null(strstr(cs.c[0].other_version, "2026-11-02"));
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger_entry WHERE id = '%s'", id);
    assert_int_equal(count_on(f, STATION_A, sql), 0);
    /* taken back at the township: the record returns everywhere */
    assert_int_equal(sync_conflict_take(f->s[TOWNSHIP].db, cs.c[0].id, &err), LL_OK);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    assert_int_equal(count_on(f, STATION_A, sql), 1);
    assert_int_equal(count_on(f, TOWNSHIP, sql), 1);
    free(id);
}

/* Once paired, a site changes only its own records: what it may not change would never be sent
 * (its upper site would refuse it), so it is refused when made, with a reason. */
static void test_site_changes_only_its_own_records(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ll_db *a = f->s[STATION_A].db;
    struct deputy d;
    /* the roster is the township's */
    assert_int_equal(deputy_get(a, f->zhang.id, &d, &err), LL_OK);
    snprintf(d.phone, sizeof d.phone, "13811112222");
    assert_int_equal(deputy_save(a, &d, &err), LL_EINVAL);
    assert_non_null(strstr(err.msg, "代表名册"));
    /* another station's ledger */
    struct ledger_entry e;
    ledger_init(&e);
    snprintf(e.station_id, sizeof e.station_id, "%s", f->b.id);
    snprintf(e.date, sizeof e.date, "2026-11-20");
    snprintf(e.summary, sizeof e.summary, "别站的台账");
    e.ndeputies = 1;
    snprintf(e.deputy_ids[0], sizeof e.deputy_ids[0], "%s", f->li.id);
    snprintf(e.deputy_names, sizeof e.deputy_names, "李四");
    assert_int_equal(ledger_save(a, &e, &err), LL_EINVAL);
    assert_int_equal(count_on(f, STATION_A,
                              "SELECT count(*) FROM ledger_entry WHERE summary = "
                              "'别站的台账'"),
                     0);
    /* its own station: the phone, not the name */
    struct station st;
    assert_int_equal(station_get(a, f->a.id, &st, &err), LL_OK);
    snprintf(st.admin_phone, sizeof st.admin_phone, "13900000009");
    assert_int_equal(station_save(a, &st, &err), LL_OK);
    snprintf(st.name, sizeof st.name, "改了名的联络站");
    assert_int_equal(station_save(a, &st, &err), LL_EINVAL);
    /* the township: not the neighbour township's deputies, its own yes */
    struct ll_db *t = f->s[TOWNSHIP].db;
    assert_int_equal(deputy_get(t, f->zhao.id, &d, &err), LL_OK);
    snprintf(d.phone, sizeof d.phone, "13811113333");
    assert_int_equal(deputy_save(t, &d, &err), LL_EINVAL);
    assert_non_null(strstr(err.msg, "乡镇"));
    assert_int_equal(deputy_get(t, f->li.id, &d, &err), LL_OK);
    snprintf(d.phone, sizeof d.phone, "13811114444");
    assert_int_equal(deputy_save(t, &d, &err), LL_OK);
    /* the township's change still reaches the station, and the station's phone goes up */
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    carry(f, STATION_A, "upper", TOWNSHIP);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT phone FROM deputy WHERE id = '%s'", f->li.id);
    assert_same(f, STATION_A, TOWNSHIP, sql);
    assert_int_equal(count_on(f, TOWNSHIP,
                              "SELECT count(*) FROM station WHERE admin_phone = "
                              "'13900000009'"),
                     1);
    /* a county changes anything */
    struct ll_db *c = f->s[COUNTY].db;
    assert_int_equal(deputy_get(c, f->li.id, &d, &err), LL_OK);
    snprintf(d.phone, sizeof d.phone, "13811115555");
    assert_int_equal(deputy_save(c, &d, &err), LL_OK);
}

/* A record that refers to one this site lacks (here: a deputy the county never had) is kept
 * and listed, not dropped and not blocking the package. */
static void test_missing_reference_kept_and_listed(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char sql[600], path[256];
    int n;
    snprintf(path, sizeof path, "%s/forged.llsync", f->dir);
    snprintf(sql, sizeof sql,
             "INSERT INTO ledger_deputy(station_id, entry_id, deputy_id, site_id, created_at) "
             "SELECT station_id, id, 'no-such-deputy', 'x', 'x' FROM ledger_entry WHERE "
             "station_id = '%s'",
             f->a.id);
    void *cs = changeset_of(f, TOWNSHIP, "ledger_deputy", sql, &n);
    forge(f, TOWNSHIP, cs, n, 1, (uint32_t)db_schema_version(), path);
    sqlite3_free(cs);
    struct sync_import_result res;
    char msg[512];
    if (import_file(f, COUNTY, path, &res, msg, sizeof msg) != LL_OK)
        fail_msg("%s", msg);
    assert_int_equal(count_on(f, COUNTY,
                              "SELECT count(*) FROM ledger_deputy WHERE deputy_id = "
                              "'no-such-deputy'"),
                     1);
    struct conflicts cs2 = {0};
    assert_int_equal(sync_conflict_list(f->s[COUNTY].db, 10, collect, &cs2, &err), LL_OK);
    assert_int_equal(cs2.n, 1);
    assert_string_equal(cs2.c[0].kind, "missing_reference");
}

/* Two sites change different fields of the same record: both changes are kept, no conflict. */
static void test_different_fields_merge(void **state)
{
    struct fixture *f = *state;
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE station SET admin_phone = '13700003333', updated_at = "
             "'2026-11-26T08:00:00.000Z' WHERE id = '%s'",
             f->a.id);
    exec_on(f, STATION_A, sql);
    snprintf(sql, sizeof sql,
             "UPDATE station SET note = '乡镇的备注', updated_at = '2026-11-26T09:00:00.000Z' "
             "WHERE id = '%s'",
             f->a.id);
    exec_on(f, TOWNSHIP, sql);
    struct sync_import_result r1, r2;
    const char *up = export_to(f, STATION_A, "upper");
    const char *down = export_to(f, TOWNSHIP, "桃花江镇中心联络站");
    assert_int_equal(import_file(f, TOWNSHIP, up, &r1, NULL, 0), LL_OK);
    assert_int_equal(import_file(f, STATION_A, down, &r2, NULL, 0), LL_OK);
    assert_int_equal(r1.conflicts, 0);
    assert_int_equal(r2.conflicts, 0);
    snprintf(sql, sizeof sql, "SELECT admin_phone, note, updated_at FROM station WHERE id = '%s'",
             f->a.id);
    assert_same(f, TOWNSHIP, STATION_A, sql);
    char *v = dump(f, TOWNSHIP, sql);
    assert_string_equal(v, "13700003333|乡镇的备注|2026-11-26T09:00:00.000Z\n");
    free(v);
    carry(f, STATION_A, "upper", TOWNSHIP);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
    assert_same(f, TOWNSHIP, STATION_A, sql);
}

/* A record still listed in a conflict is changed again by the other site: the version it
 * replaces is listed in its turn, so nothing goes unseen. */
static void test_version_replaced_while_listed_stays_listed(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char *id = first_entry_id(f);
    edit_summary(f, STATION_A, id, "站里的版本", "2026-11-26T08:00:00.000Z");
    edit_summary(f, TOWNSHIP, id, "乡镇核实的版本", "2026-11-26T09:00:00.000Z");
    carry(f, STATION_A, "upper", TOWNSHIP);              /* the township keeps its own */
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A); /* the station takes it */
    struct conflicts cs = {0};
    assert_int_equal(sync_conflict_list(f->s[STATION_A].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 0); /* the station's package went first: no clash seen there */
    cs.n = 0;
    assert_int_equal(sync_conflict_list(f->s[TOWNSHIP].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 1);
    /* the station changes the entry again (its user insists) */
    edit_summary(f, STATION_A, id, "站里再改的版本", "2026-11-27T08:00:00.000Z");
    carry(f, STATION_A, "upper", TOWNSHIP);
    cs.n = 0;
    assert_int_equal(sync_conflict_list(f->s[TOWNSHIP].db, 10, collect, &cs, &err), LL_OK);
    /* both versions nobody chose are listed: the station's first one, the township's */
    assert_int_equal(cs.n, 2);
    assert_string_equal(cs.c[0].kind, "superseded");
    assert_non_null(strstr(cs.c[0].other_version, "乡镇核实的版本"));
    assert_string_equal(cs.c[1].kind, "both_edited");
    assert_non_null(strstr(cs.c[1].other_version, "站里的版本"));
    free(id);
}

/* An entry deleted at one site and changed at the other: taking the changed version back
 * brings its deputies back too. */
static void test_taking_back_a_deleted_entry_brings_its_deputies(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char *id = first_entry_id(f);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger_deputy WHERE entry_id = '%s'", id);
    assert_int_equal(count_on(f, STATION_A, sql), 1);
    edit_summary(f, STATION_A, id, "站里改过", "2026-11-26T10:00:00.000Z");
    assert_int_equal(ledger_delete(f->s[TOWNSHIP].db, id, &err), LL_OK);
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A); /* the deletion wins at the station */
    assert_int_equal(count_on(f, STATION_A, sql), 0);
    struct conflicts cs = {0};
    assert_int_equal(sync_conflict_list(f->s[STATION_A].db, 10, collect, &cs, &err), LL_OK);
    assert_int_equal(cs.n, 1);
    assert_string_equal(cs.c[0].kind, "deleted_there");
    assert_int_equal(sync_conflict_take(f->s[STATION_A].db, cs.c[0].id, &err), LL_OK);
    assert_int_equal(count_on(f, STATION_A, sql), 1);
    carry(f, STATION_A, "upper", TOWNSHIP);
    assert_int_equal(count_on(f, TOWNSHIP, sql), 1);
    char q[256];
    snprintf(q, sizeof q, "SELECT summary FROM ledger_entry WHERE id = '%s'", id);
    assert_same(f, TOWNSHIP, STATION_A, q);
    free(id);
}

/* The county moves a deputy to another township: the old township learns it (and may no
 * longer change him), and its packages are not stalled by it. */
static void test_record_moved_away_is_sent_and_no_longer_editable(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct township other;
    assert_int_equal(township_ensure(f->s[COUNTY].db, "修山镇", &other, &err), LL_OK);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE deputy SET township_id = '%s', station_id = NULL, updated_at = "
             "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') WHERE id = '%s'",
             other.id, f->li.id);
    exec_on(f, COUNTY, sql);
    carry(f, COUNTY, "桃花江镇", TOWNSHIP);
    snprintf(sql, sizeof sql, "SELECT township_id FROM deputy WHERE id = '%s'", f->li.id);
    assert_same(f, COUNTY, TOWNSHIP, sql);
    struct deputy d;
    assert_int_equal(deputy_get(f->s[TOWNSHIP].db, f->li.id, &d, &err), LL_OK);
    snprintf(d.phone, sizeof d.phone, "13811116666");
    assert_int_equal(deputy_save(f->s[TOWNSHIP].db, &d, &err), LL_EINVAL);
    /* and the township's next packages still go up */
    carry(f, TOWNSHIP, "upper", COUNTY);
    carry(f, TOWNSHIP, "安乐村片区联络站", STATION_B);
}

/* A correctly signed package that inserts over another station's record, or names a record
 * twice, is refused. */
static void test_insert_over_another_stations_record_refused(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct volunteer v;
    volunteer_init(&v);
    snprintf(v.station_id, sizeof v.station_id, "%s", f->b.id);
    snprintf(v.name, sizeof v.name, "B站志愿者");
    assert_int_equal(volunteer_save(f->s[TOWNSHIP].db, &v, &err), LL_OK);
    carry(f, TOWNSHIP, "安乐村片区联络站", STATION_B);
    char sql[600], path[256], msg[1024];
    int n;
    snprintf(path, sizeof path, "%s/forged.llsync", f->dir);
    snprintf(sql, sizeof sql,
             "INSERT INTO volunteer(id, site_id, station_id, name, phone, note, created_at, "
             "updated_at) VALUES ('%s', 'x', '%s', 'A站改写', '', '', 'x', '2099-01-01')",
             v.id, f->a.id);
    void *cs = changeset_of(f, STATION_A, "volunteer", sql, &n);
    forge(f, STATION_A, cs, n, 1, (uint32_t)db_schema_version(), path);
    sqlite3_free(cs);
    assert_int_equal(import_file(f, TOWNSHIP, path, NULL, msg, sizeof msg), LL_ECONFLICT);
    assert_non_null(strstr(msg, "B站志愿者"));
    snprintf(sql, sizeof sql, "SELECT name FROM volunteer WHERE id = '%s'", v.id);
    char *name = dump(f, TOWNSHIP, sql);
    assert_string_equal(name, "B站志愿者\n");
    free(name);
}

/* The package is written after it is recorded: a failed write loses nothing, it is written
 * again from the history. */
static void test_failed_write_is_recorded_and_written_again(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e;
    add_entry(f->s[TOWNSHIP].db, f->a.id, "2026-11-27", "写不出去的包", &f->zhang, &e);
    struct sync_peer p;
    struct sync_export_result res;
    assert_int_equal(sync_peer_find(f->s[TOWNSHIP].db, "桃花江镇中心联络站", &p, &err), LL_OK);
    char bad[256], good[256];
    snprintf(bad, sizeof bad, "%s/no-such-folder/pkg.llsync", f->dir);
    assert_int_not_equal(sync_export(f->s[TOWNSHIP].db, &f->s[TOWNSHIP].cfg, p.id, bad, &res, &err),
                         LL_OK);
    assert_non_null(strstr(err.msg, "重新写出"));
    snprintf(good, sizeof good, "%s/again.llsync", f->dir);
    assert_int_equal(sync_resend(f->s[TOWNSHIP].db, p.id, 2, good, &res, &err), LL_OK);
    assert_int_equal(import_file(f, STATION_A, good, NULL, NULL, 0), LL_OK);
    assert_int_equal(count_on(f, STATION_A,
                              "SELECT count(*) FROM ledger_entry WHERE summary = "
                              "'写不出去的包'"),
                     1);
    /* the next package follows on */
    carry(f, TOWNSHIP, "桃花江镇中心联络站", STATION_A);
}

/* An entry moved to another station of the township travels as such: no conflict. */
static void test_entry_moved_between_stations(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    struct ledger_entry e;
    char *id =
        dump(f, TOWNSHIP, "SELECT id FROM ledger_entry WHERE summary = '接待群众反映道路问题'");
    id[strcspn(id, "\n")] = '\0';
    struct problem p;
    problem_init(&p);
    snprintf(p.station_id, sizeof p.station_id, "%s", f->a.id);
    snprintf(p.entry_id, sizeof p.entry_id, "%s", id);
    snprintf(p.raised_on, sizeof p.raised_on, "2026-11-02");
    snprintf(p.description, sizeof p.description, "路灯不亮");
    assert_int_equal(problem_save(f->s[TOWNSHIP].db, &p, &err), LL_OK);
    carry(f, TOWNSHIP, "upper", COUNTY);
    assert_int_equal(ledger_get(f->s[TOWNSHIP].db, id, &e, &err), LL_OK);
    snprintf(e.station_id, sizeof e.station_id, "%s", f->b.id);
    if (ledger_save(f->s[TOWNSHIP].db, &e, &err) != LL_OK)
        fail_msg("%s", err.msg);
    struct sync_import_result r;
    const char *up = export_to(f, TOWNSHIP, "upper");
    assert_int_equal(import_file(f, COUNTY, up, &r, NULL, 0), LL_OK);
    assert_int_equal(r.conflicts, 0);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT station_id, summary FROM ledger_entry WHERE id = '%s'", id);
    assert_same(f, COUNTY, TOWNSHIP, sql);
    snprintf(sql, sizeof sql, "SELECT station_id, entry_id FROM problem WHERE id = '%s'", p.id);
    assert_same(f, COUNTY, TOWNSHIP, sql);
    free(id);
}

/* Deleted at the township, changed at the station, packages crossing: each side lists the
 * clash; when the station brings the entry back, the township's listing of it goes. */
static void test_record_brought_back_closes_the_other_listing(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char *id = first_entry_id(f);
    edit_summary(f, STATION_A, id, "站里改过", "2026-11-26T10:00:00.000Z");
    assert_int_equal(ledger_delete(f->s[TOWNSHIP].db, id, &err), LL_OK);
    const char *up = export_to(f, STATION_A, "upper");
    const char *down = export_to(f, TOWNSHIP, "桃花江镇中心联络站");
    assert_int_equal(import_file(f, TOWNSHIP, up, NULL, NULL, 0), LL_OK);
    assert_int_equal(import_file(f, STATION_A, down, NULL, NULL, 0), LL_OK);
    struct conflicts town = {0}, station = {0};
    assert_int_equal(sync_conflict_list(f->s[TOWNSHIP].db, 10, collect, &town, &err), LL_OK);
    assert_int_equal(sync_conflict_list(f->s[STATION_A].db, 10, collect, &station, &err), LL_OK);
    assert_int_equal(town.n, 1);
    assert_string_equal(town.c[0].kind, "deleted_here");
    assert_int_equal(station.n, 1);
    assert_string_equal(station.c[0].kind, "deleted_there");
    assert_int_equal(sync_conflict_take(f->s[STATION_A].db, station.c[0].id, &err), LL_OK);
    carry(f, STATION_A, "upper", TOWNSHIP);
    town.n = 0;
    assert_int_equal(sync_conflict_list(f->s[TOWNSHIP].db, 10, collect, &town, &err), LL_OK);
    assert_int_equal(town.n, 0);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT summary FROM ledger_entry WHERE id = '%s'", id);
    assert_same(f, TOWNSHIP, STATION_A, sql);
    free(id);
}

/* A station PC that made a township or station of its own before its first package: the
 * package is refused (the records could never be merged), and nothing is changed. */
static void test_first_package_refused_beside_own_stations(void **state)
{
    struct fixture *f = *state;
    struct ll_error err = {0};
    char path[200];
    snprintf(path, sizeof path, "%s/own.db", f->dir);
    struct db_identity who = {"自建站电脑", SITE_STATION, "", "测试员"};
    struct ll_db *db;
    assert_int_equal(db_open(path, &who, &db, &err), LL_OK);
    char code[SYNC_CODE_LEN + 1];
    struct sync_peer p, lower;
    assert_int_equal(
        sync_pair_lower(f->s[TOWNSHIP].db, SITE_TOWNSHIP, NULL, f->b.id, code, &lower, &err),
        LL_OK);
    assert_int_equal(sync_pair_upper(db, SITE_STATION, code, &p, &err), LL_OK);
    struct township t;
    struct station own;
    assert_int_equal(township_ensure(db, "桃花江镇", &t, &err), LL_OK);
    make_station(db, &t, "自建的联络站", STATION_AREA, &own);
    struct sync_export_result res;
    char pkg[256];
    snprintf(pkg, sizeof pkg, "%s/own.llsync", f->dir);
    /* B is paired twice now: a name no longer tells which, the number does */
    assert_int_equal(sync_peer_find(f->s[TOWNSHIP].db, "安乐村片区联络站", &p, &err), LL_ECONFLICT);
    struct sync_import *imp = NULL;
    assert_int_equal(sync_export(f->s[TOWNSHIP].db, &f->s[TOWNSHIP].cfg, lower.id, pkg, &res, &err),
                     LL_OK);
    assert_int_equal(sync_import_open(db, pkg, &imp, &err), LL_ECONFLICT);
    assert_non_null(strstr(err.msg, "新的数据库文件"));
    assert_null(imp);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_packages_give_each_site_its_records, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_week_of_offline_work_converges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contacts_between_township_and_county, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_later_edit_wins_and_other_is_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_crossing_packages_choose_the_same_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_replay_order_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_scope_refused_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_format_across_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_tables_and_columns_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_against_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_changes_only_its_own_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_reference_kept_and_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_different_fields_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_replaced_while_listed_stays_listed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_taking_back_a_deleted_entry_brings_its_deputies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_record_moved_away_is_sent_and_no_longer_editable,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_over_another_stations_record_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_write_is_recorded_and_written_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_entry_moved_between_stations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_brought_back_closes_the_other_listing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_first_package_refused_beside_own_stations, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
