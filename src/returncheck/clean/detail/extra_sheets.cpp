// The Discrepancies and Summary sheets of the annotated copy.
#include "returncheck/clean/detail/extra_sheets.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "returncheck/validate/validate.hpp"
#include "returncheck/version.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::clean::detail {
namespace {

using schema::severity;

// A name for an added sheet that no input sheet has taken ("Summary (2)" when one has).
std::string free_name(lxw_workbook* book, const std::string& base) {
  std::string name = base;
  for (int n = 2; workbook_get_worksheet_by_name(book, name.c_str()); ++n) name = base + " (" + std::to_string(n) + ")";
  return name;
}

// Rules whose expected and stated figures are fractions shown as percentages.
bool percent_rule(std::string_view rule) { return rule == "RC201" || rule == "RC203" || rule == "RC306"; }

class sheet_builder {
 public:
  sheet_builder(lxw_workbook* book, const std::vector<xlsx::table_info>& tables) : book_(book), tables_(tables) {
    bold_ = workbook_add_format(book);
    format_set_bold(bold_);
    title_ = workbook_add_format(book);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    wrap_ = workbook_add_format(book);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    percent_ = workbook_add_format(book);
    format_set_num_format(percent_, "0.0%");
    format_set_align(percent_, LXW_ALIGN_VERTICAL_TOP);
    top_ = workbook_add_format(book);
    format_set_align(top_, LXW_ALIGN_VERTICAL_TOP);
    link_ = workbook_add_format(book);
    format_set_underline(link_, LXW_UNDERLINE_SINGLE);
    format_set_font_color(link_, LXW_COLOR_BLUE);
    format_set_align(link_, LXW_ALIGN_VERTICAL_TOP);
  }

  void discrepancies(std::span<const rules::finding> findings, const std::map<std::string, std::string>& renamed) {
    const std::string name = free_name(book_, "Discrepancies");
    lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
    static const char* headers[] = {"Severity", "Rule", "Name",     "Sheet",     "Cell",    "Indicator", "Period",
                                    "Stated",   "Expected", "Tolerance", "Message", "Cause", "Fix"};
    constexpr lxw_col_t n_cols = sizeof headers / sizeof headers[0];
    static const double widths[n_cols] = {9, 7, 24, 16, 10, 22, 22, 10, 10, 10, 70, 70, 24};
    for (lxw_col_t c = 0; c < n_cols; ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);

    // In constant-memory mode (a sheet too large to hold) libxlsxwriter makes no tables: the
    // headers are then written as bold cells under an autofilter, which sorts and filters alike.
    const bool as_table = !book_->options.constant_memory;
    if (!as_table)
      for (lxw_col_t c = 0; c < n_cols; ++c) worksheet_write_string(ws, 0, c, headers[c], bold_);

    lxw_row_t r = 1;
    for (const auto& f : findings) {
      worksheet_write_string(ws, r, 0, std::string(schema::to_string(f.level)).c_str(), top_);
      worksheet_write_string(ws, r, 1, f.rule.c_str(), top_);
      worksheet_write_string(ws, r, 2, f.name.c_str(), top_);
      const auto shown = renamed.find(f.sheet);
      const std::string& sheet = shown == renamed.end() ? f.sheet : shown->second;
      if (!sheet.empty()) worksheet_write_string(ws, r, 3, sheet.c_str(), top_);
      if (f.cell && !sheet.empty()) {
        const std::string ref = xlsx::format_cell_ref(*f.cell);
        std::string quoted = "'";
        for (const char ch : sheet) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
        quoted += "'";
        const std::string url = "internal:" + quoted + "!" + ref;
        if (worksheet_write_url_opt(ws, r, 4, url.c_str(), link_, ref.c_str(), nullptr) != LXW_NO_ERROR)
          worksheet_write_string(ws, r, 4, ref.c_str(), top_);
      }
      if (!f.indicator.empty()) worksheet_write_string(ws, r, 5, f.indicator.c_str(), top_);
      if (!f.period.empty()) worksheet_write_string(ws, r, 6, f.period.c_str(), top_);
      lxw_format* number_format = percent_rule(f.rule) ? percent_ : top_;
      if (f.actual) worksheet_write_number(ws, r, 7, *f.actual, number_format);
      if (f.expected) worksheet_write_number(ws, r, 8, *f.expected, number_format);
      if (f.tolerance) worksheet_write_number(ws, r, 9, *f.tolerance, number_format);
      worksheet_write_string(ws, r, 10, f.message.c_str(), wrap_);
      if (!f.cause.empty()) worksheet_write_string(ws, r, 11, f.cause.c_str(), wrap_);
      if (!f.fix_after.empty()) worksheet_write_string(ws, r, 12, (f.fix_before + " → " + f.fix_after).c_str(), wrap_);
      ++r;
    }
    // An Excel table needs a data row: with no findings it holds one blank row.
    const lxw_row_t last = findings.empty() ? 1 : r - 1;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_activate(ws);
    if (!as_table) {
      worksheet_autofilter(ws, 0, 0, last, n_cols - 1);
      return;
    }
    std::vector<lxw_table_column> cols(n_cols);
    std::vector<lxw_table_column*> col_ptrs;
    for (lxw_col_t c = 0; c < n_cols; ++c) {
      cols[c].header = const_cast<char*>(headers[c]);
      col_ptrs.push_back(&cols[c]);
    }
    col_ptrs.push_back(nullptr);
    // A table name is unique in the workbook: the input may have taken this one.
    std::string table_name = "Discrepancies";
    for (int n = 2; std::any_of(tables_.begin(), tables_.end(), [&](const auto& t) { return same_name(t.name, table_name); }); ++n)
      table_name = "Discrepancies" + std::to_string(n);
    lxw_table_options o{};
    o.name = table_name.data();
    o.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    o.style_type_number = 2;
    o.columns = col_ptrs.data();
    worksheet_add_table(ws, 0, 0, last, n_cols - 1, &o);
  }

