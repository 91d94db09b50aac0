// Setting the cells libxlsxwriter cannot write, by rewriting its worksheet parts as they stream.
#include "returncheck/clean/detail/cell_patch.hpp"

#include <minizip/unzip.h>
#include <minizip/zip.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace returncheck::clean::detail {
namespace {

namespace fs = std::filesystem;

std::uint64_t key(xlsx::cell_pos p) { return (std::uint64_t(p.row_idx) << 14) | p.col_idx; }

void append_escaped(std::string& out, std::string_view text) {
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(ch);
    }
  }
}

// The value of attribute `name` in a start tag, or empty.
std::string_view attribute(std::string_view start_tag, std::string_view name) {
  std::size_t at = 0;
  while ((at = start_tag.find(name, at)) != std::string_view::npos) {
    const bool starts_word = at > 0 && (start_tag[at - 1] == ' ' || start_tag[at - 1] == '\t');
    const std::size_t eq = at + name.size();
    if (starts_word && eq + 1 < start_tag.size() && start_tag[eq] == '=' && start_tag[eq + 1] == '"') {
      const std::size_t end = start_tag.find('"', eq + 2);
      if (end == std::string_view::npos) return {};
      return start_tag.substr(eq + 2, end - eq - 2);
    }
    at = eq;
  }
  return {};
}

// The worksheet number of "xl/worksheets/sheetN.xml", or 0.
std::uint32_t sheet_number(std::string_view part) {
  constexpr std::string_view prefix = "xl/worksheets/sheet", suffix = ".xml";
  if (!part.starts_with(prefix) || !part.ends_with(suffix)) return 0;
  const std::string_view digits = part.substr(prefix.size(), part.size() - prefix.size() - suffix.size());
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return ec == std::errc() && end == digits.data() + digits.size() ? n : 0;
}

util::write_result failure(const fs::path& path, const std::string& what) {
  return util::unexpected{path.string() + ": " + what};
}

// Streams one worksheet part through, rewriting the patched cells.
class sheet_rewriter {
 public:
  explicit sheet_rewriter(const std::vector<cell_patch>& patches) {
    for (const auto& p : patches) by_cell_.emplace(key(p.pos), &p);
  }

  // Takes the next piece of the part; appends to `out` what is final.
  void feed(std::string_view chunk, std::string& out) {
    pending_.append(chunk);
    std::size_t done = 0;
    while (true) {
      const std::size_t at = pending_.find("<c ", done);
      if (at == std::string::npos) {
        // Keep a short tail: "<c" may be split across pieces.
        const std::size_t keep = std::min<std::size_t>(pending_.size() - done, 2);
        out.append(pending_, done, pending_.size() - done - keep);
        done = pending_.size() - keep;
        break;
      }
      const std::size_t tag_end = pending_.find('>', at);
      if (tag_end == std::string::npos) {
        out.append(pending_, done, at - done);
        done = at;
        break;
      }
      const std::string_view start_tag(pending_.data() + at, tag_end + 1 - at);
      const auto pos = xlsx::parse_cell_ref(attribute(start_tag, "r"));
      const auto it = pos ? by_cell_.find(key(*pos)) : by_cell_.end();
      if (it == by_cell_.end()) {
        out.append(pending_, done, tag_end + 1 - done);
        done = tag_end + 1;
        continue;
      }
      std::size_t element_end = tag_end + 1;
      if (pending_[tag_end - 1] != '/') {
        const std::size_t close = pending_.find("</c>", tag_end);
        if (close == std::string::npos) {
          out.append(pending_, done, at - done);
          done = at;
          break;
        }
        element_end = close + 4;
      }
      out.append(pending_, done, at - done);
      out += patch_cell_xml(std::string_view(pending_.data() + at, element_end - at), *it->second);
      done = element_end;
    }
    pending_.erase(0, done);
  }

  void finish(std::string& out) {
    out += pending_;
    pending_.clear();
  }

 private:
  std::unordered_map<std::uint64_t, const cell_patch*> by_cell_;
  std::string pending_;
};

struct unzip_closer {
  void operator()(void* h) const { unzClose(h); }
};
struct zip_closer {
  void operator()(void* h) const { zipClose(h, nullptr); }
};

}  // namespace

std::string patch_cell_xml(std::string_view element, const cell_patch& patch) {
  const std::size_t tag_end = element.find('>');
  const std::string_view start_tag = element.substr(0, tag_end + 1);
  std::string out = "<c r=\"";
  out += attribute(start_tag, "r");
  out += '"';
  if (const auto s = attribute(start_tag, "s"); !s.empty()) out.append(" s=\"").append(s).append("\"");
  using kind = cell_patch::kind;
  switch (patch.what) {
    case kind::error_value:
    case kind::formula_error: out += " t=\"e\""; break;
    case kind::formula_boolean: out += " t=\"b\""; break;
    case kind::formula_string: out += " t=\"str\""; break;
    case kind::formula_no_value: break;
  }
  out += '>';
  if (patch.what != kind::error_value) {
    // The formula element as written: <f>..</f>, or <f t="array" ref=".."/> and the like.
    const std::size_t f = element.find("<f", tag_end);
    if (f != std::string_view::npos) {
      const std::size_t f_tag_end = element.find('>', f);
      std::size_t f_end = f_tag_end + 1;
      if (element[f_tag_end - 1] != '/') {
        const std::size_t close = element.find("</f>", f_tag_end);
        f_end = close == std::string_view::npos ? f_tag_end + 1 : close + 4;
      }
      out.append(element.substr(f, f_end - f));
    }
  }
  if (patch.what != kind::formula_no_value) {
    out += "<v>";
    append_escaped(out, patch.text);
    out += "</v>";
  }
  out += "</c>";
  return out;
}

