/* Checks shared by forms and imports, so a rule is written once. */
#ifndef LIANLUO_VALIDATE_H
#define LIANLUO_VALIDATE_H

#include <stdbool.h>

#include "lianluo/error.h"

/* An 18-character resident ID number (GB 11643-1999): 17 digits, then the ISO 7064 MOD 11-2
 * check character (0-9 or X/x), with a valid birth date inside. */
bool idcard_valid(const char *s);
/* A mainland mobile number (1[3-9] and 9 more digits) or a landline (0 + area code and
 * number, with an optional '-'), optionally with an extension "-123" or "转123". */
bool phone_valid(const char *s);
/* LL_OK for an empty or valid phone; otherwise a message for field saying what a phone number
 * looks like. */
enum ll_status phone_check(const char *phone, const char *field, struct ll_error *err);
/* Removes the spaces people type inside a number ("138 0737 1234") and turns full-width
 * digits and minus signs into ASCII; the result is never longer. */
void phone_normalize(char *s);
/* Whether an ID number's birth date (digits 7-14) falls in the month `birth` (YYYY-MM). True when
 * either is missing or malformed: those are reported by their own checks. */
bool idcard_matches_birth(const char *id_card, const char *birth);
/* Text no longer than max_chars characters (not bytes), valid UTF-8, no control characters. */
bool text_field_valid(const char *s, int max_chars);

#endif
