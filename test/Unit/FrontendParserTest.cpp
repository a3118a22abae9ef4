//===- FrontendParserTest.cpp - parseBuffer, dumpTokens, the loader
//--------===//
// Properties a golden test cannot state: every node of a recovered AST is
// whole and inside its buffer, garbage never crashes or hangs, long input
// stays linear, the error cap holds, chunked parsing matches a whole parse.
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <chrono>
#include <random>

using namespace llvm;
using namespace rulecc;

namespace {

/// Keeps every diagnostic (no error limit).
class Collector : public DiagnosticConsumer {
public:
  explicit Collector(std::vector<Diagnostic> &out) : out(out) {}
  void handle(const Diagnostic &diag) override { out.push_back(diag); }
  bool wantsAllDiagnostics() const override { return true; }

private:
  std::vector<Diagnostic> &out;
};

class FrontendParserTest : public ::testing::Test {
protected:
  FrontendParserTest() : diags(sm) {
    diags.setConsumer(std::make_unique<Collector>(reported));
  }

  std::unique_ptr<ast::File> parse(StringRef text) {
    unsigned id = sm.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy(text, "test.rules"), SMLoc());
    lastBuffer = sm.getMemoryBuffer(id);
    return parseBuffer(sm, id, diags);
  }

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const Diagnostic &d : reported)
      out.push_back(d.message);
    return out;
  }

  /// Every range lies in the last parsed buffer, and no child is null.
  void checkNode(const ast::Node &node, unsigned depth = 0) {
    ASSERT_LT(depth, 2 * MaxNestingDepth);
    checkRange(node.getRange());
    ast::forEachChild(
        node, [&](const ast::Node &child) { checkNode(child, depth + 1); });
  }
  void checkRange(SMRange r) {
    ASSERT_TRUE(r.isValid());
    const char *begin = lastBuffer->getBufferStart();
    const char *end = lastBuffer->getBufferEnd();
    EXPECT_LE(begin, r.Start.getPointer());
    EXPECT_LE(r.Start.getPointer(), r.End.getPointer());
    EXPECT_LE(r.End.getPointer(), end);
  }
  void checkFile(const ast::File &file) {
    for (const ast::NodePtr &stmt : file.stmts) {
      ASSERT_TRUE(stmt);
      checkNode(*stmt);
    }
    for (const Diagnostic &d : reported)
      if (d.range.isValid())
        checkRange(d.range);
  }

  SourceMgr sm;
  DiagnosticEngine diags;
  std::vector<Diagnostic> reported;
  const MemoryBuffer *lastBuffer = nullptr;
};

TEST_F(FrontendParserTest, EmptyAndBlankFiles) {
  for (StringRef text : {"", "\n\n", "# only a comment", "\xEF\xBB\xBF"}) {
    std::unique_ptr<ast::File> file = parse(text);
    ASSERT_TRUE(file);
    EXPECT_TRUE(file->stmts.empty()) << text.str();
  }
  EXPECT_TRUE(reported.empty());
}

TEST_F(FrontendParserTest, ByteOrderMarkAndCRLF) {
  std::unique_ptr<ast::File> file =
      parse("\xEF\xBB\xBF"
            "desc \"a\"\r\nx = <<~E\r\n  two\r\n  lines\r\nE\r\n");
  EXPECT_TRUE(reported.empty());
  ASSERT_EQ(file->stmts.size(), 2u);
  auto *desc = dyn_cast<ast::CallNode>(file->stmts[0].get());
  ASSERT_TRUE(desc);
  EXPECT_EQ(desc->getName(), "desc");
  auto *assign = dyn_cast<ast::AssignNode>(file->stmts[1].get());
  ASSERT_TRUE(assign);
  auto *str = dyn_cast<ast::StringLitNode>(assign->getValue());
  ASSERT_TRUE(str);
  EXPECT_EQ(str->getPlainValue(), "two\nlines\n");
  checkFile(*file);
}

TEST_F(FrontendParserTest, InvalidUTF8IsReportedAtTheFirstBadByte) {
  std::unique_ptr<ast::File> file = parse("desc \"ok\"\nx = \"\xC3\x28\"\n");
  EXPECT_TRUE(file->stmts.empty());
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].id, DiagID::FileNotUTF8);
  EXPECT_EQ(reported[0].range.Start.getPointer() - lastBuffer->getBufferStart(),
            15);
}

