//===- SyntaxErrors.cpp - Clang-like syntax errors and their recovery -----===//
// The error strategy of the LL stage: turns ANTLR's recognition errors into
// diagnostics ("expected ')'" with a note at the '(', "unexpected 'end'")
// and recovers so that every independent error in a file is reported.
//===----------------------------------------------------------------------===//

#include "frontend/AntlrSupport.h"

#include "llvm/ADT/STLExtras.h"

#include <optional>

using namespace llvm;
using antlr4::Token;

namespace rulecc::frontend {
namespace {

using P = RuleParser;

/// Tokens that can start an expression; an expected set holding several of
/// them reads better as "expression" than as a list.
bool startsExpression(size_t type) {
  switch (type) {
  case P::INTEGER:
  case P::FLOAT:
  case P::TRUE:
  case P::FALSE:
  case P::NIL:
  case P::DQ_START:
  case P::SQ_STRING:
  case P::HEREDOC_START:
  case P::SYMBOL:
  case P::SQ_SYMBOL:
  case P::DSYM_START:
  case P::LBRACK:
  case P::LBRACE:
  case P::CONSTANT:
  case P::COLON2:
  case P::IDENT:
  case P::LPAREN:
  case P::BANG:
  case P::MINUS:
  case P::PLUS:
  case P::NOT:
  case P::LABEL:
    return true;
  default:
    return false;
  }
}

/// Tokens that end something; after them "expected X" reads better than
/// "unexpected <token>".
bool isEnder(size_t type) {
  switch (type) {
  case Token::EOF:
  case P::NL:
  case P::SEMI:
  case P::END:
  case P::RPAREN:
  case P::RBRACK:
  case P::RBRACE:
  case P::INTERP_END:
  case P::HEREDOC_END:
  case P::DQ_END:
    return true;
  default:
    return false;
  }
}

std::string describeExpectedToken(size_t type,
                                  const antlr4::dfa::Vocabulary &vocab) {
  switch (type) {
  case Token::EOF:
    return "end of file";
  case P::NL:
  case P::SEMI:
    return "newline";
  case P::IDENT:
    return "identifier";
  case P::CONSTANT:
    return "constant";
  case P::LABEL:
    return "label";
  case P::LPAREN_CALL:
    return "'('";
  case P::LBRACK_INDEX:
    return "'['";
  case P::LBRACE_BLOCK:
    return "'{'";
  case P::INTERP_END:
    return "'}'";
  case P::HEREDOC_END:
    return "heredoc terminator";
  case P::DQ_END:
    return "'\"'";
  case P::STR_TEXT:
  case P::STR_ESCAPE:
  case P::INTERP_START:
    return "string text";
  default: {
    std::string literal = vocab.getLiteralName(type);
    return literal.empty() ? vocab.getSymbolicName(type) : literal;
  }
  }
}

/// "expression", "')'", "newline", ... for an expected set, deduplicated.
std::vector<std::string>
describeExpected(const antlr4::misc::IntervalSet &set,
                 const antlr4::dfa::Vocabulary &vocab) {
  std::vector<std::string> names;
  bool expression = set.contains(size_t(P::IDENT)) &&
                    set.contains(size_t(P::INTEGER)) &&
                    set.contains(size_t(P::DQ_START));
  if (expression)
    names.push_back("expression");
  for (size_t type : set.toList()) {
    if (type == Token::EPSILON || (expression && startsExpression(type)))
      continue;
    std::string name = describeExpectedToken(type, vocab);
    if (!is_contained(names, name))
      names.push_back(name);
  }
  return names;
}

std::string joinAlternatives(ArrayRef<std::string> names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i)
      out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

/// A construct still waiting for its closer: what closes it and where it
/// was opened.
struct OpenConstruct {
  size_t closer = 0;
  Token *opener = nullptr;
  std::string openerText;
};

OpenConstruct constructOf(antlr4::ParserRuleContext *ctx) {
  OpenConstruct c;
  c.opener = ctx->start;
  switch (ctx->getRuleIndex()) {
  case P::RuleClassDefinition:
    c.closer = P::END;
    c.openerText = "class";
    break;
  case P::RuleIfStatement:
    c.closer = P::END;
    c.openerText = "if";
    break;
  case P::RuleUnlessStatement:
    c.closer = P::END;
    c.openerText = "unless";
    break;
  case P::RuleDoBlock:
    c.closer = P::END;
    c.openerText = "do";
    break;
  case P::RuleParenArguments:
    c.closer = P::RPAREN;
    c.openerText = "(";
    break;
  case P::RuleArrayLiteral:
    c.closer = P::RBRACK;
    c.openerText = "[";
    break;
  case P::RuleHashLiteral:
    c.closer = P::RBRACE;
    c.openerText = "{";
    break;
  case P::RuleBraceBlock:
    c.closer = P::RBRACE;
    c.openerText = "{";
    break;
  case P::RulePrimary:
    if (ctx->start && ctx->start->getType() == P::LPAREN) {
      c.closer = P::RPAREN;
      c.openerText = "(";
    }
    break;
  case P::RulePostfixOperation:
    if (ctx->start && ctx->start->getType() == P::LBRACK_INDEX) {
      c.closer = P::RBRACK;
      c.openerText = "[";
    }
    break;
  default:
    break;
  }
  return c;
}

/// The innermost open construct whose closer the parser expects here.
std::optional<OpenConstruct>
findOpenConstruct(antlr4::ParserRuleContext *ctx,
                  const antlr4::misc::IntervalSet &expected) {
  for (; ctx; ctx = dynamic_cast<antlr4::ParserRuleContext *>(ctx->parent)) {
    OpenConstruct c = constructOf(ctx);
    if (c.closer && expected.contains(c.closer) && c.opener)
      return c;
  }
  return std::nullopt;
}

/// Reports syntax errors through DeferredDiags with clang-like wording.
/// Recovery is ANTLR's (single-token insertion and deletion, then
/// resynchronization on what can follow the rules in progress), plus a
/// statement-level rule: in a statement list, a token that cannot continue
/// the list is reported and the rest of its line skipped, so one bad line
/// does not end the enclosing class or file and every independent error is
/// reported.
class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  SyntaxErrorStrategy(DeferredDiags &diags, const char *bufStart)
      : diags(diags), bufStart(bufStart) {}

