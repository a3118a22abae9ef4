//===- CfnTest.cpp - The CloudFormation backend on hand-built IR ----------===//
// Each test builds a small application, emits it and reads the template back
// with yaml-cpp to check the resources, references and files it produced.
//===----------------------------------------------------------------------===//

#include "backends/cfn/CloudFormation.h"
#include "backends/cfn/DeterministicZip.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

#include "yaml-cpp/yaml.h"
#include "gtest/gtest.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace rulecc;
using namespace rulecc::cfn;
using llvm::StringRef;

namespace {

class Collector : public DiagnosticConsumer {
public:
  explicit Collector(std::vector<Diagnostic> &seen) : seen(seen) {}
  void handle(const Diagnostic &d) override { seen.push_back(d); }
  bool wantsAllDiagnostics() const override { return true; }

private:
  std::vector<Diagnostic> &seen;
};

/// Builds an application the way lowering would leave it.
class AppBuilder {
public:
  AppBuilder() : app(std::make_unique<ir::Application>()) {
    app->project = "rules-example";
    app->mainFile = "app.rules";
  }

  ir::RuleClass &addClass(std::string name, std::string underscored) {
    auto cls = std::make_unique<ir::RuleClass>();
    cls->name = name;
    cls->underscored = underscored;
    cls->roleLogicalId = name + "IamRole";
    app->classes.push_back(std::move(cls));
    return *app->classes.back();
  }

  ir::Rule &addRule(ir::RuleClass &cls, ir::RuleKind kind, std::string name,
                    std::string camel) {
    auto rule = std::make_unique<ir::Rule>();
    rule->kind = kind;
    rule->name = name;
    rule->ruleClass = &cls;
    rule->logicalIdBase = cls.name + camel;
    rule->configRuleName = app->project + "-" + name;
    cls.rules.push_back(std::move(rule));
    return *cls.rules.back();
  }

  ir::Rule &managed(ir::RuleClass &cls, std::string name, std::string camel,
                    std::string identifier) {
    ir::Rule &r = addRule(cls, ir::RuleKind::Managed, name, camel);
    r.sourceIdentifier = identifier;
    return r;
  }

  ir::Rule &handler(ir::RuleClass &cls, std::string name, std::string camel,
                    ir::Language lang = ir::Language::Python,
                    std::string source = "def lambda_handler(event, ctx):\n"
                                         "    return None\n") {
    ir::Rule &r = addRule(cls, ir::RuleKind::Handler, name, camel);
    r.language = lang;
    StringRef ext = lang == ir::Language::Python ? ".py"
                    : lang == ir::Language::Node ? ".js"
                                                 : ".rb";
    r.handlerPath = ("rules/" + cls.underscored + "/" + name + ext).str();
    r.handlerSource = source;
    ir::LambdaSettings l;
    l.runtime = lang == ir::Language::Python ? "python3.12"
                : lang == ir::Language::Node ? "nodejs20.x"
                                             : "ruby3.3";
    l.functionName = app->project + "-" + cls.underscored + "-" + name;
    l.handlerFunction =
        lang == ir::Language::Node ? "handler" : "lambda_handler";
    l.handler = name + "." + l.handlerFunction;
    r.lambda = l;
    r.scope.resourceTypes.push_back({"AWS::S3::Bucket", {}});
    return r;
  }

