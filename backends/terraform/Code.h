//===- Code.h - The code zips the Terraform configuration references ------===//
// One deterministic zip per custom Lambda rule, with the hash Terraform uses
// to notice changed code.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_TERRAFORM_CODE_H
#define RULECC_BACKENDS_TERRAFORM_CODE_H

#include "frontend/Diagnostics.h"
#include "ir/IR.h"

#include <optional>
#include <string>
#include <vector>

namespace rulecc::terraform {

struct FunctionCode {
  const ir::Rule *rule = nullptr;
  std::string handler;      // "<handler file stem>.<function>"
  std::string zip;          // the deterministic zip's bytes
  std::string zipPath;      // "<FunctionName>/<sha256 hex>.zip"
  std::string sha256Base64; // `source_code_hash`
};

/// The code of every custom Lambda rule, in source order; nullopt after
/// reporting an error (a rule body, which is not compiled to code yet).
std::optional<std::vector<FunctionCode>>
bundleFunctions(const ir::Application &app, DiagnosticEngine &diags);

} // namespace rulecc::terraform

#endif // RULECC_BACKENDS_TERRAFORM_CODE_H
