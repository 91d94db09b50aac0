// Fuzz target: the xlsx reader, zip and XML layers: any bytes opened as a workbook, every sheet
// read, the cells held, dumped and inspected. Must end with a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz_input.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/dump.hpp"
#include "returncheck/xlsx/inspect.hpp"
#include "returncheck/xlsx/workbook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace returncheck;
  fuzz::memory_file file(data, size);
  if (!file.ok()) return 0;
  auto wb = xlsx::workbook::open(file.path(), fuzz::small_limits());
  if (!wb) return 0;
  std::ostringstream sink;
  (void)xlsx::dump(*wb, std::nullopt, sink);
  (void)xlsx::cell_store::load(*wb, 400'000);
  for (std::size_t i = 0; i < wb->sheets().size(); ++i) {
    auto reader = wb->read_sheet(i);
    if (!reader) continue;
    xlsx::row row;
    while (true) {
      auto more = reader->next_row(row);
      if (!more || !*more) break;
      for (const auto& c : row.cells) (void)wb->date_text(c);
    }
  }
  return 0;
}
