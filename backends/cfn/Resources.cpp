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
    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:"
    "log-group:/aws/lambda/";

/// An inline policy over ~10 KB is refused by IAM (the limit is 10,240
/// characters per role); past this many characters of log-group ARNs the
/// role names its functions by their common prefix instead.
constexpr size_t MaxLogArnChars = 4096;

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

/// The `Resource` list of the log statement: each function's log group and
/// its streams, or a prefix wildcard when the list would crowd the policy.
void emitLogResources(YamlWriter &w, const RolePlan &role) {
  std::vector<StringRef> names;
  size_t chars = 0;
  for (const ir::Rule *r : role.rules) {
    names.push_back(r->lambda->functionName);
    chars += 2 * (LogGroupArnPrefix.size() + names.back().size()) + 2;
  }
  w.key("Resource");
  w.beginSeq();
  if (chars <= MaxLogArnChars) {
    for (StringRef name : names) {
      std::string arn = (LogGroupArnPrefix + escapeSub(name)).str();
      w.sub(arn);
      w.sub(arn + ":*");
    }
  } else {
    StringRef prefix = names.front();
    for (StringRef name : names) {
      size_t n = 0;
      while (n < prefix.size() && n < name.size() && prefix[n] == name[n])
        ++n;
      prefix = prefix.take_front(n);
    }
    w.sub((LogGroupArnPrefix + escapeSub(prefix) + "*").str());
  }
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

void emitSourceDetail(YamlWriter &w, StringRef messageType,
                      std::optional<ir::Frequency> frequency = std::nullopt) {
  w.beginMap();
  w.entry("EventSource", "aws.config");
  w.entry("MessageType", messageType);
  if (frequency)
    w.entry("MaximumExecutionFrequency", ir::toAWSString(*frequency));
  w.endMap();
}

void emitChangeNotifications(YamlWriter &w) {
  emitSourceDetail(w, "ConfigurationItemChangeNotification");
  emitSourceDetail(w, "OversizedConfigurationItemChangeNotification");
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
    w.key("SourceDetails");
    w.beginSeq();
    if (rule.trigger != ir::Trigger::Periodic)
      emitChangeNotifications(w);
    if (rule.trigger != ir::Trigger::Change)
      emitSourceDetail(w, "ScheduledNotification", rule.frequency);
    w.endSeq();
    break;
  case ir::RuleKind::Policy:
    // Guard policies only run on configuration changes.
    w.entry("Owner", "CUSTOM_POLICY");
    w.key("SourceDetails");
    w.beginSeq();
    emitChangeNotifications(w);
    w.endSeq();
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

/// InputParameters: what the user wrote, then the defaults of typed `param`s
/// not given a value, each rendered as the string AWS Config passes on.
void emitInputParameters(YamlWriter &w, const ir::Rule &rule) {
  StringSet<> seen;
  bool open = false;
  auto add = [&](StringRef name, const ir::Value &value) {
    if (!seen.insert(name).second)
      return;
    if (!open) {
      w.key("InputParameters");
      w.beginMap();
      open = true;
    }
    w.entry(name, value.render());
  };
  for (const ir::InputParameter &p : rule.inputParameters)
    add(p.name, p.value);
  for (const ir::ParamDecl &p : rule.params)
    if (p.defaultValue && p.defaultValue->kind != ir::Value::Nil)
      add(p.name, *p.defaultValue);
  if (open)
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
  // Custom rules carry their frequency in the ScheduledNotification.
  if (rule.kind == ir::RuleKind::Managed && rule.frequency &&
      rule.trigger != ir::Trigger::Change)
    w.entry("MaximumExecutionFrequency", ir::toAWSString(*rule.frequency));
  if (!rule.evaluationModes.isDefault()) {
    w.key("EvaluationModes");
    w.beginSeq();
    for (auto [on, mode] :
         {std::pair{rule.evaluationModes.detective, "DETECTIVE"},
          std::pair{rule.evaluationModes.proactive, "PROACTIVE"}}) {
      if (!on)
        continue;
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
  w.entry("TargetType", "SSM_DOCUMENT");
  w.entry("TargetId", rem.targetId);
  if (rem.targetVersion)
    w.entry("TargetVersion", *rem.targetVersion);
  if (rule.scope.resourceTypes.size() == 1)
    w.entry("ResourceType", rule.scope.resourceTypes.front().first);
  if (!rem.parameters.empty()) {
    w.key("Parameters");
    w.beginMap();
    for (const auto &[name, value] : rem.parameters) {
      w.key(name);
      w.beginMap();
      if (value.kind == ir::Value::Symbol &&
          value.stringValue == "resource_id") {
        w.key("ResourceValue");
        w.beginMap();
        w.entry("Value", "RESOURCE_ID");
        w.endMap();
      } else {
        w.key("StaticValue");
        w.beginMap();
        w.key("Values");
        w.beginSeq();
        if (value.kind == ir::Value::List)
          for (const ir::Value &v : value.list)
            w.string(v.render());
        else
          w.string(value.render());
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
    w.entry("ZipFile", rule.handlerSource);
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
  w.entry("Principal", "config.amazonaws.com");
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
  w.entry("Service", "lambda.amazonaws.com");
  w.endMap();
  w.entry("Action", "sts:AssumeRole");
  w.endMap();
  w.endSeq();
  w.endMap();

  if (!role.managedPolicies.empty()) {
    w.key("ManagedPolicyArns");
    w.beginSeq();
    for (const std::string &p : role.managedPolicies) {
      if (StringRef(p).startswith("arn:"))
        w.string(p);
      else
        w.sub("arn:${AWS::Partition}:iam::aws:policy/" + escapeSub(p));
    }
    w.endSeq();
  }

  w.key("Policies");
  w.beginSeq();
  w.beginMap();
  w.entry("PolicyName", "config-rule-evaluation");
  w.key("PolicyDocument");
  w.beginMap();
  emitPolicyDocumentHeader(w);
  w.beginMap();
  w.entry("Sid", "WriteLogs");
  w.entry("Effect", "Allow");
  w.key("Action");
  w.beginSeq();
  w.string("logs:CreateLogGroup");
  w.string("logs:CreateLogStream");
  w.string("logs:PutLogEvents");
  w.endSeq();
  emitLogResources(w, role);
  w.endMap();
  emitStatement(w, "PutEvaluations", std::string("config:PutEvaluations"), "*");
  // Oversized configuration items arrive without the item; the handler
  // fetches it from the configuration history.
  bool changeTriggered = llvm::any_of(role.rules, [](const ir::Rule *r) {
    return r->trigger != ir::Trigger::Periodic;
  });
  if (changeTriggered)
    emitStatement(w, "ReadOversizedItems",
                  std::string("config:GetResourceConfigHistory"), "*");
  if (!role.actions.empty())
    emitStatement(w, "RuleActions", role.actions, "*");
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
