//===- Resources.h - CloudFormation resources of one rule or role ---------===//
// Emits each resource as a YAML chunk (indented under `Resources:`), grouped
// into units that must be deployed in the same template.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_CFN_RESOURCES_H
#define RULECC_BACKENDS_CFN_RESOURCES_H

#include "backends/Plan.h"
#include "ir/IR.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace rulecc::cfn {

/// Where a function's code lives.
struct FunctionCode {
  enum Placement { Inline, Package, S3 };
  Placement placement = Inline;
  std::string fileName; // the handler file inside the package or zip
  std::string dir;      // package directory, relative to the output root
  std::string s3Key;    // "<function-name>/<sha256>.zip"
  /// Inline: the ZipFile text (the handler file, or a body's module with
  /// the runtime helpers it uses).
  std::string inlineSource;
};

/// How a unit refers to things that may live in another template.
struct EmitContext {
  /// The class role's ARN arrives as a template parameter
  /// (`!Ref <Role>Arn`) instead of `!GetAtt <Role>.Arn`.
  bool roleViaParameter = false;
  /// Prefix of package paths: the template's path back to the output root.
  llvm::StringRef pathPrefix;
};

struct Resource {
  std::string logicalId;
  std::string yaml; // `  <LogicalId>:\n    Type: ...`, ends with '\n'
};

/// Resources that must stay in one template: a rule's function, permission,
/// config rule and remediation (and its own role), or a class role.
struct Unit {
  const ir::RuleClass *ruleClass = nullptr;
  const ir::Rule *rule = nullptr; // null for a class role
  std::vector<Resource> resources;
  size_t bytes = 0;
  const RolePlan *classRole = nullptr; // the shared role its function uses
  bool usesCodeBucket = false;
};

/// The template parameter that carries a role's ARN into another stack.
std::string roleArnParameter(llvm::StringRef roleLogicalId);
/// The name of the template parameter with the S3 bucket of `--code=s3`.
constexpr llvm::StringLiteral CodeBucketParameter = "CodeBucket";

/// Appends the AWS::IAM::Role of `role` to `unit`.
void emitRole(const RolePlan &role, Unit &unit);

/// Appends the resources of `rule` to `unit`. `role` is the role its
/// function assumes (its own role is emitted into the unit when `ownRole`);
/// `code` is where that function's code lives. Managed and policy rules take
/// neither.
void emitRule(const ir::Rule &rule, const RolePlan *role, bool ownRole,
              const FunctionCode *code, const EmitContext &ctx, Unit &unit);

/// The handler module name a function's Handler uses with `code`.
std::string handlerFor(const ir::Rule &rule, const FunctionCode &code);

} // namespace rulecc::cfn

#endif // RULECC_BACKENDS_CFN_RESOURCES_H
