/* What a site paired for offline sync may not change (sync_may_change), said before anything is
 * asked or typed: adding and deleting are refused at once, the reason on the list's message
 * line; a record is still opened for reading, the reason in the status line of every field and
 * at the top of its help (the database refuses a save anyway). Header only: the list screens
 * share it. */
#ifndef LL_UI_GUARD_H
#define LL_UI_GUARD_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "lianluo/sync.h"
#include "ui/form.h"
#include "ui/listview.h"

/* Why this site may not change the record (translated), or NULL when it may. */
static inline const char *guard_why(struct ll_db *db, const char *table, const char *township_id,
                                    const char *station_id)
{
    const char *why = NULL;
    if (sync_may_change(db, table, township_id, station_id, &why))
        return NULL;
    return why ? why : "";
}

/* Whether this site may change the record; when not, the list says why. */
static inline bool guard_list(struct listview *lv, struct ll_db *db, const char *table,
                              const char *township_id, const char *station_id)
{
    const char *why = guard_why(db, table, township_id, station_id);
    if (why == NULL)
        return true;
    listview_message(lv, true, "%s", why);
    return false;
}

/* form_run; when why is not NULL (a record this site may not change), every field's hint and
 * the start of the help say why. */
static inline bool guard_form_run(const struct form_def *def, void *ctx, void *rec,
                                  const char *title, const char *why)
{
    if (why == NULL)
        return form_run(def, ctx, rec, title);
    enum { HELP_SIZE = 4096 };
    struct form_field *fields = malloc((size_t)def->nfields * sizeof *fields);
    char *help = malloc(HELP_SIZE);
    bool saved = false;
    if (fields != NULL && help != NULL) {
        for (int i = 0; i < def->nfields; i++) {
            fields[i] = def->fields[i];
            fields[i].hint = why;
        }
        snprintf(help, HELP_SIZE, "%s%s%s", why, def->help ? "\n\n" : "",
                 def->help ? _(def->help) : "");
        struct form_def guarded = *def;
        guarded.fields = fields;
        guarded.help = help;
        saved = form_run(&guarded, ctx, rec, title);
    }
    free(fields);
    free(help);
    return saved;
}

#endif
