/* `lianluo sync …`: pairing, packages out and in, their history and the conflicts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "core/i18n.h"
#include "lianluo/io.h"
#include "lianluo/sync.h"

static int fail(const struct ll_error *err)
{
    fprintf(stderr, _("lianluo：%s\n"), err->msg);
    return EXIT_FAILED;
}

static int sync_usage(void)
{
    fprintf(stderr,
            _("sync 的用法：\n"
              "  lianluo sync peers                        列出配对的站点\n"
              "  lianluo sync pair 乡镇 | 联络站 [--township 乡镇]\n"
              "                                            "
              "为下级站点生成配对码（县配乡镇，乡镇配联络站）\n"
              "  lianluo sync join 配对码                  与上级站点配对（输入上级给的配对码）\n"
              "  lianluo sync export [--to 站点] [--again 编号] -o 文件或文件夹\n"
              "  lianluo sync import 文件 [--yes]\n"
              "  lianluo sync history | conflicts\n"
              "  lianluo sync take 编号 | dismiss 编号    处理冲突\n"
              "  lianluo sync unpair 站点\n"));
    return EXIT_USAGE;
}

/* The value of option name in argv, or NULL; *rest counts the words that are not options. */
static const char *option(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static bool has_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

/* The words after the subcommand that are neither options nor their values. */
static int words(int argc, char **argv, const char **out, int max)
{
    int n = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--yes") == 0)
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            i++;
            continue;
        }
        if (n < max)
            out[n] = argv[i];
        n++;
    }
    return n;
}

int cli_sync_check_usage(int argc, char **argv)
{
    static const struct {
        const char *name;
        int words;
    } subs[] = {{"peers", 0},   {"pair", 1},      {"join", 1}, {"export", 0},  {"import", 1},
                {"history", 0}, {"conflicts", 0}, {"take", 1}, {"dismiss", 1}, {"unpair", 1}};
    if (argc < 2)
        return sync_usage();
    const char *w[2];
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(argv[1], subs[i].name) == 0) {
            if (words(argc, argv, w, 2) != subs[i].words)
                return sync_usage();
            if (strcmp(argv[1], "export") == 0 && !option(argc, argv, "-o"))
                return sync_usage();
            return EXIT_OK;
        }
    return sync_usage();
}

static const char *role_word(enum site_role r)
{
    return r == SITE_COUNTY ? _("县") : r == SITE_TOWNSHIP ? _("乡镇") : _("联络站");
}

/* The end of an id: its start is a time, the same for ids made the same day. */
static const char *short_id(const char *id)
{
    size_t n = strlen(id);
    return n > 8 ? id + n - 8 : id;
}

/* "2026-11-29 09:48" of a stored time ("" stays ""). */
static void when(const char *iso, char out[17])
{
    snprintf(out, 17, "%.10s%s%.5s", iso, iso[0] ? " " : "", iso[0] ? iso + 11 : "");
}

static void print_peer(void *ctx, const struct sync_peer *p)
{
    ++*(int *)ctx;
    char out[17], in[17];
    when(p->last_out, out);
    when(p->last_in, in);
    printf(_("%s  %s%s  %s  %s\n"
             "          已发出 %lld 个包%s%s，已收到 %lld 个包%s%s\n"),
           short_id(p->id), p->upper ? _("上级") : _("下级"), role_word(p->role), p->scope_name,
           p->name[0] ? p->name : _("（尚未收到它的包）"), p->out_seq, out[0] ? _("，最近 ") : "",
           out, p->in_seq, in[0] ? _("，最近 ") : "", in);
}

static int cmd_peers(struct ll_db *db)
{
    struct ll_error err = {0};
    int n = 0;
    if (sync_peer_list(db, print_peer, &n, &err) != LL_OK)
        return fail(&err);
    if (n == 0)
        printf(_("本机还没有配对的站点。上级站点用 lianluo sync pair 生成配对码，下级站点用 "
                 "lianluo sync join 配对码 输入。\n"));
    return EXIT_OK;
}

/* How many pairings there are, and the first of them. */
struct peer_count {
    int n;
    struct sync_peer *first;
};

static void count_one(void *ctx, const struct sync_peer *p)
{
    struct peer_count *c = ctx;
    if (c->n++ == 0)
        *c->first = *p;
}

static int count_peers(struct ll_db *db, struct sync_peer *first, struct ll_error *err)
{
    struct peer_count c = {0, first};
    return sync_peer_list(db, count_one, &c, err) == LL_OK ? c.n : -1;
}