  std::unique_ptr<ir::Application> app;
};

struct Result {
  bool ok = false;
  OutputSet out;
  std::vector<Diagnostic> diags;
  YAML::Node primary() const { return YAML::Load(out.getPrimary().bytes); }
  YAML::Node file(StringRef path) const {
    const OutputSet::Entry *e = out.find(path);
    EXPECT_TRUE(e) << "no output file " << path.str();
    return e ? YAML::Load(e->bytes) : YAML::Node();
  }
  bool hasDiag(DiagID id) const {
    for (const Diagnostic &d : diags)
      if (d.id == id)
        return true;
    return false;
  }
};

std::unique_ptr<Result> emit(const ir::Application &app, CfnOptions opts = {}) {
  auto r = std::make_unique<Result>();
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  diags.setConsumer(std::make_unique<Collector>(r->diags));
  r->ok = emitCloudFormation(app, opts, diags, r->out);
  EXPECT_EQ(r->ok, !diags.hasErrors());
  return r;
}

/// Every !Ref, !GetAtt, !Sub variable and DependsOn of `tmpl` names a
/// resource or parameter of the same template (or a pseudo parameter).
void expectReferencesResolve(const YAML::Node &tmpl, StringRef name) {
  llvm::StringSet<> resources, params;
  for (const auto &kv : tmpl["Resources"])
    resources.insert(kv.first.Scalar());
  if (tmpl["Parameters"])
    for (const auto &kv : tmpl["Parameters"])
      params.insert(kv.first.Scalar());
  auto known = [&](StringRef id) {
    return id.startswith("AWS::") || resources.count(id) || params.count(id);
  };
  std::function<void(const YAML::Node &)> walk = [&](const YAML::Node &n) {
    if (n.IsScalar()) {
      StringRef v = n.Scalar();
      if (n.Tag() == "!Ref") {
        EXPECT_TRUE(known(v)) << name.str() << ": !Ref " << v.str();
      }
      if (n.Tag() == "!GetAtt") {
        EXPECT_TRUE(resources.count(v.split('.').first))
            << name.str() << ": !GetAtt " << v.str();
      }
      if (n.Tag() == "!Sub") {
        llvm::Regex var("\\$\\{([^!}][^}]*)\\}");
        llvm::SmallVector<StringRef, 2> m;
        StringRef rest = v;
        while (var.match(rest, &m)) {
          EXPECT_TRUE(known(m[1])) << name.str() << ": !Sub " << v.str();
          rest = rest.substr(rest.find(m[0]) + m[0].size());
        }
      }
    } else if (n.IsMap()) {
      for (const auto &kv : n)
        walk(kv.second);
    } else if (n.IsSequence()) {
      for (const auto &e : n)
        walk(e);
    }
  };
  walk(tmpl);
  for (const auto &kv : tmpl["Resources"])
    if (kv.second["DependsOn"]) {
      EXPECT_TRUE(resources.count(kv.second["DependsOn"].Scalar()));
    }
}

std::vector<std::string> scalars(const YAML::Node &seq) {
  std::vector<std::string> out;
  for (const auto &e : seq)
    out.push_back(e.Scalar());
  return out;
}

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
  // A periodic-only class never receives oversized items.
  YAML::Node pstmts = rs["PeriodicRuleIamRole"]["Properties"]["Policies"][0]
                        ["PolicyDocument"]["Statement"];
  ASSERT_EQ(pstmts.size(), 2u);
  YAML::Node bd = rs["BothRuleBConfigRule"]["Properties"]["Source"];
  ASSERT_EQ(bd["SourceDetails"].size(), 3u);
  EXPECT_EQ(bd["SourceDetails"][2]["MaximumExecutionFrequency"].Scalar(),
            "One_Hour");
  YAML::Node bstmts = rs["BothRuleIamRole"]["Properties"]["Policies"][0]
                        ["PolicyDocument"]["Statement"];
  ASSERT_EQ(bstmts.size(), 3u);
  EXPECT_EQ(bstmts[2]["Action"].Scalar(), "config:GetResourceConfigHistory");
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

TEST(CfnTest, RubyIsPackagedUnderAutoAndRefusedInline) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(cls, "rb", "Rb", ir::Language::Ruby,
                          "def lambda_handler(event:, context:)\nend\n");
  b.handler(cls, "py", "Py");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  YAML::Node rb = rs["CheckRuleRbLambdaFunction"]["Properties"];
  EXPECT_EQ(rb["Code"].Scalar(), "rules-example-check_rule-rb");
  EXPECT_EQ(rb["Handler"].Scalar(), "rb.lambda_handler");
  const OutputSet::Entry *file =
      res->out.find("rules-example-check_rule-rb/rb.rb");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, r.handlerSource);
  // The Python rule stays inline: the template is small.
  EXPECT_TRUE(rs["CheckRulePyLambdaFunction"]["Properties"]["Code"]["ZipFile"]);

  CfnOptions inlineOpts;
  inlineOpts.code = CfnOptions::Inline;
  auto bad = emit(*b.app, inlineOpts);
  EXPECT_FALSE(bad->ok);
  EXPECT_TRUE(bad->hasDiag(DiagID::InlineCodeUnsupported));
}

TEST(CfnTest, NodeInlineHandler) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.handler(cls, "js", "Js", ir::Language::Node,
            "exports.handler = async () => {};\n");
  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto res = emit(*b.app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node fp =
      res->primary()["Resources"]["CheckRuleJsLambdaFunction"]["Properties"];
  EXPECT_EQ(fp["Handler"].Scalar(), "index.handler");
  EXPECT_EQ(fp["Runtime"].Scalar(), "nodejs20.x");
}

TEST(CfnTest, InvalidUTF8HandlerCannotBeInlined) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.handler(cls, "latin", "Latin", ir::Language::Python, "# caf\xE9\n");
  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto bad = emit(*b.app, o);
  EXPECT_FALSE(bad->ok);
  EXPECT_TRUE(bad->hasDiag(DiagID::InlineCodeNotUTF8));
  auto res = emit(*b.app); // auto: packaged, bytes unchanged
  ASSERT_TRUE(res->ok);
  ASSERT_TRUE(res->out.find("rules-example-check_rule-latin/latin.py"));
  EXPECT_EQ(res->out.find("rules-example-check_rule-latin/latin.py")->bytes,
            "# caf\xE9\n");
}

