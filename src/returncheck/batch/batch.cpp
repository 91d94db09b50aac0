// Nightly checks: each return checked in a worker process of its own, so that one file's
// trouble (a limit, a timeout, a defect) never reaches the others or the run.
#include "returncheck/batch/batch.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <regex>

#include "returncheck/batch/detail/wire.hpp"
#include "returncheck/report/batch_index.hpp"
#include "returncheck/schema/companions.hpp"
#include "returncheck/util/atomic_file.hpp"
#include "returncheck/util/json.hpp"
#include "returncheck/version.hpp"

namespace returncheck::batch {
namespace {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

bool is_workbook_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  const std::string name = p.filename().string();
  // "~$q2.xlsx" is the lock file Excel keeps beside an open workbook; dot files are hidden.
  return (ext == ".xlsx" || ext == ".xlsm" || ext == ".xltx" || ext == ".xltm") && !name.starts_with("~$") &&
         !name.starts_with(".");
}

bool inside(const fs::path& p, const fs::path& dir) {
  if (dir.empty()) return false;
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(p, ec), b = fs::weakly_canonical(dir, ec);
  auto mismatch = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return mismatch.first == b.end();
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A subfolder name for each return, from its key: "north/q2.xlsx" gives "north__q2"; a name
// two returns would share gets "-2", "-3" in input order.
std::vector<std::string> subfolders(std::span<const input> inputs) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& in : inputs) {
    fs::path key(in.key);
    std::string name;
    for (const auto& part : key.parent_path()) {
      const std::string s = part.string();
      if (s.empty() || s == "/" || s == "." || s == "..") continue;
      name += s + "__";
    }
    name += key.stem().string();
    if (name.empty() || name.starts_with(".")) name = "return" + name;
    std::string unique = name;
    for (int n = 2; used.contains(unique); ++n) unique = name + "-" + std::to_string(n);
    used.insert(unique);
    out.push_back(unique);
  }
  return out;
}

// ---- the worker: one return, in a child process

detail::check_data check_one(const input& in, const fs::path& sub, const options& opts, const prior_check& prior) {
  detail::check_data d;
  validate::options vo = opts.check;
  vo.spec = opts.schema;
  d.schema = opts.schema_path;
  if (opts.schemas) {
    std::vector<std::string> sheets;
    if (opts.schemas->needs_sheets()) {
      auto wb = xlsx::workbook::open(in.path.string(), opts.check.caps);
      if (!wb) {
        d.status = "unreadable";
        d.reason = wb.error().message + " (" + std::string(xlsx::info(wb.error().code).slug) + ")";
        d.exit_code = 3;
        return d;
      }
      for (const auto& s : wb->sheets()) sheets.push_back(s.name);
    }
    vo.spec = opts.schemas->choose(in, sheets);
    d.schema = opts.schemas->chosen_path(in, sheets);
  }
  if (prior.baseline) vo.prior = &*prior.baseline;
  // With a history, a return never checked before has every finding new.
  static const std::set<std::string> never_checked;
  if (prior.fingerprints) vo.previous = &*prior.fingerprints;
  else if (opts.history.before) vo.previous = &never_checked;
  vo.explanations = opts.explanations;
  vo.explanations.insert(vo.explanations.end(), prior.explanations.begin(), prior.explanations.end());

  auto run = validate::run(in.path.string(), vo);
  if (!run) {
    d.status = "unreadable";
    d.reason = run.error().message + " (" + std::string(xlsx::info(run.error().code).slug) + ")";
    d.exit_code = 3;
    return d;
  }
  d.figures = run->figures;
  validate::output_request req;
  req.out_dir = sub;
  req.formats = opts.formats;
  req.clean = opts.clean;
  req.input_name = in.path.string();
  req.schema_name = d.schema;
  req.inputs = {in.path};
  if (!d.schema.empty()) req.inputs.emplace_back(d.schema);
  if (const auto refused = validate::preflight(req); !refused.empty()) {
    d.status = "unreadable";
    d.reason = "cannot write its outputs: " + refused;
    d.exit_code = 2;
    return d;
  }
  auto written = validate::write_outputs(*run, req);
  if (!written) {
    d.status = "unreadable";
    d.reason = "cannot write its outputs: " + written.error();
    d.exit_code = 2;
    return d;
  }
  const auto sum = report::summarise(*written);
  d.errors = sum.errors;
  d.queries = sum.queries;
  d.explained = sum.explained;
  d.infos = sum.infos;
  d.status = written->findings.empty() ? "clean" : "findings";
  const bool fails = !opts.fail_never && report::fails(sum, opts.fail_on == schema::severity::query ? "query" : "error");
  d.exit_code = fails ? 1 : 0;
  d.findings = std::move(written->findings);
  return d;
}

