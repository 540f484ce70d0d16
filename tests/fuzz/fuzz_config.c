/* libFuzzer target for src/core/config.c: any bytes as lianluo.ini either load, or are refused
 * with LL_EINVAL, a line number, a UTF-8 message and full defaults. A file that loads must
 * survive config_save and load back identical. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lianluo/config.h"
#include "lianluo/text.h"

static void check(int cond)
{
    if (!cond)
        abort();
}

/* One scratch folder per process, removed at exit. */
static char dir[256], in_path[300], out_path[300];

static void remove_dir(void)
{
    char tmp[310];

    unlink(in_path);
    unlink(out_path);
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    unlink(tmp);
    rmdir(dir);
}

static void make_dir(void)
{
    const char *base = getenv("TMPDIR");

    if (dir[0])
        return;
    snprintf(dir, sizeof dir, "%s/fuzz_config-XXXXXX", base && *base ? base : "/tmp");
    check(mkdtemp(dir) != NULL);
    snprintf(in_path, sizeof in_path, "%s/in.ini", dir);
    snprintf(out_path, sizeof out_path, "%s/out.ini", dir);
    atexit(remove_dir);
}

static int same_config(const struct ll_config *a, const struct ll_config *b)
{
    return strcmp(a->db_path, b->db_path) == 0 && strcmp(a->site_name, b->site_name) == 0 &&
           a->role == b->role && strcmp(a->township, b->township) == 0 &&
           strcmp(a->operator_name, b->operator_name) == 0 &&
           strcmp(a->language, b->language) == 0 && a->use_color == b->use_color &&
           memcmp(a->colors, b->colors, sizeof a->colors) == 0;
}

static void check_refused(const struct ll_config *cfg, const struct ll_error *err)
{
    struct ll_config defaults;

    config_defaults(&defaults);
    check(err->status == LL_EINVAL && err->line >= 1);
    check(err->msg[0] != '\0' && text_valid_utf8(err->msg, strlen(err->msg)));
    check(same_config(cfg, &defaults));
}

static void check_round_trip(const struct ll_config *cfg)
{
    struct ll_config back;
    struct ll_error err;

    check(text_valid_utf8(cfg->site_name, strlen(cfg->site_name)));
    check(config_save(cfg, out_path, &err) == LL_OK);
    check(config_load(&back, out_path, &err) == LL_OK);
    check(same_config(cfg, &back));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ll_config cfg;
    struct ll_error err;
    FILE *f;

    make_dir();
    f = fopen(in_path, "wb");
    check(f != NULL);
    check(fwrite(data, 1, size, f) == size);
    check(fclose(f) == 0);
    switch (config_load(&cfg, in_path, &err)) {
    case LL_OK:
        check(cfg.file_found && err.status == LL_OK);
        check_round_trip(&cfg);
        break;
    case LL_EINVAL:
        check_refused(&cfg, &err);
        break;
    default:
        abort(); /* the file is there and readable */
    }
    return 0;
}
