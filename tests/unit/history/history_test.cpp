// Tests for the run history: findings new, open and resolved across checks, explanations, files
// that are not a history refused untouched, threads, and checks never half recorded.
#include "returncheck/history/history.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "returncheck/history/detail/migrations.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/util/sha256.hpp"
#include "unit/temp_files.hpp"

namespace returncheck::history {
namespace {

namespace fs = std::filesystem;
using strings = std::vector<std::string>;

using test::names_in;
using test::read_bytes;
using test::write_bytes;

fs::path fresh_dir() { return test::fresh_dir("history"); }

// The database as the sqlite3 shell sees it, beside the store: a connection of its own.
class raw_db {
 public:
  explicit raw_db(const fs::path& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  }
  raw_db(const raw_db&) = delete;
  raw_db& operator=(const raw_db&) = delete;
  ~raw_db() { sqlite3_close(db_); }

  void exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
      ADD_FAILURE() << sql << ": " << (message != nullptr ? message : "?");
    sqlite3_free(message);
  }

  // The first column of the first row, as text ("" for none or NULL).
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

finding_record finding(const std::string& fingerprint, std::optional<double> actual = std::nullopt) {
  finding_record f;
  f.fingerprint = fingerprint;
  f.rule = "RC401";
  f.severity = "query";
  f.sheet = "Activity";
  f.cell = "F5";
  f.table = "activity";
  f.indicator = "referrals";
  f.period = "2023-24";
  f.expected = 100;
  f.actual = actual;
  f.message = "Referrals rose by more than 25% (" + fingerprint + ")";
  return f;
}

value_record value(const std::string& period, std::optional<double> number, const std::string& text = "") {
  return {"t62", "referrals", period, "Table 6.2", "C5", number, text};
}

check_record check(const std::string& return_key, const strings& fingerprints) {
  check_record c;
  c.return_key = return_key;
  c.input_path = "returns/" + return_key;
  c.content_hash = "sha256:00";
  c.status = fingerprints.empty() ? check_status::clean : check_status::findings;
  c.exit_code = fingerprints.empty() ? 0 : 1;
  c.seconds = 0.25;
  for (const auto& fp : fingerprints) c.findings.push_back(finding(fp));
  return c;
}

store open_store(const fs::path& path) {
  auto s = store::open(path);
  if (!s) ADD_FAILURE() << s.error();
  return std::move(*s);
}

std::int64_t begin(store& s) {
  auto run = s.begin_run("batch", "returncheck test");
  if (!run) ADD_FAILURE() << run.error();
  return run ? *run : 0;
}

classification record(store& s, std::int64_t run, const check_record& c) {
  auto out = s.record_check(run, c);
  if (!out) {
    ADD_FAILURE() << out.error();
    return {};
  }
  return std::move(*out);
}

strings fingerprints_of(const std::vector<finding_record>& findings) {
  strings out;
  for (const auto& f : findings) out.push_back(f.fingerprint);
  return out;
}

TEST(history, a_new_file_is_a_history_in_wal_mode_at_the_latest_version) {
  const fs::path path = fresh_dir() / "history.db";
  { store s = open_store(path); }
  raw_db db(path);
  EXPECT_EQ(db.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.text("PRAGMA user_version"), "2");
  EXPECT_EQ(db.text("PRAGMA application_id"), std::to_string(0x52434849));
}

TEST(history, classifies_findings_new_open_and_resolved_across_three_checks) {
  store s = open_store(fresh_dir() / "history.db");

  const std::int64_t night1 = begin(s);
  const classification first = record(s, night1, check("q2.xlsx", {"aa", "bb"}));
  EXPECT_TRUE(first.first_check);
  EXPECT_EQ(first.new_fingerprints, (strings{"aa", "bb"}));
  EXPECT_TRUE(first.open_fingerprints.empty());
  EXPECT_TRUE(first.resolved.empty());
  ASSERT_TRUE(s.finish_run(night1));

  const std::int64_t night2 = begin(s);
  const classification second = record(s, night2, check("q2.xlsx", {"bb", "cc"}));
  EXPECT_FALSE(second.first_check);
  EXPECT_EQ(second.new_fingerprints, strings{"cc"});
  EXPECT_EQ(second.open_fingerprints, strings{"bb"});
  ASSERT_EQ(second.resolved.size(), 1u);
  EXPECT_EQ(second.resolved[0], finding("aa"));
  ASSERT_TRUE(s.finish_run(night2));

  const std::int64_t night3 = begin(s);
  const classification third = record(s, night3, check("q2.xlsx", {}));
  EXPECT_TRUE(third.new_fingerprints.empty());
  EXPECT_TRUE(third.open_fingerprints.empty());
  EXPECT_EQ(fingerprints_of(third.resolved), (strings{"bb", "cc"}));
  ASSERT_TRUE(s.finish_run(night3));

  auto latest = s.latest();
  ASSERT_TRUE(latest) << latest.error();
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].return_key, "q2.xlsx");
  EXPECT_EQ((*latest)[0].status, check_status::clean);
  EXPECT_EQ((*latest)[0].run_id, night3);
  EXPECT_TRUE((*latest)[0].findings.empty());
  EXPECT_EQ(fingerprints_of((*latest)[0].resolved), (strings{"bb", "cc"}));
}

