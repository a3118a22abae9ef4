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
  Transformer(DeferredDiags &diags, const char *bufStart)
      : diags(diags), bufStart(bufStart) {}

  void transformProgram(P::ProgramContext &ctx, File &file);

private:
  NodeList transformStatements(P::StatementsContext *ctx, unsigned &height);
  Expr transformStatement(P::StatementContext &ctx);
  Expr transformModifier(P::ModifierContext &ctx, Expr stmt);
  Expr transformSimpleStatement(P::SimpleStatementContext &ctx);
  Expr transformAssignment(P::AssignmentContext &ctx);
  Expr transformRequireStatement(P::RequireStatementContext &ctx);
  Expr transformClassDefinition(P::ClassDefinitionContext &ctx);
  Expr transformIfStatement(P::IfStatementContext &ctx);
  bool transformElsifClause(P::ElsifClauseContext &ctx,
                            std::vector<IfNode::Clause> &clauses,
                            unsigned &height);
  NodeList transformElseClause(P::ElseClauseContext &ctx, unsigned &height);
  Expr transformUnlessStatement(P::UnlessStatementContext &ctx);

  Expr transformExpression(P::ExpressionContext &ctx);
  Expr transformNotExpression(P::NotExpressionContext &ctx);
  Expr transformCommand(P::CommandContext &ctx);
  Expr transformOrExpression(P::OrExpressionContext &ctx);
  Expr transformAndExpression(P::AndExpressionContext &ctx);
  Expr transformEqualityExpression(P::EqualityExpressionContext &ctx);
  Expr transformComparisonExpression(P::ComparisonExpressionContext &ctx);
  Expr transformAdditiveExpression(P::AdditiveExpressionContext &ctx);
  Expr
  transformMultiplicativeExpression(P::MultiplicativeExpressionContext &ctx);
  Expr transformUnaryExpression(P::UnaryExpressionContext &ctx);
  Expr transformPostfixExpression(P::PostfixExpressionContext &ctx);
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

  Expr transformStringLiteral(P::StringLiteralContext &ctx);
  Expr transformHeredoc(P::HeredocContext &ctx);
  void transformStringContent(P::StringContentContext &ctx,
                              std::vector<Piece> &pieces, unsigned &height);
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
  template <typename Ctx, typename Fn>
  Expr foldBinary(const std::vector<Ctx *> &operands,
                  const std::vector<Token *> &ops, Fn transformOperand);
  NodeList finishArguments(Arguments args);
  Expr makeCall(SMRange range, Expr receiver, std::string name,
                SMRange nameRange, Arguments args, std::unique_ptr<Block> block,
                unsigned blockHeight, bool hasParens);
  std::unique_ptr<Block> attachBlock(P::BlockContext *ctx, unsigned &height);
  std::vector<StringPart> finishPieces(std::vector<Piece> pieces);
  SMRange range(antlr4::ParserRuleContext *ctx) const;
  SMRange range(Token *tok) const { return tokenRange(bufStart, tok); }
  SMRange range(antlr4::tree::TerminalNode *node) const {
    return node ? range(node->getSymbol()) : SMRange();
  }
  static SMRange join(SMRange a, SMRange b);
  static bool isMissing(antlr4::tree::TerminalNode *node) {
    return !node || node->getSymbol()->getStartIndex() == INVALID_INDEX;
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

template <typename Ctx, typename Fn>
Expr Transformer::foldBinary(const std::vector<Ctx *> &operands,
                             const std::vector<Token *> &ops,
                             Fn transformOperand) {
  if (operands.empty() || !operands[0])
    return {};
  Expr lhs = transformOperand(*operands[0]);
  // Left-associative; the parse tree is flat, so this loop (not recursion)
  // builds the left-deep tree.
  for (size_t i = 0; lhs && i < ops.size() && i + 1 < operands.size(); ++i) {
    Expr rhs = transformOperand(*operands[i + 1]);
    if (!rhs)
      return {};
    SMRange r = join(lhs.node->getRange(), rhs.node->getRange());
    lhs = make<BinaryNode>(std::max(lhs.height, rhs.height), r,
                           binaryOp(ops[i]->getType()), ops[i]->getText(),
                           range(ops[i]), std::move(lhs.node),
                           std::move(rhs.node));
  }
  return lhs;
}

} // namespace rulecc::frontend

#endif // RULECC_FRONTEND_TRANSFORMER_H
