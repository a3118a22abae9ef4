//===- DiagnosticsTextTest.cpp - clang-style text rendering ---------------===//
// The exact bytes of the text consumer: layout, ranges, fix-its, notes,
// colour, long lines, broken bytes, the error limit.
//===----------------------------------------------------------------------===//

#include "DiagnosticsTestUtil.h"

using namespace llvm;
using namespace rulecc;
using namespace rulecc::diagtest;

namespace {

class DiagTextTest : public DiagTest {};

//===----------------------------------------------------------------------===//
// Text consumer
//===----------------------------------------------------------------------===//

TEST_F(DiagTextTest, TextRendersLikeClang) {
  StringRef buf = addFile("app.rules", "class CheckRule < ApplicationRule\n"
                                       "  dsc \"CIS 4.1\"\n"
                                       "end\n");
  diags.setConsumer(createTextConsumer(sm, os, /*color=*/false));
  diags.report(rangeOf(buf, "dsc"), DiagID::SyntaxError, "unknown 'dsc'")
      .fixIt(rangeOf(buf, "dsc"), "desc")
      .note(rangeOf(buf, "CheckRule"), DiagID::NoteClassEndsHere);
  diags.finish();
  EXPECT_EQ(os.str(), "app.rules:2:3: error: unknown 'dsc' [syntax-error]\n"
                      "  dsc \"CIS 4.1\"\n"
                      "  ^~~\n"
                      "  desc\n"
                      "app.rules:1:7: note: " +
                          msg(DiagID::NoteClassEndsHere) +
                          "\n"
                          "class CheckRule < ApplicationRule\n"
                          "      ^~~~~~~~~\n"
                          "1 error generated.\n");
}

TEST_F(DiagTextTest, TextExtraRangesAndInsertions) {
  StringRef buf =
      addFile("t.rules", "scope \"AWS::S3::Bucket\", tag: \"env\"\n");
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(locOf(buf, "tag:"), DiagID::SyntaxError, "types and a tag")
      .range(rangeOf(buf, "\"AWS::S3::Bucket\""));
  SMLoc end = SMLoc::getFromPointer(buf.data() + buf.find('\n'));
  diags.report(SMRange(end, end), DiagID::SyntaxError, "expected ']'")
      .fixIt(SMRange(end, end), "]");
  diags.finish();
  EXPECT_EQ(os.str(), "t.rules:1:26: error: types and a tag [syntax-error]\n"
                      "scope \"AWS::S3::Bucket\", tag: \"env\"\n"
                      "      ~~~~~~~~~~~~~~~~~  ^\n"
                      "t.rules:1:36: error: expected ']' [syntax-error]\n"
                      "scope \"AWS::S3::Bucket\", tag: \"env\"\n"
                      "                                   ^\n"
                      "                                   ]\n"
                      "2 errors generated.\n");
}

TEST_F(DiagTextTest, TextWithoutLocationAndWarningsSummary) {
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.reportFile("missing.rules", DiagID::FileNotFound, "missing.rules",
                   "No such file or directory");
  diags.report(SMLoc(), W, "class_tags");
  diags.report(SMLoc(), W, "class_memory");
  diags.finish();
  EXPECT_EQ(os.str(), "missing.rules: error: " +
                          msg(DiagID::FileNotFound, "missing.rules",
                              "No such file or directory") +
                          " [file-not-found]\n"
                          "warning: " +
                          msg(W, "class_tags") + " [" + warningName + "]\n" +
                          "warning: " + msg(W, "class_memory") + " [" +
                          warningName + "]\n" +
                          "2 warnings and 1 error generated.\n");
}

TEST_F(DiagTextTest, TextNothingPrintedWithoutDiagnostics) {
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.finish();
  diags.finish();
  EXPECT_EQ(os.str(), "");
}

TEST_F(DiagTextTest, TextColourLikeClang) {
  StringRef buf = addFile("t.rules", "every :sometimes\n");
  diags.setConsumer(createTextConsumer(sm, os, /*color=*/true));
  diags.report(rangeOf(buf, ":sometimes"), E, "bad frequency");
  diags.report(locOf(buf, "every"), W, "every");
  std::string s = os.str();
  // Bold location, bold red "error:", bold magenta "warning:", green caret.
  EXPECT_TRUE(StringRef(s).contains("\x1b[1mt.rules:1:7: ")) << s;
  EXPECT_TRUE(StringRef(s).contains("\x1b[0;1;31merror: ")) << s;
  EXPECT_TRUE(StringRef(s).contains("\x1b[0;1;35mwarning: ")) << s;
  EXPECT_TRUE(StringRef(s).contains("\x1b[0;1;32m      ^~~~~~~~~~")) << s;

  std::string plain;
  raw_string_ostream pos(plain);
  SourceMgr sm2;
  DiagnosticEngine d2(sm2);
  d2.setConsumer(createTextConsumer(sm2, pos, /*color=*/false));
  d2.report(SMLoc(), E, "x");
  EXPECT_FALSE(StringRef(pos.str()).contains('\x1b'));
}

TEST_F(DiagTextTest, TextLongLineIsWindowedAroundTheCaret) {
  // A 4 MB line with the error in its middle: the header keeps the real
  // column, the shown line is cut to a window and the caret stays aligned.
  std::string line = "desc \"" + std::string(2 << 20, 'a') + "BAD" +
                     std::string(2 << 20, 'z') + "\"\n";
  StringRef buf = addFile("big.rules", line);
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(rangeOf(buf, "BAD"), E, "bad escape")
      .fixIt(rangeOf(buf, "BAD"), "ok");
  diags.finish();
  std::string s = os.str();
  EXPECT_LT(s.size(), 600u) << s.size();
  SmallVector<StringRef, 6> lines;
  StringRef(s).split(lines, '\n');
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "big.rules:1:" + std::to_string(6 + (2 << 20) + 1) +
                          ": error: bad escape [syntax-error]");
  EXPECT_TRUE(lines[1].startswith("...aaaa"));
  EXPECT_TRUE(lines[1].endswith("zzz..."));
  EXPECT_LE(lines[1].size(), 130u);
  size_t caret = lines[2].find('^');
  ASSERT_TRUE(caret != StringRef::npos);
  EXPECT_EQ(lines[1].substr(caret, 3), "BAD");
  EXPECT_EQ(lines[2].substr(caret), "^~~");
  EXPECT_EQ(lines[3].substr(caret), "ok");
}

