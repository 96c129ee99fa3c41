/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd simulated host: a host machine with Intel VT-d IOMMUs and iommufd,
 * in memory, implementing struct vvtd_host_ops.
 *
 * It exists so that the nested bind engine can be exercised, and shown, on
 * a machine without VT-d nesting hardware.  It follows the kernel's rules
 * (drivers/iommu/iommufd and drivers/iommu/intel/nested.c) and returns the
 * same errno values: object ids and reference counts (-EBUSY destroying an
 * object in use, -ENOENT for an unknown id), allocation checks (-EINVAL for
 * a parent that is not NEST_PARENT, -EOPNOTSUPP for unknown flags and data
 * types or a host without nesting), attach-time checks (-EINVAL for an
 * incompatible stage-2, addr_width, SRE or EAFE the host lacks; -ENODEV for
 * a host without nesting), replace semantics on attach, the ERRATA_772415
 * rule (no read-only mapping in a nesting parent), and IOMMU_HWPT_INVALIDATE
 * validation with entry_num written back.
 *
 * It really translates a passthrough device's DMA: a pass-through
 * attachment goes through the stage-2 (the IOAS mappings) to host memory; a
 * nested attachment walks the guest's first-stage table, reading each
 * table through the stage-2, then the stage-2; a detached device or PASID
 * is blocked.  Each nested HWPT caches its translations as an IOTLB does,
 * flushed only by IOMMU_HWPT_INVALIDATE, an unmap of the IOAS below it, or
 * its destruction, so a missing invalidation shows as stale DMA.
 *
 * Every host call can be made to fail without effect (the Nth call, or the
 * Nth call of one operation, with a chosen errno), and all state can be
 * inspected: objects, attachments, invalidations received, call counts.
 *
 * Threading: every function takes the simulated host's lock; any thread
 * may call them.  Host memory is the embedder's (the `user_va` of
 * ioas_map) and must stay valid while mapped.
 */
#ifndef VVTD_SIMHOST_H
#define VVTD_SIMHOST_H

#include <stddef.h>
#include <stdint.h>

#include <vvtd/vvtd.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vvtd_simhost;		/* the machine */
struct vvtd_simhost_fd;		/* one open /dev/iommu: the ops' ctx */

/* Features of a simulated host IOMMU (struct vvtd_simhost_iommu). */
#define VVTD_SIMHOST_COHERENT (1u << 0)	/* ECAP.SC and ECAP.SMPWC */
#define VVTD_SIMHOST_NESTING (1u << 1)	/* ECAP.NEST (with SM, FS, SS) */
#define VVTD_SIMHOST_FS1GP (1u << 2)	/* CAP.FS1GP */
#define VVTD_SIMHOST_FS5LP (1u << 3)	/* CAP.FS5LP */
#define VVTD_SIMHOST_SRS (1u << 4)	/* ECAP.SRS */
#define VVTD_SIMHOST_EAFS (1u << 5)	/* ECAP.EAFS */
#define VVTD_SIMHOST_ERRATA (1u << 6)	/* hw_info ERRATA_772415_SPR17 */
/* What a current server IOMMU (Sapphire Rapids) offers. */
#define VVTD_SIMHOST_DEFAULT                                           \
	(VVTD_SIMHOST_COHERENT | VVTD_SIMHOST_NESTING | VVTD_SIMHOST_FS1GP | \
	 VVTD_SIMHOST_FS5LP | VVTD_SIMHOST_SRS | VVTD_SIMHOST_ERRATA)

struct vvtd_simhost_iommu {
	uint32_t size;		/* sizeof(struct vvtd_simhost_iommu) */
	uint32_t features;	/* VVTD_SIMHOST_* */
	uint8_t mgaw;		/* 39, 48 or 57 */
	uint8_t max_pasid_log2;	/* PASID width, 0 = no PASID support */
	uint16_t reserved;
};

/** vvtd_simhost_iommu_init() - VVTD_SIMHOST_DEFAULT, 57-bit, 20-bit PASID. */
VVTD_API void vvtd_simhost_iommu_init(struct vvtd_simhost_iommu *cfg);

/** vvtd_simhost_new() - an empty machine.  Return: 0; -ENOMEM. */
VVTD_API int vvtd_simhost_new(struct vvtd_simhost **out);

/** vvtd_simhost_free() - free the machine with every fd and object. */
VVTD_API void vvtd_simhost_free(struct vvtd_simhost *h);

/**
 * vvtd_simhost_add_iommu() - a host IOMMU (a DMAR unit); its index is
 * returned in *@out_index (0, 1, ...).  CAP and ECAP are derived from
 * @cfg as a VT-d 4.x unit would report them.
 * Return: 0; -EINVAL bad size, width or feature; -ENOSPC more than 16.
 */
VVTD_API int vvtd_simhost_add_iommu(struct vvtd_simhost *h,
				    const struct vvtd_simhost_iommu *cfg,
				    unsigned *out_index);

/** vvtd_simhost_iommu_regs() - the CAP and ECAP of IOMMU @index.
 * Return: 0; -ENOENT no such IOMMU. */
VVTD_API int vvtd_simhost_iommu_regs(const struct vvtd_simhost *h,
				     unsigned index, uint64_t *cap,
				     uint64_t *ecap);

/** vvtd_simhost_open() - open an iommufd.  Return: 0; -ENOMEM. */
VVTD_API int vvtd_simhost_open(struct vvtd_simhost *h,
			       struct vvtd_simhost_fd **out);

/** vvtd_simhost_close() - close an iommufd: every object on it is
 * destroyed, in reference order, as the kernel does on release. */
VVTD_API void vvtd_simhost_close(struct vvtd_simhost_fd *fd);

