/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nested bind engine against the simulated host, through the public
 * API only: the seed's topology, DMA through nested and pass-through
 * bindings, invalidation propagation (and the stale result without it),
 * host-call counts, and a fail-nth sweep over every host call of a full
 * life cycle.  Everything runs twice: with the simulated host as the
 * backend, and with the real iommufd backend whose ioctls go to the
 * kernel-ABI emulation (tests/support/kabi.c) in front of the same host.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <vvtd/vvtd-simhost.h>

#include "builder.h"
#ifdef VVTD_TEST_KABI
#include <vvtd/vvtd-iommufd.h>

#include "kabi.h"
#endif

#define MEM (UINT64_C(64) << 20)
#define ROOT 0x10000
#define DATA_A 0x400000
#define DATA_B 0x500000
#define IOVA 0x100000

enum { DEV_A, DEV_B, DEV_NC, DEV_FD1, NDEVS };

static const uint16_t sids[NDEVS] = { 0x10, 0x18, 0x20, 0x28 };

/* Set by the group setup: devices reach the host through the iommufd
 * backend and the kernel-ABI emulation. */
static bool via_abi;

struct world {
	struct guest g;
	struct vvtd_simhost *h;
	struct vvtd_simhost_fd *fd[2];
#ifdef VVTD_TEST_KABI
	struct kabi kabi[2];
	struct vvtd_iommufd *ifd[2];
#endif
	unsigned coherent, noncoherent;
	uint32_t dev_id[NDEVS];
	unsigned dev_fd[NDEVS];
	uint64_t pdir[NDEVS], ptbl[NDEVS];
	uint64_t fs_root_a, fs_root_b;
};

/* ---- setup ---- */

static void world_init(struct world *w)
{
	struct vvtd_simhost_iommu mu;
	struct vvtd_config cfg;

	memset(w, 0, sizeof(*w));
	vvtd_config_init(&cfg);
	assert_int_equal(vvtd_config_set(&cfg, "x-scalable-mode", "on"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "x-flts", "on"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "caching-mode", "on"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "x-pasid-mode", "on"), 0);
	assert_int_equal(guest_init(&w->g, &cfg, MEM, 0x20000), 0);
	assert_int_equal(vvtd_ram_add(w->g.v, 0, MEM,
				      vvtd_flatmem_host(w->g.mem), 0), 0);
	assert_int_equal(vvtd_simhost_new(&w->h), 0);
	vvtd_simhost_iommu_init(&mu);
	assert_int_equal(vvtd_simhost_add_iommu(w->h, &mu, &w->coherent), 0);
	mu.features &= ~VVTD_SIMHOST_COHERENT;
	assert_int_equal(vvtd_simhost_add_iommu(w->h, &mu, &w->noncoherent),
			 0);
	assert_int_equal(vvtd_simhost_open(w->h, &w->fd[0]), 0);
	assert_int_equal(vvtd_simhost_open(w->h, &w->fd[1]), 0);
#ifdef VVTD_TEST_KABI
	for (unsigned f = 0; via_abi && f < 2; f++) {
		kabi_init(&w->kabi[f], w->fd[f]);
		assert_int_equal(vvtd_iommufd_adopt(KABI_IOMMUFD_FD,
						    &w->ifd[f]), 0);
		vvtd_iommufd_set_ioctl(w->ifd[f], kabi_ioctl, &w->kabi[f]);
	}
#endif
}

static void world_fini(struct world *w)
{
#ifdef VVTD_TEST_KABI
	vvtd_iommufd_free(w->ifd[0]);
	vvtd_iommufd_free(w->ifd[1]);
#endif
	vvtd_simhost_free(w->h);
	guest_fini(&w->g);
}

/* A host device behind IOMMU @mu bound to iommufd @f, handed to vvtd as
 * @sid: directly on the simulated host, or through VFIO_DEVICE_BIND_IOMMUFD
 * and the iommufd backend. */
