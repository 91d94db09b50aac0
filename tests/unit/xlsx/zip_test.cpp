// Tests for the zip layer: what is refused before any XML is read, part names, and the caps.
#include "returncheck/xlsx/detail/zip.hpp"

#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx::detail {
namespace {

using test::part;
using test::workbook_parts;
using test::worksheet;
using test::write_file;
using test::write_zip;

// Inflates a whole part through open_part/read, as the readers do.
result<std::string> drain(const zip_archive& zip, std::string_view name) {
  auto stream = zip.open_part(name);
  if (!stream) return util::unexpected<error>{stream.error()};
  std::string out;
  std::vector<char> buf(1 << 16);
  for (;;) {
    auto n = stream->read(buf.data(), buf.size());
    if (!n) return util::unexpected<error>{n.error()};
    if (*n == 0) return out;
    out.append(buf.data(), *n);
  }
}

// Bytes that deflate cannot shrink, so the compression ratio stays near 1.
std::string incompressible(std::size_t size, std::uint32_t seed) {
  std::string s(size, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = char(x >> 24);
  }
  return s;
}

// An OLE compound file as far as the reader looks at it: the signature, then a directory
// entry naming a stream in UTF-16LE, somewhere in the padding.
std::string ole_file(std::string_view stream_name) {
  std::string bytes = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  bytes += std::string(504, '\0');
  for (char c : stream_name) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  bytes += std::string(1024, '\0');
  return bytes;
}

struct entry_spec {
  std::string name;
  std::string content;
  int method = Z_DEFLATED;
  const char* password = nullptr;
};

// A zip whose entries may be stored or encrypted, which write_zip does not make.
std::string write_zip_entries(const std::vector<entry_spec>& entries, const std::string& file_name) {
  const std::string path = write_file("", file_name);
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (zf == nullptr) throw std::runtime_error("cannot create " + path);
  for (const auto& e : entries) {
    zip_fileinfo info{};
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(e.content.data()), uInt(e.content.size()));
    if (zipOpenNewFileInZip3_64(zf, e.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, e.method,
                                Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                e.password, crc, 0) != ZIP_OK ||
        zipWriteInFileInZip(zf, e.content.data(), unsigned(e.content.size())) != ZIP_OK)
      throw std::runtime_error("cannot write " + e.name);
    if (zipCloseFileInZip(zf) != ZIP_OK)
      throw std::runtime_error("cannot close " + e.name);
  }
  zipClose(zf, nullptr);
  return path;
}

void expect_error(const result<zip_archive>& r, read_error code, const std::string& message) {
  ASSERT_FALSE(r.has_value()) << "opened, but expected: " << message;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_EQ(r.error().message, message);
}

TEST(zip, nonexistent_file) {
  const std::string path = testing::TempDir() + "/no-such-folder/missing.xlsx";
  expect_error(zip_archive::open(path, {}), read_error::cannot_open,
               path + ": cannot open the file: No such file or directory");
  auto wb = workbook::open(path);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::cannot_open);
}

TEST(zip, folder_and_other_files_that_are_not_regular) {
  const std::string dir = testing::TempDir() + "/a-folder.xlsx";
  std::filesystem::create_directories(dir);
  expect_error(zip_archive::open(dir, {}), read_error::cannot_open, dir + ": is a folder, not a workbook file");
  // A pipe is refused at once, without waiting for a writer that may never come.
  const std::string fifo = testing::TempDir() + "/pipe.xlsx";
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string not_regular = ": is not a regular file (a pipe or a device); save the workbook to a file to check it";
  expect_error(zip_archive::open(fifo, {}), read_error::cannot_open, fifo + not_regular);
  expect_error(zip_archive::open("/dev/null", {}), read_error::cannot_open, "/dev/null" + not_regular);
}

