//===- ParseDriver.cpp - Checking, chunking and two-stage parsing ---------===//
// parseBuffer and dumpTokens: checks the source, cuts the token stream into
// parts at top-level statement boundaries, and runs the generated parser on
// each (SLL first, LL with error recovery only when SLL fails).
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"
#include "frontend/DumpText.h"
#include "frontend/Parser.h"
#include "frontend/UTF8.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

#include <cstring>

using namespace llvm;
using antlr4::Token;

namespace rulecc::frontend {

// Defined in Transformer.cpp.
void transformProgram(RuleParser::ProgramContext &ctx, ast::File &file,
                      DeferredDiags &diags, const char *bufStart);

namespace {

/// Hands the parser one part of a file (see parseBuffer) and then EOF.
class ChunkTokenSource : public antlr4::TokenSource {
public:
  ChunkTokenSource(std::vector<std::unique_ptr<Token>> tokens,
                   RuleTokenSource &source)
      : tokens(std::move(tokens)), source(source) {}

  std::unique_ptr<Token> nextToken() override {
    if (next < tokens.size())
      return std::move(tokens[next++]);
    // Past the last token: an empty EOF just after it.
    size_t start = lastStop + 1;
    auto eof = std::make_unique<antlr4::CommonToken>(
        std::make_pair(static_cast<antlr4::TokenSource *>(this),
                       source.getInputStream()),
        Token::EOF, Token::DEFAULT_CHANNEL, start, start - 1);
    eof->setText("<EOF>");
    return eof;
  }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream *getInputStream() override {
    return source.getInputStream();
  }
  std::string getSourceName() override { return source.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return source.getTokenFactory();
  }

  void setLastStop(size_t stop) { lastStop = stop; }

private:
  std::vector<std::unique_ptr<Token>> tokens;
  RuleTokenSource &source;
  size_t next = 0;
  size_t lastStop = 0;
};

/// Parses and transforms one part of a file, appending to `file`.
void parseChunk(std::vector<std::unique_ptr<Token>> tokens,
                RuleTokenSource &source, ast::File &file, DeferredDiags &diags,
                const char *bufStart) {
  size_t lastStop = tokens.empty() ? 0 : tokens.back()->getStopIndex();
  bool endsWithEOF = !tokens.empty() && tokens.back()->getType() == Token::EOF;
  ChunkTokenSource chunk(std::move(tokens), source);
  if (!endsWithEOF)
    chunk.setLastStop(lastStop);
  antlr4::CommonTokenStream stream(&chunk);
  RuleParser parser(&stream);
  if (RuleParser::ProgramContext *program =
          parseProgram(parser, stream, diags, bufStart))
    transformProgram(*program, file, diags, bufStart);
}

/// Size and encoding checks before a buffer is lexed.
bool checkSource(const MemoryBuffer &buf, DiagnosticEngine &diags) {
  StringRef text = buf.getBuffer();
  if (text.size() > MaxSourceFileSize) {
    diags.reportFile(buf.getBufferIdentifier(), DiagID::FileTooLarge,
                     uint64_t(text.size()), MaxSourceFileSize);
    return false;
  }
  if (const char *bad = findInvalidUTF8(text)) {
    SMLoc loc = SMLoc::getFromPointer(bad);
    diags.report(SMRange(loc, SMLoc::getFromPointer(loc.getPointer() + 1)),
                 DiagID::FileNotUTF8);
    return false;
  }
  return true;
}

} // namespace

RuleParser::ProgramContext *parseProgram(RuleParser &parser,
                                         antlr4::CommonTokenStream &tokens,
                                         DeferredDiags &diags,
                                         const char *bufStart) {
  parser.removeErrorListeners();
  auto *sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  // Stage 1: SLL prediction, bail out on the first error. Almost every
  // well-formed file parses here, at SLL's speed.
  sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    return parser.program();
  } catch (antlr4::ParseCancellationException &) {
  }
  // Stage 2: full LL with error reporting and recovery.
  tokens.seek(0);
  parser.reset();
  sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(createSyntaxErrorStrategy(diags, bufStart));
  try {
    return parser.program();
  } catch (antlr4::ParseCancellationException &) {
    return nullptr; // too many errors; they are reported
  }
}

} // namespace rulecc::frontend

