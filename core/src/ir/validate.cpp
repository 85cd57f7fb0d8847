#include "util/vec.h"
#include "ir/validate.h"

#include "ir/print.h"
#include "ir/typing.h"

namespace rose {

namespace {

enum : uint8_t { kNotAccum, kOpen, kResolved };

struct Validator {
  Context& cx;
  const Func& f;
  std::string where;
  Vec<std::string> out;
  Vec<uint8_t> defined, in_scope, acc;
  Vec<uint32_t> root;
  Vec<uint32_t> block_users;
  Vec<uint32_t> owner;  // the block that defined each variable

  void problem(const Vec<Instr>* code, size_t at, const std::string& msg) {
    std::string s = where + msg;
    if (code) {
      s += "\n  at: " + instr_str(cx, f, (*code)[at]) + "\n  window:";
      size_t lo = at >= 2 ? at - 2 : 0, hi = at + 3 < code->size() ? at + 3 : code->size();
      for (size_t k = lo; k < hi; k++) s += std::string("\n  ") + (k == at ? "> " : "  ") + instr_str(cx, f, (*code)[k]);
    }
    out.push_back(s);
  }

  bool check_use(VarId v, const Vec<Instr>& code, size_t at, const char* what) {
    if (v.i >= f.vars.size() || !defined[v.i]) {
      problem(&code, at, std::string(what) + " v" + std::to_string(v.i) + " is not defined");
      return false;
    }
    if (!in_scope[v.i]) {
      problem(&code, at, std::string(what) + " v" + std::to_string(v.i) + " is out of scope");
      return false;
    }
    if (root[v.i] != UINT32_MAX && acc[root[v.i]] == kResolved) {
      problem(&code, at, std::string(what) + " v" + std::to_string(v.i) + " is used after its accum was resolved");
      return false;
    }
    return true;
  }

  void define(VarId v, const Vec<Instr>* code, size_t at) {
    if (v.i >= f.vars.size()) {
      problem(code, at, "defines v" + std::to_string(v.i) + ", which has no type");
      return;
    }
    if (defined[v.i]) problem(code, at, "v" + std::to_string(v.i) + " is defined twice");
    defined[v.i] = 1;
    in_scope[v.i] = 1;
  }

  void block(uint32_t b, Vec<uint32_t>& scope) {
    const Vec<Instr>& code = f.blocks[b].code;
    for (size_t at = 0; at < code.size(); at++) {
      const Instr& in = code[at];
      bool ok = true;
      for_each_operand(f, in, [&](VarId v) { ok = check_use(v, code, at, "operand") && ok; });
      if (in.op == Op::Call && !cx.alive(FuncId(in.b))) {
        problem(&code, at, "calls a function that was freed");
        ok = false;
      }
      if (in.op == Op::For) {
        if (in.a == 0 || in.a >= f.blocks.size()) {
          problem(&code, at, "for refers to block " + std::to_string(in.a) + ", which does not exist");
          define(in.var, &code, at);
          continue;
        }
        if (block_users[in.a]++) problem(&code, at, "block " + std::to_string(in.a) + " is the body of two loops");
        const Block& body = f.blocks[in.a];
        Vec<uint32_t> inner;
        define(body.arg, &code, at);
        inner.push_back(body.arg.i);
        block(in.a, inner);
        ok = check_use(body.ret, code, at, "loop result") && ok;
        for (uint32_t v : inner) in_scope[v] = 0;
      }
      if (in.op == Op::Resolve && in.a < f.vars.size()) {
        if (acc[in.a] != kOpen || !in_scope[in.a] || owner[in.a] != b) {
          problem(&code, at, "resolve of v" + std::to_string(in.a) + ", which is not an open accum of this block");
          ok = false;
        }
      }
      if (ok && in.var.i < f.vars.size()) {
        std::string err;
        TyId t = type_instr(cx, f, in, f.vars[in.var.i], err);
        if (!t.valid()) problem(&code, at, err);
      }
      define(in.var, &code, at);
      if (in.var.i < f.vars.size()) {
        scope.push_back(in.var.i);
        owner[in.var.i] = b;
        switch (in.op) {
          case Op::Accum: root[in.var.i] = in.var.i; acc[in.var.i] = kOpen; break;
          case Op::Slice: case Op::Field:
            if (in.a < f.vars.size()) root[in.var.i] = root[in.a];
            break;
          case Op::Resolve:
            if (in.a < f.vars.size()) acc[in.a] = kResolved;
            break;
          default: break;
        }
      }
    }
  }

