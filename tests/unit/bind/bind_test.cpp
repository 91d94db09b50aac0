// Tests for binding: labels and periods as compared, locating a schema's table in the layouts
// returns come in, detecting tables without a schema, and the structure findings.
#include "returncheck/bind/bind.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "unit/test_xlsx.hpp"

namespace returncheck::bind {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Labels

struct label_case {
  std::string_view text;
  std::string_view normalised;
};

// clang-format off
constexpr label_case label_cases[] = {
    {"Number of Looked After Children", "number of looked after children"},
    {"  Number of   Looked After\nChildren  ", "number of looked after children"},
    {"Number of\r\nLooked After\tChildren", "number of looked after children"},
    {"Number\u00a0of\u00a0looked after children", "number of looked after children"},
    {"Looked after children*", "looked after children"},
    {"Looked after children **", "looked after children"},
    {"Looked after children\u2020", "looked after children"},
    {"Looked after children \u2021", "looked after children"},
    {"Contacts (1)", "contacts"},
    {"Contacts (12)", "contacts"},
    {"Contacts (a)", "contacts"},
    {"Contacts [1]", "contacts"},
    {"Referrals [note 3]", "referrals"},
    {"Referrals (note 3)", "referrals"},
    {"Referrals (notes 1 and 2)", "referrals"},
    {"Referrals (1,2)", "referrals"},
    {"CIN\u00b9", "cin"},
    {"CIN\u00b2\u00b3", "cin"},
    {"Children in need\u2074 (CIN)", "children in need (cin)"},
    {"Referrals:", "referrals"},
    {"Referrals (1):", "referrals"},
    {"Referrals*:", "referrals"},
    {"Re-referrals (%)", "re-referrals (%)"},
    {"Rate (per 10,000)", "rate (per 10,000)"},
    {"Children (under 18)", "children (under 18)"},
    {"Re-referrals within 12 months (2019)", "re-referrals within 12 months (2019)"},
    {"Children\u2019s social care", "children's social care"},
    {"\u201cChildren in need\u201d", "\"children in need\""},
    {"2017\u201318", "2017-18"},
    {"Contacts \u2014 all", "contacts - all"},
    {"\u00c9COLE \u00c0 PARIS", "\u00e9cole \u00e0 paris"},
    {"Stra\u00dfe", "stra\u00dfe"},
    {"\u0141\u00d3D\u0179", "\u0142\u00f3d\u017a"},
    {"Soft\u00adhyphen\u200b", "softhyphen"},
    {"", ""},
    {"   ", ""},
    {"*", ""},
    {"(1)", "(1)"},
};
// clang-format on

TEST(normalise_label, folds_case_spaces_quotes_dashes_and_footnote_marks) {
  for (const auto& c : label_cases) EXPECT_EQ(normalise_label(c.text), c.normalised) << "label: " << c.text;
}

TEST(slug, joins_words_with_dashes) {
  EXPECT_EQ(slug("Number of Looked After Children"), "number-of-looked-after-children");
  EXPECT_EQ(slug("  Number of looked-after children* "), "number-of-looked-after-children");
  EXPECT_EQ(slug("% of contacts converted to referrals"), "pct-of-contacts-converted-to-referrals");
  EXPECT_EQ(slug("Re-referrals (%)"), "re-referrals-pct");
  EXPECT_EQ(slug("Children\u2019s social care"), "childrens-social-care");
  EXPECT_EQ(slug("Caf\u00e9 visits"), "cafe-visits");
  EXPECT_EQ(slug("***"), "");
}

TEST(read_derived_header, recognises_changes_rates_and_shares) {
  using enum schema::derived_kind;
  struct derived_case {
    std::string_view header;
    std::optional<schema::derived_kind> kind;
    double per = 1;
  };
  const derived_case cases[] = {
      {"% change", pct_change},
      {"% Change*", pct_change},
      {"Percentage change", pct_change},
      {"Change (%)", pct_change},
      {"% difference", pct_change},
      {"% change since 31/03/2015", pct_change},
      {"Change", change},
      {"Difference", change},
      {"+/-", change},
      {"Change since 2015", change},
      {"Rate per 10,000", rate, 10000},
      {"Rate per 10,000 children", rate, 10000},
      {"per 10000", rate, 10000},
      {"Per 1,000", rate, 1000},
      {"%", share},
      {"% of total", share},
      {"Share", share},
      {"Indicator", std::nullopt},
      {"Total", std::nullopt},
      {"Changes to practice", std::nullopt},
      {"Rate", std::nullopt},
      {"Notes", std::nullopt},
      {"31/03/2015", std::nullopt},
  };
  for (const auto& c : cases) {
    const auto d = read_derived_header(c.header);
    ASSERT_EQ(d.has_value(), c.kind.has_value()) << c.header;
    if (!d) continue;
    EXPECT_EQ(d->kind, *c.kind) << c.header;
    EXPECT_EQ(d->per, c.per) << c.header;
  }
}

// ---------------------------------------------------------------------------------------------
// Periods

TEST(parse_period, data_table) {
  const fs::path file = fs::path(RETURNCHECK_SOURCE_DIR) / "tests/unit/bind/data/periods.tsv";
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::string line;
  int n = 0, line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line.starts_with('#')) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
    ASSERT_GE(fields.size(), 2u) << "periods.tsv:" << line_no;
    const auto p = parse_period(fields[0]);
    const std::string where = "periods.tsv:" + std::to_string(line_no) + " '" + fields[0] + "'";
    ++n;
    if (fields[1] == "-") {
      EXPECT_FALSE(p) << where << " gave " << p->key;
      continue;
    }
    ASSERT_TRUE(p) << where;
    EXPECT_EQ(p->key, fields[1]) << where;
    ASSERT_GE(fields.size(), 3u) << where;
    ASSERT_TRUE(p->serial) << where;
    EXPECT_EQ(*p->serial, std::stod(fields[2])) << where;
  }
  EXPECT_GT(n, 80);
}

