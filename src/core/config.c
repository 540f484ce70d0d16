/* lianluo.ini: read through iniparser 4.1 without meeting any of its traps.
 *
 * iniparser 4.1 fails a whole file on a BOM or a line of 1,023 bytes, cuts values at \",
 * joins lines ending in a backslash, prints to stderr and never says which line was wrong.
 * So loading goes in two steps: our own pass reads the file (size capped), checks every line,
 * remembers where each key was set and writes a clean copy — one "[section]" or
 * "key = 'value'" per line, in a form 4.1 parses exactly — which iniparser then loads; the
 * values are looked up from iniparser's dictionary and checked against the key table below,
 * the one table that drives loading, saving and the comments of the saved file. */
#include "lianluo/config.h"

#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/text.h"

#ifdef LL_INIPARSER_SUBDIR
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_MAX_FILE (1024 * 1024)
/* iniparser 4.1 gives up on a line of 1,023 bytes or more. The clean copy adds at most four
 * bytes to a line (key=v becomes key = 'v'), so this leaves room to spare. */
#define CONFIG_MAX_LINE 1000
#define WHY_SIZE        384

/* ---- the shape of a key ---------------------------------------------------------------- */

struct conf_key;
/* Stores value into cfg, or writes why it is wrong into why and returns false. */
typedef bool (*conf_parse_fn)(const struct conf_key *k, const char *value, struct ll_config *cfg,
                              char *why, size_t whysz);
/* Writes the value of k in cfg, unquoted, into out. */
typedef void (*conf_format_fn)(const struct conf_key *k, const struct ll_config *cfg, char *out,
                               size_t outsz);

struct conf_key {
    const char *section;
    const char *name;
    conf_parse_fn parse;
    conf_format_fn format;
    size_t offset, size; /* text keys: the member of struct ll_config and its size */
    int slot;            /* colour keys: enum color_slot */
    const char *comment; /* written above the key by config_save, one "# " per line */
};

static const char *const role_names[] = {
    [SITE_COUNTY] = "county", [SITE_TOWNSHIP] = "township", [SITE_STATION] = "station"};

/* Index = curses colour number (COLOR_BLACK ... COLOR_WHITE); "default" is -1. */
static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

static const struct color_pair default_colors[COLOR_SLOT_COUNT] = {
    [COLOR_NORMAL] = {-1, -1}, [COLOR_TITLE] = {7, 4}, [COLOR_SELECTED] = {0, 6},
    [COLOR_KEYBAR] = {0, 7},   [COLOR_ERROR] = {7, 1}, [COLOR_FIELD] = {0, 7},
};

/* ---- small helpers ---------------------------------------------------------------------- */

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Drops an incomplete UTF-8 sequence that snprintf truncation left at the end of s. */
static void utf8_cut_tail(char *s)
{
    size_t n = strlen(s), start = n;

    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start > 0 && !text_valid_utf8(s + start - 1, n - start + 1))
        s[start - 1] = '\0';
}

/* Copies at most 40 bytes of s for a message, on a character boundary. */
static const char *clip(const char *s, char *out, size_t outsz)
{
    size_t limit = outsz - 4 < 40 ? outsz - 4 : 40;

    if (strlen(s) <= limit)
        return s;
    snprintf(out, outsz, "%.*s", (int)limit, s);
    utf8_cut_tail(out);
    strcat(out, "...");
    return out;
}

/* ---- value parsers and formatters ------------------------------------------------------- */

static bool parse_text(const struct conf_key *k, const char *value, struct ll_config *cfg,
                       char *why, size_t whysz)
{
    size_t len = strlen(value);

    if (len >= k->size) {
        snprintf(why, whysz, _("%s 的值太长（%zu 字节，最多 %zu 字节）"), k->name, len,
                 k->size - 1);
        return false;
    }
    memcpy((char *)cfg + k->offset, value, len + 1);
    return true;
}

static void format_text(const struct conf_key *k, const struct ll_config *cfg, char *out,
                        size_t outsz)
{
    snprintf(out, outsz, "%s", (const char *)cfg + k->offset);
}

