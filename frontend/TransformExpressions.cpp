//===- TransformExpressions.cpp - Expressions, calls and literals ---------===//
// The expression half of the Transformer (see Transformer.cpp).
//===----------------------------------------------------------------------===//

#include "frontend/Literals.h"
#include "frontend/Transformer.h"

using namespace llvm;

namespace rulecc::frontend {

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

/// expression : notExpression ( ( AND | OR ) notExpression )* ;
Expr Transformer::transformExpression(P::ExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops, [&](P::NotExpressionContext &c) {
    return transformNotExpression(c);
  });
}

/// notExpression : NOT notExpression | orExpression | command ;
Expr Transformer::transformNotExpression(P::NotExpressionContext &ctx) {
  if (ctx.NOT()) {
    if (!ctx.notExpression())
      return {};
    Expr operand = transformNotExpression(*ctx.notExpression());
    if (!operand)
      return {};
    return make<UnaryNode>(operand.height, range(&ctx), UnaryNode::Not, "not",
                           std::move(operand.node));
  }
  if (auto *o = ctx.orExpression())
    return transformOrExpression(*o);
  if (auto *c = ctx.command())
    return transformCommand(*c);
  return {};
}

/// command : postfixExpression commandArguments doBlock? ;
Expr Transformer::transformCommand(P::CommandContext &ctx) {
  P::PostfixExpressionContext *callee = ctx.postfixExpression();
  P::CommandArgumentsContext *argsCtx = ctx.commandArguments();
  if (!callee || !callee->primary())
    return {};
  // Only a method name takes arguments without parentheses: `foo 1` or
  // `recv.foo 1`, not `foo(1) 2` or `"a" "b"`.
  Expr receiver;
  std::string name;
  SMRange nameRange;
  std::vector<P::PostfixOperationContext *> ops = callee->postfixOperation();
  P::PrimaryContext *primary = callee->primary();
  if (ops.empty()) {
    if (primary->IDENT() && !primary->parenArguments() && !primary->block()) {
      name = primary->IDENT()->getText();
      nameRange = range(primary->IDENT());
    }
  } else {
    P::PostfixOperationContext *last = ops.back();
    if (last->DOT() && last->methodName() && !last->parenArguments() &&
        !last->block()) {
      receiver = transformPrimary(*primary);
      for (size_t i = 0; receiver && i + 1 < ops.size(); ++i)
        receiver = transformPostfixOperation(*ops[i], std::move(receiver));
      if (!receiver)
        return {};
      name = transformMethodName(*last->methodName());
      nameRange = range(last->methodName());
    }
  }
  if (name.empty()) {
    if (argsCtx && argsCtx->start)
      error(range(argsCtx->start),
            "unexpected " + describeToken(*argsCtx->start));
    return transformPostfixExpression(*callee);
  }

  bool saved = inCommandArgs;
  inCommandArgs = true;
  strayDoBlock.reset();
  Arguments args;
  if (argsCtx)
    args = transformCommandArguments(*argsCtx);
  inCommandArgs = saved;
  std::unique_ptr<Block> block = std::move(strayDoBlock);
  unsigned blockHeight = strayDoBlockHeight;
  if (auto *d = ctx.doBlock())
    block = transformDoBlock(*d, blockHeight);
  if (!block)
    blockHeight = 0;
  return makeCall(range(&ctx), std::move(receiver), std::move(name), nameRange,
                  std::move(args), std::move(block), blockHeight,
                  /*hasParens=*/false);
}

/// orExpression : andExpression ( OROR andExpression )* ;
Expr Transformer::transformOrExpression(P::OrExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops, [&](P::AndExpressionContext &c) {
    return transformAndExpression(c);
  });
}

/// andExpression : equalityExpression ( ANDAND equalityExpression )* ;
Expr Transformer::transformAndExpression(P::AndExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops,
                    [&](P::EqualityExpressionContext &c) {
                      return transformEqualityExpression(c);
                    });
}

/// equalityExpression : comparisonExpression
///                      ( ( EQ | NE ) comparisonExpression )? ;
Expr Transformer::transformEqualityExpression(
    P::EqualityExpressionContext &ctx) {
  std::vector<P::ComparisonExpressionContext *> operands;
  std::vector<Token *> ops;
  if (ctx.lhs)
    operands.push_back(ctx.lhs);
  if (ctx.op && ctx.rhs) {
    ops.push_back(ctx.op);
    operands.push_back(ctx.rhs);
  }
  return foldBinary(operands, ops, [&](P::ComparisonExpressionContext &c) {
    return transformComparisonExpression(c);
  });
}

