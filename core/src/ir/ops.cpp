#include "ir/ir.h"

namespace rose {

namespace {
const char* const kNames[] = {
#define OP(name, text, form, rule) text,
#include "ir/ops.def"
#undef OP
};
const Form kForms[] = {
#define OP(name, text, form, rule) Form::form,
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
Form op_form(Op op) { return kForms[int(op)]; }
Rule op_rule(Op op) { return kRules[int(op)]; }

void for_each_operand_fn(const Func& f, const Instr& in, void (*fn)(void*, VarId), void* c) {
  switch (op_form(in.op)) {
    case Form::Lit: return;
    case Form::List:
      for (uint32_t k = 0; k < in.b; k++) fn(c, f.list_item(in, k));
      return;
    case Form::Pair: fn(c, VarId(in.a)); fn(c, VarId(in.b)); return;
    case Form::VarImm: case Form::Unary: fn(c, VarId(in.a)); return;
    case Form::Select: fn(c, VarId(in.a)); fn(c, f.select_then(in)); fn(c, f.select_else(in)); return;
    case Form::Call:
      for (uint32_t k = 0, n = f.call_nargs(in); k < n; k++) fn(c, f.call_arg(in, k));
      return;
    case Form::For: return;
  }
}

}  // namespace rose
