/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel-ABI emulation for tests: an ioctl(2) stand-in for the iommufd
 * backend's seam (vvtd_iommufd_set_ioctl()).  It decodes the iommufd and
 * VFIO cdev ioctls byte for byte as the kernel does at its ABI boundary
 * (size/argsz and minimum sizes, a non-zero tail beyond the known struct,
 * reserved fields, unknown flags, bad user pointers, entry_len/entry_num,
 * unknown file descriptors), with the kernel's errno values, and then
 * drives the simulated host.  Every call is recorded, bytes included.
 */
#ifndef VVTD_TEST_KABI_H
#define VVTD_TEST_KABI_H

#include <stddef.h>
#include <stdint.h>

#include <vvtd/vvtd-simhost.h>

#define KABI_MAX_DEVICES 16
#define KABI_IOMMUFD_FD 1000	/* the emulated /dev/iommu fd */
#define KABI_DEVICE_FD0 2000	/* emulated VFIO cdev fds: 2000 + i */

struct kabi_call {
	int fd;
	unsigned long request;
	uint8_t bytes[64];	/* the struct as passed in */
	size_t len;
	uint8_t payload[64];	/* HWPT_ALLOC data / INVALIDATE entries */
	size_t payload_len;
	int result;
};

struct kabi {
	struct vvtd_simhost_fd *sfd;
	unsigned dev_iommu[KABI_MAX_DEVICES];	/* host IOMMU per cdev */
	uint32_t dev_id[KABI_MAX_DEVICES];	/* 0 until bound */
	unsigned ndevs;
	struct kabi_call last;
	unsigned long calls;
};

void kabi_init(struct kabi *k, struct vvtd_simhost_fd *sfd);
/* A VFIO device cdev behind host IOMMU @iommu; returns its fd. */
int kabi_add_cdev(struct kabi *k, unsigned iommu);
/* The ioctl seam: 0 or -errno. */
int kabi_ioctl(void *opaque, int fd, unsigned long request, void *arg);

#endif /* VVTD_TEST_KABI_H */
