//===- DiagnosticsSARIFTest.cpp - The SARIF consumer ----------------------===//
// Rules, results, UTF-16 regions, related locations, fixes, file URIs,
// -Werror levels and determinism of --diagnostics-format=sarif, and its cost
// on huge lines.
//===----------------------------------------------------------------------===//

#include "DiagnosticsTestUtil.h"

#include "llvm/Support/JSON.h"

#include <chrono>

using namespace llvm;
using namespace rulecc;
using namespace rulecc::diagtest;

namespace {

class DiagSARIFTest : public DiagTest {
protected:
  /// Finishes the run and parses the log; fails the test when it is not
  /// JSON.
  json::Value finishLog() {
    diags.finish();
    Expected<json::Value> doc = json::parse(os.str());
    EXPECT_TRUE(bool(doc)) << toString(doc.takeError());
    return doc ? std::move(*doc) : json::Value(nullptr);
  }
  static const json::Object &run(const json::Value &log) {
    return *(*log.getAsObject()->getArray("runs"))[0].getAsObject();
  }
  static const json::Array &results(const json::Value &log) {
    return *run(log).getArray("results");
  }
  static const json::Object &result(const json::Value &log, size_t i) {
    return *results(log)[i].getAsObject();
  }
  /// startLine, startColumn, endLine, endColumn of a region object.
  static std::vector<int64_t> region(const json::Object *r) {
    EXPECT_TRUE(r);
    if (!r)
      return {};
    return {*r->getInteger("startLine"), *r->getInteger("startColumn"),
            *r->getInteger("endLine"), *r->getInteger("endColumn")};
  }
  static const json::Object *physical(const json::Object &location) {
    return location.getObject("physicalLocation");
  }
  static std::vector<int64_t> primaryRegion(const json::Object &result) {
    const json::Object &loc = *(*result.getArray("locations"))[0].getAsObject();
    return region(physical(loc)->getObject("region"));
  }
  static StringRef uriOf(const json::Object *phys) {
    return *phys->getObject("artifactLocation")->getString("uri");
  }

