// The names of the package features, one table for JSON keys and for words.
#include "returncheck/xlsx/features.hpp"

#include <array>

namespace returncheck::xlsx {
namespace {

struct feature_row {
  package_feature feature;
  std::string_view name;
  std::string_view label;
};

// In enum order, which the static_assert below keeps.
constexpr std::array<feature_row, package_feature_count> table{{
    {package_feature::chart, "chart", "charts"},
    {package_feature::drawing, "drawing", "drawings"},
    {package_feature::media, "media", "images and media"},
    {package_feature::pivot_table, "pivot_table", "pivot tables"},
    {package_feature::pivot_cache, "pivot_cache", "pivot caches"},
    {package_feature::vba_project, "vba_project", "VBA macros"},
    {package_feature::comments, "comments", "notes"},
    {package_feature::threaded_comments, "threaded_comments", "threaded comments"},
    {package_feature::external_link, "external_link", "external links"},
    {package_feature::slicer, "slicer", "slicers"},
    {package_feature::timeline, "timeline", "timelines"},
    {package_feature::query_table, "query_table", "query tables"},
    {package_feature::connections, "connections", "data connections"},
    {package_feature::custom_xml, "custom_xml", "custom XML parts"},
    {package_feature::embedded_object, "embedded_object", "embedded objects"},
    {package_feature::control, "control", "controls"},
    {package_feature::data_model, "data_model", "data model parts"},
    {package_feature::rich_data, "rich_data", "rich data"},
    {package_feature::revision_log, "revision_log", "revision logs"},
    {package_feature::digital_signature, "digital_signature", "digital signatures"},
    {package_feature::custom_ui, "custom_ui", "ribbon customisations"},
    {package_feature::workbook_protection, "workbook_protection", "workbook protection"},
}};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].feature) != i) return false;
  return true;
}
static_assert(in_enum_order(), "the feature table must list the features in enum order");

}  // namespace

std::string_view feature_name(package_feature f) { return table[static_cast<std::size_t>(f)].name; }
std::string_view feature_label(package_feature f) { return table[static_cast<std::size_t>(f)].label; }

}  // namespace returncheck::xlsx
