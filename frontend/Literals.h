//===- Literals.h - Decoding of numeric, escape and heredoc literals
//-------===//
// The literal rules of LANGUAGE.md §2 shared by the token source (which
// reports bad literals) and the Transformer (which builds their values).
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_LITERALS_H
#define RULECC_FRONTEND_LITERALS_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rulecc::frontend {

/// Appends the value of one escape sequence of a double-quoted string or
/// heredoc (`text` starts with the backslash: `\n`, `\u{1F600}`, `\x41`,
/// a backslash-newline). Returns false, appending nothing, for an escape the
/// language does not define: a letter or digit Ruby would silently drop the
/// backslash from (`"\d"` is "d" in Ruby, almost always a regex mistake), an
/// invalid code point, or a `\x` byte that is not ASCII.
bool decodeEscape(llvm::StringRef text, std::string &out);

/// Appends the value of a single-quoted literal's body, given the text from
/// the opening quote on: only `\\` and `\'` are escapes. Stops at the closing
/// quote or at the end of `text` (an unterminated literal).
void decodeSingleQuoted(llvm::StringRef text, std::string &out);

enum class NumberStatus { Ok, Invalid, OutOfRange };

/// `1_000`, `42`; negative is set for a literal written after a unary minus,
/// which admits INT64_MIN.
NumberStatus parseInteger(llvm::StringRef text, bool negative, int64_t &value);
NumberStatus parseFloat(llvm::StringRef text, double &value);

/// Why `text` is not a valid numeric literal (for `invalid-number`).
std::string explainInvalidNumber(llvm::StringRef text);

/// One piece of a heredoc body: literal source text, or content that is not
/// (an escape's value, an interpolation) and so is never stripped and counts
/// as non-blank where it starts a line.
struct HeredocSegment {
  std::string text;
  bool isLiteral = true;
};

/// Removes the indentation of the least-indented non-blank line from every
/// line of a `<<~` heredoc, as Ruby does: tabs advance to the next multiple
/// of 8, and lines holding only spaces or tabs do not count.
void stripHeredocIndentation(std::vector<HeredocSegment> &segments);

} // namespace rulecc::frontend

#endif // RULECC_FRONTEND_LITERALS_H
