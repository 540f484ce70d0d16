/* test_faults.c — faults met through the screens of the real program: the disk fills up or
 * fails under a save (fault_preload.so fails the database's writes while a control file
 * exists), the database file or its folder is read-only, the backups folder cannot be written,
 * another program holds the write lock, two lianluo work on one file, and lianluo.ini is
 * missing or cannot be read. Each time: a clear message, nothing said saved that was not,
 * nothing typed lost, nothing saved lost, the file sound afterwards.
 *
 * Run as root (root ignores file permissions), the permission cases start the program through
 * this test's own executable, which drops to nobody (65534) and execs it (see main). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <grp.h>
#include <sqlite3.h>
#include <time.h>

#include "test_util.h"

#define STATION   "桃花江镇人大代表中心联络站"
#define TOWN      "桃花江镇"
#define AS_NOBODY "--as-nobody"
#define NOBODY    65534
#define SAVED     "已保存。"

static char self_exe[PATH_MAX];

/* ---- set-up ------------------------------------------------------------------------------ */

/* A scenario holding one station (the record saved before anything goes wrong). */
static struct scenario *with_station(void **state)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    char csv[PATH_MAX + 64];
    snprintf(csv, sizeof csv, "%s", scenario_path(s, "stations.csv"));
    write_file(csv, "名称,类型,乡镇\n" STATION ",中心联络站," TOWN "\n");
    assert_int_equal(scenario_cli(s, NULL, NULL, "import", "stations", csv, NULL), 0);
    return s;
}

/* Starts the program on the scenario with extra environment entries (NULL-terminated, may be
 * NULL), as nobody when as_nobody and running as root. Does not wait for anything. */
static struct e2e *start(struct scenario *s, const char *const extra[], bool as_nobody)
{
    const char *env[24];
    int n = 0;
    for (int i = 0; s->env[i] != NULL; i++)
        env[n++] = s->env[i];
    for (int i = 0; extra != NULL && extra[i] != NULL && n < 23; i++)
        env[n++] = extra[i];
    env[n] = NULL;
    const char *const direct[] = {lianluo_exe(), "--config", s->ini, "--db", s->db, NULL};
    const char *const dropped[] = {self_exe, AS_NOBODY, lianluo_exe(), "--config",
                                   s->ini,   "--db",    s->db,         NULL};
    struct e2e *t = e2e_start(as_nobody ? dropped : direct, env, 24, 80);
    assert_non_null(t);
    return t;
}

/* Started and on the main menu. */
static struct e2e *start_menu(struct scenario *s, const char *const extra[], bool as_nobody)
{
    struct e2e *t = start(s, extra, as_nobody);
    s->t = t;
    SCREEN_CHECK(t, e2e_wait_text(t, "代表名册"));
    SCREEN_CHECK(t, e2e_wait_idle(t));
    return t;
}

/* From the main menu to the station's volunteers. */
static void open_volunteers(struct e2e *t)
{
    KEYS(t, "1");
    AT(t, 2, -1, STATION);
    KEYS(t, "v");
    ROW_IS(t, 0, " 志愿者名单：" STATION);
}

/* On the volunteer list: a, the name, F2; saved, back on the list. */
static void add_volunteer(struct e2e *t, const char *name)
{
    KEYS(t, "a");
    ROW_IS(t, 0, " 志愿者：新建");
    KEYS(t, name);
    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 志愿者名单：" STATION);
    AT(t, 22, 0, SAVED);
    ROW_OF(t, name);
}

/* want is on the screen, perhaps wrapped over rows (the rows are joined before looking). */
static bool on_screen(struct e2e *t, const char *want)
{
    char *text = e2e_screen_text(t);
    assert_non_null(text);
    char *to = text;
    for (const char *from = text; *from != '\0'; from++)
        if (*from != '\n')
            *to++ = *from;
    *to = '\0';
    bool found = strstr(text, want) != NULL;
    free(text);
    return found;
}

/* Reads output (until the program ends, at worst) until want is on the screen, perhaps
 * wrapped. */
static bool wait_flat(struct e2e *t, const char *want)
{
    while (!on_screen(t, want))
        if (!e2e_wait_text(t, "\001"))
            return on_screen(t, want);
    return true;
}

