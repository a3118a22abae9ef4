//===- Terraform.cpp - The Terraform backend ------------------------------===//
// Plans roles like every target (backends/Plan.h), then writes each rule's
// resources as Terraform JSON: llvm::json sorts object keys, so the output is
// deterministic whatever the order in which resources are added.
//===----------------------------------------------------------------------===//

#include "backends/terraform/Terraform.h"

#include "backends/Plan.h"
#include "backends/terraform/Code.h"
#include "backends/terraform/Syntax.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc::terraform {

namespace {

constexpr StringLiteral ConfigRule = "aws_config_config_rule";
constexpr StringLiteral Remediation = "aws_config_remediation_configuration";
constexpr StringLiteral Function = "aws_lambda_function";
constexpr StringLiteral Permission = "aws_lambda_permission";
constexpr StringLiteral Role = "aws_iam_role";
constexpr StringLiteral RolePolicy = "aws_iam_role_policy";
constexpr StringLiteral PolicyAttachment = "aws_iam_role_policy_attachment";

// The data sources the configuration reads, each as `<type>.current`.
constexpr StringLiteral CallerIdentity = "aws_caller_identity";
constexpr StringLiteral Partition = "aws_partition";
constexpr StringLiteral Region = "aws_region";
constexpr StringLiteral Current = "current";

/// Keeps json::Value from holding a StringRef into a temporary: llvm::json
/// copies std::string but not StringRef.
json::Value str(StringRef s) { return json::Value(s.str()); }

/// A policy document as the compact JSON string IAM takes.
std::string policyDocument(json::Array statements) {
  json::Value doc = json::Object{{"Version", "2012-10-17"},
                                 {"Statement", std::move(statements)}};
  std::string text;
  raw_string_ostream os(text);
  os << doc;
  return os.str();
}

json::Array stringArray(ArrayRef<std::string> items) {
  json::Array out;
  for (const std::string &s : items)
    out.push_back(literal(s));
  return out;
}

json::Object tagMap(const ir::Tags &tags) {
  json::Object out;
  for (const auto &[k, v] : tags)
    out[literal(k)] = literal(v);
  return out;
}

class Emitter {
public:
  Emitter(const ir::Application &app, DiagnosticEngine &diags, OutputSet &out)
      : app(app), diags(diags), out(out) {}

  bool run();

private:
  /// A new resource body; reports a name already taken by another rule or
  /// role (two logical IDs that differ only in case of their words).
  json::Object *resource(StringRef type, const std::string &name,
                         SMRange owner);
  std::string useData(StringRef type, StringRef attribute);
  std::string partition() { return useData(Partition, "partition"); }

  void emitRole(const RolePlan &role);
  std::string rolePolicy(const RolePlan &role);
  void emitRule(const PlanEntry &entry);
  void emitFunction(const ir::Rule &rule, const RolePlan &role,
                    const FunctionCode &code);
  void emitPermission(const ir::Rule &rule);
  void emitConfigRule(const ir::Rule &rule);
  json::Object source(const ir::Rule &rule);
  void emitRemediation(const ir::Rule &rule);
  std::string render();

  const ir::Application &app;
  DiagnosticEngine &diags;
  OutputSet &out;

