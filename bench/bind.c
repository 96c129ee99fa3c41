/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host calls per bind-engine operation, on the simulated host.  Prints one
 * line per operation with the calls it took (by kind) and its target.
 * bench/run-bind adds instructions per operation under callgrind (each
 * measured operation runs in a function of its own, bench_*).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vvtd/vvtd-simhost.h>

#include "builder.h"

#define MEM (UINT64_C(64) << 20)
#define ROOT 0x10000
#define IOVA 0x100000
#define ITERATIONS 100

static struct guest g;
static struct vvtd_simhost *h;
static struct vvtd_simhost_fd *fd;
static unsigned iommu;
static uint64_t pdir, root_a, root_b;

static void die(const char *what)
{
	fprintf(stderr, "bench/bind: %s\n", what);
	exit(1);
}

struct counts {
	uint64_t c[VVTD_HOST_OPS];
};

static struct counts snapshot(void)
{
	struct vvtd_simhost_stats st = { .size = sizeof(st) };
	struct counts out;

	vvtd_simhost_get_stats(h, &st);
	memcpy(out.c, st.calls, sizeof(out.c));
	return out;
}

/* @sum += @after - @before */
static void accumulate(struct counts *sum, const struct counts *before,
		       const struct counts *after)
{
	for (unsigned i = 0; i < VVTD_HOST_OPS; i++)
		sum->c[i] += after->c[i] - before->c[i];
}

static void report(const char *name, const struct counts *sum,
		   unsigned times, unsigned target)
{
	uint64_t total = 0;

	printf("%-34s", name);
	for (unsigned i = 0; i < VVTD_HOST_OPS; i++) {
		total += sum->c[i];
		if (sum->c[i])
			printf(" %s=%" PRIu64, vvtd_host_op_name(i),
			       sum->c[i] / times);
	}
	printf("  => %" PRIu64 " host calls (target %u)%s\n", total / times,
	       target, total / times <= target ? "" : "  OVER TARGET");
}

static void add_device(uint16_t sid)
{
	struct vvtd_host_device d = { .size = sizeof(d), .sid = sid };

	if (vvtd_simhost_bind_device(fd, iommu, &d.dev_id))
		die("bind_device");
	d.ops = vvtd_simhost_ops();
	d.ctx = fd;
	if (vvtd_host_add_device(g.v, &d, NULL))
		die("add_device");
}

static void pasid_fs(uint64_t root)
{
	uint64_t pe[8];

	pe_first_stage(pe, root, 1, false);
	sm_pasid_entry(&g, pdir, 0, pe);
}

static void pc_global(void)
{
	uint64_t d[4] = { 0x37, 0, 0, 0 };

	qi_submit(&g, d);
	if (!qi_sync(&g))
		die("queue");
}

/* The measured operations (named for callgrind's --toggle-collect). */
__attribute__((noinline)) static void bench_bind(void)
{
	pasid_fs(root_a);
	pc_global();
}

__attribute__((noinline)) static void bench_update(void)
{
	pasid_fs(root_b);
	pc_global();
}

__attribute__((noinline)) static void bench_unbind(void)
{
	uint64_t pe[8] = { 0 };

	sm_pasid_entry(&g, pdir, 0, pe);
	pc_global();
}

__attribute__((noinline)) static void bench_piotlb64(void)
{
	for (unsigned k = 0; k < 64; k++) {
		uint64_t d[4] = { 0x36 | UINT64_C(1) << 16, IOVA + 4096 * k,
				  0, 0 };

		qi_queue(&g, d);
	}
	qi_kick(&g);
	if (!qi_sync(&g))
		die("queue");
}

int main(void)
{
	struct counts bind = { { 0 } }, update = { { 0 } }, unbind = { { 0 } },
		      inval = { { 0 } }, maps = { { 0 } }, t0, t1;
	struct vvtd_simhost_iommu mu;
	struct vvtd_config cfg;
	uint64_t ce[4] = { 0 };

	vvtd_config_init(&cfg);
	if (vvtd_config_set(&cfg, "x-scalable-mode", "on") ||
	    vvtd_config_set(&cfg, "x-flts", "on") ||
	    vvtd_config_set(&cfg, "caching-mode", "on") ||
	    guest_init(&g, &cfg, MEM, 0x20000) ||
	    vvtd_ram_add(g.v, 0, MEM, vvtd_flatmem_host(g.mem), 0) ||
	    vvtd_simhost_new(&h) || vvtd_simhost_open(h, &fd))
		die("setup");
	vvtd_simhost_iommu_init(&mu);
	if (vvtd_simhost_add_iommu(h, &mu, &iommu))
		die("iommu");

	/* guest RAM is mapped once per IOAS, whatever the device count */
	t0 = snapshot();
	for (uint16_t k = 0; k < 64; k++)
		add_device((uint16_t)(0x100 + k));
	t1 = snapshot();
	accumulate(&maps, &t0, &t1);
	printf("%-34s ioas_map=%" PRIu64 " for 64 devices (target 1, "
	       "independent of N)\n", "guest RAM mapping",
	       maps.c[VVTD_HOST_OP_IOAS_MAP]);

	pdir = guest_page(&g);
	ce[0] = pdir | 1;	/* P (requests without PASID only) */
	sm_context(&g, ROOT, 0x100, ce);
	root_a = guest_page(&g);
	root_b = guest_page(&g);
	fs_map(&g, root_a, 4, IOVA, 0x400000, 4096, 0x6);
	fs_map(&g, root_b, 4, IOVA, 0x500000, 4096, 0x6);
	qi_setup(&g, 0, true);
	set_root(&g, ROOT, 1);
	enable_translation(&g);

	for (unsigned it = 0; it < ITERATIONS; it++) {
		t0 = snapshot();
		bench_bind();
		t1 = snapshot();
		accumulate(&bind, &t0, &t1);
		bench_piotlb64();
		t0 = snapshot();
		accumulate(&inval, &t1, &t0);
		bench_update();
		t1 = snapshot();
		accumulate(&update, &t0, &t1);
		bench_unbind();
		t0 = snapshot();
		accumulate(&unbind, &t1, &t0);
	}
	report("first-stage bind (stage-2 exists)", &bind, ITERATIONS, 2);
	report("first-stage update", &update, ITERATIONS, 3);
	report("first-stage unbind", &unbind, ITERATIONS, 2);
	report("64 page-selective PASID-IOTLB", &inval, ITERATIONS, 1);
	printf("iterations %u\n", ITERATIONS);
	for (uint16_t k = 0; k < 64; k++)
		vvtd_host_remove_device(g.v, (uint16_t)(0x100 + k));
	vvtd_simhost_free(h);
	guest_fini(&g);
	return 0;
}
