//===- BodyCodegen.h - Python and Node.js handlers from rule bodies -------===//
// Turns the typed body of a `rule :name do |item| ... end` into a readable
// module that calls the runtime helpers (rulecc_runtime) for every operation
// whose meaning differs from the host language's.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_BUNDLE_BODYCODEGEN_H
#define RULECC_BACKENDS_BUNDLE_BODYCODEGEN_H

#include "ir/IR.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace rulecc::bundle {

/// The module generated from a body rule.
struct GeneratedModule {
  std::string fileName; // "<rule name>.py" or "<rule name>.js"
  std::string source;
  std::string handler; // "<rule name>.lambda_handler" / "<rule name>.handler"
};

/// The module of `rule` (a `RuleKind::Body` rule with a body), in the rule's
/// language (Python, or Node.js for `nodejs*` runtimes): `check(item,
/// params)` and the Lambda handler built by the runtime's `handler()`.
GeneratedModule generateBodyModule(const ir::Rule &rule);

/// One self-contained file for CloudFormation's `ZipFile` (written as
/// index.py / index.js): the runtime helpers the module uses, then the
/// module, which refers to them through the same `rt` name.
std::string generateInlineBodyModule(const ir::Rule &rule);

/// A string literal of the host language holding `text` as data: only
/// printable ASCII appears unescaped, so quotes, backslashes, newlines,
/// U+2028/U+2029, NUL and `${`/`#{` can never end the literal or become code.
/// Invalid UTF-8 becomes U+FFFD.
std::string pythonStringLiteral(llvm::StringRef text);
std::string jsStringLiteral(llvm::StringRef text);

} // namespace rulecc::bundle

#endif // RULECC_BACKENDS_BUNDLE_BODYCODEGEN_H
