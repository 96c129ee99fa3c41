/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated host's objects, shared by simhost.c (iommufd objects and
 * their rules) and simhost_dma.c (DMA translation and the nested IOTLB).
 */
#ifndef VVTD_SIMHOST_INTERNAL_H
#define VVTD_SIMHOST_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <vvtd/vvtd-simhost.h>

#define SIM_MAX_IOMMUS 16u
#define SIM_IOTLB_SIZE 64u	/* entries per nested HWPT, direct mapped */

struct sim_iommu {
	uint64_t cap;
	uint64_t ecap;
	uint32_t hw_flags;
	uint8_t mgaw;
	uint8_t pasid_bits;
};

struct sim_map {
	uint64_t iova;
	uint64_t length;
	uint8_t *hva;
	uint32_t flags;		/* VVTD_HOST_MAP_* */
};

/* One cached first-stage translation of a nested HWPT (4 KiB). */
struct sim_iotlb {
	uint64_t page;		/* input page number + 1; 0 = empty */
	uint8_t *host;		/* host address of the output page */
	bool writable;		/* write allowed without a walk (D set) */
};

struct sim_pasid_att {
	uint32_t pasid;
	struct sim_obj *hwpt;
};

struct sim_obj {
	enum vvtd_simhost_obj_type type;
	uint32_t id;
	uint32_t refs;		/* children and attachments holding it */
	struct sim_obj *next;	/* in the fd's list, by id */

	/* IOAS */
	struct sim_map *maps;
	uint32_t nmaps;
	uint32_t maps_cap;

	/* HWPT (paging: over @ioas; nested: over @parent) */
	struct sim_obj *ioas;
	struct sim_obj *parent;
	uint32_t flags;		/* VVTD_HOST_HWPT_* */
	unsigned iommu;		/* paging: the allocating device's IOMMU */
	bool enforce_cc;
	bool pwc;		/* page walks snoop (ECAP.SMPWC) */
	bool auto_domain;
	struct vvtd_host_vtd_s1 s1;
	struct sim_iotlb *iotlb;	/* nested: SIM_IOTLB_SIZE entries */
	uint64_t inval_entries;

	/* device */
	unsigned dev_iommu;
	struct sim_obj *rid;
	struct sim_pasid_att *pasids;
	uint32_t npasids;
	uint32_t pasids_cap;
};

struct vvtd_simhost_fd {
	struct vvtd_simhost *h;
	uint32_t index;
	struct sim_obj *objs;
	struct vvtd_simhost_fd *next;
};

struct vvtd_simhost {
	pthread_mutex_t lock;
	struct sim_iommu iommus[SIM_MAX_IOMMUS];
	unsigned niommus;
	struct vvtd_simhost_fd *fds;
	uint32_t fds_opened;
	/* failure injection */
	enum vvtd_host_op fail_op;
	unsigned fail_countdown;	/* 0 = none */
	int fail_err;
	struct vvtd_simhost_stats st;
};

struct sim_obj *sim_find(const struct vvtd_simhost_fd *fd, uint32_t id);
/* The HWPT @dev's @pasid (VVTD_HOST_NO_PASID: RID) is attached to. */
struct sim_obj *sim_attachment(const struct sim_obj *dev, uint32_t pasid);
/* Empty the IOTLB of nested HWPT @n for [first, last] pages. */
void sim_iotlb_flush(struct sim_obj *n, uint64_t first, uint64_t last);

#endif /* VVTD_SIMHOST_INTERNAL_H */