static bool parse_role(const struct conf_key *k, const char *value, struct ll_config *cfg,
                       char *why, size_t whysz)
{
    char tmp[48];

    if (site_role_parse(value, &cfg->role))
        return true;
    snprintf(why, whysz, _("%s 的值 \"%s\" 无效，应为 county、township 或 station"), k->name,
             clip(value, tmp, sizeof tmp));
    return false;
}

static void format_role(const struct conf_key *k, const struct ll_config *cfg, char *out,
                        size_t outsz)
{
    (void)k;
    snprintf(out, outsz, "%s", site_role_name(cfg->role));
}

static bool parse_language(const struct conf_key *k, const char *value, struct ll_config *cfg,
                           char *why, size_t whysz)
{
    char tmp[48];

    if (strcasecmp(value, "zh") == 0 || strcasecmp(value, "en") == 0) {
        snprintf(cfg->language, sizeof cfg->language, "%s", value);
        ascii_lower(cfg->language);
        return true;
    }
    snprintf(why, whysz, _("%s 的值 \"%s\" 无效，应为 zh 或 en"), k->name,
             clip(value, tmp, sizeof tmp));
    return false;
}

static bool parse_bool(const struct conf_key *k, const char *value, struct ll_config *cfg,
                       char *why, size_t whysz)
{
    static const char *const yes[] = {"yes", "true", "1"}, *const no[] = {"no", "false", "0"};
    char tmp[48];

    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
            cfg->use_color = strcasecmp(value, yes[i]) == 0;
            return true;
        }
    }
    snprintf(why, whysz, _("%s 的值 \"%s\" 无效，应为 yes 或 no"), k->name,
             clip(value, tmp, sizeof tmp));
    return false;
}

static void format_bool(const struct conf_key *k, const struct ll_config *cfg, char *out,
                        size_t outsz)
{
    (void)k;
    snprintf(out, outsz, "%s", cfg->use_color ? "yes" : "no");
}

/* A number of days, 1-365 (parsed here: never iniparser_getint). */
static bool parse_days(const struct conf_key *k, const char *value, struct ll_config *cfg,
                       char *why, size_t whysz)
{
    char tmp[48];
    size_t len = strlen(value);

    if (len > 0 && len <= 3 && strspn(value, "0123456789") == len) {
        int days = atoi(value);
        if (days >= 1 && days <= 365) {
            cfg->overdue_days = days;
            return true;
        }
    }
    snprintf(why, whysz, _("%s 的值 \"%s\" 无效，应为 1 到 365 之间的天数"), k->name,
             clip(value, tmp, sizeof tmp));
    return false;
}

/* How many daily backups to keep, 0-365 (0: none made). */
static bool parse_keep(const struct conf_key *k, const char *value, struct ll_config *cfg,
                       char *why, size_t whysz)
{
    char tmp[48];
    size_t len = strlen(value);
    if (len > 0 && len <= 3 && strspn(value, "0123456789") == len && atoi(value) <= 365) {
        cfg->backup_keep = atoi(value);
        return true;
    }
    snprintf(why, whysz, _("%s 的值 \"%s\" 无效，应为 0 到 365 之间的份数"), k->name,
             clip(value, tmp, sizeof tmp));
    return false;
}

static void format_keep(const struct conf_key *k, const struct ll_config *cfg, char *out,
                        size_t outsz)
{
    (void)k;
    snprintf(out, outsz, "%d", cfg->backup_keep);
}

static void format_days(const struct conf_key *k, const struct ll_config *cfg, char *out,
                        size_t outsz)
{
    (void)k;
    snprintf(out, outsz, "%d", cfg->overdue_days);
}

/* One colour: a name, "default", or a number -1..7 (parsed here: never iniparser_getint). */
static bool color_from_text(char *s, short *out)
{
    text_trim(s);
    if (strcasecmp(s, "default") == 0 || strcmp(s, "-1") == 0) {
        *out = -1;
        return true;
    }
    for (short i = 0; i < 8; i++) {
        if (strcasecmp(s, color_names[i]) == 0 || (s[0] == '0' + i && s[1] == '\0')) {
            *out = i;
            return true;
        }
    }
    return false;
}

