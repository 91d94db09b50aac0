// A return's schema: the tables it holds, located by their labels, and the rules over them.
// Loaded from YAML (docs/schema.md documents every key); every element keeps where it was
// written, so that findings about the schema name its line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/util/result.hpp"

namespace returncheck::schema {

// Where an element was written in the schema file: 1-based; 0 when not from a file.
struct source_pos {
  int line = 0;
  int column = 0;
  friend bool operator==(const source_pos&, const source_pos&) = default;
};

enum class severity : std::uint8_t { info, query, error };  // ordered: error is the most severe

// rows = indicators and columns = periods, or a header row then one record per row.
enum class layout : std::uint8_t { indicators, records };

// What an indicator counts; it decides the value checks (a count is a whole number >= 0).
enum class indicator_type : std::uint8_t { count, percent, rate, ratio, currency, days, number };

// A column computed from others in the same row: % change, change, a share of another
// indicator, a rate per N of a population.
enum class derived_kind : std::uint8_t { pct_change, change, share, rate, ratio };

// A period column, found by its header: a text ("31/03/2015", "Q2 2017-18", "2023-24") or a real
// date cell. `id` is the name rules use; `headers` are the texts accepted (the first is canonical).
struct period {
  std::string id;
  std::vector<std::string> headers;
  source_pos at;
};

struct derived_column {
  std::string header;                // "% change"
  std::vector<std::string> aliases;  // other headers accepted
  derived_kind kind = derived_kind::pct_change;
  std::string from;                  // period ids; empty: worked out from the rows that agree
  std::string to;
  std::string of;                    // share/ratio: the indicator id of the denominator
  double per = 1;                    // rate: per 10,000 children is 10000
  source_pos at;
};

struct indicator {
  std::string id;
  std::string label;
  std::vector<std::string> aliases;
  indicator_type type = indicator_type::number;
  double per = 1;                    // rate: per how many
  std::optional<double> minimum;
  std::optional<double> maximum;
  bool required = false;             // a blank or suppressed value is a finding
  source_pos at;
};

// A records table's column, with Table Schema's constraint vocabulary.
enum class column_type : std::uint8_t { string, integer, number, date, boolean };
struct column {
  std::string id;
  std::string header;
  std::vector<std::string> aliases;
  column_type type = column_type::string;
  bool required = false;
  bool unique = false;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::vector<std::string> allowed;  // enum
  std::string pattern;               // ECMAScript regular expression over the whole text
  source_pos at;
};

struct table {
  std::string id;
  std::string sheet;                 // empty: the first sheet where the labels are found
  layout kind = layout::indicators;
  std::vector<period> periods;
  std::vector<derived_column> derived;
  std::vector<indicator> indicators;
  std::vector<column> columns;       // layout records
  source_pos at;
};

// A rule over the tables. kind "expression": `assert` is an Excel formula over indicator ids that
// must be TRUE: a bare id means its value in each period in turn (the rule is checked once per
// period), and id.period one period's value, the period written as expression_name gives it
// ("cla.2017_09_30" for period 2017-09-30); ids compare ignoring case, as Excel's names do.
// "change": `indicator`'s movement between consecutive periods beyond max_abs_pct (in percent);
// "sum": `parts` add up to `total` in every period; "share": `indicator` is numerator /
// denominator, and "rate": numerator / denominator x per, both at the precision shown.
struct rule {
  std::string id;
  std::string kind = "expression";
  std::string assert_expr;
  std::string indicator;
  std::string numerator;             // share, rate
  std::string denominator;           // share, rate
  double per = 1;                    // rate: per 10,000 children is 10000
  double max_abs_pct = 0;
  std::vector<std::string> parts;
  std::string total;
  std::string message;               // shown instead of the default message when given
  severity level = severity::error;
  source_pos at;
};

struct schema {
  int version = 1;                   // the `returncheck:` key
  std::string name;
  std::string path;                  // the file it was read from
  std::vector<std::string> suppression = {"c", "x", "*", "-", "[c]", "[x]", "[z]", ".."};
  std::vector<table> tables;
  std::vector<rule> rules;
};

// One problem with a schema file, as `returncheck schema check` prints it:
// "S.yaml:12:5: unknown key 'lable' in indicator 'cla' (did you mean 'label'?)".
struct problem {
  source_pos at;
  std::string message;
};

// Reads and checks a schema: unknown keys (with the nearest valid key), wrong types, missing
// required keys, duplicate and dangling ids. Every problem found is returned, in file order.
util::result<schema, std::vector<problem>> load_file(const std::string& path);

// The largest schema (or schema map, or explanations file) read: 10 MB unless the command line
// says otherwise (--max-schema-size), once, at start-up.
void set_max_file_bytes(std::size_t bytes);
util::result<schema, std::vector<problem>> load_text(const std::string& yaml, const std::string& name);

// "S.yaml:12:5: message"
std::string format_problem(const std::string& file, const problem& p);

// How rule expressions write a period after an indicator id and a dot: the period's id with each
// character other than an ASCII letter, a digit or '_' written as '_' (bytes of non-ASCII letters
// are kept), because a formula name cannot hold '-', '/' or a space. "2015-03-31" gives
// "2015_03_31", so "cla.2015_03_31" is cla in that period; "Q2 2017-18" gives "Q2_2017_18".
// An expression's name splits at its first '.': indicator id before, period after.
std::string expression_name(std::string_view period_id);

std::string_view to_string(severity s);        // "error", "query", "info"
// The severity a to_string gave back ("error", "query", "info"); nullopt for any other text.
std::optional<severity> parse_severity(std::string_view text);
std::string_view to_string(indicator_type t);  // "count", ...
std::string_view to_string(derived_kind k);    // "pct_change", ...
std::string_view to_string(layout l);          // "indicators", "records"
std::string_view to_string(column_type t);     // "string", ...

}  // namespace returncheck::schema
