/* Liaison stations (联络站) of the "1+N" network, their "six haves" (六有) standard, and the
 * volunteers attached to them. */
#ifndef LIANLUO_STATION_H
#define LIANLUO_STATION_H

#include <stdbool.h>

#include "lianluo/db.h"

/* X(constant, code name stored in the database, Chinese label) */
#define STATION_KINDS(X)                                                                           \
    X(STATION_CENTRAL, "central", "中心联络站")                                                    \
    X(STATION_AREA, "area", "片区联络站")                                                          \
    X(STATION_GROUP, "group", "市代表小组联络站")

enum station_kind {
#define X(c, code, label) c,
    STATION_KINDS(X)
#undef X
        STATION_KIND_COUNT
};

/* The six haves, in the order the standard lists them. */
#define STATION_HAVES(X)                                                                           \
    X(HAVE_PREMISES, "premises", "有工作场所")                                                     \
    X(HAVE_SIGNAGE, "signage", "有标识标牌")                                                       \
    X(HAVE_NOTICE, "notice", "有公示信息")                                                         \
    X(HAVE_RULES, "rules", "有工作制度")                                                           \
    X(HAVE_PLAN, "plan", "有工作计划")                                                             \
    X(HAVE_LEDGER, "ledger", "有台账记录")

enum station_have {
#define X(c, code, label) c,
    STATION_HAVES(X)
#undef X
        STATION_HAVE_COUNT
};

struct station_have_state {
    bool done;
    char date[24]; /* YYYY-MM-DD when it was met once saved (as typed before), "" = unknown */
    char note[256];
};

struct station {
    char id[LL_ID_LEN]; /* "" for a new station: station_save fills it */
    char site_id[LL_ID_LEN];
    enum station_kind kind;
    char name[128];
    char township_id[LL_ID_LEN];
    char parent_id[LL_ID_LEN]; /* the township's central station, for an area station */
    char village[64];          /* village or community (村、社区) */
    char address[256];
    char admin_name[64];
    char admin_phone[32];
    char hours[128]; /* opening hours, free text */
    char note[512];
    struct station_have_state haves[STATION_HAVE_COUNT];
    /* Read-only, filled by station_get and station_list: */
    char township_name[64];
    char parent_name[128];
    int deputy_count;
    int haves_done;
    char created_at[25];
    char updated_at[25];
    char sort_key[LL_KEY_LEN];
};

struct station_filter {
    char township_id[LL_ID_LEN]; /* "" = every township */
    int kind;                    /* -1 = every kind */
    bool missing_have;           /* only stations missing at least one of the six haves */
    char search[64];             /* part of the name, village or administrator; "" = all */
    char exclude_id[LL_ID_LEN];  /* a station left out (the one being deleted); "" = none */
};

const char *station_kind_label(enum station_kind kind); /* translated */
const char *station_kind_code(enum station_kind kind);
/* Accepts the code name, the Chinese label, or a short form (中心, 片区, 小组). */
bool station_kind_parse(const char *text, enum station_kind *out);
const char *station_have_label(enum station_have have); /* translated */

void station_init(struct station *s);
void station_filter_init(struct station_filter *f);
/* Checks every field as the form and the import need it; err->field names the member. The
 * parent is not among them: station_save works it out. */
enum ll_status station_validate(struct ll_db *db, const struct station *s, struct ll_error *err);
/* Inserts (id "" -> a new id is written into s->id) or updates, with its six haves, in one
 * transaction, and records it in the audit log. */
enum ll_status station_save(struct ll_db *db, struct station *s, struct ll_error *err);
enum ll_status station_get(struct ll_db *db, const char *id, struct station *out,
                           struct ll_error *err);
/* What hangs on a station besides its deputies (those are in deputy_count). */
struct station_links {
    int volunteers;     /* deleted with it */
    int groups;         /* deputy groups that meet there: left without a station */
    int area_stations;  /* under it, when it is central: left without a central station */
    int ledger_entries; /* its ledger and problems: while it has any, it cannot be deleted */
    int problems;
};
enum ll_status station_links_count(struct ll_db *db, const struct station *s,
                                   struct station_links *out, struct ll_error *err);
/* How many stations, in all townships, have exactly this name. */
enum ll_status station_count_named(struct ll_db *db, const char *name, int *count,
                                   struct ll_error *err);
/* Exact name within a township (township_id "" = any); LL_ENOTFOUND when none. */
enum ll_status station_find(struct ll_db *db, const char *township_id, const char *name,
                            struct station *out, struct ll_error *err);
/* Removes a station. When deputies are still assigned to it, move_to names the station they
 * go to ("" = they become "not in a station"); NULL refuses with LL_ECONFLICT and a message
 * that says how many. A station with ledger entries or problems is never deleted (LL_ECONFLICT).
 * Its volunteers and six-haves records go with it; child stations lose their parent. Audited. */
enum ll_status station_delete(struct ll_db *db, const char *id, const char *move_to,
                              struct ll_error *err);
/* A keyset page of stations in network order (township, kind, name). Writes up to limit rows
 * into out and their number into *count. */
enum ll_status station_list(struct ll_db *db, const struct station_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct station *out, int *count,
                            struct ll_error *err);
/* Number of stations matching f (small table: fine to count). */
enum ll_status station_count(struct ll_db *db, const struct station_filter *f, int *count,
                             struct ll_error *err);

/* Whether s->parent_id may be s's parent: its township's central station, and s an area
 * station ("" is always fine). station_save sets the parent itself; this checks a parent a file
 * names. */
enum ll_status station_check_parent(struct ll_db *db, const struct station *s,
                                    struct ll_error *err);

struct volunteer {
    char id[LL_ID_LEN];
    char site_id[LL_ID_LEN];
    char station_id[LL_ID_LEN];
    char name[64];
    char phone[32];
    char note[256];
    char sort_key[LL_KEY_LEN];
    char updated_at[25]; /* as read: a save refuses to overwrite a later change */
};

void volunteer_init(struct volunteer *v);
enum ll_status volunteer_validate(const struct volunteer *v, struct ll_error *err);
enum ll_status volunteer_save(struct ll_db *db, struct volunteer *v, struct ll_error *err);
enum ll_status volunteer_get(struct ll_db *db, const char *id, struct volunteer *out,
                             struct ll_error *err);
enum ll_status volunteer_delete(struct ll_db *db, const char *id, struct ll_error *err);
/* A keyset page of one station's volunteers, by name. */
enum ll_status volunteer_list(struct ll_db *db, const char *station_id, enum page_dir dir,
                              const char *anchor_key, int limit, struct volunteer *out, int *count,
                              struct ll_error *err);
enum ll_status volunteer_count(struct ll_db *db, const char *station_id, int *count,
                               struct ll_error *err);

#endif
