// Tests for loading a schema: every key read, every problem with its exact text and place,
// hostile files refused without a crash, `returncheck schema check`, and docs/schema.md.
#include "returncheck/schema/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "returncheck/schema/detail/vocabulary.hpp"

namespace returncheck::schema {
namespace {

// The problems of a schema text, one a line as "LINE:COL: message"; "" when it loads.
std::string problems_of(const std::string& yaml) {
  const auto loaded = load_text(yaml, "s.yaml");
  if (loaded) return "";
  std::string out;
  for (const auto& p : loaded.error())
    out += std::to_string(p.at.line) + ":" + std::to_string(p.at.column) + ": " + p.message + "\n";
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A folder of its own under the system's temporary folder, removed afterwards.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("returncheck-schema-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The smallest schema that loads; tests add to it.
const std::string minimal =
    "returncheck: 1\n"
    "tables:\n"
    "  - id: activity\n"
    "    periods: [2015-03-31, 2016-03-31]\n"
    "    indicators:\n"
    "      - {id: cla, label: Number of Looked After Children}\n"
    "      - {id: ico, label: Number of children subject to Interim Care Orders}\n";

// ---- a schema that loads

const std::string everything = R"(returncheck: 1
name: Every key
suppression: [c, "*"]
tables:
  - id: activity
    sheet: Activity
    layout: indicators
    periods:
      - 31/03/2015
      - {id: 2016-03-31, header: [31/03/2016, 31 March 2016]}
    derived:
      - {header: "% change", aliases: [Change], kind: pct_change, from: 31/03/2015, to: 2016-03-31}
      - {header: Rate per 10000, kind: rate, of: population, per: 10000, to: 2016-03-31}
    indicators:
      - id: cla
        label: Number of Looked After Children
        aliases: [Looked after children, CLA]
        type: count
        minimum: 0
        maximum: 5000
        required: true
      - {id: cla_rate, label: Rate of children looked after, type: rate, per: 10000}
      - {id: population, label: Population aged 0-17, type: number}
  - id: contacts
    sheet: Contacts
    layout: records
    columns:
      - id: ref
        header: Reference
        aliases: Ref
        type: string
        required: yes
        unique: true
        pattern: "[A-Z]{2}[0-9]{4}"
      - {id: age, header: Age, type: integer, minimum: 0, maximum: 17.5}
      - {id: outcome, header: Outcome, enum: [NFA, Referral]}
rules:
  - {id: rate-positive, assert: "cla.2016_03_31 >= 0", severity: query, message: Check it}
  - {id: cla-swing, kind: change, indicator: cla, max_abs_pct: 25, severity: info}
  - {id: parts, kind: sum, parts: [cla_rate, population], total: cla}
  - {id: rate, kind: rate, indicator: cla_rate, numerator: cla, denominator: population, per: 10000}
)";

TEST(schema_load, reads_every_key) {
  const auto loaded = load_text(everything, "every.yaml");
  ASSERT_TRUE(loaded) << problems_of(everything);
  const schema& s = *loaded;
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.name, "Every key");
  EXPECT_EQ(s.path, "every.yaml");
  EXPECT_EQ(s.suppression, (std::vector<std::string>{"c", "*"}));
  ASSERT_EQ(s.tables.size(), 2u);

  const table& a = s.tables[0];
  EXPECT_EQ(a.id, "activity");
  EXPECT_EQ(a.sheet, "Activity");
  EXPECT_EQ(a.kind, layout::indicators);
  EXPECT_EQ(a.at, (source_pos{5, 5}));
  ASSERT_EQ(a.periods.size(), 2u);
  EXPECT_EQ(a.periods[0].id, "31/03/2015");
  EXPECT_EQ(a.periods[0].headers, (std::vector<std::string>{"31/03/2015"}));
  EXPECT_EQ(a.periods[0].at, (source_pos{9, 9}));
  EXPECT_EQ(a.periods[1].id, "2016-03-31");
  EXPECT_EQ(a.periods[1].headers, (std::vector<std::string>{"31/03/2016", "31 March 2016"}));
  ASSERT_EQ(a.derived.size(), 2u);
  EXPECT_EQ(a.derived[0].header, "% change");
  EXPECT_EQ(a.derived[0].aliases, (std::vector<std::string>{"Change"}));
  EXPECT_EQ(a.derived[0].kind, derived_kind::pct_change);
  EXPECT_EQ(a.derived[0].from, "31/03/2015");
  EXPECT_EQ(a.derived[0].to, "2016-03-31");
  EXPECT_EQ(a.derived[0].at, (source_pos{12, 9}));
  EXPECT_EQ(a.derived[1].kind, derived_kind::rate);
  EXPECT_EQ(a.derived[1].of, "population");
  EXPECT_EQ(a.derived[1].per, 10000);
  ASSERT_EQ(a.indicators.size(), 3u);
  const indicator& cla = a.indicators[0];
  EXPECT_EQ(cla.id, "cla");
  EXPECT_EQ(cla.label, "Number of Looked After Children");
  EXPECT_EQ(cla.aliases, (std::vector<std::string>{"Looked after children", "CLA"}));
  EXPECT_EQ(cla.type, indicator_type::count);
  EXPECT_EQ(cla.minimum, 0);
  EXPECT_EQ(cla.maximum, 5000);
  EXPECT_TRUE(cla.required);
  EXPECT_EQ(cla.at, (source_pos{15, 9}));
  EXPECT_EQ(a.indicators[1].type, indicator_type::rate);
  EXPECT_EQ(a.indicators[1].per, 10000);
  EXPECT_FALSE(a.indicators[1].required);
  EXPECT_FALSE(a.indicators[1].minimum.has_value());
  EXPECT_EQ(a.indicators[2].type, indicator_type::number);