static int host_device(struct world *w, unsigned f, unsigned mu, uint16_t sid,
		       uint32_t *dev_id)
{
	struct vvtd_host_device d = { .size = sizeof(d), .sid = sid };
	int rc;

#ifdef VVTD_TEST_KABI
	if (via_abi) {
		int cdev = kabi_add_cdev(&w->kabi[f], mu);

		assert_true(cdev >= 0);
		assert_int_equal(vvtd_iommufd_bind_device(w->ifd[f], cdev,
							  dev_id), 0);
		d.ops = vvtd_iommufd_ops();
		d.ctx = w->ifd[f];
	} else
#endif
	{
		assert_int_equal(vvtd_simhost_bind_device(w->fd[f], mu,
							  dev_id), 0);
		d.ops = vvtd_simhost_ops();
		d.ctx = w->fd[f];
	}
	d.dev_id = *dev_id;
	rc = vvtd_host_add_device(w->g.v, &d, NULL);
	if (rc) {
		/* the VMM closes the device it could not hand over */
#ifdef VVTD_TEST_KABI
		if (via_abi)
			vvtd_iommufd_forget_device(w->ifd[f], *dev_id);
#endif
		vvtd_simhost_unbind_device(w->fd[f], *dev_id);
	}
	return rc;
}

static int add_device(struct world *w, unsigned i)
{
	w->dev_fd[i] = i == DEV_FD1;
	return host_device(w, w->dev_fd[i],
			   i == DEV_NC ? w->noncoherent : w->coherent, sids[i],
			   &w->dev_id[i]);
}

static uint64_t calls(const struct world *w, enum vvtd_host_op op)
{
	struct vvtd_simhost_stats st = { .size = sizeof(st) };

	vvtd_simhost_get_stats(w->h, &st);
	if (op == VVTD_SIMHOST_ANY_OP) {
		uint64_t n = 0;

		for (unsigned i = 0; i < VVTD_HOST_OPS; i++)
			n += st.calls[i];
		return n;
	}
	return st.calls[op];
}

static uint32_t objects(const struct world *w)
{
	struct vvtd_simhost_stats st = { .size = sizeof(st) };

	vvtd_simhost_get_stats(w->h, &st);
	return st.objects;
}

/* Guest tables: a scalable context entry with a PASID directory for each
 * device; first-stage tables A (IOVA -> DATA_A) and B (IOVA -> DATA_B). */
static void guest_tables(struct world *w)
{
	struct guest *g = &w->g;

	for (unsigned i = 0; i < NDEVS; i++) {
		uint64_t ce[4] = { 0 };

		w->pdir[i] = guest_page(g);
		ce[0] = w->pdir[i] | 1 | 1u << 3;	/* P, PASIDE */
		sm_context(g, ROOT, sids[i], ce);
	}
	w->fs_root_a = guest_page(g);
	w->fs_root_b = guest_page(g);
	fs_map(g, w->fs_root_a, 4, IOVA, DATA_A, 4096, 0x6);
	fs_map(g, w->fs_root_b, 4, IOVA, DATA_B, 4096, 0x6);
	wr64(g, DATA_A, 0xaaaaaaaaaaaaaaaa);
	wr64(g, DATA_B, 0xbbbbbbbbbbbbbbbb);
	qi_setup(g, 0, true);
	set_root(g, ROOT, 1);
	enable_translation(g);
}

static void pasid_fs(struct world *w, unsigned dev, uint32_t pasid,
		     uint64_t root, uint16_t did)
{
	uint64_t pe[8];

	pe_first_stage(pe, root, did, false);
	sm_pasid_entry(&w->g, w->pdir[dev], pasid, pe);
}

static void pasid_pt(struct world *w, unsigned dev, uint32_t pasid,
		     uint16_t did)
{
	uint64_t pe[8];

	pe_pass_through(pe, did);
	sm_pasid_entry(&w->g, w->pdir[dev], pasid, pe);
}

static void pasid_clear(struct world *w, unsigned dev, uint32_t pasid)
{
	uint64_t pe[8] = { 0 };

	sm_pasid_entry(&w->g, w->pdir[dev], pasid, pe);
}

/* PASID-cache invalidation, global (VT-d 6.5.2.3), and a wait. */
static void pc_global(struct world *w)
{
	uint64_t d[4] = { 0x37, 0, 0, 0 };

	qi_submit(&w->g, d);
	assert_true(qi_sync(&w->g));
}

/* PASID-based IOTLB invalidation, page-selective (G=11b). */
static void piotlb_page(struct world *w, uint16_t did, uint32_t pasid,
			uint64_t addr, bool kick)
{
	uint64_t d[4] = { 0x36 | (uint64_t)did << 16 | (uint64_t)pasid << 32,
			  addr, 0, 0 };

	if (kick)
		qi_submit(&w->g, d);
	else
		qi_queue(&w->g, d);
}

