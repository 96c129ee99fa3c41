/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The iommufd backend at the kernel boundary: the exact bytes of one
 * ioctl of each kind, against encodings written out by hand from the uAPI
 * (include/uapi/linux/iommufd.h and vfio.h; vtd-iommufd-facts.md 2.x),
 * and the kernel-ABI emulation rejecting what the kernel rejects.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vvtd/vvtd-iommufd.h>
#include <vvtd/vvtd-simhost.h>

#include "kabi.h"

static uint8_t ram[2 * 4096] __attribute__((aligned(4096)));

struct env {
	struct vvtd_simhost *h;
	struct vvtd_simhost_fd *sfd;
	struct kabi k;
	struct vvtd_iommufd *ifd;
	const struct vvtd_host_ops *ops;
	uint32_t dev;
	int cdev;
};

static void env_init(struct env *e)
{
	struct vvtd_simhost_iommu cfg;
	unsigned mu;

	memset(e, 0, sizeof(*e));
	assert_int_equal(vvtd_simhost_new(&e->h), 0);
	vvtd_simhost_iommu_init(&cfg);
	assert_int_equal(vvtd_simhost_add_iommu(e->h, &cfg, &mu), 0);
	assert_int_equal(vvtd_simhost_open(e->h, &e->sfd), 0);
	kabi_init(&e->k, e->sfd);
	e->cdev = kabi_add_cdev(&e->k, mu);
	assert_int_equal(vvtd_iommufd_adopt(KABI_IOMMUFD_FD, &e->ifd), 0);
	vvtd_iommufd_set_ioctl(e->ifd, kabi_ioctl, &e->k);
	assert_int_equal(vvtd_iommufd_bind_device(e->ifd, e->cdev, &e->dev),
			 0);
	e->ops = vvtd_iommufd_ops();
}

static void env_fini(struct env *e)
{
	vvtd_iommufd_free(e->ifd);
	vvtd_simhost_free(e->h);
}

