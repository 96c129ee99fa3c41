/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A flat guest-memory helper for tests and tools: guest RAM is one zeroed,
 * page-aligned host mapping covering guest-physical [0, size).  Accesses
 * outside it fail with -EFAULT.  Thread-safe in the way vvtd needs:
 * 8-byte aligned 8-byte reads are single atomic loads and cmpxchg64 is
 * atomic, so a page walk racing with an A/D update is well defined.
 */
#ifndef VVTD_FLATMEM_H
#define VVTD_FLATMEM_H

#include <vvtd/vvtd.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vvtd_flatmem;

/**
 * vvtd_flatmem_new() - allocate @size bytes (a multiple of 4 KiB, at most
 * 1 TiB) of zeroed guest RAM at guest-physical address 0.
 * Return: 0; -EINVAL bad size; -ENOMEM.
 */
VVTD_API int vvtd_flatmem_new(uint64_t size, struct vvtd_flatmem **out);

/** vvtd_flatmem_free() - release the memory (NULL is allowed). */
VVTD_API void vvtd_flatmem_free(struct vvtd_flatmem *m);

/** vvtd_flatmem_size() - bytes of guest RAM. */
VVTD_API uint64_t vvtd_flatmem_size(const struct vvtd_flatmem *m);

/** vvtd_flatmem_host() - host address of guest-physical address 0. */
VVTD_API void *vvtd_flatmem_host(struct vvtd_flatmem *m);

/* The accessors, with the semantics of the struct vvtd_callbacks members;
 * @opaque is the struct vvtd_flatmem. */
VVTD_API int vvtd_flatmem_read(void *opaque, uint64_t gpa, void *buf,
			       size_t len);
VVTD_API int vvtd_flatmem_write(void *opaque, uint64_t gpa, const void *buf,
				size_t len);
VVTD_API int vvtd_flatmem_cmpxchg64(void *opaque, uint64_t gpa,
				    uint64_t *expected, uint64_t desired);

/**
 * vvtd_flatmem_callbacks() - fill the memory members of @cb (size, flags,
 * opaque, mem_read, mem_write, mem_cmpxchg64) for @m and zero the others.
 */
VVTD_API void vvtd_flatmem_callbacks(struct vvtd_flatmem *m,
				     struct vvtd_callbacks *cb);

#ifdef __cplusplus
}
#endif

#endif /* VVTD_FLATMEM_H */
