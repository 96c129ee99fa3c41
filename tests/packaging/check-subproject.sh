#!/bin/sh
# Use vvtd as a meson subproject, the way QEMU uses libslirp or dtc: the
# parent asks for dependency('vvtd') and meson finds it through the
# subproject's override_dependency().
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/parent/subprojects/vvtd
mkdir -p "$dest"
# a copy of the source tree, without build directories
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -co --exclude-standard | tar -cf - -T -) |
		(cd "$dest" && tar -xf -)
else
	(cd "$src" && tar --exclude='./build*' -cf - .) | (cd "$dest" && tar -xf -)
fi
cp "$src/tests/packaging/consumer.c" "$tmp/parent/"
cat > "$tmp/parent/meson.build" <<'MESON'
project('parent', 'c', default_options: ['c_std=c11'])
vvtd = dependency('vvtd', fallback: ['vvtd', 'vvtd_dep'],
                  default_options: ['tests=false', 'bench=false'])
exe = executable('consumer', 'consumer.c', dependencies: vvtd)
test('consumer', exe)
MESON
meson setup "$tmp/build" "$tmp/parent" >/dev/null
ninja -C "$tmp/build" >/dev/null
meson test -C "$tmp/build" --quiet
echo "subproject consumer ok"