/* An integer from one query on the database (opened as the next program would). */
static int db_int(const char *db, const char *sql, const char *arg)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    if (arg != NULL)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_type(st, 0) == SQLITE_TEXT
                ? strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0
                : sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static bool sound(const char *db)
{
    return db_int(db, "PRAGMA integrity_check", NULL) == 1;
}

static int volunteers_named(const char *db, const char *name)
{
    return db_int(db, "SELECT count(*) FROM volunteer WHERE name = ?", name);
}

static int stations(const char *db)
{
    return db_int(db, "SELECT count(*) FROM station", NULL);
}

/* Root: path and everything under it given to nobody. */
static int give_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return lchown(path, NOBODY, NOBODY);
}

static void give_to_nobody(struct scenario *s)
{
    if (geteuid() == 0)
        assert_int_equal(nftw(s->dir, give_one, 16, FTW_PHYS), 0);
}

/* The program's environment when it goes through fault_preload.so, failing with errno_name
 * while control exists. buf holds the entries. */
struct preload_env {
    char preload[PATH_MAX + 16], control[PATH_MAX + 32], errno_name[48], asan[1024];
    const char *env[5];
};

static void preload_env_init(struct preload_env *p, const char *control, const char *errno_name)
{
    const char *lib = getenv("LIANLUO_FAULT_PRELOAD");
    assert_non_null(lib);
    assert_int_equal(access(lib, R_OK), 0);
    const char *asan = getenv("ASAN_OPTIONS");
    snprintf(p->preload, sizeof p->preload, "LD_PRELOAD=%s", lib);
    snprintf(p->control, sizeof p->control, "LIANLUO_FAULT_FILE=%s", control);
    snprintf(p->errno_name, sizeof p->errno_name, "LIANLUO_FAULT_ERRNO=%s", errno_name);
    /* the library comes before the sanitizer's runtime */
    snprintf(p->asan, sizeof p->asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
             asan != NULL ? asan : "", asan != NULL && asan[0] ? ":" : "");
    p->env[0] = p->preload;
    p->env[1] = p->control;
    p->env[2] = p->errno_name;
    p->env[3] = p->asan;
    p->env[4] = NULL;
}

/* ---- 1. the disk fills up, or fails, under a save ---------------------------------------- */

static void fault_under_save(void **state, const char *errno_name, const char *message)
{
    struct scenario *s = with_station(state);
    char control[PATH_MAX + 64];
    snprintf(control, sizeof control, "%s", scenario_path(s, "fault-now"));
    struct preload_env p;
    preload_env_init(&p, control, errno_name);
    struct e2e *t = start_menu(s, p.env, false);
    open_volunteers(t);
    add_volunteer(t, "王芳"); /* saved before the fault */

    KEYS(t, "a");
    KEYS(t, "李娜");
    KEYS(t, E2E_ENTER);
    KEYS(t, "13807370001");
    write_file(control, "");
    /* twice: a failed save leaves the program able to try again */
    for (int i = 0; i < 2; i++) {
        KEYS(t, E2E_F2);
        ROW_OF(t, message);
        assert_int_equal(e2e_find_row(t, SAVED), -1);
        ROW_IS(t, 0, " 志愿者：新建"); /* the form is still open, with what was typed */
        ROW_IS(t, 1, " 姓名* 李娜");
        AT(t, 2, -1, "13807370001");
    }
    /* the disk has room again: the same form saves */
    assert_int_equal(remove(control), 0);
    KEYS(t, E2E_F2);
    ROW_IS(t, 0, " 志愿者名单：" STATION);
    AT(t, 22, 0, SAVED);
    AT(t, 2, 0, "李娜");
    AT(t, 3, 0, "王芳");
    assert_int_equal(scenario_quit(s), 0);

    assert_true(sound(s->db));
    assert_int_equal(stations(s->db), 1);
    assert_int_equal(volunteers_named(s->db, "王芳"), 1);
    assert_int_equal(volunteers_named(s->db, "李娜"), 1);
    char *out = NULL, *err = NULL;
    if (scenario_cli(s, &out, &err, "check", NULL) != 0)
        fail_msg("check: %s%s", out, err);
    free(out);
    free(err);
}

