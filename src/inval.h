/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cache invalidation, shared by the register-based interface (CCMD, IOTLB
 * registers) and the invalidation queue, and the seam through which the
 * bind engine learns of invalidations and of root-table and translation
 * enable changes.
 */
#ifndef VVTD_INVAL_H
#define VVTD_INVAL_H

#include <stdbool.h>
#include <stdint.h>

struct vvtd;

enum inval_kind {
	INVAL_CONTEXT,		/* context cache: gran, did, sid, fm */
	INVAL_PASID_CACHE,	/* PASID cache: gran, did, pasid */
	INVAL_IOTLB,		/* IOTLB: gran, did, addr, am, ih */
	INVAL_PIOTLB,		/* PASID-based IOTLB: gran, did, pasid,
				 * addr, am, ih */
	INVAL_ROOT_TABLE,	/* GCMD.SRTP latched a new root table */
	INVAL_TE,		/* GCMD.TE changed translation enable */
	INVAL_RESET,		/* vvtd_reset() */
	INVAL_SYNC,		/* an invalidation wait descriptor or the end of
				 * a register-based invalidation: work batched
				 * so far must be complete */
};

/* Granularities of INVAL_PASID_CACHE (6.5.2.6 G field values). */
enum pc_granularity {
	PC_DOMAIN = 0,
	PC_PASID = 1,
	PC_GLOBAL = 3,
};

/* Granularities of INVAL_PIOTLB (6.5.2.4 G field values). */
enum piotlb_granularity {
	PIOTLB_PASID = 2,	/* all mappings of the PASID in the domain */
	PIOTLB_PAGE = 3,	/* pages within the PASID */
};

struct inval_event {
	enum inval_kind kind;
	unsigned gran;		/* enum cc_/iotlb_/pc_/piotlb_granularity */
	uint16_t did;
	uint16_t sid;
	unsigned fm;		/* function mask of a device context inval */
	uint32_t pasid;
	uint64_t addr;
	unsigned am;		/* 2^am pages */
	bool ih;		/* invalidation hint: leaf entries only */
	bool te;		/* INVAL_TE: the new state */
};

/*
 * The bind engine registers a listener.  Its event() runs with the instance
 * lock held, after vvtd's own caches were invalidated.  It returns 0, or a
 * negative errno when it could not carry the event to the host; for a
 * PASID-cache descriptor the queue then reports an invalidation queue error
 * (see the public header for the policy).
 */
struct inval_listener {
	int (*event)(void *opaque, struct vvtd *v, const struct inval_event *ev);
};

void inval_set_listener(struct vvtd *v, const struct inval_listener *l,
			void *opaque);

/* Tell the listener, if any; returns its result (0 without a listener). */
int inval_notify_locked(struct vvtd *v, const struct inval_event *ev);

/* Perform an invalidation on vvtd's caches and tell the listener.  Each
 * returns the listener's result. */
int inval_context_locked(struct vvtd *v, unsigned gran, uint16_t did,
			 uint16_t sid, unsigned fm);
int inval_pasid_cache_locked(struct vvtd *v, unsigned gran, uint16_t did,
			     uint32_t pasid);
int inval_iotlb_locked(struct vvtd *v, unsigned gran, uint16_t did,
		       uint64_t addr, unsigned am, bool ih);
int inval_piotlb_locked(struct vvtd *v, unsigned gran, uint16_t did,
			uint32_t pasid, uint64_t addr, unsigned am, bool ih);
/* Everything: SRTP, TE changes and reset drop every cached translation. */
void inval_everything_locked(struct vvtd *v, enum inval_kind why);

#endif /* VVTD_INVAL_H */
