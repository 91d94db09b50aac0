// Workbook text made safe inside HTML and XML, whoever wrote the workbook.
#pragma once

#include <string>
#include <string_view>

namespace returncheck::report::detail {

// Appends s with & < > " ' written as character references, so that it is text in an element
// or in a quoted attribute of HTML or XML. Characters XML 1.0 forbids and HTML reports as
// parse errors are dropped: C0 controls other than tab, line feed and carriage return, DEL, C1
// controls and the non-characters U+FFFE and U+FFFF. Bytes that are not valid UTF-8 become
// U+FFFD. In an attribute (`attribute`), tab, line feed and carriage return are written as
// references too, because a parser would turn them into spaces.
void append_escaped(std::string& out, std::string_view s, bool attribute = false);

std::string escaped(std::string_view s, bool attribute = false);

// The stylesheet report.html and the batch index share (html.cpp), so the pages look alike.
std::string_view page_style();

}  // namespace returncheck::report::detail
