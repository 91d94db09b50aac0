// Opening a workbook: package relationships, workbook.xml, styles, shared strings, app properties.
#include "returncheck/xlsx/workbook.hpp"

#include <algorithm>

#include "returncheck/xlsx/detail/package.hpp"
#include "returncheck/xlsx/detail/sheet_scanner.hpp"
#include "returncheck/xlsx/detail/styles.hpp"
#include "returncheck/xlsx/detail/text.hpp"
#include "returncheck/xlsx/detail/workbook_data.hpp"
#include "returncheck/xlsx/detail/xml_attrs.hpp"
#include "returncheck/xlsx/detail/xml_part.hpp"

namespace returncheck::xlsx {
namespace detail {
namespace {

using util::unexpected;

// The last segment of a relationship type URI: transitional and Strict differ only before it.
std::string_view rel_kind(std::string_view type) {
  const auto slash = type.rfind('/');
  return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Resolves a relationship target against the folder of the part that names it.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string t = percent_decode(target);
  std::replace(t.begin(), t.end(), '\\', '/');
  std::string joined;
  if (!t.empty() && t.front() == '/') {
    joined = t.substr(1);
  } else {
    const auto slash = source_part.rfind('/');
    joined = std::string(slash == std::string_view::npos ? "" : source_part.substr(0, slash + 1)) + t;
  }
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    auto end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& seg : segments) {
    if (!out.empty()) out.push_back('/');
    out += seg;
  }
  return out;
}

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"
std::string rels_part_of(std::string_view part) {
  const auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) + ".rels";
}

struct relationship {
  std::string id;
  std::string type;
  std::string target;  // resolved part name
  bool external = false;
};

class rels_handler : public xml_handler {
 public:
  rels_handler(std::string source) : source_(std::move(source)) {}
  void on_start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    relationship r;
    if (const char* v = find_attr(attrs, "Id")) r.id = v;
    if (const char* v = find_attr(attrs, "Type")) r.type = v;
    const char* mode = find_attr(attrs, "TargetMode");
    r.external = mode != nullptr && std::string_view(mode) == "External";
    if (const char* v = find_attr(attrs, "Target")) r.target = r.external ? v : resolve_target(source_, v);
    rels.push_back(std::move(r));
  }
  std::vector<relationship> rels;

 private:
  std::string source_;
};

// Reads the relationships of a part; a missing .rels part is an empty list.
result<std::vector<relationship>> read_rels(const zip_archive& zip, std::string_view source_part) {
  const std::string rels_part = rels_part_of(source_part);
  if (zip.find(rels_part) == nullptr) return std::vector<relationship>{};
  rels_handler h{std::string(source_part)};
  auto r = parse_part(zip, rels_part, h);
  if (!r) return unexpected<error>{r.error()};
  return std::move(h.rels);
}

const relationship* find_rel_of_kind(const std::vector<relationship>& rels, std::string_view kind) {
  for (const auto& r : rels)
    if (!r.external && rel_kind(r.type) == kind) return &r;
  return nullptr;
}

class content_types_handler : public xml_handler {
 public:
  void on_start(std::string_view name, const char** attrs) override {
    if (name != "Override") return;
    const char* part = find_attr(attrs, "PartName");
    const char* type = find_attr(attrs, "ContentType");
    if (part != nullptr && type != nullptr) overrides.emplace_back(resolve_target("", part), type);
  }
  std::vector<std::pair<std::string, std::string>> overrides;
};

bool is_true(const char* v) {
  return v != nullptr && (std::string_view(v) == "1" || std::string_view(v) == "true");
}

class workbook_handler : public xml_handler {
 public:
  explicit workbook_handler(workbook_data& wb) : wb_(wb) {}
  void on_start(std::string_view name, const char** attrs) override {
    if (name == "workbookPr") {
      // Only when present: <x15:workbookPr> shares the local name and must not reset it.
      if (const char* v = find_attr(attrs, "date1904")) wb_.date1904 = is_true(v);
    } else if (name == "sheet") {
      sheet_info s;
      if (const char* v = find_attr(attrs, "name")) s.name = v;
      if (const char* v = find_attr(attrs, "state")) {
        const std::string_view st = v;
        s.state = st == "hidden" ? sheet_state::hidden : st == "veryHidden" ? sheet_state::very_hidden : sheet_state::visible;
      }
      wb_.sheets.push_back(std::move(s));
      const char* id = find_attr(attrs, "id");
      rel_ids.emplace_back(id ? id : "");
    } else if (name == "workbookView") {
      // The first window is the one that opens; its activeTab is the sheet shown.
      if (views_++ == 0)
        if (const char* v = find_attr(attrs, "activeTab")) parse_uint(std::string_view(v), wb_.active_sheet);
    } else if (name == "workbookProtection") {
      workbook_protected = true;
    } else if (name == "definedName") {
      defined_name d;
      if (const char* v = find_attr(attrs, "name")) d.name = v;
      if (const char* v = find_attr(attrs, "localSheetId")) {
        try {
          d.local_sheet = std::uint32_t(std::stoul(v));
        } catch (...) {
        }
      }
      d.hidden = is_true(find_attr(attrs, "hidden"));
      wb_.names.push_back(std::move(d));
      in_name_ = true;
    }
  }
  void on_end(std::string_view name) override {
    if (name == "definedName") in_name_ = false;
  }
  void on_text(std::string_view text) override {
    if (in_name_ && !wb_.names.empty()) wb_.names.back().formula.append(text);
  }
  std::vector<std::string> rel_ids;
  bool workbook_protected = false;

