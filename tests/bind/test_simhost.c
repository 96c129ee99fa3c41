/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated host follows the kernel's rules with the kernel's errno
 * values (iommufd hw_pagetable.c, device.c, intel/nested.c; see
 * vtd-iommufd-facts.md section 3): one test per rule.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vvtd/vvtd-simhost.h>

static uint8_t ram[4 * 4096] __attribute__((aligned(4096)));

struct host {
	struct vvtd_simhost *h;
	struct vvtd_simhost_fd *fd;
	const struct vvtd_host_ops *ops;
	unsigned mu_default, mu_nc, mu_nonest, mu_plain;
	uint32_t dev, dev_nc, dev_nonest, dev_plain, ioas;
};

static void host_init(struct host *t)
{
	struct vvtd_simhost_iommu cfg;

	memset(t, 0, sizeof(*t));
	assert_int_equal(vvtd_simhost_new(&t->h), 0);
	vvtd_simhost_iommu_init(&cfg);
	assert_int_equal(vvtd_simhost_add_iommu(t->h, &cfg, &t->mu_default), 0);
	cfg.features &= ~VVTD_SIMHOST_COHERENT;
	assert_int_equal(vvtd_simhost_add_iommu(t->h, &cfg, &t->mu_nc), 0);
	vvtd_simhost_iommu_init(&cfg);
	cfg.features &= ~VVTD_SIMHOST_NESTING;
	assert_int_equal(vvtd_simhost_add_iommu(t->h, &cfg, &t->mu_nonest), 0);
	vvtd_simhost_iommu_init(&cfg);
	cfg.features = VVTD_SIMHOST_COHERENT | VVTD_SIMHOST_NESTING;
	cfg.mgaw = 48;
	cfg.max_pasid_log2 = 0;
	assert_int_equal(vvtd_simhost_add_iommu(t->h, &cfg, &t->mu_plain), 0);
	assert_int_equal(vvtd_simhost_open(t->h, &t->fd), 0);
	assert_int_equal(vvtd_simhost_bind_device(t->fd, t->mu_default,
						  &t->dev), 0);
	assert_int_equal(vvtd_simhost_bind_device(t->fd, t->mu_nc,
						  &t->dev_nc), 0);
	assert_int_equal(vvtd_simhost_bind_device(t->fd, t->mu_nonest,
						  &t->dev_nonest), 0);
	assert_int_equal(vvtd_simhost_bind_device(t->fd, t->mu_plain,
						  &t->dev_plain), 0);
	t->ops = vvtd_simhost_ops();
	assert_int_equal(t->ops->ioas_alloc(t->fd, &t->ioas), 0);
	assert_int_equal(t->ops->ioas_map(t->fd, t->ioas, 0, sizeof(ram), ram,
					  VVTD_HOST_MAP_READABLE |
						  VVTD_HOST_MAP_WRITEABLE), 0);
}

static void host_fini(struct host *t)
{
	vvtd_simhost_free(t->h);
}

static int alloc_s2(struct host *t, uint32_t dev, uint32_t flags,
		    uint32_t *id)
{
	return t->ops->hwpt_alloc(t->fd, dev, t->ioas, flags,
				  VVTD_HOST_DATA_NONE, NULL, 0, id);
}

static int alloc_s1(struct host *t, uint32_t dev, uint32_t parent,
		    const struct vvtd_host_vtd_s1 *s1, uint32_t *id)
{
	return t->ops->hwpt_alloc(t->fd, dev, parent, 0, VVTD_HOST_DATA_VTD_S1,
				  s1, sizeof(*s1), id);
}

static const struct vvtd_host_vtd_s1 s1_ok = { .pgtbl_addr = 0x1000,
					       .addr_width = 48 };

static void test_ids_and_destroy(void **state)
{
	struct host t;
	uint32_t s2, s1;

	(void)state;
	host_init(&t);
	/* devices 1-4, IOAS 5: lowest free ids, as the kernel's xarray */
	assert_int_equal(t.dev, 1);
	assert_int_equal(t.ioas, 5);
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1_ok, &s1), 0);
	assert_int_equal(t.ops->destroy(t.fd, 99), -ENOENT);
	assert_int_equal(t.ops->destroy(t.fd, t.ioas), -EBUSY);	/* HWPT */
	assert_int_equal(t.ops->destroy(t.fd, s2), -EBUSY);	/* nested */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, s1),
			 0);
	assert_int_equal(t.ops->destroy(t.fd, s1), -EBUSY);	/* attached */
	assert_int_equal(t.ops->destroy(t.fd, t.dev), -EBUSY);	/* VFIO's */
	assert_int_equal(t.ops->detach(t.fd, t.dev, VVTD_HOST_NO_PASID), 0);
	assert_int_equal(t.ops->destroy(t.fd, s1), 0);
	assert_int_equal(t.ops->destroy(t.fd, s2), 0);
	assert_int_equal(t.ops->destroy(t.fd, t.ioas), 0);
	host_fini(&t);
}

