/* test_sync.c — the 同步 screen between a township (the demo county's 桃花江镇) and one of its
 * stations, each on its own database: pairing through both screens, the township's first
 * package written to a "USB stick" folder and imported at the station after its preview (the
 * same counts as `lianluo sync import` prints), the history on both sides, and two ledger
 * entries changed on both sides, the conflicts they make settled one each way; an old package
 * is refused with its reason. The edits that make the conflicts are made with the model's API,
 * and the results are read back through it and the command line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <time.h>

#include "lianluo/db.h"
#include "lianluo/ledger.h"
#include "lianluo/station.h"
#include "lianluo/township.h"
#include "test_util.h"

#define TOWN      "桃花江镇"
#define TOWN_SITE "桃花江镇人大"
#define STATION   "新林村人大代表片区联络站"
#define ST_SITE   "新林村联络站"
#define TOWN_INI                                                                                   \
    "[site]\nrole = township\nname = " TOWN_SITE "\ntownship = " TOWN "\n[ui]\nlanguage = zh\n"
#define ST_INI                                                                                     \
    "[site]\nrole = station\nname = " ST_SITE "\ntownship = " TOWN "\nstation = " STATION          \
    "\n[ui]\nlanguage = zh\n"

struct two_sites {
    struct scenario *town, *station;
    char usb[PATH_MAX]; /* the stick both sides use */
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

/* The demo county at the township, an empty database at the station. */
static struct two_sites *two_sites_new(void)
{
    struct two_sites *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->town = scenario_new(TOWN_INI);
    w->station = scenario_new(ST_INI);
    snprintf(w->usb, sizeof w->usb, "%.*s", (int)sizeof w->usb - 1, scenario_path(w->town, "usb"));
    assert_int_equal(mkdir(w->usb, 0700), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(w->town, &out, &err, "demo", NULL), 0);
    free(out);
    free(err);
    return w;
}

/* The packages in the folder whose names start with prefix (sorted), as "a\nb\n". */
static void packages_in(const char *folder, char *out, size_t size)
{
    struct dirent **names;
    int n = scandir(folder, &names, NULL, alphasort);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strstr(names[i]->d_name, ".llsync"))
            snprintf(out + strlen(out), size - strlen(out), "%s\n", names[i]->d_name);
        free(names[i]);
    }
    free(names);
}

/* The pairing code on the code screen: the line "配对码：XXXX-XXXX-XXXX-XXXX-XXXX" under the
 * large one (the line above the box ends with 配对码： too). */
static void code_on_screen(struct e2e *t, char code[25])
{
    code[0] = '\0';
    for (int r = 0; r < e2e_rows(t) && !code[0]; r++) {
        char *row = e2e_row_text(t, r);
        const char *p = row ? strstr(row, "配对码：") : NULL;
        if (p && strlen(p + strlen("配对码：")) == 24)
            snprintf(code, 25, "%s", p + strlen("配对码："));
        free(row);
    }
    SCREEN_CHECK(t, code[0] && code[4] == '-' && code[9] == '-');
}

/* The preview shows label's counts: the label at the start of a cell, then the three numbers
 * right-aligned in 6 columns each. */
static bool kind_shown(struct e2e *t, const char *label, int ins, int upd, int del)
{
    char want[64];
    snprintf(want, sizeof want, "%d%7d%7d", ins, upd, del);
    for (int r = 1; r < e2e_rows(t) - 2; r++) {
        char *row = e2e_row_text(t, r);
        bool found = false;
        for (const char *p = row ? strstr(row, label) : NULL; p && !found;
             p = strstr(p + 1, label)) {
            if (p != row && p[-1] != ' ')
                continue; /* inside another label: 到场代表 holds 代表 */
            const char *q = p + strlen(label);
            while (*q == ' ')
                q++;
            found =
                strncmp(q, want, strlen(want)) == 0 && (q[strlen(want)] == ' ' || !q[strlen(want)]);
        }
        free(row);
        if (found)
            return true;
    }
    return false;
}

/* Checks every kind line `lianluo sync import FILE` prints (without --yes: nothing is written)
 * against the preview on the screen; returns the number of changes the command counted. */
