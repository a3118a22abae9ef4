//===- CloudFormation.h - The CloudFormation backend (--target=cfn) -------===//
// Turns a checked rule IR into a CloudFormation YAML template (or a parent
// template plus nested stacks) and the Lambda code files it references.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_CFN_CLOUDFORMATION_H
#define RULECC_BACKENDS_CFN_CLOUDFORMATION_H

#include "backends/Output.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include <cstddef>

namespace rulecc::cfn {

struct CfnOptions {
  /// Where the Lambda handler code of custom rules goes.
  enum CodeMode {
    Inline,  // Code.ZipFile in the template (Python and Node.js only)
    Package, // a directory per function, for `aws cloudformation package`
    S3,      // a deterministic zip per function + CodeBucket parameter
    Auto,    // Inline where the template holds the code, else Package
  };
  CodeMode code = Auto;
  /// Output goes to a directory (-o DIR): an application over the
  /// per-template limits may then be split into nested stacks.
  bool directoryOutput = false;

  /// CloudFormation's limits, overridable so tests can exercise splitting
  /// with small applications. Defaults keep a margin below AWS's numbers.
  size_t maxResourcesPerTemplate = 500;
  size_t maxTemplateBytes = 1000 * 1000; // AWS: 1 MB via S3
};

/// Emits the application's CloudFormation into `out` (primary file
/// `template.yaml` plus code and nested templates as needed). Returns false
/// after reporting errors to `diags`; `out` must then not be committed.
bool emitCloudFormation(const ir::Application &app, const CfnOptions &opts,
                        DiagnosticEngine &diags, OutputSet &out);

} // namespace rulecc::cfn

#endif // RULECC_BACKENDS_CFN_CLOUDFORMATION_H
