//===- Terraform.h - The Terraform backend (--target=terraform) -----------===//
// Turns a checked rule IR into a Terraform JSON configuration (main.tf.json)
// for the hashicorp/aws provider, with each function's code zip beside it.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_TERRAFORM_TERRAFORM_H
#define RULECC_BACKENDS_TERRAFORM_TERRAFORM_H

#include "backends/Output.h"
#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include "llvm/ADT/StringRef.h"

namespace rulecc::terraform {

/// The name of the configuration file in a directory output.
constexpr llvm::StringLiteral PrimaryName = "main.tf.json";

/// Emits the application into `out`: the primary file `main.tf.json` and one
/// zip per custom Lambda rule at `<FunctionName>/<sha256>.zip`, referenced
/// from the configuration relative to its own directory. Returns false after
/// reporting errors to `diags`; `out` must then not be committed.
bool emitTerraform(const ir::Application &app, DiagnosticEngine &diags,
                   OutputSet &out);

} // namespace rulecc::terraform

#endif // RULECC_BACKENDS_TERRAFORM_TERRAFORM_H
