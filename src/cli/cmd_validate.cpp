// `returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] [--report json|csv|xlsx ...]
// [--fail-on error|query|never] [--fix]`: every check, findings explained, reports and the cleaned
// and annotated workbooks written atomically.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "cli/options.hpp"
#include "returncheck/clean/clean.hpp"
#include "returncheck/report/report.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/util/atomic_file.hpp"
#include "returncheck/validate/validate.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view known_formats[] = {"json", "csv", "xlsx"};

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The files a run writes into out_dir for these formats.
std::vector<fs::path> output_files(const fs::path& out_dir, const std::string& input, const std::vector<std::string>& formats) {
  std::vector<fs::path> files;
  const std::string stem = fs::path(input).stem().string();
  for (const auto& f : formats) {
    if (f == "xlsx") {
      files.push_back(out_dir / (stem + ".cleaned.xlsx"));
      files.push_back(out_dir / (stem + ".annotated.xlsx"));
    } else {
      files.push_back(out_dir / ("report." + f));
    }
  }
  return files;
}

// Refuses, before any work, an output folder that cannot be written and an output that would
// land on an input; empty when all is well.
std::string preflight(const fs::path& out_dir, const std::vector<fs::path>& outputs, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return "cannot create --out-dir " + out_dir.string() + ": " + ec.message();
  if (!fs::is_directory(out_dir, ec)) return "--out-dir " + out_dir.string() + " is not a folder";
  if (::access(out_dir.c_str(), W_OK | X_OK) != 0)
    return "cannot write in --out-dir " + out_dir.string() + ": " + std::strerror(errno) +
           "; choose a folder you can write in";
  for (const auto& out : outputs)
    for (const auto& in : inputs)
      if (util::same_file(out, in))
        return out.string() + " would be written over the input " + in.string() +
               "; an input is never written over: choose another --out-dir";
  return {};
}

}  // namespace

exit_code cmd_validate(context& ctx) {
  std::string file, schema_path, out_dir, fail_on = "error", colour = "auto", baseline_path;
  std::vector<std::string> formats;
  validate::options opts;
  clean::options clean_opts;
  po::options_description desc("validate options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the return (.xlsx)")(
      "schema", po::value<std::string>(&schema_path), "the return's schema (YAML); without one, tables are detected")(
      "out-dir", po::value<std::string>(&out_dir), "write the reports here (report.json, report.csv)")(
      "report", po::value<std::vector<std::string>>(&formats)->multitoken()->composing(),
      "what to write to --out-dir: json (report.json), csv (report.csv), xlsx (NAME.cleaned.xlsx and "
      "NAME.annotated.xlsx); default all")(
      "baseline", po::value<std::string>(&baseline_path),
      "the previous submission of this return: figures it gave differently are queries (RC402)")(
      "fix", "let the cleaned workbook correct wrong derived figures that have one unambiguous correction")(
      "suppression-token", po::value<std::string>(&clean_opts.suppression_token),
      "the one marker the cleaned workbook writes for every suppressed value (default c; empty keeps each)")(
      "fail-on", po::value<std::string>(&fail_on), "exit 1 on findings at or above: error (default), query, never")(
      "no-formula-checks", "leave out the formula checks (stale results, inconsistent formulas, error values)")(
      "colour", po::value<std::string>(&colour), "colour the console summary: auto (on a terminal), always, never");
  add_limit_options(desc, opts.caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm,
                             "usage: returncheck validate RETURN.xlsx [--schema S.yaml] [--out-dir DIR] "
                             "[--report json|csv ...] [--fail-on error|query|never]"))
    return *code;
  if (fail_on != "error" && fail_on != "query" && fail_on != "never")
    return report_failure(ctx, exit_code::usage, "--fail-on must be error, query or never, not '" + fail_on + "'");
  if (colour != "auto" && colour != "always" && colour != "never")
    return report_failure(ctx, exit_code::usage, "--colour must be auto, always or never, not '" + colour + "'");
  if (formats.empty()) formats.assign(std::begin(known_formats), std::end(known_formats));
  for (const auto& f : formats)
    if (std::find(std::begin(known_formats), std::end(known_formats), f) == std::end(known_formats))
      return report_failure(ctx, exit_code::usage, "--report must be json, csv or xlsx, not '" + f + "'");
  if (vm.count("report") && out_dir.empty())
    return report_failure(ctx, exit_code::usage, "--report needs --out-dir to say where the reports go");
  clean_opts.fix = vm.count("fix") > 0;
  const bool write_xlsx = !out_dir.empty() && std::find(formats.begin(), formats.end(), "xlsx") != formats.end();
  if (clean_opts.fix && !write_xlsx)
    return report_failure(ctx, exit_code::usage, "--fix corrects the cleaned workbook: it needs --out-dir (and xlsx in --report)");
  opts.formula_checks = vm.count("no-formula-checks") == 0;

  std::vector<fs::path> inputs{file};
  if (!schema_path.empty()) inputs.emplace_back(schema_path);
  if (!baseline_path.empty()) inputs.emplace_back(baseline_path);
  if (!out_dir.empty())
    if (const auto refused = preflight(out_dir, output_files(out_dir, file, formats), inputs); !refused.empty())
      return report_failure(ctx, exit_code::usage, refused);

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
  rep.input = file;
  rep.schema = schema_path;
  if (write_xlsx) {
    report::cleaned_output cleaned;
    cleaned.changes = clean::plan(*result, clean_opts);  // with --fix, sets the findings' fixes
    clean::write_options wopts{false, file, schema_path, utc_now()};
    const auto files = output_files(out_dir, file, {"xlsx"});
    if (auto w = clean::write(files[0], *result, cleaned.changes, result->findings, wopts, cleaned.not_carried, inputs); !w)
      return report_failure(ctx, exit_code::usage, w.error());
    wopts.annotate = true;
    std::vector<clean::not_carried> again;  // the same list: the annotated copy carries what the cleaned one does
    if (auto w = clean::write(files[1], *result, cleaned.changes, result->findings, wopts, again, inputs); !w)
      return report_failure(ctx, exit_code::usage, w.error());
    // Named as report.json beside them sees them: by file name.
    cleaned.cleaned_file = files[0].filename().string();
    cleaned.annotated_file = files[1].filename().string();
    ctx.log->debug("{}: {} cells cleaned, {} kinds of content not carried", files[0].string(), cleaned.changes.size(),
                   cleaned.not_carried.size());
    rep.cleaned = std::move(cleaned);
  }
  rep.findings = std::move(result->findings);
  rep.cells_checked = result->cells_checked;
  rep.sheet_order = std::move(result->sheet_order);

  if (!out_dir.empty()) {
    for (const auto& f : formats) {
      if (f == "xlsx") continue;
      const auto target = fs::path(out_dir) / ("report." + f);
      const auto written = util::write_atomically(target, f == "json" ? report::to_json(rep) : report::to_csv(rep), inputs);
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
