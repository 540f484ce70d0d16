#include "ui/form.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/text.h"
#include "ui/dialog.h"
#include "ui/draw.h"
#include "ui/lineedit.h"
#include "ui/term.h"

#define FORM_FIELDS_MAX 64
#define FORM_KEYS_MAX   16

/* Where a field is drawn, computed from the table and the screen width at each draw. */
struct field_pos {
    int line;    /* line of the form body (0 = first) */
    int x;       /* label column */
    int label_w; /* columns given to the label */
    int vx, vw;  /* value column and width */
};

struct form {
    const struct form_def *def;
    void *ctx;
    void *rec;
    void *orig; /* the record as opened, to know whether anything changed */
    const char *title;
    struct lineedit edits[FORM_FIELDS_MAX]; /* for TEXT fields */
    struct field_pos pos[FORM_FIELDS_MAX];
    int nlines;
    int focus;
    int set_item; /* the flag under the cursor in a SET field */
    int top;      /* first body line shown */
    char message[512];
    bool message_error;
    bool saved, leave;
    struct keyscope scope;
    struct key_handler keys[FORM_KEYS_MAX]; /* form_keys that apply to its kinds of field */
};

static const struct form_field *fld(const struct form *f, int i)
{
    return &f->def->fields[i];
}

static void *at(void *rec, size_t off)
{
    return (char *)rec + off;
}

static bool focusable(const struct form_field *d)
{
    return d->type != FIELD_HEADING && d->type != FIELD_INFO;
}

/* ---- layout ------------------------------------------------------------------------------ */

static int form_label_width(const struct form *f)
{
    int w = 0;
    for (int i = 0; i < f->def->nfields; i++) {
        const struct form_field *d = fld(f, i);
        if (d->place != PLACE_FLOW && d->type != FIELD_BOOL && d->type != FIELD_HEADING) {
            int lw = text_width(_(d->label)) + 1;
            if (lw > w)
                w = lw;
        }
    }
    return w + 1;
}

/* Checkboxes share one width, so fields flowing after them line up in a column whatever the
 * length of each label in the screen language. */
static int form_bool_width(const struct form *f)
{
    int w = 0;
    for (int i = 0; i < f->def->nfields; i++) {
        const struct form_field *d = fld(f, i);
        if (d->type == FIELD_BOOL && 4 + text_width(_(d->label)) > w)
            w = 4 + text_width(_(d->label));
    }
    return w;
}

static void form_layout(struct form *f)
{
    int lw = form_label_width(f), bool_w = form_bool_width(f), half = COLS / 2;
    int line = -1, x = 0;
    bool left_half_open = false; /* the last line holds one HALF field on the left */
    for (int i = 0; i < f->def->nfields; i++) {
        const struct form_field *d = fld(f, i);
        struct field_pos *p = &f->pos[i];
        if (d->place == PLACE_FLOW && line >= 0) {
            p->line = line;
            p->x = x + 2;
            p->label_w = text_width(_(d->label)) + 1;
        } else if (d->place == PLACE_HALF && left_half_open) {
            p->line = line;
            p->x = half;
            p->label_w = lw;
            left_half_open = false;
        } else {
            p->line = ++line;
            p->x = 1;
            p->label_w = lw;
            left_half_open = d->place == PLACE_HALF;
        }
        if (d->place != PLACE_HALF)
            left_half_open = false;
        int right = d->place == PLACE_HALF && p->x < half ? half - 2 : COLS - 1;
        if (d->type == FIELD_BOOL || d->type == FIELD_HEADING) {
            /* "[x] label" with no label column */
            p->label_w = 0;
            p->vx = p->x;
            p->vw = d->type == FIELD_BOOL ? bool_w : right - p->x;
        } else {
            p->vx = p->x + p->label_w;
            p->vw = d->place == PLACE_FLOW && d->width > 0 ? d->width : right - p->vx;
        }
        if (p->vx + p->vw > COLS - 1)
            p->vw = COLS - 1 - p->vx;
        if (p->vw < 1)
            p->vw = 1;
        x = p->vx + p->vw;
        if (d->type == FIELD_TEXT && d->lines > 1)
            line += d->lines - 1;
    }
    f->nlines = line + 1;
}

static int body_lines(void)
{
    return LINES - 3; /* title, status line, key bar */
}

/* ---- drawing ----------------------------------------------------------------------------- */

