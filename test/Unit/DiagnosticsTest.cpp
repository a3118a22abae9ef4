//===- DiagnosticsTest.cpp - Registry, engine, text/JSON and -verify ------===//
// Exact renderings of the consumers and the engine's severity mapping, for
// what a driver-level FileCheck test cannot reach precisely.
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

#include "gtest/gtest.h"

#include <chrono>

using namespace llvm;
using namespace rulecc;

namespace {

/// A SourceMgr with one or more named buffers, an engine and the output of
/// its consumer, for tests that look at the bytes a user would see.
class DiagTest : public ::testing::Test {
protected:
  /// Adds a buffer and returns its text (owned by the SourceMgr).
  StringRef addFile(StringRef name, StringRef text) {
    unsigned id = sm.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy(text, name), SMLoc());
    return sm.getMemoryBuffer(id)->getBuffer();
  }
  /// The range of the `nth` occurrence of `needle` in `buf`.
  static SMRange rangeOf(StringRef buf, StringRef needle, unsigned nth = 0) {
    size_t pos = buf.find(needle);
    for (; nth && pos != StringRef::npos; --nth)
      pos = buf.find(needle, pos + 1);
    EXPECT_TRUE(pos != StringRef::npos) << needle.str();
    const char *p = buf.data() + pos;
    return SMRange(SMLoc::getFromPointer(p),
                   SMLoc::getFromPointer(p + needle.size()));
  }
  static SMLoc locOf(StringRef buf, StringRef needle) {
    return rangeOf(buf, needle).Start;
  }

  SourceMgr sm;
  DiagnosticEngine diags{sm};
  std::string out;
  raw_string_ostream os{out};
};

/// The message of a kind as the registry formats it today: tests of the
/// machinery must not break when a kind's wording is improved.
template <typename... Ts> std::string msg(DiagID id, Ts &&...args) {
  return DiagnosticBuilder::formatMessage(id, std::forward<Ts>(args)...);
}

// The kinds most tests use: syntax-error's format is the message itself, so
// renderings do not depend on other kinds' wording.
constexpr DiagID E = DiagID::SyntaxError;
constexpr DiagID W = DiagID::ClassSettingAfterRule;
constexpr DiagID N = DiagID::NoteFirstDefinedHere;
// (Initialised before main: the registry is constant-initialised.)
const std::string warningName = getDiagInfo(W).name.str();

/// Keeps what the engine forwards.
class CollectingConsumer : public DiagnosticConsumer {
public:
  explicit CollectingConsumer(std::vector<Diagnostic> &seen, bool all = false)
      : seen(seen), all(all) {}
  void handle(const Diagnostic &d) override { seen.push_back(d); }
  bool wantsAllDiagnostics() const override { return all; }

private:
  std::vector<Diagnostic> &seen;
  bool all;
};

//===----------------------------------------------------------------------===//
// Registry
//===----------------------------------------------------------------------===//

