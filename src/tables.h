/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fetching and validating root, context, PASID-directory and PASID entries
 * (VT-d 9.1-9.6).  Each fetch returns 0 or the fault reason of the first
 * problem found, and reports the FPD bits seen so far (including the FPD bit
 * of the entry that faulted: a not-present entry with FPD=1 suppresses its
 * qualified faults, VT-d 7.1.2).
 */
#ifndef VVTD_TABLES_H
#define VVTD_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "entries.h"

struct vvtd;

/* Legacy root + context entry for @sid into @e. */
uint8_t ctx_fetch_legacy(struct vvtd *v, uint16_t sid,
			 struct ctx_cache_entry *e, bool *fpd);

/* Scalable-mode root + context entry for @sid into @e. */
uint8_t ctx_fetch_scalable(struct vvtd *v, uint16_t sid,
			   struct ctx_cache_entry *e, bool *fpd);

/* PASID-directory + PASID entry of @pasid under context @ce into @e.  @fpd
 * comes in with the context's FPD and goes out with the PASID levels' FPD
 * folded in. */
uint8_t pasid_fetch(struct vvtd *v, const struct ctx_cache_entry *ce,
		    uint16_t sid, uint32_t pasid, struct pasid_cache_entry *e,
		    bool *fpd);

/* Validate a present PASID entry against the capabilities: 0, FR_PE_RSVD or
 * FR_PE_INVALID. */
uint8_t pasid_entry_check(const struct vvtd *v, const struct pasid_entry *pe);

/* Second-stage levels for an AW field value, or 0 if SAGAW lacks it. */
unsigned aw_to_levels(const struct vvtd *v, unsigned aw);

#endif /* VVTD_TABLES_H */
