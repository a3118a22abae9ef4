//===- LowerBodyExpr.cpp - Rule bodies: typing expressions ----------------===//
// The type rules of §6: what may be compared, added, called and iterated.
// Any (raw keys, unchecked schema) passes every check; the run time decides.

#include "ir/LowerArgs.h"
#include "ir/LowerBody.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace rulecc::ir::detail {

using body::NodeList;
using body::NodePtr;
using body::Type;

NodePtr BodySema::errorNode(SMRange r) {
  return std::make_unique<body::LiteralNode>(r, Type::any());
}

static NodePtr literal(SMRange r, Type::Kind k) {
  return std::make_unique<body::LiteralNode>(r, Type::scalar(k));
}

static std::string describeNode(const ast::Node &n) {
  switch (n.getKind()) {
  case ast::Node::SymbolLit:
    return "a symbol";
  case ast::Node::HashLit:
    return "a hash literal";
  case ast::Node::ClassDef:
    return "a class definition";
  default:
    return "this expression";
  }
}

NodePtr BodySema::lowerExpr(const ast::Node &n) {
  SMRange r = n.getRange();
  switch (n.getKind()) {
  case ast::Node::IntegerLit: {
    auto l = std::make_unique<body::LiteralNode>(r, Type::scalar(Type::Int));
    l->intValue = cast<ast::IntegerLitNode>(n).getValue();
    return l;
  }
  case ast::Node::FloatLit: {
    auto l = std::make_unique<body::LiteralNode>(r, Type::scalar(Type::Float));
    l->floatValue = cast<ast::FloatLitNode>(n).getValue();
    return l;
  }
  case ast::Node::BoolLit: {
    auto l = std::make_unique<body::LiteralNode>(r, Type::scalar(Type::Bool));
    l->boolValue = cast<ast::BoolLitNode>(n).getValue();
    return l;
  }
  case ast::Node::NilLit:
    return literal(r, Type::Nil);
  case ast::Node::StringLit:
    return lowerString(cast<ast::StringLitNode>(n));
  case ast::Node::ConstPath: {
    auto l = std::make_unique<body::LiteralNode>(r, Type::scalar(Type::String));
    l->stringValue = cast<ast::ConstPathNode>(n).getPath();
    return l;
  }
  case ast::Node::ArrayLit: {
    NodeList elems;
    Type elem = Type::scalar(Type::Nil);
    for (const ast::NodePtr &e : cast<ast::ArrayLitNode>(n).getElements()) {
      elems.push_back(lowerExpr(*e));
      elem = join(elem, elems.back()->getType());
    }
    return std::make_unique<body::ArrayLitNode>(r, Type::listOf(elem),
                                                std::move(elems));
  }
  case ast::Node::Identifier: {
    StringRef name = cast<ast::IdentifierNode>(n).getName();
    if (auto it = env.find(name); it != env.end())
      return std::make_unique<body::LocalNode>(r, it->second.type, name.str(),
                                               it->second.slot);
    if (name == out.itemName)
      return std::make_unique<body::ItemNode>(r, Type::object("", false));
    if (name == "now")
      return std::make_unique<body::NowNode>(r);
    if (name == "days_since") {
      diags.report(r, DiagID::MethodArguments, name,
                   "takes one argument, a date");
      return errorNode(r);
    }
    SmallVector<StringRef, 8> known;
    for (const auto &e : env)
      known.push_back(e.getKey());
    known.push_back(out.itemName);
    std::optional<StringRef> best = closestMatch(name, known);
    std::string hint = didYouMeanSuffix(best);
    if (name == "compliant" || name == "non_compliant" ||
        name == "not_applicable")
      hint = "; a decision is a statement, not a value";
    else if (name == "params")
      hint = "; name a parameter: params.<name>";
    auto d = diags.report(r, DiagID::UndefinedName, name, rule.name, hint);
    if (best)
      d.fixIt(r, *best);
    return errorNode(r);
  }
  case ast::Node::Call:
    return lowerCall(cast<ast::CallNode>(n));
  case ast::Node::Index:
    return lowerIndex(cast<ast::IndexNode>(n));
  case ast::Node::Unary:
    return lowerUnary(cast<ast::UnaryNode>(n));
  case ast::Node::Binary:
    return lowerBinary(cast<ast::BinaryNode>(n));
  case ast::Node::Assign:
  case ast::Node::If:
    diags.report(r, DiagID::UnsupportedBodyConstruct,
                 n.getKind() == ast::Node::If ? "an 'if' inside an expression"
                                              : "an assignment inside an "
                                                "expression",
                 "; write it as a statement of its own");
    return errorNode(r);
  default:
    diags.report(r, DiagID::UnsupportedBodyConstruct, describeNode(n), "");
    return errorNode(r);
  }
}

