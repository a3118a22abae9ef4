//===- CfnTest.cpp - CloudFormation resources from hand-built IR ----------===//
// Each test builds a small application, emits it and reads the template back
// to check the resources and references it holds.
//===----------------------------------------------------------------------===//

#include "CfnTestUtil.h"

using namespace rulecc;
using namespace rulecc::cfn;
using namespace rulecc::cfn::test;

namespace {

TEST(CfnTest, ManagedRule) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.managed(cls, "incoming_ssh_disabled", "IncomingSshDisabled",
                          "INCOMING_SSH_DISABLED");
  r.description = "CIS 4.1 - Ensure no security groups allow ingress";
  r.scope.resourceTypes.push_back({"AWS::EC2::SecurityGroup", {}});
  ir::Value v;
  v.kind = ir::Value::Int;
  v.intValue = 90;
  r.inputParameters.push_back({"maxAge", {}, v});
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node t = res->primary();
  EXPECT_EQ(t["AWSTemplateFormatVersion"].Scalar(), "2010-09-09");
  EXPECT_EQ(t["AWSTemplateFormatVersion"].Tag(), "!"); // quoted, not a date
  ASSERT_EQ(t["Resources"].size(), 1u);
  YAML::Node rule = t["Resources"]["CheckRuleIncomingSshDisabledConfigRule"];
  EXPECT_EQ(rule["Type"].Scalar(), "AWS::Config::ConfigRule");
  EXPECT_FALSE(rule["DependsOn"]);
  YAML::Node p = rule["Properties"];
  EXPECT_EQ(p["ConfigRuleName"].Scalar(),
            "rules-example-incoming_ssh_disabled");
  EXPECT_EQ(p["Description"].Scalar(), *r.description);
  EXPECT_EQ(p["Source"]["Owner"].Scalar(), "AWS");
  EXPECT_EQ(p["Source"]["SourceIdentifier"].Scalar(), "INCOMING_SSH_DISABLED");
  EXPECT_FALSE(p["Source"]["SourceDetails"]);
  EXPECT_EQ(scalars(p["Scope"]["ComplianceResourceTypes"]),
            std::vector<std::string>{"AWS::EC2::SecurityGroup"});
  EXPECT_EQ(p["InputParameters"]["maxAge"].Scalar(), "90");
  EXPECT_EQ(p["InputParameters"]["maxAge"].Tag(), "!"); // a string
  EXPECT_FALSE(p["MaximumExecutionFrequency"]);
  EXPECT_FALSE(p["EvaluationModes"]);
  EXPECT_TRUE(res->out.getOthers().empty());
}

TEST(CfnTest, ManagedPeriodicRuleAndEvaluationModes) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &periodic = b.managed(cls, "p", "P", "IAM_PASSWORD_POLICY");
  periodic.trigger = ir::Trigger::Periodic;
  periodic.frequency = ir::Frequency::TwentyFourHours;
  ir::Rule &proactive =
      b.managed(cls, "q", "Q", "S3_BUCKET_VERSIONING_ENABLED");
  proactive.evaluationModes.proactive = true;
  proactive.frequency = ir::Frequency::OneHour; // ignored: change-triggered
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  EXPECT_EQ(
      rs["CheckRulePConfigRule"]["Properties"]["MaximumExecutionFrequency"]
          .Scalar(),
      "TwentyFour_Hours");
  YAML::Node q = rs["CheckRuleQConfigRule"]["Properties"];
  EXPECT_FALSE(q["MaximumExecutionFrequency"]);
  ASSERT_EQ(q["EvaluationModes"].size(), 2u);
  EXPECT_EQ(q["EvaluationModes"][0]["Mode"].Scalar(), "DETECTIVE");
  EXPECT_EQ(q["EvaluationModes"][1]["Mode"].Scalar(), "PROACTIVE");
}