// ---------------------------------------------------------------------------------------------
// Workbooks

struct book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

// Cell formats: 0 General, 1 dd/mm/yyyy, 2 0%, 3 mmm-yy, 4 h:mm.
const std::string formats = test::styles({0, 164, 9, 165, 20}, {{164, "dd/mm/yyyy"}, {165, "mmm-yy"}});

book make(const std::vector<std::pair<std::string, std::string>>& sheets, const std::string& workbook_pr = "") {
  std::vector<std::pair<std::string, std::string>> parts_in;
  for (const auto& [name, rows] : sheets) parts_in.emplace_back(name, test::worksheet(rows));
  auto wb = xlsx::workbook::open(test::write_zip(test::workbook_parts(parts_in, "", formats, workbook_pr)));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

book open_sample(const std::string& name) {
  auto wb = xlsx::workbook::open(std::string(RETURNCHECK_SAMPLES_DIR) + "/" + name);
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  return out;
}
std::string s(const std::string& ref, std::string_view text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + escape(text) + "</t></is></c>";
}
std::string n(const std::string& ref, double v, int style = 0) {
  std::ostringstream out;
  out.precision(17);
  out << "<c r=\"" << ref << "\"" << (style ? " s=\"" + std::to_string(style) + "\"" : "") << "><v>" << v << "</v></c>";
  return out.str();
}
std::string d(const std::string& ref, double serial) { return n(ref, serial, 1); }
std::string f(const std::string& ref, const std::string& formula, double cached) {
  std::ostringstream out;
  out.precision(17);
  out << "<c r=\"" << ref << "\" s=\"2\"><f>" << escape(formula) << "</f><v>" << cached << "</v></c>";
  return out.str();
}
std::string row(int r, const std::vector<std::string>& cells) {
  std::string out = "<row r=\"" + std::to_string(r) + "\">";
  for (const auto& c : cells) out += c;
  return out + "</row>";
}

std::string col(int c) {
  std::string out;
  xlsx::append_col_letters(out, std::uint32_t(c));
  return out;
}

const std::string cp_label = "Number of children subject to child protection plans";
const std::string cla_label = "Number of Looked After Children";
const std::string ico_label = "Number of children subject to Interim Care Orders";

// Table 6.2 as returns bring it: a title in row 1, row 2 blank, the header in row 3 (real date
// cells shown dd/mm/yyyy, or their text), labels in column A, counts, then "% change".
struct layout {
  bool text_dates = false;
  bool notes_column = false;         // a "Notes" column between the labels and the periods
  bool swap_middle_periods = false;  // 30/09/2016 before 31/03/2016
  std::vector<std::string> labels = {cp_label, cla_label, ico_label};
  std::vector<std::string> headers = {};  // text headers replacing the four periods
  std::string derived = "% change";
  std::string extra_rows;

  layout& with_text_dates() { return text_dates = true, *this; }
  layout& with_notes_column() { return notes_column = true, *this; }
  layout& with_middle_periods_swapped() { return swap_middle_periods = true, *this; }
  layout& with_labels(std::vector<std::string> v) { return labels = std::move(v), *this; }
  layout& with_headers(std::vector<std::string> v) { return headers = std::move(v), *this; }
  layout& with_derived(std::string v) { return derived = std::move(v), *this; }
  layout& with_rows(std::string v) { return extra_rows = std::move(v), *this; }
};

std::string table_6_2(const layout& l = {}) {
  const int first = l.notes_column ? 3 : 2;  // the first period's column
  std::vector<double> serials = {42094, 42460, 42643, 43008};
  std::vector<std::string> texts = {"31/03/2015", "31 March 2016", "at 30/09/2016", "30.09.2017"};
  std::vector<std::vector<double>> values = {{184, 188, 209, 148}, {229, 258, 280, 278}, {20, 41, 58, 42}};
  std::vector<int> order = {0, 1, 2, 3};
  if (l.swap_middle_periods) std::swap(order[1], order[2]);
  std::vector<std::string> header = {s("A3", "Indicator")};
  if (l.notes_column) header.push_back(s("B3", "Notes"));
  for (int k = 0; k < 4; ++k) {
    const std::string ref = col(first + k) + "3";
    const int p = order[std::size_t(k)];
    if (!l.headers.empty()) header.push_back(s(ref, l.headers[std::size_t(p)]));
    else if (l.text_dates) header.push_back(s(ref, texts[std::size_t(p)]));
    else header.push_back(d(ref, serials[std::size_t(p)]));
  }
  const std::string derived_col = col(first + 4);
  header.push_back(s(derived_col + "3", l.derived));
  std::string out = row(1, {s("A1", "Table 6.2: Safeguarding activity")}) + row(3, header);
  for (int i = 0; i < 3; ++i) {
    const int r = 4 + i;
    const std::string rs = std::to_string(r);
    std::vector<std::string> cells = {s("A" + rs, l.labels[std::size_t(i)])};
    if (l.notes_column && i != 1) cells.push_back(s("B" + rs, i == 0 ? "Provisional" : "Includes emergency orders"));
    for (int k = 0; k < 4; ++k)
      cells.push_back(n(col(first + k) + rs, values[std::size_t(i)][std::size_t(order[std::size_t(k)])]));
    const std::string from = col(first + 0) + rs, to = col(first + 3) + rs;
    cells.push_back(f(derived_col + rs, "(" + to + "-" + from + ")/" + from, 0.1));
    out += row(r, cells);
  }
  return out + l.extra_rows;
}

const std::string notes_sheet =
    row(1, {s("A1", "Notes")}) + row(3, {s("A3",
                                           "Source: table 6.2 of a council's annual safeguarding report, "
                                           "counts at 31/03/2015 and 30/09/2017.")});

schema::indicator indicator(const std::string& id, const std::string& label,
                            schema::indicator_type type = schema::indicator_type::number,
                            const std::vector<std::string>& aliases = {}) {
  schema::indicator i;
  i.id = id;
  i.label = label;
  i.type = type;
  i.aliases = aliases;
  return i;
}

schema::schema table_6_2_schema(const std::string& sheet = "Activity") {
  using enum schema::indicator_type;
  schema::table t;
  t.id = "activity";
  t.sheet = sheet;
  for (const auto& [id, header] : std::vector<std::pair<std::string, std::string>>{{"2015-03-31", "31/03/2015"},
                                                                                   {"2016-03-31", "31/03/2016"},
                                                                                   {"2016-09-30", "30/09/2016"},
                                                                                   {"2017-09-30", "30/09/2017"}}) {
    schema::period p;
    p.id = id;
    p.headers = {header};
    t.periods.push_back(std::move(p));
  }
  schema::derived_column change;
  change.header = "% change";
  change.kind = schema::derived_kind::pct_change;
  change.from = "2015-03-31";
  change.to = "2017-09-30";
  t.derived = {change};
  t.indicators = {indicator("cp_plans", cp_label, count), indicator("cla", cla_label, count, {"Looked after children"}),
                  indicator("ico", ico_label, count)};
  schema::schema s;
  s.name = "Safeguarding activity (table 6.2)";
  s.tables.push_back(std::move(t));
  return s;
}

std::vector<std::string> messages(const bind_result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    const std::string where = rules::location(f);
    out.push_back(f.rule + (where.empty() ? "" : " " + where) + ": " + f.message);
  }
  return out;
}

