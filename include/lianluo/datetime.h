/* Dates as users type them and as the database stores them (ISO 8601 text). */
#ifndef LIANLUO_DATETIME_H
#define LIANLUO_DATETIME_H

#include <stdbool.h>
#include <stddef.h>

/* Parses a date as people write it: 2024-07-30, 2024/7/30, 2024.7.30, 20240730,
 * 2024年7月30日. Writes canonical YYYY-MM-DD into out (11 bytes). Checks the calendar. */
bool date_parse(const char *s, char out[11]);
/* Parses a year and month (出生年月): 1975-03, 1975/3, 1975.3, 197503, 1975年3月, or a full
 * date (the day is dropped). Writes YYYY-MM into out (8 bytes). */
bool month_parse(const char *s, char out[8]);
/* A time of day: 9:30, 09:30, 0930, 9：30, 9点30, or an hour (9). Writes HH:MM. */
bool time_of_day_parse(const char *s, char out[6]);
/* Days from one YYYY-MM-DD to another (negative when to is earlier). */
int date_days_between(const char *from, const char *to);
/* Today's local date as YYYY-MM-DD (LIANLUO_TODAY=YYYY-MM-DD fixes it, for tests). */
void date_today(char out[11]);
/* Now, UTC, as YYYY-MM-DDTHH:MM:SS.mmmZ (25 bytes). */
void time_now_iso(char out[25]);

#endif