static void test_hwpt_alloc_rules(void **state)
{
	struct vvtd_host_vtd_s1 s1 = s1_ok;
	uint8_t big[sizeof(s1) + 8] = { 0 };
	struct host t;
	uint32_t s2, plain, id;

	(void)state;
	host_init(&t);
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	assert_int_equal(alloc_s2(&t, t.dev, 0, &plain), 0);
	/* unknown flag; NEST_PARENT without nesting */
	assert_int_equal(alloc_s2(&t, t.dev, 1u << 7, &id), -EOPNOTSUPP);
	assert_int_equal(alloc_s2(&t, t.dev_nonest,
				  VVTD_HOST_HWPT_NEST_PARENT, &id),
			 -EOPNOTSUPP);
	/* data type and length must agree */
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0,
					   VVTD_HOST_DATA_VTD_S1, &s1, 0, &id),
			 -EINVAL);
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0,
					   VVTD_HOST_DATA_NONE, &s1,
					   sizeof(s1), &id), -EINVAL);
	/* unknown device; unknown parent */
	assert_int_equal(alloc_s1(&t, 77, s2, &s1, &id), -ENOENT);
	assert_int_equal(alloc_s1(&t, t.dev, 77, &s1, &id), -EINVAL);
	/* a parent that is not NEST_PARENT */
	assert_int_equal(alloc_s1(&t, t.dev, plain, &s1, &id), -EINVAL);
	/* unknown data type; unknown S1 flags */
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0, 9, &s1,
					   sizeof(s1), &id), -EOPNOTSUPP);
	s1.flags = 1u << 5;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &id), -EOPNOTSUPP);
	/* short user struct; longer one with a non-zero tail */
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0,
					   VVTD_HOST_DATA_VTD_S1, &s1_ok, 8,
					   &id), -EINVAL);
	memcpy(big, &s1_ok, sizeof(s1_ok));
	big[sizeof(s1) + 3] = 1;
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0,
					   VVTD_HOST_DATA_VTD_S1, big,
					   sizeof(big), &id), -E2BIG);
	big[sizeof(s1) + 3] = 0;
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2, 0,
					   VVTD_HOST_DATA_VTD_S1, big,
					   sizeof(big), &id), 0);
	host_fini(&t);
}

static void test_attach_rules(void **state)
{
	struct vvtd_host_vtd_s1 s1 = s1_ok;
	struct host t;
	uint32_t s2, s2_nc, n48, n57, nsre, neafe, npasid;

	(void)state;
	host_init(&t);
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	/* a non-coherent device cannot join a stage-2 that enforces
	 * coherency; a coherent one cannot upgrade a mapped non-CC one */
	assert_int_equal(t.ops->attach(t.fd, t.dev_nc, VVTD_HOST_NO_PASID, s2),
			 -EINVAL);
	assert_int_equal(alloc_s2(&t, t.dev_nc, VVTD_HOST_HWPT_NEST_PARENT,
				  &s2_nc), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev_nc, VVTD_HOST_NO_PASID,
				       s2_nc), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, s2_nc),
			 -EINVAL);
	/* addr_width 48 and 57 (this unit has FS5LP) fine, others not */
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &n48), 0);
	s1.addr_width = 57;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &n57), 0);
	s1.addr_width = 40;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &npasid), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, npasid),
			 -EINVAL);	/* checked at attach, not at alloc */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, n57),
			 0);
	/* replace: n48 takes the RID's place; n57 is free again */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, n48),
			 0);
	assert_int_equal(vvtd_simhost_pasid_attachment(t.fd, t.dev,
						       VVTD_HOST_NO_PASID),
			 n48);
	assert_int_equal(t.ops->destroy(t.fd, n57), 0);
	/* SRE needs ECAP.SRS (present), EAFE needs ECAP.EAFS (absent) */
	s1 = s1_ok;
	s1.flags = VVTD_HOST_VTD_S1_SRE;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &nsre), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, nsre),
			 0);
	s1.flags = VVTD_HOST_VTD_S1_EAFE;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &neafe), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, neafe),
			 -EINVAL);
	/* a PASID attachment needs a PASID-capable HWPT */
	assert_int_equal(t.ops->attach(t.fd, t.dev, 5, n48), -EINVAL);
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, s2,
					   VVTD_HOST_HWPT_ALLOC_PASID,
					   VVTD_HOST_DATA_VTD_S1, &s1_ok,
					   sizeof(s1_ok), &npasid), 0);
	assert_int_equal(t.ops->attach(t.fd, t.dev, 5, npasid), 0);
	/* ... and the RID too while PASIDs are attached */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, nsre),
			 0);	/* unchanged attachment: no check */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, n48),
			 -EINVAL);
	/* a unit without PASID support */
	assert_int_equal(t.ops->attach(t.fd, t.dev_plain, 5, npasid),
			 -EOPNOTSUPP);
	host_fini(&t);
}

