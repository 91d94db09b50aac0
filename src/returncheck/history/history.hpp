// The run history: every check of every return kept in an SQLite file, so that each finding is
// new, still open or resolved since the last check of the same return, and explanations persist.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/util/result.hpp"

namespace returncheck::rules {
struct finding;
}

namespace returncheck::history {

// A finding as the history keeps it: what a later run needs to say what changed.
struct finding_record {
  // Stable across runs, and the same for the same problem in every return.
  std::string fingerprint;
  std::string rule;      // "RC201"
  std::string severity;  // "error", "query", "info"
  std::string sheet;
  std::string cell;  // "F5"; empty for a finding about a sheet or the workbook
  std::string table;
  std::string indicator;
  std::string period;
  std::optional<double> expected;
  std::optional<double> actual;
  std::string message;
  friend bool operator==(const finding_record&, const finding_record&) = default;
};

finding_record to_record(const rules::finding& f);

// A figure of a bound table as a check read it: the baseline for telling, at a later check,
// which figures of earlier periods were restated.
struct value_record {
  std::string table;
  std::string indicator;
  std::string period;
  std::string sheet;
  std::string cell;
  std::optional<double> number;  // the cell's number, when it holds one
  std::string text;              // otherwise what it holds as text ("c", "x", "" when blank)
  friend bool operator==(const value_record&, const value_record&) = default;
};

enum class check_status : std::uint8_t { clean, findings, unreadable };

// One return checked once.
struct check_record {
  std::string return_key;    // the return's identity across runs, e.g. its path in the batch folder
  std::string input_path;    // as the user gave it, for messages
  std::string content_hash;  // content_hash(input_path), or empty when it could not be read
  check_status status = check_status::clean;
  std::string reason;  // why it is unreadable
  int exit_code = 0;
  double seconds = 0;
  // An unreadable check has neither: its findings and figures are not known, so it is never
  // compared with the checks before and after it, and anything given here is not stored.
  std::vector<finding_record> findings;
  std::vector<value_record> values;
};

// A check compared with the previous check of the same return that was not unreadable. Each
// fingerprint is listed once, in the order of the check's findings (of the previous check's, for
// `resolved`).
struct classification {
  std::vector<std::string> new_fingerprints;   // not in the previous check
  std::vector<std::string> open_fingerprints;  // in the previous check too
  std::vector<finding_record> resolved;        // in the previous check, not in this one
  bool first_check = false;                    // no previous check to compare with
};

// A person's explanation of a finding of one return (a query they have looked into). It holds
// while the finding's actual value is `value`; a changed figure needs explaining again.
struct explanation {
  std::string return_key;
  std::string fingerprint;
  std::string text;
  std::string created;          // UTC, "2024-05-01T02:13:07.120Z"
  std::optional<double> value;  // the finding's actual value when it was explained
};

// A run's state. A run whose process died (killed, or the machine went down) stays "running" in
// the file; it is shown as interrupted once its process is gone.
enum class run_state : std::uint8_t { running, finished, interrupted };

struct run_record {
  std::int64_t id = 0;
  std::string kind;      // "batch", "validate"
  std::string tool;      // "returncheck 0.1.0"
  std::string started;   // UTC, as explanation::created
  std::string finished;  // empty unless finished
  run_state state = run_state::running;
  std::int64_t checks = 0;
};

// A finding's state since the previous check. `fresh` is "new" (a C++ keyword) in the file and in
// reports; explained is an open or new finding whose explanation still holds.
enum class finding_state : std::uint8_t { fresh, open, explained, resolved };
std::string_view to_string(finding_state s);  // "new", "open", "explained", "resolved"

struct tracked_finding {
  finding_record finding;
  finding_state state = finding_state::fresh;
  // The latest explanation of this finding of this return, also when its value no longer holds
  // (then state is fresh or open, and a report can show what was said before).
  std::optional<explanation> explained;
};

// Where a return stands after its last check.
struct return_state {
  std::string return_key;
  std::string input_path;  // of the last check
  std::string checked;     // when, UTC
  std::int64_t run_id = 0;
  check_status status = check_status::clean;
  std::string reason;
  // The findings of the last check that was not unreadable, with their states: when the last
  // check is unreadable, what was last known to be open. And the findings that check resolved.
  std::vector<tracked_finding> findings;
  std::vector<finding_record> resolved;
};

// A return's figures as its last readable check found them.
struct baseline {
  std::int64_t run_id = 0;
  std::string input_path;
  std::string checked;               // when, UTC
  std::vector<value_record> values;  // none for a check recorded before histories kept figures
};

// "sha256:" and the hex digest of the file's bytes. Fails with "q2.xlsx: cannot read it: ...".
util::result<std::string, std::string> content_hash(const std::filesystem::path& path);

// An open history file. Every call may be made from any thread: calls are serialised on one
// connection, because SQLite lets one writer at a time into a database anyway, and recording a
// check takes milliseconds against the seconds of checking a return. Separate connections would
// only queue on SQLite's file lock, by sleeping and retrying, instead of on a mutex.
//
// Errors are one line naming the file as given and what failed:
// "history.db: cannot record the check of q2.xlsx: database is locked".
class store {
 public:
  // Opens the history at path, creating it when there is no file there, and brings its tables up
  // to this version's. Refuses, leaving the file as it was, a file that is not an SQLite database,
  // an SQLite database of another program, and a history written by a newer returncheck.
  // A history another process is writing to is waited for up to wait_for_lock at each call.
  static util::result<store, std::string> open(const std::filesystem::path& path,
                                               std::chrono::milliseconds wait_for_lock = std::chrono::seconds(10));

  store(store&&) noexcept;
  store& operator=(store&&) noexcept;
  ~store();

  // Starts a run. Runs left "running" by a process that is gone are marked interrupted.
  util::result<std::int64_t, std::string> begin_run(std::string_view kind, std::string_view tool);
  // Records a check and its findings, all or nothing, and classifies it against the previous check
  // of the same return (the last one recorded, whatever became of its run).
  util::result<classification, std::string> record_check(std::int64_t run_id, const check_record& check);
  util::result<util::ok_t, std::string> finish_run(std::int64_t run_id);

  // The figures of the return's last check that was not unreadable; nullopt when it has none.
  // Called before this run records its own check of the return, it gives the previous figures.
  util::result<std::optional<baseline>, std::string> last_values(std::string_view return_key);

  // Every run, the latest first.
  util::result<std::vector<run_record>, std::string> runs();
  // Each return's state after its last check, by return key.
  util::result<std::vector<return_state>, std::string> latest();

  // Explains a finding: keeps the text with the actual value of the return's latest finding with
  // that fingerprint. An empty return_key means the one return whose findings have the fingerprint.
  // Fails when no finding has it, or when several returns do and none is named.
  util::result<explanation, std::string> explain(std::string_view return_key, std::string_view fingerprint,
                                                 std::string_view text);
  // Every explanation, in the order given.
  util::result<std::vector<explanation>, std::string> explanations();

 private:
  struct impl;
  explicit store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace returncheck::history