TEST(zip, large_files_are_read_through_the_descriptor_and_small_ones_from_memory) {
  // Either way every part comes back whole, from several streams open at once.
  for (const std::size_t size : {std::size_t(100000), std::size_t(6u << 20)}) {
    SCOPED_TRACE(size);
    const std::string a = incompressible(size, 11), b = incompressible(size / 2, 12);
    const std::string path = write_zip({{"a.bin", a}, {"b.bin", b}}, "sizes.xlsx");
    auto zip = zip_archive::open(path, {});
    ASSERT_TRUE(zip.has_value()) << zip.error().message;
    auto first = zip->open_part("a.bin");
    auto second = zip->open_part("b.bin");
    ASSERT_TRUE(first.has_value() && second.has_value());
    std::string got_a, got_b;
    std::vector<char> buf(4096);
    for (bool more = true; more;) {
      more = false;
      for (auto [stream, got] : {std::pair{&*first, &got_a}, std::pair{&*second, &got_b}}) {
        auto n = stream->read(buf.data(), buf.size());
        ASSERT_TRUE(n.has_value()) << n.error().message;
        got->append(buf.data(), *n);
        more = more || *n > 0;
      }
    }
    EXPECT_TRUE(got_a == a);
    EXPECT_TRUE(got_b == b);
  }
}

TEST(zip, a_small_file_is_read_once) {
  // Held in memory, the parts can still be read after the file is gone.
  const std::string path = write_zip({{"a.xml", "<a/>"}}, "read-once.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value());
  std::filesystem::remove(path);
  EXPECT_EQ(zip->read_part("a.xml").value(), "<a/>");
}

TEST(zip, empty_file) {
  const std::string path = write_file("", "empty.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::not_a_zip, path + ": the file is empty");
}

TEST(zip, plain_text) {
  const std::string path = write_file("Name,Value\nLooked After Children,229\n", "table.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::not_a_zip,
               path + ": not a zip archive, so not an .xlsx workbook");
}

TEST(zip, shorter_than_a_signature) {
  const std::string path = write_file("PK", "short.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::corrupt_zip,
               path + ": the zip archive is damaged or truncated (no readable central directory)");
  const std::string one = write_file("x", "one.xlsx");
  expect_error(zip_archive::open(one, {}), read_error::not_a_zip,
               one + ": not a zip archive, so not an .xlsx workbook");
}

TEST(zip, encrypted_workbook) {
  const std::string path = write_file(ole_file("EncryptedPackage"), "protected.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::encrypted,
               path + ": the workbook is password-protected (encrypted); open it in Excel and save an "
                      "unprotected copy to check it");
  const std::string info_only = write_file(ole_file("EncryptionInfo"), "protected2.xlsx");
  expect_error(zip_archive::open(info_only, {}), read_error::encrypted,
               info_only + ": the workbook is password-protected (encrypted); open it in Excel and save an "
                           "unprotected copy to check it");
}

TEST(zip, legacy_xls) {
  const std::string path = write_file(ole_file("Workbook"), "old.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::legacy_xls,
               path + ": this is a legacy .xls workbook (an OLE container), not .xlsx; save it as .xlsx in "
                      "Excel or LibreOffice to check it");
  auto wb = workbook::open(path);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::legacy_xls);
}

TEST(zip, other_ole_document) {
  const std::string path = write_file(ole_file("WordDocument"), "old.doc");
  // "WordDocument" holds neither "Workbook" nor "EncryptedPackage" in UTF-16LE.
  expect_error(zip_archive::open(path, {}), read_error::not_a_zip,
               path + ": this is an OLE compound document, not an .xlsx workbook");
}

TEST(zip, truncated_to_half) {
  auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}});
  parts.push_back({"xl/media/filler.bin", incompressible(20000, 1)});
  const std::string whole = test::read_file(write_zip(parts));
  ASSERT_GT(whole.size(), 20000u);
  const std::string path = write_file(whole.substr(0, whole.size() / 2), "half.xlsx");
  expect_error(zip_archive::open(path, {}), read_error::corrupt_zip,
               path + ": the zip archive is damaged or truncated (no readable central directory)");
  auto wb = workbook::open(path);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::corrupt_zip);
}

