// Safety limits on what a workbook may make the reader do; each is named in its error message.
#pragma once

#include <cstdint>

namespace returncheck::xlsx {

// Defaults fit the largest real returns (a 1M-row record list inflates to about 1 GB of
// XML) while stopping decompression bombs and runaway files within seconds.
struct limits {
  std::uint64_t max_inflated_bytes = 8ull << 30;       // all parts together (--max-inflated)
  std::uint64_t max_part_bytes = 4ull << 30;           // any one part (--max-part)
  // Real parts over 1 MiB reach 121:1 at most in a 1,900-workbook corpus (returns: 5-15:1);
  // a zip bomb of valid-looking markup reaches 500-1000:1.
  std::uint32_t max_ratio = 200;                       // inflated ÷ compressed per part (--max-ratio)
  std::uint64_t max_cells_per_sheet = 100'000'000;     // cells read from one sheet (--max-cells)
  std::uint32_t max_string_bytes = 1u << 20;           // one string, formula or XML tag
  std::uint64_t max_shared_strings = 50'000'000;       // entries in the shared-strings table
};

}  // namespace returncheck::xlsx