std::string kind_name(schema::derived_kind k) {
  switch (k) {
    case schema::derived_kind::pct_change: return "pct_change";
    case schema::derived_kind::change: return "change";
    case schema::derived_kind::share: return "share";
    case schema::derived_kind::rate: return "rate";
    case schema::derived_kind::ratio: return "ratio";
  }
  return "?";
}

// The located or detected table, as one line per part: where each period, derived column and
// indicator was found.
std::string describe(const bound_table& t) {
  std::string out = t.id + " sheet " + std::to_string(t.sheet) + " header row " + std::to_string(t.header_row) +
                    " labels " + col(int(t.label_col)) + "\n";
  for (const auto& p : t.periods) out += "period " + p.id + " '" + p.header + "' " + col(int(p.col_idx)) + "\n";
  for (const auto& d : t.derived) {
    out += "derived '" + d.header + "' " + kind_name(d.kind) + " " + col(int(d.col_idx));
    if (d.from) out += " from " + std::to_string(*d.from);
    if (d.to) out += " to " + std::to_string(*d.to);
    out += "\n";
  }
  for (const auto& i : t.indicators) out += "indicator " + i.id + " row " + std::to_string(i.row_idx) + "\n";
  return out;
}

const std::string located_6_2 =
    "activity sheet 0 header row 3 labels A\n"
    "period 2015-03-31 '31/03/2015' B\n"
    "period 2016-03-31 '31/03/2016' C\n"
    "period 2016-09-30 '30/09/2016' D\n"
    "period 2017-09-30 '30/09/2017' E\n"
    "derived '% change' pct_change F from 0 to 3\n"
    "indicator cp_plans row 4\n"
    "indicator cla row 5\n"
    "indicator ico row 6\n";

