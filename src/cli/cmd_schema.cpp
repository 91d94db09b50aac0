// `returncheck schema check SCHEMA.yaml`: every problem in a schema with its line and column;
// `returncheck schema infer RETURN.xlsx`: a starting schema for a return.
#include <boost/program_options.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/util/atomic_file.hpp"
#include "returncheck/validate/infer.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {
namespace {

constexpr const char* schema_usage =
    "usage: returncheck schema check SCHEMA.yaml\n"
    "       returncheck schema infer RETURN.xlsx";

std::string count(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// ---- schema check

exit_code schema_check(context& ctx) {
  std::string file;
  po::options_description desc("schema check options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the schema (YAML)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm, "usage: returncheck schema check SCHEMA.yaml")) return *code;

  const auto loaded = schema::load_file(file);
  if (!loaded) {
    for (const auto& p : loaded.error()) ctx.out << schema::format_problem(file, p) << "\n";
    ctx.log->debug("{}: {}", file, count(loaded.error().size(), "problem"));
    return exit_code::usage;
  }
  std::size_t indicators = 0, columns = 0;
  for (const auto& t : loaded->tables) {
    indicators += t.indicators.size();
    columns += t.columns.size();
  }
  ctx.out << file << ": OK (" << count(loaded->tables.size(), "table") << ", " << count(indicators, "indicator");
  if (columns > 0) ctx.out << ", " << count(columns, "column");
  ctx.out << ", " << count(loaded->rules.size(), "rule") << ")\n";
  return exit_code::ok;
}

// ---- schema infer
// Writes a starting schema for a return, from the tables detected in it, to stdout or --out.

exit_code schema_infer(context& ctx) {
  std::string file, out_file;
  xlsx::limits caps;
  po::options_description desc("schema infer options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the return (.xlsx)")(
      "out,o", po::value<std::string>(&out_file), "write the schema here (atomically) instead of to stdout");
  add_limit_options(desc, caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm, "usage: returncheck schema infer RETURN.xlsx [--out S.yaml]"))
    return *code;
  auto yaml = validate::infer_schema(file, caps);
  if (!yaml) return report_read_error(ctx, yaml.error());
  if (out_file.empty()) {
    ctx.out << *yaml;
    return exit_code::ok;
  }
  const std::vector<std::filesystem::path> inputs{file};
  if (auto written = util::write_atomically(out_file, *yaml, inputs); !written)
    return report_failure(ctx, exit_code::usage, written.error());
  return exit_code::ok;
}

}  // namespace

exit_code cmd_schema(context& ctx) {
  if (ctx.args.empty())
    return report_failure(ctx, exit_code::usage,
                          std::string("schema needs an action: check or infer\n") + schema_usage);
  const std::string action = ctx.args.front();
  if (action == "-h" || action == "--help") {
    ctx.out << schema_usage << "\n\n"
            << "  check  every problem in a schema, one a line as FILE:LINE:COLUMN: message\n"
            << "  infer  a starting schema from the tables detected in a return\n";
    return exit_code::ok;
  }
  ctx.args.erase(ctx.args.begin());
  if (action == "check") return schema_check(ctx);
  if (action == "infer") return schema_infer(ctx);
  return report_failure(ctx, exit_code::usage,
                        "unknown schema action '" + action + "'; the actions are: check, infer\n" + schema_usage);
}

}  // namespace returncheck::cli
