/* SPDX-License-Identifier: BSD-3-Clause */
/* First- and second-stage page walks (VT-d 3.6, 3.7, 9.7, 9.8). */
#ifndef VVTD_WALK_H
#define VVTD_WALK_H

#include <stdbool.h>
#include <stdint.h>

struct vvtd;

struct walk_result {
	uint64_t out;		/* output address of the page */
	uint8_t level;		/* leaf level: 1 (4K), 2 (2M), 3 (1G) */
	uint8_t attrs;		/* enum iotlb_attr */
	uint8_t fault;		/* fault reason; 0 when translated */
	bool not_present;	/* the fault is a not-present entry */
};

struct ss_walk_params {
	uint64_t root;		/* second-stage page-table pointer */
	unsigned levels;	/* 3, 4 or 5 */
	bool scalable;		/* scalable-mode fault reasons and rules */
};

/*
 * ss_walk() - walk second-stage tables for @iova.  Checks that @iova fits
 * the table's address width, every entry's reserved bits and the read/write
 * permission @access needs; R and W combine over all levels.  Execute
 * permission (X) is reported in attrs for the caller to check.
 */
void ss_walk(struct vvtd *v, const struct ss_walk_params *p, uint64_t iova,
	     unsigned access, struct walk_result *r);

struct fs_walk_params {
	uint64_t root;		/* FSPTPTR */
	unsigned levels;	/* 4 or 5 (FSPM) */
	bool wpe;		/* write-protect enable for supervisor writes */
	bool eafe;		/* set extended-accessed bits */
};

/*
 * fs_walk() - walk first-stage tables for @iova (IA-32e paging semantics):
 * canonical input, present and reserved bits, then the permission check of
 * fs_access_fault(); sets Accessed (and EA with EAFE) on every level and
 * Dirty on the leaf of a write, by compare-exchange.
 */
void fs_walk(struct vvtd *v, const struct fs_walk_params *p, uint64_t iova,
	     unsigned access, struct walk_result *r);

/* The first-stage permission check of a request with @access against the
 * combined attributes of a translation; 0 if allowed. */
uint8_t fs_access_fault(unsigned access, unsigned attrs, bool wpe);

/* The second-stage permission check: 0 if allowed. */
uint8_t ss_access_fault(unsigned access, unsigned attrs, bool scalable);
/* The fault for a second-stage entry with R=W=0. */
uint8_t ss_not_present_fault(unsigned access, bool scalable);

#endif /* VVTD_WALK_H */
