//===- TokenSource.cpp - The context-sensitive half of the lexer ----------===//
// The scanner matches RuleLexer.g4's tokens; RuleTokenSource adds what depends
// on context. This file: its helpers and stage 1, in lexing order (heredoc
// bodies, interpolation ends, lines that end inside a string, the end of the
// file); stage 2 is in TokenShaping.cpp. See RuleLexer.g4.
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"
#include "frontend/Literals.h"
#include "frontend/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"

#include <algorithm>

using namespace llvm;
using antlr4::CommonToken;
using antlr4::Token;

namespace rulecc::frontend {

//===----------------------------------------------------------------------===//
// DeferredDiags and ByteCharStream
//===----------------------------------------------------------------------===//

bool DeferredDiags::add(SMLoc loc,
                        std::function<void(DiagnosticEngine &)> emit) {
  if (entries.size() >= MaxErrors) {
    if (!overflowed)
      overflowLoc = loc;
    overflowed = true;
    return false;
  }
  entries.push_back(
      {loc.getPointer(), unsigned(entries.size()), std::move(emit)});
  return true;
}

void DeferredDiags::flush(DiagnosticEngine &diags) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry &a, const Entry &b) {
                     return std::less<const char *>()(a.loc, b.loc);
                   });
  for (Entry &e : entries)
    e.emit(diags);
  entries.clear();
  if (overflowed)
    diags.report(overflowLoc, DiagID::TooManyErrors);
  overflowed = false;
}

void ByteCharStream::consume() {
  if (pos >= text.size())
    throw antlr4::IllegalStateException("cannot consume EOF");
  ++pos;
}

size_t ByteCharStream::LA(ssize_t i) {
  if (i == 0)
    return 0;
  ssize_t index = i > 0 ? ssize_t(pos) + i - 1 : ssize_t(pos) + i;
  if (index < 0 || size_t(index) >= text.size())
    return antlr4::IntStream::EOF;
  return static_cast<unsigned char>(text[index]);
}

