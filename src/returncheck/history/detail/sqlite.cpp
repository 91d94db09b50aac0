// SQLite connections, statements and transactions, each failure kept as SQLite's code and message.
#include "returncheck/history/detail/sqlite.hpp"

#include <sqlite3.h>

#include <cmath>
#include <utility>

namespace returncheck::history::detail {
namespace {

sql_error error_of(sqlite3* db, int rc) {
  // sqlite3_errmsg describes the last failure on the connection, which is this one as long as
  // every call on it is made under one lock (the store's mutex).
  return {rc & 0xff, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)};
}

}  // namespace

sql_result<connection> connection::open(const std::filesystem::path& path, int busy_timeout_ms) {
  // SQLite reads a name starting with "file:" as a URI when URIs are enabled at build time;
  // "./" keeps such a file name a plain file name.
  std::string name = path.string();
  if (name.starts_with("file:")) name.insert(0, "./");
  sqlite3* db = nullptr;
  // NOMUTEX: the store serialises every call on a connection under its own mutex, so SQLite's
  // per-call locking would only be taken twice.
  const int rc =
      sqlite3_open_v2(name.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    sql_error e = error_of(db, rc);
    sqlite3_close(db);  // a handle is returned even when opening fails
    return util::unexpected{std::move(e)};
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return connection(db);
}

connection::connection(connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

connection& connection::operator=(connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

// Every statement is finalised before its connection goes (statements live in narrower scopes),
// so sqlite3_close succeeds and checkpoints the write-ahead log into the database.
connection::~connection() { sqlite3_close(db_); }

sql_error connection::last_error() const { return error_of(db_, sqlite3_errcode(db_)); }

sql_result<util::ok_t> connection::exec(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return util::ok;
  sql_error e{rc & 0xff, message != nullptr ? message : sqlite3_errstr(rc)};
  sqlite3_free(message);
  return util::unexpected{std::move(e)};
}

sql_result<std::string> connection::query_text(const char* sql) {
  auto stmt = statement::prepare(*this, sql);
  if (!stmt) return util::unexpected{stmt.error()};
  auto row = stmt->step();
  if (!row) return util::unexpected{row.error()};
  return *row ? stmt->text(0) : std::string();
}

sql_result<std::int64_t> connection::query_integer(const char* sql) {
  auto stmt = statement::prepare(*this, sql);
  if (!stmt) return util::unexpected{stmt.error()};
  auto row = stmt->step();
  if (!row) return util::unexpected{row.error()};
  return *row ? stmt->integer(0) : std::int64_t{0};
}

std::int64_t connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t connection::changes() const { return sqlite3_changes64(db_); }

sql_result<statement> statement::prepare(connection& db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), int(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return util::unexpected{error_of(db.handle(), rc)};
  }
  return statement(db.handle(), stmt);
}

statement::statement(statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = other.bind_error_;
  }
  return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

void statement::note_bind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

statement& statement::bind(int idx, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's string need not outlive the call.
  note_bind(sqlite3_bind_text64(stmt_, idx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

statement& statement::bind(int idx, std::int64_t number) {
  note_bind(sqlite3_bind_int64(stmt_, idx, number));
  return *this;
}

statement& statement::bind(int idx, double number) {
  note_bind(std::isnan(number) ? sqlite3_bind_null(stmt_, idx) : sqlite3_bind_double(stmt_, idx, number));
  return *this;
}

statement& statement::bind(int idx, std::optional<double> number) {
  if (number) return bind(idx, *number);
  note_bind(sqlite3_bind_null(stmt_, idx));
  return *this;
}

sql_result<bool> statement::step() {
  if (bind_error_ != 0) return util::unexpected{sql_error{bind_error_ & 0xff, sqlite3_errstr(bind_error_)}};
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return util::unexpected{error_of(db_, rc)};
}

sql_result<util::ok_t> statement::run() {
  for (;;) {
    auto row = step();
    if (!row) {
      reset();
      return util::unexpected{row.error()};
    }
    if (!*row) break;
  }
  reset();
  return util::ok;
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

std::string statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p != nullptr ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::int64_t statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

std::optional<double> statement::real(int col) const {
  if (is_null(col)) return std::nullopt;
  return sqlite3_column_double(stmt_, col);
}

bool statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

sql_result<transaction> transaction::begin_with(connection& db, const char* sql) {
  if (auto begun = db.exec(sql); !begun) return util::unexpected{begun.error()};
  return transaction(db);
}

sql_result<transaction> transaction::begin(connection& db) { return begin_with(db, "BEGIN IMMEDIATE"); }

sql_result<transaction> transaction::begin_read(connection& db) { return begin_with(db, "BEGIN"); }

transaction::transaction(transaction&& other) noexcept : db_(other.db_), open_(std::exchange(other.open_, false)) {}

transaction::~transaction() {
  // SQLite rolls a transaction back by itself after some errors (a full disk, an I/O error);
  // autocommit mode on again means there is nothing left to roll back.
  if (open_ && sqlite3_get_autocommit(db_->handle()) == 0) db_->exec("ROLLBACK");
}

sql_result<util::ok_t> transaction::commit() {
  auto committed = db_->exec("COMMIT");
  if (committed) open_ = false;
  return committed;
}

}  // namespace returncheck::history::detail
