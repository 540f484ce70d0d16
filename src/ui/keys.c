#include "ui/keys.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/text.h"
#include "ui/draw.h"
#include "ui/help.h"
#include "ui/term.h"

#define KEYS_PER_ACTION 4

static const char *const action_labels[ACT_COUNT] = {
#define X(c, label) [c] = label,
    ACTIONS(X)
#undef X
};

/* The default keys of every action (0 ends a list). */
static const int action_keys[ACT_COUNT][KEYS_PER_ACTION] = {
    [ACT_UP] = {KC(KEY_UP)},
    [ACT_DOWN] = {KC(KEY_DOWN)},
    [ACT_PGUP] = {KC(KEY_PPAGE)},
    [ACT_PGDN] = {KC(KEY_NPAGE)},
    [ACT_HOME] = {KC(KEY_HOME)},
    [ACT_END] = {KC(KEY_END)},
    [ACT_OPEN] = {'\n', KC(KEY_ENTER)},
    [ACT_ADD] = {'a', KC(KEY_IC)},
    [ACT_DELETE] = {'d', KC(KEY_DC)},
    [ACT_SEARCH] = {'/'},
    [ACT_SAVE] = {KC(KEY_F(2)), LL_CTRL('S')},
    [ACT_BACK] = {LL_ESC},
    [ACT_QUIT] = {'q'},
    [ACT_HELP] = {KC(KEY_F(1))},
    [ACT_NEXT_FIELD] = {'\t'},
    [ACT_PREV_FIELD] = {KC(KEY_BTAB)},
    [ACT_TOGGLE] = {' '},
    [ACT_SWITCH] = {'\t'},
    [ACT_FILTER_TOWNSHIP] = {'t'},
    [ACT_FILTER_LEVEL] = {'l'},
    [ACT_FILTER_STATION] = {'s'},
    [ACT_VOLUNTEERS] = {'v'},
    [ACT_CLEAR] = {'c'},
    [ACT_FILTER_KIND] = {'k'},
    [ACT_FILTER_PERIOD] = {'m'},
    [ACT_FILTER_DEPUTY] = {'r'},
    [ACT_FILTER_STATUS] = {'z'},
    [ACT_FILTER_OVERDUE] = {'o'},
    [ACT_FILTER_UNIT] = {'u'},
    [ACT_PROBLEMS] = {'p'},
    [ACT_LEDGER] = {'l'},
    [ACT_PROGRESS] = {'x'},
    [ACT_HISTORY] = {'h'},
    [ACT_PRINT] = {'w'},
    [ACT_EXPORT] = {'e'},
    [ACT_PAGE] = {'i'},
    [ACT_COUNTS] = {'n'},
};

const char *action_label(enum action a)
{
    return a > ACT_NONE && a < ACT_COUNT ? _(action_labels[a]) : "";
}

bool key_is(int key, enum action a)
{
    for (int i = 0; i < KEYS_PER_ACTION && action_keys[a][i] != 0; i++)
        if (action_keys[a][i] == key)
            return true;
    return false;
}

const struct key_handler *keys_lookup(const struct keyscope *scope, int key)
{
    for (int t = 0; t < KEY_TABLES_MAX && scope->tables[t]; t++)
        for (const struct key_handler *h = scope->tables[t]; h->action != ACT_NONE; h++)
            if (key_is(key, h->action))
                return h;
    return NULL;
}

int keys_dispatch(const struct keyscope *scope, int key, void *self)
{
    const struct key_handler *h = keys_lookup(scope, key);
    if (h != NULL && h->fn != NULL)
        return h->fn(self);
    if (key_is(key, ACT_HELP)) {
        help_show(scope);
        return KR_STAY;
    }
    return KR_UNHANDLED;
}