std::string ByteCharStream::getText(const antlr4::misc::Interval &interval) {
  ssize_t a = interval.a, b = interval.b;
  if (a < 0 || b < a || size_t(a) >= text.size())
    return {};
  b = std::min<ssize_t>(b, ssize_t(text.size()) - 1);
  return text.substr(a, b - a + 1).str();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SMRange tokenRange(const char *bufStart, const Token *first,
                   const Token *last) {
  if (!last)
    last = first;
  if (!first)
    return {};
  size_t start = first->getStartIndex();
  if (start == INVALID_INDEX)
    return {};
  size_t stop = last->getStopIndex();
  size_t end = start;
  if (stop != INVALID_INDEX && stop + 1 > start)
    end = stop + 1;
  return SMRange(SMLoc::getFromPointer(bufStart + start),
                 SMLoc::getFromPointer(bufStart + end));
}

static std::string quoteText(StringRef text) {
  std::string out = "'";
  for (char c : text.take_front(40)) {
    if (c == '\n')
      out += "\\n";
    else if (isPrint(c) || static_cast<unsigned char>(c) >= 0x80)
      out += c;
    else
      out += formatv("\\x{0:x-2}", static_cast<unsigned char>(c)).str();
  }
  if (text.size() > 40)
    out += "...";
  return out + "'";
}

std::string describeToken(const Token &tok) {
  std::string text = tok.getText();
  switch (tok.getType()) {
  case Token::EOF:
    return "end of file";
  case RuleLexer::NL:
    return "newline";
  case RuleLexer::IDENT:
    return "identifier " + quoteText(text);
  case RuleLexer::CONSTANT:
    return "constant " + quoteText(text);
  case RuleLexer::LABEL:
    return "label " + quoteText(text);
  case RuleLexer::INTEGER:
  case RuleLexer::FLOAT:
    return "number " + quoteText(text);
  case RuleLexer::SYMBOL:
  case RuleLexer::SQ_SYMBOL:
  case RuleLexer::DSYM_START:
    return "symbol";
  case RuleLexer::DQ_START:
  case RuleLexer::SQ_STRING:
    return "string literal";
  case RuleLexer::HEREDOC_START:
    return "heredoc";
  case RuleLexer::HEREDOC_END:
    return "end of heredoc";
  case RuleLexer::STR_TEXT:
  case RuleLexer::STR_ESCAPE:
    return "string text";
  case RuleLexer::DQ_END:
    return "'\"'";
  default:
    return quoteText(text);
  }
}

//===----------------------------------------------------------------------===//
// Stage 1: lexing order
//===----------------------------------------------------------------------===//

RuleTokenSource::RuleTokenSource(RawLexer &lexer, ByteCharStream &input,
                                 DeferredDiags &diags)
    : lexer(lexer), input(input), diags(diags),
      bufStart(input.getBuffer().data()) {
  lexer.setOwner(this);
  // A UTF-8 byte order mark is not part of the program.
  if (input.getBuffer().startswith("\xEF\xBB\xBF"))
    input.seek(3);
}

RuleTokenSource::~RuleTokenSource() = default;

void RuleTokenSource::reportError(
    size_t start, size_t end,
    std::function<void(DiagnosticEngine &, SMRange)> fn) {
  SMRange range(SMLoc::getFromPointer(bufStart + start),
                SMLoc::getFromPointer(bufStart + std::max(start, end)));
  diags.add(range.Start,
            [range, fn = std::move(fn)](DiagnosticEngine &d) { fn(d, range); });
}

RuleTokenSource::TokenPtr RuleTokenSource::makeToken(size_t type, size_t start,
                                                     size_t stop,
                                                     const std::string *text) {
  auto tok = std::make_unique<CommonToken>(
      std::make_pair(static_cast<antlr4::TokenSource *>(this),
                     static_cast<antlr4::CharStream *>(&input)),
      type, Token::DEFAULT_CHANNEL, start, stop);
  if (text)
    tok->setText(*text);
  return tok;
}

RuleTokenSource::TokenPtr RuleTokenSource::lexOne() {
  if (!lexPending.empty()) {
    TokenPtr tok = std::move(lexPending.front());
    lexPending.pop_front();
    return tok;
  }
  std::unique_ptr<Token> raw = lexer.nextToken();
  // Both lexers only make CommonTokens.
  TokenPtr tok(static_cast<CommonToken *>(raw.release()));
  size_t start = tok->getStartIndex();
  switch (tok->getType()) {
  case RuleLexer::DQ_NEWLINE: {
    // A quoted string ends on its line: report it at its opening quote,
    // close it, and let the newline end the statement as usual.
    if (!lexStack.empty() && lexStack.back().kind == LexFrame::String) {
      size_t quote = lexStack.back().start;
      lexStack.pop_back();
      reportError(quote, quote + 1, [](DiagnosticEngine &d, SMRange r) {
        d.report(r, DiagID::UnterminatedString);
      });
    }
    std::string empty;
    TokenPtr close = makeToken(RuleLexer::DQ_END, start, start - 1, &empty);
    tok->setType(RuleLexer::NL);
    lexPending.push_back(std::move(tok));
    return close;
  }
  case RuleLexer::DQ_START:
  case RuleLexer::DSYM_START:
    lexStack.push_back({LexFrame::String, start});
    break;
  case RuleLexer::DQ_END:
    if (!lexStack.empty() && lexStack.back().kind == LexFrame::String)
      lexStack.pop_back();
    break;
  case RuleLexer::INTERP_START:
    lexStack.push_back({LexFrame::Interp, start});
    break;
  case RuleLexer::LBRACE:
    lexStack.push_back({LexFrame::Brace, start});
    break;
  case RuleLexer::RBRACE:
    if (lexStack.empty())
      break;
    if (lexStack.back().kind == LexFrame::Interp) {
      // Back to the string (or heredoc) mode the `#{` came from.
      tok->setType(RuleLexer::INTERP_END);
      lexStack.pop_back();
      lexer.popMode();
    } else if (lexStack.back().kind == LexFrame::Brace) {
      lexStack.pop_back();
    }
    break;
  default:
    break;
  }
  return tok;
}

void RuleTokenSource::fillStage1() {
  TokenPtr tok = lexOne();
  if (tok->getType() == Token::EOF)
    return closeAtEOF(std::move(tok));
  if (tok->getType() == RuleLexer::HEREDOC_START)
    return readHeredocLine(std::move(tok));
  stage1.push_back(std::move(tok));
}

/// Parses `<<~EOS`, `<<-'EOS'`, `<<"EOS"`.
static void parseOpener(StringRef text, std::string &tag, bool &squiggly,
                        bool &dash, bool &raw) {
  text = text.drop_front(2);
  squiggly = text.consume_front("~");
  dash = !squiggly && text.consume_front("-");
  raw = text.startswith("'");
  if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"'))
    text = text.drop_front().drop_back();
  tag = text.str();
}

void RuleTokenSource::readHeredocLine(TokenPtr opener) {
  // Ruby reads a heredoc's body from the lines after the one holding its
  // opener, while the rest of that line goes on as code; several openers on
  // one line take consecutive bodies.
  std::vector<TokenPtr> line;
  std::vector<HeredocInfo> pending;
  TokenPtr eof;
  auto addOpener = [&](TokenPtr tok) {
    HeredocInfo info;
    parseOpener(tok->getText(), info.tag, info.squiggly, info.dash, info.raw);
    info.start = tok->getStartIndex();
    pending.push_back(std::move(info));
    line.push_back(std::move(tok));
  };
  addOpener(std::move(opener));
  while (true) {
    TokenPtr tok = lexOne();
    size_t type = tok->getType();
    if (type == Token::EOF) {
      eof = std::move(tok);
      break;
    }
    if (type == RuleLexer::HEREDOC_START) {
      addOpener(std::move(tok));
      continue;
    }
    line.push_back(std::move(tok));
    if (type == RuleLexer::NL)
      break;
  }

  std::vector<std::vector<TokenPtr>> bodies;
  for (const HeredocInfo &info : pending)
    bodies.push_back(readHeredocBody(info));

  size_t next = 0;
  for (TokenPtr &tok : line) {
    bool isOpener = tok->getType() == RuleLexer::HEREDOC_START;
    stage1.push_back(std::move(tok));
    if (isOpener)
      for (TokenPtr &bodyTok : bodies[next++])
        stage1.push_back(std::move(bodyTok));
  }
  if (eof)
    closeAtEOF(std::move(eof));
}

bool RuleTokenSource::matchTerminator(const HeredocInfo &info, size_t &tagStart,
                                      size_t &next) {
  StringRef buf = input.getBuffer();
  size_t p = input.index();
  if (p >= buf.size())
    return false;
  if (info.squiggly || info.dash)
    while (p < buf.size() && (buf[p] == ' ' || buf[p] == '\t'))
      ++p;
  if (!buf.substr(p).startswith(info.tag))
    return false;
  size_t q = p + info.tag.size();
  if (q < buf.size() && buf[q] == '\r')
    ++q;
  if (q < buf.size() && buf[q] != '\n')
    return false;
  tagStart = p;
  next = q < buf.size() ? q + 1 : q;
  return true;
}

std::vector<RuleTokenSource::TokenPtr>
RuleTokenSource::readHeredocBody(const HeredocInfo &info) {
  std::vector<TokenPtr> body;
  lexer.pushMode(info.raw ? RuleLexer::HEREDOC_RAW : RuleLexer::HEREDOC);
  lexStack.push_back({LexFrame::Heredoc, info.start});
  size_t depth = lexStack.size();
  readingHeredoc = true;
  bool atLineStart = true;
  while (true) {
    size_t tagStart, next;
    if (atLineStart && lexStack.size() == depth &&
        matchTerminator(info, tagStart, next)) {
      body.push_back(makeToken(RuleLexer::HEREDOC_END, tagStart,
                               tagStart + info.tag.size() - 1));
      input.seek(next);
      lexer.popMode();
      break;
    }
    TokenPtr tok = lexOne();
    size_t type = tok->getType();
    if (type == Token::EOF) {
      // Close what the body left open, reporting only the innermost.
      size_t size = input.size();
      std::string empty;
      bool reported = false;
      while (lexStack.size() > depth) {
        LexFrame frame = lexStack.back();
        lexStack.pop_back();
        if (frame.kind == LexFrame::Interp) {
          if (!reported)
            reportError(frame.start, frame.start + 2,
                        [](DiagnosticEngine &d, SMRange r) {
                          d.report(r, DiagID::UnterminatedInterpolation);
                        });
          body.push_back(
              makeToken(RuleLexer::INTERP_END, size, size - 1, &empty));
          reported = true;
        } else if (frame.kind == LexFrame::String) {
          body.push_back(makeToken(RuleLexer::DQ_END, size, size - 1, &empty));
        }
      }
      if (!reported) {
        std::string tag = info.tag;
        reportError(info.start, info.start + 2,
                    [tag](DiagnosticEngine &d, SMRange r) {
                      d.report(r, DiagID::UnterminatedHeredoc, tag);
                    });
      }
      body.push_back(makeToken(RuleLexer::HEREDOC_END, size, size - 1, &empty));
      break;
    }
    if (type == RuleLexer::HEREDOC_START) {
      size_t start = tok->getStartIndex(), stop = tok->getStopIndex() + 1;
      reportError(start, stop, [](DiagnosticEngine &d, SMRange r) {
        d.report(r, DiagID::SyntaxError,
                 "a heredoc cannot start inside another heredoc's "
                 "interpolation");
      });
      continue;
    }
    bool inBody = lexStack.size() == depth;
    atLineStart = inBody && (type == RuleLexer::HD_NEWLINE ||
                             (type == RuleLexer::STR_ESCAPE &&
                              StringRef(tok->getText()).endswith("\n")));
    if (type == RuleLexer::HD_NEWLINE)
      tok->setType(RuleLexer::STR_TEXT);
    body.push_back(std::move(tok));
  }
  lexStack.resize(depth - 1);
  readingHeredoc = false;
  return body;
}

void RuleTokenSource::closeAtEOF(TokenPtr eof) {
  // The end of the file closes open strings and interpolations, so the
  // parser sees a well-formed token stream; only the innermost is reported.
  size_t size = input.size();
  std::string empty;
  bool reported = false;
  while (!lexStack.empty()) {
    LexFrame frame = lexStack.back();
    lexStack.pop_back();
    if (frame.kind == LexFrame::Interp) {
      if (!reported)
        reportError(frame.start, frame.start + 2,
                    [](DiagnosticEngine &d, SMRange r) {
                      d.report(r, DiagID::UnterminatedInterpolation);
                    });
      reported = true;
      stage1.push_back(
          makeToken(RuleLexer::INTERP_END, size, size - 1, &empty));
    } else if (frame.kind == LexFrame::String) {
      if (!reported)
        reportError(frame.start, frame.start + 1,
                    [](DiagnosticEngine &d, SMRange r) {
                      d.report(r, DiagID::UnterminatedString);
                    });
      reported = true;
      stage1.push_back(makeToken(RuleLexer::DQ_END, size, size - 1, &empty));
    }
  }
  stage1.push_back(std::move(eof));
  sawEOF = true;
}

} // namespace rulecc::frontend
