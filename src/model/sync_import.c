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
#include "model/sync_internal.h"

#define PACKAGE_MAX      (512L * 1024 * 1024)
#define VIOLATIONS_SHOWN 5

/* A version of a record kept aside: the values of its columns (NULL: not known). */
struct version {
    int table;
    sqlite3_value *v[SYNC_MAX_COLS];
    int conflict; /* an overwrite: the conflict listed for it, or -1 */
};

struct conflict_rec {
    struct version key;   /* the key columns */
    struct version other; /* the version not kept */
    const char *kind;
    bool kept_here;
    bool other_deleted;
};

/* A record as it was here before the package: kept when a change is about to replace a
 * version still listed in a conflict, or to delete the records that hang from it. */
struct before {
    int table;
    char *key;      /* JSON, as sync_conflict.record_key */
    char *row;      /* JSON of the row, when it had an open conflict; else NULL */
    char *children; /* JSON of its children, when it is deleted; else NULL */
    bool back;      /* deleted here, listed, and the package brings it back */
};

struct sync_import {
    struct ll_db *db;
    unsigned char *buf;
    size_t len;
    char path[4096];
    struct sync_frame f;
    struct peer_row peer;    /* with the scope the package assigns this site */
    struct sync_scope scope; /* what the sender may change here */
    struct table_meta meta[SYNC_TABLE_COUNT];
    struct sync_preview preview;
    /* while applying */
    struct conflict_rec *conflicts;
    int nconflicts, cap_conflicts;
    struct version *overwrites; /* an insert that wins over the row here */
    int noverwrites, cap_overwrites;
    char **omitted; /* keys of the changes left out (this site's version kept) */
    int nomitted, cap_omitted;
    struct before *before; /* rows as they were here, for what the changes may take away */
    int nbefore, cap_before;
    char **seen; /* the package's keys, sorted */
    int nseen, cap_seen;
    int unchanged, merged, fk_violations;
};

static enum ll_status oom(struct ll_error *err)
{
    return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
}

static int table_index(const char *name)
{
    const struct sync_table *t = sync_table_named(name);
    return t ? (int)(t - sync_tables) : -1;
}

/* Column i of the change: its new value (for an insert, or a changed column), else its old. */
static sqlite3_value *change_value(sqlite3_changeset_iter *it, int op, int i)
{
    sqlite3_value *v = NULL;
    if (op != SQLITE_DELETE && sqlite3changeset_new(it, i, &v) == SQLITE_OK && v)
        return v;
    v = NULL;
    if (op != SQLITE_INSERT && sqlite3changeset_old(it, i, &v) == SQLITE_OK)
        return v;
    return NULL;
}

static void bind_values(sqlite3_stmt *st, sqlite3_value *const *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i])
            sqlite3_bind_value(st, i + 1, v[i]);
}

static void key_json(const struct table_meta *m, sqlite3_value *const *v, char *buf, size_t size)
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
static void describe_as(struct sync_import *imp, int t, sqlite3_value *const *v, bool values_first,
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
            bind_values(st, v, m->ncol);
            if (sqlite3_step(st) == SQLITE_ROW)
                sql_column_text(st, 0, out, size);
        }
        sqlite3_finalize(st);
    }
}

static void describe(struct sync_import *imp, int t, sqlite3_value *const *v, char *out,
                     size_t size)
{
    describe_as(imp, t, v, false, out, size);
}

/* A change as the record will be: for an update, the row here with the changed columns
 * replaced (st, when not NULL, holds the row and is finalized by the caller). */
static void describe_change(struct sync_import *imp, int t, int op, sqlite3_changeset_iter *it,
                            char *out, size_t size)
{
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *v[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        v[i] = change_value(it, op, i);
    sqlite3_stmt *st = NULL;
    if (op == SQLITE_UPDATE) {
        char cols[2048], where[1024], sql[4096];
        table_meta_columns(m, "", cols, sizeof cols);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", cols, m->rule->name,
                 where);
        if (sqlite3_prepare_v2(imp->db->h, sql, -1, &st, NULL) == SQLITE_OK) {
            bind_values(st, v, m->ncol);
            if (sqlite3_step(st) == SQLITE_ROW)
                for (int i = 0; i < m->ncol; i++) {
                    sqlite3_value *n = NULL;
                    if (sqlite3changeset_new(it, i, &n) != SQLITE_OK || !n)
                        v[i] = sqlite3_column_value(st, i);
                }
        }
    }
    describe_as(imp, t, v, true, out, size);
    sqlite3_finalize(st);
}

/* Whether the row with this key here satisfies cond (*exists false: there is none). */
static enum ll_status row_in_scope(struct sync_import *imp, int t, sqlite3_value *const *v,
                                   const char *cond, bool *exists, bool *inside,
                                   struct ll_error *err)
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
    bind_values(st, v, m->ncol);
    sync_scope_bind(st, &imp->scope);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    *inside = *exists && sqlite3_column_int(st, 1) != 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(imp->db, err);
}

static const char *op_word(int op)
{
    return op == SQLITE_INSERT ? _("新增") : op == SQLITE_UPDATE ? _("修改") : _("删除");
}

/* Collects what the sender may not change, for one message naming the records. */
struct violations {
    int count;
    char text[1024];
};

