/* `sync import`: check a package whole, show what it changes, apply it (see lianluo/sync.h).
 *
 * Order of checks, each before the next: the frame's structure; the pairing its key id names;
 * the tag (HMAC-SHA256); the receiver, the sender, the schema version and the sequence number.
 * Only then does the payload reach SQLite, which walks it once to check every change: a synced
 * table, the same columns and key as here (sqlite3changeset_apply would skip a table whose
 * columns differ, silently, and return OK), the count the frame announced, and that the sender
 * may change the record (for a change or a deletion, as the record is here now; for a new or
 * changed record, as it is after the changes, checked before the transaction commits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "model/sync_import_internal.h"

#define PACKAGE_MAX (512L * 1024 * 1024)

enum ll_status sync_no_memory(struct ll_error *err)
{
    return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
}

int sync_table_index(const char *name)
{
    const struct sync_table *t = sync_table_named(name);
    return t ? (int)(t - sync_tables) : -1;
}

/* Column i of the change: its new value (for an insert, or a changed column), else its old. */
sqlite3_value *sync_change_value(sqlite3_changeset_iter *it, int op, int i)
{
    sqlite3_value *v = NULL;
    if (op != SQLITE_DELETE && sqlite3changeset_new(it, i, &v) == SQLITE_OK && v)
        return v;
    v = NULL;
    if (op != SQLITE_INSERT && sqlite3changeset_old(it, i, &v) == SQLITE_OK)
        return v;
    return NULL;
}

void sync_bind_values(sqlite3_stmt *st, sqlite3_value *const *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i])
            sqlite3_bind_value(st, i + 1, v[i]);
}

void sync_key_json(const struct table_meta *m, sqlite3_value *const *v, char *buf, size_t size)
{
    snprintf(buf, size, "[");
    for (int i = 0, first = 1; i < m->ncol; i++)
        if (m->pk[i]) {
            if (!first)
                snprintf(buf + strlen(buf), size - strlen(buf), ",");
            json_append_value(buf, size, v[i]);
            first = 0;
        }
    snprintf(buf + strlen(buf), size - strlen(buf), "]");
}

/* What the record is, for the user: from the row here when there is one, else from values
 * (values first when they are the whole record as it will be). */
void sync_describe_as(struct sync_import *imp, int t, sqlite3_value *const *v, bool values_first,
                      char *out, size_t size)
{
    const struct table_meta *m = &imp->meta[t];
    char where[1024], sql[4096];
    out[0] = '\0';
    table_meta_where_pk(m, "r", where, sizeof where);
    for (int pass = 0; pass < 2 && !out[0]; pass++) {
        if (pass == (values_first ? 1 : 0))
            snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" AS r WHERE %s", m->rule->display,
                     m->rule->name, where);
        else {
            char row[3072];
            table_meta_values_row(m, row, sizeof row);
            snprintf(sql, sizeof sql, "SELECT %s FROM (%s) AS r", m->rule->display, row);
        }
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(imp->db->h, sql, -1, &st, NULL) == SQLITE_OK) {
            sync_bind_values(st, v, m->ncol);
            if (sqlite3_step(st) == SQLITE_ROW)
                sql_column_text(st, 0, out, size);
        }
        sql_done(imp->db, st);
    }
}

void sync_describe(struct sync_import *imp, int t, sqlite3_value *const *v, char *out, size_t size)
{
    sync_describe_as(imp, t, v, false, out, size);
}

/* A change as the record will be: for an update, the row here with the changed columns
 * replaced (st, when not NULL, holds the row and is finalized by the caller). */
static void describe_change(struct sync_import *imp, int t, int op, sqlite3_changeset_iter *it,
                            char *out, size_t size)
{
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *v[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        v[i] = sync_change_value(it, op, i);
    sqlite3_stmt *st = NULL;
    if (op == SQLITE_UPDATE) {
        char cols[2048], where[1024], sql[4096];
        table_meta_columns(m, "", cols, sizeof cols);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", cols, m->rule->name,
                 where);
        if (sqlite3_prepare_v2(imp->db->h, sql, -1, &st, NULL) == SQLITE_OK) {
            sync_bind_values(st, v, m->ncol);
            if (sqlite3_step(st) == SQLITE_ROW)
                for (int i = 0; i < m->ncol; i++) {
                    sqlite3_value *n = NULL;
                    if (sqlite3changeset_new(it, i, &n) != SQLITE_OK || !n)
                        v[i] = sqlite3_column_value(st, i);
                }
        }
    }
    sync_describe_as(imp, t, v, true, out, size);
    sql_done(imp->db, st);
}

