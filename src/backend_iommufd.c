/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Linux iommufd host backend (see vvtd-iommufd.h): each host operation
 * is one ioctl with the structures of iommufd_abi.h.  Every ioctl goes
 * through one seam so tests can put a kernel-ABI emulation behind it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <vvtd/vvtd-iommufd.h>

#include "iommufd_abi.h"

struct iommufd_device {
	uint32_t dev_id;
	int fd;
	bool owned;		/* opened by vvtd_iommufd_open_device() */
};

struct vvtd_iommufd {
	int fd;
	bool owned;
	vvtd_ioctl_fn ioctl_fn;
	void *ioctl_opaque;
	pthread_mutex_t lock;	/* protects the device table */
	struct iommufd_device *devices;
	uint32_t ndevices;
};

static int real_ioctl(void *opaque, int fd, unsigned long request, void *arg)
{
	(void)opaque;
	return ioctl(fd, request, arg) ? -errno : 0;
}

static int do_ioctl(struct vvtd_iommufd *ifd, int fd, unsigned long request,
		    void *arg)
{
	int rc = ifd->ioctl_fn(ifd->ioctl_opaque, fd, request, arg);

	/* a seam answering a positive value is a seam bug: report EIO */
	return rc > 0 ? -EIO : rc;
}

static int iommufd_new(int fd, bool owned, struct vvtd_iommufd **out)
{
	struct vvtd_iommufd *ifd = calloc(1, sizeof(*ifd));

	if (!ifd)
		return -ENOMEM;
	if (pthread_mutex_init(&ifd->lock, NULL)) {
		free(ifd);
		return -ENOMEM;
	}
	ifd->fd = fd;
	ifd->owned = owned;
	ifd->ioctl_fn = real_ioctl;
	*out = ifd;
	return 0;
}

int vvtd_iommufd_open(struct vvtd_iommufd **out)
{
	int fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = iommufd_new(fd, true, out);
	if (rc)
		close(fd);
	return rc;
}

int vvtd_iommufd_adopt(int fd, struct vvtd_iommufd **out)
{
	if (fd < 0)
		return -EINVAL;
	return iommufd_new(fd, false, out);
}

void vvtd_iommufd_free(struct vvtd_iommufd *ifd)
{
	if (!ifd)
		return;
	for (uint32_t i = 0; i < ifd->ndevices; i++)
		if (ifd->devices[i].owned)
			close(ifd->devices[i].fd);
	if (ifd->owned)
		close(ifd->fd);
	pthread_mutex_destroy(&ifd->lock);
	free(ifd->devices);
	free(ifd);
}

int vvtd_iommufd_fd(const struct vvtd_iommufd *ifd)
{
	return ifd->fd;
}

void vvtd_iommufd_set_ioctl(struct vvtd_iommufd *ifd, vvtd_ioctl_fn fn,
			    void *opaque)
{
	ifd->ioctl_fn = fn ? fn : real_ioctl;
	ifd->ioctl_opaque = fn ? opaque : NULL;
}

/* ---- the device table ---- */

static int device_fd(struct vvtd_iommufd *ifd, uint32_t dev_id)
{
	int fd = -1;

	pthread_mutex_lock(&ifd->lock);
	for (uint32_t i = 0; i < ifd->ndevices; i++)
		if (ifd->devices[i].dev_id == dev_id)
			fd = ifd->devices[i].fd;
	pthread_mutex_unlock(&ifd->lock);
	return fd;
}

static int device_add(struct vvtd_iommufd *ifd, int fd, uint32_t dev_id,
		      bool owned)
{
	struct iommufd_device *grown;
	int rc = 0;

	pthread_mutex_lock(&ifd->lock);
	for (uint32_t i = 0; i < ifd->ndevices; i++)
		if (ifd->devices[i].dev_id == dev_id)
			rc = -EEXIST;
	if (!rc) {
		grown = realloc(ifd->devices,
				(ifd->ndevices + 1) * sizeof(*grown));
		if (grown) {
			ifd->devices = grown;
			ifd->devices[ifd->ndevices++] = (struct iommufd_device){
				.dev_id = dev_id, .fd = fd, .owned = owned };
		} else {
			rc = -ENOMEM;
		}
	}
	pthread_mutex_unlock(&ifd->lock);
	return rc;
}

int vvtd_iommufd_add_device(struct vvtd_iommufd *ifd, int fd, uint32_t dev_id)
{
	if (fd < 0)
		return -EINVAL;
	return device_add(ifd, fd, dev_id, false);
}

static int bind_device(struct vvtd_iommufd *ifd, int fd, bool owned,
		       uint32_t *out_dev_id)
{
	struct abi_vfio_device_bind_iommufd bind = {
		.argsz = sizeof(bind),
		.iommufd = ifd->fd,
	};
	int rc = do_ioctl(ifd, fd, ABI_VFIO_DEVICE_BIND_IOMMUFD, &bind);

	if (rc)
		return rc;
	rc = device_add(ifd, fd, bind.out_devid, owned);
	if (!rc)
		*out_dev_id = bind.out_devid;
	return rc;
}

