/* The tables derived by triggers (migration 008) against what they are derived from. */
#ifndef LL_TEST_DERIVED_AGREE_H
#define LL_TEST_DERIVED_AGREE_H

#include <sqlite3.h>

/* Fails the test, naming the table and its first differing row, unless roster_order and the
 * three yearly summaries hold exactly what a GROUP BY over the deputies, entries and problems
 * gives (written here again, not the migration's views). */
void assert_derived_agree(sqlite3 *h, const char *where);

#endif
