//===- Transformer.cpp - ANTLR parse tree to AST
//---------------------------===//
// One transformX per rule of RuleParser.g4 (`terms` builds nothing), each
// named after its production. After syntax errors the parse tree is partial:
// every child may be missing, and a node whose required parts are missing
// is dropped, so the AST never holds null children.
//===----------------------------------------------------------------------===//

#include "frontend/Transformer.h"
#include "frontend/Literals.h"

using namespace llvm;

namespace rulecc::frontend {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SMRange Transformer::range(antlr4::ParserRuleContext *ctx) const {
  if (!ctx || !ctx->start)
    return {};
  Token *stop = ctx->stop;
  if (!stop || stop->getTokenIndex() < ctx->start->getTokenIndex())
    stop = ctx->start;
  return tokenRange(bufStart, ctx->start, stop);
}

SMRange Transformer::join(SMRange a, SMRange b) {
  if (!a.isValid())
    return b;
  if (!b.isValid())
    return a;
  return SMRange(a.Start,
                 b.End.getPointer() > a.End.getPointer() ? b.End : a.End);
}

void Transformer::error(SMRange r, std::string msg) {
  diags.add(r.Start, [r, msg](DiagnosticEngine &d) {
    d.report(r, DiagID::SyntaxError, msg);
  });
}

BinaryNode::Op binaryOp(size_t type) {
  switch (type) {
  case P::PLUS:
    return BinaryNode::Add;
  case P::MINUS:
    return BinaryNode::Sub;
  case P::STAR:
    return BinaryNode::Mul;
  case P::SLASH:
    return BinaryNode::Div;
  case P::PERCENT:
    return BinaryNode::Mod;
  case P::EQ:
    return BinaryNode::Eq;
  case P::NE:
    return BinaryNode::Ne;
  case P::LT:
    return BinaryNode::Lt;
  case P::LE:
    return BinaryNode::Le;
  case P::GT:
    return BinaryNode::Gt;
  case P::GE:
    return BinaryNode::Ge;
  case P::ANDAND:
  case P::AND:
    return BinaryNode::And;
  default:
    return BinaryNode::Or;
  }
}

NodeList Transformer::finishArguments(Arguments args) {
  NodeList out = std::move(args.positional);
  if (!args.keywords.empty())
    out.push_back(std::make_unique<HashLitNode>(
        args.keywordRange, std::move(args.keywords), /*braceless=*/true));
  return out;
}

Expr Transformer::makeCall(SMRange r, Expr receiver, std::string name,
                           SMRange nameRange, Arguments args,
                           std::unique_ptr<Block> block, unsigned blockHeight,
                           bool hasParens) {
  unsigned height = std::max({receiver.height, args.height, blockHeight});
  return make<CallNode>(height, r, std::move(receiver.node), std::move(name),
                        nameRange, finishArguments(std::move(args)),
                        std::move(block), hasParens);
}

std::unique_ptr<Block> Transformer::attachBlock(P::BlockContext *ctx,
                                                unsigned &height) {
  height = 0;
  if (!ctx)
    return nullptr;
  std::unique_ptr<Block> block = transformBlock(*ctx, height);
  if (block && !block->isBrace && inCommandArgs) {
    strayDoBlock = std::move(block);
    strayDoBlockHeight = height;
    height = 0;
    return nullptr;
  }
  return block;
}

std::vector<StringPart> Transformer::finishPieces(std::vector<Piece> pieces) {
  std::vector<StringPart> parts;
  for (Piece &p : pieces) {
    if (!p.expr && !parts.empty() && !parts.back().expr) {
      parts.back().text += p.text;
      parts.back().range = join(parts.back().range, p.range);
      continue;
    }
    if (!p.expr && p.text.empty())
      continue;
    parts.push_back({std::move(p.text), std::move(p.expr), p.range});
  }
  return parts;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

/// program : statements EOF ;
void Transformer::transformProgram(P::ProgramContext &ctx, File &file) {
  unsigned height;
  file.stmts = transformStatements(ctx.statements(), height);
}

/// statements : terms? ( statement ( terms statement )* terms? )? ;
NodeList Transformer::transformStatements(P::StatementsContext *ctx,
                                          unsigned &height) {
  NodeList out;
  height = 0;
  if (!ctx)
    return out;
  for (P::StatementContext *stmt : ctx->statement()) {
    Expr e = transformStatement(*stmt);
    if (!e)
      continue;
    height = std::max(height, e.height);
    out.push_back(std::move(e.node));
  }
  return out;
}

/// statement : classDefinition | ifStatement | unlessStatement
///           | simpleStatement modifier* ;
Expr Transformer::transformStatement(P::StatementContext &ctx) {
  if (auto *c = ctx.classDefinition())
    return transformClassDefinition(*c);
  if (auto *i = ctx.ifStatement())
    return transformIfStatement(*i);
  if (auto *u = ctx.unlessStatement())
    return transformUnlessStatement(*u);
  if (!ctx.simpleStatement())
    return {};
  Expr stmt = transformSimpleStatement(*ctx.simpleStatement());
  // `a if b unless c` is `(a if b) unless c`.
  for (P::ModifierContext *m : ctx.modifier())
    if (stmt)
      stmt = transformModifier(*m, std::move(stmt));
  return stmt;
}

/// modifier : ( IF | UNLESS ) expression ;
Expr Transformer::transformModifier(P::ModifierContext &ctx, Expr stmt) {
  if (!ctx.expression())
    return stmt;
  Expr cond = transformExpression(*ctx.expression());
  if (!cond)
    return stmt;
  SMRange r = join(stmt.node->getRange(), cond.node->getRange());
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body.push_back(std::move(stmt.node));
  clauses[0].range = r;
  return make<IfNode>(std::max(stmt.height, cond.height), r,
                      ctx.UNLESS() != nullptr, /*isModifier=*/true,
                      std::move(clauses), NodeList(), /*hasElse=*/false);
}

/// simpleStatement : assignment | requireStatement | expression ;
Expr Transformer::transformSimpleStatement(P::SimpleStatementContext &ctx) {
  if (auto *a = ctx.assignment())
    return transformAssignment(*a);
  if (auto *r = ctx.requireStatement())
    return transformRequireStatement(*r);
  if (auto *e = ctx.expression())
    return transformExpression(*e);
  return {};
}

/// assignment : IDENT ASSIGN ( orExpression | command ) ;
Expr Transformer::transformAssignment(P::AssignmentContext &ctx) {
  if (isMissing(ctx.IDENT()))
    return {};
  Expr value;
  if (auto *o = ctx.orExpression())
    value = transformOrExpression(*o);
  else if (auto *c = ctx.command())
    value = transformCommand(*c);
  if (!value)
    return {};
  return make<AssignNode>(value.height, range(&ctx), ctx.IDENT()->getText(),
                          range(ctx.IDENT()), std::move(value.node));
}

/// requireStatement : REQUIRE ( parenArguments | commandArguments ) ;
Expr Transformer::transformRequireStatement(P::RequireStatementContext &ctx) {
  Arguments args;
  bool parens = ctx.parenArguments() != nullptr;
  if (parens)
    args = transformParenArguments(*ctx.parenArguments());
  else if (auto *c = ctx.commandArguments())
    args = transformCommandArguments(*c);
  return makeCall(range(&ctx), Expr(), "require", range(ctx.REQUIRE()),
                  std::move(args), nullptr, 0, parens);
}

/// classDefinition : CLASS constantPath ( LT superclass=constantPath )?
///                   terms statements END ;
Expr Transformer::transformClassDefinition(P::ClassDefinitionContext &ctx) {
  std::string name;
  SMRange nameRange;
  for (P::ConstantPathContext *path : ctx.constantPath()) {
    if (path == ctx.superclass)
      continue;
    if (std::unique_ptr<ConstPathNode> n = transformConstantPath(*path)) {
      name = n->getPath();
      nameRange = n->getRange();
    }
    break;
  }
  std::unique_ptr<ConstPathNode> superclass;
  if (ctx.superclass)
    superclass = transformConstantPath(*ctx.superclass);
  unsigned height;
  NodeList body = transformStatements(ctx.statements(), height);
  SMRange endRange = isMissing(ctx.END()) ? SMRange() : range(ctx.END());
  return make<ClassDefNode>(height, range(&ctx), std::move(name), nameRange,
                            std::move(superclass), std::move(body), endRange);
}

/// ifStatement : IF expression terms statements elsifClause* elseClause? END ;
Expr Transformer::transformIfStatement(P::IfStatementContext &ctx) {
  if (!ctx.expression())
    return {};
  Expr cond = transformExpression(*ctx.expression());
  if (!cond)
    return {};
  unsigned height = cond.height, bodyHeight;
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body = transformStatements(ctx.statements(), bodyHeight);
  clauses[0].range = join(range(ctx.IF()), range(ctx.statements()));
  height = std::max(height, bodyHeight);
  for (P::ElsifClauseContext *e : ctx.elsifClause())
    if (!transformElsifClause(*e, clauses, height))
      return {};
  NodeList elseBody;
  if (auto *e = ctx.elseClause()) {
    elseBody = transformElseClause(*e, bodyHeight);
    height = std::max(height, bodyHeight);
  }
  bool hasElse = ctx.elseClause() != nullptr;
  return make<IfNode>(height, range(&ctx), /*isUnless=*/false,
                      /*isModifier=*/false, std::move(clauses),
                      std::move(elseBody), hasElse);
}

/// elsifClause : ELSIF expression terms statements ;
bool Transformer::transformElsifClause(P::ElsifClauseContext &ctx,
                                       std::vector<IfNode::Clause> &clauses,
                                       unsigned &height) {
  if (!ctx.expression())
    return false;
  Expr cond = transformExpression(*ctx.expression());
  if (!cond)
    return false;
  unsigned bodyHeight;
  IfNode::Clause clause;
  clause.cond = std::move(cond.node);
  clause.body = transformStatements(ctx.statements(), bodyHeight);
  clause.range = range(&ctx);
  height = std::max({height, cond.height, bodyHeight});
  clauses.push_back(std::move(clause));
  return true;
}

/// elseClause : ELSE statements ;
NodeList Transformer::transformElseClause(P::ElseClauseContext &ctx,
                                          unsigned &height) {
  return transformStatements(ctx.statements(), height);
}

/// unlessStatement : UNLESS expression terms statements elseClause? END ;
Expr Transformer::transformUnlessStatement(P::UnlessStatementContext &ctx) {
  if (!ctx.expression())
    return {};
  Expr cond = transformExpression(*ctx.expression());
  if (!cond)
    return {};
  unsigned height = cond.height, bodyHeight;
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body = transformStatements(ctx.statements(), bodyHeight);
  clauses[0].range = join(range(ctx.UNLESS()), range(ctx.statements()));
  height = std::max(height, bodyHeight);
  NodeList elseBody;
  if (auto *e = ctx.elseClause()) {
    elseBody = transformElseClause(*e, bodyHeight);
    height = std::max(height, bodyHeight);
  }
  bool hasElse = ctx.elseClause() != nullptr;
  return make<IfNode>(height, range(&ctx), /*isUnless=*/true,
                      /*isModifier=*/false, std::move(clauses),
                      std::move(elseBody), hasElse);
}

void transformProgram(RuleParser::ProgramContext &ctx, ast::File &file,
                      DeferredDiags &diags, const char *bufStart) {
  Transformer(diags, bufStart).transformProgram(ctx, file);
}

} // namespace rulecc::frontend
