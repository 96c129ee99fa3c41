/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd-sim scenario interpreter: the file format, the header commands, the
 * guest CPU's memory and register accesses, fault inspection, and DMA and
 * translation requests of emulated devices.  See README.md for the
 * language; every transcript line is printed here or in host.c.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define DEFAULT_MEM (UINT64_C(128) << 20)
#define MAX_MEM (UINT64_C(64) << 30)

/* VT-d register offsets used to print fault state (VT-d 11.4) */
#define REG_CAP 0x08
#define REG_FSTS 0x34

int sim_error(struct sim *s, const char *fmt, ...)
{
	va_list ap;

	fflush(s->out);
	fprintf(s->err, "%s:%u: ", s->file, s->line);
	va_start(ap, fmt);
	vfprintf(s->err, fmt, ap);
	va_end(ap);
	fputc('\n', s->err);
	return -1;
}

/* ---- numbers ---- */

static int parse_u64(const char *tok, uint64_t *out, char **end)
{
	if (!tok || !*tok || *tok == '-' || *tok == '+' ||
	    isspace((unsigned char)*tok))
		return -1;
	errno = 0;
	*out = strtoull(tok, end, 0);
	return errno ? -1 : 0;
}

int sim_number(struct sim *s, const char *tok, const char *what,
	       uint64_t max, uint64_t *out)
{
	char *end;

	if (!tok)
		return sim_error(s, "missing %s", what);
	if (parse_u64(tok, out, &end) || *end)
		return sim_error(s, "bad number '%s' for %s", tok, what);
	if (*out > max)
		return sim_error(s, "%s %s is too large (at most 0x%" PRIx64 ")",
				 what, tok, max);
	return 0;
}

int sim_size(struct sim *s, const char *tok, const char *what, uint64_t *out)
{
	unsigned shift = 0;
	char *end;

	if (!tok)
		return sim_error(s, "missing %s", what);
	if (parse_u64(tok, out, &end))
		return sim_error(s, "bad size '%s' for %s", tok, what);
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	default: break;
	}
	if (*end || (shift && *out > (UINT64_MAX >> shift)))
		return sim_error(s, "bad size '%s' for %s", tok, what);
	*out <<= shift;
	return 0;
}

/* A requester id: a number up to 0xffff, or bus:device.function. */
int sim_sid(struct sim *s, const char *tok, uint16_t *out)
{
	unsigned bus, dev, fn;
	char tail;
	uint64_t n;

	if (tok && strchr(tok, ':')) {
		if (sscanf(tok, "%x:%x.%x%c", &bus, &dev, &fn, &tail) != 3 ||
		    bus > 0xff || dev > 0x1f || fn > 7)
			return sim_error(s, "bad requester id '%s' (want "
					 "0xSSSS or BB:DD.F)", tok);
		*out = (uint16_t)(bus << 8 | dev << 3 | fn);
		return 0;
	}
	if (sim_number(s, tok, "requester id", 0xffff, &n))
		return -1;
	*out = (uint16_t)n;
	return 0;
}

/* ---- the instance ---- */

static int cb_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return vvtd_flatmem_read(((struct sim *)opaque)->mem, gpa, buf, len);
}

static int cb_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return vvtd_flatmem_write(((struct sim *)opaque)->mem, gpa, buf, len);
}

static int cb_cmpxchg(void *opaque, uint64_t gpa, uint64_t *expected,
		      uint64_t desired)
{
	return vvtd_flatmem_cmpxchg64(((struct sim *)opaque)->mem, gpa,
				      expected, desired);
}

static void cb_msi(void *opaque, uint64_t addr, uint32_t data)
{
	struct sim *s = opaque;

	fprintf(s->out, "msi addr=0x%08" PRIx64 " data=0x%08" PRIx32 "\n",
		addr, data);
}

static void cb_log(void *opaque, enum vvtd_log_level level, const char *msg)
{
	struct sim *s = opaque;

	if (s->opt.verbose)
		fprintf(s->err, "%s:%u: vvtd(%d): %s\n", s->file, s->line,
			(int)level, msg);
}

