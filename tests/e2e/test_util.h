/* test_util.h — shared set-up for the scenario tests of the real program (header only, so each
 * test_<name>.c stays one translation unit).
 *
 * Every scenario gets its own temporary directory holding a fresh database, its lianluo.ini
 * and HOME / XDG_* pointing inside it, so the user's real configuration and data are never
 * read. Include after cmocka.h. */
#ifndef LIANLUO_E2E_TEST_UTIL_H
#define LIANLUO_E2E_TEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

extern char **environ;

/* Fails the test, showing the screen, when cond does not hold. */
#define SCREEN_CHECK(t, cond)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            e2e_dump((t), stderr);                                                                 \
            fail_msg("%s:%d: %s", __FILE__, __LINE__, #cond);                                      \
        }                                                                                          \
    } while (0)

/* Sends keys and waits for the program to be idle again; fails with the screen shown. */
#define KEYS(t, bytes) SCREEN_CHECK((t), e2e_keys((t), (bytes)))

/* The first row holding utf8 (failing, with the screen, when there is none). */
#define ROW_OF(t, utf8) row_of((t), (utf8), __FILE__, __LINE__)

/* Row row equals want exactly (trailing spaces are trimmed by the harness). */
#define ROW_IS(t, row, want) row_is((t), (row), (want), __FILE__, __LINE__)

/* Row row contains want, starting at display column col (-1: anywhere). */
#define AT(t, row, col, want) at((t), (row), (col), (want), __FILE__, __LINE__)

struct scenario {
    char dir[1024];
    char db[PATH_MAX];
    char ini[PATH_MAX];
    char env_home[PATH_MAX + 8];
    char env_config[PATH_MAX + 24];
    char env_data[PATH_MAX + 24];
    char env_cache[PATH_MAX + 24];
    const char *env[10];
    struct e2e *t;
};

static inline int row_of(struct e2e *t, const char *utf8, const char *file, int line)
{
    int r = e2e_find_row(t, utf8);
    if (r < 0) {
        e2e_dump(t, stderr);
        fail_msg("%s:%d: \"%s\" not on the screen", file, line, utf8);
    }
    return r;
}

static inline void row_is(struct e2e *t, int row, const char *want, const char *file, int line)
{
    char *got = e2e_row_text(t, row);
    bool ok = got != NULL && strcmp(got, want) == 0;
    char shown[512];
    snprintf(shown, sizeof shown, "%s", got != NULL ? got : "(no such row)");
    free(got);
    if (!ok) {
        e2e_dump(t, stderr);
        fail_msg("%s:%d: row %d is \"%s\", want \"%s\"", file, line, row, shown, want);
    }
}

static inline void at(struct e2e *t, int row, int col, const char *want, const char *file, int line)
{
    int got = e2e_find_col(t, row, want);
    if (got < 0 || (col >= 0 && got != col)) {
        e2e_dump(t, stderr);
        fail_msg("%s:%d: \"%s\" at row %d column %d, want column %d", file, line, want, row, got,
                 col);
    }
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* The whole file, NUL-terminated (caller frees), or NULL. */
static inline char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[len] = '\0';
    return buf;
}

static inline const char *lianluo_exe(void)
{
    const char *exe = getenv("LIANLUO_EXE");
    assert_non_null(exe);
    return exe;
}

/* A fresh temporary directory with an (empty but valid) lianluo.ini; the database file does
 * not exist yet. ini_text NULL means the default comment-only file. */
static inline struct scenario *scenario_new(const char *ini_text)
{
    struct scenario *s = calloc(1, sizeof *s);
    assert_non_null(s);
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof s->dir, "%s/lianluo-e2e-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->db, sizeof s->db, "%s/lianluo.db", s->dir);
    snprintf(s->ini, sizeof s->ini, "%s/lianluo.ini", s->dir);
    write_file(s->ini, ini_text ? ini_text : "# lianluo e2e test\n[ui]\nlanguage = zh\n");
    snprintf(s->env_home, sizeof s->env_home, "HOME=%s", s->dir);
    snprintf(s->env_config, sizeof s->env_config, "XDG_CONFIG_HOME=%s/config", s->dir);
    snprintf(s->env_data, sizeof s->env_data, "XDG_DATA_HOME=%s/data", s->dir);
    snprintf(s->env_cache, sizeof s->env_cache, "XDG_CACHE_HOME=%s/cache", s->dir);
    int n = 0;
    s->env[n++] = s->env_home;
    s->env[n++] = s->env_config;
    s->env[n++] = s->env_data;
    s->env[n++] = s->env_cache;
    s->env[n++] = "LC_ALL=C.UTF-8";
    s->env[n++] = "LANGUAGE=";
    s->env[n] = NULL;
    return s;
}

