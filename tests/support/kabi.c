/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel-ABI emulation (see kabi.h).  The rules are those of
 * drivers/iommu/iommufd/main.c (iommufd_fops_ioctl: size below the op's
 * minimum -> EINVAL, a non-zero tail beyond the kernel's struct -> E2BIG,
 * unknown ioctl -> ENOTTY), of each op's handler, and of
 * drivers/vfio/device_cdev.c (argsz below minsz or unknown flags -> EINVAL).
 */
#include <errno.h>
#include <string.h>

#include "iommufd_abi.h"
#include "kabi.h"

void kabi_init(struct kabi *k, struct vvtd_simhost_fd *sfd)
{
	memset(k, 0, sizeof(*k));
	k->sfd = sfd;
}

int kabi_add_cdev(struct kabi *k, unsigned iommu)
{
	if (k->ndevs == KABI_MAX_DEVICES)
		return -1;
	k->dev_iommu[k->ndevs] = iommu;
	return KABI_DEVICE_FD0 + (int)k->ndevs++;
}

/* copy_struct_from_user(): @user_size bytes at @src into @dst of @size. */
static int copy_in(void *dst, size_t size, const void *src, size_t user_size)
{
	const uint8_t *tail = (const uint8_t *)src + size;

	if (!src)
		return -EFAULT;
	memset(dst, 0, size);
	for (size_t i = size; i < user_size; i++)
		if (tail[i - size])
			return -E2BIG;
	memcpy(dst, src, user_size < size ? user_size : size);
	return 0;
}

static void copy_out(void *dst, const void *src, size_t size,
		     size_t user_size)
{
	memcpy(dst, src, user_size < size ? user_size : size);
}

static const struct vvtd_host_ops *ops(void)
{
	return vvtd_simhost_ops();
}

/* ---- iommufd ---- */

static int do_destroy(struct kabi *k, struct abi_iommu_destroy *c)
{
	return ops()->destroy(k->sfd, c->id);
}

static int do_ioas_alloc(struct kabi *k, struct abi_iommu_ioas_alloc *c)
{
	if (c->flags)
		return -EOPNOTSUPP;
	return ops()->ioas_alloc(k->sfd, &c->out_ioas_id);
}

static int do_ioas_map(struct kabi *k, struct abi_iommu_ioas_map *c)
{
	const uint32_t known = ABI_IOMMU_IOAS_MAP_FIXED_IOVA |
			       ABI_IOMMU_IOAS_MAP_WRITEABLE |
			       ABI_IOMMU_IOAS_MAP_READABLE;
	uint32_t flags = 0;

	if (c->flags & ~known || c->reserved)
		return -EOPNOTSUPP;
	/* iommufd would choose an IOVA; vvtd always fixes it */
	if (!(c->flags & ABI_IOMMU_IOAS_MAP_FIXED_IOVA))
		return -EOPNOTSUPP;
	if (!c->user_va)
		return -EFAULT;
	if (c->flags & ABI_IOMMU_IOAS_MAP_READABLE)
		flags |= VVTD_HOST_MAP_READABLE;
	if (c->flags & ABI_IOMMU_IOAS_MAP_WRITEABLE)
		flags |= VVTD_HOST_MAP_WRITEABLE;
	return ops()->ioas_map(k->sfd, c->ioas_id, c->iova, c->length,
			       (void *)(uintptr_t)c->user_va, flags);
}

static int do_ioas_unmap(struct kabi *k, struct abi_iommu_ioas_unmap *c)
{
	return ops()->ioas_unmap(k->sfd, c->ioas_id, c->iova, c->length);
}

static int do_hwpt_alloc(struct kabi *k, struct abi_iommu_hwpt_alloc *c)
{
	if (c->reserved || c->reserved2)
		return -EOPNOTSUPP;
	if (c->flags & ABI_IOMMU_HWPT_FAULT_ID_VALID)
		return -EOPNOTSUPP;	/* no fault objects emulated */
	if (c->data_len && !c->data_uptr)
		return -EFAULT;
	return ops()->hwpt_alloc(k->sfd, c->dev_id, c->pt_id, c->flags,
				 c->data_type,
				 (const void *)(uintptr_t)c->data_uptr,
				 c->data_len, &c->out_hwpt_id);
}

