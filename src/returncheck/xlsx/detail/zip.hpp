// Reading the parts of a zip package one stream at a time, with caps on what they inflate to.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "returncheck/util/raw_buffer.hpp"
#include "returncheck/xlsx/error.hpp"
#include "returncheck/xlsx/limits.hpp"

namespace returncheck::xlsx::detail {

struct zip_entry {
  std::string name;             // as stored, with '\' turned into '/' and no leading '/'
  std::uint64_t compressed = 0;
  std::uint64_t uncompressed = 0;  // declared: never trusted for allocation
  std::uint64_t pos_in_central_dir = 0;
  std::uint64_t num_of_file = 0;
  bool encrypted = false;
  int method = 0;
};

// State shared by an archive and the streams it opened: the file, read whole into `bytes` when
// it is small or else read through `fd`, and the running total of inflated bytes.
struct zip_shared {
  zip_shared() = default;
  zip_shared(const zip_shared&) = delete;
  zip_shared& operator=(const zip_shared&) = delete;
  ~zip_shared();

  std::string path;   // the file, for messages
  limits caps;
  int fd = -1;        // open while the file is read through it; -1 once held in `bytes`
  std::uint64_t size = 0;
  std::string bytes;
  std::atomic<std::uint64_t> inflated_total = 0;  // streams may inflate on other threads
};

// One part being inflated. Has its own minizip handle, so several may be open at once.
class zip_stream {
 public:
  zip_stream(zip_stream&&) noexcept;
  zip_stream& operator=(zip_stream&&) noexcept;
  ~zip_stream();

  // Reads up to size bytes into buf; 0 means the part ended cleanly (its CRC checked).
  result<std::size_t> read(char* buf, std::size_t size);
  const std::string& part() const { return entry_.name; }
  std::uint64_t compressed_size() const { return entry_.compressed; }

 private:
  friend class zip_archive;
  zip_stream(void* handle, zip_entry entry, std::shared_ptr<zip_shared> shared);
  void close();

  void* handle_ = nullptr;  // unzFile
  zip_entry entry_;
  std::shared_ptr<zip_shared> shared_;
  std::uint64_t inflated_ = 0;
  std::uint64_t start_pos_ = 0;  // where the entry's compressed data begins in the file
  bool done_ = false;
};

class zip_archive {
 public:
  // Refuses, with the reason, anything that is not a readable zip: an OLE container
  // (encrypted workbook or legacy .xls), an empty file, a damaged central directory.
  static result<zip_archive> open(const std::string& path, const limits& caps);

  // Part names are compared without regard to case, as OOXML requires.
  const zip_entry* find(std::string_view part) const;
  const std::vector<zip_entry>& entries() const { return entries_; }
  result<zip_stream> open_part(std::string_view part) const;
  // Reads a whole small part (rels, content types) into memory, within limits.
  result<std::string> read_part(std::string_view part, std::size_t max_bytes = 64u << 20) const;
  const std::string& path() const { return shared_->path; }

 private:
  std::shared_ptr<zip_shared> shared_;
  std::vector<zip_entry> entries_;
  std::unordered_map<std::string, std::size_t> by_name_;  // lower-case name → index
};

// Inflates a part on a second thread, a few chunks ahead of its reader, so that inflating
// and scanning a large worksheet overlap on two cores. Holds at most `depth` chunks. A part
// compressed to less than `min_thread_bytes` is inflated on the reader's own thread: for it,
// starting a thread and handing chunks over would cost more than the overlap gains.
class prefetch_stream {
 public:
  explicit prefetch_stream(zip_stream stream, std::size_t chunk_bytes = 256u << 10, std::size_t depth = 4,
                           std::uint64_t min_thread_bytes = 1u << 20);
  prefetch_stream(const prefetch_stream&) = delete;
  prefetch_stream& operator=(const prefetch_stream&) = delete;
  ~prefetch_stream();

  // As zip_stream::read: 0 at a clean end, errors as they happened on the worker.
  result<std::size_t> read(char* buf, std::size_t size);
  const std::string& part() const { return part_; }

 private:
  struct chunk {
    util::raw_buffer bytes;
    std::size_t size = 0;
  };
  void work();
  bool threaded() const { return worker_.joinable(); }

  zip_stream stream_;
  std::string part_;
  std::size_t chunk_bytes_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<chunk> ready_;   // filled, in order
  std::vector<chunk> spare_;  // emptied, for reuse
  std::optional<error> error_;
  bool finished_ = false;     // the worker reached the end or an error
  bool stopping_ = false;     // the reader is gone
  chunk current_;
  std::size_t current_pos_ = 0;
  std::thread worker_;        // last: starts once everything above exists
};

// Lower-cases ASCII letters, for case-insensitive part names.
std::string lower_ascii(std::string_view s);

}  // namespace returncheck::xlsx::detail
