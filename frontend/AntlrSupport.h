//===- AntlrSupport.h - Frontend-internal glue around the ANTLR runtime ---===//
// Private to frontend/*.cpp (never include it elsewhere): the byte stream and
// token source that feed the generated parser, and deferred diagnostics.
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_ANTLRSUPPORT_H
#define RULECC_FRONTEND_ANTLRSUPPORT_H

#include "frontend/Diagnostics.h"

#include "RuleLexer.h"
#include "RuleParser.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rulecc::frontend {

using grammar::RuleLexer;
using grammar::RuleParser;

/// Diagnostics of one file, collected while lexing, parsing and transforming
/// and emitted in source order at the end, so the lexer's, the parser's and
/// the Transformer's reports interleave as a reader expects. Caps the number
/// of errors per file: garbage input must not produce millions of lines.
class DeferredDiags {
public:
  static constexpr unsigned MaxErrors = 100;

  explicit DeferredDiags(llvm::StringRef bufferName) : bufferName(bufferName) {}

  /// Queues an error at loc; returns false (and drops it) over the cap.
  bool add(llvm::SMLoc loc, std::function<void(DiagnosticEngine &)> emit);
  bool limitReached() const { return overflowed; }
  unsigned size() const { return entries.size(); }
  /// Emits everything queued, in source order, then the overflow error.
  void flush(DiagnosticEngine &diags);

private:
  struct Entry {
    const char *loc;
    unsigned seq;
    std::function<void(DiagnosticEngine &)> emit;
  };
  std::string bufferName;
  std::vector<Entry> entries;
  llvm::SMLoc overflowLoc;
  bool overflowed = false;
};

/// The source as a CharStream of bytes, not code points: token indices are
/// byte offsets into the SourceMgr buffer (no translation table), long
/// string literals are not copied into UTF-32, and identifiers are ASCII so
/// nothing is lost. Non-ASCII bytes only appear inside strings and comments.
class ByteCharStream : public antlr4::CharStream {
public:
  ByteCharStream(llvm::StringRef text, std::string name)
      : text(text), name(std::move(name)) {}

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return pos; }
  void seek(size_t index) override { pos = std::min(index, text.size()); }
  size_t size() override { return text.size(); }
  std::string getSourceName() const override { return name; }
  std::string getText(const antlr4::misc::Interval &interval) override;
  std::string toString() const override { return text.str(); }

  llvm::StringRef getBuffer() const { return text; }

private:
  llvm::StringRef text;
  std::string name;
  size_t pos = 0;
};

/// What RuleTokenSource reads tokens from: RuleLexer.g4's tokens, with the
/// lexer modes the token source switches.
class RawLexer {
public:
  virtual ~RawLexer();
  virtual std::unique_ptr<antlr4::Token> nextToken() = 0;
  virtual void pushMode(size_t mode) = 0;
  virtual size_t popMode() = 0;
  virtual size_t getLine() const = 0;
  virtual size_t getCharPositionInLine() = 0;
  virtual antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() = 0;
  /// The token source that hands this lexer's tokens on.
  virtual void setOwner(antlr4::TokenSource *source) = 0;
};

/// The lexer generated from RuleLexer.g4: the definition the scanner is
/// tested against.
class GeneratedLexer final : public RawLexer {
public:
  explicit GeneratedLexer(ByteCharStream &input) : lexer(&input) {
    lexer.removeErrorListeners();
  }
  std::unique_ptr<antlr4::Token> nextToken() override {
    return lexer.nextToken();
  }
  void pushMode(size_t mode) override { lexer.pushMode(mode); }
  size_t popMode() override { return lexer.popMode(); }
  size_t getLine() const override { return lexer.getLine(); }
  size_t getCharPositionInLine() override {
    return lexer.getCharPositionInLine();
  }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return lexer.getTokenFactory();
  }
  void setOwner(antlr4::TokenSource *) override {}
  const antlr4::dfa::Vocabulary &getVocabulary() const {
    return lexer.getVocabulary();
  }

private:
  RuleLexer lexer;
};

/// RuleLexer.g4's tokens matched by hand (Scanner.cpp), a few instructions
/// per byte instead of the generated lexer's hundreds, and no DFA to warm up
/// in every process.
class RuleScanner final : public RawLexer {
public:
  explicit RuleScanner(ByteCharStream &input);
  std::unique_ptr<antlr4::Token> nextToken() override;
  void pushMode(size_t mode) override;
  size_t popMode() override;
  size_t getLine() const override { return line; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override;
  void setOwner(antlr4::TokenSource *source) override { owner = source; }

private:
  int at(size_t i) const;
  void countLines(size_t upTo);
  std::unique_ptr<antlr4::Token> emit(size_t type, size_t start, size_t end);
  size_t newlineLength(size_t p) const;
  size_t digitsEnd(size_t p) const;
  size_t exponentEnd(size_t p) const;
  size_t quotedBodyEnd(size_t p) const;
  size_t heredocOpenerEnd(size_t p) const;
  size_t escapedLength(size_t p) const;
  std::unique_ptr<antlr4::Token> scanDefault(size_t p);
  std::unique_ptr<antlr4::Token> scanName(size_t p);
  std::unique_ptr<antlr4::Token> scanNumber(size_t p);
  std::unique_ptr<antlr4::Token> scanSingleQuoted(size_t p);
  std::unique_ptr<antlr4::Token> scanColon(size_t p);
  std::unique_ptr<antlr4::Token> scanString(size_t p);
  std::unique_ptr<antlr4::Token> scanHeredoc(size_t p);
  std::unique_ptr<antlr4::Token> scanRawHeredoc(size_t p);

  ByteCharStream &input;
  antlr4::TokenSource *owner = nullptr;
  const char *begin;
  size_t size;
  size_t mode = 0; // RuleLexer::DEFAULT_MODE
  std::vector<size_t> modeStack;
  size_t line = 1, lineStart = 0, linesCounted = 0;
};

/// Sits between the lexer (RuleScanner) and the parser and adds what the
/// lexer rules cannot see (see the comment at the top of RuleLexer.g4):
///
///  stage 1, in lexing order: closes `#{` interpolations (the lexer's mode
///    stack), reads heredoc bodies from the lines after their opener and
///    moves their tokens right after the opener, closes what the end of the
///    file left open;
///  stage 2, in parser order: drops the newlines that do not end a
///    statement, retypes `(`/`[`/`{` by context and keywords after `.`,
///    reports lexical errors, and tracks nesting so that input nested deeper
///    than MaxNestingDepth is rejected before the recursive parser runs.
class RuleTokenSource : public antlr4::TokenSource {
public:
  RuleTokenSource(RawLexer &lexer, ByteCharStream &input, DeferredDiags &diags);
  ~RuleTokenSource() override;

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return lexer.getLine(); }
  size_t getCharPositionInLine() override {
    return lexer.getCharPositionInLine();
  }
  antlr4::CharStream *getInputStream() override { return &input; }
  std::string getSourceName() override { return input.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return lexer.getTokenFactory();
  }

