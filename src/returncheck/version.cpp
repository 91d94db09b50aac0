// The library's version, set by CMake from project(VERSION).
#include "returncheck/version.hpp"

namespace returncheck {
std::string_view version() { return RETURNCHECK_VERSION; }
}  // namespace returncheck