static void violation(struct sync_import *imp, struct violations *vs, int t, int op,
                      sqlite3_value *const *v)
{
    if (vs->count++ >= VIOLATIONS_SHOWN)
        return;
    char what[200];
    describe(imp, t, v, what, sizeof what);
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
static bool grow(void **arr, int *cap, int n, size_t item);

/* Keys seen in the package, "table:[key]" each, to find one named twice. */
static enum ll_status remember_key(struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
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
    if (!grow((void **)&imp->seen, &imp->cap_seen, imp->nseen, sizeof *imp->seen))
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
        int t = table_index(table);
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
            v[i] = change_value(it, op, i);
        if (!change_allowed(imp, t, op, it)) {
            violation(imp, &vs, t, op, v);
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
                return oom(err);
            return ll_error_set(err, LL_EINVAL,
                                _("同步包中同一条记录出现了两次（%s），这不是 lianluo 制作的包，"
                                  "整个包未导入。"),
                                _(sync_tables[t].label));
        }
        /* a new record, or one here already (an insert on it would overwrite it): as it is here
         * now, it must be the sender's to change */
        bool exists, inside;
        if (row_in_scope(imp, t, key, sync_scope_cond(m->rule, &imp->scope, true), &exists, &inside,
                         err) != LL_OK) {
            sqlite3changeset_finalize(it);
            return err->status;
        }
        if (exists && !inside)
            violation(imp, &vs, t, op, key);
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

/* Calls fn for each change of a package check_changes has passed, until fn returns anything
 * but LL_OK (which each_change then returns). */
typedef enum ll_status (*change_fn)(struct sync_import *imp, int t, int op,
                                    sqlite3_changeset_iter *it, void *ctx, struct ll_error *err);

static enum ll_status each_change(struct sync_import *imp, change_fn fn, void *ctx,
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
        st = fn(imp, table_index(table), op, it, ctx, err);
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
                return oom(err);
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
static void record_refusal(struct sync_import *imp, const char *why)
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
    if (f->schema < (uint32_t)db_schema_version())
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
    sqlite3_finalize(st);
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
        return oom(err);
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
            record_refusal(imp, err->msg);
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
        record_refusal(imp, err->msg);
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
        record_refusal(imp, err->msg);
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
        each_change(imp, record_line, &r, err);
    return LL_OK;
}

/* ---- applying -------------------------------------------------------------------------- */

static void version_free(struct version *v)
{
    for (int i = 0; i < SYNC_MAX_COLS; i++)
        sqlite3_value_free(v->v[i]);
    memset(v->v, 0, sizeof v->v);
}

static bool grow(void **arr, int *cap, int n, size_t item)
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

static bool values_equal(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb)
        return false;
    switch (ta) {
    case SQLITE_NULL:
        return true;
    case SQLITE_INTEGER:
        return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT:
        return sqlite3_value_double(a) == sqlite3_value_double(b);
    default: {
        int n = sqlite3_value_bytes(a);
        const void *pa =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        const void *pb =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        return n == sqlite3_value_bytes(b) && (n == 0 || memcmp(pa, pb, (size_t)n) == 0);
    }
    }
}

static const char *value_text(sqlite3_value *v)
{
    const char *s = v ? (const char *)sqlite3_value_text(v) : NULL;
    return s ? s : "";
}

/* A total order of values, the same on every site: by type, then by content. */
static int value_cmp(sqlite3_value *a, sqlite3_value *b)
{
    int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    switch (ta) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER: {
        sqlite3_int64 x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
        return x < y ? -1 : x > y;
    }
    case SQLITE_FLOAT: {
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        return x < y ? -1 : x > y;
    }
    default: {
        int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
        const void *pa =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        const void *pb =
            ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        int c = memcmp(pa, pb, (size_t)(na < nb ? na : nb));
        return c ? c : na < nb ? -1 : na > nb;
    }
    }
}

/* The written rule: the version saved later (updated_at) is kept; on a tie, the one whose
 * values sort last, column by column, so that both sites choose the same. */
static bool incoming_wins(const struct table_meta *m, sqlite3_value *const *in,
                          sqlite3_value *const *here)
{
    int u = table_meta_col(m, "updated_at");
    if (u >= 0) {
        int c = strcmp(value_text(in[u]), value_text(here[u]));
        if (c != 0)
            return c > 0;
    }
    for (int i = 0; i < m->ncol; i++)
        if (in[i]) {
            int c = value_cmp(in[i], here[i]);
            if (c != 0)
                return c > 0;
        }
    return false;
}

static bool dup_into(struct version *out, int t, sqlite3_value *const *v, int n)
{
    out->table = t;
    for (int i = 0; i < n; i++)
        if (v[i] && !(out->v[i] = sqlite3_value_dup(v[i])))
            return false;
    return true;
}

