#include "lianluo/contact.h"

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

static const char *const mode_codes[] = {
#define X(c, code, label) [c] = code,
    CONTACT_MODES(X)
#undef X
};
static const char *const mode_labels[] = {
#define X(c, code, label) [c] = N_(label),
    CONTACT_MODES(X)
#undef X
};

const char *contact_mode_label(enum contact_mode mode)
{
    return mode < CONTACT_MODE_COUNT ? _(mode_labels[mode]) : "";
}

const char *contact_mode_text(enum contact_mode mode)
{
    return mode < CONTACT_MODE_COUNT ? mode_labels[mode] : "";
}

const char *contact_mode_code(enum contact_mode mode)
{
    return mode < CONTACT_MODE_COUNT ? mode_codes[mode] : "";
}

bool contact_mode_parse(const char *text, enum contact_mode *out)
{
    for (int i = 0; i < CONTACT_MODE_COUNT; i++) {
        if (strcmp(text, mode_codes[i]) == 0 || strcmp(text, mode_labels[i]) == 0 ||
            strcmp(text, _(mode_labels[i])) == 0) {
            *out = (enum contact_mode)i;
            return true;
        }
    }
    return false;
}

void contact_init(struct contact *c)
{
    memset(c, 0, sizeof *c);
    c->mode = CONTACT_VISIT;
    date_today(c->date);
    snprintf(c->items, sizeof c->items, "0");
}

void contact_filter_init(struct contact_filter *f)
{
    memset(f, 0, sizeof *f);
    f->mode = -1;
}

static bool all_digits(const char *s)
{
    return strspn(s, "0123456789") == strlen(s);
}

