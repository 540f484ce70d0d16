#include "core/i18n.h"

#include "ll_config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The build tree's catalogues are used when the program runs from the build directory
 * (tests, development), the installed ones otherwise. */
static const char *locale_dir(void)
{
    const char *env = getenv("LIANLUO_LOCALEDIR");

    if (env && *env)
        return env;
    if (access(LL_BUILD_LOCALEDIR "/en/LC_MESSAGES/" LL_PACKAGE ".mo", R_OK) == 0)
        return LL_BUILD_LOCALEDIR;
    return LL_LOCALEDIR;
}

void i18n_init(const char *language)
{
    bindtextdomain(LL_PACKAGE, locale_dir());
    bind_textdomain_codeset(LL_PACKAGE, "UTF-8");
    textdomain(LL_PACKAGE);
    /* msgids are Chinese, so "zh" needs no catalogue; LANGUAGE wins over LC_MESSAGES. */
    setenv("LANGUAGE", language && strcmp(language, "en") == 0 ? "en" : "zh_CN", 1);
}
