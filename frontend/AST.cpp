//===- AST.cpp - AST traversal and the --emit=ast dump --------------------===//
// The dump is an indented tree like clang's -ast-dump: one node per line,
// kind, key fields and `<line:col-line:col>` (first and last character).
// Pseudo-nodes group children: `Clause` (an if/elsif/unless branch, whose
// first child is the condition), `Else`, `Block`, `Pair`, `Text`, `Interp`.
//===----------------------------------------------------------------------===//

#include "frontend/AST.h"
#include "frontend/DumpText.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <charconv>
#include <functional>

using namespace llvm;

namespace rulecc::ast {

void forEachChild(const Node &node, function_ref<void(const Node &)> fn) {
  auto each = [&](ArrayRef<NodePtr> list) {
    for (const NodePtr &n : list)
      fn(*n);
  };
  switch (node.getKind()) {
  case Node::StringLit:
    for (const StringPart &p : cast<StringLitNode>(node).getParts())
      if (p.expr)
        fn(*p.expr);
    break;
  case Node::ArrayLit:
    each(cast<ArrayLitNode>(node).getElements());
    break;
  case Node::HashLit:
    for (const HashEntry &e : cast<HashLitNode>(node).getEntries()) {
      fn(*e.key);
      fn(*e.value);
    }
    break;
  case Node::Call: {
    const auto &call = cast<CallNode>(node);
    if (call.getReceiver())
      fn(*call.getReceiver());
    each(call.getArgs());
    if (call.getBlock())
      each(call.getBlock()->body);
    break;
  }
  case Node::Index:
    fn(*cast<IndexNode>(node).getReceiver());
    fn(*cast<IndexNode>(node).getIndex());
    break;
  case Node::Unary:
    fn(*cast<UnaryNode>(node).getOperand());
    break;
  case Node::Binary:
    fn(*cast<BinaryNode>(node).getLHS());
    fn(*cast<BinaryNode>(node).getRHS());
    break;
  case Node::Assign:
    fn(*cast<AssignNode>(node).getValue());
    break;
  case Node::If: {
    const auto &ifNode = cast<IfNode>(node);
    for (const IfNode::Clause &c : ifNode.getClauses()) {
      fn(*c.cond);
      each(c.body);
    }
    each(ifNode.getElseBody());
    break;
  }
  case Node::ClassDef:
    each(cast<ClassDefNode>(node).getBody());
    break;
  default:
    break;
  }
}

namespace {

std::string symbolName(StringRef name) {
  bool plain =
      !name.empty() && (isAlpha(name[0]) || name[0] == '_') &&
      all_of(name.drop_back(), [](char c) { return isAlnum(c) || c == '_'; }) &&
      (isAlnum(name.back()) || name.back() == '_' || name.back() == '?' ||
       name.back() == '!');
  return plain ? ":" + name.str() : ":\"" + escapeForDump(name, '"') + "\"";
}

class Dumper {
public:
  Dumper(const SourceMgr &sm, raw_ostream &os) : sm(sm), os(os) {}

  using Item = std::function<void(bool last)>;

  void file(const File &f) {
    os << "File '" << f.path << "'\n";
    list(nodes(f.stmts));
  }

private:
  std::string loc(SMRange r) const {
    if (!r.isValid())
      return "<invalid>";
    auto [l1, c1] = sm.getLineAndColumn(r.Start);
    SMLoc last = r.End.getPointer() > r.Start.getPointer()
                     ? SMLoc::getFromPointer(r.End.getPointer() - 1)
                     : r.Start;
    auto [l2, c2] = sm.getLineAndColumn(last);
    return formatv("<{0}:{1}-{2}:{3}>", l1, c1, l2, c2).str();
  }

  void list(ArrayRef<Item> items) {
    for (size_t i = 0; i < items.size(); ++i)
      items[i](i + 1 == items.size());
  }

  void emit(bool last, const std::string &text, ArrayRef<Item> children) {
    os << indent << (last ? "`-" : "|-") << text << '\n';
    size_t saved = indent.size();
    indent += last ? "  " : "| ";
    list(children);
    indent.resize(saved);
  }

  Item item(const Node &n) {
    return [this, &n](bool last) { node(n, last); };
  }
  std::vector<Item> nodes(ArrayRef<NodePtr> list) {
    std::vector<Item> items;
    for (const NodePtr &n : list)
      items.push_back(item(*n));
    return items;
  }
  Item pseudo(std::string text, std::vector<Item> children) {
    return [this, text = std::move(text), children = std::move(children)](
               bool last) { emit(last, text, children); };
  }

  void node(const Node &n, bool last);
  std::string header(const Node &n, std::vector<Item> &children);
  std::string stringHeader(const StringLitNode &s, std::vector<Item> &children);
  std::string callHeader(const CallNode &c, std::vector<Item> &children);
  std::string ifHeader(const IfNode &i, std::vector<Item> &children);

