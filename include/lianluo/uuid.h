/* Record ids: UUID version 7 (time-ordered, random tail), as 36 lower-case hex characters. */
#ifndef LIANLUO_UUID_H
#define LIANLUO_UUID_H

#include <stdbool.h>

#define UUID_STR_LEN 37

/* Fills out with a new id. Returns false only when no random bytes could be had. */
bool uuid_new(char out[UUID_STR_LEN]);
bool uuid_valid(const char *s);

#endif