static int add_conflict(struct sync_import *imp, int t, const char *kind, bool kept_here,
                        sqlite3_value *const *key, sqlite3_value *const *other, bool deleted)
{
    if (!grow((void **)&imp->conflicts, &imp->cap_conflicts, imp->nconflicts,
              sizeof *imp->conflicts))
        return SQLITE_CHANGESET_ABORT;
    struct conflict_rec *c = &imp->conflicts[imp->nconflicts++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->kept_here = kept_here;
    c->other_deleted = deleted;
    int n = imp->meta[t].ncol;
    sqlite3_value *keys[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < n; i++)
        keys[i] = imp->meta[t].pk[i] ? key[i] : NULL;
    if (!dup_into(&c->key, t, keys, n) || (other && !dup_into(&c->other, t, other, n)))
        return SQLITE_CHANGESET_ABORT;
    return SQLITE_CHANGESET_OMIT;
}

static int add_omitted(struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
    if (!grow((void **)&imp->omitted, &imp->cap_omitted, imp->nomitted, sizeof *imp->omitted) ||
        !(imp->omitted[imp->nomitted] = strdup(buf)))
        return SQLITE_CHANGESET_ABORT;
    imp->nomitted++;
    return SQLITE_CHANGESET_OMIT;
}

static bool was_omitted(const struct sync_import *imp, int t, sqlite3_value *const *key)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%d:", t);
    key_json(&imp->meta[t], key, buf + n, sizeof buf - (size_t)n);
    for (int i = 0; i < imp->nomitted; i++)
        if (strcmp(imp->omitted[i], buf) == 0)
            return true;
    return false;
}

/* Keeps a version, and returns OMIT (or ABORT when out of memory). */
static int keep_here(struct sync_import *imp, int t, const char *kind, sqlite3_value *const *key,
                     sqlite3_value *const *theirs)
{
    int rc = add_conflict(imp, t, kind, true, key, theirs, false);
    return rc == SQLITE_CHANGESET_ABORT ? rc : add_omitted(imp, t, key);
}

/* Sets a row's columns after the changes: all the values of v (col < 0), or v's key and the
 * one column col = value. */
static int add_overwrite(struct sync_import *imp, int t, sqlite3_value *const *v, int col,
                         sqlite3_value *value)
{
    if (!grow((void **)&imp->overwrites, &imp->cap_overwrites, imp->noverwrites,
              sizeof *imp->overwrites))
        return SQLITE_CHANGESET_ABORT;
    struct version *o = &imp->overwrites[imp->noverwrites++];
    memset(o, 0, sizeof *o);
    o->conflict = col < 0 ? imp->nconflicts - 1 : -1;
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *row[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        row[i] = col < 0 || m->pk[i] ? v[i] : i == col ? value : NULL;
    return dup_into(o, t, row, m->ncol) ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_ABORT;
}

static int on_conflict(void *ctx, int kind, sqlite3_changeset_iter *it)
{
    struct sync_import *imp = ctx;
    const char *table;
    int ncol, op, indirect;
    if (kind == SQLITE_CHANGESET_FOREIGN_KEY) {
        /* kept, and listed after the changes: a record refers to one this site lacks */
        sqlite3changeset_fk_conflicts(it, &imp->fk_violations);
        return SQLITE_CHANGESET_OMIT;
    }
    sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
    int t = table_index(table);
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *in[SYNC_MAX_COLS] = {0}, *here[SYNC_MAX_COLS] = {0},
                  *merged[SYNC_MAX_COLS] = {0}, *old[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < ncol; i++) {
        if (op != SQLITE_DELETE)
            sqlite3changeset_new(it, i, &in[i]);
        if (op != SQLITE_INSERT)
            sqlite3changeset_old(it, i, &old[i]);
        if (kind == SQLITE_CHANGESET_DATA || kind == SQLITE_CHANGESET_CONFLICT)
            sqlite3changeset_conflict(it, i, &here[i]);
        merged[i] = in[i] ? in[i] : here[i] ? here[i] : old[i];
    }
    sqlite3_value *const *key = op == SQLITE_INSERT ? in : old;
    switch (kind) {
    case SQLITE_CHANGESET_DATA:
        if (op == SQLITE_DELETE) {
            /* differences that are only references set to NULL here by another deletion of
             * the same package (ON DELETE SET NULL) are no edit */
            bool edited = false;
            for (int i = 0; i < ncol; i++)
                if (!values_equal(here[i], old[i]) && sqlite3_value_type(here[i]) != SQLITE_NULL)
                    edited = true;
            if (!edited) {
                imp->unchanged++;
                return SQLITE_CHANGESET_REPLACE;
            }
        }
        if (op == SQLITE_DELETE) /* deleted there, changed here: the deletion wins */
            return add_conflict(imp, t, "deleted_there", false, key, here, false) ==
                           SQLITE_CHANGESET_ABORT
                       ? SQLITE_CHANGESET_ABORT
                       : SQLITE_CHANGESET_REPLACE;
        /* changed on both sides */
        __attribute__((fallthrough));
    case SQLITE_CHANGESET_CONFLICT: {
        bool same = true, clash = false;
        int u = table_meta_col(m, "updated_at");
        for (int i = 0; i < ncol; i++) {
            if (!in[i])
                continue;
            if (!values_equal(in[i], here[i]))
                same = false;
            /* a column both sides changed, to different values */
            if (op == SQLITE_UPDATE && i != u && !values_equal(here[i], old[i]) &&
                !values_equal(here[i], in[i]))
                clash = true;
        }
        if (same) {
            imp->unchanged++;
            return SQLITE_CHANGESET_OMIT;
        }
        if (op == SQLITE_UPDATE && !clash) {
            /* different columns changed on each side: both changes are kept (the package's
             * columns are set, the others stay), saved at the later of the two times */
            if (u >= 0 && in[u] && strcmp(value_text(here[u]), value_text(in[u])) > 0 &&
                add_overwrite(imp, t, key, u, here[u]) != SQLITE_CHANGESET_OMIT)
                return SQLITE_CHANGESET_ABORT;
            imp->merged++;
            return SQLITE_CHANGESET_REPLACE;
        }
        if (!incoming_wins(m, in, here))
            return keep_here(imp, t, "both_edited", key, merged);
        if (add_conflict(imp, t, "both_edited", false, key, here, false) == SQLITE_CHANGESET_ABORT)
            return SQLITE_CHANGESET_ABORT;
        if (op == SQLITE_UPDATE)
            return SQLITE_CHANGESET_REPLACE;
        /* an insert that wins: the row is updated afterwards (a REPLACE would delete it first,
         * and with it, by cascade, the records that hang from it) */
        return add_overwrite(imp, t, in, -1, NULL);
    }
    case SQLITE_CHANGESET_NOTFOUND:
        if (op == SQLITE_DELETE) {
            imp->unchanged++;
            return SQLITE_CHANGESET_OMIT;
        }
        /* changed there, deleted here: the deletion stays; their version is listed (completed
         * from the snapshot once it is applied there) */
        return keep_here(imp, t, "deleted_here", key, merged);
    case SQLITE_CHANGESET_CONSTRAINT:
    default:
        return keep_here(imp, t, "duplicate", key, merged);
    }
}

static int apply_filter(void *ctx, const char *table)
{
    (void)ctx;
    return table_index(table) >= 0;
}

static enum ll_status run_overwrites(struct sync_import *imp, struct ll_error *err)
{
    for (int k = 0; k < imp->noverwrites; k++) {
        struct version *o = &imp->overwrites[k];
        const struct table_meta *m = &imp->meta[o->table];
        char set[2048] = "", where[1024], sql[4096];
        for (int i = 0; i < m->ncol; i++)
            if (!m->pk[i] && o->v[i]) {
                size_t n = strlen(set);
                snprintf(set + n, sizeof set - n, "%s\"%s\" = ?%d", n ? ", " : "", m->col[i],
                         i + 1);
            }
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "UPDATE main.\"%s\" SET %s WHERE %s", m->rule->name, set, where);
        if (db_begin(imp->db, err) != LL_OK)
            return err->status;
        sqlite3_stmt *st = sql_prepare(imp->db, sql, err);
        if (!st) {
            db_rollback(imp->db);
            return err->status;
        }
        bind_values(st, o->v, m->ncol);
        struct ll_error why = {0};
        if (sql_run(imp->db, st, &why) == LL_OK) {
            if (db_commit(imp->db, err) != LL_OK)
                return err->status;
            continue;
        }
        /* it cannot be (a name used by another record, a reference to one missing here):
         * this site's version stays, the package's is listed */
        db_rollback(imp->db);
        if (o->conflict >= 0 && o->conflict < imp->nconflicts) {
            struct conflict_rec *c = &imp->conflicts[o->conflict];
            version_free(&c->other);
            if (!dup_into(&c->other, o->table, o->v, m->ncol))
                return oom(err);
            c->kind = "duplicate";
            c->kept_here = true;
        }
    }
    return LL_OK;
}

