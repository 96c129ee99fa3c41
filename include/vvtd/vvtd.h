/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd: an embeddable virtual Intel VT-d IOMMU.
 *
 * This header is the API documentation.  It is C11 and C++ clean.
 *
 * Model
 * -----
 * One `struct vvtd` models one VT-d remapping hardware unit (one DRHD) as a
 * guest sees it: the register file behind MMIO, legacy and scalable-mode
 * translation structures, first- and second-stage page walks, the context,
 * PASID and IOTLB caches, the invalidation queue and fault recording.  The VMM
 * forwards the guest's MMIO accesses to vvtd_mmio_read()/vvtd_mmio_write() and
 * asks vvtd_translate() how a DMA request of an emulated device is remapped.
 *
 * Errors and faults are two separate channels
 * -------------------------------------------
 * Every fallible function returns 0 or a negative errno value; the codes each
 * function can return are listed with it and vvtd_strerror() names them.
 * A DMA request that the guest's programming does not allow is not an error:
 * vvtd_translate() returns 0 and describes the architectural fault (VT-d
 * fault reason, whether it was recorded) in struct vvtd_translation.
 *
 * Threading
 * ---------
 * There is no global state; instances are independent.  Every entry point
 * taking a `struct vvtd *` may be called from any thread, concurrently with
 * any other entry point on the same instance, except vvtd_free(), which must
 * not race with anything on that instance.  The expected use is several device
 * threads calling vvtd_translate() while vCPU threads call vvtd_mmio_read()
 * and vvtd_mmio_write(); an internal per-instance lock serialises the model.
 *
 * Callbacks and the lock: mem_read, mem_write, mem_cmpxchg64, log and
 * devtlb_invalidate are called with the instance lock held; they must not
 * call back into the same instance (they may call into other instances).
 * msi is called after the lock has been dropped, from the thread whose call
 * caused the event, so an MSI handler may call back into vvtd.
 *
 * Guest memory
 * ------------
 * vvtd reads root, context, PASID and paging entries and invalidation
 * descriptors through mem_read; it writes only invalidation-wait status data
 * (mem_write) and first-stage Accessed/Dirty bits (mem_cmpxchg64).  It never
 * touches guest memory by any other means.  All structures are little-endian.
 *
 * ABI
 * ---
 * The library is pre-1.0: the ABI may change between minor versions.  Structs
 * passed in begin with a `size` member set by the caller to sizeof(struct);
 * a caller built against an older header passes a smaller size and newer
 * members read as zero.  Reserved members must be zero.
 */
#ifndef VVTD_H
#define VVTD_H

#include <stddef.h>
#include <stdint.h>

#include <vvtd/vvtd-host.h>
#include <vvtd/vvtd-version.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VVTD_BUILDING_LIBRARY)
#define VVTD_API __attribute__((visibility("default")))
#else
#define VVTD_API
#endif

struct vvtd;

/* ------------------------------------------------------------------------- */
/* Configuration                                                              */
/* ------------------------------------------------------------------------- */

/*
 * Feature flags of struct vvtd_config.flags.  The names follow QEMU's
 * intel-iommu properties; CAP_REG and ECAP_REG are derived from them
 * (see vvtd_get_caps()).
 */
