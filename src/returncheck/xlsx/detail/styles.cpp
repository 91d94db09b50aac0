// Reading styles.xml with expat: number formats, fonts, fills, borders, alignment and the palette.
#include "returncheck/xlsx/detail/styles.hpp"

#include <array>
#include <cstdlib>
#include <map>

#include "returncheck/xlsx/detail/xml_attrs.hpp"
#include "returncheck/xlsx/detail/xml_part.hpp"

namespace returncheck::xlsx::detail {
namespace {

// Excel refuses more than 64,000 cell formats; a file with more fonts, fills, borders or
// distinct looks than this is damaged or hostile, and the rest read as the default.
constexpr std::size_t max_style_entries = 65536;
constexpr std::size_t max_font_name_bytes = 255;

// The legacy palette of indexed="N" colours 0 to 63 (ECMA-376 Part 1, 18.8.27).
// clang-format off
constexpr std::array<std::uint32_t, 64> default_palette{
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF,
    0x800000, 0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080,
    0x9999FF, 0x993366, 0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF,
    0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF,
    0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99,
    0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600, 0x666699, 0x969696,
    0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399, 0x333333,
};
// clang-format on

// Names in enum order (style.hpp).
constexpr std::string_view underline_names[] = {"none", "single", "double", "singleAccounting", "doubleAccounting"};
constexpr std::string_view pattern_names[] = {
    "none",     "solid",     "mediumGray",   "darkGray",    "lightGray",       "darkHorizontal", "darkVertical",
    "darkDown", "darkUp",    "darkGrid",     "darkTrellis", "lightHorizontal", "lightVertical",  "lightDown",
    "lightUp",  "lightGrid", "lightTrellis", "gray125",     "gray0625"};
constexpr std::string_view border_names[] = {
    "none",         "thin",    "medium",        "dashed",     "dotted",           "thick",       "double", "hair",
    "mediumDashed", "dashDot", "mediumDashDot", "dashDotDot", "mediumDashDotDot", "slantDashDot"};
constexpr std::string_view horizontal_names[] = {"general", "left",    "center",           "right",
                                                 "fill",    "justify", "centerContinuous", "distributed"};
constexpr std::string_view vertical_names[] = {"bottom", "top", "center", "justify", "distributed"};

std::string_view attr(const char** attrs, std::string_view name) {
  const char* v = find_attr(attrs, name);
  return v == nullptr ? std::string_view() : std::string_view(v);
}

template <class E, std::size_t N>
void set_from_name(E& out, const char** attrs, std::string_view name, const std::string_view (&names)[N]) {
  if (auto e = find_name<E>(attr(attrs, name), names)) out = *e;
}

void set_bool(bool& out, const char** attrs, std::string_view name) {
  if (const char* v = find_attr(attrs, name)) parse_bool(v, out);
}

color_info read_color(const char** attrs) {
  color_info c;
  for (const char** a = attrs; *a != nullptr; a += 2) read_color_attr(c, a[0], a[1]);
  return c;
}

// One <xf> of <cellXfs>: what it points at, before the tables are complete.
struct xf_record {
  std::uint32_t num_fmt = 0;
  std::uint32_t font = 0;
  std::uint32_t fill = 0;
  std::uint32_t border = 0;
  alignment_info alignment;
};

// The parts of styles.xml that make cell formats. Elements are placed by their depth as well as
// their names, because <dxfs> (conditional formats) and <extLst> reuse <font>, <fill>, <border>
// and <numFmt> for other things.
class styles_handler : public xml_handler {
 public:
  void on_start(std::string_view name, const char** attrs) override {
    ++depth_;
    if (depth_ == 2) {
      section_ = find_name<section>(name, section_names).value_or(section::other);
      return;
    }
    switch (section_) {
      case section::num_fmts:
        if (depth_ == 3 && name == "numFmt") {
          const char* id = find_attr(attrs, "numFmtId");
          const char* code = find_attr(attrs, "formatCode");
          if (id != nullptr && code != nullptr) custom[std::uint32_t(std::strtoul(id, nullptr, 10))] = code;
        }
        return;
      case section::fonts: return font_start(name, attrs);
      case section::fills: return fill_start(name, attrs);
      case section::borders: return border_start(name, attrs);
      case section::cell_xfs: return xf_start(name, attrs);
      case section::colors:
        if (depth_ == 3) in_indexed_colors_ = name == "indexedColors";
        if (depth_ == 4 && in_indexed_colors_ && name == "rgbColor" && palette.size() < default_palette.size()) {
          color_info c = read_color(attrs);
          palette.push_back(c.rgb.value_or(0));
        }
        return;
      case section::other: return;
    }
  }
  void on_end(std::string_view) override {
    if (depth_ == 2) section_ = section::other;
    --depth_;
  }

