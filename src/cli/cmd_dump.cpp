// `returncheck dump FILE [--sheet NAME]`: every non-empty cell as JSON Lines.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/options.hpp"
#include "returncheck/xlsx/dump.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {

exit_code cmd_dump(context& ctx) {
  std::string file, sheet;
  xlsx::limits caps;
  po::options_description desc("dump options");
  desc.add_options()("help,h", "this text")("file", po::value<std::string>(&file)->required(), "the workbook")(
      "sheet", po::value<std::string>(&sheet), "only this sheet (by name)");
  add_limit_options(desc, caps);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm, "usage: returncheck dump FILE [--sheet NAME]")) return *code;

  exit_code code = exit_code::ok;
  auto wb = open_workbook(ctx, file, caps, code);
  if (!wb) return code;
  std::optional<std::size_t> only;
  if (vm.count("sheet")) {
    only = wb->find_sheet(sheet);
    if (!only) {
      std::string names;
      for (const auto& s : wb->sheets()) names += (names.empty() ? "'" : ", '") + s.name + "'";
      return report_read_error(ctx, {xlsx::read_error::no_such_sheet,
                                     file + ": no sheet named '" + sheet + "'; the sheets are: " + names});
    }
  }
  auto done = xlsx::dump(*wb, only, ctx.out);
  if (!done) return report_read_error(ctx, done.error());
  return exit_code::ok;
}

}  // namespace returncheck::cli
