/* Tests for src/io/sync_frame.c: the frame of a sync package (every field built, laid out at
 * the offsets lianluo/sync_frame.h gives and read back), what sync_frame_parse refuses, what
 * sync_frame_verify refuses, and pairing codes. The key derivation's expected values were
 * computed apart from this code (Python: hmac.new(b"lianluo pairing key v1", code, sha256), the
 * key id the first 8 bytes of sha256(key)), so that a change of derivation, which would part
 * sites paired before it from those paired after, fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lianluo/sync_frame.h"

#define SENDER   "0193b2c4-1111-4aaa-8bbb-000000000001"
#define RECEIVER "0193b2c4-2222-4aaa-8bbb-000000000002"
#define SCOPE    "0193b2c4-3333-4aaa-8bbb-000000000003"
#define NAME     "桃花江镇人大" /* 18 bytes of UTF-8 */
#define MADE     "2026-11-29T08:49:13Z"

static const unsigned char payload[] = {'T',  0x02, 0x01, 0x00, 'x',  0x00, 0x12, 0x00,
                                        0x03, 0x01, 0x00, 0x05, 0x7f, 0xff, 0x00};

static void test_key(unsigned char key[SYNC_KEY_LEN], unsigned char seed)
{
    for (int i = 0; i < SYNC_KEY_LEN; i++)
        key[i] = (unsigned char)(seed + 7 * i);
}

static void full_frame(struct sync_frame *f)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < SYNC_KEY_ID_LEN; i++)
        f->key_id[i] = (uint8_t)(0xa0 + i);
    snprintf(f->sender, sizeof f->sender, SENDER);
    snprintf(f->receiver, sizeof f->receiver, RECEIVER);
    snprintf(f->receiver_scope, sizeof f->receiver_scope, SCOPE);
    f->seq = 0x0102030405060708ull;
    f->schema = 0x0a0b0c0d;
    f->changes = 0x11223344;
    f->sender_role = 2;
    snprintf(f->sender_name, sizeof f->sender_name, NAME);
    snprintf(f->made_at, sizeof f->made_at, MADE);
    f->payload = payload;
    f->payload_len = sizeof payload;
}

/* A package of full_frame with key seed 1 (malloc'd). */
static unsigned char *build(size_t *len)
{
    struct sync_frame f;
    unsigned char key[SYNC_KEY_LEN], *out = NULL;
    struct ll_error err = {0};
    full_frame(&f);
    test_key(key, 1);
    assert_int_equal(sync_frame_build(&f, key, &out, len, &err), LL_OK);
    return out;
}

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8)
        p[i] = (unsigned char)v;
}

/* ---- building and reading ------------------------------------------------------------------ */

static void test_layout(void **state)
{
    (void)state;
    size_t len;
    unsigned char *b = build(&len);
    size_t name_len = strlen(NAME);
    assert_int_equal(len, SYNC_HEADER_LEN + name_len + sizeof payload + SYNC_TAG_LEN);
    assert_memory_equal(b, "LLSYNC\r\n", 8);
    assert_int_equal(le(b + 8, 2), 1);
    assert_int_equal(le(b + 10, 2), 0);
    for (int i = 0; i < SYNC_KEY_ID_LEN; i++)
        assert_int_equal(b[12 + i], 0xa0 + i);
    assert_memory_equal(b + 20, SENDER, 36);
    assert_memory_equal(b + 56, RECEIVER, 36);
    assert_memory_equal(b + 92, SCOPE, 36);
    assert_true(le(b + 128, 8) == 0x0102030405060708ull);
    assert_int_equal(le(b + 136, 4), 0x0a0b0c0d);
    assert_int_equal(le(b + 140, 4), 0x11223344);
    assert_int_equal(b[144], 2);
    assert_int_equal(b[145], 0);
    assert_int_equal(le(b + 146, 2), name_len);
    assert_memory_equal(b + 148, MADE, 20);
    assert_int_equal(le(b + 168, 8), sizeof payload);
    assert_memory_equal(b + 176, NAME, name_len);
    assert_memory_equal(b + 176 + name_len, payload, sizeof payload);
    /* the tag: HMAC-SHA256 of everything before it, computed here with libsodium directly */
    unsigned char key[SYNC_KEY_LEN], tag[SYNC_TAG_LEN];
    test_key(key, 1);
    assert_true(sodium_init() >= 0);
    crypto_auth_hmacsha256(tag, b, len - SYNC_TAG_LEN, key);
    assert_memory_equal(b + len - SYNC_TAG_LEN, tag, SYNC_TAG_LEN);
    free(b);
}

