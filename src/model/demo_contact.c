/* `lianluo demo`, last pass: the leaders' contacts with deputies (双向联系) — county leaders,
 * standing-committee members and heads of government departments visiting, receiving, meeting,
 * phoning and messaging the deputies of the county the first passes built, and the items they
 * coordinated. Each is saved by contact_save, inside the caller's transaction (its statements
 * kept prepared: 50,000 take some ten seconds). Its own seed, drawn after everything else: the
 * county and its ledger stay exactly as they were before contacts existed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lianluo/contact.h"
#include "lianluo/datetime.h"
#include "model/demo.h"
#include "model/sql.h"

/* The posts of the leaders who contact deputies, and how many hold each: the county's leaders
 * and heads of government departments, and the standing committee's members (the bulletin's
 * 56 and 32). */
static const struct {
    const char *post;
    int holders;
} posts[] = {
    {"县委书记", 1},
    {"县长", 1},
    {"县人大常委会主任", 1},
    {"县人大常委会副主任", 4},
    {"县委副书记", 1},
    {"县委常委", 6},
    {"副县长", 5},
    {"县政协主席", 1},
    {"县人大常委会委员", 24},
    {"县发展和改革局局长", 1},
    {"县财政局局长", 1},
    {"县交通运输局局长", 1},
    {"县水利局局长", 1},
    {"县教育局局长", 1},
    {"县卫生健康局局长", 1},
    {"县民政局局长", 1},
    {"县农业农村局局长", 1},
    {"县住房和城乡建设局局长", 1},
    {"县自然资源局局长", 1},
    {"县人力资源和社会保障局局长", 1},
    {"县医疗保障局局长", 1},
    {"县林业局局长", 1},
    {"县市场监督管理局局长", 1},
    {"县应急管理局局长", 1},
};
#define LEADERS_MAX 96

/* What a contact was about, and its mode: most hear the deputy out or report back (nothing
 * coordinated), the others coordinate what the deputy raised (the bulletin: 157 items in 353
 * contacts). */
struct topic {
    enum contact_mode mode;
    const char *content;
    int items;
};

static const struct topic routine[] = {
    {CONTACT_VISIT, "走访代表，了解代表所在村产业发展和集体经济情况，听取代表对乡村振兴工作的意见",
     0},
    {CONTACT_VISIT, "走访代表，通报县人大常委会年度工作要点，听取代表对常委会工作的意见建议", 0},
    {CONTACT_RECEPTION,
     "接待代表来访，听取代表对全县重点项目建设的意见建议，代表表示将带头做好群众工作", 0},
    {CONTACT_SEMINAR, "座谈听取代表对县人大常委会工作的意见，代表建议增加代表列席常委会会议的机会",
     0},
    {CONTACT_SEMINAR,
     "参加片区联络站代表座谈会，听取代表对优化营商环境的意见建议，共同研究改进措施", 0},
    {CONTACT_PHONE, "电话联系代表，了解其所提山塘除险加固建议的办理进展，代表对办理结果表示满意",
     0},
    {CONTACT_PHONE, "电话联系代表，了解代表履职情况，提醒代表按时参加联络站接待群众活动", 0},
    {CONTACT_WECHAT, "微信联系代表，发送县人大常委会近期工作安排，请代表就优化营商环境提出意见", 0},
    {CONTACT_WECHAT, "微信联系代表，转发代表建议的办理答复，听取代表对答复的意见", 0},
};

static const struct topic coordinated[] = {
    {CONTACT_VISIT, "走访了解代表所在村道路硬化情况，协调县交通运输局列入明年计划", 1},
    {CONTACT_VISIT,
     "到代表家中走访，听取对农村饮水安全工作的意见，代表反映两个组水压不足，已交县水利局核实处理",
     1},
    {CONTACT_VISIT, "走访代表所在合作社，了解茶叶销售困难，协调县农业农村局帮助对接电商平台", 1},
    {CONTACT_VISIT, "走访代表所在企业，了解用工和融资困难，协调县人社局组织专场招聘会", 2},
    {CONTACT_VISIT, "走访了解代表所在村危桥改造进展，协调县交通运输局加快施工进度", 1},
    {CONTACT_VISIT,
     "走访代表，了解竹产业发展情况，代表建议加大竹林道路建设补助，已转县林业局研究办理", 1},
    {CONTACT_RECEPTION, "接待代表来访，代表反映村小学校舍漏雨，协调县教育局安排维修资金", 1},
    {CONTACT_RECEPTION,
     "接待代表来访，听取代表对群众看病难问题的意见建议，已转县卫生健康局研究答复", 1},
    {CONTACT_RECEPTION, "接待代表来访，代表反映村里路灯损坏、夜间出行不便，协调镇里更换路灯", 1},
    {CONTACT_SEMINAR,
     "参加乡镇代表座谈会，听取代表对政府工作报告和民生实事项目的意见建议，收集意见三条", 3},
    {CONTACT_SEMINAR,
     "组织片区代表座谈，围绕农村人居环境整治听取意见，协调解决垃圾清运不及时等问题两个", 2},
    {CONTACT_PHONE, "电话联系代表，通报代表反映的高龄津贴未按时发放问题已核实补发", 1},
    {CONTACT_WECHAT, "通过微信与代表交流，收集代表对城乡居民医保缴费的意见，已转县医保局答复", 1},
};

