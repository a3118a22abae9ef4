//===- DiagnosticsVerifyTest.cpp - The -verify checker --------------------===//
// Matching of expected-* directives against diagnostics: offsets, notes,
// severities, ids, malformed directives, several buffers.
//===----------------------------------------------------------------------===//

#include "DiagnosticsTestUtil.h"

using namespace llvm;
using namespace rulecc;
using namespace rulecc::diagtest;

namespace {

//===----------------------------------------------------------------------===//
// -verify
//===----------------------------------------------------------------------===//

class VerifyTest : public DiagTest {
protected:
  VerifyConsumer *useVerifier() {
    auto v = std::make_unique<VerifyConsumer>(sm, os);
    VerifyConsumer *raw = v.get();
    diags.setConsumer(std::move(v));
    return raw;
  }
};

TEST_F(VerifyTest, MatchesErrorsWarningsNotesAndOffsets) {
  StringRef buf = addFile(
      "t.rules", "# expected-error@+2 {{given more than once}}\n"
                 "project \"a\" # expected-note {{" +
                     msg(N) +
                     "}}\n"
                     "project \"b\"\n"
                     "tags a: 1 # expected-warning {{" +
                     msg(W, "tags") +
                     "}}\n"
                     "# expected-error@-1 {{unknown application setting}}\n"
                     "# expected-error@7 {{empty}}\n"
                     "policy :p, \"\"\n");
  VerifyConsumer *v = useVerifier();
  diags
      .report(rangeOf(buf, "project \"b\""), E,
              "'project' is given more "
              "than once")
      .note(rangeOf(buf, "project \"a\""), N);
  diags.report(locOf(buf, "tags"), W, "tags");
  diags.report(locOf(buf, "tags"), E, "unknown application setting 'tags'");
  diags.report(locOf(buf, "policy"), E, "policy is empty");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
  EXPECT_EQ(os.str(), "");
}

TEST_F(VerifyTest, ReportsMissingAndUnexpected) {
  StringRef buf = addFile("t.rules", "# expected-error@+1 {{unknown setting}}\n"
                                     "colour \"red\"\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "colour"), E, "unknown application setting");
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_EQ(os.str(),
            "t.rules:2:1: error: unexpected error: unknown application "
            "setting [syntax-error]\n"
            "colour \"red\"\n"
            "^\n"
            "t.rules:1:3: error: expected error \"unknown setting\" was not "
            "produced\n"
            "# expected-error@+1 {{unknown setting}}\n"
            "  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST_F(VerifyTest, SeverityAndLineMustMatch) {
  StringRef buf = addFile("t.rules", "x # expected-error {{comes after}}\n"
                                     "# expected-warning {{comes after}}\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x"), W, "x");
  diags.finish();
  EXPECT_TRUE(v->failed());
  StringRef s = os.str();
  EXPECT_TRUE(
      s.contains("t.rules:1:1: error: unexpected warning: " + msg(W, "x")))
      << s.str();
  EXPECT_TRUE(s.contains("expected error \"comes after\" was not produced"));
  EXPECT_TRUE(s.contains("expected warning \"comes after\" was not produced"));
}

TEST_F(VerifyTest, WerrorChangesWhatIsExpected) {
  StringRef buf =
      addFile("t.rules", "x # expected-error {{" + msg(W, "x") + "}}\n");
  diags.setWarningsAsErrors(true);
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x"), W, "x");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
}

TEST_F(VerifyTest, UnexpectedNote) {
  StringRef buf =
      addFile("t.rules", "a # expected-error {{already used}}\nb\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "a"), E, "name already used")
      .note(locOf(buf, "b"), N);
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_EQ(os.str(), "t.rules:2:1: error: unexpected note: " + msg(N) + " [" +
                          std::string(getDiagInfo(N).name) +
                          "]\n"
                          "b\n"
                          "^\n");
}

TEST_F(VerifyTest, EachExpectationMatchesOneDiagnostic) {
  StringRef buf = addFile("t.rules", "# expected-error@+1 {{unknown}}\n"
                                     "x\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x\n"), E, "unknown x");
  diags.report(locOf(buf, "x\n"), E, "unknown x");
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_TRUE(StringRef(os.str()).contains("unexpected error: unknown x"));
}

TEST_F(VerifyTest, TheIdIsPartOfTheMatchedText) {
  StringRef buf =
      addFile("t.rules", "x # expected-error {{[syntax-error]}}\n"
                         "y # expected-error {{input 'y' "
                         "[syntax-error]}}\n"
                         "z # expected-error {{[file-not-found]}}\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x #"), E, "mismatched input 'x'");
  diags.report(locOf(buf, "y #"), E, "mismatched input 'y'");
  diags.report(locOf(buf, "z #"), E, "mismatched input 'z'");
  diags.finish();
  EXPECT_TRUE(v->failed());
  StringRef s = os.str();
  EXPECT_TRUE(s.contains("unexpected error: mismatched input 'z'")) << s.str();
  EXPECT_FALSE(s.contains("input 'x'"));
  EXPECT_FALSE(s.contains("input 'y'"));
}

TEST_F(VerifyTest, MoreSpecificExpectationWins) {
  // Greedy first-fit would give "unknown setting 'ab'" to {{unknown}} and
  // leave the second diagnostic without a match.
  StringRef buf = addFile("t.rules", "# expected-error@+2 {{unknown}}\n"
                                     "# expected-error@+1 {{setting 'ab'}}\n"
                                     "ab\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "ab\n"), E, "unknown setting 'ab'");
  diags.report(locOf(buf, "ab\n"), E, "unknown property 'ab'");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
}

TEST_F(VerifyTest, ExpectedNoDiagnostics) {
  addFile("t.rules", "# expected-no-diagnostics\nproject \"x\"\n");
  VerifyConsumer *v = useVerifier();
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
  EXPECT_EQ(os.str(), "");
}

TEST_F(VerifyTest, ExpectedNoDiagnosticsButOneCame) {
  StringRef buf = addFile("t.rules", "# expected-no-diagnostics\nx\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x\n"), E, "unknown x");
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_TRUE(StringRef(os.str()).contains("unexpected error: unknown x"));
}

TEST_F(VerifyTest, NoDirectivesAtAllFails) {
  addFile("t.rules", "project \"x\"\n");
  VerifyConsumer *v = useVerifier();
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_EQ(os.str(), "t.rules: error: no expected directives found: use "
                      "'expected-no-diagnostics' for an input without "
                      "diagnostics\n");
}

TEST_F(VerifyTest, MalformedDirectives) {
  addFile("t.rules", "# expected-error oops\n"
                     "# expected-error {{never closed\n"
                     "# expected-warning@+x {{a}}\n"
                     "# expected-note@+9 {{far away}}\n"
                     "# expected-error {{  }}\n"
                     "# expected-error {{ok}} and expected-no-diagnostics\n");
  VerifyConsumer *v = useVerifier();
  diags.finish();
  EXPECT_TRUE(v->failed());
  StringRef s = os.str();
  EXPECT_TRUE(s.contains("t.rules:1:3: error: cannot find start ('{{') of "
                         "expected string\n"
                         "# expected-error oops\n"
                         "  ^~~~~~~~~~~~~~~\n"))
      << s.str();
  EXPECT_TRUE(s.contains("t.rules:2:3: error: cannot find end ('}}') of "
                         "expected string"));
  EXPECT_TRUE(s.contains("t.rules:3:3: error: expected a line after '@'"));
  EXPECT_TRUE(s.contains("t.rules:4:3: error: the directive refers to line "
                         "13, outside the file"));
  EXPECT_TRUE(s.contains("t.rules:5:3: error: the expected string is empty"));
  EXPECT_TRUE(s.contains("t.rules:6:29: error: 'expected-no-diagnostics' "
                         "cannot be combined"));
  EXPECT_TRUE(s.contains("t.rules:6:3: error: expected error \"ok\" was not "
                         "produced"));
}

TEST_F(VerifyTest, ProseIsNotADirective) {
  StringRef buf =
      addFile("t.rules", "# unexpected-error and expected-errors are prose\n"
                         "x = \"expected-error {{not a comment}}\" # "
                         "expected-error {{unknown}}\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(buf, "x ="), E, "unknown x");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
}

TEST_F(VerifyTest, EveryBufferIsScannedOnce) {
  StringRef main =
      addFile("main.rules", "require \"lib\" # expected-error {{cycle}}\n");
  StringRef lib = addFile("lib.rules", "# expected-error@+1 {{unknown}}\n"
                                       "x\n");
  // The same file loaded twice must not double its expectations.
  addFile("lib.rules", "# expected-error@+1 {{unknown}}\nx\n");
  VerifyConsumer *v = useVerifier();
  diags.report(locOf(main, "require"), E, "a require cycle");
  diags.report(locOf(lib, "x\n"), E, "unknown x");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
}

TEST_F(VerifyTest, DiagnosticsWithoutLocationAreUnexpected) {
  addFile("t.rules", "# expected-no-diagnostics\n");
  VerifyConsumer *v = useVerifier();
  diags.reportFile("other.rules", DiagID::FileNotFound, "other.rules", "gone");
  diags.finish();
  EXPECT_TRUE(v->failed());
  EXPECT_EQ(os.str(), "other.rules: error: unexpected error: " +
                          msg(DiagID::FileNotFound, "other.rules", "gone") +
                          " [file-not-found]\n");
}

TEST_F(VerifyTest, ManyErrorsAreAllChecked) {
  // The verifier sees past the error limit.
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "x # expected-error {{unknown}}\n";
  StringRef buf = addFile("t.rules", text);
  VerifyConsumer *v = useVerifier();
  for (size_t pos = 0; pos < buf.size(); pos = buf.find('\n', pos) + 1)
    diags.report(SMLoc::getFromPointer(buf.data() + pos), E, "unknown x");
  diags.finish();
  EXPECT_FALSE(v->failed()) << os.str();
}

} // namespace