TEST(zip, damaged_compressed_data) {
  // The central directory is intact but the deflated bytes of the only part are not.
  const std::string content = incompressible(50000, 2);
  std::string bytes = test::read_file(write_zip({{"data.bin", content}}));
  // The local header is 30 bytes plus the name; the data follows.
  for (std::size_t i = 30 + 8 + 100; i < 30 + 8 + 20000; i += 7) bytes[i] = char(~bytes[i]);
  const std::string path = write_file(bytes, "damaged.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto data = drain(*zip, "data.bin");
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code, read_error::corrupt_zip);
  EXPECT_TRUE(data.error().message.starts_with(path + ": data.bin: ")) << data.error().message;
}

TEST(zip, reads_parts_back) {
  const std::string path = write_zip({{"a.xml", "<a/>"}, {"dir/b.txt", "hello"}, {"empty", ""}});
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  EXPECT_EQ(zip->path(), path);
  ASSERT_EQ(zip->entries().size(), 3u);
  EXPECT_EQ(zip->entries()[0].name, "a.xml");
  EXPECT_EQ(zip->entries()[1].name, "dir/b.txt");
  EXPECT_EQ(zip->entries()[1].uncompressed, 5u);
  EXPECT_EQ(drain(*zip, "a.xml").value(), "<a/>");
  EXPECT_EQ(zip->read_part("dir/b.txt").value(), "hello");
  EXPECT_EQ(zip->read_part("empty").value(), "");
}

TEST(zip, part_names_ignore_case_and_a_leading_slash) {
  const std::string path = write_zip({{"xl/Workbook.xml", "<workbook/>"}});
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  for (const char* name : {"xl/Workbook.xml", "xl/workbook.xml", "XL/WORKBOOK.XML", "/xl/workbook.xml"}) {
    SCOPED_TRACE(name);
    const zip_entry* e = zip->find(name);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->name, "xl/Workbook.xml");  // as stored
  }
  EXPECT_EQ(zip->find("xl/workbook"), nullptr);
  EXPECT_EQ(zip->read_part("XL/workbook.XML").value(), "<workbook/>");
}

TEST(zip, backslashes_in_part_names) {
  // Some writers on Windows store "xl\worksheets\sheet1.xml".
  auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>42</v></c></row>)")}});
  for (auto& p : parts)
    for (char& c : p.name)
      if (c == '/') c = '\\';
  const std::string path = write_zip(parts);
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  const zip_entry* e = zip->find("xl/worksheets/sheet1.xml");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "xl/worksheets/sheet1.xml");

  auto wb = workbook::open(path);
  ASSERT_TRUE(wb.has_value()) << wb.error().message;
  ASSERT_EQ(wb->sheets().size(), 1u);
  auto reader = wb->read_sheet(0);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  row r;
  auto more = reader->next_row(r);
  ASSERT_TRUE(more.has_value()) << more.error().message;
  ASSERT_TRUE(*more);
  ASSERT_EQ(r.cells.size(), 1u);
  EXPECT_EQ(r.cells[0].number, 42);
}

TEST(zip, first_of_two_entries_with_one_name_wins) {
  const std::string path = write_zip({{"a.xml", "first"}, {"A.XML", "second"}});
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  EXPECT_EQ(zip->read_part("a.xml").value(), "first");
  EXPECT_EQ(zip->read_part("A.XML").value(), "first");
}

TEST(zip, missing_part) {
  const std::string path = write_zip({{"a.xml", "<a/>"}});
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto s = zip->open_part("xl/workbook.xml");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, read_error::missing_part);
  EXPECT_EQ(s.error().message, path + ": the part xl/workbook.xml is missing");
}