  std::map<std::uint32_t, std::string> custom;
  std::vector<font_info> fonts;
  std::vector<fill_info> fills;
  std::vector<border_info> borders;
  std::vector<xf_record> xfs;
  std::vector<std::uint32_t> palette;  // the workbook's own <indexedColors>, when it has them

 private:
  enum class section : std::uint8_t { num_fmts, fonts, fills, borders, cell_xfs, colors, other };
  static constexpr std::string_view section_names[] = {"numFmts", "fonts", "fills", "borders", "cellXfs", "colors"};

  void font_start(std::string_view name, const char** attrs) {
    if (depth_ == 3) {
      in_item_ = name == "font" && fonts.size() < max_style_entries;
      if (in_item_) fonts.emplace_back();
      return;
    }
    if (depth_ != 4 || !in_item_) return;
    font_info& f = fonts.back();
    // <b/> is bold; <b val="0"/> is not.
    auto flag = [&](bool& out) {
      out = true;
      set_bool(out, attrs, "val");
    };
    if (name == "b") flag(f.bold);
    else if (name == "i") flag(f.italic);
    else if (name == "strike") flag(f.strike);
    else if (name == "u") {
      f.underline = underline_style::single;
      set_from_name(f.underline, attrs, "val", underline_names);
    } else if (name == "sz") {
      double size = 0;
      if (parse_finite(attr(attrs, "val"), size) && size > 0 && size <= 409) f.size = size;
    } else if (name == "name") {
      const std::string_view v = attr(attrs, "val");
      if (v.size() <= max_font_name_bytes) f.name = v;
    } else if (name == "color") {
      f.color = read_color(attrs);
    }
  }

  void fill_start(std::string_view name, const char** attrs) {
    if (depth_ == 3) {
      in_item_ = name == "fill" && fills.size() < max_style_entries;
      if (in_item_) fills.emplace_back();
      return;
    }
    if (!in_item_) return;
    fill_info& f = fills.back();
    if (depth_ == 4 && name == "patternFill") set_from_name(f.pattern, attrs, "patternType", pattern_names);
    else if (depth_ == 4 && name == "gradientFill") f.gradient = true;
    else if (depth_ == 5 && name == "fgColor") f.fg_color = read_color(attrs);
    else if (depth_ == 5 && name == "bgColor") f.bg_color = read_color(attrs);
  }

  void border_start(std::string_view name, const char** attrs) {
    if (depth_ == 3) {
      in_item_ = name == "border" && borders.size() < max_style_entries;
      if (!in_item_) return;
      border_info& b = borders.emplace_back();
      set_bool(b.diagonal_up, attrs, "diagonalUp");
      set_bool(b.diagonal_down, attrs, "diagonalDown");
      return;
    }
    if (!in_item_) return;
    border_info& b = borders.back();
    if (depth_ == 4) {
      // start and end are what newer writers call left and right.
      side_ = name == "left" || name == "start"  ? &b.left
              : name == "right" || name == "end" ? &b.right
              : name == "top"                    ? &b.top
              : name == "bottom"                 ? &b.bottom
              : name == "diagonal"               ? &b.diagonal
                                                 : nullptr;
      if (side_ != nullptr) set_from_name(side_->style, attrs, "style", border_names);
    } else if (depth_ == 5 && side_ != nullptr && name == "color") {
      side_->color = read_color(attrs);
    }
  }

  void xf_start(std::string_view name, const char** attrs) {
    if (depth_ == 3) {
      // Every <xf> keeps its place, so that the indexes after it stay right.
      in_item_ = name == "xf";
      if (!in_item_) return;
      xf_record& x = xfs.emplace_back();
      if (const char* id = find_attr(attrs, "numFmtId")) x.num_fmt = std::uint32_t(std::strtoul(id, nullptr, 10));
      parse_uint(attr(attrs, "fontId"), x.font);
      parse_uint(attr(attrs, "fillId"), x.fill);
      parse_uint(attr(attrs, "borderId"), x.border);
      return;
    }
    if (depth_ != 4 || !in_item_ || name != "alignment") return;
    alignment_info& a = xfs.back().alignment;
    set_from_name(a.horizontal, attrs, "horizontal", horizontal_names);
    set_from_name(a.vertical, attrs, "vertical", vertical_names);
    set_bool(a.wrap_text, attrs, "wrapText");
    set_bool(a.shrink_to_fit, attrs, "shrinkToFit");
    std::uint32_t n = 0;
    if (parse_uint(attr(attrs, "indent"), n) && n <= 250) a.indent = std::uint8_t(n);
    if (parse_uint(attr(attrs, "textRotation"), n) && (n <= 180 || n == 255)) a.text_rotation = std::uint8_t(n);
  }