static void callbacks(struct sim *s, struct vvtd_callbacks *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->size = sizeof(*cb);
	cb->opaque = s;
	cb->mem_read = cb_read;
	cb->mem_write = cb_write;
	cb->mem_cmpxchg64 = cb_cmpxchg;
	cb->msi = cb_msi;
	cb->log = cb_log;
	cb->host_trace = sim_host_trace;
}

/* Create guest RAM and the IOMMU on first use. */
int sim_instance(struct sim *s)
{
	struct vvtd_callbacks cb;
	const char *why = NULL;
	int rc;

	if (s->v)
		return 0;
	rc = vvtd_flatmem_new(s->mem_size, &s->mem);
	if (rc)
		return sim_error(s, "cannot allocate %" PRIu64 " bytes of guest "
				 "RAM: %s", s->mem_size, vvtd_strerror(rc));
	callbacks(s, &cb);
	rc = vvtd_new(&s->cfg, &cb, &s->v, &why);
	if (rc)
		return sim_error(s, "iommu: %s", why ? why : vvtd_strerror(rc));
	/* The VMM tells vvtd where guest RAM lives (for passthrough DMA). */
	rc = vvtd_ram_add(s->v, 0, s->mem_size, vvtd_flatmem_host(s->mem), 0);
	if (rc)
		return sim_error(s, "guest RAM: %s", vvtd_strerror(rc));
	return 0;
}

struct sim_device *sim_device(struct sim *s, uint16_t sid, bool create)
{
	struct sim_device **pp, *d;

	for (pp = &s->devices; *pp && (*pp)->sid <= sid; pp = &(*pp)->next)
		if ((*pp)->sid == sid)
			return *pp;
	if (!create)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->sid = sid;
	d->next = *pp;
	*pp = d;
	return d;
}

void sim_init(struct sim *s, const struct sim_options *opt, FILE *out,
	      FILE *err)
{
	memset(s, 0, sizeof(*s));
	s->opt = *opt;
	s->out = out;
	s->err = err;
	s->host_log = opt->host_log;
	s->mem_size = DEFAULT_MEM;
	vvtd_config_init(&s->cfg);
}

void sim_fini(struct sim *s)
{
	struct sim_device *d = s->devices;

	sim_host_fini(s);	/* passthrough devices go before the IOMMU */
	while (d) {
		struct sim_device *next = d->next;

		free(d->buf);
		free(d);
		d = next;
	}
	s->devices = NULL;
	vvtd_free(s->v);
	vvtd_flatmem_free(s->mem);
	s->v = NULL;
	s->mem = NULL;
}

/* ---- header ---- */

