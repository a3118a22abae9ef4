//===- CfnStacksTest.cpp - Nested stacks over the per-template limits -----===//
// Splitting by class and size, role ARNs passed between stacks, the error
// without a directory output, and byte-for-byte determinism.
//===----------------------------------------------------------------------===//

#include "CfnTestUtil.h"

using namespace rulecc;
using namespace rulecc::cfn;
using namespace rulecc::cfn::test;

namespace {

TEST(CfnTest, OverTheLimitsWithoutADirectoryIsAnError) {
  auto app = bigApp(200, 0); // 601 resources
  auto res = emit(*app);
  EXPECT_FALSE(res->ok);
  EXPECT_TRUE(res->hasDiag(DiagID::TemplateTooLarge));
  EXPECT_FALSE(res->out.hasPrimary());
}

TEST(CfnTest, NestedStacksSplitByClassAndSize) {
  auto app = bigApp(300, 10);
  CfnOptions o;
  o.directoryOutput = true;
  // Packaged code, to see the paths; --code=auto would inline it here.
  o.code = CfnOptions::Package;
  auto res = emit(*app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node parent = res->primary();
  expectReferencesResolve(parent, "template.yaml");
  YAML::Node rs = parent["Resources"];
  // 901 custom resources need two stacks; the managed class gets its own.
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs["CustomRuleStack"]["Properties"]["TemplateURL"].Scalar(),
            "stacks/custom_rule.yaml");
  EXPECT_EQ(rs["CustomRuleStack2"]["Properties"]["TemplateURL"].Scalar(),
            "stacks/custom_rule-part2.yaml");
  EXPECT_EQ(rs["ManagedRuleStack"]["Properties"]["TemplateURL"].Scalar(),
            "stacks/managed_rule.yaml");
  YAML::Node passed = rs["CustomRuleStack2"]["Properties"]["Parameters"]
                        ["CustomRuleIamRoleArn"];
  EXPECT_EQ(passed.Tag(), "!GetAtt");
  EXPECT_EQ(passed.Scalar(), "CustomRuleStack.Outputs.CustomRuleIamRoleArn");
  EXPECT_EQ(rs["ManagedRuleStack"]["Properties"]["Tags"][0]["Value"].Scalar(),
            "platform");

  size_t functions = 0;
  for (const char *path :
       {"stacks/custom_rule.yaml", "stacks/custom_rule-part2.yaml",
        "stacks/managed_rule.yaml"}) {
    YAML::Node child = res->file(path);
    expectReferencesResolve(child, path);
    EXPECT_LE(child["Resources"].size(), 500u) << path;
    EXPECT_LE(res->out.find(path)->bytes.size(), 1000u * 1000u);
    for (const auto &kv : child["Resources"]) {
      if (kv.second["Type"].Scalar() != "AWS::Lambda::Function")
        continue;
      ++functions;
      // Rule units stay whole: the permission and rule sit beside it.
      std::string base = kv.first.Scalar();
      base.resize(base.size() - strlen("LambdaFunction"));
      EXPECT_TRUE(child["Resources"][base + "Permission"]) << base;
      EXPECT_TRUE(child["Resources"][base + "ConfigRule"]) << base;
      // Package paths lead from stacks/ back to the output root.
      EXPECT_EQ(kv.second["Properties"]["Code"].Scalar().substr(0, 3), "../");
    }
  }
  EXPECT_EQ(functions, 300u);
  YAML::Node first = res->file("stacks/custom_rule.yaml");
  EXPECT_TRUE(first["Resources"]["CustomRuleIamRole"]);
  EXPECT_EQ(first["Outputs"]["CustomRuleIamRoleArn"]["Value"].Scalar(),
            "CustomRuleIamRole.Arn");
  YAML::Node second = res->file("stacks/custom_rule-part2.yaml");
  EXPECT_FALSE(second["Resources"]["CustomRuleIamRole"]);
  EXPECT_EQ(second["Parameters"]["CustomRuleIamRoleArn"]["Type"].Scalar(),
            "String");
  EXPECT_FALSE(second["Outputs"]);
  EXPECT_TRUE(res->out.find("rules-example-custom_rule-c299/c299.py"));
}

TEST(CfnTest, NestedStacksRespectSmallLimitsAndCodeBucket) {
  auto app = bigApp(25, 0);
  CfnOptions o;
  o.directoryOutput = true;
  o.code = CfnOptions::S3;
  o.maxResourcesPerTemplate = 20;
  auto res = emit(*app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node parent = res->primary();
  expectReferencesResolve(parent, "template.yaml");
  EXPECT_TRUE(parent["Parameters"]["CodeBucket"]);
  size_t parts = parent["Resources"].size();
  // 1 role + 25 units of 3: 19 + 18 + 18 + 18 + 3, a unit never split.
  EXPECT_EQ(parts, 5u);
  for (const auto &kv : parent["Resources"]) {
    std::string path = kv.second["Properties"]["TemplateURL"].Scalar();
    YAML::Node child = res->file(path);
    expectReferencesResolve(child, path);
    EXPECT_LE(child["Resources"].size(), 20u);
    EXPECT_EQ(kv.second["Properties"]["Parameters"]["CodeBucket"].Scalar(),
              "CodeBucket");
    EXPECT_EQ(child["Parameters"]["CodeBucket"]["Type"].Scalar(), "String");
  }
}

TEST(CfnTest, OutputIsDeterministic) {
  auto app = bigApp(300, 10);
  CfnOptions o;
  o.directoryOutput = true;
  auto a = emit(*app, o), b = emit(*app, o);
  ASSERT_TRUE(a->ok && b->ok);
  EXPECT_EQ(a->out.getPrimary().bytes, b->out.getPrimary().bytes);
  ASSERT_EQ(a->out.getOthers().size(), b->out.getOthers().size());
  for (size_t i = 0; i < a->out.getOthers().size(); ++i) {
    EXPECT_EQ(a->out.getOthers()[i].relPath, b->out.getOthers()[i].relPath);
    EXPECT_EQ(a->out.getOthers()[i].bytes, b->out.getOthers()[i].bytes);
  }
}

} // namespace