static int do_get_hw_info(struct kabi *k, struct abi_iommu_hw_info *c)
{
	struct abi_iommu_hw_info_vtd vtd = { 0 };
	struct vvtd_host_hw_info info;
	int rc;

	if (c->flags || c->reserved[0] || c->reserved[1] || c->reserved[2])
		return -EOPNOTSUPP;
	if (c->data_len && !c->data_uptr)
		return -EFAULT;
	rc = ops()->get_hw_info(k->sfd, c->dev_id, &info);
	if (rc)
		return rc;
	vtd.flags = info.flags;
	vtd.cap_reg = info.cap_reg;
	vtd.ecap_reg = info.ecap_reg;
	/* the kernel copies what fits, zero-fills the rest of the user's
	 * buffer and reports its own length when that is shorter */
	if (c->data_len) {
		uint8_t *dst = (uint8_t *)(uintptr_t)c->data_uptr;

		copy_out(dst, &vtd, sizeof(vtd), c->data_len);
		if (c->data_len > sizeof(vtd)) {
			memset(dst + sizeof(vtd), 0,
			       c->data_len - sizeof(vtd));
			c->data_len = sizeof(vtd);
		}
	}
	c->out_data_type = ABI_IOMMU_HW_INFO_TYPE_INTEL_VTD;
	c->out_max_pasid_log2 = info.max_pasid_log2;
	c->out_capabilities = info.capabilities;
	return 0;
}

static int do_invalidate(struct kabi *k, struct abi_iommu_hwpt_invalidate *c)
{
	uint32_t n = c->entry_num;
	int rc;

	if (c->reserved)
		return -EOPNOTSUPP;
	if (n && (!c->data_uptr || !c->entry_len))
		return -EINVAL;
	rc = ops()->hwpt_invalidate(k->sfd, c->hwpt_id, c->data_type,
				    (const void *)(uintptr_t)c->data_uptr,
				    c->entry_len, &n);
	c->entry_num = n;	/* written back even on failure */
	return rc;
}

/* One iommufd ioctl: size checks, copy in, handler, copy out. */
#define IOMMUFD_OP(type, min, handler)                                     \
	do {                                                               \
		struct type cmd;                                           \
		uint32_t size;                                             \
		int rc;                                                    \
                                                                           \
		memcpy(&size, arg, sizeof(size));                          \
		if (size < (min))                                          \
			return -EINVAL;                                    \
		rc = copy_in(&cmd, sizeof(cmd), arg, size);                \
		if (rc)                                                    \
			return rc;                                         \
		rc = handler(k, &cmd);                                     \
		copy_out(arg, &cmd, sizeof(cmd), size);                    \
		return rc;                                                 \
	} while (0)

static int iommufd_ioctl(struct kabi *k, unsigned long request, void *arg)
{
	switch (request) {
	case ABI_IOMMU_DESTROY:
		IOMMUFD_OP(abi_iommu_destroy, 8, do_destroy);
	case ABI_IOMMU_IOAS_ALLOC:
		IOMMUFD_OP(abi_iommu_ioas_alloc, 12, do_ioas_alloc);
	case ABI_IOMMU_IOAS_MAP:
		IOMMUFD_OP(abi_iommu_ioas_map, 40, do_ioas_map);
	case ABI_IOMMU_IOAS_UNMAP:
		IOMMUFD_OP(abi_iommu_ioas_unmap, 24, do_ioas_unmap);
	case ABI_IOMMU_HWPT_ALLOC:
		IOMMUFD_OP(abi_iommu_hwpt_alloc, 24, do_hwpt_alloc);
	case ABI_IOMMU_GET_HW_INFO:
		IOMMUFD_OP(abi_iommu_hw_info, 32, do_get_hw_info);
	case ABI_IOMMU_HWPT_INVALIDATE:
		IOMMUFD_OP(abi_iommu_hwpt_invalidate, 32, do_invalidate);
	default:
		return -ENOTTY;
	}
}

/* ---- VFIO device cdev ---- */

