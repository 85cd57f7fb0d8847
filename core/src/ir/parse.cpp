#include "util/vec.h"
#include "ir/parse.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

#include "ir/builder.h"
#include "ir/print.h"

namespace rose {

FuncId Parsed::find(const std::string& name) const {
  for (size_t i = 0; i < names.size(); i++)
    if (names[i] == name) return funcs[i];
  return FuncId();
}

namespace {

struct Tok {
  enum Kind { Ident, Num, Str, Punct, End } kind;
  std::string text;
  int line, col;
};

Vec<Tok> lex(const std::string& s, std::string& err) {
  Vec<Tok> out;
  int line = 1, col = 1;
  size_t i = 0;
  auto adv = [&](size_t n) {
    for (size_t k = 0; k < n; k++, i++) {
      if (s[i] == '\n') line++, col = 1;
      else col++;
    }
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      adv(1);
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') adv(1);
      continue;
    }
    int l = line, cl = col;
    if (std::isalpha((unsigned char)c) || c == '_' || c == '$') {
      size_t j = i;
      while (j < s.size() && (std::isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$')) j++;
      out.push_back({Tok::Ident, s.substr(i, j - i), l, cl});
      adv(j - i);
    } else if (std::isdigit((unsigned char)c) || ((c == '-' || c == '+') && i + 1 < s.size() &&
                                                  (std::isdigit((unsigned char)s[i + 1]) || s[i + 1] == 'i' ||
                                                   s[i + 1] == 'n'))) {
      size_t j = i + 1;
      while (j < s.size() && (std::isalnum((unsigned char)s[j]) || s[j] == '.' ||
                              ((s[j] == '-' || s[j] == '+') && (s[j - 1] == 'e' || s[j - 1] == 'p'))))
        j++;
      out.push_back({Tok::Num, s.substr(i, j - i), l, cl});
      adv(j - i);
    } else if (c == '"') {
      std::string v;
      size_t j = i + 1;
      while (j < s.size() && s[j] != '"') {
        if (s[j] == '\\' && j + 1 < s.size()) j++;
        v += s[j++];
      }
      if (j >= s.size()) {
        err = "line " + std::to_string(l) + ": unterminated string";
        return {};
      }
      out.push_back({Tok::Str, v, l, cl});
      adv(j + 1 - i);
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '>') {
      out.push_back({Tok::Punct, "->", l, cl});
      adv(2);
    } else if (std::strchr("@:=(){}[]<>,&+", c)) {
      out.push_back({Tok::Punct, std::string(1, c), l, cl});
      adv(1);
    } else {
      err = "line " + std::to_string(l) + ", column " + std::to_string(cl) + ": unexpected character '" +
            std::string(1, c) + "'";
      return {};
    }
  }
  out.push_back({Tok::End, "", line, col});
  return out;
}

bool parse_number(const std::string& t, double& x) {
  if (t == "inf" || t == "+inf") return x = INFINITY, true;
  if (t == "-inf") return x = -INFINITY, true;
  if (t == "nan") return x = NAN, true;
  char* end = nullptr;
  x = std::strtod(t.c_str(), &end);
  return end && *end == 0;
}

struct Parser {
  Context& cx;
  Vec<Tok> toks;
  size_t p = 0;
  std::string err;
  Parsed out;
  std::map<std::string, Op> ops;

  const Tok& peek(size_t k = 0) { return toks[std::min<size_t>(p + k, toks.size() - 1)]; }
  bool fail(const std::string& m) {
    if (err.empty()) {
      const Tok& t = peek();
      err = "line " + std::to_string(t.line) + ", column " + std::to_string(t.col) + ": " + m;
    }
    return false;
  }
  bool is(const char* s) { return peek().kind != Tok::End && peek().kind != Tok::Str && peek().text == s; }
  bool eat(const char* s) {
    if (!is(s)) return false;
    p++;
    return true;
  }
  bool expect(const char* s) { return eat(s) || fail(std::string("expected '") + s + "'"); }

  bool name(std::string& n) {
    if (peek().kind == Tok::Ident || peek().kind == Tok::Str) {
      n = toks[p++].text;
      return true;
    }
    return fail("expected a name");
  }
  bool func_ref(FuncId& g) {
    std::string n;
    if (!expect("@") || !name(n)) return false;
    g = out.find(n);
    if (!g.valid()) return fail("unknown function @" + n);
    return true;
  }

  bool type(TyId& t) {
    Types& T = cx.types;
    const Tok& k = peek();
    if (k.kind == Tok::Num) {
      char* end = nullptr;
      unsigned long n = std::strtoul(k.text.c_str(), &end, 10);
      if (*end || n > UINT32_MAX) return fail("bad fin size " + k.text);
      p++;
      t = T.fin(uint32_t(n));
      return true;
    }
    if (eat("&")) {
      TyId in;
      if (!type(in)) return false;
      t = T.ref(in);
      return true;
    }
    if (eat("[")) {
      TyId idx, el;
      if (!type(idx) || !expect("]") || !type(el)) return false;
      t = T.array(idx, el);
      return true;
    }
    if (eat("(")) {
      Vec<TyId> ms;
      while (!is(")")) {
        TyId m;
        if (!type(m)) return false;
        ms.push_back(m);
        if (!eat(",")) break;
      }
      if (!expect(")")) return false;
      t = T.tuple(ms.data(), uint32_t(ms.size()));
      return true;
    }
    if (eat("{")) {
      Vec<TyId> ms;
      Vec<StrId> ks;
      while (!is("}")) {
        std::string key;
        TyId m;
        if (!name(key) || !expect(":") || !type(m)) return false;
        ks.push_back(cx.strings.intern(key));
        ms.push_back(m);
        if (!eat(",")) break;
      }
      if (!expect("}")) return false;
      t = T.record(ms.data(), ks.data(), uint32_t(ms.size()), cx.strings);
      if (!t.valid()) return fail("struct keys must be sorted and distinct");
      return true;
    }
    if (k.kind != Tok::Ident) return fail("expected a type");
    std::string s = k.text;
    p++;
    if (s == "unit") t = T.unit();
    else if (s == "bool") t = T.boolean();
    else if (s == "real") t = T.real();
    else if (s == "tan") t = T.tan();
    else if (s.size() > 1 && s[0] == 'G' && std::isdigit((unsigned char)s[1])) t = T.generic(uint32_t(std::atoi(s.c_str() + 1)));
    else return p--, fail("unknown type " + s);
    return true;
  }

  bool generics(Vec<uint8_t>& gs) {
    if (!eat("<")) return true;
    while (!is(">")) {
      std::string g, c;
      if (!name(g) || g != "G" + std::to_string(gs.size())) return fail("generics must be named G0, G1, ... in order");
      if (!expect(":") || !name(c)) return false;
      uint8_t k = c == "index" ? kIndex : c == "value" ? kValue : c == "any" ? 0 : 255;
      if (k == 255) return fail("unknown constraint " + c);
      if (k == kValue && eat("+")) {
        std::string c2;
        if (!name(c2) || c2 != "index") return fail("expected 'index'");
        k |= kIndex;
      }
      gs.push_back(k);
      if (!eat(",")) break;
    }
    return expect(">");
  }

  // ---- functions ----
  struct Scope {
    std::map<std::string, VarId> vars;
    Vec<Vec<std::string>> blocks{{}};  // names defined per open block
    std::map<std::string, int> expired;
  };
  Builder* b = nullptr;
  Scope* sc = nullptr;

  bool var(VarId& v) {
    const Tok& k = peek();
    if (k.kind != Tok::Ident || k.text.size() < 2 || k.text[0] != 'v') return fail("expected a variable");
    auto it = sc->vars.find(k.text);
    if (it == sc->vars.end())
      return fail(sc->expired.count(k.text) ? "variable " + k.text + " is out of scope" : "unknown variable " + k.text);
    v = it->second;
    p++;
    return true;
  }
  bool bind(const std::string& n, VarId v) {
    if (!v.valid()) return fail(b->error());
    if (!sc->vars.emplace(n, v).second || sc->expired.count(n)) return fail("variable " + n + " is defined twice");
    sc->blocks.back().push_back(n);
    return true;
  }
  bool operands_on_line(int line) { return peek().line == line && peek().kind == Tok::Ident && peek().text[0] == 'v'; }

  bool stmt() {
    const Tok& lhs = peek();
    if (lhs.kind != Tok::Ident || lhs.text[0] != 'v') return fail("expected a statement");
    std::string n = lhs.text;
    int line = lhs.line;
    p++;
    TyId want;
    if (!expect(":") || !type(want) || !expect("=")) return false;
    const Tok& k = peek();
    Instr in{VarId(), Op::Unit};
    if (k.kind == Tok::Num || k.text == "inf" || k.text == "nan" || k.text == "true" || k.text == "false" ||
        k.text == "unit" || k.text == "zero") {
      p++;
      if (k.text == "unit") return bind(n, b->emit(in, want));
      if (k.text == "zero") {
        in.op = Op::Zero;
        return bind(n, b->emit(in, want));
      }
      if (k.text == "true" || k.text == "false") {
        in.op = Op::Bool;
        in.a = k.text == "true";
        return bind(n, b->emit(in, want));
      }
      double x;
      if (!parse_number(k.text, x)) return fail("bad number " + k.text);
      if (cx.types.kind(want) == Kind::Fin) {
        if (!(x >= 0 && x <= 4294967295.0 && x == std::floor(x))) return fail("bad fin literal " + k.text);
        in.op = Op::Fin;
        in.a = uint32_t(x);
      } else {
        in.op = Op::Real;
        in.set_real(x);
      }
      return bind(n, b->emit(in, want));
    }
    if (eat("for")) {
      std::string iname = peek().text;
      p++;
      TyId it;
      if (!expect(":") || !type(it) || !expect("{")) return false;
      VarId i = b->begin_for(it);
      sc->blocks.emplace_back();
      if (!bind(iname, i)) return false;
      while (!is("ret")) {
        if (peek().kind == Tok::End) return fail("unterminated for");
        if (!stmt()) return false;
      }
      p++;
      VarId r;
      if (!var(r) || !expect("}")) return false;
      for (const std::string& inner : sc->blocks.back()) {
        sc->vars.erase(inner);
        sc->expired[inner] = 1;
      }
      sc->blocks.pop_back();
      VarId v = b->end_for(r);
      if (v.valid() && b->type(v) != want) return fail("for has type " + type_str(cx, b->type(v)) + ", declared " + type_str(cx, want));
      return bind(n, v);
    }
    std::string opn;
    if (!name(opn)) return false;
    auto o = ops.find(opn);
    if (o == ops.end()) return p--, fail("unknown op " + opn);
    in.op = o->second;
    Vec<VarId> vs;
    switch (op_form(in.op)) {
      case Form::Lit: case Form::For: return fail("unexpected " + opn);
      case Form::List:
        while (operands_on_line(line)) {
          VarId v;
          if (!var(v)) return false;
          vs.push_back(v);
        }
        in.a = uint32_t(b->func().pool.size());
        in.b = uint32_t(vs.size());
        for (VarId v : vs) b->pool_push(v.i);
        break;
      case Form::Pair: {
        VarId x, y;
        if (!var(x) || !var(y)) return false;
        in.a = x.i, in.b = y.i;
        break;
      }
      case Form::Unary: {
        VarId x;
        if (!var(x)) return false;
        in.a = x.i;
        break;
      }
      case Form::VarImm: {
        VarId x;
        if (!var(x)) return false;
        in.a = x.i;
        const Tok& m = peek();
        TyId t = b->type(x);
        if (in.op == Op::Field && cx.types.kind(t) == Kind::Ref) t = cx.types.inner(t);
        if (m.kind == Tok::Num) {
          in.b = uint32_t(std::strtoul(m.text.c_str(), nullptr, 10));
        } else if (cx.types.kind(t) == Kind::Tuple && cx.types.has_keys(t)) {
          uint32_t k = 0, cnt = cx.types.member_count(t);
          while (k < cnt && cx.strings.get(cx.types.key(t, k)) != m.text) k++;
          if (k == cnt) return fail("no member " + m.text + " in " + type_str(cx, t));
          in.b = k;
        } else {
          return fail("expected a member");
        }
        p++;
        break;
      }
      case Form::Select: {
        VarId c, t, e;
        if (!var(c) || !var(t) || !var(e)) return false;
        in.a = c.i;
        in.b = b->pool_push(t.i);
        b->pool_push(e.i);
        break;
      }
      case Form::Call: {
        FuncId g;
        if (!func_ref(g)) return false;
        Vec<TyId> gens;
        if (eat("<")) {
          while (!is(">")) {
            TyId t;
            if (!type(t)) return false;
            gens.push_back(t);
            if (!eat(",")) break;
          }
          if (!expect(">")) return false;
        }
        while (operands_on_line(line)) {
          VarId v;
          if (!var(v)) return false;
          vs.push_back(v);
        }
        in.b = g.i;
        in.a = b->pool_push(uint32_t(gens.size()));
        for (TyId t : gens) b->pool_push(t.i);
        b->pool_push(uint32_t(vs.size()));
        for (VarId v : vs) b->pool_push(v.i);
        break;
      }
    }
    return bind(n, b->emit(in, want));
  }

  bool function(bool is_opaque) {
    std::string fname;
    Vec<uint8_t> gs;
    if (!expect("@") || !name(fname) || !generics(gs) || !expect("(")) return false;
    if (out.find(fname).valid()) return fail("function @" + fname + " is defined twice");
    if (is_opaque) {
      Vec<TyId> ps;
      while (!is(")")) {
        TyId t;
        if (!type(t)) return false;
        ps.push_back(t);
        if (!eat(",")) break;
      }
      TyId r;
      if (!expect(")") || !expect("->") || !type(r)) return false;
      uint32_t host = 0;
      for (FuncId g : out.funcs) host += cx.func(g).opaque;
      Result<FuncId> res = Builder::opaque(cx, fname, ps, r, host);
      if (!res.ok()) return fail(res.error);
      out.funcs.push_back(res.value);
      out.names.push_back(fname);
      return true;
    }
    Builder bld(cx, fname);
    Scope scope;
    b = &bld;
    sc = &scope;
    for (uint8_t g : gs) bld.generic(g);
    while (!is(")")) {
      std::string pn = peek().text;
      p++;
      TyId t;
      if (!expect(":") || !type(t)) return false;
      if (!bind(pn, bld.param(t))) return false;
      if (!eat(",")) break;
    }
    TyId rt;
    if (!expect(")") || !expect("->") || !type(rt) || !expect("{")) return false;
    while (!is("ret")) {
      if (peek().kind == Tok::End) return fail("unterminated function");
      if (!stmt()) return false;
    }
    p++;
    VarId r;
    if (!var(r) || !expect("}")) return false;
    if (bld.type(r) != rt) return fail("result has type " + type_str(cx, bld.type(r)) + ", declared " + type_str(cx, rt));
    Result<FuncId> res = bld.finish(r);
    if (!res.ok()) return fail(res.error);
    out.funcs.push_back(res.value);
    out.names.push_back(fname);
    return true;
  }

  bool module() {
    while (peek().kind != Tok::End) {
      if (eat("fn")) {
        if (!function(false)) return false;
      } else if (eat("opaque")) {
        if (!expect("fn") || !function(true)) return false;
      } else if (eat("jvp")) {
        FuncId f, g;
        if (!func_ref(f) || !expect("=") || !func_ref(g)) return false;
        cx.set_custom_jvp(f, g);
      } else {
        return fail("expected 'fn', 'opaque' or 'jvp'");
      }
    }
    return true;
  }
};

}  // namespace

Result<Parsed> parse_module(Context& cx, const std::string& text) {
  Parser ps{cx};
  ps.toks = lex(text, ps.err);
  if (!ps.err.empty()) return Result<Parsed>::fail(ps.err);
  for (int i = 0; i < kNumOps; i++) ps.ops[op_name(Op(i))] = Op(i);
  if (!ps.module()) {
    for (uint32_t k = ps.out.funcs.size(); k-- > 0;) cx.release(ps.out.funcs[k]);
    return Result<Parsed>::fail(ps.err);
  }
  return Result<Parsed>::of(std::move(ps.out));
}

}  // namespace rose
