//===- LoweringTest.cpp - AST -> IR: the model, defaults and names --------===//

#include "LoweringTestUtil.h"

#include "ir/Names.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace rulecc;
using namespace rulecc::test;

namespace {

/// A temporary directory holding handler files, removed afterwards.
class TempDir {
public:
  TempDir() {
    std::error_code ec = sys::fs::createUniqueDirectory("rulecc-lowering", dir);
    EXPECT_FALSE(ec) << ec.message();
  }
  ~TempDir() { sys::fs::remove_directories(dir); }
  std::string path(StringRef rel) const {
    SmallString<128> p(dir);
    sys::path::append(p, rel);
    return std::string(p.str());
  }
  void write(StringRef rel, StringRef text) const {
    std::string p = path(rel);
    sys::fs::create_directories(sys::path::parent_path(p));
    std::error_code ec;
    raw_fd_ostream os(p, ec);
    ASSERT_FALSE(ec) << ec.message();
    os << text;
  }

private:
  SmallString<128> dir;
};

using LoweringTest = LoweringFixture;

TEST_F(LoweringTest, SeedArticleRules) {
  TempDir tmp;
  tmp.write("rules/check_rule/python/cloud_trail_log_integrity.py",
            "def lambda_handler(event, context):\n    pass\n");
  auto file = b.file(
      tmp.path("app.rules"), b.call("project", b.str("rules-example")),
      b.call("default_runtime", b.str("python3.12")),
      b.cls(
          "CheckRule", "ApplicationRule", b.call("class_timeout", b.num(20)),
          b.call("class_iam_policy", b.str("cloudtrail:DescribeTrails")),
          b.call("desc", b.str("CIS 4.1")),
          b.call("scope", b.str("AWS::EC2::SecurityGroup")),
          b.call("managed_rule", b.sym("incoming_ssh_disabled")),
          b.call("desc", b.str("CIS 2.2")),
          b.call("scope", b.str("AWS::CloudTrail::Trail")),
          b.call("python", b.sym("cloud_trail_log_integrity")),
          b.call("input_parameters",
                 b.kw(b.entry("max_credential_usage_age", b.num(90)))),
          b.call("managed_rule", b.str("IAM_USER_UNUSED_CREDENTIALS_CHECK"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  EXPECT_EQ(app->project, "rules-example");
  ASSERT_EQ(app->classes.size(), 1u);
  const ir::RuleClass &c = *app->classes[0];
  EXPECT_EQ(c.underscored, "check_rule");
  EXPECT_EQ(c.roleLogicalId, "CheckRuleIamRole");
  EXPECT_EQ(c.iamActions,
            std::vector<std::string>{"cloudtrail:DescribeTrails"});
  ASSERT_EQ(c.rules.size(), 3u);

  const ir::Rule &ssh = *c.rules[0];
  EXPECT_EQ(ssh.kind, ir::RuleKind::Managed);
  EXPECT_EQ(ssh.sourceIdentifier, "INCOMING_SSH_DISABLED");
  EXPECT_EQ(ssh.configRuleName, "rules-example-check-incoming-ssh-disabled");
  EXPECT_EQ(ssh.logicalIdBase, "CheckRuleIncomingSshDisabled");
  EXPECT_EQ(ssh.description, std::optional<std::string>("CIS 4.1"));
  EXPECT_EQ(ssh.trigger, ir::Trigger::Change);
  EXPECT_FALSE(ssh.lambda);
  EXPECT_EQ(ssh.ruleClass, &c);

  const ir::Rule &trail = *c.rules[1];
  EXPECT_EQ(trail.kind, ir::RuleKind::Handler);
  ASSERT_TRUE(trail.lambda);
  EXPECT_EQ(trail.lambda->functionName,
            "rules-example-check_rule-cloud_trail_log_integrity");
  EXPECT_EQ(trail.lambda->timeout, 20); // class_timeout
  EXPECT_EQ(trail.lambda->memory, 256); // built-in default
  EXPECT_EQ(trail.lambda->runtime, "python3.12");
  EXPECT_EQ(trail.lambda->handler, "cloud_trail_log_integrity.lambda_handler");
  EXPECT_EQ(trail.handlerSource,
            "def lambda_handler(event, context):\n    pass\n");
  EXPECT_EQ(trail.handlerPath,
            tmp.path("rules/check_rule/python/cloud_trail_log_integrity.py"));
  EXPECT_EQ(trail.scope.resourceTypes.size(), 1u);
  // Properties are consumed: the second rule's desc is its own.
  EXPECT_EQ(trail.description, std::optional<std::string>("CIS 2.2"));

  const ir::Rule &creds = *c.rules[2];
  EXPECT_EQ(creds.name, "iam_user_unused_credentials_check");
  EXPECT_FALSE(creds.description);
  EXPECT_TRUE(creds.scope.empty());
  ASSERT_EQ(creds.inputParameters.size(), 1u);
  EXPECT_EQ(creds.inputParameters[0].name, "max_credential_usage_age");
  EXPECT_EQ(creds.inputParameters[0].value.render(), "90");
}

TEST_F(LoweringTest, DefaultProjectIsSanitizedStem) {
  auto file = b.file("my app.rules", b.cls("CheckRule", "ApplicationRule",
                                           b.call("managed_rule", b.sym("x"))));
  auto app = lower({file.get()}, "my app");
  EXPECT_TRUE(seen.empty()) << joined();
  EXPECT_EQ(app->project, "my-app");
  EXPECT_EQ(app->mainFile, "my app.rules");
  EXPECT_EQ(app->classes[0]->rules[0]->configRuleName, "my-app-check-x");
}

TEST_F(LoweringTest, ProjectMayComeFromALaterFile) {
  auto first = b.file("a.rules", b.cls("CheckRule", "ApplicationRule",
                                       b.call("managed_rule", b.sym("x"))));
  auto second = b.file("b.rules", b.call("project", b.str("late")));
  auto app = lower({first.get(), second.get()});
  EXPECT_TRUE(seen.empty()) << joined();
  EXPECT_EQ(app->classes[0]->rules[0]->configRuleName, "late-check-x");
}

TEST_F(LoweringTest, RuleNamespace) {
  auto file = b.file("app.rules",
                     b.cls("CisRule", "ApplicationRule",
                           b.call("rule_namespace", b.str("cis")),
                           b.call("managed_rule", b.sym("a_b"))),
                     b.cls("PlainRule", "ApplicationRule",
                           b.call("rule_namespace", b.boolean(false)),
                           b.call("managed_rule", b.sym("a_b"))),
                     b.cls("OwnRule", "ApplicationRule",
                           b.call("config_rule_name", b.str("my own name")),
                           b.call("managed_rule", b.sym("a_b"))));
  auto app = lower(*file);
  EXPECT_TRUE(seen.empty()) << joined();
  EXPECT_EQ(app->classes[0]->rules[0]->configRuleName, "cis-cis-a-b");
  EXPECT_EQ(app->classes[0]->ruleNamespace, std::optional<std::string>("cis"));
  EXPECT_EQ(app->classes[1]->rules[0]->configRuleName, "plain-a-b");
  EXPECT_FALSE(app->classes[1]->ruleNamespace);
  EXPECT_EQ(app->classes[2]->rules[0]->configRuleName, "my own name");
  EXPECT_TRUE(app->classes[2]->rules[0]->configRuleNameRange.isValid());
  EXPECT_EQ(app->classes[2]->ruleNamespace, std::optional<std::string>("app"));
}

TEST_F(LoweringTest, LambdaSettingPrecedence) {
  auto file = b.file(
      "app.rules", b.call("default_timeout", b.num(60)),
      b.call("default_memory", b.num(512)),
      b.cls("ARule", "ApplicationRule", b.call("class_memory", b.num(1024)),
            b.call("class_environment", b.kw(b.entry("LEVEL", b.str("info")),
                                             b.entry("MODE", b.str("a")))),
            b.call("timeout", b.num(5)),
            b.call("environment", b.kw(b.entry("MODE", b.str("b")))),
            b.callWithBlock("rule", nodes(b.sym("own")), {"item"},
                            nodes(b.boolean(true))),
            b.callWithBlock("rule", nodes(b.sym("inherited")), {"item"},
                            nodes(b.boolean(true)))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &rules = app->classes[0]->rules;
  ASSERT_EQ(rules.size(), 2u);
  const ir::LambdaSettings &own = *rules[0]->lambda;
  EXPECT_EQ(own.timeout, 5);   // rule
  EXPECT_EQ(own.memory, 1024); // class
  EXPECT_EQ(own.runtime, "python3.12");
  EXPECT_EQ(own.handler, "own.lambda_handler");
  using Env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(own.environment, (Env{{"LEVEL", "info"}, {"MODE", "b"}}));
  const ir::LambdaSettings &inherited = *rules[1]->lambda;
  EXPECT_EQ(inherited.timeout, 60); // application default
  EXPECT_EQ(inherited.memory, 1024);
  EXPECT_EQ(inherited.environment, (Env{{"LEVEL", "info"}, {"MODE", "a"}}));
  EXPECT_EQ(rules[1]->body->itemName, "item");
}

TEST_F(LoweringTest, RuntimeFollowsTheHandlerLanguage) {
  TempDir tmp;
  tmp.write("rules/mixed_rule/node/n.js", "exports.handler = 1;\n");
  tmp.write("rules/mixed_rule/ruby/r.rb", "def lambda_handler; end\n");
  tmp.write("rules/mixed_rule/python/p.py", "\n");
  auto file = b.file(
      tmp.path("app.rules"), b.call("default_runtime", b.str("nodejs24.x")),
      b.cls(
          "MixedRule", "ApplicationRule",
          b.call("class_runtime", b.str("python3.11")),
          b.call("node", b.sym("n")), b.call("ruby", b.sym("r")),
          b.call("python", b.sym("p")),
          b.callWithBlock("rule", nodes(b.sym("body")), {"i"}, nodes()),
          b.call("runtime", b.str("nodejs22.x")),
          b.callWithBlock("rule", nodes(b.sym("node_body")), {"i"}, nodes())));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &rules = app->classes[0]->rules;
  // Class and application defaults in another language are skipped.
  EXPECT_EQ(rules[0]->lambda->runtime, "nodejs24.x");
  EXPECT_EQ(rules[0]->lambda->handler, "n.handler");
  EXPECT_EQ(rules[0]->lambda->handlerFunction, "handler");
  EXPECT_EQ(rules[1]->lambda->runtime, "ruby3.4");
  EXPECT_EQ(rules[1]->lambda->handler, "r.lambda_handler");
  EXPECT_EQ(rules[2]->lambda->runtime, "python3.11");
  EXPECT_EQ(rules[3]->lambda->runtime, "python3.11");
  EXPECT_EQ(rules[3]->language, ir::Language::Python);
  EXPECT_EQ(rules[4]->lambda->runtime, "nodejs22.x");
  EXPECT_EQ(rules[4]->language, ir::Language::Node);
  EXPECT_EQ(rules[4]->lambda->handler, "node_body.handler");
}

TEST_F(LoweringTest, TagsMergeApplicationClassRule) {
  auto file =
      b.file("app.rules",
             b.call("tags", b.hash(false, b.entry("team", b.str("sec")),
                                   b.entry("env", b.str("prod")))),
             b.cls("ARule", "ApplicationRule",
                   b.call("class_tags", b.kw(b.entry("env", b.str("stage")),
                                             b.entry("owner", b.str("a")))),
                   b.call("tags", b.kw(b.entry("owner", b.str("b")),
                                       b.entry("level", b.num(3)))),
                   b.call("managed_rule", b.sym("x")),
                   b.call("managed_rule", b.sym("y"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  using Tags = ir::Tags;
  EXPECT_EQ(app->tags, (Tags{{"env", "prod"}, {"team", "sec"}}));
  EXPECT_EQ(app->classes[0]->tags,
            (Tags{{"env", "stage"}, {"owner", "a"}, {"team", "sec"}}));
  EXPECT_EQ(
      app->classes[0]->rules[0]->tags,
      (Tags{
          {"env", "stage"}, {"level", "3"}, {"owner", "b"}, {"team", "sec"}}));
  EXPECT_EQ(app->classes[0]->rules[1]->tags, app->classes[0]->tags);
}

TEST_F(LoweringTest, TriggerDefaults) {
  auto file = b.file(
      "app.rules",
      b.cls("TRule", "ApplicationRule",
            // managed: every alone -> periodic; with scope -> both
            b.call("every", b.sym("six_hours")),
            b.call("managed_rule", b.sym("a")),
            b.call("every", b.sym("one_hour")),
            b.call("scope", b.str("AWS::S3::Bucket")),
            b.call("managed_rule", b.sym("b")),
            // custom: scoped -> change; every alone -> periodic
            b.call("scope", b.str("AWS::S3::Bucket")),
            b.callWithBlock("rule", nodes(b.sym("c")), {"i"}, nodes()),
            b.call("maximum_execution_frequency", b.str("TwentyFour_Hours")),
            b.callWithBlock("rule", nodes(b.sym("d")), {"i"}, nodes()),
            b.call("scope", b.str("AWS::S3::Bucket")),
            b.call("trigger", b.sym("both")),
            b.call("every", b.str("three_hours")),
            b.callWithBlock("rule", nodes(b.sym("e")), {"i"}, nodes()),
            b.call("policy", b.sym("f"), b.str("rule x { }"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &r = app->classes[0]->rules;
  EXPECT_EQ(r[0]->trigger, ir::Trigger::Periodic);
  EXPECT_EQ(r[0]->frequency, ir::Frequency::SixHours);
  EXPECT_EQ(r[1]->trigger, ir::Trigger::Both);
  EXPECT_EQ(r[2]->trigger, ir::Trigger::Change);
  EXPECT_FALSE(r[2]->frequency);
  EXPECT_EQ(r[3]->trigger, ir::Trigger::Periodic);
  EXPECT_EQ(r[3]->frequency, ir::Frequency::TwentyFourHours);
  EXPECT_EQ(r[4]->trigger, ir::Trigger::Both);
  EXPECT_EQ(r[4]->frequency, ir::Frequency::ThreeHours);
  EXPECT_EQ(r[5]->trigger, ir::Trigger::Change);
  EXPECT_EQ(r[5]->kind, ir::RuleKind::Policy);
  EXPECT_EQ(r[5]->policyText, "rule x { }");
}

TEST_F(LoweringTest, ScopeForms) {
  auto file = b.file(
      "app.rules",
      b.cls("SRule", "ApplicationRule",
            b.call("scope", b.cpath({"AWS", "S3", "Bucket"}),
                   b.array(nodes(b.str("AWS::EC2::Instance")))),
            b.call("managed_rule", b.sym("a")),
            b.call("scope", b.kw(b.entry("tag", b.str("env")))),
            b.call("managed_rule", b.sym("b")),
            b.call("scope",
                   b.kw(b.entry("tag",
                                b.hash(false, b.entry("env", b.str("prod")))))),
            b.call("managed_rule", b.sym("c")),
            b.call("scope", b.str("AWS::S3::Bucket"),
                   b.kw(b.entry("id", b.str("my-bucket")))),
            b.call("managed_rule", b.sym("d"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &r = app->classes[0]->rules;
  ASSERT_EQ(r[0]->scope.resourceTypes.size(), 2u);
  EXPECT_EQ(r[0]->scope.resourceTypes[0].first, "AWS::S3::Bucket");
  EXPECT_EQ(r[0]->scope.resourceTypes[1].first, "AWS::EC2::Instance");
  EXPECT_EQ(r[1]->scope.tagKey, std::optional<std::string>("env"));
  EXPECT_FALSE(r[1]->scope.tagValue);
  EXPECT_EQ(r[2]->scope.tagValue, std::optional<std::string>("prod"));
  EXPECT_EQ(r[3]->scope.resourceId, std::optional<std::string>("my-bucket"));
}

TEST_F(LoweringTest, ParamsAndRemediation) {
  auto file = b.file(
      "app.rules",
      b.cls("PRule", "ApplicationRule",
            b.call("param", b.sym("max_age"), b.cpath({"Integer"}),
                   b.kw(b.entry("default", b.num(90)))),
            b.call("param", b.sym("names"), b.cpath({"List"})),
            b.call("param", b.sym("ratio"), b.cpath({"Float"}),
                   b.kw(b.entry("default", b.neg(b.flt(0.5))))),
            b.callWithBlock("rule", nodes(b.sym("p")), {"i"}, nodes()),
            b.call("remediate", b.str("AWS-DisableS3BucketPublicReadWrite"),
                   b.kw(b.entry("automatic", b.boolean(true)),
                        b.entry("maximum_automatic_attempts", b.num(5)),
                        b.entry("retry_attempt_seconds", b.num(60)),
                        b.entry("target_version", b.str("1")),
                        b.entry("parameters",
                                b.hash(false, b.entry("S3BucketName",
                                                      b.sym("resource_id")))))),
            b.call("managed_rule", b.sym("s3_bucket_public_read_prohibited"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const ir::Rule &p = *app->classes[0]->rules[0];
  ASSERT_EQ(p.params.size(), 3u);
  EXPECT_EQ(p.params[0].type, ir::ParamDecl::Integer);
  EXPECT_EQ(p.params[0].defaultValue->intValue, 90);
  EXPECT_EQ(p.params[1].type, ir::ParamDecl::List);
  EXPECT_FALSE(p.params[1].defaultValue);
  EXPECT_EQ(p.params[2].type, ir::ParamDecl::Float);
  EXPECT_EQ(p.params[2].defaultValue->floatValue, -0.5);
  const ir::Rule &m = *app->classes[0]->rules[1];
  ASSERT_TRUE(m.remediation);
  EXPECT_EQ(m.remediation->targetId, "AWS-DisableS3BucketPublicReadWrite");
  EXPECT_TRUE(m.remediation->automatic);
  EXPECT_EQ(m.remediation->maximumAutomaticAttempts, 5);
  EXPECT_EQ(m.remediation->retryAttemptSeconds, 60);
  EXPECT_EQ(m.remediation->targetVersion, std::optional<std::string>("1"));
  ASSERT_EQ(m.remediation->parameters.size(), 1u);
  EXPECT_EQ(m.remediation->parameters[0].first, "S3BucketName");
  EXPECT_EQ(m.remediation->parameters[0].second.kind, ir::Value::Symbol);
}

TEST_F(LoweringTest, EvaluationModes) {
  auto file =
      b.file("app.rules", b.cls("ERule", "ApplicationRule",
                                b.call("evaluation_mode", b.sym("both")),
                                b.call("managed_rule", b.sym("a")),
                                b.call("evaluation_mode", b.sym("proactive")),
                                b.call("managed_rule", b.sym("b")),
                                b.call("managed_rule", b.sym("c"))));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &r = app->classes[0]->rules;
  EXPECT_TRUE(r[0]->evaluationModes.detective &&
              r[0]->evaluationModes.proactive);
  EXPECT_FALSE(r[1]->evaluationModes.detective);
  EXPECT_TRUE(r[1]->evaluationModes.proactive);
  EXPECT_TRUE(r[2]->evaluationModes.isDefault());
}

TEST_F(LoweringTest, LongGeneratedNamesAreShortened) {
  std::string project(100, 'p');
  auto file = b.file("app.rules", b.call("project", b.str(project)),
                     b.cls("CheckRule", "ApplicationRule",
                           b.callWithBlock("rule", nodes(b.sym("first_check")),
                                           {"i"}, nodes()),
                           b.callWithBlock("rule", nodes(b.sym("second_check")),
                                           {"i"}, nodes())));
  auto app = lower(*file);
  ASSERT_TRUE(seen.empty()) << joined();
  const auto &r = app->classes[0]->rules;
  EXPECT_EQ(r[0]->configRuleName, project + "-check-first-check");
  EXPECT_EQ(r[0]->lambda->functionName.size(), ir::names::MaxFunctionName);
  EXPECT_NE(r[0]->lambda->functionName, r[1]->lambda->functionName);
  EXPECT_EQ(r[0]->lambda->functionName,
            project.substr(0, 55) + "-" +
                ir::names::hashSuffix(project + "-check_rule-first_check"));
}

} // namespace
