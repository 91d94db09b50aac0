// Encoding a worker's task and result as netstrings, and reading them back without trusting them.
#include "returncheck/batch/detail/wire.hpp"

#include <charconv>
#include <cstdio>

#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::batch::detail {
namespace {

void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
  out += ',';
}

void put_number(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  put(out, buf);
}

void put_optional(std::string& out, const std::optional<double>& v) {
  if (v) put_number(out, *v);
  else put(out, "");
}

class reader {
 public:
  explicit reader(std::string_view s) : s_(s) {}

  bool ok() const { return ok_; }
  bool at_end() const { return s_.empty(); }

  std::string text() {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(s_.data(), s_.data() + s_.size(), n);
    const std::size_t digits = std::size_t(end - s_.data());
    if (ec != std::errc() || digits == 0 || digits >= s_.size() || s_[digits] != ':' ||
        s_.size() - digits - 1 < n + 1 || s_[digits + 1 + n] != ',') {
      ok_ = false;
      s_ = {};
      return {};
    }
    std::string out(s_.substr(digits + 1, n));
    s_.remove_prefix(digits + 2 + n);
    return out;
  }

  std::optional<double> optional_number() {
    const std::string t = text();
    if (t.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size()) ok_ = false;
    return v;
  }
  double number() { return optional_number().value_or(0); }
  std::uint64_t count() { return std::uint64_t(number()); }

 private:
  std::string_view s_;
  bool ok_ = true;
};

void put_figures(std::string& out, const std::vector<rules::figure>& figures) {
  put_number(out, double(figures.size()));
  for (const auto& f : figures) {
    for (const std::string_view s : {std::string_view(f.table), std::string_view(f.indicator), std::string_view(f.period),
                                     std::string_view(f.sheet)})
      put(out, s);
    put(out, xlsx::format_cell_ref(f.cell));
    put(out, f.label);
    put(out, f.header);
    put_number(out, f.value);
    put_number(out, f.tolerance);
    put(out, f.shown);
  }
}

std::vector<rules::figure> read_figures(reader& r) {
  std::vector<rules::figure> figures;
  const std::uint64_t n = r.count();
  for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
    rules::figure f;
    f.table = r.text();
    f.indicator = r.text();
    f.period = r.text();
    f.sheet = r.text();
    f.cell = xlsx::parse_cell_ref(r.text()).value_or(xlsx::cell_pos{});
    f.label = r.text();
    f.header = r.text();
    f.value = r.number();
    f.tolerance = r.number();
    f.shown = r.text();
    figures.push_back(std::move(f));
  }
  return figures;
}

}  // namespace

std::string encode(const check_data& d) {
  std::string out = "rc1,";
  put(out, d.status);
  put(out, d.reason);
  put(out, d.schema);
  for (const double n : {double(d.errors), double(d.queries), double(d.explained), double(d.infos), double(d.exit_code)})
    put_number(out, n);
  put_number(out, double(d.findings.size()));
  for (const auto& f : d.findings) {
    for (const std::string_view s : {std::string_view(f.fingerprint), std::string_view(f.rule), std::string_view(f.name),
                                     schema::to_string(f.level), std::string_view(f.sheet)})
      put(out, s);
    put(out, f.cell ? xlsx::format_cell_ref(*f.cell) : std::string());
    for (const std::string_view s : {std::string_view(f.table), std::string_view(f.indicator), std::string_view(f.period),
                                     std::string_view(f.message), std::string_view(f.status)})
      put(out, s);
    put_optional(out, f.expected);
    put_optional(out, f.actual);
  }
  put_figures(out, d.figures);
  out += "end,";
  return out;
}

std::optional<check_data> decode(std::string_view bytes) {
  if (!bytes.starts_with("rc1,") || !bytes.ends_with("end,")) return std::nullopt;
  reader r(bytes.substr(4, bytes.size() - 8));
  check_data d;
  d.status = r.text();
  d.reason = r.text();
  d.schema = r.text();
  d.errors = r.count();
  d.queries = r.count();
  d.explained = r.count();
  d.infos = r.count();
  d.exit_code = int(r.number());
  const std::uint64_t n_findings = r.count();
  for (std::uint64_t i = 0; i < n_findings && r.ok(); ++i) {
    rules::finding f;
    f.fingerprint = r.text();
    f.rule = r.text();
    f.name = r.text();
    f.level = schema::parse_severity(r.text()).value_or(schema::severity::info);
    f.sheet = r.text();
    if (const std::string cell = r.text(); !cell.empty()) f.cell = xlsx::parse_cell_ref(cell);
    f.table = r.text();
    f.indicator = r.text();
    f.period = r.text();
    f.message = r.text();
    f.status = r.text();
    f.expected = r.optional_number();
    f.actual = r.optional_number();
    d.findings.push_back(std::move(f));
  }
  d.figures = read_figures(r);
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return d;
}

std::string encode(const task& t) {
  std::string out = "rt1,";
  put_number(out, double(t.index));
  const prior_check& p = t.prior;
  put(out, p.fingerprints ? "1" : "0");
  if (p.fingerprints) {
    put_number(out, double(p.fingerprints->size()));
    for (const auto& f : *p.fingerprints) put(out, f);
  }
  put(out, p.baseline ? "1" : "0");
  if (p.baseline) {
    put(out, p.baseline->name);
    put_figures(out, p.baseline->figures);
  }
  put_number(out, double(p.explanations.size()));
  for (const auto& e : p.explanations) {
    put(out, e.fingerprint);
    put(out, e.text);
    put_optional(out, e.value);
    put(out, e.given);
  }
  out += "end,";
  return out;
}

std::optional<task> decode_task(std::string_view bytes) {
  if (!bytes.starts_with("rt1,") || !bytes.ends_with("end,")) return std::nullopt;
  reader r(bytes.substr(4, bytes.size() - 8));
  task t;
  t.index = r.count();
  prior_check& p = t.prior;
  if (r.text() == "1") {
    p.fingerprints.emplace();
    const std::uint64_t n = r.count();
    for (std::uint64_t i = 0; i < n && r.ok(); ++i) p.fingerprints->insert(r.text());
  }
  if (r.text() == "1") {
    p.baseline.emplace();
    p.baseline->name = r.text();
    p.baseline->figures = read_figures(r);
  }
  const std::uint64_t n = r.count();
  for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
    rules::explanation e;
    e.fingerprint = r.text();
    e.text = r.text();
    e.value = r.optional_number();
    e.given = r.text();
    p.explanations.push_back(std::move(e));
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return t;
}

}  // namespace returncheck::batch::detail