  void summary(const validate::outcome& run, std::span<const change> changes, std::span<const rules::finding> findings,
               std::span<const not_carried> dropped, const write_options& opts) {
    const std::string name = free_name(book_, "Summary");
    lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
    worksheet_set_column(ws, 0, 0, 34, nullptr);
    worksheet_set_column(ws, 1, 1, 28, nullptr);
    worksheet_set_column(ws, 2, 3, 12, nullptr);
    worksheet_set_column(ws, 4, 4, 60, nullptr);
    lxw_row_t r = 0;
    worksheet_write_string(ws, r++, 0, "returncheck summary", title_);
    ++r;
    std::map<severity, std::uint64_t> by_severity;
    std::map<std::string, std::pair<const rules::finding*, std::uint64_t>> by_rule;
    for (const auto& f : findings) {
      ++by_severity[f.level];
      auto& slot = by_rule[f.rule];
      if (!slot.first) slot.first = &f;
      ++slot.second;
    }
    const std::uint64_t errors = by_severity[severity::error], queries = by_severity[severity::query];
    const std::string verdict = errors ? std::to_string(errors) + (errors == 1 ? " error" : " errors") + " to fix"
                                : queries ? std::to_string(queries) + (queries == 1 ? " query" : " queries") +
                                                " to fix or explain"
                                          : std::string("No errors or queries");
    auto pair = [&](const char* label, const std::string& value) {
      worksheet_write_string(ws, r, 0, label, bold_);
      worksheet_write_string(ws, r++, 1, value.c_str(), nullptr);
    };
    pair("Verdict", verdict);
    pair("Input", opts.input_name);
    pair("Schema", opts.schema_name.empty() ? std::string("(none: tables detected)") : opts.schema_name);
    pair("Checked at", opts.generated_at);
    pair("Checked by", "returncheck " + std::string(version()));
    worksheet_write_string(ws, r, 0, "Cells checked", bold_);
    worksheet_write_number(ws, r++, 1, double(run.cells_checked), nullptr);
    ++r;

    worksheet_write_string(ws, r++, 0, "Findings by severity", title_);
    for (const severity s : {severity::error, severity::query, severity::info}) {
      worksheet_write_string(ws, r, 0, std::string(schema::to_string(s)).c_str(), nullptr);
      worksheet_write_number(ws, r++, 1, double(by_severity[s]), nullptr);
    }
    ++r;
    worksheet_write_string(ws, r++, 0, "Findings by rule", title_);
    header_row(ws, r++, {"Rule", "Name", "Severity", "Count"});
    for (const auto& [rule, entry] : by_rule) {
      worksheet_write_string(ws, r, 0, rule.c_str(), nullptr);
      worksheet_write_string(ws, r, 1, entry.first->name.c_str(), nullptr);
      worksheet_write_string(ws, r, 2, std::string(schema::to_string(entry.first->level)).c_str(), nullptr);
      worksheet_write_number(ws, r++, 3, double(entry.second), nullptr);
    }
    if (by_rule.empty()) worksheet_write_string(ws, r++, 0, "(none)", nullptr);
    ++r;
    worksheet_write_string(ws, r++, 0, "Cells cleaned", title_);
    std::map<std::string_view, std::uint64_t> by_action;
    for (const auto& c : changes) ++by_action[to_string(c.what)];
    header_row(ws, r++, {"Action", "Cells"});
    for (const auto& [what, n] : by_action) {
      worksheet_write_string(ws, r, 0, std::string(what).c_str(), nullptr);
      worksheet_write_number(ws, r++, 1, double(n), nullptr);
    }
    if (by_action.empty()) worksheet_write_string(ws, r++, 0, "(none)", nullptr);
    ++r;
    worksheet_write_string(ws, r++, 0, "Not carried over from the input", title_);
    header_row(ws, r++, {"What", "Sheet", "Count", "", "Detail"});
    for (const auto& d : dropped) {
      worksheet_write_string(ws, r, 0, d.what.c_str(), nullptr);
      if (!d.sheet.empty()) worksheet_write_string(ws, r, 1, d.sheet.c_str(), nullptr);
      worksheet_write_number(ws, r, 2, double(d.count), nullptr);
      worksheet_write_string(ws, r++, 4, d.detail.c_str(), nullptr);
    }
    if (dropped.empty()) worksheet_write_string(ws, r++, 0, "(nothing)", nullptr);
  }

 private:
  void header_row(lxw_worksheet* ws, lxw_row_t r, std::initializer_list<const char*> names) {
    lxw_col_t c = 0;
    for (const char* n : names) {
      if (*n) worksheet_write_string(ws, r, c, n, bold_);
      ++c;
    }
  }

  static bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  }

  lxw_workbook* book_;
  const std::vector<xlsx::table_info>& tables_;
  lxw_format* bold_ = nullptr;
  lxw_format* title_ = nullptr;
  lxw_format* wrap_ = nullptr;
  lxw_format* percent_ = nullptr;
  lxw_format* top_ = nullptr;
  lxw_format* link_ = nullptr;
};

}  // namespace

void add_extra_sheets(lxw_workbook* book, const validate::outcome& run, std::span<const change> changes,
                      std::span<const rules::finding> findings, std::span<const not_carried> dropped,
                      const write_options& opts, const std::map<std::string, std::string>& renamed) {
  sheet_builder b(book, run.book->wb.tables());
  b.discrepancies(findings, renamed);
  b.summary(run, changes, findings, dropped, opts);
}

}  // namespace returncheck::clean::detail