static bool parse_color(const struct conf_key *k, const char *value, struct ll_config *cfg,
                        char *why, size_t whysz)
{
    char buf[64], tmp[48];
    char *comma;
    struct color_pair pair;

    snprintf(buf, sizeof buf, "%s", value);
    comma = strchr(buf, ',');
    if (strlen(value) < sizeof buf && comma) {
        *comma = '\0';
        if (color_from_text(buf, &pair.fg) && color_from_text(comma + 1, &pair.bg)) {
            cfg->colors[k->slot] = pair;
            return true;
        }
    }
    snprintf(why, whysz,
             _("%s 的值 \"%s\" 无效，应写成 前景色,背景色（如 white,blue），颜色可用 black、"
               "red、green、yellow、blue、magenta、cyan、white、default 或 0-7、-1"),
             k->name, clip(value, tmp, sizeof tmp));
    return false;
}

static const char *color_name(short c)
{
    return c >= 0 && c < 8 ? color_names[c] : "default";
}

static void format_color(const struct conf_key *k, const struct ll_config *cfg, char *out,
                         size_t outsz)
{
    const struct color_pair *p = &cfg->colors[k->slot];

    snprintf(out, outsz, "%s,%s", color_name(p->fg), color_name(p->bg));
}

/* ---- the key table: drives loading, saving and the comments of the saved file ------- */

#define MEMBER_SIZE(m) sizeof(((struct ll_config *)0)->m)
/* clang-format off */
#define TEXT_KEY(sec, key, member, parser, text)                                                   \
    {.section = sec, .name = key, .parse = parser, .format = format_text,                          \
     .offset = offsetof(struct ll_config, member), .size = MEMBER_SIZE(member), .comment = text}
#define COLOR_KEY(key, color_slot, text)                                                           \
    {.section = "colors", .name = key, .parse = parse_color, .format = format_color,               \
     .slot = color_slot, .comment = text}
/* clang-format on */

static const struct conf_key keys[] = {
    TEXT_KEY("database", "path", db_path, parse_text,
             N_("数据库文件的位置。留空则用默认位置\n"
                "~/.local/share/lianluo/lianluo.db（或 $XDG_DATA_HOME/lianluo/lianluo.db）。\n"
                "数据库要放在本机硬盘上，不要放在U盘里。")),
    TEXT_KEY("site", "name", site_name, parse_text,
             N_("本单位（本机）的名称，如 桃花江镇人大、张家村代表联络站。")),
    {.section = "site",
     .name = "role",
     .parse = parse_role,
     .format = format_role,
     .comment = N_("本机的级别：county（县人大常委会）、township（乡镇人大）\n"
                   "或 station（村、社区代表联络站）。")},
    TEXT_KEY("site", "township", township, parse_text,
             N_("本机所属的乡镇，如 桃花江镇。县级填空。")),
    TEXT_KEY("site", "station", station, parse_text,
             N_("本机所在的联络站名称（本机级别为 station 时填写），\n"
                "新建台账时默认选它。")),
    TEXT_KEY("site", "operator", operator_name, parse_text, N_("操作员姓名，记入操作日志。")),
    TEXT_KEY("ui", "language", language, parse_language, N_("界面语言：zh（中文）或 en（英文）。")),
    {.section = "ui",
     .name = "color",
     .parse = parse_bool,
     .format = format_bool,
     .comment = N_("是否使用彩色：yes 或 no。")},
    {.section = "ledger",
     .name = "overdue_days",
     .parse = parse_days,
     .format = format_days,
     .comment = N_("群众反映的问题多少天没有进展算超期（1-365，默认 30）。")},
    {.section = "backup",
     .name = "keep",
     .parse = parse_keep,
     .format = format_keep,
     .comment = N_("打开程序时每天自动备份一次数据库，放在数据库旁的 backups 文件夹；\n"
                   "保留最近几份（0-365，默认 7；0 表示不自动备份）。")},
    COLOR_KEY("normal", COLOR_NORMAL, N_("普通文字")),
    COLOR_KEY("title", COLOR_TITLE, N_("标题栏")),
    COLOR_KEY("selected", COLOR_SELECTED, N_("选中的行")),
    COLOR_KEY("keybar", COLOR_KEYBAR, N_("底部按键提示栏")),
    COLOR_KEY("error", COLOR_ERROR, N_("错误提示")),
    COLOR_KEY("field", COLOR_FIELD, N_("正在填写的输入框")),
};
#define KEY_COUNT (sizeof keys / sizeof keys[0])

