/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test support: a guest that builds VT-d structures in flat guest memory
 * and programs a vvtd instance through its public API, the way a guest
 * driver would.  Encodings here are written from the VT-d specification
 * independently of src/ (they must not share code with the model under
 * test).  Used by unit tests, the stress and random tests and benchmarks.
 */
#ifndef VVTD_TEST_BUILDER_H
#define VVTD_TEST_BUILDER_H

#include <stdbool.h>
#include <stdint.h>

#include <vvtd/vvtd-flatmem.h>
#include <vvtd/vvtd.h>

struct guest {
	struct vvtd_flatmem *mem;
	struct vvtd *v;
	uint64_t next_page;	/* bump allocator for tables */
	uint64_t mem_size;
	/* recorded callbacks */
	unsigned msi_count;
	uint64_t last_msi_addr;
	uint32_t last_msi_data;
	unsigned log_count;
	/* invalidation queue */
	uint64_t iq_base;
	unsigned iq_entries;
	bool iq_dw256;
	unsigned iq_tail;
	uint64_t status_page;	/* qi_sync() status dword, lazily */
	uint32_t status_seq;
};

/* Guest RAM of @mem_size bytes; tables are allocated from @table_base up.
 * The instance is created from @cfg (NULL: defaults) with callbacks
 * recording MSIs.  Returns 0 or the vvtd_new() error. */
int guest_init(struct guest *g, const struct vvtd_config *cfg,
	       uint64_t mem_size, uint64_t table_base);
/* The same with the embedder's own callbacks (they must reach guest RAM
 * through g->mem, which exists before any callback runs). */
int guest_init_with(struct guest *g, const struct vvtd_config *cfg,
		    uint64_t mem_size, uint64_t table_base,
		    const struct vvtd_callbacks *cb);
void guest_fini(struct guest *g);

/* A zeroed, 4 KiB aligned page of guest RAM for tables. */
uint64_t guest_page(struct guest *g);

uint64_t rd64(struct guest *g, uint64_t gpa);
void wr64(struct guest *g, uint64_t gpa, uint64_t val);
uint32_t rd32(struct guest *g, uint64_t gpa);

/* Registers */
uint64_t reg_rd(struct guest *g, uint64_t off, unsigned size);
void reg_wr(struct guest *g, uint64_t off, unsigned size, uint64_t val);
/* GCMD write of the current GSTS with @bit set or cleared, as drivers do. */
void gcmd_set(struct guest *g, uint32_t bit, bool on);
/* RTADDR + SRTP; TTM 0 legacy, 1 scalable. */
void set_root(struct guest *g, uint64_t root, unsigned ttm);
void enable_translation(struct guest *g);

/* ---- legacy mode ---- */
/* Root table page (allocated on first use) entry for @bus: its context
 * table, allocated on first use. */
uint64_t legacy_context_table(struct guest *g, uint64_t root, uint8_t bus);
/* Program the context entry of @sid. */
void legacy_context(struct guest *g, uint64_t root, uint16_t sid,
		    uint64_t lo, uint64_t hi);
/* lo/hi for a present entry: TT, second-stage root, AW (1..3), DID. */
uint64_t ctx_lo(uint64_t ssptptr, unsigned tt);
uint64_t ctx_hi(unsigned aw, uint16_t did);

/* ---- scalable mode ---- */
/* The scalable context entry of @sid (256 bits) under @root. */
void sm_context(struct guest *g, uint64_t root, uint16_t sid,
		const uint64_t val[4]);
/* Present PASID-dir entry + PASID entry for @pasid under @pdir. */
void sm_pasid_entry(struct guest *g, uint64_t pdir, uint32_t pasid,
		    const uint64_t val[8]);
/* Convenience: an entry with PGTT and pointer, DID, AW/FSPM, flags. */
void pe_first_stage(uint64_t val[8], uint64_t fsptptr, uint16_t did,
		    bool five_level);
void pe_second_stage(uint64_t val[8], uint64_t ssptptr, uint16_t did,
		     unsigned aw);
void pe_pass_through(uint64_t val[8], uint16_t did);

/* ---- page tables ---- */
/* Map [iova, iova + size) -> gpa with a second-stage leaf of @size (4K,
 * 2M, 1G) and R/W/X @perm bits (bit 0 R, 1 W, 2 X); intermediate levels
 * RWX. */
void ss_map(struct guest *g, uint64_t root, unsigned levels, uint64_t iova,
	    uint64_t gpa, uint64_t size, unsigned perm);
/* Map with a first-stage leaf; @flags: bits of the leaf entry besides the
 * address and PS (P is added); intermediate levels P|RW|US. */
void fs_map(struct guest *g, uint64_t root, unsigned levels, uint64_t iova,
	    uint64_t gpa, uint64_t size, uint64_t flags);
/* GPA of the leaf entry mapping @iova (or 0 when not mapped). */
uint64_t fs_leaf_gpa(struct guest *g, uint64_t root, unsigned levels,
		     uint64_t iova);
uint64_t ss_leaf_gpa(struct guest *g, uint64_t root, unsigned levels,
		     uint64_t iova);

/* ---- invalidation queue ---- */
/* Allocate a queue of 2^qs pages, program IQA (DW per @dw256), enable QI. */
void qi_setup(struct guest *g, unsigned qs, bool dw256);
/* Write one descriptor at the tail (2 or 4 qwords) and advance IQT. */
void qi_submit(struct guest *g, const uint64_t desc[4]);
/* Queue descriptors without advancing IQT; then qi_kick() writes IQT. */
void qi_queue(struct guest *g, const uint64_t desc[4]);
void qi_kick(struct guest *g);
/* Submit a wait descriptor with status write and poll it. */
bool qi_sync(struct guest *g);

/* ---- translation ---- */
/* vvtd_translate() result shortcuts. */
struct vvtd_translation xlate(struct guest *g, uint16_t sid, uint32_t pasid,
			      uint64_t iova, unsigned access);

#endif /* VVTD_TEST_BUILDER_H */
