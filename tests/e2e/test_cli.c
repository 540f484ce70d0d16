/* test_cli.c — the command line: a bad roster is refused whole; the ledger exports and the
 * printed ledger. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "test_util.h"

/* 11. import deputies with a bad third line: exit 1, 第 3 行第 2 列, nothing written. */
static void import_bad_csv(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "bad.csv"));
    write_file(csv, "姓名,代表层级,乡镇\n赵六,县级,桃花江镇\n钱七,火星级,桃花江镇\n");
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 1);
    assert_non_null(err);
    if (strstr(err, "第 3 行第 2 列") == NULL || strstr(err, "火星级") == NULL ||
        strstr(err, "没有写入任何数据") == NULL)
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    /* the database this import would have started is not left behind empty */
    assert_int_equal(access(s->db, F_OK), -1);

    /* a good file then goes in, so the failure was the row and not the file */
    char good[PATH_MAX + 64];
    snprintf(good, sizeof good, "%s", scenario_path(s, "good.csv"));
    write_file(good, "姓名,代表层级,乡镇\n赵六,县级,桃花江镇\n钱七,县级、乡镇级,桃花江镇\n");
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", good, NULL), 0);
    free(out);
    free(err);

    /* the bad file again, into the database that now exists: refused, the database kept as is */
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 1);
    free(out);
    free(err);
    assert_int_equal(access(s->db, F_OK), 0);
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_int_equal(count_lines(out), 3);
    assert_non_null(strstr(out, "钱七"));
    assert_int_equal(strncmp(out, "\xEF\xBB\xBF", 3), 0); /* BOM, for Excel */
    assert_non_null(strstr(out, "\r\n"));
    free(out);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* Wrong usage is status 2; --help speaks the configured language. */
static void wrong_usage(void **state)
{
    struct scenario *s = scenario_new("[ui]\nlanguage = en\n");
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", NULL), 2);
    assert_int_equal(scenario_cli(s, NULL, NULL, "no-such-command", NULL), 2);
    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "--help", NULL), 0);
    assert_non_null(strstr(out, "Usage: lianluo"));
    free(out);
}

/* check and export of a database that is not there: exit 3, and no file is made. */
static void missing_database_not_created(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 3);
    assert_non_null(strstr(err, "不存在"));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "deputies", NULL), 3);
    assert_int_equal(access(s->db, F_OK), -1);
    /* an empty file (a failed copy, say) is not taken for a database and stays empty */
    write_file(s->db, "");
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 3);
    assert_non_null(strstr(err, "空文件"));
    free(out);
    free(err);
    struct stat st;
    assert_int_equal(stat(s->db, &st), 0);
    assert_int_equal(st.st_size, 0);
    remove(s->db);
    /* import does make the database: it is how a new county starts */
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "header.csv"));
    write_file(csv, "姓名,代表层级\n");
    assert_int_equal(scenario_cli(s, &out, &err, "import", "deputies", csv, NULL), 0);
    assert_non_null(strstr(out, "没有数据行"));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* A command tells about a broken or missing configuration file on stderr, and still works
 * with the defaults; a directory given as the database is named as such. */
static void config_and_path_problems(void **state)
{
    struct scenario *s = scenario_new("[site\nname = 测试\n");
    *state = s;
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "demo", NULL), 0);
    if (strstr(err, "第 1 行") == NULL || strstr(err, "默认设置") == NULL)
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    remove(s->ini);
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 0);
    if (strstr(err, "找不到配置文件") == NULL)
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    remove(s->db);
    assert_int_equal(mkdir(s->db, 0700), 0);
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 3);
    if (strstr(err, "是一个文件夹") == NULL)
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    rmdir(s->db);
}

/* export -o into a link writes the file it points to, keeping the link and the file's
 * permissions; into /dev/null it writes into the device, never replaces it. */
