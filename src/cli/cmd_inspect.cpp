// `returncheck inspect FILE [--json]`: a first look at an unknown workbook.
#include <boost/program_options.hpp>

#include "cli/options.hpp"
#include "returncheck/xlsx/inspect.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {

exit_code cmd_inspect(context& ctx) {
  std::string file;
  xlsx::limits caps;
  po::options_description desc("inspect options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the workbook")(
      "json", "print JSON for scripts");
  add_limit_options(desc, caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm, "usage: returncheck inspect FILE [--json]")) return *code;

  exit_code code = exit_code::ok;
  auto wb = open_workbook(ctx, file, caps, code);
  if (!wb) return code;
  auto summary = xlsx::inspect(*wb);
  if (!summary) return report_read_error(ctx, summary.error());
  ctx.out << (vm.count("json") ? xlsx::to_json(*summary) : xlsx::to_text(*summary));
  return exit_code::ok;
}

}  // namespace returncheck::cli