static void test_round_trip(void **state)
{
    (void)state;
    size_t len;
    unsigned char *b = build(&len);
    struct sync_frame want, got;
    struct ll_error err = {0};
    full_frame(&want);
    assert_int_equal(sync_frame_parse(b, len, &got, &err), LL_OK);
    assert_int_equal(got.version, 1);
    assert_memory_equal(got.key_id, want.key_id, SYNC_KEY_ID_LEN);
    assert_string_equal(got.sender, SENDER);
    assert_string_equal(got.receiver, RECEIVER);
    assert_string_equal(got.receiver_scope, SCOPE);
    assert_true(got.seq == want.seq);
    assert_int_equal(got.schema, want.schema);
    assert_int_equal(got.changes, want.changes);
    assert_int_equal(got.sender_role, 2);
    assert_string_equal(got.sender_name, NAME);
    assert_string_equal(got.made_at, MADE);
    assert_ptr_equal(got.payload, b + SYNC_HEADER_LEN + strlen(NAME));
    assert_int_equal(got.payload_len, sizeof payload);
    assert_memory_equal(got.payload, payload, sizeof payload);
    /* built again from what was read: the same bytes */
    unsigned char key[SYNC_KEY_LEN], *again = NULL;
    size_t again_len = 0;
    test_key(key, 1);
    assert_int_equal(sync_frame_build(&got, key, &again, &again_len, &err), LL_OK);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, b, len);
    free(again);
    free(b);
}

/* Receiver and scope unknown, no name, no payload: zero bytes, read back as "". */
static void test_round_trip_empty(void **state)
{
    (void)state;
    struct sync_frame f, got;
    unsigned char key[SYNC_KEY_LEN], *b = NULL;
    size_t len = 0;
    struct ll_error err = {0};
    full_frame(&f);
    f.receiver[0] = f.receiver_scope[0] = f.sender_name[0] = '\0';
    f.payload = NULL;
    f.payload_len = 0;
    f.changes = 0;
    f.seq = 1;
    f.sender_role = 0;
    test_key(key, 1);
    assert_int_equal(sync_frame_build(&f, key, &b, &len, &err), LL_OK);
    assert_int_equal(len, SYNC_HEADER_LEN + SYNC_TAG_LEN);
    for (int i = 56; i < 128; i++)
        assert_int_equal(b[i], 0);
    assert_int_equal(sync_frame_parse(b, len, &got, &err), LL_OK);
    assert_string_equal(got.receiver, "");
    assert_string_equal(got.receiver_scope, "");
    assert_string_equal(got.sender_name, "");
    assert_int_equal(got.payload_len, 0);
    assert_int_equal(got.sender_role, 0);
    assert_true(got.seq == 1);
    assert_int_equal(sync_frame_verify(b, len, key, &err), LL_OK);
    free(b);
}

/* ---- what parse refuses ---------------------------------------------------------------------- */

static void expect_refused(const unsigned char *b, size_t len, const char *what)
{
    struct sync_frame f;
    struct ll_error err = {0};
    enum ll_status st = sync_frame_parse(b, len, &f, &err);
    if (st != LL_EINVAL)
        fail_msg("%s: parse gave %d, not LL_EINVAL", what, (int)st);
    if (!err.msg[0])
        fail_msg("%s: refused without a message", what);
}

