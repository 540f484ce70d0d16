/* Pinyin initials of Chinese characters, for searching names by typing `zs` for 张三.
 * The table is generated from Unihan (kMandarin, kHanyuPinyin) into data/ and embedded. */
#ifndef LIANLUO_PINYIN_H
#define LIANLUO_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bit (letter - 'a') set for every initial letter the character can be read with
 * (多音字 such as 曾 give z|c); 0 for a code point that is not a known Han character. */
uint32_t pinyin_initials_mask(uint32_t cp);
/* Writes the most common initials of s, lower case (张三丰 -> "zsf"); ASCII letters and digits
 * are kept (lower-cased), other characters dropped. Returns out. */
char *pinyin_initials(const char *s, char *out, size_t outsz);
/* True when query (ASCII letters, case-insensitive) matches the initials of a run of
 * consecutive characters in s, using every possible reading (zs, zsf, sf all find 张三丰).
 * An empty query matches nothing. */
bool pinyin_match(const char *s, const char *query);

#endif