static int cmd_pair(struct ll_db *db, const struct ll_config *cfg, const char *what,
                    const char *township)
{
    struct ll_error err = {0};
    char code[SYNC_CODE_LEN + 1], station_id[LL_ID_LEN] = "";
    struct sync_peer p;
    if (cfg->role == SITE_TOWNSHIP) {
        /* a station of this township (or of the one named) */
        if (print_find_station(db, township ? township : cfg->township, what, station_id, &err) !=
            LL_OK)
            return fail(&err);
    }
    if (sync_pair_lower(db, cfg->role, what, station_id, code, &p, &err) != LL_OK)
        return fail(&err);
    printf(_("已为%s「%s」生成配对码：\n\n    %s\n\n请在%s的电脑上选择“与上级配对”（或运行 "
             "lianluo sync join %s）输入这个配对码。配对码就是两边共用的密钥，请当面交给对方，"
             "不要放在 U 盘上。\n"),
           role_word(p.role), p.scope_name, code, role_word(p.role), code);
    return EXIT_OK;
}

static int cmd_join(struct ll_db *db, const struct ll_config *cfg, const char *code)
{
    struct ll_error err = {0};
    struct sync_peer p;
    if (sync_pair_upper(db, cfg->role, code, &p, &err) != LL_OK)
        return fail(&err);
    printf(_("已与上级%s配对。请导入上级发来的第一个同步包（lianluo sync import 文件），它带来"
             "本机要用的联络站和代表名册。\n"),
           role_word(p.role));
    return EXIT_OK;
}

static int cmd_export(struct ll_db *db, const struct ll_config *cfg, const char *to,
                      const char *again, const char *out)
{
    struct ll_error err = {0};
    struct sync_peer p;
    if (to) {
        if (sync_peer_find(db, to, &p, &err) != LL_OK)
            return fail(&err);
    } else {
        int n = count_peers(db, &p, &err);
        if (n < 0)
            return fail(&err);
        if (n != 1) {
            fprintf(stderr,
                    n == 0 ? _("lianluo：本机还没有配对的站点，无法导出同步包。\n")
                           : _("lianluo：本机与 %d 个站点配对，请用 --to 指明发给哪一个（sync "
                               "peers 列出）。\n"),
                    n);
            return EXIT_FAILED;
        }
    }
    struct sync_export_result res;
    if (again) {
        char *end;
        long long seq = strtoll(again, &end, 10);
        if (*end || seq <= 0) {
            fprintf(stderr, _("lianluo：--again 后面写包的编号，如 --again 3。\n"));
            return EXIT_USAGE;
        }
        if (sync_resend(db, p.id, seq, out, &res, &err) != LL_OK)
            return fail(&err);
        printf(_("已把第 %lld 号同步包重新写入 %s。\n"), res.seq, res.file);
        return EXIT_OK;
    }
    if (sync_export(db, cfg, p.id, out, &res, &err) != LL_OK)
        return fail(&err);
    printf(_("已把第 %lld 号同步包（%d 处修改）写入 %s，请交给%s导入。\n"), res.seq, res.changes,
           res.file, p.name[0] ? p.name : p.scope_name);
    return EXIT_OK;
}

static void print_line(void *ctx, const char *line)
{
    (void)ctx;
    printf("  %s\n", line);
}

static bool ask_yes(void)
{
    char answer[16];
    printf(_("导入这些修改吗？[y/N] "));
    fflush(stdout);
    return fgets(answer, sizeof answer, stdin) && (answer[0] == 'y' || answer[0] == 'Y');
}

static int cmd_import(struct ll_db *db, const char *path, bool yes)
{
    struct ll_error err = {0};
    struct sync_import *imp;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fprintf(stderr,
                _("lianluo：%s 是文件夹：请写出要导入的同步包文件（以 .llsync 结尾）的名字。\n"),
                path);
        return EXIT_FAILED;
    }
    if (sync_import_open(db, path, &imp, &err) != LL_OK) {
        fprintf(stderr, _("lianluo：同步包 %s 没有导入。\n"), path);
        return fail(&err);
    }
    const struct sync_preview *pv = sync_import_preview(imp);
    if (pv->replay) {
        printf(_("「%s」的第 %lld 号包已经导入过，这次没有任何改动。\n"), pv->peer.name, pv->seq);
        sync_import_free(imp);
        return EXIT_OK;
    }
    printf(_("来自「%s」的第 %lld 号同步包（%s 制作），共 %d 处修改：\n"), pv->peer.name, pv->seq,
           pv->made_at, pv->changes);
    for (int i = 0; i < pv->nkinds; i++) {
        const struct sync_kind_count *k = &pv->kinds[i];
        if (k->label[0])
            printf(_("  %s：新增 %d，修改 %d，删除 %d\n"), k->label, k->inserts, k->updates,
                   k->deletes);
    }
    if (pv->changes) {
        printf(_("其中：\n"));
        sync_import_records(imp, 50, print_line, NULL, &err);
        if (pv->changes > 50)
            printf(_("  ……（另有 %d 处）\n"), pv->changes - 50);
    }
    if (!yes && !(isatty(0) && ask_yes())) {
        printf(isatty(0) ? _("没有导入。\n")
                         : _("没有导入：确认无误后加 --yes 再运行一次即导入。\n"));
        sync_import_free(imp);
        return EXIT_OK;
    }
    struct sync_import_result res;
    enum ll_status st = sync_import_apply(imp, &res, &err);
    sync_import_free(imp);
    if (st != LL_OK)
        return fail(&err);
    printf(_("已导入：改动 %d 处，本机原已相同 %d 处，冲突 %d 处。\n"), res.applied, res.unchanged,
           res.conflicts);
    if (res.conflicts)
        printf(_("冲突的另一版本都已保存：用 lianluo sync conflicts 查看，sync take 编号 采用另"
                 "一版本。\n"));
    return EXIT_OK;
}