TEST_F(DiagTextTest, TextLongLineCaretNearTheEnds) {
  std::string line = "x" + std::string(1000, ' ') + "y";
  StringRef buf = addFile("t.rules", line);
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(locOf(buf, "x"), E, "at the start");
  diags.report(locOf(buf, "y"), E, "at the end");
  std::string s = os.str();
  SmallVector<StringRef, 8> lines;
  StringRef(s).split(lines, '\n');
  ASSERT_GE(lines.size(), 6u);
  EXPECT_TRUE(lines[1].startswith("x  "));
  EXPECT_TRUE(lines[1].endswith("   ..."));
  EXPECT_EQ(lines[2], "^");
  EXPECT_TRUE(lines[3].startswith("t.rules:1:1002: "));
  EXPECT_TRUE(lines[4].startswith("...   "));
  EXPECT_TRUE(lines[4].endswith(" y"));
  EXPECT_EQ(lines[5].size(), lines[4].size());
  EXPECT_TRUE(lines[5].endswith("^"));
}

TEST_F(DiagTextTest, TextShowsBrokenBytesEscapedWithAlignedCaret) {
  StringRef buf = addFile("bin.rules", StringRef("ab\x01\xFF"
                                                 "cd\n",
                                                 7));
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(locOf(buf, "\xFF"), E, "not UTF-8");
  diags.report(locOf(buf, "cd"), E, "after");
  EXPECT_EQ(os.str(), "bin.rules:1:4: error: not UTF-8 [syntax-error]\n"
                      "ab<01><FF>cd\n"
                      "      ^\n"
                      "bin.rules:1:5: error: after [syntax-error]\n"
                      "ab<01><FF>cd\n"
                      "          ^\n");
}

