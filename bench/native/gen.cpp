// Builds the benchmark's gradients with the native C++ API: traces each case,
// takes its VJP, optimizes, compiles to Wasm, and writes <case>.wasm plus
// cases.json (sizes, argument values, reference gradients) for run.mjs.
//
//   rose_bench_gen OUTDIR [--quick | --big]
// --quick: the small sizes only. --big: also circles-unrolled-1000, left out
// by default: its ~500k pair calls take about a minute to build and minutes
// for V8 to tier up.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "passes/passes.h"
#include "problem.h"
#include "rose/rose.h"
#include "wasm/codegen.h"

using rose::Fn;
using rose::Type;
using rose::Value;

namespace {

struct Case {
  std::string name, kind, form;
  int size = 0;                // n ops (chain) or K circles
  std::vector<double> args;    // the argument bytes at argptr, as f64s
  int steps = 0;               // chain: steps of five ops
  std::vector<double> radii;   // circles: the constants baked into the program
  std::vector<double> interp;  // the gradient by the interpreter, when affordable
  std::vector<std::pair<std::string, double>> ms;  // phase timings
  std::string note;            // why the case has no module: an engine error or a skip
  uint32_t ir = 0, bytes = 0, frame = 0, argbytes = 0, retbytes = 0;
};

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Instructions in f and everything it calls, each function counted once.
uint32_t ir_size(rose::Context& cx, rose::FuncId f, std::vector<bool>& seen) {
  if (f.i >= seen.size()) seen.resize(f.i + 1);
  if (seen[f.i]) return 0;
  seen[f.i] = true;
  uint32_t n = 0;
  for (const rose::Block& b : cx.func(f).blocks)
    for (const rose::Instr& in : b.code) {
      n++;
      if (in.op == rose::Op::Call) n += ir_size(cx, rose::FuncId(in.b), seen);
    }
  return n;
}

// The gradient as a flat list of reals, from the interpreter's value.
void flatten(const rose::Val& v, std::vector<double>& out) {
  if (v.tag == rose::Val::F64) out.push_back(v.f);
  else if (v.tag == rose::Val::Array || v.tag == rose::Val::Tuple)
    for (const rose::Val& x : v.list()) flatten(x, out);
}

rose::Val nest(const std::vector<double>& xs, int rows, int cols) {
  std::vector<rose::Val> rs;
  for (int i = 0; i < rows; i++) {
    std::vector<rose::Val> c;
    for (int j = 0; j < cols; j++) c.push_back(rose::num(xs[i * cols + j]));
    rs.push_back(cols == 1 ? c[0] : rose::array(c));
  }
  return rose::array(rs);
}

// Traces with `build` (which returns the gradient function), then optimizes,
// compiles and writes the module. On failure sets c.note and returns false.
bool emit(const std::string& dir, Case& c, int rows, int cols, bool check,
          const std::function<rose::Result<Fn>(rose::Module&)>& build) {
  auto t0 = std::chrono::steady_clock::now();
  rose::Module m;
  rose::Result<Fn> g = build(m);
  c.ms.push_back({"trace+vjp", since(t0)});
  if (!g.ok()) return c.note = g.error, false;
  rose::Context& cx = m.context();
  if (check) {
    rose::Result<rose::Val> v = m.interp(g.value, {nest(c.args, rows, cols)});
    if (!v.ok()) return c.note = "interp: " + v.error, false;
    flatten(v.value, c.interp);
  }
  t0 = std::chrono::steady_clock::now();
  rose::Result<rose::FuncId> o = rose::optimize(cx, g.value.id);
  c.ms.push_back({"optimize", since(t0)});
  if (!o.ok()) return c.note = "optimize: " + o.error, false;
  std::vector<bool> seen;
  c.ir = ir_size(cx, o.value, seen);
  t0 = std::chrono::steady_clock::now();
  rose::Result<rose::wasm::Compiled> w = rose::wasm::compile_wasm(cx, o.value);
  c.ms.push_back({"codegen", since(t0)});
  cx.release(o.value);
  if (!w.ok()) return c.note = "codegen: " + w.error, false;
  const rose::wasm::Compiled& out = w.value;
  // Every argument here is an array of reals, laid flat from argptr 0.
  if (out.args != 8 * c.args.size())
    return c.note = "args take " + std::to_string(out.args) + " bytes, expected " + std::to_string(8 * c.args.size()), false;
  c.bytes = out.bytes.size(), c.frame = out.frame, c.argbytes = out.args, c.retbytes = out.ret;
  std::string path = dir + "/" + c.name + ".wasm";
  FILE* f = std::fopen(path.c_str(), "wb");
  bool written = f && std::fwrite(out.bytes.b.data(), 1, out.bytes.size(), f) == out.bytes.size();
  if (f) std::fclose(f);
  if (!written) c.note = "cannot write " + path;
  return written;
}

Case chain(const std::string& dir, int n) {
  Case c{"chain-" + std::to_string(n), "chain", "unrolled", n};
  c.args = {bench::kChainX0, bench::kChainA};
  int steps = c.steps = bench::chain_steps(n);
  emit(dir, c, 2, 1, n <= 10000, [&](rose::Module& m) -> rose::Result<Fn> {
    Type R = m.real(), V2 = m.vec(2, R);
    auto f = m.fn("chain", {V2}, R, [&](Value v) {
      Value x = v[0], a = v[1];
      for (int k = 0; k < steps; k++) x = x * a * 0.5 + x / (a + 1) - 0.5;
      return x;
    });
    if (!f.ok()) return f;
    return m.fn("grad", {V2}, V2, [&](Value v) { return m.vjp(f.value)(v).grad(1); });
  });
  return c;
}

// relu(r_ij - |p_i - p_j|)^2 for one pair, as a function (the engine inlines it).
rose::Result<Fn> pair_fn(rose::Module& m) {
  Type R = m.real();
  return m.fn("pair", {R, R, R, R, R}, R, [&](std::vector<Value>& a) {
    Value dx = a[0] - a[2], dy = a[1] - a[3];
    Value o = a[4] - sqrt(dx * dx + dy * dy + bench::kEps);
    Value relu = select(o > 0, R, o, 0);
    return relu * relu;
  });
}

// form "unrolled": C++ loops over the pairs, ~K^2/2 calls of pair in one
// program. form "vec": sum loops over index symbols, a constant-size program
// that visits all K^2 ordered pairs and keeps i < j with a select.
Case circles(const std::string& dir, int K, const std::string& form, bool skip) {
  Case c{"circles-" + form + "-" + std::to_string(K), "circles", form, K};
  bench::Circles prob = bench::circles_problem(K);
  c.args = prob.p;
  const std::vector<double>& r = c.radii = prob.r;
  if (skip) {
    c.note = "skipped: ~K^2/2 = 499,500 pair calls take minutes to build and tier up (--big builds it)";
    return c;
  }
  emit(dir, c, K, 2, K <= 100, [&](rose::Module& m) -> rose::Result<Fn> {
    Type R = m.real(), P = m.vec(K, m.vec(2, R));
    auto pair = pair_fn(m);
    if (!pair.ok()) return pair;
    Fn pf = pair.value;
    rose::Result<Fn> energy;
    if (form == "unrolled") {
      energy = m.fn("energy", {P}, R, [&](Value p) {
        std::vector<Value> x, y;
        for (int i = 0; i < K; i++) x.push_back(p[i][0]), y.push_back(p[i][1]);
        Value e = 0;
        for (int i = 0; i < K; i++) {
          e = e + bench::kCenter * (x[i] * x[i] + y[i] * y[i]);
          for (int j = i + 1; j < K; j++) e = e + pf(x[i], y[i], x[j], y[j], r[i] + r[j]);
        }
        return e;
      });
    } else {
      Type I = m.fin(K), Rs = m.vec(K, R);
      auto loops = m.fn("loops", {P, Rs}, R, [&](Value p, Value rs) {
        Value pairs = sum(I, [&](Value i) {
          Value pi = p[i], ri = rs[i];
          return sum(I, [&](Value j) {
            Value pj = p[j];
            return select(i < j, R, pf(pi[0], pi[1], pj[0], pj[1], ri + rs[j]), 0);
          });
        });
        Value center = sum(I, [&](Value i) {
          Value x = p[i][0], y = p[i][1];
          return bench::kCenter * (x * x + y * y);
        });
        return pairs + center;
      });
      if (!loops.ok()) return loops;
      // The radii are constants, so the gradient is taken with respect to p only.
      std::vector<Value> rv(r.begin(), r.end());
      energy = m.fn("energy", {P}, R, [&](Value p) { return loops.value(p, Value::list(rv)); });
    }
    if (!energy.ok()) return energy;
    return m.fn("grad", {P}, P, [&](Value p) { return m.vjp(energy.value)(p).grad(1); });
  });
  return c;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (uint8_t(ch) >= 0x20) out += ch;
  }
  return out;
}

