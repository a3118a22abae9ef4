//===- LowerBodyOps.cpp - Rule bodies: operators and methods --------------===//
// Comparisons between unrelated types, arithmetic on non-numbers, methods a
// type lacks and block methods on values that are never lists are errors;
// a value the checker cannot see into (Any) is left to the run time.

#include "ir/LowerBody.h"
#include "ir/LowerBodyRegex.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Regex.h"

using namespace llvm;

namespace rulecc::ir::detail {

using body::NodeList;
using body::NodePtr;
using body::Type;

static body::BinaryNode::Op binaryOp(ast::BinaryNode::Op op) {
  using B = body::BinaryNode;
  switch (op) {
  case ast::BinaryNode::Add:
    return B::Add;
  case ast::BinaryNode::Sub:
    return B::Sub;
  case ast::BinaryNode::Mul:
    return B::Mul;
  case ast::BinaryNode::Div:
    return B::Div;
  case ast::BinaryNode::Mod:
    return B::Mod;
  case ast::BinaryNode::Eq:
    return B::Eq;
  case ast::BinaryNode::Ne:
    return B::Ne;
  case ast::BinaryNode::Lt:
    return B::Lt;
  case ast::BinaryNode::Le:
    return B::Le;
  case ast::BinaryNode::Gt:
    return B::Gt;
  case ast::BinaryNode::Ge:
    return B::Ge;
  case ast::BinaryNode::And:
    return B::And;
  case ast::BinaryNode::Or:
    return B::Or;
  }
  return B::Eq;
}

/// Whether `==` between the two can ever be true (Int and Float compare by
/// value; a Date is an ISO string, so it compares with Strings).
static bool comparable(const Type &a, const Type &b) {
  if (a.is(Type::Any) || b.is(Type::Any) || a.is(Type::Nil) || b.is(Type::Nil))
    return true;
  if (a.isNumeric() && b.isNumeric())
    return true;
  auto stringy = [](const Type &t) {
    return t.is(Type::String) || t.is(Type::Date);
  };
  if (stringy(a) && stringy(b))
    return true;
  if (a.is(Type::List) && b.is(Type::List))
    return comparable(a.getElement(), b.getElement());
  return a.getKind() == b.getKind();
}

static bool orderable(const Type &a, const Type &b) {
  auto ok = [](const Type &t) {
    return t.is(Type::Any) || t.isNumeric() || t.is(Type::String) ||
           t.is(Type::Date);
  };
  return ok(a) && ok(b) && comparable(a, b);
}

NodePtr BodySema::lowerBinary(const ast::BinaryNode &n) {
  ast::BinaryNode::Op op = n.getOp();
  NodePtr lhs = lowerExpr(*n.getLHS());
  NodePtr rhs;
  if (op == ast::BinaryNode::And) {
    // `item.resource_type == "T" && item.configuration.x`: the right side
    // sees the item as T.
    std::vector<catalog::ResourceType> saved = active;
    if (std::optional<std::string> t = narrowing(*n.getLHS(), true))
      for (const catalog::ResourceType &a : saved)
        if (a.name() == *t)
          active = {a};
    rhs = lowerExpr(*n.getRHS());
    active = std::move(saved);
  } else {
    rhs = lowerExpr(*n.getRHS());
  }
  const Type &a = lhs->getType();
  const Type &b = rhs->getType();
  SMRange r = n.getRange();
  Type result = Type::any();
  auto operandError = [&](StringRef needs) {
    bool leftBad = !(a.is(Type::Any) || (needs == "numbers" && a.isNumeric()));
    diags.report(n.getOpRange(), DiagID::InvalidOperand, n.getSpelling(), needs,
                 leftBad ? "left" : "right", leftBad ? a.str() : b.str());
  };
  switch (op) {
  case ast::BinaryNode::Eq:
  case ast::BinaryNode::Ne:
    if (!comparable(a, b))
      diags.report(n.getOpRange(), DiagID::IncompatibleComparison, a.str(),
                   b.str(), n.getSpelling());
    result = Type::scalar(Type::Bool);
    break;
  case ast::BinaryNode::Lt:
  case ast::BinaryNode::Le:
  case ast::BinaryNode::Gt:
  case ast::BinaryNode::Ge:
    if (!orderable(a, b))
      diags.report(n.getOpRange(), DiagID::IncompatibleComparison, a.str(),
                   b.str(), n.getSpelling());
    result = Type::scalar(Type::Bool);
    break;
  case ast::BinaryNode::And:
  case ast::BinaryNode::Or:
    result = join(a, b);
    break;
  case ast::BinaryNode::Add:
    if (a.is(Type::Any) || b.is(Type::Any)) {
      result = Type::any();
    } else if (a.isNumeric() && b.isNumeric()) {
      result = Type::scalar(a.is(Type::Int) && b.is(Type::Int) ? Type::Int
                                                               : Type::Float);
    } else if (a.is(Type::String) && b.is(Type::String)) {
      result = Type::scalar(Type::String);
    } else if (a.is(Type::List) && b.is(Type::List)) {
      result = Type::listOf(join(a.getElement(), b.getElement()));
    } else {
      bool leftOk = a.isNumeric() || a.is(Type::String) || a.is(Type::List);
      diags.report(n.getOpRange(), DiagID::InvalidOperand, "+",
                   "two numbers, two Strings or two Lists",
                   leftOk ? "right" : "left", leftOk ? b.str() : a.str());
    }
    break;
  default: // - * / %
    if ((a.isNumeric() || a.is(Type::Any)) &&
        (b.isNumeric() || b.is(Type::Any))) {
      if (a.is(Type::Int) && b.is(Type::Int))
        result = Type::scalar(Type::Int);
      else if (a.is(Type::Float) || b.is(Type::Float))
        result = Type::scalar(Type::Float);
    } else {
      operandError("numbers");
    }
    break;
  }
  return std::make_unique<body::BinaryNode>(r, result, binaryOp(op),
                                            std::move(lhs), std::move(rhs));
}

/// A `match?` pattern is compiled once per rule, so it must be a literal,
/// and it must be in the subset Python, Node.js and the evaluator agree on.
void BodySema::checkPattern(const body::Node &arg) {
  const auto *lit = dyn_cast<body::LiteralNode>(&arg);
  if (!lit || !lit->getType().is(Type::String)) {
    diags.report(arg.getRange(), DiagID::InvalidRegex,
                 "the pattern must be a string literal");
    return;
  }
  std::string ere;
  body::RegexError err;
  if (!body::translateRegex(lit->stringValue, ere, err)) {
    diags.report(
        arg.getRange(), DiagID::InvalidRegex,
        formatv("{0} (at offset {1} of the pattern)", err.message, err.offset)
            .str());
    return;
  }
  std::string why;
  if (!Regex(ere).isValid(why))
    diags.report(arg.getRange(), DiagID::InvalidRegex, why);
}

NodePtr BodySema::lowerMethod(NodePtr recv, const ast::CallNode &call,
                              body::MethodKind m) {
  using M = body::MethodKind;
  const Type t = recv->getType();
  SMRange r = call.getRange();
  StringRef name = call.getName();
  bool takesArg = m == M::Includes || m == M::StartsWith || m == M::EndsWith ||
                  m == M::Matches;
  if (call.getArgs().size() != (takesArg ? 1u : 0u) || call.getKeywordArgs()) {
    diags.report(r, DiagID::MethodArguments, name,
                 takesArg ? "takes one argument" : "takes no arguments");
    return errorNode(r);
  }
  NodeList args;
  if (takesArg)
    args.push_back(lowerExpr(*call.getArgs().front()));

  bool any = t.is(Type::Any);
  bool collection = any || t.isMaybeList() || t.is(Type::List) ||
                    t.is(Type::Map) || t.is(Type::Object);
  bool string = any || t.is(Type::String);
  bool ok = true;
  Type result = Type::scalar(Type::Bool);
  switch (m) {
  case M::IsNil:
  case M::IsPresent:
    break;
  case M::IsEmpty:
    ok = collection || string;
    break;
  case M::Size:
    ok = collection || string;
    result = Type::scalar(Type::Int);
    break;
  case M::Includes: {
    ok = collection || string;
    const Type &at = args[0]->getType();
    Type want = t.is(Type::List) ? t.getElement()
                : t.is(Type::Map) || t.is(Type::Object)
                    ? Type::scalar(Type::String)
                    : t.single();
    if (ok && !any && !t.is(Type::Object) && !([&] {
          // include? on a String looks for a substring.
          if (t.is(Type::String) && !t.isMaybeList())
            return at.is(Type::String) || at.is(Type::Any);
          return at.is(Type::Any) || at.is(Type::Nil) || want.is(Type::Any) ||
                 (want.isNumeric() && at.isNumeric()) ||
                 want.getKind() == at.getKind() ||
                 ((want.is(Type::String) || want.is(Type::Date)) &&
                  (at.is(Type::String) || at.is(Type::Date)));
        }()))
      diags.report(args[0]->getRange(), DiagID::ArgumentType,
                   "the argument of 'include?' on " + t.str(),
                   "a " + want.single().str(), at.str());
    break;
  }
  case M::StartsWith:
  case M::EndsWith:
  case M::Matches: {
    ok = string;
    const Type &at = args[0]->getType();
    if (ok && !at.is(Type::String) && !at.is(Type::Any))
      diags.report(args[0]->getRange(), DiagID::ArgumentType,
                   "the argument of '" + name.str() + "'", "a String",
                   at.str());
    else if (ok && m == M::Matches)
      checkPattern(*args[0]);
    break;
  }
  case M::Downcase:
  case M::Upcase:
    ok = string;
    result = Type::scalar(Type::String);
    break;
  case M::ToI:
    ok = string || t.isNumeric() || t.is(Type::Nil);
    result = Type::scalar(Type::Int);
    break;
  case M::ToS:
    result = Type::scalar(Type::String);
    break;
  }
  if (!ok) {
    diags.report(call.getNameRange(), DiagID::UnknownMethod, t.str(), name, "");
    return errorNode(r);
  }
  return std::make_unique<body::MethodNode>(r, result, m, std::move(recv),
                                            std::move(args));
}

NodePtr BodySema::lowerBlockMethod(NodePtr recv, const ast::CallNode &call,
                                   body::BlockMethodKind m) {
  using B = body::BlockMethodKind;
  SMRange r = call.getRange();
  StringRef name = call.getName();
  const ast::Block *block = call.getBlock();
  if (!block || block->params.size() != 1 || !call.getArgs().empty()) {
    diags.report(r, DiagID::MethodArguments, name,
                 "takes no arguments and a block with one parameter, "
                 "`{ |x| ... }`");
    return errorNode(r);
  }
  const Type t = recv->getType();
  Type elem = Type::any();
  if (t.is(Type::List)) {
    elem = t.getElement();
  } else if (t.isMaybeList()) {
    elem = t.single();
  } else if (t.is(Type::Map)) {
    diags.report(call.getNameRange(), DiagID::UnknownMethod, t.str(), name,
                 "; block methods iterate over lists");
    return errorNode(r);
  } else if (!t.is(Type::Any)) {
    diags.report(call.getNameRange(), DiagID::BlockMethodOnScalar, name,
                 t.str());
    return errorNode(r);
  }

  Env saved = env;
  // Locals first assigned in the block are the block's own.
  llvm::StringMap<unsigned> savedSlots = slotByName;
  const ast::Block::Param &p = block->params.front();
  unsigned slot = newSlot(p.name);
  env[p.name] = {slot, elem};
  ++blockDepth;
  NodeList stmts = lowerStmts(block->body);
  --blockDepth;
  env = std::move(saved);
  slotByName = std::move(savedSlots);
  Type value =
      stmts.empty() ? Type::scalar(Type::Nil) : stmts.back()->getType();

  Type result = Type::scalar(Type::Bool);
  switch (m) {
  case B::Count:
    result = Type::scalar(Type::Int);
    break;
  case B::Select:
  case B::Reject:
    result = Type::listOf(elem);
    break;
  case B::Map:
    result = Type::listOf(value);
    break;
  default:
    break;
  }
  return std::make_unique<body::BlockMethodNode>(
      r, result, m, std::move(recv), p.name, slot, std::move(stmts));
}

} // namespace rulecc::ir::detail
