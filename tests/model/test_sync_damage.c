/* Damaged sync packages, with a real one to damage: a township (two stations, a deputy group,
 * deputies, ledger entries, a problem and its history, a volunteer: some records in every synced
 * table) pairs its central station, which types the code, and exports the station's first
 * package. Then every truncation of that package and thousands of random mutations of it (fixed
 * seed) are each given to sync_import_open, and to sync_import_apply when it opens, on a fresh
 * copy of the station's database, in a child process with a time limit: none may hang, crash or
 * be accepted, and the untouched package must be (so that the test can fail).
 *
 * Then packages with a valid frame and tag around a damaged payload, made with the pairing's key
 * as someone holding it (or a bug in our own export) could: their payloads get past the tag.
 * Every cut of the payload must be refused (those inside a table header are counted apart:
 * SQLite 3.40.1 does not return from reading them); mutated payloads must not hang or crash,
 * and the counts of those refused and accepted are printed.
 *
 * Cases run in batches: one child opens its copy of the database once and runs cases until one
 * changes it (opened, or accepted), or it is killed; the case it was at when killed is the one
 * counted (a shared page says which), and the next child starts after it. A failed child's
 * stderr is shown (the first lines of the first, the sanitizer's summary of the others).
 *
 * With LIANLUO_SYNC_CORPUS_OUT=folder set, the test also writes the seed corpus of
 * tests/fuzz/fuzz_sync.c there (packages made with that target's fixed pairing code). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lianluo/config.h"
#include "lianluo/deputy.h"
#include "lianluo/ledger.h"
#include "lianluo/problem.h"
#include "lianluo/station.h"
#include "lianluo/sync.h"
#include "lianluo/township.h"

#define MUTATIONS     6000
#define TAG_MUTATIONS 600
#define CASE_LIMIT_MS 5000 /* a case that takes this long counts as a hang */
#define MAX_HANGS     3    /* the mutated valid-tag run stops after this many */
#define FUZZ_CODE     "ABCD-EFGH-JKMN-PQRS-TVWZ" /* tests/fuzz/fuzz_sync.c pairs with it */

static const char *const synced_tables[] = {
    "township",     "station",      "station_standard", "volunteer", "deputy_group", "deputy",
    "deputy_level", "ledger_entry", "ledger_deputy",    "problem",   "problem_event"};

static const struct db_identity township_who = {"桃花江镇人大", SITE_TOWNSHIP, "桃花江镇", "乡镇"};
static const struct db_identity station_who = {"桃花江镇中心联络站", SITE_STATION, "桃花江镇",
                                               "站员"};

/* Made once for all the tests. */
static struct world {
    char dir[64];
    unsigned char *station_db; /* the station's database, paired and empty, as bytes */
    size_t station_db_len;
    unsigned char *pkg; /* the township's first package to it */
    size_t pkg_len;
    unsigned char key[SYNC_KEY_LEN]; /* the pairing's key (from its code) */
    struct sync_frame frame;         /* pkg's frame; payload points into pkg */
    int changes;
    /* the payload's cut points (lengths 0..payload_len-1): inside a table header or not */
    int *cuts_in_header, *cuts_elsewhere;
    int ncuts_in_header, ncuts_elsewhere, nheaders;
} W;