static void export_into_links_and_devices(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    char real[PATH_MAX + 64], link[PATH_MAX + 64];
    snprintf(real, sizeof real, "%s", scenario_path(s, "real.csv"));
    snprintf(link, sizeof link, "%s", scenario_path(s, "link.csv"));
    write_file(real, "old\n");
    assert_int_equal(chmod(real, 0640), 0);
    assert_int_equal(symlink(real, link), 0);
    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "stations", "-o", link, NULL), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(real, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char *text = read_file(real);
    assert_non_null(strstr(text, "桃花江镇人大代表中心联络站"));
    free(text);

    /* a link to a file not there yet: the file is made, the link stays */
    char dangling[PATH_MAX + 64], made[PATH_MAX + 64];
    snprintf(dangling, sizeof dangling, "%s", scenario_path(s, "later.csv"));
    snprintf(made, sizeof made, "%s", scenario_path(s, "made.csv"));
    assert_int_equal(symlink("made.csv", dangling), 0);
    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "groups", "-o", dangling, NULL), 0);
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(made, &st), 0);
    assert_true(S_ISREG(st.st_mode));

    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "stations", "-o", "/dev/null", NULL), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

/* A bad date, a period running backwards or an option the kind does not take: usage errors
 * (status 2) naming what is wrong, found before any database is opened or made. */
static void ledger_export_usage_errors(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char *err = NULL;
    assert_int_equal(scenario_cli(s, NULL, &err, "export", "ledger", "--from", "2026-13-45", NULL),
                     2);
    if (strstr(err, "2026-13-45") == NULL || strstr(err, "--from") == NULL)
        fail_msg("stderr: %s", err);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, &err, "export", "counts", "--to", "2026-04-01", "--from",
                                  "2026-05-01", NULL),
                     2);
    if (strstr(err, "2026-05-01") == NULL || strstr(err, "晚于") == NULL)
        fail_msg("stderr: %s", err);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, &err, "export", "problems", "--period", "2026-3x", NULL),
                     2);
    assert_non_null(strstr(err, "2026-3x"));
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "stations", "--period", "2026", NULL),
                     2);
    assert_int_equal(scenario_cli(s, NULL, NULL, "export", "counts", "--by", "county", NULL), 2);
    assert_int_equal(scenario_cli(s, NULL, NULL, "print", "--period", "2026", NULL), 2);
    assert_int_equal(access(s->db, F_OK), -1);
}

/* The bulletin's counts of the demo county: a line per station, a 小计 line per township, the
 * county's total; options in any order. */
static void export_counts_of_demo(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "counts.csv"));
    char *err = NULL;
    assert_int_equal(
        scenario_cli(s, NULL, &err, "export", "-o", csv, "counts", "--period", "2026", NULL), 0);
    assert_non_null(strstr(err, "已导出 99 条"));
    free(err);
    char *text = read_file(csv);
    assert_non_null(text);
    assert_int_equal(strncmp(text, "\xEF\xBB\xBF乡镇,联络站,接待群众,", 3 + 29), 0);
    assert_int_equal(count_lines(text), 1 + 99 + 15 + 1);
    assert_non_null(strstr(text, "\r\n桃花江镇,小计,"));
    assert_non_null(strstr(text, "\r\n全县合计,,"));
    free(text);

    char *out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "counts", "--by", "township", "--from",
                                  "2026/1/1", "--to", "2026年12月31日", NULL),
                     0);
    assert_int_equal(count_lines(out), 1 + 15 + 1);
    free(out);
}

/* print: an unknown station is a failure (1) that names it; a known one gives the page. */
static void print_station_ledger(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "print", "火星村片区联络站", NULL), 1);
    if (strstr(err, "火星村片区联络站") == NULL || strstr(err, "找不到") == NULL)
        fail_msg("stderr: %s", err);
    assert_string_equal(out, "");
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, &out, NULL, "print", "桃花江镇人大代表中心联络站", "--period",
                                  "2026", NULL),
                     0);
    assert_non_null(strstr(out, "<h1>桃花江镇人大代表中心联络站工作台账</h1>"));
    assert_non_null(strstr(out, "@page { size: A4; margin: 15mm }"));
    free(out);
}