NodePtr BodySema::lowerString(const ast::StringLitNode &s) {
  if (s.isPlain()) {
    auto l = std::make_unique<body::LiteralNode>(s.getRange(),
                                                 Type::scalar(Type::String));
    l->stringValue = s.getPlainValue();
    return l;
  }
  std::vector<body::InterpolationNode::Part> parts;
  for (const ast::StringPart &p : s.getParts()) {
    if (p.expr)
      parts.push_back({"", lowerExpr(*p.expr)});
    else
      parts.push_back({p.text, nullptr});
  }
  return std::make_unique<body::InterpolationNode>(s.getRange(),
                                                   std::move(parts));
}

static std::optional<body::MethodKind> methodOf(StringRef name) {
  using M = body::MethodKind;
  return StringSwitch<std::optional<M>>(name)
      .Case("nil?", M::IsNil)
      .Case("empty?", M::IsEmpty)
      .Case("present?", M::IsPresent)
      .Case("size", M::Size)
      .Case("count", M::Size)
      .Case("include?", M::Includes)
      .Case("start_with?", M::StartsWith)
      .Case("end_with?", M::EndsWith)
      .Case("match?", M::Matches)
      .Case("downcase", M::Downcase)
      .Case("upcase", M::Upcase)
      .Case("to_i", M::ToI)
      .Case("to_s", M::ToS)
      .Default(std::nullopt);
}

static std::optional<body::BlockMethodKind> blockMethodOf(StringRef name) {
  using B = body::BlockMethodKind;
  return StringSwitch<std::optional<B>>(name)
      .Case("any?", B::Any)
      .Case("all?", B::All)
      .Case("none?", B::None)
      .Case("count", B::Count)
      .Case("select", B::Select)
      .Case("reject", B::Reject)
      .Case("map", B::Map)
      .Default(std::nullopt);
}

NodePtr BodySema::lowerCall(const ast::CallNode &call) {
  SMRange r = call.getRange();
  StringRef name = call.getName();
  const ast::Node *recvAst = call.getReceiver();
  if (!recvAst) {
    if (name == "days_since") {
      if (call.getArgs().size() != 1 || call.getBlock() ||
          call.getKeywordArgs()) {
        diags.report(r, DiagID::MethodArguments, name,
                     "takes one argument, a date");
        return errorNode(r);
      }
      NodePtr arg = lowerExpr(*call.getArgs().front());
      const Type &t = arg->getType();
      if (!t.is(Type::Date) && !t.is(Type::String) && !t.is(Type::Any) &&
          !t.is(Type::Nil))
        diags.report(arg->getRange(), DiagID::ArgumentType,
                     "the argument of 'days_since'", "a Date or String",
                     t.str());
      return std::make_unique<body::DaysSinceNode>(r, Type::scalar(Type::Int),
                                                   std::move(arg));
    }
    if (decisionOf(name)) {
      diags.report(r, DiagID::UnsupportedBodyConstruct,
                   "'" + name.str() + "' inside an expression",
                   "; a decision is a statement of its own");
      return errorNode(r);
    }
    diags.report(call.getNameRange(), DiagID::UndefinedName, name, rule.name,
                 "; rule bodies have no user-defined functions");
    return errorNode(r);
  }

  // params.<name>
  if (const auto *id = dyn_cast<ast::IdentifierNode>(recvAst);
      id && id->getName() == "params" && !env.count("params")) {
    SmallVector<StringRef, 8> names;
    for (unsigned i = 0; i < rule.params.size(); ++i) {
      const ParamDecl &p = rule.params[i];
      names.push_back(p.name);
      if (p.name != name)
        continue;
      if (!call.getArgs().empty() || call.getBlock())
        diags.report(r, DiagID::MethodArguments, "params." + name.str(),
                     "is a value and takes no arguments");
      Type t;
      switch (p.type) {
      case ParamDecl::String:
        t = Type::scalar(Type::String);
        break;
      case ParamDecl::Integer:
        t = Type::scalar(Type::Int);
        break;
      case ParamDecl::Float:
        t = Type::scalar(Type::Float);
        break;
      case ParamDecl::Boolean:
        t = Type::scalar(Type::Bool);
        break;
      case ParamDecl::List:
        t = Type::listOf(Type::scalar(Type::String));
        break;
      }
      return std::make_unique<body::ParamNode>(r, t, name.str(), i);
    }
    std::optional<StringRef> best = closestMatch(name, names);
    auto d = diags.report(
        call.getNameRange(), DiagID::UnknownParam, rule.name, name,
        best            ? didYouMeanSuffix(best)
        : names.empty() ? std::string("; declare it with "
                                      "`param :name, Type` before the "
                                      "rule")
                        : std::string());
    if (best)
      d.fixIt(call.getNameRange(), *best);
    return errorNode(r);
  }

  NodePtr recv = lowerExpr(*recvAst);
  if (call.getBlock() || (name != "count" && blockMethodOf(name))) {
    if (std::optional<body::BlockMethodKind> b = blockMethodOf(name))
      return lowerBlockMethod(std::move(recv), call, *b);
    diags.report(r, DiagID::MethodArguments, name, "takes no block");
    return errorNode(r);
  }
  const Type &t = recv->getType();
  bool isPath = t.is(Type::Any) || t.is(Type::Object);
  // `open.from_port` on a list of permissions: every element's property.
  if (t.is(Type::List) && call.getArgs().empty() && !methodOf(name) &&
      (t.getElement().is(Type::Object) || t.getElement().is(Type::Any)))
    return member(std::move(recv), call);
  if (isPath && call.getArgs().empty() && !call.getHasParens()) {
    // A schema property wins over a method of the same name
    // (`configuration.size` of an EBS volume).
    std::optional<body::MethodKind> m = methodOf(name);
    if (!m || t.is(Type::Any) || !t.getSchemaPath().empty()) {
      if (m && t.is(Type::Any))
        return lowerMethod(std::move(recv), call, *m);
      if (m) {
        // Only a property if the schema has it; otherwise the method.
        for (const catalog::ResourceType &rt : active)
          for (unsigned i = 0, e = rt.numProperties(); i < e; ++i) {
            StringRef path = rt.property(i).path;
            StringRef prefix = t.getSchemaPath();
            if (path.startswith(prefix) && path.size() > prefix.size() + 1 &&
                path[prefix.size()] == '.' &&
                catalog::namesMatch(
                    name, path.drop_front(prefix.size() + 1).split('.').first))
              return member(std::move(recv), call);
          }
        return lowerMethod(std::move(recv), call, *m);
      }
      return member(std::move(recv), call);
    }
  }
  if (std::optional<body::MethodKind> m = methodOf(name))
    return lowerMethod(std::move(recv), call, *m);
  std::string hint;
  if (t.is(Type::Map))
    hint = "; read a key with ['" + name.str() + "']";
  diags.report(call.getNameRange(), DiagID::UnknownMethod, t.str(), name, hint);
  return errorNode(r);
}

