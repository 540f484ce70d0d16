#include "lianluo/station.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/text.h"
#include "lianluo/uuid.h"
#include "lianluo/township.h"
#include "lianluo/validate.h"
#include "model/sql.h"

static const char *const kind_codes[] = {
#define X(c, code, label) code,
    STATION_KINDS(X)
#undef X
};
static const char *const kind_labels[] = {
#define X(c, code, label) N_(label),
    STATION_KINDS(X)
#undef X
};
static const char *const have_labels[] = {
#define X(c, code, label) N_(label),
    STATION_HAVES(X)
#undef X
};

const char *station_kind_label(enum station_kind kind)
{
    return kind < STATION_KIND_COUNT ? _(kind_labels[kind]) : "";
}

const char *station_kind_code(enum station_kind kind)
{
    return kind < STATION_KIND_COUNT ? kind_codes[kind] : "";
}

bool station_kind_parse(const char *text, enum station_kind *out)
{
    static const struct {
        const char *word;
        enum station_kind kind;
    } shorts[] = {
        {"中心", STATION_CENTRAL},
        {"片区", STATION_AREA},
        {"小组", STATION_GROUP},
        {"市代表小组", STATION_GROUP},
        {"人大代表中心联络站", STATION_CENTRAL},
        {"人大代表片区联络站", STATION_AREA},
    };
    char t[128];
    snprintf(t, sizeof t, "%s", text);
    text_trim(t);
    for (int k = 0; k < STATION_KIND_COUNT; k++) {
        if (strcmp(t, kind_codes[k]) == 0 || strcmp(t, kind_labels[k]) == 0 ||
            strcmp(t, _(kind_labels[k])) == 0) {
            *out = (enum station_kind)k;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++) {
        if (strcmp(t, shorts[i].word) == 0) {
            *out = shorts[i].kind;
            return true;
        }
    }
    return false;
}

static bool kind_from_code(const char *code, enum station_kind *out)
{
    for (int k = 0; k < STATION_KIND_COUNT; k++) {
        if (strcmp(code, kind_codes[k]) == 0) {
            *out = (enum station_kind)k;
            return true;
        }
    }
    return false;
}

const char *station_have_label(enum station_have have)
{
    return have < STATION_HAVE_COUNT ? _(have_labels[have]) : "";
}

void station_init(struct station *s)
{
    memset(s, 0, sizeof *s);
    s->kind = STATION_AREA;
}

void station_filter_init(struct station_filter *f)
{
    memset(f, 0, sizeof *f);
    f->kind = -1;
}

/* Dates typed as 2024/3/1 or 2024年3月1日 are stored as 2024-03-01. */
static void station_normalize(struct station *s)
{
    text_trim(s->name);
    text_trim(s->village);
    text_trim(s->admin_name);
    text_trim(s->admin_phone);
    phone_normalize(s->admin_phone);
    for (int i = 0; i < STATION_HAVE_COUNT; i++) {
        char canon[11];
        text_trim(s->haves[i].date);
        if (s->haves[i].date[0] && date_parse(s->haves[i].date, canon))
            memcpy(s->haves[i].date, canon, sizeof canon);
    }
    if (s->kind == STATION_CENTRAL)
        s->parent_id[0] = '\0';
}

struct text_rule {
    const char *field;
    const char *label;
    size_t offset;
    int max_chars;
};

#define TEXT_RULE(member, label, max)                                                              \
    {                                                                                              \
#member, label, offsetof(struct station, member), max                                      \
    }

static const struct text_rule station_text_rules[] = {
    TEXT_RULE(name, N_("名称"), 40),      TEXT_RULE(village, N_("村（社区）"), 20),
    TEXT_RULE(address, N_("地址"), 80),   TEXT_RULE(admin_name, N_("管理员"), 20),
    TEXT_RULE(hours, N_("开放时间"), 40), TEXT_RULE(note, N_("备注"), 160),
};

static enum ll_status check_text_rules(const void *record, const struct text_rule *rules, size_t n,
                                       struct ll_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *value = (const char *)record + rules[i].offset;
        if (!text_field_valid(value, rules[i].max_chars))
            return ll_error_field(err, rules[i].field, _("%s最多 %d 个字，且不能含控制字符。"),
                                  _(rules[i].label), rules[i].max_chars);
    }
    return LL_OK;
}

