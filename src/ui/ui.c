/* ui_run and the main menu. */
#include "ui/ui.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/screens.h"
#include "ui/term.h"

struct menu_item {
    char key;          /* typed on the menu, it opens the item at once */
    const char *label; /* msgid */
    const char *note;  /* msgid: one line on what it holds */
    void (*run)(struct app *app);
};

static void help_item(struct app *app);

static const struct menu_item main_items[] = {
    {'1', N_("联络站网络"), N_("中心联络站、片区联络站、六有标准、管理员和志愿者"),
     station_list_screen},
    {'2', N_("代表名册"), N_("五级人大代表，按乡镇、层级、联络站查找"), deputy_list_screen},
    {'3', N_("代表小组"), N_("代表小组及其所在联络站"), group_list_screen},
    {'4', N_("联络站台账"), N_("接待群众、走访调研等活动的台账"), ledger_main_screen},
    {'5', N_("群众反映问题"), N_("登记、交办、办结，超期提醒"), problem_main_screen},
    /* a letter: the items after it keep the digits people know */
    {'l', N_("联系代表"), N_("领导联系代表：走访、座谈、协调解决事项"), contact_main_screen},
    {'6', N_("统计报表"), N_("各乡镇、各站的台账和问题办理数字"), counts_screen},
    {'7', N_("待完善事项"), N_("未进站的代表、六有不全的联络站"), gaps_screen},
    /* a letter: the items around it keep the digits people know */
    {'s', N_("同步"), N_("用 U 盘与上下级站点交换数据：导出、导入"), sync_main_screen},
    {'8', N_("本机设置"), N_("单位名称、本机角色、所属乡镇、操作员、界面语言"), settings_screen},
    {'9', N_("帮助"), N_("怎样使用本程序"), help_item},
    {'0', N_("退出"), N_("退出程序（所有保存都已写入）"), NULL},
};
#define MAIN_ITEMS ((int)(sizeof main_items / sizeof main_items[0]))

/* The item typed key opens, or -1. */
static int menu_item_of_key(int key)
{
    if (key >= 'A' && key <= 'Z')
        key += 'a' - 'A';
    for (int i = 0; i < MAIN_ITEMS; i++)
        if (main_items[i].key == key)
            return i;
    return -1;
}

struct main_menu {
    struct app *app;
    int cur;
    bool quit; /* quitting, waiting for the day's backup: the menu's keys no longer apply */
    char notice[512];
    struct keyscope scope;
};

static const char *const main_help =
    N_("主菜单列出本程序的各项工作。用上下方向键选择，按 Enter 进入。每个画面底部一行列出"
       "该画面最常用的按键（放得下多少列多少），按 F1 可看到全部按键和说明。录入的内容按 F2 "
       "保存后立即写入数据库，退出程序不会丢失。");

static void main_menu_draw(void *obj)
{
    struct main_menu *m = obj;
    const struct ll_config *cfg = m->app->cfg;
    char title[512];
    snprintf(title, sizeof title, _("人大代表联络站管理  主菜单"));
    draw_title(title);
    char who[512];
    snprintf(who, sizeof who, _("本机：%s（%s）  操作员：%s"),
             cfg->site_name[0] ? cfg->site_name : _("未设置单位"),
             cfg->role == SITE_COUNTY    ? _("县人大")
             : cfg->role == SITE_STATION ? _("联络站")
                                         : _("乡镇人大"),
             cfg->operator_name[0] ? cfg->operator_name : _("未设置"));
    draw_text(2, 4, COLS - 8, who, TEXT_LEFT, A_NORMAL);
    int y0 = 4, step = y0 + 2 * MAIN_ITEMS <= LINES - 2 ? 2 : 1; /* 80x24: one line each */
    for (int i = 0; i < MAIN_ITEMS; i++) {
        char line[256];
        snprintf(line, sizeof line, " %c  %s", main_items[i].key, _(main_items[i].label));
        attr_t a = i == m->cur ? term_attr(COLOR_SELECTED) : A_NORMAL;
        draw_text(y0 + step * i, 8, 20, line, TEXT_LEFT, a);
        draw_text(y0 + step * i, 30, COLS - 32, _(main_items[i].note), TEXT_LEFT, A_NORMAL);
    }
    if (m->notice[0]) { /* a long one (a config path, say) wraps upwards, over the blank rows */
        int lines = text_wrap_lines(m->notice, COLS);
        if (lines > 3)
            lines = 3;
        draw_wrapped(LINES - 1 - lines, 0, COLS, m->notice, lines, term_attr(COLOR_ERROR));
    }
    if (m->quit) { /* the box over the menu says which key works */
        move(LINES - 1, 0);
        clrtoeol();
    } else {
        keybar_draw(&m->scope, LINES - 1);
    }
}

static int menu_up(void *self)
{
    struct main_menu *m = self;
    m->cur = (m->cur + MAIN_ITEMS - 1) % MAIN_ITEMS;
    return KR_STAY;
}

static int menu_down(void *self)
{
    struct main_menu *m = self;
    m->cur = (m->cur + 1) % MAIN_ITEMS;
    return KR_STAY;
}

static int menu_open(void *self)
{
    struct main_menu *m = self;
    if (main_items[m->cur].run == NULL)
        return KR_CLOSE;
    main_items[m->cur].run(m->app);
    return KR_STAY;
}

static int menu_quit(void *self)
{
    (void)self;
    return KR_CLOSE;
}

