/* What several lists share: a period typed as a year, a month or a day; a station or all of
 * them; writing a file the user names (an export, a printable ledger). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/ledger.h"
#include "lianluo/township.h"
#include "ui/dialog.h"
#include "ui/screens.h"

void period_this_year(struct period *p)
{
    char today[11];
    date_today(today);
    snprintf(p->text, sizeof p->text, "%.4s", today);
    period_parse(p->text, p->from, p->to);
}

void period_describe(const struct period *p, char *out, size_t size)
{
    if (!p->from[0] && !p->to[0])
        snprintf(out, size, "%s", _("全部日期"));
    else if (strcmp(p->from, p->to) == 0)
        snprintf(out, size, "%s", p->from);
    else if (p->text[0] && strlen(p->text) <= 4)
        snprintf(out, size, _("%s 年"), p->text);
    else
        snprintf(out, size, "%s ~ %s", p->from, p->to);
}

bool period_ask(struct period *p)
{
    char text[32];
    snprintf(text, sizeof text, "%s", p->text);
    for (;;) {
        if (!dialog_prompt(_("期间（年 2026、月 2026-03 或日期；留空为全部）："), text, sizeof text,
                           16))
            return false;
        struct period next = {0};
        snprintf(next.text, sizeof next.text, "%s", text);
        if (!text[0] || period_parse(text, next.from, next.to)) {
            /* a month shows as the month */
            if (text[0] && strcmp(next.from, next.to) != 0 && strlen(text) > 4)
                snprintf(next.text, sizeof next.text, "%.7s", next.from);
            *p = next;
            return true;
        }
        char msg[160];
        snprintf(msg, sizeof msg,
                 _("「%s」不是年份、月份或日期，请写成 2026、2026-03 或 2026-03-15。"), text);
        dialog_message(msg);
    }
}

bool station_filter_ask(struct app *app, const char *township_id, char *station_id, size_t idsz,
                        char *name, size_t namesz)
{
    const char *items[] = {_("全部联络站"), _("选择一个联络站")};
    int r = dialog_choose(_("按联络站查看"), items, 2, station_id[0] ? 1 : 0);
    struct station s;
    if (r == 0) {
        station_id[0] = name[0] = '\0';
        return true;
    }
    if (r == 1 && pick_station(app, township_id, -1, NULL, _("选择联络站"), &s)) {
        snprintf(station_id, idsz, "%s", s.id);
        snprintf(name, namesz, "%s", s.name);
        return true;
    }
    return false;
}

bool station_of_site(struct app *app, struct station *out)
{
    const struct ll_config *cfg = app->cfg;
    struct ll_error err = {0};
    if (!cfg->station[0])
        return false;
    char township_id[LL_ID_LEN] = "";
    struct township t;
    if (cfg->township[0] && township_find(app->db, cfg->township, &t, &err) == LL_OK)
        snprintf(township_id, sizeof township_id, "%s", t.id);
    return station_find(app->db, township_id, cfg->station, out, &err) == LL_OK;
}

bool write_file_asked(const char *default_name, write_fn write, void *ctx, char *msg, size_t msgsz,
                      bool *error)
{
    char path[1024];
    const char *home = getenv("HOME");
    snprintf(path, sizeof path, "%s/%s", home && home[0] ? home : ".", default_name);
    *error = false;
    msg[0] = '\0';
    if (!dialog_prompt(_("写到文件（可改路径，如U盘 /media/...）："), path, sizeof path, 200) ||
        !path[0])
        return false;
    struct ll_error err = {0};
    struct file_replace target;
    int rows = 0;
    enum ll_status st = file_replace_open(&target, path, &err);
    if (st == LL_OK) {
        st = write(ctx, target.f, &rows, &err);
        st = file_replace_close(&target, path, st, &err);
    }
    if (st != LL_OK) {
        snprintf(msg, msgsz, "%s", err.msg);
        *error = true;
        return false;
    }
    snprintf(msg, msgsz, _("已写入 %s（%d 条）"), path, rows);
    return true;
}
