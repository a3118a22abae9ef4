//===- UTF8.h - Fast UTF-8 validation, UTF-16 lengths ---------------------===//
// Finds the first byte that is not UTF-8, skipping ASCII eight bytes at a
// time (source files, handler files and emitted text are mostly ASCII), and
// counts the UTF-16 code units editors measure columns in.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_UTF8_H
#define RULECC_FRONTEND_UTF8_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>

namespace rulecc {

/// The first byte of `text` that is not valid UTF-8, or null.
const char *findInvalidUTF8(llvm::StringRef text);

inline bool isValidUTF8(llvm::StringRef text) {
  return findInvalidUTF8(text) == nullptr;
}

/// The UTF-16 code units of UTF-8 `text`: one per character, two for
/// characters beyond U+FFFF (those with a 4-byte lead). Counted byte by
/// byte, so that it can start at any byte; a stray continuation byte (only
/// in text rejected as invalid-utf8) counts with the character before it.
/// SARIF columns and Language Server Protocol positions count these.
size_t countUTF16Units(llvm::StringRef text);

} // namespace rulecc

#endif // RULECC_FRONTEND_UTF8_H
