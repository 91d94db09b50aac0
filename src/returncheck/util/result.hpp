// A value or an expected failure: how functions that read user input report problems.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace returncheck::util {

// Wraps an error value so that result<T, E> can be built from it unambiguously.
template <class E>
struct unexpected {
  // A constructor, not an aggregate: unexpected(e) then works with every compiler (clang 14
  // lacks C++20's parenthesised aggregate initialisation).
  explicit unexpected(E e) : error(std::move(e)) {}
  E error;
};
template <class E>
unexpected(E) -> unexpected<E>;

// A small std::expected: holds either a T or an E. Reading the wrong side is a programmer
// error (asserted), never something input can cause.
template <class T, class E>
class result {
 public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  result(unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const { assert(!has_value()); return std::get<1>(v_); }
  E& error() { assert(!has_value()); return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

// For operations that produce nothing but may fail.
struct ok_t {};
inline constexpr ok_t ok{};

}  // namespace returncheck::util
