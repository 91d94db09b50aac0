// Nightly checks: every return in a folder validated, in parallel, each into its own subfolder,
// with a summary of the whole run. One bad file never stops the rest (docs/nightly.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "returncheck/schema/schema.hpp"
#include "returncheck/util/result.hpp"
#include "returncheck/validate/outputs.hpp"

namespace returncheck::batch {

// One return to check.
struct input {
  std::filesystem::path path;
  // Its identity from one night to the next: the path below the folder that was named
  // ("north/q2.xlsx"), or the path as given for a file or a pattern.
  std::string key;
};

// The returns the arguments name: a folder gives the workbooks in it and below it (.xlsx, .xlsm,
// .xltx, .xltm), leaving out Excel's "~$" lock files and hidden files; a pattern with * ? or [
// gives the files it matches; a file gives itself. Sorted by key, each file once, nothing inside
// `exclude` (the output folder). An argument that names nothing is an error naming it.
util::result<std::vector<input>, std::string> collect(std::span<const std::string> args,
                                                      const std::filesystem::path& exclude);

// --schemas MAP.yaml: which schema checks which return, first match wins.
//   returncheck-schemas: 1
//   schemas:
//     - {file: "*table-6.2*", schema: table-6.2.yaml}     # the file name matches a pattern
//     - {sheet: Benchmarking, schema: regional.yaml}       # the workbook has this sheet
//     - {schema: default.yaml}                              # no condition: every other return
// Schema paths are relative to the map. A return no entry matches is checked without a schema.
class schema_map {
 public:
  static util::result<schema_map, std::vector<std::string>> load(const std::filesystem::path& path);
  // The schema for a return, or nullptr; `sheets` are the workbook's sheet names.
  const schema::schema* choose(const input& in, std::span<const std::string> sheets) const;
  // The schema file of the entry `choose` would take, for the summary; empty when none.
  std::string chosen_path(const input& in, std::span<const std::string> sheets) const;
  bool needs_sheets() const;  // an entry matches by sheet, so the workbook must be opened first

 private:
  struct entry {
    std::string file_pattern;
    std::string sheet;
    std::filesystem::path schema_path;
    std::shared_ptr<const schema::schema> spec;
  };
  const entry* match(const input& in, std::span<const std::string> sheets) const;
  std::vector<entry> entries_;
};

enum class file_status { clean, findings, unreadable };
std::string_view to_string(file_status s);  // "clean", "findings", "unreadable"

// What the history knows of a return before it is checked.
struct prior_check {
  std::optional<std::set<std::string>> fingerprints;  // of its last check; unset: never checked
  std::optional<validate::baseline> baseline;         // its last checked figures
  std::vector<rules::explanation> explanations;       // given for this return's findings
};

struct file_result;

// A history, as the run uses it (batch/history.hpp connects the SQLite one): asked before each
// return, told after. `after` returns the findings of the last check that this one no longer
// has (resolved). Called from the run's own thread only.
struct history_hooks {
  std::function<prior_check(const input&)> before;
  std::function<std::vector<rules::finding>(const file_result&, const std::vector<rules::finding>& findings,
                                            const std::vector<rules::figure>& figures)>
      after;
};

struct options {
  std::filesystem::path out_dir;
  unsigned jobs = 1;
  validate::options check;                 // limits, formula checks; spec and prior set per return
  const schema::schema* schema = nullptr;  // --schema: every return
  std::string schema_path;
  const schema_map* schemas = nullptr;     // --schemas: per return
  std::vector<std::string> formats;        // as validate's --report; empty: the defaults
  clean::options clean;
  schema::severity fail_on = schema::severity::error;
  bool fail_never = false;
  std::chrono::seconds time_limit{0};      // per return; 0: none
  std::vector<rules::explanation> explanations;
  history_hooks history;                   // empty functions: no history
};

// What happened to one return.
struct file_result {
  input in;
  std::string out_subdir;  // below out_dir
  std::string schema;      // the schema file used; empty without one
  file_status status = file_status::clean;
  std::string reason;      // unreadable: why, one line
  std::uint64_t errors = 0, queries = 0, infos = 0;
  std::uint64_t explained = 0;          // queries explained
  std::uint64_t new_findings = 0;       // with a history: not in the last check
  std::uint64_t open_findings = 0;      // with a history: also in the last check
  std::vector<rules::finding> resolved; // with a history: in the last check, not in this one
  bool first_check = false;             // with a history: the return had never been checked
  int exit_code = 0;       // as `validate` would exit for this return
  double seconds = 0;
};

struct run_result {
  std::vector<file_result> files;  // in input order
  std::string started, finished;   // ISO 8601, UTC
  double seconds = 0;
  int exit_code = 0;  // 3 when a return was unreadable, else 1 when findings at or above fail-on, else 0
};

// Checks every return, `opts.jobs` at a time, in as many worker processes; each return's outputs
// go to out_dir/<subdir>/ as `validate --out-dir` writes them, all flushed to disk together at
// the end. Logs one line per return to `log` (its outcome and time).
run_result run(std::span<const input> inputs, const options& opts, spdlog::logger& log);

// summary.json: the run and one object per return (docs/nightly.md defines it).
std::string summary_json(const run_result& r, const options& opts);
// index.html: one self-contained page listing each return with a link to its report.html.
std::string index_html(const run_result& r);

// Holds OUT/.returncheck.lock (an flock) for as long as it lives, so that two runs over the
// same output folder never overlap. try_lock fails at once when another run holds it, naming
// that run's process; wait blocks until it is free.
class out_dir_lock {
 public:
  static util::result<out_dir_lock, std::string> acquire(const std::filesystem::path& out_dir, bool wait);
  out_dir_lock(out_dir_lock&&) noexcept;
  out_dir_lock& operator=(out_dir_lock&&) = delete;
  ~out_dir_lock();

 private:
  explicit out_dir_lock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Removes what a run killed mid-write left behind in out_dir: the temporary files that
// outputs are written to before the rename (".report.json.Ab3xYz"). Returns how many.
std::size_t remove_leftovers(const std::filesystem::path& out_dir);

}  // namespace returncheck::batch
