/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated host: iommufd objects and the kernel's rules for them
 * (drivers/iommu/iommufd/{main,ioas,hw_pagetable,device}.c and
 * drivers/iommu/intel/{nested,pasid}.c), with the same errno values.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "regs.h"
#include "simhost.h"

static void sim_lock(const struct vvtd_simhost *h)
{
	pthread_mutex_lock((pthread_mutex_t *)&h->lock);
}

static void sim_unlock(const struct vvtd_simhost *h)
{
	pthread_mutex_unlock((pthread_mutex_t *)&h->lock);
}

/* ---- the machine and its IOMMUs ---- */

void vvtd_simhost_iommu_init(struct vvtd_simhost_iommu *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = sizeof(*cfg);
	cfg->features = VVTD_SIMHOST_DEFAULT;
	cfg->mgaw = 57;
	cfg->max_pasid_log2 = 20;
}

int vvtd_simhost_new(struct vvtd_simhost **out)
{
	struct vvtd_simhost *h = calloc(1, sizeof(*h));

	if (!h)
		return -ENOMEM;
	if (pthread_mutex_init(&h->lock, NULL)) {
		free(h);
		return -ENOMEM;
	}
	h->st.size = sizeof(h->st);
	*out = h;
	return 0;
}

static void fd_release(struct vvtd_simhost_fd *fd);

