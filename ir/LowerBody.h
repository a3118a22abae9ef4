//===- LowerBody.h - Sema of rule bodies: AST block -> typed body IR ------===//
// Resolves property paths against the configuration-item schema of the
// rule's scope, types every expression and reports what cannot work.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_LOWERBODY_H
#define RULECC_IR_LOWERBODY_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"
#include "ir/BodyIR.h"
#include "ir/Catalog.h"
#include "ir/IR.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <vector>

namespace rulecc::ir::detail {

/// Checks one body; `rule` supplies the scope and the params. Errors are
/// reported to `diags`; the returned body is complete but must not reach a
/// backend when errors were reported.
std::unique_ptr<body::Body> lowerBody(DiagnosticEngine &diags, const Rule &rule,
                                      const ast::Block &block);

/// The verdict a decision statement (`compliant`, ...) names, if any.
std::optional<body::Verdict> decisionOf(llvm::StringRef name);

class BodySema {
public:
  BodySema(DiagnosticEngine &diags, const Rule &rule, body::Body &out);
  void run(const ast::Block &block);

  // LowerBody.cpp: statements, scopes, narrowing, the fall-off warning.
  body::NodeList lowerStmts(llvm::ArrayRef<ast::NodePtr> stmts);
  body::NodePtr lowerStmt(const ast::Node &n);
  body::NodePtr lowerIf(const ast::IfNode &n);
  body::NodePtr lowerDecision(const ast::CallNode &call, body::Verdict v);
  /// The resource type `cond` pins the item to, when it is
  /// `item.resource_type == "T"` (`!=` when `equal` is false), possibly as
  /// the left or right side of `&&` (equal only).
  std::optional<std::string> narrowing(const ast::Node &cond, bool equal);
  void checkFallOff(llvm::ArrayRef<body::NodePtr> stmts);

  // Paths against the schema.
  body::NodePtr member(body::NodePtr recv, const ast::CallNode &call);
  body::NodePtr extendPath(body::NodePtr recv, const ast::CallNode &call);

  // LowerBodyExpr.cpp: expressions.
  body::NodePtr lowerExpr(const ast::Node &n);
  body::NodePtr lowerString(const ast::StringLitNode &s);
  body::NodePtr lowerCall(const ast::CallNode &call);
  body::NodePtr lowerIndex(const ast::IndexNode &n);
  body::NodePtr lowerUnary(const ast::UnaryNode &n);
  body::NodePtr lowerBinary(const ast::BinaryNode &n);
  body::NodePtr lowerMethod(body::NodePtr recv, const ast::CallNode &call,
                            body::MethodKind m);
  void checkPattern(const body::Node &arg);
  body::NodePtr lowerBlockMethod(body::NodePtr recv, const ast::CallNode &call,
                                 body::BlockMethodKind m);
  body::NodePtr errorNode(llvm::SMRange r);

  struct Local {
    unsigned slot;
    body::Type type;
  };
  using Env = llvm::StringMap<Local>;

  DiagnosticEngine &diags;
  const Rule &rule;
  body::Body &out;
  Env env;
  /// The slot of each local assigned so far in the current scope (the body,
  /// or a block's body), whichever branch assigned it.
  llvm::StringMap<unsigned> slotByName;
  /// The resource types `item` may be here (narrowed by `if`).
  std::vector<catalog::ResourceType> active;
  unsigned blockDepth = 0;

  unsigned newSlot(llvm::StringRef name);
};

} // namespace rulecc::ir::detail

#endif // RULECC_IR_LOWERBODY_H
