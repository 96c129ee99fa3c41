/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA through the simulated host IOMMU: stage-2 only for a paging HWPT,
 * the guest's first-stage table then the stage-2 for a nested HWPT
 * (VT-d 3.8, "Nested translation"), with a per-HWPT IOTLB.
 *
 * Faults carry the reason the host unit would record (VT-d 7.1.3): 0x59
 * blocked (no PASID entry), 0x71/0x72 first-stage not present / reserved
 * bits, 0x79 nothing mapped at that stage-2 address (also for a
 * first-stage table the stage-2 does not map), 0x80 non-canonical input, 0x81 user access to a
 * supervisor page, 0x85/0x86 write/read denied on a present mapping
 * (first-stage page or stage-2), 0x91 A/D update impossible.  Passthrough DMA is untranslated and user level (no PR).
 */
#include <errno.h>
#include <string.h>

#include "regs.h"
#include "simhost.h"

#define FR_PASID_ENTRY_P 0x59
#define FR_FS_ENTRY_P 0x71
#define FR_FS_ENTRY_RSVD 0x72
#define FR_SS_NOT_PRESENT 0x79
#define FR_FS_NON_CANONICAL 0x80
#define FR_FS_US 0x81
#define FR_WRITE 0x85
#define FR_READ 0x86
#define FR_FS_AD_UPDATE 0x91

/* First-stage entry bits (VT-d 9.7) */
#define PTE_P (UINT64_C(1) << 0)
#define PTE_RW (UINT64_C(1) << 1)
#define PTE_US (UINT64_C(1) << 2)
#define PTE_A (UINT64_C(1) << 5)
#define PTE_D (UINT64_C(1) << 6)
#define PTE_PS (UINT64_C(1) << 7)

void sim_iotlb_flush(struct sim_obj *n, uint64_t first, uint64_t last)
{
	for (unsigned i = 0; i < SIM_IOTLB_SIZE; i++) {
		uint64_t page = n->iotlb[i].page;

		if (page && page - 1 >= first && page - 1 <= last)
			n->iotlb[i].page = 0;
	}
}

/* Stage-2: the IOAS mapping holding @gpa, or a fault. */
static int s2_translate(const struct sim_obj *paging, uint64_t gpa,
			bool write, uint8_t **host, bool *writable)
{
	const struct sim_obj *ioas = paging->ioas;

	for (uint32_t i = 0; i < ioas->nmaps; i++) {
		const struct sim_map *m = &ioas->maps[i];

		if (gpa < m->iova || gpa - m->iova >= m->length)
			continue;
		if (!(m->flags & (write ? VVTD_HOST_MAP_WRITEABLE
					: VVTD_HOST_MAP_READABLE)))
			return write ? FR_WRITE : FR_READ;
		*host = m->hva + (gpa - m->iova);
		if (writable)
			*writable = m->flags & VVTD_HOST_MAP_WRITEABLE;
		return 0;
	}
	return FR_SS_NOT_PRESENT;
}

/* Set @bits in the first-stage entry at @host (another agent may update
 * it concurrently: an atomic OR, as hardware does a locked update). */
static void set_bits(uint8_t *host, uint64_t bits)
{
	uint64_t *p = (uint64_t *)(void *)host;

	__atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST);
}

/*
 * Walk the guest first-stage table of nested HWPT @n for @iova (VT-d
 * 3.6): every table and the output are guest-physical, translated by the
 * parent stage-2.  Sets A on each level and D on the leaf for a write.
 */
