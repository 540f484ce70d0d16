#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/station.h"
#include "lianluo/text.h"
#include "lianluo/validate.h"
#include "model/sql.h"

void volunteer_init(struct volunteer *v)
{
    memset(v, 0, sizeof *v);
}

enum ll_status volunteer_validate(const struct volunteer *v, struct ll_error *err)
{
    if (!v->station_id[0])
        return ll_error_field(err, "station_id", _("志愿者应属于一个联络站。"));
    if (!v->name[0])
        return ll_error_field(err, "name", _("请填写志愿者姓名。"));
    if (!text_field_valid(v->name, 20))
        return ll_error_field(err, "name", _("姓名最多 20 个字。"));
    if (phone_check(v->phone, "phone", err) != LL_OK)
        return LL_EINVAL;
    if (!text_field_valid(v->note, 80))
        return ll_error_field(err, "note", _("备注最多 80 个字。"));
    return LL_OK;
}

enum ll_status volunteer_save(struct ll_db *db, struct volunteer *v, struct ll_error *err)
{
    text_trim(v->name);
    text_trim(v->phone);
    phone_normalize(v->phone);
    if (volunteer_validate(v, err) != LL_OK)
        return err->status;
    bool insert = true;
    if (sql_is_insert(db, "volunteer", v->id, &insert, err) != LL_OK)
        return err->status;
    bool new_id = !v->id[0];
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(v->id, err) != LL_OK)
        return err->status;
    const char *sql = insert ? "INSERT INTO volunteer(id, site_id, station_id, name, phone, note, "
                               "created_at, updated_at) VALUES (:id, :site, :station, :name, "
                               ":phone, :note, :now, :now)"
                             : "UPDATE volunteer SET station_id = :station, name = :name, phone = "
                               ":phone, note = :note, updated_at = :now WHERE id = :id AND "
                               "(station_id, name, phone, note) IS NOT (:station, :name, :phone, "
                               ":note)";
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":id", v->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":station", v->station_id);
    sql_bind_text(st, ":name", v->name);
    sql_bind_text(st, ":phone", v->phone);
    sql_bind_text(st, ":note", v->note);
    sql_bind_text(st, ":now", now);
    int before = sql_changes(db);
    if ((!insert && sql_unchanged_since(db, "volunteer", v->id, v->updated_at, err) != LL_OK) ||
        sql_run(db, st, err) != LL_OK ||
        audit_save(db, before, "volunteer", v->id, insert, v->name, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    sql_read_updated_at(db, "volunteer", v->id, v->updated_at);
    return LL_OK;
fail:
    db_rollback(db);
fail_id:
    if (new_id)
        v->id[0] = '\0';
    return err->status;
}

#define VOLUNTEER_SELECT                                                                           \
    "SELECT id, site_id, station_id, name, phone, note, pinyin_name_key(name) || char(1) || name " \
    "|| char(1) || id AS k, updated_at FROM volunteer "

static void volunteer_read(sqlite3_stmt *st, void *row)
{
    struct volunteer *v = row;
    sql_column_text(st, 0, v->id, sizeof v->id);
    sql_column_text(st, 1, v->site_id, sizeof v->site_id);
    sql_column_text(st, 2, v->station_id, sizeof v->station_id);
    sql_column_text(st, 3, v->name, sizeof v->name);
    sql_column_text(st, 4, v->phone, sizeof v->phone);
    sql_column_text(st, 5, v->note, sizeof v->note);
    sql_column_text(st, 6, v->sort_key, sizeof v->sort_key);
    sql_column_text(st, 7, v->updated_at, sizeof v->updated_at);
}

enum ll_status volunteer_get(struct ll_db *db, const char *id, struct volunteer *out,
                             struct ll_error *err)
{
    return sql_get_one(db, VOLUNTEER_SELECT "WHERE id = :id", id, volunteer_read, out, sizeof *out,
                       _("找不到这名志愿者，可能已被删除。"), err);
}

enum ll_status volunteer_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct volunteer v;
    if (volunteer_get(db, id, &v, err) != LL_OK)
        return err->status;
    return sql_delete_audited(db, "volunteer", id, v.name, err);
}

static void bind_station_id(sqlite3_stmt *st, const void *filter)
{
    sql_bind_text(st, ":station", filter);
}

/* A station's volunteers, as the list pages them. */
static struct sql_page_query station_volunteers(const char *station_id)
{
    return (struct sql_page_query){.inner = VOLUNTEER_SELECT "WHERE station_id = :station",
                                   .bind = bind_station_id,
                                   .filter = station_id,
                                   .read = volunteer_read,
                                   .row_size = sizeof(struct volunteer)};
}

enum ll_status volunteer_list(struct ll_db *db, const char *station_id, enum page_dir dir,
                              const char *anchor_key, int limit, struct volunteer *out, int *count,
                              struct ll_error *err)
{
    struct sql_page_query q = station_volunteers(station_id);
    return sql_page(db, &q, dir, anchor_key, limit, out, count, err);
}

enum ll_status volunteer_count(struct ll_db *db, const char *station_id, int *count,
                               struct ll_error *err)
{
    struct sql_page_query q = station_volunteers(station_id);
    return sql_page_count(db, &q, count, err);
}
