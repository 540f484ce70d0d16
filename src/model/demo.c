/* `lianluo demo`: a county shaped like Taojiang in the source bulletin — 15 townships, 99
 * stations (3 city deputy-group + 15 central + 81 area), deputies of all five levels, and a
 * year of their stations' ledger (demo_ledger.c) and of their leaders' contacts with deputies
 * (demo_contact.c). The names are made up; a fixed seed makes
 * every demo database the same. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "lianluo/deputy.h"
#include "lianluo/io.h"
#include "lianluo/station.h"
#include "lianluo/township.h"
#include "model/demo.h"
#include "model/sql.h"

static const char *const townships[] = {
    "桃花江镇", "修山镇", "鸬鹚渡镇", "大栗港镇", "松木塘镇",
    "石牛江镇", "牛田镇", "灰山港镇", "武潭镇",   "马迹塘镇",
    "三堂街镇", "沾溪镇", "浮邱山乡", "高桥乡",   "鲊埠回族乡",
};
#define NTOWNSHIPS 15

/* The default demo: a year of Taojiang's ledger. The benchmark's county (100 stations, about
 * 1,000 deputies, ten years: some 200,000 entries and 50,000 problems) and province (ten times
 * the county) keep its proportions; so do their leaders' contacts with deputies (the default:
 * about a year's 353 of the bulletin, this year so far; the county 50,000 over ten years). */
static const struct demo_size demo_sizes[] = {
    [DEMO_DEFAULT] = {1, 81, 4, 4, 12, 1, 100, 360, 0},
    [DEMO_COUNTY] = {1, 82, 9, 5, 123, 5, 40, 50000, 3650},
    [DEMO_PROVINCE] = {10, 82, 9, 5, 123, 5, 40, 500000, 3650},
};

static const char *const village_first[] = {"竹", "桃", "清", "石", "新", "黄", "金", "花",
                                            "白", "龙", "青", "长", "杨", "枫", "梅", "荷"};
static const char *const village_second[] = {"山", "林", "溪", "塘", "湾", "坪",
                                             "冲", "桥", "源", "园", "岭", "洲"};
static const char *const surnames[] = {"张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周",
                                       "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
                                       "罗", "曾", "谢", "邓", "彭", "熊", "蔡", "符", "莫"};
static const char *const given_male[] = {"建国", "志强", "国庆", "明",   "伟",   "军",
                                         "立新", "德华", "小平", "卫东", "爱民", "文",
                                         "振华", "金山", "思远", "家豪", "海军", "永红"};
static const char *const given_female[] = {"秀英", "丽华", "海燕", "芳",   "静", "红梅",
                                           "春花", "桂兰", "玉兰", "晓梅", "湘", "小英"};
static const char *const workplaces[] = {
    "村党总支", "镇中心学校",   "竹业合作社",     "镇卫生院",   "农业综合服务站",
    "家庭农场", "建材有限公司", "茶叶专业合作社", "社区居委会", "县人民医院"};
static const char *const posts[] = {"书记", "教师",   "理事长", "院长", "站长",
                                    "场主", "总经理", "负责人", "主任", "医生"};

enum ll_status demo_no_memory(struct ll_error *err)
{
    return ll_error_set(err, LL_ENOMEM, _("内存不足。"));
}

void demo_person_name(struct demo_rng *r, bool female, char *out, size_t size)
{
    const char *surname = PICK(r, surnames);
    snprintf(out, size, "%s%s", surname, female ? PICK(r, given_female) : PICK(r, given_male));
}

static enum ll_status demo_station(struct ll_db *db, const char *township_id, const char *name,
                                   enum station_kind kind, const char *village, struct demo_rng *r,
                                   struct station *out, struct ll_error *err)
{
    station_init(out);
    out->kind = kind;
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->township_id, sizeof out->township_id, "%s", township_id);
    snprintf(out->village, sizeof out->village, "%s", village);
    snprintf(out->admin_name, sizeof out->admin_name, "%s%s", PICK(r, surnames),
             demo_next(r, 2) ? PICK(r, given_male) : PICK(r, given_female));
    snprintf(out->admin_phone, sizeof out->admin_phone, "13%09u", demo_next(r, 1000000000));
    snprintf(out->hours, sizeof out->hours, "%s", "每月 15 日代表接待日，工作日 9:00-17:00");
    if (village[0]) /* a village station sits in its village's service centre */
        snprintf(out->address, sizeof out->address, "%s综合服务中心二楼", village);
    else
        snprintf(out->address, sizeof out->address, "%s", "乡镇人民政府院内一楼");
    /* Most stations meet all six haves; about one in six misses one, as in real networks. */
    int missing = demo_next(r, 6) == 0 ? (int)demo_next(r, STATION_HAVE_COUNT) : -1;
    for (int h = 0; h < STATION_HAVE_COUNT; h++) {
        out->haves[h].done = h != missing;
        if (out->haves[h].done)
            snprintf(out->haves[h].date, sizeof out->haves[h].date, "2022-%02u-%02u",
                     1 + demo_next(r, 12), 1 + demo_next(r, 28));
    }
    return station_save(db, out, err);
}

