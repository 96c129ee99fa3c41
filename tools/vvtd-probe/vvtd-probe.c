/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd-probe: what does this host's IOMMU offer to vvtd's nested bind
 * engine?
 *
 *   vvtd-probe                       is there an iommufd; list VFIO cdevs
 *   vvtd-probe /dev/vfio/devices/vfio0 ...
 *                                    bind each device, decode its host
 *                                    IOMMU (IOMMU_GET_HW_INFO) and judge
 *                                    the vIOMMU configurations
 *   vvtd-probe --decode CAP ECAP [--errata] [--pasid-bits N]
 *                                    the same for a CAP/ECAP pair, e.g.
 *                                    from a kernel log ("DMAR: dmar0: ...
 *                                    cap ... ecap ...")
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vvtd/vvtd-iommufd.h>
#include <vvtd/vvtd.h>

static uint64_t bits(uint64_t v, unsigned hi, unsigned lo)
{
	return (v >> lo) & (~UINT64_C(0) >> (63 - hi + lo));
}

static const char *yn(uint64_t v)
{
	return v ? "yes" : "no";
}

/* VT-d 11.4.2 CAP_REG and 11.4.3 ECAP_REG fields that matter here. */
static void decode(const struct vvtd_host_hw_info *hi)
{
	uint64_t cap = hi->cap_reg, ecap = hi->ecap_reg;
	uint64_t sagaw = bits(cap, 12, 8);

	printf("host IOMMU: CAP 0x%016" PRIx64 " ECAP 0x%016" PRIx64 "\n",
	       cap, ecap);
	printf("  address width: MGAW %u bits; SAGAW%s%s%s\n",
	       (unsigned)bits(cap, 21, 16) + 1,
	       sagaw & 2 ? " 39-bit(3-level)" : "",
	       sagaw & 4 ? " 48-bit(4-level)" : "",
	       sagaw & 8 ? " 57-bit(5-level)" : "");
	printf("  scalable mode (SMTS): %s; nested translation (NEST): %s\n",
	       yn(bits(ecap, 43, 43)), yn(bits(ecap, 26, 26)));
	printf("  first stage (FSTS): %s; 1G pages (FS1GP): %s; 5-level "
	       "(FS5LP): %s\n",
	       yn(bits(ecap, 47, 47)), yn(bits(cap, 56, 56)),
	       yn(bits(cap, 60, 60)));
	printf("  second stage (SSTS): %s; large pages (SLLPS):%s%s\n",
	       yn(bits(ecap, 46, 46)), bits(cap, 34, 34) ? " 2M" : "",
	       bits(cap, 35, 35) ? " 1G" : "");
	if (bits(ecap, 40, 40))
		printf("  PASID: yes, %u bits (ECAP.PSS); iommufd reports "
		       "%u\n",
		       (unsigned)bits(ecap, 39, 35) + 1, hi->max_pasid_log2);
	else
		printf("  PASID: no\n");
	printf("  snoop control (SC): %s%s\n", yn(bits(ecap, 7, 7)),
	       bits(ecap, 7, 7) ? " (devices here enforce cache coherency)"
				: " (devices here are not coherent)");
	printf("  supervisor requests (SRS): %s; extended accessed (EAFS): "
	       "%s\n",
	       yn(bits(ecap, 31, 31)), yn(bits(ecap, 34, 34)));
	printf("  page-walk coherency: C %s, SMPWCS %s; caching mode (CM): "
	       "%s\n",
	       yn(bits(ecap, 0, 0)), yn(bits(ecap, 48, 48)),
	       yn(bits(cap, 7, 7)));
	printf("  ERRATA_772415_SPR17: %s%s\n",
	       yn(hi->flags & VVTD_HOST_HW_INFO_ERRATA_772415_SPR17),
	       hi->flags & VVTD_HOST_HW_INFO_ERRATA_772415_SPR17
		       ? " (no read-only mappings in a nesting parent)"
		       : "");
}

/* Which vIOMMU configurations would take a device behind this IOMMU. */
static void judge(const struct vvtd_host_hw_info *hi)
{
	static const unsigned aws[] = { 48, 57 };
	unsigned accepted = 0;

	printf("vIOMMU configurations (scalable-mode=on,fsts=on,"
	       "caching-mode=on plus):\n");
	for (unsigned a = 0; a < 2; a++) {
		for (unsigned fs1gp = 0; fs1gp < 2; fs1gp++) {
			for (unsigned pasid = 0; pasid < 2; pasid++) {
				struct vvtd_config cfg;
				const char *why;
				char aw[8];

				vvtd_config_init(&cfg);
				snprintf(aw, sizeof(aw), "%u", aws[a]);
				vvtd_config_set(&cfg, "aw-bits", aw);
				vvtd_config_set(&cfg, "scalable-mode", "on");
				vvtd_config_set(&cfg, "fsts", "on");
				vvtd_config_set(&cfg, "caching-mode", "on");
				vvtd_config_set(&cfg, "fs1gp",
						fs1gp ? "on" : "off");
				vvtd_config_set(&cfg, "x-pasid-mode",
						pasid ? "on" : "off");
				printf("  aw-bits=%u,fs1gp=%s,x-pasid-mode=%s: ",
				       aws[a], fs1gp ? "on" : "off",
				       pasid ? "on" : "off");
				if (vvtd_host_check(&cfg, hi, &why)) {
					printf("refused: %s\n", why);
				} else {
					printf("accepted\n");
					accepted++;
				}
			}
		}
	}
	printf("%u of 8 accepted\n", accepted);
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 16);
	return errno || !*s || *end ? -1 : 0;
}

