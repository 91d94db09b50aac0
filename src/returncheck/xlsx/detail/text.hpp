// Text decoding shared by the XML readers: character references and OOXML's _xHHHH_ escapes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace returncheck::xlsx::detail {

// Appends the UTF-8 encoding of a code point (U+FFFD for invalid ones).
void append_utf8(std::string& out, std::uint32_t cp);

// Appends raw XML text with &amp; &lt; &gt; &quot; &apos; &#N; &#xH; decoded. Returns false
// on an unknown or malformed reference (only the five predefined entities exist without a DTD).
bool append_xml_text(std::string& out, std::string_view raw);

// Replaces OOXML's _xHHHH_ escapes (ECMA-376 22.4.2.4) in place: "_x000D_" is a carriage return,
// "_x005F_" an underscore that protects a following literal "_xHHHH_".
void unescape_ooxml(std::string& s);

// Folds letter case for comparing names as Excel does (sheet names): ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic capitals to small letters; other text unchanged.
std::string fold_case(std::string_view s);

}  // namespace returncheck::xlsx::detail