  json::Object resources; // type -> name -> arguments
  StringSet<> dataSources;
  /// Where each `<type>.<name>` was first defined, for clash reports.
  StringMap<SMRange> defined;
  /// The role resources a role's functions need before they first run.
  StringMap<std::vector<std::string>> roleDependencies;
  DenseMap<const ir::Rule *, const FunctionCode *> codes;
  bool ok = true;
};

json::Object *Emitter::resource(StringRef type, const std::string &name,
                                SMRange owner) {
  auto [it, inserted] = defined.try_emplace(address(type, name), owner);
  if (!inserted) {
    diags.report(owner, DiagID::DuplicateLogicalId, address(type, name))
        .note(it->second, DiagID::NoteFirstDefinedHere);
    ok = false;
  }
  json::Value &byType = resources[type.str()];
  if (!byType.getAsObject())
    byType = json::Object();
  json::Value &body = (*byType.getAsObject())[name];
  body = json::Object();
  return body.getAsObject();
}

std::string Emitter::useData(StringRef type, StringRef attribute) {
  dataSources.insert(type);
  return ("data." + type + "." + Current + "." + attribute).str();
}

std::string Emitter::rolePolicy(const RolePlan &role) {
  std::string logArn =
      formatv("arn:${{{0}}:logs:${{{1}}:${{{2}}:log-group:", partition(),
              useData(Region, "id"), useData(CallerIdentity, "account_id"));
  json::Array logResources;
  for (const std::string &group : logGroupResources(role))
    logResources.push_back(logArn + literal(group));
  json::Array logActions;
  for (StringRef a : LogActions)
    logActions.push_back(str(a));
  json::Array statements;
  statements.push_back(json::Object{{"Sid", str(LogStatementSid)},
                                    {"Effect", "Allow"},
                                    {"Action", std::move(logActions)},
                                    {"Resource", std::move(logResources)}});
  for (const PolicyStatement &st : evaluationStatements(role)) {
    json::Value actions = st.actions.size() == 1
                              ? json::Value(literal(st.actions.front()))
                              : json::Value(stringArray(st.actions));
    statements.push_back(json::Object{{"Sid", str(st.sid)},
                                      {"Effect", "Allow"},
                                      {"Action", std::move(actions)},
                                      {"Resource", "*"}});
  }
  return policyDocument(std::move(statements));
}

void Emitter::emitRole(const RolePlan &role) {
  std::string name = snakeCase(role.logicalId);
  SMRange owner =
      role.rules.size() == 1 && role.logicalId != role.ruleClass->roleLogicalId
          ? role.rules.front()->declRange
          : role.ruleClass->range;
  json::Object &r = *resource(Role, name, owner);
  if (!role.roleName.empty())
    r["name"] = literal(role.roleName);
  r["assume_role_policy"] = policyDocument(json::Array{json::Object{
      {"Effect", "Allow"},
      {"Principal", json::Object{{"Service", str(LambdaServicePrincipal)}}},
      {"Action", "sts:AssumeRole"}}});
  if (!role.tags.empty())
    r["tags"] = tagMap(role.tags);

  std::vector<std::string> &deps = roleDependencies[role.logicalId];
  json::Object &p = *resource(RolePolicy, name, owner);
  p["name"] = str(RolePolicyName);
  p["role"] = reference(Role, name, "id");
  p["policy"] = rolePolicy(role);
  deps.push_back(address(RolePolicy, name));

  // One attachment per managed policy, named after the policy.
  StringSet<> used;
  for (const std::string &policy : role.managedPolicies) {
    std::string arn;
    if (std::optional<std::string> suffix = awsManagedPolicySuffix(policy))
      arn = "arn:" + interpolate(partition()) + literal(*suffix);
    else
      arn = literal(policy);
    std::string base = name + "_" +
                       snakeCase(StringRef(policy).rsplit('/').second.empty()
                                     ? StringRef(policy)
                                     : StringRef(policy).rsplit('/').second);
    std::string attachment = base;
    for (unsigned n = 2; !used.insert(attachment).second; ++n)
      attachment = base + "_" + std::to_string(n);
    json::Object &a = *resource(PolicyAttachment, attachment, owner);
    a["role"] = reference(Role, name, "name");
    a["policy_arn"] = arn;
    deps.push_back(address(PolicyAttachment, attachment));
  }
}

void Emitter::emitFunction(const ir::Rule &rule, const RolePlan &role,
                           const FunctionCode &code) {
  const ir::LambdaSettings &l = *rule.lambda;
  json::Object &f =
      *resource(Function, snakeCase(rule.logicalIdBase), rule.declRange);
  f["function_name"] = literal(l.functionName);
  f["role"] = reference(Role, snakeCase(role.logicalId), "arn");
  f["runtime"] = literal(l.runtime);
  f["handler"] = literal(code.handler);
  f["timeout"] = l.timeout;
  f["memory_size"] = l.memory;
  // Relative to the configuration's directory, wherever terraform runs.
  f["filename"] = interpolate("path.module") + "/" + literal(code.zipPath);
  f["source_code_hash"] = code.sha256Base64;
  if (!l.environment.empty()) {
    json::Object vars;
    for (const auto &[k, v] : l.environment)
      vars[literal(k)] = literal(v);
    f["environment"] = json::Object{{"variables", std::move(vars)}};
  }
  if (!rule.tags.empty())
    f["tags"] = tagMap(rule.tags);
  // The role's policies are separate resources: without this the function
  // could first run (when its rule is created) before it may write logs or
  // evaluations.
  json::Array deps;
  for (const std::string &d : roleDependencies[role.logicalId])
    deps.push_back(d);
  f["depends_on"] = std::move(deps);
}

void Emitter::emitPermission(const ir::Rule &rule) {
  std::string name = snakeCase(rule.logicalIdBase);
  json::Object &p = *resource(Permission, name, rule.declRange);
  p["function_name"] = reference(Function, name, "function_name");
  p["action"] = "lambda:InvokeFunction";
  p["principal"] = str(ConfigServicePrincipal);
  // Only AWS Config acting for this account may invoke the function (the
  // confused-deputy guard).
  p["source_account"] = interpolate(useData(CallerIdentity, "account_id"));
}

json::Object Emitter::source(const ir::Rule &rule) {
  json::Object s;
  switch (rule.kind) {
  case ir::RuleKind::Managed:
    s["owner"] = "AWS";
    s["source_identifier"] = literal(rule.sourceIdentifier);
    return s;
  case ir::RuleKind::Handler:
  case ir::RuleKind::Body:
    s["owner"] = "CUSTOM_LAMBDA";
    s["source_identifier"] =
        reference(Function, snakeCase(rule.logicalIdBase), "arn");
    break;
  case ir::RuleKind::Policy:
    s["owner"] = "CUSTOM_POLICY";
    s["custom_policy_details"] = json::Object{
        {"policy_runtime", "guard-2.x.x"},
        {"policy_text", literal(rule.policyText)},
        {"enable_debug_log_delivery", rule.enableDebugLogDelivery}};
    break;
  }
  json::Array details;
  for (const SourceDetail &d : sourceDetails(rule)) {
    json::Object detail{{"event_source", str(ConfigEventSource)},
                        {"message_type", str(d.messageType)}};
    if (d.frequency)
      detail["maximum_execution_frequency"] =
          str(ir::toAWSString(*d.frequency));
    details.push_back(std::move(detail));
  }
  s["source_detail"] = std::move(details);
  return s;
}

void Emitter::emitConfigRule(const ir::Rule &rule) {
  std::string name = snakeCase(rule.logicalIdBase);
  json::Object &r = *resource(ConfigRule, name, rule.declRange);
  r["name"] = literal(rule.configRuleName);
  if (rule.description)
    r["description"] = literal(*rule.description);
  r["source"] = source(rule);
  const ir::Scope &scope = rule.scope;
  if (!scope.empty()) {
    json::Object s;
    if (!scope.resourceTypes.empty()) {
      json::Array types;
      for (const auto &[type, range] : scope.resourceTypes)
        types.push_back(literal(type));
      s["compliance_resource_types"] = std::move(types);
    }
    if (scope.resourceId)
      s["compliance_resource_id"] = literal(*scope.resourceId);
    if (scope.tagKey)
      s["tag_key"] = literal(*scope.tagKey);
    if (scope.tagValue)
      s["tag_value"] = literal(*scope.tagValue);
    r["scope"] = std::move(s);
  }
  std::vector<std::pair<std::string, std::string>> params =
      inputParameters(rule);
  if (!params.empty()) {
    json::Object obj;
    for (auto &[k, v] : params)
      obj[k] = std::move(v);
    std::string text;
    raw_string_ostream os(text);
    os << json::Value(std::move(obj));
    r["input_parameters"] = literal(os.str());
  }
  if (std::optional<ir::Frequency> f = ruleFrequency(rule))
    r["maximum_execution_frequency"] = str(ir::toAWSString(*f));
  SmallVector<StringRef, 2> modes = evaluationModes(rule);
  if (!modes.empty()) {
    json::Array blocks;
    for (StringRef m : modes)
      blocks.push_back(json::Object{{"mode", str(m)}});
    r["evaluation_mode"] = std::move(blocks);
  }
  if (!rule.tags.empty())
    r["tags"] = tagMap(rule.tags);
  // AWS Config checks that it may invoke the function when the rule is
  // created, so the permission must exist first.
  if (rule.isCustomLambda())
    r["depends_on"] = json::Array{address(Permission, name)};
}

void Emitter::emitRemediation(const ir::Rule &rule) {
  const ir::Remediation &rem = *rule.remediation;
  std::string name = snakeCase(rule.logicalIdBase);
  json::Object &r = *resource(Remediation, name, rem.range);
  // A reference (not the literal name) orders creation after the rule.
  r["config_rule_name"] = reference(ConfigRule, name, "name");
  r["target_type"] = str(RemediationTargetType);
  r["target_id"] = literal(rem.targetId);
  if (rem.targetVersion)
    r["target_version"] = literal(*rem.targetVersion);
  if (std::optional<StringRef> type = remediationResourceType(rule))
    r["resource_type"] = literal(*type);
  // Written as hashicorp/aws reads them back (sorted by name, one value as
  // static_value), or every plan after apply would want to change them.
  std::vector<RemediationParameter> params = remediationParameters(rem);
  llvm::stable_sort(
      params, [](const RemediationParameter &a, const RemediationParameter &b) {
        return a.name < b.name;
      });
  json::Array parameters;
  for (const RemediationParameter &p : params) {
    json::Object param{{"name", literal(p.name)}};
    if (p.resourceId)
      param["resource_value"] = "RESOURCE_ID";
    else if (p.values.size() == 1)
      param["static_value"] = literal(p.values.front());
    else
      param["static_values"] = stringArray(p.values);
    parameters.push_back(std::move(param));
  }
  if (!parameters.empty())
    r["parameter"] = std::move(parameters);
  r["automatic"] = rem.automatic;
  if (rem.maximumAutomaticAttempts)
    r["maximum_automatic_attempts"] = *rem.maximumAutomaticAttempts;
  if (rem.retryAttemptSeconds)
    r["retry_attempt_seconds"] = *rem.retryAttemptSeconds;
}

void Emitter::emitRule(const PlanEntry &entry) {
  const ir::Rule &rule = *entry.rule;
  if (rule.isCustomLambda()) {
    if (entry.ownRole)
      emitRole(*entry.role);
    emitFunction(rule, *entry.role, *codes.lookup(&rule));
    emitPermission(rule);
  }
  emitConfigRule(rule);
  if (rule.remediation)
    emitRemediation(rule);
}

std::string Emitter::render() {
  json::Object root;
  root["terraform"] = json::Object{
      {"required_providers",
       json::Object{{"aws", json::Object{{"source", "hashicorp/aws"},
                                         {"version", ">= 5.0"}}}}}};
  if (!dataSources.empty()) {
    json::Object data;
    for (const auto &d : dataSources)
      data[d.getKey().str()] = json::Object{{Current, json::Object()}};
    root["data"] = std::move(data);
  }
  if (!resources.empty())
    root["resource"] = std::move(resources);
  std::string text;
  raw_string_ostream os(text);
  os << formatv("{0:2}", json::Value(std::move(root))) << '\n';
  return os.str();
}

bool Emitter::run() {
  std::optional<std::vector<FunctionCode>> functions =
      bundleFunctions(app, diags);
  if (!functions)
    return false;
  for (const FunctionCode &code : *functions)
    codes[code.rule] = &code;

  ApplicationPlan plan = planApplication(app);
  for (const PlanEntry &entry : plan.entries) {
    if (entry.rule)
      emitRule(entry);
    else
      emitRole(*entry.role);
  }
  if (!ok)
    return false;
  out.setPrimary(PrimaryName.str(), render());
  for (FunctionCode &code : *functions)
    out.add(code.zipPath, std::move(code.zip));
  return true;
}

} // namespace

bool emitTerraform(const ir::Application &app, DiagnosticEngine &diags,
                   OutputSet &out) {
  Emitter emitter(app, diags, out);
  return emitter.run();
}

} // namespace rulecc::terraform
