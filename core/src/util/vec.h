// A growable array for the engine. std::vector instantiates its growth code
// for every element type, which costs ~150-400 bytes of Wasm each. Here the
// work is done once, untyped, in VecBase (vec.cpp): growth by realloc serves
// every relocatable element type (PODs, Vec, unique_ptr, libc++'s string),
// and copying, pushing and filling serve every trivially copyable one, so a
// Vec<T> of PODs adds almost no code per T. Other types move one by one.
#pragma once
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

namespace rose {

template <class T>
class Vec;

// Whether a T may be moved by memcpy. A type can opt in with kRelocatable.
template <class T, class = void>
struct Relocatable : std::is_trivially_copyable<T> {};
template <class T>
struct Relocatable<T, std::void_t<decltype(T::kRelocatable)>> : std::true_type {};
template <class U>
struct Relocatable<Vec<U>> : std::true_type {};
template <class U>
struct Relocatable<std::unique_ptr<U>> : std::true_type {};
template <class A, class B>
struct Relocatable<std::pair<A, B>> : std::bool_constant<Relocatable<A>::value && Relocatable<B>::value> {};
#ifdef _LIBCPP_VERSION
template <>
struct Relocatable<std::string> : std::true_type {};  // libc++'s short strings hold no self-pointer
#endif

class VecBase {
 public:
  uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }

 protected:
  VecBase() = default;
  VecBase(VecBase&& o) noexcept;
  ~VecBase();
  void steal(VecBase& o);  // frees this array's memory first; elements must be gone
  void swap_base(VecBase& o);
  // Grows the capacity to at least `need` elements of `elem` bytes (memcpy moves).
  void grow(uint32_t need, uint32_t elem);
  // grow, returning where p is afterwards: a source inside this array moves with it.
  const void* grow_keeping(uint32_t need, uint32_t elem, const void* p);
  // For trivially copyable elements: appends a copy of *x (which may live in
  // this array), fills up to n with copies of *v, inserts k elements at `at`.
  void* push_raw(const void* x, uint32_t elem);
  void resize_raw(uint32_t n, const void* v, uint32_t elem);
  void copy_raw(const VecBase& o, uint32_t elem);
  void insert_raw(uint32_t at, const void* a, uint32_t k, uint32_t elem);
  void* d_ = nullptr;
  uint32_t n_ = 0, cap_ = 0;
};

template <class T>
class Vec : public VecBase {
  static constexpr bool kPod = std::is_trivially_copyable_v<T>;
  static constexpr uint32_t kElem = sizeof(T);

 public:
  using value_type = T;
  Vec() = default;
  Vec(std::initializer_list<T> xs) {
    if constexpr (kPod) {
      insert_raw(0, xs.begin(), uint32_t(xs.size()), kElem);
    } else {
      reserve(uint32_t(xs.size()));
      for (const T& x : xs) push_back(x);
    }
  }
  explicit Vec(size_t n, const T& v = T()) { resize(n, v); }
  template <class It, class = decltype(*std::declval<It>())>
  Vec(It a, It b) {
    for (; a != b; ++a) push_back(*a);
  }
  Vec(const Vec& o) : VecBase() { copy_from(o); }
  Vec(Vec&& o) noexcept = default;
  Vec& operator=(const Vec& o) {
    if (this != &o) {
      clear();
      copy_from(o);
    }
    return *this;
  }
  Vec& operator=(Vec&& o) noexcept {
    if (this != &o) {
      clear();
      steal(o);
    }
    return *this;
  }
  ~Vec() { clear(); }

  T* data() { return static_cast<T*>(d_); }
  const T* data() const { return static_cast<const T*>(d_); }
  T* begin() { return data(); }
  T* end() { return data() + n_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + n_; }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  T& back() { return data()[n_ - 1]; }
  const T& back() const { return data()[n_ - 1]; }
  T& front() { return data()[0]; }

  void reserve(uint32_t n) {
    if (n <= cap_) return;
    if constexpr (Relocatable<T>::value) {
      grow(n, kElem);
    } else {  // e.g. libstdc++'s string, which points into itself
      Vec fresh;
      fresh.grow(n, kElem);
      for (uint32_t i = 0; i < n_; i++) new (fresh.data() + i) T(std::move(data()[i]));
      fresh.n_ = n_;
      clear();
      steal(fresh);
    }
  }
  void push_back(const T& x) {
    if constexpr (kPod) {
      if (n_ < cap_) new (data() + n_++) T(x);  // the common case, without a call
      else push_raw(&x, kElem);
    } else if constexpr (Relocatable<T>::value) {  // x may live in this array: it moves with it
      const T* p = n_ < cap_ ? &x : static_cast<const T*>(grow_keeping(n_ + 1, kElem, &x));
      new (end()) T(*p);
      n_++;
    } else if (n_ == cap_) {
      T copy(x);
      reserve(n_ + 1);
      new (end()) T(std::move(copy));
      n_++;
    } else {
      new (end()) T(x);
      n_++;
    }
  }
  void push_back(T&& x) {
    if constexpr (kPod) {  // not a call to push_back(const T&): that costs ~50 bytes of Wasm
      if (n_ < cap_) new (data() + n_++) T(x);
      else push_raw(&x, kElem);
    } else if constexpr (Relocatable<T>::value) {
      T* p = n_ < cap_ ? &x : static_cast<T*>(const_cast<void*>(grow_keeping(n_ + 1, kElem, &x)));
      new (end()) T(std::move(*p));
      n_++;
    } else {
      if (n_ == cap_) {
        T tmp(std::move(x));
        reserve(n_ + 1);
        new (end()) T(std::move(tmp));
      } else {
        new (end()) T(std::move(x));
      }
      n_++;
    }
  }
  template <class... A>
  T& emplace_back(A&&... a) {
    if constexpr (kPod) {
      T x{std::forward<A>(a)...};
      return *static_cast<T*>(push_raw(&x, kElem));
    } else {
      reserve(n_ + 1);
      new (end()) T(std::forward<A>(a)...);
      return data()[n_++];
    }
  }
  void pop_back() {
    n_--;
    if constexpr (!std::is_trivially_destructible_v<T>) end()->~T();
  }
  void clear() {
    if constexpr (!std::is_trivially_destructible_v<T>)
      for (uint32_t i = 0; i < n_; i++) data()[i].~T();
    n_ = 0;
  }
  void resize(size_t n, const T& v = T()) {
    if constexpr (kPod) {
      resize_raw(uint32_t(n), &v, kElem);
    } else {
      reserve(uint32_t(n));
      while (n_ < n) new (data() + n_++) T(v);
      while (n_ > n) pop_back();
    }
  }
  void assign(size_t n, const T& v) {
    clear();
    resize(n, v);
  }
  // Inserts [a, b) before pos (elements of another array).
  void insert(T* pos, const T* a, const T* b) {
    static_assert(kPod, "insert copies elements by memcpy");
    insert_raw(uint32_t(pos - data()), a, uint32_t(b - a), kElem);
  }
  void swap(Vec& o) { swap_base(o); }
  bool operator==(const Vec& o) const {
    if (n_ != o.n_) return false;
    for (uint32_t i = 0; i < n_; i++)
      if (!(data()[i] == o.data()[i])) return false;
    return true;
  }
  bool operator!=(const Vec& o) const { return !(*this == o); }

 private:
  void copy_from(const Vec& o) {
    if constexpr (kPod) {
      copy_raw(o, kElem);
    } else {
      reserve(o.n_);
      for (uint32_t i = 0; i < o.n_; i++) new (data() + n_++) T(o.data()[i]);
    }
  }
};

}  // namespace rose
