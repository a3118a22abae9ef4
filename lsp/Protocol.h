//===- Protocol.h - Language Server Protocol types the server speaks ------===//
// Positions, ranges, error codes and file URIs, with their llvm::json
// conversions: the vocabulary shared by the transport, documents and features.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_PROTOCOL_H
#define RULECC_LSP_PROTOCOL_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>

namespace rulecc::lsp {

/// JSON-RPC's and the protocol's error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestCancelled = -32800,
};

/// A place in a document: 0-based line, 0-based column in UTF-16 code units
/// (the protocol's default position encoding).
struct Position {
  unsigned line = 0;
  unsigned character = 0;
  bool operator==(const Position &o) const {
    return line == o.line && character == o.character;
  }
  bool operator<(const Position &o) const {
    return line != o.line ? line < o.line : character < o.character;
  }
  bool operator<=(const Position &o) const { return !(o < *this); }
};

/// A span; the end is exclusive.
struct Range {
  Position start;
  Position end;
  bool operator==(const Range &o) const {
    return start == o.start && end == o.end;
  }
  /// Touching counts: a cursor at the end of a name is on it.
  bool overlaps(const Range &o) const {
    return start <= o.end && o.start <= end;
  }
};

llvm::json::Value toJSON(const Position &p);
llvm::json::Value toJSON(const Range &r);
bool fromJSON(const llvm::json::Value &v, Position &p, llvm::json::Path path);
bool fromJSON(const llvm::json::Value &v, Range &r, llvm::json::Path path);

/// The local path a `file://` URI names (percent-decoded), or nothing for
/// other schemes and malformed URIs.
std::optional<std::string> uriToPath(llvm::StringRef uri);
/// `file://` and the absolute path, percent-encoded as editors write it.
std::string pathToURI(llvm::StringRef absolutePath);

} // namespace rulecc::lsp

#endif // RULECC_LSP_PROTOCOL_H
