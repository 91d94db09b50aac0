// Tests for atomic file output: whole files or nothing, no temporary left behind, inputs never
// written over.
#include "returncheck/util/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "unit/temp_files.hpp"

namespace returncheck::util {
namespace {

namespace fs = std::filesystem;

using test::names_in;
using test::read_bytes;
using test::write_bytes;

fs::path fresh_dir() { return test::fresh_dir("atomic"); }

using names = std::vector<std::string>;

TEST(atomic_file, writes_the_content) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.json";
  const auto written = write_atomically(target, "{\"format\":1}\n");
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(read_bytes(target), "{\"format\":1}\n");
  EXPECT_EQ(names_in(dir), names{"report.json"});
}

TEST(atomic_file, empty_content_gives_an_empty_file) {
  const fs::path dir = fresh_dir();
  ASSERT_TRUE(write_atomically(dir / "empty.csv", ""));
  EXPECT_TRUE(fs::exists(dir / "empty.csv"));
  EXPECT_EQ(fs::file_size(dir / "empty.csv"), 0u);
  EXPECT_EQ(names_in(dir), names{"empty.csv"});
}

TEST(atomic_file, an_existing_target_is_replaced_whole) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.csv";
  write_bytes(target, std::string(10000, 'x'));
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
  ASSERT_TRUE(write_atomically(target, "short"));
  EXPECT_EQ(read_bytes(target), "short");
  EXPECT_EQ(names_in(dir), names{"report.csv"});
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::mask,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST(atomic_file, without_flushing_each_file_the_write_is_still_whole_and_renamed) {
  // A batch worker leaves the flush to its parent: the file and the rename are the same.
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.html";
  write_bytes(target, "old");
  set_flush_each_file(false);
  const auto written = write_atomically(target, "<p>new</p>");
  const auto with = write_atomically_with(dir / "book.xlsx", [](const fs::path& temporary) -> write_result {
    write_bytes(temporary, "PK");
    return ok;
  });
  set_flush_each_file(true);
  ASSERT_TRUE(written) << written.error();
  ASSERT_TRUE(with) << with.error();
  EXPECT_EQ(read_bytes(target), "<p>new</p>");
  EXPECT_EQ(read_bytes(dir / "book.xlsx"), "PK");
  EXPECT_EQ(names_in(dir), (names{"book.xlsx", "report.html"}));
}

TEST(atomic_file, a_new_file_gets_the_umask_permissions_not_mkstemp_ones) {
  const fs::path dir = fresh_dir();
  const mode_t old = ::umask(022);
  const auto written = write_atomically(dir / "report.json", "{}");
  ::umask(old);
  ASSERT_TRUE(written);
  EXPECT_EQ(fs::status(dir / "report.json").permissions() & fs::perms::mask,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(atomic_file, a_relative_target_in_the_current_folder) {
  const fs::path dir = fresh_dir();
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const auto written = write_atomically("plain.txt", "here");
  fs::current_path(before);
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(read_bytes(dir / "plain.txt"), "here");
  EXPECT_EQ(names_in(dir), names{"plain.txt"});
}

TEST(atomic_file, a_missing_folder_is_an_error_naming_the_path) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "no-such-folder" / "report.json";
  const auto written = write_atomically(target, "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), target.string() + ": cannot create a temporary file in " +
                                 (dir / "no-such-folder").string() + ": No such file or directory");
  EXPECT_EQ(names_in(dir), names{});
}

TEST(atomic_file, a_file_where_the_folder_should_be_is_an_error) {
  const fs::path dir = fresh_dir();
  write_bytes(dir / "out", "a file");
  const fs::path target = dir / "out" / "report.json";
  const auto written = write_atomically(target, "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(),
            target.string() + ": cannot create a temporary file in " + (dir / "out").string() + ": Not a directory");
  EXPECT_EQ(read_bytes(dir / "out"), "a file");
  EXPECT_EQ(names_in(dir), names{"out"});
}

TEST(atomic_file, an_unwritable_folder_leaves_the_target_untouched) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.json";
  write_bytes(target, "old report");
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  const auto written = write_atomically(target, "new report");
  ::chmod(dir.c_str(), 0755);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(),
            target.string() + ": cannot create a temporary file in " + dir.string() + ": Permission denied");
  EXPECT_EQ(read_bytes(target), "old report");
  EXPECT_EQ(names_in(dir), names{"report.json"});
}