const std::string detected_6_2 =
    "Activity!A3 sheet 0 header row 3 labels A\n"
    "period 2015-03-31 '31/03/2015' B\n"
    "period 2016-03-31 '31/03/2016' C\n"
    "period 2016-09-30 '30/09/2016' D\n"
    "period 2017-09-30 '30/09/2017' E\n"
    "derived '% change' pct_change F\n"
    "indicator number-of-children-subject-to-child-protection-plans row 4\n"
    "indicator number-of-looked-after-children row 5\n"
    "indicator number-of-children-subject-to-interim-care-orders row 6\n";

TEST(period_of_cell, reads_date_cells_by_their_format_and_years_as_whole_numbers) {
  const book b = make({{"S", row(1, {d("A1", 42094), n("B1", 42064, 3), n("C1", 2019), n("D1", 1989), n("E1", 2019.5),
                                     n("F1", 0.5, 4), s("G1", "Q2 2017-18"), n("H1", 42094), d("I1", 42094.5)})}});
  auto key = [&](const char* ref) -> std::string {
    const auto* c = b.cells.sheet(0).find(*xlsx::parse_cell_ref(ref));
    if (!c) return "(no cell)";
    const auto p = period_of_cell(*c, b.cells, b.wb);
    return p ? p->key : "-";
  };
  EXPECT_EQ(key("A1"), "2015-03-31");
  EXPECT_EQ(key("B1"), "2015-03");  // mmm-yy shows a month
  EXPECT_EQ(key("C1"), "2019");
  EXPECT_EQ(key("D1"), "-");
  EXPECT_EQ(key("E1"), "-");
  EXPECT_EQ(key("F1"), "-");  // a time of day
  EXPECT_EQ(key("G1"), "2017-18Q2");
  EXPECT_EQ(key("H1"), "-");  // a serial without a date format is a number
  EXPECT_EQ(key("I1"), "-");  // a timestamp, not a day
  const auto a1 = period_of_cell(*b.cells.sheet(0).find({1, 1}), b.cells, b.wb);
  ASSERT_TRUE(a1 && a1->serial);
  EXPECT_EQ(*a1->serial, 42094);
}

TEST(period_of_cell, reads_1904_dates_as_the_same_day) {
  const book b = make({{"S", row(1, {d("A1", 42094 - 1462)})}}, "<workbookPr date1904=\"1\"/>");
  const auto p = period_of_cell(*b.cells.sheet(0).find({1, 1}), b.cells, b.wb);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->key, "2015-03-31");
  EXPECT_EQ(p->serial, 42094);
}

// ---------------------------------------------------------------------------------------------
// locate

TEST(locate, table_6_2_with_date_cells) {
  const book b = make({{"Activity", table_6_2()}, {"Notes", notes_sheet}});
  const schema::schema sc = table_6_2_schema();
  const bind_result r = locate(sc, b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]), located_6_2);
  const bound_table& t = r.tables[0];
  EXPECT_EQ(t.spec, &sc.tables[0]);
  EXPECT_EQ(t.indicators[1].spec, &sc.tables[0].indicators[1]);
  EXPECT_EQ(t.indicators[1].label, cla_label);
  EXPECT_EQ(t.periods[0].serial, 42094);
  ASSERT_NE(t.find_indicator("cla"), nullptr);
  ASSERT_NE(t.find_period("2017-09-30"), nullptr);
  EXPECT_EQ(t.find_indicator("nope"), nullptr);
  EXPECT_EQ(t.cell(*t.find_indicator("cla"), *t.find_period("2017-09-30")), (xlsx::cell_pos{5, 5}));
}

TEST(locate, table_6_2_with_text_dates_written_four_ways) {
  const book b = make({{"Activity", table_6_2(layout().with_text_dates())}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]),
            "activity sheet 0 header row 3 labels A\n"
            "period 2015-03-31 '31/03/2015' B\n"
            "period 2016-03-31 '31 March 2016' C\n"
            "period 2016-09-30 'at 30/09/2016' D\n"
            "period 2017-09-30 '30.09.2017' E\n"
            "derived '% change' pct_change F from 0 to 3\n"
            "indicator cp_plans row 4\n"
            "indicator cla row 5\n"
            "indicator ico row 6\n");
}

