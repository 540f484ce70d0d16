/* 本机设置: what this installation is (unit, role, township, operator, language), written
 * back to lianluo.ini — so nobody has to edit the file by hand. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "lianluo/township.h"
#include "ui/screens.h"

#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define CF(m)                                                                                      \
    .name = #m, .offset = offsetof(struct ll_config, m), .size = MEMBER_SIZE(struct ll_config, m)

static const char *role_choice(int i)
{
    static const char *const labels[] = {N_("县人大"), N_("乡镇人大"), N_("联络站")};
    return i >= 0 && i < 3 ? _(labels[i]) : "";
}

/* The form edits the configuration and, beside it, the language as a choice. */
struct settings_rec {
    struct ll_config cfg; /* first: the CF() offsets are into it */
    int language;         /* index into language_codes */
};

static const char *const language_codes[] = {"zh", "en"};

static const char *language_choice(int i)
{
    /* each language named in itself, so it can be found whatever the screen shows */
    static const char *const names[] = {"中文", "English"};
    return i >= 0 && i < 2 ? names[i] : "";
}

static const struct form_field settings_fields[] = {
    {CF(site_name), .label = N_("单位名称"), .type = FIELD_TEXT, .max_chars = 40,
     .hint = N_("如 桃花江镇人大、桃江县人大常委会代表工委")},
    {CF(role), .label = N_("本机角色"), .type = FIELD_CHOICE, .nchoices = 3,
     .choice_label = role_choice, .hint = N_("县、乡镇或联络站：决定本机数据交换的范围")},
    {CF(township), .label = N_("所属乡镇"), .type = FIELD_TEXT, .max_chars = 20,
     .hint = N_("乡镇人大和联络站填写；县人大可留空")},
    {CF(station), .label = N_("本联络站"), .type = FIELD_TEXT, .max_chars = 40,
     .hint = N_("联络站的电脑填本站全名：台账、问题默认是本站的")},
    {CF(operator_name), .label = N_("操作员"), .type = FIELD_TEXT, .max_chars = 20,
     .hint = N_("记入修改日志：谁在什么时候改了哪条记录")},
    {.name = "language",
     .offset = offsetof(struct settings_rec, language),
     .label = N_("界面语言"),
     .type = FIELD_CHOICE,
     .nchoices = 2,
     .choice_label = language_choice,
     .hint = N_("左右方向键切换（下次启动时生效）")},
};

struct settings_ctx {
    struct app *app;
};

static enum ll_status settings_save(void *ctx, void *rec, struct ll_error *err)
{
    struct settings_ctx *sc = ctx;
    struct settings_rec *edit = rec;
    struct ll_config *cfg = &edit->cfg;
    snprintf(cfg->language, sizeof cfg->language, "%s", language_codes[edit->language]);
    if (sc->app->file->broken)
        return ll_error_set(err, LL_EINVAL,
                            _("配置文件 %s 有误，为免覆盖其中的内容，请先修正或删除它。"),
                            sc->app->file->path);
    text_trim(cfg->station);
    if (cfg->station[0]) { /* a name the lists can find, or they would quietly show every station */
        struct station found;
        struct township t;
        char township_id[LL_ID_LEN] = "";
        struct ll_error ignored = {0};
        text_trim(cfg->township);
        if (cfg->township[0] && township_find(sc->app->db, cfg->township, &t, &ignored) == LL_OK)
            snprintf(township_id, sizeof township_id, "%s", t.id);
        int same_name = 0;
        if (!township_id[0] &&
            station_count_named(sc->app->db, cfg->station, &same_name, &ignored) == LL_OK &&
            same_name > 1)
            return ll_error_field(err, "township",
                                  _("有 %d 个乡镇都有叫「%s」的联络站，请填写所属乡镇。"),
                                  same_name, cfg->station);
        if (station_find(sc->app->db, township_id, cfg->station, &found, &ignored) != LL_OK)
            return cfg->township[0]
                       ? ll_error_field(err, "station",
                                        _("%s没有叫「%s」的联络站，请写联络站列表中的全名。"),
                                        cfg->township, cfg->station)
                       : ll_error_field(err, "station",
                                        _("没有叫「%s」的联络站，请写联络站列表中的全名。"),
                                        cfg->station);
    }
    /* A --db given on the command line is for this run only: keep the file's own path. */
    struct ll_config to_file = *cfg;
    snprintf(to_file.db_path, sizeof to_file.db_path, "%s", sc->app->file->db_path);
    if (config_save(&to_file, sc->app->file->path, err) != LL_OK)
        return err->status;
    sc->app->cfg_store = *cfg;
    draw_set_site(cfg->site_name); /* the title bar names the unit at once */
    return LL_OK;
}

static const struct form_def settings_form = {
    .help =
        N_("本机设置写入配置文件 lianluo.ini：单位名称、本机角色（县、乡镇、联络站）、所属乡镇、"
           "本联络站、操作员和界面语言。操作员会记入修改日志。乡镇人大的电脑打开台账、问题和"
           "统计时默认看本乡镇，联络站的电脑默认看本站。"),
    .fields = settings_fields,
    .nfields = (int)(sizeof settings_fields / sizeof settings_fields[0]),
    .rec_size = sizeof(struct settings_rec),
    .save = settings_save,
};

void settings_screen(struct app *app)
{
    struct settings_ctx sc = {app};
    struct settings_rec edit = {.cfg = app->cfg_store,
                                .language = strcmp(app->cfg_store.language, "en") == 0};
    char title[256];
    snprintf(title, sizeof title, _("本机设置（%s）"), app->file->path);
    form_run(&settings_form, &sc, &edit, title);
}
