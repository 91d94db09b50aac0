// The command line: global options, subcommand dispatch, exit codes and shared option handling.
#include "cli/cli.hpp"

#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <map>

#include "cli/options.hpp"
#include "returncheck/formula/parser.hpp"
#include "returncheck/schema/companions.hpp"
#include "returncheck/version.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {
namespace {

constexpr const char* usage_text =
    "usage: returncheck [--verbose | --quiet] COMMAND [ARGS]\n"
    "\n"
    "Checks Excel returns of performance indicators.\n"
    "\n"
    "commands:\n"
    "  dump FILE [--sheet NAME]   every non-empty cell as JSON Lines\n"
    "  inspect FILE [--json]      sheets, used ranges, cell types, formulas, layout, features\n"
    "  recalc FILE [--all]        every formula computed and compared with its cached value (JSON)\n"
    "  validate FILE [--schema S.yaml] [--out-dir DIR] [--fail-on error|query|never]\n"
    "                             every check, findings explained; reports to --out-dir\n"
    "  batch DIR-or-GLOB... --out-dir OUT [-j N] [--schema S.yaml | --schemas MAP.yaml]\n"
    "                             every return in a folder checked, with history; summary.json, index.html\n"
    "  explain FINGERPRINT TEXT --out-dir OUT\n"
    "                             explain a query once, in the history, for as long as its figure stays\n"
    "  schema check SCHEMA.yaml   every problem in a schema, with its line and column\n"
    "  schema infer FILE          a starting schema from the tables detected in a return\n"
    "\n"
    "options:\n"
    "  -v, --verbose              more detail on stderr\n"
    "  -q, --quiet                errors only on stderr\n"
    "  -h, --help                 this text; COMMAND --help for a command's options\n"
    "  --version                  the version\n"
    "\n"
    "exit status:\n"
    "  0  success (no findings at or above --fail-on)\n"
    "  1  findings at or above --fail-on (batch: in any return)\n"
    "  2  bad usage or a bad schema\n"
    "  3  an input could not be read: not a workbook, encrypted, corrupt, or a safety limit hit\n"
    "     (batch: any return; the others are still checked)\n";

using command_fn = exit_code (*)(context&);

const std::map<std::string, command_fn>& commands() {
  static const std::map<std::string, command_fn> table{{"dump", cmd_dump}, {"inspect", cmd_inspect}, {"recalc", cmd_recalc}, {"schema", cmd_schema},
                                                                 {"validate", cmd_validate},
                                                                 {"batch", cmd_batch}, {"explain", cmd_explain}};
  return table;
}

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& option) {
  // Accepts plain bytes or a K/M/G suffix (powers of 1024).
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (...) {
    throw po::validation_error(po::validation_error::invalid_option_value, option, text);
  }
  std::string suffix = text.substr(used);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), ::toupper);
  if (suffix == "K" || suffix == "KB" || suffix == "KIB") return n << 10;
  if (suffix == "M" || suffix == "MB" || suffix == "MIB") return n << 20;
  if (suffix == "G" || suffix == "GB" || suffix == "GIB") return n << 30;
  if (!suffix.empty()) throw po::validation_error(po::validation_error::invalid_option_value, option, text);
  return n;
}

exit_code report_failure(context& ctx, exit_code code, const std::string& message) {
  ctx.err << "returncheck: " << message << "\n";
  ctx.err.flush();
  return code;
}

exit_code report_read_error(context& ctx, const xlsx::error& e) {
  return report_failure(ctx, exit_code::unreadable, e.message + " (" + std::string(xlsx::info(e.code).slug) + ")");
}

void add_limit_options(po::options_description& desc, xlsx::limits& caps) {
  auto size = [](std::uint64_t& target, const char* name) {
    return po::value<std::string>()->notifier([&target, name](const std::string& v) { target = parse_size(v, name); });
  };
  desc.add_options()
      ("max-inflated", size(caps.max_inflated_bytes, "max-inflated"), "cap on all parts inflated together (default 8G)")
      ("max-part", size(caps.max_part_bytes, "max-part"), "cap on one part inflated (default 4G)")
      ("max-ratio", po::value<std::uint32_t>(&caps.max_ratio), "cap on a part's inflated/compressed ratio (default 200)")
      ("max-cells", po::value<std::uint64_t>(&caps.max_cells_per_sheet), "cap on cells read from one sheet (default 100000000)")
      ("max-string", po::value<std::string>()->notifier([&caps](const std::string& v) {
         caps.max_string_bytes = std::uint32_t(std::min<std::uint64_t>(parse_size(v, "max-string"), UINT32_MAX));
       }), "cap on one string, formula or XML tag in a workbook (default 1M)")
      ("max-shared-strings", po::value<std::uint64_t>(&caps.max_shared_strings),
       "cap on the entries of a workbook's shared-strings table (default 50000000)")
      ("max-formula-length", po::value<std::size_t>()->notifier([](std::size_t v) {
         auto l = formula::default_parse_limits();
         l.max_length = v;
         formula::set_default_parse_limits(l);
       }), "cap on a formula's length in characters (default 8192, Excel's own)")
      ("max-formula-depth", po::value<std::size_t>()->notifier([](std::size_t v) {
         auto l = formula::default_parse_limits();
         l.max_depth = v;
         formula::set_default_parse_limits(l);
       }), "cap on a formula's nesting (default 1024)")
      ("max-schema-size", po::value<std::string>()->notifier([](const std::string& v) {
         schema::set_max_file_bytes(std::size_t(parse_size(v, "max-schema-size")));
       }), "cap on a schema, schema map or explanations file (default 10M)");
}

