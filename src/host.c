/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host calls of the bind engine: each goes through here to be counted,
 * traced with its result, and logged when it fails.
 */
#include <string.h>

#include "internal.h"

static const char *const op_names[VVTD_HOST_OPS] = {
	[VVTD_HOST_OP_GET_HW_INFO] = "get_hw_info",
	[VVTD_HOST_OP_IOAS_ALLOC] = "ioas_alloc",
	[VVTD_HOST_OP_IOAS_MAP] = "ioas_map",
	[VVTD_HOST_OP_IOAS_UNMAP] = "ioas_unmap",
	[VVTD_HOST_OP_HWPT_ALLOC] = "hwpt_alloc",
	[VVTD_HOST_OP_ATTACH] = "attach",
	[VVTD_HOST_OP_DETACH] = "detach",
	[VVTD_HOST_OP_HWPT_INVALIDATE] = "hwpt_invalidate",
	[VVTD_HOST_OP_DESTROY] = "destroy",
};

const char *vvtd_host_op_name(enum vvtd_host_op op)
{
	return (unsigned)op < VVTD_HOST_OPS ? op_names[op] : "unknown";
}

static int host_done(struct vvtd *v, struct vvtd_host_trace *t, int rc)
{
	t->result = rc;
	v->stats.host_calls[t->op]++;
	if (rc) {
		v->stats.host_errors++;
		/* rate limited: a guest's programming can cause these */
		guest_error(v, "host %s for sid 0x%04x dev_id %u id %u "
			       "failed: %d",
			    op_names[t->op], t->sid, t->dev_id, t->id, rc);
	}
	if (v->cb.host_trace)
		v->cb.host_trace(v->cb.opaque, t);
	return rc;
}

int host_get_hw_info(struct vvtd *v, const struct host_device *d,
		     struct vvtd_host_hw_info *info)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_GET_HW_INFO,
				     .sid = d->desc.sid,
				     .dev_id = d->desc.dev_id,
				     .pasid = VVTD_HOST_NO_PASID };

	memset(info, 0, sizeof(*info));
	return host_done(v, &t, d->desc.ops->get_hw_info(d->desc.ctx,
							 d->desc.dev_id, info));
}

int host_ioas_alloc(struct vvtd *v, const struct container *c, uint32_t *out)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_IOAS_ALLOC,
				     .pasid = VVTD_HOST_NO_PASID };
	int rc = c->ops->ioas_alloc(c->ctx, out);

	t.out_id = rc ? 0 : *out;
	return host_done(v, &t, rc);
}

int host_ioas_map(struct vvtd *v, const struct container *c,
		  const struct ram_region *r)
{
	uint32_t flags = VVTD_HOST_MAP_READABLE |
			 (r->readonly ? 0 : VVTD_HOST_MAP_WRITEABLE);
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_IOAS_MAP,
				     .pasid = VVTD_HOST_NO_PASID,
				     .id = c->ioas_id, .flags = flags,
				     .iova = r->gpa, .length = r->size };

	return host_done(v, &t, c->ops->ioas_map(c->ctx, c->ioas_id, r->gpa,
						 r->size, r->hva, flags));
}

int host_ioas_unmap(struct vvtd *v, const struct container *c,
		    const struct ram_region *r)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_IOAS_UNMAP,
				     .pasid = VVTD_HOST_NO_PASID,
				     .id = c->ioas_id, .iova = r->gpa,
				     .length = r->size };

	return host_done(v, &t, c->ops->ioas_unmap(c->ctx, c->ioas_id, r->gpa,
						   r->size));
}

int host_hwpt_alloc(struct vvtd *v, const struct host_device *d,
		    uint32_t pt_id, uint32_t flags,
		    const struct vvtd_host_vtd_s1 *s1, uint32_t *out)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_HWPT_ALLOC,
				     .sid = d->desc.sid,
				     .dev_id = d->desc.dev_id,
				     .pasid = VVTD_HOST_NO_PASID,
				     .id = pt_id, .flags = flags };
	int rc;

	if (s1) {
		t.iova = s1->pgtbl_addr;
		rc = d->desc.ops->hwpt_alloc(d->desc.ctx, d->desc.dev_id,
					     pt_id, flags,
					     VVTD_HOST_DATA_VTD_S1, s1,
					     sizeof(*s1), out);
	} else {
		rc = d->desc.ops->hwpt_alloc(d->desc.ctx, d->desc.dev_id,
					     pt_id, flags, VVTD_HOST_DATA_NONE,
					     NULL, 0, out);
	}
	t.out_id = rc ? 0 : *out;
	return host_done(v, &t, rc);
}

int host_attach(struct vvtd *v, const struct host_device *d, uint32_t pasid,
		uint32_t pt_id)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_ATTACH,
				     .sid = d->desc.sid,
				     .dev_id = d->desc.dev_id,
				     .pasid = pasid, .id = pt_id };

	return host_done(v, &t, d->desc.ops->attach(d->desc.ctx,
						    d->desc.dev_id, pasid,
						    pt_id));
}

int host_detach(struct vvtd *v, const struct host_device *d, uint32_t pasid)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_DETACH,
				     .sid = d->desc.sid,
				     .dev_id = d->desc.dev_id,
				     .pasid = pasid };

	return host_done(v, &t, d->desc.ops->detach(d->desc.ctx,
						    d->desc.dev_id, pasid));
}

int host_invalidate(struct vvtd *v, const struct host_device *d,
		    uint32_t hwpt_id, const struct vvtd_host_vtd_s1_inv *e,
		    uint32_t *n)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_HWPT_INVALIDATE,
				     .sid = d->desc.sid,
				     .dev_id = d->desc.dev_id,
				     .pasid = VVTD_HOST_NO_PASID,
				     .id = hwpt_id, .count = *n,
				     .iova = *n ? e[0].addr : 0,
				     .length = *n ? e[0].npages : 0 };
	int rc;

	v->stats.host_inval_entries += *n;
	rc = d->desc.ops->hwpt_invalidate(d->desc.ctx, hwpt_id,
					  VVTD_HOST_INV_DATA_VTD_S1, e,
					  sizeof(*e), n);
	t.out_id = *n;
	return host_done(v, &t, rc);
}

int host_destroy(struct vvtd *v, const struct vvtd_host_ops *ops, void *ctx,
		 uint16_t sid, uint32_t id)
{
	struct vvtd_host_trace t = { .op = VVTD_HOST_OP_DESTROY,
				     .sid = sid,
				     .pasid = VVTD_HOST_NO_PASID,
				     .id = id };

	return host_done(v, &t, ops->destroy(ctx, id));
}
