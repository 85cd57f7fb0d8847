#!/usr/bin/env bash
# Builds what bench/native needs and runs it: the generator (CMake target
# rose_bench_gen), hand.cpp with clang++ -O3 natively and for wasm32, the
# emitted modules, then run.mjs, which prints the table and writes
# build/bench/codegen.md.
#
#   bench/native/run.sh [--quick | --big] [run.mjs options, e.g. --runs 5]
#
# --quick: n <= 1e4 and K <= 100 only; --big: also the unrolled K=1000
# module (~500k calls). BUILD (default build) and CXX_BENCH (default clang++-14) override.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${BUILD:-build}"
[[ "$BUILD" = /* ]] || BUILD="$ROOT/$BUILD"
OUT="$BUILD/bench"
CXX_BENCH="${CXX_BENCH:-clang++-14}"
HERE="$ROOT/bench/native"

gen_flags=()
if [[ "${1:-}" == --quick || "${1:-}" == --big ]]; then
  gen_flags=("$1")
  shift
fi

[[ -f "$BUILD/build.ninja" ]] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD" -j "$(nproc)" --target rose_bench_gen
mkdir -p "$OUT"
"$CXX_BENCH" -std=c++17 -O3 -Wall -Wextra -o "$OUT/hand_native" "$HERE/native.cpp" "$HERE/hand.cpp"
"$CXX_BENCH" --target=wasm32 -O3 -nostdlib -Wall -Wextra -Wl,--no-entry \
  -Wl,--export=chain_grad -Wl,--export=circles_grad -Wl,--export=__heap_base \
  -o "$OUT/hand.wasm" "$HERE/hand.cpp"
"$BUILD/rose_bench_gen" "$OUT" ${gen_flags[@]+"${gen_flags[@]}"}
exec node "$HERE/run.mjs" --dir "$OUT" "$@"