static enum ll_status check_result(struct sync_import *imp, int t, int op,
                                   sqlite3_changeset_iter *it, void *ctx, struct ll_error *err)
{
    /* a deletion was checked as the record was; so was a change from the upper site, which
     * may tell this site that a record has left it (moved to another township) */
    if (op == SQLITE_DELETE || (op == SQLITE_UPDATE && imp->peer.pub.upper))
        return LL_OK;
    sqlite3_value *key[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < imp->meta[t].ncol; i++)
        if (imp->meta[t].pk[i])
            key[i] = change_value(it, op, i);
    if (was_omitted(imp, t, key))
        return LL_OK;
    bool exists, inside;
    if (row_in_scope(imp, t, key, sync_scope_cond(&sync_tables[t], &imp->scope, true), &exists,
                     &inside, err) != LL_OK)
        return err->status;
    if (exists && !inside)
        violation(imp, ctx, t, op, key);
    return LL_OK;
}

/* After the changes: every new or changed record the sender made must be one it may change. */
static enum ll_status check_results(struct sync_import *imp, struct ll_error *err)
{
    struct violations vs = {0};
    enum ll_status st = each_change(imp, check_result, &vs, err);
    if (st == LL_OK && vs.count)
        st = ll_error_set(err, LL_ECONFLICT,
                          _("同步包中有 %d 处修改超出了发送方（%s）可以改动的范围，整个包未导"
                            "入：%s%s"),
                          vs.count, imp->preview.peer.name, vs.text,
                          vs.count > VIOLATIONS_SHOWN ? _("……") : "");
    return st;
}

/* A county's township pairing made before the township's records were here takes the
 * township its first package brought. */
static enum ll_status bind_township(struct sync_import *imp, struct ll_error *err)
{
    struct peer_row *p = &imp->peer;
    if (p->pub.upper || p->pub.role != SITE_TOWNSHIP || p->township_id[0])
        return LL_OK;
    sqlite3_stmt *st = sql_prepare(
        imp->db,
        "SELECT t.id FROM sync_peer p JOIN township t ON t.name = p.scope_label WHERE p.id = :id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", p->pub.id);
    if (sqlite3_step(st) == SQLITE_ROW)
        sql_column_text(st, 0, p->township_id, sizeof p->township_id);
    sqlite3_finalize(st);
    if (!p->township_id[0])
        return ll_error_set(err, LL_EINVAL,
                            _("这个包里没有乡镇「%s」的记录，而本机是为它配对的，没有导入。"),
                            p->pub.scope_name);
    return LL_OK;
}