 private:
  workbook_data& wb_;
  bool in_name_ = false;
  int views_ = 0;
};

class shared_strings_handler : public xml_handler {
 public:
  shared_strings_handler(shared_strings& out, const limits& caps, std::string where)
      : out_(out), caps_(caps), where_(std::move(where)) {}
  // "sstItem" is what Excel 2007 betas wrote for <si>.
  void on_start(std::string_view name, const char**) override {
    if (name == "si" || name == "sstItem") {
      in_si_ = true;
      text_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;  // phonetic guides (furigana) are not part of the text
    } else if (name == "t" && in_si_ && phonetic_depth_ == 0) {
      in_t_ = true;
    }
  }
  void on_end(std::string_view name) override {
    if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "si" || name == "sstItem") {
      in_si_ = false;
      if (out_.size() >= caps_.max_shared_strings) {
        stop({read_error::limit_exceeded, where_ + ": more than " + std::to_string(caps_.max_shared_strings) +
                                              " shared strings (limit max-shared-strings)"});
        return;
      }
      unescape_ooxml(text_);
      out_.add(text_);
    }
  }
  void on_text(std::string_view text) override {
    if (!in_t_) return;
    if (text_.size() + text.size() > caps_.max_string_bytes) {
      stop({read_error::limit_exceeded, where_ + ": shared string " + std::to_string(out_.size()) +
                                            " is longer than " + std::to_string(caps_.max_string_bytes) +
                                            " bytes (limit max-string)"});
      return;
    }
    text_.append(text);
  }

 private:
  shared_strings& out_;
  const limits& caps_;
  std::string where_;
  std::string text_;
  bool in_si_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

class app_handler : public xml_handler {
 public:
  void on_start(std::string_view name, const char**) override {
    field_ = name == "Application" ? &application : name == "AppVersion" ? &app_version : nullptr;
  }
  void on_end(std::string_view) override { field_ = nullptr; }
  void on_text(std::string_view text) override {
    if (field_ != nullptr && field_->size() < 256) field_->append(text);
  }
  std::string application;
  std::string app_version;

 private:
  std::string* field_ = nullptr;
};

// A table part: its name, range, header and totals rows, and column names.
class table_handler : public xml_handler {
 public:
  void on_start(std::string_view name, const char** attrs) override {
    if (name == "table") {
      const char* display = find_attr(attrs, "displayName");
      if (display == nullptr) display = find_attr(attrs, "name");
      if (display != nullptr) table.name = display;
      if (const char* v = find_attr(attrs, "ref")) range = parse_range(v);
      if (const char* v = find_attr(attrs, "headerRowCount")) table.header_rows = std::string_view(v) == "0" ? 0 : 1;
      if (const char* v = find_attr(attrs, "totalsRowCount")) table.totals_rows = std::string_view(v) == "0" ? 0 : 1;
    } else if (name == "tableColumn") {
      std::string column;
      if (const char* v = find_attr(attrs, "name")) column = v;
      unescape_ooxml(column);
      table.columns.push_back(std::move(column));
    }
  }
  table_info table;
  std::optional<cell_range> range;
};

// The tables of each worksheet, found through its relationships. Tables only matter to formulas
// that name them, so a damaged table part is left out rather than failing the whole read.
void read_tables(workbook_data& wb) {
  for (std::uint32_t i = 0; i < wb.sheets.size(); ++i) {
    const sheet_info& s = wb.sheets[i];
    if (s.kind != sheet_kind::worksheet || s.part.empty() || wb.zip.find(s.part) == nullptr) continue;
    const auto rels = read_rels(wb.zip, s.part);
    if (!rels) continue;
    for (const auto& r : *rels) {
      if (r.external || rel_kind(r.type) != "table" || wb.zip.find(r.target) == nullptr) continue;
      table_handler h;
      if (!parse_part(wb.zip, r.target, h) || !h.range || h.table.name.empty()) continue;
      h.table.sheet = i;
      h.table.ref = *h.range;
      const std::uint32_t width = h.range->last.col_idx - h.range->first.col_idx + 1;
      if (h.table.columns.size() != width) continue;  // columns that do not fit the range
      wb.tables.push_back(std::move(h.table));
    }
  }
}