/* DMA read of 8 bytes by a passthrough device; 0 on a fault. */
static uint64_t dma8(struct world *w, unsigned dev, uint32_t pasid,
		     uint64_t iova, uint8_t *fault)
{
	struct vvtd_simhost_fault f = { 0 };
	uint64_t v = 0;
	long n = vvtd_simhost_dma(w->fd[w->dev_fd[dev]], w->dev_id[dev], pasid,
				  iova, &v, 8, 0, &f);

	assert_true(n == 0 || n == 8);
	if (fault)
		*fault = n == 8 ? 0 : f.reason;
	return v;
}

/* ---- the seed's topology ---- */

struct topo_count {
	unsigned iommufds, containers, stage2, devices, bindings;
	uint32_t s2_users[8];
};

static void count_node(void *opaque, const struct vvtd_topo_node *n)
{
	struct topo_count *c = opaque;

	switch (n->kind) {
	case VVTD_TOPO_IOMMUFD: c->iommufds++; break;
	case VVTD_TOPO_CONTAINER: c->containers++; break;
	case VVTD_TOPO_STAGE2:
		if (c->stage2 < 8)
			c->s2_users[c->stage2] = n->users;
		c->stage2++;
		break;
	case VVTD_TOPO_DEVICE: c->devices++; break;
	default: c->bindings++; break;
	}
}

static void test_seed_topology(void **state)
{
	struct topo_count c = { 0 };
	struct world w;

	(void)state;
	world_init(&w);
	for (unsigned i = 0; i < NDEVS; i++)
		assert_int_equal(add_device(&w, i), 0);
	/* one IOAS per iommufd: RAM mapped once per IOAS */
	assert_int_equal(calls(&w, VVTD_HOST_OP_IOAS_MAP), 2);
	guest_tables(&w);
	pasid_fs(&w, DEV_A, 0, w.fs_root_a, 1);
	pasid_fs(&w, DEV_B, 0, w.fs_root_a, 1);
	pasid_pt(&w, DEV_NC, 0, 2);
	pasid_fs(&w, DEV_FD1, 0, w.fs_root_b, 3);
	pc_global(&w);
	vvtd_host_topology(w.g.v, count_node, &c);
	assert_int_equal(c.iommufds, 2);
	assert_int_equal(c.containers, 2);
	assert_int_equal(c.stage2, 3);	/* shared, non-coherent, fd1 */
	assert_int_equal(c.s2_users[0], 2);
	assert_int_equal(c.s2_users[1], 1);
	assert_int_equal(c.s2_users[2], 1);
	assert_int_equal(c.devices, 4);
	assert_int_equal(c.bindings, 4);
	assert_int_equal(calls(&w, VVTD_HOST_OP_IOAS_MAP), 2);
	/* DMA: nested through table A, pass-through, nested through B */
	assert_true(dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
		    0xaaaaaaaaaaaaaaaa);
	assert_true(dma8(&w, DEV_B, VVTD_HOST_NO_PASID, IOVA, NULL) ==
		    0xaaaaaaaaaaaaaaaa);
	assert_true(dma8(&w, DEV_NC, VVTD_HOST_NO_PASID, DATA_B, NULL) ==
		    0xbbbbbbbbbbbbbbbb);
	assert_true(dma8(&w, DEV_FD1, VVTD_HOST_NO_PASID, IOVA, NULL) ==
		    0xbbbbbbbbbbbbbbbb);
	for (unsigned i = 0; i < NDEVS; i++)
		assert_int_equal(vvtd_host_remove_device(w.g.v, sids[i]), 0);
	assert_int_equal(objects(&w), 0);
	world_fini(&w);
}

/* Map calls do not grow with the number of devices. */
static void test_map_once_per_ioas(void **state)
{
	struct vvtd_simhost_iommu mu;
	struct world w;
	unsigned idx;

	(void)state;
	world_init(&w);
	vvtd_simhost_iommu_init(&mu);
	assert_int_equal(vvtd_simhost_add_iommu(w.h, &mu, &idx), 0);
	for (uint16_t k = 0; k < 16; k++) {
		uint32_t dev_id;

		assert_int_equal(host_device(&w, 0, idx, (uint16_t)(0x100 + k),
					     &dev_id), 0);
		assert_int_equal(calls(&w, VVTD_HOST_OP_IOAS_MAP), 1);
	}
	for (uint16_t k = 0; k < 16; k++)
		vvtd_host_remove_device(w.g.v, (uint16_t)(0x100 + k));
	assert_int_equal(objects(&w), 0);
	world_fini(&w);
}