void vvtd_simhost_free(struct vvtd_simhost *h)
{
	if (!h)
		return;
	while (h->fds) {
		struct vvtd_simhost_fd *fd = h->fds;

		h->fds = fd->next;
		fd_release(fd);
	}
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* CAP and ECAP of a VT-d 4.x unit with the given features. */
static void derive_regs(const struct vvtd_simhost_iommu *cfg,
			struct sim_iommu *mu)
{
	uint64_t sagaw = CAP_SAGAW_48;

	if (cfg->mgaw >= 57)
		sagaw |= CAP_SAGAW_57;
	mu->cap = (UINT64_C(6) << CAP_ND_SHIFT) | (sagaw << CAP_SAGAW_SHIFT) |
		  ((uint64_t)(cfg->mgaw - 1) << CAP_MGAW_SHIFT) | CAP_ZLR |
		  ((uint64_t)(0x220 >> 4) << CAP_FRO_SHIFT) | CAP_SLLPS_2M |
		  CAP_SLLPS_1G | CAP_PSI | (UINT64_C(7) << CAP_NFR_SHIFT) |
		  (UINT64_C(0x3f) << CAP_MAMV_SHIFT) | CAP_DWD | CAP_DRD;
	if (cfg->features & VVTD_SIMHOST_FS1GP)
		mu->cap |= CAP_FS1GP;
	if (cfg->features & VVTD_SIMHOST_FS5LP)
		mu->cap |= CAP_FS5LP;
	mu->ecap = ECAP_QI | ECAP_DT | ECAP_IR | ECAP_EIM | ECAP_PT |
		   (UINT64_C(0xf0 >> 4) << ECAP_IRO_SHIFT) |
		   (UINT64_C(0xf) << ECAP_MHMV_SHIFT) | ECAP_SMTS | ECAP_SSTS |
		   ECAP_FSTS | ECAP_SSADS;
	if (cfg->features & VVTD_SIMHOST_COHERENT)
		mu->ecap |= ECAP_C | ECAP_SC | ECAP_SMPWCS;
	if (cfg->features & VVTD_SIMHOST_NESTING)
		mu->ecap |= ECAP_NEST;
	if (cfg->features & VVTD_SIMHOST_SRS)
		mu->ecap |= ECAP_SRS;
	if (cfg->features & VVTD_SIMHOST_EAFS)
		mu->ecap |= ECAP_EAFS;
	if (cfg->max_pasid_log2)
		mu->ecap |= ECAP_PASID | ECAP_PDS |
			    ((uint64_t)(cfg->max_pasid_log2 - 1)
			     << ECAP_PSS_SHIFT);
	mu->hw_flags = (cfg->features & VVTD_SIMHOST_ERRATA)
			       ? VVTD_HOST_HW_INFO_ERRATA_772415_SPR17 : 0;
	mu->mgaw = cfg->mgaw;
	mu->pasid_bits = cfg->max_pasid_log2;
}

int vvtd_simhost_add_iommu(struct vvtd_simhost *h,
			   const struct vvtd_simhost_iommu *cfg,
			   unsigned *out_index)
{
	const uint32_t known = VVTD_SIMHOST_COHERENT | VVTD_SIMHOST_NESTING |
			       VVTD_SIMHOST_FS1GP | VVTD_SIMHOST_FS5LP |
			       VVTD_SIMHOST_SRS | VVTD_SIMHOST_EAFS |
			       VVTD_SIMHOST_ERRATA;
	int rc = 0;

	if (!cfg || cfg->size != sizeof(*cfg) || cfg->features & ~known ||
	    cfg->reserved || cfg->max_pasid_log2 > 20 ||
	    (cfg->mgaw != 39 && cfg->mgaw != 48 && cfg->mgaw != 57))
		return -EINVAL;
	sim_lock(h);
	if (h->niommus == SIM_MAX_IOMMUS) {
		rc = -ENOSPC;
	} else {
		derive_regs(cfg, &h->iommus[h->niommus]);
		if (out_index)
			*out_index = h->niommus;
		h->niommus++;
	}
	sim_unlock(h);
	return rc;
}

int vvtd_simhost_iommu_regs(const struct vvtd_simhost *h, unsigned index,
			    uint64_t *cap, uint64_t *ecap)
{
	int rc = -ENOENT;

	sim_lock(h);
	if (index < h->niommus) {
		*cap = h->iommus[index].cap;
		*ecap = h->iommus[index].ecap;
		rc = 0;
	}
	sim_unlock(h);
	return rc;
}

/* ---- objects ---- */

struct sim_obj *sim_find(const struct vvtd_simhost_fd *fd, uint32_t id)
{
	for (struct sim_obj *o = fd->objs; o; o = o->next)
		if (o->id == id)
			return o;
	return NULL;
}

static struct sim_obj *find_type(const struct vvtd_simhost_fd *fd,
				 uint32_t id, enum vvtd_simhost_obj_type type)
{
	struct sim_obj *o = sim_find(fd, id);

	return o && o->type == type ? o : NULL;
}

/* A new object with the lowest free id (ids start at 1). */
static struct sim_obj *obj_new(struct vvtd_simhost_fd *fd,
			       enum vvtd_simhost_obj_type type)
{
	struct sim_obj *o = calloc(1, sizeof(*o));
	struct sim_obj **pp = &fd->objs;
	uint32_t id = 1;

	if (!o)
		return NULL;
	if (type == VVTD_SIMHOST_OBJ_HWPT_NESTED) {
		o->iotlb = calloc(SIM_IOTLB_SIZE, sizeof(*o->iotlb));
		if (!o->iotlb) {
			free(o);
			return NULL;
		}
	}
	while (*pp && (*pp)->id == id) {
		id++;
		pp = &(*pp)->next;
	}
	o->type = type;
	o->id = id;
	o->next = *pp;
	*pp = o;
	if (type == VVTD_SIMHOST_OBJ_DEVICE)
		fd->h->st.devices++;
	else
		fd->h->st.objects++;
	return o;
}

static void obj_free(struct vvtd_simhost_fd *fd, struct sim_obj *o)
{
	struct sim_obj **pp = &fd->objs;

	while (*pp != o)
		pp = &(*pp)->next;
	*pp = o->next;
	if (o->type == VVTD_SIMHOST_OBJ_DEVICE)
		fd->h->st.devices--;
	else
		fd->h->st.objects--;
	if (o->ioas)
		o->ioas->refs--;
	if (o->parent)
		o->parent->refs--;
	free(o->maps);
	free(o->iotlb);
	free(o->pasids);
	free(o);
}

/* Drop one attachment reference on @hwpt; an automatic domain goes with
 * its last attachment, as the kernel's auto_domain does. */
static void hwpt_put(struct vvtd_simhost_fd *fd, struct sim_obj *hwpt)
{
	if (--hwpt->refs == 0 && hwpt->auto_domain)
		obj_free(fd, hwpt);
}

/* Nested HWPTs below the paging HWPTs of @ioas lose their cached
 * translations (the kernel flushes the parent domain's cache tags). */
static void flush_nested_over(struct vvtd_simhost_fd *fd,
			      const struct sim_obj *ioas)
{
	for (struct sim_obj *o = fd->objs; o; o = o->next)
		if (o->type == VVTD_SIMHOST_OBJ_HWPT_NESTED &&
		    o->parent->ioas == ioas)
			sim_iotlb_flush(o, 0, UINT64_MAX);
}

static void device_detach_all(struct vvtd_simhost_fd *fd, struct sim_obj *d)
{
	for (uint32_t i = 0; i < d->npasids; i++)
		hwpt_put(fd, d->pasids[i].hwpt);
	d->npasids = 0;
	if (d->rid)
		hwpt_put(fd, d->rid);
	d->rid = NULL;
}

/* Close: devices first (their attachments), then objects children first. */
static void fd_release(struct vvtd_simhost_fd *fd)
{
	static const enum vvtd_simhost_obj_type order[] = {
		VVTD_SIMHOST_OBJ_DEVICE, VVTD_SIMHOST_OBJ_HWPT_NESTED,
		VVTD_SIMHOST_OBJ_HWPT_PAGING, VVTD_SIMHOST_OBJ_IOAS,
	};

	for (struct sim_obj *o = fd->objs; o; o = o->next)
		if (o->type == VVTD_SIMHOST_OBJ_DEVICE)
			device_detach_all(fd, o);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		struct sim_obj *o = fd->objs;

		while (o) {
			struct sim_obj *next = o->next;

			if (o->type == order[k])
				obj_free(fd, o);
			o = next;
		}
	}
	free(fd);
}

