#include "lianluo/uuid.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* Fills buf with n random bytes from the kernel, retrying short reads and interruptions. */
static bool random_bytes(unsigned char *buf, size_t n)
{
    while (n > 0) {
        ssize_t got = getrandom(buf, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        buf += got;
        n -= (size_t)got;
    }
    return true;
}

/* RFC 9562 layout: 48-bit Unix milliseconds, version 7, 12 bits of sub-millisecond time
 * (method 3, so ids made in one process sort by creation), variant 10, 62 random bits. */
static bool uuid_bytes(unsigned char b[16])
{
    struct timespec ts;
    uint64_t ms;
    unsigned sub;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || !random_bytes(b + 8, 8))
        return false;
    ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    sub = (unsigned)((uint64_t)(ts.tv_nsec % 1000000) * 4096u / 1000000u);
    for (int i = 0; i < 6; i++)
        b[i] = (unsigned char)(ms >> (40 - 8 * i));
    b[6] = (unsigned char)(0x70 | (sub >> 8));
    b[7] = (unsigned char)(sub & 0xFF);
    b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
    return true;
}

bool uuid_new(char out[UUID_STR_LEN])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    size_t pos = 0;

    if (!uuid_bytes(b)) {
        out[0] = '\0';
        return false;
    }
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[pos++] = '-';
        out[pos++] = hex[b[i] >> 4];
        out[pos++] = hex[b[i] & 0x0F];
    }
    out[pos] = '\0';
    return true;
}

static bool is_lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Canonical lower-case form only (ids are compared as text), with an RFC variant and a
 * version 1-8: other sites may send random (v4) ids as well as ours (v7). */
bool uuid_valid(const char *s)
{
    if (!s || strnlen(s, UUID_STR_LEN) != UUID_STR_LEN - 1)
        return false;
    for (int i = 0; i < UUID_STR_LEN - 1; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_lower_hex(s[i]))
            return false;
    }
    return s[14] >= '1' && s[14] <= '8' &&
           (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}