/* The text after `after` up to the first of `stop`, copied into out. */
static void text_between(const char *text, const char *after, const char *stop, char *out,
                         size_t size)
{
    const char *p = strstr(text, after);
    assert_non_null(p);
    p += strlen(after);
    size_t n = strcspn(p, stop);
    assert_true(n < size);
    memcpy(out, p, n);
    out[n] = '\0';
}

/* sync by the command line: a township pairs a station, writes its first package, the station
 * lists it, takes it (once: the second time changes nothing), a damaged copy is refused. */
static void sync_by_command_line(void **state)
{
    struct scenario *t = scenario_new(
        "[site]\nrole = township\nname = 桃花江镇人大\ntownship = 桃花江镇\n[ui]\nlanguage = zh\n");
    *state = t;
    struct scenario *st = scenario_new("[site]\nrole = station\nname = 新林村联络站\n");
    assert_int_equal(scenario_cli(t, NULL, NULL, "demo", NULL), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(t, &out, NULL, "sync", "pair", "新林村人大代表片区联络站", NULL),
                     0);
    char code[32];
    text_between(out, "配对码：\n\n    ", "\n", code, sizeof code);
    assert_int_equal(strlen(code), 24);
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "join", "ABCD", NULL), 1);
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "join", code, NULL), 0);
    free(out);

    assert_int_equal(scenario_cli(t, &out, NULL, "sync", "export", NULL), 2);
    free(out);
    assert_int_equal(scenario_cli(t, &out, NULL, "sync", "export", "-o", st->dir, NULL), 0);
    char pkg[PATH_MAX];
    text_between(out, "写入 ", "，", pkg, sizeof pkg);
    assert_non_null(strstr(out, "第 1 号同步包"));
    free(out);
    /* without --yes and without a terminal: listed, not taken */
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "import", pkg, NULL), 0);
    if (!strstr(out, "来自「桃花江镇人大」的第 1 号同步包") || !strstr(out, "代表：新增 ") ||
        !strstr(out, "新增 联络站 新林村人大代表片区联络站") || !strstr(out, "加 --yes"))
        fail_msg("stdout: %s", out);
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "export", "deputies", NULL), 0);
    assert_int_equal(count_lines(out), 1); /* the header only: nothing was taken */
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "import", pkg, "--yes", NULL), 0);
    assert_non_null(strstr(out, "已导入"));
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "export", "deputies", NULL), 0);
    assert_true(count_lines(out) > 10);
    free(out);
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "import", pkg, "--yes", NULL), 0);
    assert_non_null(strstr(out, "已经导入过"));
    free(out);
    /* a copy cut short */
    char *bytes = read_file(pkg);
    char cut[PATH_MAX + 16];
    snprintf(cut, sizeof cut, "%s/cut.llsync", st->dir);
    FILE *fp = fopen(cut, "wb");
    assert_non_null(fp);
    fwrite(bytes, 1, 400, fp);
    fclose(fp);
    free(bytes);
    assert_int_equal(scenario_cli(st, &out, &err, "sync", "import", cut, "--yes", NULL), 1);
    if (!strstr(err, "没有导入") || !strstr(err, "长度不符"))
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "history", NULL), 0);
    assert_non_null(strstr(out, "导入  桃花江镇人大  第 1 号"));
    assert_non_null(strstr(out, "拒收"));
    free(out);
    /* and back up: the station's package goes to the township */
    assert_int_equal(scenario_cli(st, &out, NULL, "sync", "export", "-o", t->dir, NULL), 0);
    text_between(out, "写入 ", "，", pkg, sizeof pkg);
    free(out);
    assert_int_equal(scenario_cli(t, &out, NULL, "sync", "import", pkg, "--yes", NULL), 0);
    assert_non_null(strstr(out, "已导入"));
    free(out);
    assert_int_equal(scenario_cli(t, &out, NULL, "sync", "peers", NULL), 0);
    assert_non_null(strstr(out, "下级联络站  桃花江镇 新林村人大代表片区联络站  新林村联络站"));
    free(out);
    void *other = st;
    scenario_teardown(&other);
}

/* backup and restore by the command line: a checked copy; a restore asks for --yes without a
 * terminal, keeps the current contents aside and refuses a file that is not a backup. */
