#include "util/vec.h"
#include "util/fmt.h"
#include "ir/print.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#ifndef ROSE_HEX_FLOATS
#include <cstdio>
#include "util/str.h"
#endif

namespace rose {

Str key_str(const Str& k) {
  bool ident = !k.empty() && !(k[0] >= '0' && k[0] <= '9');
  for (char c : k)
    ident = ident && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '$');
  if (ident) return k;
  Str out = "\"";
  for (char c : k) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Str constraint_str(uint8_t c) {
  if (c == (kValue | kIndex)) return "value+index";
  if (c == kValue) return "value";
  if (c == kIndex) return "index";
  return "any";
}

Str type_str(const Context& cx, TyId t) {
  const Types& T = cx.types;
  if (!T.valid(t)) return "<invalid type>";
  switch (T.kind(t)) {
    case Kind::Unit: return "unit";
    case Kind::Bool: return "bool";
    case Kind::Real: return "real";
    case Kind::Tan: return "tan";
    case Kind::Fin: return dec(T.fin_size(t));
    case Kind::Generic: return "G" + dec(T.get(t).a);
    case Kind::Ref: return "&" + type_str(cx, T.inner(t));
    case Kind::Array: return "[" + type_str(cx, T.index_of(t)) + "]" + type_str(cx, T.elem(t));
    case Kind::Tuple: {
      bool keys = T.has_keys(t);
      Str s = keys ? "{" : "(";
      for (uint32_t i = 0; i < T.member_count(t); i++) {
        if (i) s += ", ";
        if (keys) s += key_str(cx.strings.get(T.key(t, i))) + ": ";
        s += type_str(cx, T.member(t, i));
      }
      return s + (keys ? "}" : ")");
    }
  }
  return "?";
}

#ifdef ROSE_HEX_FLOATS
Str num_str(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  uint64_t bits;
  std::memcpy(&bits, &x, 8);
  Str s = (bits >> 63) ? "-0x" : "0x";
  int exp = int((bits >> 52) & 0x7ff);
  uint64_t man = bits & ((uint64_t(1) << 52) - 1);
  s += exp == 0 ? "0." : "1.";
  const char* hex = "0123456789abcdef";
  for (int i = 12; i > 0; i--) s += hex[(man >> ((i - 1) * 4)) & 15];
  int e = exp == 0 ? (man ? -1022 : 0) : exp - 1023;
  s += e < 0 ? "p-" : "p+";
  return s + dec(uint32_t(e < 0 ? -e : e));
}
#else
Str num_str(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  if (x == 0) return std::signbit(x) ? "-0" : "0";
  // Shortest digits that read back exactly, then ECMAScript's Number::toString layout.
  char buf[40];
  int prec = 1;
  for (; prec <= 17; prec++) {
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  Str sign = x < 0 ? "-" : "";
  const char* p = buf + (x < 0);
  Str digits;
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits += *p;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int n = std::atoi(p + 1) + 1;  // decimal point position
  int k = int(digits.size());
  if (k <= n && n <= 21) return sign + digits + Str(n - k, '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return sign + "0." + Str(-n, '0') + digits;
  Str e = (n - 1 < 0 ? "e-" : "e+") + dec(uint32_t(std::abs(n - 1)));
  return sign + digits.substr(0, 1) + (k > 1 ? "." + digits.substr(1) : "") + e;
}
#endif

namespace {

struct Printer {
  const Context& cx;
  const Func& f;
  const Vec<Str>* names = nullptr;  // display names by FuncId, if disambiguated
  Vec<uint32_t> num;  // text number per var id
  uint32_t next = 0;
  Str out;

  Str v(VarId x) {
    if (x.i >= num.size()) return "v?";
    if (num[x.i] == UINT32_MAX) num[x.i] = next++;
    return "v" + dec(num[x.i]);
  }
  Str ty(TyId t) { return type_str(cx, t); }
  Str fname(FuncId g) {
    if (names && g.i < names->size() && !(*names)[g.i].empty()) return "@" + key_str((*names)[g.i]);
    return "@" + key_str(cx.alive(g) ? cx.name(g) : "<freed>");
  }

  Str member_name(VarId tuple, uint32_t k, bool ref) {
    TyId t = f.vars[tuple.i];
    if (ref && cx.types.kind(t) == Kind::Ref) t = cx.types.inner(t);
    if (cx.types.kind(t) == Kind::Tuple && cx.types.has_keys(t) && k < cx.types.member_count(t))
      return key_str(cx.strings.get(cx.types.key(t, k)));
    return dec(k);
  }

  Str rhs(const Instr& in) {
    Str s = op_name(in.op);
    switch (in.op) {
      case Op::Unit: return "unit";
      case Op::Bool: return in.a ? "true" : "false";
      case Op::Real: return num_str(in.real());
      case Op::Fin: return dec(in.a);
      case Op::Zero: return "zero";
      case Op::Member: case Op::Field:
        return s + " " + v(VarId(in.a)) + " " + member_name(VarId(in.a), in.b, in.op == Op::Field);
      case Op::Call: {
        s += " " + fname(FuncId(in.b));
        uint32_t ng = f.call_ngen(in);
        if (ng) {
          s += "<";
          for (uint32_t k = 0; k < ng; k++) s += (k ? ", " : "") + ty(f.call_gen(in, k));
          s += ">";
        }
        break;
      }
      default: break;
    }
    for_each_operand(f, in, [&](VarId x) { s += " " + v(x); });
    return s;
  }

  void block(uint32_t b, int depth) {
    Str pad(size_t(depth) * 2, ' ');
    for (const Instr& in : f.blocks[b].code) {
      if (in.op == Op::For) {
        const Block& body = f.blocks[in.a];
        Str lhs = v(in.var);
        out += pad + lhs + ": " + ty(f.vars[in.var.i]) + " = for " + v(body.arg) + ": " + ty(f.vars[body.arg.i]) +
               " {\n";
        block(in.a, depth + 1);
        out += pad + "  ret " + v(body.ret) + "\n" + pad + "}\n";
        continue;
      }
      Str lhs = v(in.var);
      out += pad + lhs + ": " + ty(f.vars[in.var.i]) + " = " + rhs(in) + "\n";
    }
  }

  void header(bool with_body) {
    out += (f.opaque ? "opaque fn " : "fn ") + fname_self();
    if (!f.generics.empty()) {
      out += "<";
      for (size_t i = 0; i < f.generics.size(); i++)
        out += (i ? ", G" : "G") + dec(i) + ": " + constraint_str(f.generics[i]);
      out += ">";
    }
    out += "(";
    for (size_t i = 0; i < f.param_tys.size(); i++) {
      if (i) out += ", ";
      if (with_body) out += v(f.params[i]) + ": ";
      out += ty(f.param_tys[i]);
    }
    out += ") -> " + ty(f.ret_ty);
  }
  Str self_name;
  Str fname_self() { return "@" + key_str(self_name); }

  void run() {
    num.assign(f.vars.size(), UINT32_MAX);
    if (f.opaque) {
      header(false);
      out += "\n";
      return;
    }
    header(true);
    out += " {\n";
    block(0, 1);
    out += "  ret " + v(f.ret) + "\n}\n";
  }
};

}  // namespace

Str instr_str(const Context& cx, const Func& f, const Instr& in) {
  Printer p{cx, f};
  p.num.resize(f.vars.size());
  for (uint32_t i = 0; i < p.num.size(); i++) p.num[i] = i;
  Str s = p.v(in.var) + ": " + (in.var.i < f.vars.size() ? type_str(cx, f.vars[in.var.i]) : "?") + " = ";
  if (in.op == Op::For) {
    const Block& b = f.blocks[in.a];
    return s + "for " + p.v(b.arg) + " { ... ret " + p.v(b.ret) + " }";
  }
  return s + p.rhs(in);
}

namespace {
Str print_named(const Context& cx, FuncId id, const Vec<Str>* names) {
  Printer p{cx, cx.func(id)};
  p.names = names;
  p.self_name = names ? (*names)[id.i] : cx.name(id);
  p.run();
  return p.out;
}
}  // namespace

Str print_func(const Context& cx, FuncId id) { return print_named(cx, id, nullptr); }

Str print_module(const Context& cx, FuncId root) {
  Vec<FuncId> order, jvps;
  Vec<uint8_t> seen;
  Vec<std::pair<FuncId, bool>> stack;
  stack.push_back(std::make_pair(root, false));
  // Iterative post-order DFS over callees and custom JVPs.
  while (!stack.empty()) {
    auto [g, done] = stack.back();
    stack.pop_back();
    if (g.i >= seen.size()) seen.resize(g.i + 1, 0);
    if (done) {
      order.push_back(g);
      FuncId h = cx.func(g).custom_jvp;
      if (h.valid() && cx.alive(h)) {
        jvps.push_back(g);
        if (h.i >= seen.size() || !seen[h.i]) stack.push_back(std::make_pair(h, false));
      }
      continue;
    }
    if (seen[g.i]) continue;
    seen[g.i] = 1;
    stack.push_back(std::make_pair(g, true));
    Vec<FuncId> cs = callees(cx.func(g));
    for (uint32_t k = cs.size(); k-- > 0;)
      if (cs[k].i >= seen.size() || !seen[cs[k].i]) stack.push_back(std::make_pair(cs[k], false));
  }
  // Distinct functions may share a name; give later ones a numbered suffix.
  Vec<Str> names(seen.size());
  Vec<Str> used;
  for (FuncId g : order) {
    Str base = cx.name(g), n = base;
    for (int k = 2; std::find(used.begin(), used.end(), n) != used.end(); k++) n = base + "_" + dec(k);
    used.push_back(n);
    names[g.i] = n;
  }
  Str out;
  for (FuncId g : order) {
    if (!out.empty()) out += "\n";
    out += print_named(cx, g, &names);
  }
  for (FuncId g : jvps)
    out += "\njvp @" + key_str(names[g.i]) + " = @" + key_str(names[cx.func(g).custom_jvp.i]) + "\n";
  return out;
}

}  // namespace rose
