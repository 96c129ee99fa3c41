/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA remapping of one request (VT-d 3.4 legacy mode, 3.5 scalable mode):
 * context cache -> (PASID cache) -> IOTLB -> page walk, faults recorded.
 */
#include <errno.h>
#include <string.h>

#include "cache.h"
#include "fault.h"
#include "internal.h"
#include "tables.h"
#include "walk.h"

struct request {
	uint16_t sid;
	bool has_pasid;
	uint32_t pasid;
	uint64_t iova;
	unsigned access;
};

/* Outcome of a translation before it is reported. */
struct outcome {
	uint8_t fault;
	bool fpd;
	uint64_t out;		/* output page address */
	unsigned level;
	unsigned perm;		/* enum vvtd_perm */
};

static bool in_interrupt_range(uint64_t page, unsigned level)
{
	uint64_t last = page + (UINT64_C(1) << level_shift(level)) - 1;

	return page <= INTERRUPT_ADDR_LAST && last >= INTERRUPT_ADDR_FIRST;
}

static void outcome_identity(struct outcome *o, uint64_t iova)
{
	o->fault = FR_NONE;
	o->out = iova & ~UINT64_C(0xfff);
	o->level = 1;
	o->perm = VVTD_PERM_READ | VVTD_PERM_WRITE | VVTD_PERM_EXEC;
}

/* ---- context ---- */

/*
 * The context-cache entry for @req, fetched on a miss.  With caching mode a
 * not-present root or context entry is cached as a negative entry (tagged
 * with domain id 0, see cache.h).
 */
static const struct ctx_cache_entry *context_get(struct vvtd *v,
						 const struct request *req,
						 struct outcome *o)
{
	struct ctx_cache_entry *e = ctx_cache_lookup(&v->caches, req->sid);
	struct ctx_cache_entry fresh;
	bool scalable = vvtd_scalable(v);
	uint8_t fr;

	if (e) {
		v->stats.context_cache_hits++;
		o->fpd = e->fpd;
		o->fault = e->fault;
		return e->fault ? NULL : e;
	}
	v->stats.context_cache_misses++;
	fr = scalable ? ctx_fetch_scalable(v, req->sid, &fresh, &o->fpd)
		      : ctx_fetch_legacy(v, req->sid, &fresh, &o->fpd);
	if (fr) {
		o->fault = fr;
		if ((v->cap & CAP_CM) &&
		    (fr == FR_ROOT_NOT_PRESENT || fr == FR_CTX_NOT_PRESENT ||
		     fr == FR_SM_ROOT_NOT_PRESENT ||
		     fr == FR_SM_CTX_NOT_PRESENT))
			*ctx_cache_slot(&v->caches, req->sid) =
				(struct ctx_cache_entry){
					.key = CTX_KEY(req->sid),
					.scalable = scalable,
					.sid = req->sid, .fault = fr,
					.fpd = o->fpd };
		return NULL;
	}
	e = ctx_cache_slot(&v->caches, req->sid);
	*e = fresh;
	return e;
}

/* ---- IOTLB and walks ---- */

/* The fault a caching-mode negative IOTLB entry stands for. */
static uint8_t not_present_fault(unsigned pgtt, bool scalable, unsigned access)
{
	if (pgtt == PGTT_FIRST_STAGE)
		return FR_FS_NOT_PRESENT;
	return ss_not_present_fault(access, scalable);
}

/* Permissions a cached translation grants a request with @access; the
 * fault reason in *@fault (0 if the request is allowed). */
static unsigned iotlb_perm(const struct iotlb_entry *e, unsigned access,
			   bool wpe, bool scalable, uint8_t *fault)
{
	unsigned perm = 0;

	if (e->pgtt == PGTT_FIRST_STAGE) {
		bool user = !(access & VVTD_ACCESS_PRIV);

		*fault = fs_access_fault(access, e->attrs, wpe);
		if (user && !(e->attrs & ATTR_US))
			return 0;
		perm = VVTD_PERM_READ;
		/* Write permission is only handed out once the leaf is dirty,
		 * so a caller that caches it never writes a clean page. */
		if ((e->attrs & ATTR_DIRTY) &&
		    ((e->attrs & ATTR_W) || (!user && !wpe)))
			perm |= VVTD_PERM_WRITE;
		if (!(e->attrs & ATTR_XD))
			perm |= VVTD_PERM_EXEC;
		return perm;
	}
	*fault = ss_access_fault(access, e->attrs, scalable);
	if (e->attrs & ATTR_R)
		perm |= VVTD_PERM_READ;
	if (e->attrs & ATTR_W)
		perm |= VVTD_PERM_WRITE;
	if (e->attrs & ATTR_X)
		perm |= VVTD_PERM_EXEC;
	return perm;
}

