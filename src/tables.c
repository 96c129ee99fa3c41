/* SPDX-License-Identifier: BSD-3-Clause */
/* Root, context, PASID-directory and PASID entries (VT-d 9.1-9.6). */
#include "entries.h"
#include "fault.h"
#include "internal.h"
#include "tables.h"

/* Pointer bits at or above the host address width: reserved (9.x). */
static uint64_t above_haw(const struct vvtd *v)
{
	return addr_above_mask(v->haw);
}

unsigned aw_to_levels(const struct vvtd *v, unsigned aw)
{
	uint64_t sagaw = field_get(v->cap, 12, CAP_SAGAW_SHIFT);

	if (aw < 1 || aw > 3 || !(sagaw & (UINT64_C(1) << aw)))
		return 0;
	return aw + 2;
}

/* Read the 128-bit root entry for @bus. */
static int root_fetch(struct vvtd *v, uint8_t bus, struct root_entry *re)
{
	uint64_t w[2];

	if (gmem_read_u64s(v, v->root_table + 16 * (uint64_t)bus, w, 2))
		return -1;
	re->lo = w[0];
	re->hi = w[1];
	return 0;
}

/*
 * Legacy mode (9.1, 9.3).  TT=01b needs ECAP.DT, TT=10b needs ECAP.PT and
 * TT=11b is reserved: "invalid context entry"; so is an AW that SAGAW does
 * not offer, except for pass-through where no table is walked.
 */
uint8_t ctx_fetch_legacy(struct vvtd *v, uint16_t sid,
			 struct ctx_cache_entry *e, bool *fpd)
{
	struct root_entry re;
	struct context_entry ce;
	uint64_t w[2];
	unsigned tt;

	*fpd = false;
	if (root_fetch(v, (uint8_t)(sid >> 8), &re))
		return FR_ROOT_ACCESS;
	if (!root_lo_present(&re))
		return FR_ROOT_NOT_PRESENT;
	if ((re.lo & (ROOT_HALF_RSVD | above_haw(v))) || re.hi)
		return FR_ROOT_RSVD;
	if (gmem_read_u64s(v, root_ctp(re.lo) + 16 * (uint64_t)(sid & 0xff),
			   w, 2))
		return FR_CTX_ACCESS;
	ce.lo = w[0];
	ce.hi = w[1];
	*fpd = ctx_fpd(&ce);
	if (!ctx_present(&ce))
		return FR_CTX_NOT_PRESENT;
	tt = ctx_tt(&ce);
	if ((ce.lo & CTX_LO_RSVD) || (ce.hi & CTX_HI_RSVD) ||
	    (tt != CTX_TT_PASS_THROUGH && (ce.lo & above_haw(v))))
		return FR_CTX_RSVD;
	if (tt == CTX_TT_RESERVED ||
	    (tt == CTX_TT_DEV_IOTLB && !(v->ecap & ECAP_DT)) ||
	    (tt == CTX_TT_PASS_THROUGH && !(v->ecap & ECAP_PT)) ||
	    (tt != CTX_TT_PASS_THROUGH && !aw_to_levels(v, ctx_aw(&ce))))
		return FR_CTX_INVALID;

	*e = (struct ctx_cache_entry){
		.key = CTX_KEY(sid),
		.sid = sid,
		.did = ctx_did(&ce),
		.fpd = *fpd,
		.tt = (uint8_t)tt,
		.levels = (uint8_t)aw_to_levels(v, ctx_aw(&ce)),
		.ssptptr = ctx_ssptptr(&ce),
	};
	return FR_NONE;
}

/*
 * Scalable mode (9.2, 9.4).  Fields for features the instance does not
 * report are reserved: DTE without ECAP.DT, PASIDE without ECAP.PASID, PRE
 * (no ECAP.PRS), and RID_PASID/RID_PRIV (no ECAP.RPS, so requests without
 * PASID use PASID 0).
 */
uint8_t ctx_fetch_scalable(struct vvtd *v, uint16_t sid,
			   struct ctx_cache_entry *e, bool *fpd)
{
	unsigned devfn = sid & 0xff;
	struct sm_context_entry ce;
	struct root_entry re;
	uint64_t half, rsvd0;

	*fpd = false;
	if (root_fetch(v, (uint8_t)(sid >> 8), &re))
		return FR_SM_ROOT_ACCESS;
	half = devfn < 128 ? re.lo : re.hi;
	if (!bit_get(half, 0))
		return FR_SM_ROOT_NOT_PRESENT;
	if (half & (ROOT_HALF_RSVD | above_haw(v)))
		return FR_SM_ROOT_RSVD;
	if (gmem_read_u64s(v, root_ctp(half) + 32 * (uint64_t)(devfn & 0x7f),
			   ce.val, 4))
		return FR_SM_CTX_ACCESS;
	*fpd = smctx_fpd(&ce);
	if (!smctx_present(&ce))
		return FR_SM_CTX_NOT_PRESENT;
	rsvd0 = SMCTX_0_RSVD | above_haw(v) | BIT64(4);	/* PRE */
	if (!(v->ecap & ECAP_DT))
		rsvd0 |= BIT64(2);			/* DTE */
	if (!(v->ecap & ECAP_PASID))
		rsvd0 |= BIT64(3);			/* PASIDE */
	if ((ce.val[0] & rsvd0) || ce.val[1] || ce.val[2] || ce.val[3])
		return FR_SM_CTX_RSVD;