void add_check_limit_options(po::options_description& desc, validate::options& opts) {
  desc.add_options()
      ("max-steps", po::value<std::uint64_t>(&opts.eval.max_steps_per_cell),
       "evaluation steps one formula may take before it is left uncomputed (default 5000000)")
      ("max-held-cells", po::value<std::uint64_t>(&opts.max_held_cells),
       "cells of one sheet held in memory; a larger sheet is streamed, its formulas not checked (default 200000)")
      ("max-unique-memory", po::value<std::string>()->notifier([&opts](const std::string& v) {
         opts.unique_bytes = parse_size(v, "max-unique-memory");
       }), "memory for a records table's unique values before repeats are no longer looked for (default 64M)");
}

std::optional<exit_code> parse_args(context& ctx, const po::options_description& visible,
                                    const po::positional_options_description& positional, po::variables_map& vm,
                                    const std::string& usage_line) {
  try {
    po::store(po::command_line_parser(ctx.args).options(visible).positional(positional).run(), vm);
    if (vm.count("help")) {
      ctx.out << usage_line << "\n\n" << visible;
      return exit_code::ok;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return report_failure(ctx, exit_code::usage, std::string(e.what()) + "\n" + usage_line);
  }
  return std::nullopt;
}

namespace {

// Prints every problem of a YAML file the user wrote, then the one-line verdict.
exit_code refuse_file(context& ctx, const std::string& path, const std::vector<schema::problem>& problems,
                      const std::string& what) {
  for (const auto& p : problems) ctx.err << schema::format_problem(path, p) << '\n';
  return report_failure(ctx, exit_code::usage,
                        path + ": not a valid " + what + " (" + std::to_string(problems.size()) + " problems above)");
}

}  // namespace

std::optional<exit_code> load_schema(context& ctx, const std::string& path, std::optional<schema::schema>& out) {
  auto loaded = schema::load_file(path);
  if (!loaded) return refuse_file(ctx, path, loaded.error(), "schema");
  out = std::move(*loaded);
  return std::nullopt;
}

std::optional<exit_code> load_explanations(context& ctx, const std::string& path, std::vector<rules::explanation>& out) {
  auto loaded = schema::load_explanations(path);
  if (!loaded) return refuse_file(ctx, path, loaded.error(), "explanations file");
  for (const auto& e : *loaded) {
    std::string given = e.by;
    if (!e.date.empty()) given += (given.empty() ? "" : ", ") + e.date;
    out.push_back({e.fingerprint, e.text, e.value, given});
  }
  return std::nullopt;
}

std::optional<xlsx::workbook> open_workbook(context& ctx, const std::string& path, const xlsx::limits& caps,
                                            exit_code& code) {
  auto wb = xlsx::workbook::open(path, caps);
  if (!wb) {
    code = report_read_error(ctx, wb.error());
    return std::nullopt;
  }
  ctx.log->debug("{}: {} sheets, {} shared strings, saved by {}", path, wb->sheets().size(), wb->shared_string_count(),
                 wb->application().empty() ? "an unnamed application" : wb->application());
  return std::move(*wb);
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err, true);
  auto log = std::make_shared<spdlog::logger>("returncheck", sink);
  log->set_pattern("returncheck: %l: %v");
  log->set_level(spdlog::level::warn);
  context ctx{{}, out, err, log};

  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-v" || a == "--verbose") {
      log->set_level(spdlog::level::debug);
    } else if (a == "-q" || a == "--quiet") {
      log->set_level(spdlog::level::err);
    } else if (a == "-h" || a == "--help") {
      out << usage_text;
      return int(exit_code::ok);
    } else if (a == "--version") {
      out << "returncheck " << version() << "\n";
      return int(exit_code::ok);
    } else {
      break;
    }
  }
  if (i == args.size()) {
    err << usage_text;
    return int(exit_code::usage);
  }
  const auto cmd = commands().find(args[i]);
  if (cmd == commands().end()) {
    std::string known;
    for (const auto& [name, fn] : commands()) known += (known.empty() ? "" : ", ") + name;
    return int(report_failure(ctx, exit_code::usage, "unknown command '" + args[i] + "'; the commands are: " + known));
  }
  // Global flags may also follow the command.
  for (std::size_t k = i + 1; k < args.size(); ++k) {
    const std::string& a = args[k];
    if (a == "-v" || a == "--verbose") log->set_level(spdlog::level::debug);
    else if (a == "-q" || a == "--quiet") log->set_level(spdlog::level::err);
    else ctx.args.push_back(a);
  }
  try {
    return int(cmd->second(ctx));
  } catch (const std::bad_alloc&) {
    return int(report_failure(ctx, exit_code::unreadable, "out of memory"));
  } catch (const std::exception& e) {
    // Only a defect gets here; still one line and a defined code rather than a crash.
    return int(report_failure(ctx, exit_code::unreadable, std::string("internal error: ") + e.what()));
  }
}

}  // namespace returncheck::cli
