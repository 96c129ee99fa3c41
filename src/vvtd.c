/* SPDX-License-Identifier: BSD-3-Clause */
/* Instance lifetime, locking, MMIO entry points and inspection. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "internal.h"
#include "qi.h"

/*
 * Copy a caller's extensible struct: at least @min bytes, any size; bytes
 * beyond what this library knows must be zero (iommufd's rule).
 */
static int copy_struct(void *dst, size_t dst_size, const void *src,
		       size_t src_size, size_t min)
{
	if (src_size < min)
		return -EINVAL;
	memset(dst, 0, dst_size);
	if (src_size > dst_size) {
		const uint8_t *tail = (const uint8_t *)src + dst_size;

		for (size_t i = 0; i < src_size - dst_size; i++)
			if (tail[i])
				return -E2BIG;
		src_size = dst_size;
	}
	memcpy(dst, src, src_size);
	return 0;
}

#define END_OF(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

int vvtd_new(const struct vvtd_config *cfg, const struct vvtd_callbacks *cb,
	     struct vvtd **out, const char **why)
{
	const char *dummy;
	struct vvtd *v;
	int rc;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!cfg || !cb || !out) {
		*why = "a required argument is NULL";
		return -EINVAL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	rc = copy_struct(&v->cfg, sizeof(v->cfg), cfg, cfg->size,
			 END_OF(struct vvtd_config, fault_records));
	if (rc) {
		*why = "struct vvtd_config: bad size or non-zero unknown tail";
		goto out_free;
	}
	rc = copy_struct(&v->cb, sizeof(v->cb), cb, cb->size,
			 END_OF(struct vvtd_callbacks, devtlb_invalidate));
	if (rc) {
		*why = "struct vvtd_callbacks: bad size or non-zero unknown "
		       "tail";
		goto out_free;
	}
	rc = -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(v->cfg.reserved); i++) {
		if (v->cfg.reserved[i]) {
			*why = "struct vvtd_config: reserved member not zero";
			goto out_free;
		}
	}
	if (v->cb.flags) {
		*why = "struct vvtd_callbacks: flags must be zero";
		goto out_free;
	}
	if (!v->cb.mem_read || !v->cb.mem_write) {
		*why = "the mem_read and mem_write callbacks are required";
		goto out_free;
	}
	if ((v->cfg.flags & VVTD_CONFIG_FIRST_STAGE) && !v->cb.mem_cmpxchg64) {
		*why = "first-stage translation needs the mem_cmpxchg64 "
		       "callback for Accessed/Dirty updates";
		goto out_free;
	}
	rc = caps_check_config(&v->cfg, why);
	if (rc)
		goto out_free;

	caps_derive(&v->cfg, &v->cap, &v->ecap);
	v->haw = v->cfg.aw_bits;
	v->nfr = v->cfg.fault_records;
	rc = regs_init(v);
	if (rc)
		goto out_free;
	rc = vvtd_mutex_init(&v->lock);
	if (rc)
		goto out_regs;
	v->stats.size = sizeof(v->stats);
	bind_init(v);
	*out = v;
	return 0;

out_regs:
	regs_free(v);
out_free:
	free(v);
	return rc;
}

void vvtd_free(struct vvtd *v)
{
	if (!v)
		return;
	vvtd_lock(v);
	bind_fini_locked(v);
	vvtd_unlock(v);
	vvtd_mutex_destroy(&v->lock);
	regs_free(v);
	free(v);
}

void vvtd_reset(struct vvtd *v)
{
	vvtd_lock(v);
	regs_reset_locked(v);
	qi_reset_locked(v);
	fault_reset_locked(v);
	memset(v->msi, 0, sizeof(v->msi));
	v->msi_pending = false;
	inval_everything_locked(v, INVAL_RESET);
	vvtd_unlock(v);
}

/* ---- locking and deferred interrupts ---- */

void msi_raise_locked(struct vvtd *v, enum msi_source src, uint64_t addr,
		      uint32_t data)
{
	v->msi[src] = (struct pending_msi){ .pending = true, .addr = addr,
					    .data = data };
	v->msi_pending = true;
	v->stats.interrupts++;
}

/* The slow path of vvtd_unlock(): interrupts were raised. */
void vvtd_unlock_deliver(struct vvtd *v)
{
	struct pending_msi msi[MSI_SOURCES];

	for (unsigned i = 0; i < MSI_SOURCES; i++) {
		msi[i] = v->msi[i];
		v->msi[i].pending = false;
	}
	v->msi_pending = false;
	vvtd_mutex_unlock(&v->lock);
	if (!v->cb.msi)
		return;
	for (unsigned i = 0; i < MSI_SOURCES; i++)
		if (msi[i].pending)
			v->cb.msi(v->cb.opaque, msi[i].addr, msi[i].data);
}

/* ---- registers ---- */

uint64_t vvtd_mmio_size(const struct vvtd *v)
{
	return v->mmio_size;
}

int vvtd_mmio_read(struct vvtd *v, uint64_t offset, unsigned size,
		   uint64_t *val)
{
	int rc;

	vvtd_lock(v);
	rc = regs_mmio_read_locked(v, offset, size, val);
	vvtd_unlock(v);
	return rc;
}

int vvtd_mmio_write(struct vvtd *v, uint64_t offset, unsigned size,
		    uint64_t val)
{
	int rc;

	vvtd_lock(v);
	rc = regs_mmio_write_locked(v, offset, size, val);
	vvtd_unlock(v);
	return rc;
}

void vvtd_get_caps(const struct vvtd *v, uint64_t *cap, uint64_t *ecap)
{
	if (cap)
		*cap = v->cap;
	if (ecap)
		*ecap = v->ecap;
}

/* ---- inspection ---- */

int vvtd_get_stats(struct vvtd *v, struct vvtd_stats *out)
{
	struct vvtd_stats s;
	size_t n = out->size;

	if (n < END_OF(struct vvtd_stats, pasid_cache_entries))
		return -EINVAL;
	vvtd_lock(v);
	s = v->stats;
	cache_count(&v->caches, &s.context_cache_entries,
		    &s.pasid_cache_entries, &s.iotlb_entries);
	vvtd_unlock(v);
	s.size = (uint32_t)n;
	if (n > sizeof(s)) {
		memset((uint8_t *)out + sizeof(s), 0, n - sizeof(s));
		n = sizeof(s);
	}
	memcpy(out, &s, n);
	return 0;
}
