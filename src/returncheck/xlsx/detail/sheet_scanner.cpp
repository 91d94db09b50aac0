// Scanning worksheet XML into rows of cells.
#include "returncheck/xlsx/detail/sheet_scanner.hpp"

#include <algorithm>
#include <cstring>

#include "returncheck/xlsx/detail/sheet_layout.hpp"
#include "returncheck/xlsx/detail/text.hpp"
#include "returncheck/xlsx/detail/xml_attrs.hpp"
#include "returncheck/xlsx/formula_shift.hpp"

namespace returncheck::xlsx::detail {
namespace {

constexpr std::size_t window_bytes = 256u << 10;

// A UTF-8 byte-order mark, which some writers put before the XML declaration.
std::string_view without_bom(std::string_view s) {
  return s.starts_with("\xEF\xBB\xBF") ? s.substr(3) : s;
}

// Appends text with XML's line-end handling (XML 1.0, 2.11): CR LF and a lone CR read as LF.
// A carriage return that is meant is written &#13; or _x000D_. A CR LF split across two reads
// of the window is rare enough to accept as two line ends.
void append_normalised(std::string& out, std::string_view raw) {
  if (raw.find('\r') == std::string_view::npos) {
    out.append(raw);
    return;
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      out.push_back(raw[i]);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
  }
}

// True for text shaped like an A1 reference (letters then digits, $ allowed), whether or not
// it lies on the sheet.
bool looks_like_a1(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '$') ++i;
  const std::size_t letters = i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  if (i == letters) return false;
  if (i < s.size() && s[i] == '$') ++i;
  const std::size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i > digits && i == s.size();
}

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

// A t="d" cell's ISO 8601 text as an Excel serial: "2015-03-31", "2015-03-31T12:30:00.5Z".
std::optional<double> iso_to_serial(std::string_view s, bool date1904) {
  s = trim(s);
  unsigned y = 0, m = 0, d = 0, hh = 0, mm = 0;
  double ss = 0;
  auto num = [&](std::size_t at, std::size_t len, unsigned& out) {
    return at + len <= s.size() && parse_uint(s.substr(at, len), out);
  };
  // A time of day alone, "23:44:51.894": a fraction of a day.
  if (s.size() >= 5 && s[2] == ':') {
    if (!num(0, 2, hh) || !num(3, 2, mm)) return std::nullopt;
    if (s.size() > 5 && (s[5] != ':' || !parse_double(s.substr(6), ss))) return std::nullopt;
    if (hh > 23 || mm > 59 || ss < 0 || ss >= 61) return std::nullopt;
    return (hh * 3600.0 + mm * 60.0 + ss) / 86400.0;
  }
  if (!num(0, 4, y) || s.size() < 10 || s[4] != '-' || !num(5, 2, m) || s[7] != '-' || !num(8, 2, d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    if (!num(i + 1, 2, hh) || i + 3 >= s.size() || s[i + 3] != ':' || !num(i + 4, 2, mm)) return std::nullopt;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      std::size_t j = i + 1;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      if (!parse_double(s.substr(i + 1, j - i - 1), ss)) return std::nullopt;
      i = j;
    }
  }
  if (i < s.size() && s.substr(i) != "Z") return std::nullopt;
  const std::int64_t days = days_from_civil(y, m, d);
  double serial;
  if (date1904) {
    serial = double(days - days_from_civil(1904, 1, 1));
  } else {
    serial = double(days - days_from_civil(1899, 12, 30));
    if (serial < 61) serial -= 1;  // Excel counts a 29 February 1900 that never was
  }
  return serial + (hh * 3600.0 + mm * 60.0 + ss) / 86400.0;
}

}  // namespace

sheet_scanner::sheet_scanner(std::shared_ptr<const workbook_data> wb, const sheet_info& sheet)
    : wb_(std::move(wb)), where_(wb_->zip.path() + ": sheet '" + sheet.name + "'") {}

sheet_scanner::sheet_scanner(std::shared_ptr<const workbook_data> wb, const sheet_info& sheet, zip_stream stream)
    : wb_(std::move(wb)),
      where_(wb_->zip.path() + ": " + stream.part() + " ('" + sheet.name + "')"),
      part_(stream.part()),
      stream_(std::make_unique<prefetch_stream>(std::move(stream))),
      buf_(window_bytes) {}

