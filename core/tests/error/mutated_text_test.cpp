// Bad text never crashes the engine: the golden IR files, each with a few
// characters deleted, replaced or inserted (tokens of the format among them),
// are either refused by the parser with a message, or parse into functions
// that validate, print, run in the interpreter on arguments of right and
// wrong types, differentiate, optimize and compile, each step succeeding or
// failing with a message. Under -fsanitize=address, 100,000 such texts ran
// clean; this keeps a few thousand as a regression test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "interp/interp.h"
#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"
#include "wasm/codegen.h"

namespace rose {
namespace {

struct EchoHost : Host {
  bool call(uint32_t, const double* args, uint32_t n, double& out, std::string&) override {
    out = n ? args[0] : 1;
    return true;
  }
};

TEST(MutatedText, IsRefusedWithAMessageOrWorks) {
  namespace fs = std::filesystem;
  std::vector<std::string> seeds;
  for (auto& e : fs::recursive_directory_iterator(fs::path(ROSE_SOURCE_DIR) / "core/tests/golden"))
    if (e.path().extension() == ".ir") {
      std::ifstream in(e.path());
      std::stringstream text;
      text << in.rdbuf();
      seeds.push_back(text.str());
    }
  ASSERT_GT(seeds.size(), 5u);
  const char* tokens[] = {" ", "v0", "v1", "v9", "real", "tan", "bool", "3", "0", "[3]", "&", "{", "}", "(",
                          ")", ":", ",", "=", "\n", "@f", "@g", "for", "ret", "add", "mul", "index", "member",
                          "accum", "addto", "resolve", "call", "select", "zero", "unit", "1e308", "nan", "-0",
                          "\"", "jvp", "opaque", "fn", "<", ">", "G0", "99999999999"};
  std::mt19937 rng(11);
  EchoHost host;
  uint32_t parsed = 0;
  for (int it = 0; it < 3000; it++) {
    std::string text = seeds[rng() % seeds.size()];
    for (int m = 1 + rng() % 3; m-- > 0;) {
      size_t at = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0: if (at < text.size()) text.erase(at, 1 + rng() % 4); break;
        case 1: text.insert(at, tokens[rng() % (sizeof tokens / sizeof tokens[0])]); break;
        default: if (at < text.size()) text[at] = char(32 + rng() % 95);
      }
    }
    Context cx;
    Result<Parsed> p = parse_module(cx, text);
    if (!p.ok()) {
      ASSERT_FALSE(p.error.empty());
      continue;
    }
    parsed++;
    for (FuncId f : p.value.funcs) {
      auto errs = validate(cx, f);
      ASSERT_TRUE(errs.empty()) << errs[0] << " in\n" << text;
      EXPECT_FALSE(print_module(cx, f).empty());
      const Func& fn = cx.func(f);
      std::vector<Val> args;
      for (size_t k = 0; k < fn.param_tys.size() + (rng() % 3 == 0); k++)
        args.push_back(rng() % 4 ? Val::real(1.5) : rng() % 2 ? Val::fin(rng() % 5) : Val::boolean(true));
      Result<Val> r = interp(cx, f, args, &host);
      EXPECT_TRUE(r.ok() || !r.error.empty());
      Result<FuncId> j = jvp(cx, f);
      if (j.ok()) {
        Result<Transposed> t = transpose(cx, j.value);
        EXPECT_TRUE(t.ok() || !t.error.empty());
      }
      Result<FuncId> o = optimize(cx, f);
      if (o.ok()) {
        Result<wasm::Compiled> w = wasm::compile_wasm(cx, o.value);
        EXPECT_TRUE(w.ok() || !w.error.empty());
        cx.release(o.value);
      }
    }
    for (FuncId f : p.value.funcs) cx.release(f);
    EXPECT_EQ(cx.live_count(), 0u) << text;
  }
  EXPECT_GT(parsed, 100u);  // the mutations keep some texts valid
}

}  // namespace
}  // namespace rose
