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

/// One diagnostic as clang prints it: `file:line:col: error: message`, then
/// the source line (windowed, control and invalid bytes shown as <XX>), the
/// caret line with `~` under ranges, and the fix-it insertion line. Without a
/// location in `sm`: `file: error: message`, or `error: message`.
void renderDiagnostic(const llvm::SourceMgr &sm, llvm::raw_ostream &os,
                      Severity severity, llvm::SMRange range,
                      llvm::StringRef filename, llvm::StringRef message,
                      llvm::ArrayRef<llvm::SMRange> extraRanges,
                      llvm::ArrayRef<FixIt> fixIts, bool color);

} // namespace rulecc::detail

#endif // RULECC_FRONTEND_DIAGNOSTICSINTERNAL_H