/* A copy of the package with one change made by the caller. */
struct damage {
    unsigned char *b;
    size_t len;
};

static struct damage copy_of(const unsigned char *b, size_t len)
{
    struct damage d = {malloc(len), len};
    assert_non_null(d.b);
    memcpy(d.b, b, len);
    return d;
}

static void test_parse_refuses(void **state)
{
    (void)state;
    size_t len;
    unsigned char *b = build(&len);
    size_t name_len = strlen(NAME), room = len - SYNC_HEADER_LEN - SYNC_TAG_LEN;
    char what[64];
    struct damage d;

    /* short: every length below a whole header and tag, and every cut of this package */
    for (size_t n = 0; n < len; n++) {
        snprintf(what, sizeof what, "cut to %zu bytes", n);
        expect_refused(b, n, what);
    }
    /* magic: each byte */
    for (int i = 0; i < 8; i++) {
        d = copy_of(b, len);
        d.b[i] ^= 0x20;
        snprintf(what, sizeof what, "magic byte %d", i);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* versions 0, 2 and 256 */
    const uint16_t versions[] = {0, 2, 256};
    for (size_t k = 0; k < 3; k++) {
        d = copy_of(b, len);
        put_le(d.b + 8, versions[k], 2);
        snprintf(what, sizeof what, "version %u", versions[k]);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* flags (either byte) and the reserved byte */
    const int reserved[] = {10, 11, 145};
    for (size_t k = 0; k < 3; k++) {
        d = copy_of(b, len);
        d.b[reserved[k]] = 0x01;
        snprintf(what, sizeof what, "byte %d not zero", reserved[k]);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* the name's length: more than the room there is, more than 255, one more or less */
    const uint64_t names[] = {room + 1, 256, 0xffff, name_len + 1, name_len - 1};
    for (size_t k = 0; k < 5; k++) {
        d = copy_of(b, len);
        put_le(d.b + 146, names[k], 2);
        snprintf(what, sizeof what, "name length %llu", (unsigned long long)names[k]);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* the payload's length off by one either way, and absurd */
    const uint64_t payloads[] = {sizeof payload + 1, sizeof payload - 1, 0, UINT64_MAX,
                                 UINT64_MAX - sizeof payload};
    for (size_t k = 0; k < 5; k++) {
        d = copy_of(b, len);
        put_le(d.b + 168, payloads[k], 8);
        snprintf(what, sizeof what, "payload length %llu", (unsigned long long)payloads[k]);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* one byte more or less than the lengths say */
    d = copy_of(b, len);
    expect_refused(d.b, d.len - 1, "one byte missing");
    free(d.b);
    d.b = malloc(len + 1);
    memcpy(d.b, b, len);
    d.b[len] = 0;
    expect_refused(d.b, len + 1, "one byte too many");
    free(d.b);
    /* sequence zero */
    d = copy_of(b, len);
    put_le(d.b + 128, 0, 8);
    expect_refused(d.b, d.len, "sequence 0");
    free(d.b);
    /* site ids: a control character, a space, DEL, a byte above ASCII, a zero among printable
     * ones, in each of the three; and a sender of zero bytes */
    const int sites[] = {20, 56, 92};
    const unsigned char bad[] = {0x01, 0x1f, ' ', 0x7f, 0x80, 0xff, 0x00};
    for (size_t s = 0; s < 3; s++)
        for (size_t k = 0; k < sizeof bad; k++) {
            d = copy_of(b, len);
            d.b[sites[s] + 5 + (int)k] = bad[k];
            snprintf(what, sizeof what, "site id at %d holds 0x%02x", sites[s], bad[k]);
            expect_refused(d.b, d.len, what);
            free(d.b);
        }
    d = copy_of(b, len);
    memset(d.b + 20, 0, SYNC_SITE_LEN);
    expect_refused(d.b, d.len, "no sender");
    free(d.b);
    /* roles 3 and 255 */
    const unsigned char roles[] = {3, 255};
    for (size_t k = 0; k < 2; k++) {
        d = copy_of(b, len);
        d.b[144] = roles[k];
        snprintf(what, sizeof what, "role %u", roles[k]);
        expect_refused(d.b, d.len, what);
        free(d.b);
    }
    /* the time made: a control character, a zero byte */
    d = copy_of(b, len);
    d.b[150] = '\n';
    expect_refused(d.b, d.len, "newline in the time");
    d.b[150] = 0;
    expect_refused(d.b, d.len, "zero byte in the time");
    free(d.b);
    /* a zero byte in the name */
    d = copy_of(b, len);
    d.b[176 + 3] = 0;
    expect_refused(d.b, d.len, "zero byte in the name");
    free(d.b);
    free(b);
}

/* ---- verify -----------------------------------------------------------------------------------
 */

static void test_verify(void **state)
{
    (void)state;
    size_t len;
    unsigned char *b = build(&len);
    unsigned char key[SYNC_KEY_LEN], other[SYNC_KEY_LEN];
    struct ll_error err = {0};
    test_key(key, 1);
    assert_int_equal(sync_frame_verify(b, len, key, &err), LL_OK);
    /* another key, and the right key with one bit changed */
    test_key(other, 2);
    assert_int_equal(sync_frame_verify(b, len, other, &err), LL_EINVAL);
    assert_true(err.msg[0] != '\0');
    for (int i = 0; i < SYNC_KEY_LEN; i++) {
        memcpy(other, key, sizeof key);
        other[i] ^= 0x80;
        assert_int_equal(sync_frame_verify(b, len, other, &err), LL_EINVAL);
    }
    /* every bit of the package, body and tag */
    int refused = 0;
    for (size_t i = 0; i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            if (sync_frame_verify(b, len, key, &err) == LL_EINVAL)
                refused++;
            else
                fail_msg("a flipped bit %d of byte %zu verified", bit, i);
            b[i] ^= (unsigned char)(1u << bit);
        }
    assert_int_equal(refused, (int)len * 8);
    /* cut short, and too short to hold a tag */
    for (size_t n = 0; n < len; n++)
        assert_int_equal(sync_frame_verify(b, n, key, &err), LL_EINVAL);
    assert_int_equal(sync_frame_verify(b, len, key, &err), LL_OK);
    free(b);
}

/* ---- pairing codes -------------------------------------------------------------------------- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void test_code_new(void **state)
{
    (void)state;
    enum { CODES = 200 };
    static char codes[CODES][SYNC_CODE_LEN + 1];
    int seen[32] = {0};
    struct ll_error err = {0};
    for (int k = 0; k < CODES; k++) {
        char *c = codes[k];
        assert_int_equal(sync_code_new(c, &err), LL_OK);
        assert_int_equal(strlen(c), SYNC_CODE_LEN);
        for (int i = 0; i < SYNC_CODE_LEN; i++) {
            if (i % 5 == 4) {
                assert_int_equal(c[i], '-');
                continue;
            }
            const char *at = strchr(crockford, c[i]);
            if (!at || !c[i])
                fail_msg("code %s: '%c' is not Crockford base32", c, c[i]);
            seen[at - crockford]++;
        }
        unsigned char key[SYNC_KEY_LEN];
        uint8_t id[SYNC_KEY_ID_LEN];
        assert_int_equal(sync_code_key(c, key, id, &err), LL_OK);
        for (int j = 0; j < k; j++)
            if (strcmp(codes[j], c) == 0)
                fail_msg("code %s made twice", c);
    }
    /* 200 codes are 4000 characters: every one of the 32 turns up (else it is not random) */
    for (int i = 0; i < 32; i++)
        if (!seen[i])
            fail_msg("'%c' never appeared in %d codes", crockford[i], CODES);
}

static void hex(const char *s, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
}

static void expect_key(const char *typed, const char *key_hex, const char *id_hex)
{
    unsigned char key[SYNC_KEY_LEN], want[SYNC_KEY_LEN], want_id[SYNC_KEY_ID_LEN];
    uint8_t id[SYNC_KEY_ID_LEN];
    struct ll_error err = {0};
    if (sync_code_key(typed, key, id, &err) != LL_OK)
        fail_msg("\"%s\" refused: %s", typed, err.msg);
    hex(key_hex, want, sizeof want);
    hex(id_hex, want_id, sizeof want_id);
    if (memcmp(key, want, sizeof key) != 0 || memcmp(id, want_id, sizeof id) != 0)
        fail_msg("\"%s\" gives another key", typed);
}

#define KEY_ABCD "4e100b6ff5fe3a27afa24c6ee0c1aeb8ee800227277525742c30da7cc14f4f1e"
#define ID_ABCD  "9dc0b1fa305c7027"
#define KEY_10AB "5f0cc118dcd5b32039465bcb3835437656ffab7d2d2a4eb6aadbb1a0c1403f48"
#define ID_10AB  "da113f3ca96a56f6"

static void test_code_key_normalised(void **state)
{
    (void)state;
    const char *abcd[] = {"ABCD-EFGH-JKMN-PQRS-TVWX",    "abcd-efgh-jkmn-pqrs-tvwx",
                          "ABCD EFGH JKMN PQRS TVWX",    "ABCDEFGHJKMNPQRSTVWX",
                          "  aBcD-eFgH jkmnPQRS--tvwx ", "A-B-C-D-E-F-G-H-J-K-M-N-P-Q-R-S-T-V-W-X"};
    for (size_t k = 0; k < sizeof abcd / sizeof *abcd; k++)
        expect_key(abcd[k], KEY_ABCD, ID_ABCD);
    /* O is read as 0, I and L as 1, in either case */
    const char *ones[] = {"10AB-CD01-EFGH-JKMN-PQ01", "IOAB-CDOL-EFGH-JKMN-PQOI",
                          "loab cdoi efgh jkmn pqol", "1oAB-cD0l-EFGH-JKMN-PQ0i"};
    for (size_t k = 0; k < sizeof ones / sizeof *ones; k++)
        expect_key(ones[k], KEY_10AB, ID_10AB);
}

static void test_code_key_refuses(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "ABCD-EFGH-JKMN-PQRS-TVW",   /* 19 characters */
        "ABCD-EFGH-JKMN-PQRS-TVWXY", /* 21 */
        "ABCD-EFGH-JKMN-PQRS-TVWU",  /* U is not in Crockford's alphabet */
        "ABCD-EFGH-JKMN-PQRS-TVWu",
        "ABCD-EFGH-JKMN-PQRS-TVW!",
        "ABCD_EFGH_JKMN_PQRS_TVWX",
        "ABCD-EFGH-JKMN-PQRS-TVWX\n",
        "ABCD-EFGH-JKMN-PQRS-TVW\xc3\x97",
        "ABCDEFGHJKMNPQRSTVWXABCDEFGHJKMNPQRSTVWX",
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        unsigned char key[SYNC_KEY_LEN];
        uint8_t id[SYNC_KEY_ID_LEN];
        struct ll_error err = {0};
        if (sync_code_key(bad[k], key, id, &err) != LL_EINVAL)
            fail_msg("\"%s\" was not refused", bad[k]);
        assert_true(err.msg[0] != '\0');
    }
}

static void test_codes_differ(void **state)
{
    (void)state;
    unsigned char k1[SYNC_KEY_LEN], k2[SYNC_KEY_LEN];
    uint8_t i1[SYNC_KEY_ID_LEN], i2[SYNC_KEY_ID_LEN];
    struct ll_error err = {0};
    /* one character apart */
    assert_int_equal(sync_code_key("ABCD-EFGH-JKMN-PQRS-TVWX", k1, i1, &err), LL_OK);
    assert_int_equal(sync_code_key("ABCD-EFGH-JKMN-PQRS-TVWY", k2, i2, &err), LL_OK);
    assert_memory_not_equal(k1, k2, SYNC_KEY_LEN);
    assert_memory_not_equal(i1, i2, SYNC_KEY_ID_LEN);
    /* two new codes */
    char c1[SYNC_CODE_LEN + 1], c2[SYNC_CODE_LEN + 1];
    assert_int_equal(sync_code_new(c1, &err), LL_OK);
    assert_int_equal(sync_code_new(c2, &err), LL_OK);
    assert_string_not_equal(c1, c2);
    assert_int_equal(sync_code_key(c1, k1, i1, &err), LL_OK);
    assert_int_equal(sync_code_key(c2, k2, i2, &err), LL_OK);
    assert_memory_not_equal(k1, k2, SYNC_KEY_LEN);
    assert_memory_not_equal(i1, i2, SYNC_KEY_ID_LEN);
    /* a package made with one code's key does not verify with the other's */
    struct sync_frame f;
    unsigned char *b = NULL;
    size_t len = 0;
    full_frame(&f);
    assert_int_equal(sync_frame_build(&f, k1, &b, &len, &err), LL_OK);
    assert_int_equal(sync_frame_verify(b, len, k1, &err), LL_OK);
    assert_int_equal(sync_frame_verify(b, len, k2, &err), LL_EINVAL);
    free(b);
}

/* The check character: every new code passes; any one character typed wrong, anywhere, is
 * caught; so is a swap of two different neighbours in this code. */
static void test_code_check(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    struct ll_error err = {0};
    for (int n = 0; n < 200; n++) {
        char code[SYNC_CODE_LEN + 1];
        assert_int_equal(sync_code_new(code, &err), LL_OK);
        assert_int_equal(sync_code_check(code, &err), LL_OK);
    }
    const char *good = "ABCD-EFGH-JKMN-PQRS-TVWZ";
    assert_int_equal(sync_code_check(good, &err), LL_OK);
    assert_int_equal(sync_code_check("abcd efgh jkmn pqrs tvwz", &err), LL_OK);
    int caught = 0, tried = 0;
    for (int pos = 0; pos < SYNC_CODE_LEN; pos++) {
        if (good[pos] == '-')
            continue;
        for (int c = 0; c < 32; c++) {
            if (alphabet[c] == good[pos])
                continue;
            char typo[SYNC_CODE_LEN + 1];
            snprintf(typo, sizeof typo, "%s", good);
            typo[pos] = alphabet[c];
            tried++;
            caught += sync_code_check(typo, &err) == LL_EINVAL;
        }
    }
    assert_int_equal(tried, 20 * 31);
    assert_int_equal(caught, tried);
    assert_non_null(strstr(err.msg, "配对码有误"));
    assert_int_equal(sync_code_check("BACD-EFGH-JKMN-PQRS-TVWZ", &err), LL_EINVAL);
    assert_int_equal(sync_code_check("ABCD-EFGH-JKMN-PQRS-TWVZ", &err), LL_EINVAL);
    /* the key does not depend on the check: derivation is as before */
    unsigned char key[SYNC_KEY_LEN];
    uint8_t id[SYNC_KEY_ID_LEN];
    assert_int_equal(sync_code_key("ABCD-EFGH-JKMN-PQRS-TVWX", key, id, &err), LL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_empty),
        cmocka_unit_test(test_parse_refuses),
        cmocka_unit_test(test_verify),
        cmocka_unit_test(test_code_new),
        cmocka_unit_test(test_code_key_normalised),
        cmocka_unit_test(test_code_key_refuses),
        cmocka_unit_test(test_codes_differ),
        cmocka_unit_test(test_code_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
