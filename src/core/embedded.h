/* Files from data/ compiled into the program (migrations, pinyin table). */
#ifndef LL_EMBEDDED_H
#define LL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* base name, e.g. "001_init.sql" */
    const char *data; /* NUL-terminated */
    size_t size;      /* without the NUL */
};

extern const struct embedded_file embedded_migrations[];       /* sorted by name, {0} last */
extern const struct embedded_file embedded_pinyin[];           /* data/pinyin_initials.txt */
extern const struct embedded_file embedded_pinyin_syllables[]; /* data/pinyin_syllables.txt */

#endif