static void test_errata_and_maps(void **state)
{
	struct host t;
	uint32_t s2, ioas2, plain;

	(void)state;
	host_init(&t);
	/* overlapping, misaligned, no permission, unknown flag */
	assert_int_equal(t.ops->ioas_map(t.fd, t.ioas, 0, 4096, ram,
					 VVTD_HOST_MAP_READABLE), -EEXIST);
	assert_int_equal(t.ops->ioas_map(t.fd, t.ioas, 0x100010, 4096, ram,
					 VVTD_HOST_MAP_READABLE), -EINVAL);
	assert_int_equal(t.ops->ioas_map(t.fd, t.ioas, 0x100000, 4096, ram, 0),
			 -EINVAL);
	assert_int_equal(t.ops->ioas_map(t.fd, t.ioas, 0x100000, 4096, ram,
					 1u << 9), -EOPNOTSUPP);
	/* ERRATA_772415: no read-only mapping under a nesting parent */
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	assert_int_equal(t.ops->ioas_map(t.fd, t.ioas, 0x100000, 4096, ram,
					 VVTD_HOST_MAP_READABLE), -EINVAL);
	assert_int_equal(t.ops->ioas_alloc(t.fd, &ioas2), 0);
	assert_int_equal(t.ops->ioas_map(t.fd, ioas2, 0, 4096, ram,
					 VVTD_HOST_MAP_READABLE), 0);
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, ioas2,
					   VVTD_HOST_HWPT_NEST_PARENT,
					   VVTD_HOST_DATA_NONE, NULL, 0, &plain),
			 -EINVAL);
	assert_int_equal(t.ops->hwpt_alloc(t.fd, t.dev, ioas2, 0,
					   VVTD_HOST_DATA_NONE, NULL, 0, &plain),
			 0);
	/* unmap: nothing there, a split, then whole */
	assert_int_equal(t.ops->ioas_unmap(t.fd, ioas2, 0x8000, 4096),
			 -ENOENT);
	assert_int_equal(t.ops->ioas_unmap(t.fd, t.ioas, 0, 4096), -EINVAL);
	assert_int_equal(t.ops->ioas_unmap(t.fd, t.ioas, 0, sizeof(ram)), 0);
	host_fini(&t);
}

static void test_invalidate_rules(void **state)
{
	struct vvtd_host_vtd_s1_inv e[3] = {
		{ .addr = 0x1000, .npages = 1 },
		{ .addr = 0, .npages = UINT64_MAX },
		{ .addr = 0x1000, .npages = UINT64_MAX },	/* invalid */
	};
	struct host t;
	uint32_t s2, s1, n;

	(void)state;
	host_init(&t);
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1_ok, &s1), 0);
	n = 3;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s1,
						VVTD_HOST_INV_DATA_VTD_S1, e,
						sizeof(e[0]), &n), -EINVAL);
	assert_int_equal(n, 2);		/* entry_num written back */
	n = 1;
	e[0].flags = 1u << 4;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s1,
						VVTD_HOST_INV_DATA_VTD_S1, e,
						sizeof(e[0]), &n), -EOPNOTSUPP);
	assert_int_equal(n, 0);
	e[0].flags = VVTD_HOST_INV_FLAGS_LEAF;
	n = 1;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s1,
						VVTD_HOST_INV_DATA_VTD_S1, e,
						8, &n), -EINVAL);
	n = 1;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s2,
						VVTD_HOST_INV_DATA_VTD_S1, e,
						sizeof(e[0]), &n), -EINVAL);
	n = 1;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s1, 7, e, sizeof(e[0]),
						&n), -EINVAL);
	n = 1;
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, s1,
						VVTD_HOST_INV_DATA_VTD_S1, e,
						sizeof(e[0]), &n), 0);
	assert_int_equal(n, 1);
	/* a longer entry with a zero tail is fine; a non-zero tail is not */
	{
		uint8_t wide[2][32] = { { 0 } };

		memcpy(wide[0], &e[0], sizeof(e[0]));
		memcpy(wide[1], &e[0], sizeof(e[0]));
		n = 2;
		assert_int_equal(t.ops->hwpt_invalidate(
					 t.fd, s1, VVTD_HOST_INV_DATA_VTD_S1,
					 wide, 32, &n), 0);
		assert_int_equal(n, 2);
		wide[1][30] = 1;
		n = 2;
		assert_int_equal(t.ops->hwpt_invalidate(
					 t.fd, s1, VVTD_HOST_INV_DATA_VTD_S1,
					 wide, 32, &n), -E2BIG);
		assert_int_equal(n, 1);
	}
	host_fini(&t);
}

