/* A generic list screen: a table of columns and a keyset-paged data source.
 *
 * Only a screenful of rows is held. Moving past the bottom fetches PAGE_AFTER the last row's
 * key, past the top PAGE_BEFORE the first; PgUp/PgDn a page, Home/End the first/last page.
 * After an edit or a delete the list reloads around the current row's key, so the user
 * stays where they were. */
#ifndef LL_UI_LISTVIEW_H
#define LL_UI_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/db.h"
#include "lianluo/error.h"
#include "lianluo/text.h"
#include <curses.h>

#include "ui/keys.h"

struct listview;

/* What a cell shows: a text or int member of the row as it is, or what get() makes of it. */
enum lv_cell { LV_GET, LV_TEXT, LV_INT };

struct lv_column {
    const char *title; /* msgid (N_) */
    int width;         /* columns; 0 = shares what the fixed columns leave */
    enum text_align align;
    void (*get)(const void *row, char *buf, size_t size); /* LV_GET */
    enum lv_cell cell;
    size_t offset; /* LV_TEXT: of a char array; LV_INT: of an int */
};

/* Column cells straight from a member of the row type. */
#define LV_TEXT_OF(type, member) .cell = LV_TEXT, .offset = offsetof(type, member)
#define LV_INT_OF(type, member)  .cell = LV_INT, .offset = offsetof(type, member)

/* What a list screen is: columns, where its rows come from, and what its keys do. */
struct listview_def {
    const char *title; /* msgid */
    const char *help;  /* msgid: a few sentences for F1 */
    const struct lv_column *columns;
    int ncolumns;
    size_t row_size;
    size_t key_offset; /* of the row's sort_key (char[LL_KEY_LEN]) */
    /* The model's *_list functions have this shape, ctx being the screen's state. */
    enum ll_status (*fetch)(void *ctx, enum page_dir dir, const char *anchor_key, int limit,
                            void *rows_out, int *count, struct ll_error *err);
    enum ll_status (*count)(void *ctx, int *count, struct ll_error *err); /* optional */
    /* Optional actions; a NULL one is neither offered nor shown. They return KR_STAY or
     * KR_CLOSE; the list then reloads around the current row (or listview_focus's key). */
    int (*open)(struct listview *lv, void *row);
    int (*add)(struct listview *lv);
    int (*remove)(struct listview *lv, void *row);
    /* The filter's search text buffer (enables '/'), and a description of the filter in
     * force for the status line; it returns whether anything is filtered out. */
    char *(*search_text)(struct listview *lv, size_t *size);
    bool (*describe_filter)(struct listview *lv, char *buf, size_t size);
    /* A title made from the screen's state (e.g. the station's name); else title. */
    void (*make_title)(struct listview *lv, char *buf, size_t size);
    /* msgid of the search prompt; NULL = names, or their pinyin initials. */
    const char *search_prompt;
    /* Opens at the last row (a ledger, oldest first: the latest is what one looks for). */
    bool start_at_end;
    /* Optional: the look of a row that is not the current one (an overdue problem stands out). */
    attr_t (*row_attr)(const void *row);
    /* msgid shown when the list is empty and no search is in force; NULL = the usual line. */
    const char *empty;
    /* Optional: what Esc does before the list closes (KR_STAY: it went back a level itself). */
    int (*back)(struct listview *lv);
    /* The screen's own keys (handlers get the struct listview *), after the engine's. */
    const struct key_handler *keys;
};

struct listview {
    const struct listview_def *def;
    void *ctx;
    char *rows; /* room for 2 * page + 1 rows; n of them valid (n <= page) */
    int n, page, cur;
    int total; /* from def->count, -1 unknown */
    char focus_key[LL_KEY_LEN];
    bool has_focus_key;
    char message[512];
    bool message_error;
    bool choosing, chosen;
    void *chosen_row;
    struct key_handler base[16];
    struct keyscope scope;
};

/* Runs the list screen until Esc. */
void listview_run(const struct listview_def *def, void *ctx);
/* Runs it as a chooser: Enter picks a row, copied to out. False on Esc. */
bool listview_choose(const struct listview_def *def, void *ctx, const char *title, void *out);

/* For handlers: */
void *listview_current(struct listview *lv); /* NULL when the list is empty */
void listview_reload(struct listview *lv);   /* around the current row (or the focus key) */
void listview_reload_first(struct listview *lv);
void listview_focus(struct listview *lv, const char *key); /* reload around key next */
void listview_message(struct listview *lv, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Switches to another definition (same ctx) and reloads from the first row. */
void listview_switch(struct listview *lv, const struct listview_def *def);

/* For a list held whole in memory (rows: n rows of size bytes, each row's key its index as
 * text): copies the page a fetch asks for into out. */
void listview_page_of_array(const void *rows, int n, size_t size, enum page_dir dir,
                            const char *anchor, int limit, void *out, int *count);

#endif