static void set_text(const struct form *f, int i, char *buf, size_t size)
{
    const struct form_field *d = fld(f, i);
    char *rec = f->rec;
    buf[0] = '\0';
    switch (d->type) {
    case FIELD_CHOICE: {
        int v = *(int *)at(rec, d->offset);
        snprintf(buf, size, "%s", v >= 0 && v < d->nchoices ? d->choice_label(v) : "");
        break;
    }
    case FIELD_PICK: {
        const char *id = at(rec, d->offset), *name = at(rec, d->name_offset);
        /* a name without an id: what was recorded, for a record since gone (a deputy who left) */
        snprintf(buf, size, "%s", id[0] || name[0] ? name : _("（未选择）"));
        break;
    }
    default:
        break;
    }
}

static void draw_set(struct form *f, int i, int y, bool focused)
{
    const struct form_field *d = fld(f, i);
    unsigned v = *(unsigned *)at(f->rec, d->offset);
    int x = f->pos[i].vx;
    for (int k = 0; k < d->nchoices; k++) {
        char item[128];
        snprintf(item, sizeof item, "[%c]%s", v & (1u << k) ? 'x' : ' ', d->choice_label(k));
        int w = text_width(item);
        if (x + w > COLS - 1)
            break;
        bool here = focused && k == f->set_item;
        draw_text(y, x, w, item, TEXT_LEFT, here ? term_attr(COLOR_SELECTED) : A_NORMAL);
        if (here)
            term_cursor(y, x + 1);
        x += w + 1;
    }
}

static void draw_field(struct form *f, int i, int y)
{
    const struct form_field *d = fld(f, i);
    const struct field_pos *p = &f->pos[i];
    bool focused = i == f->focus;
    attr_t value_attr = focused ? term_attr(COLOR_SELECTED) : term_attr(COLOR_FIELD);
    if (d->type == FIELD_HEADING) {
        draw_text(y, p->x, p->vw, _(d->label), TEXT_LEFT, A_BOLD);
        return;
    }
    if (d->type == FIELD_BOOL) {
        char item[256];
        bool v = *(bool *)at(f->rec, d->offset);
        snprintf(item, sizeof item, "[%c] %s", v ? 'x' : ' ', _(d->label));
        draw_text(y, p->vx, p->vw, item, TEXT_LEFT, focused ? value_attr : A_NORMAL);
        if (focused)
            term_cursor(y, p->vx + 1);
        return;
    }
    char label[256];
    snprintf(label, sizeof label, "%s%s", _(d->label), d->required ? "*" : "");
    draw_text(y, p->x, p->label_w, label, TEXT_LEFT, focused ? A_BOLD : A_NORMAL);
    if (d->type == FIELD_INFO) {
        const char *v = at(f->rec, d->offset);
        draw_text(y, p->vx, p->vw, v[0] ? v : _("（无）"), TEXT_LEFT, A_NORMAL);
        return;
    }
    if (d->type == FIELD_TEXT && d->lines > 1 && !focused) {
        /* a long text: wrapped over its lines, the end cut with ~ when it does not fit */
        int lines = d->lines, max_y = body_lines();
        char text[1024];
        lineedit_get(&f->edits[i], text, sizeof text);
        if (y - 1 + lines > max_y)
            lines = max_y - (y - 1) > 0 ? max_y - (y - 1) : 1;
        for (int k = 0; k < lines; k++)
            draw_text(y + k, p->vx, p->vw, "", TEXT_LEFT, value_attr);
        draw_wrapped(y, p->vx, p->vw, text, lines, value_attr);
    } else if (d->type == FIELD_TEXT) {
        lineedit_draw(&f->edits[i], y, p->vx, p->vw, value_attr, focused);
    } else if (d->type == FIELD_SET) {
        draw_set(f, i, y, focused);
    } else {
        char value[512];
        set_text(f, i, value, sizeof value);
        draw_text(y, p->vx, p->vw, value, TEXT_LEFT, value_attr);
        if (focused)
            term_cursor(y, p->vx);
    }
}

static void form_draw_status(struct form *f, int y)
{
    const struct form_field *d = fld(f, f->focus);
    if (f->message[0])
        draw_message(y, f->message, f->message_error ? term_attr(COLOR_ERROR) : A_BOLD);
    else if (d->hint)
        draw_text(y, 0, COLS, _(d->hint), TEXT_LEFT, A_NORMAL);
}

