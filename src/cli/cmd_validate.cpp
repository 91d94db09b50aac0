// `returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] [--report json|csv|html|junit ...]
// [--fail-on error|query|never]`: every check, findings explained, reports written atomically.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/options.hpp"
#include "returncheck/report/html.hpp"
#include "returncheck/report/junit.hpp"
#include "returncheck/report/report.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/util/atomic_file.hpp"
#include "returncheck/validate/validate.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {
namespace {

// Each --report format: its file in --out-dir and how it is rendered.
struct report_format {
  std::string_view name;
  std::string_view file;
  std::string (*render)(const report::report&);
};

const report_format report_formats[] = {
    {"json", "report.json", report::to_json},
    {"csv", "report.csv", report::to_csv},
    {"html", "report.html", [](const report::report& r) { return report::to_html(r); }},
    {"junit", "report.junit.xml", report::to_junit},
};

const report_format* find_format(std::string_view name) {
  for (const auto& f : report_formats)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

exit_code cmd_validate(context& ctx) {
  std::string file, schema_path, out_dir, fail_on = "error", colour = "auto";
  std::vector<std::string> formats;
  validate::options opts;
  po::options_description desc("validate options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the return (.xlsx)")(
      "schema", po::value<std::string>(&schema_path), "the return's schema (YAML); without one, tables are detected")(
      "out-dir", po::value<std::string>(&out_dir),
      "write the reports here (report.json, report.csv, report.html, report.junit.xml)")(
      "report", po::value<std::vector<std::string>>(&formats)->multitoken(),
      "reports to write to --out-dir: json, csv, html, junit (default json csv)")(
      "fail-on", po::value<std::string>(&fail_on), "exit 1 on findings at or above: error (default), query, never")(
      "no-formula-checks", "leave out the formula checks (stale results, inconsistent formulas, error values)")(
      "colour", po::value<std::string>(&colour), "colour the console summary: auto (on a terminal), always, never");
  add_limit_options(desc, opts.caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm,
                             "usage: returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] "
                             "[--report json|csv|html|junit ...] [--fail-on error|query|never]"))
    return *code;
  if (fail_on != "error" && fail_on != "query" && fail_on != "never")
    return report_failure(ctx, exit_code::usage, "--fail-on must be error, query or never, not '" + fail_on + "'");
  if (colour != "auto" && colour != "always" && colour != "never")
    return report_failure(ctx, exit_code::usage, "--colour must be auto, always or never, not '" + colour + "'");
  if (formats.empty()) formats = {"json", "csv"};
  for (const auto& f : formats)
    if (!find_format(f))
      return report_failure(ctx, exit_code::usage, "--report must be json, csv, html or junit, not '" + f + "'");
  if (vm.count("report") && out_dir.empty())
    return report_failure(ctx, exit_code::usage, "--report needs --out-dir to say where the reports go");
  opts.formula_checks = vm.count("no-formula-checks") == 0;

  std::optional<schema::schema> spec;
  if (!schema_path.empty()) {
    auto loaded = schema::load_file(schema_path);
    if (!loaded) {
      for (const auto& p : loaded.error()) ctx.err << schema::format_problem(schema_path, p) << '\n';
      return report_failure(ctx, exit_code::usage, schema_path + ": not a valid schema (" +
                                                       std::to_string(loaded.error().size()) + " problems above)");
    }
    spec = std::move(*loaded);
    opts.spec = &*spec;
  }

  auto result = validate::run(file, opts);
  if (!result) return report_read_error(ctx, result.error());

  report::report rep;
  rep.input = file;
  rep.schema = schema_path;
  rep.findings = std::move(result->findings);
  rep.cells_checked = result->cells_checked;
  rep.sheet_order = std::move(result->sheet_order);
  rep.checked = std::move(result->checked);
  rep.series = std::move(result->series);

  if (!out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) return report_failure(ctx, exit_code::usage, "cannot create --out-dir " + out_dir + ": " + ec.message());
    std::vector<std::filesystem::path> inputs{file};
    if (!schema_path.empty()) inputs.emplace_back(schema_path);
    for (const auto& f : formats) {
      const report_format* format = find_format(f);
      const auto written =
          util::write_atomically(std::filesystem::path(out_dir) / format->file, format->render(rep), inputs);
      if (!written) return report_failure(ctx, exit_code::usage, written.error());
    }
  }
  const bool use_colour = colour == "always" || (colour == "auto" && &ctx.out == &std::cout && isatty(STDOUT_FILENO));
  ctx.out << report::to_console(rep, use_colour);

  const auto sum = report::summarise(rep);
  const bool fails = (fail_on == "error" && sum.errors > 0) || (fail_on == "query" && sum.errors + sum.queries > 0);
  return fails ? exit_code::findings : exit_code::ok;
}

}  // namespace returncheck::cli