static int preview_matches_cli(struct e2e *t, struct scenario *s, const char *file)
{
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "sync", "import", file, NULL), 0);
    assert_non_null(strstr(out, "没有导入"));
    int total = -1, kinds = 0;
    const char *p = strstr(out, "共 ");
    assert_non_null(p);
    assert_int_equal(sscanf(p, "共 %d 处修改", &total), 1);
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char *colon = strstr(line, "：新增 ");
        int ins, upd, del;
        if (strncmp(line, "  ", 2) != 0 || colon == NULL ||
            sscanf(colon, "：新增 %d，修改 %d，删除 %d", &ins, &upd, &del) != 3)
            continue;
        *colon = '\0';
        if (!kind_shown(t, line + 2, ins, upd, del)) {
            e2e_dump(t, stderr);
            fail_msg("%s: 新增 %d 修改 %d 删除 %d not in the preview", line + 2, ins, upd, del);
        }
        kinds++;
    }
    assert_true(kinds > 0);
    free(out);
    free(err);
    return total;
}

/* Types path into the prompt in the status line (emptied first) and presses Enter. */
static void answer_prompt(struct e2e *t, const char *label, const char *path)
{
    AT(t, 22, 0, label);
    KEYS(t, "\x15"); /* Ctrl-U */
    KEYS(t, path);
    KEYS(t, E2E_ENTER);
}

/* The model's view of the database: opened by the test itself while no program runs. */
static struct ll_db *open_db(struct scenario *s, const char *site, enum site_role role)
{
    struct db_identity who = {site, role, TOWN, "测试"};
    struct ll_db *db = NULL;
    struct ll_error err = {0};
    if (db_open(s->db, &who, &db, &err) != LL_OK)
        fail_msg("db_open %s: %s", s->db, err.msg);
    return db;
}

/* The ids of the station's first n ledger entries. */
static void station_entries(struct ll_db *db, char ids[][LL_ID_LEN], int n)
{
    struct ll_error err = {0};
    struct township tw;
    struct station st;
    assert_int_equal(township_find(db, TOWN, &tw, &err), LL_OK);
    assert_int_equal(station_find(db, tw.id, STATION, &st, &err), LL_OK);
    struct ledger_filter f;
    ledger_filter_init(&f);
    snprintf(f.station_id, sizeof f.station_id, "%s", st.id);
    struct ledger_entry *e = calloc((size_t)n, sizeof *e);
    assert_non_null(e);
    int got = 0;
    assert_int_equal(ledger_list(db, &f, PAGE_FIRST, NULL, n, e, &got, &err), LL_OK);
    assert_int_equal(got, n);
    for (int i = 0; i < n; i++)
        snprintf(ids[i], LL_ID_LEN, "%s", e[i].id);
    free(e);
}

static void set_summary(struct ll_db *db, const char *id, const char *summary)
{
    struct ledger_entry e;
    struct ll_error err = {0};
    assert_int_equal(ledger_get(db, id, &e, &err), LL_OK);
    snprintf(e.summary, sizeof e.summary, "%s", summary);
    if (ledger_save(db, &e, &err) != LL_OK)
        fail_msg("ledger_save: %s", err.msg);
}

static void summary_is(struct ll_db *db, const char *id, const char *want)
{
    struct ledger_entry e;
    struct ll_error err = {0};
    assert_int_equal(ledger_get(db, id, &e, &err), LL_OK);
    assert_string_equal(e.summary, want);
}

/* On the conflicts list: the cursor to the first conflict about a ledger entry. */
static void to_ledger_conflict(struct e2e *t)
{
    KEYS(t, E2E_HOME);
    for (int r = 2; r < 22; r++) {
        if (e2e_find_col(t, r, "台账") == 11)
            return;
        KEYS(t, E2E_DOWN);
    }
    SCREEN_CHECK(t, !"a ledger entry among the conflicts");
}

