// Fuzz target: the whole validate path on any bytes: read, detect the tables, every check,
// diagnosis, the plan of the cleaned workbook and every report rendered. (Writing the workbooks
// to disk is left out: it is the same code the reader target drives, and slow per input.)
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "returncheck/clean/clean.hpp"
#include "returncheck/report/html.hpp"
#include "returncheck/report/junit.hpp"
#include "returncheck/report/report.hpp"
#include "returncheck/validate/outputs.hpp"
#include "returncheck/validate/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace returncheck;
  fuzz::memory_file file(data, size);
  if (!file.ok()) return 0;
  validate::options opts;
  opts.caps = fuzz::small_limits();
  auto run = validate::run(file.path(), opts);
  if (!run) return 0;
  clean::options clean_opts;
  clean_opts.fix = true;
  (void)clean::plan(*run, clean_opts);
  auto rep = validate::make_report(*run, "fuzz.xlsx", "");
  (void)report::to_json(rep);
  (void)report::to_csv(rep);
  (void)report::to_console(rep, true);
  (void)report::to_html(rep);
  (void)report::to_junit(rep);
  return 0;
}
