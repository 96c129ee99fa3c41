/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd-sim nested-system commands: a simulated host (vvtd-simhost.h) with
 * named IOMMUs and iommufd instances, passthrough devices handed to vvtd's
 * bind engine, guest RAM regions, host failure injection, the host-call
 * log, and DMA by passthrough devices through the host IOMMU.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EIO", EIO },
	{ "ENOMEM", ENOMEM }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "EINVAL", EINVAL },
	{ "ENOSPC", ENOSPC }, { "E2BIG", E2BIG }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ETIMEDOUT", ETIMEDOUT },
};

static const char *errno_name(int rc)
{
	static char buf[16];

	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].err == -rc)
			return errnos[i].name;
	snprintf(buf, sizeof(buf), "%d", -rc);
	return buf;
}

static void print_result(struct sim *s, const char *cmd, int rc,
			 const char *why)
{
	if (!rc)
		fprintf(s->out, "%s = ok\n", cmd);
	else if (why)
		fprintf(s->out, "%s = refused: %s\n", cmd, why);
	else
		fprintf(s->out, "%s = error -%s\n", cmd, errno_name(rc));
}

static int find_name(char (*names)[SIM_NAME_MAX], unsigned n,
		     const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

static int new_name(struct sim *s, char (*names)[SIM_NAME_MAX], unsigned n,
		    unsigned max, const char *name, const char *what)
{
	if (strlen(name) >= SIM_NAME_MAX)
		return sim_error(s, "%s name '%s' is too long", what, name);
	if (find_name(names, n, name) >= 0)
		return sim_error(s, "%s '%s' already exists", what, name);
	if (n == max)
		return sim_error(s, "at most %u of %s", max, what);
	strcpy(names[n], name);
	return 0;
}

static int need_host(struct sim *s)
{
	if (!s->host && vvtd_simhost_new(&s->host))
		return sim_error(s, "out of memory");
	return 0;
}

/* ---- host-iommu NAME PROP=VALUE,...|- ---- */

static const struct {
	const char *name;
	uint32_t feature;
} features[] = {
	{ "coherent", VVTD_SIMHOST_COHERENT },
	{ "nesting", VVTD_SIMHOST_NESTING },
	{ "fs1gp", VVTD_SIMHOST_FS1GP },
	{ "fs5lp", VVTD_SIMHOST_FS5LP },
	{ "srs", VVTD_SIMHOST_SRS },
	{ "eafs", VVTD_SIMHOST_EAFS },
	{ "errata", VVTD_SIMHOST_ERRATA },
};

static int host_iommu_prop(struct sim *s, struct vvtd_simhost_iommu *cfg,
			   const char *name, const char *value)
{
	uint64_t n;

	if (!strcmp(name, "mgaw") || !strcmp(name, "aw-bits")) {
		if (sim_number(s, value, "mgaw", 64, &n))
			return -1;
		cfg->mgaw = (uint8_t)n;
		return 0;
	}
	if (!strcmp(name, "pasid-bits")) {
		if (sim_number(s, value, "pasid-bits", 20, &n))
			return -1;
		cfg->max_pasid_log2 = (uint8_t)n;
		return 0;
	}
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
		if (strcmp(name, features[i].name))
			continue;
		if (!strcmp(value, "on"))
			cfg->features |= features[i].feature;
		else if (!strcmp(value, "off"))
			cfg->features &= ~features[i].feature;
		else
			return sim_error(s, "host-iommu: %s wants on or off",
					 name);
		return 0;
	}
	return sim_error(s, "host-iommu: unknown property '%s'", name);
}

