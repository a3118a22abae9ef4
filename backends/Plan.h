//===- Plan.h - Target-independent decisions about the deployed resources -===//
// Which IAM roles exist and which rules assume them, what each role may do,
// which notifications invoke a rule and what its parameters become: decided
// once from the IR, so every target describes the same infrastructure.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_PLAN_H
#define RULECC_BACKENDS_PLAN_H

#include "ir/IR.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rulecc {

/// An IAM execution role and the custom rules whose functions assume it.
struct RolePlan {
  std::string logicalId;
  std::string roleName; // physical name; empty leaves it to the deployer
  const ir::RuleClass *ruleClass = nullptr;
  std::vector<const ir::Rule *> rules;
  std::vector<std::string> actions;         // deduplicated, in source order
  std::vector<std::string> managedPolicies; // deduplicated, in source order
  ir::Tags tags;
};

/// One step of the output, in output order: a class role (rule == null) or a
/// rule with the role its function assumes.
struct PlanEntry {
  const ir::RuleClass *ruleClass = nullptr;
  const ir::Rule *rule = nullptr;
  const RolePlan *role = nullptr; // the class role, or the rule's role
  bool ownRole = false;           // the rule's role is its own
};

struct ApplicationPlan {
  std::vector<std::unique_ptr<RolePlan>> roles;
  /// Class by class in source order; a class's shared role comes before its
  /// rules, so a class split over several templates defines it first.
  std::vector<PlanEntry> entries;
};

/// Plans the roles: one per class with Lambda rules, and one of its own for
/// a rule whose `iam_policy` or `managed_iam_policy` replaces its class's
/// (so the rest of the class does not gain those permissions).
ApplicationPlan planApplication(const ir::Application &app);

/// The inline policy of every role: its name, the log actions, and the
/// statements granted on every resource.
constexpr llvm::StringLiteral RolePolicyName = "config-rule-evaluation";
constexpr llvm::StringLiteral LogStatementSid = "WriteLogs";
extern const llvm::StringLiteral LogActions[3];
constexpr llvm::StringLiteral LambdaServicePrincipal = "lambda.amazonaws.com";
constexpr llvm::StringLiteral ConfigServicePrincipal = "config.amazonaws.com";

/// What follows `arn:<partition>:logs:<region>:<account>:log-group:` in the
/// log ARNs of `role`: each function's group and its streams
/// (`/aws/lambda/<fn>`, `/aws/lambda/<fn>:*`), or one common-prefix wildcard
/// when those would crowd IAM's 10,240-character inline policy limit.
std::vector<std::string> logGroupResources(const RolePlan &role);

/// A statement granted on `Resource: "*"` (actions AWS Config's APIs do not
/// scope to resources).
struct PolicyStatement {
  llvm::StringRef sid;
  std::vector<std::string> actions;
};
/// The statements after the log statement: PutEvaluations, the history read
/// of change-triggered rules (oversized items arrive without the item), the
/// listing and batch read of periodic rules (a scheduled run evaluates every
/// recorded resource of their types), and the role's own actions.
std::vector<PolicyStatement> evaluationStatements(const RolePlan &role);

/// A managed policy written as a name (`SecurityAudit`,
/// `service-role/AWSConfigRulesExecutionRole`) is AWS's; its ARN is
/// `arn:<partition>:iam::aws:policy/<name>`. Returns the part after the
/// partition for a name, nullopt for a full ARN (used as written).
std::optional<std::string> awsManagedPolicySuffix(llvm::StringRef policy);

/// One notification that invokes a rule.
struct SourceDetail {
  llvm::StringRef messageType;
  std::optional<ir::Frequency> frequency; // scheduled notifications only
};
constexpr llvm::StringLiteral ConfigEventSource = "aws.config";
/// The notifications of a custom Lambda or policy rule: both change
/// notifications for change triggers, the scheduled one with its frequency
/// for periodic triggers; Guard policies only run on changes.
llvm::SmallVector<SourceDetail, 3> sourceDetails(const ir::Rule &rule);

/// The rule-level MaximumExecutionFrequency (managed periodic rules only;
/// custom rules carry it in their scheduled notification).
std::optional<ir::Frequency> ruleFrequency(const ir::Rule &rule);

/// The AWS names of the rule's evaluation modes, when not the default.
llvm::SmallVector<llvm::StringRef, 2> evaluationModes(const ir::Rule &rule);

/// InputParameters as AWS Config passes them: what the user wrote, then the
/// defaults of typed `param`s not given a value, each rendered as a string.
std::vector<std::pair<std::string, std::string>>
inputParameters(const ir::Rule &rule);

/// A remediation parameter: the resource ID, or static values.
struct RemediationParameter {
  llvm::StringRef name;
  bool resourceId = false;
  std::vector<std::string> values; // static values, rendered
};
std::vector<RemediationParameter>
remediationParameters(const ir::Remediation &rem);
constexpr llvm::StringLiteral RemediationTargetType = "SSM_DOCUMENT";
/// A remediation names the resource type when the rule's scope has exactly
/// one.
std::optional<llvm::StringRef> remediationResourceType(const ir::Rule &rule);

} // namespace rulecc

#endif // RULECC_BACKENDS_PLAN_H
