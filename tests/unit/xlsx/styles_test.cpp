// Tests for reading styles.xml: each cell format's font, fill, borders and alignment.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "returncheck/xlsx/workbook.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {
namespace {

using test::main_ns;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;

// A workbook with one small sheet and this styles part (the content of <styleSheet>).
workbook with_styles(const std::string& inner) {
  const std::string styles_xml =
      "<?xml version=\"1.0\"?>\n<styleSheet xmlns=\"" + main_ns + "\">" + inner + "</styleSheet>";
  auto wb = workbook::open(
      write_zip(workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}}, "", styles_xml)));
  if (!wb) throw std::runtime_error("cannot open: " + wb.error().message);
  return std::move(wb).value();
}

color_info rgb(std::uint32_t v) { return {.rgb = v}; }

TEST(styles, fonts) {
  const workbook wb = with_styles(
      "<fonts count=\"4\">"
      "<font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme "
      "val=\"minor\"/></font>"
      "<font><b/><i/><u/><strike/><sz val=\"14.5\"/><color rgb=\"FFFF0000\"/><name val=\"Arial\"/></font>"
      "<font><b val=\"0\"/><i val=\"false\"/><u val=\"doubleAccounting\"/><color indexed=\"10\"/></font>"
      "<font><b val=\"1\"/><u val=\"none\"/><color theme=\"4\" tint=\"-0.249977111117893\"/></font>"
      "</fonts>"
      "<cellXfs count=\"4\"><xf fontId=\"0\"/><xf fontId=\"1\" applyFont=\"1\"/><xf fontId=\"2\"/><xf "
      "fontId=\"3\"/></cellXfs>");
  EXPECT_EQ(wb.cell_style(0).font, (font_info{.name = "Calibri", .size = 11, .color = {.theme = 1}}));
  EXPECT_EQ(wb.cell_style(1).font, (font_info{.name = "Arial",
                                              .size = 14.5,
                                              .bold = true,
                                              .italic = true,
                                              .strike = true,
                                              .underline = underline_style::single,
                                              .color = rgb(0xFF0000)}));
  EXPECT_EQ(wb.cell_style(2).font,
            (font_info{.underline = underline_style::double_accounting, .color = {.rgb = 0xFF0000, .indexed = 10}}));
  EXPECT_EQ(wb.cell_style(3).font, (font_info{.bold = true, .color = {.theme = 4, .tint = -0.249977111117893}}));
}

TEST(styles, fills) {
  const workbook wb = with_styles(
      "<fills count=\"6\">"
      "<fill><patternFill patternType=\"none\"/></fill>"
      "<fill><patternFill patternType=\"gray125\"/></fill>"
      "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFFF00\"/><bgColor "
      "indexed=\"64\"/></patternFill></fill>"
      "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"22\"/></patternFill></fill>"
      "<fill><patternFill/></fill>"
      "<fill><gradientFill degree=\"90\"><stop position=\"0\"><color theme=\"0\"/></stop></gradientFill></fill>"
      "</fills>"
      "<cellXfs count=\"6\"><xf fillId=\"0\"/><xf fillId=\"1\"/><xf fillId=\"2\"/><xf fillId=\"3\"/><xf fillId=\"4\"/>"
      "<xf fillId=\"5\"/></cellXfs>");
  EXPECT_EQ(wb.cell_style(0).fill, fill_info{});
  EXPECT_EQ(wb.cell_style(1).fill, (fill_info{.pattern = fill_pattern::gray125}));
  // 64 is the system foreground colour, which has no RGB of its own.
  EXPECT_EQ(wb.cell_style(2).fill,
            (fill_info{.pattern = fill_pattern::solid, .fg_color = rgb(0xFFFF00), .bg_color = {.indexed = 64}}));
  EXPECT_EQ(wb.cell_style(3).fill,
            (fill_info{.pattern = fill_pattern::solid, .fg_color = {.rgb = 0xC0C0C0, .indexed = 22}}));
  EXPECT_EQ(wb.cell_style(4).fill, fill_info{});
  EXPECT_EQ(wb.cell_style(5).fill, (fill_info{.gradient = true}));
}

