/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nested bind engine (see bind.h and the "Passthrough devices" section
 * of vvtd.h).
 *
 * Every trigger re-reads the guest's tables and computes, for each mirrored
 * (device, PASID), the wanted state: blocked, default (guest-physical),
 * pass-through or first-stage with its stage-1 parameters.  binding_apply()
 * then moves the host from the current state to the wanted one with the
 * fewest calls, make before break: a new nested HWPT is attached by replace
 * before the old one is destroyed, and a failure leaves the old state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "fault.h"
#include "internal.h"
#include "tables.h"

/* ECAP.RPS is clear: requests without PASID use PASID 0 (9.4). */
#define RID_PASID 0u

struct desired {
	enum binding_kind kind;
	uint16_t did;
	struct vvtd_host_vtd_s1 s1;
	uint8_t fault;		/* record this: the entry is unusable here */
	bool fpd;
	const char *why;	/* for the log */
};

static uint32_t host_pasid(const struct binding *b)
{
	return b->pasid == RID_PASID ? VVTD_HOST_NO_PASID : b->pasid;
}

static bool translating(const struct vvtd *v)
{
	return v->te && v->ttm == TTM_SCALABLE && (v->ecap & ECAP_SMTS);
}

/* The guest sees a fault record for a PASID it programmed that cannot be
 * mirrored (policy in vvtd.h). */
static void bind_fault(struct vvtd *v, const struct host_device *d,
		       uint32_t pasid, uint8_t reason, bool fpd,
		       const char *why, int err)
{
	struct fault_info fi = {
		.sid = d->desc.sid,
		.reason = reason,
		.has_pasid = pasid != RID_PASID,
		.pasid = pasid,
		.access = VVTD_ACCESS_READ,
		.fpd = fpd,
	};

	v->stats.bind_errors++;
	guest_error(v, "passthrough sid 0x%04x pasid %u not mirrored: %s "
		       "(%d), fault 0x%02x",
		    d->desc.sid, pasid, why, err, reason);
	fault_report_locked(v, &fi);
}

/* ---- bindings ---- */

static void batch_clear(struct binding *b)
{
	free(b->batch);
	b->batch = NULL;
	b->batch_len = 0;
	b->batch_all = false;
}

static struct binding *binding_find(struct host_device *d, uint32_t pasid)
{
	for (uint32_t i = 0; i < d->nbindings; i++)
		if (d->bindings[i].pasid == pasid)
			return &d->bindings[i];
	return NULL;
}

static struct binding *binding_get(struct vvtd *v, struct host_device *d,
				   uint32_t pasid)
{
	struct binding *b = binding_find(d, pasid);

	if (b)
		return b;
	if (d->nbindings == BIND_MAX_PASIDS) {
		guest_error(v, "passthrough sid 0x%04x: more than %u PASIDs",
			    d->desc.sid, BIND_MAX_PASIDS);
		return NULL;
	}
	if (d->nbindings == d->bindings_cap) {
		uint32_t cap = d->bindings_cap * 2;
		struct binding *grown = realloc(d->bindings,
						cap * sizeof(*grown));

		if (!grown)
			return NULL;
		d->bindings = grown;
		d->bindings_cap = cap;
	}
	b = &d->bindings[d->nbindings++];
	*b = (struct binding){ .pasid = pasid };
	return b;
}

/* Drop blocked, non-RID bindings that hold nothing on the host. */
static void bindings_compact(struct host_device *d)
{
	uint32_t j = 1;

	for (uint32_t i = 1; i < d->nbindings; i++) {
		struct binding *b = &d->bindings[i];

		if (b->kind == BINDING_BLOCKED && !b->attached &&
		    !b->nested_hwpt) {
			batch_clear(b);
			continue;
		}
		d->bindings[j++] = *b;
	}
	d->nbindings = j;
}

