/* SPDX-License-Identifier: BSD-3-Clause */
/* Logging through the embedder's callback, guest errors rate limited. */
#include <stdio.h>
#include <time.h>

#include "internal.h"

static void log_va(struct vvtd *v, enum vvtd_log_level level, const char *fmt,
		   va_list ap) VVTD_PRINTF(3, 0);

static void log_va(struct vvtd *v, enum vvtd_log_level level, const char *fmt,
		   va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	v->cb.log(v->cb.opaque, level, msg);
}

void vvtd_log(struct vvtd *v, enum vvtd_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!v->cb.log)
		return;
	va_start(ap, fmt);
	log_va(v, level, fmt, ap);
	va_end(ap);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Token window: RATELIMIT_BURST lines per RATELIMIT_INTERVAL_NS. */
static bool ratelimit_allow(struct vvtd *v, struct ratelimit *rl)
{
	uint64_t now = now_ns();

	if (now - rl->window_start_ns >= RATELIMIT_INTERVAL_NS) {
		if (rl->dropped)
			vvtd_log(v, VVTD_LOG_WARNING,
				 "%u guest error messages suppressed",
				 rl->dropped);
		rl->window_start_ns = now;
		rl->printed = 0;
		rl->dropped = 0;
	}
	if (rl->printed < RATELIMIT_BURST) {
		rl->printed++;
		return true;
	}
	rl->dropped++;
	return false;
}

void guest_error(struct vvtd *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->cb.log || !ratelimit_allow(v, &v->guest_log))
		return;
	va_start(ap, fmt);
	log_va(v, VVTD_LOG_WARNING, fmt, ap);
	va_end(ap);
}
