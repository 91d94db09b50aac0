// The run history's tables, version by version (docs/history.md describes them).
#include "returncheck/history/detail/migrations.hpp"

#include <array>
#include <string>

namespace returncheck::history::detail {
namespace {

// Version 1: runs, the checks made in them, each check's findings marked new or open against
// the previous check of the same return, the findings each check resolved, and explanations.
constexpr const char* version_1 = R"sql(
CREATE TABLE runs (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,
  tool     TEXT NOT NULL,
  started  TEXT NOT NULL,
  finished TEXT,
  state    TEXT NOT NULL CHECK (state IN ('running', 'finished', 'interrupted')),
  host     TEXT NOT NULL,
  pid      INTEGER NOT NULL
);

CREATE TABLE checks (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES runs (id),
  return_key   TEXT NOT NULL,
  input_path   TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('clean', 'findings', 'unreadable')),
  reason       TEXT NOT NULL,
  exit_code    INTEGER NOT NULL,
  seconds      REAL NOT NULL,
  checked      TEXT NOT NULL
);
CREATE INDEX checks_by_return ON checks (return_key, id);
CREATE INDEX checks_by_run ON checks (run_id);

CREATE TABLE findings (
  id          INTEGER PRIMARY KEY,
  check_id    INTEGER NOT NULL REFERENCES checks (id),
  fingerprint TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('new', 'open')),
  rule        TEXT NOT NULL,
  severity    TEXT NOT NULL,
  sheet       TEXT NOT NULL,
  cell        TEXT NOT NULL,
  table_id    TEXT NOT NULL,
  indicator   TEXT NOT NULL,
  period      TEXT NOT NULL,
  expected    REAL,
  actual      REAL,
  message     TEXT NOT NULL
);
CREATE INDEX findings_by_check ON findings (check_id);
CREATE INDEX findings_by_fingerprint ON findings (fingerprint);

CREATE TABLE resolutions (
  check_id   INTEGER NOT NULL REFERENCES checks (id),
  finding_id INTEGER NOT NULL REFERENCES findings (id),
  PRIMARY KEY (check_id, finding_id)
);

CREATE TABLE explanations (
  id          INTEGER PRIMARY KEY,
  return_key  TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  text        TEXT NOT NULL,
  value       REAL,
  created     TEXT NOT NULL
);
CREATE INDEX explanations_by_finding ON explanations (return_key, fingerprint);

CREATE VIEW latest_checks AS
  SELECT c.* FROM checks c
  WHERE c.id = (SELECT max(l.id) FROM checks l WHERE l.return_key = c.return_key);

CREATE VIEW open_findings AS
  SELECT return_key, input_path, checked, fingerprint,
         CASE WHEN explanation IS NULL THEN state ELSE 'explained' END AS state,
         severity, rule, sheet, cell, indicator, period, expected, actual, message, explanation
  FROM (SELECT c.return_key, c.input_path, c.checked, f.fingerprint, f.state, f.severity, f.rule, f.sheet, f.cell,
               f.indicator, f.period, f.expected, f.actual, f.message,
               (SELECT e.text FROM explanations e
                WHERE e.return_key = c.return_key AND e.fingerprint = f.fingerprint AND e.value IS f.actual
                ORDER BY e.id DESC LIMIT 1) AS explanation
        FROM findings f JOIN checks c ON c.id = f.check_id
        WHERE c.id = (SELECT max(l.id) FROM checks l
                      WHERE l.return_key = c.return_key AND l.status <> 'unreadable')
        ORDER BY c.return_key, f.id);
)sql";

// Version 2: the figures of each check's bound tables, the baseline for restated figures.
constexpr const char* version_2 = R"sql(
CREATE TABLE check_values (
  id        INTEGER PRIMARY KEY,
  check_id  INTEGER NOT NULL REFERENCES checks (id),
  table_id  TEXT NOT NULL,
  indicator TEXT NOT NULL,
  period    TEXT NOT NULL,
  sheet     TEXT NOT NULL,
  cell      TEXT NOT NULL,
  number    REAL,
  text      TEXT NOT NULL
);
CREATE INDEX check_values_by_check ON check_values (check_id);
)sql";

constexpr std::array<migration, 2> steps{{
    {1, "runs, checks, findings, resolutions, explanations", version_1},
    {2, "check_values", version_2},
}};

}  // namespace

std::span<const migration> migrations() { return steps; }

int latest_version() { return steps.back().version; }

sql_result<util::ok_t> migrate(connection& db) {
  for (const migration& step : steps) {
    auto tx = transaction::begin(db);
    if (!tx) return util::unexpected{tx.error()};
    auto version = db.query_integer("PRAGMA user_version");
    if (!version) return util::unexpected{version.error()};
    if (*version >= step.version) continue;  // the transaction rolls back: nothing was written
    if (auto applied = db.exec(step.sql); !applied) return applied;
    // Pragmas take no parameters; both numbers are this file's own constants.
    std::string stamp = "PRAGMA user_version = " + std::to_string(step.version) + ";";
    if (step.version == 1) stamp += " PRAGMA application_id = " + std::to_string(application_id) + ";";
    if (auto stamped = db.exec(stamp.c_str()); !stamped) return stamped;
    if (auto committed = tx->commit(); !committed) return committed;
  }
  return util::ok;
}

}  // namespace returncheck::history::detail
