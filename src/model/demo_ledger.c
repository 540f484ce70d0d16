/* `lianluo demo`, second pass: a year of station ledger (the twelve months ending today) for
 * the county the first pass built, so that a new user sees a working ledger at once — entries
 * at every station, and the problems raised at receptions followed to where they stand today.
 * Its own seed keeps the county itself exactly as it was before the ledger existed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lianluo/datetime.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "lianluo/text.h"
#include "model/demo.h"
#include "model/sql.h"

#define STATION_DEPUTIES_MAX 16

struct demo_deputy {
    char id[LL_ID_LEN];
    char name[64];
};

struct demo_station {
    char id[LL_ID_LEN];
    char township_id[LL_ID_LEN];
    char village[64];
    enum station_kind kind;
    int ndeputies;
    struct demo_deputy deputies[STATION_DEPUTIES_MAX];
};

/* What a constituent raises, and where it goes: its topic as a reception's summary names it,
 * the problem as written down after the village and group (竹山村三组...), the unit it is
 * referred to, the reply when solved, and the explanation given when it is not. */
struct problem_template {
    enum problem_category category;
    const char *topic;
    const char *text;
    const char *unit;
    const char *solved;
    const char *explained;
};

static const struct problem_template templates[] = {
    {CATEGORY_ROADS, "组级道路破损", "通组公路路面破损，雨天泥泞，群众出行困难", "县交通运输局",
     "该路段已纳入农村公路提质改造计划，路面硬化已完工。",
     "该路段已列入明年农村公路建设计划，资金到位后实施，其间先组织填补坑洼。"},
    {CATEGORY_ROADS, "急弯缺少护栏", "村道急弯处没有护栏和警示标志，存在安全隐患", "县交通运输局",
     "已在急弯处安装波形护栏和警示标志。", "已设置临时警示标志，护栏待安全生命防护工程统一安装。"},
    {CATEGORY_ROADS, "便桥年久失修", "通往镇上的便桥年久失修，桥面开裂", "镇交通管理站",
     "已对便桥进行维修加固，桥面重新浇筑。",
     "经检测桥梁主体结构安全，已限载通行并纳入危桥改造计划。"},
    {CATEGORY_WATER, "灌溉渠道淤塞", "灌溉渠道淤塞，下游农田放不进水", "镇农业综合服务中心",
     "已组织劳力清淤疏通渠道，恢复正常灌溉。",
     "渠道属村集体管护，已指导村里组织受益农户投工投劳清淤。"},
    {CATEGORY_WATER, "山塘渗漏", "山塘坝体渗漏，担心汛期安全", "县水利局",
     "已对山塘进行除险加固，汛前完工。", "经水利技术人员现场查看，坝体安全，已安排专人汛期巡查。"},
    {CATEGORY_WATER, "自来水水压不足", "自来水水压不足，地势高的农户经常停水", "县自来水公司",
     "已增设加压泵站，供水恢复正常。", "已调整供水时段，管网改造项目正在申报。"},
    {CATEGORY_WELFARE, "医保缴费报销", "老人咨询城乡居民医保缴费标准和住院报销比例", "县医保局",
     "已上门讲解医保政策并协助办理缴费。",
     "已向群众解释医保缴费标准和报销政策，并发放政策宣传资料。"},
    {CATEGORY_WELFARE, "高龄津贴未到账", "八十岁以上老人高龄津贴没有按时到账", "县民政局",
     "经核查为银行账户信息有误，已更正并补发。", "经核查津贴已按季度发放，已向老人说明发放时间。"},
    {CATEGORY_WELFARE, "养老服务", "独居老人多，希望建日间照料中心", "县民政局",
     "已建成村级互助养老服务点并投入使用。", "已将该村纳入明年农村互助养老服务点建设计划。"},
    {CATEGORY_ENVIRONMENT, "垃圾分类", "垃圾分类收集点太少，垃圾清运不及时", "镇环卫所",
     "已增设分类收集点，清运改为每天一次。", "已调整清运线路，收集点建设待村民协商选址。"},
    {CATEGORY_ENVIRONMENT, "养殖污水", "养殖场污水直排，气味大", "县生态环境分局",
     "已责令养殖场整改，配套建设污水处理设施。", "经监测排放达标，已督促养殖场加强日常管理。"},
    {CATEGORY_EDUCATION, "校车接送", "校车接送点离家远，孩子上学路上不安全", "县教育局",
     "已调整校车线路，增设接送点。", "受道路条件限制，校车暂不能进组，已安排护学岗。"},
    {CATEGORY_EDUCATION, "村卫生室缺药", "村卫生室常用药品不全，看病要跑镇上", "镇卫生院",
     "已为村卫生室补齐基本药物目录内的常用药品。",
     "已说明基本药物配备政策，常用慢性病药品可在镇卫生院开具。"},
    {CATEGORY_BUILDING, "路灯损坏", "路灯损坏多处，晚上出行不便", "镇规划建设办",
     "已更换损坏路灯并明确专人维护。", "路灯由村里自建，已指导村里申请亮化工程补助。"},
    {CATEGORY_BUILDING, "危房改造", "危房改造补助申请迟迟没有结果", "县住房和城乡建设局",
     "已审核通过，补助资金已拨付到户。", "经鉴定不属于危房，已向群众说明鉴定结果和政策标准。"},
    {CATEGORY_FARMING, "稻谷收购", "稻谷收购价格偏低，希望引进收购企业", "镇农业综合服务中心",
     "已联系粮食收购企业上门收购。", "已向群众解释最低收购价政策，并提供收购企业联系方式。"},
    {CATEGORY_FARMING, "竹木运输", "竹林道路不通，竹木运不出去", "县林业局",
     "林区道路已修通，竹木可直接运出。", "林道建设已列入林业项目库，待项目批复后实施。"},
    {CATEGORY_DISPUTES, "宅基地纠纷", "两户村民因宅基地界址发生纠纷", "镇司法所",
     "经司法所调解，双方达成协议并签字。", "已引导双方通过诉讼途径解决。"},
    {CATEGORY_DISPUTES, "山林权属纠纷", "山林权属纠纷多年未解决", "镇司法所",
     "经调解并重新勘界，已确权发证。", "因历史资料缺失，暂无法确权，已引导当事人依法申请裁决。"},
    {CATEGORY_OTHER, "公交班车", "希望开通到县城的公交班车", "县交通运输局",
     "已开通到县城的城乡公交班线，每天四班。", "客流量不足，暂以预约响应式班车方式解决。"},
};

