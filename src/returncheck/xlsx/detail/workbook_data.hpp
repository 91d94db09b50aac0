// What a workbook's sheet readers share: the zip, shared strings and number formats.
#pragma once

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
};

struct workbook_data {
  zip_archive zip;
  limits caps;
  std::vector<sheet_info> sheets;
  std::vector<defined_name> names;
  std::vector<table_info> tables;
  bool date1904 = false;
  bool strict = false;
  std::string application;
  std::string app_version;
  shared_strings strings;
  std::vector<cell_format> formats;  // by cell format (xf) index
  cell_format general;               // for indexes beyond the table
};

}  // namespace returncheck::xlsx::detail