/* Whether the row with this key here satisfies cond (*exists false: there is none). */
enum ll_status sync_row_in_scope(struct sync_import *imp, int t, sqlite3_value *const *v,
                                 const char *cond, bool *exists, bool *inside, struct ll_error *err)
{
    const struct table_meta *m = &imp->meta[t];
    char where[1024], sql[4096];
    table_meta_where_pk(m, "r", where, sizeof where);
    /* the key's ?N come before the condition's :t and :s in the text, so that the named
     * parameters are numbered after them (SQLite numbers a name after the largest ?N so far) */
    snprintf(sql, sizeof sql,
             "SELECT EXISTS (SELECT 1 FROM main.\"%s\" AS r WHERE %s), "
             "EXISTS (SELECT 1 FROM main.\"%s\" AS r WHERE %s AND (%s))",
             m->rule->name, where, m->rule->name, where, cond);
    sqlite3_stmt *st = sql_prepare(imp->db, sql, err);
    if (!st)
        return err->status;
    sync_bind_values(st, v, m->ncol);
    sync_scope_bind(st, &imp->scope);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    *inside = *exists && sqlite3_column_int(st, 1) != 0;
    sql_done(imp->db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(imp->db, err);
}

static const char *op_word(int op)
{
    return op == SQLITE_INSERT ? _("新增") : op == SQLITE_UPDATE ? _("修改") : _("删除");
}

void sync_violation(struct sync_import *imp, struct violations *vs, int t, int op,
                    sqlite3_value *const *v)
{
    if (vs->count++ >= VIOLATIONS_SHOWN)
        return;
    char what[200];
    sync_describe(imp, t, v, what, sizeof what);
    size_t n = strlen(vs->text);
    snprintf(vs->text + n, sizeof vs->text - n, "%s%s %s「%s」", n ? "；" : "", op_word(op),
             _(sync_tables[t].label), what);
}

/* May the sender make this change, as far as the change itself tells (table, operation,
 * columns)? */
static bool change_allowed(const struct sync_import *imp, int t, int op, sqlite3_changeset_iter *it)
{
    const struct sync_table *rule = &sync_tables[t];
    if (imp->scope.kind != SCOPE_STATION)
        return true;
    if (strcmp(rule->station_changes, "0") == 0)
        return false;
    if (!rule->station_columns)
        return true;
    if (op != SQLITE_UPDATE)
        return false;
    char allowed[256];
    snprintf(allowed, sizeof allowed, " %s ", rule->station_columns);
    for (int i = 0; i < imp->meta[t].ncol; i++) {
        sqlite3_value *v = NULL;
        char word[40];
        snprintf(word, sizeof word, " %s ", imp->meta[t].col[i]);
        if (sqlite3changeset_new(it, i, &v) == SQLITE_OK && v && !imp->meta[t].pk[i] &&
            !strstr(allowed, word))
            return false;
    }
    return true;
}

/* The walk before anything is applied: structure, counts, and what the sender may change. */
bool sync_grow(void **arr, int *cap, int n, size_t item);

/* Keys seen in the package, "table:[key]" each, to find one named twice. */
static enum ll_status remember_key(struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    sync_key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
    int lo = 0, hi = imp->nseen; /* sorted: a binary search, then an insertion */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(imp->seen[mid], buf);
        if (c == 0)
            return LL_EINVAL;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!sync_grow((void **)&imp->seen, &imp->cap_seen, imp->nseen, sizeof *imp->seen))
        return LL_ENOMEM;
    char *copy = strdup(buf);
    if (!copy)
        return LL_ENOMEM;
    memmove(imp->seen + lo + 1, imp->seen + lo, (size_t)(imp->nseen - lo) * sizeof *imp->seen);
    imp->seen[lo] = copy;
    imp->nseen++;
    return LL_OK;
}

