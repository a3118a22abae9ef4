//===- AST.h - The rule language's abstract syntax tree -------------------===//
// The ANTLR-free syntax tree every later phase reads: a small Ruby-like AST
// (kind enum + classof, children owned by unique_ptr, ranges on every node).
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_AST_H
#define RULECC_FRONTEND_AST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rulecc::ast {

/// The syntax is deliberately generic: settings, properties and rule
/// declarations are all `Call`s (`desc "..."`, `managed_rule :x`,
/// `rule :n do |i| ... end`); lowering gives them meaning. This keeps the
/// grammar small and lets one AST carry both the declarative part of a file
/// and the expressions of rule bodies.
class Node {
public:
  enum Kind {
    // Expressions.
    IntegerLit,
    FloatLit,
    StringLit,
    SymbolLit,
    BoolLit,
    NilLit,
    ArrayLit,
    HashLit,
    ConstPath,
    Identifier,
    Call,
    Index,
    Unary,
    Binary,
    // Statements.
    Assign,
    If,
    ClassDef,
  };

  Node(Kind kind, llvm::SMRange range) : kind(kind), range(range) {}
  virtual ~Node() = default;
  Node(const Node &) = delete;
  Node &operator=(const Node &) = delete;

  Kind getKind() const { return kind; }
  llvm::SMRange getRange() const { return range; }
  llvm::SMLoc getLoc() const { return range.Start; }

private:
  Kind kind;
  llvm::SMRange range;
};

using NodePtr = std::unique_ptr<Node>;
using NodeList = std::vector<NodePtr>;

/// `1_000`, `42`. The value is already range-checked by the frontend.
class IntegerLitNode : public Node {
public:
  IntegerLitNode(llvm::SMRange r, int64_t v) : Node(IntegerLit, r), value(v) {}
  int64_t getValue() const { return value; }
  static bool classof(const Node *n) { return n->getKind() == IntegerLit; }

private:
  int64_t value;
};

class FloatLitNode : public Node {
public:
  FloatLitNode(llvm::SMRange r, double v) : Node(FloatLit, r), value(v) {}
  double getValue() const { return value; }
  static bool classof(const Node *n) { return n->getKind() == FloatLit; }

private:
  double value;
};

/// One piece of a string: either literal text (escapes already decoded) or
/// an interpolated `#{expr}`.
struct StringPart {
  std::string text; // used when expr is null
  NodePtr expr;     // the interpolated expression, or null
  llvm::SMRange range;
};

/// `"a #{b} c"`, `'raw'`, or a `<<~EOS` heredoc (indentation already stripped).
class StringLitNode : public Node {
public:
  enum Style { DoubleQuoted, SingleQuoted, Heredoc };
  StringLitNode(llvm::SMRange r, Style style, std::vector<StringPart> parts)
      : Node(StringLit, r), style(style), parts(std::move(parts)) {}

  Style getStyle() const { return style; }
  llvm::ArrayRef<StringPart> getParts() const { return parts; }
  /// True when the string has no interpolation.
  bool isPlain() const {
    for (const StringPart &p : parts)
      if (p.expr)
        return false;
    return true;
  }
  /// The text of a plain string (interpolations are skipped).
  std::string getPlainValue() const {
    std::string out;
    for (const StringPart &p : parts)
      if (!p.expr)
        out += p.text;
    return out;
  }
  static bool classof(const Node *n) { return n->getKind() == StringLit; }

private:
  Style style;
  std::vector<StringPart> parts;
};

/// `:name` or `:"any text"`.
class SymbolLitNode : public Node {
public:
  SymbolLitNode(llvm::SMRange r, std::string name)
      : Node(SymbolLit, r), name(std::move(name)) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Node *n) { return n->getKind() == SymbolLit; }

private:
  std::string name;
};

class BoolLitNode : public Node {
public:
  BoolLitNode(llvm::SMRange r, bool v) : Node(BoolLit, r), value(v) {}
  bool getValue() const { return value; }
  static bool classof(const Node *n) { return n->getKind() == BoolLit; }

private:
  bool value;
};

class NilLitNode : public Node {
public:
  explicit NilLitNode(llvm::SMRange r) : Node(NilLit, r) {}
  static bool classof(const Node *n) { return n->getKind() == NilLit; }
};

class ArrayLitNode : public Node {
public:
  ArrayLitNode(llvm::SMRange r, NodeList elements)
      : Node(ArrayLit, r), elements(std::move(elements)) {}
  llvm::ArrayRef<NodePtr> getElements() const { return elements; }
  static bool classof(const Node *n) { return n->getKind() == ArrayLit; }

private:
  NodeList elements;
};

/// One `key: value` (label form; key is a SymbolLitNode) or `key => value`.
struct HashEntry {
  NodePtr key;
  NodePtr value;
  bool isLabel = false;
};