struct walk_ctx {
	uint16_t did;
	uint32_t pasid_tag;
	unsigned pgtt;
	bool wpe;
	struct ss_walk_params ss;
	struct fs_walk_params fs;
};

/*
 * Translate through the IOTLB, walking on a miss.  A hit that would need a
 * first-stage Dirty update (a write to a clean page) walks again.
 */
static void translate_paged(struct vvtd *v, const struct request *req,
			    const struct walk_ctx *w, struct outcome *o)
{
	bool scalable = vvtd_scalable(v);
	struct iotlb_entry *hit;
	struct walk_result r;
	struct iotlb_entry e;
	uint8_t unused;

	hit = iotlb_lookup(&v->caches, w->did, w->pasid_tag, req->iova);
	if (hit && !(hit->pgtt == PGTT_FIRST_STAGE &&
		     (req->access & VVTD_ACCESS_WRITE) &&
		     !(hit->attrs & ATTR_DIRTY) && !hit->fault)) {
		v->stats.iotlb_hits++;
		if (hit->fault) {
			o->fault = not_present_fault(hit->pgtt, scalable,
						     req->access);
			return;
		}
		o->perm = iotlb_perm(hit, req->access, w->wpe, scalable,
				     &o->fault);
		o->out = hit->out;
		o->level = hit->level;
		return;
	}
	v->stats.iotlb_misses++;
	if (w->pgtt == PGTT_FIRST_STAGE)
		fs_walk(v, &w->fs, req->iova, req->access, &r);
	else
		ss_walk(v, &w->ss, req->iova, req->access, &r);

	memset(&e, 0, sizeof(e));
	e.pgtt = (uint8_t)w->pgtt;
	e.did = w->did;
	e.pasid = w->pasid_tag;
	if (r.fault) {
		o->fault = r.fault;
		if ((v->cap & CAP_CM) && r.not_present) {
			e.level = 1;
			e.vpn = req->iova >> 12;
			e.fault = 1;
			iotlb_insert(&v->caches, &e);
		}
		return;
	}
	if (in_interrupt_range(r.out, r.level)) {
		o->fault = scalable ? FR_SM_INTERRUPT_ADDR : FR_INTERRUPT_ADDR;
		return;
	}
	e.level = r.level;
	e.attrs = r.attrs;
	e.vpn = (req->iova >> 12) &
		~((UINT64_C(1) << (9 * (r.level - 1))) - 1);
	e.out = r.out;
	e.user_perm = (uint8_t)iotlb_perm(&e, VVTD_ACCESS_READ, false,
					  scalable, &unused);
	iotlb_insert(&v->caches, &e);
	o->perm = iotlb_perm(&e, req->access, w->wpe, scalable, &o->fault);
	o->out = r.out;
	o->level = r.level;
}

/* ---- legacy mode ---- */

static void translate_legacy(struct vvtd *v, const struct request *req,
			     struct outcome *o)
{
	const struct ctx_cache_entry *ce;
	struct walk_ctx w;

	if (req->has_pasid) {
		o->fault = FR_RTA_LEGACY_PASID;
		return;
	}
	ce = context_get(v, req, o);
	if (!ce)
		return;
	if (ce->tt == CTX_TT_PASS_THROUGH) {
		outcome_identity(o, req->iova);
		return;
	}
	w = (struct walk_ctx){
		.did = ce->did,
		.pasid_tag = PASID_TAG_NONE,
		.pgtt = PGTT_SECOND_STAGE,
		.ss = { .root = ce->ssptptr, .levels = ce->levels,
			.scalable = false },
	};
	translate_paged(v, req, &w, o);
}

/* ---- scalable mode ---- */