static enum ll_status check_changes(struct sync_import *imp, struct ll_error *err)
{
    sqlite3_changeset_iter *it;
    struct violations vs = {0};
    int count = 0;
    if (imp->f.payload_len > 0 &&
        sqlite3changeset_start(&it, (int)imp->f.payload_len, (void *)imp->f.payload) != SQLITE_OK)
        return ll_error_set(err, LL_EINVAL, _("同步包的内容无法读取。"));
    int rc = SQLITE_DONE;
    while (imp->f.payload_len > 0 && (rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *table;
        int ncol, op, indirect;
        unsigned char *pk;
        int npk;
        sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
        sqlite3changeset_pk(it, &pk, &npk);
        int t = sync_table_index(table);
        if (t < 0) {
            /* the name belongs to the iterator: said before it is finalized */
            ll_error_set(err, LL_EINVAL, _("同步包中有本程序不同步的表「%s」，整个包未导入。"),
                         table);
            sqlite3changeset_finalize(it);
            return LL_EINVAL;
        }
        const struct table_meta *m = &imp->meta[t];
        bool same = ncol == m->ncol;
        for (int i = 0; same && i < ncol; i++)
            same = (pk[i] != 0) == (m->pk[i] != 0);
        if (!same) {
            sqlite3changeset_finalize(it);
            return ll_error_set(err, LL_EINVAL,
                                _("同步包中「%s」的结构（%d 列）与本机（%d 列）不同：两边的 "
                                  "lianluo 版本不一致。整个包未导入，请把两边升级到同一版本。"),
                                _(sync_tables[t].label), ncol, m->ncol);
        }
        count++;
        struct sync_kind_count *k = &imp->preview.kinds[t];
        snprintf(k->label, sizeof k->label, "%s", _(sync_tables[t].label));
        k->inserts += op == SQLITE_INSERT;
        k->updates += op == SQLITE_UPDATE;
        k->deletes += op == SQLITE_DELETE;
        sqlite3_value *v[SYNC_MAX_COLS] = {0};
        for (int i = 0; i < ncol; i++)
            v[i] = sync_change_value(it, op, i);
        if (!change_allowed(imp, t, op, it)) {
            sync_violation(imp, &vs, t, op, v);
            continue;
        }
        sqlite3_value *key[SYNC_MAX_COLS] = {0};
        for (int i = 0; i < ncol; i++)
            if (m->pk[i])
                key[i] = v[i];
        /* a changeset names a record once: a second change to it would escape the checks
         * made on the first */
        enum ll_status seen = remember_key(imp, t, key);
        if (seen != LL_OK) {
            sqlite3changeset_finalize(it);
            if (seen == LL_ENOMEM)
                return sync_no_memory(err);
            return ll_error_set(err, LL_EINVAL,
                                _("同步包中同一条记录出现了两次（%s），这不是 lianluo 制作的包，"
                                  "整个包未导入。"),
                                _(sync_tables[t].label));
        }
        /* a new record, or one here already (an insert on it would overwrite it): as it is here
         * now, it must be the sender's to change */
        bool exists, inside;
        if (sync_row_in_scope(imp, t, key, sync_scope_cond(m->rule, &imp->scope, true), &exists,
                              &inside, err) != LL_OK) {
            sqlite3changeset_finalize(it);
            return err->status;
        }
        if (exists && !inside)
            sync_violation(imp, &vs, t, op, key);
    }
    if (imp->f.payload_len > 0 && sqlite3changeset_finalize(it) != SQLITE_OK)
        rc = SQLITE_CORRUPT;
    if (rc != SQLITE_DONE || count != (int)imp->f.changes)
        return ll_error_set(err, LL_EINVAL,
                            _("同步包的内容与包头不符（包头说 %u 处修改，读到 %d 处），整个包未"
                              "导入。"),
                            imp->f.changes, count);
    imp->preview.changes = count;
    for (int t = 0; t < SYNC_TABLE_COUNT; t++)
        imp->preview.nkinds = imp->preview.kinds[t].label[0] ? t + 1 : imp->preview.nkinds;
    if (vs.count)
        return ll_error_set(err, LL_ECONFLICT,
                            _("同步包中有 %d 处修改超出了发送方（%s）可以改动的范围，整个包未"
                              "导入：%s%s"),
                            vs.count,
                            imp->peer.pub.name[0] ? imp->peer.pub.name : imp->f.sender_name,
                            vs.text, vs.count > VIOLATIONS_SHOWN ? _("……") : "");
    return LL_OK;
}

enum ll_status sync_each_change(struct sync_import *imp, change_fn fn, void *ctx,
                                struct ll_error *err)
{
    sqlite3_changeset_iter *it;
    if (imp->f.payload_len == 0 ||
        sqlite3changeset_start(&it, (int)imp->f.payload_len, (void *)imp->f.payload) != SQLITE_OK)
        return LL_OK;
    enum ll_status st = LL_OK;
    while (st == LL_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
        const char *table;
        int ncol, op, indirect;
        sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
        st = fn(imp, sync_table_index(table), op, it, ctx, err);
    }
    sqlite3changeset_finalize(it);
    return st;
}

static enum ll_status read_package(const char *path, unsigned char **buf, size_t *len,
                                   struct ll_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ll_error_set(err, LL_ENOTFOUND, _("无法打开同步包 %s。"), path);
    unsigned char *b = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= (size_t)PACKAGE_MAX) {
                free(b);
                fclose(f);
                return ll_error_set(err, LL_EINVAL, _("%s 太大，不是同步包。"), path);
            }
            cap = cap ? cap * 2 : 65536;
            unsigned char *nb = realloc(b, cap);
            if (!nb) {
                free(b);
                fclose(f);
                return sync_no_memory(err);
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return ll_error_set(err, LL_EIO, _("读取 %s 失败。"), path);
    }
    *buf = b;
    *len = n;
    return LL_OK;
}

