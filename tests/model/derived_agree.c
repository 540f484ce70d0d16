#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "derived_agree.h"

static const struct {
    const char *table, *should;
} derived[] = {
    {"roster_order", "SELECT printf('%08d', coalesce(t.sort_order, 99999999)) || char(1) || "
                     "d.sort_name || char(1) || d.name || char(1) || d.id, d.id FROM deputy d "
                     "LEFT JOIN township t ON t.id = d.township_id"},
    {"ledger_year", "SELECT substr(held_on, 1, 4), station_id, kind, count(*), sum(people) FROM "
                    "ledger_entry GROUP BY substr(held_on, 1, 4), station_id, kind"},
    {"problem_year", "SELECT substr(raised_on, 1, 4), station_id, count(*) FROM problem GROUP BY "
                     "substr(raised_on, 1, 4), station_id"},
    {"problem_closed_year", "SELECT substr(closed_on, 1, 4), station_id, status, count(*) FROM "
                            "problem GROUP BY substr(closed_on, 1, 4), station_id, status"},
    {"ledger_total_year", "SELECT substr(held_on, 1, 4), kind, count(*), sum(people) FROM "
                          "ledger_entry GROUP BY substr(held_on, 1, 4), kind"},
    {"problem_total_year",
     "SELECT substr(raised_on, 1, 4), count(*) FROM problem GROUP BY substr(raised_on, 1, 4)"},
    {"contact_year", "SELECT substr(contacted_on, 1, 4), coalesce(township_id, ''), mode, "
                     "count(*) FROM contact GROUP BY 1, 2, 3"},
    {"contact_total_year", "SELECT substr(contacted_on, 1, 4), mode, count(*) FROM contact "
                           "GROUP BY substr(contacted_on, 1, 4), mode"},
};

void assert_derived_agree(sqlite3 *h, const char *where)
{
    for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++) {
        char *sql = sqlite3_mprintf(
            "SELECT 'missing', * FROM (%s EXCEPT SELECT * FROM %s) UNION ALL SELECT 'extra', * "
            "FROM (SELECT * FROM %s EXCEPT %s)",
            derived[i].should, derived[i].table, derived[i].table, derived[i].should);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
            fail_msg("%s: %s: %s", where, derived[i].table, sqlite3_errmsg(h));
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            fail_msg(
                "%s: %s differs from its rows: %s row %s %s %s", where, derived[i].table,
                (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
        assert_int_equal(rc, SQLITE_DONE);
        sqlite3_finalize(st);
        sqlite3_free(sql);
    }
}
