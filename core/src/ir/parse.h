// Reads the text that print.cpp writes: a module of functions, opaque
// declarations and `jvp @f = @g` lines. Functions are built through the
// Builder, so parsed text is checked exactly like traced code.
#pragma once
#include <string>
#include <vector>

#include "util/vec.h"
#include "ir/context.h"

namespace rose {

struct Parsed {
  Vec<FuncId> funcs;  // in text order; each holds one reference
  Vec<std::string> names;
  FuncId find(const std::string& name) const;
  FuncId last() const { return funcs.empty() ? FuncId() : funcs.back(); }
};

// On error nothing is left in the Context: functions parsed so far are released.
// Opaque functions get host payload numbers 0, 1, 2, ... in text order.
Result<Parsed> parse_module(Context& cx, const std::string& text);

}  // namespace rose
