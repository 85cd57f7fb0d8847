// The `rose` command-line tool: reads printed IR and writes what the engine
// derives from it.
//
//   rose print    FILE            parse, validate and print again
//   rose jvp      FILE            the forward-mode derivative
//   rose vjp      FILE            the reverse-mode pair (forward and backward)
//   rose grad     FILE            a function returning the gradient of a real-valued one
//   rose optimize FILE            the optimized code the Wasm backend sees
//   rose wasm     FILE -o OUT     a WebAssembly module (export "f", see wasm/codegen.h)
//   rose wat      FILE [-o OUT]   the same module as text, through wabt's wasm2wat
//   rose run      FILE ARG...     interpret; arguments are JSON-like literals
//   rose time     FILE [-n REPS]  best time of vjp, optimize and codegen of the gradient
//
// Options: -f NAME picks the function (default: the last one in the file);
// -o OUT writes to a file instead of stdout. FILE "-" reads stdin. Opaque
// functions named after a <cmath> function (sin, exp, pow, ...) run as it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "interp/interp.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"
#include "rose/rose.h"
#include "wasm/codegen.h"

using namespace rose;

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: rose {print|jvp|vjp|grad|optimize|wasm|wat|run|time} FILE [-f NAME] [-o OUT] [-n REPS] [ARG...]\n"
               "  FILE holds printed IR; '-' reads stdin. See tools/rose_cli.cpp for details.\n");
  return 2;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "rose: %s\n", what.c_str());
  return 1;
}

bool read_all(const std::string& path, std::string& out) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    ss << in.rdbuf();
  }
  out = ss.str();
  return true;
}

bool write_all(const std::string& path, const std::string& data) {
  if (path.empty()) return std::fwrite(data.data(), 1, data.size(), stdout) == data.size();
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), std::streamsize(data.size()));
  return bool(out);
}

// Opaque functions run as the <cmath> function of their name, if there is one.
class MathHost : public Host {
 public:
  explicit MathHost(std::vector<std::string> names) : names_(std::move(names)) {}
  bool call(uint32_t host, const double* a, uint32_t n, double& out, std::string& err) override {
    const std::string& f = host < names_.size() ? names_[host] : std::string();
    using F1 = double (*)(double);
    static const std::pair<const char*, F1> unary[] = {{"sin", std::sin},   {"cos", std::cos},   {"tan", std::tan},
                                                        {"exp", std::exp},   {"log", std::log},   {"sqrt", std::sqrt},
                                                        {"atan", std::atan}, {"tanh", std::tanh}, {"abs", std::fabs}};
    for (auto& [name, fn] : unary)
      if (n == 1 && f == name) return out = fn(a[0]), true;
    if (n == 2 && f == "pow") return out = std::pow(a[0], a[1]), true;
    if (n == 2 && f == "atan2") return out = std::atan2(a[0], a[1]), true;
    if (n == 2 && f == "hypot") return out = std::hypot(a[0], a[1]), true;
    err = "no host implementation for opaque function @" + f;
    return false;
  }

 private:
  std::vector<std::string> names_;
};

// A JSON-like literal (numbers, true/false, [..]) read as a value of type t;
// structs are written as lists in member order.
struct ArgReader {
  Context& cx;
  const char* p;
  std::string err;

  void ws() {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
  }
  bool read(TyId t, Val& out) {
    ws();
    Types& T = cx.types;
    switch (T.kind(t)) {
      case Kind::Unit:
        if (std::strncmp(p, "null", 4) == 0) return p += 4, out = Val::unit(), true;
        return bad("null", t);
      case Kind::Bool:
        if (std::strncmp(p, "true", 4) == 0) return p += 4, out = Val::boolean(true), true;
        if (std::strncmp(p, "false", 5) == 0) return p += 5, out = Val::boolean(false), true;
        return bad("true or false", t);
      case Kind::Real: case Kind::Tan: case Kind::Fin: {
        char* end = nullptr;
        double x = std::strtod(p, &end);
        if (end == p) return bad("a number", t);
        p = end;
        if (T.kind(t) != Kind::Fin) return out = Val::real(x), true;
        if (!(x >= 0 && x < T.fin_size(t) && x == std::floor(x))) return bad("an index below the size", t);
        return out = Val::fin(uint32_t(x)), true;
      }
      case Kind::Array: case Kind::Tuple: {
        bool arr = T.kind(t) == Kind::Array;
        uint32_t n = arr ? T.fin_size(T.index_of(t)) : T.member_count(t);
        if (*p != '[') return bad("a list", t);
        p++;
        std::vector<Val> items(n);
        for (uint32_t k = 0; k < n; k++) {
          if (k) {
            ws();
            if (*p != ',') return bad(std::to_string(n) + " items", t);
            p++;
          }
          if (!read(arr ? T.elem(t) : T.member(t, k), items[k])) return false;
        }
        ws();
        if (*p != ']') return bad(std::to_string(n) + " items", t);
        p++;
        out = Val::list(arr ? Val::Array : Val::Tuple, std::move(items));
        return true;
      }
      default: return bad("a value", t);
    }
  }
  bool bad(const std::string& want, TyId t) {
    if (err.empty()) err = "expected " + want + " for type " + type_str(cx, t) + " at '" + std::string(p) + "'";
    return false;
  }
};

