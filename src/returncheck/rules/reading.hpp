// A cell of a return as a reader sees it: a number at the precision shown, a suppression
// marker, a number typed as text, or text that is no number. The value and derived checks
// compare what the cell shows, because that is what the report printed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::rules {

enum class reading_kind : std::uint8_t {
  blank,       // empty, or only spaces
  number,      // a number, a date, or text that reads as one
  suppressed,  // a suppression marker such as "c", "x", "*", "[c]"
  text,        // text that is no number and no marker
  error,       // an error value (#DIV/0!)
};

struct reading {
  reading_kind kind = reading_kind::blank;
  // number: the value as stored, a fraction for percentages (0.214 for "21.4%" or 21.4% shown).
  double value = 0;
  // number: the value as shown (rounded to `decimals`, as a fraction for percentages).
  double shown = 0;
  // number: the decimal places shown: of a percentage in points ("21.4%" → 1); -1 when the
  // cell shows the number in full (General with many digits).
  int decimals = -1;
  bool percent = false;     // shown with % (a % format, or text ending in %)
  bool from_text = false;   // the number was typed as text ("1,234", "-20%")
  bool is_formula = false;
  std::string text;         // text, suppressed, error: as written (trimmed)

  bool is_number() const { return kind == reading_kind::number; }
  // Half a unit of the last digit shown, in the value's own scale: 0.005 for "18%", 0.05 for
  // "21.4" shown with one decimal; a few units in the 15th digit for a number shown in full.
  double tolerance() const;
  // The value as written in a message: "18%", "-19.6%", "278", "0.176".
  std::string display() const;
};

// Reads the cell at `pos` (blank when the sheet holds nothing there).
reading read_cell(const xlsx::workbook& wb, const xlsx::cell_store& cells, std::uint32_t sheet, xlsx::cell_pos pos,
                  std::span<const std::string> suppression_markers);

// Reads typed text: "1,234" → 1234 with 0 decimals, "-20%" → -0.2 shown in points with 0
// decimals, "21.4" → 1 decimal, "£1,200.50" → 1200.5; nullopt for any other text.
std::optional<reading> read_number_text(std::string_view text);

// A number written for a message: percentages in points with `decimals` places ("+21.4%" when
// `sign`), other numbers with up to `decimals` places (-1: as few as needed, up to 4).
std::string format_for_message(double value, bool percent, int decimals, bool sign = false);

}  // namespace returncheck::rules
