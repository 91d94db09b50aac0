// `returncheck recalc FILE [--all]`: every formula computed and compared with its cached value.
#include <boost/program_options.hpp>

#include "cli/options.hpp"
#include "returncheck/formula/recalc.hpp"
#include "returncheck/xlsx/cell_store.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {

exit_code cmd_recalc(context& ctx) {
  std::string file;
  xlsx::limits caps;
  formula::eval_limits eval_caps;
  po::options_description desc("recalc options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the workbook")(
      "all", "list every formula cell with its cached and computed values, not only mismatches")(
      "max-steps", po::value<std::uint64_t>(&eval_caps.max_steps_per_cell),
      "cap on evaluation steps for one cell (default 5000000)");
  add_limit_options(desc, caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm, "usage: returncheck recalc FILE [--all]")) return *code;

  exit_code code = exit_code::ok;
  auto wb = open_workbook(ctx, file, caps, code);
  if (!wb) return code;
  auto cells = xlsx::cell_store::load(*wb, caps.max_cells_per_sheet);
  if (!cells) return report_read_error(ctx, cells.error());
  const auto summary = formula::recalc(*wb, *cells, vm.count("all") > 0, 1000, eval_caps);
  ctx.log->debug("{}: {} formulas, {} evaluated, {} match the cached value", file, summary.formulas, summary.evaluated,
                 summary.matching_cached);
  ctx.out << formula::to_json(summary);
  return exit_code::ok;
}

}  // namespace returncheck::cli