TEST_F(FrontendParserTest, RecoveredTreeKeepsTheGoodStatements) {
  std::unique_ptr<ast::File> file = parse("a 1\n"
                                          "b ) 2\n"
                                          "c 3\n"
                                          "d = = 4\n"
                                          "e \"x\" \"y\"\n"
                                          "f 6\n");
  EXPECT_EQ(reported.size(), 3u);
  std::vector<std::string> names;
  for (const ast::NodePtr &stmt : file->stmts) {
    if (auto *call = dyn_cast<ast::CallNode>(stmt.get()))
      names.push_back(call->getName().str());
    else if (auto *id = dyn_cast<ast::IdentifierNode>(stmt.get()))
      names.push_back(id->getName().str());
    else if (auto *assign = dyn_cast<ast::AssignNode>(stmt.get()))
      names.push_back(assign->getName().str());
  }
  // `b` before its stray `)`, and `d = 4` after single-token deletion.
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  checkFile(*file);
}

TEST_F(FrontendParserTest, DiagnosticsComeInSourceOrder) {
  // Lexical errors (found first, while tokenizing) and syntax errors
  // (found later, while parsing) interleave by position.
  parse("a = )\nb = \"\\q\"\nc = ]\nd = 007\n");
  ASSERT_EQ(reported.size(), 4u);
  for (size_t i = 1; i < reported.size(); ++i)
    EXPECT_LT(reported[i - 1].range.Start.getPointer(),
              reported[i].range.Start.getPointer());
  EXPECT_EQ(reported[1].id, DiagID::InvalidEscape);
  EXPECT_EQ(reported[3].id, DiagID::InvalidNumber);
}

TEST_F(FrontendParserTest, ChunkedParseMatchesStatementCount) {
  // Far more tokens than one parsing chunk, with classes spanning chunk
  // sizes: every statement is kept, in order.
  std::string text;
  for (int c = 0; c < 40; ++c) {
    text += "class C" + std::to_string(c) + "Rule < ApplicationRule\n";
    for (int r = 0; r < 60; ++r)
      text += "  desc \"r" + std::to_string(r) + "\"\n  managed_rule :x" +
              std::to_string(r) + "\n";
    text += "end\ntop_level " + std::to_string(c) + "\n";
  }
  std::unique_ptr<ast::File> file = parse(text);
  EXPECT_TRUE(reported.empty());
  ASSERT_EQ(file->stmts.size(), 80u);
  for (int c = 0; c < 40; ++c) {
    auto *cls = dyn_cast<ast::ClassDefNode>(file->stmts[2 * c].get());
    ASSERT_TRUE(cls);
    EXPECT_EQ(cls->getName(), "C" + std::to_string(c) + "Rule");
    EXPECT_EQ(cls->getBody().size(), 120u);
    EXPECT_TRUE(isa<ast::CallNode>(file->stmts[2 * c + 1].get()));
  }
}

TEST_F(FrontendParserTest, LongOperatorChainsAreHeldToTheNestingLimit) {
  // Within the limit: a left-deep tree of that height.
  std::string ok = "x = 1";
  for (unsigned i = 0; i < MaxNestingDepth - 10; ++i)
    ok += " + 1";
  std::unique_ptr<ast::File> file = parse(ok + "\n");
  EXPECT_TRUE(reported.empty());
  ASSERT_EQ(file->stmts.size(), 1u);
  checkFile(*file);

  // Far beyond it (no brackets): one nesting-too-deep, no crash.
  std::string deep = "x = a";
  for (int i = 0; i < 100000; ++i)
    deep += i % 2 ? ".b" : " + 1";
  parse(deep + "\ny = 2\n");
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].id, DiagID::NestingTooDeep);
}

TEST_F(FrontendParserTest, DeepBracketsAreRejectedBeforeParsing) {
  for (StringRef open : {"(", "[", "{", "!", "- ", "not ", "\"#{"}) {
    reported.clear();
    std::string text = "x = ";
    for (int i = 0; i < 10000; ++i)
      text += open.str();
    parse(text + "1\n");
    ASSERT_FALSE(reported.empty()) << open.str();
    EXPECT_EQ(reported[0].id, DiagID::NestingTooDeep) << open.str();
  }
}

