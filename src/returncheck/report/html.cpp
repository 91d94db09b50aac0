// report.html: the verdict, the counts, and the findings by sheet with charts of their series.
#include "returncheck/report/html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>

#include "returncheck/report/detail/findings.hpp"
#include "returncheck/report/detail/markup.hpp"
#include "returncheck/rules/reading.hpp"

namespace returncheck::report {
namespace {

using detail::counted;
using detail::escaped;
using rules::finding;
using schema::severity;

std::string_view title_of(severity s) {
  switch (s) {
    case severity::error: return "Error";
    case severity::query: return "Query";
    case severity::info: return "Info";
  }
  return "Error";
}

// ---- the verdict

struct verdict {
  std::string_view level;  // a CSS class: error, query, ok
  std::string headline;
  std::string also;  // what else there is, or empty
};

verdict verdict_of(const summary& s) {
  verdict v;
  std::vector<std::string> also;
  // An explained query needs nothing more: only the open ones are asked for.
  const std::uint64_t open_queries = s.queries - s.explained;
  if (s.errors > 0) {
    v.level = "error";
    v.headline = counted(s.errors, "error", "errors") + " must be fixed before submission";
    if (open_queries > 0) also.push_back(counted(open_queries, "query", "queries") + " to fix or explain");
  } else if (open_queries > 0) {
    v.level = "query";
    v.headline = counted(open_queries, "query", "queries") + " to fix or explain";
  } else {
    v.level = "ok";
    v.headline = "No problems found";
  }
  if (s.explained > 0) also.push_back(counted(s.explained, "query", "queries") + " explained");
  if (s.infos > 0) also.push_back(counted(s.infos, "finding", "findings") + " for information");
  for (const auto& a : also) v.also += (v.also.empty() ? "Also " : " and ") + a;
  if (!v.also.empty()) v.also += '.';
  return v;
}

// ---- numbers as people read them

// How a finding's stated and expected values are written: percentages for the percentage rules,
// rates and other figures with the decimals the stated cell shows (its tolerance says how many),
// and anything else with as many decimals as it needs, so that a count reads as a whole number
// and a count with a fraction (RC301) shows the fraction.
struct value_style {
  bool percent = false;
  bool sign = false;
  int decimals = -1;  // -1: as few as needed, up to 4
};

// The decimals a tolerance of half a unit in the last place stands for (0.005 → 2, or 0 in
// percentage points); -1 when it is no such half unit (a number shown in full).
int decimals_of(const std::optional<double>& tolerance, bool percent) {
  if (!tolerance || !(*tolerance > 0)) return -1;
  const double unit = *tolerance * 2 * (percent ? 100 : 1);
  const double d = -std::log10(unit);
  const double rounded = std::round(d);
  if (std::fabs(d - rounded) > 1e-6 || rounded < 0 || rounded > 6) return -1;
  return int(rounded);
}

value_style style_of(const finding& f) {
  value_style s;
  const std::string_view rule = f.rule;
  s.percent = rule == "RC201" || rule == "RC203" || rule == "RC401";
  s.sign = rule == "RC201" || rule == "RC202" || rule == "RC401";
  s.decimals = rule == "RC401" ? 1 : decimals_of(f.tolerance, s.percent);
  if (s.percent && s.decimals < 0 && rule != "RC401") s.decimals = 0;
  return s;
}

std::string stated_text(double v, const value_style& s) {
  return rules::format_for_message(v, s.percent, s.decimals, s.sign);
}

// One more decimal than the stated cell shows for a percentage (+21.4% against +18%), as the
// messages write it.
std::string expected_text(double v, const value_style& s) {
  const int more = s.percent ? std::max(s.decimals + 1, 1) : s.decimals;
  return rules::format_for_message(v, s.percent, more, s.sign);
}

std::string tolerance_text(double t, const value_style& s) {
  if (decimals_of(t, s.percent) < 0 && t < 1e-9) return "none: the cell shows the number in full";
  if (s.percent) return "\xC2\xB1" + rules::format_for_message(t * 100, false, -1) + " percentage points";
  return "\xC2\xB1" + rules::format_for_message(t, false, -1);
}

// ---- series and charts

const indicator_series* series_of(const report& r, const finding& f) {
  if (f.indicator.empty()) return nullptr;
  for (const auto& s : r.series)
    if (s.indicator == f.indicator && s.sheet == f.sheet && (f.table.empty() || s.table == f.table)) return &s;
  return nullptr;
}

// The period ids a finding is about: one, or the two ends of "from..to".
std::vector<std::string> periods_of(const finding& f) {
  const auto dots = f.period.find("..");
  if (dots == std::string::npos) return f.period.empty() ? std::vector<std::string>{} : std::vector{f.period};
  return {f.period.substr(0, dots), f.period.substr(dots + 2)};
}

std::string period_header(const indicator_series* s, const std::string& id) {
  if (s)
    for (const auto& p : s->points)
      if (p.period == id) return p.header;
  return id;
}

bool flags_point(const finding& f, const series_point& p) {
  if (f.cell && *f.cell == p.cell) return true;
  const auto ids = periods_of(f);
  return std::find(ids.begin(), ids.end(), p.period) != ids.end();
}

std::string coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A line chart of the series, the finding's periods marked: small enough to sit beside the
// finding, with its values in the SVG's title for screen readers. Empty when the series has
// fewer than two periods or no number to draw.
std::string chart(const indicator_series& s, const finding& f, int id) {
  const std::size_t n = s.points.size();
  std::optional<std::size_t> lo, hi;
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.points[i].value) continue;
    if (!lo || *s.points[i].value < *s.points[*lo].value) lo = i;
    if (!hi || *s.points[i].value > *s.points[*hi].value) hi = i;
  }
  if (n < 2 || !lo) return {};