static const char *const group_numbers[] = {"一", "二", "三", "四", "五",   "六",
                                            "七", "八", "九", "十", "十一", "十二"};
static const char *const consult_topics[] = {
    "城乡居民医保缴费政策", "耕地地力保护补贴发放", "高龄津贴申领", "农村建房审批",
    "退役军人优待政策",     "残疾人两项补贴",       "产业奖补政策", "就业技能培训报名",
    "新农合转移接续",       "雨露计划助学补助",     "农机购置补贴", "小额信贷申请"};
/* Whom deputies visit, what about, and where they meet them. */
static const struct {
    const char *whom, *about, *where;
} visits[] = {
    {"独居老人和留守儿童家庭", "养老服务和留守儿童关爱", "农户家中"},
    {"种植大户和家庭农场", "春耕生产和农资供应", "田间地头"},
    {"竹木加工企业", "企业用工和林道运输", "企业车间"},
    {"村卫生室和村小", "基层医疗和义务教育", "村卫生室"},
    {"脱贫户和监测户", "帮扶政策落实", "农户家中"},
    {"养殖专业合作社", "畜禽粪污治理", "养殖场"},
    {"在建民生项目", "工程进度和质量", "项目工地"},
    {"山塘水库和河堤", "防汛准备", "河堤上"},
};
static const char *const visit_outcomes[] = {"对群众提出的困难逐一登记", "现场帮助协调解决",
                                             "形成调研报告报镇人大主席团", "意见已转有关部门",
                                             "群众普遍反映满意"};
static const char *const solicit_subjects[] = {
    "明年民生实事候选项目",         "村规民约修订",
    "农村人居环境整治方案",         "县人大常委会年度工作要点",
    "镇政府工作报告（征求意见稿）", "农村公路建设计划",
    "义务教育学校布局调整"};
static const char *const exchange_subjects[] = {"如何提高代表建议质量", "代表履职经验",
                                                "乡村振兴产业发展",     "联络站规范化建设",
                                                "民生实事项目监督",     "基层矛盾纠纷化解"};
