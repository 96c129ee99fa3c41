/* SPDX-License-Identifier: BSD-3-Clause */
/* Fault reasons (VT-d 7.1.3, Table 26/27 of rev 3.x) and fault recording. */
#ifndef VVTD_FAULT_H
#define VVTD_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct vvtd;

enum fault_reason {
	FR_NONE = 0,
	/* legacy mode (TTM = 00b) */
	FR_ROOT_NOT_PRESENT = 0x01,	/* LRT.2 */
	FR_CTX_NOT_PRESENT = 0x02,	/* LCT.2 */
	FR_CTX_INVALID = 0x03,		/* LCT.4 */
	FR_ADDR_BEYOND_MGAW = 0x04,	/* LGN.1 */
	FR_WRITE = 0x05,		/* LGN.2 */
	FR_READ = 0x06,			/* LGN.3 */
	FR_SS_ACCESS = 0x07,		/* LSL.1 */
	FR_ROOT_ACCESS = 0x08,		/* LRT.1 */
	FR_CTX_ACCESS = 0x09,		/* LCT.1 */
	FR_ROOT_RSVD = 0x0A,		/* LRT.3 */
	FR_CTX_RSVD = 0x0B,		/* LCT.3 */
	FR_SS_RSVD = 0x0C,		/* LSL.2 */
	FR_TT_BLOCKED = 0x0D,		/* LCT.5 */
	FR_INTERRUPT_ADDR = 0x0E,	/* LGN.4 */
	/* scalable mode (TTM = 01b) and root-table faults */
	FR_RTA_TTM = 0x30,		/* RTA.1 */
	FR_RTA_LEGACY_PASID = 0x31,	/* RTA.2 */
	FR_SM_ROOT_ACCESS = 0x38,	/* SRT.1 */
	FR_SM_ROOT_NOT_PRESENT = 0x39,	/* SRT.2 */
	FR_SM_ROOT_RSVD = 0x3A,		/* SRT.3 */
	FR_SM_CTX_ACCESS = 0x40,	/* SCT.1 */
	FR_SM_CTX_NOT_PRESENT = 0x41,	/* SCT.2 */
	FR_SM_CTX_RSVD = 0x42,		/* SCT.3 */
	FR_SM_CTX_INVALID = 0x43,	/* SCT.4 */
	FR_SM_CTX_DTE = 0x44,		/* SCT.5 */
	FR_SM_CTX_PASIDE = 0x45,	/* SCT.6 */
	FR_SM_CTX_PDTS = 0x46,		/* SCT.7 */
	FR_SM_CTX_PRE = 0x47,		/* SCT.8 */
	FR_SM_CTX_RID_PASID = 0x48,	/* SCT.9 */
	FR_PDIR_ACCESS = 0x50,		/* SPD.1 */
	FR_PDIR_NOT_PRESENT = 0x51,	/* SPD.2 */
	FR_PDIR_RSVD = 0x52,		/* SPD.3 */
	FR_PE_ACCESS = 0x58,		/* SPT.1 */
	FR_PE_NOT_PRESENT = 0x59,	/* SPT.2 */
	FR_PE_RSVD = 0x5A,		/* SPT.3 */
	FR_PE_INVALID = 0x5B,		/* SPT.4 */
	FR_PE_ERE = 0x5C,		/* SPT.5 */
	FR_PE_SRE = 0x5D,		/* SPT.6 */
	FR_FS_ACCESS = 0x70,		/* SFS.1 */
	FR_FS_NOT_PRESENT = 0x71,	/* SFS.2 */
	FR_FS_RSVD = 0x72,		/* SFS.3 */
	FR_FS_PTR = 0x73,		/* SFS.4 */
	FR_SM_SS_ACCESS = 0x78,		/* SSS.1 */
	FR_SM_SS_NOT_PRESENT = 0x79,	/* SSS.2 */
	FR_SM_SS_RSVD = 0x7A,		/* SSS.3 */
	FR_SM_SS_PTR = 0x7B,		/* SSS.4 */
	FR_NON_CANONICAL = 0x80,	/* SGN.1 */
	FR_US = 0x81,			/* SGN.2 */
	FR_EXEC = 0x82,			/* SGN.3 */
	FR_SM_ADDR_BEYOND_AW = 0x83,	/* SGN.4 */
	FR_SM_WRITE = 0x85,		/* SGN.6 */
	FR_SM_READ = 0x86,		/* SGN.7 */
	FR_SM_INTERRUPT_ADDR = 0x87,	/* SGN.8 */
	FR_FS_AD_UPDATE = 0x91,		/* SFS.10 */
};

/* What a faulting request looked like, for the fault record. */
struct fault_info {
	uint16_t sid;
	uint8_t reason;
	bool has_pasid;
	uint32_t pasid;
	uint64_t addr;		/* faulting input address */
	unsigned access;	/* enum vvtd_access */
	bool fpd;		/* FPD=1 in a structure already walked */
};

/*
 * fault_report_locked() - record a translation fault (VT-d 7.2), honouring
 * FPD for qualified faults.  Returns enum vvtd_fault_flags.
 */
unsigned fault_report_locked(struct vvtd *v, const struct fault_info *fi);

/* Is @reason a qualified fault, one that FPD=1 suppresses (VT-d 7.1.2)? */
bool fault_is_qualified(uint8_t reason);

/* FSTS write (RW1C bits already applied to the register file). */
void fault_fsts_written_locked(struct vvtd *v);
/* FECTL written: an IM 1 -> 0 transition with IP set sends the event. */
void fault_fectl_written_locked(struct vvtd *v, uint32_t old);
/* A write to the upper half of a FRCD register (clears F if written 1). */
void fault_frcd_written_locked(struct vvtd *v);
/* Set FSTS status bits (IQE, ICE, ITE) as hardware, raising the event. */
void fault_set_fsts_locked(struct vvtd *v, uint32_t bits);
/* Reset the fault recording state (registers are reset by the caller). */
void fault_reset_locked(struct vvtd *v);

#endif /* VVTD_FAULT_H */
