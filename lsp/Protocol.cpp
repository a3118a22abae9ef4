//===- Protocol.cpp - Language Server Protocol types ----------------------===//

#include "lsp/Protocol.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace rulecc::lsp {

json::Value toJSON(const Position &p) {
  return json::Object{{"line", int64_t(p.line)},
                      {"character", int64_t(p.character)}};
}

json::Value toJSON(const Range &r) {
  return json::Object{{"start", toJSON(r.start)}, {"end", toJSON(r.end)}};
}

/// A non-negative integer that fits the protocol's uinteger.
static bool readUInt(const json::Object &o, StringRef key, unsigned &out,
                     json::Path path) {
  const json::Value *v = o.get(key);
  Optional<int64_t> n = v ? v->getAsInteger() : None;
  if (!n || *n < 0 || *n > int64_t(UINT32_MAX >> 1)) {
    path.field(key).report("expected a non-negative integer");
    return false;
  }
  out = unsigned(*n);
  return true;
}

bool fromJSON(const json::Value &v, Position &p, json::Path path) {
  const json::Object *o = v.getAsObject();
  if (!o) {
    path.report("expected a position");
    return false;
  }
  return readUInt(*o, "line", p.line, path) &&
         readUInt(*o, "character", p.character, path);
}

bool fromJSON(const json::Value &v, Range &r, json::Path path) {
  json::ObjectMapper m(v, path);
  return m && m.map("start", r.start) && m.map("end", r.end);
}

std::optional<std::string> uriToPath(StringRef uri) {
  if (!uri.consume_front("file://"))
    return std::nullopt;
  // An authority (host) other than empty or localhost is not a local file.
  size_t slash = uri.find('/');
  if (slash == StringRef::npos)
    return std::nullopt;
  StringRef host = uri.take_front(slash);
  if (!host.empty() && !host.equals_insensitive("localhost"))
    return std::nullopt;
  uri = uri.drop_front(slash);
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    char c = uri[i];
    if (c == '?' || c == '#')
      break; // a query or fragment is not part of the path
    if (c != '%') {
      path += c;
      continue;
    }
    if (i + 2 >= uri.size() || !isHexDigit(uri[i + 1]) ||
        !isHexDigit(uri[i + 2]))
      return std::nullopt;
    path += char(hexFromNibbles(uri[i + 1], uri[i + 2]));
    i += 2;
  }
  if (path.find('\0') != std::string::npos)
    return std::nullopt;
  return path;
}

std::string pathToURI(StringRef absolutePath) {
  std::string out = "file://";
  for (char c : absolutePath) {
    // RFC 3986's unreserved characters and the path separator stay as they
    // are; VS Code encodes the rest the same way.
    if (isAlnum(c) || StringRef("-._~/").contains(c))
      out += c;
    else
      out += "%" + toHex(StringRef(&c, 1));
  }
  return out;
}

} // namespace rulecc::lsp