  void run() {
    size_t n = f.vars.size();
    defined.assign(n, 0);
    in_scope.assign(n, 0);
    acc.assign(n, kNotAccum);
    root.assign(n, UINT32_MAX);
    owner.assign(n, 0);
    for (TyId t : f.vars)
      if (!cx.types.valid(t)) {
        problem(nullptr, 0, "a variable has an invalid type");
        return;
      }
    if (f.params.size() != f.param_tys.size()) problem(nullptr, 0, "parameter list and signature differ in length");
    Vec<uint32_t> scope;
    for (size_t k = 0; k < f.params.size(); k++) {
      VarId p = f.params[k];
      define(p, nullptr, 0);
      if (p.i >= n) continue;
      scope.push_back(p.i);
      if (k < f.param_tys.size() && f.vars[p.i] != f.param_tys[k])
        problem(nullptr, 0, "parameter " + std::to_string(k) + " has type " + type_str(cx, f.vars[p.i]) +
                                ", signature says " + type_str(cx, f.param_tys[k]));
      if (cx.types.kind(f.vars[p.i]) == Kind::Ref) root[p.i] = p.i;
    }
    if (f.blocks.empty()) {
      problem(nullptr, 0, "function has no body");
      return;
    }
    block_users.assign(f.blocks.size(), 0);
    block(0, scope);
    for (size_t b = 1; b < f.blocks.size(); b++)
      if (!block_users[b]) problem(nullptr, 0, "block " + std::to_string(b) + " is not the body of any loop");
    if (f.ret.i >= n || !defined[f.ret.i] || !in_scope[f.ret.i])
      problem(nullptr, 0, "the result v" + std::to_string(f.ret.i) + " is not defined in the body");
    else if (f.vars[f.ret.i] != f.ret_ty)
      problem(nullptr, 0, "the result has type " + type_str(cx, f.vars[f.ret.i]) + ", signature says " +
                              type_str(cx, f.ret_ty));
    else if (!cx.types.is_value(f.ret_ty))
      problem(nullptr, 0, "a function cannot return a reference");
  }
};

}  // namespace

Vec<std::string> validate(Context& cx, FuncId id, const std::string& after) {
  if (!cx.alive(id)) return {"function was freed"};
  const Func& f = cx.func(id);
  if (f.opaque) return {};
  Validator v{cx, f};
  v.where = (after.empty() ? "" : "after " + after + ": ") + "in @" + cx.name(id) + ": ";
  v.run();
  return v.out;
}

Vec<std::string> validate_all(Context& cx, FuncId root, const std::string& after) {
  Vec<std::string> out;
  Vec<FuncId> work{root};
  Vec<uint8_t> seen;
  while (!work.empty()) {
    FuncId g = work.back();
    work.pop_back();
    if (g.i >= seen.size()) seen.resize(g.i + 1, 0);
    if (seen[g.i] || !cx.alive(g)) continue;
    seen[g.i] = 1;
    for (std::string& s : validate(cx, g, after)) out.push_back(std::move(s));
    for (FuncId c : callees(cx.func(g))) work.push_back(c);
    if (cx.func(g).custom_jvp.valid()) work.push_back(cx.func(g).custom_jvp);
  }
  return out;
}

}  // namespace rose