/* Rows that refer to records this site does not have (the package was kept). */
static void list_missing_references(struct sync_import *imp)
{
    sqlite3_stmt *st =
        sql_prepare(imp->db, "SELECT \"table\", rowid FROM pragma_foreign_key_check", NULL);
    if (!st)
        return;
    int listed = 0;
    while (sqlite3_step(st) == SQLITE_ROW && listed < 100) {
        int t = table_index((const char *)sqlite3_column_text(st, 0));
        if (t < 0)
            continue;
        const struct table_meta *m = &imp->meta[t];
        char cols[2048], sql[2400];
        table_meta_columns(m, "", cols, sizeof cols);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE rowid = ?1", cols,
                 m->rule->name);
        sqlite3_stmt *row = sql_prepare(imp->db, sql, NULL);
        if (!row)
            continue;
        sqlite3_bind_int64(row, 1, sqlite3_column_int64(st, 1));
        if (sqlite3_step(row) == SQLITE_ROW) {
            sqlite3_value *v[SYNC_MAX_COLS] = {0};
            for (int i = 0; i < m->ncol; i++)
                v[i] = sqlite3_column_value(row, i);
            if (add_conflict(imp, t, "missing_reference", false, v, v, false) ==
                SQLITE_CHANGESET_OMIT)
                listed++;
        }
        sqlite3_finalize(row);
    }
    sqlite3_finalize(st);
}

static void version_json(const struct table_meta *m, const struct version *v, char *buf,
                         size_t size)
{
    snprintf(buf, size, "{");
    for (int i = 0, first = 1; i < m->ncol; i++) {
        if (!v->v[i])
            continue;
        if (!first)
            snprintf(buf + strlen(buf), size - strlen(buf), ",");
        json_append_string(buf, size, m->col[i]);
        snprintf(buf + strlen(buf), size - strlen(buf), ":");
        json_append_value(buf, size, v->v[i]);
        first = 0;
    }
    snprintf(buf + strlen(buf), size - strlen(buf), "}");
}

struct before;
static const struct before *before_of(const struct sync_import *imp, int t, const char *key);
static char *children_json(struct sync_import *imp, const char *schema, int t, const char *id);
static const char *id_of(const struct table_meta *m, sqlite3_value *const *v);

static enum ll_status record_conflicts(struct sync_import *imp, long long history_id,
                                       struct ll_error *err)
{
    char now[25];
    time_now_iso(now);
    static char other[65536];
    for (int k = 0; k < imp->nconflicts; k++) {
        struct conflict_rec *c = &imp->conflicts[k];
        int t = c->key.table;
        const struct table_meta *m = &imp->meta[t];
        char id[LL_ID_LEN], key[1024], what[200];
        key_json(m, c->key.v, key, sizeof key);
        describe(imp, t, c->other.v[0] || c->other.v[1] ? c->other.v : c->key.v, what, sizeof what);
        version_json(m, &c->other, other, sizeof other);
        if (sql_new_id(id, err) != LL_OK)
            return err->status;
        sqlite3_stmt *st = sql_prepare(
            imp->db,
            "INSERT INTO sync_conflict(id, history_id, at, table_name, record_key, label, kind, "
            "kept, other_version, children) VALUES (:id, :h, :at, :t, :key, :label, :kind, "
            ":kept, :other, :children)",
            err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", id);
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":h"), history_id);
        sql_bind_text(st, ":at", now);
        sql_bind_text(st, ":t", m->rule->name);
        sql_bind_text(st, ":key", key);
        sql_bind_text(st, ":label", what);
        sql_bind_text(st, ":kind", c->kind);
        sql_bind_text(st, ":kept", c->kept_here ? "here" : "there");
        sql_bind_text(st, ":other", c->other_deleted ? "" : other);
        /* a version deleted by the package: the records that hung from it, as they were */
        const struct before *b =
            strcmp(c->kind, "deleted_there") == 0 ? before_of(imp, t, key) : NULL;
        sql_bind_text(st, ":children", b && b->children ? b->children : "");
        if (sql_run(imp->db, st, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

static enum ll_status record_import(struct sync_import *imp, const struct sync_import_result *res,
                                    long long *history_id, struct ll_error *err)
{
    struct peer_row *p = &imp->peer;
    char now[25], summary[256];
    time_now_iso(now);
    sqlite3_stmt *st = sql_prepare(
        imp->db,
        "UPDATE sync_peer SET site_id = :site, name = :name, in_seq = :seq, in_tag = :tag, "
        "township_id = :t, station_id = :s WHERE id = :id",
        err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":site", imp->f.sender);
    sql_bind_text(st, ":name", imp->f.sender_name);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), (long long)imp->f.seq);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":tag"),
                      imp->buf + imp->len - SYNC_TAG_LEN, SYNC_TAG_LEN, SQLITE_STATIC);
    sql_bind_text(st, ":t", p->township_id);
    sql_bind_text(st, ":s", p->station_id);
    sql_bind_text(st, ":id", p->pub.id);
    if (sql_run(imp->db, st, err) != LL_OK)
        return err->status;
    snprintf(summary, sizeof summary, _("改动 %d 处，原已相同 %d 处，冲突 %d 处"), res->applied,
             res->unchanged, res->conflicts);
    st = sql_prepare(imp->db,
                     "INSERT INTO sync_history(peer_id, direction, seq, at, operator, file, "
                     "changes, conflicts, summary, package) VALUES (:peer, 'in', :seq, :at, :op, "
                     ":file, :changes, :conflicts, :summary, :package)",
                     err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":peer", p->pub.id);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":seq"), (long long)imp->f.seq);
    sql_bind_text(st, ":at", now);
    sql_bind_text(st, ":op", imp->db->operator_name);
    sql_bind_text(st, ":file", imp->path);
    sql_bind_int(st, ":changes", imp->preview.changes);
    sql_bind_int(st, ":conflicts", res->conflicts);
    sql_bind_text(st, ":summary", summary);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":package"), imp->buf, (int)imp->len,
                      SQLITE_STATIC);
    if (sql_run(imp->db, st, err) != LL_OK)
        return err->status;
    *history_id = sqlite3_last_insert_rowid(imp->db->h);
    return LL_OK;
}

