/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd host interface: how the nested bind engine reaches the host IOMMU.
 *
 * For a device passed through from the host, vvtd does not shadow the
 * guest's page tables.  It mirrors the guest's PASID entries into the host
 * IOMMU through Linux iommufd nested translation: a pass-through PASID entry
 * attaches the device to a host stage-2 table (GPA -> HPA); a first-stage
 * PASID entry becomes a nested stage-1 HWPT (IOMMU_HWPT_DATA_VTD_S1) over
 * that stage-2, so the host hardware walks gIOVA -> GPA -> HPA itself.
 *
 * The operations below mirror iommufd's objects one to one.  Each takes the
 * `ctx` of one iommufd instance (an open /dev/iommu, or a simulated one).
 * vvtd ships two implementations: the real one (ioctls, vvtd-iommufd.h)
 * and a simulated host that follows the kernel's rules (vvtd-simhost.h).
 * An embedder may supply its own (e.g. one over QEMU's iommufd backend).
 *
 * Every operation returns 0 or a negative errno, exactly as the kernel's
 * ioctl would (-errno).  They are called with the vvtd instance lock held
 * and must not call back into the same vvtd instance.
 */
#ifndef VVTD_HOST_H
#define VVTD_HOST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VVTD_HOST_NO_PASID 0xffffffffu

/* struct iommu_hw_info_vtd flags */
#define VVTD_HOST_HW_INFO_ERRATA_772415_SPR17 (1u << 0)

/* IOMMU_GET_HW_INFO for a device whose host IOMMU is Intel VT-d. */
struct vvtd_host_hw_info {
	uint64_t cap_reg;		/* host CAP_REG */
	uint64_t ecap_reg;		/* host ECAP_REG */
	uint32_t flags;			/* VVTD_HOST_HW_INFO_* */
	uint8_t max_pasid_log2;		/* PASID width; 0 = no PASID */
	uint8_t reserved[3];
	uint64_t capabilities;		/* IOMMU_HW_CAP_* */
};

/* IOMMU_IOAS_MAP flags (same values as the kernel's) */
#define VVTD_HOST_MAP_WRITEABLE (1u << 1)
#define VVTD_HOST_MAP_READABLE (1u << 2)

/* IOMMU_HWPT_ALLOC flags (same values as the kernel's) */
#define VVTD_HOST_HWPT_NEST_PARENT (1u << 0)
#define VVTD_HOST_HWPT_ALLOC_PASID (1u << 3)

/* IOMMU_HWPT_ALLOC data types */
#define VVTD_HOST_DATA_NONE 0u
#define VVTD_HOST_DATA_VTD_S1 1u

/* struct iommu_hwpt_vtd_s1: a guest first-stage table for nesting. */
#define VVTD_HOST_VTD_S1_SRE (1u << 0)
#define VVTD_HOST_VTD_S1_EAFE (1u << 1)
#define VVTD_HOST_VTD_S1_WPE (1u << 2)
struct vvtd_host_vtd_s1 {
	uint64_t flags;			/* VVTD_HOST_VTD_S1_* */
	uint64_t pgtbl_addr;		/* GPA of the first-stage root */
	uint32_t addr_width;		/* 48 or 57 */
	uint32_t reserved;
};

/* IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 entries */
#define VVTD_HOST_INV_DATA_VTD_S1 0u
#define VVTD_HOST_INV_FLAGS_LEAF (1u << 0)
struct vvtd_host_vtd_s1_inv {
	uint64_t addr;			/* 4 KiB aligned */
	uint64_t npages;		/* UINT64_MAX with addr 0: everything */
	uint32_t flags;			/* VVTD_HOST_INV_FLAGS_LEAF */
	uint32_t reserved;
};

struct vvtd_host_ops {
	uint32_t size;			/* sizeof(struct vvtd_host_ops) */
	uint32_t flags;			/* must be zero */
	/* IOMMU_GET_HW_INFO */
	int (*get_hw_info)(void *ctx, uint32_t dev_id,
			   struct vvtd_host_hw_info *info);
	/* IOMMU_IOAS_ALLOC */
	int (*ioas_alloc)(void *ctx, uint32_t *out_ioas_id);
	/* IOMMU_IOAS_MAP with IOMMU_IOAS_MAP_FIXED_IOVA */
	int (*ioas_map)(void *ctx, uint32_t ioas_id, uint64_t iova,
			uint64_t length, void *user_va, uint32_t flags);
	/* IOMMU_IOAS_UNMAP */
	int (*ioas_unmap)(void *ctx, uint32_t ioas_id, uint64_t iova,
			  uint64_t length);
	/* IOMMU_HWPT_ALLOC */
	int (*hwpt_alloc)(void *ctx, uint32_t dev_id, uint32_t pt_id,
			  uint32_t flags, uint32_t data_type, const void *data,
			  uint32_t data_len, uint32_t *out_hwpt_id);
	/* VFIO_DEVICE_ATTACH_IOMMUFD_PT (with VFIO_DEVICE_ATTACH_PASID when
	 * @pasid != VVTD_HOST_NO_PASID).  Replaces an existing attachment. */
	int (*attach)(void *ctx, uint32_t dev_id, uint32_t pasid,
		      uint32_t pt_id);
	/* VFIO_DEVICE_DETACH_IOMMUFD_PT (with VFIO_DEVICE_DETACH_PASID):
	 * the device or PASID blocks DMA afterwards. */
	int (*detach)(void *ctx, uint32_t dev_id, uint32_t pasid);
	/* IOMMU_HWPT_INVALIDATE: *entry_num in = entries, out = handled. */
	int (*hwpt_invalidate)(void *ctx, uint32_t hwpt_id, uint32_t data_type,
			       const void *entries, uint32_t entry_len,
			       uint32_t *entry_num);
	/* IOMMU_DESTROY */
	int (*destroy)(void *ctx, uint32_t id);
};

#ifdef __cplusplus
}
#endif

#endif /* VVTD_HOST_H */
