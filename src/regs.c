/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The register file and MMIO dispatch (VT-d chapter 11).
 *
 * Each register is defined by its reset value, the bits a write may change
 * (wmask) and the bits a write of 1 clears (w1cmask); a write first goes
 * through the masks, then the register's side effect runs.  64-bit registers
 * may be accessed as one 8-byte access or as two 4-byte halves (11.2); a
 * command whose trigger bit lives in the upper half (CCMD.ICC, IOTLB.IVT)
 * runs when that half is written, with whatever the lower half holds.  An
 * 8-byte access over two 32-bit registers is split into two 4-byte accesses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "internal.h"
#include "qi.h"

/* ---- raw access ---- */

static uint64_t bytes_get(const uint8_t *p, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = size; i-- > 0;)
		v = (v << 8) | p[off + i];
	return v;
}

static void bytes_set(uint8_t *p, uint64_t off, unsigned size, uint64_t v)
{
	for (unsigned i = 0; i < size; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

uint32_t reg_get32(const struct vvtd *v, uint64_t off)
{
	return (uint32_t)bytes_get(v->regs, off, 4);
}

uint64_t reg_get64(const struct vvtd *v, uint64_t off)
{
	return bytes_get(v->regs, off, 8);
}

void reg_set32(struct vvtd *v, uint64_t off, uint32_t val)
{
	bytes_set(v->regs, off, 4, val);
}

void reg_set64(struct vvtd *v, uint64_t off, uint64_t val)
{
	bytes_set(v->regs, off, 8, val);
}

void reg_update32(struct vvtd *v, uint64_t off, uint32_t clear, uint32_t set)
{
	reg_set32(v, off, (reg_get32(v, off) & ~clear) | set);
}

/* ---- definitions ---- */

static void define_reg(struct vvtd *v, uint64_t off, unsigned size,
		       uint64_t reset, uint64_t wmask, uint64_t w1cmask)
{
	bytes_set(v->regs, off, size, reset);
	bytes_set(v->wmask, off, size, wmask);
	bytes_set(v->w1cmask, off, size, w1cmask);
}

/* Bits of an address register below the host address width. */
static uint64_t haw_page_mask(const struct vvtd *v)
{
	return GENMASK64(v->haw - 1, 12);
}

static uint64_t frcd_off(unsigned i)
{
	return REG_FRCD0 + 16 * (uint64_t)i;
}

static void regs_define_all(struct vvtd *v)
{
	/* Interrupt message registers: 32-bit data (EIMD only with EIM,
	 * which vvtd does not report), dword-aligned address. */
	const uint64_t data_mask = 0xffff;
	const uint64_t addr_mask = 0xfffffffc;

	memset(v->regs, 0, v->mmio_size);
	memset(v->wmask, 0, v->mmio_size);
	memset(v->w1cmask, 0, v->mmio_size);

	define_reg(v, REG_VER, 4, VER_VALUE, 0, 0);
	define_reg(v, REG_CAP, 8, v->cap, 0, 0);
	define_reg(v, REG_ECAP, 8, v->ecap, 0, 0);
	/* GCMD is write-only: it reads 0 and is handled in gcmd_write(). */
	define_reg(v, REG_GCMD, 4, 0, 0, 0);
	define_reg(v, REG_GSTS, 4, 0, 0, 0);
	define_reg(v, REG_RTADDR, 8, 0,
		   haw_page_mask(v) | field_prep(3, 11, RTADDR_TTM_SHIFT), 0);
	/* CCMD: ICC, CIRG, FM, SID, DID writable; CAIG set by hardware. */
	define_reg(v, REG_CCMD, 8, 0,
		   CCMD_ICC | GENMASK64(62, 61) | GENMASK64(33, 0), 0);
	define_reg(v, REG_FSTS, 4, 0, 0, FSTS_RW1C);
	define_reg(v, REG_FECTL, 4, ECTL_IM, ECTL_IM, 0);
	define_reg(v, REG_FEDATA, 4, 0, data_mask, 0);
	define_reg(v, REG_FEADDR, 4, 0, addr_mask, 0);
	define_reg(v, REG_FEUADDR, 4, 0, 0xffffffff, 0);
	/* AFLOG, PMEN, PLM*, PHM*, IRTA: not supported, read as 0. */
	define_reg(v, REG_IQH, 8, 0, 0, 0);
	define_reg(v, REG_IQT, 8, 0, GENMASK64(18, 4), 0);
	define_reg(v, REG_IQA, 8, 0,
		   haw_page_mask(v) |
			   ((v->ecap & ECAP_SMTS) ? IQA_DW : 0) | IQA_QS_MASK,
		   0);
	define_reg(v, REG_ICS, 4, 0, 0, ICS_IWC);
	define_reg(v, REG_IECTL, 4, ECTL_IM, ECTL_IM, 0);
	define_reg(v, REG_IEDATA, 4, 0, data_mask, 0);
	define_reg(v, REG_IEADDR, 4, 0, addr_mask, 0);
	define_reg(v, REG_IEUADDR, 4, 0, 0xffffffff, 0);
	define_reg(v, REG_IQERCD, 8, 0, 0, 0);
	/* IVA: ADDR (within HAW), IH, AM. */
	define_reg(v, REG_IVA, 8, 0, haw_page_mask(v) | IVA_IH | 0x3f, 0);
	/* IOTLB: IVT, IIRG, DR, DW, DID writable; IAIG set by hardware. */
	define_reg(v, REG_IOTLB, 8, 0,
		   IOTLB_IVT | GENMASK64(61, 60) | GENMASK64(49, 32), 0);
	for (unsigned i = 0; i < v->nfr; i++) {
		define_reg(v, frcd_off(i), 8, 0, 0, 0);
		define_reg(v, frcd_off(i) + 8, 8, 0, 0, FRCD_HI_F);
	}
}

int regs_init(struct vvtd *v)
{
	uint64_t end = REG_FRCD0 + 16 * (uint64_t)v->nfr;

	v->mmio_size = (end + 0xfff) & ~UINT64_C(0xfff);
	v->regs = calloc(1, v->mmio_size);
	v->wmask = calloc(1, v->mmio_size);
	v->w1cmask = calloc(1, v->mmio_size);
	if (!v->regs || !v->wmask || !v->w1cmask) {
		regs_free(v);
		return -ENOMEM;
	}
	regs_define_all(v);
	return 0;
}

void regs_free(struct vvtd *v)
{
	free(v->regs);
	free(v->wmask);
	free(v->w1cmask);
	v->regs = v->wmask = v->w1cmask = NULL;
}

void regs_reset_locked(struct vvtd *v)
{
	regs_define_all(v);
	v->te = false;
	v->ttm = TTM_LEGACY;
	v->root_table = 0;
}

/* ---- register layout lookup ---- */

/* Registers that are 64 bits wide; every other register is 32 bits. */
static bool is_reg64(const struct vvtd *v, uint64_t off)
{
	switch (off) {
	case REG_CAP:
	case REG_ECAP:
	case REG_RTADDR:
	case REG_CCMD:
	case REG_AFLOG:
	case REG_PHMBASE:
	case REG_PHMLIMIT:
	case REG_IQH:
	case REG_IQT:
	case REG_IQA:
	case REG_IQERCD:
	case REG_IRTA:
	case REG_IVA:
	case REG_IOTLB:
		return true;
	default:
		return off >= REG_FRCD0 && off < frcd_off(v->nfr) &&
		       off % 8 == 0;
	}
}

/* The start of the register containing the dword at @off. */
static uint64_t reg_base(const struct vvtd *v, uint64_t off)
{
	if (off % 8 == 4 && is_reg64(v, off - 4))
		return off - 4;
	return off;
}

/* ---- side effects ---- */

static void gcmd_srtp(struct vvtd *v)
{
	uint64_t rtaddr = reg_get64(v, REG_RTADDR);

	v->root_table = rtaddr & GENMASK64(63, 12);
	v->ttm = (unsigned)field_get(rtaddr, 11, RTADDR_TTM_SHIFT);
	if (v->ttm == TTM_RESERVED || v->ttm == TTM_ABORT ||
	    (v->ttm == TTM_SCALABLE && !(v->ecap & ECAP_SMTS)))
		guest_error(v, "SRTP with reserved RTADDR.TTM %u", v->ttm);
	reg_update32(v, REG_GSTS, 0, (uint32_t)GSTS_RTPS);
	inval_everything_locked(v, INVAL_ROOT_TABLE);
}

static void gcmd_te(struct vvtd *v, bool enable)
{
	v->te = enable;
	reg_update32(v, REG_GSTS, (uint32_t)GSTS_TES,
		     enable ? (uint32_t)GSTS_TES : 0);
	inval_everything_locked(v, INVAL_TE);
}

/*
 * GCMD (11.4.4.1).  Software writes the current status with one command bit
 * changed.  TE and QIE are compared with their status bits; SRTP is a
 * one-shot command.  WBF is ignored (CAP.RWBF = 0), IRE/SIRTP/CFI are
 * ignored (ECAP.IR = 0) and EAFL/SFL are ignored (CAP.AFL = 0), as the spec
 * says for unsupported features.
 */
static void gcmd_write(struct vvtd *v, uint32_t val)
{
	uint32_t status = reg_get32(v, REG_GSTS);

	if (val & GCMD_SRTP)
		gcmd_srtp(v);
	if (!!(val & GCMD_TE) != !!(status & GSTS_TES))
		gcmd_te(v, val & GCMD_TE);
	if (!!(val & GCMD_QIE) != !!(status & GSTS_QIES))
		qi_enable_locked(v, val & GCMD_QIE);
}

/*
 * CCMD (11.4.6.1): register-based context-cache invalidation.  Refused while
 * queued invalidation is enabled (6.5.2: software must not mix the two); the
 * command then completes with CAIG = 0 (no invalidation performed) so a
 * guest polling ICC does not hang.
 */
static void ccmd_write(struct vvtd *v)
{
	uint64_t ccmd = reg_get64(v, REG_CCMD);
	unsigned cirg = (unsigned)field_get(ccmd, 62, 61);
	unsigned caig = 0;

	if (!(ccmd & CCMD_ICC))
		return;
	if (v->qi.enabled) {
		guest_error(v, "CCMD invalidation while queued invalidation is "
			       "enabled: ignored");
	} else if (cirg == 0) {
		guest_error(v, "CCMD invalidation with reserved CIRG 0");
	} else {
		inval_context_locked(v, cirg, (uint16_t)field_get(ccmd, 15, 0),
				     (uint16_t)field_get(ccmd, 31, 16),
				     (unsigned)field_get(ccmd, 33, 32));
		inval_notify_locked(v, &(struct inval_event){ .kind = INVAL_SYNC });
		caig = cirg;
		v->stats.register_invalidations++;
	}
	ccmd &= ~(CCMD_ICC | GENMASK64(60, 59));
	ccmd |= field_prep(caig, 60, 59);
	reg_set64(v, REG_CCMD, ccmd);
}

/*
 * IOTLB_REG (11.4.8.1) with IVA_REG: register-based IOTLB invalidation.
 * Page-selective requests need CAP.PSI (reported) and an AM not above
 * CAP.MAMV with ADDR aligned to 2^AM pages; a misaligned or too large request
 * is performed as domain-selective, which the actual granularity reports.
 */
static void iotlb_write(struct vvtd *v)
{
	uint64_t cmd = reg_get64(v, REG_IOTLB);
	uint64_t iva = reg_get64(v, REG_IVA);
	unsigned iirg = (unsigned)field_get(cmd, 61, 60);
	uint16_t did = (uint16_t)field_get(cmd, 47, 32);
	unsigned iaig = 0;

	if (!(cmd & IOTLB_IVT))
		return;
	if (v->qi.enabled) {
		guest_error(v, "IOTLB register invalidation while queued "
			       "invalidation is enabled: ignored");
	} else if (iirg == 0) {
		guest_error(v, "IOTLB register invalidation with reserved "
			       "IIRG 0");
	} else {
		unsigned am = (unsigned)field_get(iva, 5, 0);
		uint64_t addr = iva & GENMASK64(63, 12);

		iaig = iirg;
		if (iirg == IOTLB_PAGE &&
		    (am > cap_mamv(v->cap) ||
		     (addr & ((UINT64_C(1) << (12 + am)) - 1)))) {
			guest_error(v, "IOTLB PSI with AM %u or address 0x%llx "
				       "invalid: performed domain-selective",
				    am, (unsigned long long)addr);
			iaig = IOTLB_DOMAIN;
		}
		inval_iotlb_locked(v, iaig, did, addr, am, iva & IVA_IH);
		inval_notify_locked(v, &(struct inval_event){ .kind = INVAL_SYNC });
		v->stats.register_invalidations++;
	}
	cmd &= ~(IOTLB_IVT | GENMASK64(58, 57));
	cmd |= field_prep(iaig, 58, 57);
	reg_set64(v, REG_IOTLB, cmd);
}

/*
 * Called after the masked update of a register.  @lo/@hi: whether the write
 * covered the lower and upper dword of the register (32-bit registers only
 * have a lower one).  @val is the value written, @old the register before.
 */
static void side_effect(struct vvtd *v, uint64_t base, bool lo, bool hi,
			uint32_t val, uint64_t old)
{
	switch (base) {
	case REG_GCMD:
		gcmd_write(v, val);
		return;
	case REG_CCMD:
		if (hi)
			ccmd_write(v);
		return;
	case REG_IOTLB:
		if (hi)
			iotlb_write(v);
		return;
	case REG_IQT:
		if (lo)
			qi_tail_written_locked(v);
		return;
	case REG_FSTS:
		fault_fsts_written_locked(v);
		if ((old & FSTS_IQE) && !(reg_get32(v, REG_FSTS) & FSTS_IQE))
			qi_resume_locked(v);
		return;
	case REG_FECTL:
		fault_fectl_written_locked(v, (uint32_t)old);
		return;
	case REG_ICS:
		qi_ics_written_locked(v);
		return;
	case REG_IECTL:
		qi_iectl_written_locked(v, (uint32_t)old);
		return;
	default:
		if (base >= REG_FRCD0 && base < frcd_off(v->nfr) &&
		    base % 16 == 8)
			fault_frcd_written_locked(v);
		return;
	}
}

/* Masked write of @size bytes at @off, all inside one register. */
static void masked_write(struct vvtd *v, uint64_t off, unsigned size,
			 uint64_t val)
{
	uint64_t old = bytes_get(v->regs, off, size);
	uint64_t wmask = bytes_get(v->wmask, off, size);
	uint64_t w1c = bytes_get(v->w1cmask, off, size);

	bytes_set(v->regs, off, size, ((old & ~wmask) | (val & wmask)) &
					      ~(val & w1c));
}

static void write_reg(struct vvtd *v, uint64_t off, unsigned size,
		      uint64_t val)
{
	uint64_t base = reg_base(v, off);
	uint64_t old = bytes_get(v->regs, base, is_reg64(v, base) ? 8 : 4);
	bool lo = off == base;
	bool hi = is_reg64(v, base) && (size == 8 || off == base + 4);

	masked_write(v, off, size, val);
	side_effect(v, base, lo, hi, (uint32_t)val, old);
}

int regs_mmio_write_locked(struct vvtd *v, uint64_t off, unsigned size,
			   uint64_t val)
{
	if ((size != 4 && size != 8) || off % size || off >= v->mmio_size)
		return -EINVAL;
	if (size == 4 || is_reg64(v, off)) {
		write_reg(v, off, size, val);
		return 0;
	}
	/* Two 32-bit registers (or holes): low dword first. */
	write_reg(v, off, 4, (uint32_t)val);
	write_reg(v, off + 4, 4, val >> 32);
	return 0;
}

int regs_mmio_read_locked(struct vvtd *v, uint64_t off, unsigned size,
			  uint64_t *val)
{
	*val = 0;
	if ((size != 4 && size != 8) || off % size || off >= v->mmio_size)
		return -EINVAL;
	*val = bytes_get(v->regs, off, size);
	return 0;
}
