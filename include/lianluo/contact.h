/* Contacts with deputies (联系代表, the "two-way contact" of the bulletin): a county leader, a
 * member of the standing committee or the head of a government department contacts a deputy
 * in the recess — a visit, a reception, a seminar, a call or a WeChat message — hears what the
 * deputy raises and coordinates it; and the counts of them a county writes in its bulletin
 * (人次, leaders, deputies, items coordinated). A contact belongs to the deputy's township. */
#ifndef LIANLUO_CONTACT_H
#define LIANLUO_CONTACT_H

#include <stdbool.h>

#include "lianluo/db.h"

/* X(constant, code name stored in the database, Chinese label) */
#define CONTACT_MODES(X)                                                                           \
    X(CONTACT_VISIT, "visit", "上门走访")                                                          \
    X(CONTACT_RECEPTION, "reception", "接待来访")                                                  \
    X(CONTACT_SEMINAR, "seminar", "座谈")                                                          \
    X(CONTACT_PHONE, "phone", "电话")                                                              \
    X(CONTACT_WECHAT, "wechat", "微信")

enum contact_mode {
#define X(c, code, label) c,
    CONTACT_MODES(X)
#undef X
        CONTACT_MODE_COUNT
};

struct contact {
    char id[LL_ID_LEN]; /* "" for a new contact: contact_save fills it */
    char site_id[LL_ID_LEN];
    char leader_name[64];  /* 联系领导 */
    char leader_post[128]; /* 职务: 县人大常委会副主任 */
    /* The deputy: the id ("" once the deputy has left the roster) and the name as recorded. */
    char deputy_id[LL_ID_LEN];
    char deputy_name[64];
    char date[24]; /* YYYY-MM-DD once saved (as typed before) */
    enum contact_mode mode;
    char content[1024]; /* what was talked about, what the deputy raised */
    char items[8];      /* items coordinated (协调解决事项), as digits ("" = 0) */
    char note[640];
    /* Read-only, filled by contact_get and contact_list (the township is the deputy's, set by
     * contact_save): */
    char township_id[LL_ID_LEN];
    char township_name[64];
    char operator_name[64];
    char created_at[25];
    char updated_at[25];
    char sort_key[LL_KEY_LEN];
};

struct contact_filter {
    char township_id[LL_ID_LEN]; /* "" = every township */
    char deputy_id[LL_ID_LEN];   /* "" = every deputy */
    int mode;                    /* -1 = every mode */
    char from[11], to[11];       /* a period, both ends included; "" = open */
    /* Part of the content, the leader's name or post, the deputy's name or the note (Chinese
     * substrings), or the pinyin initials of the leader or the deputy. "" = all. */
    char search[64];
};

const char *contact_mode_label(enum contact_mode mode); /* translated */
const char *contact_mode_text(enum contact_mode mode);  /* Chinese whatever the language: files */
const char *contact_mode_code(enum contact_mode mode);
bool contact_mode_parse(const char *text, enum contact_mode *out); /* code or label */

void contact_init(struct contact *c); /* today, a visit, 0 items */
void contact_filter_init(struct contact_filter *f);
enum ll_status contact_validate(struct ll_db *db, const struct contact *c, struct ll_error *err);
/* Inserts (id "" -> new id) or updates, in one transaction; audited. The township is the
 * deputy's; a contact whose deputy has left the roster keeps the one it had. A form opened
 * before another save of the contact is refused (LL_ECONFLICT). */
enum ll_status contact_save(struct ll_db *db, struct contact *c, struct ll_error *err);
enum ll_status contact_get(struct ll_db *db, const char *id, struct contact *out,
                           struct ll_error *err);
/* Audited. */
enum ll_status contact_delete(struct ll_db *db, const char *id, struct ll_error *err);
/* A keyset page by date (oldest first). */
enum ll_status contact_list(struct ll_db *db, const struct contact_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct contact *out, int *count,
                            struct ll_error *err);
/* With search text, stops at LL_COUNT_MAX (LL_COUNT_MORE). */
enum ll_status contact_count(struct ll_db *db, const struct contact_filter *f, int *count,
                             struct ll_error *err);

/* ---- counts for the bulletin ------------------------------------------------------------ */

struct contact_counts {
    int contacts;                    /* 人次: contacts made in the period */
    int leaders;                     /* distinct leaders (by name) who made them */
    int deputies;                    /* distinct deputies contacted */
    int items;                       /* items coordinated */
    int by_mode[CONTACT_MODE_COUNT]; /* contacts by mode */
};

/* The counts for [from, to] ("" = open ends) of township_id ("" = the county). */
enum ll_status contact_counts(struct ll_db *db, const char *township_id, const char *from,
                              const char *to, struct contact_counts *out, struct ll_error *err);

#endif
