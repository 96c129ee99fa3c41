/* SPDX-License-Identifier: BSD-3-Clause */
/* A program an embedder would write: only the installed public headers. */
#include <stdio.h>
#include <string.h>

#include <vvtd/vvtd-flatmem.h>
#include <vvtd/vvtd.h>

int main(void)
{
	struct vvtd_flatmem *mem;
	struct vvtd_callbacks cb;
	struct vvtd_config cfg;
	struct vvtd *v;
	uint64_t ver;

	if (vvtd_flatmem_new(1 << 20, &mem))
		return 1;
	vvtd_flatmem_callbacks(mem, &cb);
	vvtd_config_init(&cfg);
	if (vvtd_new(&cfg, &cb, &v, NULL))
		return 1;
	vvtd_mmio_read(v, 0, 4, &ver);
	printf("vvtd %s VER 0x%llx\n", vvtd_version_string(),
	       (unsigned long long)ver);
	vvtd_free(v);
	vvtd_flatmem_free(mem);
	return ver == 0x10 && !strcmp(vvtd_version_string(),
				      VVTD_VERSION_STRING) ? 0 : 1;
}
