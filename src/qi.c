/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The invalidation queue (VT-d 6.5.2) and its registers (11.4.9).
 *
 * Descriptors are processed synchronously when IQT is written: from IQH up
 * to IQT, at most one queue's worth per write, so the work a guest causes
 * with one register write is bounded by the queue size.  An invalid
 * descriptor stops processing with FSTS.IQE set, IQERCD.IQEI saying why and
 * IQH left on the descriptor; clearing IQE resumes at IQH (6.5.2.10).
 *
 * 256-bit descriptors (IQA.DW=1) exist only with ECAP.SMTS, where the IQA.DW
 * bit is writable.  Descriptor formats are the 128-bit ones; in 256-bit form
 * bits 255:128 are reserved and checked.
 */
#include <errno.h>

#include "fault.h"
#include "internal.h"
#include "qi.h"

enum desc_type {
	DESC_CONTEXT = 1,
	DESC_IOTLB = 2,
	DESC_DEVTLB = 3,
	DESC_IEC = 4,
	DESC_WAIT = 5,
	DESC_PIOTLB = 6,
	DESC_PASID_CACHE = 7,
	DESC_PDEVTLB = 8,
};

struct desc {
	uint64_t w[4];
};

/* Reserved bits of word 0 and word 1, per type (6.5.2.x).  Bits 3:0 and
 * 11:9 hold the type and are not listed. */
static const struct {
	uint64_t w0, w1;
} desc_rsvd[] = {
	[DESC_CONTEXT] = { GENMASK64(63, 50) | GENMASK64(15, 12) |
				   GENMASK64(8, 6),
			   ~UINT64_C(0) },
	[DESC_IOTLB] = { GENMASK64(63, 32) | GENMASK64(15, 12) | BIT64(8),
			 GENMASK64(11, 7) },
	[DESC_DEVTLB] = { GENMASK64(51, 48) | GENMASK64(31, 21) |
				  GENMASK64(8, 4),
			  GENMASK64(11, 1) },
	[DESC_IEC] = { GENMASK64(63, 48) | GENMASK64(26, 12) |
			       GENMASK64(8, 5),
		       ~UINT64_C(0) },
	[DESC_WAIT] = { GENMASK64(31, 12) | BIT64(8), GENMASK64(1, 0) },
	[DESC_PIOTLB] = { GENMASK64(63, 52) | GENMASK64(15, 12) |
				  GENMASK64(8, 6),
			  GENMASK64(11, 7) },
	[DESC_PASID_CACHE] = { GENMASK64(63, 52) | GENMASK64(15, 12) |
				       GENMASK64(8, 6),
			       ~UINT64_C(0) },
	[DESC_PDEVTLB] = { 0, GENMASK64(10, 1) },
};

static unsigned desc_size(const struct vvtd *v)
{
	return v->qi.dw256 ? 32 : 16;
}

static void iqh_set(struct vvtd *v)
{
	reg_set64(v, REG_IQH,
		  (uint64_t)v->qi.head << (v->qi.dw256 ? 5 : 4));
}

/* Stop with an invalidation queue error (6.5.2.10). */
static void qi_error(struct vvtd *v, enum iqei code)
{
	uint64_t iqercd = reg_get64(v, REG_IQERCD);

	reg_set64(v, REG_IQERCD, (iqercd & ~GENMASK64(3, 0)) | code);
	fault_set_fsts_locked(v, (uint32_t)FSTS_IQE);
	v->stats.qi_errors++;
}

static void ie_event_send(struct vvtd *v)
{
	msi_raise_locked(v, MSI_INV_COMPLETION,
			 (uint64_t)reg_get32(v, REG_IEUADDR) << 32 |
				 reg_get32(v, REG_IEADDR),
			 reg_get32(v, REG_IEDATA));
}

/*
 * Invalidation completion event (7.3.2): generated when ICS.IWC becomes
 * set; held in IECTL.IP while IECTL.IM is set.
 */
static void ie_event_raise(struct vvtd *v)
{
	uint32_t iectl;

	if (reg_get32(v, REG_ICS) & ICS_IWC)
		return;
	reg_update32(v, REG_ICS, 0, (uint32_t)ICS_IWC);
	iectl = reg_get32(v, REG_IECTL);
	if (iectl & ECTL_IM)
		reg_update32(v, REG_IECTL, 0, (uint32_t)ECTL_IP);
	else
		ie_event_send(v);
}