/* Records a package that was refused, and why (in its own transaction). */
void sync_record_refusal(struct sync_import *imp, const char *why)
{
    char now[25];
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(imp->db,
                                   "INSERT INTO sync_history(peer_id, direction, seq, at, "
                                   "operator, file, summary) VALUES (:peer, 'refused', :seq, :at, "
                                   ":op, :file, :why)",
                                   NULL);
    if (!st)
        return;
    sql_bind_text(st, ":peer", imp->peer.pub.id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), (long long)imp->f.seq);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":op", imp->db->operator_name);
    sql_bind_text(st, ":file", imp->path);
    sql_bind_text(st, ":why", why);
    sql_run(imp->db, st, NULL);
}

/* Who sent it, to whom, in which order, from which schema: refusals with their reasons. */
static enum ll_status check_frame(struct sync_import *imp, struct ll_error *err)
{
    struct sync_frame *f = &imp->f;
    struct peer_row *p = &imp->peer;
    if (f->receiver[0] && strcmp(f->receiver, db_site_id(imp->db)) != 0)
        return ll_error_set(err, LL_EINVAL,
                            _("这个包是「%s」发给另一台电脑的，不是给本机的，没有导入。"),
                            f->sender_name);
    if (p->pub.site_id[0] && strcmp(p->pub.site_id, f->sender) != 0)
        return ll_error_set(err, LL_EINVAL,
                            _("这个包来自另一台电脑，不是与本机配对的「%s」，没有导入。"),
                            p->pub.name);
    if (f->schema > (uint32_t)db_schema_version())
        return ll_error_set(err, LL_ENEWER,
                            _("这个包由更新版本的 lianluo 制作（数据格式第 %u 版，本机第 %d "
                              "版），没有导入：请先升级本机的 lianluo。"),
                            f->schema, db_schema_version());
    /* a package of a version up to this program's since the synced tables last changed is
     * theirs too (an older lianluo writes its own version) */
    if (f->schema < (uint32_t)LL_SYNC_FORMAT)
        return ll_error_set(err, LL_EINVAL,
                            _("这个包由较旧版本的 lianluo 制作（数据格式第 %u 版，本机第 %d "
                              "版），没有导入：请先升级「%s」的 lianluo，再让它重新导出。"),
                            f->schema, db_schema_version(), f->sender_name);
    long long seq = (long long)f->seq;
    if (seq == p->pub.in_seq && p->has_in_tag &&
        memcmp(p->in_tag, imp->buf + imp->len - SYNC_TAG_LEN, SYNC_TAG_LEN) == 0) {
        imp->preview.replay = true;
        return LL_OK;
    }
    if (seq <= p->pub.in_seq)
        return ll_error_set(err, LL_EINVAL,
                            _("这是「%s」的第 %lld 号包，本机已导入到第 %lld 号：这是旧包，没有"
                              "导入。请用最新导出的包。"),
                            f->sender_name, seq, p->pub.in_seq);
    if (seq > p->pub.in_seq + 1)
        return ll_error_set(
            err, LL_EINVAL,
            _("这是「%s」的第 %lld 号包，但本机只导入到第 %lld 号：中间的包还"
              "没有导入（包要按顺序导入）。请先导入第 %lld 号包；丢失了可请对方在同步收发记录中"
              "把它重新写出。"),
            f->sender_name, seq, p->pub.in_seq, p->pub.in_seq + 1);
    return LL_OK;
}

