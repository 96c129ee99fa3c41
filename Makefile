# Thin wrapper over meson for people who just want `make`.
.PHONY: all demo test clean

all:
	./scripts/install-deps
	[ -d build ] || meson setup build
	ninja -C build

demo:
	./scripts/demo

test:
	./scripts/test

clean:
	rm -rf build build-asan