int vvtd_simhost_open(struct vvtd_simhost *h, struct vvtd_simhost_fd **out)
{
	struct vvtd_simhost_fd *fd = calloc(1, sizeof(*fd));
	struct vvtd_simhost_fd **pp;

	if (!fd)
		return -ENOMEM;
	fd->h = h;
	sim_lock(h);
	fd->index = h->fds_opened++;
	for (pp = &h->fds; *pp;)
		pp = &(*pp)->next;
	*pp = fd;
	sim_unlock(h);
	*out = fd;
	return 0;
}

void vvtd_simhost_close(struct vvtd_simhost_fd *fd)
{
	struct vvtd_simhost *h;
	struct vvtd_simhost_fd **pp;

	if (!fd)
		return;
	h = fd->h;
	sim_lock(h);
	for (pp = &h->fds; *pp != fd;)
		pp = &(*pp)->next;
	*pp = fd->next;
	fd_release(fd);
	sim_unlock(h);
}

int vvtd_simhost_bind_device(struct vvtd_simhost_fd *fd, unsigned iommu,
			     uint32_t *out_dev_id)
{
	struct vvtd_simhost *h = fd->h;
	struct sim_obj *d;
	int rc = 0;

	sim_lock(h);
	if (iommu >= h->niommus) {
		rc = -ENOENT;
	} else if (!(d = obj_new(fd, VVTD_SIMHOST_OBJ_DEVICE))) {
		rc = -ENOMEM;
	} else {
		d->dev_iommu = iommu;
		*out_dev_id = d->id;
	}
	sim_unlock(h);
	return rc;
}

int vvtd_simhost_unbind_device(struct vvtd_simhost_fd *fd, uint32_t dev_id)
{
	struct sim_obj *d;
	int rc = -ENOENT;

	sim_lock(fd->h);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	if (d) {
		device_detach_all(fd, d);
		obj_free(fd, d);
		rc = 0;
	}
	sim_unlock(fd->h);
	return rc;
}

/* ---- failure injection and accounting ---- */

void vvtd_simhost_fail(struct vvtd_simhost *h, enum vvtd_host_op op,
		       unsigned nth, int err)
{
	sim_lock(h);
	h->fail_op = op;
	h->fail_countdown = nth;
	h->fail_err = err;
	sim_unlock(h);
}

/* Count the call; true when it is the one to fail. */
static bool injected(struct vvtd_simhost *h, enum vvtd_host_op op)
{
	h->st.calls[op]++;
	if (!h->fail_countdown ||
	    (h->fail_op != VVTD_SIMHOST_ANY_OP && h->fail_op != op))
		return false;
	if (--h->fail_countdown)
		return false;
	h->st.injected++;
	return true;
}

static int finish(struct vvtd_simhost *h, enum vvtd_host_op op, int rc)
{
	if (rc < 0)
		h->st.failed[op]++;
	sim_unlock(h);
	return rc;
}

#define SIM_ENTER(fd, op)                                      \
	do {                                                   \
		sim_lock((fd)->h);                             \
		if (injected((fd)->h, op))                     \
			return finish((fd)->h, op, (fd)->h->fail_err); \
	} while (0)

/* ---- struct vvtd_host_ops ---- */

static const struct sim_iommu *dev_iommu(const struct vvtd_simhost_fd *fd,
					 const struct sim_obj *d)
{
	return &fd->h->iommus[d->dev_iommu];
}

static int sim_get_hw_info(void *ctx, uint32_t dev_id,
			   struct vvtd_host_hw_info *info)
{
	struct vvtd_simhost_fd *fd = ctx;
	const struct sim_iommu *mu;
	struct sim_obj *d;

	SIM_ENTER(fd, VVTD_HOST_OP_GET_HW_INFO);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	if (!d)
		return finish(fd->h, VVTD_HOST_OP_GET_HW_INFO, -ENOENT);
	mu = dev_iommu(fd, d);
	memset(info, 0, sizeof(*info));
	info->cap_reg = mu->cap;
	info->ecap_reg = mu->ecap;
	info->flags = mu->hw_flags;
	info->max_pasid_log2 = mu->pasid_bits;
	return finish(fd->h, VVTD_HOST_OP_GET_HW_INFO, 0);
}

static int sim_ioas_alloc(void *ctx, uint32_t *out_ioas_id)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *o;

	SIM_ENTER(fd, VVTD_HOST_OP_IOAS_ALLOC);
	o = obj_new(fd, VVTD_SIMHOST_OBJ_IOAS);
	if (!o)
		return finish(fd->h, VVTD_HOST_OP_IOAS_ALLOC, -ENOMEM);
	*out_ioas_id = o->id;
	return finish(fd->h, VVTD_HOST_OP_IOAS_ALLOC, 0);
}