  constexpr double width = 440, height = 168, left = 64, right = 40, top = 26, bottom = 44;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double min = *s.points[*lo].value, max = *s.points[*hi].value;
  if (max - min < 1e-12) {
    const double pad = std::max(std::fabs(min) * 0.1, 1e-9);
    min -= pad;
    max += pad;
  }
  auto x_of = [&](std::size_t i) { return left + plot_w * double(i) / double(n - 1); };
  auto y_of = [&](double v) { return top + plot_h * (max - v) / (max - min); };
  const double step = plot_w / double(n - 1);
  // Label every k-th period so that labels of about 11 characters do not overlap.
  const std::size_t every = std::max<std::size_t>(1, std::size_t(std::ceil(72.0 / step)));

  std::string title = s.label + " by period:";
  for (const auto& p : s.points) {
    title += " " + p.header + " " + (p.text.empty() ? std::string("blank") : p.text);
    if (flags_point(f, p)) title += " (flagged)";
    title += ";";
  }
  title.back() = '.';

  const std::string sid = std::to_string(id);
  std::string out = "<figure class=\"chart\"><svg role=\"img\" aria-labelledby=\"chart-" + sid +
                    "-title\" viewBox=\"0 0 " + coord(width) + " " + coord(height) + "\" width=\"" + coord(width) +
                    "\" height=\"" + coord(height) + "\"><title id=\"chart-" + sid + "-title\">" + escaped(title) +
                    "</title>";
  // The flagged periods' bands go first, behind everything else.
  const double band = std::min(step * 0.7, 56.0);
  for (std::size_t i = 0; i < n; ++i)
    if (flags_point(f, s.points[i]))
      out += "<rect class=\"band\" x=\"" + coord(x_of(i) - band / 2) + "\" y=\"" + coord(top - 20) + "\" width=\"" +
             coord(band) + "\" height=\"" + coord(plot_h + 40) + "\" rx=\"4\"/>";
  // The lowest and highest values, as the cells show them, on grid lines.
  for (std::size_t i : {*hi, *lo}) {
    const double y = y_of(*s.points[i].value);
    out += "<line class=\"grid\" x1=\"" + coord(left) + "\" x2=\"" + coord(width - right + 8) + "\" y1=\"" + coord(y) +
           "\" y2=\"" + coord(y) + "\"/><text class=\"axis\" x=\"" + coord(left - 8) + "\" y=\"" + coord(y + 4) +
           "\" text-anchor=\"end\">" + escaped(s.points[i].text) + "</text>";
    if (*hi == *lo) break;
  }
  // The line, broken where a period has no number.
  std::string path;
  bool pen_down = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!s.points[i].value) {
      pen_down = false;
      continue;
    }
    path += (pen_down ? " L" : (path.empty() ? "M" : " M")) + coord(x_of(i)) + " " + coord(y_of(*s.points[i].value));
    pen_down = true;
  }
  out += "<path class=\"line\" d=\"" + path + "\"/>";
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = s.points[i];
    const bool flagged = flags_point(f, p);
    const double x = x_of(i);
    if (p.value) {
      const double y = y_of(*p.value);
      out += std::string("<circle class=\"") + (flagged ? "point flagged" : "point") + "\" cx=\"" + coord(x) +
             "\" cy=\"" + coord(y) + "\" r=\"" + (flagged ? "6" : "3.5") + "\"/>";
      if (flagged) {
        const double label_y = y - 12 < 12 ? y + 22 : y - 12;
        out += "<text class=\"value\" x=\"" + coord(x) + "\" y=\"" + coord(label_y) + "\" text-anchor=\"middle\">" +
               escaped(p.text) + "</text>";
      }
    } else {
      out += "<text class=\"missing\" x=\"" + coord(x) + "\" y=\"" + coord(top + plot_h) +
             "\" text-anchor=\"middle\">" + escaped(p.text.empty() ? std::string("blank") : p.text) + "</text>";
    }
    if (flagged || i % every == 0 || i + 1 == n)
      out += std::string("<text class=\"") + (flagged ? "period flagged" : "period") + "\" x=\"" + coord(x) +
             "\" y=\"" + coord(height - 14) + "\" text-anchor=\"middle\">" + escaped(p.header) + "</text>";
  }
  out += "</svg><figcaption>" + escaped(s.label) + ", " + escaped(s.points.front().header) + " to " +
         escaped(s.points.back().header) + "; the flagged ";
  std::string flagged;
  for (const auto& p : s.points)
    if (flags_point(f, p)) flagged += (flagged.empty() ? "" : " and ") + escaped(p.header);
  out += (flagged.find(" and ") == std::string::npos ? "period is " : "periods are ") + flagged +
         ", marked in colour.</figcaption></figure>";
  return out;
}