static enum ll_status demo_deputy(struct ll_db *db, const struct station *st, unsigned levels,
                                  bool in_station, const char *group_id, struct demo_rng *r,
                                  struct ll_error *err)
{
    struct deputy d;
    deputy_init(&d);
    d.gender = demo_next(r, 3) == 0 ? GENDER_FEMALE : GENDER_MALE;
    snprintf(d.name, sizeof d.name, "%s%s", PICK(r, surnames),
             d.gender == GENDER_FEMALE ? PICK(r, given_female) : PICK(r, given_male));
    snprintf(d.ethnicity, sizeof d.ethnicity, "%s", demo_next(r, 20) == 0 ? "回族" : "汉族");
    snprintf(d.birth, sizeof d.birth, "19%02u-%02u", 55 + demo_next(r, 40), 1 + demo_next(r, 12));
    snprintf(d.party, sizeof d.party, "%s", demo_next(r, 4) == 0 ? "群众" : "中共党员");
    unsigned w = demo_next(r, sizeof workplaces / sizeof workplaces[0]);
    snprintf(d.workplace, sizeof d.workplace, "%s%s", st->village[0] ? st->village : "",
             workplaces[w]);
    snprintf(d.post, sizeof d.post, "%s", posts[w]);
    snprintf(d.phone, sizeof d.phone, "1%u%09u", 3 + demo_next(r, 7), demo_next(r, 1000000000));
    snprintf(d.township_id, sizeof d.township_id, "%s", st->township_id);
    if (in_station)
        snprintf(d.station_id, sizeof d.station_id, "%s", st->id);
    if (group_id)
        snprintf(d.group_id, sizeof d.group_id, "%s", group_id);
    snprintf(d.term, sizeof d.term, "%s", "第十八届");
    d.levels = levels;
    return deputy_save(db, &d, err);
}

/* Levels of the n-th deputy of a station: mostly township, some county (often both), a few
 * city, provincial and national deputies spread over the county. */
static unsigned demo_levels(unsigned i, struct demo_rng *r)
{
    unsigned roll = demo_next(r, 100);
    if (i == 0 && roll < 3)
        return 1u << LEVEL_NATIONAL | 1u << LEVEL_COUNTY;
    if (i == 0 && roll < 10)
        return 1u << LEVEL_PROVINCIAL | 1u << LEVEL_COUNTY;
    if (i == 1 && roll < 25)
        return 1u << LEVEL_CITY | 1u << LEVEL_COUNTY;
    if (roll < 20)
        return 1u << LEVEL_COUNTY | 1u << LEVEL_TOWNSHIP;
    if (roll < 30)
        return 1u << LEVEL_COUNTY;
    return 1u << LEVEL_TOWNSHIP;
}