NodePtr BodySema::lowerIndex(const ast::IndexNode &n) {
  NodePtr base = lowerExpr(*n.getReceiver());
  NodePtr key = lowerExpr(*n.getIndex());
  const Type &bt = base->getType();
  const Type &kt = key->getType();
  SMRange r = n.getRange();
  auto make = [&](Type t, bool raw) -> NodePtr {
    return std::make_unique<body::IndexNode>(r, std::move(t), std::move(base),
                                             std::move(key), raw);
  };
  auto keyMustBe = [&](Type::Kind k, StringRef what) {
    if (!kt.is(k) && !kt.is(Type::Any))
      diags.report(n.getIndex()->getRange(), DiagID::ArgumentType,
                   "the index of " + bt.str(), what, kt.str());
  };
  switch (bt.getKind()) {
  case Type::Any:
    return make(Type::any(), false);
  case Type::Object:
    keyMustBe(Type::String, "a String");
    return make(Type::any(), true);
  case Type::Map: {
    keyMustBe(Type::String, "a String");
    Type v = bt.getElement();
    return make(v, false);
  }
  case Type::List: {
    keyMustBe(Type::Int, "an Int");
    Type e = bt.getElement();
    return make(e, false);
  }
  default:
    if (bt.isMaybeList()) {
      keyMustBe(Type::Int, "an Int");
      return make(bt.single(), false);
    }
    diags.report(n.getIndex()->getRange(), DiagID::UnknownMethod, bt.str(),
                 "[]", "");
    return errorNode(r);
  }
}

NodePtr BodySema::lowerUnary(const ast::UnaryNode &n) {
  NodePtr operand = lowerExpr(*n.getOperand());
  const Type &t = operand->getType();
  if (n.getOp() == ast::UnaryNode::Not)
    return std::make_unique<body::UnaryNode>(
        n.getRange(), Type::scalar(Type::Bool), body::UnaryNode::Not,
        std::move(operand));
  if (!t.isNumeric() && !t.is(Type::Any)) {
    diags.report(n.getRange(), DiagID::InvalidOperand, n.getSpelling(),
                 "a number", "only", t.str());
    return errorNode(n.getRange());
  }
  if (n.getOp() == ast::UnaryNode::Plus)
    return operand;
  Type rt = t.single();
  return std::make_unique<body::UnaryNode>(
      n.getRange(), rt, body::UnaryNode::Neg, std::move(operand));
}

} // namespace rulecc::ir::detail