/* Would a read-only mapping reach a nesting parent of an ERRATA_772415
 * host (intel_iommu_map: "Read-only mapping is disallowed on the domain
 * which serves as the parent in a nested configuration")? */
static bool errata_parent_over(const struct vvtd_simhost_fd *fd,
			       const struct sim_obj *ioas)
{
	for (struct sim_obj *o = fd->objs; o; o = o->next)
		if (o->type == VVTD_SIMHOST_OBJ_HWPT_PAGING &&
		    o->ioas == ioas && (o->flags & VVTD_HOST_HWPT_NEST_PARENT) &&
		    (fd->h->iommus[o->iommu].hw_flags &
		     VVTD_HOST_HW_INFO_ERRATA_772415_SPR17))
			return true;
	return false;
}

static int sim_ioas_map(void *ctx, uint32_t ioas_id, uint64_t iova,
			uint64_t length, void *user_va, uint32_t flags)
{
	const uint32_t known = VVTD_HOST_MAP_READABLE | VVTD_HOST_MAP_WRITEABLE;
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *ioas;
	struct sim_map *m;

	SIM_ENTER(fd, VVTD_HOST_OP_IOAS_MAP);
	ioas = find_type(fd, ioas_id, VVTD_SIMHOST_OBJ_IOAS);
	if (!ioas)
		return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -ENOENT);
	if (flags & ~known)
		return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -EOPNOTSUPP);
	if (!(flags & known) || !length || !user_va ||
	    (iova | length) & 0xfff || length > UINT64_MAX - iova)
		return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -EINVAL);
	for (uint32_t i = 0; i < ioas->nmaps; i++) {
		m = &ioas->maps[i];
		if (m->iova < iova + length && iova < m->iova + m->length)
			return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -EEXIST);
	}
	if (!(flags & VVTD_HOST_MAP_WRITEABLE) && errata_parent_over(fd, ioas))
		return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -EINVAL);
	if (ioas->nmaps == ioas->maps_cap) {
		uint32_t cap = ioas->maps_cap ? 2 * ioas->maps_cap : 8;
		struct sim_map *grown = realloc(ioas->maps, cap * sizeof(*m));

		if (!grown)
			return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, -ENOMEM);
		ioas->maps = grown;
		ioas->maps_cap = cap;
	}
	ioas->maps[ioas->nmaps++] = (struct sim_map){
		.iova = iova, .length = length, .hva = user_va, .flags = flags
	};
	return finish(fd->h, VVTD_HOST_OP_IOAS_MAP, 0);
}

/* Only whole mappings can be unmapped (iopt_unmap_iova_range: -ENOENT for
 * nothing, -EINVAL for a range that would split a mapping). */
static int sim_ioas_unmap(void *ctx, uint32_t ioas_id, uint64_t iova,
			  uint64_t length)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *ioas;
	uint64_t last;
	uint32_t hit = 0;

	SIM_ENTER(fd, VVTD_HOST_OP_IOAS_UNMAP);
	ioas = find_type(fd, ioas_id, VVTD_SIMHOST_OBJ_IOAS);
	if (!ioas)
		return finish(fd->h, VVTD_HOST_OP_IOAS_UNMAP, -ENOENT);
	if (!length || length - 1 > UINT64_MAX - iova)
		return finish(fd->h, VVTD_HOST_OP_IOAS_UNMAP, -EINVAL);
	last = iova + length - 1;
	for (uint32_t i = 0; i < ioas->nmaps; i++) {
		const struct sim_map *m = &ioas->maps[i];
		uint64_t m_last = m->iova + m->length - 1;

		if (m->iova > last || m_last < iova)
			continue;
		if (m->iova < iova || m_last > last)
			return finish(fd->h, VVTD_HOST_OP_IOAS_UNMAP, -EINVAL);
		hit++;
	}
	if (!hit)
		return finish(fd->h, VVTD_HOST_OP_IOAS_UNMAP, -ENOENT);
	for (uint32_t i = 0; i < ioas->nmaps;) {
		const struct sim_map *m = &ioas->maps[i];

		if (m->iova >= iova && m->iova + m->length - 1 <= last)
			ioas->maps[i] = ioas->maps[--ioas->nmaps];
		else
			i++;
	}
	flush_nested_over(fd, ioas);
	return finish(fd->h, VVTD_HOST_OP_IOAS_UNMAP, 0);
}

static bool has_readonly_map(const struct sim_obj *ioas)
{
	for (uint32_t i = 0; i < ioas->nmaps; i++)
		if (!(ioas->maps[i].flags & VVTD_HOST_MAP_WRITEABLE))
			return true;
	return false;
}

