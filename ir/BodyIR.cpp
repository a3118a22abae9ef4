//===- BodyIR.cpp - Types, spellings and the dump of typed rule bodies ----===//

#include "ir/BodyIR.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::ir::body {

Type Type::listOf(Type elem) {
  Type t = scalar(List);
  t.elem = std::make_shared<const Type>(std::move(elem));
  return t;
}

Type Type::mapOf(Type value) {
  Type t = scalar(Map);
  t.elem = std::make_shared<const Type>(std::move(value));
  return t;
}

Type Type::object(StringRef schemaPath, bool maybeList) {
  Type t = scalar(Object, maybeList);
  t.schemaPath = schemaPath.str();
  return t;
}

std::string Type::str() const {
  static const char *const names[] = {"Any",   "Nil",    "Bool", "Int",
                                      "Float", "String", "Date", "List",
                                      "Map",   "Object"};
  std::string out = names[kind];
  if (kind == List)
    out += "[" + elem->str() + "]";
  else if (kind == Map)
    out += "[String," + elem->str() + "]";
  else if (kind == Object && !schemaPath.empty())
    out += "<" + schemaPath + ">";
  if (maybeList)
    out += "*";
  return out;
}

bool Type::operator==(const Type &o) const {
  if (kind != o.kind || maybeList != o.maybeList || schemaPath != o.schemaPath)
    return false;
  if (kind == List || kind == Map)
    return *elem == *o.elem;
  return true;
}

Type join(const Type &a, const Type &b) {
  if (a.is(Type::Nil))
    return b;
  if (b.is(Type::Nil))
    return a;
  if (a == b)
    return a;
  if (a.getKind() == b.getKind() && !a.is(Type::List) && !a.is(Type::Map) &&
      !a.is(Type::Object))
    return Type::scalar(a.getKind(), a.isMaybeList() || b.isMaybeList());
  if (a.is(Type::List) && b.is(Type::List))
    return Type::listOf(join(a.getElement(), b.getElement()));
  if (a.isNumeric() && b.isNumeric())
    return Type::scalar(Type::Float, a.isMaybeList() || b.isMaybeList());
  return Type::any();
}