static const struct conf_section {
    const char *name;
    const char *comment;
} sections[] = {
    {.name = "database", .comment = N_("数据库")},
    {.name = "site", .comment = N_("本机是谁")},
    {.name = "ui", .comment = N_("界面")},
    {.name = "ledger", .comment = N_("台账和群众反映的问题")},
    {.name = "backup", .comment = N_("备份")},
    {.name = "colors",
     .comment = N_("颜色，每项写成 前景色,背景色（如 white,blue）。\n"
                   "颜色可用 black red green yellow blue magenta cyan white，\n"
                   "default 表示终端本来的颜色；也可写数字 0-7，-1 同 default。")},
};
#define SECTION_COUNT (sizeof sections / sizeof sections[0])

static const struct conf_key *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

static const struct conf_section *find_section(const char *name)
{
    for (size_t i = 0; i < SECTION_COUNT; i++)
        if (strcmp(sections[i].name, name) == 0)
            return &sections[i];
    return NULL;
}

/* Appends name, the index-th of count, to a list for messages: "a、b 或 c". */
static void list_append(char *out, size_t outsz, size_t index, size_t count, const char *name)
{
    size_t used = strlen(out);
    const char *sep = index == 0 ? "" : index + 1 == count ? _(" 或 ") : _("、");

    snprintf(out + used, outsz - used, "%s%s", sep, name);
}

/* "name、role、township 或 operator": the keys of one section. */
static void list_keys(const char *section, char *out, size_t outsz)
{
    size_t count = 0, done = 0;

    for (size_t i = 0; i < KEY_COUNT; i++)
        count += strcmp(keys[i].section, section) == 0;
    out[0] = '\0';
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].section, section) == 0)
            list_append(out, outsz, done++, count, keys[i].name);
}

/* "[database]、[site]、[ui] 或 [colors]" */
static void list_sections(char *out, size_t outsz)
{
    char name[32];

    out[0] = '\0';
    for (size_t i = 0; i < SECTION_COUNT; i++) {
        snprintf(name, sizeof name, "[%s]", sections[i].name);
        list_append(out, outsz, i, SECTION_COUNT, name);
    }
}

/* ---- public helpers --------------------------------------------------------------------- */

const char *site_role_name(enum site_role role)
{
    if ((unsigned)role < sizeof role_names / sizeof role_names[0])
        return role_names[role];
    return "";
}

bool site_role_parse(const char *s, enum site_role *out)
{
    for (size_t i = 0; s && i < sizeof role_names / sizeof role_names[0]; i++) {
        if (strcasecmp(s, role_names[i]) == 0) {
            *out = (enum site_role)i;
            return true;
        }
    }
    return false;
}

void config_defaults(struct ll_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->role = SITE_TOWNSHIP;
    snprintf(cfg->language, sizeof cfg->language, "zh");
    cfg->use_color = true;
    cfg->overdue_days = 30;
    cfg->backup_keep = 7;
    memcpy(cfg->colors, default_colors, sizeof cfg->colors);
}

/* $XDG_x_HOME/lianluo/file, else $HOME/fallback/lianluo/file, else ./file. XDG says to ignore
 * a relative XDG_x_HOME. */
static void xdg_path(char *out, size_t outsz, const char *xdg_var, const char *fallback,
                     const char *file)
{
    const char *xdg = getenv(xdg_var), *home = getenv("HOME");

    if (xdg && xdg[0] == '/')
        snprintf(out, outsz, "%s/lianluo/%s", xdg, file);
    else if (home && home[0])
        snprintf(out, outsz, "%s/%s/lianluo/%s", home, fallback, file);
    else
        snprintf(out, outsz, "./%s", file);
}

void config_default_path(char *out, size_t outsz)
{
    xdg_path(out, outsz, "XDG_CONFIG_HOME", ".config", "lianluo.ini");
}