  const table& c = s.tables[1];
  EXPECT_EQ(c.kind, layout::records);
  ASSERT_EQ(c.columns.size(), 3u);
  EXPECT_EQ(c.columns[0].id, "ref");
  EXPECT_EQ(c.columns[0].header, "Reference");
  EXPECT_EQ(c.columns[0].aliases, (std::vector<std::string>{"Ref"}));
  EXPECT_EQ(c.columns[0].type, column_type::string);
  EXPECT_TRUE(c.columns[0].required);
  EXPECT_TRUE(c.columns[0].unique);
  EXPECT_EQ(c.columns[0].pattern, "[A-Z]{2}[0-9]{4}");
  EXPECT_EQ(c.columns[1].type, column_type::integer);
  EXPECT_EQ(c.columns[1].minimum, 0);
  EXPECT_EQ(c.columns[1].maximum, 17.5);
  EXPECT_EQ(c.columns[2].allowed, (std::vector<std::string>{"NFA", "Referral"}));
  EXPECT_EQ(c.columns[2].type, column_type::string);

  ASSERT_EQ(s.rules.size(), 4u);
  EXPECT_EQ(s.rules[0].id, "rate-positive");
  EXPECT_EQ(s.rules[0].kind, "expression");
  EXPECT_EQ(s.rules[0].assert_expr, "cla.2016_03_31 >= 0");
  EXPECT_EQ(s.rules[0].level, severity::query);
  EXPECT_EQ(s.rules[0].message, "Check it");
  EXPECT_EQ(s.rules[0].at, (source_pos{38, 5}));
  EXPECT_EQ(s.rules[1].kind, "change");
  EXPECT_EQ(s.rules[1].indicator, "cla");
  EXPECT_EQ(s.rules[1].max_abs_pct, 25);
  EXPECT_EQ(s.rules[1].level, severity::info);
  EXPECT_EQ(s.rules[2].kind, "sum");
  EXPECT_EQ(s.rules[2].parts, (std::vector<std::string>{"cla_rate", "population"}));
  EXPECT_EQ(s.rules[2].total, "cla");
  EXPECT_EQ(s.rules[2].level, severity::error);
  EXPECT_EQ(s.rules[3].kind, "rate");
  EXPECT_EQ(s.rules[3].indicator, "cla_rate");
  EXPECT_EQ(s.rules[3].numerator, "cla");
  EXPECT_EQ(s.rules[3].denominator, "population");
  EXPECT_EQ(s.rules[3].per, 10000);
}

TEST(schema_load, defaults) {
  const auto loaded = load_text(minimal, "m.yaml");
  ASSERT_TRUE(loaded) << problems_of(minimal);
  EXPECT_EQ(loaded->suppression, (std::vector<std::string>{"c", "x", "*", "-", "[c]", "[x]", "[z]", ".."}));
  EXPECT_EQ(loaded->tables[0].kind, layout::indicators);
  EXPECT_EQ(loaded->tables[0].sheet, "");
  EXPECT_EQ(loaded->tables[0].indicators[0].type, indicator_type::number);
  EXPECT_TRUE(loaded->rules.empty());
}

TEST(schema_load, the_bundled_schema_loads) {
  const auto loaded = load_file(std::string(RETURNCHECK_SOURCE_DIR) + "/schemas/table-6.2.yaml");
  ASSERT_TRUE(loaded) << (loaded ? "" : format_problem("table-6.2.yaml", loaded.error().front()));
  ASSERT_EQ(loaded->tables.size(), 1u);
  const table& t = loaded->tables[0];
  EXPECT_EQ(t.sheet, "Activity");
  ASSERT_EQ(t.periods.size(), 4u);
  EXPECT_EQ(t.periods[0].id, "2015-03-31");
  EXPECT_EQ(t.periods[0].headers, (std::vector<std::string>{"31/03/2015"}));
  ASSERT_EQ(t.indicators.size(), 3u);
  EXPECT_EQ(t.indicators[0].id, "cp_plans");
  EXPECT_EQ(t.indicators[1].id, "cla");
  EXPECT_EQ(t.indicators[2].id, "ico");
  EXPECT_EQ(t.indicators[2].label, "Number of children subject to Interim Care Orders");
  ASSERT_EQ(t.derived.size(), 1u);
  EXPECT_EQ(t.derived[0].from, "2015-03-31");
  EXPECT_EQ(t.derived[0].to, "2017-09-30");
  ASSERT_EQ(loaded->rules.size(), 1u);
  EXPECT_EQ(loaded->rules[0].assert_expr, "ico <= cla");
  EXPECT_EQ(loaded->rules[0].level, severity::query);
}

// ---- each problem, with its exact text and place

TEST(schema_problems, unknown_key_with_the_nearest) {
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, lable: Plans}\n"),
            "8:9: indicator 'cp' has no 'label': the row label to find\n"
            "8:18: unknown key 'lable' in indicator 'cp' (did you mean 'label'?)\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntabels: []\n"),
            "1:1: the schema has no tables: 'tables' lists at least one\n"
            "2:1: unknown key 'tabels' in the schema (did you mean 'tables'?)\n");
}

