/* The frame of a sync package: what is checked before a byte of the payload reaches SQLite.
 *
 *   offset size
 *        0    8  magic "LLSYNC\r\n"
 *        8    2  format version (1)
 *       10    2  flags (0)
 *       12    8  key id: names the pairing whose key made the tag
 *       20   36  sender: the sending installation's id
 *       56   36  receiver: the receiving installation's id, or 36 zero bytes when the sender
 *                has not yet had a package from it
 *       92   36  receiver scope: what the sender paired the receiver as (a station's or a
 *                township's id), or zero bytes
 *      128    8  sequence number: 1 for the first package to this receiver, then +1
 *      136    4  schema version of the sender's database
 *      140    4  number of changes in the payload
 *      144    1  sender role (0 county, 1 township, 2 station)
 *      145    1  reserved, 0
 *      146    2  length of the sender's name, at most 255
 *      148   20  when it was made, "YYYY-MM-DDTHH:MM:SSZ"
 *      168    8  payload length
 *      176    n  sender's name (UTF-8), then the payload (an SQLite session changeset)
 *      end   32  HMAC-SHA256 of every byte before it, with the pairing's key
 *
 * Integers are little-endian. A file whose length is not exactly the sum, whose magic or
 * version is wrong, or whose tag does not verify is refused. */
#ifndef LIANLUO_SYNC_FRAME_H
#define LIANLUO_SYNC_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "lianluo/error.h"

#define SYNC_KEY_LEN    32
#define SYNC_KEY_ID_LEN 8
#define SYNC_TAG_LEN    32
#define SYNC_SITE_LEN   36
#define SYNC_HEADER_LEN 176
#define SYNC_CODE_LEN   24 /* "XXXX-XXXX-XXXX-XXXX-XXXX" */

struct sync_frame {
    uint16_t version;
    uint8_t key_id[SYNC_KEY_ID_LEN];
    char sender[SYNC_SITE_LEN + 1];
    char receiver[SYNC_SITE_LEN + 1];       /* "" when unknown to the sender */
    char receiver_scope[SYNC_SITE_LEN + 1]; /* "" when none */
    uint64_t seq;
    uint32_t schema;
    uint32_t changes;
    uint8_t sender_role;
    char sender_name[256];
    char made_at[21];
    const unsigned char *payload; /* points into the buffer given to sync_frame_parse */
    size_t payload_len;
};

/* Reads the frame of buf: structure only (lengths, magic, version, text fields); the tag is
 * checked by sync_frame_verify. LL_EINVAL with a message for anything wrong. */
enum ll_status sync_frame_parse(const unsigned char *buf, size_t len, struct sync_frame *f,
                                struct ll_error *err);
/* The format version a buffer that starts like a package says it has (0 when it does not). */
unsigned sync_frame_version(const unsigned char *buf, size_t len);
/* Checks the tag at the end of buf with key (constant time). */
enum ll_status sync_frame_verify(const unsigned char *buf, size_t len,
                                 const unsigned char key[SYNC_KEY_LEN], struct ll_error *err);
/* Builds a package from f (payload and payload_len included); *out is malloc'd. */
enum ll_status sync_frame_build(const struct sync_frame *f, const unsigned char key[SYNC_KEY_LEN],
                                unsigned char **out, size_t *outlen, struct ll_error *err);

/* Walks a changeset's bytes without SQLite (table headers, operations, every value's type and
 * length) and counts its changes; LL_EINVAL for anything out of bounds or unknown. A payload
 * reaches the session API only after this and the tag: SQLite 3.40.1 can loop forever on a
 * truncated changeset. */
enum ll_status sync_changeset_check(const unsigned char *p, size_t len, uint32_t *changes,
                                    struct ll_error *err);

/* Pairing codes: 19 random characters of Crockford's base32 (95 bits) and a check character,
 * in five groups of four. */
enum ll_status sync_code_new(char code[SYNC_CODE_LEN + 1], struct ll_error *err);
/* Whether a typed code is whole and its check character right (a character typed wrong, or
 * most swaps of two neighbours, make it wrong); LL_EINVAL with a message when not. */
enum ll_status sync_code_check(const char *typed, struct ll_error *err);
/* Normalises a typed code (case, spaces and dashes, O for 0, I and L for 1) and derives the
 * pairing's key and key id from it; LL_EINVAL when it is not a whole code. */
enum ll_status sync_code_key(const char *typed, unsigned char key[SYNC_KEY_LEN],
                             uint8_t key_id[SYNC_KEY_ID_LEN], struct ll_error *err);

#endif
