// Reading YAML text safely: refused before it is built into a tree when it is too deep, when its
// aliases expand too far, or when it is not YAML at all.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "returncheck/schema/detail/problems.hpp"

namespace returncheck::schema::detail {

// A schema is a few kilobytes and five levels deep; these caps are far above any real one.
std::size_t max_file_bytes();  // 10 MB unless set_max_file_bytes (schema.hpp) said otherwise
// The limit as a message gives it: "10 MB", or bytes when it is no whole number of megabytes.
std::string max_file_size_text();
inline constexpr std::size_t max_nesting = 64;            // lists and mappings inside each other
inline constexpr std::uint64_t max_values = 100'000;      // values, each alias counted at each use

// 1-based; 0 for a mark yaml-cpp did not set.
source_pos position(const YAML::Mark& m);

// The text of a YAML file the user wrote, read within max_file_bytes (a larger file, or an
// endless device, is not read past the cap); nothing when a problem (added to `out`) stops it.
// `kind` names the file in messages ("schema": "is a folder, not a schema file"), `size_hint`
// says what size to expect ("a schema is a few kilobytes").
std::optional<std::string> read_yaml_file(const std::string& path, std::string_view kind, std::string_view size_hint,
                                          problem_list& out);

// The first YAML document of `text`, or nothing when a problem (added to `out`) stops the
// reading: a syntax error, a cap above exceeded, an empty file. A second document is reported
// and ignored. Never throws.
std::optional<YAML::Node> parse_yaml(const std::string& text, problem_list& out);

}  // namespace returncheck::schema::detail
