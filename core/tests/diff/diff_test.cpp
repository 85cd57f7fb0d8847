// Differential tests: the same programs through the interpreter and through
// the generated Wasm (run in Node), compared scalar by scalar; every module
// also passes wasm-validate. Programs: every op, the golden cases, seeded
// random programs with their derivatives, and higher-order derivatives
// through calls and custom JVPs (which Rose miscompiles).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interp/interp.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"
#include "rose/rose.h"
#include "support/check.h"
#include "support/codec.h"
#include "support/random_program.h"
#include "wasm/codegen.h"

namespace rose {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  status = p ? pclose(p) : -1;
  return out;
}

class Cases {
 public:
  explicit Cases(const std::string& name) : dir_(fs::path(ROSE_BINARY_DIR) / "diff" / name) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  // Compiles f, runs the interpreter on args, and writes a case.
  // Adds the case twice: compiled as it is, and after the optimizer (inlining,
  // simplify, dce), both against the interpreter on the original.
  void add(const std::string& name, Context& cx, FuncId f, const std::vector<Val>& args, Host* host,
           const std::vector<std::pair<uint32_t, std::string>>& opaque = {}, double tol = 1e-12) {
    add_one(name, cx, f, f, args, host, opaque, tol);
    auto o = optimize(cx, f);
    ASSERT_TRUE(o.ok()) << name << ": optimize: " << o.error;
    add_one(name + "_opt", cx, f, o.value, args, host, opaque, tol);
    add_one(name + "_chunked", cx, f, o.value, args, host, opaque, tol, 5);  // chunks of 5 instructions
    cx.release(o.value);

  }

  void add_one(const std::string& name, Context& cx, FuncId f, FuncId compiled, const std::vector<Val>& args,
               Host* host, const std::vector<std::pair<uint32_t, std::string>>& opaque, double tol,
               uint32_t chunk_limit = wasm::kChunkLimit) {
    for (const std::string& e : validate_all(cx, compiled, "optimize")) ADD_FAILURE() << e;
    auto c = wasm::compile_wasm(cx, compiled, chunk_limit);
    ASSERT_TRUE(c.ok()) << name << ": " << c.error << "\n" << print_module(cx, compiled);
    auto r = interp(cx, f, args, host);
    wasm::Layouts L(cx);
    Vec<uint8_t> mem;
    uint32_t off = 0;
    const Func& fn = cx.func(f);
    for (size_t k = 0; k < args.size(); k++) {
      TyId p = fn.param_tys[k];
      off = (off + L.align(p) - 1) / L.align(p) * L.align(p);
      test::encode(L, p, args[k], mem, off);
      off += L.size(p);
    }
    mem.resize(off, 0);
    std::ofstream(dir_ / (name + ".wasm"), std::ios::binary)
        .write(reinterpret_cast<const char*>(c.value.bytes.b.data()), c.value.bytes.size());
    std::ostringstream js;
    js << "{\"args\":[";
    for (uint32_t k = 0; k < mem.size(); k++) js << (k ? "," : "") << int(mem[k]);
    js << "],\"ret\":" << c.value.ret << ",\"frame\":" << c.value.frame << ",\"tol\":" << tol << ",\"opaque\":[";
    for (size_t k = 0; k < opaque.size(); k++)
      js << (k ? "," : "") << "[\"" << opaque[k].first << "\",\"" << opaque[k].second << "\"]";
    bool range_error = !r.ok() && r.error.find("index out of range") != std::string::npos;
    ASSERT_TRUE(r.ok() || range_error) << name << ": interp: " << r.error;
    js << "],\"status\":" << (range_error ? 1 : 0) << ",\"leaves\":"
       << (r.ok() ? test::expected_leaves(L, fn.ret_ty, r.value, 0) : "[]") << "}";
    std::ofstream(dir_ / (name + ".json")) << js.str();
    count_++;
  }

  void check() {
    ASSERT_GT(count_, 0);
    int status = 0;
    std::string out = run("for f in " + dir_.string() + "/*.wasm; do wasm-validate \"$f\" || echo \"invalid: $f\"; done", status);
    EXPECT_EQ(out.find("invalid"), std::string::npos) << out;
    out = run("node " + std::string(ROSE_SOURCE_DIR) + "/core/tests/diff/run_wasm.mjs " + dir_.string(), status);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find(std::to_string(count_) + " passed, 0 failed"), std::string::npos) << out;
  }

 private:
  fs::path dir_;
  int count_ = 0;
};