// Runs check_one in a child; returns its pid and the read end of its pipe.
std::pair<pid_t, int> start_worker(const input& in, const fs::path& sub, const options& opts, const prior_check& prior) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {-1, -1};
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return {-1, -1};
  }
  if (pid == 0) {
    ::close(fds[0]);
    // The parent flushes the outputs to disk once the worker is done (flush_outputs), which
    // is one flush per return instead of two for each file written.
    util::set_flush_each_file(false);
    std::string bytes;
    try {
      bytes = detail::encode(check_one(in, sub, opts, prior));
    } catch (const std::exception& e) {
      detail::check_data d;
      d.status = "unreadable";
      d.reason = std::string("internal error: ") + e.what();
      d.exit_code = 3;
      bytes = detail::encode(d);
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fds[1], bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += std::size_t(n);
    }
    ::_exit(0);  // no atexit handlers, no flushing the parent's buffers twice
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

struct worker {
  std::size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string bytes;
  clock::time_point started;
  clock::time_point ended;  // when its pipe closed, or it could not start
  bool timed_out = false;
  bool first_check = false;  // with a history: the return had never been checked
};

// The line the log gets for each return: JSON, so that a log shipper can read it.
std::string log_line(const file_result& f) {
  util::json_writer w;
  w.begin_object();
  w.field("event", "checked");
  w.field("input", f.in.key);
  w.field("status", to_string(f.status));
  w.field("errors", double(f.errors));
  w.field("queries", double(f.queries));
  w.field("infos", double(f.infos));
  w.field("new", double(f.new_findings));
  w.field("resolved", double(f.resolved.size()));
  w.field("exit_code", double(f.exit_code));
  w.field("seconds", std::round(f.seconds * 1000) / 1000);
  if (!f.reason.empty()) w.field("reason", f.reason);
  w.end_object();
  return w.str();
}

std::string signal_text(int status) {
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::string_view to_string(file_status s) {
  switch (s) {
    case file_status::clean: return "clean";
    case file_status::findings: return "findings";
    case file_status::unreadable: return "unreadable";
  }
  return "unreadable";
}

util::result<std::vector<input>, std::string> collect(std::span<const std::string> args, const fs::path& exclude) {
  std::map<std::string, input> found;  // by canonical path: each file once
  auto add = [&](const fs::path& p, std::string key) {
    if (inside(p, exclude)) return;
    std::error_code ec;
    const std::string canonical = fs::weakly_canonical(p, ec).string();
    found.try_emplace(canonical, input{p, std::move(key)});
  };
  for (const auto& arg : args) {
    std::error_code ec;
    const fs::path p(arg);
    if (fs::is_directory(p, ec)) {
      std::size_t before = found.size();
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) return util::unexpected{arg + ": cannot list the folder: " + ec.message()};
      for (; it != end; it.increment(ec)) {
        if (ec) return util::unexpected{arg + ": cannot list the folder: " + ec.message()};
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec) && name.starts_with(".")) {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && is_workbook_name(it->path()))
          add(it->path(), fs::relative(it->path(), p, ec).generic_string());
      }
      if (found.size() == before && !inside(p, exclude))
        return util::unexpected{arg + ": the folder holds no workbook (.xlsx, .xlsm, .xltx, .xltm)"};
    } else if (arg.find_first_of("*?[") != std::string::npos) {
      glob_t g{};
      const int rc = ::glob(arg.c_str(), GLOB_NOSORT, nullptr, &g);
      std::size_t matched = 0;
      for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) {
        const fs::path m(g.gl_pathv[i]);
        if (fs::is_regular_file(m, ec) && is_workbook_name(m)) {
          add(m, m.generic_string());
          ++matched;
        }
      }
      ::globfree(&g);
      if (matched == 0) return util::unexpected{arg + ": the pattern matches no workbook"};
    } else if (fs::is_regular_file(p, ec)) {
      add(p, p.generic_string());
    } else {
      return util::unexpected{arg + ": no such file or folder"};
    }
  }
  std::vector<input> out;
  for (auto& [path, in] : found) out.push_back(std::move(in));
  std::sort(out.begin(), out.end(), [](const input& a, const input& b) { return a.key < b.key; });
  return out;
}