// ---- the page

constexpr std::string_view style = R"css(
:root {
  --ink: #1b1f24; --muted: #545d68; --line: #d0d7de; --soft: #f6f8fa;
  --error: #b42318; --error-bg: #fef3f2; --error-ink: #7a271a;
  --query: #b54708; --query-bg: #fffaeb; --query-ink: #7a2e0e;
  --info: #175cd3; --info-bg: #eff8ff; --info-ink: #1849a9;
  --ok: #067647; --ok-bg: #ecfdf3; --ok-ink: #054f31;
  --series: #1d4f91;
}
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans",
  "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; line-height: 1.45; font-size: 16px; }
body { margin: 0 auto; max-width: 1120px; padding: 24px 32px 48px; }
h2 { font-size: 1.35rem; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 24px 0 10px; }
h3 .count { font-weight: normal; color: var(--muted); font-size: .95rem; margin-left: 6px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .92em; }
.verdict { display: grid; grid-template-columns: 1fr auto; gap: 16px 32px; align-items: start;
  border-left: 12px solid; border-radius: 10px; padding: 22px 28px; }
.verdict.error { background: var(--error-bg); border-color: var(--error); }
.verdict.query { background: var(--query-bg); border-color: var(--query); }
.verdict.ok { background: var(--ok-bg); border-color: var(--ok); }
.kicker { margin: 0 0 6px; font-size: .8rem; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
.verdict h1 { margin: 0 0 14px; font-size: 2.25rem; line-height: 1.15; }
.verdict.error h1 { color: var(--error-ink); }
.verdict.query h1 { color: var(--query-ink); }
.verdict.ok h1 { color: var(--ok-ink); }
.verdict .also { margin: -8px 0 14px; font-size: 1.1rem; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: .95rem; }
dl.run dt { color: var(--muted); }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
ul.tally { list-style: none; margin: 0; padding: 0; display: flex; gap: 10px; }
ul.tally li { min-width: 92px; padding: 10px 12px; border-radius: 8px; background: #fff; border: 1px solid var(--line);
  border-top: 5px solid; text-align: center; font-size: .9rem; color: var(--muted); }
ul.tally .n { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.1; color: var(--ink); }
ul.tally .error { border-top-color: var(--error); }
ul.tally .query { border-top-color: var(--query); }
ul.tally .info { border-top-color: var(--info); }
table { border-collapse: collapse; }
table.summary { width: 100%; margin: 8px 0 4px; font-size: .95rem; }
table.summary caption { text-align: left; font-weight: 700; padding: 6px 0; }
table.summary th, table.summary td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.summary thead th { background: var(--soft); font-size: .85rem; color: var(--muted); border-bottom: 2px solid var(--line); }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; width: 6em; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: .8rem; font-weight: 700;
  letter-spacing: .03em; border: 1px solid; white-space: nowrap; }