enum ll_status station_check_parent(struct ll_db *db, const struct station *s, struct ll_error *err)
{
    if (!s->parent_id[0])
        return LL_OK;
    struct station parent;
    struct ll_error ignored;
    if (strcmp(s->parent_id, s->id) == 0)
        return ll_error_field(err, "parent_id", _("上级联络站不能是它自己。"));
    if (s->kind != STATION_AREA)
        return ll_error_field(err, "parent_id", _("只有片区联络站有上级中心联络站。"));
    if (station_get(db, s->parent_id, &parent, &ignored) != LL_OK)
        return ll_error_field(err, "parent_id", _("所选的上级联络站不存在。"));
    if (parent.kind != STATION_CENTRAL)
        return ll_error_field(err, "parent_id", _("上级联络站应是乡镇的中心联络站。"));
    if (strcmp(parent.township_id, s->township_id) != 0)
        return ll_error_field(err, "parent_id", _("上级联络站应在同一个乡镇。"));
    return LL_OK;
}

/* "1+N": one central station per township. */
static enum ll_status check_one_central(struct ll_db *db, const struct station *s,
                                        struct ll_error *err)
{
    if (s->kind != STATION_CENTRAL)
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT name FROM station WHERE township_id = :t AND kind = "
                                   "'central' AND id <> :id",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":t", s->township_id);
    sql_bind_text(st, ":id", s->id);
    enum ll_status status = LL_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        status = ll_error_field(err, "kind", _("这个乡镇已有中心联络站「%s」，每个乡镇只设一个。"),
                                (const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_DONE)
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

/* Station names are unique within a township (the schema says so too; this says it kindly). */
static enum ll_status check_unique_name(struct ll_db *db, const struct station *s,
                                        struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT count(*) FROM station WHERE township_id = :t AND name = :name AND id <> :id",
        err);
    int n = 0;
    if (!st)
        return err->status;
    sql_bind_text(st, ":t", s->township_id);
    sql_bind_text(st, ":name", s->name);
    sql_bind_text(st, ":id", s->id);
    if (sql_int(db, st, &n, err) != LL_OK)
        return err->status;
    return n ? ll_error_field(err, "name", _("这个乡镇已有名为「%s」的联络站。"), s->name) : LL_OK;
}

/* A station that stops being its township's central station (or moves to another township)
 * lets go of the area stations under it; they wait for a new central station. */
