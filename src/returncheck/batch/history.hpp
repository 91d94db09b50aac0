// A batch run's history: the SQLite store (history::store) connected to the run, so that each
// return is checked against its last check (new, open, resolved; its figures as the baseline for
// restated ones; the explanations given for it) and each check is recorded as it ends.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "returncheck/batch/batch.hpp"
#include "returncheck/util/result.hpp"

namespace returncheck::batch {

class history_link {
 public:
  static util::result<history_link, std::string> open(const std::filesystem::path& path);

  // Begins a run in the history and sets opts.history. Fails when the history cannot be read.
  util::result<util::ok_t, std::string> connect(options& opts);
  // Marks the run finished. A run that never gets here (killed) is shown as interrupted.
  util::result<util::ok_t, std::string> finish();

 private:
  struct state;
  explicit history_link(std::shared_ptr<state> s) : s_(std::move(s)) {}
  std::shared_ptr<state> s_;
};

}  // namespace returncheck::batch
