/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Our own declarations of the Linux iommufd and VFIO cdev uAPI that the
 * iommufd backend uses, and nothing more.  Debian 12's kernel headers have
 * no <linux/iommufd.h>, so the layouts are written here from the documented
 * ABI (include/uapi/linux/iommufd.h and vfio.h) and pinned below with
 * static assertions on every size and offset.  When a system
 * <linux/iommufd.h> exists, tests/abi/abi-crosscheck.c compares the two
 * at build time.
 *
 * Names carry an abi_ prefix so that they can coexist with the system's.
 */
#ifndef VVTD_IOMMUFD_ABI_H
#define VVTD_IOMMUFD_ABI_H

#include <stddef.h>
#include <stdint.h>

/* ioctl numbers: _IO(';', nr), no direction or size bits (the size travels
 * in the struct's first member). */
#define ABI_IOMMUFD_TYPE 0x3b
#define ABI_IO(nr) ((unsigned long)(ABI_IOMMUFD_TYPE << 8 | (nr)))

#define ABI_IOMMU_DESTROY ABI_IO(0x80)
#define ABI_IOMMU_IOAS_ALLOC ABI_IO(0x81)
#define ABI_IOMMU_IOAS_MAP ABI_IO(0x85)
#define ABI_IOMMU_IOAS_UNMAP ABI_IO(0x86)
#define ABI_IOMMU_HWPT_ALLOC ABI_IO(0x89)
#define ABI_IOMMU_GET_HW_INFO ABI_IO(0x8a)
#define ABI_IOMMU_HWPT_INVALIDATE ABI_IO(0x8d)

/* VFIO_TYPE is also ';', VFIO_BASE 100 */
#define ABI_VFIO_DEVICE_BIND_IOMMUFD ABI_IO(100 + 18)
#define ABI_VFIO_DEVICE_ATTACH_IOMMUFD_PT ABI_IO(100 + 19)
#define ABI_VFIO_DEVICE_DETACH_IOMMUFD_PT ABI_IO(100 + 20)

struct abi_iommu_destroy {
	uint32_t size;
	uint32_t id;
};

struct abi_iommu_ioas_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_ioas_id;
};

#define ABI_IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define ABI_IOMMU_IOAS_MAP_WRITEABLE (1u << 1)
#define ABI_IOMMU_IOAS_MAP_READABLE (1u << 2)

struct abi_iommu_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	uint64_t user_va;
	uint64_t length;
	uint64_t iova;
};

struct abi_iommu_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length;
};

#define ABI_IOMMU_HWPT_ALLOC_NEST_PARENT (1u << 0)
#define ABI_IOMMU_HWPT_ALLOC_DIRTY_TRACKING (1u << 1)
#define ABI_IOMMU_HWPT_FAULT_ID_VALID (1u << 2)
#define ABI_IOMMU_HWPT_ALLOC_PASID (1u << 3)

#define ABI_IOMMU_HWPT_DATA_NONE 0u
#define ABI_IOMMU_HWPT_DATA_VTD_S1 1u

struct abi_iommu_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;
	uint32_t data_len;
	uint64_t data_uptr;
	uint32_t fault_id;
	uint32_t reserved2;
};

#define ABI_IOMMU_VTD_S1_SRE (1u << 0)
#define ABI_IOMMU_VTD_S1_EAFE (1u << 1)
#define ABI_IOMMU_VTD_S1_WPE (1u << 2)

struct abi_iommu_hwpt_vtd_s1 {
	uint64_t flags;
	uint64_t pgtbl_addr;
	uint32_t addr_width;
	uint32_t reserved;
};

#define ABI_IOMMU_HW_INFO_TYPE_INTEL_VTD 1u
#define ABI_IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17 (1u << 0)

struct abi_iommu_hw_info {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t data_len;
	uint64_t data_uptr;
	uint32_t out_data_type;
	uint8_t out_max_pasid_log2;
	uint8_t reserved[3];
	uint64_t out_capabilities;
};

struct abi_iommu_hw_info_vtd {
	uint32_t flags;
	uint32_t reserved;
	uint64_t cap_reg;
	uint64_t ecap_reg;
};

#define ABI_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 0u
#define ABI_IOMMU_VTD_INV_FLAGS_LEAF (1u << 0)

struct abi_iommu_hwpt_invalidate {
	uint32_t size;
	uint32_t hwpt_id;
	uint64_t data_uptr;
	uint32_t data_type;
	uint32_t entry_len;
	uint32_t entry_num;
	uint32_t reserved;
};

struct abi_iommu_hwpt_vtd_s1_invalidate {
	uint64_t addr;
	uint64_t npages;
	uint32_t flags;
	uint32_t reserved;
};

struct abi_vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;
};

#define ABI_VFIO_DEVICE_ATTACH_PASID (1u << 0)

struct abi_vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id;
	uint32_t pasid;
};

#define ABI_VFIO_DEVICE_DETACH_PASID (1u << 0)

struct abi_vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pasid;
};

