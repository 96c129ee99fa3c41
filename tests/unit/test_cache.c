/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOTLB invalidation granularities (VT-d 6.5.2.4 and 6.5.2.5): the exact
 * set of entries each invalidation removes, for 4 KiB, 2 MiB and 1 GiB
 * entries, whether the invalidation probes slots or scans the cache.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define DID 7
#define PASID 3

static struct caches *new_caches(void)
{
	struct caches *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	return c;
}

/* A first-stage entry for the page of @level containing @iova. */
static void put(struct caches *c, uint16_t did, uint32_t pasid, uint64_t iova,
		unsigned level, uint8_t pgtt)
{
	struct iotlb_entry e = { 0 };
	uint64_t align = (UINT64_C(1) << (9 * (level - 1))) - 1;

	e.vpn = (iova >> 12) & ~align;
	e.level = (uint8_t)level;
	e.did = did;
	e.pasid = pasid;
	e.pgtt = pgtt;
	e.out = 0x1000000;
	iotlb_insert(c, &e);
}

static bool cached(struct caches *c, uint16_t did, uint32_t pasid,
		   uint64_t iova)
{
	return iotlb_lookup(c, did, pasid, iova) != NULL;
}

/* Page-selective PASID-based invalidation removes every page size that
 * overlaps the range, for that DID and PASID only, and nothing else. */
static void check_psi(unsigned am)
{
	struct caches *c = new_caches();
	uint64_t base = UINT64_C(0x40000000);	/* 1 GiB aligned */
	uint64_t span = UINT64_C(0x1000) << am;

	put(c, DID, PASID, base + 0x3000, 1, PGTT_FIRST_STAGE);
	put(c, DID, PASID, base + span, 1, PGTT_FIRST_STAGE);	/* after */
	put(c, DID, PASID, base + 0x80000000, 2, PGTT_FIRST_STAGE);
	put(c, DID, PASID + 1, base + 0x3000, 1, PGTT_FIRST_STAGE);
	put(c, DID + 1, PASID, base + 0x3000, 1, PGTT_FIRST_STAGE);

	piotlb_inval_pages(c, DID, PASID, base, am);
	assert_false(cached(c, DID, PASID, base + 0x3000) && am >= 2);
	if (am < 2)	/* 0x3000 is page 3: only ranges of 4+ pages hit it */
		assert_true(cached(c, DID, PASID, base + 0x3000));
	assert_true(cached(c, DID, PASID, base + span));
	assert_true(cached(c, DID, PASID, base + 0x80000000));
	assert_true(cached(c, DID, PASID + 1, base + 0x3000));
	assert_true(cached(c, DID + 1, PASID, base + 0x3000));

	/* a 2 MiB and a 1 GiB entry covering the range go too */
	put(c, DID, PASID, base + 0x20000000, 2, PGTT_FIRST_STAGE);
	piotlb_inval_pages(c, DID, PASID, base + 0x20000000, am);
	assert_false(cached(c, DID, PASID, base + 0x20000000));
	put(c, DID, PASID, base + 0x3f000000, 3, PGTT_FIRST_STAGE);
	piotlb_inval_pages(c, DID, PASID, base + 0x12345000 - (0x12345000 % span),
			   am);
	assert_false(cached(c, DID, PASID, base + 0x3f000000));
	free(c);
}

static void test_psi_probe_sizes(void **state)
{
	(void)state;
	for (unsigned am = 0; am <= 9; am++)
		check_psi(am);
}

/* PASID-selective: every first-stage entry of the DID and PASID. */
static void test_pasid_selective(void **state)
{
	struct caches *c = new_caches();

	(void)state;
	put(c, DID, PASID, 0x1000, 1, PGTT_FIRST_STAGE);
	put(c, DID, PASID, 0x40000000, 3, PGTT_FIRST_STAGE);
	put(c, DID, PASID + 1, 0x1000, 1, PGTT_FIRST_STAGE);
	piotlb_inval_pasid(c, DID, PASID);
	assert_false(cached(c, DID, PASID, 0x1000));
	assert_false(cached(c, DID, PASID, 0x40000000));
	assert_true(cached(c, DID, PASID + 1, 0x1000));
	free(c);
}

/* IOTLB page-selective (6.5.2.4): second-stage entries in range, and every
 * first-stage entry of the domain (they are tagged by PASID too). */
static void test_iotlb_psi(void **state)
{
	struct caches *c = new_caches();

	(void)state;
	put(c, DID, PASID_TAG_NONE, 0x5000, 1, PGTT_SECOND_STAGE);
	put(c, DID, PASID_TAG_NONE, 0x9000, 1, PGTT_SECOND_STAGE);
	put(c, DID, PASID, 0x77000, 1, PGTT_FIRST_STAGE);
	iotlb_inval_pages(c, DID, 0x4000, 1);	/* pages 4 and 5 */
	assert_false(cached(c, DID, PASID_TAG_NONE, 0x5000));
	assert_true(cached(c, DID, PASID_TAG_NONE, 0x9000));
	assert_false(cached(c, DID, PASID, 0x77000));
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psi_probe_sizes),
		cmocka_unit_test(test_pasid_selective),
		cmocka_unit_test(test_iotlb_psi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
