//===- Resources.cpp - CloudFormation resources of one rule or role -------===//

#include "backends/cfn/Resources.h"

#include "backends/cfn/YamlWriter.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc::cfn {

namespace {

/// One resource being written: `<LogicalId>:` with `Type:` already there.
class ResourceWriter {
public:
  ResourceWriter(Unit &unit, StringRef logicalId, StringRef type)
      : unit(unit), logicalId(logicalId.str()), w(yaml, 2) {
    yaml.reserve(1024);
    w.beginMap();
    w.key(logicalId);
    w.beginMap();
    w.entry("Type", type);
  }
  ~ResourceWriter() {
    w.endMap();
    w.endMap();
    unit.bytes += yaml.size();
    unit.resources.push_back({std::move(logicalId), std::move(yaml)});
  }
  YamlWriter &operator*() { return w; }
  YamlWriter *operator->() { return &w; }

private:
  Unit &unit;
  std::string logicalId;
  std::string yaml;
  YamlWriter w;
};

/// Text for `!Sub` that must come out literally: `${` starts a variable.
std::string escapeSub(StringRef s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      out += "{!";
      ++i;
    }
  }
  return out;
}

constexpr StringLiteral LogGroupArnPrefix =
    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";

void emitTags(YamlWriter &w, const ir::Tags &tags) {
  if (tags.empty())
    return;
  w.key("Tags");
  w.beginSeq();
  for (const auto &[k, v] : tags) {
    w.beginMap();
    w.entry("Key", k);
    w.entry("Value", v);
    w.endMap();
  }
  w.endSeq();
}

/// The `Resource` list of the log statement.
void emitLogResources(YamlWriter &w, const RolePlan &role) {
  w.key("Resource");
  w.beginSeq();
  for (const std::string &group : logGroupResources(role))
    w.sub((LogGroupArnPrefix + escapeSub(group)).str());
  w.endSeq();
}

void emitStatement(YamlWriter &w, StringRef sid, ArrayRef<std::string> actions,
                   StringRef resource) {
  w.beginMap();
  w.entry("Sid", sid);
  w.entry("Effect", "Allow");
  w.key("Action");
  if (actions.size() == 1) {
    w.string(actions.front());
  } else {
    w.beginSeq();
    for (const std::string &a : actions)
      w.string(a);
    w.endSeq();
  }
  w.entry("Resource", resource);
  w.endMap();
}

void emitPolicyDocumentHeader(YamlWriter &w) {
  w.entry("Version", "2012-10-17");
  w.key("Statement");
  w.beginSeq();
}

void emitSourceDetails(YamlWriter &w, const ir::Rule &rule) {
  w.key("SourceDetails");
  w.beginSeq();
  for (const SourceDetail &d : sourceDetails(rule)) {
    w.beginMap();
    w.entry("EventSource", ConfigEventSource);
    w.entry("MessageType", d.messageType);
    if (d.frequency)
      w.entry("MaximumExecutionFrequency", ir::toAWSString(*d.frequency));
    w.endMap();
  }
  w.endSeq();
}

void emitSource(YamlWriter &w, const ir::Rule &rule) {
  w.key("Source");
  w.beginMap();
  switch (rule.kind) {
  case ir::RuleKind::Managed:
    w.entry("Owner", "AWS");
    w.entry("SourceIdentifier", rule.sourceIdentifier);
    break;
  case ir::RuleKind::Handler:
  case ir::RuleKind::Body:
    w.entry("Owner", "CUSTOM_LAMBDA");
    w.key("SourceIdentifier");
    w.getAtt(rule.logicalIdBase + "LambdaFunction", "Arn");
    emitSourceDetails(w, rule);
    break;
  case ir::RuleKind::Policy:
    w.entry("Owner", "CUSTOM_POLICY");
    emitSourceDetails(w, rule);
    w.key("CustomPolicyDetails");
    w.beginMap();
    w.entry("PolicyRuntime", "guard-2.x.x");
    w.entry("PolicyText", rule.policyText);
    w.entryBool("EnableDebugLogDelivery", rule.enableDebugLogDelivery);
    w.endMap();
    break;
  }
  w.endMap();
}

void emitScope(YamlWriter &w, const ir::Scope &scope) {
  if (scope.empty())
    return;
  w.key("Scope");
  w.beginMap();
  if (!scope.resourceTypes.empty()) {
    w.key("ComplianceResourceTypes");
    w.beginSeq();
    for (const auto &[type, range] : scope.resourceTypes)
      w.string(type);
    w.endSeq();
  }
  if (scope.resourceId)
    w.entry("ComplianceResourceId", *scope.resourceId);
  if (scope.tagKey)
    w.entry("TagKey", *scope.tagKey);
  if (scope.tagValue)
    w.entry("TagValue", *scope.tagValue);
  w.endMap();
}

