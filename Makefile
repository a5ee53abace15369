# The two commands a newcomer needs: `make demo` and `make test`. Each installs what is missing first.
JOBS ?= $(shell nproc)
ACTLAB := build/release/actlab
# Debian's interpreter: the python3 first on PATH may be another one, without Debian's numpy and torch.
PYTHON ?= /usr/bin/python3

.PHONY: deps release asan tsan demo test test-asan test-tsan test-slow bench bench-python fuzz format lint docs clean

deps:
	./scripts/install-deps.sh

release: deps
	cmake --preset release -DPython3_EXECUTABLE=$(PYTHON) >/dev/null
	cmake --build --preset release -j $(JOBS)

asan: deps
	cmake --preset asan -DPython3_EXECUTABLE=$(PYTHON) >/dev/null
	cmake --build --preset asan -j $(JOBS)

# ThreadSanitizer: only the suites that run threads (the preset builds just those and the program).
tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS)

demo: release
	./scripts/demo.sh $(ACTLAB)

test: release
	ctest --preset release -j $(JOBS)

test-asan: asan
	ctest --preset asan -j $(JOBS)

test-tsan: tsan
	ctest --preset tsan -j $(JOBS)

test-slow: release
	ctest --test-dir build/release -L slow --output-on-failure

bench: release
	$(ACTLAB) bench --quick

bench-python: release
	PYTHONPATH=build/release/python $(PYTHON) bench/python_speed.py

fuzz: deps
	./scripts/fuzz-smoke.sh

docs: release
	ACTLAB_UPDATE_DOCS=1 build/release/tests/catalogue_doc_test --gtest_brief=1

format:
	clang-format -i $$(git ls-files '*.h' '*.cc' '*.inc')

# No formatting difference and no finding of the clang-tidy checks in .clang-tidy.
lint: release
	./scripts/check-style.sh build/release

clean:
	rm -rf build out