enum vvtd_config_flags {
	/* caching-mode=on: CAP.CM.  Not-present and faulting translations may
	 * be cached, so the guest must invalidate after making an entry
	 * present.  vvtd does cache them, to expose drivers that forget. */
	VVTD_CONFIG_CACHING_MODE = 1u << 0,
	/* scalable-mode=on: ECAP.SMTS, RTADDR.TTM=01b, 256-bit descriptors. */
	VVTD_CONFIG_SCALABLE_MODE = 1u << 1,
	/* fsts=on (x-flts): ECAP.FSTS, first-stage translation (PGTT=001b).
	 * Needs scalable mode and aw-bits 48 or 57. */
	VVTD_CONFIG_FIRST_STAGE = 1u << 2,
	/* ECAP.SSTS, second-stage translation in scalable mode (PGTT=010b).
	 * Legacy mode always translates with second-stage tables. */
	VVTD_CONFIG_SECOND_STAGE = 1u << 3,
	/* pt=on: ECAP.PT, pass-through (context TT=10b, PGTT=100b). */
	VVTD_CONFIG_PASS_THROUGH = 1u << 4,
	/* snoop-control=on: ECAP.SC. */
	VVTD_CONFIG_SNOOP_CONTROL = 1u << 5,
	/* x-pasid-mode=on: ECAP.PASID with PSS = pasid_bits - 1.  Requests
	 * with PASID are accepted.  Needs scalable mode. */
	VVTD_CONFIG_PASID = 1u << 6,
	/* fs1gp=on: CAP.FS1GP, 1 GiB first-stage pages.  Needs FIRST_STAGE. */
	VVTD_CONFIG_FS1GP = 1u << 7,
	/* device-iotlb=on: ECAP.DT; device-TLB invalidations are validated
	 * and passed to the devtlb_invalidate callback. */
	VVTD_CONFIG_DEVICE_IOTLB = 1u << 8,
	/* dma-drain=on: CAP.DRD and CAP.DWD. */
	VVTD_CONFIG_DMA_DRAIN = 1u << 9,
};

#define VVTD_CONFIG_ALL_FLAGS 0x3ffu

struct vvtd_config {
	uint32_t size;		/* sizeof(struct vvtd_config) */
	uint32_t flags;		/* enum vvtd_config_flags */
	uint32_t aw_bits;	/* aw-bits: 39, 48 or 57 (MGAW, SAGAW, HAW) */
	uint32_t pasid_bits;	/* PASID width 1..20 when VVTD_CONFIG_PASID,
				 * else 0 */
	uint32_t fault_records; /* number of fault recording registers,
				 * 1..256 (CAP.NFR + 1) */
	uint32_t reserved[11];	/* must be zero */
};

/**
 * vvtd_config_init() - fill @cfg with QEMU's intel-iommu defaults.
 * @cfg: configuration to initialise; every member is written.
 *
 * Defaults: legacy mode, aw-bits 48, pt=on, dma-drain=on, one fault
 * recording register, no caching mode, no PASID.  These are QEMU's property
 * defaults; the registers derived from them follow the spec rather than
 * QEMU where the two differ (e.g. ECAP.C=1: page walks are coherent).
 */
VVTD_API void vvtd_config_init(struct vvtd_config *cfg);

/**
 * vvtd_config_set() - set one property in QEMU's intel-iommu vocabulary.
 * @cfg:   configuration to change.
 * @name:  property name, e.g. "caching-mode", "x-scalable-mode", "aw-bits",
 *         "fault-records".
 * @value: "on"/"off" (also "true"/"false", "yes"/"no") or a number.
 *
 * Known names: aw-bits, caching-mode, scalable-mode (x-scalable-mode),
 * fsts (x-flts), x-pasid-mode (pasid-bits for the width), pt, snoop-control,
 * fs1gp (x-cap-fs1gp), device-iotlb, dma-drain, fault-records.  Properties
 * QEMU has but vvtd does not implement (intremap=on, eim=on, svm=on, ...) are
 * refused with -ENOTSUP; their "off" values are accepted.  As in QEMU,
 * scalable-mode=on implies second-stage translation and fsts=on replaces it
 * with first-stage translation.  Consistency is checked by vvtd_new().
 *
 * Return: 0; -EINVAL unknown property or malformed value; -ENOTSUP a
 * property or value vvtd does not implement.
 */
VVTD_API int vvtd_config_set(struct vvtd_config *cfg, const char *name,
			     const char *value);

/* ------------------------------------------------------------------------- */
/* Callbacks                                                                  */
/* ------------------------------------------------------------------------- */

enum vvtd_log_level {
	VVTD_LOG_ERR = 3,
	VVTD_LOG_WARNING = 4,	/* e.g. guest programming errors */
	VVTD_LOG_INFO = 6,
	VVTD_LOG_DEBUG = 7,
};