  /// The input nests deeper than the parser may recurse: do not parse it.
  bool isTooDeep() const { return tooDeep; }
  /// The token just returned is a newline ending a top-level statement
  /// (nothing is open), where the file can be cut into parts that parse
  /// independently.
  bool atStatementBoundary() const {
    return lastType == RuleLexer::NL && frames.empty();
  }

private:
  using TokenPtr = std::unique_ptr<antlr4::CommonToken>;

  // Stage 1.
  struct LexFrame {
    enum Kind { String, Interp, Brace, Heredoc } kind;
    size_t start;
  };
  struct HeredocInfo {
    std::string tag;
    bool squiggly = false, dash = false, raw = false;
    size_t start = 0; // the opener's offset
  };
  TokenPtr lexOne();
  void fillStage1();
  void readHeredocLine(TokenPtr opener);
  std::vector<TokenPtr> readHeredocBody(const HeredocInfo &info);
  bool matchTerminator(const HeredocInfo &info, size_t &tagStart, size_t &next);
  void closeAtEOF(TokenPtr eof);
  TokenPtr makeToken(size_t type, size_t start, size_t stop,
                     const std::string *text = nullptr);

  // Stage 2.
  struct Frame {
    enum Kind { Paren, Bracket, Hash, BraceBlock, Interp, Keyword } kind;
    size_t start;
  };
  antlr4::CommonToken *peekStage1(size_t ahead = 0);
  TokenPtr takeStage1();
  bool shouldDropNewline();
  bool checkToken(antlr4::CommonToken &tok);
  void retype(antlr4::CommonToken &tok);
  void track(antlr4::CommonToken &tok);
  void trackPrefixesAndParams(antlr4::CommonToken &tok);
  void push(Frame::Kind kind, const antlr4::CommonToken &tok);
  void popTo(llvm::ArrayRef<Frame::Kind> wanted,
             llvm::ArrayRef<Frame::Kind> barriers);
  bool atStatementStart() const;
  void reportError(size_t start, size_t end,
                   std::function<void(DiagnosticEngine &, llvm::SMRange)> fn);

  RawLexer &lexer;
  ByteCharStream &input;
  DeferredDiags &diags;
  const char *bufStart;

  std::vector<LexFrame> lexStack;
  std::deque<TokenPtr> lexPending; // tokens lexOne owes its caller
  std::deque<TokenPtr> stage1;
  bool readingHeredoc = false;
  bool sawEOF = false;

  std::vector<Frame> frames;
  size_t lastType = 0; // type of the last token handed to the parser (0: none)
  size_t lastStop = 0;
  size_t lastBeforeType = 0;
  bool lastClosedParams = false; // the last token closed `|params|`
  bool inParams = false;
  unsigned unaryRun = 0;
  bool tooDeep = false;
  size_t badRunStart = SIZE_MAX, badRunEnd = 0; // coalesced invalid chars
  void flushBadRun();
};

/// The range of tokens [first, last] in a buffer starting at bufStart;
/// conjured or synthesized tokens give an empty range.
llvm::SMRange tokenRange(const char *bufStart, const antlr4::Token *first,
                         const antlr4::Token *last = nullptr);

/// How a token is named in messages: `')'`, `identifier 'foo'`, `newline`.
std::string describeToken(const antlr4::Token &tok);

/// The error strategy of the LL parsing stage (SyntaxErrors.cpp): reports
/// clang-like syntax errors to `diags` and recovers statement by statement.
std::shared_ptr<antlr4::ANTLRErrorStrategy>
createSyntaxErrorStrategy(DeferredDiags &diags, const char *bufStart);

/// Two-stage parse (SLL, then LL with recovery on failure) reporting syntax
/// errors to diags. Returns null when parsing was abandoned.
RuleParser::ProgramContext *parseProgram(RuleParser &parser,
                                         antlr4::CommonTokenStream &tokens,
                                         DeferredDiags &diags,
                                         const char *bufStart);

} // namespace rulecc::frontend

#endif // RULECC_FRONTEND_ANTLRSUPPORT_H
