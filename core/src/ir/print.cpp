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

// Everything here appends to one output string: building the pieces as
// temporaries and concatenating them costs several times the Wasm.
void put_key(Str& out, const Str& k) {
  bool ident = !k.empty() && !(k[0] >= '0' && k[0] <= '9');
  for (char c : k)
    ident = ident && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '$');
  if (ident) {
    out += k;
    return;
  }
  out += '"';
  for (char c : k) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

Str key_str(const Str& k) {
  Str out;
  put_key(out, k);
  return out;
}

Str constraint_str(uint8_t c) {
  if (c == (kValue | kIndex)) return "value+index";
  if (c == kValue) return "value";
  if (c == kIndex) return "index";
  return "any";
}

void put_type(Str& out, const Context& cx, TyId t) {
  const Types& T = cx.types;
  if (!T.valid(t)) {
    out += "<invalid type>";
    return;
  }
  static const char* const kNames[] = {"unit", "bool", "real", "tan"};
  switch (T.kind(t)) {
    case Kind::Unit: case Kind::Bool: case Kind::Real: case Kind::Tan: out += kNames[int(T.kind(t))]; return;
    case Kind::Fin: put_dec(out, T.fin_size(t)); return;
    case Kind::Generic: out += 'G', put_dec(out, T.get(t).a); return;
    case Kind::Ref: out += '&', put_type(out, cx, T.inner(t)); return;
    case Kind::Array:
      out += '[', put_type(out, cx, T.index_of(t)), out += ']';
      put_type(out, cx, T.elem(t));
      return;
    case Kind::Tuple: {
      bool keys = T.has_keys(t);
      out += keys ? '{' : '(';
      for (uint32_t i = 0; i < T.member_count(t); i++) {
        if (i) out += ", ";
        if (keys) put_key(out, cx.strings.get(T.key(t, i))), out += ": ";
        put_type(out, cx, T.member(t, i));
      }
      out += keys ? '}' : ')';
      return;
    }
  }
}

Str type_str(const Context& cx, TyId t) {
  Str out;
  put_type(out, cx, t);
  return out;
}

void put_hex(Str& s, double x) {
  if (std::isnan(x)) {
    s += "nan";
    return;
  }
  if (std::isinf(x)) {
    s += x < 0 ? "-inf" : "inf";
    return;
  }
  uint64_t bits;
  std::memcpy(&bits, &x, 8);
  s += (bits >> 63) ? "-0x" : "0x";
  int exp = int((bits >> 52) & 0x7ff);
  uint64_t man = bits & ((uint64_t(1) << 52) - 1);
  s += exp == 0 ? "0." : "1.";
  const char* hex = "0123456789abcdef";
  for (int i = 13; i > 0; i--) s += hex[(man >> ((i - 1) * 4)) & 15];  // 52 bits
  int e = exp == 0 ? (man ? -1022 : 0) : exp - 1023;
  s += e < 0 ? "p-" : "p+";
  put_dec(s, uint32_t(e < 0 ? -e : e));
}

Str hex_str(double x) {
  Str s;
  put_hex(s, x);
  return s;
}

