#include "lianluo/deputy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "lianluo/datetime.h"
#include "lianluo/station.h"
#include "lianluo/text.h"
#include "lianluo/uuid.h"
#include "lianluo/township.h"
#include "lianluo/validate.h"
#include "model/sql.h"

static const char *const level_codes[] = {
#define X(c, code, label) code,
    DEPUTY_LEVELS(X)
#undef X
};
static const char *const level_labels[] = {
#define X(c, code, label) N_(label),
    DEPUTY_LEVELS(X)
#undef X
};
static const char *const gender_codes[] = {
#define X(c, code, label) code,
    GENDERS(X)
#undef X
};
static const char *const gender_labels[] = {
#define X(c, code, label) N_(label),
    GENDERS(X)
#undef X
};

const char *deputy_level_label(enum deputy_level level)
{
    return level < DEPUTY_LEVEL_COUNT ? _(level_labels[level]) : "";
}

const char *deputy_level_code(enum deputy_level level)
{
    return level < DEPUTY_LEVEL_COUNT ? level_codes[level] : "";
}

/* One word of a levels cell: 县级, 县, 县人大代表, 县级人大代表, 全国人大代表, county ... */
static bool level_word_parse(const char *word, enum deputy_level *out)
{
    static const char *const stems[] = {"全国", "省", "市", "县", "乡镇"};
    static const char *const alt_stems[] = {"国家", "省级", "市级", "县级", "乡"};
    for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++) {
        if (strcasecmp(word, level_codes[l]) == 0 || strcmp(word, level_labels[l]) == 0 ||
            strcmp(word, _(level_labels[l])) == 0) {
            *out = (enum deputy_level)l;
            return true;
        }
    }
    char w[64];
    snprintf(w, sizeof w, "%s", word);
    /* Drop the usual tails: 人大代表, 代表, 级. */
    static const char *const tails[] = {"人大代表", "代表", "人大", "级"};
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        size_t n = strlen(w), m = strlen(tails[t]);
        if (n > m && strcmp(w + n - m, tails[t]) == 0)
            w[n - m] = '\0';
    }
    for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++) {
        if (strcmp(w, stems[l]) == 0 || strcmp(w, alt_stems[l]) == 0) {
            *out = (enum deputy_level)l;
            return true;
        }
    }
    return false;
}

bool deputy_levels_parse(const char *text, unsigned *out)
{
    static const char *const seps[] = {"、", "，", "；", "／", ",", ";", "/", " ", "　", "|"};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    /* Replace every separator by '\n', then split. */
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        size_t m = strlen(seps[i]);
        for (char *p = strstr(buf, seps[i]); p; p = strstr(p, seps[i]))
            memset(p, '\n', m);
    }
    unsigned set = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
        enum deputy_level l;
        if (!level_word_parse(w, &l))
            return false;
        set |= 1u << l;
    }
    *out = set;
    return true;
}

static char *levels_join(unsigned levels, bool translated, char *out, size_t outsz)
{
    size_t used = 0;
    out[0] = '\0';
    /* TRANSLATORS: separates items of a list on screen, as in 县级、乡镇级 */
    const char *sep = translated ? _("、") : "、";
    for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++) {
        if (!(levels & (1u << l)))
            continue;
        const char *label = translated ? _(level_labels[l]) : level_labels[l];
        int n = snprintf(out + used, outsz - used, "%s%s", used ? sep : "", label);
        if (n < 0 || (size_t)n >= outsz - used)
            break;
        used += (size_t)n;
    }
    return out;
}

char *deputy_levels_format(unsigned levels, char *out, size_t outsz)
{
    return levels_join(levels, true, out, outsz);
}

char *deputy_levels_text(unsigned levels, char *out, size_t outsz)
{
    return levels_join(levels, false, out, outsz);
}

const char *gender_text(enum gender g)
{
    return g < GENDER_COUNT && g != GENDER_UNKNOWN ? gender_labels[g] : "";
}

const char *gender_label(enum gender g)
{
    return g < GENDER_COUNT && g != GENDER_UNKNOWN ? _(gender_labels[g]) : "";
}

