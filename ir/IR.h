//===- IR.h - The resolved rule IR every backend reads --------------------===//
// Application -> rule classes -> rules, with names, defaults and settings
// already resolved by lowering. Backends read only this (never the AST).
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_IR_H
#define RULECC_IR_IR_H

#include "ir/BodyIR.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rulecc::ir {

/// A value written in the rule file (input parameters, remediation
/// parameters, parameter defaults), kept typed so the checker can compare it
/// with a catalog type and backends can render it.
struct Value {
  enum Kind { Nil, Bool, Int, Float, String, Symbol, List, Map };
  Kind kind = Nil;
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0;
  std::string stringValue; // String and Symbol
  std::vector<Value> list;
  std::vector<std::pair<std::string, Value>> map; // in source order
  llvm::SMRange range;

  /// How AWS Config wants it in InputParameters: a string. Lists become
  /// comma-separated; maps become compact JSON; true/false lower-case.
  std::string render() const;
};

enum class RuleKind {
  Managed, // Owner: AWS
  Handler, // CUSTOM_LAMBDA running the user's python/node/ruby file
  Body,    // CUSTOM_LAMBDA compiled from a `rule ... do |item|` body
  Policy,  // CUSTOM_POLICY (Guard 2)
};
llvm::StringRef toString(RuleKind k);

enum class Language { Python, Node, Ruby };
llvm::StringRef toString(Language l);

/// Which notifications invoke the rule.
enum class Trigger { Change, Periodic, Both };
llvm::StringRef toString(Trigger t);

/// AWS Config's MaximumExecutionFrequency values.
enum class Frequency {
  OneHour,
  ThreeHours,
  SixHours,
  TwelveHours,
  TwentyFourHours
};
/// "One_Hour", "Three_Hours", ...
llvm::StringRef toAWSString(Frequency f);

struct EvaluationModes {
  bool detective = true;
  bool proactive = false;
  bool isDefault() const { return detective && !proactive; }
};

/// ComplianceResourceTypes / TagKey / TagValue / ComplianceResourceId.
struct Scope {
  std::vector<std::pair<std::string, llvm::SMRange>> resourceTypes;
  std::optional<std::string> tagKey;
  std::optional<std::string> tagValue;
  std::optional<std::string> resourceId;
  llvm::SMRange range; // invalid when the rule has no scope
  bool empty() const { return resourceTypes.empty() && !tagKey && !resourceId; }
};

struct InputParameter {
  std::string name; // as written (checker maps snake_case to the catalog)
  llvm::SMRange nameRange;
  Value value;
};

/// `param :name, Integer, default: 90` on a custom rule.
struct ParamDecl {
  enum Type { String, Integer, Float, Boolean, List };
  std::string name;
  Type type = String;
  std::optional<Value> defaultValue;
  llvm::SMRange range;
};
llvm::StringRef toString(ParamDecl::Type t);

struct Remediation {
  std::string targetId; // SSM document name
  std::optional<std::string> targetVersion;
  bool automatic = false;
  std::optional<int64_t> maximumAutomaticAttempts;
  std::optional<int64_t> retryAttemptSeconds;
  /// Static parameters, in source order. The parameter whose value is the
  /// symbol :resource_id becomes `ResourceValue: {Value: RESOURCE_ID}`.
  std::vector<std::pair<std::string, Value>> parameters;
  llvm::SMRange range;
};

using Tags = std::vector<std::pair<std::string, std::string>>; // sorted by key

/// Lambda settings of a custom rule, after precedence (rule > class >
/// application default > built-in default).
struct LambdaSettings {
  std::string runtime;        // "python3.12"
  llvm::SMRange runtimeRange; // where the effective runtime was written
  int64_t timeout = 30;       // seconds
  int64_t memory = 256;       // MB
  std::vector<std::pair<std::string, std::string>> environment; // sorted
  std::vector<std::string> iamActions;      // this rule's iam_policy
  std::vector<std::string> managedPolicies; // this rule's managed_iam_policy
  std::string functionName; // <project>-<class_underscored>-<name>, <= 64
  std::string handler;      // "index.lambda_handler", "<name>.lambda_handler"
  /// The exported function alone: "lambda_handler" (Python, Ruby) or
  /// "handler" (Node.js), for backends that build their own `module.fn`
  /// (inline code is always `index.<fn>`).
  std::string handlerFunction = "lambda_handler";
};

