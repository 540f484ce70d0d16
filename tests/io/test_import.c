/* Unit tests of the CSV import rules: which record a row is, what a missing column leaves
 * alone, and the rows refused with their line and column. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/station.h"
#include "lianluo/township.h"

struct fixture {
    char dir[64];
    char csv[128];
    struct ll_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct ll_error err = {0};
    char path[128];
    snprintf(f->dir, sizeof f->dir, "/tmp/lianluo-import-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(path, sizeof path, "%s/test.db", f->dir);
    snprintf(f->csv, sizeof f->csv, "%s/in.csv", f->dir);
    struct db_identity who = {"测试乡人大", SITE_TOWNSHIP, "桃花江镇", "测试员"};
    assert_int_equal(db_open(path, &who, &f->db, &err), LL_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];
    db_close(f->db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

typedef enum ll_status (*importer)(struct ll_db *, const char *, struct import_result *,
                                   struct ll_error *);

static enum ll_status import_with(struct fixture *f, importer import, const char *text,
                                  struct import_result *res, struct ll_error *err)
{
    FILE *fp = fopen(f->csv, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    memset(err, 0, sizeof *err);
    return import(f->db, f->csv, res, err);
}

static enum ll_status import_text(struct fixture *f, bool deputies, const char *text,
                                  struct import_result *res, struct ll_error *err)
{
    return import_with(f, deputies ? import_deputies : import_stations, text, res, err);
}

static int count_deputies(struct fixture *f)
{
    struct ll_error err = {0};
    int n = -1;
    assert_int_equal(deputy_count(f->db, NULL, &n, &err), LL_OK);
    return n;
}

/* The one deputy with this name (and phone, when not NULL). */
static void get_deputy(struct fixture *f, const char *name, const char *phone, struct deputy *d)
{
    struct ll_error err = {0};
    int matches = 0;
    struct deputy_key key = {.name = name, .phone = phone};
    assert_int_equal(deputy_match(f->db, &key, d, &matches, &err), LL_OK);
    assert_int_equal(matches, 1);
}

static void missing_columns_leave_fields_alone(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, true,
                                 "姓名,性别,出生年月,代表层级,乡镇,联络站,联系电话,工作单位及职务,"
                                 "身份证号\n"
                                 "李秀英,女,1949.12,乡镇级,桃花江镇,竹山村片区联络站,13907375678,"
                                 "竹山村小学教师,11010519491231002X\n",
                                 &res, &err),
                     LL_OK);
    /* a second sheet with only some columns: the others must stay as they are */
    assert_int_equal(import_text(f, true, "姓名,乡镇,民族\n李秀英,桃花江镇,土家族\n", &res, &err),
                     LL_OK);
    assert_int_equal(res.updated, 1);
    assert_int_equal(res.inserted, 0);
    struct deputy d;
    get_deputy(f, "李秀英", NULL, &d);
    assert_string_equal(d.ethnicity, "土家族");
    assert_int_equal(d.gender, GENDER_FEMALE);
    assert_string_equal(d.birth, "1949-12");
    assert_string_equal(d.phone, "13907375678");
    assert_string_equal(d.id_card, "11010519491231002X");
    assert_string_equal(d.workplace, "竹山村小学教师");
    assert_string_equal(d.station_name, "竹山村片区联络站");
    assert_int_equal(d.levels, 1u << LEVEL_TOWNSHIP);
    assert_int_equal(count_deputies(f), 1);

    /* a column that is there but empty clears its field (a blank phone does not make it
     * someone else: the name and township still say who it is) */
    assert_int_equal(
        import_text(f, true, "姓名,乡镇,联络站,联系电话\n李秀英,桃花江镇,,\n", &res, &err), LL_OK);
    assert_int_equal(res.updated, 1);
    get_deputy(f, "李秀英", NULL, &d);
    assert_string_equal(d.phone, "");
    assert_string_equal(d.station_id, "");
    assert_string_equal(d.id_card, "11010519491231002X");
    assert_int_equal(count_deputies(f), 1);
}