static int cmd_host_iommu(struct sim *s, int argc, char **argv)
{
	struct vvtd_simhost_iommu cfg;
	char *item, *save = NULL;
	unsigned index;

	if (argc != 3)
		return sim_error(s, "usage: host-iommu NAME PROP=VALUE[,...] | -");
	if (need_host(s) ||
	    new_name(s, s->iommu_names, s->niommus, SIM_MAX_HOST_IOMMUS,
		     argv[1], "host IOMMU"))
		return -1;
	vvtd_simhost_iommu_init(&cfg);
	if (strcmp(argv[2], "-")) {
		for (item = strtok_r(argv[2], ",", &save); item;
		     item = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(item, '=');

			if (!eq)
				return sim_error(s, "host-iommu: expected "
						 "PROP=VALUE, got '%s'", item);
			*eq = 0;
			if (host_iommu_prop(s, &cfg, item, eq + 1))
				return -1;
		}
	}
	if (vvtd_simhost_add_iommu(s->host, &cfg, &index))
		return sim_error(s, "host-iommu: mgaw must be 39, 48 or 57");
	s->niommus++;
	return 0;
}

static int cmd_iommufd(struct sim *s, int argc, char **argv)
{
	if (argc != 2)
		return sim_error(s, "usage: iommufd NAME");
	if (need_host(s) ||
	    new_name(s, s->fd_names, s->nfds, SIM_MAX_IOMMUFDS, argv[1],
		     "iommufd"))
		return -1;
	if (vvtd_simhost_open(s->host, &s->fds[s->nfds]))
		return sim_error(s, "out of memory");
	s->nfds++;
	return 0;
}

/* ---- passthrough devices ---- */

static int cmd_passthrough(struct sim *s, int argc, char **argv,
			   const char *cmd)
{
	struct vvtd_host_device desc = { .size = sizeof(desc) };
	const char *why = NULL;
	struct sim_device *d;
	int fd, mu, rc;
	uint16_t sid;

	if (argc != 4)
		return sim_error(s, "usage: passthrough SID IOMMUFD HOST-IOMMU");
	if (sim_sid(s, argv[1], &sid))
		return -1;
	fd = find_name(s->fd_names, s->nfds, argv[2]);
	if (fd < 0)
		return sim_error(s, "no iommufd named '%s'", argv[2]);
	mu = find_name(s->iommu_names, s->niommus, argv[3]);
	if (mu < 0)
		return sim_error(s, "no host IOMMU named '%s'", argv[3]);
	if (sim_instance(s))
		return -1;
	d = sim_device(s, sid, true);
	if (!d)
		return sim_error(s, "out of memory");
	if (d->passthrough)
		return sim_error(s, "0x%04x is already a passthrough device",
				 sid);
	/* VFIO_DEVICE_BIND_IOMMUFD, as the VMM does before handing it over */
	if (vvtd_simhost_bind_device(s->fds[fd], (unsigned)mu, &desc.dev_id))
		return sim_error(s, "out of memory");
	desc.sid = sid;
	desc.ops = vvtd_simhost_ops();
	desc.ctx = s->fds[fd];
	rc = vvtd_host_add_device(s->v, &desc, &why);
	print_result(s, cmd, rc, rc == -EINVAL ? why : NULL);
	if (rc) {
		vvtd_simhost_unbind_device(s->fds[fd], desc.dev_id);
		return 0;
	}
	d->passthrough = true;
	d->fd = (unsigned)fd;
	d->host_iommu = (unsigned)mu;
	d->dev_id = desc.dev_id;
	return 0;
}

static void unplug(struct sim *s, struct sim_device *d)
{
	vvtd_host_remove_device(s->v, d->sid);
	vvtd_simhost_unbind_device(s->fds[d->fd], d->dev_id);
	d->passthrough = false;
}

static int cmd_unplug(struct sim *s, int argc, char **argv, const char *cmd)
{
	struct sim_device *d;
	uint16_t sid;

	if (argc != 2)
		return sim_error(s, "usage: unplug SID");
	if (sim_sid(s, argv[1], &sid))
		return -1;
	d = sim_device(s, sid, false);
	if (!d || !d->passthrough)
		return sim_error(s, "0x%04x is not a passthrough device", sid);
	unplug(s, d);
	fprintf(s->out, "%s = ok\n", cmd);
	return 0;
}

void sim_host_fini(struct sim *s)
{
	s->host_log = false;	/* the transcript has ended */
	for (struct sim_device *d = s->devices; d; d = d->next)
		if (d->passthrough)
			unplug(s, d);
	vvtd_simhost_free(s->host);	/* closes every iommufd */
	s->host = NULL;
	s->nfds = 0;
	s->niommus = 0;
}

