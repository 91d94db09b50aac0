// Temporary folders and files for tests: a fresh folder per test, whole-file reads and writes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace returncheck::test {

// A new, empty folder in the test's temporary folder, "returncheck-TAG-PID-N": a tag per test file
// keeps their folders apart.
std::filesystem::path fresh_dir(std::string_view tag);

std::string read_bytes(const std::filesystem::path& path);
void write_bytes(const std::filesystem::path& path, const std::string& content);

// Every name in dir, sorted: shows a file left behind.
std::vector<std::string> names_in(const std::filesystem::path& dir);

}  // namespace returncheck::test