constexpr std::string_view workbook_content_types[] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
};

// Finds the workbook part: from the package relationships as the standard says, then from
// [Content_Types].xml, then by the usual name, because some writers omit one or the other.
result<std::string> find_workbook_part(const zip_archive& zip, const std::vector<relationship>& root_rels,
                                       const content_types_handler& ct, bool& strict) {
  auto content_type = [&](std::string_view part) -> std::string_view {
    const std::string wanted = lower_ascii(part);
    for (const auto& [name, type] : ct.overrides)
      if (lower_ascii(name) == wanted) return type;
    return {};
  };
  for (const auto& r : root_rels) {
    if (r.external || rel_kind(r.type) != "officeDocument") continue;
    strict = r.type.find("purl.oclc.org") != std::string::npos;
    const std::string_view type = content_type(r.target);
    if (type.find("presentationml") != std::string_view::npos)
      return fail(read_error::not_a_workbook, zip.path() + ": this is a PowerPoint presentation, not a workbook");
    if (type.find("wordprocessingml") != std::string_view::npos)
      return fail(read_error::not_a_workbook, zip.path() + ": this is a Word document, not a workbook");
    if (zip.find(r.target) != nullptr) return r.target;
  }
  for (const auto& [part, type] : ct.overrides)
    for (auto wt : workbook_content_types)
      if (type == wt && zip.find(part) != nullptr) return part;
  if (zip.find("xl/workbook.xml") != nullptr) return std::string("xl/workbook.xml");
  if (zip.find("word/document.xml") != nullptr)
    return fail(read_error::not_a_workbook, zip.path() + ": this is a Word document, not a workbook");
  if (zip.find("ppt/presentation.xml") != nullptr)
    return fail(read_error::not_a_workbook, zip.path() + ": this is a PowerPoint presentation, not a workbook");
  if (zip.entries().empty()) return fail(read_error::missing_part, zip.path() + ": the zip archive is empty");
  return fail(read_error::missing_part,
              zip.path() + ": no workbook part (xl/workbook.xml) in the package; is this an .xlsx file?");
}

sheet_kind kind_of(std::string_view rel_type) {
  const auto k = rel_kind(rel_type);
  if (k == "chartsheet") return sheet_kind::chartsheet;
  if (k == "dialogsheet") return sheet_kind::dialogsheet;
  if (k == "xlMacrosheet" || k == "xlIntlMacrosheet") return sheet_kind::macrosheet;
  return sheet_kind::worksheet;
}

// The styles part, by its relationship or else by its usual name beside the workbook part.
result<util::ok_t> read_styles_of(workbook_data& wb, const std::vector<relationship>& rels, std::string_view workbook_part) {
  std::string part;
  if (const auto* r = find_rel_of_kind(rels, "styles")) part = r->target;
  else part = resolve_target(workbook_part, "styles.xml");
  if (wb.zip.find(part) == nullptr) return util::ok;  // no styles: every cell is General
  return read_styles(wb, part);
}

}  // namespace
}  // namespace detail

