//===- Program.h - A rule body compiled for the evaluator (internal) ------===//
// The body IR with everything that can be resolved once per rule resolved:
// key ids, regexes, literal values, source lines for error messages.
//===----------------------------------------------------------------------===//
#ifndef RULECC_RUNTIME_EVAL_PROGRAM_H
#define RULECC_RUNTIME_EVAL_PROGRAM_H

#include "ir/IR.h"
#include "runtime/eval/Eval.h"
#include "runtime/eval/Value.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>
#include <vector>

namespace rulecc::eval {

struct Code;

struct Segment {
  KeyTable::Id key;
  KeyTable::Id folded; // of the written name, for loose segments
  bool loose;
};

struct Clause {
  const Code *cond;
  llvm::ArrayRef<const Code *> body;
};

/// One compiled node. Fields are used as the comment of each Op says.
struct Code {
  enum Op : uint8_t {
    Lit,         // lit
    Interp,      // list: parts (text parts are Lits)
    ArrayLit,    // list: elements
    Item,        //
    Prop,        // a: base, segs
    Index,       // a: base, b: key
    Param,       // slot: parameter index
    Local,       // slot
    Not,         // a
    Neg,         // a
    Binary,      // sub: BinaryNode::Op, a, b
    Method,      // sub: MethodKind, a: receiver, b: argument, re
    BlockMethod, // sub: BlockMethodKind, a: receiver, slot: parameter,
                 // list: body, resets: block-local slots
    DaysSince,   // a
    Now,         //
    Assign,      // slot, a: value
    If,          // clauses, list: else body, hasElse, decides
    Decide,      // sub: Verdict, a: annotation (may be null)
  };
  Op op;
  uint8_t sub = 0;
  bool hasElse = false;
  /// If: some branch (at any depth) holds a decision.
  bool decides = false;
  uint32_t line = 0;
  uint32_t slot = 0;
  Value lit;
  const Code *a = nullptr;
  const Code *b = nullptr;
  llvm::ArrayRef<const Code *> list;
  llvm::ArrayRef<Segment> segs;
  llvm::ArrayRef<Clause> clauses;
  llvm::ArrayRef<uint32_t> resets;
  const llvm::Regex *re = nullptr;
};

class RuleProgram {
public:
  const ir::Rule *rule = nullptr;
  /// The rule file, for error messages (`app.rules:12: ...`).
  std::string file;
  llvm::ArrayRef<const Code *> statements;
  unsigned numSlots = 0;
  std::vector<Value> params;
  /// Set when a required parameter has no value: every evaluation is an
  /// ERROR with this message, as the handler fails before looking at items.
  std::string paramError;
  std::vector<std::string> resourceTypes;
  llvm::BumpPtrAllocator arena;
  std::vector<std::unique_ptr<llvm::Regex>> regexes;
};

/// Compiles `body` into `prog` (keys interned into `keys`).
void compileBody(const ir::body::Body &body, KeyTable &keys, RuleProgram &prog);

/// A run-time error: ERROR, never COMPLIANT. Thrown through the
/// interpreter so that the hot paths carry no error checks.
struct RuntimeError {
  uint32_t line;
  std::string message;
};

/// Runs a compiled body on one prepared item.
struct Machine {
  Machine(const RuleProgram &prog, const KeyTable &keys,
          llvm::BumpPtrAllocator &scratch)
      : prog(prog), keys(keys), scratch(scratch) {}
  const RuleProgram &prog;
  const KeyTable &keys;
  llvm::BumpPtrAllocator &scratch;
  Value item;
  Value *slots = nullptr;
  Value now;
  Micros nowMicros = 0;
  // The decision, once taken.
  ir::body::Verdict verdict = ir::body::Verdict::Compliant;
  Value annotation;

  /// True when a decision ended the evaluation; else `value` is the last
  /// statement's value and `guard` says it was an `if` holding decisions
  /// none of whose branches ran.
  bool execList(llvm::ArrayRef<const Code *> stmts, Value &value, bool &guard);
  Value eval(const Code *c);

  [[noreturn]] void error(const Code *c, const llvm::Twine &msg) const;
  Value navigate(Value base, const Segment &seg);
  Value index(const Code *c, Value base, Value key);
  Value binary(const Code *c, Value lhs, Value rhs);
  Value method(const Code *c, Value recv);
  Value blockMethod(const Code *c, Value recv);
  Value daysSince(const Code *c, Value arg);
  Value makeString(llvm::StringRef s);
  Value makeList(llvm::ArrayRef<Value> elems);
};

} // namespace rulecc::eval

#endif // RULECC_RUNTIME_EVAL_PROGRAM_H