TEST(schema_problems, unknown_key_far_from_any_lists_the_keys) {
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, colour: red}\n"),
            "8:32: unknown key 'colour' in indicator 'cp' (the keys are: id, label, aliases, type, per, minimum, "
            "maximum, required)\n");
}

TEST(schema_problems, key_given_twice) {
  EXPECT_EQ(problems_of(minimal + "      - id: cp\n        label: Plans\n        label: Plans again\n"),
            "10:9: key 'label' is given twice in indicator 'cp' (first at line 9)\n");
}

TEST(schema_problems, merge_keys) {
  EXPECT_EQ(problems_of(minimal + "      - {<<: {type: count}, id: a, label: A}\n"),
            "8:10: merge keys ('<<') are not supported in a schema: write the keys of indicator 'a' out\n");
}

TEST(schema_problems, wrong_types) {
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, minimum: ten}\n"),
            "8:41: 'minimum' must be a number, not 'ten'\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, type: rate, per: '10,000'}\n"),
            "8:49: 'per' must be a number, not '10,000' (write it without separators: 10000)\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, required: maybe}\n"),
            "8:42: 'required' must be true or false, not 'maybe'\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: [a, b]}\n"), "8:25: 'label' must be a text, not a list\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, aliases: {a: b}}\n"),
            "8:41: 'aliases' must be a text or a list of texts, not a mapping\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: }\n"), "8:18: 'label' has no value\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, type: rate, per: 0}\n"),
            "8:49: 'per' must be greater than 0, not '0'\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables: activity\n"), "2:9: 'tables' must be a list, not 'activity'\n");
  EXPECT_EQ(problems_of(minimal + "      - [cp, Plans]\n"),
            "8:9: indicator #3 of table 'activity' must be a mapping (id, label, aliases, type, per, minimum, maximum, "
            "required), not a list\n");
}

TEST(schema_problems, unknown_choice_with_the_nearest) {
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, type: cout}\n"),
            "8:38: unknown type 'cout' in indicator 'cp' (did you mean 'count'?)\n");
  EXPECT_EQ(problems_of(minimal + "    layout: rows\n"),
            "8:13: unknown layout 'rows' in table 'activity' (one of: indicators, records)\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: r, assert: ico <= cla, severity: warning}\n"),
            "9:43: unknown severity 'warning' in rule 'r' (one of: error, query, info)\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: r, kind: chang, indicator: cla, max_abs_pct: 25}\n"),
            "9:19: unknown kind 'chang' in rule 'r' (did you mean 'change'?)\n");
  EXPECT_EQ(problems_of(minimal + "    derived:\n      - {header: \"%\", kind: pct-change}\n"),
            "9:29: unknown kind 'pct-change' in derived column '%' (did you mean 'pct_change'?)\n");
}

TEST(schema_problems, missing_keys) {
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - indicators: [{label: Plans}]\n"),
            "3:5: table #1 has no 'id'\n"
            "3:18: indicator #1 of table #1 has no 'id'\n");
  EXPECT_EQ(problems_of(minimal + "    derived:\n      - {to: 2016-03-31}\n"),
            "9:9: derived column #1 of table 'activity' has no 'header'\n"
            "9:9: derived column #1 of table 'activity' has no 'kind' (pct_change, change, share, rate, ratio)\n");
  EXPECT_EQ(problems_of(minimal + "    derived:\n      - {header: Share, kind: share}\n"
                                  "      - {header: Rate, kind: rate, of: cla}\n"),
            "9:9: derived column 'Share' (kind share) has no 'of': the id of the indicator it divides by\n"
            "10:9: derived column 'Rate' (kind rate) has no 'per', such as 'per: 10000' for a rate per 10,000\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    periods: [{header: 31/03/2015}, {id: p2}]\n"
                        "    indicators: [{id: a, label: A}]\n"),
            "4:15: period #1 of table 't' has no 'id': the name rules and reports use, such as 2015-03-31\n"
            "4:37: period 'p2' has no 'header': the column header to find, such as 31/03/2015\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {assert: ico <= cla}\n  - {id: r}\n"
                                  "  - {id: c, kind: change}\n  - {id: s, kind: sum}\n"),
            "9:5: rule #1 has no 'id'\n"
            "10:5: rule 'r' has no 'assert': the formula that must be TRUE, such as 'ico <= cla'\n"
            "11:5: rule 'c' (kind change) has no 'indicator': the id of the indicator to follow\n"
            "11:5: rule 'c' (kind change) has no 'max_abs_pct': the largest movement allowed, in percent, such as 25\n"
            "12:5: rule 's' (kind sum) has no 'parts': the ids of the indicators that add up\n"
            "12:5: rule 's' (kind sum) has no 'total': the id of the indicator they add up to\n");
}

TEST(schema_problems, share_and_rate_rules) {
  EXPECT_EQ(
      problems_of(minimal + "rules:\n  - {id: s, kind: share, indicator: ico, numerator: ico, denominator: cla}\n"),
      "");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: s, kind: share, indicator: ico, numerator: icoo, per: 100}\n"),
            "9:5: rule 's' (kind share) has no 'denominator': the id of the indicator it is divided by\n"
            "9:53: unknown indicator 'icoo' in rule 's' (did you mean 'ico'?)\n"
            "9:59: 'per' does not apply to a share rule (it is for kind: rate)\n");
  EXPECT_EQ(
      problems_of(minimal + "rules:\n  - {id: r, kind: rate, indicator: ico, numerator: ico, denominator: cla}\n"),
      "9:5: rule 'r' (kind rate) has no 'per', such as 'per: 10000' for a rate per 10,000\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: r, assert: ico <= cla, indicator: ico}\n"),
            "9:33: 'indicator' does not apply to an expression rule (it is for kinds change, share and rate)\n");
}