TEST(history, lists_a_fingerprint_found_twice_in_a_check_once) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t run = begin(s);
  EXPECT_EQ(record(s, run, check("q2.xlsx", {"aa", "aa", "bb"})).new_fingerprints, (strings{"aa", "bb"}));
  const classification next = record(s, run, check("q2.xlsx", {"bb"}));
  EXPECT_EQ(next.open_fingerprints, strings{"bb"});
  EXPECT_EQ(fingerprints_of(next.resolved), strings{"aa"});
}

TEST(history, keeps_the_fingerprints_of_different_returns_apart) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t night1 = begin(s);
  record(s, night1, check("camden.xlsx", {"aa"}));
  const classification other = record(s, night1, check("barnet.xlsx", {"aa"}));
  EXPECT_TRUE(other.first_check);
  EXPECT_EQ(other.new_fingerprints, strings{"aa"});

  const std::int64_t night2 = begin(s);
  const classification camden = record(s, night2, check("camden.xlsx", {}));
  EXPECT_EQ(fingerprints_of(camden.resolved), strings{"aa"});
  const classification barnet = record(s, night2, check("barnet.xlsx", {"aa"}));
  EXPECT_EQ(barnet.open_fingerprints, strings{"aa"});
  EXPECT_TRUE(barnet.resolved.empty());
}

// An unreadable return's findings are unknown: it resolves nothing, and the next readable check
// is compared with the last check that was read.
TEST(history, an_unreadable_check_is_compared_with_nothing) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t run = begin(s);
  record(s, run, check("q2.xlsx", {"aa", "bb"}));
  check_record broken = check("q2.xlsx", {"zz"});
  broken.status = check_status::unreadable;
  broken.reason = "returns/q2.xlsx: not a zip file";
  broken.exit_code = 3;
  const classification unreadable = record(s, run, broken);
  EXPECT_FALSE(unreadable.first_check);
  EXPECT_TRUE(unreadable.new_fingerprints.empty());
  EXPECT_TRUE(unreadable.resolved.empty());

  auto latest = s.latest();
  ASSERT_TRUE(latest) << latest.error();
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].status, check_status::unreadable);
  EXPECT_EQ((*latest)[0].reason, "returns/q2.xlsx: not a zip file");
  ASSERT_EQ((*latest)[0].findings.size(), 2u);  // what was last known to be open

  const classification next = record(s, run, check("q2.xlsx", {"bb"}));
  EXPECT_EQ(next.open_fingerprints, strings{"bb"});
  EXPECT_EQ(fingerprints_of(next.resolved), strings{"aa"});
}

