/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOAS containers, their NEST_PARENT stage-2 HWPTs and guest RAM (the
 * seed's VTDIOASContainer / VTDS2Hwpt design).
 *
 * Each iommufd gets one IOAS holding all guest RAM (GPA -> HVA), mapped
 * once however many devices use it.  Hosts with ERRATA_772415_SPR17 may not
 * have read-only mappings in a nesting parent, so their devices use a
 * separate "rw_only" container that skips read-only regions.  A device
 * joins the first stage-2 of a matching container the host lets it attach
 * to; the host answers EINVAL for an incompatible one (e.g. a non-coherent
 * device and a coherency-enforcing stage-2), and then the next stage-2, a
 * new stage-2 in the container, or a new container is tried.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "internal.h"

static bool errata(const struct host_device *d)
{
	return d->info.flags & VVTD_HOST_HW_INFO_ERRATA_772415_SPR17;
}

static bool maps_region(const struct container *c, const struct ram_region *r)
{
	return !(c->rw_only && r->readonly);
}

/* Destroy an object during teardown, retrying once so that a passing
 * host failure does not leak it. */
static void destroy_retry(struct vvtd *v, const struct vvtd_host_ops *ops,
			  void *ctx, uint16_t sid, uint32_t id)
{
	if (host_destroy(v, ops, ctx, sid, id) &&
	    host_destroy(v, ops, ctx, sid, id))
		vvtd_log(v, VVTD_LOG_ERR, "host object %u could not be "
			 "destroyed", id);
}

/* Destroying an IOAS drops its mappings with it (no unmap calls). */
static void container_destroy(struct vvtd *v, struct container *c)
{
	struct container **pp = &v->bind.containers;

	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	destroy_retry(v, c->ops, c->ctx, 0, c->ioas_id);
	free(c);
}

/* A new IOAS with all guest RAM mapped. */
static int container_create(struct vvtd *v, const struct host_device *d,
			    struct container **out)
{
	struct container *c = calloc(1, sizeof(*c));
	struct container **pp;
	uint32_t i;
	int rc;

	if (!c)
		return -ENOMEM;
	c->ops = d->desc.ops;
	c->ctx = d->desc.ctx;
	c->rw_only = errata(d);
	rc = host_ioas_alloc(v, c, &c->ioas_id);
	if (rc)
		goto out_free;
	for (i = 0; i < v->bind.nram; i++) {
		if (!maps_region(c, &v->bind.ram[i]))
			continue;
		rc = host_ioas_map(v, c, &v->bind.ram[i]);
		if (rc)
			goto out_unmap;
	}
	for (pp = &v->bind.containers; *pp;)
		pp = &(*pp)->next;
	*pp = c;
	*out = c;
	return 0;

out_unmap:
	destroy_retry(v, c->ops, c->ctx, d->desc.sid, c->ioas_id);
out_free:
	free(c);
	return rc;
}

/*
 * Every HWPT of a device that may have PASID attachments is allocated
 * PASID-capable: the kernel refuses a non-PASID-capable HWPT for a PASID,
 * and for the RID while PASIDs are attached (iommufd_hwpt_pasid_compat).
 */
uint32_t hwpt_pasid_flag(const struct vvtd *v, const struct host_device *d)
{
	return d->info.max_pasid_log2 && (v->ecap & ECAP_PASID)
		       ? VVTD_HOST_HWPT_ALLOC_PASID : 0;
}

/* Try attaching @d's RID to @s2: 0, -EINVAL (incompatible) or an error. */
static int s2_try(struct vvtd *v, struct host_device *d, struct s2_hwpt *s2)
{
	int rc = host_attach(v, d, VVTD_HOST_NO_PASID, s2->hwpt_id);

	if (rc)
		return rc;
	s2->users++;
	d->s2 = s2;
	return 0;
}

/* A new stage-2 in @c for @d, attached.  -EINVAL: the host refuses it. */
static int s2_create(struct vvtd *v, struct host_device *d,
		     struct container *c)
{
	uint32_t flags = VVTD_HOST_HWPT_NEST_PARENT;
	struct s2_hwpt *s2 = calloc(1, sizeof(*s2));
	struct s2_hwpt **pp;
	int rc;

	if (!s2)
		return -ENOMEM;
	rc = host_hwpt_alloc(v, d, c->ioas_id, flags | hwpt_pasid_flag(v, d),
			     NULL, &s2->hwpt_id);
	if (rc) {
		free(s2);
		return rc;
	}
	s2->container = c;
	rc = s2_try(v, d, s2);
	if (rc) {
		destroy_retry(v, d->desc.ops, d->desc.ctx, d->desc.sid,
			      s2->hwpt_id);
		free(s2);
		return rc;
	}
	for (pp = &c->s2_list; *pp;)
		pp = &(*pp)->next;
	*pp = s2;
	return 0;
}

/*
 * Give @d a parent stage-2 and attach its RID there (guest-physical DMA).
 * Pairs with s2_release().
 */
int s2_acquire(struct vvtd *v, struct host_device *d)
{
	struct container *c;
	int rc;

	for (c = v->bind.containers; c; c = c->next) {
		if (c->ops != d->desc.ops || c->ctx != d->desc.ctx ||
		    c->rw_only != errata(d))
			continue;
		for (struct s2_hwpt *s2 = c->s2_list; s2; s2 = s2->next) {
			rc = s2_try(v, d, s2);
			if (rc != -EINVAL)
				return rc;
		}
		rc = s2_create(v, d, c);
		if (rc != -EINVAL)
			return rc;
	}
	rc = container_create(v, d, &c);
	if (rc)
		return rc;
	rc = s2_create(v, d, c);
	if (rc)
		container_destroy(v, c);
	return rc;
}

/* Drop @d's reference on its stage-2; the last user destroys it, and the
 * last stage-2 of a container destroys the container.  The device must no
 * longer be attached to it. */
void s2_release(struct vvtd *v, struct host_device *d)
{
	struct s2_hwpt *s2 = d->s2;
	struct container *c;
	struct s2_hwpt **pp;

	if (!s2)
		return;
	d->s2 = NULL;
	if (--s2->users)
		return;
	c = s2->container;
	for (pp = &c->s2_list; *pp != s2;)
		pp = &(*pp)->next;
	*pp = s2->next;
	destroy_retry(v, c->ops, c->ctx, d->desc.sid, s2->hwpt_id);
	free(s2);
	if (!c->s2_list)
		container_destroy(v, c);
}

/* ---- guest RAM ---- */

static bool overlaps(const struct ram_region *a, uint64_t gpa, uint64_t size)
{
	return a->gpa < gpa + size && gpa < a->gpa + a->size;
}

int ram_add_locked(struct vvtd *v, const struct ram_region *r)
{
	struct bind_engine *b = &v->bind;
	struct ram_region *grown;
	struct container *c;
	int rc = 0;

	if (!r->size || (r->gpa | r->size | (uintptr_t)r->hva) & 0xfff ||
	    r->size > UINT64_MAX - r->gpa)
		return -EINVAL;
	for (uint32_t i = 0; i < b->nram; i++)
		if (overlaps(&b->ram[i], r->gpa, r->size))
			return -EINVAL;
	grown = realloc(b->ram, (b->nram + 1) * sizeof(*b->ram));
	if (!grown)
		return -ENOMEM;
	b->ram = grown;
	for (c = b->containers; c; c = c->next) {
		if (!maps_region(c, r))
			continue;
		rc = host_ioas_map(v, c, r);
		if (rc)
			break;
	}
	if (rc) {
		/* unwind the containers mapped before the failure */
		for (struct container *u = b->containers; u != c; u = u->next)
			if (maps_region(u, r))
				host_ioas_unmap(v, u, r);
		return rc;
	}
	b->ram[b->nram++] = *r;
	return 0;
}

int ram_remove_locked(struct vvtd *v, uint64_t gpa, uint64_t size)
{
	struct bind_engine *b = &v->bind;

	for (uint32_t i = 0; i < b->nram; i++) {
		if (b->ram[i].gpa != gpa || b->ram[i].size != size)
			continue;
		for (struct container *c = b->containers; c; c = c->next)
			if (maps_region(c, &b->ram[i]))
				host_ioas_unmap(v, c, &b->ram[i]);
		b->ram[i] = b->ram[--b->nram];
		return 0;
	}
	return -ENOENT;
}

void ram_free_locked(struct vvtd *v)
{
	free(v->bind.ram);
	v->bind.ram = NULL;
	v->bind.nram = 0;
}

int vvtd_ram_add(struct vvtd *v, uint64_t gpa, uint64_t size, void *hva,
		 int readonly)
{
	struct ram_region r = { .gpa = gpa, .size = size, .hva = hva,
				.readonly = readonly != 0 };
	int rc;

	vvtd_lock(v);
	rc = ram_add_locked(v, &r);
	vvtd_unlock(v);
	return rc;
}

int vvtd_ram_remove(struct vvtd *v, uint64_t gpa, uint64_t size)
{
	int rc;

	vvtd_lock(v);
	rc = ram_remove_locked(v, gpa, size);
	vvtd_unlock(v);
	return rc;
}
