// The values a unique column has held so far, exactly, in bounded memory: an open-addressing
// table over one arena of text, 16 bytes a slot (at most three quarters used) plus the value and
// its 4-byte length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace returncheck::rules::detail {

class seen_texts {
 public:
  struct entry {
    std::uint32_t first_row = 0;
    std::uint32_t count = 0;  // how many times the value has been added, this time included
  };

  explicit seen_texts(std::uint64_t max_bytes) : max_bytes_(max_bytes) {}

  // Adds one occurrence of `text` on `row`; nullptr when a new value would pass max_bytes (it is
  // then not kept, and its repeats cannot be told).
  const entry* add(std::string_view text, std::uint32_t row);
  std::uint64_t bytes() const { return arena_.capacity() + slots_.capacity() * sizeof(slot); }

 private:
  struct slot {
    std::uint32_t hash = 0;    // 0: empty
    std::uint32_t offset = 0;  // of the value's length, then the value, in arena_
    entry e;
  };
  static_assert(sizeof(slot) == 16);
  std::string_view text_at(std::uint32_t offset) const;
  void grow();

  std::uint64_t max_bytes_;
  std::string arena_;
  std::vector<slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace returncheck::rules::detail