/* Whether the tag at the end of buf verifies with the key of one of this site's pairings. */
static bool any_key_verifies(struct ll_db *db, const unsigned char *buf, size_t len)
{
    sqlite3_stmt *st = sql_prepare(db, "SELECT auth_key FROM sync_peer", NULL);
    bool ok = false;
    while (st && !ok && sqlite3_step(st) == SQLITE_ROW)
        ok = sqlite3_column_bytes(st, 0) == SYNC_KEY_LEN &&
             sync_frame_verify(buf, len, sqlite3_column_blob(st, 0), NULL) == LL_OK;
    sql_done(db, st);
    return ok;
}

/* A well-formed package whose key no pairing here has: why, as far as its (unchecked) header
 * can tell. */
static enum ll_status not_for_here(struct sync_import *imp, struct ll_error *err)
{
    const struct sync_frame *f = &imp->f;
    if (strcmp(f->sender, db_site_id(imp->db)) == 0)
        return ll_error_set(err, LL_EINVAL,
                            _("这是本机自己导出的同步包（发给别的站点的），不用在本机导入。"));
    if (f->receiver[0] && strcmp(f->receiver, db_site_id(imp->db)) != 0)
        return ll_error_set(err, LL_EINVAL,
                            _("这个包是「%s」发给另一台电脑的，不是给本机的，没有导入。"),
                            f->sender_name);
    if (any_key_verifies(imp->db, imp->buf, imp->len))
        return ll_error_set(err, LL_EINVAL,
                            _("同步包的校验码不对：文件在复制中损坏、被改动过。没有导入任何数据，"
                              "请让对方重新导出。"));
    return ll_error_set(err, LL_EINVAL,
                        _("这个包（自称来自「%s」）不是给本机的，没有导入：可能是发给别的站点的，"
                          "或本机与它配对时输入的配对码有误（请核对；必要时请上级重新生成配对码，"
                          "再删除本机的配对重新输入），也可能文件已损坏。"),
                        f->sender_name);
}

/* A station PC takes its first package only into a database with no township or station of
 * its own making: their ids are not the township's, and could never be merged with its. */