TEST(schema_problems, keys_that_do_not_apply) {
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: r, assert: ico <= cla, parts: [ico]}\n"),
            "9:33: 'parts' does not apply to an expression rule (it is for kind: sum)\n");
  EXPECT_EQ(problems_of(minimal + "    derived:\n      - {header: Share, kind: share, of: cla, from: 2015-03-31}\n"),
            "9:47: 'from' does not apply to a share column (it is for pct_change and change)\n");
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, per: 1000}\n"),
            "8:32: 'per' does not apply to an indicator of type number (it is for type: rate)\n");
  EXPECT_EQ(problems_of(minimal + "    columns: [{id: a, header: A}]\n"),
            "8:5: 'columns' does not apply to an indicators table (it is for layout: records)\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    layout: records\n    periods: [a]\n"
                        "    columns: [{id: a, header: A, type: date, minimum: 1}]\n"),
            "5:5: 'periods' does not apply to a records table (it is for layout: indicators)\n"
            "6:46: 'minimum' does not apply to a date column (it is for integer and number columns)\n");
}

TEST(schema_problems, empty_tables) {
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    layout: records\n"),
            "3:5: table 't' has no columns: a records table lists them under 'columns'\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    periods: [a]\n    indicators: []\n"),
            "3:5: table 't' has no indicators: list them under 'indicators'\n");
}

TEST(schema_problems, duplicate_ids) {
  EXPECT_EQ(problems_of(minimal + "      - {id: CLA, label: Children looked after}\n"),
            "8:9: duplicate indicator id 'CLA' in table 'activity' (first at line 6 as 'cla'; ids are compared "
            "ignoring case)\n");
  EXPECT_EQ(
      problems_of("returncheck: 1\ntables:\n  - id: t\n    periods: [a, b, a]\n    indicators: [{id: x, label: X}]\n"
                  "  - id: t\n    indicators: [{id: x, label: X}, {id: x, label: Y}]\n"),
      "4:21: duplicate period id 'a' in table 't' (first at line 4)\n"
      "6:5: duplicate table id 't' (first at line 3)\n"
      "7:37: duplicate indicator id 'x' in table 't' (first at line 7)\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: r, assert: ico <= cla}\n  - {id: r, assert: ico >= 0}\n"),
            "10:5: duplicate rule id 'r' (first at line 9)\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    layout: records\n"
                        "    columns: [{id: a, header: A}, {id: a, header: B}]\n"),
            "5:35: duplicate column id 'a' in table 't' (first at line 5)\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: t\n    periods: [2015-03-31, 2015_03_31]\n"
                        "    indicators: [{id: x, label: X}]\n"),
            "4:27: periods '2015-03-31' and '2015_03_31' in table 't' are both written '2015_03_31' in rule "
            "expressions; give one another id\n");
}

TEST(schema_problems, dangling_ids) {
  EXPECT_EQ(
      problems_of(minimal + "    derived:\n      - {header: \"%\", kind: pct_change, from: 2015-03-30, to: 2016}\n"),
      "9:47: unknown period '2015-03-30' in 'from' of derived column '%' (did you mean '2015-03-31'?)\n"
      "9:63: unknown period '2016' in 'to' of derived column '%' (the periods of table 'activity' are: "
      "2015-03-31, 2016-03-31)\n");
  EXPECT_EQ(problems_of(minimal + "    derived:\n      - {header: Share, kind: share, of: icoo}\n"),
            "9:42: unknown indicator 'icoo' in 'of' of derived column 'Share' (did you mean 'ico'?)\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: c, kind: change, indicator: claa, max_abs_pct: 25}\n"),
            "9:38: unknown indicator 'claa' in rule 'c' (did you mean 'cla'?)\n");
  EXPECT_EQ(problems_of(minimal + "rules:\n  - {id: s, kind: sum, parts: [cla, plans], total: all}\n"),
            "9:37: unknown indicator 'plans' in rule 's' (the indicators are: cla, ico)\n"
            "9:52: unknown indicator 'all' in rule 's' (the indicators are: cla, ico)\n");
}

TEST(schema_problems, a_rule_stays_within_one_table) {
  EXPECT_EQ(problems_of(minimal + "  - id: other\n    indicators: [{id: pop, label: Population}]\n"
                                  "rules:\n  - {id: r, assert: ico <= pop}\n"),
            "11:21: the indicators rule 'r' names are not all in one table ('ico' is in table 'activity', 'pop' "
            "is in table 'other'); a rule is checked within one table\n");
}

