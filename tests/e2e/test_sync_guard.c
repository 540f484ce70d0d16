/* test_sync_guard.c — a station PC, once its township's first package is in, is told what it
 * may not change before it types or answers anything: adding or deleting a deputy is refused at
 * once with the reason on the list's message line (no form, no question), a deputy still opens
 * for reading with the reason in the status line, a new ledger entry of its own station still
 * opens its form, and an entry of another station cannot be deleted. The two sites are set up with
 * the command line (`sync pair`, `sync join`, `sync export`, `sync import`); the other station's
 * entry is written into the station's file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>

#include <sqlite3.h>

#include "test_util.h"

#define TOWN            "桃花江镇"
#define TOWN_SITE       "桃花江镇人大"
#define STATION         "新林村人大代表片区联络站"
#define CENTRAL         "桃花江镇人大代表中心联络站"
#define ST_SITE         "新林村联络站"
#define CENTRAL_SUMMARY "中心站的一条台账"
#define TOWN_INI                                                                                   \
    "[site]\nrole = township\nname = " TOWN_SITE "\ntownship = " TOWN "\n[ui]\nlanguage = zh\n"
#define ST_INI                                                                                     \
    "[site]\nrole = station\nname = " ST_SITE "\ntownship = " TOWN "\nstation = " STATION          \
    "\n[ui]\nlanguage = zh\n"
/* the start of the model's reason on a station PC */
#define REASON "本机是联络站的电脑，只能修改本站的台账"

struct two_sites {
    struct scenario *town, *station;
};

static int two_sites_teardown(void **state)
{
    struct two_sites *w = *state;
    if (w) {
        scenario_free(w->town);
        scenario_free(w->station);
        free(w);
    }
    *state = NULL;
    return 0;
}

/* At the station, an entry of its central station. A paired station never gets one (a
 * township's package brings only the station's own ledger, and an entry moved to another
 * station is deleted there), so it is written straight into the file, as another program
 * could: SQLite without the model has none of the temporary triggers that refuse it. */
static void plant_central_entry(struct scenario *station)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(station->db, &h), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(
        h,
        "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, held_at, people, place, "
        "summary, deputy_names, operator, created_at, updated_at) "
        "SELECT (SELECT id FROM station WHERE name = '" CENTRAL "'), "
        "substr(id, 1, length(id) - 4) || 'beef', site_id, kind, held_on, held_at, people, place, "
        "'" CENTRAL_SUMMARY "', deputy_names, operator, created_at, updated_at "
        "FROM ledger_entry ORDER BY held_on DESC LIMIT 1",
        NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("planting an entry: %s", msg ? msg : "?");
    assert_int_equal(sqlite3_changes(h), 1);
    sqlite3_close(h);
}

/* The township exports its package for the station, which imports it. */
static void send_package(struct two_sites *w)
{
    char usb[PATH_MAX], *out = NULL, *err = NULL;
    snprintf(usb, sizeof usb, "%.*s", (int)sizeof usb - 1, scenario_path(w->town, "usb"));
    mkdir(usb, 0700);
    assert_int_equal(scenario_cli(w->town, &out, &err, "sync", "export", "-o", usb, NULL), 0);
    free(out);
    free(err);
    struct dirent **names;
    int n = scandir(usb, &names, NULL, alphasort);
    char package[PATH_MAX + 256] = "";
    for (int i = 0; i < n; i++) { /* the last one: numbered, in order */
        if (strstr(names[i]->d_name, ".llsync"))
            snprintf(package, sizeof package, "%s/%s", usb, names[i]->d_name);
        free(names[i]);
    }
    free(names);
    assert_true(package[0] != '\0');
    assert_int_equal(scenario_cli(w->station, &out, &err, "sync", "import", package, "--yes", NULL),
                     0);
    assert_non_null(strstr(out, "已导入"));
    free(out);
    free(err);
}

/* The township (the demo county) pairs the station, which imports its first package. */
static int two_sites_setup(void **state)
{
    struct two_sites *w = calloc(1, sizeof *w);
    assert_non_null(w);
    *state = w;
    w->town = scenario_new(TOWN_INI);
    w->station = scenario_new(ST_INI);
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(w->town, &out, &err, "demo", NULL), 0);
    free(out);
    free(err);

    assert_int_equal(scenario_cli(w->town, &out, &err, "sync", "pair", STATION, NULL), 0);
    char code[25] = "";
    for (char *line = strtok(out, "\n"); line && !code[0]; line = strtok(NULL, "\n"))
        if (strncmp(line, "    ", 4) == 0 && strlen(line + 4) == 24)
            snprintf(code, sizeof code, "%s", line + 4);
    free(out);
    free(err);
    assert_int_equal(strlen(code), 24);
    assert_int_equal(scenario_cli(w->station, &out, &err, "sync", "join", code, NULL), 0);
    free(out);
    free(err);

    send_package(w); /* the station's records; from now on it changes only its own */
    plant_central_entry(w->station);
    return 0;
}