/* Destroy a nested HWPT; one the host keeps is retried later. */
static void nested_destroy(struct vvtd *v, struct host_device *d,
			   uint32_t hwpt)
{
	if (!host_destroy(v, d->desc.ops, d->desc.ctx, d->desc.sid, hwpt))
		return;
	if (d->nzombies < BIND_MAX_ZOMBIES)
		d->zombies[d->nzombies++] = hwpt;
}

static void zombies_retry(struct vvtd *v, struct host_device *d)
{
	uint32_t j = 0;

	for (uint32_t i = 0; i < d->nzombies; i++)
		if (host_destroy(v, d->desc.ops, d->desc.ctx, d->desc.sid,
				 d->zombies[i]))
			d->zombies[j++] = d->zombies[i];
	d->nzombies = j;
}

static uint32_t kind_target(const struct host_device *d,
			    enum binding_kind kind)
{
	switch (kind) {
	case BINDING_PASS_THROUGH:
		return d->s2->hwpt_id;
	case BINDING_DEFAULT:
		return d->desc.default_pt_id ? d->desc.default_pt_id
					     : d->s2->hwpt_id;
	default:
		return 0;
	}
}

static bool kind_bound(enum binding_kind kind)
{
	return kind == BINDING_PASS_THROUGH || kind == BINDING_FIRST_STAGE;
}

static void count_change(struct vvtd *v, enum binding_kind from,
			 enum binding_kind to)
{
	if (!kind_bound(from) && kind_bound(to))
		v->stats.binds++;
	else if (kind_bound(from) && kind_bound(to))
		v->stats.updates++;
	else if (kind_bound(from))
		v->stats.unbinds++;
}

/* Move one binding to @want; on failure the old state stays. */
static int binding_apply(struct vvtd *v, struct host_device *d,
			 struct binding *b, const struct desired *want)
{
	uint32_t target, nested = 0, old;
	int rc;

	if (want->kind == BINDING_FIRST_STAGE) {
		if (b->kind == BINDING_FIRST_STAGE &&
		    !memcmp(&b->s1, &want->s1, sizeof(b->s1))) {
			b->did = want->did;
			return 0;
		}
		rc = host_hwpt_alloc(v, d, d->s2->hwpt_id,
				     hwpt_pasid_flag(v, d), &want->s1, &nested);
		if (rc)
			return rc;
		target = nested;
	} else {
		target = kind_target(d, want->kind);
		if (b->kind != BINDING_FIRST_STAGE && b->attached == target) {
			/* already attached there (the RID's stage-2 while
			 * translation was off): no host call */
			count_change(v, b->kind, want->kind);
			b->kind = want->kind;
			b->did = want->did;
			return 0;
		}
	}
	rc = target ? host_attach(v, d, host_pasid(b), target)
		    : host_detach(v, d, host_pasid(b));
	if (rc) {
		if (nested)
			nested_destroy(v, d, nested);
		return rc;
	}
	count_change(v, b->kind, want->kind);
	old = b->nested_hwpt;
	b->kind = want->kind;
	b->attached = target;
	b->nested_hwpt = nested;
	b->s1 = want->s1;
	b->did = want->did;
	batch_clear(b);
	if (old)
		nested_destroy(v, d, old);
	return 0;
}

/* Apply, and report to the guest what could not be done. */
static void binding_update(struct vvtd *v, struct host_device *d,
			   struct binding *b, const struct desired *want)
{
	struct desired blocked = { .kind = BINDING_BLOCKED, .fpd = want->fpd };
	int rc;

	if (want->fault) {
		binding_apply(v, d, b, &blocked);
		bind_fault(v, d, b->pasid, want->fault, want->fpd, want->why,
			   0);
		return;
	}
	rc = binding_apply(v, d, b, want);
	if (!rc)
		return;
	/* An update keeps the guest's previous binding; anything else (the
	 * guest-physical default of translation off included) is blocked. */
	if (!kind_bound(b->kind))
		binding_apply(v, d, b, &blocked);
	bind_fault(v, d, b->pasid, FR_PE_INVALID, want->fpd,
		   "the host refused the binding", rc);
}

