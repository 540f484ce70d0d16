/* lianluo.ini: what this installation is and how it looks. Read with iniparser through a
 * wrapper that survives everything iniparser 4.1 gets wrong (see DESIGN.md). */
#ifndef LIANLUO_CONFIG_H
#define LIANLUO_CONFIG_H

#include <limits.h>
#include <stdbool.h>

#include "lianluo/error.h"

enum site_role { SITE_COUNTY, SITE_TOWNSHIP, SITE_STATION };

/* Colour pairs of the screens, each "foreground,background" in lianluo.ini [colors]. */
enum color_slot {
    COLOR_NORMAL,
    COLOR_TITLE,
    COLOR_SELECTED,
    COLOR_KEYBAR,
    COLOR_ERROR,
    COLOR_FIELD,
    COLOR_SLOT_COUNT
};

struct color_pair {
    short fg, bg; /* curses colour numbers 0-7, -1 for the terminal default */
};

struct ll_config {
    char db_path[PATH_MAX]; /* [database] path; "" = $XDG_DATA_HOME/lianluo/lianluo.db */
    char site_name[128];    /* [site] name, e.g. 桃花江镇人大 */
    enum site_role role;    /* [site] role = county | township | station */
    char township[128];     /* [site] township this site belongs to ("" for a county) */
    char station[128];      /* [site] station: this PC's station, for a station site */
    char operator_name[64]; /* [site] operator, recorded in the audit log */
    int overdue_days;       /* [ledger] overdue_days: a problem with no progress this long */
    int backup_keep;        /* [backup] keep: daily copies kept beside the database (0: none) */
    char language[8];       /* [ui] language = zh | en */
    bool use_color;         /* [ui] color = yes | no */
    struct color_pair colors[COLOR_SLOT_COUNT];
    char path[PATH_MAX]; /* the file this came from; "" when defaults only */
    bool file_found;     /* false when the file did not exist */
};

/* Built-in defaults (role township, language zh, colours on). */
void config_defaults(struct ll_config *cfg);
/* Default file: $XDG_CONFIG_HOME/lianluo/lianluo.ini (or ~/.config/...). */
void config_default_path(char *out, size_t outsz);
/* Default database: $XDG_DATA_HOME/lianluo/lianluo.db (or ~/.local/share/...). */
void config_default_db_path(char *out, size_t outsz);
/* Loads path over the defaults. A missing file: LL_OK, cfg->file_found false. A broken file:
 * cfg is left at full defaults, err names the file and line (err->line), returns LL_EINVAL.
 * Unknown keys and bad values are errors too (with their line), so typos do not pass silently. */
enum ll_status config_load(struct ll_config *cfg, const char *path, struct ll_error *err);
/* Writes cfg to path (creating the folder), atomically (temporary file + rename). */
enum ll_status config_save(const struct ll_config *cfg, const char *path, struct ll_error *err);
const char *site_role_name(enum site_role role); /* "county", "township", "station" */
bool site_role_parse(const char *s, enum site_role *out);

#endif
