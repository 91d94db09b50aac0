// Reading YAML text safely: refused before it is built into a tree when it is too deep, when its
// aliases expand too far, or when it is not YAML at all.
#include "returncheck/schema/detail/yaml_guard.hpp"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace returncheck::schema::detail {
namespace {

// Thrown from the event handler to stop yaml-cpp's parser at the first cap exceeded.
struct refused {
  YAML::Mark mark;
  std::string message;
};

// Walks yaml-cpp's parse events before any tree is built. yaml-cpp recurses once per level of
// nesting, and a tree built from aliases shares nodes that a walk would visit once per use (the
// "billion laughs"), so both are measured here, where stopping costs nothing.
class shape_guard final : public YAML::EventHandler {
 public:
  int documents() const { return documents_; }
  const YAML::Mark& second_document() const { return second_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2) second_ = mark;
    open_.clear();
    sizes_.clear();
    total_ = 0;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = sizes_.find(anchor);
    // yaml-cpp knows the anchor (it throws on an unknown one), so it names a node still open.
    if (it == sizes_.end()) throw refused{mark, "an alias refers to the list or mapping it is inside"};
    count(mark, it->second);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct frame {
    YAML::Mark mark;
    YAML::anchor_t anchor;
    std::uint64_t values;
  };

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) sizes_[anchor] = 1;
    count(mark, 1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (open_.size() >= max_nesting)
      throw refused{mark, "lists and mappings are nested deeper than " + std::to_string(max_nesting) + " levels"};
    open_.push_back({mark, anchor, 1});
  }
  void close() {
    if (open_.empty()) return;
    const frame f = open_.back();
    open_.pop_back();
    if (f.anchor != YAML::NullAnchor) sizes_[f.anchor] = f.values;
    count(f.mark, f.values);
  }
  void count(const YAML::Mark& mark, std::uint64_t n) {
    std::uint64_t& into = open_.empty() ? total_ : open_.back().values;
    into = n > max_values - std::min(into, max_values) ? max_values + 1 : into + n;
    if (into > max_values)
      throw refused{mark, "the YAML holds more than " + std::to_string(max_values) +
                              " values (an alias counts the values it repeats at each use)"};
  }

  int documents_ = 0;
  YAML::Mark second_;
  std::vector<frame> open_;
  std::unordered_map<YAML::anchor_t, std::uint64_t> sizes_;
  std::uint64_t total_ = 0;
};

// yaml-cpp's messages start in lower case and have no full stop, as ours.
std::string syntax_message(const YAML::Exception& e) { return "not valid YAML: " + e.msg; }

}  // namespace

source_pos position(const YAML::Mark& m) {
  if (m.is_null() || m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

namespace {
std::size_t& configured_max_file_bytes() {
  static std::size_t bytes = 10u << 20;
  return bytes;
}
}  // namespace

std::size_t max_file_bytes() { return configured_max_file_bytes(); }

std::string max_file_size_text() {
  const std::size_t b = max_file_bytes();
  return b % (1u << 20) == 0 ? std::to_string(b >> 20) + " MB" : std::to_string(b) + " bytes";
}

}  // namespace returncheck::schema::detail

namespace returncheck::schema {
void set_max_file_bytes(std::size_t bytes) { detail::configured_max_file_bytes() = bytes; }
}  // namespace returncheck::schema

namespace returncheck::schema::detail {

std::optional<std::string> read_yaml_file(const std::string& path, std::string_view kind, std::string_view size_hint,
                                          problem_list& out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    out.add({}, "is a folder, not a " + std::string(kind) + " file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.add({}, std::string("cannot open the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  // Read at most one byte past the cap, so that a huge file (or an endless device) is not read.
  std::string text;
  char buffer[65536];
  while (in && text.size() <= max_file_bytes()) {
    in.read(buffer, sizeof buffer);
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    out.add({}, "cannot read the file");
    return std::nullopt;
  }
  if (text.size() > max_file_bytes()) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    out.add({}, "the file is larger than " + max_file_size_text() +
                    (ec ? std::string() : " (" + std::to_string(size) + " bytes)") + "; " + std::string(size_hint) +
                    " (limit max-schema-size; raise it with --max-schema-size)");
    return std::nullopt;
  }
  return text;
}

std::optional<YAML::Node> parse_yaml(const std::string& text, problem_list& out) {
  try {
    shape_guard guard;
    {
      std::istringstream in(text);
      YAML::Parser parser(in);
      while (parser.HandleNextDocument(guard)) {
        if (guard.documents() > 1) break;
      }
    }
    if (guard.documents() == 0) {
      out.add({}, "the file is empty; a schema starts with 'returncheck: 1'");
      return std::nullopt;
    }
    if (guard.documents() > 1)
      out.add(position(guard.second_document()),
              "a second YAML document starts here; a schema file holds one, and the rest is not read");
    return YAML::Load(text);
  } catch (const refused& r) {
    out.add(position(r.mark), r.message);
  } catch (const YAML::Exception& e) {
    out.add(position(e.mark), syntax_message(e));
  } catch (const std::bad_alloc&) {
    out.add({}, "out of memory while reading the YAML");
  } catch (const std::exception& e) {
    out.add({}, std::string("the YAML could not be read: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace returncheck::schema::detail
