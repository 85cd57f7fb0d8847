// Checks a finished function completely and returns every problem, each with
// the instruction and a window of the IR around it. Tests run it after every
// pass; `after` names the pass in the messages.
#pragma once
#include <string>
#include <vector>

#include "ir/context.h"

namespace rose {

std::vector<std::string> validate(Context& cx, FuncId f, const std::string& after = "");
// Validates f and every function it reaches (callees and custom JVPs).
std::vector<std::string> validate_all(Context& cx, FuncId root, const std::string& after = "");

}  // namespace rose
