/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page walks.
 *
 * Second stage (VT-d 3.7, 9.8): 3, 4 or 5 levels of 512 entries; an entry is
 * present when R or W is set; PS=1 maps a 2 MiB (level 2) or 1 GiB (level 3)
 * page where CAP.SLLPS allows it.  Read, write and execute permissions are
 * the AND over all levels.
 *
 * First stage (VT-d 3.6, 9.7): IA-32e 4- or 5-level paging.  Inputs must be
 * canonical; P, R/W, U/S and XD combine over the levels as on the CPU; PS
 * maps 2 MiB pages and, with CAP.FS1GP, 1 GiB pages.  Accessed is set on
 * every entry used (and EA with EAFE), Dirty on the leaf of a write, each by
 * compare-exchange so a racing guest CPU update is not lost.
 */
#include <errno.h>

#include "cache.h"
#include "entries.h"
#include "fault.h"
#include "internal.h"
#include "walk.h"

/* A walk restarts when a compare-exchange loses a race; bounded. */
#define FS_WALK_RETRIES 16

static unsigned level_index(uint64_t iova, unsigned level)
{
	return (unsigned)((iova >> level_shift(level)) & 511);
}

/* Address bits of an entry that exceed the host address width. */
static uint64_t haw_rsvd(const struct vvtd *v)
{
	return GENMASK64(51, 12) & addr_above_mask(v->haw);
}

/* ---- second stage ---- */

/*
 * Reserved bits of a second-stage entry at @level (9.8): bits above HAW,
 * bit 11 (SNP: allowed in leaves with ECAP.SC or in scalable mode), PS at
 * levels 4 and 5, the address bits below a large page, and TM (62) without
 * device-TLB support.
 */
static uint64_t ss_rsvd(const struct vvtd *v, unsigned level, bool leaf,
			bool scalable)
{
	uint64_t rsvd = haw_rsvd(v) | SSPTE_SNP;

	if (!(v->ecap & ECAP_DT))
		rsvd |= SSPTE_TM;
	if (leaf && (scalable || (v->ecap & ECAP_SC)))
		rsvd &= ~SSPTE_SNP;
	if (level >= 4)
		rsvd |= SSPTE_PS;
	if (leaf && level > 1)
		rsvd |= GENMASK64(level_shift(level) - 1, 12);
	return rsvd;
}

static bool ss_large_page_ok(const struct vvtd *v, unsigned level)
{
	return (level == 2 && (v->cap & CAP_SLLPS_2M)) ||
	       (level == 3 && (v->cap & CAP_SLLPS_1G));
}

/* Legacy mode reports both cases as LGN.2/LGN.3; scalable mode has SSL.2
 * for an entry with R=W=0 and SGN.6/SGN.7 for a denied access to a
 * present mapping (VT-d 7.1.3). */
uint8_t ss_not_present_fault(unsigned access, bool scalable)
{
	if (scalable)
		return FR_SM_SS_NOT_PRESENT;
	return (access & VVTD_ACCESS_WRITE) ? FR_WRITE : FR_READ;
}

uint8_t ss_access_fault(unsigned access, unsigned attrs, bool scalable)
{
	if ((access & VVTD_ACCESS_WRITE) && !(attrs & ATTR_W))
		return scalable ? FR_SM_WRITE : FR_WRITE;
	if ((access & VVTD_ACCESS_READ) && !(attrs & ATTR_R))
		return scalable ? FR_SM_READ : FR_READ;
	return FR_NONE;
}

void ss_walk(struct vvtd *v, const struct ss_walk_params *p, uint64_t iova,
	     unsigned access, struct walk_result *r)
{
	const uint8_t fr_access = p->scalable ? FR_SM_SS_ACCESS : FR_SS_ACCESS;
	const uint8_t fr_rsvd = p->scalable ? FR_SM_SS_RSVD : FR_SS_RSVD;
	unsigned width = 12 + 9 * p->levels;
	unsigned attrs = ATTR_R | ATTR_W | ATTR_X;
	uint64_t table = p->root;

	r->fault = FR_NONE;
	r->not_present = false;
	if (width > v->haw)
		width = v->haw;
	if (iova & addr_above_mask(width)) {
		r->fault = p->scalable ? FR_SM_ADDR_BEYOND_AW
				       : FR_ADDR_BEYOND_MGAW;
		return;
	}
	for (unsigned level = p->levels; level >= 1; level--) {
		uint64_t pte;
		bool leaf;

		if (gmem_read_u64s(v, table + 8 * level_index(iova, level),
				   &pte, 1)) {
			r->fault = fr_access;
			return;
		}
		if (!(pte & SSPTE_R))
			attrs &= ~ATTR_R;
		if (!(pte & SSPTE_W))
			attrs &= ~ATTR_W;
		if (!(pte & SSPTE_X))
			attrs &= ~ATTR_X;
		if (!(pte & (SSPTE_R | SSPTE_W))) {
			r->fault = ss_not_present_fault(access, p->scalable);
			r->not_present = true;
			return;
		}
		leaf = level == 1 || (level <= 3 && (pte & SSPTE_PS));
		if ((pte & ss_rsvd(v, level, leaf, p->scalable)) ||
		    (leaf && level > 1 && !ss_large_page_ok(v, level))) {
			r->fault = fr_rsvd;
			return;
		}
		if (leaf) {
			r->fault = ss_access_fault(access, attrs, p->scalable);
			r->out = pte & GENMASK64(51, level_shift(level));
			r->level = (uint8_t)level;
			r->attrs = (uint8_t)attrs;
			return;
		}
		table = pte & PTE_ADDR_MASK;
	}
}