TEST_F(DiagTextTest, TextKeepsValidUTF8AndTabs) {
  // A caret after multi-byte and wide characters and tabs stays under its
  // character; broken bytes next to valid ones are escaped.
  StringRef buf = addFile("u.rules", "desc \"caf\xC3\xA9 \xE6\x97\xA5\" x\n"
                                     "\tbad\n"
                                     "\"\xC3\xA9\xFF\" y\n");
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(rangeOf(buf, "x\n"), E, "utf8").fixIt(locOf(buf, "x\n"), "z");
  diags.report(rangeOf(buf, "bad"), E, "tab");
  diags.report(locOf(buf, "y\n"), E, "mixed");
  // The header counts bytes, the caret counts columns (the CJK character is
  // two wide).
  EXPECT_EQ(os.str(), "u.rules:1:18: error: utf8 [syntax-error]\n"
                      "desc \"caf\xC3\xA9 \xE6\x97\xA5\" x\n"
                      "               ^\n"
                      "               z\n"
                      "u.rules:2:2: error: tab [syntax-error]\n"
                      "        bad\n"
                      "        ^~~\n"
                      "u.rules:3:7: error: mixed [syntax-error]\n"
                      "\"\xC3\xA9<FF>\" y\n"
                      "        ^\n");
}

TEST_F(DiagTextTest, TextRangeOverSeveralLinesIsClippedToTheFirst) {
  StringRef buf = addFile("t.rules", "desc <<~EOS\n  text\nEOS\n");
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(rangeOf(buf, "<<~EOS\n  text\nEOS"), E, "heredoc");
  EXPECT_EQ(os.str(), "t.rules:1:6: error: heredoc [syntax-error]\n"
                      "desc <<~EOS\n"
                      "     ^~~~~~\n");
}

TEST_F(DiagTextTest, TextLocationAtEndOfBuffer) {
  StringRef buf = addFile("t.rules", "class ARule < ApplicationRule");
  diags.setConsumer(createTextConsumer(sm, os, false));
  SMLoc eof = SMLoc::getFromPointer(buf.end());
  diags.report(eof, E, "expected 'end'");
  EXPECT_EQ(os.str(), "t.rules:1:30: error: expected 'end' [syntax-error]\n"
                      "class ARule < ApplicationRule\n"
                      "                             ^\n");
}

TEST_F(DiagTextTest, TextLocationOutsideTheSourceMgr) {
  // A range into memory the SourceMgr does not own prints without a line.
  std::string elsewhere = "abc";
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(SMLoc::getFromPointer(elsewhere.data()), E, "lost");
  EXPECT_EQ(os.str(), "error: lost [syntax-error]\n");
}

TEST_F(DiagTextTest, TextAfterTheErrorLimit) {
  StringRef buf = addFile("t.rules", "@\n");
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.setErrorLimit(1);
  diags.report(locOf(buf, "@"), E, "bad '@'");
  diags.report(locOf(buf, "@"), E, "bad '@'");
  diags.report(locOf(buf, "@"), W, "x");
  diags.finish();
  EXPECT_EQ(os.str(), "t.rules:1:1: error: bad '@' [syntax-error]\n"
                      "@\n"
                      "^\n"
                      "error: " +
                          msg(DiagID::TooManyErrors) +
                          " [too-many-errors]\n"
                          "1 error generated.\n");
  EXPECT_EQ(diags.getNumErrors(), 2u);
}

} // namespace