TEST(locate, an_extra_notes_column_and_moved_columns) {
  const book b = make({{"Activity", table_6_2(layout().with_notes_column().with_middle_periods_swapped())}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]),
            "activity sheet 0 header row 3 labels A\n"
            "period 2015-03-31 '31/03/2015' C\n"
            "period 2016-03-31 '31/03/2016' E\n"
            "period 2016-09-30 '30/09/2016' D\n"
            "period 2017-09-30 '30/09/2017' F\n"
            "derived '% change' pct_change G from 0 to 3\n"
            "indicator cp_plans row 4\n"
            "indicator cla row 5\n"
            "indicator ico row 6\n");
}

TEST(locate, labels_with_stray_spaces_line_breaks_and_footnote_marks) {
  const layout l =
      layout()
          .with_labels({"  Number of children subject to\nchild protection plans ", "Number of Looked After Children*",
                        "Number of children subject to Interim Care Orders (1)"})
          .with_derived("% Change\u00b9");
  const book b = make({{"Activity", table_6_2(l)}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].indicators.size(), 3u);
  EXPECT_EQ(r.tables[0].indicators[1].label, "Number of Looked After Children*");  // as written
  EXPECT_EQ(r.tables[0].derived.at(0).header, "% Change\u00b9");
}

TEST(locate, an_alias) {
  const book b = make({{"Activity", table_6_2(layout().with_labels({cp_label, "Looked after children", ico_label}))}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]), located_6_2);
}

TEST(locate, a_label_followed_by_more_words_when_no_other_row_has_it) {
  const book b = make({{"Activity", table_6_2(layout().with_labels(
                                        {cp_label, "Number of Looked After Children at the period end", ico_label}))}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]), located_6_2);
}

TEST(locate, a_label_followed_by_more_words_on_two_rows_is_ambiguous) {
  const book b =
      make({{"Activity",
             table_6_2(layout()
                           .with_labels({cp_label, "Number of Looked After Children (boys)", ico_label})
                           .with_rows(row(7, {s("A7", "Number of Looked After Children (girls)"), n("B7", 100)})))}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{
                             "RC102 Activity!A5: 'Number of Looked After Children' not found in table 'activity' on "
                             "Activity; nearest: 'Number of Looked After Children (boys)', 'Number of Looked After "
                             "Children (girls)'"});
}

TEST(locate, a_missing_indicator_names_the_nearest_labels) {
  const layout l = layout()
                       .with_labels({cp_label, "Number of looked-after children", ico_label})
                       .with_rows(row(7, {s("A7", "Number of children in need"), n("B7", 1200)}));
  const book b = make({{"Activity", table_6_2(l)}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{
                             "RC102 Activity!A5: 'Number of Looked After Children' not found in table 'activity' on "
                             "Activity; nearest: 'Number of looked-after children', 'Number of children in need'"});
  ASSERT_EQ(r.findings.size(), 1u);
  const rules::finding& f = r.findings[0];
  EXPECT_EQ(f.name, "missing-indicator");
  EXPECT_EQ(f.level, schema::severity::error);
  EXPECT_EQ(f.table, "activity");
  EXPECT_EQ(f.indicator, "cla");
  EXPECT_EQ(f.fingerprint.size(), 16u);
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].indicators.size(), 2u);
  EXPECT_EQ(r.tables[0].find_indicator("cla"), nullptr);
}

TEST(locate, a_missing_sheet_names_the_nearest_sheets) {
  const book b = make({{"Activity", table_6_2()}, {"Notes", notes_sheet}});
  const bind_result r = locate(table_6_2_schema("Activty"), b.wb, b.cells);
  EXPECT_EQ(messages(r),
            std::vector<std::string>{"RC101 Activty: No sheet named 'Activty' for table 'activity'; nearest: "
                                     "'Activity', 'Notes'"});
  EXPECT_TRUE(r.tables.empty());
  EXPECT_EQ(r.findings.at(0).name, "missing-sheet");
}

TEST(locate, a_sheet_name_with_other_case_or_spaces_is_the_same_sheet) {
  const book b = make({{"Notes", notes_sheet}, {"Activity ", table_6_2()}});
  const bind_result r = locate(table_6_2_schema("activity"), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].sheet, 1u);
}

TEST(locate, without_a_sheet_name_searches_every_sheet) {
  const book b = make({{"Notes", notes_sheet}, {"Data", table_6_2()}});
  const bind_result r = locate(table_6_2_schema(""), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].sheet, 1u);
  EXPECT_EQ(r.tables[0].header_row, 3u);
}