void write_list(FILE* f, const std::vector<double>& xs) {
  std::fputc('[', f);
  for (size_t i = 0; i < xs.size(); i++) std::fprintf(f, "%s%.17g", i ? "," : "", xs[i]);
  std::fputc(']', f);
}

bool write_json(const std::string& path, const std::vector<Case>& cases) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fprintf(f, "[\n");
  for (size_t k = 0; k < cases.size(); k++) {
    const Case& c = cases[k];
    std::fprintf(f, "{\"name\":\"%s\",\"kind\":\"%s\",\"form\":\"%s\",\"size\":%d,\"note\":\"%s\",", c.name.c_str(),
                 c.kind.c_str(), c.form.c_str(), c.size, json_escape(c.note).c_str());
    std::fprintf(f, "\"wasm\":\"%s\",\"bytes\":%u,\"ir\":%u,\"frame\":%u,\"argBytes\":%u,\"retBytes\":%u,",
                 c.note.empty() ? (c.name + ".wasm").c_str() : "", c.bytes, c.ir, c.frame, c.argbytes, c.retbytes);
    std::fprintf(f, "\"genMs\":{");
    for (size_t i = 0; i < c.ms.size(); i++)
      std::fprintf(f, "%s\"%s\":%.1f", i ? "," : "", c.ms[i].first.c_str(), c.ms[i].second);
    std::fprintf(f, "},\"steps\":%d,\"args\":", c.steps);
    write_list(f, c.args);
    std::fprintf(f, ",\"radii\":");
    write_list(f, c.radii);
    std::fprintf(f, ",\"interp\":");
    write_list(f, c.interp);
    std::fprintf(f, "}%s\n", k + 1 < cases.size() ? "," : "");
  }
  std::fprintf(f, "]\n");
  return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: %s OUTDIR [--quick | --big]\n", argv[0]), 2;
  std::string dir = argv[1];
  bool quick = false, big = false;
  for (int k = 2; k < argc; k++) {
    if (std::strcmp(argv[k], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[k], "--big") == 0) big = true;
    else return std::fprintf(stderr, "unknown option %s\n", argv[k]), 2;
  }
  std::vector<Case> cases;
  for (int n : {1000, 10000, 100000})
    if (!quick || n <= 10000) cases.push_back(chain(dir, n));
  for (int K : {10, 100, 1000})
    if (!quick || K <= 100)
      for (const char* form : {"unrolled", "vec"})
        cases.push_back(circles(dir, K, form, K > 100 && form[0] == 'u' && !big));
  for (const Case& c : cases)
    std::fprintf(stderr, "gen %-22s %s\n", c.name.c_str(),
                 c.note.empty() ? (std::to_string(c.bytes) + " bytes").c_str() : c.note.c_str());
  if (!write_json(dir + "/cases.json", cases)) return std::fprintf(stderr, "cannot write %s/cases.json\n", dir.c_str()), 1;
  return 0;  // engine errors are in the notes; run.mjs reports them
}