static void same_names_are_told_apart_by_phone(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    const char *two = "姓名,代表层级,乡镇,联系电话\n"
                      "张伟,县级,桃花江镇,13800000001\n"
                      "张伟,乡镇级,桃花江镇,13800000002\n";
    assert_int_equal(import_text(f, true, two, &res, &err), LL_OK);
    assert_int_equal(res.inserted, 2);
    assert_int_equal(import_text(f, true, two, &res, &err), LL_OK);
    assert_int_equal(res.unchanged, 2);
    assert_int_equal(res.updated, 0);
    assert_int_equal(count_deputies(f), 2);
    struct deputy d;
    get_deputy(f, "张伟", "13800000002", &d);
    assert_int_equal(d.levels, 1u << LEVEL_TOWNSHIP);

    /* without phones the file cannot say which 张伟 it means: refused, nothing written */
    assert_int_equal(import_text(f, true, "姓名,代表层级\n张伟,市级\n", &res, &err), LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.msg, "不止一位"));
    get_deputy(f, "张伟", "13800000001", &d);
    assert_int_equal(d.levels, 1u << LEVEL_COUNTY);

    /* two people with one name and no phone in one file: the second row is refused */
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,乡镇,联系电话\n"
                                 "王芳,县级,桃花江镇,\n"
                                 "刘洋,县级,桃花江镇,\n"
                                 "王芳,乡镇级,桃花江镇,\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "与第 2 行"));
    assert_int_equal(count_deputies(f), 2);
}

static void id_card_decides(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,联系电话,身份证号,乡镇\n"
                                 "赵敏,县级,13800000003,11010519491231002X,桃花江镇\n",
                                 &res, &err),
                     LL_OK);
    /* a new phone number, same ID card: the same person */
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,联系电话,身份证号\n"
                                 "赵敏,县级,138 0000 0009,11010519491231002X\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.updated, 1);
    assert_int_equal(count_deputies(f), 1);
    struct deputy d;
    get_deputy(f, "赵敏", NULL, &d);
    assert_string_equal(d.phone, "13800000009");
}

static void long_cells_are_refused_not_cut(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    /* 20 characters: cutting it to 18 would have made a valid ID number out of a wrong one */
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,身份证号\n"
                                 "赵敏,县级,11010519491231002X99\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.msg, "太长"));

    char text[512];
    snprintf(text, sizeof text, "姓名,代表层级,乡镇\n赵敏,县级,%s\n",
             "一二三四五六七八九十一二三四五六七八九十一二");
    assert_int_equal(import_text(f, true, text, &res, &err), LL_EINVAL);
    assert_int_equal(err.column, 3);
    assert_int_equal(count_deputies(f), 0);
}

static void serial_numbers_are_not_ids(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, true,
                                 "编号,姓名,代表层级,乡镇\n"
                                 "1,赵敏,县级,桃花江镇\n"
                                 "2,钱进,县级,桃花江镇\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.inserted, 2);
}

static void new_deputy_needs_a_township(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, true, "姓名,代表层级\n赵敏,县级\n", &res, &err), LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "乡镇"));
    assert_int_equal(import_text(f, true, "姓名,代表层级,乡镇\n赵敏,县级,\n", &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.column, 3);
    assert_int_equal(count_deputies(f), 0);
}

static void group_needs_a_township(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(
        import_text(f, true, "姓名,代表层级,代表小组\n赵敏,县级,第一代表小组\n", &res, &err),
        LL_EINVAL);
    assert_int_equal(err.column, 3);
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,乡镇,代表小组,联系电话\n"
                                 "赵敏,县级,桃花江镇,第一代表小组,13800000001\n"
                                 "钱进,县级,桃花江镇,第一代表小组,13800000002\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.groups_created, 1);
}

/* The area station hangs under the central station (both in 桃花江镇). */
static void assert_parent(struct fixture *f, const char *area_name, const char *central_name)
{
    struct ll_error err;
    struct township t;
    struct station area, central;
    assert_int_equal(township_find(f->db, "桃花江镇", &t, &err), LL_OK);
    assert_int_equal(station_find(f->db, t.id, area_name, &area, &err), LL_OK);
    assert_int_equal(station_find(f->db, t.id, central_name, &central, &err), LL_OK);
    assert_int_equal(central.kind, STATION_CENTRAL);
    assert_string_equal(area.parent_id, central.id);
}

