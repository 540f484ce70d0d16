/* The synced tables and who may see and change what of them (see sync_internal.h). */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "model/sync_internal.h"

/* The stations of the township :t. */
#define TOWNSHIP_STATIONS "(SELECT id FROM main.station WHERE township_id = :t)"
/* Records of a station: the township's stations', or the one station's. */
#define STATION_RECORDS(col)                                                                       \
    .township = "r." col " IN " TOWNSHIP_STATIONS, .station_sees = "r." col " = :s",               \
    .station_changes = "r." col " = :s", .station_columns = NULL

/* Parents before children: the order of the changes in a package. */
const struct sync_table sync_tables[SYNC_TABLE_COUNT] = {
    {.name = "township",
     .label = N_("乡镇"),
     .display = "coalesce(r.name, '')",
     .township = "r.id = :t",
     .station_sees = "r.id = :t",
     .station_changes = "0",
     .station_columns = ""},
    {.name = "station",
     .label = N_("联络站"),
     .display = "coalesce(r.name, '')",
     .township = "r.township_id = :t",
     .station_sees = "r.township_id = :t",
     .station_changes = "r.id = :s",
     /* a station keeps its own address, contact and hours up to date; its name, kind and
      * place in the network are the township's to decide */
     .station_columns = "address admin_name admin_phone hours note updated_at"},
    /* a station sees the six haves of its township's stations (the network's state, shown on
     * every station list), and changes its own */
    {.name = "station_standard",
     .label = N_("六有"),
     .display = "ltrim(coalesce((SELECT name FROM main.station WHERE id = r.station_id), '') || "
                "' #' || (r.item + 1))",
     .township = "r.station_id IN " TOWNSHIP_STATIONS,
     .station_sees = "r.station_id IN " TOWNSHIP_STATIONS,
     .station_changes = "r.station_id = :s",
     .station_columns = NULL},
    {.name = "volunteer",
     .label = N_("志愿者"),
     .display = "coalesce(r.name, '')",
     STATION_RECORDS("station_id")},
    {.name = "deputy_group",
     .label = N_("代表小组"),
     .display = "coalesce(r.name, '')",
     .township = "(r.township_id = :t OR r.station_id IN " TOWNSHIP_STATIONS ")",
     .station_sees = "(r.township_id = :t OR r.station_id IN " TOWNSHIP_STATIONS ")",
     .station_changes = "0",
     .station_columns = ""},
    {.name = "deputy",
     .label = N_("代表"),
     .display = "coalesce(r.name, '')",
     .township = "r.township_id = :t",
     .station_sees = "r.township_id = :t",
     .station_changes = "0",
     .station_columns = ""},
    {.name = "deputy_level",
     .label = N_("代表层级"),
     .display = "coalesce((SELECT name FROM main.deputy WHERE id = r.deputy_id), '')",
     .township = "r.deputy_id IN (SELECT id FROM main.deputy WHERE township_id = :t)",
     .station_sees = "r.deputy_id IN (SELECT id FROM main.deputy WHERE township_id = :t)",
     .station_changes = "0",
     .station_columns = ""},
    {.name = "ledger_entry",
     .label = N_("台账"),
     .display = "trim(coalesce(r.held_on, '') || ' ' || coalesce((SELECT name FROM main.station "
                "WHERE id = "
                "r.station_id), '') || ' ' || coalesce(substr(r.summary, 1, 24), ''))",
     STATION_RECORDS("station_id")},
    {.name = "ledger_deputy",
     .label = N_("到场代表"),
     .display = "ltrim(coalesce((SELECT held_on FROM main.ledger_entry WHERE id = r.entry_id), '') "
                "|| ' ' || coalesce((SELECT name FROM main.deputy WHERE id = r.deputy_id), ''))",
     STATION_RECORDS("station_id")},
    {.name = "problem",
     .label = N_("群众反映问题"),
     .display = "trim(coalesce(r.raised_on, '') || ' ' || coalesce(substr(r.description, 1, 24), "
                "''))",
     STATION_RECORDS("station_id")},
    {.name = "problem_event",
     .label = N_("问题办理经过"),
     .display =
         "coalesce(r.on_date, '') || ' ' || coalesce((SELECT substr(description, 1, 20) FROM "
         "main.problem WHERE id = r.problem_id), '')",
     STATION_RECORDS("station_id")},
    /* a leader's contact with a deputy: the township's (the deputy's) and the county's; a
     * station neither sees nor keeps them */
    {.name = "contact",
     .label = N_("联系代表"),
     .display = "trim(coalesce(r.contacted_on, '') || ' ' || coalesce(r.leader_name, '') || ' ' "
                "|| coalesce(r.deputy_name, ''))",
     .township = "r.township_id = :t",
     .station_sees = "0",
     .station_changes = "0",
     .station_columns = ""},
};