/// comparisonExpression : additiveExpression
///                        ( ( LT | LE | GT | GE ) additiveExpression )* ;
Expr Transformer::transformComparisonExpression(
    P::ComparisonExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops,
                    [&](P::AdditiveExpressionContext &c) {
                      return transformAdditiveExpression(c);
                    });
}

/// additiveExpression : multiplicativeExpression
///                      ( ( PLUS | MINUS ) multiplicativeExpression )* ;
Expr Transformer::transformAdditiveExpression(
    P::AdditiveExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops,
                    [&](P::MultiplicativeExpressionContext &c) {
                      return transformMultiplicativeExpression(c);
                    });
}

/// multiplicativeExpression : unaryExpression
///                            ( ( STAR | SLASH | PERCENT ) unaryExpression )* ;
Expr Transformer::transformMultiplicativeExpression(
    P::MultiplicativeExpressionContext &ctx) {
  return foldBinary(ctx.operands, ctx.ops, [&](P::UnaryExpressionContext &c) {
    return transformUnaryExpression(c);
  });
}

/// The literal of `-2`: a unary minus glued to a number with nothing after.
static P::LiteralContext *negatableLiteral(P::UnaryExpressionContext &ctx) {
  P::UnaryExpressionContext *operand = ctx.unaryExpression();
  if (!operand || !operand->postfixExpression())
    return nullptr;
  P::PostfixExpressionContext *postfix = operand->postfixExpression();
  if (!postfix->postfixOperation().empty() || !postfix->primary())
    return nullptr;
  P::LiteralContext *lit = postfix->primary()->literal();
  if (!lit || !(lit->INTEGER() || lit->FLOAT()))
    return nullptr;
  if (ctx.op->getStopIndex() + 1 != lit->start->getStartIndex())
    return nullptr;
  return lit;
}

/// unaryExpression : op=( BANG | MINUS | PLUS ) unaryExpression
///                 | postfixExpression ;
Expr Transformer::transformUnaryExpression(P::UnaryExpressionContext &ctx) {
  if (!ctx.op) {
    if (auto *p = ctx.postfixExpression())
      return transformPostfixExpression(*p);
    return {};
  }
  // `-2` is a negative literal, as in Ruby, so that INT64_MIN is writable
  // and settings like `timeout -5` reach lowering as numbers.
  if (ctx.op->getType() == P::MINUS)
    if (P::LiteralContext *lit = negatableLiteral(ctx))
      return transformLiteral(*lit, ctx.op);
  if (!ctx.unaryExpression())
    return {};
  Expr operand = transformUnaryExpression(*ctx.unaryExpression());
  if (!operand)
    return {};
  UnaryNode::Op op = ctx.op->getType() == P::BANG    ? UnaryNode::Not
                     : ctx.op->getType() == P::MINUS ? UnaryNode::Neg
                                                     : UnaryNode::Plus;
  return make<UnaryNode>(operand.height, range(&ctx), op, ctx.op->getText(),
                         std::move(operand.node));
}

//===----------------------------------------------------------------------===//
// Calls and postfix operations
//===----------------------------------------------------------------------===//

/// postfixExpression : primary postfixOperation* ;
Expr Transformer::transformPostfixExpression(P::PostfixExpressionContext &ctx) {
  if (!ctx.primary())
    return {};
  Expr e = transformPrimary(*ctx.primary());
  for (P::PostfixOperationContext *op : ctx.postfixOperation()) {
    if (!e)
      return {};
    e = transformPostfixOperation(*op, std::move(e));
  }
  return e;
}

