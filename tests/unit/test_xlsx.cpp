// Builds small .xlsx packages for tests.
#include "test_xlsx.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <unistd.h>

namespace returncheck::test {
namespace {

std::string temp_path(const std::string& file_name) {
  static std::atomic<int> counter{0};
  const auto dir = std::filesystem::path(testing::TempDir()) /
                   ("returncheck-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  return (dir / file_name).string();
}

std::string escape_attr(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else if (c == '<') out += "&lt;";
    else out += c;
  }
  return out;
}

std::string write_zip_with(const std::vector<part>& parts, const std::string& file_name, int method) {
  const std::string path = temp_path(file_name);
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zf == nullptr) throw std::runtime_error("cannot create " + path);
  for (const auto& p : parts) {
    zip_fileinfo info{};
    if (zipOpenNewFileInZip64(zf, p.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, method,
                              method == 0 ? 0 : Z_DEFAULT_COMPRESSION, 0) != ZIP_OK ||
        zipWriteInFileInZip(zf, p.content.data(), unsigned(p.content.size())) != ZIP_OK ||
        zipCloseFileInZip(zf) != ZIP_OK)
      throw std::runtime_error("cannot write " + p.name);
  }
  zipClose(zf, nullptr);
  return path;
}

}  // namespace

std::string write_zip(const std::vector<part>& parts, const std::string& file_name) {
  return write_zip_with(parts, file_name, Z_DEFLATED);
}

std::string write_zip_stored(const std::vector<part>& parts, const std::string& file_name) {
  return write_zip_with(parts, file_name, 0);
}

std::string write_file(const std::string& bytes, const std::string& file_name) {
  const std::string path = temp_path(file_name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string worksheet(const std::string& sheet_data, const std::string& after) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         "\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<sheetData>" + sheet_data + "</sheetData>" + after + "</worksheet>";
}

std::string styles(const std::vector<unsigned>& xf_num_fmt_ids, const std::vector<std::pair<unsigned, std::string>>& custom) {
  std::string s = R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  if (!custom.empty()) {
    s += "<numFmts count=\"" + std::to_string(custom.size()) + "\">";
    for (const auto& [id, code] : custom)
      s += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + escape_attr(code) + "\"/>";
    s += "</numFmts>";
  }
  s += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"" +
       std::to_string(xf_num_fmt_ids.size()) + "\">";
  for (unsigned id : xf_num_fmt_ids) s += "<xf numFmtId=\"" + std::to_string(id) + "\" xfId=\"0\"/>";
  s += "</cellXfs></styleSheet>";
  return s;
}

std::vector<part> workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                                 const std::string& shared_strings_si, const std::string& styles_xml,
                                 const std::string& workbook_pr) {
  std::string types =
      R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)";
  std::string workbook = "<?xml version=\"1.0\"?><workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns + "\">" +
                         workbook_pr + "<sheets>";
  std::string rels = R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  std::vector<part> parts;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"" + escape_attr(sheets[i].first) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    parts.push_back({"xl/worksheets/sheet" + n + ".xml", sheets[i].second});
  }
  workbook += "</sheets></workbook>";
  if (!shared_strings_si.empty()) {
    rels += "<Relationship Id=\"rIdS\" Type=\"" + rel_ns + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    parts.push_back({"xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"" + main_ns + "\">" + shared_strings_si + "</sst>"});
  }
  if (!styles_xml.empty()) {
    rels += "<Relationship Id=\"rIdT\" Type=\"" + rel_ns + "/styles\" Target=\"styles.xml\"/>";
    parts.push_back({"xl/styles.xml", styles_xml});
  }
  rels += "</Relationships>";
  types += "</Types>";
  parts.push_back({"[Content_Types].xml", types});
  parts.push_back({"_rels/.rels",
                   R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
                   "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"});
  parts.push_back({"xl/workbook.xml", workbook});
  parts.push_back({"xl/_rels/workbook.xml.rels", rels});
  return parts;
}

void set_part(std::vector<part>& parts, const std::string& name, const std::string& content) {
  for (auto& p : parts) {
    if (p.name == name) {
      p.content = content;
      return;
    }
  }
  parts.push_back({name, content});
}

void remove_part(std::vector<part>& parts, const std::string& name) {
  std::erase_if(parts, [&](const part& p) { return p.name == name; });
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace returncheck::test