/* A paging HWPT over @ioas for device @d (iommufd_hwpt_paging_alloc). */
static int paging_alloc(struct vvtd_simhost_fd *fd, struct sim_obj *d,
			struct sim_obj *ioas, uint32_t flags, bool auto_domain,
			struct sim_obj **out)
{
	const uint32_t known = VVTD_HOST_HWPT_NEST_PARENT |
			       VVTD_HOST_HWPT_ALLOC_PASID;
	const struct sim_iommu *mu = dev_iommu(fd, d);
	struct sim_obj *p;

	if (flags & ~known)
		return -EOPNOTSUPP;
	if ((flags & VVTD_HOST_HWPT_NEST_PARENT) && !(mu->ecap & ECAP_NEST))
		return -EOPNOTSUPP;
	/* iopt_table_add_domain() copies the mappings in: a read-only one
	 * fails on an ERRATA host's nesting parent. */
	if ((flags & VVTD_HOST_HWPT_NEST_PARENT) &&
	    (mu->hw_flags & VVTD_HOST_HW_INFO_ERRATA_772415_SPR17) &&
	    has_readonly_map(ioas))
		return -EINVAL;
	p = obj_new(fd, VVTD_SIMHOST_OBJ_HWPT_PAGING);
	if (!p)
		return -ENOMEM;
	p->ioas = ioas;
	ioas->refs++;
	p->flags = flags;
	p->iommu = d->dev_iommu;
	/* made cache coherent before any map when the device enforces it */
	p->enforce_cc = (mu->ecap & ECAP_SC) != 0;
	p->pwc = (mu->ecap & ECAP_SMPWCS) != 0;
	p->auto_domain = auto_domain;
	*out = p;
	return 0;
}

/* Copy a user struct of @len bytes into @dst of @size the way
 * iommu_copy_struct_from_user() does: too short is -EINVAL, a longer one
 * must have a zero tail (-E2BIG). */
static int copy_user(void *dst, size_t size, const void *src, size_t len)
{
	const uint8_t *tail = (const uint8_t *)src + size;

	if (len < size)
		return -EINVAL;
	for (size_t i = size; i < len; i++)
		if (tail[i - size])
			return -E2BIG;
	memcpy(dst, src, size);
	return 0;
}

static int nested_alloc(struct vvtd_simhost_fd *fd, struct sim_obj *d,
			struct sim_obj *parent, uint32_t flags,
			uint32_t data_type, const void *data,
			uint32_t data_len, struct sim_obj **out)
{
	const uint64_t known_s1 = VVTD_HOST_VTD_S1_SRE | VVTD_HOST_VTD_S1_EAFE |
				  VVTD_HOST_VTD_S1_WPE;
	struct vvtd_host_vtd_s1 s1;
	struct sim_obj *n;
	int rc;

	if (flags & ~VVTD_HOST_HWPT_ALLOC_PASID || !data_len)
		return -EOPNOTSUPP;
	if (parent->auto_domain || !(parent->flags & VVTD_HOST_HWPT_NEST_PARENT))
		return -EINVAL;
	if (!(dev_iommu(fd, d)->ecap & ECAP_NEST) ||
	    data_type != VVTD_HOST_DATA_VTD_S1)
		return -EOPNOTSUPP;
	rc = copy_user(&s1, sizeof(s1), data, data_len);
	if (rc)
		return rc;
	if (s1.flags & ~known_s1 || s1.reserved)
		return -EOPNOTSUPP;
	n = obj_new(fd, VVTD_SIMHOST_OBJ_HWPT_NESTED);
	if (!n)
		return -ENOMEM;
	n->parent = parent;
	parent->refs++;
	n->flags = flags;
	n->s1 = s1;
	*out = n;
	return 0;
}

static int sim_hwpt_alloc(void *ctx, uint32_t dev_id, uint32_t pt_id,
			  uint32_t flags, uint32_t data_type, const void *data,
			  uint32_t data_len, uint32_t *out_hwpt_id)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *d, *pt, *hwpt = NULL;
	int rc;

	SIM_ENTER(fd, VVTD_HOST_OP_HWPT_ALLOC);
	if ((data_type == VVTD_HOST_DATA_NONE) != (data_len == 0) ||
	    (data_len && !data))
		return finish(fd->h, VVTD_HOST_OP_HWPT_ALLOC, -EINVAL);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	if (!d)
		return finish(fd->h, VVTD_HOST_OP_HWPT_ALLOC, -ENOENT);
	pt = sim_find(fd, pt_id);
	if (pt && pt->type == VVTD_SIMHOST_OBJ_IOAS && !data_len)
		rc = paging_alloc(fd, d, pt, flags, false, &hwpt);
	else if (pt && pt->type == VVTD_SIMHOST_OBJ_IOAS)
		rc = -EOPNOTSUPP;	/* no user data for a paging HWPT */
	else if (pt && pt->type == VVTD_SIMHOST_OBJ_HWPT_PAGING)
		rc = nested_alloc(fd, d, pt, flags, data_type, data, data_len,
				  &hwpt);
	else
		rc = -EINVAL;
	if (!rc)
		*out_hwpt_id = hwpt->id;
	return finish(fd->h, VVTD_HOST_OP_HWPT_ALLOC, rc);
}

