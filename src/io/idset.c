/* Open addressing with linear probing; ids are UUIDs, so FNV-1a spreads them well. */
#include "io/idset.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static uint32_t id_hash(const char *id)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

static struct idset_slot *idset_slot_of(struct idset_slot *slots, size_t cap, const char *id)
{
    size_t i = id_hash(id) & (cap - 1);
    while (slots[i].id[0] && strcmp(slots[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool idset_grow(struct idset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 64;
    struct idset_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].id[0])
            *idset_slot_of(slots, cap, set->slots[i].id) = set->slots[i];
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return true;
}

int idset_add(struct idset *set, const char *id, int line)
{
    if ((set->used + 1) * 2 > set->cap && !idset_grow(set))
        return -1;
    struct idset_slot *slot = idset_slot_of(set->slots, set->cap, id);
    if (slot->id[0])
        return slot->line;
    snprintf(slot->id, sizeof slot->id, "%s", id);
    slot->line = line;
    set->used++;
    return 0;
}

void idset_free(struct idset *set)
{
    free(set->slots);
    set->slots = NULL;
    set->used = set->cap = 0;
}