TEST_F(FrontendParserTest, LongStringIsLinear) {
  auto timeParse = [&](size_t n) {
    std::string text = "desc \"" + std::string(n, 'a') + "\"\n";
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<ast::File> file = parse(text);
    auto took = std::chrono::steady_clock::now() - start;
    auto *call = cast<ast::CallNode>(file->stmts[0].get());
    EXPECT_EQ(cast<ast::StringLitNode>(call->getArgs()[0].get())
                  ->getPlainValue()
                  .size(),
              n);
    return std::chrono::duration<double>(took).count();
  };
  timeParse(1000); // warm up the lexer's DFA
  double small = timeParse(1 << 20), large = timeParse(8 << 20);
  EXPECT_TRUE(reported.empty());
  // Eight times the text: well under 8 * 4 the time (generous for a loaded
  // machine) - a quadratic lexer would take 64 times as long.
  EXPECT_LT(large, small * 32 + 0.5) << small << "s vs " << large << "s";
}

TEST_F(FrontendParserTest, BlankLinesBeforeALeadingDotStayLinear) {
  // `a`, many blank or comment lines, then `.b`: one chained call. Looking
  // past the blank lines once per line would be quadratic (and hang here).
  std::string text = "a";
  for (int i = 0; i < 200000; ++i)
    text += i % 2 ? "\n" : "\n# comment";
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<ast::File> file = parse(text + "\n  .b\n");
  double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_TRUE(reported.empty());
  ASSERT_EQ(file->stmts.size(), 1u);
  auto *call = dyn_cast<ast::CallNode>(file->stmts[0].get());
  ASSERT_TRUE(call);
  EXPECT_EQ(call->getName(), "b");
  EXPECT_LT(took, 10.0);
}

TEST_F(FrontendParserTest, ErrorCountIsCapped) {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "x = )\n";
  parse(text);
  ASSERT_FALSE(reported.empty());
  EXPECT_LT(reported.size(), 1100u);
  EXPECT_EQ(reported.back().id, DiagID::TooManyErrors);
}

TEST_F(FrontendParserTest, RandomTokenSoupNeverCrashes) {
  // Fragments of the language glued at random: whatever comes out must be
  // a whole AST with in-buffer ranges, never a crash or a hang.
  const char *pieces[] = {
      "class ", "A",      "Rule",     " < ",
      "end",    "\n",     ";",        "do ",
      "|x|",    " { ",    " }",       "(",
      ")",      "[",      "]",        "if ",
      "elsif ", "else",   "unless ",  "x",
      ".y",     "?",      "!",        " = ",
      " == ",   "&&",     " and ",    "not ",
      "\"s",    "\"",     "#{",       "}",
      "'q'",    ":sym",   ":\"d",     "k: ",
      " => ",   "1_0",    "2.5",      "<<~E",
      "\nE\n",  " # c\n", "\\\n",     "require ",
      ",",      "-",      "+",        "*",
      "@",      "\x01",   "\xC3\xA9", "::",
      "AWS",    "\t",     "0x",       "9999999999999999999"};
  std::mt19937 rng(42);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int i = 0; i < 60; ++i)
      text += pieces[pick(rng)];
    reported.clear();
    std::unique_ptr<ast::File> file = parse(text);
    ASSERT_TRUE(file);
    checkFile(*file);
  }
}

TEST_F(FrontendParserTest, EveryTruncationOfARealFileIsHandled) {
  // A file cut anywhere (in a heredoc, an interpolation, a block, a hash)
  // gives diagnostics and a whole AST, never a crash.
  const std::string text =
      "project \"p\"\n"
      "class CheckRule < ApplicationRule\n"
      "  desc \"a #{x || \"y\"} b\"\n"
      "  input_parameters max_age: 90, tags: { env: [\"prod\", :dev] }\n"
      "  policy :p, <<~GUARD, x: 1\n"
      "    rule r { a == \"#{b}\" }\n"
      "  GUARD\n"
      "  rule :r do |item|\n"
      "    s = item.a.b[\"raw\"] if item.c?\n"
      "    non_compliant \"no\" unless s == 'ok' && !item.d.any? { |v| v > -1 "
      "}\n"
      "  end\n"
      "end\n";
  for (size_t n = 0; n <= text.size(); ++n) {
    reported.clear();
    std::unique_ptr<ast::File> file = parse(StringRef(text).take_front(n));
    ASSERT_TRUE(file);
    checkFile(*file);
  }
  // The whole file is fine.
  EXPECT_TRUE(reported.empty());
}