TEST(atomic_file, a_folder_at_the_target_is_refused) {
  const fs::path dir = fresh_dir();
  fs::create_directory(dir / "report.json");
  write_bytes(dir / "report.json" / "inside", "kept");
  const auto written = write_atomically(dir / "report.json", "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), (dir / "report.json").string() + ": is a folder, not a file");
  EXPECT_EQ(read_bytes(dir / "report.json" / "inside"), "kept");
  EXPECT_EQ(names_in(dir), names{"report.json"});
}

TEST(atomic_file, a_target_without_a_file_name_is_refused) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir.string() + "/";
  const auto written = write_atomically(target, "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), target.string() + ": names a folder, not a file");
  EXPECT_EQ(names_in(dir), names{});
}

TEST(atomic_file, writer_callback_writes_the_temporary_file) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "cleaned.xlsx";
  write_bytes(target, "old workbook");
  fs::path seen;
  const auto written = write_atomically_with(target, [&](const fs::path& tmp) -> write_result {
    seen = tmp;
    EXPECT_EQ(tmp.parent_path(), dir);
    EXPECT_EQ(tmp.filename().string().rfind(".cleaned.xlsx.", 0), 0u) << tmp;
    EXPECT_EQ(tmp.filename().string().size(), std::string(".cleaned.xlsx.XXXXXX").size()) << tmp;
    EXPECT_TRUE(fs::exists(tmp));
    write_bytes(tmp, "new workbook");
    return ok;
  });
  ASSERT_TRUE(written) << written.error();
  EXPECT_FALSE(seen.empty());
  EXPECT_EQ(read_bytes(target), "new workbook");
  EXPECT_EQ(names_in(dir), names{"cleaned.xlsx"});
}

TEST(atomic_file, a_failing_writer_leaves_the_target_untouched_and_no_temporary) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "cleaned.xlsx";
  write_bytes(target, "old workbook");
  const auto written = write_atomically_with(target, [](const fs::path& tmp) -> write_result {
    write_bytes(tmp, "half a work");
    return unexpected{std::string("cleaned.xlsx: libxlsxwriter: error creating output xlsx file")};
  });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), "cleaned.xlsx: libxlsxwriter: error creating output xlsx file");
  EXPECT_EQ(read_bytes(target), "old workbook");
  EXPECT_EQ(names_in(dir), names{"cleaned.xlsx"});
}

TEST(atomic_file, a_writer_that_throws_leaves_no_temporary) {
  const fs::path dir = fresh_dir();
  EXPECT_THROW(write_atomically_with(dir / "x.xlsx",
                                     [](const fs::path&) -> write_result { throw std::runtime_error("defect"); }),
               std::runtime_error);
  EXPECT_EQ(names_in(dir), names{});
}

TEST(atomic_file, a_failed_rename_removes_the_written_temporary) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "report.json";
  fs::path tmp_seen;
  const auto written = write_atomically_with(target, [&](const fs::path& tmp) -> write_result {
    tmp_seen = tmp;
    write_bytes(tmp, "a whole report");
    fs::create_directory(target);  // appears after the checks, so only the rename can fail
    return ok;
  });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), target.string() + ": cannot rename " + tmp_seen.string() + " over it: Is a directory");
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_EQ(names_in(dir), names{"report.json"});
}

TEST(atomic_file, a_writer_that_removes_its_file_is_an_error) {
  const fs::path dir = fresh_dir();
  const fs::path target = dir / "x.xlsx";
  fs::path tmp_seen;
  const auto written = write_atomically_with(target, [&](const fs::path& tmp) -> write_result {
    tmp_seen = tmp;
    fs::remove(tmp);
    return ok;
  });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), target.string() + ": cannot reopen " + tmp_seen.string() + ": No such file or directory");
  EXPECT_EQ(names_in(dir), names{});
}