util::write_result apply_patches(const fs::path& path, const patch_set& patches) {
  if (patches.empty()) return util::ok;
  std::unique_ptr<void, unzip_closer> in(unzOpen64(path.c_str()));
  if (!in) return failure(path, "cannot reopen the written workbook to finish it");
  const fs::path out_path = path.string() + ".patching";
  std::unique_ptr<void, zip_closer> out(zipOpen64(out_path.c_str(), APPEND_STATUS_CREATE));
  if (!out) return failure(path, "cannot create " + out_path.string());
  auto give_up = [&](const std::string& what) {
    out.reset();
    std::error_code ec;
    fs::remove(out_path, ec);
    return failure(path, what);
  };

  std::vector<char> buf(1 << 16);
  std::string text;
  for (int rc = unzGoToFirstFile(in.get()); rc == UNZ_OK; rc = unzGoToNextFile(in.get())) {
    unz_file_info64 info{};
    char name[512];
    if (unzGetCurrentFileInfo64(in.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
      return give_up("cannot read the written workbook's directory");
    zip_fileinfo zinfo{};
    zinfo.dosDate = info.dosDate;
    zinfo.internal_fa = info.internal_fa;
    zinfo.external_fa = info.external_fa;
    const int zip64 = info.uncompressed_size >= 0xffffffffu ? 1 : 0;
    const auto patched = patches.cells.find(sheet_number(name));
    const bool workbook_part = patches.date1904 && std::string_view(name) == "xl/workbook.xml";

    if (patched == patches.cells.end() && !workbook_part) {
      // Copied as compressed: no work for the parts that need none.
      int method = 0, level = 0;
      if (unzOpenCurrentFile2(in.get(), &method, &level, 1) != UNZ_OK) return give_up(std::string("cannot read ") + name);
      if (zipOpenNewFileInZip2_64(out.get(), name, &zinfo, nullptr, 0, nullptr, 0, nullptr, method, level, 1, zip64) != ZIP_OK)
        return give_up(std::string("cannot write ") + name);
      int n = 0;
      while ((n = unzReadCurrentFile(in.get(), buf.data(), unsigned(buf.size()))) > 0)
        if (zipWriteInFileInZip(out.get(), buf.data(), unsigned(n)) != ZIP_OK) return give_up(std::string("cannot write ") + name);
      unzCloseCurrentFile(in.get());
      if (n < 0 || zipCloseFileInZipRaw64(out.get(), info.uncompressed_size, info.crc) != ZIP_OK)
        return give_up(std::string("cannot copy ") + name);
      continue;
    }

    if (unzOpenCurrentFile(in.get()) != UNZ_OK) return give_up(std::string("cannot read ") + name);
    if (zipOpenNewFileInZip64(out.get(), name, &zinfo, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 6, 1) != ZIP_OK)
      return give_up(std::string("cannot write ") + name);
    int n = 0;
    text.clear();
    if (workbook_part) {
      // A small part: read whole, the workbookPr element given the 1904 flag.
      std::string whole;
      while ((n = unzReadCurrentFile(in.get(), buf.data(), unsigned(buf.size()))) > 0) whole.append(buf.data(), std::size_t(n));
      const std::size_t at = whole.find("<workbookPr");
      if (at == std::string::npos) return give_up("the written workbook part has no workbookPr");
      whole.insert(at + std::strlen("<workbookPr"), " date1904=\"1\"");
      text = std::move(whole);
    } else {
      sheet_rewriter rewriter(patched->second);
      while ((n = unzReadCurrentFile(in.get(), buf.data(), unsigned(buf.size()))) > 0) {
        text.clear();
        rewriter.feed(std::string_view(buf.data(), std::size_t(n)), text);
        if (!text.empty() && zipWriteInFileInZip(out.get(), text.data(), unsigned(text.size())) != ZIP_OK)
          return give_up(std::string("cannot write ") + name);
      }
      text.clear();
      rewriter.finish(text);
    }
    const bool crc_ok = unzCloseCurrentFile(in.get()) == UNZ_OK;
    if (n < 0 || !crc_ok) return give_up(std::string("cannot read ") + name);
    if ((!text.empty() && zipWriteInFileInZip(out.get(), text.data(), unsigned(text.size())) != ZIP_OK) ||
        zipCloseFileInZip(out.get()) != ZIP_OK)
      return give_up(std::string("cannot write ") + name);
  }
  in.reset();
  if (zipClose(out.release(), nullptr) != ZIP_OK) return give_up("cannot finish " + out_path.string());
  std::error_code ec;
  fs::rename(out_path, path, ec);
  if (ec) return give_up("cannot replace it with the finished workbook: " + ec.message());
  return util::ok;
}

}  // namespace returncheck::clean::detail