static void wait_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static void pair_package_and_conflicts(void **state)
{
    struct two_sites *w = two_sites_new();
    *state = w;
    char code[25], path[PATH_MAX + 64], files[1024], want[PATH_MAX + 128];

    /* the township: an empty list that says what to do, then a code for the station */
    struct e2e *town = scenario_start(w->town, 24, 80, NULL);
    AT(town, 12, 9, "s  同步"); /* on the main menu, between 待完善事项 and 本机设置 */
    KEYS(town, "s");
    ROW_IS(town, 0,
           " 同步：用 U 盘与上下级站点交换数据                                 " TOWN_SITE);
    AT(town, 3, 2, "还没有配对的站点。按 a 为本镇的联络站生成配对码，按 u 与县人大配对。");
    AT(town, 22, 0, "共 0 条  本机：" TOWN_SITE "（乡镇）");
    ROW_IS(town, 23,
           "F1 帮助 Esc 返回 e 导出 i 导入 h 收发记录 c 冲突 a 新增下级 u 与上级配对 d 删除");
    KEYS(town, "a");
    ROW_IS(town, 0,
           " 选择要配对的联络站                                                " TOWN_SITE);
    KEYS(town, "/");
    KEYS(town, "新林" E2E_ENTER);
    AT(town, 2, -1, STATION);
    KEYS(town, E2E_ENTER);
    ROW_IS(town, 0,
           " 配对码                                                            " TOWN_SITE);
    ROW_OF(town, "已为联络站「" TOWN " " STATION "」生成配对码：");
    ROW_OF(town, "不要放在 U");
    code_on_screen(town, code);
    KEYS(town, E2E_ENTER);
    ROW_IS(town, 0,
           " 同步：用 U 盘与上下级站点交换数据                                 " TOWN_SITE);
    AT(town, 2, 0, "下级联络站    新林村片区");
    AT(town, 2, -1, "（尚未收到）        0               0");
    AT(town, 21, 0, "已为联络站「" TOWN " " STATION "」生成配对码。");

    /* the station types it: a wrong one gets the model's message, the right one pairs */
    struct e2e *st = scenario_start(w->station, 24, 80, NULL);
    KEYS(st, "s");
    AT(st, 3, 2, "还没有配对的站点。按 u 与上级配对，输入乡镇人大给的配对码。");
    ROW_IS(st, 23, "F1 帮助  Esc 返回  e 导出  i 导入  h 收发记录  c 冲突  u 与上级配对  d 删除");
    KEYS(st, "u");
    ROW_IS(st, 0, " 与上级站点配对                                                    " ST_SITE);
    AT(st, 22, 0, "照上级站点屏幕上的配对码输入");
    KEYS(st, "ABCD-EFGH" E2E_F2);
    AT(st, 21, 0, "配对码应是 20 个字母或数字");
    ROW_IS(st, 0, " 与上级站点配对                                                    " ST_SITE);
    KEYS(st, "\x15");
    for (char *c = code; *c; c++) /* in lower case, as people type it */
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    KEYS(st, code);
    KEYS(st, E2E_F2);
    AT(st, 21, 0, "已与上级乡镇配对。请导入上级发来的第一个同步包（按 i）");
    AT(st, 2, 0, "上级乡镇      " TOWN "         （尚未收到）        0               0");

    /* the township writes its first package to the stick */
    KEYS(town, "e");
    snprintf(want, sizeof want, "同步包写到文件夹：");
    answer_prompt(town, want, w->usb);
    int r = ROW_OF(town, "已把第 1 号同步包（");
    char *row = e2e_row_text(town, r);
    int changes = 0;
    assert_int_equal(sscanf(strstr(row, "（"), "（%d 处修改）", &changes), 1);
    free(row);
    assert_true(changes > 100); /* stations, deputies, ledger... */
    packages_in(w->usb, files, sizeof files);
    assert_int_equal(count_lines(files), 1);
    assert_non_null(strstr(files, "-0001.llsync"));
    snprintf(path, sizeof path, "%s/%.*s", w->usb, (int)strcspn(files, "\n"), files);
    AT(town, 2, -1, "（尚未收到）        1 ");

    /* the station imports it: the folder is enough, the preview first */
    KEYS(st, "i");
    answer_prompt(st, "导入同步包（文件，或它所在的文件夹）：", w->usb);
    AT(st, 0, 1, "导入同步包：lianluo-");
    AT(st, 1, 1, "来自上级乡镇「" TOWN_SITE "」的第 1 号包，");
    AT(st, 2, 1, "种类              新增   修改   删除    种类              新增   修改   删除");
    assert_int_equal(preview_matches_cli(st, w->station, path), changes);
    snprintf(want, sizeof want, "共 %d 处修改，这是第 1-", changes);
    r = ROW_OF(st, want);
    AT(st, r + 1, 3, "新增 乡镇 " TOWN);
    ROW_IS(st, 22, "导入这些修改吗？按 y 导入，按 n 或 Esc 不导入。");
    ROW_IS(st, 23, "F1 帮助  n / Esc 不导入  y 导入");
    KEYS(st, E2E_PGDN);
    assert_int_equal(e2e_find_row(st, "新增 乡镇 " TOWN), -1);
    /* a bigger window shows more of it, the smaller one again as before */
    SCREEN_CHECK(st, e2e_resize(st, 30, 100));
    ROW_IS(st, 28, "导入这些修改吗？按 y 导入，按 n 或 Esc 不导入。");
    AT(st, 29, 0, "F1 帮助  n / Esc 不导入  y 导入");
    assert_true(kind_shown(st, "乡镇", 1, 0, 0));
    SCREEN_CHECK(st, e2e_resize(st, 24, 80));
    ROW_IS(st, 22, "导入这些修改吗？按 y 导入，按 n 或 Esc 不导入。");
    assert_true(kind_shown(st, "乡镇", 1, 0, 0));
    KEYS(st, E2E_HOME);
    r = ROW_OF(st, want);
    AT(st, r + 1, 3, "新增 乡镇 " TOWN);
    KEYS(st, "y");
    snprintf(want, sizeof want,
             "已导入「" TOWN_SITE "」的同步包：改动 %d 处，本机原已相同 0 处，冲突 0 处。",
             changes);
    ROW_IS(st, 22, want);
    AT(st, 2, 0, "上级乡镇      " TOWN "         " TOWN_SITE "        0               1 ");

    /* the same package again: imported before, nothing changes */
    KEYS(st, "i");
    answer_prompt(st, "导入同步包（文件，或它所在的文件夹）：", w->usb); /* remembered */
    ROW_OF(st, "「" TOWN_SITE "」的第 1 号包已经导入过，这次没有任何改");
    KEYS(st, E2E_ESC);

    /* the history on both sides */
    KEYS(st, "h");
    ROW_IS(st, 0, " 同步收发记录                                                      " ST_SITE);
    AT(st, 1, 0, "时间             收发    站点");
    AT(st, 2, 17, "导入    " TOWN_SITE);
    snprintf(want, sizeof want, "1 %5d 改动 %d 处", changes, changes);
    AT(st, 2, -1, want);
    AT(st, 22, 0, "共 1 条");
    KEYS(st, E2E_ENTER);
    ROW_OF(st, "文件：");
    ROW_OF(st, "说明：改动");
    KEYS(st, E2E_ESC);
    KEYS(town, "h");
    AT(town, 2, 17, "发出    " TOWN " 新林村");
    snprintf(want, sizeof want, "%5d lianluo-", changes); /* no summary: the file */
    AT(town, 2, -1, want);
    KEYS(town, E2E_ESC);
    ROW_IS(town, 0,
           " 同步：用 U 盘与上下级站点交换数据                                 " TOWN_SITE);
    assert_int_equal(scenario_quit(w->town), 0);
    assert_int_equal(scenario_quit(w->station), 0);

    /* two of the station's entries changed at the station, then (later) at the township */
    char ids[2][LL_ID_LEN];
    struct ll_db *db = open_db(w->station, ST_SITE, SITE_STATION);
    station_entries(db, ids, 2);
    set_summary(db, ids[0], "站里改的摘要一");
    set_summary(db, ids[1], "站里改的摘要二");
    db_close(db);
    wait_ms(20);
    db = open_db(w->town, TOWN_SITE, SITE_TOWNSHIP);
    set_summary(db, ids[0], "镇里改的摘要一");
    set_summary(db, ids[1], "镇里改的摘要二");
    db_close(db);

    /* the township's second package */
    town = scenario_start(w->town, 24, 80, NULL);
    KEYS(town, "s");
    KEYS(town, "e");
    answer_prompt(town, "同步包写到文件夹：", w->usb);
    r = ROW_OF(town, "已把第 2 号同步包（");
    row = e2e_row_text(town, r);
    int changes2 = 0;
    assert_int_equal(sscanf(strstr(row, "（"), "（%d 处修改）", &changes2), 1);
    free(row);
    assert_true(changes2 >= 2); /* the two entries (and what saving them touched) */
    packages_in(w->usb, files, sizeof files);
    assert_int_equal(count_lines(files), 2);
    assert_int_equal(scenario_quit(w->town), 0);

    /* at the station: the package not yet imported first, the one taken already marked */
    st = scenario_start(w->station, 24, 80, NULL);
    KEYS(st, "s");
    KEYS(st, "i");
    answer_prompt(st, "导入同步包（文件，或它所在的文件夹）：", w->usb);
    r = ROW_OF(st, "选择要导入的同步包（未导入的在前）");
    AT(st, r + 1, -1, "「" TOWN_SITE "」第 2 号");
    AT(st, r + 2, -1, "「" TOWN_SITE "」第 1 号");
    AT(st, r + 2, -1, "（已导入）");
    KEYS(st, E2E_ENTER);
    AT(st, 1, 1, "来自上级乡镇「" TOWN_SITE "」的第 2 号包，");
    assert_true(kind_shown(st, "台账", 0, 2, 0));
    packages_in(w->usb, files, sizeof files);
    snprintf(path, sizeof path, "%s/%.*s", w->usb, (int)strcspn(strchr(files, '\n') + 1, "\n"),
             strchr(files, '\n') + 1);
    assert_int_equal(preview_matches_cli(st, w->station, path), changes2);
    snprintf(want, sizeof want, "共 %d 处修改，这是第 1-", changes2);
    ROW_OF(st, want);
    KEYS(st, "y");
    AT(st, 22, 0, "已导入「" TOWN_SITE "」的同步包：改动 "); /* and in a box over the list */
    row = e2e_row_text(st, 22);
    int conflicts = 0;
    SCREEN_CHECK(st, strstr(row, "冲突 ") != NULL);
    assert_int_equal(sscanf(strstr(row, "冲突 "), "冲突 %d 处。", &conflicts), 1);
    free(row);
    assert_true(conflicts >= 2); /* the two entries (their deputies present may clash too) */
    ROW_OF(st, "现在查看冲突吗？");
    /* the township's versions, saved later, are in the database now */
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(w->station, &out, &err, "export", "ledger", NULL), 0);
    assert_non_null(strstr(out, "镇里改的摘要一"));
    assert_non_null(strstr(out, "镇里改的摘要二"));
    assert_null(strstr(out, "站里改的摘要"));
    free(out);
    free(err);
    KEYS(st, "y");
    snprintf(want, sizeof want, " 同步冲突：%d 个待处理", conflicts);
    AT(st, 0, 0, want);
    ROW_IS(st, 1, "日期       种类         记录              说明              另一版本");
    ROW_IS(st, 23, "F1 帮助  Esc 返回  Enter 打开  t 采用另一版本  k 保留本机");

    /* the first entry's details; t takes the station's own version back, after asking */
    to_ledger_conflict(st);
    KEYS(st, E2E_ENTER);
    bool first_is_one = e2e_find_row(st, "镇里改的摘要一") == 0;
    const char *taken = first_is_one ? "站里改的摘要一" : "站里改的摘要二";
    AT(st, 0, 1, "冲突：台账「");
    ROW_OF(st, "两边都改了这条记录");
    r = ROW_OF(st, "另一版本（没有保留的）：");
    assert_true(ROW_OF(st, taken) > r);
    ROW_IS(st, 23, "F1 帮助  Esc 返回  t 采用另一版本  k 保留本机");
    KEYS(st, "t");
    ROW_OF(st, "采用另一版本吗？");
    ROW_OF(st, "y 是    n 否");
    KEYS(st, "n"); /* no: nothing happens */
    AT(st, 0, 1, "冲突：台账「");
    KEYS(st, "t");
    KEYS(st, "y");
    snprintf(want, sizeof want, " 同步冲突：%d 个待处理", conflicts - 1);
    AT(st, 0, 0, want);
    ROW_OF(st, "已采用台账「");
    /* the other entry: k on the list keeps the township's version, after asking */
    to_ledger_conflict(st);
    KEYS(st, "k");
    ROW_OF(st, "不采用另一版本吗？这个冲突将不再列出。");
    KEYS(st, "y");
    snprintf(want, sizeof want, " 同步冲突：%d 个待处理", conflicts - 2);
    AT(st, 0, 0, want);
    ROW_OF(st, "已保留本机现在的台账「");
    for (int i = 2; i < 22; i++) /* no ledger entry left among them */
        assert_int_not_equal(e2e_find_col(st, i, "台账"), 11);
    KEYS(st, E2E_ESC);

    /* an old package is refused, with the reason, and the history says so */
    KEYS(st, "i");
    answer_prompt(st, "导入同步包（文件，或它所在的文件夹）：", w->usb);
    KEYS(st, E2E_DOWN E2E_ENTER);
    ROW_OF(st, "-0001.llsync：");
    ROW_OF(st, "这是「" TOWN_SITE "」的第 1 号包，本机已导入到第 2 号：这");
    KEYS(st, E2E_ESC);
    KEYS(st, "h");
    AT(st, 2, 17, "拒收    " TOWN_SITE);
    snprintf(want, sizeof want, "导入    %s             2 %5d 改动", TOWN_SITE, changes2);
    AT(st, 3, 17, want);
    AT(st, 22, 0, "共 3 条");
    assert_int_equal(scenario_quit(w->station), 0);

    /* in the database: one entry has the station's text again, the other the township's */
    db = open_db(w->station, ST_SITE, SITE_STATION);
    summary_is(db, ids[0], first_is_one ? "站里改的摘要一" : "镇里改的摘要一");
    summary_is(db, ids[1], first_is_one ? "镇里改的摘要二" : "站里改的摘要二");
    db_close(db);
    assert_int_equal(scenario_cli(w->station, &out, &err, "sync", "conflicts", NULL), 0);
    assert_null(strstr(out, "台账"));
    free(out);
    free(err);
}