int vvtd_iommufd_bind_device(struct vvtd_iommufd *ifd, int fd,
			     uint32_t *out_dev_id)
{
	if (fd < 0)
		return -EINVAL;
	return bind_device(ifd, fd, false, out_dev_id);
}

int vvtd_iommufd_open_device(struct vvtd_iommufd *ifd, const char *path,
			     uint32_t *out_dev_id)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = bind_device(ifd, fd, true, out_dev_id);
	if (rc)
		close(fd);
	return rc;
}

int vvtd_iommufd_forget_device(struct vvtd_iommufd *ifd, uint32_t dev_id)
{
	int rc = -ENOENT;

	pthread_mutex_lock(&ifd->lock);
	for (uint32_t i = 0; i < ifd->ndevices; i++) {
		if (ifd->devices[i].dev_id != dev_id)
			continue;
		if (ifd->devices[i].owned)
			close(ifd->devices[i].fd);
		ifd->devices[i] = ifd->devices[--ifd->ndevices];
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&ifd->lock);
	return rc;
}

/* ---- struct vvtd_host_ops ---- */

static int op_get_hw_info(void *ctx, uint32_t dev_id,
			  struct vvtd_host_hw_info *info)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_hw_info_vtd vtd = { 0 };
	struct abi_iommu_hw_info cmd = {
		.size = sizeof(cmd),
		.dev_id = dev_id,
		.data_len = sizeof(vtd),
		.data_uptr = (uintptr_t)&vtd,
	};
	int rc = do_ioctl(ifd, ifd->fd, ABI_IOMMU_GET_HW_INFO, &cmd);

	if (rc)
		return rc;
	if (cmd.out_data_type != ABI_IOMMU_HW_INFO_TYPE_INTEL_VTD)
		return -EOPNOTSUPP;	/* not an Intel VT-d host IOMMU */
	memset(info, 0, sizeof(*info));
	info->cap_reg = vtd.cap_reg;
	info->ecap_reg = vtd.ecap_reg;
	info->flags = vtd.flags;
	info->max_pasid_log2 = cmd.out_max_pasid_log2;
	info->capabilities = cmd.out_capabilities;
	return 0;
}

static int op_ioas_alloc(void *ctx, uint32_t *out_ioas_id)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_ioas_alloc cmd = { .size = sizeof(cmd) };
	int rc = do_ioctl(ifd, ifd->fd, ABI_IOMMU_IOAS_ALLOC, &cmd);

	if (!rc)
		*out_ioas_id = cmd.out_ioas_id;
	return rc;
}

static int op_ioas_map(void *ctx, uint32_t ioas_id, uint64_t iova,
		       uint64_t length, void *user_va, uint32_t flags)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_ioas_map cmd = {
		.size = sizeof(cmd),
		.flags = ABI_IOMMU_IOAS_MAP_FIXED_IOVA |
			 (flags & VVTD_HOST_MAP_READABLE
				  ? ABI_IOMMU_IOAS_MAP_READABLE : 0) |
			 (flags & VVTD_HOST_MAP_WRITEABLE
				  ? ABI_IOMMU_IOAS_MAP_WRITEABLE : 0),
		.ioas_id = ioas_id,
		.user_va = (uintptr_t)user_va,
		.length = length,
		.iova = iova,
	};

	if (flags & ~(VVTD_HOST_MAP_READABLE | VVTD_HOST_MAP_WRITEABLE))
		return -EOPNOTSUPP;
	return do_ioctl(ifd, ifd->fd, ABI_IOMMU_IOAS_MAP, &cmd);
}

static int op_ioas_unmap(void *ctx, uint32_t ioas_id, uint64_t iova,
			 uint64_t length)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_ioas_unmap cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas_id,
		.iova = iova,
		.length = length,
	};

	return do_ioctl(ifd, ifd->fd, ABI_IOMMU_IOAS_UNMAP, &cmd);
}

static int op_hwpt_alloc(void *ctx, uint32_t dev_id, uint32_t pt_id,
			 uint32_t flags, uint32_t data_type, const void *data,
			 uint32_t data_len, uint32_t *out_hwpt_id)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_hwpt_vtd_s1 s1;
	struct abi_iommu_hwpt_alloc cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.dev_id = dev_id,
		.pt_id = pt_id,
		.data_type = data_type,
	};
	int rc;

	if (data_type == VVTD_HOST_DATA_VTD_S1) {
		const struct vvtd_host_vtd_s1 *in = data;

		if (!in || data_len < sizeof(*in))
			return -EINVAL;
		s1 = (struct abi_iommu_hwpt_vtd_s1){
			.flags = in->flags,
			.pgtbl_addr = in->pgtbl_addr,
			.addr_width = in->addr_width,
			.reserved = in->reserved,
		};
		cmd.data_len = sizeof(s1);
		cmd.data_uptr = (uintptr_t)&s1;
	} else if (data_type != VVTD_HOST_DATA_NONE || data_len) {
		return -EOPNOTSUPP;
	}
	rc = do_ioctl(ifd, ifd->fd, ABI_IOMMU_HWPT_ALLOC, &cmd);
	if (!rc)
		*out_hwpt_id = cmd.out_hwpt_id;
	return rc;
}

