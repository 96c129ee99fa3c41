/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Primary fault recording (VT-d 7.2.1) and the fault event (7.3.1).
 *
 * Faults go to the fault recording registers in ring order starting at
 * next_frcd.  If that register still holds a fault (F=1) the new fault is
 * dropped and FSTS.PFO is set; until software clears PFO no fault is
 * recorded.  FSTS.PPF is the OR of the F bits and FSTS.FRI
 * names the register where recording left off when PPF became set.
 *
 * The fault event is an edge: it is generated when a status condition (PFO,
 * PPF, IQE, ICE, ITE) becomes set while none was set.  FECTL.IP then latches
 * it; with FECTL.IM clear the MSI is sent at once and IP clears, with IM set
 * it stays pending until software clears IM.  IP also clears once software
 * has cleared every status condition.
 */
#include "fault.h"
#include "internal.h"

#define FSTS_EVENT_CONDITIONS (FSTS_PFO | FSTS_PPF | FSTS_IQE | FSTS_ICE | \
			       FSTS_ITE)

/*
 * Qualified faults (7.1.2): the ones FPD=1 suppresses.  They are the faults
 * detected at or below the entry carrying the FPD bit: context entry not
 * present onwards in legacy mode; in scalable mode the context, PASID and
 * paging-structure faults.  Root-table faults are never qualified (no FPD
 * has been read yet) and neither are errors reading a structure.
 */
bool fault_is_qualified(uint8_t reason)
{
	switch (reason) {
	case FR_CTX_NOT_PRESENT:
	case FR_CTX_INVALID:
	case FR_ADDR_BEYOND_MGAW:
	case FR_WRITE:
	case FR_READ:
	case FR_SS_ACCESS:
	case FR_CTX_RSVD:
	case FR_SS_RSVD:
	case FR_TT_BLOCKED:
	case FR_INTERRUPT_ADDR:
	case FR_SM_CTX_NOT_PRESENT:
	case FR_SM_CTX_RSVD:
	case FR_SM_CTX_INVALID:
	case FR_SM_CTX_DTE:
	case FR_SM_CTX_PASIDE:
	case FR_SM_CTX_PDTS:
	case FR_SM_CTX_PRE:
	case FR_SM_CTX_RID_PASID:
	case FR_PDIR_NOT_PRESENT:
	case FR_PDIR_RSVD:
	case FR_PE_NOT_PRESENT:
	case FR_PE_RSVD:
	case FR_PE_INVALID:
	case FR_PE_ERE:
	case FR_PE_SRE:
	case FR_FS_ACCESS:
	case FR_FS_NOT_PRESENT:
	case FR_FS_RSVD:
	case FR_FS_PTR:
	case FR_SM_SS_ACCESS:
	case FR_SM_SS_NOT_PRESENT:
	case FR_SM_SS_RSVD:
	case FR_SM_SS_PTR:
	case FR_NON_CANONICAL:
	case FR_US:
	case FR_EXEC:
	case FR_SM_ADDR_BEYOND_AW:
	case FR_SM_WRITE:
	case FR_SM_READ:
	case FR_SM_INTERRUPT_ADDR:
	case FR_FS_AD_UPDATE:
		return true;
	default:
		return false;
	}
}

static uint64_t frcd_hi_off(unsigned i)
{
	return REG_FRCD0 + 16 * (uint64_t)i + 8;
}

static bool frcd_pending(struct vvtd *v, unsigned i)
{
	return reg_get64(v, frcd_hi_off(i)) & FRCD_HI_F;
}

/* Generate the fault event if no condition was pending before. */
static void fault_event_raise(struct vvtd *v, uint32_t fsts_before)
{
	uint32_t fectl;

	if (fsts_before & FSTS_EVENT_CONDITIONS)
		return;
	fectl = reg_get32(v, REG_FECTL);
	if (fectl & ECTL_IP)
		return;
	if (fectl & ECTL_IM) {
		reg_update32(v, REG_FECTL, 0, (uint32_t)ECTL_IP);
		return;
	}
	msi_raise_locked(v, MSI_FAULT_EVENT,
			 (uint64_t)reg_get32(v, REG_FEUADDR) << 32 |
				 reg_get32(v, REG_FEADDR),
			 reg_get32(v, REG_FEDATA));
}

/* Set status bits of FSTS as hardware does, raising the event. */
static void fsts_set(struct vvtd *v, uint32_t bits)
{
	uint32_t before = reg_get32(v, REG_FSTS);

	reg_set32(v, REG_FSTS, before | bits);
	if (bits & ~before)
		fault_event_raise(v, before);
}

