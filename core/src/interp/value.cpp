#include "interp/value.h"

#include "ir/print.h"

namespace rose {

std::string check_value(const Context& cx, TyId t, const Val& v, const std::string& path) {
  const Types& T = cx.types;
  std::string at = path.empty() ? "" : " at " + path;
  auto want = [&](const char* what) { return std::string("expected ") + what + at; };
  switch (T.kind(t)) {
    case Kind::Unit: return v.tag == Val::Unit ? "" : want("null");
    case Kind::Bool: return v.tag == Val::Bool ? "" : want("a boolean");
    case Kind::Real: case Kind::Tan: return v.tag == Val::F64 ? "" : want("a number");
    case Kind::Fin:
      if (v.tag != Val::Fin) return want(("an index below " + std::to_string(T.fin_size(t))).c_str());
      if (v.u >= T.fin_size(t))
        return "index " + std::to_string(v.u) + at + " is out of range for type " + std::to_string(T.fin_size(t));
      return "";
    case Kind::Generic: return "generic type" + at + " has no argument";
    case Kind::Ref: return "a reference cannot be passed" + at;
    case Kind::Array: {
      if (v.tag != Val::Array) return want("an array");
      TyId idx = T.index_of(t);
      if (T.kind(idx) != Kind::Fin) return "array size" + at + " is generic";
      uint32_t n = T.fin_size(idx);
      if (v.list().size() != n)
        return "expected " + std::to_string(n) + " elements" + at + ", got " + std::to_string(v.list().size());
      for (uint32_t i = 0; i < n; i++) {
        std::string e = check_value(cx, T.elem(t), v.list()[i], path + "[" + std::to_string(i) + "]");
        if (!e.empty()) return e;
      }
      return "";
    }
    case Kind::Tuple: {
      if (v.tag != Val::Tuple) return want(T.has_keys(t) ? "an object" : "a tuple");
      uint32_t n = T.member_count(t);
      if (v.list().size() != n) return "expected " + std::to_string(n) + " members" + at;
      for (uint32_t i = 0; i < n; i++) {
        std::string key = T.has_keys(t) ? "." + cx.strings.get(T.key(t, i)) : "." + std::to_string(i);
        std::string e = check_value(cx, T.member(t, i), v.list()[i], path + key);
        if (!e.empty()) return e;
      }
      return "";
    }
  }
  return "bad type";
}

std::string value_str(const Context& cx, TyId t, const Val& v) {
  const Types& T = cx.types;
  switch (v.tag) {
    case Val::Unit: return "null";
    case Val::Bool: return v.b ? "true" : "false";
    case Val::F64: return num_str(v.f);
    case Val::Fin: return std::to_string(v.u);
    case Val::Ref: return "<ref>";
    case Val::Array: {
      std::string s = "[";
      for (size_t i = 0; i < v.list().size(); i++)
        s += (i ? ", " : "") + value_str(cx, T.kind(t) == Kind::Array ? T.elem(t) : t, v.list()[i]);
      return s + "]";
    }
    case Val::Tuple: {
      bool keys = T.kind(t) == Kind::Tuple && T.has_keys(t);
      std::string s = keys ? "{" : "(";
      for (size_t i = 0; i < v.list().size(); i++) {
        TyId m = T.kind(t) == Kind::Tuple ? T.member(t, uint32_t(i)) : t;
        s += i ? ", " : "";
        if (keys) s += key_str(cx.strings.get(T.key(t, uint32_t(i)))) + ": ";
        s += value_str(cx, m, v.list()[i]);
      }
      return s + (keys ? "}" : ")");
    }
  }
  return "?";
}

}  // namespace rose
