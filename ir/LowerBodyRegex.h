//===- LowerBodyRegex.h - The `match?` pattern subset and its translation -===//
// Checks that a pattern is in the regex subset Python, Node.js and the
// evaluator agree on, and spells it as a POSIX ERE for llvm::Regex.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_LOWERBODYREGEX_H
#define RULECC_IR_LOWERBODYREGEX_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <string>

namespace rulecc::ir::body {

/// Why a pattern is not in the subset, and where (byte offset).
struct RegexError {
  size_t offset = 0;
  std::string message;
};

/// Translates a pattern of the common subset (literals, `.`, `^`, `$`,
/// classes with ranges, `\d \w \s \D \W \S`, escaped metacharacters,
/// `* + ? {m} {m,} {m,n}`, `|`, groups) into a POSIX extended regex that
/// llvm::Regex (without flags) matches exactly where Python's
/// `re.search(p, s, re.ASCII)` with `$` as `\Z` does, on UTF-8 text: `.`
/// and negated classes consume whole code points, and `.` never matches a
/// newline. Returns false with `err` for anything else.
bool translateRegex(llvm::StringRef pattern, std::string &ere, RegexError &err);

} // namespace rulecc::ir::body

#endif // RULECC_IR_LOWERBODYREGEX_H