/* ---- first stage ---- */

static bool fs_canonical(uint64_t iova, unsigned levels)
{
	unsigned top = 12 + 9 * levels - 1;	/* 47 or 56 */
	uint64_t upper = iova >> top;

	return upper == 0 || upper == (~UINT64_C(0) >> top);
}

/*
 * Reserved bits of a first-stage entry (9.7): address bits above HAW; PS in
 * PML5E and PML4E; PS in a PDPE without CAP.FS1GP; the address bits 29:13 or
 * 20:13 of a 1 GiB or 2 MiB page (bit 12 is PAT there).
 */
static uint64_t fs_rsvd(const struct vvtd *v, unsigned level, bool leaf)
{
	uint64_t rsvd = haw_rsvd(v);

	if (level >= 4)
		rsvd |= FSPTE_PS;
	if (leaf && level > 1)
		rsvd |= GENMASK64(level_shift(level) - 1, 13);
	return rsvd;
}

uint8_t fs_access_fault(unsigned access, unsigned attrs, bool wpe)
{
	bool user = !(access & VVTD_ACCESS_PRIV);

	/* 3.6.2: a user request needs U/S=1 at every level. */
	if (user && !(attrs & ATTR_US))
		return FR_US;
	/* Writes need R/W=1 at every level, for supervisor requests only
	 * when WPE=1. */
	if ((access & VVTD_ACCESS_WRITE) && !(attrs & ATTR_W) &&
	    (user || wpe))
		return FR_SM_WRITE;
	if ((access & VVTD_ACCESS_EXEC) && (attrs & ATTR_XD))
		return FR_EXEC;
	return FR_NONE;
}

/* Set @bits in the entry at @gpa, which held @pte.  0, -EAGAIN when the entry
 * changed under us (the walk restarts) or -EFAULT. */
static int fs_set_bits(struct vvtd *v, uint64_t gpa, uint64_t pte,
		       uint64_t bits)
{
	uint64_t expected = pte;

	if ((pte & bits) == bits)
		return 0;
	return gmem_cmpxchg64(v, gpa, &expected, pte | bits);
}

/* One attempt; returns -EAGAIN when an A/D update raced. */
static int fs_walk_once(struct vvtd *v, const struct fs_walk_params *p,
			uint64_t iova, unsigned access, struct walk_result *r)
{
	uint64_t accessed = FSPTE_A | (p->eafe ? FSPTE_EA : 0);
	unsigned attrs = ATTR_R | ATTR_W | ATTR_US;
	uint64_t table = p->root;

	for (unsigned level = p->levels; level >= 1; level--) {
		uint64_t gpa = table + 8 * level_index(iova, level);
		uint64_t pte;
		bool leaf;
		int rc;

		if (gmem_read_u64s(v, gpa, &pte, 1)) {
			r->fault = FR_FS_ACCESS;
			return 0;
		}
		if (!(pte & FSPTE_P)) {
			r->fault = FR_FS_NOT_PRESENT;
			r->not_present = true;
			return 0;
		}
		leaf = level == 1 || (level <= 3 && (pte & FSPTE_PS));
		if ((pte & fs_rsvd(v, level, leaf)) ||
		    (leaf && level == 3 && !(v->cap & CAP_FS1GP))) {
			r->fault = FR_FS_RSVD;
			return 0;
		}
		if (!(pte & FSPTE_RW))
			attrs &= ~ATTR_W;
		if (!(pte & FSPTE_US))
			attrs &= ~ATTR_US;
		if (pte & FSPTE_XD)
			attrs |= ATTR_XD;
		rc = fs_set_bits(v, gpa, pte, accessed);
		if (rc == -EAGAIN)
			return rc;
		if (rc) {
			r->fault = FR_FS_AD_UPDATE;
			return 0;
		}
		pte |= accessed;
		if (!leaf) {
			table = pte & PTE_ADDR_MASK;
			continue;
		}
		r->fault = fs_access_fault(access, attrs, p->wpe);
		if (r->fault)
			return 0;
		if (access & VVTD_ACCESS_WRITE) {
			rc = fs_set_bits(v, gpa, pte, FSPTE_D);
			if (rc == -EAGAIN)
				return rc;
			if (rc) {
				r->fault = FR_FS_AD_UPDATE;
				return 0;
			}
			pte |= FSPTE_D;
		}
		if (pte & FSPTE_D)
			attrs |= ATTR_DIRTY;
		r->out = pte & GENMASK64(51, level_shift(level));
		r->level = (uint8_t)level;
		r->attrs = (uint8_t)attrs;
		return 0;
	}
	return 0;
}

void fs_walk(struct vvtd *v, const struct fs_walk_params *p, uint64_t iova,
	     unsigned access, struct walk_result *r)
{
	r->fault = FR_NONE;
	r->not_present = false;
	if (!fs_canonical(iova, p->levels)) {
		r->fault = FR_NON_CANONICAL;
		return;
	}
	for (unsigned i = 0; i < FS_WALK_RETRIES; i++) {
		if (fs_walk_once(v, p, iova, access, r) != -EAGAIN)
			return;
	}
	guest_error(v, "first-stage A/D update of 0x%llx kept racing",
		    (unsigned long long)iova);
	r->fault = FR_FS_AD_UPDATE;
}