static const struct pasid_cache_entry *
pasid_get(struct vvtd *v, const struct ctx_cache_entry *ce, uint32_t pasid,
	  const struct request *req, struct outcome *o)
{
	struct pasid_cache_entry *e =
		pasid_cache_lookup(&v->caches, req->sid, pasid);
	struct pasid_cache_entry fresh;

	if (e) {
		v->stats.pasid_cache_hits++;
		o->fpd = e->fpd;
		o->fault = e->fault;
		return e->fault ? NULL : e;
	}
	v->stats.pasid_cache_misses++;
	o->fault = pasid_fetch(v, ce, req->sid, pasid, &fresh, &o->fpd);
	if (o->fault) {
		/* VT-d 6.1: with CM=1 not-present entries may be cached; vvtd
		 * caches them so that a guest that makes an entry present
		 * without a PASID-cache invalidation is caught. */
		if ((v->cap & CAP_CM) && (o->fault == FR_PE_NOT_PRESENT ||
					  o->fault == FR_PDIR_NOT_PRESENT)) {
			e = pasid_cache_slot(&v->caches, req->sid, pasid);
			*e = (struct pasid_cache_entry){
				.valid = true, .fault = o->fault,
				.sid = req->sid, .pasid = pasid,
				.fpd = o->fpd };
		}
		return NULL;
	}
	e = pasid_cache_slot(&v->caches, req->sid, pasid);
	*e = fresh;
	return e;
}

static void translate_scalable(struct vvtd *v, const struct request *req,
			       struct outcome *o)
{
	const struct ctx_cache_entry *ce;
	const struct pasid_cache_entry *pce;
	const struct pasid_entry *pe;
	struct walk_ctx w;
	uint32_t pasid;

	ce = context_get(v, req, o);
	if (!ce)
		return;
	if (req->has_pasid && !ce->paside) {
		o->fault = FR_SM_CTX_PASIDE;
		return;
	}
	pasid = req->has_pasid ? req->pasid : ce->rid_pasid;
	pce = pasid_get(v, ce, pasid, req, o);
	if (!pce)
		return;
	pe = &pce->pe;
	/* 9.6: supervisor and execute requests need SRE and ERE. */
	if ((req->access & VVTD_ACCESS_PRIV) && !pe_sre(pe)) {
		o->fault = FR_PE_SRE;
		return;
	}
	if ((req->access & VVTD_ACCESS_EXEC) && !pe_ere(pe)) {
		o->fault = FR_PE_ERE;
		return;
	}
	w = (struct walk_ctx){
		.did = pce->did,
		.pasid_tag = pasid,
		.pgtt = pe_pgtt(pe),
		.wpe = pe_wpe(pe),
	};
	switch (w.pgtt) {
	case PGTT_PASS_THROUGH:
		outcome_identity(o, req->iova);
		return;
	case PGTT_SECOND_STAGE:
		w.ss = (struct ss_walk_params){
			.root = pe_ssptptr(pe),
			.levels = aw_to_levels(v, pe_aw(pe)),
			.scalable = true,
		};
		break;
	default:
		w.fs = (struct fs_walk_params){
			.root = pe_fsptptr(pe),
			.levels = pe_fspm(pe) ? 5 : 4,
			.wpe = pe_wpe(pe),
			.eafe = pe_eafe(pe),
		};
		break;
	}
	translate_paged(v, req, &w, o);
}

/* ---- entry point ---- */

/* The full path; kept out of line so the hit path stays small. */
__attribute__((noinline)) static void
translate_locked(struct vvtd *v, const struct request *req,
		 struct vvtd_translation *out)
{
	struct outcome o = { 0 };

	v->stats.translations++;
	if (!v->te) {
		outcome_identity(&o, req->iova);
	} else if (v->ttm == TTM_LEGACY) {
		translate_legacy(v, req, &o);
	} else if (v->ttm == TTM_SCALABLE && (v->ecap & ECAP_SMTS)) {
		translate_scalable(v, req, &o);
	} else {
		/* Reserved TTM, or abort-DMA mode without ECAP.ADMS. */
		o.fault = FR_RTA_TTM;
	}

