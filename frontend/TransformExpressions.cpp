//===- TransformExpressions.cpp - Expressions, calls and blocks -----------===//
// The expression half of the Transformer (see Transformer.cpp).
//===----------------------------------------------------------------------===//

#include "frontend/Literals.h"
#include "frontend/Transformer.h"

using namespace llvm;

namespace rulecc::frontend {

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

/// expression : operands+=notExpression
///              ( ops+=( AND | OR ) operands+=notExpression )* ;
Expr Transformer::transformExpression(P::ExpressionContext &ctx) {
  // `and` and `or` share one level and associate to the left.
  if (ctx.operands.empty())
    return {};
  Expr lhs = transformNotExpression(*ctx.operands[0]);
  for (size_t i = 0; lhs && i < ctx.ops.size() && i + 1 < ctx.operands.size();
       ++i) {
    Expr rhs = transformNotExpression(*ctx.operands[i + 1]);
    if (!rhs)
      return {};
    Token *op = ctx.ops[i];
    SMRange r = join(lhs.node->getRange(), rhs.node->getRange());
    lhs = make<BinaryNode>(std::max(lhs.height, rhs.height), r,
                           binaryOp(op->getType()), op->getText(), range(op),
                           std::move(lhs.node), std::move(rhs.node));
  }
  return lhs;
}

/// notExpression : NOT negated=notExpression | binary=binaryExpression
///               | cmd=command ;
Expr Transformer::transformNotExpression(P::NotExpressionContext &ctx) {
  if (ctx.binary)
    return transformBinaryExpression(*ctx.binary);
  if (ctx.cmd)
    return transformCommand(*ctx.cmd);
  if (!ctx.negated)
    return {};
  Expr operand = transformNotExpression(*ctx.negated);
  if (!operand)
    return {};
  return make<UnaryNode>(operand.height, range(&ctx), UnaryNode::Not, "not",
                         std::move(operand.node));
}

/// command : callee=primary ( calleeOps+=postfixOperation )*
///           args=commandArguments doBlk=doBlock? ;
Expr Transformer::transformCommand(P::CommandContext &ctx) {
  if (!ctx.callee)
    return {};
  // Only a method name takes arguments without parentheses: `foo 1` or
  // `recv.foo 1`, not `foo(1) 2` or `"a" "b"`.
  P::PrimaryContext &callee = *ctx.callee;
  Expr receiver;
  std::string name;
  SMRange nameRange;
  if (ctx.calleeOps.empty()) {
    if (callee.name && !isMissing(callee.name) && !callee.parens &&
        !callee.blk) {
      name = callee.name->getText();
      nameRange = range(callee.name);
    }
  } else {
    P::PostfixOperationContext *last = ctx.calleeOps.back();
    if (last->name && !last->parens && !last->blk) {
      receiver =
          transformCallChain(callee, ArrayRef(ctx.calleeOps).drop_back());
      if (!receiver)
        return {};
      name = transformMethodName(*last->name);
      nameRange = range(last->name);
    }
  }
  if (name.empty()) {
    if (ctx.args && ctx.args->start)
      error(range(ctx.args->start),
            "unexpected " + describeToken(*ctx.args->start));
    return transformCallChain(callee, ctx.calleeOps);
  }

  bool saved = inCommandArgs;
  inCommandArgs = true;
  strayDoBlock.reset();
  Arguments args;
  if (ctx.args)
    args = transformCommandArguments(*ctx.args);
  inCommandArgs = saved;
  std::unique_ptr<Block> block = std::move(strayDoBlock);
  unsigned blockHeight = strayDoBlockHeight;
  if (ctx.doBlk)
    block = transformDoBlock(*ctx.doBlk, blockHeight);
  if (!block)
    blockHeight = 0;
  return makeCall(range(&ctx), std::move(receiver), std::move(name), nameRange,
                  std::move(args), std::move(block), blockHeight,
                  /*hasParens=*/false);
}

/// binaryExpression : operands+=operand
///                    ( ops+=binaryOperator operands+=operand )* ;
Expr Transformer::transformBinaryExpression(P::BinaryExpressionContext &ctx) {
  // Operator precedence parsing over the flat list, with explicit stacks:
  // an operator first reduces every pending one of its level or tighter
  // (all levels are left-associative).
  struct PendingOp {
    Token *tok;
    unsigned level;
  };
  std::vector<Expr> values;
  std::vector<PendingOp> pending;
  auto reduce = [&]() -> bool {
    PendingOp op = pending.back();
    pending.pop_back();
    Expr rhs = std::move(values.back());
    values.pop_back();
    Expr lhs = std::move(values.back());
    values.pop_back();
    SMRange r = join(lhs.node->getRange(), rhs.node->getRange());
    Expr folded = make<BinaryNode>(std::max(lhs.height, rhs.height), r,
                                   binaryOp(op.tok->getType()),
                                   op.tok->getText(), range(op.tok),
                                   std::move(lhs.node), std::move(rhs.node));
    if (!folded)
      return false;
    values.push_back(std::move(folded));
    return true;
  };

  if (ctx.operands.empty())
    return {};
  Expr first = transformOperand(*ctx.operands[0]);
  if (!first)
    return {};
  // The common case, an operand alone, skips the stacks.
  if (ctx.ops.empty())
    return first;
  values.push_back(std::move(first));
  for (size_t i = 0; i < ctx.ops.size() && i + 1 < ctx.operands.size(); ++i) {
    P::BinaryOperatorContext *opCtx = ctx.ops[i];
    unsigned level = transformBinaryOperator(*opCtx);
    if (!level)
      return {};
    while (!pending.empty() && pending.back().level >= level) {
      if (pending.back().level == level && level == EqualityLevel) {
        error(range(opCtx->start),
              "'" + opCtx->start->getText() +
                  "' cannot be chained; combine comparisons with '&&'");
        return {};
      }
      if (!reduce())
        return {};
    }
    Expr rhs = transformOperand(*ctx.operands[i + 1]);
    if (!rhs)
      return {};
    pending.push_back({opCtx->start, level});
    values.push_back(std::move(rhs));
  }
  while (!pending.empty())
    if (!reduce())
      return {};
  return std::move(values.back());
}

/// binaryOperator : OROR # orOperator | ANDAND # andOperator
///                | ( EQ | NE ) # equalityOperator
///                | ( LT | LE | GT | GE ) # comparisonOperator
///                | ( PLUS | MINUS ) # additiveOperator
///                | ( STAR | SLASH | PERCENT ) # multiplicativeOperator ;
/// Returns the alternative's precedence level, 1 binding loosest, in the
/// grammar's order; 0 when the operator is missing.
unsigned Transformer::transformBinaryOperator(P::BinaryOperatorContext &ctx) {
  if (isMissing(ctx.start))
    return 0;
  if (dynamic_cast<P::OrOperatorContext *>(&ctx))
    return 1;
  if (dynamic_cast<P::AndOperatorContext *>(&ctx))
    return 2;
  if (dynamic_cast<P::EqualityOperatorContext *>(&ctx))
    return EqualityLevel;
  if (dynamic_cast<P::ComparisonOperatorContext *>(&ctx))
    return 4;
  if (dynamic_cast<P::AdditiveOperatorContext *>(&ctx))
    return 5;
  if (dynamic_cast<P::MultiplicativeOperatorContext *>(&ctx))
    return 6;
  return 0;
}

/// The literal of `-2`: a minus glued to a number with nothing after.
static P::LiteralContext *negatableLiteral(P::OperandContext &ctx) {
  if (ctx.prefixes.empty() || ctx.prefixes.back()->getType() != P::MINUS ||
      !ctx.ops.empty() || !ctx.base || !ctx.base->lit)
    return nullptr;
  P::LiteralContext *lit = ctx.base->lit;
  size_t type = lit->start->getType();
  if ((type != P::INTEGER && type != P::FLOAT) ||
      ctx.prefixes.back()->getStopIndex() + 1 != lit->start->getStartIndex())
    return nullptr;
  return lit;
}

/// operand : ( prefixes+=( BANG | MINUS | PLUS ) )* base=primary
///           ( ops+=postfixOperation )* ;
Expr Transformer::transformOperand(P::OperandContext &ctx) {
  if (!ctx.base)
    return {};
  if (ctx.prefixes.empty())
    return transformCallChain(*ctx.base, ctx.ops);
  std::vector<Token *> prefixes = ctx.prefixes;
  Expr e;
  // `-2` is a negative literal, as in Ruby, so that INT64_MIN is writable
  // and settings like `timeout -5` reach lowering as numbers.
  if (P::LiteralContext *lit = negatableLiteral(ctx)) {
    e = transformLiteral(*lit, prefixes.back());
    prefixes.pop_back();
  } else {
    e = transformCallChain(*ctx.base, ctx.ops);
  }
  for (auto it = prefixes.rbegin(); e && it != prefixes.rend(); ++it) {
    Token *op = *it;
    UnaryNode::Op kind = op->getType() == P::BANG    ? UnaryNode::Not
                         : op->getType() == P::MINUS ? UnaryNode::Neg
                                                     : UnaryNode::Plus;
    SMRange r = join(range(op), e.node->getRange());
    e = make<UnaryNode>(e.height, r, kind, op->getText(), std::move(e.node));
  }
  return e;
}

//===----------------------------------------------------------------------===//
// Calls and postfix operations
//===----------------------------------------------------------------------===//

Expr Transformer::transformCallChain(
    P::PrimaryContext &primary, ArrayRef<P::PostfixOperationContext *> ops) {
  Expr e = transformPrimary(primary);
  for (P::PostfixOperationContext *op : ops) {
    if (!e)
      return {};
    e = transformPostfixOperation(*op, std::move(e));
  }
  return e;
}

/// postfixOperation : DOT name=methodName parens=parenArguments? blk=block?
///                  | LBRACK_INDEX index=expression RBRACK ;
Expr Transformer::transformPostfixOperation(P::PostfixOperationContext &ctx,
                                            Expr receiver) {
  if (!ctx.name) {
    if (!ctx.index)
      return {};
    Expr index;
    {
      NestedArgs nested(inCommandArgs);
      index = transformExpression(*ctx.index);
    }
    if (!index)
      return {};
    SMRange r = join(receiver.node->getRange(), range(&ctx));
    return make<IndexNode>(std::max(receiver.height, index.height), r,
                           std::move(receiver.node), std::move(index.node));
  }
  std::string name = transformMethodName(*ctx.name);
  if (name.empty())
    return {};
  SMRange r = join(receiver.node->getRange(), range(ctx.name));
  Arguments args;
  if (ctx.parens) {
    args = transformParenArguments(*ctx.parens);
    r = join(r, range(ctx.parens));
  }
  unsigned blockHeight;
  std::unique_ptr<Block> block = attachBlock(ctx.blk, blockHeight);
  if (block)
    r = join(r, block->range);
  return makeCall(r, std::move(receiver), std::move(name), range(ctx.name),
                  std::move(args), std::move(block), blockHeight,
                  ctx.parens != nullptr);
}

/// methodName : IDENT | CONSTANT ;
std::string Transformer::transformMethodName(P::MethodNameContext &ctx) {
  return isMissing(ctx.start) ? std::string() : ctx.start->getText();
}

/// primary : lit=literal | str=stringLiteral | doc=heredoc | sym=symbol
///         | array=arrayLiteral | hash=hashLiteral | path=constantPath
///         | name=IDENT parens=parenArguments? blk=block?
///         | LPAREN inner=expression RPAREN ;
Expr Transformer::transformPrimary(P::PrimaryContext &ctx) {
  if (ctx.lit)
    return transformLiteral(*ctx.lit);
  if (ctx.str)
    return transformStringLiteral(*ctx.str);
  if (ctx.sym)
    return transformSymbol(*ctx.sym);
  if (ctx.doc)
    return transformHeredoc(*ctx.doc);
  if (ctx.array)
    return transformArrayLiteral(*ctx.array);
  if (ctx.hash)
    return transformHashLiteral(*ctx.hash);
  if (ctx.path) {
    std::unique_ptr<ConstPathNode> path = transformConstantPath(*ctx.path);
    return path ? Expr{std::move(path), 1} : Expr();
  }
  if (ctx.inner) {
    NestedArgs nested(inCommandArgs);
    return transformExpression(*ctx.inner);
  }
  if (isMissing(ctx.name))
    return {};
  std::string name = ctx.name->getText();
  SMRange nameRange = range(ctx.name);
  Arguments args;
  SMRange r = nameRange;
  if (ctx.parens) {
    args = transformParenArguments(*ctx.parens);
    r = join(r, range(ctx.parens));
  }
  unsigned blockHeight;
  std::unique_ptr<Block> block = attachBlock(ctx.blk, blockHeight);
  // A bare name, also when its `do` block went to the enclosing command.
  if (!ctx.parens && !block)
    return {std::make_unique<IdentifierNode>(nameRange, std::move(name)), 1};
  if (block)
    r = join(r, block->range);
  return makeCall(r, Expr(), std::move(name), nameRange, std::move(args),
                  std::move(block), blockHeight, ctx.parens != nullptr);
}

/// literal : INTEGER | FLOAT | TRUE | FALSE | NIL ;
Expr Transformer::transformLiteral(P::LiteralContext &ctx, Token *minus) {
  if (isMissing(ctx.start))
    return {};
  SMRange r = join(range(minus), range(ctx.start));
  size_t type = ctx.start->getType();
  if (type == P::TRUE || type == P::FALSE)
    return {std::make_unique<BoolLitNode>(r, type == P::TRUE), 1};
  if (type == P::NIL)
    return {std::make_unique<NilLitNode>(r), 1};
  std::string text = ctx.start->getText();
  if (type == P::FLOAT) {
    double value = 0;
    if (parseFloat(text, value) == NumberStatus::OutOfRange) {
      std::string spelled = (minus ? "-" : "") + text;
      diags.add(r.Start, [r, spelled](DiagnosticEngine &d) {
        d.report(r, DiagID::InvalidNumber, spelled,
                 "out of range for a 64-bit float");
      });
    }
    return {std::make_unique<FloatLitNode>(r, minus ? -value : value), 1};
  }
  int64_t value = 0;
  // An Invalid literal was reported by the token source (invalid-number).
  if (parseInteger(text, minus != nullptr, value) == NumberStatus::OutOfRange) {
    std::string spelled = (minus ? "-" : "") + text;
    diags.add(r.Start, [r, spelled](DiagnosticEngine &d) {
      d.report(r, DiagID::IntegerTooLarge, spelled);
    });
  }
  return {std::make_unique<IntegerLitNode>(r, value), 1};
}

/// parenArguments : LPAREN_CALL ( args+=argument ( COMMA args+=argument )*
///                  COMMA? )? RPAREN ;
Arguments Transformer::transformParenArguments(P::ParenArgumentsContext &ctx) {
  NestedArgs nested(inCommandArgs);
  Arguments args;
  for (P::ArgumentContext *a : ctx.args)
    transformArgument(*a, args);
  return args;
}

/// commandArguments : args+=argument ( COMMA args+=argument )* ;
Arguments
Transformer::transformCommandArguments(P::CommandArgumentsContext &ctx) {
  Arguments args;
  for (P::ArgumentContext *a : ctx.args)
    transformArgument(*a, args);
  return args;
}

/// argument : LABEL value=binaryExpression
///          | key=binaryExpression ( ASSOC value=binaryExpression )? ;
void Transformer::transformArgument(P::ArgumentContext &ctx, Arguments &args) {
  bool label = ctx.start && ctx.start->getType() == P::LABEL;
  if (!label && !ctx.value) {
    // Positional.
    if (!ctx.key)
      return;
    Expr value = transformBinaryExpression(*ctx.key);
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
  if (label) {
    entry.key = labelKey(ctx.start);
    entry.isLabel = true;
  } else if (ctx.key) {
    Expr key = transformBinaryExpression(*ctx.key);
    height = key.height;
    entry.key = std::move(key.node);
  }
  if (!entry.key || !ctx.value)
    return;
  Expr value = transformBinaryExpression(*ctx.value);
  if (!value)
    return;
  height = std::max(height, value.height);
  entry.value = std::move(value.node);
  args.keywordRange =
      join(args.keywords.empty() ? entry.key->getRange() : args.keywordRange,
           entry.value->getRange());
  args.height = std::max(args.height, height + 1);
  args.keywords.push_back(std::move(entry));
}

/// block : brace=braceBlock | doBlk=doBlock ;
std::unique_ptr<Block> Transformer::transformBlock(P::BlockContext &ctx,
                                                   unsigned &height) {
  height = 0;
  if (ctx.brace)
    return transformBraceBlock(*ctx.brace, height);
  if (ctx.doBlk)
    return transformDoBlock(*ctx.doBlk, height);
  return nullptr;
}

/// braceBlock : LBRACE_BLOCK params=blockParameters body=statements RBRACE ;
std::unique_ptr<Block>
Transformer::transformBraceBlock(P::BraceBlockContext &ctx, unsigned &height) {
  NestedArgs nested(inCommandArgs);
  auto block = std::make_unique<Block>();
  block->isBrace = true;
  block->range = range(&ctx);
  if (ctx.params)
    block->params = transformBlockParameters(*ctx.params);
  block->body = transformStatements(ctx.body, height);
  return block;
}

/// doBlock : DO params=blockParameters? body=statements END ;
std::unique_ptr<Block> Transformer::transformDoBlock(P::DoBlockContext &ctx,
                                                     unsigned &height) {
  NestedArgs nested(inCommandArgs);
  auto block = std::make_unique<Block>();
  block->isBrace = false;
  block->range = range(&ctx);
  if (ctx.params)
    block->params = transformBlockParameters(*ctx.params);
  block->body = transformStatements(ctx.body, height);
  return block;
}

/// blockParameters : BAR ( names+=IDENT ( COMMA names+=IDENT )* )? BAR
///                 | OROR ;
std::vector<Block::Param>
Transformer::transformBlockParameters(P::BlockParametersContext &ctx) {
  std::vector<Block::Param> params;
  for (Token *name : ctx.names)
    if (!isMissing(name))
      params.push_back({name->getText(), range(name)});
  return params;
}

} // namespace rulecc::frontend