/* paging_domain_compatible() and the enforce-cache-coherency upgrade. */
static int paging_compatible(struct vvtd_simhost_fd *fd, struct sim_obj *d,
			     struct sim_obj *p, bool upgrade)
{
	const struct sim_iommu *mu = dev_iommu(fd, d);
	bool sc = (mu->ecap & ECAP_SC) != 0;

	if (p->enforce_cc && !sc)
		return -EINVAL;
	if (p->pwc != ((mu->ecap & ECAP_SMPWCS) != 0))
		return -EINVAL;
	if ((p->flags & VVTD_HOST_HWPT_NEST_PARENT) && !(mu->ecap & ECAP_NEST))
		return -EINVAL;
	if (fd->h->iommus[p->iommu].mgaw > mu->mgaw)
		return -EINVAL;
	/* A device that enforces coherency upgrades a non-CC domain, which
	 * VT-d can only do while the domain maps nothing. */
	if (sc && !p->enforce_cc) {
		if (p->ioas->nmaps)
			return -EINVAL;
		if (upgrade)
			p->enforce_cc = true;
	}
	return 0;
}

/* intel_nested_attach_dev() / intel_pasid_setup_nested() checks. */
static int nested_compatible(struct vvtd_simhost_fd *fd, struct sim_obj *d,
			     struct sim_obj *n)
{
	const struct sim_iommu *mu = dev_iommu(fd, d);
	int rc = paging_compatible(fd, d, n->parent, false);

	if (rc)
		return rc;
	if (!(mu->ecap & ECAP_NEST))
		return -ENODEV;
	if (n->s1.addr_width != 48 &&
	    !(n->s1.addr_width == 57 && (mu->cap & CAP_FS5LP)))
		return -EINVAL;
	if ((n->s1.flags & VVTD_HOST_VTD_S1_SRE) && !(mu->ecap & ECAP_SRS))
		return -EINVAL;
	if ((n->s1.flags & VVTD_HOST_VTD_S1_EAFE) && !(mu->ecap & ECAP_EAFS))
		return -EINVAL;
	return 0;
}

static bool pasid_compat(const struct sim_obj *hwpt)
{
	return hwpt->flags & VVTD_HOST_HWPT_ALLOC_PASID;
}

/* An automatic domain for attaching an IOAS directly: reuse a compatible
 * one, else allocate (iommufd_device_auto_get_domain). */
static int auto_domain(struct vvtd_simhost_fd *fd, struct sim_obj *d,
		       struct sim_obj *ioas, struct sim_obj **out)
{
	for (struct sim_obj *o = fd->objs; o; o = o->next)
		if (o->type == VVTD_SIMHOST_OBJ_HWPT_PAGING &&
		    o->auto_domain && o->ioas == ioas &&
		    !paging_compatible(fd, d, o, false)) {
			*out = o;
			return 0;
		}
	return paging_alloc(fd, d, ioas, 0, true, out);
}

static struct sim_pasid_att *pasid_slot(struct sim_obj *d, uint32_t pasid)
{
	for (uint32_t i = 0; i < d->npasids; i++)
		if (d->pasids[i].pasid == pasid)
			return &d->pasids[i];
	return NULL;
}

struct sim_obj *sim_attachment(const struct sim_obj *d, uint32_t pasid)
{
	if (pasid == VVTD_HOST_NO_PASID)
		return d->rid;
	for (uint32_t i = 0; i < d->npasids; i++)
		if (d->pasids[i].pasid == pasid)
			return d->pasids[i].hwpt;
	return NULL;
}

static int attach_checks(struct vvtd_simhost_fd *fd, struct sim_obj *d,
			 uint32_t pasid, struct sim_obj *hwpt)
{
	const struct sim_iommu *mu = dev_iommu(fd, d);
	int rc;

	if (pasid != VVTD_HOST_NO_PASID) {
		if (!mu->pasid_bits)
			return -EOPNOTSUPP;
		if (pasid >> mu->pasid_bits || !pasid_compat(hwpt))
			return -EINVAL;
	} else if (d->npasids && !pasid_compat(hwpt)) {
		return -EINVAL;		/* iommufd_hwpt_pasid_compat() */
	}
	if (hwpt->type == VVTD_SIMHOST_OBJ_HWPT_NESTED)
		return nested_compatible(fd, d, hwpt);
	rc = paging_compatible(fd, d, hwpt, true);
	return rc;
}