static int usage(FILE *f, int status)
{
	fprintf(f,
		"usage: vvtd-probe [DEVICE...]\n"
		"       vvtd-probe --decode CAP ECAP [--errata] "
		"[--pasid-bits N]\n"
		"\n"
		"Reports whether this host has an iommufd (/dev/iommu) and,\n"
		"for each VFIO device cdev given (/dev/vfio/devices/vfioN),\n"
		"the host IOMMU's VT-d capabilities that nesting needs and\n"
		"which vIOMMU configurations vvtd would accept for it.\n"
		"--decode does the same for CAP and ECAP register values\n"
		"(hexadecimal, as Linux prints them).\n");
	return status;
}

static int cmd_decode(int argc, char **argv)
{
	struct vvtd_host_hw_info hi = { 0 };

	if (argc < 2 || parse_u64(argv[0], &hi.cap_reg) ||
	    parse_u64(argv[1], &hi.ecap_reg))
		return usage(stderr, 2);
	/* what iommufd reports for the PASID width, by default ECAP.PSS+1 */
	if (hi.ecap_reg >> 40 & 1)
		hi.max_pasid_log2 = (uint8_t)(bits(hi.ecap_reg, 39, 35) + 1);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--errata")) {
			hi.flags |= VVTD_HOST_HW_INFO_ERRATA_772415_SPR17;
		} else if (!strcmp(argv[i], "--pasid-bits") && i + 1 < argc) {
			hi.max_pasid_log2 = (uint8_t)atoi(argv[++i]);
		} else {
			return usage(stderr, 2);
		}
	}
	decode(&hi);
	judge(&hi);
	return 0;
}

static void list_cdevs(void)
{
	DIR *d = opendir("/dev/vfio/devices");
	struct dirent *e;
	unsigned n = 0;

	if (!d) {
		printf("no VFIO device cdevs (/dev/vfio/devices): bind a "
		       "device to vfio-pci on a kernel with "
		       "CONFIG_VFIO_DEVICE_CDEV\n");
		return;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			printf("  /dev/vfio/devices/%s\n", e->d_name);
			n++;
		}
	closedir(d);
	printf("%u VFIO device cdev%s; give them as arguments to probe\n", n,
	       n == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	struct vvtd_iommufd *ifd;
	int rc, status = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, 0);
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("vvtd-probe %s\n", vvtd_version_string());
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--decode"))
		return cmd_decode(argc - 2, argv + 2);

	rc = vvtd_iommufd_open(&ifd);
	if (rc) {
		printf("/dev/iommu: %s: %s\n",
		       rc == -ENOENT ? "not present" : "cannot open",
		       rc == -ENOENT ? "this kernel has no iommufd "
				       "(CONFIG_IOMMUFD), so no nesting"
				     : strerror(-rc));
		return 1;
	}
	printf("/dev/iommu: present\n");
	if (argc == 1)
		list_cdevs();
	for (int i = 1; i < argc; i++) {
		struct vvtd_host_hw_info hi;
		uint32_t dev_id;

		printf("%s:\n", argv[i]);
		rc = vvtd_iommufd_open_device(ifd, argv[i], &dev_id);
		if (!rc)
			rc = vvtd_iommufd_ops()->get_hw_info(ifd, dev_id, &hi);
		if (rc) {
			printf("  cannot probe: %s\n", strerror(-rc));
			status = 1;
			continue;
		}
		decode(&hi);
		judge(&hi);
	}
	vvtd_iommufd_free(ifd);
	return status;
}
