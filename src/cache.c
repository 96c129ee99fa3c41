/* SPDX-License-Identifier: BSD-3-Clause */
/* Context cache, PASID cache and IOTLB (see cache.h for the design). */
#include <string.h>

#include "cache.h"
#include "internal.h"

void cache_flush_all(struct caches *c)
{
	ctx_cache_inval_all(c);
	pasid_cache_inval_all(c);
	iotlb_inval_all(c);
}

/* Does @sid match @target with the low @fm devfn bits ignored (6.5.1.1)? */
static bool sid_matches(uint16_t sid, uint16_t target, unsigned fm)
{
	uint16_t mask = (uint16_t)~((1u << fm) - 1);

	return (sid & mask) == (target & mask);
}

/* ---- context cache ---- */

void ctx_cache_inval_all(struct caches *c)
{
	memset(c->ctx, 0, sizeof(c->ctx));
}

/* Scalable-mode context entries hold no domain id; a domain-selective
 * invalidation removes them all (over-invalidation is allowed). */
void ctx_cache_inval_domain(struct caches *c, uint16_t did)
{
	for (unsigned i = 0; i < CTX_CACHE_SLOTS; i++) {
		struct ctx_cache_entry *e = &c->ctx[i];

		if (e->key && (e->scalable || e->did == did))
			e->key = 0;
	}
}

/* Device-selective invalidation is done by source id alone, whatever the
 * domain id (the DID check would only invalidate less). */
void ctx_cache_inval_device(struct caches *c, uint16_t sid, unsigned fm)
{
	for (unsigned i = 0; i < CTX_CACHE_SLOTS; i++) {
		struct ctx_cache_entry *e = &c->ctx[i];

		if (e->key && sid_matches(e->sid, sid, fm))
			e->key = 0;
	}
}

/* ---- PASID cache ---- */

void pasid_cache_inval_all(struct caches *c)
{
	memset(c->pasid, 0, sizeof(c->pasid));
}

void pasid_cache_inval_domain(struct caches *c, uint16_t did)
{
	for (unsigned i = 0; i < PASID_CACHE_SLOTS; i++) {
		struct pasid_cache_entry *e = &c->pasid[i];

		if (e->valid && (e->fault || e->did == did))
			e->valid = false;
	}
}

void pasid_cache_inval_pasid(struct caches *c, uint16_t did, uint32_t pasid)
{
	for (unsigned i = 0; i < PASID_CACHE_SLOTS; i++) {
		struct pasid_cache_entry *e = &c->pasid[i];

		if (e->valid && e->pasid == pasid && (e->fault || e->did == did))
			e->valid = false;
	}
}

void pasid_cache_inval_device(struct caches *c, uint16_t sid, unsigned fm)
{
	for (unsigned i = 0; i < PASID_CACHE_SLOTS; i++) {
		struct pasid_cache_entry *e = &c->pasid[i];

		if (e->valid && sid_matches(e->sid, sid, fm))
			e->valid = false;
	}
}

/* ---- IOTLB ---- */

void iotlb_insert(struct caches *c, const struct iotlb_entry *e)
{
	struct iotlb_entry *slot;
	uint64_t tag = iotlb_tag(e->vpn, e->level);
	uint64_t domain = iotlb_domain(e->did, e->pasid);

	slot = &c->iotlb[iotlb_index(tag, domain)];
	*slot = *e;
	slot->tag = tag;
	slot->domain = domain;
}

void iotlb_inval_all(struct caches *c)
{
	memset(c->iotlb, 0, sizeof(c->iotlb));
}

void iotlb_inval_domain(struct caches *c, uint16_t did)
{
	for (unsigned i = 0; i < IOTLB_SLOTS; i++) {
		struct iotlb_entry *e = &c->iotlb[i];

		if (e->tag && e->did == did)
			e->tag = 0;
	}
}

/* Last 4 KiB page number of 2^am pages from @first, saturating. */
static uint64_t range_last(uint64_t first, unsigned am)
{
	uint64_t n = am >= 52 ? UINT64_MAX : (UINT64_C(1) << am) - 1;

	return first > UINT64_MAX - n ? UINT64_MAX : first + n;
}

/* Does the entry's page overlap [first, last] (4 KiB page numbers)? */
static bool entry_overlaps(const struct iotlb_entry *e, uint64_t first,
			   uint64_t last)
{
	uint64_t e_last = e->vpn + (UINT64_C(1) << (9 * (e->level - 1))) - 1;

	return e->vpn <= last && e_last >= first;
}

void iotlb_inval_pages(struct caches *c, uint16_t did, uint64_t addr,
		       unsigned am)
{
	uint64_t first = addr >> 12;
	uint64_t last = range_last(first, am);

	for (unsigned i = 0; i < IOTLB_SLOTS; i++) {
		struct iotlb_entry *e = &c->iotlb[i];

		if (!e->tag || e->did != did)
			continue;
		if (e->pgtt == PGTT_FIRST_STAGE || entry_overlaps(e, first, last))
			e->tag = 0;
	}
}

void piotlb_inval_pasid(struct caches *c, uint16_t did, uint32_t pasid)
{
	for (unsigned i = 0; i < IOTLB_SLOTS; i++) {
		struct iotlb_entry *e = &c->iotlb[i];

		if (e->tag && e->did == did && e->pasid == pasid &&
		    e->pgtt == PGTT_FIRST_STAGE)
			e->tag = 0;
	}
}

/* Up to 2^PROBE_MAX_AM pages, probing the slots where entries for the
 * range can live is cheaper than scanning the whole direct-mapped IOTLB. */
#define PROBE_MAX_AM 4u

static void piotlb_probe(struct caches *c, uint64_t domain, uint64_t first,
			 uint64_t last)
{
	for (unsigned level = 1; level <= 3; level++) {
		uint64_t align = (UINT64_C(1) << (9 * (level - 1))) - 1;

		for (uint64_t vpn = first & ~align; vpn <= last; vpn += align + 1) {
			uint64_t tag = iotlb_tag(vpn, level);
			struct iotlb_entry *e =
				&c->iotlb[iotlb_index(tag, domain)];

			if (e->tag == tag && e->domain == domain &&
			    e->pgtt == PGTT_FIRST_STAGE)
				e->tag = 0;
			if (vpn > UINT64_MAX - align - 1)
				break;
		}
	}
}

void piotlb_inval_pages(struct caches *c, uint16_t did, uint32_t pasid,
			uint64_t addr, unsigned am)
{
	uint64_t first = addr >> 12;
	uint64_t last = range_last(first, am);

	if (am <= PROBE_MAX_AM) {
		piotlb_probe(c, iotlb_domain(did, pasid), first, last);
		return;
	}
	for (unsigned i = 0; i < IOTLB_SLOTS; i++) {
		struct iotlb_entry *e = &c->iotlb[i];

		if (e->tag && e->did == did && e->pasid == pasid &&
		    e->pgtt == PGTT_FIRST_STAGE &&
		    entry_overlaps(e, first, last))
			e->tag = 0;
	}
}

void cache_count(const struct caches *c, uint32_t *ctx, uint32_t *pasid,
		 uint32_t *iotlb)
{
	*ctx = *pasid = *iotlb = 0;
	for (unsigned i = 0; i < CTX_CACHE_SLOTS; i++)
		*ctx += c->ctx[i].key != 0;
	for (unsigned i = 0; i < PASID_CACHE_SLOTS; i++)
		*pasid += c->pasid[i].valid;
	for (unsigned i = 0; i < IOTLB_SLOTS; i++)
		*iotlb += c->iotlb[i].tag != 0;
}
