// `returncheck batch DIR-or-GLOB... --out-dir OUT [-j N] [--schema S | --schemas MAP.yaml]`: every
// return in a folder checked, each into its own subfolder, with summary.json and index.html.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <thread>

#include "cli/options.hpp"
#include "returncheck/batch/batch.hpp"
#include "returncheck/batch/history.hpp"
#include "returncheck/schema/companions.hpp"
#include "returncheck/util/atomic_file.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {
namespace {

namespace fs = std::filesystem;

// The run's log: OUT/returncheck.log, one JSON object a line, rotated at 5 MB (three kept).
std::shared_ptr<spdlog::logger> file_log(const fs::path& out_dir) {
  auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>((out_dir / "returncheck.log").string(), 5u << 20, 3);
  auto log = std::make_shared<spdlog::logger>("batch", sink);
  log->set_formatter(std::make_unique<spdlog::pattern_formatter>(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","event":%v})",
                                                                  spdlog::pattern_time_type::utc));
  log->set_level(spdlog::level::info);
  log->flush_on(spdlog::level::info);
  return log;
}

}  // namespace

exit_code cmd_batch(context& ctx) {
  std::vector<std::string> args;
  std::string out_dir, schema_path, schemas_path, history_path, explanations_path, fail_on = "error";
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  unsigned time_limit = 0;
  batch::options opts;
  po::options_description desc("batch options");
  desc.add_options()("help,h", "this text")("inputs", po::value<std::vector<std::string>>(&args), "folders, patterns or files")(
      "out-dir", po::value<std::string>(&out_dir)->required(), "where each return's outputs, summary.json and index.html go")(
      "jobs,j", po::value<unsigned>(&jobs), "returns checked at once (default: the number of cores)")(
      "schema", po::value<std::string>(&schema_path), "one schema for every return")(
      "schemas", po::value<std::string>(&schemas_path), "a schema map: which schema checks which return (docs/nightly.md)")(
      "history", po::value<std::string>(&history_path), "the run history (SQLite; default OUT/history.db)")(
      "no-history", "keep no history: no new/open/resolved, no baseline from the last check")(
      "explanations", po::value<std::string>(&explanations_path), "a YAML file of explanations for queries")(
      "report", po::value<std::vector<std::string>>(&opts.formats)->multitoken()->composing(),
      "what to write for each return, as validate's --report (default all but junit)")(
      "fail-on", po::value<std::string>(&fail_on), "exit 1 on findings at or above: error (default), query, never")(
      "fix", "let the cleaned workbooks correct wrong derived figures that have one unambiguous correction")(
      "no-formula-checks", "leave out the formula checks")(
      "time-limit", po::value<unsigned>(&time_limit), "seconds one return may take before it is stopped (default none)")(
      "wait", "when another run holds OUT, wait for it rather than stop");
  add_limit_options(desc, opts.check.caps);
  add_check_limit_options(desc, opts.check);
  po::positional_options_description pos;
  pos.add("inputs", -1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm,
                             "usage: returncheck batch DIR-or-GLOB... --out-dir OUT [-j N] [--schema S.yaml | "
                             "--schemas MAP.yaml] [--history PATH] [--fail-on error|query|never]"))
    return *code;
  if (args.empty()) return report_failure(ctx, exit_code::usage, "name at least one folder, pattern or file to check");
  if (!schema_path.empty() && !schemas_path.empty())
    return report_failure(ctx, exit_code::usage, "give --schema or --schemas, not both");
  if (fail_on != "error" && fail_on != "query" && fail_on != "never")
    return report_failure(ctx, exit_code::usage, "--fail-on must be error, query or never, not '" + fail_on + "'");
  for (const auto& f : opts.formats)
    if (!validate::find_output_format(f))
      return report_failure(ctx, exit_code::usage, "--report must be " + validate::output_format_names() + ", not '" + f + "'");
  if (vm.count("history") && vm.count("no-history"))
    return report_failure(ctx, exit_code::usage, "give --history or --no-history, not both");
  if (jobs == 0) return report_failure(ctx, exit_code::usage, "--jobs must be at least 1");
  opts.out_dir = out_dir;
  opts.jobs = jobs;
  opts.fail_on = fail_on == "query" ? schema::severity::query : schema::severity::error;
  opts.fail_never = fail_on == "never";
  opts.clean.fix = vm.count("fix") > 0;
  opts.check.formula_checks = vm.count("no-formula-checks") == 0;
  opts.time_limit = std::chrono::seconds(time_limit);

  // The output folder first: nothing else is done while another run holds it.
  validate::output_request probe;
  probe.out_dir = out_dir;
  if (const auto refused = validate::preflight(probe); !refused.empty()) return report_failure(ctx, exit_code::usage, refused);
  auto lock = batch::out_dir_lock::acquire(out_dir, vm.count("wait") > 0);
  if (!lock) return report_failure(ctx, exit_code::usage, lock.error());
  auto log = file_log(out_dir);
  if (const std::size_t n = batch::remove_leftovers(out_dir); n > 0)
    log->warn(R"({{"event":"cleanup","removed":{}}})", n);

  std::optional<schema::schema> spec;
  if (!schema_path.empty()) {
    if (auto code = load_schema(ctx, schema_path, spec)) return *code;
    opts.schema = &*spec;
    opts.schema_path = schema_path;
  }
  std::optional<batch::schema_map> schemas;
  if (!schemas_path.empty()) {
    auto loaded = batch::schema_map::load(schemas_path);
    if (!loaded) {
      for (const auto& p : loaded.error()) ctx.err << p << '\n';
      return report_failure(ctx, exit_code::usage, schemas_path + ": not a valid schema map (" +
                                                       std::to_string(loaded.error().size()) + " problems above)");
    }
    schemas = std::move(*loaded);
    opts.schemas = &*schemas;
  }
  if (!explanations_path.empty())
    if (auto code = load_explanations(ctx, explanations_path, opts.explanations)) return *code;

  auto inputs = batch::collect(args, out_dir);
  if (!inputs) return report_failure(ctx, exit_code::usage, inputs.error());

  std::optional<batch::history_link> history;
  if (!vm.count("no-history")) {
    const fs::path path = history_path.empty() ? fs::path(out_dir) / "history.db" : fs::path(history_path);
    auto opened = batch::history_link::open(path);
    if (!opened) return report_failure(ctx, exit_code::usage, opened.error());
    history = std::move(*opened);
    if (auto connected = history->connect(opts); !connected) return report_failure(ctx, exit_code::usage, connected.error());
  }

  ctx.log->info("checking {} returns, {} at a time, into {}", inputs->size(), opts.jobs, out_dir);
  const batch::run_result result = batch::run(*inputs, opts, *log);
  if (history)
    if (auto finished = history->finish(); !finished) ctx.log->error("{}", finished.error());

  for (const auto& [name, content] : {std::pair<std::string, std::string>{"summary.json", batch::summary_json(result, opts)},
                                      {"index.html", batch::index_html(result)}})
    if (auto written = util::write_atomically(fs::path(out_dir) / name, content); !written)
      return report_failure(ctx, exit_code::usage, written.error());

  // The console: one line for each return that needs attention, then the totals.
  std::uint64_t counts[3] = {0, 0, 0};
  for (const auto& f : result.files) {
    ++counts[int(f.status)];
    if (f.status == batch::file_status::unreadable)
      ctx.out << "unreadable  " << f.in.key << ": " << f.reason << '\n';
    else if (f.errors || f.queries > f.explained)
      ctx.out << "findings    " << f.in.key << ": " << f.errors << " errors, " << f.queries - f.explained
              << " open queries" << (history ? ", " + std::to_string(f.new_findings) + " new" : std::string())
              << (history && !f.resolved.empty() ? ", " + std::to_string(f.resolved.size()) + " resolved" : std::string())
              << '\n';
  }
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", result.seconds);
  ctx.out << result.files.size() << " returns in " << took << " s: " << counts[0] << " clean, " << counts[1]
          << " with findings, " << counts[2] << " unreadable; " << out_dir << "/summary.json, " << out_dir
          << "/index.html\n";
  return exit_code(result.exit_code);
}

}  // namespace returncheck::cli