TEST(history, keeps_explanations_with_the_value_they_explain) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t night1 = begin(s);
  check_record c = check("q2.xlsx", {});
  c.findings = {finding("aa", 812), finding("bb", 40)};
  record(s, night1, c);

  auto given = s.explain("q2.xlsx", "aa", "A new team started taking referrals in May");
  ASSERT_TRUE(given) << given.error();
  EXPECT_EQ(given->return_key, "q2.xlsx");
  EXPECT_EQ(given->fingerprint, "aa");
  EXPECT_EQ(given->text, "A new team started taking referrals in May");
  EXPECT_EQ(given->value, 812);
  EXPECT_EQ(given->created.size(), std::string("2024-05-01T02:13:07.120Z").size()) << given->created;

  auto all = s.explanations();
  ASSERT_TRUE(all) << all.error();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].text, given->text);
  EXPECT_EQ((*all)[0].value, 812);
  EXPECT_EQ((*all)[0].created, given->created);

  // The next night the figure is the same: still explained. Then it changes: open again, with
  // what was said about the old figure.
  const std::int64_t night2 = begin(s);
  record(s, night2, c);
  auto latest = s.latest();
  ASSERT_TRUE(latest) << latest.error();
  ASSERT_EQ((*latest)[0].findings.size(), 2u);
  EXPECT_EQ((*latest)[0].findings[0].state, finding_state::explained);
  EXPECT_EQ((*latest)[0].findings[1].state, finding_state::open);
  EXPECT_FALSE((*latest)[0].findings[1].explained);

  c.findings[0].actual = 905;
  record(s, night2, c);
  latest = s.latest();
  ASSERT_TRUE(latest) << latest.error();
  const tracked_finding& changed = (*latest)[0].findings[0];
  EXPECT_EQ(changed.state, finding_state::open);
  ASSERT_TRUE(changed.explained);
  EXPECT_EQ(changed.explained->value, 812);
  EXPECT_EQ(to_string(changed.state), "open");
  EXPECT_EQ(to_string(finding_state::fresh), "new");
}

TEST(history, explains_the_one_return_with_a_fingerprint_when_none_is_named) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t run = begin(s);
  check_record c = check("q2.xlsx", {});
  c.findings = {finding("aa", 7)};
  record(s, run, c);
  auto given = s.explain("", "aa", "Seven is right");
  ASSERT_TRUE(given) << given.error();
  EXPECT_EQ(given->return_key, "q2.xlsx");
  EXPECT_EQ(given->value, 7);
}

TEST(history, explain_asks_which_return_when_several_have_the_fingerprint) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  const std::int64_t run = begin(s);
  for (const char* key : {"d.xlsx", "c.xlsx", "b.xlsx", "a.xlsx"}) record(s, run, check(key, {"aa"}));
  auto refused = s.explain("", "aa", "Known");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() +
                                 ": the fingerprint aa is in the findings of 4 returns (a.xlsx, b.xlsx, c.xlsx and 1 "
                                 "more); name the return to explain");
  EXPECT_TRUE(s.explain("c.xlsx", "aa", "Known"));
}

TEST(history, explain_names_an_unknown_fingerprint_and_how_to_list_them) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  record(s, begin(s), check("q2.xlsx", {"aa"}));
  auto refused = s.explain("q2.xlsx", "3fa2c1d0", "Known");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() +
                                 ": no finding of q2.xlsx has the fingerprint 3fa2c1d0; list them with: "
                                 "sqlite3 " +
                                 path.string() + " 'SELECT return_key, fingerprint, message FROM open_findings'");
  refused = s.explain("barnet.xlsx", "aa", "Known");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().starts_with(path.string() + ": no finding of barnet.xlsx has the fingerprint aa;"))
      << refused.error();
  refused = s.explain("q2.xlsx", "aa", " \n");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() + ": an explanation needs some text");
  auto all = s.explanations();
  ASSERT_TRUE(all) << all.error();
  EXPECT_TRUE(all->empty());
}

TEST(history, the_open_findings_view_shows_what_is_open_and_explained) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  check_record c = check("q2.xlsx", {});
  c.findings = {finding("aa", 812), finding("bb", 40)};
  record(s, begin(s), c);
  ASSERT_TRUE(s.explain("q2.xlsx", "bb", "Forty is right"));
  raw_db db(path);
  EXPECT_EQ(db.text("SELECT group_concat(fingerprint || '=' || state || '/' || ifnull(explanation, '-'), ' ') "
                    "FROM open_findings"),
            "aa=new/- bb=explained/Forty is right");
}

