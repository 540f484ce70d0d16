/* Offline sync: packages of changes carried between sites on a USB stick.
 *
 * Sites form a tree: the county above its townships, a township above its stations. A pairing
 * is made on the upper site, which says what the lower one is (a township, or a station of its
 * township) and shows a pairing code; the lower site types the code. Both then hold the same
 * key, which authenticates every package between them.
 *
 * A package holds every change to the records the receiver may see and the sender may change,
 * made since the sender's last package to that peer: an SQLite session changeset, computed as
 * the difference between the database and a snapshot of what the peer is known to have (kept
 * next to the database, one file a peer), so changes made by any program are in it. Importing
 * checks the frame and its tag first, then what the package would change and whether the sender
 * may change it (a station: its own ledger, problems, six haves, volunteers and its station's
 * address, contact and hours; a township: the records of its township; the county: all), then
 * applies it in one transaction. The same record changed on both sides: the version saved later
 * is kept, the other one is listed as a conflict and can be taken instead; a record deleted on
 * one side and changed on the other is deleted, the changed version listed. */
#ifndef LIANLUO_SYNC_H
#define LIANLUO_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "lianluo/config.h"
#include "lianluo/db.h"
#include "lianluo/sync_frame.h"

/* What this site's upper site says it is, once its first package came: its township and (a
 * station) its station; "" when it has not said. */
void sync_own_scope(const struct ll_db *db, char township_id[LL_ID_LEN],
                    char station_id[LL_ID_LEN]);

/* Whether this site may change a record of table ("deputy", "station", "ledger_entry" …)
 * belonging to township_id / station_id ("" when the record has none, or is new): once paired,
 * a township changes its township's records, a station its own (its station's row: only the
 * address, administrator, phone, hours and note). Screens ask before opening a form; the
 * database refuses the change anyway. When false, *why (may be NULL) says why, translated. */
bool sync_may_change(struct ll_db *db, const char *table, const char *township_id,
                     const char *station_id, const char **why);

/* What a package file is, read from its header without checking it (for choosing among the
 * files of a folder): whether it is for this site, its sender and number, and whether it was
 * imported already. false when the file is not a package. */
struct sync_package_info {
    bool for_here;
    bool imported;
    long long seq;
    char sender_name[256];
    char made_at[21];
};
bool sync_package_peek(struct ll_db *db, const char *path, struct sync_package_info *out);

struct sync_peer {
    char id[LL_ID_LEN];
    bool upper; /* the peer is this site's upper site (else one of its lower sites) */
    enum site_role role;
    char site_id[LL_ID_LEN]; /* "" until a package from it was imported */
    char name[256];          /* the peer's name, from its packages */
    char scope_name[160];    /* a lower peer: its township or station (乡镇 / 乡镇 联络站) */
    long long out_seq, in_seq;
    char last_out[25], last_in[25]; /* when the last package went / came, "" never */
};

/* The pairings of this site, upper site first. */
enum ll_status sync_peer_list(struct ll_db *db, void (*cb)(void *ctx, const struct sync_peer *p),
                              void *ctx, struct ll_error *err);
enum ll_status sync_peer_get(struct ll_db *db, const char *id, struct sync_peer *out,
                             struct ll_error *err);
/* Finds a peer by its name, its scope's name, or the end of its id (4 or more characters);
 * LL_ENOTFOUND or LL_ECONFLICT (several) with a message. */
enum ll_status sync_peer_find(struct ll_db *db, const char *what, struct sync_peer *out,
                              struct ll_error *err);

/* On an upper site: pairs a lower site. A county pairs a township (township_name; it need not
 * be in this database yet: its first package brings it); a township pairs one of its stations
 * (station_id). Writes the code to show in code. */
enum ll_status sync_pair_lower(struct ll_db *db, enum site_role my_role, const char *township_name,
                               const char *station_id, char code[SYNC_CODE_LEN + 1],
                               struct sync_peer *out, struct ll_error *err);
