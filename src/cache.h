/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The translation caches (VT-d 6.2): context cache, PASID cache and IOTLB.
 *
 * All three are direct-mapped arrays: a fill evicts whatever shared its slot,
 * which the spec allows at any time (caches are never required to hold an
 * entry).  Invalidation may remove more than asked for (the spec allows it
 * too), never less.  The IOTLB is tagged, as the spec says, by domain id,
 * PASID and page; the context and PASID caches are looked up by requester id
 * (and PASID) and remember the domain id they belong to, so invalidations by
 * domain find them.
 *
 * Caching mode (CAP.CM=1, VT-d 6.1): not-present entries may be cached.  vvtd
 * does cache them (a context entry found not present, tagged with domain id
 * 0, and a leaf found not present, tagged with the domain of the walk) so a
 * guest that forgets the invalidation after a not-present to present change
 * sees its DMA keep faulting, as it could on hardware.
 */
#ifndef VVTD_CACHE_H
#define VVTD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "entries.h"

#define CTX_CACHE_SLOTS 256u
#define PASID_CACHE_SLOTS 256u
#define IOTLB_SLOTS 2048u	/* iotlb_index() yields 11 bits */

/* PASID tag of IOTLB entries made for requests in legacy mode. */
#define PASID_TAG_NONE 0xffffffffu

struct ctx_cache_entry {
	uint32_t key;		/* CACHE_KEY(sid) when valid, 0 otherwise */
	bool scalable;		/* decoded from a scalable-mode context entry */
	uint16_t sid;
	uint16_t did;		/* legacy DID; 0 in scalable mode and for
				 * caching-mode negative entries */
	uint8_t fault;		/* caching-mode negative entry: the fault */
	bool fpd;
	/* legacy */
	uint8_t tt;		/* enum context_tt */
	uint8_t levels;		/* second-stage levels 3..5 */
	uint64_t ssptptr;
	/* scalable */
	bool dte, paside, pre;
	uint32_t pdir_entries;
	uint32_t rid_pasid;
	uint64_t pdirptr;
};

/* Lookup key of a context-cache entry: never 0 for a valid one. */
#define CTX_KEY(sid) (UINT32_C(0x10000) | (sid))

struct pasid_cache_entry {
	bool valid;
	uint8_t fault;		/* caching-mode negative entry: the fault (the
				 * entry has no DID: any PASID-cache
				 * invalidation of its PASID removes it) */
	uint16_t sid;
	uint32_t pasid;
	uint16_t did;
	bool fpd;		/* FPD of the PASID-directory or PASID entry */
	struct pasid_entry pe;
};

/* Attributes cached with an IOTLB entry (the AND/OR of all levels). */
enum iotlb_attr {
	ATTR_R = 1u << 0,	/* readable */
	ATTR_W = 1u << 1,	/* writable (R/W=1 or W=1 at every level) */
	ATTR_X = 1u << 2,	/* second stage: X=1 at every level */
	ATTR_US = 1u << 3,	/* first stage: U/S=1 at every level */
	ATTR_XD = 1u << 4,	/* first stage: XD=1 at some level */
	ATTR_DIRTY = 1u << 5,	/* first stage: leaf D already set */
};

struct iotlb_entry {
	/* Lookup keys, compared first: tag is vpn << 2 | level (0 when the
	 * entry is invalid), domain is did << 32 | pasid. */
	uint64_t tag;
	uint64_t domain;
	uint64_t out;		/* output page address */
	uint64_t vpn;		/* input address >> 12, level aligned */
	uint32_t pasid;		/* PASID tag or PASID_TAG_NONE */
	uint16_t did;
	uint8_t level;		/* 1: 4 KiB, 2: 2 MiB, 3: 1 GiB */
	uint8_t attrs;		/* enum iotlb_attr */
	uint8_t pgtt;		/* enum pgtt of the walk (SS in legacy) */
	uint8_t fault;		/* caching-mode negative entry */
	uint8_t user_perm;	/* enum vvtd_perm granted to a request without
				 * PRIV/EXEC (the fast path's answer) */
};

static inline uint64_t iotlb_tag(uint64_t vpn, unsigned level)
{
	return vpn << 2 | level;
}

static inline uint64_t iotlb_domain(uint16_t did, uint32_t pasid)
{
	return (uint64_t)did << 32 | pasid;
}

struct caches {
	struct ctx_cache_entry ctx[CTX_CACHE_SLOTS];
	struct pasid_cache_entry pasid[PASID_CACHE_SLOTS];
	struct iotlb_entry iotlb[IOTLB_SLOTS];
};