struct RuleClass;

struct Rule {
  RuleKind kind = RuleKind::Managed;
  std::string
      name; // the declaration's symbol, e.g. "cloud_trail_log_integrity"
  llvm::SMRange declRange; // the whole declaration (`managed_rule :x`)
  llvm::SMRange nameRange; // the symbol
  const RuleClass *ruleClass = nullptr;

  std::string configRuleName; // resolved, <= 128
  llvm::SMRange
      configRuleNameRange; // valid when the user wrote config_rule_name
  std::string
      logicalIdBase; // "CheckRuleIncomingSshDisabled"; + "ConfigRule", ...
  std::optional<std::string> description;
  llvm::SMRange descriptionRange;

  std::string sourceIdentifier; // Managed: "INCOMING_SSH_DISABLED"
  Scope scope;
  std::vector<InputParameter> inputParameters;
  std::vector<ParamDecl> params;
  Trigger trigger = Trigger::Change;
  std::optional<Frequency> frequency;
  llvm::SMRange frequencyRange;
  EvaluationModes evaluationModes;
  llvm::SMRange evaluationModesRange;
  Tags tags; // application + class + rule tags merged, rule wins
  std::optional<Remediation> remediation;

  // Custom Lambda rules (Handler and Body).
  std::optional<LambdaSettings> lambda;
  Language language = Language::Python;
  std::string handlerPath;   // Handler: resolved path of the user's file
  std::string handlerSource; // Handler: the file's contents (read once here)
  /// Body: the checked, typed body (null when the declaration had none).
  std::unique_ptr<body::Body> body;

  // Policy rules.
  std::string policyText;
  bool enableDebugLogDelivery = false;

  bool isCustomLambda() const {
    return kind == RuleKind::Handler || kind == RuleKind::Body;
  }
};

struct RuleClass {
  std::string name;                         // "CheckRule"
  std::string underscored;                  // "check_rule"
  std::optional<std::string> ruleNamespace; // nullopt: `rule_namespace false`
  llvm::SMRange range;
  std::string roleLogicalId; // "CheckRuleIamRole"
  std::string
      roleName; // physical role name is left to CloudFormation unless set
  std::vector<std::string> iamActions;      // class_iam_policy
  std::vector<std::string> managedPolicies; // class_managed_iam_policy
  /// Application `tags` merged with `class_tags` (class wins), sorted by
  /// key: the tags of class-wide resources such as the role.
  Tags tags;
  std::vector<std::unique_ptr<Rule>> rules; // in source order
  bool hasLambdaRules() const {
    for (const auto &r : rules)
      if (r->isCustomLambda())
        return true;
    return false;
  }
};

struct Application {
  std::string project;  // prefix of generated names
  std::string mainFile; // the first file named on the command line
  std::string defaultRuntime = "python3.12";
  int64_t defaultTimeout = 30;
  int64_t defaultMemory = 256;
  Tags tags; // `tags { ... }` at top level
  std::optional<std::string> codeBucket;
  std::vector<std::unique_ptr<RuleClass>> classes; // in source order

  /// Every rule in source order (classes in order, rules in order).
  std::vector<const Rule *> allRules() const {
    std::vector<const Rule *> out;
    for (const auto &c : classes)
      for (const auto &r : c->rules)
        out.push_back(r.get());
    return out;
  }
};

/// Prints the IR for `--emit=ir` (stable, line-oriented, FileCheck-friendly).
void dump(const Application &app, llvm::raw_ostream &os);

} // namespace rulecc::ir

#endif // RULECC_IR_IR_H