static void disk_full_under_save(void **state)
{
    fault_under_save(state, "ENOSPC", "磁盘已满，未能保存");
}

static void io_error_under_save(void **state)
{
    fault_under_save(state, "EIO", "读写数据库文件出错");
}

/* The day's backup fails while the screens are open (the disk is full where it is written):
 * the main menu says so, the work goes on, and nothing half-made is left in the folder. */
static void backup_fails_meanwhile(void **state)
{
    struct scenario *s = with_station(state);
    char control[PATH_MAX + 64], backups[PATH_MAX + 64];
    snprintf(control, sizeof control, "%s", scenario_path(s, "fault-now"));
    snprintf(backups, sizeof backups, "%s", scenario_path(s, "backups"));
    write_file(control, "");
    struct preload_env p;
    preload_env_init(&p, control, "ENOSPC");
    const char *env[] = {p.env[0], p.env[1], p.env[2], p.env[3], "LIANLUO_FAULT_MATCH=/backups/",
                         NULL};
    struct e2e *t = start_menu(s, env, false);
    /* said on the main menu once the copy has failed (it is made meanwhile): on the first
     * drawing of the menu after that — the very first, when it failed at once — until the
     * next key */
    bool said = on_screen(t, "今天的自动备份没有做成") && on_screen(t, "磁盘已满");
    open_volunteers(t);
    add_volunteer(t, "赵敏");
    KEYS(t, E2E_ESC);
    KEYS(t, E2E_ESC);
    said = said || (on_screen(t, "今天的自动备份没有做成") && on_screen(t, "磁盘已满"));
    for (int i = 0; i < 100 && !said; i++) {
        usleep(50000);
        KEYS(t, E2E_DOWN);
        said = on_screen(t, "今天的自动备份没有做成") && on_screen(t, "磁盘已满");
    }
    if (!said)
        SCREEN_CHECK(t, false);
    assert_int_equal(scenario_quit(s), 0);
    assert_int_equal(volunteers_named(s->db, "赵敏"), 1);
    assert_true(sound(s->db));
    /* no copy, no .part, no journal: the folder is empty */
    assert_int_equal(rmdir(backups), 0);
}

/* A damaged database file (an index page garbled on disk, as a failing disk or a copy cut
 * short leaves it): the main menu says so as soon as the day's backup has checked it, and keeps
 * saying so; `check` says in Chinese what is wrong and what to do; `restore` from a copy made
 * before brings the file back sound, with the record saved before. */
