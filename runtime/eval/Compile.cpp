//===- Compile.cpp - Body IR -> the evaluator's resolved tree -------------===//
// Done once per rule: map keys become ids, literals values, `match?`
// patterns compiled regexes, and each node remembers its source line.

#include "ir/LowerBodyRegex.h"
#include "runtime/eval/Program.h"

#include "llvm/ADT/SmallVector.h"

#include <cstring>

using namespace llvm;
namespace body = rulecc::ir::body;

namespace rulecc::eval {

namespace {

class Compiler {
public:
  Compiler(const body::Body &b, KeyTable &keys, RuleProgram &prog)
      : b(b), keys(keys), prog(prog) {}

  ArrayRef<const Code *> list(ArrayRef<body::NodePtr> nodes) {
    SmallVector<const Code *, 8> out;
    for (const body::NodePtr &n : nodes)
      out.push_back(compile(*n));
    return copy(ArrayRef<const Code *>(out));
  }

  const Code *compile(const body::Node &n);

private:
  const body::Body &b;
  KeyTable &keys;
  RuleProgram &prog;

  template <typename T> ArrayRef<T> copy(ArrayRef<T> a) {
    if (a.empty())
      return {};
    T *mem = prog.arena.Allocate<T>(a.size());
    std::uninitialized_copy(a.begin(), a.end(), mem);
    return ArrayRef<T>(mem, a.size());
  }

  Code *make(Code::Op op, const body::Node &n) {
    Code *c = new (prog.arena.Allocate<Code>()) Code();
    c->op = op;
    if (b.sourceMgr && n.getRange().Start.isValid())
      c->line = b.sourceMgr->getLineAndColumn(n.getRange().Start).first;
    return c;
  }

  StringRef save(StringRef s) {
    if (s.empty())
      return "";
    char *mem = static_cast<char *>(prog.arena.Allocate(s.size(), 1));
    std::memcpy(mem, s.data(), s.size());
    return StringRef(mem, s.size());
  }

