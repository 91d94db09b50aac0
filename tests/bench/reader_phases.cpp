// Times the reader's phases on one worksheet: inflating alone, expat over the inflated XML, and
// returncheck's own scanner, to show what the purpose-built scanner buys (docs/performance.md).
#include <expat.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "returncheck/xlsx/detail/zip.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace xlsx = returncheck::xlsx;
namespace detail = returncheck::xlsx::detail;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Inflates the part into a sink; with `parse`, also feeds expat with element and text handlers
// that count, as the smallest useful expat reader would.
double inflate(const detail::zip_archive& zip, const std::string& part, bool parse, std::uint64_t& events) {
  const auto t0 = std::chrono::steady_clock::now();
  auto stream = zip.open_part(part);
  if (!stream) {
    std::fprintf(stderr, "%s\n", stream.error().message.c_str());
    std::exit(3);
  }
  XML_Parser p = parse ? XML_ParserCreate(nullptr) : nullptr;
  if (p) {
    XML_SetUserData(p, &events);
    XML_SetElementHandler(
        p, [](void* u, const XML_Char*, const XML_Char**) { ++*static_cast<std::uint64_t*>(u); },
        [](void*, const XML_Char*) {});
    XML_SetCharacterDataHandler(p, [](void* u, const XML_Char*, int) { ++*static_cast<std::uint64_t*>(u); });
  }
  std::vector<char> buf(256u << 10);
  for (;;) {
    auto n = stream->read(buf.data(), buf.size());
    if (!n) {
      std::fprintf(stderr, "%s\n", n.error().message.c_str());
      std::exit(3);
    }
    if (p && XML_Parse(p, buf.data(), int(*n), *n == 0) != XML_STATUS_OK) {
      std::fprintf(stderr, "expat: %s\n", XML_ErrorString(XML_GetErrorCode(p)));
      std::exit(3);
    }
    if (*n == 0) break;
  }
  if (p) XML_ParserFree(p);
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: reader_phases WORKBOOK.xlsx  (times its first sheet)\n");
    return 2;
  }
  auto wb = xlsx::workbook::open(argv[1]);
  if (!wb) {
    std::fprintf(stderr, "%s\n", wb.error().message.c_str());
    return 3;
  }
  const std::string part = wb->sheets().at(0).part;
  auto zip = detail::zip_archive::open(argv[1], {});
  std::uint64_t events = 0;
  const double t_inflate = inflate(*zip, part, false, events);
  const double t_expat = inflate(*zip, part, true, events);

  const auto t0 = std::chrono::steady_clock::now();
  auto reader = wb->read_sheet(0);
  std::uint64_t cells = 0;
  xlsx::row r;
  while (true) {
    auto more = reader->next_row(r);
    if (!more) {
      std::fprintf(stderr, "%s\n", more.error().message.c_str());
      return 3;
    }
    if (!*more) break;
    cells += r.cells.size();
  }
  const double t_scan = seconds_since(t0);
  std::printf("part %s\n", part.c_str());
  std::printf("inflate only:                 %.3f s\n", t_inflate);
  std::printf("inflate + expat (no-op):      %.3f s  (%llu events)\n", t_expat, (unsigned long long)events);
  std::printf("inflate + returncheck scanner: %.3f s  (%llu cells, typed, on two threads)\n", t_scan,
              (unsigned long long)cells);
  return 0;
}