static const char *const appraisal_subjects[] = {"镇人大代表向选民述职", "县人大代表向选民述职",
                                                 "评议镇卫生院服务工作",
                                                 "评议镇农业综合服务中心工作", "评议镇派出所工作"};
static const char *const other_texts[] = {
    "组织代表集中学习新修订的代表法", "代表参加县人大常委会组织的视察活动",
    "整理上季度台账资料，更新公示栏", "代表参加防汛值守，排查山塘水库隐患",
    "组织代表开展文明创建志愿服务"};
static const char *const times[] = {"09:00", "09:30", "10:00", "14:30", "15:00", ""};
static const char *const places[LEDGER_KIND_COUNT][3] = {
    /* a visit's: visits */
    [LEDGER_RECEPTION] = {"联络站接待室", "联络站接待室", "便民服务中心"},
    [LEDGER_SOLICIT] = {"村委会会议室", "屋场会现场", "联络站"},
    [LEDGER_EXCHANGE] = {"联络站会议室", "联络站会议室", "镇人大会议室"},
    [LEDGER_APPRAISAL] = {"联络站会议室", "村委会会议室", "镇人大会议室"},
    [LEDGER_OTHER] = {"联络站", "县城", "村委会"},
};

/* ---- the county as the first pass left it ------------------------------------------------ */

static enum ll_status load_deputies(struct ll_db *db, struct demo_station *s, bool whole_township,
                                    struct ll_error *err)
{
    sqlite3_stmt *st = sql_prepare(db,
                                   "SELECT id, name FROM deputy WHERE CASE WHEN :township THEN "
                                   "township_id ELSE station_id END = :id "
                                   "ORDER BY sort_name, name, phone LIMIT :max",
                                   err);
    if (!st)
        return err->status;
    sql_bind_int(st, ":township", whole_township);
    sql_bind_text(st, ":id", whole_township ? s->township_id : s->id);
    sql_bind_int(st, ":max", STATION_DEPUTIES_MAX);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && s->ndeputies < STATION_DEPUTIES_MAX) {
        struct demo_deputy *d = &s->deputies[s->ndeputies++];
        sql_column_text(st, 0, d->id, sizeof d->id);
        sql_column_text(st, 1, d->name, sizeof d->name);
    }
    sql_done(db, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(db, err);
    return LL_OK;
}

/* Every station (*out, malloc'd) in network order — the same order every time: the ids are
 * random — with its deputies (a station without any borrows its township's). */
static enum ll_status load_stations(struct ll_db *db, struct demo_station **out, int *n,
                                    struct ll_error *err)
{
    int max = 0;
    *n = 0;
    sqlite3_stmt *st = sql_prepare(db, "SELECT count(*) FROM station", err);
    if (!st || sql_int(db, st, &max, err) != LL_OK)
        return err->status;
    if (max == 0 || !(*out = calloc((size_t)max, sizeof **out)))
        return max == 0 ? LL_OK : demo_no_memory(err);
    st = sql_prepare(db,
                     "SELECT s.id, s.township_id, s.kind, s.village FROM station s "
                     "JOIN township t ON t.id = s.township_id "
                     "ORDER BY t.sort_order, t.name, s.kind, s.name",
                     err);
    if (!st)
        return err->status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        struct demo_station *s = &(*out)[(*n)++];
        char kind[16];
        memset(s, 0, sizeof *s);
        sql_column_text(st, 0, s->id, sizeof s->id);
        sql_column_text(st, 1, s->township_id, sizeof s->township_id);
        sql_column_text(st, 2, kind, sizeof kind);
        sql_column_text(st, 3, s->village, sizeof s->village);
        if (!station_kind_parse(kind, &s->kind))
            s->kind = STATION_AREA;
    }
    sql_done(db, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(db, err);
    for (int i = 0; i < *n; i++) {
        struct demo_station *s = &(*out)[i];
        if (load_deputies(db, s, false, err) != LL_OK ||
            (s->ndeputies == 0 && load_deputies(db, s, true, err) != LL_OK))
            return err->status;
    }
    return LL_OK;
}

/* The village a constituent comes from: the station's own, or, at a township's central (or
 * a city group's) station, one of the township's villages. */
