#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "demo_fixture.h"
#include "lianluo/io.h"

void demo_fixture_open(struct demo_fixture *d, const char *tag)
{
    struct ll_error err = {0};
    snprintf(d->dir, sizeof d->dir, "/tmp/ll-%s-XXXXXX", tag);
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->path, sizeof d->path, "%s/county.db", d->dir);
    struct db_identity who = {"县人大", SITE_COUNTY, "", "测试员"};
    assert_int_equal(db_open(d->path, &who, &d->db, &err), LL_OK);
    assert_int_equal(demo_build(d->db, &err), LL_OK);
}

void demo_fixture_close(struct demo_fixture *d)
{
    db_close(d->db);
    d->db = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", d->dir);
    assert_int_equal(system(cmd), 0);
}