TEST(CfnTest, PythonHandlerInline) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  cls.iamActions = {"cloudtrail:DescribeTrails", "cloudtrail:DescribeTrails"};
  cls.tags = {{"env", "prod"}};
  ir::Rule &r =
      b.handler(cls, "cloud_trail_log_integrity", "CloudTrailLogIntegrity");
  r.lambda->timeout = 20;
  r.lambda->memory = 1536;
  r.lambda->environment = {{"LEVEL", "yes"}};
  r.tags = {{"env", "prod"}, {"rule", "ct"}};
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node t = res->primary();
  expectReferencesResolve(t, "template");
  YAML::Node rs = t["Resources"];
  ASSERT_EQ(rs.size(), 4u);

  YAML::Node fn = rs["CheckRuleCloudTrailLogIntegrityLambdaFunction"];
  EXPECT_EQ(fn["Type"].Scalar(), "AWS::Lambda::Function");
  YAML::Node fp = fn["Properties"];
  EXPECT_EQ(fp["FunctionName"].Scalar(),
            "rules-example-check_rule-cloud_trail_log_integrity");
  EXPECT_EQ(fp["Runtime"].Scalar(), "python3.12");
  EXPECT_EQ(fp["Handler"].Scalar(), "index.lambda_handler");
  EXPECT_EQ(fp["Role"].Tag(), "!GetAtt");
  EXPECT_EQ(fp["Role"].Scalar(), "CheckRuleIamRole.Arn");
  EXPECT_EQ(fp["Timeout"].as<int>(), 20);
  EXPECT_EQ(fp["MemorySize"].as<int>(), 1536);
  EXPECT_EQ(fp["Environment"]["Variables"]["LEVEL"].Scalar(), "yes");
  EXPECT_EQ(fp["Environment"]["Variables"]["LEVEL"].Tag(), "!");
  EXPECT_EQ(fp["Code"]["ZipFile"].Scalar(), r.handlerSource);
  ASSERT_EQ(fp["Tags"].size(), 2u);
  EXPECT_EQ(fp["Tags"][1]["Key"].Scalar(), "rule");

  YAML::Node perm = rs["CheckRuleCloudTrailLogIntegrityPermission"];
  EXPECT_EQ(perm["Type"].Scalar(), "AWS::Lambda::Permission");
  EXPECT_EQ(perm["Properties"]["Action"].Scalar(), "lambda:InvokeFunction");
  EXPECT_EQ(perm["Properties"]["Principal"].Scalar(), "config.amazonaws.com");
  EXPECT_EQ(perm["Properties"]["SourceAccount"].Tag(), "!Ref");
  EXPECT_EQ(perm["Properties"]["SourceAccount"].Scalar(), "AWS::AccountId");
  EXPECT_EQ(perm["Properties"]["FunctionName"].Scalar(),
            "CheckRuleCloudTrailLogIntegrityLambdaFunction.Arn");

  YAML::Node rule = rs["CheckRuleCloudTrailLogIntegrityConfigRule"];
  EXPECT_EQ(rule["DependsOn"].Scalar(),
            "CheckRuleCloudTrailLogIntegrityPermission");
  YAML::Node src = rule["Properties"]["Source"];
  EXPECT_EQ(src["Owner"].Scalar(), "CUSTOM_LAMBDA");
  EXPECT_EQ(src["SourceIdentifier"].Tag(), "!GetAtt");
  ASSERT_EQ(src["SourceDetails"].size(), 2u);
  EXPECT_EQ(src["SourceDetails"][0]["EventSource"].Scalar(), "aws.config");
  EXPECT_EQ(src["SourceDetails"][0]["MessageType"].Scalar(),
            "ConfigurationItemChangeNotification");
  EXPECT_EQ(src["SourceDetails"][1]["MessageType"].Scalar(),
            "OversizedConfigurationItemChangeNotification");
  EXPECT_FALSE(rule["Properties"]["Tags"]); // ConfigRule takes no Tags

  YAML::Node role = rs["CheckRuleIamRole"];
  EXPECT_EQ(role["Type"].Scalar(), "AWS::IAM::Role");
  YAML::Node trust = role["Properties"]["AssumeRolePolicyDocument"];
  EXPECT_EQ(trust["Statement"][0]["Principal"]["Service"].Scalar(),
            "lambda.amazonaws.com");
  EXPECT_EQ(trust["Statement"][0]["Action"].Scalar(), "sts:AssumeRole");
  YAML::Node stmts =
      role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(stmts.size(), 4u);
  EXPECT_EQ(stmts[0]["Sid"].Scalar(), "WriteLogs");
  std::vector<std::string> logArns = scalars(stmts[0]["Resource"]);
  std::string group = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::"
                      "AccountId}:log-group:/aws/lambda/"
                      "rules-example-check_rule-cloud_trail_log_integrity";
  EXPECT_EQ(logArns, (std::vector<std::string>{group, group + ":*"}));
  EXPECT_EQ(stmts[0]["Resource"][0].Tag(), "!Sub");
  EXPECT_EQ(stmts[1]["Action"].Scalar(), "config:PutEvaluations");
  EXPECT_EQ(stmts[2]["Action"].Scalar(), "config:GetResourceConfigHistory");
  EXPECT_EQ(stmts[3]["Action"].Scalar(), "cloudtrail:DescribeTrails");
  EXPECT_EQ(stmts[3]["Resource"].Scalar(), "*");
  EXPECT_FALSE(role["Properties"]["ManagedPolicyArns"]);
  EXPECT_FALSE(role["Properties"]["RoleName"]);
  ASSERT_EQ(role["Properties"]["Tags"].size(), 1u);
  EXPECT_EQ(role["Properties"]["Tags"][0]["Value"].Scalar(), "prod");
}