static const char *village_of(struct demo_rng *r, const struct demo_station *s,
                              const struct demo_station *all, int n)
{
    if (s->village[0])
        return s->village;
    int villages = 0;
    for (int i = 0; i < n; i++)
        villages += all[i].village[0] && strcmp(all[i].township_id, s->township_id) == 0;
    if (villages == 0)
        return "";
    unsigned pick = demo_next(r, (unsigned)villages);
    for (int i = 0; i < n; i++)
        if (all[i].village[0] && strcmp(all[i].township_id, s->township_id) == 0 && pick-- == 0)
            return all[i].village;
    return "";
}

/* ---- dates ------------------------------------------------------------------------------- */

void demo_date_add(const char *date, int days, char out[11])
{
    int y = 1970, m = 1, d = 1;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) {
        snprintf(out, 11, "%s", date);
        return;
    }
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_hour = 12};
    time_t t = timegm(&tm);
    if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "%s", date);
}

/* ---- writing ----------------------------------------------------------------------------- */

/* Every row is written as the model's save functions would write it (ledger_save,
 * problem_save and problem_set_status): the FTS triggers index it, every record has its
 * audited insert, a problem its whole history. But each INSERT is prepared once: thousands of
 * saves preparing their statements every time would take seconds. (test_ledger checks that
 * the model takes the demo's records as they are.) */
enum demo_statement { SQL_ENTRY, SQL_PRESENT, SQL_PROBLEM, SQL_EVENT, SQL_COUNT };

static const char *const demo_sql[SQL_COUNT] = {
    [SQL_ENTRY] = "INSERT INTO ledger_entry(station_id, id, site_id, kind, held_on, held_at, "
                  "people, place, summary, deputy_names, operator, created_at, updated_at) "
                  "VALUES (:station, :id, :site, :kind, :date, :time, :people, :place, "
                  ":summary, :names, :operator, :now, :now)",
    [SQL_PRESENT] = "INSERT INTO ledger_deputy(station_id, entry_id, deputy_id, site_id, "
                    "created_at) VALUES (:station, :id, :deputy, :site, :now)",
    [SQL_PROBLEM] =
        "INSERT INTO problem(station_id, id, site_id, entry_id, raised_on, raiser_name, "
        "raiser_village, raiser_phone, category, description, deputy_id, deputy_name, unit, "
        "status, status_on, closed_on, reply, feedback, created_at, updated_at) VALUES "
        "(:station, :id, :site, :entry, :raised, :name, :village, :phone, :category, "
        ":description, :deputy, :deputy_name, :unit, :status, :status_on, :closed_on, :reply, "
        ":feedback, :now, :now)",
    [SQL_EVENT] = "INSERT INTO problem_event(station_id, id, site_id, problem_id, on_date, "
                  "from_status, to_status, note, operator, created_at) VALUES (:station, "
                  ":event, :site, :id, :date, :from, :to, :note, :operator, :now)",
};

struct demo_ctx {
    struct ll_db *db;
    struct demo_rng r;
    char today[11];
    char now[25];
    const struct demo_station *all;
    int nstations;
    const struct demo_size *size;
    sqlite3_stmt *st[SQL_COUNT];
};

/* Runs statement `which` as bound, and makes it ready for the next row. */
static enum ll_status demo_run(struct demo_ctx *c, enum demo_statement which, struct ll_error *err)
{
    sqlite3_stmt *st = c->st[which];
    int rc = sqlite3_step(st);
    enum ll_status status = rc == SQLITE_DONE ? LL_OK : sql_fail(c->db, err);
    sqlite3_reset(st);
    return status;
}

/* Binds what every row of every statement has: its site, operator and time. */
static sqlite3_stmt *demo_stmt(struct demo_ctx *c, enum demo_statement which)
{
    sqlite3_stmt *st = c->st[which];
    sql_bind_text(st, ":site", c->db->site_id);
    sql_bind_text(st, ":operator", c->db->operator_name);
    sql_bind_text(st, ":now", c->now);
    return st;
}

/* ---- problems ---------------------------------------------------------------------------- */

/* One change of a problem's status: the history the model's problem_set_status keeps. */
struct demo_step {
    enum problem_status to;
    char date[11];
    const char *note;
};

/* Adds the step to `to`, `after` days after the last one, unless that day is still to come.
 * False when the problem stops where it is. */
