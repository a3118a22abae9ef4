//===- Resolver.h - Evaluating a template's intrinsic functions -----------===//
// Parameters (defaults or values given on the command line), Mappings and
// Conditions, and the intrinsics whose value is known before deployment.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_RESOLVER_H
#define RULECC_IMPORT_RESOLVER_H

#include "import/Template.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <optional>
#include <string>

namespace rulecc::import {

/// The value of a template expression once intrinsics are evaluated.
struct Resolved {
  enum Kind {
    Value,     // `value` holds no intrinsic any more
    NoValue,   // Ref AWS::NoValue: the property is absent
    Unresolved // known only at deployment, or invalid: see `reason`
  };
  Kind kind = Value;
  TValue value;
  std::string reason;  // Unresolved: "parameter 'X' has no Default"
  llvm::SMRange where; // Unresolved: the expression that could not be resolved

  static Resolved unresolved(std::string reason, llvm::SMRange where) {
    Resolved r;
    r.kind = Unresolved;
    r.reason = std::move(reason);
    r.where = where;
    return r;
  }
};

/// The outcome of evaluating a condition.
struct ConditionValue {
  std::optional<bool> value; // empty: unresolved
  std::string reason;
  llvm::SMRange where;
};

class Resolver {
public:
  /// `root` is the whole template; `overrides` are parameter values given
  /// on the command line, which win over Defaults.
  Resolver(const TValue &root,
           const std::map<std::string, std::string> &overrides);

  /// Evaluates every intrinsic in `v`. Entries and items that resolve to
  /// AWS::NoValue are dropped, as CloudFormation drops them.
  Resolved resolve(const TValue &v);
  /// The value of the condition named `name` (Conditions section).
  ConditionValue condition(llvm::StringRef name, llvm::SMRange usedAt);

  bool isParameter(llvm::StringRef name) const {
    return parameters.count(name) != 0;
  }
  bool isResource(llvm::StringRef name) const;

private:
  struct Parameter {
    const TValue *decl = nullptr;
    std::optional<std::string> value; // Default or override
    bool isList = false; // CommaDelimitedList and List<...>: Ref gives a list
  };
  enum class CondState { Evaluating, Done };
  struct CondEntry {
    CondState state = CondState::Evaluating;
    ConditionValue value;
  };

  Resolved resolveIntrinsic(llvm::StringRef fn, const TValue &arg,
                            const TValue &whole);
  Resolved resolveRef(const TValue &arg, const TValue &whole);
  Resolved resolveIf(const TValue &arg, const TValue &whole);
  Resolved resolveSub(const TValue &arg, const TValue &whole);
  Resolved resolveJoin(const TValue &arg, const TValue &whole);
  Resolved resolveSelect(const TValue &arg, const TValue &whole);
  Resolved resolveSplit(const TValue &arg, const TValue &whole);
  Resolved resolveFindInMap(const TValue &arg, const TValue &whole);
  /// A scalar argument, resolved: its text, or the reason it has none.
  std::optional<std::string> resolveText(const TValue &v, Resolved &failure);
  ConditionValue evalCondition(const TValue &v);

  const TValue &root;
  const TValue *resources = nullptr;
  const TValue *mappings = nullptr;
  const TValue *conditions = nullptr;
  llvm::StringMap<Parameter> parameters;
  llvm::StringMap<CondEntry> conditionCache;
  unsigned depth = 0;
};

} // namespace rulecc::import

#endif // RULECC_IMPORT_RESOLVER_H
