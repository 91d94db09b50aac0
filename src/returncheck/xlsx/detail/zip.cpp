// Reading zip parts with minizip, refusing OLE containers and capping inflated sizes.
#include "returncheck/xlsx/detail/zip.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unzip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

namespace returncheck::xlsx::detail {
namespace {

constexpr std::size_t max_entries = 100'000;
constexpr std::uint64_t ratio_grace_bytes = 1u << 20;  // small parts may compress very well
constexpr std::uint64_t in_memory_bytes = 4u << 20;    // files up to this are read whole, once

// Reads up to n bytes at offset; fewer only at the end of the file, or on an error (then `failed`).
std::size_t read_at(int fd, char* buf, std::size_t n, std::uint64_t offset, bool& failed) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, buf + got, n - got, off_t(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) failed = true;
    if (r <= 0) break;
    got += std::size_t(r);
  }
  return got;
}

// A size for messages: whole MiB when it is one, else bytes, so that no limit is misstated.
std::string mib(std::uint64_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// An OLE compound file names its streams in UTF-16LE; an encrypted OOXML package holds a
// stream called EncryptedPackage, a legacy workbook one called Workbook (or Book).
bool contains_utf16(const std::string& data, std::string_view ascii) {
  std::string pattern;
  for (char c : ascii) {
    pattern.push_back(c);
    pattern.push_back('\0');
  }
  return data.find(pattern) != std::string::npos;
}

error ole_error(const zip_shared& file) {
  const std::string& path = file.path;
  std::string data;
  data.resize(std::size_t(std::min<std::uint64_t>(file.size, 64u << 20)));
  bool failed = false;  // what was read is looked at all the same
  data.resize(read_at(file.fd, data.data(), data.size(), 0, failed));
  if (contains_utf16(data, "EncryptedPackage") || contains_utf16(data, "EncryptionInfo"))
    return {read_error::encrypted,
            path + ": the workbook is password-protected (encrypted); open it in Excel and save an "
                   "unprotected copy to check it"};
  if (contains_utf16(data, "Workbook") || contains_utf16(data, "Book"))
    return {read_error::legacy_xls,
            path + ": this is a legacy .xls workbook (an OLE container), not .xlsx; save it as "
                   ".xlsx in Excel or LibreOffice to check it"};
  return {read_error::not_a_zip,
          path + ": this is an OLE compound document, not an .xlsx workbook"};
}

// minizip reads the file through these: one cursor per handle, over the bytes held in memory
// or through the archive's one descriptor with pread. Opening a part therefore costs no system
// call to open, seek or close the file, and several handles may read at once.
struct cursor {
  const zip_shared* file;
  std::uint64_t pos = 0;
  bool failed = false;
};

voidpf ZCALLBACK io_open(voidpf opaque, const void*, int) {
  return new (std::nothrow) cursor{static_cast<const zip_shared*>(opaque)};
}

uLong ZCALLBACK io_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* c = static_cast<cursor*>(stream);
  const zip_shared& f = *c->file;
  if (c->pos >= f.size) return 0;
  const std::size_t want = std::size_t(std::min<std::uint64_t>(size, f.size - c->pos));
  if (f.fd < 0) {
    std::memcpy(buf, f.bytes.data() + c->pos, want);
    c->pos += want;
    return uLong(want);
  }
  const std::size_t got = read_at(f.fd, static_cast<char*>(buf), want, c->pos, c->failed);
  c->pos += got;
  return uLong(got);
}

uLong ZCALLBACK io_write(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK io_tell(voidpf, voidpf stream) { return static_cast<cursor*>(stream)->pos; }

long ZCALLBACK io_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* c = static_cast<cursor*>(stream);
  std::uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = c->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = c->file->size; break;
    default: return -1;
  }
  if (offset > std::numeric_limits<std::uint64_t>::max() - base) return -1;
  c->pos = base + offset;  // past the end is allowed, as with fseek: reads there give nothing
  return 0;
}

int ZCALLBACK io_close(voidpf, voidpf stream) {
  delete static_cast<cursor*>(stream);
  return 0;
}