  /// Slots first assigned inside a block body: they are fresh (nil) on
  /// each call of the block, as Ruby's block-local variables are.
  void blockLocals(ArrayRef<body::NodePtr> stmts, unsigned paramSlot,
                   SmallVectorImpl<uint32_t> &out);
  void blockLocalsOf(const body::Node &n, unsigned paramSlot,
                     SmallVectorImpl<uint32_t> &out);
  static bool holdsDecision(ArrayRef<body::NodePtr> stmts);
  const llvm::Regex *regex(const body::Node &arg);
};

bool Compiler::holdsDecision(ArrayRef<body::NodePtr> stmts) {
  for (const body::NodePtr &s : stmts) {
    if (isa<body::DecisionNode>(s.get()))
      return true;
    if (const auto *i = dyn_cast<body::IfNode>(s.get())) {
      for (const body::IfNode::Clause &c : i->getClauses())
        if (holdsDecision(c.body))
          return true;
      if (holdsDecision(i->getElseBody()))
        return true;
    }
  }
  return false;
}

void Compiler::blockLocalsOf(const body::Node &n, unsigned paramSlot,
                             SmallVectorImpl<uint32_t> &out) {
  if (const auto *a = dyn_cast<body::AssignNode>(&n)) {
    if (a->getSlot() > paramSlot && !is_contained(out, a->getSlot()))
      out.push_back(a->getSlot());
  } else if (const auto *i = dyn_cast<body::IfNode>(&n)) {
    for (const body::IfNode::Clause &c : i->getClauses())
      blockLocals(c.body, paramSlot, out);
    blockLocals(i->getElseBody(), paramSlot, out);
  }
}

void Compiler::blockLocals(ArrayRef<body::NodePtr> stmts, unsigned paramSlot,
                           SmallVectorImpl<uint32_t> &out) {
  for (const body::NodePtr &s : stmts)
    blockLocalsOf(*s, paramSlot, out);
}

const llvm::Regex *Compiler::regex(const body::Node &arg) {
  const auto *lit = dyn_cast<body::LiteralNode>(&arg);
  if (!lit || !lit->getType().is(body::Type::String))
    return nullptr; // sema refuses these; the run time compiles them
  std::string ere;
  body::RegexError err;
  if (!body::translateRegex(lit->stringValue, ere, err))
    return nullptr;
  auto re = std::make_unique<llvm::Regex>(ere);
  std::string why;
  if (!re->isValid(why))
    return nullptr;
  prog.regexes.push_back(std::move(re));
  return prog.regexes.back().get();
}

const Code *Compiler::compile(const body::Node &n) {
  switch (n.getKind()) {
  case body::Node::Literal: {
    const auto &l = cast<body::LiteralNode>(n);
    Code *c = make(Code::Lit, n);
    switch (l.getType().getKind()) {
    case body::Type::Bool:
      c->lit = Value::boolean(l.boolValue);
      break;
    case body::Type::Int:
      c->lit = Value::integer(l.intValue);
      break;
    case body::Type::Float:
      c->lit = Value::real(l.floatValue);
      break;
    case body::Type::String:
      c->lit = Value::string(save(l.stringValue));
      break;
    default:
      break; // nil
    }
    return c;
  }
  case body::Node::Interpolation: {
    Code *c = make(Code::Interp, n);
    SmallVector<const Code *, 8> parts;
    for (const body::InterpolationNode::Part &p :
         cast<body::InterpolationNode>(n).getParts()) {
      if (p.expr) {
        parts.push_back(compile(*p.expr));
      } else {
        Code *t = make(Code::Lit, n);
        t->lit = Value::string(save(p.text));
        parts.push_back(t);
      }
    }
    c->list = copy(ArrayRef<const Code *>(parts));
    return c;
  }
  case body::Node::ArrayLit: {
    Code *c = make(Code::ArrayLit, n);
    c->list = list(cast<body::ArrayLitNode>(n).getElements());
    return c;
  }
  case body::Node::Item:
    return make(Code::Item, n);
  case body::Node::Property: {
    const auto &p = cast<body::PropertyNode>(n);
    Code *c = make(Code::Prop, n);
    c->a = compile(p.getBase());
    SmallVector<Segment, 4> segs;
    for (const body::PropertyNode::Segment &s : p.getSegments())
      segs.push_back({keys.intern(s.key), keys.foldedOf(s.written), s.loose});
    c->segs = copy(ArrayRef<Segment>(segs));
    return c;
  }
  case body::Node::Index: {
    const auto &i = cast<body::IndexNode>(n);
    Code *c = make(Code::Index, n);
    c->a = compile(i.getBase());
    c->b = compile(i.getKey());
    return c;
  }
  case body::Node::Param: {
    Code *c = make(Code::Param, n);
    c->slot = cast<body::ParamNode>(n).getIndex();
    return c;
  }
  case body::Node::Local: {
    Code *c = make(Code::Local, n);
    c->slot = cast<body::LocalNode>(n).getSlot();
    return c;
  }
  case body::Node::Unary: {
    const auto &u = cast<body::UnaryNode>(n);
    Code *c =
        make(u.getOp() == body::UnaryNode::Not ? Code::Not : Code::Neg, n);
    c->a = compile(u.getOperand());
    return c;
  }
  case body::Node::Binary: {
    const auto &bin = cast<body::BinaryNode>(n);
    Code *c = make(Code::Binary, n);
    c->sub = bin.getOp();
    c->a = compile(bin.getLHS());
    c->b = compile(bin.getRHS());
    return c;
  }
  case body::Node::Method: {
    const auto &m = cast<body::MethodNode>(n);
    Code *c = make(Code::Method, n);
    c->sub = static_cast<uint8_t>(m.getMethod());
    c->a = compile(m.getReceiver());
    if (!m.getArgs().empty()) {
      c->b = compile(*m.getArgs().front());
      if (m.getMethod() == body::MethodKind::Matches)
        c->re = regex(*m.getArgs().front());
    }
    return c;
  }
  case body::Node::BlockMethod: {
    const auto &m = cast<body::BlockMethodNode>(n);
    Code *c = make(Code::BlockMethod, n);
    c->sub = static_cast<uint8_t>(m.getMethod());
    c->a = compile(m.getReceiver());
    c->slot = m.getParamSlot();
    c->list = list(m.getBody());
    SmallVector<uint32_t, 4> resets;
    blockLocals(m.getBody(), m.getParamSlot(), resets);
    c->resets = copy(ArrayRef<uint32_t>(resets));
    return c;
  }
  case body::Node::DaysSince: {
    Code *c = make(Code::DaysSince, n);
    c->a = compile(cast<body::DaysSinceNode>(n).getArg());
    return c;
  }
  case body::Node::Now:
    return make(Code::Now, n);
  case body::Node::Assign: {
    const auto &a = cast<body::AssignNode>(n);
    Code *c = make(Code::Assign, n);
    c->slot = a.getSlot();
    c->a = compile(a.getValue());
    return c;
  }
  case body::Node::If: {
    const auto &i = cast<body::IfNode>(n);
    Code *c = make(Code::If, n);
    SmallVector<Clause, 4> clauses;
    for (const body::IfNode::Clause &cl : i.getClauses())
      clauses.push_back({compile(*cl.cond), list(cl.body)});
    c->clauses = copy(ArrayRef<Clause>(clauses));
    c->list = list(i.getElseBody());
    c->hasElse = i.getHasElse();
    bool decides = holdsDecision(i.getElseBody());
    for (const body::IfNode::Clause &cl : i.getClauses())
      decides = decides || holdsDecision(cl.body);
    c->decides = decides;
    return c;
  }
  case body::Node::Decision: {
    const auto &d = cast<body::DecisionNode>(n);
    Code *c = make(Code::Decide, n);
    c->sub = static_cast<uint8_t>(d.getVerdict());
    if (d.getAnnotation())
      c->a = compile(*d.getAnnotation());
    return c;
  }
  }
  return make(Code::Lit, n);
}

} // namespace

void compileBody(const body::Body &b, KeyTable &keys, RuleProgram &prog) {
  Compiler c(b, keys, prog);
  prog.statements = c.list(b.statements);
  prog.numSlots = b.numSlots;
}

} // namespace rulecc::eval