/* A roster names area stations before the county has entered any central station: they join
 * the central station as soon as it is there, and a group station with a 上级 is refused. */
static void roster_stations_join_central_later(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,乡镇,联络站\n"
                                 "赵敏,乡镇级,桃花江镇,竹山村片区联络站\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.stations_created, 1);
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n桃花江镇中心联络站,中心联络站,桃花江镇\n", &res,
                                 &err),
                     LL_OK);
    assert_parent(f, "竹山村片区联络站", "桃花江镇中心联络站");

    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "市代表小组联络站,市代表小组联络站,桃花江镇,桃花江镇中心联络站\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_non_null(strstr(err.msg, "只有片区联络站"));
}

static void parent_may_come_after_child(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "竹山村片区联络站,片区联络站,桃花江镇,桃花江镇中心联络站\n"
                                 "桃花江镇中心联络站,中心联络站,桃花江镇,\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.inserted, 2);
    assert_parent(f, "竹山村片区联络站", "桃花江镇中心联络站");

    /* a parent that is nowhere: the row that names it is reported */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "桃花江镇中心联络站,中心联络站,桃花江镇,\n"
                                 "花园村片区联络站,片区联络站,桃花江镇,修山镇中心联络站\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 4);
    assert_non_null(strstr(err.msg, "不存在"));
    int n = -1;
    assert_int_equal(station_count(f->db, NULL, &n, &err), LL_OK);
    assert_int_equal(n, 2);

    /* a parent in another township: the message says where an area station belongs */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "修山镇中心联络站,中心联络站,修山镇,\n"
                                 "花园村片区联络站,片区联络站,桃花江镇,修山镇中心联络站\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "不在本乡镇"));

    /* the same station twice in one file */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "花园村片区联络站,片区联络站,桃花江镇\n"
                                 "花园村片区联络站,片区联络站,桃花江镇\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 3);
}

/* A lower-case x is the same ID number; a phone added later is the same person. */
static void id_card_and_phone_filled_in_later(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    const char *lower = "姓名,代表层级,乡镇,联系电话,身份证号\n"
                        "赵敏,县级,桃花江镇,13800000003,11010519491231002x\n";
    assert_int_equal(import_text(f, true, lower, &res, &err), LL_OK);
    assert_int_equal(import_text(f, true, lower, &res, &err), LL_OK);
    assert_int_equal(res.unchanged, 1);
    assert_int_equal(count_deputies(f), 1);

    assert_int_equal(
        import_text(f, true, "姓名,代表层级,乡镇,联系电话\n王芳,县级,桃花江镇,\n", &res, &err),
        LL_OK);
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,乡镇,联系电话\n王芳,县级,桃花江镇,13800000004\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.updated, 1);
    assert_int_equal(count_deputies(f), 2);
    /* a different phone is a different person of the same name */
    assert_int_equal(import_text(f, true,
                                 "姓名,代表层级,乡镇,联系电话\n王芳,县级,桃花江镇,13800000005\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.inserted, 1);
    assert_int_equal(count_deputies(f), 3);
    /* and a row without a phone now cannot say which 王芳 it is */
    assert_int_equal(import_text(f, true, "姓名,代表层级,乡镇\n王芳,乡镇级,桃花江镇\n", &res, &err),
                     LL_EINVAL);
    assert_non_null(strstr(err.msg, "不止一位"));
}

/* The parents are checked once every row is in, against the stations as the file leaves them. */
static void parents_follow_the_whole_file(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    /* promoted after the row that names it as parent */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "竹山村片区联络站,片区联络站,桃花江镇,花园村联络站\n"
                                 "花园村联络站,中心联络站,桃花江镇,\n",
                                 &res, &err),
                     LL_OK);
    assert_parent(f, "竹山村片区联络站", "花园村联络站");
    /* demoted after the row that names it: refused at that row, nothing changed */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇,上级联络站\n"
                                 "竹山村片区联络站,片区联络站,桃花江镇,花园村联络站\n"
                                 "花园村联络站,片区联络站,桃花江镇,\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_parent(f, "竹山村片区联络站", "花园村联络站");
}

