//===- DumpText.h - Text helpers shared by the phases' debug dumps -------===//
// Escaping of quoted text and shortest round-trip numbers, so --emit=tokens,
// --emit=ast and --emit=ir print values the same way.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_DUMPTEXT_H
#define RULECC_FRONTEND_DUMPTEXT_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace rulecc {

/// `text` with newline, tab, carriage return, backslash and `quote` escaped
/// and other control bytes as `\xHH`; UTF-8 passes through.
std::string escapeForDump(llvm::StringRef text, char quote);

/// The shortest decimal text that reads back as the same double.
std::string formatShortestDouble(double value);

} // namespace rulecc

#endif // RULECC_FRONTEND_DUMPTEXT_H
