//===- TextDocument.h - Document text and UTF-16 positions ----------------===//
// An open document's text with a line index that maps the protocol's
// positions (UTF-16 columns) to byte offsets and back, and applies edits.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_TEXTDOCUMENT_H
#define RULECC_LSP_TEXTDOCUMENT_H

#include "lsp/Protocol.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rulecc::lsp {

/// Where the lines of a text start. Lines end at "\n", "\r\n" or a lone
/// "\r", as the protocol counts them. The text must outlive the index.
class LineIndex {
public:
  explicit LineIndex(llvm::StringRef text);

  /// The position of a byte offset (clamped to the text). An offset inside a
  /// character counts the units of the whole characters before it.
  Position positionOf(size_t offset) const;
  /// The byte offset of a position, clamped as the protocol says: a line
  /// past the end is the end of the text, a character past the end of its
  /// line the end of the line (before the line break). A character that
  /// falls inside a surrogate pair is the start of that character.
  size_t offsetOf(Position p) const;
  unsigned numLines() const { return unsigned(lineStarts.size()); }
  /// The text of a line without its line break.
  llvm::StringRef line(unsigned line) const;

private:
  llvm::StringRef text;
  std::vector<size_t> lineStarts;
};

/// The text of an open document, at a version the client numbers.
class TextDocument {
public:
  TextDocument(std::string text = "", int64_t version = 0);
  TextDocument(const TextDocument &o) : TextDocument(o.text, o.version) {}
  TextDocument &operator=(const TextDocument &o) {
    setText(o.text);
    version = o.version;
    return *this;
  }

  llvm::StringRef getText() const { return text; }
  int64_t getVersion() const { return version; }
  void setVersion(int64_t v) { version = v; }
  const LineIndex &getIndex() const { return index; }

  /// One entry of didChange's contentChanges: without a range the whole
  /// text is replaced, with one the range (clamped as LineIndex::offsetOf
  /// does) is. A range whose start is after its end is an error and changes
  /// nothing.
  llvm::Error applyChange(std::optional<Range> range, llvm::StringRef newText);
  void setText(std::string newText);

private:
  std::string text;
  int64_t version;
  LineIndex index;
};

} // namespace rulecc::lsp

#endif // RULECC_LSP_TEXTDOCUMENT_H
