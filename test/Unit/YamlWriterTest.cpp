//===- YamlWriterTest.cpp - The CloudFormation YAML writer ----------------===//
// yaml-cpp is the oracle: every emitted document must read back as the
// structure and strings that were written.
//===----------------------------------------------------------------------===//

#include "backends/cfn/YamlWriter.h"

#include "yaml-cpp/yaml.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace rulecc::cfn;

namespace {

std::string emitOne(const std::string &value) {
  std::string out;
  YamlWriter w(out);
  w.beginMap();
  w.key("K");
  w.string(value);
  w.endMap();
  EXPECT_TRUE(w.isComplete());
  return out;
}

/// Strings a naive writer gets wrong: YAML 1.1 booleans and nulls, numbers,
/// dates, indicators, comments, blanks, control and non-ASCII characters.
const std::vector<std::string> &trickyStrings() {
  static const std::vector<std::string> strings = {
      "yes",
      "Yes",
      "NO",
      "on",
      "Off",
      "y",
      "n",
      "true",
      "False",
      "null",
      "Null",
      "~",
      "",
      " ",
      "  ",
      "0123",
      "0x1F",
      "0o17",
      "1e3",
      "1_000",
      "-1",
      "+1",
      ".5",
      ".inf",
      "-.Inf",
      ".NaN",
      "1:20",
      "12:30:45",
      "2010-09-09",
      "2001-12-14t21:59:43.10-05:00",
      ": ",
      "a: b",
      "a:",
      "#",
      "a #b",
      "a#b",
      "-",
      "- a",
      "--- ",
      "...",
      "? x",
      "?",
      "!Ref X",
      "&anchor",
      "*alias",
      "|",
      ">",
      "%TAG",
      "@x",
      "`x",
      "{a: 1}",
      "[1, 2]",
      "a, b",
      "'quoted'",
      "\"dq\"",
      "back\\slash",
      " leading",
      "trailing ",
      "\tTab",
      "tab\tin",
      "line\nbreak",
      "trailing newline\n",
      "two trailing\n\n",
      "\nleading newline",
      "\n",
      "\n\n",
      "crlf\r\nline",
      "nul\x01"
      "ctl",
      "del\x7F",
      "caf\xC3\xA9",
      "\xE2\x80\x94 dash",
      "\xF0\x9F\x94\x90 lock",
      "nel\xC2\x85"
      "x",
      "ls\xE2\x80\xA8"
      "x",
      "bom\xEF\xBB\xBF",
      "=",
      "<<",
      "arn:${AWS::Partition}:iam::aws:policy/X",
      "lambda:InvokeFunction",
      "AWS::EC2::SecurityGroup",
      "CIS 4.1 - Ensure no security groups allow ingress from 0.0.0.0/0",
      "  indented\nblock\n",
      "   \nx",
      "\n  more indented",
      "a\n\n\nb",
      "x\n  y\n    z\n",
      "# comment line\ncode\n",
      "---\n...\n",
      "key: value\n- item\n",
      "tab\tin\nblock\n",
      "\tstarts with tab\nx",
      "trailing spaces   \nx  \n",
      std::string(5000, 'a'),
  };
  return strings;
}

TEST(YamlWriterTest, TrickyStringsReadBackUnchanged) {
  for (const std::string &s : trickyStrings()) {
    std::string doc = emitOne(s);
    SCOPED_TRACE("value: " + s + "\ndocument:\n" + doc);
    YAML::Node root = YAML::Load(doc);
    ASSERT_TRUE(root.IsMap());
    ASSERT_TRUE(root["K"].IsScalar());
    EXPECT_EQ(root["K"].Scalar(), s);
  }
}

TEST(YamlWriterTest, InvalidUTF8BecomesReplacementCharacter) {
  std::string doc = emitOne("bad\xFF\xC3(x");
  EXPECT_EQ(YAML::Load(doc)["K"].Scalar(), "bad\xEF\xBF\xBD\xEF\xBF\xBD(x");
}

TEST(YamlWriterTest, TrickyStringsAsKeys) {
  for (const std::string &s : trickyStrings()) {
    std::string out;
    YamlWriter w(out);
    w.beginMap();
    w.key(s);
    w.integer(1);
    w.endMap();
    SCOPED_TRACE("key: " + s + "\ndocument:\n" + out);
    YAML::Node root = YAML::Load(out);
    ASSERT_TRUE(root.IsMap());
    ASSERT_EQ(root.size(), 1u);
    EXPECT_EQ(root.begin()->first.Scalar(), s);
  }
}

TEST(YamlWriterTest, LongKeysUseTheExplicitForm) {
  std::string longKey(1500, 'k');
  std::string out;
  YamlWriter w(out);
  w.beginMap();
  w.key(longKey);
  w.beginMap();
  w.entry("Inner", "v");
  w.endMap();
  w.key(longKey + "2");
  w.beginSeq();
  w.string("a\nb\n");
  w.endSeq();
  w.key(longKey + "3");
  w.string("x");
  w.key("short");
  w.integer(1);
  w.endMap();
  EXPECT_EQ(out.substr(0, 2), "? ");
  EXPECT_NE(out.find("\n: x\n"), std::string::npos);
  YAML::Node root = YAML::Load(out);
  EXPECT_EQ(root[longKey]["Inner"].Scalar(), "v");
  EXPECT_EQ(root[longKey + "2"][0].Scalar(), "a\nb\n");
  EXPECT_EQ(root[longKey + "3"].Scalar(), "x");
  EXPECT_EQ(root["short"].as<int>(), 1);
}

TEST(YamlWriterTest, ValuesYamlWouldRetypeAreQuoted) {
  // yaml-cpp tags a quoted scalar "!" and a plain one "?": a plain `yes`
  // would be a boolean to YAML 1.1 readers such as CloudFormation's.
  for (const char *s : {"yes", "No", "on", "null", "~", "0123", "1e3",
                        "2010-09-09", "1:20", ".5", "-1", "=", "<<"}) {
    YAML::Node node = YAML::Load(emitOne(s))["K"];
    EXPECT_EQ(node.Tag(), "!") << s;
  }
  EXPECT_EQ(chooseScalarStyle("yes"), ScalarStyle::SingleQuoted);
  EXPECT_EQ(chooseScalarStyle("tab\tin"), ScalarStyle::DoubleQuoted);
  EXPECT_EQ(chooseScalarStyle("a\nb"), ScalarStyle::Literal);
  EXPECT_EQ(chooseScalarStyle("a\nb", /*asKey=*/true),
            ScalarStyle::DoubleQuoted);
  EXPECT_EQ(chooseScalarStyle("\n\n"), ScalarStyle::DoubleQuoted);
  EXPECT_EQ(chooseScalarStyle("caf\xC3\xA9"), ScalarStyle::SingleQuoted);
  EXPECT_EQ(chooseScalarStyle("nel\xC2\x85"), ScalarStyle::DoubleQuoted);
}

TEST(YamlWriterTest, OrdinaryTemplateStringsStayPlain) {
  for (const char *s :
       {"AWS::Config::ConfigRule", "lambda:InvokeFunction",
        "config.amazonaws.com", "python3.12", "index.lambda_handler",
        "TwentyFour_Hours", "rules-example-check-incoming-ssh-disabled",
        "CIS 2.2, 2.7 - CloudTrail log file validation and KMS encryption",
        "AWS::AccountId", "sts:AssumeRole"}) {
    EXPECT_EQ(chooseScalarStyle(s), ScalarStyle::Plain) << s;
    EXPECT_EQ(emitOne(s), std::string("K: ") + s + "\n");
  }
}

TEST(YamlWriterTest, LiteralBlockChompingAndIndentation) {
  EXPECT_EQ(emitOne("a\nb"), "K: |-\n  a\n  b\n");
  EXPECT_EQ(emitOne("a\nb\n"), "K: |\n  a\n  b\n");
  EXPECT_EQ(emitOne("a\nb\n\n"), "K: |+\n  a\n  b\n\n");
  EXPECT_EQ(emitOne("  a\nb\n"), "K: |2\n    a\n  b\n");
  EXPECT_EQ(emitOne("a\n\nb\n"), "K: |\n  a\n\n  b\n");
}

TEST(YamlWriterTest, NestedStructure) {
  std::string out;
  YamlWriter w(out, 2);
  w.beginMap();
  w.key("Role");
  w.beginMap();
  w.entry("Type", "AWS::IAM::Role");
  w.key("Properties");
  w.beginMap();
  w.key("Statement");
  w.beginSeq();
  w.beginMap();
  w.entry("Effect", "Allow");
  w.key("Action");
  w.beginSeq();
  w.string("logs:PutLogEvents");
  w.string("yes");
  w.endSeq();
  w.key("Resource");
  w.sub("arn:${AWS::Partition}:logs:*");
  w.endMap();
  w.beginSeq();
  w.string("inner");
  w.integer(-3);
  w.endSeq();
  w.beginMap();
  w.endMap();
  w.beginSeq();
  w.endSeq();
  w.string("multi\nline\n");
  w.endSeq();
  w.key("Empty");
  w.beginMap();
  w.endMap();
  w.key("EmptyList");
  w.beginSeq();
  w.endSeq();
  w.key("Arn");
  w.getAtt("Fn", "Arn");
  w.key("Account");
  w.ref("AWS::AccountId");
  w.entryBool("Flag", false);
  w.endMap();
  w.endMap();
  w.endMap();
  ASSERT_TRUE(w.isComplete());
  EXPECT_EQ(out, R"(  Role:
    Type: AWS::IAM::Role
    Properties:
      Statement:
        - Effect: Allow
          Action:
            - logs:PutLogEvents
            - 'yes'
          Resource: !Sub 'arn:${AWS::Partition}:logs:*'
        - - inner
          - -3
        - {}
        - []
        - |
          multi
          line
      Empty: {}
      EmptyList: []
      Arn: !GetAtt Fn.Arn
      Account: !Ref AWS::AccountId
      Flag: false
)");
  YAML::Node root = YAML::Load(out);
  YAML::Node props = root["Role"]["Properties"];
  YAML::Node stmt = props["Statement"];
  ASSERT_EQ(stmt.size(), 5u);
  EXPECT_EQ(stmt[0]["Action"][1].Scalar(), "yes");
  EXPECT_EQ(stmt[0]["Resource"].Tag(), "!Sub");
  EXPECT_EQ(stmt[0]["Resource"].Scalar(), "arn:${AWS::Partition}:logs:*");
  EXPECT_EQ(stmt[1][1].as<int>(), -3);
  EXPECT_TRUE(stmt[2].IsMap() && stmt[2].size() == 0);
  EXPECT_TRUE(stmt[3].IsSequence() && stmt[3].size() == 0);
  EXPECT_EQ(stmt[4].Scalar(), "multi\nline\n");
  EXPECT_EQ(props["Arn"].Tag(), "!GetAtt");
  EXPECT_EQ(props["Arn"].Scalar(), "Fn.Arn");
  EXPECT_EQ(props["Account"].Tag(), "!Ref");
  EXPECT_FALSE(props["Flag"].as<bool>());
}

TEST(YamlWriterTest, LiteralBlocksInsideSequencesReadBack) {
  for (const std::string &s : trickyStrings()) {
    std::string out;
    YamlWriter w(out, 4);
    w.beginMap();
    w.key("L");
    w.beginSeq();
    w.string(s);
    w.beginSeq();
    w.string(s);
    w.endSeq();
    w.endSeq();
    w.endMap();
    SCOPED_TRACE("value: " + s + "\ndocument:\n" + out);
    YAML::Node root = YAML::Load(out);
    EXPECT_EQ(root["L"][0].Scalar(), s);
    EXPECT_EQ(root["L"][1][0].Scalar(), s);
  }
}

} // namespace
