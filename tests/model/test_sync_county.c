/* A county consolidates its fifteen townships: the demo county (15 townships, 99 stations, a
 * year of ledger) is sent down to fifteen township PCs and from each to its central station's
 * PC; every site works offline, and the packages go back up. At the end the county holds every
 * site's work and each township the same records as the county for its township. */
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

#include "lianluo/io.h"
#include "lianluo/ledger.h"
#include "lianluo/sync.h"
#include "lianluo/township.h"
#include "model/sql.h"

#include "derived_agree.h"

#define TOWNSHIPS 15

struct site {
    struct ll_config cfg;
    char path[160];
    struct ll_db *db;
};

struct fixture {
    char dir[64];
    struct site county, town[TOWNSHIPS], station[TOWNSHIPS];
    char names[TOWNSHIPS][64];
    int ntowns;
    int files;
};

static void open_site(struct fixture *f, struct site *s, const char *file, enum site_role role,
                      const char *name, const char *township)
{
    struct ll_error err = {0};
    config_defaults(&s->cfg);
    s->cfg.role = role;
    snprintf(s->cfg.site_name, sizeof s->cfg.site_name, "%s", name);
    snprintf(s->cfg.township, sizeof s->cfg.township, "%s", township);
    snprintf(s->path, sizeof s->path, "%s/%s.db", f->dir, file);
    struct db_identity who = {name, role, township, "测试员"};
    assert_int_equal(db_open(s->path, &who, &s->db, &err), LL_OK);
}

static void carry(struct fixture *f, struct site *from, const char *to_name, struct site *to)
{
    struct ll_error err = {0};
    struct sync_peer p;
    struct sync_export_result res;
    struct sync_import *imp;
    struct sync_import_result r;
    char path[256];
    snprintf(path, sizeof path, "%s/p%04d.llsync", f->dir, ++f->files);
    if (sync_peer_find(from->db, to_name, &p, &err) != LL_OK ||
        sync_export(from->db, &from->cfg, p.id, path, &res, &err) != LL_OK ||
        sync_import_open(to->db, path, &imp, &err) != LL_OK)
        fail_msg("%s -> %s: %s", from->cfg.site_name, to_name, err.msg);
    if (sync_import_apply(imp, &r, &err) != LL_OK)
        fail_msg("apply %s -> %s: %s", from->cfg.site_name, to_name, err.msg);
    sync_import_free(imp);
}

static void pair(struct site *upper, struct site *lower, const char *township,
                 const char *station_id)
{
    struct ll_error err = {0};
    char code[SYNC_CODE_LEN + 1];
    struct sync_peer p;
    if (sync_pair_lower(upper->db, upper->cfg.role, township, station_id, code, &p, &err) !=
            LL_OK ||
        sync_pair_upper(lower->db, lower->cfg.role, code, &p, &err) != LL_OK)
        fail_msg("pair: %s", err.msg);
}

static int collect_township(void *ctx, const struct township *t)
{
    struct fixture *f = ctx;
    snprintf(f->names[f->ntowns++], sizeof f->names[0], "%s", t->name);
    return f->ntowns == TOWNSHIPS;
}