static void damaged_database(void **state)
{
    struct scenario *s = with_station(state);
    char good[PATH_MAX + 64], *out = NULL, *err = NULL;
    /* no backups yet: restore alone says so */
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", NULL), 1);
    assert_non_null(strstr(out, "没有备份"));
    free(out);
    snprintf(good, sizeof good, "%s", scenario_path(s, "good.db"));
    assert_int_equal(scenario_cli(s, NULL, NULL, "backup", "-o", good, NULL), 0);
    /* the audit log's date index: its first page's cell pointers made to point outside the page */
    int page = db_int(s->db, "SELECT rootpage FROM sqlite_schema WHERE name = ?", "audit_at");
    assert_true(page > 1);
    FILE *f = fopen(s->db, "r+b");
    assert_non_null(f);
    unsigned char ff[32];
    memset(ff, 0xff, sizeof ff);
    assert_int_equal(fseek(f, (long)(page - 1) * 4096 + 8, SEEK_SET), 0);
    assert_int_equal(fwrite(ff, 1, sizeof ff, f), sizeof ff);
    assert_int_equal(fclose(f), 0);
    assert_false(sound(s->db));

    struct e2e *t = start_menu(s, NULL, false);
    /* said without a key being pressed, once the copy has been checked */
    SCREEN_CHECK(t, wait_flat(t, "可能已损坏"));
    SCREEN_CHECK(t, on_screen(t, "lianluo restore"));
    KEYS(t, E2E_DOWN);
    SCREEN_CHECK(t, on_screen(t, "可能已损坏")); /* and still after a key */
    assert_int_equal(scenario_quit(s), 0);

    assert_int_equal(scenario_cli(s, &out, &err, "check", NULL), 4);
    assert_non_null(strstr(out, "数据库文件已损坏"));
    assert_non_null(strstr(err, "已损坏"));
    assert_non_null(strstr(err, "lianluo restore"));
    free(out);
    free(err);
    assert_int_equal(scenario_cli(s, NULL, NULL, "restore", good, "--yes", NULL), 0);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
    assert_true(sound(s->db));
    assert_int_equal(stations(s->db), 1);

    /* damaged beyond opening (its header garbled): restore still replaces it, keeping it */
    f = fopen(s->db, "r+b");
    assert_non_null(f);
    assert_int_equal(fwrite(ff, 1, 16, f), 16);
    assert_int_equal(fclose(f), 0);
    err = NULL;
    assert_int_equal(scenario_cli(s, NULL, &err, "check", NULL), 3);
    assert_non_null(strstr(err, "lianluo restore"));
    free(err);
    out = NULL;
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", good, "--yes", NULL), 0);
    const char *aside = strstr(out, "另存在 ");
    assert_non_null(aside);
    char kept[PATH_MAX];
    snprintf(kept, sizeof kept, "%.*s", (int)strcspn(aside + 10, "。"), aside + 10);
    free(out);
    f = fopen(kept, "rb"); /* the damaged file, kept byte for byte from its header on */
    assert_non_null(f);
    unsigned char head[16];
    assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
    assert_int_equal(fclose(f), 0);
    assert_memory_equal(head, ff, sizeof head);
    assert_int_equal(scenario_cli(s, NULL, NULL, "check", NULL), 0);
    assert_int_equal(stations(s->db), 1);

    /* restore alone lists the copies in backups: none (the failed daily one left the folder
     * empty), then the one just made */
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", NULL), 1);
    assert_non_null(strstr(out, "没有备份"));
    free(out);
    assert_int_equal(scenario_cli(s, NULL, NULL, "backup", NULL), 0);
    assert_int_equal(scenario_cli(s, &out, NULL, "restore", NULL), 0);
    assert_non_null(strstr(out, "/backups/lianluo-"));
    assert_non_null(strstr(out, "lianluo restore 备份文件"));
    free(out);
}

/* ---- 2. permissions ------------------------------------------------------------------------ */

/* The database file read-only, then its folder: the program says which and what to do, and
 * ends without a crash; once the permissions are mended it works, with nothing lost. */
static void read_only_database(void **state)
{
    struct scenario *s = with_station(state);
    give_to_nobody(s);
    assert_int_equal(chmod(s->db, 0444), 0);
    struct e2e *t = start(s, NULL, true);
    SCREEN_CHECK(t, e2e_wait_text(t, "是只读的"));
    SCREEN_CHECK(t, wait_flat(t, "请让管理员把这个文件改为可写"));
    SCREEN_CHECK(t, on_screen(t, s->db));
    SCREEN_CHECK(t, !on_screen(t, SAVED));
    assert_int_equal(e2e_finish(t), 3); /* EXIT_DB, not a signal */

    /* the file writable, its folder not: -wal and -shm cannot be made beside it */
    assert_int_equal(chmod(s->db, 0644), 0);
    remove(scenario_path(s, "lianluo.db-wal"));
    remove(scenario_path(s, "lianluo.db-shm"));
    assert_int_equal(chmod(s->dir, 0555), 0);
    t = start(s, NULL, true);
    SCREEN_CHECK(t, e2e_wait_text(t, "不可写入"));
    SCREEN_CHECK(t, wait_flat(t, "请让管理员给这个文件夹加上写入权限"));
    SCREEN_CHECK(t, on_screen(t, s->dir));
    assert_int_equal(e2e_finish(t), 3);

    /* mended: everything as before, and a save works */
    assert_int_equal(chmod(s->dir, 0755), 0);
    t = start_menu(s, NULL, true);
    open_volunteers(t);
    add_volunteer(t, "周敏");
    assert_int_equal(scenario_quit(s), 0);
    assert_true(sound(s->db));
    assert_int_equal(stations(s->db), 1);
    assert_int_equal(volunteers_named(s->db, "周敏"), 1);
}

