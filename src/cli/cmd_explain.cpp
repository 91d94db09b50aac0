// `returncheck explain FINGERPRINT "TEXT" (--out-dir OUT | --history PATH) [--return KEY]`: a
// person's explanation of a finding, kept in the history with the figure it explains.
#include <boost/program_options.hpp>
#include <filesystem>

#include "cli/options.hpp"
#include "returncheck/formula/value.hpp"
#include "returncheck/history/history.hpp"

namespace po = boost::program_options;

namespace returncheck::cli {

exit_code cmd_explain(context& ctx) {
  std::string fingerprint, text, out_dir, history_path, return_key;
  po::options_description desc("explain options");
  desc.add_options()("help,h", "this text")("fingerprint", po::value<std::string>(&fingerprint)->required(),
                                            "the finding's fingerprint (report.json, report.csv, the HTML report)")(
      "text", po::value<std::string>(&text)->required(), "the explanation")(
      "out-dir", po::value<std::string>(&out_dir), "the batch output folder whose history.db keeps it")(
      "history", po::value<std::string>(&history_path), "the history file, when it is not OUT/history.db")(
      "return", po::value<std::string>(&return_key), "the return's key (north/q2.xlsx) when several have the finding");
  po::positional_options_description pos;
  pos.add("fingerprint", 1).add("text", 1);
  po::variables_map vm;
  if (auto code = parse_args(ctx, desc, pos, vm,
                             "usage: returncheck explain FINGERPRINT \"TEXT\" (--out-dir OUT | --history PATH) "
                             "[--return KEY]"))
    return *code;
  if (out_dir.empty() == history_path.empty())
    return report_failure(ctx, exit_code::usage, "say where the history is: --out-dir OUT or --history PATH");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return report_failure(ctx, exit_code::usage, "the explanation is empty: say why the figure is right");
  const std::filesystem::path path = history_path.empty() ? std::filesystem::path(out_dir) / "history.db" : std::filesystem::path(history_path);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return report_failure(ctx, exit_code::usage, path.string() + ": no history here; run returncheck batch first");
  auto store = history::store::open(path);
  if (!store) return report_failure(ctx, exit_code::usage, store.error());
  auto given = store->explain(return_key, fingerprint, text);
  if (!given) return report_failure(ctx, exit_code::usage, given.error());
  ctx.out << "explained " << fingerprint << " of " << given->return_key;
  if (given->value) ctx.out << " for the figure " << formula::format_number(*given->value);
  ctx.out << ": it is reported as explained from the next run while that figure stays\n";
  return exit_code::ok;
}

}  // namespace returncheck::cli
