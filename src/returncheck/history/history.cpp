// The run history's store: opening and upgrading the file, recording checks, and reading back
// where each return stands.
#include "returncheck/history/history.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>

#include "returncheck/history/detail/migrations.hpp"
#include "returncheck/history/detail/sqlite.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/util/sha256.hpp"

namespace returncheck::history {
namespace {

namespace fs = std::filesystem;
using detail::connection;
using detail::execute;
using detail::for_each_row;
using detail::sql_error;
using detail::sql_result;
using detail::statement;
using detail::transaction;

// While it lives, commits reach the disk before they return, and so do all made before them
// (the log is synced whole). The connection otherwise leaves syncing to the end of a run.
class durable_commit {
 public:
  explicit durable_commit(connection& db) : db_(db) { (void)db_.exec("PRAGMA synchronous = FULL"); }
  durable_commit(const durable_commit&) = delete;
  durable_commit& operator=(const durable_commit&) = delete;
  ~durable_commit() { (void)db_.exec("PRAGMA synchronous = NORMAL"); }

 private:
  connection& db_;
};

std::string_view status_name(check_status s) {
  switch (s) {
    case check_status::clean: return "clean";
    case check_status::findings: return "findings";
    case check_status::unreadable: return "unreadable";
  }
  return "clean";
}

check_status status_of(std::string_view name) {
  if (name == "findings") return check_status::findings;
  if (name == "unreadable") return check_status::unreadable;
  return check_status::clean;
}

std::string this_host() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

// A process of this machine that no longer exists. A process of another machine (a history on a
// shared folder) cannot be looked at, so it is taken to be alive.
bool process_gone(std::string_view host, std::int64_t pid) {
  if (pid <= 0 || host != this_host()) return false;
  return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

// The columns of a finding, in finding_record's order, as every query of findings selects them.
constexpr std::string_view finding_columns =
    "f.fingerprint, f.rule, f.severity, f.sheet, f.cell, f.table_id, f.indicator, f.period, f.expected, f.actual, "
    "f.message";
constexpr int finding_column_count = 11;

finding_record finding_at(const statement& row) {
  finding_record f;
  f.fingerprint = row.text(0);
  f.rule = row.text(1);
  f.severity = row.text(2);
  f.sheet = row.text(3);
  f.cell = row.text(4);
  f.table = row.text(5);
  f.indicator = row.text(6);
  f.period = row.text(7);
  f.expected = row.real(8);
  f.actual = row.real(9);
  f.message = row.text(10);
  return f;
}

std::string select_findings(std::string_view rest) {
  return "SELECT " + std::string(finding_columns) + std::string(rest);
}

// What the previous check of a return (the last that was readable) found.
struct previous_check {
  std::optional<std::int64_t> id;
  std::vector<std::pair<std::int64_t, finding_record>> findings;  // row id and finding, in order
};

// The return's last check that was not unreadable: the one a new check is compared with.
sql_result<std::optional<std::int64_t>> last_readable_check(connection& db, std::string_view return_key) {
  std::optional<std::int64_t> id;
  auto found = for_each_row(
      db, "SELECT max(id) FROM checks WHERE return_key = ?1 AND status <> 'unreadable'",
      [&](const statement& row) {
        if (!row.is_null(0)) id = row.integer(0);
      },
      return_key);
  if (!found) return util::unexpected{found.error()};
  return id;
}

sql_result<previous_check> read_previous(connection& db, std::string_view return_key) {
  previous_check prev;
  auto id = last_readable_check(db, return_key);
  if (!id) return util::unexpected{id.error()};
  prev.id = *id;
  if (!prev.id) return prev;
  auto read = for_each_row(
      db, select_findings(", f.id FROM findings f WHERE f.check_id = ?1 ORDER BY f.id"),
      [&](const statement& row) { prev.findings.emplace_back(row.integer(finding_column_count), finding_at(row)); },
      *prev.id);
  if (!read) return util::unexpected{read.error()};
  return prev;
}

// Inserts the check, its findings marked new or open, and the previous check's findings it no
// longer has; inside the caller's transaction.
sql_result<classification> insert_check(connection& db, std::int64_t run_id, const check_record& check) {
  auto prev = read_previous(db, check.return_key);
  if (!prev) return util::unexpected{prev.error()};

  auto inserted =
      execute(db,
              "INSERT INTO checks (run_id, return_key, input_path, content_hash, status, reason, exit_code, "
              "seconds, checked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
              "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
              run_id, check.return_key, check.input_path, check.content_hash, status_name(check.status), check.reason,
              check.exit_code, check.seconds);
  if (!inserted) return util::unexpected{inserted.error()};
  const std::int64_t check_id = db.last_insert_id();

  classification out;
  out.first_check = !prev->id;
  if (check.status == check_status::unreadable) return out;

  std::set<std::string_view> before;
  for (const auto& [row_id, f] : prev->findings) before.insert(f.fingerprint);

  auto add_finding = statement::prepare(
      db,
      "INSERT INTO findings (check_id, fingerprint, state, rule, severity, sheet, cell, table_id, indicator, period, "
      "expected, actual, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!add_finding) return util::unexpected{add_finding.error()};
  std::set<std::string_view> now;
  for (const finding_record& f : check.findings) {
    const bool open = before.contains(f.fingerprint);
    add_finding->bind_all(check_id, f.fingerprint, std::string_view(open ? "open" : "new"), f.rule, f.severity, f.sheet,
                          f.cell, f.table, f.indicator, f.period, f.expected, f.actual, f.message);
    if (auto added = add_finding->run(); !added) return util::unexpected{added.error()};
    if (now.insert(f.fingerprint).second)
      (open ? out.open_fingerprints : out.new_fingerprints).push_back(f.fingerprint);
  }

  auto add_value = statement::prepare(db,
                                      "INSERT INTO check_values (check_id, table_id, indicator, period, sheet, cell, "
                                      "number, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!add_value) return util::unexpected{add_value.error()};
  for (const value_record& v : check.values) {
    add_value->bind_all(check_id, v.table, v.indicator, v.period, v.sheet, v.cell, v.number, v.text);
    if (auto added = add_value->run(); !added) return util::unexpected{added.error()};
  }

  auto add_resolution = statement::prepare(db, "INSERT INTO resolutions (check_id, finding_id) VALUES (?1, ?2)");
  if (!add_resolution) return util::unexpected{add_resolution.error()};
  std::set<std::string_view> resolved;
  for (const auto& [row_id, f] : prev->findings) {
    if (now.contains(f.fingerprint) || !resolved.insert(f.fingerprint).second) continue;
    if (auto added = add_resolution->bind_all(check_id, row_id).run(); !added) return util::unexpected{added.error()};
    out.resolved.push_back(f);
  }
  return out;
}

run_record run_at(const statement& row) {
  run_record r;
  r.id = row.integer(0);
  r.kind = row.text(1);
  r.tool = row.text(2);
  r.started = row.text(3);
  r.finished = row.text(4);
  const std::string state = row.text(5);
  if (state == "finished") r.state = run_state::finished;
  else if (state == "interrupted" || process_gone(row.text(6), row.integer(7))) r.state = run_state::interrupted;
  r.checks = row.integer(8);
  return r;
}

explanation explanation_at(const statement& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.real(4)};
}

constexpr std::string_view explanation_columns = "return_key, fingerprint, text, created, value";

// The returns whose findings have this fingerprint, in order.
sql_result<std::vector<std::string>> returns_with(connection& db, std::string_view fingerprint) {
  std::vector<std::string> keys;
  auto read = for_each_row(
      db,
      "SELECT DISTINCT c.return_key FROM findings f JOIN checks c ON c.id = f.check_id WHERE f.fingerprint = ?1 "
      "ORDER BY c.return_key",
      [&](const statement& row) { keys.push_back(row.text(0)); }, fingerprint);
  if (!read) return util::unexpected{read.error()};
  return keys;
}

std::string some_of(const std::vector<std::string>& names) {
  constexpr std::size_t shown = 3;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < shown; ++i) out += (i > 0 ? ", " : "") + names[i];
  if (names.size() > shown) out += " and " + std::to_string(names.size() - shown) + " more";
  return out;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

finding_record to_record(const rules::finding& f) {
  finding_record r;
  r.fingerprint = f.fingerprint;
  r.rule = f.rule;
  r.severity = std::string(schema::to_string(f.level));
  r.sheet = f.sheet;
  if (f.cell) r.cell = xlsx::format_cell_ref(*f.cell);
  r.table = f.table;
  r.indicator = f.indicator;
  r.period = f.period;
  r.expected = f.expected;
  r.actual = f.actual;
  r.message = f.message;
  return r;
}

std::string_view to_string(finding_state s) {
  switch (s) {
    case finding_state::fresh: return "new";
    case finding_state::open: return "open";
    case finding_state::explained: return "explained";
    case finding_state::resolved: return "resolved";
  }
  return "new";
}

util::result<std::string, std::string> content_hash(const fs::path& path) {
  const auto fail = [&](int err) {
    return util::unexpected{path.string() + ": cannot read it: " + std::generic_category().message(err)};
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  util::sha256 hasher;
  std::string buffer(std::size_t{1} << 16, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail(err);
    }
    hasher.update(std::string_view(buffer.data(), std::size_t(n)));
  }
  ::close(fd);
  return "sha256:" + util::to_hex(hasher.digest());
}

struct store::impl {
  impl(std::string n, connection c) : name(std::move(n)), db(std::move(c)) {}

  std::string name;  // the file as the user gave it, first in every message
  connection db;
  // Serialises every use of the connection (see the class comment in history.hpp); SQLite's
  // error message is per connection, so it must be read under the same lock as the failed call.
  std::mutex mutex;

  std::string failure(std::string_view what, const sql_error& e) const {
    return name + ": cannot " + std::string(what) + ": " + e.message;
  }
};

store::store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
store::store(store&&) noexcept = default;
store& store::operator=(store&&) noexcept = default;
store::~store() = default;

util::result<store, std::string> store::open(const fs::path& path, std::chrono::milliseconds wait_for_lock) {
  const std::string name = path.string();
  const auto refuse = [&](const std::string& why) { return util::unexpected{name + ": " + why}; };

  std::error_code ec;
  if (fs::is_directory(path, ec)) return refuse("is a folder; the run history is a file");
  const fs::path folder = path.parent_path();
  if (!folder.empty() && !fs::is_directory(folder, ec))
    return refuse("cannot create the run history: there is no folder " + folder.string());

  auto db = connection::open(path, int(std::min<std::int64_t>(wait_for_lock.count(), INT32_MAX)));
  if (!db) return refuse("cannot open the run history: " + db.error().message);

  // Read before anything is written, so that a file that is not a history is left as it was.
  // The first statement is where SQLite first reads the file: a text file fails here (NOTADB).
  std::int64_t app = 0;
  std::int64_t version = 0;
  std::int64_t objects = 0;
  auto read = for_each_row(
      *db,
      "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), "
      "(SELECT count(*) FROM sqlite_schema)",
      [&](const statement& row) {
        app = row.integer(0);
        version = row.integer(1);
        objects = row.integer(2);
      });
  if (!read) {
    const sql_error& e = read.error();
    if (e.code == SQLITE_NOTADB)
      return refuse("not a run history: the file is not an SQLite database; it is left as it was");
    if (e.code == SQLITE_CORRUPT)
      return refuse("the run history is damaged (" + e.message +
                    "); it is left as it was: move it aside to start a new history");
    return refuse("cannot read the run history: " + e.message);
  }
  const bool ours = app == detail::application_id;
  const bool empty = app == 0 && objects == 0;
  if (!ours && !empty) return refuse("not a run history: an SQLite database of another program; it is left as it was");
  if (version > detail::latest_version())
    return refuse("the run history has schema version " + std::to_string(version) + ", newer than version " +
                  std::to_string(detail::latest_version()) +
                  " that this returncheck reads; use a newer returncheck or another history file");

  // WAL: a reader (a report, the sqlite3 shell) never blocks the batch's writes, and a commit is
  // one append to the log. Every commit survives a killed process. Against a power cut, the
  // migrations, the end of a run and an explanation are synced to the disk as they commit
  // (synchronous=FULL), while a run's checks are synced together at its end (NORMAL until then,
  // see durable_commit): a power cut mid-run loses that run's checks, as if it had not run, and
  // the history is never corrupted. A sync for every check would hold the whole batch up, once
  // per return, on the disk.
  auto wal = db->query_text("PRAGMA journal_mode = WAL");
  if (!wal) return refuse("cannot use write-ahead logging: " + wal.error().message);
  if (*wal != "wal") return refuse("cannot use write-ahead logging: the journal mode stays " + *wal);
  if (auto set = db->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !set)
    return refuse("cannot set up the run history: " + set.error().message);

  if (auto migrated = detail::migrate(*db); !migrated)
    return refuse("cannot bring the run history up to version " + std::to_string(detail::latest_version()) + ": " +
                  migrated.error().message);
  if (auto set = db->exec("PRAGMA synchronous = NORMAL"); !set)
    return refuse("cannot set up the run history: " + set.error().message);

  return store(std::make_unique<impl>(name, std::move(*db)));
}

util::result<std::int64_t, std::string> store::begin_run(std::string_view kind, std::string_view tool) {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const auto fail = [&](const sql_error& e) { return util::unexpected{impl_->failure("start a run", e)}; };

  auto tx = transaction::begin(db);
  if (!tx) return fail(tx.error());
  std::vector<std::int64_t> gone;
  auto read = for_each_row(db, "SELECT id, host, pid FROM runs WHERE state = 'running'", [&](const statement& row) {
    if (process_gone(row.text(1), row.integer(2))) gone.push_back(row.integer(0));
  });
  if (!read) return fail(read.error());
  for (const std::int64_t id : gone)
    if (auto marked = execute(db, "UPDATE runs SET state = 'interrupted' WHERE id = ?1", id); !marked)
      return fail(marked.error());
  auto inserted = execute(db,
                          "INSERT INTO runs (kind, tool, started, state, host, pid) "
                          "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'running', ?3, ?4)",
                          kind, tool, this_host(), std::int64_t{::getpid()});
  if (!inserted) return fail(inserted.error());
  const std::int64_t id = db.last_insert_id();
  if (auto committed = tx->commit(); !committed) return fail(committed.error());
  return id;
}

util::result<classification, std::string> store::record_check(std::int64_t run_id, const check_record& check) {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const std::string what = "record the check of " + (check.input_path.empty() ? check.return_key : check.input_path);
  const auto fail = [&](const sql_error& e) { return util::unexpected{impl_->failure(what, e)}; };

  // One transaction for the whole check: a run killed at any point leaves every check recorded
  // before it whole, and this one either whole or absent.
  auto tx = transaction::begin(db);
  if (!tx) return fail(tx.error());
  std::int64_t runs_found = 0;
  auto read = for_each_row(
      db, "SELECT count(*) FROM runs WHERE id = ?1", [&](const statement& row) { runs_found = row.integer(0); },
      run_id);
  if (!read) return fail(read.error());
  if (runs_found == 0) return fail({SQLITE_ERROR, "there is no run " + std::to_string(run_id)});
  auto out = insert_check(db, run_id, check);
  if (!out) return fail(out.error());
  if (auto committed = tx->commit(); !committed) return fail(committed.error());
  return std::move(*out);
}

util::result<util::ok_t, std::string> store::finish_run(std::int64_t run_id) {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const std::string what = "finish run " + std::to_string(run_id);
  durable_commit durable(db);  // and with it every check of the run
  auto updated = execute(db,
                         "UPDATE runs SET state = 'finished', finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                         "WHERE id = ?1",
                         run_id);
  if (!updated) return util::unexpected{impl_->failure(what, updated.error())};
  if (db.changes() == 0) return util::unexpected{impl_->failure(what, {SQLITE_ERROR, "there is no such run"})};
  return util::ok;
}

util::result<std::optional<baseline>, std::string> store::last_values(std::string_view return_key) {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const auto fail = [&](const sql_error& e) {
    return util::unexpected{impl_->failure("read the last figures of " + std::string(return_key), e)};
  };

  auto tx = transaction::begin_read(db);
  if (!tx) return fail(tx.error());
  auto check_id = last_readable_check(db, return_key);
  if (!check_id) return fail(check_id.error());
  std::optional<baseline> out;
  if (!*check_id) return out;
  auto found = for_each_row(
      db, "SELECT run_id, input_path, checked FROM checks WHERE id = ?1",
      [&](const statement& row) {
        out = baseline{row.integer(0), row.text(1), row.text(2), {}};
      },
      **check_id);
  if (!found) return fail(found.error());
  auto read = for_each_row(
      db,
      "SELECT table_id, indicator, period, sheet, cell, number, text FROM check_values WHERE check_id = ?1 "
      "ORDER BY id",
      [&](const statement& row) {
        out->values.push_back(
            {row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.real(5), row.text(6)});
      },
      **check_id);
  if (!read) return fail(read.error());
  return out;
}

util::result<std::vector<run_record>, std::string> store::runs() {
  std::lock_guard lock(impl_->mutex);
  std::vector<run_record> out;
  auto read = for_each_row(impl_->db,
                           "SELECT r.id, r.kind, r.tool, r.started, r.finished, r.state, r.host, r.pid, "
                           "(SELECT count(*) FROM checks c WHERE c.run_id = r.id) FROM runs r ORDER BY r.id DESC",
                           [&](const statement& row) { out.push_back(run_at(row)); });
  if (!read) return util::unexpected{impl_->failure("list the runs", read.error())};
  return out;
}

util::result<std::vector<return_state>, std::string> store::latest() {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const auto fail = [&](const sql_error& e) { return util::unexpected{impl_->failure("read the latest checks", e)}; };

  // One snapshot, so that a check another process records meanwhile cannot show in one return's
  // findings and not in another's.
  auto tx = transaction::begin_read(db);
  if (!tx) return fail(tx.error());
  std::vector<return_state> out;
  std::vector<std::optional<std::int64_t>> readable;  // each return's last check that was readable
  auto read = for_each_row(
      db,
      "SELECT c.return_key, c.input_path, c.checked, c.run_id, c.status, c.reason, "
      "(SELECT max(r.id) FROM checks r WHERE r.return_key = c.return_key AND r.status <> 'unreadable') "
      "FROM checks c WHERE c.id = (SELECT max(l.id) FROM checks l WHERE l.return_key = c.return_key) "
      "ORDER BY c.return_key",
      [&](const statement& row) {
        out.push_back(
            {row.text(0), row.text(1), row.text(2), row.integer(3), status_of(row.text(4)), row.text(5), {}, {}});
        readable.push_back(row.is_null(6) ? std::nullopt : std::optional(row.integer(6)));
      });
  if (!read) return fail(read.error());

  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!readable[i]) continue;
    return_state& r = out[i];
    const std::int64_t check_id = *readable[i];

    std::map<std::string, explanation> explained;  // the latest of each fingerprint
    auto explanations_read = for_each_row(
        db, "SELECT " + std::string(explanation_columns) + " FROM explanations WHERE return_key = ?1 ORDER BY id",
        [&](const statement& row) {
          explanation e = explanation_at(row);
          explained[e.fingerprint] = std::move(e);
        },
        r.return_key);
    if (!explanations_read) return fail(explanations_read.error());

    auto findings_read = for_each_row(
        db, select_findings(", f.state FROM findings f WHERE f.check_id = ?1 ORDER BY f.id"),
        [&](const statement& row) {
          tracked_finding t{finding_at(row),
                            row.text(finding_column_count) == "open" ? finding_state::open : finding_state::fresh,
                            std::nullopt};
          if (auto it = explained.find(t.finding.fingerprint); it != explained.end()) {
            t.explained = it->second;
            if (it->second.value == t.finding.actual) t.state = finding_state::explained;
          }
          r.findings.push_back(std::move(t));
        },
        check_id);
    if (!findings_read) return fail(findings_read.error());

    auto resolved_read = for_each_row(
        db,
        select_findings(" FROM resolutions r JOIN findings f ON f.id = r.finding_id WHERE r.check_id = ?1 "
                        "ORDER BY f.id"),
        [&](const statement& row) { r.resolved.push_back(finding_at(row)); }, check_id);
    if (!resolved_read) return fail(resolved_read.error());
  }
  return out;
}

util::result<explanation, std::string> store::explain(std::string_view return_key, std::string_view fingerprint,
                                                      std::string_view text) {
  std::lock_guard lock(impl_->mutex);
  connection& db = impl_->db;
  const std::string& name = impl_->name;
  const auto refuse = [&](const std::string& why) { return util::unexpected{name + ": " + why}; };
  const auto fail = [&](const sql_error& e) { return util::unexpected{impl_->failure("keep the explanation", e)}; };
  if (is_blank(text)) return refuse("an explanation needs some text");

  durable_commit durable(db);
  auto tx = transaction::begin(db);
  if (!tx) return fail(tx.error());
  std::string key(return_key);
  if (key.empty()) {
    auto keys = returns_with(db, fingerprint);
    if (!keys) return fail(keys.error());
    if (keys->size() > 1)
      return refuse("the fingerprint " + std::string(fingerprint) + " is in the findings of " +
                    std::to_string(keys->size()) + " returns (" + some_of(*keys) + "); name the return to explain");
    if (keys->size() == 1) key = keys->front();
  }

  bool found = false;
  std::optional<double> value;
  auto read = for_each_row(
      db,
      "SELECT f.actual FROM findings f JOIN checks c ON c.id = f.check_id "
      "WHERE c.return_key = ?1 AND f.fingerprint = ?2 ORDER BY f.id DESC LIMIT 1",
      [&](const statement& row) {
        found = true;
        value = row.real(0);
      },
      key, fingerprint);
  if (!read) return fail(read.error());
  if (!found)
    return refuse("no finding" + (return_key.empty() ? std::string() : " of " + std::string(return_key)) +
                  " has the fingerprint " + std::string(fingerprint) + "; list them with: sqlite3 " + name +
                  " 'SELECT return_key, fingerprint, message FROM open_findings'");

  auto inserted = execute(db,
                          "INSERT INTO explanations (return_key, fingerprint, text, value, created) "
                          "VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                          key, fingerprint, text, value);
  if (!inserted) return fail(inserted.error());
  explanation kept{key, std::string(fingerprint), std::string(text), {}, value};
  auto reread = for_each_row(
      db, "SELECT created FROM explanations WHERE id = ?1", [&](const statement& row) { kept.created = row.text(0); },
      db.last_insert_id());
  if (!reread) return fail(reread.error());
  if (auto committed = tx->commit(); !committed) return fail(committed.error());
  return kept;
}

util::result<std::vector<explanation>, std::string> store::explanations() {
  std::lock_guard lock(impl_->mutex);
  std::vector<explanation> out;
  auto read = for_each_row(impl_->db, "SELECT " + std::string(explanation_columns) + " FROM explanations ORDER BY id",
                           [&](const statement& row) { out.push_back(explanation_at(row)); });
  if (!read) return util::unexpected{impl_->failure("read the explanations", read.error())};
  return out;
}

}  // namespace returncheck::history
