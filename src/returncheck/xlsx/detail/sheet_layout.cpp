// Reading <col>, <sheetView>, <pane>, <sheetFormatPr> and <tabColor> for the worksheet scanner.
#include "returncheck/xlsx/detail/sheet_layout.hpp"

#include "returncheck/xlsx/detail/styles.hpp"
#include "returncheck/xlsx/detail/xml_attrs.hpp"

namespace returncheck::xlsx::detail {
namespace {

constexpr std::string_view pane_state_names[] = {"split", "frozen", "frozenSplit"};

// A size in characters or points: Excel's own limits are 255 characters and 409 points, but a
// larger one is only odd, not wrong, so anything finite and not negative is kept.
bool parse_size(std::string_view s, double& out) {
  double v = 0;
  if (!parse_finite(s, v) || v < 0) return false;
  out = v;
  return true;
}

// A split's position as a count of rows or columns: frozen panes write whole numbers.
std::uint32_t count_of(double split, std::uint32_t limit) {
  if (!(split > 0)) return 0;
  if (split >= double(limit)) return limit;
  return std::uint32_t(split + 0.5);
}

}  // namespace

std::optional<col_info> read_col(std::string_view attrs) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  col_info c;
  std::optional<std::uint32_t> min, max;
  while (cur.next(name, value)) {
    std::uint32_t n = 0;
    double d = 0;
    if (name == "min") {
      if (parse_uint(value, n)) min = n;
    } else if (name == "max") {
      if (parse_uint(value, n)) max = n;
    } else if (name == "width") {
      if (parse_size(value, d)) c.width = d;
    } else if (name == "customWidth") {
      parse_bool(value, c.custom_width);
    } else if (name == "hidden") {
      parse_bool(value, c.hidden);
    } else if (name == "style") {
      if (parse_uint(value, n)) c.style_idx = n;
    } else if (name == "outlineLevel") {
      if (parse_uint(value, n) && n <= 7) c.outline_level = std::uint8_t(n);
    }
  }
  if (!min || !max || *min == 0 || *min > max_col_idx || *min > *max) return std::nullopt;
  c.first_col = *min;
  // Some writers end the last run at a column beyond XFD; the sheet ends there anyway.
  c.last_col = std::min(*max, max_col_idx);
  return c;
}

void read_sheet_view(std::string_view attrs, sheet_view& view) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  while (cur.next(name, value)) {
    if (name == "tabSelected") {
      parse_bool(value, view.tab_selected);
    } else if (name == "showGridLines") {
      parse_bool(value, view.show_grid_lines);
    } else if (name == "zoomScale") {
      std::uint32_t zoom = 0;
      if (parse_uint(value, zoom) && zoom >= 10 && zoom <= 400) view.zoom_scale = std::uint16_t(zoom);
    }
  }
}

sheet_pane read_pane(std::string_view attrs) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  sheet_pane p;
  while (cur.next(name, value)) {
    if (name == "xSplit") {
      parse_size(value, p.x_split);
    } else if (name == "ySplit") {
      parse_size(value, p.y_split);
    } else if (name == "topLeftCell") {
      p.top_left = parse_cell_ref(value);
    } else if (name == "state") {
      if (auto s = find_name<pane_state>(value, pane_state_names)) p.state = *s;
    }
  }
  if (p.state != pane_state::split) {
    p.frozen_rows = count_of(p.y_split, max_row_idx);
    p.frozen_cols = count_of(p.x_split, max_col_idx);
  }
  return p;
}

void read_sheet_format(std::string_view attrs, sheet_layout& layout) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  while (cur.next(name, value)) {
    double d = 0;
    if (name == "defaultColWidth") {
      if (parse_size(value, d)) layout.default_col_width = d;
    } else if (name == "defaultRowHeight") {
      if (parse_size(value, d)) layout.default_row_height = d;
    } else if (name == "zeroHeight") {
      parse_bool(value, layout.rows_hidden_by_default);
    }
  }
}

color_info read_tab_color(std::string_view attrs, const workbook_data& wb) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  color_info c;
  while (cur.next(name, value)) read_color_attr(c, name, value);
  resolve_indexed(c, wb);
  return c;
}

}  // namespace returncheck::xlsx::detail
