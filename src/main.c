/* lianluo: without a command, the screens; with one, batch work on the same model. */
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/i18n.h"
#include "lianluo/config.h"
#include "lianluo/db.h"
#include "ll_config.h"
#include "ui/ui.h"

struct config_state {
    char path[PATH_MAX];    /* the file read, and written by the settings screen */
    bool broken;            /* it exists but could not be read */
    char db_path[PATH_MAX]; /* [database] path as the file has it */
    char notice[1024];      /* what to tell the user about it, "" when all is well */
};

struct options {
    const char *config_path;
    const char *db_path;
    bool help; /* --help: printed once the configuration says in which language */
    int argc;  /* the subcommand and its arguments */
    char **argv;
};

/* A UTF-8 locale whatever LANG says: ncursesw draws Chinese as garbage without one. */
static void locale_init(void)
{
    const char *set = setlocale(LC_ALL, "");
    if (!set || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_ALL, "C.UTF-8");
}

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, struct options *o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            o->help = true;
            continue;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("lianluo %s\n", LL_VERSION);
            return EXIT_OK;
        }
        if ((strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--db") == 0) && i + 1 < argc) {
            *(strcmp(argv[i], "--db") == 0 ? &o->db_path : &o->config_path) = argv[i + 1];
            i++;
            continue;
        }
        if (strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--db") == 0)
            fprintf(stderr, _("lianluo：选项 %s 后面要写文件路径。\n"), argv[i]);
        else
            fprintf(stderr, _("lianluo：无法识别的选项「%s」。请用 lianluo --help 查看用法。\n"),
                    argv[i]);
        return EXIT_USAGE;
    }
    o->argc = argc - i;
    o->argv = argv + i;
    return -1;
}

/* Loads the configuration; a broken file leaves the defaults and a message for the user. */
static void load_config(const struct options *o, struct ll_config *cfg, struct config_state *cs)
{
    struct ll_error err = {0};
    if (o->config_path)
        snprintf(cs->path, sizeof cs->path, "%s", o->config_path);
    else
        config_default_path(cs->path, sizeof cs->path);
    cs->notice[0] = '\0';
    cs->broken = false;
    enum ll_status loaded = config_load(cfg, cs->path, &err);
    if (loaded != LL_OK)
        config_defaults(cfg);
    /* from here on, the language the file asks for (LIANLUO_LANGUAGE still wins) */
    i18n_init(getenv("LIANLUO_LANGUAGE") ? getenv("LIANLUO_LANGUAGE") : cfg->language);
    if (loaded != LL_OK) {
        snprintf(cs->notice, sizeof cs->notice, "%s%s", err.msg, _("（已使用默认设置）"));
        cs->broken = true;
    } else if (o->config_path && !cfg->file_found) {
        snprintf(cs->notice, sizeof cs->notice, _("找不到配置文件 %s，已使用默认设置。"), cs->path);
    } else if (!cfg->file_found) {
        snprintf(cs->notice, sizeof cs->notice,
                 _("首次使用：请在「本机设置」中填写单位名称和操作员。"));
    }
    snprintf(cs->db_path, sizeof cs->db_path, "%s", cfg->db_path);
    if (o->db_path)
        snprintf(cfg->db_path, sizeof cfg->db_path, "%s", o->db_path);
    if (!cfg->db_path[0])
        config_default_db_path(cfg->db_path, sizeof cfg->db_path);
}

static int open_database(const struct ll_config *cfg, bool must_exist, struct ll_db **db,
                         struct ll_error *err)
{
    struct db_identity who = {cfg->site_name, cfg->role, cfg->township, cfg->operator_name};
    /* check and export read a database: a mistyped path must not make a new empty one */
    if ((must_exist ? db_open_existing : db_open)(cfg->db_path, &who, db, err) != LL_OK)
        return EXIT_DB;
    return EXIT_OK;
}

/* A command that failed on a database this run created (an import whose file was refused, say)
 * leaves no empty database behind: there is nothing in it the user made. */
static void remove_new_database(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char file[4200];
        snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
        remove(file);
    }
}

int main(int argc, char **argv)
{
    struct options o = {0};
    struct ll_config cfg;
    struct config_state cs;
    locale_init();
    config_defaults(&cfg);
    i18n_init(getenv("LIANLUO_LANGUAGE") ? getenv("LIANLUO_LANGUAGE") : "zh");
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    load_config(&o, &cfg, &cs);
    if (o.help) {
        cli_print_help(stdout);
        return EXIT_OK;
    }
    if ((rc = cli_check_usage(o.argc, o.argv)) != EXIT_OK)
        return rc;
    if (cs.notice[0] && o.argc > 0 && (cs.broken || o.config_path)) /* not the first-use hint */
        fprintf(stderr, _("lianluo：%s\n"), cs.notice);
    struct ll_db *db = NULL;
    bool existed = access(cfg.db_path, F_OK) == 0;
    struct ll_error oerr = {0};
    if (open_database(&cfg, o.argc > 0 && cli_reads_only(o.argv[0]), &db, &oerr) != EXIT_OK) {
        /* a file too damaged to open is what a restore is for */
        if (o.argc > 0 && strcmp(o.argv[0], "restore") == 0 && oerr.status == LL_EDB &&
            access(cfg.db_path, F_OK) == 0)
            return cli_restore(NULL, cfg.db_path, o.argc, o.argv);
        fprintf(stderr, _("lianluo：%s\n"), oerr.msg);
        return EXIT_DB;
    }
    if (o.argc > 0)
        rc = cli_run(db, &cfg, o.argc, o.argv);
    else {
        struct ui_config_file file = {cs.path, cs.broken, cs.db_path};
        /* the day's backup, on opening the screens; a failure is said, not fatal */
        struct ll_error berr = {0};
        char notice[sizeof cs.notice + sizeof berr.msg + 64];
        snprintf(notice, sizeof notice, "%s", cs.notice);
        struct db_backup_job *backup = NULL;
        if (db_backup_daily_start(db, cfg.backup_keep, &backup, &berr) != LL_OK)
            ui_backup_notice(notice, sizeof notice, berr.status, berr.msg);
        rc = ui_run(db, &cfg, &file, notice[0] ? notice : NULL, backup);
        /* the screens waited for a copy still being made when the user quit, or it was
         * cancelled; one still being made now (the terminal went away) is finished, and said;
         * one that failed is said now that the screens are closed */
        if (db_backup_daily_busy(backup))
            fprintf(stderr, "%s", _("lianluo：正在完成今天的自动备份，请稍候……\n"));
        if (db_backup_daily_cancelled(backup))
            fprintf(stderr, "%s", _("lianluo：今天的自动备份已取消，下次启动时会重新备份。\n"));
        if (db_backup_daily_finish(backup, NULL, &berr) != LL_OK) {
            ui_backup_notice(notice, sizeof notice, berr.status, berr.msg);
            fprintf(stderr, _("lianluo：%s\n"), notice);
        }
    }
    db_close(db);
    if (o.argc > 0 && rc != EXIT_OK && !existed)
        remove_new_database(cfg.db_path);
    return rc;
}
