/* The command line: import, export, print, demo and check, on the same model as the screens. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/io.h"
#include "lianluo/contact.h"
#include "lianluo/ledger.h"
#include "lianluo/deputy.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "ll_config.h"

void cli_print_help(FILE *out)
{
    fprintf(out,
            _("用法：lianluo [--config 文件] [--db 文件] [命令]\n"
              "\n"
              "不带命令时打开操作界面（按 F1 查看帮助）。\n"
              "\n"
              "命令：\n"
              "  import stations 文件         导入联络站 CSV（UTF-8 或 GBK，中文表头）\n"
              "  import groups 文件           导入代表小组 CSV（名称、乡镇、联络站、备注）\n"
              "  import deputies 文件         导入代表名册 CSV（姓名、性别、民族、出生年月、\n"
              "                               代表层级、乡镇、联络站、联系电话等）\n"
              "  import volunteers 文件       导入志愿者 CSV（乡镇、联络站、姓名、电话）\n"
              "  export stations|groups|deputies|volunteers [-o 文件]\n"
              "                               导出 CSV（Excel/WPS 可直接打开）；导出的四个文件\n"
              "                               按上面的次序导入另一个数据库，记录完全相同\n"
              "  export ledger [时段] [-o 文件]\n"
              "                               导出时段内各联络站的台账 CSV（日期、类型、到场\n"
              "                               代表、接待人次、内容摘要等），按日期先后\n"
              "  export problems [时段] [-o 文件]\n"
              "                               导出时段内群众反映的问题 CSV（类别、内容、承办\n"
              "                               代表、交办单位、办理状态、答复等）；\n"
              "                               导出不含反映人姓名和电话\n"

              "  export counts [时段] [--by station|township] [-o 文件]\n"
              "                               导出时段内的台账和问题统计：每个联络站一行，\n"
              "                               另有乡镇小计和全县合计（--by township：每个\n"
              "                               乡镇一行）\n"
              "  print 联络站 [--township 乡镇] [时段] [-o 文件]\n"
              "                               写出联络站的工作台账（A4 版式的 HTML 页面，\n"
              "                               用浏览器打开后打印）；不带 -o 时写到标准输出\n"));
    /* a part of its own: the parts above and below keep their translations */
    fprintf(out, _("  export contacts [时段] [-o 文件]\n"
                   "                               导出时段内领导联系代表的记录 CSV（日期、联系\n"
                   "                               领导、职务、代表、方式、内容、协调解决事项）；\n"
                   "                               demo 生成今年的，demo --scale 生成近十年的\n"));
    /* in two parts: one string literal of over 4,095 bytes is beyond what C asks compilers
     * to support */
    fprintf(out,
            _("  demo                         在空数据库中生成演示县（15 个乡镇、99 个联络站）\n"
              "  demo --scale county|province 生成测试速度用的大规模数据：一个县（100 个联络站、\n"
              "                               约 1000 名代表、20 万条台账）或十个县\n"
              "  check                        检查数据库文件：完整性、引用、联络站层级、代表\n"
              "                               资料、数据格式版本，并列出要改的记录\n"
              "  backup [-o 文件或文件夹]     备份数据库（默认放在数据库旁的 backups 文件夹），\n"
              "                               写完后检查备份是否完好\n"
              "  restore 备份文件 [--yes]     用备份替换数据库的内容（现在的内容先另存一份）；\n"
              "                               不带备份文件时列出 backups 文件夹里的备份\n"
              "  sync pair 乡镇|联络站 [--township 乡镇]\n"
              "                               （县、乡镇）为下级站点生成配对码\n"
              "  sync join 配对码             （乡镇、联络站）与上级站点配对\n"
              "  sync export [--to 站点] -o 文件或文件夹\n"
              "                               把本机的修改写成同步包（如写到 U 盘）；\n"
              "                               --again 编号：把丢失的那个包重新写出\n"
              "  sync import 文件 [--yes]     先列出同步包要做的修改，确认后导入\n"
              "  sync peers|history|conflicts 配对的站点、收发记录、待处理的冲突\n"
              "  sync take|dismiss 编号       采用冲突的另一版本 / 保留本机的\n"
              "  sync unpair 站点             删除与该站点的配对（收发记录保留）\n"
              "\n"
              "时段（选项可按任意次序写在命令后面；不写时段即全部日期）：\n"
              "  --from 日期     从这一天起，如 2026-03-01、2026/3/1、20260301、2026年3月1日\n"
              "  --to 日期       到这一天止（含这一天）\n"
              "  --period 时段   一年或一个月：2026、2026-03（代替 --from 和 --to）\n"
              "\n"
              "选项：\n"
              "  --config 文件   配置文件（默认 ~/.config/lianluo/lianluo.ini）\n"
              "  --db 文件       数据库文件（默认 ~/.local/share/lianluo/lianluo.db）\n"
              "  --help          显示本帮助\n"
              "  --version       显示版本\n"
              "\n"
              "退出码：0 成功；1 执行失败（数据未改动）；2 用法错误；3 无法打开数据库；\n"
              "4 检查发现问题。\n"));
}

