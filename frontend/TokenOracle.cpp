//===- TokenOracle.cpp - The scanner's token stream against the lexer's -===//
// dumpShapedTokens: the tokens the parser reads, lexed by the hand-written
// scanner or by the lexer generated from RuleLexer.g4. Kept in its own file so
// that only the tests link the generated lexer (and its start-up cost).
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"
#include "frontend/DumpText.h"
#include "frontend/Parser.h"

using namespace llvm;
using antlr4::Token;

namespace rulecc {

using namespace frontend;

std::string dumpShapedTokens(StringRef text, bool useGeneratedLexer) {
  DeferredDiags deferred("<input>");
  ByteCharStream input(text, "<input>");
  std::unique_ptr<RawLexer> lexer;
  if (useGeneratedLexer)
    lexer = std::make_unique<GeneratedLexer>(input);
  else
    lexer = std::make_unique<RuleScanner>(input);
  RuleTokenSource source(*lexer, input, deferred);
  std::string out;
  raw_string_ostream os(out);
  while (true) {
    std::unique_ptr<Token> tok = source.nextToken();
    size_t type = tok->getType();
    os << int(type) << ' ' << tok->getStartIndex() << ' ' << tok->getStopIndex()
       << " '" << escapeForDump(tok->getText(), '\'') << "'\n";
    if (type == Token::EOF)
      break;
  }
  return os.str();
}

} // namespace rulecc