error sheet_scanner::malformed(std::string_view what) const {
  // Lines are counted only here, by reading the part again up to the fault: counting them
  // on the way would tax every workbook for the sake of the broken ones.
  const std::uint64_t offset = bytes_before_ + pos_;
  std::string place = " byte " + std::to_string(offset);
  if (auto again = wb_->zip.open_part(part_)) {
    std::uint64_t seen = 0, lines = 1;
    std::vector<char> chunk(1 << 16);
    while (seen < offset) {
      auto n = again->read(chunk.data(), std::size_t(std::min<std::uint64_t>(chunk.size(), offset - seen)));
      if (!n || *n == 0) break;
      lines += std::uint64_t(std::count(chunk.begin(), chunk.begin() + std::ptrdiff_t(*n), '\n'));
      seen += *n;
    }
    if (seen >= offset) place = " line " + std::to_string(lines);
  }
  return {read_error::malformed_xml, where_ + place + ": malformed XML: " + std::string(what)};
}

error sheet_scanner::too_long(std::string_view what) const {
  return {read_error::limit_exceeded, where_ + ": " + std::string(what) + " longer than " +
                                          std::to_string(wb_->caps.max_string_bytes) + " bytes (limit max-string)"};
}

// Garbled XML is often a damaged zip entry whose CRC check, at the end of the part, would
// say so; reading on to the end tells which, and names the real cause.
error sheet_scanner::explain(error e) {
  if (e.code != read_error::malformed_xml || !stream_) return e;
  std::vector<char> sink(1 << 16);
  for (;;) {
    auto n = stream_->read(sink.data(), sink.size());
    if (!n) return n.error().code == read_error::corrupt_zip ? n.error() : e;
    if (*n == 0) return e;
  }
}

result<bool> sheet_scanner::refill() {
  if (pos_ > 0) {
    bytes_before_ += pos_;
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) {
    // One token fills the window: a very long string or tag. Grow, within the string limit.
    if (buf_.size() >= window_bytes + 2 * std::size_t(wb_->caps.max_string_bytes))
      return util::unexpected<error>{too_long("a single XML token is")};
    buf_.resize(buf_.size() * 2);
  }
  auto n = stream_->read(buf_.data() + end_, buf_.size() - end_);
  if (!n) return util::unexpected<error>{n.error()};
  end_ += *n;
  return *n > 0;
}

result<bool> sheet_scanner::next_row(row& out) {
  if (!stream_) return false;
  for (;;) {
    auto s = scan();
    if (!s) return util::unexpected<error>{explain(std::move(s.error()))};
    if (*s == step::row_done) {
      out = row_;
      out.row_idx = row_idx_;
      out.cells = std::span<const cell>(cells_.data(), n_cells_);
      return true;
    }
    if (eof_) {
      if (!open_lengths_.empty())
        return util::unexpected<error>{malformed("the part ends inside <" +
                                                 open_names_.substr(open_names_.size() - open_lengths_.back()) +
                                                 "> (the file is truncated?)")};
      if (!seen_root_) return util::unexpected<error>{malformed("the part holds no XML element")};
      stream_.reset();
      return false;
    }
    auto more = refill();
    if (!more) return util::unexpected<error>{more.error()};
    if (!*more) eof_ = true;
  }
}

