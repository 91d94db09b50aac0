// Runs a fuzz target over files, without libFuzzer: every saved crash (tests/fuzz/regressions/)
// and seed is replayed by a plain test in every build, sanitizers on in the sanitizer build.
// usage: fuzz_replay_TARGET FILE-OR-FOLDER...   exit 0 when every input ran to its end.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t ran = 0;
  auto run = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    ++ran;
  };
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& e : fs::recursive_directory_iterator(argv[i], ec))
        if (e.is_regular_file(ec) && e.path().filename() != "README.md") run(e.path());
    } else if (fs::is_regular_file(argv[i], ec)) {
      run(argv[i]);
    }
  }
  std::printf("replayed %zu inputs\n", ran);
  return 0;
}