/* ---- what the guest wants ---- */

static void want_fault(struct desired *w, uint8_t fault, const char *why)
{
	w->kind = BINDING_BLOCKED;
	w->fault = fault;
	w->why = why;
}

/* The wanted state of @pasid under the (valid, present) context @ce. */
static void desired_pasid(struct vvtd *v, const struct host_device *d,
			  const struct ctx_cache_entry *ce, uint32_t pasid,
			  struct desired *w)
{
	struct pasid_cache_entry pce;
	const struct pasid_entry *pe = &pce.pe;
	uint64_t hcap = d->info.cap_reg, hecap = d->info.ecap_reg;
	bool fpd = ce->fpd;
	uint8_t fr;

	memset(w, 0, sizeof(*w));
	fr = pasid_fetch(v, ce, d->desc.sid, pasid, &pce, &fpd);
	w->fpd = fpd;
	if (fr == FR_PE_NOT_PRESENT || fr == FR_PDIR_NOT_PRESENT ||
	    fr == FR_SM_CTX_PDTS) {
		w->kind = BINDING_BLOCKED;
		return;
	}
	if (fr) {
		want_fault(w, fr, "the guest's PASID structures are invalid");
		return;
	}
	w->did = pe_did(pe);
	if (pasid != RID_PASID &&
	    (!d->info.max_pasid_log2 || pasid >> d->info.max_pasid_log2)) {
		want_fault(w, FR_PE_INVALID,
			   "the host cannot attach this PASID");
		return;
	}
	switch (pe_pgtt(pe)) {
	case PGTT_PASS_THROUGH:
		w->kind = BINDING_PASS_THROUGH;
		return;
	case PGTT_FIRST_STAGE:
		break;
	default:
		want_fault(w, FR_PE_INVALID, "only first-stage and "
			   "pass-through PASID entries can be nested");
		return;
	}
	w->s1.pgtbl_addr = pe_fsptptr(pe);
	w->s1.addr_width = pe_fspm(pe) ? 57 : 48;
	w->s1.flags = (pe_sre(pe) ? VVTD_HOST_VTD_S1_SRE : 0) |
		      (pe_wpe(pe) ? VVTD_HOST_VTD_S1_WPE : 0) |
		      (pe_eafe(pe) ? VVTD_HOST_VTD_S1_EAFE : 0);
	if (!w->s1.pgtbl_addr)
		want_fault(w, FR_PE_INVALID, "FSPTPTR is 0");
	else if (w->s1.addr_width == 57 && !(hcap & CAP_FS5LP))
		want_fault(w, FR_PE_INVALID, "the host lacks 5-level paging");
	else if (pe_sre(pe) && !(hecap & ECAP_SRS))
		want_fault(w, FR_PE_INVALID, "the host lacks SRE (ECAP.SRS)");
	else if (pe_eafe(pe) && !(hecap & ECAP_EAFS))
		want_fault(w, FR_PE_INVALID, "the host lacks EAFE (ECAP.EAFS)");
	else
		w->kind = BINDING_FIRST_STAGE;
}

/* ---- syncing a device with the guest's tables ---- */

static void binding_want(struct vvtd *v, struct host_device *d,
			 uint32_t pasid, const struct desired *w)
{
	struct binding *b = binding_get(v, d, pasid);

	if (!b) {
		bind_fault(v, d, pasid, FR_PE_INVALID, w->fpd,
			   "too many PASIDs", -ENOMEM);
		return;
	}
	b->seen = true;
	binding_update(v, d, b, w);
}

/* Every non-RID PASID present in the tables of @ce: at most one PASID
 * directory of 2^14 entries, limited to the configured PASID width. */
