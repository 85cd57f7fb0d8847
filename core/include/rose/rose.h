// The native C++ API: trace ordinary C++ functions over symbolic values into
// the IR, differentiate them, print them and run them.
//
//   rose::Module m;
//   auto f = m.fn("f", {m.real(), m.real()}, m.real(),
//                 [](rose::Value x, rose::Value y) { return x * y + sin(x); });
//   auto g = m.fn("g", {m.real(), m.real()}, m.vec(2, m.real()), [&](rose::Value x, rose::Value y) {
//     return m.vjp(f.value)(x, y).grads(1.0);      // a call to f's backward pass
//   });
//   m.interp(g.value, {rose::num(2), rose::num(3)});   // [3, 2]
//
// Tracing runs the C++ body once. Calling another Fn inside a body emits a
// call (the function boundary survives); C++ control flow unrolls; vec() and
// sum() build loops. Plain numbers, initializer lists and object literals are
// typed by where they are used, as in Rose's JS API. The first error a trace
// meets is kept and returned by fn(); nothing throws.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "interp/value.h"
#include "util/result.h"

namespace rose {

class Module;
class Tracer;

struct Type {
  TyId id;
  bool operator==(const Type& o) const { return id == o.id; }
};

// A symbolic value inside a traced body, or a literal waiting for its type.
class Value {
 public:
  Value() = default;
  Value(double x) : kind_(Num), num_(x) {}
  Value(int x) : kind_(Num), num_(x) {}
  Value(bool b) : kind_(Flag), num_(b) {}
  // A JS-style array literal: [a, b, c].
  static Value list(std::vector<Value> items);
  // A JS-style object literal: {re: a, du: b}.
  static Value object(std::vector<std::pair<std::string, Value>> members);

  Value operator[](const Value& i) const;       // array element (i an index or an integer)
  Value operator[](const char* key) const;      // struct member
  Value operator[](int i) const { return (*this)[Value(i)]; }
  Type type() const;
  bool symbolic() const { return kind_ == Sym; }

 private:
  friend class Tracer;
  friend class Module;
  enum Tag : uint8_t { None, Sym, Num, Flag, List, Object };
  Tag kind_ = None;
  double num_ = 0;
  uint64_t tracer_ = 0;  // serial of the trace that made it: never reused, so leaks are caught
  VarId var_;
  std::shared_ptr<std::vector<std::pair<std::string, Value>>> items_;
};

Value operator+(const Value& a, const Value& b);
Value operator-(const Value& a, const Value& b);
Value operator*(const Value& a, const Value& b);
Value operator/(const Value& a, const Value& b);
Value operator-(const Value& a);
Value operator<(const Value& a, const Value& b);
Value operator<=(const Value& a, const Value& b);
Value operator>(const Value& a, const Value& b);
Value operator>=(const Value& a, const Value& b);
Value operator==(const Value& a, const Value& b);
Value operator!=(const Value& a, const Value& b);
Value operator&&(const Value& a, const Value& b);
Value operator||(const Value& a, const Value& b);
Value operator!(const Value& a);
Value abs(const Value& x);
Value sign(const Value& x);
Value ceil(const Value& x);
Value floor(const Value& x);
Value trunc(const Value& x);
Value sqrt(const Value& x);
Value exp(const Value& x);
Value log(const Value& x);
Value sin(const Value& x);
Value cos(const Value& x);
Value tan(const Value& x);
Value tanh(const Value& x);
Value atan2(const Value& y, const Value& x);
Value pow(const Value& x, const Value& y);
Value min(const Value& a, const Value& b);
Value max(const Value& a, const Value& b);
Value select(const Value& cond, Type t, const Value& then, const Value& els);
Value iadd(Type n, const Value& i, const Value& j);
Value imod(Type n, const Value& i);
Value zero_tan();  // the zero tangent, for custom JVPs
// A vector of n elements of type t, element i given by body(i).
Value vec(Type index, Type elem, const std::function<Value(Value)>& body);
// The sum over i in index of body(i).
Value sum(Type index, const std::function<Value(Value)>& body);

class Fn {
 public:
  FuncId id;
  Module* module = nullptr;
  // Inside a traced body: a call.
  Value operator()(std::vector<Value> args) const;
  template <class... A>
  Value operator()(A&&... a) const {
    return (*this)(std::vector<Value>{Value(std::forward<A>(a))...});
  }
};

// What vjp(f)(args...) gives inside a traced body.
struct VjpCall {
  Value ret;
  std::function<Value(Value)> grad;                 // single-parameter functions
  std::function<std::vector<Value>(Value)> grads;   // one gradient per parameter
};

class Vjp {
 public:
  VjpCall operator()(std::vector<Value> args) const;
  template <class... A>
  VjpCall operator()(A&&... a) const {
    return (*this)(std::vector<Value>{Value(std::forward<A>(a))...});
  }
  Module* module = nullptr;
  Fn f;
};

// Values for interp: numbers, booleans, arrays and objects.
Val num(double x);
Val boolean(bool b);
Val index(uint32_t i);
Val array(std::vector<Val> xs);
Val object(Module& m, Type t, std::vector<std::pair<std::string, Val>> members);

class Module {
 public:
  Module();
  ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Type unit();
  Type boolean();
  Type real();
  Type tan();
  Type fin(uint32_t n);
  Type vec(uint32_t n, Type elem);
  Type vec(Type index, Type elem);
  Type record(std::vector<std::pair<std::string, Type>> members);  // keys in any order
  Type dual();  // {re: real, du: tan}

  // Traces body once. The body takes one Value per parameter.
  Result<Fn> fn(const std::string& name, std::vector<Type> params, Type ret,
                const std::function<Value(std::vector<Value>&)>& body);
  template <class F>
  Result<Fn> fn(const std::string& name, std::vector<Type> params, Type ret, F body) {
    return fn(name, std::move(params), ret,
              std::function<Value(std::vector<Value>&)>([body](std::vector<Value>& a) { return apply(body, a); }));
  }
  // A host function: reals in, a real out.
  Result<Fn> opaque(const std::string& name, std::vector<Type> params, Type ret,
                    std::function<double(const double*)> impl);
  // Gives f a custom forward derivative; checks its signature.
  Result<bool> set_jvp(Fn f, Fn jvp);

  Result<Fn> jvp(Fn f);
  Vjp vjp(Fn f) { return Vjp{this, f}; }
  Result<Val> interp(Fn f, const std::vector<Val>& args);
  std::string print(Fn f);            // f and everything it calls
  std::string show(Fn f, const Val& v);  // a result of f as a JS-like literal

  Context& context();

 private:
  friend class Tracer;
  friend class Value;
  friend class Fn;
  friend class Vjp;
  // Calls a body of 0 to 4 Value parameters; a count that does not match the
  // signature gives an undefined result, which fn() reports.
  template <class F>
  static Value apply(F& body, std::vector<Value>& a) {
    if constexpr (std::is_invocable_v<F, std::vector<Value>&>) return body(a);
    else if constexpr (std::is_invocable_v<F>) return a.size() == 0 ? body() : Value();
    else if constexpr (std::is_invocable_v<F, Value>) return a.size() == 1 ? body(a[0]) : Value();
    else if constexpr (std::is_invocable_v<F, Value, Value>) return a.size() == 2 ? body(a[0], a[1]) : Value();
    else if constexpr (std::is_invocable_v<F, Value, Value, Value>)
      return a.size() == 3 ? body(a[0], a[1], a[2]) : Value();
    else return a.size() == 4 ? body(a[0], a[1], a[2], a[3]) : Value();
  }
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rose