TEST(schema_problems, pattern_must_be_a_regular_expression) {
  const std::string head = "returncheck: 1\ntables:\n  - id: t\n    layout: records\n    columns:\n";
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '[A-Z'}\n"),
            "6:37: 'pattern' '[A-Z' is not a valid regular expression: a '[' without its ']'\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '(ab'}\n"),
            "6:37: 'pattern' '(ab' is not a valid regular expression: unbalanced parentheses, or a '*', '+' or '?' "
            "with nothing before it to repeat\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: 'a{2,1}'}\n"),
            "6:37: 'pattern' 'a{2,1}' is not a valid regular expression: a count in {} that is not a number or a "
            "range\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '*a'}\n"),
            "6:37: 'pattern' '*a' is not a valid regular expression: unbalanced parentheses, or a '*', '+' or '?' "
            "with nothing before it to repeat\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '" + std::string(1001, 'a') + "'}\n"),
            "6:37: 'pattern' is longer than 1000 characters\n");
  // A pattern that would need millions of states is refused, not built.
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '((a{1000}){1000}){1000}'}\n"),
            "6:37: 'pattern' '((a{1000}){1000}){1000}' is not a valid regular expression: it is too complex\n");
  // A count past a long's range is refused before the library reads it (found by fuzzing).
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '[0-9]{15555555555555555555555}'}\n"),
            "6:37: 'pattern' '[0-9]{15555555555555555555555}' is not a valid regular expression: it is too complex\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: 'a{2,99999999999999999999}'}\n"),
            "6:37: 'pattern' 'a{2,99999999999999999999}' is not a valid regular expression: it is too complex\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '[{]{99999999999999999999}'}\n"),
            "6:37: 'pattern' '[{]{99999999999999999999}' is not a valid regular expression: it is too complex\n");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '\\{99999999999999999999\\}'}\n"), "");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: 'IND-[0-9]{7}'}\n"), "");
  EXPECT_EQ(problems_of(head + "      - {id: a, header: A, pattern: '" + std::string(400, '(') + std::string(400, ')') +
                        "'}\n"),
            "");
}

TEST(schema_problems, minimum_above_maximum) {
  EXPECT_EQ(problems_of(minimal + "      - {id: cp, label: Plans, minimum: 10, maximum: 5}\n"),
            "8:41: 'minimum' 10 is greater than 'maximum' 5\n");
}

TEST(schema_problems, version) {
  EXPECT_EQ(problems_of("returncheck: 2\n" + minimal.substr(minimal.find('\n') + 1)),
            "1:14: unsupported schema version '2': 'returncheck' must be 1\n");
  EXPECT_EQ(problems_of(minimal.substr(minimal.find('\n') + 1)),
            "1:1: the schema has no 'returncheck' key: a schema starts with 'returncheck: 1', the version of its "
            "format\n");
  EXPECT_EQ(problems_of("returncheck: one\n" + minimal.substr(minimal.find('\n') + 1)),
            "1:14: 'returncheck' must be a number, not 'one'\n");
}

// ---- rule expressions

std::string rule_problems(const std::string& assert_text) {
  return problems_of(minimal + "rules:\n  - id: r\n    assert: " + assert_text + "\n");
}

TEST(schema_expressions, good_ones) {
  EXPECT_EQ(rule_problems("ico <= cla"), "");
  EXPECT_EQ(rule_problems("'=ICO <= CLA'"), "");  // a leading '=', and names ignore case as in Excel
  EXPECT_EQ(rule_problems("cla.2016_03_31 >= cla.2015_03_31"), "");
  EXPECT_EQ(rule_problems("ABS(cla - ico) < 1000"), "");
  EXPECT_EQ(rule_problems("AND(ico >= 0, ico <= cla)"), "");
}

TEST(schema_expressions, syntax_error_at_the_rule_line) {
  EXPECT_EQ(rule_problems("ico <="),
            "10:13: 'assert' of rule 'r' is not a valid formula: unexpected end of formula at "
            "position 6\n");
}

TEST(schema_expressions, unknown_names) {
  EXPECT_EQ(rule_problems("ico <= clx + clx"),
            "10:13: unknown indicator 'clx' in 'assert' of rule 'r' (did you mean 'cla'?)\n");
  EXPECT_EQ(rule_problems("cla.2016_03_30 > 0"),
            "10:13: unknown period '2016_03_30' in 'cla.2016_03_30' in 'assert' of rule 'r' (did you mean "
            "'2016_03_31'?)\n");
  EXPECT_EQ(rule_problems("cla.q1 > 0"),
            "10:13: unknown period 'q1' in 'cla.q1' in 'assert' of rule 'r' (its periods, as rule expressions write "
            "them, are: 2015_03_31, 2016_03_31)\n");
  EXPECT_EQ(rule_problems("cla.2015-03-31 > 0"),
            "10:13: 'cla.2015-03-31' in 'assert' of rule 'r' is not one name (a formula reads 'cla.2015', then "
            "'-03-31'); write the period as 'cla.2015_03_31': a name holds only letters, digits, '_' and '.'\n");
  EXPECT_EQ(rule_problems("SUMM(ico) < cla"),
            "10:13: unknown function 'SUMM' in 'assert' of rule 'r' (did you mean 'SUM'?)\n");
}

// Any id loads, but a rule expression can name only an id a formula reads as one name.
TEST(schema_expressions, indicator_ids_that_are_not_names) {
  const std::string ids = minimal + "      - {id: cp-plans, label: Plans}\n      - {id: ks2, label: Key stage 2}\n";
  EXPECT_EQ(problems_of(ids), "");
  EXPECT_EQ(problems_of(ids + "rules:\n  - {id: c, kind: change, indicator: cp-plans, max_abs_pct: 25}\n"), "");
  EXPECT_EQ(problems_of(ids + "rules:\n  - {id: r, assert: cp-plans <= cla}\n"),
            "11:21: indicator id 'cp-plans' cannot be named in 'assert' of rule 'r': a formula does not read it as "
            "one name; give the indicator an id of letters, digits and '_', starting with a letter or '_', such as "
            "'cp_plans'\n");
  EXPECT_EQ(problems_of(ids + "rules:\n  - {id: r, assert: ks2 <= cla}\n"),
            "11:21: 'ks2' in 'assert' of rule 'r' reads as the cell KS2, not as the indicator of that id; give the "
            "indicator an id that is not a cell address\n");
}

