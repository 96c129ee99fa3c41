/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized robustness test: a hostile guest.
 *
 * For each of several configurations a valid setup is built first (root,
 * context and PASID tables, first- and second-stage page tables for a few
 * devices, an invalidation queue), then random operations run against it:
 * bit flips and random values in the tables, random register writes
 * (commands, pointers, invalidations), random invalidation descriptors,
 * translations with random attributes, resets.  Starting from valid
 * structures lets the random damage reach every level of every walk.
 *
 * Checked: vvtd never crashes or hangs; it touches memory only through the
 * callbacks, with sane lengths, inside guest RAM or refused there; it writes
 * only invalidation-wait status dwords and only sets A/D/EA bits; every
 * answer is well formed; the instance can always be freed.
 *
 * usage: random_ops [OPS [SEED]]   (default 1000000 operations)
 * VVTD_RANDOM_OPS overrides OPS (the valgrind run uses fewer).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"

#define RAM_SIZE (4u << 20)
#define TABLE_BASE (1u << 20)	/* tables above 1 MiB, data below */
#define MAPPED_PAGES 64u	/* iova 0 .. 256 KiB mapped per device */
#define DEVICES 4u

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * UINT64_C(0x2545f4914f6cdd1d);
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

struct world {
	struct guest g;
	uint64_t reads, writes, cmpxchgs, refused, msis;
	uint64_t translated, faulted;
	uint8_t reasons[256];
};

static int failures;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "random_ops: " __VA_ARGS__);      \
			fprintf(stderr, "\n");                            \
			failures++;                                       \
		}                                                         \
	} while (0)

static bool in_ram(uint64_t gpa, size_t len)
{
	return gpa < RAM_SIZE && len <= RAM_SIZE - gpa;
}

/* vvtd reads whole structures: at most a 4 KiB PASID table. */
static int mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct world *w = opaque;

	CHECK(len && len <= 4096, "read of %zu bytes", len);
	if (!in_ram(gpa, len)) {
		w->refused++;
		return -EFAULT;
	}
	w->reads++;
	return vvtd_flatmem_read(w->g.mem, gpa, buf, len);
}

/* vvtd writes only invalidation-wait status dwords. */
static int mem_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	struct world *w = opaque;

	CHECK(len == 4, "write of %zu bytes", len);
	if (!in_ram(gpa, len)) {
		w->refused++;
		return -EFAULT;
	}
	w->writes++;
	return vvtd_flatmem_write(w->g.mem, gpa, buf, len);
}

/* vvtd only sets Accessed (5), Dirty (6) and Extended-Accessed (10). */
static int mem_cmpxchg(void *opaque, uint64_t gpa, uint64_t *expected,
		       uint64_t desired)
{
	struct world *w = opaque;

	CHECK(gpa % 8 == 0, "unaligned cmpxchg at 0x%" PRIx64, gpa);
	CHECK((desired & ~*expected & ~UINT64_C(0x460)) == 0 &&
		      (*expected & ~desired) == 0,
	      "cmpxchg 0x%" PRIx64 " -> 0x%" PRIx64, *expected, desired);
	if (!in_ram(gpa, 8)) {
		w->refused++;
		return -EFAULT;
	}
	w->cmpxchgs++;
	return vvtd_flatmem_cmpxchg64(w->g.mem, gpa, expected, desired);
}

static void on_msi(void *opaque, uint64_t addr, uint32_t data)
{
	(void)addr;
	(void)data;
	((struct world *)opaque)->msis++;
}

/* ---- a valid starting point ---- */

