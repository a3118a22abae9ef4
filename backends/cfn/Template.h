//===- Template.h - Templates from resource units, and nested stacks ------===//
// Assembles emitted units into template text, and splits an application over
// CloudFormation's per-template limits into a parent and nested stacks.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_CFN_TEMPLATE_H
#define RULECC_BACKENDS_CFN_TEMPLATE_H

#include "backends/cfn/Resources.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rulecc::cfn {

/// The parts of a template around its resources.
struct TemplateSpec {
  std::string description;
  bool codeBucketParameter = false;
  std::optional<std::string> codeBucketDefault; // the `code_bucket` setting
  /// Parameters carrying the ARN of a role defined in another stack.
  std::vector<std::string> roleArnParameters;
  /// Outputs exporting a role's ARN: (output name, role logical ID).
  std::vector<std::pair<std::string, std::string>> roleOutputs;
};

/// The template text: header, `Parameters`, the resources in order, then
/// `Outputs`.
std::string renderTemplate(const TemplateSpec &spec,
                           llvm::ArrayRef<const Resource *> resources);

/// Bytes kept free in every template for its header, parameters and
/// outputs when packing units.
constexpr size_t TemplateOverheadReserve = 4096;

/// One nested stack of a split application.
struct StackPart {
  const ir::RuleClass *ruleClass = nullptr;
  unsigned index = 1, count = 1; // part `index` of `count` of its class
  std::string logicalId;         // "CheckRuleStack", "CheckRuleStack2"
  std::string fileName;          // "stacks/check_rule.yaml"
  std::vector<size_t> units;     // indices into the unit list
  size_t resources = 0;
  size_t bytes = 0;
  /// The class role this part receives as a parameter, and the part that
  /// defines (and then exports) it.
  const RolePlan *importedRole = nullptr;
  std::string roleSourceId; // logical ID of the part defining importedRole
  bool exportsRole = false;
  bool usesCodeBucket = false;
};

/// Packs `units` (grouped by class, in order) into stack parts: one or
/// more per class, each within `maxResources` and `maxBytes`. A unit never
/// straddles parts; a part that uses its class role but does not hold it
/// imports it from the part that does.
std::vector<StackPart> planStacks(llvm::ArrayRef<Unit> units,
                                  size_t maxResources, size_t maxBytes);

/// The parent template: one AWS::CloudFormation::Stack per part, passing the
/// code bucket and role ARNs down, tagged with the application tags.
std::string renderParentTemplate(const TemplateSpec &spec,
                                 llvm::ArrayRef<StackPart> parts,
                                 const ir::Tags &tags);

} // namespace rulecc::cfn

#endif // RULECC_BACKENDS_CFN_TEMPLATE_H