/* Recompute PPF after F bits changed; clear IP when nothing is pending. */
static void fsts_update_ppf(struct vvtd *v)
{
	bool any = false;

	for (unsigned i = 0; i < v->nfr && !any; i++)
		any = frcd_pending(v, i);
	if (!any)
		reg_update32(v, REG_FSTS, (uint32_t)FSTS_PPF, 0);
	if (!(reg_get32(v, REG_FSTS) & FSTS_EVENT_CONDITIONS))
		reg_update32(v, REG_FECTL, (uint32_t)ECTL_IP, 0);
}

/*
 * A fault already pending for the same requester, PASID (or none), reason
 * and page is not recorded a second time (7.2.1: hardware may suppress
 * recording of a fault that duplicates an unserviced one).
 */
static bool fault_is_duplicate(struct vvtd *v, const struct fault_info *fi)
{
	for (unsigned i = 0; i < v->nfr; i++) {
		uint64_t hi = reg_get64(v, frcd_hi_off(i));
		uint64_t lo = reg_get64(v, frcd_hi_off(i) - 8);
		bool pp = (hi & FRCD_HI_PP) != 0;

		if ((hi & FRCD_HI_F) &&
		    field_get(hi, 15, 0) == fi->sid &&
		    field_get(hi, 39, 32) == fi->reason &&
		    pp == fi->has_pasid &&
		    (!pp || field_get(hi, 59, 40) == fi->pasid) &&
		    (lo & GENMASK64(63, 12)) == (fi->addr & GENMASK64(63, 12)))
			return true;
	}
	return false;
}

unsigned fault_report_locked(struct vvtd *v, const struct fault_info *fi)
{
	unsigned i = v->next_frcd;
	uint64_t hi;

	if (fi->fpd && fault_is_qualified(fi->reason)) {
		v->stats.faults_suppressed++;
		return VVTD_FAULT_SUPPRESSED;
	}
	if (fault_is_duplicate(v, fi)) {
		v->stats.faults_duplicate++;
		return VVTD_FAULT_DUPLICATE;
	}
	/* 11.4.7.1: while PFO is set no new fault is recorded; a full ring
	 * sets it. */
	if ((reg_get32(v, REG_FSTS) & FSTS_PFO) || frcd_pending(v, i)) {
		v->stats.faults_overflowed++;
		guest_error(v, "fault recording registers full: fault 0x%02x "
			       "sid 0x%04x addr 0x%llx dropped (PFO)",
			    fi->reason, fi->sid,
			    (unsigned long long)fi->addr);
		fsts_set(v, (uint32_t)FSTS_PFO);
		return VVTD_FAULT_OVERFLOW;
	}

	/* 11.4.14: T1 (bit 126) is 1 for a read, 0 for a write; T2 (bit 92)
	 * and AT stay 0 for untranslated requests. */
	hi = FRCD_HI_F | field_prep(fi->sid, 15, 0) |
	     field_prep(fi->reason, 39, 32);
	if (fi->access & VVTD_ACCESS_READ)
		hi |= FRCD_HI_T1;
	if (fi->has_pasid) {
		hi |= FRCD_HI_PP | field_prep(fi->pasid, 59, 40);
		if (fi->access & VVTD_ACCESS_PRIV)
			hi |= FRCD_HI_PRIV;
		if (fi->access & VVTD_ACCESS_EXEC)
			hi |= FRCD_HI_EXE;
	}
	reg_set64(v, frcd_hi_off(i) - 8, fi->addr & GENMASK64(63, 12));
	reg_set64(v, frcd_hi_off(i), hi);
	v->next_frcd = (i + 1) % v->nfr;
	v->stats.faults_recorded++;

	if (!(reg_get32(v, REG_FSTS) & FSTS_PPF))
		reg_update32(v, REG_FSTS, (uint32_t)GENMASK64(15, 8),
			     (uint32_t)field_prep(i, 15, 8));
	fsts_set(v, (uint32_t)FSTS_PPF);
	return VVTD_FAULT_RECORDED;
}

void fault_fsts_written_locked(struct vvtd *v)
{
	fsts_update_ppf(v);
}

void fault_frcd_written_locked(struct vvtd *v)
{
	fsts_update_ppf(v);
}

void fault_fectl_written_locked(struct vvtd *v, uint32_t old)
{
	uint32_t fectl = reg_get32(v, REG_FECTL);

	if ((old & ECTL_IM) && !(fectl & ECTL_IM) && (fectl & ECTL_IP)) {
		reg_update32(v, REG_FECTL, (uint32_t)ECTL_IP, 0);
		msi_raise_locked(v, MSI_FAULT_EVENT,
				 (uint64_t)reg_get32(v, REG_FEUADDR) << 32 |
					 reg_get32(v, REG_FEADDR),
				 reg_get32(v, REG_FEDATA));
	}
}

void fault_reset_locked(struct vvtd *v)
{
	v->next_frcd = 0;
}

void fault_set_fsts_locked(struct vvtd *v, uint32_t bits)
{
	fsts_set(v, bits);
}
