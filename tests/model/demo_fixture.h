/* A demo county in a fresh temporary folder, for the model tests that need its data. */
#ifndef LL_TEST_DEMO_FIXTURE_H
#define LL_TEST_DEMO_FIXTURE_H

#include "lianluo/db.h"

struct demo_fixture {
    char dir[64], path[96];
    struct ll_db *db;
};

/* Makes the folder (/tmp/ll-<tag>-XXXXXX), opens county.db in it as the county and builds the
 * demo; fails the test on any error. */
void demo_fixture_open(struct demo_fixture *d, const char *tag);
/* Closes the database and removes the folder. */
void demo_fixture_close(struct demo_fixture *d);

#endif
