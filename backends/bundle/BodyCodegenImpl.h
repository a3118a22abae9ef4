//===- BodyCodegenImpl.h - The body walker and its per-language syntax ----===//
// Private to backends/bundle: BodyCodegen.cpp walks the typed body,
// BodySyntax.cpp describes Python and JavaScript.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_BUNDLE_BODYCODEGENIMPL_H
#define RULECC_BACKENDS_BUNDLE_BODYCODEGENIMPL_H

#include "ir/IR.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace rulecc::bundle {

/// The body-support functions of the runtime modules (docs/runtime.md).
enum class H {
  JsonValue,
  Truthy,
  And,
  Or,
  Verdict,
  Annotation,
  Nav,
  Loose,
  Index,
  Eq,
  Lt,
  Le,
  Gt,
  Ge,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Neg,
  ToS,
  Present,
  Size,
  Empty,
  Include,
  StartWith,
  EndWith,
  Match,
  Downcase,
  Upcase,
  ToI,
  BlockAny,
  BlockAll,
  BlockNone,
  BlockCount,
  BlockSelect,
  BlockReject,
  BlockMap,
  DaysSince,
  Now,
  Float, // JavaScript only: a boxed Float with an integral value
};

/// Whether the value is always a host Bool or nil (true/false/None or
/// null), so host truthiness and `and`/`or` agree with Ruby's on it.
bool isHostBool(const ir::body::Node &n);
/// A String the host compares with `==` exactly as the language does: a
/// string literal or an interpolation (never nil, never a number).
bool isHostString(const ir::body::Node &n);
bool isNilLiteral(const ir::body::Node &n);
/// Whether the statements hold a decision (in ifs too, at any depth).
bool holdsDecision(llvm::ArrayRef<ir::body::NodePtr> stmts);
/// Whether `now` is read anywhere in the statement.
bool usesNow(const ir::body::Node &n);

/// What differs between the languages.
struct Syntax {
  bool isPython = true;
  unsigned indentWidth = 4;
  llvm::StringRef rt = "rt.";
  llvm::StringRef comment = "#";
  llvm::StringRef nil, trueText, falseText;
  llvm::StringRef notOp, andOp, orOp, eqOp, neOp, isNil, isNotNil;
  llvm::StringRef semi;         // statement terminator
  llvm::StringRef blockTail;    // closes an if ("}" or "")
  llvm::StringRef functionTail; // closes a function
  llvm::StringRef paramCtor;    // "Param" / "param"
  std::string prologue;         // the import of the runtime
  std::string inlinePrologue;   // binds `rt` in a self-contained file
  std::string (*literal)(llvm::StringRef) = nullptr;
  llvm::StringRef (*helperName)(H) = nullptr;

  llvm::StringRef name(H h) const { return helperName(h); }
  std::string lambda(const std::string &e) const;
  std::string ret(llvm::StringRef value) const;
  std::string pair(llvm::StringRef a, llvm::StringRef b) const;
  std::string ifHead(llvm::StringRef cond) const;
  std::string elifHead(llvm::StringRef cond) const;
  std::string elseHead() const;
  std::string functionHead(llvm::StringRef name, llvm::StringRef params) const;
  std::string mapEntry(llvm::StringRef key, llvm::StringRef value) const;
  /// The Lambda handler and the exports, after `check`.
  /// `inlineRuntime`: the module shares its file (and, in JavaScript, its
  /// exports) with the runtime helpers.
  std::string epilogue(llvm::StringRef resourceTypes,
                       llvm::StringRef parameters, bool inlineRuntime) const;
};

const Syntax &pythonSyntax();
const Syntax &nodeSyntax();

/// Writes one body module.
class BodyWriter {
public:
  BodyWriter(const ir::Rule &rule, const Syntax &syntax);
  /// The module text; `inlineRuntime` when it follows the runtime helpers
  /// in the same file.
  std::string run(bool inlineRuntime);

private:
  using Node = ir::body::Node;
  using NodePtr = ir::body::NodePtr;
  enum class Mode {
    Discard, // a statement whose value nobody reads
    Value,   // the last statement of a block: its value is returned
    Verdict, // the last statement of the body: its value decides
  };
  /// The locals a function (check or a block's) binds itself, and (Python)
  /// those of enclosing functions it assigns.
  struct Scope {
    std::vector<unsigned> own;
    std::vector<unsigned> outer;
  };

  void collectAssigned(llvm::ArrayRef<NodePtr> stmts,
                       std::vector<unsigned> &direct,
                       std::vector<unsigned> &fromNested) const;
  Scope scopeOf(llvm::ArrayRef<NodePtr> stmts, unsigned firstSlot,
                int paramSlot = -1) const;

  unsigned lineOf(const Node &n) const;
  std::string where(const Node &n) const;
  std::string comment(const Node &n) const;
  std::string lineArg(const Node &n) const;
  std::string str(llvm::StringRef text) const;
  std::string floatLiteral(double v) const;
  std::string call(llvm::StringRef helper,
                   llvm::ArrayRef<std::string> args) const;

  std::string cond(const Node &n);
  std::string expr(const Node &n);
  std::string binary(const ir::body::BinaryNode &b);
  std::string method(const ir::body::MethodNode &m);

  void line(unsigned indent, llvm::StringRef text);
  void writeBlocksOf(const Node &n, unsigned indent);
  void writeBlock(const ir::body::BlockMethodNode &b, unsigned indent);
  void writeScopeLocals(const Scope &scope, unsigned indent);
  std::string finish(Mode mode, const std::string &value) const;
  void writeStmts(llvm::ArrayRef<NodePtr> stmts, unsigned indent, Mode mode);
  void writeStmt(const Node &s, unsigned indent, Mode mode);
  void writeIf(const ir::body::IfNode &i, unsigned indent, Mode mode);
  void writeCheck();

  std::string paramSpec() const;
  std::string defaultLiteral(const ir::Value &v) const;
  std::string resourceTypeList() const;
  std::string header() const;

  const ir::Rule &rule;
  const ir::body::Body &body;
  const Syntax &syn;
  std::string fileName; // the rule file's name, for line references
  std::vector<std::string> slotNames;
  llvm::DenseMap<const ir::body::BlockMethodNode *, std::string> blockNames;
  unsigned blockCount = 0;
  std::string out;
};

} // namespace rulecc::bundle

#endif // RULECC_BACKENDS_BUNDLE_BODYCODEGENIMPL_H