/// postfixOperation : DOT methodName parenArguments? block?
///                  | LBRACK_INDEX expression RBRACK ;
Expr Transformer::transformPostfixOperation(P::PostfixOperationContext &ctx,
                                            Expr receiver) {
  if (ctx.LBRACK_INDEX()) {
    if (!ctx.expression())
      return {};
    Expr index;
    {
      NestedArgs nested(inCommandArgs);
      index = transformExpression(*ctx.expression());
    }
    if (!index)
      return {};
    SMRange r = join(receiver.node->getRange(), range(&ctx));
    return make<IndexNode>(std::max(receiver.height, index.height), r,
                           std::move(receiver.node), std::move(index.node));
  }
  if (!ctx.methodName() || isMissing(ctx.DOT()))
    return {};
  std::string name = transformMethodName(*ctx.methodName());
  if (name.empty())
    return {};
  SMRange r = join(receiver.node->getRange(), range(ctx.methodName()));
  Arguments args;
  if (auto *p = ctx.parenArguments()) {
    args = transformParenArguments(*p);
    r = join(r, range(p));
  }
  unsigned blockHeight;
  std::unique_ptr<Block> block = attachBlock(ctx.block(), blockHeight);
  if (block)
    r = join(r, block->range);
  return makeCall(r, std::move(receiver), std::move(name),
                  range(ctx.methodName()), std::move(args), std::move(block),
                  blockHeight, ctx.parenArguments() != nullptr);
}

/// methodName : IDENT | CONSTANT ;
std::string Transformer::transformMethodName(P::MethodNameContext &ctx) {
  antlr4::tree::TerminalNode *name = ctx.IDENT() ? ctx.IDENT() : ctx.CONSTANT();
  return isMissing(name) ? std::string() : name->getText();
}

/// primary : literal | stringLiteral | heredoc | symbol | arrayLiteral
///         | hashLiteral | constantPath | IDENT parenArguments? block?
///         | LPAREN expression RPAREN ;
Expr Transformer::transformPrimary(P::PrimaryContext &ctx) {
  if (auto *l = ctx.literal())
    return transformLiteral(*l);
  if (auto *s = ctx.stringLiteral())
    return transformStringLiteral(*s);
  if (auto *h = ctx.heredoc())
    return transformHeredoc(*h);
  if (auto *s = ctx.symbol())
    return transformSymbol(*s);
  if (auto *a = ctx.arrayLiteral())
    return transformArrayLiteral(*a);
  if (auto *h = ctx.hashLiteral())
    return transformHashLiteral(*h);
  if (auto *c = ctx.constantPath()) {
    std::unique_ptr<ConstPathNode> path = transformConstantPath(*c);
    return path ? Expr{std::move(path), 1} : Expr();
  }
  if (ctx.LPAREN()) {
    if (!ctx.expression())
      return {};
    NestedArgs nested(inCommandArgs);
    return transformExpression(*ctx.expression());
  }
  if (isMissing(ctx.IDENT()))
    return {};
  std::string name = ctx.IDENT()->getText();
  SMRange nameRange = range(ctx.IDENT());
  if (!ctx.parenArguments() && !ctx.block())
    return {std::make_unique<IdentifierNode>(nameRange, std::move(name)), 1};
  Arguments args;
  SMRange r = nameRange;
  if (auto *p = ctx.parenArguments()) {
    args = transformParenArguments(*p);
    r = join(r, range(p));
  }
  unsigned blockHeight;
  std::unique_ptr<Block> block = attachBlock(ctx.block(), blockHeight);
  if (block)
    r = join(r, block->range);
  return makeCall(r, Expr(), std::move(name), nameRange, std::move(args),
                  std::move(block), blockHeight,
                  ctx.parenArguments() != nullptr);
}

/// literal : INTEGER | FLOAT | TRUE | FALSE | NIL ;
Expr Transformer::transformLiteral(P::LiteralContext &ctx, Token *minus) {
  SMRange r = join(range(minus), range(&ctx));
  if (ctx.TRUE() || ctx.FALSE())
    return {std::make_unique<BoolLitNode>(r, ctx.TRUE() != nullptr), 1};
  if (ctx.NIL())
    return {std::make_unique<NilLitNode>(r), 1};
  std::string text = ctx.getText();
  std::string spelled = (minus ? "-" : "") + text;
  if (ctx.FLOAT()) {
    double value = 0;
    if (parseFloat(text, value) == NumberStatus::OutOfRange)
      diags.add(r.Start, [r, spelled](DiagnosticEngine &d) {
        d.report(r, DiagID::InvalidNumber, spelled,
                 "out of range for a 64-bit float");
      });
    return {std::make_unique<FloatLitNode>(r, minus ? -value : value), 1};
  }
  int64_t value = 0;
  // An Invalid literal was reported by the token source (invalid-number).
  if (parseInteger(text, minus != nullptr, value) == NumberStatus::OutOfRange)
    diags.add(r.Start, [r, spelled](DiagnosticEngine &d) {
      d.report(r, DiagID::IntegerTooLarge, spelled);
    });
  return {std::make_unique<IntegerLitNode>(r, value), 1};
}