/** vvtd_simhost_ops() - the host operations; ctx is a vvtd_simhost_fd. */
VVTD_API const struct vvtd_host_ops *vvtd_simhost_ops(void);

/**
 * vvtd_simhost_bind_device() - VFIO_DEVICE_BIND_IOMMUFD: a device behind
 * host IOMMU @iommu becomes an object of @fd, detached (DMA blocked).
 * Return: 0 and *@out_dev_id; -ENOENT no such IOMMU; -ENOMEM.
 */
VVTD_API int vvtd_simhost_bind_device(struct vvtd_simhost_fd *fd,
				      unsigned iommu, uint32_t *out_dev_id);

/**
 * vvtd_simhost_unbind_device() - close the device: its attachments go.
 * Return: 0; -ENOENT not a device of @fd.
 */
VVTD_API int vvtd_simhost_unbind_device(struct vvtd_simhost_fd *fd,
					uint32_t dev_id);

/* ---- DMA by a device ---- */

#define VVTD_SIMHOST_DMA_WRITE (1u << 0)

/* Why a DMA stopped: the VT-d fault reason the host IOMMU would record. */
struct vvtd_simhost_fault {
	uint8_t reason;		/* e.g. 0x59 blocked, 0x71 FS not present */
	uint8_t reserved[7];
	uint64_t addr;		/* first faulting byte (input address) */
};

/**
 * vvtd_simhost_dma() - device @dev_id reads (into @buf) or writes (from
 * @buf) @len bytes at input address @iova, with @pasid or
 * VVTD_HOST_NO_PASID.  Pages are translated in order; on the first fault
 * the transfer stops and *@fault describes it.
 * Return: the number of bytes transferred (== @len on success); -ENOENT no
 * such device; -EINVAL bad arguments.
 */
VVTD_API long vvtd_simhost_dma(struct vvtd_simhost_fd *fd, uint32_t dev_id,
			       uint32_t pasid, uint64_t iova, void *buf,
			       size_t len, uint32_t flags,
			       struct vvtd_simhost_fault *fault);

/* ---- Failure injection ---- */

#define VVTD_SIMHOST_ANY_OP ((enum vvtd_host_op)-1)

/**
 * vvtd_simhost_fail() - make the @nth (1-based) next call of @op (or of any
 * operation with VVTD_SIMHOST_ANY_OP) on this machine fail with @err
 * (negative errno) and no effect.  @nth 0 cancels.  One injection at a
 * time; a new one replaces the old.
 */
VVTD_API void vvtd_simhost_fail(struct vvtd_simhost *h, enum vvtd_host_op op,
				unsigned nth, int err);

/* ---- Inspection ---- */

enum vvtd_simhost_obj_type {
	VVTD_SIMHOST_OBJ_DEVICE = 0,
	VVTD_SIMHOST_OBJ_IOAS,
	VVTD_SIMHOST_OBJ_HWPT_PAGING,
	VVTD_SIMHOST_OBJ_HWPT_NESTED,
	VVTD_SIMHOST_OBJ_TYPES
};

struct vvtd_simhost_stats {
	uint32_t size;		/* set by the caller */
	uint32_t objects;	/* IOAS and HWPTs alive on all fds */
	uint32_t devices;	/* bound devices on all fds */
	uint32_t reserved;
	uint64_t calls[VVTD_HOST_OPS];	/* by operation, failed included */
	uint64_t failed[VVTD_HOST_OPS];	/* returned an error */
	uint64_t injected;	/* failures injected */
	uint64_t inval_entries;	/* IOMMU_HWPT_INVALIDATE entries handled */
	uint64_t iotlb_hits;	/* nested HWPT cache */
	uint64_t iotlb_misses;
	uint64_t dma_faults;
};

/** vvtd_simhost_get_stats() - Return: 0; -EINVAL bad size. */
VVTD_API int vvtd_simhost_get_stats(const struct vvtd_simhost *h,
				    struct vvtd_simhost_stats *st);

/* One object as the host sees it. */
struct vvtd_simhost_object {
	enum vvtd_simhost_obj_type type;
	uint32_t id;
	uint32_t fd_index;	/* order of vvtd_simhost_open(), from 0 */
	uint32_t refs;		/* what holds it: children, attachments */
	uint32_t parent;	/* HWPT: IOAS or parent HWPT; device: 0 */
	uint32_t flags;		/* HWPT alloc flags; IOAS: map count */
	uint32_t iommu;		/* device: host IOMMU index */
	uint32_t rid_pt;	/* device: RID attachment, 0 = blocked */
	uint32_t npasids;	/* device: PASID attachments */
	uint8_t enforce_cc;	/* paging HWPT */
	uint8_t auto_domain;	/* paging HWPT made by attaching an IOAS */
	uint16_t reserved;
	struct vvtd_host_vtd_s1 s1;	/* nested HWPT */
	uint64_t inval_entries;	/* nested HWPT: entries handled */
};

/** vvtd_simhost_objects() - call @fn for every object of every fd, in fd
 * order then id order.  @fn must not call into @h. */
VVTD_API void vvtd_simhost_objects(struct vvtd_simhost *h,
				   void (*fn)(void *opaque,
					      const struct vvtd_simhost_object *o),
				   void *opaque);

/**
 * vvtd_simhost_pasid_attachment() - where PASID @pasid of device @dev_id
 * (VVTD_HOST_NO_PASID: the RID) is attached.
 * Return: the HWPT id, or 0 when blocked; -ENOENT no such device.
 */
VVTD_API long vvtd_simhost_pasid_attachment(struct vvtd_simhost_fd *fd,
					    uint32_t dev_id, uint32_t pasid);

#ifdef __cplusplus
}
#endif

#endif /* VVTD_SIMHOST_H */
