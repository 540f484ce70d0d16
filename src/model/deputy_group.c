#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/deputy.h"
#include "lianluo/text.h"
#include "lianluo/validate.h"
#include "model/sql.h"

void deputy_group_init(struct deputy_group *g)
{
    memset(g, 0, sizeof *g);
}

enum ll_status deputy_group_validate(struct ll_db *db, const struct deputy_group *g,
                                     struct ll_error *err)
{
    (void)db;
    if (!g->name[0])
        return ll_error_field(err, "name", _("请填写代表小组名称。"));
    if (!text_field_valid(g->name, 40))
        return ll_error_field(err, "name", _("名称最多 40 个字。"));
    if (!text_field_valid(g->note, 80))
        return ll_error_field(err, "note", _("备注最多 80 个字。"));
    return LL_OK;
}

enum ll_status deputy_group_save(struct ll_db *db, struct deputy_group *g, struct ll_error *err)
{
    text_trim(g->name);
    if (deputy_group_validate(db, g, err) != LL_OK)
        return err->status;
    bool insert = true;
    if (sql_is_insert(db, "deputy_group", g->id, &insert, err) != LL_OK)
        return err->status;
    bool new_id = !g->id[0];
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(g->id, err) != LL_OK)
        return err->status;
    const char *sql = insert ? "INSERT INTO deputy_group(id, site_id, name, township_id, "
                               "station_id, note, created_at, updated_at) VALUES (:id, :site, "
                               ":name, :township, :station, :note, :now, :now)"
                             : "UPDATE deputy_group SET name = :name, township_id = :township, "
                               "station_id = :station, note = :note, updated_at = :now WHERE id "
                               "= :id AND (name, township_id, station_id, note) IS NOT (:name, "
                               ":township, :station, :note)";
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        goto fail;
    sql_bind_text(st, ":id", g->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":name", g->name);
    sql_bind_id(st, ":township", g->township_id);
    sql_bind_id(st, ":station", g->station_id);
    sql_bind_text(st, ":note", g->note);
    sql_bind_text(st, ":now", now);
    int before = sql_changes(db);
    if ((!insert && sql_unchanged_since(db, "deputy_group", g->id, g->updated_at, err) != LL_OK) ||
        sql_run(db, st, err) != LL_OK ||
        audit_save(db, before, "deputy_group", g->id, insert, g->name, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    sql_read_updated_at(db, "deputy_group", g->id, g->updated_at);
    return LL_OK;
fail:
    db_rollback(db);
fail_id:
    if (new_id)
        g->id[0] = '\0';
    return err->status;
}

#define GROUP_SELECT                                                                               \
    "SELECT g.id, g.site_id, g.name, coalesce(g.township_id, ''), coalesce(g.station_id, ''), "    \
    "g.note, coalesce(t.name, ''), coalesce(s.name, ''), "                                         \
    "(SELECT count(*) FROM deputy d WHERE d.group_id = g.id), "                                    \
    "printf('%08d', coalesce(t.sort_order, 99999999)) || char(1) || pinyin_sort_key(g.name) || "   \
    "char(1) || g.name || char(1) || g.id "                                                        \
    "AS k, g.updated_at FROM deputy_group g LEFT JOIN township t ON t.id = g.township_id "         \
    "LEFT JOIN station s ON s.id = g.station_id "

static void group_read(sqlite3_stmt *st, void *row)
{
    struct deputy_group *g = row;
    sql_column_text(st, 0, g->id, sizeof g->id);
    sql_column_text(st, 1, g->site_id, sizeof g->site_id);
    sql_column_text(st, 2, g->name, sizeof g->name);
    sql_column_text(st, 3, g->township_id, sizeof g->township_id);
    sql_column_text(st, 4, g->station_id, sizeof g->station_id);
    sql_column_text(st, 5, g->note, sizeof g->note);
    sql_column_text(st, 6, g->township_name, sizeof g->township_name);
    sql_column_text(st, 7, g->station_name, sizeof g->station_name);
    g->member_count = sqlite3_column_int(st, 8);
    sql_column_text(st, 9, g->sort_key, sizeof g->sort_key);
    sql_column_text(st, 10, g->updated_at, sizeof g->updated_at);
}

enum ll_status deputy_group_get(struct ll_db *db, const char *id, struct deputy_group *out,
                                struct ll_error *err)
{
    return sql_get_one(db, GROUP_SELECT "WHERE g.id = :id", id, group_read, out, sizeof *out,
                       _("找不到这个代表小组，可能已被删除。"), err);
}

enum ll_status deputy_group_find(struct ll_db *db, const char *township_id, const char *name,
                                 struct deputy_group *out, struct ll_error *err)
{
    sqlite3_stmt *st =
        sql_prepare(db, GROUP_SELECT "WHERE g.township_id = :township AND g.name = :name", err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":township", township_id);
    sql_bind_text(st, ":name", name);
    deputy_group_init(out);
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    if (rc == SQLITE_ROW)
        group_read(st, out);
    else if (rc == SQLITE_DONE)
        status = ll_error_set(err, LL_ENOTFOUND, _("找不到这个代表小组，可能已被删除。"));
    else
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status deputy_group_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct deputy_group g;
    if (deputy_group_get(db, id, &g, err) != LL_OK)
        return err->status;
    if (g.member_count > 0)
        return ll_error_set(err, LL_ECONFLICT,
                            _("代表小组「%s」还有 %d 名代表，请先把他们调到其他小组。"), g.name,
                            g.member_count);
    return sql_delete_audited(db, "deputy_group", id, g.name, err);
}

static void bind_township(sqlite3_stmt *st, const void *filter)
{
    sql_bind_text(st, ":township", filter ? filter : "");
}

enum ll_status deputy_group_list(struct ll_db *db, const char *township_id, enum page_dir dir,
                                 const char *anchor_key, int limit, struct deputy_group *out,
                                 int *count, struct ll_error *err)
{
    struct sql_page_query q = {.inner = GROUP_SELECT
                               "WHERE (:township = '' OR g.township_id = :township)",
                               .bind = bind_township,
                               .filter = township_id,
                               .read = group_read,
                               .row_size = sizeof(struct deputy_group)};
    return sql_page(db, &q, dir, anchor_key, limit, out, count, err);
}

enum ll_status deputy_group_count(struct ll_db *db, const char *township_id, int *count,
                                  struct ll_error *err)
{
    struct sql_page_query q = {.inner = GROUP_SELECT
                               "WHERE (:township = '' OR g.township_id = :township)",
                               .bind = bind_township,
                               .filter = township_id,
                               .read = group_read,
                               .row_size = sizeof(struct deputy_group)};
    return sql_page_count(db, &q, count, err);
}