// ---- schema maps

util::result<schema_map, std::vector<std::string>> schema_map::load(const fs::path& path) {
  auto entries = schema::load_schema_map(path.string());
  std::vector<std::string> problems;
  if (!entries) {
    for (const auto& p : entries.error()) problems.push_back(schema::format_problem(path.string(), p));
    return util::unexpected{std::move(problems)};
  }
  schema_map map;
  for (const auto& e : *entries) {
    entry out;
    out.file_pattern = e.file;
    out.sheet = e.sheet;
    out.schema_path = fs::path(e.schema).is_absolute() ? fs::path(e.schema) : path.parent_path() / e.schema;
    auto loaded = schema::load_file(out.schema_path.string());
    if (!loaded) {
      for (const auto& p : loaded.error()) problems.push_back(schema::format_problem(out.schema_path.string(), p));
      continue;
    }
    out.spec = std::make_shared<const schema::schema>(std::move(*loaded));
    map.entries_.push_back(std::move(out));
  }
  if (!problems.empty()) return util::unexpected{std::move(problems)};
  return map;
}

bool schema_map::needs_sheets() const {
  return std::any_of(entries_.begin(), entries_.end(), [](const entry& e) { return !e.sheet.empty(); });
}

const schema_map::entry* schema_map::match(const input& in, std::span<const std::string> sheets) const {
  const std::string name = in.path.filename().string();
  for (const auto& e : entries_) {
    if (!e.file_pattern.empty() && ::fnmatch(e.file_pattern.c_str(), name.c_str(), FNM_CASEFOLD) != 0 &&
        ::fnmatch(e.file_pattern.c_str(), in.key.c_str(), FNM_CASEFOLD) != 0)
      continue;
    if (!e.sheet.empty() && std::none_of(sheets.begin(), sheets.end(), [&](const std::string& s) {
          return s.size() == e.sheet.size() && ::strncasecmp(s.c_str(), e.sheet.c_str(), s.size()) == 0;
        }))
      continue;
    return &e;
  }
  return nullptr;
}

const schema::schema* schema_map::choose(const input& in, std::span<const std::string> sheets) const {
  const entry* e = match(in, sheets);
  return e ? e->spec.get() : nullptr;
}

std::string schema_map::chosen_path(const input& in, std::span<const std::string> sheets) const {
  const entry* e = match(in, sheets);
  return e ? e->schema_path.string() : std::string();
}

// ---- the run

