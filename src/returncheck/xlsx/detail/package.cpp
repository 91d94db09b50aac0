// Counting a package's parts by kind, by where Excel and other writers put them.
#include "returncheck/xlsx/detail/package.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace returncheck::xlsx::detail {
namespace {

using pf = package_feature;

// A part by its folder (the last one in its name) and the start and end of its file name, all
// in lower case; an empty field matches anything.
struct name_rule {
  pf feature;
  std::string_view folder;
  std::string_view prefix;
  std::string_view suffix;
};

// clang-format off
constexpr name_rule name_rules[] = {
    {pf::chart,             "charts",           "chart",                ".xml"},  // not style1.xml, colors1.xml
    {pf::drawing,           "drawings",         "drawing",              ".xml"},  // not vmlDrawing1.vml
    {pf::media,             "media",            "",                     ""},
    {pf::pivot_table,       "pivottables",      "pivottable",           ".xml"},
    {pf::pivot_cache,       "pivotcache",       "pivotcachedefinition", ".xml"},  // not its records
    {pf::vba_project,       "",                 "vbaproject.bin",       ""},
    {pf::threaded_comments, "threadedcomments", "threadedcomment",      ".xml"},
    {pf::comments,          "",                 "comments",             ".xml"},
    {pf::external_link,     "externallinks",    "externallink",         ".xml"},
    {pf::slicer,            "slicers",          "slicer",               ".xml"},
    {pf::timeline,          "timelines",        "timeline",             ".xml"},
    {pf::query_table,       "querytables",      "querytable",           ".xml"},
    {pf::connections,       "",                 "connections.xml",      ""},
    {pf::custom_xml,        "customxml",        "item",                 ".xml"},  // itemProps1.xml: see below
    {pf::embedded_object,   "embeddings",       "",                     ""},
    {pf::control,           "activex",          "activex",              ".xml"},  // not activeX1.bin
    {pf::control,           "ctrlprops",        "ctrlprop",             ".xml"},
    {pf::data_model,        "model",            "",                     ""},
    {pf::rich_data,         "richdata",         "rdrichvalue.xml",      ""},
    {pf::revision_log,      "revisions",        "revisionlog",          ".xml"},
    {pf::digital_signature, "_xmlsignatures",   "sig",                  ".xml"},
    {pf::custom_ui,         "",                 "customui",             ".xml"},
};

// For parts a writer put somewhere else: their declared content type.
constexpr std::pair<std::string_view, pf> content_type_rules[] = {
    {"application/vnd.openxmlformats-officedocument.drawingml.chart+xml",                pf::chart},
    {"application/vnd.ms-office.chartex+xml",                                            pf::chart},
    {"application/vnd.openxmlformats-officedocument.drawing+xml",                        pf::drawing},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml",       pf::pivot_table},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml", pf::pivot_cache},
    {"application/vnd.ms-office.vbaProject",                                             pf::vba_project},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",         pf::comments},
    {"application/vnd.ms-excel.threadedcomments+xml",                                    pf::threaded_comments},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",     pf::external_link},
    {"application/vnd.ms-excel.slicer+xml",                                              pf::slicer},
    {"application/vnd.ms-excel.timeline+xml",                                            pf::timeline},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.queryTable+xml",       pf::query_table},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml",      pf::connections},
    {"application/vnd.ms-office.activeX+xml",                                            pf::control},
    {"application/vnd.ms-excel.controlproperties+xml",                                   pf::control},
    {"application/vnd.ms-excel.rdrichvalue+xml",                                         pf::rich_data},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.revisionLog+xml",      pf::revision_log},
    {"application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml",        pf::digital_signature},
};
// clang-format on

std::optional<pf> by_name(std::string_view lower_name) {
  const auto slash = lower_name.rfind('/');
  const std::string_view file = slash == std::string_view::npos ? lower_name : lower_name.substr(slash + 1);
  std::string_view folder;
  if (slash != std::string_view::npos) {
    folder = lower_name.substr(0, slash);
    if (const auto up = folder.rfind('/'); up != std::string_view::npos) folder = folder.substr(up + 1);
  }
  for (const auto& r : name_rules) {
    if (!r.folder.empty() && folder != r.folder) continue;
    if (!file.starts_with(r.prefix) || !file.ends_with(r.suffix)) continue;
    // A custom XML item's properties are part of the item, not a second one.
    if (r.feature == pf::custom_xml && file.starts_with("itemprops")) return std::nullopt;
    return r.feature;
  }
  return std::nullopt;
}

}  // namespace

std::vector<feature_count> count_package_features(const zip_archive& zip,
                                                  const std::vector<std::pair<std::string, std::string>>& overrides,
                                                  bool workbook_protected) {
  std::unordered_map<std::string, std::string_view> type_of;
  for (const auto& [part, type] : overrides) type_of.emplace(lower_ascii(part), type);

  std::array<std::uint32_t, package_feature_count> counts{};
  for (const zip_entry& e : zip.entries()) {
    const std::string name = lower_ascii(e.name);
    // Folders are not parts; __MACOSX/ holds the Finder's shadow copies of a zip made on a Mac.
    if (name.empty() || name.back() == '/' || name.starts_with("__macosx/") ||
        name.find("/_rels/") != std::string::npos || name.starts_with("_rels/"))
      continue;
    std::optional<pf> f = by_name(name);
    if (!f) {
      if (const auto it = type_of.find(name); it != type_of.end())
        for (const auto& [type, feature] : content_type_rules)
          if (it->second == type) f = feature;
    }
    if (f) ++counts[static_cast<std::size_t>(*f)];
  }
  if (workbook_protected) counts[static_cast<std::size_t>(pf::workbook_protection)] = 1;

  std::vector<feature_count> out;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] > 0) out.push_back({static_cast<pf>(i), counts[i]});
  return out;
}

}  // namespace returncheck::xlsx::detail