static int fs_walk(const struct sim_obj *n, unsigned host_mgaw, bool fs1gp,
		   uint64_t iova, bool write, uint8_t **host)
{
	unsigned levels = n->s1.addr_width == 57 ? 5 : 4;
	unsigned width = levels == 5 ? 57 : 48;
	uint64_t addr_mask = ((UINT64_C(1) << host_mgaw) - 1) & ~UINT64_C(0xfff);
	uint64_t table = n->s1.pgtbl_addr & addr_mask;
	int64_t sext = (int64_t)(iova << (64 - width)) >> (64 - width);

	if ((uint64_t)sext != iova)
		return FR_FS_NON_CANONICAL;
	for (unsigned level = levels; level >= 1; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		uint64_t slot = table + ((iova >> shift) & 511) * 8;
		uint64_t pte, page_mask;
		uint8_t *ep;
		bool ep_w;
		int fr = s2_translate(n->parent, slot, false, &ep, &ep_w);

		if (fr)
			return fr;
		pte = __atomic_load_n((uint64_t *)(void *)ep, __ATOMIC_SEQ_CST);
		if (!(pte & PTE_P))
			return FR_FS_ENTRY_P;
		/* address bits beyond the host's width are reserved; PS is
		 * reserved in PML5E/PML4E, and in a PDPE without FS1GP */
		if (pte & ~addr_mask & ((UINT64_C(1) << 52) - 1) &
		    ~UINT64_C(0xfff))
			return FR_FS_ENTRY_RSVD;
		if ((pte & PTE_PS) && (level > 3 || (level == 3 && !fs1gp)))
			return FR_FS_ENTRY_RSVD;
		if (!(pte & PTE_US))
			return FR_FS_US;
		if (write && !(pte & PTE_RW))
			return FR_WRITE;
		if (!(pte & PTE_A) || (write && (level == 1 || pte & PTE_PS) &&
				       !(pte & PTE_D))) {
			uint64_t bits = PTE_A;

			if (!ep_w)
				return FR_FS_AD_UPDATE;
			if (write && (level == 1 || pte & PTE_PS))
				bits |= PTE_D;
			set_bits(ep, bits);
		}
		if (level == 1 || (pte & PTE_PS)) {
			page_mask = (UINT64_C(1) << shift) - 1;
			/* address bits below a large page (but PAT, bit 12)
			 * are reserved */
			if (level > 1 && pte & addr_mask & page_mask &
			    ~UINT64_C(0x1fff))
				return FR_FS_ENTRY_RSVD;
			return s2_translate(n->parent,
					    (pte & addr_mask & ~page_mask) |
						    (iova & page_mask & ~UINT64_C(0xfff)),
					    write, host, NULL);
		}
		table = pte & addr_mask;
	}
	return FR_FS_ENTRY_P;	/* not reached: level 1 always returns */
}

static int nested_translate(struct vvtd_simhost *h, struct sim_obj *n,
			    uint64_t iova, bool write, uint8_t **host)
{
	const struct sim_iommu *mu = &h->iommus[n->parent->iommu];
	uint64_t page = iova >> 12;
	struct sim_iotlb *e = &n->iotlb[page % SIM_IOTLB_SIZE];
	int fr;

	if (e->page == page + 1 && (!write || e->writable)) {
		h->st.iotlb_hits++;
		*host = e->host;
		return 0;
	}
	h->st.iotlb_misses++;
	fr = fs_walk(n, mu->mgaw, (mu->cap & CAP_FS1GP) != 0,
		     iova & ~UINT64_C(0xfff), write, host);
	if (fr)
		return fr;
	e->page = page + 1;
	e->host = *host;
	e->writable = write;	/* D is set now; a read fill cannot write */
	return 0;
}

static int translate_page(struct vvtd_simhost *h, const struct sim_obj *d,
			  uint32_t pasid, uint64_t iova, bool write,
			  uint8_t **host)
{
	struct sim_obj *hwpt = sim_attachment(d, pasid);

	if (!hwpt)
		return FR_PASID_ENTRY_P;
	if (hwpt->type == VVTD_SIMHOST_OBJ_HWPT_NESTED)
		return nested_translate(h, hwpt, iova, write, host);
	return s2_translate(hwpt, iova & ~UINT64_C(0xfff), write, host, NULL);
}

long vvtd_simhost_dma(struct vvtd_simhost_fd *fd, uint32_t dev_id,
		      uint32_t pasid, uint64_t iova, void *buf, size_t len,
		      uint32_t flags, struct vvtd_simhost_fault *fault)
{
	struct vvtd_simhost *h = fd->h;
	bool write = flags & VVTD_SIMHOST_DMA_WRITE;
	uint8_t *p = buf;
	size_t done = 0;
	struct sim_obj *d;

	if (flags & ~VVTD_SIMHOST_DMA_WRITE || (len && !buf) ||
	    len > (size_t)1 << 30 || (len && len - 1 > UINT64_MAX - iova))
		return -EINVAL;
	pthread_mutex_lock(&h->lock);
	d = sim_find(fd, dev_id);
	if (!d || d->type != VVTD_SIMHOST_OBJ_DEVICE) {
		pthread_mutex_unlock(&h->lock);
		return -ENOENT;
	}
	while (done < len) {
		uint64_t a = iova + done;
		size_t chunk = 0x1000 - (a & 0xfff);
		uint8_t *host;
		int fr = translate_page(h, d, pasid, a, write, &host);

		if (fr) {
			h->st.dma_faults++;
			if (fault) {
				memset(fault, 0, sizeof(*fault));
				fault->reason = (uint8_t)fr;
				fault->addr = a;
			}
			break;
		}
		if (chunk > len - done)
			chunk = len - done;
		host += a & 0xfff;
		if (write)
			memcpy(host, p + done, chunk);
		else
			memcpy(p + done, host, chunk);
		done += chunk;
	}
	pthread_mutex_unlock(&h->lock);
	return (long)done;
}