  void sync(antlr4::Parser *parser) override {
    if (parser->getContext()->getRuleIndex() != P::RuleStatements)
      return DefaultErrorStrategy::sync(parser);
    // Look past statement terminators: after `end` and a newline, the next
    // token must start a statement or close the list.
    antlr4::TokenStream *input = parser->getTokenStream();
    ssize_t k = 1;
    while (input->LA(k) == P::NL || input->LA(k) == P::SEMI)
      ++k;
    size_t la = input->LA(k);
    const antlr4::atn::ATN &atn = parser->getATN();
    if (statementStarts.isEmpty())
      statementStarts = atn.nextTokens(atn.ruleToStartState[P::RuleStatement]);
    // A statement may start after a terminator or at the start of the
    // list; right after a statement only a terminator or the list's end
    // may follow (`desc "a" "b"` has an extra string, not a statement).
    auto *list = static_cast<P::StatementsContext *>(parser->getContext());
    if ((k > 1 || list->stmts.empty()) && statementStarts.contains(la))
      return;
    // Full-context follow: in a class body 'end' fits, at the top level
    // only the end of the file does.
    antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
    // At the end of the file the enclosing rules say what is missing.
    if (expected.contains(la) || la == Token::EOF)
      return;
    if (!inErrorRecoveryMode(parser)) {
      beginErrorCondition(parser);
      emit(parser, input->LT(k), unexpected(*input->LT(k), input->LT(k - 1)));
    }
    // Skip the bad line.
    while (--k > 0)
      parser->consume();
    do {
      parser->consume();
      la = input->LA(1);
    } while (la != Token::EOF && la != P::NL && la != P::SEMI &&
             !expected.contains(la));
  }

protected:
  /// Like ANTLR's, but a bracket opened among the skipped tokens is skipped
  /// to its closer: in `call(a or b)` recovery must not stop at `or` (which
  /// could follow the statement) and then trip over the `)`.
  void consumeUntil(antlr4::Parser *parser,
                    const antlr4::misc::IntervalSet &set) override {
    antlr4::TokenStream *input = parser->getTokenStream();
    unsigned depth = 0;
    for (size_t type = input->LA(1); type != Token::EOF; type = input->LA(1)) {
      switch (type) {
      case P::LPAREN:
      case P::LPAREN_CALL:
      case P::LBRACK:
      case P::LBRACK_INDEX:
      case P::LBRACE:
      case P::LBRACE_BLOCK:
        ++depth;
        break;
      case P::RPAREN:
      case P::RBRACK:
      case P::RBRACE:
        if (depth > 0) {
          --depth;
          parser->consume();
          continue;
        }
        break;
      default:
        break;
      }
      if (depth == 0 && set.contains(type))
        return;
      parser->consume();
    }
  }

