// Tests for the command line: exit codes, one-line errors, and what each command prints.
#include "cli/cli.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "unit/test_xlsx.hpp"

namespace returncheck::cli {
namespace {

struct run_result {
  int code;
  std::string out;
  std::string err;
};

run_result run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = run(args, out, err);
  return {code, out.str(), err.str()};
}

std::size_t count_lines(const std::string& s) { return std::size_t(std::count(s.begin(), s.end(), '\n')); }

std::string two_sheet_workbook() {
  return test::write_zip(test::workbook_parts(
      {{"Activity", test::worksheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>229</v></c>)"
                                    R"(<c r="C1"><f>B1*1.214</f><v>278</v></c></row>)")},
       {"Notes", test::worksheet(R"(<row r="2"><c r="B2" t="inlineStr"><is><t>checked</t></is></c></row>)")}},
      "<si><t>Looked After Children</t></si>"));
}

const std::string activity_lines =
    R"({"sheet":"Activity","cell":"A1","type":"s","value":"Looked After Children"})" "\n"
    R"({"sheet":"Activity","cell":"B1","type":"n","value":229})" "\n"
    R"({"sheet":"Activity","cell":"C1","type":"n","value":278,"formula":"B1*1.214"})" "\n";
const std::string notes_lines = R"({"sheet":"Notes","cell":"B2","type":"s","value":"checked"})" "\n";

TEST(cli, no_arguments_prints_usage) {
  const auto r = run_cli({});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(r.err.starts_with("usage: returncheck [--verbose | --quiet] COMMAND [ARGS]\n")) << r.err;
}

TEST(cli, help) {
  for (const std::string flag : {"--help", "-h"}) {
    SCOPED_TRACE(flag);
    const auto r = run_cli({flag});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_TRUE(r.out.starts_with("usage: returncheck [--verbose | --quiet] COMMAND [ARGS]\n")) << r.out;
    // The exit codes are documented in --help.
    EXPECT_NE(r.out.find("exit status:\n  0  "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  3  an input could not be read"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  dump FILE [--sheet NAME]"), std::string::npos);
    EXPECT_NE(r.out.find("  inspect FILE [--json]"), std::string::npos);
  }
}