TEST(zip, stored_parts_are_read) {
  const std::string path = write_zip_entries({{"stored.xml", "<stored/>", 0}, {"deflated.xml", "<deflated/>"}}, "stored.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  EXPECT_EQ(zip->find("stored.xml")->method, 0);
  EXPECT_EQ(zip->read_part("stored.xml").value(), "<stored/>");
  EXPECT_EQ(zip->read_part("deflated.xml").value(), "<deflated/>");
}

TEST(zip, encrypted_entry_is_unsupported) {
  const std::string path = write_zip_entries({{"xl/workbook.xml", "<workbook/>", Z_DEFLATED, "secret"}}, "zipcrypto.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  ASSERT_TRUE(zip->find("xl/workbook.xml")->encrypted);
  auto s = zip->open_part("xl/workbook.xml");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, read_error::unsupported);
  EXPECT_EQ(s.error().message,
            path + ": xl/workbook.xml is encrypted inside the zip (zip passwords are not supported)");
}

TEST(zip, other_compression_method_is_unsupported) {
  // A stored entry relabelled as bzip2 (method 12) in its local and central headers.
  std::string bytes = test::read_file(write_zip_entries({{"xl/workbook.xml", "BZh9", 0}}, "stored.xlsx"));
  ASSERT_EQ(bytes.compare(0, 4, "PK\x03\x04"), 0);
  bytes[8] = 12;
  const auto central = bytes.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  bytes[central + 10] = 12;
  const std::string path = write_file(bytes, "bzip2.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto s = zip->open_part("xl/workbook.xml");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, read_error::unsupported);
  EXPECT_EQ(s.error().message, path + ": xl/workbook.xml uses zip compression method 12 (only stored and "
                                      "deflate are supported)");
}

// The ratio is measured against the compressed bytes read so far, so a bomb stops within its
// first megabytes, not after inflating all it holds.
TEST(zip, bomb_stops_early) {
  const std::string path = write_zip({{"xl/worksheets/sheet1.xml", std::string(256u << 20, '<')}}, "bomb.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto stream = zip->open_part("xl/worksheets/sheet1.xml");
  ASSERT_TRUE(stream.has_value());
  std::vector<char> buf(1 << 16);
  std::uint64_t read_before_error = 0;
  for (;;) {
    auto n = stream->read(buf.data(), buf.size());
    if (!n) {
      EXPECT_EQ(n.error().code, read_error::limit_exceeded);
      break;
    }
    ASSERT_NE(*n, 0u) << "a 256 MiB bomb inflated to its end";
    read_before_error += *n;
  }
  EXPECT_LT(read_before_error, 64u << 20);
}

TEST(zip, compression_ratio_cap) {
  const std::string path = write_zip({{"xl/worksheets/sheet1.xml", std::string(20u << 20, '\0')}}, "bomb.xlsx");
  {
    auto zip = zip_archive::open(path, {});
    ASSERT_TRUE(zip.has_value()) << zip.error().message;
    auto data = drain(*zip, "xl/worksheets/sheet1.xml");
    ASSERT_FALSE(data.has_value()) << "20 MiB of zeros inflated under the default ratio cap";
    EXPECT_EQ(data.error().code, read_error::limit_exceeded);
    EXPECT_EQ(data.error().message,
              path + ": xl/worksheets/sheet1.xml inflates to more than 200 times its compressed size, like a "
                     "decompression bomb (limit max-ratio; raise it with --max-ratio)");
  }
  limits caps;
  caps.max_ratio = 5000;
  auto zip = zip_archive::open(path, caps);
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto data = drain(*zip, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(data.has_value()) << data.error().message;
  EXPECT_EQ(data->size(), 20u << 20);
}

TEST(zip, small_parts_may_compress_very_well) {
  // 512 KiB of zeros compress far beyond 1000:1 but are below the grace size.
  const std::string path = write_zip({{"zeros.bin", std::string(512u << 10, '\0')}});
  limits caps;
  caps.max_ratio = 2;
  auto zip = zip_archive::open(path, caps);
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto data = drain(*zip, "zeros.bin");
  ASSERT_TRUE(data.has_value()) << data.error().message;
  EXPECT_EQ(data->size(), 512u << 10);
}

TEST(zip, inflated_total_cap) {
  const std::string path =
      write_zip({{"a.bin", incompressible(600u << 10, 3)}, {"b.bin", incompressible(600u << 10, 4)}}, "total.xlsx");
  limits caps;
  caps.max_inflated_bytes = 1u << 20;
  auto zip = zip_archive::open(path, caps);
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  ASSERT_TRUE(drain(*zip, "a.bin").has_value());
  auto b = drain(*zip, "b.bin");
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().code, read_error::limit_exceeded);
  EXPECT_EQ(b.error().message,
            path + ": the workbook inflates to more than 1 MiB (limit max-inflated; raise it with --max-inflated)");
}

TEST(zip, inflated_total_cap_through_workbook) {
  auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}});
  limits caps;
  caps.max_inflated_bytes = 100;  // less than the package's own XML
  const std::string path = write_zip(parts);
  auto wb = workbook::open(path, caps);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::limit_exceeded);
  EXPECT_NE(wb.error().message.find("(limit max-inflated; raise it with --max-inflated)"), std::string::npos)
      << wb.error().message;
}

