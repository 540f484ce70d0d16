/* Internal to the 同步 screens (scr_sync*.c): their shared state and helpers. */
#ifndef LL_UI_SCR_SYNC_H
#define LL_UI_SCR_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/sync.h"
#include "ui/listview.h"
#include "ui/screens.h"

#define HISTORY_SHOWN   500
#define CONFLICTS_SHOWN 1000
#define RECORDS_SHOWN   2000 /* lines of a package's preview read into memory */
#define PACKAGES_SHOWN  200  /* packages of a folder offered for import */
#define PACKAGE_EXT     ".llsync"

struct rowset {
    char *rows;
    int n, cap;
    size_t size;       /* of a row */
    size_t key_offset; /* of its sort_key: the index, "%08d" */
    char error[512];
};

struct peer_line {
    struct sync_peer p;
    char where[160]; /* the township or station it is for */
    char sort_key[LL_KEY_LEN];
};

struct history_line {
    struct sync_history_row h;
    char sort_key[LL_KEY_LEN];
};

struct conflict_line {
    struct sync_conflict c;
    char sort_key[LL_KEY_LEN];
};

struct sync_screen {
    struct app *app;
    struct rowset peers, history, conflicts;
    int open_conflicts; /* shown on the pairings' status line */
};

const char *sync_base_name(const char *path);
void sync_conflicts_screen(struct sync_screen *ss);
void sync_expand_home(char *path, size_t size);
bool sync_folder_ask(const char *label, char *folder, size_t size);
void sync_folder_default(char *out, size_t size);
bool sync_is_folder(const char *path);
void sync_local_date(const char *iso, char *out, size_t size);
void sync_local_time(const char *iso, char *out, size_t size);
bool sync_package_choose(struct listview *lv, const char *folder, char *out, size_t size);
int sync_peer_conflicts(void *self);
int sync_peer_history(void *self);
int sync_peer_import(void *self);
const char *sync_peer_name(const struct sync_peer *p);
void sync_peers_reload(struct listview *lv, const char *id);
void sync_remember_folder(const char *path);
const char *sync_role_word(enum site_role r);
void sync_rowset_add(struct rowset *rs, const void *row);
void sync_rowset_clear(struct rowset *rs);
enum ll_status sync_rowset_fetch(const struct rowset *rs, enum page_dir dir, const char *anchor,
                                 int limit, void *rows, int *count, struct ll_error *err);

/* The fetch and count of a list that pages through the screen's rowset member (the list's
 * context is the sync_screen): member_fetch and member_counter. */
#define SYNC_ROWSET_SOURCE(member)                                                                 \
    static enum ll_status member##_fetch(void *ctx, enum page_dir dir, const char *anchor,         \
                                         int limit, void *rows, int *count, struct ll_error *err)  \
    {                                                                                              \
        return sync_rowset_fetch(&((struct sync_screen *)ctx)->member, dir, anchor, limit, rows,   \
                                 count, err);                                                      \
    }                                                                                              \
    static enum ll_status member##_counter(void *ctx, int *count, struct ll_error *err)            \
    {                                                                                              \
        (void)err;                                                                                 \
        *count = ((struct sync_screen *)ctx)->member.n;                                            \
        return LL_OK;                                                                              \
    }

#endif
