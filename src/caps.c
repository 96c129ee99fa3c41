/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Configuration: QEMU's intel-iommu vocabulary, consistency checks, and the
 * CAP_REG / ECAP_REG values derived from it (VT-d 11.4.2, 11.4.3).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DEFAULT_AW_BITS 48u
#define DEFAULT_PASID_BITS 20u

void vvtd_config_init(struct vvtd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = sizeof(*cfg);
	cfg->flags = VVTD_CONFIG_PASS_THROUGH | VVTD_CONFIG_DMA_DRAIN;
	cfg->aw_bits = DEFAULT_AW_BITS;
	cfg->fault_records = 1;
}

static int parse_bool(const char *value, bool *out)
{
	static const char *const on[] = { "on", "true", "yes", "1" };
	static const char *const off[] = { "off", "false", "no", "0" };

	for (size_t i = 0; i < ARRAY_SIZE(on); i++) {
		if (!strcmp(value, on[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(value, off[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_uint(const char *value, unsigned long max,
		      unsigned long *out)
{
	char *end;
	unsigned long n;

	if (!*value || *value == '-' || *value == '+')
		return -EINVAL;
	errno = 0;
	n = strtoul(value, &end, 0);
	if (errno || *end || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

/* Boolean properties that map onto one flag. */
static const struct {
	const char *name;
	uint32_t flag;
} flag_props[] = {
	{ "caching-mode", VVTD_CONFIG_CACHING_MODE },
	{ "pt", VVTD_CONFIG_PASS_THROUGH },
	{ "snoop-control", VVTD_CONFIG_SNOOP_CONTROL },
	{ "fs1gp", VVTD_CONFIG_FS1GP },
	{ "x-cap-fs1gp", VVTD_CONFIG_FS1GP },
	{ "device-iotlb", VVTD_CONFIG_DEVICE_IOTLB },
	{ "dma-drain", VVTD_CONFIG_DMA_DRAIN },
};

/* QEMU properties vvtd does not implement: only "off" is accepted. */
static const char *const unimplemented_props[] = {
	"intremap", "eim", "svm", "x-buggy-eim", "stale-tm", "x-stale-tm",
};

/* QEMU properties without effect on the guest-visible model. */
static const char *const ignored_props[] = {
	"dma-translation",
};

int vvtd_config_set(struct vvtd_config *cfg, const char *name,
		    const char *value)
{
	unsigned long n;
	bool b;

	if (!cfg || !name || !value)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(flag_props); i++) {
		if (strcmp(name, flag_props[i].name))
			continue;
		if (parse_bool(value, &b))
			return -EINVAL;
		cfg->flags = b ? cfg->flags | flag_props[i].flag
			       : cfg->flags & ~flag_props[i].flag;
		return 0;
	}
	if (!strcmp(name, "scalable-mode") ||
	    !strcmp(name, "x-scalable-mode")) {
		/* QEMU 7.2 also accepted "legacy" and "modern" for
		 * x-scalable-mode during the rfc; vvtd takes on/off. */
		if (parse_bool(value, &b))
			return -EINVAL;
		if (b) {
			cfg->flags |= VVTD_CONFIG_SCALABLE_MODE;
			if (!(cfg->flags & VVTD_CONFIG_FIRST_STAGE))
				cfg->flags |= VVTD_CONFIG_SECOND_STAGE;
		} else {
			cfg->flags &= ~(VVTD_CONFIG_SCALABLE_MODE |
					VVTD_CONFIG_SECOND_STAGE);
		}
		return 0;
	}
	if (!strcmp(name, "fsts") || !strcmp(name, "x-flts")) {
		if (parse_bool(value, &b))
			return -EINVAL;
		/* As in QEMU: first-stage replaces second-stage. */
		if (b) {
			cfg->flags |= VVTD_CONFIG_FIRST_STAGE;
			cfg->flags &= ~VVTD_CONFIG_SECOND_STAGE;
		} else {
			cfg->flags &= ~VVTD_CONFIG_FIRST_STAGE;
			if (cfg->flags & VVTD_CONFIG_SCALABLE_MODE)
				cfg->flags |= VVTD_CONFIG_SECOND_STAGE;
		}
		return 0;
	}
	if (!strcmp(name, "sssts")) {
		/* vvtd extension: second-stage alongside first-stage. */
		if (parse_bool(value, &b))
			return -EINVAL;
		cfg->flags = b ? cfg->flags | VVTD_CONFIG_SECOND_STAGE
			       : cfg->flags & ~VVTD_CONFIG_SECOND_STAGE;
		return 0;
	}
	if (!strcmp(name, "x-pasid-mode") || !strcmp(name, "pasid")) {
		if (parse_bool(value, &b))
			return -EINVAL;
		cfg->flags = b ? cfg->flags | VVTD_CONFIG_PASID
			       : cfg->flags & ~VVTD_CONFIG_PASID;
		cfg->pasid_bits = b ? (cfg->pasid_bits ? cfg->pasid_bits
						       : DEFAULT_PASID_BITS)
				    : 0;
		return 0;
	}
	if (!strcmp(name, "pasid-bits")) {
		if (parse_uint(value, 64, &n))
			return -EINVAL;
		cfg->pasid_bits = (uint32_t)n;
		return 0;
	}
	if (!strcmp(name, "aw-bits")) {
		if (parse_uint(value, 64, &n))
			return -EINVAL;
		cfg->aw_bits = (uint32_t)n;
		return 0;
	}
	if (!strcmp(name, "fault-records")) {
		if (parse_uint(value, 4096, &n))
			return -EINVAL;
		cfg->fault_records = (uint32_t)n;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(unimplemented_props); i++) {
		if (strcmp(name, unimplemented_props[i]))
			continue;
		if (parse_bool(value, &b))
			return -EINVAL;
		return b ? -ENOTSUP : 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ignored_props); i++) {
		if (!strcmp(name, ignored_props[i]))
			return parse_bool(value, &b);
	}
	return -EINVAL;
}

int caps_check_config(const struct vvtd_config *cfg, const char **why)
{
	const uint32_t f = cfg->flags;

#define REFUSE(msg)              \
	do {                     \
		*why = (msg);    \
		return -EINVAL;  \
	} while (0)

	if (f & ~VVTD_CONFIG_ALL_FLAGS) {
		*why = "unknown configuration flags";
		return -EOPNOTSUPP;
	}
	if (cfg->aw_bits != 39 && cfg->aw_bits != 48 && cfg->aw_bits != 57)
		REFUSE("aw-bits must be 39, 48 or 57");
	if (cfg->fault_records < 1 || cfg->fault_records > 256)
		REFUSE("fault-records must be between 1 and 256");
	if ((f & VVTD_CONFIG_FIRST_STAGE) && !(f & VVTD_CONFIG_SCALABLE_MODE))
		REFUSE("first-stage translation (fsts) requires scalable mode");
	if ((f & VVTD_CONFIG_SECOND_STAGE) && !(f & VVTD_CONFIG_SCALABLE_MODE))
		REFUSE("the second-stage flag is a scalable-mode capability; "
		       "legacy mode always translates with second-stage tables");
	if ((f & VVTD_CONFIG_SCALABLE_MODE) &&
	    !(f & (VVTD_CONFIG_FIRST_STAGE | VVTD_CONFIG_SECOND_STAGE)))
		REFUSE("scalable mode needs first-stage or second-stage "
		       "translation");
	if ((f & VVTD_CONFIG_FIRST_STAGE) && cfg->aw_bits == 39)
		REFUSE("first-stage translation needs aw-bits 48 or 57 "
		       "(4- or 5-level paging)");
	if ((f & VVTD_CONFIG_FS1GP) && !(f & VVTD_CONFIG_FIRST_STAGE))
		REFUSE("fs1gp requires first-stage translation (fsts)");
	if ((f & VVTD_CONFIG_PASID) && !(f & VVTD_CONFIG_SCALABLE_MODE))
		REFUSE("PASID support (x-pasid-mode) requires scalable mode");
	if ((f & VVTD_CONFIG_PASID) &&
	    (cfg->pasid_bits < 1 || cfg->pasid_bits > 20))
		REFUSE("pasid-bits must be between 1 and 20");
	if (!(f & VVTD_CONFIG_PASID) && cfg->pasid_bits)
		REFUSE("pasid-bits is set but PASID support is off");
#undef REFUSE
	return 0;
}

void caps_derive(const struct vvtd_config *cfg, uint64_t *capp,
		 uint64_t *ecapp)
{
	const uint32_t f = cfg->flags;
	uint64_t sagaw = CAP_SAGAW_39;
	uint64_t cap, ecap;

	if (cfg->aw_bits >= 48)
		sagaw |= CAP_SAGAW_48;
	if (cfg->aw_bits >= 57)
		sagaw |= CAP_SAGAW_57;

	/* 64K domains (ND = 6), 2M and 1G second-stage pages, PSI with up to
	 * 2^18 pages. */
	cap = field_prep(6, 2, CAP_ND_SHIFT) |
	      field_prep(sagaw, 12, CAP_SAGAW_SHIFT) |
	      field_prep(cfg->aw_bits - 1, 21, CAP_MGAW_SHIFT) |
	      field_prep(FRO_VALUE, 33, CAP_FRO_SHIFT) | CAP_SLLPS_2M |
	      CAP_SLLPS_1G | CAP_PSI |
	      field_prep(cfg->fault_records - 1, 47, CAP_NFR_SHIFT) |
	      field_prep(MAMV_VALUE, 53, CAP_MAMV_SHIFT);
	if (f & VVTD_CONFIG_CACHING_MODE)
		cap |= CAP_CM;
	if (f & VVTD_CONFIG_DMA_DRAIN)
		cap |= CAP_DRD | CAP_DWD;
	if (f & VVTD_CONFIG_FS1GP)
		cap |= CAP_FS1GP;
	if ((f & VVTD_CONFIG_FIRST_STAGE) && cfg->aw_bits == 57)
		cap |= CAP_FS5LP;

	/* Page walks read guest memory coherently: C and SMPWCS. */
	ecap = ECAP_C | ECAP_QI | field_prep(IRO_VALUE, 17, ECAP_IRO_SHIFT);
	if (f & VVTD_CONFIG_DEVICE_IOTLB)
		ecap |= ECAP_DT;
	if (f & VVTD_CONFIG_PASS_THROUGH)
		ecap |= ECAP_PT;
	if (f & VVTD_CONFIG_SNOOP_CONTROL)
		ecap |= ECAP_SC;
	if (f & VVTD_CONFIG_SCALABLE_MODE)
		ecap |= ECAP_SMTS | ECAP_SRS | ECAP_SMPWCS;
	if (f & VVTD_CONFIG_SECOND_STAGE)
		ecap |= ECAP_SSTS;
	if (f & VVTD_CONFIG_FIRST_STAGE)
		ecap |= ECAP_FSTS | ECAP_EAFS;
	if (f & VVTD_CONFIG_PASID)
		ecap |= ECAP_PASID |
			field_prep(cfg->pasid_bits - 1, 39, ECAP_PSS_SHIFT);
	*capp = cap;
	*ecapp = ecap;
}
