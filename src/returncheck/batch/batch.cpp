// Nightly checks: returns checked in worker processes, so that one file's trouble (a limit, a
// timeout, a defect) never reaches the others or the run.
#include "returncheck/batch/batch.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
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

// Whether p lies inside the folder whose weakly canonical path is `dir` (empty: none).
bool inside(const fs::path& p, const fs::path& dir) {
  if (dir.empty()) return false;
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(p, ec);
  auto mismatch = std::mismatch(dir.begin(), dir.end(), a.begin(), a.end());
  return mismatch.first == dir.end();
}

// A file's identity: the same file reached by two paths (a link, "./", "a/../a") is one return.
std::string file_identity(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0) return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  std::error_code ec;
  return fs::weakly_canonical(p, ec).string();
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

// Messages between the run and its workers: the length in decimal, a newline, then the bytes
// (a task or a result, detail/wire.hpp).
bool write_message(int fd, std::string_view body) {
  std::string framed = std::to_string(body.size()) + "\n";
  framed += body;
  std::size_t done = 0;
  while (done < framed.size()) {
    const ssize_t n = ::write(fd, framed.data() + done, framed.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += std::size_t(n);
  }
  return true;
}

// Takes one whole message off the front of `buffer`, if one is there yet.
std::optional<std::string> take_message(std::string& buffer) {
  const std::size_t newline = buffer.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  std::size_t size = 0;
  const auto [end, ec] = std::from_chars(buffer.data(), buffer.data() + newline, size);
  if (ec != std::errc() || end != buffer.data() + newline) {
    buffer.clear();  // not our framing: nothing after it can be trusted either
    return std::string();
  }
  if (buffer.size() - newline - 1 < size) return std::nullopt;
  std::string body = buffer.substr(newline + 1, size);
  buffer.erase(0, newline + 1 + size);
  return body;
}

// A worker's life: check the returns the run sends, one at a time, until the run closes the
// task pipe (or dies: the worker goes with it).
[[noreturn]] void serve(int tasks, int results, pid_t parent, std::span<const input> inputs,
                        std::span<const std::string> subs, const options& opts) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);
  // Outputs are renamed into place unsynced: the run syncs them all at its end (see run).
  util::set_flush_each_file(false);
  std::string pending;
  for (;;) {
    std::optional<std::string> message;
    while (!(message = take_message(pending))) {
      char buf[65536];
      const ssize_t n = ::read(tasks, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) ::_exit(0);  // no atexit handlers, no flushing the run's buffers twice
      pending.append(buf, std::size_t(n));
    }
    const auto t = detail::decode_task(*message);
    if (!t || t->index >= inputs.size()) ::_exit(2);
    std::string bytes;
    try {
      bytes = detail::encode(check_one(inputs[t->index], opts.out_dir / subs[t->index], opts, t->prior));
    } catch (const std::exception& e) {
      detail::check_data d;
      d.status = "unreadable";
      d.reason = std::string("internal error: ") + e.what();
      d.exit_code = 3;
      bytes = detail::encode(d);
    }
    if (!write_message(results, bytes)) ::_exit(0);
  }
}

// One return given out: which, since when, and what the run knows of it.
struct assignment {
  std::size_t index = 0;
  clock::time_point started;
  bool first_check = false;  // with a history: the return had never been checked
  bool timed_out = false;    // its worker was stopped for --time-limit
};

// A worker process and the return it is checking. Workers live for many returns: with a
// process per return, the run (the one process every return passes through) spent over a third
// of its time forking and faulting its own pages back in afterwards.
struct worker {
  pid_t pid = -1;
  int tasks = -1;    // write end: the run sends tasks
  int results = -1;  // read end: the worker sends results
  std::string received;
  std::size_t served = 0;  // returns given to this process
  bool busy = false;
  assignment job;  // while busy
};

// A return the run is done with, waiting to be recorded.
struct checked {
  assignment job;
  clock::time_point ended;
  std::string bytes;  // the worker's result; empty when it died or could not start
  int wait_status = 0;
  std::string start_failure;  // why no worker could check it
};