static bool step(struct demo_ctx *c, struct demo_step *steps, int *n, enum problem_status to,
                 int after, const char *note)
{
    char next[11];
    demo_date_add(steps[*n - 1].date, after, next);
    if (strcmp(next, c->today) > 0)
        return false;
    steps[*n] = (struct demo_step){to, "", note};
    snprintf(steps[(*n)++].date, sizeof steps->date, "%s", next);
    return true;
}

/* Days from the last step (on date `last`) to the next: `usual`; but when the next is the one an
 * open problem is still at, two times in three it came lately (its work goes on, it is not
 * overdue), the others long ago (it is). */
static int waited(struct demo_ctx *c, const char *last, bool final, unsigned usual)
{
    int lately = date_days_between(last, c->today) - (int)demo_next(&c->r, 30);
    return final && demo_next(&c->r, 3) && lately > (int)usual ? lately : (int)usual;
}

/* Follows a problem from its registration (steps[0]) to where it stands today: the older it
 * is, the likelier it is closed (about seven in ten are); most are solved, some explained, a
 * few not solvable; open ones wait at a step, some long enough to be overdue. Fills p's state
 * and returns the number of steps. */
static int follow(struct demo_ctx *c, struct problem *p, const struct problem_template *t, int age,
                  struct demo_step steps[4], char notes[2][128])
{
    unsigned closed_pct = age > 90 ? 86 : age > 30 ? 60 : 25, roll = demo_next(&c->r, 100);
    enum problem_status end = PROBLEM_SOLVED;
    if (roll >= closed_pct)
        end = (enum problem_status)demo_next(&c->r, 3); /* registered .. in progress */
    else if ((roll = demo_next(&c->r, 100)) >= 90)
        end = PROBLEM_UNSOLVABLE;
    else if (roll >= 72)
        end = PROBLEM_EXPLAINED;
    int n = 1;
    steps[0] = (struct demo_step){PROBLEM_REGISTERED, "", ""};
    snprintf(steps[0].date, sizeof steps[0].date, "%.10s", p->raised_on);
    snprintf(notes[0], sizeof notes[0], "交办%s", t->unit); /* as problem_set_status writes it */
    snprintf(notes[1], sizeof notes[1], "%s已派人到现场查看", t->unit);
    if (end == PROBLEM_EXPLAINED && demo_next(&c->r, 2)) { /* answered on the spot */
        step(c, steps, &n, PROBLEM_EXPLAINED, 0, "代表当场解释政策");
    } else {
        /* referred, in progress, closed: each a few days after the last, as far as `end` goes
         * (or today) */
        static const unsigned least[] = {1, 2, 3}, spread[] = {5, 12, 35};
        for (int i = 0; i < 3 && steps[n - 1].to != end; i++) {
            enum problem_status to = i == 0 ? PROBLEM_REFERRED : i == 1 ? PROBLEM_IN_PROGRESS : end;
            bool open_at = to == end && !problem_status_closed(end);
            int after =
                waited(c, steps[n - 1].date, open_at, least[i] + demo_next(&c->r, spread[i]));
            if (!step(c, steps, &n, to, after, i < 2 ? notes[i] : ""))
                break;
        }
    }
    const struct demo_step *last = &steps[n - 1];
    p->status = last->to;
    snprintf(p->status_on, sizeof p->status_on, "%s", last->date);
    if (n > 1 && steps[1].to == PROBLEM_REFERRED)
        snprintf(p->unit, sizeof p->unit, "%s", t->unit);
    if (!problem_status_closed(p->status))
        return n;
    snprintf(p->closed_on, sizeof p->closed_on, "%s", last->date);
    snprintf(p->reply, sizeof p->reply, "%s", end == PROBLEM_SOLVED ? t->solved : t->explained);
    /* the constituent's word on the answer, when it was asked */
    unsigned word = demo_next(&c->r, 100);
    if (end == PROBLEM_SOLVED)
        p->feedback = word < 80   ? FEEDBACK_SATISFIED
                      : word < 95 ? FEEDBACK_BASICALLY
                                  : FEEDBACK_NONE;
    else
        p->feedback = word < 30   ? FEEDBACK_SATISFIED
                      : word < 75 ? FEEDBACK_BASICALLY
                      : word < 90 ? FEEDBACK_DISSATISFIED
                                  : FEEDBACK_NONE;
    return n;
}