/* A version deleted here and changed there was listed with the changed columns only: the
 * snapshot, now holding the peer's version, gives the whole record. */
static void complete_deleted_here(struct sync_import *imp, long long history_id, const char *snap)
{
    char *attach = sqlite3_mprintf("ATTACH %Q AS snap", snap);
    if (!attach || sqlite3_exec(imp->db->h, attach, NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_free(attach);
        return;
    }
    sqlite3_free(attach);
    static char other[65536];
    for (int k = 0; k < imp->nconflicts; k++) {
        struct conflict_rec *c = &imp->conflicts[k];
        if (strcmp(c->kind, "deleted_here") != 0)
            continue;
        const struct table_meta *m = &imp->meta[c->key.table];
        char cols[2048], where[1024], sql[4096], key[1024];
        table_meta_columns(m, "", cols, sizeof cols);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM snap.\"%s\" WHERE %s", cols, m->rule->name,
                 where);
        sqlite3_stmt *st = sql_prepare(imp->db, sql, NULL);
        if (!st)
            continue;
        bind_values(st, c->key.v, m->ncol);
        if (sqlite3_step(st) == SQLITE_ROW) {
            struct version v = {.table = c->key.table};
            for (int i = 0; i < m->ncol; i++)
                v.v[i] = sqlite3_column_value(st, i);
            version_json(m, &v, other, sizeof other);
            key_json(m, c->key.v, key, sizeof key);
            char label[200];
            describe_as(imp, c->key.table, v.v, true, label, sizeof label);
            char *children = children_json(imp, "snap", c->key.table, id_of(m, v.v));
            sqlite3_stmt *up = sql_prepare(
                imp->db,
                "UPDATE sync_conflict SET other_version = :v, label = :label, children = "
                ":children WHERE history_id = :h AND table_name = :t AND record_key = :k",
                NULL);
            if (up) {
                sql_bind_text(up, ":v", other);
                sql_bind_text(up, ":label", label);
                sql_bind_text(up, ":children", children ? children : "");
                sqlite3_bind_int64(up, sqlite3_bind_parameter_index(up, ":h"), history_id);
                sql_bind_text(up, ":t", m->rule->name);
                sql_bind_text(up, ":k", key);
                sql_run(imp->db, up, NULL);
            }
            free(children);
        }
        sqlite3_finalize(st);
    }
    sqlite3_exec(imp->db->h, "DETACH snap", NULL, NULL, NULL);
}

/* The records that hang from a ledger entry or a problem and go with it when it is deleted. */
static const struct {
    const char *parent, *child, *column;
} children_of[] = {
    {"ledger_entry", "ledger_deputy", "entry_id"},
    {"problem", "problem_event", "problem_id"},
};

/* json_object('c1', "c1", …) for a table's columns. */
static void json_object_sql(const struct table_meta *m, char *buf, size_t size)
{
    snprintf(buf, size, "json_object(");
    for (int i = 0; i < m->ncol; i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s'%s', \"%s\"", i ? ", " : "", m->col[i], m->col[i]);
    }
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, ")");
}

/* A malloc'd string of the first column of sql's first row (bound with v, or with text), or
 * NULL. */
static char *query_text(struct ll_db *db, const char *sql, sqlite3_value *const *v, int n,
                        const char *text)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (v)
        bind_values(st, v, n);
    else
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* {"ledger_deputy": [row, …]} of the parent with this id, from schema ("main" or "snap"). */
static char *children_json(struct sync_import *imp, const char *schema, int t, const char *id)
{
    for (size_t c = 0; c < sizeof children_of / sizeof children_of[0]; c++) {
        if (strcmp(children_of[c].parent, sync_tables[t].name) != 0)
            continue;
        const struct table_meta *m = &imp->meta[table_index(children_of[c].child)];
        char obj[4096], sql[6000];
        json_object_sql(m, obj, sizeof obj);
        snprintf(sql, sizeof sql,
                 "SELECT json_object('%s', json_group_array(json(%s))) FROM %s.\"%s\" "
                 "WHERE \"%s\" = ?1",
                 children_of[c].child, obj, schema, children_of[c].child, children_of[c].column);
        return query_text(imp->db, sql, NULL, 0, id);
    }
    return NULL;
}