TEST(DiagRegistryTest, IdsAreUniqueKebabCaseAndIndexed) {
  Regex kebab("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  StringSet<> names;
  ArrayRef<DiagInfo> infos = getAllDiagInfos();
  ASSERT_EQ(infos.size(), size_t(DiagID::NumDiagIDs));
  for (size_t i = 0; i < infos.size(); ++i) {
    EXPECT_EQ(size_t(infos[i].id), i);
    EXPECT_TRUE(kebab.match(infos[i].name)) << infos[i].name.str();
    EXPECT_TRUE(names.insert(infos[i].name).second)
        << "duplicate id " << infos[i].name.str();
    EXPECT_FALSE(infos[i].format.empty()) << infos[i].name.str();
    EXPECT_EQ(&getDiagInfo(infos[i].id), &infos[i]);
    EXPECT_EQ(lookupDiagName(infos[i].name), infos[i].id);
  }
}

TEST(DiagRegistryTest, FormatPlaceholdersAreContiguous) {
  // A format using {0} and {2} but no {1} is a typo that formatv would print
  // verbatim at run time.
  Regex placeholder("\\{([0-9]+)\\}");
  for (const DiagInfo &info : getAllDiagInfos()) {
    std::vector<bool> used;
    StringRef rest = info.format;
    SmallVector<StringRef, 2> m;
    while (placeholder.match(rest, &m)) {
      unsigned n = std::stoul(m[1].str());
      if (used.size() <= n)
        used.resize(n + 1);
      used[n] = true;
      rest = rest.drop_front(m[0].data() - rest.data() + m[0].size());
    }
    for (size_t i = 0; i < used.size(); ++i)
      EXPECT_TRUE(used[i]) << info.name.str() << " skips {" << i << "}";
  }
}

TEST(DiagRegistryTest, LookupAndNames) {
  EXPECT_EQ(lookupDiagName("file-not-found"), DiagID::FileNotFound);
  EXPECT_EQ(lookupDiagName("no-such-diagnostic"), std::nullopt);
  EXPECT_EQ(lookupDiagName(""), std::nullopt);
  EXPECT_EQ(getSeverityName(Severity::Error), "error");
  EXPECT_EQ(getSeverityName(Severity::Warning), "warning");
  EXPECT_EQ(getSeverityName(Severity::Note), "note");
  EXPECT_EQ(msg(DiagID::SyntaxError, "expected 'end'"), "expected 'end'");
  EXPECT_EQ(msg(DiagID::EmptyPolicy), getDiagInfo(DiagID::EmptyPolicy).format);
}

//===----------------------------------------------------------------------===//
// Engine
//===----------------------------------------------------------------------===//

TEST_F(DiagTest, EngineCountsAndBuilderCarriesEverything) {
  StringRef buf = addFile("t.rules", "project \"x\"\nproject \"y\"\n");
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  diags.report(rangeOf(buf, "project", 1), E, "given twice")
      .note(rangeOf(buf, "project"), N)
      .range(rangeOf(buf, "\"y\""))
      .fixIt(rangeOf(buf, "project \"y\"\n"), "");
  diags.report(locOf(buf, "x"), W, "class_tags");
  diags.reportFile("gone.rules", DiagID::FileNotFound, "gone.rules",
                   "No such file or directory");

  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(diags.getNumErrors(), 2u);
  EXPECT_EQ(diags.getNumWarnings(), 1u);
  EXPECT_TRUE(diags.hasErrors());
  const Diagnostic &d = seen[0];
  EXPECT_EQ(d.id, E);
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.message, "given twice");
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].severity, Severity::Note);
  EXPECT_EQ(d.notes[0].message, msg(N));
  EXPECT_EQ(d.extraRanges.size(), 1u);
  ASSERT_EQ(d.fixIts.size(), 1u);
  EXPECT_EQ(seen[1].severity, Severity::Warning);
  EXPECT_FALSE(seen[2].range.isValid());
  EXPECT_EQ(seen[2].filename, "gone.rules");
}

TEST_F(DiagTest, MovedBuilderEmitsOnce) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  {
    DiagnosticBuilder a = diags.report(SMLoc(), DiagID::EmptyPolicy);
    DiagnosticBuilder b(std::move(a));
    EXPECT_TRUE(seen.empty()); // not before the end of the statement
  }
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(diags.getNumErrors(), 1u);
}

TEST_F(DiagTest, WerrorTurnsWarningsIntoErrors) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  diags.setWarningsAsErrors(true);
  diags.report(SMLoc(), W, "class_timeout")
      .note(SMLoc(), DiagID::NoteFirstDefinedHere);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].severity, Severity::Error);
  EXPECT_EQ(seen[0].notes[0].severity, Severity::Note);
  EXPECT_EQ(diags.getNumErrors(), 1u);
  EXPECT_EQ(diags.getNumWarnings(), 0u);
}

TEST_F(DiagTest, WnoDisablesOnlyWarnings) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  EXPECT_TRUE(diags.setWarningEnabled(warningName, false));
  EXPECT_FALSE(diags.isWarningEnabled(W));
  diags.setWarningsAsErrors(true); // a disabled warning stays silent
  diags.report(SMLoc(), W, "class_timeout");
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(diags.getNumErrors() + diags.getNumWarnings(), 0u);

  // Errors, notes and unknown names cannot be switched off.
  EXPECT_FALSE(diags.setWarningEnabled("file-not-found", false));
  EXPECT_FALSE(diags.setWarningEnabled("note-first-defined-here", false));
  EXPECT_FALSE(diags.setWarningEnabled("no-such-warning", false));

  EXPECT_TRUE(diags.setWarningEnabled(warningName, true));
  diags.report(SMLoc(), W, "class_timeout");
  EXPECT_EQ(seen.size(), 1u);
}

TEST_F(DiagTest, ErrorLimitStopsAHumanConsumerButNotTheCount) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  diags.setErrorLimit(3);
  for (int i = 0; i < 10; ++i)
    diags.report(SMLoc(), DiagID::EmptyPolicy);
  diags.report(SMLoc(), W, "x");
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[3].id, DiagID::TooManyErrors);
  EXPECT_EQ(diags.getNumErrors(), 10u);
  EXPECT_EQ(diags.getNumWarnings(), 1u);
}

TEST_F(DiagTest, ErrorLimitDoesNotApplyToMachineConsumers) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen, true));
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), DiagID::EmptyPolicy);
  EXPECT_EQ(seen.size(), 30u);
}

