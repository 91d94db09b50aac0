// The run history's schema, as an ordered list of migrations, and the upgrade that applies them.
#pragma once

#include <cstdint>
#include <span>

#include "returncheck/history/detail/sqlite.hpp"

namespace returncheck::history::detail {

// PRAGMA application_id of every run history ("RCHI"), so that an SQLite database of another
// program is recognised as such and never written to.
inline constexpr std::int32_t application_id = 0x52434849;

// One step of the schema. A step that has shipped is never edited: a change is a new step.
struct migration {
  int version;          // the schema version (PRAGMA user_version) once it is applied
  const char* summary;  // what it adds, for docs/history.md
  const char* sql;
};

// Every step, in version order from 1.
std::span<const migration> migrations();
int latest_version();

// Applies the steps the database lacks, each in a transaction of its own together with the new
// user_version, so that a failure or a kill leaves the database at the version before that step.
// The version is read again inside each transaction: two processes opening a new history at once
// apply each step once.
sql_result<util::ok_t> migrate(connection& db);

}  // namespace returncheck::history::detail
