//===- Code.cpp - The code zips the Terraform configuration references ----===//

#include "backends/terraform/Code.h"

#include "backends/cfn/DeterministicZip.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

using namespace llvm;

namespace rulecc::terraform {

std::optional<std::vector<FunctionCode>>
bundleFunctions(const ir::Application &app, DiagnosticEngine &diags) {
  std::vector<FunctionCode> out;
  bool ok = true;
  for (const ir::Rule *rule : app.allRules()) {
    if (rule->kind == ir::RuleKind::Body) {
      diags.report(rule->declRange, DiagID::BodyCodegenUnsupported, rule->name);
      ok = false;
      continue;
    }
    if (rule->kind != ir::RuleKind::Handler)
      continue;
    StringRef file = sys::path::filename(rule->handlerPath);
    Expected<std::string> zip =
        cfn::makeDeterministicZip({{file.str(), rule->handlerSource}});
    if (!zip) {
      diags.report(rule->declRange, DiagID::OutputWriteFailed,
                   rule->lambda->functionName + ".zip",
                   toString(zip.takeError()));
      ok = false;
      continue;
    }
    FunctionCode code;
    code.rule = rule;
    code.handler =
        (sys::path::stem(file) + "." + rule->lambda->handlerFunction).str();
    std::array<uint8_t, 32> digest = SHA256::hash(arrayRefFromStringRef(*zip));
    code.sha256Base64 = encodeBase64(digest);
    code.zipPath =
        rule->lambda->functionName + "/" + cfn::sha256Hex(*zip) + ".zip";
    code.zip = std::move(*zip);
    out.push_back(std::move(code));
  }
  if (!ok)
    return std::nullopt;
  return out;
}

} // namespace rulecc::terraform
