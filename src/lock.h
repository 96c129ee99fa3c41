/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The instance lock.
 *
 * On Linux a three-state futex mutex (0 unlocked, 1 locked, 2 locked with
 * waiters): an uncontended lock and unlock are one atomic instruction each,
 * which matters on the IOTLB-hit path of vvtd_translate() (a glibc
 * pthread mutex costs several times more there).  Waiters sleep in the
 * kernel, so a thread holding the lock across a host ioctl does not make
 * others spin.  Elsewhere it is a pthread mutex.
 */
#ifndef VVTD_LOCK_H
#define VVTD_LOCK_H

#if defined(__linux__)

#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

struct vvtd_mutex {
	atomic_int state;
};

static inline int vvtd_mutex_init(struct vvtd_mutex *m)
{
	atomic_init(&m->state, 0);
	return 0;
}

static inline void vvtd_mutex_destroy(struct vvtd_mutex *m)
{
	(void)m;
}

static inline void vvtd_futex(atomic_int *addr, int op, int val)
{
	syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static inline void vvtd_mutex_lock(struct vvtd_mutex *m)
{
	int c = 0;

	if (atomic_compare_exchange_strong_explicit(&m->state, &c, 1,
						    memory_order_acquire,
						    memory_order_relaxed))
		return;
	if (c != 2)
		c = atomic_exchange_explicit(&m->state, 2,
					     memory_order_acquire);
	while (c != 0) {
		vvtd_futex(&m->state, FUTEX_WAIT, 2);
		c = atomic_exchange_explicit(&m->state, 2,
					     memory_order_acquire);
	}
}

static inline void vvtd_mutex_unlock(struct vvtd_mutex *m)
{
	if (atomic_fetch_sub_explicit(&m->state, 1, memory_order_release) !=
	    1) {
		atomic_store_explicit(&m->state, 0, memory_order_release);
		vvtd_futex(&m->state, FUTEX_WAKE, 1);
	}
}

#else /* !__linux__ */

#include <pthread.h>

struct vvtd_mutex {
	pthread_mutex_t mutex;
};

static inline int vvtd_mutex_init(struct vvtd_mutex *m)
{
	return -pthread_mutex_init(&m->mutex, NULL);
}

static inline void vvtd_mutex_destroy(struct vvtd_mutex *m)
{
	pthread_mutex_destroy(&m->mutex);
}

static inline void vvtd_mutex_lock(struct vvtd_mutex *m)
{
	pthread_mutex_lock(&m->mutex);
}

static inline void vvtd_mutex_unlock(struct vvtd_mutex *m)
{
	pthread_mutex_unlock(&m->mutex);
}

#endif

#endif /* VVTD_LOCK_H */