static int cdev_ioctl(struct kabi *k, unsigned dev, unsigned long request,
		      void *arg)
{
	uint32_t argsz, flags;

	memcpy(&argsz, arg, sizeof(argsz));
	memcpy(&flags, (uint8_t *)arg + 4, sizeof(flags));
	switch (request) {
	case ABI_VFIO_DEVICE_BIND_IOMMUFD: {
		struct abi_vfio_device_bind_iommufd *c = arg;

		if (argsz < 16 || flags)
			return -EINVAL;
		if (c->iommufd != KABI_IOMMUFD_FD)
			return -EBADF;
		if (k->dev_id[dev])
			return -EBUSY;	/* already bound */
		if (vvtd_simhost_bind_device(k->sfd, k->dev_iommu[dev],
					     &c->out_devid))
			return -ENOMEM;
		k->dev_id[dev] = c->out_devid;
		return 0;
	}
	case ABI_VFIO_DEVICE_ATTACH_IOMMUFD_PT: {
		struct abi_vfio_device_attach_iommufd_pt *c = arg;
		uint32_t pasid = VVTD_HOST_NO_PASID;
		long now;
		int rc;

		if (argsz < 12 || flags & ~ABI_VFIO_DEVICE_ATTACH_PASID)
			return -EINVAL;
		if (flags & ABI_VFIO_DEVICE_ATTACH_PASID) {
			if (argsz < 16)
				return -EINVAL;
			pasid = c->pasid;
		}
		if (!k->dev_id[dev])
			return -EINVAL;		/* not bound */
		rc = ops()->attach(k->sfd, k->dev_id[dev], pasid, c->pt_id);
		if (rc)
			return rc;
		/* the kernel reports the HWPT it attached (an IOAS gets an
		 * automatic domain) */
		now = vvtd_simhost_pasid_attachment(k->sfd, k->dev_id[dev],
						    pasid);
		if (now > 0)
			c->pt_id = (uint32_t)now;
		return 0;
	}
	case ABI_VFIO_DEVICE_DETACH_IOMMUFD_PT: {
		struct abi_vfio_device_detach_iommufd_pt *c = arg;
		uint32_t pasid = VVTD_HOST_NO_PASID;

		if (argsz < 8 || flags & ~ABI_VFIO_DEVICE_DETACH_PASID)
			return -EINVAL;
		if (flags & ABI_VFIO_DEVICE_DETACH_PASID) {
			if (argsz < 12)
				return -EINVAL;
			pasid = c->pasid;
		}
		if (!k->dev_id[dev])
			return -EINVAL;
		return ops()->detach(k->sfd, k->dev_id[dev], pasid);
	}
	default:
		return -ENOTTY;
	}
}

/* The user memory an ioctl points to, for the encoding tests. */
static void record_payload(struct kabi *k, unsigned long request,
			   const void *arg)
{
	const uint8_t *p = arg;
	uint64_t uptr;
	uint32_t a, b;
	size_t n;

	if (k->last.len < (request == ABI_IOMMU_HWPT_ALLOC ? 40u : 32u))
		return;		/* too short to hold the pointer */
	if (request == ABI_IOMMU_HWPT_ALLOC) {
		memcpy(&a, p + 28, 4);		/* data_len */
		memcpy(&uptr, p + 32, 8);	/* data_uptr */
		n = a;
	} else {
		memcpy(&uptr, p + 8, 8);	/* data_uptr */
		memcpy(&a, p + 20, 4);		/* entry_len */
		memcpy(&b, p + 24, 4);		/* entry_num */
		n = (size_t)a * b;
	}
	if (!uptr)
		return;
	k->last.payload_len = n < sizeof(k->last.payload)
				      ? n : sizeof(k->last.payload);
	memcpy(k->last.payload, (const void *)(uintptr_t)uptr,
	       k->last.payload_len);
}

int kabi_ioctl(void *opaque, int fd, unsigned long request, void *arg)
{
	struct kabi *k = opaque;
	uint32_t size = 0;
	int rc;

	if (!arg)
		return -EFAULT;
	memcpy(&size, arg, sizeof(size));
	k->calls++;
	k->last.fd = fd;
	k->last.request = request;
	k->last.len = size < sizeof(k->last.bytes) ? size
						    : sizeof(k->last.bytes);
	memcpy(k->last.bytes, arg, k->last.len);
	k->last.payload_len = 0;
	if (fd == KABI_IOMMUFD_FD && (request == ABI_IOMMU_HWPT_ALLOC ||
				      request == ABI_IOMMU_HWPT_INVALIDATE))
		record_payload(k, request, arg);
	if (fd == KABI_IOMMUFD_FD)
		rc = iommufd_ioctl(k, request, arg);
	else if (fd >= KABI_DEVICE_FD0 &&
		 fd < KABI_DEVICE_FD0 + (int)k->ndevs)
		rc = cdev_ioctl(k, (unsigned)(fd - KABI_DEVICE_FD0), request,
				arg);
	else
		rc = -EBADF;
	k->last.result = rc;
	return rc;
}
