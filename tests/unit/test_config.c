/* SPDX-License-Identifier: BSD-3-Clause */
/* Configuration vocabulary, validation and CAP/ECAP derivation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include <vvtd/vvtd-flatmem.h>

#include "regs.h"

static struct vvtd_flatmem *mem;

static int setup(void **state)
{
	(void)state;
	return vvtd_flatmem_new(1 << 20, &mem);
}

static int teardown(void **state)
{
	(void)state;
	vvtd_flatmem_free(mem);
	return 0;
}

static int try_new(const struct vvtd_config *cfg, const char **why)
{
	struct vvtd_callbacks cb;
	struct vvtd *v = NULL;
	int rc;

	vvtd_flatmem_callbacks(mem, &cb);
	rc = vvtd_new(cfg, &cb, &v, why);
	vvtd_free(v);
	return rc;
}

static void caps_of(const struct vvtd_config *cfg, uint64_t *cap,
		    uint64_t *ecap)
{
	struct vvtd_callbacks cb;
	struct vvtd *v;

	vvtd_flatmem_callbacks(mem, &cb);
	assert_int_equal(vvtd_new(cfg, &cb, &v, NULL), 0);
	vvtd_get_caps(v, cap, ecap);
	vvtd_free(v);
}

/* QEMU's defaults: legacy, aw-bits 48, pt, dma-drain, one FRCD. */
static void test_defaults(void **state)
{
	struct vvtd_config cfg;
	uint64_t cap, ecap;

	(void)state;
	vvtd_config_init(&cfg);
	caps_of(&cfg, &cap, &ecap);
	assert_int_equal(field_get(cap, 2, 0), 6);		/* ND: 64K */
	assert_int_equal(field_get(cap, 12, 8), 0x6);		/* SAGAW 39|48 */
	assert_int_equal(field_get(cap, 21, 16), 47);		/* MGAW */
	assert_int_equal(field_get(cap, 33, 24) * 16, 0x220);	/* FRO */
	assert_int_equal(field_get(cap, 47, 40), 0);		/* NFR - 1 */
	assert_true(cap & CAP_PSI);
	assert_true(cap & CAP_DRD);
	assert_true(cap & CAP_DWD);
	assert_false(cap & CAP_CM);
	assert_false(cap & CAP_FS1GP);
	assert_int_equal(field_get(ecap, 17, 8) * 16, 0xf0);	/* IRO */
	assert_true(ecap & ECAP_QI);
	assert_true(ecap & ECAP_PT);
	assert_false(ecap & (ECAP_SMTS | ECAP_FSTS | ECAP_SSTS | ECAP_PASID |
			     ECAP_IR | ECAP_NEST | ECAP_DT | ECAP_SC));
}

static void test_scalable_vocabulary(void **state)
{
	struct vvtd_config cfg;
	uint64_t cap, ecap;

	(void)state;
	vvtd_config_init(&cfg);
	assert_int_equal(vvtd_config_set(&cfg, "x-scalable-mode", "on"), 0);
	caps_of(&cfg, &cap, &ecap);
	assert_true(ecap & ECAP_SMTS);
	assert_true(ecap & ECAP_SSTS);
	assert_false(ecap & ECAP_FSTS);

	assert_int_equal(vvtd_config_set(&cfg, "x-flts", "on"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "fs1gp", "on"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "x-pasid-mode", "on"), 0);
	caps_of(&cfg, &cap, &ecap);
	assert_true(ecap & ECAP_FSTS);
	assert_false(ecap & ECAP_SSTS);
	assert_true(cap & CAP_FS1GP);
	assert_true(ecap & ECAP_PASID);
	assert_int_equal(field_get(ecap, 39, 35), 19);		/* PSS */

	assert_int_equal(vvtd_config_set(&cfg, "aw-bits", "57"), 0);
	caps_of(&cfg, &cap, &ecap);
	assert_true(cap & CAP_FS5LP);
	assert_int_equal(field_get(cap, 12, 8), 0xe);		/* 39|48|57 */
}

static void test_vocabulary_errors(void **state)
{
	struct vvtd_config cfg;

	(void)state;
	vvtd_config_init(&cfg);
	assert_int_equal(vvtd_config_set(&cfg, "no-such-thing", "on"), -EINVAL);
	assert_int_equal(vvtd_config_set(&cfg, "caching-mode", "maybe"),
			 -EINVAL);
	assert_int_equal(vvtd_config_set(&cfg, "aw-bits", "4x8"), -EINVAL);
	assert_int_equal(vvtd_config_set(&cfg, "intremap", "on"), -ENOTSUP);
	assert_int_equal(vvtd_config_set(&cfg, "intremap", "off"), 0);
	assert_int_equal(vvtd_config_set(&cfg, "fault-records", "256"), 0);
	assert_int_equal(cfg.fault_records, 256);
}

static void test_refusals(void **state)
{
	struct vvtd_config cfg;
	const char *why;

	(void)state;
	vvtd_config_init(&cfg);
	cfg.aw_bits = 52;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);
	assert_non_null(strstr(why, "aw-bits"));

	vvtd_config_init(&cfg);
	cfg.flags |= VVTD_CONFIG_FIRST_STAGE;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);
	assert_non_null(strstr(why, "scalable"));

	vvtd_config_init(&cfg);
	cfg.fault_records = 257;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);
	cfg.fault_records = 0;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);

	vvtd_config_init(&cfg);
	cfg.reserved[3] = 1;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);

	vvtd_config_init(&cfg);
	cfg.flags |= 1u << 30;
	assert_int_equal(try_new(&cfg, &why), -EOPNOTSUPP);

	vvtd_config_init(&cfg);
	cfg.size = 8;
	assert_int_equal(try_new(&cfg, &why), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_scalable_vocabulary),
		cmocka_unit_test(test_vocabulary_errors),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
