// Connecting a batch run to its SQLite history.
#include "returncheck/batch/history.hpp"

#include <map>
#include <tuple>

#include "returncheck/formula/value.hpp"
#include "returncheck/history/history.hpp"
#include "returncheck/version.hpp"

namespace returncheck::batch {
namespace {

history::check_status status_of(file_status s) {
  switch (s) {
    case file_status::clean: return history::check_status::clean;
    case file_status::findings: return history::check_status::findings;
    case file_status::unreadable: return history::check_status::unreadable;
  }
  return history::check_status::unreadable;
}

rules::finding from_record(const history::finding_record& r) {
  rules::finding f;
  f.fingerprint = r.fingerprint;
  f.rule = r.rule;
  f.level = schema::parse_severity(r.severity).value_or(schema::severity::info);
  f.sheet = r.sheet;
  if (!r.cell.empty()) f.cell = xlsx::parse_cell_ref(r.cell);
  f.table = r.table;
  f.indicator = r.indicator;
  f.period = r.period;
  f.expected = r.expected;
  f.actual = r.actual;
  f.message = r.message;
  return f;
}

}  // namespace

struct history_link::state {
  history::store store;
  std::filesystem::path path;
  std::int64_t run_id = 0;
  std::map<std::string, std::set<std::string>> last_fingerprints;  // by return key
  std::map<std::string, std::vector<rules::explanation>> explanations;
  std::string failure;  // the first error recording a check: the run goes on, the end reports it
};

util::result<history_link, std::string> history_link::open(const std::filesystem::path& path) {
  auto store = history::store::open(path);
  if (!store) return util::unexpected{store.error()};
  return history_link(std::make_shared<state>(state{std::move(*store), path, 0, {}, {}, {}}));
}

util::result<util::ok_t, std::string> history_link::connect(options& opts) {
  auto run = s_->store.begin_run("batch", "returncheck " + std::string(version()));
  if (!run) return util::unexpected{run.error()};
  s_->run_id = *run;
  auto latest = s_->store.latest();
  if (!latest) return util::unexpected{latest.error()};
  for (const auto& r : *latest) {
    auto& fps = s_->last_fingerprints[r.return_key];
    for (const auto& t : r.findings) fps.insert(t.finding.fingerprint);
  }
  auto given = s_->store.explanations();
  if (!given) return util::unexpected{given.error()};
  for (const auto& e : *given)
    s_->explanations[e.return_key].push_back({e.fingerprint, e.text, e.value, "explained " + e.created.substr(0, 10)});

  std::shared_ptr<state> s = s_;
  opts.history.before = [s](const input& in) {
    prior_check p;
    if (const auto it = s->last_fingerprints.find(in.key); it != s->last_fingerprints.end()) p.fingerprints = it->second;
    if (const auto it = s->explanations.find(in.key); it != s->explanations.end()) p.explanations = it->second;
    auto last = s->store.last_values(in.key);
    if (last && *last) {
      validate::baseline b;
      // Often the same file, saved again: the check's date tells the two apart in messages.
      b.name = std::filesystem::path((*last)->input_path).filename().string() + " as checked on " +
               (*last)->checked.substr(0, 10);
      for (const auto& v : (*last)->values) {
        if (!v.number) continue;
        rules::figure f;
        f.table = v.table;
        f.indicator = v.indicator;
        f.period = v.period;
        f.sheet = v.sheet;
        f.cell = xlsx::parse_cell_ref(v.cell).value_or(xlsx::cell_pos{});
        f.value = *v.number;
        f.shown = v.text.empty() ? formula::format_number(*v.number) : v.text;
        b.figures.push_back(std::move(f));
      }
      p.baseline = std::move(b);
    } else if (!last && s->failure.empty()) {
      s->failure = last.error();
    }
    return p;
  };
  opts.history.after = [s](const file_result& fr, const std::vector<rules::finding>& findings,
                           const std::vector<rules::figure>& figures) {
    history::check_record c;
    c.return_key = fr.in.key;
    c.input_path = fr.in.path.string();
    if (auto hash = history::content_hash(fr.in.path)) c.content_hash = *hash;
    c.status = status_of(fr.status);
    c.reason = fr.reason;
    c.exit_code = fr.exit_code;
    c.seconds = fr.seconds;
    for (const auto& f : findings) c.findings.push_back(history::to_record(f));
    // A restated figure is not taken as the next baseline: the figure it restated stays the
    // reference, so the restatement is raised every night (and can be explained once) until the
    // figure goes back or changes again.
    std::map<std::tuple<std::string, std::string, std::string>, const rules::finding*> restated;
    for (const auto& f : findings)
      if (f.rule == "RC402" && f.expected) restated[{f.table, f.indicator, f.period}] = &f;
    for (const auto& f : figures) {
      const auto it = restated.find({f.table, f.indicator, f.period});
      if (it == restated.end())
        c.values.push_back({f.table, f.indicator, f.period, f.sheet, xlsx::format_cell_ref(f.cell), f.value, f.shown});
      else
        c.values.push_back({f.table, f.indicator, f.period, f.sheet, xlsx::format_cell_ref(f.cell), *it->second->expected,
                            formula::format_number(*it->second->expected)});
    }
    std::vector<rules::finding> resolved;
    auto recorded = s->store.record_check(s->run_id, c);
    if (!recorded) {
      if (s->failure.empty()) s->failure = recorded.error();
      return resolved;
    }
    for (const auto& r : recorded->resolved) resolved.push_back(from_record(r));
    return resolved;
  };
  return util::ok;
}

util::result<util::ok_t, std::string> history_link::finish() {
  auto done = s_->store.finish_run(s_->run_id);
  if (!done) return util::unexpected{done.error()};
  if (!s_->failure.empty()) return util::unexpected{s_->failure};
  return util::ok;
}

}  // namespace returncheck::batch