std::vector<Val> random_args(Context& cx, FuncId f, test::Rng& rng, double lo, double hi) {
  std::vector<Val> xs;
  for (TyId p : cx.func(f).param_tys) xs.push_back(test::random_value(cx, p, rng, lo, hi));
  return xs;
}

TEST(WasmDiff, EveryOpAgreesWithTheInterpreterIncludingSpecialValues) {
  Cases cases("ops");
  Context cx;
  test::Rng rng(5);
  const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, INFINITY, -INFINITY, NAN, 1e-300, 3.5};
  for (int i = 0; i < kNumOps; i++) {
    Op op = Op(i);
    Rule r = op_rule(op);
    std::string name = op_name(op), text;
    bool unary = op_form(op) == Form::Unary;
    if (r == Rule::Real || r == Rule::Linear || r == Rule::Scale || r == Rule::Cmp)
      text = unary ? "fn @f(v0: real) -> real {\n  v1: real = " + name + " v0\n  ret v1\n}\n"
                   : "fn @f(v0: real, v1: real) -> " + std::string(r == Rule::Cmp ? "bool" : "real") + " {\n  v2: " +
                         (r == Rule::Cmp ? "bool" : "real") + " = " + name + " v0 v1\n  ret v2\n}\n";
    else if (r == Rule::BoolBin || r == Rule::BoolNot)
      text = unary ? "fn @f(v0: bool) -> bool {\n  v1: bool = not v0\n  ret v1\n}\n"
                   : "fn @f(v0: bool, v1: bool) -> bool {\n  v2: bool = " + name + " v0 v1\n  ret v2\n}\n";
    else if (r == Rule::ICmp)
      text = "fn @f(v0: 300, v1: 300) -> bool {\n  v2: bool = " + name + " v0 v1\n  ret v2\n}\n";
    else if (r == Rule::IAdd)
      text = "fn @f(v0: 70000, v1: 70000) -> 70000 {\n  v2: 70000 = iadd v0 v1\n  ret v2\n}\n";
    else if (r == Rule::IMod)
      text = "fn @f(v0: 300) -> 7 {\n  v1: 7 = imod v0\n  ret v1\n}\n";
    else
      continue;
    auto p = parse_module(cx, text);
    ASSERT_TRUE(p.ok()) << name << ": " << p.error;
    FuncId f = p.value.last();
    const Func& fn = cx.func(f);
    bool reals = cx.types.kind(fn.param_tys[0]) == Kind::Real;
    for (int k = 0; k < 12; k++) {
      std::vector<Val> args = random_args(cx, f, rng, -3, 3);
      if (reals && k < 11) {  // every special value against a random one, then both random
        args[0] = Val::real(special[k]);
        if (args.size() > 1 && k % 2) std::swap(args[0], args[1]);
      }
      if (r == Rule::IAdd && k == 0) args = {Val::fin(69999), Val::fin(1)};  // past the end: status 1
      cases.add(name + "_" + std::to_string(k), cx, f, args, nullptr, {}, 1e-15);
    }
  }
  cases.check();
}

TEST(WasmDiff, GoldenCasesAgreeWithTheInterpreter) {
  Cases cases("golden");
  test::Rng rng(9);
  for (auto& dir : fs::directory_iterator(fs::path(ROSE_SOURCE_DIR) / "core/tests/golden")) {
    if (!dir.is_directory()) continue;
    for (auto& file : fs::directory_iterator(dir.path())) {
      if (file.path().extension() != ".ir") continue;
      Context cx;
      std::ifstream in(file.path());
      std::stringstream ss;
      ss << in.rdbuf();
      auto p = parse_module(cx, ss.str());
      ASSERT_TRUE(p.ok()) << p.error;
      FuncId f = p.value.last();
      bool refs = false;
      for (TyId t : cx.func(f).param_tys) refs = refs || cx.types.kind(t) == Kind::Ref;
      if (refs || !cx.func(f).generics.empty()) continue;
      test::MathHost host(cx);
      std::vector<std::pair<uint32_t, std::string>> opaque;
      for (size_t k = 0; k < p.value.funcs.size(); k++)
        if (cx.func(p.value.funcs[k]).opaque) {
          host.add(p.value.names[k], cx.func(p.value.funcs[k]).host);
          opaque.push_back({cx.func(p.value.funcs[k]).host, p.value.names[k]});
        }
      std::string name = dir.path().filename().string() + "_" + file.path().stem().string();
      cases.add(name, cx, f, random_args(cx, f, rng, 0.5, 1.5), &host, opaque, 1e-12);
      auto g = test::build_grad(cx, f);
      if (g.ok()) cases.add(name + "_grad", cx, g.value, random_args(cx, g.value, rng, 0.5, 1.5), &host, opaque, 1e-12);
    }
  }
  cases.check();
}