TEST(CfnTest, AutoSwitchesToPackageOverTheDirectUploadLimit) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  std::string big = "def lambda_handler(event, ctx):\n";
  while (big.size() < 60000)
    big += "    x = 'padding padding padding padding padding padding'\n";
  b.handler(cls, "big", "Big", ir::Language::Python, big);
  b.handler(cls, "small", "Small");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-big");
  EXPECT_EQ(rs["CheckRuleSmallLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-small");
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "big.lambda_handler");
  EXPECT_LT(res->out.getPrimary().bytes.size(), 51200u);

  CfnOptions o;
  o.code = CfnOptions::Inline; // explicit: inline even if large
  auto inl = emit(*b.app, o);
  ASSERT_TRUE(inl->ok);
  EXPECT_EQ(inl->primary()["Resources"]["CheckRuleBigLambdaFunction"]
                          ["Properties"]["Code"]["ZipFile"]
                              .Scalar(),
            big);

  o.maxTemplateBytes = 50000; // no template could hold it
  auto tooBig = emit(*b.app, o);
  EXPECT_FALSE(tooBig->ok);
  EXPECT_TRUE(tooBig->hasDiag(DiagID::InlineCodeTooLarge));
}

TEST(CfnTest, AutoInlinesUpToExactlyTheDirectUploadLimit) {
  // Grow a handler line by line; --code=auto must inline exactly while the
  // inline template is at most 51,200 bytes.
  std::string source = "def lambda_handler(event, ctx):\n    return None\n";
  std::string line = "# " + std::string(60, 'p') + "\n";
  CfnOptions inlineOpts;
  inlineOpts.code = CfnOptions::Inline;
  size_t lastInline = 0, firstPackaged = 0;
  for (int i = 0; i < 2000 && !firstPackaged; ++i) {
    AppBuilder b;
    auto &cls = b.addClass("CheckRule", "check_rule");
    b.handler(cls, "grow", "Grow", ir::Language::Python, source);
    auto inl = emit(*b.app, inlineOpts);
    auto aut = emit(*b.app);
    ASSERT_TRUE(inl->ok && aut->ok);
    size_t size = inl->out.getPrimary().bytes.size();
    bool inlined = aut->out.getOthers().empty();
    if (inlined) {
      EXPECT_LE(size, 51200u);
      EXPECT_EQ(aut->out.getPrimary().bytes, inl->out.getPrimary().bytes);
      lastInline = size;
    } else {
      EXPECT_GT(size, 51200u);
      firstPackaged = size;
    }
    source += line;
  }
  EXPECT_GT(lastInline, 51200u - 2 * line.size() - 20);
  EXPECT_GT(firstPackaged, 51200u);
}

TEST(CfnTest, S3CodeIsContentAddressedAndDeterministic) {
  AppBuilder b;
  b.app->codeBucket = "my-code-bucket";
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(cls, "ct", "Ct");
  CfnOptions o;
  o.code = CfnOptions::S3;
  auto res = emit(*b.app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node t = res->primary();
  expectReferencesResolve(t, "template");
  EXPECT_EQ(t["Parameters"]["CodeBucket"]["Type"].Scalar(), "String");
  EXPECT_EQ(t["Parameters"]["CodeBucket"]["Default"].Scalar(),
            "my-code-bucket");
  YAML::Node code =
      t["Resources"]["CheckRuleCtLambdaFunction"]["Properties"]["Code"];
  EXPECT_EQ(code["S3Bucket"].Tag(), "!Ref");
  EXPECT_EQ(code["S3Bucket"].Scalar(), "CodeBucket");
  EXPECT_EQ(t["Resources"]["CheckRuleCtLambdaFunction"]["Properties"]["Handler"]
                .Scalar(),
            "ct.lambda_handler");
  std::string key = code["S3Key"].Scalar();
  auto zip = makeDeterministicZip({{"ct.py", r.handlerSource}});
  ASSERT_TRUE(bool(zip));
  EXPECT_EQ(key, "rules-example-check_rule-ct/" + sha256Hex(*zip) + ".zip");
  const OutputSet::Entry *file = res->out.find(key);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, *zip);

  auto again = emit(*b.app, o);
  EXPECT_EQ(again->out.getPrimary().bytes, res->out.getPrimary().bytes);
  ASSERT_TRUE(again->out.find(key));
  EXPECT_EQ(again->out.find(key)->bytes, file->bytes);
}

TEST(CfnTest, BodyRulesAreNotCompiledYet) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.addRule(cls, ir::RuleKind::Body, "s3_versioning", "S3Versioning");
  auto res = emit(*b.app);
  EXPECT_FALSE(res->ok);
  ASSERT_EQ(res->diags.size(), 1u);
  EXPECT_EQ(res->diags[0].id, DiagID::BodyCodegenUnsupported);
  EXPECT_NE(res->diags[0].message.find("s3_versioning"), std::string::npos);
  EXPECT_FALSE(res->out.hasPrimary());
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

/// A class of `n` custom rules and one of `m` managed rules.
std::unique_ptr<ir::Application> bigApp(int n, int m) {
  AppBuilder b;
  b.app->tags = {{"owner", "platform"}};
  auto &cls = b.addClass("CustomRule", "custom_rule");
  for (int i = 0; i < n; ++i)
    b.handler(cls, "c" + std::to_string(i), "C" + std::to_string(i));
  auto &man = b.addClass("ManagedRule", "managed_rule");
  for (int i = 0; i < m; ++i)
    b.managed(man, "m" + std::to_string(i), "M" + std::to_string(i),
              "S3_BUCKET_VERSIONING_ENABLED");
  return std::move(b.app);
}

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