.badge.error { color: var(--error-ink); background: var(--error-bg); border-color: var(--error); }
.badge.query { color: var(--query-ink); background: var(--query-bg); border-color: var(--query); }
.badge.info { color: var(--info-ink); background: var(--info-bg); border-color: var(--info); }
.summaries { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 28px; align-items: start; }
article.finding { border: 1px solid var(--line); border-left: 6px solid; border-radius: 8px; padding: 14px 18px;
  margin: 0 0 14px; background: #fff; }
article.finding.error { border-left-color: var(--error); }
article.finding.query { border-left-color: var(--query); }
article.finding.info { border-left-color: var(--info); }
.finding-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; }
.finding-head h4 { margin: 0; font-size: 1.15rem; }
.finding-head .rule { color: var(--muted); font-size: .9rem; }
p.message { margin: 8px 0 4px; font-size: 1.02rem; }
p.cause { margin: 4px 0; padding: 6px 10px; background: var(--soft); border-radius: 6px; }
.finding-body { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 12px 32px; align-items: start; margin-top: 10px; }
table.facts { font-size: .93rem; }
table.facts th { text-align: left; font-weight: 600; color: var(--muted); padding: 2px 16px 2px 0; white-space: nowrap; vertical-align: top; }
table.facts td { padding: 2px 0; }
table.facts td.num { font-variant-numeric: tabular-nums; font-weight: 600; }
.id { color: var(--muted); }
figure.chart { margin: 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { font-size: .8rem; color: var(--muted); max-width: 440px; }
svg .line { fill: none; stroke: var(--series); stroke-width: 2; }
svg .point { fill: var(--series); }
svg .grid { stroke: var(--line); stroke-dasharray: 3 3; }
svg text { font-family: inherit; font-size: 11px; fill: var(--muted); }
svg .period.flagged, svg .value { font-weight: 700; fill: var(--ink); }
svg .value { font-size: 12px; }
svg .missing { font-style: italic; }
.error svg .band { fill: var(--error-bg); stroke: #f4c7c3; }
.error svg .flagged { fill: var(--error); }
.query svg .band { fill: var(--query-bg); stroke: #f7d9a8; }
.query svg .flagged { fill: var(--query); }
.info svg .band { fill: var(--info-bg); stroke: #c3dcf7; }
.info svg .flagged { fill: var(--info); }
svg circle.flagged { stroke: #fff; stroke-width: 2; }
svg text.flagged { fill: var(--ink); }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); font-size: .85rem; color: var(--muted); }
@media (max-width: 760px) {
  body { padding: 12px; }
  .verdict, .summaries, .finding-body { grid-template-columns: 1fr; }
}
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .summaries { grid-template-columns: 1fr; }
  article.finding, table.summary tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  @page { margin: 14mm; }
}
)css";

std::string local_time(std::chrono::system_clock::time_point when, bool iso) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[96];
  if (iso) {
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &tm);
    std::string s = buf;
    if (s.size() >= 5) s.insert(s.size() - 2, ":");  // +0100 → +01:00, as HTML's <time> wants
    return s;
  }
  std::strftime(buf, sizeof buf, " %B %Y, %H:%M %Z", &tm);
  return std::to_string(tm.tm_mday) + buf;
}

