#include "ui/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "lianluo/text.h"
#include "ui/keys.h"

bool lineedit_init(struct lineedit *le, int max_chars, size_t max_bytes)
{
    memset(le, 0, sizeof *le);
    le->max_chars = max_chars > 0 ? max_chars : 1;
    le->max_bytes = max_bytes;
    le->buf = calloc((size_t)le->max_chars, sizeof *le->buf);
    return le->buf != NULL;
}

void lineedit_free(struct lineedit *le)
{
    free(le->buf);
    le->buf = NULL;
    le->len = le->cur = le->scroll = 0;
}

static size_t cp_bytes(uint32_t cp)
{
    char tmp[4];
    return text_encode(cp, tmp);
}

size_t lineedit_bytes(const struct lineedit *le)
{
    size_t n = 0;
    for (int i = 0; i < le->len; i++)
        n += cp_bytes(le->buf[i]);
    return n;
}

void lineedit_set(struct lineedit *le, const char *utf8)
{
    le->len = le->cur = le->scroll = 0;
    size_t n = utf8 ? strlen(utf8) : 0, pos = 0;
    while (pos < n) {
        uint32_t cp;
        size_t used = text_decode(utf8 + pos, n - pos, &cp);
        pos += used;
        if (!lineedit_insert(le, cp) && le->len >= le->max_chars)
            break;
    }
    le->cur = le->len;
}

char *lineedit_get(const struct lineedit *le, char *out, size_t outsz)
{
    size_t pos = 0;
    for (int i = 0; i < le->len; i++) {
        char tmp[4];
        size_t n = text_encode(le->buf[i], tmp);
        if (pos + n + 1 > outsz)
            break;
        memcpy(out + pos, tmp, n);
        pos += n;
    }
    if (outsz > 0)
        out[pos] = '\0';
    return out;
}

bool lineedit_insert(struct lineedit *le, uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
        return false;
    if (le->len >= le->max_chars || lineedit_bytes(le) + cp_bytes(cp) > le->max_bytes)
        return false;
    memmove(le->buf + le->cur + 1, le->buf + le->cur,
            (size_t)(le->len - le->cur) * sizeof *le->buf);
    le->buf[le->cur++] = cp;
    le->len++;
    return true;
}

bool lineedit_delete(struct lineedit *le)
{
    if (le->cur >= le->len)
        return false;
    memmove(le->buf + le->cur, le->buf + le->cur + 1,
            (size_t)(le->len - le->cur - 1) * sizeof *le->buf);
    le->len--;
    return true;
}

bool lineedit_backspace(struct lineedit *le)
{
    if (le->cur == 0)
        return false;
    le->cur--;
    return lineedit_delete(le);
}

void lineedit_left(struct lineedit *le)
{
    if (le->cur > 0)
        le->cur--;
}

void lineedit_right(struct lineedit *le)
{
    if (le->cur < le->len)
        le->cur++;
}

void lineedit_home(struct lineedit *le)
{
    le->cur = 0;
}

void lineedit_end(struct lineedit *le)
{
    le->cur = le->len;
}

bool lineedit_kill_before(struct lineedit *le)
{
    if (le->cur == 0)
        return false;
    memmove(le->buf, le->buf + le->cur, (size_t)(le->len - le->cur) * sizeof *le->buf);
    le->len -= le->cur;
    le->cur = 0;
    return true;
}

bool lineedit_kill_after(struct lineedit *le)
{
    if (le->cur == le->len)
        return false;
    le->len = le->cur;
    return true;
}

bool lineedit_key(struct lineedit *le, int key, bool *changed)
{
    bool ch = false;
    switch (key) {
    case KC(KEY_LEFT):
        lineedit_left(le);
        break;
    case KC(KEY_RIGHT):
        lineedit_right(le);
        break;
    case KC(KEY_HOME):
    case LL_CTRL('A'):
        lineedit_home(le);
        break;
    case KC(KEY_END):
    case LL_CTRL('E'):
        lineedit_end(le);
        break;
    case KC(KEY_BACKSPACE):
    case 0x7f:
    case LL_CTRL('H'):
        ch = lineedit_backspace(le);
        break;
    case KC(KEY_DC):
        ch = lineedit_delete(le);
        break;
    case LL_CTRL('U'):
        ch = lineedit_kill_before(le);
        break;
    case LL_CTRL('K'):
        ch = lineedit_kill_after(le);
        break;
    default:
        if (!KEY_IS_PRINTABLE(key))
            return false;
        ch = lineedit_insert(le, (uint32_t)key);
        break;
    }
    if (changed)
        *changed = ch;
    return true;
}

static int cp_cols(uint32_t cp)
{
    int w = text_cp_width(cp);
    return w < 0 ? 0 : w;
}

/* Columns of characters [from, to). */
static int span_cols(const struct lineedit *le, int from, int to)
{
    int w = 0;
    for (int i = from; i < to; i++)
        w += cp_cols(le->buf[i]);
    return w;
}

void lineedit_view(struct lineedit *le, int width, char *out, size_t outsz, int *cursor_col)
{
    if (le->cur < le->scroll)
        le->scroll = le->cur;
    /* The cursor cell: the character under it, or one column past the end. */
    int cursor_w =
        le->cur < le->len && cp_cols(le->buf[le->cur]) > 0 ? cp_cols(le->buf[le->cur]) : 1;
    while (le->scroll < le->cur && span_cols(le, le->scroll, le->cur) + cursor_w > width)
        le->scroll++;
    size_t pos = 0;
    int cols = 0;
    for (int i = le->scroll; i < le->len; i++) {
        int w = cp_cols(le->buf[i]);
        if (cols + w > width)
            break;
        char tmp[4];
        size_t n = text_encode(le->buf[i], tmp);
        if (pos + n + 1 > outsz)
            break;
        memcpy(out + pos, tmp, n);
        pos += n;
        cols += w;
    }
    if (outsz > 0)
        out[pos] = '\0';
    if (cursor_col)
        *cursor_col = span_cols(le, le->scroll, le->cur);
}
