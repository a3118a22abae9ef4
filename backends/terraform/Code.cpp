//===- Code.cpp - The code zips the Terraform configuration references ----===//

#include "backends/terraform/Code.h"

#include "backends/bundle/Bundle.h"

namespace rulecc::terraform {

std::optional<std::vector<FunctionCode>>
bundleFunctions(const ir::Application &app, DiagnosticEngine &diags) {
  // The functions' code is their bundle (handler and runtime helpers), the
  // same zip CloudFormation's --code=s3 uploads.
  std::optional<std::vector<bundle::FunctionBundle>> bundles =
      bundle::buildBundles(app, diags);
  if (!bundles)
    return std::nullopt;
  std::vector<FunctionCode> out;
  for (bundle::FunctionBundle &b : *bundles) {
    FunctionCode code;
    code.rule = b.rule;
    code.handler = std::move(b.handler);
    code.zip = std::move(b.zip);
    code.zipPath = std::move(b.zipPath);
    code.sha256Base64 = std::move(b.sha256Base64);
    out.push_back(std::move(code));
  }
  return out;
}

} // namespace rulecc::terraform
