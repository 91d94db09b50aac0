// The index page of a batch run.
#include "returncheck/report/batch_index.hpp"

#include <algorithm>
#include <cstdio>

#include "returncheck/report/detail/markup.hpp"
#include "returncheck/version.hpp"

namespace returncheck::report {
namespace {

using detail::escaped;

std::string counted(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Unreadable returns first, then those with errors, then open queries, then the rest.
int attention(const batch_page::row& r) {
  if (r.status == "unreadable") return 0;
  if (r.errors > 0) return 1;
  if (r.queries > r.explained) return 2;
  return 3;
}

constexpr std::string_view index_style = R"css(
table.returns { width: 100%; font-size: .95rem; margin-top: 16px; }
table.returns th, table.returns td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.returns thead th { background: var(--soft); font-size: .85rem; color: var(--muted); border-bottom: 2px solid var(--line); }
table.returns td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge.ok { color: var(--ok-ink); background: var(--ok-bg); border-color: var(--ok); }
td.reason { color: var(--error-ink); }
)css";

}  // namespace

std::string batch_index_html(const batch_page& page) {
  std::uint64_t unreadable = 0, with_errors = 0, with_queries = 0, clean = 0;
  for (const auto& r : page.rows) {
    switch (attention(r)) {
      case 0: ++unreadable; break;
      case 1: ++with_errors; break;
      case 2: ++with_queries; break;
      default: ++clean; break;
    }
  }
  const std::string total = counted(page.rows.size(), "return", "returns");
  std::string level = "ok", headline = total + " checked: none needs attention";
  if (unreadable) {
    level = "error";
    headline = std::to_string(unreadable) + " of " + total + " could not be read";
  } else if (with_errors) {
    level = "error";
    headline = std::to_string(with_errors) + " of " + total + " have errors to fix";
  } else if (with_queries) {
    level = "query";
    headline = std::to_string(with_queries) + " of " + total + " have queries to fix or explain";
  }
  std::vector<const batch_page::row*> rows;
  for (const auto& r : page.rows) rows.push_back(&r);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return attention(*a) < attention(*b); });

  std::string out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escaped(headline) + "</title>\n";
  out += "<style>" + std::string(detail::page_style()) + std::string(index_style) + "</style>\n</head>\n<body>\n";
  out += "<header class=\"verdict " + level + "\" id=\"verdict-banner\"><div>";
  out += "<p class=\"kicker\">returncheck batch</p><h1 id=\"verdict\">" + escaped(headline) + "</h1>";
  out += "<p class=\"also\">" + escaped(std::to_string(with_errors) + " with errors, " + std::to_string(with_queries) +
                                        " with open queries, " + std::to_string(clean) + " with nothing to do, " +
                                        std::to_string(unreadable) + " unreadable.") +
         "</p>";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", page.seconds);
  out += "<dl class=\"run\"><dt>Started</dt><dd>" + escaped(page.started) + "</dd><dt>Took</dt><dd>" + seconds +
         "</dd><dt>Exit code</dt><dd>" + std::to_string(page.exit_code) + "</dd><dt>Tool</dt><dd>returncheck " +
         escaped(version()) + "</dd></dl></div></header>\n<main>\n";
  out += "<table class=\"returns\"><thead><tr><th scope=\"col\">Return</th><th scope=\"col\">Status</th>"
         "<th scope=\"col\">Errors</th><th scope=\"col\">Queries</th><th scope=\"col\">Explained</th>"
         "<th scope=\"col\">Info</th><th scope=\"col\">New</th><th scope=\"col\">Resolved</th>"
         "<th scope=\"col\">Time</th><th scope=\"col\">Why unreadable</th></tr></thead><tbody>\n";
  for (const auto* r : rows) {
    const int a = attention(*r);
    const char* badge = a == 0 || a == 1 ? "error" : a == 2 ? "query" : "ok";
    const std::string name = r->report_link.empty()
                                 ? escaped(r->input)
                                 : "<a href=\"" + escaped(r->report_link, true) + "\">" + escaped(r->input) + "</a>";
    std::snprintf(seconds, sizeof seconds, "%.2f s", r->seconds);
    out += "<tr><th scope=\"row\" class=\"mono\">" + name + "</th><td><span class=\"badge " + badge + "\">" +
           escaped(r->status) + "</span></td><td class=\"n\">" + std::to_string(r->errors) + "</td><td class=\"n\">" +
           std::to_string(r->queries) + "</td><td class=\"n\">" + std::to_string(r->explained) +
           "</td><td class=\"n\">" + std::to_string(r->infos) + "</td><td class=\"n\">" +
           std::to_string(r->new_findings) + "</td><td class=\"n\">" + std::to_string(r->resolved) +
           "</td><td class=\"n\">" + seconds + "</td><td class=\"reason\">" + escaped(r->reason) + "</td></tr>\n";
  }
  out += "</tbody></table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace returncheck::report
