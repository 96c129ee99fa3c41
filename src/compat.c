/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host-compatibility gate: can a vIOMMU with this configuration mirror
 * a passthrough device whose host IOMMU reports these capabilities?  The
 * checks QEMU makes when fsts=on, plus what a nested first stage needs.
 */
#include <errno.h>

#include "internal.h"

int vvtd_host_check(const struct vvtd_config *cfg,
		    const struct vvtd_host_hw_info *hi, const char **why)
{
	struct vvtd_config c = { 0 };
	uint64_t cap, ecap;
	const char *dummy;
	unsigned host_aw;
	int rc;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!cfg || !hi || cfg->size < sizeof(c)) {
		*why = "bad argument";
		return -EINVAL;
	}
	c = *cfg;
	rc = caps_check_config(&c, why);
	if (rc)
		return rc;
	caps_derive(&c, &cap, &ecap);

#define REFUSE(msg)                 \
	do {                        \
		*why = (msg);       \
		return -EINVAL;     \
	} while (0)

	/* the vIOMMU side */
	if (!(ecap & ECAP_SMTS) || !(ecap & ECAP_FSTS))
		REFUSE("passthrough devices need scalable-mode=on and fsts=on "
		       "(nested translation); vvtd does not shadow page tables");
	if (!(cap & CAP_CM))
		REFUSE("passthrough devices need caching-mode=on, so the guest "
		       "reports PASID entries it makes present");
	/* the host side */
	if (!hi->cap_reg && !hi->ecap_reg)
		REFUSE("the host IOMMU reported no VT-d capabilities");
	if (!(hi->ecap_reg & ECAP_NEST))
		REFUSE("the host IOMMU lacks nested translation (ECAP.NEST)");
	if (!(hi->ecap_reg & ECAP_SMTS) || !(hi->ecap_reg & ECAP_SSTS))
		REFUSE("the host IOMMU lacks scalable-mode second-stage "
		       "translation (ECAP.SMTS, ECAP.SSTS) for the parent");
	host_aw = (unsigned)field_get(hi->cap_reg, 21, 16) + 1;
	if (c.aw_bits > host_aw)
		REFUSE("aw-bits is larger than the host IOMMU's address width "
		       "(CAP.MGAW)");
	if ((cap & CAP_FS1GP) && !(hi->cap_reg & CAP_FS1GP))
		REFUSE("fs1gp=on but the host IOMMU lacks FS1GP");
	if ((cap & CAP_FS5LP) && !(hi->cap_reg & CAP_FS5LP))
		REFUSE("aw-bits=57 but the host IOMMU lacks 5-level first-stage "
		       "paging (FS5LP)");
	if ((ecap & ECAP_PASID) && c.pasid_bits > hi->max_pasid_log2)
		REFUSE("the vIOMMU's PASID width is larger than the host's");
#undef REFUSE
	return 0;
}
