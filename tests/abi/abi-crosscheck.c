/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Built only where the system has <linux/iommufd.h> new enough for VT-d
 * nesting: our own declarations (src/iommufd_abi.h) must agree with the
 * kernel's, field by field.  A mismatch fails the build.
 */
#include <stddef.h>

#include <linux/iommufd.h>
#include <linux/vfio.h>

#include "iommufd_abi.h"

#define SAME_SIZE(ours, theirs)                                              \
	_Static_assert(sizeof(struct ours) == sizeof(struct theirs),         \
		       #ours " size differs from the kernel's")
#define SAME_AT(ours, theirs, a, b)                                          \
	_Static_assert(offsetof(struct ours, a) == offsetof(struct theirs, b), \
		       #ours "." #a " offset differs from the kernel's")
#define SAME_VALUE(ours, theirs)                                             \
	_Static_assert((ours) == (theirs), #ours " differs from " #theirs)

SAME_VALUE(ABI_IOMMU_DESTROY, IOMMU_DESTROY);
SAME_VALUE(ABI_IOMMU_IOAS_ALLOC, IOMMU_IOAS_ALLOC);
SAME_VALUE(ABI_IOMMU_IOAS_MAP, IOMMU_IOAS_MAP);
SAME_VALUE(ABI_IOMMU_IOAS_UNMAP, IOMMU_IOAS_UNMAP);
SAME_VALUE(ABI_IOMMU_HWPT_ALLOC, IOMMU_HWPT_ALLOC);
SAME_VALUE(ABI_IOMMU_GET_HW_INFO, IOMMU_GET_HW_INFO);
SAME_VALUE(ABI_IOMMU_HWPT_INVALIDATE, IOMMU_HWPT_INVALIDATE);
SAME_VALUE(ABI_VFIO_DEVICE_BIND_IOMMUFD, VFIO_DEVICE_BIND_IOMMUFD);
SAME_VALUE(ABI_VFIO_DEVICE_ATTACH_IOMMUFD_PT, VFIO_DEVICE_ATTACH_IOMMUFD_PT);
SAME_VALUE(ABI_VFIO_DEVICE_DETACH_IOMMUFD_PT, VFIO_DEVICE_DETACH_IOMMUFD_PT);
SAME_VALUE(ABI_IOMMU_IOAS_MAP_FIXED_IOVA, IOMMU_IOAS_MAP_FIXED_IOVA);
SAME_VALUE(ABI_IOMMU_IOAS_MAP_WRITEABLE, IOMMU_IOAS_MAP_WRITEABLE);
SAME_VALUE(ABI_IOMMU_IOAS_MAP_READABLE, IOMMU_IOAS_MAP_READABLE);
SAME_VALUE(ABI_IOMMU_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_ALLOC_NEST_PARENT);
SAME_VALUE(ABI_IOMMU_HWPT_DATA_VTD_S1, IOMMU_HWPT_DATA_VTD_S1);
SAME_VALUE(ABI_IOMMU_HW_INFO_TYPE_INTEL_VTD, IOMMU_HW_INFO_TYPE_INTEL_VTD);
SAME_VALUE(ABI_IOMMU_HWPT_INVALIDATE_DATA_VTD_S1,
	   IOMMU_HWPT_INVALIDATE_DATA_VTD_S1);
SAME_VALUE(ABI_IOMMU_VTD_INV_FLAGS_LEAF, IOMMU_VTD_INV_FLAGS_LEAF);

SAME_SIZE(abi_iommu_destroy, iommu_destroy);
SAME_AT(abi_iommu_destroy, id, iommu_destroy, id);
SAME_SIZE(abi_iommu_ioas_alloc, iommu_ioas_alloc);
SAME_AT(abi_iommu_ioas_alloc, out_ioas_id, iommu_ioas_alloc, out_ioas_id);
SAME_SIZE(abi_iommu_ioas_map, iommu_ioas_map);
SAME_AT(abi_iommu_ioas_map, user_va, iommu_ioas_map, user_va);
SAME_AT(abi_iommu_ioas_map, length, iommu_ioas_map, length);
SAME_AT(abi_iommu_ioas_map, iova, iommu_ioas_map, iova);
SAME_SIZE(abi_iommu_ioas_unmap, iommu_ioas_unmap);
SAME_AT(abi_iommu_ioas_unmap, iova, iommu_ioas_unmap, iova);
SAME_AT(abi_iommu_ioas_unmap, length, iommu_ioas_unmap, length);
SAME_AT(abi_iommu_hwpt_alloc, dev_id, iommu_hwpt_alloc, dev_id);
SAME_AT(abi_iommu_hwpt_alloc, pt_id, iommu_hwpt_alloc, pt_id);
SAME_AT(abi_iommu_hwpt_alloc, out_hwpt_id, iommu_hwpt_alloc, out_hwpt_id);
SAME_AT(abi_iommu_hwpt_alloc, data_type, iommu_hwpt_alloc, data_type);
SAME_AT(abi_iommu_hwpt_alloc, data_len, iommu_hwpt_alloc, data_len);
SAME_AT(abi_iommu_hwpt_alloc, data_uptr, iommu_hwpt_alloc, data_uptr);
SAME_SIZE(abi_iommu_hwpt_vtd_s1, iommu_hwpt_vtd_s1);
SAME_AT(abi_iommu_hwpt_vtd_s1, pgtbl_addr, iommu_hwpt_vtd_s1, pgtbl_addr);
SAME_AT(abi_iommu_hwpt_vtd_s1, addr_width, iommu_hwpt_vtd_s1, addr_width);
SAME_SIZE(abi_iommu_hw_info_vtd, iommu_hw_info_vtd);
SAME_AT(abi_iommu_hw_info_vtd, cap_reg, iommu_hw_info_vtd, cap_reg);
SAME_AT(abi_iommu_hw_info_vtd, ecap_reg, iommu_hw_info_vtd, ecap_reg);
SAME_AT(abi_iommu_hw_info, dev_id, iommu_hw_info, dev_id);
SAME_AT(abi_iommu_hw_info, data_uptr, iommu_hw_info, data_uptr);
SAME_AT(abi_iommu_hw_info, out_data_type, iommu_hw_info, out_data_type);
SAME_SIZE(abi_iommu_hwpt_invalidate, iommu_hwpt_invalidate);
SAME_AT(abi_iommu_hwpt_invalidate, data_uptr, iommu_hwpt_invalidate,
	data_uptr);
SAME_AT(abi_iommu_hwpt_invalidate, entry_len, iommu_hwpt_invalidate,
	entry_len);
SAME_AT(abi_iommu_hwpt_invalidate, entry_num, iommu_hwpt_invalidate,
	entry_num);
SAME_SIZE(abi_iommu_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate);
SAME_AT(abi_iommu_hwpt_vtd_s1_invalidate, npages,
	iommu_hwpt_vtd_s1_invalidate, npages);
SAME_AT(abi_iommu_hwpt_vtd_s1_invalidate, flags,
	iommu_hwpt_vtd_s1_invalidate, flags);
SAME_AT(abi_vfio_device_bind_iommufd, iommufd, vfio_device_bind_iommufd,
	iommufd);
SAME_AT(abi_vfio_device_bind_iommufd, out_devid, vfio_device_bind_iommufd,
	out_devid);
SAME_AT(abi_vfio_device_attach_iommufd_pt, pt_id,
	vfio_device_attach_iommufd_pt, pt_id);

/* Something to compile into: the checks above are the point. */
int vvtd_abi_crosscheck(void);
int vvtd_abi_crosscheck(void)
{
	return 0;
}
