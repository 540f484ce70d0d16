/* Problems constituents raise at a station (群众反映的问题), followed until they are closed:
 * registered -> referred -> in progress -> solved / explained / not solvable, every change of
 * status kept with its date and note. */
#ifndef LIANLUO_PROBLEM_H
#define LIANLUO_PROBLEM_H

#include <stdbool.h>

#include "lianluo/db.h"

/* X(constant, code name, Chinese label) */
#define PROBLEM_STATUSES(X)                                                                        \
    X(PROBLEM_REGISTERED, "registered", "已登记")                                                  \
    X(PROBLEM_REFERRED, "referred", "已交办")                                                      \
    X(PROBLEM_IN_PROGRESS, "in_progress", "办理中")                                                \
    X(PROBLEM_SOLVED, "solved", "已解决")                                                          \
    X(PROBLEM_EXPLAINED, "explained", "已解释说明")                                                \
    X(PROBLEM_UNSOLVABLE, "unsolvable", "暂无法解决")

enum problem_status {
#define X(c, code, label) c,
    PROBLEM_STATUSES(X)
#undef X
        PROBLEM_STATUS_COUNT
};

#define PROBLEM_CATEGORIES(X)                                                                      \
    X(CATEGORY_ROADS, "roads", "道路交通")                                                         \
    X(CATEGORY_FARMING, "farming", "农业农村")                                                     \
    X(CATEGORY_WATER, "water", "水利供水")                                                         \
    X(CATEGORY_EDUCATION, "education", "教育医疗")                                                 \
    X(CATEGORY_WELFARE, "welfare", "社会保障")                                                     \
    X(CATEGORY_ENVIRONMENT, "environment", "环境卫生")                                             \
    X(CATEGORY_DISPUTES, "disputes", "矛盾纠纷")                                                   \
    X(CATEGORY_BUILDING, "building", "城乡建设")                                                   \
    X(CATEGORY_OTHER, "other", "其他")

enum problem_category {
#define X(c, code, label) c,
    PROBLEM_CATEGORIES(X)
#undef X
        PROBLEM_CATEGORY_COUNT
};

/* The constituent's word on the answer. */
#define PROBLEM_FEEDBACKS(X)                                                                       \
    X(FEEDBACK_NONE, "", "未反馈")                                                                 \
    X(FEEDBACK_SATISFIED, "satisfied", "满意")                                                     \
    X(FEEDBACK_BASICALLY, "basically", "基本满意")                                                 \
    X(FEEDBACK_DISSATISFIED, "dissatisfied", "不满意")

enum problem_feedback {
#define X(c, code, label) c,
    PROBLEM_FEEDBACKS(X)
#undef X
        PROBLEM_FEEDBACK_COUNT
};

struct problem {
    char id[LL_ID_LEN];
    char site_id[LL_ID_LEN];
    char station_id[LL_ID_LEN];
    char entry_id[LL_ID_LEN]; /* the ledger entry it was raised at, "" = on its own */
    char raised_on[24];       /* YYYY-MM-DD once saved */
    /* Who raised it: optional personal data, shown in the form only. */
    char raiser_name[64];
    char raiser_village[64];
    char raiser_phone[32];
    enum problem_category category;
    char description[1024];
    char deputy_id[LL_ID_LEN]; /* the deputy who took it up */
    char deputy_name[64];
    char unit[128]; /* the unit it was referred to */
    char reply[1024];
    enum problem_feedback feedback;
    char note[640];
    /* Read-only: changed by problem_set_status only. */
    enum problem_status status;
    char status_on[11]; /* date of the last change of status */
    char closed_on[11]; /* "" while open */
    /* Read-only, filled by problem_get and problem_list: */
    char station_name[128];
    char township_id[LL_ID_LEN];
    char township_name[64];
    bool overdue;  /* open, and no progress for more than the overdue days */
    int idle_days; /* days since the last change of status */
    char created_at[25];
    char updated_at[25];
    char sort_key[LL_KEY_LEN];
};