static void keyname_of(int key, char *out, size_t outsz)
{
    static const struct {
        int key;
        const char *name;
    } names[] = {
        {KC(KEY_UP), N_("上方向键")},
        {KC(KEY_DOWN), N_("下方向键")},
        {KC(KEY_LEFT), N_("左方向键")},
        {KC(KEY_RIGHT), N_("右方向键")},
        {KC(KEY_PPAGE), "PgUp"},
        {KC(KEY_NPAGE), "PgDn"},
        {KC(KEY_HOME), "Home"},
        {KC(KEY_END), "End"},
        {'\n', "Enter"},
        {KC(KEY_IC), "Insert"},
        {KC(KEY_DC), "Delete"},
        {LL_ESC, "Esc"},
        {'\t', "Tab"},
        {KC(KEY_BTAB), "Shift-Tab"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].key == key) {
            snprintf(out, outsz, "%s", _(names[i].name)); /* the arrows have Chinese names */
            return;
        }
    }
    if (key == ' ')
        snprintf(out, outsz, "%s", _("空格"));
    else if (key == KC(KEY_ENTER))
        snprintf(out, outsz, "Enter");
    else if (KEY_IS_CODE(key) && key >= KC(KEY_F(1)) && key <= KC(KEY_F(12)))
        snprintf(out, outsz, "F%d", key - KC(KEY_F0));
    else if (key > 0 && key < 0x20)
        snprintf(out, outsz, "Ctrl-%c", key + '@');
    else if (!KEY_IS_CODE(key)) {
        char b[5];
        b[text_encode((uint32_t)key, b)] = '\0';
        snprintf(out, outsz, "%s", b);
    } else
        snprintf(out, outsz, "?");
}

void keys_names(enum action a, char *out, size_t outsz)
{
    size_t pos = 0;
    out[0] = '\0';
    for (int i = 0; i < KEYS_PER_ACTION && action_keys[a][i] != 0; i++) {
        if (action_keys[a][i] == KC(KEY_ENTER))
            continue; /* the same key as Enter for the user */
        char name[32];
        keyname_of(action_keys[a][i], name, sizeof name);
        int n = snprintf(out + pos, outsz - pos, "%s%s", pos ? " / " : "", name);
        if (n < 0 || (size_t)n >= outsz - pos)
            break;
        pos += (size_t)n;
    }
}

struct bar_item {
    char key[32];
    const char *label;
};

#define BAR_ITEMS_MAX 24

static const char *handler_label(const struct key_handler *h)
{
    return h->label ? _(h->label) : action_label(h->action);
}

static void bar_item_set(struct bar_item *it, const struct key_handler *h, int key)
{
    if (h && h->keys)
        snprintf(it->key, sizeof it->key, "%s", _(h->keys));
    else
        keyname_of(key, it->key, sizeof it->key);
    it->label = h ? handler_label(h) : action_label(ACT_HELP);
}

/* Columns the first n items take with gap columns between them. */
static int bar_width(const struct bar_item *items, int n, int gap)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        w += (i ? gap : 0) + text_width(items[i].key) + 1 + text_width(items[i].label);
    return w;
}

/* "F1 帮助  Esc 返回  Enter 打开  a 添加 ...": help and the way back first, so they are always
 * there; the keys in bold. When they do not all fit, the gaps shrink to one column, and only
 * then are the last ones left out (F1 lists them all). */
void keybar_draw(const struct keyscope *scope, int y)
{
    struct bar_item items[BAR_ITEMS_MAX];
    int n = 0;
    if (scope->title || scope->help) /* a scope with nothing to explain has no F1 */
        bar_item_set(&items[n++], NULL, KC(KEY_F(1)));
    const struct key_handler *back = keys_lookup(scope, LL_ESC);
    if (back && back->in_bar)
        bar_item_set(&items[n++], back, LL_ESC);
    for (int t = 0; t < KEY_TABLES_MAX && scope->tables[t]; t++)
        for (const struct key_handler *h = scope->tables[t]; h->action != ACT_NONE; h++)
            if (h->in_bar && h != back && n < BAR_ITEMS_MAX)
                bar_item_set(&items[n++], h, action_keys[h->action][0]);
    int gap = bar_width(items, n, 2) <= COLS ? 2 : 1;
    while (n > 1 && bar_width(items, n, gap) > COLS)
        n--;
    attr_t attr = term_attr(COLOR_KEYBAR);
    draw_bar(y, "", COLOR_KEYBAR);
    int x = 0;
    for (int i = 0; i < n && x < COLS; i++) {
        x += i ? gap : 0;
        int kw = text_width(items[i].key);
        draw_text(y, x, COLS - x, items[i].key, TEXT_LEFT, attr | A_BOLD);
        x += kw + 1;
        int lw = text_width(items[i].label);
        if (x < COLS)
            draw_text(y, x, COLS - x, items[i].label, TEXT_LEFT, attr);
        x += lw;
    }
}
