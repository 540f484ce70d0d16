#include "lianluo/ledger.h"
#include "lianluo/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"
#include "lianluo/validate.h"
#include "model/search.h"
#include "model/sql.h"
#include "model/summary.h"

static const char *const kind_codes[] = {
#define X(c, code, label) [c] = code,
    LEDGER_KINDS(X)
#undef X
};
static const char *const kind_labels[] = {
#define X(c, code, label) [c] = N_(label),
    LEDGER_KINDS(X)
#undef X
};

const char *ledger_kind_label(enum ledger_kind kind)
{
    return kind < LEDGER_KIND_COUNT ? _(kind_labels[kind]) : "";
}

const char *ledger_kind_text(enum ledger_kind kind)
{
    return kind < LEDGER_KIND_COUNT ? kind_labels[kind] : "";
}

const char *ledger_kind_code(enum ledger_kind kind)
{
    return kind < LEDGER_KIND_COUNT ? kind_codes[kind] : "";
}

bool ledger_kind_parse(const char *text, enum ledger_kind *out)
{
    for (int i = 0; i < LEDGER_KIND_COUNT; i++) {
        if (strcmp(text, kind_codes[i]) == 0 || strcmp(text, kind_labels[i]) == 0 ||
            strcmp(text, _(kind_labels[i])) == 0) {
            *out = (enum ledger_kind)i;
            return true;
        }
    }
    return false;
}

void ledger_init(struct ledger_entry *e)
{
    memset(e, 0, sizeof *e);
    e->kind = LEDGER_RECEPTION;
    date_today(e->date);
}

void ledger_filter_init(struct ledger_filter *f)
{
    memset(f, 0, sizeof *f);
    f->kind = -1;
}

bool ledger_toggle_deputy(struct ledger_entry *e, const char *deputy_id, const char *name)
{
    for (int i = 0; i < e->ndeputies; i++) {
        if (strcmp(e->deputy_ids[i], deputy_id) != 0)
            continue;
        memmove(e->deputy_ids[i], e->deputy_ids[i + 1],
                (size_t)(e->ndeputies - i - 1) * sizeof e->deputy_ids[0]);
        e->ndeputies--;
        /* Drop the name from the list as shown: 张三、李四、王五 */
        char *names = e->deputy_names, *p = names;
        size_t n = strlen(name);
        while (n > 0 && (p = strstr(p, name)) != NULL) {
            bool starts = p == names || (p - names >= 3 && strncmp(p - 3, "、", 3) == 0);
            bool ends = p[n] == '\0' || strncmp(p + n, "、", 3) == 0;
            if (starts && ends) {
                char *from = p + n, *to = p;
                if (*from)
                    from += 3; /* the separator after it */
                else if (to != names)
                    to -= 3; /* the last one: the separator before it */
                memmove(to, from, strlen(from) + 1);
                break;
            }
            p += n;
        }
        return false;
    }
    if (e->ndeputies >= LEDGER_DEPUTIES_MAX)
        return false;
    size_t used = strlen(e->deputy_names);
    if (used + strlen(name) + 4 >= sizeof e->deputy_names)
        return false;
    snprintf(e->deputy_ids[e->ndeputies++], LL_ID_LEN, "%s", deputy_id);
    snprintf(e->deputy_names + used, sizeof e->deputy_names - used, "%s%s", used ? "、" : "", name);
    return true;
}

static bool all_digits(const char *s)
{
    return strspn(s, "0123456789") == strlen(s);
}