namespace rulecc {

using namespace frontend;

/// Tokens per part of a file handed to the parser (see parseBuffer).
static constexpr size_t ChunkTokens = 4096;

std::unique_ptr<ast::File> parseBuffer(SourceMgr &sm, unsigned bufferID,
                                       DiagnosticEngine &diags) {
  const MemoryBuffer *buf = sm.getMemoryBuffer(bufferID);
  auto file = std::make_unique<ast::File>();
  file->path = buf->getBufferIdentifier().str();
  file->bufferID = bufferID;
  if (!checkSource(*buf, diags))
    return file;

  const char *bufStart = buf->getBufferStart();
  DeferredDiags deferred(file->path);
  try {
    ByteCharStream input(buf->getBuffer(), file->path);
    RuleScanner lexer(input);
    RuleTokenSource source(lexer, input, deferred);
    // The file is parsed a run of top-level statements at a time, each
    // part's parse tree freed before the next: memory (and page faults)
    // then follow the largest part, not the file. Parts are cut only where
    // nothing is open, so they parse as the whole file would.
    std::vector<std::unique_ptr<Token>> chunk;
    while (true) {
      std::unique_ptr<Token> tok = source.nextToken();
      bool eof = tok->getType() == Token::EOF;
      chunk.push_back(std::move(tok));
      if (!eof &&
          !(chunk.size() >= ChunkTokens && source.atStatementBoundary()))
        continue;
      // Input nested too deeply is not handed to the recursive parser; a
      // file with too many errors is not parsed further.
      if (source.isTooDeep() || deferred.limitReached())
        break;
      parseChunk(std::move(chunk), source, *file, deferred, bufStart);
      chunk.clear();
      if (eof)
        break;
    }
  } catch (std::exception &e) {
    // The runtime should never throw here; if it does, say so rather than
    // crash, and keep what was reported.
    std::string what = e.what();
    SMLoc loc = SMLoc::getFromPointer(bufStart);
    deferred.add(loc, [loc, what](DiagnosticEngine &d) {
      d.report(loc, DiagID::SyntaxError, "internal parser error: " + what);
    });
  }
  deferred.flush(diags);
  return file;
}

void dumpTokens(SourceMgr &sm, unsigned bufferID, raw_ostream &os,
                DiagnosticEngine &) {
  const MemoryBuffer *buf = sm.getMemoryBuffer(bufferID);
  StringRef contents = buf->getBuffer();
  if (contents.size() > MaxSourceFileSize || findInvalidUTF8(contents))
    return;
  const char *bufStart = buf->getBufferStart();
  // Lexical errors were reported when the buffer was parsed; these copies
  // are dropped.
  DeferredDiags deferred(buf->getBufferIdentifier());
  ByteCharStream input(buf->getBuffer(), buf->getBufferIdentifier().str());
  RuleScanner lexer(input);
  RuleTokenSource source(lexer, input, deferred);
  // The parser shares the lexer grammar's vocabulary (tokenVocab), so its
  // token names are the lexer's; the generated lexer itself stays out of the
  // compiler (it is only the scanner's test oracle, TokenOracle.cpp).
  antlr4::CommonTokenStream unused(&source);
  RuleParser names(&unused);
  const antlr4::dfa::Vocabulary &vocab = names.getVocabulary();
  while (true) {
    std::unique_ptr<Token> tok = source.nextToken();
    size_t type = tok->getType();
    size_t start = std::min(tok->getStartIndex(), buf->getBufferSize());
    auto [line, col] =
        sm.getLineAndColumn(SMLoc::getFromPointer(bufStart + start), bufferID);
    std::string text = type == Token::EOF ? "" : tok->getText();
    os << line << ':' << col << ' '
       << (type == Token::EOF ? "EOF" : vocab.getSymbolicName(type)) << " '"
       << escapeForDump(text, '\'') << "'\n";
    if (type == Token::EOF)
      break;
  }
}

} // namespace rulecc
