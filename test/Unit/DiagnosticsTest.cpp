//===- DiagnosticsTest.cpp - Registry and engine --------------------------===//
// The registry generated from DiagnosticKinds.def, and the engine's
// severity mapping, counting, error limit and message limit.
//===----------------------------------------------------------------------===//

#include "DiagnosticsTestUtil.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Regex.h"

using namespace llvm;
using namespace rulecc;
using namespace rulecc::diagtest;

namespace {

class DiagEngineTest : public DiagTest {};

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

TEST_F(DiagEngineTest, EngineCountsAndBuilderCarriesEverything) {
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

TEST_F(DiagEngineTest, MovedBuilderEmitsOnce) {
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

TEST_F(DiagEngineTest, WerrorTurnsWarningsIntoErrors) {
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

TEST_F(DiagEngineTest, WnoDisablesOnlyWarnings) {
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

TEST_F(DiagEngineTest, ErrorLimitStopsAHumanConsumerButNotTheCount) {
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

TEST_F(DiagEngineTest, ErrorLimitDoesNotApplyToMachineConsumers) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen, true));
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), DiagID::EmptyPolicy);
  EXPECT_EQ(seen.size(), 30u);
}

TEST_F(DiagEngineTest, DefaultErrorLimitIsTwentyAndZeroMeansNone) {
  std::vector<Diagnostic> seen;
  diags.setConsumer(std::make_unique<CollectingConsumer>(seen));
  EXPECT_EQ(diags.getErrorLimit(), 20u);
  diags.setErrorLimit(0);
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), DiagID::EmptyPolicy);
  EXPECT_EQ(seen.size(), 30u);
}

TEST_F(DiagEngineTest, HugeMessagesAreCut) {
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

} // namespace
