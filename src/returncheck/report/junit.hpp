// report.junit.xml: the findings as JUnit XML test results, for CI dashboards and schedulers
// (docs/report-format.md#reportjunitxml).
#pragma once

#include <string>

#include "returncheck/report/report.hpp"

namespace returncheck::report {

// One <testsuite> for the input, one <testcase> per rule that ran on each part (r.checked), named
// "RC201 pct-change-mismatch" with the classname "INPUT/TABLE" (or "INPUT/SHEET", or "INPUT" for
// the whole workbook). A test case with error or query findings has a <failure> listing each;
// info findings go to its <system-out> and do not fail it. A finding on a part or rule that
// r.checked does not list gets a test case of its own, so that none is lost. Always well-formed
// XML 1.0, whatever the workbook holds.
std::string to_junit(const report& r);

}  // namespace returncheck::report