TEST(styles, borders) {
  const workbook wb = with_styles(
      "<borders count=\"3\">"
      "<border><left/><right/><top/><bottom/><diagonal/></border>"
      "<border diagonalUp=\"1\"><left style=\"thin\"><color indexed=\"64\"/></left><right style=\"medium\"/>"
      "<top style=\"thick\"><color rgb=\"FF0000FF\"/></top><bottom style=\"double\"/><diagonal "
      "style=\"hair\"/></border>"
      "<border><start style=\"dashed\"/><end style=\"mediumDashDotDot\"/><top style=\"wavy\"/>"
      "<bottom style=\"slantDashDot\"/></border>"
      "</borders>"
      "<cellXfs count=\"3\"><xf borderId=\"0\"/><xf borderId=\"1\"/><xf borderId=\"2\"/></cellXfs>");
  EXPECT_EQ(wb.cell_style(0).border, border_info{});
  const border_info& b = wb.cell_style(1).border;
  EXPECT_EQ(b.left, (border_side{border_line::thin, {.indexed = 64}}));
  EXPECT_EQ(b.right, (border_side{border_line::medium, {}}));
  EXPECT_EQ(b.top, (border_side{border_line::thick, rgb(0x0000FF)}));
  EXPECT_EQ(b.bottom.style, border_line::double_line);
  EXPECT_EQ(b.diagonal.style, border_line::hair);
  EXPECT_TRUE(b.diagonal_up);
  EXPECT_FALSE(b.diagonal_down);
  // start and end are left and right; a style name that does not exist is no line.
  const border_info& c = wb.cell_style(2).border;
  EXPECT_EQ(c.left.style, border_line::dashed);
  EXPECT_EQ(c.right.style, border_line::medium_dash_dot_dot);
  EXPECT_EQ(c.top.style, border_line::none);
  EXPECT_EQ(c.bottom.style, border_line::slant_dash_dot);
}

TEST(styles, alignment) {
  const workbook wb = with_styles(
      "<cellXfs count=\"4\"><xf/>"
      "<xf applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"top\" wrapText=\"1\"/></xf>"
      "<xf><alignment horizontal=\"centerContinuous\" vertical=\"center\" indent=\"2\" textRotation=\"255\" "
      "shrinkToFit=\"true\"/></xf>"
      "<xf><alignment horizontal=\"sideways\" vertical=\"\" indent=\"999\" textRotation=\"200\" "
      "wrapText=\"maybe\"/></xf>"
      "</cellXfs>");
  EXPECT_EQ(wb.cell_style(0).alignment, alignment_info{});
  EXPECT_EQ(wb.cell_style(1).alignment,
            (alignment_info{
                .horizontal = horizontal_alignment::center, .vertical = vertical_alignment::top, .wrap_text = true}));
  EXPECT_EQ(wb.cell_style(2).alignment, (alignment_info{.horizontal = horizontal_alignment::center_continuous,
                                                        .vertical = vertical_alignment::center,
                                                        .shrink_to_fit = true,
                                                        .indent = 2,
                                                        .text_rotation = 255}));
  // Values that are not in the standard leave the defaults.
  EXPECT_EQ(wb.cell_style(3).alignment, alignment_info{});
}

TEST(styles, conditional_format_styles_do_not_shift_the_tables) {
  // <dxfs> reuses <font>, <fill>, <border> and <numFmt>; none of them is a cell format's.
  const workbook wb = with_styles(
      "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.000\"/></numFmts>"
      "<fonts count=\"2\"><font><name val=\"Calibri\"/></font><font><b/><name val=\"Calibri\"/></font></fonts>"
      "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
      "<borders count=\"1\"><border/></borders>"
      "<cellStyleXfs count=\"2\"><xf fontId=\"1\"/><xf fontId=\"1\"/></cellStyleXfs>"
      "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"164\" fontId=\"1\"/></cellXfs>"
      "<dxfs count=\"1\"><dxf><font><i/><name val=\"Courier\"/></font><numFmt numFmtId=\"164\" formatCode=\"@\"/>"
      "<fill><patternFill patternType=\"solid\"><bgColor rgb=\"FFFF0000\"/></patternFill></fill>"
      "<border><left style=\"thick\"/></border></dxf></dxfs>"
      "<colors><mruColors><color rgb=\"FF00FF00\"/></mruColors></colors>");
  EXPECT_EQ(wb.cell_style(0), (cell_style{.font = {.name = "Calibri"}}));
  EXPECT_EQ(wb.cell_style(1), (cell_style{.font = {.name = "Calibri", .bold = true}}));
  EXPECT_EQ(wb.num_fmt_code(1), "0.000");
  EXPECT_EQ(wb.cell_style(2), cell_style{});  // the dxf is not a third cell format
}

TEST(styles, a_workbooks_own_palette) {
  std::string palette = "<colors><indexedColors>";
  for (int i = 0; i < 64; ++i) palette += i == 10 ? "<rgbColor rgb=\"FF123456\"/>" : "<rgbColor rgb=\"FF000000\"/>";
  palette += "</indexedColors></colors>";
  // <colors> comes last in the part, after the fonts that use it.
  const workbook wb = with_styles(
      "<fonts count=\"1\"><font><color indexed=\"10\"/></font></fonts>"
      "<cellXfs count=\"1\"><xf fontId=\"0\"/></cellXfs>" +
      palette);
  EXPECT_EQ(wb.cell_style(0).font.color, (color_info{.rgb = 0x123456, .indexed = 10}));
}

