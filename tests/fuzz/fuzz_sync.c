/* libFuzzer target for sync packages: src/io/sync_frame.c, and the checks of
 * src/model/sync_import.c that run before anything is written (sync_import_open, the preview
 * and the list of records).
 *
 * The bytes are read as a frame (sync_frame_parse) and checked with a fixed key
 * (sync_frame_verify); a frame that parses, built again, must give the same bytes before the
 * tag. Then they are written to a file and opened for import on a station's database paired,
 * with FUZZ_CODE, once per process: opening may succeed only for a frame that parses and
 * verifies with that key, and its preview must say what the frame says.
 *
 * With LIANLUO_FUZZ_SYNC_RESIGN=1 in the environment, a frame that parses is also opened
 * re-signed: with the pairing's key id and a valid tag, so that its payload, whatever it is,
 * goes through sync_changeset_check and on to SQLite's changeset reader (what a peer holding
 * the key could send). meson replays the corpus both ways.
 *
 * The seed corpus (corpus/sync) is written by tests/model/test_sync_damage with
 * LIANLUO_SYNC_CORPUS_OUT=<folder>: a township's first package to a station re-framed with
 * FUZZ_CODE's key, an empty one, and damaged ones; fuzzer_crash_* are inputs libFuzzer found
 * crashing (kept as regressions). Nothing is applied: the database stays as
 * prepared (refusals after the tag are recorded in its history, which is all that grows). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/sync.h"

#define FUZZ_CODE "ABCD-EFGH-JKMN-PQRS-TVWZ"

static struct {
    char dir[256], db_path[300], pkg_path[300];
    struct ll_db *db;
    unsigned char key[SYNC_KEY_LEN];
    uint8_t key_id[SYNC_KEY_ID_LEN];
    int resign;
} S;

static void check(int cond)
{
    if (!cond)
        abort();
}

static void cleanup(void)
{
    char path[400];
    db_close(S.db);
    S.db = NULL;
    unlink(S.pkg_path);
    unlink(S.db_path);
    snprintf(path, sizeof path, "%s-wal", S.db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", S.db_path);
    unlink(path);
    snprintf(path, sizeof path, "%s.peers", S.db_path);
    rmdir(path);
    rmdir(S.dir);
}

static void prepare(void)
{
    static const struct db_identity who = {"桃花江镇中心联络站", SITE_STATION, "桃花江镇", "fuzz"};
    struct ll_error err = {0};
    struct sync_peer upper;
    const char *tmp = getenv("TMPDIR");
    snprintf(S.dir, sizeof S.dir, "%s/lianluo-fuzz-sync-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    check(mkdtemp(S.dir) != NULL);
    snprintf(S.db_path, sizeof S.db_path, "%s/station.db", S.dir);
    snprintf(S.pkg_path, sizeof S.pkg_path, "%s/package.llsync", S.dir);
    check(db_open(S.db_path, &who, &S.db, &err) == LL_OK);
    check(sync_pair_upper(S.db, SITE_STATION, FUZZ_CODE, &upper, &err) == LL_OK);
    check(sync_code_key(FUZZ_CODE, S.key, S.key_id, &err) == LL_OK);
    const char *resign = getenv("LIANLUO_FUZZ_SYNC_RESIGN");
    S.resign = resign && strcmp(resign, "1") == 0;
    atexit(cleanup);
}

static void count_line(void *ctx, const char *line)
{
    check(line != NULL);
    ++*(int *)ctx;
}

/* Opens the package for import; returns whether it opened. */
static int try_import(const uint8_t *data, size_t size, const struct sync_frame *f, int parsed)
{
    struct ll_error err = {0};
    struct sync_import *imp = NULL;
    FILE *out = fopen(S.pkg_path, "wb");
    check(out != NULL);
    check(size == 0 || fwrite(data, 1, size, out) == size);
    check(fclose(out) == 0);
    if (sync_import_open(S.db, S.pkg_path, &imp, &err) != LL_OK) {
        check(imp == NULL && err.msg[0] != '\0');
        return 0;
    }
    /* only a whole frame with this pairing's key and tag opens */
    struct ll_error verr = {0};
    check(parsed && memcmp(f->key_id, S.key_id, SYNC_KEY_ID_LEN) == 0);
    check(sync_frame_verify(data, size, S.key, &verr) == LL_OK);
    const struct sync_preview *p = sync_import_preview(imp);
    check(p->seq == (long long)f->seq);
    check(strcmp(p->made_at, f->made_at) == 0);
    check(p->replay || p->changes == (int)f->changes);
    check(p->nkinds >= 0 && p->nkinds <= SYNC_KINDS);
    int lines = 0;
    check(sync_import_records(imp, 1000, count_line, &lines, &err) == LL_OK);
    check(p->replay || lines == p->changes || lines == 1000);
    sync_import_free(imp);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!S.db)
        prepare();
    struct sync_frame f;
    struct ll_error err = {0};
    int parsed = sync_frame_parse(data, size, &f, &err) == LL_OK;
    unsigned char *again = NULL;
    size_t again_len = 0;
    if (parsed) {
        /* what was read describes the bytes exactly: built again, the same bytes */
        check(f.version == 1 && f.seq != 0 && f.sender_role <= 2 && f.sender[0]);
        check(strlen(f.sender) == SYNC_SITE_LEN);
        check(strlen(f.made_at) == 20);
        check(f.payload == data + SYNC_HEADER_LEN + strlen(f.sender_name));
        check(SYNC_HEADER_LEN + strlen(f.sender_name) + f.payload_len + SYNC_TAG_LEN == size);
        check(sync_frame_build(&f, S.key, &again, &again_len, &err) == LL_OK);
        check(again_len == size && memcmp(again, data, size - SYNC_TAG_LEN) == 0);
    } else {
        check(err.msg[0] != '\0');
    }
    struct ll_error verr = {0};
    if (sync_frame_verify(data, size, S.key, &verr) == LL_OK) {
        check(size >= SYNC_HEADER_LEN + SYNC_TAG_LEN);
        if (parsed) /* the tag this key makes */
            check(memcmp(again + size - SYNC_TAG_LEN, data + size - SYNC_TAG_LEN, SYNC_TAG_LEN) ==
                  0);
    }
    try_import(data, size, &f, parsed);
    if (parsed && S.resign) {
        /* the same frame with this pairing's key id, this program's data format (the seeds
         * stay good when a migration is added) and a valid tag */
        struct sync_frame g = f;
        unsigned char *signed_pkg = NULL;
        size_t signed_len = 0;
        memcpy(g.key_id, S.key_id, SYNC_KEY_ID_LEN);
        g.schema = (uint32_t)db_schema_version();
        check(sync_frame_build(&g, S.key, &signed_pkg, &signed_len, &err) == LL_OK);
        struct sync_frame h;
        check(sync_frame_parse(signed_pkg, signed_len, &h, &err) == LL_OK);
        try_import(signed_pkg, signed_len, &h, 1);
        free(signed_pkg);
    }
    free(again);
    return 0;
}