/* Device-TLB invalidation (VT-d 6.5.2.5 and 6.5.2.8) to pass to a device. */
struct vvtd_devtlb_inval {
	uint16_t sid;		/* requester id of the device */
	uint16_t pfsid;		/* physical function source id */
	uint32_t pasid;		/* valid if has_pasid */
	uint8_t has_pasid;	/* PASID-based device-TLB invalidation */
	uint8_t all_pasids;	/* global: every PASID of the device */
	uint8_t mip;		/* max invalidations pending */
	uint8_t reserved;
	uint64_t addr;		/* first byte invalidated */
	uint64_t size;		/* bytes invalidated (power of two) */
};

/* The host calls of the bind engine, for tracing (see vvtd-host.h). */
enum vvtd_host_op {
	VVTD_HOST_OP_GET_HW_INFO = 0,
	VVTD_HOST_OP_IOAS_ALLOC,
	VVTD_HOST_OP_IOAS_MAP,
	VVTD_HOST_OP_IOAS_UNMAP,
	VVTD_HOST_OP_HWPT_ALLOC,
	VVTD_HOST_OP_ATTACH,
	VVTD_HOST_OP_DETACH,
	VVTD_HOST_OP_HWPT_INVALIDATE,
	VVTD_HOST_OP_DESTROY,
	VVTD_HOST_OPS
};

/* One host call and its result.  Members not meaningful for @op are 0. */
struct vvtd_host_trace {
	enum vvtd_host_op op;
	int result;		/* 0 or -errno, as the host returned it */
	uint16_t sid;		/* guest requester id the call is for, if any */
	uint16_t reserved;
	uint32_t dev_id;
	uint32_t pasid;		/* VVTD_HOST_NO_PASID without PASID */
	uint32_t id;		/* pt_id / ioas_id / hwpt_id operated on */
	uint32_t out_id;	/* id allocated by the call */
	uint32_t flags;		/* alloc or map flags */
	uint32_t count;		/* invalidation entries: in (handled in
				 * out_id) */
	uint64_t iova;		/* map/unmap range, or first invalidation
				 * address */
	uint64_t length;	/* map/unmap length, or npages */
};

struct vvtd_callbacks {
	uint32_t size;		/* sizeof(struct vvtd_callbacks) */
	uint32_t flags;		/* must be zero */
	void *opaque;		/* first argument of every callback */

