// Text decoding shared by the XML readers.
#include "returncheck/xlsx/detail/text.hpp"

#include <cstring>

namespace returncheck::xlsx::detail {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

bool append_xml_text(std::string& out, std::string_view raw) {
  for (;;) {
    const auto amp = raw.find('&');
    if (amp == std::string_view::npos) {
      out.append(raw);
      return true;
    }
    out.append(raw.substr(0, amp));
    raw.remove_prefix(amp + 1);
    const auto semi = raw.find(';');
    if (semi == std::string_view::npos || semi > 12) return false;
    const std::string_view ref = raw.substr(0, semi);
    raw.remove_prefix(semi + 1);
    if (ref == "amp") out.push_back('&');
    else if (ref == "lt") out.push_back('<');
    else if (ref == "gt") out.push_back('>');
    else if (ref == "quot") out.push_back('"');
    else if (ref == "apos") out.push_back('\'');
    else if (ref.size() >= 2 && ref[0] == '#') {
      std::uint32_t cp = 0;
      const bool hex = ref[1] == 'x' || ref[1] == 'X';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      for (char c : digits) {
        const int d = hex ? hex_digit(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (d < 0) return false;
        cp = cp * (hex ? 16 : 10) + std::uint32_t(d);
        if (cp > 0x10FFFF) return false;
      }
      append_utf8(out, cp);
    } else {
      return false;
    }
  }
}

void unescape_ooxml(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int d[4];
      bool ok = true;
      for (int k = 0; k < 4; ++k) ok = ok && (d[k] = hex_digit(s[i + 2 + std::size_t(k)])) >= 0;
      if (ok) {
        const std::uint32_t cp = std::uint32_t(d[0] << 12 | d[1] << 8 | d[2] << 4 | d[3]);
        append_utf8(out, cp);
        i += 7;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  s = std::move(out);
}

namespace {

std::uint32_t fold(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;             // À..Þ
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
    // Latin Extended-A pairs capitals and small letters; the pairing flips between 0x138 and 0x149.
    const bool odd_capitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (odd_capitals ? (cp % 2 == 1) : (cp % 2 == 0)) return cp + 1;
    return cp;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;          // Greek capitals
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                         // Cyrillic А..Я
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;                         // Cyrillic Ѐ..Џ
  return cp;
}

}  // namespace

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {  // not UTF-8: compare the byte as it is
      out.push_back(s[i++]);
      continue;
    }
    std::uint32_t cp = len == 1 ? b0 : b0 & (0xFF >> (len + 1));
    bool ok = true;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = ok && (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      out.push_back(s[i++]);
      continue;
    }
    append_utf8(out, fold(cp));
    i += len;
  }
  return out;
}

}  // namespace returncheck::xlsx::detail
