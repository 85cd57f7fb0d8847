// cleanup: simplify then dce, the pair every pass that makes a function runs
// on it (jvp and transpose on their raw output, optimize on each function,
// there with inlining).
//
// Natively, ROSE_PRINT_PASSES=1 prints the IR after each step and
// ROSE_TIME_PASSES=1 times each step, on stderr.
#include "passes/passes.h"
#ifndef ROSE_WASM
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include "ir/print.h"
#include "util/str.h"
#endif

namespace rose {

namespace {

// Runs one step and, natively, reports it.
template <class Step>
Result<FuncId> logged(Context& cx, const char* name, Step step) {
#ifndef ROSE_WASM
  static const bool print = std::getenv("ROSE_PRINT_PASSES") != nullptr;
  static const bool time = std::getenv("ROSE_TIME_PASSES") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
#endif
  Result<FuncId> r = step();
#ifndef ROSE_WASM
  if (time)
    std::fprintf(stderr, "%-10s @%s: %.3f ms\n", name, r.ok() ? cx.name(r.value).c_str() : "?",
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  if (print && r.ok()) std::fprintf(stderr, "--- after %s\n%s", name, print_func(cx, r.value).c_str());
#else
  (void)cx, (void)name;
#endif
  return r;
}

// With `consume`, f is released as soon as simplify has copied it: it is not
// needed while dce builds a third copy.
Result<FuncId> run(Context& cx, FuncId f, bool consume, const Vec<uint8_t>* mask, const Vec<FuncId>* target) {
  Result<FuncId> s = logged(cx, "simplify", [&] { return simplify_inlining(cx, f, mask, target); });
  if (consume) cx.release(f);
  if (!s.ok()) return s;
  Result<FuncId> d = logged(cx, "dce", [&] { return dce(cx, s.value); });
  cx.release(s.value);
  if (d.ok()) cx.func(d.value).clean = true;
  return d;
}

}  // namespace

Result<FuncId> cleanup(Context& cx, FuncId raw) { return run(cx, raw, true, nullptr, nullptr); }

Result<FuncId> cleanup_inlining(Context& cx, FuncId f, const Vec<uint8_t>& mask, const Vec<FuncId>& target) {
  return run(cx, f, false, &mask, &target);
}

}  // namespace rose
