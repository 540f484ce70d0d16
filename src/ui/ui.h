/* The terminal user interface. */
#ifndef LL_UI_UI_H
#define LL_UI_UI_H

#include <stdbool.h>

#include "lianluo/config.h"
#include "lianluo/db.h"

/* The lianluo.ini the settings screen writes back. */
struct ui_config_file {
    const char *path;
    bool broken;         /* it exists but could not be read: it is never overwritten */
    const char *db_path; /* [database] path as the file has it (--db is not saved) */
};

/* What the screens (and, once they are closed, the terminal) say when the day's backup was not
 * made, why being the reason and status its kind (LL_EDB: the database is probably damaged). */
void ui_backup_notice(char *out, size_t size, enum ll_status status, const char *why);

/* Runs the screens until the user quits. The locale, translations and database are set up
 * by the caller. startup_message (may be NULL) is shown once; backup (may be NULL) is the
 * day's backup being made meanwhile: if it fails, the main menu says so; if it is still being
 * made when the user quits, the screens wait for it, showing how far it is, and Esc cancels it
 * (then db_backup_daily_cancelled says so). Returns 0, or non-zero after a message on stderr
 * when the terminal could not be used. */
int ui_run(struct ll_db *db, const struct ll_config *cfg, const struct ui_config_file *file,
           const char *startup_message, struct db_backup_job *backup);

#endif