static void scan_pasids(struct vvtd *v, struct host_device *d,
			const struct ctx_cache_entry *ce)
{
	uint32_t dirs = ce->pdir_entries;
	uint32_t width_dirs = v->cfg.pasid_bits > 6
				      ? UINT32_C(1) << (v->cfg.pasid_bits - 6)
				      : 1;
	uint8_t table[4096];
	struct desired w;

	if (dirs > width_dirs)
		dirs = width_dirs;
	for (uint32_t dir = 0; dir < dirs; dir++) {
		uint64_t pde;

		if (gmem_read_u64s(v, ce->pdirptr + 8 * (uint64_t)dir, &pde,
				   1) ||
		    !pdir_present(pde) ||
		    gmem_read(v, pdir_ptblptr(pde), table, sizeof(table)))
			continue;
		for (uint32_t i = 0; i < 64; i++) {
			uint32_t pasid = dir * 64 + i;

			if (pasid == RID_PASID || pasid >> v->cfg.pasid_bits ||
			    !(table[64 * i] & 1))
				continue;
			desired_pasid(v, d, ce, pasid, &w);
			binding_want(v, d, pasid, &w);
		}
	}
}

/*
 * Bring @d in line with the guest: all its PASIDs, or just @pasid when
 * @only is set.
 */
static void device_sync(struct vvtd *v, struct host_device *d, bool only,
			uint32_t pasid)
{
	struct desired w = { .kind = BINDING_BLOCKED };
	struct ctx_cache_entry ce;
	bool fpd = false;
	uint8_t fr = FR_NONE;

	zombies_retry(v, d);
	for (uint32_t i = 0; i < d->nbindings; i++)
		d->bindings[i].seen = false;

	if (!translating(v)) {
		w.kind = BINDING_DEFAULT;
	} else {
		fr = ctx_fetch_scalable(v, d->desc.sid, &ce, &fpd);
		w.fpd = fpd;
		if (fr && fr != FR_SM_ROOT_NOT_PRESENT &&
		    fr != FR_SM_CTX_NOT_PRESENT)
			want_fault(&w, fr, "the guest's context is invalid");
	}
	if (!translating(v) || fr) {
		/* The RID gets w; every other PASID is blocked. */
		binding_update(v, d, &d->bindings[0], &w);
		d->bindings[0].seen = true;
	} else if (only && pasid != RID_PASID) {
		w.fpd = fpd;
		if (ce.paside && (v->ecap & ECAP_PASID))
			desired_pasid(v, d, &ce, pasid, &w);
		if (w.kind != BINDING_BLOCKED || w.fault ||
		    binding_find(d, pasid))
			binding_want(v, d, pasid, &w);
		bindings_compact(d);
		return;
	} else {
		desired_pasid(v, d, &ce, RID_PASID, &w);
		binding_update(v, d, &d->bindings[0], &w);
		d->bindings[0].seen = true;
		if (only)
			return;
		if (ce.paside && (v->ecap & ECAP_PASID))
			scan_pasids(v, d, &ce);
	}
	w = (struct desired){ .kind = BINDING_BLOCKED };
	for (uint32_t i = 1; i < d->nbindings; i++)
		if (!d->bindings[i].seen)
			binding_update(v, d, &d->bindings[i], &w);
	bindings_compact(d);
}

static void devices_sync(struct vvtd *v)
{
	for (struct host_device *d = v->bind.devices; d; d = d->next)
		device_sync(v, d, false, 0);
}

/* ---- invalidation propagation ---- */

static void batch_add(struct binding *b, uint64_t addr, uint64_t npages,
		      bool leaf)
{
	struct vvtd_host_vtd_s1_inv *grown;

	if (b->batch_all)
		return;
	if (npages == UINT64_MAX || b->batch_len == BIND_BATCH_MAX) {
		batch_clear(b);
		b->batch_all = true;
		return;
	}
	grown = realloc(b->batch, (b->batch_len + 1) * sizeof(*grown));
	if (!grown) {
		batch_clear(b);
		b->batch_all = true;	/* still correct, just coarser */
		return;
	}
	b->batch = grown;
	b->batch[b->batch_len++] = (struct vvtd_host_vtd_s1_inv){
		.addr = addr,
		.npages = npages,
		.flags = leaf ? VVTD_HOST_INV_FLAGS_LEAF : 0,
	};
}

