// Parsing a package part's XML with expat, streamed from the zip, DTDs refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "returncheck/xlsx/detail/zip.hpp"

namespace returncheck::xlsx::detail {

// Receives a part's elements by local name (namespace prefixes and URIs removed), so that
// transitional and ISO Strict OOXML read alike.
class xml_handler {
 public:
  virtual ~xml_handler() = default;
  // attrs: local name, value, local name, value, ..., nullptr.
  virtual void on_start(std::string_view name, const char** attrs) = 0;
  virtual void on_end(std::string_view /*name*/) {}
  virtual void on_text(std::string_view /*text*/) {}

  // Lets a handler end the parse with an error of its own (a limit, a bad value).
  void stop(error e) {
    if (!stopped_) stopped_ = std::move(e);
  }
  const std::optional<error>& stopped() const { return stopped_; }

 private:
  std::optional<error> stopped_;
};

// The value of the attribute with this local name, or nullptr.
const char* find_attr(const char** attrs, std::string_view name);

// Parses the part, calling the handler; errors name the file, the part and the line.
result<util::ok_t> parse_part(const zip_archive& zip, std::string_view part, xml_handler& handler);

}  // namespace returncheck::xlsx::detail