/* The deputy's township and whether the deputy is on the roster. */
static enum ll_status deputy_township(struct ll_db *db, const char *deputy_id, bool *found,
                                      char township_id[LL_ID_LEN], struct ll_error *err)
{
    sqlite3_stmt *st =
        sql_prepare(db, "SELECT coalesce(township_id, '') FROM deputy WHERE id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", deputy_id);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (township_id && *found)
        sql_column_text(st, 0, township_id, LL_ID_LEN);
    sql_done(db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

enum ll_status contact_validate(struct ll_db *db, const struct contact *c, struct ll_error *err)
{
    if (!c->leader_name[0])
        return ll_error_field(err, "leader_name", _("请填写联系领导的姓名。"));
    if (!text_field_valid(c->leader_name, 20))
        return ll_error_field(err, "leader_name", _("联系领导的姓名最多 20 个字。"));
    if (!c->leader_post[0])
        return ll_error_field(err, "leader_post",
                              _("请填写联系领导的职务，如 县人大常委会副主任。"));
    if (!text_field_valid(c->leader_post, 40))
        return ll_error_field(err, "leader_post", _("职务最多 40 个字。"));
    /* a name on record counts: the deputy may have left the roster since */
    if (!c->deputy_id[0] && !c->deputy_name[0])
        return ll_error_field(err, "deputy_id", _("请选择联系的代表。"));
    char date[11], today[11];
    if (!date_parse(c->date, date))
        return ll_error_field(err, "date", _("日期「%s」不对，请写成 2026-03-15 这样。"), c->date);
    date_today(today);
    if (strcmp(date, today) > 0)
        return ll_error_field(err, "date", _("日期 %s 在今天之后，这里只记已经做过的联系。"), date);
    if ((unsigned)c->mode >= CONTACT_MODE_COUNT)
        return ll_error_field(err, "mode", _("请选择联系方式。"));
    if (!c->content[0])
        return ll_error_field(err, "content",
                              _("请填写联系内容：了解了什么情况，代表反映了什么意见。"));
    if (!text_field_valid(c->content, 300))
        return ll_error_field(err, "content", _("联系内容最多 300 个字。"));
    if (!all_digits(c->items) || strlen(c->items) > 4)
        return ll_error_field(err, "items", _("协调解决事项请填 0 到 9999 之间的整数。"));
    if (!text_field_valid(c->note, 200))
        return ll_error_field(err, "note", _("备注最多 200 个字。"));
    if (c->deputy_id[0]) {
        bool found = false;
        if (deputy_township(db, c->deputy_id, &found, NULL, err) != LL_OK)
            return err->status;
        if (!found)
            return ll_error_field(err, "deputy_id", _("所选代表已不在代表名册中，请重新选择。"));
    }
    return LL_OK;
}

/* The form's text as stored: a canonical date, items as a number. */
static void contact_normalize(struct contact *c)
{
    char buf[11];
    text_trim(c->leader_name);
    text_trim(c->leader_post);
    text_trim(c->date);
    text_trim(c->content);
    text_trim(c->items);
    text_trim(c->note);
    if (date_parse(c->date, buf))
        snprintf(c->date, sizeof c->date, "%s", buf);
    if (!c->items[0])
        snprintf(c->items, sizeof c->items, "0");
    else if (all_digits(c->items) && strlen(c->items) <= 4)
        snprintf(c->items, sizeof c->items, "%d", atoi(c->items));
}

static void contact_summary(const struct contact *c, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s %s", c->date, c->leader_name, c->deputy_name);
}

enum ll_status contact_save(struct ll_db *db, struct contact *c, struct ll_error *err)
{
    contact_normalize(c);
    if (contact_validate(db, c, err) != LL_OK)
        return err->status;
    bool insert = true, new_id = !c->id[0], found = false;
    if (sql_is_insert(db, "contact", c->id, &insert, err) != LL_OK)
        return err->status;
    /* the deputy's township; one who has left keeps the contact where it was */
    char township[LL_ID_LEN];
    snprintf(township, sizeof township, "%s", c->township_id);
    if (c->deputy_id[0] && deputy_township(db, c->deputy_id, &found, township, err) != LL_OK)
        return err->status;
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(c->id, err) != LL_OK)
        return err->status;
    const char *sql =
        insert ? "INSERT INTO contact(id, site_id, township_id, leader_name, leader_post, "
                 "deputy_id, deputy_name, contacted_on, mode, content, items, note, operator, "
                 "created_at, updated_at) VALUES (:id, :site, :township, :leader, :post, "
                 ":deputy, :deputy_name, :date, :mode, :content, :items, :note, :operator, "
                 ":now, :now)"
               : "UPDATE contact SET township_id = :township, leader_name = :leader, "
                 "leader_post = :post, deputy_id = :deputy, deputy_name = :deputy_name, "
                 "contacted_on = :date, mode = :mode, content = :content, items = :items, "
                 "note = :note, updated_at = :now WHERE id = :id AND (township_id, "
                 "leader_name, leader_post, deputy_id, deputy_name, contacted_on, mode, content, "
                 "items, note) IS NOT (:township, :leader, :post, :deputy, :deputy_name, :date, "
                 ":mode, :content, :items, :note)";
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    if (!insert && sql_unchanged_since(db, "contact", c->id, c->updated_at, err) != LL_OK)
        goto fail;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":id", c->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_id(st, ":township", township);
    sql_bind_text(st, ":leader", c->leader_name);
    sql_bind_text(st, ":post", c->leader_post);
    sql_bind_id(st, ":deputy", c->deputy_id);
    sql_bind_text(st, ":deputy_name", c->deputy_name);
    sql_bind_text(st, ":date", c->date);
    sql_bind_text(st, ":mode", contact_mode_code(c->mode));
    sql_bind_text(st, ":content", c->content);
    sql_bind_int(st, ":items", atoi(c->items));
    sql_bind_text(st, ":note", c->note);
    sql_bind_text(st, ":operator", db->operator_name);
    sql_bind_text(st, ":now", now);
    int before = sql_changes(db);
    if (sql_run(db, st, err) != LL_OK)
        goto fail;
    char summary[256];
    contact_summary(c, summary, sizeof summary);
    if (audit_save(db, before, "contact", c->id, insert, summary, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    snprintf(c->township_id, sizeof c->township_id, "%s", township);
    sql_read_updated_at(db, "contact", c->id, c->updated_at);
    return LL_OK;
fail:
    db_rollback(db);
fail_id:
    if (new_id)
        c->id[0] = '\0';
    return err->status;
}

#define CONTACT_SELECT                                                                             \
    "SELECT c.id, c.site_id, c.leader_name, c.leader_post, c.deputy_id, c.deputy_name, "           \
    "c.contacted_on, c.mode, c.content, c.items, c.note, c.township_id, t.name, c.operator, "      \
    "c.created_at, c.updated_at, c.contacted_on || ' ' || c.created_at || ' ' || c.id AS k "       \
    "FROM contact c LEFT JOIN township t ON t.id = c.township_id "

static void contact_read(sqlite3_stmt *st, void *row)
{
    struct contact *c = row;
    char mode[24];
    sql_column_text(st, 0, c->id, sizeof c->id);
    sql_column_text(st, 1, c->site_id, sizeof c->site_id);
    sql_column_text(st, 2, c->leader_name, sizeof c->leader_name);
    sql_column_text(st, 3, c->leader_post, sizeof c->leader_post);
    sql_column_text(st, 4, c->deputy_id, sizeof c->deputy_id);
    sql_column_text(st, 5, c->deputy_name, sizeof c->deputy_name);
    sql_column_text(st, 6, c->date, sizeof c->date);
    sql_column_text(st, 7, mode, sizeof mode);
    if (!contact_mode_parse(mode, &c->mode))
        c->mode = CONTACT_VISIT;
    sql_column_text(st, 8, c->content, sizeof c->content);
    snprintf(c->items, sizeof c->items, "%d", sqlite3_column_int(st, 9));
    sql_column_text(st, 10, c->note, sizeof c->note);
    sql_column_text(st, 11, c->township_id, sizeof c->township_id);
    sql_column_text(st, 12, c->township_name, sizeof c->township_name);
    sql_column_text(st, 13, c->operator_name, sizeof c->operator_name);
    sql_column_text(st, 14, c->created_at, sizeof c->created_at);
    sql_column_text(st, 15, c->updated_at, sizeof c->updated_at);
    sql_column_text(st, 16, c->sort_key, sizeof c->sort_key);
}

enum ll_status contact_get(struct ll_db *db, const char *id, struct contact *out,
                           struct ll_error *err)
{
    return sql_get_one(db, CONTACT_SELECT "WHERE c.id = :id", id, contact_read, out, sizeof *out,
                       _("找不到这条联系记录，可能已被删除。"), err);
}

enum ll_status contact_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct contact c;
    if (contact_get(db, id, &c, err) != LL_OK)
        return err->status;
    char summary[256];
    contact_summary(&c, summary, sizeof summary);
    return sql_delete_audited(db, "contact", id, summary, err);
}

/* ---- lists ------------------------------------------------------------------------------- */

static const char *const contact_search_columns[] = {
    "c.content", "c.leader_name", "c.leader_post", "c.deputy_name", "c.note", NULL};
static const char *const contact_search_people[] = {"c.leader_name", "c.deputy_name", NULL};
static const struct search_spec contact_search = {"contact", "contact_fts", "c.rowid",
                                                  contact_search_columns, contact_search_people};

static void contact_bind(sqlite3_stmt *st, const void *filter)
{
    const struct contact_filter *f = filter;
    sql_bind_text(st, ":township", f->township_id);
    sql_bind_text(st, ":deputy", f->deputy_id);
    sql_bind_text(st, ":mode", f->mode >= 0 ? contact_mode_code((enum contact_mode)f->mode) : "");
    sql_bind_text(st, ":from", f->from);
    sql_bind_text(st, ":to", f->to);
    sql_bind_text(st, ":seek_from", "");
    sql_bind_text(st, ":seek_to", "9999-99-99");
    search_bind(st, f->search);
}

/* The page query for f, in buf: contacts in date order, through contact_order (a township's or
 * a deputy's through their own index in the same order); or, for count, its rows alone (as
 * the trigram index finds them, for a search). A search of three characters and more is made
 * by route (see search.h). */
static void contact_query(const struct contact_filter *f, bool count, enum search_route route,
                          char *buf, size_t size, struct sql_page_query *q)
{
    static const char *const order[] = {"c.contacted_on", "c.created_at", "c.id"};
    char search[768];
    bool ids = !count && route == SEARCH_FTS && search_indexed(f->search);
    if ((count || ids) && route != SEARCH_WALK && search_joins(f->search))
        route = SEARCH_JOIN;
    search_condition(&contact_search, f->search, route, search, sizeof search);
    snprintf(buf, size, "%s%sWHERE 1",
             count ? "SELECT 1"
             : ids ? "SELECT c.rowid"
                   : "",
             !count && !ids         ? CONTACT_SELECT
             : route == SEARCH_JOIN ? " FROM contact_fts CROSS JOIN contact c ON "
                                      "c.rowid = contact_fts.rowid "
                                    : " FROM contact c ");
    sql_where_add(buf, size, f->township_id[0], "c.township_id = :township");
    sql_where_add(buf, size, f->deputy_id[0], "c.deputy_id = :deputy");
    sql_where_filter(buf, size, f->mode >= 0, !count, "c.mode = :mode");
    /* :seek_from / :seek_to narrow the period to where a sought page starts (sql_page) */
    sql_where_add(buf, size, f->from[0], "c.contacted_on >= max(:from, :seek_from)");
    sql_where_add(buf, size, f->to[0], "c.contacted_on <= min(:to, :seek_to)");
    sql_where_add(buf, size, f->search[0], search);
    *q = (struct sql_page_query){.inner = buf,
                                 .bind = contact_bind,
                                 .filter = f,
                                 .read = contact_read,
                                 .row_size = sizeof(struct contact),
                                 .order = order,
                                 .range_from = ":seek_from",
                                 .range_to = ":seek_to",
                                 .fetch = ids ? CONTACT_SELECT "WHERE c.rowid IN " : NULL};
}

static void contact_page_query(const void *f, enum search_route route, char *sql, size_t size,
                               struct sql_page_query *q)
{
    contact_query(f, false, route, sql, size, q);
}

enum ll_status contact_list(struct ll_db *db, const struct contact_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct contact *out, int *count,
                            struct ll_error *err)
{
    char sql[3072];
    return search_page(db, &contact_search, f->search, contact_page_query, f, sql, sizeof sql, dir,
                       anchor_key, limit, out, count, err);
}

enum ll_status contact_count(struct ll_db *db, const struct contact_filter *f, int *count,
                             struct ll_error *err)
{
    if (!f->search[0] && !f->deputy_id[0]) {
        /* a period's contacts, a township's or a mode's: from the summaries (migration 009) */
        char cond[128] = "";
        sql_where_add(cond, sizeof cond, f->township_id[0], "township_id = :township");
        sql_where_add(cond, sizeof cond, f->mode >= 0, "mode = :mode");
        return sum_list_count(db, ADD_CONTACTS, f->from, f->to, cond, !f->township_id[0],
                              contact_bind, f, count, err);
    }
    /* a search's count stops at LL_COUNT_MAX; its route by the rows the other filters keep */
    enum search_route route = SEARCH_FTS;
    if (!f->deputy_id[0] && search_can_walk(f->search)) {
        struct contact_filter rest = *f;
        int kept = 0;
        rest.search[0] = '\0';
        rest.mode = -1; /* read through the township's or the date's index, every mode */
        if (contact_count(db, &rest, &kept, err) != LL_OK ||
            search_count_route(db, &contact_search, f->search, kept, &route, err) != LL_OK)
            return err->status;
    }
    char sql[3072];
    struct sql_page_query q;
    contact_query(f, true, route, sql, sizeof sql, &q);
    return sql_count_rows(db, sql, f->search[0] != '\0', contact_bind, f, count, err);
}

/* ---- counts ------------------------------------------------------------------------------ */

enum ll_status contact_counts(struct ll_db *db, const char *township_id, const char *from,
                              const char *to, struct contact_counts *out, struct ll_error *err)
{
    memset(out, 0, sizeof *out);
    /* one pass over the covering index by mode; the distinct leaders and deputies of the
     * whole period, once (the subqueries do not depend on the row) */
#define COUNTS_WHERE(a)                                                                            \
    "WHERE " a ".contacted_on BETWEEN :from AND :to AND (:township = '' OR " a                     \
    ".township_id = :township)"
    const char *sql =
        "SELECT c.mode, count(*), coalesce(sum(c.items), 0), "
        "(SELECT count(DISTINCT x.leader_name) FROM contact x " COUNTS_WHERE(
            "x") "), "
                 "(SELECT count(DISTINCT coalesce(x.deputy_id, 'name:' || x.deputy_name)) "
                 "FROM contact x " COUNTS_WHERE("x") ") FROM contact c " COUNTS_WHERE(
                     "c") " GROUP BY c.mode";
#undef COUNTS_WHERE
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":township", township_id ? township_id : "");
    sql_bind_text(st, ":from", from && from[0] ? from : "0000-00-00");
    sql_bind_text(st, ":to", to && to[0] ? to : "9999-99-99");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        enum contact_mode mode;
        char code[24];
        sql_column_text(st, 0, code, sizeof code);
        int n = sqlite3_column_int(st, 1);
        if (contact_mode_parse(code, &mode))
            out->by_mode[mode] += n;
        out->contacts += n;
        out->items += sqlite3_column_int(st, 2);
        out->leaders = sqlite3_column_int(st, 3);
        out->deputies = sqlite3_column_int(st, 4);
    }
    enum ll_status status = rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
    sql_done(db, st);
    return status;
}
