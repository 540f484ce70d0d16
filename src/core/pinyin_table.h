/* Shared by the readers of the generated pinyin tables (pinyin.c, pinyin_sort.c). */
#ifndef LL_CORE_PINYIN_TABLE_H
#define LL_CORE_PINYIN_TABLE_H

#include <stdint.h>

/* Reads the hex code point after an '@' into *cp; returns the first character not consumed. */
const char *pinyin_table_jump(const char *p, uint32_t *cp);

#endif