TEST(history, runs_are_listed_latest_first_with_their_state) {
  store s = open_store(fresh_dir() / "history.db");
  const std::int64_t first = begin(s);
  record(s, first, check("q2.xlsx", {}));
  ASSERT_TRUE(s.finish_run(first));
  const std::int64_t second = begin(s);
  auto runs = s.runs();
  ASSERT_TRUE(runs) << runs.error();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, second);
  EXPECT_EQ((*runs)[0].state, run_state::running);  // this process is alive
  EXPECT_EQ((*runs)[0].finished, "");
  EXPECT_EQ((*runs)[1].id, first);
  EXPECT_EQ((*runs)[1].state, run_state::finished);
  EXPECT_EQ((*runs)[1].kind, "batch");
  EXPECT_EQ((*runs)[1].tool, "returncheck test");
  EXPECT_EQ((*runs)[1].checks, 1);
  EXPECT_FALSE((*runs)[1].finished.empty());
}

TEST(history, names_the_file_and_the_check_when_recording_fails) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  auto refused = s.record_check(42, check("q2.xlsx", {}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() + ": cannot record the check of returns/q2.xlsx: there is no run 42");
  auto unfinished = s.finish_run(42);
  ASSERT_FALSE(unfinished);
  EXPECT_EQ(unfinished.error(), path.string() + ": cannot finish run 42: there is no such run");
}

TEST(history, reports_a_history_locked_by_another_process_by_name) {
  const fs::path path = fresh_dir() / "history.db";
  auto opened = store::open(path, std::chrono::milliseconds(50));
  ASSERT_TRUE(opened) << opened.error();
  store& s = *opened;
  const std::int64_t run = begin(s);
  raw_db other(path);
  other.exec("BEGIN IMMEDIATE");
  auto refused = s.record_check(run, check("q2.xlsx", {}));
  other.exec("ROLLBACK");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() + ": cannot record the check of returns/q2.xlsx: database is locked");
}

// Version 99 stands for a history written by a later returncheck.
TEST(history, refuses_a_history_from_a_newer_version) {
  const fs::path path = fresh_dir() / "history.db";
  { store s = open_store(path); }
  { raw_db(path).exec("PRAGMA user_version = 99"); }
  auto refused = store::open(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() +
                                 ": the run history has schema version 99, newer than version 2 that this returncheck "
                                 "reads; use a newer returncheck or another history file");
  EXPECT_EQ(raw_db(path).text("PRAGMA user_version"), "99");
}

TEST(history, refuses_a_file_that_is_not_a_database_and_leaves_it_as_it_was) {
  const fs::path dir = fresh_dir();
  const fs::path path = dir / "notes.txt";
  const std::string content = "Referrals 2023-24: see the team's notes.\n" + std::string(2000, 'x') + "\n";
  write_bytes(path, content);
  auto refused = store::open(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            path.string() + ": not a run history: the file is not an SQLite database; it is left as it was");
  EXPECT_EQ(read_bytes(path), content);
  EXPECT_EQ(names_in(dir), strings{"notes.txt"});  // no journal, log or shared-memory file beside it
}

TEST(history, refuses_a_database_of_another_program) {
  const fs::path dir = fresh_dir();
  const fs::path path = dir / "contacts.db";
  { raw_db(path).exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')"); }
  const std::string before = read_bytes(path);
  auto refused = store::open(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            path.string() + ": not a run history: an SQLite database of another program; it is left as it was");
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_EQ(names_in(dir), strings{"contacts.db"});
}

TEST(history, refuses_a_damaged_database) {
  const fs::path path = fresh_dir() / "history.db";
  { store s = open_store(path); }
  std::string bytes = read_bytes(path);
  ASSERT_GE(bytes.size(), 200u);
  std::fill(bytes.begin() + 100, bytes.end(), '\x5a');  // the header stays, the pages are gone
  write_bytes(path, bytes);
  auto refused = store::open(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() +
                                 ": the run history is damaged (database disk image is malformed); it is left as it "
                                 "was: move it aside to start a new history");
  EXPECT_EQ(read_bytes(path), bytes);
}

TEST(history, refuses_a_folder_and_a_missing_folder) {
  const fs::path dir = fresh_dir();
  auto refused = store::open(dir);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), dir.string() + ": is a folder; the run history is a file");
  refused = store::open(dir / "nowhere" / "history.db");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), (dir / "nowhere" / "history.db").string() +
                                 ": cannot create the run history: there is no folder " + (dir / "nowhere").string());
}

