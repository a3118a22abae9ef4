//===- DiagnosticsJSONTest.cpp - The JSON consumer ------------------------===//
// Shape, key order, escaping, counts and determinism of
// --diagnostics-format=json, and its cost on huge lines.
//===----------------------------------------------------------------------===//

#include "DiagnosticsTestUtil.h"

#include "llvm/Support/JSON.h"

#include <chrono>

using namespace llvm;
using namespace rulecc;
using namespace rulecc::diagtest;

namespace {

class DiagJSONTest : public DiagTest {};

//===----------------------------------------------------------------------===//
// JSON consumer
//===----------------------------------------------------------------------===//

TEST_F(DiagJSONTest, JSONExactShape) {
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

TEST_F(DiagJSONTest, JSONEscapingAndCounts) {
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

TEST_F(DiagJSONTest, JSONWerrorSeverityAndDeterminism) {
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

TEST_F(DiagJSONTest, ManyDiagnosticsOnAHugeLineStayCheap) {
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

TEST_F(DiagJSONTest, JSONEmptyRun) {
  diags.setConsumer(createJSONConsumer(sm, os));
  diags.finish();
  EXPECT_EQ(os.str(), "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n"
                      "  \"warnings\": 0\n}\n");
}

TEST_F(DiagJSONTest, JSONSeesPastTheErrorLimit) {
  diags.setConsumer(createJSONConsumer(sm, os));
  for (int i = 0; i < 30; ++i)
    diags.report(SMLoc(), E, "x");
  diags.finish();
  Expected<json::Value> doc = json::parse(os.str());
  ASSERT_TRUE(bool(doc));
  EXPECT_EQ(doc->getAsObject()->getArray("diagnostics")->size(), 30u);
  EXPECT_FALSE(StringRef(os.str()).contains("too-many-errors"));
}

} // namespace
