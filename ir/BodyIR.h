//===- BodyIR.h - The checked, typed form of a rule body ------------------===//
// What `rule :name do |item| ... end` means once sema has resolved it: typed
// nodes that code generators and the evaluator read instead of the AST.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_BODYIR_H
#define RULECC_IR_BODYIR_H

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

namespace rulecc::ir::body {

/// A static type. Values at run time are JSON-like (nil, bool, integer,
/// float, string, list, map); Date is an ISO-8601 string the checker knows
/// to be a timestamp. Object is a map whose keys the configuration-item
/// schema describes (getSchemaPath() is its AWS path from the item, "" for
/// the item itself). Any is a value the checker cannot see into: a raw key
/// `item["x"]`, or a property of a resource type the schema lacks.
///
/// The schema does not say which properties are lists, so a property below
/// `configuration` or `supplementary_configuration` is "T or a list of T"
/// (isMaybeList(), printed `T*`): navigation projects over whatever lists it
/// meets at run time, collection methods accept it, and a scalar operation
/// that meets a list fails the evaluation.
class Type {
public:
  enum Kind : uint8_t {
    Any,
    Nil,
    Bool,
    Int,
    Float,
    String,
    Date,
    List,
    Map,
    Object
  };

  Type() = default;
  static Type scalar(Kind k, bool maybeList = false) {
    Type t;
    t.kind = k;
    t.maybeList = maybeList;
    return t;
  }
  static Type any() { return scalar(Any); }
  static Type listOf(Type elem);
  /// Map[String, value].
  static Type mapOf(Type value);
  static Type object(llvm::StringRef schemaPath, bool maybeList);

  Kind getKind() const { return kind; }
  bool is(Kind k) const { return kind == k; }
  bool isMaybeList() const { return maybeList; }
  bool isNumeric() const { return kind == Int || kind == Float; }
  /// The element of a List, the value of a Map.
  const Type &getElement() const { return *elem; }
  llvm::StringRef getSchemaPath() const { return schemaPath; }
  /// The same type without the "or a list of it" mark: what a block
  /// parameter iterating over it sees.
  Type single() const {
    Type t = *this;
    t.maybeList = false;
    return t;
  }
  /// "Int", "String*", "List[String]", "Map[String,String]",
  /// "Object<configuration.ipPermissions>*".
  std::string str() const;
  bool operator==(const Type &o) const;
  bool operator!=(const Type &o) const { return !(*this == o); }

private:
  Kind kind = Any;
  bool maybeList = false;
  std::shared_ptr<const Type> elem;
  std::string schemaPath;
};

/// The smallest type holding both (Nil joins to the other side; different
/// kinds join to Any).
Type join(const Type &a, const Type &b);

class Node {
public:
  enum Kind {
    // Expressions.
    Literal,
    Interpolation,
    ArrayLit,
    Item,
    Property,
    Index,
    Param,
    Local,
    Unary,
    Binary,
    Method,
    BlockMethod,
    DaysSince,
    Now,
    // Statements.
    Assign,
    If,
    Decision,
  };

  Node(Kind kind, llvm::SMRange range, Type type)
      : kind(kind), range(range), type(std::move(type)) {}
  virtual ~Node() = default;
  Node(const Node &) = delete;
  Node &operator=(const Node &) = delete;