/* ---- the day's backup still being made when the user quits ------------------------------- */

/* Files in the scenario's backups folder: the day's copies (lianluo-YYYYMMDD-HHMMSS.db) into
 * *copies, everything else (a .part, a journal) into *others; the first copy's path into
 * first (may be NULL). */
static void backups_in(struct scenario *s, int *copies, int *others, char *first, size_t size)
{
    char dir[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "%s", scenario_path(s, "backups"));
    *copies = *others = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strncmp(e->d_name, "lianluo-", 8) == 0 && n == 26 &&
            strcmp(e->d_name + n - 3, ".db") == 0) {
            if (*copies == 0 && first != NULL)
                snprintf(first, size, "%s/%s", dir, e->d_name);
            (*copies)++;
        } else {
            fprintf(stderr, "# in backups: %s\n", e->d_name);
            (*others)++;
        }
    }
    closedir(d);
}

/* The share of the copy the quit screen shows (已复制 N%), or -1. */
static int percent_shown(struct e2e *t)
{
    char *text = e2e_screen_text(t);
    assert_non_null(text);
    const char *at = strstr(text, "已复制 ");
    int n = at != NULL ? atoi(at + strlen("已复制 ")) : -1;
    free(text);
    return n;
}

/* Reads the program's output for ms milliseconds (or until it ends). */
static void watch(struct e2e *t, int ms)
{
    e2e_set_timeout(t, ms);
    e2e_wait_text(t, "\001"); /* never on the screen */
    e2e_set_timeout(t, 5000);
}

/* A demo county's screens, with every write under backups/ made 4 ms late (a slow disk: the
 * whole copy would take some 20 seconds), quit at once: the screen says how far the day's
 * backup is and how to cancel it. */
static struct e2e *quit_during_slow_backup(void **state, char *control, size_t size)
{
    struct scenario *s = scenario_new(NULL);
    *state = s;
    assert_int_equal(scenario_cli(s, NULL, NULL, "demo", NULL), 0);
    snprintf(control, size, "%s", scenario_path(s, "slow-now"));
    write_file(control, "");
    struct preload_env p;
    preload_env_init(&p, control, "ENOSPC");
    const char *env[] = {p.env[0],
                         p.env[1],
                         p.env[2],
                         p.env[3],
                         "LIANLUO_FAULT_MATCH=/backups/",
                         "LIANLUO_FAULT_DELAY_US=4000",
                         NULL};
    struct e2e *t = start_menu(s, env, false);
    assert_true(e2e_send(t, "q"));
    SCREEN_CHECK(t, e2e_wait_text(t, "正在完成今天的自动备份（已复制"));
    SCREEN_CHECK(t, e2e_wait_text(t, "下次启动时会重新备份。"));
    SCREEN_CHECK(t, e2e_wait_text(t, "Esc 取消备份 "));
    ROW_OF(t, "按 Esc 取消备份并");
    return t;
}

/* Esc while the quit screen waits for a slow copy: the copy stops at once, nothing is left of
 * it, the program ends with status 0 saying so, and the next start makes the day's copy. */
static void quit_cancels_slow_backup(void **state)
{
    char control[PATH_MAX + 64];
    struct e2e *t = quit_during_slow_backup(state, control, sizeof control);
    struct scenario *s = *state;
    /* under way: a share shown, not the whole */
    int percent = percent_shown(t);
    for (int i = 0; i < 50 && percent <= 0; i++) {
        watch(t, 100);
        percent = percent_shown(t);
    }
    SCREEN_CHECK(t, percent > 0 && percent < 100);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_true(e2e_send(t, E2E_ESC));
    SCREEN_CHECK(t, e2e_wait_text(t, "今天的自动备份已取消，下次启动时会重新备份。"));
    int rc = e2e_finish(t);
    s->t = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "# cancelled at %d %%, ended %.2f s after Esc\n", percent, took);
    assert_int_equal(rc, 0);
    assert_true(took < 3.0); /* the rest of the copy would take many seconds more */
    int copies, others;
    backups_in(s, &copies, &others, NULL, 0);
    assert_int_equal(copies, 0);
    assert_int_equal(others, 0); /* no .part, no journal */
    /* the next start (the disk fast again) makes the day's copy; quitting waits for it */
    assert_int_equal(remove(control), 0);
    start_menu(s, NULL, false);
    assert_int_equal(scenario_quit(s), 0);
    char copy[PATH_MAX + 128];
    backups_in(s, &copies, &others, copy, sizeof copy);
    assert_int_equal(copies, 1);
    assert_int_equal(others, 0);
    assert_true(sound(copy));
    assert_int_equal(stations(copy), stations(s->db));
}

