//===- LowerTables.cpp - The vocabulary of rule files ---------------------===//
// Which names are application settings, class settings, rule properties and
// rule declarations, and which properties apply to which declarations.

#include "ir/LoweringImpl.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace rulecc::ir::detail {

unsigned maskOf(RuleKind kind) {
  switch (kind) {
  case RuleKind::Managed:
    return KManaged;
  case RuleKind::Handler:
    return KHandler;
  case RuleKind::Body:
    return KBody;
  case RuleKind::Policy:
    return KPolicy;
  }
  return 0;
}

std::string describeDeclaration(RuleKind kind, Language language) {
  switch (kind) {
  case RuleKind::Managed:
    return "managed rule";
  case RuleKind::Handler:
    return (toString(language) + " rule").str();
  case RuleKind::Body:
    return "rule with a body";
  case RuleKind::Policy:
    return "policy rule";
  }
  return "rule";
}

// Lambda settings only make sense where there is a Lambda; a Guard policy
// rule is only ever change-triggered; `param` feeds custom code (a handler
// reads it from InputParameters, a body as `params.name`), while
// `input_parameters` is for managed rules and handler files, which read raw
// InputParameters themselves.
static const PropertyInfo propertyTable[] = {
    {"desc", Prop::Description, KAll, false},
    {"description", Prop::Description, KAll, false},
    {"scope", Prop::Scope, KAll, false},
    {"input_parameters", Prop::InputParameters, KManaged | KHandler, false},
    {"param", Prop::Param, KLambda, true},
    {"every", Prop::Every, KManaged | KLambda, false},
    {"maximum_execution_frequency", Prop::Every, KManaged | KLambda, false},
    {"trigger", Prop::Trigger, KLambda, false},
    {"evaluation_mode", Prop::EvaluationMode, KAll, false},
    {"config_rule_name", Prop::ConfigRuleName, KAll, false},
    {"tags", Prop::Tags, KAll, false},
    {"remediate", Prop::Remediate, KAll, false},
    {"timeout", Prop::Timeout, KLambda, false},
    {"memory", Prop::Memory, KLambda, false},
    {"runtime", Prop::Runtime, KLambda, false},
    {"environment", Prop::Environment, KLambda, false},
    {"iam_policy", Prop::IamPolicy, KLambda, false},
    {"managed_iam_policy", Prop::ManagedIamPolicy, KLambda, false},
    {"enable_debug_log_delivery", Prop::DebugLogDelivery, KPolicy, false},
};

const PropertyInfo *lookupProperty(StringRef name) {
  for (const PropertyInfo &info : propertyTable)
    if (info.spelling == name)
      return &info;
  return nullptr;
}

ArrayRef<PropertyInfo> allProperties() { return propertyTable; }

static const StringRef classSettingTable[] = {
    "rule_namespace",
    "class_timeout",
    "class_memory",
    "class_runtime",
    "class_environment",
    "class_iam_policy",
    "class_managed_iam_policy",
    "class_tags",
};

std::optional<ClassSettingKind> lookupClassSetting(StringRef name) {
  for (size_t i = 0; i < std::size(classSettingTable); ++i)
    if (classSettingTable[i] == name)
      return static_cast<ClassSettingKind>(i);
  return std::nullopt;
}

ArrayRef<StringRef> classSettingNames() { return classSettingTable; }

static const StringRef appSettingTable[] = {
    "project", "default_runtime", "default_timeout", "default_memory",
    "tags",    "code_bucket",
};

std::optional<AppSettingKind> lookupAppSetting(StringRef name) {
  for (size_t i = 0; i < std::size(appSettingTable); ++i)
    if (appSettingTable[i] == name)
      return static_cast<AppSettingKind>(i);
  return std::nullopt;
}

ArrayRef<StringRef> appSettingNames() { return appSettingTable; }

static const DeclarationInfo declarationTable[] = {
    {"managed_rule", RuleKind::Managed, Language::Python},
    {"python", RuleKind::Handler, Language::Python},
    {"node", RuleKind::Handler, Language::Node},
    {"ruby", RuleKind::Handler, Language::Ruby},
    {"rule", RuleKind::Body, Language::Python},
    {"policy", RuleKind::Policy, Language::Python},
};

const DeclarationInfo *lookupDeclaration(StringRef name) {
  for (const DeclarationInfo &info : declarationTable)
    if (info.spelling == name)
      return &info;
  return nullptr;
}

ArrayRef<DeclarationInfo> allDeclarations() { return declarationTable; }

const RuleProps::Given *RuleProps::find(Prop prop) const {
  for (const Given &g : given)
    if (g.info->prop == prop)
      return &g;
  return nullptr;
}

} // namespace rulecc::ir::detail
