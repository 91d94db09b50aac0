// The library's version, as printed by `returncheck --version` and written into reports.
#pragma once

#include <string_view>

namespace returncheck {
std::string_view version();
}