void append_verdict(std::string& out, const report& r, const summary& s, std::chrono::system_clock::time_point when) {
  const verdict v = verdict_of(s);
  out += "<header class=\"verdict " + std::string(v.level) + "\" id=\"verdict-banner\"><div>";
  out += "<p class=\"kicker\">returncheck report</p>";
  out += "<h1 id=\"verdict\">" + escaped(v.headline) + "</h1>";
  if (!v.also.empty()) out += "<p class=\"also\">" + escaped(v.also) + "</p>";
  out += "<dl class=\"run\"><dt>Return</dt><dd class=\"mono\">" + escaped(r.input) + "</dd>";
  out += "<dt>Schema</dt><dd" +
         std::string(r.schema.empty() ? ">none: tables were detected" : " class=\"mono\">" + escaped(r.schema)) +
         "</dd>";
  out += "<dt>Checked</dt><dd><time datetime=\"" + local_time(when, true) + "\">" + escaped(local_time(when, false)) +
         "</time>, " + counted(r.cells_checked, "cell", "cells") + "</dd>";
  out += "<dt>Tool</dt><dd>" + escaped(detail::tool_name()) + "</dd>";
  if (r.cleaned) {
    // The workbooks sit beside report.html: relative links open them.
    out += "<dt>Workbooks</dt><dd><a href=\"" + escaped(r.cleaned->cleaned_file) + "\">" + escaped(r.cleaned->cleaned_file) +
           "</a> (" + counted(r.cleaned->changes.size(), "cell", "cells") + " cleaned)";
    if (!r.cleaned->annotated_file.empty())
      out += ", <a href=\"" + escaped(r.cleaned->annotated_file) + "\">" + escaped(r.cleaned->annotated_file) +
             "</a> (findings marked)";
    out += "</dd>";
  }
  out += "</dl></div>";
  out += "<ul class=\"tally\" aria-label=\"Findings by severity\">";
  out += "<li class=\"error\"><span class=\"n\">" + std::to_string(s.errors) + "</span>" +
         (s.errors == 1 ? "error" : "errors") + "</li>";
  out += "<li class=\"query\"><span class=\"n\">" + std::to_string(s.queries) + "</span>" +
         (s.queries == 1 ? "query" : "queries") + "</li>";
  out += "<li class=\"info\"><span class=\"n\">" + std::to_string(s.infos) + "</span>for information</li>";
  out += "</ul></header>\n";
}

void append_summary(std::string& out, const summary& s, const std::vector<finding>& findings) {
  out += "<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2><div class=\"summaries\">";
  out +=
      "<table class=\"summary\"><caption>By severity</caption><thead><tr><th scope=\"col\">Severity</th>"
      "<th scope=\"col\">Findings</th><th scope=\"col\">What to do</th></tr></thead><tbody>";
  const std::pair<severity, std::string_view> rows[] = {
      {severity::error, "Fix before the return is submitted"},
      {severity::query, "Fix the figure, or explain why it is right"},
      {severity::info, "Nothing: for information"},
  };
  for (const auto& [level, todo] : rows) {
    const std::uint64_t n = level == severity::error ? s.errors : level == severity::query ? s.queries : s.infos;
    out += "<tr><th scope=\"row\"><span class=\"badge " + std::string(detail::severity_name(level)) + "\">" +
           std::string(title_of(level)) + "</span></th><td class=\"n\">" + std::to_string(n) + "</td><td>" +
           std::string(todo) + "</td></tr>";
  }
  out += "</tbody></table>";

  // Rule, then severity: a schema rule may give a rule's findings another severity than its own.
  std::map<std::pair<std::string, severity>, std::uint64_t> by_rule;
  for (const auto& f : findings) ++by_rule[{f.rule, f.level}];
  out +=
      "<table class=\"summary\"><caption>By rule</caption><thead><tr><th scope=\"col\">Rule</th>"
      "<th scope=\"col\">Severity</th><th scope=\"col\">Findings</th><th scope=\"col\">What it checks</th></tr>"
      "</thead><tbody>";
  if (by_rule.empty()) out += "<tr><td colspan=\"4\">No rule found anything.</td></tr>";
  for (const auto& [key, n] : by_rule) {
    const rules::rule_info* info = rules::find_rule(key.first);
    out += "<tr><th scope=\"row\"><code>" + escaped(key.first) + "</code> " + (info ? escaped(info->slug) : "") +
           "</th><td><span class=\"badge " + std::string(detail::severity_name(key.second)) + "\">" +
           std::string(title_of(key.second)) + "</span></td><td class=\"n\">" + std::to_string(n) + "</td><td>" +
           (info ? escaped(info->summary) : "") + "</td></tr>";
  }
  out += "</tbody></table></div></section>\n";
}

