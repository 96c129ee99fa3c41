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
"  --expect FILE  compare the transcript (errors included) with FILE;\n"
"                 exit 0 only if they are equal (golden tests)\n"
"  --show-demo    print the demo's scenario instead of running it\n"
"  -v, --verbose  print vvtd's log messages on standard error\n"
"  -h, --help     this text\n"
"  -V, --version  the version\n"
"\n"
"Exit status: 0 success, 1 an error in a scenario (FILE:LINE: message),\n"
"2 bad usage.\n");
}

static int run_one(const struct sim_options *opt, const char *name, FILE *in,
		   FILE *out, FILE *err)
{
	struct sim s;
	int rc;

	sim_init(&s, opt, out, err);
	rc = sim_run(&s, name, in);
	sim_fini(&s);
	return rc;
}

static char *slurp(FILE *f, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	char chunk[4096];
	size_t n;

	if (!m)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	*len = cap;
	return buf;
}

/* Print the first line where @got and @want differ. */
static void first_difference(const char *got, const char *want)
{
	unsigned line = 1;

	while (*got && *got == *want) {
		if (*got == '\n')
			line++;
		got++;
		want++;
	}
	while (line > 1 && got[-1] != '\n') {
		got--;
		want--;
	}
	fprintf(stderr, "transcript differs at line %u\n  expected: %.*s\n"
		"  got:      %.*s\n", line, (int)strcspn(want, "\n"), want,
		(int)strcspn(got, "\n"), got);
}

/* Run @path with its transcript and errors captured; compare. */
static int run_expect(const struct sim_options *opt, const char *path,
		      const char *expect_path)
{
	FILE *in = fopen(path, "r"), *exp = fopen(expect_path, "r"), *cap;
	char *got = NULL, *want = NULL;
	size_t got_len = 0, want_len = 0;
	int rc = 1;

	if (!in || !exp) {
		fprintf(stderr, "vvtd-sim: %s: %s\n", !in ? path : expect_path,
			strerror(errno));
		goto out;
	}
	cap = open_memstream(&got, &got_len);
	want = slurp(exp, &want_len);
	if (!cap || !want) {
		fprintf(stderr, "vvtd-sim: out of memory\n");
		if (cap)
			fclose(cap);
		goto out;
	}
	run_one(opt, path, in, cap, cap);
	fclose(cap);
	if (got_len == want_len && !memcmp(got, want, got_len)) {
		rc = 0;
	} else {
		fprintf(stderr, "%s: transcript differs from %s\n", path,
			expect_path);
		first_difference(got, want);
	}
out:
	if (in)
		fclose(in);
	if (exp)
		fclose(exp);
	free(got);
	free(want);
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
	rc = run_one(opt, "<demo>", in, stdout, stderr);
	fclose(in);
	return rc;
}

int main(int argc, char **argv)
{
	struct sim_options opt = { .dot = false };
	const char *expect = NULL;
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
		} else if (!strcmp(a, "--expect") && i + 1 < argc) {
			expect = argv[++i];
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
	if (expect) {
		if (argc - first != 1 || !strcmp(argv[first], "-")) {
			fprintf(stderr, "vvtd-sim: --expect takes one FILE\n");
			return 2;
		}
		return run_expect(&opt, argv[first], expect);
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
			     in, stdout, stderr);
		if (in != stdin)
			fclose(in);
	}
	return rc ? 1 : 0;
}
