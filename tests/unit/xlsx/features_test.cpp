// The package features' names: one per kind, stable, and the same in JSON and in words.
#include "returncheck/xlsx/features.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace returncheck::xlsx {
namespace {

// Every enumerator, as written in features.hpp. A new kind without a row here fails below, so
// that its names are chosen on purpose: scripts read them from inspect --json.
struct named {
  package_feature feature;
  std::string name;
  std::string label;
};

const std::vector<named> all = {
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
};

TEST(features, every_kind_has_its_names) {
  ASSERT_EQ(all.size(), package_feature_count);
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE(all[i].name);
    EXPECT_EQ(static_cast<std::size_t>(all[i].feature), i);
    EXPECT_EQ(feature_name(all[i].feature), all[i].name);
    EXPECT_EQ(feature_label(all[i].feature), all[i].label);
  }
}

TEST(features, names_are_unique_snake_case) {
  std::set<std::string> seen;
  for (const auto& f : all) {
    EXPECT_TRUE(seen.insert(f.name).second) << f.name;
    for (char c : f.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << f.name;
  }
}

}  // namespace
}  // namespace returncheck::xlsx