/* No key while the quit screen waits for a slow copy: the share grows, and once the copy is
 * made (the disk fast again) the program ends with status 0, the copy in the folder. */
static void quit_waits_for_slow_backup(void **state)
{
    char control[PATH_MAX + 64];
    struct e2e *t = quit_during_slow_backup(state, control, sizeof control);
    struct scenario *s = *state;
    int first = percent_shown(t), now = first;
    for (int i = 0; i < 100 && (now == first || now < 0); i++) {
        watch(t, 100);
        now = percent_shown(t);
    }
    fprintf(stderr, "# the quit screen went from %d %% to %d %%\n", first, now);
    SCREEN_CHECK(t, now > first);
    assert_int_equal(remove(control), 0);
    e2e_set_timeout(t, 30000);
    assert_int_equal(e2e_finish(t), 0);
    s->t = NULL;
    int copies, others;
    char copy[PATH_MAX + 128];
    backups_in(s, &copies, &others, copy, sizeof copy);
    assert_int_equal(copies, 1);
    assert_int_equal(others, 0);
    assert_true(sound(copy));
    assert_int_equal(stations(copy), stations(s->db));
}

/* The backups folder cannot be written: the day's backup fails with a message on the first
 * screen, and the program is used as usual. */
static void backups_folder_not_writable(void **state)
{
    struct scenario *s = with_station(state);
    char backups[PATH_MAX + 64];
    snprintf(backups, sizeof backups, "%s", scenario_path(s, "backups"));
    assert_int_equal(mkdir(backups, 0755), 0);
    give_to_nobody(s);
    assert_int_equal(chmod(backups, 0555), 0);
    struct e2e *t = start_menu(s, NULL, true);
    SCREEN_CHECK(t, on_screen(t, "今天的自动备份没有做成"));
    SCREEN_CHECK(t, on_screen(t, "没有写入权限"));
    SCREEN_CHECK(t, on_screen(t, "程序可照常使用"));
    open_volunteers(t);
    add_volunteer(t, "吴刚");
    assert_int_equal(scenario_quit(s), 0);
    assert_int_equal(volunteers_named(s->db, "吴刚"), 1);
    assert_true(sound(s->db));
    /* nothing half-written left in the folder */
    assert_int_equal(rmdir(backups), 0);
}

/* ---- 3. locked by another program; two lianluo on one file ----------------------------- */