/* little-endian builders for the expected bytes */
static void le32(uint8_t *b, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void le64(uint8_t *b, size_t off, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static void expect(const struct env *e, unsigned long request, int fd,
		   const uint8_t *bytes, size_t len)
{
	assert_int_equal(e->k.last.request, request);
	assert_int_equal(e->k.last.fd, fd);
	assert_int_equal(e->k.last.len, len);
	assert_memory_equal(e->k.last.bytes, bytes, len);
}

static void test_encodings(void **state)
{
	struct vvtd_host_vtd_s1 s1 = { .flags = 5, .pgtbl_addr = 0x123000,
				       .addr_width = 57 };
	struct vvtd_host_vtd_s1_inv inv = { .addr = 0x7000, .npages = 3,
					    .flags = 1 };
	struct vvtd_host_hw_info info;
	uint32_t ioas, s2, nested, n = 1;
	uint8_t b[64];
	struct env e;

	(void)state;
	env_init(&e);
	/* VFIO_DEVICE_BIND_IOMMUFD = _IO(';', 100 + 18): argsz 16, flags,
	 * iommufd, out_devid */
	memset(b, 0, sizeof(b));
	le32(b, 0, 16);
	le32(b, 8, KABI_IOMMUFD_FD);
	expect(&e, 0x3b76, e.cdev, b, 16);

	/* IOMMU_GET_HW_INFO = 0x3b8a: size 40, flags, dev_id, data_len 24,
	 * data_uptr (checked non-zero), out_data_type, out_max_pasid_log2,
	 * reserved, out_capabilities */
	assert_int_equal(e.ops->get_hw_info(e.ifd, e.dev, &info), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 40);
	le32(b, 8, e.dev);
	le32(b, 12, 24);
	memcpy(b + 16, e.k.last.bytes + 16, 8);
	assert_true(memcmp(b + 16, "\0\0\0\0\0\0\0\0", 8) != 0);
	expect(&e, 0x3b8a, KABI_IOMMUFD_FD, b, 40);
	assert_int_equal(info.max_pasid_log2, 20);
	assert_true(info.flags & VVTD_HOST_HW_INFO_ERRATA_772415_SPR17);

	/* IOMMU_IOAS_ALLOC = 0x3b81: size 12, flags, out_ioas_id */
	assert_int_equal(e.ops->ioas_alloc(e.ifd, &ioas), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 12);
	expect(&e, 0x3b81, KABI_IOMMUFD_FD, b, 12);

	/* IOMMU_IOAS_MAP = 0x3b85: size 40, flags FIXED_IOVA|WRITEABLE|
	 * READABLE = 7, ioas_id, reserved, user_va, length, iova */
	assert_int_equal(e.ops->ioas_map(e.ifd, ioas, 0x100000, sizeof(ram),
					 ram, VVTD_HOST_MAP_READABLE |
					 VVTD_HOST_MAP_WRITEABLE), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 40);
	le32(b, 4, 7);
	le32(b, 8, ioas);
	le64(b, 16, (uint64_t)(uintptr_t)ram);
	le64(b, 24, sizeof(ram));
	le64(b, 32, 0x100000);
	expect(&e, 0x3b85, KABI_IOMMUFD_FD, b, 40);

	/* IOMMU_HWPT_ALLOC = 0x3b89: size 48, flags NEST_PARENT (1) |
	 * ALLOC_PASID (8), dev_id, pt_id, out_hwpt_id, reserved, data_type,
	 * data_len, data_uptr, fault_id, reserved2 */
	assert_int_equal(e.ops->hwpt_alloc(e.ifd, e.dev, ioas, 9,
					   VVTD_HOST_DATA_NONE, NULL, 0, &s2),
			 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 48);
	le32(b, 4, 9);
	le32(b, 8, e.dev);
	le32(b, 12, ioas);
	expect(&e, 0x3b89, KABI_IOMMUFD_FD, b, 48);
	/* nested: data_type IOMMU_HWPT_DATA_VTD_S1 (1), data_len 24, and the
	 * iommu_hwpt_vtd_s1 {flags u64, pgtbl_addr u64, addr_width u32,
	 * reserved u32} */
	assert_int_equal(e.ops->hwpt_alloc(e.ifd, e.dev, s2, 0,
					   VVTD_HOST_DATA_VTD_S1, &s1,
					   sizeof(s1), &nested), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 48);
	le32(b, 8, e.dev);
	le32(b, 12, s2);
	le32(b, 24, 1);
	le32(b, 28, 24);
	memcpy(b + 32, e.k.last.bytes + 32, 8);
	expect(&e, 0x3b89, KABI_IOMMUFD_FD, b, 48);
	memset(b, 0, sizeof(b));
	le64(b, 0, 5);
	le64(b, 8, 0x123000);
	le32(b, 16, 57);
	assert_int_equal(e.k.last.payload_len, 24);
	assert_memory_equal(e.k.last.payload, b, 24);

	/* VFIO_DEVICE_ATTACH_IOMMUFD_PT = 0x3b77: argsz 16, flags
	 * VFIO_DEVICE_ATTACH_PASID (1), pt_id, pasid */
	assert_int_equal(e.ops->attach(e.ifd, e.dev, VVTD_HOST_NO_PASID, s2),
			 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 16);
	le32(b, 8, s2);
	expect(&e, 0x3b77, e.cdev, b, 16);
	assert_int_equal(e.ops->hwpt_alloc(e.ifd, e.dev, s2, 8,
					   VVTD_HOST_DATA_VTD_S1, &s1,
					   sizeof(s1), &nested), 0);
	assert_int_equal(e.ops->attach(e.ifd, e.dev, 5, nested), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 16);
	le32(b, 4, 1);
	le32(b, 8, nested);
	le32(b, 12, 5);
	expect(&e, 0x3b77, e.cdev, b, 16);

	/* IOMMU_HWPT_INVALIDATE = 0x3b8d: size 32, hwpt_id, data_uptr,
	 * data_type VTD_S1 (0), entry_len 24, entry_num, reserved; entries
	 * {addr u64, npages u64, flags u32 (LEAF 1), reserved u32} */
	assert_int_equal(e.ops->hwpt_invalidate(e.ifd, nested,
						VVTD_HOST_INV_DATA_VTD_S1,
						&inv, sizeof(inv), &n), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 32);
	le32(b, 4, nested);
	memcpy(b + 8, e.k.last.bytes + 8, 8);
	le32(b, 20, 24);
	le32(b, 24, 1);
	expect(&e, 0x3b8d, KABI_IOMMUFD_FD, b, 32);
	memset(b, 0, sizeof(b));
	le64(b, 0, 0x7000);
	le64(b, 8, 3);
	le32(b, 16, 1);
	assert_memory_equal(e.k.last.payload, b, 24);
	assert_int_equal(n, 1);

	/* VFIO_DEVICE_DETACH_IOMMUFD_PT = 0x3b78: argsz 12, flags
	 * VFIO_DEVICE_DETACH_PASID (1), pasid */
	assert_int_equal(e.ops->detach(e.ifd, e.dev, 5), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 12);
	le32(b, 4, 1);
	le32(b, 8, 5);
	expect(&e, 0x3b78, e.cdev, b, 12);

	/* IOMMU_IOAS_UNMAP = 0x3b86: size 24, ioas_id, iova, length */
	assert_int_equal(e.ops->ioas_unmap(e.ifd, ioas, 0x100000, sizeof(ram)),
			 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 24);
	le32(b, 4, ioas);
	le64(b, 8, 0x100000);
	le64(b, 16, sizeof(ram));
	expect(&e, 0x3b86, KABI_IOMMUFD_FD, b, 24);

	/* IOMMU_DESTROY = 0x3b80: size 8, id */
	assert_int_equal(e.ops->destroy(e.ifd, nested), 0);
	memset(b, 0, sizeof(b));
	le32(b, 0, 8);
	le32(b, 4, nested);
	expect(&e, 0x3b80, KABI_IOMMUFD_FD, b, 8);
	env_fini(&e);
}

/* The decoder rejects what the kernel rejects, with the kernel's errno. */
static void test_decoder_rules(void **state)
{
	struct env e;
	uint8_t b[64];
	uint32_t ioas, s2, plain;

	(void)state;
	env_init(&e);
	assert_int_equal(e.ops->ioas_alloc(e.ifd, &ioas), 0);
	assert_int_equal(e.ops->ioas_map(e.ifd, ioas, 0, sizeof(ram), ram,
					 VVTD_HOST_MAP_READABLE |
					 VVTD_HOST_MAP_WRITEABLE), 0);
	assert_int_equal(e.ops->hwpt_alloc(e.ifd, e.dev, ioas, 1,
					   VVTD_HOST_DATA_NONE, NULL, 0, &s2),
			 0);
	assert_int_equal(e.ops->hwpt_alloc(e.ifd, e.dev, ioas, 0,
					   VVTD_HOST_DATA_NONE, NULL, 0,
					   &plain), 0);

	/* size below the minimum; a non-zero tail beyond the struct */
	memset(b, 0, sizeof(b));
	le32(b, 0, 8);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b81, b), -EINVAL);
	le32(b, 0, 20);
	b[16] = 1;
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b81, b), -E2BIG);
	b[16] = 0;
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b81, b), 0);

	/* IOAS_MAP: reserved field, unknown flag */
	memset(b, 0, sizeof(b));
	le32(b, 0, 40);
	le32(b, 4, 7);
	le32(b, 8, ioas);
	le32(b, 12, 1);
	le64(b, 16, (uint64_t)(uintptr_t)ram);
	le64(b, 24, 4096);
	le64(b, 32, 0x200000);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b85, b),
			 -EOPNOTSUPP);
	le32(b, 12, 0);
	le32(b, 4, 7 | 1u << 6);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b85, b),
			 -EOPNOTSUPP);

	/* HWPT_ALLOC: unknown data type; data without a pointer; a parent
	 * that is not NEST_PARENT */
	memset(b, 0, sizeof(b));
	le32(b, 0, 48);
	le32(b, 8, e.dev);
	le32(b, 12, s2);
	le32(b, 24, 7);
	le32(b, 28, 24);
	le64(b, 32, (uint64_t)(uintptr_t)ram);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b89, b),
			 -EOPNOTSUPP);
	le32(b, 24, 1);
	le64(b, 32, 0);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b89, b),
			 -EFAULT);
	le64(b, 32, (uint64_t)(uintptr_t)ram);	/* zeroed s1: width 0 */
	le32(b, 12, plain);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b89, b),
			 -EINVAL);

	/* HWPT_INVALIDATE: entry_len too small; entries without pointer */
	memset(b, 0, sizeof(b));
	le32(b, 0, 32);
	le32(b, 4, s2);
	le64(b, 8, (uint64_t)(uintptr_t)ram);
	le32(b, 20, 8);
	le32(b, 24, 1);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b8d, b),
			 -EINVAL);
	le64(b, 8, 0);
	le32(b, 20, 24);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b8d, b),
			 -EINVAL);

	/* DESTROY of a busy object */
	memset(b, 0, sizeof(b));
	le32(b, 0, 8);
	le32(b, 4, ioas);
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3b80, b),
			 -EBUSY);

	/* unknown ioctl; unknown fd; VFIO argsz and flags */
	assert_int_equal(kabi_ioctl(&e.k, KABI_IOMMUFD_FD, 0x3bff, b), -ENOTTY);
	assert_int_equal(kabi_ioctl(&e.k, 77, 0x3b80, b), -EBADF);
	memset(b, 0, sizeof(b));
	le32(b, 0, 8);
	assert_int_equal(kabi_ioctl(&e.k, e.cdev, 0x3b77, b), -EINVAL);
	le32(b, 0, 12);
	le32(b, 4, 1);		/* ATTACH_PASID needs argsz 16 */
	assert_int_equal(kabi_ioctl(&e.k, e.cdev, 0x3b77, b), -EINVAL);
	le32(b, 0, 16);
	le32(b, 4, 2);		/* unknown flag */
	assert_int_equal(kabi_ioctl(&e.k, e.cdev, 0x3b77, b), -EINVAL);
	env_fini(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_decoder_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
