//===- TransformLiterals.cpp - Strings, symbols, arrays, hashes, paths ----===//
// The literal part of the Transformer (see Transformer.cpp). Escapes were
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

/// The `( STR_TEXT | STR_ESCAPE | interpolation )*` of a string, heredoc or
/// symbol, in order.
void Transformer::collectPieces(antlr4::ParserRuleContext &ctx,
                                std::vector<Piece> &pieces, unsigned &height) {
  for (antlr4::tree::ParseTree *child : ctx.children) {
    if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      Token *tok = term->getSymbol();
      if (isMissing(tok))
        continue;
      if (tok->getType() == P::STR_TEXT) {
        pieces.push_back(
            {normalizeNewlines(tok->getText()), nullptr, range(tok), true});
      } else if (tok->getType() == P::STR_ESCAPE) {
        std::string text = tok->getText(), value;
        // An invalid escape was reported by the token source; keep it.
        if (!decodeEscape(text, value))
          value = text;
        pieces.push_back({std::move(value), nullptr, range(tok), false});
      }
      continue;
    }
    if (auto *interp = dynamic_cast<P::InterpolationContext *>(child)) {
      Expr e = transformInterpolation(*interp);
      if (!e)
        continue;
      height = std::max(height, e.height);
      pieces.push_back(
          {std::string(), std::move(e.node), range(interp), false});
    }
  }
}

/// stringLiteral : DQ_START ( STR_TEXT | STR_ESCAPE | interpolation )* DQ_END
///               | SQ_STRING ;
Expr Transformer::transformStringLiteral(P::StringLiteralContext &ctx) {
  SMRange r = range(&ctx);
  if (ctx.start->getType() == P::SQ_STRING) {
    std::string value;
    decodeSingleQuoted(ctx.start->getText(), value);
    std::vector<StringPart> parts;
    parts.push_back({normalizeNewlines(value), nullptr, r});
    return {std::make_unique<StringLitNode>(r, StringLitNode::SingleQuoted,
                                            std::move(parts)),
            1};
  }
  std::vector<Piece> pieces;
  unsigned height = 0;
  collectPieces(ctx, pieces, height);
  return make<StringLitNode>(height, r, StringLitNode::DoubleQuoted,
                             finishPieces(std::move(pieces)));
}

/// heredoc : HEREDOC_START ( STR_TEXT | STR_ESCAPE | interpolation )*
///           HEREDOC_END ;
Expr Transformer::transformHeredoc(P::HeredocContext &ctx) {
  if (isMissing(ctx.start))
    return {};
  // The node's range is the opener (`<<~EOS`), where the value is used;
  // the parts carry the ranges of the body lines.
  SMRange r = range(ctx.start);
  std::vector<Piece> pieces;
  unsigned height = 0;
  collectPieces(ctx, pieces, height);
  if (StringRef(ctx.start->getText()).startswith("<<~")) {
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

/// interpolation : INTERP_START inner=expression? INTERP_END ;
Expr Transformer::transformInterpolation(P::InterpolationContext &ctx) {
  // `#{}` is the empty string: no part at all.
  if (!ctx.inner)
    return {};
  NestedArgs nested(inCommandArgs);
  return transformExpression(*ctx.inner);
}

/// symbol : SYMBOL | SQ_SYMBOL
///        | DSYM_START ( STR_TEXT | STR_ESCAPE | interpolation )* DQ_END ;
Expr Transformer::transformSymbol(P::SymbolContext &ctx) {
  SMRange r = range(&ctx);
  std::string name;
  size_t type = ctx.start->getType();
  if (type == P::SYMBOL) {
    name = ctx.start->getText().substr(1);
  } else if (type == P::SQ_SYMBOL) {
    decodeSingleQuoted(StringRef(ctx.start->getText()).drop_front(), name);
  } else {
    std::vector<Piece> pieces;
    unsigned height = 0;
    collectPieces(ctx, pieces, height);
    for (Piece &p : pieces) {
      if (p.expr)
        error(p.range, "interpolation is not allowed in a symbol");
      else
        name += p.text;
    }
  }
  return {std::make_unique<SymbolLitNode>(r, std::move(name)), 1};
}

/// arrayLiteral : LBRACK ( elements+=binaryExpression
///                ( COMMA elements+=binaryExpression )* COMMA? )? RBRACK ;
Expr Transformer::transformArrayLiteral(P::ArrayLiteralContext &ctx) {
  NestedArgs nested(inCommandArgs);
  NodeList elements;
  unsigned height = 0;
  for (P::BinaryExpressionContext *e : ctx.elements) {
    Expr element = transformBinaryExpression(*e);
    if (!element)
      continue;
    height = std::max(height, element.height);
    elements.push_back(std::move(element.node));
  }
  return make<ArrayLitNode>(height, range(&ctx), std::move(elements));
}

/// hashLiteral : LBRACE ( entries+=hashEntry ( COMMA entries+=hashEntry )*
///               COMMA? )? RBRACE ;
Expr Transformer::transformHashLiteral(P::HashLiteralContext &ctx) {
  NestedArgs nested(inCommandArgs);
  std::vector<HashEntry> entries;
  unsigned height = 0;
  for (P::HashEntryContext *e : ctx.entries) {
    HashEntry entry;
    if (transformHashEntry(*e, entry, height))
      entries.push_back(std::move(entry));
  }
  return make<HashLitNode>(height, range(&ctx), std::move(entries),
                           /*braceless=*/false);
}

/// hashEntry : LABEL value=binaryExpression
///           | key=binaryExpression ASSOC value=binaryExpression ;
bool Transformer::transformHashEntry(P::HashEntryContext &ctx, HashEntry &entry,
                                     unsigned &height) {
  if (!ctx.value)
    return false;
  unsigned keyHeight = 0;
  if (ctx.start && ctx.start->getType() == P::LABEL) {
    entry.key = labelKey(ctx.start);
    entry.isLabel = true;
  } else if (ctx.key) {
    Expr key = transformBinaryExpression(*ctx.key);
    keyHeight = key.height;
    entry.key = std::move(key.node);
  }
  if (!entry.key)
    return false;
  Expr value = transformBinaryExpression(*ctx.value);
  if (!value)
    return false;
  height = std::max({height, keyHeight, value.height});
  entry.value = std::move(value.node);
  return true;
}

/// constantPath : COLON2? names+=CONSTANT ( COLON2 names+=CONSTANT )* ;
std::unique_ptr<ConstPathNode>
Transformer::transformConstantPath(P::ConstantPathContext &ctx) {
  std::vector<std::string> segments;
  for (Token *name : ctx.names) {
    if (isMissing(name))
      return nullptr;
    segments.push_back(name->getText());
  }
  if (segments.empty())
    return nullptr;
  return std::make_unique<ConstPathNode>(range(&ctx), std::move(segments));
}

} // namespace rulecc::frontend
