// Runtime values of the interpreter: a small tagged tree. Arrays and tuples
// share their items (values are immutable); a reference points at a node
// inside a tree that one accumulator owns.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/context.h"

namespace rose {

struct Val {
  enum Tag : uint8_t { Unit, Bool, F64, Fin, Array, Tuple, Ref };
  Tag tag = Unit;
  union {
    double f;
    uint32_t u;
    bool b;
  };
  std::shared_ptr<std::vector<Val>> items;  // Array, Tuple
  Val* target = nullptr;                     // Ref: the node added into
  std::shared_ptr<Val> owner;                // Ref: keeps the accumulator tree alive

  Val() : f(0) {}
  static Val unit() { return Val(); }
  static Val boolean(bool x) { Val v; v.tag = Bool; v.b = x; return v; }
  static Val real(double x) { Val v; v.tag = F64; v.f = x; return v; }
  static Val fin(uint32_t x) { Val v; v.tag = Fin; v.u = x; return v; }
  static Val list(Tag t, std::vector<Val> xs) {
    Val v;
    v.tag = t;
    v.items = std::make_shared<std::vector<Val>>(std::move(xs));
    return v;
  }
  const std::vector<Val>& list() const { return *items; }
};

// Checks that `v` is a value of type `t`; on mismatch returns a message that
// names the path (e.g. "[2].re") and what was expected.
std::string check_value(const Context& cx, TyId t, const Val& v, const std::string& path);
// Prints a value like a JS literal: numbers, true/false, null, [..], {k: ..}.
std::string value_str(const Context& cx, TyId t, const Val& v);

}  // namespace rose
