/* A generic form: a table of fields, each an offset into the record it edits.
 *
 * Text fields are edited with our own line editor (libform mishandles Chinese). The record
 * is only written when the user saves, through the screen's save callback (the model's
 * *_save); on failure its message is shown and the field it names gets the focus. */
#ifndef LL_UI_FORM_H
#define LL_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/error.h"
#include "ui/keys.h"

enum field_type {
    FIELD_TEXT,    /* char[size] */
    FIELD_CHOICE,  /* an enum (int): one of nchoices labels; Enter opens a menu */
    FIELD_BOOL,    /* bool: a checkbox, Space toggles */
    FIELD_SET,     /* unsigned: a set of nchoices flags (1u << i); Space toggles one */
    FIELD_PICK,    /* char id[]: a record chosen from a list (Enter); its name is shown */
    FIELD_INFO,    /* char[]: shown, not edited (what the model works out, like a parent) */
    FIELD_HEADING, /* a line of text between groups of fields */
    FIELD_TYPE_COUNT
};

enum field_place {
    PLACE_FULL, /* a line of its own */
    PLACE_HALF, /* two of them share a line */
    PLACE_FLOW, /* on the same line, after the previous field */
};

struct form_field {
    const char *name;  /* the record member, as ll_error.field names it */
    const char *label; /* msgid */
    enum field_type type;
    enum field_place place;
    size_t offset;    /* of the value in the record */
    size_t size;      /* TEXT and PICK: size of the char array */
    int max_chars;    /* TEXT: limit in characters (0: only the array's size limits) */
    int width;        /* FLOW: columns of the value (0: the rest of the line) */
    bool required;    /* marked with * after the label */
    bool halfwidth;   /* TEXT: full-width letters, digits and signs typed become ASCII (numbers) */
    int lines;        /* TEXT: lines it takes (a summary); shown wrapped when not focused */
    const char *hint; /* msgid shown in the status line while focused */
    /* CHOICE and SET: */
    int nchoices;
    const char *(*choice_label)(int i); /* translated */
    /* PICK: where the chosen record's name is shown, and the chooser, which writes both
     * the id and the name into the record; true when the user chose one. */
    size_t name_offset;
    size_t name_size;
    bool (*pick)(void *ctx, void *rec);
    /* PICK: empties the choice (Delete); NULL = both the id and the name are emptied. */
    void (*unpick)(void *ctx, void *rec);
};

struct form_def {
    const char *help; /* msgid, for F1 */
    const struct form_field *fields;
    int nfields;
    size_t rec_size;
    enum ll_status (*save)(void *ctx, void *rec, struct ll_error *err);
};

/* Edits rec (title on line 0) until it is saved (true) or the user leaves (false; asks
 * first when something changed). rec keeps what was saved. */
bool form_run(const struct form_def *def, void *ctx, void *rec, const char *title);

#endif