TEST(locate, a_missing_period_and_derived_column_name_the_headers_present) {
  const layout l =
      layout().with_headers({"31/03/2015", "31/03/2016", "30/09/2016", "30/09/2018"}).with_derived("Change");
  const book b = make({{"Activity", table_6_2(l)}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r),
            (std::vector<std::string>{
                "RC103 Activity: Period '30/09/2017' not found in the header row (row 3) of table 'activity' on "
                "Activity; nearest: '30/09/2018'",
                "RC104 Activity: Derived column '% change' not found in the header row (row 3) of table 'activity' "
                "on Activity; nearest: 'Change'"}));
  EXPECT_EQ(r.findings.at(0).period, "2017-09-30");
  EXPECT_EQ(r.findings.at(1).period, "2015-03-31..2017-09-30");
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].periods.size(), 3u);
  EXPECT_TRUE(r.tables[0].derived.empty());
  EXPECT_EQ(r.tables[0].indicators.size(), 3u);
}

TEST(locate, a_derived_column_whose_period_is_missing_has_no_to) {
  const layout l = layout().with_headers({"31/03/2015", "31/03/2016", "30/09/2016", "Latest"});
  const book b = make({{"Activity", table_6_2(l)}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  ASSERT_EQ(r.tables.size(), 1u);
  ASSERT_EQ(r.tables[0].derived.size(), 1u);
  EXPECT_EQ(r.tables[0].derived[0].from, 0u);
  EXPECT_FALSE(r.tables[0].derived[0].to);
  EXPECT_EQ(messages(r),
            std::vector<std::string>{"RC103 Activity: Period '30/09/2017' not found in the header row (row 3) of table "
                                     "'activity' on Activity; nearest: 'Latest'"});
}

TEST(locate, a_derived_column_without_periods_leaves_from_and_to_unset) {
  schema::schema sc = table_6_2_schema();
  sc.tables[0].derived[0].from.clear();
  sc.tables[0].derived[0].to.clear();
  const book b = make({{"Activity", table_6_2()}});
  const bind_result r = locate(sc, b.wb, b.cells);
  ASSERT_EQ(r.tables.size(), 1u);
  ASSERT_EQ(r.tables[0].derived.size(), 1u);
  EXPECT_FALSE(r.tables[0].derived[0].from);
  EXPECT_FALSE(r.tables[0].derived[0].to);
}

TEST(locate, a_label_on_two_rows_is_a_query) {
  const layout l = layout().with_rows(row(8, {s("A8", "Number of looked after children"), n("B8", 1)}));
  const book b = make({{"Activity", table_6_2(l)}});
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{
                             "RC105 Activity!A8: 'Number of Looked After Children' appears on rows 5 and 8 of table "
                             "'activity' on Activity; row 5 is used"});
  EXPECT_EQ(r.findings.at(0).level, schema::severity::query);
  EXPECT_EQ(r.findings.at(0).indicator, "cla");
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].find_indicator("cla")->row_idx, 5u);
}

TEST(locate, a_table_found_nowhere) {
  const book b = make({{"Notes", notes_sheet}});
  const bind_result r = locate(table_6_2_schema(""), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{"RC106: Table 'activity' not found: none of its labels or headers "
                                                  "is on any sheet"});
  const bind_result named = locate(table_6_2_schema("Notes"), b.wb, b.cells);
  EXPECT_EQ(messages(named), std::vector<std::string>{"RC106 Notes: Table 'activity' not found on Notes: none of its "
                                                      "labels or headers is there"});
  EXPECT_TRUE(r.tables.empty());
}

TEST(locate, two_tables_with_the_same_periods_on_one_sheet) {
  schema::schema sc = table_6_2_schema();
  schema::table second = sc.tables[0];
  second.id = "referrals";
  second.derived.clear();
  second.indicators = {indicator("contacts", "Number of contacts"), indicator("referrals", "Referrals")};
  sc.tables.push_back(second);
  const std::string rows = table_6_2() + row(10, {d("B10", 42094), d("C10", 42460), d("D10", 42643), d("E10", 43008)}) +
                           row(11, {s("A11", "Number of contacts"), n("B11", 9684)}) +
                           row(12, {s("A12", "Referrals"), n("B12", 598)});
  const book b = make({{"Activity", rows}});
  const bind_result r = locate(sc, b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].header_row, 3u);
  EXPECT_EQ(r.tables[1].header_row, 10u);
  EXPECT_EQ(r.tables[1].find_indicator("referrals")->row_idx, 12u);
}

TEST(locate, the_sample_return) {
  const book b = open_sample("table-6.2.xlsx");
  const bind_result r = locate(table_6_2_schema(), b.wb, b.cells);
  EXPECT_EQ(messages(r), std::vector<std::string>{});
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(describe(r.tables[0]), located_6_2);
}

