// The values a unique column has held: exact, in one arena, with a cap on memory.
#include "returncheck/rules/detail/seen_texts.hpp"

#include <cstring>

namespace returncheck::rules::detail {
namespace {

std::uint32_t hash_of(std::string_view s) {
  // FNV-1a, then never 0 (0 marks an empty slot).
  std::uint32_t h = 2166136261u;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h == 0 ? 1 : h;
}

}  // namespace

std::string_view seen_texts::text_at(std::uint32_t offset) const {
  std::uint32_t size = 0;
  std::memcpy(&size, arena_.data() + offset, sizeof size);
  return std::string_view(arena_).substr(offset + sizeof size, size);
}

void seen_texts::grow() {
  std::vector<slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const auto& s : old) {
    if (s.hash == 0) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

const seen_texts::entry* seen_texts::add(std::string_view text, std::uint32_t row) {
  if (slots_.empty()) grow();
  const std::uint32_t h = hash_of(text);
  std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].hash != 0) {
    slot& s = slots_[i];
    if (s.hash == h && text_at(s.offset) == text) {
      ++s.e.count;
      return &s.e;
    }
    i = (i + 1) & mask;
  }
  // A new value: within the cap (the text and the slot table as it would be), and the table kept
  // at most three quarters full.
  const bool must_grow = (used_ + 1) * 4 > slots_.size() * 3;
  const std::uint64_t stored = sizeof(std::uint32_t) + text.size();
  const std::uint64_t after = arena_.size() + stored + (must_grow ? 3 : 1) * slots_.size() * sizeof(slot);
  if (after > max_bytes_ || arena_.size() + stored > UINT32_MAX) return nullptr;
  if (must_grow) {
    grow();
    mask = slots_.size() - 1;
    i = h & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
  }
  slot& s = slots_[i];
  s.hash = h;
  s.offset = std::uint32_t(arena_.size());
  s.e = entry{row, 1};
  const auto size = std::uint32_t(text.size());
  arena_.append(reinterpret_cast<const char*>(&size), sizeof size);
  arena_.append(text);
  ++used_;
  return &s.e;
}

}  // namespace returncheck::rules::detail