TEST_F(FrontendParserTest, InputsThatOnceCrashed) {
  // Found by mutation fuzzing: error recovery leaves parts of the parse
  // tree missing (here the key of a `key: value` argument whose label was
  // skipped).
  for (StringRef text : {"policy :p, <<~G,= x: 1\n  a\nG\n", "x 1, = y: 2\n"}) {
    reported.clear();
    std::unique_ptr<ast::File> file = parse(text);
    ASSERT_TRUE(file);
    EXPECT_FALSE(reported.empty());
    checkFile(*file);
  }
}

TEST_F(FrontendParserTest, DumpTokensFormat) {
  unsigned id = sm.AddNewSourceBuffer(
      MemoryBuffer::getMemBufferCopy("f(\"a\\n\")\n", "t.rules"), SMLoc());
  std::string out;
  raw_string_ostream os(out);
  dumpTokens(sm, id, os, diags);
  EXPECT_EQ(os.str(), "1:1 IDENT 'f'\n"
                      "1:2 LPAREN_CALL '('\n"
                      "1:3 DQ_START '\"'\n"
                      "1:4 STR_TEXT 'a'\n"
                      "1:5 STR_ESCAPE '\\\\n'\n"
                      "1:7 DQ_END '\"'\n"
                      "1:8 RPAREN ')'\n"
                      "1:9 NL '\\n'\n"
                      "2:1 EOF ''\n");
}

/// A scratch directory of .rules files for the loader.
class FrontendLoaderTest : public FrontendParserTest {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("rulecc-loader", dir));
  }
  void TearDown() override { sys::fs::remove_directories(dir); }
  std::string write(StringRef name, StringRef text) {
    SmallString<128> path(dir);
    sys::path::append(path, name);
    sys::fs::create_directories(sys::path::parent_path(path));
    std::error_code ec;
    raw_fd_ostream os(path, ec);
    EXPECT_FALSE(ec);
    os << text;
    return path.str().str();
  }
  SmallString<128> dir;
};

TEST_F(FrontendLoaderTest, SortedByPathAndLoadedOnce) {
  std::string b = write("b.rules", "require \"lib/c\"\nb 1\n");
  std::string a = write("a.rules", "require \"lib/c\"\nrequire \"b\"\na 1\n");
  write("lib/c.rules", "c 1\n");
  std::vector<std::unique_ptr<ast::File>> files =
      loadApplication({b, a, b}, sm, diags);
  EXPECT_TRUE(reported.empty());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(sys::path::filename(files[0]->path), "a.rules");
  EXPECT_EQ(sys::path::filename(files[1]->path), "b.rules");
  EXPECT_EQ(sys::path::filename(files[2]->path), "c.rules");
  for (const auto &file : files) {
    EXPECT_TRUE(sys::path::is_absolute(file->resolvedPath));
    EXPECT_EQ(sm.getMemoryBuffer(file->bufferID)->getBufferIdentifier(),
              file->path);
  }
}

TEST_F(FrontendLoaderTest, SymlinkedPathIsTheSameFile) {
  std::string real = write("real.rules", "x 1\n");
  SmallString<128> link(dir);
  sys::path::append(link, "link.rules");
  ASSERT_FALSE(sys::fs::create_link(real, link));
  std::vector<std::unique_ptr<ast::File>> files =
      loadApplication({real, link.str().str()}, sm, diags);
  EXPECT_EQ(files.size(), 1u);
}

TEST_F(FrontendLoaderTest, MissingFileIsDiagnosed) {
  SmallString<128> missing(dir);
  sys::path::append(missing, "missing.rules");
  std::vector<std::unique_ptr<ast::File>> files =
      loadApplication({missing.str().str()}, sm, diags);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].id, DiagID::FileNotFound);
  EXPECT_EQ(reported[0].filename, missing.str());
  EXPECT_NE(reported[0].message.find("No such file"), std::string::npos);
}

TEST_F(FrontendLoaderTest, CycleThroughTwoFiles) {
  std::string a = write("a.rules", "require \"b\"\n");
  write("b.rules", "require \"a\"\n");
  std::vector<std::unique_ptr<ast::File>> files =
      loadApplication({a}, sm, diags);
  EXPECT_EQ(files.size(), 2u);
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].id, DiagID::RequireCycle);
}

} // namespace
