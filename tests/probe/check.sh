#!/bin/sh
# Usage: check.sh EXPECTED PROBE ARGS...: the probe's output must equal
# EXPECTED (decoded by hand from the CAP/ECAP bits, see the .expected
# file's source comment in meson.build).
set -u
expected=$1; shift
out=$("$@" 2>&1)
if [ "$out" != "$(cat "$expected")" ]; then
	echo "output differs from $expected:"
	printf '%s\n' "$out" | diff "$expected" - || true
	exit 1
fi
