//===- BodyCodegen.cpp - Python and Node.js handlers from rule bodies -----===//
// One walker over the typed body writes both languages: the structure
// (helper functions for blocks, locals per scope, returns for decisions) is
// the same, and the Syntax table holds what differs.
//===----------------------------------------------------------------------===//

#include "backends/bundle/BodyCodegen.h"

#include "backends/bundle/BodyCodegenImpl.h"
#include "backends/bundle/Bundle.h"
#include "frontend/DumpText.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace llvm;

namespace rulecc::bundle {

using namespace ir::body;

namespace {

/// Only printable ASCII in comments: a file or rule name with a line break
/// (or U+2028 for JavaScript) must not end the comment.
std::string commentText(StringRef text) {
  std::string out;
  for (char c : text)
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

H blockHelper(BlockMethodKind m) {
  switch (m) {
  case BlockMethodKind::Any:
    return H::BlockAny;
  case BlockMethodKind::All:
    return H::BlockAll;
  case BlockMethodKind::None:
    return H::BlockNone;
  case BlockMethodKind::Count:
    return H::BlockCount;
  case BlockMethodKind::Select:
    return H::BlockSelect;
  case BlockMethodKind::Reject:
    return H::BlockReject;
  case BlockMethodKind::Map:
    return H::BlockMap;
  }
  llvm_unreachable("unknown block method");
}

} // namespace

// ---- Names and literals -----------------------------------------------------

BodyWriter::BodyWriter(const ir::Rule &rule, const Syntax &syntax)
    : rule(rule), body(*rule.body), syn(syntax) {
  // Locals are prefixed, so no name in the rule file can be a keyword or
  // one of the module's own names (rt, check, item, params, now).
  for (unsigned slot = 0; slot < body.numSlots; ++slot) {
    StringRef name;
    if (slot < body.slotNames.size())
      name = body.slotNames[slot];
    bool plain = !name.empty() && llvm::all_of(name, [](char c) {
      return isAlnum(c) || c == '_';
    });
    slotNames.push_back(plain ? ("l_" + name).str()
                              : formatv("l{0}", slot).str());
  }
  if (body.sourceMgr && rule.declRange.isValid()) {
    unsigned buf =
        body.sourceMgr->FindBufferContainingLoc(rule.declRange.Start);
    if (buf)
      fileName =
          sys::path::filename(
              body.sourceMgr->getMemoryBuffer(buf)->getBufferIdentifier())
              .str();
  }
  if (fileName.empty())
    fileName = "rules";
}

unsigned BodyWriter::lineOf(const Node &n) const {
  if (!body.sourceMgr || !n.getRange().isValid())
    return 0;
  return body.sourceMgr->getLineAndColumn(n.getRange().Start).first;
}

std::string BodyWriter::where(const Node &n) const {
  return formatv("{0}:{1}", fileName, lineOf(n)).str();
}

std::string BodyWriter::comment(const Node &n) const {
  return (Twine("  ") + syn.comment + " " + commentText(where(n))).str();
}

std::string BodyWriter::lineArg(const Node &n) const { return str(where(n)); }

std::string BodyWriter::str(StringRef text) const { return syn.literal(text); }

std::string BodyWriter::floatLiteral(double v) const {
  std::string text = formatShortestDouble(v);
  if (syn.isPython)
    // "2" needs ".0" to be a float; "1e+09" and "0.5" are floats already.
    return text.find_first_of(".eEn") == std::string::npos ? text + ".0" : text;
  // JavaScript has one number type: a Float with an integral value (1e9
  // too) is boxed so that `to_s` and `/` still see a Float.
  bool integral = std::trunc(v) == v && std::fabs(v) <= 9007199254740991.0;
  return integral ? (Twine(syn.rt) + "float(" + text + ")").str() : text;
}

std::string BodyWriter::call(StringRef helper,
                             ArrayRef<std::string> args) const {
  std::string out = (Twine(syn.rt) + helper + "(").str();
  for (size_t i = 0; i < args.size(); ++i)
    out += (i ? ", " : "") + args[i];
  return out + ")";
}

// ---- Expressions ------------------------------------------------------------

std::string BodyWriter::cond(const Node &n) {
  std::string e = expr(n);
  return isHostBool(n) ? e : call(syn.name(H::Truthy), {e});
}

std::string BodyWriter::expr(const Node &n) {
  switch (n.getKind()) {
  case Node::Literal: {
    const auto &l = cast<LiteralNode>(n);
    switch (n.getType().getKind()) {
    case Type::Nil:
      return syn.nil.str();
    case Type::Bool:
      return (l.boolValue ? syn.trueText : syn.falseText).str();
    case Type::Int:
      return std::to_string(l.intValue);
    case Type::Float:
      return floatLiteral(l.floatValue);
    default:
      return str(l.stringValue);
    }
  }
  case Node::Interpolation: {
    std::vector<std::string> parts;
    for (const InterpolationNode::Part &p :
         cast<InterpolationNode>(n).getParts()) {
      if (p.expr)
        parts.push_back(call(syn.name(H::ToS), {expr(*p.expr)}));
      else if (!p.text.empty())
        parts.push_back(str(p.text));
    }
    if (parts.empty())
      return str("");
    if (parts.size() == 1 && !StringRef(parts[0]).startswith(syn.rt))
      return parts[0];
    // A leading literal makes `+` a string concatenation in JavaScript.
    if (!syn.isPython && StringRef(parts[0]).startswith(syn.rt))
      parts.insert(parts.begin(), str(""));
    return "(" + llvm::join(parts, " + ") + ")";
  }
  case Node::ArrayLit: {
    std::vector<std::string> elems;
    for (const NodePtr &e : cast<ArrayLitNode>(n).getElements())
      elems.push_back(expr(*e));
    return "[" + llvm::join(elems, ", ") + "]";
  }
  case Node::Item:
    return "item";
  case Node::Property: {
    const auto &p = cast<PropertyNode>(n);
    std::vector<std::string> args{expr(p.getBase())};
    for (const PropertyNode::Segment &s : p.getSegments())
      args.push_back(s.loose ? call(syn.name(H::Loose), {str(s.written)})
                             : str(s.key));
    return call(syn.name(H::Nav), args);
  }
  case Node::Index: {
    const auto &i = cast<IndexNode>(n);
    return call(syn.name(H::Index),
                {expr(i.getBase()), expr(i.getKey()), lineArg(n)});
  }
  case Node::Param: {
    const auto &p = cast<ParamNode>(n);
    std::string read = "params[" + str(p.getName()) + "]";
    if (!syn.isPython && n.getType().is(Type::Float))
      return call(syn.name(H::Float), {read});
    return read;
  }
  case Node::Local:
    return slotNames[cast<LocalNode>(n).getSlot()];
  case Node::Unary: {
    const auto &u = cast<UnaryNode>(n);
    if (u.getOp() == UnaryNode::Neg)
      return call(syn.name(H::Neg), {expr(u.getOperand()), lineArg(n)});
    return "(" + syn.notOp.str() + cond(u.getOperand()) + ")";
  }
  case Node::Binary:
    return binary(cast<BinaryNode>(n));
  case Node::Method:
    return method(cast<MethodNode>(n));
  case Node::BlockMethod: {
    const auto &b = cast<BlockMethodNode>(n);
    H h = blockHelper(b.getMethod());
    auto it = blockNames.find(&b);
    assert(it != blockNames.end() && "block function not written");
    return call(syn.name(h), {expr(b.getReceiver()), it->second});
  }
  case Node::DaysSince:
    return call(syn.name(H::DaysSince),
                {expr(cast<DaysSinceNode>(n).getArg()), "now", lineArg(n)});
  case Node::Now:
    return "now";
  default:
    llvm_unreachable("statement in expression position");
  }
}

std::string BodyWriter::binary(const BinaryNode &b) {
  const Node &l = b.getLHS(), &r = b.getRHS();
  auto arith = [&](H h) {
    return call(syn.name(h), {expr(l), expr(r), lineArg(b)});
  };
  switch (b.getOp()) {
  case BinaryNode::Add:
    return arith(H::Add);
  case BinaryNode::Sub:
    return arith(H::Sub);
  case BinaryNode::Mul:
    return arith(H::Mul);
  case BinaryNode::Div:
    return arith(H::Div);
  case BinaryNode::Mod:
    return arith(H::Mod);
  case BinaryNode::Lt:
    return arith(H::Lt);
  case BinaryNode::Le:
    return arith(H::Le);
  case BinaryNode::Gt:
    return arith(H::Gt);
  case BinaryNode::Ge:
    return arith(H::Ge);
  case BinaryNode::Eq:
  case BinaryNode::Ne: {
    bool ne = b.getOp() == BinaryNode::Ne;
    // nil and string literals compare the same way in the host language.
    if (isNilLiteral(l) || isNilLiteral(r)) {
      const Node &other = isNilLiteral(l) ? r : l;
      return "(" + expr(other) + " " + (ne ? syn.isNotNil : syn.isNil).str() +
             ")";
    }
    if (isHostString(l) || isHostString(r))
      return "(" + expr(l) + " " + (ne ? syn.neOp : syn.eqOp).str() + " " +
             expr(r) + ")";
    std::string e = call(syn.name(H::Eq), {expr(l), expr(r)});
    return ne ? "(" + syn.notOp.str() + e + ")" : e;
  }
  case BinaryNode::And:
  case BinaryNode::Or: {
    bool isAnd = b.getOp() == BinaryNode::And;
    if (isHostBool(l) && isHostBool(r))
      return "(" + expr(l) + " " + (isAnd ? syn.andOp : syn.orOp).str() + " " +
             expr(r) + ")";
    // The right operand is evaluated only when needed.
    return call(syn.name(isAnd ? H::And : H::Or),
                {expr(l), syn.lambda(expr(r))});
  }
  }
  llvm_unreachable("unknown binary operator");
}

std::string BodyWriter::method(const MethodNode &m) {
  std::string recv = expr(m.getReceiver());
  std::vector<std::string> args{recv};
  for (const NodePtr &a : m.getArgs())
    args.push_back(expr(*a));
  auto fallible = [&](H h) {
    args.push_back(lineArg(m));
    return call(syn.name(h), args);
  };
  switch (m.getMethod()) {
  case MethodKind::IsNil:
    return "(" + recv + " " + syn.isNil.str() + ")";
  case MethodKind::IsPresent:
    return call(syn.name(H::Present), {recv});
  case MethodKind::ToS:
    return call(syn.name(H::ToS), {recv});
  case MethodKind::IsEmpty:
    return fallible(H::Empty);
  case MethodKind::Size:
    return fallible(H::Size);
  case MethodKind::Includes:
    return fallible(H::Include);
  case MethodKind::StartsWith:
    return fallible(H::StartWith);
  case MethodKind::EndsWith:
    return fallible(H::EndWith);
  case MethodKind::Matches:
    return fallible(H::Match);
  case MethodKind::Downcase:
    return fallible(H::Downcase);
  case MethodKind::Upcase:
    return fallible(H::Upcase);
  case MethodKind::ToI:
    return fallible(H::ToI);
  }
  llvm_unreachable("unknown method");
}

// ---- Statements -------------------------------------------------------------

void BodyWriter::line(unsigned indent, StringRef text) {
  out.append(indent * syn.indentWidth, ' ');
  out += text;
  out += '\n';
}

void BodyWriter::writeBlocksOf(const Node &n, unsigned indent) {
  forEachChild(
      n, [&](const Node &c) { writeBlocksOf(c, indent); },
      /*intoStatements=*/false);
  if (const auto *b = dyn_cast<BlockMethodNode>(&n))
    writeBlock(*b, indent);
}

void BodyWriter::writeBlock(const BlockMethodNode &b, unsigned indent) {
  std::string name = formatv("block{0}", ++blockCount).str();
  blockNames[&b] = name;
  std::string param = slotNames[b.getParamSlot()];
  line(indent, syn.functionHead(name, param) + comment(b) + " " +
                   spelling(b.getMethod()).str());
  Scope scope = scopeOf(b.getBody(), b.getParamSlot(), b.getParamSlot());
  writeScopeLocals(scope, indent + 1);
  writeStmts(b.getBody(), indent + 1, Mode::Value);
  if (!syn.functionTail.empty())
    line(indent, syn.functionTail);
}

void BodyWriter::writeScopeLocals(const Scope &scope, unsigned indent) {
  if (syn.isPython && !scope.outer.empty()) {
    std::vector<std::string> names;
    for (unsigned s : scope.outer)
      names.push_back(slotNames[s]);
    line(indent, "nonlocal " + llvm::join(names, ", "));
  }
  if (scope.own.empty())
    return;
  std::vector<std::string> names;
  for (unsigned s : scope.own)
    names.push_back(slotNames[s]);
  if (syn.isPython)
    line(indent, llvm::join(names, " = ") + " = None");
  else
    line(indent, "let " + llvm::join(names, " = null, ") + " = null;");
}

std::string BodyWriter::finish(Mode mode, const std::string &value) const {
  if (mode == Mode::Value)
    return syn.ret(value);
  return syn.ret(call(syn.name(H::Verdict), {value}));
}

void BodyWriter::writeStmts(ArrayRef<NodePtr> stmts, unsigned indent,
                            Mode mode) {
  for (size_t i = 0; i < stmts.size(); ++i)
    writeStmt(*stmts[i], indent, i + 1 == stmts.size() ? mode : Mode::Discard);
  if (stmts.empty()) {
    if (mode == Mode::Discard) {
      if (syn.isPython)
        line(indent, "pass");
    } else {
      line(indent, finish(mode, syn.nil.str()));
    }
  }
}

void BodyWriter::writeStmt(const Node &s, unsigned indent, Mode mode) {
  writeBlocksOf(s, indent);
  switch (s.getKind()) {
  case Node::Assign: {
    const auto &a = cast<AssignNode>(s);
    const std::string &name = slotNames[a.getSlot()];
    line(indent,
         name + " = " + expr(a.getValue()) + syn.semi.str() + comment(s));
    if (mode != Mode::Discard)
      line(indent, finish(mode, name));
    return;
  }
  case Node::Decision: {
    const auto &d = cast<DecisionNode>(s);
    std::string verdict = (Twine(syn.rt) + toAWSString(d.getVerdict())).str();
    std::string value = verdict;
    if (const Node *a = d.getAnnotation()) {
      std::string text = a->getType().is(Type::String) && isHostString(*a)
                             ? expr(*a)
                             : call(syn.name(H::Annotation), {expr(*a)});
      value = syn.pair(verdict, text);
    }
    line(indent, syn.ret(value) + comment(s));
    return;
  }
  case Node::If:
    writeIf(cast<IfNode>(s), indent, mode);
    return;
  default:
    if (mode == Mode::Discard)
      line(indent, expr(s) + syn.semi.str() + comment(s));
    else
      line(indent, finish(mode, expr(s)) + comment(s));
    return;
  }
}

void BodyWriter::writeIf(const IfNode &i, unsigned indent, Mode mode) {
  ArrayRef<IfNode::Clause> clauses = i.getClauses();
  for (size_t k = 0; k < clauses.size(); ++k) {
    const IfNode::Clause &c = clauses[k];
    std::string test = cond(*c.cond);
    std::string head = k == 0 ? syn.ifHead(test) : syn.elifHead(test);
    line(indent, head + comment(*c.cond));
    writeStmts(c.body, indent + 1, mode);
  }
  bool hasElse = i.getHasElse() || !i.getElseBody().empty();
  if (hasElse) {
    line(indent, syn.elseHead());
    writeStmts(i.getElseBody(), indent + 1, mode);
  }
  if (!syn.blockTail.empty())
    line(indent, syn.blockTail);
  if (mode == Mode::Discard || hasElse)
    return;
  // No branch ran: nil, or, for a guard that holds decisions, COMPLIANT.
  if (mode == Mode::Value)
    line(indent, syn.ret(syn.nil));
  else if (llvm::any_of(clauses, [](const IfNode::Clause &c) {
             return holdsDecision(c.body);
           }))
    line(indent, syn.ret((Twine(syn.rt) + "COMPLIANT").str()));
  else
    line(indent, finish(mode, syn.nil.str()));
}

// ---- The module -------------------------------------------------------------

void BodyWriter::writeCheck() {
  line(0, syn.functionHead("check", "item, params"));
  line(1, (Twine("item = ") + call(syn.name(H::JsonValue), {"item"}) + syn.semi)
              .str());
  bool needsNow = llvm::any_of(body.statements,
                               [](const NodePtr &s) { return usesNow(*s); });
  if (needsNow)
    line(1, (Twine(syn.isPython ? "" : "const ") +
             "now = " + call(syn.name(H::Now), {}) + syn.semi)
                .str());
  Scope scope = scopeOf(body.statements, 0);
  scope.outer.clear();
  writeScopeLocals(scope, 1);
  writeStmts(body.statements, 1, Mode::Verdict);
  if (!syn.functionTail.empty())
    line(0, syn.functionTail);
}

std::string BodyWriter::paramSpec() const {
  std::vector<std::string> entries;
  auto typeName = [](ir::ParamDecl::Type t) -> StringRef {
    switch (t) {
    case ir::ParamDecl::String:
      return "String";
    case ir::ParamDecl::Integer:
      return "Integer";
    case ir::ParamDecl::Float:
      return "Float";
    case ir::ParamDecl::Boolean:
      return "Boolean";
    case ir::ParamDecl::List:
      return "List";
    }
    return "String";
  };
  StringSet<> declared;
  for (const ir::ParamDecl &p : rule.params) {
    declared.insert(p.name);
    std::vector<std::string> args{str(typeName(p.type))};
    // Without a default the parameter is required: an evaluation without
    // it fails (the runtime's ParameterError), as in the evaluator.
    if (p.defaultValue && p.defaultValue->kind != ir::Value::Nil)
      args.push_back(defaultLiteral(*p.defaultValue));
    entries.push_back(syn.mapEntry(str(p.name), call(syn.paramCtor, args)));
  }
  // Input parameters without a `param` still reach the function; they are
  // passed through as text.
  for (const ir::InputParameter &p : rule.inputParameters)
    if (declared.insert(p.name).second)
      entries.push_back(syn.mapEntry(
          str(p.name),
          call(syn.paramCtor,
               {str("String"), syn.isPython
                                   ? "required=False"
                                   : "undefined, { required: false }"})));
  return entries.empty() ? "{}" : "{" + llvm::join(entries, ", ") + "}";
}

std::string BodyWriter::defaultLiteral(const ir::Value &v) const {
  switch (v.kind) {
  case ir::Value::Bool:
    return (v.boolValue ? syn.trueText : syn.falseText).str();
  case ir::Value::Int:
    return std::to_string(v.intValue);
  case ir::Value::Float: {
    std::string text = formatShortestDouble(v.floatValue);
    return syn.isPython && text.find_first_of(".eEn") == std::string::npos
               ? text + ".0"
               : text;
  }
  default:
    // Lists and maps as AWS Config passes them: the rendered text.
    return str(v.render());
  }
}

std::string BodyWriter::resourceTypeList() const {
  std::vector<std::string> types;
  for (const auto &[name, range] : rule.scope.resourceTypes)
    types.push_back(str(name));
  return "[" + llvm::join(types, ", ") + "]";
}

std::string BodyWriter::header() const {
  std::string ruleName =
      rule.ruleClass ? rule.ruleClass->name + "." + rule.name : rule.name;
  return (Twine(syn.comment) + " Generated by rulecc from " +
          commentText(fileName) + ", rule " + commentText(ruleName) + ".\n" +
          syn.comment +
          " Do not edit: change the rule and compile again. Each line's " +
          "comment names the\n" + syn.comment +
          " rule file line it comes from; the " + RuntimeModule +
          " helpers give the\n" + syn.comment +
          " operations the meaning they have in the rule language.\n")
      .str();
}

std::string BodyWriter::run(bool inlineRuntime) {
  out.clear();
  if (!inlineRuntime) {
    out += header();
    out += syn.prologue;
  } else {
    out += "\n";
    out += header();
    out += syn.inlinePrologue;
  }
  out += "\n\n";
  writeCheck();
  out += "\n\n";
  out += syn.epilogue(resourceTypeList(), paramSpec(), inlineRuntime);
  return out;
}

} // namespace rulecc::bundle
