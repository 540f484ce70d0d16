/* The command line: options, subcommands, and the exit codes scripts rely on. */
#ifndef LL_CLI_H
#define LL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "lianluo/config.h"
#include "lianluo/db.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_FAILED = 1, /* the work failed: bad input, nothing written */
    EXIT_USAGE = 2,  /* wrong command line */
    EXIT_DB = 3,     /* the database could not be opened */
    EXIT_CHECK = 4,  /* `check` found problems */
};

/* Runs the subcommand argv[0..argc) against the open database; returns an exit code. */
int cli_run(struct ll_db *db, const struct ll_config *cfg, int argc, char **argv);
/* `lianluo restore BACKUP [--yes]`; db is NULL when the database at db_file could not be
 * opened because it is damaged: it is then replaced whole (see db_restore_unopened). */
int cli_restore(struct ll_db *db, const char *db_file, int argc, char **argv);
/* True when argv names a known subcommand (so usage errors are caught before opening). */
int cli_check_usage(int argc, char **argv);
void cli_print_help(FILE *out);
/* `lianluo sync …` (src/cli_sync.c): argv[0] is "sync". */
int cli_sync(struct ll_db *db, const struct ll_config *cfg, int argc, char **argv);
int cli_sync_check_usage(int argc, char **argv);
/* Whether the subcommand only reads the database (it must exist already). */
bool cli_reads_only(const char *command);

#endif
