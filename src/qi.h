/* SPDX-License-Identifier: BSD-3-Clause */
/* The invalidation queue (VT-d 6.5.2). */
#ifndef VVTD_QI_H
#define VVTD_QI_H

#include <stdbool.h>
#include <stdint.h>

struct vvtd;

/* GCMD.QIE changed. */
void qi_enable_locked(struct vvtd *v, bool enable);
/* IQT written: process descriptors up to the new tail. */
void qi_tail_written_locked(struct vvtd *v);
/* FSTS.IQE cleared by software: resume processing at IQH. */
void qi_resume_locked(struct vvtd *v);
/* ICS written (IWC is RW1C). */
void qi_ics_written_locked(struct vvtd *v);
/* IECTL written: an IM 1 -> 0 transition with IP set sends the event. */
void qi_iectl_written_locked(struct vvtd *v, uint32_t old);
void qi_reset_locked(struct vvtd *v);

#endif /* VVTD_QI_H */