TEST(history, an_empty_file_becomes_a_history) {
  const fs::path path = fresh_dir() / "history.db";
  write_bytes(path, "");
  store s = open_store(path);
  EXPECT_TRUE(record(s, begin(s), check("q2.xlsx", {"aa"})).first_check);
}

TEST(history, records_checks_from_four_threads_at_once) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  const std::int64_t run = begin(s);
  constexpr int threads = 4;
  constexpr int checks_each = 25;
  std::atomic<int> failures{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (int i = 0; i < checks_each; ++i) {
        // Five returns a thread, each checked five times: the first check of each finds two
        // fingerprints new, every later one finds them open.
        const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i % 5) + ".xlsx";
        auto out = s.record_check(run, check(key, {"aa", "bb"}));
        if (!out) {
          ++failures;
          continue;
        }
        const bool first = i < 5;
        if (out->first_check != first || out->new_fingerprints.size() != (first ? 2u : 0u) ||
            out->open_fingerprints.size() != (first ? 0u : 2u))
          ++wrong;
      }
    });
  for (auto& w : workers) w.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(wrong, 0);
  raw_db db(path);
  EXPECT_EQ(db.text("SELECT count(*) FROM checks"), std::to_string(threads * checks_each));
  EXPECT_EQ(db.text("SELECT count(*) FROM findings"), std::to_string(2 * threads * checks_each));
}

// A trigger makes the second finding's insert fail after the check and its first finding went
// in: nothing of the check may stay, and the next check is compared with the one before.
TEST(history, a_check_that_fails_halfway_leaves_nothing_behind) {
  const fs::path path = fresh_dir() / "history.db";
  store s = open_store(path);
  const std::int64_t run = begin(s);
  record(s, run, check("q2.xlsx", {"aa", "bb"}));
  raw_db db(path);
  db.exec(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON findings WHEN NEW.fingerprint = 'boom' "
      "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");

  auto refused = s.record_check(run, check("q2.xlsx", {"cc", "boom"}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), path.string() + ": cannot record the check of returns/q2.xlsx: simulated failure");
  EXPECT_EQ(db.text("SELECT count(*) FROM checks"), "1");
  EXPECT_EQ(db.text("SELECT count(*) FROM findings"), "2");

  const classification next = record(s, run, check("q2.xlsx", {"bb", "cc"}));
  EXPECT_EQ(next.new_fingerprints, strings{"cc"});
  EXPECT_EQ(next.open_fingerprints, strings{"bb"});
  EXPECT_EQ(fingerprints_of(next.resolved), strings{"aa"});
}

