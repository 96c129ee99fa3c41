/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Linux iommufd host backend: struct vvtd_host_ops implemented with
 * ioctls on /dev/iommu and on VFIO device cdevs (/dev/vfio/devices/vfioN).
 *
 * One struct vvtd_iommufd is one iommufd file descriptor; pass it as the
 * `ctx` of struct vvtd_host_device together with vvtd_iommufd_ops().  The
 * embedder may hand over file descriptors it already has (QEMU's
 * `-object iommufd,fd=` and a vfio-pci device it bound itself) or let vvtd
 * open and bind them.  Errors from the kernel are returned unchanged, as
 * negative errno values.
 *
 * Threading: the backend is called by vvtd under the instance lock; the
 * device-table functions below take the backend's own lock and may be
 * called from any thread.
 */
#ifndef VVTD_IOMMUFD_H
#define VVTD_IOMMUFD_H

#include <vvtd/vvtd.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vvtd_iommufd;

/**
 * vvtd_iommufd_open() - open /dev/iommu.
 * Return: 0; -ENOENT no /dev/iommu (no iommufd in this kernel); -ENOMEM;
 * or open(2)'s errno.
 */
VVTD_API int vvtd_iommufd_open(struct vvtd_iommufd **out);

/**
 * vvtd_iommufd_adopt() - use an iommufd the embedder opened; vvtd never
 * closes it.
 * Return: 0; -EINVAL negative @fd; -ENOMEM.
 */
VVTD_API int vvtd_iommufd_adopt(int fd, struct vvtd_iommufd **out);

/**
 * vvtd_iommufd_free() - forget the backend; closes the iommufd and the
 * device fds that vvtd opened itself.  Every vvtd device using it must
 * have been removed first.
 */
VVTD_API void vvtd_iommufd_free(struct vvtd_iommufd *ifd);

/** vvtd_iommufd_fd() - the iommufd file descriptor. */
VVTD_API int vvtd_iommufd_fd(const struct vvtd_iommufd *ifd);

/**
 * vvtd_iommufd_bind_device() - VFIO_DEVICE_BIND_IOMMUFD on a VFIO device
 * cdev fd (which stays the caller's) and remember it for attach/detach.
 * Return: 0 and *@out_dev_id; the kernel's error; -ENOMEM.
 */
VVTD_API int vvtd_iommufd_bind_device(struct vvtd_iommufd *ifd,
				      int device_fd, uint32_t *out_dev_id);

/**
 * vvtd_iommufd_open_device() - open a VFIO device cdev by path and bind
 * it; the fd is closed by vvtd_iommufd_free().
 * Return: 0 and *@out_dev_id; open(2)'s or the kernel's error; -ENOMEM.
 */
VVTD_API int vvtd_iommufd_open_device(struct vvtd_iommufd *ifd,
				      const char *path, uint32_t *out_dev_id);

/**
 * vvtd_iommufd_add_device() - a device the embedder already bound to this
 * iommufd, with its dev_id.
 * Return: 0; -EEXIST dev_id known; -EINVAL negative fd; -ENOMEM.
 */
VVTD_API int vvtd_iommufd_add_device(struct vvtd_iommufd *ifd, int device_fd,
				     uint32_t dev_id);

/**
 * vvtd_iommufd_forget_device() - the device is no longer bound (its cdev
 * is closed, or about to be): drop it from the table, closing its fd if
 * vvtd opened it.  Remove it from vvtd (vvtd_host_remove_device()) first.
 * The kernel may hand its dev_id to a device bound later.
 * Return: 0; -ENOENT unknown dev_id.
 */
VVTD_API int vvtd_iommufd_forget_device(struct vvtd_iommufd *ifd,
					uint32_t dev_id);

/** vvtd_iommufd_ops() - the host operations over struct vvtd_iommufd. */
VVTD_API const struct vvtd_host_ops *vvtd_iommufd_ops(void);

/*
 * Testing seam: every ioctl(2) the backend issues goes through @fn, which
 * returns 0 or a negative errno.  The project's own tests route it to a
 * kernel-ABI emulation; NULL restores ioctl(2).
 */
typedef int (*vvtd_ioctl_fn)(void *opaque, int fd, unsigned long request,
			     void *arg);
VVTD_API void vvtd_iommufd_set_ioctl(struct vvtd_iommufd *ifd,
				     vvtd_ioctl_fn fn, void *opaque);

#ifdef __cplusplus
}
#endif

#endif /* VVTD_IOMMUFD_H */