/* ram add GPA SIZE [ro] | ram remove GPA SIZE: guest RAM regions as the
 * VMM announces them (the whole of RAM is one region at start). */
static int cmd_ram(struct sim *s, int argc, char **argv, const char *cmd)
{
	bool add = argc >= 2 && !strcmp(argv[1], "add");
	bool ro = argc == 5 && !strcmp(argv[4], "ro");
	uint64_t gpa, size;
	int rc;

	if (argc < 4 || (!add && strcmp(argv[1], "remove")) ||
	    argc > (add ? 5 : 4) || (argc == 5 && !ro))
		return sim_error(s, "usage: ram add GPA SIZE [ro] | "
				 "ram remove GPA SIZE");
	if (sim_size(s, argv[2], "address", &gpa) ||
	    sim_size(s, argv[3], "size", &size) || sim_instance(s))
		return -1;
	if (gpa >= s->mem_size || size > s->mem_size - gpa)
		return sim_error(s, "ram: region outside guest RAM");
	rc = add ? vvtd_ram_add(s->v, gpa, size,
				(uint8_t *)vvtd_flatmem_host(s->mem) + gpa, ro)
		 : vvtd_ram_remove(s->v, gpa, size);
	print_result(s, cmd, rc, NULL);
	return 0;
}

/* ---- failure injection, log, statistics ---- */

static int cmd_host_fail(struct sim *s, int argc, char **argv)
{
	enum vvtd_host_op op = VVTD_SIMHOST_ANY_OP;
	uint64_t nth, err = 0;

	if (need_host(s))
		return -1;
	if (argc == 2 && !strcmp(argv[1], "off")) {
		vvtd_simhost_fail(s->host, VVTD_SIMHOST_ANY_OP, 0, 0);
		return 0;
	}
	if (argc != 4)
		return sim_error(s, "usage: host-fail OP|any NTH ERRNO | "
				 "host-fail off");
	if (strcmp(argv[1], "any")) {
		unsigned i;

		for (i = 0; i < VVTD_HOST_OPS; i++)
			if (!strcmp(argv[1],
				    vvtd_host_op_name((enum vvtd_host_op)i)))
				break;
		if (i == VVTD_HOST_OPS)
			return sim_error(s, "unknown host operation '%s'",
					 argv[1]);
		op = (enum vvtd_host_op)i;
	}
	if (sim_number(s, argv[2], "call number", UINT32_MAX, &nth))
		return -1;
	if (!nth)
		return sim_error(s, "call numbers start at 1");
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(argv[3], errnos[i].name))
			err = (uint64_t)errnos[i].err;
	if (!err && sim_number(s, argv[3], "errno", 4095, &err))
		return -1;
	if (!err)
		return sim_error(s, "errno must not be 0");
	vvtd_simhost_fail(s->host, op, (unsigned)nth, -(int)err);
	return 0;
}

static int cmd_host_log(struct sim *s, int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
		return sim_error(s, "usage: host-log on|off");
	s->host_log = !strcmp(argv[1], "on");
	return 0;
}

static int cmd_host_stats(struct sim *s, int argc, char **argv)
{
	struct vvtd_simhost_stats st = { .size = sizeof(st) };
	uint64_t calls = 0, failed = 0;

	(void)argv;
	if (argc != 1)
		return sim_error(s, "usage: host-stats");
	if (need_host(s))
		return -1;
	vvtd_simhost_get_stats(s->host, &st);
	for (unsigned i = 0; i < VVTD_HOST_OPS; i++) {
		calls += st.calls[i];
		failed += st.failed[i];
	}
	fprintf(s->out, "host-stats objects=%u devices=%u calls=%" PRIu64
		" failed=%" PRIu64 " injected=%" PRIu64 " inval-entries=%"
		PRIu64 " dma-faults=%" PRIu64 "\n", st.objects, st.devices,
		calls, failed, st.injected, st.inval_entries, st.dma_faults);
	fprintf(s->out, "host-stats calls");
	for (unsigned i = 0; i < VVTD_HOST_OPS; i++)
		fprintf(s->out, " %s=%" PRIu64,
			vvtd_host_op_name((enum vvtd_host_op)i), st.calls[i]);
	fputc('\n', s->out);
	return 0;
}

