// A byte buffer whose bytes start uninitialised. std::vector<char>(n) writes n zeros, and the
// reader's 256 KiB windows and chunks, made for every sheet it reads, cost more to zero (and to
// fault in, page by page) than reading a small part does. Here only the pages written are touched.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <utility>

namespace returncheck::util {

class raw_buffer {
 public:
  raw_buffer() = default;
  explicit raw_buffer(std::size_t size) : bytes_(new char[size]), size_(size) {}
  raw_buffer(raw_buffer&& other) noexcept : bytes_(std::move(other.bytes_)), size_(std::exchange(other.size_, 0)) {}
  raw_buffer& operator=(raw_buffer&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Keeps the first min(size(), n) bytes; the rest start uninitialised.
  void resize(std::size_t n) {
    std::unique_ptr<char[]> grown(new char[n]);
    if (size_ > 0) std::memcpy(grown.get(), bytes_.get(), n < size_ ? n : size_);
    bytes_ = std::move(grown);
    size_ = n;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
};

}  // namespace returncheck::util