void qi_ics_written_locked(struct vvtd *v)
{
	if (!(reg_get32(v, REG_ICS) & ICS_IWC))
		reg_update32(v, REG_IECTL, (uint32_t)ECTL_IP, 0);
}

void qi_iectl_written_locked(struct vvtd *v, uint32_t old)
{
	uint32_t iectl = reg_get32(v, REG_IECTL);

	if ((old & ECTL_IM) && !(iectl & ECTL_IM) && (iectl & ECTL_IP)) {
		reg_update32(v, REG_IECTL, (uint32_t)ECTL_IP, 0);
		ie_event_send(v);
	}
}

/* Address range of a page-selective request: ADDR aligned down to 2^AM
 * pages, as hardware ignores the address bits below the mask. */
static uint64_t psi_addr(uint64_t w1, unsigned am)
{
	return w1 & GENMASK64(63, 12) & ~((UINT64_C(1) << (12 + am)) - 1);
}

static enum iqei do_context(struct vvtd *v, const struct desc *d)
{
	unsigned g = (unsigned)field_get(d->w[0], 5, 4);

	if (g == 0)
		return IQEI_RSVD;
	inval_context_locked(v, g, (uint16_t)field_get(d->w[0], 31, 16),
			     (uint16_t)field_get(d->w[0], 47, 32),
			     (unsigned)field_get(d->w[0], 49, 48));
	return IQEI_NONE;
}

static enum iqei do_iotlb(struct vvtd *v, const struct desc *d)
{
	unsigned g = (unsigned)field_get(d->w[0], 5, 4);
	unsigned am = (unsigned)field_get(d->w[1], 5, 0);

	if (g == 0 || (g == IOTLB_PAGE && am > cap_mamv(v->cap)))
		return IQEI_RSVD;
	inval_iotlb_locked(v, g, (uint16_t)field_get(d->w[0], 31, 16),
			   psi_addr(d->w[1], am), am, d->w[1] & BIT64(6));
	return IQEI_NONE;
}

/*
 * Size of a device-TLB invalidation (6.5.2.5): with S=1 the number of
 * trailing 1 bits of ADDR[63:12] gives 2^(n+1) pages.
 */
static void devtlb_range(uint64_t w1, uint64_t *addr, uint64_t *size)
{
	uint64_t pfn = w1 >> 12;
	unsigned n = 0;

	if (!(w1 & 1)) {
		*addr = w1 & GENMASK64(63, 12);
		*size = 4096;
		return;
	}
	while (n < 52 && ((pfn >> n) & 1))
		n++;
	if (n + 13 >= 64) {
		*addr = 0;
		*size = 0;	/* the whole address space */
		return;
	}
	*size = UINT64_C(1) << (n + 13);
	*addr = (w1 & GENMASK64(63, 12)) & ~(*size - 1);
}

static void devtlb_notify(struct vvtd *v, struct vvtd_devtlb_inval *inv)
{
	if (v->cb.devtlb_invalidate)
		v->cb.devtlb_invalidate(v->cb.opaque, inv);
}

static enum iqei do_devtlb(struct vvtd *v, const struct desc *d)
{
	struct vvtd_devtlb_inval inv = {
		.sid = (uint16_t)field_get(d->w[0], 47, 32),
		.pfsid = (uint16_t)(field_get(d->w[0], 15, 12) |
				    field_get(d->w[0], 63, 52) << 4),
		.mip = (uint8_t)field_get(d->w[0], 20, 16),
	};

	devtlb_range(d->w[1], &inv.addr, &inv.size);
	devtlb_notify(v, &inv);
	return IQEI_NONE;
}

static enum iqei do_pdevtlb(struct vvtd *v, const struct desc *d)
{
	struct vvtd_devtlb_inval inv = {
		.sid = (uint16_t)field_get(d->w[0], 31, 16),
		.pfsid = (uint16_t)(field_get(d->w[0], 15, 12) |
				    field_get(d->w[0], 63, 52) << 4),
		.mip = (uint8_t)field_get(d->w[0], 8, 4),
		.has_pasid = 1,
		.pasid = (uint32_t)field_get(d->w[0], 51, 32),
		.all_pasids = d->w[1] & 1,
	};

	devtlb_range((d->w[1] & ~UINT64_C(1)) | ((d->w[1] >> 11) & 1),
		     &inv.addr, &inv.size);
	devtlb_notify(v, &inv);
	return IQEI_NONE;
}