TEST(atomic_file, never_writes_over_an_input) {
  const fs::path dir = fresh_dir();
  const fs::path input = dir / "q2.xlsx";
  write_bytes(input, "the return");
  const std::vector<fs::path> inputs{dir / "schema.yaml", input};
  const auto written = write_atomically(input, "report", inputs);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(),
            input.string() + ": is the same file as the input " + input.string() + "; an input is never written over");
  EXPECT_EQ(read_bytes(input), "the return");
  EXPECT_EQ(names_in(dir), names{"q2.xlsx"});

  const auto with_writer = write_atomically_with(
      input, [](const fs::path&) -> write_result { return ok; }, inputs);
  ASSERT_FALSE(with_writer);
  EXPECT_EQ(read_bytes(input), "the return");
}

TEST(atomic_file, never_writes_over_an_input_spelled_differently) {
  const fs::path dir = fresh_dir();
  fs::create_directory(dir / "out");
  const fs::path input = dir / "q2.xlsx";
  write_bytes(input, "the return");
  const fs::path spelled = dir / "out" / ".." / "." / "q2.xlsx";
  const std::vector<fs::path> inputs{input};
  const auto written = write_atomically(spelled, "report", inputs);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), spelled.string() + ": is the same file as the input " + input.string() +
                                 "; an input is never written over");
  EXPECT_EQ(read_bytes(input), "the return");
}

TEST(atomic_file, never_writes_over_an_input_through_a_link) {
  const fs::path dir = fresh_dir();
  const fs::path input = dir / "q2.xlsx";
  write_bytes(input, "the return");
  fs::create_symlink(input, dir / "link.xlsx");
  fs::create_hard_link(input, dir / "hard.xlsx");
  const std::vector<fs::path> inputs{input};
  EXPECT_FALSE(write_atomically(dir / "link.xlsx", "report", inputs));
  EXPECT_FALSE(write_atomically(dir / "hard.xlsx", "report", inputs));
  // And the other way round: the input named through the link.
  const std::vector<fs::path> linked_inputs{dir / "link.xlsx"};
  EXPECT_FALSE(write_atomically(input, "report", linked_inputs));
  EXPECT_EQ(read_bytes(input), "the return");
  EXPECT_EQ(names_in(dir), (names{"hard.xlsx", "link.xlsx", "q2.xlsx"}));
}

TEST(atomic_file, an_input_that_does_not_exist_is_compared_by_path) {
  const fs::path dir = fresh_dir();
  fs::create_directory(dir / "out");
  const std::vector<fs::path> inputs{dir / "gone.xlsx"};
  EXPECT_FALSE(write_atomically(dir / "out" / ".." / "gone.xlsx", "report", inputs));
  EXPECT_EQ(names_in(dir), names{"out"});
  const auto other = write_atomically(dir / "out" / "gone.xlsx", "report", inputs);
  EXPECT_TRUE(other) << other.error();
}

TEST(same_file, by_inode_or_by_path) {
  const fs::path dir = fresh_dir();
  write_bytes(dir / "a", "a");
  write_bytes(dir / "b", "a");
  EXPECT_TRUE(same_file(dir / "a", dir / "a"));
  EXPECT_TRUE(same_file(dir / "." / "a", dir / "a"));
  EXPECT_FALSE(same_file(dir / "a", dir / "b"));  // same content is not the same file
  EXPECT_FALSE(same_file(dir / "new", dir / "a"));
  EXPECT_TRUE(same_file(dir / "new", dir / "x" / ".." / "new"));
  // A link to the input is the input; a dangling link is replaced by the rename, not followed.
  fs::create_symlink(dir / "a", dir / "link");
  EXPECT_TRUE(same_file(dir / "link", dir / "a"));
  fs::create_symlink(dir / "nowhere", dir / "dangling");
  EXPECT_FALSE(same_file(dir / "dangling", dir / "a"));
}

}  // namespace
}  // namespace returncheck::util
