// Builds small .xlsx packages for tests, part by part, so each case shows exactly what it reads.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace returncheck::test {

// The namespaces of transitional OOXML that hand-written test parts need.
inline const std::string main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline const std::string rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline const std::string pkg_rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships";

struct part {
  std::string name;
  std::string content;
};

// Writes the parts as a zip (deflated) to a new file in the test's temporary folder.
std::string write_zip(const std::vector<part>& parts, const std::string& file_name = "book.xlsx");

// As write_zip, but every part is stored uncompressed, so that tests can find and change its bytes.
std::string write_zip_stored(const std::vector<part>& parts, const std::string& file_name = "book.xlsx");

// Writes raw bytes to a new file in the temporary folder.
std::string write_file(const std::string& bytes, const std::string& file_name);

// A worksheet part around the given <sheetData> content and anything after it (mergeCells, ...).
std::string worksheet(const std::string& sheet_data, const std::string& after = "");

// The parts of a minimal valid workbook: one worksheet per (name, worksheet XML), plus a
// shared-strings table (the <si> elements) and cellXfs/numFmts when given.
std::vector<part> workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                                 const std::string& shared_strings_si = "",
                                 const std::string& styles_xml = "",
                                 const std::string& workbook_pr = "");

// A styles part whose cellXfs use these number-format ids, with custom formats (id, code).
std::string styles(const std::vector<unsigned>& xf_num_fmt_ids,
                   const std::vector<std::pair<unsigned, std::string>>& custom = {});

// Replaces the content of the part with this name, or adds the part when there is none.
void set_part(std::vector<part>& parts, const std::string& name, const std::string& content);

// Drops the part with this name (a no-op when there is none).
void remove_part(std::vector<part>& parts, const std::string& name);

// The bytes of a file, for tests that damage a package after writing it.
std::string read_file(const std::string& path);

}  // namespace returncheck::test