void emitInputParameters(YamlWriter &w, const ir::Rule &rule) {
  std::vector<std::pair<std::string, std::string>> params =
      inputParameters(rule);
  if (params.empty())
    return;
  w.key("InputParameters");
  w.beginMap();
  for (const auto &[name, value] : params)
    w.entry(name, value);
  w.endMap();
}

void emitConfigRule(const ir::Rule &rule, Unit &unit) {
  ResourceWriter res(unit, rule.logicalIdBase + "ConfigRule",
                     "AWS::Config::ConfigRule");
  YamlWriter &w = *res;
  // AWS Config checks that it may invoke the function when the rule is
  // created, so the permission must exist first.
  if (rule.isCustomLambda())
    w.entry("DependsOn", rule.logicalIdBase + "Permission");
  w.key("Properties");
  w.beginMap();
  w.entry("ConfigRuleName", rule.configRuleName);
  if (rule.description)
    w.entry("Description", *rule.description);
  emitSource(w, rule);
  emitScope(w, rule.scope);
  emitInputParameters(w, rule);
  if (std::optional<ir::Frequency> f = ruleFrequency(rule))
    w.entry("MaximumExecutionFrequency", ir::toAWSString(*f));
  SmallVector<StringRef, 2> modes = evaluationModes(rule);
  if (!modes.empty()) {
    w.key("EvaluationModes");
    w.beginSeq();
    for (StringRef mode : modes) {
      w.beginMap();
      w.entry("Mode", mode);
      w.endMap();
    }
    w.endSeq();
  }
  w.endMap();
}

void emitRemediation(const ir::Rule &rule, Unit &unit) {
  const ir::Remediation &rem = *rule.remediation;
  ResourceWriter res(unit, rule.logicalIdBase + "RemediationConfiguration",
                     "AWS::Config::RemediationConfiguration");
  YamlWriter &w = *res;
  w.key("Properties");
  w.beginMap();
  // A reference (not the literal name) orders creation after the rule.
  w.key("ConfigRuleName");
  w.ref(rule.logicalIdBase + "ConfigRule");
  w.entry("TargetType", RemediationTargetType);
  w.entry("TargetId", rem.targetId);
  if (rem.targetVersion)
    w.entry("TargetVersion", *rem.targetVersion);
  if (std::optional<StringRef> type = remediationResourceType(rule))
    w.entry("ResourceType", *type);
  if (!rem.parameters.empty()) {
    w.key("Parameters");
    w.beginMap();
    for (const RemediationParameter &p : remediationParameters(rem)) {
      w.key(p.name);
      w.beginMap();
      if (p.resourceId) {
        w.key("ResourceValue");
        w.beginMap();
        w.entry("Value", "RESOURCE_ID");
        w.endMap();
      } else {
        w.key("StaticValue");
        w.beginMap();
        w.key("Values");
        w.beginSeq();
        for (const std::string &v : p.values)
          w.string(v);
        w.endSeq();
        w.endMap();
      }
      w.endMap();
    }
    w.endMap();
  }
  w.entryBool("Automatic", rem.automatic);
  if (rem.maximumAutomaticAttempts)
    w.entry("MaximumAutomaticAttempts", *rem.maximumAutomaticAttempts);
  if (rem.retryAttemptSeconds)
    w.entry("RetryAttemptSeconds", *rem.retryAttemptSeconds);
  w.endMap();
}

void emitFunction(const ir::Rule &rule, const RolePlan &role, bool ownRole,
                  const FunctionCode &code, const EmitContext &ctx,
                  Unit &unit) {
  const ir::LambdaSettings &l = *rule.lambda;
  ResourceWriter res(unit, rule.logicalIdBase + "LambdaFunction",
                     "AWS::Lambda::Function");
  YamlWriter &w = *res;
  w.key("Properties");
  w.beginMap();
  w.entry("FunctionName", l.functionName);
  w.entry("Runtime", l.runtime);
  w.entry("Handler", handlerFor(rule, code));
  w.key("Role");
  if (!ownRole && ctx.roleViaParameter)
    w.ref(roleArnParameter(role.logicalId));
  else
    w.getAtt(role.logicalId, "Arn");
  w.entry("Timeout", l.timeout);
  w.entry("MemorySize", l.memory);
  if (!l.environment.empty()) {
    w.key("Environment");
    w.beginMap();
    w.key("Variables");
    w.beginMap();
    for (const auto &[k, v] : l.environment)
      w.entry(k, v);
    w.endMap();
    w.endMap();
  }
  emitTags(w, rule.tags);
  // Code last: inline source is the long part of the resource.
  w.key("Code");
  switch (code.placement) {
  case FunctionCode::Inline:
    w.beginMap();
    w.entry("ZipFile", code.inlineSource);
    w.endMap();
    break;
  case FunctionCode::Package:
    w.string((ctx.pathPrefix + code.dir).str());
    break;
  case FunctionCode::S3:
    w.beginMap();
    w.key("S3Bucket");
    w.ref(CodeBucketParameter);
    w.entry("S3Key", code.s3Key);
    w.endMap();
    unit.usesCodeBucket = true;
    break;
  }
  w.endMap();
}

