/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Invalidation semantics (VT-d 6.5), shared by the register-based interface
 * and the invalidation queue, and the listener seam for the bind engine.
 */
#include "inval.h"
#include "internal.h"

void inval_set_listener(struct vvtd *v, const struct inval_listener *l,
			void *opaque)
{
	v->listener = l;
	v->listener_opaque = opaque;
}

int inval_notify_locked(struct vvtd *v, const struct inval_event *ev)
{
	if (!v->listener)
		return 0;
	return v->listener->event(v->listener_opaque, v, ev);
}

/*
 * Context-cache invalidation (6.5.1.1, 6.5.2.2).  PASID-cache entries were
 * found through the context entries being invalidated, so the same
 * granularity drops them too (vvtd's PASID cache is looked up by requester
 * id; dropping more than asked is allowed).
 */
int inval_context_locked(struct vvtd *v, unsigned gran, uint16_t did,
			 uint16_t sid, unsigned fm)
{
	struct caches *c = &v->caches;

	switch (gran) {
	case CC_GLOBAL:
		ctx_cache_inval_all(c);
		pasid_cache_inval_all(c);
		break;
	case CC_DOMAIN:
		ctx_cache_inval_domain(c, did);
		pasid_cache_inval_domain(c, did);
		/* scalable-mode context entries carry no DID */
		if (vvtd_scalable(v))
			pasid_cache_inval_all(c);
		break;
	case CC_DEVICE:
		ctx_cache_inval_device(c, sid, fm);
		pasid_cache_inval_device(c, sid, fm);
		break;
	default:
		return 0;
	}
	return inval_notify_locked(v, &(struct inval_event){
		.kind = INVAL_CONTEXT, .gran = gran, .did = did, .sid = sid,
		.fm = fm });
}

/* PASID-cache invalidation (6.5.2.6). */
int inval_pasid_cache_locked(struct vvtd *v, unsigned gran, uint16_t did,
			     uint32_t pasid)
{
	struct caches *c = &v->caches;

	switch (gran) {
	case PC_DOMAIN:
		pasid_cache_inval_domain(c, did);
		break;
	case PC_PASID:
		pasid_cache_inval_pasid(c, did, pasid);
		break;
	case PC_GLOBAL:
		pasid_cache_inval_all(c);
		break;
	default:
		return 0;
	}
	return inval_notify_locked(v, &(struct inval_event){
		.kind = INVAL_PASID_CACHE, .gran = gran, .did = did,
		.pasid = pasid });
}

/* IOTLB invalidation (6.5.1.2, 6.5.2.3). */
int inval_iotlb_locked(struct vvtd *v, unsigned gran, uint16_t did,
		       uint64_t addr, unsigned am, bool ih)
{
	struct caches *c = &v->caches;

	switch (gran) {
	case IOTLB_GLOBAL:
		iotlb_inval_all(c);
		break;
	case IOTLB_DOMAIN:
		iotlb_inval_domain(c, did);
		break;
	case IOTLB_PAGE:
		iotlb_inval_pages(c, did, addr, am);
		break;
	default:
		return 0;
	}
	return inval_notify_locked(v, &(struct inval_event){
		.kind = INVAL_IOTLB, .gran = gran, .did = did, .addr = addr,
		.am = am, .ih = ih });
}

/* PASID-based IOTLB invalidation (6.5.2.4). */
int inval_piotlb_locked(struct vvtd *v, unsigned gran, uint16_t did,
			uint32_t pasid, uint64_t addr, unsigned am, bool ih)
{
	struct caches *c = &v->caches;

	switch (gran) {
	case PIOTLB_PASID:
		piotlb_inval_pasid(c, did, pasid);
		break;
	case PIOTLB_PAGE:
		piotlb_inval_pages(c, did, pasid, addr, am);
		break;
	default:
		return 0;
	}
	return inval_notify_locked(v, &(struct inval_event){
		.kind = INVAL_PIOTLB, .gran = gran, .did = did, .pasid = pasid,
		.addr = addr, .am = am, .ih = ih });
}

void inval_everything_locked(struct vvtd *v, enum inval_kind why)
{
	cache_flush_all(&v->caches);
	inval_notify_locked(v, &(struct inval_event){ .kind = why,
						      .te = v->te });
}