/* Whether a row holds the reason (wrapped over the lines above the status line). */
static bool reason_shown(struct e2e *t)
{
    return e2e_find_row(t, REASON) >= 0;
}

static void deputies_refused_at_once(void **state)
{
    struct two_sites *w = *state;
    struct e2e *t = scenario_start(w->station, 24, 80, NULL);
    KEYS(t, "2");
    AT(t, 0, 1, "代表名册");
    SCREEN_CHECK(t, !reason_shown(t));

    /* a: the reason, and still the list */
    KEYS(t, "a");
    AT(t, 0, 1, "代表名册");
    SCREEN_CHECK(t, e2e_find_row(t, "代表：新建") < 0);
    SCREEN_CHECK(t, e2e_find_row(t, "姓名*") < 0);
    int r = ROW_OF(t, REASON);
    SCREEN_CHECK(t, r >= 19 && r <= 21);
    ROW_OF(t, "请在乡镇修改");

    /* d: the reason, no question */
    KEYS(t, E2E_DOWN); /* any key clears the message */
    SCREEN_CHECK(t, !reason_shown(t));
    KEYS(t, "d");
    SCREEN_CHECK(t, e2e_find_row(t, "确定从名册中删除") < 0);
    SCREEN_CHECK(t, e2e_find_row(t, "y 是") < 0);
    ROW_OF(t, REASON);
    AT(t, 0, 1, "代表名册");
    KEYS(t, E2E_DELETE);
    SCREEN_CHECK(t, e2e_find_row(t, "确定从名册中删除") < 0);
    ROW_OF(t, REASON);

    /* Enter: the deputy opens for reading, the reason in the status line */
    KEYS(t, E2E_ENTER);
    AT(t, 0, 1, "代表：");
    AT(t, 1, 1, "姓名*");
    AT(t, 22, 0, REASON);
    KEYS(t, E2E_ESC);
    AT(t, 0, 1, "代表名册");
    assert_int_equal(scenario_quit(w->station), 0);
}

static void own_ledger_opens_other_refused(void **state)
{
    struct two_sites *w = *state;
    struct e2e *t = scenario_start(w->station, 24, 80, NULL);
    KEYS(t, "4");
    AT(t, 0, 1, "联络站台账：" STATION);

    /* a new entry of its own station: the form, the station filled in */
    KEYS(t, "a");
    AT(t, 0, 1, "台账：新建");
    AT(t, 1, 1, "联络站*");
    AT(t, 1, -1, STATION);
    SCREEN_CHECK(t, !reason_shown(t));
    KEYS(t, E2E_ESC);
    AT(t, 0, 1, "联络站台账：" STATION);

    /* the central station's entry: it opens for reading; d is refused at once */
    KEYS(t, "s");
    ROW_OF(t, "按联络站查看");
    KEYS(t, E2E_ENTER); /* 选择一个联络站 */
    AT(t, 0, 1, "选择联络站");
    KEYS(t, "/");
    KEYS(t, "中心" E2E_ENTER);
    AT(t, 2, -1, CENTRAL);
    KEYS(t, E2E_ENTER);
    AT(t, 0, 1, "联络站台账：" CENTRAL);
    ROW_OF(t, "共 1 条");
    ROW_OF(t, CENTRAL_SUMMARY);
    KEYS(t, E2E_ENTER);
    AT(t, 0, 1, "台账：" CENTRAL);
    AT(t, 22, 0, REASON);
    KEYS(t, E2E_ESC);
    KEYS(t, "d");
    SCREEN_CHECK(t, e2e_find_row(t, "确定删除") < 0);
    ROW_OF(t, REASON);
    AT(t, 0, 1, "联络站台账：" CENTRAL);
    AT(t, 2, -1, CENTRAL_SUMMARY); /* still there */
    /* and a: its default station is that one, so refused too */
    KEYS(t, E2E_DOWN);
    KEYS(t, "a");
    SCREEN_CHECK(t, e2e_find_row(t, "台账：新建") < 0);
    ROW_OF(t, REASON);
    assert_int_equal(scenario_quit(w->station), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deputies_refused_at_once),
        cmocka_unit_test(own_ledger_opens_other_refused),
    };
    return cmocka_run_group_tests(tests, two_sites_setup, two_sites_teardown);
}
