/* gettext shorthands. msgids are the Chinese screen text; English lives in data/po/en.po. */
#ifndef LL_I18N_H
#define LL_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the text domain (build tree first when run from it) and selects the language:
 * "zh" (default, no catalogue needed) or "en". Call before the first gettext(). */
void i18n_init(const char *language);

#endif