TEST(CfnTest, TriggersShapeSourceDetailsAndRolePermissions) {
  AppBuilder b;
  auto &cls = b.addClass("PeriodicRule", "periodic_rule");
  ir::Rule &p = b.handler(cls, "p", "P");
  p.trigger = ir::Trigger::Periodic;
  p.frequency = ir::Frequency::SixHours;
  p.scope = {};
  auto &cls2 = b.addClass("BothRule", "both_rule");
  ir::Rule &both = b.handler(cls2, "b", "B");
  both.trigger = ir::Trigger::Both;
  both.frequency = ir::Frequency::OneHour;
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  YAML::Node pd = rs["PeriodicRulePConfigRule"]["Properties"];
  ASSERT_EQ(pd["Source"]["SourceDetails"].size(), 1u);
  EXPECT_EQ(pd["Source"]["SourceDetails"][0]["MessageType"].Scalar(),
            "ScheduledNotification");
  EXPECT_EQ(
      pd["Source"]["SourceDetails"][0]["MaximumExecutionFrequency"].Scalar(),
      "Six_Hours");
  EXPECT_FALSE(pd["MaximumExecutionFrequency"]);
  EXPECT_FALSE(pd["Scope"]);
  // A periodic-only class never receives oversized items, but its scheduled
  // runs list and batch-read the recorded resources.
  YAML::Node pstmts = rs["PeriodicRuleIamRole"]["Properties"]["Policies"][0]
                        ["PolicyDocument"]["Statement"];
  ASSERT_EQ(pstmts.size(), 3u);
  EXPECT_EQ(pstmts[2]["Sid"].Scalar(), "ReadRecordedResources");
  EXPECT_EQ(scalars(pstmts[2]["Action"]),
            (std::vector<std::string>{"config:ListDiscoveredResources",
                                      "config:BatchGetResourceConfig"}));
  YAML::Node bd = rs["BothRuleBConfigRule"]["Properties"]["Source"];
  ASSERT_EQ(bd["SourceDetails"].size(), 3u);
  EXPECT_EQ(bd["SourceDetails"][2]["MaximumExecutionFrequency"].Scalar(),
            "One_Hour");
  YAML::Node bstmts = rs["BothRuleIamRole"]["Properties"]["Policies"][0]
                        ["PolicyDocument"]["Statement"];
  ASSERT_EQ(bstmts.size(), 4u);
  EXPECT_EQ(bstmts[2]["Action"].Scalar(), "config:GetResourceConfigHistory");
  EXPECT_EQ(bstmts[3]["Sid"].Scalar(), "ReadRecordedResources");
}

TEST(CfnTest, PolicyRule) {
  AppBuilder b;
  auto &cls = b.addClass("GuardRule", "guard_rule");
  ir::Rule &r =
      b.addRule(cls, ir::RuleKind::Policy, "versioning", "Versioning");
  r.policyText = "rule check when resourceType == \"AWS::S3::Bucket\" {\n"
                 "  supplementaryConfiguration.BucketVersioningConfiguration"
                 ".status == \"Enabled\"\n}\n";
  r.enableDebugLogDelivery = true;
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  ASSERT_EQ(rs.size(), 1u); // no Lambda, no role
  YAML::Node rule = rs["GuardRuleVersioningConfigRule"];
  EXPECT_FALSE(rule["DependsOn"]);
  YAML::Node src = rule["Properties"]["Source"];
  EXPECT_EQ(src["Owner"].Scalar(), "CUSTOM_POLICY");
  EXPECT_FALSE(src["SourceIdentifier"]);
  ASSERT_EQ(src["SourceDetails"].size(), 2u);
  EXPECT_EQ(src["CustomPolicyDetails"]["PolicyRuntime"].Scalar(),
            "guard-2.x.x");
  EXPECT_EQ(src["CustomPolicyDetails"]["PolicyText"].Scalar(), r.policyText);
  EXPECT_TRUE(src["CustomPolicyDetails"]["EnableDebugLogDelivery"].as<bool>());
}