// A child process records checks of 50 findings and 50 figures each, one after another, and is
// killed with SIGKILL while it does. It spends nearly all its time (99% when measured) inside a
// check's transaction, so the kill almost always lands in one; wherever it lands, every check in
// the file must be whole.
TEST(history, a_run_killed_mid_check_loses_nothing_recorded_and_is_shown_interrupted) {
  const fs::path path = fresh_dir() / "history.db";
  constexpr int findings_each = 50;
  strings fingerprints;
  for (int i = 0; i < findings_each; ++i) fingerprints.push_back("fp" + std::to_string(i));
  const auto night = [&](int i) {
    check_record c = check("r" + std::to_string(i % 5) + ".xlsx", fingerprints);
    for (int v = 0; v < findings_each; ++v) c.values.push_back(value(std::to_string(2000 + v), v));
    return c;
  };
  { store s = open_store(path); }

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto s = store::open(path);
    if (!s) ::_exit(2);
    auto run = s->begin_run("batch", "returncheck test");
    if (!run) ::_exit(2);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (int i = 0; std::chrono::steady_clock::now() < give_up; ++i)
      if (!s->record_check(*run, night(i))) ::_exit(2);
    ::_exit(0);  // not killed in time: the parent fails the test
  }

  bool enough = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!enough && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    raw_db db(path);
    enough = db.text("SELECT count(*) >= 8 FROM checks") == "1";
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(enough) << "the child recorded too few checks";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the child ended by itself, status " << status;

  {
    raw_db db(path);
    EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.text("SELECT count(*) FROM checks c WHERE (SELECT count(*) FROM findings f WHERE f.check_id = c.id) "
                      "<> " +
                      std::to_string(findings_each)),
              "0");
    EXPECT_EQ(db.text("SELECT count(*) FROM checks c WHERE (SELECT count(*) FROM check_values v WHERE v.check_id = "
                      "c.id) <> " +
                      std::to_string(findings_each)),
              "0");
    EXPECT_EQ(db.text("SELECT state FROM runs"), "running");
  }

  store s = open_store(path);
  auto runs = s.runs();
  ASSERT_TRUE(runs) << runs.error();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].state, run_state::interrupted);
  const std::int64_t next = begin(s);
  EXPECT_EQ(raw_db(path).text("SELECT state FROM runs WHERE id <> " + std::to_string(next)), "interrupted");
  const classification after = record(s, next, night(0));
  EXPECT_FALSE(after.first_check);
  EXPECT_EQ(after.open_fingerprints, fingerprints);
  EXPECT_TRUE(after.new_fingerprints.empty());
}

TEST(history, last_values_gives_the_figures_of_the_last_readable_check) {
  store s = open_store(fresh_dir() / "history.db");
  auto none = s.last_values("q2.xlsx");
  ASSERT_TRUE(none) << none.error();
  EXPECT_FALSE(*none);

  const std::int64_t night1 = begin(s);
  check_record c = check("q2.xlsx", {});
  c.values = {value("2022-23", 229), value("2023-24", std::nullopt, "c")};
  record(s, night1, c);
  check_record broken = check("q2.xlsx", {});
  broken.status = check_status::unreadable;
  broken.values = {value("2022-23", 1)};  // not stored: an unreadable return has no figures
  record(s, begin(s), broken);

  auto last = s.last_values("q2.xlsx");
  ASSERT_TRUE(last) << last.error();
  ASSERT_TRUE(*last);
  EXPECT_EQ((*last)->run_id, night1);
  EXPECT_EQ((*last)->input_path, "returns/q2.xlsx");
  EXPECT_EQ((*last)->values, (std::vector<value_record>{value("2022-23", 229), value("2023-24", std::nullopt, "c")}));
  auto other = s.last_values("barnet.xlsx");
  ASSERT_TRUE(other) << other.error();
  EXPECT_FALSE(*other);
}

// A step that has shipped is never edited (a change is a new step): a history made by an earlier
// returncheck must upgrade the same way. This is the digest of version 1's SQL as it shipped.
TEST(history, shipped_migrations_are_never_edited) {
  const auto steps = detail::migrations();
  ASSERT_GE(steps.size(), 2u);
  EXPECT_EQ(steps[0].version, 1);
  EXPECT_EQ(util::sha256_hex(steps[0].sql), "d0f0e9d55ed4063a04bdafa6ff2b94bce49d6a7451a7924686b53cfaac3d58ff");
  for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].version, int(i) + 1);
}

