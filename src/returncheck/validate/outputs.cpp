// Writing a validated return's reports and workbooks, each atomically and never over an input.
#include "returncheck/validate/outputs.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "returncheck/report/html.hpp"
#include "returncheck/report/junit.hpp"
#include "returncheck/util/atomic_file.hpp"

namespace returncheck::validate {
namespace {

namespace fs = std::filesystem;

constexpr output_format formats_table[] = {
    {"json", "report.json", true},
    {"csv", "report.csv", true},
    {"html", "report.html", true},
    {"junit", "report.junit.xml", false},
    {"xlsx", "NAME.cleaned.xlsx and NAME.annotated.xlsx", true},
};

// How each report file is rendered (xlsx is written by clean::write instead).
std::string render(std::string_view format, const report::report& r) {
  if (format == "json") return report::to_json(r);
  if (format == "csv") return report::to_csv(r);
  if (format == "html") return report::to_html(r);
  return report::to_junit(r);
}

std::vector<std::string> chosen(const output_request& req) {
  if (!req.formats.empty()) return req.formats;
  std::vector<std::string> out;
  for (const auto& f : formats_table)
    if (f.by_default) out.emplace_back(f.name);
  return out;
}

bool wants(const std::vector<std::string>& formats, std::string_view name) {
  return std::find(formats.begin(), formats.end(), name) != formats.end();
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::pair<fs::path, fs::path> workbook_files(const output_request& req) {
  const std::string stem = fs::path(req.input_name).stem().string();
  return {req.out_dir / (stem + ".cleaned.xlsx"), req.out_dir / (stem + ".annotated.xlsx")};
}

}  // namespace

std::span<const output_format> output_formats() { return formats_table; }

const output_format* find_output_format(std::string_view name) {
  for (const auto& f : formats_table)
    if (f.name == name) return &f;
  return nullptr;
}

std::string output_format_names() {
  std::string out;
  for (std::size_t i = 0; i < std::size(formats_table); ++i) {
    if (i) out += i + 1 == std::size(formats_table) ? " or " : ", ";
    out += formats_table[i].name;
  }
  return out;
}

std::vector<fs::path> output_files(const output_request& req) {
  std::vector<fs::path> files;
  for (const auto& f : chosen(req)) {
    if (f == "xlsx") {
      const auto [cleaned, annotated] = workbook_files(req);
      files.push_back(cleaned);
      files.push_back(annotated);
    } else if (const output_format* format = find_output_format(f)) {
      files.push_back(req.out_dir / format->files);
    }
  }
  return files;
}

std::string preflight(const output_request& req) {
  const fs::path& dir = req.out_dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create --out-dir " + dir.string() + ": " + ec.message();
  if (!fs::is_directory(dir, ec)) return "--out-dir " + dir.string() + " is not a folder";
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return "cannot write in --out-dir " + dir.string() + ": " + std::strerror(errno) + "; choose a folder you can write in";
  for (const auto& out : output_files(req))
    for (const auto& in : req.inputs)
      if (util::same_file(out, in))
        return out.string() + " would be written over the input " + in.string() +
               "; an input is never written over: choose another --out-dir";
  return {};
}

report::report make_report(outcome& run, const std::string& input_name, const std::string& schema_name) {
  report::report rep;
  rep.input = input_name;
  rep.schema = schema_name;
  rep.findings = std::move(run.findings);
  rep.cells_checked = run.cells_checked;
  rep.sheet_order = run.sheet_order;
  rep.checked = std::move(run.checked);
  rep.series = std::move(run.series);
  return rep;
}

util::result<report::report, std::string> write_outputs(outcome& run, const output_request& req) {
  const std::vector<std::string> formats = chosen(req);
  std::optional<report::cleaned_output> cleaned;
  if (wants(formats, "xlsx")) {
    report::cleaned_output c;
    c.changes = clean::plan(run, req.clean);  // with --fix, the findings get their fixes here
    clean::write_options w{false, req.input_name, req.schema_name, utc_now()};
    const auto [cleaned_file, annotated_file] = workbook_files(req);
    std::vector<clean::change> streamed;
    if (auto written = clean::write(cleaned_file, run, c.changes, run.findings, w, c.not_carried, req.inputs, &streamed);
        !written)
      return util::unexpected{written.error()};
    c.changes.insert(c.changes.end(), std::make_move_iterator(streamed.begin()), std::make_move_iterator(streamed.end()));
    w.annotate = true;
    std::vector<clean::not_carried> same;  // the annotated copy carries what the cleaned one does
    if (auto written = clean::write(annotated_file, run, c.changes, run.findings, w, same, req.inputs); !written)
      return util::unexpected{written.error()};
    // report.json sits beside them: it names them by file name.
    c.cleaned_file = cleaned_file.filename().string();
    c.annotated_file = annotated_file.filename().string();
    cleaned = std::move(c);
  }
  report::report rep = make_report(run, req.input_name, req.schema_name);
  rep.cleaned = std::move(cleaned);
  for (const auto& f : formats) {
    if (f == "xlsx") continue;
    const output_format* format = find_output_format(f);
    if (!format) return util::unexpected{"unknown report format '" + f + "'"};
    if (auto written = util::write_atomically(req.out_dir / format->files, render(f, rep), req.inputs); !written)
      return util::unexpected{written.error()};
  }
  return rep;
}

}  // namespace returncheck::validate