static void print_error(const struct ll_error *err)
{
    fprintf(stderr, _("lianluo：%s\n"), err->msg);
}

static int usage_error(const char *what)
{
    fprintf(stderr, _("lianluo：%s\n请用 lianluo --help 查看用法。\n"), what);
    return EXIT_USAGE;
}

/* The options export and print take after the command word, each with a value. */
enum cli_option { OPT_OUTPUT, OPT_FROM, OPT_TO, OPT_PERIOD, OPT_BY, OPT_TOWNSHIP, OPT_COUNT };

static const char *const option_names[OPT_COUNT] = {
    [OPT_OUTPUT] = "-o",       [OPT_FROM] = "--from", [OPT_TO] = "--to",
    [OPT_PERIOD] = "--period", [OPT_BY] = "--by",     [OPT_TOWNSHIP] = "--township",
};

/* Which options a command takes, as a set of 1u << enum cli_option. */
#define TAKES(option) (1u << (option))
#define TAKES_PERIOD  (TAKES(OPT_FROM) | TAKES(OPT_TO) | TAKES(OPT_PERIOD))

/* What export or print was asked for. */
struct cli_args {
    const char *word;           /* the one argument that is not an option: a kind, a station */
    const char *opt[OPT_COUNT]; /* each option's value, NULL when not given */
    char from[11], to[11];      /* the period, "" = an open end */
    enum counts_level level;
};

/* The kinds of record the command line imports and exports; each has one way to export. */
static const struct record_kind {
    const char *name;
    unsigned takes; /* options besides -o */
    enum ll_status (*import)(struct ll_db *db, const char *path, struct import_result *res,
                             struct ll_error *err);
    enum ll_status (*export)(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);
    enum ll_status (*export_period)(struct ll_db *db, const char *from, const char *to, FILE *out,
                                    int *rows, struct ll_error *err);
    enum ll_status (*export_counts)(struct ll_db *db, enum counts_level level, const char *from,
                                    const char *to, FILE *out, int *rows, struct ll_error *err);
} kinds[] = {
    {.name = "stations", .import = import_stations, .export = export_stations},
    {.name = "deputies", .import = import_deputies, .export = export_deputies},
    {.name = "volunteers", .import = import_volunteers, .export = export_volunteers},
    {.name = "groups", .import = import_groups, .export = export_groups},
    {.name = "ledger", .takes = TAKES_PERIOD, .export_period = export_ledger},
    {.name = "problems", .takes = TAKES_PERIOD, .export_period = export_problems},
    {.name = "contacts", .takes = TAKES_PERIOD, .export_period = export_contacts},
    {.name = "counts", .takes = TAKES_PERIOD | TAKES(OPT_BY), .export_counts = export_counts},
};