  const SourceMgr &sm;
  raw_ostream &os;
  std::string indent;
};

std::string Dumper::stringHeader(const StringLitNode &s,
                                 std::vector<Item> &children) {
  const char *style = s.getStyle() == StringLitNode::DoubleQuoted   ? "dq"
                      : s.getStyle() == StringLitNode::SingleQuoted ? "sq"
                                                                    : "heredoc";
  if (s.isPlain())
    return formatv("StringLit {0} \"{1}\"", style,
                   escapeForDump(s.getPlainValue(), '"'))
        .str();
  for (const StringPart &p : s.getParts()) {
    if (p.expr)
      children.push_back(pseudo("Interp " + loc(p.range), {item(*p.expr)}));
    else
      children.push_back(pseudo(
          "Text \"" + escapeForDump(p.text, '"') + "\" " + loc(p.range), {}));
  }
  return std::string("StringLit ") + style;
}

std::string Dumper::callHeader(const CallNode &c, std::vector<Item> &children) {
  std::string text = "Call '" + c.getName().str() + "'";
  if (c.getReceiver()) {
    text += " receiver";
    children.push_back(item(*c.getReceiver()));
  }
  if (c.getHasParens())
    text += " parens";
  for (const NodePtr &a : c.getArgs())
    children.push_back(item(*a));
  if (const Block *b = c.getBlock()) {
    std::string params;
    for (const Block::Param &p : b->params)
      params += (params.empty() ? "" : ", ") + p.name;
    if (!params.empty())
      params = " |" + params + "|";
    children.push_back(
        pseudo(formatv("Block {0}{1} {2}", b->isBrace ? "brace" : "do", params,
                       loc(b->range)),
               nodes(b->body)));
  }
  return text;
}

std::string Dumper::ifHeader(const IfNode &i, std::vector<Item> &children) {
  for (const IfNode::Clause &c : i.getClauses()) {
    std::vector<Item> parts{item(*c.cond)};
    for (Item &s : nodes(c.body))
      parts.push_back(std::move(s));
    children.push_back(pseudo("Clause " + loc(c.range), std::move(parts)));
  }
  if (i.getHasElse())
    children.push_back(pseudo("Else", nodes(i.getElseBody())));
  std::string text = i.getIsUnless() ? "If unless" : "If";
  return i.getIsModifier() ? text + " modifier" : text;
}

std::string Dumper::header(const Node &n, std::vector<Item> &children) {
  switch (n.getKind()) {
  case Node::IntegerLit:
    return "IntegerLit " + std::to_string(cast<IntegerLitNode>(n).getValue());
  case Node::FloatLit:
    return "FloatLit " + formatShortestDouble(cast<FloatLitNode>(n).getValue());
  case Node::StringLit:
    return stringHeader(cast<StringLitNode>(n), children);
  case Node::SymbolLit:
    return "SymbolLit " + symbolName(cast<SymbolLitNode>(n).getName());
  case Node::BoolLit:
    return cast<BoolLitNode>(n).getValue() ? "BoolLit true" : "BoolLit false";
  case Node::NilLit:
    return "NilLit";
  case Node::ArrayLit:
    children = nodes(cast<ArrayLitNode>(n).getElements());
    return "ArrayLit";
  case Node::HashLit: {
    const auto &h = cast<HashLitNode>(n);
    for (const HashEntry &e : h.getEntries())
      children.push_back(pseudo(e.isLabel ? "Pair label" : "Pair arrow",
                                {item(*e.key), item(*e.value)}));
    return h.isBraceless() ? "HashLit braceless" : "HashLit";
  }
  case Node::ConstPath:
    return "ConstPath " + cast<ConstPathNode>(n).getPath();
  case Node::Identifier:
    return "Identifier '" + cast<IdentifierNode>(n).getName().str() + "'";
  case Node::Call:
    return callHeader(cast<CallNode>(n), children);
  case Node::Index:
    children.push_back(item(*cast<IndexNode>(n).getReceiver()));
    children.push_back(item(*cast<IndexNode>(n).getIndex()));
    return "Index";
  case Node::Unary:
    children.push_back(item(*cast<UnaryNode>(n).getOperand()));
    return "Unary '" + cast<UnaryNode>(n).getSpelling().str() + "'";
  case Node::Binary:
    children.push_back(item(*cast<BinaryNode>(n).getLHS()));
    children.push_back(item(*cast<BinaryNode>(n).getRHS()));
    return "Binary '" + cast<BinaryNode>(n).getSpelling().str() + "'";
  case Node::Assign:
    children.push_back(item(*cast<AssignNode>(n).getValue()));
    return "Assign '" + cast<AssignNode>(n).getName().str() + "'";
  case Node::If:
    return ifHeader(cast<IfNode>(n), children);
  case Node::ClassDef: {
    const auto &c = cast<ClassDefNode>(n);
    children = nodes(c.getBody());
    std::string text = "ClassDef '" + c.getName().str() + "'";
    if (c.getSuperclass())
      text += " < " + c.getSuperclass()->getPath();
    return text;
  }
  }
  return "Unknown";
}

void Dumper::node(const Node &n, bool last) {
  std::vector<Item> children;
  std::string text = header(n, children) + " " + loc(n.getRange());
  emit(last, text, children);
}

} // namespace

void dump(const File &file, const SourceMgr &sm, raw_ostream &os) {
  Dumper(sm, os).file(file);
}

} // namespace rulecc::ast
