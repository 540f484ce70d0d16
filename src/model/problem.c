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

/* ---- names of statuses, categories and feedback ------------------------------------------ */

static const char *const status_codes[] = {
#define X(c, code, label) [c] = code,
    PROBLEM_STATUSES(X)
#undef X
};
static const char *const status_labels[] = {
#define X(c, code, label) [c] = N_(label),
    PROBLEM_STATUSES(X)
#undef X
};
static const char *const category_codes[] = {
#define X(c, code, label) [c] = code,
    PROBLEM_CATEGORIES(X)
#undef X
};
static const char *const category_labels[] = {
#define X(c, code, label) [c] = N_(label),
    PROBLEM_CATEGORIES(X)
#undef X
};
static const char *const feedback_codes[] = {
#define X(c, code, label) [c] = code,
    PROBLEM_FEEDBACKS(X)
#undef X
};
static const char *const feedback_labels[] = {
#define X(c, code, label) [c] = N_(label),
    PROBLEM_FEEDBACKS(X)
#undef X
};

/* Index of text among codes or labels (as stored, or translated), or -1. */
static int lookup(const char *text, const char *const *codes, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(text, codes[i]) == 0 || strcmp(text, labels[i]) == 0 ||
            strcmp(text, _(labels[i])) == 0)
            return i;
    return -1;
}

const char *problem_status_label(enum problem_status s)
{
    return s < PROBLEM_STATUS_COUNT ? _(status_labels[s]) : "";
}

const char *problem_status_text(enum problem_status s)
{
    return s < PROBLEM_STATUS_COUNT ? status_labels[s] : "";
}

const char *problem_status_code(enum problem_status s)
{
    return s < PROBLEM_STATUS_COUNT ? status_codes[s] : "";
}

bool problem_status_parse(const char *text, enum problem_status *out)
{
    int i = lookup(text, status_codes, status_labels, PROBLEM_STATUS_COUNT);
    if (i >= 0)
        *out = (enum problem_status)i;
    return i >= 0;
}

bool problem_status_closed(enum problem_status s)
{
    return s == PROBLEM_SOLVED || s == PROBLEM_EXPLAINED || s == PROBLEM_UNSOLVABLE;
}

bool problem_status_allowed(enum problem_status from, enum problem_status to)
{
    if (from >= PROBLEM_STATUS_COUNT || to >= PROBLEM_STATUS_COUNT || from == to)
        return false;
    if (problem_status_closed(from))
        return to == PROBLEM_IN_PROGRESS; /* reopened */
    return to > from;
}

const char *problem_category_label(enum problem_category c)
{
    return c < PROBLEM_CATEGORY_COUNT ? _(category_labels[c]) : "";
}

const char *problem_category_text(enum problem_category c)
{
    return c < PROBLEM_CATEGORY_COUNT ? category_labels[c] : "";
}

const char *problem_category_code(enum problem_category c)
{
    return c < PROBLEM_CATEGORY_COUNT ? category_codes[c] : "";
}

bool problem_category_parse(const char *text, enum problem_category *out)
{
    int i = lookup(text, category_codes, category_labels, PROBLEM_CATEGORY_COUNT);
    if (i >= 0)
        *out = (enum problem_category)i;
    return i >= 0;
}

const char *problem_feedback_label(enum problem_feedback f)
{
    return f < PROBLEM_FEEDBACK_COUNT ? _(feedback_labels[f]) : "";
}

const char *problem_feedback_text(enum problem_feedback f)
{
    return f < PROBLEM_FEEDBACK_COUNT ? feedback_labels[f] : "";
}

const char *problem_feedback_code(enum problem_feedback f)
{
    return f < PROBLEM_FEEDBACK_COUNT ? feedback_codes[f] : "";
}

/* ---- records ----------------------------------------------------------------------------- */

void problem_init(struct problem *p)
{
    memset(p, 0, sizeof *p);
    p->category = CATEGORY_OTHER;
    p->status = PROBLEM_REGISTERED;
    date_today(p->raised_on);
}

