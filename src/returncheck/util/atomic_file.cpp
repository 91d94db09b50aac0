// Writing an output file atomically: a temporary file beside it, flushed, then renamed over it.
#include "returncheck/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <random>
#include <system_error>
#include <utility>

namespace returncheck::util {
namespace fs = std::filesystem;
namespace {

std::string reason(int err) { return std::generic_category().message(err); }

bool flush_each_file = true;  // set_flush_each_file

write_result failure(std::string message) { return unexpected{std::move(message)}; }

// Six characters as mkstemp uses, from a generator seeded once per thread: the name only has to
// be unlikely to clash, and O_EXCL settles any clash that happens.
std::string random_suffix() {
  static constexpr char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 gen = [] {
    std::random_device device;
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::seed_seq seed{std::uint64_t(device()), std::uint64_t(device()), std::uint64_t(now), std::uint64_t(::getpid())};
    return std::mt19937_64(seed);
  }();
  std::uniform_int_distribution<std::size_t> pick(0, sizeof chars - 2);
  std::string out(6, '\0');
  for (char& c : out) c = chars[pick(gen)];
  return out;
}

// The temporary file. It is removed when this goes out of scope unless it was renamed into
// place, so that no failure (an exception from a writer included) leaves it behind.
class temporary_file {
 public:
  temporary_file() = default;
  temporary_file(const temporary_file&) = delete;
  temporary_file& operator=(const temporary_file&) = delete;
  ~temporary_file() {
    close_quietly();
    if (!path_.empty() && !renamed_) ::unlink(path_.c_str());
  }

  // Creates ".NAME.XXXXXX" next to target. Mode 0666 lets the umask decide, as for any new file
  // (mkstemp would give 0600, and a report nobody else can read).
  write_result create(const fs::path& target) {
    const fs::path dir = target.parent_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string name(1, '.');
      name.append(target.filename().string()).append(1, '.').append(random_suffix());
      fs::path candidate = dir / name;
      const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) {
        fd_ = fd;
        path_ = std::move(candidate);
        return ok;
      }
      if (errno != EEXIST)
        return failure(target.string() + ": cannot create a temporary file in " + shown_dir(dir) + ": " +
                       reason(errno));
    }
    return failure(target.string() + ": cannot create a temporary file in " + shown_dir(dir) +
                   ": every name tried exists");
  }

  const fs::path& path() const { return path_; }

  write_result write_all(const fs::path& target, std::string_view content) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return failure(target.string() + ": cannot write " + path_.string() + ": " + reason(errno));
      }
      p += n;
      left -= std::size_t(n);
    }
    return ok;
  }

  // Lets another writer open the file by its path.
  void close_quietly() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Flushes the file to disk and renames it over target: after a crash the target is either the
  // old file or the whole new one.
  write_result rename_over(const fs::path& target) {
    if (fd_ < 0) {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return failure(target.string() + ": cannot reopen " + path_.string() + ": " + reason(errno));
    }
    keep_mode_of(target);
    if (flush_each_file && ::fsync(fd_) != 0)
      return failure(target.string() + ": cannot flush " + path_.string() + " to disk: " + reason(errno));
    // Some file systems (NFS) report a failed write only when the file is closed.
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return failure(target.string() + ": cannot write " + path_.string() + ": " + reason(errno));
    if (::rename(path_.c_str(), target.c_str()) != 0)
      return failure(target.string() + ": cannot rename " + path_.string() + " over it: " + reason(errno));
    renamed_ = true;
    if (flush_each_file) sync_dir(target.parent_path());
    return ok;
  }

 private:
  static std::string shown_dir(const fs::path& dir) { return dir.empty() ? std::string(".") : dir.string(); }

  // A replaced file keeps its permission bits, so that a report someone restricted stays restricted.
  // Best effort: when this fails the file keeps the umask's bits and is still written.
  void keep_mode_of(const fs::path& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::fchmod(fd_, st.st_mode & 07777);
  }

  // Makes the rename itself durable. Best effort: some file systems cannot sync a folder, and
  // the file is in place either way.
  static void sync_dir(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
  }

  fs::path path_;
  int fd_ = -1;
  bool renamed_ = false;
};

// Everything that can be refused before a file is created.
write_result check_target(const fs::path& target, std::span<const fs::path> inputs) {
  if (target.filename().empty()) return failure(target.string() + ": names a folder, not a file");
  std::error_code ec;
  if (fs::is_directory(target, ec)) return failure(target.string() + ": is a folder, not a file");
  for (const auto& input : inputs)
    if (same_file(target, input))
      return failure(target.string() + ": is the same file as the input " + input.string() +
                     "; an input is never written over");
  return ok;
}

}  // namespace

bool same_file(const fs::path& target, const fs::path& input) {
  struct stat t {}, i {};
  const bool target_exists = ::stat(target.c_str(), &t) == 0;
  const bool input_exists = ::stat(input.c_str(), &i) == 0;
  if (target_exists && input_exists) return t.st_dev == i.st_dev && t.st_ino == i.st_ino;
  // An output not there yet is a new name, and writing it (a rename into place) cannot touch
  // an input that exists. Only two names of which neither exists are left to compare.
  if (target_exists != input_exists) return false;
  std::error_code ec_target;
  std::error_code ec_input;
  const fs::path a = fs::weakly_canonical(target, ec_target);
  const fs::path b = fs::weakly_canonical(input, ec_input);
  if (!ec_target && !ec_input) return a == b;
  std::error_code ec;
  return fs::absolute(target, ec).lexically_normal() == fs::absolute(input, ec).lexically_normal();
}

void set_flush_each_file(bool flush) { flush_each_file = flush; }

write_result write_atomically(const fs::path& target, std::string_view content, std::span<const fs::path> inputs) {
  if (auto checked = check_target(target, inputs); !checked) return checked;
  temporary_file tmp;
  if (auto created = tmp.create(target); !created) return created;
  if (auto written = tmp.write_all(target, content); !written) return written;
  return tmp.rename_over(target);
}

write_result write_atomically_with(const fs::path& target, const file_writer& write, std::span<const fs::path> inputs) {
  if (auto checked = check_target(target, inputs); !checked) return checked;
  temporary_file tmp;
  if (auto created = tmp.create(target); !created) return created;
  tmp.close_quietly();
  if (auto written = write(tmp.path()); !written) return written;
  return tmp.rename_over(target);
}

}  // namespace returncheck::util
