// Reading schema maps and explanation files: a version key, one list of small mappings, every
// problem reported with its place, as a schema's are.
#include "returncheck/schema/companions.hpp"

#include <array>
#include <exception>
#include <new>
#include <span>

#include "returncheck/schema/detail/problems.hpp"
#include "returncheck/schema/detail/yaml_guard.hpp"

namespace returncheck::schema {
namespace {

using detail::problem_list;
using detail::quote;

source_pos at(const YAML::Node& n) { return detail::position(n.Mark()); }

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (const auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

// Reports a key of `map` that is not among `keys`, naming the nearest one.
void unknown_keys(const YAML::Node& map, std::span<const std::string_view> keys, const std::string& what,
                  problem_list& out) {
  for (const auto& kv : map) {
    const YAML::Node k = kv.first;
    if (!k.IsScalar()) {
      out.add(at(k), "a key in " + what + " is not a name");
      continue;
    }
    bool known = false;
    for (const auto key : keys) known = known || key == k.Scalar();
    if (known) continue;
    const auto hint = detail::nearest(k.Scalar(), keys);
    out.add(at(k), "unknown key " + quote(k.Scalar()) + " in " + what +
                       (hint ? " (did you mean " + quote(*hint) + "?)" : " (the keys are: " + join(keys) + ")"));
  }
}

std::string text_of(const YAML::Node& map, std::string_view key, const std::string& what, problem_list& out) {
  const YAML::Node v = map[std::string(key)];
  if (!v) return {};
  if (!v.IsScalar()) {
    out.add(at(v), quote(key) + " in " + what + " must be a text");
    return {};
  }
  return v.Scalar();
}

// The document's list under `list_key`, after checking `version_key: 1`; nothing when the
// document's shape is wrong (the problems say how).
std::optional<YAML::Node> entries(const YAML::Node& root, std::string_view version_key, std::string_view list_key,
                                  problem_list& out) {
  if (!root.IsMap()) {
    out.add(at(root), "the file must be a mapping with '" + std::string(version_key) + ": 1' and '" +
                          std::string(list_key) + ":'");
    return std::nullopt;
  }
  const std::array<std::string_view, 2> keys{version_key, list_key};
  unknown_keys(root, keys, "the file", out);
  const YAML::Node version = root[std::string(version_key)];
  if (!version) out.add(at(root), "the file has no '" + std::string(version_key) + ": 1' line");
  else if (!version.IsScalar() || version.Scalar() != "1")
    out.add(at(version), quote(version_key) + " must be 1, the only version there is");
  const YAML::Node list = root[std::string(list_key)];
  if (!list) {
    out.add(at(root), "the file has no '" + std::string(list_key) + ":' list");
    return std::nullopt;
  }
  if (!list.IsSequence()) {
    out.add(at(list), quote(list_key) + " must be a list of entries, each starting with '- '");
    return std::nullopt;
  }
  return list;
}

template <class T, class Read>
util::result<std::vector<T>, std::vector<problem>> load(const std::string& path, std::string_view kind,
                                                        std::string_view size_hint, std::string_view version_key, std::string_view list_key,
                                                        Read read_entry) {
  problem_list out;
  std::vector<T> result;
  try {
    const auto text = detail::read_yaml_file(path, kind, size_hint, out);
    const auto root = text ? detail::parse_yaml(*text, out) : std::nullopt;
    const auto list = root ? entries(*root, version_key, list_key, out) : std::nullopt;
    if (list) {
      std::size_t n = 0;
      for (const auto& item : *list) {
        ++n;
        const std::string what = "entry " + std::to_string(n) + " of " + quote(list_key);
        if (!item.IsMap()) {
          out.add(at(item), what + " must be a mapping of keys");
          continue;
        }
        result.push_back(read_entry(item, what, out));
        result.back().at = at(item);
      }
    }
  } catch (const std::bad_alloc&) {
    out.add({}, "out of memory while reading the file");
  } catch (const std::exception& e) {
    out.add({}, std::string("the file could not be read: ") + e.what());
  }
  if (!out.empty()) return util::unexpected(out.take());
  return result;
}

}  // namespace

util::result<std::vector<schema_map_entry>, std::vector<problem>> load_schema_map(const std::string& path) {
  static constexpr std::array<std::string_view, 3> keys{"file", "sheet", "schema"};
  return load<schema_map_entry>(path, "schema map", "a schema map is a few lines", "returncheck-schemas", "schemas",
                                [](const YAML::Node& item, const std::string& what, problem_list& out) {
                                  unknown_keys(item, keys, what, out);
                                  schema_map_entry e;
                                  e.file = text_of(item, "file", what, out);
                                  e.sheet = text_of(item, "sheet", what, out);
                                  e.schema = text_of(item, "schema", what, out);
                                  if (e.schema.empty()) out.add(at(item), what + " has no 'schema'");
                                  return e;
                                });
}

util::result<std::vector<explanation_entry>, std::vector<problem>> load_explanations(const std::string& path) {
  static constexpr std::array<std::string_view, 5> keys{"fingerprint", "text", "value", "by", "date"};
  return load<explanation_entry>(
      path, "explanations", "an explanations file is a few kilobytes", "returncheck-explanations", "explanations",
      [](const YAML::Node& item, const std::string& what, problem_list& out) {
        unknown_keys(item, keys, what, out);
        explanation_entry e;
        e.fingerprint = text_of(item, "fingerprint", what, out);
        e.text = text_of(item, "text", what, out);
        e.by = text_of(item, "by", what, out);
        e.date = text_of(item, "date", what, out);
        if (e.fingerprint.empty()) out.add(at(item), what + " has no 'fingerprint' (the finding's, from report.json)");
        if (e.text.empty()) out.add(at(item), what + " has no 'text' (the explanation)");
        if (const std::string v = text_of(item, "value", what, out); !v.empty()) {
          try {
            std::size_t used = 0;
            e.value = std::stod(v, &used);
            if (used != v.size()) throw std::invalid_argument(v);
          } catch (const std::exception&) {
            out.add(at(item["value"]), quote("value") + " in " + what + " must be a number, not " + quote(v));
          }
        }
        return e;
      });
}

}  // namespace returncheck::schema