static void backup_and_restore(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64], copy[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "d.csv"));
    write_file(csv, "姓名,代表层级,乡镇\n赵六,县级,桃花江镇\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "deputies", csv, NULL), 0);
    snprintf(copy, sizeof copy, "%s", scenario_path(s, "copy.db"));
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "backup", "-o", copy, NULL), 0);
    assert_non_null(strstr(out, "已检查，完好"));
    free(out);
    write_file(csv, "姓名,代表层级,乡镇\n钱七,县级,桃花江镇\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "deputies", csv, NULL), 0);
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", copy, NULL), 0);
    assert_non_null(strstr(out, "没有恢复"));
    free(out);
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_non_null(strstr(out, "钱七"));
    free(out);
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", copy, "--yes", NULL), 0);
    assert_non_null(strstr(out, "恢复前的内容另存在"));
    free(out);
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_null(strstr(out, "钱七"));
    assert_non_null(strstr(out, "赵六"));
    free(out);
    assert_int_equal(scenario_cli(s, &out, &err, "restore", csv, "--yes", NULL), 1);
    assert_non_null(strstr(err, "不是 lianluo 的数据库或备份文件"));
    free(out);
    free(err);
    /* refused before the question: nothing to confirm for a file that is no backup */
    assert_int_equal(scenario_cli(s, &out, &err, "restore", csv, NULL), 1);
    assert_non_null(strstr(err, "不是 lianluo 的数据库或备份文件"));
    assert_null(strstr(out, "将用备份"));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* Faults: a database locked by another program, and a damaged one, each get a message that says
 * what to do, and nothing is changed. */
static void locked_and_damaged_database(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "d.csv"));
    write_file(csv, "姓名,代表层级,乡镇\n赵六,县级,桃花江镇\n");
    /* another program holds the write lock */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(s->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    char *out = NULL, *err = NULL;
    int rc = scenario_cli(s, &out, &err, "import", "deputies", csv, NULL);
    /* reading needs no write lock: the roster is exported meanwhile */
    char *read_meanwhile = NULL;
    assert_int_equal(scenario_cli(s, &read_meanwhile, NULL, "export", "deputies", NULL), 0);
    assert_non_null(strstr(read_meanwhile, "姓名"));
    free(read_meanwhile);
    /* and checked: all but the search indexes, which is said */
    assert_int_equal(scenario_cli(s, &read_meanwhile, NULL, "check", NULL), 0);
    assert_non_null(strstr(read_meanwhile, "完整性检查：正常"));
    assert_non_null(strstr(read_meanwhile, "这次没有检查"));
    free(read_meanwhile);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    assert_int_not_equal(rc, 0);
    if (!strstr(err, "正被另一个程序使用"))
        fail_msg("stderr: %s", err);
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, &out, NULL, "export", "deputies", NULL), 0);
    assert_null(strstr(out, "赵六"));
    free(out);
    /* a backup, then damage in the middle of the file */
    char copy[PATH_MAX + 64];
    snprintf(copy, sizeof copy, "%s", scenario_path(s, "good.db"));
    assert_int_equal(scenario_cli(s, NULL, NULL, "backup", "-o", copy, NULL), 0);
    FILE *fp = fopen(s->db, "r+b");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    char junk[8192];
    memset(junk, 0x5a, sizeof junk);
    fseek(fp, size / 2 / 4096 * 4096, SEEK_SET);
    fwrite(junk, 1, sizeof junk, fp);
    fclose(fp);
    rc = scenario_cli(s, &out, &err, "check", NULL);
    assert_int_not_equal(rc, 0);
    if (!strstr(err, "restore") && !strstr(out, "restore"))
        fail_msg("stdout: %s\nstderr: %s", out, err);
    free(out);
    free(err);
    /* and the backup brings it back */
    assert_int_equal(scenario_cli(s, NULL, NULL, "restore", copy, "--yes", NULL), 0);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