StringRef spelling(BinaryNode::Op op) {
  static const char *const names[] = {
      "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
  return names[op];
}

StringRef spelling(MethodKind m) {
  static const char *const names[] = {
      "nil?",      "empty?", "present?", "size",   "include?", "start_with?",
      "end_with?", "match?", "downcase", "upcase", "to_i",     "to_s"};
  return names[static_cast<unsigned>(m)];
}

StringRef spelling(BlockMethodKind m) {
  static const char *const names[] = {"any?",   "all?",   "none?", "count",
                                      "select", "reject", "map"};
  return names[static_cast<unsigned>(m)];
}

StringRef toAWSString(Verdict v) {
  switch (v) {
  case Verdict::Compliant:
    return "COMPLIANT";
  case Verdict::NonCompliant:
    return "NON_COMPLIANT";
  case Verdict::NotApplicable:
    return "NOT_APPLICABLE";
  }
  return "";
}

void forEachChild(const Node &n, function_ref<void(const Node &)> fn,
                  bool intoStatements) {
  auto each = [&](ArrayRef<NodePtr> list) {
    for (const NodePtr &c : list)
      if (c)
        fn(*c);
  };
  switch (n.getKind()) {
  case Node::Interpolation:
    for (const InterpolationNode::Part &p :
         cast<InterpolationNode>(n).getParts())
      if (p.expr)
        fn(*p.expr);
    return;
  case Node::ArrayLit:
    each(cast<ArrayLitNode>(n).getElements());
    return;
  case Node::Property:
    fn(cast<PropertyNode>(n).getBase());
    return;
  case Node::Index:
    fn(cast<IndexNode>(n).getBase());
    fn(cast<IndexNode>(n).getKey());
    return;
  case Node::Unary:
    fn(cast<UnaryNode>(n).getOperand());
    return;
  case Node::Binary:
    fn(cast<BinaryNode>(n).getLHS());
    fn(cast<BinaryNode>(n).getRHS());
    return;
  case Node::Method:
    fn(cast<MethodNode>(n).getReceiver());
    each(cast<MethodNode>(n).getArgs());
    return;
  case Node::BlockMethod:
    fn(cast<BlockMethodNode>(n).getReceiver());
    if (intoStatements)
      each(cast<BlockMethodNode>(n).getBody());
    return;
  case Node::DaysSince:
    fn(cast<DaysSinceNode>(n).getArg());
    return;
  case Node::Assign:
    fn(cast<AssignNode>(n).getValue());
    return;
  case Node::If:
    for (const IfNode::Clause &c : cast<IfNode>(n).getClauses()) {
      if (c.cond)
        fn(*c.cond);
      if (intoStatements)
        each(c.body);
    }
    if (intoStatements)
      each(cast<IfNode>(n).getElseBody());
    return;
  case Node::Decision:
    if (const Node *a = cast<DecisionNode>(n).getAnnotation())
      fn(*a);
    return;
  default:
    return;
  }
}

namespace {

class Dumper {
public:
  Dumper(const Body &body, raw_ostream &os) : body(body), os(os) {}

  void stmts(ArrayRef<NodePtr> list, unsigned indent) {
    for (const NodePtr &n : list)
      node(*n, indent);
  }

  void node(const Node &n, unsigned indent) {
    os.indent(indent);
    head(n);
    os << " : " << n.getType().str() << " @" << where(n.getRange()) << '\n';
    children(n, indent + 2);
  }

private:
  std::string where(SMRange r) {
    if (!body.sourceMgr || !r.isValid())
      return "?";
    auto [line, col] = body.sourceMgr->getLineAndColumn(r.Start);
    return formatv("{0}:{1}", line, col).str();
  }

  void quoted(StringRef s) {
    os << '"';
    printEscapedString(s, os);
    os << '"';
  }

  void head(const Node &n) {
    switch (n.getKind()) {
    case Node::Literal: {
      const auto &l = cast<LiteralNode>(n);
      os << "literal ";
      switch (l.getType().getKind()) {
      case Type::Bool:
        os << (l.boolValue ? "true" : "false");
        break;
      case Type::Int:
        os << l.intValue;
        break;
      case Type::Float:
        os << formatv("{0}", l.floatValue);
        break;
      case Type::String:
        quoted(l.stringValue);
        break;
      default:
        os << "nil";
      }
      return;
    }
    case Node::Interpolation:
      os << "interpolation";
      return;
    case Node::ArrayLit:
      os << "array";
      return;
    case Node::Item:
      os << "item " << body.itemName;
      return;
    case Node::Property: {
      os << "property ";
      bool first = true;
      for (const PropertyNode::Segment &s :
           cast<PropertyNode>(n).getSegments()) {
        os << (first ? "" : ".") << (s.loose ? "~" + s.written : s.key);
        first = false;
      }
      return;
    }
    case Node::Index:
      os << (cast<IndexNode>(n).isRawKey() ? "raw_key" : "index");
      return;
    case Node::Param:
      os << "param " << cast<ParamNode>(n).getName() << " #"
         << cast<ParamNode>(n).getIndex();
      return;
    case Node::Local:
      os << "local " << cast<LocalNode>(n).getName() << " %"
         << cast<LocalNode>(n).getSlot();
      return;
    case Node::Unary:
      os << (cast<UnaryNode>(n).getOp() == UnaryNode::Not ? "not" : "neg");
      return;
    case Node::Binary:
      os << "binary " << spelling(cast<BinaryNode>(n).getOp());
      return;
    case Node::Method:
      os << "method " << spelling(cast<MethodNode>(n).getMethod());
      return;
    case Node::BlockMethod: {
      const auto &b = cast<BlockMethodNode>(n);
      os << "block_method " << spelling(b.getMethod()) << " |"
         << b.getParamName() << " %" << b.getParamSlot() << "|";
      return;
    }
    case Node::DaysSince:
      os << "days_since";
      return;
    case Node::Now:
      os << "now";
      return;
    case Node::Assign:
      os << "assign " << cast<AssignNode>(n).getName() << " %"
         << cast<AssignNode>(n).getSlot();
      return;
    case Node::If:
      os << "if";
      return;
    case Node::Decision:
      os << "decide " << toAWSString(cast<DecisionNode>(n).getVerdict());
      return;
    }
  }

  void children(const Node &n, unsigned indent) {
    switch (n.getKind()) {
    case Node::Interpolation:
      for (const InterpolationNode::Part &p :
           cast<InterpolationNode>(n).getParts()) {
        if (p.expr) {
          node(*p.expr, indent);
        } else {
          os.indent(indent) << "text ";
          quoted(p.text);
          os << '\n';
        }
      }
      return;
    case Node::ArrayLit:
      stmts(cast<ArrayLitNode>(n).getElements(), indent);
      return;
    case Node::Property:
      node(cast<PropertyNode>(n).getBase(), indent);
      return;
    case Node::Index:
      node(cast<IndexNode>(n).getBase(), indent);
      node(cast<IndexNode>(n).getKey(), indent);
      return;
    case Node::Unary:
      node(cast<UnaryNode>(n).getOperand(), indent);
      return;
    case Node::Binary:
      node(cast<BinaryNode>(n).getLHS(), indent);
      node(cast<BinaryNode>(n).getRHS(), indent);
      return;
    case Node::Method:
      node(cast<MethodNode>(n).getReceiver(), indent);
      stmts(cast<MethodNode>(n).getArgs(), indent);
      return;
    case Node::BlockMethod:
      node(cast<BlockMethodNode>(n).getReceiver(), indent);
      os.indent(indent) << "block\n";
      stmts(cast<BlockMethodNode>(n).getBody(), indent + 2);
      return;
    case Node::DaysSince:
      node(cast<DaysSinceNode>(n).getArg(), indent);
      return;
    case Node::Assign:
      node(cast<AssignNode>(n).getValue(), indent);
      return;
    case Node::If: {
      const auto &i = cast<IfNode>(n);
      for (const IfNode::Clause &c : i.getClauses()) {
        os.indent(indent) << "cond\n";
        node(*c.cond, indent + 2);
        os.indent(indent) << "then\n";
        stmts(c.body, indent + 2);
      }
      if (i.getHasElse()) {
        os.indent(indent) << "else\n";
        stmts(i.getElseBody(), indent + 2);
      }
      return;
    }
    case Node::Decision:
      if (const Node *a = cast<DecisionNode>(n).getAnnotation())
        node(*a, indent);
      return;
    default:
      return;
    }
  }

  const Body &body;
  raw_ostream &os;
};

} // namespace

void dump(const Body &body, raw_ostream &os, unsigned indent) {
  os.indent(indent) << "body item=" << body.itemName
                    << " slots=" << body.numSlots;
  for (const std::string &t : body.resourceTypes)
    os << ' ' << t;
  os << '\n';
  Dumper(body, os).stmts(body.statements, indent + 2);
}

} // namespace rulecc::ir::body