static int cmd_iommu(struct sim *s, int argc, char **argv)
{
	struct vvtd_callbacks cb;
	const char *why = NULL;
	struct vvtd *probe;
	char *opts, *item, *save = NULL;
	int rc;

	if (argc != 2)
		return sim_error(s, "usage: iommu PROP=VALUE[,...] | -");
	if (s->v)
		return sim_error(s, "'iommu' must come before the first "
				 "command that uses the IOMMU");
	if (s->cfg_given)
		return sim_error(s, "'iommu' given twice");
	s->cfg_given = true;
	if (!strcmp(argv[1], "-"))
		return 0;
	opts = argv[1];
	for (item = strtok_r(opts, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (!eq || eq == item || !eq[1])
			return sim_error(s, "iommu: expected PROP=VALUE, "
					 "got '%s'", item);
		*eq = 0;
		rc = vvtd_config_set(&s->cfg, item, eq + 1);
		if (rc == -ENOTSUP)
			return sim_error(s, "iommu: %s=%s is not implemented "
					 "by vvtd", item, eq + 1);
		if (rc)
			return sim_error(s, "iommu: unknown property or bad "
					 "value: %s=%s", item, eq + 1);
	}
	/* refuse an inconsistent configuration here, not at first use */
	callbacks(s, &cb);
	rc = vvtd_new(&s->cfg, &cb, &probe, &why);
	if (rc)
		return sim_error(s, "iommu: %s", why ? why : vvtd_strerror(rc));
	vvtd_free(probe);
	return 0;
}

static int cmd_mem(struct sim *s, int argc, char **argv)
{
	uint64_t size;

	if (argc != 2)
		return sim_error(s, "usage: mem SIZE");
	if (s->v)
		return sim_error(s, "'mem' must come before the first command "
				 "that uses guest memory");
	if (sim_size(s, argv[1], "memory size", &size))
		return -1;
	if (size < 0x10000 || size % 4096 || size > MAX_MEM)
		return sim_error(s, "memory size must be a multiple of 4K "
				 "from 64K to 64G");
	s->mem_size = size;
	return 0;
}

static int cmd_device(struct sim *s, int argc, char **argv)
{
	if (argc < 2)
		return sim_error(s, "usage: device SID [SID...]");
	for (int i = 1; i < argc; i++) {
		struct sim_device *d;
		uint16_t sid;

		if (sim_sid(s, argv[i], &sid))
			return -1;
		d = sim_device(s, sid, true);
		if (!d)
			return sim_error(s, "out of memory");
		if (d->passthrough)
			return sim_error(s, "0x%04x is a passthrough device",
					 sid);
	}
	return 0;
}

/* ---- guest CPU accesses ---- */

static unsigned access_width(const char *cmd)
{
	switch (cmd[strlen(cmd) - 1]) {
	case 'b': return 1;
	case 'w': return 2;
	case 'l': return 4;
	default: return 8;
	}
}

static int outside_ram(struct sim *s, uint64_t gpa, uint64_t len)
{
	return sim_error(s, "guest access 0x%" PRIx64 "+%" PRIu64 " is outside "
			 "guest RAM (0x0-0x%" PRIx64 ")", gpa, len,
			 s->mem_size - 1);
}

static int cmd_write(struct sim *s, int argc, char **argv)
{
	unsigned n = access_width(argv[0]);
	uint64_t gpa, val, max = n == 8 ? UINT64_MAX
					: (UINT64_C(1) << (8 * n)) - 1;
	uint8_t bytes[8];

	if (argc != 3)
		return sim_error(s, "usage: %s GPA VALUE", argv[0]);
	if (sim_number(s, argv[1], "address", UINT64_MAX, &gpa) ||
	    sim_number(s, argv[2], "value", max, &val) || sim_instance(s))
		return -1;
	for (unsigned i = 0; i < n; i++)
		bytes[i] = (uint8_t)(val >> (8 * i));
	if (vvtd_flatmem_write(s->mem, gpa, bytes, n))
		return outside_ram(s, gpa, n);
	return 0;
}

static int cmd_read(struct sim *s, int argc, char **argv)
{
	unsigned n = access_width(argv[0]);
	uint8_t bytes[8];
	uint64_t gpa, val = 0;

	if (argc != 2)
		return sim_error(s, "usage: %s GPA", argv[0]);
	if (sim_number(s, argv[1], "address", UINT64_MAX, &gpa) ||
	    sim_instance(s))
		return -1;
	if (vvtd_flatmem_read(s->mem, gpa, bytes, n))
		return outside_ram(s, gpa, n);
	for (unsigned i = 0; i < n; i++)
		val |= (uint64_t)bytes[i] << (8 * i);
	fprintf(s->out, "%s 0x%" PRIx64 " = 0x%0*" PRIx64 "\n", argv[0], gpa,
		(int)(2 * n), val);
	return 0;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int cmd_memwrite(struct sim *s, int argc, char **argv)
{
	size_t digits, len;
	uint8_t *bytes;
	uint64_t gpa;
	int rc;

	if (argc != 3)
		return sim_error(s, "usage: memwrite GPA HEXBYTES");
	if (sim_number(s, argv[1], "address", UINT64_MAX, &gpa))
		return -1;
	digits = strlen(argv[2]);
	if (digits % 2)
		return sim_error(s, "memwrite: odd number of hex digits");
	len = digits / 2;
	bytes = malloc(len ? len : 1);
	if (!bytes)
		return sim_error(s, "out of memory");
	for (size_t i = 0; i < len; i++) {
		int hi = hex_digit((unsigned char)argv[2][2 * i]);
		int lo = hex_digit((unsigned char)argv[2][2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(bytes);
			return sim_error(s, "memwrite: bad hex byte '%.2s'",
					 &argv[2][2 * i]);
		}
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	rc = sim_instance(s);
	if (!rc && vvtd_flatmem_write(s->mem, gpa, bytes, len))
		rc = outside_ram(s, gpa, len);
	free(bytes);
	return rc;
}

static int cmd_memzero(struct sim *s, int argc, char **argv)
{
	uint64_t gpa, len;

	if (argc != 3)
		return sim_error(s, "usage: memzero GPA LEN");
	if (sim_number(s, argv[1], "address", UINT64_MAX, &gpa) ||
	    sim_size(s, argv[2], "length", &len) || sim_instance(s))
		return -1;
	if (gpa >= s->mem_size || len > s->mem_size - gpa)
		return outside_ram(s, gpa, len);
	memset((uint8_t *)vvtd_flatmem_host(s->mem) + gpa, 0, (size_t)len);
	return 0;
}

static int cmd_memread(struct sim *s, int argc, char **argv)
{
	uint8_t *bytes;
	uint64_t gpa, len;

	if (argc != 3)
		return sim_error(s, "usage: memread GPA LEN");
	if (sim_number(s, argv[1], "address", UINT64_MAX, &gpa) ||
	    sim_number(s, argv[2], "length", SIM_MAX_MEMREAD, &len) ||
	    sim_instance(s))
		return -1;
	bytes = malloc(len ? (size_t)len : 1);
	if (!bytes)
		return sim_error(s, "out of memory");
	if (vvtd_flatmem_read(s->mem, gpa, bytes, (size_t)len)) {
		free(bytes);
		return outside_ram(s, gpa, len);
	}
	fprintf(s->out, "memread 0x%" PRIx64 " %" PRIu64 " =%s", gpa, len,
		len ? " " : "");
	for (uint64_t i = 0; i < len; i++)
		fprintf(s->out, "%02x", bytes[i]);
	fputc('\n', s->out);
	free(bytes);
	return 0;
}

/* ---- registers ---- */

static int cmd_mmio_write(struct sim *s, int argc, char **argv)
{
	unsigned n = access_width(argv[0]);
	uint64_t off, val;

	if (argc != 3)
		return sim_error(s, "usage: %s OFFSET VALUE", argv[0]);
	if (sim_number(s, argv[1], "register offset", UINT64_MAX, &off) ||
	    sim_number(s, argv[2], "value",
		       n == 8 ? UINT64_MAX : UINT32_MAX, &val) ||
	    sim_instance(s))
		return -1;
	if (vvtd_mmio_write(s->v, off, n, val))
		return sim_error(s, "register offset 0x%" PRIx64 " is misaligned "
				 "or outside the register window (0x%" PRIx64
				 " bytes)", off, vvtd_mmio_size(s->v));
	return 0;
}

static int cmd_mmio_read(struct sim *s, int argc, char **argv)
{
	unsigned n = access_width(argv[0]);
	uint64_t off, val;

	if (argc != 2)
		return sim_error(s, "usage: %s OFFSET", argv[0]);
	if (sim_number(s, argv[1], "register offset", UINT64_MAX, &off) ||
	    sim_instance(s))
		return -1;
	if (vvtd_mmio_read(s->v, off, n, &val))
		return sim_error(s, "register offset 0x%" PRIx64 " is misaligned "
				 "or outside the register window (0x%" PRIx64
				 " bytes)", off, vvtd_mmio_size(s->v));
	fprintf(s->out, "%s 0x%03" PRIx64 " = 0x%0*" PRIx64 "\n", argv[0], off,
		(int)(2 * n), val);
	return 0;
}

static uint64_t reg(struct sim *s, uint64_t off, unsigned size)
{
	uint64_t val = 0;

	vvtd_mmio_read(s->v, off, size, &val);
	return val;
}

/* FSTS, then every fault recording register (VT-d 11.4.14): FRO and NFR
 * come from CAP, as a guest driver finds them.  Reading has no effect. */
static int cmd_faults(struct sim *s, int argc, char **argv)
{
	uint64_t cap, fsts, fro;
	unsigned nfr;

	(void)argv;
	if (argc != 1)
		return sim_error(s, "usage: faults");
	if (sim_instance(s))
		return -1;
	cap = reg(s, REG_CAP, 8);
	fsts = reg(s, REG_FSTS, 4);
	fro = ((cap >> 24) & 0x3ff) * 16;
	nfr = (unsigned)((cap >> 40) & 0xff) + 1;
	fprintf(s->out, "faults fsts=0x%08" PRIx64 " pfo=%u ppf=%u iqe=%u "
		"ice=%u ite=%u fri=%u\n", fsts, (unsigned)(fsts & 1),
		(unsigned)(fsts >> 1 & 1), (unsigned)(fsts >> 4 & 1),
		(unsigned)(fsts >> 5 & 1), (unsigned)(fsts >> 6 & 1),
		(unsigned)(fsts >> 8 & 0xff));
	for (unsigned i = 0; i < nfr; i++) {
		uint64_t off = fro + 16 * i;
		uint64_t lo = reg(s, off, 8), hi = reg(s, off + 8, 8);
		unsigned t = hi >> 62 & 1, pp = hi >> 31 & 1;
		char pv[16] = "-";

		if (pp)
			snprintf(pv, sizeof(pv), "0x%" PRIx64,
				 hi >> 40 & 0xfffff);
		fprintf(s->out, "faults frcd[%u]@0x%03" PRIx64 " f=%u t=%u(%s) "
			"at=%u sid=0x%04x fr=0x%02x pp=%u pv=%s priv=%u exe=%u "
			"t2=%u fi=0x%" PRIx64 "\n", i, off,
			(unsigned)(hi >> 63), t, t ? "read" : "write",
			(unsigned)(hi >> 60 & 3), (unsigned)(hi & 0xffff),
			(unsigned)(hi >> 32 & 0xff), pp, pv,
			(unsigned)(hi >> 29 & 1), (unsigned)(hi >> 30 & 1),
			(unsigned)(hi >> 28 & 1), lo & ~UINT64_C(0xfff));
	}
	return 0;
}

static int cmd_stats(struct sim *s, int argc, char **argv)
{
	struct vvtd_stats st = { .size = sizeof(st) };

	(void)argv;
	if (argc != 1)
		return sim_error(s, "usage: stats");
	if (sim_instance(s))
		return -1;
	vvtd_get_stats(s->v, &st);
	fprintf(s->out, "stats translations=%" PRIu64 " iotlb-hits=%" PRIu64
		" iotlb-misses=%" PRIu64 " faults=%" PRIu64 " recorded=%"
		PRIu64 " suppressed=%" PRIu64 " qi-descriptors=%" PRIu64
		" qi-errors=%" PRIu64 "\n", st.translations, st.iotlb_hits,
		st.iotlb_misses, st.faults, st.faults_recorded,
		st.faults_suppressed, st.qi_descriptors, st.qi_errors);
	fprintf(s->out, "stats binds=%" PRIu64 " updates=%" PRIu64 " unbinds=%"
		PRIu64 " bind-errors=%" PRIu64 " host-errors=%" PRIu64
		" host-inval-entries=%" PRIu64 "\n", st.binds, st.updates,
		st.unbinds, st.bind_errors, st.host_errors,
		st.host_inval_entries);
	return 0;
}

/* ---- DMA and translation requests ---- */

void sim_fault_add(struct sim_fault_list *l, uint8_t reason, uint64_t addr)
{
	int n;

	l->count++;
	if (l->truncated)
		return;
	n = snprintf(l->text + l->len, sizeof(l->text) - l->len,
		     " 0x%02x@0x%" PRIx64, reason, addr);
	if (n < 0 || (size_t)n >= sizeof(l->text) - l->len - 8) {
		strcpy(l->text + l->len, " ...");
		l->len += 4;
		l->truncated = true;
		return;
	}
	l->len += (size_t)n;
}

/* dma SID IOVA LEN read|write [pattern SEED|buf] [exec] [priv] [pasid N]
 * translate SID IOVA read|write [exec] [priv] [pasid N] */
static int parse_request(struct sim *s, int argc, char **argv, bool dma,
			 struct sim_request *r)
{
	int i = 3;
	uint64_t n;

	memset(r, 0, sizeof(*r));
	r->pasid = VVTD_NO_PASID;
	if (argc < (dma ? 5 : 4))
		return sim_error(s, dma ? "usage: dma SID IOVA LEN read|write "
				 "[pattern SEED|buf] [exec] [priv] [pasid N]"
				 : "usage: translate SID IOVA read|write "
				 "[exec] [priv] [pasid N]");
	if (sim_sid(s, argv[1], &r->sid) ||
	    sim_number(s, argv[2], "IOVA", UINT64_MAX, &r->iova))
		return -1;
	if (dma) {
		if (sim_number(s, argv[3], "length", SIM_MAX_DMA, &r->len))
			return -1;
		if (!r->len)
			return sim_error(s, "dma: zero length");
		if (r->len - 1 > UINT64_MAX - r->iova)
			return sim_error(s, "dma: range wraps around");
		i = 4;
	}
	if (!strcmp(argv[i], "write"))
		r->write = true;
	else if (strcmp(argv[i], "read"))
		return sim_error(s, "expected read or write, got '%s'", argv[i]);
	r->access = r->write ? VVTD_ACCESS_WRITE : VVTD_ACCESS_READ;
	for (i++; i < argc; i++) {
		if (dma && r->write && !strcmp(argv[i], "pattern")) {
			if (i + 1 >= argc)
				return sim_error(s, "missing pattern seed");
			if (sim_number(s, argv[++i], "pattern seed", 0xff, &n))
				return -1;
			r->seed = (uint8_t)n;
		} else if (dma && r->write && !strcmp(argv[i], "buf")) {
			r->from_buf = true;
		} else if (!strcmp(argv[i], "exec")) {
			r->access |= VVTD_ACCESS_EXEC;
		} else if (!strcmp(argv[i], "priv")) {
			r->access |= VVTD_ACCESS_PRIV;
		} else if (!strcmp(argv[i], "pasid")) {
			if (i + 1 >= argc)
				return sim_error(s, "missing PASID");
			if (sim_number(s, argv[++i], "PASID", 0xfffff, &n))
				return -1;
			r->pasid = (uint32_t)n;
		} else {
			return sim_error(s, "unexpected '%s'", argv[i]);
		}
	}
	if ((r->access & (VVTD_ACCESS_EXEC | VVTD_ACCESS_PRIV)) &&
	    r->pasid == VVTD_NO_PASID)
		return sim_error(s, "exec and priv need a PASID");
	return 0;
}

static int translate_once(struct sim *s, const struct sim_request *r,
			  uint64_t iova, struct vvtd_translation *t)
{
	if (vvtd_translate(s->v, r->sid, r->pasid, iova, r->access, t))
		return sim_error(s, "the IOMMU refuses the request: a PASID "
				 "needs x-pasid-mode=on and must fit "
				 "pasid-bits");
	return 0;
}

uint8_t *sim_dma_source(const struct sim_device *d,
			const struct sim_request *r)
{
	uint8_t *data = calloc(1, (size_t)r->len);

	if (!data)
		return NULL;
	for (uint64_t k = 0; k < r->len; k++)
		data[k] = r->from_buf ? (k < d->buf_len ? d->buf[k] : 0)
				      : (uint8_t)(r->seed + k);
	return data;
}

void sim_dma_keep(struct sim_device *d, uint8_t *data, size_t len)
{
	free(d->buf);
	d->buf = data;
	d->buf_len = len;
}

void sim_dma_result(struct sim *s, const char *cmd,
		    const struct sim_fault_list *faults, bool recorded,
		    bool all_suppressed)
{
	if (!faults->count)
		fprintf(s->out, "%s = ok\n", cmd);
	else if (all_suppressed)
		fprintf(s->out, "%s = fault fpd-suppressed\n", cmd);
	else
		fprintf(s->out, "%s = fault%s %s\n", cmd, faults->text,
			recorded ? "recorded" : "not-recorded");
}

/* An emulated device's DMA: each 4 KiB page is translated by vvtd, in
 * order, and the bytes of the pages that translate are transferred. */
static int emulated_dma(struct sim *s, struct sim_device *d,
			const struct sim_request *r, const char *cmd)
{
	struct sim_fault_list faults = { .len = 0 };
	bool recorded = false, all_suppressed = true;
	uint8_t *data = r->write ? sim_dma_source(d, r)
				 : calloc(1, (size_t)r->len);
	uint64_t off = 0;

	if (!data)
		return sim_error(s, "out of memory");
	while (off < r->len) {
		uint64_t a = r->iova + off;
		uint64_t chunk = 0x1000 - (a & 0xfff);
		struct vvtd_translation t;
		int rc;

		if (chunk > r->len - off)
			chunk = r->len - off;
		if (translate_once(s, r, a, &t)) {
			free(data);
			return -1;
		}
		if (t.fault_reason) {
			sim_fault_add(&faults, t.fault_reason, a);
			recorded |= t.fault_flags & VVTD_FAULT_RECORDED;
			all_suppressed &= (t.fault_flags &
					   VVTD_FAULT_SUPPRESSED) != 0;
		} else {
			rc = r->write ? vvtd_flatmem_write(s->mem, t.addr,
							   data + off, chunk)
				      : vvtd_flatmem_read(s->mem, t.addr,
							  data + off, chunk);
			if (rc) {
				free(data);
				return sim_error(s, "dma: 0x%" PRIx64 " "
						 "translates to 0x%" PRIx64
						 ", outside guest RAM", a,
						 t.addr);
			}
		}
		off += chunk;
	}
	sim_dma_result(s, cmd, &faults, recorded, all_suppressed);
	if (r->write)
		free(data);
	else
		sim_dma_keep(d, data, (size_t)r->len);
	return 0;
}

static int cmd_dma(struct sim *s, int argc, char **argv, const char *cmd)
{
	struct sim_request r;
	struct sim_device *d;

	if (parse_request(s, argc, argv, true, &r) || sim_instance(s))
		return -1;
	d = sim_device(s, r.sid, true);
	if (!d)
		return sim_error(s, "out of memory");
	if (d->passthrough)
		return sim_host_dma(s, d, &r, cmd);
	return emulated_dma(s, d, &r, cmd);
}

static int cmd_translate(struct sim *s, int argc, char **argv,
			 const char *cmd)
{
	struct vvtd_translation t;
	struct sim_request r;
	struct sim_device *d;
	char perm[4] = "";

	if (parse_request(s, argc, argv, false, &r) || sim_instance(s))
		return -1;
	d = sim_device(s, r.sid, true);
	if (!d)
		return sim_error(s, "out of memory");
	if (d->passthrough)
		return sim_error(s, "translate: 0x%04x is a passthrough device; "
				 "the host IOMMU translates its DMA (use dma)",
				 r.sid);
	if (translate_once(s, &r, r.iova, &t))
		return -1;
	if (t.fault_reason) {
		fprintf(s->out, "%s = fault 0x%02x %s\n", cmd, t.fault_reason,
			t.fault_flags & VVTD_FAULT_RECORDED ? "recorded"
			: t.fault_flags & VVTD_FAULT_SUPPRESSED
				? "fpd-suppressed" : "not-recorded");
		return 0;
	}
	if (t.perm & VVTD_PERM_READ)
		strcat(perm, "r");
	if (t.perm & VVTD_PERM_WRITE)
		strcat(perm, "w");
	if (t.perm & VVTD_PERM_EXEC)
		strcat(perm, "x");
	fprintf(s->out, "%s = 0x%" PRIx64 " perm=%s size=0x%" PRIx64 "\n", cmd,
		t.addr, *perm ? perm : "-", t.page_mask + 1);
	return 0;
}

/* devbuf SID LEN: the first LEN bytes of the device's buffer (what its
 * last DMA read fetched; zero beyond). */
static int cmd_devbuf(struct sim *s, int argc, char **argv)
{
	struct sim_device *d;
	uint64_t len;
	uint16_t sid;

	if (argc != 3)
		return sim_error(s, "usage: devbuf SID LEN");
	if (sim_sid(s, argv[1], &sid) ||
	    sim_number(s, argv[2], "length", 4096, &len))
		return -1;
	d = sim_device(s, sid, false);
	fprintf(s->out, "devbuf %s %" PRIu64 " =%s", argv[1], len,
		len ? " " : "");
	for (uint64_t i = 0; i < len; i++)
		fprintf(s->out, "%02x", d && i < d->buf_len ? d->buf[i] : 0);
	fputc('\n', s->out);
	return 0;
}

static int cmd_echo(struct sim *s, const char *rest)
{
	fprintf(s->out, "echo%s%s\n", *rest ? " " : "", rest);
	return 0;
}

/* ---- the file ---- */

static int dispatch(struct sim *s, int argc, char **argv, const char *cmd)
{
	const char *c = argv[0];
	int rc;

	if (!strcmp(c, "iommu"))
		return cmd_iommu(s, argc, argv);
	if (!strcmp(c, "mem"))
		return cmd_mem(s, argc, argv);
	if (!strcmp(c, "device"))
		return cmd_device(s, argc, argv);
	if (!strcmp(c, "writeb") || !strcmp(c, "writew") ||
	    !strcmp(c, "writel") || !strcmp(c, "writeq"))
		return cmd_write(s, argc, argv);
	if (!strcmp(c, "readb") || !strcmp(c, "readw") ||
	    !strcmp(c, "readl") || !strcmp(c, "readq"))
		return cmd_read(s, argc, argv);
	if (!strcmp(c, "memwrite"))
		return cmd_memwrite(s, argc, argv);
	if (!strcmp(c, "memzero"))
		return cmd_memzero(s, argc, argv);
	if (!strcmp(c, "memread"))
		return cmd_memread(s, argc, argv);
	if (!strcmp(c, "mmio_writel") || !strcmp(c, "mmio_writeq"))
		return cmd_mmio_write(s, argc, argv);
	if (!strcmp(c, "mmio_readl") || !strcmp(c, "mmio_readq"))
		return cmd_mmio_read(s, argc, argv);
	if (!strcmp(c, "faults"))
		return cmd_faults(s, argc, argv);
	if (!strcmp(c, "stats"))
		return cmd_stats(s, argc, argv);
	if (!strcmp(c, "dma"))
		return cmd_dma(s, argc, argv, cmd);
	if (!strcmp(c, "devbuf"))
		return cmd_devbuf(s, argc, argv);
	if (!strcmp(c, "translate"))
		return cmd_translate(s, argc, argv, cmd);
	rc = sim_host_command(s, argc, argv, cmd);
	if (rc)
		return rc < 0 ? -1 : 0;
	return sim_error(s, "unknown command '%s'", c);
}

/* One line: comment cut, "echo" handled on the raw text, the rest split
 * into words.  @cmd keeps the words joined by single spaces. */
static int run_line(struct sim *s, char *line)
{
	char *argv[SIM_MAX_ARGS + 1];
	char *p, *save = NULL, *cmd;
	size_t cmd_len;
	int argc = 0, rc;

	p = strchr(line, '#');
	if (p)
		*p = 0;
	for (p = line + strlen(line); p > line && isspace((unsigned char)p[-1]);)
		*--p = 0;
	while (isspace((unsigned char)*line))
		line++;
	if (!*line)
		return 0;
	if (!strncmp(line, "echo", 4) &&
	    (!line[4] || isspace((unsigned char)line[4]))) {
		for (p = line + 4; isspace((unsigned char)*p);)
			p++;
		return cmd_echo(s, p);
	}
	cmd_len = strlen(line) + 1;
	cmd = malloc(cmd_len);
	if (!cmd)
		return sim_error(s, "out of memory");
	cmd[0] = 0;
	for (p = strtok_r(line, " \t", &save); p; p = strtok_r(NULL, " \t", &save)) {
		if (argc == SIM_MAX_ARGS) {
			free(cmd);
			return sim_error(s, "too many words on one line");
		}
		if (argc)
			strcat(cmd, " ");
		strcat(cmd, p);
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	rc = dispatch(s, argc, argv, cmd);
	free(cmd);
	return rc;
}

int sim_run(struct sim *s, const char *name, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	s->file = name;
	s->line = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		s->line++;
		if (memchr(line, 0, (size_t)n)) {
			rc = sim_error(s, "NUL byte in the scenario");
			break;
		}
		rc = run_line(s, line);
		if (rc)
			break;
	}
	if (!rc && ferror(in))
		rc = sim_error(s, "read error");
	free(line);
	/* a scenario that never touched the IOMMU still validates it */
	if (!rc && !s->v) {
		s->line++;
		rc = sim_instance(s);
	}
	fflush(s->out);
	return rc;
}