static enum ll_status check_first_package(struct sync_import *imp, struct ll_error *err)
{
    const struct peer_row *p = &imp->peer;
    if (!p->pub.upper || p->pub.role != SITE_TOWNSHIP || p->pub.in_seq != 0)
        return LL_OK;
    int own = 0;
    sqlite3_stmt *q = sql_prepare(imp->db,
                                  "SELECT (SELECT count(*) FROM station WHERE site_id = :me) + "
                                  "(SELECT count(*) FROM township WHERE site_id = :me)",
                                  err);
    if (q)
        sql_bind_text(q, ":me", db_site_id(imp->db));
    if (!q || sql_int(imp->db, q, &own, err) != LL_OK)
        return err->status;
    if (own == 0)
        return LL_OK;
    return ll_error_set(
        err, LL_ECONFLICT,
        _("这台电脑的数据库里已有本机自己建立的乡镇或联络站记录（%d 个），乡镇的第一个包没有导入："
          "这些记录的编号不是乡镇的，无法与乡镇的记录合在一起。请用一个新的数据库文件（如 "
          "lianluo --db 新文件）重新配对并导入这个包；原来的台账请交乡镇录入或导出后保存。"),
        own);
}

enum ll_status sync_import_open(struct ll_db *db, const char *path, struct sync_import **out,
                                struct ll_error *err)
{
    *out = NULL;
    struct sync_import *imp = calloc(1, sizeof *imp);
    if (!imp)
        return sync_no_memory(err);
    imp->db = db;
    snprintf(imp->path, sizeof imp->path, "%s", path);
    enum ll_status st = read_package(path, &imp->buf, &imp->len, err);
    if (st == LL_OK) {
        st = sync_frame_parse(imp->buf, imp->len, &imp->f, err);
        /* a package of another format version is told apart from a damaged one by its tag,
         * which every version keeps at the end */
        if (st != LL_OK && sync_frame_version(imp->buf, imp->len) > 1 &&
            !any_key_verifies(db, imp->buf, imp->len))
            st = ll_error_set(err, LL_EINVAL,
                              _("同步包的校验码不对：文件在复制中损坏、被改动过，或不是与本机配对"
                                "的站点制作的。没有导入任何数据，请让对方重新导出。"));
    }
    if (st == LL_OK && peer_row_by_key_id(db, imp->f.key_id, &imp->peer, err) != LL_OK)
        st = not_for_here(imp, err);
    if (st == LL_OK)
        st = sync_frame_verify(imp->buf, imp->len, imp->peer.key, err);
    if (st != LL_OK) {
        /* a file that could be read but is not a package for here: said, and kept in the
         * history (without a sender: nothing in it can be trusted) */
        if (imp->buf) {
            memset(&imp->peer, 0, sizeof imp->peer);
            imp->f.seq = 0;
            sync_record_refusal(imp, err->msg);
        }
        sync_import_free(imp);
        return st;
    }
    /* authenticated from here on; and the changeset whole before SQLite reads it */
    uint32_t counted = 0;
    if (st == LL_OK)
        st = sync_changeset_check(imp->f.payload, imp->f.payload_len, &counted, err);
    if (st == LL_OK && counted != imp->f.changes)
        st = ll_error_set(err, LL_EINVAL,
                          _("同步包的内容与包头不符（包头说 %u 处修改，读到 %u 处），整个包未"
                            "导入。"),
                          imp->f.changes, counted);
    if (st != LL_OK) {
        sync_record_refusal(imp, err->msg);
        sync_import_free(imp);
        return st;
    }
    imp->preview.seq = (long long)imp->f.seq;
    snprintf(imp->preview.made_at, sizeof imp->preview.made_at, "%s", imp->f.made_at);
    struct peer_row *p = &imp->peer;
    if (p->pub.upper && imp->f.receiver_scope[0]) {
        /* the upper site says what this site is */
        snprintf(p->pub.role == SITE_COUNTY ? p->township_id : p->station_id, LL_ID_LEN, "%s",
                 imp->f.receiver_scope);
    }
    st = check_frame(imp, err);
    if (st == LL_OK && !imp->preview.replay)
        st = check_first_package(imp, err);
    for (int t = 0; st == LL_OK && t < SYNC_TABLE_COUNT; t++)
        st = table_meta_read(db, &sync_tables[t], &imp->meta[t], err);
    if (st == LL_OK)
        st = peer_change_scope(db, p, &imp->scope, err);
    if (st == LL_OK && !imp->preview.replay)
        st = check_changes(imp, err);
    imp->preview.peer = p->pub;
    if (!imp->preview.peer.name[0])
        snprintf(imp->preview.peer.name, sizeof imp->preview.peer.name, "%s", imp->f.sender_name);
    if (st != LL_OK) {
        sync_record_refusal(imp, err->msg);
        sync_import_free(imp);
        return st;
    }
    *out = imp;
    return LL_OK;
}