/* ---- invalidation propagation ---- */

static void remap_and_check(bool propagate)
{
	struct world w;
	uint64_t leaf;

	world_init(&w);
	assert_int_equal(add_device(&w, DEV_A), 0);
	guest_tables(&w);
	pasid_fs(&w, DEV_A, 0, w.fs_root_a, 1);
	pc_global(&w);
	assert_true(dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
		    0xaaaaaaaaaaaaaaaa);
	/* the guest remaps IOVA to DATA_B in table A */
	leaf = fs_leaf_gpa(&w.g, w.fs_root_a, 4, IOVA);
	wr64(&w.g, leaf, DATA_B | 0x7);
	if (propagate) {
		piotlb_page(&w, 1, 0, IOVA, true);
		assert_true(qi_sync(&w.g));
		assert_true(dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
			    0xbbbbbbbbbbbbbbbb);
	} else {
		/* no invalidation: the host IOTLB still has the old page */
		assert_true(dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
			    0xaaaaaaaaaaaaaaaa);
	}
	vvtd_host_remove_device(w.g.v, sids[DEV_A]);
	assert_int_equal(objects(&w), 0);
	world_fini(&w);
}

static void test_invalidation_propagates(void **state)
{
	(void)state;
	remap_and_check(true);
}

static void test_stale_without_invalidation(void **state)
{
	(void)state;
	remap_and_check(false);
}

/* ---- host calls per operation (the targets of bench/bind) ---- */

static void test_host_call_counts(void **state)
{
	uint64_t before;
	uint8_t fr;
	struct world w;

	(void)state;
	world_init(&w);
	assert_int_equal(add_device(&w, DEV_A), 0);
	guest_tables(&w);

	before = calls(&w, VVTD_SIMHOST_ANY_OP);
	pasid_fs(&w, DEV_A, 0, w.fs_root_a, 1);
	pc_global(&w);
	assert_int_equal(calls(&w, VVTD_SIMHOST_ANY_OP) - before, 2);

	before = calls(&w, VVTD_SIMHOST_ANY_OP);
	pasid_fs(&w, DEV_A, 0, w.fs_root_b, 1);
	pc_global(&w);
	assert_int_equal(calls(&w, VVTD_SIMHOST_ANY_OP) - before, 3);
	assert_true(dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
		    0xbbbbbbbbbbbbbbbb);

	before = calls(&w, VVTD_HOST_OP_HWPT_INVALIDATE);
	for (unsigned k = 0; k < 64; k++)
		piotlb_page(&w, 1, 0, IOVA + 4096 * k, false);
	qi_kick(&w.g);
	assert_true(qi_sync(&w.g));
	assert_int_equal(calls(&w, VVTD_HOST_OP_HWPT_INVALIDATE) - before, 1);

	before = calls(&w, VVTD_SIMHOST_ANY_OP);
	pasid_clear(&w, DEV_A, 0);
	pc_global(&w);
	assert_int_equal(calls(&w, VVTD_SIMHOST_ANY_OP) - before, 2);
	dma8(&w, DEV_A, VVTD_HOST_NO_PASID, IOVA, &fr);
	assert_int_equal(fr, 0x59);	/* blocked */

	vvtd_host_remove_device(w.g.v, sids[DEV_A]);
	assert_int_equal(objects(&w), 0);
	world_fini(&w);
}

/* ---- fail-nth sweep ---- */

/*
 * The whole life cycle: devices added, bindings made (first-stage, pass-
 * through, a second PASID), updated, invalidated, unbound, translation
 * turned off, devices removed.  With a host failure injected anywhere,
 * nothing may crash or leak, and once the host behaves again a fresh
 * PASID-cache invalidation must bring the device to the guest's state.
 */
static bool injected(const struct world *w)
{
	struct vvtd_simhost_stats st = { .size = sizeof(st) };

	vvtd_simhost_get_stats(w->h, &st);
	return st.injected != 0;
}