TEST(cli, version) {
  const auto r = run_cli({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "returncheck 0.1.0\n");
  EXPECT_EQ(r.err, "");
}

TEST(cli, unknown_command) {
  const auto r = run_cli({"check", "book.xlsx"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "returncheck: unknown command 'check'; the commands are: batch, dump, explain, inspect, recalc, schema, validate\n");
}

TEST(cli, unknown_global_option) {
  const auto r = run_cli({"--frobnicate", "dump"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("returncheck: ")) << r.err;
}

TEST(cli, dump_without_a_file) {
  const auto r = run_cli({"dump"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "returncheck: the option '--file' is required but missing\n"
            "usage: returncheck dump FILE [--sheet NAME]\n");
}

TEST(cli, dump_help) {
  const auto r = run_cli({"dump", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(r.out.starts_with("usage: returncheck dump FILE [--sheet NAME]\n\n")) << r.out;
  EXPECT_NE(r.out.find("--max-ratio"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(cli, dump_missing_file) {
  const auto r = run_cli({"dump", "missing.xlsx"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("returncheck: missing.xlsx: ")) << r.err;
  EXPECT_TRUE(r.err.ends_with(" (cannot-open)\n")) << r.err;
  EXPECT_EQ(r.err, "returncheck: missing.xlsx: cannot open the file: No such file or directory (cannot-open)\n");
}

TEST(cli, unreadable_inputs_are_one_line_with_their_slug) {
  struct bad_input {
    std::string bytes;
    std::string slug;
  };
  const std::vector<bad_input> cases = {
      {"", "not-a-zip"},
      {"Name,Value\n", "not-a-zip"},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0') +
           std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32),
       "encrypted"},
      {"PK\x03\x04 cut short", "corrupt-zip"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.slug);
    const std::string path = test::write_file(c.bytes, "input.xlsx");
    for (const std::string cmd : {"dump", "inspect"}) {
      const auto r = run_cli({cmd, path});
      EXPECT_EQ(r.code, 3);
      EXPECT_EQ(r.out, "");
      EXPECT_EQ(count_lines(r.err), 1u) << r.err;
      EXPECT_TRUE(r.err.starts_with("returncheck: " + path + ": ")) << r.err;
      EXPECT_TRUE(r.err.ends_with(" (" + c.slug + ")\n")) << r.err;
    }
  }
}

TEST(cli, dump_unknown_sheet_lists_the_sheets) {
  const std::string path = two_sheet_workbook();
  const auto r = run_cli({"dump", path, "--sheet", "Nope"});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "returncheck: " + path + ": no sheet named 'Nope'; the sheets are: 'Activity', 'Notes' (no-such-sheet)\n");
}

TEST(cli, dump_prints_json_lines) {
  const std::string path = two_sheet_workbook();
  const auto r = run_cli({"dump", path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, activity_lines + notes_lines);
}

TEST(cli, dump_one_sheet_by_name_ignoring_case) {
  const std::string path = two_sheet_workbook();
  for (const std::string name : {"Notes", "notes", "NOTES"}) {
    SCOPED_TRACE(name);
    const auto r = run_cli({"dump", path, "--sheet", name});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, notes_lines);
  }
  const auto r = run_cli({"dump", "--sheet", "Activity", path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, activity_lines);
}

TEST(cli, error_part_way_keeps_the_lines_before_it) {
  const std::string path = test::write_zip(test::workbook_parts(
      {{"Good", test::worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")},
       {"Bad", test::worksheet(R"(<row r="1"><c r="A1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</c></row>)")}}));
  const auto r = run_cli({"dump", path});
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.out, R"({"sheet":"Good","cell":"A1","type":"n","value":1})" "\n"
                   R"({"sheet":"Bad","cell":"A1","type":"n","value":2})" "\n");
  EXPECT_EQ(r.err, "returncheck: " + path +
                       ": xl/worksheets/sheet2.xml ('Bad') line 2: malformed XML: </c> does not close <v> (malformed-xml)\n");
}

TEST(cli, inspect_json) {
  const std::string path = two_sheet_workbook();
  const auto r = run_cli({"inspect", path, "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(r.out.starts_with("{\"file\":\"" + path + "\",")) << r.out;
  EXPECT_TRUE(r.out.ends_with("]}\n")) << r.out;
  EXPECT_EQ(count_lines(r.out), 1u);
  EXPECT_NE(r.out.find(R"("sheets":[{"name":"Activity","kind":"worksheet","state":"visible","used_range":"A1:C1",)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"({"name":"Notes","kind":"worksheet","state":"visible","used_range":"B2",)"), std::string::npos)
      << r.out;
  // Balanced brackets outside strings: a cheap check that the text is one JSON value.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : r.out) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      ASSERT_GT(depth--, 0);
    }
  }
  EXPECT_EQ(depth, 0);
  EXPECT_FALSE(in_string);
}

TEST(cli, inspect_text) {
  const std::string path = two_sheet_workbook();
  const auto r = run_cli({"inspect", path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with(path + "\n")) << r.out;
  EXPECT_NE(r.out.find("\n  'Activity' (worksheet)\n    used range: A1:C1, 1 rows\n"), std::string::npos) << r.out;
}

TEST(cli, global_flags_before_or_after_the_command) {
  const std::string path = two_sheet_workbook();
  const std::vector<std::vector<std::string>> cases = {
      {"--quiet", "dump", path},
      {"-q", "dump", path},
      {"dump", path, "--quiet"},
      {"dump", "-q", path},
      {"--verbose", "dump", path},
      {"-v", "dump", path},
      {"dump", path, "--verbose"},
      {"--quiet", "--verbose", "dump", path},
  };
  for (const auto& args : cases) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    SCOPED_TRACE(shown);
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, activity_lines + notes_lines);
  }
}

TEST(cli, verbose_logs_to_the_error_stream_and_quiet_does_not) {
  const std::string path = two_sheet_workbook();
  const auto loud = run_cli({"dump", path, "--verbose"});
  EXPECT_EQ(loud.code, 0);
  EXPECT_EQ(loud.err, "returncheck: debug: " + path + ": 2 sheets, 1 shared strings, saved by an unnamed application\n");
  const auto quiet = run_cli({"--quiet", "dump", path});
  EXPECT_EQ(quiet.err, "");
}

TEST(cli, bad_limit_values_are_usage_errors) {
  const std::string path = two_sheet_workbook();
  {
    const auto r = run_cli({"dump", path, "--max-ratio", "notanumber"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(r.err.starts_with("returncheck: ")) << r.err;
    EXPECT_NE(r.err.find("max-ratio"), std::string::npos) << r.err;
    EXPECT_EQ(r.err,
              "returncheck: the argument ('notanumber') for option '--max-ratio' is invalid\n"
              "usage: returncheck dump FILE [--sheet NAME]\n");
  }
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"dump", path, "--max-inflated", "lots"},
           {"dump", path, "--max-part", "12Q"},
           {"inspect", path, "--max-cells", "-"},
           {"dump", path, "--no-such-option"},
           {"dump", path, "other.xlsx"},
           {"dump", path, "--sheet"},
       }) {
    SCOPED_TRACE(args[2]);
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.starts_with("returncheck: ")) << r.err;
  }
}

TEST(cli, limits_from_the_command_line) {
  const std::string path = two_sheet_workbook();
  const auto capped = run_cli({"dump", path, "--max-cells", "2"});
  EXPECT_EQ(capped.code, 3);
  EXPECT_EQ(count_lines(capped.err), 1u) << capped.err;
  EXPECT_TRUE(capped.err.ends_with(": more than 2 cells (limit max-cells; raise it with --max-cells) (limit-exceeded)\n"))
      << capped.err;

  const auto roomy = run_cli({"dump", path, "--max-cells", "3", "--max-inflated", "1G", "--max-part", "512M",
                              "--max-ratio", "2000"});
  EXPECT_EQ(roomy.code, 0) << roomy.err;
  EXPECT_EQ(roomy.out, activity_lines + notes_lines);

  const auto tiny = run_cli({"inspect", path, "--max-inflated", "100"});
  EXPECT_EQ(tiny.code, 3);
  EXPECT_TRUE(tiny.err.ends_with("(limit max-inflated; raise it with --max-inflated) (limit-exceeded)\n")) << tiny.err;
}

}  // namespace
}  // namespace returncheck::cli
