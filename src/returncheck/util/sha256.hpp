// SHA-256 (FIPS 180-4), for telling whether a file's content changed between two runs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace returncheck::util {

// Fed in pieces of any size; digest() pads and finishes, after which the hasher is spent.
class sha256 {
 public:
  sha256();
  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> block_{};
  std::size_t block_used_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// The digest of bytes in lowercase hex, 64 characters.
std::string sha256_hex(std::string_view bytes);
std::string to_hex(const std::array<std::uint8_t, 32>& digest);

}  // namespace returncheck::util
