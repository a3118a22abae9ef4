//===- Import.h - CloudFormation templates to rule files ------------------===//
// `rulecc import TEMPLATE`: reads a template or conformance pack and writes
// the equivalent `.rules` application, keeping what it cannot say as comments.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_IMPORT_H
#define RULECC_IMPORT_IMPORT_H

#include "frontend/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>

namespace rulecc::import {

struct ImportOptions {
  /// Values of template parameters (`--parameter NAME=VALUE`), which win
  /// over their Defaults.
  std::map<std::string, std::string> parameters;
};

/// Reads the template at `path` (registered with the engine's SourceMgr so
/// diagnostics show its lines) and returns the `.rules` text. Returns
/// nothing after an error diagnostic (unreadable file, invalid YAML, not a
/// template); what cannot be expressed is a warning and a comment.
std::optional<std::string> importTemplate(llvm::StringRef path,
                                          const ImportOptions &opts,
                                          DiagnosticEngine &diags);

} // namespace rulecc::import

#endif // RULECC_IMPORT_IMPORT_H