/* ---- the layout, pinned ---- */
#define ABI_AT(type, member, off)                                            \
	_Static_assert(offsetof(struct type, member) == (off),               \
		       #type "." #member " offset")
#define ABI_SIZE(type, n) \
	_Static_assert(sizeof(struct type) == (n), #type " size")

ABI_SIZE(abi_iommu_destroy, 8);
ABI_AT(abi_iommu_destroy, size, 0);
ABI_AT(abi_iommu_destroy, id, 4);

ABI_SIZE(abi_iommu_ioas_alloc, 12);
ABI_AT(abi_iommu_ioas_alloc, flags, 4);
ABI_AT(abi_iommu_ioas_alloc, out_ioas_id, 8);

ABI_SIZE(abi_iommu_ioas_map, 40);
ABI_AT(abi_iommu_ioas_map, flags, 4);
ABI_AT(abi_iommu_ioas_map, ioas_id, 8);
ABI_AT(abi_iommu_ioas_map, reserved, 12);
ABI_AT(abi_iommu_ioas_map, user_va, 16);
ABI_AT(abi_iommu_ioas_map, length, 24);
ABI_AT(abi_iommu_ioas_map, iova, 32);

ABI_SIZE(abi_iommu_ioas_unmap, 24);
ABI_AT(abi_iommu_ioas_unmap, ioas_id, 4);
ABI_AT(abi_iommu_ioas_unmap, iova, 8);
ABI_AT(abi_iommu_ioas_unmap, length, 16);

ABI_SIZE(abi_iommu_hwpt_alloc, 48);
ABI_AT(abi_iommu_hwpt_alloc, flags, 4);
ABI_AT(abi_iommu_hwpt_alloc, dev_id, 8);
ABI_AT(abi_iommu_hwpt_alloc, pt_id, 12);
ABI_AT(abi_iommu_hwpt_alloc, out_hwpt_id, 16);
ABI_AT(abi_iommu_hwpt_alloc, reserved, 20);
ABI_AT(abi_iommu_hwpt_alloc, data_type, 24);
ABI_AT(abi_iommu_hwpt_alloc, data_len, 28);
ABI_AT(abi_iommu_hwpt_alloc, data_uptr, 32);
ABI_AT(abi_iommu_hwpt_alloc, fault_id, 40);
ABI_AT(abi_iommu_hwpt_alloc, reserved2, 44);

ABI_SIZE(abi_iommu_hwpt_vtd_s1, 24);
ABI_AT(abi_iommu_hwpt_vtd_s1, flags, 0);
ABI_AT(abi_iommu_hwpt_vtd_s1, pgtbl_addr, 8);
ABI_AT(abi_iommu_hwpt_vtd_s1, addr_width, 16);
ABI_AT(abi_iommu_hwpt_vtd_s1, reserved, 20);

ABI_SIZE(abi_iommu_hw_info, 40);
ABI_AT(abi_iommu_hw_info, flags, 4);
ABI_AT(abi_iommu_hw_info, dev_id, 8);
ABI_AT(abi_iommu_hw_info, data_len, 12);
ABI_AT(abi_iommu_hw_info, data_uptr, 16);
ABI_AT(abi_iommu_hw_info, out_data_type, 24);
ABI_AT(abi_iommu_hw_info, out_max_pasid_log2, 28);
ABI_AT(abi_iommu_hw_info, reserved, 29);
ABI_AT(abi_iommu_hw_info, out_capabilities, 32);

ABI_SIZE(abi_iommu_hw_info_vtd, 24);
ABI_AT(abi_iommu_hw_info_vtd, flags, 0);
ABI_AT(abi_iommu_hw_info_vtd, reserved, 4);
ABI_AT(abi_iommu_hw_info_vtd, cap_reg, 8);
ABI_AT(abi_iommu_hw_info_vtd, ecap_reg, 16);

ABI_SIZE(abi_iommu_hwpt_invalidate, 32);
ABI_AT(abi_iommu_hwpt_invalidate, hwpt_id, 4);
ABI_AT(abi_iommu_hwpt_invalidate, data_uptr, 8);
ABI_AT(abi_iommu_hwpt_invalidate, data_type, 16);
ABI_AT(abi_iommu_hwpt_invalidate, entry_len, 20);
ABI_AT(abi_iommu_hwpt_invalidate, entry_num, 24);
ABI_AT(abi_iommu_hwpt_invalidate, reserved, 28);

ABI_SIZE(abi_iommu_hwpt_vtd_s1_invalidate, 24);
ABI_AT(abi_iommu_hwpt_vtd_s1_invalidate, addr, 0);
ABI_AT(abi_iommu_hwpt_vtd_s1_invalidate, npages, 8);
ABI_AT(abi_iommu_hwpt_vtd_s1_invalidate, flags, 16);
ABI_AT(abi_iommu_hwpt_vtd_s1_invalidate, reserved, 20);

ABI_SIZE(abi_vfio_device_bind_iommufd, 16);
ABI_AT(abi_vfio_device_bind_iommufd, flags, 4);
ABI_AT(abi_vfio_device_bind_iommufd, iommufd, 8);
ABI_AT(abi_vfio_device_bind_iommufd, out_devid, 12);

ABI_SIZE(abi_vfio_device_attach_iommufd_pt, 16);
ABI_AT(abi_vfio_device_attach_iommufd_pt, flags, 4);
ABI_AT(abi_vfio_device_attach_iommufd_pt, pt_id, 8);
ABI_AT(abi_vfio_device_attach_iommufd_pt, pasid, 12);

ABI_SIZE(abi_vfio_device_detach_iommufd_pt, 12);
ABI_AT(abi_vfio_device_detach_iommufd_pt, flags, 4);
ABI_AT(abi_vfio_device_detach_iommufd_pt, pasid, 8);

#undef ABI_AT
#undef ABI_SIZE

#endif /* VVTD_IOMMUFD_ABI_H */