void config_default_db_path(char *out, size_t outsz)
{
    xdg_path(out, outsz, "XDG_DATA_HOME", ".local/share", "lianluo.db");
}

/* ---- loading: the first pass over the lines --------------------------------------------- */

struct scan {
    int err_line;                /* earliest line found wrong, 0 = none */
    char why[WHY_SIZE];          /* what is wrong with it */
    int key_line[KEY_COUNT];     /* where each key was set, 0 = not set */
    const char *section;         /* current section (from the table), NULL before any */
    bool section_unknown;        /* inside an unknown section: its keys are not reported */
    const char *written_section; /* last section written to the clean copy */
    FILE *clean;                 /* the clean copy handed to iniparser */
};

/* Remembers the earliest error of the file, whichever pass finds it. */
__attribute__((format(printf, 3, 4))) static void scan_error(struct scan *s, int line,
                                                             const char *fmt, ...)
{
    va_list ap;

    if (s->err_line != 0 && s->err_line <= line)
        return;
    s->err_line = line;
    va_start(ap, fmt);
    vsnprintf(s->why, sizeof s->why, fmt, ap);
    va_end(ap);
    utf8_cut_tail(s->why);
}

/* True when only white space or a ; or # comment is left in rest. */
static bool only_comment(const char *rest)
{
    while (is_blank(*rest))
        rest++;
    return *rest == '\0' || *rest == ';' || *rest == '#';
}

/* Value grammar: "text" (with \" and \\), 'text' (taken as is), or bare text that ends at a
 * ; or # after white space (so 第1#站 stays whole). Unquotes v in place; NULL when fine. */
static const char *unquote(char *v)
{
    char quote = v[0];
    size_t i = 1, j = 0;

    if (quote != '"' && quote != '\'') {
        for (i = 0; v[i]; i++)
            if ((v[i] == ';' || v[i] == '#') && (i == 0 || is_blank(v[i - 1])))
                break;
        v[i] = '\0';
        text_trim(v);
        return NULL;
    }
    for (; v[i] && v[i] != quote; i++) {
        if (quote == '"' && v[i] == '\\' && (v[i + 1] == '"' || v[i + 1] == '\\'))
            i++;
        v[j++] = v[i];
    }
    if (v[i] != quote)
        return _("缺少结尾的引号");
    if (!only_comment(v + i + 1))
        return _("引号后面还有多余的内容（值里的双引号要写成 \\\"）");
    v[j] = '\0';
    return NULL;
}

/* Writes one key to the clean copy in the one form iniparser 4.1 reads back unchanged. */
static void write_clean(struct scan *s, int line, const struct conf_key *k, const char *value)
{
    if (s->written_section != k->section) {
        fprintf(s->clean, "[%s]\n", k->section);
        s->written_section = k->section;
    }
    if (value[0] == '\0')
        fprintf(s->clean, "%s =\n", k->name);
    else if (!strchr(value, '"'))
        fprintf(s->clean, "%s = \"%s\"\n", k->name, value);
    else if (!strchr(value, '\''))
        fprintf(s->clean, "%s = '%s'\n", k->name, value);
    else
        scan_error(s, line, _("%s 的值里不能同时有单引号和双引号"), k->name);
}

static void scan_section(struct scan *s, int line, char *text)
{
    char *end = strchr(text, ']');
    char tmp[48], names[160];
    const struct conf_section *sec;

    if (!end || !only_comment(end + 1)) {
        scan_error(s, line, _("节的名字要写成 [名字] 的样子"));
        return;
    }
    *end = '\0';
    text_trim(++text);
    ascii_lower(text);
    sec = find_section(text);
    s->section = sec ? sec->name : NULL;
    s->section_unknown = !sec;
    if (!sec) {
        list_sections(names, sizeof names);
        scan_error(s, line, _("没有 [%s] 这一节，可用的有 %s"), clip(text, tmp, sizeof tmp), names);
    }
}

