//===- TerraformSyntaxTest.cpp - Names and literal strings for Terraform --===//

#include "backends/terraform/Syntax.h"

#include <gtest/gtest.h>

using namespace rulecc::terraform;

namespace {

TEST(TerraformSyntaxTest, SnakeCaseSplitsWords) {
  EXPECT_EQ(snakeCase("CheckRuleIamRole"), "check_rule_iam_role");
  EXPECT_EQ(snakeCase("CheckRuleCloudTrailLogIntegrity"),
            "check_rule_cloud_trail_log_integrity");
  EXPECT_EQ(snakeCase("S3BucketRule"), "s3_bucket_rule");
  EXPECT_EQ(snakeCase("Ec2Instance"), "ec2_instance");
  EXPECT_EQ(snakeCase("lower"), "lower");
}

TEST(TerraformSyntaxTest, SnakeCaseKeepsAcronymsTogether) {
  EXPECT_EQ(snakeCase("HTTPSRule"), "https_rule");
  EXPECT_EQ(snakeCase("IAMUserRuleX"), "iam_user_rule_x");
  EXPECT_EQ(snakeCase("RuleABC"), "rule_abc");
}

TEST(TerraformSyntaxTest, SnakeCaseMakesValidNames) {
  // Terraform names start with a letter or `_` and hold letters, digits,
  // `_` and `-`.
  EXPECT_EQ(snakeCase("9Lives"), "_9_lives");
  EXPECT_EQ(snakeCase("a.b c"), "a_b_c");
  EXPECT_EQ(snakeCase(""), "_");
  EXPECT_EQ(snakeCase("Snake_Case"), "snake_case");
}

TEST(TerraformSyntaxTest, LiteralEscapesTemplateSequences) {
  EXPECT_EQ(literal("plain $5 and 50%"), "plain $5 and 50%");
  EXPECT_EQ(literal("${var.x}"), "$${var.x}");
  EXPECT_EQ(literal("%{ if x }"), "%%{ if x }");
  // Already doubled text stays what it was once read back: `$${` reads as
  // `${`, so `$$${` must read as `$${`.
  EXPECT_EQ(literal("$${x}"), "$$${x}");
  EXPECT_EQ(literal("$"), "$");
  EXPECT_EQ(literal("{}"), "{}");
}

TEST(TerraformSyntaxTest, References) {
  EXPECT_EQ(address("aws_lambda_permission", "a_rule"),
            "aws_lambda_permission.a_rule");
  EXPECT_EQ(reference("aws_iam_role", "r", "arn"), "${aws_iam_role.r.arn}");
  EXPECT_EQ(interpolate("path.module"), "${path.module}");
}

} // namespace