/* Shift of the page size of @level (1: 12, 2: 21, 3: 30). */
static inline unsigned level_shift(unsigned level)
{
	return 12 + 9 * (level - 1);
}

struct vvtd;

void cache_flush_all(struct caches *c);

static inline struct ctx_cache_entry *ctx_cache_slot(struct caches *c,
						     uint16_t sid)
{
	return &c->ctx[(sid ^ (sid >> 8)) % CTX_CACHE_SLOTS];
}

static inline struct ctx_cache_entry *ctx_cache_lookup(struct caches *c,
						       uint16_t sid)
{
	struct ctx_cache_entry *e = ctx_cache_slot(c, sid);

	return e->key == CTX_KEY(sid) ? e : NULL;
}

/* Context-cache invalidation (6.5.1.1): global, domain or device with the
 * function mask @fm (0..3: 0, 1, 2 or 3 low devfn bits ignored). */
void ctx_cache_inval_all(struct caches *c);
void ctx_cache_inval_domain(struct caches *c, uint16_t did);
void ctx_cache_inval_device(struct caches *c, uint16_t sid, unsigned fm);

static inline struct pasid_cache_entry *
pasid_cache_slot(struct caches *c, uint16_t sid, uint32_t pasid)
{
	uint32_t h = (sid * UINT32_C(0x9e3779b1)) ^ (pasid * UINT32_C(0x85ebca6b));

	return &c->pasid[(h >> 24) % PASID_CACHE_SLOTS];
}

static inline struct pasid_cache_entry *
pasid_cache_lookup(struct caches *c, uint16_t sid, uint32_t pasid)
{
	struct pasid_cache_entry *e = pasid_cache_slot(c, sid, pasid);

	return e->valid && e->sid == sid && e->pasid == pasid ? e : NULL;
}

/* PASID-cache invalidation (6.5.2.6) and the effect of context-cache
 * invalidation on PASID-cache entries of a device. */
void pasid_cache_inval_all(struct caches *c);
void pasid_cache_inval_domain(struct caches *c, uint16_t did);
void pasid_cache_inval_pasid(struct caches *c, uint16_t did, uint32_t pasid);
void pasid_cache_inval_device(struct caches *c, uint16_t sid, unsigned fm);

static inline unsigned iotlb_index(uint64_t tag, uint64_t domain)
{
	/* tag holds the page number, domain the DID and PASID in disjoint
	 * bit ranges of their own; one multiply mixes them. */
	uint64_t h = (tag ^ (domain << 20) ^ (domain >> 24)) *
		     UINT64_C(0x9e3779b97f4a7c15);

	return (unsigned)(h >> 53);	/* 11 bits: IOTLB_SLOTS */
}

/* IOTLB lookup for a 4 KiB, then 2 MiB, then 1 GiB page containing @iova. */
static inline struct iotlb_entry *iotlb_lookup(struct caches *c,
					       uint16_t did, uint32_t pasid,
					       uint64_t iova)
{
	uint64_t domain = iotlb_domain(did, pasid);
	uint64_t vpn = iova >> 12;

	for (unsigned level = 1; level <= 3; level++) {
		uint64_t tag = iotlb_tag(vpn & ~((UINT64_C(1) << (9 * (level -
								   1))) - 1),
					 level);
		struct iotlb_entry *e = &c->iotlb[iotlb_index(tag, domain)];

		if (e->tag == tag && e->domain == domain)
			return e;
	}
	return NULL;
}

void iotlb_insert(struct caches *c, const struct iotlb_entry *e);
void iotlb_inval_all(struct caches *c);
/* IOTLB invalidation (6.5.2.3): domain, or pages [addr, addr + 2^am pages)
 * of second-stage mappings of the domain (first-stage mappings of the domain
 * are all removed, their input addresses are not in the same space). */
void iotlb_inval_domain(struct caches *c, uint16_t did);
void iotlb_inval_pages(struct caches *c, uint16_t did, uint64_t addr,
		       unsigned am);
/* PASID-based IOTLB invalidation (6.5.2.4): first-stage mappings of @pasid
 * in @did, all of them or [addr, addr + 2^am pages). */
void piotlb_inval_pasid(struct caches *c, uint16_t did, uint32_t pasid);
void piotlb_inval_pages(struct caches *c, uint16_t did, uint32_t pasid,
			uint64_t addr, unsigned am);

/* Live entries of each cache, for statistics. */
void cache_count(const struct caches *c, uint32_t *ctx, uint32_t *pasid,
		 uint32_t *iotlb);

#endif /* VVTD_CACHE_H */