/*
 * Invalidation wait (6.5.2.8).  Everything before it is complete once it is
 * reached (processing is in order), so FN and PD need no action; the
 * listener's batched host work is flushed first.  SW writes the status
 * dword, IF raises the completion event; both may be set.  A status address
 * outside guest RAM loses the write, as a DMA write there would, and is
 * logged.
 */
static enum iqei do_wait(struct vvtd *v, const struct desc *d)
{
	inval_notify_locked(v, &(struct inval_event){ .kind = INVAL_SYNC });
	if (d->w[0] & BIT64(5)) {
		uint64_t staddr = d->w[1] & GENMASK64(63, 2);
		uint32_t stdata = (uint32_t)(d->w[0] >> 32);
		uint8_t data[4];

		for (unsigned i = 0; i < 4; i++)
			data[i] = (uint8_t)(stdata >> (8 * i));
		if (gmem_write(v, staddr, data, 4))
			guest_error(v, "wait descriptor status address 0x%llx "
				       "is not guest RAM: write dropped",
				    (unsigned long long)staddr);
	}
	if (d->w[0] & BIT64(4))
		ie_event_raise(v);
	return IQEI_NONE;
}

static enum iqei do_piotlb(struct vvtd *v, const struct desc *d)
{
	unsigned g = (unsigned)field_get(d->w[0], 5, 4);
	unsigned am = (unsigned)field_get(d->w[1], 5, 0);

	if (g != PIOTLB_PASID && g != PIOTLB_PAGE)
		return IQEI_RSVD;
	if (g == PIOTLB_PAGE && am > cap_mamv(v->cap))
		return IQEI_RSVD;
	inval_piotlb_locked(v, g, (uint16_t)field_get(d->w[0], 31, 16),
			    (uint32_t)field_get(d->w[0], 51, 32),
			    psi_addr(d->w[1], am), am, d->w[1] & BIT64(6));
	return IQEI_NONE;
}

static enum iqei do_pasid_cache(struct vvtd *v, const struct desc *d)
{
	unsigned g = (unsigned)field_get(d->w[0], 5, 4);

	if (g == 2)
		return IQEI_RSVD;
	inval_pasid_cache_locked(v, g, (uint16_t)field_get(d->w[0], 31, 16),
				 (uint32_t)field_get(d->w[0], 51, 32));
	return IQEI_NONE;
}

/* Is @type implemented by this instance (ECAP), and valid for the TTM? */
static enum iqei check_type(struct vvtd *v, unsigned type)
{
	switch (type) {
	case DESC_CONTEXT:
	case DESC_IOTLB:
	case DESC_WAIT:
	case DESC_IEC:
		return IQEI_NONE;
	case DESC_DEVTLB:
		return (v->ecap & ECAP_DT) ? IQEI_NONE : IQEI_TYPE;
	case DESC_PIOTLB:
	case DESC_PASID_CACHE:
		if (!(v->ecap & ECAP_SMTS))
			return IQEI_TYPE;
		return vvtd_scalable(v) ? IQEI_NONE : IQEI_TTM;
	case DESC_PDEVTLB:
		if (!(v->ecap & ECAP_SMTS) || !(v->ecap & ECAP_DT))
			return IQEI_TYPE;
		return vvtd_scalable(v) ? IQEI_NONE : IQEI_TTM;
	default:
		return IQEI_TYPE;
	}
}

/* Validate and perform one descriptor.  IQEI_NONE on success. */
static enum iqei desc_process(struct vvtd *v, const struct desc *d)
{
	unsigned type = (unsigned)(field_get(d->w[0], 3, 0) |
				   field_get(d->w[0], 11, 9) << 4);
	enum iqei err = check_type(v, type);

	if (err)
		return err;
	if ((d->w[0] & desc_rsvd[type].w0) || (d->w[1] & desc_rsvd[type].w1) ||
	    d->w[2] || d->w[3])
		return IQEI_RSVD;
	switch (type) {
	case DESC_CONTEXT:
		return do_context(v, d);
	case DESC_IOTLB:
		return do_iotlb(v, d);
	case DESC_DEVTLB:
		return do_devtlb(v, d);
	case DESC_IEC:
		/* No interrupt remapping (ECAP.IR = 0): no entry to drop. */
		return IQEI_NONE;
	case DESC_WAIT:
		return do_wait(v, d);
	case DESC_PIOTLB:
		return do_piotlb(v, d);
	case DESC_PASID_CACHE:
		return do_pasid_cache(v, d);
	case DESC_PDEVTLB:
		return do_pdevtlb(v, d);
	default:
		return IQEI_TYPE;
	}
}

