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
/* The key names sort by, the way a Chinese reader expects: each Han character's most common
 * syllable without tone (刘国庆 -> "liu guo qing", 吕 -> "lu:" so that it sorts between lu and
 * luan), ASCII letters lower-cased and digits as they are, words separated by one space; other
 * characters are dropped. Compared as bytes, 李明 ("li ming") comes before 刘 ("liu"). Never
 * cuts a syllable: stops early when out is full. Returns out. For the names of places
 * (解放村: jie). */
char *pinyin_sort_key(const char *s, char *out, size_t outsz);
/* The same for a person's name: the surname is read as a surname (曾 zeng, 单 shan, 解 xie). */
char *pinyin_name_sort_key(const char *s, char *out, size_t outsz);

#endif
