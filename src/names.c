/* SPDX-License-Identifier: BSD-3-Clause */
/* Names for error codes and fault reasons. */
#include <errno.h>

#include "fault.h"
#include "internal.h"

const char *vvtd_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EINVAL:
		return "invalid argument";
	case -E2BIG:
		return "structure larger than known with non-zero extra bytes";
	case -EOPNOTSUPP:
		return "operation or flag not supported";
#if ENOTSUP != EOPNOTSUPP
	case -ENOTSUP:
		return "not implemented by vvtd";
#endif
	case -ENOMEM:
		return "out of memory";
	case -EFAULT:
		return "address not backed by guest RAM";
	case -EBUSY:
		return "object busy";
	case -ENOENT:
		return "no such object";
	case -ENODEV:
		return "no such device or capability";
	case -EEXIST:
		return "already exists";
	case -EIO:
		return "host I/O error";
	default:
		return "unknown error";
	}
}

/* VT-d 7.1.3: fault reason encodings, legacy and scalable mode. */
static const char *const reason_names[256] = {
	[FR_ROOT_NOT_PRESENT] = "LRT.2 root entry not present",
	[FR_CTX_NOT_PRESENT] = "LCT.2 context entry not present",
	[FR_CTX_INVALID] = "LCT.4 invalid context entry",
	[FR_ADDR_BEYOND_MGAW] = "LGN.1 address beyond the address width",
	[FR_WRITE] = "LGN.2 write not permitted",
	[FR_READ] = "LGN.3 read not permitted",
	[FR_SS_ACCESS] = "LSL.1 error accessing a second-stage entry",
	[FR_ROOT_ACCESS] = "LRT.1 error accessing the root entry",
	[FR_CTX_ACCESS] = "LCT.1 error accessing the context entry",
	[FR_ROOT_RSVD] = "LRT.3 reserved field set in root entry",
	[FR_CTX_RSVD] = "LCT.3 reserved field set in context entry",
	[FR_SS_RSVD] = "LSL.2 reserved field set in second-stage entry",
	[FR_TT_BLOCKED] = "LCT.5 translation type blocks the request",
	[FR_INTERRUPT_ADDR] = "LGN.4 output address in the interrupt range",
	[FR_RTA_TTM] = "RTA.1 reserved translation table mode",
	[FR_RTA_LEGACY_PASID] = "RTA.2 request with PASID in legacy mode",
	[FR_SM_ROOT_ACCESS] = "SRT.1 error accessing the root entry",
	[FR_SM_ROOT_NOT_PRESENT] = "SRT.2 root entry not present",
	[FR_SM_ROOT_RSVD] = "SRT.3 reserved field set in root entry",
	[FR_SM_CTX_ACCESS] = "SCT.1 error accessing the context entry",
	[FR_SM_CTX_NOT_PRESENT] = "SCT.2 context entry not present",
	[FR_SM_CTX_RSVD] = "SCT.3 reserved field set in context entry",
	[FR_SM_CTX_INVALID] = "SCT.4 invalid context entry",
	[FR_SM_CTX_DTE] = "SCT.5 DTE clear for a translation request",
	[FR_SM_CTX_PASIDE] = "SCT.6 PASIDE clear for a request with PASID",
	[FR_SM_CTX_PDTS] = "SCT.7 PASID beyond the PASID directory size",
	[FR_SM_CTX_PRE] = "SCT.8 PRE clear for a page request",
	[FR_SM_CTX_RID_PASID] = "SCT.9 RID_PASID field error",
	[FR_PDIR_ACCESS] = "SPD.1 error accessing the PASID directory entry",
	[FR_PDIR_NOT_PRESENT] = "SPD.2 PASID directory entry not present",
	[FR_PDIR_RSVD] = "SPD.3 reserved field set in PASID directory entry",
	[FR_PE_ACCESS] = "SPT.1 error accessing the PASID entry",
	[FR_PE_NOT_PRESENT] = "SPT.2 PASID entry not present",
	[FR_PE_RSVD] = "SPT.3 reserved field set in PASID entry",
	[FR_PE_INVALID] = "SPT.4 invalid PASID entry",
	[FR_PE_ERE] = "SPT.5 ERE clear for an execute request",
	[FR_PE_SRE] = "SPT.6 SRE clear for a supervisor request",
	[FR_FS_ACCESS] = "SFS.1 error accessing a first-stage entry",
	[FR_FS_NOT_PRESENT] = "SFS.2 first-stage entry not present",
	[FR_FS_RSVD] = "SFS.3 reserved field set in first-stage entry",
	[FR_FS_PTR] = "SFS.4 invalid first-stage table pointer",
	[FR_SM_SS_ACCESS] = "SSS.1 error accessing a second-stage entry",
	[FR_SM_SS_NOT_PRESENT] =
		"SSS.2 second-stage read/write permission error",
	[FR_SM_SS_RSVD] = "SSS.3 reserved field set in second-stage entry",
	[FR_SM_SS_PTR] = "SSS.4 invalid second-stage table pointer",
	[FR_NON_CANONICAL] = "SGN.1 non-canonical first-stage address",
	[FR_US] = "SGN.2 user request to a supervisor page",
	[FR_EXEC] = "SGN.3 execute not permitted",
	[FR_SM_ADDR_BEYOND_AW] = "SGN.4 address beyond the address width",
	[FR_SM_WRITE] = "SGN.6 write not permitted",
	[FR_SM_READ] = "SGN.7 read not permitted",
	[FR_SM_INTERRUPT_ADDR] = "SGN.8 output address in the interrupt range",
	[FR_FS_AD_UPDATE] = "SFS.10 first-stage A/D update failed",
};

const char *vvtd_fault_reason_name(uint8_t reason)
{
	return reason_names[reason] ? reason_names[reason]
				    : "unknown fault reason";
}

const char *vvtd_version_string(void)
{
	return VVTD_VERSION_STRING;
}