/* Two volunteers at each central station. */
static enum ll_status demo_volunteers(struct ll_db *db, const struct station *st,
                                      struct demo_rng *r, struct ll_error *err)
{
    for (int i = 0; i < 2; i++) {
        struct volunteer v;
        volunteer_init(&v);
        snprintf(v.station_id, sizeof v.station_id, "%s", st->id);
        snprintf(v.name, sizeof v.name, "%s%s", PICK(r, surnames),
                 i ? PICK(r, given_female) : PICK(r, given_male));
        snprintf(v.phone, sizeof v.phone, "1%u%09u", 3 + demo_next(r, 7), demo_next(r, 1000000000));
        snprintf(v.note, sizeof v.note, "%s", i ? "负责接待登记" : "负责台账整理");
        if (volunteer_save(db, &v, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

/* Township t's name: Taojiang's fifteen, then (a province's) made of village syllables, each
 * name once. */
static void township_name(int t, char *out, size_t size)
{
    if (t < NTOWNSHIPS) {
        snprintf(out, size, "%s", townships[t]);
        return;
    }
    unsigned i = (unsigned)(t - NTOWNSHIPS), nfirst = DEMO_COUNT(village_first);
    snprintf(out, size, "%s%s%s", village_first[i % nfirst],
             village_second[i / nfirst % DEMO_COUNT(village_second)], i % 3 ? "镇" : "乡");
}

static enum ll_status demo_township(struct ll_db *db, int t, int areas,
                                    const struct demo_size *size, struct demo_rng *r,
                                    struct ll_error *err)
{
    struct township ts;
    struct station central, area;
    char name[128], village[64], tname[64];
    township_name(t, tname, sizeof tname);
    if (township_ensure(db, tname, &ts, err) != LL_OK)
        return err->status;
    snprintf(name, sizeof name, "%s%s", tname, "人大代表中心联络站");
    if (demo_station(db, ts.id, name, STATION_CENTRAL, "", r, &central, err) != LL_OK)
        return err->status;
    for (unsigned i = 0; i < 6; i++)
        if (demo_deputy(db, &central, demo_levels(i, r), true, NULL, r, err) != LL_OK)
            return err->status;
    if (demo_volunteers(db, &central, r, err) != LL_OK)
        return err->status;
    for (int a = 0; a < areas; a++) {
        snprintf(village, sizeof village, "%s%s%s", PICK(r, village_first), PICK(r, village_second),
                 a % 4 == 3 ? "社区" : "村");
        snprintf(name, sizeof name, "%s%s", village, "人大代表片区联络站");
        if (demo_station(db, ts.id, name, STATION_AREA, village, r, &area, err) != LL_OK) {
            if (err->status != LL_EINVAL)
                return err->status;
            a--; /* the made-up village name was taken: draw another */
            continue;
        }
        unsigned deputies = size->area_deputies_least + demo_next(r, size->area_deputies_spread);
        for (unsigned i = 0; i < deputies; i++)
            if (demo_deputy(db, &area, demo_levels(i, r), demo_next(r, 40) != 0, NULL, r, err) !=
                LL_OK)
                return err->status;
    }
    return LL_OK;
}

/* The three city deputy groups of block b (of 15 townships), each at a station of its own. */
static enum ll_status demo_groups(struct ll_db *db, int b, struct demo_rng *r, struct ll_error *err)
{
    static const char *const names[] = {"益阳市人大代表桃江第一小组联络站",
                                        "益阳市人大代表桃江第二小组联络站",
                                        "益阳市人大代表桃江第三小组联络站"};
    struct township ts;
    struct station st;
    struct deputy_group group;
    char tname[64], name[128];
    for (int g = 0; g < 3; g++) {
        township_name(b * NTOWNSHIPS + g * 5, tname, sizeof tname);
        if (b == 0)
            snprintf(name, sizeof name, "%s", names[g]);
        else /* a province's other counties */
            snprintf(name, sizeof name, "市人大代表第%d小组联络站", b * 3 + g + 1);
        if (township_ensure(db, tname, &ts, err) != LL_OK ||
            demo_station(db, ts.id, name, STATION_GROUP, "", r, &st, err) != LL_OK)
            return err->status;
        /* the city deputies of the station form its deputy group */
        deputy_group_init(&group);
        snprintf(group.name, sizeof group.name, "%.*s", (int)(strlen(name) - strlen("联络站")),
                 name);
        snprintf(group.township_id, sizeof group.township_id, "%s", ts.id);
        snprintf(group.station_id, sizeof group.station_id, "%s", st.id);
        if (deputy_group_save(db, &group, err) != LL_OK)
            return err->status;
        for (unsigned i = 0; i < 5; i++)
            if (demo_deputy(db, &st, 1u << LEVEL_CITY | (i == 0 ? 1u << LEVEL_COUNTY : 0), true,
                            group.id, r, err) != LL_OK)
                return err->status;
    }
    return LL_OK;
}

enum ll_status demo_build(struct ll_db *db, struct ll_error *err)
{
    return demo_build_scaled(db, DEMO_DEFAULT, err);
}

enum ll_status demo_build_scaled(struct ll_db *db, enum demo_scale scale, struct ll_error *err)
{
    const struct demo_size *size = &demo_sizes[scale];
    int existing = 0;
    if (station_count(db, NULL, &existing, err) != LL_OK)
        return err->status;
    if (existing > 0)
        return ll_error_set(err, LL_ECONFLICT,
                            _("数据库里已有 %d 个联络站，演示数据只能建在空数据库里。"
                              "请用 --db 指定一个新文件。"),
                            existing);
    struct demo_rng r = {20240730};
    if (db_begin(db, err) != LL_OK)
        goto fail_begin;
    for (int b = 0; b < size->blocks; b++) {
        for (int t = 0; t < NTOWNSHIPS; t++) {
            /* 81 area stations: 6 in the first six townships, 5 in the others. */
            int n = size->area_stations, areas = n / NTOWNSHIPS + (t < n % NTOWNSHIPS ? 1 : 0);
            if (demo_township(db, b * NTOWNSHIPS + t, areas, size, &r, err) != LL_OK)
                goto fail;
        }
        if (demo_groups(db, b, &r, err) != LL_OK)
            goto fail;
    }
    if (demo_ledger(db, size, err) != LL_OK || demo_contacts(db, size, err) != LL_OK)
        goto fail;
    if (db_commit(db, err) != LL_OK)
        goto fail_begin;
    return LL_OK;
fail:
    db_rollback(db);
fail_begin:
    return err->status;
}
