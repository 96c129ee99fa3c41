/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nested bind engine: guest PASID entries mirrored into host iommufd
 * objects (see the "Passthrough devices" section of vvtd.h for the model).
 *
 * Object graph, all owned by struct bind_engine:
 *
 *   container (one IOAS of one iommufd; rw_only for ERRATA_772415 hosts)
 *     -> s2_hwpt (NEST_PARENT paging HWPT over the IOAS), users = devices
 *          -> host_device (a passthrough device; its parent stage-2)
 *               -> binding (one guest PASID mirrored: PT or nested HWPT)
 *
 * Refcounts: s2_hwpt.users counts the devices whose parent it is (taken in
 * s2_acquire(), dropped in s2_release(), which destroys the HWPT at zero and
 * the container when its last stage-2 goes).  A nested HWPT belongs to one
 * binding and is destroyed when the binding changes or goes.
 */
#ifndef VVTD_BIND_H
#define VVTD_BIND_H

#include <stdbool.h>
#include <stdint.h>

#include <vvtd/vvtd.h>

#include "entries.h"

struct vvtd;

struct ram_region {
	uint64_t gpa;
	uint64_t size;
	void *hva;
	bool readonly;
};

struct s2_hwpt;

struct container {
	const struct vvtd_host_ops *ops;
	void *ctx;
	uint32_t ioas_id;
	bool rw_only;			/* no read-only mappings (ERRATA) */
	struct s2_hwpt *s2_list;
	struct container *next;
};

struct s2_hwpt {
	uint32_t hwpt_id;
	unsigned users;			/* pairs with s2_release() */
	struct container *container;
	struct s2_hwpt *next;
};

/* Invalidations waiting for the end of the queue run (or a wait
 * descriptor), per nested HWPT. */
#define BIND_BATCH_MAX 256u

enum binding_kind {
	BINDING_BLOCKED = 0,	/* detached: DMA blocked */
	BINDING_DEFAULT,	/* RID only: guest-physical (default_pt_id or
				 * the stage-2), translation off or legacy */
	BINDING_PASS_THROUGH,	/* PGTT pass-through: the stage-2 */
	BINDING_FIRST_STAGE,	/* PGTT first-stage: a nested HWPT */
};

/* Guest PASIDs mirrored per device, at most (a guest cannot make vvtd
 * allocate without bound). */
#define BIND_MAX_PASIDS 1024u

struct binding {
	uint32_t pasid;			/* guest PASID (RID_PASID: the RID) */
	enum binding_kind kind;
	uint16_t did;			/* guest domain id of the entry */
	uint32_t attached;		/* host pt id attached, 0 = none */
	uint32_t nested_hwpt;		/* owned nested HWPT, 0 = none */
	struct vvtd_host_vtd_s1 s1;	/* what the nested HWPT holds */
	/* invalidations waiting for the next flush */
	struct vvtd_host_vtd_s1_inv *batch;
	uint32_t batch_len;
	bool batch_all;			/* one full flush covers everything */
	bool seen;			/* found by the current table scan */
};

/* Nested HWPTs whose destroy failed: retried later so none leaks. */
#define BIND_MAX_ZOMBIES 64u

struct host_device {
	struct vvtd_host_device desc;
	struct vvtd_host_hw_info info;
	struct s2_hwpt *s2;
	struct binding *bindings;	/* [0] is the RID_PASID binding */
	uint32_t nbindings;
	uint32_t bindings_cap;
	uint32_t zombies[BIND_MAX_ZOMBIES];
	uint32_t nzombies;
	struct host_device *next;
};

struct bind_engine {
	struct host_device *devices;
	struct container *containers;
	struct ram_region *ram;
	uint32_t nram;
};

/* ---- bind.c ---- */
int bind_init(struct vvtd *v);
void bind_fini_locked(struct vvtd *v);

/* ---- host.c: host calls with tracing and statistics ---- */
int host_get_hw_info(struct vvtd *v, const struct host_device *d,
		     struct vvtd_host_hw_info *info);
int host_ioas_alloc(struct vvtd *v, const struct container *c,
		    uint32_t *out);
int host_ioas_map(struct vvtd *v, const struct container *c,
		  const struct ram_region *r);
int host_ioas_unmap(struct vvtd *v, const struct container *c,
		    const struct ram_region *r);
int host_hwpt_alloc(struct vvtd *v, const struct host_device *d,
		    uint32_t pt_id, uint32_t flags,
		    const struct vvtd_host_vtd_s1 *s1, uint32_t *out);
int host_attach(struct vvtd *v, const struct host_device *d, uint32_t pasid,
		uint32_t pt_id);
int host_detach(struct vvtd *v, const struct host_device *d, uint32_t pasid);
int host_invalidate(struct vvtd *v, const struct host_device *d,
		    uint32_t hwpt_id, const struct vvtd_host_vtd_s1_inv *e,
		    uint32_t *n);
int host_destroy(struct vvtd *v, const struct vvtd_host_ops *ops, void *ctx,
		 uint16_t sid, uint32_t id);

/* ---- container.c: IOAS containers, stage-2 HWPTs, guest RAM ---- */
uint32_t hwpt_pasid_flag(const struct vvtd *v, const struct host_device *d);
int s2_acquire(struct vvtd *v, struct host_device *d);
void s2_release(struct vvtd *v, struct host_device *d);
int ram_add_locked(struct vvtd *v, const struct ram_region *r);
int ram_remove_locked(struct vvtd *v, uint64_t gpa, uint64_t size);
void ram_free_locked(struct vvtd *v);

#endif /* VVTD_BIND_H */