TEST(WasmDiff, RandomProgramsAndTheirDerivativesToSecondOrder) {
  Cases cases("random");
  for (int seed = 1; seed <= test::seed_count(30); seed++) {
    Context cx;
    test::Rng rng{uint64_t(seed)};
    FuncId f = test::random_program(cx, rng);
    std::string n = "seed" + std::to_string(seed);
    cases.add(n, cx, f, random_args(cx, f, rng, -1, 1), nullptr, {}, 1e-12);
    auto j = jvp(cx, f);
    ASSERT_TRUE(j.ok());
    cases.add(n + "_jvp", cx, j.value, random_args(cx, j.value, rng, -1, 1), nullptr, {}, 1e-12);
    auto g = test::build_grad(cx, f);
    ASSERT_TRUE(g.ok());
    cases.add(n + "_grad", cx, g.value, random_args(cx, g.value, rng, -1, 1), nullptr, {}, 1e-12);
    auto gg = test::build_grad(cx, g.value);  // reverse over reverse
    ASSERT_TRUE(gg.ok());
    cases.add(n + "_grad2", cx, gg.value, random_args(cx, gg.value, rng, -1, 1), nullptr, {}, 1e-11);
    auto jg = jvp(cx, g.value);  // forward over reverse
    ASSERT_TRUE(jg.ok());
    cases.add(n + "_jvp_grad", cx, jg.value, random_args(cx, jg.value, rng, -1, 1), nullptr, {}, 1e-11);
  }
  cases.check();
}

TEST(WasmDiff, HessianThroughCustomJvpsOfHostFunctionsIsRight) {
  // Rose's classic example compiled: reverse-over-reverse through custom JVPs.
  Cases cases("classic");
  Module m;
  Type Real = m.real(), Dual = m.dual(), Vec2 = m.vec(2, Real), Mat2 = m.vec(2, Vec2);
  Fn log = m.opaque("log", {Real}, Real, [](const double* a) { return std::log(a[0]); }).value;
  ASSERT_TRUE(m.set_jvp(log, m.fn("log_jvp", {Dual}, Dual, [&](Value d) {
                                  return Value::object({{"re", log(d["re"])}, {"du", d["du"] / d["re"]}});
                                }).value).ok());
  Fn pw = m.opaque("pow", {Real, Real}, Real, [](const double* a) { return std::pow(a[0], a[1]); }).value;
  ASSERT_TRUE(m.set_jvp(pw, m.fn("pow_jvp", {Dual, Dual}, Dual, [&](Value a, Value b) {
                                 Value z = pw(a["re"], b["re"]);
                                 return Value::object(
                                     {{"re", z}, {"du", (a["du"] * (b["re"] / a["re"]) + b["du"] * log(a["re"])) * z}});
                               }).value).ok());
  Fn f = m.fn("f", {Vec2}, Real, [&](Value v) { return pw(v[0], v[1]); }).value;
  Fn g = m.fn("g", {Vec2}, Vec2, [&](Value v) { return m.vjp(f)(v).grad(1); }).value;
  auto h = m.fn("h", {Vec2}, Mat2, [&](Value v) {
    auto grad = m.vjp(g)(v).grad;
    return Value::list({grad(Value::list({1, 0})), grad(Value::list({0, 1}))});
  });
  ASSERT_TRUE(h.ok()) << h.error;
  Context& cx = m.context();
  struct H : Host {
    bool call(uint32_t id, const double* a, uint32_t, double& out, std::string&) override {
      out = id == 0 ? std::log(a[0]) : std::pow(a[0], a[1]);
      return true;
    }
  } host;
  std::vector<std::pair<uint32_t, std::string>> opaque = {{0, "log"}, {1, "pow"}};
  Val at = array({num(2), num(3)});
  cases.add("f", cx, f.id, {at}, &host, opaque);
  cases.add("g", cx, g.id, {at}, &host, opaque);
  cases.add("h", cx, h.value.id, {at}, &host, opaque);
  cases.check();
}

}  // namespace
}  // namespace rose