  void
  reportNoViableAlternative(antlr4::Parser *parser,
                            const antlr4::NoViableAltException &e) override {
    Token *tok = e.getOffendingToken();
    size_t type = tok->getType();
    if (e.getStartToken() == tok || type == P::AND || type == P::OR ||
        type == P::NOT)
      return report(parser, tok, e.getExpectedTokens(), false);
    // The decision looked ahead from an earlier token, so its expected set
    // says nothing about this position; an unclosed bracket in between is
    // the likely culprit.
    if (Token *opener = unclosedBracket(parser, e.getStartToken(), tok)) {
      std::string open = opener->getText();
      std::string close = open == "(" ? "')'" : open == "[" ? "']'" : "'}'";
      SMRange openerRange = tokenRange(bufStart, opener);
      emit(parser, tok, "expected " + close,
           [openerRange, open](DiagnosticBuilder &b) {
             b.note(openerRange, DiagID::NoteToMatchThis, open);
           });
      return;
    }
    emit(parser, tok, unexpected(*tok, parser->getTokenStream()->LT(-1)));
  }
  void reportInputMismatch(antlr4::Parser *parser,
                           const antlr4::InputMismatchException &e) override {
    report(parser, e.getOffendingToken(), e.getExpectedTokens(), false);
  }
  void
  reportFailedPredicate(antlr4::Parser *parser,
                        const antlr4::FailedPredicateException &e) override {
    report(parser, e.getOffendingToken(), {}, false);
  }
  void reportUnwantedToken(antlr4::Parser *parser) override {
    if (inErrorRecoveryMode(parser))
      return;
    beginErrorCondition(parser);
    Token *tok = parser->getCurrentToken();
    emit(parser, tok, unexpected(*tok, parser->getTokenStream()->LT(-1)));
  }
  void reportMissingToken(antlr4::Parser *parser) override {
    if (inErrorRecoveryMode(parser))
      return;
    beginErrorCondition(parser);
    report(parser, parser->getCurrentToken(), getExpectedTokens(parser), true);
  }

private:
  /// The innermost bracket opened in [from, to) and not closed there.
  static Token *unclosedBracket(antlr4::Parser *parser, Token *from,
                                Token *to) {
    std::vector<Token *> open;
    antlr4::TokenStream *input = parser->getTokenStream();
    for (size_t i = from->getTokenIndex(); i < to->getTokenIndex(); ++i) {
      Token *t = input->get(i);
      switch (t->getType()) {
      case P::LPAREN:
      case P::LPAREN_CALL:
      case P::LBRACK:
      case P::LBRACK_INDEX:
      case P::LBRACE:
      case P::LBRACE_BLOCK:
        open.push_back(t);
        break;
      case P::RPAREN:
      case P::RBRACK:
      case P::RBRACE:
        if (!open.empty())
          open.pop_back();
        break;
      default:
        break;
      }
    }
    return open.empty() ? nullptr : open.back();
  }

