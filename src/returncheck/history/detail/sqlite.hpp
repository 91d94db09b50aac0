// A thin layer over SQLite's C API: an owned connection, prepared statements with bound
// parameters, and a transaction that rolls back unless it is committed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "returncheck/util/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace returncheck::history::detail {

// SQLite's primary result code (SQLITE_NOTADB, SQLITE_BUSY ...) and its message ("database is
// locked"); the store says which file and what it was doing.
struct sql_error {
  int code = 0;
  std::string message;
};

template <class T>
using sql_result = util::result<T, sql_error>;

class connection {
 public:
  // Opens the file for reading and writing, creating it (empty) when it does not exist. Nothing
  // is read or written until the first statement runs.
  // A statement that finds the database locked by another process retries for busy_timeout_ms.
  static sql_result<connection> open(const std::filesystem::path& path, int busy_timeout_ms);

  connection(connection&& other) noexcept;
  connection& operator=(connection&& other) noexcept;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  sqlite3* handle() const { return db_; }
  // The error of the last call that failed on this connection.
  sql_error last_error() const;
  // Runs SQL that takes no parameters (the schema, pragmas), one or more statements.
  sql_result<util::ok_t> exec(const char* sql);
  // The single value of a query without parameters, as text ("wal" from PRAGMA journal_mode).
  sql_result<std::string> query_text(const char* sql);
  sql_result<std::int64_t> query_integer(const char* sql);
  std::int64_t last_insert_id() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;

 private:
  explicit connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// A prepared statement. Parameters are numbered from 1 as in SQL's ?1; columns from 0.
class statement {
 public:
  static sql_result<statement> prepare(connection& db, std::string_view sql);

  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  // A failed bind (text too long for SQLite) is kept and reported by the next step().
  statement& bind(int idx, std::string_view text);
  statement& bind(int idx, std::int64_t number);
  statement& bind(int idx, int number) { return bind(idx, std::int64_t{number}); }
  statement& bind(int idx, double number);                 // NaN as NULL
  statement& bind(int idx, std::optional<double> number);  // nullopt and NaN as NULL
  // Binds params to ?1, ?2 ... in order.
  template <class... Params>
  statement& bind_all(const Params&... params) {
    int idx = 0;
    (bind(++idx, params), ...);
    return *this;
  }

  // True when a row is ready, false when the statement is done.
  sql_result<bool> step();
  // Steps to the end and makes the statement ready to run again with new parameters.
  sql_result<util::ok_t> run();
  // Ready to run again; parameters are cleared.
  void reset();

  std::string text(int col) const;  // NULL as ""
  std::int64_t integer(int col) const;
  std::optional<double> real(int col) const;  // NULL as nullopt
  bool is_null(int col) const;

 private:
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  void note_bind(int rc);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;
};

// BEGIN to COMMIT, rolled back unless committed, so that an error anywhere in between leaves
// nothing behind.
class transaction {
 public:
  // BEGIN IMMEDIATE: takes the write lock at the start, so that a transaction that reads and then
  // writes cannot deadlock with another writer halfway through; a writer in another process is
  // waited for up to the busy timeout.
  static sql_result<transaction> begin(connection& db);
  // BEGIN: reads from one snapshot of the database, and blocks no writer (in WAL mode).
  static sql_result<transaction> begin_read(connection& db);

  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  sql_result<util::ok_t> commit();

 private:
  explicit transaction(connection& db) : db_(&db) {}
  static sql_result<transaction> begin_with(connection& db, const char* sql);
  connection* db_ = nullptr;
  bool open_ = true;
};

// Runs one statement with params bound to ?1, ?2 ... in order.
template <class... Params>
sql_result<util::ok_t> execute(connection& db, std::string_view sql, const Params&... params) {
  auto stmt = statement::prepare(db, sql);
  if (!stmt) return util::unexpected{stmt.error()};
  return stmt->bind_all(params...).run();
}

// Runs one query with params bound in order, calling on_row(const statement&) for each row.
template <class OnRow, class... Params>
sql_result<util::ok_t> for_each_row(connection& db, std::string_view sql, OnRow&& on_row, const Params&... params) {
  auto stmt = statement::prepare(db, sql);
  if (!stmt) return util::unexpected{stmt.error()};
  stmt->bind_all(params...);
  for (;;) {
    auto row = stmt->step();
    if (!row) return util::unexpected{row.error()};
    if (!*row) return util::ok;
    on_row(std::as_const(*stmt));
  }
}

}  // namespace returncheck::history::detail
