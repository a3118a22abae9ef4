//===- Transformer.cpp - ANTLR parse tree to AST: statements --------------===//
// One transformX per rule of RuleParser.g4 (`terms` and `thenSeparator`
// build nothing), each under a comment naming its production. After syntax
// errors the parse tree is partial: every part may be missing, and a node
// whose required parts are missing is dropped, so the AST never holds null
// children.
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

std::unique_ptr<SymbolLitNode> Transformer::labelKey(Token *label) {
  if (isMissing(label))
    return nullptr;
  // `key:` is the symbol :key; its range leaves out the colon.
  SMRange r = range(label);
  SMRange keyRange(r.Start, SMLoc::getFromPointer(r.End.getPointer() - 1));
  std::string text = label->getText();
  text.pop_back();
  return std::make_unique<SymbolLitNode>(keyRange, std::move(text));
}

/// From the `if`/`elsif`/`unless` keyword to the end of the clause's last
/// statement (or its condition).
SMRange Transformer::clauseRange(Token *keyword, const IfNode::Clause &c) {
  SMRange last =
      c.body.empty() ? c.cond->getRange() : c.body.back()->getRange();
  return join(range(keyword), last);
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

/// program : statements EOF ;
void Transformer::transformProgram(P::ProgramContext &ctx, File &file) {
  unsigned height;
  for (NodePtr &stmt : transformStatements(ctx.statements(), height))
    file.stmts.push_back(std::move(stmt));
}

/// statements : terms? ( stmts+=statement ( terms stmts+=statement )*
///              terms? )? ;
NodeList Transformer::transformStatements(P::StatementsContext *ctx,
                                          unsigned &height) {
  NodeList out;
  height = 0;
  if (!ctx)
    return out;
  for (P::StatementContext *stmt : ctx->stmts) {
    Expr e = transformStatement(*stmt);
    if (!e)
      continue;
    height = std::max(height, e.height);
    out.push_back(std::move(e.node));
  }
  return out;
}

/// statement : cls=classDefinition | ifs=ifStatement | unless=unlessStatement
///           | ( assign=assignment | req=requireStatement | expr=expression )
///             ( mods+=modifier )* ;
Expr Transformer::transformStatement(P::StatementContext &ctx) {
  if (ctx.cls)
    return transformClassDefinition(*ctx.cls);
  if (ctx.ifs)
    return transformIfStatement(*ctx.ifs);
  if (ctx.unless)
    return transformUnlessStatement(*ctx.unless);
  Expr stmt;
  if (ctx.assign)
    stmt = transformAssignment(*ctx.assign);
  else if (ctx.req)
    stmt = transformRequireStatement(*ctx.req);
  else if (ctx.expr)
    stmt = transformExpression(*ctx.expr);
  // `a if b unless c` is `(a if b) unless c`.
  for (P::ModifierContext *m : ctx.mods)
    if (stmt)
      stmt = transformModifier(*m, std::move(stmt));
  return stmt;
}

/// modifier : kind=( IF | UNLESS ) cond=expression ;
Expr Transformer::transformModifier(P::ModifierContext &ctx, Expr stmt) {
  if (!ctx.cond || !ctx.kind)
    return stmt;
  Expr cond = transformExpression(*ctx.cond);
  if (!cond)
    return stmt;
  SMRange r = join(stmt.node->getRange(), cond.node->getRange());
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body.push_back(std::move(stmt.node));
  clauses[0].range = r;
  return make<IfNode>(std::max(stmt.height, cond.height), r,
                      ctx.kind->getType() == P::UNLESS, /*isModifier=*/true,
                      std::move(clauses), NodeList(), /*hasElse=*/false);
}

/// assignment : name=IDENT ASSIGN ( value=binaryExpression | cmd=command ) ;
Expr Transformer::transformAssignment(P::AssignmentContext &ctx) {
  if (isMissing(ctx.name))
    return {};
  Expr value;
  if (ctx.value)
    value = transformBinaryExpression(*ctx.value);
  else if (ctx.cmd)
    value = transformCommand(*ctx.cmd);
  if (!value)
    return {};
  return make<AssignNode>(value.height, range(&ctx), ctx.name->getText(),
                          range(ctx.name), std::move(value.node));
}

/// requireStatement : REQUIRE ( parens=parenArguments
///                            | args=commandArguments ) ;
Expr Transformer::transformRequireStatement(P::RequireStatementContext &ctx) {
  Arguments args;
  if (ctx.parens)
    args = transformParenArguments(*ctx.parens);
  else if (ctx.args)
    args = transformCommandArguments(*ctx.args);
  return makeCall(range(&ctx), Expr(), "require", range(ctx.start),
                  std::move(args), nullptr, 0, ctx.parens != nullptr);
}

/// classDefinition : CLASS name=constantPath ( LT superclass=constantPath )?
///                   terms body=statements END ;
Expr Transformer::transformClassDefinition(P::ClassDefinitionContext &ctx) {
  std::string name;
  SMRange nameRange;
  if (ctx.name)
    if (std::unique_ptr<ConstPathNode> n = transformConstantPath(*ctx.name)) {
      name = n->getPath();
      nameRange = n->getRange();
    }
  std::unique_ptr<ConstPathNode> superclass;
  if (ctx.superclass)
    superclass = transformConstantPath(*ctx.superclass);
  unsigned height;
  NodeList body = transformStatements(ctx.body, height);
  // The closing token, unless error recovery had to conjure it.
  SMRange endRange;
  if (antlr4::tree::TerminalNode *end = ctx.END())
    if (!isMissing(end->getSymbol()))
      endRange = range(end->getSymbol());
  return make<ClassDefNode>(height, range(&ctx), std::move(name), nameRange,
                            std::move(superclass), std::move(body), endRange);
}

/// ifStatement : IF cond=expression thenSeparator body=statements
///               ( elsifs+=elsifClause )* otherwise=elseClause? END ;
Expr Transformer::transformIfStatement(P::IfStatementContext &ctx) {
  if (!ctx.cond)
    return {};
  Expr cond = transformExpression(*ctx.cond);
  if (!cond)
    return {};
  unsigned height = cond.height, bodyHeight;
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body = transformStatements(ctx.body, bodyHeight);
  clauses[0].range = clauseRange(ctx.start, clauses[0]);
  height = std::max(height, bodyHeight);
  for (P::ElsifClauseContext *e : ctx.elsifs)
    if (!transformElsifClause(*e, clauses, height))
      return {};
  NodeList elseBody;
  if (ctx.otherwise) {
    elseBody = transformElseClause(*ctx.otherwise, bodyHeight);
    height = std::max(height, bodyHeight);
  }
  return make<IfNode>(height, range(&ctx), /*isUnless=*/false,
                      /*isModifier=*/false, std::move(clauses),
                      std::move(elseBody), ctx.otherwise != nullptr);
}

/// elsifClause : ELSIF cond=expression thenSeparator body=statements ;
bool Transformer::transformElsifClause(P::ElsifClauseContext &ctx,
                                       std::vector<IfNode::Clause> &clauses,
                                       unsigned &height) {
  if (!ctx.cond)
    return false;
  Expr cond = transformExpression(*ctx.cond);
  if (!cond)
    return false;
  unsigned bodyHeight;
  IfNode::Clause clause;
  clause.cond = std::move(cond.node);
  clause.body = transformStatements(ctx.body, bodyHeight);
  clause.range = clauseRange(ctx.start, clause);
  height = std::max({height, cond.height, bodyHeight});
  clauses.push_back(std::move(clause));
  return true;
}

/// elseClause : ELSE body=statements ;
NodeList Transformer::transformElseClause(P::ElseClauseContext &ctx,
                                          unsigned &height) {
  return transformStatements(ctx.body, height);
}

/// unlessStatement : UNLESS cond=expression thenSeparator body=statements
///                   otherwise=elseClause? END ;
Expr Transformer::transformUnlessStatement(P::UnlessStatementContext &ctx) {
  if (!ctx.cond)
    return {};
  Expr cond = transformExpression(*ctx.cond);
  if (!cond)
    return {};
  unsigned height = cond.height, bodyHeight;
  std::vector<IfNode::Clause> clauses(1);
  clauses[0].cond = std::move(cond.node);
  clauses[0].body = transformStatements(ctx.body, bodyHeight);
  clauses[0].range = clauseRange(ctx.start, clauses[0]);
  height = std::max(height, bodyHeight);
  NodeList elseBody;
  if (ctx.otherwise) {
    elseBody = transformElseClause(*ctx.otherwise, bodyHeight);
    height = std::max(height, bodyHeight);
  }
  return make<IfNode>(height, range(&ctx), /*isUnless=*/true,
                      /*isModifier=*/false, std::move(clauses),
                      std::move(elseBody), ctx.otherwise != nullptr);
}

void transformProgram(RuleParser::ProgramContext &ctx, ast::File &file,
                      DeferredDiags &diags, const char *bufStart) {
  Transformer(diags, bufStart).transformProgram(ctx, file);
}

} // namespace rulecc::frontend