static bool batch_pending(const struct binding *b)
{
	return b->batch_all || b->batch_len;
}

/* One host call per HWPT; a partial completion is retried for the rest,
 * then as one full flush; if the host still cannot invalidate, the PASID
 * is blocked rather than left with stale translations. */
static void batch_flush(struct vvtd *v, struct host_device *d,
			struct binding *b)
{
	const struct vvtd_host_vtd_s1_inv all = { .addr = 0,
						  .npages = UINT64_MAX };
	const struct vvtd_host_vtd_s1_inv *e = b->batch_all ? &all : b->batch;
	uint32_t total = b->batch_all ? 1 : b->batch_len;
	uint32_t n = total;
	int rc;

	rc = host_invalidate(v, d, b->nested_hwpt, e, &n);
	if (!rc && n >= total)
		goto done;
	if (n < total) {
		uint32_t rest = total - n;

		rc = host_invalidate(v, d, b->nested_hwpt, e + n, &rest);
		if (!rc && rest >= total - n)
			goto done;
	}
	n = 1;
	rc = host_invalidate(v, d, b->nested_hwpt, &all, &n);
	if (!rc && n == 1)
		goto done;
	{
		struct desired blocked = { .kind = BINDING_BLOCKED };

		batch_clear(b);
		binding_apply(v, d, b, &blocked);
		bind_fault(v, d, b->pasid, FR_PE_INVALID, false,
			   "the host failed to invalidate", rc ? rc : -EIO);
		return;
	}
done:
	batch_clear(b);
}

static void batches_flush(struct vvtd *v)
{
	for (struct host_device *d = v->bind.devices; d; d = d->next)
		for (uint32_t i = 0; i < d->nbindings; i++)
			if (d->bindings[i].kind == BINDING_FIRST_STAGE &&
			    batch_pending(&d->bindings[i]))
				batch_flush(v, d, &d->bindings[i]);
}

/*
 * IOTLB invalidation (6.5.2.3) covers the first-stage mappings of the
 * domain entirely (global: every domain); PASID-based IOTLB invalidation
 * (6.5.2.4) the PASID's mappings, all or a range, IH meaning leaf only.
 */
static void propagate(struct vvtd *v, const struct inval_event *ev)
{
	for (struct host_device *d = v->bind.devices; d; d = d->next) {
		for (uint32_t i = 0; i < d->nbindings; i++) {
			struct binding *b = &d->bindings[i];

			if (b->kind != BINDING_FIRST_STAGE)
				continue;
			if (ev->kind == INVAL_IOTLB) {
				if (ev->gran == IOTLB_GLOBAL ||
				    b->did == ev->did)
					batch_add(b, 0, UINT64_MAX, false);
				continue;
			}
			if (b->did != ev->did || b->pasid != ev->pasid)
				continue;
			if (ev->gran == PIOTLB_PASID)
				batch_add(b, 0, UINT64_MAX, false);
			else
				batch_add(b, ev->addr,
					  UINT64_C(1) << ev->am, ev->ih);
		}
	}
}

static bool sid_match(uint16_t sid, uint16_t target, unsigned fm)
{
	uint16_t mask = (uint16_t)~((1u << fm) - 1);

	return (sid & mask) == (target & mask);
}

