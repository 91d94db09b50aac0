// How a cell format (styles.xml <cellXfs>) looks beyond its number format: font, fill, borders, alignment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace returncheck::xlsx {

// A colour as styles and worksheets give it. Theme colours need the theme part, which is not
// read, so they keep only their index and tint; the legacy palette's indexed colours resolve
// to RGB (through the workbook's own <indexedColors> when it has one).
struct color_info {
  std::optional<std::uint32_t> rgb{};      // 0xRRGGBB; the alpha byte of ARGB is dropped, as Excel does
  std::optional<std::uint32_t> theme{};    // theme="N"
  std::optional<std::uint32_t> indexed{};  // indexed="N" as written; 64 and 65 are the system colours
  double tint = 0;                         // -1 (darker) to 1 (lighter), applied to a theme colour
  friend bool operator==(const color_info&, const color_info&) = default;
};

enum class underline_style : std::uint8_t { none, single, double_line, single_accounting, double_accounting };

// <font>: unset fields were not written, so the workbook's default (its first font) applies.
struct font_info {
  std::string name{};            // "Calibri"; empty when not given
  std::optional<double> size{};  // points
  bool bold = false;
  bool italic = false;
  bool strike = false;
  underline_style underline = underline_style::none;
  color_info color{};
  friend bool operator==(const font_info&, const font_info&) = default;
};

// <patternFill patternType>, in the file's order of names.
enum class fill_pattern : std::uint8_t {
  none,
  solid,
  medium_gray,
  dark_gray,
  light_gray,
  dark_horizontal,
  dark_vertical,
  dark_down,
  dark_up,
  dark_grid,
  dark_trellis,
  light_horizontal,
  light_vertical,
  light_down,
  light_up,
  light_grid,
  light_trellis,
  gray125,
  gray0625,
};

struct fill_info {
  fill_pattern pattern = fill_pattern::none;
  color_info fg_color{};  // a solid fill's colour
  color_info bg_color{};
  bool gradient = false;  // a <gradientFill>, which only its stops describe; they are not read
  friend bool operator==(const fill_info&, const fill_info&) = default;
};

// A border line's style, by the file's names (thin, medium, double, ...).
enum class border_line : std::uint8_t {
  none,
  thin,
  medium,
  dashed,
  dotted,
  thick,
  double_line,
  hair,
  medium_dashed,
  dash_dot,
  medium_dash_dot,
  dash_dot_dot,
  medium_dash_dot_dot,
  slant_dash_dot,
};

struct border_side {
  border_line style = border_line::none;
  color_info color{};
  friend bool operator==(const border_side&, const border_side&) = default;
};

struct border_info {
  border_side left{}, right{}, top{}, bottom{}, diagonal{};
  bool diagonal_up = false;
  bool diagonal_down = false;
  friend bool operator==(const border_info&, const border_info&) = default;
};

enum class horizontal_alignment : std::uint8_t {
  general,
  left,
  center,
  right,
  fill,
  justify,
  center_continuous,
  distributed,
};
enum class vertical_alignment : std::uint8_t { bottom, top, center, justify, distributed };

// <alignment>
struct alignment_info {
  horizontal_alignment horizontal = horizontal_alignment::general;
  vertical_alignment vertical = vertical_alignment::bottom;
  bool wrap_text = false;
  bool shrink_to_fit = false;
  std::uint8_t indent = 0;         // 0 to 250
  std::uint8_t text_rotation = 0;  // 0 to 90 up, 91 to 180 down (90 + degrees), 255 stacked vertically
  friend bool operator==(const alignment_info&, const alignment_info&) = default;
};

// One cell format (a cell's s= indexes them); its number format is workbook::num_fmt_code().
// It is what the <xf>'s own fontId, fillId, borderId and <alignment> name; its apply* flags
// are not read.
struct cell_style {
  font_info font{};
  fill_info fill{};
  border_info border{};
  alignment_info alignment{};
  friend bool operator==(const cell_style&, const cell_style&) = default;
};

}  // namespace returncheck::xlsx