result<sheet_scanner::step> sheet_scanner::scan() {
  const char* b = buf_.data();
  while (pos_ < end_) {
    if (b[pos_] != '<') {
      std::size_t lt = pos_;
      while (lt < end_ && b[lt] != '<') ++lt;
      if (lt == end_ && !eof_) return step::more;
      const std::size_t len = lt - pos_;
      const std::string_view text(b + pos_, len);
      if (text_target_ != nullptr) {
        if (auto e = add_text(text)) return util::unexpected<error>{*e};
      } else if (open_lengths_.empty() && !trim(without_bom(text)).empty()) {
        return util::unexpected<error>{malformed("text outside the root element")};
      }
      pos_ += len;
      continue;
    }
    if (end_ - pos_ < 2) return step::more;
    const char c1 = b[pos_ + 1];
    if (c1 == '?' || c1 == '!') {
      const std::string_view rest(b + pos_, end_ - pos_);
      std::string_view close = "?>";
      std::size_t skip = 2;
      bool cdata = false;
      if (c1 == '!') {
        if (rest.size() < 9) return step::more;
        if (rest.starts_with("<!--")) {
          close = "-->";
          skip = 4;
        } else if (rest.starts_with("<![CDATA[")) {
          close = "]]>";
          skip = 9;
          cdata = true;
        } else if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!ENTITY")) {
          return util::unexpected<error>{error{read_error::forbidden_dtd,
                                               where_ + ": declares a DTD or entities, which workbooks never contain "
                                                        "(an entity-expansion attack?)"}};
        } else {
          return util::unexpected<error>{malformed("unexpected markup '<!'")};
        }
      }
      const auto at = rest.find(close, skip);
      if (at == std::string_view::npos) return step::more;
      if (cdata && text_target_ != nullptr) {
        const std::string_view inner = rest.substr(skip, at - skip);
        if (text_target_->size() + inner.size() > wb_->caps.max_string_bytes)
          return util::unexpected<error>{too_long("a cell's text is")};
        append_normalised(*text_target_, inner);
      }
      pos_ += at + close.size();
      continue;
    }
    // A tag, read in one pass: its name, then (for a start tag) attributes up to '>'.
    std::size_t i = pos_ + 1;
    const bool closing = b[i] == '/';
    if (closing) ++i;
    const std::size_t name_begin = i;
    std::size_t local_begin = i;
    while (i < end_) {
      const char ch = b[i];
      if (ch == '>' || ch == '/' || is_space(ch)) break;
      if (ch == ':') local_begin = i + 1;
      if (ch == '<') return util::unexpected<error>{malformed("'<' inside a tag")};
      ++i;
    }
    if (i >= end_) return step::more;
    const std::string_view name(b + name_begin, i - name_begin);
    const std::string_view local(b + local_begin, i - local_begin);
    if (name.empty()) return util::unexpected<error>{malformed("a tag without a name")};

    if (closing) {
      while (i < end_ && is_space(b[i])) ++i;
      if (i >= end_) return step::more;
      if (b[i] != '>') return util::unexpected<error>{malformed("bad end tag </" + std::string(name) + ">")};
      pos_ = i + 1;
      if (open_lengths_.empty()) return util::unexpected<error>{malformed("unexpected </" + std::string(name) + ">")};
      const std::size_t len = open_lengths_.back();
      const char* expected = open_names_.data() + open_names_.size() - len;
      bool same = len == name.size();
      for (std::size_t k = 0; same && k < len; ++k) same = expected[k] == name[k];
      if (!same)
        return util::unexpected<error>{malformed("</" + std::string(name) + "> does not close <" +
                                                 std::string(expected, len) + ">")};
      open_names_.resize(open_names_.size() - len);
      open_lengths_.pop_back();
      const tag t = classify(local, false);
      if (t == tag::other) continue;
      const bool row_was_open = in_row_;
      if (auto e = end_tag(t)) return util::unexpected<error>{*e};
      if (t == tag::row && row_was_open && row_to_hand_out()) return step::row_done;
      continue;
    }

    const std::size_t attrs_begin = i;
    while (i < end_ && b[i] != '>') {
      const char ch = b[i];
      if (ch == '"' || ch == '\'') {
        std::size_t close = i + 1;
        while (close < end_ && b[close] != ch) ++close;
        if (close >= end_) return step::more;
        i = close + 1;
        continue;
      }
      if (ch == '<') return util::unexpected<error>{malformed("'<' inside a tag")};
      ++i;
    }
    if (i >= end_) return step::more;
    const bool empty = b[i - 1] == '/' && i - 1 >= attrs_begin;
    const std::string_view attrs(b + attrs_begin, i - attrs_begin - (empty ? 1 : 0));
    pos_ = i + 1;
    if (!empty) {
      if (open_lengths_.size() >= 256) return util::unexpected<error>{malformed("elements nested more than 256 deep")};
      open_names_.append(name);
      open_lengths_.push_back(std::uint32_t(name.size()));
    }
    seen_root_ = true;
    const tag t = classify(local, true);
    if (t == tag::other) continue;
    if (auto e = start_tag(t, attrs, empty)) return util::unexpected<error>{*e};
    if (empty) {
      const bool row_was_open = in_row_;
      if (auto e = end_tag(t)) return util::unexpected<error>{*e};
      if (t == tag::row && row_was_open && row_to_hand_out()) return step::row_done;
    }
  }
  return step::more;
}

