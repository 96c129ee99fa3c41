/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The instance structure shared by the model's modules, and the small
 * services (locking, guest memory, logging) they all use.
 */
#ifndef VVTD_INTERNAL_H
#define VVTD_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vvtd/vvtd.h>

#include "bind.h"
#include "cache.h"
#include "inval.h"
#include "lock.h"
#include "regs.h"

/*
 * Rate limit for guest-triggerable log lines: at most RATELIMIT_BURST lines
 * per RATELIMIT_INTERVAL_NS, then one line saying how many were dropped.
 */
#define RATELIMIT_BURST 10u
#define RATELIMIT_INTERVAL_NS UINT64_C(5000000000)

struct ratelimit {
	uint64_t window_start_ns;
	unsigned printed;
	unsigned dropped;
};

/* Invalidation queue state latched when GCMD.QIE enables the queue. */
struct qi_state {
	bool enabled;
	bool dw256;		/* 256-bit descriptors (IQA.DW, scalable only) */
	uint64_t base;		/* IQA.IQA */
	uint32_t entries;	/* descriptors in the queue */
	uint32_t head;		/* index of the next descriptor to fetch */
};

struct pending_msi {
	bool pending;
	uint64_t addr;
	uint32_t data;
};

enum msi_source {
	MSI_FAULT_EVENT = 0,
	MSI_INV_COMPLETION = 1,
	MSI_SOURCES
};

struct vvtd {
	/*
	 * One lock serialises the whole model: register file, latched state,
	 * caches, fault records and statistics.  Everything below except the
	 * immutable configuration group is protected by it.
	 */
	struct vvtd_mutex lock;

	/* Configuration, immutable after vvtd_new(). */
	struct vvtd_config cfg;
	struct vvtd_callbacks cb;
	uint64_t cap;
	uint64_t ecap;
	unsigned haw;		/* host (output) address width: aw-bits */
	unsigned nfr;		/* number of fault recording registers */
	uint64_t mmio_size;

	/*
	 * The register file, as QEMU models it: raw little-endian bytes plus,
	 * per byte, the bits a guest write may change (wmask) and the bits a
	 * guest write of 1 clears (w1cmask).  Registers with side effects are
	 * handled in regs.c after the masked update.
	 */
	uint8_t *regs;
	uint8_t *wmask;
	uint8_t *w1cmask;

	/* Translation state latched by GCMD.SRTP and GCMD.TE (10.4.4). */
	bool te;
	bool root_valid;	/* an SRTP has latched root_table/ttm */
	unsigned ttm;		/* enum ttm */
	uint64_t root_table;

	struct qi_state qi;

	/* Fault recording: the register the next fault goes to (7.2.1). */
	unsigned next_frcd;

	struct caches caches;

	/* The bind engine's view of invalidations (see inval.h). */
	const struct inval_listener *listener;
	void *listener_opaque;

	/* Passthrough devices mirrored into the host (bind.h). */
	struct bind_engine bind;

	/* Interrupts raised under the lock, sent by vvtd_unlock(). */
	struct pending_msi msi[MSI_SOURCES];
	bool msi_pending;

	struct ratelimit guest_log;
	struct vvtd_stats stats;
};

/* ---- locking (vvtd.c) ---- */
static inline void vvtd_lock(struct vvtd *v)
{
	vvtd_mutex_lock(&v->lock);
}

void vvtd_unlock_deliver(struct vvtd *v);

/* Drop the lock, then deliver the interrupts raised while it was held. */
static inline void vvtd_unlock(struct vvtd *v)
{
	if (v->msi_pending)
		vvtd_unlock_deliver(v);
	else
		vvtd_mutex_unlock(&v->lock);
}
/* Queue an MSI to be sent when the lock is dropped. */
void msi_raise_locked(struct vvtd *v, enum msi_source src, uint64_t addr,
		      uint32_t data);

/* ---- guest memory (mem.c) ---- */
/* 0 or -EFAULT; never partial. */
int gmem_read(struct vvtd *v, uint64_t gpa, void *buf, size_t len);
int gmem_write(struct vvtd *v, uint64_t gpa, const void *buf, size_t len);
/* Read @n little-endian 64-bit words at @gpa. */
int gmem_read_u64s(struct vvtd *v, uint64_t gpa, uint64_t *vals, unsigned n);
int gmem_cmpxchg64(struct vvtd *v, uint64_t gpa, uint64_t *expected,
		   uint64_t desired);

/* ---- logging (log.c) ---- */
#if defined(__GNUC__)
#define VVTD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define VVTD_PRINTF(a, b)
#endif
void vvtd_log(struct vvtd *v, enum vvtd_log_level level, const char *fmt, ...)
	VVTD_PRINTF(3, 4);
/* A guest programming error: logged as a warning, rate limited. */
void guest_error(struct vvtd *v, const char *fmt, ...) VVTD_PRINTF(2, 3);

/* ---- register file (regs.c) ---- */
int regs_init(struct vvtd *v);
void regs_free(struct vvtd *v);
void regs_reset_locked(struct vvtd *v);
uint32_t reg_get32(const struct vvtd *v, uint64_t off);
uint64_t reg_get64(const struct vvtd *v, uint64_t off);
void reg_set32(struct vvtd *v, uint64_t off, uint32_t val);
void reg_set64(struct vvtd *v, uint64_t off, uint64_t val);
/* Clear then set bits of a 32-bit register, bypassing the write masks. */
void reg_update32(struct vvtd *v, uint64_t off, uint32_t clear, uint32_t set);
int regs_mmio_read_locked(struct vvtd *v, uint64_t off, unsigned size,
			  uint64_t *val);
int regs_mmio_write_locked(struct vvtd *v, uint64_t off, unsigned size,
			   uint64_t val);

/* ---- capabilities (caps.c) ---- */
int caps_check_config(const struct vvtd_config *cfg, const char **why);
void caps_derive(const struct vvtd_config *cfg, uint64_t *cap, uint64_t *ecap);

static inline bool vvtd_scalable(const struct vvtd *v)
{
	return v->ttm == TTM_SCALABLE;
}

#endif /* VVTD_INTERNAL_H */
