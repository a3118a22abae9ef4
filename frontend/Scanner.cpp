//===- Scanner.cpp - RuleLexer.g4's tokens, matched by hand ---------------===//
// The generated lexer costs about 700 instructions per byte (an ATN/DFA step
// and a lock per character) and warms its DFA up again in every process;
// this scanner matches the same tokens, with the same longest-match and
// first-rule-wins choices, in a few instructions per byte. RuleLexer.g4
// stays the definition: FrontendScannerTest checks that both produce the
// same token stream.
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"

#include "llvm/ADT/StringExtras.h"

#include <cstring>

using namespace llvm;
using antlr4::CommonToken;
using antlr4::Token;

namespace rulecc::frontend {

RawLexer::~RawLexer() = default;

namespace {

bool isNameStart(unsigned char c) { return isAlpha(c) || c == '_'; }
bool isNameChar(unsigned char c) { return isAlnum(c) || c == '_'; }

struct Keyword {
  const char *text;
  size_t type;
};
const Keyword Keywords[] = {
    {"class", RuleLexer::CLASS},    {"end", RuleLexer::END},
    {"do", RuleLexer::DO},          {"if", RuleLexer::IF},
    {"elsif", RuleLexer::ELSIF},    {"else", RuleLexer::ELSE},
    {"then", RuleLexer::THEN},      {"unless", RuleLexer::UNLESS},
    {"and", RuleLexer::AND},        {"or", RuleLexer::OR},
    {"not", RuleLexer::NOT},        {"true", RuleLexer::TRUE},
    {"false", RuleLexer::FALSE},    {"nil", RuleLexer::NIL},
    {"require", RuleLexer::REQUIRE}};

size_t keywordType(StringRef name) {
  if (name.size() > 7)
    return RuleLexer::IDENT;
  for (const Keyword &k : Keywords)
    if (name == k.text)
      return k.type;
  return RuleLexer::IDENT;
}

} // namespace

RuleScanner::RuleScanner(ByteCharStream &input) : input(input) {
  StringRef buf = input.getBuffer();
  begin = buf.data();
  size = buf.size();
}

int RuleScanner::at(size_t i) const {
  return i < size ? static_cast<unsigned char>(begin[i]) : -1;
}

void RuleScanner::pushMode(size_t m) {
  modeStack.push_back(mode);
  mode = m;
}

size_t RuleScanner::popMode() {
  if (modeStack.empty())
    throw antlr4::EmptyStackException();
  mode = modeStack.back();
  modeStack.pop_back();
  return mode;
}

antlr4::TokenFactory<CommonToken> *RuleScanner::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

void RuleScanner::countLines(size_t upTo) {
  // Lines are only for the runtime's error tokens; count them lazily.
  while (linesCounted < upTo) {
    const void *nl =
        std::memchr(begin + linesCounted, '\n', upTo - linesCounted);
    if (!nl) {
      linesCounted = upTo;
      break;
    }
    size_t at = static_cast<const char *>(nl) - begin;
    ++line;
    lineStart = at + 1;
    linesCounted = at + 1;
  }
}

std::unique_ptr<Token> RuleScanner::emit(size_t type, size_t start,
                                         size_t end) {
  countLines(start);
  auto tok =
      std::make_unique<CommonToken>(std::make_pair(owner, &input), type,
                                    Token::DEFAULT_CHANNEL, start, end - 1);
  tok->setLine(line);
  tok->setCharPositionInLine(start - lineStart);
  input.seek(end);
  return tok;
}

std::unique_ptr<Token> RuleScanner::nextToken() {
  while (true) {
    size_t p = input.index();
    if (p >= size) {
      countLines(p);
      auto eof = std::make_unique<CommonToken>(
          std::make_pair(owner, &input), Token::EOF, Token::DEFAULT_CHANNEL, p,
          p - 1);
      eof->setLine(line);
      eof->setCharPositionInLine(p - lineStart);
      return eof;
    }
    switch (mode) {
    case RuleLexer::DQ:
      return scanString(p);
    case RuleLexer::HEREDOC:
      return scanHeredoc(p);
    case RuleLexer::HEREDOC_RAW:
      return scanRawHeredoc(p);
    default:
      if (std::unique_ptr<Token> tok = scanDefault(p))
        return tok;
      // A skipped run (blanks, comment, line continuation): go on.
    }
  }
}

size_t RuleScanner::newlineLength(size_t p) const {
  if (at(p) == '\n')
    return 1;
  if (at(p) == '\r' && at(p + 1) == '\n')
    return 2;
  return 0;
}

std::unique_ptr<Token> RuleScanner::scanDefault(size_t p) {
  int c = at(p);
  if (size_t n = newlineLength(p))
    return emit(RuleLexer::NL, p, p + n);
  switch (c) {
  case ' ':
  case '\t':
  case '\f':
  case '\r':
  case '\v': {
    size_t q = p;
    while (q < size && (at(q) == ' ' || at(q) == '\t' || at(q) == '\f' ||
                        at(q) == '\r' || at(q) == '\v'))
      ++q;
    input.seek(q);
    return nullptr;
  }
  case '\\':
    if (size_t n = newlineLength(p + 1)) {
      input.seek(p + 1 + n);
      return nullptr;
    }
    return emit(RuleLexer::ERROR_CHAR, p, p + 1);
  case '#': {
    size_t q = p + 1;
    while (q < size && at(q) != '\r' && at(q) != '\n')
      ++q;
    input.seek(q);
    return nullptr;
  }
  case '"':
    pushMode(RuleLexer::DQ);
    return emit(RuleLexer::DQ_START, p, p + 1);
  case '\'':
    return scanSingleQuoted(p);
  case ':':
    return scanColon(p);
  case '<':
    if (at(p + 1) == '<')
      if (size_t end = heredocOpenerEnd(p))
        return emit(RuleLexer::HEREDOC_START, p, end);
    if (at(p + 1) == '=')
      return emit(RuleLexer::LE, p, p + 2);
    return emit(RuleLexer::LT, p, p + 1);
  case '=':
    if (at(p + 1) == '=')
      return emit(RuleLexer::EQ, p, p + 2);
    if (at(p + 1) == '>')
      return emit(RuleLexer::ASSOC, p, p + 2);
    return emit(RuleLexer::ASSIGN, p, p + 1);
  case '!':
    if (at(p + 1) == '=')
      return emit(RuleLexer::NE, p, p + 2);
    return emit(RuleLexer::BANG, p, p + 1);
  case '>':
    if (at(p + 1) == '=')
      return emit(RuleLexer::GE, p, p + 2);
    return emit(RuleLexer::GT, p, p + 1);
  case '&':
    if (at(p + 1) == '&')
      return emit(RuleLexer::ANDAND, p, p + 2);
    return emit(RuleLexer::ERROR_CHAR, p, p + 1);
  case '|':
    if (at(p + 1) == '|')
      return emit(RuleLexer::OROR, p, p + 2);
    return emit(RuleLexer::BAR, p, p + 1);
  case '+':
    return emit(RuleLexer::PLUS, p, p + 1);
  case '-':
    return emit(RuleLexer::MINUS, p, p + 1);
  case '*':
    return emit(RuleLexer::STAR, p, p + 1);
  case '/':
    return emit(RuleLexer::SLASH, p, p + 1);
  case '%':
    return emit(RuleLexer::PERCENT, p, p + 1);
  case '.':
    return emit(RuleLexer::DOT, p, p + 1);
  case ',':
    return emit(RuleLexer::COMMA, p, p + 1);
  case ';':
    return emit(RuleLexer::SEMI, p, p + 1);
  case '(':
    return emit(RuleLexer::LPAREN, p, p + 1);
  case ')':
    return emit(RuleLexer::RPAREN, p, p + 1);
  case '[':
    return emit(RuleLexer::LBRACK, p, p + 1);
  case ']':
    return emit(RuleLexer::RBRACK, p, p + 1);
  case '{':
    return emit(RuleLexer::LBRACE, p, p + 1);
  case '}':
    return emit(RuleLexer::RBRACE, p, p + 1);
  default:
    break;
  }
  if (isNameStart(c))
    return scanName(p);
  if (isDigit(c))
    return scanNumber(p);
  return emit(RuleLexer::ERROR_CHAR, p, p + 1);
}

std::unique_ptr<Token> RuleScanner::scanName(size_t p) {
  size_t n = p + 1;
  while (n < size && isNameChar(at(n)))
    ++n;
  // LABEL : NAME ':' {_input->LA(1) != ':'}? -- longer than the name.
  if (at(n) == ':' && at(n + 1) != ':')
    return emit(RuleLexer::LABEL, p, n + 1);
  if (at(p) >= 'A' && at(p) <= 'Z')
    return emit(RuleLexer::CONSTANT, p, n);
  // IDENT : [a-z_] NAME_CHAR* ( [?!] {!(LA(1) == '=' && LA(2) != '=')}? )?
  if ((at(n) == '?' || at(n) == '!') && !(at(n + 1) == '=' && at(n + 2) != '='))
    return emit(RuleLexer::IDENT, p, n + 1);
  // A keyword is as long as the IDENT match and comes first in the grammar.
  return emit(keywordType(StringRef(begin + p, n - p)), p, n);
}

/// DIGITS : [0-9] ( '_'? [0-9] )* -- the end of the longest match from p,
/// or 0 when there is none.
size_t RuleScanner::digitsEnd(size_t p) const {
  if (!isDigit(at(p)))
    return 0;
  size_t q = p + 1;
  while (true) {
    if (isDigit(at(q)))
      ++q;
    else if (at(q) == '_' && isDigit(at(q + 1)))
      q += 2;
    else
      return q;
  }
}

/// EXPONENT : [eE] [+-]? DIGITS
size_t RuleScanner::exponentEnd(size_t p) const {
  if (at(p) != 'e' && at(p) != 'E')
    return 0;
  size_t q = p + 1;
  if (at(q) == '+' || at(q) == '-')
    ++q;
  return digitsEnd(q);
}

std::unique_ptr<Token> RuleScanner::scanNumber(size_t p) {
  // INT_PART : '0' | [1-9] ( '_'? [0-9] )*
  size_t intEnd = at(p) == '0' ? p + 1 : digitsEnd(p);
  // FLOAT : INT_PART '.' DIGITS EXPONENT? | INT_PART EXPONENT
  size_t floatEnd = 0;
  if (at(intEnd) == '.') {
    if (size_t frac = digitsEnd(intEnd + 1)) {
      size_t exp = exponentEnd(frac);
      floatEnd = exp ? exp : frac;
    }
  } else {
    floatEnd = exponentEnd(intEnd);
  }
  // INVALID_NUMBER : [0-9] [A-Za-z0-9_]*
  size_t invalidEnd = p + 1;
  while (invalidEnd < size && isNameChar(at(invalidEnd)))
    ++invalidEnd;
  // The longest match; on a tie the rule written first.
  if (floatEnd && floatEnd >= intEnd && floatEnd >= invalidEnd)
    return emit(RuleLexer::FLOAT, p, floatEnd);
  if (intEnd >= invalidEnd)
    return emit(RuleLexer::INTEGER, p, intEnd);
  return emit(RuleLexer::INVALID_NUMBER, p, invalidEnd);
}

/// ( '\\' ~[\r\n] | ~['\\\r\n] )* from p: where it stops.
size_t RuleScanner::quotedBodyEnd(size_t p) const {
  while (p < size) {
    int c = at(p);
    if (c == '\'' || c == '\r' || c == '\n')
      return p;
    if (c == '\\') {
      if (p + 1 >= size || at(p + 1) == '\r' || at(p + 1) == '\n')
        return p;
      p += 2;
      continue;
    }
    ++p;
  }
  return p;
}

std::unique_ptr<Token> RuleScanner::scanSingleQuoted(size_t p) {
  size_t q = quotedBodyEnd(p + 1);
  if (at(q) == '\'')
    return emit(RuleLexer::SQ_STRING, p, q + 1);
  // SQ_STRING_UNTERMINATED : '\'' body '\\'?
  if (at(q) == '\\')
    ++q;
  return emit(RuleLexer::SQ_STRING_UNTERMINATED, p, q);
}

std::unique_ptr<Token> RuleScanner::scanColon(size_t p) {
  int next = at(p + 1);
  if (next == ':')
    return emit(RuleLexer::COLON2, p, p + 2);
  if (isNameStart(next)) {
    // SYMBOL : ':' NAME [?!]?
    size_t n = p + 2;
    while (n < size && isNameChar(at(n)))
      ++n;
    if (at(n) == '?' || at(n) == '!')
      ++n;
    return emit(RuleLexer::SYMBOL, p, n);
  }
  if (next == '\'') {
    size_t q = quotedBodyEnd(p + 2);
    if (at(q) == '\'')
      return emit(RuleLexer::SQ_SYMBOL, p, q + 1);
  }
  if (next == '"') {
    pushMode(RuleLexer::DQ);
    return emit(RuleLexer::DSYM_START, p, p + 2);
  }
  return emit(RuleLexer::COLON, p, p + 1);
}

/// HEREDOC_START : '<<' [~-]? ( NAME | '\'' ~['\r\n]+ '\'' | '"' ~["\r\n]+ '"'
/// )
/// -- the end of the opener at p, or 0.
size_t RuleScanner::heredocOpenerEnd(size_t p) const {
  size_t q = p + 2;
  if (at(q) == '~' || at(q) == '-')
    ++q;
  int c = at(q);
  if (isNameStart(c)) {
    ++q;
    while (q < size && isNameChar(at(q)))
      ++q;
    return q;
  }
  if (c != '\'' && c != '"')
    return 0;
  size_t r = q + 1;
  while (r < size && at(r) != c && at(r) != '\r' && at(r) != '\n')
    ++r;
  if (r == q + 1 || at(r) != c)
    return 0;
  return r + 1;
}

/// ESCAPED : 'u{' [0-9a-fA-F \t]* '}' | 'u' HEX HEX HEX HEX | 'x' HEX HEX?
///         | '\r\n' | . ;  -- its length at p (0 at the end of the input).
size_t RuleScanner::escapedLength(size_t p) const {
  if (p >= size)
    return 0;
  switch (at(p)) {
  case 'u': {
    if (at(p + 1) == '{') {
      size_t q = p + 2;
      while (q < size && (isHexDigit(at(q)) || at(q) == ' ' || at(q) == '\t'))
        ++q;
      if (at(q) == '}')
        return q + 1 - p;
    }
    if (isHexDigit(at(p + 1)) && isHexDigit(at(p + 2)) &&
        isHexDigit(at(p + 3)) && isHexDigit(at(p + 4)))
      return 5;
    return 1;
  }
  case 'x':
    if (!isHexDigit(at(p + 1)))
      return 1;
    return isHexDigit(at(p + 2)) ? 3 : 2;
  case '\r':
    return at(p + 1) == '\n' ? 2 : 1;
  default:
    return 1;
  }
}

std::unique_ptr<Token> RuleScanner::scanString(size_t p) {
  int c = at(p);
  if (c == '"') {
    popMode();
    return emit(RuleLexer::DQ_END, p, p + 1);
  }
  if (size_t n = newlineLength(p)) {
    popMode();
    return emit(RuleLexer::DQ_NEWLINE, p, p + n);
  }
  if (c == '#' && at(p + 1) == '{') {
    pushMode(RuleLexer::DEFAULT_MODE);
    return emit(RuleLexer::INTERP_START, p, p + 2);
  }
  if (c == '\\')
    return emit(RuleLexer::STR_ESCAPE, p, p + 1 + escapedLength(p + 1));
  if (c == '#' || c == '\r')
    return emit(RuleLexer::STR_TEXT, p, p + 1);
  size_t q = p + 1;
  while (q < size && at(q) != '"' && at(q) != '\\' && at(q) != '#' &&
         at(q) != '\r' && at(q) != '\n')
    ++q;
  return emit(RuleLexer::STR_TEXT, p, q);
}

std::unique_ptr<Token> RuleScanner::scanHeredoc(size_t p) {
  int c = at(p);
  if (size_t n = newlineLength(p))
    return emit(RuleLexer::HD_NEWLINE, p, p + n);
  if (c == '#' && at(p + 1) == '{') {
    pushMode(RuleLexer::DEFAULT_MODE);
    return emit(RuleLexer::INTERP_START, p, p + 2);
  }
  if (c == '\\')
    return emit(RuleLexer::STR_ESCAPE, p, p + 1 + escapedLength(p + 1));
  if (c == '#' || c == '\r')
    return emit(RuleLexer::STR_TEXT, p, p + 1);
  size_t q = p + 1;
  while (q < size && at(q) != '\\' && at(q) != '#' && at(q) != '\r' &&
         at(q) != '\n')
    ++q;
  return emit(RuleLexer::STR_TEXT, p, q);
}

std::unique_ptr<Token> RuleScanner::scanRawHeredoc(size_t p) {
  if (size_t n = newlineLength(p))
    return emit(RuleLexer::HD_NEWLINE, p, p + n);
  if (at(p) == '\r')
    return emit(RuleLexer::STR_TEXT, p, p + 1);
  size_t q = p + 1;
  while (q < size && at(q) != '\r' && at(q) != '\n')
    ++q;
  return emit(RuleLexer::STR_TEXT, p, q);
}

} // namespace rulecc::frontend
