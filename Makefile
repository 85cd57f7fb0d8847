# The two commands of the README:
#   make demo   installs what is missing, builds everything, runs the main examples
#   make test   installs what is missing, builds everything, runs every test
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps deps-browser native js test test-native test-asan test-js test-browser demo bench bench-quick clean

all: native js

deps:
	@scripts/install-deps.sh

deps-browser:
	@scripts/install-deps.sh --browser

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

native: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The npm package: the engine compiled to wasm32, the TypeScript API bundled.
js: deps
	npm run build -w js

test-native: native
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The native tests again under AddressSanitizer and UBSan (a separate Debug build; not part of
# `make test`, which it would slow by minutes). Any UBSan report fails it.
test-asan: deps
	cmake -S . -B $(BUILD)-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
	cmake --build $(BUILD)-asan -j $(JOBS)
	cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)

test-js: js
	npm test -w js

# Each demo page loads in headless Chromium, optimises, and writes a screenshot under build/.
test-browser: deps-browser js
	node examples/browser-test.mjs

test: deps-browser test-native test-js test-browser

demo: native js
	$(BUILD)/rose_demo
	node js/examples/classic.mjs
	node examples/run-all.mjs

bench: native js
	node bench/run.mjs
	bench/native/run.sh

bench-quick: native js
	node bench/run.mjs --quick

clean:
	rm -rf $(BUILD) $(BUILD)-asan js/dist