static enum ll_status release_children(struct ll_db *db, const struct station *s, const char *now,
                                       struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, name FROM station WHERE parent_id = :id AND (:kind "
                                   "<> 'central' OR township_id IS NOT :township)",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", s->id);
    sql_bind_text(st, ":kind", station_kind_code(s->kind));
    sql_bind_text(st, ":township", s->township_id);
    return sql_update_each_audited(db, st, "station", "parent_id", NULL, now, err);
}

enum ll_status station_validate(struct ll_db *db, const struct station *s, struct ll_error *err)
{
    if (s->id[0] && !uuid_valid(s->id))
        return ll_error_field(err, "id",
                              _("编号「%s」格式不正确（应为导出文件中的编号，或留空）。"), s->id);
    if (!s->name[0])
        return ll_error_field(err, "name", _("请填写联络站名称。"));
    if (check_text_rules(s, station_text_rules,
                         sizeof station_text_rules / sizeof station_text_rules[0], err) != LL_OK)
        return LL_EINVAL;
    if (s->kind >= STATION_KIND_COUNT)
        return ll_error_field(err, "kind", _("请选择联络站类型。"));
    if (!s->township_id[0])
        return ll_error_field(err, "township_id", _("请选择所属乡镇。"));
    struct township t;
    struct ll_error ignored;
    if (township_get(db, s->township_id, &t, &ignored) != LL_OK)
        return ll_error_field(err, "township_id", _("所选的乡镇不存在。"));
    if (phone_check(s->admin_phone, "admin_phone", err) != LL_OK)
        return LL_EINVAL;
    char today[11];
    date_today(today);
    for (int i = 0; i < STATION_HAVE_COUNT; i++) {
        char canon[11];
        char field[32];
        snprintf(field, sizeof field, "haves.%d.date", i);
        if (s->haves[i].date[0] && !date_parse(s->haves[i].date, canon))
            return ll_error_field(err, field, _("%s的日期「%s」不正确，请写成 2024-03-01。"),
                                  station_have_label((enum station_have)i), s->haves[i].date);
        if (s->haves[i].date[0] && strcmp(canon, today) > 0)
            return ll_error_field(err, field, _("%s的日期「%s」晚于今天，请检查。"),
                                  station_have_label((enum station_have)i), s->haves[i].date);
        snprintf(field, sizeof field, "haves.%d.note", i);
        if (!text_field_valid(s->haves[i].note, 80))
            return ll_error_field(err, field, _("%s的备注最多 80 个字。"),
                                  station_have_label((enum station_have)i));
    }
    if (check_unique_name(db, s, err) != LL_OK)
        return err->status;
    return check_one_central(db, s, err);
}

/* The network's shape is not a choice: an area station hangs under its township's central
 * station (none while the township has none), every other station under nothing. */
static enum ll_status derive_parent(struct ll_db *db, struct station *s, struct ll_error *err)
{
    s->parent_id[0] = '\0';
    if (s->kind != STATION_AREA)
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(
        db,
        "SELECT id FROM station WHERE township_id = :t AND kind = 'central' AND id <> :id "
        "ORDER BY created_at, id LIMIT 1", /* the one check and the migration take, too */
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":t", s->township_id);
    sql_bind_text(st, ":id", s->id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        sql_column_text(st, 0, s->parent_id, sizeof s->parent_id);
    enum ll_status status = rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
    sql_done(db, st);
    return status;
}

/* A central station takes in its township's area stations that had no central station yet. */
static enum ll_status adopt_children(struct ll_db *db, const struct station *s, const char *now,
                                     struct ll_error *err)
{
    if (s->kind != STATION_CENTRAL)
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, name FROM station WHERE township_id = :township AND "
                                   "kind = 'area' AND parent_id IS NULL",
                                   err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":township", s->township_id);
    return sql_update_each_audited(db, st, "station", "parent_id", s->id, now, err);
}

static void bind_station(sqlite3_stmt *st, const struct station *s, const char *now)
{
    sql_bind_text(st, ":id", s->id);
    sql_bind_text(st, ":kind", station_kind_code(s->kind));
    sql_bind_text(st, ":name", s->name);
    sql_bind_id(st, ":township", s->township_id);
    sql_bind_id(st, ":parent", s->parent_id);
    sql_bind_text(st, ":village", s->village);
    sql_bind_text(st, ":address", s->address);
    sql_bind_text(st, ":admin", s->admin_name);
    sql_bind_text(st, ":phone", s->admin_phone);
    sql_bind_text(st, ":hours", s->hours);
    sql_bind_text(st, ":note", s->note);
    sql_bind_text(st, ":now", now);
}

static enum ll_status write_station_row(struct ll_db *db, struct station *s, bool insert,
                                        const char *now, struct ll_error *err)
{
    const char *sql =
        insert ? "INSERT INTO station(id, site_id, kind, name, township_id, parent_id, village, "
                 "address, admin_name, admin_phone, hours, note, created_at, updated_at) VALUES "
                 "(:id, :site, :kind, :name, :township, :parent, :village, :address, :admin, "
                 ":phone, :hours, :note, :now, :now)"
               : "UPDATE station SET kind = :kind, name = :name, township_id = :township, "
                 "parent_id = :parent, village = :village, address = :address, admin_name = "
                 ":admin, admin_phone = :phone, hours = :hours, note = :note, updated_at = :now "
                 "WHERE id = :id AND (kind, name, township_id, coalesce(parent_id, ''), village, "
                 "address, admin_name, admin_phone, hours, note) IS NOT (:kind, :name, "
                 ":township, coalesce(:parent, ''), :village, :address, :admin, :phone, :hours, "
                 ":note)";
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    bind_station(st, s, now);
    sql_bind_text(st, ":site", db->site_id);
    return sql_run(db, st, err);
}

/* Inserts the six rows of a new station, or updates the ones that changed. */
static enum ll_status write_haves(struct ll_db *db, const struct station *s, const char *now,
                                  struct ll_error *err)
{
    for (int i = 0; i < STATION_HAVE_COUNT; i++) {
        char id[LL_ID_LEN];
        if (sql_new_id(id, err) != LL_OK)
            return err->status;
        sqlite3_stmt *st = sql_prepare(
            db,
            "INSERT INTO station_standard(id, site_id, station_id, item, done, done_date, note, "
            "created_at, updated_at) VALUES (:id, :site, :station, :item, :done, :date, :note, "
            ":now, :now) ON CONFLICT(station_id, item) DO UPDATE SET done = excluded.done, "
            "done_date = excluded.done_date, note = excluded.note, updated_at = "
            "excluded.updated_at "
            "WHERE (done, done_date, note) IS NOT (excluded.done, excluded.done_date, "
            "excluded.note)",
            err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", id);
        sql_bind_text(st, ":site", db->site_id);
        sql_bind_text(st, ":station", s->id);
        sql_bind_int(st, ":item", i);
        sql_bind_int(st, ":done", s->haves[i].done);
        sql_bind_text(st, ":date", s->haves[i].date);
        sql_bind_text(st, ":note", s->haves[i].note);
        sql_bind_text(st, ":now", now);
        if (sql_run(db, st, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

enum ll_status station_save(struct ll_db *db, struct station *s, struct ll_error *err)
{
    station_normalize(s);
    /* the parent follows from the kind and the township: whatever the caller had is replaced */
    if (derive_parent(db, s, err) != LL_OK || station_validate(db, s, err) != LL_OK)
        return err->status;
    bool insert = true;
    if (sql_is_insert(db, "station", s->id, &insert, err) != LL_OK)
        return err->status;
    bool new_id = !s->id[0];
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(s->id, err) != LL_OK)
        return err->status;
    if (db_begin(db, err) != LL_OK)
        goto undo_id;
    int before = sql_changes(db);
    if ((!insert && sql_unchanged_since(db, "station", s->id, s->updated_at, err) != LL_OK) ||
        write_station_row(db, s, insert, now, err) != LL_OK ||
        write_haves(db, s, now, err) != LL_OK ||
        audit_save(db, before, "station", s->id, insert, s->name, err) != LL_OK ||
        (!insert && release_children(db, s, now, err) != LL_OK) ||
        adopt_children(db, s, now, err) != LL_OK) {
        db_rollback(db);
        goto undo_id;
    }
    if (db_commit(db, err) != LL_OK)
        goto undo_id;
    sql_read_updated_at(db, "station", s->id, s->updated_at);
    return LL_OK;
undo_id:
    if (new_id)
        s->id[0] = '\0';
    return err ? err->status : LL_EDB;
}

#define STATION_COLUMNS                                                                            \
    "s.id, s.site_id, s.kind, s.name, s.township_id, coalesce(s.parent_id, ''), s.village, "       \
    "s.address, s.admin_name, s.admin_phone, s.hours, s.note, s.created_at, s.updated_at, "        \
    "coalesce(t.name, ''), coalesce(p.name, ''), "                                                 \
    "(SELECT count(*) FROM deputy d WHERE d.station_id = s.id), "                                  \
    "(SELECT coalesce(group_concat(item), '') FROM station_standard h "                            \
    " WHERE h.station_id = s.id AND h.done), "                                                     \
    "printf('%08d', coalesce(t.sort_order, 0)) || char(1) || (CASE s.kind WHEN 'central' THEN 0 "  \
    "WHEN 'area' THEN 1 ELSE 2 END) || char(1) || pinyin_sort_key(s.name) || char(1) || s.name "   \
    "|| char(1) || s.id AS k "                                                                     \
    "FROM station s LEFT JOIN township t ON t.id = s.township_id "                                 \
    "LEFT JOIN station p ON p.id = s.parent_id "

static void station_read(sqlite3_stmt *st, void *row)
{
    struct station *s = row;
    char kind[16], done[32];
    sql_column_text(st, 0, s->id, sizeof s->id);
    sql_column_text(st, 1, s->site_id, sizeof s->site_id);
    sql_column_text(st, 2, kind, sizeof kind);
    kind_from_code(kind, &s->kind);
    sql_column_text(st, 3, s->name, sizeof s->name);
    sql_column_text(st, 4, s->township_id, sizeof s->township_id);
    sql_column_text(st, 5, s->parent_id, sizeof s->parent_id);
    sql_column_text(st, 6, s->village, sizeof s->village);
    sql_column_text(st, 7, s->address, sizeof s->address);
    sql_column_text(st, 8, s->admin_name, sizeof s->admin_name);
    sql_column_text(st, 9, s->admin_phone, sizeof s->admin_phone);
    sql_column_text(st, 10, s->hours, sizeof s->hours);
    sql_column_text(st, 11, s->note, sizeof s->note);
    sql_column_text(st, 12, s->created_at, sizeof s->created_at);
    sql_column_text(st, 13, s->updated_at, sizeof s->updated_at);
    sql_column_text(st, 14, s->township_name, sizeof s->township_name);
    sql_column_text(st, 15, s->parent_name, sizeof s->parent_name);
    s->deputy_count = sqlite3_column_int(st, 16);
    sql_column_text(st, 17, done, sizeof done);
    s->haves_done = 0;
    for (const char *p = done; *p; p++) {
        if (*p >= '0' && *p < '0' + STATION_HAVE_COUNT) {
            s->haves[*p - '0'].done = true;
            s->haves_done++;
        }
    }
    sql_column_text(st, 18, s->sort_key, sizeof s->sort_key);
}

static enum ll_status load_haves(struct ll_db *db, struct station *s, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(
        db, "SELECT item, done, done_date, note FROM station_standard WHERE station_id = :id", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", s->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int item = sqlite3_column_int(st, 0);
        if (item < 0 || item >= STATION_HAVE_COUNT)
            continue;
        struct station_have_state *h = &s->haves[item];
        h->done = sqlite3_column_int(st, 1) != 0;
        sql_column_text(st, 2, h->date, sizeof h->date);
        sql_column_text(st, 3, h->note, sizeof h->note);
    }
    enum ll_status status = rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
    sql_done(db, st);
    return status;
}

static enum ll_status station_get_where(struct ll_db *db, const char *where,
                                        void (*bind)(sqlite3_stmt *, const void *), const void *arg,
                                        struct station *out, struct ll_error *err)
{
    char sql[2048];
    snprintf(sql, sizeof sql, "SELECT %sWHERE %s", STATION_COLUMNS, where);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    bind(st, arg);
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    if (rc == SQLITE_ROW) {
        station_init(out);
        station_read(st, out);
    } else if (rc == SQLITE_DONE) {
        status = ll_error_set(err, LL_ENOTFOUND, _("找不到这个联络站，可能已被删除。"));
    } else {
        status = sql_fail(db, err);
    }
    sql_done(db, st);
    if (status == LL_OK)
        status = load_haves(db, out, err);
    return status;
}

static void bind_id(sqlite3_stmt *st, const void *arg)
{
    sql_bind_text(st, ":id", arg);
}

enum ll_status station_get(struct ll_db *db, const char *id, struct station *out,
                           struct ll_error *err)
{
    return station_get_where(db, "s.id = :id", bind_id, id, out, err);
}

struct name_in_township {
    const char *township_id, *name;
};

static void bind_name(sqlite3_stmt *st, const void *arg)
{
    const struct name_in_township *n = arg;
    sql_bind_text(st, ":t", n->township_id ? n->township_id : "");
    sql_bind_text(st, ":name", n->name);
}

enum ll_status station_links_count(struct ll_db *db, const struct station *s,
                                   struct station_links *out, struct ll_error *err)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM volunteer WHERE station_id = :id",
        "SELECT count(*) FROM deputy_group WHERE station_id = :id",
        "SELECT count(*) FROM station WHERE parent_id = :id",
        "SELECT count(*) FROM ledger_entry WHERE station_id = :id",
        "SELECT count(*) FROM problem WHERE station_id = :id",
    };
    int *counts[] = {&out->volunteers, &out->groups, &out->area_stations, &out->ledger_entries,
                     &out->problems};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = sql_prepare(db, sql[i], err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", s->id);
        if (sql_int(db, st, counts[i], err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

enum ll_status station_count_named(struct ll_db *db, const char *name, int *count,
                                   struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT count(*) FROM station WHERE name = :name", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":name", name);
    return sql_int(db, st, count, err);
}

enum ll_status station_find(struct ll_db *db, const char *township_id, const char *name,
                            struct station *out, struct ll_error *err)
{
    struct name_in_township arg = {township_id, name};
    return station_get_where(db, "s.name = :name AND (:t = '' OR s.township_id = :t)", bind_name,
                             &arg, out, err);
}

static void bind_filter(sqlite3_stmt *st, const void *filter)
{
    const struct station_filter *f = filter;
    sql_bind_text(st, ":township", f->township_id);
    sql_bind_text(st, ":kind", f->kind >= 0 ? station_kind_code((enum station_kind)f->kind) : "");
    sql_bind_int(st, ":missing", f->missing_have);
    sql_bind_text(st, ":search", f->search);
    sql_bind_text(st, ":exclude", f->exclude_id);
}

static const char station_page_sql[] =
    "SELECT " STATION_COLUMNS
    "WHERE (:township = '' OR s.township_id = :township) AND (:kind = '' OR s.kind = :kind) "
    "AND s.id <> :exclude "
    "AND (:missing = 0 OR (SELECT count(*) FROM station_standard h WHERE h.station_id = s.id "
    "AND h.done) < 6) AND (:search = '' OR instr(s.name, :search) > 0 OR instr(s.village, "
    ":search) > 0 OR instr(s.admin_name, :search) > 0 OR pinyin_match(s.name, :search))";

/* The page query over f, or over every station when f is NULL (all is its storage). */
static struct sql_page_query station_query(const struct station_filter *f,
                                           struct station_filter *all)
{
    if (!f) {
        station_filter_init(all);
        f = all;
    }
    struct sql_page_query q = {.inner = station_page_sql,
                               .bind = bind_filter,
                               .filter = f,
                               .read = station_read,
                               .row_size = sizeof(struct station)};
    return q;
}

enum ll_status station_list(struct ll_db *db, const struct station_filter *f, enum page_dir dir,
                            const char *anchor_key, int limit, struct station *out, int *count,
                            struct ll_error *err)
{
    struct station_filter all;
    struct sql_page_query q = station_query(f, &all);
    return sql_page(db, &q, dir, anchor_key, limit, out, count, err);
}

enum ll_status station_count(struct ll_db *db, const struct station_filter *f, int *count,
                             struct ll_error *err)
{
    struct station_filter all;
    struct sql_page_query q = station_query(f, &all);
    return sql_page_count(db, &q, count, err);
}

/* What hangs on a station about to be deleted: its deputies go to move_to ("" or NULL: none),
 * its groups and area stations to nothing, its volunteers go with it (the foreign key deletes
 * them); each change audited. */
static enum ll_status release_station(struct ll_db *db, const char *id, const char *move_to,
                                      const char *now, struct ll_error *err)
{
    enum link_fate { MOVES, CLEARED, DELETED };
    static const struct {
        const char *table, *column;
        enum link_fate fate;
    } links[] = {
        {"deputy", "station_id", MOVES},
        {"deputy_group", "station_id", CLEARED},
        {"station", "parent_id", CLEARED},
        {"volunteer", "station_id", DELETED},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT id, name FROM %s WHERE %s = :id", links[i].table,
                 links[i].column);
        sqlite3_stmt *st = sql_prepare(db, sql, err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", id);
        enum ll_status status =
            links[i].fate == DELETED
                ? sql_audit_each(db, st, links[i].table, "delete", err)
                : sql_update_each_audited(db, st, links[i].table, links[i].column,
                                          links[i].fate == MOVES ? move_to : NULL, now, err);
        if (status != LL_OK)
            return status;
    }
    return LL_OK;
}

enum ll_status station_delete(struct ll_db *db, const char *id, const char *move_to,
                              struct ll_error *err)
{
    struct station s, target;
    if (station_get(db, id, &s, err) != LL_OK)
        return err->status;
    struct station_links links = {0};
    if (station_links_count(db, &s, &links, err) != LL_OK)
        return err->status;
    if (links.ledger_entries > 0 || links.problems > 0)
        return ll_error_set(err, LL_ECONFLICT,
                            _("联络站「%s」有 %d 条台账、%d 个群众反映的问题，这些记录不能丢失，"
                              "所以不能删除这个联络站。联络站撤并时，请改它的名称或备注。"),
                            s.name, links.ledger_entries, links.problems);
    if (s.deputy_count > 0 && !move_to)
        return ll_error_set(err, LL_ECONFLICT,
                            _("联络站「%s」还有 %d 名代表，请先选择他们转到哪个联络站。"), s.name,
                            s.deputy_count);
    if (move_to && move_to[0]) {
        if (strcmp(move_to, id) == 0)
            return ll_error_set(err, LL_EINVAL, _("代表不能转到将被删除的联络站本身。"));
        if (station_get(db, move_to, &target, err) != LL_OK)
            return err->status;
    }
    char now[25], summary[256];
    time_now_iso(now);
    snprintf(summary, sizeof summary, "%s (%d)", s.name, s.deputy_count);
    if (db_begin(db, err) != LL_OK)
        return err->status;
    sqlite3_stmt *st = NULL;
    if (release_station(db, id, move_to, now, err) != LL_OK ||
        !(st = sql_prepare(db, "DELETE FROM station WHERE id = :id", err)))
        goto fail;
    sql_bind_text(st, ":id", id);
    if (sql_run(db, st, err) != LL_OK ||
        audit_record(db, "station", id, "delete", summary, err) != LL_OK)
        goto fail;
    return db_commit(db, err);
fail:
    db_rollback(db);
    return err ? err->status : LL_EDB;
}
