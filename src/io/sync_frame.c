/* Sync package frames and pairing codes (see lianluo/sync_frame.h). No SQLite here: a package
 * is checked whole before anything reads its payload. */
#include "lianluo/sync_frame.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

static const unsigned char magic[8] = {'L', 'L', 'S', 'Y', 'N', 'C', '\r', '\n'};

enum {
    OFF_VERSION = 8,
    OFF_FLAGS = 10,
    OFF_KEY_ID = 12,
    OFF_SENDER = 20,
    OFF_RECEIVER = 56,
    OFF_SCOPE = 92,
    OFF_SEQ = 128,
    OFF_SCHEMA = 136,
    OFF_CHANGES = 140,
    OFF_ROLE = 144,
    OFF_NAME_LEN = 146,
    OFF_MADE = 148,
    OFF_PAYLOAD_LEN = 168
};

static uint64_t get_le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
}

/* A site id field: 36 printable ASCII characters, or all zero bytes (""). */
static bool get_site(const unsigned char *p, char out[SYNC_SITE_LEN + 1])
{
    bool zero = true, printable = true;
    for (int i = 0; i < SYNC_SITE_LEN; i++) {
        zero = zero && p[i] == 0;
        /* a site id is a UUID: hex digits and dashes (it goes into file names) */
        printable = printable && ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
                                  (p[i] >= 'A' && p[i] <= 'F') || p[i] == '-');
    }
    if (zero)
        out[0] = '\0';
    else
        memcpy(out, p, SYNC_SITE_LEN), out[SYNC_SITE_LEN] = '\0';
    return zero || printable;
}

static void put_site(unsigned char *p, const char *id)
{
    memset(p, 0, SYNC_SITE_LEN);
    size_t n = strlen(id);
    memcpy(p, id, n < SYNC_SITE_LEN ? n : SYNC_SITE_LEN);
}

static enum ll_status damaged(struct ll_error *err, const char *why)
{
    return ll_error_set(err, LL_EINVAL, _("这不是完整的 lianluo 同步包（%s），没有导入任何数据。"),
                        why);
}

enum ll_status sync_frame_parse(const unsigned char *buf, size_t len, struct sync_frame *f,
                                struct ll_error *err)
{
    memset(f, 0, sizeof *f);
    if (len < sizeof magic || memcmp(buf, magic, sizeof magic) != 0)
        return damaged(err, _("文件开头不是同步包的标记"));
    if (len < SYNC_HEADER_LEN + SYNC_TAG_LEN)
        return damaged(err, _("长度不符，可能没有复制完"));
    f->version = (uint16_t)get_le(buf + OFF_VERSION, 2);
    if (f->version != 1)
        return ll_error_set(err, LL_EINVAL,
                            _("同步包的格式是第 %u 版，本程序只认识第 1 版：请升级 lianluo。"),
                            (unsigned)f->version);
    size_t name_len = (size_t)get_le(buf + OFF_NAME_LEN, 2);
    uint64_t payload_len = get_le(buf + OFF_PAYLOAD_LEN, 8);
    size_t room = len - SYNC_HEADER_LEN - SYNC_TAG_LEN;
    if (get_le(buf + OFF_FLAGS, 2) != 0 || buf[OFF_ROLE + 1] != 0 || name_len > 255 ||
        name_len > room || payload_len != room - name_len)
        return damaged(err, _("长度不符，可能没有复制完"));
    memcpy(f->key_id, buf + OFF_KEY_ID, SYNC_KEY_ID_LEN);
    f->seq = get_le(buf + OFF_SEQ, 8);
    f->schema = (uint32_t)get_le(buf + OFF_SCHEMA, 4);
    f->changes = (uint32_t)get_le(buf + OFF_CHANGES, 4);
    f->sender_role = buf[OFF_ROLE];
    if (!get_site(buf + OFF_SENDER, f->sender) || !f->sender[0] ||
        !get_site(buf + OFF_RECEIVER, f->receiver) ||
        !get_site(buf + OFF_SCOPE, f->receiver_scope) || f->sender_role > 2 || f->seq == 0)
        return damaged(err, _("包头内容不对"));
    for (int i = 0; i < 20; i++) {
        unsigned char c = buf[OFF_MADE + i];
        if (c < 0x20 || c >= 0x7f)
            return damaged(err, _("包头内容不对"));
        f->made_at[i] = (char)c;
    }
    memcpy(f->sender_name, buf + SYNC_HEADER_LEN, name_len);
    f->sender_name[name_len] = '\0';
    if (memchr(f->sender_name, '\0', name_len))
        return damaged(err, _("包头内容不对"));
    f->payload = buf + SYNC_HEADER_LEN + name_len;
    f->payload_len = (size_t)payload_len;
    return LL_OK;
}

