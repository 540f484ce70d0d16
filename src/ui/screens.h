/* The screens of the program and what they share. Each screen is mostly a table of columns
 * or fields handed to the list and form engines. */
#ifndef LL_UI_SCREENS_H
#define LL_UI_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lianluo/config.h"
#include "ui/ui.h"
#include "lianluo/db.h"
#include "lianluo/deputy.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"

/* What every screen needs. */
struct app {
    struct ll_db *db;
    const struct ll_config *cfg;       /* = &cfg_store */
    struct ll_config cfg_store;        /* the settings screen changes it */
    const struct ui_config_file *file; /* lianluo.ini, which the settings screen writes */
    struct db_backup_job *backup;      /* the day's backup, made meanwhile (or NULL) */
};

void station_list_screen(struct app *app);
void deputy_list_screen(struct app *app);
void group_list_screen(struct app *app);
void gaps_screen(struct app *app);
void settings_screen(struct app *app);
void volunteer_list_screen(struct app *app, const struct station *s);
void ledger_main_screen(struct app *app);
void problem_main_screen(struct app *app);
void contact_main_screen(struct app *app);
void counts_screen(struct app *app);
/* 同步: pairings, packages out and in, their history and the conflicts. */
void sync_main_screen(struct app *app);

/* A period as the user typed it (2026, 2026-03, a day; "" = all dates) and its two ends. */
struct period {
    char text[32];
    char from[11], to[11];
};
void period_this_year(struct period *p);
void period_describe(const struct period *p, char *out, size_t size);
/* Asks for a period until it is one, or Esc (false). */
bool period_ask(struct period *p);
/* All stations, or one chosen (of township_id when not ""); false on Esc. */
bool station_filter_ask(struct app *app, const char *township_id, char *station_id, size_t idsz,
                        char *name, size_t namesz);
/* All deputies (id ""), or one picked from the roster (of township_id when not ""); false on
 * Esc, nothing changed. */
bool deputy_filter_ask(struct app *app, const char *township_id, char id[LL_ID_LEN], char *name,
                       size_t namesz);
/* Where and when a list of ledger entries or problems looks: a township or a station (or all)
 * and a period. A screen's state starts with it; the handlers below then serve as its keys. */
struct list_place {
    struct app *app;
    char township_id[LL_ID_LEN];
    char township_name[64];
    char station_id[LL_ID_LEN];
    char station_name[128];
    struct period period; /* "" = every date */
};
void list_place_init(struct list_place *p, struct app *app, const struct station *s,
                     const struct period *period);
/* Copies it into the fields of a model filter. */
void list_place_apply(const struct list_place *p, char township_id[LL_ID_LEN],
                      char station_id[LL_ID_LEN], char from[11], char to[11]);
/* "<what>：<station, township's stations or all>  <period>" */
void list_place_title(const struct list_place *p, const char *what, char *buf, size_t size);
int list_place_station(void *self);  /* s */
int list_place_township(void *self); /* t */
int list_place_period(void *self);   /* m */

/* Asks for a file name (default_name in the home folder) and writes it with write(), whole or
 * not at all; msg says where it went, or why not (*error). */
typedef enum ll_status (*write_fn)(void *ctx, FILE *out, int *rows, struct ll_error *err);
bool write_file_asked(const char *default_name, write_fn write, void *ctx, char *msg, size_t msgsz,
                      bool *error);
/* This PC's township, for a township's PC ([site] role = township and township). */
bool township_of_site(struct app *app, char *id, size_t idsz, char *name, size_t namesz);
/* This PC's station ([site] station in lianluo.ini), when there is one. */
bool station_of_site(struct app *app, struct station *out);

/* The ledger of one station for a period (NULL station: every station); problems of one entry,
 * or of a station (open ones), or all. */
void ledger_list_screen(struct app *app, const struct station *s, const struct period *p);
void problem_list_screen(struct app *app, const struct station *s, const struct ledger_entry *e,
                         bool open_only);
/* A station's page: its six haves, this year's ledger in figures and its open problems. */
void station_page(struct app *app, const char *station_id);

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
/* A deputy of township_id ("" = any), searchable. */
bool pick_deputy(struct app *app, const char *township_id, struct deputy *out);
/* The deputies present at e: a checklist of e's station's deputies (others can be added from
 * the roster). Writes e's deputies when the user confirms. */
bool pick_present_deputies(struct app *app, struct ledger_entry *e);

/* Column getters shared by lists. */
const char *station_kind_short(enum station_kind kind);
/* A station's name for a narrow column: 长岭村人大代表片区联络站 -> 长岭村片区. */
const char *station_short_name(const char *name, char *buf, size_t size);

#endif