static const struct key_handler main_keys[] = {
    {ACT_UP, menu_up, N_("选择"), true, N_("在菜单项之间上下移动"), N_("上下方向键")},
    {ACT_OPEN, menu_open, N_("进入"), true, NULL, NULL},
    {ACT_JUMP, NULL, NULL, true,
     N_("按菜单项前的数字或字母（如 s 同步、l 联系代表），直接进入该项"), "0-9 s l"},
    {ACT_QUIT, menu_quit, NULL, true, NULL, NULL},
    {ACT_DOWN, menu_down, NULL, false, NULL, N_("上下方向键")}, /* one line in F1 */
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static void help_item(struct app *app)
{
    (void)app;
    struct keyscope scope = {{main_keys, NULL, NULL}, _("使用说明"), _(main_help)};
    help_show(&scope);
}

/* Quitting while the day's backup is still being made: the screens wait for it, saying how
 * far it is, unless Esc cancels it (a province's copy takes minutes). */
struct backup_wait {
    struct dialog_box box;
    char text[512];
};

static bool backup_wait_say(struct backup_wait *w, int percent, bool checking, bool cancelling)
{
    char text[sizeof w->text];
    if (cancelling)
        snprintf(text, sizeof text, "%s", _("正在取消今天的自动备份，马上退出……"));
    else if (checking)
        snprintf(text, sizeof text, "%s",
                 _("正在完成今天的自动备份（已复制完，正在检查备份）。按 Esc 取消备份并立即退出，"
                   "下次启动时会重新备份。"));
    else
        snprintf(text, sizeof text,
                 _("正在完成今天的自动备份（已复制 %d%%）。按 Esc 取消备份并立即退出，下次启动"
                   "时会重新备份。"),
                 percent);
    if (strcmp(text, w->text) == 0)
        return false;
    snprintf(w->text, sizeof w->text, "%s", text);
    return true;
}

static void backup_wait(struct db_backup_job *job)
{
    struct backup_wait w = {.box = {w.text, _("Esc 取消备份")}};
    bool cancelling = false;
    dialog_box_push(&w.box);
    while (db_backup_daily_busy(job)) {
        int percent;
        bool checking = db_backup_daily_progress(job, &percent);
        if (backup_wait_say(&w, percent, checking, cancelling))
            term_changed();
        int key = term_getkey_within(200);
        if (key == -1) /* the terminal is gone: the copy is finished without it */
            break;
        if (key == LL_ESC && !cancelling) {
            db_backup_daily_cancel(job);
            cancelling = true;
            w.box.hint = "";
        }
    }
    dialog_box_pop();
}

static void main_menu_run(struct app *app, const char *startup_message)
{
    struct main_menu m = {.app = app};
    snprintf(m.notice, sizeof m.notice, "%s", startup_message ? startup_message : "");
    m.scope.tables[0] = main_keys;
    m.scope.title = _("主菜单");
    m.scope.help = _(main_help);
    term_push(main_menu_draw, &m, true);
    bool backup_told = false;
    char damaged[sizeof m.notice] = "";
    for (;;) {
        /* the day's backup failed meanwhile: said on the main menu as soon as it is known;
         * a database found damaged is said every time the menu is shown */
        char why[sizeof m.notice - 128];
        enum ll_status failed = db_backup_daily_failed(app->backup, why, sizeof why);
        if (!backup_told && failed != LL_OK) {
            ui_backup_notice(m.notice, sizeof m.notice, failed, why);
            if (failed == LL_EDB)
                snprintf(damaged, sizeof damaged, "%s", m.notice);
            backup_told = true;
            term_changed();
        }
        if (!m.notice[0] && damaged[0])
            snprintf(m.notice, sizeof m.notice, "%s", damaged);
        /* while the copy is made, the menu looks every half second whether it failed */
        int key = term_getkey_within(db_backup_daily_busy(app->backup) ? 500 : -1);
        if (key == TERM_NO_KEY)
            continue;
        if (key == -1)
            break;
        m.notice[0] = '\0';
        int item = menu_item_of_key(key); /* 1-9, 0 and a letter jump to an item */
        if (item >= 0) {
            m.cur = item;
            key = '\n';
        }
        if (keys_dispatch(&m.scope, key, &m) == KR_CLOSE) {
            if (db_backup_daily_busy(app->backup)) {
                m.quit = true;
                term_changed();
                backup_wait(app->backup); /* over the menu */
            }
            break;
        }
    }
    term_pop();
}

void ui_backup_notice(char *out, size_t size, enum ll_status status, const char *why)
{
    if (status == LL_EDB) { /* the database itself: the reason says what to do */
        snprintf(out, size, "%s", why);
        return;
    }
    char reason[512];
    snprintf(reason, sizeof reason, "%s", why);
    size_t len = strlen(reason); /* one full stop, ours */
    if (len >= 3 && strcmp(reason + len - 3, "。") == 0)
        reason[len - 3] = '\0';
    snprintf(out, size,
             _("今天的自动备份没有做成：%s。请检查备份文件夹的权限和磁盘空间，程序可照常使用。"),
             reason);
}

int ui_run(struct ll_db *db, const struct ll_config *cfg, const struct ui_config_file *file,
           const char *startup_message, struct db_backup_job *backup)
{
    if (term_start(cfg) != 0)
        return 1;
    struct app app = {.db = db, .cfg_store = *cfg, .file = file, .backup = backup};
    app.cfg = &app.cfg_store;
    draw_set_site(cfg->site_name);
    main_menu_run(&app, startup_message);
    term_stop();
    return 0;
}
