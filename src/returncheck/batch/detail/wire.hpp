// What the parent sends a worker process (which return to check, and what the history knows of
// it), and what the worker sends back about the return it checked: the outcome, and the findings
// and figures the history keeps. Netstrings ("5:hello,"), so any text travels unharmed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/batch/batch.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/rules/restated.hpp"

namespace returncheck::batch::detail {

struct check_data {
  std::string status;  // clean, findings, unreadable
  std::string reason;  // unreadable: why
  std::string schema;  // the schema file used, empty without one
  std::uint64_t errors = 0, queries = 0, explained = 0, infos = 0;
  int exit_code = 0;
  // Only the fields the history keeps: fingerprint, rule, name, severity, sheet, cell, table,
  // indicator, period, message, expected, actual, status.
  std::vector<rules::finding> findings;
  std::vector<rules::figure> figures;  // table, indicator, period, sheet, cell, label, header, value, tolerance, shown
};

struct task {
  std::uint64_t index = 0;  // into the run's inputs
  prior_check prior;
};

std::string encode(const check_data& d);
// nullopt when the bytes are not a whole message (a worker that died while writing).
std::optional<check_data> decode(std::string_view bytes);

std::string encode(const task& t);
std::optional<task> decode_task(std::string_view bytes);

}  // namespace returncheck::batch::detail