struct demo_leader {
    char name[64];
    const char *post;
};

struct contact_deputy {
    char id[LL_ID_LEN];
    char name[64];
};

/* Every deputy with a township (*out, malloc'd), in the same order every time. */
static enum ll_status load_deputies(struct ll_db *db, struct contact_deputy **out, int *n,
                                    struct ll_error *err)
{
    int max = 0;
    *n = 0;
    *out = NULL;
    sqlite3_stmt *st =
        sql_prepare(db, "SELECT count(*) FROM deputy WHERE township_id IS NOT NULL", err);
    if (!st || sql_int(db, st, &max, err) != LL_OK)
        return err->status;
    if (max == 0 || !(*out = calloc((size_t)max, sizeof **out)))
        return max == 0 ? LL_OK : demo_no_memory(err);
    st = sql_prepare(db,
                     "SELECT d.id, d.name FROM deputy d JOIN township t ON t.id = "
                     "d.township_id ORDER BY t.sort_order, t.name, d.sort_name, d.name, d.phone",
                     err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        struct contact_deputy *d = &(*out)[(*n)++];
        sql_column_text(st, 0, d->id, sizeof d->id);
        sql_column_text(st, 1, d->name, sizeof d->name);
    }
    sql_done(db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? LL_OK : sql_fail(db, err);
}

enum ll_status demo_contacts(struct ll_db *db, const struct demo_size *size, struct ll_error *err)
{
    struct demo_rng r = {20260315};
    struct demo_leader leaders[LEADERS_MAX];
    int nleaders = 0;
    for (size_t p = 0; p < DEMO_COUNT(posts); p++)
        for (int i = 0; i < posts[p].holders && nleaders < LEADERS_MAX; i++) {
            demo_person_name(&r, demo_next(&r, 4) == 0, leaders[nleaders].name,
                             sizeof leaders[nleaders].name);
            leaders[nleaders++].post = posts[p].post;
        }
    /* the default demo: this year so far; a bigger one: size->contact_days ending today */
    char today[11], new_year[11];
    date_today(today);
    snprintf(new_year, sizeof new_year, "%.4s-01-01", today);
    int days = size->contact_days > 0 ? size->contact_days : date_days_between(new_year, today) + 1;
    struct contact_deputy *deputies = NULL;
    int ndeputies = 0;
    enum ll_status status = load_deputies(db, &deputies, &ndeputies, err);
    for (int i = 0; status == LL_OK && ndeputies > 0 && i < size->contacts; i++) {
        struct contact c;
        contact_init(&c);
        const struct demo_leader *l = &leaders[demo_next(&r, (unsigned)nleaders)];
        const struct contact_deputy *d = &deputies[demo_next(&r, (unsigned)ndeputies)];
        const struct topic *t = demo_next(&r, 5) < 3 ? &PICK(&r, routine) : &PICK(&r, coordinated);
        snprintf(c.leader_name, sizeof c.leader_name, "%s", l->name);
        snprintf(c.leader_post, sizeof c.leader_post, "%s", l->post);
        snprintf(c.deputy_id, sizeof c.deputy_id, "%s", d->id);
        snprintf(c.deputy_name, sizeof c.deputy_name, "%s", d->name);
        c.mode = t->mode;
        snprintf(c.content, sizeof c.content, "%s", t->content);
        snprintf(c.items, sizeof c.items, "%d", t->items);
        demo_date_add(today, -(int)demo_next(&r, (unsigned)days), c.date);
        status = contact_save(db, &c, err);
    }
    free(deputies);
    return status;
}