static void life_cycle(struct world *w, bool check)
{
	bool added[NDEVS], recovered;

	for (unsigned i = 0; i < NDEVS; i++)
		added[i] = add_device(w, i) == 0;
	guest_tables(w);
	pasid_fs(w, DEV_A, 0, w->fs_root_a, 1);
	pasid_fs(w, DEV_A, 5, w->fs_root_b, 2);
	pasid_fs(w, DEV_B, 0, w->fs_root_a, 1);
	pasid_pt(w, DEV_NC, 0, 3);
	pasid_fs(w, DEV_FD1, 0, w->fs_root_b, 4);
	pc_global(w);
	if (check) {
		assert_true(dma8(w, DEV_A, VVTD_HOST_NO_PASID, IOVA, NULL) ==
			    0xaaaaaaaaaaaaaaaa);
		assert_true(dma8(w, DEV_A, 5, IOVA, NULL) ==
			    0xbbbbbbbbbbbbbbbb);
	}
	/* update, invalidate, unbind */
	pasid_fs(w, DEV_B, 0, w->fs_root_b, 1);
	pc_global(w);
	piotlb_page(w, 1, 0, IOVA, true);
	piotlb_page(w, 2, 5, IOVA, true);
	assert_true(qi_sync(&w->g));
	pasid_clear(w, DEV_A, 5);
	pc_global(w);
	/* Once the injected failure is behind us, one more PASID-cache
	 * invalidation must bring the host to the guest's state.  (A failure
	 * still pending fires later, in the recovery or the teardown.) */
	recovered = injected(w) || check;
	pc_global(w);
	if (recovered && added[DEV_A]) {
		uint8_t fr;

		assert_true(dma8(w, DEV_A, VVTD_HOST_NO_PASID, IOVA, &fr) ==
			    0xaaaaaaaaaaaaaaaa);
		dma8(w, DEV_A, 5, IOVA, &fr);
		assert_int_equal(fr, 0x59);
	}
	if (recovered && added[DEV_B])
		assert_true(dma8(w, DEV_B, VVTD_HOST_NO_PASID, IOVA, NULL) ==
			    0xbbbbbbbbbbbbbbbb);
	/* translation off, then teardown */
	gcmd_set(&w->g, 1u << 31, false);
	for (unsigned i = 0; i < NDEVS; i++)
		if (added[i])
			assert_int_equal(vvtd_host_remove_device(w->g.v,
								 sids[i]), 0);
}

static unsigned sweep(int err)
{
	struct world w;
	uint64_t total;
	unsigned points = 0;

	world_init(&w);
	life_cycle(&w, true);
	total = calls(&w, VVTD_SIMHOST_ANY_OP);
	assert_int_equal(objects(&w), 0);
	world_fini(&w);

	for (uint64_t nth = 1; nth <= total; nth++) {
		struct vvtd_simhost_stats st = { .size = sizeof(st) };

		world_init(&w);
		vvtd_simhost_fail(w.h, VVTD_SIMHOST_ANY_OP, (unsigned)nth,
				  err);
		life_cycle(&w, false);
		vvtd_simhost_get_stats(w.h, &st);
		assert_int_equal(st.injected, 1);
		points++;
		/* nothing left on the host */
		assert_int_equal(st.objects, 0);
		world_fini(&w);
	}
	return points;
}

static void test_fail_nth_sweep(void **state)
{
	static const int errs[] = { -ENOMEM, -EINVAL, -EBUSY, -EIO };
	unsigned points = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		points += sweep(errs[i]);
	printf("fail-nth sweep%s: %u failure points (4 errnos)\n",
	       via_abi ? " through the kernel ABI" : "", points);
	assert_true(points > 100);
}

static int use_simhost(void **state)
{
	(void)state;
	via_abi = false;
	return 0;
}

static int use_kernel_abi(void **state)
{
	(void)state;
	via_abi = true;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_topology),
		cmocka_unit_test(test_map_once_per_ioas),
		cmocka_unit_test(test_invalidation_propagates),
		cmocka_unit_test(test_stale_without_invalidation),
		cmocka_unit_test(test_host_call_counts),
		cmocka_unit_test(test_fail_nth_sweep),
	};
	int failed;

	failed = cmocka_run_group_tests_name("bind engine, simulated host",
					     tests, use_simhost, NULL);
#ifdef VVTD_TEST_KABI
	failed += cmocka_run_group_tests_name("bind engine, iommufd backend "
					      "through the kernel ABI",
					      tests, use_kernel_abi, NULL);
#else
	(void)use_kernel_abi;
#endif
	return failed;
}