enum ll_status ledger_validate(struct ll_db *db, const struct ledger_entry *e, struct ll_error *err)
{
    if (!e->station_id[0])
        return ll_error_field(err, "station_id", _("请选择联络站。"));
    if ((unsigned)e->kind >= LEDGER_KIND_COUNT)
        return ll_error_field(err, "kind", _("请选择活动类型。"));
    char date[11], today[11], hhmm[6];
    if (!date_parse(e->date, date))
        return ll_error_field(err, "date", _("日期「%s」不对，请写成 2026-03-15 这样。"), e->date);
    date_today(today);
    if (strcmp(date, today) > 0)
        return ll_error_field(err, "date", _("日期 %s 在今天之后，台账只记已经发生的事。"), date);
    if (e->time[0] && !time_of_day_parse(e->time, hhmm))
        return ll_error_field(err, "time", _("时间「%s」不对，请写成 9:30 这样。"), e->time);
    if (!all_digits(e->people) || strlen(e->people) > 5)
        return ll_error_field(err, "people", _("接待人次请填 0 到 99999 之间的整数。"));
    if (!text_field_valid(e->place, 40))
        return ll_error_field(err, "place", _("地点最多 40 个字。"));
    if (!e->summary[0])
        return ll_error_field(err, "summary", _("请填写内容摘要：做了什么，群众反映了什么。"));
    if (!text_field_valid(e->summary, 300))
        return ll_error_field(err, "summary", _("内容摘要最多 300 个字。"));
    if (e->ndeputies == 0 && !e->deputy_names[0]) /* names on record count: they may have left */
        return ll_error_field(err, "deputy_names", _("请选择到场的代表（至少一位）。"));
    int found = 0;
    sqlite3_stmt *st = sql_prepare(db, "SELECT count(*) FROM station WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", e->station_id);
    if (sql_int(db, st, &found, err) != LL_OK)
        return err->status;
    if (!found)
        return ll_error_field(err, "station_id", _("所选联络站已不存在，请重新选择。"));
    for (int i = 0; i < e->ndeputies; i++) {
        st = sql_prepare(db, "SELECT count(*) FROM deputy WHERE id = :id", err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", e->deputy_ids[i]);
        if (sql_int(db, st, &found, err) != LL_OK)
            return err->status;
        if (!found)
            return ll_error_field(err, "deputy_names",
                                  _("到场代表中有人已不在代表名册中，请重新选择。"));
    }
    return LL_OK;
}

/* The form's text as stored: canonical date and time, people as a number. */
static void ledger_normalize(struct ledger_entry *e)
{
    char buf[11];
    text_trim(e->date);
    text_trim(e->time);
    text_trim(e->people);
    text_trim(e->place);
    text_trim(e->summary);
    if (date_parse(e->date, buf))
        snprintf(e->date, sizeof e->date, "%s", buf);
    if (e->time[0] && time_of_day_parse(e->time, buf))
        snprintf(e->time, sizeof e->time, "%s", buf);
    if (!e->people[0])
        snprintf(e->people, sizeof e->people, "0");
    else if (all_digits(e->people) && strlen(e->people) <= 5)
        snprintf(e->people, sizeof e->people, "%d", atoi(e->people));
}

/* Makes the entry's deputies e's, inside the caller's transaction: the rows of deputies who
 * stay are left as they are (a sync package then carries only who was added or taken off). */
static enum ll_status save_deputies(struct ll_db *db, const struct ledger_entry *e, const char *now,
                                    struct ll_error *err)
{
    char ids[LEDGER_DEPUTIES_MAX * LL_ID_LEN + 1] = "";
    for (int i = 0; i < e->ndeputies; i++) {
        size_t n = strlen(ids);
        snprintf(ids + n, sizeof ids - n, "%s,", e->deputy_ids[i]);
    }
    sqlite3_stmt *st = sql_prepare(db,
                                   "DELETE FROM ledger_deputy WHERE entry_id = :id AND "
                                   "(station_id <> :station OR instr(:ids, deputy_id || ',') = 0)",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", e->id);
    sql_bind_text(st, ":station", e->station_id);
    sql_bind_text(st, ":ids", ids);
    if (sql_run(db, st, err) != LL_OK)
        return err->status;
    for (int i = 0; i < e->ndeputies; i++) {
        st = sql_prepare(db,
                         "INSERT OR IGNORE INTO ledger_deputy(station_id, entry_id, deputy_id, "
                         "site_id, created_at) VALUES (:station, :id, :deputy, :site, :now)",
                         err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":station", e->station_id);
        sql_bind_text(st, ":id", e->id);
        sql_bind_text(st, ":deputy", e->deputy_ids[i]);
        sql_bind_text(st, ":site", db->site_id);
        sql_bind_text(st, ":now", now);
        if (sql_run(db, st, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

/* Whether the stored deputies differ from e's (a save that only changes them is an update). */
static enum ll_status deputies_changed(struct ll_db *db, const struct ledger_entry *e,
                                       bool *changed, struct ll_error *err)
{
    struct ledger_entry old;
    memset(&old, 0, sizeof old);
    snprintf(old.id, sizeof old.id, "%s", e->id);
    *changed = true;
    if (ledger_last_deputies(db, NULL, &old, err) != LL_OK)
        return err->status;
    if (old.ndeputies != e->ndeputies)
        return LL_OK;
    for (int i = 0; i < e->ndeputies; i++) {
        bool found = false;
        for (int j = 0; j < old.ndeputies && !found; j++)
            found = strcmp(e->deputy_ids[i], old.deputy_ids[j]) == 0;
        if (!found)
            return LL_OK;
    }
    *changed = false;
    return LL_OK;
}

/* Where and when an entry was, before a save changes it. */
struct entry_place {
    char station_id[LL_ID_LEN];
    char date[11];
};

static enum ll_status entry_place_read(struct ll_db *db, const char *id, struct entry_place *out,
                                       struct ll_error *err)
{
    sqlite3_stmt *st =
        sql_prepare(db, "SELECT station_id, held_on FROM ledger_entry WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sql_column_text(st, 0, out->station_id, sizeof out->station_id);
        sql_column_text(st, 1, out->date, sizeof out->date);
    }
    sql_done(db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

/* The problems raised at an entry whose date or station is corrected go with it (those that
 * had the entry's old day and station), each saved and audited as problem_save does, inside the
 * caller's transaction. */
static enum ll_status move_problems(struct ll_db *db, const struct ledger_entry *e,
                                    const struct entry_place *old, struct ll_error *err)
{
    if (strcmp(old->date, e->date) == 0 && strcmp(old->station_id, e->station_id) == 0)
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id FROM problem WHERE entry_id = :id AND raised_on = "
                                   ":date AND station_id = :station ORDER BY raised_on, id",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", e->id);
    sql_bind_text(st, ":date", old->date);
    sql_bind_text(st, ":station", old->station_id);
    enum ll_status status = LL_OK;
    int rc;
    while (status == LL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char id[LL_ID_LEN];
        struct problem p;
        sql_column_text(st, 0, id, sizeof id);
        status = problem_get(db, id, 30, &p, err);
        if (status != LL_OK)
            break;
        snprintf(p.raised_on, sizeof p.raised_on, "%s", e->date);
        snprintf(p.station_id, sizeof p.station_id, "%s", e->station_id);
        if ((status = problem_save(db, &p, err)) != LL_OK) {
            char why[sizeof err->msg], desc[1024];
            snprintf(why, sizeof why, "%s", err->msg);
            snprintf(desc, sizeof desc, "%s", p.description);
            text_shorten(desc, sizeof desc, 24);
            ll_error_field(err, "date", _("这次活动登记的问题「%s」不能随之改动：%s"), desc, why);
        }
    }
    if (status == LL_OK && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status ledger_save(struct ll_db *db, struct ledger_entry *e, struct ll_error *err)
{
    ledger_normalize(e);
    if (ledger_validate(db, e, err) != LL_OK)
        return err->status;
    bool insert = true, new_id = !e->id[0], people_changed = true;
    if (sql_is_insert(db, "ledger_entry", e->id, &insert, err) != LL_OK)
        return err->status;
    struct entry_place old = {"", ""};
    if (!insert && entry_place_read(db, e->id, &old, err) != LL_OK)
        return err->status;
    if (!insert && deputies_changed(db, e, &people_changed, err) != LL_OK)
        return err->status;
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(e->id, err) != LL_OK)
        return err->status;
    const char *sql =
        insert ? "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, held_at, "
                 "people, place, summary, deputy_names, operator, created_at, updated_at) VALUES "
                 "(:station, :id, :site, :kind, :date, :time, :people, :place, :summary, "
                 ":names, :operator, :now, :now)"
               : "UPDATE ledger_entry SET station_id = :station, kind = :kind, held_on = :date, "
                 "held_at = :time, people = :people, place = :place, summary = :summary, "
                 "deputy_names = :names, updated_at = :now WHERE id = :id AND (:changed OR "
                 "(station_id, kind, held_on, held_at, people, place, summary, deputy_names) IS "
                 "NOT (:station, :kind, :date, :time, :people, :place, :summary, :names))";
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    if (!insert && sql_unchanged_since(db, "ledger_entry", e->id, e->updated_at, err) != LL_OK)
        goto fail;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":station", e->station_id);
    sql_bind_text(st, ":id", e->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":kind", ledger_kind_code(e->kind));
    sql_bind_text(st, ":date", e->date);
    sql_bind_text(st, ":time", e->time);
    sql_bind_int(st, ":people", atoi(e->people));
    sql_bind_text(st, ":place", e->place);
    sql_bind_text(st, ":summary", e->summary);
    sql_bind_text(st, ":names", e->deputy_names);
    sql_bind_text(st, ":operator", db->operator_name);
    sql_bind_text(st, ":now", now);
    sql_bind_int(st, ":changed", people_changed);
    int before = sql_changes(db);
    if (sql_run(db, st, err) != LL_OK)
        goto fail;
    bool row_changed = sql_changes(db) != before;
    if (row_changed && save_deputies(db, e, now, err) != LL_OK)
        goto fail;
    if (!insert && move_problems(db, e, &old, err) != LL_OK)
        goto fail;
    char summary[128];
    snprintf(summary, sizeof summary, "%s %s", e->date, ledger_kind_text(e->kind));
    if (audit_save(db, before, "ledger_entry", e->id, insert, summary, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    sql_read_updated_at(db, "ledger_entry", e->id, e->updated_at);
    return LL_OK;
fail:
    db_rollback(db);
fail_id:
    if (new_id)
        e->id[0] = '\0';
    return err->status;
}

/* The station is a LEFT JOIN: an entry a sync package kept without its station (listed as a
 * conflict) is listed too, as ledger_count counts it. */
#define LEDGER_SELECT                                                                              \
    "SELECT e.id, e.site_id, e.station_id, e.kind, e.held_on, e.held_at, e.people, e.place, "      \
    "e.summary, e.deputy_names, e.operator, s.name, s.township_id, t.name, "                       \
    "(SELECT count(*) FROM problem p WHERE p.entry_id = e.id), e.created_at, e.updated_at, "       \
    "e.held_on || ' ' || e.held_at || ' ' || e.id AS k "                                           \
    "FROM ledger_entry e LEFT JOIN station s ON s.id = e.station_id "                              \
    "LEFT JOIN township t ON t.id = s.township_id "

static void ledger_read(sqlite3_stmt *st, void *row)
{
    struct ledger_entry *e = row;
    char kind[24];
    sql_column_text(st, 0, e->id, sizeof e->id);
    sql_column_text(st, 1, e->site_id, sizeof e->site_id);
    sql_column_text(st, 2, e->station_id, sizeof e->station_id);
    sql_column_text(st, 3, kind, sizeof kind);
    if (!ledger_kind_parse(kind, &e->kind))
        e->kind = LEDGER_OTHER;
    sql_column_text(st, 4, e->date, sizeof e->date);
    sql_column_text(st, 5, e->time, sizeof e->time);
    snprintf(e->people, sizeof e->people, "%d", sqlite3_column_int(st, 6));
    sql_column_text(st, 7, e->place, sizeof e->place);
    sql_column_text(st, 8, e->summary, sizeof e->summary);
    sql_column_text(st, 9, e->deputy_names, sizeof e->deputy_names);
    sql_column_text(st, 10, e->operator_name, sizeof e->operator_name);
    sql_column_text(st, 11, e->station_name, sizeof e->station_name);
    sql_column_text(st, 12, e->township_id, sizeof e->township_id);
    sql_column_text(st, 13, e->township_name, sizeof e->township_name);
    e->problem_count = sqlite3_column_int(st, 14);
    sql_column_text(st, 15, e->created_at, sizeof e->created_at);
    sql_column_text(st, 16, e->updated_at, sizeof e->updated_at);
    sql_column_text(st, 17, e->sort_key, sizeof e->sort_key);
}

enum ll_status ledger_last_deputies(struct ll_db *db, const char *station_id,
                                    struct ledger_entry *into, struct ll_error *err)
{
    /* With a station: its latest entry's deputies, by name; without: into->id's. */
    const char *sql =
        station_id ? "SELECT d.id, d.name FROM ledger_deputy ld JOIN deputy d ON d.id = "
                     "ld.deputy_id WHERE ld.entry_id = (SELECT id FROM ledger_entry WHERE "
                     "station_id = :station ORDER BY held_on DESC, held_at DESC, created_at DESC "
                     "LIMIT 1) ORDER BY d.sort_name, d.id"
                   : "SELECT d.id, d.name FROM ledger_deputy ld JOIN deputy d ON d.id = "
                     "ld.deputy_id WHERE ld.entry_id = :id ORDER BY d.sort_name, d.id";
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":station", station_id);
    sql_bind_text(st, ":id", into->id);
    into->ndeputies = 0;
    if (station_id)
        into->deputy_names[0] = '\0';
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && into->ndeputies < LEDGER_DEPUTIES_MAX) {
        char id[LL_ID_LEN], name[64];
        sql_column_text(st, 0, id, sizeof id);
        sql_column_text(st, 1, name, sizeof name);
        if (station_id)
            ledger_toggle_deputy(into, id, name);
        else
            snprintf(into->deputy_ids[into->ndeputies++], LL_ID_LEN, "%s", id);
    }
    enum ll_status status = LL_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status ledger_get(struct ll_db *db, const char *id, struct ledger_entry *out,
                          struct ll_error *err)
{
    if (sql_get_one(db, LEDGER_SELECT "WHERE e.id = :id", id, ledger_read, out, sizeof *out,
                    _("找不到这条台账，可能已被删除。"), err) != LL_OK)
        return err->status;
    return ledger_last_deputies(db, NULL, out, err);
}

enum ll_status ledger_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct ledger_entry e;
    if (ledger_get(db, id, &e, err) != LL_OK)
        return err->status;
    char summary[128], now[25];
    snprintf(summary, sizeof summary, "%s %s", e.date, ledger_kind_text(e.kind));
    time_now_iso(now);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    /* Its problems stay, without the link; each is an audited change of its own. */
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT id, substr(description, 1, 20) FROM problem WHERE entry_id = :id", err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":id", id);
    if (sql_update_each_audited(db, st, "problem", "entry_id", NULL, now, err) != LL_OK ||
        sql_delete_audited(db, "ledger_entry", id, summary, err) != LL_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return err->status;
}

/* ---- lists ------------------------------------------------------------------------------- */

static const char *const ledger_search_columns[] = {"e.summary", "e.place", "e.deputy_names", NULL};
static const char *const ledger_search_people[] = {"e.deputy_names", NULL};
static const struct search_spec ledger_search = {"ledger_entry", "ledger_fts", "e.rowid",
                                                 ledger_search_columns, ledger_search_people};

static void ledger_bind(sqlite3_stmt *st, const void *filter)
{
    const struct ledger_filter *f = filter;
    sql_bind_text(st, ":township", f->township_id);
    sql_bind_text(st, ":station", f->station_id);
    sql_bind_text(st, ":kind", f->kind >= 0 ? ledger_kind_code((enum ledger_kind)f->kind) : "");
    sql_bind_text(st, ":deputy", f->deputy_id);
    sql_bind_text(st, ":from", f->from);
    sql_bind_text(st, ":to", f->to);
    sql_bind_text(st, ":seek_from", "");
    sql_bind_text(st, ":seek_to", "9999-99-99");
    search_bind(st, f->search);
}

/* The page query for f, in buf: the ledger in date order, through ledger_order; or, for
 * count, its rows alone (counted through an index, or as the trigram index finds them). A
 * search of three characters and more is made by route (see search.h); found through its
 * hits, a page is first found as row ids (the hits joined to the table as a count reads them,
 * for a word search_joins accepts) and then read whole. */
static void ledger_query(const struct ledger_filter *f, bool count, enum search_route route,
                         char *buf, size_t size, struct sql_page_query *q)
{
    static const char *const order[] = {"e.held_on", "e.held_at", "e.id"};
    char search[512];
    bool ids = !count && route == SEARCH_FTS && search_indexed(f->search);
    if ((count || ids) && route != SEARCH_WALK && search_joins(f->search))
        route = SEARCH_JOIN;
    search_condition(&ledger_search, f->search, route, search, sizeof search);
    snprintf(buf, size, "%s%sWHERE 1",
             count ? "SELECT 1"
             : ids ? "SELECT e.rowid"
                   : "",
             !count && !ids         ? LEDGER_SELECT
             : route == SEARCH_JOIN ? " FROM ledger_fts CROSS JOIN ledger_entry e ON "
                                      "e.rowid = ledger_fts.rowid "
                                    : " FROM ledger_entry e ");
    /* a township's page reads the ledger in date order, keeping its stations' entries; its
     * count takes them station by station */
    sql_where_filter(buf, size, f->township_id[0], !count,
                     "e.station_id IN (SELECT id FROM station WHERE township_id = :township)");
    sql_where_add(buf, size, f->station_id[0], "e.station_id = :station");
    sql_where_filter(buf, size, f->kind >= 0, !count, "e.kind = :kind");
    sql_where_add(buf, size, f->deputy_id[0],
                  "e.id IN (SELECT entry_id FROM ledger_deputy WHERE deputy_id = :deputy)");
    /* :seek_from / :seek_to narrow the period to where a sought page starts (sql_page) */
    sql_where_add(buf, size, f->from[0], "e.held_on >= max(:from, :seek_from)");
    sql_where_add(buf, size, f->to[0], "e.held_on <= min(:to, :seek_to)");
    sql_where_add(buf, size, f->search[0], search);
    *q = (struct sql_page_query){.inner = buf,
                                 .bind = ledger_bind,
                                 .filter = f,
                                 .read = ledger_read,
                                 .row_size = sizeof(struct ledger_entry),
                                 .order = order,
                                 .range_from = ":seek_from",
                                 .range_to = ":seek_to",
                                 .fetch = ids ? LEDGER_SELECT "WHERE e.rowid IN " : NULL};
}

static void ledger_page_query(const void *f, enum search_route route, char *sql, size_t size,
                              struct sql_page_query *q)
{
    ledger_query(f, false, route, sql, size, q);
}

enum ll_status ledger_list(struct ll_db *db, const struct ledger_filter *f, enum page_dir dir,
                           const char *anchor_key, int limit, struct ledger_entry *out, int *count,
                           struct ll_error *err)
{
    char sql[2048];
    return search_page(db, &ledger_search, f->search, ledger_page_query, f, sql, sizeof sql, dir,
                       anchor_key, limit, out, count, err);
}

/* The count of a period's entries, of a township's, a station's or a kind's: from the
 * summaries (whole years) and the date index (part years), as the bulletin's counts. */
static enum ll_status ledger_period_count(struct ll_db *db, const struct ledger_filter *f,
                                          int *count, struct ll_error *err)
{
    char cond[256] = "";
    sql_where_add(cond, sizeof cond, f->township_id[0],
                  "station_id IN (SELECT id FROM station WHERE township_id = :township)");
    sql_where_add(cond, sizeof cond, f->station_id[0], "station_id = :station");
    sql_where_add(cond, sizeof cond, f->kind >= 0, "kind = :kind");
    return sum_list_count(db, ADD_ENTRIES, f->from, f->to, cond,
                          !f->township_id[0] && !f->station_id[0], ledger_bind, f, count, err);
}

enum ll_status ledger_count(struct ll_db *db, const struct ledger_filter *f, int *count,
                            struct ll_error *err)
{
    if (!f->search[0] && !f->deputy_id[0])
        return ledger_period_count(db, f, count, err);
    /* a search's count stops at LL_COUNT_MAX; its route by the rows the other filters keep */
    enum search_route route = SEARCH_FTS;
    if (!f->deputy_id[0] && search_can_walk(f->search)) {
        struct ledger_filter rest = *f;
        int kept = 0;
        rest.search[0] = '\0';
        rest.kind = -1; /* read through the station's or the date's index, every kind */
        if (ledger_period_count(db, &rest, &kept, err) != LL_OK ||
            search_count_route(db, &ledger_search, f->search, kept, &route, err) != LL_OK)
            return err->status;
    }
    char sql[2048];
    struct sql_page_query q;
    ledger_query(f, true, route, sql, sizeof sql, &q);
    return sql_count_rows(db, sql, f->search[0] != '\0', ledger_bind, f, count, err);
}
