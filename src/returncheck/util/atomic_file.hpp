// Writing an output file atomically: readers see the old file or the whole new one, never a part.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "returncheck/util/result.hpp"

namespace returncheck::util {

// Errors are one line: the target as given, what failed, and the system's reason, e.g.
// "out/report.json: cannot create a temporary file in out: Permission denied".
using write_result = result<ok_t, std::string>;

// Writes content to target through a temporary file in the same folder (".NAME.XXXXXX"), which is
// flushed to disk and then renamed over target. An existing target keeps its permission bits and
// is replaced whole; a symbolic link at target is replaced by the file, not followed.
//
// Refuses, before anything is created, when target is the same file as one of `inputs` (the same
// inode when both exist, otherwise the same path once `.`, `..` and links are resolved): an input
// is never written over.
//
// On failure the temporary file is removed and target is left as it was.
write_result write_atomically(const std::filesystem::path& target, std::string_view content,
                              std::span<const std::filesystem::path> inputs = {});

// Writes a file that `write` produces itself at the path it is given (for writers that insist on
// opening the file, such as libxlsxwriter). That path names an empty file that `write` may
// overwrite or truncate; an error `write` returns is passed on unchanged. Otherwise as above.
using file_writer = std::function<write_result(const std::filesystem::path& temporary)>;
write_result write_atomically_with(const std::filesystem::path& target, const file_writer& write,
                                   std::span<const std::filesystem::path> inputs = {});

// Whether each file is flushed to disk (fsync, and its folder after the rename) before
// write_atomically returns; on by default. Off, the rename is still atomic for every reader and
// against a killed process, but a power cut may lose the file's contents: whoever turns it off
// flushes the file system itself (a batch run calls syncfs once, at its end, instead of ten
// fsyncs for each return). Process-wide.
void set_flush_each_file(bool flush);

// True when writing `target` would write over `input`: the same file by inode when both exist,
// never when only one exists, otherwise the same weakly canonical path.
bool same_file(const std::filesystem::path& target, const std::filesystem::path& input);

}  // namespace returncheck::util
