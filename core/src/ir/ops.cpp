#include "ir/ir.h"

namespace rose {

namespace {
const char* const kNames[] = {
#define OP(name, text, form, rule) text,
#include "ir/ops.def"
#undef OP
};
const Rule kRules[] = {
#define OP(name, text, form, rule) Rule::rule,
#include "ir/ops.def"
#undef OP
};
}  // namespace

const char* op_name(Op op) { return kNames[int(op)]; }
Rule op_rule(Op op) { return kRules[int(op)]; }

}  // namespace rose
