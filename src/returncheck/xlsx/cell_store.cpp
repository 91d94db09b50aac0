// A workbook's cells held in memory.
#include "returncheck/xlsx/cell_store.hpp"

#include <algorithm>

namespace returncheck::xlsx {
namespace {

bool before(const stored_cell& a, cell_pos b) {
  return a.pos.row_idx != b.row_idx ? a.pos.row_idx < b.row_idx : a.pos.col_idx < b.col_idx;
}

}  // namespace

const stored_cell* sheet_cells::find(cell_pos pos) const {
  const auto it = std::lower_bound(cells_.begin(), cells_.end(), pos, before);
  return it != cells_.end() && it->pos == pos ? &*it : nullptr;
}

void sheet_cells::for_each_in(const cell_range& range, const std::function<bool(const stored_cell&)>& visit) const {
  auto it = std::lower_bound(cells_.begin(), cells_.end(), range.first, before);
  while (it != cells_.end() && it->pos.row_idx <= range.last.row_idx) {
    const std::uint32_t col = it->pos.col_idx;
    if (col < range.first.col_idx) {
      // Jump to this row's first column in range.
      it = std::lower_bound(it, cells_.end(), cell_pos{it->pos.row_idx, range.first.col_idx}, before);
      continue;
    }
    if (col > range.last.col_idx) {
      // Jump to the next row's first column in range.
      it = std::lower_bound(it, cells_.end(), cell_pos{it->pos.row_idx + 1, range.first.col_idx}, before);
      continue;
    }
    if (!visit(*it)) return;
    ++it;
  }
}

std::optional<cell_range> sheet_cells::used_range() const {
  if (cells_.empty()) return std::nullopt;
  cell_range r{cells_.front().pos, cells_.front().pos};
  for (const auto& c : cells_) {
    r.first.col_idx = std::min(r.first.col_idx, c.pos.col_idx);
    r.last.col_idx = std::max(r.last.col_idx, c.pos.col_idx);
  }
  r.last.row_idx = cells_.back().pos.row_idx;
  return r;
}

std::uint16_t sheet_cells::ignored_flags(cell_pos pos) const {
  std::uint16_t flags = 0;
  for (const auto& mark : ignored_)
    if ((mark.flags & ~flags) != 0 &&
        std::any_of(mark.ranges.begin(), mark.ranges.end(), [&](const cell_range& r) { return r.contains(pos); }))
      flags |= mark.flags;
  return flags;
}

std::uint32_t cell_store::intern(std::string_view s) {
  if (s.empty()) return 0;
  const auto [it, added] = text_index_.try_emplace(std::string(s), std::uint32_t(texts_.size()));
  if (added) texts_.emplace_back(s);
  return it->second;
}

result<cell_store> cell_store::load(const workbook& wb, std::uint64_t max_cells, std::uint64_t max_held_per_sheet) {
  cell_store store;
  std::uint64_t total = 0;
  store.sheets_.resize(wb.sheets().size());
  for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
    auto reader = wb.read_sheet(i);
    if (!reader) return util::unexpected<error>{reader.error()};
    sheet_cells& sheet = store.sheets_[i];
    bool sorted = true;
    std::uint64_t held = 0;
    row r;
    for (;;) {
      if (held >= max_held_per_sheet) {
        // Held in part: the rows so far, whole. The rest stays in the file.
        sheet.partial_ = true;
        break;
      }
      auto more = reader->next_row(r);
      if (!more) return util::unexpected<error>{more.error()};
      if (!*more) break;
      sheet.held_through_row_ = r.row_idx;
      for (const cell& c : r.cells) {
        const bool has_formula = c.formula_type != formula_kind::none;
        if (c.type == value_type::empty && !has_formula) continue;
        if (++total > max_cells)
          return fail(read_error::limit_exceeded, wb.path() + ": more than " + std::to_string(max_cells) +
                                                      " cells to hold in memory (limit max-cells)");
        stored_cell s;
        s.pos = c.pos;
        s.type = c.type;
        s.number = c.number;
        s.text = store.intern(c.text);
        s.formula = has_formula ? store.intern(c.formula) : 0;
        s.formula_type = c.formula_type;
        s.style_idx = c.style_idx;
        if (!sheet.cells_.empty() && !before(sheet.cells_.back(), s.pos)) sorted = false;
        sheet.cells_.push_back(s);
        ++held;
      }
    }
    if (!sheet.partial_) {
      sheet.merged_ = reader->merged_ranges();
      sheet.ignored_ = reader->ignored_errors();
    }
    if (!sorted) {
      // Writers almost always store cells in order; when one does not, sort, and let a cell
      // stored twice keep its last value, as Excel does on load.
      std::stable_sort(sheet.cells_.begin(), sheet.cells_.end(),
                       [](const stored_cell& a, const stored_cell& b) { return before(a, b.pos); });
      std::vector<stored_cell> unique;
      for (const auto& c : sheet.cells_) {
        if (!unique.empty() && unique.back().pos == c.pos) unique.back() = c;
        else unique.push_back(c);
      }
      sheet.cells_ = std::move(unique);
    }
  }
  return store;
}

}  // namespace returncheck::xlsx
