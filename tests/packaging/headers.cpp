// SPDX-License-Identifier: BSD-3-Clause
// The public headers compile as C++ and link from C++ (extern "C").
#include <vvtd/vvtd-flatmem.h>
#include <vvtd/vvtd-host.h>
#include <vvtd/vvtd.h>

int main()
{
	vvtd_config cfg;

	vvtd_config_init(&cfg);
	return vvtd_strerror(0) && cfg.aw_bits == 48 ? 0 : 1;
}
