//===- TokenShaping.cpp - Stage 2 of the token source: parser order -------===//
// Drops the newlines that do not end a statement, retypes brackets and
// keywords by context, reports lexical errors, and tracks nesting so that
// input nested too deeply never reaches the recursive parser.
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"
#include "frontend/Literals.h"
#include "frontend/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using antlr4::CommonToken;
using antlr4::Token;

namespace rulecc::frontend {

static bool isContinuation(size_t type) {
  switch (type) {
  case RuleLexer::ASSIGN:
  case RuleLexer::ASSOC:
  case RuleLexer::COMMA:
  case RuleLexer::DOT:
  case RuleLexer::COLON2:
  case RuleLexer::EQ:
  case RuleLexer::NE:
  case RuleLexer::LT:
  case RuleLexer::LE:
  case RuleLexer::GT:
  case RuleLexer::GE:
  case RuleLexer::ANDAND:
  case RuleLexer::OROR:
  case RuleLexer::BANG:
  case RuleLexer::PLUS:
  case RuleLexer::MINUS:
  case RuleLexer::STAR:
  case RuleLexer::SLASH:
  case RuleLexer::PERCENT:
  case RuleLexer::AND:
  case RuleLexer::OR:
  case RuleLexer::NOT:
  case RuleLexer::IF:
  case RuleLexer::UNLESS:
  case RuleLexer::ELSIF:
  case RuleLexer::LABEL:
  case RuleLexer::LPAREN:
  case RuleLexer::LPAREN_CALL:
  case RuleLexer::LBRACK:
  case RuleLexer::LBRACK_INDEX:
  case RuleLexer::LBRACE:
    return true;
  default:
    return false;
  }
}

static bool isKeyword(size_t type) {
  return type >= RuleLexer::CLASS && type <= RuleLexer::REQUIRE;
}

/// Tokens after which a glued `[` indexes rather than starts an array.
static bool endsExpression(size_t type) {
  switch (type) {
  case RuleLexer::IDENT:
  case RuleLexer::CONSTANT:
  case RuleLexer::RPAREN:
  case RuleLexer::RBRACK:
  case RuleLexer::RBRACE:
  case RuleLexer::DQ_END:
  case RuleLexer::SQ_STRING:
  case RuleLexer::SYMBOL:
  case RuleLexer::SQ_SYMBOL:
  case RuleLexer::INTEGER:
  case RuleLexer::FLOAT:
  case RuleLexer::NIL:
  case RuleLexer::TRUE:
  case RuleLexer::FALSE:
    return true;
  default:
    return false;
  }
}

//===----------------------------------------------------------------------===//
// Stage 2: parser order
//===----------------------------------------------------------------------===//

CommonToken *RuleTokenSource::peekStage1(size_t ahead) {
  while (stage1.size() <= ahead) {
    if (sawEOF)
      return stage1.empty() ? nullptr : stage1.back().get();
    fillStage1();
  }
  return stage1[ahead].get();
}

RuleTokenSource::TokenPtr RuleTokenSource::takeStage1() {
  if (!peekStage1())
    return nullptr;
  TokenPtr tok = std::move(stage1.front());
  stage1.pop_front();
  return tok;
}

bool RuleTokenSource::shouldDropNewline() {
  // Blank lines, and newlines at the start or after `;`.
  if (lastType == 0 || lastType == RuleLexer::NL || lastType == RuleLexer::SEMI)
    return true;
  if (!frames.empty()) {
    Frame::Kind kind = frames.back().kind;
    if (kind == Frame::Paren || kind == Frame::Bracket || kind == Frame::Hash ||
        kind == Frame::Interp)
      return true;
  }
  if (isContinuation(lastType) || inParams)
    return true;
  // A line starting with `.` continues the previous one (method chains).
  for (size_t i = 0;; ++i) {
    CommonToken *next = peekStage1(i);
    if (!next || next->getType() == Token::EOF)
      return false;
    if (next->getType() == RuleLexer::NL)
      continue;
    if (next->getType() != RuleLexer::DOT)
      return false;
    // The blank lines before the `.` go too, now: looking past them again
    // for each would be quadratic in their number.
    stage1.erase(stage1.begin(), stage1.begin() + i);
    return true;
  }
}

/// `U+00E9 'é'` for the code point at the start of text.
static std::string describeCodePoint(StringRef text) {
  unsigned char first = text.empty() ? 0 : text[0];
  if (first < 0x80)
    return formatv("U+{0:X-4}", unsigned(first)).str();
  unsigned len = getNumBytesForUTF8(first);
  if (len > text.size())
    return formatv("U+{0:X-4}", unsigned(first)).str();
  UTF32 cp;
  const UTF8 *src = reinterpret_cast<const UTF8 *>(text.data());
  UTF32 *dst = &cp;
  if (ConvertUTF8toUTF32(&src, src + len, &dst, dst + 1, strictConversion) !=
      conversionOK)
    return formatv("U+{0:X-4}", unsigned(first)).str();
  return formatv("U+{0:X-4} '{1}'", unsigned(cp), text.take_front(len)).str();
}

void RuleTokenSource::flushBadRun() {
  if (badRunStart == SIZE_MAX)
    return;
  size_t start = badRunStart, end = badRunEnd;
  badRunStart = SIZE_MAX;
  std::string what = describeCodePoint(input.getBuffer().substr(start));
  reportError(start, end, [what](DiagnosticEngine &d, SMRange r) {
    d.report(r, DiagID::InvalidCharacter, what);
  });
}

bool RuleTokenSource::checkToken(CommonToken &tok) {
  size_t type = tok.getType();
  size_t start = tok.getStartIndex(), end = tok.getStopIndex() + 1;
  if (type == RuleLexer::ERROR_CHAR) {
    unsigned char c = input.getBuffer()[start];
    if (c > 0x20 && c < 0x7F) {
      // Printable ASCII the language does not use (`@`, `$`, `?`, `&`):
      // let the parser say it did not expect it.
      flushBadRun();
      return true;
    }
    // Control characters and non-ASCII outside strings: one error per run.
    if (badRunStart != SIZE_MAX && badRunEnd != start)
      flushBadRun();
    if (badRunStart == SIZE_MAX)
      badRunStart = start;
    badRunEnd = end;
    return false;
  }
  flushBadRun();
  switch (type) {
  case RuleLexer::INVALID_NUMBER: {
    std::string text = tok.getText();
    std::string why = explainInvalidNumber(text);
    reportError(start, end, [text, why](DiagnosticEngine &d, SMRange r) {
      d.report(r, DiagID::InvalidNumber, text, why);
    });
    // The Transformer reads it as 0; the error is already reported.
    tok.setType(RuleLexer::INTEGER);
    break;
  }
  case RuleLexer::SQ_STRING_UNTERMINATED:
    reportError(start, start + 1, [](DiagnosticEngine &d, SMRange r) {
      d.report(r, DiagID::UnterminatedString);
    });
    tok.setType(RuleLexer::SQ_STRING);
    break;
  case RuleLexer::STR_ESCAPE: {
    std::string text = tok.getText(), value;
    if (!decodeEscape(text, value)) {
      // The lexer's escape is `\` and one byte; a non-ASCII character after
      // the backslash is shown and marked whole (its continuation bytes).
      StringRef buffer = input.getBuffer();
      if (text.size() == 2 && static_cast<unsigned char>(text[1]) >= 0xC0)
        while (end < buffer.size() &&
               (static_cast<unsigned char>(buffer[end]) & 0xC0) == 0x80)
          text += buffer[end++];
      reportError(start, end, [text](DiagnosticEngine &d, SMRange r) {
        d.report(r, DiagID::InvalidEscape, text);
      });
    }
    break;
  }
  default:
    break;
  }
  return true;
}

void RuleTokenSource::retype(CommonToken &tok) {
  size_t type = tok.getType();
  bool glued = lastType != 0 && lastStop + 1 == tok.getStartIndex();
  if (isKeyword(type) && lastType == RuleLexer::DOT) {
    // `item.class`, `x.end`: a method name, not a keyword.
    tok.setType(RuleLexer::IDENT);
    return;
  }
  switch (type) {
  case RuleLexer::LPAREN:
    if (glued &&
        (lastType == RuleLexer::IDENT || lastType == RuleLexer::REQUIRE ||
         (lastType == RuleLexer::CONSTANT && lastBeforeType == RuleLexer::DOT)))
      tok.setType(RuleLexer::LPAREN_CALL);
    break;
  case RuleLexer::LBRACK:
    if (glued && endsExpression(lastType))
      tok.setType(RuleLexer::LBRACK_INDEX);
    break;
  case RuleLexer::LBRACE:
    if (CommonToken *next = peekStage1())
      if (next->getType() == RuleLexer::BAR ||
          next->getType() == RuleLexer::OROR)
        tok.setType(RuleLexer::LBRACE_BLOCK);
    break;
  default:
    break;
  }
}

bool RuleTokenSource::atStatementStart() const {
  return lastType == 0 || lastType == RuleLexer::NL ||
         lastType == RuleLexer::SEMI || lastType == RuleLexer::ELSE ||
         lastType == RuleLexer::THEN || lastType == RuleLexer::DO ||
         lastClosedParams;
}

void RuleTokenSource::push(Frame::Kind kind, const CommonToken &tok) {
  frames.push_back({kind, tok.getStartIndex()});
  if (frames.size() > MaxNestingDepth && !tooDeep) {
    tooDeep = true;
    size_t start = tok.getStartIndex(), end = tok.getStopIndex() + 1;
    reportError(start, end, [](DiagnosticEngine &d, SMRange r) {
      d.report(r, DiagID::NestingTooDeep, MaxNestingDepth);
    });
  }
}

void RuleTokenSource::popTo(ArrayRef<Frame::Kind> wanted,
                            ArrayRef<Frame::Kind> barriers) {
  for (size_t i = frames.size(); i-- > 0;) {
    if (is_contained(wanted, frames[i].kind)) {
      frames.resize(i);
      return;
    }
    if (is_contained(barriers, frames[i].kind))
      break;
  }
  // A closer that matches nothing open (`foo(1]`) is most likely a typo for
  // the innermost bracket's closer: close that bracket, or every newline to
  // the end of the file would be swallowed as if inside it. The parser
  // reports the mismatch.
  if (!frames.empty() && !is_contained(barriers, frames.back().kind) &&
      frames.back().kind != Frame::Keyword &&
      frames.back().kind != Frame::Interp)
    frames.pop_back();
}

void RuleTokenSource::track(CommonToken &tok) {
  size_t type = tok.getType();
  switch (type) {
  case RuleLexer::LPAREN:
  case RuleLexer::LPAREN_CALL:
    push(Frame::Paren, tok);
    break;
  case RuleLexer::LBRACK:
  case RuleLexer::LBRACK_INDEX:
    push(Frame::Bracket, tok);
    break;
  case RuleLexer::LBRACE:
    push(Frame::Hash, tok);
    break;
  case RuleLexer::LBRACE_BLOCK:
    push(Frame::BraceBlock, tok);
    break;
  case RuleLexer::INTERP_START:
    push(Frame::Interp, tok);
    break;
  case RuleLexer::CLASS:
  case RuleLexer::DO:
    push(Frame::Keyword, tok);
    break;
  case RuleLexer::IF:
  case RuleLexer::UNLESS:
    // Only a statement `if` opens a body; a modifier does not.
    if (atStatementStart())
      push(Frame::Keyword, tok);
    break;
  case RuleLexer::RPAREN:
    popTo({Frame::Paren}, {Frame::Interp, Frame::Keyword, Frame::BraceBlock});
    break;
  case RuleLexer::RBRACK:
    popTo({Frame::Bracket}, {Frame::Interp, Frame::Keyword, Frame::BraceBlock});
    break;
  case RuleLexer::RBRACE:
    popTo({Frame::Hash, Frame::BraceBlock}, {Frame::Interp, Frame::Keyword});
    break;
  case RuleLexer::INTERP_END:
    popTo({Frame::Interp}, {});
    break;
  case RuleLexer::END:
    popTo({Frame::Keyword}, {Frame::Interp, Frame::BraceBlock});
    break;
  default:
    break;
  }

  trackPrefixesAndParams(tok);
}

void RuleTokenSource::trackPrefixesAndParams(CommonToken &tok) {
  size_t type = tok.getType();
  // A run of prefix operators recurses in the parser like brackets do.
  if (type == RuleLexer::BANG || type == RuleLexer::NOT ||
      type == RuleLexer::MINUS || type == RuleLexer::PLUS) {
    if (++unaryRun > MaxNestingDepth && !tooDeep) {
      tooDeep = true;
      size_t start = tok.getStartIndex(), end = tok.getStopIndex() + 1;
      reportError(start, end, [](DiagnosticEngine &d, SMRange r) {
        d.report(r, DiagID::NestingTooDeep, MaxNestingDepth);
      });
    }
  } else {
    unaryRun = 0;
  }

  // `do |a, b|` and `{ |a| ...`: newlines inside the bars are not
  // statement ends, and the body starts a statement after the closing bar.
  bool opensBlock =
      lastType == RuleLexer::DO || lastType == RuleLexer::LBRACE_BLOCK;
  lastClosedParams = false;
  if (type == RuleLexer::BAR) {
    if (inParams) {
      inParams = false;
      lastClosedParams = true;
    } else if (opensBlock) {
      inParams = true;
    }
  } else if (type == RuleLexer::OROR && opensBlock) {
    lastClosedParams = true;
  }
}

std::unique_ptr<Token> RuleTokenSource::nextToken() {
  while (true) {
    TokenPtr tok = takeStage1();
    if (!tok) {
      // Asked again after the end: keep answering EOF.
      size_t size = input.size();
      std::string eofText = "<EOF>";
      return makeToken(Token::EOF, size, size - 1, &eofText);
    }
    size_t type = tok->getType();
    if (type == RuleLexer::NL) {
      if (shouldDropNewline())
        continue;
    } else if (!checkToken(*tok)) {
      continue;
    }
    if (type == Token::EOF)
      flushBadRun();
    retype(*tok);
    track(*tok);
    lastBeforeType = lastType;
    lastType = tok->getType();
    lastStop = tok->getStopIndex();
    return tok;
  }
}

} // namespace rulecc::frontend