static void build(struct world *w, struct rng *r, bool scalable, bool fs,
		  bool ss, unsigned levels)
{
	struct guest *g = &w->g;
	uint64_t root = guest_page(g);

	for (uint16_t sid = 0; sid < DEVICES; sid++) {
		uint64_t pt = guest_page(g);
		bool use_fs = fs && (!ss || (sid & 1));

		for (uint64_t p = 0; p < MAPPED_PAGES; p++) {
			uint64_t gpa = below(r, TABLE_BASE) & ~UINT64_C(0xfff);

			if (use_fs)
				fs_map(g, pt, levels, p << 12, gpa, 4096,
				       below(r, 4) ? 0x6 : 0x2);
			else
				ss_map(g, pt, levels, p << 12, gpa, 4096,
				       below(r, 4) ? 3 : 1);
		}
		if (!scalable) {
			legacy_context(g, root, sid, ctx_lo(pt, 0),
				       ctx_hi(levels - 2, (uint16_t)(sid + 1)));
			continue;
		}
		uint64_t pdir = guest_page(g), ce[4] = { pdir | 1 | 1u << 3 };
		uint64_t pe[8];

		sm_context(g, root, sid, ce);
		for (uint32_t pasid = 0; pasid < 4; pasid++) {
			if (use_fs)
				pe_first_stage(pe, pt, (uint16_t)(sid + 1),
					       levels == 5);
			else if (pasid == 3)
				pe_pass_through(pe, (uint16_t)(sid + 1));
			else
				pe_second_stage(pe, pt, (uint16_t)(sid + 1),
						levels - 2);
			if (pasid == 2)
				pe[2] |= 1;	/* SRE */
			sm_pasid_entry(g, pdir, pasid, pe);
		}
	}
	set_root(g, root, scalable);
	qi_setup(g, 0, scalable);
	enable_translation(g);
}

/* ---- operations ---- */

static uint64_t table_qword(struct guest *g, struct rng *r)
{
	uint64_t span = g->next_page - TABLE_BASE;

	return TABLE_BASE + (below(r, span) & ~UINT64_C(7));
}

static void mutate(struct world *w, struct rng *r)
{
	struct guest *g = &w->g;
	uint64_t at = table_qword(g, r), val = rd64(g, at);

	switch (below(r, 4)) {
	case 0:
		val ^= UINT64_C(1) << below(r, 64);
		break;
	case 1:
		val ^= UINT64_C(1) << below(r, 12);	/* flags */
		break;
	case 2:
		val = table_qword(g, r) & ~UINT64_C(0xfff);
		val |= next(r) & 0xfff;
		break;
	default:
		val = below(r, 8) ? 0 : next(r);
		break;
	}
	wr64(g, at, val);
}

static const uint16_t hot_regs[] = {
	0x18, 0x20, 0x28, 0x2c, 0x34, 0x38, 0x3c, 0x40, 0x44, 0x80, 0x88,
	0x90, 0x9c, 0xa0, 0xa4, 0xa8, 0xac, 0xf0, 0xf8, 0xfc, 0x220, 0x22c,
};

static void mmio_op(struct world *w, struct rng *r, bool scalable)
{
	struct vvtd *v = w->g.v;
	uint64_t window = vvtd_mmio_size(v), off, val = next(r), out;
	unsigned size = below(r, 2) ? 4 : 8;
	int rc;

	if (below(r, 4)) {
		off = hot_regs[below(r, sizeof(hot_regs) / 2)];
		if (off % 8)
			size = 4;
	} else {
		off = below(r, window + 64) & ~UINT64_C(3);
		if (below(r, 16) == 0)
			size = (unsigned)below(r, 9);
	}
	switch (off) {
	case 0x18:	/* GCMD: mostly keep TE, sometimes a command */
		val = (below(r, 8) ? 1u << 31 : 0) |
		      (below(r, 2) ? 1u << 26 : 0) |
		      (below(r, 4) ? 0 : 1u << (23 + below(r, 9)));
		break;
	case 0x20:	/* RTADDR: mostly the right mode */
		val = table_qword(&w->g, r) & ~UINT64_C(0xfff);
		val |= below(r, 8) ? (uint64_t)scalable << 10
				   : (next(r) & 0xc00);
		break;
	case 0x88:	/* IQT: a few descriptors ahead */
		val = (uint64_t)((w->g.iq_tail + below(r, 4)) %
				 (w->g.iq_entries + 2)) << (scalable ? 5 : 4);
		break;
	case 0x28:	/* CCMD, IOTLB: often a valid command */
	case 0xf8:
		if (below(r, 2))
			val = UINT64_C(1) << 63 | (below(r, 3) + 1) << 60 |
			      (next(r) & 0xffffffff);
		break;
	default:
		break;
	}
	if (below(r, 3) == 0) {
		rc = vvtd_mmio_read(v, off, size, &out);
		CHECK(rc == 0 || rc == -EINVAL, "mmio_read rc %d", rc);
		CHECK(rc == 0 || out == 0, "failed read returned data");
		return;
	}
	rc = vvtd_mmio_write(v, off, size, val);
	CHECK(rc == 0 || rc == -EINVAL, "mmio_write rc %d", rc);
	CHECK(rc == 0 || !((size == 4 || size == 8) && off % size == 0 &&
			   off < window),
	      "valid write at 0x%" PRIx64 " refused", off);
}