/* A path inside the scenario's directory (static buffer: use it at once). */
static inline const char *scenario_path(const struct scenario *s, const char *name)
{
    static char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", s->dir, name);
    return path;
}

/* Starts the program on the scenario's database in a rows x cols terminal and waits until
 * ready_text is on the screen (the main menu by default). */
static inline struct e2e *scenario_start(struct scenario *s, int rows, int cols,
                                         const char *ready_text)
{
    const char *const argv[] = {lianluo_exe(), "--config", s->ini, "--db", s->db, NULL};
    s->t = e2e_start(argv, s->env, rows, cols);
    assert_non_null(s->t);
    SCREEN_CHECK(s->t, e2e_wait_text(s->t, ready_text ? ready_text : "代表名册"));
    SCREEN_CHECK(s->t, e2e_wait_idle(s->t));
    return s->t;
}

/* Quits from anywhere by Esc-ing back to the main menu and pressing q; returns the exit
 * status. Used at the end of a scenario that leaves the program running. */
static inline int scenario_quit(struct scenario *s)
{
    struct e2e *t = s->t;
    for (int i = 0; i < 8 && e2e_find_row(t, "主菜单") != 0; i++) {
        if (!e2e_keys(t, E2E_ESC))
            break;
        if (e2e_find_row(t, "y 是") >= 0 && !e2e_keys(t, "y"))
            break;
    }
    e2e_send(t, "q");
    int rc = e2e_finish(t);
    s->t = NULL;
    return rc;
}

static int scenario_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Ends the program if it still runs (SIGKILL after the timeout) and removes the directory. */
static inline void scenario_free(struct scenario *s)
{
    if (s == NULL)
        return;
    if (s->t != NULL) {
        e2e_kill(s->t, SIGKILL);
        e2e_finish(s->t);
    }
    nftw(s->dir, scenario_rm, 16, FTW_DEPTH | FTW_PHYS);
    free(s);
}

static inline int scenario_teardown(void **state)
{
    scenario_free(*state);
    *state = NULL;
    return 0;
}

/* Runs `lianluo --config INI --db DB args...` (args NULL-terminated) with the scenario's
 * environment; its stdout and stderr go to *out and *err (caller frees; either may be NULL).
 * Returns the exit status, or -1. */
static inline int scenario_cli(struct scenario *s, char **out, char **err, ...)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = lianluo_exe();
    argv[n++] = "--config";
    argv[n++] = s->ini;
    argv[n++] = "--db";
    argv[n++] = s->db;
    va_list ap;
    va_start(ap, err);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 31)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;

    /* environment: ours plus the scenario's entries (which override) */
    size_t nenv = 0;
    while (environ[nenv] != NULL)
        nenv++;
    const char **envp = calloc(nenv + 12, sizeof *envp);
    assert_non_null(envp);
    size_t m = 0;
    for (size_t i = 0; i < nenv; i++) {
        bool overridden = strncmp(environ[i], "LIANLUO_TEST_IDLE=", 18) == 0;
        for (int j = 0; s->env[j] != NULL && !overridden; j++) {
            size_t klen = strcspn(s->env[j], "=") + 1;
            overridden = strncmp(environ[i], s->env[j], klen) == 0;
        }
        if (!overridden)
            envp[m++] = environ[i];
    }
    for (int j = 0; s->env[j] != NULL; j++)
        envp[m++] = s->env[j];
    envp[m] = NULL;

    char outp[PATH_MAX + 16], errp[PATH_MAX + 16];
    snprintf(outp, sizeof outp, "%s/cli.out", s->dir);
    snprintf(errp, sizeof errp, "%s/cli.err", s->dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, (char *const *)envp);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (out != NULL)
        *out = read_file(outp);
    if (err != NULL)
        *err = read_file(errp);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* Counts the lines of text (a last line without newline counts). */
static inline int count_lines(const char *text)
{
    int n = 0;
    const char *p = text;
    for (; *p != '\0'; p++)
        n += *p == '\n';
    if (p != text && p[-1] != '\n')
        n++;
    return n;
}

#endif