static int sim_attach(void *ctx, uint32_t dev_id, uint32_t pasid,
		      uint32_t pt_id)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *d, *pt, *hwpt, *old;
	struct sim_pasid_att *slot = NULL;
	int rc;

	SIM_ENTER(fd, VVTD_HOST_OP_ATTACH);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	pt = sim_find(fd, pt_id);
	if (!d || !pt || pt->type == VVTD_SIMHOST_OBJ_DEVICE)
		return finish(fd->h, VVTD_HOST_OP_ATTACH, -ENOENT);
	if (pasid != VVTD_HOST_NO_PASID) {
		slot = pasid_slot(d, pasid);
		if (!slot && d->npasids == d->pasids_cap) {
			uint32_t cap = d->pasids_cap ? 2 * d->pasids_cap : 4;
			struct sim_pasid_att *g =
				realloc(d->pasids, cap * sizeof(*g));

			if (!g)
				return finish(fd->h, VVTD_HOST_OP_ATTACH,
					      -ENOMEM);
			d->pasids = g;
			d->pasids_cap = cap;
		}
	}
	if (pt->type == VVTD_SIMHOST_OBJ_IOAS) {
		if (pasid != VVTD_HOST_NO_PASID)
			return finish(fd->h, VVTD_HOST_OP_ATTACH, -EINVAL);
		rc = auto_domain(fd, d, pt, &hwpt);
		if (rc)
			return finish(fd->h, VVTD_HOST_OP_ATTACH, rc);
	} else {
		hwpt = pt;
	}
	old = sim_attachment(d, pasid);
	if (old == hwpt)
		return finish(fd->h, VVTD_HOST_OP_ATTACH, 0);
	rc = attach_checks(fd, d, pasid, hwpt);
	if (rc) {
		if (hwpt->auto_domain && !hwpt->refs)
			obj_free(fd, hwpt);
		return finish(fd->h, VVTD_HOST_OP_ATTACH, rc);
	}
	/* replace: the new attachment takes effect, the old one is put */
	hwpt->refs++;
	if (pasid == VVTD_HOST_NO_PASID)
		d->rid = hwpt;
	else if (slot)
		slot->hwpt = hwpt;
	else
		d->pasids[d->npasids++] = (struct sim_pasid_att){ pasid, hwpt };
	if (old)
		hwpt_put(fd, old);
	return finish(fd->h, VVTD_HOST_OP_ATTACH, 0);
}

/* Detaching what is not attached is harmless, as in VFIO. */
static int sim_detach(void *ctx, uint32_t dev_id, uint32_t pasid)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_pasid_att *slot;
	struct sim_obj *d;

	SIM_ENTER(fd, VVTD_HOST_OP_DETACH);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	if (!d)
		return finish(fd->h, VVTD_HOST_OP_DETACH, -ENOENT);
	if (pasid == VVTD_HOST_NO_PASID) {
		if (d->rid)
			hwpt_put(fd, d->rid);
		d->rid = NULL;
	} else if ((slot = pasid_slot(d, pasid))) {
		struct sim_obj *hwpt = slot->hwpt;

		*slot = d->pasids[--d->npasids];
		hwpt_put(fd, hwpt);
	}
	return finish(fd->h, VVTD_HOST_OP_DETACH, 0);
}

/* intel_nested_cache_invalidate_user(): entries are handled in order and
 * *entry_num always says how many were. */
static int sim_hwpt_invalidate(void *ctx, uint32_t hwpt_id,
			       uint32_t data_type, const void *entries,
			       uint32_t entry_len, uint32_t *entry_num)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *n;
	uint32_t want = *entry_num, done = 0;
	int rc = 0;

	SIM_ENTER(fd, VVTD_HOST_OP_HWPT_INVALIDATE);
	*entry_num = 0;
	if (want && (!entries || !entry_len))
		return finish(fd->h, VVTD_HOST_OP_HWPT_INVALIDATE, -EINVAL);
	n = sim_find(fd, hwpt_id);
	if (!n)
		return finish(fd->h, VVTD_HOST_OP_HWPT_INVALIDATE, -ENOENT);
	if (n->type != VVTD_SIMHOST_OBJ_HWPT_NESTED ||
	    data_type != VVTD_HOST_INV_DATA_VTD_S1)
		return finish(fd->h, VVTD_HOST_OP_HWPT_INVALIDATE, -EINVAL);
	if (want && entry_len < sizeof(struct vvtd_host_vtd_s1_inv))
		return finish(fd->h, VVTD_HOST_OP_HWPT_INVALIDATE, -EINVAL);
	for (; done < want; done++) {
		const uint8_t *raw = (const uint8_t *)entries +
				     (size_t)done * entry_len;
		struct vvtd_host_vtd_s1_inv one;
		uint64_t first, last;

		/* a longer user entry is accepted when its tail is zero
		 * (iommu_copy_struct_from_full_user_array) */
		rc = copy_user(&one, sizeof(one), raw, entry_len);
		if (rc)
			break;
		if (one.flags & ~VVTD_HOST_INV_FLAGS_LEAF || one.reserved) {
			rc = -EOPNOTSUPP;
			break;
		}
		if (one.addr & 0xfff ||
		    (one.npages == UINT64_MAX && one.addr)) {
			rc = -EINVAL;
			break;
		}
		first = one.addr >> 12;
		if (one.npages == UINT64_MAX ||
		    one.npages - 1 > UINT64_MAX - first)
			last = UINT64_MAX;
		else
			last = first + one.npages - 1;
		if (one.npages)
			sim_iotlb_flush(n, first, last);
		n->inval_entries++;
		fd->h->st.inval_entries++;
	}
	*entry_num = done;
	return finish(fd->h, VVTD_HOST_OP_HWPT_INVALIDATE, rc);
}

