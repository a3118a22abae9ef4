//===- Plan.cpp - Target-independent decisions about the deployed resources
//===//

#include "backends/Plan.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace rulecc {

const StringLiteral LogActions[3] = {
    "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"};

namespace {

std::vector<std::string> dedupe(ArrayRef<std::string> items) {
  std::vector<std::string> out;
  StringSet<> seen;
  for (const std::string &s : items)
    if (seen.insert(s).second)
      out.push_back(s);
  return out;
}

/// A rule whose own `iam_policy` or `managed_iam_policy` replaces its
/// class's gets a role of its own.
bool hasOwnPermissions(const ir::Rule &rule) {
  const ir::LambdaSettings &l = *rule.lambda;
  const ir::RuleClass &cls = *rule.ruleClass;
  return (!l.iamActions.empty() && l.iamActions != cls.iamActions) ||
         (!l.managedPolicies.empty() &&
          l.managedPolicies != cls.managedPolicies);
}

std::unique_ptr<RolePlan> ownRole(const ir::RuleClass &cls,
                                  const ir::Rule &rule) {
  const ir::LambdaSettings &l = *rule.lambda;
  auto role = std::make_unique<RolePlan>();
  role->logicalId = rule.logicalIdBase + "IamRole";
  role->ruleClass = &cls;
  role->rules.push_back(&rule);
  role->actions = dedupe(l.iamActions.empty() ? cls.iamActions : l.iamActions);
  role->managedPolicies = dedupe(l.managedPolicies.empty() ? cls.managedPolicies
                                                           : l.managedPolicies);
  role->tags = rule.tags;
  return role;
}

std::unique_ptr<RolePlan> classRole(const ir::RuleClass &cls) {
  auto role = std::make_unique<RolePlan>();
  role->logicalId = cls.roleLogicalId;
  role->roleName = cls.roleName;
  role->ruleClass = &cls;
  role->actions = dedupe(cls.iamActions);
  role->managedPolicies = dedupe(cls.managedPolicies);
  role->tags = cls.tags;
  return role;
}

/// An inline policy over ~10 KB is refused by IAM (the limit is 10,240
/// characters per role); past this many characters of log-group ARNs the
/// role names its functions by their common prefix instead.
constexpr size_t MaxLogArnChars = 4096;
/// The length of `arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:
/// log-group:`, longer than any deployed ARN's prefix (IAM counts the policy
/// after substitution), so the bound holds for every target.
constexpr size_t LogArnPrefixChars = 70;
constexpr StringLiteral LambdaLogGroupPrefix = "/aws/lambda/";

} // namespace

ApplicationPlan planApplication(const ir::Application &app) {
  ApplicationPlan plan;
  for (const auto &cls : app.classes) {
    RolePlan *shared = nullptr;
    size_t classBegin = plan.entries.size();
    for (const auto &rulePtr : cls->rules) {
      const ir::Rule &rule = *rulePtr;
      if (!rule.isCustomLambda()) {
        plan.entries.push_back({cls.get(), &rule, nullptr, false});
        continue;
      }
      if (hasOwnPermissions(rule)) {
        plan.roles.push_back(ownRole(*cls, rule));
        plan.entries.push_back(
            {cls.get(), &rule, plan.roles.back().get(), true});
        continue;
      }
      if (!shared) {
        plan.roles.push_back(classRole(*cls));
        shared = plan.roles.back().get();
        plan.entries.insert(plan.entries.begin() + classBegin,
                            {cls.get(), nullptr, shared, false});
      }
      shared->rules.push_back(&rule);
      plan.entries.push_back({cls.get(), &rule, shared, false});
    }
  }
  return plan;
}

std::vector<std::string> logGroupResources(const RolePlan &role) {
  std::vector<StringRef> names;
  size_t chars = 0;
  for (const ir::Rule *r : role.rules) {
    names.push_back(r->lambda->functionName);
    chars += 2 * (LogArnPrefixChars + LambdaLogGroupPrefix.size() +
                  names.back().size()) +
             2;
  }
  std::vector<std::string> out;
  if (names.empty())
    return out;
  if (chars <= MaxLogArnChars) {
    for (StringRef name : names) {
      std::string group = (Twine(LambdaLogGroupPrefix) + name).str();
      out.push_back(group);
      out.push_back(group + ":*");
    }
    return out;
  }
  StringRef prefix = names.front();
  for (StringRef name : names) {
    size_t n = 0;
    while (n < prefix.size() && n < name.size() && prefix[n] == name[n])
      ++n;
    prefix = prefix.take_front(n);
  }
  out.push_back((Twine(LambdaLogGroupPrefix) + prefix + "*").str());
  return out;
}