const struct sync_table *sync_table_named(const char *name)
{
    for (int i = 0; i < SYNC_TABLE_COUNT; i++)
        if (strcmp(sync_tables[i].name, name) == 0)
            return &sync_tables[i];
    return NULL;
}

const char *sync_scope_cond(const struct sync_table *t, const struct sync_scope *s, bool writable)
{
    switch (s->kind) {
    case SCOPE_ALL:
        return "1";
    case SCOPE_TOWNSHIP:
        return t->township;
    case SCOPE_STATION:
        return writable ? t->station_changes : t->station_sees;
    }
    return "0";
}

void sync_scope_bind(sqlite3_stmt *st, const struct sync_scope *s)
{
    sql_bind_text(st, ":t", s->township_id);
    sql_bind_text(st, ":s", s->station_id);
}

enum ll_status sync_scope_complete(struct ll_db *db, struct sync_scope *s, struct ll_error *err)
{
    if (s->kind != SCOPE_STATION || s->township_id[0])
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(db, "SELECT township_id FROM station WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", s->station_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, s->township_id, sizeof s->township_id);
    sql_done(db, st);
    return LL_OK;
}

enum ll_status table_meta_read(struct ll_db *db, const struct sync_table *rule,
                               struct table_meta *m, struct ll_error *err)
{
    memset(m, 0, sizeof *m);
    m->rule = rule;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT name, pk FROM pragma_table_info('%s', 'main')", rule->name);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (m->ncol == SYNC_MAX_COLS) {
            sql_done(db, st);
            return ll_error_set(err, LL_EDB, _("表 %s 的列太多，同步无法处理。"), rule->name);
        }
        sql_column_text(st, 0, m->col[m->ncol], sizeof m->col[m->ncol]);
        m->pk[m->ncol] = (unsigned char)sqlite3_column_int(st, 1);
        m->ncol++;
    }
    sql_done(db, st);
    return LL_OK;
}

static void append(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    if (n < size)
        snprintf(buf + n, size - n, "%s", s);
}

void table_meta_where_pk(const struct table_meta *m, const char *alias, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < m->ncol; i++) {
        if (!m->pk[i])
            continue;
        char part[96];
        snprintf(part, sizeof part, "%s%s%s\"%s\" = ?%d", buf[0] ? " AND " : "", alias,
                 alias[0] ? "." : "", m->col[i], i + 1);
        append(buf, size, part);
    }
}

void table_meta_columns(const struct table_meta *m, const char *alias, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < m->ncol; i++) {
        char part[80];
        snprintf(part, sizeof part, "%s%s%s\"%s\"", i ? ", " : "", alias, alias[0] ? "." : "",
                 m->col[i]);
        append(buf, size, part);
    }
}

void table_meta_values_row(const struct table_meta *m, char *buf, size_t size)
{
    snprintf(buf, size, "SELECT ");
    for (int i = 0; i < m->ncol; i++) {
        char part[80];
        snprintf(part, sizeof part, "%s?%d AS \"%s\"", i ? ", " : "", i + 1, m->col[i]);
        append(buf, size, part);
    }
}

int table_meta_col(const struct table_meta *m, const char *name)
{
    for (int i = 0; i < m->ncol; i++)
        if (strcmp(m->col[i], name) == 0)
            return i;
    return -1;
}

void json_append_string(char *buf, size_t size, const char *s)
{
    append(buf, size, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\')
            snprintf(esc, sizeof esc, "\\%c", *p);
        else if (*p < 0x20)
            snprintf(esc, sizeof esc, "\\u%04x", *p);
        else
            esc[0] = (char)*p, esc[1] = '\0';
        append(buf, size, esc);
    }
    append(buf, size, "\"");
}

void json_append_value(char *buf, size_t size, sqlite3_value *v)
{
    char num[32];
    switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
    case SQLITE_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)sqlite3_value_int64(v));
        append(buf, size, num);
        break;
    case SQLITE_FLOAT:
        snprintf(num, sizeof num, "%.17g", sqlite3_value_double(v));
        append(buf, size, num);
        break;
    case SQLITE_TEXT:
        json_append_string(buf, size, (const char *)sqlite3_value_text(v));
        break;
    default:
        append(buf, size, "null");
    }
}