	*e = (struct ctx_cache_entry){
		.key = CTX_KEY(sid),
		.scalable = true,
		.sid = sid,
		.fpd = *fpd,
		.dte = smctx_dte(&ce),
		.paside = smctx_paside(&ce),
		.pre = smctx_pre(&ce),
		.pdir_entries = smctx_pdir_entries(&ce),
		.rid_pasid = 0,
		.pdirptr = smctx_pdirptr(&ce),
	};
	return FR_NONE;
}

/*
 * PASID entry validation (9.6).  Reserved: qword 0 bits 11:10, SSADE (no
 * ECAP.SSADS), SSEE (no execute requests, ECAP.ERS = 0); qword 1 bits 22:16,
 * PGSNP without ECAP.SC and the memory-type fields 63:25 (no ECAP.MTS);
 * qword 2 bits 11:8, ERE, NXE and SMEP (ECAP.ERS = 0), EAFE without
 * ECAP.EAFS; qwords 3-7; and the bits above HAW of the table pointer the
 * PGTT uses.  Invalid: a PGTT the instance does not offer (nested never
 * is), FSPM values other than 4-level (and 5-level with CAP.FS5LP), and a
 * second-stage AW not in SAGAW.
 */
uint8_t pasid_entry_check(const struct vvtd *v, const struct pasid_entry *pe)
{
	uint64_t rsvd0 = GENMASK64(11, 10) | BIT64(9) | BIT64(5);
	uint64_t rsvd1 = GENMASK64(22, 16) | GENMASK64(63, 25);
	uint64_t rsvd2 = GENMASK64(11, 8) | BIT64(1) | BIT64(5) | BIT64(6);
	unsigned pgtt = pe_pgtt(pe);

	if (!(v->ecap & ECAP_SC))
		rsvd1 |= BIT64(24);
	if (!(v->ecap & ECAP_EAFS))
		rsvd2 |= BIT64(7);
	if (pgtt == PGTT_SECOND_STAGE)
		rsvd0 |= above_haw(v);
	if (pgtt == PGTT_FIRST_STAGE)
		rsvd2 |= above_haw(v);
	if ((pe->val[0] & rsvd0) || (pe->val[1] & rsvd1) ||
	    (pe->val[2] & rsvd2) || pe->val[3] || pe->val[4] || pe->val[5] ||
	    pe->val[6] || pe->val[7])
		return FR_PE_RSVD;

	switch (pgtt) {
	case PGTT_FIRST_STAGE:
		if (!(v->ecap & ECAP_FSTS))
			return FR_PE_INVALID;
		if (pe_fspm(pe) > 1 ||
		    (pe_fspm(pe) == 1 && !(v->cap & CAP_FS5LP)))
			return FR_PE_INVALID;
		return FR_NONE;
	case PGTT_SECOND_STAGE:
		if (!(v->ecap & ECAP_SSTS) || !aw_to_levels(v, pe_aw(pe)))
			return FR_PE_INVALID;
		return FR_NONE;
	case PGTT_PASS_THROUGH:
		return (v->ecap & ECAP_PT) ? FR_NONE : FR_PE_INVALID;
	default:
		return FR_PE_INVALID;
	}
}

/* PASID directory (9.5) and table (9.6): 64 PASID entries per table. */
uint8_t pasid_fetch(struct vvtd *v, const struct ctx_cache_entry *ce,
		    uint16_t sid, uint32_t pasid, struct pasid_cache_entry *e,
		    bool *fpd)
{
	struct pasid_entry pe;
	uint64_t pde;
	uint8_t fr;

	if ((pasid >> 6) >= ce->pdir_entries)
		return FR_SM_CTX_PDTS;
	if (gmem_read_u64s(v, ce->pdirptr + 8 * (uint64_t)(pasid >> 6), &pde,
			   1))
		return FR_PDIR_ACCESS;
	*fpd |= pdir_fpd(pde);
	if (!pdir_present(pde))
		return FR_PDIR_NOT_PRESENT;
	if (pde & (PDIR_RSVD | above_haw(v)))
		return FR_PDIR_RSVD;
	if (gmem_read_u64s(v, pdir_ptblptr(pde) + 64 * (uint64_t)(pasid & 63),
			   pe.val, 8))
		return FR_PE_ACCESS;
	*fpd |= pe_fpd(&pe);
	if (!pe_present(&pe))
		return FR_PE_NOT_PRESENT;
	fr = pasid_entry_check(v, &pe);
	if (fr)
		return fr;

	*e = (struct pasid_cache_entry){
		.valid = true,
		.sid = sid,
		.pasid = pasid,
		.did = pe_did(&pe),
		.fpd = *fpd,
		.pe = pe,
	};
	return FR_NONE;
}