/* A descriptor of a random type (mostly valid types) with random fields. */
static void qi_op(struct world *w, struct rng *r)
{
	uint64_t d[4] = { next(r), next(r), 0, 0 };
	unsigned type = below(r, 8) ? 1 + (unsigned)below(r, 8)
				    : (unsigned)below(r, 16);

	if (below(r, 4)) {
		/* keep reserved bits mostly clear */
		d[0] &= UINT64_C(0x000fffff0000003f);
		d[1] &= ~UINT64_C(0xffe);
		if (type == 5)
			d[1] = (below(r, RAM_SIZE) & ~UINT64_C(3));
	}
	d[0] = (d[0] & ~UINT64_C(0xe0f)) | (type & 0xf) |
	       (uint64_t)(type >> 4) << 9;
	if (below(r, 32) == 0) {
		d[2] = next(r);
		d[3] = next(r);
	}
	qi_queue(&w->g, d);
	if (below(r, 3))
		qi_kick(&w->g);
	if (below(r, 16) == 0)	/* clear IQE to resume */
		vvtd_mmio_write(w->g.v, 0x34, 4, 0x10);
}

static void translate_op(struct world *w, struct rng *r, bool pasid_ok)
{
	static const unsigned accesses[] = {
		VVTD_ACCESS_READ, VVTD_ACCESS_WRITE,
		VVTD_ACCESS_READ | VVTD_ACCESS_PRIV,
		VVTD_ACCESS_WRITE | VVTD_ACCESS_PRIV,
		VVTD_ACCESS_READ | VVTD_ACCESS_EXEC,
	};
	uint16_t sid = (uint16_t)(below(r, 8) ? below(r, DEVICES + 1)
					      : next(r));
	uint32_t pasid = VVTD_NO_PASID;
	unsigned access = accesses[below(r, 2)];
	struct vvtd_translation t;
	uint64_t iova;
	int rc;

	if (pasid_ok && below(r, 2)) {
		pasid = (uint32_t)(below(r, 4) ? below(r, 5)
					       : below(r, 1 << 20));
		access = accesses[below(r, 5)];
	}
	switch (below(r, 4)) {
	case 0:
		iova = next(r);
		break;
	case 1:
		iova = below(r, UINT64_C(1) << 48);
		break;
	default:
		iova = below(r, MAPPED_PAGES + 2) << 12 | below(r, 4096);
		break;
	}
	rc = vvtd_translate(w->g.v, sid, pasid, iova, access, &t);
	CHECK(rc == 0 || (rc == -EINVAL && pasid != VVTD_NO_PASID),
	      "translate rc %d", rc);
	if (rc)
		return;
	if (t.fault_reason) {
		w->faulted++;
		w->reasons[t.fault_reason] = 1;
		CHECK(strcmp(vvtd_fault_reason_name(t.fault_reason),
			     "unknown fault reason"),
		      "undocumented fault reason 0x%x", t.fault_reason);
		CHECK(t.addr == 0 && t.perm == 0, "fault with an address");
		CHECK(__builtin_popcount(t.fault_flags) <= 1,
		      "fault flags 0x%x", t.fault_flags);
		return;
	}
	w->translated++;
	CHECK(t.page_mask == 0xfff || t.page_mask == 0x1fffff ||
		      t.page_mask == 0x3fffffff,
	      "page mask 0x%" PRIx64, t.page_mask);
	CHECK((t.addr & t.page_mask) == (iova & t.page_mask),
	      "offset not preserved");
	CHECK(t.fault_flags == 0, "flags without fault");
}