	if (o.fault) {
		struct fault_info fi = {
			.sid = req->sid,
			.reason = o.fault,
			.has_pasid = req->has_pasid,
			.pasid = req->pasid,
			.addr = req->iova,
			.access = req->access,
			.fpd = o.fpd,
		};

		v->stats.faults++;
		out->fault_reason = o.fault;
		out->fault_flags = (uint8_t)fault_report_locked(v, &fi);
		return;
	}
	out->page_mask = (UINT64_C(1) << level_shift(o.level)) - 1;
	out->addr = o.out | (req->iova & out->page_mask);
	out->perm = o.perm;
}

/*
 * The common case, kept short: translation on, context (and PASID) entry
 * cached, IOTLB hit that grants the request, nothing to record.  Anything
 * else takes the full path.  Requests with PRIV or EXEC never come here.
 */
static bool translate_hit(struct vvtd *v, const struct request *req,
			  struct vvtd_translation *out)
{
	const struct ctx_cache_entry *ce;
	const struct iotlb_entry *e;
	unsigned need = (req->access & VVTD_ACCESS_WRITE) ? VVTD_PERM_WRITE
							  : VVTD_PERM_READ;
	const struct pasid_cache_entry *pce = NULL;
	uint32_t pasid_tag;
	uint16_t did;

	if (!v->te)
		return false;
	ce = ctx_cache_lookup(&v->caches, req->sid);
	if (!ce || ce->fault)
		return false;
	if (!ce->scalable) {
		if (req->has_pasid)
			return false;
		if (ce->tt == CTX_TT_PASS_THROUGH)
			goto identity;
		did = ce->did;
		pasid_tag = PASID_TAG_NONE;
	} else {
		if (req->has_pasid)
			return false;
		pce = pasid_cache_lookup(&v->caches, req->sid, ce->rid_pasid);
		if (!pce)
			return false;
		if (pe_pgtt(&pce->pe) == PGTT_PASS_THROUGH)
			goto identity;
		did = pce->did;
		pasid_tag = ce->rid_pasid;
	}
	e = iotlb_lookup(&v->caches, did, pasid_tag, req->iova);
	if (!e || !(e->user_perm & need))
		return false;
	v->stats.pasid_cache_hits += pce != NULL;
	v->stats.translations++;
	v->stats.context_cache_hits++;
	v->stats.iotlb_hits++;
	out->page_mask = (UINT64_C(1) << level_shift(e->level)) - 1;
	out->addr = e->out | (req->iova & out->page_mask);
	out->perm = e->user_perm;
	return true;

identity:
	v->stats.pasid_cache_hits += pce != NULL;
	v->stats.translations++;
	v->stats.context_cache_hits++;
	out->page_mask = 0xfff;
	out->addr = req->iova;
	out->perm = VVTD_PERM_READ | VVTD_PERM_WRITE | VVTD_PERM_EXEC;
	return true;
}

int vvtd_translate(struct vvtd *v, uint16_t sid, uint32_t pasid,
		   uint64_t iova, unsigned access,
		   struct vvtd_translation *out)
{
	struct request req = {
		.sid = sid,
		.has_pasid = pasid != VVTD_NO_PASID,
		.pasid = pasid,
		.iova = iova,
		.access = access,
	};
	*out = (struct vvtd_translation){ 0 };
	/* The common request: read or write, no PASID. */
	if (!req.has_pasid &&
	    (access == VVTD_ACCESS_READ || access == VVTD_ACCESS_WRITE)) {
		vvtd_lock(v);
		if (!translate_hit(v, &req, out))
			translate_locked(v, &req, out);
		vvtd_unlock(v);
		return 0;
	}
	if ((access & ~(VVTD_ACCESS_READ | VVTD_ACCESS_WRITE |
			VVTD_ACCESS_EXEC | VVTD_ACCESS_PRIV)) ||
	    !(access & VVTD_ACCESS_READ) == !(access & VVTD_ACCESS_WRITE))
		return -EINVAL;
	/* Execute and supervisor requests only exist with a PASID. */
	if (!req.has_pasid || !(v->cfg.flags & VVTD_CONFIG_PASID) ||
	    pasid >> v->cfg.pasid_bits)
		return -EINVAL;
	vvtd_lock(v);
	translate_locked(v, &req, out);
	vvtd_unlock(v);
	return 0;
}