/// `{ k: v, "k" => v }`, or the brace-less keyword arguments that end a call
/// (`input_parameters max_age: 90`), which are collected into a trailing
/// HashLitNode with isBraceless() set, as Ruby does.
class HashLitNode : public Node {
public:
  HashLitNode(llvm::SMRange r, std::vector<HashEntry> entries, bool braceless)
      : Node(HashLit, r), entries(std::move(entries)), braceless(braceless) {}
  llvm::ArrayRef<HashEntry> getEntries() const { return entries; }
  bool isBraceless() const { return braceless; }
  static bool classof(const Node *n) { return n->getKind() == HashLit; }

private:
  std::vector<HashEntry> entries;
  bool braceless;
};

/// `ApplicationRule`, `AWS::S3::Bucket`.
class ConstPathNode : public Node {
public:
  ConstPathNode(llvm::SMRange r, std::vector<std::string> segments)
      : Node(ConstPath, r), segments(std::move(segments)) {}
  llvm::ArrayRef<std::string> getSegments() const { return segments; }
  /// The segments joined with `::`.
  std::string getPath() const {
    std::string out;
    for (size_t i = 0; i < segments.size(); ++i)
      out += (i ? "::" : "") + segments[i];
    return out;
  }
  static bool classof(const Node *n) { return n->getKind() == ConstPath; }

private:
  std::vector<std::string> segments;
};

/// A bare name: a local variable, a block parameter, or a call without
/// receiver, arguments or parentheses (`item`, `now`, `compliant`).
class IdentifierNode : public Node {
public:
  IdentifierNode(llvm::SMRange r, std::string name)
      : Node(Identifier, r), name(std::move(name)) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Node *n) { return n->getKind() == Identifier; }

private:
  std::string name;
};

/// `do |x, y| ... end` or `{ |x| ... }` attached to a call.
struct Block {
  struct Param {
    std::string name;
    llvm::SMRange range;
  };
  std::vector<Param> params;
  NodeList body;
  bool isBrace = false;
  llvm::SMRange range;
};

/// `name args`, `name(args)`, `recv.name`, `recv.name(args) { |x| ... }`.
/// Keyword arguments arrive as a trailing brace-less HashLitNode in args.
class CallNode : public Node {
public:
  CallNode(llvm::SMRange r, NodePtr receiver, std::string name,
           llvm::SMRange nameRange, NodeList args, std::unique_ptr<Block> block,
           bool hasParens)
      : Node(Call, r), receiver(std::move(receiver)), name(std::move(name)),
        nameRange(nameRange), args(std::move(args)), block(std::move(block)),
        hasParens(hasParens) {}

  const Node *getReceiver() const { return receiver.get(); }
  llvm::StringRef getName() const { return name; }
  llvm::SMRange getNameRange() const { return nameRange; }
  llvm::ArrayRef<NodePtr> getArgs() const { return args; }
  const Block *getBlock() const { return block.get(); }
  bool getHasParens() const { return hasParens; }
  /// The trailing brace-less keyword arguments, if any.
  const HashLitNode *getKeywordArgs() const {
    if (args.empty())
      return nullptr;
    auto *h = llvm::dyn_cast<HashLitNode>(args.back().get());
    return h && h->isBraceless() ? h : nullptr;
  }
  /// The positional arguments (everything but the keyword arguments).
  llvm::ArrayRef<NodePtr> getPositionalArgs() const {
    llvm::ArrayRef<NodePtr> all = args;
    return getKeywordArgs() ? all.drop_back() : all;
  }
  static bool classof(const Node *n) { return n->getKind() == Call; }

private:
  NodePtr receiver;
  std::string name;
  llvm::SMRange nameRange;
  NodeList args;
  std::unique_ptr<Block> block;
  bool hasParens;
};

/// `recv[index]`.
class IndexNode : public Node {
public:
  IndexNode(llvm::SMRange r, NodePtr receiver, NodePtr index)
      : Node(Index, r), receiver(std::move(receiver)), index(std::move(index)) {
  }
  const Node *getReceiver() const { return receiver.get(); }
  const Node *getIndex() const { return index.get(); }
  static bool classof(const Node *n) { return n->getKind() == Index; }

private:
  NodePtr receiver;
  NodePtr index;
};

class UnaryNode : public Node {
public:
  enum Op { Not, Neg, Plus };
  /// `spelling` keeps `!` versus `not` for dumps and messages.
  UnaryNode(llvm::SMRange r, Op op, std::string spelling, NodePtr operand)
      : Node(Unary, r), op(op), spelling(std::move(spelling)),
        operand(std::move(operand)) {}
  Op getOp() const { return op; }
  llvm::StringRef getSpelling() const { return spelling; }
  const Node *getOperand() const { return operand.get(); }
  static bool classof(const Node *n) { return n->getKind() == Unary; }

private:
  Op op;
  std::string spelling;
  NodePtr operand;
};