// A process recycled after this many returns keeps no more than one return's memory for long.
constexpr std::size_t returns_per_worker = 100;

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
  std::map<std::string, input> found;  // by file identity: each file once
  std::error_code ec;
  const fs::path excluded = exclude.empty() ? fs::path() : fs::weakly_canonical(exclude, ec);
  auto add = [&](const fs::path& p, std::string key) { found.try_emplace(file_identity(p), input{p, std::move(key)}); };
  for (const auto& arg : args) {
    const fs::path p(arg);
    if (fs::is_directory(p, ec)) {
      // The excluded folder (the run's own outputs) is left out of the walk, which then needs
      // no path resolved for each file it finds.
      const bool whole_excluded = inside(p, excluded);
      std::size_t before = found.size();
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
      if (ec) return util::unexpected{arg + ": cannot list the folder: " + ec.message()};
      for (; !whole_excluded && it != end; it.increment(ec)) {
        if (ec) return util::unexpected{arg + ": cannot list the folder: " + ec.message()};
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec)) {
          if (name.starts_with(".") || (!exclude.empty() && util::same_file(it->path(), exclude)))
            it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && is_workbook_name(it->path()))
          add(it->path(), it->path().lexically_relative(p).generic_string());
      }
      if (found.size() == before && !whole_excluded)
        return util::unexpected{arg + ": the folder holds no workbook (.xlsx, .xlsm, .xltx, .xltm)"};
    } else if (arg.find_first_of("*?[") != std::string::npos) {
      glob_t g{};
      const int rc = ::glob(arg.c_str(), GLOB_NOSORT, nullptr, &g);
      std::size_t matched = 0;
      for (std::size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) {
        const fs::path m(g.gl_pathv[i]);
        if (fs::is_regular_file(m, ec) && is_workbook_name(m)) {
          if (!inside(m, excluded)) add(m, m.generic_string());
          ++matched;
        }
      }
      ::globfree(&g);
      if (matched == 0) return util::unexpected{arg + ": the pattern matches no workbook"};
    } else if (fs::is_regular_file(p, ec)) {
      if (!inside(p, excluded)) add(p, p.generic_string());
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
  std::size_t next = 0;
  std::vector<worker> pool(std::max(1u, opts.jobs));
  // A worker gone while the run writes to it must not take the run with it.
  struct sigaction ignore {}, saved {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &saved);

  auto finish = [&](const checked& c) {
    file_result& fr = out.files[c.job.index];
    fr.in = inputs[c.job.index];
    fr.out_subdir = subs[c.job.index];
    fr.seconds = std::chrono::duration<double>(c.ended - c.job.started).count();
    auto data = detail::decode(c.bytes);
    if (c.job.timed_out) {
      data = detail::check_data{};
      data->status = "unreadable";
      data->reason = "took longer than the limit of " + std::to_string(opts.time_limit.count()) +
                     " s a return may take (--time-limit)";
      data->exit_code = 3;
    } else if (!c.start_failure.empty()) {
      data = detail::check_data{};
      data->status = "unreadable";
      data->reason = "cannot start a worker: " + c.start_failure;
      data->exit_code = 3;
    } else if (!data) {
      data = detail::check_data{};
      data->status = "unreadable";
      data->reason = "returncheck stopped while checking this file (" + signal_text(c.wait_status) + ")";
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
    fr.first_check = c.job.first_check;
    if (opts.history.after) fr.resolved = opts.history.after(fr, data->findings, data->figures);
    if (fr.status == file_status::unreadable) log.warn("{}", log_line(fr));
    else log.info("{}", log_line(fr));
  };

  // Ends a worker's process: closing its task pipe lets it leave between returns; a worker
  // that died or was killed is only reaped.
  auto retire = [](worker& w) -> int {
    int status = 0;
    if (w.pid < 0) return status;
    ::close(w.tasks);
    ::close(w.results);
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w = worker{};
    return status;
  };
  auto spawn = [&](worker& w) -> std::string {
    int tasks[2], results[2];
    if (::pipe2(tasks, O_CLOEXEC) != 0) return std::strerror(errno);
    if (::pipe2(results, O_CLOEXEC) != 0) {
      const std::string why = std::strerror(errno);
      ::close(tasks[0]);
      ::close(tasks[1]);
      return why;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
      const std::string why = std::strerror(errno);
      for (const int fd : {tasks[0], tasks[1], results[0], results[1]}) ::close(fd);
      return why;
    }
    if (pid == 0) {
      // The other workers' pipes stay theirs: a copy held here would keep them from seeing
      // the end of their tasks.
      for (const auto& other : pool)
        if (other.pid > 0) {
          ::close(other.tasks);
          ::close(other.results);
        }
      ::close(tasks[1]);
      ::close(results[0]);
      serve(tasks[0], results[1], parent, inputs, subs, opts);
    }
    ::close(tasks[0]);
    ::close(results[1]);
    w = worker{};
    w.pid = pid;
    w.tasks = tasks[1];
    w.results = results[0];
    return {};
  };
  // Gives the next return to an idle worker, starting (or restarting) its process as needed.
  auto assign = [&](worker& w) -> std::optional<checked> {
    assignment given;
    given.index = next++;
    prior_check prior;
    if (opts.history.before) prior = opts.history.before(inputs[given.index]);
    given.first_check = bool(opts.history.before) && !prior.fingerprints;
    const std::string message = detail::encode(detail::task{given.index, std::move(prior)});
    auto not_started = [&](std::string why) {
      checked c;
      c.job = given;
      c.job.started = c.ended = clock::now();
      c.start_failure = std::move(why);
      return c;
    };
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (w.pid > 0 && w.served >= returns_per_worker) retire(w);
      if (w.pid < 0)
        if (auto why = spawn(w); !why.empty()) return not_started(why);
      w.job = given;
      w.job.started = clock::now();
      if (write_message(w.tasks, message)) {
        w.busy = true;
        ++w.served;
        return std::nullopt;
      }
      retire(w);  // it died while idle: once more, with a new process
    }
    return not_started("its process ended before it was given the return");
  };

  // Returns done in the last round, recorded once the idle workers have new returns: the
  // history's commit then overlaps the checking of the next returns.
  std::vector<checked> done;
  auto any_busy = [&] { return std::any_of(pool.begin(), pool.end(), [](const worker& w) { return w.busy; }); };
  while (next < inputs.size() || any_busy() || !done.empty()) {
    for (auto& w : pool)
      if (!w.busy && next < inputs.size())
        if (auto failed = assign(w)) done.push_back(std::move(*failed));
    for (const auto& c : done) finish(c);
    done.clear();
    if (!any_busy()) continue;
    // Read what the workers send: a whole result, or the end of a worker that died.
    std::vector<pollfd> fds;
    std::vector<worker*> polled;
    for (auto& w : pool)
      if (w.busy) {
        fds.push_back({w.results, POLLIN, 0});
        polled.push_back(&w);
      }
    ::poll(fds.data(), nfds_t(fds.size()), 200);
    for (std::size_t k = 0; k < polled.size(); ++k) {
      worker& w = *polled[k];
      bool ended = false;
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[65536];
        const ssize_t n = ::read(w.results, buf, sizeof buf);
        if (n > 0) w.received.append(buf, std::size_t(n));
        else if (n == 0 || errno != EINTR) ended = true;
      }
      if (auto message = take_message(w.received)) {
        // A whole result counts, even from a worker stopped for the time limit just after.
        checked c;
        c.job = w.job;
        c.job.timed_out = false;
        c.ended = clock::now();
        c.bytes = std::move(*message);
        done.push_back(std::move(c));
        w.busy = false;
        if (!ended) continue;
      }
      if (ended) {
        const bool was_busy = w.busy;
        checked c;
        c.job = w.job;
        c.wait_status = retire(w);
        c.ended = clock::now();
        if (was_busy) done.push_back(std::move(c));
        continue;
      }
      if (opts.time_limit.count() > 0 && !w.job.timed_out && clock::now() - w.job.started > opts.time_limit) {
        w.job.timed_out = true;
        ::kill(w.pid, SIGKILL);
      }
    }
  }
  for (auto& w : pool) retire(w);
  ::sigaction(SIGPIPE, &saved, nullptr);
  // Every output of the run reaches the disk here, in one syncfs, before the history's commit
  // that ends the run makes its checks durable (history::store): after a power cut, a check the
  // history holds has its reports. A sync for each file, or each return, held two workers up
  // on the disk by turns. Best effort, as util::write_atomically's folder sync is.
  if (const int out_fd = ::open(opts.out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); out_fd >= 0) {
    ::syncfs(out_fd);
    ::close(out_fd);
  }

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