// A version 1 history, as an earlier returncheck left it, made here by hand: its tables, its
// version stamps, and one night's check. Opening it adds version 2's table and keeps the rest.
TEST(history, upgrades_a_version_1_history_and_keeps_its_checks) {
  const fs::path path = fresh_dir() / "history.db";
  {
    raw_db db(path);
    db.exec(std::string("BEGIN; ") + detail::migrations()[0].sql +
            "PRAGMA user_version = 1; PRAGMA application_id = 1380141129; COMMIT;");
    db.exec(
        "INSERT INTO runs VALUES (1, 'batch', 'returncheck 0.1.0', '2024-05-01T02:00:00.000Z', "
        "'2024-05-01T02:10:00.000Z', 'finished', 'nightly', 4242);"
        "INSERT INTO checks VALUES (1, 1, 'q2.xlsx', 'returns/q2.xlsx', 'sha256:00', 'findings', '', 1, 0.5, "
        "'2024-05-01T02:01:00.000Z');"
        "INSERT INTO findings VALUES (1, 1, 'aa', 'new', 'RC401', 'query', 'Activity', 'F5', 'activity', "
        "'referrals', '2023-24', 100, 812, 'Referrals rose');"
        "INSERT INTO explanations VALUES (1, 'q2.xlsx', 'aa', 'A new team', 812, '2024-05-01T09:00:00.000Z');");
    EXPECT_EQ(db.text("PRAGMA user_version"), "1");
  }

  store s = open_store(path);
  {
    raw_db db(path);
    EXPECT_EQ(db.text("PRAGMA user_version"), "2");
    EXPECT_EQ(db.text("SELECT count(*) FROM check_values"), "0");
  }
  auto before = s.last_values("q2.xlsx");
  ASSERT_TRUE(before) << before.error();
  ASSERT_TRUE(*before);
  EXPECT_TRUE((*before)->values.empty());  // version 1 kept no figures

  check_record c = check("q2.xlsx", {});
  c.findings = {finding("aa", 812)};
  c.values = {value("2023-24", 812)};
  const classification next = record(s, begin(s), c);
  EXPECT_FALSE(next.first_check);
  EXPECT_EQ(next.open_fingerprints, strings{"aa"});
  auto latest = s.latest();
  ASSERT_TRUE(latest) << latest.error();
  ASSERT_EQ((*latest)[0].findings.size(), 1u);
  EXPECT_EQ((*latest)[0].findings[0].state, finding_state::explained);
  auto after = s.last_values("q2.xlsx");
  ASSERT_TRUE(after) << after.error();
  EXPECT_EQ((*after)->values, std::vector<value_record>{value("2023-24", 812)});
}

TEST(history, to_record_keeps_what_the_history_needs) {
  rules::finding f = rules::make_finding("RC201");
  f.sheet = "Table 6.2";
  f.cell = xlsx::cell_pos{5, 6};
  f.table = "t62";
  f.indicator = "referrals";
  f.period = "2022-23..2023-24";
  f.expected = 12.5;
  f.actual = 15;
  f.message = "The % change should be 12.5%";
  f.fingerprint = "3fa2c1d0";
  const finding_record r = to_record(f);
  EXPECT_EQ(r.fingerprint, "3fa2c1d0");
  EXPECT_EQ(r.rule, "RC201");
  EXPECT_EQ(r.severity, "error");
  EXPECT_EQ(r.sheet, "Table 6.2");
  EXPECT_EQ(r.cell, "F5");
  EXPECT_EQ(r.table, "t62");
  EXPECT_EQ(r.indicator, "referrals");
  EXPECT_EQ(r.period, "2022-23..2023-24");
  EXPECT_EQ(r.expected, 12.5);
  EXPECT_EQ(r.actual, 15);
  EXPECT_EQ(r.message, "The % change should be 12.5%");
  f.cell.reset();
  EXPECT_EQ(to_record(f).cell, "");
}

TEST(history, content_hash_is_the_sha256_of_the_bytes) {
  const fs::path dir = fresh_dir();
  write_bytes(dir / "q2.xlsx", "abc");
  auto hash = content_hash(dir / "q2.xlsx");
  ASSERT_TRUE(hash) << hash.error();
  EXPECT_EQ(*hash, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  hash = content_hash(dir / "q3.xlsx");
  ASSERT_FALSE(hash);
  EXPECT_EQ(hash.error(), (dir / "q3.xlsx").string() + ": cannot read it: No such file or directory");
}

}  // namespace
}  // namespace returncheck::history
