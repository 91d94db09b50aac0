// Fuzz target: the schema loader: any text read as a schema YAML, every problem reported, none
// thrown. Hostile YAML (deep nesting, alias bombs) must be refused, not followed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "returncheck/schema/schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace returncheck;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = schema::load_text(text, "fuzz.yaml");
  if (!loaded)
    for (const auto& p : loaded.error()) (void)schema::format_problem("fuzz.yaml", p);
  return 0;
}
