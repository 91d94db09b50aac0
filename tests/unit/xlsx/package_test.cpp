// Tests for counting what a package holds besides its sheets: charts, pivot tables, macros, notes.
#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {

std::ostream& operator<<(std::ostream& os, const feature_count& f) {
  return os << "{" << feature_name(f.feature) << " " << f.count << "}";
}

namespace {

using test::part;
using test::set_part;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;

// A one-sheet workbook with these extra parts (their content does not matter to the count).
std::vector<feature_count> features_of(const std::vector<std::string>& names,
                                       const std::string& content_types_overrides = "") {
  auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}});
  for (const auto& n : names) parts.push_back({n, "<x/>"});
  if (!content_types_overrides.empty()) {
    set_part(
        parts, "[Content_Types].xml",
        R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="xml" ContentType="application/xml"/>)"
        R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)" +
            content_types_overrides + "</Types>");
  }
  auto wb = workbook::open(write_zip(parts));
  if (!wb) throw std::runtime_error(wb.error().message);
  return wb->package_features();
}

TEST(package, parts_counted_by_kind) {
  const auto features = features_of({
      "xl/charts/chart1.xml",
      "xl/charts/chart2.xml",
      "xl/charts/chartEx1.xml",
      "xl/charts/style1.xml",
      "xl/charts/colors1.xml",
      "xl/charts/_rels/chart1.xml.rels",
      "xl/drawings/drawing1.xml",
      "xl/drawings/vmlDrawing1.vml",
      "xl/drawings/_rels/drawing1.xml.rels",
      "xl/media/image1.png",
      "xl/media/image2.jpeg",
      "xl/media/media1.mp4",
      "xl/pivotTables/pivotTable1.xml",
      "xl/pivotTables/pivotTable2.xml",
      "xl/pivotCache/pivotCacheDefinition1.xml",
      "xl/pivotCache/pivotCacheRecords1.xml",
      "xl/vbaProject.bin",
      "xl/comments1.xml",
      "xl/comments2.xml",
      "xl/threadedComments/threadedComment1.xml",
      "xl/persons/person.xml",
      "xl/externalLinks/externalLink1.xml",
      "xl/slicers/slicer1.xml",
      "xl/slicerCaches/slicerCache1.xml",
      "xl/timelines/timeline1.xml",
      "xl/timelineCaches/timelineCache1.xml",
      "xl/queryTables/queryTable1.xml",
      "xl/connections.xml",
      "customXml/item1.xml",
      "customXml/itemProps1.xml",
      "customXml/_rels/item1.xml.rels",
      "xl/embeddings/oleObject1.bin",
      "xl/embeddings/Microsoft_Excel_Worksheet.xlsx",
      "xl/activeX/activeX1.xml",
      "xl/activeX/activeX1.bin",
      "xl/ctrlProps/ctrlProp1.xml",
      "xl/model/item.data",
      "xl/richData/rdrichvalue.xml",
      "xl/richData/rdrichvaluestructure.xml",
      "xl/revisions/revisionLog1.xml",
      "xl/revisions/revisionHeaders.xml",
      "_xmlsignatures/sig1.xml",
      "_xmlsignatures/origin.sigs",
      "customUI/customUI14.xml",
      "xl/theme/theme1.xml",
      "xl/calcChain.xml",
      "xl/printerSettings/printerSettings1.bin",
      "docProps/core.xml",
  });
  using pf = package_feature;
  EXPECT_EQ(features,
            (std::vector<feature_count>{
                {pf::chart, 3},         {pf::drawing, 1},     {pf::media, 3},           {pf::pivot_table, 2},
                {pf::pivot_cache, 1},   {pf::vba_project, 1}, {pf::comments, 2},        {pf::threaded_comments, 1},
                {pf::external_link, 1}, {pf::slicer, 1},      {pf::timeline, 1},        {pf::query_table, 1},
                {pf::connections, 1},   {pf::custom_xml, 1},  {pf::embedded_object, 2}, {pf::control, 2},
                {pf::data_model, 1},    {pf::rich_data, 1},   {pf::revision_log, 1},    {pf::digital_signature, 1},
                {pf::custom_ui, 1},
            }));
}

TEST(package, a_plain_workbook_has_none) { EXPECT_TRUE(features_of({}).empty()); }

TEST(package, names_compare_without_case) {
  EXPECT_EQ(features_of({"XL/Media/IMAGE1.PNG", "xl/CHARTS/Chart1.XML", "xl/VBAPROJECT.BIN"}),
            (std::vector<feature_count>{
                {package_feature::chart, 1}, {package_feature::media, 1}, {package_feature::vba_project, 1}}));
}

TEST(package, parts_in_unusual_places_by_their_content_type) {
  const auto features = features_of(
      {"xl/graphs/graph1.xml", "xl/notes/note1.xml", "xl/other/thing1.xml"},
      R"(<Override PartName="/xl/graphs/graph1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>)"
      R"(<Override PartName="/XL/Notes/Note1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>)"
      R"(<Override PartName="/xl/other/thing1.xml" ContentType="application/xml"/>)");
  EXPECT_EQ(features, (std::vector<feature_count>{{package_feature::chart, 1}, {package_feature::comments, 1}}));
}

TEST(package, folders_and_mac_shadow_files_are_not_parts) {
  EXPECT_EQ(features_of(
                {"xl/media/", "__MACOSX/xl/media/._image1.png", "__MACOSX/xl/._vbaProject.bin", "xl/media/image1.png"}),
            (std::vector<feature_count>{{package_feature::media, 1}}));
}

}  // namespace
}  // namespace returncheck::xlsx