	/* Copy exactly @len bytes of guest-physical memory at @gpa.
	 * Return 0, or -EFAULT if any byte is not guest RAM.  Required. */
	int (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	/* Write exactly @len bytes, or none and return -EFAULT.  Required. */
	int (*mem_write)(void *opaque, uint64_t gpa, const void *buf,
			 size_t len);
	/* Atomically: if the naturally aligned 64-bit word at @gpa equals
	 * *@expected, store @desired and return 0; otherwise store the
	 * current value in *@expected and return -EAGAIN.  -EFAULT if @gpa is
	 * not RAM.  Required with VVTD_CONFIG_FIRST_STAGE (A/D updates). */
	int (*mem_cmpxchg64)(void *opaque, uint64_t gpa, uint64_t *expected,
			     uint64_t desired);
	/* Deliver a 32-bit MSI write (fault event, invalidation completion
	 * event).  @addr is FEUADDR:FEADDR (or IEUADDR:IEADDR).  Optional. */
	void (*msi)(void *opaque, uint64_t addr, uint32_t data);
	/* One message, no trailing newline.  Guest-triggered messages are
	 * rate limited.  Optional. */
	void (*log)(void *opaque, enum vvtd_log_level level, const char *msg);
	/* A device-TLB invalidation the guest issued.  Optional. */
	void (*devtlb_invalidate)(void *opaque,
				  const struct vvtd_devtlb_inval *inv);
	/* Every host call of the bind engine with its result.  Optional. */
	void (*host_trace)(void *opaque, const struct vvtd_host_trace *t);
};

/* ------------------------------------------------------------------------- */
/* Lifetime                                                                   */
/* ------------------------------------------------------------------------- */

/**
 * vvtd_new() - create a VT-d instance in its reset state.
 * @cfg:  configuration; copied, the caller keeps ownership.
 * @cb:   callbacks; copied, the caller keeps ownership.  The opaque pointer
 *        must stay valid until vvtd_free().
 * @out:  receives the new instance on success, untouched on failure.
 * @why:  if not NULL, receives a static English sentence explaining a
 *        refusal (or NULL on success).
 *
 * Return: 0; -EINVAL a size member too small, a reserved member not zero, a
 * required callback missing, or an inconsistent configuration (see @why);
 * -E2BIG a caller's struct larger than known with non-zero extra bytes;
 * -EOPNOTSUPP unknown flags; -ENOMEM.
 */
VVTD_API int vvtd_new(const struct vvtd_config *cfg,
		      const struct vvtd_callbacks *cb, struct vvtd **out,
		      const char **why);

/** vvtd_free() - destroy an instance (NULL is allowed). */
VVTD_API void vvtd_free(struct vvtd *v);

/**
 * vvtd_reset() - platform reset: registers to their reset values,
 * translation and queued invalidation disabled, caches and fault records
 * cleared.
 */
VVTD_API void vvtd_reset(struct vvtd *v);

/* ------------------------------------------------------------------------- */
/* Registers                                                                  */
/* ------------------------------------------------------------------------- */

/**
 * vvtd_mmio_size() - size in bytes of the register window (a multiple of
 * 4 KiB; it grows with the number of fault recording registers).
 */
VVTD_API uint64_t vvtd_mmio_size(const struct vvtd *v);

/**
 * vvtd_mmio_read() - guest read of a register.
 * @offset: byte offset from the register base.
 * @size:   4 or 8; the access must be naturally aligned.
 * @val:    receives the value (zero-extended); always written.
 *
 * Offsets inside the window that hold no register read as zero.
 * Return: 0; -EINVAL bad size, misaligned or outside the window (*@val = 0).
 */
VVTD_API int vvtd_mmio_read(struct vvtd *v, uint64_t offset, unsigned size,
			    uint64_t *val);

/**
 * vvtd_mmio_write() - guest write of a register.
 *
 * Writes to read-only bits and to offsets holding no register are ignored.
 * Commands (GCMD, CCMD, IOTLB, IQT) take effect before the call returns.
 * Return: 0; -EINVAL bad size, misaligned or outside the window (ignored).
 */
VVTD_API int vvtd_mmio_write(struct vvtd *v, uint64_t offset, unsigned size,
			     uint64_t val);

/** vvtd_get_caps() - the CAP_REG and ECAP_REG values derived from config. */
VVTD_API void vvtd_get_caps(const struct vvtd *v, uint64_t *cap,
			    uint64_t *ecap);

/* ------------------------------------------------------------------------- */
/* Translation                                                                */
/* ------------------------------------------------------------------------- */

#define VVTD_NO_PASID 0xffffffffu

enum vvtd_access {
	VVTD_ACCESS_READ = 1u << 0,
	VVTD_ACCESS_WRITE = 1u << 1,
	VVTD_ACCESS_EXEC = 1u << 2,	/* execute request; needs a PASID */
	VVTD_ACCESS_PRIV = 1u << 3,	/* supervisor request; needs a PASID */
};

enum vvtd_perm {
	VVTD_PERM_READ = 1u << 0,
	VVTD_PERM_WRITE = 1u << 1,
	VVTD_PERM_EXEC = 1u << 2,
};

enum vvtd_fault_flags {
	/* The fault was written to a fault recording register. */
	VVTD_FAULT_RECORDED = 1u << 0,
	/* Not recorded because FPD=1 in the context, PASID-directory or
	 * PASID entry (a qualified fault, VT-d 7.1.2). */
	VVTD_FAULT_SUPPRESSED = 1u << 1,
	/* Not recorded because the fault recording registers were full
	 * (FSTS.PFO set). */
	VVTD_FAULT_OVERFLOW = 1u << 2,
	/* Not recorded because a pending record already describes it. */
	VVTD_FAULT_DUPLICATE = 1u << 3,
};

struct vvtd_translation {
	uint64_t addr;		/* output address of the requested IOVA */
	uint64_t page_mask;	/* page size - 1 of the translation */
	uint32_t perm;		/* enum vvtd_perm granted by the mapping */
	uint8_t fault_reason;	/* 0: translated; else VT-d fault reason */
	uint8_t fault_flags;	/* enum vvtd_fault_flags */
	uint16_t reserved;
};

/**
 * vvtd_translate() - remap one untranslated DMA request of a device.
 * @sid:    requester id (bus << 8 | devfn).
 * @pasid:  PASID of a request-with-PASID, or VVTD_NO_PASID.
 * @iova:   input address.
 * @access: enum vvtd_access; exactly one of READ or WRITE, optionally EXEC
 *          and PRIV (only with a PASID).
 * @out:    result; always written.
 *
 * The whole page containing @iova is translated: @out->addr is the output
 * address of @iova itself and [@iova & ~page_mask, | page_mask] maps
 * linearly with the permissions in @out->perm.  On a fault (fault_reason
 * != 0) addr and perm are zero and the fault was recorded, suppressed,
 * dropped on overflow or deduplicated as fault_flags says; recording may
 * raise the fault event interrupt.
 *
 * Translation with GSTS.TES clear is the identity for any address.
 *
 * Return: 0 (translated or faulted); -EINVAL bad @access, a PASID wider
 * than the configured PASID width or any PASID without VVTD_CONFIG_PASID.
 */
VVTD_API int vvtd_translate(struct vvtd *v, uint16_t sid, uint32_t pasid,
			    uint64_t iova, unsigned access,
			    struct vvtd_translation *out);

/* ------------------------------------------------------------------------- */
/* Passthrough devices: the nested bind engine                                */
/* ------------------------------------------------------------------------- */
/*
 * A device passed through from the host does not use vvtd_translate(): the
 * host IOMMU translates its DMA.  vvtd mirrors the guest's programming into
 * the host (see vvtd-host.h):
 *
 * - Guest RAM is mapped GPA -> host virtual address, once per IOAS, into
 *   one IOAS per iommufd (a second one, without read-only regions, for
 *   hosts with ERRATA_772415_SPR17).  Each device is attached to a
 *   NEST_PARENT stage-2 HWPT over that IOAS, shared by every device the host
 *   accepts on it; a device the host refuses with EINVAL (for instance a
 *   non-coherent device next to coherent ones) gets a stage-2 of its own.
 * - While translation is off, or the guest uses legacy mode, the device is
 *   attached to its stage-2: guest-physical DMA, as without an IOMMU (vvtd
 *   does not shadow legacy-mode tables).
 * - With scalable-mode translation on, every present PASID entry of the
 *   device is mirrored: PGTT pass-through attaches the PASID (RID_PASID: the
 *   device itself) to the stage-2; PGTT first-stage allocates a nested
 *   IOMMU_HWPT_DATA_VTD_S1 HWPT (SRE, WPE, EAFE, FSPTPTR, 48/57-bit per
 *   FSPM) over the stage-2 and attaches it.  A changed entry is replaced make
 *   before break: new HWPT attached (replace), then the old one destroyed.
 *   A PASID whose entry is not present is detached: its DMA is blocked.
 * - PASID-cache, context-cache, SRTP, TE and reset events re-read the
 *   tables; PASID-based IOTLB invalidations (and IOTLB invalidations, which
 *   cover first-stage mappings of the domain) are sent to the affected
 *   nested HWPTs with IOMMU_HWPT_INVALIDATE, batched: at most one host call
 *   per HWPT per invalidation-queue run, always before a following
 *   invalidation wait descriptor completes.
 *
 * Errors never stop the VMM.  When a PASID entry cannot be mirrored (PGTT
 * second-stage or nested, FSPTPTR 0, a width or SRE/EAFE the host lacks, a
 * non-zero PASID on a host without PASID attach) or the host refuses a
 * call, the outcome is defined: a new binding leaves the PASID blocked, an
 * update keeps the previous binding, and the guest sees a fault record with
 * reason 0x5B (SPT.4, invalid PASID table entry) for the device and PASID,
 * unless FPD suppresses it.  That is the closest VT-d has to "this PASID
 * entry cannot be used by the hardware"; an invalidation-queue error
 * instead would stall the guest's whole queue for one device's problem.
 * If the host cannot complete an invalidation, the PASID is blocked
 * (detached) rather than left with stale translations, and the same fault
 * is recorded.  Every case is logged, rate limited, and traced.
 */

/* A host device bound to an iommufd (VFIO_DEVICE_BIND_IOMMUFD). */
struct vvtd_host_device {
	uint32_t size;		/* sizeof(struct vvtd_host_device) */
	uint32_t flags;		/* must be zero */
	uint16_t sid;		/* the guest requester id of the device */
	uint16_t reserved0;
	uint32_t dev_id;	/* iommufd device id */
	/* The iommufd instance the device is bound to.  Devices with the same
	 * (ops, ctx) share containers.  Both must outlive the device. */
	const struct vvtd_host_ops *ops;
	void *ctx;
	/* Where the device's guest-physical DMA goes while translation is
	 * off: an IOAS or HWPT id of the embedder's, or 0 for vvtd's stage-2
	 * (the usual choice). */
	uint32_t default_pt_id;
	uint32_t reserved1;
};

/**
 * vvtd_host_add_device() - start mirroring the guest's programming for a
 * passthrough device.
 * @why: if not NULL, receives a static sentence explaining a refusal.
 *
 * The host IOMMU is checked against the vIOMMU first (vvtd_host_check()):
 * nesting support (ECAP.NEST) and scalable second-stage for the parent,
 * aw-bits not above the host's MGAW + 1, FS1GP when fs1gp=on, FS5LP when
 * aw-bits is 57, the PASID width when PASID support is on.  The vIOMMU must
 * offer scalable mode with first-stage translation, and caching mode: with
 * CM=0 a guest need not tell the IOMMU of entries it makes present (VT-d
 * 6.1), and vvtd would never learn of new bindings.  Then the device is
 * attached to a stage-2 and the current guest state is applied.
 *
 * Return: 0; -EINVAL bad argument or incompatible host (see @why); -EEXIST
 * @sid already has a passthrough device; -ENOMEM; or the host's error
 * (nothing is left allocated on the host after a failure).
 */
VVTD_API int vvtd_host_add_device(struct vvtd *v,
				  const struct vvtd_host_device *dev,
				  const char **why);

/**
 * vvtd_host_check() - would a vIOMMU configured with @cfg accept a
 * passthrough device whose host IOMMU reports @info?  The checks of
 * vvtd_host_add_device(), without a device (vvtd-probe uses it).
 * Return: 0; -EINVAL with the reason in @why (a static sentence).
 */
VVTD_API int vvtd_host_check(const struct vvtd_config *cfg,
			     const struct vvtd_host_hw_info *info,
			     const char **why);

/**
 * vvtd_host_remove_device() - stop mirroring: every binding is destroyed,
 * the device is detached (or attached to its default_pt_id) and stage-2
 * tables and containers no longer used are destroyed.
 * Return: 0; -ENOENT no passthrough device with @sid.  Host errors during
 * teardown are logged and traced; vvtd forgets the device regardless.
 */
VVTD_API int vvtd_host_remove_device(struct vvtd *v, uint16_t sid);

/**
 * vvtd_ram_add() - tell vvtd of a guest RAM region: guest-physical
 * [@gpa, @gpa + @size) is host virtual memory at @hva (4 KiB aligned,
 * non-overlapping).  It is mapped into every IOAS now and later.
 * Return: 0; -EINVAL misaligned, zero, wrapping or overlapping; -ENOMEM; or
 * the host's error (the region is then not added and no IOAS holds it).
 */
VVTD_API int vvtd_ram_add(struct vvtd *v, uint64_t gpa, uint64_t size,
			  void *hva, int readonly);

/**
 * vvtd_ram_remove() - the region added with exactly @gpa and @size is gone;
 * it is unmapped from every IOAS.
 * Return: 0; -ENOENT no such region.  Host unmap errors are logged.
 */
VVTD_API int vvtd_ram_remove(struct vvtd *v, uint64_t gpa, uint64_t size);

/* One node of the host topology vvtd built, in depth-first order. */
enum vvtd_topo_kind {
	VVTD_TOPO_IOMMUFD = 0,	/* ctx */
	VVTD_TOPO_CONTAINER,	/* id = IOAS id; rw_only */
	VVTD_TOPO_STAGE2,	/* id = NEST_PARENT HWPT id; users */
	VVTD_TOPO_DEVICE,	/* sid, dev_id; id = RID attachment */
	VVTD_TOPO_BINDING,	/* sid, pasid, pgtt; id = HWPT id */
};

struct vvtd_topo_node {
	enum vvtd_topo_kind kind;
	unsigned depth;		/* 0 for iommufd, +1 per level */
	const void *ctx;	/* the iommufd ctx */
	uint32_t id;
	uint32_t users;		/* stage-2: devices using it */
	uint32_t dev_id;
	uint16_t sid;
	uint8_t rw_only;	/* container without read-only regions */
	uint8_t pgtt;		/* binding: 1 first-stage, 4 pass-through */
	uint32_t pasid;
	uint16_t did;		/* binding: guest domain id */
	uint16_t reserved;
	/* first-stage binding: what the nested HWPT was allocated with */
	struct vvtd_host_vtd_s1 s1;
	/* device: where the RID is now attached */
	uint32_t rid_pt_id;	/* 0: detached (blocked) */
	uint32_t reserved2;
};

/**
 * vvtd_host_topology() - call @fn for each node of the host topology:
 * iommufd, its containers, their stage-2 HWPTs, the devices on each
 * stage-2, and each device's bindings.  @fn runs with the instance lock
 * held and must not call into @v.
 */
VVTD_API void vvtd_host_topology(struct vvtd *v,
				 void (*fn)(void *opaque,
					    const struct vvtd_topo_node *n),
				 void *opaque);

/** vvtd_host_op_name() - "ioas_map" etc. for enum vvtd_host_op. */
VVTD_API const char *vvtd_host_op_name(enum vvtd_host_op op);

/* ------------------------------------------------------------------------- */
/* Inspection                                                                 */
/* ------------------------------------------------------------------------- */

struct vvtd_stats {
	uint32_t size;		/* set by the caller: sizeof(struct) */
	uint32_t reserved0;
	uint64_t translations;
	uint64_t iotlb_hits;
	uint64_t iotlb_misses;
	uint64_t context_cache_hits;
	uint64_t context_cache_misses;
	uint64_t pasid_cache_hits;
	uint64_t pasid_cache_misses;
	uint64_t faults;		/* translations that faulted */
	uint64_t faults_recorded;
	uint64_t faults_suppressed;	/* FPD */
	uint64_t faults_overflowed;	/* PFO */
	uint64_t faults_duplicate;
	uint64_t qi_descriptors;	/* descriptors completed */
	uint64_t qi_errors;		/* IQE raised */
	uint64_t register_invalidations;/* CCMD.ICC and IOTLB.IVT */
	uint64_t interrupts;		/* MSIs sent */
	uint32_t iotlb_entries;		/* live entries now */
	uint32_t context_cache_entries;
	uint32_t pasid_cache_entries;
	uint32_t reserved1;
	/* nested bind engine */
	uint64_t binds;			/* PASIDs newly mirrored to the host */
	uint64_t updates;		/* bindings replaced */
	uint64_t unbinds;
	uint64_t bind_errors;		/* binds/updates refused or failed */
	uint64_t host_calls[VVTD_HOST_OPS];	/* by enum vvtd_host_op */
	uint64_t host_errors;		/* host calls that failed */
	uint64_t host_inval_entries;	/* entries passed to invalidate */
};

/**
 * vvtd_get_stats() - counters since creation (reset does not clear them)
 * and current cache occupancy.
 * @out: @out->size must be set; that many bytes are filled.
 * Return: 0; -EINVAL @out->size smaller than the first version of the struct.
 */
VVTD_API int vvtd_get_stats(struct vvtd *v, struct vvtd_stats *out);

/* ------------------------------------------------------------------------- */
/* Names                                                                      */
/* ------------------------------------------------------------------------- */

/**
 * vvtd_strerror() - describe a return value of this library (0 or a
 * negative errno).  Never NULL; the string is static.
 */
VVTD_API const char *vvtd_strerror(int err);

/**
 * vvtd_fault_reason_name() - the VT-d name of a fault reason, e.g.
 * "SCT.2 context entry not present" for 0x41.  Never NULL; static.
 */
VVTD_API const char *vvtd_fault_reason_name(uint8_t reason);

/** vvtd_version_string() - the library's version, e.g. "0.1.0". */
VVTD_API const char *vvtd_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* VVTD_H */