static void scan_key(struct scan *s, int line, char *text)
{
    char *eq = strchr(text, '='), tmp[48], names[160];
    const struct conf_key *k;
    const char *bad;
    size_t i;

    *eq = '\0';
    text_trim(text);
    ascii_lower(text);
    if (text[0] == '\0') {
        scan_error(s, line, _("等号前面缺少设置项的名字"));
        return;
    }
    if (!s->section) {
        if (!s->section_unknown)
            scan_error(s, line, _("%s 前面缺少 [节] 的名字（如 [site]）"),
                       clip(text, tmp, sizeof tmp));
        return;
    }
    k = find_key(s->section, text);
    if (!k) {
        list_keys(s->section, names, sizeof names);
        scan_error(s, line, _("[%s] 里没有 %s 这一项，可用的有 %s"), s->section,
                   clip(text, tmp, sizeof tmp), names);
        return;
    }
    i = (size_t)(k - keys);
    if (s->key_line[i]) {
        scan_error(s, line, _("%s 重复设置（第 %d 行已经设置过）"), k->name, s->key_line[i]);
        return;
    }
    char *value = text_trim(eq + 1);
    if ((bad = unquote(value)) != NULL) {
        scan_error(s, line, "%s", bad);
        return;
    }
    s->key_line[i] = line;
    write_clean(s, line, k, value);
}

/* Control characters (C0, DEL, and C1 as UTF-8 C2 80-9F) would reach the screen as escape
 * sequences: only tab is allowed. */
static bool has_control(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;

    for (size_t i = 0; i < len; i++) {
        if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7F)
            return true;
        if (p[i] == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return true;
    }
    return false;
}

/* One line, without its "\n"; may be changed in place. */
static void scan_line(struct scan *s, int line, char *text, size_t len)
{
    if (len > 0 && text[len - 1] == '\r')
        text[--len] = '\0';
    if (len > CONFIG_MAX_LINE) {
        scan_error(s, line, _("这一行太长（%zu 字节，最多 %d 字节）"), len, CONFIG_MAX_LINE);
        return;
    }
    if (!text_valid_utf8(text, len)) {
        scan_error(s, line, _("不是 UTF-8 编码的文字（请把文件另存为 UTF-8 编码）"));
        return;
    }
    if (has_control(text, len)) {
        scan_error(s, line, _("含有控制字符"));
        return;
    }
    text_trim(text);
    if (text[0] == '\0' || text[0] == ';' || text[0] == '#')
        return;
    if (text[0] == '[')
        scan_section(s, line, text);
    else if (strchr(text, '='))
        scan_key(s, line, text);
    else
        scan_error(s, line, _("无法识别的内容"));
}