/* ---- helpers ----------------------------------------------------------------------------- */

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    unsigned char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int write_all(const char *path, const unsigned char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = len ? fwrite(b, 1, len, f) : 0;
    return fclose(f) == 0 && put == len ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

static void remove_tree(const char *dir)
{
    if (nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Rows of the synced tables in the database at path (a second connection). */
static long synced_rows(const char *path)
{
    sqlite3 *h = NULL;
    long n = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    for (size_t t = 0; t < sizeof synced_tables / sizeof *synced_tables; t++) {
        char sql[96];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", synced_tables[t]);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n += sqlite3_column_int(st, 0);
        else
            n = -1000000;
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

/* For what runs in the children: a cmocka assertion would jump back into the test runner. */
static void need(bool ok)
{
    if (!ok)
        abort();
}

/* splitmix64: the mutations are the same on every run. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t below(uint64_t *s, size_t n)
{
    return n ? (size_t)(next_random(s) % n) : 0;
}

/* Applies one to four random changes to b[0..*len) (room for *len + 64 bytes), the first
 * `header` bytes being chosen half of the time. Never leaves it as it was. */
static void mutate(uint64_t *s, unsigned char *b, size_t *len, size_t header)
{
    size_t orig_len = *len;
    int ops = 1 + (int)below(s, 4);
    unsigned char *before = malloc(*len + 64);
    need(before != NULL);
    memcpy(before, b, *len);
    for (int k = 0; k < ops; k++) {
        size_t n = *len;
        if (n == 0)
            break;
        size_t at = header && below(s, 2) ? below(s, header < n ? header : n) : below(s, n);
        switch (below(s, 7)) {
        case 0: /* a bit */
            b[at] ^= (unsigned char)(1u << below(s, 8));
            break;
        case 1: /* a byte */
            b[at] = (unsigned char)next_random(s);
            break;
        case 2: { /* bytes put in */
            size_t m = 1 + below(s, 8);
            if (*len + m > orig_len + 64)
                break;
            memmove(b + at + m, b + at, n - at);
            for (size_t i = 0; i < m; i++)
                b[at + i] = (unsigned char)next_random(s);
            *len += m;
            break;
        }
        case 3: { /* bytes taken out */
            size_t m = 1 + below(s, 8);
            if (m > n - at)
                m = n - at;
            memmove(b + at, b + at + m, n - at - m);
            *len -= m;
            break;
        }
        case 4: { /* a run overwritten */
            size_t m = 2 + below(s, 15);
            for (size_t i = 0; i < m && at + i < n; i++)
                b[at + i] = (unsigned char)next_random(s);
            break;
        }
        case 5: { /* a run copied over another place */
            size_t from = below(s, n), m = 1 + below(s, 16);
            if (from + m > n)
                m = n - from;
            if (at + m > n)
                m = n - at;
            memmove(b + at, b + from, m);
            break;
        }
        default: /* a byte set to an edge value */
            b[at] = (unsigned char[]){0x00, 0xff, 0x7f, 0x80, 0x01}[below(s, 5)];
            break;
        }
    }
    if (*len == orig_len && memcmp(b, before, orig_len) == 0 && orig_len)
        b[below(s, orig_len)] ^= 0x01;
    free(before);
}

/* ---- the changeset's table headers ---------------------------------------------------------- */

/* An SQLite varint (what the session extension writes lengths and column counts with). */
static bool read_varint(const unsigned char *p, size_t n, size_t *at, uint64_t *v)
{
    uint64_t x = 0;
    for (int i = 0; i < 9; i++) {
        if (*at >= n)
            return false;
        unsigned char c = p[(*at)++];
        if (i == 8) {
            *v = x << 8 | c;
            return true;
        }
        x = x << 7 | (c & 0x7f);
        if (!(c & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* Skips the ncol values of a record: a type byte (0 none, 1 integer, 2 real, 3 text, 4 blob,
 * 5 NULL), then 8 bytes, or a length and that many bytes. */
static bool skip_record(const unsigned char *p, size_t n, size_t *at, uint64_t ncol)
{
    for (uint64_t i = 0; i < ncol; i++) {
        if (*at >= n)
            return false;
        unsigned char type = p[(*at)++];
        uint64_t len = 0;
        if (type == 1 || type == 2)
            len = 8;
        else if ((type == 3 || type == 4) && !read_varint(p, n, at, &len))
            return false;
        else if (type > 5)
            return false;
        if (len > n - *at)
            return false;
        *at += (size_t)len;
    }
    return true;
}

/* Marks in_header[k] for every cut point k strictly inside a table header ('T', the column
 * count, a key flag a column, the table's name and its NUL): cut there, the header is
 * incomplete. Returns the number of headers, or -1 when p is not a changeset as written. */
static int mark_table_headers(const unsigned char *p, size_t n, bool *in_header)
{
    size_t at = 0;
    uint64_t ncol = 0;
    int headers = 0;
    while (at < n) {
        if (p[at] == 'T') {
            size_t start = at++;
            if (!read_varint(p, n, &at, &ncol) || ncol > n - at)
                return -1;
            at += (size_t)ncol;
            while (at < n && p[at])
                at++;
            if (at++ >= n)
                return -1;
            for (size_t k = start + 1; k < at; k++)
                in_header[k] = true;
            headers++;
            continue;
        }
        int op = p[at];
        at += 2; /* the operation and the indirect flag */
        if (op != SQLITE_INSERT && op != SQLITE_DELETE && op != SQLITE_UPDATE)
            return -1;
        if (!skip_record(p, n, &at, ncol) || (op == SQLITE_UPDATE && !skip_record(p, n, &at, ncol)))
            return -1;
    }
    return headers;
}

static void find_cut_points(void)
{
    size_t n = W.frame.payload_len;
    bool *in_header = calloc(n + 1, sizeof *in_header);
    W.cuts_in_header = malloc(n * sizeof *W.cuts_in_header);
    W.cuts_elsewhere = malloc(n * sizeof *W.cuts_elsewhere);
    assert_true(in_header && W.cuts_in_header && W.cuts_elsewhere);
    W.nheaders = mark_table_headers(W.frame.payload, n, in_header);
    assert_int_equal(W.nheaders, 11); /* every synced table has records in the package */
    for (size_t k = 0; k < n; k++)
        if (in_header[k])
            W.cuts_in_header[W.ncuts_in_header++] = (int)k;
        else
            W.cuts_elsewhere[W.ncuts_elsewhere++] = (int)k;
    free(in_header);
}

/* ---- the cases ----------------------------------------------------------------------------- */

/* Returns the bytes of case i (malloc'd). */
typedef unsigned char *(*case_fn)(int i, size_t *len);

static unsigned char *case_untouched(int i, size_t *len)
{
    (void)i;
    unsigned char *b = malloc(W.pkg_len);
    memcpy(b, W.pkg, W.pkg_len);
    *len = W.pkg_len;
    return b;
}

static unsigned char *case_truncated(int i, size_t *len)
{
    size_t n = (size_t)i;
    unsigned char *b = malloc(n + 1);
    memcpy(b, W.pkg, n);
    *len = n;
    return b;
}

static unsigned char *case_mutated(int i, size_t *len)
{
    uint64_t s = 0x5EED0000ull + (uint64_t)i;
    unsigned char *b = malloc(W.pkg_len + 64);
    memcpy(b, W.pkg, W.pkg_len);
    *len = W.pkg_len;
    mutate(&s, b, len, SYNC_HEADER_LEN + strlen(W.frame.sender_name));
    return b;
}

/* The package's frame around another payload, with a valid tag. */
static unsigned char *reframed(const unsigned char *payload, size_t n, size_t *len)
{
    struct sync_frame f = W.frame;
    struct ll_error err = {0};
    unsigned char *out = NULL;
    f.payload = payload;
    f.payload_len = n;
    if (sync_frame_build(&f, W.key, &out, len, &err) != LL_OK)
        abort();
    return out;
}

static unsigned char *case_tag_cut_elsewhere(int i, size_t *len)
{
    return reframed(W.frame.payload, (size_t)W.cuts_elsewhere[i], len);
}

static unsigned char *case_tag_cut_in_header(int i, size_t *len)
{
    return reframed(W.frame.payload, (size_t)W.cuts_in_header[i], len);
}

static unsigned char *case_tag_mutated(int i, size_t *len)
{
    uint64_t s = 0x7A60000ull + (uint64_t)i;
    size_t n = W.frame.payload_len;
    unsigned char *p = malloc(n + 64);
    memcpy(p, W.frame.payload, n);
    mutate(&s, p, &n, 0);
    unsigned char *out = reframed(p, n, len);
    free(p);
    return out;
}

/* The payload with the first table's name changed to one that is not synced ("townshiq"). */
static unsigned char *case_tag_unsynced_table(int i, size_t *len)
{
    (void)i;
    size_t n = W.frame.payload_len;
    unsigned char *p = malloc(n);
    memcpy(p, W.frame.payload, n);
    unsigned char *name = memmem(p, n, "township", sizeof "township");
    need(name != NULL);
    name[7] = 'q';
    unsigned char *out = reframed(p, n, len);
    free(p);
    return out;
}

/* ---- running cases in children ------------------------------------------------------------- */

enum outcome {
    NOT_RUN,
    REFUSED,   /* sync_import_open refused it */
    OPENED,    /* opened, and sync_import_apply refused it */
    NO_EFFECT, /* opened and applied, and the records are as they were */
    ACCEPTED,  /* opened and applied, and the records changed */
    HANG,
    CRASH
};

struct shared {
    volatile int current, next;
    unsigned char outcome[];
};

struct tally {
    int cases, run, refused, opened, no_effect, accepted, hangs, crashes;
    int first[CRASH + 1]; /* the first case of each outcome, -1 none */
};

static void arm(unsigned ms)
{
    struct itimerval t = {{0, 0}, {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &t, NULL);
}

/* In the child: cases from start on, until one changes the database or all are done. */
static void child(case_fn make, int start, int n, unsigned limit_ms, struct shared *sh,
                  const char *dir)
{
    /* cmocka's handlers would jump back into the test runner: die of the signal instead */
    const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM};
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++)
        signal(sigs[k], SIG_DFL);
    char db_path[160], pkg_path[160];
    snprintf(db_path, sizeof db_path, "%s/station.db", dir);
    snprintf(pkg_path, sizeof pkg_path, "%s/package.llsync", dir);
    struct ll_db *db = NULL;
    struct ll_error err = {0};
    char log[160];
    snprintf(log, sizeof log, "%s/stderr.txt", dir);
    if (mkdir(dir, 0700) != 0 || !freopen(log, "w", stderr) ||
        write_all(db_path, W.station_db, W.station_db_len) != 0 ||
        db_open(db_path, &station_who, &db, &err) != LL_OK) {
        fprintf(stderr, "child: cannot prepare %s: %s\n", db_path, err.msg);
        _exit(99);
    }
    long rows_before = synced_rows(db_path);
    for (int i = start; i < n; i++) {
        sh->current = i;
        arm(limit_ms);
        size_t len = 0;
        unsigned char *b = make(i, &len);
        enum outcome o = REFUSED;
        struct sync_import *imp = NULL;
        if (write_all(pkg_path, b, len) != 0)
            _exit(98);
        free(b);
        if (sync_import_open(db, pkg_path, &imp, &err) == LL_OK) {
            struct sync_import_result res;
            o = sync_import_apply(imp, &res, &err) == LL_OK
                    ? (synced_rows(db_path) != rows_before ? ACCEPTED : NO_EFFECT)
                    : OPENED;
            sync_import_free(imp);
        }
        arm(0);
        sh->outcome[i] = (unsigned char)o;
        sh->next = i + 1;
        if (o != REFUSED)
            break; /* the database may have changed: the next case gets a fresh copy */
    }
    db_close(db);
    exit(0);
}

/* What a child that failed wrote: the first lines of it for the first failure of a run (a
 * sanitizer's report is long), else the report's summary and the first frame in our code. */
static void show_failure(const char *dir, int at, int status, bool whole)
{
    char path[192], line[512], summary[512] = "", frame[512] = "";
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    fprintf(stderr, "case %d: the child %s %d\n", at,
            WIFSIGNALED(status) ? "was killed by signal" : "exited with",
            WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    for (int n = 0; fgets(line, sizeof line, f); n++) {
        if (whole && n < 30)
            fprintf(stderr, "  | %s", line);
        if (!summary[0] && strstr(line, "SUMMARY:"))
            snprintf(summary, sizeof summary, "%s", line);
        if (!frame[0] && strstr(line, " in ") && strstr(line, "src/") && !strstr(line, "sanitizer"))
            snprintf(frame, sizeof frame, "%s", line);
    }
    fclose(f);
    if (!whole && (summary[0] || frame[0]))
        fprintf(stderr, "  | %s  | %s", summary[0] ? summary : "\n", frame[0] ? frame : "\n");
}

/* Runs cases 0..n-1 of make; stops early after max_hangs hangs (0: never). */
static void run_cases(case_fn make, int n, unsigned limit_ms, int max_hangs, struct tally *t)
{
    size_t shared_len = sizeof(struct shared) + (size_t)n;
    struct shared *sh =
        mmap(NULL, shared_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(sh != MAP_FAILED);
    memset(t, 0, sizeof *t);
    for (int k = 0; k <= CRASH; k++)
        t->first[k] = -1;
    t->cases = n;
    int next = 0, children = 0, reports = 0;
    fflush(NULL);
    while (next < n) {
        char dir[128];
        snprintf(dir, sizeof dir, "%s/child%d", W.dir, children++);
        sh->current = sh->next = next;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            child(make, next, n, limit_ms, sh, dir);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        bool hang = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
        if (status != 0 && !hang)
            show_failure(dir, sh->current, status, reports++ == 0);
        remove_tree(dir);
        if (WIFEXITED(status) && WEXITSTATUS(status) >= 98)
            fail_msg("a child could not prepare its database (exit %d)", WEXITSTATUS(status));
        if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0) {
            /* killed by the timer: a hang; any other signal, or a sanitizer's exit: a crash */
            int at = sh->current;
            sh->outcome[at] = hang ? HANG : CRASH;
            next = at + 1;
            if (hang && max_hangs)
                for (int i = 0, hangs = 0; i < n; i++)
                    if (sh->outcome[i] == HANG && ++hangs >= max_hangs)
                        next = n;
        } else {
            assert_true(sh->next > next);
            next = sh->next;
        }
    }
    for (int i = 0; i < n; i++) {
        int o = sh->outcome[i];
        t->run += o != NOT_RUN;
        t->refused += o == REFUSED;
        t->opened += o == OPENED;
        t->no_effect += o == NO_EFFECT;
        t->accepted += o == ACCEPTED;
        t->hangs += o == HANG;
        t->crashes += o == CRASH;
        if (t->first[o] < 0)
            t->first[o] = i;
    }
    munmap(sh, shared_len);
}

static void print_tally(const char *what, const struct tally *t)
{
    printf("# %s: %d cases, %d run: %d refused at open, %d opened and refused at apply, "
           "%d applied without effect, %d accepted, %d hangs, %d crashes\n",
           what, t->cases, t->run, t->refused, t->opened, t->no_effect, t->accepted, t->hangs,
           t->crashes);
    const char *names[] = {"", "", "opened", "applied without effect", "accepted", "hang", "crash"};
    for (int o = OPENED; o <= CRASH; o++)
        if (t->first[o] >= 0)
            printf("#   first %s: case %d\n", names[o], t->first[o]);
    fflush(stdout);
}

/* ---- the world ----------------------------------------------------------------------------- */

static void make_station(struct ll_db *db, const struct township *t, const char *name,
                         enum station_kind kind, struct station *s)
{
    struct ll_error err = {0};
    station_init(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    snprintf(s->township_id, sizeof s->township_id, "%s", t->id);
    snprintf(s->address, sizeof s->address, "桃花江镇人民路 %d 号",
             kind == STATION_CENTRAL ? 1 : 9);
    if (station_save(db, s, &err) != LL_OK)
        fail_msg("%s: %s", name, err.msg);
}

static void make_deputy(struct ll_db *db, const char *name, const struct station *s,
                        struct deputy *d)
{
    struct ll_error err = {0};
    deputy_init(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->levels = 1u << LEVEL_TOWNSHIP;
    snprintf(d->township_id, sizeof d->township_id, "%s", s->township_id);
    snprintf(d->station_id, sizeof d->station_id, "%s", s->id);
    if (deputy_save(db, d, &err) != LL_OK)
        fail_msg("%s: %s", name, err.msg);
}

static void make_entry(struct ll_db *db, const struct station *s, const char *date,
                       const char *summary, const struct deputy *a, const struct deputy *b,
                       struct ledger_entry *e)
{
    struct ll_error err = {0};
    ledger_init(e);
    snprintf(e->station_id, sizeof e->station_id, "%s", s->id);
    e->kind = LEDGER_RECEPTION;
    snprintf(e->date, sizeof e->date, "%s", date);
    snprintf(e->people, sizeof e->people, "6");
    snprintf(e->place, sizeof e->place, "联络站");
    snprintf(e->summary, sizeof e->summary, "%s", summary);
    assert_true(ledger_toggle_deputy(e, a->id, a->name));
    if (b)
        assert_true(ledger_toggle_deputy(e, b->id, b->name));
    if (ledger_save(db, e, &err) != LL_OK)
        fail_msg("%s: %s", summary, err.msg);
}

/* The township's records, some in every synced table: S1 (central) with a deputy group, two
 * deputies, three entries, a problem raised at
 * the first and referred, and a volunteer; S2 (an area station) with a deputy and an entry. */
static void make_township(struct ll_db *db, struct station *s1)
{
    struct ll_error err = {0};
    struct township t;
    struct station s2;
    struct deputy zhang, li, wang;
    struct ledger_entry e1, e2, e3, e4;
    assert_int_equal(township_ensure(db, "桃花江镇", &t, &err), LL_OK);
    make_station(db, &t, "桃花江镇中心联络站", STATION_CENTRAL, s1);
    make_station(db, &t, "竹山村片区联络站", STATION_AREA, &s2);
    struct deputy_group g;
    deputy_group_init(&g);
    snprintf(g.name, sizeof g.name, "桃花江镇第一代表小组");
    snprintf(g.township_id, sizeof g.township_id, "%s", t.id);
    snprintf(g.station_id, sizeof g.station_id, "%s", s1->id);
    if (deputy_group_save(db, &g, &err) != LL_OK)
        fail_msg("group: %s", err.msg);
    make_deputy(db, "张三", s1, &zhang);
    make_deputy(db, "李四", s1, &li);
    make_deputy(db, "王五", &s2, &wang);
    make_entry(db, s1, "2026-03-05", "村民反映竹山村道路破损，雨天出行困难", &zhang, &li, &e1);
    make_entry(db, s1, "2026-03-20", "群众咨询城乡居民医疗保险缴费标准", &li, NULL, &e2);
    make_entry(db, s1, "2026-04-01", "就校车接送路线征求家长意见", &zhang, NULL, &e3);
    make_entry(db, &s2, "2026-04-02", "走访独居老人，了解养老服务需求", &wang, NULL, &e4);
    struct problem p;
    problem_init(&p);
    snprintf(p.station_id, sizeof p.station_id, "%s", s1->id);
    snprintf(p.entry_id, sizeof p.entry_id, "%s", e1.id);
    snprintf(p.raised_on, sizeof p.raised_on, "2026-03-05");
    snprintf(p.description, sizeof p.description, "竹山村道路破损");
    snprintf(p.deputy_id, sizeof p.deputy_id, "%s", zhang.id);
    snprintf(p.deputy_name, sizeof p.deputy_name, "%s", zhang.name);
    if (problem_save(db, &p, &err) != LL_OK)
        fail_msg("problem: %s", err.msg);
    snprintf(p.unit, sizeof p.unit, "县交通运输局");
    if (problem_set_status(db, &p, PROBLEM_REFERRED, "2026-03-06", "交县交通运输局", &err) != LL_OK)
        fail_msg("problem referred: %s", err.msg);
    struct volunteer v;
    volunteer_init(&v);
    snprintf(v.station_id, sizeof v.station_id, "%s", s1->id);
    snprintf(v.name, sizeof v.name, "赵志愿");
    snprintf(v.phone, sizeof v.phone, "13800000000");
    if (volunteer_save(db, &v, &err) != LL_OK)
        fail_msg("volunteer: %s", err.msg);
}

static void write_fuzz_corpus(const char *out);

static int setup(void **state)
{
    (void)state;
    struct ll_error err = {0};
    setenv("LIANLUO_TODAY", "2026-06-30", 1);
    snprintf(W.dir, sizeof W.dir, "/tmp/lianluo-syncdmg-XXXXXX");
    assert_non_null(mkdtemp(W.dir));
    char tpath[128], spath[128], ppath[128];
    snprintf(tpath, sizeof tpath, "%s/township.db", W.dir);
    snprintf(spath, sizeof spath, "%s/station.db", W.dir);
    snprintf(ppath, sizeof ppath, "%s/first.llsync", W.dir);

    struct ll_db *tdb = NULL, *sdb = NULL;
    struct station s1;
    struct sync_peer lower, upper;
    char code[SYNC_CODE_LEN + 1];
    assert_int_equal(db_open(tpath, &township_who, &tdb, &err), LL_OK);
    make_township(tdb, &s1);
    if (sync_pair_lower(tdb, SITE_TOWNSHIP, NULL, s1.id, code, &lower, &err) != LL_OK)
        fail_msg("pair lower: %s", err.msg);
    assert_int_equal(db_open(spath, &station_who, &sdb, &err), LL_OK);
    if (sync_pair_upper(sdb, SITE_STATION, code, &upper, &err) != LL_OK)
        fail_msg("pair upper: %s", err.msg);
    db_close(sdb);
    struct stat sb;
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", spath);
    assert_true(stat(wal, &sb) != 0 || sb.st_size == 0); /* the file alone is the database */
    W.station_db = read_all(spath, &W.station_db_len);

    struct ll_config cfg;
    config_defaults(&cfg);
    cfg.role = SITE_TOWNSHIP;
    snprintf(cfg.site_name, sizeof cfg.site_name, "%s", township_who.site_name);
    snprintf(cfg.township, sizeof cfg.township, "%s", township_who.township);
    struct sync_export_result res;
    if (sync_export(tdb, &cfg, lower.id, ppath, &res, &err) != LL_OK)
        fail_msg("export: %s", err.msg);
    W.changes = res.changes;
    db_close(tdb);
    W.pkg = read_all(ppath, &W.pkg_len);

    uint8_t key_id[SYNC_KEY_ID_LEN];
    assert_int_equal(sync_code_key(code, W.key, key_id, &err), LL_OK);
    assert_int_equal(sync_frame_parse(W.pkg, W.pkg_len, &W.frame, &err), LL_OK);
    assert_memory_equal(W.frame.key_id, key_id, SYNC_KEY_ID_LEN);
    assert_int_equal(sync_frame_verify(W.pkg, W.pkg_len, W.key, &err), LL_OK);
    find_cut_points();
    printf("# package: %zu bytes, %d changes, payload %zu bytes; station database %zu bytes\n",
           W.pkg_len, W.changes, W.frame.payload_len, W.station_db_len);
    const char *corpus = getenv("LIANLUO_SYNC_CORPUS_OUT");
    if (corpus && corpus[0])
        write_fuzz_corpus(corpus);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(W.dir);
    free(W.pkg);
    free(W.cuts_in_header);
    free(W.cuts_elsewhere);
    free(W.station_db);
    return 0;
}

/* ---- the tests ------------------------------------------------------------------------------ */

/* The control: the untouched package opens and applies, and brings the records. */
static void test_untouched_package_is_accepted(void **state)
{
    (void)state;
    struct tally t;
    assert_true(W.changes > 20);
    run_cases(case_untouched, 1, CASE_LIMIT_MS, 0, &t);
    print_tally("untouched package", &t);
    assert_int_equal(t.accepted, 1);
}

static void test_every_truncation_is_refused(void **state)
{
    (void)state;
    struct tally t;
    int n = (int)W.pkg_len;
    time_t t0 = time(NULL);
    run_cases(case_truncated, n, CASE_LIMIT_MS, 0, &t);
    print_tally("truncations", &t);
    printf("#   (%ld s)\n", (long)(time(NULL) - t0));
    assert_int_equal(t.run, n);
    assert_int_equal(t.refused, n);
    assert_int_equal(t.hangs + t.crashes + t.accepted + t.no_effect + t.opened, 0);
}

static void test_mutations_are_refused(void **state)
{
    (void)state;
    struct tally t;
    time_t t0 = time(NULL);
    run_cases(case_mutated, MUTATIONS, CASE_LIMIT_MS, 0, &t);
    print_tally("mutations", &t);
    printf("#   (%ld s)\n", (long)(time(NULL) - t0));
    assert_int_equal(t.run, MUTATIONS);
    assert_int_equal(t.refused, MUTATIONS);
    assert_int_equal(t.hangs + t.crashes + t.accepted + t.no_effect + t.opened, 0);
}

/* A valid frame and tag around a damaged payload: what someone holding the pairing's key (or a
 * bug in our own export) could send. Every cut of the payload is refused: those inside a table
 * header are counted apart, SQLite 3.40.1's sqlite3changeset_next never returning on them
 * (it looks for the end of the table's name past the end of the buffer) but for the walk of
 * sync_changeset_check before it. */
static void test_valid_tag_cut_payload(void **state)
{
    (void)state;
    struct tally in_header, elsewhere;
    time_t t0 = time(NULL);
    run_cases(case_tag_cut_in_header, W.ncuts_in_header, CASE_LIMIT_MS, 0, &in_header);
    print_tally("valid tag, payload cut inside a table header", &in_header);
    run_cases(case_tag_cut_elsewhere, W.ncuts_elsewhere, CASE_LIMIT_MS, 0, &elsewhere);
    print_tally("valid tag, payload cut elsewhere", &elsewhere);
    printf("#   (%ld s)\n", (long)(time(NULL) - t0));
    assert_true(W.ncuts_in_header > 2 * W.nheaders);
    assert_int_equal(in_header.refused, W.ncuts_in_header);
    assert_int_equal(elsewhere.refused, W.ncuts_elsewhere);
}

/* A valid frame and tag around a mutated payload: many are accepted, with altered records (the
 * tag vouches for them, and they are records the sender may change); the counts are reported.
 * No hang is allowed, nor a crash. */
static void test_valid_tag_mutated_payload(void **state)
{
    (void)state;
    struct tally t;
    time_t t0 = time(NULL);
    run_cases(case_tag_mutated, TAG_MUTATIONS, CASE_LIMIT_MS, MAX_HANGS, &t);
    print_tally("valid tag, mutated payload", &t);
    printf("#   (%ld s)\n", (long)(time(NULL) - t0));
    assert_int_equal(t.hangs + t.crashes, 0);
}

/* A valid tag, and a table this program does not sync: refused (its name, for the message, was
 * once read after its iterator was freed). */
static void test_valid_tag_unsynced_table(void **state)
{
    (void)state;
    struct tally t;
    run_cases(case_tag_unsynced_table, 1, CASE_LIMIT_MS, 0, &t);
    print_tally("valid tag, a table not synced", &t);
    assert_int_equal(t.refused, 1);
}

/* ---- the fuzz target's seed corpus --------------------------------------------------------- */

static void write_seed(const char *out, const char *name, const unsigned char *b, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", out, name);
    if (write_all(path, b, len) != 0)
        fail_msg("cannot write %s", path);
}

/* Packages to a station paired with FUZZ_CODE: W's export re-framed with that code's key
 * (sync_pair_lower makes a code of its own), receiver unknown, as the target's database
 * expects; then ones its checks refuse, each at a different step. */
static void write_fuzz_corpus(const char *out)
{
    struct ll_error err = {0};
    unsigned char key[SYNC_KEY_LEN], *b = NULL;
    uint8_t key_id[SYNC_KEY_ID_LEN];
    size_t len = 0;
    assert_int_equal(sync_code_key(FUZZ_CODE, key, key_id, &err), LL_OK);
    struct sync_frame f = W.frame;
    memcpy(f.key_id, key_id, sizeof key_id);
    assert_int_equal(sync_frame_build(&f, key, &b, &len, &err), LL_OK);
    write_seed(out, "first_package.llsync", b, len);
    /* damaged: cut short, a bit flipped in the payload, in the tag; the header alone */
    write_seed(out, "truncated.llsync", b, len - SYNC_TAG_LEN - 40);
    b[len / 2] ^= 0x10;
    write_seed(out, "flipped_payload.llsync", b, len);
    b[len / 2] ^= 0x10;
    b[len - 1] ^= 0x01;
    write_seed(out, "flipped_tag.llsync", b, len);
    write_seed(out, "header_only.llsync", b, SYNC_HEADER_LEN);
    free(b);
    struct {
        const char *name;
        uint64_t seq;
        const char *receiver;
        size_t payload_len;
        uint32_t changes;
    } variants[] = {
        {"empty_package.llsync", 1, "", 0, 0},
        {"out_of_order.llsync", 2, "", 0, 0},
        {"other_receiver.llsync", 1, "01234567-89ab-4cde-8f01-23456789abcd", 0, 0},
        {"changes_miscounted.llsync", 1, "", W.frame.payload_len, W.frame.changes + 1},
        /* cut in the first table's header: SQLite 3.40.1 would not return from reading it */
        {"cut_in_table_header.llsync", 1, "", 5, W.frame.changes},
    };
    /* a table this program does not sync ("townshiq"), correctly signed */
    size_t pn = W.frame.payload_len;
    unsigned char *renamed = malloc(pn);
    assert_non_null(renamed);
    memcpy(renamed, W.frame.payload, pn);
    unsigned char *name = memmem(renamed, pn, "township", sizeof "township");
    assert_non_null(name);
    name[7] = 'q';
    struct sync_frame u = f;
    u.payload = renamed;
    assert_int_equal(sync_frame_build(&u, key, &b, &len, &err), LL_OK);
    write_seed(out, "unsynced_table.llsync", b, len);
    free(b);
    free(renamed);
    for (size_t k = 0; k < sizeof variants / sizeof *variants; k++) {
        struct sync_frame v = f;
        v.seq = variants[k].seq;
        snprintf(v.receiver, sizeof v.receiver, "%s", variants[k].receiver);
        v.payload_len = variants[k].payload_len;
        v.changes = variants[k].changes;
        assert_int_equal(sync_frame_build(&v, key, &b, &len, &err), LL_OK);
        write_seed(out, variants[k].name, b, len);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_untouched_package_is_accepted),
        cmocka_unit_test(test_every_truncation_is_refused),
        cmocka_unit_test(test_mutations_are_refused),
        cmocka_unit_test(test_valid_tag_cut_payload),
        cmocka_unit_test(test_valid_tag_mutated_payload),
        cmocka_unit_test(test_valid_tag_unsynced_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