/* Which problems a list shows by status. */
enum problem_status_filter {
    PSF_ALL = -1,
    PSF_OPEN = -2, /* registered, referred or in progress */
    PSF_CLOSED = -3,
    /* 0..PROBLEM_STATUS_COUNT-1: exactly that status */
};

struct problem_filter {
    char township_id[LL_ID_LEN];
    char station_id[LL_ID_LEN];
    char entry_id[LL_ID_LEN]; /* "" = any */
    int status;               /* enum problem_status_filter or a status */
    bool overdue_only;
    int overdue_days;      /* what overdue means (lianluo.ini [ledger] overdue_days) */
    char unit[64];         /* part of the unit's name; "" = any */
    char from[11], to[11]; /* raised in this period; "" = open ends */
    /* Chinese substrings of the description, names, village, unit or reply, or the pinyin
     * initials of the constituent or the deputy. */
    char search[64];
};

/* One change of status, newest last in problem_history. */
struct problem_event {
    char id[LL_ID_LEN];
    char on_date[11];
    enum problem_status from; /* PROBLEM_STATUS_COUNT for the registration itself */
    enum problem_status to;
    char note[1024];
    char operator_name[64];
};

const char *problem_status_label(enum problem_status s); /* translated */
const char *problem_status_text(enum problem_status s);  /* Chinese: files */
const char *problem_status_code(enum problem_status s);
bool problem_status_parse(const char *text, enum problem_status *out);
bool problem_status_closed(enum problem_status s);
/* Whether a problem may go from one status to the other: forward along registered ->
 * referred -> in progress -> closed (steps may be skipped: a question answered on the spot is
 * closed at once), and a closed problem may be reopened (in progress). */
bool problem_status_allowed(enum problem_status from, enum problem_status to);
const char *problem_category_label(enum problem_category c);
const char *problem_category_text(enum problem_category c);
const char *problem_category_code(enum problem_category c); /* as stored */
bool problem_category_parse(const char *text, enum problem_category *out);
const char *problem_feedback_label(enum problem_feedback f);
const char *problem_feedback_text(enum problem_feedback f);
const char *problem_feedback_code(enum problem_feedback f); /* as stored ("" = none) */

void problem_init(struct problem *p);
void problem_filter_init(struct problem_filter *f);
enum ll_status problem_validate(struct ll_db *db, const struct problem *p, struct ll_error *err);
/* Inserts (registered on raised_on, the first event of its history) or updates what the form
 * edits; the status is left as it is. Audited. */
enum ll_status problem_save(struct ll_db *db, struct problem *p, struct ll_error *err);
/* Moves a saved problem to a new status on date (YYYY-MM-DD or as typed; "" = today) with a
 * note, kept in its history. Referring needs the unit (p->unit, saved with it); closing needs
 * the reply given to the constituent (p->reply); reopening needs a note. The date may not be
 * before the last change nor after today. On success p is read back. */
enum ll_status problem_set_status(struct ll_db *db, struct problem *p, enum problem_status to,
                                  const char *date, const char *note, struct ll_error *err);
enum ll_status problem_get(struct ll_db *db, const char *id, int overdue_days, struct problem *out,
                           struct ll_error *err);
/* Its history, oldest first. */
enum ll_status problem_history(struct ll_db *db, const char *id,
                               int (*cb)(void *ctx, const struct problem_event *e), void *ctx,
                               struct ll_error *err);
enum ll_status problem_delete(struct ll_db *db, const char *id, struct ll_error *err);
/* A keyset page by date raised (oldest first). */
enum ll_status problem_list(struct ll_db *db, const struct problem_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct problem *out, int *count,
                            struct ll_error *err);
enum ll_status problem_count(struct ll_db *db, const struct problem_filter *f, int *count,
                             struct ll_error *err);

#endif
