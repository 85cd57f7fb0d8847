// The reference interpreter: the semantics every other backend is tested against.
#pragma once
#include <string>
#include <vector>

#include "interp/value.h"
#include "ir/scalar.h"

namespace rose {

// Opaque functions call back into the host; arguments and result are scalars
// as doubles (bools 0/1, fins as integers). Return false and set `err` to fail.
class Host {
 public:
  virtual ~Host() = default;
  virtual bool call(uint32_t host, const double* args, uint32_t n, double& out, std::string& err) = 0;
};

// Runs `f` on `args` (checked against its signature first). Errors name the
// parameter, or the instruction that failed at run time.
Result<Val> interp(Context& cx, FuncId f, const std::vector<Val>& args, Host* host);


}  // namespace rose
