#!/bin/sh
# Install into a scratch prefix, then build and run a consumer with the
# flags pkg-config gives, against the shared and the static library.
set -eu
src=$1 build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C "$build" --destdir "$tmp" --quiet >/dev/null
pc=$(find "$tmp" -name vvtd.pc | head -n 1)
[ -n "$pc" ] || { echo "no vvtd.pc installed"; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$pc")
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR=$tmp
libdir=$(pkg-config --variable=libdir vvtd)
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/consumer" "$src/tests/packaging/consumer.c" \
	$(pkg-config --cflags --libs vvtd)
LD_LIBRARY_PATH=$libdir "$tmp/consumer"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -static-libgcc -o "$tmp/consumer-static" \
	"$src/tests/packaging/consumer.c" $(pkg-config --static --cflags vvtd) \
	"$libdir/libvvtd.a" -pthread
"$tmp/consumer-static"
echo "prefix $prefix: pkg-config consumer ok"