static enum ll_status write_problem(struct demo_ctx *c, const struct problem *p,
                                    const struct demo_step *steps, int n, struct ll_error *err)
{
    sqlite3_stmt *st = demo_stmt(c, SQL_PROBLEM);
    sql_bind_text(st, ":station", p->station_id);
    sql_bind_text(st, ":id", p->id);
    sql_bind_text(st, ":entry", p->entry_id);
    sql_bind_text(st, ":raised", p->raised_on);
    sql_bind_text(st, ":name", p->raiser_name);
    sql_bind_text(st, ":village", p->raiser_village);
    sql_bind_text(st, ":phone", p->raiser_phone);
    sql_bind_text(st, ":category", problem_category_code(p->category));
    sql_bind_text(st, ":description", p->description);
    sql_bind_text(st, ":deputy", p->deputy_id);
    sql_bind_text(st, ":deputy_name", p->deputy_name);
    sql_bind_text(st, ":unit", p->unit);
    sql_bind_text(st, ":status", problem_status_code(p->status));
    sql_bind_text(st, ":status_on", p->status_on);
    sql_bind_text(st, ":closed_on", p->closed_on);
    sql_bind_text(st, ":reply", p->reply);
    sql_bind_text(st, ":feedback", problem_feedback_code(p->feedback));
    if (demo_run(c, SQL_PROBLEM, err) != LL_OK)
        return err->status;
    for (int i = 0; i < n; i++) {
        char event[LL_ID_LEN];
        if (sql_new_id(event, err) != LL_OK)
            return err->status;
        st = demo_stmt(c, SQL_EVENT);
        sql_bind_text(st, ":station", p->station_id);
        sql_bind_text(st, ":event", event);
        sql_bind_text(st, ":id", p->id);
        sql_bind_text(st, ":date", steps[i].date);
        sql_bind_text(st, ":from", i ? problem_status_code(steps[i - 1].to) : "");
        sql_bind_text(st, ":to", problem_status_code(steps[i].to));
        sql_bind_text(st, ":note", steps[i].note);
        if (demo_run(c, SQL_EVENT, err) != LL_OK)
            return err->status;
    }
    char summary[128]; /* as problem_save writes it: 48 columns of the description */
    snprintf(summary, sizeof summary, "%.120s", p->description);
    text_shorten(summary, sizeof summary, 48);
    return audit_record(c->db, "problem", p->id, "insert", summary, err);
}

static enum ll_status raise_problem(struct demo_ctx *c, const struct demo_station *s,
                                    const struct ledger_entry *e, const struct demo_deputy *by,
                                    const struct problem_template *t, int age, struct ll_error *err)
{
    struct problem p;
    struct demo_step steps[4];
    char notes[2][128];
    memset(&p, 0, sizeof p);
    const char *village = village_of(&c->r, s, c->all, c->nstations);
    snprintf(p.station_id, sizeof p.station_id, "%s", s->id);
    snprintf(p.entry_id, sizeof p.entry_id, "%s", e->id);
    snprintf(p.raised_on, sizeof p.raised_on, "%s", e->date);
    snprintf(p.raiser_village, sizeof p.raiser_village, "%s", village);
    if (demo_next(&c->r, 4)) /* most give their name, some a phone number too */
        demo_person_name(&c->r, demo_next(&c->r, 2), p.raiser_name, sizeof p.raiser_name);
    if (p.raiser_name[0] && demo_next(&c->r, 3) == 0) {
        unsigned prefix = 3 + demo_next(&c->r, 7);
        snprintf(p.raiser_phone, sizeof p.raiser_phone, "1%u%09u", prefix,
                 demo_next(&c->r, 1000000000));
    }
    p.category = t->category;
    snprintf(p.description, sizeof p.description, "%s%s组%s", village, PICK(&c->r, group_numbers),
             t->text);
    snprintf(p.deputy_id, sizeof p.deputy_id, "%s", by->id);
    snprintf(p.deputy_name, sizeof p.deputy_name, "%s", by->name);
    if (sql_new_id(p.id, err) != LL_OK)
        return err->status;
    int n = follow(c, &p, t, age, steps, notes);
    return write_problem(c, &p, steps, n, err);
}

/* ---- ledger entries ---------------------------------------------------------------------- */

static enum ledger_kind pick_kind(struct demo_rng *r)
{
    unsigned roll = demo_next(r, 100);
    return roll < 48   ? LEDGER_RECEPTION
           : roll < 78 ? LEDGER_VISIT
           : roll < 88 ? LEDGER_SOLICIT
           : roll < 94 ? LEDGER_EXCHANGE
           : roll < 97 ? LEDGER_APPRAISAL
                       : LEDGER_OTHER;
}