/* Pairing made on the command line: the township asks before pairing the station again; d on
 * the station asks first, n keeps the pairing, y forgets it. */
static void unpair_asks_first(void **state)
{
    struct two_sites *w = two_sites_new();
    *state = w;
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(w->town, &out, &err, "sync", "pair", STATION, NULL), 0);
    const char *p = strstr(out, "配对码：\n\n    ");
    assert_non_null(p);
    char code[25];
    snprintf(code, sizeof code, "%s", p + strlen("配对码：\n\n    "));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(w->station, &out, &err, "sync", "join", code, NULL), 0);
    free(out);
    free(err);

    /* the township pairing the same station again is asked first */
    struct e2e *town = scenario_start(w->town, 24, 80, NULL);
    KEYS(town, "s");
    AT(town, 2, 0, "下级联络站    新林村片区");
    KEYS(town, "a");
    KEYS(town, "/");
    KEYS(town, "新林" E2E_ENTER E2E_ENTER);
    ROW_OF(town, "本机已与「" TOWN " " STATION "」配对。再生");
    KEYS(town, "n");
    AT(town, 22, 0, "共 1 条");
    assert_int_equal(scenario_quit(w->town), 0);

    struct e2e *st = scenario_start(w->station, 24, 80, NULL);
    KEYS(st, "S");
    AT(st, 2, 0, "上级乡镇");
    AT(st, 22, 0, "共 1 条");
    KEYS(st, "d");
    ROW_OF(st, "确定删除与上级乡镇的配对吗？");
    KEYS(st, "n");
    AT(st, 2, 0, "上级乡镇");
    KEYS(st, E2E_DELETE);
    ROW_OF(st, "确定删除与上级乡镇的配对吗？");
    KEYS(st, "y");
    AT(st, 3, 2, "还没有配对的站点。");
    AT(st, 22, 0, "已删除与上级乡镇的配对");
    /* F1 lists every key of the screen */
    KEYS(st, E2E_F1);
    AT(st, 0, 1, "帮助：同步");
    ROW_OF(st, "u                     输入上级站点给的配对码");
    KEYS(st, E2E_PGDN);
    ROW_OF(st, "d / Delete            删除所选的配对");
    KEYS(st, E2E_ESC);
    assert_int_equal(scenario_quit(w->station), 0);
    assert_int_equal(scenario_cli(w->station, &out, &err, "sync", "peers", NULL), 0);
    assert_non_null(strstr(out, "本机还没有配对的站点"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(pair_package_and_conflicts, two_sites_teardown),
        cmocka_unit_test_teardown(unpair_asks_first, two_sites_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