// The elements the scanner acts on, by local name; start-only ones need no end handling.
// The cells' own tags cost one or two comparisons; the rest, met a few times a sheet, are
// looked up apart, which keeps this small on the path every cell takes.
sheet_scanner::tag sheet_scanner::classify(std::string_view local, bool start) {
  switch (local.size()) {
    case 1:
      switch (local[0]) {
        case 'c': return tag::c;
        case 'v': return tag::v;
        case 'f': return tag::f;
        case 't': return tag::t;
        default: return tag::other;
      }
    case 2: return local == "is" ? tag::is : tag::other;
    case 3:
      if (local == "row") return tag::row;
      if (local == "rPh") return tag::r_ph;
      break;
    default: break;
  }
  return classify_rare(local, start);
}

sheet_scanner::tag sheet_scanner::classify_rare(std::string_view local, bool start) {
  if (local == "sheetData") return tag::sheet_data;
  if (local == "sheetView") return tag::sheet_view;
  if (!start) return tag::other;
  switch (local.size()) {
    case 3: return local == "col" ? tag::col : local == "ext" ? tag::ext : tag::other;
    case 4: return local == "pane" ? tag::pane : tag::other;
    case 7: return local == "drawing" ? tag::drawing : tag::other;
    case 8: return local == "tabColor" ? tag::tab_color : tag::other;
    case 9:
      if (local == "dimension") return tag::dimension;
      if (local == "mergeCell") return tag::merge_cell;
      if (local == "hyperlink") return tag::hyperlink;
      return local == "tablePart" ? tag::table_part : tag::other;
    case 10: return local == "autoFilter" ? tag::auto_filter : tag::other;
    case 12: return local == "ignoredError" ? tag::ignored_error : tag::other;
    case 13:
      if (local == "sheetFormatPr") return tag::sheet_format_pr;
      return local == "legacyDrawing" ? tag::legacy_drawing : tag::other;
    case 14: return local == "dataValidation" ? tag::data_validation : tag::other;
    case 15: return local == "sheetProtection" ? tag::sheet_protection : tag::other;
    case 21: return local == "conditionalFormatting" ? tag::conditional_formatting : tag::other;
    default: return tag::other;
  }
}

// Depth says whose child an element is (the worksheet is 1): a <pane> or <autoFilter> of a custom
// view, and the x14 copies of rules inside <extLst>, have the same names deeper down.
void sheet_scanner::layout_or_feature(tag t, std::string_view attrs, std::size_t depth) {
  switch (t) {
    case tag::col:
      if (depth == 3 && layout.cols.size() < max_col_idx) {
        if (auto c = read_col(attrs)) {
          // Sorted as they come: writers list them in order, so this is nearly always an append.
          auto& cols = layout.cols;
          const auto at = std::upper_bound(cols.begin(), cols.end(), c->first_col,
                                           [](std::uint32_t first, const col_info& x) { return first < x.first_col; });
          cols.insert(at, *c);
        }
      }
      return;
    case tag::sheet_view:
      if (depth == 3 && ++sheet_views_ == 1) {
        in_first_view_ = true;
        read_sheet_view(attrs, layout.view);
      }
      return;
    case tag::pane:
      if (depth == 4 && in_first_view_) layout.view.pane = read_pane(attrs);
      return;
    case tag::sheet_format_pr:
      if (depth == 2) read_sheet_format(attrs, layout);
      return;
    case tag::tab_color:
      if (depth == 3) layout.tab_color = read_tab_color(attrs, *wb_);
      return;
    case tag::conditional_formatting: features.conditional_formats += depth == 2; return;
    case tag::data_validation: features.data_validations += depth == 3; return;
    case tag::hyperlink: features.hyperlinks += depth == 3; return;
    case tag::drawing: features.drawings += depth == 2; return;
    case tag::legacy_drawing: features.legacy_drawings += depth == 2; return;
    case tag::table_part: features.table_parts += depth == 3; return;
    case tag::auto_filter: features.auto_filters += depth == 2; return;
    case tag::sheet_protection: features.sheet_protection += depth == 2; return;
    case tag::ext: features.extensions += depth == 3; return;
    default: return;
  }
}

bool sheet_scanner::row_to_hand_out() const { return n_cells_ > 0 || (keep_formatted_empty_rows && row_formatted_); }