run_result run(std::span<const input> inputs, const options& opts, spdlog::logger& log) {
  run_result out;
  out.started = utc_now();
  const auto run_start = clock::now();
  const std::vector<std::string> subs = subfolders(inputs);
  out.files.resize(inputs.size());
  std::vector<worker> busy;
  std::size_t next = 0;
  const unsigned jobs = std::max(1u, opts.jobs);
  // One syncfs of the output folder's file system per round of finished returns (the workers
  // write without fsync: util::set_flush_each_file). Best effort, as util::write_atomically's
  // folder sync is.
  const int out_fd = ::open(opts.out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  auto flush_outputs = [out_fd] {
    if (out_fd >= 0) ::syncfs(out_fd);
  };

  auto finish = [&](worker& w, int wait_status) {
    file_result& fr = out.files[w.index];
    fr.in = inputs[w.index];
    fr.out_subdir = subs[w.index];
    fr.seconds = std::chrono::duration<double>(w.ended - w.started).count();
    auto data = detail::decode(w.bytes);
    if (w.timed_out) {
      data = detail::check_data{};
      data->status = "unreadable";
      data->reason = "took longer than the limit of " + std::to_string(opts.time_limit.count()) +
                     " s a return may take (--time-limit)";
      data->exit_code = 3;
    } else if (!data) {
      data = detail::check_data{};
      data->status = "unreadable";
      data->reason = "returncheck stopped while checking this file (" + signal_text(wait_status) + ")";
      data->exit_code = 3;
    }
    fr.status = data->status == "clean" ? file_status::clean
                : data->status == "findings" ? file_status::findings
                                             : file_status::unreadable;
    fr.reason = data->reason;
    fr.schema = data->schema;
    fr.errors = data->errors;
    fr.queries = data->queries;
    fr.explained = data->explained;
    fr.infos = data->infos;
    fr.exit_code = data->exit_code;
    for (const auto& f : data->findings) {
      if (f.status == "new") ++fr.new_findings;
      if (f.status == "open") ++fr.open_findings;
    }
    fr.first_check = w.first_check;
    if (opts.history.after) fr.resolved = opts.history.after(fr, data->findings, data->figures);
    if (fr.status == file_status::unreadable) log.warn("{}", log_line(fr));
    else log.info("{}", log_line(fr));
  };

  // Workers done in the last round, recorded once the free slots have new workers: the flush
  // and the history's commit then overlap the checking of the next returns.
  std::vector<std::pair<worker, int>> done;
  while (next < inputs.size() || !busy.empty() || !done.empty()) {
    while (busy.size() < jobs && next < inputs.size()) {
      const std::size_t i = next++;
      const fs::path sub = opts.out_dir / subs[i];
      prior_check prior;
      if (opts.history.before) prior = opts.history.before(inputs[i]);
      worker w;
      w.index = i;
      w.first_check = bool(opts.history.before) && !prior.fingerprints;
      w.started = clock::now();
      std::tie(w.pid, w.fd) = start_worker(inputs[i], sub, opts, prior);
      if (w.pid < 0) {
        w.bytes.clear();
        w.ended = clock::now();
        finish(w, 0);  // decoded as nothing: reported as stopped
        out.files[i].reason = std::string("cannot start a worker: ") + std::strerror(errno);
        continue;
      }
      busy.push_back(std::move(w));
    }
    if (!done.empty()) {
      // The workers' outputs reach the disk before the history says their returns were checked:
      // after a power cut, a check the history holds has its reports.
      flush_outputs();
      for (auto& [w, status] : done) finish(w, status);
      done.clear();
    }
    if (busy.empty()) continue;
    // Read what the workers send; a worker is done when its pipe closes.
    std::vector<pollfd> fds;
    for (const auto& w : busy) fds.push_back({w.fd, POLLIN, 0});
    ::poll(fds.data(), nfds_t(fds.size()), 200);
    for (std::size_t k = 0; k < busy.size();) {
      worker& w = busy[k];
      bool closed = false;
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[65536];
        const ssize_t n = ::read(w.fd, buf, sizeof buf);
        if (n > 0) w.bytes.append(buf, std::size_t(n));
        else if (n == 0 || errno != EINTR) closed = true;
      }
      if (!closed && opts.time_limit.count() > 0 && clock::now() - w.started > opts.time_limit && !w.timed_out) {
        w.timed_out = true;
        ::kill(w.pid, SIGKILL);
      }
      if (!closed) {
        ++k;
        continue;
      }
      ::close(w.fd);
      int status = 0;
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
      w.ended = clock::now();
      done.emplace_back(std::move(w), status);
      fds.erase(fds.begin() + std::ptrdiff_t(k));
      busy.erase(busy.begin() + std::ptrdiff_t(k));
    }
  }

  if (out_fd >= 0) ::close(out_fd);
  out.finished = utc_now();
  out.seconds = std::chrono::duration<double>(clock::now() - run_start).count();
  const bool any_unreadable =
      std::any_of(out.files.begin(), out.files.end(), [](const file_result& f) { return f.status == file_status::unreadable; });
  const bool any_failing = std::any_of(out.files.begin(), out.files.end(), [](const file_result& f) { return f.exit_code == 1; });
  out.exit_code = any_unreadable ? 3 : any_failing ? 1 : 0;
  return out;
}

// ---- summary.json and index.html