static const char *id_of(const struct table_meta *m, sqlite3_value *const *v)
{
    int i = table_meta_col(m, "id");
    return i >= 0 && v[i] ? value_text(v[i]) : "";
}

/* Before the changes: what they may take away that the user must still be able to see. */
static enum ll_status capture_one(struct sync_import *imp, int t, int op,
                                  sqlite3_changeset_iter *it, void *ctx, struct ll_error *err)
{
    bool conflicts_open = *(const int *)ctx > 0;
    if (op == SQLITE_INSERT && !conflicts_open)
        return LL_OK;
    const struct table_meta *m = &imp->meta[t];
    sqlite3_value *v[SYNC_MAX_COLS] = {0};
    for (int i = 0; i < m->ncol; i++)
        v[i] = change_value(it, op, i);
    char key[1024], where[1024], obj[4096], sql[6000];
    key_json(m, v, key, sizeof key);
    char *row = NULL, *children = NULL;
    if (op == SQLITE_INSERT) {
        /* a record deleted here and listed, that the other site brought back */
        sqlite3_stmt *c = sql_prepare(imp->db,
                                      "SELECT count(*) FROM sync_conflict WHERE resolved_at = '' "
                                      "AND table_name = :t AND record_key = :k AND kind = "
                                      "'deleted_here'",
                                      err);
        int n = 0;
        if (c) {
            sql_bind_text(c, ":t", m->rule->name);
            sql_bind_text(c, ":k", key);
        }
        if (!c || sql_int(imp->db, c, &n, err) != LL_OK)
            return err->status;
        if (!n)
            return LL_OK;
        if (!grow((void **)&imp->before, &imp->cap_before, imp->nbefore, sizeof *imp->before))
            return oom(err);
        struct before *b = &imp->before[imp->nbefore++];
        memset(b, 0, sizeof *b);
        b->table = t;
        b->key = strdup(key);
        b->back = true;
        return LL_OK;
    }
    if (conflicts_open) {
        sqlite3_stmt *c = sql_prepare(imp->db,
                                      "SELECT count(*) FROM sync_conflict WHERE resolved_at = '' "
                                      "AND table_name = :t AND record_key = :k",
                                      err);
        int n = 0;
        if (c) {
            sql_bind_text(c, ":t", m->rule->name);
            sql_bind_text(c, ":k", key);
        }
        if (!c || sql_int(imp->db, c, &n, err) != LL_OK)
            return err->status;
        if (n) {
            json_object_sql(m, obj, sizeof obj);
            table_meta_where_pk(m, "", where, sizeof where);
            snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", obj, m->rule->name,
                     where);
            row = query_text(imp->db, sql, v, m->ncol, NULL);
        }
    }
    if (op == SQLITE_DELETE)
        children = children_json(imp, "main", t, id_of(m, v));
    if (!row && !children)
        return LL_OK;
    if (!grow((void **)&imp->before, &imp->cap_before, imp->nbefore, sizeof *imp->before)) {
        free(row);
        free(children);
        return oom(err);
    }
    struct before *b = &imp->before[imp->nbefore++];
    memset(b, 0, sizeof *b);
    b->table = t;
    b->key = strdup(key);
    b->row = row;
    b->children = children;
    return LL_OK;
}

static enum ll_status capture_before(struct sync_import *imp, struct ll_error *err)
{
    int open = 0;
    sqlite3_stmt *q =
        sql_prepare(imp->db, "SELECT count(*) FROM sync_conflict WHERE resolved_at = ''", err);
    if (!q || sql_int(imp->db, q, &open, err) != LL_OK)
        return err->status;
    return each_change(imp, capture_one, &open, err);
}

static const struct before *before_of(const struct sync_import *imp, int t, const char *key)
{
    for (int i = 0; i < imp->nbefore; i++)
        if (imp->before[i].table == t && imp->before[i].key && strcmp(imp->before[i].key, key) == 0)
            return &imp->before[i];
    return NULL;
}

/* A record still listed in a conflict that the package changed again: the version it replaced
 * is listed in its turn (the older listing is closed), so that no version goes unseen. */
