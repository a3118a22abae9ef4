//===- UTF8.h - Fast UTF-8 validation -------------------------------------===//
// Finds the first byte that is not UTF-8, skipping ASCII eight bytes at a
// time: source files, handler files and emitted text are mostly ASCII.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_UTF8_H
#define RULECC_FRONTEND_UTF8_H

#include "llvm/ADT/StringRef.h"

namespace rulecc {

/// The first byte of `text` that is not valid UTF-8, or null.
const char *findInvalidUTF8(llvm::StringRef text);

inline bool isValidUTF8(llvm::StringRef text) {
  return findInvalidUTF8(text) == nullptr;
}

} // namespace rulecc

#endif // RULECC_FRONTEND_UTF8_H