// @<f>_grad(params) -> the gradient with respect to every parameter, through
// f's backward pass: with several parameters, an array of them if they share a
// type, else a struct {p0, p1, ...}.
Result<FuncId> make_grad(Module& m, FuncId fid) {
  Context& cx = m.context();
  const Func& f = cx.func(fid);
  if (f.ret_ty != cx.types.real()) return Result<FuncId>::fail("grad needs a function returning real, @" + cx.name(fid) + " returns " + type_str(cx, f.ret_ty));
  std::vector<Type> params;
  Vec<TyId> ps;
  for (TyId t : f.param_tys) params.push_back(Type{t}), ps.push_back(t);
  bool same = true;
  for (TyId t : ps) same = same && t == ps[0];
  std::vector<std::pair<std::string, Type>> keyed;
  for (size_t k = 0; k < ps.size(); k++) keyed.push_back({"p" + std::to_string(k), Type{ps[k]}});
  Type ret = ps.size() == 1 ? Type{ps[0]} : same ? m.vec(uint32_t(ps.size()), Type{ps[0]}) : m.record(keyed);
  Fn F{fid, &m};
  Result<Fn> g = m.fn(cx.name(fid) + "_grad", params, ret, [&](std::vector<Value>& a) {
    std::vector<Value> gs = m.vjp(F)(a).grads(1.0);
    if (gs.size() != ps.size()) return Value();  // the trace has the error
    if (gs.size() == 1) return gs[0];
    if (same) return Value::list(gs);
    std::vector<std::pair<std::string, Value>> members;
    for (size_t k = 0; k < gs.size(); k++) members.push_back({keyed[k].first, gs[k]});
    return Value::object(members);
  });
  return g.ok() ? Result<FuncId>::of(g.value.id) : Result<FuncId>::fail(g.error);
}

std::string print_pair(Context& cx, const Transposed& t) {
  return print_module(cx, t.fwd) + print_module(cx, t.bwd);
}

