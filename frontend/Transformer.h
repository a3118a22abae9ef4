//===- Transformer.h - ANTLR parse tree to AST (frontend-internal) --------===//
// Private to frontend/Transformer*.cpp: the Transformer, with one
// transformX(XContext&) per rule of RuleParser.g4.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_TRANSFORMER_H
#define RULECC_FRONTEND_TRANSFORMER_H

#include "frontend/AST.h"
#include "frontend/AntlrSupport.h"
#include "frontend/Parser.h"

namespace rulecc::frontend {

// A private header: the Transformer speaks AST throughout.
using namespace ast;
using antlr4::Token;
using llvm::SMRange;
using P = RuleParser;

BinaryNode::Op binaryOp(size_t tokenType);

/// A node under construction and the height of its tree. Heights are held
/// to MaxNestingDepth so that recursive passes over the AST (dumps,
/// lowering, type checking, destructors) cannot overflow the stack on long
/// operator chains the token-level nesting check does not see.
struct Expr {
  NodePtr node;
  unsigned height = 0;
  explicit operator bool() const { return node != nullptr; }
};

/// Arguments as written: positional ones, then the keyword arguments that
/// become a trailing brace-less hash.
struct Arguments {
  NodeList positional;
  std::vector<HashEntry> keywords;
  SMRange keywordRange;
  unsigned height = 0;
};

/// A string's pieces before they become StringParts.
struct Piece {
  std::string text;
  NodePtr expr;
  SMRange range;
  bool literal = true; // source text (strippable in a `<<~` heredoc)
};

class Transformer {
public:
  /// The precedence level of `==` and `!=` (see binaryOperator), which do
  /// not chain.
  static constexpr unsigned EqualityLevel = 3;

  Transformer(DeferredDiags &diags, const char *bufStart)
      : diags(diags), bufStart(bufStart) {}

  void transformProgram(P::ProgramContext &ctx, File &file);

private:
  // Statements (Transformer.cpp).
  NodeList transformStatements(P::StatementsContext *ctx, unsigned &height);
  Expr transformStatement(P::StatementContext &ctx);
  Expr transformModifier(P::ModifierContext &ctx, Expr stmt);
  Expr transformAssignment(P::AssignmentContext &ctx);
  Expr transformRequireStatement(P::RequireStatementContext &ctx);
  Expr transformClassDefinition(P::ClassDefinitionContext &ctx);
  Expr transformIfStatement(P::IfStatementContext &ctx);
  bool transformElsifClause(P::ElsifClauseContext &ctx,
                            std::vector<IfNode::Clause> &clauses,
                            unsigned &height);
  NodeList transformElseClause(P::ElseClauseContext &ctx, unsigned &height);
  Expr transformUnlessStatement(P::UnlessStatementContext &ctx);

  // Expressions and calls (TransformExpressions.cpp).
  Expr transformExpression(P::ExpressionContext &ctx);
  Expr transformNotExpression(P::NotExpressionContext &ctx);
  Expr transformCommand(P::CommandContext &ctx);
  Expr transformBinaryExpression(P::BinaryExpressionContext &ctx);
  unsigned transformBinaryOperator(P::BinaryOperatorContext &ctx);
  Expr transformOperand(P::OperandContext &ctx);
  Expr transformPostfixOperation(P::PostfixOperationContext &ctx,
                                 Expr receiver);
  std::string transformMethodName(P::MethodNameContext &ctx);
  Expr transformPrimary(P::PrimaryContext &ctx);
  Expr transformLiteral(P::LiteralContext &ctx, Token *minus = nullptr);
  Arguments transformParenArguments(P::ParenArgumentsContext &ctx);
  Arguments transformCommandArguments(P::CommandArgumentsContext &ctx);
  void transformArgument(P::ArgumentContext &ctx, Arguments &args);
  std::unique_ptr<Block> transformBlock(P::BlockContext &ctx, unsigned &height);
  std::unique_ptr<Block> transformBraceBlock(P::BraceBlockContext &ctx,
                                             unsigned &height);
  std::unique_ptr<Block> transformDoBlock(P::DoBlockContext &ctx,
                                          unsigned &height);
  std::vector<Block::Param>
  transformBlockParameters(P::BlockParametersContext &ctx);