/* The place and summary of an entry; for a reception, of the problems about to be raised at
 * it. */
static void describe(struct demo_rng *r, struct ledger_entry *e,
                     const struct problem_template *const *raised, int nraised)
{
    char *out = e->summary;
    const char *subject;
    size_t size = sizeof e->summary;
    if (e->kind != LEDGER_VISIT) /* a visit's place is where it went */
        snprintf(e->place, sizeof e->place, "%s", PICK(r, places[e->kind]));
    switch (e->kind) {
    case LEDGER_RECEPTION:
        if (nraised == 0)
            snprintf(out, size, "接待群众%s人次，群众主要咨询%s，代表现场解答政策。", e->people,
                     PICK(r, consult_topics));
        else
            snprintf(
                out, size,
                "接待群众%s人次，群众反映%s%s%s等问题，代表登记%d件，交有关部门办理并跟踪落实。",
                e->people, raised[0]->topic, nraised > 1 ? "、" : "",
                nraised > 1 ? raised[1]->topic : "", nraised);
        break;
    case LEDGER_VISIT: {
        unsigned v = demo_next(r, DEMO_COUNT(visits));
        snprintf(out, size, "走访%s，了解%s情况，%s。", visits[v].whom, visits[v].about,
                 PICK(r, visit_outcomes));
        snprintf(e->place, sizeof e->place, "%s", visits[v].where);
        break;
    }
    case LEDGER_SOLICIT: /* the subject drawn first, then the number: one order everywhere */
        subject = PICK(r, solicit_subjects);
        snprintf(out, size, "就%s征求群众意见，收集意见建议%u条。", subject, 3 + demo_next(r, 15));
        break;
    case LEDGER_EXCHANGE:
        subject = PICK(r, exchange_subjects);
        snprintf(out, size, "组织代表交流研讨%s，形成意见建议%u条。", subject, 1 + demo_next(r, 5));
        break;
    case LEDGER_APPRAISAL:
        subject = PICK(r, appraisal_subjects);
        snprintf(out, size, "%s，现场测评满意率%u%%。", subject, 85 + demo_next(r, 15));
        break;
    default:
        snprintf(out, size, "%s。", PICK(r, other_texts));
        break;
    }
}

static unsigned people_for(struct demo_rng *r, enum ledger_kind kind)
{
    switch (kind) {
    case LEDGER_RECEPTION:
        return demo_next(r, 41);
    case LEDGER_VISIT:
        return demo_next(r, 13);
    case LEDGER_SOLICIT:
        return 8 + demo_next(r, 33);
    case LEDGER_APPRAISAL:
        return 15 + demo_next(r, 36);
    default:
        return 0;
    }
}

static enum ll_status write_entry(struct demo_ctx *c, const struct ledger_entry *e,
                                  struct ll_error *err)
{
    sqlite3_stmt *st = demo_stmt(c, SQL_ENTRY);
    sql_bind_text(st, ":station", e->station_id);
    sql_bind_text(st, ":id", e->id);
    sql_bind_text(st, ":kind", ledger_kind_code(e->kind));
    sql_bind_text(st, ":date", e->date);
    sql_bind_text(st, ":time", e->time);
    sql_bind_text(st, ":people", e->people);
    sql_bind_text(st, ":place", e->place);
    sql_bind_text(st, ":summary", e->summary);
    sql_bind_text(st, ":names", e->deputy_names);
    if (demo_run(c, SQL_ENTRY, err) != LL_OK)
        return err->status;
    for (int i = 0; i < e->ndeputies; i++) {
        st = demo_stmt(c, SQL_PRESENT);
        sql_bind_text(st, ":station", e->station_id);
        sql_bind_text(st, ":id", e->id);
        sql_bind_text(st, ":deputy", e->deputy_ids[i]);
        if (demo_run(c, SQL_PRESENT, err) != LL_OK)
            return err->status;
    }
    char summary[128];
    snprintf(summary, sizeof summary, "%s %s", e->date, ledger_kind_text(e->kind));
    return audit_record(c->db, "ledger_entry", e->id, "insert", summary, err);
}