bool gender_parse(const char *text, enum gender *out)
{
    char t[32];
    snprintf(t, sizeof t, "%s", text);
    text_trim(t);
    if (!t[0]) {
        *out = GENDER_UNKNOWN;
        return true;
    }
    if (strcmp(t, "男") == 0 || strcasecmp(t, "male") == 0 || strcasecmp(t, "m") == 0 ||
        strcmp(t, "男性") == 0 || strcmp(t, _("男")) == 0) {
        *out = GENDER_MALE;
        return true;
    }
    if (strcmp(t, "女") == 0 || strcasecmp(t, "female") == 0 || strcasecmp(t, "f") == 0 ||
        strcmp(t, "女性") == 0 || strcmp(t, _("女")) == 0) {
        *out = GENDER_FEMALE;
        return true;
    }
    return false;
}

static bool gender_from_code(const char *code, enum gender *out)
{
    for (int g = 0; g < GENDER_COUNT; g++) {
        if (strcmp(code, gender_codes[g]) == 0) {
            *out = (enum gender)g;
            return true;
        }
    }
    return false;
}

void deputy_init(struct deputy *d)
{
    memset(d, 0, sizeof *d);
}

void deputy_filter_init(struct deputy_filter *f)
{
    memset(f, 0, sizeof *f);
    f->level = -1;
}

struct text_rule {
    const char *field;
    const char *label;
    size_t offset;
    int max_chars;
};

#define TEXT_RULE(member, label, max)                                                              \
    {                                                                                              \
#member, label, offsetof(struct deputy, member), max                                       \
    }

static const struct text_rule deputy_text_rules[] = {
    TEXT_RULE(name, N_("姓名"), 20),      TEXT_RULE(ethnicity, N_("民族"), 10),
    TEXT_RULE(party, N_("政治面貌"), 10), TEXT_RULE(workplace, N_("工作单位"), 40),
    TEXT_RULE(post, N_("职务"), 20),      TEXT_RULE(term, N_("届次"), 10),
    TEXT_RULE(note, N_("备注"), 160),
};

static void deputy_normalize(struct deputy *d)
{
    char canon[8];
    text_trim(d->name);
    text_trim(d->phone);
    phone_normalize(d->phone);
    text_trim(d->id_card);
    text_trim(d->birth);
    text_trim(d->ethnicity);
    if (d->birth[0] && month_parse(d->birth, canon))
        memcpy(d->birth, canon, sizeof canon);
    if (strlen(d->id_card) == 18 && d->id_card[17] == 'x')
        d->id_card[17] = 'X';
}

static enum ll_status check_reference(struct ll_db *db, const char *table, const char *id,
                                      const char *field, const char *what, struct ll_error *err)
{
    if (!id[0])
        return LL_OK;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE id = :id", table);
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    int n = 0;
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", id);
    if (sql_int(db, st, &n, err) != LL_OK)
        return err->status;
    return n ? LL_OK : ll_error_field(err, field, _("所选的%s不存在，可能已被删除。"), what);
}

enum ll_status deputy_validate(struct ll_db *db, const struct deputy *d, struct ll_error *err)
{
    if (d->id[0] && !uuid_valid(d->id))
        return ll_error_field(err, "id",
                              _("编号「%s」格式不正确（应为导出文件中的编号，或留空）。"), d->id);
    if (!d->name[0])
        return ll_error_field(err, "name", _("请填写代表姓名。"));
    for (size_t i = 0; i < sizeof deputy_text_rules / sizeof deputy_text_rules[0]; i++) {
        const struct text_rule *r = &deputy_text_rules[i];
        if (!text_field_valid((const char *)d + r->offset, r->max_chars))
            return ll_error_field(err, r->field, _("%s最多 %d 个字，且不能含控制字符。"),
                                  _(r->label), r->max_chars);
    }
    if (d->gender >= GENDER_COUNT)
        return ll_error_field(err, "gender", _("性别应为男或女。"));
    char canon[8];
    if (d->birth[0] && (!month_parse(d->birth, canon) || strcmp(canon, d->birth) != 0))
        return ll_error_field(err, "birth", _("出生年月「%s」不正确，请写成 1975-03。"), d->birth);
    if (phone_check(d->phone, "phone", err) != LL_OK)
        return LL_EINVAL;
    if (d->id_card[0] && !idcard_valid(d->id_card))
        return ll_error_field(
            err, "id_card", _("身份证号「%s」不正确（应为 18 位，最后一位校验码需符合国家标准）。"),
            d->id_card);
    char this_month[11];
    date_today(this_month);
    if (d->birth[0] && strncmp(d->birth, this_month, 7) > 0)
        return ll_error_field(err, "birth", _("出生年月「%s」晚于今天，请检查。"), d->birth);
    if (!idcard_matches_birth(d->id_card, d->birth))
        return ll_error_field(
            err, "birth",
            _("出生年月「%s」与身份证号中的出生日期（%.4s-%.2s）不一致，请核对其中一项。"),
            d->birth, d->id_card + 6, d->id_card + 10);
    if (!d->levels || d->levels >= (1u << DEPUTY_LEVEL_COUNT))
        return ll_error_field(err, "levels",
                              _("请填写代表层级（全国、省级、市级、县级、乡镇级，可以有几个）。"));
    if (check_reference(db, "township", d->township_id, "township_id", _("乡镇"), err) != LL_OK ||
        check_reference(db, "station", d->station_id, "station_id", _("联络站"), err) != LL_OK ||
        check_reference(db, "deputy_group", d->group_id, "group_id", _("代表小组"), err) != LL_OK)
        return LL_EINVAL;
    if (!d->township_id[0])
        return ll_error_field(err, "township_id", _("请填写代表所在的乡镇。"));
    return LL_OK;
}