static int bind_event(void *opaque, struct vvtd *v,
		      const struct inval_event *ev)
{
	(void)opaque;
	if (!v->bind.devices)
		return 0;
	switch (ev->kind) {
	case INVAL_CONTEXT:
		batches_flush(v);
		for (struct host_device *d = v->bind.devices; d; d = d->next)
			if (ev->gran != CC_DEVICE ||
			    sid_match(d->desc.sid, ev->sid, ev->fm))
				device_sync(v, d, false, 0);
		break;
	case INVAL_PASID_CACHE:
		batches_flush(v);
		for (struct host_device *d = v->bind.devices; d; d = d->next)
			device_sync(v, d, ev->gran == PC_PASID, ev->pasid);
		break;
	case INVAL_IOTLB:
	case INVAL_PIOTLB:
		propagate(v, ev);
		break;
	case INVAL_ROOT_TABLE:
	case INVAL_TE:
	case INVAL_RESET:
		batches_flush(v);
		devices_sync(v);
		break;
	case INVAL_SYNC:
		batches_flush(v);
		break;
	}
	return 0;
}

static const struct inval_listener bind_listener = { .event = bind_event };

int bind_init(struct vvtd *v)
{
	inval_set_listener(v, &bind_listener, v);
	return 0;
}

/* ---- devices ---- */

static struct host_device *device_find(struct vvtd *v, uint16_t sid)
{
	for (struct host_device *d = v->bind.devices; d; d = d->next)
		if (d->desc.sid == sid)
			return d;
	return NULL;
}

static bool ops_complete(const struct vvtd_host_ops *o)
{
	return o && o->get_hw_info && o->ioas_alloc && o->ioas_map &&
	       o->ioas_unmap && o->hwpt_alloc && o->attach && o->detach &&
	       o->hwpt_invalidate && o->destroy;
}

/* Undo everything on the host for @d (the device stays in no list). */
static void device_teardown(struct vvtd *v, struct host_device *d)
{
	for (uint32_t i = d->nbindings; i-- > 0;) {
		struct binding *b = &d->bindings[i];
		struct desired w = { .kind = BINDING_BLOCKED };

		batch_clear(b);
		if (i == 0 && d->desc.default_pt_id)
			w.kind = BINDING_DEFAULT;
		/* one retry: teardown must not leak on a passing failure */
		if (binding_apply(v, d, b, &w) && binding_apply(v, d, b, &w))
			vvtd_log(v, VVTD_LOG_ERR, "passthrough sid 0x%04x "
				 "pasid %u: could not be detached",
				 d->desc.sid, b->pasid);
	}
	zombies_retry(v, d);
	if (d->nzombies)
		vvtd_log(v, VVTD_LOG_ERR, "passthrough sid 0x%04x: %u nested "
			 "HWPTs could not be destroyed", d->desc.sid,
			 d->nzombies);
	s2_release(v, d);
	free(d->bindings);
	free(d);
}

int vvtd_host_add_device(struct vvtd *v, const struct vvtd_host_device *desc,
			 const char **why)
{
	struct host_device *d, **tail;
	const char *dummy;
	int rc;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!desc || desc->size < sizeof(*desc) || desc->flags ||
	    desc->reserved0 || desc->reserved1 || !ops_complete(desc->ops) ||
	    desc->ops->flags) {
		*why = "bad struct vvtd_host_device or incomplete host ops";
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->desc = *desc;
	d->desc.size = sizeof(d->desc);
	d->bindings_cap = 4;
	d->bindings = calloc(d->bindings_cap, sizeof(*d->bindings));
	if (!d->bindings) {
		free(d);
		return -ENOMEM;
	}
	d->nbindings = 1;	/* RID_PASID */

	vvtd_lock(v);
	rc = -EEXIST;
	if (device_find(v, desc->sid)) {
		*why = "the requester id already has a passthrough device";
		goto out_free;
	}
	rc = host_get_hw_info(v, d, &d->info);
	if (rc) {
		*why = "IOMMU_GET_HW_INFO failed";
		goto out_free;
	}
	rc = vvtd_host_check(&v->cfg, &d->info, why);
	if (rc)
		goto out_free;
	rc = s2_acquire(v, d);
	if (rc) {
		*why = "no stage-2 page table could be attached";
		goto out_free;
	}
	d->bindings[0].kind = BINDING_DEFAULT;
	d->bindings[0].attached = d->s2->hwpt_id;
	for (tail = &v->bind.devices; *tail;)
		tail = &(*tail)->next;
	*tail = d;
	device_sync(v, d, false, 0);
	vvtd_unlock(v);
	return 0;

out_free:
	vvtd_unlock(v);
	free(d->bindings);
	free(d);
	return rc;
}