  void report(antlr4::Parser *parser, Token *tok,
              const antlr4::misc::IntervalSet &expected, bool missing) {
    const antlr4::dfa::Vocabulary &vocab = parser->getVocabulary();
    std::vector<std::string> names = describeExpected(expected, vocab);
    // A misplaced `and`/`or`/`not` gets its hint whatever else would fit.
    size_t type = tok->getType();
    if (type == P::AND || type == P::OR || type == P::NOT)
      return emit(parser, tok,
                  unexpected(*tok, parser->getTokenStream()->LT(-1)));
    bool ender = isEnder(type);
    auto open = findOpenConstruct(parser->getContext(), expected);
    if (open && open->closer != P::END && !missing && !ender) {
      // `f(1 2)`: clang's "expected ')'" with the opener noted.
      missing = true;
    }
    if (missing || ender) {
      // At the end of the file, or where a bracket's closer is the obvious
      // fix, say which construct is left open.
      bool bracket = open && open->closer != P::END;
      if (open && (tok->getType() == Token::EOF ||
                   (bracket && (missing || names.size() <= 2)))) {
        std::string closer = describeExpectedToken(open->closer, vocab);
        std::string msg = "expected " + closer;
        if (open->closer == P::END)
          msg += " to close '" + open->openerText + "'";
        SMRange openerRange = tokenRange(bufStart, open->opener);
        std::string openerText = open->openerText;
        emit(parser, tok, msg, [openerRange, openerText](DiagnosticBuilder &b) {
          b.note(openerRange, DiagID::NoteToMatchThis, openerText);
        });
        return;
      }
      if (!names.empty() && names.size() <= 3) {
        emit(parser, tok, "expected " + joinAlternatives(names));
        return;
      }
    }
    emit(parser, tok, unexpected(*tok, parser->getTokenStream()->LT(-1)));
  }

  /// "unexpected X", with a hint for mistakes Ruby users make.
  static std::string unexpected(const Token &tok, Token *previous) {
    std::string msg = "unexpected " + describeToken(tok);
    switch (tok.getType()) {
    case P::AND:
    case P::OR:
      return msg + "; '" + tok.getText() +
             "' binds more loosely than '=' and argument lists, use '" +
             (tok.getType() == P::AND ? "&&" : "||") + "' here";
    case P::NOT:
      return msg + "; use '!' here";
    case P::ASSIGN:
      // `if x = 1`: a comparison was meant. Not after another operator.
      if (previous && (previous->getType() == P::IDENT ||
                       previous->getType() == P::RPAREN ||
                       previous->getType() == P::RBRACK))
        return msg + "; did you mean '=='?";
      return msg;
    default:
      return msg;
    }
  }

  void emit(antlr4::Parser *parser, Token *tok, std::string msg,
            std::function<void(DiagnosticBuilder &)> notes = nullptr) {
    SMRange range = tokenRange(bufStart, tok);
    Token *previous = parser->getTokenStream()->LT(-1);
    if (previous && (tok->getType() == Token::EOF || !range.isValid())) {
      // What is missing at the end of the file is missing right after the
      // last token, on a line the reader can see.
      size_t at = previous->getType() == P::NL ? previous->getStartIndex()
                                               : previous->getStopIndex() + 1;
      SMLoc loc = SMLoc::getFromPointer(bufStart + at);
      range = SMRange(loc, loc);
    }
    // Counts the error the way ANTLR does (getNumberOfSyntaxErrors).
    parser->notifyErrorListeners(tok, msg, nullptr);
    bool kept =
        diags.add(range.Start, [range, msg, notes](DiagnosticEngine &d) {
          DiagnosticBuilder b = d.report(range, DiagID::SyntaxError, msg);
          if (notes)
            notes(b);
        });
    if (!kept)
      throw antlr4::ParseCancellationException("too many syntax errors");
  }

  DeferredDiags &diags;
  const char *bufStart;
  antlr4::misc::IntervalSet statementStarts;
};

} // namespace

std::shared_ptr<antlr4::ANTLRErrorStrategy>
createSyntaxErrorStrategy(DeferredDiags &diags, const char *bufStart) {
  return std::make_shared<SyntaxErrorStrategy>(diags, bufStart);
}

} // namespace rulecc::frontend
