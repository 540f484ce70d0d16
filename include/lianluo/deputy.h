/* Deputies (人大代表) of the five levels, and deputy groups (代表小组). */
#ifndef LIANLUO_DEPUTY_H
#define LIANLUO_DEPUTY_H

#include <stdbool.h>

#include "lianluo/db.h"

/* X(constant, code name, Chinese label); a deputy's levels are a set (bit 1 << constant). */
#define DEPUTY_LEVELS(X)                                                                           \
    X(LEVEL_NATIONAL, "national", "全国")                                                          \
    X(LEVEL_PROVINCIAL, "provincial", "省级")                                                      \
    X(LEVEL_CITY, "city", "市级")                                                                  \
    X(LEVEL_COUNTY, "county", "县级")                                                              \
    X(LEVEL_TOWNSHIP, "township", "乡镇级")

enum deputy_level {
#define X(c, code, label) c,
    DEPUTY_LEVELS(X)
#undef X
        DEPUTY_LEVEL_COUNT
};

#define GENDERS(X)                                                                                 \
    X(GENDER_UNKNOWN, "", "")                                                                      \
    X(GENDER_MALE, "male", "男")                                                                   \
    X(GENDER_FEMALE, "female", "女")

enum gender {
#define X(c, code, label) c,
    GENDERS(X)
#undef X
        GENDER_COUNT
};

struct deputy {
    char id[LL_ID_LEN];
    char site_id[LL_ID_LEN];
    char name[64];
    enum gender gender;
    char ethnicity[32]; /* 汉族, 土家族 ... */
    char birth[24];     /* YYYY-MM (出生年月) once saved; as typed before */
    char party[32];     /* 中共党员, 群众, 民盟 ... */
    char workplace[128];
    char post[64];
    char phone[32];
    char id_card[19]; /* optional; checked with the GB 11643 check digit */
    char township_id[LL_ID_LEN];
    char group_id[LL_ID_LEN];
    char station_id[LL_ID_LEN]; /* "" = not in a station yet */
    char term[32];              /* 届次, e.g. 第十八届 */
    unsigned levels;            /* set of 1u << enum deputy_level; at least one */
    char note[512];
    /* Read-only, filled by deputy_get and deputy_list: */
    char township_name[64];
    char group_name[128];
    char station_name[128];
    char created_at[25];
    char updated_at[25];
    char sort_key[LL_KEY_LEN];
};

struct deputy_filter {
    char township_id[LL_ID_LEN]; /* "" = every township */
    int level;                   /* -1 = every level */
    char station_id[LL_ID_LEN];  /* "" = every station */
    bool no_station;             /* only deputies not assigned to any station */
    /* Matches part of the name (张 finds 张三), pinyin initials (zs finds 张三), or part of
     * the phone number. "" = all. */
    char search[64];
};

const char *deputy_level_label(enum deputy_level level); /* translated */
const char *deputy_level_code(enum deputy_level level);
/* "县级、乡镇级" -> its set. Accepts labels with or without 级/人大代表, code names, and the
 * separators 、，,;；/ and space. Returns false (and leaves *out) on an unknown word. */
bool deputy_levels_parse(const char *text, unsigned *out);
/* The set as text for the screen: "县级、乡镇级" (translated). */
char *deputy_levels_format(unsigned levels, char *out, size_t outsz);
/* The same in Chinese whatever the screen language, for files (export). */
char *deputy_levels_text(unsigned levels, char *out, size_t outsz);
const char *gender_label(enum gender g);
const char *gender_text(enum gender g); /* 男/女 whatever the screen language, for files */
bool gender_parse(const char *text, enum gender *out); /* 男/女/male/female/M/F/"" */

void deputy_init(struct deputy *d);
void deputy_filter_init(struct deputy_filter *f);
enum ll_status deputy_validate(struct ll_db *db, const struct deputy *d, struct ll_error *err);
/* Inserts (id "" -> new id written into d->id) or updates, levels included, in one
 * transaction; audited. */
enum ll_status deputy_save(struct ll_db *db, struct deputy *d, struct ll_error *err);
enum ll_status deputy_get(struct ll_db *db, const char *id, struct deputy *out,
                          struct ll_error *err);
enum ll_status deputy_delete(struct ll_db *db, const char *id, struct ll_error *err);
/* A keyset page of deputies by township, then name (pinyin-initials order within Chinese
 * is not attempted: by code point). */
enum ll_status deputy_list(struct ll_db *db, const struct deputy_filter *f, enum page_dir dir,
                           const char *anchor_key, int limit, struct deputy *out, int *count,
                           struct ll_error *err);
enum ll_status deputy_count(struct ll_db *db, const struct deputy_filter *f, int *count,
                            struct ll_error *err);
/* What a roster row says about who it is, to find that deputy again on re-import. */
struct deputy_key {
    const char *name;
    const char *phone;       /* NULL or "": the row gives no phone */
    const char *id_card;     /* NULL or "": the row gives no ID card number */
    const char *township_id; /* NULL or "": any township */
};
/* Finds the deputy a roster row describes. The best kind of match wins: the deputy with its
 * ID card number; else the one with its name and phone; else, when the row or the record has
 * no phone, the one with its name in its township — never one whose own ID card or phone says
 * it is someone else. *matches is how many deputies match that well: 0, 1 (out is filled) or
 * more (the row cannot tell them apart). */
enum ll_status deputy_match(struct ll_db *db, const struct deputy_key *key, struct deputy *out,
                            int *matches, struct ll_error *err);

struct deputy_group {
    char id[LL_ID_LEN];
    char site_id[LL_ID_LEN];
    char name[128];
    char township_id[LL_ID_LEN];
    char station_id[LL_ID_LEN]; /* the station the group is attached to */
    char note[256];
    char township_name[64]; /* read-only */
    char station_name[128]; /* read-only */
    int member_count;       /* read-only */
    char sort_key[LL_KEY_LEN];
    char updated_at[25]; /* as read: a save refuses to overwrite a later change */
};

void deputy_group_init(struct deputy_group *g);
enum ll_status deputy_group_validate(struct ll_db *db, const struct deputy_group *g,
                                     struct ll_error *err);
enum ll_status deputy_group_save(struct ll_db *db, struct deputy_group *g, struct ll_error *err);
enum ll_status deputy_group_get(struct ll_db *db, const char *id, struct deputy_group *out,
                                struct ll_error *err);
/* The group of that township with exactly that name; LL_ENOTFOUND when there is none. */
enum ll_status deputy_group_find(struct ll_db *db, const char *township_id, const char *name,
                                 struct deputy_group *out, struct ll_error *err);
/* Refuses (LL_ECONFLICT) while deputies belong to it. */
enum ll_status deputy_group_delete(struct ll_db *db, const char *id, struct ll_error *err);
enum ll_status deputy_group_list(struct ll_db *db, const char *township_id, enum page_dir dir,
                                 const char *anchor_key, int limit, struct deputy_group *out,
                                 int *count, struct ll_error *err);
enum ll_status deputy_group_count(struct ll_db *db, const char *township_id, int *count,
                                  struct ll_error *err);

#endif