// ---------------------------------------------------------------------------------------------
// detect

TEST(detect, table_6_2_with_date_cells) {
  const book b = make({{"Activity", table_6_2()}, {"Notes", notes_sheet}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(describe(tables[0]), detected_6_2);
  EXPECT_EQ(tables[0].spec, nullptr);
  EXPECT_EQ(tables[0].indicators[1].spec, nullptr);
  EXPECT_EQ(tables[0].periods[3].serial, 43008);
}

TEST(detect, table_6_2_with_text_dates) {
  const book b = make({{"Activity", table_6_2(layout().with_text_dates())}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(describe(tables[0]),
            "Activity!A3 sheet 0 header row 3 labels A\n"
            "period 2015-03-31 '31/03/2015' B\n"
            "period 2016-03-31 '31 March 2016' C\n"
            "period 2016-09-30 'at 30/09/2016' D\n"
            "period 2017-09-30 '30.09.2017' E\n"
            "derived '% change' pct_change F\n"
            "indicator number-of-children-subject-to-child-protection-plans row 4\n"
            "indicator number-of-looked-after-children row 5\n"
            "indicator number-of-children-subject-to-interim-care-orders row 6\n");
}

TEST(detect, an_extra_notes_column_is_not_the_label_column) {
  const book b = make({{"Activity", table_6_2(layout().with_notes_column().with_middle_periods_swapped())}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(describe(tables[0]),
            "Activity!A3 sheet 0 header row 3 labels A\n"
            "period 2015-03-31 '31/03/2015' C\n"
            "period 2016-09-30 '30/09/2016' D\n"
            "period 2016-03-31 '31/03/2016' E\n"
            "period 2017-09-30 '30/09/2017' F\n"
            "derived '% change' pct_change G\n"
            "indicator number-of-children-subject-to-child-protection-plans row 4\n"
            "indicator number-of-looked-after-children row 5\n"
            "indicator number-of-children-subject-to-interim-care-orders row 6\n");
}

TEST(detect, labels_with_stray_spaces_and_footnote_marks) {
  const layout l = layout().with_labels({"  Number of children subject to\nchild protection plans ",
                                         "Number of Looked After Children*",
                                         "Number of children subject to Interim Care Orders (1)"});
  const book b = make({{"Activity", table_6_2(l)}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(describe(tables[0]), detected_6_2);
  EXPECT_EQ(tables[0].indicators[1].label, "Number of Looked After Children*");
}

TEST(detect, an_aliased_or_renamed_label_is_its_own_slug) {
  const book b = make({{"Activity", table_6_2(layout().with_labels({cp_label, "Looked after children", ico_label}))}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].indicators.size(), 3u);
  EXPECT_EQ(tables[0].indicators[1].id, "looked-after-children");
}

TEST(detect, a_sheet_name_that_needs_quotes) {
  const book b = make({{"Table 6.2", table_6_2()}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].id, "'Table 6.2'!A3");
}

TEST(detect, prose_and_records_give_no_table) {
  const std::string prose =
      row(1, {s("A1", "Safeguarding activity")}) +
      row(3, {s("A3",
                "Between 31/03/2015 and 30/09/2017 the number of children subject to child protection plans "
                "fell from 184 to 148.")}) +
      row(4, {s("A4", "Of these 9684 contacts 598 (6%) converted to referrals.")}) + row(6, {s("A6", "2019 target")});
  const std::string records =
      row(1, {s("A1", "Name"), s("B1", "Date of birth"), s("C1", "Start date"), s("D1", "Placements")}) +
      row(2, {s("A2", "Child A"), d("B2", 40000), d("C2", 42094), n("D2", 2)}) +
      row(3, {s("A3", "Child B"), d("B3", 40100), d("C3", 42460), n("D3", 1)}) +
      row(4, {s("A4", "Child C"), d("B4", 40200), d("C4", 42643), n("D4", 3)});
  // A records list whose first row holds a date of birth and an income of 2000: no header of
  // periods, since the column holds dates below and 2000 is one number among others.
  const std::string people = row(3, {s("B3", "First"), s("C3", "Last"), s("D3", "DOB"), s("E3", "Income")}) +
                             row(4, {s("B4", "Hank"), s("C4", "Rearden"), d("D4", 6960), n("E4", 2000)}) +
                             row(5, {s("B5", "Dagny"), s("C5", "Taggart"), d("D5", 2620), n("E5", 1500)});
  // A value beside dates ("XIRR 5.3 | 01/01/2013 | 01/02/2013") is a row of values.
  const std::string arguments = row(10, {s("A10", "NPV"), n("B10", 1188.4), n("E10", -10000), n("F10", 3000)}) +
                                row(11, {s("A11", "XIRR"), n("B11", 5.3), d("E11", 41275), d("F11", 41306)}) +
                                row(12, {s("A12", "XNPV"), n("B12", 0), n("E12", 2), n("F12", 3)});
  const book b =
      make({{"Prose", prose}, {"Records", records}, {"Empty", ""}, {"People", people}, {"Finance", arguments}});
  EXPECT_TRUE(detect(b.wb, b.cells).empty());
}

TEST(detect, years_as_numbers_and_rates) {
  const std::string rows =
      row(2, {n("B2", 2019), n("C2", 2020), n("D2", 2021), s("E2", "Rate per 10,000 children"), s("F2", "Change")}) +
      row(3, {s("A3", "Children in need"), n("B3", 2019), n("C3", 2045), n("D3", 2100), n("E3", 330.1), n("F3", 55)}) +
      row(4, {s("A4", "Child protection plans"), s("B4", "c"), s("C4", "1,204"), n("D4", 40)});
  const book b = make({{"CIN", rows}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(describe(tables[0]),
            "CIN!A2 sheet 0 header row 2 labels A\n"
            "period 2019 '2019' B\n"
            "period 2020 '2020' C\n"
            "period 2021 '2021' D\n"
            "derived 'Rate per 10,000 children' rate E\n"
            "derived 'Change' change F\n"
            "indicator children-in-need row 3\n"
            "indicator child-protection-plans row 4\n");
  EXPECT_EQ(tables[0].derived[0].per, 10000);
}

TEST(detect, a_row_of_counts_that_look_like_years_is_no_header) {
  const std::string rows = row(3, {s("A3", "Contacts"), n("B3", 2019), n("C3", 2045), n("D3", 2100)}) +
                           row(4, {s("A4", "Referrals"), n("B4", 598), n("C4", 610), n("D4", 640)});
  const book b = make({{"S", rows}});
  EXPECT_TRUE(detect(b.wb, b.cells).empty());
}

TEST(detect, blocks_end_at_two_blank_rows_or_a_new_header) {
  const std::string rows =
      row(1, {s("B1", "Q1 2017-18"), s("C1", "Q2 2017-18")}) +
      row(2, {s("A2", "Contacts"), n("B2", 2400), n("C2", 2500)}) +
      /* one blank row inside the block */ row(4, {s("A4", "Referrals"), n("B4", 300), n("C4", 310)}) +
      row(5, {s("A5", "Children's social care"), s("B5", "Provisional figures")}) +
      row(6, {s("A6", "Assessments"), n("B6", 280), s("C6", "x")}) +
      /* two blank rows end it */ row(9, {s("A9", "Not part of it"), n("B9", 1), n("C9", 2)}) +
      row(11, {s("B11", "2016-17"), s("C11", "2017/18"), s("D11", "% change")}) +
      row(12, {s("A12", "Re-referrals"), n("B12", 0.2), n("C12", 0.22), n("D12", 0.1)}) +
      row(13, {s("B13", "2018-19"), s("C13", "2019-20")}) + row(14, {s("A14", "Contacts"), n("B14", 1), n("C14", 2)}) +
      row(15, {s("A15", "Contacts"), n("B15", 3), n("C15", 4)});
  const book b = make({{"Q", rows}});
  const auto tables = detect(b.wb, b.cells);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(describe(tables[0]),
            "Q!A1 sheet 0 header row 1 labels A\n"
            "period 2017-18Q1 'Q1 2017-18' B\n"
            "period 2017-18Q2 'Q2 2017-18' C\n"
            "indicator contacts row 2\n"
            "indicator referrals row 4\n"
            "indicator assessments row 6\n");
  EXPECT_EQ(describe(tables[1]),
            "Q!A11 sheet 0 header row 11 labels A\n"
            "period 2016-17 '2016-17' B\n"
            "period 2017-18 '2017/18' C\n"
            "derived '% change' pct_change D\n"
            "indicator re-referrals row 12\n");
  EXPECT_EQ(describe(tables[2]),
            "Q!A13 sheet 0 header row 13 labels A\n"
            "period 2018-19 '2018-19' B\n"
            "period 2019-20 '2019-20' C\n"
            "indicator contacts row 14\n"
            "indicator contacts-2 row 15\n");
}

TEST(detect, the_samples) {
  const book table = open_sample("table-6.2.xlsx");
  const auto found = detect(table.wb, table.cells);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(describe(found[0]), detected_6_2);

  // The contacts sample holds single values under "Value": no periods, so no table.
  const book contacts = open_sample("contacts.xlsx");
  EXPECT_TRUE(detect(contacts.wb, contacts.cells).empty());
}

}  // namespace
}  // namespace returncheck::bind