TEST(CfnTest, Remediation) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.managed(cls, "ssh", "Ssh", "INCOMING_SSH_DISABLED");
  r.scope.resourceTypes.push_back({"AWS::EC2::SecurityGroup", {}});
  ir::Remediation rem;
  rem.targetId = "AWS-DisablePublicAccessForSecurityGroup";
  rem.targetVersion = "1";
  rem.automatic = true;
  rem.maximumAutomaticAttempts = 5;
  rem.retryAttemptSeconds = 60;
  ir::Value id;
  id.kind = ir::Value::Symbol;
  id.stringValue = "resource_id";
  ir::Value role;
  role.kind = ir::Value::String;
  role.stringValue = "arn:aws:iam::123456789012:role/Remediator";
  ir::Value ports;
  ports.kind = ir::Value::List;
  ports.list.resize(2);
  ports.list[0].kind = ports.list[1].kind = ir::Value::Int;
  ports.list[0].intValue = 22;
  ports.list[1].intValue = 3389;
  rem.parameters = {
      {"GroupId", id}, {"AutomationAssumeRole", role}, {"Ports", ports}};
  r.remediation = rem;
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node t = res->primary();
  expectReferencesResolve(t, "template");
  YAML::Node rc = t["Resources"]["CheckRuleSshRemediationConfiguration"];
  EXPECT_EQ(rc["Type"].Scalar(), "AWS::Config::RemediationConfiguration");
  YAML::Node p = rc["Properties"];
  EXPECT_EQ(p["ConfigRuleName"].Tag(), "!Ref");
  EXPECT_EQ(p["ConfigRuleName"].Scalar(), "CheckRuleSshConfigRule");
  EXPECT_EQ(p["TargetType"].Scalar(), "SSM_DOCUMENT");
  EXPECT_EQ(p["TargetId"].Scalar(), rem.targetId);
  EXPECT_EQ(p["TargetVersion"].Scalar(), "1");
  EXPECT_EQ(p["ResourceType"].Scalar(), "AWS::EC2::SecurityGroup");
  EXPECT_EQ(p["Parameters"]["GroupId"]["ResourceValue"]["Value"].Scalar(),
            "RESOURCE_ID");
  EXPECT_EQ(
      scalars(p["Parameters"]["AutomationAssumeRole"]["StaticValue"]["Values"]),
      std::vector<std::string>{role.stringValue});
  EXPECT_EQ(scalars(p["Parameters"]["Ports"]["StaticValue"]["Values"]),
            (std::vector<std::string>{"22", "3389"}));
  EXPECT_TRUE(p["Automatic"].as<bool>());
  EXPECT_EQ(p["MaximumAutomaticAttempts"].as<int>(), 5);
  EXPECT_EQ(p["RetryAttemptSeconds"].as<int>(), 60);
}

TEST(CfnTest, RuleLevelPermissionsGetTheirOwnRole) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  cls.iamActions = {"s3:GetBucketPolicy"};
  cls.managedPolicies = {"ReadOnlyAccess"};
  b.handler(cls, "plain", "Plain");
  ir::Rule &own = b.handler(cls, "own", "Own");
  own.lambda->iamActions = {"kms:DescribeKey"};
  own.tags = {{"team", "sec"}};
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  expectReferencesResolve(res->primary(), "template");
  YAML::Node classStmts = rs["CheckRuleIamRole"]["Properties"]["Policies"][0]
                            ["PolicyDocument"]["Statement"];
  EXPECT_EQ(classStmts[3]["Action"].Scalar(), "s3:GetBucketPolicy");
  // Only the plain rule's log group is the class role's business.
  EXPECT_EQ(classStmts[0]["Resource"].size(), 2u);
  YAML::Node ownRole = rs["CheckRuleOwnIamRole"]["Properties"];
  YAML::Node ownStmts = ownRole["Policies"][0]["PolicyDocument"]["Statement"];
  EXPECT_EQ(ownStmts[3]["Action"].Scalar(), "kms:DescribeKey");
  EXPECT_EQ(ownRole["ManagedPolicyArns"][0].Tag(), "!Sub");
  EXPECT_EQ(ownRole["ManagedPolicyArns"][0].Scalar(),
            "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess");
  EXPECT_EQ(ownRole["Tags"][0]["Key"].Scalar(), "team");
  EXPECT_EQ(rs["CheckRuleOwnLambdaFunction"]["Properties"]["Role"].Scalar(),
            "CheckRuleOwnIamRole.Arn");
  EXPECT_EQ(rs["CheckRulePlainLambdaFunction"]["Properties"]["Role"].Scalar(),
            "CheckRuleIamRole.Arn");
}

