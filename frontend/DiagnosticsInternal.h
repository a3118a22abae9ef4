//===- DiagnosticsInternal.h - Shared pieces of the diagnostic consumers --===//
// The clang-style renderer shared by the text consumer and the -verify
// checker, and the limits that keep one diagnostic readable on bad input.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_DIAGNOSTICSINTERNAL_H
#define RULECC_FRONTEND_DIAGNOSTICSINTERNAL_H

#include "frontend/Diagnostics.h"

#include <cstddef>
#include <string>

namespace rulecc::detail {

/// A message quoting a huge token (a 10 MB string) is cut to this many bytes.
constexpr size_t maxMessageBytes = 1024;
/// The source line under a diagnostic is shown in a window of this many
/// bytes around the caret, so a diagnostic never prints a whole huge line.
constexpr size_t maxSnippetBytes = 120;

/// Cuts `message` to maxMessageBytes at a UTF-8 boundary, ending in "...".
std::string clipMessage(std::string message);

/// getSourcePosition with a memory of the last line: many diagnostics on one
/// huge line (a 10 MB line of garbage) cost one scan of it, not one each.
class PositionResolver {
public:
  explicit PositionResolver(const llvm::SourceMgr &sm) : sm(sm) {}
  const llvm::SourceMgr &getSourceMgr() const { return sm; }
  /// The position of `loc`, invalid when it is in no buffer.
  SourcePosition resolve(llvm::SMLoc loc);
  /// After a valid resolve(): the buffer and the line holding the location,
  /// without its line break.
  unsigned getBufferID() const { return bufferID; }
  llvm::StringRef getLine() const {
    return llvm::StringRef(lineStart, lineEnd - lineStart);
  }

private:
  const llvm::SourceMgr &sm;
  unsigned bufferID = 0;
  unsigned line = 0;
  llvm::StringRef filename;
  const char *lineStart = nullptr;
  const char *lineEnd = nullptr;
};

/// One diagnostic as clang prints it: `file:line:col: error: message`, then
/// the source line (windowed, control and invalid bytes shown as <XX>), the
/// caret line with `~` under ranges, and the fix-it insertion line. Without a
/// location in a buffer: `file: error: message`, or `error: message`.
void renderDiagnostic(PositionResolver &resolver, llvm::raw_ostream &os,
                      Severity severity, llvm::SMRange range,
                      llvm::StringRef filename, llvm::StringRef message,
                      llvm::ArrayRef<llvm::SMRange> extraRanges,
                      llvm::ArrayRef<FixIt> fixIts, bool color);

} // namespace rulecc::detail

#endif // RULECC_FRONTEND_DIAGNOSTICSINTERNAL_H
