/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VT-d translation structures (VT-d chapter 9), decoded from little-endian
 * 64-bit words.  One accessor per spec field; each comment gives the field's
 * absolute bit range within the entry.
 */
#ifndef VVTD_ENTRIES_H
#define VVTD_ENTRIES_H

#include "bits.h"

/* ---- 9.1 legacy root entry, 9.2 scalable-mode root entry (128 bits) ---- */
struct root_entry {
	uint64_t lo, hi;
};

/* P / LP (Bit 0) */
static inline bool root_lo_present(const struct root_entry *re)
{
	return bit_get(re->lo, 0);
}

/* UP (Bit 64), scalable mode only */
static inline bool root_hi_present(const struct root_entry *re)
{
	return bit_get(re->hi, 0);
}

/* CTP / LCTP (Bit 12~63), UCTP (Bit 76~127) */
static inline uint64_t root_ctp(uint64_t half)
{
	return half & GENMASK64(63, 12);
}

/* Legacy: bits 11:1 and 127:64 reserved; scalable: bits 11:1 of each half. */
#define ROOT_HALF_RSVD GENMASK64(11, 1)

/* ---- 9.3 legacy context entry (128 bits) ---- */
struct context_entry {
	uint64_t lo, hi;
};

enum context_tt {
	CTX_TT_MULTI_LEVEL = 0,		/* untranslated requests translated */
	CTX_TT_DEV_IOTLB = 1,		/* plus translation requests (ATS) */
	CTX_TT_PASS_THROUGH = 2,
	CTX_TT_RESERVED = 3,
};

/* P (Bit 0) */
static inline bool ctx_present(const struct context_entry *ce)
{
	return bit_get(ce->lo, 0);
}

/* FPD (Bit 1) */
static inline bool ctx_fpd(const struct context_entry *ce)
{
	return bit_get(ce->lo, 1);
}

/* TT (Bit 2~3) */
static inline unsigned ctx_tt(const struct context_entry *ce)
{
	return (unsigned)field_get(ce->lo, 3, 2);
}

/* SSPTPTR (Bit 12~63) */
static inline uint64_t ctx_ssptptr(const struct context_entry *ce)
{
	return ce->lo & GENMASK64(63, 12);
}

/* AW (Bit 64~66) */
static inline unsigned ctx_aw(const struct context_entry *ce)
{
	return (unsigned)field_get(ce->hi, 2, 0);
}

/* DID (Bit 72~87) */
static inline uint16_t ctx_did(const struct context_entry *ce)
{
	return (uint16_t)field_get(ce->hi, 23, 8);
}

/* Reserved: bits 11:4 (low word, plus bits above HAW), bit 71 and 127:88.
 * Bits 70:67 are ignored (AVL). */
#define CTX_LO_RSVD GENMASK64(11, 4)
#define CTX_HI_RSVD (GENMASK64(63, 24) | BIT64(7))

/* ---- 9.4 scalable-mode context entry (256 bits) ---- */
struct sm_context_entry {
	uint64_t val[4];
};

/* P (Bit 0) */
static inline bool smctx_present(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[0], 0);
}

/* FPD (Bit 1) */
static inline bool smctx_fpd(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[0], 1);
}

/* DTE (Bit 2): device-TLB enable */
static inline bool smctx_dte(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[0], 2);
}

/* PASIDE (Bit 3): requests with PASID enabled */
static inline bool smctx_paside(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[0], 3);
}

/* PRE (Bit 4): page requests enabled */
static inline bool smctx_pre(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[0], 4);
}

/* PDTS (Bit 9~11): PASID directory has 2^(PDTS + 7) entries */
static inline uint32_t smctx_pdir_entries(const struct sm_context_entry *ce)
{
	return UINT32_C(1) << (field_get(ce->val[0], 11, 9) + 7);
}

/* PASIDDIRPTR (Bit 12~63) */
static inline uint64_t smctx_pdirptr(const struct sm_context_entry *ce)
{
	return ce->val[0] & GENMASK64(63, 12);
}

/* RID_PASID (Bit 64~83) */
static inline uint32_t smctx_rid_pasid(const struct sm_context_entry *ce)
{
	return (uint32_t)field_get(ce->val[1], 19, 0);
}

/* RID_PRIV (Bit 84) */
static inline bool smctx_rid_priv(const struct sm_context_entry *ce)
{
	return bit_get(ce->val[1], 20);
}

/* Reserved: bits 8:5 (and bits above HAW), 127:85 (84:64 too when
 * ECAP.RPS is clear, as here), 255:128. */
#define SMCTX_0_RSVD GENMASK64(8, 5)
#define SMCTX_1_RSVD GENMASK64(63, 21)

/* ---- 9.5 PASID directory entry (64 bits) ---- */
/* P (Bit 0) */
static inline bool pdir_present(uint64_t pde)
{
	return bit_get(pde, 0);
}

