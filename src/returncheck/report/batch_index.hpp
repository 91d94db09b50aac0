// index.html of a batch run: one self-contained page listing every return checked, its verdict
// and a link to its own report.html (docs/nightly.md#indexhtml).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace returncheck::report {

struct batch_page {
  struct row {
    std::string input;        // the return's key ("north/q2.xlsx")
    std::string status;       // clean, findings, unreadable
    std::string reason;       // unreadable: why
    std::string report_link;  // relative link to its report.html; empty when there is none
    std::uint64_t errors = 0, queries = 0, explained = 0, infos = 0, new_findings = 0, resolved = 0;
    double seconds = 0;
  };
  std::string started;  // ISO 8601, UTC
  double seconds = 0;
  int exit_code = 0;
  std::vector<row> rows;  // in the run's order
};

// The verdict of the run first ("3 of 200 returns could not be read"), then a table of the
// returns, the ones that need attention first. Inline CSS only; every name escaped.
std::string batch_index_html(const batch_page& page);

}  // namespace returncheck::report
