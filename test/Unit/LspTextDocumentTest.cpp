//===- LspTextDocumentTest.cpp - UTF-16 positions and edits ---------------===//

#include "lsp/TextDocument.h"

#include <gtest/gtest.h>

using namespace rulecc::lsp;

namespace {

// "é" is 2 bytes and 1 UTF-16 unit; "😀" (U+1F600) 4 bytes and 2 units.
const char *Text = "ab\n"
                   "\xC3\xA9x\r\n"
                   "\xF0\x9F\x98\x80y\r"
                   "last";

TEST(LspTextDocument, PositionsCountUTF16Units) {
  LineIndex idx(Text);
  EXPECT_EQ(idx.numLines(), 4u);
  EXPECT_EQ(idx.offsetOf({0, 0}), 0u);
  EXPECT_EQ(idx.offsetOf({1, 0}), 3u);
  EXPECT_EQ(idx.offsetOf({1, 1}), 5u);  // after é
  EXPECT_EQ(idx.offsetOf({1, 2}), 6u);  // after x, before \r\n
  EXPECT_EQ(idx.offsetOf({2, 2}), 12u); // after the emoji
  EXPECT_EQ(idx.offsetOf({2, 3}), 13u);
  EXPECT_EQ(idx.offsetOf({3, 4}), 18u); // a lone \r ends a line too
  EXPECT_EQ(idx.positionOf(5), (Position{1, 1}));
  EXPECT_EQ(idx.positionOf(12), (Position{2, 2}));
  EXPECT_EQ(idx.positionOf(13), (Position{2, 3}));
  EXPECT_EQ(idx.positionOf(18), (Position{3, 4}));
  EXPECT_EQ(idx.line(1), "\xC3\xA9x");
  EXPECT_EQ(idx.line(2), "\xF0\x9F\x98\x80y");
}

TEST(LspTextDocument, PositionsClampAsTheProtocolSays) {
  LineIndex idx(Text);
  EXPECT_EQ(idx.offsetOf({0, 99}), 2u);            // the end of the line
  EXPECT_EQ(idx.offsetOf({1, 99}), 6u);            // before \r\n
  EXPECT_EQ(idx.offsetOf({99, 0}), 18u);           // the end of the text
  EXPECT_EQ(idx.offsetOf({2, 1}), 8u);             // inside a surrogate pair
  EXPECT_EQ(idx.positionOf(10), (Position{2, 0})); // inside a character
  EXPECT_EQ(idx.positionOf(999), (Position{3, 4}));
}

TEST(LspTextDocument, EmptyTextAndTrailingLineBreak) {
  LineIndex empty("");
  EXPECT_EQ(empty.numLines(), 1u);
  EXPECT_EQ(empty.offsetOf({0, 5}), 0u);
  LineIndex trailing("a\n");
  EXPECT_EQ(trailing.numLines(), 2u);
  EXPECT_EQ(trailing.offsetOf({1, 0}), 2u);
  EXPECT_EQ(trailing.positionOf(2), (Position{1, 0}));
}

TEST(LspTextDocument, IncrementalEdits) {
  TextDocument doc("scope \"AWS::S3::Bucket\"\nmanaged_rule :x\n", 1);
  // Replace `Bucket` with `BucketPolicy`.
  ASSERT_FALSE(llvm::errorToBool(
      doc.applyChange(Range{{0, 16}, {0, 22}}, "BucketPolicy")));
  EXPECT_EQ(doc.getText(),
            "scope \"AWS::S3::BucketPolicy\"\nmanaged_rule :x\n");
  // Insert at the end of the text, then a multi-line deletion.
  ASSERT_FALSE(
      llvm::errorToBool(doc.applyChange(Range{{2, 0}, {2, 0}}, "end\n")));
  EXPECT_EQ(doc.getText(),
            "scope \"AWS::S3::BucketPolicy\"\nmanaged_rule :x\nend\n");
  ASSERT_FALSE(llvm::errorToBool(doc.applyChange(Range{{0, 6}, {1, 12}}, "")));
  EXPECT_EQ(doc.getText(), "scope  :x\nend\n");
  EXPECT_EQ(doc.getIndex().numLines(), 3u);
  EXPECT_EQ(doc.getIndex().offsetOf({1, 0}), 10u);
}

TEST(LspTextDocument, EditsAfterNonASCIICountUnits) {
  TextDocument doc("desc \"\xF0\x9F\x98\x80 caf\xC3\xA9\" # x\n");
  // Column 6 is after the quote; the emoji is 2 units, " café" 5.
  ASSERT_FALSE(
      llvm::errorToBool(doc.applyChange(Range{{0, 9}, {0, 13}}, "CAFE")));
  EXPECT_EQ(doc.getText(), "desc \"\xF0\x9F\x98\x80 CAFE\" # x\n");
}

TEST(LspTextDocument, FullReplacementAndBadRange) {
  TextDocument doc("abc");
  ASSERT_FALSE(llvm::errorToBool(doc.applyChange(std::nullopt, "xyz\nw")));
  EXPECT_EQ(doc.getText(), "xyz\nw");
  EXPECT_TRUE(llvm::errorToBool(doc.applyChange(Range{{1, 1}, {0, 0}}, "q")));
  EXPECT_EQ(doc.getText(), "xyz\nw");
  // A range past the end is clamped, as the protocol says.
  ASSERT_FALSE(llvm::errorToBool(doc.applyChange(Range{{5, 0}, {9, 9}}, "!")));
  EXPECT_EQ(doc.getText(), "xyz\nw!");
}

TEST(LspProtocol, FileURIs) {
  EXPECT_EQ(uriToPath("file:///tmp/a%20b/c.rules"), "/tmp/a b/c.rules");
  EXPECT_EQ(uriToPath("file://localhost/x"), "/x");
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(uriToPath("file://host/x"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///bad%zz"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///nul%00"), std::nullopt);
  EXPECT_EQ(pathToURI("/tmp/a b/é:c.rules"),
            "file:///tmp/a%20b/%C3%A9%3Ac.rules");
  EXPECT_EQ(uriToPath(pathToURI("/tmp/a b/é:c.rules")), "/tmp/a b/é:c.rules");
}

} // namespace