/* Splits buf (len bytes, NUL-terminated after them) into lines and scans each. */
static void scan_text(struct scan *s, char *buf, size_t len)
{
    static const char bom[] = "\xEF\xBB\xBF";
    char *p = buf, *end = buf + len;
    int line = 1;

    if (len >= 3 && memcmp(buf, bom, 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        *stop = '\0';
        scan_line(s, line++, p, (size_t)(stop - p));
        p = stop + 1;
    }
}

/* ---- loading: iniparser ----------------------------------------------------------------- */

/* iniparser 4.1 prints its complaints to stderr, which is the curses screen: keep it quiet.
 * Our own pass already says what is wrong, with the line. */
static int ini_quiet(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* A scratch file holding text for iniparser_load, which only takes a path: an anonymous
 * memory file when the kernel has them (nothing is ever left behind), else a file in $TMPDIR
 * that the caller unlinks (*named). */
static int scratch_open(const char *text, size_t len, char *path, size_t pathsz, bool *named)
{
    int fd = memfd_create("lianluo-ini", MFD_CLOEXEC);

    *named = false;
    if (fd >= 0) {
        snprintf(path, pathsz, "/proc/self/fd/%d", fd);
        if (access(path, R_OK) != 0) { /* no /proc (a chroot) */
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, pathsz, "%s/lianluo-ini-XXXXXX", dir && dir[0] ? dir : "/tmp");
        fd = mkstemp(path);
        *named = fd >= 0;
    }
    if (fd >= 0 && !write_all(fd, text, len)) {
        close(fd);
        if (*named)
            unlink(path);
        fd = -1;
    }
    return fd;
}

static dictionary *ini_load_text(const char *text, size_t len)
{
    char path[PATH_MAX];
    bool named;
    dictionary *d;
    int fd = scratch_open(text, len, path, sizeof path, &named);

    if (fd < 0)
        return NULL;
    iniparser_set_error_callback(ini_quiet);
    d = iniparser_load(path);
    close(fd);
    if (named)
        unlink(path);
    return d;
}

/* Second pass: every key the first pass saw is taken from iniparser and checked. */
static void apply_values(struct scan *s, dictionary *d, struct ll_config *cfg)
{
    char entry[64], why[WHY_SIZE];

    for (size_t i = 0; i < KEY_COUNT; i++) {
        if (s->key_line[i] == 0)
            continue;
        snprintf(entry, sizeof entry, "%s:%s", keys[i].section, keys[i].name);
        const char *value = iniparser_getstring(d, entry, NULL);
        if (!value)
            scan_error(s, s->key_line[i], _("%s 的值读不出来"), keys[i].name);
        else if (!keys[i].parse(&keys[i], value, cfg, why, sizeof why))
            scan_error(s, s->key_line[i], "%s", why);
    }
}

/* ---- loading: the file ------------------------------------------------------------------ */

/* Reads at most CONFIG_MAX_FILE bytes of path into *buf (NUL-terminated). ENOENT gives
 * LL_ENOTFOUND without touching err. */
static enum ll_status read_file(const char *path, char **buf, size_t *len, struct ll_error *err)
{
    size_t cap = 4096, used = 0;
    char *data = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    struct stat sb;
    if (fd < 0) {
        if (errno == ENOENT)
            return LL_ENOTFOUND;
        if (errno == EACCES || errno == EPERM)
            return ll_error_set(
                err, LL_EIO, _("无法读取配置文件 %s：没有读取权限。请让管理员检查这个文件的权限"),
                path);
        return ll_error_set(err, LL_EIO, _("无法读取配置文件 %s：%s"), path, strerror(errno));
    }
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        return ll_error_set(err, LL_EIO,
                            _("%s 是一个文件夹，不是配置文件。请把它改名或移走，或用 --config "
                              "指定配置文件"),
                            path);
    }
    for (;;) {
        if (used == cap || !data) {
            cap = data ? cap * 2 : cap;
            char *bigger = realloc(data, cap + 1);
            if (!bigger) {
                free(data);
                close(fd);
                return ll_error_set(err, LL_ENOMEM, _("内存不足"));
            }
            data = bigger;
        }
        ssize_t n = read(fd, data + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            free(data);
            close(fd);
            return ll_error_set(err, LL_EIO, _("无法读取配置文件 %s：%s"), path, strerror(e));
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used > CONFIG_MAX_FILE) {
            free(data);
            close(fd);
            return ll_error_set(err, LL_EINVAL, _("配置文件 %s 太大（超过 1 MiB），不像是配置文件"),
                                path);
        }
    }
    close(fd);
    data[used] = '\0';
    *buf = data;
    *len = used;
    return LL_OK;
}

/* Runs both passes over text into cfg; returns false with s->err_line set on any error. */
static bool parse_config(struct scan *s, char *text, size_t len, struct ll_config *cfg)
{
    char *clean = NULL;
    size_t clean_len = 0;
    dictionary *d;

    s->clean = open_memstream(&clean, &clean_len);
    if (!s->clean)
        return false;
    scan_text(s, text, len);
    if (fclose(s->clean) != 0) {
        free(clean);
        return false;
    }
    d = ini_load_text(clean, clean_len);
    free(clean);
    if (!d)
        return false;
    apply_values(s, d, cfg);
    iniparser_freedict(d);
    return s->err_line == 0;
}

enum ll_status config_load(struct ll_config *cfg, const char *path, struct ll_error *err)
{
    struct ll_config tmp;
    struct scan s = {0};
    char *text = NULL;
    size_t len = 0;
    enum ll_status st;

    ll_error_clear(err);
    config_defaults(cfg);
    st = read_file(path, &text, &len, err);
    if (st == LL_ENOTFOUND)
        return LL_OK;
    cfg->file_found = true;
    if (st != LL_OK)
        return st;
    config_defaults(&tmp);
    bool ok = parse_config(&s, text, len, &tmp);
    free(text);
    if (!ok && s.err_line == 0)
        return ll_error_set(err, LL_EIO, _("无法读取配置文件 %s：%s"), path, _("内存不足"));
    if (!ok) {
        ll_error_set(err, LL_EINVAL, _("配置文件 %s 第 %d 行：%s"), path, s.err_line, s.why);
        if (err) {
            utf8_cut_tail(err->msg);
            err->line = s.err_line;
        }
        return LL_EINVAL;
    }
    *cfg = tmp;
    cfg->file_found = true;
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    return LL_OK;
}

/* ---- saving ----------------------------------------------------------------------------- */

static void write_comment(FILE *f, const char *comment)
{
    const char *p = _(comment);

    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "# %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

static bool needs_quotes(const char *v)
{
    size_t n = strlen(v);

    return n > 0 && (is_blank(v[0]) || is_blank(v[n - 1]) || v[0] == '"' || v[0] == '\'' ||
                     strpbrk(v, ";#") || strstr(v, "\xE3\x80\x80"));
}

/* Writes "key = value" for k, quoting only when the value would not read back otherwise. */
static enum ll_status write_key(FILE *f, const struct conf_key *k, const struct ll_config *cfg,
                                struct ll_error *err)
{
    char value[PATH_MAX];
    size_t len;

    k->format(k, cfg, value, sizeof value);
    len = strlen(value);
    if (!text_valid_utf8(value, len) || has_control(value, len))
        return ll_error_set(err, LL_EINVAL, _("%s 的值含有换行、控制字符或乱码，无法保存"),
                            k->name);
    if (strchr(value, '"') && strchr(value, '\''))
        return ll_error_set(err, LL_EINVAL, _("%s 的值里不能同时有单引号和双引号"), k->name);
    if (len + strlen(k->name) + 8 > CONFIG_MAX_LINE)
        return ll_error_set(err, LL_EINVAL, _("%s 的值太长，无法保存"), k->name);
    if (!needs_quotes(value)) {
        fprintf(f, "%s =%s%s\n", k->name, value[0] ? " " : "", value);
        return LL_OK;
    }
    fprintf(f, "%s = \"", k->name);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputs("\"\n", f);
    return LL_OK;
}

/* The whole file: header, then each section with its comment and keys. */
static enum ll_status render(const struct ll_config *cfg, FILE *f, struct ll_error *err)
{
    write_comment(f, N_("lianluo 联络 的配置文件（UTF-8 编码）。\n"
                        "默认位置是 ~/.config/lianluo/lianluo.ini，启动时可用 --config 另指。\n"
                        "以 # 或 ; 开头的行是注释。值里有 # 或 ; 时请用双引号括起来。\n"
                        "改错了也不要紧：程序会指出是哪一行，并暂时使用默认设置。"));
    for (size_t s = 0; s < SECTION_COUNT; s++) {
        fputc('\n', f);
        write_comment(f, sections[s].comment);
        fprintf(f, "[%s]\n", sections[s].name);
        for (size_t i = 0; i < KEY_COUNT; i++) {
            if (strcmp(keys[i].section, sections[s].name) != 0)
                continue;
            write_comment(f, keys[i].comment);
            enum ll_status st = write_key(f, &keys[i], cfg, err);
            if (st != LL_OK)
                return st;
        }
    }
    return LL_OK;
}

/* mkdir -p of the folder holding path. */
static enum ll_status make_parent(const char *path, struct ll_error *err)
{
    char dir[PATH_MAX];
    char *slash;

    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return ll_error_set(err, LL_EIO, _("路径太长：%s"), path);
    slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return LL_OK;
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char keep = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return ll_error_set(err, LL_EIO, _("无法创建文件夹 %s：%s"), dir, strerror(errno));
        *p = keep;
        if (keep == '\0')
            return LL_OK;
    }
}

enum ll_status config_save(const struct ll_config *cfg, const char *path, struct ll_error *err)
{
    struct file_replace f;
    ll_error_clear(err);
    enum ll_status st = make_parent(path, err);
    if (st == LL_OK)
        st = file_replace_open(&f, path, err);
    if (st == LL_OK)
        st = file_replace_close(&f, path, render(cfg, f.f, err), err);
    return st;
}