TEST(zip, part_size_cap) {
  const std::string path = write_zip({{"xl/big.bin", incompressible(1536u << 10, 5)}}, "big.xlsx");
  limits caps;
  caps.max_part_bytes = 1u << 20;
  auto zip = zip_archive::open(path, caps);
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  auto data = drain(*zip, "xl/big.bin");
  ASSERT_FALSE(data.has_value());
  EXPECT_EQ(data.error().code, read_error::limit_exceeded);
  EXPECT_EQ(data.error().message,
            path + ": xl/big.bin inflates to more than 1 MiB (limit max-part; raise it with --max-part)");

  caps.max_part_bytes = 2u << 20;
  auto zip2 = zip_archive::open(path, caps);
  ASSERT_TRUE(zip2.has_value());
  auto whole = drain(*zip2, "xl/big.bin");
  ASSERT_TRUE(whole.has_value()) << whole.error().message;
  EXPECT_EQ(*whole, incompressible(1536u << 10, 5));
}

TEST(zip, part_size_cap_on_a_sheet) {
  std::string rows;
  for (int i = 1; i <= 40000; ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>" + std::to_string(i * 7) +
            "</v></c></row>";
  const std::string path = write_zip(workbook_parts({{"Sheet1", worksheet(rows)}}));
  limits caps;
  caps.max_part_bytes = 1u << 20;
  auto wb = workbook::open(path, caps);
  ASSERT_TRUE(wb.has_value()) << wb.error().message;
  auto reader = wb->read_sheet(0);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  row r;
  for (;;) {
    auto more = reader->next_row(r);
    if (!more) {
      EXPECT_EQ(more.error().code, read_error::limit_exceeded);
      EXPECT_EQ(more.error().message, path + ": xl/worksheets/sheet1.xml inflates to more than 1 MiB (limit "
                                             "max-part; raise it with --max-part)");
      return;
    }
    ASSERT_TRUE(*more) << "the sheet was read whole despite max-part";
  }
}

TEST(zip, read_part_cap) {
  const std::string path = write_zip({{"_rels/.rels", incompressible(3u << 20, 7)}});
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value());
  auto r = zip->read_part("_rels/.rels", 1u << 20);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, read_error::limit_exceeded);
  EXPECT_EQ(r.error().message,
            path + ": _rels/.rels is larger than 1 MiB, too large for a package part of its kind");
}

