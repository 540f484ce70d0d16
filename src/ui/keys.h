/* Key actions: one table names each action, its keys and its key-bar label. Screens bind
 * actions to functions with {action, function} tables; the key bar and the help screen are
 * drawn from the same tables, so what is shown is what works. */
#ifndef LL_UI_KEYS_H
#define LL_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

/* A key as term_getkey returns it: a character is its code point, a curses key code
 * (KEY_DOWN, KEY_F(2) ...) is moved above Unicode so the two never collide. */
#define KC(k)               (0x200000 + (k))
#define KEY_IS_CODE(k)      ((k) >= 0x200000)
#define LL_CTRL(c)          ((c)&0x1f)
#define LL_ESC              27
#define KEY_IS_PRINTABLE(k) ((k) >= 0x20 && (k) != 0x7f && !KEY_IS_CODE(k))

/* X(constant, Chinese label for the key bar and help) */
#define ACTIONS(X)                                                                                 \
    X(ACT_NONE, "")                                                                                \
    X(ACT_UP, "上移")                                                                              \
    X(ACT_DOWN, "下移")                                                                            \
    X(ACT_PGUP, "上一页")                                                                          \
    X(ACT_PGDN, "下一页")                                                                          \
    X(ACT_HOME, "第一行")                                                                          \
    X(ACT_END, "最后一行")                                                                         \
    X(ACT_OPEN, "打开")                                                                            \
    X(ACT_ADD, "添加")                                                                             \
    X(ACT_DELETE, "删除")                                                                          \
    X(ACT_SEARCH, "搜索")                                                                          \
    X(ACT_SAVE, "保存")                                                                            \
    X(ACT_BACK, "返回")                                                                            \
    X(ACT_QUIT, "退出")                                                                            \
    X(ACT_HELP, "帮助")                                                                            \
    X(ACT_NEXT_FIELD, "下一项")                                                                    \
    X(ACT_PREV_FIELD, "上一项")                                                                    \
    X(ACT_TOGGLE, "勾选")                                                                          \
    X(ACT_SWITCH, "切换")                                                                          \
    X(ACT_FILTER_TOWNSHIP, "按乡镇")                                                               \
    X(ACT_FILTER_LEVEL, "按层级")                                                                  \
    X(ACT_FILTER_STATION, "按联络站")                                                              \
    X(ACT_VOLUNTEERS, "志愿者")                                                                    \
    X(ACT_CLEAR, "清除")                                                                           \
    X(ACT_JUMP, "直接进入")                                                                        \
    X(ACT_SIDEWAYS, "切换")                                                                        \
    X(ACT_FILTER_KIND, "按类型")                                                                   \
    X(ACT_FILTER_PERIOD, "按期间")                                                                 \
    X(ACT_FILTER_DEPUTY, "按代表")                                                                 \
    X(ACT_FILTER_STATUS, "按状态")                                                                 \
    X(ACT_FILTER_OVERDUE, "超期")                                                                  \
    X(ACT_FILTER_UNIT, "按单位")                                                                   \
    X(ACT_PROBLEMS, "问题")                                                                        \
    X(ACT_LEDGER, "台账")                                                                          \
    X(ACT_PROGRESS, "办理")                                                                        \
    X(ACT_HISTORY, "经过")                                                                         \
    X(ACT_PRINT, "打印")                                                                           \
    X(ACT_EXPORT, "导出")                                                                          \
    X(ACT_PAGE, "主页")                                                                            \
    X(ACT_COUNTS, "统计")

enum action {
#define X(c, label) c,
    ACTIONS(X)
#undef X
        ACT_COUNT
};

/* What a handler tells the screen loop. */
enum key_result { KR_UNHANDLED = -1, KR_STAY = 0, KR_CLOSE = 1 };

/* One entry of a screen's table. label NULL = the action's own label; in_bar = shown in the
 * bottom key bar (every entry is listed on the F1 help screen). */
struct key_handler {
    enum action action;
    int (*fn)(void *self);
    const char *label;
    bool in_bar;
    const char *help; /* longer text for the help screen; NULL = the label */
    const char *keys; /* what to show for the keys, when the screen reads them itself ("1-7") */
};

#define KEY_TABLES_MAX 3

/* The keys in force on one screen: its tables, searched in order (the screen's own table
 * first, then the engine's), plus what the help screen says about it. */
struct keyscope {
    const struct key_handler *tables[KEY_TABLES_MAX]; /* each ends with {ACT_NONE} */
    const char *title;
    const char *help; /* a few sentences on what the screen is for */
};

/* The action's translated label. */
const char *action_label(enum action a);
/* True when key is one of the keys of action a. */
bool key_is(int key, enum action a);
/* The handler for key in scope, or NULL. */
const struct key_handler *keys_lookup(const struct keyscope *scope, int key);
/* Runs the handler for key with self; F1 opens help for scope. Returns the handler's
 * result, or KR_UNHANDLED. */
int keys_dispatch(const struct keyscope *scope, int key, void *self);
/* Readable names of the keys of a: "a / Insert". */
void keys_names(enum action a, char *out, size_t outsz);
/* Draws the key bar of scope on line y. */
void keybar_draw(const struct keyscope *scope, int y);

#endif