unsigned sync_frame_version(const unsigned char *buf, size_t len)
{
    if (len < SYNC_HEADER_LEN + SYNC_TAG_LEN || memcmp(buf, magic, sizeof magic) != 0)
        return 0;
    return (unsigned)get_le(buf + OFF_VERSION, 2);
}

static bool sodium_ready(void)
{
    return sodium_init() >= 0;
}

enum ll_status sync_frame_verify(const unsigned char *buf, size_t len,
                                 const unsigned char key[SYNC_KEY_LEN], struct ll_error *err)
{
    if (len < SYNC_HEADER_LEN + SYNC_TAG_LEN || !sodium_ready())
        return damaged(err, _("长度不符，可能没有复制完"));
    if (crypto_auth_hmacsha256_verify(buf + len - SYNC_TAG_LEN, buf, len - SYNC_TAG_LEN, key) != 0)
        return ll_error_set(err, LL_EINVAL,
                            _("同步包的校验码不对：文件在复制中损坏、被改动过，或不是与本机配对"
                              "的站点制作的。没有导入任何数据，请让对方重新导出。"));
    return LL_OK;
}

enum ll_status sync_frame_build(const struct sync_frame *f, const unsigned char key[SYNC_KEY_LEN],
                                unsigned char **out, size_t *outlen, struct ll_error *err)
{
    size_t name_len = strlen(f->sender_name);
    if (name_len > 255)
        name_len = 255;
    size_t len = SYNC_HEADER_LEN + name_len + f->payload_len + SYNC_TAG_LEN;
    unsigned char *buf = calloc(1, len);
    if (!buf || !sodium_ready()) {
        free(buf);
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    }
    memcpy(buf, magic, sizeof magic);
    put_le(buf + OFF_VERSION, 1, 2);
    memcpy(buf + OFF_KEY_ID, f->key_id, SYNC_KEY_ID_LEN);
    put_site(buf + OFF_SENDER, f->sender);
    put_site(buf + OFF_RECEIVER, f->receiver);
    put_site(buf + OFF_SCOPE, f->receiver_scope);
    put_le(buf + OFF_SEQ, f->seq, 8);
    put_le(buf + OFF_SCHEMA, f->schema, 4);
    put_le(buf + OFF_CHANGES, f->changes, 4);
    buf[OFF_ROLE] = f->sender_role;
    put_le(buf + OFF_NAME_LEN, name_len, 2);
    memcpy(buf + OFF_MADE, f->made_at, strnlen(f->made_at, 20));
    put_le(buf + OFF_PAYLOAD_LEN, f->payload_len, 8);
    memcpy(buf + SYNC_HEADER_LEN, f->sender_name, name_len);
    if (f->payload_len)
        memcpy(buf + SYNC_HEADER_LEN + name_len, f->payload, f->payload_len);
    crypto_auth_hmacsha256(buf + len - SYNC_TAG_LEN, buf, len - SYNC_TAG_LEN, key);
    *out = buf;
    *outlen = len;
    return LL_OK;
}