TEST(zip, prefetch_stream_gives_the_same_bytes) {
  const std::string content = incompressible(3u << 20, 6) + std::string(1u << 20, 'z');
  const std::string path = write_zip({{"xl/worksheets/sheet1.xml", content}}, "prefetch.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value()) << zip.error().message;
  // Small chunks and odd read sizes, so reads straddle chunks in every way; and the same part
  // read on the caller's thread, as a small part is.
  for (const std::size_t chunk : {std::size_t(1000), std::size_t(64u << 10), std::size_t(256u << 10), std::size_t(0)}) {
    SCOPED_TRACE(chunk);
    auto stream = zip->open_part("xl/worksheets/sheet1.xml");
    ASSERT_TRUE(stream.has_value());
    const std::uint64_t min_thread_bytes = chunk == 0 ? std::uint64_t(-1) : 0;
    prefetch_stream pre(std::move(*stream), chunk == 0 ? 4096 : chunk, 2, min_thread_bytes);
    EXPECT_EQ(pre.part(), "xl/worksheets/sheet1.xml");
    std::string got;
    std::vector<char> buf(70001);
    std::size_t want = 1;
    for (;;) {
      auto n = pre.read(buf.data(), want);
      ASSERT_TRUE(n.has_value()) << n.error().message;
      if (*n == 0) break;
      ASSERT_LE(*n, want);
      got.append(buf.data(), *n);
      want = want * 7 % buf.size() + 1;
    }
    ASSERT_EQ(got.size(), content.size());
    EXPECT_TRUE(got == content);
    auto after = pre.read(buf.data(), buf.size());
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(*after, 0u);
  }
}

TEST(zip, prefetch_stream_passes_errors_on) {
  const std::string path = write_zip({{"big.bin", incompressible(3u << 20, 7)}}, "prefetch-cap.xlsx");
  limits caps;
  caps.max_part_bytes = 2u << 20;
  auto zip = zip_archive::open(path, caps);
  ASSERT_TRUE(zip.has_value());
  auto stream = zip->open_part("big.bin");
  ASSERT_TRUE(stream.has_value());
  prefetch_stream pre(std::move(*stream), 64u << 10, 3);
  std::vector<char> buf(100000);
  std::size_t total = 0;
  for (;;) {
    auto n = pre.read(buf.data(), buf.size());
    if (!n) {
      EXPECT_EQ(n.error().code, read_error::limit_exceeded);
      EXPECT_EQ(n.error().message,
                path + ": big.bin inflates to more than 2 MiB (limit max-part; raise it with --max-part)");
      break;
    }
    ASSERT_NE(*n, 0u) << "read to the end despite max-part";
    total += *n;
  }
  EXPECT_LE(total, 2u << 20);  // every byte before the cap, none after
}

TEST(zip, prefetch_stream_may_be_dropped_unread) {
  const std::string path = write_zip({{"big.bin", incompressible(2u << 20, 8)}}, "prefetch-drop.xlsx");
  auto zip = zip_archive::open(path, {});
  ASSERT_TRUE(zip.has_value());
  for (int reads = 0; reads < 3; ++reads) {
    auto stream = zip->open_part("big.bin");
    ASSERT_TRUE(stream.has_value());
    prefetch_stream pre(std::move(*stream), 4096, 2);
    std::vector<char> buf(5000);
    for (int i = 0; i < reads; ++i) ASSERT_TRUE(pre.read(buf.data(), buf.size()).has_value());
    // The destructor stops the worker, which may be waiting for room or inflating.
  }
}

TEST(zip, lower_ascii) {
  EXPECT_EQ(lower_ascii("XL/Workbook.XML"), "xl/workbook.xml");
  EXPECT_EQ(lower_ascii("[Content_Types].xml"), "[content_types].xml");
  EXPECT_EQ(lower_ascii("\xC3\x84"), "\xC3\x84");  // non-ASCII bytes unchanged
}

}  // namespace
}  // namespace returncheck::xlsx::detail
