//===- BodyCodegenTest.cpp - String literals of generated body code -------===//
// The literals that carry rule-file text into generated Python and
// JavaScript: only printable ASCII may appear as itself.

#include "backends/bundle/BodyCodegen.h"

#include "gtest/gtest.h"

#include <string>

using namespace rulecc::bundle;

namespace {

TEST(BodyCodegenTest, PythonLiteralsEscapeEverythingButPrintableASCII) {
  EXPECT_EQ(pythonStringLiteral("plain text"), "\"plain text\"");
  EXPECT_EQ(pythonStringLiteral("\"\"\" '\\"), "\"\\\"\\\"\\\" '\\\\\"");
  EXPECT_EQ(pythonStringLiteral("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
  EXPECT_EQ(pythonStringLiteral(std::string("a\0b\x1f\x7f", 5)),
            "\"a\\x00b\\x1f\\x7f\"");
  // U+2028 and U+2029 end a line for some readers; U+E9 and U+1F600 are
  // escaped too, so the module is ASCII.
  EXPECT_EQ(pythonStringLiteral("\xe2\x80\xa8\xe2\x80\xa9"),
            "\"\\u2028\\u2029\"");
  EXPECT_EQ(pythonStringLiteral("\xc3\xa9\xf0\x9f\x98\x80"),
            "\"\\xe9\\U0001f600\"");
  EXPECT_EQ(pythonStringLiteral("${x} #{y} `z`"), "\"${x} #{y} `z`\"");
}

TEST(BodyCodegenTest, JavaScriptLiteralsEscapeEverythingButPrintableASCII) {
  EXPECT_EQ(jsStringLiteral("it's \"q\" \\"), "\"it's \\\"q\\\" \\\\\"");
  EXPECT_EQ(jsStringLiteral(std::string("\0\n", 2)), "\"\\x00\\n\"");
  EXPECT_EQ(jsStringLiteral("\xe2\x80\xa8"), "\"\\u2028\"");
  EXPECT_EQ(jsStringLiteral("\xf0\x9f\x98\x80"), "\"\\u{1f600}\"");
  // No template literal is ever written, so `${` is text.
  EXPECT_EQ(jsStringLiteral("${process.exit(1)}"), "\"${process.exit(1)}\"");
}

TEST(BodyCodegenTest, InvalidUTF8BecomesTheReplacementCharacter) {
  EXPECT_EQ(pythonStringLiteral("a\xff"
                                "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(jsStringLiteral("\xc3"), "\"\\ufffd\"");
}

} // namespace