TEST(schema_expressions, cells_and_other_sheets_are_not_names) {
  EXPECT_EQ(rule_problems("B5 <= cla"),
            "10:13: 'assert' of rule 'r' refers to the cell B5; rule expressions name indicators by id, not cells\n");
  EXPECT_EQ(rule_problems("Sheet2!total <= cla"),
            "10:13: 'assert' of rule 'r' uses 'Sheet2!total', but rule expressions do not take names in other "
            "sheets or workbooks\n");
  EXPECT_EQ(rule_problems("'1 < 2'"),
            "10:13: 'assert' of rule 'r' names no indicator, so it would be checked nowhere\n");
}

TEST(schema_expressions, period_names) {
  EXPECT_EQ(expression_name("2015-03-31"), "2015_03_31");
  EXPECT_EQ(expression_name("Q2 2017-18"), "Q2_2017_18");
  EXPECT_EQ(expression_name("2023/24"), "2023_24");
  EXPECT_EQ(expression_name("a.b"), "a_b");
  EXPECT_EQ(expression_name("été_1"), "été_1");
}

// ---- the YAML itself

TEST(schema_yaml, syntax_error_is_one_problem_with_its_place) {
  EXPECT_EQ(problems_of("returncheck: 1\ntables:\n  - id: [t\n"),
            "4:1: not valid YAML: end of sequence flow not found\n");
  EXPECT_EQ(problems_of("returncheck: 1\n name: x\n"), "2:6: not valid YAML: illegal map value\n");
}

TEST(schema_yaml, not_a_mapping) {
  EXPECT_EQ(problems_of("- a\n- b\n"),
            "1:1: a schema is a mapping of keys (returncheck, name, suppression, tables, rules); this file holds a "
            "list\n");
  EXPECT_EQ(problems_of("just some text"),
            "1:1: a schema is a mapping of keys (returncheck, name, suppression, tables, rules); this file holds the "
            "text 'just some text'\n");
}

TEST(schema_yaml, a_second_document_is_reported) {
  EXPECT_EQ(problems_of(minimal + "---\nreturncheck: 1\n"),
            "8:1: a second YAML document starts here; a schema file holds one, and the rest is not read\n");
}

TEST(schema_yaml, problems_come_in_file_order_all_of_them) {
  const std::string yaml = minimal +
                           "      - {id: cp, lable: Plans, minimum: ten}\n"
                           "rules:\n"
                           "  - {id: r, assert: clx <= cla, severity: warning}\n";
  EXPECT_EQ(problems_of(yaml),
            "8:9: indicator 'cp' has no 'label': the row label to find\n"
            "8:18: unknown key 'lable' in indicator 'cp' (did you mean 'label'?)\n"
            "8:41: 'minimum' must be a number, not 'ten'\n"
            "10:21: unknown indicator 'clx' in 'assert' of rule 'r' (did you mean 'cla'?)\n"
            "10:43: unknown severity 'warning' in rule 'r' (one of: error, query, info)\n");
}

// ---- hostile files: a problem each, never a crash

TEST(schema_hostile, empty_and_comment_only) {
  EXPECT_EQ(problems_of(""), "0:0: the file is empty; a schema starts with 'returncheck: 1'\n");
  EXPECT_EQ(problems_of("# nothing here\n\n"), "0:0: the file is empty; a schema starts with 'returncheck: 1'\n");
  EXPECT_EQ(problems_of("---\n"),
            "0:0: a schema is a mapping of keys (returncheck, name, suppression, tables, rules); this file holds "
            "nothing\n");
}

TEST(schema_hostile, alias_bomb) {
  std::string yaml = "returncheck: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) yaml += std::string(i ? ", " : "") + "*" + prev;
    yaml += "]\n";
  }
  yaml += "tables: *j\n";
  const std::string p = problems_of(yaml);
  EXPECT_NE(p.find("the YAML holds more than 100000 values (an alias counts the values it repeats at each use)"),
            std::string::npos)
      << p;
}

TEST(schema_hostile, alias_inside_itself) {
  EXPECT_EQ(problems_of("returncheck: 1\ntables: &t [*t]\n"),
            "2:13: an alias refers to the list or mapping it is inside\n");
}

TEST(schema_hostile, deep_nesting) {
  // yaml-cpp reads each unclosed '[' as a list holding a one-pair mapping, two levels a bracket.
  EXPECT_EQ(problems_of("returncheck: 1\ntables: " + std::string(100000, '[')),
            "2:41: lists and mappings are nested deeper than 64 levels\n");
  std::string block = "returncheck: 1\n";
  for (int i = 0; i < 200; ++i) block += std::string(std::size_t(i), ' ') + "k:\n";
  const std::string p = problems_of(block);
  EXPECT_EQ(p, "66:65: lists and mappings are nested deeper than 64 levels\n");
  EXPECT_EQ(problems_of("returncheck: 1\ntables: " + std::string(2000, '-') + " x\n").substr(0, 2), "2:");
}

