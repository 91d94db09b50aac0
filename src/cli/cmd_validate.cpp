// `returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] [--report FORMAT ...]
// [--fail-on error|query|never] [--baseline PREVIOUS.xlsx] [--fix]`: every check, findings
// explained; the reports and the cleaned and annotated workbooks written atomically.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/options.hpp"
#include "returncheck/report/report.hpp"
#include "returncheck/schema/companions.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/validate/outputs.hpp"
#include "returncheck/validate/validate.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {

exit_code cmd_validate(context& ctx) {
  std::string file, schema_path, out_dir, fail_on = "error", colour = "auto", baseline_path, explanations_path;
  validate::options opts;
  validate::output_request out;
  std::string report_help = "what to write to --out-dir:";
  for (const auto& f : validate::output_formats())
    report_help += " " + std::string(f.name) + " (" + std::string(f.files) + ")";
  report_help += "; default all but junit";
  po::options_description desc("validate options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the return (.xlsx)")(
      "schema", po::value<std::string>(&schema_path), "the return's schema (YAML); without one, tables are detected")(
      "out-dir", po::value<std::string>(&out_dir), "write the reports and the cleaned and annotated workbooks here")(
      "report", po::value<std::vector<std::string>>(&out.formats)->multitoken()->composing(), report_help.c_str())(
      "fail-on", po::value<std::string>(&fail_on), "exit 1 on findings at or above: error (default), query, never")(
      "baseline", po::value<std::string>(&baseline_path),
      "the previous submission of this return: figures it gave differently are queries (RC402)")(
      "explanations", po::value<std::string>(&explanations_path),
      "a YAML file of explanations for queries; an explained query does not fail --fail-on query")(
      "fix", "let the cleaned workbook correct wrong derived figures that have one unambiguous correction")(
      "suppression-token", po::value<std::string>(&out.clean.suppression_token),
      "the one marker the cleaned workbook writes for every suppressed value (default c; \"\" keeps each)")(
      "no-formula-checks", "leave out the formula checks (stale results, inconsistent formulas, error values)")(
      "colour", po::value<std::string>(&colour), "colour the console summary: auto (on a terminal), always, never");
  add_limit_options(desc, opts.caps);
  add_check_limit_options(desc, opts);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm,
                             "usage: returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] "
                             "[--report json|csv|html|junit|xlsx ...] [--fail-on error|query|never] "
                             "[--baseline PREVIOUS.xlsx] [--fix]"))
    return *code;
  if (fail_on != "error" && fail_on != "query" && fail_on != "never")
    return report_failure(ctx, exit_code::usage, "--fail-on must be error, query or never, not '" + fail_on + "'");
  if (colour != "auto" && colour != "always" && colour != "never")
    return report_failure(ctx, exit_code::usage, "--colour must be auto, always or never, not '" + colour + "'");
  for (const auto& f : out.formats)
    if (!validate::find_output_format(f))
      return report_failure(ctx, exit_code::usage,
                            "--report must be " + validate::output_format_names() + ", not '" + f + "'");
  if (vm.count("report") && out_dir.empty())
    return report_failure(ctx, exit_code::usage, "--report needs --out-dir to say where the reports go");
  out.clean.fix = vm.count("fix") > 0;
  const bool writes_xlsx =
      out.formats.empty() || std::find(out.formats.begin(), out.formats.end(), "xlsx") != out.formats.end();
  if (out.clean.fix && (out_dir.empty() || !writes_xlsx))
    return report_failure(ctx, exit_code::usage,
                          "--fix corrects the cleaned workbook: it needs --out-dir (and xlsx in --report)");
  opts.formula_checks = vm.count("no-formula-checks") == 0;

  out.out_dir = out_dir;
  out.input_name = file;
  out.schema_name = schema_path;
  out.inputs = {file};
  if (!schema_path.empty()) out.inputs.emplace_back(schema_path);
  if (!baseline_path.empty()) out.inputs.emplace_back(baseline_path);
  if (!explanations_path.empty()) out.inputs.emplace_back(explanations_path);
  if (!out_dir.empty())
    if (const auto refused = validate::preflight(out); !refused.empty())
      return report_failure(ctx, exit_code::usage, refused);

  std::optional<schema::schema> spec;
  if (!schema_path.empty()) {
    if (auto code = load_schema(ctx, schema_path, spec)) return *code;
    opts.spec = &*spec;
  }
  if (!explanations_path.empty())
    if (auto code = load_explanations(ctx, explanations_path, opts.explanations)) return *code;
  std::optional<validate::baseline> prior;
  if (!baseline_path.empty()) {
    auto read = validate::read_baseline(baseline_path, opts);
    if (!read) return report_read_error(ctx, read.error());
    prior = std::move(*read);
    opts.prior = &*prior;
  }

  auto result = validate::run(file, opts);
  if (!result) return report_read_error(ctx, result.error());

  report::report rep;
  if (out_dir.empty()) {
    rep = validate::make_report(*result, file, schema_path);
  } else {
    auto written = validate::write_outputs(*result, out);
    if (!written) return report_failure(ctx, exit_code::usage, written.error());
    rep = std::move(*written);
  }
  const bool use_colour = colour == "always" || (colour == "auto" && &ctx.out == &std::cout && isatty(STDOUT_FILENO));
  ctx.out << report::to_console(rep, use_colour);

  return report::fails(report::summarise(rep), fail_on) ? exit_code::findings : exit_code::ok;
}

}  // namespace returncheck::cli