  int depth_ = 0;
  section section_ = section::other;
  bool in_item_ = false;
  bool in_indexed_colors_ = false;
  border_side* side_ = nullptr;
};

void resolve(color_info& c, const std::array<std::uint32_t, 64>& palette) {
  if (!c.rgb && c.indexed && *c.indexed < palette.size()) c.rgb = palette[*c.indexed];
}

// Two cell formats that look alike share one cell_style: files from some writers repeat the
// same look in thousands of <xf>s.
using style_key = std::array<std::uint32_t, 5>;

style_key key_of(const xf_record& x) {
  const alignment_info& a = x.alignment;
  return {x.font, x.fill, x.border,
          std::uint32_t(a.horizontal) | std::uint32_t(a.vertical) << 8 | std::uint32_t(a.wrap_text) << 16 |
              std::uint32_t(a.shrink_to_fit) << 17,
          std::uint32_t(a.indent) | std::uint32_t(a.text_rotation) << 8};
}

}  // namespace

void read_color_attr(color_info& c, std::string_view name, std::string_view value) {
  if (name == "rgb") {
    const std::string_view hex = trim(value);
    std::uint32_t v = 0;
    const auto r = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
    if ((hex.size() == 8 || hex.size() == 6) && r.ec == std::errc() && r.ptr == hex.data() + hex.size())
      c.rgb = v & 0xFFFFFF;
  } else if (name == "theme") {
    std::uint32_t v = 0;
    if (parse_uint(value, v)) c.theme = v;
  } else if (name == "indexed") {
    std::uint32_t v = 0;
    if (parse_uint(value, v)) c.indexed = v;
  } else if (name == "tint") {
    double v = 0;
    if (parse_finite(value, v) && v >= -1 && v <= 1) c.tint = v;
  }
}

std::array<std::uint32_t, 64> standard_palette() { return default_palette; }

void resolve_indexed(color_info& c, const workbook_data& wb) { resolve(c, wb.palette); }

result<util::ok_t> read_styles(workbook_data& wb, std::string_view part) {
  styles_handler h;
  auto parsed = parse_part(wb.zip, part, h);
  if (!parsed) return parsed;

  // A workbook's own palette replaces the standard one colour by colour.
  for (std::size_t i = 0; i < h.palette.size(); ++i) wb.palette[i] = h.palette[i];
  for (auto& f : h.fonts) resolve(f.color, wb.palette);
  for (auto& f : h.fills) {
    resolve(f.fg_color, wb.palette);
    resolve(f.bg_color, wb.palette);
  }
  for (auto& b : h.borders)
    for (border_side* s : {&b.left, &b.right, &b.top, &b.bottom, &b.diagonal}) resolve(s->color, wb.palette);

  std::map<style_key, std::uint32_t> seen;
  wb.formats.reserve(h.xfs.size());
  for (const xf_record& x : h.xfs) {
    cell_format f;
    if (auto it = h.custom.find(x.num_fmt); it != h.custom.end()) f.code = it->second;
    else f.code = std::string(builtin_num_fmt(x.num_fmt));
    if (f.code.empty()) f.code = "General";
    f.fmt = classify_num_fmt(f.code);

    const style_key key = key_of(x);
    if (auto it = seen.find(key); it != seen.end()) {
      f.style = it->second;
    } else if (wb.styles.size() < max_style_entries) {
      cell_style s;
      // An index beyond its table leaves that part as the default, as the reader does for s=.
      if (x.font < h.fonts.size()) s.font = h.fonts[x.font];
      if (x.fill < h.fills.size()) s.fill = h.fills[x.fill];
      if (x.border < h.borders.size()) s.border = h.borders[x.border];
      s.alignment = x.alignment;
      f.style = std::uint32_t(wb.styles.size());
      wb.styles.push_back(std::move(s));
      seen.emplace(key, f.style);
    }
    wb.formats.push_back(std::move(f));
  }
  return util::ok;
}

}  // namespace returncheck::xlsx::detail
