// Parses every formula of the shared corpus's reference dumps: real files written by Excel and others.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/formula/parser.hpp"

namespace returncheck::formula {
namespace {

namespace fs = std::filesystem;

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= std::uint32_t(c - '0');
    else if (c >= 'a' && c <= 'f') v |= std::uint32_t(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= std::uint32_t(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

// The "formula" member of one dump line, JSON escapes undone; nullopt when the cell has none.
// Inside a JSON string every quote is escaped, so the key cannot be matched inside a value.
std::optional<std::string> formula_of(std::string_view line) {
  std::size_t i = line.find("\"formula\":");
  if (i == std::string_view::npos) return std::nullopt;
  i += 10;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size() || line[i] != '"') return std::nullopt;
  std::string out;
  for (++i; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] != '\\') {
      out += line[i];
      continue;
    }
    if (++i == line.size()) break;
    switch (line[i]) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        auto cp = hex4(line, i + 1);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xD800 && *cp < 0xDC00 && line.substr(i + 1, 2) == "\\u") {
          const auto low = hex4(line, i + 3);
          if (low && *low >= 0xDC00 && *low < 0xE000) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default: out += line[i]; break;  // \" \\ \/
    }
  }
  return out;
}

std::string read_gz(const fs::path& path) {
  std::string text;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) {
    ADD_FAILURE() << "cannot open " << path;
    return text;
  }
  std::vector<char> buf(1 << 16);
  for (int n = gzread(f, buf.data(), unsigned(buf.size())); n > 0; n = gzread(f, buf.data(), unsigned(buf.size()))) {
    text.append(buf.data(), std::size_t(n));
  }
  gzclose(f);
  return text;
}

TEST(parser_corpus, parses_nearly_every_formula_of_the_reference_dumps) {
  const fs::path corpus = fs::path(RETURNCHECK_SOURCE_DIR) / ".." / "shared" / "corpus";
  std::error_code ec;
  if (!fs::is_directory(corpus, ec)) GTEST_SKIP() << "no corpus folder at " << corpus.lexically_normal();

  std::vector<fs::path> dumps;
  for (auto it = fs::recursive_directory_iterator(corpus, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.ends_with(".expected.jsonl.gz")) dumps.push_back(it->path());
  }
  std::sort(dumps.begin(), dumps.end());
  ASSERT_FALSE(dumps.empty()) << "no *.expected.jsonl.gz under " << corpus;

  std::size_t total = 0;
  std::size_t failed = 0;
  for (const auto& dump : dumps) {
    const std::string text = read_gz(dump);
    // Most cells have no formula: look for the key, then take the line around it.
    for (std::size_t hit = text.find("\"formula\":"); hit != std::string::npos;
         hit = text.find("\"formula\":", hit + 1)) {
      const std::size_t begin = text.rfind('\n', hit) + 1;  // npos + 1 is 0
      const std::size_t end = std::min(text.find('\n', hit), text.size());
      const std::string_view line = std::string_view(text).substr(begin, end - begin);
      const auto formula = formula_of(line);
      if (!formula) continue;
      ++total;
      const auto tree = parse(*formula);
      if (tree) continue;
      ++failed;
      if (failed <= 50) {
        std::cout << "  " << fs::relative(dump, corpus).string() << ": " << line.substr(0, 200) << "\n    "
                  << tree.error().message << "\n";
      }
    }
  }
  const double rate = total == 0 ? 0 : 100.0 * double(total - failed) / double(total);
  std::cout << "parsed " << (total - failed) << " of " << total << " formulas in " << dumps.size()
            << " reference dumps (" << rate << "%)\n";
  RecordProperty("formulas", std::to_string(total));
  RecordProperty("failed", std::to_string(failed));
  EXPECT_GT(total, 0u);
  EXPECT_GE(rate, 99.9) << failed << " of " << total << " formulas did not parse";
}

}  // namespace
}  // namespace returncheck::formula
