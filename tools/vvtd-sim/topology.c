/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host topology vvtd's bind engine built (vvtd_host_topology()), as
 * indented text or, with --dot, as a Graphviz graph:
 *
 *   iommufd -> IOAS container -> stage-2 (NEST_PARENT) HWPT -> device
 *           -> binding (a nested VTD_S1 HWPT, or the stage-2 itself)
 */
#include <inttypes.h>
#include <string.h>

#include "sim.h"

struct topo_walk {
	struct sim *s;
	unsigned nodes;
	/* dot: the node id of the last node at each depth */
	char parents[5][48];
};

static const char *fd_name(const struct sim *s, const void *ctx)
{
	for (unsigned i = 0; i < s->nfds; i++)
		if (s->fds[i] == ctx)
			return s->fd_names[i];
	return "?";
}

static const char *device_iommu(struct sim *s, uint16_t sid)
{
	struct sim_device *d = sim_device(s, sid, false);

	return d && d->passthrough ? s->iommu_names[d->host_iommu] : "?";
}

static void s1_flags(char *buf, size_t n, uint64_t flags)
{
	snprintf(buf, n, "%s%s%s%s", flags & VVTD_HOST_VTD_S1_SRE ? ",sre" : "",
		 flags & VVTD_HOST_VTD_S1_WPE ? ",wpe" : "",
		 flags & VVTD_HOST_VTD_S1_EAFE ? ",eafe" : "",
		 flags ? "" : ",-");
	memmove(buf, buf + 1, strlen(buf));
}

static void pasid_name(char *buf, size_t n, const struct vvtd_topo_node *t)
{
	/* vvtd offers no ECAP.RPS: requests without PASID use PASID 0 */
	if (t->pasid == 0)
		snprintf(buf, n, "0(rid)");
	else
		snprintf(buf, n, "%" PRIu32, t->pasid);
}

/* One line of the text form, without the "topology " prefix. */
static void describe(struct sim *s, const struct vvtd_topo_node *t,
		     char *buf, size_t n)
{
	char flags[24], pasid[16];

	switch (t->kind) {
	case VVTD_TOPO_IOMMUFD:
		snprintf(buf, n, "iommufd %s", fd_name(s, t->ctx));
		break;
	case VVTD_TOPO_CONTAINER:
		snprintf(buf, n, "ioas %u%s", t->id,
			 t->rw_only ? " rw-only (ERRATA_772415)" : "");
		break;
	case VVTD_TOPO_STAGE2:
		snprintf(buf, n, "stage-2 hwpt %u nest-parent users=%u", t->id,
			 t->users);
		break;
	case VVTD_TOPO_DEVICE:
		if (t->rid_pt_id)
			snprintf(buf, n, "device 0x%04x dev_id=%u host-iommu=%s "
				 "rid->%u", t->sid, t->dev_id,
				 device_iommu(s, t->sid), t->rid_pt_id);
		else
			snprintf(buf, n, "device 0x%04x dev_id=%u host-iommu=%s "
				 "rid blocked", t->sid, t->dev_id,
				 device_iommu(s, t->sid));
		break;
	default:
		pasid_name(pasid, sizeof(pasid), t);
		if (t->pgtt == 1) {
			s1_flags(flags, sizeof(flags), t->s1.flags);
			snprintf(buf, n, "pasid %s first-stage did=%u -> nested "
				 "hwpt %u vtd-s1 pgtbl=0x%" PRIx64 " aw=%u "
				 "flags=%s", pasid, t->did, t->id,
				 t->s1.pgtbl_addr, t->s1.addr_width, flags);
		} else {
			snprintf(buf, n, "pasid %s pass-through did=%u -> "
				 "stage-2 hwpt %u", pasid, t->did, t->id);
		}
		break;
	}
}

static void text_node(void *opaque, const struct vvtd_topo_node *t)
{
	struct topo_walk *w = opaque;
	char line[256];

	describe(w->s, t, line, sizeof(line));
	fprintf(w->s->out, "topology %*s%s\n", (int)(2 * t->depth), "", line);
	w->nodes++;
}

static void dot_node(void *opaque, const struct vvtd_topo_node *t)
{
	static const char *const shapes[] = {
		"box3d", "folder", "box", "component", "ellipse",
	};
	struct topo_walk *w = opaque;
	unsigned depth = t->depth < 5 ? t->depth : 4;
	char line[256], id[48];

	describe(w->s, t, line, sizeof(line));
	snprintf(id, sizeof(id), "n%u", w->nodes++);
	/* labels hold no quotes or backslashes: plain text is safe */
	fprintf(w->s->out, "  %s [shape=%s label=\"%s\"];\n", id,
		shapes[t->kind <= VVTD_TOPO_BINDING ? t->kind : 4], line);
	if (depth)
		fprintf(w->s->out, "  %s -> %s;\n", w->parents[depth - 1], id);
	strcpy(w->parents[depth], id);
}

void sim_topology(struct sim *s, bool dot)
{
	struct topo_walk w = { .s = s };

	if (dot) {
		fprintf(s->out, "digraph topology%u {\n  rankdir=LR;\n",
			++s->topologies);
		vvtd_host_topology(s->v, dot_node, &w);
		fprintf(s->out, "}\n");
		return;
	}
	vvtd_host_topology(s->v, text_node, &w);
	if (!w.nodes)
		fprintf(s->out, "topology empty\n");
}
