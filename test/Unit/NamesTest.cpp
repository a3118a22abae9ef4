//===- NamesTest.cpp - Generated names and their shortening ---------------===//

#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"

#include <gtest/gtest.h>

#include <set>

using namespace rulecc::ir::names;

namespace {

TEST(NamesTest, UnderscoreFollowsActiveSupport) {
  EXPECT_EQ(underscore("CheckRule"), "check_rule");
  EXPECT_EQ(underscore("IAMUserRule"), "iam_user_rule");
  EXPECT_EQ(underscore("S3Rule"), "s3_rule");
  EXPECT_EQ(underscore("S3BucketRule"), "s3_bucket_rule");
  EXPECT_EQ(underscore("ABCDefRule"), "abc_def_rule");
  EXPECT_EQ(underscore("Rule"), "rule");
  EXPECT_EQ(underscore("A3B"), "a3_b");
  EXPECT_EQ(underscore("Check_Rule"), "check_rule");
}

TEST(NamesTest, CamelizeMakesLogicalIdPieces) {
  EXPECT_EQ(camelize("incoming_ssh_disabled"), "IncomingSshDisabled");
  EXPECT_EQ(camelize("s3_versioning_enabled"), "S3VersioningEnabled");
  EXPECT_EQ(camelize("cloud_trail_log_integrity"), "CloudTrailLogIntegrity");
  EXPECT_EQ(camelize("a__b"), "AB");
  EXPECT_EQ(camelize("already_CamelCase"), "AlreadyCamelCase");
}

TEST(NamesTest, SeedArticleNames) {
  // The names of the seed article's template.
  EXPECT_EQ(configRuleName(llvm::StringRef("rules-example"), "check_rule",
                           "incoming_ssh_disabled"),
            "rules-example-check-incoming-ssh-disabled");
  EXPECT_EQ(configRuleName(llvm::StringRef("rules-example"), "check_rule",
                           "cloud_trail_log_integrity"),
            "rules-example-check-cloud-trail-log-integrity");
  EXPECT_EQ(
      functionName("rules-example", "check_rule", "cloud_trail_log_integrity"),
      "rules-example-check_rule-cloud_trail_log_integrity");
  EXPECT_EQ(logicalIdBase("CheckRule", "incoming_ssh_disabled"),
            "CheckRuleIncomingSshDisabled");
  EXPECT_EQ(roleLogicalId("CheckRule"), "CheckRuleIamRole");
}

TEST(NamesTest, NamespaceCanBeDropped) {
  EXPECT_EQ(configRuleName(std::nullopt, "check_rule", "x_y"), "check-x-y");
  EXPECT_EQ(configRuleName(llvm::StringRef("cis"), "check_rule", "x"),
            "cis-check-x");
  // A class named just `Rule` keeps its whole name.
  EXPECT_EQ(configRuleName(std::nullopt, "rule", "x"), "rule-x");
  EXPECT_EQ(classStem("iam_user_rule"), "iam_user");
}

TEST(NamesTest, ShortNamesAreUnchanged) {
  EXPECT_EQ(shorten("abc", 3, "-"), "abc");
  std::string exactly64(64, 'a');
  EXPECT_EQ(functionName(exactly64.substr(0, 64 - 12), "c_rule", "name"),
            exactly64.substr(0, 52) + "-c_rule-name");
}

TEST(NamesTest, HashSuffixIsSHA256Prefix) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
  EXPECT_EQ(hashSuffix("abc"), "ba7816bf");
  EXPECT_EQ(hashSuffix("abc").size(), HashDigits);
}

TEST(NamesTest, LongFunctionNamesAreShortenedDeterministically) {
  std::string project = "a-very-long-project-name-for-the-platform-team";
  std::string full =
      project + "-compliance_rule-s3_bucket_server_side_encryption_enabled";
  ASSERT_GT(full.size(), MaxFunctionName);
  std::string shortName = functionName(
      project, "compliance_rule", "s3_bucket_server_side_encryption_enabled");
  EXPECT_LE(shortName.size(), MaxFunctionName);
  EXPECT_TRUE(isValidFunctionNameChars(shortName));
  EXPECT_EQ(shortName, full.substr(0, 55) + "-" + hashSuffix(full));
  // Same input, same output.
  EXPECT_EQ(shortName,
            functionName(project, "compliance_rule",
                         "s3_bucket_server_side_encryption_enabled"));
}

TEST(NamesTest, SharedPrefixesStayDistinct) {
  std::string project(60, 'p');
  std::string a = functionName(project, "check_rule", "first_rule_name");
  std::string b = functionName(project, "check_rule", "second_rule_name");
  EXPECT_EQ(a.size(), MaxFunctionName);
  EXPECT_EQ(b.size(), MaxFunctionName);
  EXPECT_EQ(a.substr(0, 55), b.substr(0, 55));
  EXPECT_NE(a, b);

  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i)
    seen.insert(configRuleName(llvm::StringRef(std::string(120, 'n')),
                               "check_rule", "rule_" + std::to_string(i)));
  EXPECT_EQ(seen.size(), 1000u);
  for (const std::string &name : seen)
    EXPECT_LE(name.size(), MaxConfigRuleName);
}

TEST(NamesTest, ShortenedPrefixDropsTrailingSeparators) {
  // The kept prefix would end in "-"; it is trimmed so the result does not
  // read "...--<hash>".
  std::string name = std::string(54, 'a') + "-" + std::string(20, 'b');
  std::string s = shorten(name, 64, "-");
  EXPECT_EQ(s, std::string(54, 'a') + "-" + hashSuffix(name));
}

TEST(NamesTest, LongLogicalIdsStayAlphanumeric) {
  std::string ruleName(300, 'x');
  std::string base = logicalIdBase("CheckRule", ruleName);
  EXPECT_EQ(base.size(), MaxLogicalIdBase);
  EXPECT_TRUE(isValidLogicalId(base + "RemediationConfiguration"));
  EXPECT_TRUE(llvm::StringRef(base).startswith("CheckRuleXxxx"));
  EXPECT_NE(base, logicalIdBase("CheckRule", ruleName + "y"));

  std::string longClass = std::string(240, 'C') + "Rule";
  std::string role = roleLogicalId(longClass);
  EXPECT_TRUE(isValidLogicalId(role));
  EXPECT_TRUE(llvm::StringRef(role).endswith("IamRole"));
}

TEST(NamesTest, LogicalIdValidity) {
  EXPECT_TRUE(isValidLogicalId("CheckRuleIamRole"));
  EXPECT_FALSE(isValidLogicalId(""));
  EXPECT_FALSE(isValidLogicalId("Check-Rule"));
  EXPECT_FALSE(isValidLogicalId(std::string(256, 'A')));
  EXPECT_EQ(logicalIdBase("Check_Rule", "x"), "CheckRuleX");
}

TEST(NamesTest, ProjectNamesAreSanitized) {
  EXPECT_EQ(sanitizeProjectName("app"), "app");
  EXPECT_EQ(sanitizeProjectName("my app.v2"), "my-app-v2");
  EXPECT_EQ(sanitizeProjectName(""), "rules");
}

} // namespace