class BinaryNode : public Node {
public:
  enum Op { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
  /// `spelling` keeps `&&` versus `and`, `||` versus `or`.
  BinaryNode(llvm::SMRange r, Op op, std::string spelling,
             llvm::SMRange opRange, NodePtr lhs, NodePtr rhs)
      : Node(Binary, r), op(op), spelling(std::move(spelling)),
        opRange(opRange), lhs(std::move(lhs)), rhs(std::move(rhs)) {}
  Op getOp() const { return op; }
  llvm::StringRef getSpelling() const { return spelling; }
  llvm::SMRange getOpRange() const { return opRange; }
  const Node *getLHS() const { return lhs.get(); }
  const Node *getRHS() const { return rhs.get(); }
  static bool classof(const Node *n) { return n->getKind() == Binary; }

private:
  Op op;
  std::string spelling;
  llvm::SMRange opRange;
  NodePtr lhs;
  NodePtr rhs;
};

/// `name = value`.
class AssignNode : public Node {
public:
  AssignNode(llvm::SMRange r, std::string name, llvm::SMRange nameRange,
             NodePtr value)
      : Node(Assign, r), name(std::move(name)), nameRange(nameRange),
        value(std::move(value)) {}
  llvm::StringRef getName() const { return name; }
  llvm::SMRange getNameRange() const { return nameRange; }
  const Node *getValue() const { return value.get(); }
  static bool classof(const Node *n) { return n->getKind() == Assign; }

private:
  std::string name;
  llvm::SMRange nameRange;
  NodePtr value;
};

/// `if/elsif/else/end`, `unless/else/end`, and the trailing modifiers
/// `stmt if cond` / `stmt unless cond` (isModifier; then-body holds stmt).
/// An `unless` keeps its own condition; it is not negated here.
class IfNode : public Node {
public:
  struct Clause {
    NodePtr cond;
    NodeList body;
    llvm::SMRange range;
  };
  IfNode(llvm::SMRange r, bool isUnless, bool isModifier,
         std::vector<Clause> clauses, NodeList elseBody, bool hasElse)
      : Node(If, r), isUnless(isUnless), isModifier(isModifier),
        clauses(std::move(clauses)), elseBody(std::move(elseBody)),
        hasElse(hasElse) {}
  bool getIsUnless() const { return isUnless; }
  bool getIsModifier() const { return isModifier; }
  /// The `if` clause first, then every `elsif`.
  llvm::ArrayRef<Clause> getClauses() const { return clauses; }
  llvm::ArrayRef<NodePtr> getElseBody() const { return elseBody; }
  bool getHasElse() const { return hasElse; }
  static bool classof(const Node *n) { return n->getKind() == If; }

private:
  bool isUnless;
  bool isModifier;
  std::vector<Clause> clauses;
  NodeList elseBody;
  bool hasElse;
};

/// `class CheckRule < ApplicationRule ... end`.
class ClassDefNode : public Node {
public:
  ClassDefNode(llvm::SMRange r, std::string name, llvm::SMRange nameRange,
               std::unique_ptr<ConstPathNode> superclass, NodeList body,
               llvm::SMRange endRange)
      : Node(ClassDef, r), name(std::move(name)), nameRange(nameRange),
        superclass(std::move(superclass)), body(std::move(body)),
        endRange(endRange) {}
  llvm::StringRef getName() const { return name; }
  llvm::SMRange getNameRange() const { return nameRange; }
  /// Null when the class has no `< Superclass`.
  const ConstPathNode *getSuperclass() const { return superclass.get(); }
  llvm::ArrayRef<NodePtr> getBody() const { return body; }
  /// The range of the closing `end` (where pending properties are reported).
  llvm::SMRange getEndRange() const { return endRange; }
  static bool classof(const Node *n) { return n->getKind() == ClassDef; }

private:
  std::string name;
  llvm::SMRange nameRange;
  std::unique_ptr<ConstPathNode> superclass;
  NodeList body;
  llvm::SMRange endRange;
};

/// One parsed `.rules` file.
struct File {
  std::string path;      // as given or as resolved from `require`
  unsigned bufferID = 0; // in the SourceMgr that owns the text
  NodeList stmts;
  /// Absolute, with symlinks resolved: the file's identity when loading an
  /// application (each file once) and its sort key. Empty for a buffer
  /// parsed on its own.
  std::string resolvedPath;
};

/// Calls fn on each direct child of node, in source order: receivers,
/// arguments, hash keys and values, interpolated expressions, conditions,
/// and the statements of blocks, branches and class bodies.
void forEachChild(const Node &node, llvm::function_ref<void(const Node &)> fn);

/// Prints the AST as an indented tree, one node per line with its
/// `line:col` range, for `--emit=ast` and the Frontend tests.
void dump(const File &file, const llvm::SourceMgr &sm, llvm::raw_ostream &os);

} // namespace rulecc::ast

#endif // RULECC_FRONTEND_AST_H