#ifdef ROSE_HEX_FLOATS
void put_num(Str& out, double x) { put_hex(out, x); }
Str num_str(double x) { return hex_str(x); }
#else
void put_num(Str& out, double x) { out += num_str(x); }
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
  const Func* f;  // the function being printed
  const Vec<Str>* names = nullptr;  // display names by FuncId, if disambiguated
  Vec<uint32_t> num;  // text number per var id
  uint32_t next = 0;
  Str out;

  Printer& operator<<(const char* s) { return out += s, *this; }
  Printer& operator<<(const Str& s) { return out += s, *this; }
  Printer& operator<<(TyId t) { return put_type(out, cx, t), *this; }
  Printer& operator<<(VarId x) {
    if (x.i >= num.size()) return *this << "v?";
    if (num[x.i] == UINT32_MAX) num[x.i] = next++;
    return out += 'v', put_dec(out, num[x.i]), *this;
  }
  Printer& operator<<(FuncId g) {
    out += '@';
    if (names && g.i < names->size() && !(*names)[g.i].empty()) put_key(out, (*names)[g.i]);
    else put_key(out, cx.alive(g) ? cx.name(g) : "<freed>");
    return *this;
  }

  void member_name(VarId tuple, uint32_t k, bool ref) {
    TyId t = f->vars[tuple.i];
    if (ref && cx.types.kind(t) == Kind::Ref) t = cx.types.inner(t);
    if (cx.types.kind(t) == Kind::Tuple && cx.types.has_keys(t) && k < cx.types.member_count(t))
      put_key(out, cx.strings.get(cx.types.key(t, k)));
    else
      put_dec(out, k);
  }

  void rhs(const Instr& in) {
    switch (in.op) {
      case Op::Unit: *this << "unit"; return;
      case Op::Bool: *this << (in.a ? "true" : "false"); return;
      case Op::Real: put_num(out, in.real()); return;
      case Op::Fin: put_dec(out, in.a); return;
      case Op::Zero: *this << "zero"; return;
      default: break;
    }
    *this << op_name(in.op);
    if (in.op == Op::Member || in.op == Op::Field) {
      *this << " " << VarId(in.a) << " ";
      member_name(VarId(in.a), in.b, in.op == Op::Field);
      return;
    }
    if (in.op == Op::Call) {
      *this << " " << FuncId(in.b);
      uint32_t ng = f->call_ngen(in);
      for (uint32_t k = 0; k < ng; k++) *this << (k ? ", " : "<") << f->call_gen(in, k);
      if (ng) *this << ">";
    }
    for_each_operand(*f, in, [&](VarId x) { *this << " " << x; });
  }

  Printer& indent(int depth) {
    while (depth-- > 0) out += "  ";
    return *this;
  }

  void block(uint32_t b, int depth) {
    for (const Instr& in : f->blocks[b].code) {
      indent(depth) << in.var << ": " << f->vars[in.var.i] << " = ";
      if (in.op == Op::For) {
        const Block& body = f->blocks[in.a];
        *this << "for " << body.arg << ": " << f->vars[body.arg.i] << " {\n";
        block(in.a, depth + 1);
        indent(depth + 1) << "ret " << body.ret << "\n";
        indent(depth) << "}\n";
        continue;
      }
      rhs(in);
      *this << "\n";
    }
  }

  void header(FuncId id, bool with_body) {
    *this << (f->opaque ? "opaque fn " : "fn ") << id;
    for (size_t i = 0; i < f->generics.size(); i++)
      *this << (i ? ", G" : "<G") << dec(i) << ": " << constraint_str(f->generics[i]);
    if (!f->generics.empty()) *this << ">";
    *this << "(";
    for (size_t i = 0; i < f->param_tys.size(); i++) {
      if (i) *this << ", ";
      if (with_body) *this << f->params[i] << ": ";
      *this << f->param_tys[i];
    }
    *this << ") -> " << f->ret_ty;
  }

  // Appends function id, its variables numbered from 0.
  void run(FuncId id) {
    f = &cx.func(id);
    next = 0;
    num.assign(f->vars.size(), UINT32_MAX);
    header(id, !f->opaque);
    if (f->opaque) {
      *this << "\n";
      return;
    }
    *this << " {\n";
    block(0, 1);
    *this << "  ret " << f->ret << "\n}\n";
  }
};

}  // namespace

Str instr_str(const Context& cx, const Func& f, const Instr& in) {
  Printer p{cx, &f};
  p.num.resize(f.vars.size());
  for (uint32_t i = 0; i < p.num.size(); i++) p.num[i] = i;
  p << in.var << ": ";
  if (in.var.i < f.vars.size()) p << f.vars[in.var.i];
  else p << "?";
  p << " = ";
  if (in.op == Op::For) {
    const Block& b = f.blocks[in.a];
    p << "for " << b.arg << " { ... ret " << b.ret << " }";
  } else {
    p.rhs(in);
  }
  return p.out;
}

Str print_func(const Context& cx, FuncId id) {
  Printer p{cx, nullptr};
  p.run(id);
  return p.out;
}

Str print_module(const Context& cx, FuncId root) {
  uint32_t ids;
  Vec<FuncId> order = reachable(cx, root, true, &ids);
  // Distinct functions may share a name; give later ones a numbered suffix.
  Vec<Str> names(ids);
  for (uint32_t k = 0; k < order.size(); k++) {
    Str base = cx.name(order[k]), n = base;
    auto taken = [&] {
      for (uint32_t j = 0; j < k; j++)
        if (names[order[j].i] == n) return true;
      return false;
    };
    for (uint32_t s = 2; taken(); s++) n = base, n += '_', put_dec(n, s);
    names[order[k].i] = n;
  }
  Printer p{cx, nullptr, &names};
  for (uint32_t k = 0; k < order.size(); k++) {
    if (k) p.out += "\n";
    p.run(order[k]);
  }
  Str& out = p.out;
  for (FuncId g : order) {
    FuncId h = cx.func(g).custom_jvp;
    if (!h.valid() || !cx.alive(h)) continue;
    out += "\njvp @", put_key(out, names[g.i]);
    out += " = @", put_key(out, names[h.i]), out += '\n';
  }
  return out;
}

}  // namespace rose