static const char *const obj_types[] = {
	"device", "ioas", "hwpt-paging", "hwpt-nested",
};

static void print_object(void *opaque, const struct vvtd_simhost_object *o)
{
	struct sim *s = opaque;

	fprintf(s->out, "host-objects %s %s %u refs=%u", s->fd_names[o->fd_index],
		obj_types[o->type], o->id, o->refs);
	switch (o->type) {
	case VVTD_SIMHOST_OBJ_DEVICE:
		fprintf(s->out, " iommu=%s rid=%u pasids=%u",
			s->iommu_names[o->iommu], o->rid_pt, o->npasids);
		break;
	case VVTD_SIMHOST_OBJ_IOAS:
		fprintf(s->out, " maps=%u", o->flags);
		break;
	case VVTD_SIMHOST_OBJ_HWPT_PAGING:
		fprintf(s->out, " ioas=%u%s%s%s", o->parent,
			o->flags & VVTD_HOST_HWPT_NEST_PARENT
				? " nest-parent" : "",
			o->enforce_cc ? " coherent" : "",
			o->auto_domain ? " auto" : "");
		break;
	default:
		fprintf(s->out, " parent=%u pgtbl=0x%" PRIx64 " aw=%u "
			"inval-entries=%" PRIu64, o->parent, o->s1.pgtbl_addr,
			o->s1.addr_width, o->inval_entries);
		break;
	}
	fputc('\n', s->out);
}

static int cmd_host_objects(struct sim *s, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return sim_error(s, "usage: host-objects");
	if (need_host(s))
		return -1;
	vvtd_simhost_objects(s->host, print_object, s);
	return 0;
}

/* ---- the host-call log (struct vvtd_callbacks.host_trace) ---- */

static void pasid_text(char *buf, size_t n, uint32_t pasid)
{
	if (pasid == VVTD_HOST_NO_PASID)
		snprintf(buf, n, "rid");
	else
		snprintf(buf, n, "%" PRIu32, pasid);
}

void sim_host_trace(void *opaque, const struct vvtd_host_trace *t)
{
	struct sim *s = opaque;
	FILE *o = s->out;
	char pasid[16];

	if (!s->host_log)
		return;
	fprintf(o, "host %s", vvtd_host_op_name(t->op));
	switch (t->op) {
	case VVTD_HOST_OP_GET_HW_INFO:
		fprintf(o, " dev=%u", t->dev_id);
		break;
	case VVTD_HOST_OP_IOAS_ALLOC:
		break;
	case VVTD_HOST_OP_IOAS_MAP:
		fprintf(o, " ioas=%u iova=0x%" PRIx64 " len=0x%" PRIx64 " %s",
			t->id, t->iova, t->length,
			t->flags & VVTD_HOST_MAP_WRITEABLE ? "rw" : "ro");
		break;
	case VVTD_HOST_OP_IOAS_UNMAP:
		fprintf(o, " ioas=%u iova=0x%" PRIx64 " len=0x%" PRIx64, t->id,
			t->iova, t->length);
		break;
	case VVTD_HOST_OP_HWPT_ALLOC:
		fprintf(o, " dev=%u pt=%u", t->dev_id, t->id);
		if (t->flags & VVTD_HOST_HWPT_NEST_PARENT)
			fprintf(o, " nest-parent");
		if (t->flags & VVTD_HOST_HWPT_ALLOC_PASID)
			fprintf(o, " pasid-capable");
		if (t->iova)
			fprintf(o, " vtd-s1 pgtbl=0x%" PRIx64, t->iova);
		break;
	case VVTD_HOST_OP_ATTACH:
		pasid_text(pasid, sizeof(pasid), t->pasid);
		fprintf(o, " dev=%u pasid=%s pt=%u", t->dev_id, pasid, t->id);
		break;
	case VVTD_HOST_OP_DETACH:
		pasid_text(pasid, sizeof(pasid), t->pasid);
		fprintf(o, " dev=%u pasid=%s", t->dev_id, pasid);
		break;
	case VVTD_HOST_OP_HWPT_INVALIDATE:
		fprintf(o, " hwpt=%u entries=%u handled=%u", t->id, t->count,
			t->out_id);
		if (t->count && t->length == UINT64_MAX)
			fprintf(o, " first=all");
		else if (t->count)
			fprintf(o, " first=0x%" PRIx64 "+%" PRIu64 "p", t->iova,
				t->length);
		break;
	default:
		fprintf(o, " id=%u", t->id);
		break;
	}
	if (t->out_id && t->op != VVTD_HOST_OP_HWPT_INVALIDATE)
		fprintf(o, " -> %u", t->out_id);
	if (t->result)
		fprintf(o, " = -%s\n", errno_name(t->result));
	else
		fprintf(o, " = 0\n");
}