int vvtd_host_remove_device(struct vvtd *v, uint16_t sid)
{
	struct host_device **pp, *d;

	vvtd_lock(v);
	for (pp = &v->bind.devices; *pp && (*pp)->desc.sid != sid;)
		pp = &(*pp)->next;
	d = *pp;
	if (!d) {
		vvtd_unlock(v);
		return -ENOENT;
	}
	*pp = d->next;
	device_teardown(v, d);
	vvtd_unlock(v);
	return 0;
}

void bind_fini_locked(struct vvtd *v)
{
	while (v->bind.devices) {
		struct host_device *d = v->bind.devices;

		v->bind.devices = d->next;
		device_teardown(v, d);
	}
	ram_free_locked(v);
}

/* ---- topology ---- */

static void topo_devices(const struct vvtd *v, const struct s2_hwpt *s2,
			 void (*fn)(void *, const struct vvtd_topo_node *),
			 void *opaque)
{
	for (const struct host_device *d = v->bind.devices; d; d = d->next) {
		struct vvtd_topo_node n = {
			.kind = VVTD_TOPO_DEVICE, .depth = 3,
			.ctx = d->desc.ctx, .sid = d->desc.sid,
			.dev_id = d->desc.dev_id,
			.rid_pt_id = d->bindings[0].attached,
			.id = d->bindings[0].attached,
		};

		if (d->s2 != s2)
			continue;
		fn(opaque, &n);
		for (uint32_t i = 0; i < d->nbindings; i++) {
			const struct binding *b = &d->bindings[i];

			if (!kind_bound(b->kind))
				continue;
			n = (struct vvtd_topo_node){
				.kind = VVTD_TOPO_BINDING, .depth = 4,
				.ctx = d->desc.ctx, .sid = d->desc.sid,
				.dev_id = d->desc.dev_id, .pasid = b->pasid,
				.did = b->did, .id = b->attached,
				.pgtt = b->kind == BINDING_FIRST_STAGE
						? PGTT_FIRST_STAGE
						: PGTT_PASS_THROUGH,
				.s1 = b->s1,
			};
			fn(opaque, &n);
		}
	}
}

void vvtd_host_topology(struct vvtd *v,
			void (*fn)(void *opaque, const struct vvtd_topo_node *n),
			void *opaque)
{
	vvtd_lock(v);
	for (const struct container *c = v->bind.containers; c; c = c->next) {
		const struct container *first = v->bind.containers;
		struct vvtd_topo_node n = { .kind = VVTD_TOPO_IOMMUFD,
					    .ctx = c->ctx };

		while (first->ctx != c->ctx)
			first = first->next;
		if (first != c)
			continue;	/* iommufd already shown */
		fn(opaque, &n);
		for (const struct container *k = c; k; k = k->next) {
			if (k->ctx != c->ctx)
				continue;
			n = (struct vvtd_topo_node){
				.kind = VVTD_TOPO_CONTAINER, .depth = 1,
				.ctx = k->ctx, .id = k->ioas_id,
				.rw_only = k->rw_only };
			fn(opaque, &n);
			for (const struct s2_hwpt *s = k->s2_list; s;
			     s = s->next) {
				n = (struct vvtd_topo_node){
					.kind = VVTD_TOPO_STAGE2, .depth = 2,
					.ctx = k->ctx, .id = s->hwpt_id,
					.users = s->users };
				fn(opaque, &n);
				topo_devices(v, s, fn, opaque);
			}
		}
	}
	vvtd_unlock(v);
}
