/* SPDX-License-Identifier: BSD-3-Clause */
/* Test support: a guest programming VT-d structures (see builder.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"

/* Register offsets (VT-d 11.4) */
#define R_GCMD 0x18
#define R_GSTS 0x1c
#define R_RTADDR 0x20
#define R_IQT 0x88
#define R_IQA 0x90

static void on_msi(void *opaque, uint64_t addr, uint32_t data)
{
	struct guest *g = opaque;

	/* MSIs are delivered outside the instance lock, possibly from
	 * several threads at once (vvtd.h). */
	__atomic_fetch_add(&g->msi_count, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&g->last_msi_addr, addr, __ATOMIC_RELAXED);
	__atomic_store_n(&g->last_msi_data, data, __ATOMIC_RELAXED);
}

static void on_log(void *opaque, enum vvtd_log_level level, const char *msg)
{
	struct guest *g = opaque;

	(void)level;
	(void)msg;
	g->log_count++;
	if (getenv("VVTD_TEST_LOG"))
		fprintf(stderr, "vvtd: %s\n", msg);
}

static int mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return vvtd_flatmem_read(((struct guest *)opaque)->mem, gpa, buf, len);
}

static int mem_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return vvtd_flatmem_write(((struct guest *)opaque)->mem, gpa, buf,
				  len);
}

static int mem_cmpxchg(void *opaque, uint64_t gpa, uint64_t *expected,
		       uint64_t desired)
{
	return vvtd_flatmem_cmpxchg64(((struct guest *)opaque)->mem, gpa,
				      expected, desired);
}

int guest_init(struct guest *g, const struct vvtd_config *cfg,
	       uint64_t mem_size, uint64_t table_base)
{
	return guest_init_with(g, cfg, mem_size, table_base, NULL);
}

int guest_init_with(struct guest *g, const struct vvtd_config *cfg,
		    uint64_t mem_size, uint64_t table_base,
		    const struct vvtd_callbacks *custom)
{
	struct vvtd_callbacks cb = {
		.size = sizeof(cb),
		.opaque = g,
		.mem_read = mem_read,
		.mem_write = mem_write,
		.mem_cmpxchg64 = mem_cmpxchg,
		.msi = on_msi,
		.log = on_log,
	};
	struct vvtd_config defaults;
	int rc;

	memset(g, 0, sizeof(*g));
	if (!cfg) {
		vvtd_config_init(&defaults);
		cfg = &defaults;
	}
	rc = vvtd_flatmem_new(mem_size, &g->mem);
	if (rc)
		return rc;
	g->mem_size = mem_size;
	g->next_page = table_base;
	rc = vvtd_new(cfg, custom ? custom : &cb, &g->v, NULL);
	if (rc)
		vvtd_flatmem_free(g->mem);
	return rc;
}

void guest_fini(struct guest *g)
{
	vvtd_free(g->v);
	vvtd_flatmem_free(g->mem);
	memset(g, 0, sizeof(*g));
}

uint64_t guest_page(struct guest *g)
{
	uint64_t p = g->next_page;
	uint8_t zero[4096] = { 0 };

	if (p + 4096 > g->mem_size)
		abort();	/* a test bug: give the guest more RAM */
	g->next_page += 4096;
	vvtd_flatmem_write(g->mem, p, zero, sizeof(zero));
	return p;
}

uint64_t rd64(struct guest *g, uint64_t gpa)
{
	uint8_t b[8];
	uint64_t v = 0;

	if (vvtd_flatmem_read(g->mem, gpa, b, 8))
		abort();
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

uint32_t rd32(struct guest *g, uint64_t gpa)
{
	return (uint32_t)(rd64(g, gpa & ~7ull) >> (8 * (gpa & 4)));
}

void wr64(struct guest *g, uint64_t gpa, uint64_t val)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(val >> (8 * i));
	if (vvtd_flatmem_write(g->mem, gpa, b, 8))
		abort();
}

uint64_t reg_rd(struct guest *g, uint64_t off, unsigned size)
{
	uint64_t v;

	if (vvtd_mmio_read(g->v, off, size, &v))
		abort();
	return v;
}

void reg_wr(struct guest *g, uint64_t off, unsigned size, uint64_t val)
{
	if (vvtd_mmio_write(g->v, off, size, val))
		abort();
}

/* GCMD takes the status with one command changed; one-shot commands
 * (SRTP bit 30, WBF 27, SIRTP 24, SFL 29) are not status bits to keep. */
