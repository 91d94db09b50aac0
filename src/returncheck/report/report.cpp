// Rendering findings as report.json, CSV and console text (docs/report-format.md).
#include "returncheck/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "returncheck/report/detail/findings.hpp"
#include "returncheck/util/json.hpp"

namespace returncheck::report {
namespace {

using detail::cell_text;
using detail::counted;
using detail::prepared;
using detail::severity_name;
using rules::finding;
using schema::severity;

// ---- JSON ----

void text_or_null(util::json_writer& w, std::string_view key, std::string_view text) {
  w.key(key);
  if (text.empty()) w.null();
  else w.value(text);
}

void number_or_null(util::json_writer& w, std::string_view key, const std::optional<double>& v) {
  w.key(key);
  if (v) w.value(*v);
  else w.null();
}

// ---- CSV ----

// Spreadsheets run a cell that starts with one of these as a formula (or, for a tab or carriage
// return, strip it and then may): workbook text must come back as text.
bool looks_like_formula(std::string_view s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void append_csv_text(std::string& out, std::string_view s) {
  std::string field;
  if (looks_like_formula(s)) field += '\'';
  field += s;
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Numbers are written by the program, never taken from workbook text, so a minus sign is a
// minus sign and needs no prefix.
void append_csv_number(std::string& out, const std::optional<double>& v) {
  if (v && std::isfinite(*v)) util::append_json_number(out, *v);
}

// ---- console ----

// Workbook text may hold control characters; a terminal would act on ESC and its 8-bit form
// (U+009B), so every C0 and C1 control becomes a space. Other bytes pass through.
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out += ' ';
      ++i;
    } else {
      out += char(c);
    }
  }
  return out;
}

// Width on a terminal, counting each UTF-8 character once.
std::size_t display_width(std::string_view s) {
  return std::size_t(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void append_padded(std::string& out, std::string_view s, std::size_t width) {
  out += s;
  for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
}

std::string_view colour_of(severity s) {
  switch (s) {
    case severity::error: return "\x1b[1;31m";  // bold red
    case severity::query: return "\x1b[1;33m";  // bold yellow
    case severity::info: return "\x1b[36m";     // cyan
  }
  return "";
}

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";

}  // namespace

summary summarise(const report& r) {
  summary s;
  for (const auto& f : r.findings) {
    switch (f.level) {
      case severity::error: ++s.errors; break;
      case severity::query:
        ++s.queries;
        if (f.status == "explained") ++s.explained;
        break;
      case severity::info: ++s.infos; break;
    }
  }
  return s;
}

bool fails(const summary& s, std::string_view fail_on) {
  if (fail_on == "error") return s.errors > 0;
  if (fail_on == "query") return s.errors + s.queries - s.explained > 0;
  return false;
}

std::string to_json(const report& r) {
  const summary s = summarise(r);
  util::json_writer w;
  w.begin_object();
  w.field("format", 1.0);
  w.field("tool", detail::tool_name());
  w.field("input", r.input);
  text_or_null(w, "schema", r.schema);
  w.key("summary").begin_object();
  w.field("errors", double(s.errors));
  w.field("queries", double(s.queries));
  w.field("explained", double(s.explained));
  w.field("infos", double(s.infos));
  w.field("cells_checked", double(r.cells_checked));
  w.end_object();
  w.key("findings").begin_array();
  for (const auto& f : prepared(r)) {
    w.begin_object();
    w.field("rule", f.rule);
    w.field("name", f.name);
    w.field("severity", severity_name(f.level));
    text_or_null(w, "sheet", f.sheet);
    text_or_null(w, "cell", cell_text(f));
    text_or_null(w, "indicator", f.indicator);
    text_or_null(w, "period", f.period);
    number_or_null(w, "expected", f.expected);
    number_or_null(w, "actual", f.actual);
    number_or_null(w, "tolerance", f.tolerance);
    w.field("message", f.message);
    text_or_null(w, "cause", f.cause);
    w.field("fingerprint", f.fingerprint);
    w.key("fix");
    if (f.fix_after.empty()) {
      w.null();
    } else {
      w.begin_object();
      w.field("before", f.fix_before);
      w.field("after", f.fix_after);
      w.end_object();
    }
    text_or_null(w, "status", f.status);
    text_or_null(w, "explanation", f.explanation);
    w.end_object();
  }
  w.end_array();
  w.key("cleaned");
  if (!r.cleaned) {
    w.null();
  } else {
    const cleaned_output& c = *r.cleaned;
    w.begin_object();
    w.field("file", c.cleaned_file);
    text_or_null(w, "annotated", c.annotated_file);
    w.key("changes").begin_array();
    for (const auto& ch : c.changes) {
      w.begin_object();
      w.field("sheet", ch.sheet);
      w.field("cell", xlsx::format_cell_ref(ch.cell));
      w.field("action", clean::to_string(ch.what));
      w.field("before", ch.before);
      w.field("after", ch.after);
      text_or_null(w, "fingerprint", ch.fingerprint);
      w.end_object();
    }
    w.end_array();
    w.key("not_carried").begin_array();
    for (const auto& d : c.not_carried) {
      w.begin_object();
      w.field("what", d.what);
      text_or_null(w, "sheet", d.sheet);
      w.field("count", double(d.count));
      w.field("detail", d.detail);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_object();
  return w.str() + "\n";
}

std::string to_csv(const report& r) {
  std::string out = "\xEF\xBB\xBF";
  out += "severity,rule,name,sheet,cell,indicator,period,expected,actual,tolerance,message,cause,fingerprint,"
         "fix_before,fix_after,status,explanation\r\n";
  for (const auto& f : prepared(r)) {
    for (std::string_view text :
         {severity_name(f.level), std::string_view(f.rule), std::string_view(f.name), std::string_view(f.sheet)}) {
      append_csv_text(out, text);
      out += ',';
    }
    append_csv_text(out, cell_text(f));
    out += ',';
    append_csv_text(out, f.indicator);
    out += ',';
    append_csv_text(out, f.period);
    out += ',';
    append_csv_number(out, f.expected);
    out += ',';
    append_csv_number(out, f.actual);
    out += ',';
    append_csv_number(out, f.tolerance);
    out += ',';
    append_csv_text(out, f.message);
    out += ',';
    append_csv_text(out, f.cause);
    out += ',';
    append_csv_text(out, f.fingerprint);
    out += ',';
    append_csv_text(out, f.fix_before);
    out += ',';
    append_csv_text(out, f.fix_after);
    out += ',';
    append_csv_text(out, f.status);
    out += ',';
    append_csv_text(out, f.explanation);
    out += "\r\n";
  }
  return out;
}

std::string to_console(const report& r, bool colour) {
  std::string out = printable(r.input);
  out += r.schema.empty() ? ", checked without a schema" : ", checked against " + printable(r.schema);
  out += '\n';

  const std::vector<finding> findings = prepared(r);
  for (auto group = findings.begin(); group != findings.end();) {
    const auto group_end =
        std::find_if(group, findings.end(), [&](const finding& f) { return f.sheet != group->sheet; });
    std::size_t cell_width = 1;  // "-" for a finding without a cell
    std::size_t name_width = 0;
    for (auto it = group; it != group_end; ++it) {
      cell_width = std::max(cell_width, cell_text(*it).size());
      name_width = std::max(name_width, display_width(printable(it->name)));
    }

    out += '\n';
    if (colour) out += bold;
    out += group->sheet.empty() ? std::string("(whole workbook)") : printable(group->sheet);
    if (colour) out += reset;
    out += '\n';
    for (auto it = group; it != group_end; ++it) {
      const std::string cell = cell_text(*it);
      out += "  ";
      append_padded(out, cell.empty() ? "-" : cell, cell_width);
      out += "  ";
      if (colour) out += colour_of(it->level);
      out += severity_name(it->level);
      if (colour) out += reset;
      append_padded(out, "", 5 - severity_name(it->level).size());
      out += "  ";
      out += printable(it->rule);
      out += ' ';
      append_padded(out, printable(it->name), name_width);
      out += "  ";
      out += printable(it->message);
      out += '\n';
      if (!it->cause.empty()) out += "        cause: " + printable(it->cause) + '\n';
      if (!it->explanation.empty()) out += "        explained: " + printable(it->explanation) + '\n';
    }
    group = group_end;
  }

  const summary s = summarise(r);
  out += '\n';
  out += counted(s.errors, "error", "errors") + ", " + counted(s.queries, "query", "queries") +
         (s.explained ? " (" + std::to_string(s.explained) + " explained)" : std::string()) + ", " +
         counted(s.infos, "info", "infos") + " in " + counted(r.cells_checked, "cell", "cells") + " checked\n";
  if (r.cleaned) {
    out += "cleaned workbook " + printable(r.cleaned->cleaned_file) + " (" +
           counted(r.cleaned->changes.size(), "cell", "cells") + " changed";
    if (!r.cleaned->not_carried.empty())
      out += "; " + counted(r.cleaned->not_carried.size(), "kind", "kinds") + " of content not carried over, listed in report.json";
    out += ")";
    if (!r.cleaned->annotated_file.empty()) out += ", annotated copy " + printable(r.cleaned->annotated_file);
    out += '\n';
  }
  return out;
}

}  // namespace returncheck::report
