//===- FrontendLiteralsTest.cpp - Escapes, numbers, heredoc stripping -----===//
// The literal rules shared by the token source and the Transformer, at the
// edges a lit test reaches only one case at a time.
//===----------------------------------------------------------------------===//

#include "frontend/Literals.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <limits>

using namespace rulecc::frontend;

namespace {

std::string decoded(llvm::StringRef escape) {
  std::string out;
  EXPECT_TRUE(decodeEscape(escape, out)) << escape.str();
  return out;
}

bool rejected(llvm::StringRef escape) {
  std::string out;
  bool ok = decodeEscape(escape, out);
  EXPECT_TRUE(out.empty()) << "a rejected escape appends nothing";
  return !ok;
}

TEST(FrontendLiteralsTest, SimpleEscapes) {
  EXPECT_EQ(decoded("\\n"), "\n");
  EXPECT_EQ(decoded("\\t"), "\t");
  EXPECT_EQ(decoded("\\s"), " ");
  EXPECT_EQ(decoded("\\e"), "\x1b");
  EXPECT_EQ(decoded("\\0"), std::string(1, '\0'));
  EXPECT_EQ(decoded("\\\\"), "\\");
  EXPECT_EQ(decoded("\\\""), "\"");
  EXPECT_EQ(decoded("\\#"), "#");
  EXPECT_EQ(decoded("\\{"), "{");
  // A backslash-newline continues the line and contributes nothing.
  EXPECT_EQ(decoded("\\\n"), "");
  EXPECT_EQ(decoded("\\\r\n"), "");
}

TEST(FrontendLiteralsTest, CodePointEscapes) {
  EXPECT_EQ(decoded("\\x41"), "A");
  EXPECT_EQ(decoded("\\x9"), "\t");
  EXPECT_EQ(decoded("\\u00e9"), "\xC3\xA9");
  EXPECT_EQ(decoded("\\u{1F600}"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(decoded("\\u{41 42  43}"), "ABC");
  EXPECT_EQ(decoded("\\u{10FFFF}"), "\xF4\x8F\xBF\xBF");
}

TEST(FrontendLiteralsTest, RejectedEscapes) {
  // Letters and digits Ruby would silently drop the backslash from.
  EXPECT_TRUE(rejected("\\d"));
  EXPECT_TRUE(rejected("\\w"));
  EXPECT_TRUE(rejected("\\1"));
  // Code points that are not characters, or would make invalid UTF-8.
  EXPECT_TRUE(rejected("\\u{110000}"));
  EXPECT_TRUE(rejected("\\ud800"));
  EXPECT_TRUE(rejected("\\u{}"));
  EXPECT_TRUE(rejected("\\u{1234567}"));
  EXPECT_TRUE(rejected("\\u12"));
  EXPECT_TRUE(rejected("\\x80"));
  EXPECT_TRUE(rejected("\\xff"));
  EXPECT_TRUE(rejected("\\"));
  EXPECT_TRUE(rejected("\\\xC3\xA9"));
}

TEST(FrontendLiteralsTest, SingleQuoted) {
  std::string out;
  decodeSingleQuoted("'a\\'b\\\\c\\n'", out);
  EXPECT_EQ(out, "a'b\\c\\n");
  out.clear();
  decodeSingleQuoted("'unterminated", out);
  EXPECT_EQ(out, "unterminated");
}

TEST(FrontendLiteralsTest, Integers) {
  int64_t v = 0;
  EXPECT_EQ(parseInteger("1_000_000", false, v), NumberStatus::Ok);
  EXPECT_EQ(v, 1000000);
  EXPECT_EQ(parseInteger("0", false, v), NumberStatus::Ok);
  EXPECT_EQ(v, 0);
  EXPECT_EQ(parseInteger("9223372036854775807", false, v), NumberStatus::Ok);
  EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(parseInteger("9223372036854775808", false, v),
            NumberStatus::OutOfRange);
  EXPECT_EQ(parseInteger("9223372036854775808", true, v), NumberStatus::Ok);
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parseInteger("9223372036854775809", true, v),
            NumberStatus::OutOfRange);
  EXPECT_EQ(parseInteger("18446744073709551616", false, v),
            NumberStatus::OutOfRange);
  EXPECT_EQ(parseInteger(std::string(10000, '9'), false, v),
            NumberStatus::OutOfRange);
  for (const char *bad : {"1_", "_1", "1__0", "007", "12ab", "", "0x1f"})
    EXPECT_EQ(parseInteger(bad, false, v), NumberStatus::Invalid) << bad;
}

TEST(FrontendLiteralsTest, Floats) {
  double v = 0;
  EXPECT_EQ(parseFloat("1_000.5", v), NumberStatus::Ok);
  EXPECT_EQ(v, 1000.5);
  EXPECT_EQ(parseFloat("2e-3", v), NumberStatus::Ok);
  EXPECT_DOUBLE_EQ(v, 0.002);
  EXPECT_EQ(parseFloat("1e999", v), NumberStatus::OutOfRange);
  EXPECT_EQ(parseFloat("1.5x", v), NumberStatus::Invalid);
}

TEST(FrontendLiteralsTest, InvalidNumberExplanations) {
  EXPECT_NE(explainInvalidNumber("007").find("leading zero"),
            std::string::npos);
  EXPECT_NE(explainInvalidNumber("0x10").find("decimal"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("10_").find("trailing"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("1__0").find("separate"), std::string::npos);
  EXPECT_NE(explainInvalidNumber("12ab").find("after the digits"),
            std::string::npos);
}

std::string strip(std::vector<HeredocSegment> segments) {
  stripHeredocIndentation(segments);
  std::string out;
  for (const HeredocSegment &s : segments)
    out += s.isLiteral ? s.text : "<" + s.text + ">";
  return out;
}

TEST(FrontendLiteralsTest, HeredocStripsCommonIndentation) {
  EXPECT_EQ(strip({{"    a\n      b\n    c\n"}}), "a\n  b\nc\n");
  // Whitespace-only lines do not count, and lose what they can.
  EXPECT_EQ(strip({{"    a\n\n  \n      b\n"}}), "a\n\n\n  b\n");
  // Already flush left.
  EXPECT_EQ(strip({{"a\n  b\n"}}), "a\n  b\n");
  // Nothing but blank lines.
  EXPECT_EQ(strip({{"  \n\n"}}), "  \n\n");
}

TEST(FrontendLiteralsTest, HeredocTabsCountToMultiplesOfEight) {
  EXPECT_EQ(strip({{"\ta\n        b\n"}}), "a\nb\n");
  EXPECT_EQ(strip({{"  \ta\n          b\n"}}), "a\n  b\n");
  // A tab wider than what is left to strip stays.
  EXPECT_EQ(strip({{"    a\n\tb\n"}}), "a\n\tb\n");
}

TEST(FrontendLiteralsTest, HeredocAcrossSegments) {
  // Lines split over several literal segments (one per token) strip as one.
  EXPECT_EQ(strip({{"  "}, {"  a"}, {"\n"}, {"    b\n"}}), "a\nb\n");
  // A non-literal segment (escape or interpolation) at the start of a line
  // is content: that line has no indentation.
  EXPECT_EQ(strip({{"    a\n"}, {"X", false}, {" b\n"}}), "    a\n<X> b\n");
  // After some indentation it counts as text there.
  EXPECT_EQ(strip({{"    a\n  "}, {"X", false}, {"\n"}}), "  a\n<X>\n");
}

} // namespace