  Kind getKind() const { return kind; }
  llvm::SMRange getRange() const { return range; }
  /// The value's static type (statements: the type of the value they leave,
  /// Nil for decisions).
  const Type &getType() const { return type; }

private:
  Kind kind;
  llvm::SMRange range;
  Type type;
};

using NodePtr = std::unique_ptr<Node>;
using NodeList = std::vector<NodePtr>;

/// nil, true, 42, 1.5, "text" (string parts already decoded). A constant
/// path such as AWS::EC2::Instance is the String "AWS::EC2::Instance".
class LiteralNode : public Node {
public:
  LiteralNode(llvm::SMRange r, Type t) : Node(Literal, r, std::move(t)) {}
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0;
  std::string stringValue;
  static bool classof(const Node *n) { return n->getKind() == Literal; }
};

/// "a #{b} c": text parts and expressions, each turned into a string with
/// `to_s` semantics (nil -> "").
class InterpolationNode : public Node {
public:
  struct Part {
    std::string text; // used when expr is null
    NodePtr expr;
  };
  InterpolationNode(llvm::SMRange r, std::vector<Part> parts)
      : Node(Interpolation, r, Type::scalar(Type::String)),
        parts(std::move(parts)) {}
  llvm::ArrayRef<Part> getParts() const { return parts; }
  static bool classof(const Node *n) { return n->getKind() == Interpolation; }

private:
  std::vector<Part> parts;
};

class ArrayLitNode : public Node {
public:
  ArrayLitNode(llvm::SMRange r, Type t, NodeList elements)
      : Node(ArrayLit, r, std::move(t)), elements(std::move(elements)) {}
  llvm::ArrayRef<NodePtr> getElements() const { return elements; }
  static bool classof(const Node *n) { return n->getKind() == ArrayLit; }

private:
  NodeList elements;
};

/// The configuration item (the block parameter of the rule).
class ItemNode : public Node {
public:
  ItemNode(llvm::SMRange r, Type t) : Node(Item, r, std::move(t)) {}
  static bool classof(const Node *n) { return n->getKind() == Item; }
};

/// `base.a.b.c`: nil-safe navigation that projects over lists (a list
/// base yields the list of each element's property, lists of lists are
/// flattened one level per projected segment).
class PropertyNode : public Node {
public:
  struct Segment {
    std::string written; // as in the source: "ip_permissions"
    /// The key in the configuration item ("ipPermissions"), resolved
    /// against the schema. When `loose` is set the checker could not resolve
    /// it (an Any base, or types spelling it differently) and the run time
    /// takes the key that matches `written` after lower-casing and dropping
    /// `_`, as the checker would have.
    std::string key;
    bool loose = false;
    llvm::SMRange range;
  };
  PropertyNode(llvm::SMRange r, Type t, NodePtr base,
               std::vector<Segment> segments)
      : Node(Property, r, std::move(t)), base(std::move(base)),
        segments(std::move(segments)) {}
  const Node &getBase() const { return *base; }
  llvm::ArrayRef<Segment> getSegments() const { return segments; }
  /// For sema, which extends a path one segment at a time.
  NodePtr takeBase() { return std::move(base); }
  std::vector<Segment> takeSegments() { return std::move(segments); }
  static bool classof(const Node *n) { return n->getKind() == Property; }

private:
  NodePtr base;
  std::vector<Segment> segments;
};

/// `base[key]`: a list element (Int key, nil past the end), a map value
/// (String key), or a raw key of an object (`item["rawKey"]`, unchecked and
/// typed Any). Nil-safe: a nil base gives nil.
class IndexNode : public Node {
public:
  IndexNode(llvm::SMRange r, Type t, NodePtr base, NodePtr key, bool raw)
      : Node(Index, r, std::move(t)), base(std::move(base)),
        key(std::move(key)), raw(raw) {}
  const Node &getBase() const { return *base; }
  const Node &getKey() const { return *key; }
  bool isRawKey() const { return raw; }
  static bool classof(const Node *n) { return n->getKind() == Index; }

private:
  NodePtr base;
  NodePtr key;
  bool raw;
};

/// `params.name`: the rule's typed parameter (InputParameters decoded by
/// the declared type, or its default).
class ParamNode : public Node {
public:
  ParamNode(llvm::SMRange r, Type t, std::string name, unsigned index)
      : Node(Param, r, std::move(t)), name(std::move(name)), index(index) {}
  llvm::StringRef getName() const { return name; }
  /// Index into Rule::params.
  unsigned getIndex() const { return index; }
  static bool classof(const Node *n) { return n->getKind() == Param; }

private:
  std::string name;
  unsigned index;
};

/// A local variable or block parameter, read from its frame slot.
class LocalNode : public Node {
public:
  LocalNode(llvm::SMRange r, Type t, std::string name, unsigned slot)
      : Node(Local, r, std::move(t)), name(std::move(name)), slot(slot) {}
  llvm::StringRef getName() const { return name; }
  unsigned getSlot() const { return slot; }
  static bool classof(const Node *n) { return n->getKind() == Local; }

private:
  std::string name;
  unsigned slot;
};

class UnaryNode : public Node {
public:
  enum Op { Not, Neg };
  UnaryNode(llvm::SMRange r, Type t, Op op, NodePtr operand)
      : Node(Unary, r, std::move(t)), op(op), operand(std::move(operand)) {}
  Op getOp() const { return op; }
  const Node &getOperand() const { return *operand; }
  static bool classof(const Node *n) { return n->getKind() == Unary; }

private:
  Op op;
  NodePtr operand;
};

class BinaryNode : public Node {
public:
  /// And/Or short-circuit and yield an operand (Ruby's `a || "default"`).
  enum Op { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or };
  BinaryNode(llvm::SMRange r, Type t, Op op, NodePtr lhs, NodePtr rhs)
      : Node(Binary, r, std::move(t)), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  Op getOp() const { return op; }
  const Node &getLHS() const { return *lhs; }
  const Node &getRHS() const { return *rhs; }
  static bool classof(const Node *n) { return n->getKind() == Binary; }

private:
  Op op;
  NodePtr lhs;
  NodePtr rhs;
};
llvm::StringRef spelling(BinaryNode::Op op);

/// The built-in methods of §6 without a block.
enum class MethodKind {
  IsNil,      // nil?
  IsEmpty,    // empty?
  IsPresent,  // present?
  Size,       // size, and count without a block
  Includes,   // include?(x)
  StartsWith, // start_with?(s)
  EndsWith,   // end_with?(s)
  Matches,    // match?("regex")
  Downcase,
  Upcase,
  ToI,
  ToS,
};
llvm::StringRef spelling(MethodKind m);

class MethodNode : public Node {
public:
  MethodNode(llvm::SMRange r, Type t, MethodKind method, NodePtr receiver,
             NodeList args)
      : Node(Method, r, std::move(t)), method(method),
        receiver(std::move(receiver)), args(std::move(args)) {}
  MethodKind getMethod() const { return method; }
  const Node &getReceiver() const { return *receiver; }
  llvm::ArrayRef<NodePtr> getArgs() const { return args; }
  static bool classof(const Node *n) { return n->getKind() == Method; }

private:
  MethodKind method;
  NodePtr receiver;
  NodeList args;
};

enum class BlockMethodKind { Any, All, None, Count, Select, Reject, Map };
llvm::StringRef spelling(BlockMethodKind m);

/// `recv.any? { |x| ... }`. The receiver may be a list or a single value
/// (a single value is a one-element list, nil an empty one). The block
/// parameter lives in `paramSlot`; the block's value is its last statement.
class BlockMethodNode : public Node {
public:
  BlockMethodNode(llvm::SMRange r, Type t, BlockMethodKind method,
                  NodePtr receiver, std::string paramName, unsigned paramSlot,
                  NodeList body)
      : Node(BlockMethod, r, std::move(t)), method(method),
        receiver(std::move(receiver)), paramName(std::move(paramName)),
        paramSlot(paramSlot), body(std::move(body)) {}
  BlockMethodKind getMethod() const { return method; }
  const Node &getReceiver() const { return *receiver; }
  llvm::StringRef getParamName() const { return paramName; }
  unsigned getParamSlot() const { return paramSlot; }
  llvm::ArrayRef<NodePtr> getBody() const { return body; }
  static bool classof(const Node *n) { return n->getKind() == BlockMethod; }

private:
  BlockMethodKind method;
  NodePtr receiver;
  std::string paramName;
  unsigned paramSlot;
  NodeList body;
};

/// `days_since(date)`: whole days from the date to now (floored); nil for
/// nil.
class DaysSinceNode : public Node {
public:
  DaysSinceNode(llvm::SMRange r, Type t, NodePtr arg)
      : Node(DaysSince, r, std::move(t)), arg(std::move(arg)) {}
  const Node &getArg() const { return *arg; }
  static bool classof(const Node *n) { return n->getKind() == DaysSince; }

private:
  NodePtr arg;
};

/// `now`: the evaluation's time (one value per evaluation).
class NowNode : public Node {
public:
  NowNode(llvm::SMRange r) : Node(Now, r, Type::scalar(Type::Date)) {}
  static bool classof(const Node *n) { return n->getKind() == Now; }
};

/// `name = value`; the value is also the statement's value.
class AssignNode : public Node {
public:
  AssignNode(llvm::SMRange r, Type t, std::string name, unsigned slot,
             NodePtr value)
      : Node(Assign, r, std::move(t)), name(std::move(name)), slot(slot),
        value(std::move(value)) {}
  llvm::StringRef getName() const { return name; }
  unsigned getSlot() const { return slot; }
  const Node &getValue() const { return *value; }
  static bool classof(const Node *n) { return n->getKind() == Assign; }

private:
  std::string name;
  unsigned slot;
  NodePtr value;
};

/// if/elsif/else. `unless c` is lowered to `if !c` (the condition node is a
/// Not), and modifiers to one-clause ifs. Truthiness is Ruby's: only nil and
/// false are false.
class IfNode : public Node {
public:
  struct Clause {
    NodePtr cond;
    NodeList body;
    llvm::SMRange range;
  };
  IfNode(llvm::SMRange r, Type t, std::vector<Clause> clauses,
         NodeList elseBody, bool hasElse)
      : Node(If, r, std::move(t)), clauses(std::move(clauses)),
        elseBody(std::move(elseBody)), hasElse(hasElse) {}
  llvm::ArrayRef<Clause> getClauses() const { return clauses; }
  llvm::ArrayRef<NodePtr> getElseBody() const { return elseBody; }
  bool getHasElse() const { return hasElse; }
  static bool classof(const Node *n) { return n->getKind() == If; }

private:
  std::vector<Clause> clauses;
  NodeList elseBody;
  bool hasElse;
};

enum class Verdict { Compliant, NonCompliant, NotApplicable };
/// AWS's ComplianceType spelling: "COMPLIANT", "NON_COMPLIANT",
/// "NOT_APPLICABLE".
llvm::StringRef toAWSString(Verdict v);

/// `compliant`, `non_compliant "why"`, `not_applicable`: ends the
/// evaluation. The annotation (a String) is cut to 256 characters.
class DecisionNode : public Node {
public:
  DecisionNode(llvm::SMRange r, Verdict verdict, NodePtr annotation)
      : Node(Decision, r, Type::scalar(Type::Nil)), verdict(verdict),
        annotation(std::move(annotation)) {}
  Verdict getVerdict() const { return verdict; }
  /// Null when no annotation was given.
  const Node *getAnnotation() const { return annotation.get(); }
  static bool classof(const Node *n) { return n->getKind() == Decision; }

private:
  Verdict verdict;
  NodePtr annotation;
};

/// A checked rule body. When the statements finish without a decision, the
/// value of the last one decides: truthy -> COMPLIANT, falsy ->
/// NON_COMPLIANT; when that last statement is an `if` holding decisions and
/// no branch of it ran (a guard such as `non_compliant "x" unless ok` that
/// did not fire), the item is COMPLIANT.
struct Body {
  std::string itemName; // the block parameter, e.g. "bucket"
  llvm::SMRange itemRange;
  /// The resource types `item` was checked against (the rule's scope);
  /// empty when the scope names none.
  std::vector<std::string> resourceTypes;
  NodeList statements;
  /// Frame size: locals and block parameters each own one slot.
  unsigned numSlots = 0;
  std::vector<std::string> slotNames;
  /// The buffers the ranges point into (for dumps and source-line comments).
  const llvm::SourceMgr *sourceMgr = nullptr;
};

/// Calls `fn` on each direct child of `n`: its operands, arguments and
/// conditions and, with `intoStatements`, the statements of its if branches
/// and of its block too (without, only what belongs to `n`'s own statement).
void forEachChild(const Node &n, llvm::function_ref<void(const Node &)> fn,
                  bool intoStatements);

/// Prints the typed tree, one node per line with its `line:col` and type.
void dump(const Body &body, llvm::raw_ostream &os, unsigned indent);

} // namespace rulecc::ir::body

#endif // RULECC_IR_BODYIR_H
