/* SPDX-License-Identifier: BSD-3-Clause */
/* vvtd-sim: run VT-d scenarios against vvtd and print the transcript. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vvtd/vvtd-version.h>

#include "sim.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: vvtd-sim [OPTIONS] [FILE...]\n"
"Run VT-d scenario files against vvtd and print what happened.  FILE '-'\n"
"is standard input; with no FILE, the built-in demo runs.  Each file runs\n"
"in a fresh machine.  The scenario language is described in README.md.\n"
"\n"
"  --dot          print 'topology' as a Graphviz graph\n"
"  --host-log     print every host call of the bind engine\n"
"  --show-demo    print the demo's scenario instead of running it\n"
"  -v, --verbose  print vvtd's log messages on standard error\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"Exit status: 0 success, 1 an error in a scenario (FILE:LINE: message),\n"
"2 bad usage.\n");
}

static int run_one(const struct sim_options *opt, const char *name, FILE *in)
{
	struct sim s;
	int rc;

	sim_init(&s, opt, stdout);
	rc = sim_run(&s, name, in);
	sim_fini(&s);
	return rc;
}

static int run_demo(const struct sim_options *opt)
{
	FILE *in = fmemopen((void *)sim_demo_scenario,
			    strlen(sim_demo_scenario), "r");
	int rc;

	if (!in) {
		perror("vvtd-sim: demo");
		return -1;
	}
	rc = run_one(opt, "<demo>", in);
	fclose(in);
	return rc;
}

int main(int argc, char **argv)
{
	struct sim_options opt = { .dot = false };
	int first = argc, i, rc = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			first = i + 1;
			break;
		}
		if (a[0] != '-' || !strcmp(a, "-")) {
			first = i;
			break;
		}
		if (!strcmp(a, "--dot")) {
			opt.dot = true;
		} else if (!strcmp(a, "--host-log")) {
			opt.host_log = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opt.verbose = true;
		} else if (!strcmp(a, "--show-demo")) {
			fputs(sim_demo_scenario, stdout);
			return 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("vvtd-sim %s (libvvtd %s)\n", VVTD_VERSION_STRING,
			       vvtd_version_string());
			return 0;
		} else {
			fprintf(stderr, "vvtd-sim: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (first >= argc)
		return run_demo(&opt) ? 1 : 0;
	for (i = first; i < argc && !rc; i++) {
		FILE *in = stdin;

		if (strcmp(argv[i], "-")) {
			in = fopen(argv[i], "r");
			if (!in) {
				fprintf(stderr, "vvtd-sim: %s: %s\n", argv[i],
					strerror(errno));
				return 1;
			}
		}
		rc = run_one(&opt, strcmp(argv[i], "-") ? argv[i] : "<stdin>",
			     in);
		if (in != stdin)
			fclose(in);
	}
	return rc ? 1 : 0;
}
