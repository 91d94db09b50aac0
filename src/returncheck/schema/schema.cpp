// Loading a schema: the file read within its caps, the YAML parsed safely, the model read and
// checked, every problem returned in file order.
#include "returncheck/schema/schema.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>

#include "returncheck/schema/detail/problems.hpp"
#include "returncheck/schema/detail/reader.hpp"
#include "returncheck/schema/detail/vocabulary.hpp"
#include "returncheck/schema/detail/yaml_guard.hpp"

namespace returncheck::schema {

using result_t = util::result<schema, std::vector<problem>>;

result_t load_text(const std::string& yaml, const std::string& name) {
  detail::problem_list problems;
  schema s;
  if (yaml.size() > detail::max_file_bytes()) {
    problems.add({}, "the file is larger than " + detail::max_file_size_text() + " (" +
                         std::to_string(yaml.size()) +
                         " bytes); a schema is a few kilobytes (limit max-schema-size; raise it with --max-schema-size)");
    return util::unexpected(problems.take());
  }
  try {
    const auto root = detail::parse_yaml(yaml, problems);
    if (root) {
      detail::schema_refs refs;
      s = detail::read_schema(*root, refs, problems);
      detail::check_references(s, refs, problems);
    }
  } catch (const std::bad_alloc&) {
    problems.add({}, "out of memory while reading the schema");
  } catch (const std::exception& e) {
    // yaml-cpp throws for some input the checks above let through; it is still one problem.
    problems.add({}, std::string("the schema could not be read: ") + e.what());
  }
  if (!problems.empty()) return util::unexpected(problems.take());
  s.path = name;
  return s;
}

result_t load_file(const std::string& path) {
  detail::problem_list problems;
  const auto text = detail::read_yaml_file(path, "schema", "a schema is a few kilobytes", problems);
  if (!text) return util::unexpected(problems.take());
  return load_text(*text, path);
}

std::string format_problem(const std::string& file, const problem& p) {
  if (p.at.line <= 0) return file + ": " + p.message;
  return file + ":" + std::to_string(p.at.line) + ":" + std::to_string(p.at.column) + ": " + p.message;
}

std::string expression_name(std::string_view period_id) {
  std::string out(period_id);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || u >= 0x80;
    if (!keep) c = '_';
  }
  return out;
}

std::string_view to_string(severity s) { return detail::name_of(detail::severities, s); }
std::optional<severity> parse_severity(std::string_view text) {
  for (const auto& c : detail::severities)
    if (c.name == text) return c.value;
  return std::nullopt;
}
std::string_view to_string(indicator_type t) { return detail::name_of(detail::indicator_types, t); }
std::string_view to_string(derived_kind k) { return detail::name_of(detail::derived_kinds, k); }
std::string_view to_string(layout l) { return detail::name_of(detail::layouts, l); }
std::string_view to_string(column_type t) { return detail::name_of(detail::column_types, t); }

}  // namespace returncheck::schema
