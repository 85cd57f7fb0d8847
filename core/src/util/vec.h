// A growable array for the engine. std::vector instantiates its growth code
// for every element type, which costs ~150-400 bytes of Wasm each; here one
// type-erased routine (realloc) serves every relocatable element type: PODs,
// Vec, unique_ptr and libc++'s string. Other types move element by element.
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
#ifdef _LIBCPP_VERSION
template <>
struct Relocatable<std::string> : std::true_type {};  // libc++'s short strings hold no self-pointer
#endif

// Grows *data so it holds at least `need` elements of `elem` bytes.
void vec_grow(void** data, uint32_t* cap, uint32_t need, uint32_t elem);
void vec_free(void* data);

template <class T>
class Vec {
 public:
  using value_type = T;
  Vec() = default;
  Vec(std::initializer_list<T> xs) {
    reserve(uint32_t(xs.size()));
    for (const T& x : xs) push_back(x);
  }
  explicit Vec(size_t n, const T& v = T()) { assign(n, v); }
  template <class It, class = decltype(*std::declval<It>())>
  Vec(It a, It b) {
    for (; a != b; ++a) push_back(*a);
  }
  Vec(const Vec& o) { copy_from(o); }
  Vec(Vec&& o) noexcept : d_(o.d_), n_(o.n_), cap_(o.cap_) { o.d_ = nullptr, o.n_ = o.cap_ = 0; }
  Vec& operator=(const Vec& o) {
    if (this != &o) {
      clear();
      copy_from(o);
    }
    return *this;
  }
  Vec& operator=(Vec&& o) noexcept {
    if (this != &o) {
      destroy();
      d_ = o.d_, n_ = o.n_, cap_ = o.cap_;
      o.d_ = nullptr, o.n_ = o.cap_ = 0;
    }
    return *this;
  }
  ~Vec() { destroy(); }

  uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  T* data() { return d_; }
  const T* data() const { return d_; }
  T* begin() { return d_; }
  T* end() { return d_ + n_; }
  const T* begin() const { return d_; }
  const T* end() const { return d_ + n_; }
  T& operator[](size_t i) { return d_[i]; }
  const T& operator[](size_t i) const { return d_[i]; }
  T& back() { return d_[n_ - 1]; }
  const T& back() const { return d_[n_ - 1]; }
  T& front() { return d_[0]; }

  void reserve(uint32_t n) {
    if (n <= cap_) return;
    if constexpr (Relocatable<T>::value) {
      vec_grow(reinterpret_cast<void**>(&d_), &cap_, n, sizeof(T));
    } else {
      uint32_t c = cap_ ? cap_ : 4;
      while (c < n) c *= 2;
      T* d = static_cast<T*>(::operator new(size_t(c) * sizeof(T)));
      for (uint32_t i = 0; i < n_; i++) {
        new (d + i) T(std::move(d_[i]));
        d_[i].~T();
      }
      ::operator delete(d_);
      d_ = d;
      cap_ = c;
    }
  }
  void push_back(const T& x) {
    if (n_ == cap_) {
      T copy(x);  // x may live in this array
      reserve(n_ + 1);
      new (d_ + n_++) T(std::move(copy));
      return;
    }
    new (d_ + n_++) T(x);
  }
  void push_back(T&& x) {
    if (n_ == cap_) {
      T tmp(std::move(x));
      reserve(n_ + 1);
      new (d_ + n_++) T(std::move(tmp));
      return;
    }
    new (d_ + n_++) T(std::move(x));
  }
  template <class... A>
  T& emplace_back(A&&... a) {
    reserve(n_ + 1);
    new (d_ + n_) T(std::forward<A>(a)...);
    return d_[n_++];
  }
  void pop_back() { d_[--n_].~T(); }
  void clear() {
    if constexpr (!std::is_trivially_destructible_v<T>)
      for (uint32_t i = 0; i < n_; i++) d_[i].~T();
    n_ = 0;
  }
  void resize(size_t n, const T& v = T()) {
    reserve(uint32_t(n));
    while (n_ < n) new (d_ + n_++) T(v);
    while (n_ > n) pop_back();
  }
  void assign(size_t n, const T& v) {
    clear();
    resize(n, v);
  }
  // Inserts [a, b) before pos (elements of another array).
  void insert(T* pos, const T* a, const T* b) {
    uint32_t at = uint32_t(pos - d_), k = uint32_t(b - a);
    static_assert(Relocatable<T>::value, "insert moves elements by memmove");
    reserve(n_ + k);
    std::memmove(static_cast<void*>(d_ + at + k), d_ + at, (n_ - at) * sizeof(T));
    for (uint32_t i = 0; i < k; i++) new (d_ + at + i) T(a[i]);
    n_ += k;
  }
  void swap(Vec& o) {
    std::swap(d_, o.d_);
    std::swap(n_, o.n_);
    std::swap(cap_, o.cap_);
  }
  bool operator==(const Vec& o) const {
    if (n_ != o.n_) return false;
    for (uint32_t i = 0; i < n_; i++)
      if (!(d_[i] == o.d_[i])) return false;
    return true;
  }
  bool operator!=(const Vec& o) const { return !(*this == o); }

 private:
  void copy_from(const Vec& o) {
    reserve(o.n_);
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (o.n_) std::memcpy(static_cast<void*>(d_), o.d_, o.n_ * sizeof(T));
      n_ = o.n_;
    } else {
      for (uint32_t i = 0; i < o.n_; i++) new (d_ + n_++) T(o.d_[i]);
    }
  }
  void destroy() {
    clear();
    if constexpr (Relocatable<T>::value) vec_free(d_);
    else ::operator delete(d_);
    d_ = nullptr;
    cap_ = 0;
  }
  T* d_ = nullptr;
  uint32_t n_ = 0, cap_ = 0;
};

}  // namespace rose
