/* The command line: import, export, demo and check, on the same model as the screens. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/io.h"
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
              "  demo                         在空数据库中生成演示县（15 个乡镇、99 个联络站）\n"
              "  check                        检查数据库文件：完整性、引用、联络站层级、代表\n"
              "                               资料、数据格式版本，并列出要改的记录\n"
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

/* The kinds of record the command line imports and exports. */
static const struct record_kind {
    const char *name;
    enum ll_status (*import)(struct ll_db *db, const char *path, struct import_result *res,
                             struct ll_error *err);
    enum ll_status (*export)(struct ll_db *db, FILE *out, int *rows, struct ll_error *err);
} kinds[] = {
    {"stations", import_stations, export_stations},
    {"deputies", import_deputies, export_deputies},
    {"volunteers", import_volunteers, export_volunteers},
    {"groups", import_groups, export_groups},
};

static const struct record_kind *kind_named(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

int cli_check_usage(int argc, char **argv)
{
    if (argc == 0)
        return EXIT_OK;
    const char *cmd = argv[0];
    if (strcmp(cmd, "import") == 0) {
        if (argc != 3 || !kind_named(argv[1]))
            return usage_error(
                _("import 的用法：lianluo import stations|deputies|volunteers|groups 文件"));
        return EXIT_OK;
    }
    if (strcmp(cmd, "export") == 0) {
        bool ok = (argc == 2 || (argc == 4 && strcmp(argv[2], "-o") == 0)) && kind_named(argv[1]);
        return ok ? EXIT_OK
                  : usage_error(_("export 的用法：lianluo export "
                                  "stations|deputies|volunteers|groups [-o 文件]"));
    }
    if (strcmp(cmd, "demo") == 0 || strcmp(cmd, "check") == 0)
        return argc == 1 ? EXIT_OK : usage_error(_("这个命令不带参数。"));
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

static int cmd_export(struct ll_db *db, const char *what, const char *path)
{
    struct ll_error err = {0};
    struct file_replace target;
    FILE *out = stdout;
    if (path) {
        if (file_replace_open(&target, path, &err) != LL_OK) {
            print_error(&err);
            return EXIT_FAILED;
        }
        out = target.f;
    }
    int rows = 0;
    enum ll_status st = kind_named(what)->export(db, out, &rows, &err);
    if (path)
        st = file_replace_close(&target, path, st, &err);
    if (st != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    if (path)
        fprintf(stderr, _("已导出 %d 条到 %s\n"), rows, path);
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

static int cmd_demo(struct ll_db *db)
{
    struct ll_error err = {0};
    if (demo_build(db, &err) != LL_OK) {
        print_error(&err);
        return EXIT_FAILED;
    }
    printf(_("已在 %s 中生成演示县：15 个乡镇、99 个联络站（3 个市代表小组联络站、15 个中心联络站、"
             "81 个片区联络站）及各级代表。\n"),
           db_path(db));
    return EXIT_OK;
}

bool cli_reads_only(const char *command)
{
    return strcmp(command, "check") == 0 || strcmp(command, "export") == 0;
}

int cli_run(struct ll_db *db, const struct ll_config *cfg, int argc, char **argv)
{
    (void)cfg;
    const char *cmd = argv[0];
    if (strcmp(cmd, "import") == 0)
        return cmd_import(db, argv[1], argv[2]);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(db, argv[1], argc == 4 ? argv[3] : NULL);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(db);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(db);
    return usage_error(cmd);
}