std::vector<PolicyStatement> evaluationStatements(const RolePlan &role) {
  std::vector<PolicyStatement> out;
  out.push_back({"PutEvaluations", {"config:PutEvaluations"}});
  // Oversized configuration items arrive without the item; the handler
  // fetches it from the configuration history.
  bool changeTriggered = llvm::any_of(role.rules, [](const ir::Rule *r) {
    return r->trigger != ir::Trigger::Periodic;
  });
  if (changeTriggered)
    out.push_back({"ReadOversizedItems", {"config:GetResourceConfigHistory"}});
  // A scheduled run evaluates every recorded resource of the rule's types:
  // the helpers list them and read them in batches.
  bool periodic = llvm::any_of(role.rules, [](const ir::Rule *r) {
    return r->trigger != ir::Trigger::Change;
  });
  if (periodic)
    out.push_back(
        {"ReadRecordedResources",
         {"config:ListDiscoveredResources", "config:BatchGetResourceConfig"}});
  if (!role.actions.empty())
    out.push_back({"RuleActions", role.actions});
  return out;
}

std::optional<std::string> awsManagedPolicySuffix(StringRef policy) {
  if (policy.startswith("arn:"))
    return std::nullopt;
  return (Twine(":iam::aws:policy/") + policy).str();
}

SmallVector<SourceDetail, 3> sourceDetails(const ir::Rule &rule) {
  SmallVector<SourceDetail, 3> out;
  if (rule.kind == ir::RuleKind::Managed)
    return out;
  // Guard policies only run on configuration changes.
  bool change = rule.kind == ir::RuleKind::Policy ||
                rule.trigger != ir::Trigger::Periodic;
  if (change) {
    out.push_back({"ConfigurationItemChangeNotification", std::nullopt});
    out.push_back(
        {"OversizedConfigurationItemChangeNotification", std::nullopt});
  }
  if (rule.kind != ir::RuleKind::Policy && rule.trigger != ir::Trigger::Change)
    out.push_back({"ScheduledNotification", rule.frequency});
  return out;
}

std::optional<ir::Frequency> ruleFrequency(const ir::Rule &rule) {
  if (rule.kind == ir::RuleKind::Managed && rule.frequency &&
      rule.trigger != ir::Trigger::Change)
    return rule.frequency;
  return std::nullopt;
}

SmallVector<StringRef, 2> evaluationModes(const ir::Rule &rule) {
  SmallVector<StringRef, 2> out;
  if (rule.evaluationModes.isDefault())
    return out;
  if (rule.evaluationModes.detective)
    out.push_back("DETECTIVE");
  if (rule.evaluationModes.proactive)
    out.push_back("PROACTIVE");
  return out;
}

std::vector<std::pair<std::string, std::string>>
inputParameters(const ir::Rule &rule) {
  std::vector<std::pair<std::string, std::string>> out;
  StringSet<> seen;
  auto add = [&](StringRef name, const ir::Value &value) {
    if (seen.insert(name).second)
      out.emplace_back(name.str(), value.render());
  };
  for (const ir::InputParameter &p : rule.inputParameters)
    add(p.name, p.value);
  for (const ir::ParamDecl &p : rule.params)
    if (p.defaultValue && p.defaultValue->kind != ir::Value::Nil)
      add(p.name, *p.defaultValue);
  return out;
}

std::vector<RemediationParameter>
remediationParameters(const ir::Remediation &rem) {
  std::vector<RemediationParameter> out;
  for (const auto &[name, value] : rem.parameters) {
    RemediationParameter p;
    p.name = name;
    if (value.kind == ir::Value::Symbol && value.stringValue == "resource_id") {
      p.resourceId = true;
    } else if (value.kind == ir::Value::List) {
      for (const ir::Value &v : value.list)
        p.values.push_back(v.render());
    } else {
      p.values.push_back(value.render());
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<StringRef> remediationResourceType(const ir::Rule &rule) {
  if (rule.scope.resourceTypes.size() == 1)
    return StringRef(rule.scope.resourceTypes.front().first);
  return std::nullopt;
}

} // namespace rulecc