result<workbook> workbook::open(const std::string& path, const limits& caps) {
  using namespace detail;
  auto zip = zip_archive::open(path, caps);
  if (!zip) return unexpected<error>{zip.error()};
  auto data = std::make_shared<workbook_data>();
  data->zip = std::move(*zip);
  data->caps = caps;
  data->general.code = "General";
  data->general.fmt = classify_num_fmt("General");
  data->styles.emplace_back();
  data->palette = standard_palette();
  const zip_archive& z = data->zip;

  // The package relationships only point at the workbook, which can be found without them;
  // a damaged _rels/.rels is read as an empty one.
  auto root_rels = read_rels(z, "");
  if (!root_rels) root_rels = std::vector<relationship>{};
  // Content types help to find the workbook and to count its parts; a damaged list must hide
  // neither, so it reads as an empty one.
  content_types_handler ct;
  if (z.find("[Content_Types].xml") != nullptr && !parse_part(z, "[Content_Types].xml", ct)) ct.overrides.clear();
  auto wb_part = find_workbook_part(z, *root_rels, ct, data->strict);
  if (!wb_part) return unexpected<error>{wb_part.error()};

  workbook_handler wh(*data);
  if (auto r = parse_part(z, *wb_part, wh); !r) return unexpected<error>{r.error()};
  auto wb_rels = read_rels(z, *wb_part);
  if (!wb_rels) return unexpected<error>{wb_rels.error()};
  for (std::size_t i = 0; i < data->sheets.size(); ++i) {
    for (const auto& r : *wb_rels) {
      if (r.id != wh.rel_ids[i] || r.external) continue;
      data->sheets[i].part = r.target;
      data->sheets[i].kind = kind_of(r.type);
      if (r.type.find("purl.oclc.org") != std::string::npos) data->strict = true;
    }
  }

  if (auto r = read_styles_of(*data, *wb_rels, *wb_part); !r) return unexpected<error>{r.error()};

  std::string sst_part;
  if (const auto* r = find_rel_of_kind(*wb_rels, "sharedStrings")) sst_part = r->target;
  else sst_part = resolve_target(*wb_part, "sharedStrings.xml");
  if (z.find(sst_part) != nullptr) {
    shared_strings_handler sh(data->strings, caps, path + ": " + sst_part);
    if (auto r = parse_part(z, sst_part, sh); !r) return unexpected<error>{r.error()};
  }

  read_tables(*data);
  if (data->active_sheet >= data->sheets.size()) data->active_sheet = 0;
  data->package_features = count_package_features(z, ct.overrides, wh.workbook_protected);

  std::string app_part = "docProps/app.xml";
  if (const auto* r = find_rel_of_kind(*root_rels, "extended-properties")) app_part = r->target;
  if (z.find(app_part) != nullptr) {
    app_handler ah;
    // Document properties are informative: a damaged one must not stop the cells being read.
    if (parse_part(z, app_part, ah)) {
      data->application = std::move(ah.application);
      data->app_version = std::move(ah.app_version);
    }
  }

  workbook wb;
  wb.data_ = std::move(data);
  return wb;
}

const std::string& workbook::path() const { return data_->zip.path(); }
const std::vector<sheet_info>& workbook::sheets() const { return data_->sheets; }
bool workbook::date1904() const { return data_->date1904; }
const std::vector<defined_name>& workbook::defined_names() const { return data_->names; }
const std::vector<table_info>& workbook::tables() const { return data_->tables; }
std::size_t workbook::active_sheet() const { return data_->active_sheet; }
const std::vector<feature_count>& workbook::package_features() const { return data_->package_features; }
std::string_view workbook::application() const { return data_->application; }
std::string_view workbook::app_version() const { return data_->app_version; }
bool workbook::strict_ooxml() const { return data_->strict; }
std::size_t workbook::shared_string_count() const { return data_->strings.size(); }

std::optional<std::size_t> workbook::find_sheet(std::string_view name) const {
  const std::string wanted = detail::fold_case(name);
  for (std::size_t i = 0; i < data_->sheets.size(); ++i)
    if (detail::fold_case(data_->sheets[i].name) == wanted) return i;
  return std::nullopt;
}

const num_fmt_info& workbook::num_fmt(std::uint32_t style_idx) const {
  return style_idx < data_->formats.size() ? data_->formats[style_idx].fmt : data_->general.fmt;
}

std::string_view workbook::num_fmt_code(std::uint32_t style_idx) const {
  return style_idx < data_->formats.size() ? data_->formats[style_idx].code : data_->general.code;
}

const cell_style& workbook::cell_style(std::uint32_t style_idx) const {
  return data_->styles[style_idx < data_->formats.size() ? data_->formats[style_idx].style : 0];
}

result<sheet_reader> workbook::read_sheet(std::size_t index) const {
  const sheet_info& s = data_->sheets.at(index);
  // A sheet that no relationship points at holds nothing to read (some writers leave
  // macro sheets so); one whose relationship names an absent part is a damaged package.
  if (s.kind == sheet_kind::chartsheet || s.part.empty())
    return sheet_reader(std::make_unique<detail::sheet_scanner>(data_, s));
  if (data_->zip.find(s.part) == nullptr)
    return fail(read_error::missing_part, path() + ": sheet '" + s.name + "': its part " + s.part + " is missing");
  auto stream = data_->zip.open_part(s.part);
  if (!stream) return util::unexpected<error>{stream.error()};
  return sheet_reader(std::make_unique<detail::sheet_scanner>(data_, s, std::move(*stream)));
}

std::optional<std::string> workbook::date_text(const cell& c) const {
  num_fmt_kind kind = num_fmt(c.style_idx).kind;
  if (kind != num_fmt_kind::date && kind != num_fmt_kind::time && kind != num_fmt_kind::datetime &&
      kind != num_fmt_kind::elapsed)
    kind = num_fmt_kind::datetime;  // a t="d" cell without a date format
  return format_serial(c.number, data_->date1904, kind);
}

}  // namespace returncheck::xlsx
