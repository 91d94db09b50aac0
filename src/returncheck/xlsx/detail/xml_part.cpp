// Parsing a package part's XML with expat.
#include "returncheck/xlsx/detail/xml_part.hpp"

#include <expat.h>

#include <cstring>
#include <memory>

namespace returncheck::xlsx::detail {
namespace {

constexpr char ns_separator = '\x01';

std::string_view local_name(const char* name) {
  const char* sep = std::strrchr(name, ns_separator);
  std::string_view n = sep ? sep + 1 : name;
  const auto colon = n.rfind(':');  // a prefix expat could not resolve
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

struct context {
  XML_Parser parser;
  xml_handler* handler;
  bool dtd = false;
  // Attribute names with the namespace removed, rebuilt for each element.
  std::vector<const char*> attrs;
};

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto* ctx = static_cast<context*>(user);
  ctx->attrs.clear();
  for (const XML_Char** a = attrs; *a != nullptr; a += 2) {
    ctx->attrs.push_back(local_name(a[0]).data());
    ctx->attrs.push_back(a[1]);
  }
  ctx->attrs.push_back(nullptr);
  ctx->handler->on_start(local_name(name), ctx->attrs.data());
  if (ctx->handler->stopped()) XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL on_end(void* user, const XML_Char* name) {
  auto* ctx = static_cast<context*>(user);
  ctx->handler->on_end(local_name(name));
  if (ctx->handler->stopped()) XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL on_text(void* user, const XML_Char* s, int len) {
  auto* ctx = static_cast<context*>(user);
  ctx->handler->on_text(std::string_view(s, std::size_t(len)));
  if (ctx->handler->stopped()) XML_StopParser(ctx->parser, XML_FALSE);
}

// Workbooks never need a DTD; refusing any keeps entity-expansion attacks out entirely.
void XMLCALL on_doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* ctx = static_cast<context*>(user);
  ctx->dtd = true;
  XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL on_entity(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* ctx = static_cast<context*>(user);
  ctx->dtd = true;
  XML_StopParser(ctx->parser, XML_FALSE);
}

}  // namespace

const char* find_attr(const char** attrs, std::string_view name) {
  for (const char** a = attrs; *a != nullptr; a += 2)
    if (name == *a) return a[1];
  return nullptr;
}

result<util::ok_t> parse_part(const zip_archive& zip, std::string_view part, xml_handler& handler) {
  auto stream = zip.open_part(part);
  if (!stream) return util::unexpected<error>{stream.error()};
  const std::string where = zip.path() + ": " + stream->part();

  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreateNS(nullptr, ns_separator), &XML_ParserFree);
  if (!parser) return fail(read_error::limit_exceeded, where + ": out of memory creating the XML parser");
  context ctx{parser.get(), &handler, false, {}};
  XML_SetUserData(parser.get(), &ctx);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  XML_SetEntityDeclHandler(parser.get(), on_entity);

  for (;;) {
    void* buf = XML_GetBuffer(parser.get(), 1 << 16);
    if (buf == nullptr) return fail(read_error::limit_exceeded, where + ": out of memory parsing XML");
    auto n = stream->read(static_cast<char*>(buf), 1 << 16);
    if (!n) return util::unexpected<error>{n.error()};
    const bool last = *n == 0;
    if (XML_ParseBuffer(parser.get(), int(*n), last) != XML_STATUS_OK) {
      if (ctx.dtd)
        return fail(read_error::forbidden_dtd,
                    where + ": declares a DTD or entities, which workbooks never contain "
                            "(an entity-expansion attack?)");
      if (handler.stopped()) return util::unexpected<error>{*handler.stopped()};
      return fail(read_error::malformed_xml,
                  where + " line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": malformed XML: " +
                      XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    if (last) break;
  }
  if (handler.stopped()) return util::unexpected<error>{*handler.stopped()};
  return util::ok;
}

}  // namespace returncheck::xlsx::detail