static const struct record_kind *kind_named(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

static int option_named(const char *arg)
{
    for (int o = 0; o < OPT_COUNT; o++)
        if (strcmp(arg, option_names[o]) == 0)
            return o;
    return -1;
}

/* Sorts argv into options with their values and the one other word, in any order. */
static bool split_args(int argc, char **argv, struct cli_args *a, char *msg, size_t size)
{
    char from[11], to[11];
    for (int i = 0; i < argc; i++) {
        int o = option_named(argv[i]);
        if (o >= 0 && i + 1 >= argc)
            snprintf(msg, size, _("选项 %s 后面缺少值。"), argv[i]);
        else if (o >= 0 && a->opt[o])
            snprintf(msg, size, _("选项 %s 写了两次。"), argv[i]);
        else if (o < 0 && argv[i][0] == '-' && argv[i][1])
            snprintf(msg, size, _("未知的选项「%s」。"), argv[i]);
        else if (o < 0 && a->word && period_parse(argv[i], from, to))
            snprintf(msg, size, _("多余的参数「%s」：时段请写成 --period %s。"), argv[i], argv[i]);
        else if (o < 0 && a->word)
            snprintf(msg, size, _("多余的参数「%s」。"), argv[i]);
        else if (o >= 0)
            a->opt[o] = argv[++i];
        else
            a->word = argv[i];
        if (msg[0])
            return false;
    }
    return true;
}

static bool check_takes(const struct cli_args *a, unsigned takes, const char *what, char *msg,
                        size_t size)
{
    for (int o = 0; o < OPT_COUNT; o++) {
        if (a->opt[o] && !(takes & TAKES(o))) {
            snprintf(msg, size, _("%s 不用选项 %s。"), what, option_names[o]);
            return false;
        }
    }
    return true;
}

/* One end of the period (NULL: open). */
static bool read_date(enum cli_option o, const char *text, char out[11], char *msg, size_t size)
{
    out[0] = '\0';
    if (!text || date_parse(text, out))
        return true;
    snprintf(msg, size,
             _("%s 的日期「%s」不对，请写成 2026-03-01、2026/3/1、20260301 或 2026年3月1日。"),
             option_names[o], text);
    return false;
}

static bool read_period(struct cli_args *a, char *msg, size_t size)
{
    const char *period = a->opt[OPT_PERIOD];
    if (period && (a->opt[OPT_FROM] || a->opt[OPT_TO])) {
        snprintf(msg, size, _("--period 不能和 --from、--to 一起用。"));
        return false;
    }
    if (period && !period_parse(period, a->from, a->to)) {
        snprintf(msg, size, _("时段「%s」不对，请写成 2026（一年）或 2026-03（一个月）。"), period);
        return false;
    }
    if (period)
        return true;
    if (!read_date(OPT_FROM, a->opt[OPT_FROM], a->from, msg, size) ||
        !read_date(OPT_TO, a->opt[OPT_TO], a->to, msg, size))
        return false;
    if (a->from[0] && a->to[0] && strcmp(a->from, a->to) > 0) {
        snprintf(msg, size, _("开始日期 %s 晚于结束日期 %s。"), a->from, a->to);
        return false;
    }
    return true;
}

static bool read_level(struct cli_args *a, char *msg, size_t size)
{
    const char *by = a->opt[OPT_BY];
    a->level = COUNTS_BY_STATION;
    if (!by || strcmp(by, "station") == 0 || strcmp(by, "联络站") == 0)
        return true;
    if (strcmp(by, "township") == 0 || strcmp(by, "乡镇") == 0) {
        a->level = COUNTS_BY_TOWNSHIP;
        return true;
    }
    snprintf(msg, size, _("--by 后面写 station（按联络站）或 township（按乡镇），不是「%s」。"),
             by);
    return false;
}

/* Reads the arguments of export or print (argv[0]); false with msg when they are wrong. */
static bool parse_command(int argc, char **argv, struct cli_args *a, char *msg, size_t size)
{
    bool print = strcmp(argv[0], "print") == 0;
    const struct record_kind *k = NULL;
    memset(a, 0, sizeof *a);
    msg[0] = '\0';
    if (!split_args(argc - 1, argv + 1, a, msg, size))
        return false;
    if (print && !a->word) {
        snprintf(msg, size,
                 _("print 的用法：lianluo print 联络站 [--township 乡镇] [--from 日期] "
                   "[--to 日期] [--period 时段] [-o 文件]"));
        return false;
    }
    if (!print && (!a->word || !(k = kind_named(a->word)))) {
        snprintf(msg, size,
                 _("export 的用法：lianluo export stations|deputies|volunteers|groups|ledger|"
                   "problems|contacts|counts [选项] [-o 文件]"));
        return false;
    }
    char what[64];
    snprintf(what, sizeof what, print ? "print" : "export %s", a->word);
    unsigned takes = TAKES(OPT_OUTPUT) | (print ? TAKES_PERIOD | TAKES(OPT_TOWNSHIP) : k->takes);
    return check_takes(a, takes, what, msg, size) && read_period(a, msg, size) &&
           read_level(a, msg, size);
}

/* The benchmark's sizes by name; DEMO_DEFAULT for any other word. */
static enum demo_scale demo_scale_named(const char *name)
{
    return strcmp(name, "county") == 0     ? DEMO_COUNTY
           : strcmp(name, "province") == 0 ? DEMO_PROVINCE
                                           : DEMO_DEFAULT;
}

int cli_check_usage(int argc, char **argv)
{
    if (argc == 0)
        return EXIT_OK;
    const char *cmd = argv[0];
    if (strcmp(cmd, "import") == 0) {
        const struct record_kind *k = argc == 3 ? kind_named(argv[1]) : NULL;
        if (!k || !k->import)
            return usage_error(
                _("import 的用法：lianluo import stations|deputies|volunteers|groups 文件"));
        return EXIT_OK;
    }
    if (strcmp(cmd, "export") == 0 || strcmp(cmd, "print") == 0) {
        struct cli_args a;
        char msg[512];
        return parse_command(argc, argv, &a, msg, sizeof msg) ? EXIT_OK : usage_error(msg);
    }
    if (strcmp(cmd, "demo") == 0)
        return argc == 1 || (argc == 3 && strcmp(argv[1], "--scale") == 0 &&
                             demo_scale_named(argv[2]) != DEMO_DEFAULT)
                   ? EXIT_OK
                   : usage_error(_("demo 的用法：lianluo demo [--scale county|province]"));
    if (strcmp(cmd, "check") == 0)
        return argc == 1 ? EXIT_OK : usage_error(_("这个命令不带参数。"));
    if (strcmp(cmd, "sync") == 0)
        return cli_sync_check_usage(argc, argv);
    if (strcmp(cmd, "backup") == 0)
        return argc == 1 || (argc == 3 && strcmp(argv[1], "-o") == 0)
                   ? EXIT_OK
                   : usage_error(_("backup 的用法：lianluo backup [-o 文件或文件夹]"));
    if (strcmp(cmd, "restore") == 0)
        return argc <= 2 || (argc == 3 && strcmp(argv[2], "--yes") == 0)
                   ? EXIT_OK
                   : usage_error(_("restore 的用法：lianluo restore [备份文件 [--yes]]"));
    char msg[256];
    snprintf(msg, sizeof msg, _("未知的命令「%s」。"), cmd);
    return usage_error(msg);
}

static int cmd_import(struct ll_db *db, const char *what, const char *path)
{
    struct import_result res;
    struct ll_error err = {0};
    enum ll_status st = kind_named(what)->import(db, path, &res, &err);
    if (st != LL_OK) {
        fprintf(stderr, _("lianluo：导入 %s 失败，没有写入任何数据。\n"), path);
        print_error(&err);
        return EXIT_FAILED;
    }
    if (res.rows == 0) {
        printf(_("文件 %s 只有表头，没有数据行：没有导入任何记录。\n"), path);
        return EXIT_OK;
    }
    printf(_("已导入 %d 行：新增 %d 条，更新 %d 条，未变 %d 条。"), res.rows, res.inserted,
           res.updated, res.unchanged);
    if (res.townships_created || res.stations_created || res.groups_created)
        printf(_("另新建乡镇 %d 个、联络站 %d 个、代表小组 %d 个（文件中提到但原来没有）。"),
               res.townships_created, res.stations_created, res.groups_created);
    printf("\n");
    return EXIT_OK;
}

/* Where export and print write: the file -o names (it takes the new text only when all of it
 * was written) or standard output. */
struct output {
    const char *path; /* NULL: standard output */
    struct file_replace target;
    FILE *f;
};

static enum ll_status output_open(struct output *o, const char *path, struct ll_error *err)
{
    o->path = path;
    o->f = stdout;
    if (path && file_replace_open(&o->target, path, err) != LL_OK)
        return err->status;
    if (path)
        o->f = o->target.f;
    return LL_OK;
}

/* status: how the writing went. */
static enum ll_status output_close(struct output *o, enum ll_status status, struct ll_error *err)
{
    return o->path ? file_replace_close(&o->target, o->path, status, err) : status;
}

static enum ll_status run_export(struct ll_db *db, const struct cli_args *a, FILE *out, int *rows,
                                 struct ll_error *err)
{
    const struct record_kind *k = kind_named(a->word);
    if (k->export_period)
        return k->export_period(db, a->from, a->to, out, rows, err);
    if (k->export_counts)
        return k->export_counts(db, a->level, a->from, a->to, out, rows, err);
    return k->export(db, out, rows, err);
}

static int cmd_export(struct ll_db *db, const struct cli_args *a)
{
    struct ll_error err = {0};
    struct output o;
    int rows = 0;
    if (output_open(&o, a->opt[OPT_OUTPUT], &err) != LL_OK ||
        output_close(&o, run_export(db, a, o.f, &rows, &err), &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    if (o.path)
        fprintf(stderr, _("已导出 %d 条到 %s\n"), rows, o.path);
    return EXIT_OK;
}

static int cmd_print(struct ll_db *db, const struct cli_args *a)
{
    struct ll_error err = {0};
    struct output o;
    char station_id[LL_ID_LEN];
    int entries = 0;
    enum ll_status st = print_find_station(db, a->opt[OPT_TOWNSHIP], a->word, station_id, &err);
    if (st == LL_OK)
        st = output_open(&o, a->opt[OPT_OUTPUT], &err);
    if (st == LL_OK)
        st = output_close(
            &o, print_ledger_html(db, station_id, a->from, a->to, o.f, &entries, &err), &err);
    if (st != LL_OK) {
        print_error(&err);
        if (st == LL_ECONFLICT)
            fprintf(stderr, _("请用 --township 乡镇 指明是哪一个乡镇的联络站。\n"));
        return EXIT_FAILED;
    }
    if (o.path)
        fprintf(stderr, _("已把 %d 条台账写入 %s，可用浏览器打开后打印。\n"), entries, o.path);
    return EXIT_OK;
}

static int cmd_check(struct ll_db *db)
{
    char report[4096];
    struct ll_error err = {0};
    enum ll_status st = db_check(db, report, sizeof report, &err);
    fputs(report, stdout);
    if (st != LL_OK) {
        print_error(&err);
        return EXIT_CHECK;
    }
    printf(_("数据库 %s 检查通过。\n"), db_path(db));
    return EXIT_OK;
}

static int cmd_demo(struct ll_db *db, enum demo_scale scale)
{
    struct ll_error err = {0};
    if (demo_build_scaled(db, scale, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    /* what the ledger part made, counted rather than assumed */
    struct ledger_filter lf;
    struct problem_filter pf;
    struct contact_filter cf;
    int entries = 0, problems = 0, open = 0, contacts = 0;
    ledger_filter_init(&lf);
    problem_filter_init(&pf);
    contact_filter_init(&cf);
    if (ledger_count(db, &lf, &entries, &err) != LL_OK ||
        problem_count(db, &pf, &problems, &err) != LL_OK ||
        contact_count(db, &cf, &contacts, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    pf.status = PSF_OPEN;
    if (problem_count(db, &pf, &open, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    if (scale != DEMO_DEFAULT) {
        int stations = 0, deputies = 0;
        struct deputy_filter df;
        deputy_filter_init(&df);
        if (station_count(db, NULL, &stations, &err) != LL_OK ||
            deputy_count(db, &df, &deputies, &err) != LL_OK) {
            print_error(&err);
            return EXIT_FAILED;
        }
        printf(_("已在 %s 中生成测试用的大规模演示数据：%d 个联络站、%d 名代表；近十年的台账 %d "
                 "条，群众反映的问题 %d 个（%d 个未办结）。\n"),
               db_path(db), stations, deputies, entries, problems, open);
        printf(_("近十年领导联系代表的记录 %d 条。\n"), contacts);
        return EXIT_OK;
    }
    printf(
        _("已在 %s 中生成演示县：15 个乡镇、99 个联络站（3 个市代表小组联络站、15 个中心联络站、"
          "81 个片区联络站）及各级代表；近一年的台账 %d 条，群众反映的问题 %d 个（%d 个未办结）。"
          "\n"),
        db_path(db), entries, problems, open);
    printf(_("今年领导联系代表的记录 %d 条。\n"), contacts);
    return EXIT_OK;
}

/* A copy of the database: to -o, else into the folder backups beside the database. */
static int cmd_backup(struct ll_db *db, const char *out)
{
    struct ll_error err = {0};
    char folder[4200], written[4300];
    if ((!out && db_backup_folder(db, folder, sizeof folder, &err) != LL_OK) ||
        db_backup(db, out ? out : folder, written, sizeof written, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    printf(_("已把数据库备份到 %s（已检查，完好）。\n"), written);
    return EXIT_OK;
}

static void print_backup(void *ctx, const char *path, long long bytes)
{
    int *n = ctx;
    const char *name = strrchr(path, '/') + 1; /* STEM-YYYYMMDD-HHMMSS.db */
    const char *day = name + strlen(name) - 18;
    if ((*n)++ == 0)
        printf("%s", _("备份（最新的在前）：\n"));
    printf(_("  %.4s-%.2s-%.2s %.2s:%.2s  %6.1f MB  %s\n"), day, day + 4, day + 6, day + 9,
           day + 11, (double)bytes / 1e6, path);
}

/* `lianluo restore` alone: the backups there are, to choose from. */
static int list_backups(const char *db_file)
{
    struct ll_error err = {0};
    int n = 0;
    if (db_backup_list(db_file, print_backup, &n, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    if (n == 0) {
        printf(_("数据库 %s 旁边的 backups 文件夹里没有备份。\n"), db_file);
        return EXIT_FAILED;
    }
    printf("%s", _("用其中一份恢复：lianluo restore 备份文件（会先检查备份是否完好；现在的内容先"
                   "另存一份，不会覆盖）。\n"));
    return EXIT_OK;
}

int cli_restore(struct ll_db *db, const char *db_file, int argc, char **argv)
{
    if (argc == 1)
        return list_backups(db_file);
    const char *path = argv[1];
    struct ll_error err = {0};
    char aside[4300];
    if (db_restore_precheck(path, &err) != LL_OK) { /* before asking: not a backup at all */
        print_error(&err);
        return EXIT_FAILED;
    }
    if (argc < 3) { /* asked first: it replaces everything in the database */
        if (db)
            printf(_("将用备份 %s 替换数据库 %s 的全部内容（现在的内容会先另存一份）。"), path,
                   db_file);
        else
            printf(_("数据库 %s 已损坏，无法打开。将把它原样另存一份，再用备份 %s 代替它。"),
                   db_file, path);
        char answer[16];
        if (!isatty(0)) {
            printf(_("\n没有恢复：确认无误后加 --yes 再运行一次。\n"));
            return EXIT_OK;
        }
        printf(_("确定吗？[y/N] "));
        fflush(stdout);
        if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
            printf(_("没有恢复。\n"));
            return EXIT_OK;
        }
    }
    if ((db ? db_restore(db, path, aside, sizeof aside, &err)
            : db_restore_unopened(db_file, path, aside, sizeof aside, &err)) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    printf(_("已从 %s 恢复数据库。恢复前的内容另存在 %s。\n"), path, aside);
    return EXIT_OK;
}

bool cli_reads_only(const char *command)
{
    return strcmp(command, "check") == 0 || strcmp(command, "export") == 0 ||
           strcmp(command, "print") == 0;
}

int cli_run(struct ll_db *db, const struct ll_config *cfg, int argc, char **argv)
{
    const char *cmd = argv[0];
    if (strcmp(cmd, "import") == 0)
        return cmd_import(db, argv[1], argv[2]);
    if (strcmp(cmd, "sync") == 0)
        return cli_sync(db, cfg, argc, argv);
    if (strcmp(cmd, "backup") == 0)
        return cmd_backup(db, argc == 3 ? argv[2] : NULL);
    if (strcmp(cmd, "restore") == 0)
        return cli_restore(db, db_path(db), argc, argv);
    struct cli_args a;
    char msg[512];
    if ((strcmp(cmd, "export") == 0 || strcmp(cmd, "print") == 0) &&
        !parse_command(argc, argv, &a, msg, sizeof msg))
        return usage_error(msg);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(db, &a);
    if (strcmp(cmd, "print") == 0)
        return cmd_print(db, &a);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(db);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(db, argc == 3 ? demo_scale_named(argv[2]) : DEMO_DEFAULT);
    return usage_error(cmd);
}