/* One entry of station s, `age` days ago, and the problems raised at it. */
static enum ll_status demo_entry(struct demo_ctx *c, const struct demo_station *s, int age,
                                 struct ll_error *err)
{
    struct ledger_entry e;
    ledger_init(&e);
    snprintf(e.station_id, sizeof e.station_id, "%s", s->id);
    e.kind = pick_kind(&c->r);
    demo_date_add(c->today, -age, e.date);
    snprintf(e.time, sizeof e.time, "%s", PICK(&c->r, times));
    snprintf(e.people, sizeof e.people, "%u", people_for(&c->r, e.kind));
    /* one to three of the station's deputies, drawn without repeats */
    int order[STATION_DEPUTIES_MAX], present = 1 + (int)demo_next(&c->r, 3);
    for (int i = 0; i < s->ndeputies; i++)
        order[i] = i;
    if (present > s->ndeputies)
        present = s->ndeputies;
    for (int i = 0; i < present; i++) {
        int j = i + (int)demo_next(&c->r, (unsigned)(s->ndeputies - i)), k = order[j];
        order[j] = order[i];
        order[i] = k;
        ledger_toggle_deputy(&e, s->deputies[k].id, s->deputies[k].name);
    }
    /* about one or two problems a reception where people came */
    const struct problem_template *raised[3];
    unsigned roll = demo_next(&c->r, 100);
    int nraised = e.kind != LEDGER_RECEPTION || strcmp(e.people, "0") == 0 ? 0
                  : roll < 15                                              ? 0
                  : roll < 60                                              ? 1
                  : roll < 90                                              ? 2
                                                                           : 3;
    /* a bigger demo raises fewer a reception (drawn only then: the default stays as it was) */
    if (nraised > 0 && c->size->problem_pct < 100 && demo_next(&c->r, 100) >= c->size->problem_pct)
        nraised = 0;
    for (int i = 0; i < nraised; i++)
        raised[i] = &PICK(&c->r, templates);
    describe(&c->r, &e, raised, nraised);
    if (sql_new_id(e.id, err) != LL_OK || write_entry(c, &e, err) != LL_OK)
        return err->status;
    for (int i = 0; i < nraised; i++) {
        const struct demo_deputy *by = &s->deputies[order[demo_next(&c->r, (unsigned)present)]];
        if (raise_problem(c, s, &e, by, raised[i], age, err) != LL_OK)
            return err->status;
    }
    return LL_OK;
}

/* Entries a month: a central station is busiest, a city group's meets least. */
static int entries_in_month(struct demo_rng *r, enum station_kind kind)
{
    switch (kind) {
    case STATION_CENTRAL:
        return 4 + (int)demo_next(r, 3);
    case STATION_GROUP:
        return 1 + (int)demo_next(r, 2);
    default:
        return 2 + (int)demo_next(r, 3);
    }
}

/* The entries of station s: month m is the days [m 365/12, (m + 1) 365/12) before today. */
static enum ll_status demo_station_ledger(struct demo_ctx *c, const struct demo_station *s,
                                          struct ll_error *err)
{
    for (int m = 0; m < c->size->months && s->ndeputies > 0; m++) {
        int first = m * 365 / 12, days = (m + 1) * 365 / 12 - first;
        for (int n = entries_in_month(&c->r, s->kind) * c->size->entry_factor; n > 0; n--)
            if (demo_entry(c, s, first + (int)demo_next(&c->r, (unsigned)days), err) != LL_OK)
                return err->status;
    }
    return LL_OK;
}

enum ll_status demo_ledger(struct ll_db *db, const struct demo_size *size, struct ll_error *err)
{
    struct demo_ctx c = {.db = db, .r = {20260630}, .size = size};
    struct demo_station *stations = NULL;
    date_today(c.today);
    time_now_iso(c.now);
    enum ll_status status = load_stations(db, &stations, &c.nstations, err);
    c.all = stations;
    for (int i = 0; i < SQL_COUNT && status == LL_OK; i++)
        if (!(c.st[i] = sql_prepare(db, demo_sql[i], err)))
            status = err->status;
    for (int i = 0; i < c.nstations && status == LL_OK; i++)
        status = demo_station_ledger(&c, &stations[i], err);
    for (int i = 0; i < SQL_COUNT; i++)
        sql_done(db, c.st[i]);
    free(stations);
    return status;
}
