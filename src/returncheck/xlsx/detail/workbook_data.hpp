// What a workbook's sheet readers share: the zip, shared strings, cell formats and the palette.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/xlsx/detail/zip.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx::detail {

// The shared-strings table as one block of text and offsets: far smaller than a vector of
// strings when a workbook has a million of them.
class shared_strings {
 public:
  void add(std::string_view s) {
    text_.append(s);
    ends_.push_back(text_.size());
  }
  std::size_t size() const { return ends_.size(); }
  std::string_view at(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string text_;
  std::vector<std::size_t> ends_;
};

struct cell_format {
  num_fmt_info fmt;
  std::string code;
  std::uint32_t style = 0;  // index into workbook_data::styles
};

struct workbook_data {
  zip_archive zip;
  limits caps;
  std::vector<sheet_info> sheets;
  std::vector<defined_name> names;
  std::vector<table_info> tables;
  std::size_t active_sheet = 0;
  std::vector<feature_count> package_features;
  bool date1904 = false;
  bool strict = false;
  std::string application;
  std::string app_version;
  shared_strings strings;
  std::vector<cell_format> formats;  // by cell format (xf) index
  cell_format general;               // for indexes beyond the table
  std::vector<cell_style> styles;    // the distinct looks of the formats; [0] is the default
  std::array<std::uint32_t, 64> palette{};  // RGB of indexed colours 0 to 63
};

}  // namespace returncheck::xlsx::detail