void gcmd_set(struct guest *g, uint32_t bit, bool on)
{
	uint32_t sts = (uint32_t)reg_rd(g, R_GSTS, 4);
	uint32_t oneshot = (1u << 30) | (1u << 27) | (1u << 24) | (1u << 29);

	sts &= ~oneshot;
	reg_wr(g, R_GCMD, 4, on ? (sts | bit) : (sts & ~bit));
}

void set_root(struct guest *g, uint64_t root, unsigned ttm)
{
	reg_wr(g, R_RTADDR, 8, root | (uint64_t)ttm << 10);
	gcmd_set(g, 1u << 30, true);
}

void enable_translation(struct guest *g)
{
	gcmd_set(g, 1u << 31, true);
}

/* ---- legacy ---- */

uint64_t legacy_context_table(struct guest *g, uint64_t root, uint8_t bus)
{
	uint64_t re = rd64(g, root + 16 * bus);

	if (!(re & 1)) {
		re = guest_page(g) | 1;
		wr64(g, root + 16 * bus, re);
	}
	return re & ~0xfffull;
}

void legacy_context(struct guest *g, uint64_t root, uint16_t sid,
		    uint64_t lo, uint64_t hi)
{
	uint64_t ct = legacy_context_table(g, root, (uint8_t)(sid >> 8));

	wr64(g, ct + 16 * (sid & 0xff) + 8, hi);
	wr64(g, ct + 16 * (sid & 0xff), lo);
}

/* VT-d 9.3: P bit 0, TT bits 3:2, SSPTPTR 63:12; AW 66:64, DID 87:72. */
uint64_t ctx_lo(uint64_t ssptptr, unsigned tt)
{
	return ssptptr | (uint64_t)tt << 2 | 1;
}

uint64_t ctx_hi(unsigned aw, uint16_t did)
{
	return aw | (uint64_t)did << 8;
}

/* ---- scalable ---- */

/* VT-d 9.2: lower half for devfn 0-127, upper half for 128-255; 9.4: 32
 * bytes per context entry. */
void sm_context(struct guest *g, uint64_t root, uint16_t sid,
		const uint64_t val[4])
{
	unsigned devfn = sid & 0xff;
	uint64_t rgpa = root + 16 * (sid >> 8) + (devfn >= 128 ? 8 : 0);
	uint64_t re = rd64(g, rgpa);

	if (!(re & 1)) {
		re = guest_page(g) | 1;
		wr64(g, rgpa, re);
	}
	for (int i = 3; i >= 0; i--)
		wr64(g, (re & ~0xfffull) + 32 * (devfn & 0x7f) + 8 * i,
		     val[i]);
}

/* VT-d 9.5/9.6: directory index PASID[19:6], 64 entries of 64 bytes. */
void sm_pasid_entry(struct guest *g, uint64_t pdir, uint32_t pasid,
		    const uint64_t val[8])
{
	uint64_t pde = rd64(g, pdir + 8 * (pasid >> 6));

	if (!(pde & 1)) {
		pde = guest_page(g) | 1;
		wr64(g, pdir + 8 * (pasid >> 6), pde);
	}
	for (int i = 7; i >= 0; i--)
		wr64(g, (pde & ~0xfffull) + 64 * (pasid & 63) + 8 * i, val[i]);
}

/* VT-d 9.6: PGTT bits 8:6 (1 FS, 2 SS, 4 PT), AW 4:2, DID 79:64,
 * FSPM 131:130, FSPTPTR 191:140. */
void pe_first_stage(uint64_t val[8], uint64_t fsptptr, uint16_t did,
		    bool five_level)
{
	memset(val, 0, 8 * sizeof(*val));
	val[0] = 1 | 1u << 6;
	val[1] = did;
	val[2] = fsptptr | (five_level ? 1u << 2 : 0);
}

void pe_second_stage(uint64_t val[8], uint64_t ssptptr, uint16_t did,
		     unsigned aw)
{
	memset(val, 0, 8 * sizeof(*val));
	val[0] = 1 | 2u << 6 | (uint64_t)aw << 2 | ssptptr;
	val[1] = did;
}

void pe_pass_through(uint64_t val[8], uint16_t did)
{
	memset(val, 0, 8 * sizeof(*val));
	val[0] = 1 | 4u << 6;
	val[1] = did;
}

/* ---- page tables ---- */

static unsigned shift_of(unsigned level)
{
	return 12 + 9 * (level - 1);
}

static unsigned leaf_level(uint64_t size)
{
	return size == (1ull << 30) ? 3 : size == (1ull << 21) ? 2 : 1;
}

/* Walk down to the table holding the leaf for @iova at @leaf, creating
 * intermediate tables with @nonleaf bits. */