/* Nested translation with a per-HWPT IOTLB: stale until invalidated. */
static void test_nested_dma_and_iotlb(void **state)
{
	struct vvtd_host_vtd_s1 s1 = { .pgtbl_addr = 0, .addr_width = 48 };
	struct vvtd_simhost_fault f;
	uint64_t *pt = (uint64_t *)(void *)ram;
	struct vvtd_host_vtd_s1_inv inv = { .addr = 0x5000, .npages = 1 };
	struct host t;
	uint32_t s2, n, cnt = 1;
	uint8_t byte = 0;

	(void)state;
	host_init(&t);
	/* 4-level table in ram pages 0-2 (PML4 0, PDPT 1, PD 2 holding
	 * also the PT): IOVA 0x5000 -> GPA 0x3000 */
	memset(ram, 0, sizeof(ram));
	pt[0] = 0x1000 | 7;
	pt[512] = 0x2000 | 7;
	pt[1024] = 0x2000 | 7;		/* PD[0] -> PT (the same page) */
	pt[1024 + 5] = 0x3000 | 7;	/* PTE 5 */
	ram[0x3008] = 0x42;
	assert_int_equal(alloc_s2(&t, t.dev, VVTD_HOST_HWPT_NEST_PARENT, &s2),
			 0);
	s1.pgtbl_addr = 0;
	assert_int_equal(alloc_s1(&t, t.dev, s2, &s1, &n), 0);
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x5008, &byte, 1, 0, &f), 0);
	assert_int_equal(f.reason, 0x59);	/* not attached: blocked */
	assert_int_equal(t.ops->attach(t.fd, t.dev, VVTD_HOST_NO_PASID, n), 0);
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x5008, &byte, 1, 0, &f), 1);
	assert_int_equal(byte, 0x42);
	assert_true(pt[1024 + 5] & 0x20);	/* Accessed set */
	/* remap IOVA 0x5000 to GPA 0x1000 (byte 8 of it is unused) */
	ram[0x1008] = 0x99;
	pt[1024 + 5] = 0x1000 | 7;
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x5008, &byte, 1, 0, &f), 1);
	assert_int_equal(byte, 0x42);		/* stale IOTLB */
	assert_int_equal(t.ops->hwpt_invalidate(t.fd, n,
						VVTD_HOST_INV_DATA_VTD_S1, &inv,
						sizeof(inv), &cnt), 0);
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x5008, &byte, 1, 0, &f), 1);
	assert_int_equal(byte, 0x99);
	/* not present and write to read-only */
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x6000, &byte, 1, 0, &f), 0);
	assert_int_equal(f.reason, 0x71);
	pt[1024 + 6] = 0x3000 | 5;		/* P US, read-only */
	assert_int_equal(vvtd_simhost_dma(t.fd, t.dev, VVTD_HOST_NO_PASID,
					  0x6000, &byte, 1,
					  VVTD_SIMHOST_DMA_WRITE, &f), 0);
	assert_int_equal(f.reason, 0x85);
	host_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_destroy),
		cmocka_unit_test(test_hwpt_alloc_rules),
		cmocka_unit_test(test_attach_rules),
		cmocka_unit_test(test_errata_and_maps),
		cmocka_unit_test(test_invalidate_rules),
		cmocka_unit_test(test_nested_dma_and_iotlb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