/* A station from another database keeps its id, and its kind is still read from its name. */
static void new_station_with_id_gets_its_kind(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(
        import_text(f, false,
                    "编号,名称,乡镇\n"
                    "0190c1a2-3b4c-7d5e-8f60-123456789abc,桃花江镇中心联络站,桃花江镇\n",
                    &res, &err),
        LL_OK);
    struct station s;
    assert_int_equal(station_get(f->db, "0190c1a2-3b4c-7d5e-8f60-123456789abc", &s, &err), LL_OK);
    assert_int_equal(s.kind, STATION_CENTRAL);
}

/* Another station becomes central: the file may say so before or after the row that demotes
 * the old one; a township left with two central stations is refused at the new one's row. */
static void central_station_moves_in_any_order(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "甲站,中心联络站,桃花江镇\n"
                                 "乙站,片区联络站,桃花江镇\n",
                                 &res, &err),
                     LL_OK);
    assert_parent(f, "乙站", "甲站");
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "乙站,中心联络站,桃花江镇\n"
                                 "甲站,片区联络站,桃花江镇\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.updated, 2);
    assert_parent(f, "甲站", "乙站");
    /* and back, the other way round */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "乙站,片区联络站,桃花江镇\n"
                                 "甲站,中心联络站,桃花江镇\n",
                                 &res, &err),
                     LL_OK);
    assert_parent(f, "乙站", "甲站");
    /* two central stations: refused at the row of the new one, nothing changed */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "丙站,中心联络站,桃花江镇\n",
                                 &res, &err),
                     LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.msg, "甲站"));
    assert_parent(f, "乙站", "甲站");

    /* two townships swap their central stations, each row moving one into the other's */
    assert_int_equal(import_text(f, false,
                                 "名称,类型,乡镇\n"
                                 "丁站,中心联络站,修山镇\n"
                                 "戊站,片区联络站,修山镇\n",
                                 &res, &err),
                     LL_OK);
    struct township t, u;
    struct station jia, ding;
    assert_int_equal(township_find(f->db, "桃花江镇", &t, &err), LL_OK);
    assert_int_equal(township_find(f->db, "修山镇", &u, &err), LL_OK);
    assert_int_equal(station_find(f->db, t.id, "甲站", &jia, &err), LL_OK);
    assert_int_equal(station_find(f->db, u.id, "丁站", &ding, &err), LL_OK);
    char swap[512];
    snprintf(swap, sizeof swap,
             "编号,名称,类型,乡镇\n%s,甲站,中心联络站,修山镇\n%s,丁站,中心联络站,桃花江镇\n",
             jia.id, ding.id);
    assert_int_equal(import_text(f, false, swap, &res, &err), LL_OK);
    assert_parent(f, "乙站", "丁站");
    assert_int_equal(station_find(f->db, u.id, "戊站", &ding, &err), LL_OK);
    assert_string_equal(ding.parent_id, jia.id);
}

/* Volunteers: matched by name (and phone) in their station; a second import changes nothing;
 * a row without a station, or naming one of two volunteers of the same name, is refused. */
