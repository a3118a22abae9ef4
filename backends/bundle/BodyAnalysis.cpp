//===- BodyAnalysis.cpp - What the body walker asks of the typed tree -----===//
// Which values are host booleans or strings, which statements hold
// decisions, and which locals each generated function binds.
//===----------------------------------------------------------------------===//

#include "backends/bundle/BodyCodegenImpl.h"

#include "llvm/ADT/STLExtras.h"

#include <functional>

using namespace llvm;

namespace rulecc::bundle {

using namespace ir::body;

/// Whether the value is always a host Bool or nil (true/false/None or
/// null), so host truthiness and `and`/`or` agree with Ruby's on it.
bool isHostBool(const Node &n) {
  switch (n.getKind()) {
  case Node::Literal:
    return n.getType().is(Type::Bool) || n.getType().is(Type::Nil);
  case Node::Unary:
    return cast<UnaryNode>(n).getOp() == UnaryNode::Not;
  case Node::Binary: {
    const auto &b = cast<BinaryNode>(n);
    switch (b.getOp()) {
    case BinaryNode::Eq:
    case BinaryNode::Ne:
    case BinaryNode::Lt:
    case BinaryNode::Le:
    case BinaryNode::Gt:
    case BinaryNode::Ge:
      return true;
    case BinaryNode::And:
    case BinaryNode::Or:
      return isHostBool(b.getLHS()) && isHostBool(b.getRHS());
    default:
      return false;
    }
  }
  case Node::Method:
    switch (cast<MethodNode>(n).getMethod()) {
    case MethodKind::IsNil:
    case MethodKind::IsEmpty:
    case MethodKind::IsPresent:
    case MethodKind::Includes:
    case MethodKind::StartsWith:
    case MethodKind::EndsWith:
    case MethodKind::Matches:
      return true;
    default:
      return false;
    }
  case Node::BlockMethod: {
    BlockMethodKind m = cast<BlockMethodNode>(n).getMethod();
    return m == BlockMethodKind::Any || m == BlockMethodKind::All ||
           m == BlockMethodKind::None;
  }
  default:
    return false;
  }
}

/// A String the host compares with `==` exactly as the contract does: a
/// string literal or an interpolation (never nil, never a number).
bool isHostString(const Node &n) {
  return (isa<LiteralNode>(n) && n.getType().is(Type::String)) ||
         isa<InterpolationNode>(n);
}

bool isNilLiteral(const Node &n) {
  return isa<LiteralNode>(n) && n.getType().is(Type::Nil);
}

/// Whether the statements hold a decision (in ifs too): a trailing `if`
/// that holds one and runs no branch is a guard that did not fire.
bool holdsDecision(ArrayRef<NodePtr> stmts) {
  for (const NodePtr &s : stmts) {
    if (isa<DecisionNode>(s.get()))
      return true;
    if (const auto *i = dyn_cast<IfNode>(s.get())) {
      for (const IfNode::Clause &c : i->getClauses())
        if (holdsDecision(c.body))
          return true;
      if (holdsDecision(i->getElseBody()))
        return true;
    }
  }
  return false;
}

bool usesNow(const Node &n) {
  if (isa<NowNode>(n) || isa<DaysSinceNode>(n))
    return true;
  bool found = false;
  forEachChild(
      n, [&](const Node &c) { found = found || usesNow(c); },
      /*intoStatements=*/false);
  if (found)
    return true;
  if (const auto *b = dyn_cast<BlockMethodNode>(&n))
    return llvm::any_of(b->getBody(),
                        [](const NodePtr &s) { return usesNow(*s); });
  if (const auto *i = dyn_cast<IfNode>(&n)) {
    for (const IfNode::Clause &c : i->getClauses())
      if (llvm::any_of(c.body, [](const NodePtr &s) { return usesNow(*s); }))
        return true;
    return llvm::any_of(i->getElseBody(),
                        [](const NodePtr &s) { return usesNow(*s); });
  }
  return false;
}

// ---- Scopes -----------------------------------------------------------------

void BodyWriter::collectAssigned(ArrayRef<NodePtr> stmts,
                                 std::vector<unsigned> &direct,
                                 std::vector<unsigned> &fromNested) const {
  std::function<void(const Node &)> visitExpr = [&](const Node &n) {
    if (const auto *b = dyn_cast<BlockMethodNode>(&n)) {
      // What a nested block assigns below its own parameter slot belongs
      // to an enclosing scope.
      std::vector<unsigned> d, nested;
      collectAssigned(b->getBody(), d, nested);
      for (unsigned s : d)
        if (s < b->getParamSlot())
          fromNested.push_back(s);
      for (unsigned s : nested)
        if (s < b->getParamSlot())
          fromNested.push_back(s);
    }
    forEachChild(n, visitExpr, /*intoStatements=*/false);
  };
  for (const NodePtr &s : stmts) {
    if (const auto *a = dyn_cast<AssignNode>(s.get()))
      direct.push_back(a->getSlot());
    visitExpr(*s);
    if (const auto *i = dyn_cast<IfNode>(s.get())) {
      for (const IfNode::Clause &c : i->getClauses())
        collectAssigned(c.body, direct, fromNested);
      collectAssigned(i->getElseBody(), direct, fromNested);
    }
  }
}

BodyWriter::Scope BodyWriter::scopeOf(ArrayRef<NodePtr> stmts,
                                      unsigned firstSlot, int paramSlot) const {
  std::vector<unsigned> direct, nested;
  collectAssigned(stmts, direct, nested);
  Scope scope;
  // A block assigning its own parameter rebinds the function's parameter.
  for (unsigned s : direct)
    if (static_cast<int>(s) != paramSlot)
      (s >= firstSlot ? scope.own : scope.outer).push_back(s);
  for (unsigned s : nested)
    if (s >= firstSlot && static_cast<int>(s) != paramSlot)
      scope.own.push_back(s);
  for (std::vector<unsigned> *v : {&scope.own, &scope.outer}) {
    llvm::sort(*v);
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return scope;
}

} // namespace rulecc::bundle
