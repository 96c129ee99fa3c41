/* SPDX-License-Identifier: BSD-3-Clause */
/* Bit-field helpers.  No C bitfields anywhere: VT-d structures are decoded
 * from little-endian 64-bit words with these. */
#ifndef VVTD_BITS_H
#define VVTD_BITS_H

#include <stdbool.h>
#include <stdint.h>

#define BIT64(n) (UINT64_C(1) << (n))
/* Bits hi..lo set (hi >= lo, both 0..63). */
#define GENMASK64(hi, lo) \
	((~UINT64_C(0) >> (63 - (hi))) & (~UINT64_C(0) << (lo)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline uint64_t field_get(uint64_t v, unsigned hi, unsigned lo)
{
	return (v & GENMASK64(hi, lo)) >> lo;
}

static inline uint64_t field_prep(uint64_t v, unsigned hi, unsigned lo)
{
	return (v << lo) & GENMASK64(hi, lo);
}

static inline bool bit_get(uint64_t v, unsigned n)
{
	return (v >> n) & 1;
}

/* Mask of address bits at or above @width (e.g. 48 -> bits 63:48). */
static inline uint64_t addr_above_mask(unsigned width)
{
	return width >= 64 ? 0 : ~UINT64_C(0) << width;
}

static inline uint64_t le64_decode(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline void le64_encode(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif /* VVTD_BITS_H */