/* ---- DMA by a passthrough device: the host IOMMU translates ---- */

int sim_host_dma(struct sim *s, struct sim_device *d,
		 const struct sim_request *r, const char *cmd)
{
	struct sim_fault_list faults = { .len = 0 };
	uint8_t *data = r->write ? sim_dma_source(d, r)
				 : calloc(1, (size_t)r->len);
	uint32_t pasid = r->pasid == VVTD_NO_PASID ? VVTD_HOST_NO_PASID
						   : r->pasid;
	uint64_t off = 0;

	if (r->access & (VVTD_ACCESS_EXEC | VVTD_ACCESS_PRIV)) {
		free(data);
		return sim_error(s, "dma: exec and priv are not modelled for "
				 "passthrough devices");
	}
	if (!data)
		return sim_error(s, "out of memory");
	/* page by page, so that every faulting page is reported */
	while (off < r->len) {
		uint64_t a = r->iova + off;
		size_t chunk = 0x1000 - (size_t)(a & 0xfff);
		struct vvtd_simhost_fault f;
		long n;

		if (chunk > r->len - off)
			chunk = (size_t)(r->len - off);
		n = vvtd_simhost_dma(s->fds[d->fd], d->dev_id, pasid, a,
				     data + off, chunk,
				     r->write ? VVTD_SIMHOST_DMA_WRITE : 0, &f);
		if (n < 0) {
			free(data);
			return sim_error(s, "dma: host refuses: %s",
					 vvtd_strerror((int)n));
		}
		if ((size_t)n < chunk)
			sim_fault_add(&faults, f.reason, f.addr);
		off += chunk;
	}
	/* host faults are the host's: the guest's vIOMMU records nothing */
	sim_dma_result(s, cmd, &faults, false, false);
	if (r->write)
		free(data);
	else
		sim_dma_keep(d, data, (size_t)r->len);
	return 0;
}

int sim_host_command(struct sim *s, int argc, char **argv, const char *cmd)
{
	const char *c = argv[0];

	if (!strcmp(c, "host-iommu"))
		return cmd_host_iommu(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "iommufd"))
		return cmd_iommufd(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "passthrough"))
		return cmd_passthrough(s, argc, argv, cmd) ? -1 : 1;
	if (!strcmp(c, "unplug"))
		return cmd_unplug(s, argc, argv, cmd) ? -1 : 1;
	if (!strcmp(c, "ram"))
		return cmd_ram(s, argc, argv, cmd) ? -1 : 1;
	if (!strcmp(c, "host-fail"))
		return cmd_host_fail(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "host-log"))
		return cmd_host_log(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "host-stats"))
		return cmd_host_stats(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "host-objects"))
		return cmd_host_objects(s, argc, argv) ? -1 : 1;
	if (!strcmp(c, "topology")) {
		if (argc > 2 || (argc == 2 && strcmp(argv[1], "dot")))
			return sim_error(s, "usage: topology [dot]");
		if (sim_instance(s))
			return -1;
		sim_topology(s, argc == 2 || s->opt.dot);
		return 1;
	}
	return 0;
}
