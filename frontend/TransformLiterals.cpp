//===- TransformLiterals.cpp - Strings, symbols, arrays, hashes, paths ----===//
// The literal half of the Transformer (see Transformer.cpp). Escapes were
// checked by the token source; here they are decoded.
//===----------------------------------------------------------------------===//

#include "frontend/Literals.h"
#include "frontend/Transformer.h"

using namespace llvm;

namespace rulecc::frontend {

/// Source text of a string or heredoc line: CRLF line ends read as LF.
static std::string normalizeNewlines(StringRef text) {
  if (!text.contains('\r'))
    return text.str();
  std::string out;
  for (size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
      out += text[i];
  return out;
}

/// stringLiteral : DQ_START stringContent* DQ_END | SQ_STRING ;
Expr Transformer::transformStringLiteral(P::StringLiteralContext &ctx) {
  SMRange r = range(&ctx);
  if (auto *sq = ctx.SQ_STRING()) {
    std::string value;
    decodeSingleQuoted(sq->getText(), value);
    std::vector<StringPart> parts;
    parts.push_back({normalizeNewlines(value), nullptr, r});
    return {std::make_unique<StringLitNode>(r, StringLitNode::SingleQuoted,
                                            std::move(parts)),
            1};
  }
  std::vector<Piece> pieces;
  unsigned height = 0;
  for (P::StringContentContext *c : ctx.stringContent())
    transformStringContent(*c, pieces, height);
  return make<StringLitNode>(height, r, StringLitNode::DoubleQuoted,
                             finishPieces(std::move(pieces)));
}

/// heredoc : HEREDOC_START stringContent* HEREDOC_END ;
Expr Transformer::transformHeredoc(P::HeredocContext &ctx) {
  if (isMissing(ctx.HEREDOC_START()))
    return {};
  // The node's range is the opener (`<<~EOS`), where the value is used;
  // the parts carry the ranges of the body lines.
  SMRange r = range(ctx.HEREDOC_START());
  std::vector<Piece> pieces;
  unsigned height = 0;
  for (P::StringContentContext *c : ctx.stringContent())
    transformStringContent(*c, pieces, height);
  if (StringRef(ctx.HEREDOC_START()->getText()).startswith("<<~")) {
    std::vector<HeredocSegment> segments;
    for (const Piece &p : pieces)
      segments.push_back({p.text, p.literal && !p.expr});
    stripHeredocIndentation(segments);
    for (size_t i = 0; i < pieces.size(); ++i)
      pieces[i].text = std::move(segments[i].text);
  }
  return make<StringLitNode>(height, r, StringLitNode::Heredoc,
                             finishPieces(std::move(pieces)));
}

/// stringContent : STR_TEXT | STR_ESCAPE | interpolation ;
void Transformer::transformStringContent(P::StringContentContext &ctx,
                                         std::vector<Piece> &pieces,
                                         unsigned &height) {
  if (auto *text = ctx.STR_TEXT()) {
    if (!isMissing(text))
      pieces.push_back({normalizeNewlines(text->getText()), nullptr,
                        range(text), /*literal=*/true});
    return;
  }
  if (auto *esc = ctx.STR_ESCAPE()) {
    if (isMissing(esc))
      return;
    std::string text = esc->getText(), value;
    // An invalid escape was reported by the token source; keep it verbatim.
    if (!decodeEscape(text, value))
      value = text;
    pieces.push_back({std::move(value), nullptr, range(esc), false});
    return;
  }
  if (auto *i = ctx.interpolation()) {
    Expr e = transformInterpolation(*i);
    if (!e)
      return;
    height = std::max(height, e.height);
    pieces.push_back({std::string(), std::move(e.node), range(i), false});
  }
}

/// interpolation : INTERP_START expression? INTERP_END ;
Expr Transformer::transformInterpolation(P::InterpolationContext &ctx) {
  // `#{}` is the empty string: no part at all.
  if (!ctx.expression())
    return {};
  NestedArgs nested(inCommandArgs);
  return transformExpression(*ctx.expression());
}

/// symbol : SYMBOL | SQ_SYMBOL | DSYM_START stringContent* DQ_END ;
Expr Transformer::transformSymbol(P::SymbolContext &ctx) {
  SMRange r = range(&ctx);
  std::string name;
  if (auto *s = ctx.SYMBOL()) {
    name = StringRef(s->getText()).drop_front().str();
  } else if (auto *s = ctx.SQ_SYMBOL()) {
    decodeSingleQuoted(StringRef(s->getText()).drop_front(), name);
  } else {
    std::vector<Piece> pieces;
    unsigned height = 0;
    for (P::StringContentContext *c : ctx.stringContent())
      transformStringContent(*c, pieces, height);
    for (Piece &p : pieces) {
      if (p.expr)
        error(p.range, "interpolation is not allowed in a symbol");
      else
        name += p.text;
    }
  }
  return {std::make_unique<SymbolLitNode>(r, std::move(name)), 1};
}

/// arrayLiteral : LBRACK ( orExpression ( COMMA orExpression )* COMMA? )?
///                RBRACK ;
Expr Transformer::transformArrayLiteral(P::ArrayLiteralContext &ctx) {
  NestedArgs nested(inCommandArgs);
  NodeList elements;
  unsigned height = 0;
  for (P::OrExpressionContext *e : ctx.orExpression()) {
    Expr element = transformOrExpression(*e);
    if (!element)
      continue;
    height = std::max(height, element.height);
    elements.push_back(std::move(element.node));
  }
  return make<ArrayLitNode>(height, range(&ctx), std::move(elements));
}

/// hashLiteral : LBRACE ( hashEntry ( COMMA hashEntry )* COMMA? )? RBRACE ;
Expr Transformer::transformHashLiteral(P::HashLiteralContext &ctx) {
  NestedArgs nested(inCommandArgs);
  std::vector<HashEntry> entries;
  unsigned height = 0;
  for (P::HashEntryContext *e : ctx.hashEntry()) {
    HashEntry entry;
    if (transformHashEntry(*e, entry, height))
      entries.push_back(std::move(entry));
  }
  return make<HashLitNode>(height, range(&ctx), std::move(entries),
                           /*braceless=*/false);
}

/// hashEntry : LABEL orExpression | orExpression ASSOC orExpression ;
bool Transformer::transformHashEntry(P::HashEntryContext &ctx, HashEntry &entry,
                                     unsigned &height) {
  std::vector<P::OrExpressionContext *> exprs = ctx.orExpression();
  if (ctx.LABEL()) {
    if (isMissing(ctx.LABEL()) || exprs.empty())
      return false;
    SMRange r = range(ctx.LABEL());
    SMRange keyRange(r.Start, SMLoc::getFromPointer(r.End.getPointer() - 1));
    entry.key = std::make_unique<SymbolLitNode>(
        keyRange, StringRef(ctx.LABEL()->getText()).drop_back().str());
    entry.isLabel = true;
    Expr value = transformOrExpression(*exprs[0]);
    if (!value)
      return false;
    height = std::max(height, value.height);
    entry.value = std::move(value.node);
    return true;
  }
  if (exprs.size() < 2)
    return false;
  Expr key = transformOrExpression(*exprs[0]);
  Expr value = transformOrExpression(*exprs[1]);
  if (!key || !value)
    return false;
  height = std::max({height, key.height, value.height});
  entry.key = std::move(key.node);
  entry.value = std::move(value.node);
  return true;
}

/// constantPath : COLON2? CONSTANT ( COLON2 CONSTANT )* ;
std::unique_ptr<ConstPathNode>
Transformer::transformConstantPath(P::ConstantPathContext &ctx) {
  std::vector<std::string> segments;
  for (antlr4::tree::TerminalNode *c : ctx.CONSTANT()) {
    if (isMissing(c))
      return nullptr;
    segments.push_back(c->getText());
  }
  if (segments.empty())
    return nullptr;
  return std::make_unique<ConstPathNode>(range(&ctx), std::move(segments));
}

} // namespace rulecc::frontend
