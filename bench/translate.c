/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/translate: the cost of vvtd_translate() in three situations, each in
 * its own function so callgrind can count it alone (bench/run-translate):
 *
 *  bench_iotlb_hit      the same page again: context-cache and IOTLB hit
 *  bench_ss_miss        legacy mode, context cached, IOTLB miss, 4-level
 *                       second-stage walk
 *  bench_fs_miss        scalable mode, context and PASID entries cached,
 *                       IOTLB miss, 4-level first-stage walk (A/D bits
 *                       already set, as in steady state)
 *
 * Each runs ITERATIONS translations; the script divides the instruction
 * count by it.  Without valgrind the program just checks the results.
 */
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"

#define ITERATIONS 1000u
#define SID 0x0010u

static unsigned long sink;

static void check(const struct vvtd_translation *t, uint64_t want)
{
	if (t->fault_reason || t->addr != want) {
		fprintf(stderr, "bench: unexpected translation 0x%llx fault "
				"0x%x (wanted 0x%llx)\n",
			(unsigned long long)t->addr, t->fault_reason,
			(unsigned long long)want);
		exit(1);
	}
}

__attribute__((noinline)) static void bench_iotlb_hit(struct vvtd *v)
{
	struct vvtd_translation t;

	for (unsigned i = 0; i < ITERATIONS; i++) {
		vvtd_translate(v, SID, VVTD_NO_PASID, 0x10000000,
			       VVTD_ACCESS_READ, &t);
		sink += t.addr;
	}
}

__attribute__((noinline)) static void bench_ss_miss(struct vvtd *v)
{
	struct vvtd_translation t;

	for (unsigned i = 0; i < ITERATIONS; i++) {
		vvtd_translate(v, SID, VVTD_NO_PASID,
			       0x30000000 + ((uint64_t)i << 12),
			       VVTD_ACCESS_READ, &t);
		sink += t.addr;
	}
}

__attribute__((noinline)) static void bench_fs_miss(struct vvtd *v)
{
	struct vvtd_translation t;

	for (unsigned i = 0; i < ITERATIONS; i++) {
		vvtd_translate(v, SID, VVTD_NO_PASID,
			       0x20000000 + ((uint64_t)i << 12),
			       VVTD_ACCESS_READ, &t);
		sink += t.addr;
	}
}

static void legacy(void)
{
	struct guest g;
	uint64_t root, pml4;
	struct vvtd_translation t;

	if (guest_init(&g, NULL, 64u << 20, 16u << 20))
		exit(1);
	root = guest_page(&g);
	pml4 = guest_page(&g);
	legacy_context(&g, root, SID, ctx_lo(pml4, 0), ctx_hi(2, 1));
	ss_map(&g, pml4, 4, 0x10000000, 0x100000, 4096, 3);
	for (unsigned i = 0; i < ITERATIONS; i++)
		ss_map(&g, pml4, 4, 0x30000000 + ((uint64_t)i << 12),
		       0x200000 + ((uint64_t)i << 12), 4096, 3);
	set_root(&g, root, 0);
	enable_translation(&g);

	t = xlate(&g, SID, VVTD_NO_PASID, 0x10000000, VVTD_ACCESS_READ);
	check(&t, 0x100000);
	bench_iotlb_hit(g.v);
	bench_ss_miss(g.v);
	t = xlate(&g, SID, VVTD_NO_PASID, 0x30000000 + 5 * 4096,
		  VVTD_ACCESS_READ);
	check(&t, 0x200000 + 5 * 4096);
	guest_fini(&g);
}

static void scalable(void)
{
	struct vvtd_config cfg;
	uint64_t root, pdir, pml4, ctx[4] = { 0 }, pe[8];
	struct vvtd_translation t;
	struct guest g;

	vvtd_config_init(&cfg);
	vvtd_config_set(&cfg, "x-scalable-mode", "on");
	vvtd_config_set(&cfg, "x-flts", "on");
	if (guest_init(&g, &cfg, 64u << 20, 16u << 20))
		exit(1);
	root = guest_page(&g);
	pdir = guest_page(&g);
	pml4 = guest_page(&g);
	ctx[0] = pdir | 1;			/* P, PDTS 0 */
	sm_context(&g, root, SID, ctx);
	pe_first_stage(pe, pml4, 1, false);
	sm_pasid_entry(&g, pdir, 0, pe);
	/* A (bit 5) and D (bit 6) set: the steady state of a busy device */
	fs_map(&g, pml4, 4, 0x10000000, 0x100000, 4096, 0x66);
	for (unsigned i = 0; i < ITERATIONS; i++)
		fs_map(&g, pml4, 4, 0x20000000 + ((uint64_t)i << 12),
		       0x200000 + ((uint64_t)i << 12), 4096, 0x66);
	/* intermediate levels accessed too */
	for (uint64_t e = pml4, l = 4; l > 1; l--) {
		uint64_t slot = e + 8 * ((0x20000000ull >> (12 + 9 * (l - 1)))
					 & 511);

		wr64(&g, slot, rd64(&g, slot) | 0x20);
		e = rd64(&g, slot) & 0x000ffffffffff000ull;
	}
	set_root(&g, root, 1);
	enable_translation(&g);

	t = xlate(&g, SID, VVTD_NO_PASID, 0x10000000, VVTD_ACCESS_READ);
	check(&t, 0x100000);
	bench_fs_miss(g.v);
	t = xlate(&g, SID, VVTD_NO_PASID, 0x20000000 + 7 * 4096,
		  VVTD_ACCESS_READ);
	check(&t, 0x200000 + 7 * 4096);
	guest_fini(&g);
}

int main(void)
{
	legacy();
	scalable();
	printf("iterations %u (checksum %lu)\n", ITERATIONS, sink);
	return 0;
}