/* A deputy placed in a station but given no township belongs to the station's township. */
static enum ll_status fill_township_from_station(struct ll_db *db, struct deputy *d,
                                                 struct ll_error *err)
{
    if (d->township_id[0] || !d->station_id[0])
        return LL_OK;
    struct station s;
    if (station_get(db, d->station_id, &s, err) != LL_OK)
        return err->status == LL_ENOTFOUND
                   ? ll_error_field(err, "station_id", _("所选的%s不存在，可能已被删除。"),
                                    _("联络站"))
                   : err->status;
    snprintf(d->township_id, sizeof d->township_id, "%s", s.township_id);
    snprintf(d->township_name, sizeof d->township_name, "%s", s.township_name);
    return LL_OK;
}

static enum ll_status write_deputy_row(struct ll_db *db, const struct deputy *d, bool insert,
                                       const char *now, struct ll_error *err)
{
    const char *sql =
        insert
            ? "INSERT INTO deputy(id, site_id, name, gender, ethnicity, birth, party, workplace, "
              "post, phone, id_card, township_id, group_id, station_id, term, note, created_at, "
              "updated_at, sort_name) VALUES (:id, :site, :name, :gender, :ethnicity, :birth, "
              ":party, :workplace, :post, :phone, :id_card, :township, :grp, :station, :term, "
              ":note, :now, :now, pinyin_name_key(:name))"
            : "UPDATE deputy SET name = :name, gender = :gender, ethnicity = :ethnicity, birth = "
              ":birth, party = :party, workplace = :workplace, post = :post, phone = :phone, "
              "id_card = :id_card, township_id = :township, group_id = :grp, station_id = "
              ":station, term = :term, note = :note, updated_at = :now, sort_name = "
              "pinyin_name_key(:name) WHERE id = :id AND (name, "
              "gender, ethnicity, birth, party, workplace, post, phone, id_card, township_id, "
              "group_id, station_id, term, note, sort_name) IS NOT (:name, :gender, :ethnicity, "
              ":birth, :party, :workplace, :post, :phone, :id_card, :township, :grp, :station, "
              ":term, :note, pinyin_name_key(:name))";
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":id", d->id);
    sql_bind_text(st, ":site", db->site_id);
    sql_bind_text(st, ":name", d->name);
    sql_bind_text(st, ":gender", gender_codes[d->gender]);
    sql_bind_text(st, ":ethnicity", d->ethnicity);
    sql_bind_text(st, ":birth", d->birth);
    sql_bind_text(st, ":party", d->party);
    sql_bind_text(st, ":workplace", d->workplace);
    sql_bind_text(st, ":post", d->post);
    sql_bind_text(st, ":phone", d->phone);
    sql_bind_text(st, ":id_card", d->id_card);
    sql_bind_id(st, ":township", d->township_id);
    sql_bind_id(st, ":grp", d->group_id);
    sql_bind_id(st, ":station", d->station_id);
    sql_bind_text(st, ":term", d->term);
    sql_bind_text(st, ":note", d->note);
    sql_bind_text(st, ":now", now);
    return sql_run(db, st, err);
}

