/* A test-only SQLite VFS ("fault") that wraps the default "unix" one, counts the I/O operations
 * that change a database's files, and at the k-th of them either cuts the power or returns an
 * error.
 *
 * What is counted: xWrite, xTruncate and xSync of the files SQLite keeps across a crash (the
 * main database, its rollback journal, its WAL, a super-journal), and xDelete of such a file.
 * Reads, locks, xAccess and the shared-memory index (-shm, mapped into memory and rebuilt by
 * SQLite after a crash) are passed through and not counted; temporary files are not tracked.
 *
 * The durability model (an ordered-metadata journaling file system, like ext4 data=ordered,
 * Debian's default):
 *  - a file's contents are durable as of its last successful xSync: everything written or
 *    truncated since is in the page cache only;
 *  - names are metadata: creating or deleting a file becomes durable at the next successful
 *    xSync of any file (the file system's journal commit carries every earlier metadata change),
 *    or at once for an xDelete with syncDir (SQLite fsyncs the folder then). A file created and
 *    then made durable by such a commit, but never synced itself, is durable as an empty file;
 *  - the state of every tracked file when fault_vfs_start is called is durable (the test starts
 *    from a clean copy).
 *
 * CUT at op k: op k and every later counted op fail with an I/O error and reach nothing (after
 * the cut the process would be dead; here it gets errors, so that whatever it says it saved can
 * be checked), and opening a new file fails. Reads still see the page cache. Once the test has
 * closed its connections, fault_vfs_power_cut() puts on disk what would be there after the
 * reboot: each tracked file's durable image (or no file), plus, for FAULT_KEEP_SOME, a random
 * (seeded) subset of the writes and truncations made since its last sync, in their order, as a
 * disk that reorders its writes could leave it. Writes are not torn within one xWrite (the unix
 * VFS declares powersafe overwrite). FAULT_KEEP_ALL keeps everything: a crash of the process
 * alone. The -shm file is left as it is: SQLite rebuilds it when the first connection opens.
 * The real fsync of a tracked file is not made (what it would make durable is modelled here,
 * and nothing in the test depends on the disk itself), so that trials do not wait for it.
 *
 * ERROR at op k: op k fails (and, when persist is set, every later counted op until
 * fault_vfs_clear) with what the unix VFS returns for that operation when the disk is full
 * (FAULT_ENOSPC: SQLITE_FULL for a write, the operation's SQLITE_IOERR_* for the others, as
 * unix reports ENOSPC from fsync) or when the device fails (FAULT_EIO: the operation's
 * SQLITE_IOERR_*). Nothing of a failed operation reaches the file. */
#ifndef LL_TEST_FAULT_VFS_H
#define LL_TEST_FAULT_VFS_H

#include <stdbool.h>

#define FAULT_VFS_NAME "fault"

enum fault_error { FAULT_ENOSPC, FAULT_EIO };
enum fault_keep {
    FAULT_KEEP_SYNCED, /* a power cut: only what was synced */
    FAULT_KEEP_SOME,   /* a power cut on a disk that reorders writes */
    FAULT_KEEP_ALL,    /* the process alone dies */
};

/* Registers the VFS (once) and makes it SQLite's default: every connection opened from now on
 * goes through it. Returns SQLITE_OK or an SQLite error. */
int fault_vfs_install(void);
/* Makes "unix" (fault_vfs_use_real) or "fault" the default for connections opened next. */
void fault_vfs_use_real(void);
void fault_vfs_use_fault(void);
/* Forgets every tracked file and disarms: between trials. */
void fault_vfs_reset(void);
/* The starting point: what tracked files hold now is durable, the count is 0, no fault. */
void fault_vfs_start(void);
/* Cuts the power at counted op k (1-based). */
void fault_vfs_cut_at(long k);
/* Returns an error at counted op k (1-based), and after it too while persist. */
void fault_vfs_error_at(long k, enum fault_error what, bool persist);
/* No more faults from now on (ops are still counted). */
void fault_vfs_clear(void);
/* Counted ops since fault_vfs_start. */
long fault_vfs_ops(void);
/* Whether the power was cut. */
bool fault_vfs_was_cut(void);
/* The SQLite code of the last error the VFS returned (a fault or after a cut), 0 when none;
 * and how many it returned. */
int fault_vfs_last_error(void);
long fault_vfs_errors(void);
/* The code of the first error returned after the first `mark` ones (mark: an earlier
 * fault_vfs_errors()), 0 when there is none. */
int fault_vfs_first_error_since(long mark);
/* After a cut, with every connection closed: writes the state after the reboot to disk (see
 * above). seed chooses the writes FAULT_KEEP_SOME keeps. Returns 0, or -1 (errno set). */
int fault_vfs_power_cut(enum fault_keep keep, unsigned seed);

#endif
