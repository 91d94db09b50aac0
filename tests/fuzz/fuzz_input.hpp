// What the fuzz targets share: fuzzer bytes as a file the reader can open, and small limits so
// that one input cannot take seconds (a limit hit is a finding of the target, not a failure).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "returncheck/xlsx/limits.hpp"

namespace returncheck::fuzz {

// The bytes as a file without touching the disk: an anonymous memory file, opened by its
// /proc/self/fd path, as minizip opens files by name. Closed when it goes out of scope.
class memory_file {
 public:
  memory_file(const std::uint8_t* data, std::size_t size) : fd_(::memfd_create("fuzz.xlsx", MFD_CLOEXEC)) {
    if (fd_ < 0) return;
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) break;
      done += std::size_t(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~memory_file() {
    if (fd_ >= 0) ::close(fd_);
  }
  memory_file(const memory_file&) = delete;
  memory_file& operator=(const memory_file&) = delete;
  bool ok() const { return fd_ >= 0 && !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Limits a fuzzed workbook runs under: a few megabytes and cells, so every input ends quickly.
inline xlsx::limits small_limits() {
  xlsx::limits caps;
  caps.max_inflated_bytes = 64u << 20;
  caps.max_part_bytes = 32u << 20;
  caps.max_cells_per_sheet = 200'000;
  caps.max_string_bytes = 1u << 16;
  caps.max_shared_strings = 100'000;
  return caps;
}

}  // namespace returncheck::fuzz
