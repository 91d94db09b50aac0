// Tests for the uninitialised byte buffer the reader's windows and chunks use.
#include "returncheck/util/raw_buffer.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace returncheck::util {
namespace {

TEST(raw_buffer, starts_empty_and_holds_what_is_written) {
  raw_buffer none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.size(), 0u);
  raw_buffer b(5);
  EXPECT_EQ(b.size(), 5u);
  std::memcpy(b.data(), "hello", 5);
  EXPECT_EQ(std::string(b.data(), b.size()), "hello");
}

TEST(raw_buffer, resizing_keeps_the_bytes_that_fit) {
  raw_buffer b(4);
  std::memcpy(b.data(), "abcd", 4);
  b.resize(1 << 20);
  EXPECT_EQ(b.size(), std::size_t(1) << 20);
  EXPECT_EQ(std::string(b.data(), 4), "abcd");
  b.resize(2);
  EXPECT_EQ(std::string(b.data(), b.size()), "ab");
  raw_buffer grown;
  grown.resize(3);
  EXPECT_EQ(grown.size(), 3u);
}

TEST(raw_buffer, moves_without_copying) {
  raw_buffer a(8);
  const char* bytes = a.data();
  raw_buffer b = std::move(a);
  EXPECT_EQ(b.data(), bytes);
  EXPECT_EQ(b.size(), 8u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is defined
}

}  // namespace
}  // namespace returncheck::util