static void print_history(void *ctx, const struct sync_history_row *h)
{
    (void)ctx;
    const char *dir = strcmp(h->direction, "out") == 0  ? _("发出")
                      : strcmp(h->direction, "in") == 0 ? _("导入")
                                                        : _("拒收");
    printf(_("%.19s  %s  %s  第 %lld 号  %d 处修改  %s\n"), h->at, dir, h->peer_name, h->seq,
           h->changes, h->summary);
}

static void print_conflict(void *ctx, const struct sync_conflict *c)
{
    ++*(int *)ctx;
    printf(_("%s  %.19s  %s「%s」\n          %s\n          另一版本：%s\n"), short_id(c->id), c->at,
           c->table_label, c->label, c->explanation,
           c->other_version[0] ? c->other_version : _("（已删除）"));
}

/* A conflict named by the start of its id. */
struct conflict_pick {
    const char *prefix;
    char id[LL_ID_LEN];
    int matches;
};

static void pick_conflict(void *ctx, const struct sync_conflict *c)
{
    struct conflict_pick *p = ctx;
    size_t n = strlen(p->prefix), len = strlen(c->id);
    if (n >= 4 && n <= len && strcmp(c->id + len - n, p->prefix) == 0) {
        snprintf(p->id, sizeof p->id, "%s", c->id);
        p->matches++;
    }
}

static int cmd_resolve(struct ll_db *db, const char *prefix, bool take)
{
    struct ll_error err = {0};
    struct conflict_pick p = {.prefix = prefix};
    if (sync_conflict_list(db, 100000, pick_conflict, &p, &err) != LL_OK)
        return fail(&err);
    if (p.matches != 1) {
        fprintf(stderr,
                p.matches
                    ? _("lianluo：有几个冲突的编号都以 %s 结尾，请多写几位。\n")
                    : _("lianluo：没有编号以 %s 结尾的未处理冲突（sync conflicts 列出编号）。\n"),
                prefix);
        return EXIT_FAILED;
    }
    if ((take ? sync_conflict_take : sync_conflict_dismiss)(db, p.id, &err) != LL_OK)
        return fail(&err);
    printf(take ? _("已采用另一版本，它会随下一个同步包发出。\n")
                : _("已保留本机现在的记录，这个冲突不再列出。\n"));
    return EXIT_OK;
}

int cli_sync(struct ll_db *db, const struct ll_config *cfg, int argc, char **argv)
{
    const char *w[2] = {NULL, NULL};
    words(argc, argv, w, 2);
    const char *sub = argv[1];
    struct ll_error err = {0};
    if (strcmp(sub, "peers") == 0)
        return cmd_peers(db);
    if (strcmp(sub, "pair") == 0)
        return cmd_pair(db, cfg, w[0], option(argc, argv, "--township"));
    if (strcmp(sub, "join") == 0)
        return cmd_join(db, cfg, w[0]);
    if (strcmp(sub, "export") == 0)
        return cmd_export(db, cfg, option(argc, argv, "--to"), option(argc, argv, "--again"),
                          option(argc, argv, "-o"));
    if (strcmp(sub, "import") == 0)
        return cmd_import(db, w[0], has_flag(argc, argv, "--yes"));
    if (strcmp(sub, "history") == 0)
        return sync_history_list(db, 200, print_history, NULL, &err) == LL_OK ? EXIT_OK
                                                                              : fail(&err);
    if (strcmp(sub, "conflicts") == 0) {
        int n = 0;
        if (sync_conflict_list(db, 1000, print_conflict, &n, &err) != LL_OK)
            return fail(&err);
        if (n == 0)
            printf(_("没有待处理的冲突。\n"));
        return EXIT_OK;
    }
    if (strcmp(sub, "take") == 0 || strcmp(sub, "dismiss") == 0)
        return cmd_resolve(db, w[0], strcmp(sub, "take") == 0);
    if (strcmp(sub, "unpair") == 0) {
        struct sync_peer p;
        if (sync_peer_find(db, w[0], &p, &err) != LL_OK ||
            sync_peer_delete(db, p.id, &err) != LL_OK)
            return fail(&err);
        printf(_("已删除与「%s」的配对（历史记录保留）。\n"), p.name[0]         ? p.name
                                                              : p.scope_name[0] ? p.scope_name
                                                                                : _("上级站点"));
        return EXIT_OK;
    }
    return sync_usage();
}