/* Every row's first column, a line each (malloc'd). */
static char *all(struct site *s, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    size_t cap = 1 << 16, n = 0;
    char *o = calloc(1, cap);
    assert_int_equal(sqlite3_open_v2(s->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        size_t len = strlen(v ? v : "") + 2;
        if (n + len >= cap)
            o = realloc(o, cap = (cap + len) * 2);
        n += (size_t)snprintf(o + n, cap - n, "%s\n", v ? v : "");
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return o;
}

/* The first column of the first row, without its newline, into out. */
static void one(struct site *s, const char *sql, char *out, size_t size)
{
    char *v = all(s, sql);
    v[strcspn(v, "\n")] = '\0';
    snprintf(out, size, "%s", v);
    free(v);
}

static int count(struct site *s, const char *sql)
{
    char v[32];
    one(s, sql, v, sizeof v);
    return atoi(v);
}

static void assert_same(struct site *a, struct site *b, const char *sql)
{
    char *x = all(a, sql), *y = all(b, sql);
    if (strcmp(x, y) != 0)
        fail_msg("%s and %s differ on %s", a->cfg.site_name, b->cfg.site_name, sql);
    assert_true(strlen(x) > 0);
    free(x);
    free(y);
}

static void test_county_consolidates_fifteen_townships(void **state)
{
    (void)state;
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-county-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    open_site(f, &f->county, "county", SITE_COUNTY, "桃江县人大", "");
    assert_int_equal(demo_build(f->county.db, &err), LL_OK);
    int demo_entries = count(&f->county, "SELECT count(*) FROM ledger_entry");
    assert_int_equal(township_list(f->county.db, collect_township, f, &err), LL_OK);
    assert_int_equal(f->ntowns, TOWNSHIPS);

    /* down: county → each township → its central station */
    for (int i = 0; i < TOWNSHIPS; i++) {
        char file[32], name[128], sql[512];
        snprintf(file, sizeof file, "town%02d", i);
        snprintf(name, sizeof name, "%s人大", f->names[i]);
        open_site(f, &f->town[i], file, SITE_TOWNSHIP, name, f->names[i]);
        pair(&f->county, &f->town[i], f->names[i], NULL);
        carry(f, &f->county, f->names[i], &f->town[i]);
        snprintf(sql, sizeof sql,
                 "SELECT s.id FROM station s JOIN township t ON t.id = s.township_id WHERE "
                 "t.name = '%s' AND s.kind = 'central'",
                 f->names[i]);
        char station_id[LL_ID_LEN];
        one(&f->town[i], sql, station_id, sizeof station_id);
        snprintf(file, sizeof file, "station%02d", i);
        open_site(f, &f->station[i], file, SITE_STATION, "中心联络站", f->names[i]);
        pair(&f->town[i], &f->station[i], NULL, station_id);
        snprintf(sql, sizeof sql, "SELECT name FROM station WHERE id = '%s'", station_id);
        char station_name[128];
        one(&f->town[i], sql, station_name, sizeof station_name);
        carry(f, &f->town[i], station_name, &f->station[i]);
        /* the station has its own ledger and no other station's */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger_entry WHERE station_id <> '%s'",
                 station_id);
        assert_int_equal(count(&f->station[i], sql), 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger_entry WHERE station_id = '%s'",
                 station_id);
        assert_true(count(&f->station[i], sql) > 0);
        /* offline: the station records a reception, the township another for the station */
        struct ledger_entry e;
        for (int k = 0; k < 2; k++) {
            struct site *s = k ? &f->town[i] : &f->station[i];
            ledger_init(&e);
            snprintf(e.station_id, sizeof e.station_id, "%s", station_id);
            snprintf(e.date, sizeof e.date, "2026-11-2%d", k);
            snprintf(e.people, sizeof e.people, "3");
            snprintf(e.summary, sizeof e.summary, "%s第%d条同步台账", f->names[i], k + 1);
            e.ndeputies = 1;
            snprintf(sql, sizeof sql, "SELECT id FROM deputy WHERE station_id = '%s' LIMIT 1",
                     station_id);
            one(s, sql, e.deputy_ids[0], sizeof e.deputy_ids[0]);
            snprintf(sql, sizeof sql, "SELECT name FROM deputy WHERE id = '%s'", e.deputy_ids[0]);
            one(s, sql, e.deputy_names, sizeof e.deputy_names);
            if (ledger_save(s->db, &e, &err) != LL_OK)
                fail_msg("ledger_save: %s", err.msg);
        }
    }
    /* up: each station → its township → the county, townships in reverse order */
    for (int i = TOWNSHIPS - 1; i >= 0; i--) {
        carry(f, &f->station[i], "upper", &f->town[i]);
        carry(f, &f->town[i], "upper", &f->county);
    }
    /* and down again, so that each station has the township's entry for it */
    for (int i = 0; i < TOWNSHIPS; i++) {
        carry(f, &f->county, f->names[i], &f->town[i]);
        char sql[512], station_name[128];
        snprintf(sql, sizeof sql,
                 "SELECT s.name FROM station s JOIN township t ON t.id = s.township_id WHERE "
                 "t.name = '%s' AND s.kind = 'central'",
                 f->names[i]);
        one(&f->town[i], sql, station_name, sizeof station_name);
        carry(f, &f->town[i], station_name, &f->station[i]);
    }

    /* hand count: the demo's entries and two new ones for each of the 15 townships */
    assert_int_equal(count(&f->county, "SELECT count(*) FROM ledger_entry"), demo_entries + 30);
    assert_int_equal(count(&f->county, "SELECT count(*) FROM ledger_entry WHERE summary LIKE "
                                       "'%第_条同步台账'"),
                     30);
    assert_int_equal(count(&f->county, "SELECT count(*) FROM station"), 99);
    int stations = 0;
    for (int i = 0; i < TOWNSHIPS; i++) {
        char sql[1024];
        const char *in_township = "(SELECT s.id FROM station s JOIN township t ON t.id = "
                                  "s.township_id WHERE t.name = '%s')";
        char where[256];
        snprintf(where, sizeof where, in_township, f->names[i]);
        snprintf(sql, sizeof sql,
                 "SELECT id || '|' || summary || '|' || people || '|' || deputy_names || '|' || "
                 "updated_at FROM ledger_entry WHERE station_id IN %s ORDER BY id",
                 where);
        assert_same(&f->county, &f->town[i], sql);
        snprintf(sql, sizeof sql,
                 "SELECT id || '|' || status || '|' || reply || '|' || updated_at FROM problem "
                 "WHERE station_id IN %s ORDER BY id",
                 where);
        assert_same(&f->county, &f->town[i], sql);
        snprintf(sql, sizeof sql,
                 "SELECT d.id || '|' || d.name || '|' || d.phone FROM deputy d JOIN township t "
                 "ON t.id = d.township_id WHERE t.name = '%s' ORDER BY d.id",
                 f->names[i]);
        assert_same(&f->county, &f->town[i], sql);
        assert_same(&f->county, &f->station[i], sql);
        snprintf(sql, sizeof sql,
                 "SELECT id || '|' || summary FROM ledger_entry WHERE station_id = (SELECT s.id "
                 "FROM station s JOIN township t ON t.id = s.township_id WHERE t.name = '%s' AND "
                 "s.kind = 'central') ORDER BY id",
                 f->names[i]);
        assert_same(&f->county, &f->station[i], sql);
        stations += count(&f->town[i], "SELECT count(*) FROM station");
        char report[4096];
        assert_int_equal(db_check(f->town[i].db, report, sizeof report, &err), LL_OK);
        assert_int_equal(db_check(f->station[i].db, report, sizeof report, &err), LL_OK);
    }
    /* every station of the county went to exactly one township */
    assert_int_equal(stations, 99);
    char report[4096];
    assert_int_equal(db_check(f->county.db, report, sizeof report, &err), LL_OK);
    assert_derived_agree(f->county.db->h, "county");
    for (int i = 0; i < TOWNSHIPS; i++) {
        assert_derived_agree(f->town[i].db->h, "township");
        assert_derived_agree(f->station[i].db->h, "station");
    }

    db_close(f->county.db);
    for (int i = 0; i < TOWNSHIPS; i++) {
        db_close(f->town[i].db);
        db_close(f->station[i].db);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_county_consolidates_fifteen_townships),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
