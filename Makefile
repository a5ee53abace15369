# The two commands a newcomer needs: `make demo` and `make test`. Each installs what is missing first.
JOBS ?= $(shell nproc)
ACTLAB := build/release/actlab
# Debian's interpreter: the python3 first on PATH may be another one, without Debian's numpy and torch.
PYTHON ?= /usr/bin/python3

.PHONY: deps release asan demo test test-asan test-slow bench bench-python fuzz format clean

deps:
	./scripts/install-deps.sh

release: deps
	cmake --preset release -DPython3_EXECUTABLE=$(PYTHON) >/dev/null
	cmake --build --preset release -j $(JOBS)

asan: deps
	cmake --preset asan -DPython3_EXECUTABLE=$(PYTHON) >/dev/null
	cmake --build --preset asan -j $(JOBS)

demo: release
	./scripts/demo.sh $(ACTLAB)

test: release
	ctest --preset release -j $(JOBS)

test-asan: asan
	ctest --preset asan -j $(JOBS)

test-slow: release
	ctest --test-dir build/release -L slow --output-on-failure

bench: release
	$(ACTLAB) bench --quick

bench-python: release
	PYTHONPATH=build/release/python $(PYTHON) bench/python_speed.py

fuzz: deps
	./scripts/fuzz-smoke.sh

format:
	clang-format -i $$(git ls-files '*.h' '*.cc' '*.inc')

clean:
	rm -rf build out