static int op_attach(void *ctx, uint32_t dev_id, uint32_t pasid,
		     uint32_t pt_id)
{
	struct vvtd_iommufd *ifd = ctx;
	int fd = device_fd(ifd, dev_id);
	struct abi_vfio_device_attach_iommufd_pt cmd = {
		.argsz = sizeof(cmd),
		.flags = pasid == VVTD_HOST_NO_PASID
				 ? 0 : ABI_VFIO_DEVICE_ATTACH_PASID,
		.pt_id = pt_id,
		.pasid = pasid == VVTD_HOST_NO_PASID ? 0 : pasid,
	};

	if (fd < 0)
		return -ENOENT;
	return do_ioctl(ifd, fd, ABI_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &cmd);
}

static int op_detach(void *ctx, uint32_t dev_id, uint32_t pasid)
{
	struct vvtd_iommufd *ifd = ctx;
	int fd = device_fd(ifd, dev_id);
	struct abi_vfio_device_detach_iommufd_pt cmd = {
		.argsz = sizeof(cmd),
		.flags = pasid == VVTD_HOST_NO_PASID
				 ? 0 : ABI_VFIO_DEVICE_DETACH_PASID,
		.pasid = pasid == VVTD_HOST_NO_PASID ? 0 : pasid,
	};

	if (fd < 0)
		return -ENOENT;
	return do_ioctl(ifd, fd, ABI_VFIO_DEVICE_DETACH_IOMMUFD_PT, &cmd);
}

/* The host structures equal the ABI's, but are copied field by field so
 * the two declarations stay independent. */
#define INV_BATCH 256u	/* one ioctl for a whole bind-engine batch */

static int op_hwpt_invalidate(void *ctx, uint32_t hwpt_id, uint32_t data_type,
			      const void *entries, uint32_t entry_len,
			      uint32_t *entry_num)
{
	struct vvtd_iommufd *ifd = ctx;
	const struct vvtd_host_vtd_s1_inv *in = entries;
	static _Thread_local struct abi_iommu_hwpt_vtd_s1_invalidate
		buf[INV_BATCH];
	uint32_t total = *entry_num, done = 0;
	int rc = 0;

	if (data_type != VVTD_HOST_INV_DATA_VTD_S1 ||
	    (total && entry_len != sizeof(*in)))
		return -EINVAL;
	do {
		uint32_t n = total - done < INV_BATCH ? total - done
						      : INV_BATCH;
		struct abi_iommu_hwpt_invalidate cmd = {
			.size = sizeof(cmd),
			.hwpt_id = hwpt_id,
			.data_uptr = (uintptr_t)buf,
			.data_type = ABI_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1,
			.entry_len = sizeof(buf[0]),
			.entry_num = n,
		};

		for (uint32_t i = 0; i < n; i++)
			buf[i] = (struct abi_iommu_hwpt_vtd_s1_invalidate){
				.addr = in[done + i].addr,
				.npages = in[done + i].npages,
				.flags = in[done + i].flags,
				.reserved = in[done + i].reserved,
			};
		rc = do_ioctl(ifd, ifd->fd, ABI_IOMMU_HWPT_INVALIDATE, &cmd);
		done += cmd.entry_num < n ? cmd.entry_num : n;
		if (rc || cmd.entry_num < n)
			break;
	} while (done < total);
	*entry_num = done;
	return rc;
}

static int op_destroy(void *ctx, uint32_t id)
{
	struct vvtd_iommufd *ifd = ctx;
	struct abi_iommu_destroy cmd = { .size = sizeof(cmd), .id = id };

	return do_ioctl(ifd, ifd->fd, ABI_IOMMU_DESTROY, &cmd);
}

static const struct vvtd_host_ops iommufd_ops = {
	.size = sizeof(struct vvtd_host_ops),
	.get_hw_info = op_get_hw_info,
	.ioas_alloc = op_ioas_alloc,
	.ioas_map = op_ioas_map,
	.ioas_unmap = op_ioas_unmap,
	.hwpt_alloc = op_hwpt_alloc,
	.attach = op_attach,
	.detach = op_detach,
	.hwpt_invalidate = op_hwpt_invalidate,
	.destroy = op_destroy,
};

const struct vvtd_host_ops *vvtd_iommufd_ops(void)
{
	return &iommufd_ops;
}