const struct sync_preview *sync_import_preview(const struct sync_import *imp)
{
    return &imp->preview;
}

struct records_ctx {
    void (*cb)(void *ctx, const char *line);
    void *ctx;
    int left;
};

static enum ll_status record_line(struct sync_import *imp, int t, int op,
                                  sqlite3_changeset_iter *it, void *ctx, struct ll_error *err)
{
    (void)err;
    struct records_ctx *r = ctx;
    if (r->left-- <= 0)
        return LL_ENOTFOUND; /* enough: stop */
    char what[200], line[320];
    describe_change(imp, t, op, it, what, sizeof what);
    snprintf(line, sizeof line, "%s %s %s", op_word(op), _(sync_tables[t].label), what);
    r->cb(r->ctx, line);
    return LL_OK;
}

enum ll_status sync_import_records(struct sync_import *imp, int limit,
                                   void (*cb)(void *ctx, const char *line), void *ctx,
                                   struct ll_error *err)
{
    struct records_ctx r = {cb, ctx, limit};
    if (!imp->preview.replay)
        sync_each_change(imp, record_line, &r, err);
    return LL_OK;
}

void sync_version_free(struct version *v)
{
    for (int i = 0; i < SYNC_MAX_COLS; i++)
        sqlite3_value_free(v->v[i]);
    memset(v->v, 0, sizeof v->v);
}

bool sync_grow(void **arr, int *cap, int n, size_t item)
{
    if (n < *cap)
        return true;
    int ncap = *cap ? *cap * 2 : 16;
    void *na = realloc(*arr, (size_t)ncap * item);
    if (!na)
        return false;
    *arr = na;
    *cap = ncap;
    return true;
}

const char *sync_value_text(sqlite3_value *v)
{
    const char *s = v ? (const char *)sqlite3_value_text(v) : NULL;
    return s ? s : "";
}

void sync_import_free(struct sync_import *imp)
{
    if (!imp)
        return;
    for (int k = 0; k < imp->nconflicts; k++) {
        sync_version_free(&imp->conflicts[k].key);
        sync_version_free(&imp->conflicts[k].other);
    }
    for (int k = 0; k < imp->noverwrites; k++)
        sync_version_free(&imp->overwrites[k]);
    for (int k = 0; k < imp->nomitted; k++)
        free(imp->omitted[k]);
    for (int k = 0; k < imp->nbefore; k++) {
        free(imp->before[k].key);
        free(imp->before[k].row);
        free(imp->before[k].children);
    }
    free(imp->before);
    for (int k = 0; k < imp->nseen; k++)
        free(imp->seen[k]);
    free(imp->seen);
    free(imp->conflicts);
    free(imp->overwrites);
    free(imp->omitted);
    free(imp->buf);
    free(imp);
}

bool sync_package_peek(struct ll_db *db, const char *path, struct sync_package_info *out)
{
    memset(out, 0, sizeof *out);
    unsigned char *buf = NULL;
    size_t len = 0;
    struct sync_frame f;
    struct peer_row p;
    if (read_package(path, &buf, &len, NULL) != LL_OK)
        return false;
    bool ok = sync_frame_parse(buf, len, &f, NULL) == LL_OK;
    if (ok) {
        out->seq = (long long)f.seq;
        snprintf(out->sender_name, sizeof out->sender_name, "%s", f.sender_name);
        snprintf(out->made_at, sizeof out->made_at, "%s", f.made_at);
        if (peer_row_by_key_id(db, f.key_id, &p, NULL) == LL_OK &&
            strcmp(f.sender, db_site_id(db)) != 0 &&
            (!f.receiver[0] || strcmp(f.receiver, db_site_id(db)) == 0)) {
            out->for_here = true;
            out->imported = out->seq <= p.pub.in_seq;
        }
    }
    free(buf);
    return ok;
}