static const char *const configs[][8] = {
	{ NULL },
	{ "caching-mode=on", "aw-bits=39", "fault-records=4", NULL },
	{ "x-scalable-mode=on", "device-iotlb=on", "snoop-control=on",
	  "x-pasid-mode=on", NULL },
	{ "x-scalable-mode=on", "x-flts=on", "x-pasid-mode=on",
	  "caching-mode=on", "fs1gp=on", NULL },
	{ "x-scalable-mode=on", "x-flts=on", "sssts=on", "x-pasid-mode=on",
	  "aw-bits=57", "fault-records=256", NULL },
	{ "aw-bits=57", "device-iotlb=on", NULL },
};

static void run(unsigned ci, uint64_t ops, uint64_t seed, struct world *w)
{
	struct vvtd_callbacks cb = {
		.size = sizeof(cb), .opaque = w, .mem_read = mem_read,
		.mem_write = mem_write, .mem_cmpxchg64 = mem_cmpxchg,
		.msi = on_msi,
	};
	struct rng r = { seed * 2 + 1 };
	struct vvtd_config cfg;
	bool scalable, fs, ss, pasid_ok;
	unsigned levels;

	vvtd_config_init(&cfg);
	for (unsigned i = 0; configs[ci][i]; i++) {
		char name[64];
		const char *eq = strchr(configs[ci][i], '=');

		snprintf(name, sizeof(name), "%.*s",
			 (int)(eq - configs[ci][i]), configs[ci][i]);
		CHECK(vvtd_config_set(&cfg, name, eq + 1) == 0, "config %s",
		      configs[ci][i]);
	}
	scalable = cfg.flags & VVTD_CONFIG_SCALABLE_MODE;
	fs = cfg.flags & VVTD_CONFIG_FIRST_STAGE;
	ss = !scalable || (cfg.flags & VVTD_CONFIG_SECOND_STAGE);
	pasid_ok = cfg.flags & VVTD_CONFIG_PASID;
	levels = cfg.aw_bits == 57 ? 5 : cfg.aw_bits == 48 ? 4 : 3;
	if (guest_init_with(&w->g, &cfg, RAM_SIZE, TABLE_BASE, &cb)) {
		CHECK(0, "vvtd_new config %u", ci);
		return;
	}
	build(w, &r, scalable, fs, ss, levels);
	for (uint64_t i = 0; i < ops; i++) {
		switch (below(&r, 16)) {
		case 0:
		case 1:
			mutate(w, &r);
			break;
		case 2:
		case 3:
			mmio_op(w, &r, scalable);
			break;
		case 4:
			qi_op(w, &r);
			break;
		case 5:
			if (below(&r, 4096) == 0) {
				vvtd_reset(w->g.v);
				set_root(&w->g, TABLE_BASE, scalable);
				qi_setup(&w->g, 0, scalable);
				enable_translation(&w->g);
			}
			/* fall through */
		default:
			translate_op(w, &r, pasid_ok);
			break;
		}
	}
	guest_fini(&w->g);
}

int main(int argc, char **argv)
{
	uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed;
	const unsigned nconfigs = sizeof(configs) / sizeof(configs[0]);
	struct world *w = calloc(1, sizeof(*w));
	unsigned nreasons = 0;

	if (!w)
		return 1;
	if (getenv("VVTD_RANDOM_OPS"))
		ops = strtoull(getenv("VVTD_RANDOM_OPS"), NULL, 0);
	for (unsigned ci = 0; ci < nconfigs; ci++)
		run(ci, ops / nconfigs, seed + ci, w);
	for (unsigned i = 0; i < 256; i++)
		nreasons += w->reasons[i];
	printf("random_ops: %" PRIu64 " operations, seed 0x%" PRIx64 ": %"
	       PRIu64 " translated, %" PRIu64 " faulted (%u reasons), %"
	       PRIu64 " reads, %" PRIu64 " status writes, %" PRIu64
	       " A/D updates, %" PRIu64 " refused accesses, %" PRIu64
	       " MSIs; %d failures\n",
	       ops, seed, w->translated, w->faulted, nreasons, w->reads,
	       w->writes, w->cmpxchgs, w->refused, w->msis, failures);
	free(w);
	return failures ? 1 : 0;
}