static const char *const iqei_names[] = {
	[IQEI_TAIL] = "tail beyond the queue",
	[IQEI_FETCH] = "descriptor fetch error",
	[IQEI_TYPE] = "invalid descriptor type",
	[IQEI_RSVD] = "reserved field set",
	[IQEI_WIDTH] = "invalid descriptor width",
	[IQEI_TAIL_ALIGN] = "tail not 256-bit aligned",
	[IQEI_TTM] = "descriptor invalid for the translation table mode",
};

/* Process from IQH to IQT; at most one queue's worth of descriptors. */
static void qi_run(struct vvtd *v)
{
	uint64_t iqt = reg_get64(v, REG_IQT);
	uint32_t tail;

	if (!v->qi.enabled || (reg_get32(v, REG_FSTS) & FSTS_IQE))
		return;
	if (v->qi.dw256 && (iqt & BIT64(4))) {
		guest_error(v, "IQT 0x%llx not 256-bit aligned",
			    (unsigned long long)iqt);
		qi_error(v, IQEI_TAIL_ALIGN);
		return;
	}
	tail = (uint32_t)(iqt >> (v->qi.dw256 ? 5 : 4));
	if (tail >= v->qi.entries) {
		guest_error(v, "IQT index %u beyond the %u-entry queue", tail,
			    v->qi.entries);
		qi_error(v, IQEI_TAIL);
		return;
	}
	for (uint32_t n = 0; v->qi.head != tail && n < v->qi.entries; n++) {
		uint64_t gpa = v->qi.base +
			       (uint64_t)v->qi.head * desc_size(v);
		struct desc d = { { 0 } };
		enum iqei err;

		if (gmem_read_u64s(v, gpa, d.w, desc_size(v) / 8)) {
			err = IQEI_FETCH;
		} else {
			err = desc_process(v, &d);
		}
		if (err) {
			guest_error(v, "invalidation queue error at IQH %u "
				       "(0x%016llx 0x%016llx): %s",
				    v->qi.head, (unsigned long long)d.w[0],
				    (unsigned long long)d.w[1],
				    iqei_names[err]);
			qi_error(v, err);
			return;
		}
		v->stats.qi_descriptors++;
		v->qi.head = (v->qi.head + 1) % v->qi.entries;
		iqh_set(v);
	}
	/* The end of a run: batched host invalidations go out now. */
	inval_notify_locked(v, &(struct inval_event){ .kind = INVAL_SYNC });
}

void qi_tail_written_locked(struct vvtd *v)
{
	qi_run(v);
}

void qi_resume_locked(struct vvtd *v)
{
	qi_run(v);
}

/*
 * GCMD.QIE (6.5.2, 11.4.4.1).  Enabling latches IQA and starts at IQH = 0.
 * Disabling with descriptors pending or an error outstanding is refused, as
 * the spec forbids it (QIES stays set).
 */
void qi_enable_locked(struct vvtd *v, bool enable)
{
	if (enable) {
		uint64_t iqa = reg_get64(v, REG_IQA);

		v->qi.base = iqa & GENMASK64(63, 12);
		v->qi.dw256 = (iqa & IQA_DW) && (v->ecap & ECAP_SMTS);
		v->qi.entries = (uint32_t)((4096u << (iqa & IQA_QS_MASK)) /
					   desc_size(v));
		v->qi.head = 0;
		v->qi.enabled = true;
		iqh_set(v);
		reg_update32(v, REG_GSTS, 0, (uint32_t)GSTS_QIES);
		qi_run(v);
		return;
	}
	if (v->qi.head != (uint32_t)(reg_get64(v, REG_IQT) >>
				     (v->qi.dw256 ? 5 : 4)) ||
	    (reg_get32(v, REG_FSTS) & FSTS_IQE)) {
		guest_error(v, "queued invalidation disable with descriptors "
			       "pending or IQE set: refused");
		return;
	}
	v->qi.enabled = false;
	v->qi.head = 0;
	reg_set64(v, REG_IQH, 0);
	reg_update32(v, REG_GSTS, (uint32_t)GSTS_QIES, 0);
}

void qi_reset_locked(struct vvtd *v)
{
	v->qi.enabled = false;
	v->qi.dw256 = false;
	v->qi.base = 0;
	v->qi.entries = 0;
	v->qi.head = 0;
}