/* An SQLite varint (1 to 9 bytes, big-endian groups of 7 bits, the ninth byte whole). */
static bool get_varint(const unsigned char *p, size_t len, size_t *at, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 9; i++) {
        if (*at >= len)
            return false;
        unsigned char c = p[(*at)++];
        if (i == 8) {
            *out = v << 8 | c;
            return true;
        }
        v = v << 7 | (c & 0x7f);
        if (!(c & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* One record of ncol values: each a type byte and what that type holds. */
static bool skip_record(const unsigned char *p, size_t len, size_t *at, uint64_t ncol)
{
    for (uint64_t i = 0; i < ncol; i++) {
        if (*at >= len)
            return false;
        uint64_t n;
        switch (p[(*at)++]) {
        case 0: /* not there (an unchanged column) */
        case 5: /* NULL */
            break;
        case 1: /* INTEGER */
        case 2: /* FLOAT */
            if (len - *at < 8)
                return false;
            *at += 8;
            break;
        case 3: /* TEXT */
        case 4: /* BLOB */
            if (!get_varint(p, len, at, &n) || n > len - *at)
                return false;
            *at += (size_t)n;
            break;
        default:
            return false;
        }
    }
    return true;
}

enum ll_status sync_changeset_check(const unsigned char *p, size_t len, uint32_t *changes,
                                    struct ll_error *err)
{
    size_t at = 0;
    uint64_t ncol = 0;
    uint32_t count = 0;
    bool table = false;
    while (at < len) {
        unsigned char op = p[at++];
        if (op == 'T') {
            if (!get_varint(p, len, &at, &ncol) || ncol == 0 || ncol > 1000 || ncol > len - at)
                return damaged(err, _("修改内容不完整"));
            at += (size_t)ncol; /* which columns are the key */
            const unsigned char *nul = memchr(p + at, '\0', len - at);
            if (!nul || nul == p + at)
                return damaged(err, _("修改内容不完整"));
            at = (size_t)(nul - p) + 1;
            table = true;
            continue;
        }
        /* 18 insert, 23 update, 9 delete; then whether it was indirect */
        if (!table || (op != 18 && op != 23 && op != 9) || at >= len || p[at] > 1)
            return damaged(err, _("修改内容不完整"));
        at++;
        if (!skip_record(p, len, &at, ncol) || (op == 23 && !skip_record(p, len, &at, ncol)))
            return damaged(err, _("修改内容不完整"));
        count++;
    }
    *changes = count;
    return LL_OK;
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The last character of a code checks the other nineteen: their values weighted by the odd
 * numbers 1, 3, 5 … (odd weights: any one character typed wrong changes the sum), mod 32. */
static char check_char(const char *nineteen)
{
    unsigned sum = 0;
    for (int i = 0; i < 19; i++)
        sum += (unsigned)(2 * i + 1) * (unsigned)(strchr(crockford, nineteen[i]) - crockford);
    return crockford[sum % 32];
}

enum ll_status sync_code_new(char code[SYNC_CODE_LEN + 1], struct ll_error *err)
{
    if (!sodium_ready())
        return ll_error_set(err, LL_EIO, _("无法取得随机数，不能生成配对码。"));
    char raw[20];
    for (int i = 0; i < 19; i++)
        raw[i] = crockford[randombytes_uniform(32)];
    raw[19] = check_char(raw);
    int k = 0;
    for (int i = 0; i < 20; i++) {
        if (i && i % 4 == 0)
            code[k++] = '-';
        code[k++] = raw[i];
    }
    code[k] = '\0';
    return LL_OK;
}

enum ll_status sync_code_check(const char *typed, struct ll_error *err)
{
    unsigned char key[SYNC_KEY_LEN];
    uint8_t id[SYNC_KEY_ID_LEN];
    char norm[21];
    if (sync_code_key(typed, key, id, err) != LL_OK)
        return err ? err->status : LL_EINVAL;
    int n = 0;
    for (const char *p = typed; *p && n < 20; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        norm[n++] = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
    }
    norm[n] = '\0';
    sodium_memzero(key, sizeof key);
    if (check_char(norm) != norm[19])
        return ll_error_set(err, LL_EINVAL,
                            _("配对码有误（多半是有一位输错，或两位颠倒），请照上级站点屏幕上显示"
                              "的配对码核对后重新输入。"));
    return LL_OK;
}

enum ll_status sync_code_key(const char *typed, unsigned char key[SYNC_KEY_LEN],
                             uint8_t key_id[SYNC_KEY_ID_LEN], struct ll_error *err)
{
    char norm[21];
    int n = 0;
    for (const char *p = typed; *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        c = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
        if (!strchr(crockford, c) || c == '\0' || n == 20)
            return ll_error_set(err, LL_EINVAL,
                                _("配对码应是 20 个字母或数字（如 ABCD-EFGH-JKMN-PQRS-TVWX），"
                                  "请照上级站点屏幕上显示的重新输入。"));
        norm[n++] = c;
    }
    if (n != 20 || !sodium_ready())
        return ll_error_set(err, LL_EINVAL,
                            _("配对码应是 20 个字母或数字（如 ABCD-EFGH-JKMN-PQRS-TVWX），"
                              "请照上级站点屏幕上显示的重新输入。"));
    static const unsigned char label[] = "lianluo pairing key v1";
    unsigned char id_hash[crypto_hash_sha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, label, sizeof label - 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)norm, 20);
    crypto_auth_hmacsha256_final(&st, key);
    crypto_hash_sha256(id_hash, key, SYNC_KEY_LEN);
    memcpy(key_id, id_hash, SYNC_KEY_ID_LEN);
    sodium_memzero(id_hash, sizeof id_hash);
    return LL_OK;
}