TEST(schema_hostile, binary_junk) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 200; ++round) {
    std::string junk(std::size_t(rng() % 2000), '\0');
    for (char& c : junk) c = static_cast<char>(rng() % 256);
    EXPECT_FALSE(load_text(junk, "junk.yaml").has_value());
  }
  EXPECT_FALSE(load_text(std::string("returncheck: 1\n\0\0\0tables: []\n", 30), "nul.yaml").has_value());
}

TEST(schema_hostile, mutated_schemas) {
  // Bytes of a real schema deleted, repeated and replaced: each gives problems or loads, nothing else.
  std::mt19937 rng(7);
  const std::string alphabet = "-:[]{}&*!|>'\"#%@`,? \n\tabc01";
  for (int round = 0; round < 500; ++round) {
    std::string s = everything;
    for (int edits = 1 + int(rng() % 4); edits > 0; --edits) {
      const std::size_t at = rng() % s.size();
      switch (rng() % 3) {
        case 0: s.erase(at, 1 + rng() % 8); break;
        case 1: s.insert(at, s.substr(at, 1 + rng() % 30)); break;
        default: s[at] = alphabet[rng() % alphabet.size()]; break;
      }
      if (s.empty()) s = "x";
    }
    const auto loaded = load_text(s, "m.yaml");
    if (!loaded) {
      for (const auto& p : loaded.error()) EXPECT_FALSE(p.message.empty());
    }
  }
}

TEST(schema_hostile, too_large) {
  const std::string big = "returncheck: 1\nname: " + std::string(10u << 20, 'x') + "\n";
  EXPECT_EQ(problems_of(big), "0:0: the file is larger than 10 MB (" + std::to_string(big.size()) +
                                  " bytes); a schema is a few kilobytes (limit max-schema-size; raise it with "
                                  "--max-schema-size)\n");
  temp_dir dir;
  const std::string path = dir.write("big.yaml", big);
  const auto loaded = load_file(path);
  ASSERT_FALSE(loaded);
  ASSERT_EQ(loaded.error().size(), 1u);
  EXPECT_EQ(format_problem("big.yaml", loaded.error()[0]), "big.yaml: the file is larger than 10 MB (" +
                                                               std::to_string(big.size()) +
                                                               " bytes); a schema is a few "
                                                               "kilobytes (limit max-schema-size; raise it with "
                                                               "--max-schema-size)");
}

TEST(schema_hostile, many_problems_are_capped) {
  std::string yaml = minimal;
  for (int i = 0; i < 1500; ++i) yaml += "      - {id: ind_" + std::to_string(i) + ", label: L, colour: red}\n";
  const auto loaded = load_text(yaml, "many.yaml");
  ASSERT_FALSE(loaded);
  ASSERT_EQ(loaded.error().size(), 1001u);
  EXPECT_EQ(loaded.error().back().message, "too many problems: 500 more were not listed");
}

TEST(schema_load_file, missing_file_and_folder) {
  const auto missing = load_file("/nonexistent/schema.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(format_problem("/nonexistent/schema.yaml", missing.error().at(0)),
            "/nonexistent/schema.yaml: cannot open the file: No such file or directory");
  temp_dir dir;
  const auto folder = load_file(dir.path());
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().at(0).message, "is a folder, not a schema file");
}

TEST(schema_strings, format_problem_and_names) {
  EXPECT_EQ(format_problem("S.yaml", {{12, 5}, "unknown key"}), "S.yaml:12:5: unknown key");
  EXPECT_EQ(format_problem("S.yaml", {{}, "the file is empty"}), "S.yaml: the file is empty");
  EXPECT_EQ(to_string(severity::query), "query");
  EXPECT_EQ(to_string(indicator_type::currency), "currency");
  EXPECT_EQ(to_string(derived_kind::pct_change), "pct_change");
  EXPECT_EQ(to_string(layout::records), "records");
  EXPECT_EQ(to_string(column_type::boolean), "boolean");
  // Every enum value has its name: the tables and the enums have not drifted apart.
  for (int i = 0; i <= int(indicator_type::number); ++i) EXPECT_FALSE(to_string(indicator_type(i)).empty()) << i;
  for (int i = 0; i <= int(derived_kind::ratio); ++i) EXPECT_FALSE(to_string(derived_kind(i)).empty()) << i;
  for (int i = 0; i <= int(column_type::boolean); ++i) EXPECT_FALSE(to_string(column_type(i)).empty()) << i;
  for (int i = 0; i <= int(severity::error); ++i) EXPECT_FALSE(to_string(severity(i)).empty()) << i;
}

// ---- returncheck schema check

struct run_result {
  int code;
  std::string out;
  std::string err;
};

run_result run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(schema_cli, check_a_good_schema) {
  temp_dir dir;
  const std::string path = dir.write("good.yaml", minimal + "rules:\n  - {id: r, assert: ico <= cla}\n");
  const auto r = run_cli({"schema", "check", path});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, path + ": OK (1 table, 2 indicators, 1 rule)\n");
  EXPECT_EQ(r.err, "");
  const std::string every = dir.write("every.yaml", everything);
  EXPECT_EQ(run_cli({"schema", "check", every}).out, every + ": OK (2 tables, 3 indicators, 3 columns, 4 rules)\n");
}