static void volunteers_import(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    const char *two = "乡镇,联络站,姓名,电话,备注\n"
                      "桃花江镇,桃花江镇中心联络站,张三,138 0000 0001,接待登记\n"
                      "桃花江镇,桃花江镇中心联络站,张三,13800000002,\n";
    assert_int_equal(import_with(f, import_volunteers, two, &res, &err), LL_OK);
    assert_int_equal(res.inserted, 2);
    assert_int_equal(res.stations_created, 1);
    assert_int_equal(import_with(f, import_volunteers, two, &res, &err), LL_OK);
    assert_int_equal(res.unchanged, 2);
    assert_int_equal(res.inserted, 0);

    assert_int_equal(
        import_with(f, import_volunteers, "联络站,姓名\n桃花江镇中心联络站,张三\n", &res, &err),
        LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.msg, "不止一位"));

    assert_int_equal(
        import_with(f, import_volunteers, "乡镇,联络站,姓名\n桃花江镇,,李四\n", &res, &err),
        LL_EINVAL);
    assert_int_equal(err.column, 2);
    assert_non_null(strstr(err.msg, "联络站"));

    /* without a 乡镇 column the station is found by its name alone */
    assert_int_equal(
        import_with(f, import_volunteers,
                    "联络站,姓名,电话,备注\n桃花江镇中心联络站,张三,13800000002,新来的\n", &res,
                    &err),
        LL_OK);
    assert_int_equal(res.updated, 1);

    /* ... unless two townships have a station of that name: then it asks for the township */
    assert_int_equal(import_with(f, import_volunteers,
                                 "乡镇,联络站,姓名\n修山镇,花园片区联络站,王五\n"
                                 "桃花江镇,花园片区联络站,赵六\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.stations_created, 2);
    assert_int_equal(
        import_with(f, import_volunteers, "联络站,姓名\n花园片区联络站,王五\n", &res, &err),
        LL_EINVAL);
    assert_int_equal(err.column, 1);
    assert_non_null(strstr(err.msg, "请填写乡镇"));
}

/* Deputy groups: matched by name in their township; a group needs its township. */
static void groups_import(void **state)
{
    struct fixture *f = *state;
    struct import_result res;
    struct ll_error err;
    const char *one = "名称,乡镇,联络站,备注\n第一代表小组,桃花江镇,,每月活动\n";
    assert_int_equal(import_with(f, import_groups, one, &res, &err), LL_OK);
    assert_int_equal(res.inserted, 1);
    assert_int_equal(import_with(f, import_groups, one, &res, &err), LL_OK);
    assert_int_equal(res.unchanged, 1);
    assert_int_equal(import_with(f, import_groups,
                                 "名称,乡镇,备注\n第一代表小组,桃花江镇,每季度活动\n", &res, &err),
                     LL_OK);
    assert_int_equal(res.updated, 1);
    assert_int_equal(import_with(f, import_groups, "名称\n第二代表小组\n", &res, &err), LL_EINVAL);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "乡镇"));

    /* a group meeting at a station in another township: exported and imported back, it keeps
     * that station, and no station is made up */
    assert_int_equal(
        import_text(f, false, "名称,类型,乡镇\n市代表第一小组联络站,小组,修山镇\n", &res, &err),
        LL_OK);
    assert_int_equal(import_with(f, import_groups,
                                 "名称,乡镇,联络站\n第一代表小组,桃花江镇,市代表第一小组联络站\n",
                                 &res, &err),
                     LL_OK);
    assert_int_equal(res.stations_created, 0);
    FILE *fp = fopen(f->csv, "wb");
    int rows = 0;
    assert_int_equal(export_groups(f->db, fp, &rows, &err), LL_OK);
    fclose(fp);
    assert_int_equal(import_groups(f->db, f->csv, &res, &err), LL_OK);
    assert_int_equal(res.stations_created, 0);
    assert_int_equal(res.unchanged, 1);
    int n = -1;
    assert_int_equal(station_count(f->db, NULL, &n, &err), LL_OK);
    assert_int_equal(n, 1);
    /* a station nobody has entered is not invented */
    assert_int_equal(
        import_with(f, import_groups, "名称,乡镇,联络站\n第三小组,桃花江镇,无此站\n", &res, &err),
        LL_EINVAL);
    assert_non_null(strstr(err.msg, "请先导入联络站"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(missing_columns_leave_fields_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(same_names_are_told_apart_by_phone, setup, teardown),
        cmocka_unit_test_setup_teardown(id_card_decides, setup, teardown),
        cmocka_unit_test_setup_teardown(long_cells_are_refused_not_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(serial_numbers_are_not_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(new_deputy_needs_a_township, setup, teardown),
        cmocka_unit_test_setup_teardown(volunteers_import, setup, teardown),
        cmocka_unit_test_setup_teardown(groups_import, setup, teardown),
        cmocka_unit_test_setup_teardown(central_station_moves_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(group_needs_a_township, setup, teardown),
        cmocka_unit_test_setup_teardown(parent_may_come_after_child, setup, teardown),
        cmocka_unit_test_setup_teardown(roster_stations_join_central_later, setup, teardown),
        cmocka_unit_test_setup_teardown(id_card_and_phone_filled_in_later, setup, teardown),
        cmocka_unit_test_setup_teardown(parents_follow_the_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(new_station_with_id_gets_its_kind, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
