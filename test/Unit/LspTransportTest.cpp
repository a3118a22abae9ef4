//===- LspTransportTest.cpp - Content-Length framing ----------------------===//

#include "lsp/Transport.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace rulecc::lsp;

namespace {

/// Reads `input` in pieces of `chunk` bytes, as a pipe delivers it.
std::vector<FramedInput> readAll(std::string input, size_t chunk = 7,
                                 size_t maxBody = MaxMessageBytes) {
  size_t at = 0;
  MessageReader reader(
      [&](char *buf, size_t size) {
        size_t n = std::min({size, chunk, input.size() - at});
        std::copy_n(input.data() + at, n, buf);
        at += n;
        return n;
      },
      maxBody);
  std::vector<FramedInput> out;
  for (int i = 0; i < 1000; ++i) {
    FramedInput in = reader.next();
    if (in.kind == FramedInput::End)
      return out;
    out.push_back(std::move(in));
  }
  ADD_FAILURE() << "the reader did not reach the end";
  return out;
}

TEST(LspTransport, ReadsFramedMessagesInAnyChunking) {
  std::string input = frameMessage(R"({"a":1})") +
                      "Content-Type: application/vscode-jsonrpc; "
                      "charset=utf-8\r\n" +
                      frameMessage(R"({"b":"\u00e9"})");
  for (size_t chunk : {1, 3, 7, 1000}) {
    std::vector<FramedInput> msgs = readAll(input, chunk);
    ASSERT_EQ(msgs.size(), 2u) << chunk;
    EXPECT_EQ(msgs[0].kind, FramedInput::Message);
    EXPECT_EQ(msgs[0].body, R"({"a":1})");
    EXPECT_EQ(msgs[1].body, R"({"b":"\u00e9"})");
  }
}

TEST(LspTransport, ManyMessagesThroughASmallPipe) {
  // The reader drops consumed bytes as it goes; headers and bodies that
  // straddle reads must survive that.
  std::string input;
  for (int i = 0; i < 200; ++i)
    input +=
        frameMessage("[" + std::string(i % 37, ' ') + std::to_string(i) + "]");
  for (size_t chunk : {1, 5, 64}) {
    std::vector<FramedInput> msgs = readAll(input, chunk);
    ASSERT_EQ(msgs.size(), 200u) << chunk;
    for (int i = 0; i < 200; ++i)
      EXPECT_EQ(msgs[i].body,
                "[" + std::string(i % 37, ' ') + std::to_string(i) + "]");
  }
}

TEST(LspTransport, HeaderNamesAreCaseInsensitiveAndLFAlone) {
  std::vector<FramedInput> msgs = readAll("content-length: 2\n\n{}");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "{}");
}

TEST(LspTransport, BodyMayHoldLineBreaksAndHeaderText) {
  std::string body = "{\"x\":\"Content-Length: 99\\r\\n\"}\n";
  std::vector<FramedInput> msgs = readAll(frameMessage(body));
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, body);
}

TEST(LspTransport, GarbageIsOneErrorThenTheNextMessageIsRead) {
  std::vector<FramedInput> msgs =
      readAll("this is not a header\r\nnor this\r\n\r\n" + frameMessage("{}"));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].kind, FramedInput::Error);
  EXPECT_EQ(msgs[0].code, ErrorCode::ParseError);
  EXPECT_NE(msgs[0].error.find("this is not a header"), std::string::npos);
  EXPECT_EQ(msgs[1].kind, FramedInput::Message);
  EXPECT_EQ(msgs[1].body, "{}");
}

TEST(LspTransport, ResynchronisesOnAHeaderGluedToGarbage) {
  std::vector<FramedInput> msgs =
      readAll("\x01\x02garbage{]" + frameMessage("[1]"));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].kind, FramedInput::Error);
  EXPECT_EQ(msgs[1].body, "[1]");
}

TEST(LspTransport, TruncatedHeaderIsAnError) {
  // A Content-Length without a value, one without digits, then a good one.
  std::vector<FramedInput> msgs = readAll(
      "Content-Length:\r\n\r\nContent-Length: 1x\r\n\r\n" + frameMessage("7"));
  ASSERT_GE(msgs.size(), 2u);
  EXPECT_EQ(msgs.front().kind, FramedInput::Error);
  EXPECT_EQ(msgs.back().kind, FramedInput::Message);
  EXPECT_EQ(msgs.back().body, "7");
}

TEST(LspTransport, HeadersWithoutContentLengthAreAnError) {
  std::vector<FramedInput> msgs =
      readAll("Content-Type: x\r\n\r\n" + frameMessage("1"));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].kind, FramedInput::Error);
  EXPECT_EQ(msgs[1].body, "1");
}

TEST(LspTransport, HugeContentLengthIsRefusedWithoutReadingIt) {
  std::vector<FramedInput> msgs = readAll(
      "Content-Length: 99999999999999\r\n\r\n{\"id\":1}" + frameMessage("{}"),
      7, 1 << 20);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].kind, FramedInput::Error);
  EXPECT_EQ(msgs[0].code, ErrorCode::InvalidRequest);
  EXPECT_NE(msgs[0].error.find("over the limit"), std::string::npos);
  EXPECT_EQ(msgs[1].body, "{}");
}

TEST(LspTransport, LongGarbageWithoutLineBreaksIsBounded) {
  std::string garbage(100000, 'x');
  std::vector<FramedInput> msgs = readAll(garbage + frameMessage("{}"), 4096);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].kind, FramedInput::Error);
  EXPECT_LT(msgs[0].error.size(), 200u);
  EXPECT_EQ(msgs[1].body, "{}");
}

TEST(LspTransport, EndInsideABodyEndsQuietly) {
  std::vector<FramedInput> msgs = readAll("Content-Length: 10\r\n\r\n{\"a\"");
  EXPECT_TRUE(msgs.empty());
}

TEST(LspTransport, WriterFrames) {
  std::string out;
  llvm::raw_string_ostream os(out);
  MessageWriter writer(os);
  EXPECT_TRUE(writer.send(llvm::json::Object{{"k", "é"}}));
  // Bytes, not characters: é is two.
  EXPECT_EQ(os.str(), "Content-Length: 10\r\n\r\n{\"k\":\"é\"}");
}

} // namespace
