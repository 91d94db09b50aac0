// Keeps the reference docs true to the code: docs/errors.md against the error table, and
// docs/cli.md against the limit options.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/xlsx/error.hpp"

namespace returncheck {
namespace {

std::string read_doc(const std::string& relative) {
  const std::string path = std::string(RETURNCHECK_SOURCE_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// One row of the table in docs/errors.md: | code | `slug` | meaning | example | what to do |
struct doc_row {
  int line = 0;
  int code = 0;
  std::string slug;
  std::vector<std::string> cells;
};

// The rows whose first cell is a number; the header and separator rows are skipped.
std::vector<doc_row> error_rows(const std::string& page) {
  std::vector<doc_row> rows;
  std::istringstream in(page);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string t = trim(line);
    if (t.size() < 2 || t.front() != '|' || t.back() != '|') continue;
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar = t.find('|', start); bar != std::string::npos; bar = t.find('|', start)) {
      cells.push_back(trim(std::string_view(t).substr(start, bar - start)));
      start = bar + 1;
    }
    if (cells.empty() || !all_digits(cells[0])) continue;
    doc_row row;
    row.line = n;
    row.code = std::stoi(cells[0]);
    if (cells.size() > 1) {
      row.slug = cells[1];
      if (row.slug.size() >= 2 && row.slug.front() == '`' && row.slug.back() == '`')
        row.slug = row.slug.substr(1, row.slug.size() - 2);
    }
    row.cells = std::move(cells);
    rows.push_back(std::move(row));
  }
  return rows;
}

class errors_page : public ::testing::Test {
 protected:
  void SetUp() override {
    rows_ = error_rows(read_doc("docs/errors.md"));
    ASSERT_FALSE(rows_.empty()) << "docs/errors.md has no table rows of the form | code | `slug` | ... |";
  }
  std::vector<doc_row> rows_;
};

TEST_F(errors_page, says_that_this_test_checks_it) {
  const std::string page = read_doc("docs/errors.md");
  const std::string first_line = page.substr(0, page.find('\n'));
  EXPECT_NE(first_line.find("test"), std::string::npos) << first_line;
  EXPECT_NE(first_line.find("src/returncheck/xlsx/error.cpp"), std::string::npos) << first_line;
}

TEST_F(errors_page, has_one_row_per_code_with_its_slug) {
  std::map<int, const doc_row*> by_code;
  for (const auto& row : rows_) {
    SCOPED_TRACE("docs/errors.md line " + std::to_string(row.line));
    EXPECT_TRUE(by_code.emplace(row.code, &row).second) << "code " << row.code << " has two rows";
  }
  for (const auto& e : xlsx::error_table()) {
    const int code = static_cast<int>(e.code);
    SCOPED_TRACE("code " + std::to_string(code) + " (" + std::string(e.slug) + ")");
    const auto it = by_code.find(code);
    if (it == by_code.end()) {
      ADD_FAILURE() << "docs/errors.md has no row for code " << code << ", slug " << e.slug;
      continue;
    }
    EXPECT_EQ(it->second->slug, e.slug) << "docs/errors.md line " << it->second->line;
  }
}

TEST_F(errors_page, names_no_code_or_slug_the_table_lacks) {
  std::map<std::string_view, int> table;
  for (const auto& e : xlsx::error_table()) table.emplace(e.slug, static_cast<int>(e.code));
  for (const auto& row : rows_) {
    SCOPED_TRACE("docs/errors.md line " + std::to_string(row.line));
    const auto it = table.find(row.slug);
    if (it == table.end()) {
      ADD_FAILURE() << "slug '" << row.slug << "' is not in xlsx::error_table()";
      continue;
    }
    EXPECT_EQ(it->second, row.code) << "slug " << row.slug << " has code " << it->second << " in the table";
  }
}

TEST_F(errors_page, each_row_has_the_summary_and_an_example_ending_in_its_slug) {
  for (const auto& row : rows_) {
    SCOPED_TRACE("docs/errors.md line " + std::to_string(row.line) + " (" + row.slug + ")");
    ASSERT_EQ(row.cells.size(), 5u) << "expected | code | slug | meaning | example | what you can do |";
    for (const auto& e : xlsx::error_table()) {
      if (e.slug != row.slug) continue;
      // The summary is the table's own words, so a change to it shows up here.
      EXPECT_NE(row.cells[2].find(e.summary), std::string::npos)
          << "the meaning should contain the table's summary: \"" << e.summary << "\"";
    }
    const std::string& example = row.cells[3];
    EXPECT_TRUE(example.starts_with("`returncheck: ")) << example;
    EXPECT_TRUE(example.ends_with(" (" + row.slug + ")`")) << example;
    EXPECT_FALSE(row.cells[4].empty()) << "no advice for the user";
  }
}

TEST(cli_page, names_every_limit_option) {
  const std::string page = read_doc("docs/cli.md");
  for (const char* option : {"--max-inflated", "--max-part", "--max-ratio", "--max-cells"}) {
    EXPECT_NE(page.find(option), std::string::npos) << "docs/cli.md does not mention " << option;
  }
  // And any limit option added later, straight from the option table the commands use.
  xlsx::limits caps;
  boost::program_options::options_description desc;
  cli::add_limit_options(desc, caps);
  validate::options checks;
  cli::add_check_limit_options(desc, checks);
  EXPECT_GE(desc.options().size(), 12u);
  for (const auto& option : desc.options()) {
    const std::string name = "--" + option->long_name();
    EXPECT_NE(page.find(name), std::string::npos) << "docs/cli.md does not mention " << name;
  }
}

// docs/formulas.md lists every function the evaluator has, each as `NAME` in a table row.
TEST(docs, formulas_page_lists_every_function) {
  const std::string page = read_doc("docs/formulas.md");
  for (const auto& f : formula::function_table())
    EXPECT_NE(page.find("`" + std::string(f.name) + "`"), std::string::npos)
        << "docs/formulas.md does not list " << f.name;
}

// docs/rules.md has a heading "### RC201 `pct-change-mismatch` (error)" for every rule of the
// catalogue, with its default severity, and no heading for a rule that does not exist.
TEST(docs, rules_page_describes_every_rule) {
  const std::string page = read_doc("docs/rules.md");
  for (const auto& r : rules::catalogue()) {
    const std::string heading = "### " + std::string(r.id) + " `" + std::string(r.slug) + "` (" +
                                std::string(schema::to_string(r.level)) + ")";
    EXPECT_NE(page.find(heading), std::string::npos) << "docs/rules.md lacks: " << heading;
  }
  std::istringstream in(page);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("### RC")) continue;
    EXPECT_NE(rules::find_rule(line.substr(4, 5)), nullptr) << "docs/rules.md describes an unknown rule: " << line;
  }
}

}  // namespace
}  // namespace returncheck