// rose time: the passes natively, best of `reps` runs each, derivatives made
// afresh every run (vjp caches them per function). Native timings are steady
// where a cold Wasm engine's are not, so this is where pass costs are compared.
// Each pass runs in its own loop: interleaving them changes the heap each one sees.
int time_passes(Module& mod, FuncId f, int reps) {
  Context& cx = mod.context();
  using Clock = std::chrono::steady_clock;
  double best[3] = {1e300, 1e300, 1e300};
  auto timed = [&](int k, auto&& run) {
    for (int r = 0; r < reps; r++) {
      auto t0 = Clock::now();
      if (!run()) return false;
      best[k] = std::min(best[k], std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return true;
  };
  uint32_t ids = 0;
  Vec<FuncId> fs = reachable(cx, f, true, &ids);
  Str err;
  auto failed = [&](const Str& e) { return err = e, false; };
  if (!timed(0, [&] {
        for (FuncId g : fs) cx.forget_derivatives(g);
        Result<Transposed> t = vjp(cx, f);
        return t.ok() || failed(t.error);
      }))
    return fail(err);
  Result<FuncId> g = make_grad(mod, f);
  if (!g.ok()) return fail(g.error);
  if (!timed(1, [&] {
        Result<FuncId> o = optimize(cx, g.value);
        if (o.ok()) cx.release(o.value);
        return o.ok() || failed(o.error);
      }))
    return fail(err);
  Result<FuncId> o = optimize(cx, g.value);
  if (!o.ok()) return fail(o.error);
  size_t bytes = 0;
  if (!timed(2, [&] {
        Result<wasm::Compiled> w = wasm::compile_wasm(cx, o.value);
        if (w.ok()) bytes = w.value.bytes.size();
        return w.ok() || failed(w.error);
      }))
    return fail(err);
  std::printf("@%s, %u functions, best of %d: vjp %.3f ms, optimize %.3f ms, codegen %.3f ms (%zu bytes)\n",
              cx.name(f).c_str(), fs.size(), reps, best[0], best[1], best[2], bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  std::string cmd = argv[1], file = argv[2], name, out;
  std::vector<std::string> rest;
  int reps = 10;
  for (int k = 3; k < argc; k++) {
    std::string a = argv[k];
    if ((a == "-f" || a == "-o") && k + 1 < argc) (a == "-f" ? name : out) = argv[++k];
    else if (a == "-n" && k + 1 < argc) reps = std::max(1, std::atoi(argv[++k]));
    else rest.push_back(a);
  }
  std::string text;
  if (!read_all(file, text)) return fail("cannot read " + file);
  Module mod;  // the C++ API builds `grad`; everything shares its context
  Context& cx = mod.context();
  Result<Parsed> parsed = parse_module(cx, text);
  if (!parsed.ok()) return fail(file + ": " + parsed.error);
  FuncId f = name.empty() ? parsed.value.last() : parsed.value.find(name);
  if (!f.valid()) return fail(name.empty() ? "no functions in " + file : "no function @" + name);
  // The validator runs on everything the tool prints or compiles.
  auto checked = [&](FuncId g, const char* stage) {
    Vec<std::string> errs = validate_all(cx, g, stage);
    for (const std::string& e : errs) std::fprintf(stderr, "rose: invalid IR after %s: %s\n", stage, e.c_str());
    return errs.empty();
  };
  if (!checked(f, "parse")) return 1;

  if (cmd == "time") return time_passes(mod, f, reps);
  if (cmd == "print") return write_all(out, print_module(cx, f)) ? 0 : fail("cannot write " + out);
  if (cmd == "jvp") {
    Result<FuncId> j = jvp(cx, f);
    if (!j.ok()) return fail(j.error);
    if (!checked(j.value, "jvp")) return 1;
    return write_all(out, print_module(cx, j.value)) ? 0 : fail("cannot write " + out);
  }
  if (cmd == "vjp") {
    Result<Transposed> t = vjp(cx, f);
    if (!t.ok()) return fail(t.error);
    if (!checked(t.value.fwd, "vjp") || !checked(t.value.bwd, "vjp")) return 1;
    return write_all(out, print_pair(cx, t.value)) ? 0 : fail("cannot write " + out);
  }
  // --grad (or the grad command): work on the gradient of f instead of f.
  bool grad = cmd == "grad";
  for (const std::string& a : rest) grad = grad || a == "--grad";
  if (grad) {
    Result<FuncId> g = make_grad(mod, f);
    if (!g.ok()) return fail(g.error);
    if (!checked(g.value, "grad")) return 1;
    f = g.value;
    if (cmd == "grad") return write_all(out, print_module(cx, f)) ? 0 : fail("cannot write " + out);
  }
  if (cmd == "optimize" || cmd == "wasm" || cmd == "wat") {
    Result<FuncId> o = optimize(cx, f);
    if (!o.ok()) return fail(o.error);
    if (!checked(o.value, "optimize")) return 1;
    if (cmd == "optimize") return write_all(out, print_module(cx, o.value)) ? 0 : fail("cannot write " + out);
    Result<wasm::Compiled> w = wasm::compile_wasm(cx, o.value);
    if (!w.ok()) return fail(w.error);
    std::string bytes(reinterpret_cast<const char*>(w.value.bytes.b.data()), w.value.bytes.size());
    if (cmd == "wasm") {
      if (out.empty()) return fail("rose wasm needs -o OUT.wasm");
      if (!write_all(out, bytes)) return fail("cannot write " + out);
      std::fprintf(stderr, "%s: %zu bytes; needs %u bytes of arguments, %u of result, %u of frame\n", out.c_str(),
                   bytes.size(), w.value.args, w.value.ret, w.value.frame);
      return 0;
    }
    // wat: let wabt print it.
    char tmpl[] = "/tmp/rose-XXXXXX.wasm";
    int fd = mkstemps(tmpl, 5);
    if (fd < 0 || !write_all(tmpl, bytes)) return fail("cannot write a temporary file");
    std::string run = "wasm2wat --enable-all '" + std::string(tmpl) + "'" + (out.empty() ? "" : " -o '" + out + "'");
    int rc = std::system(run.c_str());
    std::remove(tmpl);
    return rc == 0 ? 0 : fail("wasm2wat failed (is wabt installed?)");
  }
  if (cmd == "run") {
    const Func& fn = cx.func(f);
    for (size_t k = rest.size(); k-- > 0;)
      if (rest[k] == "--grad") rest.erase(rest.begin() + long(k));
    if (rest.size() != fn.param_tys.size())
      return fail("@" + cx.name(f) + " takes " + std::to_string(fn.param_tys.size()) + " arguments, got " +
                  std::to_string(rest.size()));
    std::vector<Val> args(rest.size());
    for (size_t k = 0; k < rest.size(); k++) {
      ArgReader r{cx, rest[k].c_str(), {}};
      if (!r.read(fn.param_tys[k], args[k])) return fail("argument " + std::to_string(k) + ": " + r.err);
    }
    std::vector<std::string> hosts;  // host number k is the k-th opaque function in the text
    for (size_t k = 0; k < parsed.value.funcs.size(); k++)
      if (cx.func(parsed.value.funcs[k]).opaque) hosts.push_back(parsed.value.names[k]);
    MathHost host(hosts);
    Result<Val> v = interp(cx, f, args, &host);
    if (!v.ok()) return fail(v.error);
    return write_all(out, value_str(cx, fn.ret_ty, v.value) + "\n") ? 0 : fail("cannot write " + out);
  }
  return usage();
}