static uint64_t table_for(struct guest *g, uint64_t root, unsigned levels,
			  uint64_t iova, unsigned leaf, uint64_t nonleaf,
			  uint64_t present_mask)
{
	uint64_t table = root;

	for (unsigned l = levels; l > leaf; l--) {
		uint64_t slot = table + 8 * ((iova >> shift_of(l)) & 511);
		uint64_t e = rd64(g, slot);

		if (!(e & present_mask)) {
			e = guest_page(g) | nonleaf;
			wr64(g, slot, e);
		}
		table = e & 0x000ffffffffff000ull;
	}
	return table;
}

void ss_map(struct guest *g, uint64_t root, unsigned levels, uint64_t iova,
	    uint64_t gpa, uint64_t size, unsigned perm)
{
	unsigned leaf = leaf_level(size);
	uint64_t table = table_for(g, root, levels, iova, leaf, 7, 3);
	uint64_t e = gpa | (perm & 7) | (leaf > 1 ? 1u << 7 : 0);

	wr64(g, table + 8 * ((iova >> shift_of(leaf)) & 511), e);
}

void fs_map(struct guest *g, uint64_t root, unsigned levels, uint64_t iova,
	    uint64_t gpa, uint64_t size, uint64_t flags)
{
	unsigned leaf = leaf_level(size);
	uint64_t table = table_for(g, root, levels, iova, leaf, 7, 1);
	uint64_t e = gpa | flags | 1 | (leaf > 1 ? 1u << 7 : 0);

	wr64(g, table + 8 * ((iova >> shift_of(leaf)) & 511), e);
}

static uint64_t leaf_gpa(struct guest *g, uint64_t root, unsigned levels,
			 uint64_t iova, uint64_t present_mask)
{
	uint64_t table = root;

	for (unsigned l = levels; l >= 1; l--) {
		uint64_t slot = table + 8 * ((iova >> shift_of(l)) & 511);
		uint64_t e = rd64(g, slot);

		if (!(e & present_mask))
			return 0;
		if (l == 1 || (e & (1u << 7)))
			return slot;
		table = e & 0x000ffffffffff000ull;
	}
	return 0;
}

uint64_t fs_leaf_gpa(struct guest *g, uint64_t root, unsigned levels,
		     uint64_t iova)
{
	return leaf_gpa(g, root, levels, iova, 1);
}

uint64_t ss_leaf_gpa(struct guest *g, uint64_t root, unsigned levels,
		     uint64_t iova)
{
	return leaf_gpa(g, root, levels, iova, 3);
}

/* ---- invalidation queue (VT-d 6.5.2, 11.4.9) ---- */

void qi_setup(struct guest *g, unsigned qs, bool dw256)
{
	uint64_t base = guest_page(g);

	for (unsigned i = 1; i < (1u << qs); i++)
		guest_page(g);	/* contiguous: the allocator bumps */
	g->iq_base = base;
	g->iq_dw256 = dw256;
	g->iq_entries = (4096u << qs) / (dw256 ? 32 : 16);
	g->iq_tail = 0;
	reg_wr(g, R_IQT, 8, 0);
	reg_wr(g, R_IQA, 8, base | (dw256 ? 1u << 11 : 0) | qs);
	gcmd_set(g, 1u << 26, true);
}

void qi_queue(struct guest *g, const uint64_t desc[4])
{
	unsigned size = g->iq_dw256 ? 32 : 16;
	uint64_t slot = g->iq_base + (uint64_t)g->iq_tail * size;

	for (unsigned i = 0; i < size / 8; i++)
		wr64(g, slot + 8 * i, desc[i]);
	g->iq_tail = (g->iq_tail + 1) % g->iq_entries;
}

void qi_kick(struct guest *g)
{
	reg_wr(g, R_IQT, 8, (uint64_t)g->iq_tail << (g->iq_dw256 ? 5 : 4));
}

void qi_submit(struct guest *g, const uint64_t desc[4])
{
	qi_queue(g, desc);
	qi_kick(g);
}

/* Wait descriptor (type 5): SW bit 5, status data 63:32, address qw1. */
bool qi_sync(struct guest *g)
{
	uint64_t d[4] = { 0 };
	uint32_t seq = ++g->status_seq;

	if (!g->status_page)
		g->status_page = guest_page(g);
	d[0] = 5 | 1u << 5 | (uint64_t)seq << 32;
	d[1] = g->status_page;
	qi_submit(g, d);
	return rd32(g, g->status_page) == seq;
}

struct vvtd_translation xlate(struct guest *g, uint16_t sid, uint32_t pasid,
			      uint64_t iova, unsigned access)
{
	struct vvtd_translation t;

	if (vvtd_translate(g->v, sid, pasid, iova, access, &t))
		abort();
	return t;
}