/* One integer from the database, read as another program would. */
static int sql_int(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static void sql_run(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

#define NEW_ENTRIES(n, year)                                                                       \
    "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, people, summary, "           \
    "created_at, updated_at) SELECT station_id, 'T-" year "-' || id, site_id, 'visit', '" year     \
    "-05-01', 7, summary, created_at, updated_at FROM ledger_entry WHERE station_id = (SELECT "    \
    "min(station_id) FROM ledger_entry) ORDER BY id LIMIT " #n

/* A trigger dropped with SQLite (as with the sqlite3 shell), then entries saved: check says
 * which, and what it keeps, makes it again and rebuilds the yearly counts (exit 4, as for any
 * derived table it mends); the next check passes and the trigger keeps the counts again. */
static void check_mends_a_dropped_trigger(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 0);
    if (!strstr(out, "个，齐全且与本程序的定义一致"))
        fail_msg("stdout: %s", out);
    free(out);
    free(err);
    sql_run(s->db, "DROP TRIGGER ledger_year_insert;" NEW_ENTRIES(4, "2031"));
    assert_int_equal(sql_int(s->db, "SELECT count(*) FROM ledger_year WHERE year = '2031'"), 0);

    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 4);
    if (!strstr(out, "触发器 ledger_year_insert（维护台账的逐年统计）缺失（数据库可能被别的程序"
                     "改动过），已重新创建\n") ||
        !strstr(out, "台账的逐年统计：1 行与原始数据不符（数据库可能被别的程序改动过），已按原始"
                     "数据重建\n") ||
        strstr(out, "检查通过") || !strstr(err, "数据库检查发现问题，已全部修好") ||
        !strstr(err, "不需要用备份恢复") || strstr(err, "restore"))
        fail_msg("stdout: %s\nstderr: %s", out, err);
    free(out);
    free(err);
    assert_int_equal(sql_int(s->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                    "AND name = 'ledger_year_insert'"),
                     1);
    assert_int_equal(sql_int(s->db, "SELECT entries FROM ledger_year WHERE year = '2031'"), 4);

    assert_int_equal(scenario_cli(s, &out, NULL, "check", NULL), 0);
    assert_non_null(strstr(out, "检查通过"));
    assert_null(strstr(out, "ledger_year_insert"));
    free(out);
    sql_run(s->db, NEW_ENTRIES(2, "2032"));
    assert_int_equal(sql_int(s->db, "SELECT entries FROM ledger_year WHERE year = '2032'"), 2);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);

    /* dropped while another program holds the write lock: said, not made again this time */
    sql_run(s->db, "DROP TRIGGER problem_year_update");
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(s->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 4);
    if (!strstr(out, "触发器 problem_year_update（维护问题的逐年统计（登记））缺失，但另一个程序"
                     "正在写入数据库，这次没有重新创建；请稍后再运行 lianluo check\n"))
        fail_msg("stdout: %s\nstderr: %s", out, err);
    free(out);
    free(err);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    assert_int_equal(sql_int(s->db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                    "'problem_year_update'"),
                     0);
    assert_int_equal(scenario_cli(s, &out, NULL, "check", NULL), 4);
    assert_non_null(strstr(out, "触发器 problem_year_update（维护问题的逐年统计（登记））缺失（"));
    free(out);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(import_bad_csv, scenario_teardown),
        cmocka_unit_test_teardown(wrong_usage, scenario_teardown),
        cmocka_unit_test_teardown(missing_database_not_created, scenario_teardown),
        cmocka_unit_test_teardown(config_and_path_problems, scenario_teardown),
        cmocka_unit_test_teardown(export_into_links_and_devices, scenario_teardown),
        cmocka_unit_test_teardown(ledger_export_usage_errors, scenario_teardown),
        cmocka_unit_test_teardown(export_counts_of_demo, scenario_teardown),
        cmocka_unit_test_teardown(print_station_ledger, scenario_teardown),
        cmocka_unit_test_teardown(sync_by_command_line, scenario_teardown),
        cmocka_unit_test_teardown(backup_and_restore, scenario_teardown),
        cmocka_unit_test_teardown(locked_and_damaged_database, scenario_teardown),
        cmocka_unit_test_teardown(check_mends_a_dropped_trigger, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
