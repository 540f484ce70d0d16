/* The F1 screen: what the current screen is for and every key it takes. */
#ifndef LL_UI_HELP_H
#define LL_UI_HELP_H

#include "ui/keys.h"

void help_show(const struct keyscope *scope);

#endif
