/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Guest-memory access through the embedder's callbacks.  Every access is
 * all-or-nothing; a failure is -EFAULT whatever the callback said, and a
 * range that wraps around the address space is refused before any call.
 */
#include <errno.h>

#include "internal.h"

static bool range_ok(uint64_t gpa, size_t len)
{
	return len && gpa + len - 1 >= gpa;
}

int gmem_read(struct vvtd *v, uint64_t gpa, void *buf, size_t len)
{
	if (!range_ok(gpa, len) || v->cb.mem_read(v->cb.opaque, gpa, buf, len))
		return -EFAULT;
	return 0;
}

int gmem_write(struct vvtd *v, uint64_t gpa, const void *buf, size_t len)
{
	if (!range_ok(gpa, len) ||
	    v->cb.mem_write(v->cb.opaque, gpa, buf, len))
		return -EFAULT;
	return 0;
}

int gmem_read_u64s(struct vvtd *v, uint64_t gpa, uint64_t *vals, unsigned n)
{
	uint8_t raw[64];

	if (n > 8 || gmem_read(v, gpa, raw, 8 * (size_t)n))
		return -EFAULT;
	for (unsigned i = 0; i < n; i++)
		vals[i] = le64_decode(raw + 8 * i);
	return 0;
}

/* Returns 0 on success, -EAGAIN with *expected updated, or -EFAULT. */
int gmem_cmpxchg64(struct vvtd *v, uint64_t gpa, uint64_t *expected,
		   uint64_t desired)
{
	int rc;

	if (gpa % 8)
		return -EFAULT;
	rc = v->cb.mem_cmpxchg64(v->cb.opaque, gpa, expected, desired);
	if (rc == 0 || rc == -EAGAIN)
		return rc;
	return -EFAULT;
}