void problem_filter_init(struct problem_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = PSF_ALL;
    f->overdue_days = 30;
}

static enum ll_status count_of(struct ll_db *db, const char *sql, const char *id, int *n,
                               struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    return sql_int(db, st, n, err);
}

enum ll_status problem_validate(struct ll_db *db, const struct problem *p, struct ll_error *err)
{
    char date[11], today[11];
    if (!p->station_id[0])
        return ll_error_field(err, "station_id", _("请选择联络站。"));
    if (!date_parse(p->raised_on, date))
        return ll_error_field(err, "raised_on", _("日期「%s」不对，请写成 2026-03-15 这样。"),
                              p->raised_on);
    date_today(today);
    if (strcmp(date, today) > 0)
        return ll_error_field(err, "raised_on", _("反映日期 %s 在今天之后。"), date);
    if (!text_field_valid(p->raiser_name, 20))
        return ll_error_field(err, "raiser_name", _("姓名最多 20 个字。"));
    if (!text_field_valid(p->raiser_village, 20))
        return ll_error_field(err, "raiser_village", _("村（社区）最多 20 个字。"));
    if (phone_check(p->raiser_phone, "raiser_phone", err) != LL_OK)
        return LL_EINVAL;
    if ((unsigned)p->category >= PROBLEM_CATEGORY_COUNT)
        return ll_error_field(err, "category", _("请选择问题类别。"));
    if (!p->description[0])
        return ll_error_field(err, "description", _("请填写反映的问题。"));
    if (!text_field_valid(p->description, 300))
        return ll_error_field(err, "description", _("问题内容最多 300 个字。"));
    if (!text_field_valid(p->unit, 40))
        return ll_error_field(err, "unit", _("交办单位最多 40 个字。"));
    if (!text_field_valid(p->reply, 300))
        return ll_error_field(err, "reply", _("答复内容最多 300 个字。"));
    if ((unsigned)p->feedback >= PROBLEM_FEEDBACK_COUNT)
        return ll_error_field(err, "feedback", _("请选择群众的评价。"));
    if (p->feedback != FEEDBACK_NONE && !problem_status_closed(p->status))
        return ll_error_field(err, "feedback", _("问题办结并答复群众后，才能记录群众的评价。"));
    /* what moving it on required stays: a closed problem keeps its reply, a referred one its
     * unit */
    if (problem_status_closed(p->status) && !p->reply[0])
        return ll_error_field(err, "reply", _("问题已办结，给群众的答复不能删去。"));
    if (!p->unit[0] && p->id[0] && p->status != PROBLEM_REGISTERED) {
        int referred = 0; /* once referred, the unit stays, whatever came after */
        if (count_of(db,
                     "SELECT count(*) FROM problem_event WHERE problem_id = :id AND to_status = "
                     "'referred'",
                     p->id, &referred, err) != LL_OK)
            return err->status;
        if (referred)
            return ll_error_field(err, "unit", _("问题已交办，交办单位不能删去。"));
    }
    if (!text_field_valid(p->note, 200))
        return ll_error_field(err, "note", _("备注最多 200 个字。"));
    int n = 0;
    if (count_of(db, "SELECT count(*) FROM station WHERE id = :id", p->station_id, &n, err) !=
        LL_OK)
        return err->status;
    if (!n)
        return ll_error_field(err, "station_id", _("所选联络站已不存在，请重新选择。"));
    if (p->entry_id[0]) { /* raised at an entry: that entry's station */
        sqlite3_stmt *st = sql_prepare(
            db, "SELECT count(*) FROM ledger_entry WHERE id = :id AND station_id = :station", err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", p->entry_id);
        sql_bind_text(st, ":station", p->station_id);
        if (sql_int(db, st, &n, err) != LL_OK)
            return err->status;
        if (!n)
            return ll_error_field(err, "station_id",
                                  _("这个问题是在另一个联络站的活动中登记的，联络站要与那次活动"
                                    "相同（改台账的联络站时，问题会随之改过去）。"));
    }
    if (p->deputy_id[0]) {
        if (count_of(db, "SELECT count(*) FROM deputy WHERE id = :id", p->deputy_id, &n, err) !=
            LL_OK)
            return err->status;
        if (!n)
            return ll_error_field(err, "deputy_name", _("所选代表已不在代表名册中，请重新选择。"));
    }
    return LL_OK;
}

static void problem_normalize(struct problem *p)
{
    char date[11];
    text_trim(p->raised_on);
    text_trim(p->raiser_name);
    text_trim(p->raiser_village);
    text_trim(p->raiser_phone);
    phone_normalize(p->raiser_phone);
    text_trim(p->description);
    text_trim(p->unit);
    text_trim(p->reply);
    text_trim(p->note);
    if (date_parse(p->raised_on, date))
        snprintf(p->raised_on, sizeof p->raised_on, "%s", date);
}

/* Appends a change of status to the problem's history, inside the caller's transaction. */
static enum ll_status add_event(struct ll_db *db, const struct problem *p, const char *from,
                                enum problem_status to, const char *date, const char *note,
                                const char *now, struct ll_error *err)
{
    char id[LL_ID_LEN] = "";
    if (sql_new_id(id, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(
        db,
        "INSERT INTO problem_event(station_id, id, site_id, problem_id, on_date, from_status, "
        "to_status, note, operator, created_at) VALUES (:station, :id, :site, :problem, :date, "
        ":from, :to, :note, :operator, :now)",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":station", p->station_id);
    sql_bind_text(st, ":id", id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":problem", p->id);
    sql_bind_text(st, ":date", date);
    sql_bind_text(st, ":from", from);
    sql_bind_text(st, ":to", problem_status_code(to));
    sql_bind_text(st, ":note", note);
    sql_bind_text(st, ":operator", db->operator_name);
    sql_bind_text(st, ":now", now);
    return sql_run(db, st, err);
}

/* A date raised edited: the registration in the history moves with it; a problem moved to
 * another station takes its history along, which that station then owns (inside the caller's
 * transaction). */
static enum ll_status move_registration(struct ll_db *db, const struct problem *p,
                                        struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "UPDATE problem_event SET on_date = :raised WHERE problem_id "
                                   "= :id AND from_status = '' AND on_date != :raised",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":raised", p->raised_on);
    sql_bind_text(st, ":id", p->id);
    if (sql_run(db, st, err) != LL_OK)
        return err->status;
    st = sql_prepare(db,
                     "UPDATE problem_event SET station_id = :station WHERE problem_id = :id AND "
                     "station_id != :station",
                     err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":station", p->station_id);
    sql_bind_text(st, ":id", p->id);
    return sql_run(db, st, err);
}

static void short_summary(const struct problem *p, char *out, size_t size)
{
    out[0] = '\0';
    text_append(out, size, "%s", p->description);
    text_shorten(out, size, 48);
}

/* What problem_save keeps of a saved problem: its status (problem_set_status changes it), and
 * the date of its first change of status after the registration ("" when none yet). */
static enum ll_status saved_state(struct ll_db *db, struct problem *p, char first[11],
                                  struct ll_error *err)
{
    struct problem old;
    if (problem_get(db, p->id, 30, &old, err) != LL_OK)
        return err->status;
    p->status = old.status;
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT min(on_date) FROM problem_event WHERE problem_id = :id AND from_status != ''",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", p->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        sql_column_text(st, 0, first, 11);
    sql_done(db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

enum ll_status problem_save(struct ll_db *db, struct problem *p, struct ll_error *err)
{
    problem_normalize(p);
    bool insert = true, new_id = !p->id[0];
    char first[11] = "";
    if (sql_is_insert(db, "problem", p->id, &insert, err) != LL_OK)
        return err->status;
    /* The status is not the form's: a new problem is registered, a saved one keeps its own;
     * what it is decides whether the constituent's feedback may be recorded yet. */
    if (insert)
        p->status = PROBLEM_REGISTERED;
    else if (saved_state(db, p, first, err) != LL_OK)
        return err->status;
    if (problem_validate(db, p, err) != LL_OK)
        return err->status;
    /* Raised after its first change of status would make the history run backwards. */
    if (first[0] && strcmp(p->raised_on, first) > 0)
        return ll_error_field(err, "raised_on",
                              _("反映日期不能晚于它第一次变更办理状态的日期 %s。"), first);
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(p->id, err) != LL_OK)
        return err->status;
    const char *sql =
        insert
            ? "INSERT INTO problem(station_id, id, site_id, entry_id, raised_on, raiser_name, "
              "raiser_village, raiser_phone, category, description, deputy_id, deputy_name, "
              "unit, status, status_on, reply, feedback, note, created_at, updated_at) VALUES "
              "(:station, :id, :site, :entry, :raised, :name, :village, :phone, :category, "
              ":description, :deputy, :deputy_name, :unit, 'registered', :raised, :reply, "
              ":feedback, :note, :now, :now)"
            : "UPDATE problem SET station_id = :station, entry_id = :entry, raised_on = :raised, "
              "raiser_name = :name, raiser_village = :village, raiser_phone = :phone, category = "
              ":category, description = :description, deputy_id = :deputy, deputy_name = "
              ":deputy_name, unit = :unit, reply = :reply, feedback = :feedback, note = :note, "
              "status_on = CASE WHEN :first = '' THEN :raised ELSE status_on END, "
              "updated_at = :now WHERE id = :id AND "
              "(station_id, entry_id, raised_on, raiser_name, raiser_village, raiser_phone, "
              "category, description, deputy_id, deputy_name, unit, reply, feedback, note) IS NOT "
              "(:station, :entry, :raised, :name, :village, :phone, :category, :description, "
              ":deputy, :deputy_name, :unit, :reply, :feedback, :note)";
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    if (!insert && sql_unchanged_since(db, "problem", p->id, p->updated_at, err) != LL_OK)
        goto fail;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":station", p->station_id);
    sql_bind_text(st, ":id", p->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_id(st, ":entry", p->entry_id);
    sql_bind_text(st, ":raised", p->raised_on);
    sql_bind_text(st, ":name", p->raiser_name);
    sql_bind_text(st, ":village", p->raiser_village);
    sql_bind_text(st, ":phone", p->raiser_phone);
    sql_bind_text(st, ":category", category_codes[p->category]);
    sql_bind_text(st, ":description", p->description);
    sql_bind_id(st, ":deputy", p->deputy_id);
    sql_bind_text(st, ":deputy_name", p->deputy_name); /* kept when the deputy leaves */
    sql_bind_text(st, ":unit", p->unit);
    sql_bind_text(st, ":reply", p->reply);
    sql_bind_text(st, ":feedback", feedback_codes[p->feedback]);
    sql_bind_text(st, ":note", p->note);
    sql_bind_text(st, ":now", now);
    sql_bind_text(st, ":first", first);
    int before = sql_changes(db);
    if (sql_run(db, st, err) != LL_OK)
        goto fail;
    if (insert ? add_event(db, p, "", PROBLEM_REGISTERED, p->raised_on, "", now, err) != LL_OK
               : move_registration(db, p, err) != LL_OK)
        goto fail;
    char summary[128];
    short_summary(p, summary, sizeof summary);
    if (audit_save(db, before, "problem", p->id, insert, summary, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    sql_read_updated_at(db, "problem", p->id, p->updated_at);
    return LL_OK;
fail:
    db_rollback(db);
fail_id:
    if (new_id)
        p->id[0] = '\0';
    return err->status;
}

enum ll_status problem_set_status(struct ll_db *db, struct problem *p, enum problem_status to,
                                  const char *date, const char *note, struct ll_error *err)
{
    struct problem old;
    if (problem_get(db, p->id, 30, &old, err) != LL_OK)
        return err->status;
    if (!problem_status_allowed(old.status, to)) {
        if (old.status == to)
            return ll_error_field(err, "status", _("问题已经是「%s」。"), problem_status_label(to));
        return ll_error_field(err, "status", _("「%s」的问题不能改为「%s」。%s"),
                              problem_status_label(old.status), problem_status_label(to),
                              problem_status_closed(old.status)
                                  ? _("已办结的问题只能重新办理（改为办理中）。")
                                  : _("办理状态只能向前推进。"));
    }
    char day[11], today[11];
    if (!date || !date[0])
        date_today(day);
    else if (!date_parse(date, day))
        return ll_error_field(err, "date", _("日期「%s」不对，请写成 2026-03-15 这样。"), date);
    date_today(today);
    if (strcmp(day, today) > 0)
        return ll_error_field(err, "date", _("日期 %s 在今天之后。"), day);
    if (strcmp(day, old.status_on) < 0)
        return ll_error_field(err, "date", _("日期不能早于上一次办理的日期 %s。"), old.status_on);
    char text[1024];
    snprintf(text, sizeof text, "%s", note ? note : "");
    text_trim(text);
    text_trim(p->unit);
    text_trim(p->reply);
    if (!text_field_valid(text, 200))
        return ll_error_field(err, "note", _("办理说明最多 200 个字。"));
    if (to == PROBLEM_REFERRED && !p->unit[0])
        return ll_error_field(err, "unit", _("交办时请填写交办单位。"));
    if (problem_status_closed(to) && !p->reply[0])
        return ll_error_field(err, "reply", _("办结前请填写给群众的答复。"));
    if (problem_status_closed(old.status) && !text[0])
        return ll_error_field(err, "note", _("重新办理时请写明原因。"));
    if (!text_field_valid(p->unit, 40))
        return ll_error_field(err, "unit", _("交办单位最多 40 个字。"));
    if (to == PROBLEM_REFERRED) { /* the history says to whom (stored in Chinese, as data) */
        char with_unit[sizeof text];
        snprintf(with_unit, sizeof with_unit, text[0] ? "交办%s：%s" : "交办%s%s", p->unit, text);
        memcpy(text, with_unit, sizeof text); /* fits: 40 + 200 characters, 3 bytes each */
    }
    if (!text_field_valid(p->reply, 300))
        return ll_error_field(err, "reply", _("答复内容最多 300 个字。"));
    char now[25];
    time_now_iso(now);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = sql_prepare(
        db,
        "UPDATE problem SET status = :to, status_on = :date, closed_on = :closed, unit = :unit, "
        "reply = :reply, feedback = CASE WHEN :reopen THEN '' ELSE feedback END, updated_at = "
        ":now WHERE id = :id",
        err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":to", problem_status_code(to));
    sql_bind_text(st, ":date", day);
    sql_bind_text(st, ":closed", problem_status_closed(to) ? day : "");
    sql_bind_text(st, ":unit", p->unit);
    sql_bind_text(st, ":reply", p->reply);
    sql_bind_int(st, ":reopen", problem_status_closed(old.status));
    sql_bind_text(st, ":now", now);
    sql_bind_text(st, ":id", p->id);
    if (sql_run(db, st, err) != LL_OK ||
        add_event(db, &old, problem_status_code(old.status), to, day, text, now, err) != LL_OK)
        goto fail;
    char summary[160], desc[64];
    short_summary(&old, desc, sizeof desc);
    snprintf(summary, sizeof summary, "%s -> %s %s", problem_status_text(old.status),
             problem_status_text(to), desc);
    if (audit_record(db, "problem", p->id, "update", summary, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        return err->status;
    return problem_get(db, p->id, 30, p, err);
fail:
    db_rollback(db);
    return err->status;
}

/* A LEFT JOIN of the station, as LEDGER_SELECT's. */
#define PROBLEM_SELECT                                                                             \
    "SELECT p.id, p.site_id, p.station_id, coalesce(p.entry_id, ''), p.raised_on, "                \
    "p.raiser_name, p.raiser_village, p.raiser_phone, p.category, p.description, "                 \
    "coalesce(p.deputy_id, ''), p.deputy_name, p.unit, p.reply, p.feedback, p.note, p.status, "    \
    "p.status_on, p.closed_on, s.name, s.township_id, t.name, "                                    \
    "CAST(julianday(:today) - julianday(p.status_on) AS INTEGER), p.created_at, p.updated_at, "    \
    "p.closed_on = '' AND julianday(:today) - julianday(p.status_on) > :days, "                    \
    "p.raised_on || ' ' || p.created_at || ' ' || p.id AS k "                                      \
    "FROM problem p LEFT JOIN station s ON s.id = p.station_id "                                   \
    "LEFT JOIN township t ON t.id = s.township_id "

static void problem_read(sqlite3_stmt *st, void *row)
{
    struct problem *p = row;
    char code[24];
    sql_column_text(st, 0, p->id, sizeof p->id);
    sql_column_text(st, 1, p->site_id, sizeof p->site_id);
    sql_column_text(st, 2, p->station_id, sizeof p->station_id);
    sql_column_text(st, 3, p->entry_id, sizeof p->entry_id);
    sql_column_text(st, 4, p->raised_on, sizeof p->raised_on);
    sql_column_text(st, 5, p->raiser_name, sizeof p->raiser_name);
    sql_column_text(st, 6, p->raiser_village, sizeof p->raiser_village);
    sql_column_text(st, 7, p->raiser_phone, sizeof p->raiser_phone);
    sql_column_text(st, 8, code, sizeof code);
    if (!problem_category_parse(code, &p->category))
        p->category = CATEGORY_OTHER;
    sql_column_text(st, 9, p->description, sizeof p->description);
    sql_column_text(st, 10, p->deputy_id, sizeof p->deputy_id);
    sql_column_text(st, 11, p->deputy_name, sizeof p->deputy_name);
    sql_column_text(st, 12, p->unit, sizeof p->unit);
    sql_column_text(st, 13, p->reply, sizeof p->reply);
    sql_column_text(st, 14, code, sizeof code);
    int f = lookup(code, feedback_codes, feedback_labels, PROBLEM_FEEDBACK_COUNT);
    p->feedback = f > 0 ? (enum problem_feedback)f : FEEDBACK_NONE;
    sql_column_text(st, 15, p->note, sizeof p->note);
    sql_column_text(st, 16, code, sizeof code);
    if (!problem_status_parse(code, &p->status))
        p->status = PROBLEM_REGISTERED;
    sql_column_text(st, 17, p->status_on, sizeof p->status_on);
    sql_column_text(st, 18, p->closed_on, sizeof p->closed_on);
    sql_column_text(st, 19, p->station_name, sizeof p->station_name);
    sql_column_text(st, 20, p->township_id, sizeof p->township_id);
    sql_column_text(st, 21, p->township_name, sizeof p->township_name);
    p->idle_days = sqlite3_column_int(st, 22);
    sql_column_text(st, 23, p->created_at, sizeof p->created_at);
    sql_column_text(st, 24, p->updated_at, sizeof p->updated_at);
    p->overdue = sqlite3_column_int(st, 25) != 0;
    sql_column_text(st, 26, p->sort_key, sizeof p->sort_key);
}

enum ll_status problem_get(struct ll_db *db, const char *id, int overdue_days, struct problem *out,
                           struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, PROBLEM_SELECT "WHERE p.id = :id", err);
    if (!st)
        return err->status;
    char today[11];
    date_today(today);
    sql_bind_text(st, ":id", id);
    sql_bind_text(st, ":today", today);
    sql_bind_int(st, ":days", overdue_days);
    int rc = sqlite3_step(st);
    memset(out, 0, sizeof *out);
    if (rc == SQLITE_ROW)
        problem_read(st, out);
    sql_done(db, st);
    if (rc == SQLITE_ROW)
        return LL_OK;
    if (rc == SQLITE_DONE)
        return ll_error_set(err, LL_ENOTFOUND, _("找不到这个问题，可能已被删除。"));
    return sql_fail(db, err);
}

enum ll_status problem_history(struct ll_db *db, const char *id,
                               int (*cb)(void *ctx, const struct problem_event *e), void *ctx,
                               struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, on_date, from_status, to_status, note, operator "
                                   "FROM problem_event WHERE problem_id = :id "
                                   "ORDER BY on_date, created_at, id",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct problem_event e;
        char code[24];
        memset(&e, 0, sizeof e);
        sql_column_text(st, 0, e.id, sizeof e.id);
        sql_column_text(st, 1, e.on_date, sizeof e.on_date);
        sql_column_text(st, 2, code, sizeof code);
        if (!problem_status_parse(code, &e.from))
            e.from = PROBLEM_STATUS_COUNT;
        sql_column_text(st, 3, code, sizeof code);
        if (!problem_status_parse(code, &e.to))
            e.to = PROBLEM_REGISTERED;
        sql_column_text(st, 4, e.note, sizeof e.note);
        sql_column_text(st, 5, e.operator_name, sizeof e.operator_name);
        if (cb(ctx, &e))
            break;
    }
    enum ll_status status = LL_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status problem_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct problem p;
    if (problem_get(db, id, 30, &p, err) != LL_OK)
        return err->status;
    char summary[128];
    short_summary(&p, summary, sizeof summary);
    return sql_delete_audited(db, "problem", id, summary, err);
}

/* ---- lists ------------------------------------------------------------------------------- */

static const char *const problem_search_columns[] = {"p.description",
                                                     "p.raiser_name",
                                                     "p.raiser_village",
                                                     "p.unit",
                                                     "p.reply",
                                                     "p.deputy_name",
                                                     NULL};
static const char *const problem_search_people[] = {"p.raiser_name", "p.deputy_name", NULL};
static const struct search_spec problem_search = {"problem", "problem_fts", "p.rowid",
                                                  problem_search_columns, problem_search_people};

static void problem_bind(sqlite3_stmt *st, const void *filter)
{
    const struct problem_filter *f = filter;
    char today[11];
    date_today(today);
    sql_bind_text(st, ":today", today);
    sql_bind_text(st, ":township", f->township_id);
    sql_bind_text(st, ":station", f->station_id);
    sql_bind_text(st, ":entry", f->entry_id);
    sql_bind_text(st, ":status",
                  f->status >= 0 ? problem_status_code((enum problem_status)f->status) : "");
    sql_bind_int(st, ":days", f->overdue_days);
    sql_bind_text(st, ":unit", f->unit);
    sql_bind_text(st, ":from", f->from);
    sql_bind_text(st, ":to", f->to);
    sql_bind_text(st, ":seek_from", "");
    sql_bind_text(st, ":seek_to", "9999-99-99");
    search_bind(st, f->search);
}

/* The page query for f, in buf: problems by date raised, through problem_order. As
 * ledger_query. */
static void problem_query(const struct problem_filter *f, bool count, enum search_route route,
                          char *buf, size_t size, struct sql_page_query *q)
{
    static const char *const order[] = {"p.raised_on", "p.created_at", "p.id"};
    char search[768];
    bool ids = !count && route == SEARCH_FTS && search_indexed(f->search);
    if ((count || ids) && route != SEARCH_WALK && search_joins(f->search))
        route = SEARCH_JOIN;
    search_condition(&problem_search, f->search, route, search, sizeof search);
    snprintf(buf, size, "%s%sWHERE 1",
             count ? "SELECT 1"
             : ids ? "SELECT p.rowid"
                   : "",
             !count && !ids         ? PROBLEM_SELECT
             : route == SEARCH_JOIN ? " FROM problem_fts CROSS JOIN problem p ON "
                                      "p.rowid = problem_fts.rowid "
                                    : " FROM problem p ");
    /* as ledger_query's, a status too (the open ones, thousands in a county) */
    sql_where_filter(buf, size, f->township_id[0], !count,
                     "p.station_id IN (SELECT id FROM station WHERE township_id = :township)");
    sql_where_add(buf, size, f->station_id[0], "p.station_id = :station");
    sql_where_add(buf, size, f->entry_id[0], "p.entry_id = :entry");
    sql_where_filter(buf, size, f->status >= 0, !count, "p.status = :status");
    sql_where_filter(buf, size, f->status == PSF_OPEN, !count, "p.closed_on = ''");
    sql_where_filter(buf, size, f->status == PSF_CLOSED, !count, "p.closed_on != ''");
    sql_where_filter(buf, size, f->overdue_only, !count,
                     "p.closed_on = '' AND julianday(:today) - julianday(p.status_on) > :days");
    sql_where_add(buf, size, f->unit[0], "instr(p.unit, :unit) > 0");
    sql_where_add(buf, size, f->from[0], "p.raised_on >= max(:from, :seek_from)");
    sql_where_add(buf, size, f->to[0], "p.raised_on <= min(:to, :seek_to)");
    sql_where_add(buf, size, f->search[0], search);
    *q = (struct sql_page_query){.inner = buf,
                                 .bind = problem_bind,
                                 .filter = f,
                                 .read = problem_read,
                                 .row_size = sizeof(struct problem),
                                 .order = order,
                                 .range_from = ":seek_from",
                                 .range_to = ":seek_to",
                                 .fetch = ids ? PROBLEM_SELECT "WHERE p.rowid IN " : NULL};
}

static void problem_page_query(const void *f, enum search_route route, char *sql, size_t size,
                               struct sql_page_query *q)
{
    problem_query(f, false, route, sql, size, q);
}

enum ll_status problem_list(struct ll_db *db, const struct problem_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct problem *out, int *count,
                            struct ll_error *err)
{
    char sql[3072];
    return search_page(db, &problem_search, f->search, problem_page_query, f, sql, sizeof sql, dir,
                       anchor_key, limit, out, count, err);
}

/* Whether f's count, but for its search, is read from the summaries. */
static bool problem_summed(const struct problem_filter *f)
{
    return !f->entry_id[0] && f->status == PSF_ALL && !f->overdue_only && !f->unit[0];
}

enum ll_status problem_count(struct ll_db *db, const struct problem_filter *f, int *count,
                             struct ll_error *err)
{
    enum search_route route = SEARCH_FTS;
    if (f->search[0] && problem_summed(f) && search_can_walk(f->search)) {
        /* as ledger_count */
        struct problem_filter rest = *f;
        int kept = 0;
        rest.search[0] = '\0';
        if (problem_count(db, &rest, &kept, err) != LL_OK ||
            search_count_route(db, &problem_search, f->search, kept, &route, err) != LL_OK)
            return err->status;
    }
    if (!f->search[0] && problem_summed(f)) {
        /* a period's problems, a township's or a station's: from the summaries, as the
         * ledger's count */
        char cond[256] = "";
        sql_where_add(cond, sizeof cond, f->township_id[0],
                      "station_id IN (SELECT id FROM station WHERE township_id = :township)");
        sql_where_add(cond, sizeof cond, f->station_id[0], "station_id = :station");
        return sum_list_count(db, ADD_RAISED, f->from, f->to, cond,
                              !f->township_id[0] && !f->station_id[0], problem_bind, f, count, err);
    }
    char sql[3072];
    struct sql_page_query q;
    problem_query(f, true, route, sql, sizeof sql, &q);
    return sql_count_rows(db, sql, f->search[0] != '\0', problem_bind, f, count, err);
}
