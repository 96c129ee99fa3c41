/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread stress test for the contract in vvtd.h: device threads translate
 * while vCPU threads use the registers.
 *
 * - Device threads translate pages of four devices, reads and writes, and
 *   now and then a request from a bus without a root entry (a fault
 *   to record).  Every answer must be one of the two mappings a page can
 *   have, never anything else.
 * - A vCPU thread flips pages between their two mappings by rewriting the
 *   leaf entry, then invalidates with a page-selective IOTLB descriptor and
 *   a wait descriptor, and checks that its own translation afterwards sees
 *   the new mapping (no stale IOTLB entry survives an invalidation).
 * - A second vCPU thread services faults: reads FSTS and the fault
 *   recording registers, clears them, toggles FECTL.IM, reads CAP/GSTS.
 *
 * Run under ThreadSanitizer (build-tsan) and plainly.
 * usage: stress_threads [FLIPS]  (default 20000)
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"

#define DEVICES 4u
#define PAGES 32u
#define DEVICE_THREADS 4u
#define MAP_A UINT64_C(0x100000)
#define MAP_B UINT64_C(0x200000)

static struct guest g;
static uint64_t pml4[DEVICES];
static atomic_bool stop;
static atomic_int failures;
static atomic_ulong translations, faults_seen;

static void fail(const char *what, uint64_t a, uint64_t b)
{
	if (atomic_fetch_add(&failures, 1) < 10)
		fprintf(stderr, "stress: %s (0x%" PRIx64 ", 0x%" PRIx64 ")\n",
			what, a, b);
}

static uint64_t target(uint64_t base, unsigned dev, unsigned page)
{
	return base + ((uint64_t)dev * PAGES + page) * 4096;
}

static void *device_thread(void *arg)
{
	uint64_t seed = (uintptr_t)arg * 2 + 1;

	while (!atomic_load(&stop)) {
		unsigned dev, page, access;
		struct vvtd_translation t;
		uint16_t sid;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		dev = (unsigned)(seed >> 33) % DEVICES;
		page = (unsigned)(seed >> 40) % PAGES;
		access = (seed >> 50) & 1 ? VVTD_ACCESS_WRITE
					  : VVTD_ACCESS_READ;
		sid = (seed >> 52) % 64 == 0 ? 0x0100 : (uint16_t)dev;
		if (vvtd_translate(g.v, sid, VVTD_NO_PASID,
				   (uint64_t)page << 12 | 0x123, access, &t)) {
			fail("translate refused", sid, page);
			continue;
		}
		atomic_fetch_add(&translations, 1);
		if (sid == 0x0100) {
			if (t.fault_reason != 0x1)
				fail("expected root-not-present fault",
				     t.fault_reason, 0);
			atomic_fetch_add(&faults_seen, 1);
			continue;
		}
		if (t.fault_reason ||
		    (t.addr != (target(MAP_A, dev, page) | 0x123) &&
		     t.addr != (target(MAP_B, dev, page) | 0x123)))
			fail("translation outside both mappings", t.addr,
			     t.fault_reason);
	}
	return NULL;
}

/* Rewrite a leaf atomically, as a guest CPU does. */
static void set_leaf(unsigned dev, unsigned page, uint64_t gpa)
{
	uint64_t slot = ss_leaf_gpa(&g, pml4[dev], 4, (uint64_t)page << 12);
	uint64_t *p = (uint64_t *)((uint8_t *)vvtd_flatmem_host(g.mem) +
				   slot);

	__atomic_store_n(p, gpa | 3, __ATOMIC_RELEASE);
}

static void *flipper_thread(void *arg)
{
	unsigned long flips = (unsigned long)(uintptr_t)arg;
	uint64_t seed = 7;

	for (unsigned long i = 0; i < flips; i++) {
		unsigned dev, page;
		uint64_t to, d[4] = { 0 };
		struct vvtd_translation t;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		dev = (unsigned)(seed >> 33) % DEVICES;
		page = (unsigned)(seed >> 40) % PAGES;
		to = (seed >> 60) & 1 ? MAP_A : MAP_B;
		set_leaf(dev, page, target(to, dev, page));
		/* IOTLB page-selective (6.5.2.3): G=3, DID, ADDR, AM=0 */
		d[0] = 2 | 3u << 4 | (uint64_t)(dev + 1) << 16;
		d[1] = (uint64_t)page << 12;
		qi_submit(&g, d);
		if (!qi_sync(&g))
			fail("wait descriptor not completed", i, 0);
		if (vvtd_translate(g.v, (uint16_t)dev, VVTD_NO_PASID,
				   (uint64_t)page << 12, VVTD_ACCESS_READ, &t) ||
		    t.addr != target(to, dev, page))
			fail("stale translation after invalidation", t.addr,
			     target(to, dev, page));
	}
	atomic_store(&stop, true);
	return NULL;
}

static void *fault_thread(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		uint64_t v;

		vvtd_mmio_read(g.v, 0x34, 4, &v);		/* FSTS */
		vvtd_mmio_read(g.v, 0x228, 8, &v);		/* FRCD hi */
		if (v >> 63)
			vvtd_mmio_write(g.v, 0x22c, 4, 1u << 31); /* F */
		vvtd_mmio_write(g.v, 0x34, 4, 0x7d);		/* RW1C */
		vvtd_mmio_write(g.v, 0x38, 4, (v & 1) << 31);	/* IM */
		vvtd_mmio_read(g.v, 0x08, 8, &v);		/* CAP */
		vvtd_mmio_read(g.v, 0x1c, 4, &v);		/* GSTS */
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long flips = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	pthread_t dev[DEVICE_THREADS], flipper, faults;
	uint64_t root;

	if (guest_init(&g, NULL, 64u << 20, 8u << 20))
		return 1;
	root = guest_page(&g);
	for (unsigned d = 0; d < DEVICES; d++) {
		pml4[d] = guest_page(&g);
		legacy_context(&g, root, (uint16_t)d, ctx_lo(pml4[d], 0),
			       ctx_hi(2, (uint16_t)(d + 1)));
		for (unsigned p = 0; p < PAGES; p++)
			ss_map(&g, pml4[d], 4, (uint64_t)p << 12,
			       target(MAP_A, d, p), 4096, 3);
	}
	set_root(&g, root, 0);
	qi_setup(&g, 0, false);
	enable_translation(&g);

	for (unsigned i = 0; i < DEVICE_THREADS; i++)
		pthread_create(&dev[i], NULL, device_thread,
			       (void *)(uintptr_t)(i + 1));
	pthread_create(&faults, NULL, fault_thread, NULL);
	pthread_create(&flipper, NULL, flipper_thread,
		       (void *)(uintptr_t)flips);
	pthread_join(flipper, NULL);
	for (unsigned i = 0; i < DEVICE_THREADS; i++)
		pthread_join(dev[i], NULL);
	pthread_join(faults, NULL);

	printf("stress: %lu flips, %lu translations (%lu faulting), %d "
	       "failures\n",
	       flips, atomic_load(&translations), atomic_load(&faults_seen),
	       atomic_load(&failures));
	guest_fini(&g);
	return atomic_load(&failures) ? 1 : 0;
}