std::string summary_json(const run_result& r, const options& opts) {
  util::json_writer w;
  w.begin_object();
  w.field("format", 1.0);
  w.field("tool", "returncheck " + std::string(version()));
  w.field("started", r.started);
  w.field("finished", r.finished);
  w.field("seconds", r.seconds);
  w.field("exit_code", double(r.exit_code));
  std::uint64_t counts[3] = {0, 0, 0};
  for (const auto& f : r.files) ++counts[int(f.status)];
  w.key("totals").begin_object();
  w.field("files", double(r.files.size()));
  w.field("clean", double(counts[0]));
  w.field("findings", double(counts[1]));
  w.field("unreadable", double(counts[2]));
  w.end_object();
  w.key("files").begin_array();
  for (const auto& f : r.files) {
    w.begin_object();
    w.field("input", f.in.path.string());
    w.field("key", f.in.key);
    w.field("output", f.out_subdir);
    w.key("schema");
    if (f.schema.empty()) w.null();
    else w.value(f.schema);
    w.field("status", to_string(f.status));
    w.key("reason");
    if (f.reason.empty()) w.null();
    else w.value(f.reason);
    w.field("errors", double(f.errors));
    w.field("queries", double(f.queries));
    w.field("explained", double(f.explained));
    w.field("infos", double(f.infos));
    const bool with_history = bool(opts.history.after) && f.status != file_status::unreadable;
    w.key("new");
    with_history ? w.value(double(f.new_findings)) : w.null();
    w.key("open");
    with_history ? w.value(double(f.open_findings)) : w.null();
    w.key("resolved");
    with_history ? w.value(double(f.resolved.size())) : w.null();
    w.key("resolved_findings").begin_array();
    for (const auto& g : f.resolved) {
      w.begin_object();
      w.field("rule", g.rule);
      w.field("severity", schema::to_string(g.level));
      w.field("sheet", g.sheet);
      w.key("cell");
      g.cell ? w.value(xlsx::format_cell_ref(*g.cell)) : w.null();
      w.field("message", g.message);
      w.field("fingerprint", g.fingerprint);
      w.end_object();
    }
    w.end_array();
    w.field("exit_code", double(f.exit_code));
    w.field("seconds", f.seconds);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

std::string index_html(const run_result& r) {
  report::batch_page page;
  page.started = r.started;
  page.seconds = r.seconds;
  page.exit_code = r.exit_code;
  for (const auto& f : r.files) {
    report::batch_page::row row;
    row.input = f.in.key;
    row.status = std::string(to_string(f.status));
    row.reason = f.reason;
    row.report_link = f.status == file_status::unreadable ? std::string() : f.out_subdir + "/report.html";
    row.errors = f.errors;
    row.queries = f.queries;
    row.explained = f.explained;
    row.infos = f.infos;
    row.new_findings = f.new_findings;
    row.resolved = f.resolved.size();
    row.seconds = f.seconds;
    page.rows.push_back(std::move(row));
  }
  return report::batch_index_html(page);
}

// ---- the lock and what a killed run leaves

util::result<out_dir_lock, std::string> out_dir_lock::acquire(const fs::path& out_dir, bool wait) {
  const fs::path path = out_dir / ".returncheck.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return util::unexpected{path.string() + ": cannot open the lock file: " + std::strerror(errno)};
  if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    const int err = errno;
    char holder[64] = {0};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      std::string who = n > 0 ? std::string(holder, std::size_t(n)) : std::string();
      while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
      return util::unexpected{"another returncheck run is using " + out_dir.string() +
                              (who.empty() ? std::string() : " (" + who + ")") +
                              "; wait for it to finish, or pass --wait to queue behind it"};
    }
    return util::unexpected{path.string() + ": cannot lock: " + std::strerror(err)};
  }
  // Who holds it, for the message a second run prints.
  const std::string who = "process " + std::to_string(::getpid()) + ", since " + utc_now() + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(fd, who.data(), who.size(), 0);
  }
  return out_dir_lock(fd);
}

out_dir_lock::out_dir_lock(out_dir_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

out_dir_lock::~out_dir_lock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

std::size_t remove_leftovers(const fs::path& out_dir) {
  // util::write_atomically's temporaries (".NAME.XXXXXX"), and the patch pass's (".patching").
  static const std::regex ours(R"(^\.(report\.(json|csv|html|junit\.xml)|summary\.json|index\.html|.+\.(cleaned|annotated)\.xlsx)\.[A-Za-z0-9]{6}(\.patching)?$)");
  std::size_t removed = 0;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (fs::recursive_directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && std::regex_match(it->path().filename().string(), ours)) doomed.push_back(it->path());
  for (const auto& p : doomed)
    if (fs::remove(p, ec)) ++removed;
  return removed;
}

}  // namespace returncheck::batch