TEST(styles, unknown_indexes_and_bad_values_read_as_defaults) {
  const workbook wb = with_styles(
      "<fonts count=\"1\"><font><b/><sz val=\"-3\"/><sz val=\"nan\"/><name val=\"Arial\"/>"
      "<color rgb=\"red\"/><unknown/></font></fonts>"
      "<cellXfs count=\"3\"><xf fontId=\"0\"/><xf fontId=\"7\" fillId=\"3\" borderId=\"9\"/>"
      "<xf fontId=\"x\" fillId=\"-1\"/></cellXfs>");
  EXPECT_EQ(wb.cell_style(0).font, (font_info{.name = "Arial", .bold = true}));
  EXPECT_EQ(wb.cell_style(1), cell_style{});
  EXPECT_EQ(wb.cell_style(2).font.bold, true);  // fontId="x" reads as font 0, as numFmtId does
  EXPECT_EQ(wb.cell_style(3), cell_style{});    // beyond cellXfs
  EXPECT_EQ(wb.cell_style(4'000'000'000u), cell_style{});
}

TEST(styles, colour_values) {
  const workbook wb = with_styles(
      "<fonts count=\"6\"><font><color rgb=\"00FF8000\"/></font><font><color rgb=\"FF8000\"/></font>"
      "<font><color rgb=\"FFFF80\"/></font><font><color rgb=\"FFFF800\"/></font>"
      "<font><color indexed=\"70\"/></font><font><color theme=\"3\" tint=\"2\"/></font></fonts>"
      "<cellXfs count=\"6\"><xf fontId=\"0\"/><xf fontId=\"1\"/><xf fontId=\"2\"/><xf fontId=\"3\"/><xf fontId=\"4\"/>"
      "<xf fontId=\"5\"/></cellXfs>");
  EXPECT_EQ(wb.cell_style(0).font.color, rgb(0xFF8000));  // ARGB: the alpha byte is dropped
  EXPECT_EQ(wb.cell_style(1).font.color, rgb(0xFF8000));  // six digits: plain RGB
  EXPECT_EQ(wb.cell_style(2).font.color, rgb(0xFFFF80));
  EXPECT_EQ(wb.cell_style(3).font.color, color_info{});                 // seven digits: neither
  EXPECT_EQ(wb.cell_style(4).font.color, (color_info{.indexed = 70}));  // beyond the palette
  EXPECT_EQ(wb.cell_style(5).font.color, (color_info{.theme = 3}));     // a tint beyond 1 is not one
}

TEST(styles, formats_that_look_alike_read_alike) {
  const workbook wb = with_styles(
      "<fonts count=\"2\"><font><name val=\"A\"/></font><font><name val=\"B\"/></font></fonts>"
      "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"1\"/><xf numFmtId=\"14\" fontId=\"1\"/>"
      "<xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\"><alignment wrapText=\"1\"/></xf></cellXfs>");
  EXPECT_EQ(&wb.cell_style(0), &wb.cell_style(1));  // one look, two number formats
  EXPECT_EQ(wb.num_fmt_code(1), "m/d/yyyy");
  EXPECT_NE(wb.cell_style(0), wb.cell_style(2));
  EXPECT_NE(wb.cell_style(0), wb.cell_style(3));
}

TEST(styles, distinct_looks_are_capped) {
  // More looks than Excel allows cell formats: the ones beyond the cap read as the default,
  // while their number formats still read.
  const int fonts = 65537;
  std::string inner = "<fonts count=\"" + std::to_string(fonts) + "\">";
  for (int i = 0; i < fonts; ++i) inner += "<font><sz val=\"" + std::to_string(1 + i % 400) + "\"/><b/></font>";
  inner += "</fonts><cellXfs>";
  for (int i = 0; i < fonts; ++i) inner += "<xf numFmtId=\"10\" fontId=\"" + std::to_string(i) + "\"/>";
  inner += "</cellXfs>";
  const workbook wb = with_styles(inner);
  EXPECT_TRUE(wb.cell_style(0).font.bold);
  EXPECT_TRUE(wb.cell_style(65534).font.bold);
  EXPECT_EQ(wb.cell_style(65535), cell_style{});  // the default takes one of the places
  EXPECT_EQ(wb.cell_style(65536), cell_style{});
  EXPECT_EQ(wb.num_fmt_code(65536), "0.00%");
}

TEST(styles, no_styles_part) {
  auto wb = workbook::open(write_zip(workbook_parts({{"Sheet1", worksheet("")}})));
  ASSERT_TRUE(wb.has_value()) << wb.error().message;
  EXPECT_EQ(wb->cell_style(0), cell_style{});
}

}  // namespace
}  // namespace returncheck::xlsx