/* Keeps one deputy_level row per level held: removes the dropped, adds the new. */
static enum ll_status write_levels(struct ll_db *db, const struct deputy *d, bool insert,
                                   const char *now, struct ll_error *err)
{
    for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++) {
        bool held = d->levels & (1u << l);
        if (insert && !held)
            continue; /* a new deputy has no level to remove */
        char id[LL_ID_LEN];
        if (sql_new_id(id, err) != LL_OK)
            return err->status;
        sqlite3_stmt *st = sql_prepare(
            db,
            held ? "INSERT INTO deputy_level(id, site_id, deputy_id, level, created_at, "
                   "updated_at) VALUES (:id, :site, :deputy, :level, :now, :now) "
                   "ON CONFLICT(deputy_id, level) DO NOTHING"
                 : "DELETE FROM deputy_level WHERE deputy_id = :deputy AND level = :level",
            err);
        if (!st)
            return err->status;
        sql_bind_text(st, ":id", id);
        sql_bind_text(st, ":site", db->site_id);
        sql_bind_text(st, ":deputy", d->id);
        sql_bind_text(st, ":level", level_codes[l]);
        sql_bind_text(st, ":now", now);
        if (sql_run(db, st, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

enum ll_status deputy_save(struct ll_db *db, struct deputy *d, struct ll_error *err)
{
    deputy_normalize(d);
    if (fill_township_from_station(db, d, err) != LL_OK || deputy_validate(db, d, err) != LL_OK)
        return err->status;
    bool insert = true;
    if (sql_is_insert(db, "deputy", d->id, &insert, err) != LL_OK)
        return err->status;
    bool new_id = !d->id[0];
    char now[25];
    time_now_iso(now);
    if (new_id && sql_new_id(d->id, err) != LL_OK)
        return err->status;
    if (db_begin(db, err) != LL_OK)
        goto fail_id;
    int before = sql_changes(db);
    if ((!insert && sql_unchanged_since(db, "deputy", d->id, d->updated_at, err) != LL_OK) ||
        write_deputy_row(db, d, insert, now, err) != LL_OK ||
        write_levels(db, d, insert, now, err) != LL_OK ||
        audit_save(db, before, "deputy", d->id, insert, d->name, err) != LL_OK) {
        db_rollback(db);
        goto fail_id;
    }
    if (db_commit(db, err) != LL_OK)
        goto fail_id;
    sql_read_updated_at(db, "deputy", d->id, d->updated_at);
    return LL_OK;
fail_id:
    if (new_id)
        d->id[0] = '\0';
    return err->status;
}

/* The roster's order: township, then pinyin (as the view roster_key, migration 008). */
#define DEPUTY_KEY                                                                                 \
    "printf('%08d', coalesce(t.sort_order, 99999999)) || char(1) || d.sort_name || char(1) || "    \
    "d.name || char(1) || d.id "

#define DEPUTY_SELECT                                                                              \
    "SELECT d.id, d.site_id, d.name, d.gender, d.ethnicity, d.birth, d.party, d.workplace, "       \
    "d.post, d.phone, d.id_card, coalesce(d.township_id, ''), coalesce(d.group_id, ''), "          \
    "coalesce(d.station_id, ''), d.term, d.note, d.created_at, d.updated_at, "                     \
    "coalesce(t.name, ''), coalesce(g.name, ''), coalesce(s.name, ''), "                           \
    "(SELECT coalesce(group_concat(level), '') FROM deputy_level l WHERE l.deputy_id = "           \
    "d.id), " DEPUTY_KEY "AS k FROM deputy d LEFT JOIN township t ON t.id = d.township_id "        \
    "LEFT JOIN deputy_group g ON g.id = d.group_id LEFT JOIN station s ON s.id = d.station_id "

static void deputy_read(sqlite3_stmt *st, void *row)
{
    struct deputy *d = row;
    char gender[16], levels[128];
    sql_column_text(st, 0, d->id, sizeof d->id);
    sql_column_text(st, 1, d->site_id, sizeof d->site_id);
    sql_column_text(st, 2, d->name, sizeof d->name);
    sql_column_text(st, 3, gender, sizeof gender);
    gender_from_code(gender, &d->gender);
    sql_column_text(st, 4, d->ethnicity, sizeof d->ethnicity);
    sql_column_text(st, 5, d->birth, sizeof d->birth);
    sql_column_text(st, 6, d->party, sizeof d->party);
    sql_column_text(st, 7, d->workplace, sizeof d->workplace);
    sql_column_text(st, 8, d->post, sizeof d->post);
    sql_column_text(st, 9, d->phone, sizeof d->phone);
    sql_column_text(st, 10, d->id_card, sizeof d->id_card);
    sql_column_text(st, 11, d->township_id, sizeof d->township_id);
    sql_column_text(st, 12, d->group_id, sizeof d->group_id);
    sql_column_text(st, 13, d->station_id, sizeof d->station_id);
    sql_column_text(st, 14, d->term, sizeof d->term);
    sql_column_text(st, 15, d->note, sizeof d->note);
    sql_column_text(st, 16, d->created_at, sizeof d->created_at);
    sql_column_text(st, 17, d->updated_at, sizeof d->updated_at);
    sql_column_text(st, 18, d->township_name, sizeof d->township_name);
    sql_column_text(st, 19, d->group_name, sizeof d->group_name);
    sql_column_text(st, 20, d->station_name, sizeof d->station_name);
    sql_column_text(st, 21, levels, sizeof levels);
    d->levels = 0;
    char *save = NULL;
    for (char *w = strtok_r(levels, ",", &save); w; w = strtok_r(NULL, ",", &save))
        for (int l = 0; l < DEPUTY_LEVEL_COUNT; l++)
            if (strcmp(w, level_codes[l]) == 0)
                d->levels |= 1u << l;
    sql_column_text(st, 22, d->sort_key, sizeof d->sort_key);
}

static enum ll_status deputy_get_where(struct ll_db *db, const char *sql, const char *a,
                                       const char *b, struct deputy *out, struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db, sql, err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":a", a);
    sql_bind_text(st, ":b", b);
    int rc = sqlite3_step(st);
    enum ll_status status = LL_OK;
    deputy_init(out);
    if (rc == SQLITE_ROW)
        deputy_read(st, out);
    else if (rc == SQLITE_DONE)
        status = ll_error_set(err, LL_ENOTFOUND, _("找不到这名代表，可能已被删除。"));
    else
        status = sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status deputy_get(struct ll_db *db, const char *id, struct deputy *out,
                          struct ll_error *err)
{
    return deputy_get_where(db, DEPUTY_SELECT "WHERE d.id = :a", id, "", out, err);
}

/* How strongly stored deputy d matches a key: 3 by its ID card, 2 by its name and phone, 1 by
 * its name (and township) where the row or the record has no phone; 0 not at all. */
static int match_strength(const struct deputy *d, const struct deputy_key *key, const char *idcard,
                          const char *phone)
{
    const char *township = key->township_id ? key->township_id : "";
    if (idcard[0] && strcasecmp(d->id_card, idcard) == 0)
        return 3;
    if (strcmp(d->name, key->name) != 0 || (idcard[0] && d->id_card[0]))
        return 0;
    if (phone[0] && strcmp(d->phone, phone) == 0)
        return 2;
    if ((!phone[0] || !d->phone[0]) && (!township[0] || strcmp(d->township_id, township) == 0))
        return 1;
    return 0;
}

enum ll_status deputy_match(struct ll_db *db, const struct deputy_key *key, struct deputy *out,
                            int *matches, struct ll_error *err)
{
    char idcard[24], phone[32];
    snprintf(idcard, sizeof idcard, "%s", key->id_card ? key->id_card : "");
    text_trim(idcard);
    snprintf(phone, sizeof phone, "%s", key->phone ? key->phone : "");
    text_trim(phone);
    phone_normalize(phone);
    *matches = 0;
    deputy_init(out);
    sqlite3_stmt *st =
        sql_prepare(db,
                    /* only the rows match_strength could take (a common name is on
                     * hundreds of rows of a province's roster) */
                    DEPUTY_SELECT "WHERE d.id_card = upper(nullif(:idcard, '')) OR (d.name = "
                                  ":name AND (:idcard = '' OR d.id_card = '') AND (:phone = '' OR "
                                  "d.phone = '' OR d.phone = :phone)) LIMIT 200",
                    err);
    if (!st)
        return err->status;
    sql_bind_text(st, ":name", key->name);
    sql_bind_text(st, ":idcard", idcard);
    sql_bind_text(st, ":phone", phone);
    int rc, best = 0;
    struct deputy d;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        deputy_init(&d);
        deputy_read(st, &d);
        int strength = match_strength(&d, key, idcard, phone);
        if (strength == 0 || strength < best)
            continue; /* a weaker match is no rival to a stronger one */
        if (strength > best) {
            best = strength;
            *matches = 0;
        }
        if (++*matches == 1)
            *out = d;
    }
    enum ll_status status = rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
    sql_done(db, st);
    return status;
}

enum ll_status deputy_delete(struct ll_db *db, const char *id, struct ll_error *err)
{
    struct deputy d;
    if (deputy_get(db, id, &d, err) != LL_OK)
        return err->status;
    return sql_delete_audited(db, "deputy", id, d.name, err);
}

static void bind_filter(sqlite3_stmt *st, const void *filter)
{
    const struct deputy_filter *f = filter;
    char search[64];
    snprintf(search, sizeof search, "%s", f->search);
    text_trim(search);
    sql_bind_text(st, ":township", f->township_id);
    sql_bind_text(st, ":level",
                  f->level >= 0 && f->level < DEPUTY_LEVEL_COUNT ? level_codes[f->level] : "");
    sql_bind_text(st, ":station", f->station_id);
    sql_bind_int(st, ":no_station", f->no_station);
    sql_bind_text(st, ":search", search);
}

#define DEPUTY_WHERE                                                                               \
    "WHERE (:township = '' OR d.township_id = :township) "                                         \
    "AND (:level = '' OR EXISTS (SELECT 1 FROM deputy_level l WHERE l.deputy_id = d.id AND "       \
    "l.level = :level)) AND (:station = '' OR d.station_id = :station) "                           \
    "AND (:no_station = 0 OR d.station_id IS NULL) "                                               \
    "AND (:search = '' OR instr(d.name, :search) > 0 OR pinyin_match(d.name, :search) "            \
    "OR (length(:search) >= 3 AND instr(d.phone, :search) > 0))"

static const char deputy_page_sql[] = DEPUTY_SELECT DEPUTY_WHERE;
/* A page is found on the keys alone, read in order from roster_order (DEPUTY_KEY of every
 * deputy, kept by triggers: migration 008), then its rows are read: sorting every deputy's key
 * cost as much as the roster is long, for every page. */
static const char deputy_key_sql[] = "SELECT d.id, o.k AS k FROM roster_order o CROSS JOIN "
                                     "deputy d ON d.id = o.id " DEPUTY_WHERE;

struct page_key {
    char id[LL_ID_LEN];
};

static void deputy_key_read(sqlite3_stmt *st, void *row)
{
    sql_column_text(st, 0, ((struct page_key *)row)->id, LL_ID_LEN);
}

/* The page query over f, or over every deputy when f is NULL (all is its storage). */
static struct sql_page_query deputy_query(const struct deputy_filter *f, struct deputy_filter *all)
{
    if (!f) {
        deputy_filter_init(all);
        f = all;
    }
    struct sql_page_query q = {.inner = deputy_page_sql,
                               .bind = bind_filter,
                               .filter = f,
                               .read = deputy_read,
                               .row_size = sizeof(struct deputy)};
    return q;
}

enum ll_status deputy_list(struct ll_db *db, const struct deputy_filter *f, enum page_dir dir,
                           const char *anchor_key, int limit, struct deputy *out, int *count,
                           struct ll_error *err)
{
    struct deputy_filter all;
    struct sql_page_query q = deputy_query(f, &all);
    q.inner = deputy_key_sql;
    q.read = deputy_key_read;
    q.row_size = sizeof(struct page_key);
    struct page_key *keys = calloc(limit > 0 ? (size_t)limit : 1, sizeof *keys);
    if (!keys)
        return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
    enum ll_status st = sql_page(db, &q, dir, anchor_key, limit, keys, count, err);
    for (int i = 0; st == LL_OK && i < *count; i++)
        st = deputy_get(db, keys[i].id, &out[i], err);
    free(keys);
    if (st != LL_OK)
        *count = 0;
    return st;
}

enum ll_status deputy_count(struct ll_db *db, const struct deputy_filter *f, int *count,
                            struct ll_error *err)
{
    struct deputy_filter all;
    struct sql_page_query q = deputy_query(f, &all);
    return sql_page_count(db, &q, count, err);
}