/* The key bar names the keys that work on the focused field; F1 lists them all. */
static const struct key_handler bar_base[] = {
    {ACT_SAVE, NULL, NULL, true, NULL, NULL},       {ACT_BACK, NULL, NULL, true, NULL, NULL},
    {ACT_NEXT_FIELD, NULL, NULL, true, NULL, NULL}, {ACT_PREV_FIELD, NULL, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};
static const struct key_handler bar_choice[] = {
    {ACT_OPEN, NULL, N_("选择"), true, NULL, NULL},
    {ACT_SIDEWAYS, NULL, NULL, true, NULL, N_("左右")},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};
static const struct key_handler bar_bool[] = {
    {ACT_TOGGLE, NULL, NULL, true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};
static const struct key_handler bar_set[] = {
    {ACT_TOGGLE, NULL, NULL, true, NULL, NULL},
    {ACT_SIDEWAYS, NULL, N_("换一项"), true, NULL, N_("左右")},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};
static const struct key_handler bar_pick[] = {
    {ACT_OPEN, NULL, N_("选择"), true, NULL, NULL},
    {ACT_DELETE, NULL, N_("清除"), true, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};

static void form_draw_keybar(const struct form *f, int y)
{
    static const struct key_handler *const by_type[FIELD_TYPE_COUNT] = {
        [FIELD_CHOICE] = bar_choice,
        [FIELD_BOOL] = bar_bool,
        [FIELD_SET] = bar_set,
        [FIELD_PICK] = bar_pick,
    };
    struct keyscope bar = {{bar_base, by_type[fld(f, f->focus)->type], NULL}, f->title, NULL};
    keybar_draw(&bar, y);
}

static void form_draw(void *obj)
{
    struct form *f = obj;
    form_layout(f);
    int rows = body_lines(), line = f->pos[f->focus].line;
    if (line < f->top)
        f->top = line;
    if (line >= f->top + rows)
        f->top = line - rows + 1;
    if (f->top > 0 && f->nlines - f->top < rows) /* grown: show as much as fits */
        f->top = f->nlines > rows ? f->nlines - rows : 0;
    if (line < f->top)
        f->top = line;
    draw_title(f->title);
    for (int i = 0; i < f->def->nfields; i++) {
        int y = f->pos[i].line - f->top;
        if (y >= 0 && y < rows)
            draw_field(f, i, 1 + y);
    }
    if (f->top > 0)
        draw_text(1, COLS - 6, 6, _("（上）"), TEXT_RIGHT, A_BOLD);
    if (f->top + rows < f->nlines)
        draw_text(rows, COLS - 6, 6, _("（下）"), TEXT_RIGHT, A_BOLD);
    form_draw_status(f, LINES - 2);
    form_draw_keybar(f, LINES - 1);
}

/* ---- state ------------------------------------------------------------------------------- */

/* Copies what the line editors hold into the record. */
static void form_commit(struct form *f)
{
    for (int i = 0; i < f->def->nfields; i++)
        if (fld(f, i)->type == FIELD_TEXT)
            lineedit_get(&f->edits[i], at(f->rec, fld(f, i)->offset), fld(f, i)->size);
}

static bool field_changed(struct form *f, int i)
{
    const struct form_field *d = fld(f, i);
    switch (d->type) {
    case FIELD_TEXT: {
        char now[1024];
        lineedit_get(&f->edits[i], now, sizeof now);
        return strcmp(now, at(f->orig, d->offset)) != 0;
    }
    case FIELD_CHOICE:
        return *(int *)at(f->rec, d->offset) != *(int *)at(f->orig, d->offset);
    case FIELD_BOOL:
        return *(bool *)at(f->rec, d->offset) != *(bool *)at(f->orig, d->offset);
    case FIELD_SET:
        return *(unsigned *)at(f->rec, d->offset) != *(unsigned *)at(f->orig, d->offset);
    case FIELD_PICK:
        return strcmp(at(f->rec, d->offset), at(f->orig, d->offset)) != 0;
    default:
        return false;
    }
}

static bool form_dirty(struct form *f)
{
    for (int i = 0; i < f->def->nfields; i++)
        if (field_changed(f, i))
            return true;
    return false;
}

/* "haves.2.date" (as the model writes it) -> "haves[2].date" (as the field table does). */
static void field_name_normalize(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    for (size_t i = 0; in[i] && o + 2 < outsz; i++) {
        if (in[i] == '.' && in[i + 1] >= '0' && in[i + 1] <= '9') {
            out[o++] = '[';
            while (in[i + 1] >= '0' && in[i + 1] <= '9' && o + 2 < outsz)
                out[o++] = in[++i];
            out[o++] = ']';
        } else {
            out[o++] = in[i];
        }
    }
    out[o] = '\0';
}

/* The field named by a model error: exact member name, else the first field of the same
 * member (before [ or .). */
static int field_by_name(const struct form *f, const char *raw)
{
    char name[96];
    if (!raw || !raw[0])
        return -1;
    field_name_normalize(raw, name, sizeof name);
    for (int i = 0; i < f->def->nfields; i++)
        if (fld(f, i)->name && strcmp(fld(f, i)->name, name) == 0)
            return i;
    size_t n = strcspn(name, "[.");
    for (int i = 0; i < f->def->nfields; i++)
        if (fld(f, i)->name && strncmp(fld(f, i)->name, name, n) == 0 && focusable(fld(f, i)))
            return i;
    return -1;
}

/* ---- key handlers ------------------------------------------------------------------------ */

static void form_move(struct form *f, int step)
{
    int i = f->focus;
    do {
        i = (i + step + f->def->nfields) % f->def->nfields;
    } while (!focusable(fld(f, i)) && i != f->focus);
    f->focus = i;
    f->set_item = 0;
}

static int form_next(void *self)
{
    form_move(self, 1);
    return KR_STAY;
}

static int form_prev(void *self)
{
    form_move(self, -1);
    return KR_STAY;
}

static int form_save(void *self)
{
    struct form *f = self;
    struct ll_error err = {0};
    form_commit(f);
    if (f->def->save(f->ctx, f->rec, &err) == LL_OK) {
        f->saved = true;
        return KR_CLOSE;
    }
    snprintf(f->message, sizeof f->message, "%s", err.msg[0] ? err.msg : _("保存失败。"));
    f->message_error = true;
    int i = field_by_name(f, err.field);
    if (i >= 0)
        f->focus = i;
    return KR_STAY;
}

static int form_back(void *self)
{
    struct form *f = self;
    if (form_dirty(f) && !dialog_confirm(_("有未保存的修改，确定放弃吗？")))
        return KR_STAY;
    return KR_CLOSE;
}

static void choice_menu(struct form *f, const struct form_field *d)
{
    const char *items[32];
    int n = d->nchoices < 32 ? d->nchoices : 32;
    for (int k = 0; k < n; k++)
        items[k] = d->choice_label(k);
    int *v = at(f->rec, d->offset);
    int r = dialog_choose(_(d->label), items, n, *v);
    if (r >= 0)
        *v = r;
}

static int form_enter(void *self)
{
    struct form *f = self;
    const struct form_field *d = fld(f, f->focus);
    switch (d->type) {
    case FIELD_CHOICE:
        choice_menu(f, d);
        break;
    case FIELD_PICK:
        form_commit(f); /* a chooser may look at other fields (the township) */
        d->pick(f->ctx, f->rec);
        break;
    default: /* text, checkbox and set: Enter moves on (Space toggles) */
        form_move(f, 1);
        break;
    }
    return KR_STAY;
}

static int form_toggle(void *self)
{
    struct form *f = self;
    const struct form_field *d = fld(f, f->focus);
    if (d->type == FIELD_BOOL) {
        bool *v = at(f->rec, d->offset);
        *v = !*v;
    } else if (d->type == FIELD_SET) {
        unsigned *v = at(f->rec, d->offset);
        *v ^= 1u << f->set_item;
    } else if (d->type == FIELD_CHOICE) {
        int *v = at(f->rec, d->offset);
        *v = (*v + 1) % d->nchoices;
    } else {
        return KR_UNHANDLED;
    }
    return KR_STAY;
}

static int form_clear(void *self)
{
    struct form *f = self;
    const struct form_field *d = fld(f, f->focus);
    if (d->type != FIELD_PICK)
        return KR_UNHANDLED;
    if (d->unpick) {
        d->unpick(f->ctx, f->rec);
        return KR_STAY;
    }
    ((char *)at(f->rec, d->offset))[0] = '\0';
    ((char *)at(f->rec, d->name_offset))[0] = '\0';
    return KR_STAY;
}

/* Left and Right: between the flags of a set, through the labels of a choice. */
static bool form_sideways(struct form *f, int key)
{
    const struct form_field *d = fld(f, f->focus);
    int step = key == KC(KEY_RIGHT) ? 1 : key == KC(KEY_LEFT) ? -1 : 0;
    if (step == 0)
        return false;
    if (d->type == FIELD_SET) {
        f->set_item = (f->set_item + step + d->nchoices) % d->nchoices;
        return true;
    }
    if (d->type == FIELD_CHOICE) {
        int *v = at(f->rec, d->offset);
        *v = (*v + step + d->nchoices) % d->nchoices;
        return true;
    }
    return false;
}

static const struct key_handler form_keys[] = {
    {ACT_SAVE, form_save, NULL, true, NULL, NULL},
    {ACT_BACK, form_back, NULL, true, NULL, NULL},
    {ACT_NEXT_FIELD, form_next, NULL, true, NULL, NULL},
    {ACT_PREV_FIELD, form_prev, NULL, false, NULL, NULL},
    {ACT_OPEN, form_enter, N_("选择"), true, NULL, NULL},
    {ACT_TOGGLE, form_toggle, NULL, true, NULL, NULL},
    {ACT_DELETE, form_clear, N_("清除所选"), false, NULL, NULL},
    {ACT_SIDEWAYS, NULL, NULL, false, N_("在选项之间切换，或在几个勾选项之间移动"), N_("左右")},
    {ACT_DOWN, form_next, NULL, false, NULL, NULL},
    {ACT_UP, form_prev, NULL, false, NULL, NULL},
    {ACT_NONE, NULL, NULL, false, NULL, NULL},
};
_Static_assert(sizeof form_keys / sizeof form_keys[0] <= FORM_KEYS_MAX, "room for the keys");

/* The keys of form_keys that do something in this form: Enter to choose only where there is
 * a choice or a chooser, Space only where there is a box to tick, and so on; F1 lists these. */
static void form_pick_keys(struct form *f)
{
    bool has[FIELD_TYPE_COUNT] = {false};
    for (int i = 0; i < f->def->nfields; i++)
        has[fld(f, i)->type] = true;
    bool choosers = has[FIELD_CHOICE] || has[FIELD_PICK], boxes = has[FIELD_BOOL] || has[FIELD_SET];
    size_t n = 0;
    for (const struct key_handler *h = form_keys; h->action != ACT_NONE; h++) {
        struct key_handler k = *h;
        switch (h->action) {
        case ACT_OPEN: /* with nothing to choose, Enter moves on to the next field */
            k.label = choosers ? k.label : N_("下一项");
            break;
        case ACT_TOGGLE: /* with no box to tick, Space changes a choice */
            if (!boxes && !has[FIELD_CHOICE])
                continue;
            k.label = boxes ? k.label : N_("切换选项");
            break;
        case ACT_DELETE:
            if (!has[FIELD_PICK])
                continue;
            break;
        case ACT_SIDEWAYS:
            if (!has[FIELD_CHOICE] && !has[FIELD_SET])
                continue;
            break;
        default:
            break;
        }
        f->keys[n++] = k;
    }
    f->keys[n] = (struct key_handler){.action = ACT_NONE};
}

static void form_key(struct form *f, int key)
{
    const struct form_field *d = fld(f, f->focus);
    if (d->halfwidth && key >= 0xFF01 && key <= 0xFF5E) /* a Chinese IME in full-width mode */
        key -= 0xFEE0;
    if (d->type == FIELD_TEXT && key != '\n' && key != '\t' &&
        lineedit_key(&f->edits[f->focus], key, NULL))
        return;
    if (form_sideways(f, key))
        return;
    if (keys_dispatch(&f->scope, key, f) == KR_CLOSE)
        f->leave = true;
}

/* ---- running ----------------------------------------------------------------------------- */

static bool form_open(struct form *f)
{
    f->orig = malloc(f->def->rec_size);
    if (f->orig == NULL)
        return false;
    memcpy(f->orig, f->rec, f->def->rec_size);
    for (int i = 0; i < f->def->nfields; i++) {
        const struct form_field *d = fld(f, i);
        if (d->type != FIELD_TEXT)
            continue;
        int max = d->max_chars > 0 ? d->max_chars : (int)d->size - 1;
        if (!lineedit_init(&f->edits[i], max, d->size - 1))
            return false;
        lineedit_set(&f->edits[i], at(f->rec, d->offset));
    }
    f->focus = 0;
    if (!focusable(fld(f, 0)))
        form_move(f, 1);
    form_pick_keys(f);
    f->scope.tables[0] = f->keys;
    f->scope.title = f->title;
    f->scope.help = f->def->help ? _(f->def->help) : NULL;
    return true;
}

static void form_close(struct form *f)
{
    for (int i = 0; i < f->def->nfields; i++)
        lineedit_free(&f->edits[i]);
    free(f->orig);
}

bool form_run(const struct form_def *def, void *ctx, void *rec, const char *title)
{
    struct form *f = calloc(1, sizeof *f);
    if (f == NULL || def->nfields > FORM_FIELDS_MAX || def->nfields == 0) {
        free(f);
        return false;
    }
    *f = (struct form){.def = def, .ctx = ctx, .rec = rec, .title = title};
    bool saved = false;
    if (form_open(f)) {
        term_push(form_draw, f, true);
        while (!f->leave) {
            int key = term_getkey();
            if (key == -1)
                break;
            f->message[0] = '\0';
            form_key(f, key);
        }
        term_pop();
        saved = f->saved;
    }
    form_close(f);
    free(f);
    return saved;
}