void emitPermission(const ir::Rule &rule, Unit &unit) {
  ResourceWriter res(unit, rule.logicalIdBase + "Permission",
                     "AWS::Lambda::Permission");
  YamlWriter &w = *res;
  w.key("Properties");
  w.beginMap();
  w.key("FunctionName");
  w.getAtt(rule.logicalIdBase + "LambdaFunction", "Arn");
  w.entry("Action", "lambda:InvokeFunction");
  w.entry("Principal", ConfigServicePrincipal);
  // Only AWS Config acting for this account may invoke the function (the
  // confused-deputy guard).
  w.key("SourceAccount");
  w.ref("AWS::AccountId");
  w.endMap();
}

} // namespace

std::string roleArnParameter(StringRef roleLogicalId) {
  return (roleLogicalId + "Arn").str();
}

std::string handlerFor(const ir::Rule &rule, const FunctionCode &code) {
  StringRef function = rule.lambda->handlerFunction;
  if (function.empty())
    function = StringRef(rule.lambda->handler).rsplit('.').second;
  if (function.empty())
    function =
        rule.language == ir::Language::Node ? "handler" : "lambda_handler";
  // CloudFormation writes ZipFile code to index.py / index.js.
  StringRef module = code.placement == FunctionCode::Inline
                         ? StringRef("index")
                         : sys::path::stem(code.fileName);
  return (module + "." + function).str();
}

void emitRole(const RolePlan &role, Unit &unit) {
  ResourceWriter res(unit, role.logicalId, "AWS::IAM::Role");
  YamlWriter &w = *res;
  w.key("Properties");
  w.beginMap();
  if (!role.roleName.empty())
    w.entry("RoleName", role.roleName);
  w.key("AssumeRolePolicyDocument");
  w.beginMap();
  emitPolicyDocumentHeader(w);
  w.beginMap();
  w.entry("Effect", "Allow");
  w.key("Principal");
  w.beginMap();
  w.entry("Service", LambdaServicePrincipal);
  w.endMap();
  w.entry("Action", "sts:AssumeRole");
  w.endMap();
  w.endSeq();
  w.endMap();

  if (!role.managedPolicies.empty()) {
    w.key("ManagedPolicyArns");
    w.beginSeq();
    for (const std::string &p : role.managedPolicies) {
      if (std::optional<std::string> suffix = awsManagedPolicySuffix(p))
        w.sub("arn:${AWS::Partition}" + escapeSub(*suffix));
      else
        w.string(p);
    }
    w.endSeq();
  }

  w.key("Policies");
  w.beginSeq();
  w.beginMap();
  w.entry("PolicyName", RolePolicyName);
  w.key("PolicyDocument");
  w.beginMap();
  emitPolicyDocumentHeader(w);
  w.beginMap();
  w.entry("Sid", LogStatementSid);
  w.entry("Effect", "Allow");
  w.key("Action");
  w.beginSeq();
  for (StringRef action : LogActions)
    w.string(action);
  w.endSeq();
  emitLogResources(w, role);
  w.endMap();
  for (const PolicyStatement &st : evaluationStatements(role))
    emitStatement(w, st.sid, st.actions, "*");
  w.endSeq();
  w.endMap();
  w.endMap();
  w.endSeq();
  emitTags(w, role.tags);
  w.endMap();
}

void emitRule(const ir::Rule &rule, const RolePlan *role, bool ownRole,
              const FunctionCode *code, const EmitContext &ctx, Unit &unit) {
  unit.rule = &rule;
  unit.ruleClass = rule.ruleClass;
  if (rule.isCustomLambda()) {
    if (ownRole)
      emitRole(*role, unit);
    else
      unit.classRole = role;
    emitFunction(rule, *role, ownRole, *code, ctx, unit);
    emitPermission(rule, unit);
  }
  emitConfigRule(rule, unit);
  if (rule.remediation)
    emitRemediation(rule, unit);
}

} // namespace rulecc::cfn