int ZCALLBACK io_error(voidpf, voidpf stream) { return static_cast<cursor*>(stream)->failed ? -1 : 0; }

unzFile open_handle(const std::shared_ptr<zip_shared>& file) {
  zlib_filefunc64_def io{io_open, io_read, io_write, io_tell, io_seek, io_close, io_error, file.get()};
  return unzOpen2_64(file->path.c_str(), &io);
}

}  // namespace

zip_shared::~zip_shared() {
  if (fd >= 0) ::close(fd);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

result<zip_archive> zip_archive::open(const std::string& path, const limits& caps) {
  auto file = std::make_shared<zip_shared>();
  file->path = path;
  file->caps = caps;
  file->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO would block
  if (file->fd < 0) return fail(read_error::cannot_open, path + ": cannot open the file: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(file->fd, &st) != 0) return fail(read_error::cannot_open, path + ": cannot open the file: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail(read_error::cannot_open, path + ": is a folder, not a workbook file");
  if (!S_ISREG(st.st_mode))
    return fail(read_error::cannot_open,
                path + ": is not a regular file (a pipe or a device); save the workbook to a file to check it");
  file->size = std::uint64_t(st.st_size);
  if (file->size == 0) return fail(read_error::not_a_zip, path + ": the file is empty");
  char magic[8] = {};
  bool failed = false;
  const std::size_t got = read_at(file->fd, magic, sizeof magic, 0, failed);
  if (failed) return fail(read_error::cannot_open, path + ": cannot read the file: " + std::strerror(errno));
  static constexpr unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (got == 8 && std::memcmp(magic, ole_magic, 8) == 0) return util::unexpected<error>{ole_error(*file)};
  const bool looks_zip = got >= 2 && magic[0] == 'P' && magic[1] == 'K';
  if (got >= 4 && std::memcmp(magic, "PK\x05\x06", 4) == 0)
    return fail(read_error::missing_part, path + ": the zip archive is empty: there is no workbook in it");

  // A return is small: read it once, and every part after that is read from memory.
  if (file->size <= in_memory_bytes) {
    file->bytes.resize(std::size_t(file->size));
    const std::size_t have = read_at(file->fd, file->bytes.data(), file->bytes.size(), 0, failed);
    if (failed) return fail(read_error::cannot_open, path + ": cannot read the file: " + std::strerror(errno));
    file->bytes.resize(have);  // cut short while being read: the zip checks below say so
    file->size = have;
    ::close(std::exchange(file->fd, -1));
  }

  unzFile uf = open_handle(file);
  if (uf == nullptr) {
    if (looks_zip)
      return fail(read_error::corrupt_zip,
                  path + ": the zip archive is damaged or truncated (no readable central directory)");
    return fail(read_error::not_a_zip, path + ": not a zip archive, so not an .xlsx workbook");
  }

  zip_archive archive;
  archive.shared_ = std::move(file);
  int rc = unzGoToFirstFile(uf);
  while (rc == UNZ_OK) {
    if (archive.entries_.size() >= max_entries) {
      unzClose(uf);
      return fail(read_error::limit_exceeded,
                  path + ": the zip holds more than " + std::to_string(max_entries) + " parts");
    }
    unz_file_info64 fi;
    char name[4096];
    if (unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) break;
    unz64_file_pos pos;
    if (unzGetFilePos64(uf, &pos) != UNZ_OK) break;
    zip_entry e;
    e.name = name;
    std::replace(e.name.begin(), e.name.end(), '\\', '/');
    while (!e.name.empty() && e.name.front() == '/') e.name.erase(0, 1);
    e.compressed = fi.compressed_size;
    e.uncompressed = fi.uncompressed_size;
    e.pos_in_central_dir = pos.pos_in_zip_directory;
    e.num_of_file = pos.num_of_file;
    e.encrypted = (fi.flag & 1) != 0;
    e.method = int(fi.compression_method);
    // A package may not hold two parts of one name; if it does, the first is read.
    archive.by_name_.emplace(lower_ascii(e.name), archive.entries_.size());
    archive.entries_.push_back(std::move(e));
    rc = unzGoToNextFile(uf);
  }
  unzClose(uf);
  if (rc != UNZ_END_OF_LIST_OF_FILE && rc != UNZ_OK)
    return fail(read_error::corrupt_zip, path + ": the zip archive's central directory is damaged");
  if (rc == UNZ_OK)  // the loop broke on a bad entry
    return fail(read_error::corrupt_zip, path + ": the zip archive's central directory is damaged");
  return archive;
}

const zip_entry* zip_archive::find(std::string_view part) const {
  while (!part.empty() && part.front() == '/') part.remove_prefix(1);
  const auto it = by_name_.find(lower_ascii(part));
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

result<zip_stream> zip_archive::open_part(std::string_view part) const {
  const zip_entry* e = find(part);
  const std::string& path = shared_->path;
  if (e == nullptr) return fail(read_error::missing_part, path + ": the part " + std::string(part) + " is missing");
  if (e->encrypted)
    return fail(read_error::unsupported, path + ": " + e->name + " is encrypted inside the zip (zip passwords are not supported)");
  if (e->method != 0 && e->method != Z_DEFLATED)
    return fail(read_error::unsupported, path + ": " + e->name + " uses zip compression method " +
                                             std::to_string(e->method) + " (only stored and deflate are supported)");
  unzFile uf = open_handle(shared_);
  if (uf == nullptr) return fail(read_error::corrupt_zip, path + ": the zip archive can no longer be read");
  unz64_file_pos pos{e->pos_in_central_dir, e->num_of_file};
  if (unzGoToFilePos64(uf, &pos) != UNZ_OK || unzOpenCurrentFile(uf) != UNZ_OK) {
    unzClose(uf);
    return fail(read_error::corrupt_zip, path + ": " + e->name + ": the zip entry's header is damaged");
  }
  zip_stream stream(uf, *e, shared_);
  stream.start_pos_ = unzGetCurrentFileZStreamPos64(uf);
  return stream;
}

result<std::string> zip_archive::read_part(std::string_view part, std::size_t max_bytes) const {
  auto stream = open_part(part);
  if (!stream) return util::unexpected<error>{stream.error()};
  std::string out;
  char buf[1 << 16];
  for (;;) {
    auto n = stream->read(buf, sizeof buf);
    if (!n) return util::unexpected<error>{n.error()};
    if (*n == 0) break;
    if (out.size() + *n > max_bytes)
      return fail(read_error::limit_exceeded, shared_->path + ": " + stream->part() + " is larger than " +
                                                   mib(max_bytes) + ", too large for a package part of its kind");
    out.append(buf, *n);
  }
  return out;
}

zip_stream::zip_stream(void* handle, zip_entry entry, std::shared_ptr<zip_shared> shared)
    : handle_(handle), entry_(std::move(entry)), shared_(std::move(shared)) {}

zip_stream::zip_stream(zip_stream&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)),
      entry_(std::move(other.entry_)),
      shared_(std::move(other.shared_)),
      inflated_(other.inflated_),
      start_pos_(other.start_pos_),
      done_(other.done_) {}

zip_stream& zip_stream::operator=(zip_stream&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = std::exchange(other.handle_, nullptr);
    entry_ = std::move(other.entry_);
    shared_ = std::move(other.shared_);
    inflated_ = other.inflated_;
    start_pos_ = other.start_pos_;
    done_ = other.done_;
  }
  return *this;
}

zip_stream::~zip_stream() { close(); }

void zip_stream::close() {
  if (handle_ != nullptr) {
    unzCloseCurrentFile(handle_);
    unzClose(handle_);
    handle_ = nullptr;
  }
}

result<std::size_t> zip_stream::read(char* buf, std::size_t size) {
  const std::string& path = shared_->path;
  if (done_ || handle_ == nullptr) return std::size_t{0};
  const int n = unzReadCurrentFile(handle_, buf, unsigned(std::min<std::size_t>(size, 1u << 30)));
  if (n < 0) {
    close();
    return fail(read_error::corrupt_zip, path + ": " + entry_.name + ": the compressed data is damaged or cut short");
  }
  if (n == 0) {
    done_ = true;
    const int rc = unzCloseCurrentFile(handle_);
    unzClose(handle_);
    handle_ = nullptr;
    if (rc == UNZ_CRCERROR)
      return fail(read_error::corrupt_zip, path + ": " + entry_.name + ": CRC check failed (the file is damaged)");
    return std::size_t{0};
  }
  inflated_ += std::uint64_t(n);
  const std::uint64_t total = shared_->inflated_total += std::uint64_t(n);
  const limits& caps = shared_->caps;
  if (inflated_ > caps.max_part_bytes) {
    close();
    return fail(read_error::limit_exceeded, path + ": " + entry_.name + " inflates to more than " +
                                                mib(caps.max_part_bytes) + " (limit max-part; raise it with --max-part)");
  }
  if (total > caps.max_inflated_bytes) {
    close();
    return fail(read_error::limit_exceeded, path + ": the workbook inflates to more than " +
                                                mib(caps.max_inflated_bytes) +
                                                " (limit max-inflated; raise it with --max-inflated)");
  }
  // The ratio is taken against the compressed bytes read so far, so a bomb is stopped within
  // its first megabytes rather than after inflating all of it.
  const std::uint64_t consumed = unzGetCurrentFileZStreamPos64(handle_) - start_pos_;
  if (inflated_ > ratio_grace_bytes && inflated_ / std::max<std::uint64_t>(consumed, 1) > caps.max_ratio) {
    close();
    return fail(read_error::limit_exceeded,
                path + ": " + entry_.name + " inflates to more than " + std::to_string(caps.max_ratio) +
                    " times its compressed size, like a decompression bomb (limit max-ratio; raise it with --max-ratio)");
  }
  return std::size_t(n);
}

prefetch_stream::prefetch_stream(zip_stream stream, std::size_t chunk_bytes, std::size_t depth,
                                 std::uint64_t min_thread_bytes)
    : stream_(std::move(stream)), part_(stream_.part()), chunk_bytes_(chunk_bytes) {
  if (stream_.compressed_size() < min_thread_bytes) return;
  for (std::size_t i = 0; i < depth; ++i) spare_.push_back(chunk{util::raw_buffer(chunk_bytes_), 0});
  worker_ = std::thread([this] { work(); });
}

prefetch_stream::~prefetch_stream() {
  if (!threaded()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void prefetch_stream::work() {
  for (;;) {
    chunk c;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || !spare_.empty(); });
      if (stopping_) return;
      c = std::move(spare_.back());
      spare_.pop_back();
    }
    auto n = stream_.read(c.bytes.data(), c.bytes.size());
    std::lock_guard lock(mutex_);
    if (!n) {
      error_ = n.error();
      finished_ = true;
    } else if (*n == 0) {
      finished_ = true;
    } else {
      c.size = *n;
      ready_.push_back(std::move(c));
    }
    changed_.notify_all();
    if (finished_) return;
  }
}

result<std::size_t> prefetch_stream::read(char* buf, std::size_t size) {
  if (!threaded()) return stream_.read(buf, size);
  std::size_t copied = 0;
  while (copied < size) {
    if (current_pos_ == current_.size) {
      std::unique_lock lock(mutex_);
      if (!current_.bytes.empty()) spare_.push_back(std::move(current_));
      current_ = chunk{};
      current_pos_ = 0;
      changed_.notify_all();
      if (copied > 0 && ready_.empty()) break;  // hand over what we have rather than wait
      changed_.wait(lock, [this] { return finished_ || !ready_.empty(); });
      if (ready_.empty()) {
        if (error_) return util::unexpected<error>{*error_};
        break;
      }
      current_ = std::move(ready_.front());
      ready_.pop_front();
    }
    const std::size_t n = std::min(size - copied, current_.size - current_pos_);
    std::memcpy(buf + copied, current_.bytes.data() + current_pos_, n);
    copied += n;
    current_pos_ += n;
  }
  return copied;
}

}  // namespace returncheck::xlsx::detail