std::optional<error> sheet_scanner::add_text(std::string_view raw) {
  if (text_target_->size() + raw.size() > wb_->caps.max_string_bytes) return too_long("a cell's text is");
  if (raw.find('&') == std::string_view::npos) {
    append_normalised(*text_target_, raw);
    return std::nullopt;
  }
  // Line ends are normalised before references are decoded, so that &#13; stays a CR.
  std::string_view text = raw;
  if (raw.find('\r') != std::string_view::npos) {
    scratch_.clear();
    append_normalised(scratch_, raw);
    text = scratch_;
  }
  if (!append_xml_text(*text_target_, text))
    return malformed("an unknown or malformed character reference in '" + std::string(raw.substr(0, 40)) + "'");
  return std::nullopt;
}
// A <row>'s number and format. Apart from start_tag, which every cell goes through.
std::optional<error> sheet_scanner::start_row(std::string_view attrs) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  std::uint32_t r = row_idx_ + 1;
  row_ = row{};
  std::uint32_t style = 0;
  bool custom_format = false;
  while (cur.next(name, value)) {
    // Names told apart by their length first: every row pays for this loop.
    switch (name.size()) {
      case 1:
        if (name[0] == 'r' && (!parse_uint(value, r) || r == 0 || r > max_row_idx))
          return malformed("row number r=\"" + std::string(value) + "\" is not a row of a sheet");
        if (name[0] == 's') parse_uint(value, style);
        break;
      case 2:
        if (double ht = 0; name == "ht" && parse_finite(value, ht) && ht >= 0) row_.height = ht;
        break;
      case 6:
        if (name == "hidden") parse_bool(value, row_.hidden);
        break;
      case 12:
        if (name == "customHeight") {
          parse_bool(value, row_.custom_height);
        } else if (name == "customFormat") {
          parse_bool(value, custom_format);
        } else if (std::uint32_t level = 0; name == "outlineLevel" && parse_uint(value, level) && level <= 7) {
          row_.outline_level = std::uint8_t(level);
        }
        break;
      default: break;
    }
  }
  if (cur.bad()) return malformed("bad attributes in <row>");
  // s= is the row's format only when customFormat says so.
  if (custom_format) row_.style_idx = style;
  row_formatted_ = row_.height || row_.hidden || row_.style_idx || row_.outline_level > 0;
  row_idx_ = r;
  next_col_ = 1;
  n_cells_ = 0;
  in_row_ = true;
  return std::nullopt;
}