TEST(schema_cli, check_the_bundled_schema) {
  const auto r = run_cli({"schema", "check", std::string(RETURNCHECK_SOURCE_DIR) + "/schemas/table-6.2.yaml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(r.out.ends_with("table-6.2.yaml: OK (1 table, 3 indicators, 1 rule)\n")) << r.out;
}

TEST(schema_cli, check_a_bad_schema) {
  temp_dir dir;
  const std::string path = dir.write("bad.yaml", minimal + "      - {id: cp, lable: Plans}\n");
  const auto r = run_cli({"schema", "check", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, path + ":8:9: indicator 'cp' has no 'label': the row label to find\n" + path +
                       ":8:18: unknown key 'lable' in indicator 'cp' (did you mean 'label'?)\n");
  EXPECT_EQ(r.err, "");
  const auto missing = run_cli({"schema", "check", dir.path() + "/none.yaml"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.out, dir.path() + "/none.yaml: cannot open the file: No such file or directory\n");
}

TEST(schema_cli, bad_usage) {
  const auto none = run_cli({"schema"});
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.out, "");
  EXPECT_TRUE(
      none.err.starts_with("returncheck: schema needs an action: check or infer\nusage: returncheck schema check"))
      << none.err;
  const auto unknown = run_cli({"schema", "chek", "s.yaml"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(unknown.err.starts_with("returncheck: unknown schema action 'chek'; the actions are: check, infer\n"))
      << unknown.err;
  const auto no_file = run_cli({"schema", "check"});
  EXPECT_EQ(no_file.code, 2);
  EXPECT_NE(no_file.err.find("usage: returncheck schema check SCHEMA.yaml"), std::string::npos) << no_file.err;
  const auto two = run_cli({"schema", "check", "a.yaml", "b.yaml"});
  EXPECT_EQ(two.code, 2);
  const auto option = run_cli({"schema", "check", "--strict", "a.yaml"});
  EXPECT_EQ(option.code, 2);
}

TEST(schema_cli, help) {
  const auto top = run_cli({"--help"});
  EXPECT_NE(top.out.find("  schema check SCHEMA.yaml   "), std::string::npos) << top.out;
  const auto r = run_cli({"schema", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(r.out.starts_with("usage: returncheck schema check SCHEMA.yaml\n")) << r.out;
  const auto check = run_cli({"schema", "check", "--help"});
  EXPECT_EQ(check.code, 0);
  EXPECT_TRUE(check.out.starts_with("usage: returncheck schema check SCHEMA.yaml\n")) << check.out;
}

// ---- docs/schema.md

std::string schema_page() { return read_file(std::string(RETURNCHECK_SOURCE_DIR) + "/docs/schema.md"); }

TEST(schema_docs, names_every_key_and_value) {
  const std::string page = schema_page();
  ASSERT_FALSE(page.empty());
  const auto names = [&](auto const& list) {
    for (const auto k : list) EXPECT_NE(page.find("`" + std::string(k) + "`"), std::string::npos) << k;
  };
  names(detail::schema_keys);
  names(detail::table_keys);
  names(detail::period_keys);
  names(detail::derived_keys);
  names(detail::indicator_keys);
  names(detail::column_keys);
  names(detail::rule_keys);
  names(detail::rule_kinds);
  for (const auto& c : detail::layouts)
    EXPECT_NE(page.find("`" + std::string(c.name) + "`"), std::string::npos) << c.name;
  for (const auto& c : detail::indicator_types)
    EXPECT_NE(page.find("`" + std::string(c.name) + "`"), std::string::npos);
  for (const auto& c : detail::derived_kinds) EXPECT_NE(page.find("`" + std::string(c.name) + "`"), std::string::npos);
  for (const auto& c : detail::column_types) EXPECT_NE(page.find("`" + std::string(c.name) + "`"), std::string::npos);
  for (const auto& c : detail::severities) EXPECT_NE(page.find("`" + std::string(c.name) + "`"), std::string::npos);
}

// Every complete schema the page shows (a ```yaml block starting "returncheck: 1") loads.
TEST(schema_docs, its_examples_load) {
  const std::string page = schema_page();
  int complete = 0;
  for (std::size_t at = page.find("```yaml\n"); at != std::string::npos; at = page.find("```yaml\n", at)) {
    at += 8;
    const std::size_t end = page.find("```", at);
    ASSERT_NE(end, std::string::npos);
    const std::string block = page.substr(at, end - at);
    if (!block.starts_with("returncheck: 1")) continue;
    ++complete;
    const auto line = std::count(page.begin(), page.begin() + std::ptrdiff_t(at), '\n') + 1;
    EXPECT_EQ(problems_of(block), "") << "docs/schema.md, the block at line " << line;
  }
  EXPECT_GE(complete, 2);
}

// The worked example under "Problems `schema check` reports" prints what the page says it does.
TEST(schema_docs, its_problem_example_is_true) {
  const std::string page = schema_page();
  const std::size_t intro = page.find("For example, this schema:");
  ASSERT_NE(intro, std::string::npos);
  const std::size_t yaml_at = page.find("```\n", intro) + 4;
  const std::string yaml = page.substr(yaml_at, page.find("```", yaml_at) - yaml_at);
  const std::size_t shown_at = page.find("$ returncheck schema check bad.yaml\n", yaml_at);
  ASSERT_NE(shown_at, std::string::npos);
  const std::size_t lines_at = page.find('\n', shown_at) + 1;
  const std::string shown = page.substr(lines_at, page.find("$ echo", lines_at) - lines_at);

  const auto loaded = load_text(yaml, "bad.yaml");
  ASSERT_FALSE(loaded);
  std::string printed;
  for (const auto& p : loaded.error()) printed += format_problem("bad.yaml", p) + "\n";
  EXPECT_EQ(printed, shown);
}

}  // namespace
}  // namespace returncheck::schema