static void locked_by_another_program(void **state)
{
    struct scenario *s = with_station(state);
    struct e2e *t = start_menu(s, NULL, false);
    open_volunteers(t);
    KEYS(t, "a");
    KEYS(t, "赵敏");
    sqlite3 *h;
    assert_int_equal(sqlite3_open(s->db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    e2e_set_timeout(t, 20000); /* the busy timeout first */
    KEYS(t, E2E_F2);
    e2e_set_timeout(t, E2E_DEFAULT_TIMEOUT_MS);
    ROW_OF(t, "数据库正被另一个程序使用");
    assert_int_equal(e2e_find_row(t, SAVED), -1);
    ROW_IS(t, 1, " 姓名* 赵敏");
    assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(h), SQLITE_OK);
    KEYS(t, E2E_F2);
    AT(t, 22, 0, SAVED);
    AT(t, 2, 0, "赵敏");
    assert_int_equal(scenario_quit(s), 0);
    assert_true(sound(s->db));
    assert_int_equal(volunteers_named(s->db, "赵敏"), 1);
}

static void two_instances(void **state)
{
    struct scenario *s = with_station(state);
    struct e2e *a = start_menu(s, NULL, false);
    s->t = NULL;
    struct e2e *b = start(s, NULL, false);
    SCREEN_CHECK(b, e2e_wait_text(b, "代表名册"));
    SCREEN_CHECK(b, e2e_wait_idle(b));
    open_volunteers(a);
    open_volunteers(b);
    add_volunteer(a, "钱一");
    add_volunteer(b, "孙二");
    add_volunteer(a, "钱三");
    add_volunteer(b, "孙四");
    s->t = a;
    assert_int_equal(scenario_quit(s), 0);
    s->t = b;
    assert_int_equal(scenario_quit(s), 0);
    assert_true(sound(s->db));
    const char *names[] = {"钱一", "孙二", "钱三", "孙四"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(volunteers_named(s->db, names[i]), 1);
}

/* ---- 4. lianluo.ini missing or unreadable ------------------------------------------------ */

/* The command line goes on with the defaults, saying what is wrong with the file; the screens
 * open, saying it on the first screen. want: what the message must hold. */
static void config_case(struct scenario *s, const char *want, bool as_nobody)
{
    char *out = NULL, *err = NULL;
    if (!as_nobody) {
        int rc = scenario_cli(s, &out, &err, "export", "stations", NULL);
        if (rc != 0 || err == NULL || strstr(err, want) == NULL || strstr(err, s->ini) == NULL ||
            out == NULL || strstr(out, STATION) == NULL)
            fail_msg("rc %d\nstdout: %s\nstderr: %s", rc, out, err);
        free(out);
        free(err);
    }
    struct e2e *t = start_menu(s, NULL, as_nobody);
    SCREEN_CHECK(t, on_screen(t, want));
    ROW_OF(t, "主菜单");
    assert_int_equal(scenario_quit(s), 0);
}

static void config_missing_or_unreadable(void **state)
{
    struct scenario *s = with_station(state);
    /* missing */
    assert_int_equal(remove(s->ini), 0);
    config_case(s, "找不到配置文件", false);
    /* a folder of that name */
    assert_int_equal(mkdir(s->ini, 0755), 0);
    config_case(s, "是一个文件夹，不是配置文件", false);
    assert_int_equal(rmdir(s->ini), 0);
    /* broken bytes */
    char junk[4096];
    srand(5);
    for (size_t i = 0; i < sizeof junk - 1; i++)
        junk[i] = (char)(rand() % 255 + 1);
    junk[sizeof junk - 1] = '\0';
    write_file(s->ini, "[ui]\nlanguage = zh\n");
    FILE *f = fopen(s->ini, "ab");
    assert_non_null(f);
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    config_case(s, "配置文件", false);
    config_case(s, "第 3 行", false);
    /* mode 000, read by nobody */
    write_file(s->ini, "[ui]\nlanguage = zh\n");
    give_to_nobody(s);
    assert_int_equal(chmod(s->ini, 0), 0);
    config_case(s, "没有读取权限", true);
}

/* ---- main -------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    /* The wrapper the permission cases start: drop root, then exec the program. */
    if (argc > 2 && strcmp(argv[1], AS_NOBODY) == 0) {
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0)) {
            perror("test_faults: dropping to nobody");
            _exit(126);
        }
        execv(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
    if (n <= 0)
        return 1;
    self_exe[n] = '\0';
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(disk_full_under_save, scenario_teardown),
        cmocka_unit_test_teardown(io_error_under_save, scenario_teardown),
        cmocka_unit_test_teardown(backup_fails_meanwhile, scenario_teardown),
        cmocka_unit_test_teardown(damaged_database, scenario_teardown),
        cmocka_unit_test_teardown(read_only_database, scenario_teardown),
        cmocka_unit_test_teardown(backups_folder_not_writable, scenario_teardown),
        cmocka_unit_test_teardown(quit_cancels_slow_backup, scenario_teardown),
        cmocka_unit_test_teardown(quit_waits_for_slow_backup, scenario_teardown),
        cmocka_unit_test_teardown(locked_by_another_program, scenario_teardown),
        cmocka_unit_test_teardown(two_instances, scenario_teardown),
        cmocka_unit_test_teardown(config_missing_or_unreadable, scenario_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