std::optional<error> sheet_scanner::start_tag(tag t, std::string_view attrs, bool empty) {
  attr_cursor cur(attrs);
  std::string_view name, value;
  switch (t) {
    case tag::sheet_data:
      in_sheet_data_ = true;
      return std::nullopt;
    case tag::row:
      if (!in_sheet_data_) return std::nullopt;
      return start_row(attrs);
    case tag::c: {
      if (!in_row_) return std::nullopt;
      if (++cells_in_sheet_ > wb_->caps.max_cells_per_sheet)
        return error{read_error::limit_exceeded, where_ + ": more than " + std::to_string(wb_->caps.max_cells_per_sheet) +
                                                     " cells (limit max-cells; raise it with --max-cells)"};
      if (n_cells_ == cells_.size()) {
        cells_.emplace_back();
        values_.emplace_back();
        formulas_.emplace_back();
      }
      cell& c = cells_[n_cells_];
      c = cell{};
      c.pos = {row_idx_, next_col_};
      cell_t_ = stored_type::number;
      value_slot_ = &values_[n_cells_];
      formula_slot_ = &formulas_[n_cells_];
      while (cur.next(name, value)) {
        if (name == "r") {
          // A reference that is not A1 (some writers put a number) is read like a missing one:
          // the cell follows the one before it.
          if (const auto p = parse_cell_ref(value)) c.pos = *p;
          else if (looks_like_a1(value))
            return malformed("cell " + std::string(value.substr(0, 20)) + " lies beyond the sheet (A1:XFD1048576)");
        } else if (name == "s") {
          if (!parse_uint(value, c.style_idx)) return malformed("style s=\"" + std::string(value.substr(0, 20)) + "\" is not a number");
        } else if (name == "t") {
          cell_t_ = value == "s"           ? stored_type::shared_string
                    : value == "str"       ? stored_type::formula_string
                    : value == "inlineStr" ? stored_type::inline_string
                    : value == "b"         ? stored_type::boolean
                    : value == "e"         ? stored_type::error
                    : value == "d"         ? stored_type::iso_date
                                           : stored_type::number;
        }
      }
      if (cur.bad()) return malformed("bad attributes in <c>");
      if (c.pos.col_idx > max_col_idx) return malformed("a cell beyond column XFD");
      next_col_ = c.pos.col_idx + 1;
      value_slot_->clear();
      formula_slot_->clear();
      has_value_ = has_inline_ = has_formula_ = false;
      f_kind_ = formula_kind::none;
      f_si_.reset();
      f_has_ref_ = false;
      in_cell_ = true;
      return std::nullopt;
    }
    case tag::v:
      if (!in_cell_) return std::nullopt;
      has_value_ = true;
      value_slot_->clear();
      text_target_ = value_slot_;
      return std::nullopt;
    case tag::f: {
      if (!in_cell_) return std::nullopt;
      has_formula_ = true;
      f_kind_ = formula_kind::normal;
      while (cur.next(name, value)) {
        if (name == "t") {
          if (value == "shared") f_kind_ = formula_kind::shared;
          else if (value == "array") f_kind_ = formula_kind::array;
          else if (value == "dataTable") f_kind_ = formula_kind::data_table;
        } else if (name == "si") {
          std::uint32_t si = 0;
          if (parse_uint(value, si)) f_si_ = si;
        } else if (name == "ref") {
          f_has_ref_ = true;
        }
      }
      if (cur.bad()) return malformed("bad attributes in <f>");
      text_target_ = formula_slot_;
      return std::nullopt;
    }
    case tag::is:
      if (!in_cell_) return std::nullopt;
      in_is_ = true;
      has_inline_ = true;
      value_slot_->clear();
      return std::nullopt;
    case tag::t:
      if (in_is_ && phonetic_depth_ == 0) text_target_ = value_slot_;
      return std::nullopt;
    case tag::r_ph:
      ++phonetic_depth_;
      text_target_ = nullptr;
      return std::nullopt;
    case tag::dimension:
      // Nothing is sized by the dimension (it is only shown), but one past the sheet's last cell
      // is as malformed as a cell there: a claim of a million columns is refused, not trusted.
      while (cur.next(name, value))
        if (name == "ref") {
          dimension = parse_range(value);
          if (dimension) continue;
          const std::size_t colon = value.find(':');
          const std::string_view first = value.substr(0, colon);
          const std::string_view last = colon == std::string_view::npos ? first : value.substr(colon + 1);
          for (const std::string_view corner : {first, last})
            if (!parse_cell_ref(corner) && looks_like_a1(corner))
              return malformed("dimension " + std::string(value.substr(0, 30)) + " lies beyond the sheet (A1:XFD1048576)");
        }
      return std::nullopt;
    case tag::merge_cell:
      while (cur.next(name, value))
        if (name == "ref")
          if (auto r = parse_range(value)) merged.push_back(*r);
      return std::nullopt;
    case tag::ignored_error: {
      ignored_error ie;
      while (cur.next(name, value)) {
        if (name == "sqref") {
          std::size_t start = 0;
          while (start < value.size()) {
            auto sp = value.find(' ', start);
            if (sp == std::string_view::npos) sp = value.size();
            if (auto r = parse_range(value.substr(start, sp - start))) ie.ranges.push_back(*r);
            start = sp + 1;
          }
        } else if (value == "1" || value == "true") {
          static constexpr std::pair<std::string_view, std::uint16_t> flags[] = {
              {"numberStoredAsText", ignored_error::number_stored_as_text},
              {"formula", ignored_error::formula},
              {"formulaRange", ignored_error::formula_range},
              {"unlockedFormula", ignored_error::unlocked_formula},
              {"emptyCellReference", ignored_error::empty_cell_reference},
              {"evalError", ignored_error::eval_error},
              {"twoDigitTextYear", ignored_error::two_digit_text_year},
              {"listDataValidation", ignored_error::list_data_validation},
              {"calculatedColumn", ignored_error::calculated_column},
          };
          for (const auto& [flag_name, bit] : flags)
            if (name == flag_name) ie.flags |= bit;
        }
      }
      ignored.push_back(std::move(ie));
      return std::nullopt;
    }
    case tag::other:
      return std::nullopt;
    default:
      // An empty element was never put on the stack of open ones.
      layout_or_feature(t, attrs, open_lengths_.size() + (empty ? 1 : 0));
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<error> sheet_scanner::end_tag(tag t) {
  switch (t) {
    case tag::sheet_data:
      in_sheet_data_ = false;
      return std::nullopt;
    case tag::row:
      in_row_ = false;
      return std::nullopt;
    case tag::c:
      if (!in_cell_) return std::nullopt;
      in_cell_ = false;
      text_target_ = nullptr;
      return finish_cell();
    case tag::v:
    case tag::t:
      text_target_ = nullptr;
      return std::nullopt;
    case tag::f: {
      if (!in_cell_) return std::nullopt;
      text_target_ = nullptr;
      std::string& text = *formula_slot_;
      if (f_kind_ == formula_kind::shared && f_si_) {
        const cell_pos here = cells_[n_cells_].pos;
        const auto it = shared_.find(*f_si_);
        if (it != shared_.end()) {
          // Every cell of the group reads as the master's formula moved to where it stands.
          text = shift_formula(it->second.text, std::int32_t(here.row_idx) - std::int32_t(it->second.pos.row_idx),
                               std::int32_t(here.col_idx) - std::int32_t(it->second.pos.col_idx));
        } else if (!text.empty()) {
          if (shared_.size() >= 1'000'000) return malformed("more than a million shared formulas");
          shared_.emplace(*f_si_, shared_master{text, here});
        }
      }
      return std::nullopt;
    }
    case tag::is:
      in_is_ = false;
      return std::nullopt;
    case tag::r_ph:
      if (phonetic_depth_ > 0) --phonetic_depth_;
      return std::nullopt;
    case tag::sheet_view: in_first_view_ = false; return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<error> sheet_scanner::finish_cell() {
  cell& c = cells_[n_cells_];
  std::string& v = *value_slot_;
  const stored_type t = cell_t_;
  if (has_formula_) {
    c.formula_type = f_kind_;
    c.formula = *formula_slot_;
  }
  if (t == stored_type::inline_string || (has_inline_ && !has_value_)) {
    if (has_inline_ || has_value_) {
      unescape_ooxml(v);
      c.type = value_type::string;
      c.text = v;
    }
  } else if (has_value_ && t != stored_type::formula_string && trim(v).empty()) {
    c.type = value_type::empty;  // <v></v>: no value, whatever the type says
  } else if (has_value_) {
    if (t == stored_type::shared_string) {
      std::size_t idx = 0;
      if (!parse_uint(v, idx) || idx >= wb_->strings.size())
        return malformed("cell " + format_cell_ref(c.pos) + " refers to shared string " + v.substr(0, 20) +
                         " but the table has " + std::to_string(wb_->strings.size()));
      c.type = value_type::string;
      c.text = wb_->strings.at(idx);
    } else if (t == stored_type::formula_string) {
      c.type = value_type::string;
      c.text = v;
    } else if (t == stored_type::boolean) {
      c.type = value_type::boolean;
      const std::string_view b = trim(v);
      c.number = (b == "1" || b == "true" || b == "TRUE") ? 1 : 0;
    } else if (t == stored_type::error) {
      c.type = value_type::error;
      c.text = v;
    } else if (t == stored_type::iso_date) {
      if (const auto serial = iso_to_serial(v, wb_->date1904)) {
        c.type = value_type::date;
        c.number = *serial;
      } else {
        c.type = value_type::string;
        c.text = v;
      }
    } else if (parse_double(v, c.number)) {
      const num_fmt_kind k =
          c.style_idx < wb_->formats.size() ? wb_->formats[c.style_idx].fmt.kind : num_fmt_kind::general;
      c.type = (k == num_fmt_kind::date || k == num_fmt_kind::time || k == num_fmt_kind::datetime ||
                k == num_fmt_kind::elapsed)
                   ? value_type::date
                   : value_type::number;
    } else {
      // A number cell holding text: keep what the writer wrote rather than lose it.
      c.type = value_type::string;
      c.text = v;
    }
  }
  ++n_cells_;
  return std::nullopt;
}

}  // namespace returncheck::xlsx::detail
