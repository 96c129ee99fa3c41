/* SPDX-License-Identifier: BSD-3-Clause */
/* Flat guest memory for tests and tools (see vvtd-flatmem.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <vvtd/vvtd-flatmem.h>

#define FLATMEM_MAX (UINT64_C(1) << 40)

struct vvtd_flatmem {
	uint64_t size;
	uint8_t *base;
};

int vvtd_flatmem_new(uint64_t size, struct vvtd_flatmem **out)
{
	struct vvtd_flatmem *m;

	if (!out || !size || size % 4096 || size > FLATMEM_MAX ||
	    size > SIZE_MAX)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	/* Page-aligned and zero-filled on first touch, so that it can be
	 * handed to vvtd_ram_add() and costs nothing until used. */
	m->base = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->base == MAP_FAILED) {
		free(m);
		return -ENOMEM;
	}
	m->size = size;
	*out = m;
	return 0;
}

void vvtd_flatmem_free(struct vvtd_flatmem *m)
{
	if (!m)
		return;
	munmap(m->base, (size_t)m->size);
	free(m);
}

uint64_t vvtd_flatmem_size(const struct vvtd_flatmem *m)
{
	return m->size;
}

void *vvtd_flatmem_host(struct vvtd_flatmem *m)
{
	return m->base;
}

static bool in_range(const struct vvtd_flatmem *m, uint64_t gpa, size_t len)
{
	return gpa < m->size && len <= m->size - gpa;
}

int vvtd_flatmem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	struct vvtd_flatmem *m = opaque;

	if (!in_range(m, gpa, len))
		return -EFAULT;
	if (len == 8 && gpa % 8 == 0) {
		uint64_t v = __atomic_load_n((uint64_t *)(m->base + gpa),
					     __ATOMIC_RELAXED);

		memcpy(buf, &v, 8);
		return 0;
	}
	memcpy(buf, m->base + gpa, len);
	return 0;
}

int vvtd_flatmem_write(void *opaque, uint64_t gpa, const void *buf,
		       size_t len)
{
	struct vvtd_flatmem *m = opaque;

	if (!in_range(m, gpa, len))
		return -EFAULT;
	memcpy(m->base + gpa, buf, len);
	return 0;
}

/* Guest memory is little-endian; so is every host vvtd runs on today, and
 * the compare-exchange works on the stored representation either way. */
int vvtd_flatmem_cmpxchg64(void *opaque, uint64_t gpa, uint64_t *expected,
			   uint64_t desired)
{
	struct vvtd_flatmem *m = opaque;

	if (gpa % 8 || !in_range(m, gpa, 8))
		return -EFAULT;
	if (__atomic_compare_exchange_n((uint64_t *)(m->base + gpa), expected,
					desired, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return 0;
	return -EAGAIN;
}

void vvtd_flatmem_callbacks(struct vvtd_flatmem *m, struct vvtd_callbacks *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->size = sizeof(*cb);
	cb->opaque = m;
	cb->mem_read = vvtd_flatmem_read;
	cb->mem_write = vvtd_flatmem_write;
	cb->mem_cmpxchg64 = vvtd_flatmem_cmpxchg64;
}
