//===- Template.h - A CloudFormation template read with its positions -----===//
// The YAML or JSON document as a small tree of values that know where they
// were written, with short-form intrinsic tags (`!Ref x`) in their long form.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_TEMPLATE_H
#define RULECC_IMPORT_TEMPLATE_H

#include "frontend/Diagnostics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>
#include <string>
#include <vector>

namespace rulecc::import {

/// One node of a template. A mapping keeps its keys in document order, in
/// `keys`, parallel to `items`.
struct TValue {
  enum Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Null;
  std::string text;   // Scalar
  bool plain = false; // Scalar written without quotes: YAML may read it as
                      // a number or a boolean
  std::vector<TValue> items;
  std::vector<std::string> keys;        // Mapping
  std::vector<llvm::SMRange> keyRanges; // Mapping
  llvm::SMRange range; // the node; a scalar's range covers its text

  bool isScalar() const { return kind == Scalar; }
  bool isMapping() const { return kind == Mapping; }
  bool isSequence() const { return kind == Sequence; }
  /// The value of `key` in a mapping, or null.
  const TValue *get(llvm::StringRef key) const;
  /// The range of `key` in a mapping (invalid when absent).
  llvm::SMRange keyRange(llvm::StringRef key) const;
  /// For a one-key mapping whose key is `Ref`, `Condition` or `Fn::...`:
  /// that key (the intrinsic function's name).
  std::optional<llvm::StringRef> intrinsic() const;

  static TValue scalar(std::string text, llvm::SMRange range);
};

/// A short, single-line rendering of a value in YAML's flow style, for
/// comments and messages: `{Ref: Param}`, `[a, b]`. Long renderings are cut
/// after `limit` characters with "...".
std::string flowText(const TValue &v, size_t limit = 160);

/// Templates larger than this are `file-too-large`, as rule files are.
constexpr uint64_t MaxTemplateSize = 16u << 20;

/// Reads the template at `path` into `sm` and parses it. Unreadable files,
/// invalid UTF-8 and invalid YAML are error diagnostics; the result is then
/// empty.
std::optional<TValue> readTemplate(llvm::StringRef path, llvm::SourceMgr &sm,
                                   DiagnosticEngine &diags);

/// Parses buffer `bufferID` of `sm` (YAML 1.2 or JSON).
std::optional<TValue> parseTemplate(llvm::SourceMgr &sm, unsigned bufferID,
                                    DiagnosticEngine &diags);

} // namespace rulecc::import

#endif // RULECC_IMPORT_TEMPLATE_H