TEST_F(DiagTest, DefaultErrorLimitIsTwentyAndZeroMeansNone) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  EXPECT_EQ(diags.getErrorLimit(), 20u);
  diags.setErrorLimit(0);
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), DiagID::EmptyPolicy);
  EXPECT_EQ(seen.size(), 30u);
}

TEST_F(DiagTest, HugeMessagesAreCut) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  // A multi-byte character straddles the cut: it must not be split.
  std::string name =
      std::string(1020, 'a') + "\xC3\xA9" + std::string(1 << 20, 'b');
  diags.report(SMLoc(), E, name).note(SMLoc(), E, name);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_LE(seen[0].message.size(), 1024u + 3);
  EXPECT_TRUE(StringRef(seen[0].message).endswith("..."));
  EXPECT_TRUE(json::isUTF8(seen[0].message));
  EXPECT_LE(seen[0].notes[0].message.size(), 1024u + 3);
}

//===----------------------------------------------------------------------===//
// Text consumer
//===----------------------------------------------------------------------===//

TEST_F(DiagTest, TextRendersLikeClang) {
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

TEST_F(DiagTest, TextExtraRangesAndInsertions) {
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

TEST_F(DiagTest, TextWithoutLocationAndWarningsSummary) {
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

TEST_F(DiagTest, TextNothingPrintedWithoutDiagnostics) {
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.finish();
  diags.finish();
  EXPECT_EQ(os.str(), "");
}

TEST_F(DiagTest, TextColourLikeClang) {
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

TEST_F(DiagTest, TextLongLineIsWindowedAroundTheCaret) {
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

TEST_F(DiagTest, TextLongLineCaretNearTheEnds) {
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

TEST_F(DiagTest, TextShowsBrokenBytesEscapedWithAlignedCaret) {
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

TEST_F(DiagTest, TextKeepsValidUTF8AndTabs) {
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

TEST_F(DiagTest, TextRangeOverSeveralLinesIsClippedToTheFirst) {
  StringRef buf = addFile("t.rules", "desc <<~EOS\n  text\nEOS\n");
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(rangeOf(buf, "<<~EOS\n  text\nEOS"), E, "heredoc");
  EXPECT_EQ(os.str(), "t.rules:1:6: error: heredoc [syntax-error]\n"
                      "desc <<~EOS\n"
                      "     ^~~~~~\n");
}

TEST_F(DiagTest, TextLocationAtEndOfBuffer) {
  StringRef buf = addFile("t.rules", "class ARule < ApplicationRule");
  diags.setConsumer(createTextConsumer(sm, os, false));
  SMLoc eof = SMLoc::getFromPointer(buf.end());
  diags.report(eof, E, "expected 'end'");
  EXPECT_EQ(os.str(), "t.rules:1:30: error: expected 'end' [syntax-error]\n"
                      "class ARule < ApplicationRule\n"
                      "                             ^\n");
}

TEST_F(DiagTest, TextLocationOutsideTheSourceMgr) {
  // A range into memory the SourceMgr does not own prints without a line.
  std::string elsewhere = "abc";
  diags.setConsumer(createTextConsumer(sm, os, false));
  diags.report(SMLoc::getFromPointer(elsewhere.data()), E, "lost");
  EXPECT_EQ(os.str(), "error: lost [syntax-error]\n");
}

TEST_F(DiagTest, TextAfterTheErrorLimit) {
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

//===----------------------------------------------------------------------===//
// JSON consumer
//===----------------------------------------------------------------------===//

TEST_F(DiagTest, JSONExactShape) {
  StringRef buf = addFile("t.rules", "project \"x\"\nproject \"y\"\n");
  diags.setConsumer(createJSONConsumer(sm, os));
  diags.report(rangeOf(buf, "project", 1), E, "given twice")
      .note(rangeOf(buf, "project"), N)
      .range(rangeOf(buf, "\"y\""))
      .fixIt(rangeOf(buf, "project \"y\"\n"), "");
  diags.reportFile("gone.rules", DiagID::FileNotFound, "gone.rules", "gone");
  diags.finish();
  EXPECT_EQ(os.str(), R"({
  "diagnostics": [
    {
      "id": "syntax-error",
      "severity": "error",
      "message": "given twice",
      "file": "t.rules",
      "line": 2,
      "column": 1,
      "endLine": 2,
      "endColumn": 8,
      "ranges": [
        {
          "file": "t.rules",
          "line": 2,
          "column": 9,
          "endLine": 2,
          "endColumn": 12
        }
      ],
      "fixits": [
        {
          "file": "t.rules",
          "line": 2,
          "column": 1,
          "endLine": 3,
          "endColumn": 1,
          "replacement": ""
        }
      ],
      "notes": [
        {
          "id": ")" + std::string(getDiagInfo(N).name) +
                          R"(",
          "severity": "note",
          "message": ")" + msg(N) +
                          R"(",
          "file": "t.rules",
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 8,
          "ranges": [],
          "fixits": []
        }
      ]
    },
    {
      "id": "file-not-found",
      "severity": "error",
      "message": ")" + msg(DiagID::FileNotFound, "gone.rules", "gone") +
                          R"(",
      "file": "gone.rules",
      "ranges": [],
      "fixits": [],
      "notes": []
    }
  ],
  "errors": 2,
  "warnings": 0
}
)");
}

TEST_F(DiagTest, JSONEscapingAndCounts) {
  StringRef buf = addFile("q\"uote.rules", "x\n");
  diags.setConsumer(createJSONConsumer(sm, os));
  diags.report(locOf(buf, "x"), E, "bad \"token\"\n\ttab \\ \x01 \xFF end");
  diags.report(locOf(buf, "x"), W, "a\"b");
  diags.finish();
  Expected<json::Value> doc = json::parse(os.str());
  ASSERT_TRUE(bool(doc)) << toString(doc.takeError());
  const json::Object *root = doc->getAsObject();
  ASSERT_TRUE(root);
  EXPECT_EQ(root->getInteger("errors"), Optional<int64_t>(1));
  EXPECT_EQ(root->getInteger("warnings"), Optional<int64_t>(1));
  const json::Array *list = root->getArray("diagnostics");
  ASSERT_TRUE(list && list->size() == 2);
  const json::Object *first = (*list)[0].getAsObject();
  EXPECT_EQ(first->getString("file"), StringRef("q\"uote.rules"));
  // Control characters survive escaped; the broken byte becomes U+FFFD.
  EXPECT_EQ(first->getString("message"),
            StringRef("bad \"token\"\n\ttab \\ \x01 \xEF\xBF\xBD end"));
  EXPECT_TRUE(
      StringRef(os.str()).contains(R"(bad \"token\"\n\ttab \\ \u0001)"));
  EXPECT_EQ((*list)[1].getAsObject()->getString("severity"),
            StringRef("warning"));
}

TEST_F(DiagTest, JSONWerrorSeverityAndDeterminism) {
  auto run = [](bool werror) {
    SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy("tags a: 1\n", "d.rules"), SMLoc());
    StringRef buf = sm.getMemoryBuffer(id)->getBuffer();
    std::string out;
    raw_string_ostream os(out);
    DiagnosticEngine diags(sm);
    diags.setConsumer(createJSONConsumer(sm, os));
    diags.setWarningsAsErrors(werror);
    diags.report(SMLoc::getFromPointer(buf.data() + 5), W, "tags");
    diags.finish();
    return os.str();
  };
  std::string a = run(true), b = run(true);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(StringRef(a).contains("\"severity\": \"error\""));
  EXPECT_TRUE(StringRef(a).contains("\"errors\": 1,\n  \"warnings\": 0"));
  EXPECT_TRUE(StringRef(run(false)).contains("\"severity\": \"warning\""));
}

TEST_F(DiagTest, ManyDiagnosticsOnAHugeLineStayCheap) {
  // 20,000 errors spread over one 4 MB line: finding each column by scanning
  // back to the line start would read 40 GB; the consumers scan it once.
  std::string line(4 << 20, '@');
  StringRef buf = addFile("garbage.rules", line);
  diags.setConsumer(createJSONConsumer(sm, os));
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < 20000; ++i)
    diags.report(SMLoc::getFromPointer(buf.data() + buf.size() - 1 - i * 200),
                 E, "bad '@'");
  diags.finish();
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, 10.0);
  EXPECT_TRUE(StringRef(os.str()).contains(
      "\"column\": " + std::to_string((4 << 20) - 200 * 19999)));
}

TEST_F(DiagTest, JSONEmptyRun) {
  diags.setConsumer(createJSONConsumer(sm, os));
  diags.finish();
  EXPECT_EQ(os.str(), "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n"
                      "  \"warnings\": 0\n}\n");
}

TEST_F(DiagTest, JSONSeesPastTheErrorLimit) {
  diags.setConsumer(createJSONConsumer(sm, os));
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), E, "x");
  diags.finish();
  Expected<json::Value> doc = json::parse(os.str());
  ASSERT_TRUE(bool(doc));
  EXPECT_EQ(doc->getAsObject()->getArray("diagnostics")->size(), 30u);
  EXPECT_FALSE(StringRef(os.str()).contains("too-many-errors"));
}

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