TEST(CfnTest, ManyFunctionsShareALogGroupPrefix) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  for (int i = 0; i < 40; ++i)
    b.handler(cls, "rule" + std::to_string(i), "Rule" + std::to_string(i));
  auto res = emit(*b.app, [] {
    CfnOptions o;
    o.code = CfnOptions::Package;
    return o;
  }());
  ASSERT_TRUE(res->ok);
  YAML::Node logs =
      res->primary()["Resources"]["CheckRuleIamRole"]["Properties"]["Policies"]
                    [0]["PolicyDocument"]["Statement"][0]["Resource"];
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].Scalar(),
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::"
            "AccountId}:log-group:/aws/lambda/"
            "rules-example-check_rule-rule*");
}

/// A body rule deciding COMPLIANT, as sema would leave it.
static ir::Rule &bodyRule(AppBuilder &b, ir::RuleClass &cls) {
  ir::Rule &r = b.handler(cls, "s3_versioning", "S3Versioning");
  r.kind = ir::RuleKind::Body;
  r.handlerPath.clear();
  r.handlerSource.clear();
  r.body = std::make_unique<ir::body::Body>();
  r.body->itemName = "bucket";
  r.body->statements.push_back(std::make_unique<ir::body::DecisionNode>(
      llvm::SMRange(), ir::body::Verdict::Compliant, nullptr));
  return r;
}

TEST(CfnTest, BodyRulesArePackagedLambdaFunctions) {
  AppBuilder b;
  bodyRule(b, b.addClass("CheckRule", "check_rule"));
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node fn =
      res->primary()["Resources"]["CheckRuleS3VersioningLambdaFunction"]
                    ["Properties"];
  EXPECT_EQ(fn["Handler"].Scalar(), "s3_versioning.lambda_handler");
  EXPECT_EQ(fn["Code"].Scalar(), "rules-example-check_rule-s3_versioning");
  const OutputSet::Entry *module =
      res->out.find("rules-example-check_rule-s3_versioning/s3_versioning.py");
  ASSERT_TRUE(module);
  EXPECT_NE(module->bytes.find("def check(item, params):"), std::string::npos);
  EXPECT_TRUE(res->out.find(
      "rules-example-check_rule-s3_versioning/rulecc_runtime.py"));
}

TEST(CfnTest, InlineBodyRulesCarryTheirHelpers) {
  AppBuilder b;
  bodyRule(b, b.addClass("CheckRule", "check_rule"));
  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto res = emit(*b.app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node fn =
      res->primary()["Resources"]["CheckRuleS3VersioningLambdaFunction"]
                    ["Properties"];
  EXPECT_EQ(fn["Handler"].Scalar(), "index.lambda_handler");
  std::string code = fn["Code"]["ZipFile"].Scalar();
  EXPECT_NE(code.find("rt = sys.modules[__name__]"), std::string::npos);
  EXPECT_NE(code.find("def handler("), std::string::npos);
  EXPECT_NE(code.find("def check(item, params):"), std::string::npos);
}

TEST(CfnTest, ClashingRoleLogicalIdIsReported) {
  AppBuilder b;
  auto &a = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(a, "x", "X");
  r.lambda->iamActions = {"s3:ListBucket"}; // its own CheckRuleXIamRole
  auto &c = b.addClass("CheckRuleX", "check_rule_x");
  b.handler(c, "y", "Y"); // class role CheckRuleXIamRole
  auto res = emit(*b.app);
  EXPECT_FALSE(res->ok);
  EXPECT_TRUE(res->hasDiag(DiagID::DuplicateLogicalId));
}

} // namespace
