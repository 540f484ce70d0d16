/* What several lists share: a period typed as a year, a month or a day; a station or all of
 * them; writing a file the user names (an export, a printable ledger). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file_replace.h"
#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/ledger.h"
#include "lianluo/station.h"
#include "lianluo/sync.h"
#include "lianluo/township.h"
#include "ui/dialog.h"
#include "ui/listview.h"
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
            /* shown, and offered next time, in its usual form: 2026, 2026-03 */
            bool year = strcmp(next.from + 4, "-01-01") == 0 && strcmp(next.to + 4, "-12-31") == 0;
            if (text[0] && year)
                snprintf(next.text, sizeof next.text, "%.4s", next.from);
            else if (text[0] && strcmp(next.from, next.to) != 0)
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

bool township_of_site(struct app *app, char *id, size_t idsz, char *name, size_t namesz)
{
    const struct ll_config *cfg = app->cfg;
    struct township t;
    struct ll_error err = {0};
    char assigned[LL_ID_LEN], station_id[LL_ID_LEN];
    /* what the county said this township is, once paired; else the settings */
    sync_own_scope(app->db, assigned, station_id);
    if (cfg->role == SITE_TOWNSHIP && assigned[0] &&
        township_get(app->db, assigned, &t, &err) == LL_OK) {
        snprintf(id, idsz, "%s", t.id);
        snprintf(name, namesz, "%s", t.name);
        return true;
    }
    if (cfg->role != SITE_TOWNSHIP || !cfg->township[0] ||
        township_find(app->db, cfg->township, &t, &err) != LL_OK)
        return false;
    snprintf(id, idsz, "%s", t.id);
    snprintf(name, namesz, "%s", t.name);
    return true;
}

bool station_of_site(struct app *app, struct station *out)
{
    const struct ll_config *cfg = app->cfg;
    struct ll_error err = {0};
    char township_assigned[LL_ID_LEN], assigned[LL_ID_LEN];
    /* what the township said this station is, once paired; else the settings */
    sync_own_scope(app->db, township_assigned, assigned);
    if (assigned[0] && station_get(app->db, assigned, out, &err) == LL_OK)
        return true;
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

bool deputy_filter_ask(struct app *app, const char *township_id, char id[LL_ID_LEN], char *name,
                       size_t namesz)
{
    const char *items[] = {_("全部代表"), _("选择一位代表")};
    int r = dialog_choose(_("按代表查看"), items, 2, id[0] ? 1 : 0);
    struct deputy d;
    if (r == 0) {
        id[0] = '\0';
        return true;
    }
    if (r != 1 || !pick_deputy(app, township_id, &d))
        return false;
    snprintf(id, LL_ID_LEN, "%s", d.id);
    snprintf(name, namesz, "%s", d.name);
    return true;
}

/* ---- where and when a list looks --------------------------------------------------------- */

void list_place_init(struct list_place *p, struct app *app, const struct station *s,
                     const struct period *period)
{
    memset(p, 0, sizeof *p);
    p->app = app;
    if (period)
        p->period = *period;
    if (s) {
        snprintf(p->station_id, sizeof p->station_id, "%s", s->id);
        snprintf(p->station_name, sizeof p->station_name, "%s", s->name);
    } else {
        township_of_site(app, p->township_id, sizeof p->township_id, p->township_name,
                         sizeof p->township_name);
    }
}

void list_place_apply(const struct list_place *p, char township_id[LL_ID_LEN],
                      char station_id[LL_ID_LEN], char from[11], char to[11])
{
    memcpy(township_id, p->township_id, LL_ID_LEN);
    memcpy(station_id, p->station_id, LL_ID_LEN);
    memcpy(from, p->period.from, 11);
    memcpy(to, p->period.to, 11);
}

void list_place_title(const struct list_place *p, const char *what, char *buf, size_t size)
{
    char period[64], where[160];
    period_describe(&p->period, period, sizeof period);
    if (p->station_id[0])
        snprintf(where, sizeof where, "%s", p->station_name);
    else if (p->township_id[0])
        snprintf(where, sizeof where, _("%s各站"), p->township_name);
    else
        snprintf(where, sizeof where, "%s", _("全部联络站"));
    snprintf(buf, size, _("%s：%s  %s"), what, where, period);
}

/* The handlers below run on a list whose ctx starts with a struct list_place. */
static struct list_place *place_of(void *self)
{
    return ((struct listview *)self)->ctx;
}

int list_place_station(void *self)
{
    struct list_place *p = place_of(self);
    if (station_filter_ask(p->app, p->township_id, p->station_id, sizeof p->station_id,
                           p->station_name, sizeof p->station_name))
        listview_reload_first(self);
    return KR_STAY;
}

int list_place_township(void *self)
{
    struct list_place *p = place_of(self);
    if (!pick_township(p->app, true, false, p->township_id, sizeof p->township_id, p->township_name,
                       sizeof p->township_name))
        return KR_STAY;
    p->station_id[0] = '\0'; /* a station of another township would hide everything */
    listview_reload_first(self);
    return KR_STAY;
}

int list_place_period(void *self)
{
    if (period_ask(&place_of(self)->period))
        listview_reload_first(self);
    return KR_STAY;
}
