/* Unit tests for src/core/config.c: lianluo.ini through iniparser 4.1, every broken file
 * reported with its line, nothing printed, and config_save read back the same. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "lianluo/config.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

/* Writes content (len bytes) to tmpdir/name; returns the path (static storage, one at a time). */
static const char *write_raw(const char *name, const char *content, size_t len)
{
    static char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *write_file(const char *name, const char *content)
{
    return write_raw(name, content, strlen(content));
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;

    assert_non_null(f);
    *len = 0;
    for (;;) {
        buf = realloc(buf, cap + 4097);
        assert_non_null(buf);
        size_t n = fread(buf + *len, 1, 4096, f);
        *len += n;
        cap += 4096;
        if (n < 4096)
            break;
    }
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    const char *base = getenv("TMPDIR");
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/test_config-XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void assert_defaults(const struct ll_config *c)
{
    struct ll_config d;

    config_defaults(&d);
    assert_string_equal(c->db_path, d.db_path);
    assert_string_equal(c->site_name, d.site_name);
    assert_int_equal(c->role, d.role);
    assert_string_equal(c->township, d.township);
    assert_string_equal(c->operator_name, d.operator_name);
    assert_string_equal(c->language, d.language);
    assert_int_equal(c->use_color, d.use_color);
    assert_memory_equal(c->colors, d.colors, sizeof d.colors);
}

/* Loads text and expects it refused at line with exactly "配置文件 <path> 第 <line> 行：why". */
static void assert_broken(const char *text, int line, const char *why)
{
    struct ll_config c;
    struct ll_error err;
    char want[1024];
    const char *path = write_file("broken.ini", text);

    assert_int_equal(config_load(&c, path, &err), LL_EINVAL);
    assert_int_equal(err.status, LL_EINVAL);
    assert_int_equal(err.line, line);
    snprintf(want, sizeof want, "配置文件 %s 第 %d 行：%s", path, line, why);
    if (why)
        assert_string_equal(err.msg, want);
    assert_defaults(&c);
    assert_true(c.file_found);
    assert_string_equal(c.path, "");
}

static void test_defaults(void **state)
{
    struct ll_config c;
    (void)state;

    memset(&c, 0x55, sizeof c);
    config_defaults(&c);
    assert_string_equal(c.db_path, "");
    assert_string_equal(c.site_name, "");
    assert_int_equal(c.role, SITE_TOWNSHIP);
    assert_string_equal(c.language, "zh");
    assert_true(c.use_color);
    assert_int_equal(c.colors[COLOR_NORMAL].fg, -1);
    assert_int_equal(c.colors[COLOR_NORMAL].bg, -1);
    assert_int_equal(c.colors[COLOR_TITLE].fg, 7);
    assert_int_equal(c.colors[COLOR_TITLE].bg, 4);
    assert_false(c.file_found);
    assert_string_equal(c.path, "");
    assert_string_equal(site_role_name(SITE_COUNTY), "county");
    assert_string_equal(site_role_name(SITE_STATION), "station");
    enum site_role r = SITE_COUNTY;
    assert_true(site_role_parse("station", &r));
    assert_int_equal(r, SITE_STATION);
    assert_false(site_role_parse("village", &r));
    assert_int_equal(r, SITE_STATION);
}

static void test_default_paths(void **state)
{
    char out[PATH_MAX];
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    (void)state;

    setenv("XDG_CONFIG_HOME", "/x/conf", 1);
    setenv("XDG_DATA_HOME", "/x/data", 1);
    config_default_path(out, sizeof out);
    assert_string_equal(out, "/x/conf/lianluo/lianluo.ini");
    config_default_db_path(out, sizeof out);
    assert_string_equal(out, "/x/data/lianluo/lianluo.db");

    setenv("HOME", "/home/张三", 1);
    setenv("XDG_CONFIG_HOME", "relative/ignored", 1); /* XDG: relative paths are ignored */
    unsetenv("XDG_DATA_HOME");
    config_default_path(out, sizeof out);
    assert_string_equal(out, "/home/张三/.config/lianluo/lianluo.ini");
    config_default_db_path(out, sizeof out);
    assert_string_equal(out, "/home/张三/.local/share/lianluo/lianluo.db");

    unsetenv("HOME");
    unsetenv("XDG_CONFIG_HOME");
    config_default_path(out, sizeof out);
    assert_string_equal(out, "./lianluo.ini");
    config_default_db_path(out, sizeof out);
    assert_string_equal(out, "./lianluo.db");
    config_default_path(out, 4); /* cut short, still terminated */
    assert_string_equal(out, "./l");

    if (home) {
        setenv("HOME", home, 1);
        free(home);
    }
}

static const char full_file[] = "; 桃江县 张家村 联络站\n"
                                "[database]\n"
                                "path = /srv/人大/lianluo.db\n"
                                "\n"
                                "[Site]\n"
                                "Name = 张家村代表联络站\n"
                                "role = station\n"
                                "township = 桃花江镇\n"
                                "operator = 李明\n"
                                "# 界面\n"
                                "[ui]\n"
                                "language = en\n"
                                "color = false\n"
                                "[colors]\n"
                                "normal = white, black\n"
                                "title = YELLOW,blue\n"
                                "selected = 0,6\n"
                                "keybar = -1,7\n"
                                "error = default,red\n"
                                "field = black,default\n";

static void test_full_file(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path = write_file("full.ini", full_file);
    (void)state;

    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_int_equal(err.status, LL_OK);
    assert_int_equal(err.line, 0);
    assert_true(c.file_found);
    assert_string_equal(c.path, path);
    assert_string_equal(c.db_path, "/srv/人大/lianluo.db");
    assert_string_equal(c.site_name, "张家村代表联络站");
    assert_int_equal(c.role, SITE_STATION);
    assert_string_equal(c.township, "桃花江镇");
    assert_string_equal(c.operator_name, "李明");
    assert_string_equal(c.language, "en");
    assert_false(c.use_color);
    assert_int_equal(c.colors[COLOR_NORMAL].fg, 7);
    assert_int_equal(c.colors[COLOR_NORMAL].bg, 0);
    assert_int_equal(c.colors[COLOR_TITLE].fg, 3);
    assert_int_equal(c.colors[COLOR_TITLE].bg, 4);
    assert_int_equal(c.colors[COLOR_SELECTED].fg, 0);
    assert_int_equal(c.colors[COLOR_SELECTED].bg, 6);
    assert_int_equal(c.colors[COLOR_KEYBAR].fg, -1);
    assert_int_equal(c.colors[COLOR_KEYBAR].bg, 7);
    assert_int_equal(c.colors[COLOR_ERROR].fg, -1);
    assert_int_equal(c.colors[COLOR_ERROR].bg, 1);
    assert_int_equal(c.colors[COLOR_FIELD].fg, 0);
    assert_int_equal(c.colors[COLOR_FIELD].bg, -1);
}

static void test_partial_and_crlf(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path =
        write_file("crlf.ini", "[site]\r\nrole = county\r\n\r\n[ui]\r\ncolor = 1\r\n");
    (void)state;

    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_int_equal(c.role, SITE_COUNTY);
    assert_true(c.use_color);
    assert_string_equal(c.language, "zh"); /* not in the file: default */

    path = write_file("empty.ini", "");
    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_true(c.file_found);
    assert_defaults(&c);
}

static void test_missing_file(void **state)
{
    struct ll_config c;
    struct ll_error err;
    char path[512];
    (void)state;

    snprintf(path, sizeof path, "%s/no/such/lianluo.ini", tmpdir);
    memset(&c, 0x55, sizeof c);
    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_false(c.file_found);
    assert_string_equal(c.path, "");
    assert_defaults(&c);
    assert_int_equal(err.status, LL_OK);
    assert_string_equal(err.msg, "");
}

static void test_bom(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path = write_file("bom.ini", "\xEF\xBB\xBF[site]\nname = 桃花江镇人大\n");
    (void)state;

    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_string_equal(c.site_name, "桃花江镇人大");
    /* BOM right before a section header on line 1, with nothing else */
    path = write_file("bom2.ini", "\xEF\xBB\xBF");
    assert_int_equal(config_load(&c, path, &err), LL_OK);
}

static void test_long_line(void **state)
{
    char text[3000];
    int n;
    (void)state;

    n = snprintf(text, sizeof text, "[site]\nname = x\n# ");
    memset(text + n, 'a', 1100);
    snprintf(text + n + 1100, sizeof text - (size_t)n - 1100, "\nrole = county\n");
    assert_broken(text, 3, "这一行太长（1102 字节，最多 1000 字节）");

    /* a long Chinese value (within the line limit, over the field) names its key */
    n = snprintf(text, sizeof text, "[site]\n\nname = ");
    for (int i = 0; i < 50; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "桃");
    snprintf(text + n, sizeof text - (size_t)n, "\n");
    assert_broken(text, 3, "name 的值太长（150 字节，最多 127 字节）");
}

static void test_bad_values(void **state)
{
    (void)state;
    assert_broken("[site]\nname = 张家村\nrole = xyz\n", 3,
                  "role 的值 \"xyz\" 无效，应为 county、township 或 station");
    assert_broken("[ui]\nlanguage = fr\n", 2, "language 的值 \"fr\" 无效，应为 zh 或 en");
    assert_broken("[ui]\ncolor = maybe\n", 2, "color 的值 \"maybe\" 无效，应为 yes 或 no");
    assert_broken("[colors]\ntitle = white\n", 2,
                  "title 的值 \"white\" 无效，应写成 前景色,背景色（如 white,blue），颜色可用 "
                  "black、red、green、yellow、blue、magenta、cyan、white、default 或 0-7、-1");
    assert_broken("[colors]\ntitle = white,8\n", 2, NULL);
    assert_broken("[colors]\ntitle = white,blue,red\n", 2, NULL);
    assert_broken("[colors]\ntitle = 07,1\n", 2, NULL);
    /* the earliest bad line is the one reported, whichever check finds it */
    assert_broken("[site]\n\nrole = xyz\n\n\n\nthis is garbage\n", 3, NULL);
    assert_broken("[site]\nrole = township\n\nrole = county\n", 4,
                  "role 重复设置（第 2 行已经设置过）");
}

static void test_unknown_key_and_section(void **state)
{
    (void)state;
    assert_broken("[site]\nname = 张家村\n\nrloe = county\n", 4,
                  "[site] 里没有 rloe 这一项，可用的有 name、role、township、station 或 operator");
    assert_broken("[database]\npath =\n[keys]\nquit = q\n", 3,
                  "没有 [keys] 这一节，可用的有 [database]、[site]、[ui]、[ledger]、[backup] 或 [colors]");
    assert_broken("name = 张家村\n[site]\n", 1, "name 前面缺少 [节] 的名字（如 [site]）");
    assert_broken("[site]\n = 张家村\n", 2, "等号前面缺少设置项的名字");
    assert_broken("[site\nname = x\n", 1, "节的名字要写成 [名字] 的样子");
}

static void test_garbage(void **state)
{
    (void)state;
    assert_broken("[site]\nname = 张家村\n\n\n\n\n这一行什么也不是\n", 7, "无法识别的内容");
    assert_broken("[site]\nname = \xD5\xC5\xBC\xD2\xB4\xE5\n", 2,
                  "不是 UTF-8 编码的文字（请把文件另存为 UTF-8 编码）"); /* GBK 张家村 */
    assert_broken("[site]\nname = a\x1b[2Jb\n", 2, "含有控制字符");
    assert_broken("[site]\nname = a\xC2\x9B"
                  "2Jb\n",
                  2, "含有控制字符"); /* C1 CSI */
    static const char nul[] = "[site]\nname = a\0b\n";
    struct ll_config c;
    struct ll_error err;
    const char *path = write_raw("nul.ini", nul, sizeof nul - 1);
    assert_int_equal(config_load(&c, path, &err), LL_EINVAL);
    assert_int_equal(err.line, 2);
}

/* iniparser 4.1's getint on a section name dereferences NULL (CVE-2023-33461): section names
 * where numbers or values are expected must give an error, not a crash. */
static void test_section_name_as_value(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path;
    (void)state;

    assert_broken("[colors]\nnormal = [site],[site]\n", 2, NULL);
    assert_broken("[ui]\ncolor = [site]\n", 2, NULL);
    assert_broken("[colors]\nsite = 1\n", 2, NULL);
    assert_broken("[colors:normal]\n", 1, NULL);
    path = write_file("sections.ini", "[site]\n[colors]\n[ui]\n[site]\nrole = station\n");
    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_int_equal(c.role, SITE_STATION);
}

static void test_quotes(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path = write_file("quoted.ini", "[site]\n"
                                                "name = \"  桃花江镇人大 ; 第1#站  \"  ; 注释\n"
                                                "township = 'say \"hi\"'\n"
                                                "operator = \"a \\\"b\\\" c\\\\\" # 注释\n"
                                                "[database]\n"
                                                "path = /data/第1#站.db   # 行尾注释\n");
    (void)state;

    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_string_equal(c.site_name, "  桃花江镇人大 ; 第1#站  ");
    assert_string_equal(c.township, "say \"hi\"");
    assert_string_equal(c.operator_name, "a \"b\" c\\");
    assert_string_equal(c.db_path, "/data/第1#站.db");

    path = write_file("quoted2.ini", "[site]\nname = \"\"\nrole = 'county'\noperator = ''\n");
    assert_int_equal(config_load(&c, path, &err), LL_OK);
    assert_string_equal(c.site_name, "");
    assert_int_equal(c.role, SITE_COUNTY);

    assert_broken("[site]\nname = \"张家村\n", 2, "缺少结尾的引号");
    /* the iniparser 4.1 way of cutting at \" is never silent: a stray quote is an error */
    assert_broken("[site]\nname = \"a \"b\" c\"\n", 2,
                  "引号后面还有多余的内容（值里的双引号要写成 \\\"）");
    assert_broken("[site]\nname = 'it''s'\n", 2, NULL);
    assert_broken("[site]\nname = \"it's \\\"x\\\"\"\n", 2, "name 的值里不能同时有单引号和双引号");
}

static void assert_same_config(const struct ll_config *a, const struct ll_config *b)
{
    assert_string_equal(a->db_path, b->db_path);
    assert_string_equal(a->site_name, b->site_name);
    assert_int_equal(a->role, b->role);
    assert_string_equal(a->township, b->township);
    assert_string_equal(a->operator_name, b->operator_name);
    assert_string_equal(a->language, b->language);
    assert_int_equal(a->use_color, b->use_color);
    assert_memory_equal(a->colors, b->colors, sizeof a->colors);
}

static void test_save_round_trip(void **state)
{
    struct ll_config c, back;
    struct ll_error err;
    char path[512], tmp[520];
    struct stat st;
    (void)state;

    config_defaults(&c);
    snprintf(c.db_path, sizeof c.db_path, "/srv/人大 数据/第1#站.db");
    snprintf(c.site_name, sizeof c.site_name, "  桃花江镇人大；\"中心\"联络站 ");
    snprintf(c.township, sizeof c.township, "'桃花江镇'");
    snprintf(c.operator_name, sizeof c.operator_name, "C:\\李明\\");
    snprintf(c.language, sizeof c.language, "en");
    c.role = SITE_COUNTY;
    c.use_color = false;
    c.colors[COLOR_ERROR] = (struct color_pair){3, -1};
    snprintf(path, sizeof path, "%s/new/deeper/lianluo.ini", tmpdir);

    assert_int_equal(config_save(&c, path, &err), LL_OK);
    assert_int_equal(stat(path, &st), 0);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0);
    assert_int_equal(config_load(&back, path, &err), LL_OK);
    assert_same_config(&c, &back);

    /* saving over an existing file replaces it */
    c.role = SITE_STATION;
    assert_int_equal(config_save(&c, path, &err), LL_OK);
    assert_int_equal(config_load(&back, path, &err), LL_OK);
    assert_int_equal(back.role, SITE_STATION);

    /* a value that cannot be written is refused, and the old file stays */
    snprintf(c.site_name, sizeof c.site_name, "两行\n[ui]");
    assert_int_equal(config_save(&c, path, &err), LL_EINVAL);
    assert_non_null(strstr(err.msg, "name"));
    assert_int_equal(config_load(&back, path, &err), LL_OK);
    assert_int_equal(back.role, SITE_STATION);
}

static void test_unreadable(void **state)
{
    struct ll_config c;
    struct ll_error err;
    const char *path;
    (void)state;

    path = write_file("secret.ini", "[site]\nrole = county\n");
    assert_int_equal(chmod(path, 0), 0);
    if (geteuid() == 0) {
        /* Root reads any file: check as the unprivileged user "nobody" in a child. */
        assert_int_equal(chmod(tmpdir, 0711), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(3);
            enum ll_status st = config_load(&c, path, &err);
            _exit(st == LL_EIO && strstr(err.msg, path) && c.file_found ? 0 : 1);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        return;
    }
    assert_int_equal(config_load(&c, path, &err), LL_EIO);
    assert_int_equal(err.status, LL_EIO);
    assert_non_null(strstr(err.msg, path));
    assert_defaults(&c);
    assert_true(c.file_found);
}

static void test_directory(void **state)
{
    struct ll_config c;
    struct ll_error err;
    (void)state;

    assert_int_equal(config_load(&c, tmpdir, &err), LL_EIO);
    assert_non_null(strstr(err.msg, tmpdir));
    assert_defaults(&c);
}

/* Nothing may reach stderr, which is the curses screen. */
static void test_silent(void **state)
{
    struct ll_config c;
    struct ll_error err;
    char log[512];
    const char *bad[] = {"[site]\nrole = x\n", "garbage\n", "[site\n", "\xEF\xBB\xBF[ui]\n"};
    int saved = dup(2), fd;
    struct stat st;
    (void)state;

    snprintf(log, sizeof log, "%s/stderr.log", tmpdir);
    fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    dup2(fd, 2);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        config_load(&c, write_file("silent.ini", bad[i]), &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    assert_int_equal(stat(log, &st), 0);
    assert_int_equal(st.st_size, 0);
}

/* data/lianluo.ini, as installed, loads cleanly and is exactly what config_save writes. */
static void test_shipped_file(void **state)
{
    const char *root = getenv("MESON_SOURCE_ROOT");
    char shipped[PATH_MAX], saved[512];
    struct ll_config c, d;
    struct ll_error err;
    size_t len_a, len_b;
    (void)state;

    if (!root || !*root) {
        print_message("MESON_SOURCE_ROOT unset: not checking data/lianluo.ini\n");
        skip();
    }
    snprintf(shipped, sizeof shipped, "%s/data/lianluo.ini", root);
    assert_int_equal(config_load(&c, shipped, &err), LL_OK);
    assert_true(c.file_found);
    assert_defaults(&c);

    config_defaults(&d);
    snprintf(saved, sizeof saved, "%s/defaults.ini", tmpdir);
    assert_int_equal(config_save(&d, saved, &err), LL_OK);
    char *a = read_all(shipped, &len_a), *b = read_all(saved, &len_b);
    assert_int_equal(len_a, len_b);
    assert_memory_equal(a, b, len_a);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_default_paths),
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_partial_and_crlf),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_unknown_key_and_section),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_section_name_as_value),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_shipped_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
