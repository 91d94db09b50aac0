// Writing a validated return's outputs into a folder: report.json, report.csv, report.html,
// report.junit.xml and the cleaned and annotated workbooks. validate and batch both use it.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/clean/clean.hpp"
#include "returncheck/report/report.hpp"
#include "returncheck/util/result.hpp"
#include "returncheck/validate/validate.hpp"

namespace returncheck::validate {

// One thing --report can ask for.
struct output_format {
  std::string_view name;   // json, csv, html, junit, xlsx
  std::string_view files;  // what it writes, for --help and messages
  bool by_default = false;
};
std::span<const output_format> output_formats();
const output_format* find_output_format(std::string_view name);
// "json, csv, html, junit or xlsx": for messages.
std::string output_format_names();

struct output_request {
  std::filesystem::path out_dir;
  std::vector<std::string> formats;  // empty: every format written by default
  clean::options clean;
  std::string input_name;    // the return as the user named it
  std::string schema_name;   // empty without a schema
  std::vector<std::filesystem::path> inputs;  // never written over: the return, schema, baseline
};

// The files the request writes into out_dir.
std::vector<std::filesystem::path> output_files(const output_request& req);

// Refuses, before any work is done, an out_dir that cannot be created or written in and an
// output that would be one of the inputs; empty when all is well, else a one-line reason.
std::string preflight(const output_request& req);

// The report of a run, nothing written. Moves the findings and figures out of `run`.
report::report make_report(outcome& run, const std::string& input_name, const std::string& schema_name);

// Writes every output the request asks for, each atomically, the cleaned workbook first (so
// that report.json lists its changes; with req.clean.fix, the findings carry their fixes).
// Returns the report as written; an error names the file that could not be written.
util::result<report::report, std::string> write_outputs(outcome& run, const output_request& req);

}  // namespace returncheck::validate