/* On a lower site: pairs with the upper site whose code was typed. */
enum ll_status sync_pair_upper(struct ll_db *db, enum site_role my_role, const char *code,
                               struct sync_peer *out, struct ll_error *err);
/* Forgets a pairing (its history and conflicts stay); the peer's snapshot file is removed. */
enum ll_status sync_peer_delete(struct ll_db *db, const char *id, struct ll_error *err);

struct sync_export_result {
    long long seq;
    int changes;
    char file[4096];
};
/* Writes the next package for the peer to path (a file, or a folder: a file named after this
 * site, the peer and the sequence number is made in it). A package with no changes is still
 * written (it tells the peer nothing was missed). */
enum ll_status sync_export(struct ll_db *db, const struct ll_config *cfg, const char *peer_id,
                           const char *path, struct sync_export_result *res, struct ll_error *err);

/* Writes package seq made for the peer again, byte for byte (one lost on the way): the peer
 * takes packages in order only. path as for sync_export. */
enum ll_status sync_resend(struct ll_db *db, const char *peer_id, long long seq, const char *path,
                           struct sync_export_result *res, struct ll_error *err);

/* An import in two steps: open (checks the frame, the tag, the order, the schema and what the
 * sender may change; nothing is written), then apply. */
struct sync_import;
enum { SYNC_KINDS = 12 };
struct sync_preview {
    struct sync_peer peer;
    long long seq;
    char made_at[21];
    bool replay; /* this very package was imported before: applying changes nothing */
    int changes;
    int nkinds;
    struct sync_kind_count {
        char label[64]; /* 台账, 代表 … */
        int inserts, updates, deletes;
    } kinds[SYNC_KINDS];
};
enum ll_status sync_import_open(struct ll_db *db, const char *path, struct sync_import **out,
                                struct ll_error *err);
const struct sync_preview *sync_import_preview(const struct sync_import *imp);
/* One line a change (新增 台账 2026-11-02 接待群众 …), in the package's order, at most limit. */
enum ll_status sync_import_records(struct sync_import *imp, int limit,
                                   void (*cb)(void *ctx, const char *line), void *ctx,
                                   struct ll_error *err);
struct sync_import_result {
    int applied;   /* changes that changed this database */
    int unchanged; /* already here */
    int conflicts; /* listed in sync_conflict_list */
};
enum ll_status sync_import_apply(struct sync_import *imp, struct sync_import_result *res,
                                 struct ll_error *err);
void sync_import_free(struct sync_import *imp);

struct sync_history_row {
    long long id;
    char peer_id[LL_ID_LEN]; /* "" for a file that was not a package from a paired site */
    char peer_name[256];
    char direction[10]; /* out, in, refused */
    long long seq;
    char at[25];
    char file[256];
    int changes, conflicts;
    char summary[640]; /* a refusal's reason, whole */
};
/* Newest first. */
enum ll_status sync_history_list(struct ll_db *db, int limit,
                                 void (*cb)(void *ctx, const struct sync_history_row *h), void *ctx,
                                 struct ll_error *err);

struct sync_conflict {
    char id[LL_ID_LEN];
    char at[25];
    char table_label[32];
    char label[160];
    char kind[24]; /* both_edited, deleted_here, deleted_there, duplicate, missing_reference */
    bool kept_here;
    char explanation[256];
    char other_version[1024]; /* the version not kept, for display (field: value; …) */
};
/* Unresolved conflicts, newest first. */
enum ll_status sync_conflict_list(struct ll_db *db, int limit,
                                  void (*cb)(void *ctx, const struct sync_conflict *c), void *ctx,
                                  struct ll_error *err);
/* Takes the version that was not kept (it becomes a new edit here, and goes out with the next
 * packages); LL_EINVAL when there is nothing to take (a deletion: the record is gone). */
enum ll_status sync_conflict_take(struct ll_db *db, const char *id, struct ll_error *err);
/* Marks a conflict as seen, keeping what the database holds. */
enum ll_status sync_conflict_dismiss(struct ll_db *db, const char *id, struct ll_error *err);

#endif
