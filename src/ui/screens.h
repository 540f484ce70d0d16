/* The screens of the program and what they share. Each screen is mostly a table of columns
 * or fields handed to the list and form engines. */
#ifndef LL_UI_SCREENS_H
#define LL_UI_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/config.h"
#include "ui/ui.h"
#include "lianluo/db.h"
#include "lianluo/deputy.h"
#include "lianluo/station.h"

/* What every screen needs. */
struct app {
    struct ll_db *db;
    const struct ll_config *cfg;       /* = &cfg_store */
    struct ll_config cfg_store;        /* the settings screen changes it */
    const struct ui_config_file *file; /* lianluo.ini, which the settings screen writes */
};

void station_list_screen(struct app *app);
void deputy_list_screen(struct app *app);
void group_list_screen(struct app *app);
void gaps_screen(struct app *app);
void settings_screen(struct app *app);
void volunteer_list_screen(struct app *app, const struct station *s);

/* Opens the form of a station (id "" = a new one, in township_id when not ""). True when it
 * was saved; key_out then holds its sort key, to find it in a list. */
bool station_edit(struct app *app, const char *id, const char *township_id, char *key_out,
                  size_t keysz);
/* Deletes a station after asking, and where its deputies go when it has some. Writes what
 * happened (or why not) into msg; true when deleted. */
bool station_remove(struct app *app, const struct station *s, char *msg, size_t msgsz, bool *error);
bool deputy_edit(struct app *app, const char *id, const struct deputy_filter *preset, char *key_out,
                 size_t keysz);

/* Choosers. pick_township: allow_all adds "全部乡镇" (id ""), allow_new lets the user type a new
 * township. False on Esc. */
bool pick_township(struct app *app, bool allow_all, bool allow_new, char *id, size_t idsz,
                   char *name, size_t namesz);
/* A station of township_id ("" = any) and kind (-1 = any); exclude_id is refused. */
bool pick_station(struct app *app, const char *township_id, int kind, const char *exclude_id,
                  const char *title, struct station *out);
bool pick_group(struct app *app, const char *township_id, struct deputy_group *out);

/* Column getters shared by lists. */
const char *station_kind_short(enum station_kind kind);

#endif