static int sim_destroy(void *ctx, uint32_t id)
{
	struct vvtd_simhost_fd *fd = ctx;
	struct sim_obj *o;

	SIM_ENTER(fd, VVTD_HOST_OP_DESTROY);
	o = sim_find(fd, id);
	if (!o)
		return finish(fd->h, VVTD_HOST_OP_DESTROY, -ENOENT);
	/* a device belongs to VFIO; a referenced object is busy */
	if (o->type == VVTD_SIMHOST_OBJ_DEVICE || o->refs)
		return finish(fd->h, VVTD_HOST_OP_DESTROY, -EBUSY);
	obj_free(fd, o);
	return finish(fd->h, VVTD_HOST_OP_DESTROY, 0);
}

static const struct vvtd_host_ops sim_ops = {
	.size = sizeof(struct vvtd_host_ops),
	.get_hw_info = sim_get_hw_info,
	.ioas_alloc = sim_ioas_alloc,
	.ioas_map = sim_ioas_map,
	.ioas_unmap = sim_ioas_unmap,
	.hwpt_alloc = sim_hwpt_alloc,
	.attach = sim_attach,
	.detach = sim_detach,
	.hwpt_invalidate = sim_hwpt_invalidate,
	.destroy = sim_destroy,
};

const struct vvtd_host_ops *vvtd_simhost_ops(void)
{
	return &sim_ops;
}

/* ---- inspection ---- */

int vvtd_simhost_get_stats(const struct vvtd_simhost *h,
			   struct vvtd_simhost_stats *st)
{
	if (!st || st->size != sizeof(*st))
		return -EINVAL;
	sim_lock(h);
	*st = h->st;
	sim_unlock(h);
	return 0;
}

static void describe(const struct vvtd_simhost_fd *fd, const struct sim_obj *o,
		     struct vvtd_simhost_object *out)
{
	memset(out, 0, sizeof(*out));
	out->type = o->type;
	out->id = o->id;
	out->fd_index = fd->index;
	out->refs = o->refs;
	switch (o->type) {
	case VVTD_SIMHOST_OBJ_DEVICE:
		out->iommu = o->dev_iommu;
		out->rid_pt = o->rid ? o->rid->id : 0;
		out->npasids = o->npasids;
		break;
	case VVTD_SIMHOST_OBJ_IOAS:
		out->flags = o->nmaps;
		break;
	case VVTD_SIMHOST_OBJ_HWPT_PAGING:
		out->parent = o->ioas->id;
		out->flags = o->flags;
		out->iommu = o->iommu;
		out->enforce_cc = o->enforce_cc;
		out->auto_domain = o->auto_domain;
		break;
	default:
		out->parent = o->parent->id;
		out->flags = o->flags;
		out->s1 = o->s1;
		out->inval_entries = o->inval_entries;
		break;
	}
}

void vvtd_simhost_objects(struct vvtd_simhost *h,
			  void (*fn)(void *opaque,
				     const struct vvtd_simhost_object *o),
			  void *opaque)
{
	struct vvtd_simhost_object out;

	sim_lock(h);
	for (const struct vvtd_simhost_fd *fd = h->fds; fd; fd = fd->next)
		for (const struct sim_obj *o = fd->objs; o; o = o->next) {
			describe(fd, o, &out);
			fn(opaque, &out);
		}
	sim_unlock(h);
}

long vvtd_simhost_pasid_attachment(struct vvtd_simhost_fd *fd,
				   uint32_t dev_id, uint32_t pasid)
{
	const struct sim_obj *d, *hwpt;
	long rc = -ENOENT;

	sim_lock(fd->h);
	d = find_type(fd, dev_id, VVTD_SIMHOST_OBJ_DEVICE);
	if (d) {
		hwpt = sim_attachment(d, pasid);
		rc = hwpt ? (long)hwpt->id : 0;
	}
	sim_unlock(fd->h);
	return rc;
}
