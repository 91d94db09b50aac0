// Options several subcommands share: the reader's safety limits and opening a workbook.
#pragma once

#include <boost/program_options.hpp>
#include <optional>

#include "cli/cli.hpp"
#include "returncheck/rules/explanation.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/validate/validate.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::cli {

// A size as an option takes it: bytes, or with a K, M or G suffix (powers of 1024). Throws
// Boost's validation_error for anything else, so that parse_args reports it as bad usage.
std::uint64_t parse_size(const std::string& text, const std::string& option);

// Adds the reader's and the loaders' safety limits: --max-inflated, --max-part, --max-ratio,
// --max-cells and --max-string, --max-shared-strings bound to caps; --max-formula-length,
// --max-formula-depth and --max-schema-size, which set the process's defaults.
void add_limit_options(boost::program_options::options_description& desc, xlsx::limits& caps);

// Adds --max-steps, --max-held-cells and --max-unique-memory, the limits of the checks (validate,
// batch), bound to opts.
void add_check_limit_options(boost::program_options::options_description& desc, validate::options& opts);

// Parses a subcommand's arguments; on bad usage prints one line and returns exit_code::usage.
// help_text is printed for --help (and returns exit_code::ok).
std::optional<exit_code> parse_args(context& ctx, const boost::program_options::options_description& visible,
                                    const boost::program_options::positional_options_description& positional,
                                    boost::program_options::variables_map& vm, const std::string& usage_line);

// Opens a workbook, reporting an unreadable one as a one-line error.
std::optional<xlsx::workbook> open_workbook(context& ctx, const std::string& path, const xlsx::limits& caps,
                                            exit_code& code);

// Loads --schema into `out`; a schema with problems is refused: each problem on stderr with its
// line and column, then one line, and exit_code::usage is returned.
std::optional<exit_code> load_schema(context& ctx, const std::string& path, std::optional<schema::schema>& out);

// Loads --explanations into `out` (rules::explanation, "by, date" as who gave it); refused as a
// schema is.
std::optional<exit_code> load_explanations(context& ctx, const std::string& path, std::vector<rules::explanation>& out);

// Prints a reader error: "returncheck: <message> (<slug>)".
exit_code report_read_error(context& ctx, const xlsx::error& e);

}  // namespace returncheck::cli
