// Times the hand-written C++ gradients natively and prints one JSON line:
//   hand_native chain N | circles K   [run_ms runs warm_ms]
// {"ns": median ns per gradient, "runs": [ns per gradient of each run], "grad": [...]}.
// The protocol is run.mjs's: warm up, size a run to run_ms, take the median of runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "hand.h"
#include "problem.h"

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::vector<double> time_it(const std::function<void()>& grad, double run_ms, int runs, double warm_ms) {
  double t0 = now_ms();
  long calls = 0;
  do grad(), calls++;
  while (now_ms() - t0 < warm_ms || calls < 3);
  double per = (now_ms() - t0) / calls;
  long reps = std::max(1L, long(run_ms / std::max(per, 1e-6)));
  std::vector<double> ns;
  for (int r = 0; r < runs; r++) {
    double t = now_ms();
    for (long k = 0; k < reps; k++) grad();
    ns.push_back((now_ms() - t) * 1e6 / reps);
  }
  return ns;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return std::fprintf(stderr, "usage: %s chain N | circles K [run_ms runs warm_ms]\n", argv[0]), 2;
  int size = std::atoi(argv[2]);
  double run_ms = argc > 3 ? std::atof(argv[3]) : 20;
  int runs = argc > 4 ? std::atoi(argv[4]) : 9;
  double warm_ms = argc > 5 ? std::atof(argv[5]) : 100;
  std::vector<double> g, scratch, r;
  std::vector<double> p;
  std::function<void()> grad;
  if (std::strcmp(argv[1], "chain") == 0) {
    int steps = bench::chain_steps(size);
    g.resize(2), scratch.resize(steps);
    grad = [&] { chain_grad(bench::kChainX0, bench::kChainA, steps, scratch.data(), g.data()); };
  } else if (std::strcmp(argv[1], "circles") == 0) {
    bench::Circles c = bench::circles_problem(size);
    p = c.p, r = c.r, g.resize(2 * size);
    grad = [&] { circles_grad(size, p.data(), r.data(), g.data()); };
  } else {
    return std::fprintf(stderr, "unknown problem %s\n", argv[1]), 2;
  }
  std::vector<double> ns = time_it(grad, run_ms, runs, warm_ms);
  std::vector<double> sorted = ns;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"ns\":%.3f,\"runs\":[", sorted[sorted.size() / 2]);
  for (size_t k = 0; k < ns.size(); k++) std::printf("%s%.3f", k ? "," : "", ns[k]);
  std::printf("],\"grad\":[");
  for (size_t k = 0; k < g.size(); k++) std::printf("%s%.17g", k ? "," : "", g[k]);
  std::printf("]}\n");
  return 0;
}