  // Literals (TransformLiterals.cpp).
  Expr transformStringLiteral(P::StringLiteralContext &ctx);
  Expr transformHeredoc(P::HeredocContext &ctx);
  Expr transformInterpolation(P::InterpolationContext &ctx);
  Expr transformSymbol(P::SymbolContext &ctx);
  Expr transformArrayLiteral(P::ArrayLiteralContext &ctx);
  Expr transformHashLiteral(P::HashLiteralContext &ctx);
  bool transformHashEntry(P::HashEntryContext &ctx, HashEntry &entry,
                          unsigned &height);
  std::unique_ptr<ConstPathNode>
  transformConstantPath(P::ConstantPathContext &ctx);

  // Helpers.
  template <typename T, typename... Args>
  Expr make(unsigned childHeight, Args &&...args);
  Expr transformCallChain(P::PrimaryContext &primary,
                          llvm::ArrayRef<P::PostfixOperationContext *> ops);
  void collectPieces(antlr4::ParserRuleContext &ctx, std::vector<Piece> &pieces,
                     unsigned &height);
  std::vector<StringPart> finishPieces(std::vector<Piece> pieces);
  NodeList finishArguments(Arguments args);
  Expr makeCall(SMRange range, Expr receiver, std::string name,
                SMRange nameRange, Arguments args, std::unique_ptr<Block> block,
                unsigned blockHeight, bool hasParens);
  std::unique_ptr<Block> attachBlock(P::BlockContext *ctx, unsigned &height);
  std::unique_ptr<SymbolLitNode> labelKey(Token *label);
  SMRange clauseRange(Token *keyword, const IfNode::Clause &clause);
  SMRange range(antlr4::ParserRuleContext *ctx) const;
  SMRange range(Token *tok) const { return tokenRange(bufStart, tok); }
  static SMRange join(SMRange a, SMRange b);
  /// Absent, or conjured by error recovery (`<missing IDENT>`).
  static bool isMissing(Token *tok) {
    return !tok || tok->getStartIndex() == INVALID_INDEX;
  }
  void error(SMRange range, std::string msg);

  DeferredDiags &diags;
  const char *bufStart;
  bool reportedTooDeep = false;
  /// Inside the unparenthesized arguments of a command, where a `do` block
  /// belongs to the command (`foo bar do ... end` passes it to foo, as in
  /// Ruby), not to the last argument's call.
  bool inCommandArgs = false;
  std::unique_ptr<Block> strayDoBlock;
  unsigned strayDoBlockHeight = 0;
};

/// Clears the command-argument state for a bracketed sub-expression.
class NestedArgs {
public:
  explicit NestedArgs(bool &flag) : flag(flag), saved(flag) { flag = false; }
  ~NestedArgs() { flag = saved; }

private:
  bool &flag;
  bool saved;
};

template <typename T, typename... Args>
Expr Transformer::make(unsigned childHeight, Args &&...args) {
  auto node = std::make_unique<T>(std::forward<Args>(args)...);
  unsigned height = childHeight + 1;
  if (height > MaxNestingDepth) {
    if (!reportedTooDeep) {
      reportedTooDeep = true;
      SMRange r = node->getRange();
      diags.add(r.Start, [r](DiagnosticEngine &d) {
        d.report(r, DiagID::NestingTooDeep, MaxNestingDepth);
      });
    }
    return {};
  }
  return {std::move(node), height};
}

} // namespace rulecc::frontend

#endif // RULECC_FRONTEND_TRANSFORMER_H
