//===- FrontendScannerTest.cpp - The scanner against RuleLexer.g4 ---------===//
// The hand-written scanner must produce the tokens of the lexer generated
// from RuleLexer.g4, through the same token source: on each edge of each
// lexer rule, and on random mixes of fragments.
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

#include "gtest/gtest.h"

#include <random>

using namespace llvm;
using namespace rulecc;

namespace {

void expectSameTokens(StringRef text) {
  EXPECT_EQ(dumpShapedTokens(text, /*useGeneratedLexer=*/false),
            dumpShapedTokens(text, /*useGeneratedLexer=*/true))
      << "input: '" << text.str() << "'";
}

// Each rule's edges: longest match, first rule on ties, predicates, modes.
const char *const Cases[] = {
    "",
    "\n",
    "\r\n",
    "\r",
    "a \r\n b",
    " \t\f\v\r x",
    "\r\r\n",
    "a \\\nb",
    "a \\\r\nb",
    "a \\ b",
    "a\\",
    "# comment\nx # more\r\ny",
    "#",
    "class end do if elsif else then unless and or not true false nil require",
    "classy end? do! if_ elsif= not?x nil!=1 requires",
    "a!=b a?==b a?=b a!= a? a! a?\n",
    "foo? foo! foo?= foo!==",
    "key: 1 Key: 2 AWS::S3 a::b a: :b a:",
    "label:",
    "Foo Foo: Foo:: FooBar_9 _x __ _",
    ":sym :sym? :sym! :sym?= :Sym :_x : :: ::Foo :1",
    ":'quoted sym' :'it\\'s' :'open :'",
    ":\"dsym #{x} y\" :\"open",
    "0 1 10 1_000 1__0 1_ 007 0x1f 12ab 0_1 0.5 1.5e3 1e5 1E+5 1e-5 1e 1e+",
    "1.5e 1.x 1. 1.5.6 1_2.3_4e5_6 1e5x 9 0.0 00.5 3.14_15",
    "'single' 'it\\'s' 'esc \\n' '' 'open\n'\\' '\\",
    "'a\\\nb'",
    "\"dq\" \"esc \\n \\t \\\\ \\\" \\u0041 \\u{1F600} \\u{ 41 } \\x4 \\x41 "
    "\\x\"",
    "\"\\u00\" \"\\u{4\" \"\\u{zz}\" \"\\\r\n\" \"\\\n\" \"\\\"",
    "\"a#b #{x} #{ {a: 1} } ##{y}#\" \"open\nnext",
    "\"cr\rtext\" \"crlf\r\n",
    "\"#{\"#{1}\"}\"",
    "\"\xC3\xA9t\xC3\xA9\" # caf\xC3\xA9\n\xC3\xA9",
    "x = <<~EOS\n  body #{a} \\t\n  EOS\ny",
    "x = <<-EOS\nbody\n  EOS\n",
    "x = <<EOS\nraw\nEOS\n",
    "x = <<~'EOS'\n  raw #{a} \\n\r\n  EOS\n",
    "x = <<~\"EOS\"\n  #{a}\n  EOS\n",
    "f(<<~A, <<~B)\n  a\n  A\n  b\n  B\n",
    "x = <<~EOS\nnever closed",
    "x = <<~EOS\n #{ open\n",
    "<< <<~ <<~1 <<-' <<'' <<'a <<\"\" <<\"a\" <= < << >= > ==  => = != !",
    "&& & || | + - * / % . , ; ( ) [ ] { } $ @ ? ` ~ ^",
    "\x01\x02 \x7f \xff",
    "list.any? { |p| p > 1 } x.select do |a, b| a end",
    "foo(1)[2].bar \"x\", key: :v, 'k' => [1, 2] if ok unless no",
    "\xEF\xBB\xBFdesc \"bom\"",
};

TEST(FrontendScannerTest, MatchesTheGeneratedLexerOnEachRule) {
  for (const char *text : Cases)
    expectSameTokens(text);
}

TEST(FrontendScannerTest, MatchesTheGeneratedLexerOnRandomInput) {
  // Fragments that start, end or interrupt tokens, glued at random.
  const char *const Fragments[] = {
      "a",  "Z",  "_",    "9", "0",  ".",   "e",        "E",  "+",
      "-",  "?",  "!",    "=", ":",  "::",  "'",        "\"", "\\",
      "#",  "#{", "}",    "{", "<<", "<<~", "EOS",      "\n", "\r",
      " ",  "\t", "u",    "x", "u{", "1_",  "|",        "&",  "<",
      ">",  "(",  ")",    "[", "]",  ",",   "\xC3\xA9", "do", "end",
      "if", "x:", "\x01", ";", "%",  "*",   "/"};
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<size_t> pick(0, std::size(Fragments) - 1);
  std::uniform_int_distribution<int> length(1, 40);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n)
      text += Fragments[pick(rng)];
    expectSameTokens(text);
    if (HasFailure())
      return;
  }
}

} // namespace