void append_finding(std::string& out, const report& r, const finding& f, int id) {
  const std::string level(detail::severity_name(f.level));
  const std::string sid = std::to_string(id);
  const indicator_series* series = series_of(r, f);
  const std::string where = f.cell || !f.sheet.empty() ? rules::location(f) : "Whole workbook";
  out += "<article class=\"finding " + level + "\" id=\"finding-" + sid + "\" aria-labelledby=\"finding-" + sid +
         "-title\"><div class=\"finding-head\"><h4 id=\"finding-" + sid + "-title\" class=\"mono\">" + escaped(where) +
         "</h4><span class=\"badge " + level + "\">" + std::string(title_of(f.level)) +
         "</span><span class=\"rule\"><code>" + escaped(f.rule) + "</code> " + escaped(f.name) + "</span></div>";
  out += "<p class=\"message\">" + escaped(f.message) + "</p>";
  if (!f.cause.empty()) out += "<p class=\"cause\"><strong>Likely cause:</strong> " + escaped(f.cause) + "</p>";

  std::string facts;
  auto fact = [&](std::string_view name, const std::string& html, bool number = false) {
    facts += "<tr><th scope=\"row\">" + std::string(name) + "</th><td" + (number ? " class=\"num\"" : "") + ">" + html +
             "</td></tr>";
  };
  if (!f.indicator.empty()) {
    fact("Indicator", series ? escaped(series->label) + " <span class=\"id mono\">" + escaped(f.indicator) + "</span>"
                             : "<span class=\"mono\">" + escaped(f.indicator) + "</span>");
  }
  if (!f.period.empty()) {
    std::string text;
    for (const auto& p : periods_of(f)) text += (text.empty() ? "" : " to ") + period_header(series, p);
    fact("Period", escaped(text));
  }
  const value_style style = style_of(f);
  if (f.actual) fact("Stated", escaped(stated_text(*f.actual, style)), true);
  if (f.expected) fact("Expected", escaped(expected_text(*f.expected, style)), true);
  if (f.tolerance) fact("Tolerance", escaped(tolerance_text(*f.tolerance, style)));
  if (!f.status.empty()) fact("Since last check", escaped(f.status));
  if (!f.explanation.empty()) fact("Explained", escaped(f.explanation));
  if (!f.fix_after.empty()) fact("Fixed", "<span class=\"mono\">" + escaped(f.fix_before) + " → " + escaped(f.fix_after) +
                                             "</span> in the cleaned workbook");
  const std::string figure = series ? chart(*series, f, id) : std::string();
  if (!facts.empty() || !figure.empty()) {
    out += "<div class=\"finding-body\">";
    if (!facts.empty()) out += "<table class=\"facts\"><tbody>" + facts + "</tbody></table>";
    out += figure + "</div>";
  }
  out += "</article>\n";
}

void append_findings(std::string& out, const report& r, const std::vector<finding>& findings) {
  out += "<section aria-labelledby=\"findings\"><h2 id=\"findings\">Findings</h2>\n";
  if (findings.empty()) out += "<p>Every check passed: there is nothing to fix or explain.</p>\n";
  int id = 0, group_id = 0;
  for (auto group = findings.begin(); group != findings.end();) {
    const auto group_end =
        std::find_if(group, findings.end(), [&](const finding& f) { return f.sheet != group->sheet; });
    const std::string gid = std::to_string(++group_id);
    out += "<section aria-labelledby=\"sheet-" + gid + "\"><h3 id=\"sheet-" + gid + "\">" +
           (group->sheet.empty() ? std::string("Whole workbook") : "Sheet " + escaped(group->sheet)) +
           "<span class=\"count\">" + counted(std::uint64_t(group_end - group), "finding", "findings") +
           "</span></h3>\n";
    for (auto it = group; it != group_end; ++it) append_finding(out, r, *it, ++id);
    out += "</section>\n";
    group = group_end;
  }
  out += "</section>\n";
}

}  // namespace

std::string_view detail::page_style() { return style; }

std::string to_html(const report& r, std::chrono::system_clock::time_point checked_at) {
  const summary s = summarise(r);
  const std::vector<finding> findings = detail::prepared(r);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing in the page may load or run anything, whatever a workbook's text tried to smuggle in.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"" + escaped(detail::tool_name(), true) + "\">\n";
  out += "<title>" + escaped(verdict_of(s).headline) + " \xE2\x80\x94 " + escaped(r.input) + "</title>\n";
  out += "<style>" + std::string(style) + "</style>\n</head>\n<body>\n";
  append_verdict(out, r, s, checked_at);
  out += "<main>\n";
  append_summary(out, s, findings);
  append_findings(out, r, findings);
  out += "</main>\n<footer><p>Written by " + escaped(detail::tool_name()) +
         ". <strong>Errors</strong> must be fixed before the return is submitted; <strong>queries</strong> must be "
         "fixed or explained; the rest is for information. A stated figure is compared with the figure worked out "
         "from its inputs at the precision its cell shows: the tolerance is half a unit of its last shown digit. "
         "Each rule is described in returncheck's rule catalogue (docs/rules.md).</p></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace returncheck::report
