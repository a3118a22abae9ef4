//===- LowerArgs.h - Reading the arguments of settings and properties -----===//
// Typed access to a call's arguments and literal values, reporting
// `invalid-argument` ("'timeout' expects an integer") where they do not fit.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_LOWERARGS_H
#define RULECC_IR_LOWERARGS_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rulecc::ir::detail {

/// A value together with where it was written.
template <typename T> struct Located {
  T value;
  llvm::SMRange range;
};

/// One `key: value` / `"key" => value` entry of a hash argument.
struct KeyedValue {
  Located<std::string> key;
  Value value;
};

/// The closest candidate to `name` by edit distance, if it is close enough
/// to be worth suggesting.
std::optional<llvm::StringRef>
closestMatch(llvm::StringRef name, llvm::ArrayRef<llvm::StringRef> candidates);

/// "; did you mean 'x'?" or "" (the optional tail of unknown-* messages).
std::string didYouMeanSuffix(std::optional<llvm::StringRef> suggestion);

/// Reads arguments of one call; every failure is reported as
/// `invalid-argument` with the call's name and `what` it expects, and turns
/// into an empty result.
class ArgReader {
public:
  explicit ArgReader(DiagnosticEngine &diags) : diags(diags) {}

  /// Reports "'<call>' expects <what>" at `at` (the whole call when null).
  void expects(const ast::CallNode &call, const ast::Node *at,
               llvm::StringRef what);

  /// Rejects a block (unless `allowBlock`) and keyword arguments (unless
  /// `allowKeywords`); true when the call's shape is acceptable.
  bool checkShape(const ast::CallNode &call, llvm::StringRef what,
                  bool allowKeywords = false, bool allowBlock = false);

  /// The only positional argument of a call without keywords or block.
  const ast::Node *single(const ast::CallNode &call, llvm::StringRef what);

  std::optional<Located<std::string>> string(const ast::CallNode &call,
                                             llvm::StringRef what);
  std::optional<Located<int64_t>> integer(const ast::CallNode &call,
                                          llvm::StringRef what);
  std::optional<Located<bool>> boolean(const ast::CallNode &call,
                                       llvm::StringRef what);
  /// A symbol or a plain string (`every :six_hours`, `every "six_hours"`).
  std::optional<Located<std::string>> name(const ast::CallNode &call,
                                           llvm::StringRef what);
  /// One or more strings, each given directly or inside an array
  /// (`iam_policy "a:B", "c:D"` or `iam_policy ["a:B"]`).
  std::optional<std::vector<Located<std::string>>>
  stringList(const ast::CallNode &call, llvm::StringRef what);
  /// The entries of the call's hash argument: brace-less keyword arguments
  /// or one `{ ... }`; duplicate keys are reported.
  std::optional<std::vector<KeyedValue>> hash(const ast::CallNode &call,
                                              llvm::StringRef what);

  /// Node-level readers (no diagnostics unless stated).
  static std::optional<std::string> plainString(const ast::Node *n);
  static std::optional<std::string> symbolOrString(const ast::Node *n);
  /// A literal value; reports what cannot be one on behalf of `call`.
  std::optional<Value> value(const ast::Node *n, const ast::CallNode &call);
  /// The entries of a hash literal, with duplicate keys reported.
  std::optional<std::vector<KeyedValue>> entries(const ast::HashLitNode &hash,
                                                 const ast::CallNode &call);
  /// A hash of scalar values rendered as strings (tags, environment).
  std::optional<std::vector<std::pair<Located<std::string>, std::string>>>
  stringHash(const ast::CallNode &call, llvm::StringRef what);

  DiagnosticEngine &getDiags() { return diags; }

private:
  std::optional<Located<std::string>> hashKey(const ast::HashEntry &entry);
  DiagnosticEngine &diags;
};

} // namespace rulecc::ir::detail

#endif // RULECC_IR_LOWERARGS_H