/// parenArguments : LPAREN_CALL ( argument ( COMMA argument )* COMMA? )?
///                  RPAREN ;
Arguments Transformer::transformParenArguments(P::ParenArgumentsContext &ctx) {
  NestedArgs nested(inCommandArgs);
  Arguments args;
  for (P::ArgumentContext *a : ctx.argument())
    transformArgument(*a, args);
  return args;
}

/// commandArguments : argument ( COMMA argument )* ;
Arguments
Transformer::transformCommandArguments(P::CommandArgumentsContext &ctx) {
  Arguments args;
  for (P::ArgumentContext *a : ctx.argument())
    transformArgument(*a, args);
  return args;
}

/// argument : LABEL orExpression | orExpression ( ASSOC orExpression )? ;
void Transformer::transformArgument(P::ArgumentContext &ctx, Arguments &args) {
  std::vector<P::OrExpressionContext *> exprs = ctx.orExpression();
  if (exprs.empty())
    return;
  bool keyword = ctx.LABEL() || ctx.ASSOC();
  if (!keyword) {
    Expr value = transformOrExpression(*exprs[0]);
    if (!value)
      return;
    if (!args.keywords.empty())
      error(value.node->getRange(),
            "positional argument after keyword arguments");
    args.height = std::max(args.height, value.height);
    args.positional.push_back(std::move(value.node));
    return;
  }
  HashEntry entry;
  unsigned height = 0;
  if (ctx.LABEL()) {
    if (isMissing(ctx.LABEL()))
      return;
    std::string label = ctx.LABEL()->getText();
    SMRange r = range(ctx.LABEL());
    SMRange keyRange(r.Start, SMLoc::getFromPointer(r.End.getPointer() - 1));
    entry.key = std::make_unique<SymbolLitNode>(
        keyRange, label.substr(0, label.size() - 1));
    entry.isLabel = true;
    Expr value = transformOrExpression(*exprs[0]);
    if (!value)
      return;
    height = value.height;
    entry.value = std::move(value.node);
  } else {
    if (exprs.size() < 2)
      return;
    Expr key = transformOrExpression(*exprs[0]);
    Expr value = transformOrExpression(*exprs[1]);
    if (!key || !value)
      return;
    height = std::max(key.height, value.height);
    entry.key = std::move(key.node);
    entry.value = std::move(value.node);
  }
  args.keywordRange =
      join(args.keywords.empty() ? entry.key->getRange() : args.keywordRange,
           entry.value->getRange());
  args.height = std::max(args.height, height + 1);
  args.keywords.push_back(std::move(entry));
}

/// block : braceBlock | doBlock ;
std::unique_ptr<Block> Transformer::transformBlock(P::BlockContext &ctx,
                                                   unsigned &height) {
  height = 0;
  if (auto *b = ctx.braceBlock())
    return transformBraceBlock(*b, height);
  if (auto *d = ctx.doBlock())
    return transformDoBlock(*d, height);
  return nullptr;
}

/// braceBlock : LBRACE_BLOCK blockParameters statements RBRACE ;
std::unique_ptr<Block>
Transformer::transformBraceBlock(P::BraceBlockContext &ctx, unsigned &height) {
  NestedArgs nested(inCommandArgs);
  auto block = std::make_unique<Block>();
  block->isBrace = true;
  block->range = range(&ctx);
  if (auto *p = ctx.blockParameters())
    block->params = transformBlockParameters(*p);
  block->body = transformStatements(ctx.statements(), height);
  return block;
}

/// doBlock : DO blockParameters? statements END ;
std::unique_ptr<Block> Transformer::transformDoBlock(P::DoBlockContext &ctx,
                                                     unsigned &height) {
  NestedArgs nested(inCommandArgs);
  auto block = std::make_unique<Block>();
  block->isBrace = false;
  block->range = range(&ctx);
  if (auto *p = ctx.blockParameters())
    block->params = transformBlockParameters(*p);
  block->body = transformStatements(ctx.statements(), height);
  return block;
}

/// blockParameters : BAR ( IDENT ( COMMA IDENT )* )? BAR | OROR ;
std::vector<Block::Param>
Transformer::transformBlockParameters(P::BlockParametersContext &ctx) {
  std::vector<Block::Param> params;
  for (antlr4::tree::TerminalNode *name : ctx.IDENT())
    if (!isMissing(name))
      params.push_back({name->getText(), range(name)});
  return params;
}

} // namespace rulecc::frontend
