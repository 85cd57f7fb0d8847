# The two commands of the README:
#   make demo   installs what is missing, builds everything, runs the main example
#   make test   installs what is missing, builds everything, runs every test
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps deps-browser native test test-native demo clean

all: native

deps:
	@scripts/install-deps.sh

deps-browser:
	@scripts/install-deps.sh --browser

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

native: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test-native: native
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test: deps-browser test-native

demo: native
	$(BUILD)/rose_demo

clean:
	rm -rf $(BUILD)
