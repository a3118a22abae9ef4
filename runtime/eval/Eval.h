//===- Eval.h - The local evaluator of rule bodies ------------------------===//
// Runs a checked rule body (ir/BodyIR.h) on configuration items with the
// run-time semantics the generated Python and Node.js handlers share.
//===----------------------------------------------------------------------===//
#ifndef RULECC_RUNTIME_EVAL_EVAL_H
#define RULECC_RUNTIME_EVAL_EVAL_H

#include "ir/IR.h"
#include "runtime/eval/Value.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"

#include <memory>
#include <string>
#include <vector>

namespace rulecc::eval {

enum class Verdict : uint8_t { Compliant, NonCompliant, NotApplicable, Error };
/// "COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "ERROR".
llvm::StringRef toString(Verdict v);

/// One item-rule evaluation. The texts stay valid until the next
/// evaluation by the same Evaluator.
struct Result {
  Verdict verdict = Verdict::Compliant;
  /// Cut as truncate_annotation() cuts it; empty means no annotation.
  llvm::StringRef annotation;
  /// Error: what failed, starting with the rule file and line.
  llvm::StringRef error;
};

/// AWS Config's annotation limit: 256 UTF-16 code units.
constexpr unsigned MaxAnnotation = 256;
/// truncate_annotation(): at most 256 UTF-16 units (a code point beyond
/// U+FFFF counts two), cut on a code point with a trailing "…" when longer.
/// Returns `text` itself when it fits, else writes the cut text to `buf`.
llvm::StringRef truncateAnnotation(llvm::StringRef text, std::string &buf);

/// Microseconds since 1970-01-01T00:00:00Z.
using Micros = int64_t;
/// ISO 8601 as the contract takes it: `YYYY-MM-DD` (midnight UTC) or
/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
bool parseTimestamp(llvm::StringRef text, Micros &out);
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC.
std::string formatTimestamp(Micros t);

/// Decodes a rule parameter by its declared type as the runtime's
/// decode_parameters() does (String as is, Integer and Float from decimal
/// text, Boolean from true/false in any case, List comma-separated, trimmed,
/// empty items dropped). `value` is what the user gave (a String for
/// --param) or the declaration's default. Returns false with a message.
bool decodeParam(const ir::ParamDecl &decl, const ir::Value &value,
                 llvm::BumpPtrAllocator &arena, Value &out, std::string &err);

class RuleProgram;

/// Compiles rules once and evaluates them on items. Items must be parsed
/// with getKeys() (their map keys are interned there) and prepared with
/// prepareItem().
class Evaluator {
public:
  /// `now` is the evaluation time (`now`, `days_since`).
  explicit Evaluator(Micros now);
  ~Evaluator();
  Evaluator(const Evaluator &) = delete;
  Evaluator &operator=(const Evaluator &) = delete;

  KeyTable &getKeys() { return keys; }

  /// Compiles a body rule. `params` maps parameter names to the values the
  /// user gave; the others take their defaults. Returns the rule's index,
  /// or -1 with `err` set when a given value does not decode.
  int addRule(const ir::Rule &rule, const llvm::StringMap<std::string> &params,
              std::string &err);
  size_t numRules() const { return programs.size(); }

  /// What the runtime does to an item before the rule sees it: a
  /// `configuration` held as JSON text is decoded.
  Value prepareItem(const Value &item, llvm::BumpPtrAllocator &arena);

  /// Applicability first (deleted, not recorded, another resource type),
  /// then the body.
  Result evaluate(unsigned rule, const Value &item);

private:
  KeyTable keys;
  Micros now;
  std::string nowText;
  std::vector<std::unique_ptr<RuleProgram>> programs;
  llvm::BumpPtrAllocator scratch;
  std::string annotationBuf, cutBuf, errorBuf;
  KeyTable::Id statusKey, typeKey, idKey, configurationKey;
};

} // namespace rulecc::eval

#endif // RULECC_RUNTIME_EVAL_EVAL_H