  void useSARIF(SARIFOptions options = {}) {
    diags.setConsumer(createSARIFConsumer(sm, os, std::move(options)));
  }
};

TEST_F(DiagSARIFTest, LogAndDriver) {
  useSARIF({"1.2.3", "https://example.org/rulecc",
            "https://example.org/rulecc/docs/diagnostics.md", "/src/app"});
  StringRef buf = addFile("t.rules", "x\n");
  diags.report(rangeOf(buf, "x"), E, "bad");
  json::Value log = finishLog();
  const json::Object &root = *log.getAsObject();
  EXPECT_EQ(root.getString("version"), StringRef("2.1.0"));
  EXPECT_TRUE(root.getString("$schema")->startswith("https://"));
  EXPECT_EQ(root.getArray("runs")->size(), 1u);
  const json::Object &driver = *run(log).getObject("tool")->getObject("driver");
  EXPECT_EQ(driver.getString("name"), StringRef("rulecc"));
  EXPECT_EQ(driver.getString("version"), StringRef("1.2.3"));
  EXPECT_EQ(driver.getString("informationUri"),
            StringRef("https://example.org/rulecc"));
  EXPECT_EQ(run(log).getString("columnKind"), StringRef("utf16CodeUnits"));
  EXPECT_EQ(*run(log)
                 .getObject("originalUriBaseIds")
                 ->getObject("%SRCROOT%")
                 ->getString("uri"),
            "file:///src/app/");

  // Every registered kind is a rule, at the index of its DiagID.
  const json::Array &rules = *driver.getArray("rules");
  ASSERT_EQ(rules.size(), size_t(DiagID::NumDiagIDs));
  for (const DiagInfo &info : getAllDiagInfos()) {
    const json::Object &rule = *rules[size_t(info.id)].getAsObject();
    EXPECT_EQ(rule.getString("id"), info.name);
    EXPECT_EQ(
        rule.getString("helpUri").getValueOr("").str(),
        ("https://example.org/rulecc/docs/diagnostics.md#" + info.name).str());
    EXPECT_EQ(rule.getObject("defaultConfiguration")->getString("level"),
              getSeverityName(info.severity));
    StringRef text = *rule.getObject("shortDescription")->getString("text");
    EXPECT_FALSE(text.empty());
    EXPECT_FALSE(text.contains("{0}")) << text.str();
  }
  const json::Object &syntax = *rules[size_t(E)].getAsObject();
  // syntax-error's format is only "{0}": its id describes it.
  EXPECT_EQ(syntax.getObject("shortDescription")->getString("text"),
            StringRef("syntax-error"));

  const json::Object &r = result(log, 0);
  EXPECT_EQ(r.getString("ruleId"), getDiagInfo(E).name);
  EXPECT_EQ(r.getInteger("ruleIndex"), Optional<int64_t>(int64_t(E)));
  EXPECT_EQ(r.getString("level"), StringRef("error"));
  EXPECT_EQ(r.getObject("message")->getString("text"), StringRef("bad"));
}

TEST_F(DiagSARIFTest, WithoutOptionalDriverFields) {
  useSARIF();
  json::Value log = finishLog();
  const json::Object &driver = *run(log).getObject("tool")->getObject("driver");
  EXPECT_FALSE(driver.get("version"));
  EXPECT_FALSE(driver.get("informationUri"));
  EXPECT_FALSE((*driver.getArray("rules"))[0].getAsObject()->get("helpUri"));
  // No file, so no base for relative ones.
  EXPECT_FALSE(run(log).get("originalUriBaseIds"));
  EXPECT_TRUE(results(log).empty());
}

TEST_F(DiagSARIFTest, ColumnsCountUTF16CodeUnits) {
  useSARIF();
  // é is 2 bytes and 1 unit, € 3 bytes and 1 unit, 😀 4 bytes and 2 units.
  StringRef buf = addFile("u.rules", "a\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                                     "xy \xF0\x9F\x98\x80z\n");
  diags.report(rangeOf(buf, "xy"), E, "one");
  diags.report(rangeOf(buf, "z"), E, "two");
  // Backwards on the same line, and a range over a surrogate pair.
  diags.report(rangeOf(buf, "\xF0\x9F\x98\x80", 1), E, "three");
  diags.report(locOf(buf, "a"), E, "four");
  json::Value log = finishLog();
  EXPECT_EQ(primaryRegion(result(log, 0)), (std::vector<int64_t>{2, 5, 2, 7}));
  EXPECT_EQ(primaryRegion(result(log, 1)),
            (std::vector<int64_t>{2, 10, 2, 11}));
  EXPECT_EQ(primaryRegion(result(log, 2)), (std::vector<int64_t>{2, 8, 2, 10}));
  // A bare location is an empty region.
  EXPECT_EQ(primaryRegion(result(log, 3)), (std::vector<int64_t>{1, 1, 1, 1}));
}

TEST_F(DiagSARIFTest, NotesRangesAndFixes) {
  useSARIF();
  StringRef a = addFile("a.rules", "project \"x\"\nproject \"y\"\n");
  StringRef b = addFile("dir/b.rules", "projet 1\n");
  diags.report(rangeOf(a, "project", 1), E, "given twice")
      .note(rangeOf(a, "project"), N)
      .range(rangeOf(a, "\"y\""))
      .fixIt(rangeOf(a, "project \"y\"\n"), "")
      .fixIt(rangeOf(b, "projet"), "project")
      .fixIt(locOf(a, "\"x\""), "# ");
  diags.report(locOf(b, "1"), E, "with an alternative")
      .note(locOf(b, "1"), N)
      .fixIt(rangeOf(b, "1"), "\"one\"");
  json::Value log = finishLog();

  const json::Array &related = *result(log, 0).getArray("relatedLocations");
  ASSERT_EQ(related.size(), 2u);
  const json::Object &note = *related[0].getAsObject();
  EXPECT_EQ(note.getInteger("id"), Optional<int64_t>(1));
  EXPECT_EQ(note.getObject("message")->getString("text"), StringRef(msg(N)));
  EXPECT_EQ(region(physical(note)->getObject("region")),
            (std::vector<int64_t>{1, 1, 1, 8}));
  // A further range of the diagnostic: a related location without message.
  const json::Object &extra = *related[1].getAsObject();
  EXPECT_EQ(extra.getInteger("id"), Optional<int64_t>(2));
  EXPECT_FALSE(extra.get("message"));
  EXPECT_EQ(region(physical(extra)->getObject("region")),
            (std::vector<int64_t>{2, 9, 2, 12}));

  // The fix-its of one diagnostic are one fix: one change per file, in the
  // order the files first appear, replacements in the order given.
  const json::Array &fixes = *result(log, 0).getArray("fixes");
  ASSERT_EQ(fixes.size(), 1u);
  const json::Array &changes =
      *fixes[0].getAsObject()->getArray("artifactChanges");
  ASSERT_EQ(changes.size(), 2u);
  const json::Object &inA = *changes[0].getAsObject();
  EXPECT_EQ(*inA.getObject("artifactLocation")->getString("uri"), "a.rules");
  EXPECT_EQ(*inA.getObject("artifactLocation")->getString("uriBaseId"),
            "%SRCROOT%");
  const json::Array &inAReplacements = *inA.getArray("replacements");
  ASSERT_EQ(inAReplacements.size(), 2u);
  const json::Object &deletion = *inAReplacements[0].getAsObject();
  // Deleting a whole line ends at column 1 of the next.
  EXPECT_EQ(region(deletion.getObject("deletedRegion")),
            (std::vector<int64_t>{2, 1, 3, 1}));
  EXPECT_EQ(deletion.getObject("insertedContent")->getString("text"),
            StringRef(""));
  const json::Object &insertion = *inAReplacements[1].getAsObject();
  EXPECT_EQ(region(insertion.getObject("deletedRegion")),
            (std::vector<int64_t>{1, 9, 1, 9}));
  EXPECT_EQ(insertion.getObject("insertedContent")->getString("text"),
            StringRef("# "));
  const json::Object &inB = *changes[1].getAsObject();
  EXPECT_EQ(*inB.getObject("artifactLocation")->getString("uri"),
            "dir/b.rules");
  EXPECT_EQ(inB.getArray("replacements")->size(), 1u);

  // A note without fix-its adds no fix; the diagnostic's own fix has no
  // description.
  const json::Array &fixes2 = *result(log, 1).getArray("fixes");
  ASSERT_EQ(fixes2.size(), 1u);
  EXPECT_FALSE(fixes2[0].getAsObject()->get("description"));
}

TEST_F(DiagSARIFTest, NoteFixItIsAnAlternative) {
  // The builder has no fix-its for notes yet; the consumer takes them.
  useSARIF();
  StringRef buf = addFile("n.rules", "projet 1\n");
  Diagnostic d;
  d.id = E;
  d.severity = Severity::Error;
  d.range = rangeOf(buf, "projet");
  d.message = "unknown";
  Diagnostic note;
  note.id = N;
  note.severity = Severity::Note;
  note.range = d.range;
  note.message = "did you mean 'project'?";
  note.fixIts.push_back({d.range, "project"});
  d.notes.push_back(note);
  diags.emit(d);
  json::Value log = finishLog();
  const json::Array &fixes = *result(log, 0).getArray("fixes");
  ASSERT_EQ(fixes.size(), 1u);
  EXPECT_EQ(fixes[0].getAsObject()->getObject("description")->getString("text"),
            StringRef("did you mean 'project'?"));
}

TEST_F(DiagSARIFTest, DiagnosticsWithoutALocation) {
  useSARIF();
  diags.reportFile("gone dir/x#1.rules", DiagID::FileNotFound, "x", "gone");
  diags.report(SMLoc(), E, "nowhere").note(SMLoc(), N);
  json::Value log = finishLog();
  // A file as a whole: an artifact without a region.
  const json::Object &loc =
      *(*result(log, 0).getArray("locations"))[0].getAsObject();
  EXPECT_EQ(uriOf(physical(loc)), "gone%20dir/x%231.rules");
  EXPECT_FALSE(physical(loc)->get("region"));
  // Not even a file: no locations; the note keeps its message.
  EXPECT_FALSE(result(log, 1).get("locations"));
  const json::Object &note =
      *(*result(log, 1).getArray("relatedLocations"))[0].getAsObject();
  EXPECT_FALSE(note.get("physicalLocation"));
  EXPECT_EQ(note.getObject("message")->getString("text"), StringRef(msg(N)));
}

TEST_F(DiagSARIFTest, FileURIs) {
  useSARIF({"", "", "", "/base dir"});
  for (StringRef name : {"/abs/pa th/\xC3\xA9.rules", "a:b.rules",
                         "./x/../y.rules", "100%.rules"})
    diags.reportFile(name, DiagID::FileNotFound, name, "gone");
  json::Value log = finishLog();
  auto uri = [&](size_t i) {
    const json::Object &loc =
        *(*result(log, i).getArray("locations"))[0].getAsObject();
    const json::Object &art = *physical(loc)->getObject("artifactLocation");
    return std::make_pair(art.getString("uri")->str(),
                          art.getString("uriBaseId").getValueOr("").str());
  };
  EXPECT_EQ(uri(0),
            std::make_pair(std::string("file:///abs/pa%20th/%C3%A9.rules"),
                           std::string()));
  // ':' would read as a scheme, '%' as an escape.
  EXPECT_EQ(uri(1), std::make_pair(std::string("a%3Ab.rules"),
                                   std::string("%SRCROOT%")));
  EXPECT_EQ(uri(2), std::make_pair(std::string("x/../y.rules"),
                                   std::string("%SRCROOT%")));
  EXPECT_EQ(uri(3), std::make_pair(std::string("100%25.rules"),
                                   std::string("%SRCROOT%")));
  EXPECT_EQ(*run(log)
                 .getObject("originalUriBaseIds")
                 ->getObject("%SRCROOT%")
                 ->getString("uri"),
            "file:///base%20dir/");
}

TEST_F(DiagSARIFTest, WerrorWnoAndDeterminism) {
  auto runOnce = [](bool werror, bool disable) {
    SourceMgr sm;
    unsigned id = sm.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy("tags a: 1\n", "d.rules"), SMLoc());
    StringRef buf = sm.getMemoryBuffer(id)->getBuffer();
    std::string out;
    raw_string_ostream os(out);
    DiagnosticEngine diags(sm);
    diags.setConsumer(createSARIFConsumer(sm, os, {"1", "", "", "/b"}));
    diags.setWarningsAsErrors(werror);
    if (disable)
      EXPECT_TRUE(diags.setWarningEnabled(warningName, false));
    diags.report(SMLoc::getFromPointer(buf.data() + 5), W, "tags");
    diags.finish();
    return os.str();
  };
  std::string a = runOnce(true, false), b = runOnce(true, false);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(StringRef(a).contains("\"level\": \"error\",\n"
                                    "          \"message\""));
  EXPECT_TRUE(StringRef(runOnce(false, false))
                  .contains("\"level\": \"warning\",\n"
                            "          \"message\""));
  EXPECT_TRUE(StringRef(runOnce(true, true)).contains("\"results\": []"));
}

TEST_F(DiagSARIFTest, InvalidUTF8InMessagesAndNames) {
  useSARIF();
  StringRef buf = addFile("bad\xFF.rules", "x\n");
  diags.report(locOf(buf, "x"), E, "byte \xFF here");
  json::Value log = finishLog();
  EXPECT_EQ(result(log, 0).getObject("message")->getString("text"),
            StringRef("byte \xEF\xBF\xBD here"));
}

TEST_F(DiagSARIFTest, SeesPastTheErrorLimit) {
  useSARIF();
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), E, "x");
  json::Value log = finishLog();
  EXPECT_EQ(results(log).size(), 30u);
  EXPECT_FALSE(StringRef(os.str()).contains("\"ruleId\": \"too-many-errors\""));
}

TEST_F(DiagSARIFTest, ManyDiagnosticsOnAHugeLineStayCheap) {
  // 20,000 errors backwards over one 4 MB line of non-ASCII text: counting
  // UTF-16 units from the line start for each would read 40 GB.
  std::string line;
  for (size_t i = 0; i < (1 << 20); ++i)
    line += "\xF0\x9F\x98\x80"; // 2 units in 4 bytes
  StringRef buf = addFile("garbage.rules", line);
  useSARIF();
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < 20000; ++i)
    diags.report(SMLoc::getFromPointer(buf.data() + buf.size() - 4 - i * 200),
                 E, "bad");
  diags.finish();
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, 10.0);
  // (Searched, not parsed: a DOM of 20,000 results would cost more than
  // writing them.)
  StringRef log = os.str();
  size_t last = log.rfind("\"startColumn\": ");
  ASSERT_TRUE(last != StringRef::npos);
  int64_t lastByte = int64_t(buf.size()) - 4 - 19999 * 200;
  EXPECT_TRUE(log.substr(last).startswith(
      "\"startColumn\": " + std::to_string(lastByte / 2 + 1) + ","));
}

} // namespace
