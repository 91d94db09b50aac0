// The command line: parses arguments, runs a subcommand, and owns the exit codes.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "returncheck/xlsx/limits.hpp"

namespace returncheck::cli {

// The only exit codes returncheck uses (documented in --help and docs/cli.md).
enum class exit_code : int {
  ok = 0,          // nothing at or above --fail-on
  findings = 1,    // findings at or above --fail-on
  usage = 2,       // bad usage or bad schema
  unreadable = 3,  // an input could not be read: corrupt, encrypted, not xlsx, a limit exceeded
};

// What every subcommand gets: its arguments, the streams, and a logger on the error stream.
struct context {
  std::vector<std::string> args;  // after the subcommand's name
  std::ostream& out;
  std::ostream& err;
  std::shared_ptr<spdlog::logger> log;
};

// Runs returncheck with argv[1..]; everything it prints goes to out and err.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Subcommands.
exit_code cmd_dump(context& ctx);
exit_code cmd_inspect(context& ctx);
exit_code cmd_recalc(context& ctx);
exit_code cmd_schema(context& ctx);
exit_code cmd_validate(context& ctx);
exit_code cmd_batch(context& ctx);
exit_code cmd_explain(context& ctx);

// Shared by subcommands: prints "returncheck: <message>" as one line and returns the code.
exit_code report_failure(context& ctx, exit_code code, const std::string& message);

}  // namespace returncheck::cli
