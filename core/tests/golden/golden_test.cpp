// Golden tests of printed IR, one folder per pass: tests/golden/<pass>/<case>.ir
// holds the input module; <case>.expected the printed result of the pass on
// its last function. The validator runs on every result. Regenerate the
// expected files with scripts/regen-golden.sh (ROSE_REGEN_GOLDEN=1) and read
// the diff in review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ir/parse.h"
#include "ir/print.h"
#include "ir/validate.h"
#include "passes/passes.h"

namespace rose {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> run_pass(Context& cx, const std::string& pass, FuncId f) {
  auto fail = [](const std::string& e) { return Result<std::string>::fail(e); };
  std::string out;
  Vec<FuncId> results;
  if (pass == "parse") {
    results.push_back(f);
  } else if (pass == "jvp") {
    auto j = jvp(cx, f);
    if (!j.ok()) return fail(j.error);
    results.push_back(j.value);
  } else if (pass == "vjp") {
    auto t = vjp(cx, f);
    if (!t.ok()) return fail(t.error);
    results = {t.value.fwd, t.value.bwd};
  } else if (pass == "simplify" || pass == "dce" || pass == "optimize") {
    auto r = pass == "simplify" ? simplify(cx, f) : pass == "dce" ? dce(cx, f) : optimize(cx, f);
    if (!r.ok()) return fail(r.error);
    results.push_back(r.value);
  } else {
    return fail("unknown pass " + pass);
  }
  for (FuncId r : results) {
    for (const std::string& e : validate_all(cx, r, pass)) return fail(e);
    out += (out.empty() ? "" : "\n") + (pass == "vjp" ? print_func(cx, r) : print_module(cx, r));
  }
  return Result<std::string>::of(out);
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (auto& dir : fs::directory_iterator(fs::path(ROSE_SOURCE_DIR) / "core/tests/golden"))
    if (dir.is_directory())
      for (auto& f : fs::directory_iterator(dir.path()))
        if (f.path().extension() == ".ir") out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

class Golden : public ::testing::TestWithParam<fs::path> {};

TEST_P(Golden, PrintedIrMatchesTheExpectedFile) {
  fs::path in = GetParam();
  std::string pass = in.parent_path().filename().string();
  Context cx;
  auto p = parse_module(cx, read(in));
  ASSERT_TRUE(p.ok()) << in << ": " << p.error;
  if (pass == "parse") {  // print ∘ parse ∘ print is the identity
    std::string once = print_module(cx, p.value.last());
    Context cx2;
    auto again = parse_module(cx2, once);
    ASSERT_TRUE(again.ok()) << again.error;
    EXPECT_EQ(print_module(cx2, again.value.last()), once);
  }
  auto r = run_pass(cx, pass, p.value.last());
  ASSERT_TRUE(r.ok()) << in << ": " << r.error;
  fs::path exp = in;
  exp.replace_extension(".expected");
  if (std::getenv("ROSE_REGEN_GOLDEN")) {
    std::ofstream(exp) << r.value;
    return;
  }
  ASSERT_TRUE(fs::exists(exp)) << exp << " is missing: run scripts/regen-golden.sh";
  EXPECT_EQ(r.value, read(exp)) << "printed IR of " << in << " changed; if intended, run scripts/regen-golden.sh";
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(cases()), [](const ::testing::TestParamInfo<fs::path>& i) {
  std::string n = i.param.parent_path().filename().string() + "_" + i.param.stem().string();
  for (char& c : n)
    if (!std::isalnum((unsigned char)c)) c = '_';
  return n;
});

}  // namespace
}  // namespace rose
