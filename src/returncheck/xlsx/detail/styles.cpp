// Reading styles.xml with expat.
#include "returncheck/xlsx/detail/styles.hpp"

#include <cstdlib>
#include <map>

#include "returncheck/xlsx/detail/xml_part.hpp"

namespace returncheck::xlsx::detail {
namespace {

class styles_handler : public xml_handler {
 public:
  void on_start(std::string_view name, const char** attrs) override {
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "numFmt" && in_num_fmts_) {  // not those inside <dxfs> (conditional formats)
      const char* id = find_attr(attrs, "numFmtId");
      const char* code = find_attr(attrs, "formatCode");
      if (id != nullptr && code != nullptr) custom[std::strtoul(id, nullptr, 10)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = find_attr(attrs, "numFmtId");
      xf_num_fmt.push_back(id ? std::uint32_t(std::strtoul(id, nullptr, 10)) : 0);
    }
  }
  void on_end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    if (name == "numFmts") in_num_fmts_ = false;
  }
  std::map<std::uint32_t, std::string> custom;
  std::vector<std::uint32_t> xf_num_fmt;

 private:
  bool in_cell_xfs_ = false;
  bool in_num_fmts_ = false;
};

}  // namespace

result<util::ok_t> read_styles(workbook_data& wb, std::string_view part) {
  styles_handler h;
  auto parsed = parse_part(wb.zip, part, h);
  if (!parsed) return parsed;
  wb.formats.reserve(h.xf_num_fmt.size());
  for (std::uint32_t id : h.xf_num_fmt) {
    cell_format f;
    if (auto it = h.custom.find(id); it != h.custom.end()) f.code = it->second;
    else f.code = std::string(builtin_num_fmt(id));
    if (f.code.empty()) f.code = "General";
    f.fmt = classify_num_fmt(f.code);
    wb.formats.push_back(std::move(f));
  }
  return util::ok;
}

}  // namespace returncheck::xlsx::detail
