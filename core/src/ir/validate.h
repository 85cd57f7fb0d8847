// Checks a finished function completely and returns every problem, each with
// the instruction and a window of the IR around it. Tests run it after every
// pass; `after` names the pass in the messages.
#pragma once
#include <string>
#include <vector>

#include "util/vec.h"
#include "ir/context.h"

namespace rose {

Vec<std::string> validate(Context& cx, FuncId f, const std::string& after = "");
// Validates f and every function it reaches (callees and custom JVPs).
Vec<std::string> validate_all(Context& cx, FuncId root, const std::string& after = "");

}  // namespace rose