/* FPD (Bit 1) */
static inline bool pdir_fpd(uint64_t pde)
{
	return bit_get(pde, 1);
}

/* SMPTBLPTR (Bit 12~63) */
static inline uint64_t pdir_ptblptr(uint64_t pde)
{
	return pde & GENMASK64(63, 12);
}

#define PDIR_RSVD GENMASK64(11, 2)

/* ---- 9.6 scalable-mode PASID table entry (512 bits) ---- */
struct pasid_entry {
	uint64_t val[8];
};

enum pgtt {
	PGTT_FIRST_STAGE = 1,
	PGTT_SECOND_STAGE = 2,
	PGTT_NESTED = 3,
	PGTT_PASS_THROUGH = 4,
};

/* P (Bit 0) */
static inline bool pe_present(const struct pasid_entry *pe)
{
	return bit_get(pe->val[0], 0);
}

/* FPD (Bit 1) */
static inline bool pe_fpd(const struct pasid_entry *pe)
{
	return bit_get(pe->val[0], 1);
}

/* AW (Bit 2~4): second-stage adjusted guest address width */
static inline unsigned pe_aw(const struct pasid_entry *pe)
{
	return (unsigned)field_get(pe->val[0], 4, 2);
}

/* SSEE (Bit 5): second-stage execute enable */
static inline bool pe_ssee(const struct pasid_entry *pe)
{
	return bit_get(pe->val[0], 5);
}

/* PGTT (Bit 6~8) */
static inline unsigned pe_pgtt(const struct pasid_entry *pe)
{
	return (unsigned)field_get(pe->val[0], 8, 6);
}

/* SSADE (Bit 9): second-stage accessed/dirty enable */
static inline bool pe_ssade(const struct pasid_entry *pe)
{
	return bit_get(pe->val[0], 9);
}

/* SSPTPTR (Bit 12~63) */
static inline uint64_t pe_ssptptr(const struct pasid_entry *pe)
{
	return pe->val[0] & GENMASK64(63, 12);
}

/* DID (Bit 64~79) */
static inline uint16_t pe_did(const struct pasid_entry *pe)
{
	return (uint16_t)field_get(pe->val[1], 15, 0);
}

/* PWSNP (Bit 87): page-walk snoop */
static inline bool pe_pwsnp(const struct pasid_entry *pe)
{
	return bit_get(pe->val[1], 23);
}

/* PGSNP (Bit 88): page snoop */
static inline bool pe_pgsnp(const struct pasid_entry *pe)
{
	return bit_get(pe->val[1], 24);
}

/* SRE (Bit 128): supervisor requests enable */
static inline bool pe_sre(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 0);
}

/* ERE (Bit 129): execute requests enable */
static inline bool pe_ere(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 1);
}

/* FSPM (Bit 130~131): first-stage paging mode, 0 = 4-level, 1 = 5-level */
static inline unsigned pe_fspm(const struct pasid_entry *pe)
{
	return (unsigned)field_get(pe->val[2], 3, 2);
}

/* WPE (Bit 132): write protect enable */
static inline bool pe_wpe(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 4);
}

/* NXE (Bit 133): no-execute enable */
static inline bool pe_nxe(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 5);
}

/* SMEP (Bit 134): supervisor mode execute prevention */
static inline bool pe_smep(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 6);
}

/* EAFE (Bit 135): extended accessed flag enable */
static inline bool pe_eafe(const struct pasid_entry *pe)
{
	return bit_get(pe->val[2], 7);
}

/* FSPTPTR (Bit 140~191) */
static inline uint64_t pe_fsptptr(const struct pasid_entry *pe)
{
	return pe->val[2] & GENMASK64(63, 12);
}

/* ---- 9.7 first-stage and 9.8 second-stage paging entries ---- */
#define FSPTE_P BIT64(0)
#define FSPTE_RW BIT64(1)
#define FSPTE_US BIT64(2)
#define FSPTE_PWT BIT64(3)
#define FSPTE_PCD BIT64(4)
#define FSPTE_A BIT64(5)
#define FSPTE_D BIT64(6)
#define FSPTE_PS BIT64(7)
#define FSPTE_G BIT64(8)
#define FSPTE_EA BIT64(10)
#define FSPTE_XD BIT64(63)

#define SSPTE_R BIT64(0)
#define SSPTE_W BIT64(1)
#define SSPTE_X BIT64(2)
#define SSPTE_PS BIT64(7)
#define SSPTE_A BIT64(8)
#define SSPTE_D BIT64(9)
#define SSPTE_SNP BIT64(11)
#define SSPTE_TM BIT64(62)

/* Address field of paging entries: bits 51:12 (further limited by HAW). */
#define PTE_ADDR_MASK GENMASK64(51, 12)

#endif /* VVTD_ENTRIES_H */