static enum ll_status record_superseded(struct sync_import *imp, long long history_id,
                                        struct ll_error *err)
{
    char now[25];
    time_now_iso(now);
    for (int i = 0; i < imp->nbefore; i++) {
        const struct before *b = &imp->before[i];
        if (b->back) {
            /* the record is here again: its deletion is no longer a question */
            sqlite3_stmt *st = sql_prepare(imp->db,
                                           "UPDATE sync_conflict SET resolved_at = :now WHERE "
                                           "resolved_at = '' AND kind = 'deleted_here' AND "
                                           "table_name = :t AND record_key = :k",
                                           err);
            if (!st)
                return err->status;
            sql_bind_text(st, ":now", now);
            sql_bind_text(st, ":t", sync_tables[b->table].name);
            sql_bind_text(st, ":k", b->key);
            if (sql_run(imp->db, st, err) != LL_OK)
                return err->status;
            continue;
        }
        if (!b->row)
            continue;
        const struct table_meta *m = &imp->meta[b->table];
        char id[LL_ID_LEN], label[200] = "";
        sqlite3_stmt *st = sql_prepare(
            imp->db,
            "SELECT label FROM sync_conflict WHERE resolved_at = '' AND table_name = :t AND "
            "record_key = :k ORDER BY at DESC LIMIT 1",
            err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":t", m->rule->name);
        sql_bind_text(st, ":k", b->key);
        bool listed = sqlite3_step(st) == SQLITE_ROW;
        if (listed)
            sql_column_text(st, 0, label, sizeof label);
        sqlite3_finalize(st);
        if (!listed)
            continue; /* closed meanwhile */
        /* only when the package did change it */
        char obj[4096], where[1024], sql[6000];
        json_object_sql(m, obj, sizeof obj);
        table_meta_where_pk(m, "", where, sizeof where);
        snprintf(sql, sizeof sql, "SELECT %s FROM main.\"%s\" WHERE %s", obj, m->rule->name, where);
        sqlite3_stmt *now_row = sql_prepare(imp->db, sql, err);
        if (!now_row)
            return err->status;
        sqlite3_stmt *keys = sql_prepare(imp->db, "SELECT value FROM json_each(:k)", err);
        if (!keys) {
            sqlite3_finalize(now_row);
            return err->status;
        }
        sql_bind_text(keys, ":k", b->key);
        for (int col = 0; col < m->ncol; col++)
            if (m->pk[col] && sqlite3_step(keys) == SQLITE_ROW)
                sqlite3_bind_value(now_row, col + 1, sqlite3_column_value(keys, 0));
        bool same = sqlite3_step(now_row) == SQLITE_ROW &&
                    strcmp((const char *)sqlite3_column_text(now_row, 0), b->row) == 0;
        sqlite3_finalize(now_row);
        sqlite3_finalize(keys);
        if (same)
            continue;
        /* the earlier listing stays: its version is still one nobody has chosen */
        if (sql_new_id(id, err) != LL_OK)
            return err->status;
        st = sql_prepare(imp->db,
                         "INSERT INTO sync_conflict(id, history_id, at, table_name, record_key, "
                         "label, kind, kept, other_version) VALUES (:id, :h, :at, :t, :k, :label, "
                         "'superseded', 'there', :other)",
                         err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", id);
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":h"), history_id);
        sql_bind_text(st, ":at", now);
        sql_bind_text(st, ":t", m->rule->name);
        sql_bind_text(st, ":k", b->key);
        sql_bind_text(st, ":label", label);
        sql_bind_text(st, ":other", b->row);
        if (sql_run(imp->db, st, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

enum ll_status sync_import_apply(struct sync_import *imp, struct sync_import_result *res,
                                 struct ll_error *err)
{
    memset(res, 0, sizeof *res);
    if (imp->preview.replay)
        return LL_OK;
    char snap[4200];
    struct ll_db *db = imp->db;
    if (snapshot_catch_up(db, &imp->peer, err) != LL_OK ||
        snapshot_path(db, imp->peer.pub.id, snap, sizeof snap, err) != LL_OK ||
        db_begin(db, err) != LL_OK)
        return err->status;
    enum ll_status st = capture_before(imp, err);
    db->guard_paused = true; /* the sender may change what this site may not */
    int rc = imp->f.payload_len == 0 || st != LL_OK
                 ? SQLITE_OK
                 : sqlite3changeset_apply_v2(db->h, (int)imp->f.payload_len, (void *)imp->f.payload,
                                             apply_filter, on_conflict, imp, NULL, NULL, 0);
    if (rc != SQLITE_OK)
        st = rc == SQLITE_ABORT ? oom(err) : sql_fail(db, err);
    if (st == LL_OK)
        st = run_overwrites(imp, err);
    db->guard_paused = false;
    if (st == LL_OK)
        st = bind_township(imp, err);
    /* again, now that the package's records are here: a station's first package brings the
     * station whose township says what its upper site may change */
    if (st == LL_OK)
        st = peer_change_scope(db, &imp->peer, &imp->scope, err);
    if (st == LL_OK)
        st = check_results(imp, err);
    if (st == LL_OK && imp->fk_violations)
        list_missing_references(imp);
    long long history_id = 0;
    if (st == LL_OK) {
        int kept_out = 0;
        for (int k = 0; k < imp->nconflicts; k++)
            kept_out += imp->conflicts[k].kept_here;
        res->conflicts = imp->nconflicts;
        res->unchanged = imp->unchanged;
        res->applied = imp->preview.changes - imp->unchanged - kept_out;
        st = record_import(imp, res, &history_id, err);
    }
    if (st == LL_OK)
        st = record_conflicts(imp, history_id, err);
    if (st == LL_OK)
        st = record_superseded(imp, history_id, err);
    if (st == LL_OK)
        st = db_commit(db, err);
    else {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        db_rollback(db);
        record_refusal(imp, why);
        return st;
    }
    if (st == LL_OK)
        st = snapshot_apply(db, snap, imp->f.payload, (int)imp->f.payload_len, "in_seq",
                            (long long)imp->f.seq, err);
    if (st == LL_OK && imp->nconflicts)
        complete_deleted_here(imp, history_id, snap);
    /* the first package from the upper site says what this site is */
    if (st == LL_OK && imp->peer.pub.upper)
        st = sync_guard_install(db, err);
    return st;
}

void sync_import_free(struct sync_import *imp)
{
    if (!imp)
        return;
    for (int k = 0; k < imp->nconflicts; k++) {
        version_free(&imp->conflicts[k].key);
        version_free(&imp->conflicts[k].other);
    }
    for (int k = 0; k < imp->noverwrites; k++)
        version_free(&imp->overwrites[k]);
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
